//! An unused `let` holding a view of a local (`let v = b.view();`, `b.t()`, or
//! `(a * 2.0).view().sum()`) does not compile: E0505, cannot move out of a value because it is
//! borrowed. The same views compile when they are used. Found by the random programs.
use adjoint::ndarray::{Array2, array};
use adjoint::prelude::*;

#[differentiable]
fn f(a: &Array2<f64>) -> f64 {
    let b = a * 2.0;
    let v = b.view();
    a.sum()
}

fn main() {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    assert_eq!(f_grad(&a), (10.0, Array2::ones((2, 2))));
}

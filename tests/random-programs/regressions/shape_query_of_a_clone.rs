//! A local bound to `a.clone()` (or `a.to_owned()`) and used only in a shape query does not
//! compile: E0382, borrow of moved value. Found by the random programs.
use adjoint::ndarray::{Array2, array};
use adjoint::prelude::*;

#[differentiable]
fn f(a: &Array2<f64>) -> f64 {
    let b = a.clone();
    let (rows, _cols) = b.dim();
    a.sum() * rows as f64
}

fn main() {
    let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    assert_eq!(f_grad(&a), (42.0, Array2::from_elem((2, 3), 2.0)));
}

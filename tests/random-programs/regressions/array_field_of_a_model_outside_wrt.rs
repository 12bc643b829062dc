//! An array field of a `&M` argument that `wrt` leaves out, used as an operand, does not
//! compile: E0507, cannot move out of `m.s` which is behind a shared reference. A float field
//! works. Found by the random programs.
use adjoint::ndarray::{Array1, array};
use adjoint::prelude::*;

#[derive(Params, Clone, Debug)]
pub struct M {
    pub s: Array1<f64>,
}

#[differentiable(wrt(x))]
fn f(x: &Array1<f64>, m: &M) -> f64 {
    (&m.s + x).sum()
}

fn main() {
    let m = M {
        s: array![1.0, 2.0],
    };
    assert_eq!(f_grad(&array![3.0, 4.0], &m), (10.0, array![1.0, 1.0]));
}

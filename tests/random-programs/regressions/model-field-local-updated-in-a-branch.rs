//! A local computed from a field of a model outside `wrt`, updated with a differentiated value
//! inside an `if` and read after it, does not compile: E0382, use of moved value `v` (the
//! branch's record moves it). Found by the random programs (seed 1, program 225).
use adjoint::ndarray::{Array1, array};
use adjoint::prelude::*;

#[derive(Params, Clone, Debug)]
pub struct M {
    pub b: Array1<f64>,
}

#[differentiable(wrt(x))]
pub fn f(m: &M, x: &Array1<f64>, flag: bool) -> f64 {
    let mut v = m.b.to_owned();
    if flag {
        v *= x;
    }
    x.dot(&v)
}

fn main() {
    let m = M {
        b: array![1.0, 2.0],
    };
    let x = array![3.0, 4.0];
    // x·(b ⊙ x): the gradient is 2 b ⊙ x; x·b: the gradient is b.
    assert_eq!(f_grad(&m, &x, true), (41.0, array![6.0, 16.0]));
    assert_eq!(f_grad(&m, &x, false), (11.0, array![1.0, 2.0]));
}

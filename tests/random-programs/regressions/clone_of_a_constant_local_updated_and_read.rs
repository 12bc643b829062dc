//! A local computed from a model outside `wrt`, cloned into a `let mut` that is updated with
//! one of its elements, and read again in a loss, does not compile since dacd975: E0382,
//! borrow of moved value `v2`. Dropping any one of the statements makes it compile. Found by
//! the random programs (seed 11, program 21).
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::prelude::*;

const K: f64 = 1.5;

#[derive(Params, Clone, Debug)]
pub struct M {
    pub b: Array1<f64>,
}

#[differentiable(wrt(x))]
pub fn f(x: &Array2<f64>, m: &M) -> f64 {
    let v2 = m.b.to_owned();
    let mut v4 = v2.clone();
    v4 -= &v2;
    v4 *= K * v2[0];
    mse(&(K + &v2), &m.b).sin() * x.sum()
}

fn main() {
    let m = M {
        b: array![1.0, 2.0],
    };
    let x = Array2::from_elem((2, 2), 0.5);
    let s = (K * K).sin();
    assert_eq!(f_grad(&x, &m), (s * 2.0, Array2::from_elem((2, 2), s)));
}

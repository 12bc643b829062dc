//! `m.s.view()`, a view of a field of a model that `wrt` leaves out, passed to a differentiable
//! function that takes an `ArrayView1`, does not compile since dacd975: E0700, the hidden type
//! of the generated `impl FnOnce(..)` captures a lifetime that does not appear in its bounds.
//! Without `wrt` it compiles. Found by the random programs (seed 2, program 1682).
use adjoint::ndarray::{Array1, ArrayView1, array};
use adjoint::prelude::*;

#[derive(Params, Clone, Debug)]
pub struct M {
    pub s: Array1<f64>,
}

#[differentiable]
fn h(x: &Array1<f64>, v: ArrayView1<'_, f64>) -> Array1<f64> {
    x * &v
}

#[differentiable(wrt(x))]
fn f(x: &Array1<f64>, m: &M) -> Array1<f64> {
    h(x, m.s.view())
}

fn main() {
    let m = M {
        s: array![2.0, 3.0],
    };
    let (value, dx) = f_vjp(&array![1.0, 1.0], &m, &array![1.0, -1.0]);
    assert_eq!((value, dx), (array![2.0, 3.0], array![2.0, -3.0]));
}

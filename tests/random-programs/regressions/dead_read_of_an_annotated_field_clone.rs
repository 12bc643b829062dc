//! An annotated local holding a clone of a model's field, read only in dead code
//! (`v1[v1.len() - 1].tan()`) by a function whose output is a constant, does not compile since
//! dacd975: E0425, cannot find value `v1` in this scope. Without the annotation, the `.tan()`,
//! or with `x * 2.0` in place of the field's clone, it compiles. Found by the random programs
//! (seed 2, program 1497 of the generator of 12c4f8f).
use adjoint::ndarray::{Array1, array};
use adjoint::prelude::*;

const K: f64 = 1.5;

#[derive(Params, Clone, Debug)]
pub struct M {
    pub b: Array1<f64>,
}

#[differentiable]
pub fn f(m: &M) -> f64 {
    let v1: Array1<f64> = m.b.clone();
    let v3 = v1[v1.len() - 1].tan();
    K
}

fn main() {
    let (value, gradient) = f_grad(&M {
        b: array![1.0, 2.0],
    });
    assert_eq!((value, gradient.b), (K, array![0.0, 0.0]));
}

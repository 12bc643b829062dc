//! Type aliases of floats and arrays in a signature: the macro cannot see through them, so a
//! float alias's `NAME_grad` is checked where it is used; array aliases, views among them,
//! differentiate as the arrays they name.
#![deny(warnings)]

use adjoint::ndarray::{Array1, Array2, ArrayView2, array};
use adjoint::prelude::*;

type Real = f64;
type Matrix = Array2<f64>;
type View<'a> = ArrayView2<'a, f64>;
type Vector = Array1<f64>;

#[differentiable]
fn scaled(scale: Real, x: Real) -> Real {
    scale * x * x
}

#[differentiable]
fn quadratic(a: &Matrix, x: View<'_>) -> Real {
    (a.dot(&x) * &x).sum()
}

#[differentiable]
fn row_sums(a: &Matrix) -> Vector {
    a.sum_axis(adjoint::ndarray::Axis(1))
}

fn main() {
    assert_eq!(scaled(2.0, 3.0), 18.0);
    assert_eq!(scaled_grad(2.0, 3.0), (18.0, (9.0, 12.0)));
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    let x = array![[1.0], [-1.0]];
    let (value, (da, dx)) = quadratic_grad(&a, x.view());
    assert_eq!(value, -1.0 + 1.0);
    assert_eq!(da.dim(), (2, 2));
    assert_eq!(dx.dim(), (2, 1));
    let (sums, da) = row_sums_vjp(&a, &array![1.0, 2.0]);
    assert_eq!(sums, array![3.0, 7.0]);
    assert_eq!(da, array![[1.0, 1.0], [2.0, 2.0]]);
}

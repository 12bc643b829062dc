//! `a.view().reversed_axes()` passed to a differentiable function that takes an `ArrayView2`
//! does not compile since dacd975: E0308, expected `&ArrayView2`, found `&Array2` (`a.t()` and
//! `a.view().reversed_axes().to_owned()` work). Found by the random programs (seed 0, program
//! 224).
use adjoint::check::check_vjp;
use adjoint::ndarray::{Array2, ArrayView2, array};
use adjoint::prelude::*;

#[differentiable]
fn g(x: ArrayView2<'_, f64>) -> Array2<f64> {
    x.to_owned() * 2.0
}

#[differentiable]
fn f(a: &Array2<f64>) -> Array2<f64> {
    g(a.view().reversed_axes())
}

fn main() {
    let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let c = array![[1.0, -1.0], [0.5, 2.0], [3.0, 0.0]];
    let (value, da) = f_vjp(&a, &c);
    assert_eq!(value, f(&a));
    assert_eq!(da, 2.0 * &c.t());
    check_vjp(f, &a, &c, &da).assert_ok();
}

//! `reversed_axes()` of an owned array that is not an argument: the expansion treats it like
//! `t()` of a view and does not compile (E0308 / E0505). Found by the random programs.
use adjoint::check::check_vjp;
use adjoint::ndarray::{Array2, array};
use adjoint::prelude::*;

#[differentiable]
fn f(a: &Array2<f64>) -> Array2<f64> {
    (a * 2.0).reversed_axes()
}

fn main() {
    let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let c = array![[1.0, -1.0], [0.5, 2.0], [3.0, 0.0]];
    let (value, da) = f_vjp(&a, &c);
    assert_eq!(value, f(&a));
    // f(a) = 2aᵀ, so the VJP with c is 2cᵀ.
    assert_eq!(da, 2.0 * &c.t());
    check_vjp(f, &a, &c, &da).assert_ok();
}

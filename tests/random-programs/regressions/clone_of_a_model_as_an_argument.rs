//! Passing `m.clone()` to a differentiable function that takes the model by value does not
//! compile: "the trait bound `M: AsOperand` is not satisfied" (`clone` is taken for the array
//! method). Passing `m` or `&m` works. Found by the random programs.
use adjoint::prelude::*;

#[derive(Params, Clone, Debug)]
pub struct M {
    pub w: f64,
}

#[differentiable]
fn g(m: M, x: f64) -> f64 {
    m.w * x
}

#[differentiable]
fn f(m: &M, x: f64) -> f64 {
    g(m.clone(), x)
}

fn main() {
    let (value, (dm, dx)) = f_grad(&M { w: 3.0 }, 2.0);
    assert_eq!((value, dm.w, dx), (6.0, 2.0, 3.0));
}

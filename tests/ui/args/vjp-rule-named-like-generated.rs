use adjoint::prelude::*;

#[differentiable(vjp = softplus_vjp)]
fn softplus(x: f64) -> f64 {
    x.exp().ln_1p()
}

fn main() {}

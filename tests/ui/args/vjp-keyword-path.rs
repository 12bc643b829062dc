use adjoint::prelude::*;

#[differentiable(vjp = try)]
fn softplus(x: f64) -> f64 {
    x.exp().ln_1p()
}

fn main() {}

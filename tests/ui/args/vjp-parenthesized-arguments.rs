use adjoint::prelude::*;

#[differentiable(vjp = Rule(f64) -> f64)]
fn softplus(x: f64) -> f64 {
    x.exp().ln_1p()
}

fn main() {}

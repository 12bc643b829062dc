use adjoint::prelude::*;

#[differentiable]
fn exponential<F: Float>(x: F) -> F {
    F::exp(x)
}

fn main() {}

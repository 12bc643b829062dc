use adjoint::prelude::*;

fn double(x: f64) -> f64 {
    2.0 * x
}

#[differentiable]
fn quadruple(x: f64) -> f64 {
    double(x) * 2.0
}

fn main() {}

use adjoint::prelude::*;

#[differentiable(vjp = square_rule, jvp = square_jvp)]
fn square(x: f64) -> f64 {
    x * x
}

fn square_rule(x: &f64, _out: &f64, g: &f64) -> f64 {
    2.0 * x * g
}

fn main() {}

use adjoint::prelude::*;

fn square_rule(x: &f64, _y: &f64, g: &f64) -> f64 {
    2.0 * x * g
}

#[differentiable(vjp = square_rule)]
fn square(x: f64) -> (f64, bool) {
    (x * x, x > 0.0)
}

fn main() {}

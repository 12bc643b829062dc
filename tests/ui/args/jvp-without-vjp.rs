use adjoint::prelude::*;

#[differentiable(jvp = square_jvp)]
fn square(x: f64) -> f64 {
    x * x
}

fn square_jvp(x: &f64, dx: f64) -> (f64, f64) {
    (x * x, 2.0 * x * dx)
}

fn main() {}

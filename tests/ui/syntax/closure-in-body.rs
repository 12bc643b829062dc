use adjoint::prelude::*;

#[differentiable]
fn square(x: f64) -> f64 {
    let f = |v: f64| v * v;
    f(x)
}

fn main() {}

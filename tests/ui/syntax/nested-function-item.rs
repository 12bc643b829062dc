use adjoint::prelude::*;

#[differentiable]
fn outer(x: f64) -> f64 {
    fn double(v: f64) -> f64 {
        2.0 * v
    }
    x * x
}

fn main() {}

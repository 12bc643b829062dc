use adjoint::prelude::*;

#[differentiable]
fn scaled(x: f64, mode: usize) -> f64 {
    match mode {
        0 => x,
        _ => 2.0 * x,
    }
}

fn main() {}

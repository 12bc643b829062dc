use adjoint::prelude::*;

#[differentiable]
fn with_steps(x: f64) -> (f64, usize) {
    let pair = (x * x, 3);
    pair
}

fn main() {}

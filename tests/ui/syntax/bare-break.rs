use adjoint::prelude::*;

#[differentiable]
fn halve(x: f64) -> f64 {
    let mut y = x;
    loop {
        y = y / 2.0;
        break;
    }
    y
}

fn main() {}

use adjoint::prelude::*;

#[differentiable]
fn halve(x: f64) -> f64 {
    let mut y = x;
    loop {
        let step = if y < 1.0 { break; } else { 0.5 };
        y = y * step;
    }
    y
}

fn main() {}

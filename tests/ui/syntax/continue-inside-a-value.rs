use adjoint::prelude::*;

#[differentiable]
fn odd_steps(x: f64, n: usize) -> f64 {
    let mut y = x;
    for i in 0..n {
        let factor = match i % 2 {
            0 => continue,
            _ => 2.0,
        };
        y = y.sin() * factor;
    }
    y
}

fn main() {}

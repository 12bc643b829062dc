use adjoint::prelude::*;

#[differentiable]
fn odd_steps(x: f64, n: usize) -> f64 {
    let mut y = x;
    for i in 0..n {
        if i % 2 == 0 {
            y = y * 2.0;
            continue;
        }
        y = y.sin();
    }
    y
}

fn main() {}

use adjoint::prelude::*;

#[differentiable]
fn grid(x: f64, n: usize) -> f64 {
    let mut y = x;
    'rows: for i in 0..n {
        for j in 0..n {
            let step = if i + j > n { break 'rows; } else { 0.5 };
            y = y * step;
        }
    }
    y
}

fn main() {}

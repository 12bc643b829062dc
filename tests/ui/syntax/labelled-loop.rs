use adjoint::prelude::*;

#[differentiable]
fn grid(x: f64, n: usize) -> f64 {
    let mut y = x;
    'rows: for i in 0..n {
        for j in 0..n {
            if i + j > n {
                break 'rows;
            }
            y = y * 0.5;
        }
    }
    y
}

fn main() {}

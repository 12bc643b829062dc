use adjoint::prelude::*;

#[differentiable]
fn scaled_by_all(x: f64, scales: &Vec<f64>) -> f64 {
    let mut y = x;
    let mut i = 0;
    while let Some(k) = scales.get(i) {
        y = y * *k;
        i += 1;
    }
    y
}

fn main() {}

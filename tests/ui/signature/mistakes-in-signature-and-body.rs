use adjoint::prelude::*;

#[differentiable]
fn scale(x: &mut f64, k: f64) -> f64 {
    println!("k = {k}");
    *x * k
}

fn main() {}

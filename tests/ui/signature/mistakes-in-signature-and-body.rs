use adjoint::prelude::*;

#[differentiable]
fn scale(x: &mut f64, k: f64) -> f64 {
    dbg!(k);
    *x * k
}

fn main() {}

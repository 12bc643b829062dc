use adjoint::prelude::*;

#[differentiable]
fn stepwise(x: f64) -> f64 {
    match x {
        v if v > 0.0 => v,
        _ => 0.0 * x,
    }
}

fn main() {}

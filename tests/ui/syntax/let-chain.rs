use adjoint::prelude::*;

#[differentiable(wrt(x))]
fn chained(x: f64, scale: Option<f64>, on: bool) -> f64 {
    if let Some(s) = scale
        && on
    {
        x * s
    } else {
        x
    }
}

fn main() {}

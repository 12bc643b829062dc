use adjoint::prelude::*;

#[differentiable]
fn first_small(x: f64) -> f64 {
    let mut y = x;
    let z = loop {
        y = y / 2.0;
        if y < 1.0 {
            break y;
        }
    };
    z
}

fn main() {}

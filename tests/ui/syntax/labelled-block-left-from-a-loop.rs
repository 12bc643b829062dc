use adjoint::prelude::*;

#[differentiable]
fn first_above(x: f64) -> f64 {
    let found = 'search: {
        for i in 0..10 {
            if x * (i as f64) > 3.0 {
                break 'search x * (i as f64);
            }
        }
        x
    };
    found * found
}

fn main() {}

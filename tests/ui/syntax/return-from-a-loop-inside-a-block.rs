use adjoint::prelude::*;

#[differentiable]
fn first_large(x: f64, n: usize, search: bool) -> f64 {
    let mut y = x;
    if search {
        for _ in 0..n {
            y = y * 2.0;
            if y > 10.0 {
                return y;
            }
        }
    }
    y
}

fn main() {}

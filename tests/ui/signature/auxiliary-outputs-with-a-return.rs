use adjoint::prelude::*;

#[differentiable]
fn grow(x: f64) -> (f64, u32) {
    let mut v = x;
    let mut n = 0_u32;
    while n < 10 {
        v = v * 1.5;
        n += 1;
        if v > 100.0 {
            return (v, n);
        }
    }
    (v.ln(), n)
}

fn main() {}

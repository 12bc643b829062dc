use adjoint::prelude::*;

#[differentiable]
fn messy(x: f64) -> f64 {
    dbg!(x);
    let f = |v: f64| v * 2.0;
    let y = unsafe { x * x };
    for _ in 0..2 {}
    if y > 1.0 { f(y) } else { x }
}

fn main() {}

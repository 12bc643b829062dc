use adjoint::prelude::*;

#[allow(unused_macros)]
macro_rules! log {
    ($($t:tt)*) => {
        eprintln!($($t)*)
    };
}

#[differentiable]
fn square(x: f64) -> f64 {
    log!("x = {x}");
    x * x
}

fn main() {}

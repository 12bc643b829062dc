//! Branches and loops expand to code that compiles warning-free and clippy-clean in a user crate.
#![deny(warnings)]

use adjoint::ndarray::{Array1, Array2};
use adjoint::prelude::*;

#[differentiable]
fn power(x: f64) -> f64 {
    let mut y = x;
    for _ in 0..3 {
        y = y * x;
    }
    y
}

#[differentiable]
fn relu_scalar(x: f64) -> f64 {
    if x > 0.0 { x } else { 0.0 * x }
}

#[differentiable]
fn scaled(x: f64, mode: usize) -> f64 {
    match mode {
        0 => x,
        _ => 2.0 * x,
    }
}

#[differentiable]
fn halve(x: f64) -> f64 {
    let mut y = x;
    while y > 1.0 {
        y = y / 2.0;
    }
    y
}

#[differentiable]
fn positive_part(x: f64) -> f64 {
    let positive = x > 0.0;
    let scale = f64::from(u8::from(positive));
    scale * x
}

#[differentiable(wrt(w))]
fn unrolled(w: &Array2<f32>, x: &Array1<f32>, steps: usize, leaky: bool) -> f32 {
    let mut h = x.to_owned();
    let mut i = 0;
    loop {
        let z = w.dot(&h);
        if i >= steps {
            break;
        }
        h = if leaky { leaky_relu(&z, 0.1) } else { relu(&z) };
        i += 1;
    }
    h.sum()
}

fn main() {
    let w = Array2::<f32>::eye(2);
    let x = Array1::from(vec![1.0_f32, -2.0]);
    let _ = (power_grad(2.0), relu_scalar_grad(1.0), scaled_grad(1.0, 1));
    let _ = (halve_grad(5.0), positive_part_grad(2.0), unrolled_grad(&w, &x, 3, true));
}

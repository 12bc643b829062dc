//! A function whose output is a type alias of an array has no gradient: asking for one is an
//! error where it is asked for, which points to `NAME_vjp`.
use adjoint::ndarray::Array1;
use adjoint::prelude::*;

type Vector = Array1<f64>;

#[differentiable]
fn double(x: &Vector) -> Vector {
    x * 2.0
}

fn main() {
    let x = Array1::ones(3);
    let _ = double_grad(&x);
}

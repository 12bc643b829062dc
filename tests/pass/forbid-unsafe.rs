//! A crate that forbids `unsafe` compiles every kind of expansion: the generated code contains
//! none (straight-line and structured bodies, `NAME_grad_into`, methods, calls, hand-written
//! rules, and `#[derive(Params)]`).
#![forbid(unsafe_code)]
#![deny(warnings)]

use adjoint::ndarray::{Array1, Array2};
use adjoint::prelude::*;

#[derive(Params, Clone)]
struct Layer {
    w: Array2<f64>,
    b: Array1<f64>,
    #[params(skip)]
    scale: f64,
}

impl Layer {
    #[differentiable(wrt(self))]
    fn apply(&self, x: &Array2<f64>) -> Array2<f64> {
        (x.dot(&self.w) + &self.b) * self.scale
    }

    #[differentiable(wrt(self))]
    fn loss(&self, x: &Array2<f64>) -> f64 {
        self.apply(x).tanh().sum()
    }
}

#[differentiable]
fn straight(x: &Array2<f64>, w: &Array2<f64>) -> f64 {
    relu(&x.dot(w)).sum()
}

#[differentiable]
fn structured(x: f64, n: usize) -> f64 {
    let mut y = x;
    for _ in 0..n {
        if y > 1.0 {
            y = y.sin();
        } else {
            y = y * x;
        }
    }
    y
}

#[differentiable(wrt(layers))]
fn model(layers: &Vec<Layer>, x: &Array2<f64>) -> f64 {
    let mut h = x.to_owned();
    for layer in layers {
        h = layer.apply(&h);
    }
    straight(&h, &layers[0].w) + structured(h.sum(), 2)
}

#[differentiable(vjp = cube_rule)]
fn cube(x: f64) -> f64 {
    x * x * x
}

fn cube_rule(x: &f64, _out: &f64, g: &f64) -> f64 {
    3.0 * x * x * g
}

fn main() {
    let layer = Layer {
        w: Array2::ones((2, 2)),
        b: Array1::zeros(2),
        scale: 0.5,
    };
    let x = Array2::ones((3, 2));
    let (_, g) = model_grad(&vec![layer.clone()], &x);
    let mut grads = g.clone();
    let mut workspace = adjoint::Workspace::new();
    let _ = model_grad_into(&vec![layer.clone()], &x, &mut grads, &mut workspace);
    let _ = straight_grad_into(&x, &layer.w, &mut (x.clone(), layer.w.clone()), &mut workspace);
    let _ = layer.loss_grad(&x);
    let _ = cube_grad(2.0);
    let _ = structured_vjp(1.5, 3, &1.0);
}

use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn power_tower(x: f64, n: usize) -> f64 {
    if n == 0 { x } else { power_tower(x * x, n - 1) }
}

#[derive(Params, Clone)]
pub struct Chain {
    pub w: Array1<f64>,
}

impl Chain {
    #[differentiable]
    pub fn depth(&self, x: f64, n: usize) -> f64 {
        if n == 0 { x * self.w.sum() } else { self.depth(x, n - 1) }
    }
}

fn main() {}

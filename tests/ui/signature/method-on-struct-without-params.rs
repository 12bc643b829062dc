use adjoint::prelude::*;

struct Model {
    scale: f64,
}

impl Model {
    #[differentiable]
    fn predict(&self, x: f64) -> f64 {
        x * x
    }
}

fn main() {}

use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[derive(Params, Clone)]
struct Model {
    w: Array1<f64>,
    b: f64,
}

impl Model {
    fn total(&self) -> f64 {
        self.w.sum() + self.b
    }

    #[differentiable]
    fn loss(&self, x: &Array1<f64>) -> f64 {
        self.total() * x.sum()
    }
}

fn main() {}

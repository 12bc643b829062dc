use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[derive(Params, Clone)]
struct Model {
    w: Array1<f64>,
}

impl Model {
    #[differentiable]
    fn loss(&mut self, x: &Array1<f64>) -> f64 {
        x.dot(&self.w)
    }
}

fn main() {}

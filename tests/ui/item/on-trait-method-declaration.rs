use adjoint::prelude::*;

trait Model {
    #[differentiable]
    fn predict(x: f64) -> f64;
}

fn main() {}

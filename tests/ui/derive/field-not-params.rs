use adjoint::ndarray::Array2;
use adjoint::prelude::*;

struct Activation;

#[derive(Params)]
struct Dense {
    w: Array2<f32>,
    activation: Activation,
}

fn main() {}

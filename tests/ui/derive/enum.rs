use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[derive(Params)]
enum Layer {
    Linear { w: Array1<f64> },
    Identity,
}

fn main() {}

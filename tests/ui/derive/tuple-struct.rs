use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[derive(Params)]
struct Weights(Array1<f64>, Array1<f64>);

fn main() {}

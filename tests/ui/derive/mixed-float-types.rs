use adjoint::ndarray::{Array1, Array2};
use adjoint::prelude::*;

#[derive(Params)]
struct Dense {
    w: Array2<f32>,
    b: Array1<f64>,
}

fn main() {}

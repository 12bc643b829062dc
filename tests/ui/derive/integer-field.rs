use adjoint::ndarray::Array2;
use adjoint::prelude::*;

#[derive(Params)]
struct Dense {
    w: Array2<f32>,
    width: usize,
}

fn main() {}

use adjoint::ndarray::Array2;
use adjoint::prelude::*;

#[derive(Params)]
struct Dense {
    w: Array2<f32>,
    #[params(frozen)]
    v: Array2<f32>,
}

fn main() {}

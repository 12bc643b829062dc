use adjoint::ndarray::Array1;
use adjoint::prelude::*;
use std::marker::PhantomData;

pub struct Model<F> {
    scale: PhantomData<F>,
}

#[differentiable(impl_generics(F))]
impl<F: Float> Model<F> {
    pub fn loss(&self, x: &Array1<F>) -> F {
        x.sum()
    }
}

fn main() {}

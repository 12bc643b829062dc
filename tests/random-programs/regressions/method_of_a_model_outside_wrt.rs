//! A differentiable `&self` method called on a model that `wrt` leaves out is rejected with
//! "the method `g` is not supported on a differentiated value" (by reference or by value).
//! Found by the random programs.
use adjoint::prelude::*;

#[derive(Params, Clone, Debug)]
pub struct M {
    pub w: f64,
}

impl M {
    #[differentiable]
    pub fn g(&self, x: f64) -> f64 {
        self.w * x
    }
}

#[differentiable(wrt(y))]
fn f(y: f64, m: &M) -> f64 {
    m.g(y)
}

fn main() {
    // f = w·y, ∂f/∂y = w.
    assert_eq!(f_grad(2.0, &M { w: 3.0 }), (6.0, 3.0));
}

//! `v -= x` on an array in column-major order (`reversed_axes`) keeps that order in the
//! function, so its `.sum()` adds in that order; `NAME_grad` makes a new array in row-major
//! order and sums in another order, so its value differs from the function's in the last bits
//! (found by the random programs, seed 14, program 504).

use adjoint::ndarray::{Array1, Array2};
use adjoint::prelude::*;

#[differentiable]
fn f(x2: &Array1<f64>, x3: &Array2<f64>, x5: &Array2<f64>) -> f64 {
    let mut v1 = (x2 * x3).reversed_axes();
    v1 -= x5;
    (&v1 * 0.119).sum()
}

fn main() {
    for s in 0..20_u64 {
        let r = |i: u64| ((i * 2_654_435_761 + s * 97) % 1000) as f64 / 1000.0 - 0.5;
        let x2 = Array1::from_shape_fn(4, |i| r(i as u64));
        let x3 = Array2::from_shape_fn((3, 4), |(i, j)| r(10 + (i * 4 + j) as u64));
        let x5 = Array2::from_shape_fn((4, 3), |(i, j)| r(50 + (i * 3 + j) as u64));
        assert_eq!(f_grad(&x2, &x3, &x5).0, f(&x2, &x3, &x5), "seed {s}");
    }
}

//! Branches and loops inside differentiable functions, checked against central differences.

use adjoint::check::{Checker, check_gradient};
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

#[differentiable]
fn newton_sqrt(a: f64) -> f64 {
    let mut x = a;
    let mut i = 0;
    while i < 20 {
        x = 0.5 * (x + a / x);
        i += 1;
    }
    x
}

#[test]
fn newton_sqrt_gradient_is_one_over_twice_the_root() {
    for a in [0.25, 2.0, 9.0, 100.0] {
        let (value, grad) = newton_sqrt_grad(a);
        assert!((value - f64::sqrt(a)).abs() < 1e-12);
        let exact = 1.0 / (2.0 * f64::sqrt(a));
        assert!((grad - exact).abs() < 1e-10, "{grad} vs {exact}");
    }
}

#[differentiable]
fn branchy(x: f64, y: f64) -> f64 {
    let z = if x > y { x * y } else { x.sin() + y };
    z * z
}

#[test]
fn branch_on_differentiated_scalars_both_sides() {
    for (x, y) in [(2.0, 0.5), (0.3, 1.5)] {
        let (_, grad) = branchy_grad(x, y);
        check_gradient(|p: &(f64, f64)| branchy(p.0, p.1), &(x, y), &grad).assert_ok();
    }
}

#[differentiable(wrt(w))]
fn accumulate(w: &Array1<f64>, x: &Array2<f64>, steps: usize) -> f64 {
    let mut total = 0.0;
    for i in 0..steps {
        let scale = (i as f64) + 1.0;
        total += (x.dot(w) * scale).tanh().sum();
    }
    total
}

#[test]
fn accumulator_loop_over_a_range() {
    let w = array![0.3, -0.2, 0.5];
    let x = array![[0.1, 0.2, 0.3], [-0.4, 0.5, 0.1]];
    let (value, grad) = accumulate_grad(&w, &x, 4);
    assert_eq!(value, accumulate(&w, &x, 4));
    check_gradient(|w: &Array1<f64>| accumulate(w, &x, 4), &w, &grad).assert_ok();
    let (_, zero) = accumulate_grad(&w, &x, 0);
    assert_eq!(zero, Array1::zeros(3));
}

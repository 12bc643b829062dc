//! `println!`, `assert!` and their kin inside differentiable functions: they run in the forward
//! pass on the values of the moment, and the derivative ignores them.

use adjoint::check::check_gradient;
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::prelude::*;

/// Every assertion reads the value its name has at that point, reassignments included.
#[differentiable]
fn squares_checked(x: f64) -> f64 {
    let mut y = x * 2.0;
    assert_eq!(y, x * 2.0);
    y = y * y;
    assert!((y - 4.0 * x * x).abs() <= 1e-12 * y.abs(), "y = {y}");
    println!("y = {y}, x = {}", x);
    debug_assert!(y >= 0.0);
    y.sin()
}

#[test]
fn assertions_read_the_current_values_and_the_gradient_ignores_them() {
    for x in [-1.5, 0.3, 2.0] {
        let (value, grad) = squares_checked_grad(x);
        let y = 4.0 * x * x;
        assert!((value - y.sin()).abs() < 1e-12);
        let exact = y.cos() * 8.0 * x;
        assert!((grad - exact).abs() < 1e-10, "{grad} vs {exact}");
    }
}

/// A failing assertion's message captures the value the name has there.
#[differentiable]
fn fails_with_the_current_value(x: f64) -> f64 {
    let mut y = x * 2.0;
    y = y * y;
    assert!(y < 0.0, "y = {y}");
    y
}

#[test]
#[should_panic(expected = "y = 36")]
fn a_failing_assertion_reports_the_current_value_in_the_gradient() {
    let _ = fails_with_the_current_value_grad(3.0);
}

/// Inside a loop and a branch, on arrays, with paths (`std::println!`) and named arguments.
#[differentiable]
fn loop_with_effects(w: &Array1<f64>, x: &Array2<f64>) -> f64 {
    let mut h = x.dot(w);
    assert_eq!(h.len(), x.nrows(), "one row each");
    let mut total = 0.0;
    for step in 0..3 {
        h = h.tanh();
        std::println!("step {step}: h[0] = {first:.3}", first = h[0]);
        if h.sum() > 100.0 {
            eprintln!("large: {}", h.sum());
        } else {
            debug_assert_ne!(h.len(), 0);
        }
        total += h.sum();
    }
    assert!(total.is_finite());
    total
}

#[test]
fn effects_in_loops_and_branches_leave_the_gradient_exact() {
    let w = array![0.3, -0.2, 0.5];
    let x = Array2::from_shape_fn((4, 3), |(i, j)| ((i * 3 + j) as f64 * 0.7).sin());
    let (_, (gw, _)) = loop_with_effects_grad(&w, &x);
    check_gradient(|w: &Array1<f64>| loop_with_effects(w, &x), &w, &gw).assert_ok();
}

/// f32 and a generic float.
#[differentiable]
fn generic_checked<F: Float>(x: F, y: F) -> F {
    let z = x * y;
    assert!(z == x * y);
    print!("{z:?} ");
    eprint!("{:?} ", z);
    z * z
}

#[test]
fn generic_functions_keep_their_effects() {
    let (value, (dx, dy)) = generic_checked_grad(2.0_f32, 3.0_f32);
    assert_eq!(value, 36.0);
    assert_eq!((dx, dy), (36.0, 24.0));
    let grads = generic_checked_vjp(2.0_f64, 3.0, &1.0).1;
    assert_eq!(grads, (36.0, 24.0));
}

/// The forward pass of a callee runs its assertions too.
#[derive(Params, Clone)]
struct Scale {
    s: Array1<f32>,
}

impl Scale {
    #[differentiable(wrt(self))]
    fn apply(&self, x: &Array1<f32>) -> f32 {
        assert_eq!(self.s.len(), x.len(), "scale and input lengths differ");
        (x * &self.s).sum()
    }
}

#[differentiable(wrt(m))]
fn calls_apply(m: &Scale, x: &Array1<f32>) -> f32 {
    let a = m.apply(x);
    a * a
}

#[test]
#[should_panic(expected = "scale and input lengths differ")]
fn a_callee_asserts_in_the_callers_gradient() {
    let m = Scale {
        s: array![1.0, 2.0],
    };
    let _ = calls_apply_grad(&m, &array![1.0, 2.0, 3.0]);
}

#[test]
fn a_callee_with_assertions_differentiates() {
    let m = Scale {
        s: array![1.0, 2.0],
    };
    let x: Array1<f32> = array![3.0, 4.0];
    let (value, grads) = calls_apply_grad(&m, &x);
    assert_eq!(value, 121.0);
    assert_eq!(grads.s, array![66.0, 88.0]);
}

/// A value without derivative may change through its methods: a stack made by `vec!`, filled
/// in one loop and emptied by `while let Some(..) = stack.pop()` in another.
#[differentiable]
fn horner(x: f64, steps: usize) -> f64 {
    let mut coefficients = vec![1.0];
    for k in 1..steps {
        coefficients.push(1.0 + k as f64 * 0.5);
    }
    let mut y = 0.0 * x;
    while let Some(c) = coefficients.pop() {
        y = y * x + c;
    }
    y
}

#[test]
fn a_constant_changed_by_its_methods_is_read_in_order() {
    // coefficients 1, 1.5, 2, 2.5 popped from the end: y = ((2.5x + 2)x + 1.5)x + 1
    for x in [-1.2, 0.4, 2.0] {
        let (value, grad) = horner_grad(x, 4);
        let exact = ((2.5 * x + 2.0) * x + 1.5) * x + 1.0;
        assert!((value - exact).abs() < 1e-12, "{value} vs {exact}");
        check_gradient(|x: &f64| horner(*x, 4), &x, &grad).assert_ok();
    }
}

/// A constant array read by a product, then changed by its method: the product's derivative
/// reads the array as it was when the product was taken.
#[differentiable]
fn weights_changed_after_use(x: &Array1<f64>) -> f64 {
    let mut w = Array1::ones(x.len());
    let first = (x * &w).sum();
    w.fill(2.0);
    first + (x * &w).sum()
}

#[test]
fn a_rule_reads_a_constant_as_it_was_when_its_operation_ran() {
    let x = array![1.0, 2.0, 3.0];
    let (value, grad) = weights_changed_after_use_grad(&x);
    assert_eq!(value, weights_changed_after_use(&x));
    assert_eq!(grad, array![3.0, 3.0, 3.0]);
}

//! Branches and loops inside differentiable functions, checked against central differences.

use adjoint::check::{Checker, check_gradient};
use adjoint::ndarray::{Array1, Array2, array, s};
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

/// Newton's iteration stopped when converged: a `while` loop with an early `break`.
#[differentiable]
fn newton_sqrt_until_converged<F: Float>(a: F) -> F {
    let mut x = a;
    let mut i = 0;
    while i < 50 {
        let next = F::from(0.5).unwrap() * (x + a / x);
        if (next - x).abs() < F::from(1e-12).unwrap() {
            break;
        }
        x = next;
        i += 1;
    }
    x
}

#[test]
fn while_loop_with_an_early_break() {
    for a in [0.25, 2.0, 9.0, 100.0] {
        let (value, grad) = newton_sqrt_until_converged_grad(a);
        assert!((value - f64::sqrt(a)).abs() < 1e-12);
        let exact = 1.0 / (2.0 * f64::sqrt(a));
        assert!((grad - exact).abs() < 1e-10, "{grad} vs {exact}");
        let (value, grad) = newton_sqrt_until_converged_grad(a as f32);
        assert!((value - f32::sqrt(a as f32)).abs() < 1e-5);
        assert!((f64::from(grad) - exact).abs() < 1e-4, "{grad} vs {exact}");
    }
}

/// The sum of squares up to the element that would pass a limit: the loop stops at a
/// data-dependent index, and what comes after the `break` runs one time fewer.
#[differentiable]
fn squares_below(x: &Array1<f64>, limit: f64) -> f64 {
    let mut total = 0.0;
    let mut i = 0;
    while i < x.len() {
        let next = total + x[i] * x[i];
        if next > limit {
            break;
        }
        total = next;
        i += 1
    }
    total * limit
}

#[test]
fn while_loop_stopping_at_a_data_dependent_index() {
    let x = array![1.0, -2.0, 3.0, 0.5];
    let (value, (dx, dlimit)) = squares_below_grad(&x, 6.0);
    assert_eq!(value, 30.0);
    assert_eq!(dx, array![12.0, -24.0, 0.0, 0.0]);
    assert_eq!(dlimit, 5.0);
    check_gradient(
        |(x, l): &(Array1<f64>, f64)| squares_below(x, *l),
        &(x.clone(), 6.0),
        &(dx, dlimit),
    )
    .assert_ok();
    // No early exit: every element counts.
    let (value, (dx, _)) = squares_below_grad(&x, 100.0);
    assert_eq!(value, 14.25 * 100.0);
    assert_eq!(dx, 200.0 * &x);
}

/// A product that starts from a literal and stops once it is large: the literal's type comes
/// from the arguments, as Rust infers it without the attribute.
#[differentiable]
fn product_until_large(x: &Array1<f64>) -> f64 {
    let mut prod = 1.0;
    for i in 0..x.len() {
        prod *= x[i];
        if prod.abs() > 10.0 {
            break;
        }
    }
    prod
}

/// The same in f32.
#[differentiable]
fn product_until_large_f32(x: &Array1<f32>) -> f32 {
    let mut prod = 1.0;
    for i in 0..x.len() {
        prod *= x[i];
        if prod.abs() > 10.0 {
            break;
        }
    }
    prod
}

#[test]
fn loop_carried_value_starting_from_a_literal() {
    // 1·2·3·4 passes 10: the loop stops before the 5.
    let x = array![1.0, 2.0, 3.0, 4.0, 5.0];
    let (value, dx) = product_until_large_grad(&x);
    assert_eq!(value, 24.0);
    assert_eq!(dx, array![24.0, 12.0, 8.0, 6.0, 0.0]);
    let (value, dx) = product_until_large_f32_grad(&x.mapv(|v| v as f32));
    assert_eq!(value, 24.0_f32);
    assert_eq!(dx, array![24.0_f32, 12.0, 8.0, 6.0, 0.0]);
    let x = array![0.5, -1.5, 2.0];
    check_gradient(product_until_large, &x, &product_until_large_grad(&x).1).assert_ok();
}

/// Every other step skipped with `continue`, and two ways out: a `for` loop whose body has
/// several exits.
#[differentiable]
fn odd_steps_until_small(x: f64, n: usize) -> f64 {
    let mut y = x;
    for i in 0..n {
        if i % 2 == 0 {
            continue;
        }
        y = y.sin() * 1.5;
        if y.abs() < 0.1 {
            break;
        }
        let z = y * y;
        if z > 100.0 {
            break;
        }
        y += 0.1 * z;
    }
    y
}

/// The same steps written by hand, to compare with.
fn odd_steps_by_hand(x: f64, n: usize) -> (f64, f64) {
    let (mut y, mut dy) = (x, 1.0);
    for i in 0..n {
        if i % 2 == 0 {
            continue;
        }
        (y, dy) = (y.sin() * 1.5, y.cos() * 1.5 * dy);
        if y.abs() < 0.1 {
            break;
        }
        let z = y * y;
        if z > 100.0 {
            break;
        }
        (y, dy) = (y + 0.1 * z, (1.0 + 0.2 * y) * dy);
    }
    (y, dy)
}

/// A `while` loop with a `continue` and two `break`s; f32 and f64.
#[differentiable]
fn damped<F: Float>(x: F, steps: usize) -> F {
    let mut y = x;
    let mut i = 0;
    while i < steps {
        i += 1;
        if i == 2 {
            continue;
        }
        y = y.tanh() * F::from(2.0).unwrap() + x;
        if i > 6 {
            break;
        }
        if y > F::from(50.0).unwrap() {
            break;
        }
        y *= F::from(0.9).unwrap();
    }
    y
}

#[test]
fn loops_with_several_exits() {
    for (x, n) in [(0.7, 9), (2.0, 5), (-1.3, 0), (0.05, 4), (1.1, 12)] {
        let (value, dx) = odd_steps_until_small_grad(x, n);
        let (expected, dexpected) = odd_steps_by_hand(x, n);
        assert_eq!(value, expected);
        assert!((dx - dexpected).abs() < 1e-12, "{dx} vs {dexpected}");
        check_gradient(|x: &f64| odd_steps_until_small(*x, n), &x, &dx).assert_ok();
    }
    for steps in [0, 1, 2, 3, 8, 20] {
        let x = 0.4;
        let (value, dx) = damped_grad(x, steps);
        assert_eq!(value, damped(x, steps));
        check_gradient(|x: &f64| damped(*x, steps), &x, &dx).assert_ok();
        let (value, dx32) = damped_grad(x as f32, steps);
        assert_eq!(value, damped(x as f32, steps));
        assert!(
            (f64::from(dx32) - dx).abs() < 1e-4 * dx.abs().max(1.0),
            "{dx32} vs {dx}"
        );
    }
}

/// `if let` on an argument that carries no derivative, as a value and as a statement.
#[differentiable(wrt(x))]
fn optionally_scaled(x: f64, scale: Option<f64>, shift: Option<f64>) -> f64 {
    let mut y = if let Some(k) = scale { x * k } else { x.sin() };
    if let Some(s) = shift {
        y += s * x * x;
    }
    y
}

#[test]
fn if_let_on_an_argument_without_derivative() {
    let x = 0.8;
    for (scale, shift) in [
        (Some(2.5), None),
        (None, Some(3.0)),
        (Some(-1.0), Some(0.5)),
        (None, None),
    ] {
        let (value, dx) = optionally_scaled_grad(x, scale, shift);
        assert_eq!(value, optionally_scaled(x, scale, shift));
        let exact = scale.unwrap_or_else(|| x.cos()) + 2.0 * x * shift.unwrap_or(0.0);
        assert!((dx - exact).abs() < 1e-14, "{dx} vs {exact}");
    }
}

/// Early returns from `if` blocks in the function's body, and a final `return`.
#[allow(clippy::needless_return)]
#[differentiable]
fn piecewise(x: f64, y: f64) -> f64 {
    let s = x * y;
    if s > 4.0 {
        let t = s.ln();
        return t * x;
    }
    if x < -1.0 {
        return y.exp();
    }
    let u = s.sin() + x;
    return u * u;
}

#[test]
fn early_returns_from_if_blocks() {
    let cases = [(2.0, 3.0), (-2.0, 0.5), (0.5, 0.25), (-0.5, 1.5)];
    for (x, y) in cases {
        let (value, grad) = piecewise_grad(x, y);
        assert_eq!(value, piecewise(x, y));
        check_gradient(|&(x, y): &(f64, f64)| piecewise(x, y), &(x, y), &grad).assert_ok();
    }
    // The first branch: d(x·ln(xy))/dx = ln(xy) + 1, d/dy = x/y.
    let (_, (dx, dy)) = piecewise_grad(2.0, 3.0);
    assert!((dx - (6.0_f64.ln() + 1.0)).abs() < 1e-14 && (dy - 2.0 / 3.0).abs() < 1e-14);
}

/// Labelled blocks left early with `break 'label value`, one inside a loop, one as a statement
/// that assigns before leaving; and arrays.
#[differentiable]
fn labelled_exits(x: &Array1<f64>, a: f64) -> f64 {
    let scale = 'scale: {
        let s = a * a;
        if s > 4.0 {
            break 'scale s.ln();
        }
        if a < -1.0 {
            let t = a.exp();
            break 'scale t * 2.0;
        }
        s + 1.0
    };
    let mut total = 0.0;
    for i in 0..x.len() {
        let term = 'term: {
            if x[i] > 0.5 {
                break 'term x[i] * scale;
            }
            x[i].sin() * a
        };
        total += term;
    }
    let mut h = x * scale;
    'shift: {
        if a > 1.5 {
            h = h.mapv(|v| v * a);
            break 'shift;
        }
        h = h.tanh();
    }
    total + h.sum()
}

#[test]
fn labelled_blocks_left_early() {
    let x = array![0.25, 0.75, -1.0];
    for a in [3.0, -2.5, 0.5, 1.8, -1.2] {
        let (value, grad) = labelled_exits_grad(&x, a);
        assert_eq!(value, labelled_exits(&x, a));
        check_gradient(
            |p: &(Array1<f64>, f64)| labelled_exits(&p.0, p.1),
            &(x.clone(), a),
            &grad,
        )
        .assert_ok();
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
    assert_eq!(zero, Array1::<f64>::zeros(3));
}

#[derive(Params, Clone)]
pub struct Deep {
    pub layers: Vec<Dense<f64>>,
    pub out: Dense<f64>,
}

#[differentiable(wrt(m))]
pub fn deep_loss(m: &Deep, x: &Array2<f64>, labels: &Array1<usize>, leaky: bool) -> f64 {
    let mut h = x.to_owned();
    for layer in &m.layers {
        let z = dense(layer, &h);
        h = if leaky {
            leaky_relu(&z, 0.01)
        } else {
            relu(&z)
        };
    }
    softmax_cross_entropy(&dense(&m.out, &h), labels)
}

fn deep(depth: usize, seed: u64) -> Deep {
    let mut rng = adjoint::init::rng(seed);
    let mut layers = Vec::new();
    let mut width = 3;
    for _ in 0..depth {
        layers.push(Dense::new(width, 5, &mut rng));
        width = 5;
    }
    Deep {
        layers,
        out: Dense::new(width, 3, &mut rng),
    }
}

#[test]
fn mlp_of_depth_1_3_and_12_from_the_same_code_with_a_flag_selected_activation() {
    let x = array![
        [0.5, -1.0, 0.25],
        [1.5, 0.3, -0.7],
        [-0.2, 0.8, 1.1],
        [0.9, -0.4, 0.6]
    ];
    let labels = array![0, 2, 1, 2];
    for depth in [1, 3, 12] {
        for leaky in [false, true] {
            let m = deep(depth, depth as u64);
            let (value, grad) = deep_loss_grad(&m, &x, &labels, leaky);
            assert_eq!(value, deep_loss(&m, &x, &labels, leaky));
            assert_eq!(grad.layers.len(), depth);
            Checker::new()
                .check_gradient(|m: &Deep| deep_loss(m, &x, &labels, leaky), &m, &grad)
                .assert_ok();
        }
    }
}

/// An RNN-style loop: the same weights at every time step, so their gradient sums over steps.
// A `Vec` of time steps, as a user's data loader gives them.
#[allow(clippy::ptr_arg)]
#[differentiable(wrt(w, u))]
fn rnn(w: &Array2<f64>, u: &Array2<f64>, xs: &Vec<Array1<f64>>) -> f64 {
    let mut h = Array1::zeros(w.nrows());
    let mut t = 0;
    while t < xs.len() {
        h = (w.dot(&h) + u.dot(&xs[t])).tanh();
        t += 1;
    }
    h.sum()
}

#[test]
fn rnn_loop_with_shared_weights_accumulates_across_iterations() {
    let w = array![[0.5, -0.3], [0.2, 0.4]];
    let u = array![[0.1, 0.7, -0.2], [-0.6, 0.3, 0.5]];
    let xs = vec![
        array![1.0, 0.5, -0.5],
        array![0.2, -0.1, 0.3],
        array![0.7, 0.7, 0.1],
        array![-1.0, 0.2, 0.4],
    ];
    let (_, (dw, du)) = rnn_grad(&w, &u, &xs);
    check_gradient(|w: &Array2<f64>| rnn(w, &u, &xs), &w, &dw).assert_ok();
    check_gradient(|u: &Array2<f64>| rnn(&w, u, &xs), &u, &du).assert_ok();
}

#[differentiable]
fn nested(x: f64, n: usize) -> f64 {
    let mut acc = x;
    for i in 0..n {
        let mut inner = acc;
        for j in 0..i {
            if j % 2 == 0 {
                inner = inner * 0.9 + (j as f64) * x.sin();
            } else {
                inner = (inner * x).tanh();
            }
        }
        acc += inner * 0.5;
    }
    acc
}

#[test]
fn nested_loops_with_a_branch_inside() {
    for x in [0.3, -0.8, 1.7] {
        let (value, grad) = nested_grad(x, 5);
        assert_eq!(value, nested(x, 5));
        check_gradient(|x: &f64| nested(*x, 5), &x, &grad).assert_ok();
    }
}

#[derive(Clone, Copy)]
pub enum Activation {
    Tanh,
    Sigmoid,
    Scaled(f64),
}

#[differentiable(wrt(x))]
fn activate(x: &Array1<f64>, activation: Activation) -> f64 {
    let y = match activation {
        Activation::Tanh => x.tanh(),
        Activation::Sigmoid => sigmoid(x),
        Activation::Scaled(k) if k > 0.0 => x * k,
        Activation::Scaled(_) => x.exp(),
    };
    (y * x).sum()
}

#[test]
fn match_on_an_enum_argument() {
    let x = array![0.2, -0.4, 1.1];
    for activation in [
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Scaled(2.5),
        Activation::Scaled(-1.0),
    ] {
        let (_, grad) = activate_grad(&x, activation);
        check_gradient(|x: &Array1<f64>| activate(x, activation), &x, &grad).assert_ok();
    }
}

/// `loop` with `if c { break; }` in the middle of the body: the last iteration stops half-way.
#[differentiable]
fn halving(x: f64) -> f64 {
    let mut y = x;
    let mut steps = 0;
    loop {
        y = y.sin() * 1.5;
        steps += 1;
        if steps >= 4 {
            break;
        }
        y = y * y + 0.1;
    }
    y
}

#[test]
fn loop_with_a_break_in_the_middle() {
    for x in [0.4, 1.3] {
        let (value, grad) = halving_grad(x);
        assert_eq!(value, halving(x));
        check_gradient(|x: &f64| halving(*x), &x, &grad).assert_ok();
    }
}

#[differentiable(wrt(m))]
fn indexed(m: &Deep, x: &Array2<f64>) -> f64 {
    let mut h = x.to_owned();
    for i in (0..m.layers.len()).rev() {
        if i < 2 {
            h = dense(&m.layers[i], &h).tanh();
        }
    }
    h.sum()
}

#[test]
fn vec_of_layers_indexed_by_the_loop_index_reversed() {
    let mut m = deep(3, 7);
    // Square layers, so that any order composes.
    let mut rng = adjoint::init::rng(9);
    m.layers = (0..3).map(|_| Dense::new(3, 3, &mut rng)).collect();
    let x = array![[0.5, -1.0, 0.25], [1.5, 0.3, -0.7]];
    let (_, grad) = indexed_grad(&m, &x);
    assert!(grad.layers[2].w.iter().all(|&g| g == 0.0));
    Checker::new()
        .check_gradient(|m: &Deep| indexed(m, &x), &m, &grad)
        .assert_ok();
}

#[test]
fn f32_loop_agrees_with_f64() {
    let w = array![[0.5, -0.3], [0.2, 0.4]];
    let u = array![[0.1, 0.7, -0.2], [-0.6, 0.3, 0.5]];
    let xs = vec![array![1.0, 0.5, -0.5], array![0.2, -0.1, 0.3]];
    let xs32: Vec<Array1<f32>> = xs.iter().map(|x| x.mapv(|v| v as f32)).collect();
    let (v64, (dw64, _)) = rnn_grad(&w, &u, &xs);
    let (v32, (dw32, _)) = rnn32_grad(&w.mapv(|v| v as f32), &u.mapv(|v| v as f32), &xs32);
    assert!((f64::from(v32) - v64).abs() < 1e-5);
    for (a, b) in dw32.iter().zip(dw64.iter()) {
        assert!((f64::from(*a) - b).abs() < 1e-5);
    }
}

#[allow(clippy::ptr_arg)]
#[differentiable(wrt(w, u))]
fn rnn32(w: &Array2<f32>, u: &Array2<f32>, xs: &Vec<Array1<f32>>) -> f32 {
    let mut h = Array1::zeros(w.nrows());
    for x in xs {
        h = (w.dot(&h) + u.dot(x)).tanh();
    }
    h.sum()
}

/// A loop over the rows of a differentiated array: each row's adjoint is added in place.
#[differentiable]
fn row_loop(xs: &Array2<f64>, w: &Array1<f64>) -> f64 {
    let mut h = 0.0;
    for t in 0..xs.nrows() {
        let x = xs.row(t);
        h = (h + x.dot(w)).tanh() + xs.column(t % 2).sum() * 0.1;
    }
    h
}

#[test]
fn loop_over_rows_and_columns_of_a_differentiated_array() {
    let xs = array![[0.5, -1.0], [0.3, 0.8], [-0.6, 0.2], [1.1, -0.4]];
    let w = array![0.7, -0.3];
    let (value, (dxs, dw)) = row_loop_grad(&xs, &w);
    assert_eq!(value, row_loop(&xs, &w));
    check_gradient(|xs: &Array2<f64>| row_loop(xs, &w), &xs, &dxs).assert_ok();
    check_gradient(|w: &Array1<f64>| row_loop(&xs, w), &w, &dw).assert_ok();
    let (_, (vjp_xs, _)) = row_loop_vjp(&xs, &w, &2.0);
    assert_eq!(vjp_xs, &dxs * 2.0);
}

/// A branch whose arms are views of an argument.
#[differentiable]
fn chosen_view(a: &Array2<f64>, by_row: bool) -> f64 {
    let r = if by_row { a.row(0) } else { a.column(1) };
    (r.exp() * 2.0).sum()
}

#[differentiable]
fn calls_chosen_view(a: &Array2<f64>) -> f64 {
    chosen_view(a, true) + chosen_view(a, false)
}

#[test]
fn branch_between_views_of_an_argument() {
    let a = array![[0.5, -1.0], [0.3, 0.8]];
    for by_row in [true, false] {
        let (_, grad) = chosen_view_grad(&a, by_row);
        check_gradient(|a: &Array2<f64>| chosen_view(a, by_row), &a, &grad).assert_ok();
    }
    let (_, grad) = calls_chosen_view_grad(&a);
    check_gradient(calls_chosen_view, &a, &grad).assert_ok();
}

#[derive(Params, Clone)]
pub struct Tower {
    pub layers: Vec<Dense<f64>>,
}

impl Tower {
    #[differentiable]
    pub fn forward(&self, x: &Array2<f64>) -> Array2<f64> {
        let mut h = x.to_owned();
        for (i, layer) in self.layers.iter().enumerate() {
            h = if i % 2 == 0 {
                dense(layer, &h).tanh()
            } else {
                sigmoid(&dense(layer, &h))
            };
        }
        h
    }

    #[differentiable(wrt(self))]
    pub fn loss(&self, x: &Array2<f64>) -> f64 {
        let y = self.forward(x);
        (&y * &y).sum()
    }
}

#[test]
fn methods_with_loops_and_calls_between_them() {
    let mut rng = adjoint::init::rng(5);
    let tower = Tower {
        layers: (0..4).map(|_| Dense::new(3, 3, &mut rng)).collect(),
    };
    let x = array![[0.5, -1.0, 0.25], [1.5, 0.3, -0.7]];
    let (_, grad) = tower.loss_grad(&x);
    Checker::new()
        .check_gradient(|t: &Tower| t.loss(&x), &tower, &grad)
        .assert_ok();
}

/// A match arm's binding read inside macros (`array![..]`, `s![..]`) of constant values.
#[differentiable]
fn arm_binding_in_macros(x: &Array1<f64>, n: usize) -> f64 {
    match n % 3 {
        0 => x.sum(),
        k => {
            let weights = array![1.0, (k as f64)];
            (x.slice(s![..k + 1]).to_owned() * &weights).sum() * (x[k] * x[k])
        }
    }
}

#[test]
fn match_bindings_inside_constant_macros() {
    let x = array![0.5, -1.5, 2.0];
    for n in [0, 1, 4] {
        let (value, grad) = arm_binding_in_macros_grad(&x, n);
        assert_eq!(value, arm_binding_in_macros(&x, n));
        check_gradient(|x| arm_binding_in_macros(x, n), &x, &grad).assert_ok();
    }
}

#[derive(Params, Clone, Debug)]
struct Scales {
    s: Array1<f64>,
}

/// A view of an argument that is not differentiated, read by a loop and by the backward pass
/// after it: the pullback makes the view again instead of keeping a borrow.
#[differentiable(wrt(x))]
fn scaled_after_loop(x: &Array1<f64>, m: &Scales) -> f64 {
    let s = m.s.view();
    let mut i = 0;
    let mut total = 0.0;
    while i < s.len() {
        if s[i] > 10.0 {
            break;
        }
        total += s[i];
        i += 1;
    }
    (&s * &x.exp()).sum() * total
}

#[differentiable(wrt(x))]
fn calls_scaled_after_loop(x: &Array1<f64>, m: &Scales) -> f64 {
    scaled_after_loop(x, m) * 2.0
}

#[test]
fn views_of_constant_arguments_read_after_a_loop() {
    let x = array![0.1, -0.4, 0.3];
    let m = Scales {
        s: array![0.5, 2.0, -1.0],
    };
    let (value, grad) = calls_scaled_after_loop_grad(&x, &m);
    assert_eq!(value, calls_scaled_after_loop(&x, &m));
    check_gradient(|x| calls_scaled_after_loop(x, &m), &x, &grad).assert_ok();
}

/// `continue` after other statements of an `if`, and `break` in an `if` nested in another.
#[differentiable]
fn exits_nested_in_ifs(x: &Array1<f64>, limit: f64) -> f64 {
    let mut total = 0.0;
    let mut i = 0;
    while i < x.len() {
        let v = x[i];
        i += 1;
        if v < 0.0 {
            total -= 0.5 * v;
            continue;
        }
        if v > 1.0 {
            if total > limit {
                total *= 0.5;
                break;
            }
            total += v.sqrt();
        } else {
            total += v * v;
        }
        total *= 1.1;
    }
    total
}

/// Exits as `match` arms, one behind a guard.
#[differentiable]
fn exits_in_match_arms(x: &Array1<f64>, stops: usize) -> f64 {
    let mut acc = 1.0;
    for k in 0..x.len() {
        match k % 3 {
            0 => acc *= x[k],
            1 if k >= stops => break,
            1 => continue,
            _ => {
                acc += x[k].sin();
            }
        }
        acc += 0.1 * x[k];
    }
    acc
}

/// A `break` after other statements of the `if` that ends a `loop`.
#[differentiable]
fn break_after_statements<F: Float>(x: F) -> F {
    let mut y = x;
    loop {
        y = y * F::from(0.5).unwrap() + F::one();
        if y < F::from(2.5).unwrap() {
            y *= y;
            break;
        }
    }
    y
}

#[test]
fn exits_nested_in_ifs_and_matches() {
    let x = array![0.5, -1.5, 2.0, 3.0, 0.25, -0.3, 4.0];
    for limit in [0.5, 2.0, 100.0] {
        let (value, (grad, _)) = exits_nested_in_ifs_grad(&x, limit);
        assert_eq!(value, exits_nested_in_ifs(&x, limit));
        check_gradient(|x| exits_nested_in_ifs(x, limit), &x, &grad).assert_ok();
    }
    for stops in [0, 2, 5, 10] {
        let (value, grad) = exits_in_match_arms_grad(&x, stops);
        assert_eq!(value, exits_in_match_arms(&x, stops));
        check_gradient(|x| exits_in_match_arms(x, stops), &x, &grad).assert_ok();
    }
    // Starting points whose iterations stay away from the jump at 2.5.
    for x0 in [1.0, 3.3, 11.0] {
        let (_, grad) = break_after_statements_grad(x0);
        check_gradient(|x: &f64| break_after_statements(*x), &x0, &grad).assert_ok();
        let (_, grad) = break_after_statements_grad(x0 as f32);
        let numeric =
            (break_after_statements(x0 + 1e-6) - break_after_statements(x0 - 1e-6)) / 2e-6;
        assert!((f64::from(grad) - numeric).abs() < 1e-4 * numeric.abs().max(1.0));
    }
}

#[test]
fn exits_nested_in_ifs_in_forward_mode_and_second_order() {
    let x = array![0.5, -1.5, 2.0, 3.0, 0.25, -0.3, 4.0];
    let dx = array![0.3, -0.2, 0.1, 0.4, -0.5, 0.6, 0.7];
    for limit in [0.5, 100.0] {
        let (value, (grad, _)) = exits_nested_in_ifs_grad(&x, limit);
        let (jvp_value, slope) = exits_nested_in_ifs_jvp(&x, limit, &dx, 0.0);
        assert_eq!(jvp_value, value);
        assert!((slope - grad.dot(&dx)).abs() < 1e-12);
        // The Hessian-vector product against central differences of the gradient.
        let (_, _, (hv, _)) = exits_nested_in_ifs_hvp(&x, limit, &dx, 0.0);
        let h = 1e-6;
        let plus = exits_nested_in_ifs_grad(&(&x + &(&dx * h)), limit).1.0;
        let minus = exits_nested_in_ifs_grad(&(&x - &(&dx * h)), limit).1.0;
        let numeric = (plus - minus) / (2.0 * h);
        for (a, b) in hv.iter().zip(&numeric) {
            assert!((a - b).abs() < 1e-6, "{hv} against {numeric}");
        }
    }
}

/// `continue 'rows` and `break 'rows` from a `while` loop inside the labelled loop.
#[differentiable]
fn labelled_rows(x: &Array2<f64>, limit: f64) -> f64 {
    let mut total = 0.0;
    'rows: for i in 0..x.nrows() {
        let mut j = 0;
        while j < x.ncols() {
            let v = x[[i, j]];
            j += 1;
            if v < -1.0 {
                continue 'rows;
            }
            total += v * v;
            if total > limit {
                break 'rows;
            }
        }
        total *= 0.9;
    }
    total
}

/// `break 'outer` from two loops deep.
#[differentiable]
fn labelled_two_deep(x: &Array2<f64>) -> f64 {
    let mut acc = 0.0;
    'outer: loop {
        for i in 0..x.nrows() {
            for j in 0..x.ncols() {
                acc += x[[i, j]].sin();
                if acc > 2.0 {
                    break 'outer;
                }
            }
        }
        acc += 0.5;
    }
    acc
}

#[test]
fn labelled_exits_of_nested_loops() {
    let x = array![[0.5, -1.5, 2.0], [0.25, 0.1, -0.3], [1.2, 0.8, 0.4]];
    for limit in [0.5, 2.0, 100.0] {
        let (value, (grad, _)) = labelled_rows_grad(&x, limit);
        assert_eq!(value, labelled_rows(&x, limit));
        check_gradient(|x| labelled_rows(x, limit), &x, &grad).assert_ok();
    }
    let (value, grad) = labelled_two_deep_grad(&x);
    assert_eq!(value, labelled_two_deep(&x));
    check_gradient(labelled_two_deep, &x, &grad).assert_ok();
    let dx = array![[0.3, -0.2, 0.1], [0.4, -0.5, 0.6], [0.7, 0.2, -0.1]];
    let (_, slope) = labelled_two_deep_jvp(&x, &dx);
    assert!((slope - (&grad * &dx).sum()).abs() < 1e-12);
}

/// A `return` from a `for` loop once converged.
#[differentiable]
fn sqrt_returning_when_converged(a: f64) -> f64 {
    let mut x = a;
    for _ in 0..50 {
        let next = 0.5 * (x + a / x);
        if (next - x).abs() < 1e-12 {
            return next;
        }
        x = next;
    }
    x
}

/// A `return` from a loop inside the loop, generic over the float type.
#[differentiable]
fn returning_from_inner_loop<F: Float>(x: &Array1<F>, limit: F) -> F {
    let mut total = F::zero();
    for i in 0..x.len() {
        for j in 0..i {
            if x[i] * x[j] > limit {
                return total * x[i];
            }
        }
        total += x[i].sin();
    }
    total
}

/// A `return` of an array as a `match` arm behind a guard, in a `while` loop.
#[differentiable]
fn array_returned_from_match_arm(x: &Array1<f64>, n: usize) -> Array1<f64> {
    let mut y = x.clone();
    let mut i = 0;
    while i < 10 {
        y = &y * 1.5;
        match i {
            k if k == n => return y.tanh(),
            _ => {}
        }
        i += 1;
    }
    y
}

#[test]
fn returns_from_loops() {
    for a in [2.0, 9.0] {
        let (root, slope) = sqrt_returning_when_converged_grad(a);
        assert!((root - a.sqrt()).abs() < 1e-12);
        assert!((slope - 0.5 / a.sqrt()).abs() < 1e-9);
    }
    let x = array![0.5, 1.5, -2.0, 3.0];
    for limit in [0.5, 2.0, 100.0] {
        let (value, (grad, _)) = returning_from_inner_loop_grad(&x, limit);
        assert_eq!(value, returning_from_inner_loop(&x, limit));
        check_gradient(|x| returning_from_inner_loop(x, limit), &x, &grad).assert_ok();
        let x32 = x.mapv(|v| v as f32);
        let (value, _) = returning_from_inner_loop_grad(&x32, limit as f32);
        assert_eq!(value, returning_from_inner_loop(&x32, limit as f32));
    }
    let cotangent = array![1.0, -0.5, 0.25, 2.0];
    for n in [0, 3, 20] {
        let (value, grad) = array_returned_from_match_arm_vjp(&x, n, &cotangent);
        assert_eq!(value, array_returned_from_match_arm(&x, n));
        let f = |x: &Array1<f64>| (array_returned_from_match_arm(x, n) * &cotangent).sum();
        check_gradient(f, &x, &grad).assert_ok();
    }
}

/// A struct of constants built in the body and passed to a call.
#[differentiable]
fn with_constant_scales(x: &Array1<f64>) -> f64 {
    let m = Scales {
        s: array![0.5, 2.0, -1.0],
    };
    scaled_after_loop(x, &m) * 2.0
}

#[test]
fn a_struct_of_constants_built_in_the_body() {
    let x = array![0.1, -0.4, 0.3];
    let (value, grad) = with_constant_scales_grad(&x);
    assert_eq!(value, with_constant_scales(&x));
    check_gradient(with_constant_scales, &x, &grad).assert_ok();
}

/// `else if let` on arguments that carry no derivative.
#[differentiable(wrt(x))]
fn options_chained(x: f64, scale: Option<f64>, shift: Option<f64>) -> f64 {
    if x > 10.0 {
        x
    } else if let Some(s) = scale {
        x * s + x.sin()
    } else if let Some(t) = shift {
        (x + t).powi(3)
    } else {
        x * x
    }
}

#[test]
fn else_if_let_on_values_without_derivative() {
    for (scale, shift) in [(Some(3.0), None), (None, Some(0.5)), (None, None)] {
        for x in [0.7, 2.0, 12.0] {
            let (value, grad) = options_chained_grad(x, scale, shift);
            assert_eq!(value, options_chained(x, scale, shift));
            let report = check_gradient(|x: &f64| options_chained(*x, scale, shift), &x, &grad);
            assert!(report.is_ok(), "{report}");
        }
    }
}

/// `while let` on a lookup that carries no derivative, with a counter updated in the body.
#[differentiable(wrt(x))]
fn walk_the_limits(x: f64, limits: &[usize]) -> f64 {
    let mut i = 0;
    let mut v = x;
    while let Some(&n) = limits.get(i) {
        if n == 0 {
            i += 1;
            continue;
        }
        v = v * (n as f64).sqrt() + v.sin();
        i += 1;
    }
    v
}

#[test]
fn while_let_on_values_without_derivative() {
    for limits in [&[1, 4, 0, 9][..], &[][..], &[2][..]] {
        let (value, grad) = walk_the_limits_grad(2.0, limits);
        assert_eq!(value, walk_the_limits(2.0, limits));
        let report = check_gradient(|x: &f64| walk_the_limits(*x, limits), &2.0, &grad);
        assert!(report.is_ok(), "{report}");
        let (_, tangent) = walk_the_limits_jvp(2.0, limits, 1.0);
        assert!((tangent - grad).abs() <= 1e-12 * grad.abs().max(1.0));
    }
}

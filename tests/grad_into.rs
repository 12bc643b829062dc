//! `NAME_grad_into(args…, &mut grads, &mut workspace)`: the gradient *added into* the caller's
//! gradients, arrays taken from and given back to a workspace. Checked three ways: it adds
//! exactly what `NAME_grad` returns (into zeros, into a previous gradient, across batch sizes),
//! the sum agrees with central differences, and after the first call it makes no heap allocation
//! of its own (a counting global allocator; the GEMM's packing buffers counted apart).

use adjoint::Workspace;
use adjoint::check::{Checker, check_gradient};
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

// ---------------------------------------------------------------------------------------------
// A counting allocator, per thread so that tests running beside each other do not count
// ---------------------------------------------------------------------------------------------

#[path = "../runtime/tests/support/counting_allocator.rs"]
mod counting_allocator;
use counting_allocator::allocations;

// ---------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------

#[derive(Params, Clone, Debug, PartialEq)]
struct Mlp<F: Float> {
    hidden: Dense<F>,
    out: Dense<F>,
}

/// The benchmarks' composed model: runtime layers.
#[differentiable(wrt(m))]
fn mlp_loss<F: Float>(m: &Mlp<F>, x: &Array2<F>, labels: &Array1<usize>) -> F {
    let h = relu(&dense(&m.hidden, x));
    softmax_cross_entropy(&dense(&m.out, &h), labels)
}

/// The same model as one function: products, broadcast bias, activations.
#[differentiable(wrt(m))]
fn mlp_inline_loss<F: Float>(m: &Mlp<F>, x: &Array2<F>, labels: &Array1<usize>) -> F {
    let h = (x.dot(&m.hidden.w) + &m.hidden.b).tanh();
    let logits = h.dot(&m.out.w) + &m.out.b;
    softmax_cross_entropy(&logits, labels)
}

/// Two differentiated arguments, element-wise work, a scalar.
#[differentiable(wrt(w, b))]
fn logistic(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>, b: f64) -> f64 {
    let p = sigmoid(&(x.dot(w) + b));
    let losses = -(y * p.ln() + (1.0 - y) * (1.0 - p).ln());
    mean(&losses)
}

#[differentiable]
fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

/// A loop over layers: a function with control flow.
#[differentiable(wrt(layers))]
fn deep_loss(layers: &Vec<Dense<f64>>, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
    let mut h = x.clone();
    for layer in layers {
        h = relu(&dense(layer, &h));
    }
    softmax_cross_entropy(&h, labels)
}

/// A layer written as a differentiable function and called twice: a user's callee.
#[differentiable(wrt(layer, x))]
fn block(layer: &Dense<f64>, x: &Array2<f64>) -> f64 {
    let h = sigmoid(&dense(layer, x));
    (&h * &h).sum()
}

#[differentiable(wrt(m))]
fn two_blocks(m: &Mlp<f64>, x: &Array2<f64>) -> f64 {
    let a = block(&m.hidden, x);
    a * block(&m.hidden, x) + (&m.out.w * &m.out.w).sum()
}

/// A layer written by the user, as in the README: its pullback's arrays come from the
/// workspace and go back to it too.
#[differentiable]
fn layer(x: &Array2<f32>, w: &Array2<f32>, b: &Array1<f32>) -> Array2<f32> {
    x.dot(w) + b
}

#[differentiable(wrt(m))]
fn composed_loss(m: &Mlp<f32>, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let h = relu(&layer(x, &m.hidden.w, &m.hidden.b));
    softmax_cross_entropy(&layer(&h, &m.out.w, &m.out.b), labels)
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

fn mlp<F: Float>(inputs: usize, hidden: usize, classes: usize, seed: u64) -> Mlp<F> {
    let mut rng = adjoint::init::rng(seed);
    let hidden = Dense::new(inputs, hidden, &mut rng);
    let mut out = Dense::new(hidden.fan_out(), classes, &mut rng);
    out.b = adjoint::init::normal(classes, 0.1, &mut rng);
    Mlp { hidden, out }
}

fn batch<F: Float>(
    rows: usize,
    cols: usize,
    classes: usize,
    seed: u64,
) -> (Array2<F>, Array1<usize>) {
    let mut rng = adjoint::init::rng(seed);
    let x = adjoint::init::normal((rows, cols), 1.0, &mut rng);
    let labels = Array1::from_shape_fn(rows, |i| (i * 7 + seed as usize) % classes);
    (x, labels)
}

// ---------------------------------------------------------------------------------------------
// It adds what NAME_grad returns
// ---------------------------------------------------------------------------------------------

#[test]
fn into_zeros_is_the_gradient_and_a_second_call_adds_it_again() {
    let m = mlp::<f32>(4, 16, 3, 0);
    let (x, labels) = batch::<f32>(150, 4, 3, 1);
    let (loss, grad) = mlp_loss_grad(&m, &x, &labels);
    let mut ws = Workspace::new();
    let mut grads = m.zeros_like();
    assert_eq!(
        mlp_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws),
        loss
    );
    assert_eq!(grads, grad);
    assert_eq!(
        mlp_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws),
        loss
    );
    let mut twice = grad.clone();
    twice.accumulate(&grad);
    assert_eq!(grads, twice);
}

#[test]
fn every_kind_of_function_adds_its_gradient() {
    let mut ws = Workspace::new();

    let m = mlp::<f64>(5, 6, 3, 2);
    let (x, labels) = batch::<f64>(9, 5, 3, 3);
    let (loss, grad) = mlp_inline_loss_grad(&m, &x, &labels);
    let mut grads = m.clone(); // not zeros: the gradient is added to what is there
    assert_eq!(
        mlp_inline_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws),
        loss
    );
    let mut expected = m.clone();
    expected.accumulate(&grad);
    assert_eq!(grads, expected);

    let (xs, y) = (
        array![[0.5, -1.0], [2.0, 0.25], [-0.5, 0.5]],
        array![1.0, 0.0, 1.0],
    );
    let (w, b) = (array![0.3, -0.2], 0.1);
    let (loss, (gw, gb)) = logistic_grad(&xs, &y, &w, b);
    let mut grads = (Array1::zeros(2), 0.0);
    for _ in 0..3 {
        assert_eq!(
            logistic_grad_into(&xs, &y, &w, b, &mut grads, &mut ws),
            loss
        );
    }
    assert!((&grads.0 - &(&gw * 3.0)).iter().all(|d| d.abs() < 1e-15));
    assert!((grads.1 - 3.0 * gb).abs() < 1e-15);

    let mut grads = (1.0, 2.0);
    let (value, (gx, gy)) = rosenbrock_grad(0.5, -0.25);
    assert_eq!(rosenbrock_grad_into(0.5, -0.25, &mut grads, &mut ws), value);
    assert_eq!(grads, (1.0 + gx, 2.0 + gy));

    let layers: Vec<Dense<f64>> = mlp::<f64>(5, 6, 3, 4).to_layers();
    let (loss, grad) = deep_loss_grad(&layers, &x, &labels);
    let mut grads = layers.zeros_like();
    assert_eq!(
        deep_loss_grad_into(&layers, &x, &labels, &mut grads, &mut ws),
        loss
    );
    assert_eq!(grads, grad);

    let (value, grad) = two_blocks_grad(&m, &x);
    let mut grads = m.zeros_like();
    assert_eq!(two_blocks_grad_into(&m, &x, &mut grads, &mut ws), value);
    assert_eq!(grads, grad);
}

impl<F: Float> Mlp<F> {
    fn to_layers(&self) -> Vec<Dense<F>> {
        vec![self.hidden.clone(), self.out.clone()]
    }
}

/// One workspace serves batches of different sizes: the values are right for each.
#[test]
fn a_workspace_serves_changing_shapes() {
    let m = mlp::<f64>(4, 8, 3, 5);
    let mut ws = Workspace::new();
    for rows in [150, 7, 1, 150, 33] {
        let (x, labels) = batch::<f64>(rows, 4, 3, rows as u64);
        let (loss, grad) = mlp_loss_grad(&m, &x, &labels);
        let mut grads = m.zeros_like();
        assert_eq!(
            mlp_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws),
            loss
        );
        assert_eq!(grads, grad, "batch of {rows}");
    }
}

/// The summed gradient of two batches against central differences of the summed loss.
#[test]
fn summed_gradients_match_finite_differences() {
    let m = mlp::<f64>(3, 5, 4, 6);
    let (x1, l1) = batch::<f64>(6, 3, 4, 7);
    let (x2, l2) = batch::<f64>(4, 3, 4, 8);
    let mut ws = Workspace::new();
    let mut grads = m.zeros_like();
    mlp_inline_loss_grad_into(&m, &x1, &l1, &mut grads, &mut ws);
    mlp_inline_loss_grad_into(&m, &x2, &l2, &mut grads, &mut ws);
    let f = |m: &Mlp<f64>| mlp_inline_loss(m, &x1, &l1) + mlp_inline_loss(m, &x2, &l2);
    check_gradient(f, &m, &grads).assert_ok();
    let f32_model = mlp::<f32>(3, 5, 4, 6);
    let (x, l) = batch::<f32>(6, 3, 4, 7);
    let mut grads = f32_model.zeros_like();
    mlp_loss_grad_into(&f32_model, &x, &l, &mut grads, &mut ws);
    Checker::new()
        .rtol(2e-2)
        .atol(2e-3)
        .check_gradient(|m: &Mlp<f32>| mlp_loss(m, &x, &l), &f32_model, &grads)
        .assert_ok();
}

// ---------------------------------------------------------------------------------------------
// Allocations
// ---------------------------------------------------------------------------------------------

/// The allocations of the GEMM's own packing buffers in one step: the same matrix products,
/// alone, through the runtime's `matmul` (forward `x·w` per layer, `xᵀ·g` per layer, `g·wᵀ`
/// for every layer but the first), their outputs taken from and given back to a workspace.
fn gemm_floor(m: &Mlp<f32>, x: &Array2<f32>) -> usize {
    use adjoint::__private::{install, linalg::matmul};
    let g_out = Array2::<f32>::zeros((x.nrows(), m.out.w.ncols()));
    let h = Array2::<f32>::zeros((x.nrows(), m.hidden.w.ncols()));
    let mut ws = Workspace::new();
    let mut products = || {
        let _installed = install(&mut ws);
        matmul(x, &m.hidden.w).recycle();
        matmul(&h, &m.out.w).recycle();
        matmul(&h.t(), &g_out).recycle();
        matmul(&g_out, &m.out.w.t()).recycle();
        matmul(&x.t(), &h).recycle();
    };
    products();
    products();
    allocations(products).0
}

fn steady_allocations(inputs: usize, hidden: usize, classes: usize, rows: usize) -> (usize, usize) {
    let m = mlp::<f32>(inputs, hidden, classes, 9);
    let (x, labels) = batch::<f32>(rows, inputs, classes, 10);
    let mut ws = Workspace::new();
    let mut grads = m.zeros_like();
    for _ in 0..2 {
        mlp_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws);
    }
    let (step, _) = allocations(|| mlp_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws));
    let (again, _) = allocations(|| mlp_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws));
    assert_eq!(step, again);
    (step, gemm_floor(&m, &x))
}

/// W1 (4→16→3, batch 150) and W2 (784→128→10, batch 64): after the first call, the only heap
/// allocations are the GEMM's packing buffers.
#[test]
fn after_the_first_call_nothing_is_allocated_but_the_gemm_packing() {
    for (name, shape) in [("W1", (4, 16, 3, 150)), ("W2", (784, 128, 10, 64))] {
        let (step, floor) = steady_allocations(shape.0, shape.1, shape.2, shape.3);
        println!("{name}: {step} allocations per call, {floor} of them the GEMM's packing");
        assert_eq!(
            step, floor,
            "{name}: allocations beyond the GEMM's packing buffers"
        );
    }
}

/// Without a workspace's help the same step allocates every array it makes: the test above
/// would fail if the workspace did nothing.
#[test]
fn the_plain_gradient_allocates_its_arrays() {
    let m = mlp::<f32>(4, 16, 3, 9);
    let (x, labels) = batch::<f32>(150, 4, 3, 10);
    mlp_loss_grad(&m, &x, &labels);
    let (step, _) = allocations(|| mlp_loss_grad(&m, &x, &labels));
    assert!(step > gemm_floor(&m, &x) + 5, "{step}");
}

/// A model composed of the user's own differentiable functions: after the first call, W1
/// allocates nothing (nano-gemm's products allocate nothing either), and the gradient is
/// `NAME_grad`'s.
#[test]
fn composed_user_functions_allocate_nothing_after_the_first_call() {
    let m = mlp::<f32>(4, 16, 3, 11);
    let (x, labels) = batch::<f32>(150, 4, 3, 12);
    let (loss, grad) = composed_loss_grad(&m, &x, &labels);
    let mut ws = Workspace::new();
    let mut grads = m.zeros_like();
    assert_eq!(
        composed_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws),
        loss
    );
    assert_eq!(grads, grad);
    composed_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws);
    let (n, _) = allocations(|| composed_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws));
    assert_eq!(n, 0, "allocations per call after the first");
    assert_eq!(gemm_floor(&m, &x), 0);
}

/// Element-wise maps (a closure, a function by name, a `Zip`) and a tuple destructured.
#[differentiable]
fn logistic_element(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}

#[differentiable(wrt(w, scale))]
fn mapped_loss(w: &Array2<f64>, scale: f64, x: &Array2<f64>) -> f64 {
    let z = x.dot(w);
    let h = z.mapv(|v| (v * scale).tanh() + 0.1 * v);
    let s = h.mapv(logistic_element);
    let p = adjoint::ndarray::Zip::from(&h)
        .and(&s)
        .map_collect(|&a, &b| a * b - 0.5 * b);
    let (total, squares) = ((&p * 2.0).sum(), (&p * &p).sum());
    total + squares
}

#[test]
fn maps_and_tuples_allocate_nothing_after_the_first_call() {
    let w = Array2::from_shape_fn((3, 4), |(i, j)| ((i * 4 + j) as f64 * 0.37).sin());
    let x = Array2::from_shape_fn((5, 3), |(i, j)| ((i * 3 + j) as f64 * 0.61).cos());
    let (loss, grad) = mapped_loss_grad(&w, 0.8, &x);
    let mut ws = Workspace::new();
    let mut grads = (Array2::zeros((3, 4)), 0.0);
    assert_eq!(
        mapped_loss_grad_into(&w, 0.8, &x, &mut grads, &mut ws),
        loss
    );
    assert_eq!(grads, grad);
    let report = check_gradient(
        |p: &(Array2<f64>, f64)| mapped_loss(&p.0, p.1, &x),
        &(w.clone(), 0.8),
        &grad,
    );
    assert!(report.is_ok(), "{report}");
    mapped_loss_grad_into(&w, 0.8, &x, &mut grads, &mut ws);
    let (n, _) = allocations(|| mapped_loss_grad_into(&w, 0.8, &x, &mut grads, &mut ws));
    assert_eq!(n, 0, "allocations per call after the first");
}

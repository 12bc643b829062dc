//! With a workspace installed, a training step's gradient allocates nothing after the first
//! call but what the matrix products allocate inside their kernels (packing buffers). The step
//! is written by hand as `#[differentiable]` generates `mlp2_loss_grad_into`: forwards, the
//! pullbacks in reverse with the `needs` generated code passes, adjoints put in place or
//! accumulated, and every value and adjoint recycled at the end.
//!
//! A counting global allocator, per thread so that tests running beside these do not count.

use adjoint_runtime::layers::{Dense, dense};
use adjoint_runtime::ops::binary::{self, Add};
use adjoint_runtime::ops::linalg::{self, matmul};
use adjoint_runtime::private::{self, Recycler, ViaDrop as _, ViaRecycle as _};
use adjoint_runtime::workspace::install;
use adjoint_runtime::{Float, Params, Workspace, relu, softmax_cross_entropy};
use ndarray::{Array1, Array2};

#[path = "support/counting_allocator.rs"]
mod counting_allocator;
use counting_allocator::allocations;

/// What generated code writes for a value or an adjoint it is done with.
macro_rules! recycle {
    ($($value:expr),+ $(,)?) => {$(
        (&mut Recycler(Some($value))).recycle_it();
    )+};
}

/// A two-layer perceptron: `(hidden, out)`.
type Mlp<F> = (Dense<F>, Dense<F>);

/// A model, a batch and labels of the given widths, deterministic and without a random source.
fn setup<F: Float>(
    inputs: usize,
    hidden: usize,
    classes: usize,
    batch: usize,
) -> (Mlp<F>, Array2<F>, Array1<usize>) {
    let value = |i: usize, j: usize, k: usize| {
        F::from_f64_lossy(((i * 31 + j * 17 + k) % 23) as f64 / 23.0 - 0.45)
    };
    let layer = |fan_in, fan_out, k| Dense {
        w: Array2::from_shape_fn((fan_in, fan_out), |(i, j)| value(i, j, k)),
        b: Array1::from_shape_fn(fan_out, |j| value(j, 0, k + 1)),
    };
    let m = (layer(inputs, hidden, 1), layer(hidden, classes, 2));
    let x = Array2::from_shape_fn((batch, inputs), |(i, j)| value(i, j, 3));
    let labels = Array1::from_shape_fn(batch, |i| (i * 7) % classes);
    (m, x, labels)
}

/// `softmax_cross_entropy(dense(out, relu(dense(hidden, x))), labels)` and its gradient in the
/// model added into `grads`, as the generated `_grad_into` computes them.
fn loss_grad_into<F: Float>(
    m: &Mlp<F>,
    x: &Array2<F>,
    labels: &Array1<usize>,
    grads: &mut Mlp<F>,
    workspace: &mut Workspace,
) -> F {
    let _pool = install(workspace);
    loss_grad_add(m, x, labels, grads)
}

/// The body of [`loss_grad_into`], which runs with or without an installed workspace.
fn loss_grad_add<F: Float>(
    m: &Mlp<F>,
    x: &Array2<F>,
    labels: &Array1<usize>,
    grads: &mut Mlp<F>,
) -> F {
    // Forward.
    let (a1, pullback1) = dense::__adjoint_forward(&m.0, x);
    let (h, pullback2) = relu::__adjoint_forward(&a1);
    let (a2, pullback3) = dense::__adjoint_forward(&m.1, &h);
    let (loss, pullback4) = softmax_cross_entropy::__adjoint_forward(&a2, labels);
    // Reverse.
    let mut d_m = (
        private::unfilled_tangent(&m.0),
        private::unfilled_tangent(&m.1),
    );
    let (d_a2, ()) = pullback4.pullback((&&a2, &labels), &loss, &private::one(), [true, false]);
    let d_a2 = private::needed(d_a2);
    let (d_out, d_h) = pullback3.pullback((&&m.1, &&h), &a2, &d_a2, [true, true]);
    private::replace_part(&mut d_m.1, private::needed(d_out));
    let d_h = private::needed(d_h);
    let (d_a1,) = pullback2.pullback((&&a1,), &h, &d_h, [true]);
    let d_a1 = private::needed(d_a1);
    let (d_hidden, d_x) = pullback1.pullback((&&m.0, &x), &a1, &d_a1, [true, false]);
    private::replace_part(&mut d_m.0, private::needed(d_hidden));
    let d_m = private::fill_unwritten(d_m, m);
    private::accumulate(grads, d_m);
    recycle!(a1, h, a2, d_a2, d_h, d_a1, d_x, loss);
    loss
}

/// The same loss written without layer calls (`relu(&(x.dot(&w) + &b))`), as the generated
/// `mlp2_loss_inline_grad_into` computes it: products, broadcast sums, their adjoints.
fn inline_loss_grad_into<F: Float>(
    m: &Mlp<F>,
    x: &Array2<F>,
    labels: &Array1<usize>,
    grads: &mut Mlp<F>,
    workspace: &mut Workspace,
) -> F {
    let _pool = install(workspace);
    // Forward.
    let xw1 = linalg::dot(x, &m.0.w);
    let z1 = binary::forward(&Add, &xw1, &m.0.b);
    let (h, pullback_h) = relu::__adjoint_forward(&z1);
    let hw2 = linalg::dot(&h, &m.1.w);
    let z2 = binary::forward(&Add, &hw2, &m.1.b);
    let (loss, pullback_loss) = softmax_cross_entropy::__adjoint_forward(&z2, labels);
    // Reverse.
    let mut d_m = (
        private::unfilled_tangent(&m.0),
        private::unfilled_tangent(&m.1),
    );
    let (d_z2, ()) = pullback_loss.pullback((&&z2, &labels), &loss, &private::one(), [true, false]);
    let d_z2 = private::needed(d_z2);
    let d_hw2 = binary::vjp_lhs(&Add, &d_z2, &hw2, &m.1.b, &z2);
    private::replace_part(
        &mut d_m.1.b,
        binary::vjp_rhs(&Add, &d_z2, &hw2, &m.1.b, &z2),
    );
    let d_h = linalg::dot_vjp_lhs(&d_hw2, &h, &m.1.w, &hw2);
    private::replace_part(&mut d_m.1.w, linalg::dot_vjp_rhs(&d_hw2, &h, &m.1.w, &hw2));
    let (d_z1,) = pullback_h.pullback((&&z1,), &h, &d_h, [true]);
    let d_z1 = private::needed(d_z1);
    let d_xw1 = binary::vjp_lhs(&Add, &d_z1, &xw1, &m.0.b, &z1);
    private::replace_part(
        &mut d_m.0.b,
        binary::vjp_rhs(&Add, &d_z1, &xw1, &m.0.b, &z1),
    );
    private::replace_part(&mut d_m.0.w, linalg::dot_vjp_rhs(&d_xw1, x, &m.0.w, &xw1));
    let d_m = private::fill_unwritten(d_m, m);
    private::accumulate(grads, d_m);
    recycle!(xw1, z1, h, hw2, z2, d_z2, d_hw2, d_h, d_z1, d_xw1, loss);
    loss
}

/// The matrix products of one step, with the step's shapes and transposes, their outputs
/// recycled: what the kernels allocate inside.
fn products<F: Float>(m: &Mlp<F>, x: &Array2<F>, workspace: &mut Workspace) {
    let _pool = install(workspace);
    let a1 = matmul(x, &m.0.w);
    let a2 = matmul(&a1, &m.1.w);
    let d_out_w = matmul(&a1.t(), &a2);
    let d_h = matmul(&a2, &m.1.w.t());
    let d_hidden_w = matmul(&x.t(), &d_h);
    recycle!(a1, a2, d_out_w, d_h, d_hidden_w);
}

/// A step that adds a gradient into `grads` with a workspace installed.
type Step<F> = fn(&Mlp<F>, &Array2<F>, &Array1<usize>, &mut Mlp<F>, &mut Workspace) -> F;

/// Runs three steps and the bare products, checks the gradient against a step without a
/// workspace, and asserts that calls 2 and 3 allocate only what the products allocate.
fn assert_steady_state<F: Float>(name: &str, widths: [usize; 3], batch: usize) {
    assert_steady_state_of::<F>(name, widths, batch, loss_grad_into);
    let inline = format!("{name} inline");
    assert_steady_state_of::<F>(&inline, widths, batch, inline_loss_grad_into);
}

fn assert_steady_state_of<F: Float>(name: &str, widths: [usize; 3], batch: usize, step: Step<F>) {
    let (m, x, labels) = setup::<F>(widths[0], widths[1], widths[2], batch);

    let mut plain = m.zeros_like();
    let plain_loss = loss_grad_add(&m, &x, &labels, &mut plain);

    let mut workspace = Workspace::new();
    let mut grads = m.zeros_like();
    let mut counts = Vec::new();
    for _ in 0..3 {
        let (n, loss) = allocations(|| step(&m, &x, &labels, &mut grads, &mut workspace));
        assert_eq!(loss, plain_loss, "{name}: the loss with a warm workspace");
        counts.push(n);
    }
    let mut expected = plain.clone();
    for _ in 0..2 {
        expected.accumulate(&plain);
    }
    assert_all_close(name, &grads, &expected);

    let mut product_workspace = Workspace::new();
    products(&m, &x, &mut product_workspace);
    let (product_allocations, ()) = allocations(|| products(&m, &x, &mut product_workspace));
    println!(
        "{name}: step allocations per call {counts:?}; the bare products allocate \
         {product_allocations}; the workspace holds {} buffers, {} bytes",
        workspace.buffers(),
        workspace.bytes()
    );
    assert_eq!(counts[1], product_allocations, "{name}: the second call");
    assert_eq!(counts[2], product_allocations, "{name}: the third call");
    assert!(
        counts[0] > counts[1],
        "{name}: the first call fills the workspace"
    );
}

#[test]
fn w1_steps_allocate_only_inside_the_products() {
    assert_steady_state::<f32>("W1 f32", [4, 16, 3], 150);
}

#[test]
fn w2_steps_allocate_only_inside_the_products() {
    assert_steady_state::<f32>("W2 f32", [784, 128, 10], 64);
}

#[test]
fn f64_steps_allocate_only_inside_the_products() {
    assert_steady_state::<f64>("W1 f64", [4, 16, 3], 150);
    assert_steady_state::<f64>("W2 f64", [784, 128, 10], 64);
}

/// Without a workspace every rule allocates as before, and gives the same values.
#[test]
fn without_a_workspace_values_are_unchanged() {
    let (m, x, labels) = setup::<f64>(4, 16, 3, 150);
    let mut grads = m.zeros_like();
    let (n, loss) = allocations(|| loss_grad_add(&m, &x, &labels, &mut grads));
    let h = relu(&dense(&m.0, &x));
    assert_eq!(loss, softmax_cross_entropy(&dense(&m.1, &h), &labels));
    // The values and adjoints of the step (W1's products, by nano-gemm, allocate nothing).
    assert!(
        n >= 8,
        "no workspace installed: every array is a new allocation, {n} in all"
    );
}

/// Every gradient element within `1e-5` (relative to the largest) of the expected: the
/// inline step sums in another order than the layer's pullback.
#[track_caller]
fn assert_all_close<F: Float>(name: &str, got: &Mlp<F>, expected: &Mlp<F>) {
    let mut got_leaves = Vec::new();
    got.visit("", &mut |path, leaf| {
        got_leaves.push((path.to_owned(), leaf.to_owned()))
    });
    let mut i = 0;
    expected.visit("", &mut |path, leaf| {
        let scale = leaf
            .iter()
            .fold(F::zero(), |m, &v| m.max(v.abs()))
            .to_f64_exact();
        let (got_path, got_leaf) = &got_leaves[i];
        assert_eq!(got_path, path);
        for (&g, &e) in got_leaf.iter().zip(leaf) {
            let error = (g - e).abs().to_f64_exact();
            assert!(
                error <= 1e-5 * scale.max(1.0),
                "{name}: `{path}`: {g:?} vs {e:?}"
            );
        }
        i += 1;
    });
}

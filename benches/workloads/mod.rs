//! The benchmarks' workloads (BENCHMARKS.md, "What is measured"; those of `shared/peers.md`
//! too), each written the ways the benchmarks compare:
//!
//! - (a) adjoint: a `#[differentiable]` loss, its generated `NAME_grad`, and `Sgd`;
//! - (b) backprop written by hand with ndarray as a user would (`x.dot(&w) + &b`, allocating);
//! - (c) backprop written by hand with no allocation of its own: preallocated buffers,
//!   `general_mat_mul`, activations and the loss gradient computed in place;
//! - (d) for S1 and S2, the gradient formula derived by hand.
//!
//! `a_par2_step` is (a) with the gradient of two shards of the batch computed on two threads
//! (`adjoint::parallel::data_parallel_mean`), the shards split once, outside the timer.
//!
//! Every hand-written gradient is compared with adjoint's before anything is timed
//! ([`MlpSetup::assert_gradients_agree`], [`LogisticSetup::assert_gradients_agree`],
//! [`assert_rosenbrock_agrees`]), so that all versions do the same work.

use adjoint::init;
use adjoint::ndarray::linalg::{general_mat_mul, general_mat_vec_mul};
use adjoint::ndarray::{Array1, Array2, ArrayView2, Axis, Zip};
use adjoint::nn::{Dense, dense};
use adjoint::parallel::{data_parallel_mean, split_rows};
use adjoint::prelude::*;

/// The learning rate of every training step.
pub const LR: f32 = 0.01;

/// One MLP workload: layer widths and batch size.
#[derive(Clone, Copy, Debug)]
pub struct MlpWorkload {
    pub name: &'static str,
    pub widths: &'static [usize],
    pub batch: usize,
}

/// W1 iris: 4→16→3, batch 150.
pub const W1: MlpWorkload = MlpWorkload {
    name: "W1",
    widths: &[4, 16, 3],
    batch: 150,
};

/// W2 mnist-small: 784→128→10, batch 64.
pub const W2: MlpWorkload = MlpWorkload {
    name: "W2",
    widths: &[784, 128, 10],
    batch: 64,
};

/// W3 mnist-wide: 784→512→512→10, batch 256.
pub const W3: MlpWorkload = MlpWorkload {
    name: "W3",
    widths: &[784, 512, 512, 10],
    batch: 256,
};

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// SplitMix64, for labels: a few lines, and the same labels on every machine.
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// `n` class labels in `0..classes`.
pub fn labels(n: usize, classes: usize, seed: u64) -> Array1<usize> {
    let mut rng = SplitMix(seed);
    Array1::from_shape_fn(n, |_| (rng.next_u64() % classes as u64) as usize)
}

/// Everything an MLP step reads: He-normal layers with zero biases, N(0, 1) inputs, labels.
pub struct MlpSetup {
    pub workload: MlpWorkload,
    pub layers: Vec<Dense<f32>>,
    pub x: Array2<f32>,
    pub labels: Array1<usize>,
    /// The batch in two shards of consecutive rows, for the data-parallel step.
    pub shards: Vec<(Array2<f32>, Array1<usize>)>,
}

impl MlpSetup {
    /// The workload's parameters and batch, from seed 42.
    pub fn new(workload: MlpWorkload) -> Self {
        let mut rng = init::rng(42);
        let layers = workload
            .widths
            .windows(2)
            .map(|w| Dense::new(w[0], w[1], &mut rng))
            .collect();
        let inputs = workload.widths[0];
        let classes = *workload.widths.last().expect("at least one layer");
        let x = init::normal((workload.batch, inputs), 1.0, &mut rng);
        let labels = labels(workload.batch, classes, 7);
        let shards = split_rows((&x, &labels), 2)
            .into_iter()
            .map(|(x, y)| (x.to_owned(), y.to_owned()))
            .collect();
        MlpSetup {
            workload,
            layers,
            x,
            labels,
            shards,
        }
    }

    /// Asserts that (a), (b) and (c) give the same loss and gradients, and the same parameters
    /// after one step.
    ///
    /// **Panics** if any element differs by more than `1e-4` relative to the largest element
    /// of its gradient.
    #[track_caller]
    pub fn assert_gradients_agree<M: Model>(&self) {
        let m = M::from_layers(&self.layers);
        let (loss_a, grads_a) = m.loss_grad(&self.x, &self.labels);
        let (loss_inline, grads_inline) = m.loss_inline_grad(&self.x, &self.labels);
        let (loss_b, grads_b) = grads_alloc(&self.layers, &self.x, &self.labels);
        let mut ws = Workspace::new(&self.layers, self.x.nrows());
        let loss_c = grads_into(&self.layers, self.x.view(), &self.labels, &mut ws);
        let (loss_par, grads_par) = m.par_grad(&self.shards);
        let name = self.workload.name;
        for (what, loss) in [
            ("inline", loss_inline),
            ("b", loss_b),
            ("c", loss_c),
            ("par2", loss_par),
        ] {
            assert_close(&format!("{name} loss of ({what})"), loss, loss_a);
        }
        let (grads_a, grads_inline) = (grads_a.to_layers(), grads_inline.to_layers());
        let grads_par = grads_par.to_layers();
        for (i, a) in grads_a.iter().enumerate() {
            for (what, other) in [
                ("par2", &grads_par[i]),
                ("inline", &grads_inline[i]),
                ("b", &grads_b[i]),
                ("c", &ws.grads[i]),
            ] {
                assert_all_close(&format!("{name} dw{i} of ({what})"), &other.w, &a.w);
                assert_all_close(&format!("{name} db{i} of ({what})"), &other.b, &a.b);
            }
        }
        // One step of each from the same start lands on the same parameters.
        let mut m = M::from_layers(&self.layers);
        m.step(&self.x, &self.labels, &mut Sgd::new(f64::from(LR)));
        let mut by_hand = self.layers.clone();
        step_into(&mut by_hand, self.x.view(), &self.labels, &mut ws);
        for (i, (a, c)) in m.to_layers().iter().zip(&by_hand).enumerate() {
            assert_all_close(&format!("{name} w{i} after a step"), &c.w, &a.w);
        }
    }
}

#[track_caller]
fn assert_close(what: &str, actual: f32, expected: f32) {
    assert!(
        (actual - expected).abs() <= 1e-5 * expected.abs().max(1.0),
        "{what}: {actual} is not {expected}"
    );
}

#[track_caller]
fn assert_all_close<D: adjoint::ndarray::Dimension>(
    what: &str,
    actual: &adjoint::ndarray::Array<f32, D>,
    expected: &adjoint::ndarray::Array<f32, D>,
) {
    assert_eq!(actual.shape(), expected.shape(), "{what}: shapes differ");
    let scale = expected.iter().fold(1e-6_f32, |m, v| m.max(v.abs()));
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() <= 1e-4 * scale,
            "{what}: {a} is not {e} (largest element {scale})"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// (a) adjoint
// ---------------------------------------------------------------------------------------------

/// A two-layer perceptron (W1, W2).
#[derive(Params, Clone, Debug)]
pub struct Mlp2 {
    pub hidden: Dense<f32>,
    pub out: Dense<f32>,
}

/// A three-layer perceptron (W3).
#[derive(Params, Clone, Debug)]
pub struct Mlp3 {
    pub hidden1: Dense<f32>,
    pub hidden2: Dense<f32>,
    pub out: Dense<f32>,
}

/// The model as a user composes it: the runtime's differentiable `dense` layer, `relu`,
/// `softmax_cross_entropy`.
#[differentiable(wrt(m))]
pub fn mlp2_loss(m: &Mlp2, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let h = relu(&dense(&m.hidden, x));
    softmax_cross_entropy(&dense(&m.out, &h), labels)
}

/// The same model written as one function, without layer calls.
#[differentiable(wrt(m))]
pub fn mlp2_loss_inline(m: &Mlp2, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let h = relu(&(x.dot(&m.hidden.w) + &m.hidden.b));
    softmax_cross_entropy(&(h.dot(&m.out.w) + &m.out.b), labels)
}

#[differentiable(wrt(m))]
pub fn mlp3_loss(m: &Mlp3, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let h1 = relu(&dense(&m.hidden1, x));
    let h2 = relu(&dense(&m.hidden2, &h1));
    softmax_cross_entropy(&dense(&m.out, &h2), labels)
}

#[differentiable(wrt(m))]
pub fn mlp3_loss_inline(m: &Mlp3, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let h1 = relu(&(x.dot(&m.hidden1.w) + &m.hidden1.b));
    let h2 = relu(&(h1.dot(&m.hidden2.w) + &m.hidden2.b));
    softmax_cross_entropy(&(h2.dot(&m.out.w) + &m.out.b), labels)
}

/// What the benchmarks need of an adjoint model, so that one benchmark serves W1–W3.
pub trait Model: Params<Elem = f32> + Clone + Send + Sync {
    fn from_layers(layers: &[Dense<f32>]) -> Self;
    fn to_layers(&self) -> Vec<Dense<f32>>;
    /// The loss alone: the forward pass.
    fn loss(&self, x: &Array2<f32>, labels: &Array1<usize>) -> f32;
    /// The composed model's `NAME_grad`.
    fn loss_grad(&self, x: &Array2<f32>, labels: &Array1<usize>) -> (f32, Self);
    /// The one-function model's `NAME_grad`.
    fn loss_inline_grad(&self, x: &Array2<f32>, labels: &Array1<usize>) -> (f32, Self);
    /// The composed model's `NAME_grad_into`: the gradient added into `grads`.
    fn loss_grad_into(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
        grads: &mut Self,
        ws: &mut adjoint::Workspace,
    ) -> f32;

    /// One training step with `NAME_grad_into`: zero the caller's gradient, add this batch's
    /// into it, `Sgd::step`. After the first step, only the GEMM's packing buffers are allocated.
    fn step_into(
        &mut self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
        grads: &mut Self,
        ws: &mut adjoint::Workspace,
        opt: &mut Sgd,
    ) -> f32 {
        grads.set_zero();
        let loss = self.loss_grad_into(x, labels, grads, ws);
        opt.step(self, grads);
        loss
    }

    /// One training step of the composed model: `NAME_grad`, then `Sgd::step`.
    fn step(&mut self, x: &Array2<f32>, labels: &Array1<usize>, opt: &mut Sgd) -> f32 {
        let (loss, grads) = self.loss_grad(x, labels);
        opt.step(self, &grads);
        loss
    }

    /// The composed model's gradient over shards of the batch, on rayon's threads.
    fn par_grad(&self, shards: &[(Array2<f32>, Array1<usize>)]) -> (f32, Self) {
        data_parallel_mean(shards, |(x, _)| x.nrows(), |(x, y)| self.loss_grad(x, y))
    }

    /// One training step of the composed model with [`Model::par_grad`].
    fn par_step(&mut self, shards: &[(Array2<f32>, Array1<usize>)], opt: &mut Sgd) -> f32 {
        let (loss, grads) = self.par_grad(shards);
        opt.step(self, &grads);
        loss
    }

    /// One training step of the one-function model.
    fn step_inline(&mut self, x: &Array2<f32>, labels: &Array1<usize>, opt: &mut Sgd) -> f32 {
        let (loss, grads) = self.loss_inline_grad(x, labels);
        opt.step(self, &grads);
        loss
    }
}

impl Model for Mlp2 {
    fn from_layers(layers: &[Dense<f32>]) -> Self {
        let [hidden, out] = layers else {
            panic!("Mlp2 has two layers")
        };
        Mlp2 {
            hidden: hidden.clone(),
            out: out.clone(),
        }
    }
    fn to_layers(&self) -> Vec<Dense<f32>> {
        vec![self.hidden.clone(), self.out.clone()]
    }
    fn loss(&self, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
        mlp2_loss(self, x, labels)
    }
    fn loss_grad(&self, x: &Array2<f32>, labels: &Array1<usize>) -> (f32, Self) {
        mlp2_loss_grad(self, x, labels)
    }
    fn loss_inline_grad(&self, x: &Array2<f32>, labels: &Array1<usize>) -> (f32, Self) {
        mlp2_loss_inline_grad(self, x, labels)
    }
    fn loss_grad_into(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
        grads: &mut Self,
        ws: &mut adjoint::Workspace,
    ) -> f32 {
        mlp2_loss_grad_into(self, x, labels, grads, ws)
    }
}

impl Model for Mlp3 {
    fn from_layers(layers: &[Dense<f32>]) -> Self {
        let [hidden1, hidden2, out] = layers else {
            panic!("Mlp3 has three layers")
        };
        Mlp3 {
            hidden1: hidden1.clone(),
            hidden2: hidden2.clone(),
            out: out.clone(),
        }
    }
    fn to_layers(&self) -> Vec<Dense<f32>> {
        vec![self.hidden1.clone(), self.hidden2.clone(), self.out.clone()]
    }
    fn loss(&self, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
        mlp3_loss(self, x, labels)
    }
    fn loss_grad(&self, x: &Array2<f32>, labels: &Array1<usize>) -> (f32, Self) {
        mlp3_loss_grad(self, x, labels)
    }
    fn loss_inline_grad(&self, x: &Array2<f32>, labels: &Array1<usize>) -> (f32, Self) {
        mlp3_loss_inline_grad(self, x, labels)
    }
    fn loss_grad_into(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
        grads: &mut Self,
        ws: &mut adjoint::Workspace,
    ) -> f32 {
        mlp3_loss_grad_into(self, x, labels, grads, ws)
    }
}

// ---------------------------------------------------------------------------------------------
// (b) by hand, allocating
// ---------------------------------------------------------------------------------------------

/// The loss and every layer's gradient, written as a user writes backprop with ndarray: each
/// expression makes a new array.
pub fn grads_alloc(
    layers: &[Dense<f32>],
    x: &Array2<f32>,
    labels: &Array1<usize>,
) -> (f32, Vec<Dense<f32>>) {
    let n = x.nrows() as f32;
    let last = layers.len() - 1;

    // Forward, keeping each hidden layer's output (after ReLU) for the backward pass.
    let mut hidden: Vec<Array2<f32>> = Vec::with_capacity(last);
    for layer in &layers[..last] {
        let z = hidden.last().unwrap_or(x).dot(&layer.w) + &layer.b;
        hidden.push(z.mapv(|v| v.max(0.0)));
    }
    let logits = hidden.last().unwrap_or(x).dot(&layers[last].w) + &layers[last].b;

    // Softmax cross-entropy, shifted by each row's maximum.
    let max = logits.map_axis(Axis(1), |row| row.fold(f32::NEG_INFINITY, |m, &v| m.max(v)));
    let shifted = &logits - &max.insert_axis(Axis(1));
    let exp = shifted.mapv(f32::exp);
    let sum = exp.sum_axis(Axis(1));
    let loss = labels
        .iter()
        .enumerate()
        .map(|(i, &label)| sum[i].ln() - shifted[[i, label]])
        .sum::<f32>()
        / n;

    // d loss / d logits = (softmax − onehot) / n
    let mut d = exp / &sum.insert_axis(Axis(1));
    for (i, &label) in labels.iter().enumerate() {
        d[[i, label]] -= 1.0;
    }
    d /= n;

    let mut grads = Vec::with_capacity(layers.len());
    for i in (0..=last).rev() {
        let input = if i == 0 { x } else { &hidden[i - 1] };
        grads.push(Dense {
            w: input.t().dot(&d),
            b: d.sum_axis(Axis(0)),
        });
        if i > 0 {
            let mask = hidden[i - 1].mapv(|v| if v > 0.0 { 1.0 } else { 0.0 });
            d = d.dot(&layers[i].w.t()) * &mask;
        }
    }
    grads.reverse();
    (loss, grads)
}

/// A training step by hand, allocating: the gradients, then `w ← w − lr·dw`.
pub fn step_alloc(layers: &mut [Dense<f32>], x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let (loss, grads) = grads_alloc(layers, x, labels);
    for (layer, grad) in layers.iter_mut().zip(&grads) {
        layer.w.scaled_add(-LR, &grad.w);
        layer.b.scaled_add(-LR, &grad.b);
    }
    loss
}

// ---------------------------------------------------------------------------------------------
// (c) by hand, zero-allocation
// ---------------------------------------------------------------------------------------------

/// The buffers of a zero-allocation step, made once and reused by every step.
pub struct Workspace {
    /// The output of each hidden layer, after ReLU.
    hidden: Vec<Array2<f32>>,
    /// `deltas[i]`: the adjoint of layer `i`'s pre-activation; the last one holds the logits
    /// until the loss overwrites them with their adjoint.
    deltas: Vec<Array2<f32>>,
    /// Every layer's gradient.
    pub grads: Vec<Dense<f32>>,
}

impl Workspace {
    pub fn new(layers: &[Dense<f32>], batch: usize) -> Self {
        let last = layers.len() - 1;
        Workspace {
            hidden: layers[..last]
                .iter()
                .map(|l| Array2::zeros((batch, l.fan_out())))
                .collect(),
            deltas: layers
                .iter()
                .map(|l| Array2::zeros((batch, l.fan_out())))
                .collect(),
            grads: layers
                .iter()
                .map(|l| Dense::zeros(l.fan_in(), l.fan_out()))
                .collect(),
        }
    }
}

/// The forward pass into the workspace: hidden outputs, and the logits in the last delta.
fn forward_into(layers: &[Dense<f32>], x: ArrayView2<'_, f32>, ws: &mut Workspace) {
    let last = layers.len() - 1;
    for (i, layer) in layers.iter().enumerate() {
        let (before, from_here) = ws.hidden.split_at_mut(i);
        let input = before.last().map_or(x, |h| h.view());
        let out = if i == last {
            &mut ws.deltas[last]
        } else {
            &mut from_here[0]
        };
        out.assign(&layer.b);
        general_mat_mul(1.0, &input, &layer.w, 1.0, out);
        if i < last {
            out.mapv_inplace(|v| v.max(0.0));
        }
    }
}

/// Replaces the logits by the adjoint of the mean softmax cross-entropy, `(softmax − onehot)/n`,
/// in one pass over each row, and returns the loss.
fn softmax_cross_entropy_in_place(logits: &mut Array2<f32>, labels: &Array1<usize>) -> f32 {
    let inv_n = 1.0 / logits.nrows() as f32;
    let mut total = 0.0;
    for (mut row, &label) in logits.rows_mut().into_iter().zip(labels) {
        let row = row.as_slice_mut().expect("a standard-layout row");
        let max = row.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let picked = row[label] - max;
        let mut sum = 0.0;
        for v in row.iter_mut() {
            *v = (*v - max).exp();
            sum += *v;
        }
        total += sum.ln() - picked;
        let scale = inv_n / sum;
        for v in row.iter_mut() {
            *v *= scale;
        }
        row[label] -= inv_n;
    }
    total * inv_n
}

/// The loss of the logits held in place, without touching them.
fn softmax_cross_entropy_value(logits: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let mut total = 0.0;
    for (row, &label) in logits.rows().into_iter().zip(labels) {
        let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let sum: f32 = row.iter().map(|&v| (v - max).exp()).sum();
        total += sum.ln() - (row[label] - max);
    }
    total / logits.nrows() as f32
}

/// The forward pass and the loss by hand, with no allocation.
pub fn loss_into(
    layers: &[Dense<f32>],
    x: ArrayView2<'_, f32>,
    labels: &Array1<usize>,
    ws: &mut Workspace,
) -> f32 {
    forward_into(layers, x, ws);
    softmax_cross_entropy_value(&ws.deltas[layers.len() - 1], labels)
}

/// The loss, and every layer's gradient into `ws.grads`, with no allocation.
pub fn grads_into(
    layers: &[Dense<f32>],
    x: ArrayView2<'_, f32>,
    labels: &Array1<usize>,
    ws: &mut Workspace,
) -> f32 {
    let last = layers.len() - 1;
    forward_into(layers, x, ws);
    let loss = softmax_cross_entropy_in_place(&mut ws.deltas[last], labels);
    for i in (0..=last).rev() {
        let (below, from_here) = ws.deltas.split_at_mut(i);
        let d = &from_here[0];
        let input = if i == 0 { x } else { ws.hidden[i - 1].view() };
        let grad = &mut ws.grads[i];
        general_mat_mul(1.0, &input.t(), d, 0.0, &mut grad.w);
        grad.b.fill(0.0);
        for row in d.rows() {
            grad.b += &row;
        }
        if i > 0 {
            let below = &mut below[i - 1];
            general_mat_mul(1.0, d, &layers[i].w.t(), 0.0, below);
            // ReLU's adjoint: zero where the output was not positive.
            Zip::from(below).and(&ws.hidden[i - 1]).for_each(|g, &h| {
                if h <= 0.0 {
                    *g = 0.0;
                }
            });
        }
    }
    loss
}

/// A zero-allocation training step: the gradients into the workspace, then in-place updates.
pub fn step_into(
    layers: &mut [Dense<f32>],
    x: ArrayView2<'_, f32>,
    labels: &Array1<usize>,
    ws: &mut Workspace,
) -> f32 {
    let loss = grads_into(layers, x, labels, ws);
    for (layer, grad) in layers.iter_mut().zip(&ws.grads) {
        layer.w.scaled_add(-LR, &grad.w);
        layer.b.scaled_add(-LR, &grad.b);
    }
    loss
}

// ---------------------------------------------------------------------------------------------
// S1: Rosenbrock
// ---------------------------------------------------------------------------------------------

/// (a) The 2-D Rosenbrock function, differentiated by adjoint.
#[differentiable]
pub fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

/// (d) Its value and gradient derived by hand: with `a = 1 − x` and `t = y − x²`,
/// `∂f/∂x = −2a − 400·x·t` and `∂f/∂y = 200·t`.
pub fn rosenbrock_by_hand(x: f64, y: f64) -> (f64, (f64, f64)) {
    let (a, t) = (1.0 - x, y - x * x);
    (a * a + 100.0 * t * t, (-2.0 * a - 400.0 * x * t, 200.0 * t))
}

/// (d) called through a function that is never inlined: `rosenbrock_grad` is not inlined into
/// the benchmark either (see BENCHMARKS.md), so this separates the cost of the call from the
/// quality of the generated code.
#[inline(never)]
pub fn rosenbrock_by_hand_not_inlined(x: f64, y: f64) -> (f64, (f64, f64)) {
    rosenbrock_by_hand(x, y)
}

/// **Panics** if the generated gradient and the formula differ at a few points.
#[track_caller]
pub fn assert_rosenbrock_agrees() {
    for (x, y) in [(-1.2, 1.0), (0.3, -0.7), (1.0, 1.0), (2.5, 0.1)] {
        let (value, (dx, dy)) = rosenbrock_grad(x, y);
        let (v, (hx, hy)) = rosenbrock_by_hand(x, y);
        for (a, h) in [(value, v), (dx, hx), (dy, hy)] {
            assert!(
                (a - h).abs() <= 1e-12 * h.abs().max(1.0),
                "S1: {a} is not {h}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// S2: logistic regression, f64, 1000 × 20
// ---------------------------------------------------------------------------------------------

/// (a) The mean binary cross-entropy of a logistic regression, differentiated by adjoint.
#[differentiable(wrt(w, b))]
pub fn logistic(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>, b: f64) -> f64 {
    let p = sigmoid(&(x.dot(w) + b));
    let losses = -(y * p.ln() + (1.0 - y) * (1.0 - p).ln());
    mean(&losses)
}

/// S2's inputs: `x` N(0, 1), binary `y`, `w` N(0, 1/20), `b = 0.1`.
pub struct LogisticSetup {
    pub x: Array2<f64>,
    pub y: Array1<f64>,
    pub w: Array1<f64>,
    pub b: f64,
}

impl LogisticSetup {
    pub fn new() -> Self {
        let (n, features) = (1000, 20);
        let mut rng = init::rng(43);
        LogisticSetup {
            x: init::normal((n, features), 1.0, &mut rng),
            y: labels(n, 2, 11).mapv(|l| l as f64),
            w: init::normal(features, (1.0 / features as f64).sqrt(), &mut rng),
            b: 0.1,
        }
    }

    /// **Panics** if (b) or (c) differ from adjoint's loss or gradient.
    #[track_caller]
    pub fn assert_gradients_agree(&self) {
        let (loss, (dw, db)) = logistic_grad(&self.x, &self.y, &self.w, self.b);
        let (loss_b, (dw_b, db_b)) = logistic_by_hand(&self.x, &self.y, &self.w, self.b);
        let mut ws = LogisticWorkspace::new(self.x.nrows(), self.x.ncols());
        let (loss_c, db_c) = logistic_by_hand_into(&self.x, &self.y, &self.w, self.b, &mut ws);
        let close = |a: f64, e: f64| (a - e).abs() <= 1e-12 * e.abs().max(1.0);
        for (what, l, d, dw_other) in [("b", loss_b, db_b, &dw_b), ("c", loss_c, db_c, &ws.dw)] {
            assert!(close(l, loss), "S2 loss of ({what}): {l} is not {loss}");
            assert!(close(d, db), "S2 db of ({what}): {d} is not {db}");
            for (a, e) in dw_other.iter().zip(&dw) {
                assert!(close(*a, *e), "S2 dw of ({what}): {a} is not {e}");
            }
        }
    }
}

impl Default for LogisticSetup {
    fn default() -> Self {
        Self::new()
    }
}

fn logistic_fn(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// (b)/(d) The loss and the gradient derived by hand, allocating: with `p = σ(Xw + b)`,
/// `∂L/∂w = Xᵀ(p − y)/n` and `∂L/∂b = Σ(p − y)/n`.
pub fn logistic_by_hand(
    x: &Array2<f64>,
    y: &Array1<f64>,
    w: &Array1<f64>,
    b: f64,
) -> (f64, (Array1<f64>, f64)) {
    let n = x.nrows() as f64;
    let p = (x.dot(w) + b).mapv(logistic_fn);
    let loss = -Zip::from(&p).and(y).fold(0.0, |acc, &p, &y| {
        acc + y * p.ln() + (1.0 - y) * (1.0 - p).ln()
    }) / n;
    let r = (&p - y) / n;
    (loss, (x.t().dot(&r), r.sum()))
}

/// The buffers of [`logistic_by_hand_into`].
pub struct LogisticWorkspace {
    z: Array1<f64>,
    pub dw: Array1<f64>,
}

impl LogisticWorkspace {
    pub fn new(n: usize, features: usize) -> Self {
        LogisticWorkspace {
            z: Array1::zeros(n),
            dw: Array1::zeros(features),
        }
    }
}

/// (c) The same formula with no allocation: returns the loss and `∂L/∂b`, `∂L/∂w` in `ws.dw`.
pub fn logistic_by_hand_into(
    x: &Array2<f64>,
    y: &Array1<f64>,
    w: &Array1<f64>,
    b: f64,
    ws: &mut LogisticWorkspace,
) -> (f64, f64) {
    let inv_n = 1.0 / x.nrows() as f64;
    general_mat_vec_mul(1.0, x, w, 0.0, &mut ws.z);
    let (mut loss, mut db) = (0.0, 0.0);
    Zip::from(&mut ws.z).and(y).for_each(|z, &y| {
        let p = logistic_fn(*z + b);
        loss -= y * p.ln() + (1.0 - y) * (1.0 - p).ln();
        *z = (p - y) * inv_n;
        db += *z;
    });
    general_mat_vec_mul(1.0, &x.t(), &ws.z, 0.0, &mut ws.dw);
    (loss * inv_n, db)
}

/// One chunk of calls of one variant in [`medians`].
#[allow(dead_code)] // The benches that time their variants in turns use it; the others do not.
const CHUNK: std::time::Duration = std::time::Duration::from_millis(20);

/// The median time per call of each closure, the closures taking turns in chunks.
#[allow(dead_code)] // As `CHUNK`.
pub fn medians(rounds: usize, variants: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    // Calls per chunk, from one timed call each (after a warm-up call).
    let counts: Vec<u32> = variants
        .iter_mut()
        .map(|f| {
            f();
            let start = std::time::Instant::now();
            f();
            let once = start.elapsed().max(std::time::Duration::from_nanos(100));
            (CHUNK.as_secs_f64() / once.as_secs_f64()).clamp(1.0, 1e6) as u32
        })
        .collect();
    let mut times = vec![Vec::with_capacity(rounds); variants.len()];
    for round in 0..rounds {
        for k in 0..variants.len() {
            let i = (k + round) % variants.len();
            let start = std::time::Instant::now();
            for _ in 0..counts[i] {
                variants[i]();
            }
            times[i].push(start.elapsed().as_secs_f64() * 1e6 / f64::from(counts[i]));
        }
    }
    times
        .into_iter()
        .map(|mut t| {
            t.sort_by(f64::total_cmp);
            t[t.len() / 2]
        })
        .collect()
}

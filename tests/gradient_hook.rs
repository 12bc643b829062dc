//! `NAME_grad_into_with`: the hook hears of every part of the gradient once, after its last
//! write, with the values the caller finally receives.

use adjoint::ndarray::{Array1, Array2, array};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;
use adjoint::{GradientHook, Params, Workspace};

/// A leaf as the hook saw it: where its data lives and what it held.
struct Seen {
    address: usize,
    values: Vec<f64>,
}

/// Records every part reported final, leaf by leaf, and counts the progress calls.
#[derive(Default)]
struct Recorder {
    parts: Vec<Vec<Seen>>,
    progress: usize,
}

impl GradientHook for Recorder {
    fn part_final<P: Params>(&mut self, part: &P) {
        let mut leaves = Vec::new();
        part.visit("", &mut |_, leaf| {
            leaves.push(Seen {
                address: leaf.as_ptr() as usize,
                values: leaf.iter().map(|v| v.to_f64_exact()).collect(),
            });
        });
        self.parts.push(leaves);
    }

    fn progress(&mut self) {
        self.progress += 1;
    }
}

/// Asserts that the recorded parts cover every leaf of `grads` exactly once, with the values
/// `grads` holds now.
fn assert_each_leaf_reported_once_with_its_final_values<P: Params>(hook: &Recorder, grads: &P) {
    let seen: Vec<&Seen> = hook.parts.iter().flatten().collect();
    let mut leaves = 0;
    grads.visit("", &mut |path, leaf| {
        leaves += 1;
        let address = leaf.as_ptr() as usize;
        let reports: Vec<&&Seen> = seen.iter().filter(|s| s.address == address).collect();
        assert_eq!(
            reports.len(),
            1,
            "leaf `{path}` reported {} times",
            reports.len()
        );
        let now: Vec<f64> = leaf.iter().map(|v| v.to_f64_exact()).collect();
        assert_eq!(
            reports[0].values, now,
            "leaf `{path}` changed after it was reported final"
        );
    });
    assert_eq!(
        seen.len(),
        leaves,
        "a reported leaf is not a leaf of the gradient"
    );
}

#[derive(Params, Clone)]
struct Mlp {
    l1: Dense<f64>,
    l2: Dense<f64>,
    l3: Dense<f64>,
}

#[differentiable(wrt(m))]
fn mlp_loss(m: &Mlp, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
    let h1 = tanh_of(&dense(&m.l1, x));
    let h2 = relu(&dense(&m.l2, &h1));
    softmax_cross_entropy(&dense(&m.l3, &h2), labels)
}

#[differentiable]
fn tanh_of(z: &Array2<f64>) -> Array2<f64> {
    z.tanh()
}

fn mlp() -> (Mlp, Array2<f64>, Array1<usize>) {
    let mut rng = adjoint::init::rng(7);
    let m = Mlp {
        l1: Dense::new(4, 6, &mut rng),
        l2: Dense::new(6, 5, &mut rng),
        l3: Dense::new(5, 3, &mut rng),
    };
    let x = Array2::from_shape_fn((8, 4), |(i, j)| ((i * 4 + j) as f64 * 0.37).sin());
    let labels = Array1::from_shape_fn(8, |i| i % 3);
    (m, x, labels)
}

#[test]
fn layers_are_reported_last_first_each_once_with_their_final_gradient() {
    let (m, x, labels) = mlp();
    let mut grads = m.zeros_like();
    let mut hook = Recorder::default();
    let value = mlp_loss_grad_into_with(
        &m,
        &x,
        &labels,
        &mut grads,
        &mut Workspace::new(),
        &mut hook,
    );
    // The layers, as the backward pass finishes them: the last first, each with its weights
    // and bias.
    let shapes: Vec<usize> = hook.parts.iter().map(|part| part.len()).collect();
    assert_eq!(shapes, [2, 2, 2]);
    let first_leaf = |k: usize| hook.parts[k][0].values.len();
    assert_eq!(
        [first_leaf(0), first_leaf(1), first_leaf(2)],
        [5 * 3, 6 * 5, 4 * 6]
    );
    assert!(hook.progress > 0);
    assert_each_leaf_reported_once_with_its_final_values(&hook, &grads);
    // The same value and gradient as without a hook.
    let (expected_value, expected) = mlp_loss_grad(&m, &x, &labels);
    assert_eq!(value, expected_value);
    let mut plain = m.zeros_like();
    mlp_loss_grad_into(&m, &x, &labels, &mut plain, &mut Workspace::new());
    plain.zip_mut(&expected, "", &mut |path, mine, theirs| {
        for (a, b) in mine.iter().zip(theirs.iter()) {
            assert!((a - b).abs() <= 1e-12 * (1.0 + b.abs()), "{path}");
        }
    });
    grads.zip_mut(&expected, "", &mut |path, mine, theirs| {
        for (a, b) in mine.iter().zip(theirs.iter()) {
            assert!((a - b).abs() <= 1e-12 * (1.0 + b.abs()), "{path}");
        }
    });
}

#[test]
fn gradients_added_into_earlier_ones_are_reported_with_the_sum() {
    let (m, x, labels) = mlp();
    let mut grads = m.zeros_like();
    let mut ws = Workspace::new();
    mlp_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws);
    let mut hook = Recorder::default();
    mlp_loss_grad_into_with(&m, &x, &labels, &mut grads, &mut ws, &mut hook);
    assert_each_leaf_reported_once_with_its_final_values(&hook, &grads);
}

#[derive(Params, Clone)]
struct Line {
    w: Array1<f32>,
    b: f32,
}

/// Several differentiated arguments, one of them a float, one used whole.
#[differentiable]
fn several(line: &Line, x: &Array1<f32>, scale: f32) -> f32 {
    let y = x * &line.w;
    let s = y.sum() + line.b;
    scale * s * s + x.sum()
}

#[test]
fn every_differentiated_argument_is_reported() {
    let line = Line {
        w: array![0.5, -1.0, 2.0],
        b: 0.25,
    };
    let x = array![1.0_f32, 2.0, 3.0];
    let mut grads = (line.zeros_like(), Array1::zeros(3), 0.0_f32);
    let mut hook = Recorder::default();
    several_grad_into_with(&line, &x, 1.5, &mut grads, &mut Workspace::new(), &mut hook);
    assert_each_leaf_reported_once_with_its_final_values(&hook, &grads);
    let (_, expected) = several_grad(&line, &x, 1.5);
    assert_eq!(grads.0.w, expected.0.w);
    assert_eq!(grads.2, expected.2);
}

/// A loop over layers: the whole gradient is reported once the backward pass is over.
#[derive(Params, Clone)]
struct Deep {
    layers: Vec<Dense<f64>>,
}

#[differentiable(wrt(m))]
fn deep_loss(m: &Deep, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
    let mut h = x.to_owned();
    for layer in &m.layers {
        h = relu(&dense(layer, &h));
    }
    softmax_cross_entropy(&h, labels)
}

#[test]
fn a_loop_reports_the_whole_gradient_at_the_end() {
    let mut rng = adjoint::init::rng(3);
    let m = Deep {
        layers: vec![Dense::new(4, 5, &mut rng), Dense::new(5, 3, &mut rng)],
    };
    let (_, x, labels) = mlp();
    let mut grads = m.zeros_like();
    let mut hook = Recorder::default();
    deep_loss_grad_into_with(
        &m,
        &x,
        &labels,
        &mut grads,
        &mut Workspace::new(),
        &mut hook,
    );
    assert_eq!(hook.parts.len(), 1);
    assert_each_leaf_reported_once_with_its_final_values(&hook, &grads);
}

/// A method: `self` first, the hook last.
impl Mlp {
    #[differentiable(wrt(self))]
    fn loss(&self, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
        let h = relu(&dense(&self.l1, x));
        let h = relu(&dense(&self.l2, &h));
        softmax_cross_entropy(&dense(&self.l3, &h), labels)
    }
}

#[test]
fn methods_have_the_hooked_entry_too() {
    let (m, x, labels) = mlp();
    let mut grads = m.zeros_like();
    let mut hook = Recorder::default();
    m.loss_grad_into_with(&x, &labels, &mut grads, &mut Workspace::new(), &mut hook);
    assert_eq!(hook.parts.len(), 3);
    assert_each_leaf_reported_once_with_its_final_values(&hook, &grads);
}

//! `adjoint::parallel`: a generated gradient computed over shards of a minibatch in parallel
//! and summed is the full batch's gradient.

use adjoint::init;
use adjoint::ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use adjoint::nn::{Dense, dense};
use adjoint::parallel::{data_parallel, data_parallel_mean, split_rows};
use adjoint::prelude::*;

#[derive(Params, Clone, Debug)]
struct Mlp {
    hidden: Dense<f64>,
    out: Dense<f64>,
}

#[differentiable(wrt(m))]
fn loss(m: &Mlp, x: &ArrayView2<f64>, labels: &ArrayView1<usize>) -> f64 {
    let h = relu(&dense(&m.hidden, x));
    softmax_cross_entropy(&dense(&m.out, &h), labels)
}

/// 11 rows of 3 features, 4 classes; a model with non-zero biases.
fn setup() -> (Mlp, Array2<f64>, Array1<usize>) {
    let mut rng = init::rng(7);
    let mut m = Mlp {
        hidden: Dense::new(3, 5, &mut rng),
        out: Dense::new(5, 4, &mut rng),
    };
    m.hidden.b = init::normal(5, 0.5, &mut rng);
    m.out.b = init::normal(4, 0.5, &mut rng);
    let x = init::normal((11, 3), 1.0, &mut rng);
    let labels = Array1::from_iter((0..11).map(|i| (i * 7) % 4));
    (m, x, labels)
}

fn max_difference(a: &Mlp, b: &Mlp) -> f64 {
    let mut largest = 0.0_f64;
    let mut a = a.clone();
    let all_leaves = a.try_zip_mut(b, &mut |a, b| {
        for (x, y) in a.iter().zip(&b) {
            largest = largest.max((x - y).abs());
        }
    });
    assert!(all_leaves);
    largest
}

/// Shards of 4, 4 and 3 rows, each a mean loss: weighted 4/11, 4/11, 3/11, their sum is the
/// full batch's loss and gradient.
#[test]
fn the_weighted_sum_of_shard_gradients_is_the_full_batch_gradient() {
    let (m, x, labels) = setup();
    let (full_loss, full_grad) = loss_grad(&m, &x.view(), &labels.view());
    let shards = split_rows((&x, &labels), 3);
    let sizes: Vec<usize> = shards.iter().map(|(x, _)| x.nrows()).collect();
    assert_eq!(sizes, [4, 4, 3]);
    let (loss, grad) =
        data_parallel_mean(&shards, |(x, _)| x.nrows(), |(x, y)| loss_grad(&m, x, y));
    assert!((loss - full_loss).abs() < 1e-12, "{loss} vs {full_loss}");
    let difference = max_difference(&grad, &full_grad);
    assert!(difference < 1e-12, "gradients differ by {difference}");
}

/// Without the weights, the sum of three mean losses is not the batch's mean: the weighting
/// above is what makes it agree.
#[test]
fn the_plain_sum_adds_shard_results_as_they_are() {
    let (m, x, labels) = setup();
    let shards = split_rows((&x, &labels), 3);
    let (loss, grad) = data_parallel(&shards, |(x, y)| loss_grad(&m, x, y));
    let mut expected_loss = 0.0;
    let mut expected = m.zeros_like();
    for (x, y) in &shards {
        let (l, g) = loss_grad(&m, x, y);
        expected_loss += l;
        expected.accumulate(&g);
    }
    assert!((loss - expected_loss).abs() < 1e-12);
    assert!(max_difference(&grad, &expected) < 1e-12);
    let (full_loss, _) = loss_grad(&m, &x.view(), &labels.view());
    assert!((loss - full_loss).abs() > 0.1);
}

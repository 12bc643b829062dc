//! Iris: the smallest complete training run, and the place to start reading.
//!
//! Loads Fisher's iris flowers (shipped with adjoint), holds out a fifth of them for testing,
//! standardizes the measurements, and trains a small neural network with one hidden layer by
//! gradient descent: `#[differentiable]` writes the gradient of the loss at compile time, and
//! the optimizer applies it. Prints the loss every 50 steps and the final test accuracy.
//!
//! Run with `cargo run --release --example iris`.

use adjoint::data::{self, Dataset, Standardizer};
use adjoint::init;
use adjoint::metrics::{accuracy, argmax_rows};
use adjoint::ndarray::{Array1, Array2};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

/// The parameters: two fully connected layers, `4 → 16 → 3`.
#[derive(Params, Clone, Debug)]
struct Mlp {
    hidden: Dense<f32>,
    out: Dense<f32>,
}

/// One score per species for each flower (row) of `x`.
#[differentiable]
fn forward(m: &Mlp, x: &Array2<f32>) -> Array2<f32> {
    let h = relu(&dense(&m.hidden, x));
    dense(&m.out, &h)
}

/// How wrong the scores are: the mean softmax cross-entropy against the true species.
/// The macro also writes `loss_grad`, which returns the loss and its gradient with respect to
/// `m`: another `Mlp`, holding the gradient of each weight.
#[differentiable(wrt(m))]
fn loss(m: &Mlp, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    softmax_cross_entropy(&forward(m, x), labels)
}

fn main() {
    let mut rng = init::rng(0);

    // 150 flowers, 4 measurements each, 3 species: 120 to train on, 30 to test on.
    let iris: Dataset<f32> = data::iris();
    let (mut train, mut test) = iris.stratified_split(0.2, &mut rng);
    // Mean 0 and variance 1 per measurement, with the training set's statistics.
    let scaler = Standardizer::fit(&train.features);
    scaler.transform_inplace(&mut train.features);
    scaler.transform_inplace(&mut test.features);

    let mut model = Mlp {
        hidden: Dense::new(4, 16, &mut rng),
        out: Dense::new(16, 3, &mut rng),
    };
    let mut optimizer = Sgd::new(0.1);
    for step in 0..=300 {
        let (value, grad) = loss_grad(&model, &train.features, &train.labels);
        if step % 50 == 0 {
            println!("step {step:>3}  loss {value:.4}");
        }
        optimizer.step(&mut model, &grad);
    }

    let predicted = argmax_rows(&forward(&model, &test.features));
    let test_accuracy = accuracy(&test.labels, &predicted);
    println!(
        "test accuracy: {:.1}% ({} flowers)",
        100.0 * test_accuracy,
        test.len()
    );
}

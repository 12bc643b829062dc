//! Handwritten digits: a multilayer perceptron trained on real data, end to end.
//!
//! The UCI digits (1797 images of 8 × 8 pixels, shipped with adjoint) are split into a fixed
//! stratified training and test set (70/30) and standardized with the training set's
//! statistics. An MLP `64 → 256 → 10` with a ReLU is trained with Adam on shuffled minibatches,
//! its learning rate decaying along a cosine, with a progress bar (one plain line per epoch
//! when stdout is not a terminal). The example then prints the test accuracy (about 98%) and
//! the confusion matrix, saves the loss and accuracy curves to `target/digits_loss.png` and
//! the trained weights to `target/digits.safetensors`, and reloads that checkpoint into a
//! fresh model to check that it scores the same.
//!
//! Run with `cargo run --release --example digits` (about a second once built).

use std::error::Error;
use std::path::Path;

use adjoint::checkpoint;
use adjoint::data::{self, Dataset, Standardizer};
use adjoint::history::Epoch;
use adjoint::init;
use adjoint::metrics::{ConfusionMatrix, accuracy, argmax_rows};
use adjoint::ndarray::{Array1, Array2};
use adjoint::nn::{Dense, dense};
use adjoint::optim::{Schedule, WarmupCosine};
use adjoint::plot;
use adjoint::prelude::*;
use adjoint::progress::Progress;

/// Draws the train/test split: the same split on every run.
const SPLIT_SEED: u64 = 0;
/// Draws the initial weights and the order of the minibatches.
const SEED: u64 = 0;
const TEST_FRACTION: f64 = 0.3;
const HIDDEN: usize = 256;
const EPOCHS: usize = 30;
const BATCH_SIZE: usize = 32;
/// The learning rate of the first step; a cosine takes it to 0 by the last.
const LEARNING_RATE: f64 = 2e-3;
/// Where the plot and the checkpoint go, relative to the current directory.
const OUTPUT_DIR: &str = "target";

/// Pixels in, a ReLU hidden layer, one score (logit) per digit out.
#[derive(Params, Clone, Debug)]
struct Mlp {
    hidden: Dense<f32>,
    out: Dense<f32>,
}

impl Mlp {
    fn new(inputs: usize, hidden: usize, classes: usize, rng: &mut init::SeededRng) -> Self {
        Mlp {
            hidden: Dense::new(inputs, hidden, rng),
            out: Dense::new(hidden, classes, rng),
        }
    }

    /// The score of each class for each row of `x`.
    #[differentiable]
    fn logits(&self, x: &Array2<f32>) -> Array2<f32> {
        let h = relu(&dense(&self.hidden, x));
        dense(&self.out, &h)
    }

    /// The mean softmax cross-entropy of the batch; `loss_grad` also returns its gradient, an
    /// `Mlp` holding the gradient of every weight.
    #[differentiable(wrt(self))]
    fn loss(&self, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
        softmax_cross_entropy(&self.logits(x), labels)
    }

    /// The loss and the accuracy on a whole dataset.
    fn evaluate(&self, data: &Dataset<f32>) -> (f64, f64) {
        let logits = self.logits(&data.features);
        let loss = softmax_cross_entropy(&logits, &data.labels);
        let predicted = argmax_rows(&logits);
        (f64::from(loss), accuracy(&data.labels, &predicted))
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    // The test set is never trained on nor used for scaling.
    let digits: Dataset<f32> = data::digits();
    let (mut train, mut test) = digits.stratified_split(TEST_FRACTION, &mut init::rng(SPLIT_SEED));
    let scaler = Standardizer::fit(&train.features);
    scaler.transform_inplace(&mut train.features);
    scaler.transform_inplace(&mut test.features);
    println!(
        "digits: {} training and {} test images of {} pixels, {} classes",
        train.len(),
        test.len(),
        train.n_features(),
        train.n_classes()
    );

    let mut rng = init::rng(SEED);
    let mut model = Mlp::new(train.n_features(), HIDDEN, train.n_classes(), &mut rng);
    println!(
        "model: {} → {HIDDEN} → {}, {} parameters; Adam from {LEARNING_RATE} (cosine), batches of {BATCH_SIZE}",
        train.n_features(),
        train.n_classes(),
        model.num_params()
    );
    let mut optimizer = Adam::new(LEARNING_RATE);
    let schedule = WarmupCosine::new(LEARNING_RATE, 0, EPOCHS * train.batches(BATCH_SIZE).len());
    let mut step = 0;
    let mut progress = Progress::new(EPOCHS);
    for epoch in 1..=EPOCHS {
        for (x, labels) in train.batches(BATCH_SIZE).shuffle(&mut rng) {
            optimizer.set_lr(schedule.lr_at(step));
            step += 1;
            let (loss, grad) = model.loss_grad(&x, &labels);
            optimizer.step(&mut model, &grad);
            progress.batch(f64::from(loss));
        }
        let (train_loss, train_accuracy) = model.evaluate(&train);
        let (test_loss, test_accuracy) = model.evaluate(&test);
        progress.epoch(
            Epoch::new(epoch, train_loss)
                .with_train_accuracy(train_accuracy)
                .with_test(test_loss, test_accuracy),
        );
    }
    let history = progress.finish();

    let predicted = argmax_rows(&model.logits(&test.features));
    let test_accuracy = accuracy(&test.labels, &predicted);
    println!("\ntest accuracy: {:.2}%\n", 100.0 * test_accuracy);
    println!(
        "{}",
        ConfusionMatrix::new(&test.labels, &predicted, test.n_classes())
            .with_class_names(&test.class_names)
    );

    let dir = Path::new(OUTPUT_DIR);
    std::fs::create_dir_all(dir)?;
    let plot_path = dir.join("digits_loss.png");
    plot::save_history(&history, &plot_path)?;
    println!("loss and accuracy curves: {}", plot_path.display());
    let checkpoint_path = dir.join("digits.safetensors");
    checkpoint::save(&model, &checkpoint_path)?;
    println!("checkpoint: {}", checkpoint_path.display());

    // A fresh, untrained model of the same shape scores the same once the checkpoint is loaded.
    let mut restored = Mlp::new(
        train.n_features(),
        HIDDEN,
        train.n_classes(),
        &mut init::rng(SEED + 1),
    );
    checkpoint::load_into(&mut restored, &checkpoint_path)?;
    let (_, restored_accuracy) = restored.evaluate(&test);
    assert_eq!(restored_accuracy, test_accuracy);
    println!(
        "reloaded checkpoint: test accuracy {:.2}%",
        100.0 * restored_accuracy
    );
    Ok(())
}

//! Handwritten digits trained data-parallel on MPI: the `digits` example's MLP `64 → 256 → 10`,
//! each rank computing the gradient of its shard of every global batch.
//!
//! Every rank loads the same data and split; rank 0's initial weights are broadcast to all;
//! [`DistributedBatches`] gives each rank its shard of each global batch of 32 images, and
//! [`Communicator::allreduce_mean_overlapped`] makes the shards' gradients the global batch's
//! (reducing each bucket as soon as the backward pass has finished it), so that the ranks take
//! the same Adam steps. Each epoch, every rank scores its share of the training and
//! test sets and the sums are reduced across the ranks. Only rank 0 prints, draws the progress
//! and writes the plot (`target/digits_mpi_loss.png`) and the checkpoint
//! (`target/digits_mpi.safetensors`). It also prints the time to 97% test accuracy, measured
//! from when MPI is up, so without `mpirun`'s start-up.
//!
//! Build, then run with 2 ranks (as root, add `--allow-run-as-root`; with more ranks than
//! cores, `--oversubscribe`):
//!
//! ```text
//! cargo build --release --features mpi --example digits_mpi
//! mpirun -n 2 target/release/examples/digits_mpi
//! ```

use std::error::Error;
use std::ops::Range;
use std::path::Path;
use std::time::Instant;

use adjoint::Workspace;
use adjoint::checkpoint;
use adjoint::data::{self, Dataset, Standardizer};
use adjoint::distributed::{Communicator, DistributedBatches};
use adjoint::history::Epoch;
use adjoint::init;
use adjoint::metrics::argmax_rows;
use adjoint::ndarray::{Array1, Array2, s};
use adjoint::nn::{Dense, dense};
use adjoint::optim::{Schedule, WarmupCosine};
use adjoint::plot;
use adjoint::prelude::*;
use adjoint::progress::Progress;

/// Draws the train/test split: the same split on every rank and every run.
const SPLIT_SEED: u64 = 0;
/// Draws the initial weights and, plus the epoch, each epoch's order of the minibatches.
const SEED: u64 = 0;
const TEST_FRACTION: f64 = 0.3;
const HIDDEN: usize = 256;
const EPOCHS: usize = 30;
/// The global batch: the ranks' shards together.
const BATCH_SIZE: usize = 32;
const LEARNING_RATE: f64 = 2e-3;
/// The test accuracy whose first epoch is timed.
const TARGET_ACCURACY: f64 = 0.97;
const OUTPUT_DIR: &str = "target";

#[derive(Params, Clone, Debug)]
struct Mlp {
    hidden: Dense<f32>,
    out: Dense<f32>,
}

impl Mlp {
    #[differentiable]
    fn logits(&self, x: &Array2<f32>) -> Array2<f32> {
        let h = relu(&dense(&self.hidden, x));
        dense(&self.out, &h)
    }

    #[differentiable(wrt(self))]
    fn loss(&self, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
        softmax_cross_entropy(&self.logits(x), labels)
    }

    /// The loss and the accuracy on `data`, each rank scoring its share of the rows and the
    /// sums reduced across the ranks.
    fn evaluate(&self, data: &Dataset<f32>, comm: &Communicator) -> (f64, f64) {
        let rows = share(data.len(), comm);
        let (mut loss_sum, mut correct) = (0.0, 0.0);
        if !rows.is_empty() {
            let x = data.features.slice(s![rows.clone(), ..]).to_owned();
            let labels = data.labels.slice(s![rows.clone()]).to_owned();
            let logits = self.logits(&x);
            loss_sum = f64::from(softmax_cross_entropy(&logits, &labels)) * rows.len() as f64;
            let predicted = argmax_rows(&logits);
            correct = predicted
                .iter()
                .zip(&labels)
                .filter(|(p, l)| p == l)
                .count() as f64;
        }
        let n = data.len() as f64;
        (comm.sum(loss_sum) / n, comm.sum(correct) / n)
    }
}

/// This rank's consecutive share of `n` rows.
fn share(n: usize, comm: &Communicator) -> Range<usize> {
    let (base, extra) = (n / comm.size(), n % comm.size());
    let start = comm.rank() * base + comm.rank().min(extra);
    start..start + base + usize::from(comm.rank() < extra)
}

fn main() -> Result<(), Box<dyn Error>> {
    let comm = Communicator::world();
    let start = Instant::now();
    let root = comm.is_root();
    let digits: Dataset<f32> = data::digits();
    let (mut train, mut test) = digits.stratified_split(TEST_FRACTION, &mut init::rng(SPLIT_SEED));
    let scaler = Standardizer::fit(&train.features);
    scaler.transform_inplace(&mut train.features);
    scaler.transform_inplace(&mut test.features);

    let mut rng = init::rng(SEED);
    let mut model = Mlp {
        hidden: Dense::new(train.n_features(), HIDDEN, &mut rng),
        out: Dense::new(HIDDEN, train.n_classes(), &mut rng),
    };
    comm.broadcast_params(&mut model);
    if root {
        println!(
            "digits on {} ranks: {} training and {} test images; model {} → {HIDDEN} → {}, \
             global batches of {BATCH_SIZE}",
            comm.size(),
            train.len(),
            test.len(),
            train.n_features(),
            train.n_classes()
        );
    }
    let steps_per_epoch = train.len().div_ceil(BATCH_SIZE);
    let mut optimizer = Adam::new(LEARNING_RATE);
    let (mut grad, mut workspace) = (model.zeros_like(), Workspace::new());
    let schedule = WarmupCosine::new(LEARNING_RATE, 0, EPOCHS * steps_per_epoch);
    let mut step = 0;
    let mut progress = root.then(|| Progress::new(EPOCHS));
    let mut reached = None;
    for epoch in 1..=EPOCHS {
        let seed = SEED + epoch as u64;
        for (x, labels) in DistributedBatches::new(&train, BATCH_SIZE, seed, &comm) {
            optimizer.set_lr(schedule.lr_at(step));
            step += 1;
            // This rank's gradient, reduced across the ranks bucket by bucket while the
            // backward pass runs. A rank whose shard is empty has no gradient to compute.
            let rows = x.nrows();
            grad.set_zero();
            let loss = comm.allreduce_mean_overlapped(&mut grad, rows, |grad, hook| {
                if rows == 0 {
                    return 0.0;
                }
                f64::from(model.loss_grad_into_with(&x, &labels, grad, &mut workspace, hook))
            });
            optimizer.step(&mut model, &grad);
            if let Some(progress) = &mut progress {
                progress.batch(loss);
            }
        }
        let (train_loss, train_accuracy) = model.evaluate(&train, &comm);
        let (test_loss, test_accuracy) = model.evaluate(&test, &comm);
        if reached.is_none() && test_accuracy >= TARGET_ACCURACY {
            reached = Some((epoch, start.elapsed()));
        }
        if let Some(progress) = &mut progress {
            progress.epoch(
                Epoch::new(epoch, train_loss)
                    .with_train_accuracy(train_accuracy)
                    .with_test(test_loss, test_accuracy),
            );
        }
    }
    let (_, test_accuracy) = model.evaluate(&test, &comm);
    let elapsed = start.elapsed();
    if let Some(progress) = progress {
        let history = progress.finish();
        println!("\ntest accuracy: {:.2}%", 100.0 * test_accuracy);
        match reached {
            Some((epoch, time)) => println!(
                "{:.0}% test accuracy after epoch {epoch}, {:.3} s after MPI started",
                100.0 * TARGET_ACCURACY,
                time.as_secs_f64()
            ),
            None => println!("never reached {:.0}%", 100.0 * TARGET_ACCURACY),
        }
        println!(
            "training time: {:.3} s after MPI started",
            elapsed.as_secs_f64()
        );
        let dir = Path::new(OUTPUT_DIR);
        std::fs::create_dir_all(dir)?;
        let plot_path = dir.join("digits_mpi_loss.png");
        plot::save_history(&history, &plot_path)?;
        println!("loss and accuracy curves: {}", plot_path.display());
        let checkpoint_path = dir.join("digits_mpi.safetensors");
        checkpoint::save(&model, &checkpoint_path)?;
        println!("checkpoint: {}", checkpoint_path.display());
    }
    Ok(())
}

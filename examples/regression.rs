//! Regression: a tanh network fitted to noisy samples of a curve, and a plot of the fit.
//!
//! Draws 200 points `y = sin(3x) + noise` with `x` in `[−1, 1)`, fits an MLP `1 → 32 → 32 → 1`
//! with tanh activations by Adam on the mean squared error, prints the error as it falls, then
//! draws the fitted curve against the true one and the samples into `target/regression.png`.
//!
//! Run with `cargo run --release --example regression`.

use std::error::Error;
use std::path::Path;

use adjoint::init::{self, Init};
use adjoint::ndarray::Array2;
use adjoint::nn::{Dense, dense};
use adjoint::plot::LinePlot;
use adjoint::prelude::*;

const SAMPLES: usize = 200;
const NOISE: f64 = 0.1;
const STEPS: usize = 2000;
/// Where the plot goes, relative to the current directory.
const OUTPUT_DIR: &str = "target";

/// The function the network learns.
fn truth(x: f32) -> f32 {
    (3.0 * x).sin()
}

#[derive(Params, Clone, Debug)]
struct Mlp {
    first: Dense<f32>,
    second: Dense<f32>,
    out: Dense<f32>,
}

impl Mlp {
    /// Xavier initialization suits tanh, whose slope at 0 is 1.
    fn new(hidden: usize, rng: &mut init::SeededRng) -> Self {
        Mlp {
            first: Dense::with_init(1, hidden, Init::XavierUniform, rng),
            second: Dense::with_init(hidden, hidden, Init::XavierUniform, rng),
            out: Dense::with_init(hidden, 1, Init::XavierUniform, rng),
        }
    }

    /// One prediction per row of `x` (a column of inputs).
    #[differentiable]
    fn predict(&self, x: &Array2<f32>) -> Array2<f32> {
        let h = dense(&self.first, x).tanh();
        let h = dense(&self.second, &h).tanh();
        dense(&self.out, &h)
    }

    #[differentiable(wrt(self))]
    fn loss(&self, x: &Array2<f32>, y: &Array2<f32>) -> f32 {
        mse(&self.predict(x), y)
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut rng = init::rng(0);
    let x: Array2<f32> = init::uniform((SAMPLES, 1), 1.0, &mut rng);
    let noise: Array2<f32> = init::normal((SAMPLES, 1), NOISE, &mut rng);
    let y = x.mapv(truth) + noise;

    let mut model = Mlp::new(32, &mut rng);
    let mut optimizer = Adam::new(0.01);
    for step in 0..=STEPS {
        let (value, grad) = model.loss_grad(&x, &y);
        if step % 250 == 0 {
            println!("step {step:>4}  mse {value:.5}");
        }
        optimizer.step(&mut model, &grad);
    }

    // The noise alone has a mean squared error of about NOISE² = 0.01: a fit far below it
    // would be fitting the noise.
    let grid = Array2::from_shape_fn((201, 1), |(i, _)| -1.0 + i as f32 / 100.0);
    let fitted = model.predict(&grid);
    println!(
        "final mse: {:.5} on the samples (noise variance {:.5}), {:.5} against the true curve",
        model.loss(&x, &y),
        NOISE * NOISE,
        mse(&fitted, &grid.mapv(truth))
    );

    let pairs = |xs: &Array2<f32>, ys: &Array2<f32>| -> Vec<(f64, f64)> {
        xs.iter()
            .zip(ys)
            .map(|(&x, &y)| (f64::from(x), f64::from(y)))
            .collect()
    };
    let dir = Path::new(OUTPUT_DIR);
    std::fs::create_dir_all(dir)?;
    let path = dir.join("regression.png");
    LinePlot::new("A tanh MLP fitted to sin(3x) + noise")
        .x_label("x")
        .y_label("y")
        .points("noisy samples", pairs(&x, &y))
        .line("truth: sin(3x)", pairs(&grid, &grid.mapv(truth)))
        .line("fit", pairs(&grid, &fitted))
        .save(&path)?;
    println!("plot: {}", path.display());
    Ok(())
}

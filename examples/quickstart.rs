//! Quickstart: define a model with `#[differentiable]`, check its gradient against finite
//! differences, then train it with plain gradient descent.
//!
//! Run with `cargo run --release --example quickstart`.

use adjoint::check::Checker;
use adjoint::ndarray::{Array1, Array2, Axis};
use adjoint::prelude::*;

/// One fully connected layer: `x·w + b`, with `b` added to every row.
#[differentiable]
fn dense<F: Float>(x: &Array2<F>, w: &Array2<F>, b: &Array1<F>) -> Array2<F> {
    x.dot(w) + b
}

/// A two-layer perceptron with a ReLU hidden layer, scored by softmax cross-entropy.
#[differentiable(wrt(w1, b1, w2, b2))]
fn loss<F: Float>(
    x: &Array2<F>,
    labels: &Array1<usize>,
    w1: &Array2<F>,
    b1: &Array1<F>,
    w2: &Array2<F>,
    b2: &Array1<F>,
) -> F {
    let h = relu(&dense(x, w1, b1));
    softmax_cross_entropy(&dense(&h, w2, b2), labels)
}

/// A small deterministic generator, so the example needs no dependency and prints the same
/// numbers on every machine.
struct Lcg(u64);

impl Lcg {
    fn uniform(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64) / ((1u64 << 53) as f64)
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform().max(1e-12), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Three interleaved spirals in the plane, 100 points each: not linearly separable.
fn spirals(rng: &mut Lcg) -> (Array2<f64>, Array1<usize>) {
    let per_class = 100;
    let mut x = Array2::zeros((3 * per_class, 2));
    let mut labels = Array1::zeros(3 * per_class);
    for class in 0..3 {
        for i in 0..per_class {
            let row = class * per_class + i;
            let radius = i as f64 / per_class as f64;
            let angle = class as f64 * 4.0 + radius * 4.0 + 0.2 * rng.normal();
            x[[row, 0]] = radius * angle.sin();
            x[[row, 1]] = radius * angle.cos();
            labels[row] = class;
        }
    }
    (x, labels)
}

/// He-normal weights (std √(2/fan_in)) and zero biases.
fn init(rng: &mut Lcg, fan_in: usize, fan_out: usize) -> (Array2<f64>, Array1<f64>) {
    let std = (2.0 / fan_in as f64).sqrt();
    (
        Array2::from_shape_fn((fan_in, fan_out), |_| std * rng.normal()),
        Array1::zeros(fan_out),
    )
}

fn accuracy(
    x: &Array2<f32>,
    labels: &Array1<usize>,
    params: &(Array2<f32>, Array1<f32>, Array2<f32>, Array1<f32>),
) -> f32 {
    let (w1, b1, w2, b2) = params;
    let scores = dense(&relu(&dense(x, w1, b1)), w2, b2);
    let correct = scores
        .axis_iter(Axis(0))
        .zip(labels)
        .filter(|(row, label)| {
            let best = row
                .iter()
                .enumerate()
                .fold(0, |best, (j, &v)| if v > row[best] { j } else { best });
            best == **label
        })
        .count();
    correct as f32 / labels.len() as f32
}

fn main() {
    let mut rng = Lcg(42);
    let (x, labels) = spirals(&mut rng);
    let (w1, b1) = init(&mut rng, 2, 32);
    let (w2, b2) = init(&mut rng, 32, 3);

    // 1. The generated gradient agrees with central finite differences (in f64).
    let (value, grads) = loss_grad(&x, &labels, &w1, &b1, &w2, &b2);
    let report = Checker::new()
        .names(["w1", "b1", "w2", "b2"])
        .check_gradient(
            |(w1, b1, w2, b2): &(Array2<f64>, Array1<f64>, Array2<f64>, Array1<f64>)| {
                loss(&x, &labels, w1, b1, w2, b2)
            },
            &(w1.clone(), b1.clone(), w2.clone(), b2.clone()),
            &grads,
        );
    println!("loss at initialization: {value:.6}");
    println!("gradient check against finite differences:\n{report}");
    report.assert_ok();

    // 2. Train the same model in f32 with plain gradient descent.
    let x = x.mapv(|v| v as f32);
    let mut params = (
        w1.mapv(|v| v as f32),
        b1.mapv(|v| v as f32),
        w2.mapv(|v| v as f32),
        b2.mapv(|v| v as f32),
    );
    let learning_rate = 0.5_f32;
    for step in 0..=500 {
        let (w1, b1, w2, b2) = &params;
        let (value, (dw1, db1, dw2, db2)) = loss_grad(&x, &labels, w1, b1, w2, b2);
        if step % 50 == 0 {
            println!(
                "step {step:>3}  loss {value:.4}  accuracy {:.3}",
                accuracy(&x, &labels, &params)
            );
        }
        params.0.scaled_add(-learning_rate, &dw1);
        params.1.scaled_add(-learning_rate, &db1);
        params.2.scaled_add(-learning_rate, &dw2);
        params.3.scaled_add(-learning_rate, &db2);
    }
}

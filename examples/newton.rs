//! Newton's method with Hessian-vector products: softmax regression on the iris flowers,
//! fitted by Newton–conjugate-gradient steps and, for comparison, by gradient descent.
//!
//! `#[differentiable]` writes `loss_hvp`, which returns the loss, its gradient and the
//! Hessian times a direction, without ever forming the Hessian. A Newton step solves
//! `H·p = −g` by conjugate gradient, which only needs such products: a handful of them per
//! step. Where gradient descent needs hundreds of steps, Newton's method reaches the minimum
//! to machine precision in a few. The dense 15 × 15 Hessian is built once at the end from 15
//! products, to show that it is symmetric and positive definite there.
//!
//! Run with `cargo run --release --example newton`.

use adjoint::curvature::{axpy, conjugate_gradient, hessian, norm, scale};
use adjoint::data::{self, Dataset, Standardizer};
use adjoint::init;
use adjoint::metrics::{accuracy, argmax_rows};
use adjoint::ndarray::{Array1, Array2};
use adjoint::prelude::*;

/// A linear classifier: one score per species, `x·w + b`.
#[derive(Params, Clone, Debug)]
struct Linear {
    w: Array2<f64>,
    b: Array1<f64>,
}

/// The mean softmax cross-entropy with a small L2 penalty on every parameter, which makes the
/// minimum unique: the classes of iris are nearly separable, and adding one constant to every
/// class's bias changes no probability.
#[differentiable(wrt(m))]
fn loss(m: &Linear, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
    let scores = x.dot(&m.w) + &m.b;
    softmax_cross_entropy(&scores, labels) + 0.005 * ((&m.w * &m.w).sum() + m.b.dot(&m.b))
}

fn main() {
    let mut rng = init::rng(0);
    let iris: Dataset<f64> = data::iris();
    let (mut train, mut test) = iris.stratified_split(0.2, &mut rng);
    let scaler = Standardizer::fit(&train.features);
    scaler.transform_inplace(&mut train.features);
    scaler.transform_inplace(&mut test.features);
    let (x, labels) = (&train.features, &train.labels);
    let start = Linear {
        w: Array2::zeros((4, 3)),
        b: Array1::zeros(3),
    };

    println!("Newton–CG:");
    let mut m = start.clone();
    let mut products = 0;
    for step in 1..=10 {
        let (value, grad) = loss_grad(&m, x, labels);
        let mut minus_grad = grad.clone();
        scale(&mut minus_grad, -1.0);
        // The Newton direction p solves H·p = −g; each CG iteration costs one product.
        let (direction, report) = conjugate_gradient(
            &minus_grad,
            |v| loss_hvp(&m, x, labels, v).2,
            1e-10 * norm(&grad),
            50,
        );
        products += report.iterations;
        axpy(&mut m, 1.0, &direction);
        println!(
            "  step {step:>2}  loss {value:.12}  |gradient| {:.1e}  CG iterations {}",
            norm(&grad),
            report.iterations
        );
        if norm(&grad) < 1e-12 {
            break;
        }
    }
    let newton_loss = loss(&m, x, labels);
    println!("  {products} Hessian-vector products in all");

    println!("Gradient descent (step 0.5):");
    let mut g = start.clone();
    let mut optimizer = Sgd::new(0.5);
    let mut steps = 0;
    while loss(&g, x, labels) - newton_loss > 1e-6 && steps < 100_000 {
        let (_, grad) = loss_grad(&g, x, labels);
        optimizer.step(&mut g, &grad);
        steps += 1;
    }
    println!(
        "  {steps} steps to come within 1e-6 of Newton's loss ({:.12})",
        loss(&g, x, labels)
    );

    // The Hessian at the minimum, from one product per coordinate.
    let h = hessian(&m, |v| loss_hvp(&m, x, labels, v).2);
    let asymmetry = (&h - &h.t()).iter().fold(0.0_f64, |a, e| a.max(e.abs()));
    let smallest_pivot = cholesky_smallest_pivot(&h);
    println!(
        "Hessian {}×{}: largest |H − Hᵀ| {asymmetry:.1e}, smallest Cholesky pivot {smallest_pivot:.2e} (positive: a minimum)",
        h.nrows(),
        h.ncols()
    );

    let predicted = argmax_rows(&(test.features.dot(&m.w) + &m.b));
    println!(
        "test accuracy: {:.1}% ({} flowers)",
        100.0 * accuracy(&test.labels, &predicted),
        test.len()
    );
}

/// The smallest pivot of the Cholesky factorization of a symmetric matrix: positive exactly
/// when the matrix is positive definite.
fn cholesky_smallest_pivot(a: &Array2<f64>) -> f64 {
    let n = a.nrows();
    let mut l = Array2::<f64>::zeros((n, n));
    let mut smallest = f64::INFINITY;
    for j in 0..n {
        let pivot = a[[j, j]] - (0..j).map(|k| l[[j, k]] * l[[j, k]]).sum::<f64>();
        smallest = smallest.min(pivot);
        if pivot <= 0.0 {
            return pivot;
        }
        l[[j, j]] = pivot.sqrt();
        for i in j + 1..n {
            let s = a[[i, j]] - (0..j).map(|k| l[[i, k]] * l[[j, k]]).sum::<f64>();
            l[[i, j]] = s / l[[j, j]];
        }
    }
    smallest
}

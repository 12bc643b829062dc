//! Forward mode and Hessian-vector products against the function and its gradient, on the
//! workloads of `shared/baselines/py/bench_second_order.py` (JAX's `jvp` and `jvp(grad)`):
//! S2, an f64 logistic regression 1000×20 with an L2 term of 1e-3, differentiated with respect
//! to `w`; and W2's loss, an f32 MLP 784→128→10 on a batch of 64, with respect to the model.
//!
//! ```sh
//! cargo bench --bench second_order          # 60 rounds
//! cargo bench --bench second_order -- 20    # 20 rounds
//! ```
//!
//! The four variants of a workload take turns, one ~20 ms chunk each per round, so that load
//! from other processes lands on all of them alike; each figure is the median over rounds of
//! the time per call in a chunk.

// The workloads are shared by several benchmarks; this one runs two of them.
#[allow(dead_code)]
mod workloads;

use std::hint::black_box;

use adjoint::ndarray::{Array1, Array2};
use adjoint::prelude::*;
use workloads::{
    LogisticSetup, Mlp2, MlpSetup, Model, W2, medians, mlp2_loss, mlp2_loss_grad, mlp2_loss_hvp,
    mlp2_loss_jvp,
};

/// S2 as JAX's script writes it: `mean(log(1 + exp(z)) − y·z) + 1e-3·‖w‖²`, `z = x·w`.
#[differentiable(wrt(w))]
fn s2(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> f64 {
    let z = x.dot(w);
    mean(&(z.exp().ln_1p() - y * &z)) + 1e-3 * w.dot(w)
}

/// S2 with JAX's `logaddexp(0, z)` as adjoint's `softplus`: one vectorized pass.
#[differentiable(wrt(w))]
fn s2_softplus(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> f64 {
    let z = x.dot(w);
    mean(&(softplus(&z) - y * &z)) + 1e-3 * w.dot(w)
}

fn report(name: &str, t: &[f64], jax: (f64, f64)) {
    println!(
        "| {name} | {:.1} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} | {:.2} | {:.2} |",
        t[0],
        t[1],
        t[2],
        t[3],
        t[2] / t[0],
        t[3] / t[1],
        jax.0,
        jax.1
    );
}

fn main() {
    // One thread inside products and element-wise passes, so that the figures stay
    // comparable with earlier runs and with the peers' one-thread figures.
    adjoint::set_num_threads(1);
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(60);
    println!("One thread, {rounds} rounds; µs per call (median). JAX's ratios: shared/peers.md.");
    println!();
    println!(
        "| workload | f | grad | jvp | hvp | jvp / f | hvp / grad | JAX jvp / f | JAX hvp / grad |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");

    let s = LogisticSetup::new();
    let v = s.w.mapv(|w| (3.0 * w).sin());
    let times = medians(
        rounds,
        &mut [
            &mut || {
                black_box(s2(&s.x, &s.y, black_box(&s.w)));
            },
            &mut || {
                black_box(s2_grad(&s.x, &s.y, black_box(&s.w)));
            },
            &mut || {
                black_box(s2_jvp(&s.x, &s.y, black_box(&s.w), &v));
            },
            &mut || {
                black_box(s2_hvp(&s.x, &s.y, black_box(&s.w), &v));
            },
        ],
    );
    report("S2 logistic 1000×20 f64 (+ L2)", &times, (1.38, 1.18));
    let times = medians(
        rounds,
        &mut [
            &mut || {
                black_box(s2_softplus(&s.x, &s.y, black_box(&s.w)));
            },
            &mut || {
                black_box(s2_softplus_grad(&s.x, &s.y, black_box(&s.w)));
            },
            &mut || {
                black_box(s2_softplus_jvp(&s.x, &s.y, black_box(&s.w), &v));
            },
            &mut || {
                black_box(s2_softplus_hvp(&s.x, &s.y, black_box(&s.w), &v));
            },
        ],
    );
    report("S2 with `softplus(&z)`", &times, (1.38, 1.18));

    let w2 = MlpSetup::new(W2);
    let m = Mlp2::from_layers(&w2.layers);
    let mut d = m.clone();
    for layer in [&mut d.hidden, &mut d.out] {
        layer.w.mapv_inplace(|w| (7.0 * w).cos() * 0.05);
        layer.b.mapv_inplace(|_| 0.01);
    }
    let (x, labels) = (&w2.x, &w2.labels);
    let times = medians(
        rounds,
        &mut [
            &mut || {
                black_box(mlp2_loss(black_box(&m), x, labels));
            },
            &mut || {
                black_box(mlp2_loss_grad(black_box(&m), x, labels));
            },
            &mut || {
                black_box(mlp2_loss_jvp(black_box(&m), x, labels, &d));
            },
            &mut || {
                black_box(mlp2_loss_hvp(black_box(&m), x, labels, &d));
            },
        ],
    );
    report("W2's loss, f32 784→128→10, batch 64", &times, (2.14, 2.10));
}

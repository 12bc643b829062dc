//! A closure mapped over an array, differentiated: `x.mapv(|v| (1 + e^(S·v)).ln())` summed,
//! against the same expression written with array operators (one primitive, and one pass,
//! per operation) and against the gradient written by hand with two `mapv`s. Then the same
//! with the scale `a` a differentiated argument, whose adjoint sums over the elements; then
//! the logistic loss's element-wise part, `Σ ln(1 + e^z) − y·z`, as a closure over `z` and `y`
//! zipped.
//!
//! ```sh
//! cargo bench --bench closures          # 60 rounds
//! cargo bench --bench closures -- 20    # 20 rounds
//! ```
//!
//! The three variants take turns, one ~20 ms chunk each per round; each figure is the median
//! over rounds of the time per call.

// The workloads are shared by several benchmarks; this one uses the timing loop.
#[allow(dead_code)]
mod workloads;

use std::hint::black_box;

use adjoint::ndarray::{Array1, Zip};
use adjoint::prelude::*;
use workloads::medians;

/// The input's scale, a constant.
const S: f64 = 1.3;

/// Softplus of a scaled input, summed: the closure form, one element-wise rule.
#[differentiable]
fn softplus_closure(x: &Array1<f64>) -> f64 {
    x.mapv(|v| (1.0 + (v * S).exp()).ln()).sum()
}

/// The same function with array operators: one primitive per operation.
#[differentiable]
fn softplus_operators(x: &Array1<f64>) -> f64 {
    ((x * S).exp() + 1.0).ln().sum()
}

/// By hand: the value, and `S·σ(S·x)` for the gradient.
fn softplus_by_hand(x: &Array1<f64>) -> (f64, Array1<f64>) {
    let value = x.mapv(|v| (1.0 + (v * S).exp()).ln()).sum();
    let grad = x.mapv(|v| S / (1.0 + (-(v * S)).exp()));
    (value, grad)
}

/// Softplus with a differentiated scale: the closure form, one element-wise rule of `x` and `a`.
#[differentiable]
fn scaled_closure(x: &Array1<f64>, a: f64) -> f64 {
    x.mapv(|v| (1.0 + (v * a).exp()).ln()).sum()
}

/// The same function with array operators.
#[differentiable]
fn scaled_operators(x: &Array1<f64>, a: f64) -> f64 {
    ((x * a).exp() + 1.0).ln().sum()
}

/// By hand: the value, `a·σ(a·x)` for `x` and `Σ x·σ(a·x)` for `a`, in two passes.
fn scaled_by_hand(x: &Array1<f64>, a: f64) -> (f64, (Array1<f64>, f64)) {
    let value = x.mapv(|v| (1.0 + (v * a).exp()).ln()).sum();
    let mut ga = 0.0;
    let gx = x.mapv(|v| {
        let s = 1.0 / (1.0 + (-(v * a)).exp());
        ga += v * s;
        a * s
    });
    (value, (gx, ga))
}

/// The logistic loss's element-wise part, a closure over two arrays zipped.
#[differentiable(wrt(z))]
fn logistic_zip(z: &Array1<f64>, y: &Array1<f64>) -> f64 {
    Zip::from(z)
        .and(y)
        .map_collect(|&z, &y| z.exp().ln_1p() - y * z)
        .sum()
}

/// The same with array operators.
#[differentiable(wrt(z))]
fn logistic_operators(z: &Array1<f64>, y: &Array1<f64>) -> f64 {
    (z.exp().ln_1p() - y * z).sum()
}

/// By hand: the value, and `σ(z) − y`.
fn logistic_by_hand(z: &Array1<f64>, y: &Array1<f64>) -> (f64, Array1<f64>) {
    let value = Zip::from(z)
        .and(y)
        .map_collect(|&z, &y| z.exp().ln_1p() - y * z)
        .sum();
    let grad = Zip::from(z)
        .and(y)
        .map_collect(|&z, &y| 1.0 / (1.0 + (-z).exp()) - y);
    (value, grad)
}

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(60);
    let same =
        |g: &Array1<f64>, h: &Array1<f64>| g.iter().zip(h).all(|(p, q)| (p - q).abs() <= 1e-12);
    println!("Scale S a constant:\n");
    compare(
        rounds,
        input,
        [
            softplus_closure_grad,
            softplus_operators_grad,
            softplus_by_hand,
        ],
        same,
    );
    println!("\nScale `a` a differentiated argument:\n");
    compare(
        rounds,
        input,
        [
            |x| scaled_closure_grad(x, S),
            |x| scaled_operators_grad(x, S),
            |x| scaled_by_hand(x, S),
        ],
        |g, h| same(&g.0, &h.0) && (g.1 - h.1).abs() <= 1e-9 * h.1.abs(),
    );
    println!("\nTwo arrays zipped, `Σ ln(1 + e^z) − y·z`:\n");
    compare(
        rounds,
        |n| {
            let z = input(n);
            let y = z.mapv(|v| if v > 0.0 { 1.0 } else { 0.0 });
            (z, y)
        },
        [
            |(z, y)| logistic_zip_grad(z, y),
            |(z, y)| logistic_operators_grad(z, y),
            |(z, y)| logistic_by_hand(z, y),
        ],
        same,
    );
}

/// One way to compute the value and the gradient.
type Variant<I, G> = fn(&I) -> (f64, G);

/// Times the closure, the operators and the hand-written gradient (in that order) on the input
/// of each size, after checking that their values and gradients agree, and prints a row each.
fn compare<I, G>(
    rounds: usize,
    input: impl Fn(usize) -> I,
    variants: [Variant<I, G>; 3],
    close: impl Fn(&G, &G) -> bool,
) {
    println!(
        "| n | closure (µs) | operators (µs) | by hand (µs) | closure ÷ by hand | operators ÷ by hand |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for n in [1_000, 100_000, 1_000_000] {
        let x = input(n);
        let [(a, ga), (b, gb), (c, gc)] = variants.map(|variant| variant(&x));
        assert!((a - c).abs() <= 1e-9 * c.abs() && (b - c).abs() <= 1e-9 * c.abs());
        assert!(
            close(&ga, &gc) && close(&gb, &gc),
            "the gradients differ from the hand-written one"
        );
        let [closure, operators, by_hand] = variants;
        let t = medians(
            rounds,
            &mut [
                &mut || {
                    black_box(closure(black_box(&x)));
                },
                &mut || {
                    black_box(operators(black_box(&x)));
                },
                &mut || {
                    black_box(by_hand(black_box(&x)));
                },
            ],
        );
        println!(
            "| {n} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} |",
            t[0],
            t[1],
            t[2],
            t[0] / t[2],
            t[1] / t[2]
        );
    }
}

/// `n` inputs spread over [-1, 1].
fn input(n: usize) -> Array1<f64> {
    Array1::from_shape_fn(n, |i| ((i * 37 % 101) as f64 / 50.0) - 1.0)
}

//! Threads inside products: one thread against two (`adjoint::set_num_threads`), paired.
//!
//! ```sh
//! cargo bench --bench threads                 # products, then W1–W3 steps, 60 rounds
//! cargo bench --bench threads -- steps 100    # the steps only, 100 rounds
//! cargo bench --bench threads -- products     # the products only
//! cargo bench --bench threads -- steps W3     # one workload's steps
//! ```
//!
//! - `products`: `matmul` of f32 matrices of several sizes around the threshold
//!   (`adjoint::threads::PARALLEL_MIN_MULTIPLY_ADDS`), each forced onto one or two threads by
//!   a threshold of 0: where two threads start to win; and `Sgd::step` on weight matrices of
//!   several sizes, for the threshold of element-wise passes (`PARALLEL_MIN_ELEMENTS`).
//! - `steps`: a training step of W1, W2 and W3 (`NAME_grad` + `Sgd`, and `NAME_grad_into` +
//!   `Sgd`, as `a_step` and `a_into_step` of `benches/steps.rs`), with the default threshold.
//!
//! In every round each variant runs one ~25 ms chunk, one thread then two or two then one in
//! turn, so that load from other processes lands on both alike; parameters are reset between
//! chunks, outside the timer. Each figure is the median over rounds of the time per call in a
//! chunk; the ratio is that of the two medians, and beside it the median of the rounds' own
//! ratios.

// The workloads are shared by several benchmarks; this one runs the MLPs.
#[allow(dead_code)]
mod workloads;

use std::hint::black_box;
use std::time::{Duration, Instant};

use adjoint::ndarray::Array2;
use adjoint::ops::linalg::matmul;
use adjoint::prelude::*;
use workloads::{LR, Mlp2, Mlp3, MlpSetup, MlpWorkload, Model, W1, W2, W3};

const CHUNK: Duration = Duration::from_millis(25);

/// The thread counts compared.
const COUNTS: [usize; 2] = [1, 2];

/// Medians of the time per call (µs) of `call` at each of [`COUNTS`], and the median of the
/// rounds' ratios (two threads over one). `reset` makes a fresh state before every chunk,
/// outside the timer.
fn paired<S>(
    rounds: usize,
    mut reset: impl FnMut() -> S,
    mut call: impl FnMut(&mut S),
) -> ([f64; 2], f64) {
    // Calls per chunk, from one timed call on one thread (after a warm-up call on each count).
    for n in COUNTS {
        adjoint::set_num_threads(n);
        call(&mut reset());
    }
    adjoint::set_num_threads(1);
    let mut state = reset();
    let start = Instant::now();
    call(&mut state);
    let once = start.elapsed().max(Duration::from_nanos(100));
    let calls = (CHUNK.as_secs_f64() / once.as_secs_f64()).clamp(1.0, 1e6) as u32;

    let mut times = [Vec::with_capacity(rounds), Vec::with_capacity(rounds)];
    let mut ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let mut this_round = [0.0; 2];
        for k in 0..2 {
            let i = (k + round) % 2;
            adjoint::set_num_threads(COUNTS[i]);
            let mut state = reset();
            let start = Instant::now();
            for _ in 0..calls {
                call(&mut state);
            }
            this_round[i] = start.elapsed().as_secs_f64() * 1e6 / f64::from(calls);
            drop(state);
        }
        times[0].push(this_round[0]);
        times[1].push(this_round[1]);
        ratios.push(this_round[1] / this_round[0]);
    }
    (
        [median(&mut times[0]), median(&mut times[1])],
        median(&mut ratios),
    )
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn row(name: &str, (times, round_ratio): ([f64; 2], f64)) {
    println!(
        "| {name} | {:.1} | {:.1} | **{:.2}** | {:.2} |",
        times[0],
        times[1],
        times[1] / times[0],
        round_ratio
    );
}

fn header(rounds: usize, what: &str) {
    println!("\n{what}: {rounds} rounds, 1 and 2 threads in turn; µs per call (median)\n");
    println!("| {what} | 1 thread | 2 threads | 2 / 1 | median of rounds' 2 / 1 |");
    println!("|---|---:|---:|---:|---:|");
}

/// `m×k · k×n` products from below to above the threshold, every one allowed two threads.
fn products(rounds: usize) {
    header(rounds, "product m·k·n (f32)");
    // (m, k, n, whether `a` is a transposed view, as in a weight's gradient `xᵀ·g`).
    let sizes = [
        (32, 64, 64, false),
        (64, 64, 64, false),
        (64, 64, 128, false),
        (64, 128, 128, false),
        (64, 256, 128, false),
        (64, 512, 128, false),
        (150, 784, 16, false),
        (64, 784, 128, false),
        (784, 64, 128, true),
        (128, 784, 128, false),
        (256, 784, 64, false),
        (256, 512, 512, false),
        (512, 256, 512, true),
        (256, 784, 512, false),
        (784, 256, 512, true),
    ];
    let threshold = adjoint::threads::PARALLEL_MIN_MULTIPLY_ADDS;
    for (m, k, n, transposed) in sizes {
        let a = if transposed {
            Array2::from_shape_fn((k, m), |(i, j)| ((i * 7 + j * 3) % 11) as f32 - 5.0)
                .reversed_axes()
        } else {
            Array2::from_shape_fn((m, k), |(i, j)| ((i * 7 + j * 3) % 11) as f32 - 5.0)
        };
        let b = Array2::from_shape_fn((k, n), |(i, j)| ((i * 5 + j) % 13) as f32 - 6.0);
        let result = adjoint::threads::with_parallel_threshold(0, || {
            paired(
                rounds,
                || (),
                |_| {
                    black_box(matmul(black_box(&a), &b));
                },
            )
        });
        let mark = if m * k * n >= threshold {
            " ≥ threshold"
        } else {
            ""
        };
        let t = if transposed { "ᵀ" } else { "" };
        row(
            &format!("{m}·{k}{t}·{n} = {:.2} M{mark}", (m * k * n) as f64 / 1e6),
            result,
        );
    }
}

/// `Sgd::step` on one weight matrix of several sizes, every one allowed two threads.
fn updates(rounds: usize) {
    header(rounds, "Sgd::step of rows×columns (f32)");
    for (rows, columns) in [
        (64, 64),
        (128, 128),
        (128, 256),
        (256, 256),
        (784, 128),
        (512, 512),
        (784, 512),
    ] {
        let w = Array2::from_shape_fn((rows, columns), |(i, j)| (i + j) as f32 * 1e-3);
        let g = Array2::from_shape_fn((rows, columns), |(i, j)| (i * j % 7) as f32 * 1e-3);
        let mut opt = Sgd::new(0.01);
        let result = adjoint::threads::with_element_threshold(0, || {
            paired(rounds, || w.clone(), |w| opt.step(black_box(w), &g))
        });
        let mark = if rows * columns >= adjoint::threads::PARALLEL_MIN_ELEMENTS {
            " ≥ threshold"
        } else {
            ""
        };
        row(
            &format!("{rows}×{columns} = {}{mark}", rows * columns),
            result,
        );
    }
}

/// One workload's steps: `NAME_grad` + `Sgd`, then `NAME_grad_into` + `Sgd`.
fn steps<M: Model>(rounds: usize, workload: MlpWorkload) {
    let setup = MlpSetup::new(workload);
    let (x, labels, layers) = (&setup.x, &setup.labels, &setup.layers);
    let mut opt = Sgd::new(f64::from(LR));
    let result = paired(
        rounds,
        || M::from_layers(layers),
        |m| {
            black_box(m.step(x, labels, &mut opt));
        },
    );
    row(&format!("{} a_step", workload.name), result);
    let (mut grads, mut ws) = (M::from_layers(layers), adjoint::Workspace::new());
    let result = paired(
        rounds,
        || M::from_layers(layers),
        |m| {
            black_box(m.step_into(x, labels, &mut grads, &mut ws, &mut opt));
        },
    );
    row(&format!("{} a_into_step", workload.name), result);
}

/// Whether W3's gradient has the same bits on one thread and on two, and on two twice.
fn same_bits() {
    let setup = MlpSetup::new(W3);
    let m = Mlp3::from_layers(&setup.layers);
    let bits = |n: usize| {
        adjoint::set_num_threads(n);
        let (loss, grads) = m.loss_grad(&setup.x, &setup.labels);
        let mut bits = vec![loss.to_bits()];
        for layer in grads.to_layers() {
            bits.extend(layer.w.iter().chain(&layer.b).map(|v| v.to_bits()));
        }
        bits
    };
    let (one, two, two_again) = (bits(1), bits(2), bits(2));
    println!(
        "\nW3 gradient bits: 2 threads twice {}, 1 thread and 2 threads {}",
        if two == two_again {
            "identical"
        } else {
            "DIFFER"
        },
        if one == two { "identical" } else { "differ" }
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds = args.iter().find_map(|a| a.parse().ok()).unwrap_or(60);
    let only = |what: &str| {
        let named = args.iter().any(|a| a == "products" || a == "steps");
        !named || args.iter().any(|a| a == what)
    };
    println!(
        "cores: {}, thresholds: {} multiply-adds, {} elements",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        adjoint::threads::PARALLEL_MIN_MULTIPLY_ADDS,
        adjoint::threads::PARALLEL_MIN_ELEMENTS
    );
    if only("products") {
        products(rounds);
        updates(rounds);
    }
    if only("steps") {
        same_bits();
        header(rounds, "step");
        let workload = |name: &str| {
            let named = args.iter().any(|a| a.starts_with('W'));
            !named || args.iter().any(|a| a == name)
        };
        if workload("W1") {
            steps::<Mlp2>(rounds, W1);
        }
        if workload("W2") {
            steps::<Mlp2>(rounds, W2);
        }
        if workload("W3") {
            steps::<Mlp3>(rounds, W3);
        }
    }
}

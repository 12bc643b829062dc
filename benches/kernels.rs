//! The vectorized element-wise kernels against the standard library's functions, one element
//! at a time over the same 1,000 `f64`s: `exp`, `ln_1p`, `tanh` and the sigmoid.
//!
//! ```sh
//! cargo bench --bench kernels          # 60 rounds
//! cargo bench --bench kernels -- 20    # 20 rounds
//! ```
//!
//! The two variants take turns, 200 passes each per round; each figure is the median over
//! rounds of the time per element.

use std::hint::black_box;
use std::time::Instant;

use adjoint::ops::unary::{Exp, Ln1p, Sigmoid, Tanh, UnaryRule};
use adjoint::ops::vectorized::Kernel;

/// Passes over the input per timed chunk.
const PASSES: u32 = 200;

/// The time per element, in ns, of `PASSES` calls of `pass` over `n` elements.
fn per_element(n: usize, mut pass: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..PASSES {
        pass();
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(PASSES) / n as f64
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// One table row: the rule element by element, then its kernel over the slice, interleaved.
fn compare(name: &str, rule: &impl UnaryRule, kernel: Kernel, x: &[f64], rounds: usize) {
    let mut out = vec![0.0; x.len()];
    let (mut by_element, mut by_kernel) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        by_element.push(per_element(x.len(), || {
            for (o, &v) in out.iter_mut().zip(black_box(x)) {
                *o = rule.value(v);
            }
            black_box(&out);
        }));
        by_kernel.push(per_element(x.len(), || {
            kernel.apply(black_box(x), &mut out);
            black_box(&out);
        }));
    }
    let (element, vectorized) = (median(by_element), median(by_kernel));
    println!(
        "| {name} | {element:.2} | {vectorized:.2} | {:.1} |",
        element / vectorized
    );
}

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(60);
    let x: Vec<f64> = (0..1000)
        .map(|i| (f64::from(i) * 0.37).sin() * 5.0)
        .collect();
    let positive: Vec<f64> = x.iter().map(|v| v.abs()).collect();
    println!("{rounds} rounds; ns per element (median), 1,000 f64.");
    println!();
    println!("| function | standard library | kernel | speedup |");
    println!("|---|---:|---:|---:|");
    compare("exp", &Exp, Kernel::Exp, &x, rounds);
    compare("ln_1p", &Ln1p, Kernel::Ln1p, &positive, rounds);
    compare("tanh", &Tanh, Kernel::Tanh, &x, rounds);
    compare("sigmoid", &Sigmoid, Kernel::Sigmoid, &x, rounds);
}

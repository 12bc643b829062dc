//! A convolution block, forward and backward, on one thread: conv 3×3 with padding 1, ReLU,
//! max-pool 2×2, f32, NCHW, on the three shapes of `shared/peers.md` (digits, MNIST, a second
//! layer). The backward pass starts from an upstream gradient of ones (the gradient of the
//! output's sum) and computes the gradients of `x`, `w` and `b`, as PyTorch's
//! `out.sum().backward()` does in `shared/baselines/py/bench_second_order.py`.
//!
//! ```sh
//! cargo bench --bench conv             # every shape, then a table with the ratios to PyTorch
//! cargo bench --bench conv -- mnist    # one shape
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use adjoint::Workspace;
use adjoint::init;
use adjoint::ndarray::Array4;
use adjoint::nn::{Conv2d, conv, max_pool2d};
use adjoint::prelude::*;
use criterion::{Criterion, SamplingMode};

/// The block: `max_pool2d(relu(conv(layer, x)), 2)`, summed so that the upstream gradient of
/// its output is ones.
#[differentiable(wrt(layer, x))]
fn block(layer: &Conv2d<f32>, x: &Array4<f32>) -> f32 {
    let h = relu(&conv(layer, x));
    max_pool2d(&h, (2, 2), (2, 2)).sum()
}

/// The forward pass alone, as PyTorch's `torch.no_grad()` forward.
fn block_forward(layer: &Conv2d<f32>, x: &Array4<f32>) -> Array4<f32> {
    max_pool2d(&relu(&conv(layer, x)), (2, 2), (2, 2))
}

/// A shape of the block, with PyTorch eager's figures from `shared/peers.md`.
struct Shape {
    name: &'static str,
    n: usize,
    c_in: usize,
    c_out: usize,
    /// Height and width.
    side: usize,
    torch_forward_us: f64,
    torch_both_us: f64,
    /// The target for the forward + backward, a ratio to PyTorch's.
    target: f64,
}

const SHAPES: [Shape; 3] = [
    Shape {
        name: "digits_64x1to16x8x8",
        n: 64,
        c_in: 1,
        c_out: 16,
        side: 8,
        torch_forward_us: 338.0,
        torch_both_us: 905.0,
        target: 0.3,
    },
    Shape {
        name: "mnist_64x1to32x28x28",
        n: 64,
        c_in: 1,
        c_out: 32,
        side: 28,
        torch_forward_us: 11_038.0,
        torch_both_us: 14_522.0,
        target: 1.0,
    },
    Shape {
        name: "layer2_64x32to64x14x14",
        n: 64,
        c_in: 32,
        c_out: 64,
        side: 14,
        torch_forward_us: 6_804.0,
        torch_both_us: 13_478.0,
        target: 1.0,
    },
];

fn main() {
    // One thread inside products and element-wise passes, so that the figures stay
    // comparable with earlier runs and with the peers' one-thread figures.
    adjoint::set_num_threads(1);
    let since = SystemTime::now();
    let mut c = Criterion::default()
        .output_directory(&criterion_home())
        .configure_from_args();
    for Shape {
        name,
        n,
        c_in,
        c_out,
        side,
        ..
    } in SHAPES
    {
        let mut rng = init::rng(0);
        let layer = Conv2d::new(c_in, c_out, (3, 3), &mut rng).padding((1, 1));
        let x: Array4<f32> = init::normal((n, c_in, side, side), 1.0, &mut rng);
        let mut group = c.benchmark_group(name);
        group
            .sample_size(30)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
        // The gradients added into buffers kept between calls, every array from a workspace.
        group.bench_function("grad_into", |b| {
            let (mut grads, mut ws) = ((layer.zeros_like(), x.zeros_like()), Workspace::new());
            b.iter(|| {
                grads.set_zero();
                black_box(block_grad_into(&layer, black_box(&x), &mut grads, &mut ws))
            })
        });
        // The gradients as new arrays, as `NAME_grad` returns them.
        group.bench_function("grad", |b| {
            b.iter(|| black_box(block_grad(&layer, black_box(&x))))
        });
        group.bench_function("forward", |b| {
            b.iter(|| black_box(block_forward(&layer, black_box(&x))))
        });
        group.finish();
    }
    c.final_summary();
    print_table(since);
}

/// Where criterion writes its estimates (the rule criterion itself follows).
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("criterion")
}

/// The median time in µs of `group/bench`, if this run measured it.
fn median(group: &str, bench: &str, since: SystemTime) -> Option<f64> {
    let path = criterion_home()
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    if std::fs::metadata(&path).ok()?.modified().ok()? < since {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64().map(|ns| ns / 1e3)
}

/// Each shape's medians, and their ratios to PyTorch eager's figures in `shared/peers.md`
/// (measured on another machine of this kind: see BENCHMARKS.md).
fn print_table(since: SystemTime) {
    println!(
        "\n| shape | forward µs | ×PyTorch | grad_into µs | grad µs | ×PyTorch (grad_into) | target |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for Shape {
        name,
        torch_forward_us,
        torch_both_us,
        target,
        ..
    } in SHAPES
    {
        let (Some(forward), Some(into), Some(grad)) = (
            median(name, "forward", since),
            median(name, "grad_into", since),
            median(name, "grad", since),
        ) else {
            continue;
        };
        println!(
            "| {name} | {forward:.1} | {:.2} | {into:.1} | {grad:.1} | {:.2} | ≤ {target} |",
            forward / torch_forward_us,
            into / torch_both_us
        );
    }
}

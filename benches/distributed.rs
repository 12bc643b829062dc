//! The W3 gradient (MLP 784→512→512→10, f32, global batch 256) data-parallel on MPI: how much
//! of the allreduce [`Communicator::allreduce_mean_overlapped`] hides behind the backward pass.
//! Run under `mpirun`; rank 0 prints the medians. See BENCHMARKS.md, "Data-parallel training
//! on MPI".
//!
//! Four variants take turns, in an order that rotates every round, each after a barrier:
//!
//! - (a) `after`: the backward pass (`loss_grad_into`), then `allreduce_mean`;
//! - (b) `overlapped`: `allreduce_mean_overlapped` around `loss_grad_into_with`;
//! - (c) `backward`: the backward pass alone;
//! - (d) `allreduce`: `allreduce_mean` alone, of the same gradient.
//!
//! The communication hidden is `((c) + (d) − (b)) / (d)`: 0 when the overlapped step costs the
//! backward plus the whole allreduce, 1 when it costs the backward alone. Each figure is rank
//! 0's median over the rounds; the fraction hidden and the ratio (b)/(a) are the medians of the
//! per-round values. Each bucket size of `BUCKETS` is measured: 4 MB holds the whole 2.68 MB
//! gradient in one bucket, which starts only when the backward pass ends, so nothing overlaps
//! and its (b)/(a) is the control; `BUCKET_BYTES` (1 MB) is the default.
//!
//! ```sh
//! cargo build --release --features mpi --bench distributed
//! BIN=$(ls -t target/release/deps/distributed-* | grep -v '\.d$' | head -1)
//! mpirun --allow-run-as-root --oversubscribe -n 2 $BIN
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use adjoint::Workspace;
use adjoint::distributed::{BUCKET_BYTES, Communicator};
use adjoint::init;
use adjoint::ndarray::{Array1, Array2};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

const GLOBAL_BATCH: usize = 256;
const WARM_UP: usize = 30;
const ROUNDS: usize = 100;
/// The bucket sizes measured, in bytes.
const BUCKETS: [usize; 4] = [4 << 20, BUCKET_BYTES, 256 << 10, 64 << 10];

#[derive(Params, Clone)]
struct Mlp3 {
    l1: Dense<f32>,
    l2: Dense<f32>,
    l3: Dense<f32>,
}

#[differentiable(wrt(m))]
fn loss(m: &Mlp3, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let h1 = relu(&dense(&m.l1, x));
    let h2 = relu(&dense(&m.l2, &h1));
    softmax_cross_entropy(&dense(&m.l3, &h2), labels)
}

/// The variants, in the order of the module's list.
#[derive(Clone, Copy)]
enum Variant {
    After,
    Overlapped,
    Backward,
    Allreduce,
}

const VARIANTS: [Variant; 4] = [
    Variant::After,
    Variant::Overlapped,
    Variant::Backward,
    Variant::Allreduce,
];

/// The median of `values`.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

fn main() {
    // One thread per rank inside products: the ranks already share the cores (two ranks on
    // two cores here), and the figures stay comparable with earlier runs.
    adjoint::set_num_threads(1);
    let mut comm = Communicator::world();
    let mut rng = init::rng(0);
    let mut model = Mlp3 {
        l1: Dense::new(784, 512, &mut rng),
        l2: Dense::new(512, 512, &mut rng),
        l3: Dense::new(512, 10, &mut rng),
    };
    comm.broadcast_params(&mut model);
    // This rank's shard of a global batch of arbitrary pixels in [-1, 1) and labels.
    let (base, extra) = (GLOBAL_BATCH / comm.size(), GLOBAL_BATCH % comm.size());
    let rows = base + usize::from(comm.rank() < extra);
    let x = Array2::from_shape_fn((rows, 784), |(i, j)| {
        ((i * 7919 + j * 104_729 + comm.rank() * 13) % 1000) as f32 / 500.0 - 1.0
    });
    let labels = Array1::from_shape_fn(rows, |i| i % 10);
    let mut workspace = Workspace::new();
    let mut grads = model.zeros_like();
    let bytes = model.num_params() * std::mem::size_of::<f32>();
    if comm.is_root() {
        println!(
            "W3 on {} rank(s), {rows} rows each, {:.2} MB of gradient; medians of {ROUNDS} rounds \
             (ms)",
            comm.size(),
            bytes as f64 / 1e6,
        );
        println!(
            "| buckets | buckets' size | (a) backward, then allreduce | (b) overlapped | \
             (c) backward | (d) allreduce | hidden ((c)+(d)−(b))/(d) | (b)/(a) |"
        );
        println!("|---|---|---:|---:|---:|---:|---:|---:|");
    }
    for bucket_bytes in BUCKETS {
        comm = comm.with_bucket_bytes(bucket_bytes);
        let mut times: [Vec<f64>; 4] = Default::default();
        let (mut hidden, mut ratio) = (Vec::new(), Vec::new());
        let mut check = 0.0_f64;
        for round in 0..WARM_UP + ROUNDS {
            let mut this_round = [0.0; 4];
            for k in 0..VARIANTS.len() {
                let which = (round + k) % VARIANTS.len();
                comm.barrier();
                let start = Instant::now();
                match VARIANTS[which] {
                    Variant::After => {
                        grads.set_zero();
                        loss_grad_into(&model, &x, &labels, &mut grads, &mut workspace);
                        comm.allreduce_mean(&mut grads, rows);
                    }
                    Variant::Overlapped => {
                        grads.set_zero();
                        comm.allreduce_mean_overlapped(&mut grads, rows, |grads, hook| {
                            loss_grad_into_with(&model, &x, &labels, grads, &mut workspace, hook)
                        });
                    }
                    Variant::Backward => {
                        grads.set_zero();
                        loss_grad_into(&model, &x, &labels, &mut grads, &mut workspace);
                    }
                    Variant::Allreduce => comm.allreduce_mean(&mut grads, rows),
                }
                this_round[which] = ms(start.elapsed());
                // Something of every variant's result, so that none is optimised away.
                check += black_box(grads.l1.b[0]).to_f64_exact();
            }
            if round >= WARM_UP {
                for (k, time) in this_round.iter().enumerate() {
                    times[k].push(*time);
                }
                let [after, overlapped, backward, allreduce] = this_round;
                hidden.push((backward + allreduce - overlapped) / allreduce);
                ratio.push(overlapped / after);
            }
        }
        let buckets = bytes.div_ceil(bucket_bytes);
        if comm.is_root() {
            let [a, b, c, d] = times.map(median);
            println!(
                "| {buckets} | {} KB | {a:.2} | {b:.2} | {c:.2} | {d:.2} | {:.0}% | {:.2} |",
                bucket_bytes >> 10,
                100.0 * median(hidden),
                median(ratio)
            );
        }
        black_box(check);
    }
}

//! The W3 training step (MLP 784→512→512→10, f32, global batch 256) data-parallel on MPI:
//! each rank's share of the step's compute (gradient of its shard and the optimizer's step) and
//! the allreduce, timed apart. Run under `mpirun`; rank 0 prints the medians. See BENCHMARKS.md.
//!
//! ```sh
//! cargo build --release --features mpi --bench distributed
//! BIN=$(ls -t target/release/deps/distributed-* | grep -v '\.d$' | head -1)
//! mpirun --allow-run-as-root --oversubscribe -n 1 $BIN
//! mpirun --allow-run-as-root --oversubscribe -n 2 $BIN
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use adjoint::distributed::Communicator;
use adjoint::init;
use adjoint::ndarray::{Array1, Array2};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

const GLOBAL_BATCH: usize = 256;
const WARM_UP: usize = 10;
const STEPS: usize = 100;

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

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e3
}

fn main() {
    let comm = Communicator::world();
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
    let mut optimizer = Sgd::new(0.01);
    let (mut compute, mut reduce, mut total) = (Vec::new(), Vec::new(), Vec::new());
    for step in 0..WARM_UP + STEPS {
        comm.barrier();
        let start = Instant::now();
        let (_, mut grad) = loss_grad(&model, &x, &labels);
        let computed = Instant::now();
        comm.allreduce_mean(&mut grad, rows);
        let reduced = Instant::now();
        optimizer.step(&mut model, black_box(&grad));
        let end = Instant::now();
        if step >= WARM_UP {
            compute.push((computed - start) + (end - reduced));
            reduce.push(reduced - computed);
            total.push(end - start);
        }
    }
    if comm.is_root() {
        let bytes = model.num_params() * std::mem::size_of::<f32>();
        println!(
            "W3 on {} rank(s), {rows} rows each, {:.2} MB of gradient: step {:.2} ms \
             (compute {:.2} ms, allreduce {:.2} ms, overlap 0%: the reduction follows the backward)",
            comm.size(),
            bytes as f64 / 1e6,
            median(total),
            median(compute),
            median(reduce),
        );
    }
}

//! A small data-parallel training run whose final parameters the distributed tests compare:
//! an MLP `64 → 32 → 10` on the digits, trained with plain SGD on global batches drawn by
//! [`DistributedBatches`], the gradients reduced by [`Communicator::allreduce_mean`].
//!
//! Usage: `mpirun -n RANKS target/debug/examples/mpi_train f32|f64 STEPS GLOBAL_BATCH SEED OUT [panic|mismatch]`.
//! Rank 0 writes the final parameters to `OUT`, one leaf element a line as the bits of the
//! float in hexadecimal, so that runs can be compared exactly. `panic` makes the last rank panic
//! after its first step; `mismatch` gives the last rank a hidden layer one unit wider.

use std::error::Error;
use std::fmt::Write as _;

use adjoint::Float as _;
use adjoint::data::{self, Dataset};
use adjoint::distributed::{Communicator, DistributedBatches};
use adjoint::init;
use adjoint::ndarray::{Array1, Array2};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

/// The model and its training loop for one float type `F`.
macro_rules! trainer {
    ($module:ident, $float:ty) => {
        mod $module {
            use super::*;
            type F = $float;

            #[derive(Params, Clone)]
            struct Mlp {
                hidden: Dense<F>,
                out: Dense<F>,
            }

            #[differentiable(wrt(m))]
            fn loss(m: &Mlp, x: &Array2<F>, labels: &Array1<usize>) -> F {
                let h = relu(&dense(&m.hidden, x));
                softmax_cross_entropy(&dense(&m.out, &h), labels)
            }

            pub fn train(args: &[String]) -> Result<(), Box<dyn Error>> {
                let steps: usize = args[1].parse()?;
                let batch: usize = args[2].parse()?;
                let seed: u64 = args[3].parse()?;
                let fault = args.get(5).map(String::as_str);
                let comm = Communicator::world();
                let last = comm.size() > 1 && comm.rank() + 1 == comm.size();
                let digits: Dataset<F> = data::digits();
                // Every rank draws its own initial weights; the broadcast makes them rank 0's.
                let mut rng = init::rng(seed + comm.rank() as u64);
                let hidden = if fault == Some("mismatch") && last {
                    33
                } else {
                    32
                };
                let mut model = Mlp {
                    hidden: Dense::new(digits.n_features(), hidden, &mut rng),
                    out: Dense::new(hidden, digits.n_classes(), &mut rng),
                };
                comm.broadcast_params(&mut model);
                let mut optimizer = Sgd::new(0.05);
                let mut step = 0;
                let mut epoch = 0;
                while step < steps {
                    for (x, labels) in DistributedBatches::new(&digits, batch, seed + epoch, &comm)
                    {
                        if step == steps {
                            break;
                        }
                        let rows = x.nrows();
                        let mut grad = if rows > 0 {
                            loss_grad(&model, &x, &labels).1
                        } else {
                            model.zeros_like()
                        };
                        comm.allreduce_mean(&mut grad, rows);
                        optimizer.step(&mut model, &grad);
                        step += 1;
                        if fault == Some("panic") && last {
                            panic!("rank {} fails on purpose after step {step}", comm.rank());
                        }
                    }
                    epoch += 1;
                }
                if comm.is_root() {
                    let mut text = String::new();
                    model.visit("", &mut |path, leaf| {
                        for x in leaf.iter() {
                            let _ = writeln!(text, "{path} {:x}", x.to_f64_exact().to_bits());
                        }
                    });
                    std::fs::write(&args[4], text)?;
                }
                Ok(())
            }
        }
    };
}

trainer!(single, f32);
trainer!(double, f64);

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    assert!(
        args.len() >= 5,
        "usage: mpi_train f32|f64 STEPS GLOBAL_BATCH SEED OUT [panic|mismatch]"
    );
    match args[0].as_str() {
        "f32" => single::train(&args),
        "f64" => double::train(&args),
        other => panic!("mpi_train: the float type is f32 or f64, not {other}"),
    }
}

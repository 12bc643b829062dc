//! A small data-parallel training run whose final parameters the distributed tests compare:
//! an MLP `64 → 32 → 10` on the digits, trained with plain SGD on global batches drawn by
//! [`DistributedBatches`], the gradients reduced by [`Communicator::allreduce_mean`] or
//! [`Communicator::allreduce_mean_overlapped`].
//!
//! Usage: `mpirun -n RANKS target/debug/examples/mpi_train f32|f64 STEPS GLOBAL_BATCH SEED OUT [FLAG…]`.
//! Rank 0 writes the final parameters to `OUT`, one leaf element a line as the bits of the
//! float in hexadecimal, so that runs can be compared exactly. The flags:
//!
//! - `overlapped`: reduce with `allreduce_mean_overlapped`, and check at every step that it
//!   gives what `allreduce_mean` gives (to a relative 1e-15 in f64, 1e-6 in f32) and the same
//!   bits on every rank;
//! - `deep`: the model `64 → 32 → 32 → 10` with its hidden layers in a `Vec`, differentiated by
//!   a loop in a function of their own, so that the backward pass reports the output layer as
//!   soon as it is final and the hidden layers whole at its end;
//! - `small-buckets`: buckets of 1000 bytes rather than the default 1 MB, so that the
//!   gradient travels in several;
//! - `panic`: the last rank panics after its first step;
//! - `mismatch`: the last rank's first hidden layer is one unit wider;
//! - `bucket-mismatch` (with `small-buckets`): the last rank's buckets are twice as large;
//! - `layout` (with `overlapped`): the last rank reports the parts of its gradient in another
//!   order than the other ranks.

use std::error::Error;
use std::fmt::Write as _;

use adjoint::data::{self, Dataset};
use adjoint::distributed::{Communicator, DistributedBatches};
use adjoint::init::{self, SeededRng};
use adjoint::ndarray::{Array1, Array2};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;
use adjoint::{GradientHook, Workspace};

/// The bucket size of `small-buckets`: not a whole number of elements, and smaller than most
/// leaves, so that leaves straddle buckets.
const SMALL_BUCKET_BYTES: usize = 1000;

/// The models and the training loop for one float type `F`, whose allreduces must agree to a
/// relative `$tolerance`.
macro_rules! trainer {
    ($module:ident, $float:ty, $tolerance:expr) => {
        mod $module {
            use super::*;
            type F = $float;

            /// What the training loop needs of a model.
            trait Model: Params<Elem = F> + Clone {
                fn new(features: usize, hidden: usize, classes: usize, rng: &mut SeededRng)
                -> Self;

                /// Adds the gradient of the loss into `grads`, telling `hook` its parts.
                fn grad_into_with(
                    &self,
                    x: &Array2<F>,
                    labels: &Array1<usize>,
                    grads: &mut Self,
                    workspace: &mut Workspace,
                    hook: &mut impl GradientHook,
                ) -> F;
            }

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

            impl Model for Mlp {
                fn new(features: usize, hidden: usize, classes: usize, rng: &mut SeededRng) -> Self {
                    Mlp {
                        hidden: Dense::new(features, hidden, rng),
                        out: Dense::new(hidden, classes, rng),
                    }
                }

                fn grad_into_with(
                    &self,
                    x: &Array2<F>,
                    labels: &Array1<usize>,
                    grads: &mut Self,
                    workspace: &mut Workspace,
                    hook: &mut impl GradientHook,
                ) -> F {
                    loss_grad_into_with(self, x, labels, grads, workspace, hook)
                }
            }

            #[derive(Params, Clone)]
            struct Deep {
                hidden: Vec<Dense<F>>,
                out: Dense<F>,
            }

            #[differentiable(wrt(m))]
            fn deep_loss(m: &Deep, x: &Array2<F>, labels: &Array1<usize>) -> F {
                let h = hidden_layers(&m.hidden, x);
                softmax_cross_entropy(&dense(&m.out, &h), labels)
            }

            #[differentiable]
            fn hidden_layers(layers: &Vec<Dense<F>>, x: &Array2<F>) -> Array2<F> {
                let mut h = x.to_owned();
                for layer in layers {
                    h = relu(&dense(layer, &h));
                }
                h
            }

            impl Model for Deep {
                fn new(features: usize, hidden: usize, classes: usize, rng: &mut SeededRng) -> Self {
                    Deep {
                        hidden: vec![
                            Dense::new(features, hidden, rng),
                            Dense::new(hidden, 32, rng),
                        ],
                        out: Dense::new(32, classes, rng),
                    }
                }

                fn grad_into_with(
                    &self,
                    x: &Array2<F>,
                    labels: &Array1<usize>,
                    grads: &mut Self,
                    workspace: &mut Workspace,
                    hook: &mut impl GradientHook,
                ) -> F {
                    deep_loss_grad_into_with(self, x, labels, grads, workspace, hook)
                }
            }

            /// The largest difference between the leaves of `a` and `b`, relative to the
            /// largest magnitude in `b`'s leaf.
            fn relative_difference<P: Params<Elem = F>>(a: &mut P, b: &P) -> f64 {
                let mut worst = 0.0_f64;
                a.zip_mut(b, "", &mut |_, a, b| {
                    let scale = b.iter().fold(0.0_f64, |m, x| m.max(x.to_f64_exact().abs()));
                    for (x, y) in a.iter().zip(b.iter()) {
                        let d = (x.to_f64_exact() - y.to_f64_exact()).abs();
                        worst = worst.max(if scale > 0.0 { d / scale } else { d });
                    }
                });
                worst
            }

            pub fn train(args: &[String]) -> Result<(), Box<dyn Error>> {
                if args[5..].iter().any(|flag| flag == "deep") {
                    run::<Deep>(args)
                } else {
                    run::<Mlp>(args)
                }
            }

            fn run<M: Model>(args: &[String]) -> Result<(), Box<dyn Error>> {
                let steps: usize = args[1].parse()?;
                let batch: usize = args[2].parse()?;
                let seed: u64 = args[3].parse()?;
                let flag = |name: &str| args[5..].iter().any(|f| f == name);
                let mut comm = Communicator::world();
                let last = comm.size() > 1 && comm.rank() + 1 == comm.size();
                if flag("small-buckets") {
                    let bytes = if flag("bucket-mismatch") && last {
                        2 * SMALL_BUCKET_BYTES
                    } else {
                        SMALL_BUCKET_BYTES
                    };
                    comm = comm.with_bucket_bytes(bytes);
                }
                let digits: Dataset<F> = data::digits();
                // Every rank draws its own initial weights; the broadcast makes them rank 0's.
                let mut rng = init::rng(seed + comm.rank() as u64);
                let hidden = if flag("mismatch") && last { 33 } else { 32 };
                let mut model = M::new(digits.n_features(), hidden, digits.n_classes(), &mut rng);
                comm.broadcast_params(&mut model);
                let mut optimizer = Sgd::new(0.05);
                let mut workspace = Workspace::new();
                let mut grads = model.zeros_like();
                let mut step = 0;
                let mut epoch = 0;
                while step < steps {
                    for (x, labels) in DistributedBatches::new(&digits, batch, seed + epoch, &comm)
                    {
                        if step == steps {
                            break;
                        }
                        let rows = x.nrows();
                        grads.set_zero();
                        if !flag("overlapped") {
                            if rows > 0 {
                                model.grad_into_with(&x, &labels, &mut grads, &mut workspace, &mut ());
                            }
                            comm.allreduce_mean(&mut grads, rows);
                        } else {
                            // The reference: the same local gradient, reduced after the backward.
                            let mut reference = model.zeros_like();
                            if rows > 0 {
                                model.grad_into_with(&x, &labels, &mut reference, &mut workspace, &mut ());
                            }
                            comm.allreduce_mean(&mut reference, rows);
                            // A rank with no rows runs no backward pass: its gradient is not read.
                            comm.allreduce_mean_overlapped(&mut grads, rows, |grads, hook| {
                                if rows == 0 {
                                } else if flag("layout") && last {
                                    // The whole gradient as one part, in visiting order: the
                                    // hidden layer first, where the backward pass reports the
                                    // output layer first.
                                    model.grad_into_with(&x, &labels, grads, &mut workspace, &mut ());
                                    hook.part_final(&*grads);
                                } else {
                                    model.grad_into_with(&x, &labels, grads, &mut workspace, hook);
                                }
                            });
                            let difference = relative_difference(&mut grads.clone(), &reference);
                            assert!(
                                difference <= $tolerance,
                                "step {step}: allreduce_mean_overlapped differs from allreduce_mean \
                                 by a relative {difference:e}"
                            );
                            let mut root = grads.clone();
                            comm.broadcast_params(&mut root);
                            root.zip_mut(&grads, "", &mut |path, root, mine| {
                                let same = root.iter().zip(mine.iter()).all(|(a, b)| {
                                    a.to_f64_exact().to_bits() == b.to_f64_exact().to_bits()
                                });
                                assert!(same, "step {step}: rank {} holds other bits than rank 0 in `{path}`", comm.rank());
                            });
                        }
                        optimizer.step(&mut model, &grads);
                        step += 1;
                        if flag("panic") && last {
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

trainer!(single, f32, 1e-6);
trainer!(double, f64, 1e-15);

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    assert!(
        args.len() >= 5,
        "usage: mpi_train f32|f64 STEPS GLOBAL_BATCH SEED OUT [FLAG…] (see the example's documentation)"
    );
    let known = [
        "overlapped",
        "deep",
        "small-buckets",
        "panic",
        "mismatch",
        "bucket-mismatch",
        "layout",
    ];
    if let Some(flag) = args[5..]
        .iter()
        .find(|flag| !known.contains(&flag.as_str()))
    {
        panic!("mpi_train: unknown flag {flag}; the flags are {known:?}");
    }
    match args[0].as_str() {
        "f32" => single::train(&args),
        "f64" => double::train(&args),
        other => panic!("mpi_train: the float type is f32 or f64, not {other}"),
    }
}

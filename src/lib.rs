//! # adjoint
//!
//! Reverse-mode automatic differentiation of Rust functions at compile time.
//!
//! Put `#[differentiable]` on an ordinary function of floats and ndarray arrays and the macro
//! writes, at compile time, plain Rust that computes its gradient (straight-line code, loops
//! and branches kept as loops and branches): no tape, no graph, on stable Rust.
//!
//! ```
//! use adjoint::prelude::*;
//!
//! #[differentiable]
//! fn rosenbrock(x: f64, y: f64) -> f64 {
//!     (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
//! }
//!
//! let (value, (dx, dy)) = rosenbrock_grad(1.0, 1.0);
//! assert_eq!((value, dx, dy), (0.0, 0.0, 0.0));
//! ```
//!
//! For each `#[differentiable] fn NAME(ARGS) -> R` the macro adds:
//! - `NAME_grad(ARGS) -> (R, G)` when `R` is a float: the value and the gradient of the
//!   differentiated arguments (all float and array arguments, or those listed in `wrt(...)`);
//! - `NAME_vjp(ARGS, cotangent: &R) -> (R, G)`: the value and the vector-Jacobian product.
//!
//! The rustdoc of each generated function shows its generated source: `cargo doc --open` is the
//! derivative viewer. [`check`] compares any gradient with central finite differences.

#![forbid(unsafe_code)]

pub use adjoint_macros::{Params, differentiable};
#[cfg(feature = "mpi")]
pub use adjoint_runtime::distributed;
#[cfg(feature = "parallel")]
pub use adjoint_runtime::parallel;
#[cfg(feature = "plot")]
pub use adjoint_runtime::plot;
#[cfg(feature = "progress")]
pub use adjoint_runtime::progress;
pub use adjoint_runtime::{
    AsOperand, Differentiable, Float, GradientHook, Params, Tangent, Workspace, broadcast, check,
    init, leaky_relu, log_softmax, loss, mean, mse, ndarray, ops, optim, relu, sigmoid, softmax,
    softmax_cross_entropy, softplus, workspace,
};
pub use adjoint_runtime::{checkpoint, curvature, data, history, metrics, threads};

/// Sets how many threads each large matrix product (and large element-wise pass: an
/// optimizer's update, a sum of gradients) runs on, from now on and in every thread: `n`, at
/// most the available parallelism, or the available parallelism if `n` is 0 (the default,
/// unless the `ADJOINT_NUM_THREADS` environment variable, read once on first use, says
/// otherwise). Products under [`threads::PARALLEL_MIN_MULTIPLY_ADDS`] multiply-adds and passes
/// under [`threads::PARALLEL_MIN_ELEMENTS`] elements stay on one thread whatever the count;
/// the same inputs give the same bits at any count. Without the `parallel` feature this does
/// nothing: everything runs on one thread.
///
/// ```
/// adjoint::set_num_threads(1); // one thread, e.g. to time a step on one core
/// assert_eq!(adjoint::num_threads(), 1);
/// adjoint::set_num_threads(0); // back to every core
/// # assert!(adjoint::num_threads() >= 1);
/// ```
pub fn set_num_threads(n: usize) {
    adjoint_runtime::set_num_threads(n);
}

/// How many threads a large matrix product or element-wise pass started on this thread runs
/// on: what [`set_num_threads`] or `ADJOINT_NUM_THREADS` asked for, the available
/// parallelism if neither did; 1 inside the shards of [`parallel::data_parallel`] and
/// [`threads::with_one_thread`], and always 1 without the `parallel` feature.
///
/// ```
/// adjoint::set_num_threads(0);
/// let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
/// assert_eq!(adjoint::num_threads(), if cfg!(feature = "parallel") { cores } else { 1 });
/// ```
pub fn num_threads() -> usize {
    adjoint_runtime::num_threads()
}

/// The activations (`relu`, `softmax`, …), the layers ([`Dense`](nn::Dense), applied by
/// [`dense`](fn@nn::dense); [`Conv2d`](nn::Conv2d), applied by [`conv`](fn@nn::conv)) and the
/// operations on NCHW image batches ([`conv2d`](fn@nn::conv2d),
/// [`max_pool2d`](fn@nn::max_pool2d), [`avg_pool2d`](fn@nn::avg_pool2d),
/// [`flatten`](fn@nn::flatten)) that a `#[differentiable]` body can call.
///
/// ```
/// use adjoint::prelude::*;
/// use adjoint::init;
/// use adjoint::ndarray::{array, Array1, Array2};
/// use adjoint::nn::{Dense, dense};
///
/// #[derive(Params, Clone)]
/// struct Mlp {
///     hidden: Dense<f64>,
///     out: Dense<f64>,
/// }
///
/// #[differentiable(wrt(m))]
/// fn loss(m: &Mlp, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
///     let h = relu(&dense(&m.hidden, x));
///     softmax_cross_entropy(&dense(&m.out, &h), labels)
/// }
///
/// let mut rng = init::rng(0);
/// let mut m = Mlp { hidden: Dense::new(2, 8, &mut rng), out: Dense::new(8, 2, &mut rng) };
/// let (x, labels) = (array![[0.0, 1.0], [1.0, 0.0]], array![0, 1]);
/// let mut opt = Adam::new(0.05);
/// let first = loss(&m, &x, &labels);
/// for _ in 0..50 {
///     let (_, grad) = loss_grad(&m, &x, &labels);
///     opt.step(&mut m, &grad);
/// }
/// assert!(loss(&m, &x, &labels) < 0.1 * first);
/// ```
pub mod nn {
    pub use adjoint_runtime::layers::*;
    pub use adjoint_runtime::nn::*;
}

/// Everything a model file needs: `use adjoint::prelude::*;`.
pub mod prelude {
    pub use adjoint_macros::{Params, differentiable};
    /// The axis and slice arguments of `index_axis`, `sum_axis`, `mean_axis` and `slice`.
    pub use adjoint_runtime::ndarray::{Axis, s};
    pub use adjoint_runtime::{
        Adam, Float, Params, Sgd, leaky_relu, log_softmax, mean, mse, relu, sigmoid, softmax,
        softmax_cross_entropy, softplus,
    };
}

#[doc(hidden)]
pub use adjoint_runtime::private as __private;

/// The README's code, compiled and run as doc tests so that it cannot go stale.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

//! The runtime of [adjoint](https://docs.rs/adjoint): the primitive operations that
//! `#[differentiable]` code compiles to, each with its derivative rule, the activations and
//! losses, the [`Params`] trait, and the numeric gradient checker.
//!
//! Users depend on the `adjoint` facade crate, which re-exports everything here.
//!
//! # Unsafe code
//!
//! No input to a safe function of this crate, doc-hidden ones included, can cause undefined
//! behaviour: every `unsafe` block below relies only on invariants that are checked in every
//! build (`assert!`, never only `debug_assert!`) or that hold by construction.
//! `tests/unsafe_paths.rs` drives each block with adversarial shapes and layouts, in debug and
//! release builds, and `scripts/memcheck.sh` runs those tests under valgrind's memcheck.
//!
//! - `ops/large_gemm.rs`, `gemm_on_this_thread`: the `gemm` crate's `gemm` (feature `gemm`)
//!   multiplies `a` (m×k) and `b` (k×n) into `c` (m×n), a mutable view of `F` or of
//!   `MaybeUninit<F>`, reading `c` only with `accumulate`. *Relies on*: the three shapes agree;
//!   k > 0, so that gemm writes every element of `c`; `c` is initialized if it is read; the
//!   element type is `f32` or `f64` (and the output's is `F` or `MaybeUninit<F>`, of the same
//!   layout). *Checked by*: the `assert!` at the top of `gemm_on_this_thread` (shapes, k > 0,
//!   `accumulate` only into initialized elements, `Slot::INITIALIZED`); [`Float`] is sealed to
//!   `f32` and `f64` and the crate-private `Slot` has those two implementations. Pointers and
//!   strides come from ndarray, which keeps them valid for any view (negative and zero strides
//!   included, both of which gemm accepts); a mutable view's elements are distinct and alias
//!   neither operand. On several threads ([`threads`]), each thread gets its own band of `c`
//!   (`axis_chunks_iter_mut`) and shared views of `a` and `b`.
//! - `ops/linalg.rs`, `matmul`: `assume_init` of the output after `gemm_product` (feature
//!   `gemm`). *Relies on*: every element of the m×n output is written. *Checked by*: the
//!   `assert!` before the call (the output is m×n, k > 0); `gemm_product` cuts the output into
//!   bands that cover it (`axis_chunks_iter_mut`), asserts that every band was computed, and
//!   each band's call writes all of its band (previous item). Products with k = 0 take the
//!   small path.
//! - `team.rs`, `help`: a helper thread dereferences the pointer to the job that
//!   `for_each_piece` published, a `Job` on the caller's stack (feature `parallel`). *Relies
//!   on*: the job outlives every use. *Checked by*: an `assert!` that the pointer is not null,
//!   and one in `for_each_piece` that no helper is still counted from the last job before a
//!   new one is published; `for_each_piece` neither returns nor unwinds (pieces' panics are
//!   caught) until every helper counted in `REMAINING` has decremented it, which a helper does
//!   after its last use of the job.
//! - `ops/small_gemm.rs`, `small_matmul_add`: nano-gemm's `execute_unchecked`. *Relies on*:
//!   `a` is m×k, `b` k×n and `c` m×n; the plan was made for the same m, n, k; a column-major
//!   plan is only executed with a destination and left operand of unit row stride; a copy of
//!   `b` on the stack has all k·n elements written and fits the stack buffer. *Checked by*: the
//!   `assert!` at the top of `small_matmul_add`; each plan is made in the branch that
//!   executes it, and the column-major branches are entered only on those strides; the copy's
//!   size is tested with `checked_mul` and every element is written by the loop over `b`'s rows.
//!   The element type comes from the sealed [`Float`], whose hidden method makes the plan.
//! - `workspace.rs`, `uninit`: `Vec::from_raw_parts` re-types a pooled `Vec<F>` as a
//!   `Vec<MaybeUninit<F>>` of `len` elements. *Relies on*: `len <= capacity`; the allocation
//!   came from a `Vec<F>` and is not freed twice; `MaybeUninit<F>` has `F`'s layout. *Checked
//!   by*: an `assert!` before the call; the original `Vec` is in a `ManuallyDrop`; the layout
//!   is guaranteed by the standard library.
//! - `ops/pool.rs`, `max_pool2d_with_argmax`: `assume_init` of the pooled output from
//!   `uninit`. *Relies on*: every output position of every plane is written. *Holds by
//!   construction*: the output's planes are the input's, each of `oh × ow` positions with
//!   `oh`, `ow` computed from the checked input shape, kernel and stride; the loop over planes
//!   writes each plane's positions either row by row for 2×2 windows of stride 2 (`ow` of them
//!   per row, as many as the input row has pairs) or once per window for any other kernel.
//! - `ops/vectorized.rs`, `apply` and `extend`: the vectorized kernels of `elem-simd-math`
//!   write into `&mut [MaybeUninit<F>]`. `apply` re-types an initialized `&mut [F]` as
//!   one; `extend` hands a `Vec`'s spare capacity to a kernel and then `set_len`s over it.
//!   *Relies on*: a kernel writes only initialized values and writes every element when it
//!   returns `Ok`; the spare capacity holds `x.len()` elements. *Checked by*: the crate's
//!   documented contract (each slot is written once with `MaybeUninit::write`, and a length
//!   mismatch is an `Err` that leaves the slice untouched), turned into a panic before
//!   `set_len` in every build; `extend` reserves the capacity itself and slices the spare
//!   capacity to `x.len()`, which panics if it were shorter.
//! - `workspace.rs`, `map_standard`, `zip2`, `zip3`, `zip4` and `sum_axis` (five blocks):
//!   `assume_init` of an array from `uninit` that an `ndarray::Zip` has just written.
//!   *Relies on*: the `Zip` visits every element of the output. *Checked by*: ndarray's
//!   `Zip::and`, which asserts in every build that each array has the `Zip`'s shape; the output
//!   is made with the shape of the arrays it is zipped with.
//!
//! Outside the library, only the tests' counting allocator (`tests/support/counting_allocator.rs`,
//! also compiled into the unit tests) uses `unsafe`: a `GlobalAlloc` that forwards each call to
//! the system allocator.

#![warn(clippy::undocumented_unsafe_blocks)]

mod bands;
pub mod broadcast;
pub mod check;
pub mod checkpoint;
pub mod curvature;
pub mod data;
#[cfg(feature = "mpi")]
pub mod distributed;
mod float;
pub mod history;
mod hook;
pub mod init;
pub mod layers;
pub mod loss;
pub mod metrics;
pub mod nn;
mod operand;
pub mod ops;
pub mod optim;
#[cfg(feature = "parallel")]
pub mod parallel;
mod params;
#[cfg(feature = "plot")]
pub mod plot;
#[doc(hidden)]
pub mod private;
#[cfg(feature = "progress")]
pub mod progress;
#[cfg(feature = "parallel")]
mod team;
pub mod threads;
pub mod workspace;

/// The runtime's tests' counting allocator, for the unit tests that count allocations.
#[cfg(test)]
#[path = "../tests/support/counting_allocator.rs"]
mod counting_allocator;

pub use float::Float;
pub use hook::GradientHook;
pub use loss::{mean, mse, softmax_cross_entropy};
pub use ndarray;
pub use nn::{leaky_relu, log_softmax, relu, sigmoid, softmax, softplus};
pub use operand::{AsOperand, IntoOperand, Operand};
pub use optim::{Adam, AdamW, Optimizer, RmsProp, Sgd};
pub use params::{Differentiable, LeafZip, Params, ShapeMismatch, Tangent, ZipVisitor, join_path};
pub use threads::{num_threads, set_num_threads};
pub use workspace::Workspace;

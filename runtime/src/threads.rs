//! How many threads a large matrix product or element-wise pass runs on: [`set_num_threads`]
//! and [`num_threads`], whose first value comes from the `ADJOINT_NUM_THREADS` environment
//! variable.
//!
//! A product of at least [`PARALLEL_MIN_MULTIPLY_ADDS`] multiply-adds is cut into
//! `num_threads()` bands of its output, one computed by the calling thread and the others by
//! helper threads that the runtime starts when first needed; so is an optimizer's update, a
//! sum of gradients or the zeroing of a gradient of at least [`PARALLEL_MIN_ELEMENTS`]
//! elements. Smaller work stays on the calling thread, where waking other threads would cost
//! more than it saves. A helper with nothing to do spins for a millisecond before it sleeps,
//! so that the products of a training step find it awake; one thread's work uses the helpers
//! at a time, another thread waiting for them.
//!
//! Unset, or set to 0, the count is the available parallelism
//! ([`std::thread::available_parallelism`]), as in PyTorch. Without the `parallel` feature
//! the count is always 1 and setting it does nothing; without the `gemm` feature (ndarray's
//! products) products run on one thread.
//!
//! Inside the shards of [`data_parallel`](crate::parallel::data_parallel) and
//! [`data_parallel_mean`](crate::parallel::data_parallel_mean), which already keep every core
//! busy, everything runs on the shard's thread ([`with_one_thread`]). An MPI rank
//! (`distributed`, feature `mpi`) is a process like any other: it uses the count it is
//! given, by `ADJOINT_NUM_THREADS` in its environment or by a call in its code.
//!
//! # Determinism
//!
//! The same inputs give the same bits at any thread count. Each thread computes whole bands
//! of the output, and the bands are cut so that the `gemm` crate sums every element over the
//! inner dimension in the same blocks and the same order as on one thread (from gemm 0.19's
//! algorithm, see `ops/large_gemm.rs`); the threads share out elements, never a sum. The
//! tests compare one thread with two, products and a whole W3 gradient, bit for bit.
//!
//! ```
//! use adjoint_runtime::threads::{num_threads, set_num_threads};
//! set_num_threads(1);
//! assert_eq!(num_threads(), 1);
//! set_num_threads(0); // the default again: every core (1 without the `parallel` feature)
//! assert!(num_threads() >= 1);
//! ```

#[cfg(feature = "parallel")]
use std::cell::Cell;
#[cfg(feature = "parallel")]
use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable read, once, the first time the thread count is needed, unless
/// [`set_num_threads`] was called before: a count of threads, 0 for the available
/// parallelism.
///
/// ```sh
/// ADJOINT_NUM_THREADS=1 cargo run --release --example digits
/// ```
pub const ENV_VAR: &str = "ADJOINT_NUM_THREADS";

/// Products with fewer multiply-adds than this run on the calling thread.
///
/// Measured with `cargo bench --bench threads -- products` on 2 cores of an Intel Xeon
/// (Sapphire Rapids, AVX-512, KVM), f32, one thread against two: 64·64·64 (0.26 M) breaks
/// even (0.99–1.09× over runs), 64·64·128 (0.52 M) is 0.66–0.74× on two threads, 1 M and
/// more 0.50–0.62×. W1's products (under 10 000) are far below; W2's largest (6.4 M) and
/// W3's (67–103 M) above.
pub const PARALLEL_MIN_MULTIPLY_ADDS: usize = 1 << 19;

/// Element-wise passes (an optimizer's update, the sum of two gradients, zeroing a gradient)
/// over fewer elements than this run on the calling thread.
///
/// Measured with `cargo bench --bench threads -- products` (its `Sgd::step` rows) on the
/// machine of [`PARALLEL_MIN_MULTIPLY_ADDS`]: 32 768 elements about even on two threads
/// (0.92×), 65 536 0.74×, 401 408 (W3's first layer) 0.27×, each core's cache holding half.
pub const PARALLEL_MIN_ELEMENTS: usize = 1 << 16;

/// The stored count; 0 until it is first read from the environment or set.
#[cfg(feature = "parallel")]
static COUNT: AtomicUsize = AtomicUsize::new(0);

#[cfg(feature = "parallel")]
thread_local! {
    /// Whether products started on this thread are pinned to it ([`with_one_thread`]).
    static PINNED: Cell<bool> = const { Cell::new(false) };
    /// The threshold of products started on this thread ([`with_parallel_threshold`]).
    static THRESHOLD: Cell<usize> = const { Cell::new(PARALLEL_MIN_MULTIPLY_ADDS) };
    /// The threshold of element-wise passes on this thread ([`with_element_threshold`]).
    static ELEMENT_THRESHOLD: Cell<usize> = const { Cell::new(PARALLEL_MIN_ELEMENTS) };
}

/// Sets how many threads each large matrix product (and element-wise pass) runs on, from now
/// on and in every thread: `n`, at most the available parallelism (more threads than the
/// machine runs at once would only take turns), or the available parallelism if `n` is 0.
///
/// A call replaces the `ADJOINT_NUM_THREADS` environment variable, which is then never read.
/// Without the `parallel` feature this does nothing: every product runs on one thread.
///
/// ```
/// use adjoint_runtime::threads::{num_threads, set_num_threads};
/// set_num_threads(1); // one thread, as for a benchmark on one core
/// assert_eq!(num_threads(), 1);
/// set_num_threads(usize::MAX); // clamped to the cores there are
/// let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
/// assert!(num_threads() <= cores);
/// # set_num_threads(0);
/// ```
pub fn set_num_threads(n: usize) {
    #[cfg(feature = "parallel")]
    COUNT.store(resolve(n), Ordering::Relaxed);
    #[cfg(not(feature = "parallel"))]
    let _ = n;
}

/// How many threads a large matrix product (or element-wise pass) started on this thread runs
/// on: what [`set_num_threads`] or `ADJOINT_NUM_THREADS` asked for (the available
/// parallelism if neither did), 1 inside [`with_one_thread`], always 1 without the
/// `parallel` feature.
///
/// ```
/// use adjoint_runtime::threads::{num_threads, set_num_threads, with_one_thread};
/// set_num_threads(0);
/// let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
/// assert_eq!(num_threads(), if cfg!(feature = "parallel") { cores } else { 1 });
/// assert_eq!(with_one_thread(num_threads), 1);
/// ```
pub fn num_threads() -> usize {
    #[cfg(feature = "parallel")]
    {
        if PINNED.with(Cell::get) {
            return 1;
        }
        match COUNT.load(Ordering::Relaxed) {
            0 => {
                let from_env = from_env(std::env::var(ENV_VAR).ok().as_deref());
                // A concurrent `set_num_threads` wins over the environment.
                let _ = COUNT.compare_exchange(0, from_env, Ordering::Relaxed, Ordering::Relaxed);
                COUNT.load(Ordering::Relaxed)
            }
            n => n,
        }
    }
    #[cfg(not(feature = "parallel"))]
    1
}

/// Runs `f` with every matrix product and element-wise pass it starts on this thread pinned
/// to this thread, and returns what `f` returns. For code that is already parallel over the
/// cores (the shards of [`data_parallel`](crate::parallel::data_parallel) run in this), where
/// products that spread over the cores as well would only take turns with each other.
///
/// ```
/// use adjoint_runtime::threads::{num_threads, with_one_thread};
/// let inside = with_one_thread(|| num_threads());
/// assert_eq!(inside, 1);
/// ```
pub fn with_one_thread<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(feature = "parallel")]
    return with_cell(&PINNED, true, f);
    #[cfg(not(feature = "parallel"))]
    f()
}

/// Runs `f` with `min_multiply_adds` in place of [`PARALLEL_MIN_MULTIPLY_ADDS`] for the
/// products it starts on this thread: for the benchmark that measures the threshold.
///
/// ```
/// use adjoint_runtime::threads::with_parallel_threshold;
/// assert_eq!(with_parallel_threshold(0, || 1 + 1), 2);
/// ```
#[doc(hidden)]
pub fn with_parallel_threshold<R>(min_multiply_adds: usize, f: impl FnOnce() -> R) -> R {
    #[cfg(feature = "parallel")]
    return with_cell(&THRESHOLD, min_multiply_adds, f);
    #[cfg(not(feature = "parallel"))]
    {
        let _ = min_multiply_adds;
        f()
    }
}

/// Runs `f` with `min_elements` in place of [`PARALLEL_MIN_ELEMENTS`] for the element-wise
/// passes it starts on this thread: for the benchmark that measures the threshold.
///
/// ```
/// use adjoint_runtime::threads::with_element_threshold;
/// assert_eq!(with_element_threshold(0, || 1 + 1), 2);
/// ```
#[doc(hidden)]
pub fn with_element_threshold<R>(min_elements: usize, f: impl FnOnce() -> R) -> R {
    #[cfg(feature = "parallel")]
    return with_cell(&ELEMENT_THRESHOLD, min_elements, f);
    #[cfg(not(feature = "parallel"))]
    {
        let _ = min_elements;
        f()
    }
}

/// Runs `f` with this thread's `cell` set to `value`, and sets it back afterwards, also when
/// `f` panics.
#[cfg(feature = "parallel")]
fn with_cell<T: Copy + 'static, R>(
    cell: &'static std::thread::LocalKey<Cell<T>>,
    value: T,
    f: impl FnOnce() -> R,
) -> R {
    struct Restore<T: Copy + 'static>(&'static std::thread::LocalKey<Cell<T>>, T);
    impl<T: Copy + 'static> Drop for Restore<T> {
        fn drop(&mut self) {
            self.0.with(|c| c.set(self.1));
        }
    }
    let _restore = Restore(cell, cell.with(|c| c.replace(value)));
    f()
}

/// How many pieces a product of `multiply_adds` multiply-adds is cut into, one per thread:
/// [`num_threads`] from the threshold on ([`PARALLEL_MIN_MULTIPLY_ADDS`] or
/// [`with_parallel_threshold`]'s), else 1.
#[cfg(feature = "gemm")]
pub(crate) fn product_pieces(multiply_adds: usize) -> usize {
    #[cfg(feature = "parallel")]
    if multiply_adds >= THRESHOLD.with(Cell::get) {
        return num_threads();
    }
    let _ = multiply_adds;
    1
}

/// How many bands an element-wise pass over `elements` elements is cut into, one per thread:
/// [`num_threads`] from [`PARALLEL_MIN_ELEMENTS`] on (or [`with_element_threshold`]'s),
/// else 1.
pub(crate) fn element_pieces(elements: usize) -> usize {
    #[cfg(feature = "parallel")]
    if elements >= ELEMENT_THRESHOLD.with(Cell::get) {
        return num_threads();
    }
    let _ = elements;
    1
}

/// The count an `ADJOINT_NUM_THREADS` of `value` asks for (resolved as [`set_num_threads`]
/// resolves its argument): unset or 0 is the available parallelism, and so, after a warning
/// on standard error, is anything that is not a count.
#[cfg(feature = "parallel")]
fn from_env(value: Option<&str>) -> usize {
    match value.map(parse_count) {
        None => resolve(0),
        Some(Some(n)) => resolve(n),
        Some(None) => {
            eprintln!(
                "adjoint: ignoring {ENV_VAR}={:?}: not a count of threads; using {}",
                value.unwrap_or_default(),
                resolve(0)
            );
            resolve(0)
        }
    }
}

/// A count of threads written in decimal, surrounding spaces allowed.
///
/// ```
/// use adjoint_runtime::threads::parse_count;
/// assert_eq!(parse_count(" 2 "), Some(2));
/// assert_eq!(parse_count("0"), Some(0));
/// assert_eq!((parse_count("two"), parse_count("-1"), parse_count("")), (None, None, None));
/// ```
#[doc(hidden)]
pub fn parse_count(value: &str) -> Option<usize> {
    value.trim().parse().ok()
}

/// `n` threads at most the available parallelism, or the available parallelism for 0.
#[cfg(feature = "parallel")]
fn resolve(n: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if n == 0 { cores } else { n.min(cores) }
}

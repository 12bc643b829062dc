//! Data-parallel gradients: a minibatch split into shards, the loss and gradient of each shard
//! computed on its own thread (rayon's global pool), the gradients summed into one with
//! [`Params::accumulate`].
//!
//! For a loss that is a mean over the batch (`softmax_cross_entropy`, `mse`, `mean`), use
//! [`data_parallel_mean`]: it weights each shard by its share of the rows, so that the result
//! is the full batch's loss and gradient. [`data_parallel`] adds the shards' results as they
//! are, for a loss that is a sum.
//!
//! The shards already keep every core busy, so the matrix products and element-wise passes
//! inside a shard run on the shard's thread ([`with_one_thread`]) whatever
//! [`num_threads`](crate::num_threads) says.
//!
//! ```
//! use adjoint_runtime::parallel::{data_parallel_mean, split_rows};
//! use ndarray::{array, Array1, ArrayView1, ArrayView2};
//!
//! // Least squares, mean((x·w − y)²): the gradient is 2·xᵀ(x·w − y)/n.
//! fn loss_grad(w: &Array1<f64>, x: ArrayView2<f64>, y: ArrayView1<f64>) -> (f64, Array1<f64>) {
//!     let r = x.dot(w) - y;
//!     let n = x.nrows() as f64;
//!     (r.dot(&r) / n, x.t().dot(&r) * (2.0 / n))
//! }
//!
//! let x = array![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0], [1.0, 3.0]];
//! let y = array![1.0, 2.0, 3.0, 4.0, 5.0];
//! let w = array![0.5, -0.5];
//! // Shards of 3 and 2 rows, weighted 3/5 and 2/5.
//! let shards = split_rows((&x, &y), 2);
//! let (loss, grad) = data_parallel_mean(&shards, |(x, _)| x.nrows(), |&(x, y)| loss_grad(&w, x, y));
//! let (full_loss, full_grad) = loss_grad(&w, x.view(), y.view());
//! assert!((loss - full_loss).abs() < 1e-12);
//! assert!((&grad - &full_grad).iter().all(|d| d.abs() < 1e-12));
//! ```

use rayon::prelude::*;

use crate::data::Rows;
use crate::threads::with_one_thread;
use crate::{Float, Params};

/// The sum over `shards` of `grad(shard)`, a loss and a gradient, computed in parallel, each
/// shard's matrix products on the shard's thread.
///
/// **Panics** if there are no shards, or if the gradients are not all shaped alike.
///
/// ```
/// use adjoint_runtime::parallel::data_parallel;
/// // Σᵢ xᵢ² over two shards: the loss is the sum, the gradient 2x.
/// let shards = [vec![1.0_f64, 2.0], vec![3.0]];
/// let (loss, grad) = data_parallel(&shards, |s| {
///     let loss: f64 = s.iter().map(|x| x * x).sum();
///     (loss, 2.0 * s.iter().sum::<f64>())
/// });
/// assert_eq!((loss, grad), (14.0, 12.0));
/// ```
#[track_caller]
pub fn data_parallel<S, P, G>(shards: &[S], grad: G) -> (P::Elem, P)
where
    S: Sync,
    P: Params + Send,
    G: Fn(&S) -> (P::Elem, P) + Sync,
{
    reduce(
        shards
            .par_iter()
            .map(|shard| with_one_thread(|| grad(shard))),
    )
}

/// The mean over the rows of a batch of a loss that is itself a mean over rows, from `shards`
/// of the batch: `Σᵢ (nᵢ/n)·grad(shardᵢ)`, where `nᵢ = rows(shardᵢ)` and `n = Σᵢ nᵢ`. The
/// shards' results are computed and weighted in parallel, each shard's matrix products on the
/// shard's thread.
///
/// **Panics** if there are no shards or no rows, or if the gradients are not all shaped alike.
///
/// ```
/// use adjoint_runtime::parallel::data_parallel_mean;
/// // mean(x) over [1, 2, 3] from shards [1, 2] (mean 1.5) and [3] (mean 3): 2/3·1.5 + 1/3·3 = 2.
/// let shards = [vec![1.0_f64, 2.0], vec![3.0]];
/// let (mean, _) = data_parallel_mean(&shards, Vec::len, |s| {
///     (s.iter().sum::<f64>() / s.len() as f64, 1.0 / s.len() as f64)
/// });
/// assert!((mean - 2.0).abs() < 1e-15);
/// ```
#[track_caller]
pub fn data_parallel_mean<S, P, R, G>(shards: &[S], rows: R, grad: G) -> (P::Elem, P)
where
    S: Sync,
    P: Params + Send,
    R: Fn(&S) -> usize + Sync,
    G: Fn(&S) -> (P::Elem, P) + Sync,
{
    let total: usize = shards.iter().map(&rows).sum();
    assert!(
        total > 0,
        "adjoint: data_parallel_mean of shards with no rows"
    );
    reduce(shards.par_iter().map(|shard| {
        let share = rows(shard) as f64 / total as f64;
        let (loss, mut grads) = with_one_thread(|| grad(shard));
        scale(&mut grads, share);
        (loss * P::Elem::from_f64_lossy(share), grads)
    }))
}

/// `count` views of consecutive rows of `rows` (an array, or features with their labels), as
/// equal in size as they can be: the first `n % count` shards have one row more.
///
/// **Panics** if `count` is 0.
///
/// ```
/// use adjoint_runtime::parallel::split_rows;
/// use ndarray::array;
/// let x = array![[1.0], [2.0], [3.0], [4.0], [5.0]];
/// let shards = split_rows(&x, 2);
/// assert_eq!(shards, [array![[1.0], [2.0], [3.0]], array![[4.0], [5.0]]]);
/// ```
#[track_caller]
pub fn split_rows<T: Rows>(rows: T, count: usize) -> Vec<T::View> {
    assert!(count > 0, "adjoint: split_rows into 0 shards");
    let n = rows.n_rows();
    let (size, extra) = (n / count, n % count);
    let mut start = 0;
    (0..count)
        .map(|i| {
            let end = start + size + usize::from(i < extra);
            let shard = rows.slice_rows(start..end);
            start = end;
            shard
        })
        .collect()
}

#[track_caller]
fn reduce<P: Params + Send>(results: impl ParallelIterator<Item = (P::Elem, P)>) -> (P::Elem, P) {
    results
        .reduce_with(|(loss, mut grads), (other_loss, other)| {
            grads.accumulate(&other);
            (loss + other_loss, grads)
        })
        .expect("adjoint: data_parallel of no shards")
}

/// Multiplies every element of `grads` by `factor`.
fn scale<P: Params>(grads: &mut P, factor: f64) {
    let factor = P::Elem::from_f64_lossy(factor);
    grads.visit_mut("", &mut |_, mut leaf| leaf.map_inplace(|g| *g *= factor));
}

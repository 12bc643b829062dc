//! Data-parallel training across processes on MPI: every rank computes the gradient of its
//! shard of each global batch, and an allreduce makes the shards' gradients the global batch's.
//!
//! - [`Communicator::world`] initialises MPI (or adopts a world already initialised) and gives
//!   the rank and the number of ranks; [`Communicator::broadcast_params`] copies rank 0's
//!   parameters to every rank, after checking that every rank's parameters are shaped alike.
//! - [`Communicator::allreduce_mean`] turns each rank's mean gradient over its shard into the
//!   mean gradient over the global batch, weighting the ranks by their sample counts, so that
//!   uneven shards give what one process gives.
//! - [`DistributedBatches`] yields this rank's shard of each global batch of an epoch shuffle
//!   that every rank draws from the same seed.
//!
//! The gradients travel in flat buckets of a few megabytes, in the fixed leaf order of
//! [`Params::visit`], so every rank adds the same numbers in the same order and holds the same
//! bits afterwards. A panic on any rank aborts the whole job (`MPI_Abort`) rather than leaving
//! the other ranks waiting in a collective.
//!
//! What is automatic and what is not: the generated `NAME_grad` functions compute a rank's
//! gradient as usual, and [`Communicator::allreduce_mean`] reduces it after the backward pass,
//! in one blocking allreduce per bucket. Overlapping those allreduces with the backward (as
//! PyTorch's DDP does) is not done yet: the generated backward does not report where each
//! leaf's adjoint becomes final.
//!
//! ```no_run
//! use adjoint_runtime::distributed::{Communicator, DistributedBatches};
//! use adjoint_runtime::{data, Params};
//! use ndarray::Array1;
//!
//! let comm = Communicator::world();
//! let train: data::Dataset<f64> = data::digits();
//! let mut w = Array1::<f64>::zeros(train.n_features());
//! comm.broadcast_params(&mut w);
//! for (x, _labels) in DistributedBatches::new(&train, 64, 0, &comm) {
//!     // The mean over this rank's rows of some loss's gradient (here of mean(x·w)).
//!     let local = x.nrows();
//!     let mut grad = x.mean_axis(ndarray::Axis(0)).unwrap_or_else(|| w.zeros_like());
//!     comm.allreduce_mean(&mut grad, local);
//!     w.scaled_add(-0.1, &grad);
//! }
//! ```

use std::fmt::Write as _;
use std::sync::Once;

use mpi::collective::SystemOperation;
use mpi::datatype::PartitionMut;
use mpi::environment::Universe;
use mpi::topology::SimpleCommunicator;
use mpi::traits::{Communicator as _, CommunicatorCollectives, Equivalence, Root};
use ndarray::{Array1, Array2};
use num_traits::Zero;
use rand::seq::SliceRandom;

use crate::data::{Dataset, Rows};
use crate::{Float, Params, init};

/// The element types that travel between ranks: `f32` and `f64`, the [`Float`]s that MPI has
/// datatypes for. A bound for code generic over the precision of a distributed model.
///
/// ```
/// fn takes<F: adjoint_runtime::distributed::Reducible>() {}
/// takes::<f32>();
/// takes::<f64>();
/// ```
pub trait Reducible: Float + Equivalence {}

impl<F: Float + Equivalence> Reducible for F {}

/// The size of a gradient bucket, in bytes: large enough that an allreduce's latency is small
/// beside its transfer, small enough that the first buckets start early in the backward.
pub const BUCKET_BYTES: usize = 4 << 20;

/// The ranks of an MPI job: this process's rank and the number of ranks, and the collectives
/// that data-parallel training needs.
///
/// It initialises MPI when it is made, or adopts a world that something else initialised, and
/// finalises MPI when it is dropped if it initialised it. Making one also installs a panic hook
/// that aborts the whole job after the panic's message is printed, so that a failing rank ends
/// the job instead of leaving the others waiting.
///
/// ```no_run
/// use adjoint_runtime::distributed::Communicator;
/// let comm = Communicator::world();
/// if comm.is_root() {
///     println!("{} ranks", comm.size());
/// }
/// ```
pub struct Communicator {
    world: SimpleCommunicator,
    // Declared after `world`, so it is dropped (MPI finalised) last.
    _universe: Option<Universe>,
}

impl Communicator {
    /// All the processes of the job (`MPI_COMM_WORLD`), initialising MPI unless it is already.
    ///
    /// ```no_run
    /// let comm = adjoint_runtime::distributed::Communicator::world();
    /// assert!(comm.rank() < comm.size());
    /// ```
    pub fn world() -> Self {
        let universe = mpi::initialize();
        let world = match &universe {
            Some(universe) => universe.world(),
            None => SimpleCommunicator::world(),
        };
        install_abort_on_panic();
        Communicator {
            world,
            _universe: universe,
        }
    }

    /// This process's rank, from 0 to [`size`](Self::size)` − 1`.
    ///
    /// ```no_run
    /// let comm = adjoint_runtime::distributed::Communicator::world();
    /// println!("rank {}", comm.rank());
    /// ```
    pub fn rank(&self) -> usize {
        usize::try_from(self.world.rank()).expect("MPI ranks are not negative")
    }

    /// The number of ranks.
    ///
    /// ```no_run
    /// let comm = adjoint_runtime::distributed::Communicator::world();
    /// assert!(comm.size() >= 1);
    /// ```
    pub fn size(&self) -> usize {
        usize::try_from(self.world.size()).expect("MPI sizes are positive")
    }

    /// Whether this is rank 0, the one that prints, draws and writes files.
    ///
    /// ```no_run
    /// let comm = adjoint_runtime::distributed::Communicator::world();
    /// if comm.is_root() { println!("training"); }
    /// ```
    pub fn is_root(&self) -> bool {
        self.rank() == 0
    }

    /// Copies rank 0's parameters into `params` on every rank, so that every rank starts from
    /// the same model.
    ///
    /// **Panics** on every rank, naming the first leaf that differs, if the ranks' parameters
    /// do not have the same leaves with the same shapes.
    ///
    /// ```no_run
    /// use adjoint_runtime::distributed::Communicator;
    /// let comm = Communicator::world();
    /// let mut w = ndarray::Array1::from_elem(3, comm.rank() as f64);
    /// comm.broadcast_params(&mut w);
    /// assert_eq!(w[0], 0.0);
    /// ```
    #[track_caller]
    pub fn broadcast_params<P: Params>(&self, params: &mut P)
    where
        P::Elem: Reducible,
    {
        self.check_same_shapes(params, "broadcast_params");
        let mut flat = flatten(params);
        self.world.process_at_rank(0).broadcast_into(&mut flat[..]);
        unflatten(params, &flat);
    }

    /// Turns `grads`, this rank's mean gradient over its `local_samples` rows, into the mean
    /// gradient over the global batch: `Σᵣ nᵣ·gᵣ / Σᵣ nᵣ` over the ranks `r`. Every rank gets
    /// the same bits. A rank with no rows contributes nothing (its `grads` are not read, so they
    /// may be NaN).
    ///
    /// The leaves travel in flat buckets of [`BUCKET_BYTES`], in the order of [`Params::visit`].
    ///
    /// **Panics** if no rank has any rows.
    ///
    /// ```no_run
    /// use adjoint_runtime::distributed::Communicator;
    /// let comm = Communicator::world();
    /// // Rank r saw r + 1 rows whose mean gradient is r.
    /// let mut g = comm.rank() as f64;
    /// comm.allreduce_mean(&mut g, comm.rank() + 1);
    /// ```
    #[track_caller]
    pub fn allreduce_mean<P: Params>(&self, grads: &mut P, local_samples: usize)
    where
        P::Elem: Reducible,
    {
        let total = self.sum_count(local_samples, "allreduce_mean");
        let weight = P::Elem::from_f64_lossy(local_samples as f64);
        let mut flat = vec![P::Elem::zero(); grads.num_params()];
        if local_samples > 0 {
            let mut i = 0;
            grads.visit("", &mut |_, leaf| {
                for &x in leaf.iter() {
                    flat[i] = x * weight;
                    i += 1;
                }
            });
        }
        let mut summed = vec![P::Elem::zero(); flat.len()];
        for (send, receive) in chunks(&flat).zip(summed.chunks_mut(bucket_len::<P::Elem>())) {
            self.world
                .all_reduce_into(send, receive, SystemOperation::sum());
        }
        let total = P::Elem::from_f64_lossy(total as f64);
        summed.iter_mut().for_each(|x| *x /= total);
        unflatten(grads, &summed);
    }

    /// The sum over the ranks of `value` (a loss or a count summed for a report), every rank
    /// getting the result.
    ///
    /// ```no_run
    /// use adjoint_runtime::distributed::Communicator;
    /// let comm = Communicator::world();
    /// assert_eq!(comm.sum(1.0), comm.size() as f64);
    /// ```
    pub fn sum(&self, value: f64) -> f64 {
        let mut out = 0.0;
        self.world
            .all_reduce_into(&value, &mut out, SystemOperation::sum());
        out
    }

    /// Waits until every rank has reached this call.
    ///
    /// ```no_run
    /// adjoint_runtime::distributed::Communicator::world().barrier();
    /// ```
    pub fn barrier(&self) {
        self.world.barrier();
    }

    /// The sum of `count` over the ranks. **Panics** if it is 0.
    #[track_caller]
    fn sum_count(&self, count: usize, function: &str) -> usize {
        let mine = u64::try_from(count).expect("a count fits in 64 bits");
        let mut total = 0_u64;
        self.world
            .all_reduce_into(&mine, &mut total, SystemOperation::sum());
        assert!(
            total > 0,
            "adjoint: {function}: no rank has any samples (local_samples is 0 on every rank)"
        );
        usize::try_from(total).expect("the global count fits in usize")
    }

    /// Checks that every rank's parameters have the same leaves, shaped alike.
    #[track_caller]
    fn check_same_shapes<P: Params>(&self, params: &P, function: &str) {
        let mut layout = String::new();
        params.visit("", &mut |path, leaf| {
            let _ = writeln!(layout, "{path} {:?}", leaf.shape());
        });
        let mine = layout.into_bytes();
        let size = self.size();
        let mut counts = vec![0_i32; size];
        let my_count = i32::try_from(mine.len()).expect("the parameters' layout fits in 2 GB");
        self.world.all_gather_into(&my_count, &mut counts[..]);
        let displs: Vec<i32> = counts
            .iter()
            .scan(0, |at, &c| {
                let here = *at;
                *at += c;
                Some(here)
            })
            .collect();
        let total: i32 = counts.iter().sum();
        let mut all = vec![0_u8; usize::try_from(total).expect("non-negative")];
        {
            let mut partition = PartitionMut::new(&mut all[..], &counts[..], &displs[..]);
            self.world
                .all_gather_varcount_into(&mine[..], &mut partition);
        }
        let layout_of = |rank: usize| {
            let start = usize::try_from(displs[rank]).expect("non-negative");
            let len = usize::try_from(counts[rank]).expect("non-negative");
            String::from_utf8_lossy(&all[start..start + len]).into_owned()
        };
        let root = layout_of(0);
        for rank in 1..size {
            let other = layout_of(rank);
            if other != root {
                let mut root_lines = root.lines();
                let mut other_lines = other.lines();
                let (theirs, ours) = loop {
                    match (root_lines.next(), other_lines.next()) {
                        (Some(a), Some(b)) if a == b => continue,
                        (a, b) => break (a, b),
                    }
                };
                panic!(
                    "adjoint: {function}: the parameters differ across ranks: rank 0 has {}, \
                     rank {rank} has {}",
                    describe(theirs),
                    describe(ours)
                );
            }
        }
    }
}

/// A leaf of a layout line (`path [shape]`), in words.
fn describe(line: Option<&str>) -> String {
    match line {
        None => "no further leaf".to_string(),
        Some(line) => match line.split_once(' ') {
            Some(("", shape)) => format!("a leaf of shape {shape}"),
            Some((path, shape)) => format!("leaf `{path}` of shape {shape}"),
            None => line.to_string(),
        },
    }
}

/// Makes a panic on this rank abort every rank once its message is printed.
fn install_abort_on_panic() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            previous(info);
            if mpi::environment::is_initialized() && !mpi::environment::is_finalized() {
                SimpleCommunicator::world().abort(1);
            }
        }));
    });
}

/// The number of elements of `F` in a bucket.
fn bucket_len<F>() -> usize {
    (BUCKET_BYTES / std::mem::size_of::<F>()).max(1)
}

/// `flat` in buckets.
fn chunks<F>(flat: &[F]) -> std::slice::Chunks<'_, F> {
    flat.chunks(bucket_len::<F>())
}

/// Every leaf of `params`, one after the other in visiting order.
fn flatten<P: Params>(params: &P) -> Vec<P::Elem> {
    let mut flat = Vec::with_capacity(params.num_params());
    params.visit("", &mut |_, leaf| flat.extend(leaf.iter().copied()));
    flat
}

/// Writes `flat` back into the leaves of `params`, in visiting order.
fn unflatten<P: Params>(params: &mut P, flat: &[P::Elem]) {
    let mut i = 0;
    params.visit_mut("", &mut |_, mut leaf| {
        for x in leaf.iter_mut() {
            *x = flat[i];
            i += 1;
        }
    });
    debug_assert_eq!(i, flat.len());
}

/// This rank's shard of each global batch of an epoch: every rank shuffles the dataset's rows
/// with the same seed, cuts the order into global batches of `global_batch` rows (the last may
/// be smaller), and takes its share of each, consecutive rows, the first ranks one row more when
/// the batch does not divide evenly. A rank's shard may be empty when a last batch has fewer
/// rows than there are ranks; pass its row count, 0, to [`Communicator::allreduce_mean`].
///
/// Every rank yields the same number of batches. Use a different seed for each epoch (for
/// example `seed + epoch`) to draw a new order.
///
/// ```no_run
/// use adjoint_runtime::distributed::{Communicator, DistributedBatches};
/// let comm = Communicator::world();
/// let digits: adjoint_runtime::data::Dataset<f32> = adjoint_runtime::data::digits();
/// let batches = DistributedBatches::new(&digits, 100, 7, &comm);
/// assert_eq!(batches.len(), digits.len().div_ceil(100));
/// ```
pub struct DistributedBatches<'a, F> {
    dataset: &'a Dataset<F>,
    order: Vec<usize>,
    global_batch: usize,
    rank: usize,
    size: usize,
    next: usize,
}

impl<'a, F: Float> DistributedBatches<'a, F> {
    /// The shards for this rank of `dataset`'s epoch drawn from `seed` in global batches of
    /// `global_batch` rows.
    ///
    /// **Panics** if `global_batch` is 0.
    ///
    /// ```no_run
    /// use adjoint_runtime::distributed::{Communicator, DistributedBatches};
    /// let comm = Communicator::world();
    /// let digits: adjoint_runtime::data::Dataset<f32> = adjoint_runtime::data::digits();
    /// for (x, labels) in DistributedBatches::new(&digits, 64, 0, &comm) {
    ///     assert_eq!(x.nrows(), labels.len());
    /// }
    /// ```
    #[track_caller]
    pub fn new(
        dataset: &'a Dataset<F>,
        global_batch: usize,
        seed: u64,
        comm: &Communicator,
    ) -> Self {
        Self::for_rank(dataset, global_batch, seed, comm.rank(), comm.size())
    }

    /// The shards that rank `rank` of `size` ranks takes: [`DistributedBatches::new`] without a
    /// communicator, to plan or test a split.
    ///
    /// **Panics** if `global_batch` or `size` is 0, or if `rank` is not below `size`.
    ///
    /// ```
    /// use adjoint_runtime::distributed::DistributedBatches;
    /// use adjoint_runtime::data::Dataset;
    /// use ndarray::{Array1, Array2};
    /// let data = Dataset::new(Array2::<f64>::zeros((5, 1)), Array1::zeros(5));
    /// let rows = |rank| DistributedBatches::for_rank(&data, 5, 0, rank, 2).map(|(x, _)| x.nrows()).sum::<usize>();
    /// assert_eq!((rows(0), rows(1)), (3, 2));
    /// ```
    #[track_caller]
    pub fn for_rank(
        dataset: &'a Dataset<F>,
        global_batch: usize,
        seed: u64,
        rank: usize,
        size: usize,
    ) -> Self {
        assert!(
            global_batch > 0,
            "adjoint: DistributedBatches::new: global_batch is 0"
        );
        assert!(
            rank < size,
            "adjoint: DistributedBatches::for_rank: rank {rank} is not below size {size}"
        );
        let mut order: Vec<usize> = (0..dataset.len()).collect();
        order.shuffle(&mut init::rng(seed));
        DistributedBatches {
            dataset,
            order,
            global_batch,
            rank,
            size,
            next: 0,
        }
    }
}

impl<F: Float> Iterator for DistributedBatches<'_, F> {
    type Item = (Array2<F>, Array1<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.order.len() {
            return None;
        }
        let end = (self.next + self.global_batch).min(self.order.len());
        let batch = &self.order[self.next..end];
        self.next = end;
        let (base, extra) = (batch.len() / self.size, batch.len() % self.size);
        let start = self.rank * base + self.rank.min(extra);
        let len = base + usize::from(self.rank < extra);
        let shard = &batch[start..start + len];
        Some((&self.dataset.features, &self.dataset.labels).select_rows(shard))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.order.len() - self.next).div_ceil(self.global_batch);
        (left, Some(left))
    }
}

impl<F: Float> ExactSizeIterator for DistributedBatches<'_, F> {}

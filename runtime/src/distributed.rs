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
//! The gradients travel in flat buckets of a megabyte, in the fixed leaf order of
//! [`Params::visit`], so every rank adds the same numbers in the same order and holds the same
//! bits afterwards. A panic on any rank aborts the whole job (`MPI_Abort`) rather than leaving
//! the other ranks waiting in a collective.
//!
//! Two ways to reduce: [`Communicator::allreduce_mean`] reduces a gradient computed by any
//! means, after the backward pass, in one blocking allreduce per bucket;
//! [`Communicator::allreduce_mean_overlapped`] runs a generated `NAME_grad_into_with` and
//! starts each bucket's allreduce as soon as the backward pass has finished the parts of the
//! gradient it holds (the last layers first), as PyTorch's DDP does, so the reduction of the
//! last layers overlaps the backward of the first. Both give the same result.
//!
//! Each rank is a process with its own count of threads inside products
//! ([`crate::threads`]): every core of its machine unless `ADJOINT_NUM_THREADS` or
//! [`set_num_threads`](crate::set_num_threads) says otherwise. Ranks that share a machine
//! should share out its cores, e.g. `mpirun -n 2 -x ADJOINT_NUM_THREADS=1` on two cores.
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

use std::any::Any;
use std::cell::Cell;
use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::Once;

use mpi::collective::SystemOperation;
use mpi::datatype::PartitionMut;
use mpi::environment::Universe;
use mpi::request::{LocalScope, Request};
use mpi::topology::SimpleCommunicator;
use mpi::traits::{Communicator as _, CommunicatorCollectives, Equivalence, Root};
use ndarray::{Array1, Array2, ArrayViewD};
use num_traits::Zero;
use rand::seq::SliceRandom;

use crate::data::{Dataset, Rows};
use crate::{Float, GradientHook, Params, init};

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

/// The [`GradientHook`] that [`Communicator::allreduce_mean_overlapped`] passes to its
/// backward closure, for a generated `NAME_grad_into_with`: it copies each part of the gradient
/// into a bucket as soon as the backward pass reports it final, starts a bucket's non-blocking
/// allreduce once the bucket is full, and tests the pending ones whenever the backward pass
/// calls [`progress`](GradientHook::progress).
///
/// ```no_run
/// use adjoint_runtime::distributed::{Communicator, ReduceHook};
/// use adjoint_runtime::GradientHook;
///
/// // What a generated backward does with the hook, for a gradient that is one float.
/// fn backward(grad: &mut f64, hook: &mut ReduceHook<'_, f64>) {
///     *grad += 1.0;
///     hook.part_final(&*grad);
/// }
/// let comm = Communicator::world();
/// let mut grad = 0.0;
/// comm.allreduce_mean_overlapped(&mut grad, 1, backward);
/// assert_eq!(grad, 1.0);
/// ```
pub struct ReduceHook<'h, F> {
    sender: &'h mut dyn Buckets<F>,
}

impl<F: Reducible> GradientHook for ReduceHook<'_, F> {
    fn part_final<P: Params>(&mut self, part: &P) {
        part.visit("", &mut |_, leaf| send_leaf(self.sender, leaf));
    }

    fn progress(&mut self) {
        self.sender.progress();
    }
}

/// The send side of an overlapped reduction, as the hook sees it.
trait Buckets<F> {
    /// Reserves the next `len` elements of the send buffer for the leaf whose data starts at
    /// `address`. **Panics** if they are not there.
    fn place(&mut self, address: usize, len: usize);

    /// The unfilled rest of the bucket being filled.
    fn window(&mut self) -> &mut [F];

    /// The first `n` elements of the [`window`](Buckets::window) are filled: starts the
    /// bucket's allreduce once it is full.
    fn filled(&mut self, n: usize);

    /// What the leaves are multiplied by before they are sent: the rank's sample count, or
    /// `None` for zeros (a rank without samples).
    fn weight(&self) -> Option<F>;

    /// Tests the pending allreduces, which lets MPI progress them.
    fn progress(&mut self);
}

/// Copies `leaf`, weighted, into the next places of the send buffer.
fn send_leaf<F: Reducible, E: Float>(sender: &mut dyn Buckets<F>, leaf: ArrayViewD<'_, E>) {
    if leaf.is_empty() {
        return;
    }
    sender.place(leaf.as_ptr() as usize, leaf.len());
    let weight = sender.weight();
    let mut values = leaf.iter();
    let mut left = leaf.len();
    while left > 0 {
        let window = sender.window();
        let n = window.len().min(left);
        let window = &mut window[..n];
        match weight {
            // The parts of a `Params` value share its element type; the round trip through
            // f64 is then exact.
            Some(weight) => window
                .iter_mut()
                .zip(values.by_ref())
                .for_each(|(slot, x)| *slot = F::from_f64_lossy(x.to_f64_exact()) * weight),
            None => window.fill(F::zero()),
        }
        sender.filled(n);
        left -= n;
    }
}

/// Where a leaf went in the send buffer.
struct Placed {
    address: usize,
    len: usize,
    offset: usize,
}

/// The state of an overlapped reduction inside its request scope: the rests of the send and
/// receive buffers from the current bucket on, and the buckets' pending allreduces.
struct Sender<'s, 'a, F: Equivalence> {
    world: &'a SimpleCommunicator,
    scope: &'s LocalScope<'a>,
    send: &'a mut [F],
    receive: &'a mut [F],
    /// Elements of the current bucket filled.
    filled: usize,
    bucket_len: usize,
    pending: VecDeque<Request<'a, [F], &'s LocalScope<'a>>>,
    /// The leaves in the order they were placed.
    placed: Vec<Placed>,
    /// The number of elements of the gradient.
    capacity: usize,
    weight: Option<F>,
}

impl<F: Reducible> Buckets<F> for Sender<'_, '_, F> {
    fn place(&mut self, address: usize, len: usize) {
        let offset = self.placed.last().map_or(0, |p| p.offset + p.len);
        assert!(
            offset + len <= self.capacity,
            "adjoint: allreduce_mean_overlapped: the backward pass reported more elements than \
             `grads` holds ({} so far, `grads` has {}): a part reported twice, or not a part of \
             `grads`",
            offset + len,
            self.capacity
        );
        self.placed.push(Placed {
            address,
            len,
            offset,
        });
    }

    fn window(&mut self) -> &mut [F] {
        let bucket = self.bucket_len.min(self.send.len());
        &mut self.send[self.filled..bucket]
    }

    fn filled(&mut self, n: usize) {
        self.filled += n;
        let bucket = self.bucket_len.min(self.send.len());
        if self.filled == bucket {
            let (send, rest) = std::mem::take(&mut self.send).split_at_mut(bucket);
            self.send = rest;
            let (receive, rest) = std::mem::take(&mut self.receive).split_at_mut(bucket);
            self.receive = rest;
            let request = self.world.immediate_all_reduce_into(
                self.scope,
                &*send,
                receive,
                SystemOperation::sum(),
            );
            self.pending.push_back(request);
            self.filled = 0;
        }
    }

    fn weight(&self) -> Option<F> {
        self.weight
    }

    fn progress(&mut self) {
        // Testing one request runs MPI's progress engine for all of them.
        while let Some(request) = self.pending.pop_front() {
            if let Err(request) = request.test() {
                self.pending.push_front(request);
                break;
            }
        }
    }
}

/// After the backward pass: checks that the leaves it reported are leaves of `grads`, each
/// once, and sends the leaves it did not report, in visiting order. Returns, for each non-empty
/// leaf of `grads` in visiting order, its index in `sender.placed`.
#[track_caller]
fn place_the_rest<P: Params>(
    sender: &mut Sender<'_, '_, P::Elem>,
    grads: &P,
    len: usize,
    leaves: usize,
    function: &str,
) -> Vec<usize>
where
    P::Elem: Reducible,
{
    let mut by_address: Vec<usize> = (0..sender.placed.len()).collect();
    by_address.sort_unstable_by_key(|&i| sender.placed[i].address);
    if let Some(pair) = by_address
        .windows(2)
        .find(|pair| sender.placed[pair[0]].address == sender.placed[pair[1]].address)
    {
        panic!(
            "adjoint: {function}: the backward pass reported a leaf of {} elements twice",
            sender.placed[pair[0]].len
        );
    }
    let reported = sender.placed.len();
    let mut found = 0;
    let mut elements = 0;
    let mut in_visit_order = Vec::new();
    grads.visit("", &mut |path, leaf| {
        elements += leaf.len();
        if leaf.is_empty() {
            return;
        }
        let address = leaf.as_ptr() as usize;
        let placed = &sender.placed;
        match by_address.binary_search_by_key(&address, |&i| placed[i].address) {
            Ok(at) => {
                let i = by_address[at];
                assert_eq!(
                    placed[i].len,
                    leaf.len(),
                    "adjoint: {function}: the backward pass reported leaf `{path}` of `grads` \
                     with {} elements, it has {}",
                    placed[i].len,
                    leaf.len()
                );
                found += 1;
                in_visit_order.push(i);
            }
            Err(_) => {
                in_visit_order.push(sender.placed.len());
                send_leaf(sender, leaf);
            }
        }
    });
    assert!(
        elements == len && in_visit_order.len() == leaves,
        "adjoint: {function}: the backward pass changed `grads` from {len} elements in {leaves} \
         leaves to {elements} in {}",
        in_visit_order.len()
    );
    assert_eq!(
        found,
        reported,
        "adjoint: {function}: the backward pass reported {} part(s) that are not leaves of \
         `grads` (copies, or other values)",
        reported - found
    );
    in_visit_order
}

/// The default size of a gradient bucket, in bytes: large enough that an allreduce's latency is
/// small beside its transfer, small enough that the first buckets start early in the backward
/// (a gradient smaller than one bucket cannot overlap its backward at all; see BENCHMARKS.md,
/// "Data-parallel training on MPI"). [`Communicator::with_bucket_bytes`] sets another.
pub const BUCKET_BYTES: usize = 1 << 20;

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
    // The last reduction's send and receive buffers (a `Buffers<F>`), reused by the next.
    scratch: Cell<Option<Box<dyn Any>>>,
    bucket_bytes: usize,
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
            scratch: Cell::new(None),
            bucket_bytes: BUCKET_BYTES,
            _universe: universe,
        }
    }

    /// The same communicator reducing gradients in buckets of `bytes` bytes (rounded down to
    /// whole elements, at least one) instead of [`BUCKET_BYTES`]: smaller buckets start their
    /// allreduces earlier in an overlapped backward pass, larger ones pay each allreduce's
    /// latency less often. Every rank must use the same size.
    ///
    /// ```no_run
    /// use adjoint_runtime::distributed::Communicator;
    /// let comm = Communicator::world().with_bucket_bytes(1 << 20);
    /// assert_eq!(comm.bucket_bytes(), 1 << 20);
    /// ```
    pub fn with_bucket_bytes(self, bytes: usize) -> Self {
        Communicator {
            bucket_bytes: bytes,
            ..self
        }
    }

    /// The size of a gradient bucket, in bytes: [`BUCKET_BYTES`] unless
    /// [`with_bucket_bytes`](Self::with_bucket_bytes) set another.
    ///
    /// ```no_run
    /// use adjoint_runtime::distributed::{BUCKET_BYTES, Communicator};
    /// assert_eq!(Communicator::world().bucket_bytes(), BUCKET_BYTES);
    /// ```
    pub fn bucket_bytes(&self) -> usize {
        self.bucket_bytes
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
    /// The leaves travel in flat buckets of [`bucket_bytes`](Self::bucket_bytes), in the order
    /// of [`Params::visit`].
    ///
    /// **Panics** on every rank if no rank has any rows, or if the ranks' `grads` have different
    /// numbers of elements or leaves.
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
        let total = self.shares(local_samples, grads, "allreduce_mean").total;
        let weight = P::Elem::from_f64_lossy(local_samples as f64);
        let mut buffers = self.buffers::<P::Elem>(grads.num_params());
        let Buffers { send, receive } = &mut buffers;
        if local_samples > 0 {
            let mut i = 0;
            grads.visit("", &mut |_, leaf| {
                for &x in leaf.iter() {
                    send[i] = x * weight;
                    i += 1;
                }
            });
        } else {
            send.fill(P::Elem::zero());
        }
        let bucket = self.bucket_len::<P::Elem>();
        for (send, receive) in send.chunks(bucket).zip(receive.chunks_mut(bucket)) {
            self.world
                .all_reduce_into(send, receive, SystemOperation::sum());
        }
        let total = P::Elem::from_f64_lossy(total as f64);
        let mut i = 0;
        grads.visit_mut("", &mut |_, mut leaf| {
            let sums = &receive[i..i + leaf.len()];
            leaf.iter_mut()
                .zip(sums)
                .for_each(|(value, &sum)| *value = sum / total);
            i += sums.len();
        });
        self.keep_buffers(buffers);
    }

    /// [`allreduce_mean`](Self::allreduce_mean) overlapped with the backward pass that computes
    /// `grads`, as PyTorch's DDP does it: `backward(grads, hook)` must compute this rank's mean
    /// gradient over its `local_samples` rows into `grads` by a generated
    /// `NAME_grad_into_with(…, grads, &mut workspace, hook)`, and the allreduces of the first
    /// buckets run while the backward pass is still differentiating the layers before them.
    /// Returns what `backward` returns (the loss, typically). `grads` ends up holding what
    /// [`allreduce_mean`](Self::allreduce_mean) would give: the same products summed over the
    /// ranks in buckets of the same lengths, the same bits on two ranks (on more, MPI's
    /// non-blocking allreduce may add the ranks in another order: within a relative 1e-15 in
    /// the tests).
    ///
    /// How: each time the backward pass reports a part of `grads` final, the hook copies its
    /// leaves, weighted by `local_samples`, into the next free places of a send buffer; once a
    /// bucket of [`bucket_bytes`](Self::bucket_bytes) is full, its non-blocking allreduce starts, and the hook tests
    /// the pending ones between the backward's steps (an MPI library progresses non-blocking
    /// collectives only inside MPI calls). After `backward`, the leaves it never reported follow
    /// in [`Params::visit`] order, the last bucket starts, and once every bucket is reduced each
    /// leaf gets its sums back, found by the address of its data.
    ///
    /// Every rank with rows must run the same backward pass of the same model: the buckets hold
    /// the leaves in the order they are reported, which must be the same on every rank. That is
    /// checked once the buckets are reduced, by one more allreduce of four integers a leaf. A
    /// rank with no rows need not run the backward pass (`backward` may do nothing there: its
    /// `grads` are not read); it sends zeros and reads the sums where the other ranks put them.
    /// `grads` should start at zero, as for any `NAME_grad_into`.
    ///
    /// **Panics** on every rank if no rank has any rows, if the ranks' `grads` have different
    /// numbers of elements or leaves, or if the ranks with rows reported the parts in different
    /// orders; and if `backward` reports a leaf twice, reports a leaf that is not in `grads`, or
    /// changes the number of elements of `grads`.
    /// A panic on one rank aborts the job (see [`Communicator`]).
    ///
    /// With a model `m`, its `#[differentiable(wrt(self))] fn loss(&self, x, labels)` and a
    /// [`Workspace`](crate::Workspace) `ws`, a training step is
    /// `let loss = comm.allreduce_mean_overlapped(&mut grads, x.nrows(), |grads, hook| m.loss_grad_into_with(&x, &labels, grads, &mut ws, hook));`.
    /// Here the backward pass is written by hand, reporting the parts as a generated one does:
    ///
    /// ```no_run
    /// use adjoint_runtime::distributed::Communicator;
    /// use adjoint_runtime::GradientHook;
    /// use ndarray::Array1;
    ///
    /// let comm = Communicator::world();
    /// // A gradient of two parts; rank r saw r + 1 rows, whose mean gradient is r everywhere.
    /// let mut grads = (Array1::<f64>::zeros(3), 0.0_f64);
    /// let rows = comm.rank() + 1;
    /// let loss = comm.allreduce_mean_overlapped(&mut grads, rows, |grads, hook| {
    ///     grads.1 += comm.rank() as f64;
    ///     hook.part_final(&grads.1); // its allreduce may start now
    ///     grads.0 += comm.rank() as f64;
    ///     hook.progress();
    ///     0.25 // the loss
    /// });
    /// assert_eq!(loss, 0.25);
    /// // Two ranks: (1·0 + 2·1) / 3.
    /// if comm.size() == 2 {
    ///     assert_eq!(grads.1, 2.0 / 3.0);
    /// }
    /// ```
    #[track_caller]
    pub fn allreduce_mean_overlapped<P, R>(
        &self,
        grads: &mut P,
        local_samples: usize,
        backward: impl FnOnce(&mut P, &mut ReduceHook<'_, P::Elem>) -> R,
    ) -> R
    where
        P: Params,
        P::Elem: Reducible,
    {
        const FUNCTION: &str = "allreduce_mean_overlapped";
        let len = grads.num_params();
        let shares = self.shares(local_samples, grads, FUNCTION);
        let weight = (local_samples > 0).then(|| P::Elem::from_f64_lossy(local_samples as f64));
        let mut buffers = self.buffers::<P::Elem>(len);
        let Buffers { send, receive } = &mut buffers;
        let (result, layout) = mpi::request::scope(|scope| {
            let mut sender = Sender {
                world: &self.world,
                scope,
                send: &mut send[..],
                receive: &mut receive[..],
                filled: 0,
                bucket_len: self.bucket_len::<P::Elem>(),
                pending: VecDeque::new(),
                placed: Vec::new(),
                capacity: len,
                weight,
            };
            let result = backward(
                grads,
                &mut ReduceHook {
                    sender: &mut sender,
                },
            );
            let in_visit_order = place_the_rest(&mut sender, grads, len, shares.leaves, FUNCTION);
            let Sender {
                pending, placed, ..
            } = sender;
            for request in pending {
                request.wait_without_status();
            }
            let mine: Vec<u64> = in_visit_order
                .iter()
                .flat_map(|&i| [placed[i].offset, placed[i].len])
                .map(|n| u64::try_from(n).expect("an offset fits in 64 bits"))
                .collect();
            (
                result,
                self.layout_of_ranks_with_samples(&mine, local_samples > 0, FUNCTION),
            )
        });
        let total = P::Elem::from_f64_lossy(shares.total as f64);
        let mut leaf = 0;
        grads.visit_mut("", &mut |path, mut values| {
            if values.is_empty() {
                return;
            }
            let [offset, len] = [layout[2 * leaf], layout[2 * leaf + 1]]
                .map(|n| usize::try_from(n).expect("an offset fits in usize"));
            assert_eq!(
                len,
                values.len(),
                "adjoint: {FUNCTION}: the gradients differ across ranks: leaf `{path}` has {} \
                 elements here, {len} on the ranks with samples",
                values.len()
            );
            let sums = &receive[offset..offset + len];
            values
                .iter_mut()
                .zip(sums)
                .for_each(|(value, &sum)| *value = sum / total);
            leaf += 1;
        });
        self.keep_buffers(buffers);
        result
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

    /// Every rank's sample count, gathered after checking that every rank's gradient `grads`
    /// has as many elements in as many non-empty leaves, and that every rank uses the same
    /// bucket size (else their allreduces would not match). **Panics** on every rank if not, or
    /// if no rank has samples.
    #[track_caller]
    fn shares<P: Params>(&self, count: usize, grads: &P, function: &str) -> Shares {
        let mut leaves = 0;
        grads.visit("", &mut |_, leaf| leaves += usize::from(!leaf.is_empty()));
        let mine = [count, grads.num_params(), leaves, self.bucket_bytes]
            .map(|n| u64::try_from(n).expect("a count fits in 64 bits"));
        let mut all = vec![[0_u64; 4]; self.size()];
        self.world
            .all_gather_into(&mine[..], all.as_flattened_mut());
        if let Some(rank) = all.iter().position(|other| other[1..3] != all[0][1..3]) {
            panic!(
                "adjoint: {function}: the gradients differ across ranks: rank 0's has {} \
                 elements in {} leaves, rank {rank}'s has {} in {}",
                all[0][1], all[0][2], all[rank][1], all[rank][2]
            );
        }
        if let Some(rank) = all.iter().position(|other| other[3] != all[0][3]) {
            panic!(
                "adjoint: {function}: the ranks' buckets differ: {} bytes on rank 0, {} on rank \
                 {rank} (see Communicator::with_bucket_bytes)",
                all[0][3], all[rank][3]
            );
        }
        let total: u64 = all.iter().map(|&[count, ..]| count).sum();
        assert!(
            total > 0,
            "adjoint: {function}: no rank has any samples (local_samples is 0 on every rank)"
        );
        Shares {
            total: usize::try_from(total).expect("the global count fits in usize"),
            leaves,
        }
    }

    /// The layout of the buffers (each leaf's offset and length, in visiting order) on the
    /// ranks with samples, after checking that they all have the same, `mine` on each: one
    /// allreduce of the maximum of the layout and of its complement, which are each other's
    /// complements only if every rank with samples has the same. A rank without samples sends
    /// zeros and zeros are what it sent, so its own layout does not matter: it reads the sums
    /// where the others put them. **Panics** on every rank if the layouts differ.
    #[track_caller]
    fn layout_of_ranks_with_samples(
        &self,
        mine: &[u64],
        has_samples: bool,
        function: &str,
    ) -> Vec<u64> {
        let sent: Vec<u64> = if has_samples {
            mine.iter()
                .copied()
                .chain(mine.iter().map(|&n| !n))
                .collect()
        } else {
            vec![0; 2 * mine.len()]
        };
        let mut max = vec![0_u64; sent.len()];
        self.world
            .all_reduce_into(&sent[..], &mut max[..], SystemOperation::max());
        let (layout, complement) = max.split_at(mine.len());
        assert!(
            layout.iter().zip(complement).all(|(&n, &c)| c == !n),
            "adjoint: {function}: the ranks reported the parts of the gradient in different \
             orders, so their buckets do not line up: every rank with samples must run the same \
             backward pass of the same model"
        );
        layout.to_vec()
    }

    /// The number of elements of `F` in a bucket.
    fn bucket_len<F>(&self) -> usize {
        (self.bucket_bytes / std::mem::size_of::<F>()).max(1)
    }

    /// A send and a receive buffer of `len` elements each, the last reduction's if it had the
    /// same element type (their contents are overwritten before they are read).
    fn buffers<F: Reducible>(&self, len: usize) -> Buffers<F> {
        let mut buffers = match self.scratch.take().map(|b| b.downcast::<Buffers<F>>()) {
            Some(Ok(buffers)) => *buffers,
            _ => Buffers {
                send: Vec::new(),
                receive: Vec::new(),
            },
        };
        buffers.send.resize(len, F::zero());
        buffers.receive.resize(len, F::zero());
        buffers
    }

    /// Keeps `buffers` for the next reduction.
    fn keep_buffers<F: Reducible>(&self, buffers: Buffers<F>) {
        self.scratch.set(Some(Box::new(buffers)));
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

/// The ranks' sample counts, as a reduction needs them.
struct Shares {
    /// The sum over the ranks.
    total: usize,
    /// The number of non-empty leaves of the gradient.
    leaves: usize,
}

/// The flat buffers of a reduction.
struct Buffers<F> {
    send: Vec<F>,
    receive: Vec<F>,
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
    /// use ndarray::{Array1, Array2, ArrayViewD};
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

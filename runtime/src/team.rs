//! The helper threads that compute the pieces of a large matrix product (or element-wise
//! pass) beside the thread that asked for it: one at a time, the caller computing the first
//! piece itself.
//!
//! A helper that has finished its piece spins for [`SPIN`] before it sleeps, so that the
//! products of one training step, a few hundred microseconds or less apart, find it awake:
//! waking a sleeping thread costs tens of microseconds on a virtual machine, as much as a
//! whole piece of W2's products (rayon's pool, which sleeps at once, lost to one thread there).
//! OpenMP's runtimes, under PyTorch, also spin before they sleep.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

/// How long a helper with nothing to do waits awake for the next piece before it sleeps.
const SPIN: Duration = Duration::from_millis(1);

/// The most pieces of one product: the low bits of [`LATEST`].
const MAX_PIECES: usize = 1 << 16;

/// The latest job: its generation (a count of jobs) in the high bits, its number of pieces
/// below [`MAX_PIECES`], in one word so that a helper reads both at once.
static LATEST: AtomicU64 = AtomicU64::new(0);

/// The latest job's pieces and panics, on the stack of the thread that runs it.
static JOB: AtomicPtr<Job<'static>> = AtomicPtr::new(ptr::null_mut());

/// Helpers still computing a piece of the latest job.
static REMAINING: AtomicUsize = AtomicUsize::new(0);

/// The helpers, the `i`-th computing piece `i + 1`; held by the caller for a whole job.
static HELPERS: Mutex<Vec<Helper>> = Mutex::new(Vec::new());

/// A job: the function of a piece's index, and the first panic of a helper's piece.
struct Job<'a> {
    piece: &'a (dyn Fn(usize) + Sync),
    panic: Mutex<Option<Box<dyn Any + Send>>>,
}

/// A helper thread, and whether it is asleep (or about to be), so must be woken.
struct Helper {
    thread: Thread,
    asleep: Arc<AtomicBool>,
}

/// Items that [`for_each_item`] holds on the stack; more (one per thread) go to the heap.
const ON_STACK: usize = 8;

/// Calls `f` with every item of `items`, one per thread as [`for_each_piece`], allocating
/// nothing for up to 8 items.
///
/// **Panics** with an item's panic if `f` panics, after every item is done.
pub(crate) fn for_each_item<T: Send>(items: impl Iterator<Item = T>, f: &(dyn Fn(T) + Sync)) {
    let mut items = items.fuse();
    let stack: [Mutex<Option<T>>; ON_STACK] = std::array::from_fn(|_| Mutex::new(items.next()));
    let heap: Vec<Mutex<Option<T>>> = items.map(|item| Mutex::new(Some(item))).collect();
    let count = stack.iter().filter(|slot| slot_is_full(slot)).count() + heap.len();
    for_each_piece(count, &|i| {
        let slot = stack.get(i).unwrap_or_else(|| &heap[i - ON_STACK]);
        let item = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(item) = item {
            f(item);
        }
    });
}

fn slot_is_full<T>(slot: &Mutex<Option<T>>) -> bool {
    slot.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .is_some()
}

/// Calls `piece(i)` for every `i` in `0..pieces`, `piece(0)` on this thread and the others on
/// helpers, and returns when all have returned. If the team is busy with another thread's
/// pieces, waits for it; if a helper cannot be started, this thread computes the pieces left
/// over.
///
/// **Panics** with a piece's panic if a piece panics, after every piece has returned.
pub(crate) fn for_each_piece(pieces: usize, piece: &(dyn Fn(usize) + Sync)) {
    if pieces < 2 {
        return resume(run_here(0..pieces, piece));
    }
    // A thread that finds the team busy waits for it, rather than computing the pieces
    // alone: each piece runs where it always does, so a step allocates the same on its
    // thread whatever runs beside it, and the cores are not shared by two products at once.
    // No piece starts a product, so this never waits for itself.
    let mut helpers = HELPERS.lock().unwrap_or_else(PoisonError::into_inner);
    while helpers.len() + 1 < pieces.min(MAX_PIECES - 1) {
        match start_helper(helpers.len() + 1) {
            Some(helper) => helpers.push(helper),
            None => break,
        }
    }
    let on_team = pieces.min(helpers.len() + 1);
    // Checked in release builds too: no helper may still use the previous job.
    assert!(
        REMAINING.load(Ordering::Acquire) == 0,
        "adjoint: internal error: a product's pieces started before the last ones finished"
    );
    let job = Job {
        piece,
        panic: Mutex::new(None),
    };
    REMAINING.store(on_team - 1, Ordering::Relaxed);
    JOB.store(ptr::from_ref(&job).cast_mut().cast(), Ordering::Release);
    let generation = (LATEST.load(Ordering::Relaxed) >> 16) + 1;
    LATEST.store(generation << 16 | on_team as u64, Ordering::SeqCst);
    for helper in &helpers[..on_team - 1] {
        if helper.asleep.swap(false, Ordering::SeqCst) {
            helper.thread.unpark();
        }
    }

    let first = run_here(0..1, piece);
    let mine = first.or(run_here(on_team..pieces, piece));
    // `job` lives until every helper has finished with it, panics included.
    let mut spins = 0_u32;
    while REMAINING.load(Ordering::Acquire) != 0 {
        spins = spins.saturating_add(1);
        if spins < 1 << 12 {
            std::hint::spin_loop();
        } else {
            thread::yield_now();
        }
    }
    JOB.store(ptr::null_mut(), Ordering::Relaxed);
    drop(helpers);
    let helper_panic = job
        .panic
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    resume(mine.or(helper_panic));
}

/// Calls `piece(i)` for every `i` in `indices` on this thread, and returns the first panic.
fn run_here(
    indices: std::ops::Range<usize>,
    piece: &(dyn Fn(usize) + Sync),
) -> Option<Box<dyn Any + Send>> {
    let mut first = None;
    for i in indices {
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| piece(i))) {
            first.get_or_insert(payload);
        }
    }
    first
}

/// Panics again with `payload`, if any.
fn resume(payload: Option<Box<dyn Any + Send>>) {
    if let Some(payload) = payload {
        panic::resume_unwind(payload);
    }
}

/// Starts the helper that computes piece `index` of each job, from the next job on.
fn start_helper(index: usize) -> Option<Helper> {
    let asleep = Arc::new(AtomicBool::new(false));
    let seen = LATEST.load(Ordering::Relaxed) >> 16;
    let handle = thread::Builder::new()
        .name(format!("adjoint-product-{index}"))
        .spawn({
            let asleep = Arc::clone(&asleep);
            move || help(index, seen, &asleep)
        })
        .ok()?;
    Some(Helper {
        thread: handle.thread().clone(),
        asleep,
    })
}

/// A helper's life: wait for a job newer than `seen`, compute piece `index` if the job has
/// that many, and again.
fn help(index: usize, mut seen: u64, asleep: &AtomicBool) {
    loop {
        let latest = next_job(seen, asleep);
        seen = latest >> 16;
        if index >= (latest % MAX_PIECES as u64) as usize {
            continue;
        }
        let job = JOB.load(Ordering::Acquire);
        // Checked in release builds too: the job is published before its generation.
        assert!(
            !job.is_null(),
            "adjoint: internal error: a product's piece without its job"
        );
        // SAFETY: `job` points to the `Job` on the stack of `for_each_piece`, which published
        // it before this generation (release, acquired above) and does not return, unwind or
        // publish another job until `REMAINING` is 0. This helper is counted in `REMAINING`
        // (its index is below the job's pieces), and decrements it only after its last use of
        // `job`. `Job` is `Sync`: a shared function and a mutex.
        let job = unsafe { &*job };
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| (job.piece)(index))) {
            let mut first = job.panic.lock().unwrap_or_else(PoisonError::into_inner);
            first.get_or_insert(payload);
        }
        REMAINING.fetch_sub(1, Ordering::Release);
    }
}

/// Waits for a job of a generation other than `seen` and returns [`LATEST`]: spinning for
/// [`SPIN`], then asleep until `for_each_piece` wakes this helper.
fn next_job(seen: u64, asleep: &AtomicBool) -> u64 {
    let mut since = Instant::now();
    let mut spins = 0_u32;
    loop {
        let latest = LATEST.load(Ordering::Acquire);
        if latest >> 16 != seen {
            return latest;
        }
        spins = spins.wrapping_add(1);
        if spins % 64 != 0 || since.elapsed() < SPIN {
            std::hint::spin_loop();
            continue;
        }
        // Asleep, then look again: a job published after this store wakes the helper, one
        // published before it is seen by the load (both sequentially consistent).
        asleep.store(true, Ordering::SeqCst);
        let latest = LATEST.load(Ordering::SeqCst);
        if latest >> 16 != seen {
            asleep.store(false, Ordering::Relaxed);
            return latest;
        }
        thread::park();
        asleep.store(false, Ordering::Relaxed);
        since = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::for_each_piece;

    #[test]
    fn every_piece_runs_once() {
        for pieces in [1, 2, 3, 7] {
            let counts: Vec<AtomicUsize> = (0..pieces).map(|_| AtomicUsize::new(0)).collect();
            for _ in 0..100 {
                for_each_piece(pieces, &|i| {
                    counts[i].fetch_add(1, Ordering::Relaxed);
                });
            }
            assert!(counts.iter().all(|c| c.load(Ordering::Relaxed) == 100));
        }
    }

    #[test]
    fn a_panicking_piece_panics_the_caller_after_the_others() {
        let done = AtomicUsize::new(0);
        let result = std::panic::catch_unwind(|| {
            for_each_piece(3, &|i| {
                if i == 1 {
                    panic!("piece 1");
                }
                done.fetch_add(1, Ordering::Relaxed);
            })
        });
        assert!(result.is_err());
        assert_eq!(done.load(Ordering::Relaxed), 2);
        // The team still works afterwards.
        for_each_piece(2, &|_| {
            done.fetch_add(1, Ordering::Relaxed);
        });
        assert_eq!(done.load(Ordering::Relaxed), 4);
    }
}

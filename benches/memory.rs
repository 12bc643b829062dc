//! Heap use per step: how many allocations a step makes, how many bytes it allocates, and how
//! far above the parameters and data the heap peaks, counted by a global allocator; and a mode
//! that runs one variant alone, for `/usr/bin/time -v`.
//!
//! ```sh
//! cargo bench --bench memory                      # the table, every workload and variant
//! cargo bench --bench memory -- --rss W3 a        # 20 steps of W3 with (a) only, then exit
//! cargo bench --bench memory -- --rss W3 a 5      # 5 steps (for valgrind --tool=callgrind)
//! ```
//!
//! `--rss W none` sets the workload up and takes no step: the baseline to subtract.

mod workloads;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use adjoint::prelude::*;
use workloads::{
    LR, LogisticSetup, LogisticWorkspace, Mlp2, Mlp3, MlpSetup, MlpWorkload, Model, W1, W2, W3,
    Workspace,
};

/// The system allocator, counting.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
    ALLOCATED.fetch_add(bytes, Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, forwarded.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, forwarded.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, forwarded.
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            LIVE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        q
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What one call allocated.
struct Usage {
    allocations: usize,
    bytes: usize,
    /// The heap's peak during the call, above what was live before it.
    peak_above: usize,
}

/// Runs `f` twice to warm up (lazy state, first-call buffers), then counts a third call.
fn usage<S>(state: &mut S, mut f: impl FnMut(&mut S)) -> Usage {
    f(state);
    f(state);
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    ALLOCATIONS.store(0, Relaxed);
    ALLOCATED.store(0, Relaxed);
    f(state);
    Usage {
        allocations: ALLOCATIONS.load(Relaxed),
        bytes: ALLOCATED.load(Relaxed),
        peak_above: PEAK.load(Relaxed) - before,
    }
}

fn row(workload: &str, variant: &str, u: Usage) {
    println!(
        "| {workload} | {variant} | {} | {:.1} | {:.1} |",
        u.allocations,
        u.bytes as f64 / 1024.0,
        u.peak_above as f64 / 1024.0
    );
}

fn mlp<M: Model>(workload: MlpWorkload) {
    let s = MlpSetup::new(workload);
    s.assert_gradients_agree::<M>();
    let (x, labels, name) = (&s.x, &s.labels, workload.name);
    let params: usize = s.layers.iter().map(|l| l.w.len() + l.b.len()).sum();
    println!(
        "| {name} | (parameters, f32) | | | {:.1} |",
        params as f64 / 256.0
    );
    let mut opt = Sgd::new(f64::from(LR));
    let mut m = M::from_layers(&s.layers);
    row(
        name,
        "a_step",
        usage(&mut m, |m| {
            black_box(m.step(x, labels, &mut opt));
        }),
    );
    let (mut grads, mut ws_into) = (M::from_layers(&s.layers), adjoint::Workspace::new());
    row(
        name,
        "a_into_step",
        usage(&mut m, |m| {
            black_box(m.step_into(x, labels, &mut grads, &mut ws_into, &mut opt));
        }),
    );
    row(
        name,
        "a_inline_step",
        usage(&mut m, |m| {
            black_box(m.step_inline(x, labels, &mut opt));
        }),
    );
    row(
        name,
        "a_par2_step",
        usage(&mut m, |m| {
            black_box(m.par_step(&s.shards, &mut opt));
        }),
    );
    row(
        name,
        "a_grad",
        usage(&mut m, |m| {
            black_box(m.loss_grad(x, labels));
        }),
    );
    row(
        name,
        "a_forward",
        usage(&mut m, |m| {
            black_box(m.loss(x, labels));
        }),
    );
    let mut layers = s.layers.clone();
    row(
        name,
        "b_step",
        usage(&mut layers, |layers| {
            black_box(workloads::step_alloc(layers, x, labels));
        }),
    );
    let mut ws = Workspace::new(&s.layers, x.nrows());
    row(
        name,
        "c_step",
        usage(&mut layers, |layers| {
            black_box(workloads::step_into(layers, x.view(), labels, &mut ws));
        }),
    );
    row(
        name,
        "c_forward",
        usage(&mut layers, |layers| {
            black_box(workloads::loss_into(layers, x.view(), labels, &mut ws));
        }),
    );
}

fn formulas() {
    workloads::assert_rosenbrock_agrees();
    row(
        "S1",
        "a_grad",
        usage(&mut (), |_| {
            black_box(workloads::rosenbrock_grad(black_box(-1.2), black_box(1.0)));
        }),
    );
    row(
        "S1",
        "d_grad",
        usage(&mut (), |_| {
            black_box(workloads::rosenbrock_by_hand(
                black_box(-1.2),
                black_box(1.0),
            ));
        }),
    );
    row(
        "S1",
        "d_grad_not_inlined",
        usage(&mut (), |_| {
            black_box(workloads::rosenbrock_by_hand_not_inlined(
                black_box(-1.2),
                black_box(1.0),
            ));
        }),
    );
    let s = LogisticSetup::new();
    s.assert_gradients_agree();
    row(
        "S2",
        "a_grad",
        usage(&mut (), |_| {
            black_box(workloads::logistic_grad(&s.x, &s.y, &s.w, s.b));
        }),
    );
    let (mut grads, mut ws_into) = ((s.w.clone(), s.b), adjoint::Workspace::new());
    row(
        "S2",
        "a_into_grad",
        usage(&mut (), |_| {
            grads.set_zero();
            black_box(workloads::logistic_grad_into(
                &s.x,
                &s.y,
                &s.w,
                s.b,
                &mut grads,
                &mut ws_into,
            ));
        }),
    );
    row(
        "S2",
        "a_forward",
        usage(&mut (), |_| {
            black_box(workloads::logistic(&s.x, &s.y, &s.w, s.b));
        }),
    );
    row(
        "S2",
        "b_grad",
        usage(&mut (), |_| {
            black_box(workloads::logistic_by_hand(&s.x, &s.y, &s.w, s.b));
        }),
    );
    let mut ws = LogisticWorkspace::new(s.x.nrows(), s.x.ncols());
    row(
        "S2",
        "c_grad",
        usage(&mut ws, |ws| {
            black_box(workloads::logistic_by_hand_into(&s.x, &s.y, &s.w, s.b, ws));
        }),
    );
}

/// `--rss W variant [steps]`: steps (20) of one variant alone, for the process's peak resident
/// size or a profile.
fn rss<M: Model>(workload: MlpWorkload, variant: &str, steps: usize) {
    let s = MlpSetup::new(workload);
    let (x, labels) = (&s.x, &s.labels);
    let mut layers = s.layers.clone();
    let mut m = M::from_layers(&s.layers);
    let mut opt = Sgd::new(f64::from(LR));
    let mut ws = (variant == "c").then(|| Workspace::new(&s.layers, x.nrows()));
    let (mut grads, mut ws_into) = (M::from_layers(&s.layers), adjoint::Workspace::new());
    for _ in 0..steps {
        match variant {
            "a" => black_box(m.step(x, labels, &mut opt)),
            "a_into" => black_box(m.step_into(x, labels, &mut grads, &mut ws_into, &mut opt)),
            "a_inline" => black_box(m.step_inline(x, labels, &mut opt)),
            "a_par2" => black_box(m.par_step(&s.shards, &mut opt)),
            "b" => black_box(workloads::step_alloc(&mut layers, x, labels)),
            "c" => {
                let ws = ws.as_mut().expect("made for c");
                black_box(workloads::step_into(&mut layers, x.view(), labels, ws))
            }
            "none" => 0.0,
            other => panic!("unknown variant {other:?}: a, a_into, a_inline, a_par2, b, c or none"),
        };
    }
    println!(
        "{} {variant}: peak heap {:.1} KiB",
        workload.name,
        PEAK.load(Relaxed) as f64 / 1024.0
    );
}

fn main() {
    // One thread inside products and element-wise passes, so that the figures stay
    // comparable with earlier runs and with the peers' one-thread figures.
    adjoint::set_num_threads(1);
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let [flag, workload, variant, steps @ ..] = args.as_slice()
        && flag == "--rss"
    {
        let steps = steps
            .first()
            .map_or(20, |s| s.parse().expect("a number of steps"));
        match workload.as_str() {
            "W1" => rss::<Mlp2>(W1, variant, steps),
            "W2" => rss::<Mlp2>(W2, variant, steps),
            "W3" => rss::<Mlp3>(W3, variant, steps),
            other => panic!("unknown workload {other:?}: W1, W2 or W3"),
        }
        return;
    }
    println!(
        "| workload | variant | allocations per step | KiB allocated per step | peak heap above live, KiB |"
    );
    println!("|---|---|---:|---:|---:|");
    mlp::<Mlp2>(W1);
    mlp::<Mlp2>(W2);
    mlp::<Mlp3>(W3);
    formulas();
}

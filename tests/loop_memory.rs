//! Peak heap of a gradient through a loop over layers, against the same network unrolled by
//! hand, measured with a counting global allocator. `cargo test --test loop_memory -- --nocapture`
//! prints the figures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use adjoint::ndarray::{Array1, Array2};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// One measurement at a time: the test harness runs tests on several threads.
static MEASURING: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(live, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes the heap rose above what was live before `f` ran. Callers run `f` once before, so that
/// one-time allocations (the matrix product's per-thread workspace) are not counted.
fn peak_above_live<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let result = f();
    (result, PEAK.load(Ordering::SeqCst) - before)
}

#[derive(Params, Clone)]
pub struct Stack {
    pub layers: Vec<Dense<f32>>,
}

#[differentiable(wrt(m))]
fn looped(m: &Stack, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let mut h = x.to_owned();
    for layer in &m.layers {
        h = relu(&dense(layer, &h));
    }
    softmax_cross_entropy(&h, labels)
}

#[differentiable(wrt(m))]
fn unrolled_4(m: &Stack, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let h = relu(&dense(&m.layers[0], x));
    let h = relu(&dense(&m.layers[1], &h));
    let h = relu(&dense(&m.layers[2], &h));
    let h = relu(&dense(&m.layers[3], &h));
    softmax_cross_entropy(&h, labels)
}

fn stack(depth: usize, width: usize) -> Stack {
    let mut rng = adjoint::init::rng(3);
    Stack {
        layers: (0..depth)
            .map(|_| Dense::new(width, width, &mut rng))
            .collect(),
    }
}

const BATCH: usize = 64;
const WIDTH: usize = 32;

fn inputs() -> (Array2<f32>, Array1<usize>) {
    let x = Array2::from_shape_fn((BATCH, WIDTH), |(i, j)| {
        ((i * 7 + j * 3) % 11) as f32 / 11.0 - 0.5
    });
    let labels = Array1::from_shape_fn(BATCH, |i| i % WIDTH);
    (x, labels)
}

#[test]
fn a_loop_keeps_no_more_than_the_unrolled_network() {
    let _guard = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let (x, labels) = inputs();
    let m = stack(4, WIDTH);
    looped_grad(&m, &x, &labels);
    unrolled_4_grad(&m, &x, &labels);
    let ((v_loop, g_loop), loop_peak) = peak_above_live(|| looped_grad(&m, &x, &labels));
    let ((v_unrolled, g_unrolled), unrolled_peak) =
        peak_above_live(|| unrolled_4_grad(&m, &x, &labels));
    assert_eq!(v_loop, v_unrolled);
    for (a, b) in g_loop.layers.iter().zip(&g_unrolled.layers) {
        assert_eq!(a.w, b.w);
        assert_eq!(a.b, b.b);
    }
    let activation = BATCH * WIDTH * 4;
    println!(
        "4 layers, batch {BATCH}, width {WIDTH}: loop peak {loop_peak} B, unrolled peak {unrolled_peak} B ({:.1} and {:.1} activations)",
        loop_peak as f64 / activation as f64,
        unrolled_peak as f64 / activation as f64
    );
    assert!(
        loop_peak <= unrolled_peak * 3 / 2,
        "{loop_peak} vs {unrolled_peak}"
    );
}

#[test]
fn a_loop_of_100_layers_grows_linearly_with_depth() {
    let _guard = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let (x, labels) = inputs();
    let mut peaks = Vec::new();
    for depth in [25, 50, 100] {
        let m = stack(depth, WIDTH);
        looped_grad(&m, &x, &labels);
        let (_, peak) = peak_above_live(|| looped_grad(&m, &x, &labels));
        peaks.push(peak);
        let activation = BATCH * WIDTH * 4;
        let weights = depth * (WIDTH * WIDTH + WIDTH) * 4;
        println!(
            "depth {depth}: peak {peak} B above live = {:.2} activations per layer, gradient {weights} B",
            (peak - weights) as f64 / (depth * activation) as f64
        );
    }
    // Twice the depth, at most a little over twice the memory.
    assert!(
        peaks[2] <= peaks[1] * 21 / 10 && peaks[1] <= peaks[0] * 21 / 10,
        "{peaks:?}"
    );
}

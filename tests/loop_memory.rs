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

/// The 100-layer network of the loop below, unrolled by hand (written out by a script).
#[differentiable(wrt(m))]
fn unrolled_100(m: &Stack, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let h = relu(&dense(&m.layers[0], x));
    let h = relu(&dense(&m.layers[1], &h));
    let h = relu(&dense(&m.layers[2], &h));
    let h = relu(&dense(&m.layers[3], &h));
    let h = relu(&dense(&m.layers[4], &h));
    let h = relu(&dense(&m.layers[5], &h));
    let h = relu(&dense(&m.layers[6], &h));
    let h = relu(&dense(&m.layers[7], &h));
    let h = relu(&dense(&m.layers[8], &h));
    let h = relu(&dense(&m.layers[9], &h));
    let h = relu(&dense(&m.layers[10], &h));
    let h = relu(&dense(&m.layers[11], &h));
    let h = relu(&dense(&m.layers[12], &h));
    let h = relu(&dense(&m.layers[13], &h));
    let h = relu(&dense(&m.layers[14], &h));
    let h = relu(&dense(&m.layers[15], &h));
    let h = relu(&dense(&m.layers[16], &h));
    let h = relu(&dense(&m.layers[17], &h));
    let h = relu(&dense(&m.layers[18], &h));
    let h = relu(&dense(&m.layers[19], &h));
    let h = relu(&dense(&m.layers[20], &h));
    let h = relu(&dense(&m.layers[21], &h));
    let h = relu(&dense(&m.layers[22], &h));
    let h = relu(&dense(&m.layers[23], &h));
    let h = relu(&dense(&m.layers[24], &h));
    let h = relu(&dense(&m.layers[25], &h));
    let h = relu(&dense(&m.layers[26], &h));
    let h = relu(&dense(&m.layers[27], &h));
    let h = relu(&dense(&m.layers[28], &h));
    let h = relu(&dense(&m.layers[29], &h));
    let h = relu(&dense(&m.layers[30], &h));
    let h = relu(&dense(&m.layers[31], &h));
    let h = relu(&dense(&m.layers[32], &h));
    let h = relu(&dense(&m.layers[33], &h));
    let h = relu(&dense(&m.layers[34], &h));
    let h = relu(&dense(&m.layers[35], &h));
    let h = relu(&dense(&m.layers[36], &h));
    let h = relu(&dense(&m.layers[37], &h));
    let h = relu(&dense(&m.layers[38], &h));
    let h = relu(&dense(&m.layers[39], &h));
    let h = relu(&dense(&m.layers[40], &h));
    let h = relu(&dense(&m.layers[41], &h));
    let h = relu(&dense(&m.layers[42], &h));
    let h = relu(&dense(&m.layers[43], &h));
    let h = relu(&dense(&m.layers[44], &h));
    let h = relu(&dense(&m.layers[45], &h));
    let h = relu(&dense(&m.layers[46], &h));
    let h = relu(&dense(&m.layers[47], &h));
    let h = relu(&dense(&m.layers[48], &h));
    let h = relu(&dense(&m.layers[49], &h));
    let h = relu(&dense(&m.layers[50], &h));
    let h = relu(&dense(&m.layers[51], &h));
    let h = relu(&dense(&m.layers[52], &h));
    let h = relu(&dense(&m.layers[53], &h));
    let h = relu(&dense(&m.layers[54], &h));
    let h = relu(&dense(&m.layers[55], &h));
    let h = relu(&dense(&m.layers[56], &h));
    let h = relu(&dense(&m.layers[57], &h));
    let h = relu(&dense(&m.layers[58], &h));
    let h = relu(&dense(&m.layers[59], &h));
    let h = relu(&dense(&m.layers[60], &h));
    let h = relu(&dense(&m.layers[61], &h));
    let h = relu(&dense(&m.layers[62], &h));
    let h = relu(&dense(&m.layers[63], &h));
    let h = relu(&dense(&m.layers[64], &h));
    let h = relu(&dense(&m.layers[65], &h));
    let h = relu(&dense(&m.layers[66], &h));
    let h = relu(&dense(&m.layers[67], &h));
    let h = relu(&dense(&m.layers[68], &h));
    let h = relu(&dense(&m.layers[69], &h));
    let h = relu(&dense(&m.layers[70], &h));
    let h = relu(&dense(&m.layers[71], &h));
    let h = relu(&dense(&m.layers[72], &h));
    let h = relu(&dense(&m.layers[73], &h));
    let h = relu(&dense(&m.layers[74], &h));
    let h = relu(&dense(&m.layers[75], &h));
    let h = relu(&dense(&m.layers[76], &h));
    let h = relu(&dense(&m.layers[77], &h));
    let h = relu(&dense(&m.layers[78], &h));
    let h = relu(&dense(&m.layers[79], &h));
    let h = relu(&dense(&m.layers[80], &h));
    let h = relu(&dense(&m.layers[81], &h));
    let h = relu(&dense(&m.layers[82], &h));
    let h = relu(&dense(&m.layers[83], &h));
    let h = relu(&dense(&m.layers[84], &h));
    let h = relu(&dense(&m.layers[85], &h));
    let h = relu(&dense(&m.layers[86], &h));
    let h = relu(&dense(&m.layers[87], &h));
    let h = relu(&dense(&m.layers[88], &h));
    let h = relu(&dense(&m.layers[89], &h));
    let h = relu(&dense(&m.layers[90], &h));
    let h = relu(&dense(&m.layers[91], &h));
    let h = relu(&dense(&m.layers[92], &h));
    let h = relu(&dense(&m.layers[93], &h));
    let h = relu(&dense(&m.layers[94], &h));
    let h = relu(&dense(&m.layers[95], &h));
    let h = relu(&dense(&m.layers[96], &h));
    let h = relu(&dense(&m.layers[97], &h));
    let h = relu(&dense(&m.layers[98], &h));
    let h = relu(&dense(&m.layers[99], &h));
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
    // And no more than the same 100 layers unrolled by hand.
    let m = stack(100, WIDTH);
    let looped_value = looped_grad(&m, &x, &labels).0;
    let unrolled_value = unrolled_100_grad(&m, &x, &labels).0;
    assert_eq!(looped_value, unrolled_value);
    let (_, unrolled_peak) = peak_above_live(|| unrolled_100_grad(&m, &x, &labels));
    println!(
        "100 layers: loop peak {} B, unrolled by hand {unrolled_peak} B",
        peaks[2]
    );
    assert!(
        peaks[2] <= unrolled_peak * 3 / 2,
        "{} vs {unrolled_peak}",
        peaks[2]
    );
}

//! Small matrix products by nano-gemm's kernels, which need no packing buffers on the heap.
//!
//! For W1's products (150×4·4×16, 16×150·150×3, …) matrixmultiply spends more on packing (and on
//! allocating its packing buffers) than on arithmetic; nano-gemm multiplies in registers from
//! the operands as they lie, with at most a copy on the stack (BENCHMARKS.md, "GEMM").

use std::mem::MaybeUninit;

use ndarray::{ArrayRef, Ix2};

use crate::Float;

/// Products with fewer multiply-adds than this go to [`small_matmul_into`]: up to here nano-gemm
/// beat both matrixmultiply and the `gemm` crate on W2's 128→10 layer at batches 16 to 64.
pub(crate) const SMALL_MAX_MULTIPLY_ADDS: usize = 1 << 17;

/// Elements of `B` copied to the stack when its rows are not contiguous (`g·wᵀ`).
const STACK_ELEMENTS: usize = 4096;

/// A stride that can be anything when its axis has length 1: nano-gemm's fast paths test for a
/// unit stride.
fn stride(len: usize, stride: isize) -> isize {
    if len == 1 { 1 } else { stride }
}

/// `c = a·b` for matrices of any strides (transposed, sliced, reversed and broadcast views
/// included), overwriting `c` and allocating nothing.
///
/// **Panics** if the shapes do not agree.
#[track_caller]
pub(crate) fn small_matmul_into<F: Float>(
    a: &ArrayRef<F, Ix2>,
    b: &ArrayRef<F, Ix2>,
    c: &mut ArrayRef<F, Ix2>,
) {
    small_matmul_add(a, b, c, false);
}

/// `c = a·b`, or `c += a·b` if `accumulate`, as [`small_matmul_into`].
///
/// **Panics** if the shapes do not agree.
#[track_caller]
pub(crate) fn small_matmul_add<F: Float>(
    a: &ArrayRef<F, Ix2>,
    b: &ArrayRef<F, Ix2>,
    c: &mut ArrayRef<F, Ix2>,
    accumulate: bool,
) {
    let ((m, k), (k2, n)) = (a.dim(), b.dim());
    // Checked in release builds too: the kernels read m×k elements of `a`, k×n of `b` and
    // write m×n of `c` by the pointers and strides below.
    assert!(
        k == k2 && c.dim() == (m, n),
        "adjoint: matmul: shapes {:?}·{:?} into {:?}",
        a.shape(),
        b.shape(),
        c.shape()
    );
    let (a_rs, a_cs) = (stride(m, a.strides()[0]), stride(k, a.strides()[1]));
    let (b_rs, b_cs) = (stride(k, b.strides()[0]), stride(n, b.strides()[1]));
    let (c_rs, c_cs) = (stride(m, c.strides()[0]), stride(n, c.strides()[1]));
    let (ap, cp) = (a.as_ptr(), c.as_mut_ptr());
    // nano-gemm is fastest with `C` and `A` column-major. With `C` row-major (as `matmul` makes
    // it) that is `Cᵀ = Bᵀ·Aᵀ` with `B` row-major, so a `B` whose rows are not contiguous is
    // copied row-major onto the stack when it fits.
    let mut stack = [const { MaybeUninit::<F>::uninit() }; STACK_ELEMENTS];
    let fits = k.checked_mul(n).is_some_and(|len| len <= STACK_ELEMENTS);
    let (bp, b_rs, b_cs) = if b_cs != 1 && c_cs == 1 && c_rs != 1 && fits {
        for (p, row) in b.rows().into_iter().enumerate() {
            for (j, &x) in row.iter().enumerate() {
                stack[p * n + j].write(x);
            }
        }
        (stack.as_ptr().cast::<F>(), stride(k, n as isize), 1)
    } else {
        (b.as_ptr(), b_rs, b_cs)
    };
    let alpha = if accumulate { F::one() } else { F::zero() };
    // SAFETY: `ap`, `bp` and `cp` with their strides address the m×k elements of `a`, the k×n
    // of `b` (or of its row-major copy, all k·n of which were written above and which lives
    // until the end of this function) and the m×n of `c`, the shapes checked above; nano-gemm
    // accepts any strides, negative and zero included, reads only `a` and `b`, and allocates
    // nothing (its own copies are on the stack). Each plan is made for the `m`, `n`, `k` it is
    // executed with, and a column-major plan (`true`) only where the destination and the
    // left operand passed to it have unit row stride (the conditions of its branch), as
    // `execute_unchecked` requires. `c` is initialized, so the kernel may read it; with
    // alpha = 0 it overwrites it, with alpha = 1 it adds into it.
    unsafe {
        if c_rs == 1 && a_rs == 1 {
            F::small_gemm_plan(m, n, k, true).execute_unchecked(
                m,
                n,
                k,
                cp,
                1,
                c_cs,
                ap,
                1,
                a_cs,
                bp,
                b_rs,
                b_cs,
                alpha,
                F::one(),
                false,
                false,
            );
        } else if c_cs == 1 && b_cs == 1 {
            F::small_gemm_plan(n, m, k, true).execute_unchecked(
                n,
                m,
                k,
                cp,
                1,
                c_rs,
                bp,
                1,
                b_rs,
                ap,
                a_cs,
                a_rs,
                alpha,
                F::one(),
                false,
                false,
            );
        } else {
            F::small_gemm_plan(m, n, k, false).execute_unchecked(
                m,
                n,
                k,
                cp,
                c_rs,
                c_cs,
                ap,
                a_rs,
                a_cs,
                bp,
                b_rs,
                b_cs,
                alpha,
                F::one(),
                false,
                false,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, ArrayView2, linalg::general_mat_mul, s};

    use super::*;

    fn filled<F: Float>(rows: usize, cols: usize, seed: u32) -> Array2<F> {
        let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
        Array2::from_shape_simple_fn((rows, cols), || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            F::from_f64_lossy(f64::from(x) / f64::from(u32::MAX) - 0.5)
        })
    }

    /// Runs `check` on `a` in each layout: row-major, transposed, and sliced with steps.
    fn each_layout<F: Float>(a: &Array2<F>, mut check: impl FnMut(ArrayView2<F>)) {
        let (r, c) = a.dim();
        check(a.view());
        let t = a.t().to_owned(); // c×r row-major, so `t.t()` is `a` with unit row stride
        check(t.t());
        let mut big = Array2::<F>::from_elem((2 * r + 1, 3 * c + 2), F::nan());
        big.slice_mut(s![1..;2, ..;-3])
            .slice_mut(s![..r, ..c])
            .assign(a);
        check(big.slice(s![1..;2, ..;-3]).slice_move(s![..r, ..c]));
    }

    fn agrees_with_dot<F: Float>(m: usize, k: usize, n: usize, tolerance: f64) {
        let (a, b) = (filled::<F>(m, k, 1), filled::<F>(k, n, 2));
        let expected = a.dot(&b);
        each_layout(&a, |a| {
            each_layout(&b, |b| {
                // Into a row-major output, and into a column-major one.
                for column_major in [false, true] {
                    let mut c = if column_major {
                        Array2::from_elem((n, m), F::nan()).reversed_axes()
                    } else {
                        Array2::from_elem((m, n), F::nan())
                    };
                    small_matmul_into(&a, &b, &mut c);
                    for (x, y) in c.iter().zip(expected.iter()) {
                        let (x, y) = (x.to_f64_exact(), y.to_f64_exact());
                        assert!(
                            (x - y).abs() <= tolerance * (1.0 + y.abs()),
                            "{m}×{k}·{k}×{n}, strides {:?}·{:?}: {x} ≠ {y}",
                            a.strides(),
                            b.strides()
                        );
                    }
                }
            });
        });
    }

    /// W1's shapes, shapes around nano-gemm's 16-wide kernels, 1×1, k = 0 and empty products.
    const SHAPES: [(usize, usize, usize); 14] = [
        (150, 4, 16),
        (150, 16, 3),
        (4, 150, 16),
        (16, 150, 3),
        (150, 3, 16),
        (1, 1, 1),
        (1, 7, 1),
        (3, 0, 5),
        (0, 4, 3),
        (4, 3, 0),
        (17, 33, 9),
        (33, 17, 65),
        (5, 70, 100),
        (64, 10, 128),
    ];

    #[test]
    fn agrees_with_dot_in_every_layout_f64() {
        for (m, k, n) in SHAPES {
            agrees_with_dot::<f64>(m, k, n, 1e-12);
        }
    }

    #[test]
    fn agrees_with_dot_in_every_layout_f32() {
        for (m, k, n) in SHAPES {
            agrees_with_dot::<f32>(m, k, n, 1e-4);
        }
    }

    use crate::counting_allocator::allocations;

    #[test]
    fn allocates_nothing_into_a_preallocated_output() {
        // W1's five products, with the transposes as views, as a training step passes them.
        let (x, w1, w2) = (
            filled::<f32>(150, 4, 1),
            filled::<f32>(4, 16, 2),
            filled::<f32>(16, 3, 3),
        );
        let (h, g2, g1) = (
            filled::<f32>(150, 16, 4),
            filled::<f32>(150, 3, 5),
            filled::<f32>(150, 16, 6),
        );
        let mut outs = [
            Array2::zeros((150, 16)),
            Array2::zeros((150, 3)),
            Array2::zeros((16, 3)),
            Array2::zeros((150, 16)),
            Array2::zeros((4, 16)),
        ];
        let [o1, o2, o3, o4, o5] = &mut outs;
        let (n, ()) = allocations(|| {
            small_matmul_into(&x, &w1, o1);
            small_matmul_into(&h, &w2, o2);
            small_matmul_into(&h.t(), &g2, o3);
            small_matmul_into(&g2, &w2.t(), o4);
            small_matmul_into(&x.t(), &g1, o5);
        });
        assert_eq!(n, 0);
        // The counter does count: matrixmultiply allocates its packing buffers.
        let (n, ()) = allocations(|| general_mat_mul(1.0, &h, &w2, 0.0, o2));
        assert!(n > 0);
    }
}

//! Large matrix products by the `gemm` crate's kernels (AVX-512 where the CPU has it, chosen at
//! run time): on the calling thread, or, from
//! [`PARALLEL_MIN_MULTIPLY_ADDS`](crate::threads::PARALLEL_MIN_MULTIPLY_ADDS) on, in pieces of
//! the output computed side by side ([`crate::threads`]).
//!
//! A piece is a band of the output's rows (the matching rows of `a`, all of `b`) or of its
//! columns, multiplied by gemm on one thread. gemm chooses its blocking of the inner dimension
//! from `k` and from whether both output dimensions are at most 64, and its kernel from
//! whether the output has at most 256 elements or one row or column; the bands are cut so
//! that each falls in the same case as the whole product, so that every element is summed in
//! the same blocks and order as on one thread, with the same bits.

use std::mem::MaybeUninit;

use ndarray::{ArrayView2, ArrayViewMut2, Axis};

use crate::Float;

/// An element of a product's output: `F`, initialized, or `MaybeUninit<F>`, which gemm may
/// write but must not read. Private to the crate, with these two implementations only.
pub(crate) trait Slot<F>: Send {
    /// Whether the element may be read (for `c += a·b`).
    const INITIALIZED: bool;
}

impl<F: Float> Slot<F> for F {
    const INITIALIZED: bool = true;
}

impl<F: Float> Slot<F> for MaybeUninit<F> {
    const INITIALIZED: bool = false;
}

/// Output bands of at least this many rows or columns: a multiple of the kernels' 16 lanes of
/// `f32` (8 of `f64`).
const BAND_MULTIPLE: usize = 16;

/// `c = a·b`, or `c += a·b` if `accumulate`, writing every element of `c`: in as many bands as
/// [`crate::threads::product_pieces`] allows, on one thread otherwise.
///
/// **Panics** if the shapes do not agree, if k = 0, or if `accumulate` with an output that is
/// not initialized.
#[track_caller]
pub(crate) fn gemm_product<F: Float, E: Slot<F>>(
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    c: ArrayViewMut2<'_, E>,
    accumulate: bool,
) {
    let ((m, k), n) = (a.dim(), b.ncols());
    let pieces = crate::threads::product_pieces(m.saturating_mul(k).saturating_mul(n));
    let Some((axis, band)) = bands(m, n, pieces) else {
        return gemm_on_this_thread(a, b, c, accumulate);
    };
    #[cfg(feature = "parallel")]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (done, expected) = (AtomicUsize::new(0), c.len_of(axis).div_ceil(band));
        let compute = |(a, b, c)| {
            gemm_on_this_thread(a, b, c, accumulate);
            done.fetch_add(1, Ordering::Relaxed);
        };
        let mut c = c;
        let c_bands = c.axis_chunks_iter_mut(axis, band);
        if axis == Axis(0) {
            let pieces = a.axis_chunks_iter(axis, band).zip(c_bands);
            crate::team::for_each_item(pieces.map(|(a, c)| (a, b.view(), c)), &compute);
        } else {
            let pieces = b.axis_chunks_iter(axis, band).zip(c_bands);
            crate::team::for_each_item(pieces.map(|(b, c)| (a.view(), b, c)), &compute);
        }
        // Checked in release builds too: callers rely on every element of `c` being written.
        assert!(
            done.into_inner() == expected,
            "adjoint: matmul: internal error: a band of a product was not computed"
        );
    }
    #[cfg(not(feature = "parallel"))]
    {
        let _ = (axis, band);
        gemm_on_this_thread(a, b, c, accumulate);
    }
}

/// How to cut an m×n output into at most `pieces` bands: along which axis, and how long each
/// band is (the last may be shorter); `None` for one piece. The longer side is tried first,
/// then the other; a cut is taken only if every band falls in the same case of gemm's algorithm as
/// the whole output ([`case`]), and if it leaves at least two bands, the last at least half
/// as long as the others.
fn bands(m: usize, n: usize, pieces: usize) -> Option<(Axis, usize)> {
    if pieces < 2 {
        return None;
    }
    let whole = case(m, n);
    let (rows, columns) = ((Axis(0), m), (Axis(1), n));
    // Each band packs all of the operand that is not cut: cut the longer side, and copy the
    // smaller operand twice.
    let order = if m >= n {
        [rows, columns]
    } else {
        [columns, rows]
    };
    order.into_iter().find_map(|(axis, along)| {
        let band = along.div_ceil(pieces).next_multiple_of(BAND_MULTIPLE);
        if band >= along {
            return None;
        }
        let last = along - (along.div_ceil(band) - 1) * band;
        let same = |len: usize| match axis {
            Axis(0) => case(len, n) == whole,
            _ => case(m, len) == whole,
        };
        (same(band) && same(last) && 2 * last >= band).then_some((axis, band))
    })
}

/// The case of gemm 0.19's algorithm (`gemm_basic_generic`) that an m×n output falls in: a
/// horizontal kernel for at most 256 elements, matrix·vector for one row or column, and the
/// blocking of the inner dimension for outputs at most 64×64 (`kc = min(k, 512)`) or larger
/// (from `k` and the cache sizes).
fn case(m: usize, n: usize) -> (bool, bool, bool) {
    (m * n <= 256, m <= 1 || n <= 1, m <= 64 && n <= 64)
}

/// `c = a·b`, or `c += a·b` if `accumulate`, by gemm on this thread.
///
/// **Panics** if the shapes do not agree, if k = 0, or if `accumulate` with an output that is
/// not initialized.
#[track_caller]
fn gemm_on_this_thread<F: Float, E: Slot<F>>(
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    mut c: ArrayViewMut2<'_, E>,
    accumulate: bool,
) {
    let ((m, k), (k2, n)) = (a.dim(), b.dim());
    // Checked in release builds too: what the kernel reads and writes is `a`, `b` and `c`,
    // all of `c` when k > 0 and it does not read it.
    assert!(
        k == k2 && c.dim() == (m, n) && k > 0 && (E::INITIALIZED || !accumulate),
        "adjoint: matmul: internal error: a {m}×{k}·{k2}×{n} product into {:?} (accumulate: \
         {accumulate})",
        c.shape()
    );
    let (sa, sb) = (a.strides(), b.strides());
    let (c_rs, c_cs) = (c.strides()[0], c.strides()[1]);
    // SAFETY: the pointers and strides describe `a` (m×k), `b` (k×n) and `c` (m×n) as ndarray
    // lays them out, and the shapes were checked above; gemm accepts any strides, negative and
    // zero included, and only reads `a` and `b`. `c` is a mutable view, so its elements are
    // distinct and alias neither operand; `E` is `F` or `MaybeUninit<F>` (sealed), of `F`'s
    // layout. gemm reads `c` only when `accumulate`, which the assert allows only for
    // initialized elements, and with k > 0 it writes every element. `F` is `f32` or `f64`
    // (`Float` is sealed), types gemm has kernels for. `Parallelism::None`: this call runs on
    // this thread; other threads compute other bands, into disjoint views.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr().cast::<F>(),
            c_cs,
            c_rs,
            accumulate,
            a.as_ptr(),
            sa[1],
            sa[0],
            b.as_ptr(),
            sb[1],
            sb[0],
            F::one(),
            F::one(),
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

#[cfg(test)]
mod tests {
    use ndarray::Axis;

    use super::{bands, case};

    #[test]
    fn bands_keep_gemms_case() {
        // W2's forward product, 64×128: rows (32 + 32) keep the large blocking; columns of
        // 64 would not.
        assert_eq!(bands(64, 128, 2), Some((Axis(0), 32)));
        // W3's products.
        assert_eq!(bands(256, 512, 2), Some((Axis(1), 256)));
        assert_eq!(bands(784, 128, 2), Some((Axis(0), 400)));
        // 64×64 and smaller are one case: any cut of rows keeps it.
        assert_eq!(bands(64, 64, 2), Some((Axis(0), 32)));
        // 100×40 in rows of 64 and 36 would leave the large case; columns are too few.
        assert_eq!(bands(100, 40, 2), None);
        // One band is no cut; one piece is none.
        assert_eq!(bands(16, 4096, 2), Some((Axis(1), 2048)));
        assert_eq!(bands(512, 512, 1), None);
        for (m, n, pieces) in [(300, 70, 3), (65, 65, 2), (1000, 1, 4), (17, 17, 2)] {
            if let Some((axis, band)) = bands(m, n, pieces) {
                let along = if axis == Axis(0) { m } else { n };
                let last = along - (along.div_ceil(band) - 1) * band;
                for len in [band, last] {
                    let piece = if axis == Axis(0) {
                        case(len, n)
                    } else {
                        case(m, len)
                    };
                    assert_eq!(piece, case(m, n), "{m}×{n} in {pieces}");
                }
            }
        }
    }
}

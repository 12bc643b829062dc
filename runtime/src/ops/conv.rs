//! Two-dimensional convolution of NCHW batches, with its vector-Jacobian and Jacobian-vector
//! products.
//!
//! The windows of a group of images are unfolded into the columns of a matrix (im2col), so that
//! the convolution of the group is one matrix product with the kernels, by the runtime's GEMM;
//! the backward pass multiplies by the same columns (for `w`) and folds the product of the
//! kernels with the output's adjoint back onto the images (col2im, for `x`). Every buffer comes
//! from the installed [`Workspace`](crate::Workspace), if any.

use ndarray::{Array1, Array4, ArrayRef, ArrayView2, ArrayViewMut2, Ix1, Ix4};

use super::linalg::matmul_into;
use crate::broadcast::assert_tangent_shape;
use crate::{AsOperand, Float, workspace};

/// Columns (elements of the unfolded matrix) to unfold at once: images are grouped until their
/// columns fill this many elements (256 KiB of `f32`, which stays in the L2 cache), so that
/// small images make one large product rather than many small ones.
const GROUP_ELEMENTS: usize = 1 << 16;

/// The shapes of one convolution, its stride and padding, checked once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Geometry {
    /// Images in the batch.
    pub n: usize,
    pub c_in: usize,
    pub h: usize,
    pub w: usize,
    pub c_out: usize,
    pub kh: usize,
    pub kw: usize,
    pub stride: (usize, usize),
    pub padding: (usize, usize),
    /// The output's height and width.
    pub oh: usize,
    pub ow: usize,
}

impl Geometry {
    /// The geometry of `conv2d(x, w, b, stride, padding)` for these shapes (`b`: its length).
    ///
    /// **Panics** if the shapes do not agree, the stride is zero, or the kernel is empty or
    /// larger than the padded input, naming the argument.
    #[track_caller]
    pub(crate) fn new(
        x: &[usize],
        w: &[usize],
        b: usize,
        stride: (usize, usize),
        padding: (usize, usize),
    ) -> Self {
        let (n, c_in, h, width) = (x[0], x[1], x[2], x[3]);
        let (c_out, kh, kw) = (w[0], w[2], w[3]);
        assert!(
            w[1] == c_in,
            "adjoint: conv2d: `x` has shape {x:?} ({c_in} channels) but `w` has shape {w:?} ({} input channels)",
            w[1]
        );
        assert!(
            b == c_out,
            "adjoint: conv2d: `b` has {b} elements but `w` has shape {w:?} ({c_out} output channels)"
        );
        assert!(
            stride.0 >= 1 && stride.1 >= 1,
            "adjoint: conv2d: the stride must be at least 1 along each axis, not {stride:?}"
        );
        assert!(
            kh >= 1 && kw >= 1,
            "adjoint: conv2d: `w` has shape {w:?}, an empty kernel"
        );
        let (padded_h, padded_w) = (h + 2 * padding.0, width + 2 * padding.1);
        assert!(
            kh <= padded_h && kw <= padded_w,
            "adjoint: conv2d: the kernel ({kh}×{kw}, `w` of shape {w:?}) is larger than the input padded by {padding:?} ({padded_h}×{padded_w}, `x` of shape {x:?})"
        );
        Geometry {
            n,
            c_in,
            h,
            w: width,
            c_out,
            kh,
            kw,
            stride,
            padding,
            oh: (padded_h - kh) / stride.0 + 1,
            ow: (padded_w - kw) / stride.1 + 1,
        }
    }

    /// Rows of the unfolded matrix: one per input channel and kernel position.
    fn k(&self) -> usize {
        self.c_in * self.kh * self.kw
    }

    /// Output positions per image.
    fn p(&self) -> usize {
        self.oh * self.ow
    }

    /// Elements of one input image.
    fn image_in(&self) -> usize {
        self.c_in * self.h * self.w
    }

    /// Elements of one output image.
    fn image_out(&self) -> usize {
        self.c_out * self.p()
    }

    /// Images unfolded and multiplied together.
    fn group(&self) -> usize {
        (GROUP_ELEMENTS / (self.k() * self.p()).max(1)).clamp(1, self.n.max(1))
    }

    /// The output's shape.
    pub(crate) fn output(&self) -> [usize; 4] {
        [self.n, self.c_out, self.oh, self.ow]
    }

    /// The output columns `lo..hi` whose input column `ox·stride + kj − padding` is inside
    /// the image: the others read padding.
    #[inline]
    fn inside_columns(&self, kj: usize) -> (usize, usize) {
        let (sw, pw) = (self.stride.1, self.padding.1);
        let lo = if kj >= pw { 0 } else { (pw - kj).div_ceil(sw) };
        let hi = if self.w + pw > kj {
            (self.w + pw - kj).div_ceil(sw)
        } else {
            0
        };
        let hi = hi.min(self.ow);
        (lo.min(hi), hi)
    }

    /// Row `(ki, kj)` of an image's columns as a shift of its plane, when the stride is 1 and
    /// the output as wide as the input (`ow = w`, as with 3×3 kernels and padding 1): then the
    /// row is the plane read `d = (ki − ph)·w + (kj − pw)` elements further on, so it is one
    /// copy instead of one per output row.
    fn shift(&self, ki: usize, kj: usize) -> Option<Shift> {
        if self.stride != (1, 1) || self.ow != self.w {
            return None;
        }
        let (h, w, ph, pw) = (self.h, self.w, self.padding.0, self.padding.1);
        let offset = (ki as isize - ph as isize) * w as isize + kj as isize - pw as isize;
        // Output rows whose input row `oy + ki − ph` is inside the image.
        let first_row = ph.saturating_sub(ki).min(self.oh);
        let end_row = (h + ph).saturating_sub(ki).min(self.oh).max(first_row);
        // Within the row's `oh·w` columns: a kernel taller than the image reads no input row at
        // all, and the bounds above would pass the row's end.
        let columns = self.oh * w;
        let start = (first_row * w).max((-offset).max(0) as usize).min(columns);
        let end = (end_row * w)
            .min(((h * w) as isize - offset).max(0) as usize)
            .min(columns);
        let wrapped = if kj >= pw {
            w - (kj - pw).min(w)..w
        } else {
            0..(pw - kj).min(w)
        };
        Some(Shift {
            span: start..end.max(start),
            offset,
            rows: first_row..end_row,
            wrapped,
        })
    }

    /// The input row `oy·stride + ki − padding`, if inside the image.
    #[inline]
    fn input_row(&self, oy: usize, ki: usize) -> Option<usize> {
        (oy * self.stride.0 + ki)
            .checked_sub(self.padding.0)
            .filter(|&iy| iy < self.h)
    }
}

/// A row of an image's columns as a shifted plane (see [`Geometry::shift`]): `row[i] =
/// plane[i + offset]` for `i` in `span`, except the columns `wrapped` of the output rows `rows`,
/// which wrapped around the image's edge and read padding; zero outside `span`.
struct Shift {
    span: std::ops::Range<usize>,
    offset: isize,
    rows: std::ops::Range<usize>,
    wrapped: std::ops::Range<usize>,
}

impl Shift {
    /// The plane's elements that `span` reads.
    fn source(&self) -> std::ops::Range<usize> {
        if self.span.is_empty() {
            return 0..0;
        }
        let start = (self.span.start as isize + self.offset) as usize;
        start..start + self.span.len()
    }

    /// Zeros the wrapped columns of `row` (one image's row of the columns, `ow` wide rows).
    fn clear_wrapped<F: Float>(&self, row: &mut [F], ow: usize) {
        if self.wrapped.is_empty() {
            return;
        }
        for oy in self.rows.clone() {
            row[oy * ow + self.wrapped.start..oy * ow + self.wrapped.end].fill(F::zero());
        }
    }
}

/// An array's elements in standard (row-major) order: borrowed when it is laid out so, else a
/// pooled copy, given back when dropped.
pub(crate) struct Standard<'a, F: Float> {
    borrowed: Option<&'a [F]>,
    copy: Vec<F>,
}

impl<'a, F: Float> Standard<'a, F> {
    pub(crate) fn new<D: ndarray::Dimension>(a: &'a ArrayRef<F, D>) -> Self {
        match a.as_slice() {
            Some(slice) => Standard {
                borrowed: Some(slice),
                copy: Vec::new(),
            },
            None => {
                let mut copy = workspace::take(a.len());
                copy.extend(a.iter().copied());
                Standard {
                    borrowed: None,
                    copy,
                }
            }
        }
    }

    pub(crate) fn as_slice(&self) -> &[F] {
        self.borrowed.unwrap_or(&self.copy)
    }
}

impl<F: Float> Drop for Standard<'_, F> {
    fn drop(&mut self) {
        workspace::give(std::mem::take(&mut self.copy));
    }
}

/// A pooled buffer of `len` zeros.
fn pooled_zeros<F: Float>(len: usize) -> Vec<F> {
    let mut buffer = workspace::take(len);
    buffer.resize(len, F::zero());
    buffer
}

/// Unfolds one image `x` (`c_in·h·w` values) into `cols`, whose rows are `row_len` long: row
/// `(ci·kh + ki)·kw + kj`, columns `offset + oy·ow + ox`, receives
/// `x[ci, oy·sh + ki − ph, ox·sw + kj − pw]`, or 0 where that lies in the padding.
fn unfold<F: Float>(geo: &Geometry, x: &[F], cols: &mut [F], row_len: usize, offset: usize) {
    let (h, w, ow, sw, pw) = (geo.h, geo.w, geo.ow, geo.stride.1, geo.padding.1);
    for ci in 0..geo.c_in {
        let plane = &x[ci * h * w..][..h * w];
        for ki in 0..geo.kh {
            for kj in 0..geo.kw {
                let r = (ci * geo.kh + ki) * geo.kw + kj;
                let row = &mut cols[r * row_len + offset..][..geo.p()];
                if let Some(shift) = geo.shift(ki, kj) {
                    row[..shift.span.start].fill(F::zero());
                    row[shift.span.end..].fill(F::zero());
                    row[shift.span.clone()].copy_from_slice(&plane[shift.source()]);
                    shift.clear_wrapped(row, ow);
                    continue;
                }
                let (lo, hi) = geo.inside_columns(kj);
                for oy in 0..geo.oh {
                    let out = &mut row[oy * ow..][..ow];
                    let Some(iy) = geo.input_row(oy, ki) else {
                        out.fill(F::zero());
                        continue;
                    };
                    let src = &plane[iy * w..][..w];
                    out[..lo].fill(F::zero());
                    out[hi..].fill(F::zero());
                    if lo < hi {
                        let first = lo * sw + kj - pw;
                        if sw == 1 {
                            out[lo..hi].copy_from_slice(&src[first..first + hi - lo]);
                        } else {
                            for (o, s) in
                                out[lo..hi].iter_mut().zip(src[first..].iter().step_by(sw))
                            {
                                *o = *s;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The adjoint of [`unfold`] (col2im): adds every column entry of `cols` into the element of
/// the image `dx` it was read from; entries read from the padding are dropped (and may be
/// zeroed in `cols` on the way).
fn fold<F: Float>(geo: &Geometry, cols: &mut [F], row_len: usize, offset: usize, dx: &mut [F]) {
    let (h, w, ow, sw, pw) = (geo.h, geo.w, geo.ow, geo.stride.1, geo.padding.1);
    for ci in 0..geo.c_in {
        let plane = &mut dx[ci * h * w..][..h * w];
        for ki in 0..geo.kh {
            for kj in 0..geo.kw {
                let r = (ci * geo.kh + ki) * geo.kw + kj;
                let row = &mut cols[r * row_len + offset..][..geo.p()];
                if let Some(shift) = geo.shift(ki, kj) {
                    shift.clear_wrapped(row, ow);
                    let target = &mut plane[shift.source()];
                    let row = &row[shift.span.clone()];
                    target.iter_mut().zip(row).for_each(|(d, v)| *d += *v);
                    continue;
                }
                let (lo, hi) = geo.inside_columns(kj);
                if lo >= hi {
                    continue;
                }
                for oy in 0..geo.oh {
                    let Some(iy) = geo.input_row(oy, ki) else {
                        continue;
                    };
                    let src = &row[oy * ow..][lo..hi];
                    let out = &mut plane[iy * w..][..w];
                    let first = lo * sw + kj - pw;
                    if sw == 1 {
                        let out = &mut out[first..first + src.len()];
                        out.iter_mut().zip(src).for_each(|(o, s)| *o += *s);
                    } else {
                        for (o, s) in out[first..].iter_mut().step_by(sw).zip(src) {
                            *o += *s;
                        }
                    }
                }
            }
        }
    }
}

/// The kernels `w` as the matrix `[c_out, c_in·kh·kw]` they are in standard layout.
fn kernel_matrix<'a, F: Float>(geo: &Geometry, w: &'a [F]) -> ArrayView2<'a, F> {
    ArrayView2::from_shape((geo.c_out, geo.k()), w).expect("`w` has c_out·c_in·kh·kw elements")
}

/// `y += x ⋆ w` (the convolution without bias) for a batch `x` and output `y` in standard
/// layout: per group of images, unfolded columns `cols` and the product `w·cols`.
fn correlate_add<F: Float>(geo: &Geometry, x: &[F], w: &[F], y: &mut [F]) {
    let (k, p, group) = (geo.k(), geo.p(), geo.group());
    let w = kernel_matrix(geo, w);
    let mut cols = pooled_zeros::<F>(k * group * p);
    let mut product = pooled_zeros::<F>(if group > 1 { geo.c_out * group * p } else { 0 });
    for n0 in (0..geo.n).step_by(group) {
        let images = group.min(geo.n - n0);
        let width = images * p;
        for i in 0..images {
            let image = &x[(n0 + i) * geo.image_in()..][..geo.image_in()];
            unfold(geo, image, &mut cols, width, i * p);
        }
        let columns = ArrayView2::from_shape((k, width), &cols[..k * width]).expect("k·width");
        if images == 1 {
            let out = &mut y[n0 * geo.image_out()..][..geo.image_out()];
            let mut out = ArrayViewMut2::from_shape((geo.c_out, p), out).expect("c_out·p");
            matmul_into(&w, &columns, &mut out, true);
        } else {
            let mut out =
                ArrayViewMut2::from_shape((geo.c_out, width), &mut product[..geo.c_out * width])
                    .expect("c_out·width");
            matmul_into(&w, &columns, &mut out, false);
            for i in 0..images {
                let image = &mut y[(n0 + i) * geo.image_out()..][..geo.image_out()];
                for (c, channel) in image.chunks_exact_mut(p).enumerate() {
                    let row = &product[c * width + i * p..][..p];
                    channel.iter_mut().zip(row).for_each(|(y, v)| *y += *v);
                }
            }
        }
    }
    workspace::give(cols);
    workspace::give(product);
}

/// Adds the adjoints of `x` (into `dx`) and of `w` (into `dw`) given the adjoint `g` of
/// `y = x ⋆ w`, all in standard layout: `dw += g·colsᵀ` and `dx += fold(wᵀ·g)`, per group of
/// images.
fn correlate_vjp<F: Float>(
    geo: &Geometry,
    x: &[F],
    w: &[F],
    g: &[F],
    mut dx: Option<&mut [F]>,
    mut dw: Option<&mut [F]>,
) {
    if dx.is_none() && dw.is_none() {
        return;
    }
    let (k, p, group) = (geo.k(), geo.p(), geo.group());
    let w = kernel_matrix(geo, w);
    let mut cols = pooled_zeros::<F>(k * group * p);
    let mut gathered = pooled_zeros::<F>(if group > 1 { geo.c_out * group * p } else { 0 });
    for n0 in (0..geo.n).step_by(group) {
        let images = group.min(geo.n - n0);
        let width = images * p;
        // The adjoint of the group's output as one `[c_out, images·p]` matrix.
        let g_group = if images == 1 {
            let image = &g[n0 * geo.image_out()..][..geo.image_out()];
            ArrayView2::from_shape((geo.c_out, p), image).expect("c_out·p")
        } else {
            for i in 0..images {
                let image = &g[(n0 + i) * geo.image_out()..][..geo.image_out()];
                for (c, channel) in image.chunks_exact(p).enumerate() {
                    gathered[c * width + i * p..][..p].copy_from_slice(channel);
                }
            }
            ArrayView2::from_shape((geo.c_out, width), &gathered[..geo.c_out * width])
                .expect("c_out·width")
        };
        if let Some(dw) = dw.as_deref_mut() {
            for i in 0..images {
                let image = &x[(n0 + i) * geo.image_in()..][..geo.image_in()];
                unfold(geo, image, &mut cols, width, i * p);
            }
            let columns = ArrayView2::from_shape((k, width), &cols[..k * width]).expect("k·width");
            let mut dw = ArrayViewMut2::from_shape((geo.c_out, k), dw).expect("c_out·k");
            matmul_into(&g_group, &columns.t(), &mut dw, true);
        }
        if let Some(dx) = dx.as_deref_mut() {
            let mut d_cols =
                ArrayViewMut2::from_shape((k, width), &mut cols[..k * width]).expect("k·width");
            matmul_into(&w.t(), &g_group, &mut d_cols, false);
            for i in 0..images {
                let image = &mut dx[(n0 + i) * geo.image_in()..][..geo.image_in()];
                fold(geo, &mut cols, width, i * p, image);
            }
        }
    }
    workspace::give(cols);
    workspace::give(gathered);
}

/// A pooled output of `geo`'s shape whose every channel starts at its bias (zeros without one).
fn start_output<F: Float>(geo: &Geometry, bias: Option<&ArrayRef<F, Ix1>>) -> Array4<F> {
    let Some(b) = bias else {
        return workspace::zeros(geo.output());
    };
    let mut buffer = workspace::take(geo.n * geo.image_out());
    for _ in 0..geo.n {
        for &b in b {
            buffer.extend(std::iter::repeat_n(b, geo.p()));
        }
    }
    Array4::from_shape_vec(geo.output(), buffer).expect("n·c_out·p elements")
}

/// The two-dimensional convolution (cross-correlation, as in every deep-learning library) of
/// a batch of images with a bank of kernels, plus a bias per output channel:
///
/// `y[n, o, i, j] = b[o] + Σ_{c, ki, kj} w[o, c, ki, kj] · x[n, c, i·sh + ki − ph, j·sw + kj − pw]`
///
/// with `x` zero outside the image. `x` is `[n, c_in, h, w]` (NCHW), `w` is
/// `[c_out, c_in, kh, kw]`, `b` has `c_out` elements, `stride` is `(sh, sw)` and `padding`
/// `(ph, pw)` zeros on each side of each axis; `y` is `[n, c_out, oh, ow]` with
/// `oh = (h + 2·ph − kh) / sh + 1` (rounded down) and likewise `ow`.
///
/// The vector-Jacobian products, for the adjoint `g` of `y`:
/// - `dx = col2im(wᵀ·g)`: each `g[n, o, i, j]·w[o, c, ki, kj]` added to the input element it
///   multiplied (a transposed convolution);
/// - `dw[o, c, ki, kj] = Σ_{n, i, j} g[n, o, i, j] · x[n, c, i·sh + ki − ph, j·sw + kj − pw]`
///   (a product of `g` with the unfolded columns);
/// - `db[o] = Σ_{n, i, j} g[n, o, i, j]`.
///
/// **Panics** if the channels of `x` and `w` differ, `b` does not have `c_out` elements, a
/// stride is zero, or the kernel is empty or larger than the padded input.
///
/// ```
/// use adjoint_runtime::nn::conv2d;
/// use ndarray::{Array, Array1, Array4};
/// // A 3×3 kernel of ones sums each 3×3 neighbourhood; with padding 1 the size is kept.
/// let x = Array::from_shape_vec((1, 1, 3, 3), (1..=9).map(f64::from).collect()).unwrap();
/// let w = Array4::ones((1, 1, 3, 3));
/// let y = conv2d(&x, &w, &Array1::zeros(1), (1, 1), (1, 1));
/// assert_eq!(y.shape(), [1, 1, 3, 3]);
/// assert_eq!(y[[0, 0, 1, 1]], 45.0); // every element
/// assert_eq!(y[[0, 0, 0, 0]], 1.0 + 2.0 + 4.0 + 5.0);
/// ```
#[track_caller]
pub fn conv2d<F, X, W, B>(
    x: &X,
    w: &W,
    b: &B,
    stride: (usize, usize),
    padding: (usize, usize),
) -> Array4<F>
where
    F: Float,
    X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    W: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    B: AsOperand<Target = ArrayRef<F, Ix1>> + ?Sized,
{
    let (x, w, b) = (x.as_operand(), w.as_operand(), b.as_operand());
    let geo = Geometry::new(x.shape(), w.shape(), b.len(), stride, padding);
    let mut y = start_output(&geo, Some(b));
    let (xs, ws) = (Standard::new(x), Standard::new(w));
    correlate_add(
        &geo,
        xs.as_slice(),
        ws.as_slice(),
        y.as_slice_mut().expect("pooled arrays are standard"),
    );
    y
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct conv2d {}

impl conv2d {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<F, X, W, B>(
        x: &X,
        w: &W,
        b: &B,
        stride: (usize, usize),
        padding: (usize, usize),
    ) -> (Array4<F>, Conv2dPullback)
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
        W: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
        B: AsOperand<Target = ArrayRef<F, Ix1>> + ?Sized,
    {
        let geometry = Geometry::new(
            x.as_operand().shape(),
            w.as_operand().shape(),
            b.as_operand().len(),
            stride,
            padding,
        );
        (
            conv2d(x, w, b, stride, padding),
            Conv2dPullback { geometry },
        )
    }

    /// The forward-mode entry: `conv2d(x, w, b, stride, padding)` and its tangent
    /// ([`conv2d_jvp`]); the stride and padding have none.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_jvp<F, X, W, B>(
        x: &X,
        w: &W,
        b: &B,
        stride: (usize, usize),
        padding: (usize, usize),
        (dx, dw, db, _, _): (
            Option<&Array4<F>>,
            Option<&Array4<F>>,
            Option<&Array1<F>>,
            Option<&()>,
            Option<&()>,
        ),
    ) -> (Array4<F>, Array4<F>)
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
        W: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
        B: AsOperand<Target = ArrayRef<F, Ix1>> + ?Sized,
    {
        check_conv2d_tangents((x, w, b), (dx, dw, db));
        let (dx, dw, db) = (dx.map(|t| &**t), dw.map(|t| &**t), db.map(|t| &**t));
        conv2d_jvp(x, w, b, dx, dw, db, stride, padding)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`Conv2dPullback::pullback_jvp`]), the convolution computed again from the arguments.
    /// The stride and padding have no adjoint.
    ///
    /// **Panics** as [`conv2d`](fn@conv2d) does, or if a tangent is not shaped like its
    /// argument, or `g` or `dg` like the output.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F, X, W, B>(
        args: (&X, &W, &B, &(usize, usize), &(usize, usize)),
        (dx, dw, db, _, _): (
            Option<&Array4<F>>,
            Option<&Array4<F>>,
            Option<&Array1<F>>,
            Option<&()>,
            Option<&()>,
        ),
        g: &Array4<F>,
        dg: Option<&Array4<F>>,
        needs: [bool; 5],
    ) -> (
        (Option<Array4<F>>, Option<Array4<F>>, Option<Array1<F>>),
        (Option<Array4<F>>, Option<Array4<F>>, Option<Array1<F>>),
    )
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
        W: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
        B: AsOperand<Target = ArrayRef<F, Ix1>> + ?Sized,
    {
        let (x, w, b, stride, padding) = args;
        check_conv2d_tangents((x, w, b), (dx, dw, db));
        let (y, pullback) = conv2d::__adjoint_forward(x, w, b, *stride, *padding);
        let tangents = (dx.map(|t| &**t), dw.map(|t| &**t), db.map(|t| &**t));
        let tangents = pullback.pullback_jvp(args, &y, g, tangents, dg.map(|t| &**t), needs);
        let adjoints = pullback.pullback(args, &y, g, needs);
        workspace::recycle_array(y);
        (adjoints, tangents)
    }
}

/// **Panics** unless each tangent of [`conv2d`](fn@conv2d)'s arrays is shaped like its array,
/// naming it: the check of its forward-mode entries.
#[track_caller]
#[allow(clippy::type_complexity)]
fn check_conv2d_tangents<F, X, W, B>(
    (x, w, b): (&X, &W, &B),
    (dx, dw, db): (Option<&Array4<F>>, Option<&Array4<F>>, Option<&Array1<F>>),
) where
    F: Float,
    X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    W: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    B: AsOperand<Target = ArrayRef<F, Ix1>> + ?Sized,
{
    if let Some(dx) = dx {
        assert_tangent_shape("conv2d_jvp", "x", x.as_operand().shape(), dx.shape());
    }
    if let Some(dw) = dw {
        assert_tangent_shape("conv2d_jvp", "w", w.as_operand().shape(), dw.shape());
    }
    if let Some(db) = db {
        assert_tangent_shape("conv2d_jvp", "b", b.as_operand().shape(), db.shape());
    }
}

/// The pullback of [`conv2d`](fn@conv2d). It keeps only the geometry: the backward pass gets
/// `x` and `w` again and unfolds the columns once more, one group of images at a time.
#[doc(hidden)]
pub struct Conv2dPullback {
    geometry: Geometry,
}

impl Conv2dPullback {
    /// The adjoints of `x` (`col2im(wᵀ·g)`), `w` (`g·colsᵀ`) and `b` (`Σ_{n,i,j} g`), each if
    /// asked for; the stride and padding have none.
    #[allow(clippy::type_complexity)]
    #[track_caller]
    pub fn pullback<F, X, W, B, S: ?Sized, P: ?Sized>(
        self,
        (x, w, _b, _stride, _padding): (&X, &W, &B, &S, &P),
        _y: &Array4<F>,
        g: &Array4<F>,
        needs: [bool; 5],
    ) -> (Option<Array4<F>>, Option<Array4<F>>, Option<Array1<F>>)
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
        W: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
        B: AsOperand<Target = ArrayRef<F, Ix1>> + ?Sized,
    {
        conv2d_vjp(
            &self.geometry,
            x.as_operand(),
            w.as_operand(),
            g,
            [needs[0], needs[1], needs[2]],
        )
    }

    /// The tangents of [`pullback`](Self::pullback)'s adjoints when `x`, `w`, `b` and `g` move
    /// along `dx`, `dw`, `db` and `dg` (forward over reverse; `None` is zero). The convolution
    /// is bilinear, so each adjoint is linear in `g` and in the other factor: `x`'s tangent is
    /// `adj_x(w, dg) + adj_x(dw, g)`, `w`'s `adj_w(x, dg) + adj_w(dx, g)`, and `b`'s `Σ dg`;
    /// `db` enters none of them.
    ///
    /// **Panics** if a tangent is not shaped like its argument, or `g` or `dg` like the output.
    #[allow(clippy::type_complexity, clippy::too_many_arguments)]
    #[track_caller]
    pub fn pullback_jvp<F, X, W, B, S: ?Sized, P: ?Sized>(
        &self,
        (x, w, b, _stride, _padding): (&X, &W, &B, &S, &P),
        _y: &Array4<F>,
        g: &Array4<F>,
        (dx, dw, db): (
            Option<&ArrayRef<F, Ix4>>,
            Option<&ArrayRef<F, Ix4>>,
            Option<&ArrayRef<F, Ix1>>,
        ),
        dg: Option<&ArrayRef<F, Ix4>>,
        needs: [bool; 5],
    ) -> (Option<Array4<F>>, Option<Array4<F>>, Option<Array1<F>>)
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
        W: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
        B: AsOperand<Target = ArrayRef<F, Ix1>> + ?Sized,
    {
        let geo = &self.geometry;
        let (x, w, b) = (x.as_operand(), w.as_operand(), b.as_operand());
        let check = |what: &str, primal: &[usize], tangent: Option<&[usize]>| {
            if let Some(tangent) = tangent {
                crate::broadcast::assert_same_shape(what, primal, tangent);
            }
        };
        check(
            "conv2d pullback_jvp: `dx`",
            x.shape(),
            dx.map(|t| t.shape()),
        );
        check(
            "conv2d pullback_jvp: `dw`",
            w.shape(),
            dw.map(|t| t.shape()),
        );
        check(
            "conv2d pullback_jvp: `db`",
            b.shape(),
            db.map(|t| t.shape()),
        );
        crate::broadcast::assert_same_shape("adjoint of conv2d", &geo.output(), g.shape());
        let [nx, nw, nb] = [needs[0], needs[1], needs[2]];
        let (mut tx, mut tw, mut tb) = match dg {
            Some(dg) => conv2d_vjp(geo, x, w, dg, [nx, nw, nb]),
            None => (None, None, None),
        };
        let add = |total: &mut Option<Array4<F>>, term: Option<Array4<F>>| {
            if let Some(term) = term {
                match total {
                    Some(total) => {
                        *total += &term;
                        workspace::recycle_array(term);
                    }
                    None => *total = Some(term),
                }
            }
        };
        if let (true, Some(dw)) = (nx, dw) {
            add(&mut tx, conv2d_vjp(geo, x, dw, g, [true, false, false]).0);
        }
        if let (true, Some(dx)) = (nw, dx) {
            add(&mut tw, conv2d_vjp(geo, dx, w, g, [false, true, false]).1);
        }
        if nx && tx.is_none() {
            tx = Some(workspace::zeros(x.raw_dim()));
        }
        if nw && tw.is_none() {
            tw = Some(workspace::zeros(w.raw_dim()));
        }
        if nb && tb.is_none() {
            tb = Some(workspace::zeros(b.raw_dim()));
        }
        (tx, tw, tb)
    }
}

/// The adjoints of `x`, `w` and `b` in `y = conv2d(x, w, b, …)` with geometry `geo`, each if
/// `needs` it (see [`conv2d`](fn@conv2d) for the formulas).
#[track_caller]
#[allow(clippy::type_complexity)]
pub(crate) fn conv2d_vjp<F: Float>(
    geo: &Geometry,
    x: &ArrayRef<F, Ix4>,
    w: &ArrayRef<F, Ix4>,
    g: &ArrayRef<F, Ix4>,
    needs: [bool; 3],
) -> (Option<Array4<F>>, Option<Array4<F>>, Option<Array1<F>>) {
    crate::broadcast::assert_same_shape("adjoint of conv2d", &geo.output(), g.shape());
    let gs = Standard::new(g);
    let g = gs.as_slice();
    let mut dx = needs[0].then(|| workspace::zeros([geo.n, geo.c_in, geo.h, geo.w]));
    let mut dw = needs[1].then(|| workspace::zeros([geo.c_out, geo.c_in, geo.kh, geo.kw]));
    if needs[0] || needs[1] {
        let (xs, ws) = (Standard::new(x), Standard::new(w));
        correlate_vjp(
            geo,
            xs.as_slice(),
            ws.as_slice(),
            g,
            dx.as_mut()
                .map(|dx| dx.as_slice_mut().expect("pooled arrays are standard")),
            dw.as_mut()
                .map(|dw| dw.as_slice_mut().expect("pooled arrays are standard")),
        );
    }
    let db = needs[2].then(|| {
        let mut db = workspace::zeros(geo.c_out);
        if geo.p() > 0 {
            for image in g.chunks_exact(geo.image_out()) {
                for (d, channel) in db.iter_mut().zip(image.chunks_exact(geo.p())) {
                    *d += channel.iter().fold(F::zero(), |s, &v| s + v);
                }
            }
        }
        db
    });
    (dx, dw, db)
}

/// The convolution and its Jacobian-vector product (forward mode), for tangents `dx`, `dw`
/// and `db` of `x`, `w` and `b` (`None` for a tangent of zero): returns `(y, dy)` with
/// `y = conv2d(x, w, b, stride, padding)` and, the convolution being bilinear in `(x, w)` and
/// affine in `b`,
///
/// `dy = conv2d(dx, w, 0) + conv2d(x, dw, 0) + db` (`db` added to every position of its channel).
///
/// **Panics** as [`conv2d`](fn@conv2d) does, or if a tangent is not shaped like its primal.
///
/// ```
/// use adjoint_runtime::ops::conv::conv2d_jvp;
/// use ndarray::{Array1, Array4};
/// let (x, w, b) = (Array4::<f64>::ones((1, 1, 2, 2)), Array4::ones((1, 1, 2, 2)), Array1::zeros(1));
/// // Doubling x doubles y: the tangent along dx = x is y itself.
/// let (y, dy) = conv2d_jvp(&x, &w, &b, Some(&x), None, None, (1, 1), (0, 0));
/// assert_eq!(y, dy);
/// assert_eq!(y[[0, 0, 0, 0]], 4.0);
/// ```
#[track_caller]
#[allow(clippy::too_many_arguments)]
pub fn conv2d_jvp<F, X, W, B>(
    x: &X,
    w: &W,
    b: &B,
    dx: Option<&ArrayRef<F, Ix4>>,
    dw: Option<&ArrayRef<F, Ix4>>,
    db: Option<&ArrayRef<F, Ix1>>,
    stride: (usize, usize),
    padding: (usize, usize),
) -> (Array4<F>, Array4<F>)
where
    F: Float,
    X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    W: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    B: AsOperand<Target = ArrayRef<F, Ix1>> + ?Sized,
{
    let (x, w, b) = (x.as_operand(), w.as_operand(), b.as_operand());
    let geo = Geometry::new(x.shape(), w.shape(), b.len(), stride, padding);
    let check = |what: &str, tangent: &[usize], primal: &[usize]| {
        crate::broadcast::assert_same_shape(what, primal, tangent);
    };
    dx.inspect(|dx| check("conv2d_jvp: `dx`", dx.shape(), x.shape()));
    dw.inspect(|dw| check("conv2d_jvp: `dw`", dw.shape(), w.shape()));
    db.inspect(|db| check("conv2d_jvp: `db`", db.shape(), b.shape()));
    let y = conv2d(x, w, b, stride, padding);
    let mut dy = start_output(&geo, db);
    let out = dy.as_slice_mut().expect("pooled arrays are standard");
    let (xs, ws) = (Standard::new(x), Standard::new(w));
    if let Some(dx) = dx {
        correlate_add(&geo, Standard::new(dx).as_slice(), ws.as_slice(), out);
    }
    if let Some(dw) = dw {
        correlate_add(&geo, xs.as_slice(), Standard::new(dw).as_slice(), out);
    }
    (y, dy)
}

#[cfg(test)]
mod tests {
    use ndarray::{Array, Array3, array, s};

    use super::*;
    use crate::check::{Checker, check_jvp, check_vjp};
    use crate::init;

    /// The convolution by its definition, one output element at a time.
    fn conv_by_definition(
        x: &Array4<f64>,
        w: &Array4<f64>,
        b: &Array1<f64>,
        stride: (usize, usize),
        padding: (usize, usize),
    ) -> Array4<f64> {
        let geo = Geometry::new(x.shape(), w.shape(), b.len(), stride, padding);
        Array4::from_shape_fn(geo.output(), |(n, o, i, j)| {
            let mut sum = b[o];
            for c in 0..geo.c_in {
                for ki in 0..geo.kh {
                    for kj in 0..geo.kw {
                        let iy = (i * stride.0 + ki) as isize - padding.0 as isize;
                        let ix = (j * stride.1 + kj) as isize - padding.1 as isize;
                        if iy >= 0 && ix >= 0 && (iy as usize) < geo.h && (ix as usize) < geo.w {
                            sum += w[[o, c, ki, kj]] * x[[n, c, iy as usize, ix as usize]];
                        }
                    }
                }
            }
            sum
        })
    }

    /// (n, c_in, h, w, c_out, kh, kw, stride, padding): odd and even, square and not, every
    /// kernel size, stride and padding of the evidence, images grouped and not.
    /// (n, c_in, h, w, c_out, kh, kw, stride, padding).
    type Case = (
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        (usize, usize),
        (usize, usize),
    );

    const CASES: [Case; 15] = [
        (2, 1, 5, 5, 1, 3, 3, (1, 1), (0, 0)),
        (2, 2, 6, 4, 3, 3, 3, (1, 1), (1, 1)),
        (1, 3, 7, 5, 2, 5, 5, (1, 1), (2, 2)),
        (3, 2, 6, 6, 2, 1, 1, (1, 1), (0, 0)),
        (2, 2, 7, 6, 3, 3, 3, (2, 2), (1, 1)),
        (2, 1, 8, 5, 2, 3, 3, (2, 1), (0, 1)),
        (1, 2, 9, 9, 2, 5, 5, (2, 2), (2, 2)),
        (2, 3, 4, 6, 2, 1, 1, (2, 2), (1, 1)),
        (2, 2, 5, 7, 4, 3, 5, (1, 2), (2, 0)),
        (1, 1, 3, 3, 2, 5, 5, (1, 1), (1, 1)),
        (2, 2, 6, 6, 1, 2, 2, (2, 2), (0, 0)),
        (3, 1, 4, 5, 2, 3, 1, (1, 1), (1, 0)),
        // Kernels taller than the image: some of their rows read only padding.
        (3, 1, 1, 2, 2, 3, 3, (1, 1), (1, 1)),
        (1, 1, 1, 1, 1, 5, 5, (1, 1), (2, 2)),
        (2, 1, 2, 3, 1, 5, 3, (1, 1), (2, 1)),
    ];

    fn inputs<F: Float>(case: Case, seed: u64) -> (Array4<F>, Array4<F>, Array1<F>, Array4<F>) {
        let (n, c_in, h, w, c_out, kh, kw, stride, padding) = case;
        let mut rng = init::rng(seed);
        let x = init::normal((n, c_in, h, w), 1.0, &mut rng);
        let k = init::normal((c_out, c_in, kh, kw), 1.0, &mut rng);
        let b = init::normal(c_out, 1.0, &mut rng);
        let geo = Geometry::new(x.shape(), k.shape(), c_out, stride, padding);
        let c = init::normal(geo.output(), 1.0, &mut rng);
        (x, k, b, c)
    }

    /// The tangents of the convolution's adjoints against central differences of its
    /// pullback, for every combination of present tangents of `x`, `w` and `g`.
    fn pullback_tangents_match_differences<F: Float>() {
        use crate::ops::test_support::{assert_passes, like, or_zero};
        type Point<F> = (Array4<F>, Array4<F>, Array1<F>, Array4<F>);
        for (stride, padding) in [((1, 1), (0, 0)), ((2, 1), (1, 0))] {
            let x = like(&Array4::<F>::zeros((2, 2, 5, 4)), -0.5, 1);
            let w = like(&Array4::<F>::zeros((3, 2, 3, 2)), -0.5, 2);
            let b = like(&Array1::<F>::zeros(3), -0.5, 3);
            let y = conv2d(&x, &w, &b, stride, padding);
            let point: Point<F> = (x, w, b, like(&y, -0.5, 4));
            let tangents = like(&point, -0.5, 5);
            let f = |(x, w, b, g): &Point<F>| {
                let (y, pullback) = conv2d::__adjoint_forward(x, w, b, stride, padding);
                let args = (x, w, b, &stride, &padding);
                let (dx, dw, db) = pullback.pullback(args, &y, g, [true, true, true, false, false]);
                (dx.unwrap(), dw.unwrap(), db.unwrap())
            };
            for present in 0..16_u32 {
                let on = |k: u32| present & (1 << k) != 0;
                let direction = (
                    or_zero(on(0), &tangents.0),
                    or_zero(on(1), &tangents.1),
                    or_zero(on(2), &tangents.2),
                    or_zero(on(3), &tangents.3),
                );
                let (x, w, b, g) = &point;
                let (y, pullback) = conv2d::__adjoint_forward(x, w, b, stride, padding);
                let (tx, tw, tb) = pullback.pullback_jvp(
                    (x, w, b, &stride, &padding),
                    &y,
                    g,
                    (
                        on(0).then_some(&*tangents.0),
                        on(1).then_some(&*tangents.1),
                        on(2).then_some(&*tangents.2),
                    ),
                    on(3).then_some(&*tangents.3),
                    [true, true, true, false, false],
                );
                let exact = (tx.unwrap(), tw.unwrap(), tb.unwrap());
                let report = check_jvp(f, &point, &direction, &exact);
                assert_passes(
                    &format!(
                        "conv2d pullback_jvp, stride {stride:?}, padding {padding:?}, present {present:04b}"
                    ),
                    report,
                );
            }
        }
    }

    #[test]
    fn pullback_tangents_match_differences_f64() {
        pullback_tangents_match_differences::<f64>();
    }

    #[test]
    fn pullback_tangents_match_differences_f32() {
        pullback_tangents_match_differences::<f32>();
    }

    #[test]
    fn forward_agrees_with_the_definition() {
        for (seed, case) in CASES.into_iter().enumerate() {
            let (x, w, b, _) = inputs::<f64>(case, seed as u64);
            let (stride, padding) = (case.7, case.8);
            let y = conv2d(&x, &w, &b, stride, padding);
            let expected = conv_by_definition(&x, &w, &b, stride, padding);
            assert_eq!(y.shape(), expected.shape(), "{case:?}");
            let error = (&y - &expected).iter().fold(0.0_f64, |m, d| m.max(d.abs()));
            assert!(error < 1e-12, "{case:?}: {error}");
        }
    }

    /// A batch large enough to be grouped (many small images per product) and one of single
    /// images, against the definition.
    #[test]
    fn grouped_and_single_images_agree_with_the_definition() {
        for case in [
            (70, 1, 8, 8, 16, 3, 3, (1, 1), (1, 1)),
            (3, 8, 30, 30, 4, 3, 3, (1, 1), (1, 1)),
        ] {
            let (x, w, b, _) = inputs::<f64>(case, 7);
            let geo = Geometry::new(x.shape(), w.shape(), b.len(), case.7, case.8);
            let y = conv2d(&x, &w, &b, case.7, case.8);
            let expected = conv_by_definition(&x, &w, &b, case.7, case.8);
            let error = (&y - &expected).iter().fold(0.0_f64, |m, d| m.max(d.abs()));
            assert!(
                error < 1e-10,
                "{case:?} (groups of {}): {error}",
                geo.group()
            );
        }
    }

    fn pullback_matches_finite_differences<F: Float>(checker: Checker) {
        for (seed, case) in CASES.into_iter().enumerate() {
            let (x, w, b, c) = inputs::<F>(case, 100 + seed as u64);
            let (stride, padding) = (case.7, case.8);
            let (y, pullback) = conv2d::__adjoint_forward(&x, &w, &b, stride, padding);
            let (dx, dw, db) =
                pullback.pullback((&x, &w, &b, &stride, &padding), &y, &c, [true; 5]);
            let f =
                |(x, w, b): &(Array4<F>, Array4<F>, Array1<F>)| conv2d(x, w, b, stride, padding);
            let report = checker.clone().names(["x", "w", "b"]).check_vjp(
                f,
                &(x, w, b),
                &c,
                &(dx.unwrap(), dw.unwrap(), db.unwrap()),
            );
            assert!(report.is_ok(), "{case:?}:\n{report}");
        }
    }

    #[test]
    fn pullback_matches_finite_differences_f64() {
        pullback_matches_finite_differences::<f64>(Checker::new());
    }

    #[test]
    fn pullback_matches_finite_differences_f32() {
        pullback_matches_finite_differences::<f32>(Checker::new().rtol(2e-2).atol(2e-2));
    }

    /// The pullback of a grouped batch (many images per product) and of views with strides.
    #[test]
    fn pullback_of_grouped_images_and_strided_views() {
        let case = (40, 2, 4, 5, 3, 3, 3, (1, 1), (1, 1));
        let (x, w, b, c) = inputs::<f64>(case, 3);
        assert!(Geometry::new(x.shape(), w.shape(), 3, (1, 1), (1, 1)).group() > 1);
        let (y, pullback) = conv2d::__adjoint_forward(&x, &w, &b, (1, 1), (1, 1));
        let (dx, dw, db) = pullback.pullback((&x, &w, &b, &(1, 1), &(1, 1)), &y, &c, [true; 5]);
        let f =
            |(x, w, b): &(Array4<f64>, Array4<f64>, Array1<f64>)| conv2d(x, w, b, (1, 1), (1, 1));
        check_vjp(
            f,
            &(x.clone(), w.clone(), b.clone()),
            &c,
            &(dx.unwrap(), dw.unwrap(), db.unwrap()),
        )
        .assert_ok();
        // The same convolution of views: every other column of a wider array, kernels
        // transposed twice.
        let wide = Array::from_shape_fn((40, 2, 4, 10), |(n, ch, i, j)| {
            if j % 2 == 0 {
                x[[n, ch, i, j / 2]]
            } else {
                f64::NAN
            }
        });
        let strided = wide.slice(s![.., .., .., ..;2]);
        let w_t = w.t().to_owned();
        let w_view = w_t.t();
        assert_eq!(conv2d(&strided, &w_view, &b, (1, 1), (1, 1)), y);
        let (_, pullback) = conv2d::__adjoint_forward(&strided, &w_view, &b.view(), (1, 1), (1, 1));
        let c_t = c.t().to_owned();
        let grads = pullback.pullback(
            (&strided, &w_view, &b, &(1, 1), &(1, 1)),
            &y,
            &c_t.t().to_owned(),
            [true; 5],
        );
        let (y2, pullback) = conv2d::__adjoint_forward(&x, &w, &b, (1, 1), (1, 1));
        let expected = pullback.pullback((&x, &w, &b, &(1, 1), &(1, 1)), &y2, &c, [true; 5]);
        assert_eq!(grads, expected);
    }

    /// y = x ⋆ w on a 2×2 image with a 2×2 kernel and padding 1: 3×3 outputs. With g = 1 at
    /// the centre only, dx = w flipped around the centre … checked element by element here.
    #[test]
    fn gradients_by_hand() {
        // x = [[1, 2], [3, 4]], w = [[1, 0], [0, 2]], b = 0.5, stride 1, no padding: one output
        // 1·1 + 4·2 + 0.5 = 9.5. With g = 2: dx = g·w = [[2, 0], [0, 4]], dw = g·x =
        // [[2, 4], [6, 8]], db = 2.
        let x = array![[1.0, 2.0], [3.0, 4.0]]
            .into_shape_with_order((1, 1, 2, 2))
            .unwrap();
        let w = array![[1.0, 0.0], [0.0, 2.0]]
            .into_shape_with_order((1, 1, 2, 2))
            .unwrap();
        let b = array![0.5];
        let (y, pullback) = conv2d::__adjoint_forward(&x, &w, &b, (1, 1), (0, 0));
        assert_eq!(y, Array4::from_elem((1, 1, 1, 1), 9.5));
        let g = Array4::from_elem((1, 1, 1, 1), 2.0);
        let (dx, dw, db) = pullback.pullback((&x, &w, &b, &(1, 1), &(0, 0)), &y, &g, [true; 5]);
        let shape = (1, 1, 2, 2);
        assert_eq!(
            dx.unwrap(),
            array![[2.0, 0.0], [0.0, 4.0]]
                .into_shape_with_order(shape)
                .unwrap()
        );
        assert_eq!(
            dw.unwrap(),
            array![[2.0, 4.0], [6.0, 8.0]]
                .into_shape_with_order(shape)
                .unwrap()
        );
        assert_eq!(db.unwrap(), array![2.0]);
    }

    #[test]
    fn computes_only_the_adjoints_asked_for() {
        let (x, w, b, c) = inputs::<f64>(CASES[1], 9);
        let (y, pullback) = conv2d::__adjoint_forward(&x, &w, &b, (1, 1), (1, 1));
        let all = Conv2dPullback {
            geometry: pullback.geometry,
        }
        .pullback((&x, &w, &b, &(1, 1), &(1, 1)), &y, &c, [true; 5]);
        let (dx, dw, db) = pullback.pullback(
            (&x, &w, &b, &(), &()),
            &y,
            &c,
            [false, true, false, false, false],
        );
        assert!(dx.is_none() && db.is_none());
        assert_eq!(dw, all.1);
    }

    /// Unfolding and folding are each other's adjoints: ⟨unfold(x), c⟩ = ⟨x, fold(c)⟩.
    #[test]
    fn fold_is_the_adjoint_of_unfold() {
        for (seed, case) in CASES.into_iter().enumerate() {
            let (x, w, b, _) = inputs::<f64>(case, 50 + seed as u64);
            let geo = Geometry::new(x.shape(), w.shape(), b.len(), case.7, case.8);
            let image: Array3<f64> = x.slice(s![0, .., .., ..]).to_owned();
            let mut cols = vec![0.0; geo.k() * geo.p()];
            unfold(&geo, image.as_slice().unwrap(), &mut cols, geo.p(), 0);
            let c: Vec<f64> =
                init::normal::<f64, _, _, _>(cols.len(), 1.0, &mut init::rng(seed as u64)).to_vec();
            let mut folded = vec![0.0; image.len()];
            fold(&geo, &mut c.clone(), geo.p(), 0, &mut folded);
            let lhs: f64 = cols.iter().zip(&c).map(|(a, b)| a * b).sum();
            let rhs: f64 = image.iter().zip(&folded).map(|(a, b)| a * b).sum();
            assert!(
                (lhs - rhs).abs() < 1e-10 * (1.0 + lhs.abs()),
                "{case:?}: {lhs} ≠ {rhs}"
            );
        }
    }

    /// The tangent against central differences of the convolution along (dx, dw, db), and
    /// each tangent alone.
    fn jvp_matches_central_differences<F: Float>(tolerance: f64) {
        for (seed, case) in CASES.into_iter().enumerate() {
            let (x, w, b, _) = inputs::<F>(case, 200 + seed as u64);
            let (dx, dw, db, _) = inputs::<F>(case, 300 + seed as u64);
            let (stride, padding) = (case.7, case.8);
            let h = if std::mem::size_of::<F>() == 4 {
                1e-2
            } else {
                1e-5
            };
            let along = |t: f64, ux: bool, uw: bool, ub: bool| {
                let t = F::from_f64_lossy(t);
                let x = if ux {
                    &x + &dx.mapv(|v| v * t)
                } else {
                    x.clone()
                };
                let w = if uw {
                    &w + &dw.mapv(|v| v * t)
                } else {
                    w.clone()
                };
                let b = if ub {
                    &b + &db.mapv(|v| v * t)
                } else {
                    b.clone()
                };
                conv2d(&x, &w, &b, stride, padding)
            };
            for (ux, uw, ub) in [
                (true, true, true),
                (true, false, false),
                (false, true, false),
                (false, false, true),
            ] {
                let (y, dy) = conv2d_jvp(
                    &x,
                    &w,
                    &b,
                    ux.then_some(&*dx),
                    uw.then_some(&*dw),
                    ub.then_some(&*db),
                    stride,
                    padding,
                );
                assert_eq!(y, conv2d(&x, &w, &b, stride, padding));
                let numeric = (along(h, ux, uw, ub) - along(-h, ux, uw, ub))
                    .mapv(|v| v.to_f64_exact() / (2.0 * h));
                for (a, n) in dy.iter().zip(&numeric) {
                    let a = a.to_f64_exact();
                    assert!(
                        (a - n).abs() <= tolerance * (1.0 + n.abs()),
                        "{case:?} {:?}: {a} ≠ {n}",
                        (ux, uw, ub)
                    );
                }
            }
        }
    }

    #[test]
    fn jvp_matches_central_differences_f64() {
        jvp_matches_central_differences::<f64>(1e-7);
    }

    #[test]
    fn jvp_matches_central_differences_f32() {
        jvp_matches_central_differences::<f32>(2e-2);
    }

    #[test]
    #[should_panic(
        expected = "conv2d: `x` has shape [1, 2, 4, 4] (2 channels) but `w` has shape [3, 1, 3, 3] (1 input channels)"
    )]
    fn channel_mismatch_panics_with_both_shapes() {
        let _ = conv2d(
            &Array4::<f64>::zeros((1, 2, 4, 4)),
            &Array4::zeros((3, 1, 3, 3)),
            &Array1::zeros(3),
            (1, 1),
            (0, 0),
        );
    }

    #[test]
    #[should_panic(
        expected = "conv2d: `b` has 2 elements but `w` has shape [3, 1, 3, 3] (3 output channels)"
    )]
    fn bias_mismatch_panics() {
        let _ = conv2d(
            &Array4::<f64>::zeros((1, 1, 4, 4)),
            &Array4::zeros((3, 1, 3, 3)),
            &Array1::zeros(2),
            (1, 1),
            (0, 0),
        );
    }

    #[test]
    #[should_panic(expected = "conv2d: the stride must be at least 1 along each axis, not (1, 0)")]
    fn zero_stride_panics() {
        let _ = conv2d(
            &Array4::<f32>::zeros((1, 1, 4, 4)),
            &Array4::zeros((1, 1, 3, 3)),
            &Array1::zeros(1),
            (1, 0),
            (0, 0),
        );
    }

    #[test]
    #[should_panic(
        expected = "conv2d: the kernel (5×5, `w` of shape [1, 1, 5, 5]) is larger than the input padded by (0, 0) (4×4"
    )]
    fn kernel_larger_than_the_input_panics() {
        let _ = conv2d(
            &Array4::<f64>::zeros((1, 1, 4, 4)),
            &Array4::zeros((1, 1, 5, 5)),
            &Array1::zeros(1),
            (1, 1),
            (0, 0),
        );
    }

    #[test]
    #[should_panic(expected = "conv2d_jvp: `dw`")]
    fn tangent_of_the_wrong_shape_panics() {
        let (x, w, b) = (
            Array4::<f64>::zeros((1, 1, 4, 4)),
            Array4::zeros((1, 1, 3, 3)),
            Array1::zeros(1),
        );
        let _ = conv2d_jvp(
            &x,
            &w,
            &b,
            None,
            Some(&Array4::zeros((1, 1, 2, 2))),
            None,
            (1, 1),
            (0, 0),
        );
    }
}

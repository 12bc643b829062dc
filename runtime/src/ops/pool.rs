//! Pooling of NCHW batches (`max_pool2d`, `avg_pool2d`) and `flatten`, each with its
//! vector-Jacobian and Jacobian-vector products.

use ndarray::{Array, Array2, Array4, ArrayRef, Dimension, Ix2, Ix4};

use super::conv::Standard;
use crate::broadcast::assert_tangent_shape;
use crate::{AsOperand, Float, workspace};

/// The shapes of one pooling: input, window and stride, checked once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Geometry {
    /// Planes: images × channels.
    planes: usize,
    shape: [usize; 4],
    kernel: (usize, usize),
    stride: (usize, usize),
    oh: usize,
    ow: usize,
}

impl Geometry {
    /// **Panics** if the kernel or the stride is zero, or the kernel is larger than the image.
    #[track_caller]
    fn new(what: &str, x: &[usize], kernel: (usize, usize), stride: (usize, usize)) -> Self {
        let (h, w) = (x[2], x[3]);
        assert!(
            kernel.0 >= 1 && kernel.1 >= 1,
            "adjoint: {what}: the kernel must be at least 1×1, not {kernel:?}"
        );
        assert!(
            stride.0 >= 1 && stride.1 >= 1,
            "adjoint: {what}: the stride must be at least 1 along each axis, not {stride:?}"
        );
        assert!(
            kernel.0 <= h && kernel.1 <= w,
            "adjoint: {what}: the kernel {kernel:?} is larger than the images of `x` (shape {x:?})"
        );
        Geometry {
            planes: x[0] * x[1],
            shape: [x[0], x[1], h, w],
            kernel,
            stride,
            oh: (h - kernel.0) / stride.0 + 1,
            ow: (w - kernel.1) / stride.1 + 1,
        }
    }

    fn plane_in(&self) -> usize {
        self.shape[2] * self.shape[3]
    }

    fn plane_out(&self) -> usize {
        self.oh * self.ow
    }

    fn output(&self) -> [usize; 4] {
        [self.shape[0], self.shape[1], self.oh, self.ow]
    }

    /// Calls `f(o, window)` for every output position `o` of a plane, with its window.
    fn for_each_window(&self, mut f: impl FnMut(usize, Window)) {
        for oy in 0..self.oh {
            for ox in 0..self.ow {
                let window = Window {
                    start: oy * self.stride.0 * self.shape[3] + ox * self.stride.1,
                    rows: self.kernel.0,
                    columns: self.kernel.1,
                    row_stride: self.shape[3],
                };
                f(oy * self.ow + ox, window);
            }
        }
    }
}

/// A window of a plane: `rows` runs of `columns` elements, starting `row_stride` apart.
#[derive(Clone, Copy)]
struct Window {
    start: usize,
    rows: usize,
    columns: usize,
    row_stride: usize,
}

impl Window {
    /// The in-plane indices of the window's rows, top to bottom.
    #[inline]
    fn rows(self) -> impl Iterator<Item = std::ops::Range<usize>> {
        (0..self.rows).map(move |r| {
            let first = self.start + r * self.row_stride;
            first..first + self.columns
        })
    }
}

/// `x`'s four dimensions, or a panic naming the function.
#[track_caller]
fn check_shape_of_adjoint(what: &str, expected: [usize; 4], g: &[usize]) {
    crate::broadcast::assert_same_shape(what, &expected, g);
}

/// The in-plane index of the maximum of `plane` over `window`: the first maximum in row-major
/// order, or the first NaN (a NaN is the maximum of its window, as in PyTorch).
#[inline]
fn argmax<F: Float>(plane: &[F], window: Window) -> usize {
    let (mut best, mut max) = (window.start, plane[window.start]);
    // A NaN compares false: the hot loop only notes that one was seen.
    let mut nan = false;
    for row in window.rows() {
        for (i, &v) in plane[row.clone()].iter().enumerate() {
            nan |= v.is_nan();
            // Strictly greater: a tie keeps the earlier element.
            if v > max {
                (best, max) = (row.start + i, v);
            }
        }
    }
    if nan {
        return window
            .rows()
            .flatten()
            .find(|&i| plane[i].is_nan())
            .expect("a NaN was seen");
    }
    best
}

/// [`argmax`] of a 2×2 window, and the maximum.
#[inline]
fn argmax_2x2<F: Float>(plane: &[F], window: Window) -> (usize, F) {
    let (i, j) = (window.start, window.start + window.row_stride);
    let (a, b, c, d) = (plane[i], plane[i + 1], plane[j], plane[j + 1]);
    if a.is_nan() || b.is_nan() || c.is_nan() || d.is_nan() {
        let best = argmax(plane, window);
        return (best, plane[best]);
    }
    max_of_four(a, b, c, d, i, j)
}

/// The first maximum of `[[a, b], [c, d]]` (none a NaN) in row-major order, at in-plane index
/// `i` for `a` and `j` for `c`, and its value: the first maximum of each row, then the top
/// row's unless the bottom row's is greater (selections a compiler can make without branches,
/// which random data would mispredict).
#[inline]
fn max_of_four<F: Float>(a: F, b: F, c: F, d: F, i: usize, j: usize) -> (usize, F) {
    let top = if b > a { i + 1 } else { i };
    let bottom = if d > c { j + 1 } else { j };
    let (top_max, bottom_max) = (a.max(b), c.max(d));
    let best = if bottom_max > top_max { bottom } else { top };
    (best, top_max.max(bottom_max))
}

/// Whether `plane` holds a NaN (then the general path finds the first one of each window).
fn has_nan<F: Float>(plane: &[F]) -> bool {
    // No early exit: the whole scan vectorizes, and a NaN is rare.
    plane.iter().fold(false, |nan, v| nan | v.is_nan())
}

/// The maximum of each `kernel`-sized window of each image and channel, the windows `stride`
/// apart (no padding; positions past the last full window are left out):
///
/// `y[n, c, i, j] = max_{ki, kj} x[n, c, i·sh + ki, j·sw + kj]`, so `oh = (h − kh) / sh + 1`.
///
/// A tie goes to the first maximum in row-major order (the smallest `ki`, then the smallest
/// `kj`), and a NaN is the maximum of its window. The forward pass saves where each maximum
/// was (the argmax), so the vector-Jacobian product is a scatter-add, valid for any stride
/// (overlapping windows included): `dx[n, c, argmax(n, c, i, j)] += g[n, c, i, j]`, zero
/// elsewhere.
///
/// **Panics** if the kernel or the stride is zero, or the kernel is larger than the images.
///
/// ```
/// use adjoint_runtime::nn::max_pool2d;
/// use ndarray::{array, Array4};
/// let x = array![[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 8.0, 1.0]].into_shape_with_order((1, 1, 2, 4)).unwrap();
/// let y = max_pool2d(&x, (2, 2), (2, 2));
/// assert_eq!(y, array![[5.0, 8.0]].into_shape_with_order((1, 1, 1, 2)).unwrap());
/// ```
#[track_caller]
pub fn max_pool2d<F, X>(x: &X, kernel: (usize, usize), stride: (usize, usize)) -> Array4<F>
where
    F: Float,
    X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
{
    max_pool2d_with_argmax(x.as_operand(), kernel, stride, false).0
}

/// The max-pool, and (if `keep`) the in-plane index of each maximum, in a pooled buffer.
#[track_caller]
fn max_pool2d_with_argmax<F: Float>(
    x: &ArrayRef<F, Ix4>,
    kernel: (usize, usize),
    stride: (usize, usize),
    keep: bool,
) -> (Array4<F>, Vec<u32>, Geometry) {
    let geo = Geometry::new("max_pool2d", x.shape(), kernel, stride);
    assert!(
        u32::try_from(geo.plane_in()).is_ok(),
        "adjoint: max_pool2d: images of {} elements are too large to index",
        geo.plane_in()
    );
    let xs = Standard::new(x);
    let mut y = workspace::uninit(ndarray::Dim(geo.output()), false);
    let mut indices = Vec::new();
    if keep {
        indices = workspace::take_indices(geo.planes * geo.plane_out());
        indices.resize(geo.planes * geo.plane_out(), 0);
    }
    let out = y.as_slice_mut().expect("pooled arrays are standard");
    if geo.plane_out() > 0 {
        for (p, (plane, out)) in xs
            .as_slice()
            .chunks_exact(geo.plane_in())
            .zip(out.chunks_exact_mut(geo.plane_out()))
            .enumerate()
        {
            let argmax_of_plane = if keep {
                &mut indices[p * geo.plane_out()..][..geo.plane_out()]
            } else {
                &mut [][..]
            };
            if geo.kernel == (2, 2) && geo.stride == (2, 2) && !has_nan(plane) {
                // The most common pool, row by row without branches (see `argmax_2x2`).
                let w = geo.shape[3];
                for (oy, out) in out.chunks_exact_mut(geo.ow).enumerate() {
                    let (top, bottom) =
                        (&plane[2 * oy * w..][..w], &plane[(2 * oy + 1) * w..][..w]);
                    for (ox, ((o, t), b)) in out
                        .iter_mut()
                        .zip(top.chunks_exact(2))
                        .zip(bottom.chunks_exact(2))
                        .enumerate()
                    {
                        let i = 2 * oy * w + 2 * ox;
                        let (best, max) = max_of_four(t[0], t[1], b[0], b[1], i, i + w);
                        o.write(max);
                        if keep {
                            argmax_of_plane[oy * geo.ow + ox] = best as u32;
                        }
                    }
                }
                continue;
            }
            let mut record = |o: usize, (best, max): (usize, F)| {
                out[o].write(max);
                if keep {
                    argmax_of_plane[o] = best as u32;
                }
            };
            // The most common window, unrolled: four loads and three comparisons.
            if geo.kernel == (2, 2) {
                geo.for_each_window(|o, window| record(o, argmax_2x2(plane, window)));
            } else {
                geo.for_each_window(|o, window| {
                    let best = argmax(plane, window);
                    record(o, (best, plane[best]));
                });
            }
        }
    }
    // SAFETY: every output position of every plane was written above.
    (unsafe { y.assume_init() }, indices, geo)
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct max_pool2d {}

impl max_pool2d {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<F, X>(
        x: &X,
        kernel: (usize, usize),
        stride: (usize, usize),
    ) -> (Array4<F>, MaxPool2dPullback)
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        let (y, argmax, geometry) = max_pool2d_with_argmax(x.as_operand(), kernel, stride, true);
        (y, MaxPool2dPullback { argmax, geometry })
    }

    /// The forward-mode entry: `max_pool2d(x, kernel, stride)` and its tangent
    /// ([`max_pool2d_jvp`]), zeros without `dx`; the kernel and stride have none.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_jvp<F, X>(
        x: &X,
        kernel: (usize, usize),
        stride: (usize, usize),
        (dx, _, _): (Option<&Array4<F>>, Option<&()>, Option<&()>),
    ) -> (Array4<F>, Array4<F>)
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        match dx {
            Some(dx) => {
                assert_tangent_shape("max_pool2d_jvp", "x", x.as_operand().shape(), dx.shape());
                max_pool2d_jvp(x, dx, kernel, stride)
            }
            None => with_zero_tangent(max_pool2d(x, kernel, stride)),
        }
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`MaxPool2dPullback::pullback_jvp`]), the pool computed again from `x` with its
    /// argmax. The kernel and stride have no adjoint.
    ///
    /// **Panics** as [`max_pool2d`](fn@max_pool2d) does, or if `dx` is not shaped like `x`, or
    /// `g` or `dg` like the output.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F, X>(
        args: (&X, &(usize, usize), &(usize, usize)),
        (dx, _, _): (Option<&Array4<F>>, Option<&()>, Option<&()>),
        g: &Array4<F>,
        dg: Option<&Array4<F>>,
        needs: [bool; 3],
    ) -> ((Option<Array4<F>>,), (Option<Array4<F>>,))
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        let (x, kernel, stride) = args;
        if let Some(dx) = dx {
            assert_tangent_shape("max_pool2d_jvp", "x", x.as_operand().shape(), dx.shape());
        }
        let (y, pullback) = max_pool2d::__adjoint_forward(x, *kernel, *stride);
        let (tangents, t_dg) = ((dx.map(|t| &**t),), dg.map(|t| &**t));
        let tangents = pullback.pullback_jvp(args, &y, g, tangents, t_dg, needs);
        let adjoints = pullback.pullback(args, &y, g, needs);
        workspace::recycle_array(y);
        (adjoints, tangents)
    }
}

/// The pullback of [`max_pool2d`](fn@max_pool2d): where each window's maximum was.
#[doc(hidden)]
pub struct MaxPool2dPullback {
    /// The in-plane index of each output's maximum, plane after plane.
    argmax: Vec<u32>,
    geometry: Geometry,
}

impl MaxPool2dPullback {
    /// The adjoint of `x`: `dx[argmax] += g` for each output, zero elsewhere, if asked for.
    #[track_caller]
    pub fn pullback<F, X: ?Sized, K: ?Sized, S: ?Sized>(
        self,
        _: (&X, &K, &S),
        _y: &Array4<F>,
        g: &Array4<F>,
        needs: [bool; 3],
    ) -> (Option<Array4<F>>,)
    where
        F: Float,
    {
        (needs[0].then(|| self.vjp(g)),)
    }

    /// The tangent of [`pullback`](Self::pullback)'s adjoint when `x` and `g` move along `dx`
    /// and `dg`: `dg` pooled back as `g` is, the adjoint being linear in `g` (and, for the
    /// max, fixed by the argmax, which a small move of `x` does not change).
    ///
    /// **Panics** if `dg` is not shaped like the output.
    #[allow(clippy::type_complexity, clippy::too_many_arguments)]
    #[track_caller]
    pub fn pullback_jvp<F, X: ?Sized, K: ?Sized, S: ?Sized>(
        &self,
        _: (&X, &K, &S),
        _y: &Array4<F>,
        _g: &Array4<F>,
        (_dx,): (Option<&ArrayRef<F, Ix4>>,),
        dg: Option<&ArrayRef<F, Ix4>>,
        needs: [bool; 3],
    ) -> (Option<Array4<F>>,)
    where
        F: Float,
    {
        (needs[0].then(|| match dg {
            Some(dg) => self.vjp(dg),
            None => workspace::zeros(self.geometry.shape),
        }),)
    }

    #[track_caller]
    fn vjp<F: Float>(&self, g: &ArrayRef<F, Ix4>) -> Array4<F> {
        let geo = &self.geometry;
        check_shape_of_adjoint("adjoint of max_pool2d", geo.output(), g.shape());
        let gs = Standard::new(g);
        let mut dx = workspace::zeros(geo.shape);
        let out = dx.as_slice_mut().expect("pooled arrays are standard");
        if geo.plane_out() > 0 {
            for ((d, g), argmax) in out
                .chunks_exact_mut(geo.plane_in())
                .zip(gs.as_slice().chunks_exact(geo.plane_out()))
                .zip(self.argmax.chunks_exact(geo.plane_out()))
            {
                for (&g, &i) in g.iter().zip(argmax) {
                    d[i as usize] += g;
                }
            }
        }
        dx
    }

    /// The tangent of the output for a tangent `dx` of the input: `dx` read at each argmax.
    #[track_caller]
    fn jvp<F: Float>(&self, dx: &ArrayRef<F, Ix4>) -> Array4<F> {
        let geo = &self.geometry;
        crate::broadcast::assert_same_shape("max_pool2d_jvp: `dx`", &geo.shape, dx.shape());
        let dxs = Standard::new(dx);
        let mut dy = workspace::zeros(geo.output());
        let out = dy.as_slice_mut().expect("pooled arrays are standard");
        if geo.plane_out() > 0 {
            for ((out, dx), argmax) in out
                .chunks_exact_mut(geo.plane_out())
                .zip(dxs.as_slice().chunks_exact(geo.plane_in()))
                .zip(self.argmax.chunks_exact(geo.plane_out()))
            {
                for (o, &i) in out.iter_mut().zip(argmax) {
                    *o = dx[i as usize];
                }
            }
        }
        dy
    }
}

/// The argmax buffer goes back to the workspace, whether or not the pullback ran.
impl Drop for MaxPool2dPullback {
    fn drop(&mut self) {
        workspace::give_indices(std::mem::take(&mut self.argmax));
    }
}

/// The max-pool and its Jacobian-vector product: `(y, dy)` with `y = max_pool2d(x, kernel,
/// stride)` and `dy[n, c, i, j] = dx[n, c, argmax(n, c, i, j)]`, the pool being linear once
/// the argmax is fixed (ties as in [`max_pool2d`](fn@max_pool2d)).
///
/// **Panics** as [`max_pool2d`](fn@max_pool2d) does, or if `dx` is not shaped like `x`.
///
/// ```
/// use adjoint_runtime::ops::pool::max_pool2d_jvp;
/// use ndarray::{array, Array4};
/// let x = array![[1.0, 5.0], [3.0, 4.0]].into_shape_with_order((1, 1, 2, 2)).unwrap();
/// let dx = array![[10.0, 20.0], [30.0, 40.0]].into_shape_with_order((1, 1, 2, 2)).unwrap();
/// let (y, dy) = max_pool2d_jvp(&x, &dx, (2, 2), (2, 2));
/// assert_eq!((y[[0, 0, 0, 0]], dy[[0, 0, 0, 0]]), (5.0, 20.0));
/// ```
#[track_caller]
pub fn max_pool2d_jvp<F, X>(
    x: &X,
    dx: &ArrayRef<F, Ix4>,
    kernel: (usize, usize),
    stride: (usize, usize),
) -> (Array4<F>, Array4<F>)
where
    F: Float,
    X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
{
    let (y, pullback) = max_pool2d::__adjoint_forward(x, kernel, stride);
    let dy = pullback.jvp(dx);
    (y, dy)
}

/// The mean of each `kernel`-sized window of each image and channel, the windows `stride`
/// apart (no padding, so every window has `kh·kw` elements):
///
/// `y[n, c, i, j] = (1 / (kh·kw)) Σ_{ki, kj} x[n, c, i·sh + ki, j·sw + kj]`.
///
/// The vector-Jacobian product spreads each adjoint evenly over its window:
/// `dx[n, c, i·sh + ki, j·sw + kj] += g[n, c, i, j] / (kh·kw)`.
///
/// **Panics** if the kernel or the stride is zero, or the kernel is larger than the images.
///
/// ```
/// use adjoint_runtime::nn::avg_pool2d;
/// use ndarray::array;
/// let x = array![[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 8.0, 1.0]].into_shape_with_order((1, 1, 2, 4)).unwrap();
/// let y = avg_pool2d(&x, (2, 2), (2, 2));
/// assert_eq!(y, array![[3.25, 2.75]].into_shape_with_order((1, 1, 1, 2)).unwrap());
/// ```
#[track_caller]
pub fn avg_pool2d<F, X>(x: &X, kernel: (usize, usize), stride: (usize, usize)) -> Array4<F>
where
    F: Float,
    X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
{
    let x = x.as_operand();
    let geo = Geometry::new("avg_pool2d", x.shape(), kernel, stride);
    average(&geo, x)
}

/// The window means of `x` (the forward pass, and the tangent of a tangent).
fn average<F: Float>(geo: &Geometry, x: &ArrayRef<F, Ix4>) -> Array4<F> {
    let xs = Standard::new(x);
    let count = F::from_f64_lossy((geo.kernel.0 * geo.kernel.1) as f64);
    let mut y = workspace::zeros(geo.output());
    let out = y.as_slice_mut().expect("pooled arrays are standard");
    if geo.plane_out() > 0 {
        for (plane, out) in xs
            .as_slice()
            .chunks_exact(geo.plane_in())
            .zip(out.chunks_exact_mut(geo.plane_out()))
        {
            geo.for_each_window(|o, window| {
                let sum = window
                    .rows()
                    .fold(F::zero(), |s, row| plane[row].iter().fold(s, |s, &v| s + v));
                out[o] = sum / count;
            });
        }
    }
    y
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct avg_pool2d {}

impl avg_pool2d {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<F, X>(
        x: &X,
        kernel: (usize, usize),
        stride: (usize, usize),
    ) -> (Array4<F>, AvgPool2dPullback)
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        let x = x.as_operand();
        let geometry = Geometry::new("avg_pool2d", x.shape(), kernel, stride);
        (average(&geometry, x), AvgPool2dPullback { geometry })
    }

    /// The forward-mode entry: `avg_pool2d(x, kernel, stride)` and its tangent
    /// ([`avg_pool2d_jvp`]), zeros without `dx`; the kernel and stride have none.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_jvp<F, X>(
        x: &X,
        kernel: (usize, usize),
        stride: (usize, usize),
        (dx, _, _): (Option<&Array4<F>>, Option<&()>, Option<&()>),
    ) -> (Array4<F>, Array4<F>)
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        match dx {
            Some(dx) => {
                assert_tangent_shape("avg_pool2d_jvp", "x", x.as_operand().shape(), dx.shape());
                avg_pool2d_jvp(x, dx, kernel, stride)
            }
            None => with_zero_tangent(avg_pool2d(x, kernel, stride)),
        }
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`AvgPool2dPullback::pullback_jvp`]), the pool computed again from `x`. The kernel and
    /// stride have no adjoint.
    ///
    /// **Panics** as [`avg_pool2d`](fn@avg_pool2d) does, or if `dx` is not shaped like `x`, or
    /// `g` or `dg` like the output.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F, X>(
        args: (&X, &(usize, usize), &(usize, usize)),
        (dx, _, _): (Option<&Array4<F>>, Option<&()>, Option<&()>),
        g: &Array4<F>,
        dg: Option<&Array4<F>>,
        needs: [bool; 3],
    ) -> ((Option<Array4<F>>,), (Option<Array4<F>>,))
    where
        F: Float,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        let (x, kernel, stride) = args;
        if let Some(dx) = dx {
            assert_tangent_shape("avg_pool2d_jvp", "x", x.as_operand().shape(), dx.shape());
        }
        let (y, pullback) = avg_pool2d::__adjoint_forward(x, *kernel, *stride);
        let (tangents, t_dg) = ((dx.map(|t| &**t),), dg.map(|t| &**t));
        let tangents = pullback.pullback_jvp(args, &y, g, tangents, t_dg, needs);
        let adjoints = pullback.pullback(args, &y, g, needs);
        workspace::recycle_array(y);
        (adjoints, tangents)
    }
}

/// The pullback of [`avg_pool2d`](fn@avg_pool2d).
#[doc(hidden)]
pub struct AvgPool2dPullback {
    geometry: Geometry,
}

impl AvgPool2dPullback {
    /// The adjoint of `x`: each `g / (kh·kw)` added over its window, if asked for.
    #[track_caller]
    pub fn pullback<F, X: ?Sized, K: ?Sized, S: ?Sized>(
        self,
        _: (&X, &K, &S),
        _y: &Array4<F>,
        g: &Array4<F>,
        needs: [bool; 3],
    ) -> (Option<Array4<F>>,)
    where
        F: Float,
    {
        (needs[0].then(|| self.vjp(g)),)
    }

    /// The tangent of [`pullback`](Self::pullback)'s adjoint when `x` and `g` move along `dx`
    /// and `dg`: `dg` pooled back as `g` is, the adjoint being linear in `g` (and, for the
    /// max, fixed by the argmax, which a small move of `x` does not change).
    ///
    /// **Panics** if `dg` is not shaped like the output.
    #[allow(clippy::type_complexity, clippy::too_many_arguments)]
    #[track_caller]
    pub fn pullback_jvp<F, X: ?Sized, K: ?Sized, S: ?Sized>(
        &self,
        _: (&X, &K, &S),
        _y: &Array4<F>,
        _g: &Array4<F>,
        (_dx,): (Option<&ArrayRef<F, Ix4>>,),
        dg: Option<&ArrayRef<F, Ix4>>,
        needs: [bool; 3],
    ) -> (Option<Array4<F>>,)
    where
        F: Float,
    {
        (needs[0].then(|| match dg {
            Some(dg) => self.vjp(dg),
            None => workspace::zeros(self.geometry.shape),
        }),)
    }

    #[track_caller]
    fn vjp<F: Float>(&self, g: &ArrayRef<F, Ix4>) -> Array4<F> {
        let geo = &self.geometry;
        check_shape_of_adjoint("adjoint of avg_pool2d", geo.output(), g.shape());
        let gs = Standard::new(g);
        let count = F::from_f64_lossy((geo.kernel.0 * geo.kernel.1) as f64);
        let mut dx = workspace::zeros(geo.shape);
        let out = dx.as_slice_mut().expect("pooled arrays are standard");
        if geo.plane_out() > 0 {
            for (d, g) in out
                .chunks_exact_mut(geo.plane_in())
                .zip(gs.as_slice().chunks_exact(geo.plane_out()))
            {
                geo.for_each_window(|o, window| {
                    let share = g[o] / count;
                    for row in window.rows() {
                        d[row].iter_mut().for_each(|d| *d += share);
                    }
                });
            }
        }
        dx
    }
}

/// The average pool and its Jacobian-vector product: `(y, dy)` with `y = avg_pool2d(x, kernel,
/// stride)` and `dy = avg_pool2d(dx, kernel, stride)`, the pool being linear.
///
/// **Panics** as [`avg_pool2d`](fn@avg_pool2d) does, or if `dx` is not shaped like `x`.
///
/// ```
/// use adjoint_runtime::ops::pool::avg_pool2d_jvp;
/// use ndarray::Array4;
/// let x = Array4::<f64>::ones((1, 1, 2, 2));
/// let (y, dy) = avg_pool2d_jvp(&x, &(&x * 3.0), (2, 2), (1, 1));
/// assert_eq!((y[[0, 0, 0, 0]], dy[[0, 0, 0, 0]]), (1.0, 3.0));
/// ```
#[track_caller]
pub fn avg_pool2d_jvp<F, X>(
    x: &X,
    dx: &ArrayRef<F, Ix4>,
    kernel: (usize, usize),
    stride: (usize, usize),
) -> (Array4<F>, Array4<F>)
where
    F: Float,
    X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
{
    let x = x.as_operand();
    let geo = Geometry::new("avg_pool2d", x.shape(), kernel, stride);
    crate::broadcast::assert_same_shape("avg_pool2d_jvp: `dx`", x.shape(), dx.shape());
    (average(&geo, x), average(&geo, dx))
}

/// The array as a matrix: one row per element of the first axis, all other axes flattened
/// into its columns in row-major order (`[n, c, h, w]` → `[n, c·h·w]`), as a new array.
///
/// Its vector-Jacobian product reshapes the adjoint back to `x`'s shape.
///
/// **Panics** if `x` has no axis.
///
/// ```
/// use adjoint_runtime::nn::flatten;
/// use ndarray::{array, Array4};
/// let x = Array4::from_shape_vec((2, 1, 1, 3), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
/// assert_eq!(flatten(&x), array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
/// ```
#[track_caller]
pub fn flatten<F, D, X>(x: &X) -> Array2<F>
where
    F: Float,
    D: Dimension,
    X: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
{
    let x = x.as_operand();
    assert!(x.ndim() >= 1, "adjoint: flatten: `x` has no axis");
    let rows = x.shape()[0];
    let columns = x.shape()[1..].iter().product::<usize>();
    workspace::copy_standard(x)
        .into_shape_with_order(Ix2(rows, columns))
        .expect("a standard array of rows·columns elements")
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct flatten {}

impl flatten {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<F, D, X>(x: &X) -> (Array2<F>, FlattenPullback)
    where
        F: Float,
        D: Dimension,
        X: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    {
        (flatten(x), FlattenPullback)
    }

    /// The forward-mode entry: `flatten(x)` and its tangent ([`flatten_jvp`]), zeros without
    /// `dx`.
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_jvp<F, D, X>(x: &X, (dx,): (Option<&Array<F, D>>,)) -> (Array2<F>, Array2<F>)
    where
        F: Float,
        D: Dimension,
        X: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    {
        match dx {
            Some(dx) => {
                assert_tangent_shape("flatten_jvp", "x", x.as_operand().shape(), dx.shape());
                flatten_jvp(x, dx)
            }
            None => with_zero_tangent(flatten(x)),
        }
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`FlattenPullback::pullback_jvp`]), `flatten` computed again from `x`.
    ///
    /// **Panics** as [`flatten`](fn@flatten) does, or if `dx` is not shaped like `x`, or `g` or
    /// `dg` like the output.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F, D, X>(
        args: (&X,),
        (dx,): (Option<&Array<F, D>>,),
        g: &Array2<F>,
        dg: Option<&Array2<F>>,
        needs: [bool; 1],
    ) -> ((Option<Array<F, D>>,), (Option<Array<F, D>>,))
    where
        F: Float,
        D: Dimension,
        X: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    {
        let x = args.0;
        if let Some(dx) = dx {
            assert_tangent_shape("flatten_jvp", "x", x.as_operand().shape(), dx.shape());
        }
        let y = flatten(x);
        let (tangents, t_dg) = ((dx.map(|t| &**t),), dg.map(|t| &**t));
        let tangents = FlattenPullback.pullback_jvp(args, &y, g, tangents, t_dg, needs);
        let adjoints = FlattenPullback.pullback(args, &y, g, needs);
        workspace::recycle_array(y);
        (adjoints, tangents)
    }
}

/// The pullback of [`flatten`](fn@flatten).
#[doc(hidden)]
pub struct FlattenPullback;

impl FlattenPullback {
    /// The adjoint of `x`: `g` reshaped to `x`'s shape, if asked for.
    #[track_caller]
    pub fn pullback<F, D, X>(
        self,
        (x,): (&X,),
        _y: &Array2<F>,
        g: &Array2<F>,
        needs: [bool; 1],
    ) -> (Option<Array<F, D>>,)
    where
        F: Float,
        D: Dimension,
        X: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    {
        (needs[0].then(|| unflatten(g, x.as_operand())),)
    }

    /// The tangent of [`pullback`](Self::pullback)'s adjoint when `g` moves along `dg`: `dg`
    /// reshaped (linear; `dx` does not enter).
    ///
    /// **Panics** if `dg` is not shaped like the output.
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn pullback_jvp<F, D, X>(
        &self,
        (x,): (&X,),
        _y: &Array2<F>,
        _g: &Array2<F>,
        (_dx,): (Option<&ArrayRef<F, D>>,),
        dg: Option<&ArrayRef<F, Ix2>>,
        needs: [bool; 1],
    ) -> (Option<Array<F, D>>,)
    where
        F: Float,
        D: Dimension,
        X: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    {
        let x = x.as_operand();
        (needs[0].then(|| match dg {
            Some(dg) => unflatten(dg, x),
            None => workspace::zeros(x.raw_dim()),
        }),)
    }
}

/// `(y, 0)`: an output and its tangent when no input moves.
fn with_zero_tangent<F: Float, D: Dimension>(y: Array<F, D>) -> (Array<F, D>, Array<F, D>) {
    let zeros = workspace::zeros(y.raw_dim());
    (y, zeros)
}

/// `g`, a flattened adjoint, as an array shaped like `like`.
#[track_caller]
fn unflatten<F: Float, D: Dimension>(g: &ArrayRef<F, Ix2>, like: &ArrayRef<F, D>) -> Array<F, D> {
    let rows = like.shape()[0];
    let columns = like.shape()[1..].iter().product::<usize>();
    crate::broadcast::assert_same_shape("adjoint of flatten", &[rows, columns], g.shape());
    workspace::copy_standard(g)
        .into_shape_with_order(like.raw_dim())
        .expect("a standard array of as many elements")
}

/// `flatten` and its Jacobian-vector product: `(flatten(x), flatten(dx))`, `flatten` being
/// linear.
///
/// **Panics** as [`flatten`](fn@flatten) does, or if `dx` is not shaped like `x`.
///
/// ```
/// use adjoint_runtime::ops::pool::flatten_jvp;
/// use ndarray::Array3;
/// let x = Array3::<f32>::ones((2, 3, 4));
/// let (y, dy) = flatten_jvp(&x, &x.view());
/// assert_eq!((y.dim(), dy.dim()), ((2, 12), (2, 12)));
/// ```
#[track_caller]
pub fn flatten_jvp<F, D, X>(x: &X, dx: &ArrayRef<F, D>) -> (Array2<F>, Array2<F>)
where
    F: Float,
    D: Dimension,
    X: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
{
    let x = x.as_operand();
    crate::broadcast::assert_same_shape("flatten_jvp: `dx`", x.shape(), dx.shape());
    (flatten(x), flatten(dx))
}

#[cfg(test)]
mod tests {
    use ndarray::{Array1, array, s};

    use super::*;
    use crate::Workspace;
    use crate::check::{Checker, check_jvp, check_vjp};
    use crate::init;
    use crate::workspace::install;

    /// Inputs whose elements all differ by at least 0.05 (a shuffled ramp), so that a finite
    /// difference of step 1e-2 never moves a maximum.
    fn distinct<F: Float>(shape: [usize; 4], seed: u64) -> Array4<F> {
        let len: usize = shape.iter().product();
        let mut values: Vec<f64> = (0..len)
            .map(|i| 0.05 * i as f64 - 0.025 * len as f64)
            .collect();
        let keys = init::normal::<f64, _, _, _>(len, 1.0, &mut init::rng(seed));
        let mut order: Vec<usize> = (0..len).collect();
        order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
        values = order.iter().map(|&i| values[i]).collect();
        Array4::from_shape_vec(shape, values.into_iter().map(F::from_f64_lossy).collect()).unwrap()
    }

    /// (shape, kernel, stride): square and not, odd and even, overlapping windows (stride 1),
    /// windows that leave a remainder, 1×1 windows.
    type Case = ([usize; 4], (usize, usize), (usize, usize));

    const CASES: [Case; 8] = [
        ([2, 3, 4, 4], (2, 2), (2, 2)),
        ([1, 2, 5, 7], (2, 2), (2, 2)),
        ([2, 1, 5, 5], (3, 3), (1, 1)),
        ([1, 2, 6, 5], (3, 2), (2, 1)),
        ([2, 2, 7, 7], (3, 3), (2, 2)),
        ([1, 3, 4, 6], (1, 1), (1, 1)),
        ([1, 1, 6, 6], (5, 5), (1, 1)),
        ([3, 2, 3, 8], (2, 4), (1, 2)),
    ];

    fn pullbacks_match_finite_differences<F: Float>(checker: Checker) {
        for (seed, (shape, kernel, stride)) in CASES.into_iter().enumerate() {
            let x = distinct::<F>(shape, seed as u64);
            let (y, pullback) = max_pool2d::__adjoint_forward(&x, kernel, stride);
            assert_eq!(y, max_pool2d(&x, kernel, stride));
            let c: Array4<F> = init::normal(y.raw_dim(), 1.0, &mut init::rng(seed as u64 + 10));
            let (dx,) = pullback.pullback((&x, &kernel, &stride), &y, &c, [true, false, false]);
            let f = |x: &Array4<F>| max_pool2d(x, kernel, stride);
            let report = checker.check_vjp(f, &x, &c, &dx.unwrap());
            assert!(
                report.is_ok(),
                "max {shape:?} {kernel:?} {stride:?}:\n{report}"
            );

            let (y, pullback) = avg_pool2d::__adjoint_forward(&x, kernel, stride);
            assert_eq!(y, avg_pool2d(&x, kernel, stride));
            let (dx,) = pullback.pullback((&x, &kernel, &stride), &y, &c, [true, false, false]);
            let f = |x: &Array4<F>| avg_pool2d(x, kernel, stride);
            let report = checker.check_vjp(f, &x, &c, &dx.unwrap());
            assert!(
                report.is_ok(),
                "avg {shape:?} {kernel:?} {stride:?}:\n{report}"
            );
        }
    }

    /// The tangents of the pools' and flatten's adjoints against central differences of their
    /// pullbacks: `dg` pooled back, whatever `dx`.
    fn pullback_tangents_match_differences<F: Float>() {
        use crate::ops::test_support::{TWO, assert_passes, like, or_zero};
        for (seed, (shape, kernel, stride)) in CASES.into_iter().enumerate() {
            let x = distinct::<F>(shape, seed as u64);
            let y = max_pool2d(&x, kernel, stride);
            let g = like(&y, -0.5, 1);
            let (dx, dg) = (like(&x, -0.5, 2), like(&y, -0.5, 3));
            let what = format!("{shape:?} {kernel:?} {stride:?}");
            let args = (&x, &kernel, &stride);
            for (px, pg) in TWO {
                let (tx, tg) = (px.then_some(&*dx), pg.then_some(&*dg));
                let direction = (or_zero(px, &dx), or_zero(pg, &dg));
                let point = (x.clone(), g.clone());
                let (y, pullback) = max_pool2d::__adjoint_forward(&x, kernel, stride);
                let (exact,) = pullback.pullback_jvp(args, &y, &g, (tx,), tg, [true, false, false]);
                let f = |(x, g): &(Array4<F>, Array4<F>)| {
                    let (y, pullback) = max_pool2d::__adjoint_forward(x, kernel, stride);
                    let args = (x, &kernel, &stride);
                    pullback
                        .pullback(args, &y, g, [true, false, false])
                        .0
                        .unwrap()
                };
                let report = check_jvp(f, &point, &direction, &exact.unwrap());
                assert_passes(
                    &format!("max_pool2d pullback_jvp {what} ({px}, {pg})"),
                    report,
                );
                let (y, pullback) = avg_pool2d::__adjoint_forward(&x, kernel, stride);
                let (exact,) = pullback.pullback_jvp(args, &y, &g, (tx,), tg, [true, false, false]);
                let f = |(x, g): &(Array4<F>, Array4<F>)| {
                    let (y, pullback) = avg_pool2d::__adjoint_forward(x, kernel, stride);
                    let args = (x, &kernel, &stride);
                    pullback
                        .pullback(args, &y, g, [true, false, false])
                        .0
                        .unwrap()
                };
                let report = check_jvp(f, &point, &direction, &exact.unwrap());
                assert_passes(
                    &format!("avg_pool2d pullback_jvp {what} ({px}, {pg})"),
                    report,
                );
                let (y, pullback) = flatten::__adjoint_forward(&x);
                let g = like(&y, -0.5, 4);
                let dg = like(&y, -0.5, 5);
                let tg = pg.then_some(&*dg);
                let (exact,) = pullback.pullback_jvp((&x,), &y, &g, (tx,), tg, [true]);
                let f = |(x, g): &(Array4<F>, Array2<F>)| {
                    let (y, pullback) = flatten::__adjoint_forward(x);
                    pullback.pullback((x,), &y, g, [true]).0.unwrap()
                };
                let direction = (or_zero(px, &dx), or_zero(pg, &dg));
                let report = check_jvp(f, &(x.clone(), g), &direction, &exact.unwrap());
                assert_passes(&format!("flatten pullback_jvp {what} ({px}, {pg})"), report);
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
    fn pullbacks_match_finite_differences_f64() {
        pullbacks_match_finite_differences::<f64>(Checker::new());
    }

    #[test]
    fn pullbacks_match_finite_differences_f32() {
        pullbacks_match_finite_differences::<f32>(Checker::new());
    }

    /// Overlapping windows (kernel 3, stride 1) that share their maximum send it the sum of
    /// their adjoints; the average spreads each adjoint over its window.
    #[test]
    fn gradients_by_hand() {
        // Windows of 3 along a row of 4, stride 1: [0 9 1] and [9 1 2]: both pick 9.
        let x = array![[0.0, 9.0, 1.0, 2.0]]
            .into_shape_with_order((1, 1, 1, 4))
            .unwrap();
        let (y, pullback) = max_pool2d::__adjoint_forward(&x, (1, 3), (1, 1));
        assert_eq!(y.as_slice().unwrap(), [9.0, 9.0]);
        let g = array![[2.0, 5.0]]
            .into_shape_with_order((1, 1, 1, 2))
            .unwrap();
        let (dx,) = pullback.pullback((&x, &(1, 3), &(1, 1)), &y, &g, [true; 3]);
        assert_eq!(dx.unwrap().as_slice().unwrap(), [0.0, 7.0, 0.0, 0.0]);
        // The averages 10/3 and 12/3; each element receives g/3 from each window holding it.
        let (y, pullback) = avg_pool2d::__adjoint_forward(&x, (1, 3), (1, 1));
        assert_eq!(y.as_slice().unwrap(), [10.0 / 3.0, 4.0]);
        let (dx,) = pullback.pullback((&x, &(1, 3), &(1, 1)), &y, &g, [true; 3]);
        let expected: [f64; 4] = [2.0 / 3.0, 7.0 / 3.0, 7.0 / 3.0, 5.0 / 3.0];
        for (d, e) in dx.unwrap().iter().zip(expected) {
            assert!((d - e).abs() < 1e-15);
        }
    }

    /// The documented tie rule, directly (finite differences are not defined at a tie): the
    /// first maximum in row-major order receives the whole adjoint.
    #[test]
    fn a_tie_goes_to_the_first_maximum_in_row_major_order() {
        let cases: [(Vec<f64>, usize); 4] = [
            // 2×2 window [[a, b], [c, d]] in row-major order a, b, c, d.
            (vec![1.0, 1.0, 1.0, 1.0], 0), // all tied: a
            (vec![0.0, 3.0, 3.0, 0.0], 1), // b before c (row before row)
            (vec![0.0, 0.0, 3.0, 3.0], 2), // c before d
            (vec![-1.0, -2.0, -1.0, -5.0], 0),
        ];
        for (values, winner) in cases {
            let x = Array4::from_shape_vec((1, 1, 2, 2), values.clone()).unwrap();
            let (y, pullback) = max_pool2d::__adjoint_forward(&x, (2, 2), (2, 2));
            let g = Array4::from_elem((1, 1, 1, 1), 1.0);
            let (dx,) = pullback.pullback((&x, &(2, 2), &(2, 2)), &y, &g, [true; 3]);
            let mut expected = [0.0; 4];
            expected[winner] = 1.0;
            assert_eq!(dx.unwrap().as_slice().unwrap(), expected, "{values:?}");
            // Forward mode follows the same element.
            let dx = Array4::from_shape_vec((1, 1, 2, 2), vec![10.0, 20.0, 30.0, 40.0]).unwrap();
            let (_, dy) = max_pool2d_jvp(&x, &dx, (2, 2), (2, 2));
            assert_eq!(dy[[0, 0, 0, 0]], 10.0 * (winner + 1) as f64, "{values:?}");
        }
        // A tie across columns of a wider window: the first in its row wins over the next row.
        let x = array![[0.0, 0.0, 7.0], [7.0, 0.0, 7.0]]
            .into_shape_with_order((1, 1, 2, 3))
            .unwrap();
        let (y, pullback) = max_pool2d::__adjoint_forward(&x, (2, 3), (1, 1));
        let (dx,) = pullback.pullback(
            (&x, &(2, 3), &(1, 1)),
            &y,
            &Array4::ones((1, 1, 1, 1)),
            [true; 3],
        );
        assert_eq!(
            dx.unwrap().as_slice().unwrap(),
            [0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
        );
    }

    #[test]
    fn a_nan_is_the_maximum_of_its_window() {
        let x = array![[1.0, f64::NAN], [9.0, 2.0]]
            .into_shape_with_order((1, 1, 2, 2))
            .unwrap();
        let (y, pullback) = max_pool2d::__adjoint_forward(&x, (2, 2), (2, 2));
        assert!(y[[0, 0, 0, 0]].is_nan());
        let (dx,) = pullback.pullback(
            (&x, &(2, 2), &(2, 2)),
            &y,
            &Array4::ones((1, 1, 1, 1)),
            [true; 3],
        );
        assert_eq!(dx.unwrap().as_slice().unwrap(), [0.0, 1.0, 0.0, 0.0]);
    }

    /// Views with strides pool as their copies do.
    #[test]
    fn views_pool_as_their_copies() {
        let x = distinct::<f64>([2, 2, 6, 8], 3);
        let view = x.slice(s![.., .., .., ..;2]);
        let copy = view.to_owned();
        assert_eq!(
            max_pool2d(&view, (2, 2), (2, 2)),
            max_pool2d(&copy, (2, 2), (2, 2))
        );
        assert_eq!(
            avg_pool2d(&view, (2, 2), (1, 1)),
            avg_pool2d(&copy, (2, 2), (1, 1))
        );
        assert_eq!(flatten(&view), flatten(&copy));
    }

    fn close(a: &Array4<f64>, b: &Array4<f64>) -> bool {
        a.shape() == b.shape() && a.iter().zip(b).all(|(a, b)| (a - b).abs() < 1e-9)
    }

    #[test]
    fn jvps_match_central_differences() {
        for (seed, (shape, kernel, stride)) in CASES.into_iter().enumerate() {
            let x = distinct::<f64>(shape, seed as u64);
            let dx: Array4<f64> = init::normal(x.raw_dim(), 1.0, &mut init::rng(seed as u64 + 20));
            let h = 1e-3;
            let numeric = |f: &dyn Fn(&Array4<f64>) -> Array4<f64>| {
                (f(&(&x + &(&dx * h))) - f(&(&x - &(&dx * h)))) / (2.0 * h)
            };
            let (y, dy) = max_pool2d_jvp(&x, &dx, kernel, stride);
            assert_eq!(y, max_pool2d(&x, kernel, stride));
            let expected = numeric(&|x| max_pool2d(x, kernel, stride));
            assert!(close(&dy, &expected), "max {shape:?}");
            let (y, dy) = avg_pool2d_jvp(&x, &dx, kernel, stride);
            assert_eq!(y, avg_pool2d(&x, kernel, stride));
            let expected = numeric(&|x| avg_pool2d(x, kernel, stride));
            assert!(close(&dy, &expected), "avg {shape:?}");
        }
        let x: Array4<f32> = init::normal((2, 3, 2, 2), 1.0, &mut init::rng(1));
        let dx: Array4<f32> = init::normal((2, 3, 2, 2), 1.0, &mut init::rng(2));
        let (y, dy) = flatten_jvp(&x, &dx);
        assert_eq!((y, dy), (flatten(&x), flatten(&dx)));
    }

    #[test]
    fn flatten_pullback_reshapes_back() {
        for seed in 0..2 {
            let x: Array4<f64> = init::normal((3, 2, 2, 3), 1.0, &mut init::rng(seed));
            let c: Array2<f64> = init::normal((3, 12), 1.0, &mut init::rng(seed + 5));
            let (y, pullback) = flatten::__adjoint_forward(&x);
            assert_eq!(
                y.row(1).to_vec(),
                x.slice(s![1, .., .., ..])
                    .iter()
                    .copied()
                    .collect::<Vec<_>>()
            );
            let (dx,) = pullback.pullback((&x,), &y, &c, [true]);
            check_vjp(|x: &Array4<f64>| flatten(x), &x, &c, &dx.unwrap()).assert_ok();
        }
        let x: Array1<f32> = array![1.0, 2.0];
        assert_eq!(flatten(&x), array![[1.0], [2.0]]);
        let (y, pullback) = flatten::__adjoint_forward(&x);
        let (dx,) = pullback.pullback((&x,), &y, &array![[3.0_f32], [4.0]], [true]);
        assert_eq!(dx.unwrap(), array![3.0, 4.0]);
    }

    /// The argmax comes from the workspace and goes back to it, whether or not the pullback ran.
    #[test]
    fn the_argmax_buffer_goes_back_to_the_workspace() {
        let x = distinct::<f32>([2, 2, 4, 4], 1);
        let mut ws = Workspace::new();
        {
            let _pool = install(&mut ws);
            let (y, pullback) = max_pool2d::__adjoint_forward(&x, (2, 2), (2, 2));
            drop(pullback);
            crate::Params::recycle(y);
        }
        assert_eq!(ws.buffers(), 2);
        assert_eq!(ws.bytes(), 16 * 4 + 16 * 4);
    }

    #[test]
    #[should_panic(
        expected = "max_pool2d: the kernel (3, 3) is larger than the images of `x` (shape [1, 1, 2, 5])"
    )]
    fn a_kernel_larger_than_the_image_panics() {
        let _ = max_pool2d(&Array4::<f64>::zeros((1, 1, 2, 5)), (3, 3), (1, 1));
    }

    #[test]
    #[should_panic(
        expected = "avg_pool2d: the stride must be at least 1 along each axis, not (0, 1)"
    )]
    fn a_zero_stride_panics() {
        let _ = avg_pool2d(&Array4::<f32>::zeros((1, 1, 4, 4)), (2, 2), (0, 1));
    }

    #[test]
    #[should_panic(
        expected = "adjoint of max_pool2d: expected shape [1, 1, 2, 2], found [1, 1, 2, 3]"
    )]
    fn an_adjoint_of_the_wrong_shape_panics() {
        let x = Array4::<f64>::zeros((1, 1, 4, 4));
        let (y, pullback) = max_pool2d::__adjoint_forward(&x, (2, 2), (2, 2));
        let _ = pullback.pullback((&x, &(), &()), &y, &Array4::zeros((1, 1, 2, 3)), [true; 3]);
    }
}

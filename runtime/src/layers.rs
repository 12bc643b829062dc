//! Layers: parameter structs with constructors, and the differentiable functions that apply
//! them: [`Dense`] with [`dense`](fn@dense), [`Conv2d`] with [`conv`](fn@conv).
//!
//! A layer is plain data that implements [`Params`], so an optimizer updates it and a
//! `#[derive(Params)]` model holds it as a field; applying it is a differentiable function
//! (`dense(&m.hidden, &x)`) whose gradient in the layer is another layer.

use ndarray::{Array1, Array2, Array4, ArrayRef, ArrayViewD, ArrayViewMutD, Ix2, Ix4};

use crate::broadcast::{assert_tangent_shape, sum_rows};
use crate::init::{self, Init, Rng};
use crate::operand::release;
use crate::ops::conv::{Conv2dPullback, conv2d, conv2d_jvp};
use crate::ops::linalg::{DotOperands, matmul};
use crate::params::{Differentiable, LeafZip, Params, ShapeMismatch, ZipVisitor, join_path};
use crate::{AsOperand, Float, IntoOperand, workspace};

/// A fully connected layer: `y = x·w + b`, with one example per row of `x`.
///
/// `w` is `(fan_in, fan_out)` and `b` has `fan_out` elements. Its gradient is a `Dense` too,
/// holding `dw` and `db`; its parameters have the paths `w` and `b` under the layer's own.
/// `Dense` alone is `Dense<f32>`, so a model can write `Vec<Dense>`.
///
/// ```
/// use adjoint_runtime::init;
/// use adjoint_runtime::layers::{Dense, dense};
/// use ndarray::Array2;
///
/// let layer: Dense<f32> = Dense::new(4, 3, &mut init::rng(0));
/// let y = dense(&layer, &Array2::ones((10, 4)));
/// assert_eq!(y.dim(), (10, 3));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Dense<F = f32> {
    /// The weights, `(fan_in, fan_out)`.
    pub w: Array2<F>,
    /// The bias, one per output.
    pub b: Array1<F>,
}

/// # Constructors
impl<F: Float> Dense<F> {
    /// A layer with He-normal weights (N(0, 2 / fan_in), for a ReLU after it) and a zero bias.
    ///
    /// **Panics** if `fan_in` is zero.
    ///
    /// ```
    /// use adjoint_runtime::{init, layers::Dense};
    /// let layer = Dense::<f64>::new(2, 5, &mut init::rng(1));
    /// assert_eq!((layer.fan_in(), layer.fan_out()), (2, 5));
    /// assert!(layer.b.iter().all(|&b| b == 0.0));
    /// ```
    #[track_caller]
    pub fn new<R: Rng + ?Sized>(fan_in: usize, fan_out: usize, rng: &mut R) -> Self {
        Self::with_init(fan_in, fan_out, Init::HeNormal, rng)
    }

    /// A layer with weights drawn by `init` and a zero bias: [`Init::XavierUniform`] for a
    /// tanh or sigmoid after it, [`Init::Zeros`] for a last layer that starts at zero.
    ///
    /// **Panics** as `init` does (for example if `fan_in` is zero).
    ///
    /// ```
    /// use adjoint_runtime::init::{self, Init};
    /// use adjoint_runtime::layers::Dense;
    /// let layer = Dense::<f32>::with_init(3, 2, Init::XavierUniform, &mut init::rng(1));
    /// assert!(layer.w.iter().all(|&w| w.abs() <= 1.1));
    /// ```
    #[track_caller]
    pub fn with_init<R: Rng + ?Sized>(
        fan_in: usize,
        fan_out: usize,
        init: Init,
        rng: &mut R,
    ) -> Self {
        Dense {
            w: init.sample(fan_in, fan_out, rng),
            b: Array1::zeros(fan_out),
        }
    }

    /// A layer with every weight and bias zero.
    ///
    /// ```
    /// use adjoint_runtime::layers::Dense;
    /// let layer = Dense::<f64>::zeros(3, 2);
    /// assert_eq!(layer.w.sum() + layer.b.sum(), 0.0);
    /// ```
    pub fn zeros(fan_in: usize, fan_out: usize) -> Self {
        Dense {
            w: Array2::zeros((fan_in, fan_out)),
            b: Array1::zeros(fan_out),
        }
    }
}

/// # Shape
impl<F> Dense<F> {
    /// The number of inputs: the rows of `w`.
    ///
    /// ```
    /// use adjoint_runtime::layers::Dense;
    /// assert_eq!(Dense::<f32>::zeros(7, 2).fan_in(), 7);
    /// ```
    pub fn fan_in(&self) -> usize {
        self.w.nrows()
    }

    /// The number of outputs: the columns of `w`.
    ///
    /// ```
    /// use adjoint_runtime::layers::Dense;
    /// assert_eq!(Dense::<f32>::zeros(7, 2).fan_out(), 2);
    /// ```
    pub fn fan_out(&self) -> usize {
        self.w.ncols()
    }
}

impl<F: Float> Params for Dense<F> {
    type Elem = F;
    fn zeros_like(&self) -> Self {
        Dense {
            w: self.w.zeros_like(),
            b: self.b.zeros_like(),
        }
    }
    #[track_caller]
    fn unfilled_like(&self) -> Self {
        Dense {
            w: self.w.unfilled_like(),
            b: self.b.unfilled_like(),
        }
    }
    fn fill_unwritten(&mut self, like: &Self) {
        self.w.fill_unwritten(&like.w);
        self.b.fill_unwritten(&like.b);
    }
    fn accumulate(&mut self, other: &Self) {
        self.w.accumulate(&other.w);
        self.b.accumulate(&other.b);
    }
    fn recycle(self) {
        self.w.recycle();
        self.b.recycle();
    }
    fn set_zero(&mut self) {
        self.w.set_zero();
        self.b.set_zero();
    }
    fn visit(&self, path: &str, f: &mut dyn FnMut(&str, ArrayViewD<'_, F>)) {
        self.w.visit(&join_path(path, "w"), f);
        self.b.visit(&join_path(path, "b"), f);
    }
    fn visit_mut(&mut self, path: &str, f: &mut dyn FnMut(&str, ArrayViewMutD<'_, F>)) {
        self.w.visit_mut(&join_path(path, "w"), f);
        self.b.visit_mut(&join_path(path, "b"), f);
    }
    #[track_caller]
    fn zip_mut(&mut self, other: &Self, path: &str, f: &mut ZipVisitor<'_, F>) {
        self.w.zip_mut(&other.w, &join_path(path, "w"), f);
        self.b.zip_mut(&other.b, &join_path(path, "b"), f);
    }
    fn try_zip_mut(&mut self, other: &Self, f: &mut LeafZip<'_, F>) -> bool {
        self.w.try_zip_mut(&other.w, f) && self.b.try_zip_mut(&other.b, f)
    }
    fn shape_mismatch(&self, other: &Self) -> Option<ShapeMismatch> {
        weights_and_bias_mismatch((&self.w, &self.b), (&other.w, &other.b))
    }
}

impl<F: Float> Differentiable for Dense<F> {
    type Tangent = Dense<F>;
    fn zero_tangent(&self) -> Dense<F> {
        self.zeros_like()
    }
    fn unfilled_tangent(&self) -> Dense<F> {
        self.unfilled_like()
    }
    fn fill_unwritten_tangent(&self, tangent: &mut Dense<F>) {
        tangent.fill_unwritten(self);
    }
    fn tangent_mismatch(&self, tangent: &Dense<F>) -> Option<ShapeMismatch> {
        self.shape_mismatch(tangent)
    }
}

/// The first of a layer's `w` and `b` not shaped like the other layer's, by name.
fn weights_and_bias_mismatch<W: Params, B: Params>(
    (w, b): (&W, &B),
    (other_w, other_b): (&W, &B),
) -> Option<ShapeMismatch> {
    if let Some(mismatch) = w.shape_mismatch(other_w) {
        return Some(mismatch.inside("w"));
    }
    Some(b.shape_mismatch(other_b)?.inside("b"))
}

/// A layer is an operand of the functions that apply it, behind any number of references.
impl<F: Float> AsOperand for Dense<F> {
    type Target = Dense<F>;
    fn as_operand(&self) -> &Dense<F> {
        self
    }
}

/// Applies a [`Dense`] layer to a batch: `x·w + b`, the bias added to every row.
///
/// The gradients are `dw = xᵀ·g`, `db = Σ_rows g` (together a `Dense`) and `dx = g·wᵀ`.
///
/// **Panics** if `x` does not have `fan_in` columns, or if the layer's `b` does not have
/// `fan_out` elements.
///
/// The layer and the batch are taken by reference or by value (`dense(&layer, x.view())`,
/// `dense(&layer, relu(&h))`).
///
/// ```
/// use adjoint_runtime::layers::{Dense, dense};
/// use ndarray::array;
/// let layer = Dense { w: array![[1.0, 0.0], [0.0, 2.0]], b: array![0.5, -1.0] };
/// let x = array![[3.0, 4.0]];
/// assert_eq!(dense(&layer, &x), array![[3.5, 7.0]]);
/// assert_eq!(dense(&layer, x.view()), array![[3.5, 7.0]]);
/// ```
#[track_caller]
pub fn dense<F, L, X>(layer: L, x: X) -> Array2<F>
where
    F: Float,
    L: AsOperand<Target = Dense<F>>,
    X: IntoOperand<Target = ArrayRef<F, Ix2>>,
{
    let (l, batch) = (layer.as_operand(), x.as_operand());
    check_dense_shapes(l, batch.shape());
    let mut y = matmul(batch, &l.w);
    y += &l.b;
    release(x);
    y
}

#[track_caller]
fn check_dense_shapes<F>(layer: &Dense<F>, x: &[usize]) {
    let (w, b) = (layer.w.shape(), layer.b.len());
    assert!(
        b == w[1],
        "adjoint: dense: the layer's `w` has shape {w:?} but its `b` has {b} elements, not {}",
        w[1]
    );
    assert!(
        x[1] == w[0],
        "adjoint: dense: `x` has shape {x:?} but the layer takes {} inputs (`w` has shape {w:?})",
        w[0]
    );
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct dense {}

impl dense {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<F, L, X>(layer: L, x: X) -> (Array2<F>, DensePullback)
    where
        F: Float,
        L: AsOperand<Target = Dense<F>>,
        X: IntoOperand<Target = ArrayRef<F, Ix2>>,
    {
        (dense(layer, x), DensePullback)
    }

    /// The forward-mode entry: `dense(layer, x)` and its tangent ([`dense_jvp`]).
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_jvp<F, L, X>(
        layer: L,
        x: X,
        (d_layer, dx): (Option<&Dense<F>>, Option<&Array2<F>>),
    ) -> (Array2<F>, Array2<F>)
    where
        F: Float,
        L: AsOperand<Target = Dense<F>>,
        X: IntoOperand<Target = ArrayRef<F, Ix2>>,
    {
        let y = dense(&layer, &x);
        let dy = dense_jvp(&layer, &x, &y, d_layer, dx);
        release(x);
        (y, dy)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`DensePullback::pullback_jvp`]), `dense` computed again from the arguments.
    ///
    /// **Panics** as [`dense`](fn@dense) does, or if a tangent is not shaped like its
    /// argument, or `g` or `dg` like the output.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F, L, X>(
        args: (&L, &X),
        (d_layer, dx): (Option<&Dense<F>>, Option<&Array2<F>>),
        g: &Array2<F>,
        dg: Option<&Array2<F>>,
        needs: [bool; 2],
    ) -> (
        (Option<Dense<F>>, Option<Array2<F>>),
        (Option<Dense<F>>, Option<Array2<F>>),
    )
    where
        F: Float,
        L: AsOperand<Target = Dense<F>> + ?Sized,
        X: AsOperand<Target = ArrayRef<F, Ix2>> + ?Sized,
    {
        let (layer, x) = args;
        let y = dense(layer, x);
        check_dense_tangents("dense_jvp", layer.as_operand(), x.as_operand(), d_layer, dx);
        let tangents = DensePullback.pullback_jvp(args, &y, g, (d_layer, dx), dg, needs);
        let adjoints = DensePullback.pullback(args, &y, g, needs);
        workspace::recycle_array(y);
        (adjoints, tangents)
    }
}

/// The tangent of `y = dense(layer, x)` when the layer moves along `d_layer` and `x` along `dx`
/// (forward mode; `None` is zero): `x·dw + dx·w + db`, the bias's tangent added to every row.
/// The products are the tangent of [`dot`](crate::ops::linalg::dot)
/// ([`dot_jvp`](crate::ops::linalg::dot_jvp)), which computes only the terms of the tangents
/// present: with `dx` absent, `x·dw + db` alone.
///
/// **Panics** as [`dense`](fn@dense) does, or if a tangent is not shaped like its argument,
/// naming it.
///
/// ```
/// use adjoint_runtime::layers::{Dense, dense, dense_jvp};
/// use ndarray::array;
/// let layer = Dense { w: array![[1.0, 0.0], [0.0, 2.0]], b: array![0.5, -1.0] };
/// let x = array![[3.0, 4.0]];
/// let y = dense(&layer, &x);
/// // moving x along dx moves y by dx·w
/// assert_eq!(dense_jvp(&layer, &x, &y, None, Some(&array![[1.0, 1.0]])), array![[1.0, 2.0]]);
/// // moving the layer: x·dw + db
/// let d_layer = Dense { w: array![[1.0, 0.0], [0.0, 0.0]], b: array![0.0, 1.0] };
/// assert_eq!(dense_jvp(&layer, &x, &y, Some(&d_layer), None), array![[3.0, 1.0]]);
/// ```
#[track_caller]
pub fn dense_jvp<F, L, X>(
    layer: L,
    x: X,
    _y: &Array2<F>,
    d_layer: Option<&Dense<F>>,
    dx: Option<&Array2<F>>,
) -> Array2<F>
where
    F: Float,
    L: AsOperand<Target = Dense<F>>,
    X: AsOperand<Target = ArrayRef<F, Ix2>>,
{
    let (layer, x) = (layer.as_operand(), x.as_operand());
    check_dense_shapes(layer, x.shape());
    check_dense_tangents("dense_jvp", layer, x, d_layer, dx);
    let mut dy = DotOperands::<ArrayRef<F, Ix2>>::jvp(x, &layer.w, dx, d_layer.map(|d| &d.w));
    if let Some(d) = d_layer {
        dy += &d.b;
    }
    dy
}

/// **Panics** unless each tangent of [`dense`](fn@dense)'s arguments is shaped like its
/// argument, naming it and the rule `function`.
#[track_caller]
fn check_dense_tangents<F: Float>(
    function: &str,
    layer: &Dense<F>,
    x: &ArrayRef<F, Ix2>,
    d_layer: Option<&Dense<F>>,
    dx: Option<&Array2<F>>,
) {
    if let Some(d) = d_layer {
        assert_tangent_shape(function, "layer.w", layer.w.shape(), d.w.shape());
        assert_tangent_shape(function, "layer.b", layer.b.shape(), d.b.shape());
    }
    if let Some(dx) = dx {
        assert_tangent_shape(function, "x", x.shape(), dx.shape());
    }
}

/// **Panics** unless `g`, the adjoint of `dense(layer, x)` or its tangent (`what`), has the
/// output's shape.
#[track_caller]
fn check_dense_cotangent<F>(what: &str, layer: &Dense<F>, x: &[usize], g: &[usize]) {
    let output = [x[0], layer.w.ncols()];
    assert!(
        g == output,
        "adjoint: dense's adjoint: {what} has shape {g:?}, but the output has shape {output:?}"
    );
}

/// The pullback of [`dense`](fn@dense).
#[doc(hidden)]
pub struct DensePullback;

impl DensePullback {
    /// The adjoints of the layer (`dw = xᵀ·g`, `db = Σ_rows g`) and of `x` (`g·wᵀ`), each if
    /// asked for.
    ///
    /// **Panics** if the layer does not take `x`, or if `g` does not have the output's shape.
    #[track_caller]
    pub fn pullback<F, L, X>(
        self,
        (layer, x): (&L, &X),
        _y: &Array2<F>,
        g: &Array2<F>,
        needs: [bool; 2],
    ) -> (Option<Dense<F>>, Option<Array2<F>>)
    where
        F: Float,
        L: AsOperand<Target = Dense<F>> + ?Sized,
        X: AsOperand<Target = ArrayRef<F, Ix2>> + ?Sized,
    {
        let (layer, x) = (layer.as_operand(), x.as_operand());
        check_dense_shapes(layer, x.shape());
        check_dense_cotangent("the cotangent", layer, x.shape(), g.shape());
        // `x·w`'s adjoints are dot's.
        let w = &*layer.w;
        let d_layer = needs[0].then(|| Dense {
            w: DotOperands::<ArrayRef<F, Ix2>>::vjp_rhs(x, w, g),
            b: sum_rows(g.view(), F::one()),
        });
        let dx = needs[1].then(|| DotOperands::<ArrayRef<F, Ix2>>::vjp_lhs(x, w, g));
        (d_layer, dx)
    }

    /// The tangents of [`pullback`](Self::pullback)'s adjoints when the layer, `x` and `g`
    /// move along `d_layer`, `dx` and `dg` (forward over reverse; `None` is zero). `x·w` is
    /// bilinear, so the adjoints of `x` and `w` are linear in `g` and in the other factor, and
    /// their tangents are [`dot`](crate::ops::linalg::dot)'s
    /// ([`dot_vjp_lhs_jvp`](crate::ops::linalg::dot_vjp_lhs_jvp),
    /// [`dot_vjp_rhs_jvp`](crate::ops::linalg::dot_vjp_rhs_jvp)): `dg·wᵀ + g·dwᵀ` for `x`,
    /// `xᵀ·dg + dxᵀ·g` for `w`; the bias's adjoint `Σ_rows g` is linear in `g` alone, so its
    /// tangent is `Σ_rows dg`, and `db` enters none of them.
    ///
    /// **Panics** if the layer does not take `x`, if a tangent is not shaped like its argument,
    /// or if `g` or `dg` does not have the output's shape.
    ///
    /// ```
    /// use adjoint_runtime::layers::{Dense, dense};
    /// use ndarray::array;
    /// let layer = Dense { w: array![[1.0, 0.0], [0.0, 2.0]], b: array![0.5, -1.0] };
    /// let x = array![[3.0, 4.0]];
    /// let (y, pullback) = adjoint_runtime::layers::dense::__adjoint_forward(&layer, &x);
    /// let g = array![[1.0, 1.0]];
    /// // moving g along dg moves x's adjoint by dg·wᵀ and the bias's by dg
    /// let dg = array![[1.0, 0.5]];
    /// let (d_layer, dx) =
    ///     pullback.pullback_jvp((&layer, &x), &y, &g, (None, None), Some(&dg), [true, true]);
    /// assert_eq!(dx.unwrap(), array![[1.0, 1.0]]);
    /// assert_eq!(d_layer.unwrap().b, array![1.0, 0.5]);
    /// ```
    #[track_caller]
    #[allow(clippy::type_complexity, clippy::too_many_arguments)]
    pub fn pullback_jvp<F, L, X>(
        &self,
        (layer, x): (&L, &X),
        _y: &Array2<F>,
        g: &Array2<F>,
        (d_layer, dx): (Option<&Dense<F>>, Option<&Array2<F>>),
        dg: Option<&Array2<F>>,
        needs: [bool; 2],
    ) -> (Option<Dense<F>>, Option<Array2<F>>)
    where
        F: Float,
        L: AsOperand<Target = Dense<F>> + ?Sized,
        X: AsOperand<Target = ArrayRef<F, Ix2>> + ?Sized,
    {
        let (layer, x) = (layer.as_operand(), x.as_operand());
        check_dense_shapes(layer, x.shape());
        check_dense_tangents("dense pullback_jvp", layer, x, d_layer, dx);
        check_dense_cotangent("the cotangent", layer, x.shape(), g.shape());
        if let Some(dg) = dg {
            check_dense_cotangent("the tangent `dg`", layer, x.shape(), dg.shape());
        }
        let (w, dw) = (&*layer.w, d_layer.map(|d| &d.w));
        let tangent_of_layer = needs[0].then(|| Dense {
            w: DotOperands::<ArrayRef<F, Ix2>>::vjp_rhs_jvp(x, w, g, dx, dg),
            b: match dg {
                Some(dg) => sum_rows(dg.view(), F::one()),
                None => workspace::zeros(layer.b.raw_dim()),
            },
        });
        let tangent_of_x =
            needs[1].then(|| DotOperands::<ArrayRef<F, Ix2>>::vjp_lhs_jvp(x, w, g, dw, dg));
        (tangent_of_layer, tangent_of_x)
    }
}

/// A two-dimensional convolution layer over NCHW batches: `y = conv2d(x, w, b, stride,
/// padding)` (see [`conv2d`](fn@conv2d)).
///
/// `w` is `[c_out, c_in, kh, kw]` and `b` has `c_out` elements: the parameters, with the paths
/// `w` and `b` under the layer's own. `stride` and `padding` are configuration, copied into
/// the layer's gradient and never differentiated or updated (as a `#[params(skip)]` field of a
/// derived struct). `Conv2d` alone is `Conv2d<f32>`.
///
/// ```
/// use adjoint_runtime::init;
/// use adjoint_runtime::layers::{Conv2d, conv};
/// use ndarray::Array4;
///
/// let layer: Conv2d = Conv2d::new(1, 8, (3, 3), &mut init::rng(0)).padding((1, 1));
/// let y = conv(&layer, &Array4::ones((2, 1, 28, 28)));
/// assert_eq!(y.shape(), [2, 8, 28, 28]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Conv2d<F = f32> {
    /// The kernels, `[c_out, c_in, kh, kw]`.
    pub w: Array4<F>,
    /// The bias, one per output channel.
    pub b: Array1<F>,
    /// The step between windows, `(along the height, along the width)`.
    pub stride: (usize, usize),
    /// The zeros added on each side, `(top and bottom, left and right)`.
    pub padding: (usize, usize),
}

/// # Constructors and configuration
impl<F: Float> Conv2d<F> {
    /// A layer with He-normal kernels (N(0, 2 / fan_in), `fan_in = c_in·kh·kw`, for a ReLU
    /// after it), a zero bias, stride 1 and no padding.
    ///
    /// **Panics** if a channel count or a kernel side is zero.
    ///
    /// ```
    /// use adjoint_runtime::{init, layers::Conv2d};
    /// let layer = Conv2d::<f64>::new(3, 16, (5, 5), &mut init::rng(1));
    /// assert_eq!(layer.w.shape(), [16, 3, 5, 5]);
    /// assert_eq!((layer.stride, layer.padding), ((1, 1), (0, 0)));
    /// ```
    #[track_caller]
    pub fn new<R: Rng + ?Sized>(
        c_in: usize,
        c_out: usize,
        kernel: (usize, usize),
        rng: &mut R,
    ) -> Self {
        let fan_in = c_in * kernel.0 * kernel.1;
        assert!(
            fan_in > 0 && c_out > 0,
            "adjoint: Conv2d::new: {c_in} → {c_out} channels with a {kernel:?} kernel has no weights"
        );
        Conv2d {
            w: init::normal(
                (c_out, c_in, kernel.0, kernel.1),
                (2.0 / fan_in as f64).sqrt(),
                rng,
            ),
            b: Array1::zeros(c_out),
            stride: (1, 1),
            padding: (0, 0),
        }
    }

    /// The layer with windows `stride` apart.
    ///
    /// ```
    /// use adjoint_runtime::{init, layers::Conv2d};
    /// let layer = Conv2d::<f32>::new(1, 4, (3, 3), &mut init::rng(0)).stride((2, 2));
    /// assert_eq!(layer.stride, (2, 2));
    /// ```
    pub fn stride(self, stride: (usize, usize)) -> Self {
        Conv2d { stride, ..self }
    }

    /// The layer with `padding` zeros on each side of each image.
    ///
    /// ```
    /// use adjoint_runtime::{init, layers::Conv2d};
    /// let layer = Conv2d::<f32>::new(1, 4, (3, 3), &mut init::rng(0)).padding((1, 1));
    /// assert_eq!(layer.padding, (1, 1));
    /// ```
    pub fn padding(self, padding: (usize, usize)) -> Self {
        Conv2d { padding, ..self }
    }
}

/// # Shape
impl<F> Conv2d<F> {
    /// The number of input channels.
    ///
    /// ```
    /// use adjoint_runtime::{init, layers::Conv2d};
    /// assert_eq!(Conv2d::<f32>::new(3, 8, (3, 3), &mut init::rng(0)).c_in(), 3);
    /// ```
    pub fn c_in(&self) -> usize {
        self.w.shape()[1]
    }

    /// The number of output channels.
    ///
    /// ```
    /// use adjoint_runtime::{init, layers::Conv2d};
    /// assert_eq!(Conv2d::<f32>::new(3, 8, (3, 3), &mut init::rng(0)).c_out(), 8);
    /// ```
    pub fn c_out(&self) -> usize {
        self.w.shape()[0]
    }

    /// The kernel's `(height, width)`.
    ///
    /// ```
    /// use adjoint_runtime::{init, layers::Conv2d};
    /// assert_eq!(Conv2d::<f32>::new(3, 8, (5, 3), &mut init::rng(0)).kernel(), (5, 3));
    /// ```
    pub fn kernel(&self) -> (usize, usize) {
        (self.w.shape()[2], self.w.shape()[3])
    }
}

impl<F: Float> Params for Conv2d<F> {
    type Elem = F;
    fn zeros_like(&self) -> Self {
        Conv2d {
            w: self.w.zeros_like(),
            b: self.b.zeros_like(),
            ..*self
        }
    }
    #[track_caller]
    fn unfilled_like(&self) -> Self {
        Conv2d {
            w: self.w.unfilled_like(),
            b: self.b.unfilled_like(),
            ..*self
        }
    }
    fn fill_unwritten(&mut self, like: &Self) {
        self.w.fill_unwritten(&like.w);
        self.b.fill_unwritten(&like.b);
    }
    fn accumulate(&mut self, other: &Self) {
        self.w.accumulate(&other.w);
        self.b.accumulate(&other.b);
    }
    fn recycle(self) {
        self.w.recycle();
        self.b.recycle();
    }
    fn set_zero(&mut self) {
        self.w.set_zero();
        self.b.set_zero();
    }
    fn visit(&self, path: &str, f: &mut dyn FnMut(&str, ArrayViewD<'_, F>)) {
        self.w.visit(&join_path(path, "w"), f);
        self.b.visit(&join_path(path, "b"), f);
    }
    fn visit_mut(&mut self, path: &str, f: &mut dyn FnMut(&str, ArrayViewMutD<'_, F>)) {
        self.w.visit_mut(&join_path(path, "w"), f);
        self.b.visit_mut(&join_path(path, "b"), f);
    }
    #[track_caller]
    fn zip_mut(&mut self, other: &Self, path: &str, f: &mut ZipVisitor<'_, F>) {
        self.w.zip_mut(&other.w, &join_path(path, "w"), f);
        self.b.zip_mut(&other.b, &join_path(path, "b"), f);
    }
    fn try_zip_mut(&mut self, other: &Self, f: &mut LeafZip<'_, F>) -> bool {
        self.w.try_zip_mut(&other.w, f) && self.b.try_zip_mut(&other.b, f)
    }
    fn is_constant_field(&self, field: &str) -> bool {
        matches!(field, "stride" | "padding")
    }
    fn shape_mismatch(&self, other: &Self) -> Option<ShapeMismatch> {
        weights_and_bias_mismatch((&self.w, &self.b), (&other.w, &other.b))
    }
}

impl<F: Float> Differentiable for Conv2d<F> {
    type Tangent = Conv2d<F>;
    fn zero_tangent(&self) -> Conv2d<F> {
        self.zeros_like()
    }
    fn unfilled_tangent(&self) -> Conv2d<F> {
        self.unfilled_like()
    }
    fn fill_unwritten_tangent(&self, tangent: &mut Conv2d<F>) {
        tangent.fill_unwritten(self);
    }
    fn tangent_mismatch(&self, tangent: &Conv2d<F>) -> Option<ShapeMismatch> {
        self.shape_mismatch(tangent)
    }
}

/// A layer is an operand of the functions that apply it, behind any number of references.
impl<F: Float> AsOperand for Conv2d<F> {
    type Target = Conv2d<F>;
    fn as_operand(&self) -> &Conv2d<F> {
        self
    }
}

/// Applies a [`Conv2d`] layer to a batch `x` (`[n, c_in, h, w]`):
/// `conv2d(x, w, b, stride, padding)`.
///
/// Its pullback is [`conv2d`](fn@conv2d)'s: `dw = g·colsᵀ`, `db = Σ_{n,i,j} g` (together a
/// `Conv2d`, with the layer's stride and padding) and `dx = col2im(wᵀ·g)`.
///
/// **Panics** as [`conv2d`](fn@conv2d) does (for example if `x` does not have `c_in`
/// channels).
///
/// ```
/// use adjoint_runtime::layers::{Conv2d, conv};
/// use ndarray::{Array1, Array4};
/// // One 1×1 kernel of weight 2 and bias 1, stride 2: every other pixel, doubled, plus one.
/// let layer = Conv2d { w: Array4::from_elem((1, 1, 1, 1), 2.0), b: Array1::ones(1), stride: (2, 2), padding: (0, 0) };
/// let x = Array4::from_shape_vec((1, 1, 2, 2), vec![1.0, 2.0, 3.0, 4.0]).unwrap();
/// assert_eq!(conv(&layer, &x), Array4::from_elem((1, 1, 1, 1), 3.0));
/// ```
#[track_caller]
pub fn conv<F, L, X>(layer: &L, x: &X) -> Array4<F>
where
    F: Float,
    L: AsOperand<Target = Conv2d<F>> + ?Sized,
    X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
{
    let layer = layer.as_operand();
    conv2d(x, &layer.w, &layer.b, layer.stride, layer.padding)
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct conv {}

impl conv {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<F, L, X>(layer: &L, x: &X) -> (Array4<F>, ConvPullback)
    where
        F: Float,
        L: AsOperand<Target = Conv2d<F>> + ?Sized,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        let layer = layer.as_operand();
        let (y, inner) =
            conv2d::__adjoint_forward(x, &layer.w, &layer.b, layer.stride, layer.padding);
        (y, ConvPullback(inner))
    }

    /// The forward-mode entry: `conv(layer, x)` and its tangent ([`conv_jvp`]).
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_jvp<F, L, X>(
        layer: &L,
        x: &X,
        (d_layer, dx): (Option<&Conv2d<F>>, Option<&Array4<F>>),
    ) -> (Array4<F>, Array4<F>)
    where
        F: Float,
        L: AsOperand<Target = Conv2d<F>> + ?Sized,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        conv_jvp(layer, x, d_layer, dx)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`ConvPullback::pullback_jvp`]), the convolution computed again from the arguments.
    ///
    /// **Panics** as [`conv`](fn@conv) does, or if a tangent is not shaped like its argument,
    /// or `g` or `dg` like the output.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F, L, X>(
        args: (&L, &X),
        (d_layer, dx): (Option<&Conv2d<F>>, Option<&Array4<F>>),
        g: &Array4<F>,
        dg: Option<&Array4<F>>,
        needs: [bool; 2],
    ) -> (
        (Option<Conv2d<F>>, Option<Array4<F>>),
        (Option<Conv2d<F>>, Option<Array4<F>>),
    )
    where
        F: Float,
        L: AsOperand<Target = Conv2d<F>> + ?Sized,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        let (layer, x) = args;
        let (dx, dg) = (dx.map(|t| &**t), dg.map(|t| &**t));
        check_conv_tangents("conv_jvp", layer.as_operand(), x.as_operand(), d_layer, dx);
        let (y, pullback) = conv::__adjoint_forward(layer, x);
        let tangents = pullback.pullback_jvp(args, &y, g, (d_layer, dx), dg, needs);
        let adjoints = pullback.pullback(args, &y, g, needs);
        workspace::recycle_array(y);
        (adjoints, tangents)
    }
}

/// [`conv`](fn@conv) and its tangent (forward mode): `(y, dy)` with `y = conv(layer, x)` and
/// `dy` the tangent of [`conv2d`](fn@conv2d) ([`conv2d_jvp`]) when `x` moves along `dx` and the
/// layer's `w` and `b` along `d_layer`'s (`None` is zero): `conv2d(dx, w) + conv2d(x, dw) + db`.
/// The stride and padding are configuration, with no tangent.
///
/// **Panics** as [`conv`](fn@conv) does, or if a tangent is not shaped like its argument,
/// naming it.
///
/// ```
/// use adjoint_runtime::layers::{Conv2d, conv_jvp};
/// use ndarray::{Array1, Array4};
/// let layer = Conv2d { w: Array4::from_elem((1, 1, 1, 1), 2.0), b: Array1::zeros(1), stride: (1, 1), padding: (0, 0) };
/// let x = Array4::from_elem((1, 1, 1, 2), 3.0);
/// // moving the bias by 1 moves every output by 1; moving x by 1 moves them by w = 2
/// let d_layer = Conv2d { w: Array4::zeros((1, 1, 1, 1)), b: Array1::ones(1), ..layer.clone() };
/// let (y, dy) = conv_jvp(&layer, &x, Some(&d_layer), Some(&Array4::ones((1, 1, 1, 2))));
/// assert_eq!((y[[0, 0, 0, 1]], dy[[0, 0, 0, 1]]), (6.0, 3.0));
/// ```
#[track_caller]
pub fn conv_jvp<F, L, X>(
    layer: &L,
    x: &X,
    d_layer: Option<&Conv2d<F>>,
    dx: Option<&Array4<F>>,
) -> (Array4<F>, Array4<F>)
where
    F: Float,
    L: AsOperand<Target = Conv2d<F>> + ?Sized,
    X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
{
    let (layer, x) = (layer.as_operand(), x.as_operand());
    check_conv_tangents("conv_jvp", layer, x, d_layer, dx.map(|t| &**t));
    conv2d_jvp(
        x,
        &layer.w,
        &layer.b,
        dx.map(|dx| &**dx),
        d_layer.map(|d| &*d.w),
        d_layer.map(|d| &*d.b),
        layer.stride,
        layer.padding,
    )
}

/// **Panics** unless each tangent of [`conv`](fn@conv)'s arguments is shaped like its
/// argument, naming it and the rule `function`.
#[track_caller]
fn check_conv_tangents<F: Float>(
    function: &str,
    layer: &Conv2d<F>,
    x: &ArrayRef<F, Ix4>,
    d_layer: Option<&Conv2d<F>>,
    dx: Option<&ArrayRef<F, Ix4>>,
) {
    if let Some(d) = d_layer {
        assert_tangent_shape(function, "layer.w", layer.w.shape(), d.w.shape());
        assert_tangent_shape(function, "layer.b", layer.b.shape(), d.b.shape());
    }
    if let Some(dx) = dx {
        assert_tangent_shape(function, "x", x.shape(), dx.shape());
    }
}

/// The pullback of [`conv`](fn@conv): [`conv2d`](fn@conv2d)'s, its adjoints of `w` and `b`
/// gathered into a `Conv2d`.
#[doc(hidden)]
pub struct ConvPullback(Conv2dPullback);

impl ConvPullback {
    /// The adjoints of the layer and of `x`, each if asked for.
    #[track_caller]
    pub fn pullback<F, L, X>(
        self,
        (layer, x): (&L, &X),
        y: &Array4<F>,
        g: &Array4<F>,
        needs: [bool; 2],
    ) -> (Option<Conv2d<F>>, Option<Array4<F>>)
    where
        F: Float,
        L: AsOperand<Target = Conv2d<F>> + ?Sized,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        let layer = layer.as_operand();
        let args = (x, &layer.w, &layer.b, &layer.stride, &layer.padding);
        let wanted = [needs[1], needs[0], needs[0], false, false];
        let (dx, dw, db) = self.0.pullback(args, y, g, wanted);
        let d_layer = dw.zip(db).map(|(w, b)| Conv2d { w, b, ..*layer });
        (d_layer, dx)
    }

    /// The tangents of [`pullback`](Self::pullback)'s adjoints when the layer, `x` and `g`
    /// move along `d_layer`, `dx` and `dg` (forward over reverse; `None` is zero):
    /// [`conv2d`](fn@conv2d)'s ([`Conv2dPullback::pullback_jvp`]), the tangents of the
    /// adjoints of `w` and `b` gathered into a `Conv2d` with the layer's stride and padding.
    ///
    /// **Panics** if a tangent is not shaped like its argument, or `g` or `dg` like the output.
    #[track_caller]
    #[allow(clippy::type_complexity, clippy::too_many_arguments)]
    pub fn pullback_jvp<F, L, X>(
        &self,
        (layer, x): (&L, &X),
        y: &Array4<F>,
        g: &Array4<F>,
        (d_layer, dx): (Option<&Conv2d<F>>, Option<&ArrayRef<F, Ix4>>),
        dg: Option<&ArrayRef<F, Ix4>>,
        needs: [bool; 2],
    ) -> (Option<Conv2d<F>>, Option<Array4<F>>)
    where
        F: Float,
        L: AsOperand<Target = Conv2d<F>> + ?Sized,
        X: AsOperand<Target = ArrayRef<F, Ix4>> + ?Sized,
    {
        let layer = layer.as_operand();
        check_conv_tangents("conv pullback_jvp", layer, x.as_operand(), d_layer, dx);
        let args = (x, &layer.w, &layer.b, &layer.stride, &layer.padding);
        let tangents = (dx, d_layer.map(|d| &*d.w), d_layer.map(|d| &*d.b));
        let wanted = [needs[1], needs[0], needs[0], false, false];
        let (tx, tw, tb) = self.0.pullback_jvp(args, y, g, tangents, dg, wanted);
        let tangent_of_layer = tw.zip(tb).map(|(w, b)| Conv2d { w, b, ..*layer });
        (tangent_of_layer, tx)
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;
    use crate::check::check_vjp;
    use crate::init;

    /// The pullback against central differences of ⟨c, dense(layer, x)⟩, with both adjoints.
    #[test]
    fn pullback_matches_finite_differences() {
        let mut rng = init::rng(0);
        let layer = Dense::<f64>::with_init(3, 4, Init::XavierNormal, &mut rng);
        let layer = Dense {
            b: init::normal(4, 1.0, &mut rng),
            ..layer
        };
        let x: Array2<f64> = init::normal((5, 3), 1.0, &mut rng);
        let c: Array2<f64> = init::normal((5, 4), 1.0, &mut rng);
        let (y, pullback) = dense::__adjoint_forward(&layer, &x);
        let (d_layer, dx) = pullback.pullback((&&layer, &&x), &y, &c, [true, true]);
        let (d_layer, dx) = (d_layer.unwrap(), dx.unwrap());
        let f = |(layer, x): &(Dense<f64>, Array2<f64>)| dense(layer, x);
        check_vjp(f, &(layer, x), &c, &(d_layer, dx)).assert_ok();
    }

    #[test]
    fn pullback_in_f32_matches_finite_differences() {
        let mut rng = init::rng(1);
        let layer = Dense::<f32>::new(2, 3, &mut rng);
        let x: Array2<f32> = init::normal((4, 2), 1.0, &mut rng);
        let c: Array2<f32> = init::normal((4, 3), 1.0, &mut rng);
        let (y, pullback) = dense::__adjoint_forward(&layer, &x);
        let (d_layer, dx) = pullback.pullback((&&layer, &&x), &y, &c, [true, true]);
        let f = |(layer, x): &(Dense<f32>, Array2<f32>)| dense(layer, x);
        check_vjp(f, &(layer, x), &c, &(d_layer.unwrap(), dx.unwrap())).assert_ok();
    }

    /// y = x·w + b with x = [[1, 2]], w = [[1, 0, 1], [0, 1, 1]], b = [0, 0, 1]:
    /// y = [[1, 2, 4]]. With g = [[1, 1, 2]]: dw = xᵀg = [[1, 1, 2], [2, 2, 4]],
    /// db = g summed over rows = [1, 1, 2], dx = g·wᵀ = [[1 + 2, 1 + 2]] = [[3, 3]].
    #[test]
    fn gradients_by_hand() {
        let layer = Dense {
            w: array![[1.0_f64, 0.0, 1.0], [0.0, 1.0, 1.0]],
            b: array![0.0, 0.0, 1.0],
        };
        let x = array![[1.0, 2.0]];
        let (y, pullback) = dense::__adjoint_forward(&layer, &x);
        assert_eq!(y, array![[1.0, 2.0, 4.0]]);
        let g = array![[1.0, 1.0, 2.0]];
        let (d_layer, dx) = pullback.pullback((&&layer, &&x), &y, &g, [true, true]);
        let d_layer = d_layer.unwrap();
        assert_eq!(d_layer.w, array![[1.0, 1.0, 2.0], [2.0, 2.0, 4.0]]);
        assert_eq!(d_layer.b, array![1.0, 1.0, 2.0]);
        assert_eq!(dx.unwrap(), array![[3.0, 3.0]]);
    }

    /// The tangents of the adjoints, with x = [[1, 2]], w = I, g = [[1, 2]] moving along
    /// dx = [[1, 0]], dw = [[0, 1], [0, 0]], db = [5, 5] and dg = [[0, 1]]:
    /// x's is dg·wᵀ + g·dwᵀ = [[0, 1]] + [[2, 0]] = [[2, 1]]; w's is
    /// xᵀ·dg + dxᵀ·g = [[0, 1], [0, 2]] + [[1, 2], [0, 0]] = [[1, 3], [0, 2]]; b's is
    /// Σ_rows dg = [0, 1] (`db` enters none of them).
    #[test]
    fn tangents_of_the_adjoints_by_hand() {
        let layer = Dense {
            w: array![[1.0_f64, 0.0], [0.0, 1.0]],
            b: array![0.0, 0.0],
        };
        let d_layer = Dense {
            w: array![[0.0, 1.0], [0.0, 0.0]],
            b: array![5.0, 5.0],
        };
        let (x, dx) = (array![[1.0, 2.0]], array![[1.0, 0.0]]);
        let (g, dg) = (array![[1.0, 2.0]], array![[0.0, 1.0]]);
        let (y, pullback) = dense::__adjoint_forward(&layer, &x);
        let tangents = (Some(&d_layer), Some(&dx));
        let (t_layer, t_x) =
            pullback.pullback_jvp((&layer, &x), &y, &g, tangents, Some(&dg), [true, true]);
        let t_layer = t_layer.unwrap();
        assert_eq!(t_x.unwrap(), array![[2.0, 1.0]]);
        assert_eq!(t_layer.w, array![[1.0, 3.0], [0.0, 2.0]]);
        assert_eq!(t_layer.b, array![0.0, 1.0]);
        // Nothing moves: zeros, of the adjoints' shapes.
        let (t_layer, t_x) =
            pullback.pullback_jvp((&layer, &x), &y, &g, (None, None), None, [true, true]);
        assert_eq!(t_layer.unwrap(), layer.zeros_like());
        assert_eq!(t_x.unwrap(), x.zeros_like());
    }

    #[test]
    fn computes_only_the_adjoints_asked_for() {
        let layer = Dense::<f64>::zeros(2, 2);
        let x = array![[1.0, 2.0]];
        let (y, pullback) = dense::__adjoint_forward(&layer, &x);
        let (d_layer, dx) = pullback.pullback((&layer, &x.view()), &y, &y, [false, true]);
        assert!(d_layer.is_none() && dx.is_some());
        let (y, pullback) = dense::__adjoint_forward(&&layer, &x);
        let (d_layer, dx) = pullback.pullback((&&&layer, &x), &y, &y, [true, false]);
        assert!(d_layer.is_some() && dx.is_none());
    }

    #[test]
    fn params_paths_and_count() {
        let layer = Dense::<f32>::zeros(3, 2);
        let mut paths = Vec::new();
        layer.visit("hidden", &mut |path, leaf| {
            paths.push((path.to_owned(), leaf.len()))
        });
        assert_eq!(
            paths,
            [("hidden.w".to_owned(), 6), ("hidden.b".to_owned(), 2)]
        );
        assert_eq!(layer.num_params(), 8);
    }

    #[test]
    fn new_draws_he_normal_weights_and_zero_bias() {
        let layer = Dense::<f64>::new(3, 2, &mut init::rng(4));
        assert_eq!(layer.w, init::he_normal::<f64, _>(3, 2, &mut init::rng(4)));
        assert_eq!(layer.b, Array1::zeros(2));
    }

    #[test]
    #[should_panic(expected = "dense: `x` has shape [1, 3] but the layer takes 2 inputs")]
    fn wrong_input_width_panics_with_both_shapes() {
        let _ = dense(&Dense::<f64>::zeros(2, 4), &array![[1.0, 2.0, 3.0]]);
    }

    #[test]
    #[should_panic(expected = "the layer's `w` has shape [2, 4] but its `b` has 3 elements")]
    fn inconsistent_layer_panics() {
        let layer = Dense {
            w: Array2::<f64>::zeros((2, 4)),
            b: Array1::zeros(3),
        };
        let _ = dense(&layer, &array![[1.0, 2.0]]);
    }

    /// The layer's pullback against central differences, in f64 and f32, with stride and
    /// padding.
    #[test]
    fn conv_pullback_matches_finite_differences() {
        let mut rng = init::rng(5);
        let mut layer = Conv2d::<f64>::new(2, 3, (3, 3), &mut rng)
            .stride((2, 1))
            .padding((1, 2));
        layer.b = init::normal(3, 1.0, &mut rng);
        let x: Array4<f64> = init::normal((2, 2, 5, 4), 1.0, &mut rng);
        let (y, pullback) = conv::__adjoint_forward(&layer, &x);
        assert_eq!(y.shape(), [2, 3, 3, 6]);
        let c: Array4<f64> = init::normal(y.raw_dim(), 1.0, &mut rng);
        let (d_layer, dx) = pullback.pullback((&&layer, &&x), &y, &c, [true, true]);
        let d_layer = d_layer.unwrap();
        assert_eq!((d_layer.stride, d_layer.padding), ((2, 1), (1, 2)));
        let f = |(layer, x): &(Conv2d<f64>, Array4<f64>)| conv(layer, x);
        check_vjp(f, &(layer, x), &c, &(d_layer, dx.unwrap())).assert_ok();

        let layer = Conv2d::<f32>::new(1, 2, (2, 2), &mut rng).padding((1, 1));
        let x: Array4<f32> = init::normal((2, 1, 3, 3), 1.0, &mut rng);
        let (y, pullback) = conv::__adjoint_forward(&layer, &x);
        let c: Array4<f32> = init::normal(y.raw_dim(), 1.0, &mut rng);
        let (d_layer, dx) = pullback.pullback((&&layer, &&x), &y, &c, [true, true]);
        let f = |(layer, x): &(Conv2d<f32>, Array4<f32>)| conv(layer, x);
        check_vjp(f, &(layer, x), &c, &(d_layer.unwrap(), dx.unwrap())).assert_ok();
    }

    #[test]
    fn conv_computes_only_the_adjoints_asked_for() {
        let layer = Conv2d::<f64>::new(1, 2, (1, 1), &mut init::rng(0));
        let x = Array4::<f64>::ones((1, 1, 2, 2));
        let (y, pullback) = conv::__adjoint_forward(&layer, &x);
        let (d_layer, dx) = pullback.pullback((&layer, &x.view()), &y, &y, [false, true]);
        assert!(d_layer.is_none() && dx.is_some());
        let (y, pullback) = conv::__adjoint_forward(&&layer, &x);
        let (d_layer, dx) = pullback.pullback((&&&layer, &x), &y, &y, [true, false]);
        assert!(d_layer.is_some() && dx.is_none());
    }

    #[test]
    fn conv2d_params_skip_the_configuration() {
        let layer = Conv2d::<f32>::new(3, 4, (3, 3), &mut init::rng(2))
            .stride((2, 2))
            .padding((1, 1));
        let mut paths = Vec::new();
        layer.visit("conv", &mut |path, leaf| {
            paths.push((path.to_owned(), leaf.len()))
        });
        assert_eq!(
            paths,
            [("conv.w".to_owned(), 108), ("conv.b".to_owned(), 4)]
        );
        let zeros = layer.zeros_like();
        assert_eq!((zeros.stride, zeros.padding), ((2, 2), (1, 1)));
        assert_eq!(zeros.w.sum() + zeros.b.sum(), 0.0);
        assert!(layer.is_constant_field("stride") && layer.is_constant_field("padding"));
        assert!(!layer.is_constant_field("w"));
    }

    #[test]
    fn conv2d_new_draws_he_normal_kernels() {
        let layer = Conv2d::<f64>::new(8, 64, (3, 3), &mut init::rng(3));
        let n = layer.w.len() as f64;
        let variance = layer.w.iter().map(|w| w * w).sum::<f64>() / n;
        // He: variance 2 / fan_in = 2 / 72; 4608 draws put the estimate within 5%.
        assert!((variance * 36.0 - 1.0).abs() < 0.05, "{variance}");
        assert_eq!(layer.b, Array1::zeros(64));
    }

    #[test]
    #[should_panic(
        expected = "conv2d: `x` has shape [1, 2, 4, 4] (2 channels) but `w` has shape [4, 3, 3, 3]"
    )]
    fn conv_with_the_wrong_channels_panics() {
        let layer = Conv2d::<f64>::new(3, 4, (3, 3), &mut init::rng(0));
        let _ = conv(&layer, &Array4::zeros((1, 2, 4, 4)));
    }
}

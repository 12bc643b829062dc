//! Activation functions (`relu`, `leaky_relu`, `sigmoid`, `softmax`, `log_softmax`), and the
//! convolution, pooling and flattening of image batches (`conv2d`, `max_pool2d`, `avg_pool2d`,
//! `flatten`, whose rules live in [`crate::ops::conv`] and [`crate::ops::pool`]).
//!
//! Each is an ordinary function plus the hidden forward/pullback pair that
//! `#[differentiable]` calls, the same mechanism it generates for users' functions.

use ndarray::{Array, ArrayRef, ArrayView1, Axis, Dimension, Zip};

use crate::operand::{Elem, HasElem};
use crate::ops::binary::{self, BinaryOperands, BinaryOutput, LeakyRelu};
use crate::ops::unary::{self, Relu, Sigmoid, UnaryOperand, UnaryOutput, UnaryRule};
use crate::{AsOperand, Float, Operand, workspace};

pub use crate::ops::conv::conv2d;
pub use crate::ops::pool::{avg_pool2d, flatten, max_pool2d};

/// The pullback of an element-wise activation: it needs only the input and the output.
#[doc(hidden)]
pub struct ElementwisePullback<R>(R);

impl<R: UnaryRule> ElementwisePullback<R> {
    /// The adjoint of the input, if `needs[0]`.
    pub fn pullback<A: AsOperand + ?Sized>(
        self,
        (a,): (&A,),
        y: &UnaryOutput<A>,
        g: &UnaryOutput<A>,
        needs: [bool; 1],
    ) -> (Option<UnaryOutput<A>>,)
    where
        Operand<A>: UnaryOperand,
    {
        (needs[0].then(|| unary::vjp(&self.0, g, a, y)),)
    }
}

/// The rectified linear unit `max(x, 0)`, element-wise, on a float or an array.
///
/// Its derivative is `1` where `x > 0` and `0` elsewhere, including at `0`.
///
/// ```
/// use adjoint_runtime::relu;
/// use ndarray::array;
/// assert_eq!(relu(&array![-1.0, 0.0, 2.0]), array![0.0, 0.0, 2.0]);
/// assert_eq!(relu(&-3.0_f64), 0.0);
/// ```
pub fn relu<A: AsOperand + ?Sized>(a: &A) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    unary::forward(&Relu, a)
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct relu {}

impl relu {
    #[doc(hidden)]
    pub fn __adjoint_forward<A: AsOperand + ?Sized>(
        a: &A,
    ) -> (UnaryOutput<A>, ElementwisePullback<Relu>)
    where
        Operand<A>: UnaryOperand,
    {
        (unary::forward(&Relu, a), ElementwisePullback(Relu))
    }
}

/// The logistic sigmoid `1 / (1 + e⁻ˣ)`, element-wise, without overflow for any input.
///
/// Its derivative is `y·(1 − y)`.
///
/// ```
/// use adjoint_runtime::sigmoid;
/// use ndarray::array;
/// let y = sigmoid(&array![0.0_f32, 1e4, -1e4]);
/// assert_eq!(y, array![0.5, 1.0, 0.0]);
/// ```
pub fn sigmoid<A: AsOperand + ?Sized>(a: &A) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    unary::forward(&Sigmoid, a)
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct sigmoid {}

impl sigmoid {
    #[doc(hidden)]
    pub fn __adjoint_forward<A: AsOperand + ?Sized>(
        a: &A,
    ) -> (UnaryOutput<A>, ElementwisePullback<Sigmoid>)
    where
        Operand<A>: UnaryOperand,
    {
        (unary::forward(&Sigmoid, a), ElementwisePullback(Sigmoid))
    }
}

/// The leaky rectifier: `x` where `x > 0`, `alpha·x` elsewhere, element-wise.
///
/// Its derivative is `1` where `x > 0` and `alpha` elsewhere (including at 0); its derivative
/// in `alpha` is `x` where `x ≤ 0`, so a learned slope can be differentiated too.
///
/// ```
/// use adjoint_runtime::leaky_relu;
/// use ndarray::array;
/// assert_eq!(leaky_relu(&array![-2.0, 3.0], 0.5), array![-1.0, 3.0]);
/// ```
pub fn leaky_relu<A: AsOperand + ?Sized>(a: &A, alpha: Elem<A>) -> BinaryOutput<A, Elem<A>>
where
    Operand<A>: HasElem + BinaryOperands<Elem<A>>,
{
    binary::forward(&LeakyRelu, a, &alpha)
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct leaky_relu {}

impl leaky_relu {
    #[doc(hidden)]
    pub fn __adjoint_forward<A: AsOperand + ?Sized>(
        a: &A,
        alpha: Elem<A>,
    ) -> (BinaryOutput<A, Elem<A>>, LeakyReluPullback)
    where
        Operand<A>: HasElem + BinaryOperands<Elem<A>>,
    {
        (binary::forward(&LeakyRelu, a, &alpha), LeakyReluPullback)
    }
}

/// The pullback of [`leaky_relu`](fn@leaky_relu).
#[doc(hidden)]
pub struct LeakyReluPullback;

impl LeakyReluPullback {
    /// The adjoints of the input and of `alpha`, each if asked for.
    #[allow(clippy::type_complexity)]
    pub fn pullback<A: AsOperand + ?Sized>(
        self,
        (a, alpha): (&A, &Elem<A>),
        y: &BinaryOutput<A, Elem<A>>,
        g: &BinaryOutput<A, Elem<A>>,
        needs: [bool; 2],
    ) -> (
        Option<<Operand<A> as BinaryOperands<Elem<A>>>::LhsTangent>,
        Option<<Operand<A> as BinaryOperands<Elem<A>>>::RhsTangent>,
    )
    where
        Operand<A>: HasElem + BinaryOperands<Elem<A>>,
    {
        (
            needs[0].then(|| binary::vjp_lhs(&LeakyRelu, g, a, alpha, y)),
            needs[1].then(|| binary::vjp_rhs(&LeakyRelu, g, a, alpha, y)),
        )
    }
}

fn last_axis(ndim: usize) -> Axis {
    assert!(ndim > 0, "adjoint: softmax of a 0-dimensional array");
    Axis(ndim - 1)
}

/// The adjoint of a function applied along the last axis whose vector-Jacobian product is
/// `dxᵢ = element(yᵢ, gᵢ, s)`, with `s = summary(y, g)` one number per lane.
fn lanewise_vjp<F: Float, D: Dimension>(
    y: &Array<F, D>,
    g: &Array<F, D>,
    summary: impl Fn(ArrayView1<'_, F>, ArrayView1<'_, F>) -> F,
    element: impl Fn(F, F, F) -> F,
) -> Array<F, D> {
    crate::broadcast::assert_same_shape("adjoint of a softmax", y.shape(), g.shape());
    let axis = last_axis(y.ndim());
    let mut dx = workspace::zeros(y.raw_dim());
    Zip::from(dx.lanes_mut(axis))
        .and(y.lanes(axis))
        .and(g.lanes(axis))
        .for_each(|mut dx, y, g| {
            let s = summary(y, g);
            Zip::from(&mut dx)
                .and(&y)
                .and(&g)
                .for_each(|dx, &y, &g| *dx = element(y, g, s));
        });
    dx
}

/// `x − max(x)` along each lane, then `ln Σ e^(x − max)`, so that no exponential overflows.
fn log_sum_exp_lane<F: Float>(lane: ndarray::ArrayView1<'_, F>) -> F {
    let max = lane.fold(F::neg_infinity(), |m, &x| m.max(x));
    if !max.is_finite() {
        return max;
    }
    max + lane.fold(F::zero(), |s, &x| s + (x - max).exp()).ln()
}

/// The softmax along the last axis: `yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)`, computed with the log-sum-exp
/// shift so that logits of any magnitude give finite probabilities.
///
/// The vector-Jacobian product is `y ⊙ (g − Σ g⊙y)` along the same axis.
///
/// ```
/// use adjoint_runtime::softmax;
/// use ndarray::array;
/// let p = softmax(&array![[0.0_f32, 0.0], [1e4, 0.0]]);
/// assert_eq!(p, array![[0.5, 0.5], [1.0, 0.0]]);
/// ```
pub fn softmax<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
) -> Array<F, D> {
    let mut y = log_softmax(a);
    y.mapv_inplace(F::exp);
    y
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct softmax {}

impl softmax {
    #[doc(hidden)]
    pub fn __adjoint_forward<
        F: Float,
        D: Dimension,
        A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    >(
        a: &A,
    ) -> (Array<F, D>, SoftmaxPullback) {
        (softmax(a), SoftmaxPullback)
    }
}

/// The pullback of [`softmax`](fn@softmax).
#[doc(hidden)]
pub struct SoftmaxPullback;

impl SoftmaxPullback {
    /// The adjoint of the logits: `y ⊙ (g − Σ g⊙y)` along the last axis.
    pub fn pullback<F: Float, D: Dimension, A>(
        self,
        _: (&A,),
        y: &Array<F, D>,
        g: &Array<F, D>,
        needs: [bool; 1],
    ) -> (Option<Array<F, D>>,) {
        (needs[0].then(|| lanewise_vjp(y, g, |y, g| y.dot(&g), |y, g, dot| y * (g - dot))),)
    }
}

/// The logarithm of the softmax along the last axis: `yᵢ = xᵢ − ln Σⱼ e^(xⱼ)`, stable for
/// logits of any magnitude.
///
/// The vector-Jacobian product is `g − softmax(x)·Σ g` along the same axis.
///
/// ```
/// use adjoint_runtime::log_softmax;
/// use ndarray::array;
/// let y = log_softmax(&array![1e4_f64, 0.0]);
/// assert_eq!(y, array![0.0, -1e4]);
/// ```
pub fn log_softmax<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
) -> Array<F, D> {
    let x = a.as_operand();
    let axis = last_axis(x.ndim());
    let mut y = workspace::copy(x);
    for mut lane in y.lanes_mut(axis) {
        let lse = log_sum_exp_lane(lane.view());
        lane.mapv_inplace(|v| v - lse);
    }
    y
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct log_softmax {}

impl log_softmax {
    #[doc(hidden)]
    pub fn __adjoint_forward<
        F: Float,
        D: Dimension,
        A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    >(
        a: &A,
    ) -> (Array<F, D>, LogSoftmaxPullback) {
        (log_softmax(a), LogSoftmaxPullback)
    }
}

/// The pullback of [`log_softmax`](fn@log_softmax).
#[doc(hidden)]
pub struct LogSoftmaxPullback;

impl LogSoftmaxPullback {
    /// The adjoint of the logits: `g − e^y · Σ g` along the last axis.
    pub fn pullback<F: Float, D: Dimension, A>(
        self,
        _: (&A,),
        y: &Array<F, D>,
        g: &Array<F, D>,
        needs: [bool; 1],
    ) -> (Option<Array<F, D>>,) {
        (needs[0].then(|| lanewise_vjp(y, g, |_, g| g.sum(), |y, g, total| g - y.exp() * total)),)
    }
}

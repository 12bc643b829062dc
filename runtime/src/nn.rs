//! Activation functions (`relu`, `leaky_relu`, `sigmoid`, `softmax`, `log_softmax`), and the
//! convolution, pooling and flattening of image batches (`conv2d`, `max_pool2d`, `avg_pool2d`,
//! `flatten`, whose rules live in [`crate::ops::conv`] and [`crate::ops::pool`]).
//!
//! Each is an ordinary function plus the hidden entries that `#[differentiable]` calls (their
//! protocol is in the docs of the hidden module `private`): `__adjoint_forward`, the value and
//! a pullback, the same mechanism it generates for users' functions, and `__adjoint_jvp`, the
//! value and its tangent.
//!
//! Forward mode: each activation has a `NAME_jvp(inputs, y, tangents)` giving the output's
//! tangent, and each pullback a `pullback_jvp(inputs, y, g, tangents, dg, needs)` giving the
//! tangents of its adjoints when the inputs and the output's adjoint `g` move (forward over
//! reverse, for Hessian-vector products). A `None` tangent is zero.

use ndarray::{Array, ArrayRef, ArrayView1, Axis, Dimension, Zip};

use crate::broadcast::{assert_tangent_shape, assert_tangent_shaped_like};
use crate::operand::{Elem, HasElem, HasOwned, release};
use crate::ops::binary::{self, BinaryOperands, BinaryOutput, LeakyRelu, LhsTangent, RhsTangent};
use crate::ops::unary::{self, Relu, Sigmoid, Softplus, UnaryOperand, UnaryOutput, UnaryRule};
use crate::{AsOperand, Float, IntoOperand, Operand, Params, workspace};

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

    /// The tangent of the input's adjoint `g ⊙ f'(x)` when the input moves along `da` and `g`
    /// along `dg`: `dg ⊙ f'(x) + g ⊙ f''(x) ⊙ da` ([`unary::vjp_jvp`]).
    ///
    /// **Panics** if `g`, `da` or `dg` is not shaped like the input.
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn pullback_jvp<A: AsOperand + ?Sized>(
        &self,
        (a,): (&A,),
        y: &UnaryOutput<A>,
        g: &UnaryOutput<A>,
        (da,): (Option<&UnaryOutput<A>>,),
        dg: Option<&UnaryOutput<A>>,
        needs: [bool; 1],
    ) -> (Option<UnaryOutput<A>>,)
    where
        Operand<A>: UnaryOperand,
    {
        (needs[0].then(|| unary::vjp_jvp(&self.0, g, a, y, da, dg)),)
    }
}

/// The forward-over-reverse entry of an element-wise activation: `rule` applied again to the
/// argument, then its pullback's adjoint and that adjoint's tangent. `function` is the
/// forward-mode rule that a misshapen tangent is reported against.
#[track_caller]
#[allow(clippy::type_complexity)]
fn elementwise_hvp<R: UnaryRule, A: AsOperand + ?Sized>(
    rule: R,
    function: &str,
    args: (&A,),
    (da,): (Option<&UnaryOutput<A>>,),
    g: &UnaryOutput<A>,
    dg: Option<&UnaryOutput<A>>,
    needs: [bool; 1],
) -> ((Option<UnaryOutput<A>>,), (Option<UnaryOutput<A>>,))
where
    Operand<A>: UnaryOperand,
{
    let y = unary::forward(&rule, args.0);
    if let Some(da) = da {
        // An element-wise function's output is shaped like its input.
        assert_tangent_shaped_like(function, "a", &y, da);
    }
    let pullback = ElementwisePullback(rule);
    let tangents = pullback.pullback_jvp(args, &y, g, (da,), dg, needs);
    let adjoints = pullback.pullback(args, &y, g, needs);
    y.recycle();
    (adjoints, tangents)
}

/// The hidden entries through which `#[differentiable]` code calls an element-wise function of
/// one operand (`relu`, `sigmoid`, `softplus`): the forward pass with its pullback, the
/// forward-mode entry and the forward-over-reverse entry, all from the function's rule.
macro_rules! element_wise_entries {
    ($name:ident, $rule:ident, $jvp:ident) => {
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        pub struct $name {}

        impl $name {
            #[doc(hidden)]
            pub fn __adjoint_forward<A: IntoOperand>(
                a: A,
            ) -> (UnaryOutput<A>, ElementwisePullback<$rule>)
            where
                Operand<A>: UnaryOperand,
            {
                ($name(a), ElementwisePullback($rule))
            }

            /// The forward-mode entry: the function of `a` and its tangent, zeros without
            /// `da`.
            #[doc(hidden)]
            #[track_caller]
            pub fn __adjoint_jvp<A: IntoOperand>(
                a: A,
                (da,): (Option<&UnaryOutput<A>>,),
            ) -> (UnaryOutput<A>, UnaryOutput<A>)
            where
                Operand<A>: UnaryOperand,
            {
                // Borrowed: the tangent reads the input.
                let y = unary::forward(&$rule, &a);
                let dy = match da {
                    Some(da) => {
                        // An element-wise function's output is shaped like its input.
                        assert_tangent_shaped_like(stringify!($jvp), "a", &y, da);
                        $jvp(&a, &y, da)
                    }
                    None => y.zeros_like(),
                };
                release(a);
                (y, dy)
            }

            /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent
            /// `g`, and their tangents when the arguments move along `tangents` and `g` along
            /// `dg` ([`ElementwisePullback::pullback_jvp`]), the function computed again from
            /// the argument.
            ///
            /// **Panics** if `da`, `g` or `dg` is not shaped like the argument.
            #[doc(hidden)]
            #[track_caller]
            #[allow(clippy::type_complexity)]
            pub fn __adjoint_hvp<A: AsOperand + ?Sized>(
                args: (&A,),
                tangents: (Option<&UnaryOutput<A>>,),
                g: &UnaryOutput<A>,
                dg: Option<&UnaryOutput<A>>,
                needs: [bool; 1],
            ) -> ((Option<UnaryOutput<A>>,), (Option<UnaryOutput<A>>,))
            where
                Operand<A>: UnaryOperand,
            {
                elementwise_hvp($rule, stringify!($jvp), args, tangents, g, dg, needs)
            }
        }
    };
}

/// The rectified linear unit `max(x, 0)`, element-wise, on a float or an array.
///
/// Its derivative is `1` where `x > 0` and `0` elsewhere, including at `0`.
///
/// The operand is taken by reference (`relu(&h)`) or by value (`relu(h.view())`,
/// `relu(x.dot(&w) + &b)`); an owned array is overwritten with the result, so the sum in the
/// last form is the only array allocated.
///
/// ```
/// use adjoint_runtime::relu;
/// use ndarray::array;
/// assert_eq!(relu(&array![-1.0, 0.0, 2.0]), array![0.0, 0.0, 2.0]);
/// assert_eq!(relu(&-3.0_f64), 0.0);
/// let (x, b) = (array![[1.0, -2.0]], array![0.5, 0.5]);
/// assert_eq!(relu(&x + &b), array![[1.5, 0.0]]);
/// ```
pub fn relu<A: IntoOperand>(a: A) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    unary::forward_by_value(&Relu, a)
}

/// The tangent of `y = relu(x)` along `dx`: `dx` where `x > 0`, `0` elsewhere.
///
/// **Panics** if `dx` is not shaped like `x`.
///
/// ```
/// use adjoint_runtime::nn::{relu, relu_jvp};
/// use ndarray::array;
/// let x = array![-1.0, 2.0];
/// assert_eq!(relu_jvp(&x, &relu(&x), &array![5.0, 6.0]), array![0.0, 6.0]);
/// ```
#[track_caller]
pub fn relu_jvp<A: AsOperand>(x: A, y: &UnaryOutput<A>, dx: &UnaryOutput<A>) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    unary::jvp(&Relu, &x, y, dx)
}

element_wise_entries!(relu, Relu, relu_jvp);

/// The logistic sigmoid `1 / (1 + e⁻ˣ)`, element-wise, without overflow for any input.
///
/// Its derivative is `y·(1 − y)`.
///
/// The operand is taken by reference or by value, as [`relu`](fn@relu)'s: an owned array is
/// overwritten with the result.
///
/// ```
/// use adjoint_runtime::sigmoid;
/// use ndarray::array;
/// let y = sigmoid(&array![0.0_f32, 1e4, -1e4]);
/// assert_eq!(y, array![0.5, 1.0, 0.0]);
/// assert_eq!(sigmoid(y.view()), sigmoid(y));
/// ```
pub fn sigmoid<A: IntoOperand>(a: A) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    unary::forward_by_value(&Sigmoid, a)
}

/// The tangent of `y = sigmoid(x)` along `dx`: `y(1 − y)·dx`.
///
/// **Panics** if `dx` is not shaped like `x`.
///
/// ```
/// use adjoint_runtime::nn::{sigmoid, sigmoid_jvp};
/// let y = sigmoid(&0.0_f64);
/// assert_eq!(sigmoid_jvp(&0.0, &y, &2.0), 0.5);
/// ```
#[track_caller]
pub fn sigmoid_jvp<A: AsOperand>(x: A, y: &UnaryOutput<A>, dx: &UnaryOutput<A>) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    unary::jvp(&Sigmoid, &x, y, dx)
}

element_wise_entries!(sigmoid, Sigmoid, sigmoid_jvp);

/// The softplus `ln(1 + eˣ)`, element-wise, without overflow for any input: a smooth ReLU,
/// and the stable form of `x.exp().ln_1p()` (which is infinite from `x ≈ 710` on in `f64`,
/// `89` in `f32`). JAX's `logaddexp(0, x)`.
///
/// Its derivative is the sigmoid `σ(x)`. On arrays, the value and the derivative come from
/// vectorized kernels, within 3 ULP of the exact value.
///
/// The operand is taken by reference or by value, as [`relu`](fn@relu)'s: an owned array is
/// overwritten with the result.
///
/// ```
/// use adjoint_runtime::softplus;
/// use ndarray::array;
/// let y = softplus(&array![0.0_f64, 1e4, -1e4]);
/// assert!((y[0] - 2.0_f64.ln()).abs() < 1e-15);
/// assert_eq!((y[1], y[2]), (1e4, 0.0));
/// assert_eq!(softplus(y.view()), softplus(y));
/// ```
pub fn softplus<A: IntoOperand>(a: A) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    unary::forward_by_value(&Softplus, a)
}

/// The tangent of `y = softplus(x)` along `dx`: `σ(x)·dx`.
///
/// **Panics** if `dx` is not shaped like `x`.
///
/// ```
/// use adjoint_runtime::nn::{softplus, softplus_jvp};
/// let y = softplus(&0.0_f64);
/// assert_eq!(softplus_jvp(&0.0, &y, &2.0), 1.0);
/// ```
#[track_caller]
pub fn softplus_jvp<A: AsOperand>(x: A, y: &UnaryOutput<A>, dx: &UnaryOutput<A>) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    unary::jvp(&Softplus, &x, y, dx)
}

element_wise_entries!(softplus, Softplus, softplus_jvp);

/// The leaky rectifier: `x` where `x > 0`, `alpha·x` elsewhere, element-wise.
///
/// Its derivative is `1` where `x > 0` and `alpha` elsewhere (including at 0); its derivative
/// in `alpha` is `x` where `x ≤ 0`, so a learned slope can be differentiated too.
///
/// The operand is taken by reference or by value (`leaky_relu(h.view(), 0.1)`).
///
/// ```
/// use adjoint_runtime::leaky_relu;
/// use ndarray::array;
/// assert_eq!(leaky_relu(&array![-2.0, 3.0], 0.5), array![-1.0, 3.0]);
/// assert_eq!(leaky_relu(array![-2.0, 3.0].view(), 0.5), array![-1.0, 3.0]);
/// ```
pub fn leaky_relu<A: IntoOperand>(a: A, alpha: Elem<A>) -> BinaryOutput<A, Elem<A>>
where
    Operand<A>: HasElem + HasOwned + BinaryOperands<Elem<A>>,
{
    let y = binary::forward(&LeakyRelu, &a, &alpha);
    release(a);
    y
}

/// The tangent of `y = leaky_relu(x, alpha)` along `dx` and `dalpha` (`None` is zero): `dx`
/// where `x > 0`, `alpha·dx + x·dalpha` elsewhere.
///
/// **Panics** if `dx` is not shaped like `x`.
///
/// ```
/// use adjoint_runtime::nn::{leaky_relu, leaky_relu_jvp};
/// use ndarray::array;
/// let x = array![-2.0, 3.0];
/// let y = leaky_relu(&x, 0.5);
/// let dy = leaky_relu_jvp(&x, 0.5, &y, Some(&array![1.0, 1.0]), Some(&0.25));
/// assert_eq!(dy, array![0.5 - 0.5, 1.0]);
/// ```
#[track_caller]
pub fn leaky_relu_jvp<A: AsOperand>(
    x: A,
    alpha: Elem<A>,
    y: &BinaryOutput<A, Elem<A>>,
    dx: Option<&LhsTangent<A, Elem<A>>>,
    dalpha: Option<&RhsTangent<A, Elem<A>>>,
) -> BinaryOutput<A, Elem<A>>
where
    Operand<A>: HasElem + BinaryOperands<Elem<A>>,
{
    binary::jvp(&LeakyRelu, &x, &alpha, y, dx, dalpha)
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct leaky_relu {}

impl leaky_relu {
    #[doc(hidden)]
    pub fn __adjoint_forward<A: IntoOperand>(
        a: A,
        alpha: Elem<A>,
    ) -> (BinaryOutput<A, Elem<A>>, LeakyReluPullback)
    where
        Operand<A>: HasElem + HasOwned + BinaryOperands<Elem<A>>,
    {
        (leaky_relu(a, alpha), LeakyReluPullback)
    }

    /// The forward-mode entry: `leaky_relu(a, alpha)` and its tangent ([`leaky_relu_jvp`]).
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_jvp<A: IntoOperand>(
        a: A,
        alpha: Elem<A>,
        (da, dalpha): (
            Option<&LhsTangent<A, Elem<A>>>,
            Option<&RhsTangent<A, Elem<A>>>,
        ),
    ) -> (BinaryOutput<A, Elem<A>>, BinaryOutput<A, Elem<A>>)
    where
        Operand<A>: HasElem + HasOwned + BinaryOperands<Elem<A>>,
    {
        let y = leaky_relu(&a, alpha);
        if let Some(da) = da {
            // `alpha` is a float, so the output is shaped like `a`.
            assert_tangent_shaped_like("leaky_relu_jvp", "a", &y, da);
        }
        let dy = leaky_relu_jvp(&a, alpha, &y, da, dalpha);
        release(a);
        (y, dy)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`LeakyReluPullback::pullback_jvp`]), `leaky_relu` computed again from the arguments.
    ///
    /// **Panics** if a tangent is not shaped like its argument, or `g` or `dg` like the output.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<A: AsOperand + ?Sized>(
        args: (&A, &Elem<A>),
        (da, dalpha): (
            Option<&LhsTangent<A, Elem<A>>>,
            Option<&RhsTangent<A, Elem<A>>>,
        ),
        g: &BinaryOutput<A, Elem<A>>,
        dg: Option<&BinaryOutput<A, Elem<A>>>,
        needs: [bool; 2],
    ) -> (
        (
            Option<LhsTangent<A, Elem<A>>>,
            Option<RhsTangent<A, Elem<A>>>,
        ),
        (
            Option<LhsTangent<A, Elem<A>>>,
            Option<RhsTangent<A, Elem<A>>>,
        ),
    )
    where
        Operand<A>: HasElem + BinaryOperands<Elem<A>>,
    {
        let (a, alpha) = args;
        let y = binary::forward(&LeakyRelu, a, alpha);
        if let Some(da) = da {
            // `alpha` is a float, so the output is shaped like `a`.
            assert_tangent_shaped_like("leaky_relu_jvp", "a", &y, da);
        }
        let tangents = LeakyReluPullback.pullback_jvp(args, &y, g, (da, dalpha), dg, needs);
        let adjoints = LeakyReluPullback.pullback(args, &y, g, needs);
        y.recycle();
        (adjoints, tangents)
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

    /// The tangents of the adjoints of the input and of `alpha` when the input, `alpha` and
    /// `g` move along `da`, `dalpha` and `dg` ([`binary::vjp_lhs_jvp`], [`binary::vjp_rhs_jvp`]).
    ///
    /// **Panics** if a tangent is misshapen.
    #[track_caller]
    #[allow(clippy::type_complexity, clippy::too_many_arguments)]
    pub fn pullback_jvp<A: AsOperand + ?Sized>(
        &self,
        (a, alpha): (&A, &Elem<A>),
        y: &BinaryOutput<A, Elem<A>>,
        g: &BinaryOutput<A, Elem<A>>,
        (da, dalpha): (
            Option<&LhsTangent<A, Elem<A>>>,
            Option<&RhsTangent<A, Elem<A>>>,
        ),
        dg: Option<&BinaryOutput<A, Elem<A>>>,
        needs: [bool; 2],
    ) -> (
        Option<LhsTangent<A, Elem<A>>>,
        Option<RhsTangent<A, Elem<A>>>,
    )
    where
        Operand<A>: HasElem + BinaryOperands<Elem<A>>,
    {
        (
            needs[0].then(|| binary::vjp_lhs_jvp(&LeakyRelu, g, a, alpha, y, da, dalpha, dg)),
            needs[1].then(|| binary::vjp_rhs_jvp(&LeakyRelu, g, a, alpha, y, da, dalpha, dg)),
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
    g: &ArrayRef<F, D>,
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

/// `out = f(y, g, dy, dg)` lane by lane along the last axis, a missing tangent read as zeros:
/// the tangents of the softmaxes' adjoints.
#[allow(clippy::type_complexity)]
fn lanewise_tangent<F: Float, D: Dimension>(
    y: &Array<F, D>,
    g: &Array<F, D>,
    dy: Option<&Array<F, D>>,
    dg: Option<&ArrayRef<F, D>>,
    lane: impl Fn(
        ArrayView1<'_, F>,
        ArrayView1<'_, F>,
        ArrayView1<'_, F>,
        ArrayView1<'_, F>,
        ndarray::ArrayViewMut1<'_, F>,
    ),
) -> Array<F, D> {
    crate::broadcast::assert_same_shape("adjoint of a softmax: `g`", y.shape(), g.shape());
    if let Some(dg) = dg {
        crate::broadcast::assert_same_shape("adjoint of a softmax: `dg`", y.shape(), dg.shape());
    }
    let axis = last_axis(y.ndim());
    let zeros = workspace::zeros(y.raw_dim());
    let dy = dy.unwrap_or(&zeros).view();
    let dg = dg.map_or_else(|| zeros.view(), |dg| dg.view());
    let mut out = workspace::zeros(y.raw_dim());
    Zip::from(out.lanes_mut(axis))
        .and(y.lanes(axis))
        .and(g.lanes(axis))
        .and(dy.lanes(axis))
        .and(dg.lanes(axis))
        .for_each(|out, y, g, dy, dg| lane(y, g, dy, dg, out));
    workspace::recycle_array(zeros);
    out
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
/// The logits are taken by reference or by value; an owned array is overwritten with the
/// probabilities.
///
/// ```
/// use adjoint_runtime::softmax;
/// use ndarray::array;
/// let p = softmax(&array![[0.0_f32, 0.0], [1e4, 0.0]]);
/// assert_eq!(p, array![[0.5, 0.5], [1.0, 0.0]]);
/// let z = array![0.0, 1.0] + 1.0;
/// assert_eq!(softmax(z.view()), softmax(z));
/// ```
pub fn softmax<F: Float, D: Dimension, A: IntoOperand<Target = ArrayRef<F, D>>>(
    a: A,
) -> Array<F, D> {
    let mut y = log_softmax(a);
    y.mapv_inplace(F::exp);
    y
}

/// The tangent of `y = softmax(x)` along `dx`: `y ⊙ (dx − Σ y⊙dx)` along the last axis.
///
/// **Panics** if `dx` is not shaped like `x`.
///
/// ```
/// use adjoint_runtime::nn::{softmax, softmax_jvp};
/// use ndarray::array;
/// let x = array![0.0_f64, 0.0];
/// let y = softmax(&x);
/// // raising one logit by 1 moves its probability by ¼ and the other's by −¼
/// assert_eq!(softmax_jvp(&x, &y, &array![1.0, 0.0]), array![0.25, -0.25]);
/// ```
#[track_caller]
pub fn softmax_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>>>(
    x: A,
    y: &Array<F, D>,
    dx: &ArrayRef<F, D>,
) -> Array<F, D> {
    crate::broadcast::assert_same_shape("softmax_jvp: `dx`", x.as_operand().shape(), dx.shape());
    // The adjoint's lanes, the Jacobian diag(y) − y yᵀ being symmetric.
    lanewise_vjp(y, dx, |y, dx| y.dot(&dx), |y, dx, dot| y * (dx - dot))
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct softmax {}

impl softmax {
    #[doc(hidden)]
    pub fn __adjoint_forward<F: Float, D: Dimension, A: IntoOperand<Target = ArrayRef<F, D>>>(
        a: A,
    ) -> (Array<F, D>, SoftmaxPullback) {
        (softmax(a), SoftmaxPullback)
    }

    /// The forward-mode entry: `softmax(a)` and its tangent ([`softmax_jvp`]), zeros without
    /// `da`.
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_jvp<F: Float, D: Dimension, A: IntoOperand<Target = ArrayRef<F, D>>>(
        a: A,
        (da,): (Option<&Array<F, D>>,),
    ) -> (Array<F, D>, Array<F, D>) {
        let y = softmax(&a);
        let dy = match da {
            Some(da) => {
                assert_tangent_shape("softmax_jvp", "a", a.as_operand().shape(), da.shape());
                softmax_jvp(&a, &y, da)
            }
            None => workspace::zeros(y.raw_dim()),
        };
        release(a);
        (y, dy)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`SoftmaxPullback::pullback_jvp`]), `softmax` computed again from the logits.
    ///
    /// **Panics** if `da`, `g` or `dg` is not shaped like the logits.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        args: (&A,),
        (da,): (Option<&Array<F, D>>,),
        g: &Array<F, D>,
        dg: Option<&Array<F, D>>,
        needs: [bool; 1],
    ) -> ((Option<Array<F, D>>,), (Option<Array<F, D>>,)) {
        let a = args.0;
        if let Some(da) = da {
            assert_tangent_shape("softmax_jvp", "a", a.as_operand().shape(), da.shape());
        }
        let y = softmax(a);
        let tangents =
            SoftmaxPullback.pullback_jvp(args, &y, g, (da.map(|t| &**t),), dg.map(|t| &**t), needs);
        let adjoints = SoftmaxPullback.pullback(args, &y, g, needs);
        workspace::recycle_array(y);
        (adjoints, tangents)
    }
}

/// The pullback of [`softmax`](fn@softmax).
#[doc(hidden)]
pub struct SoftmaxPullback;

impl SoftmaxPullback {
    /// The adjoint of the logits: `y ⊙ (g − Σ g⊙y)` along the last axis.
    pub fn pullback<F: Float, D: Dimension, A: ?Sized>(
        self,
        _: (&A,),
        y: &Array<F, D>,
        g: &Array<F, D>,
        needs: [bool; 1],
    ) -> (Option<Array<F, D>>,) {
        (needs[0].then(|| lanewise_vjp(y, g, |y, g| y.dot(&g), |y, g, dot| y * (g - dot))),)
    }

    /// The tangent of the logits' adjoint `v = y ⊙ (g − s)`, `s = Σ g⊙y`, when the logits
    /// move along `da` and `g` along `dg`: with `dy` the softmax's tangent,
    /// `dv = dy ⊙ (g − s) + y ⊙ (dg − Σ dg⊙y − Σ g⊙dy)` along the last axis.
    ///
    /// **Panics** if `g`, `da` or `dg` is not shaped like the output.
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn pullback_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        &self,
        (a,): (&A,),
        y: &Array<F, D>,
        g: &Array<F, D>,
        (da,): (Option<&ArrayRef<F, D>>,),
        dg: Option<&ArrayRef<F, D>>,
        needs: [bool; 1],
    ) -> (Option<Array<F, D>>,) {
        (needs[0].then(|| {
            let dy = da.map(|da| softmax_jvp(a, y, da));
            let dv = lanewise_tangent(y, g, dy.as_ref(), dg, |y, g, dy, dg, mut out| {
                let (s, ds) = (g.dot(&y), dg.dot(&y) + g.dot(&dy));
                Zip::from(&mut out)
                    .and(&y)
                    .and(&g)
                    .and(&dy)
                    .and(&dg)
                    .for_each(|o, &y, &g, &dy, &dg| *o = dy * (g - s) + y * (dg - ds));
            });
            if let Some(dy) = dy {
                workspace::recycle_array(dy);
            }
            dv
        }),)
    }
}

/// The logarithm of the softmax along the last axis: `yᵢ = xᵢ − ln Σⱼ e^(xⱼ)`, stable for
/// logits of any magnitude.
///
/// The vector-Jacobian product is `g − softmax(x)·Σ g` along the same axis.
///
/// The logits are taken by reference or by value; an owned array is overwritten with the
/// result.
///
/// ```
/// use adjoint_runtime::log_softmax;
/// use ndarray::array;
/// let y = log_softmax(&array![1e4_f64, 0.0]);
/// assert_eq!(y, array![0.0, -1e4]);
/// assert_eq!(log_softmax(y.view()), log_softmax(y));
/// ```
pub fn log_softmax<F: Float, D: Dimension, A: IntoOperand<Target = ArrayRef<F, D>>>(
    a: A,
) -> Array<F, D> {
    let axis = last_axis(a.as_operand().ndim());
    let mut y = match a.into_owned_operand() {
        Ok(owned) => owned,
        Err(a) => workspace::copy(a.as_operand()),
    };
    for mut lane in y.lanes_mut(axis) {
        let lse = log_sum_exp_lane(lane.view());
        lane.mapv_inplace(|v| v - lse);
    }
    y
}

/// The tangent of `y = log_softmax(x)` along `dx`: `dx − Σ softmax(x)⊙dx` along the last
/// axis.
///
/// **Panics** if `dx` is not shaped like `x`.
///
/// ```
/// use adjoint_runtime::nn::{log_softmax, log_softmax_jvp};
/// use ndarray::array;
/// let x = array![0.0_f64, 0.0];
/// let y = log_softmax(&x);
/// assert_eq!(log_softmax_jvp(&x, &y, &array![1.0, 0.0]), array![0.5, -0.5]);
/// ```
#[track_caller]
pub fn log_softmax_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>>>(
    x: A,
    y: &Array<F, D>,
    dx: &ArrayRef<F, D>,
) -> Array<F, D> {
    crate::broadcast::assert_same_shape(
        "log_softmax_jvp: `dx`",
        x.as_operand().shape(),
        dx.shape(),
    );
    lanewise_vjp(
        y,
        dx,
        |y, dx| y.mapv(F::exp).dot(&dx),
        |_, dx, mean| dx - mean,
    )
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct log_softmax {}

impl log_softmax {
    #[doc(hidden)]
    pub fn __adjoint_forward<F: Float, D: Dimension, A: IntoOperand<Target = ArrayRef<F, D>>>(
        a: A,
    ) -> (Array<F, D>, LogSoftmaxPullback) {
        (log_softmax(a), LogSoftmaxPullback)
    }

    /// The forward-mode entry: `log_softmax(a)` and its tangent ([`log_softmax_jvp`]), zeros without
    /// `da`.
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_jvp<F: Float, D: Dimension, A: IntoOperand<Target = ArrayRef<F, D>>>(
        a: A,
        (da,): (Option<&Array<F, D>>,),
    ) -> (Array<F, D>, Array<F, D>) {
        let y = log_softmax(&a);
        let dy = match da {
            Some(da) => {
                assert_tangent_shape("log_softmax_jvp", "a", a.as_operand().shape(), da.shape());
                log_softmax_jvp(&a, &y, da)
            }
            None => workspace::zeros(y.raw_dim()),
        };
        release(a);
        (y, dy)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`LogSoftmaxPullback::pullback_jvp`]), `log_softmax` computed again from the logits.
    ///
    /// **Panics** if `da`, `g` or `dg` is not shaped like the logits.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        args: (&A,),
        (da,): (Option<&Array<F, D>>,),
        g: &Array<F, D>,
        dg: Option<&Array<F, D>>,
        needs: [bool; 1],
    ) -> ((Option<Array<F, D>>,), (Option<Array<F, D>>,)) {
        let a = args.0;
        if let Some(da) = da {
            assert_tangent_shape("log_softmax_jvp", "a", a.as_operand().shape(), da.shape());
        }
        let y = log_softmax(a);
        let tangents = LogSoftmaxPullback.pullback_jvp(
            args,
            &y,
            g,
            (da.map(|t| &**t),),
            dg.map(|t| &**t),
            needs,
        );
        let adjoints = LogSoftmaxPullback.pullback(args, &y, g, needs);
        workspace::recycle_array(y);
        (adjoints, tangents)
    }
}

/// The pullback of [`log_softmax`](fn@log_softmax).
#[doc(hidden)]
pub struct LogSoftmaxPullback;

impl LogSoftmaxPullback {
    /// The adjoint of the logits: `g − e^y · Σ g` along the last axis.
    pub fn pullback<F: Float, D: Dimension, A: ?Sized>(
        self,
        _: (&A,),
        y: &Array<F, D>,
        g: &Array<F, D>,
        needs: [bool; 1],
    ) -> (Option<Array<F, D>>,) {
        (needs[0].then(|| lanewise_vjp(y, g, |_, g| g.sum(), |y, g, total| g - y.exp() * total)),)
    }

    /// The tangent of the logits' adjoint `v = g − p·Σg`, `p = e^y`, when the logits move
    /// along `da` and `g` along `dg`: `dv = dg − p ⊙ dy·Σg − p·Σdg` along the last axis, `dy`
    /// being the log-softmax's tangent (so that `dp = p ⊙ dy`).
    ///
    /// **Panics** if `g`, `da` or `dg` is not shaped like the output.
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn pullback_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        &self,
        (a,): (&A,),
        y: &Array<F, D>,
        g: &Array<F, D>,
        (da,): (Option<&ArrayRef<F, D>>,),
        dg: Option<&ArrayRef<F, D>>,
        needs: [bool; 1],
    ) -> (Option<Array<F, D>>,) {
        (needs[0].then(|| {
            let dy = da.map(|da| log_softmax_jvp(a, y, da));
            let dv = lanewise_tangent(y, g, dy.as_ref(), dg, |y, g, dy, dg, mut out| {
                let (total, d_total) = (g.sum(), dg.sum());
                Zip::from(&mut out)
                    .and(&y)
                    .and(&dy)
                    .and(&dg)
                    .for_each(|o, &y, &dy, &dg| {
                        let p = y.exp();
                        *o = dg - p * dy * total - p * d_total;
                    });
            });
            if let Some(dy) = dy {
                workspace::recycle_array(dy);
            }
            dv
        }),)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Params;
    use crate::check::check_jvp;
    use crate::ops::test_support::{TWO, assert_passes, like, number, or_zero, pattern};
    use ndarray::{Array1, Array2, Array3};

    /// An element-wise activation's tangent and its pullback's tangent at `x` (kept away from
    /// 0, relu's kink), against central differences.
    fn check_elementwise<R: UnaryRule, P>(rule: impl Fn() -> R, name: &str, x: &P)
    where
        P: AsOperand + Params + Clone,
        Operand<P>: UnaryOperand<Output = P>,
    {
        let x = like(x, -0.5, 1);
        let dx = like(&x, -0.5, 2);
        let y = unary::forward(&rule(), &x);
        let (g, dg) = (like(&y, -0.5, 3), like(&y, -0.5, 4));
        let exact = unary::jvp(&rule(), &x, &y, &dx);
        let report = check_jvp(|x: &P| unary::forward(&rule(), x), &x, &dx, &exact);
        assert_passes(&format!("{name}_jvp"), report);
        let pullback = ElementwisePullback(rule());
        for (px, pg) in TWO {
            let (tx, tg) = (px.then_some(&dx), pg.then_some(&dg));
            let exact = pullback
                .pullback_jvp((&x,), &y, &g, (tx,), tg, [true])
                .0
                .unwrap();
            let f = |(x, g): &(P, P)| {
                let y = unary::forward(&rule(), x);
                ElementwisePullback(rule())
                    .pullback((x,), &y, g, [true])
                    .0
                    .unwrap()
            };
            let direction = (or_zero(px, &dx), or_zero(pg, &dg));
            let report = check_jvp(f, &(x.clone(), g.clone()), &direction, &exact);
            assert_passes(&format!("{name} pullback_jvp along ({px}, {pg})"), report);
        }
    }

    fn elementwise_tangents_match_differences<F: Float>() {
        check_elementwise(|| Relu, "relu", &F::zero());
        check_elementwise(|| Relu, "relu", &Array2::<F>::zeros((2, 3)));
        check_elementwise(|| Sigmoid, "sigmoid", &F::zero());
        check_elementwise(|| Sigmoid, "sigmoid", &Array1::<F>::zeros(4));
        check_elementwise(|| Softplus, "softplus", &F::zero());
        check_elementwise(|| Softplus, "softplus", &Array2::<F>::zeros((3, 5)));
        // The public names are the rules.
        let x = pattern::<F, _>((2, 3), -0.5, 1);
        let dx = pattern::<F, _>((2, 3), -0.5, 2);
        assert_eq!(
            relu_jvp(&x, &relu(&x), &dx),
            unary::jvp(&Relu, &x, &relu(&x), &dx)
        );
        let y = sigmoid(&x);
        assert_eq!(sigmoid_jvp(&x, &y, &dx), unary::jvp(&Sigmoid, &x, &y, &dx));
        let y = softplus(&x);
        assert_eq!(
            softplus_jvp(&x, &y, &dx),
            unary::jvp(&Softplus, &x, &y, &dx)
        );
    }

    #[test]
    fn elementwise_tangents_match_differences_f64() {
        elementwise_tangents_match_differences::<f64>();
    }

    #[test]
    fn elementwise_tangents_match_differences_f32() {
        elementwise_tangents_match_differences::<f32>();
    }

    fn leaky_relu_tangents_match_differences<F: Float>() {
        let x = pattern::<F, _>((2, 3), -0.5, 1);
        let dx = pattern::<F, _>((2, 3), -0.5, 2);
        let (alpha, dalpha) = (number::<F>(0.1, 1), number::<F>(-0.5, 2));
        let y = leaky_relu(&x, alpha);
        let (g, dg) = (like(&y, -0.5, 3), like(&y, -0.5, 4));
        for (px, pa) in TWO {
            let (tx, ta) = (px.then_some(&dx), pa.then_some(&dalpha));
            let along = format!("along (dx, dalpha) present = ({px}, {pa})");
            let direction = (or_zero(px, &dx), or_zero(pa, &dalpha));
            let point = (x.clone(), alpha);
            let exact = leaky_relu_jvp(&x, alpha, &y, tx, ta);
            let f = |(x, alpha): &(Array2<F>, F)| leaky_relu(x, *alpha);
            assert_passes(
                &format!("leaky_relu_jvp {along}"),
                check_jvp(f, &point, &direction, &exact),
            );
            for pg in [true, false] {
                let tg = pg.then_some(&dg);
                let (ex, ea) = LeakyReluPullback.pullback_jvp(
                    (&x, &alpha),
                    &y,
                    &g,
                    (tx, ta),
                    tg,
                    [true, true],
                );
                let f = |(x, alpha, g): &(Array2<F>, F, Array2<F>)| {
                    let y = leaky_relu(x, *alpha);
                    let (dx, da) = LeakyReluPullback.pullback((x, alpha), &y, g, [true, true]);
                    (dx.unwrap(), da.unwrap())
                };
                let point = (x.clone(), alpha, g.clone());
                let direction = (direction.0.clone(), direction.1, or_zero(pg, &dg));
                let report = check_jvp(f, &point, &direction, &(ex.unwrap(), ea.unwrap()));
                assert_passes(&format!("leaky_relu pullback_jvp {along}, dg {pg}"), report);
            }
        }
    }

    #[test]
    fn leaky_relu_tangents_match_differences_f64() {
        leaky_relu_tangents_match_differences::<f64>();
    }

    #[test]
    fn leaky_relu_tangents_match_differences_f32() {
        leaky_relu_tangents_match_differences::<f32>();
    }

    /// The softmaxes' tangents and their pullbacks' tangents, for every combination of present
    /// tangents, on arrays of one to three axes.
    fn softmax_tangents_match_differences<F: Float, D: Dimension>(shape: Array<F, D>)
    where
        Array<F, D>: Params<Elem = F> + Clone,
    {
        let x = like(&shape, -1.0, 1).mapv(|v| v * F::from_f64_lossy(3.0));
        let dx = like(&x, -0.5, 2);
        let (g, dg) = (like(&x, -0.5, 3), like(&x, -0.5, 4));
        let what = format!("shape {:?}", x.shape());
        let y = softmax(&x);
        let exact = softmax_jvp(&x, &y, &dx);
        let f = |x: &Array<F, D>| softmax(x);
        assert_passes(
            &format!("softmax_jvp on {what}"),
            check_jvp(f, &x, &dx, &exact),
        );
        let z = log_softmax(&x);
        let exact = log_softmax_jvp(&x, &z, &dx);
        let f = |x: &Array<F, D>| log_softmax(x);
        assert_passes(
            &format!("log_softmax_jvp on {what}"),
            check_jvp(f, &x, &dx, &exact),
        );
        for (px, pg) in TWO {
            let (tx, tg) = (px.then_some(&*dx), pg.then_some(&*dg));
            let along = format!("{what} along (dx, dg) present = ({px}, {pg})");
            let point = (x.clone(), g.clone());
            let direction = (or_zero(px, &dx), or_zero(pg, &dg));
            let exact = SoftmaxPullback
                .pullback_jvp((&x,), &y, &g, (tx,), tg, [true])
                .0
                .unwrap();
            let f = |(x, g): &(Array<F, D>, Array<F, D>)| {
                SoftmaxPullback
                    .pullback((x,), &softmax(x), g, [true])
                    .0
                    .unwrap()
            };
            let report = check_jvp(f, &point, &direction, &exact);
            assert_passes(&format!("softmax pullback_jvp on {along}"), report);
            let exact = LogSoftmaxPullback
                .pullback_jvp((&x,), &z, &g, (tx,), tg, [true])
                .0
                .unwrap();
            let f = |(x, g): &(Array<F, D>, Array<F, D>)| {
                LogSoftmaxPullback
                    .pullback((x,), &log_softmax(x), g, [true])
                    .0
                    .unwrap()
            };
            let report = check_jvp(f, &point, &direction, &exact);
            assert_passes(&format!("log_softmax pullback_jvp on {along}"), report);
        }
    }

    #[test]
    fn softmax_tangents_match_differences_f64() {
        softmax_tangents_match_differences(Array1::<f64>::zeros(4));
        softmax_tangents_match_differences(Array2::<f64>::zeros((3, 4)));
        softmax_tangents_match_differences(Array3::<f64>::zeros((2, 2, 3)));
    }

    #[test]
    fn softmax_tangents_match_differences_f32() {
        softmax_tangents_match_differences(Array1::<f32>::zeros(4));
        softmax_tangents_match_differences(Array2::<f32>::zeros((3, 4)));
    }

    /// An owned operand's memory becomes the output (in row-major and transposed layouts); a
    /// reference or a view leaves its array as it was; the values are the same either way.
    fn owned_operands_are_reused<F: Float>() {
        let rows = pattern::<F, _>((3, 4), -1.0, 1);
        for x in [rows.clone(), rows.reversed_axes()] {
            type Case<F> = (&'static str, fn(Array2<F>) -> Array2<F>, Array2<F>);
            let by_value: [Case<F>; 6] = [
                ("relu", |a| relu(a), relu(&x)),
                ("sigmoid", |a| sigmoid(a), sigmoid(&x)),
                ("softmax", |a| softmax(a), softmax(&x)),
                ("log_softmax", |a| log_softmax(a), log_softmax(&x)),
                (
                    "relu's forward entry",
                    |a| relu::__adjoint_forward(a).0,
                    relu(&x),
                ),
                (
                    "sigmoid's forward entry",
                    |a| sigmoid::__adjoint_forward(a).0,
                    sigmoid(&x),
                ),
            ];
            for (name, f, by_reference) in by_value {
                let owned = x.clone();
                let at = owned.as_ptr();
                let y = f(owned);
                assert_eq!(y.as_ptr(), at, "{name} did not compute in its operand");
                assert_eq!(y, by_reference, "{name}");
            }
            let before = x.clone();
            assert_eq!(relu(x.view()), relu(&x));
            assert_eq!(softmax(x.view()), softmax(&x));
            assert_eq!(x, before);
        }
        // A float by value.
        assert_eq!(relu(-F::one()), F::zero());
        assert_eq!(sigmoid(F::zero()), relu(&F::from_f64_lossy(0.5)));
    }

    #[test]
    fn owned_operands_are_reused_f64() {
        owned_operands_are_reused::<f64>();
    }

    #[test]
    fn owned_operands_are_reused_f32() {
        owned_operands_are_reused::<f32>();
    }

    #[test]
    #[should_panic(expected = "adjoint: softmax_jvp: `dx`: expected shape [2, 3], found [3, 2]")]
    fn a_misshapen_tangent_names_the_function() {
        let x = Array2::<f64>::zeros((2, 3));
        let _ = softmax_jvp(&x, &softmax(&x), &Array2::zeros((3, 2)));
    }

    #[test]
    #[should_panic(expected = "adjoint of a softmax: `dg`: expected shape [2, 3], found [2, 2]")]
    fn a_misshapen_adjoint_tangent_names_the_argument() {
        let x = Array2::<f64>::zeros((2, 3));
        let y = log_softmax(&x);
        let dg = Array2::zeros((2, 2));
        let _ = LogSoftmaxPullback.pullback_jvp((&x,), &y, &y, (None,), Some(&dg), [true]);
    }
}

//! Element-wise functions of one operand (`x.exp()`, `-x`, `relu`, …): each rule gives the value
//! and the first and second local derivatives of one element; [`UnaryOperand`] maps it over
//! floats and arrays, in reverse mode ([`vjp`]), forward mode ([`jvp`]) and forward over
//! reverse ([`vjp_jvp`]).

use ndarray::{Array, ArrayRef, Dimension, Zip};

use super::vectorized::Kernel;
use crate::operand::{HasElem, HasOwned};
use crate::{AsOperand, Float, IntoOperand, Operand, Params, workspace};

/// The calculus of an element-wise function: its value and its local derivative.
///
/// `derivative(x, y)` is `dy/dx` at `x`, given the value `y = value(x)` (many derivatives are
/// cheapest in terms of the output, e.g. `exp' = y`).
pub trait UnaryRule {
    /// `f(x)`.
    fn value<F: Float>(&self, x: F) -> F;
    /// `f'(x)`, given `y = f(x)`.
    fn derivative<F: Float>(&self, x: F, y: F) -> F;
    /// `f''(x)`, given `y = f(x)`: what the tangent of a VJP needs (forward over reverse).
    /// At a kink the one-sided choice of [`derivative`](Self::derivative) is piecewise
    /// constant, so its second derivative is `0` there.
    fn second_derivative<F: Float>(&self, x: F, y: F) -> F;
    /// The vectorized kernel that computes [`value`](Self::value) over a whole slice, if the
    /// function has one. The two agree within the kernel's error bound (1 ULP; 2.5 for the
    /// sigmoid, 3 for the softplus), not always to the bit.
    fn kernel(&self) -> Option<Kernel> {
        None
    }
    /// `f''(x)` given `y = f(x)` and the first derivative `f'(x)`: by default
    /// [`second_derivative`](Self::second_derivative), for a rule whose second derivative is
    /// cheapest from its first (the softplus's is `σ(1 − σ)`, the first being `σ`).
    fn second_derivative_from<F: Float>(&self, x: F, y: F, _derivative: F) -> F {
        self.second_derivative(x, y)
    }
    /// A vectorized kernel that computes [`derivative`](Self::derivative) from `x` alone, if
    /// there is one (the softplus's derivative is the sigmoid): the adjoints and tangents of
    /// a [`vectorized`](Self::vectorized) rule's arrays then go through it.
    fn derivative_kernel(&self) -> Option<Kernel> {
        None
    }
    /// Whether arrays are mapped through [`kernel`](Self::kernel) rather than through
    /// [`value`](Self::value) element by element (floats on their own always go through
    /// `value`). `false` unless the rule is wrapped in [`Vectorized`], or is reached only
    /// through adjoint's own functions (the sigmoid, the softplus): the value of `x.exp()` in a
    /// differentiable function is ndarray's, with the standard library's `exp`, and the
    /// generated code reproduces it to the bit.
    fn vectorized(&self) -> bool {
        false
    }
}

/// A rule whose arrays are mapped through its vectorized [`kernel`](UnaryRule::kernel): 4–5×
/// faster for `exp`, `ln_1p`, `tanh` (`cargo bench --bench kernels`), within 1 ULP of the
/// standard library's value.
///
/// ```
/// use adjoint_runtime::ndarray::array;
/// use adjoint_runtime::ops::unary::{self, Exp, Vectorized};
///
/// let x = array![0.0, 1.0, -2.0];
/// let y = unary::forward(&Vectorized(Exp), &x);
/// assert!((y[1] - 1.0_f64.exp()).abs() <= f64::EPSILON * y[1]);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Vectorized<R>(pub R);

impl<R: UnaryRule> UnaryRule for Vectorized<R> {
    fn value<F: Float>(&self, x: F) -> F {
        self.0.value(x)
    }
    fn derivative<F: Float>(&self, x: F, y: F) -> F {
        self.0.derivative(x, y)
    }
    fn second_derivative<F: Float>(&self, x: F, y: F) -> F {
        self.0.second_derivative(x, y)
    }
    fn kernel(&self) -> Option<Kernel> {
        self.0.kernel()
    }
    fn second_derivative_from<F: Float>(&self, x: F, y: F, derivative: F) -> F {
        self.0.second_derivative_from(x, y, derivative)
    }
    fn derivative_kernel(&self) -> Option<Kernel> {
        self.0.derivative_kernel()
    }
    fn vectorized(&self) -> bool {
        true
    }
}

/// A float or array that an element-wise rule maps over.
pub trait UnaryOperand: HasOwned {
    /// The element type.
    type Elem: Float;
    /// The result (and its adjoint): `F` for a float, `Array<F, D>` for an array.
    type Output: Params<Elem = Self::Elem>;
    /// Applies the rule to every element.
    fn map_rule<R: UnaryRule>(&self, rule: &R) -> Self::Output;
    /// Applies the rule to every element of an operand that the caller gave up, in its own
    /// memory: no new array.
    fn map_rule_owned<R: UnaryRule>(x: Self::Owned, rule: &R) -> Self::Output;
    /// `g ⊙ f'(x)`: the adjoint of the operand given the adjoint `g` of the output `y`.
    fn vjp_rule<R: UnaryRule>(&self, rule: &R, y: &Self::Output, g: &Self::Output) -> Self::Output;
    /// The same adjoint computed in `g`'s own memory, for a caller that no longer needs `g`:
    /// generated code passes the output's adjoint by value at its last use.
    fn vjp_rule_owned<R: UnaryRule>(
        &self,
        rule: &R,
        y: &Self::Output,
        g: Self::Output,
    ) -> Self::Output;
    /// `f'(x) ⊙ dx`: the tangent of the output along the operand's tangent `dx`.
    fn jvp_rule<R: UnaryRule>(&self, rule: &R, y: &Self::Output, dx: &Self::Output)
    -> Self::Output;
    /// `dg ⊙ f'(x) + g ⊙ f''(x) ⊙ dx`: the tangent of the adjoint `g ⊙ f'(x)` when `x` moves
    /// along `dx` and `g` along `dg`; `None` is a zero tangent.
    fn vjp_jvp_rule<R: UnaryRule>(
        &self,
        rule: &R,
        y: &Self::Output,
        g: &Self::Output,
        dx: Option<&Self::Output>,
        dg: Option<&Self::Output>,
    ) -> Self::Output;
}

impl<F: Float> UnaryOperand for F {
    type Elem = F;
    type Output = F;
    fn map_rule<R: UnaryRule>(&self, rule: &R) -> F {
        rule.value(*self)
    }
    fn map_rule_owned<R: UnaryRule>(x: F, rule: &R) -> F {
        rule.value(x)
    }
    fn vjp_rule<R: UnaryRule>(&self, rule: &R, y: &F, g: &F) -> F {
        *g * rule.derivative(*self, *y)
    }
    fn vjp_rule_owned<R: UnaryRule>(&self, rule: &R, y: &F, g: F) -> F {
        self.vjp_rule(rule, y, &g)
    }
    fn jvp_rule<R: UnaryRule>(&self, rule: &R, y: &F, dx: &F) -> F {
        *dx * rule.derivative(*self, *y)
    }
    fn vjp_jvp_rule<R: UnaryRule>(
        &self,
        rule: &R,
        y: &F,
        g: &F,
        dx: Option<&F>,
        dg: Option<&F>,
    ) -> F {
        let (x, y) = (*self, *y);
        let from_x = dx.map_or(F::zero(), |&dx| *g * rule.second_derivative(x, y) * dx);
        let from_g = dg.map_or(F::zero(), |&dg| dg * rule.derivative(x, y));
        from_g + from_x
    }
}

impl<F: Float, D: Dimension> UnaryOperand for ArrayRef<F, D> {
    type Elem = F;
    type Output = Array<F, D>;
    fn map_rule<R: UnaryRule>(&self, rule: &R) -> Array<F, D> {
        match rule.kernel().filter(|_| rule.vectorized()) {
            Some(kernel) => workspace::map_kernel(self, kernel),
            None => workspace::map(self, |x| rule.value(x)),
        }
    }
    fn map_rule_owned<R: UnaryRule>(mut x: Array<F, D>, rule: &R) -> Array<F, D> {
        let kernel = rule.kernel().filter(|_| rule.vectorized());
        match (kernel, x.as_slice_memory_order_mut()) {
            (Some(kernel), Some(flat)) => kernel.apply_in_place(flat),
            (Some(kernel), None) => return workspace::map_kernel(&x, kernel),
            (None, _) => x.mapv_inplace(|x| rule.value(x)),
        }
        x
    }
    #[track_caller]
    fn vjp_rule<R: UnaryRule>(&self, rule: &R, y: &Array<F, D>, g: &Array<F, D>) -> Array<F, D> {
        crate::broadcast::assert_same_shape(
            "adjoint of an element-wise function",
            self.shape(),
            g.shape(),
        );
        if let Some(mut derivative) = derivatives(self, rule) {
            Zip::from(&mut derivative)
                .and(g)
                .for_each(|d, &g| *d = g * *d);
            return derivative;
        }
        workspace::zip3(g, self, y, |g, x, y| g * rule.derivative(x, y))
    }
    #[track_caller]
    fn vjp_rule_owned<R: UnaryRule>(
        &self,
        rule: &R,
        y: &Array<F, D>,
        g: Array<F, D>,
    ) -> Array<F, D> {
        crate::broadcast::assert_same_shape(
            "adjoint of an element-wise function",
            self.shape(),
            g.shape(),
        );
        let mut g = g;
        if let Some(derivative) = derivatives(self, rule) {
            Zip::from(&mut g).and(&derivative).for_each(|g, &d| *g *= d);
            derivative.recycle();
            return g;
        }
        Zip::from(&mut g)
            .and(self)
            .and(y)
            .for_each(|g, &x, &y| *g *= rule.derivative(x, y));
        g
    }
    #[track_caller]
    fn jvp_rule<R: UnaryRule>(&self, rule: &R, y: &Array<F, D>, dx: &Array<F, D>) -> Array<F, D> {
        crate::broadcast::assert_same_shape("unary::jvp: `dx`", self.shape(), dx.shape());
        if let Some(mut derivative) = derivatives(self, rule) {
            Zip::from(&mut derivative)
                .and(dx)
                .for_each(|d, &dx| *d = dx * *d);
            return derivative;
        }
        workspace::zip3(dx, self, y, |dx, x, y| dx * rule.derivative(x, y))
    }
    #[track_caller]
    fn vjp_jvp_rule<R: UnaryRule>(
        &self,
        rule: &R,
        y: &Array<F, D>,
        g: &Array<F, D>,
        dx: Option<&Array<F, D>>,
        dg: Option<&Array<F, D>>,
    ) -> Array<F, D> {
        use crate::broadcast::assert_same_shape;
        assert_same_shape("unary::vjp_jvp: `g`", self.shape(), g.shape());
        if let Some(dx) = dx {
            assert_same_shape("unary::vjp_jvp: `dx`", self.shape(), dx.shape());
        }
        if let Some(dg) = dg {
            assert_same_shape("unary::vjp_jvp: `dg`", self.shape(), dg.shape());
        }
        if (dx.is_some() || dg.is_some())
            && let Some(mut out) = derivatives(self, rule)
        {
            // `out` holds `f'(x)` and becomes `dg ⊙ f'(x) + g ⊙ f''(x) ⊙ dx`.
            let second = |d: F, x: F, y: F| rule.second_derivative_from(x, y, d);
            match (dx, dg) {
                (Some(dx), Some(dg)) => Zip::from(&mut out)
                    .and(g)
                    .and(dx)
                    .and(dg)
                    .and(self)
                    .and(y)
                    .for_each(|o, &g, &dx, &dg, &x, &y| {
                        *o = dg * *o + g * second(*o, x, y) * dx;
                    }),
                (Some(dx), None) => Zip::from(&mut out)
                    .and(g)
                    .and(dx)
                    .and(self)
                    .and(y)
                    .for_each(|o, &g, &dx, &x, &y| *o = g * second(*o, x, y) * dx),
                (None, Some(dg)) => Zip::from(&mut out).and(dg).for_each(|o, &dg| *o *= dg),
                (None, None) => unreachable!("one of the tangents is given"),
            }
            return out;
        }
        match (dx, dg) {
            (Some(dx), dg) => {
                let mut out = workspace::zip4(g, dx, self, y, |g, dx, x, y| {
                    g * rule.second_derivative(x, y) * dx
                });
                if let Some(dg) = dg {
                    Zip::from(&mut out)
                        .and(dg)
                        .and(self)
                        .and(y)
                        .for_each(|o, &dg, &x, &y| *o = dg * rule.derivative(x, y) + *o);
                }
                out
            }
            (None, Some(dg)) => workspace::zip3(dg, self, y, |dg, x, y| dg * rule.derivative(x, y)),
            (None, None) => workspace::zeros(self.raw_dim()),
        }
    }
}

/// `f'(x)` of every element of `x`, through the rule's derivative kernel, when the rule is
/// vectorized and has one.
fn derivatives<R: UnaryRule, F: Float, D: Dimension>(
    x: &ArrayRef<F, D>,
    rule: &R,
) -> Option<Array<F, D>> {
    let kernel = rule.derivative_kernel().filter(|_| rule.vectorized())?;
    Some(workspace::map_kernel(x, kernel))
}

/// The output type of an element-wise rule applied to `A`.
pub type UnaryOutput<A> = <Operand<A> as UnaryOperand>::Output;

/// Applies an element-wise rule: the forward pass of every unary primitive.
pub fn forward<R: UnaryRule, A: AsOperand + ?Sized>(rule: &R, a: &A) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    a.as_operand().map_rule(rule)
}

/// [`forward`] of an operand taken by value: computed in the operand's own memory when the
/// caller gave up an array it owns (`relu(x.dot(&w) + &b)`), into a new array otherwise (a
/// reference, a view). The values are the same either way.
///
/// ```
/// use adjoint_runtime::ops::unary::{self, Exp};
/// use ndarray::array;
/// let x = array![0.0_f64, 1.0];
/// let at = x.as_ptr();
/// let y = unary::forward_by_value(&Exp, x);
/// assert_eq!(y, array![1.0, 1.0_f64.exp()]);
/// assert_eq!(y.as_ptr(), at); // the input's buffer, reused
/// ```
pub fn forward_by_value<R: UnaryRule, A: IntoOperand>(rule: &R, a: A) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    match a.into_owned_operand() {
        Ok(owned) => <Operand<A> as UnaryOperand>::map_rule_owned(owned, rule),
        Err(a) => a.as_operand().map_rule(rule),
    }
}

/// The adjoint of the operand `a` of an element-wise rule with output `y` and output adjoint `g`.
#[track_caller]
pub fn vjp<R: UnaryRule, A: AsOperand + ?Sized>(
    rule: &R,
    g: &UnaryOutput<A>,
    a: &A,
    y: &UnaryOutput<A>,
) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    a.as_operand().vjp_rule(rule, y, g)
}

/// [`vjp`] computed in the memory of `g`, which the caller gives up: no new array.
#[track_caller]
pub fn vjp_owned<R: UnaryRule, A: AsOperand + ?Sized>(
    rule: &R,
    g: UnaryOutput<A>,
    a: &A,
    y: &UnaryOutput<A>,
) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    a.as_operand().vjp_rule_owned(rule, y, g)
}

/// The tangent `f'(x)·dx` of the output `y = f(x)` of an element-wise rule along the operand's
/// tangent `dx` (forward mode): `dx` has the operand's shape.
///
/// ```
/// use adjoint_runtime::ops::unary::{self, Exp};
/// use ndarray::array;
/// let x = array![0.0_f64, 1.0];
/// let y = unary::forward(&Exp, &x);
/// let dy = unary::jvp(&Exp, &x, &y, &array![2.0, 1.0]);
/// assert_eq!(dy, array![2.0, 1.0_f64.exp()]);
/// ```
///
/// **Panics** if `dx` does not have the shape of `x`.
#[track_caller]
pub fn jvp<R: UnaryRule, A: AsOperand + ?Sized>(
    rule: &R,
    x: &A,
    y: &UnaryOutput<A>,
    dx: &UnaryOutput<A>,
) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    x.as_operand().jvp_rule(rule, y, dx)
}

/// The tangent of [`vjp`]'s result `g·f'(x)` when the operand moves along `dx` and the output's
/// adjoint along `dg`: `dg·f'(x) + g·f''(x)·dx` (forward over reverse, for Hessian-vector
/// products). The arguments are [`vjp`]'s, then the tangents; `None` is a zero tangent, and
/// with both `None` the result is zeros.
///
/// ```
/// use adjoint_runtime::ops::unary::{self, Powi};
/// // x³: f' = 3x², f'' = 6x; at x = 2 with g = 1, dx = 1, dg = 0.5: 0.5·12 + 1·12·1 = 18
/// let y = unary::forward(&Powi(3), &2.0_f64);
/// assert_eq!(unary::vjp_jvp(&Powi(3), &1.0, &2.0, &y, Some(&1.0), Some(&0.5)), 18.0);
/// ```
///
/// **Panics** if `g`, `dx` or `dg` does not have the shape of `x`.
#[track_caller]
pub fn vjp_jvp<R: UnaryRule, A: AsOperand + ?Sized>(
    rule: &R,
    g: &UnaryOutput<A>,
    x: &A,
    y: &UnaryOutput<A>,
    dx: Option<&UnaryOutput<A>>,
    dg: Option<&UnaryOutput<A>>,
) -> UnaryOutput<A>
where
    Operand<A>: UnaryOperand,
{
    x.as_operand().vjp_jvp_rule(rule, y, g, dx, dg)
}

/// `-x`; the derivative is `-1`; the second derivative is `0`.
pub struct Neg;
impl UnaryRule for Neg {
    fn value<F: Float>(&self, x: F) -> F {
        -x
    }
    fn derivative<F: Float>(&self, _: F, _: F) -> F {
        -F::one()
    }
    fn second_derivative<F: Float>(&self, _: F, _: F) -> F {
        F::zero()
    }
}

/// `eˣ`; the derivative is `eˣ = y`; the second derivative is `eˣ = y`.
pub struct Exp;
impl UnaryRule for Exp {
    fn value<F: Float>(&self, x: F) -> F {
        x.exp()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        y
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        y
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Exp)
    }
}

/// `ln x`; the derivative is `1/x`; the second derivative is `-1/x²`.
pub struct Ln;
impl UnaryRule for Ln {
    fn value<F: Float>(&self, x: F) -> F {
        x.ln()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        x.recip()
    }
    fn second_derivative<F: Float>(&self, x: F, _: F) -> F {
        -(x * x).recip()
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Ln)
    }
}

/// `√x`; the derivative is `1/(2√x) = 1/(2y)`; the second derivative is
/// `-1/(4x√x) = -1/(4y³)`.
pub struct Sqrt;
impl UnaryRule for Sqrt {
    fn value<F: Float>(&self, x: F) -> F {
        x.sqrt()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        (y + y).recip()
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        -(F::from_f64_lossy(4.0) * y * y * y).recip()
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Sqrt)
    }
}

/// `sin x`; the derivative is `cos x`; the second derivative is `-sin x = -y`.
pub struct Sin;
impl UnaryRule for Sin {
    fn value<F: Float>(&self, x: F) -> F {
        x.sin()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        x.cos()
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        -y
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Sin)
    }
}

/// `cos x`; the derivative is `-sin x`; the second derivative is `-cos x = -y`.
pub struct Cos;
impl UnaryRule for Cos {
    fn value<F: Float>(&self, x: F) -> F {
        x.cos()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        -x.sin()
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        -y
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Cos)
    }
}

/// `tan x`; the derivative is `1 + tan² x = 1 + y²`; the second derivative is `2y(1 + y²)`.
pub struct Tan;
impl UnaryRule for Tan {
    fn value<F: Float>(&self, x: F) -> F {
        x.tan()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        F::one() + y * y
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        (y + y) * (F::one() + y * y)
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Tan)
    }
}

/// `tanh x`; the derivative is `1 - tanh² x = 1 - y²`; the second derivative is `-2y(1 - y²)`.
pub struct Tanh;
impl UnaryRule for Tanh {
    fn value<F: Float>(&self, x: F) -> F {
        x.tanh()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        F::one() - y * y
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        -(y + y) * (F::one() - y * y)
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Tanh)
    }
}

/// `|x|`; the derivative is `sign x`, with `abs'(0) = 0`; the second derivative is `0`.
pub struct Abs;
impl UnaryRule for Abs {
    fn value<F: Float>(&self, x: F) -> F {
        x.abs()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        if x > F::zero() {
            F::one()
        } else if x < F::zero() {
            -F::one()
        } else {
            F::zero()
        }
    }
    fn second_derivative<F: Float>(&self, _: F, _: F) -> F {
        F::zero()
    }
}

/// `1/x`; the derivative is `-1/x² = -y²`; the second derivative is `2/x³ = 2y³`.
pub struct Recip;
impl UnaryRule for Recip {
    fn value<F: Float>(&self, x: F) -> F {
        x.recip()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        -(y * y)
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        (y + y) * y * y
    }
}

/// `xⁿ` for an integer `n`; the derivative is `n·xⁿ⁻¹`; the second derivative is
/// `n(n-1)·xⁿ⁻²`.
pub struct Powi(pub i32);
impl UnaryRule for Powi {
    fn value<F: Float>(&self, x: F) -> F {
        x.powi(self.0)
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        match self.0 {
            0 => F::zero(),
            n => F::from_i32(n).expect("an i32 is a float") * x.powi(n - 1),
        }
    }
    fn second_derivative<F: Float>(&self, x: F, _: F) -> F {
        match self.0 {
            0 | 1 => F::zero(),
            n => F::from_i32(n * (n - 1)).expect("an i32 is a float") * x.powi(n - 2),
        }
    }
}

/// `max(x, 0)`; the derivative is `1` for `x > 0` and `0` otherwise (`relu'(0) = 0`); the
/// second derivative is `0`.
pub struct Relu;
impl UnaryRule for Relu {
    fn value<F: Float>(&self, x: F) -> F {
        if x > F::zero() { x } else { F::zero() }
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        if x > F::zero() { F::one() } else { F::zero() }
    }
    fn second_derivative<F: Float>(&self, _: F, _: F) -> F {
        F::zero()
    }
}

/// The logistic function `1/(1+e⁻ˣ)`, computed without overflow for any `x`; the derivative is
/// `y(1-y)`; the second derivative is `y(1-y)(1-2y)`.
pub struct Sigmoid;
impl UnaryRule for Sigmoid {
    fn value<F: Float>(&self, x: F) -> F {
        if x >= F::zero() {
            (F::one() + (-x).exp()).recip()
        } else {
            let e = x.exp();
            e / (F::one() + e)
        }
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        y * (F::one() - y)
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        y * (F::one() - y) * (F::one() - (y + y))
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Sigmoid)
    }
    /// Reached only through adjoint's `sigmoid`, whose plain form maps arrays through the
    /// kernel too.
    fn vectorized(&self) -> bool {
        true
    }
}

/// The softplus `ln(1 + eˣ)`, computed without overflow for any `x` as
/// `max(x, 0) + ln(1 + e^(−|x|))`; the derivative is the sigmoid `σ(x)`; the second derivative
/// is `σ(x)(1 − σ(x))`.
pub struct Softplus;
impl UnaryRule for Softplus {
    fn value<F: Float>(&self, x: F) -> F {
        x.max(F::zero()) + (-x.abs()).exp().ln_1p()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        Sigmoid.value(x)
    }
    fn second_derivative<F: Float>(&self, x: F, y: F) -> F {
        self.second_derivative_from(x, y, Sigmoid.value(x))
    }
    fn second_derivative_from<F: Float>(&self, _: F, _: F, sigmoid: F) -> F {
        sigmoid * (F::one() - sigmoid)
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Softplus)
    }
    fn derivative_kernel(&self) -> Option<Kernel> {
        Some(Kernel::Sigmoid)
    }
    /// Reached only through adjoint's `softplus`, whose plain form maps arrays through the
    /// kernel too.
    fn vectorized(&self) -> bool {
        true
    }
}

/// `eˣ − 1`, accurate near `0`; the derivative is `eˣ = y + 1`; the second derivative is
/// `y + 1`.
pub struct ExpM1;
impl UnaryRule for ExpM1 {
    fn value<F: Float>(&self, x: F) -> F {
        x.exp_m1()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        y + F::one()
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        y + F::one()
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::ExpM1)
    }
}

/// `ln(1 + x)`, accurate near `0`; the derivative is `1/(1 + x)`; the second derivative is
/// `-1/(1 + x)²`.
pub struct Ln1p;
impl UnaryRule for Ln1p {
    fn value<F: Float>(&self, x: F) -> F {
        x.ln_1p()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        (F::one() + x).recip()
    }
    fn second_derivative<F: Float>(&self, x: F, _: F) -> F {
        let d = (F::one() + x).recip();
        -(d * d)
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Ln1p)
    }
}

/// `sinh x`; the derivative is `cosh x`; the second derivative is `sinh x = y`.
pub struct Sinh;
impl UnaryRule for Sinh {
    fn value<F: Float>(&self, x: F) -> F {
        x.sinh()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        x.cosh()
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        y
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Sinh)
    }
}

/// `cosh x`; the derivative is `sinh x`; the second derivative is `cosh x = y`.
pub struct Cosh;
impl UnaryRule for Cosh {
    fn value<F: Float>(&self, x: F) -> F {
        x.cosh()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        x.sinh()
    }
    fn second_derivative<F: Float>(&self, _: F, y: F) -> F {
        y
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Cosh)
    }
}

/// `asinh x`; the derivative is `1/√(x² + 1)`; the second derivative is `-x/(x² + 1)^{3/2}`.
/// `√(x² + 1)` is computed as `hypot(x, 1)`, which does not overflow for large `x`.
pub struct Asinh;
impl UnaryRule for Asinh {
    fn value<F: Float>(&self, x: F) -> F {
        x.asinh()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        x.hypot(F::one()).recip()
    }
    fn second_derivative<F: Float>(&self, x: F, _: F) -> F {
        let d = x.hypot(F::one()).recip();
        -x * d * d * d
    }
}

/// `acosh x` for `x ≥ 1`; the derivative is `1/√(x² − 1)`; the second derivative is
/// `-x/(x² − 1)^{3/2}`. Both are infinite at `x = 1` and NaN below it, where `acosh` is NaN.
pub struct Acosh;
impl UnaryRule for Acosh {
    fn value<F: Float>(&self, x: F) -> F {
        x.acosh()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        ((x - F::one()) * (x + F::one())).sqrt().recip()
    }
    fn second_derivative<F: Float>(&self, x: F, _: F) -> F {
        let d = ((x - F::one()) * (x + F::one())).sqrt().recip();
        -x * d * d * d
    }
}

/// `atanh x` for `|x| < 1`; the derivative is `1/(1 − x²)`; the second derivative is
/// `2x/(1 − x²)²`.
pub struct Atanh;
impl UnaryRule for Atanh {
    fn value<F: Float>(&self, x: F) -> F {
        x.atanh()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        ((F::one() - x) * (F::one() + x)).recip()
    }
    fn second_derivative<F: Float>(&self, x: F, _: F) -> F {
        let d = ((F::one() - x) * (F::one() + x)).recip();
        (x + x) * d * d
    }
}

/// `asin x` for `|x| ≤ 1`; the derivative is `1/√(1 − x²)`; the second derivative is
/// `x/(1 − x²)^{3/2}`. Both are infinite at `x = ±1`.
pub struct Asin;
impl UnaryRule for Asin {
    fn value<F: Float>(&self, x: F) -> F {
        x.asin()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        ((F::one() - x) * (F::one() + x)).sqrt().recip()
    }
    fn second_derivative<F: Float>(&self, x: F, _: F) -> F {
        let d = ((F::one() - x) * (F::one() + x)).sqrt().recip();
        x * d * d * d
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Asin)
    }
}

/// `acos x` for `|x| ≤ 1`; the derivative is `-1/√(1 − x²)`; the second derivative is
/// `-x/(1 − x²)^{3/2}`. Both are infinite at `x = ±1`.
pub struct Acos;
impl UnaryRule for Acos {
    fn value<F: Float>(&self, x: F) -> F {
        x.acos()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        -((F::one() - x) * (F::one() + x)).sqrt().recip()
    }
    fn second_derivative<F: Float>(&self, x: F, _: F) -> F {
        let d = ((F::one() - x) * (F::one() + x)).sqrt().recip();
        -x * d * d * d
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Acos)
    }
}

/// `atan x`; the derivative is `1/(1 + x²)`; the second derivative is `-2x/(1 + x²)²`.
pub struct Atan;
impl UnaryRule for Atan {
    fn value<F: Float>(&self, x: F) -> F {
        x.atan()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        (F::one() + x * x).recip()
    }
    fn second_derivative<F: Float>(&self, x: F, _: F) -> F {
        let d = (F::one() + x * x).recip();
        -(x + x) * d * d
    }
    fn kernel(&self) -> Option<Kernel> {
        Some(Kernel::Atan)
    }
}

/// `signum x`: `1` for `x ≥ +0`, `-1` for `x ≤ -0`, NaN for NaN, as `f64::signum`. It is
/// piecewise constant: the derivative is `0` everywhere (the jump at `0` included) and so is
/// the second derivative.
pub struct Signum;
impl UnaryRule for Signum {
    fn value<F: Float>(&self, x: F) -> F {
        x.signum()
    }
    fn derivative<F: Float>(&self, _: F, _: F) -> F {
        F::zero()
    }
    fn second_derivative<F: Float>(&self, _: F, _: F) -> F {
        F::zero()
    }
}

/// `x` limited to `[lo, hi]` (`x.clamp(lo, hi)`), with constant bounds; the derivative is `1`
/// strictly inside (`lo < x < hi`) and `0` elsewhere: outside, and at the bounds themselves,
/// where the one-sided choice is the flat side (as `relu'(0) = 0`); the second derivative is
/// `0`. A NaN stays NaN, with derivative `0`.
///
/// The bounds are stored in the operand's element type `T` and compared in the element type
/// of the operand the rule is applied to, exactly when the two are the same.
///
/// ```
/// use adjoint_runtime::ops::unary::{self, Clamp};
/// use ndarray::array;
/// let x = array![-2.0_f64, 0.0, 0.5, 1.0, 3.0];
/// let rule = Clamp::new(0.0, 1.0);
/// let y = unary::forward(&rule, &x);
/// assert_eq!(y, array![0.0, 0.0, 0.5, 1.0, 1.0]);
/// let g = array![1.0, 1.0, 1.0, 1.0, 1.0];
/// assert_eq!(unary::vjp(&rule, &g, &x, &y), array![0.0, 0.0, 1.0, 0.0, 0.0]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clamp<T> {
    lo: T,
    hi: T,
}

impl<T: Float> Clamp<T> {
    /// The rule for the bounds `lo ≤ hi`.
    ///
    /// **Panics** if `lo > hi` or either bound is NaN, as `f64::clamp` and ndarray's `clamp`
    /// do.
    #[track_caller]
    pub fn new(lo: T, hi: T) -> Self {
        assert!(
            lo <= hi,
            "adjoint: `clamp`: the lower bound {lo:?} must not exceed the upper bound {hi:?} (nor be NaN)"
        );
        Clamp { lo, hi }
    }

    /// [`Clamp::new`] with the bounds typed by the operand `x` they will be applied to
    /// (generated code passes untyped literals such as `0.0`, which then take `x`'s element
    /// type instead of defaulting to `f64`).
    ///
    /// ```
    /// use adjoint_runtime::ops::unary::{self, Clamp};
    /// let x = 2.5_f32;
    /// assert_eq!(unary::forward(&Clamp::for_operand(&x, 0.0, 1.0), &x), 1.0);
    /// ```
    ///
    /// **Panics** as [`Clamp::new`].
    #[track_caller]
    pub fn for_operand<A: AsOperand + ?Sized>(_x: &A, lo: T, hi: T) -> Self
    where
        Operand<A>: HasElem<Elem = T>,
    {
        Clamp::new(lo, hi)
    }

    fn bounds<F: Float>(&self) -> (F, F) {
        (
            F::from_f64_lossy(self.lo.to_f64_exact()),
            F::from_f64_lossy(self.hi.to_f64_exact()),
        )
    }
}

impl<T: Float> UnaryRule for Clamp<T> {
    fn value<F: Float>(&self, x: F) -> F {
        let (lo, hi) = self.bounds::<F>();
        x.clamp(lo, hi)
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        let (lo, hi) = self.bounds::<F>();
        if lo < x && x < hi {
            F::one()
        } else {
            F::zero()
        }
    }
    fn second_derivative<F: Float>(&self, _: F, _: F) -> F {
        F::zero()
    }
}

/// The element-wise rule of a differentiable function of one float, for `x.mapv(f)`: its value
/// is `f`, its first and second derivatives come from `f`'s forward-mode and
/// forward-over-reverse entries, called with unit tangents (`jvp(x, 1)` is `(f(x), f'(x))`, and
/// `hvp(x, 1, 1)` is the tangent of the adjoint `1·f'(x)`, `f''(x)`).
///
/// `T` is the element type of the array mapped; the rule's methods, generic over the float
/// type, see the same type, so the conversions between them are exact.
///
/// ```
/// use adjoint_runtime::ops::unary::{self, MappedFunction};
/// use ndarray::array;
/// let x = array![0.0_f64, 1.0];
/// let cube = MappedFunction::for_operand(
///     &x,
///     |v: f64| v * v * v,
///     |v, dv: &f64| (v * v * v, 3.0 * v * v * dv),
///     |v, dv: &f64, g: &f64| Some(6.0 * v * dv * g),
/// );
/// assert_eq!(unary::forward(&cube, &x), array![0.0, 1.0]);
/// assert_eq!(unary::vjp(&cube, &array![1.0, 1.0], &x, &array![0.0, 1.0]), array![0.0, 3.0]);
/// ```
pub struct MappedFunction<T, V, J, H> {
    value: V,
    jvp: J,
    hvp: H,
    element: std::marker::PhantomData<T>,
}

impl<T, V, J, H> MappedFunction<T, V, J, H>
where
    T: Float,
    V: Fn(T) -> T,
    J: Fn(T, &T) -> (T, T),
    H: Fn(T, &T, &T) -> Option<T>,
{
    /// The rule of `value`, typed by the operand `x` it will be applied to: `jvp(x, dx)` gives
    /// `(f(x), f'(x)·dx)`, and `hvp(x, dx, g)` gives `g·f''(x)·dx` (`None` for zero).
    pub fn for_operand<A: AsOperand + ?Sized>(_x: &A, value: V, jvp: J, hvp: H) -> Self
    where
        Operand<A>: HasElem<Elem = T>,
    {
        MappedFunction {
            value,
            jvp,
            hvp,
            element: std::marker::PhantomData,
        }
    }
}

/// `x` as the element type `T`: exact, since `F` is `T` wherever a rule is applied.
fn same_float<F: Float, T: Float>(x: F) -> T {
    T::from_f64_lossy(x.to_f64_exact())
}

impl<T, V, J, H> UnaryRule for MappedFunction<T, V, J, H>
where
    T: Float,
    V: Fn(T) -> T,
    J: Fn(T, &T) -> (T, T),
    H: Fn(T, &T, &T) -> Option<T>,
{
    fn value<F: Float>(&self, x: F) -> F {
        same_float((self.value)(same_float(x)))
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        same_float((self.jvp)(same_float(x), &T::one()).1)
    }
    fn second_derivative<F: Float>(&self, x: F, _: F) -> F {
        let one = T::one();
        same_float((self.hvp)(same_float(x), &one, &one).unwrap_or_else(T::zero))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `derivative(x, value(x))` of each rule at one point, against the calculus by hand.
    #[test]
    fn derivatives_at_a_point() {
        let x = 0.5_f64;
        let cases: [(&str, f64, f64); 26] = [
            ("neg: d(-x) = -1", Neg.derivative(x, Neg.value(x)), -1.0),
            ("exp: d eˣ = eˣ", Exp.derivative(x, Exp.value(x)), x.exp()),
            ("ln: d ln x = 1/x", Ln.derivative(x, Ln.value(x)), 2.0),
            (
                "sqrt: d √x = 1/(2√x)",
                Sqrt.derivative(x, Sqrt.value(x)),
                0.5 / x.sqrt(),
            ),
            (
                "sin: d sin x = cos x",
                Sin.derivative(x, Sin.value(x)),
                x.cos(),
            ),
            (
                "cos: d cos x = -sin x",
                Cos.derivative(x, Cos.value(x)),
                -x.sin(),
            ),
            (
                "tan: d tan x = 1 + tan² x",
                Tan.derivative(x, Tan.value(x)),
                1.0 / (x.cos() * x.cos()),
            ),
            (
                "tanh: d tanh x = 1 - tanh² x",
                Tanh.derivative(x, Tanh.value(x)),
                1.0 - x.tanh().powi(2),
            ),
            (
                "abs: d |x| = sign x",
                Abs.derivative(-x, Abs.value(-x)),
                -1.0,
            ),
            (
                "recip: d 1/x = -1/x²",
                Recip.derivative(x, Recip.value(x)),
                -4.0,
            ),
            (
                "powi: d x³ = 3x²",
                Powi(3).derivative(x, Powi(3).value(x)),
                0.75,
            ),
            (
                "relu: d relu(x) = 1 for x > 0",
                Relu.derivative(x, Relu.value(x)),
                1.0,
            ),
            (
                "sigmoid: d σ(x) = σ(1-σ)",
                Sigmoid.derivative(0.0, Sigmoid.value(0.0)),
                0.25,
            ),
            (
                "exp_m1: d (eˣ - 1) = eˣ",
                ExpM1.derivative(x, ExpM1.value(x)),
                x.exp(),
            ),
            (
                "ln_1p: d ln(1 + x) = 1/(1 + x)",
                Ln1p.derivative(x, Ln1p.value(x)),
                1.0 / 1.5,
            ),
            (
                "sinh: d sinh x = cosh x",
                Sinh.derivative(x, Sinh.value(x)),
                x.cosh(),
            ),
            (
                "cosh: d cosh x = sinh x",
                Cosh.derivative(x, Cosh.value(x)),
                x.sinh(),
            ),
            (
                "asinh: d asinh x = 1/√(x² + 1)",
                Asinh.derivative(x, Asinh.value(x)),
                1.0 / 1.25_f64.sqrt(),
            ),
            (
                "acosh: d acosh x = 1/√(x² - 1), at x = 2",
                Acosh.derivative(2.0, Acosh.value(2.0)),
                1.0 / 3.0_f64.sqrt(),
            ),
            (
                "atanh: d atanh x = 1/(1 - x²)",
                Atanh.derivative(x, Atanh.value(x)),
                1.0 / 0.75,
            ),
            (
                "asin: d asin x = 1/√(1 - x²)",
                Asin.derivative(x, Asin.value(x)),
                1.0 / 0.75_f64.sqrt(),
            ),
            (
                "acos: d acos x = -1/√(1 - x²)",
                Acos.derivative(x, Acos.value(x)),
                -1.0 / 0.75_f64.sqrt(),
            ),
            (
                "atan: d atan x = 1/(1 + x²)",
                Atan.derivative(x, Atan.value(x)),
                0.8,
            ),
            (
                "signum: d signum x = 0",
                Signum.derivative(x, Signum.value(x)),
                0.0,
            ),
            (
                "clamp: d clamp(x, 0, 1) = 1 inside",
                Clamp::new(0.0, 1.0).derivative(x, x),
                1.0,
            ),
            (
                "clamp: d clamp(x, -1, 0.25) = 0 above",
                Clamp::new(-1.0, 0.25).derivative(x, 0.25),
                0.0,
            ),
        ];
        for (what, got, expected) in cases {
            assert!(
                (got - expected).abs() < 1e-12,
                "{what}: got {got}, expected {expected}"
            );
        }
    }

    /// The one-sided choices at kinks are part of the contract.
    #[test]
    fn kinks_take_the_documented_side() {
        assert_eq!(Relu.derivative(0.0_f32, 0.0), 0.0);
        // At a bound, clamp's derivative is that of the flat side.
        let clamp = Clamp::new(-1.0_f64, 2.0);
        assert_eq!(clamp.derivative(-1.0, -1.0), 0.0);
        assert_eq!(clamp.derivative(2.0, 2.0), 0.0);
        assert_eq!(clamp.derivative(f64::NAN, f64::NAN), 0.0);
        assert_eq!(Signum.derivative(0.0_f64, 1.0), 0.0);
        assert_eq!(Abs.derivative(0.0_f64, 0.0), 0.0);
        assert_eq!(Powi(0).derivative(0.0_f64, 1.0), 0.0);
    }

    #[test]
    fn clamp_takes_the_operands_element_type() {
        let x = ndarray::array![0.1_f32, 0.7, 1.3];
        let rule = Clamp::for_operand(&x, 0.3, 1.1);
        let y = forward(&rule, &x);
        assert_eq!(y, x.clamp(0.3, 1.1));
        let g = ndarray::array![2.0_f32, 2.0, 2.0];
        assert_eq!(vjp(&rule, &g, &x, &y), ndarray::array![0.0, 2.0, 0.0]);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: `clamp`: the lower bound 1.0 must not exceed the upper bound 0.0"
    )]
    fn clamp_with_crossed_bounds_panics() {
        let _ = Clamp::new(1.0_f64, 0.0);
    }

    #[test]
    #[should_panic(expected = "adjoint: `clamp`: the lower bound NaN must not exceed")]
    fn clamp_with_a_nan_bound_panics() {
        let _ = Clamp::new(f32::NAN, 0.0);
    }

    /// Large arguments neither overflow nor lose the derivative.
    #[test]
    fn inverse_hyperbolic_derivatives_stay_finite() {
        let d = Asinh.derivative(1e200_f64, Asinh.value(1e200));
        assert!((d - 1e-200).abs() <= 1e-212, "asinh'(1e200) = {d}");
        assert_eq!(Ln1p.derivative(0.0_f32, 0.0), 1.0);
        assert_eq!(ExpM1.derivative(0.0_f32, ExpM1.value(0.0)), 1.0);
    }

    #[test]
    fn sigmoid_does_not_overflow() {
        for x in [-1e4_f32, -100.0, 100.0, 1e4] {
            let y = Sigmoid.value(x);
            assert!(y.is_finite() && (0.0..=1.0).contains(&y), "σ({x}) = {y}");
            assert!(Sigmoid.derivative(x, y).is_finite());
        }
    }

    #[test]
    fn arrays_map_element_wise() {
        let x = ndarray::array![[1.0_f64, -2.0], [0.0, 3.0]];
        let y = forward(&Relu, &x);
        assert_eq!(y, ndarray::array![[1.0, 0.0], [0.0, 3.0]]);
        let g = ndarray::array![[10.0, 10.0], [10.0, 10.0]];
        assert_eq!(
            vjp(&Relu, &g, &x, &y),
            ndarray::array![[10.0, 0.0], [0.0, 10.0]]
        );
    }
    /// Calls `$body` with `$rule` bound to each rule and `$points` to points inside its domain
    /// and away from its kinks.
    macro_rules! for_each_rule {
        (|$rule:ident, $name:ident, $points:ident| $body:block) => {{
            let wide: &[f64] = &[-1.3, -0.4, 0.3, 0.7, 1.9];
            let positive: &[f64] = &[0.2, 0.7, 1.3, 2.9];
            let small: &[f64] = &[-1.1, -0.4, 0.3, 0.7, 1.2];
            let logistic: &[f64] = &[-4.0, -0.4, 0.3, 0.7, 3.0];
            let inside_unit: &[f64] = &[-0.75, -0.4, 0.3, 0.6, 0.8];
            let above_one: &[f64] = &[1.2, 1.7, 2.5, 4.0];
            for_each_rule!(@each $rule $name $points $body;
                (Neg, "neg", wide), (Exp, "exp", wide), (Ln, "ln", positive),
                (Sqrt, "sqrt", positive), (Sin, "sin", wide), (Cos, "cos", wide),
                (Tan, "tan", small), (Tanh, "tanh", wide), (Abs, "abs", wide),
                (Recip, "recip", wide), (Powi(-2), "powi(-2)", wide), (Powi(0), "powi(0)", wide),
                (Powi(1), "powi(1)", wide), (Powi(2), "powi(2)", wide),
                (Powi(5), "powi(5)", wide), (Relu, "relu", wide),
                (Sigmoid, "sigmoid", logistic), (ExpM1, "exp_m1", wide),
                (Ln1p, "ln_1p", inside_unit), (Sinh, "sinh", wide), (Cosh, "cosh", wide),
                (Asinh, "asinh", wide), (Acosh, "acosh", above_one), (Atanh, "atanh", inside_unit),
                (Asin, "asin", inside_unit), (Acos, "acos", inside_unit), (Atan, "atan", wide),
                (Signum, "signum", wide), (Clamp::new(-0.5, 0.8), "clamp(-0.5, 0.8)", wide),
                (Clamp::new(0.0_f32, 1.5), "clamp(0, 1.5) with f32 bounds", wide));
        }};
        (@each $rule:ident $name:ident $points:ident $body:block; $(($r:expr, $n:expr, $p:expr)),*) => {
            $({
                let $rule = &$r;
                let $name = $n;
                let $points = $p;
                $body
            })*
        };
    }

    /// `|got - expected| ≤ tol·max(1, |expected|)`.
    fn close<F: Float>(got: F, expected: F, tol: f64) -> bool {
        let (got, expected) = (got.to_f64_exact(), expected.to_f64_exact());
        (got - expected).abs() <= tol * expected.abs().max(1.0)
    }

    /// `second_derivative` of every rule against central differences of its `derivative`.
    fn second_derivatives_match_differences<F: Float>(step: f64, tol: f64) {
        for_each_rule!(|rule, name, points| {
            for &x in points {
                let h = F::from_f64_lossy(step);
                let x = F::from_f64_lossy(x);
                let d = |x: F| rule.derivative(x, rule.value(x));
                let numeric = (d(x + h) - d(x - h)) / (h + h);
                let exact = rule.second_derivative(x, rule.value(x));
                assert!(
                    close(exact, numeric, tol),
                    "{name}'' at {x}: {exact}, central differences give {numeric}"
                );
            }
        });
    }

    #[test]
    fn second_derivatives_match_differences_f64() {
        second_derivatives_match_differences::<f64>(1e-5, 1e-7);
    }

    #[test]
    fn second_derivatives_match_differences_f32() {
        second_derivatives_match_differences::<f32>(1e-2, 2e-2);
    }

    /// `jvp` and `vjp_jvp` on floats against central differences of `value` and of `g·f'` along
    /// `(dx, dg)`, with every combination of absent tangents.
    fn tangents_match_differences<F: Float>(step: f64, tol: f64) {
        for_each_rule!(|rule, name, points| {
            let h = F::from_f64_lossy(step);
            let (g, dx, dg) = (
                F::from_f64_lossy(0.8),
                F::from_f64_lossy(-0.6),
                F::from_f64_lossy(1.7),
            );
            for &x in points {
                let x = F::from_f64_lossy(x);
                let y = rule.value(x);
                let numeric = (rule.value(x + h * dx) - rule.value(x - h * dx)) / (h + h);
                let exact = jvp(rule, &x, &y, &dx);
                assert!(
                    close(exact, numeric, tol),
                    "{name}: jvp at {x}: {exact}, central differences give {numeric}"
                );
                for (dx, dg) in [(Some(dx), Some(dg)), (Some(dx), None), (None, Some(dg))] {
                    let (tx, tg) = (dx.unwrap_or(F::zero()), dg.unwrap_or(F::zero()));
                    let pullback = |t: F| {
                        let x = x + t * tx;
                        (g + t * tg) * rule.derivative(x, rule.value(x))
                    };
                    let numeric = (pullback(h) - pullback(-h)) / (h + h);
                    let exact = vjp_jvp(rule, &g, &x, &y, dx.as_ref(), dg.as_ref());
                    assert!(
                        close(exact, numeric, tol),
                        "{name}: vjp_jvp at {x} along ({dx:?}, {dg:?}): {exact}, central differences give {numeric}"
                    );
                }
                assert_eq!(vjp_jvp(rule, &g, &x, &y, None, None), F::zero());
            }
        });
    }

    #[test]
    fn tangents_match_differences_f64() {
        tangents_match_differences::<f64>(1e-5, 1e-7);
    }

    #[test]
    fn tangents_match_differences_f32() {
        tangents_match_differences::<f32>(1e-2, 2e-2);
    }

    /// Arrays give, element by element, what floats give.
    #[test]
    fn array_tangents_are_element_wise() {
        let x = ndarray::array![[0.3_f64, -1.2], [2.0, 0.7]];
        let dx = ndarray::array![[1.0, 0.5], [-2.0, 0.25]];
        let g = ndarray::array![[0.9, -0.1], [1.5, 2.0]];
        let dg = ndarray::array![[0.2, 0.4], [-0.3, 1.0]];
        let rule = Tanh;
        let y = forward(&rule, &x);
        let dy = jvp(&rule, &x, &y, &dx);
        let both = vjp_jvp(&rule, &g, &x.view(), &y, Some(&dx), Some(&dg));
        let only_x = vjp_jvp(&rule, &g, &x, &y, Some(&dx), None);
        let only_g = vjp_jvp(&rule, &g, &x, &y, None, Some(&dg));
        for ((i, j), &xi) in x.indexed_iter() {
            let yi = y[(i, j)];
            assert_eq!(dy[(i, j)], jvp(&rule, &xi, &yi, &dx[(i, j)]));
            let float =
                |dx: Option<&f64>, dg: Option<&f64>| vjp_jvp(&rule, &g[(i, j)], &xi, &yi, dx, dg);
            assert_eq!(both[(i, j)], float(Some(&dx[(i, j)]), Some(&dg[(i, j)])));
            assert_eq!(only_x[(i, j)], float(Some(&dx[(i, j)]), None));
            assert_eq!(only_g[(i, j)], float(None, Some(&dg[(i, j)])));
        }
        assert_eq!(vjp_jvp(&rule, &g, &x, &y, None, None), Array::zeros((2, 2)));
    }

    #[test]
    #[should_panic(expected = "adjoint: unary::jvp: `dx`: expected shape [2, 2], found [1, 2]")]
    fn a_tangent_of_the_wrong_shape_names_the_function() {
        let x = ndarray::array![[0.3_f64, -1.2], [2.0, 0.7]];
        let y = forward(&Exp, &x);
        let _ = jvp(&Exp, &x, &y, &ndarray::array![[1.0, 2.0]]);
    }

    #[test]
    #[should_panic(expected = "adjoint: unary::vjp_jvp: `dg`: expected shape [2], found [3]")]
    fn a_cotangent_tangent_of_the_wrong_shape_names_the_argument() {
        let x = ndarray::array![0.3_f64, -1.2];
        let y = forward(&Exp, &x);
        let _ = vjp_jvp(
            &Exp,
            &y,
            &x,
            &y,
            None,
            Some(&ndarray::array![1.0, 2.0, 3.0]),
        );
    }
}

//! Element-wise functions of two operands (`+ - * /`, `powf`, `max`, `min`): each rule gives the
//! value and the two partial derivatives of one pair of elements; [`BinaryOperands`] applies it
//! to floats and arrays with ndarray's broadcasting and reduces adjoints back to each operand's
//! shape.

use ndarray::{Array, ArrayRef, DimMax, Dimension, IxDyn, Zip};

use crate::broadcast::{reduce_scaled, unbroadcast};
use crate::{AsOperand, Float, Operand, workspace};

/// The calculus of an element-wise function of two arguments.
pub trait BinaryRule {
    /// The operation as the user writes it (`` `+` ``, `` `powf` ``), for panic messages.
    const NAME: &'static str;
    /// `f(a, b)`.
    fn value<F: Float>(&self, a: F, b: F) -> F;
    /// `∂f/∂a` at `(a, b)`, given `y = f(a, b)`.
    fn d_lhs<F: Float>(&self, a: F, b: F, y: F) -> F;
    /// `∂f/∂b` at `(a, b)`, given `y = f(a, b)`.
    fn d_rhs<F: Float>(&self, a: F, b: F, y: F) -> F;
    /// The two partials when they are constants (`+`: 1 and 1; `-`: 1 and −1): then an adjoint
    /// is passed through, scaled, without reading the operands or the output.
    fn constant_partials(&self) -> Option<(f64, f64)> {
        None
    }
}

/// A pair of operands (float or array, on either side) that a binary rule applies to.
pub trait BinaryOperands<Rhs: ?Sized> {
    /// The result (and its adjoint): a float if both are floats, else the broadcast array.
    type Output;
    /// The adjoint of the left operand: its own shape.
    type LhsTangent;
    /// The adjoint of the right operand: its own shape.
    type RhsTangent;
    /// `f(a, b)` element-wise, broadcasting.
    fn apply<R: BinaryRule>(&self, rhs: &Rhs, rule: &R) -> Self::Output;
    /// `g ⊙ ∂f/∂a`, summed over the axes along which `a` was broadcast.
    fn vjp_lhs<R: BinaryRule>(
        &self,
        rhs: &Rhs,
        rule: &R,
        y: &Self::Output,
        g: &Self::Output,
    ) -> Self::LhsTangent;
    /// `g ⊙ ∂f/∂b`, summed over the axes along which `b` was broadcast.
    fn vjp_rhs<R: BinaryRule>(
        &self,
        rhs: &Rhs,
        rule: &R,
        y: &Self::Output,
        g: &Self::Output,
    ) -> Self::RhsTangent;
    /// [`vjp_lhs`](Self::vjp_lhs) for a caller that gives `g` up: computed in `g`'s memory
    /// when `a` has the output's shape, and `g` given back to the workspace otherwise.
    fn vjp_lhs_owned<R: BinaryRule>(
        &self,
        rhs: &Rhs,
        rule: &R,
        y: &Self::Output,
        g: Self::Output,
    ) -> Self::LhsTangent;
    /// [`vjp_rhs`](Self::vjp_rhs) for a caller that gives `g` up, as
    /// [`vjp_lhs_owned`](Self::vjp_lhs_owned).
    fn vjp_rhs_owned<R: BinaryRule>(
        &self,
        rhs: &Rhs,
        rule: &R,
        y: &Self::Output,
        g: Self::Output,
    ) -> Self::RhsTangent;
}

/// `g ⊙ partial(a, y)` in `g`'s memory, for an operand `a` of the output's shape.
#[track_caller]
fn scale_in_place<F: Float, E: Dimension>(
    g: &mut Array<F, E>,
    a: &ArrayRef<F, E>,
    y: &ArrayRef<F, E>,
    partial: impl Fn(F, F) -> F,
) {
    Zip::from(g)
        .and(a)
        .and(y)
        .for_each(|g, &a, &y| *g *= partial(a, y));
}

impl<F: Float> BinaryOperands<F> for F {
    type Output = F;
    type LhsTangent = F;
    type RhsTangent = F;
    fn apply<R: BinaryRule>(&self, rhs: &F, rule: &R) -> F {
        rule.value(*self, *rhs)
    }
    fn vjp_lhs<R: BinaryRule>(&self, rhs: &F, rule: &R, y: &F, g: &F) -> F {
        *g * rule.d_lhs(*self, *rhs, *y)
    }
    fn vjp_rhs<R: BinaryRule>(&self, rhs: &F, rule: &R, y: &F, g: &F) -> F {
        *g * rule.d_rhs(*self, *rhs, *y)
    }
    fn vjp_lhs_owned<R: BinaryRule>(&self, rhs: &F, rule: &R, y: &F, g: F) -> F {
        self.vjp_lhs(rhs, rule, y, &g)
    }
    fn vjp_rhs_owned<R: BinaryRule>(&self, rhs: &F, rule: &R, y: &F, g: F) -> F {
        self.vjp_rhs(rhs, rule, y, &g)
    }
}

impl<F: Float, D: Dimension> BinaryOperands<F> for ArrayRef<F, D> {
    type Output = Array<F, D>;
    type LhsTangent = Array<F, D>;
    type RhsTangent = F;
    fn apply<R: BinaryRule>(&self, rhs: &F, rule: &R) -> Array<F, D> {
        let b = *rhs;
        workspace::map(self, |a| rule.value(a, b))
    }
    #[track_caller]
    fn vjp_lhs<R: BinaryRule>(
        &self,
        rhs: &F,
        rule: &R,
        y: &Array<F, D>,
        g: &Array<F, D>,
    ) -> Array<F, D> {
        check_adjoint::<R>(g.shape(), self.shape(), &[]);
        let b = *rhs;
        workspace::zip3(g, self, y, |g, a, y| g * rule.d_lhs(a, b, y))
    }
    #[track_caller]
    fn vjp_rhs<R: BinaryRule>(&self, rhs: &F, rule: &R, y: &Array<F, D>, g: &Array<F, D>) -> F {
        check_adjoint::<R>(g.shape(), self.shape(), &[]);
        let b = *rhs;
        Zip::from(g)
            .and(self)
            .and(y)
            .fold(F::zero(), |acc, &g, &a, &y| acc + g * rule.d_rhs(a, b, y))
    }
    #[track_caller]
    fn vjp_lhs_owned<R: BinaryRule>(
        &self,
        rhs: &F,
        rule: &R,
        y: &Array<F, D>,
        g: Array<F, D>,
    ) -> Array<F, D> {
        check_adjoint::<R>(g.shape(), self.shape(), &[]);
        let (b, mut g) = (*rhs, g);
        scale_in_place(&mut g, self, y, |a, y| rule.d_lhs(a, b, y));
        g
    }
    #[track_caller]
    fn vjp_rhs_owned<R: BinaryRule>(
        &self,
        rhs: &F,
        rule: &R,
        y: &Array<F, D>,
        g: Array<F, D>,
    ) -> F {
        let d = self.vjp_rhs(rhs, rule, y, &g);
        workspace::recycle_array(g);
        d
    }
}

impl<F: Float, D: Dimension> BinaryOperands<ArrayRef<F, D>> for F {
    type Output = Array<F, D>;
    type LhsTangent = F;
    type RhsTangent = Array<F, D>;
    fn apply<R: BinaryRule>(&self, rhs: &ArrayRef<F, D>, rule: &R) -> Array<F, D> {
        let a = *self;
        workspace::map(rhs, |b| rule.value(a, b))
    }
    #[track_caller]
    fn vjp_lhs<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D>,
        rule: &R,
        y: &Array<F, D>,
        g: &Array<F, D>,
    ) -> F {
        check_adjoint::<R>(g.shape(), &[], rhs.shape());
        let a = *self;
        Zip::from(g)
            .and(rhs)
            .and(y)
            .fold(F::zero(), |acc, &g, &b, &y| acc + g * rule.d_lhs(a, b, y))
    }
    #[track_caller]
    fn vjp_rhs<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D>,
        rule: &R,
        y: &Array<F, D>,
        g: &Array<F, D>,
    ) -> Array<F, D> {
        check_adjoint::<R>(g.shape(), &[], rhs.shape());
        let a = *self;
        workspace::zip3(g, rhs, y, |g, b, y| g * rule.d_rhs(a, b, y))
    }
    #[track_caller]
    fn vjp_lhs_owned<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D>,
        rule: &R,
        y: &Array<F, D>,
        g: Array<F, D>,
    ) -> F {
        let d = self.vjp_lhs(rhs, rule, y, &g);
        workspace::recycle_array(g);
        d
    }
    #[track_caller]
    fn vjp_rhs_owned<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D>,
        rule: &R,
        y: &Array<F, D>,
        g: Array<F, D>,
    ) -> Array<F, D> {
        check_adjoint::<R>(g.shape(), &[], rhs.shape());
        let (a, mut g) = (*self, g);
        scale_in_place(&mut g, rhs, y, |b, y| rule.d_rhs(a, b, y));
        g
    }
}

/// The shape both operands broadcast to, or a panic naming the operation and both shapes.
#[track_caller]
fn broadcast_shape<E: Dimension>(what: &str, a: &[usize], b: &[usize]) -> E {
    let ndim = a.len().max(b.len());
    let mut out = E::zeros(ndim);
    for k in 0..ndim {
        let da = if k + a.len() >= ndim {
            a[k + a.len() - ndim]
        } else {
            1
        };
        let db = if k + b.len() >= ndim {
            b[k + b.len() - ndim]
        } else {
            1
        };
        out[k] = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => panic!("adjoint: {what}: cannot broadcast shapes {a:?} and {b:?}"),
        };
    }
    out
}

impl<F: Float, D1, D2> BinaryOperands<ArrayRef<F, D2>> for ArrayRef<F, D1>
where
    D1: Dimension + DimMax<D2>,
    D2: Dimension,
{
    type Output = Array<F, <D1 as DimMax<D2>>::Output>;
    type LhsTangent = Array<F, D1>;
    type RhsTangent = Array<F, D2>;

    #[track_caller]
    fn apply<R: BinaryRule>(&self, rhs: &ArrayRef<F, D2>, rule: &R) -> Self::Output {
        let shape: <D1 as DimMax<D2>>::Output = broadcast_shape(R::NAME, self.shape(), rhs.shape());
        let a = self
            .broadcast(shape.clone())
            .expect("shape is broadcast-compatible");
        let b = rhs.broadcast(shape).expect("shape is broadcast-compatible");
        workspace::zip2(&a, &b, |a, b| rule.value(a, b))
    }

    #[track_caller]
    fn vjp_lhs<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D2>,
        rule: &R,
        y: &Self::Output,
        g: &Self::Output,
    ) -> Array<F, D1> {
        check_adjoint::<R>(g.shape(), self.shape(), rhs.shape());
        if let Some((c, _)) = rule.constant_partials() {
            return reduce_scaled(g.view(), self.raw_dim(), F::from_f64_lossy(c));
        }
        let full = scale_by_partial(self, rhs, y, g, |a, b, y| rule.d_lhs(a, b, y));
        unbroadcast(full, self.raw_dim())
    }

    #[track_caller]
    fn vjp_rhs<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D2>,
        rule: &R,
        y: &Self::Output,
        g: &Self::Output,
    ) -> Array<F, D2> {
        check_adjoint::<R>(g.shape(), self.shape(), rhs.shape());
        if let Some((_, c)) = rule.constant_partials() {
            return reduce_scaled(g.view(), rhs.raw_dim(), F::from_f64_lossy(c));
        }
        let full = scale_by_partial(self, rhs, y, g, |a, b, y| rule.d_rhs(a, b, y));
        unbroadcast(full, rhs.raw_dim())
    }

    #[track_caller]
    fn vjp_lhs_owned<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D2>,
        rule: &R,
        y: &Self::Output,
        g: Self::Output,
    ) -> Array<F, D1> {
        check_adjoint::<R>(g.shape(), self.shape(), rhs.shape());
        if g.shape() != self.shape() {
            let d = self.vjp_lhs(rhs, rule, y, &g);
            workspace::recycle_array(g);
            return d;
        }
        let constant = rule.constant_partials().map(|(c, _)| c);
        adjoint_in_place(self, rhs, y, g, constant, |a, b, y| rule.d_lhs(a, b, y))
    }

    #[track_caller]
    fn vjp_rhs_owned<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D2>,
        rule: &R,
        y: &Self::Output,
        g: Self::Output,
    ) -> Array<F, D2> {
        check_adjoint::<R>(g.shape(), self.shape(), rhs.shape());
        if g.shape() != rhs.shape() {
            let d = self.vjp_rhs(rhs, rule, y, &g);
            workspace::recycle_array(g);
            return d;
        }
        let constant = rule.constant_partials().map(|(_, c)| c);
        adjoint_in_place(self, rhs, y, g, constant, |a, b, y| rule.d_rhs(a, b, y))
    }
}

/// `g ⊙ partial(a, b, y)` in `g`'s memory, for the operand that has the output's shape (its
/// dimension type `D`): `g · c` for a rule whose partial is the constant `c`.
#[track_caller]
fn adjoint_in_place<F: Float, D1: Dimension, D2: Dimension, E: Dimension, D: Dimension>(
    a: &ArrayRef<F, D1>,
    b: &ArrayRef<F, D2>,
    y: &Array<F, E>,
    mut g: Array<F, E>,
    constant: Option<f64>,
    partial: impl Fn(F, F, F) -> F,
) -> Array<F, D> {
    match constant {
        Some(c) => scale_by_constant(&mut g, c),
        None => {
            let a = a.broadcast(g.raw_dim()).expect("broadcast-compatible");
            let b = b.broadcast(g.raw_dim()).expect("broadcast-compatible");
            Zip::from(&mut g)
                .and(&a)
                .and(&b)
                .and(y)
                .for_each(|g, &a, &b, &y| *g *= partial(a, b, y));
        }
    }
    g.into_dimensionality::<D>()
        .expect("the operand has the output's shape")
}

/// `g · c` in place, for a rule whose partial is the constant `c` (`1` leaves `g` as it is).
fn scale_by_constant<F: Float, E: Dimension>(g: &mut Array<F, E>, c: f64) {
    if c != 1.0 {
        let c = F::from_f64_lossy(c);
        g.mapv_inplace(|v| v * c);
    }
}

/// **Panics**, naming the operation, if the adjoint `g` does not have the shape of the output
/// of operands of shapes `a` and `b`.
#[track_caller]
fn check_adjoint<R: BinaryRule>(g: &[usize], a: &[usize], b: &[usize]) {
    let out: IxDyn = broadcast_shape(R::NAME, a, b);
    assert!(
        g == out.slice(),
        "adjoint: {}: an adjoint of shape {g:?} does not match the output's shape {:?} (operands of shapes {a:?} and {b:?})",
        R::NAME,
        out.slice()
    );
}

/// `g ⊙ partial(a, b, y)` over the broadcast output shape, before reducing to an operand's shape.
#[track_caller]
fn scale_by_partial<F: Float, D1: Dimension, D2: Dimension, E: Dimension>(
    a: &ArrayRef<F, D1>,
    b: &ArrayRef<F, D2>,
    y: &Array<F, E>,
    g: &Array<F, E>,
    partial: impl Fn(F, F, F) -> F,
) -> Array<F, E> {
    let mismatch = || -> ! {
        panic!(
            "adjoint: an adjoint of shape {:?} does not match the output of operands of shapes {:?} and {:?}",
            g.shape(),
            a.shape(),
            b.shape()
        )
    };
    let a = a.broadcast(g.raw_dim()).unwrap_or_else(|| mismatch());
    let b = b.broadcast(g.raw_dim()).unwrap_or_else(|| mismatch());
    workspace::zip4(g, &a, &b, y, |g, a, b, y| g * partial(a, b, y))
}

/// The output type of a binary rule applied to `A` and `B`.
pub type BinaryOutput<A, B> = <Operand<A> as BinaryOperands<Operand<B>>>::Output;

/// Applies a binary rule: the forward pass of every binary primitive.
#[track_caller]
pub fn forward<R: BinaryRule, A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    rule: &R,
    a: &A,
    b: &B,
) -> BinaryOutput<A, B>
where
    Operand<A>: BinaryOperands<Operand<B>>,
{
    a.as_operand().apply(b.as_operand(), rule)
}

/// The adjoint of the left operand of a binary rule.
#[track_caller]
pub fn vjp_lhs<R: BinaryRule, A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    rule: &R,
    g: &BinaryOutput<A, B>,
    a: &A,
    b: &B,
    y: &BinaryOutput<A, B>,
) -> <Operand<A> as BinaryOperands<Operand<B>>>::LhsTangent
where
    Operand<A>: BinaryOperands<Operand<B>>,
{
    a.as_operand().vjp_lhs(b.as_operand(), rule, y, g)
}

/// The adjoint of the right operand of a binary rule.
#[track_caller]
pub fn vjp_rhs<R: BinaryRule, A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    rule: &R,
    g: &BinaryOutput<A, B>,
    a: &A,
    b: &B,
    y: &BinaryOutput<A, B>,
) -> <Operand<A> as BinaryOperands<Operand<B>>>::RhsTangent
where
    Operand<A>: BinaryOperands<Operand<B>>,
{
    a.as_operand().vjp_rhs(b.as_operand(), rule, y, g)
}

/// [`vjp_lhs`] computed in the memory of `g`, which the caller gives up.
#[track_caller]
pub fn vjp_lhs_owned<R: BinaryRule, A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    rule: &R,
    g: BinaryOutput<A, B>,
    a: &A,
    b: &B,
    y: &BinaryOutput<A, B>,
) -> <Operand<A> as BinaryOperands<Operand<B>>>::LhsTangent
where
    Operand<A>: BinaryOperands<Operand<B>>,
{
    a.as_operand().vjp_lhs_owned(b.as_operand(), rule, y, g)
}

/// [`vjp_rhs`] computed in the memory of `g`, which the caller gives up.
#[track_caller]
pub fn vjp_rhs_owned<R: BinaryRule, A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    rule: &R,
    g: BinaryOutput<A, B>,
    a: &A,
    b: &B,
    y: &BinaryOutput<A, B>,
) -> <Operand<A> as BinaryOperands<Operand<B>>>::RhsTangent
where
    Operand<A>: BinaryOperands<Operand<B>>,
{
    a.as_operand().vjp_rhs_owned(b.as_operand(), rule, y, g)
}

/// `a + b`; the partials are `1` and `1`.
pub struct Add;
impl BinaryRule for Add {
    const NAME: &'static str = "`+`";
    fn constant_partials(&self) -> Option<(f64, f64)> {
        Some((1.0, 1.0))
    }
    fn value<F: Float>(&self, a: F, b: F) -> F {
        a + b
    }
    fn d_lhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::one()
    }
    fn d_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::one()
    }
}

/// `a - b`; the partials are `1` and `-1`.
pub struct Sub;
impl BinaryRule for Sub {
    const NAME: &'static str = "`-`";
    fn constant_partials(&self) -> Option<(f64, f64)> {
        Some((1.0, -1.0))
    }
    fn value<F: Float>(&self, a: F, b: F) -> F {
        a - b
    }
    fn d_lhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::one()
    }
    fn d_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        -F::one()
    }
}

/// `a · b`; the partials are `b` and `a`.
pub struct Mul;
impl BinaryRule for Mul {
    const NAME: &'static str = "`*`";
    fn value<F: Float>(&self, a: F, b: F) -> F {
        a * b
    }
    fn d_lhs<F: Float>(&self, _: F, b: F, _: F) -> F {
        b
    }
    fn d_rhs<F: Float>(&self, a: F, _: F, _: F) -> F {
        a
    }
}

/// `a / b`; the partials are `1/b` and `-a/b² = -y/b`.
pub struct Div;
impl BinaryRule for Div {
    const NAME: &'static str = "`/`";
    fn value<F: Float>(&self, a: F, b: F) -> F {
        a / b
    }
    fn d_lhs<F: Float>(&self, _: F, b: F, _: F) -> F {
        b.recip()
    }
    fn d_rhs<F: Float>(&self, _: F, b: F, y: F) -> F {
        -y / b
    }
}

/// `aᵇ`; the partials are `b·aᵇ⁻¹` and `aᵇ·ln a` (taken as `0` where `a = 0`, the limit used
/// by PyTorch and JAX so that `0^b` does not poison the exponent's gradient).
pub struct Powf;
impl BinaryRule for Powf {
    const NAME: &'static str = "`powf`";
    fn value<F: Float>(&self, a: F, b: F) -> F {
        a.powf(b)
    }
    fn d_lhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        if b == F::zero() {
            F::zero()
        } else {
            b * a.powf(b - F::one())
        }
    }
    fn d_rhs<F: Float>(&self, a: F, _: F, y: F) -> F {
        if a == F::zero() {
            F::zero()
        } else {
            y * a.ln()
        }
    }
}

/// The leaky rectifier of `x` with slope `α` below zero: `x` where `x > 0`, `αx` elsewhere.
/// The partials are `1` or `α` in `x` (`α` at 0), and `0` or `x` in `α`.
pub struct LeakyRelu;
impl BinaryRule for LeakyRelu {
    const NAME: &'static str = "`leaky_relu`";
    fn value<F: Float>(&self, x: F, alpha: F) -> F {
        if x > F::zero() { x } else { alpha * x }
    }
    fn d_lhs<F: Float>(&self, x: F, alpha: F, _: F) -> F {
        if x > F::zero() { F::one() } else { alpha }
    }
    fn d_rhs<F: Float>(&self, x: F, _: F, _: F) -> F {
        if x > F::zero() { F::zero() } else { x }
    }
}

/// `max(a, b)`; the whole gradient goes to `a` where `a ≥ b` (a tie favours the receiver).
pub struct Max;
impl BinaryRule for Max {
    const NAME: &'static str = "`max`";
    fn value<F: Float>(&self, a: F, b: F) -> F {
        a.max(b)
    }
    fn d_lhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        if a >= b || b.is_nan() {
            F::one()
        } else {
            F::zero()
        }
    }
    fn d_rhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        if a >= b || b.is_nan() {
            F::zero()
        } else {
            F::one()
        }
    }
}

/// `min(a, b)`; the whole gradient goes to `a` where `a ≤ b` (a tie favours the receiver).
pub struct Min;
impl BinaryRule for Min {
    const NAME: &'static str = "`min`";
    fn value<F: Float>(&self, a: F, b: F) -> F {
        a.min(b)
    }
    fn d_lhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        if a <= b || b.is_nan() {
            F::one()
        } else {
            F::zero()
        }
    }
    fn d_rhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        if a <= b || b.is_nan() {
            F::zero()
        } else {
            F::one()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// Partial derivatives at one point, against the calculus by hand.
    #[test]
    fn partials_at_a_point() {
        let (a, b) = (3.0_f64, 2.0_f64);
        assert_eq!((Add.d_lhs(a, b, 5.0), Add.d_rhs(a, b, 5.0)), (1.0, 1.0));
        assert_eq!((Sub.d_lhs(a, b, 1.0), Sub.d_rhs(a, b, 1.0)), (1.0, -1.0));
        // d(ab)/da = b, d(ab)/db = a
        assert_eq!((Mul.d_lhs(a, b, 6.0), Mul.d_rhs(a, b, 6.0)), (2.0, 3.0));
        // d(a/b)/da = 1/b, d(a/b)/db = -a/b²
        assert_eq!((Div.d_lhs(a, b, 1.5), Div.d_rhs(a, b, 1.5)), (0.5, -0.75));
        // d aᵇ/da = b aᵇ⁻¹ = 6, d aᵇ/db = aᵇ ln a = 9 ln 3
        assert_eq!(Powf.d_lhs(a, b, 9.0), 6.0);
        assert!((Powf.d_rhs(a, b, 9.0) - 9.0 * 3.0_f64.ln()).abs() < 1e-12);
    }

    /// A tie in `max`/`min` sends the whole gradient to the receiver.
    #[test]
    fn ties_go_to_the_receiver() {
        assert_eq!(
            (Max.d_lhs(1.0_f64, 1.0, 1.0), Max.d_rhs(1.0_f64, 1.0, 1.0)),
            (1.0, 0.0)
        );
        assert_eq!(
            (Min.d_lhs(1.0_f64, 1.0, 1.0), Min.d_rhs(1.0_f64, 1.0, 1.0)),
            (1.0, 0.0)
        );
        assert_eq!(
            (Max.d_lhs(0.0_f64, 1.0, 1.0), Max.d_rhs(0.0_f64, 1.0, 1.0)),
            (0.0, 1.0)
        );
    }

    /// A bias added to every row receives the sum of the rows' adjoints.
    #[test]
    fn broadcast_adjoints_are_summed() {
        let x = array![[1.0_f64, 2.0], [3.0, 4.0], [5.0, 6.0]];
        let b = array![10.0_f64, 20.0];
        let y = forward(&Add, &x, &b);
        assert_eq!(y, array![[11.0, 22.0], [13.0, 24.0], [15.0, 26.0]]);
        let g = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
        assert_eq!(vjp_rhs(&Add, &g, &x, &b, &y), array![9.0, 12.0]);
        assert_eq!(vjp_lhs(&Add, &g, &x, &b, &y), g);
        // x * 2: the scalar's adjoint is Σ g·x
        let y = forward(&Mul, &x, &2.0);
        assert_eq!(vjp_rhs(&Mul, &g, &x, &2.0, &y), 91.0);
    }

    #[test]
    #[should_panic(expected = "adjoint: `+`: cannot broadcast shapes [3, 2] and [3]")]
    fn incompatible_shapes_name_the_operation_and_both_shapes() {
        let x = array![[1.0_f64, 2.0], [3.0, 4.0], [5.0, 6.0]];
        let _ = forward(&Add, &x, &array![1.0, 2.0, 3.0]);
    }

    #[test]
    #[should_panic(expected = "adjoint: `max`: cannot broadcast shapes [2] and [3, 1, 3]")]
    fn incompatible_shapes_of_a_method() {
        let _ = forward(&Max, &array![1.0_f64, 2.0], &Array::zeros((3, 1, 3)));
    }

    #[test]
    #[should_panic(
        expected = "adjoint: `*`: an adjoint of shape [2, 3] does not match the output's shape [3, 2] (operands of shapes [3, 2] and [2])"
    )]
    fn an_adjoint_of_the_wrong_shape_names_the_operation() {
        let x = array![[1.0_f64, 2.0], [3.0, 4.0], [5.0, 6.0]];
        let b = array![1.0, 2.0];
        let y = forward(&Mul, &x, &b);
        let _ = vjp_rhs(&Mul, &Array::zeros((2, 3)), &x, &b, &y);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: `/`: an adjoint of shape [2] does not match the output's shape [3] (operands of shapes [] and [3])"
    )]
    fn an_adjoint_of_the_wrong_shape_with_a_float_operand() {
        let b = array![1.0_f64, 2.0, 4.0];
        let y = forward(&Div, &1.0, &b);
        let _ = vjp_lhs(&Div, &array![1.0, 1.0], &1.0, &b, &y);
    }
}

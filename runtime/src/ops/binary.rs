//! Element-wise functions of two operands (`+ - * /`, `powf`, `max`, `min`, `hypot`, `atan2`): each rule gives the
//! value and the two partial derivatives of one pair of elements; [`BinaryOperands`] applies it
//! to floats and arrays with ndarray's broadcasting and reduces adjoints back to each operand's
//! shape. Forward mode ([`jvp`]) and the tangents of the adjoints ([`vjp_lhs_jvp`],
//! [`vjp_rhs_jvp`], from the rules' second partials) broadcast the same way.

use ndarray::{Array, ArrayRef, ArrayView, DimMax, Dimension, IxDyn, Zip, aview0};

use crate::broadcast::{reduce_scaled, unbroadcast};
use crate::{AsOperand, Float, Operand, Params, workspace};

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
    /// `∂²f/∂a²` at `(a, b)`, given `y = f(a, b)`.
    fn d_lhs_lhs<F: Float>(&self, a: F, b: F, y: F) -> F;
    /// `∂²f/∂a∂b` at `(a, b)`, given `y = f(a, b)`.
    fn d_lhs_rhs<F: Float>(&self, a: F, b: F, y: F) -> F;
    /// `∂²f/∂b²` at `(a, b)`, given `y = f(a, b)`.
    fn d_rhs_rhs<F: Float>(&self, a: F, b: F, y: F) -> F;
}

/// A pair of operands (float or array, on either side) that a binary rule applies to.
pub trait BinaryOperands<Rhs: ?Sized> {
    /// The result (and its adjoint): a float if both are floats, else the broadcast array.
    type Output: Params;
    /// The adjoint of the left operand: its own shape.
    type LhsTangent: Params;
    /// The adjoint of the right operand: its own shape.
    type RhsTangent: Params;
    /// `f(a, b)` element-wise, broadcasting.
    fn apply<R: BinaryRule>(&self, rhs: &Rhs, rule: &R) -> Self::Output;
    /// `f(a, b)` as the compound assignment `a op= b` leaves it: laid out in memory as `a`
    /// (a column-major `a` stays column-major), so that what later reads the result in memory
    /// order (a sum) adds in the same order as the function does.
    fn apply_assign<R: BinaryRule>(&self, rhs: &Rhs, rule: &R) -> Self::Output {
        self.apply(rhs, rule)
    }
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
    /// `∂f/∂a ⊙ da + ∂f/∂b ⊙ db` over the output's shape (forward mode); `None` is zero.
    fn jvp<R: BinaryRule>(
        &self,
        rhs: &Rhs,
        rule: &R,
        y: &Self::Output,
        da: Option<&Self::LhsTangent>,
        db: Option<&Self::RhsTangent>,
    ) -> Self::Output;
    /// The tangent of [`vjp_lhs`](Self::vjp_lhs) along `(da, db, dg)`:
    /// `dg ⊙ ∂f/∂a + g ⊙ (∂²f/∂a² ⊙ da + ∂²f/∂a∂b ⊙ db)`, summed over the axes along which `a`
    /// was broadcast.
    #[allow(clippy::too_many_arguments)]
    fn vjp_lhs_jvp<R: BinaryRule>(
        &self,
        rhs: &Rhs,
        rule: &R,
        y: &Self::Output,
        g: &Self::Output,
        da: Option<&Self::LhsTangent>,
        db: Option<&Self::RhsTangent>,
        dg: Option<&Self::Output>,
    ) -> Self::LhsTangent;
    /// The tangent of [`vjp_rhs`](Self::vjp_rhs) along `(da, db, dg)`:
    /// `dg ⊙ ∂f/∂b + g ⊙ (∂²f/∂a∂b ⊙ da + ∂²f/∂b² ⊙ db)`, summed over the axes along which `b`
    /// was broadcast.
    #[allow(clippy::too_many_arguments)]
    fn vjp_rhs_jvp<R: BinaryRule>(
        &self,
        rhs: &Rhs,
        rule: &R,
        y: &Self::Output,
        g: &Self::Output,
        da: Option<&Self::LhsTangent>,
        db: Option<&Self::RhsTangent>,
        dg: Option<&Self::Output>,
    ) -> Self::RhsTangent;
}

/// Which operand's adjoint a tangent of an adjoint is taken of.
#[derive(Clone, Copy)]
enum Side {
    Lhs,
    Rhs,
}

/// The operands, output and tangents of a binary rule as views broadcast to the output's shape:
/// every form of operand (float, array of any shape) reaches the same loops.
struct Broadcast<'a, F, E: Dimension> {
    a: ArrayView<'a, F, E>,
    b: ArrayView<'a, F, E>,
    y: ArrayView<'a, F, E>,
    da: Option<ArrayView<'a, F, E>>,
    db: Option<ArrayView<'a, F, E>>,
}

impl<'a, F: Float, E: Dimension> Broadcast<'a, F, E> {
    /// Checks every shape against the operands' and broadcasts them to the output `y`.
    #[track_caller]
    fn new<R: BinaryRule, D1: Dimension, D2: Dimension>(
        function: &str,
        a: &'a ArrayRef<F, D1>,
        b: &'a ArrayRef<F, D2>,
        y: &'a ArrayRef<F, E>,
        da: Option<&'a ArrayRef<F, D1>>,
        db: Option<&'a ArrayRef<F, D2>>,
    ) -> Self {
        let out: IxDyn = broadcast_shape(R::NAME, a.shape(), b.shape());
        assert!(
            y.shape() == out.slice(),
            "adjoint: {function} ({}): `y` has shape {:?}, but the output of operands of shapes {:?} and {:?} has shape {:?}",
            R::NAME,
            y.shape(),
            a.shape(),
            b.shape(),
            out.slice()
        );
        let check = |name: &str, found: &[usize], expected: &[usize]| {
            assert!(
                found == expected,
                "adjoint: {function} ({}): `{name}` has shape {found:?}, but its operand has shape {expected:?}",
                R::NAME
            );
        };
        if let Some(da) = &da {
            check("da", da.shape(), a.shape());
        }
        if let Some(db) = &db {
            check("db", db.shape(), b.shape());
        }
        let to_output = |v: &'a ArrayRef<F, D1>| {
            v.broadcast(y.raw_dim())
                .expect("the output's shape is the broadcast shape")
        };
        let to_output2 = |v: &'a ArrayRef<F, D2>| {
            v.broadcast(y.raw_dim())
                .expect("the output's shape is the broadcast shape")
        };
        Self {
            a: to_output(a),
            b: to_output2(b),
            da: da.map(to_output),
            db: db.map(to_output2),
            y: y.view(),
        }
    }

    /// `∂f/∂a ⊙ da + ∂f/∂b ⊙ db` over the output's shape.
    fn jvp<R: BinaryRule>(&self, rule: &R) -> Array<F, E> {
        let mut out = workspace::zeros(self.y.raw_dim());
        if let Some(da) = &self.da {
            self.add(&mut out, da, None, |a, b, y| rule.d_lhs(a, b, y));
        }
        if let Some(db) = &self.db {
            self.add(&mut out, db, None, |a, b, y| rule.d_rhs(a, b, y));
        }
        out
    }

    /// The tangent of one operand's adjoint over the output's shape, before it is summed over
    /// the operand's broadcast axes.
    #[track_caller]
    fn vjp_jvp<R: BinaryRule>(
        &self,
        function: &str,
        rule: &R,
        side: Side,
        g: &ArrayRef<F, E>,
        dg: Option<&ArrayRef<F, E>>,
    ) -> Array<F, E> {
        for (name, v) in [("g", Some(g)), ("dg", dg)] {
            if let Some(v) = v {
                assert!(
                    v.shape() == self.y.shape(),
                    "adjoint: {function} ({}): `{name}` has shape {:?}, but the output has shape {:?}",
                    R::NAME,
                    v.shape(),
                    self.y.shape()
                );
            }
        }
        let mut out = workspace::zeros(self.y.raw_dim());
        let first = move |a, b, y| match side {
            Side::Lhs => rule.d_lhs(a, b, y),
            Side::Rhs => rule.d_rhs(a, b, y),
        };
        if let Some(dg) = dg {
            self.add(&mut out, dg, None, first);
        }
        if let Some(da) = &self.da {
            self.add(&mut out, da, Some(g), |a, b, y| match side {
                Side::Lhs => rule.d_lhs_lhs(a, b, y),
                Side::Rhs => rule.d_lhs_rhs(a, b, y),
            });
        }
        if let Some(db) = &self.db {
            self.add(&mut out, db, Some(g), |a, b, y| match side {
                Side::Lhs => rule.d_lhs_rhs(a, b, y),
                Side::Rhs => rule.d_rhs_rhs(a, b, y),
            });
        }
        out
    }

    /// `out += [g ⊙] t ⊙ partial(a, b, y)`.
    fn add(
        &self,
        out: &mut Array<F, E>,
        t: &ArrayRef<F, E>,
        g: Option<&ArrayRef<F, E>>,
        partial: impl Fn(F, F, F) -> F,
    ) {
        let zip = Zip::from(out).and(&self.a).and(&self.b).and(&self.y).and(t);
        match g {
            None => zip.for_each(|o, &a, &b, &y, &t| *o += t * partial(a, b, y)),
            Some(g) => zip
                .and(g)
                .for_each(|o, &a, &b, &y, &t, &g| *o += g * t * partial(a, b, y)),
        }
    }
}

/// The sum of every element of a pooled array, which goes back to the workspace: the adjoint
/// of a float operand broadcast over an array.
fn sum_and_recycle<F: Float, E: Dimension>(full: Array<F, E>) -> F {
    let sum = full.sum();
    workspace::recycle_array(full);
    sum
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
    fn jvp<R: BinaryRule>(&self, rhs: &F, rule: &R, y: &F, da: Option<&F>, db: Option<&F>) -> F {
        let (a, b, y) = (*self, *rhs, *y);
        da.map_or(F::zero(), |&da| da * rule.d_lhs(a, b, y))
            + db.map_or(F::zero(), |&db| db * rule.d_rhs(a, b, y))
    }
    fn vjp_lhs_jvp<R: BinaryRule>(
        &self,
        rhs: &F,
        rule: &R,
        y: &F,
        g: &F,
        da: Option<&F>,
        db: Option<&F>,
        dg: Option<&F>,
    ) -> F {
        let (a, b, y, g) = (*self, *rhs, *y, *g);
        dg.map_or(F::zero(), |&dg| dg * rule.d_lhs(a, b, y))
            + da.map_or(F::zero(), |&da| g * da * rule.d_lhs_lhs(a, b, y))
            + db.map_or(F::zero(), |&db| g * db * rule.d_lhs_rhs(a, b, y))
    }
    fn vjp_rhs_jvp<R: BinaryRule>(
        &self,
        rhs: &F,
        rule: &R,
        y: &F,
        g: &F,
        da: Option<&F>,
        db: Option<&F>,
        dg: Option<&F>,
    ) -> F {
        let (a, b, y, g) = (*self, *rhs, *y, *g);
        dg.map_or(F::zero(), |&dg| dg * rule.d_rhs(a, b, y))
            + da.map_or(F::zero(), |&da| g * da * rule.d_lhs_rhs(a, b, y))
            + db.map_or(F::zero(), |&db| g * db * rule.d_rhs_rhs(a, b, y))
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
    #[track_caller]
    fn jvp<R: BinaryRule>(
        &self,
        rhs: &F,
        rule: &R,
        y: &Array<F, D>,
        da: Option<&Array<F, D>>,
        db: Option<&F>,
    ) -> Array<F, D> {
        let b = aview0(rhs);
        let da = da.map(|t| &**t);
        let db = db.map(aview0);
        let db = db.as_deref();
        Broadcast::new::<R, _, _>("binary::jvp", self, &b, y, da, db).jvp(rule)
    }
    #[track_caller]
    fn vjp_lhs_jvp<R: BinaryRule>(
        &self,
        rhs: &F,
        rule: &R,
        y: &Array<F, D>,
        g: &Array<F, D>,
        da: Option<&Array<F, D>>,
        db: Option<&F>,
        dg: Option<&Array<F, D>>,
    ) -> Array<F, D> {
        const FUNCTION: &str = "binary::vjp_lhs_jvp";
        let (b, db) = (aview0(rhs), db.map(aview0));
        let (da, db) = (da.map(|t| &**t), db.as_deref());
        Broadcast::new::<R, _, _>(FUNCTION, self, &b, y, da, db).vjp_jvp(
            FUNCTION,
            rule,
            Side::Lhs,
            g,
            dg.map(|t| &**t),
        )
    }
    #[track_caller]
    fn vjp_rhs_jvp<R: BinaryRule>(
        &self,
        rhs: &F,
        rule: &R,
        y: &Array<F, D>,
        g: &Array<F, D>,
        da: Option<&Array<F, D>>,
        db: Option<&F>,
        dg: Option<&Array<F, D>>,
    ) -> F {
        const FUNCTION: &str = "binary::vjp_rhs_jvp";
        let (b, db) = (aview0(rhs), db.map(aview0));
        let (da, db) = (da.map(|t| &**t), db.as_deref());
        sum_and_recycle(
            Broadcast::new::<R, _, _>(FUNCTION, self, &b, y, da, db).vjp_jvp(
                FUNCTION,
                rule,
                Side::Rhs,
                g,
                dg.map(|t| &**t),
            ),
        )
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
    #[track_caller]
    fn jvp<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D>,
        rule: &R,
        y: &Array<F, D>,
        da: Option<&F>,
        db: Option<&Array<F, D>>,
    ) -> Array<F, D> {
        let a = aview0(self);
        let da = da.map(aview0);
        let da = da.as_deref();
        let db = db.map(|t| &**t);
        Broadcast::new::<R, _, _>("binary::jvp", &a, rhs, y, da, db).jvp(rule)
    }
    #[track_caller]
    fn vjp_lhs_jvp<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D>,
        rule: &R,
        y: &Array<F, D>,
        g: &Array<F, D>,
        da: Option<&F>,
        db: Option<&Array<F, D>>,
        dg: Option<&Array<F, D>>,
    ) -> F {
        const FUNCTION: &str = "binary::vjp_lhs_jvp";
        let (a, da) = (aview0(self), da.map(aview0));
        let (da, db) = (da.as_deref(), db.map(|t| &**t));
        sum_and_recycle(
            Broadcast::new::<R, _, _>(FUNCTION, &a, rhs, y, da, db).vjp_jvp(
                FUNCTION,
                rule,
                Side::Lhs,
                g,
                dg.map(|t| &**t),
            ),
        )
    }
    #[track_caller]
    fn vjp_rhs_jvp<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D>,
        rule: &R,
        y: &Array<F, D>,
        g: &Array<F, D>,
        da: Option<&F>,
        db: Option<&Array<F, D>>,
        dg: Option<&Array<F, D>>,
    ) -> Array<F, D> {
        const FUNCTION: &str = "binary::vjp_rhs_jvp";
        let (a, da) = (aview0(self), da.map(aview0));
        let (da, db) = (da.as_deref(), db.map(|t| &**t));
        Broadcast::new::<R, _, _>(FUNCTION, &a, rhs, y, da, db).vjp_jvp(
            FUNCTION,
            rule,
            Side::Rhs,
            g,
            dg.map(|t| &**t),
        )
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
    fn apply_assign<R: BinaryRule>(&self, rhs: &ArrayRef<F, D2>, rule: &R) -> Self::Output {
        let shape: <D1 as DimMax<D2>>::Output = broadcast_shape(R::NAME, self.shape(), rhs.shape());
        // A row-major `a` gets the layout `apply` makes, in one pass.
        if shape.slice() != self.shape() || self.is_standard_layout() {
            return self.apply(rhs, rule);
        }
        let mut out = workspace::copy(self)
            .into_dimensionality::<<D1 as DimMax<D2>>::Output>()
            .expect("the result has the left operand's shape");
        let b = rhs.broadcast(shape).expect("shape is broadcast-compatible");
        out.zip_mut_with(&b, |a, &b| *a = rule.value(*a, b));
        out
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

    #[track_caller]
    fn jvp<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D2>,
        rule: &R,
        y: &Self::Output,
        da: Option<&Array<F, D1>>,
        db: Option<&Array<F, D2>>,
    ) -> Self::Output {
        let (da, db) = (da.map(|t| &**t), db.map(|t| &**t));
        Broadcast::new::<R, _, _>("binary::jvp", self, rhs, y, da, db).jvp(rule)
    }

    #[track_caller]
    fn vjp_lhs_jvp<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D2>,
        rule: &R,
        y: &Self::Output,
        g: &Self::Output,
        da: Option<&Array<F, D1>>,
        db: Option<&Array<F, D2>>,
        dg: Option<&Self::Output>,
    ) -> Array<F, D1> {
        const FUNCTION: &str = "binary::vjp_lhs_jvp";
        let (da, db) = (da.map(|t| &**t), db.map(|t| &**t));
        let full = Broadcast::new::<R, _, _>(FUNCTION, self, rhs, y, da, db).vjp_jvp(
            FUNCTION,
            rule,
            Side::Lhs,
            g,
            dg.map(|t| &**t),
        );
        unbroadcast(full, self.raw_dim())
    }

    #[track_caller]
    fn vjp_rhs_jvp<R: BinaryRule>(
        &self,
        rhs: &ArrayRef<F, D2>,
        rule: &R,
        y: &Self::Output,
        g: &Self::Output,
        da: Option<&Array<F, D1>>,
        db: Option<&Array<F, D2>>,
        dg: Option<&Self::Output>,
    ) -> Array<F, D2> {
        const FUNCTION: &str = "binary::vjp_rhs_jvp";
        let (da, db) = (da.map(|t| &**t), db.map(|t| &**t));
        let full = Broadcast::new::<R, _, _>(FUNCTION, self, rhs, y, da, db).vjp_jvp(
            FUNCTION,
            rule,
            Side::Rhs,
            g,
            dg.map(|t| &**t),
        );
        unbroadcast(full, rhs.raw_dim())
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

/// Applies a binary rule as the compound assignment `a op= b` does: the result laid out in
/// memory as `a`, which keeps its layout when updated in place.
///
/// ```
/// use adjoint_runtime::ops::binary::{self, Sub};
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0]].reversed_axes();
/// let y = binary::forward_assign(&Sub, &a, &array![[0.5, 0.5], [0.5, 0.5]]);
/// assert_eq!(y, &a - 0.5);
/// assert_eq!(y.strides(), a.strides());
/// ```
#[track_caller]
pub fn forward_assign<R: BinaryRule, A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    rule: &R,
    a: &A,
    b: &B,
) -> BinaryOutput<A, B>
where
    Operand<A>: BinaryOperands<Operand<B>>,
{
    a.as_operand().apply_assign(b.as_operand(), rule)
}

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

/// The tangent type of the left operand `A` of a binary rule with right operand `B`: its own shape.
pub type LhsTangent<A, B> = <Operand<A> as BinaryOperands<Operand<B>>>::LhsTangent;
/// The tangent type of the right operand `B` of a binary rule with left operand `A`.
pub type RhsTangent<A, B> = <Operand<A> as BinaryOperands<Operand<B>>>::RhsTangent;

/// The tangent `∂f/∂a·da + ∂f/∂b·db` of the output `y = f(a, b)` of a binary rule (forward
/// mode), broadcast as [`forward`] broadcasts; each tangent has its operand's shape and `None`
/// is zero.
///
/// ```
/// use adjoint_runtime::ops::binary::{self, Mul};
/// use ndarray::array;
/// let (x, w) = (array![[1.0_f64, 2.0], [3.0, 4.0]], array![10.0, 20.0]);
/// let y = binary::forward(&Mul, &x, &w);
/// // d(x ⊙ w) = dx ⊙ w + x ⊙ dw, with w broadcast over the rows
/// let dy = binary::jvp(&Mul, &x, &w, &y, None, Some(&array![1.0, 0.5]));
/// assert_eq!(dy, array![[1.0, 1.0], [3.0, 2.0]]);
/// ```
///
/// **Panics**, naming the function and the argument, if `y`, `da` or `db` has the wrong shape.
#[track_caller]
pub fn jvp<R: BinaryRule, A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    rule: &R,
    a: &A,
    b: &B,
    y: &BinaryOutput<A, B>,
    da: Option<&LhsTangent<A, B>>,
    db: Option<&RhsTangent<A, B>>,
) -> BinaryOutput<A, B>
where
    Operand<A>: BinaryOperands<Operand<B>>,
{
    a.as_operand().jvp(b.as_operand(), rule, y, da, db)
}

/// The tangent of [`vjp_lhs`]'s result when `a`, `b` and the output's adjoint `g` move along
/// `da`, `db` and `dg` (forward over reverse): `dg·∂f/∂a + g·(∂²f/∂a²·da + ∂²f/∂a∂b·db)`,
/// summed over the axes along which `a` was broadcast. The arguments are [`vjp_lhs`]'s, then
/// the tangents; `None` is zero.
///
/// ```
/// use adjoint_runtime::ops::binary::{self, Mul};
/// use ndarray::array;
/// let (x, w) = (array![[1.0_f64, 2.0], [3.0, 4.0]], array![10.0, 20.0]);
/// let y = binary::forward(&Mul, &x, &w);
/// let g = array![[1.0, 1.0], [1.0, 1.0]];
/// // vjp_lhs = g ⊙ w; its tangent along dw alone is g ⊙ dw
/// let t = binary::vjp_lhs_jvp(&Mul, &g, &x, &w, &y, None, Some(&array![1.0, 0.5]), None);
/// assert_eq!(t, array![[1.0, 0.5], [1.0, 0.5]]);
/// ```
///
/// **Panics**, naming the function and the argument, if `y`, `g`, `da`, `db` or `dg` has the
/// wrong shape.
#[track_caller]
#[allow(clippy::too_many_arguments)]
pub fn vjp_lhs_jvp<R: BinaryRule, A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    rule: &R,
    g: &BinaryOutput<A, B>,
    a: &A,
    b: &B,
    y: &BinaryOutput<A, B>,
    da: Option<&LhsTangent<A, B>>,
    db: Option<&RhsTangent<A, B>>,
    dg: Option<&BinaryOutput<A, B>>,
) -> LhsTangent<A, B>
where
    Operand<A>: BinaryOperands<Operand<B>>,
{
    a.as_operand()
        .vjp_lhs_jvp(b.as_operand(), rule, y, g, da, db, dg)
}

/// The tangent of [`vjp_rhs`]'s result along `da`, `db` and `dg`:
/// `dg·∂f/∂b + g·(∂²f/∂a∂b·da + ∂²f/∂b²·db)`, summed over the axes along which `b` was
/// broadcast. The arguments are [`vjp_rhs`]'s, then the tangents; `None` is zero.
///
/// ```
/// use adjoint_runtime::ops::binary::{self, Mul};
/// use ndarray::array;
/// let (x, w) = (array![[1.0_f64, 2.0], [3.0, 4.0]], array![10.0, 20.0]);
/// let y = binary::forward(&Mul, &x, &w);
/// let g = array![[1.0, 1.0], [1.0, 1.0]];
/// // vjp_rhs = Σ_rows g ⊙ x; its tangent along dx alone is Σ_rows g ⊙ dx
/// let dx = array![[1.0, 0.0], [2.0, 1.0]];
/// let t = binary::vjp_rhs_jvp(&Mul, &g, &x, &w, &y, Some(&dx), None, None);
/// assert_eq!(t, array![3.0, 1.0]);
/// ```
///
/// **Panics**, naming the function and the argument, if `y`, `g`, `da`, `db` or `dg` has the
/// wrong shape.
#[track_caller]
#[allow(clippy::too_many_arguments)]
pub fn vjp_rhs_jvp<R: BinaryRule, A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    rule: &R,
    g: &BinaryOutput<A, B>,
    a: &A,
    b: &B,
    y: &BinaryOutput<A, B>,
    da: Option<&LhsTangent<A, B>>,
    db: Option<&RhsTangent<A, B>>,
    dg: Option<&BinaryOutput<A, B>>,
) -> RhsTangent<A, B>
where
    Operand<A>: BinaryOperands<Operand<B>>,
{
    a.as_operand()
        .vjp_rhs_jvp(b.as_operand(), rule, y, g, da, db, dg)
}

/// `a + b`; the partials are `1` and `1`.
/// The second partials are `0`: the rule is linear.
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
    fn d_lhs_lhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_lhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_rhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
}

/// `a - b`; the partials are `1` and `-1`.
/// The second partials are `0`: the rule is linear.
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
    fn d_lhs_lhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_lhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_rhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
}

/// `a · b`; the partials are `b` and `a`.
/// The second partials are `0`, `1` (mixed) and `0`: the rule is bilinear.
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
    fn d_lhs_lhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_lhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::one()
    }
    fn d_rhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
}

/// `a / b`; the partials are `1/b` and `-a/b² = -y/b`.
/// The second partials are `0`, `-1/b²` (mixed) and `2a/b³ = 2y/b²`.
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
    fn d_lhs_lhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_lhs_rhs<F: Float>(&self, _: F, b: F, _: F) -> F {
        -(b * b).recip()
    }
    fn d_rhs_rhs<F: Float>(&self, _: F, b: F, y: F) -> F {
        (y + y) / (b * b)
    }
}

/// `aᵇ`; the partials are `b·aᵇ⁻¹` and `aᵇ·ln a` (taken as `0` where `a = 0`, the limit used
/// by PyTorch and JAX so that `0^b` does not poison the exponent's gradient).
/// The second partials are `b(b-1)·aᵇ⁻²`, `aᵇ⁻¹·(1 + b·ln a)` (mixed) and `aᵇ·ln² a`, with the
/// same limits at `a = 0` and `b = 0` as the first partials.
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
    fn d_lhs_lhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        if b == F::zero() || b == F::one() {
            F::zero()
        } else {
            b * (b - F::one()) * a.powf(b - F::one() - F::one())
        }
    }
    fn d_lhs_rhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        if a == F::zero() {
            a.powf(b - F::one())
        } else {
            a.powf(b - F::one()) * (F::one() + b * a.ln())
        }
    }
    fn d_rhs_rhs<F: Float>(&self, a: F, _: F, y: F) -> F {
        if a == F::zero() {
            F::zero()
        } else {
            let ln = a.ln();
            y * ln * ln
        }
    }
}

/// The leaky rectifier of `x` with slope `α` below zero: `x` where `x > 0`, `αx` elsewhere.
/// The partials are `1` or `α` in `x` (`α` at 0), and `0` or `x` in `α`.
/// The second partials are `0`, `0` or `1` (mixed: `1` where `x ≤ 0`) and `0`.
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
    fn d_lhs_lhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_lhs_rhs<F: Float>(&self, x: F, _: F, _: F) -> F {
        if x > F::zero() { F::zero() } else { F::one() }
    }
    fn d_rhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
}

/// `max(a, b)`; the whole gradient goes to `a` where `a ≥ b` (a tie favours the receiver).
/// The second partials are `0`: the rule is linear on each side of the tie.
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
    fn d_lhs_lhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_lhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_rhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
}

/// `min(a, b)`; the whole gradient goes to `a` where `a ≤ b` (a tie favours the receiver).
/// The second partials are `0`: the rule is linear on each side of the tie.
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
    fn d_lhs_lhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_lhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
    fn d_rhs_rhs<F: Float>(&self, _: F, _: F, _: F) -> F {
        F::zero()
    }
}

/// `√(a² + b²)` (`a.hypot(b)`), without overflow or underflow in the squares; the partials
/// are `a/r` and `b/r` with `r = y`.
/// The second partials are `b²/r³`, `-ab/r³` (mixed) and `a²/r³`. At the origin, the tip of a
/// cone where `hypot` has no derivative, the partials and second partials are taken as `0`
/// (as `abs'(0) = 0`, since `hypot(a, 0) = |a|`).
pub struct Hypot;
impl Hypot {
    /// `(a/r, b/r, r)`, or `None` at the origin.
    fn unit<F: Float>(a: F, b: F, r: F) -> Option<(F, F, F)> {
        (r != F::zero()).then(|| (a / r, b / r, r))
    }
}
impl BinaryRule for Hypot {
    const NAME: &'static str = "`hypot`";
    fn value<F: Float>(&self, a: F, b: F) -> F {
        a.hypot(b)
    }
    fn d_lhs<F: Float>(&self, a: F, b: F, y: F) -> F {
        Self::unit(a, b, y).map_or(F::zero(), |(u, _, _)| u)
    }
    fn d_rhs<F: Float>(&self, a: F, b: F, y: F) -> F {
        Self::unit(a, b, y).map_or(F::zero(), |(_, v, _)| v)
    }
    fn d_lhs_lhs<F: Float>(&self, a: F, b: F, y: F) -> F {
        Self::unit(a, b, y).map_or(F::zero(), |(_, v, r)| v * v / r)
    }
    fn d_lhs_rhs<F: Float>(&self, a: F, b: F, y: F) -> F {
        Self::unit(a, b, y).map_or(F::zero(), |(u, v, r)| -(u * v) / r)
    }
    fn d_rhs_rhs<F: Float>(&self, a: F, b: F, y: F) -> F {
        Self::unit(a, b, y).map_or(F::zero(), |(u, _, r)| u * u / r)
    }
}

/// The angle of the point `(b, a)` (`a.atan2(b)`, `a` the ordinate); the partials are
/// `b/r²` and `-a/r²` with `r = hypot(a, b)`.
/// The second partials are `-2ab/r⁴`, `(a² − b²)/r⁴` (mixed) and `2ab/r⁴`. At the origin,
/// where the angle has no limit, they are all taken as `0`; across the cut `a = 0, b < 0`
/// the value jumps by `2π` and the partials are those of either side.
pub struct Atan2;
impl Atan2 {
    /// `(a/r, b/r, r)` with `r = hypot(a, b)`, or `None` at the origin.
    fn unit<F: Float>(a: F, b: F) -> Option<(F, F, F)> {
        let r = a.hypot(b);
        (r != F::zero()).then(|| (a / r, b / r, r))
    }
}
impl BinaryRule for Atan2 {
    const NAME: &'static str = "`atan2`";
    fn value<F: Float>(&self, a: F, b: F) -> F {
        a.atan2(b)
    }
    fn d_lhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        Self::unit(a, b).map_or(F::zero(), |(_, v, r)| v / r)
    }
    fn d_rhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        Self::unit(a, b).map_or(F::zero(), |(u, _, r)| -u / r)
    }
    fn d_lhs_lhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        Self::unit(a, b).map_or(F::zero(), |(u, v, r)| -(u * v + u * v) / (r * r))
    }
    fn d_lhs_rhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        Self::unit(a, b).map_or(F::zero(), |(u, v, r)| (u - v) * (u + v) / (r * r))
    }
    fn d_rhs_rhs<F: Float>(&self, a: F, b: F, _: F) -> F {
        Self::unit(a, b).map_or(F::zero(), |(u, v, r)| (u * v + u * v) / (r * r))
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
        // hypot(3, 4) = 5: the partials are 3/5 and 4/5
        let (a, b) = (3.0_f64, 4.0_f64);
        assert_eq!(Hypot.value(a, b), 5.0);
        assert!((Hypot.d_lhs(a, b, 5.0) - 0.6).abs() < 1e-15);
        assert!((Hypot.d_rhs(a, b, 5.0) - 0.8).abs() < 1e-15);
        // atan2(3, 4): the partials are 4/25 and -3/25
        let y = Atan2.value(a, b);
        assert!((Atan2.d_lhs(a, b, y) - 0.16).abs() < 1e-15);
        assert!((Atan2.d_rhs(a, b, y) + 0.12).abs() < 1e-15);
    }

    /// At the origin, where neither has a derivative, `hypot` and `atan2` take `0` for every
    /// partial; `hypot` neither overflows nor underflows in its squares.
    #[test]
    fn hypot_and_atan2_at_the_origin_and_the_extremes() {
        let hypot = |a: f64, b: f64, y: f64| {
            [
                Hypot.d_lhs(a, b, y),
                Hypot.d_rhs(a, b, y),
                Hypot.d_lhs_lhs(a, b, y),
                Hypot.d_lhs_rhs(a, b, y),
                Hypot.d_rhs_rhs(a, b, y),
            ]
        };
        let atan2 = |a: f64, b: f64, y: f64| {
            [
                Atan2.d_lhs(a, b, y),
                Atan2.d_rhs(a, b, y),
                Atan2.d_lhs_lhs(a, b, y),
                Atan2.d_lhs_rhs(a, b, y),
                Atan2.d_rhs_rhs(a, b, y),
            ]
        };
        assert_eq!(hypot(0.0, 0.0, 0.0), [0.0; 5]);
        assert_eq!(atan2(0.0, 0.0, 0.0), [0.0; 5]);
        let (a, b) = (3e200_f64, 4e200);
        let r = Hypot.value(a, b);
        assert!((Hypot.d_lhs(a, b, r) - 0.6).abs() < 1e-15);
        assert!((Atan2.d_lhs(a, b, Atan2.value(a, b)) - 0.16e-200).abs() < 1e-215);
        let (a, b) = (3e-200_f64, 4e-200);
        assert!((Hypot.d_rhs(a, b, Hypot.value(a, b)) - 0.8).abs() < 1e-15);
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
    /// A float or an array as the finite-difference tests see it: a flat list of values.
    trait Values<F: Float>: Sized {
        /// `self + h·d`.
        fn moved(&self, h: F, d: &Self) -> Self;
        /// The same shape, filled with `offset + k/17` for integers `k` from `seed` (grid points
        /// that never tie between `offset` and `offset + 1/34`).
        fn pattern(&self, offset: f64, seed: usize) -> Self;
        fn values(&self) -> Vec<f64>;
    }

    fn grid<F: Float>(offset: f64, seed: usize, i: usize) -> F {
        F::from_f64_lossy(offset + ((seed * 7 + i * 5) % 17) as f64 / 17.0)
    }

    impl<F: Float> Values<F> for F {
        fn moved(&self, h: F, d: &F) -> F {
            *self + h * *d
        }
        fn pattern(&self, offset: f64, seed: usize) -> F {
            grid(offset, seed, 0)
        }
        fn values(&self) -> Vec<f64> {
            vec![self.to_f64_exact()]
        }
    }

    impl<F: Float, D: Dimension> Values<F> for Array<F, D> {
        fn moved(&self, h: F, d: &Self) -> Self {
            Zip::from(self).and(d).map_collect(|&a, &d| a + h * d)
        }
        fn pattern(&self, offset: f64, seed: usize) -> Self {
            let mut out = self.clone();
            for (i, v) in out.iter_mut().enumerate() {
                *v = grid(offset, seed, i);
            }
            out
        }
        fn values(&self) -> Vec<f64> {
            self.iter().map(|v| v.to_f64_exact()).collect()
        }
    }

    /// Every combination of `Some`/`None` tangents: `(da, db, dg)` present or not.
    const PRESENT: [(bool, bool, bool); 8] = [
        (true, true, true),
        (true, true, false),
        (true, false, true),
        (false, true, true),
        (true, false, false),
        (false, true, false),
        (false, false, true),
        (false, false, false),
    ];

    /// `jvp`, `vjp_lhs_jvp` and `vjp_rhs_jvp` of `rule` at `(a, b)` against central differences
    /// of `forward`, `vjp_lhs` and `vjp_rhs` along every combination of tangents.
    #[allow(clippy::too_many_arguments)]
    fn check_tangents<F, R, A, B>(
        rule: &R,
        what: &str,
        a: &A,
        b: &B,
        offsets: (f64, f64),
        step: f64,
        tol: f64,
    ) where
        F: Float,
        R: BinaryRule,
        A: AsOperand + Values<F>,
        B: AsOperand + Values<F>,
        Operand<A>: BinaryOperands<Operand<B>, LhsTangent = A, RhsTangent = B>,
        BinaryOutput<A, B>: Values<F>,
    {
        let a = a.pattern(offsets.0, 1);
        let b = b.pattern(offsets.1 + 1.0 / 34.0, 2);
        let (da, db) = (a.pattern(-0.5, 3), b.pattern(-0.5, 4));
        let y = forward(rule, &a, &b);
        let (g, dg) = (y.pattern(-0.5, 5), y.pattern(-0.5, 6));
        let h = F::from_f64_lossy(step);
        let compare = |name: &str,
                       present: (bool, bool, bool),
                       exact: Vec<f64>,
                       plus: Vec<f64>,
                       minus: Vec<f64>| {
            assert_eq!(exact.len(), plus.len(), "{what}: {name}: length");
            for (i, ((e, p), m)) in exact.iter().zip(&plus).zip(&minus).enumerate() {
                let numeric = (p - m) / (2.0 * step);
                assert!(
                    (e - numeric).abs() <= tol * numeric.abs().max(1.0),
                    "{what}: {name} along (da, db, dg) present = {present:?}, element {i}: {e}, central differences give {numeric}"
                );
            }
        };
        for present in PRESENT {
            let zero_or = |on: bool, t: F| if on { t } else { F::zero() };
            let at = |t: F| {
                (
                    a.moved(zero_or(present.0, t), &da),
                    b.moved(zero_or(present.1, t), &db),
                    g.moved(zero_or(present.2, t), &dg),
                )
            };
            let ((ap, bp, gp), (am, bm, gm)) = (at(h), at(-h));
            let (yp, ym) = (forward(rule, &ap, &bp), forward(rule, &am, &bm));
            let da = present.0.then_some(&da);
            let db = present.1.then_some(&db);
            let dg = present.2.then_some(&dg);
            let exact = jvp(rule, &a, &b, &y, da, db).values();
            compare("jvp", present, exact, yp.values(), ym.values());
            let exact = vjp_lhs_jvp(rule, &g, &a, &b, &y, da, db, dg).values();
            let plus = vjp_lhs(rule, &gp, &ap, &bp, &yp).values();
            let minus = vjp_lhs(rule, &gm, &am, &bm, &ym).values();
            compare("vjp_lhs_jvp", present, exact, plus, minus);
            let exact = vjp_rhs_jvp(rule, &g, &a, &b, &y, da, db, dg).values();
            let plus = vjp_rhs(rule, &gp, &ap, &bp, &yp).values();
            let minus = vjp_rhs(rule, &gm, &am, &bm, &ym).values();
            compare("vjp_rhs_jvp", present, exact, plus, minus);
        }
    }

    /// Every rule over every broadcasting combination `forward` accepts.
    fn tangents_match_differences<F: Float>(step: f64, tol: f64) {
        // Operand values start at these offsets: inside each rule's domain and away from its
        // kinks (`powf` needs a > 0, `/` a divisor away from 0, `leaky_relu` x of both signs,
        // `hypot` and `atan2` a point away from the origin, and `atan2` away from its cut
        // `a = 0, b < 0`: `b > 0` while `a` takes both signs).
        macro_rules! each_rule {
            ($a:expr, $b:expr, $shapes:expr) => {{
                let rules = (
                    (Add, (-0.5, -0.5)),
                    (Sub, (-0.5, -0.5)),
                    (Mul, (-0.5, -0.5)),
                    (Div, (-0.5, 0.5)),
                    (Powf, (0.5, -0.5)),
                    (LeakyRelu, (-0.5, 0.0)),
                    (Max, (-0.5, -0.5)),
                    (Min, (-0.5, -0.5)),
                    (Hypot, (-0.5, 0.5)),
                    (Atan2, (-0.5, 0.5)),
                );
                let what = |name: &str| format!("{name} on {}", $shapes);
                check_tangents(&rules.0.0, &what("+"), &$a, &$b, rules.0.1, step, tol);
                check_tangents(&rules.1.0, &what("-"), &$a, &$b, rules.1.1, step, tol);
                check_tangents(&rules.2.0, &what("*"), &$a, &$b, rules.2.1, step, tol);
                check_tangents(&rules.3.0, &what("/"), &$a, &$b, rules.3.1, step, tol);
                check_tangents(&rules.4.0, &what("powf"), &$a, &$b, rules.4.1, step, tol);
                check_tangents(
                    &rules.5.0,
                    &what("leaky_relu"),
                    &$a,
                    &$b,
                    rules.5.1,
                    step,
                    tol,
                );
                check_tangents(&rules.6.0, &what("max"), &$a, &$b, rules.6.1, step, tol);
                check_tangents(&rules.7.0, &what("min"), &$a, &$b, rules.7.1, step, tol);
                check_tangents(&rules.8.0, &what("hypot"), &$a, &$b, rules.8.1, step, tol);
                check_tangents(&rules.9.0, &what("atan2"), &$a, &$b, rules.9.1, step, tol);
            }};
        }
        let float = F::zero();
        let vector = Array::<F, _>::zeros(3);
        let matrix = Array::<F, _>::zeros((2, 3));
        let column = Array::<F, _>::zeros((2, 1));
        let row = Array::<F, _>::zeros((1, 3));
        each_rule!(float, float, "float ∘ float");
        each_rule!(float, vector, "float ∘ [3]");
        each_rule!(matrix, float, "[2, 3] ∘ float");
        each_rule!(vector, matrix, "[3] ∘ [2, 3]");
        each_rule!(matrix, vector, "[2, 3] ∘ [3]");
        each_rule!(column, row, "[2, 1] ∘ [1, 3]");
        each_rule!(matrix, column, "[2, 3] ∘ [2, 1]");
        each_rule!(matrix, matrix, "[2, 3] ∘ [2, 3]");
    }

    #[test]
    fn tangents_match_differences_f64() {
        tangents_match_differences::<f64>(1e-5, 1e-6);
    }

    #[test]
    fn tangents_match_differences_f32() {
        tangents_match_differences::<f32>(1e-2, 2e-2);
    }

    /// The second partials against central differences of the first partials.
    #[test]
    fn second_partials_match_differences() {
        macro_rules! check {
            ($rule:expr, $name:expr, $a:expr, $b:expr) => {{
                let (rule, a, b, h) = ($rule, $a, $b, 1e-6_f64);
                let first = |a: f64, b: f64| {
                    let y = rule.value(a, b);
                    (rule.d_lhs(a, b, y), rule.d_rhs(a, b, y))
                };
                let y = rule.value(a, b);
                let by_a = (
                    (first(a + h, b).0 - first(a - h, b).0) / (2.0 * h),
                    (first(a + h, b).1 - first(a - h, b).1) / (2.0 * h),
                );
                let by_b = (first(a, b + h).0 - first(a, b - h).0) / (2.0 * h);
                let by_b_rhs = (first(a, b + h).1 - first(a, b - h).1) / (2.0 * h);
                let cases = [
                    ("∂²/∂a²", rule.d_lhs_lhs(a, b, y), by_a.0),
                    ("∂²/∂a∂b (from ∂/∂a)", rule.d_lhs_rhs(a, b, y), by_b),
                    ("∂²/∂a∂b (from ∂/∂b)", rule.d_lhs_rhs(a, b, y), by_a.1),
                    ("∂²/∂b²", rule.d_rhs_rhs(a, b, y), by_b_rhs),
                ];
                for (which, exact, numeric) in cases {
                    assert!(
                        (exact - numeric).abs() <= 1e-6 * numeric.abs().max(1.0),
                        "{} {which} at ({a}, {b}): {exact}, central differences give {numeric}",
                        $name
                    );
                }
            }};
        }
        for (a, b) in [(0.7, 1.3), (1.9, -0.6), (-0.8, 0.4), (2.5, 2.1)] {
            check!(Add, "+", a, b);
            check!(Sub, "-", a, b);
            check!(Mul, "*", a, b);
            check!(Div, "/", a, b);
            check!(LeakyRelu, "leaky_relu", a, b);
            check!(Max, "max", a, b);
            check!(Min, "min", a, b);
            check!(Powf, "powf", a.abs(), b);
            check!(Hypot, "hypot", a, b);
            check!(Atan2, "atan2", a, b);
        }
    }

    #[test]
    #[should_panic(
        expected = "adjoint: binary::jvp (`*`): `db` has shape [2], but its operand has shape [3]"
    )]
    fn a_tangent_of_the_wrong_shape_names_the_function_and_argument() {
        let x = Array::<f64, _>::zeros((2, 3));
        let w = Array::<f64, _>::zeros(3);
        let y = forward(&Mul, &x, &w);
        let _ = jvp(&Mul, &x, &w, &y, None, Some(&Array::zeros(2)));
    }

    #[test]
    #[should_panic(
        expected = "adjoint: binary::vjp_rhs_jvp (`/`): `dg` has shape [3, 2], but the output has shape [2, 3]"
    )]
    fn a_cotangent_tangent_of_the_wrong_shape_names_the_argument() {
        let x = Array::<f64, _>::ones((2, 3));
        let y = forward(&Div, &x, &2.0);
        let _ = vjp_rhs_jvp(
            &Div,
            &y,
            &x,
            &2.0,
            &y,
            None,
            None,
            Some(&Array::zeros((3, 2))),
        );
    }
}

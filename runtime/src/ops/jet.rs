//! Numbers that carry derivatives through a closure's operations, for the element-wise rules
//! of [`closure`](super::closure): each operation is the float rule of the primitive it stands
//! for, applied by the chain rule. On floats they give the value; on [`Jet1`] the value and one
//! directional derivative; on [`Gradient`] the derivatives with respect to every input; on
//! [`HyperDual`] two directional derivatives and the mixed second derivative. So a closure runs once per element, with nothing stored between its operations.
//!
//! The value of each operation is the rule's own `value`, so a closure's result equals
//! `mapv`'s to the bit.

use crate::Float;
use crate::ops::binary::BinaryRule;
use crate::ops::unary::UnaryRule;

/// A number the closure's operations run on: a float, or a float with its derivatives with
/// respect to the element.
pub trait Jet: Copy {
    /// The float type.
    type Elem: Float;
    /// The value.
    fn value(&self) -> Self::Elem;
    /// A constant: its derivatives are zero.
    fn constant(value: Self::Elem) -> Self;
    /// `rule` applied, by the chain rule.
    fn unary<R: UnaryRule>(self, rule: &R) -> Self;
    /// `rule` applied to `self` and `rhs`, by the chain rule.
    fn binary<R: BinaryRule>(self, rule: &R, rhs: Self) -> Self;
}

impl<F: Float> Jet for F {
    type Elem = F;
    fn value(&self) -> F {
        *self
    }
    fn constant(value: F) -> F {
        value
    }
    fn unary<R: UnaryRule>(self, rule: &R) -> F {
        rule.value(self)
    }
    fn binary<R: BinaryRule>(self, rule: &R, rhs: F) -> F {
        rule.value(self, rhs)
    }
}

/// A value and its first derivative.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Jet1<F> {
    /// The value.
    pub value: F,
    /// Its derivative.
    pub d: F,
}

impl<F: Float> Jet for Jet1<F> {
    type Elem = F;
    fn value(&self) -> F {
        self.value
    }
    fn constant(value: F) -> Self {
        Jet1 {
            value,
            d: F::zero(),
        }
    }
    fn unary<R: UnaryRule>(self, rule: &R) -> Self {
        let value = rule.value(self.value);
        let d = rule.derivative(self.value, value) * self.d;
        Jet1 { value, d }
    }
    fn binary<R: BinaryRule>(self, rule: &R, rhs: Self) -> Self {
        let (a, b) = (self.value, rhs.value);
        let value = rule.value(a, b);
        let d = rule.d_lhs(a, b, value) * self.d + rule.d_rhs(a, b, value) * rhs.d;
        Jet1 { value, d }
    }
}

/// A value and its gradient with respect to each of `A` elements (`dx`, one per array a closure
/// maps) and to each of `S` floats the closure reads (`ds`): one run of a closure on these
/// gives every adjoint of an element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gradient<F, const A: usize, const S: usize> {
    /// The value.
    pub value: F,
    /// Its derivatives with respect to the elements.
    pub dx: [F; A],
    /// Its derivatives with respect to the floats.
    pub ds: [F; S],
}

impl<F: Float, const A: usize, const S: usize> Jet for Gradient<F, A, S> {
    type Elem = F;
    fn value(&self) -> F {
        self.value
    }
    fn constant(value: F) -> Self {
        Gradient {
            value,
            dx: [F::zero(); A],
            ds: [F::zero(); S],
        }
    }
    fn unary<R: UnaryRule>(self, rule: &R) -> Self {
        let value = rule.value(self.value);
        let d1 = rule.derivative(self.value, value);
        Gradient {
            value,
            dx: self.dx.map(|d| d1 * d),
            ds: self.ds.map(|d| d1 * d),
        }
    }
    fn binary<R: BinaryRule>(self, rule: &R, rhs: Self) -> Self {
        let (a, b) = (self.value, rhs.value);
        let value = rule.value(a, b);
        let (fa, fb) = (rule.d_lhs(a, b, value), rule.d_rhs(a, b, value));
        Gradient {
            value,
            dx: std::array::from_fn(|k| fa * self.dx[k] + fb * rhs.dx[k]),
            ds: std::array::from_fn(|j| fa * self.ds[j] + fb * rhs.ds[j]),
        }
    }
}

/// A value with two first derivatives, along directions `a` and `b`, and the mixed second
/// derivative `ab` (a hyper-dual number): seeded with `a` along one input and `b` along a
/// tangent, `ab` is that input's row of the Hessian times the tangent, what forward over
/// reverse needs. With `a = b` it is the second derivative along one direction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HyperDual<F> {
    /// The value.
    pub value: F,
    /// Its derivative along the first direction.
    pub a: F,
    /// Its derivative along the second direction.
    pub b: F,
    /// Its mixed second derivative along both.
    pub ab: F,
}

impl<F: Float> Jet for HyperDual<F> {
    type Elem = F;
    fn value(&self) -> F {
        self.value
    }
    fn constant(value: F) -> Self {
        HyperDual {
            value,
            a: F::zero(),
            b: F::zero(),
            ab: F::zero(),
        }
    }
    /// `∂a∂b (r∘t) = r''(t)·t_a·t_b + r'(t)·t_ab`.
    fn unary<R: UnaryRule>(self, rule: &R) -> Self {
        let x = self.value;
        let value = rule.value(x);
        let (d1, d2) = (rule.derivative(x, value), rule.second_derivative(x, value));
        HyperDual {
            value,
            a: d1 * self.a,
            b: d1 * self.b,
            ab: d2 * self.a * self.b + d1 * self.ab,
        }
    }
    /// `∂a∂b f(l, r) = f_ll·l_a·l_b + f_lr·(l_a·r_b + l_b·r_a) + f_rr·r_a·r_b + f_l·l_ab +
    /// f_r·r_ab`.
    fn binary<R: BinaryRule>(self, rule: &R, rhs: Self) -> Self {
        let (l, r) = (self, rhs);
        let value = rule.value(l.value, r.value);
        let (fl, fr) = (
            rule.d_lhs(l.value, r.value, value),
            rule.d_rhs(l.value, r.value, value),
        );
        let (fll, flr, frr) = (
            rule.d_lhs_lhs(l.value, r.value, value),
            rule.d_lhs_rhs(l.value, r.value, value),
            rule.d_rhs_rhs(l.value, r.value, value),
        );
        HyperDual {
            value,
            a: fl * l.a + fr * r.a,
            b: fl * l.b + fr * r.b,
            ab: fll * l.a * l.b
                + flr * (l.a * r.b + l.b * r.a)
                + frr * r.a * r.b
                + fl * l.ab
                + fr * r.ab,
        }
    }
}

/// `rule(x)`.
#[inline]
pub fn unary<J: Jet, R: UnaryRule>(rule: &R, x: &J) -> J {
    x.unary(rule)
}

/// `rule(a, b)`.
#[inline]
pub fn binary<J: Jet, R: BinaryRule>(rule: &R, a: &J, b: &J) -> J {
    a.binary(rule, *b)
}

/// A constant of the closure (a literal, or a float it reads that carries no derivative) as a
/// jet of the type of `like`, the element.
#[inline]
pub fn constant<J: Jet>(_like: &J, x: J::Elem) -> J {
    J::constant(x)
}

/// A float behind any number of references, read by method call: `(&&x).to_element()`.
pub trait ToElement {
    /// The float type.
    type Elem;
    /// The float.
    fn to_element(&self) -> Self::Elem;
}

impl<F: Float> ToElement for F {
    type Elem = F;
    fn to_element(&self) -> F {
        *self
    }
}

/// The value of a jet, for a rule typed by its operand (`clamp`).
#[inline]
pub fn value<J: Jet>(x: &J) -> J::Elem {
    x.value()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::binary::{Add, Div, Mul};
    use crate::ops::unary::{Exp, Ln, Tanh};

    /// `f(v, s) = ln(1 + e^(s·v)) / (1 + tanh v)`, on any jet.
    fn f<J: Jet<Elem = f64>>(v: J, s: J) -> J {
        // A constant read through references, as a closure may capture it.
        #[allow(clippy::needless_borrow)]
        let one = constant(&v, (&&1.0).to_element());
        let e = unary(&Exp, &binary(&Mul, &s, &v));
        let numerator = unary(&Ln, &binary(&Add, &one, &e));
        binary(&Div, &numerator, &binary(&Add, &one, &unary(&Tanh, &v)))
    }

    fn jet1(value: f64, d: f64) -> Jet1<f64> {
        Jet1 { value, d }
    }

    fn hyper(value: f64, a: f64, b: f64) -> HyperDual<f64> {
        HyperDual {
            value,
            a,
            b,
            ab: 0.0,
        }
    }

    /// The jets' first derivatives, and the hyper-dual numbers' mixed second derivatives,
    /// against central differences of the float run.
    #[test]
    fn jets_carry_first_and_mixed_second_derivatives() {
        let h = 1e-4;
        for (v, s) in [(-0.7_f64, 1.5), (0.1, -2.0), (1.3, 0.4)] {
            let by_v = f(jet1(v, 1.0), jet1(s, 0.0));
            let by_s = f(jet1(v, 0.0), jet1(s, 1.0));
            assert_eq!(by_v.value, f(v, s));
            let dv = (f(v + h, s) - f(v - h, s)) / (2.0 * h);
            let ds = (f(v, s + h) - f(v, s - h)) / (2.0 * h);
            assert!((by_v.d - dv).abs() < 1e-7, "{} vs {dv}", by_v.d);
            assert!((by_s.d - ds).abs() < 1e-7, "{} vs {ds}", by_s.d);
            let gradient = f(
                Gradient {
                    value: v,
                    dx: [1.0],
                    ds: [0.0],
                },
                Gradient {
                    value: s,
                    dx: [0.0],
                    ds: [1.0],
                },
            );
            assert_eq!((gradient.dx[0], gradient.ds[0]), (by_v.d, by_s.d));
            // ∂v of the derivative along t = (tv, ts): a on v, b along t.
            let (tv, ts) = (0.3, -1.1);
            let mixed = f(hyper(v, 1.0, tv), hyper(s, 0.0, ts));
            assert_eq!(mixed.value, f(v, s));
            assert!((mixed.a - by_v.d).abs() < 1e-15);
            assert!((mixed.b - (tv * by_v.d + ts * by_s.d)).abs() < 1e-14);
            let along = |e: f64| {
                let (v, s) = (v + e * tv, s + e * ts);
                (f(v + h, s) - f(v - h, s)) / (2.0 * h)
            };
            let expected = (along(h) - along(-h)) / (2.0 * h);
            assert!(
                (mixed.ab - expected).abs() < 1e-5,
                "{} vs {expected}",
                mixed.ab
            );
            // With both directions the same, the second derivative along one direction.
            let second = f(hyper(v, 1.0, 1.0), hyper(s, 0.0, 0.0)).ab;
            let expected = (f(v + h, s) - 2.0 * f(v, s) + f(v - h, s)) / (h * h);
            assert!((second - expected).abs() < 1e-5, "{second} vs {expected}");
        }
    }
}

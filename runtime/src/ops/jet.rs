//! A closure mapped over an array (`x.mapv(|v| …)`) as one element-wise rule: its operations,
//! each the float rule of the primitive it stands for, run on jets, truncated Taylor series of
//! one variable. On floats they give the value; on [`Jet1`] the value and the first
//! derivative; on [`Jet2`] the second derivative too. So the whole closure is one pass over the
//! array forward and one backward, with nothing stored between its operations.
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

/// A value and its first and second derivatives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Jet2<F> {
    /// The value.
    pub value: F,
    /// Its first derivative.
    pub d: F,
    /// Its second derivative.
    pub dd: F,
}

impl<F: Float> Jet for Jet2<F> {
    type Elem = F;
    fn value(&self) -> F {
        self.value
    }
    fn constant(value: F) -> Self {
        Jet2 {
            value,
            d: F::zero(),
            dd: F::zero(),
        }
    }
    /// `(r∘t)'' = r''(t)·t'² + r'(t)·t''`.
    fn unary<R: UnaryRule>(self, rule: &R) -> Self {
        let x = self.value;
        let value = rule.value(x);
        let (d1, d2) = (rule.derivative(x, value), rule.second_derivative(x, value));
        Jet2 {
            value,
            d: d1 * self.d,
            dd: d2 * self.d * self.d + d1 * self.dd,
        }
    }
    /// `f(a, b)'' = f_aa·a'² + 2·f_ab·a'·b' + f_bb·b'² + f_a·a'' + f_b·b''`.
    fn binary<R: BinaryRule>(self, rule: &R, rhs: Self) -> Self {
        let (a, b) = (self.value, rhs.value);
        let value = rule.value(a, b);
        let (fa, fb) = (rule.d_lhs(a, b, value), rule.d_rhs(a, b, value));
        let (faa, fab, fbb) = (
            rule.d_lhs_lhs(a, b, value),
            rule.d_lhs_rhs(a, b, value),
            rule.d_rhs_rhs(a, b, value),
        );
        let two = F::one() + F::one();
        Jet2 {
            value,
            d: fa * self.d + fb * rhs.d,
            dd: faa * self.d * self.d
                + two * fab * self.d * rhs.d
                + fbb * rhs.d * rhs.d
                + fa * self.dd
                + fb * rhs.dd,
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

/// `(f(x), f'(x)·dx)`, from `f` run on jets.
#[inline]
pub fn first<F: Float>(x: F, dx: F, f: impl Fn(Jet1<F>) -> Jet1<F>) -> (F, F) {
    let y = f(Jet1 { value: x, d: dx });
    (y.value, y.d)
}

/// `g·f''(x)·dx`, from `f` run on jets.
#[inline]
pub fn second<F: Float>(x: F, dx: F, g: F, f: impl Fn(Jet2<F>) -> Jet2<F>) -> Option<F> {
    let y = f(Jet2 {
        value: x,
        d: F::one(),
        dd: F::zero(),
    });
    Some(g * y.dd * dx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::binary::{Add, Div, Mul};
    use crate::ops::unary::{Exp, Ln, Tanh};

    /// `f(v) = ln(1 + e^(2v)) / (1 + tanh v)`, run on floats and jets, against its derivatives
    /// by central differences of the float run.
    #[test]
    fn jets_carry_the_first_and_second_derivatives() {
        fn f<J: Jet<Elem = f64>>(v: J) -> J {
            let two = constant(&v, 2.0);
            // A constant read through references, as a closure may capture it.
            #[allow(clippy::needless_borrow)]
            let one = constant(&v, (&&1.0).to_element());
            let e = unary(&Exp, &binary(&Mul, &two, &v));
            let numerator = unary(&Ln, &binary(&Add, &one, &e));
            binary(&Div, &numerator, &binary(&Add, &one, &unary(&Tanh, &v)))
        }
        for x in [-0.7_f64, 0.1, 1.3] {
            let h = 1e-4;
            let (value, d) = first(x, 1.0, f);
            assert_eq!(value, f(x));
            let d_by_differences = (f(x + h) - f(x - h)) / (2.0 * h);
            assert!(
                (d - d_by_differences).abs() < 1e-7,
                "{d} vs {d_by_differences}"
            );
            let dd = second(x, 1.0, 1.0, f).unwrap();
            let dd_by_differences = (f(x + h) - 2.0 * f(x) + f(x - h)) / (h * h);
            assert!(
                (dd - dd_by_differences).abs() < 1e-5,
                "{dd} vs {dd_by_differences}"
            );
            // The direction and the adjoint scale the result.
            assert!((first(x, 3.0, f).1 - 3.0 * d).abs() < 1e-14);
            assert_eq!(second(x, 0.5, 2.0, f), Some(2.0 * dd * 0.5));
        }
    }
}

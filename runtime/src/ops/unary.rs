//! Element-wise functions of one operand (`x.exp()`, `-x`, `relu`, …): each rule gives the value
//! and the local derivative of one element; [`UnaryOperand`] maps it over floats and arrays.

use ndarray::{Array, ArrayRef, Dimension, Zip};

use crate::{AsOperand, Float, Operand, workspace};

/// The calculus of an element-wise function: its value and its local derivative.
///
/// `derivative(x, y)` is `dy/dx` at `x`, given the value `y = value(x)` (many derivatives are
/// cheapest in terms of the output, e.g. `exp' = y`).
pub trait UnaryRule {
    /// `f(x)`.
    fn value<F: Float>(&self, x: F) -> F;
    /// `f'(x)`, given `y = f(x)`.
    fn derivative<F: Float>(&self, x: F, y: F) -> F;
}

/// A float or array that an element-wise rule maps over.
pub trait UnaryOperand {
    /// The element type.
    type Elem: Float;
    /// The result (and its adjoint): `F` for a float, `Array<F, D>` for an array.
    type Output;
    /// Applies the rule to every element.
    fn map_rule<R: UnaryRule>(&self, rule: &R) -> Self::Output;
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
}

impl<F: Float> UnaryOperand for F {
    type Elem = F;
    type Output = F;
    fn map_rule<R: UnaryRule>(&self, rule: &R) -> F {
        rule.value(*self)
    }
    fn vjp_rule<R: UnaryRule>(&self, rule: &R, y: &F, g: &F) -> F {
        *g * rule.derivative(*self, *y)
    }
    fn vjp_rule_owned<R: UnaryRule>(&self, rule: &R, y: &F, g: F) -> F {
        self.vjp_rule(rule, y, &g)
    }
}

impl<F: Float, D: Dimension> UnaryOperand for ArrayRef<F, D> {
    type Elem = F;
    type Output = Array<F, D>;
    fn map_rule<R: UnaryRule>(&self, rule: &R) -> Array<F, D> {
        workspace::map(self, |x| rule.value(x))
    }
    #[track_caller]
    fn vjp_rule<R: UnaryRule>(&self, rule: &R, y: &Array<F, D>, g: &Array<F, D>) -> Array<F, D> {
        crate::broadcast::assert_same_shape(
            "adjoint of an element-wise function",
            self.shape(),
            g.shape(),
        );
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
        Zip::from(&mut g)
            .and(self)
            .and(y)
            .for_each(|g, &x, &y| *g *= rule.derivative(x, y));
        g
    }
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

/// `-x`; the derivative is `-1`.
pub struct Neg;
impl UnaryRule for Neg {
    fn value<F: Float>(&self, x: F) -> F {
        -x
    }
    fn derivative<F: Float>(&self, _: F, _: F) -> F {
        -F::one()
    }
}

/// `eˣ`; the derivative is `eˣ = y`.
pub struct Exp;
impl UnaryRule for Exp {
    fn value<F: Float>(&self, x: F) -> F {
        x.exp()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        y
    }
}

/// `ln x`; the derivative is `1/x`.
pub struct Ln;
impl UnaryRule for Ln {
    fn value<F: Float>(&self, x: F) -> F {
        x.ln()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        x.recip()
    }
}

/// `√x`; the derivative is `1/(2√x) = 1/(2y)`.
pub struct Sqrt;
impl UnaryRule for Sqrt {
    fn value<F: Float>(&self, x: F) -> F {
        x.sqrt()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        (y + y).recip()
    }
}

/// `sin x`; the derivative is `cos x`.
pub struct Sin;
impl UnaryRule for Sin {
    fn value<F: Float>(&self, x: F) -> F {
        x.sin()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        x.cos()
    }
}

/// `cos x`; the derivative is `-sin x`.
pub struct Cos;
impl UnaryRule for Cos {
    fn value<F: Float>(&self, x: F) -> F {
        x.cos()
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        -x.sin()
    }
}

/// `tan x`; the derivative is `1 + tan² x = 1 + y²`.
pub struct Tan;
impl UnaryRule for Tan {
    fn value<F: Float>(&self, x: F) -> F {
        x.tan()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        F::one() + y * y
    }
}

/// `tanh x`; the derivative is `1 - tanh² x = 1 - y²`.
pub struct Tanh;
impl UnaryRule for Tanh {
    fn value<F: Float>(&self, x: F) -> F {
        x.tanh()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        F::one() - y * y
    }
}

/// `|x|`; the derivative is `sign x`, with `abs'(0) = 0`.
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
}

/// `1/x`; the derivative is `-1/x² = -y²`.
pub struct Recip;
impl UnaryRule for Recip {
    fn value<F: Float>(&self, x: F) -> F {
        x.recip()
    }
    fn derivative<F: Float>(&self, _: F, y: F) -> F {
        -(y * y)
    }
}

/// `xⁿ` for an integer `n`; the derivative is `n·xⁿ⁻¹`.
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
}

/// `max(x, 0)`; the derivative is `1` for `x > 0` and `0` otherwise (`relu'(0) = 0`).
pub struct Relu;
impl UnaryRule for Relu {
    fn value<F: Float>(&self, x: F) -> F {
        if x > F::zero() { x } else { F::zero() }
    }
    fn derivative<F: Float>(&self, x: F, _: F) -> F {
        if x > F::zero() { F::one() } else { F::zero() }
    }
}

/// The logistic function `1/(1+e⁻ˣ)`, computed without overflow for any `x`; the derivative is
/// `y(1-y)`.
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `derivative(x, value(x))` of each rule at one point, against the calculus by hand.
    #[test]
    fn derivatives_at_a_point() {
        let x = 0.5_f64;
        let cases: [(&str, f64, f64); 13] = [
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
        assert_eq!(Abs.derivative(0.0_f64, 0.0), 0.0);
        assert_eq!(Powi(0).derivative(0.0_f64, 1.0), 0.0);
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
}

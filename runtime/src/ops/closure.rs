//! A closure mapped over an array (`x.mapv(|v| (v * a).tanh())`) as one element-wise rule of the
//! element and of the differentiated floats the closure reads (`a`): one pass over the array
//! forward, and one backward per operand differentiated, with nothing stored between the
//! closure's operations.
//!
//! Each rule takes the closure's body on the number type it needs: on floats for the value, on
//! [`Jet1`]s for first derivatives, on [`HyperDual`]s for forward over reverse. The macro
//! writes the same body for each, generic code that the jets' types make into each. An
//! element's adjoint is `g·∂f/∂v` at that element; a float's is the sum over the elements of
//! `g·∂f/∂a`, since the float is read by each.

use ndarray::{Array, ArrayRef, Dimension, Zip};

use std::cell::Cell;

use crate::ops::jet::{Gradient, HyperDual, Jet1};
use crate::{AsOperand, Float, workspace};

/// The closure's first derivative along `(dv, ds)` at the element `v`, the floats being `s`.
#[inline]
fn derivative<F: Float, const S: usize>(
    first: &impl Fn(Jet1<F>, [Jet1<F>; S]) -> Jet1<F>,
    s: [F; S],
    v: F,
    (dv, ds): (F, [F; S]),
) -> F {
    let scalars = std::array::from_fn(|j| Jet1 {
        value: s[j],
        d: ds[j],
    });
    first(Jet1 { value: v, d: dv }, scalars).d
}

/// The closure at the element `v` on hyper-dual numbers, the floats being `s`: directions
/// `(av, a_s)` and `(bv, bs)`.
#[inline]
fn mixed<F: Float, const S: usize>(
    second: &impl Fn(HyperDual<F>, [HyperDual<F>; S]) -> HyperDual<F>,
    s: [F; S],
    v: F,
    (av, a_s): (F, [F; S]),
    (bv, bs): (F, [F; S]),
) -> HyperDual<F> {
    let scalars = std::array::from_fn(|j| HyperDual {
        value: s[j],
        a: a_s[j],
        b: bs[j],
        ab: F::zero(),
    });
    let element = HyperDual {
        value: v,
        a: av,
        b: bv,
        ab: F::zero(),
    };
    second(element, scalars)
}

/// The unit vector along float `j`.
fn unit<F: Float, const S: usize>(j: usize) -> [F; S] {
    std::array::from_fn(|i| if i == j { F::one() } else { F::zero() })
}

/// **Panics** unless each of `arrays` (an adjoint or a tangent, named) has the shape of `x`.
/// Allocates nothing unless it panics.
#[track_caller]
fn assert_shapes<F, D: Dimension>(x: &ArrayRef<F, D>, arrays: &[(&str, Option<&Array<F, D>>)]) {
    for (what, array) in arrays {
        if let Some(array) = array
            && array.shape() != x.shape()
        {
            let what = format!("mapped closure: {what}");
            crate::broadcast::assert_same_shape(&what, x.shape(), array.shape());
        }
    }
}

/// The tangents of a closure's operands: the array's, then each float's (`None` is zero).
pub type Tangents<'a, F, D, const S: usize> = (Option<&'a Array<F, D>>, [Option<&'a F>; S]);

/// A float behind any number of references: how generated code passes the floats a closure
/// reads.
#[inline]
pub fn scalar<F: Float, A: AsOperand<Target = F> + ?Sized>(x: &A) -> F {
    *x.as_operand()
}

/// The closure `value` applied to every element of `x`, reading the floats `s`; laid out as
/// `mapv` lays out its result, and equal to it to the bit.
///
/// ```
/// use adjoint_runtime::ops::binary::Mul;
/// use adjoint_runtime::ops::closure;
/// use adjoint_runtime::ops::jet::{self, Jet};
/// use ndarray::array;
/// // v ↦ a·v², on any jet.
/// fn body<J: Jet>(v: J, [a]: [J; 1]) -> J {
///     jet::binary(&Mul, &a, &jet::binary(&Mul, &v, &v))
/// }
/// let (x, g) = (array![1.0_f64, 2.0], array![1.0, 1.0]);
/// assert_eq!(closure::forward(&x, [3.0], body), array![3.0, 12.0]);
/// let (dx, [da]) = closure::vjp(&g, &x, [3.0], (true, [true]), body);
/// assert_eq!(dx, Some(array![6.0, 12.0])); // 2·a·v
/// assert_eq!(da, Some(5.0)); // Σ v²
/// ```
pub fn forward<F: Float, D: Dimension, const S: usize>(
    x: &(impl AsOperand<Target = ArrayRef<F, D>> + ?Sized),
    s: [F; S],
    value: impl Fn(F, [F; S]) -> F,
) -> Array<F, D> {
    workspace::map(x.as_operand(), |v| value(v, s))
}

/// The adjoints of the operands that `needs` asks for: the array's, `g·∂f/∂v` at each element,
/// and each float's, the sum over the elements of `g·∂f/∂s_j`. One pass, running `gradient`,
/// the closure on [`Gradient`]s, once per element.
#[track_caller]
pub fn vjp<F: Float, D: Dimension, const S: usize>(
    g: &Array<F, D>,
    x: &(impl AsOperand<Target = ArrayRef<F, D>> + ?Sized),
    s: [F; S],
    (element, scalars): (bool, [bool; S]),
    gradient: impl Fn(Gradient<F, S>, [Gradient<F, S>; S]) -> Gradient<F, S>,
) -> (Option<Array<F, D>>, [Option<F>; S]) {
    let x = x.as_operand();
    assert_shapes(x, &[("the adjoint of the output", Some(g))]);
    let floats: [Gradient<F, S>; S] = std::array::from_fn(|j| Gradient {
        value: s[j],
        d: F::zero(),
        ds: unit(j),
    });
    let at = |v: F| {
        let element = Gradient {
            value: v,
            d: F::one(),
            ds: [F::zero(); S],
        };
        gradient(element, floats)
    };
    let sums = Cell::new([F::zero(); S]);
    let add = |g: F, ds: [F; S]| {
        let mut total = sums.get();
        for (total, d) in total.iter_mut().zip(ds) {
            *total += g * d;
        }
        sums.set(total);
    };
    let adjoint = if element {
        Some(workspace::zip2(g, x, |g, v| {
            let y = at(v);
            add(g, y.ds);
            g * y.d
        }))
    } else {
        Zip::from(g).and(x).for_each(|&g, &v| add(g, at(v).ds));
        None
    };
    let sums = sums.get();
    (
        adjoint,
        std::array::from_fn(|j| scalars[j].then_some(sums[j])),
    )
}

/// The tangent of the output when the array moves along `dx` and the floats along `ds` (`None`
/// is a zero tangent).
#[track_caller]
pub fn jvp<F: Float, D: Dimension, const S: usize>(
    x: &(impl AsOperand<Target = ArrayRef<F, D>> + ?Sized),
    s: [F; S],
    (dx, ds): Tangents<'_, F, D, S>,
    first: impl Fn(Jet1<F>, [Jet1<F>; S]) -> Jet1<F>,
) -> Array<F, D> {
    let ds = ds.map(|d| d.copied().unwrap_or_else(F::zero));
    let x = x.as_operand();
    assert_shapes(x, &[("the tangent of the array", dx)]);
    match dx {
        Some(dx) => workspace::zip2(x, dx, |v, dv| derivative(&first, s, v, (dv, ds))),
        None => workspace::map(x, |v| derivative(&first, s, v, (F::zero(), ds))),
    }
}

/// The tangent of the array's adjoint from [`vjp`] when the array moves along `dx`, the floats along `ds` and
/// the output's adjoint along `dg`: `dg·∂f/∂v + g·∂v(∇f·(dx, ds))` at each element (forward
/// over reverse, for Hessian-vector products), `second` being the closure on
/// [`HyperDual`]s.
#[track_caller]
pub fn vjp_jvp_element<F: Float, D: Dimension, const S: usize>(
    g: &Array<F, D>,
    x: &(impl AsOperand<Target = ArrayRef<F, D>> + ?Sized),
    s: [F; S],
    ((dx, ds), dg): (Tangents<'_, F, D, S>, Option<&Array<F, D>>),
    second: impl Fn(HyperDual<F>, [HyperDual<F>; S]) -> HyperDual<F>,
) -> Array<F, D> {
    let ds = ds.map(|d| d.copied().unwrap_or_else(F::zero));
    let zero = [F::zero(); S];
    let at = |g: F, v: F, dv: F, dg: F| {
        let y = mixed(&second, s, v, (F::one(), zero), (dv, ds));
        dg * y.a + g * y.ab
    };
    let (z, x) = (F::zero(), x.as_operand());
    assert_shapes(x, &named(g, dx, dg));
    match (dx, dg) {
        (Some(dx), Some(dg)) => workspace::zip4(g, x, dx, dg, at),
        (Some(dx), None) => workspace::zip3(g, x, dx, |g, v, dv| at(g, v, dv, z)),
        (None, Some(dg)) => workspace::zip3(g, x, dg, |g, v, dg| at(g, v, z, dg)),
        (None, None) => workspace::zip2(g, x, |g, v| at(g, v, z, z)),
    }
}

/// The tangent of float `j`'s adjoint from [`vjp`], as [`vjp_jvp_element`] is of the array's: the sum over the elements of `dg·∂f/∂s_j + g·∂s_j(∇f·(dx, ds))`.
#[track_caller]
pub fn vjp_jvp_scalar<F: Float, D: Dimension, const S: usize>(
    g: &Array<F, D>,
    x: &(impl AsOperand<Target = ArrayRef<F, D>> + ?Sized),
    (s, j): ([F; S], usize),
    ((dx, ds), dg): (Tangents<'_, F, D, S>, Option<&Array<F, D>>),
    second: impl Fn(HyperDual<F>, [HyperDual<F>; S]) -> HyperDual<F>,
) -> F {
    let ds = ds.map(|d| d.copied().unwrap_or_else(F::zero));
    let unit = unit(j);
    let at = |g: F, v: F, dv: F, dg: F| {
        let y = mixed(&second, s, v, (F::zero(), unit), (dv, ds));
        dg * y.a + g * y.ab
    };
    let (z, x) = (F::zero(), x.as_operand());
    assert_shapes(x, &named(g, dx, dg));
    let zip = Zip::from(g).and(x);
    match (dx, dg) {
        (Some(dx), Some(dg)) => zip
            .and(dx)
            .and(dg)
            .fold(z, |sum, &g, &v, &dv, &dg| sum + at(g, v, dv, dg)),
        (Some(dx), None) => zip
            .and(dx)
            .fold(z, |sum, &g, &v, &dv| sum + at(g, v, dv, z)),
        (None, Some(dg)) => zip
            .and(dg)
            .fold(z, |sum, &g, &v, &dg| sum + at(g, v, z, dg)),
        (None, None) => zip.fold(z, |sum, &g, &v| sum + at(g, v, z, z)),
    }
}

/// The arrays a forward-over-reverse rule checks against the array mapped, named.
fn named<'a, F, D>(
    g: &'a Array<F, D>,
    dx: Option<&'a Array<F, D>>,
    dg: Option<&'a Array<F, D>>,
) -> [(&'static str, Option<&'a Array<F, D>>); 3] {
    [
        ("the adjoint of the output", Some(g)),
        ("the tangent of the array", dx),
        ("the tangent of the output's adjoint", dg),
    ]
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, array};

    use super::*;
    use crate::ops::binary::{Add, Mul};
    use crate::ops::jet::{self, Jet};
    use crate::ops::unary::Tanh;

    /// `v ↦ tanh(a·v) + b·v·v`.
    fn body<J: Jet<Elem = f64>>(v: J, [a, b]: [J; 2]) -> J {
        let t = jet::unary(&Tanh, &jet::binary(&Mul, &a, &v));
        let q = jet::binary(&Mul, &b, &jet::binary(&Mul, &v, &v));
        jet::binary(&Add, &t, &q)
    }

    /// `Σ c ⊙ f(x; a, b)`, the scalar the tests differentiate.
    fn objective(x: &Array2<f64>, s: [f64; 2], c: &Array2<f64>) -> f64 {
        (forward(x, s, body) * c).sum()
    }

    /// Both adjoints, by one [`vjp`].
    fn adjoints(g: &Array2<f64>, x: &Array2<f64>, s: [f64; 2]) -> (Array2<f64>, [f64; 2]) {
        let (dx, ds) = vjp(g, x, s, (true, [true, true]), body);
        (dx.unwrap(), ds.map(Option::unwrap))
    }

    fn point() -> (Array2<f64>, [f64; 2], Array2<f64>) {
        let x = array![[0.3, -1.2, 0.8], [1.5, -0.4, 0.05]];
        let c = array![[1.0, -0.5, 2.0], [0.25, 1.5, -1.0]];
        (x, [0.7, -0.3], c)
    }

    /// The value is `mapv`'s to the bit, and the adjoints agree with central differences.
    #[test]
    fn adjoints_agree_with_differences() {
        let (x, s, c) = point();
        assert_eq!(forward(&x, s, body), x.mapv(|v| body(v, s)));
        let h = 1e-6;
        let (gx, gs) = adjoints(&c, &x, s);
        for index in [(0, 0), (0, 2), (1, 1)] {
            let (mut up, mut down) = (x.clone(), x.clone());
            up[index] += h;
            down[index] -= h;
            let expected = (objective(&up, s, &c) - objective(&down, s, &c)) / (2.0 * h);
            assert!((gx[index] - expected).abs() < 1e-8, "{index:?}");
        }
        for j in 0..2 {
            let (mut up, mut down) = (s, s);
            up[j] += h;
            down[j] -= h;
            let expected = (objective(&x, up, &c) - objective(&x, down, &c)) / (2.0 * h);
            let got = gs[j];
            assert!(
                (got - expected).abs() < 1e-8,
                "float {j}: {got} vs {expected}"
            );
        }
    }

    /// The tangent of the output, and the tangents of the adjoints (a Hessian-vector product
    /// of the objective), against differences of the adjoints along the tangent.
    #[test]
    fn tangents_agree_with_differences() {
        let (x, s, c) = point();
        let dx = array![[0.5, 1.0, -0.2], [0.1, 0.0, 0.9]];
        let ds = [0.4, -1.3];
        let h = 1e-6;
        let moved = |e: f64| {
            let x = &x + &(&dx * e);
            let s = [s[0] + e * ds[0], s[1] + e * ds[1]];
            (x, s)
        };
        let ((xu, su), (xd, sd)) = (moved(h), moved(-h));
        let tangent = jvp(&x, s, (Some(&dx), ds.each_ref().map(Some)), body);
        let expected = (forward(&xu, su, body) - forward(&xd, sd, body)) / (2.0 * h);
        assert!((&tangent - &expected).iter().all(|e| e.abs() < 1e-8));
        // The adjoint moves too: g = c + e·dg.
        let dg = array![[0.2, -0.1, 0.3], [1.0, 0.5, -0.7]];
        let (gu, gd) = (&c + &(&dg * h), &c - &(&dg * h));
        let tangents = (Some(&dx), ds.each_ref().map(Some));
        let hx = vjp_jvp_element(&c, &x, s, (tangents, Some(&dg)), body);
        let ((gxu, gsu), (gxd, gsd)) = (adjoints(&gu, &xu, su), adjoints(&gd, &xd, sd));
        let expected = (gxu - gxd) / (2.0 * h);
        assert!(
            (&hx - &expected).iter().all(|e| e.abs() < 1e-7),
            "{hx} vs {expected}"
        );
        for j in 0..2 {
            let got = vjp_jvp_scalar(&c, &x, (s, j), (tangents, Some(&dg)), body);
            let expected = (gsu[j] - gsd[j]) / (2.0 * h);
            assert!(
                (got - expected).abs() < 1e-7,
                "float {j}: {got} vs {expected}"
            );
        }
        // Missing tangents are zeros.
        let only_x = vjp_jvp_element(&c, &x, s, ((Some(&dx), [None, None]), None), body);
        let zeros = Array2::zeros((2, 3));
        let tangents = (Some(&dx), [Some(&0.0), Some(&0.0)]);
        let by_zeros = vjp_jvp_element(&c, &x, s, (tangents, Some(&zeros)), body);
        assert_eq!(only_x, by_zeros);
    }

    /// The adjoints asked for, and only those, are the ones both adjoints give.
    #[test]
    fn vjp_gives_what_it_is_asked_for() {
        let (x, s, c) = point();
        let (gx, gs) = adjoints(&c, &x, s);
        let (none, floats) = vjp(&c, &x, s, (false, [false, true]), body);
        assert_eq!((none, floats), (None, [None, Some(gs[1])]));
        let (array, [a, b]) = vjp(&c, &x, s, (true, [false, false]), body);
        assert_eq!((array, a, b), (Some(gx), None, None));
    }

    /// An adjoint of another shape is refused with both shapes.
    #[test]
    #[should_panic(
        expected = "mapped closure: the adjoint of the output: expected shape [2, 3], found [3, 2]"
    )]
    fn an_adjoint_of_another_shape_panics() {
        let (x, s, _) = point();
        adjoints(&Array2::zeros((3, 2)), &x, s);
    }
}

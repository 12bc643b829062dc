//! A closure mapped over arrays (`x.mapv(|v| (v * a).tanh())`,
//! `Zip::from(&a).and(&b).map_collect(|&a, &b| a * b.exp())`) as one element-wise rule of the
//! elements and of the differentiated floats the closure reads (`a`): one pass over the arrays
//! forward, and one backward, with nothing stored between the closure's operations.
//!
//! Each rule takes the closure's body on the number type it needs: on floats for the value, on
//! [`Jet1`]s for a directional derivative, on [`Gradient`]s for every first derivative at once,
//! on [`HyperDual`]s for forward over reverse. The macro writes the same body for each, generic
//! code that the jets' types make into each. An array's adjoint is `g·∂f/∂x` at each element;
//! a float's is the sum over the elements of `g·∂f/∂s`, since every element reads it.
//!
//! The elements are visited, and the results laid out, as ndarray's `mapv` does for one array
//! and its `Zip::map_collect` for several, so that a sum of a result adds in the function's
//! order.

use ndarray::{Array, ArrayRef, Dimension};

use crate::ops::jet::{Gradient, HyperDual, Jet1};
use crate::workspace::{self, Elements, Order};
use crate::{AsOperand, Float};

/// The unit vector along `k` (all zeros when `k` is out of range).
fn unit<F: Float, const N: usize>(k: usize) -> [F; N] {
    std::array::from_fn(|i| if i == k { F::one() } else { F::zero() })
}

/// An array behind any number of references: how generated code passes the arrays a closure
/// maps.
#[inline]
pub fn array<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    x: &A,
) -> &ArrayRef<F, D> {
    x.as_operand()
}

/// A float behind any number of references: how generated code passes the floats a closure
/// reads.
#[inline]
pub fn scalar<F: Float, A: AsOperand<Target = F> + ?Sized>(x: &A) -> F {
    *x.as_operand()
}

/// The tangents of a closure's operands: each array's, then each float's (`None` is zero).
pub type Tangents<'a, F, D, const A: usize, const S: usize> =
    ([Option<&'a Array<F, D>>; A], [Option<&'a F>; S]);

/// The arrays a closure maps, checked, with the order their elements are visited in.
struct Mapped<'a, F: Float, D, const A: usize> {
    xs: [&'a ArrayRef<F, D>; A],
    order: Order<'a, F, D>,
    elements: [Elements<'a, F>; A],
}

impl<'a, F: Float, D: Dimension, const A: usize> Mapped<'a, F, D, A> {
    /// **Panics** unless the arrays have one shape.
    #[track_caller]
    fn new(xs: [&'a ArrayRef<F, D>; A]) -> Self {
        assert!(A > 0, "adjoint: a mapped closure maps at least one array");
        for x in &xs[1..] {
            assert!(
                x.shape() == xs[0].shape(),
                "adjoint: the arrays zipped must have one shape: {:?} and {:?}",
                xs[0].shape(),
                x.shape()
            );
        }
        let order = if A == 1 {
            Order::of_map(xs[0])
        } else {
            Order::of_zip(&xs)
        };
        let elements = xs.map(|x| order.elements(x));
        Mapped {
            xs,
            order,
            elements,
        }
    }

    fn len(&self) -> usize {
        self.xs[0].len()
    }

    /// The elements of `a`, an adjoint or a tangent (named), in the arrays' order.
    ///
    /// **Panics** unless it has their shape.
    #[track_caller]
    fn conform<'b>(&self, what: &str, a: &'b Array<F, D>) -> Elements<'b, F>
    where
        'a: 'b,
    {
        if a.shape() != self.xs[0].shape() {
            let what = format!("mapped closure: {what}");
            crate::broadcast::assert_same_shape(&what, self.xs[0].shape(), a.shape());
        }
        self.order.elements(a)
    }

    /// The arrays' elements, each slice of the arrays' length (so that indexing them below
    /// it needs no check).
    fn slices(&self) -> [&[F]; A] {
        let n = self.len();
        std::array::from_fn(|k| &self.elements[k][..n])
    }

    /// `values`, one per element in the arrays' order, as an array of their shape.
    fn collect(&self, values: Vec<F>) -> Array<F, D> {
        self.order.array(self.xs[0].raw_dim(), values)
    }
}

/// The closure `value` applied to the elements of `xs` (one shape), reading the floats `s`;
/// equal to `mapv`'s (one array) or `Zip::map_collect`'s (several) result to the bit, and laid
/// out as theirs.
///
/// **Panics** unless the arrays have one shape.
///
/// ```
/// use adjoint_runtime::ops::binary::Mul;
/// use adjoint_runtime::ops::closure;
/// use adjoint_runtime::ops::jet::{self, Jet};
/// use ndarray::array;
/// // (v, w) ↦ a·v·w, on any jet.
/// fn body<J: Jet>([v, w]: [J; 2], [a]: [J; 1]) -> J {
///     jet::binary(&Mul, &a, &jet::binary(&Mul, &v, &w))
/// }
/// let (x, y, g) = (array![1.0_f64, 2.0], array![3.0, -1.0], array![1.0, 1.0]);
/// assert_eq!(closure::forward([&x, &y], [2.0], body), array![6.0, -4.0]);
/// let ([dx, dy], [da]) = closure::vjp(&g, [&x, &y], [2.0], ([true, true], [true]), body);
/// assert_eq!(dx, Some(array![6.0, -2.0])); // a·w
/// assert_eq!(dy, Some(array![2.0, 4.0])); // a·v
/// assert_eq!(da, Some(1.0)); // Σ v·w
/// ```
#[track_caller]
pub fn forward<F: Float, D: Dimension, const A: usize, const S: usize>(
    xs: [&ArrayRef<F, D>; A],
    s: [F; S],
    value: impl Fn([F; A], [F; S]) -> F,
) -> Array<F, D> {
    let mapped = Mapped::new(xs);
    let (n, xs) = (mapped.len(), mapped.slices());
    let mut out = workspace::take(n);
    out.extend((0..n).map(|i| value(std::array::from_fn(|k| xs[k][i]), s)));
    mapped.collect(out)
}

/// The adjoints of the operands that `needs` asks for (the arrays', then the floats'): each
/// array's, `g·∂f/∂x` at each element, and each float's, the sum over the elements of
/// `g·∂f/∂s`. One pass, running `gradient` (the closure on [`Gradient`]s) once per element.
///
/// **Panics** unless the arrays and `g` have one shape.
#[track_caller]
#[allow(clippy::type_complexity)]
pub fn vjp<F: Float, D: Dimension, const A: usize, const S: usize>(
    g: &Array<F, D>,
    xs: [&ArrayRef<F, D>; A],
    s: [F; S],
    needs: ([bool; A], [bool; S]),
    gradient: impl Fn([Gradient<F, A, S>; A], [Gradient<F, A, S>; S]) -> Gradient<F, A, S>,
) -> ([Option<Array<F, D>>; A], [Option<F>; S]) {
    let mapped = Mapped::new(xs);
    let g = mapped.conform("the adjoint of the output", g);
    let (n, xs) = (mapped.len(), mapped.slices());
    let floats: [Gradient<F, A, S>; S] = std::array::from_fn(|j| Gradient {
        value: s[j],
        dx: [F::zero(); A],
        ds: unit(j),
    });
    let mut adjoints: [Option<Vec<F>>; A] = std::array::from_fn(|k| {
        needs.0[k].then(|| {
            let mut buffer = workspace::take(n);
            buffer.resize(n, F::zero());
            buffer
        })
    });
    let mut sums = [F::zero(); S];
    {
        let mut outs: [Option<&mut [F]>; A] = adjoints
            .each_mut()
            .map(|adjoint| adjoint.as_mut().map(|buffer| &mut buffer[..n]));
        for (i, &g) in g[..n].iter().enumerate() {
            let elements = std::array::from_fn(|k| Gradient {
                value: xs[k][i],
                dx: unit(k),
                ds: [F::zero(); S],
            });
            let y = gradient(elements, floats);
            for (out, d) in outs.iter_mut().zip(y.dx) {
                if let Some(out) = out {
                    out[i] = g * d;
                }
            }
            for (sum, d) in sums.iter_mut().zip(y.ds) {
                *sum += g * d;
            }
        }
    }
    (
        adjoints.map(|adjoint| adjoint.map(|values| mapped.collect(values))),
        std::array::from_fn(|j| needs.1[j].then_some(sums[j])),
    )
}

/// The tangent of the output when the arrays move along `dxs` and the floats along `ds`
/// (`None` is a zero tangent).
///
/// **Panics** unless the arrays and the tangents have one shape.
#[track_caller]
pub fn jvp<F: Float, D: Dimension, const A: usize, const S: usize>(
    xs: [&ArrayRef<F, D>; A],
    s: [F; S],
    (dxs, ds): Tangents<'_, F, D, A, S>,
    first: impl Fn([Jet1<F>; A], [Jet1<F>; S]) -> Jet1<F>,
) -> Array<F, D> {
    let mapped = Mapped::new(xs);
    let dxs = dxs.map(|dx| dx.map(|dx| mapped.conform("the tangent of an array", dx)));
    let (n, xs) = (mapped.len(), mapped.slices());
    let dxs: [Option<&[F]>; A] = std::array::from_fn(|k| dxs[k].as_ref().map(|dx| &dx[..n]));
    let floats: [Jet1<F>; S] = std::array::from_fn(|j| Jet1 {
        value: s[j],
        d: ds[j].copied().unwrap_or_else(F::zero),
    });
    let mut out = workspace::take(n);
    out.extend((0..n).map(|i| {
        let elements = std::array::from_fn(|k| Jet1 {
            value: xs[k][i],
            d: dxs[k].map_or(F::zero(), |dx| dx[i]),
        });
        first(elements, floats).d
    }));
    mapped.collect(out)
}

/// The closure on hyper-dual numbers at element `i`: direction `a` along operand `along` (an
/// array's index, or `A + j` for float `j`), direction `b` along the tangents.
#[inline]
#[allow(clippy::too_many_arguments)]
fn mixed_at<F: Float, const A: usize, const S: usize>(
    xs: [&[F]; A],
    i: usize,
    along: usize,
    s: [F; S],
    (dxs, ds): ([Option<&[F]>; A], [F; S]),
    second: &impl Fn([HyperDual<F>; A], [HyperDual<F>; S]) -> HyperDual<F>,
) -> HyperDual<F> {
    let elements = std::array::from_fn(|k| HyperDual {
        value: xs[k][i],
        a: if k == along { F::one() } else { F::zero() },
        b: dxs[k].map_or(F::zero(), |dx| dx[i]),
        ab: F::zero(),
    });
    let floats = std::array::from_fn(|j| HyperDual {
        value: s[j],
        a: if A + j == along { F::one() } else { F::zero() },
        b: ds[j],
        ab: F::zero(),
    });
    second(elements, floats)
}

/// Gives `sink`, per element in the arrays' order, the tangent of `g` times the closure's
/// derivative along operand `along` (an array's index, or `A + j` for float `j`):
/// `dg·∂f + g·∂(∇f·(dxs, ds))`. Returns the arrays, checked.
#[track_caller]
fn adjoint_tangents<'a, F: Float, D: Dimension, const A: usize, const S: usize>(
    g: &Array<F, D>,
    xs: [&'a ArrayRef<F, D>; A],
    (s, along): ([F; S], usize),
    ((dxs, ds), dg): (Tangents<'_, F, D, A, S>, Option<&Array<F, D>>),
    second: impl Fn([HyperDual<F>; A], [HyperDual<F>; S]) -> HyperDual<F>,
    mut sink: impl FnMut(F),
) -> Mapped<'a, F, D, A> {
    let mapped = Mapped::new(xs);
    let g = mapped.conform("the adjoint of the output", g);
    let dxs = dxs.map(|dx| dx.map(|dx| mapped.conform("the tangent of an array", dx)));
    let dg = dg.map(|dg| mapped.conform("the tangent of the output's adjoint", dg));
    let ds = ds.map(|d| d.copied().unwrap_or_else(F::zero));
    let (n, xs) = (mapped.len(), mapped.slices());
    let dxs: [Option<&[F]>; A] = std::array::from_fn(|k| dxs[k].as_ref().map(|dx| &dx[..n]));
    let dg = dg.as_ref().map(|dg| &dg[..n]);
    for (i, &g) in g[..n].iter().enumerate() {
        let y = mixed_at(xs, i, along, s, (dxs, ds), &second);
        let dg = dg.map_or(F::zero(), |dg| dg[i]);
        sink(dg * y.a + g * y.ab);
    }
    mapped
}

/// The tangent of array `k`'s adjoint from [`vjp`] when the arrays move along `dxs`, the
/// floats along `ds` and the output's adjoint along `dg`: `dg·∂f/∂x_k + g·∂x_k(∇f·(dxs, ds))`
/// at each element (forward over reverse, for Hessian-vector products), `second` being the
/// closure on [`HyperDual`]s.
///
/// **Panics** unless the arrays, `g` and the tangents have one shape.
#[track_caller]
pub fn vjp_jvp_array<F: Float, D: Dimension, const A: usize, const S: usize>(
    g: &Array<F, D>,
    xs: [&ArrayRef<F, D>; A],
    (s, k): ([F; S], usize),
    moves: (Tangents<'_, F, D, A, S>, Option<&Array<F, D>>),
    second: impl Fn([HyperDual<F>; A], [HyperDual<F>; S]) -> HyperDual<F>,
) -> Array<F, D> {
    let mut values = workspace::take(g.len());
    let mapped = adjoint_tangents(g, xs, (s, k), moves, second, |v| values.push(v));
    mapped.collect(values)
}

/// The tangent of float `j`'s adjoint from [`vjp`], as [`vjp_jvp_array`] is of an array's:
/// the sum over the elements of `dg·∂f/∂s_j + g·∂s_j(∇f·(dxs, ds))`.
///
/// **Panics** unless the arrays, `g` and the tangents have one shape.
#[track_caller]
pub fn vjp_jvp_scalar<F: Float, D: Dimension, const A: usize, const S: usize>(
    g: &Array<F, D>,
    xs: [&ArrayRef<F, D>; A],
    (s, j): ([F; S], usize),
    moves: (Tangents<'_, F, D, A, S>, Option<&Array<F, D>>),
    second: impl Fn([HyperDual<F>; A], [HyperDual<F>; S]) -> HyperDual<F>,
) -> F {
    let mut sum = F::zero();
    adjoint_tangents(g, xs, (s, A + j), moves, second, |v| sum += v);
    sum
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, Zip, array, s};

    use super::*;
    use crate::ops::binary::{Add, Mul, Sub};
    use crate::ops::jet::{self, Jet};
    use crate::ops::unary::{Exp, Tanh};

    /// `(v, w) ↦ tanh(a·v) + b·v·w − e^w`.
    fn body<J: Jet<Elem = f64>>([v, w]: [J; 2], [a, b]: [J; 2]) -> J {
        let t = jet::unary(&Tanh, &jet::binary(&Mul, &a, &v));
        let q = jet::binary(&Mul, &b, &jet::binary(&Mul, &v, &w));
        jet::binary(&Sub, &jet::binary(&Add, &t, &q), &jet::unary(&Exp, &w))
    }

    type Point = ([Array2<f64>; 2], [f64; 2]);

    /// `Σ c ⊙ f(x, y; a, b)`, the scalar the tests differentiate.
    fn objective(([x, y], s): &Point, c: &Array2<f64>) -> f64 {
        (forward([x, y], *s, body) * c).sum()
    }

    fn point() -> (Point, Array2<f64>) {
        let x = array![[0.3, -1.2, 0.8], [1.5, -0.4, 0.05]];
        let y = array![[0.1, 0.7, -0.6], [0.2, -1.1, 0.4]];
        let c = array![[1.0, -0.5, 2.0], [0.25, 1.5, -1.0]];
        (([x, y], [0.7, -0.3]), c)
    }

    /// All the adjoints, by one [`vjp`].
    fn adjoints(g: &Array2<f64>, ([x, y], s): &Point) -> ([Array2<f64>; 2], [f64; 2]) {
        let (dxs, ds) = vjp(g, [x, y], *s, ([true, true], [true, true]), body);
        (dxs.map(Option::unwrap), ds.map(Option::unwrap))
    }

    /// `p` moved by `e` along `d`.
    fn moved((xs, s): &Point, (dxs, ds): &Point, e: f64) -> Point {
        (
            std::array::from_fn(|k| &xs[k] + &(&dxs[k] * e)),
            std::array::from_fn(|j| s[j] + e * ds[j]),
        )
    }

    /// The value is `Zip::map_collect`'s to the bit, and the adjoints agree with central
    /// differences.
    #[test]
    fn adjoints_agree_with_differences() {
        let (p, c) = point();
        let ([x, y], s) = &p;
        let expected = Zip::from(x).and(y).map_collect(|&v, &w| body([v, w], *s));
        assert_eq!(forward([x, y], *s, body), expected);
        let h = 1e-6;
        let (gxs, gs) = adjoints(&c, &p);
        for (k, gx) in gxs.iter().enumerate() {
            for index in [(0, 0), (0, 2), (1, 1)] {
                let mut d: Point = ([Array2::zeros((2, 3)), Array2::zeros((2, 3))], [0.0; 2]);
                d.0[k][index] = 1.0;
                let expected = (objective(&moved(&p, &d, h), &c)
                    - objective(&moved(&p, &d, -h), &c))
                    / (2.0 * h);
                assert!((gx[index] - expected).abs() < 1e-8, "{k} {index:?}");
            }
        }
        for (j, &g) in gs.iter().enumerate() {
            let mut d: Point = ([Array2::zeros((2, 3)), Array2::zeros((2, 3))], [0.0; 2]);
            d.1[j] = 1.0;
            let expected =
                (objective(&moved(&p, &d, h), &c) - objective(&moved(&p, &d, -h), &c)) / (2.0 * h);
            assert!((g - expected).abs() < 1e-8, "float {j}: {g} vs {expected}");
        }
    }

    /// The tangent of the output, and the tangents of the adjoints (a Hessian-vector product
    /// of the objective), against differences of the adjoints along the tangent.
    #[test]
    fn tangents_agree_with_differences() {
        let (p, c) = point();
        let d: Point = (
            [
                array![[0.5, 1.0, -0.2], [0.1, 0.0, 0.9]],
                array![[-0.3, 0.2, 0.6], [0.8, -0.5, 0.1]],
            ],
            [0.4, -1.3],
        );
        let h = 1e-6;
        let (up, down) = (moved(&p, &d, h), moved(&p, &d, -h));
        let ([x, y], s) = &p;
        let tangents = ([Some(&d.0[0]), Some(&d.0[1])], d.1.each_ref().map(Some));
        let tangent = jvp([x, y], *s, tangents, body);
        let ([xu, yu], [xd, yd]) = (&up.0, &down.0);
        let expected =
            (forward([xu, yu], up.1, body) - forward([xd, yd], down.1, body)) / (2.0 * h);
        assert!((&tangent - &expected).iter().all(|e| e.abs() < 1e-8));
        // The adjoint moves too: g = c + e·dg.
        let dg = array![[0.2, -0.1, 0.3], [1.0, 0.5, -0.7]];
        let (gu, gd) = (&c + &(&dg * h), &c - &(&dg * h));
        let ((gxu, gsu), (gxd, gsd)) = (adjoints(&gu, &up), adjoints(&gd, &down));
        for k in 0..2 {
            let hx = vjp_jvp_array(&c, [x, y], (*s, k), (tangents, Some(&dg)), body);
            let expected = (&gxu[k] - &gxd[k]) / (2.0 * h);
            assert!(
                (&hx - &expected).iter().all(|e| e.abs() < 1e-7),
                "{hx} vs {expected}"
            );
        }
        for j in 0..2 {
            let got = vjp_jvp_scalar(&c, [x, y], (*s, j), (tangents, Some(&dg)), body);
            let expected = (gsu[j] - gsd[j]) / (2.0 * h);
            assert!(
                (got - expected).abs() < 1e-7,
                "float {j}: {got} vs {expected}"
            );
        }
        // Missing tangents are zeros.
        let only_x = vjp_jvp_array(
            &c,
            [x, y],
            (*s, 0),
            (([Some(&d.0[0]), None], [None; 2]), None),
            body,
        );
        let zeros = Array2::zeros((2, 3));
        let by_zeros = vjp_jvp_array(
            &c,
            [x, y],
            (*s, 0),
            (
                ([Some(&d.0[0]), Some(&zeros)], [Some(&0.0); 2]),
                Some(&zeros),
            ),
            body,
        );
        assert_eq!(only_x, by_zeros);
    }

    /// The adjoints asked for, and only those, are those that all the adjoints give.
    #[test]
    fn vjp_gives_what_it_is_asked_for() {
        let (p, c) = point();
        let ([x, y], s) = &p;
        let (gxs, gs) = adjoints(&c, &p);
        let (arrays, floats) = vjp(&c, [x, y], *s, ([false, true], [false, true]), body);
        assert_eq!(arrays, [None, Some(gxs[1].clone())]);
        assert_eq!(floats, [None, Some(gs[1])]);
    }

    /// Results are laid out as `mapv` lays out its result for one array (column-major and
    /// reversed axes kept) and as `Zip::map_collect` does for several, whatever the layouts of
    /// the arrays, adjoints and tangents.
    #[test]
    fn results_are_laid_out_as_ndarray_lays_them_out() {
        let (p, c) = point();
        let ([x, y], s) = &p;
        let one = |[v]: [f64; 1], [a]: [f64; 1]| (a * v).tanh();
        let transposed = x.t().to_owned().reversed_axes();
        let views = [
            x.view(),
            x.slice(s![..;-1, ..]),
            transposed.view(),
            x.slice(s![.., ..;2]),
        ];
        for view in &views {
            let got = forward([view], [s[0]], one);
            let expected = view.mapv(|v| one([v], [s[0]]));
            assert_eq!(got, expected);
            assert_eq!(got.strides(), expected.strides());
        }
        let (xt, yt) = (
            x.t().to_owned().reversed_axes(),
            y.t().to_owned().reversed_axes(),
        );
        for (a, b) in [
            (x.view(), yt.view()),
            (xt.view(), yt.view()),
            (xt.view(), y.view()),
        ] {
            let got = forward([&a, &b], *s, body);
            let expected = Zip::from(&a).and(&b).map_collect(|&v, &w| body([v, w], *s));
            assert_eq!(got, expected);
            assert_eq!(got.strides(), expected.strides());
            // An adjoint in another layout gives the same adjoints.
            let ct = c.t().to_owned().reversed_axes();
            let (by_c, _) = vjp(&c, [&a, &b], *s, ([true, true], [false; 2]), body);
            let (by_ct, _) = vjp(&ct, [&a, &b], *s, ([true, true], [false; 2]), body);
            assert_eq!(by_c, by_ct);
        }
    }

    /// Arrays of other shapes are refused with both shapes, as are adjoints.
    #[test]
    #[should_panic(expected = "the arrays zipped must have one shape: [2, 3] and [3, 2]")]
    fn arrays_of_other_shapes_panic() {
        let ((_, s), _) = point();
        let (x, y) = (Array2::<f64>::zeros((2, 3)), Array2::<f64>::zeros((3, 2)));
        forward([&x, &y], s, body);
    }

    #[test]
    #[should_panic(
        expected = "mapped closure: the adjoint of the output: expected shape [2, 3], found [3, 2]"
    )]
    fn an_adjoint_of_another_shape_panics() {
        let (p, _) = point();
        adjoints(&Array2::zeros((3, 2)), &p);
    }
}

//! Every primitive `#[differentiable]` knows, checked against finite differences.
//!
//! Each primitive, runtime function and broadcasting combination gets a small differentiable
//! function. Its generated `_grad` (scalar outputs) and `_vjp` (every output: one seeded random
//! cotangent, plus every one-hot cotangent when the output is small, i.e. the whole Jacobian) are
//! compared with central differences by `adjoint::check`, in `f64` and in `f32`, and the value
//! they return must equal the original function's bit for bit. Literal-value tests pin a few
//! derivatives worked by hand and the documented conventions at ties and kinks.
//!
//! The whole corpus is written once, in `suite!`, and instantiated for `f64` and `f32`; every
//! test collects all its failing cases before failing, so one run shows every broken rule.

use std::fmt::Debug;
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};

use adjoint::check::Checker;
use adjoint::ndarray::{
    Array, Array0, Array1, Array2, Array3, ArrayD, ArrayView1, ArrayView2, Axis, Dimension, IxDyn,
    ShapeBuilder, array, s,
};
use adjoint::prelude::*;

// ---------------------------------------------------------------------------------------------
// Deterministic inputs

/// A seeded xorshift64* generator: reproducible inputs without a dependency.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[lo, hi)`.
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Where the inputs of a case are drawn from, chosen to keep clear of kinks and singularities
/// by more than the checker's step (`1e-2·max(1, |x|)` in `f32`).
#[derive(Clone, Copy, Debug)]
enum Domain {
    /// `[-2, 2)`: smooth functions.
    Any,
    /// `[-1, 1)`: `tan`, far from its poles.
    Unit,
    /// `[0.3, 2.5)`: `ln`, `sqrt`, the base of `powf`.
    Positive,
    /// `±[0.4, 1.6)`: divisors, `recip`, `abs`, `relu` and negative powers.
    NonZero,
    /// `[-0.8, 0.8)`: `asin`, `acos`, `atanh` and `ln_1p`, far from their poles at ±1.
    Inside,
    /// `[1.3, 3)`: `acosh`, far from its pole at 1.
    AboveOne,
    /// `[-2, 2)` without `±[0.4, 0.6]`: clear of the bounds of `clamp(-0.5, 0.5)`.
    OffBounds,
}

use Domain::{AboveOne, Any, Inside, NonZero, OffBounds, Positive, Unit};

impl Domain {
    fn sample(self, rng: &mut Rng) -> f64 {
        match self {
            Any => rng.uniform(-2.0, 2.0),
            Unit => rng.uniform(-1.0, 1.0),
            Positive => rng.uniform(0.3, 2.5),
            NonZero => {
                let magnitude = rng.uniform(0.4, 1.6);
                if rng.next_u64() & 1 == 0 {
                    magnitude
                } else {
                    -magnitude
                }
            }
            Inside => rng.uniform(-0.8, 0.8),
            AboveOne => rng.uniform(1.3, 3.0),
            OffBounds => {
                // `[0, 0.4) ∪ (0.6, 2)` of length 1.8, with a random sign.
                let t = rng.uniform(0.0, 1.8);
                let magnitude = if t < 0.4 { t } else { t + 0.2 };
                if rng.next_u64() & 1 == 0 {
                    magnitude
                } else {
                    -magnitude
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The harness

/// Outputs with at most this many elements are checked against every one-hot cotangent too.
const WHOLE_JACOBIAN_MAX: usize = 16;

/// The cases of one test: their inputs, the checker for the element type, and what failed.
struct Cases<F> {
    rng: Rng,
    checker: Checker,
    element: &'static str,
    cases: usize,
    checked: usize,
    failures: Vec<String>,
    _element: PhantomData<F>,
}

impl<F: Float + Params<Elem = F>> Cases<F> {
    fn new(seed: u64) -> Self {
        let single = size_of::<F>() == 4;
        // The f32 tolerances are the documented defaults of the checker, written out: a
        // relative step of 1e-2 keeps the rounding error of f32 central differences near 1e-5.
        let checker = if single {
            Checker::new().step(1e-2).atol(1e-2).rtol(1e-2)
        } else {
            Checker::new()
        };
        Cases {
            rng: Rng::new(seed),
            checker,
            element: if single { "f32" } else { "f64" },
            cases: 0,
            checked: 0,
            failures: Vec::new(),
            _element: PhantomData,
        }
    }

    fn s(&mut self, domain: Domain) -> F {
        F::from_f64_lossy(domain.sample(&mut self.rng))
    }

    fn v(&mut self, n: usize, domain: Domain) -> Array1<F> {
        Array1::from_shape_simple_fn(n, || F::from_f64_lossy(domain.sample(&mut self.rng)))
    }

    fn m(&mut self, shape: (usize, usize), domain: Domain) -> Array2<F> {
        Array2::from_shape_simple_fn(shape, || F::from_f64_lossy(domain.sample(&mut self.rng)))
    }

    fn array<D: Dimension>(
        &mut self,
        shape: impl ShapeBuilder<Dim = D>,
        domain: Domain,
    ) -> Array<F, D> {
        Array::from_shape_simple_fn(shape, || F::from_f64_lossy(domain.sample(&mut self.rng)))
    }

    /// A random cotangent shaped like `out`.
    fn like<O: Params<Elem = F>>(&mut self, out: &O) -> O {
        let mut cotangent = out.zeros_like();
        let rng = &mut self.rng;
        cotangent.visit_mut("", &mut |_, mut leaf| {
            leaf.mapv_inplace(|_| F::from_f64_lossy(rng.uniform(-1.0, 1.0)))
        });
        cotangent
    }

    /// Checks the value and gradient of `grad`, and the value and VJP of `vjp` with a random
    /// cotangent, against the scalar function `f` at `at`.
    fn scalar<P: Params<Elem = F> + Clone>(
        &mut self,
        label: &str,
        names: &[&str],
        at: P,
        f: impl Fn(&P) -> F,
        grad: impl Fn(&P) -> (F, P),
        vjp: impl Fn(&P, &F) -> (F, P),
    ) {
        let cotangent = self.s(NonZero);
        let checker = self.checker.clone().names(names.iter().copied());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let expected = f(&at);
            let (value, gradient) = grad(&at);
            if value != expected {
                return Err(format!(
                    "`_grad` returns the value {value:?}, the function {expected:?}"
                ));
            }
            let report = checker.check_gradient(&f, &at, &gradient);
            if !report.is_ok() {
                return Err(format!(
                    "`_grad` disagrees with finite differences at {at:?}:\n{report}",
                    at = leaves(&at)
                ));
            }
            let (value, product) = vjp(&at, &cotangent);
            if value != expected {
                return Err(format!(
                    "`_vjp` returns the value {value:?}, the function {expected:?}"
                ));
            }
            let vjp_report = checker.check_vjp(&f, &at, &cotangent, &product);
            if !vjp_report.is_ok() {
                return Err(format!(
                    "`_vjp` with cotangent {cotangent:?} disagrees with finite differences at {at:?}:\n{vjp_report}",
                    at = leaves(&at)
                ));
            }
            Ok(report.checked() + vjp_report.checked())
        }));
        self.record(label, outcome);
    }

    /// Checks the value and VJP of `vjp` against `f` at `at`, for a random cotangent and, when
    /// the output is small, for every one-hot cotangent (the whole Jacobian).
    fn vector<P, O>(
        &mut self,
        label: &str,
        names: &[&str],
        at: P,
        f: impl Fn(&P) -> O,
        vjp: impl Fn(&P, &O) -> (O, P),
    ) where
        P: Params<Elem = F> + Clone,
        O: Params<Elem = F> + PartialEq + Debug,
    {
        let expected = match catch_unwind(AssertUnwindSafe(|| f(&at))) {
            Ok(expected) => expected,
            Err(panic) => return self.record(label, Err(panic)),
        };
        let mut cotangents = vec![self.like(&expected)];
        let size = expected.num_params();
        if size <= WHOLE_JACOBIAN_MAX {
            cotangents.extend((0..size).map(|i| one_hot(&expected, i)));
        }
        let checker = self.checker.clone().names(names.iter().copied());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let mut checked = 0;
            for (k, cotangent) in cotangents.iter().enumerate() {
                let which = match k {
                    0 => "a random cotangent".to_owned(),
                    k => format!("the one-hot cotangent #{}", k - 1),
                };
                let (value, product) = vjp(&at, cotangent);
                if value != expected {
                    return Err(format!(
                        "`_vjp` returns the value {value:?}, the function {expected:?}"
                    ));
                }
                let report = checker.check_vjp(&f, &at, cotangent, &product);
                if !report.is_ok() {
                    return Err(format!(
                        "`_vjp` with {which} disagrees with finite differences at {at:?}:\n{report}",
                        at = leaves(&at)
                    ));
                }
                checked += report.checked();
            }
            Ok(checked)
        }));
        self.record(label, outcome);
    }

    fn record(&mut self, label: &str, outcome: std::thread::Result<Result<usize, String>>) {
        let label = label.trim_start_matches("primitives::");
        self.cases += 1;
        match outcome {
            Ok(Ok(checked)) => self.checked += checked,
            Ok(Err(failure)) => self.failures.push(format!("{label}: {failure}")),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(a non-string panic)");
                self.failures.push(format!("{label}: panicked: {message}"));
            }
        }
    }

    /// Fails with every failing case, or reports how much was checked.
    fn finish(self) {
        println!(
            "{} cases, {} gradient elements checked ({})",
            self.cases, self.checked, self.element
        );
        assert!(
            self.failures.is_empty(),
            "{} of {} cases failed in {}:\n\n{}",
            self.failures.len(),
            self.cases,
            self.element,
            self.failures.join("\n\n")
        );
    }
}

/// `e_i` shaped like `out`.
fn one_hot<F: Float, O: Params<Elem = F>>(out: &O, i: usize) -> O {
    let mut e = out.zeros_like();
    let mut k = 0;
    e.visit_mut("", &mut |_, mut leaf| {
        for x in leaf.iter_mut() {
            if k == i {
                *x = F::one();
            }
            k += 1;
        }
    });
    e
}

/// The elements of a point, flat, for failure messages.
fn leaves<P: Params>(p: &P) -> Vec<Vec<P::Elem>> {
    let mut out = Vec::new();
    p.visit("", &mut |_, leaf| out.push(leaf.iter().copied().collect()));
    out
}

/// The label of a case: the path of its function.
macro_rules! label {
    ($f:ident) => {
        concat!(module_path!(), "::", stringify!($f))
    };
}

/// `scalar!(c, f, f_grad, f_vjp; x = <x>, y = <y>; <args of f>)` checks a scalar-valued
/// function at the point `(x, y)`; the arguments are written in terms of `x` and `y`, which
/// are references to the elements of the point.
macro_rules! scalar {
    ($c:ident, $f:ident, $grad:ident, $vjp:ident; $p:ident = $at:expr; $($arg:expr),* $(,)?) => {{
        let at = $at;
        $c.scalar(
            label!($f),
            &[stringify!($p)],
            at,
            |$p| $f($($arg),*),
            |$p| $grad($($arg),*),
            |$p, cotangent| $vjp($($arg,)* cotangent),
        )
    }};
    ($c:ident, $f:ident, $grad:ident, $vjp:ident; $($p:ident = $at:expr),+; $($arg:expr),* $(,)?) => {{
        let at = ($($at,)+);
        $c.scalar(
            label!($f),
            &[$(stringify!($p)),+],
            at,
            |($($p,)+)| $f($($arg),*),
            |($($p,)+)| $grad($($arg),*),
            |($($p,)+), cotangent| $vjp($($arg,)* cotangent),
        )
    }};
}

/// `vector!(c, f, f_vjp; a = <a>, b = <b>; <args of f>)`: as `scalar!`, for a function of any
/// output, through its VJP only.
macro_rules! vector {
    ($c:ident, $f:ident, $vjp:ident; $p:ident = $at:expr; $($arg:expr),* $(,)?) => {{
        let at = $at;
        $c.vector(
            label!($f),
            &[stringify!($p)],
            at,
            |$p| $f($($arg),*),
            |$p, cotangent| $vjp($($arg,)* cotangent),
        )
    }};
    ($c:ident, $f:ident, $vjp:ident; $($p:ident = $at:expr),+; $($arg:expr),* $(,)?) => {{
        let at = ($($at,)+);
        $c.vector(
            label!($f),
            &[$(stringify!($p)),+],
            at,
            |($($p,)+)| $f($($arg),*),
            |($($p,)+), cotangent| $vjp($($arg,)* cotangent),
        )
    }};
}

/// `|actual − expected| ≤ 4 ε·max(1, |expected|)` in the element type.
#[track_caller]
fn assert_close<F: Float>(actual: F, expected: F) {
    let tolerance = F::epsilon() * F::from_f64_lossy(4.0) * expected.abs().max(F::one());
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual:?} is not {expected:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Broadcasting: one module per operator, the same shapes for each

/// The element-wise operator `$op` (and its compound form `$assign`) between every pair of
/// operand kinds: matrices, vectors, `(1, n)` rows, `(m, 1)` columns, floats and literals, by
/// reference, owned and as views. All inputs are `NonZero`, so `/` is safe everywhere.
macro_rules! broadcasting {
    ($F:ident, $op:tt, $assign:tt) => {
        use super::*;

        #[differentiable]
        pub fn mat_mat(a: &Array2<$F>, b: &Array2<$F>) -> Array2<$F> {
            a $op b
        }
        #[differentiable]
        pub fn mat_vec(a: &Array2<$F>, v: &Array1<$F>) -> Array2<$F> {
            a $op v
        }
        #[differentiable]
        pub fn vec_mat(v: &Array1<$F>, a: &Array2<$F>) -> Array2<$F> {
            v $op a
        }
        #[differentiable]
        pub fn vec_vec(u: &Array1<$F>, v: &Array1<$F>) -> Array1<$F> {
            u $op v
        }
        #[differentiable]
        pub fn mat_row(a: &Array2<$F>, r: &Array2<$F>) -> Array2<$F> {
            a $op r
        }
        #[differentiable]
        pub fn row_mat(r: &Array2<$F>, a: &Array2<$F>) -> Array2<$F> {
            r $op a
        }
        #[differentiable]
        pub fn mat_col(a: &Array2<$F>, k: &Array2<$F>) -> Array2<$F> {
            a $op k
        }
        #[differentiable]
        pub fn col_mat(k: &Array2<$F>, a: &Array2<$F>) -> Array2<$F> {
            k $op a
        }
        /// `(m, 1) ∘ (1, n)`: both operands broadcast.
        #[differentiable]
        pub fn col_row(k: &Array2<$F>, r: &Array2<$F>) -> Array2<$F> {
            k $op r
        }
        #[differentiable]
        pub fn mat_scalar(a: &Array2<$F>, s: $F) -> Array2<$F> {
            a $op s
        }
        #[differentiable]
        pub fn scalar_mat(s: $F, a: &Array2<$F>) -> Array2<$F> {
            s $op a
        }
        #[differentiable]
        pub fn vec_scalar(v: &Array1<$F>, s: $F) -> Array1<$F> {
            v $op s
        }
        #[differentiable]
        pub fn scalar_vec(s: $F, v: &Array1<$F>) -> Array1<$F> {
            s $op v
        }
        #[differentiable]
        pub fn mat_literal(a: &Array2<$F>) -> Array2<$F> {
            a $op 2.0
        }
        #[differentiable]
        pub fn literal_mat(a: &Array2<$F>) -> Array2<$F> {
            2.0 $op a
        }
        #[differentiable]
        pub fn mat_const(a: &Array2<$F>) -> Array2<$F> {
            a $op SCALE
        }
        #[differentiable]
        pub fn const_vec(v: &Array1<$F>) -> Array1<$F> {
            SCALE $op v
        }
        #[differentiable]
        pub fn owned_owned(a: Array2<$F>, v: Array1<$F>) -> Array2<$F> {
            a $op v
        }
        #[differentiable]
        pub fn owned_ref(a: Array2<$F>, v: &Array1<$F>) -> Array2<$F> {
            a $op v
        }
        #[differentiable]
        pub fn ref_owned(a: &Array2<$F>, v: Array1<$F>) -> Array2<$F> {
            a $op v
        }
        #[differentiable]
        pub fn owned_scalar(a: &Array2<$F>, s: $F) -> Array2<$F> {
            a.to_owned() $op s
        }
        #[differentiable]
        pub fn scalar_owned(s: $F, v: &Array1<$F>) -> Array1<$F> {
            s $op v.to_owned()
        }
        #[differentiable]
        pub fn views(a: ArrayView2<$F>, v: ArrayView1<$F>) -> Array2<$F> {
            &a $op &v
        }
        #[differentiable]
        pub fn intermediates(a: &Array2<$F>, v: &Array1<$F>) -> Array2<$F> {
            let h = a * 2.0;
            let w = v.sin();
            &h $op &w
        }
        /// The same array on both sides: the two adjoints accumulate.
        #[differentiable]
        pub fn same_operand(a: &Array2<$F>) -> Array2<$F> {
            a $op a
        }
        #[differentiable]
        pub fn summed(a: &Array2<$F>, v: &Array1<$F>) -> $F {
            (a $op v).sum()
        }
        #[differentiable]
        pub fn compound(a: &Array2<$F>, v: &Array1<$F>, s: $F) -> Array2<$F> {
            let mut h = a.to_owned();
            h $assign v;
            h $assign s;
            h $assign a;
            h $assign 2.0;
            h
        }
        #[differentiable]
        pub fn compound_scalar(x: $F, y: $F) -> $F {
            let mut h = x;
            h $assign y;
            h $assign 1.5;
            h $assign x;
            h
        }

        pub fn run(c: &mut Cases<$F>) {
            vector!(c, mat_mat, mat_mat_vjp; a = c.m((M, N), NonZero), b = c.m((M, N), NonZero); a, b);
            vector!(c, mat_vec, mat_vec_vjp; a = c.m((M, N), NonZero), v = c.v(N, NonZero); a, v);
            vector!(c, vec_mat, vec_mat_vjp; v = c.v(N, NonZero), a = c.m((M, N), NonZero); v, a);
            vector!(c, vec_vec, vec_vec_vjp; u = c.v(N, NonZero), v = c.v(N, NonZero); u, v);
            vector!(c, mat_row, mat_row_vjp; a = c.m((M, N), NonZero), r = c.m((1, N), NonZero); a, r);
            vector!(c, row_mat, row_mat_vjp; r = c.m((1, N), NonZero), a = c.m((M, N), NonZero); r, a);
            vector!(c, mat_col, mat_col_vjp; a = c.m((M, N), NonZero), k = c.m((M, 1), NonZero); a, k);
            vector!(c, col_mat, col_mat_vjp; k = c.m((M, 1), NonZero), a = c.m((M, N), NonZero); k, a);
            vector!(c, col_row, col_row_vjp; k = c.m((M, 1), NonZero), r = c.m((1, N), NonZero); k, r);
            vector!(c, mat_scalar, mat_scalar_vjp; a = c.m((M, N), NonZero), s = c.s(NonZero); a, *s);
            vector!(c, scalar_mat, scalar_mat_vjp; s = c.s(NonZero), a = c.m((M, N), NonZero); *s, a);
            vector!(c, vec_scalar, vec_scalar_vjp; v = c.v(N, NonZero), s = c.s(NonZero); v, *s);
            vector!(c, scalar_vec, scalar_vec_vjp; s = c.s(NonZero), v = c.v(N, NonZero); *s, v);
            vector!(c, mat_literal, mat_literal_vjp; a = c.m((M, N), NonZero); a);
            vector!(c, literal_mat, literal_mat_vjp; a = c.m((M, N), NonZero); a);
            vector!(c, mat_const, mat_const_vjp; a = c.m((M, N), NonZero); a);
            vector!(c, const_vec, const_vec_vjp; v = c.v(N, NonZero); v);
            vector!(c, owned_owned, owned_owned_vjp; a = c.m((M, N), NonZero), v = c.v(N, NonZero); a.clone(), v.clone());
            vector!(c, owned_ref, owned_ref_vjp; a = c.m((M, N), NonZero), v = c.v(N, NonZero); a.clone(), v);
            vector!(c, ref_owned, ref_owned_vjp; a = c.m((M, N), NonZero), v = c.v(N, NonZero); a, v.clone());
            vector!(c, owned_scalar, owned_scalar_vjp; a = c.m((M, N), NonZero), s = c.s(NonZero); a, *s);
            vector!(c, scalar_owned, scalar_owned_vjp; s = c.s(NonZero), v = c.v(N, NonZero); *s, v);
            vector!(c, views, views_vjp; a = c.m((M, N), NonZero), v = c.v(N, NonZero); a.view(), v.view());
            vector!(c, intermediates, intermediates_vjp; a = c.m((M, N), NonZero), v = c.v(N, Unit); a, v);
            vector!(c, same_operand, same_operand_vjp; a = c.m((M, N), NonZero); a);
            scalar!(c, summed, summed_grad, summed_vjp; a = c.m((M, N), NonZero), v = c.v(N, NonZero); a, v);
            vector!(c, compound, compound_vjp; a = c.m((M, N), NonZero), v = c.v(N, NonZero), s = c.s(NonZero); a, v, *s);
            scalar!(c, compound_scalar, compound_scalar_grad, compound_scalar_vjp; x = c.s(NonZero), y = c.s(NonZero); *x, *y);
        }
    };
}

// ---------------------------------------------------------------------------------------------
// The corpus, for one element type

/// `suite!(F, seed)`: the corpus for the element type `F`.
macro_rules! suite {
    ($F:ident, $seed:expr) => {
        use super::*;

        type F = $F;
        const M: usize = 3;
        const N: usize = 4;
        const K: usize = 2;
        const SCALE: $F = 1.5;
        const HALF: $F = 0.5;

        fn cases(test: u64) -> Cases<F> {
            Cases::new($seed * 1000 + test)
        }

        // ----- scalar arithmetic ---------------------------------------------------------

        #[differentiable]
        fn add(x: $F, y: $F) -> $F {
            x + y
        }
        #[differentiable]
        fn sub(x: $F, y: $F) -> $F {
            x - y
        }
        #[differentiable]
        fn mul(x: $F, y: $F) -> $F {
            x * y
        }
        #[differentiable]
        fn div(x: $F, y: $F) -> $F {
            x / y
        }
        #[differentiable]
        fn neg(x: $F) -> $F {
            -x
        }
        #[differentiable]
        fn neg_expression(x: $F, y: $F) -> $F {
            -(x * y) + -y
        }

        #[test]
        fn scalar_arithmetic() {
            let mut c = cases(1);
            for _ in 0..4 {
                scalar!(c, add, add_grad, add_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
                scalar!(c, sub, sub_grad, sub_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
                scalar!(c, mul, mul_grad, mul_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
                scalar!(c, div, div_grad, div_vjp; x = c.s(Any), y = c.s(NonZero); *x, *y);
                scalar!(c, neg, neg_grad, neg_vjp; x = c.s(Any); *x);
                scalar!(c, neg_expression, neg_expression_grad, neg_expression_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
            }
            c.finish();
        }

        // ----- literals and constants on either side ------------------------------------

        #[differentiable]
        fn one_minus(x: $F) -> $F {
            1.0 - x
        }
        #[differentiable]
        fn minus_three(x: $F) -> $F {
            x - 3.0
        }
        #[differentiable]
        fn half_plus(x: $F) -> $F {
            0.5 + x
        }
        #[differentiable]
        fn plus_half(x: $F) -> $F {
            x + 0.5
        }
        #[differentiable]
        fn times_two(x: $F) -> $F {
            x * 2.0
        }
        #[differentiable]
        fn two_times(x: $F) -> $F {
            2.0 * x
        }
        #[differentiable]
        fn two_over(x: $F) -> $F {
            2.0 / x
        }
        #[differentiable]
        fn over_four(x: $F) -> $F {
            x / 4.0
        }
        #[differentiable]
        fn literals_mixed(x: $F, y: $F) -> $F {
            (1.0 - x) * (x + 2.0) / (3.0 - y) + -2.5 * y
        }
        #[differentiable]
        fn literal_exponent(x: $F) -> $F {
            x.powf(1.5) + x.max(0.5) + x.min(2.0)
        }
        #[differentiable]
        fn constants(x: $F, y: $F) -> $F {
            const C: $F = 0.25;
            x * SCALE + SCALE / y - C * x * y
        }
        /// A constant receiver with a differentiated argument.
        #[differentiable]
        fn constant_receiver(x: $F) -> $F {
            HALF.max(x) + SCALE.powf(x) + SCALE.min(x)
        }

        #[test]
        fn literals_and_constants() {
            let mut c = cases(2);
            for _ in 0..4 {
                scalar!(c, one_minus, one_minus_grad, one_minus_vjp; x = c.s(Any); *x);
                scalar!(c, minus_three, minus_three_grad, minus_three_vjp; x = c.s(Any); *x);
                scalar!(c, half_plus, half_plus_grad, half_plus_vjp; x = c.s(Any); *x);
                scalar!(c, plus_half, plus_half_grad, plus_half_vjp; x = c.s(Any); *x);
                scalar!(c, times_two, times_two_grad, times_two_vjp; x = c.s(Any); *x);
                scalar!(c, two_times, two_times_grad, two_times_vjp; x = c.s(Any); *x);
                scalar!(c, two_over, two_over_grad, two_over_vjp; x = c.s(NonZero); *x);
                scalar!(c, over_four, over_four_grad, over_four_vjp; x = c.s(Any); *x);
                scalar!(c, literals_mixed, literals_mixed_grad, literals_mixed_vjp; x = c.s(Any), y = c.s(Unit); *x, *y);
                scalar!(c, constants, constants_grad, constants_vjp; x = c.s(Any), y = c.s(NonZero); *x, *y);
            }
            // Away from the kinks at 0.5 (max) and 2.0 (min).
            for x in [0.2, 1.0, 2.4] {
                scalar!(c, literal_exponent, literal_exponent_grad, literal_exponent_vjp; x = x as F; *x);
            }
            for x in [-1.0, 0.2, 1.0, 1.9] {
                scalar!(c, constant_receiver, constant_receiver_grad, constant_receiver_vjp; x = x as F; *x);
            }
            c.finish();
        }

        // ----- float methods -------------------------------------------------------------

        #[differentiable]
        fn s_exp(x: $F) -> $F {
            x.exp()
        }
        #[differentiable]
        fn s_ln(x: $F) -> $F {
            x.ln()
        }
        #[differentiable]
        fn s_sqrt(x: $F) -> $F {
            x.sqrt()
        }
        #[differentiable]
        fn s_powi0(x: $F) -> $F {
            x.powi(0)
        }
        #[differentiable]
        fn s_powi1(x: $F) -> $F {
            x.powi(1)
        }
        #[differentiable]
        fn s_powi2(x: $F) -> $F {
            x.powi(2)
        }
        #[differentiable]
        fn s_powi3(x: $F) -> $F {
            x.powi(3)
        }
        #[differentiable]
        fn s_powi_neg(x: $F) -> $F {
            x.powi(-2)
        }
        /// `powf` differentiated in the base and in the exponent.
        #[differentiable]
        fn s_powf(x: $F, p: $F) -> $F {
            x.powf(p)
        }
        #[differentiable]
        fn s_sin(x: $F) -> $F {
            x.sin()
        }
        #[differentiable]
        fn s_cos(x: $F) -> $F {
            x.cos()
        }
        #[differentiable]
        fn s_tan(x: $F) -> $F {
            x.tan()
        }
        #[differentiable]
        fn s_tanh(x: $F) -> $F {
            x.tanh()
        }
        #[differentiable]
        fn s_abs(x: $F) -> $F {
            x.abs()
        }
        #[differentiable]
        fn s_recip(x: $F) -> $F {
            x.recip()
        }
        #[differentiable]
        fn s_max(x: $F, y: $F) -> $F {
            x.max(y)
        }
        #[differentiable]
        fn s_min(x: $F, y: $F) -> $F {
            x.min(y)
        }
        /// `max` with the receiver and argument swapped, for the tie rule.
        #[differentiable]
        fn s_max_swapped(x: $F, y: $F) -> $F {
            y.max(x)
        }
        #[differentiable]
        fn s_min_swapped(x: $F, y: $F) -> $F {
            y.min(x)
        }
        #[differentiable]
        fn s_exp_m1(x: $F) -> $F {
            x.exp_m1()
        }
        #[differentiable]
        fn s_ln_1p(x: $F) -> $F {
            x.ln_1p()
        }
        #[differentiable]
        fn s_sinh(x: $F) -> $F {
            x.sinh()
        }
        #[differentiable]
        fn s_cosh(x: $F) -> $F {
            x.cosh()
        }
        #[differentiable]
        fn s_asinh(x: $F) -> $F {
            x.asinh()
        }
        #[differentiable]
        fn s_acosh(x: $F) -> $F {
            x.acosh()
        }
        #[differentiable]
        fn s_atanh(x: $F) -> $F {
            x.atanh()
        }
        #[differentiable]
        fn s_asin(x: $F) -> $F {
            x.asin()
        }
        #[differentiable]
        fn s_acos(x: $F) -> $F {
            x.acos()
        }
        #[differentiable]
        fn s_atan(x: $F) -> $F {
            x.atan()
        }
        /// `signum` is piecewise constant: its own gradient is zero, so it is multiplied by
        /// `x` for the check to see a derivative (`|x|` written another way).
        #[differentiable]
        fn s_signum(x: $F) -> $F {
            x.signum() * x
        }
        #[differentiable]
        fn s_clamp(x: $F) -> $F {
            x.clamp(-0.5, 0.5)
        }
        /// Bounds that are constants of the function, not literals.
        #[differentiable]
        fn s_clamp_constants(x: $F) -> $F {
            (x * SCALE).clamp(-HALF * SCALE, SCALE * HALF)
        }
        #[differentiable]
        fn s_hypot(x: $F, y: $F) -> $F {
            x.hypot(y)
        }
        #[differentiable]
        fn s_atan2(x: $F, y: $F) -> $F {
            x.atan2(y)
        }
        /// The new methods in the `f32::`/`f64::` path form, with literal operands.
        #[differentiable]
        fn s_new_methods_as_paths(x: $F, y: $F) -> $F {
            $F::atan2(x, 2.0) + $F::hypot(1.5, y) + $F::clamp(x * y, -1.0, 1.0) + $F::sinh(y)
        }
        #[differentiable]
        fn methods_chained(x: $F, y: $F) -> $F {
            (x * y).sin().exp() + (x * x + 1.0).ln().sqrt() * y.tanh().powi(2) - x.cos().abs()
        }

        #[test]
        fn float_methods() {
            let mut c = cases(3);
            for _ in 0..4 {
                scalar!(c, s_exp, s_exp_grad, s_exp_vjp; x = c.s(Any); *x);
                scalar!(c, s_ln, s_ln_grad, s_ln_vjp; x = c.s(Positive); *x);
                scalar!(c, s_sqrt, s_sqrt_grad, s_sqrt_vjp; x = c.s(Positive); *x);
                scalar!(c, s_powi0, s_powi0_grad, s_powi0_vjp; x = c.s(Any); *x);
                scalar!(c, s_powi1, s_powi1_grad, s_powi1_vjp; x = c.s(Any); *x);
                scalar!(c, s_powi2, s_powi2_grad, s_powi2_vjp; x = c.s(Any); *x);
                scalar!(c, s_powi3, s_powi3_grad, s_powi3_vjp; x = c.s(Any); *x);
                scalar!(c, s_powi_neg, s_powi_neg_grad, s_powi_neg_vjp; x = c.s(NonZero); *x);
                scalar!(c, s_powf, s_powf_grad, s_powf_vjp; x = c.s(Positive), p = c.s(Any); *x, *p);
                scalar!(c, s_sin, s_sin_grad, s_sin_vjp; x = c.s(Any); *x);
                scalar!(c, s_cos, s_cos_grad, s_cos_vjp; x = c.s(Any); *x);
                scalar!(c, s_tan, s_tan_grad, s_tan_vjp; x = c.s(Unit); *x);
                scalar!(c, s_tanh, s_tanh_grad, s_tanh_vjp; x = c.s(Any); *x);
                scalar!(c, s_abs, s_abs_grad, s_abs_vjp; x = c.s(NonZero); *x);
                scalar!(c, s_recip, s_recip_grad, s_recip_vjp; x = c.s(NonZero); *x);
                scalar!(c, methods_chained, methods_chained_grad, methods_chained_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
                scalar!(c, s_exp_m1, s_exp_m1_grad, s_exp_m1_vjp; x = c.s(Any); *x);
                scalar!(c, s_ln_1p, s_ln_1p_grad, s_ln_1p_vjp; x = c.s(Inside); *x);
                scalar!(c, s_sinh, s_sinh_grad, s_sinh_vjp; x = c.s(Any); *x);
                scalar!(c, s_cosh, s_cosh_grad, s_cosh_vjp; x = c.s(Any); *x);
                scalar!(c, s_asinh, s_asinh_grad, s_asinh_vjp; x = c.s(Any); *x);
                scalar!(c, s_acosh, s_acosh_grad, s_acosh_vjp; x = c.s(AboveOne); *x);
                scalar!(c, s_atanh, s_atanh_grad, s_atanh_vjp; x = c.s(Inside); *x);
                scalar!(c, s_asin, s_asin_grad, s_asin_vjp; x = c.s(Inside); *x);
                scalar!(c, s_acos, s_acos_grad, s_acos_vjp; x = c.s(Inside); *x);
                scalar!(c, s_atan, s_atan_grad, s_atan_vjp; x = c.s(Any); *x);
                scalar!(c, s_signum, s_signum_grad, s_signum_vjp; x = c.s(NonZero); *x);
                scalar!(c, s_clamp, s_clamp_grad, s_clamp_vjp; x = c.s(OffBounds); *x);
                scalar!(c, s_clamp_constants, s_clamp_constants_grad, s_clamp_constants_vjp; x = c.s(OffBounds); *x);
                // Away from the origin, and from atan2's cut at x = 0, y < 0.
                scalar!(c, s_hypot, s_hypot_grad, s_hypot_vjp; x = c.s(NonZero), y = c.s(Any); *x, *y);
                scalar!(c, s_atan2, s_atan2_grad, s_atan2_vjp; x = c.s(NonZero), y = c.s(Any); *x, *y);
                scalar!(c, s_new_methods_as_paths, s_new_methods_as_paths_grad, s_new_methods_as_paths_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
            }
            // max and min on both sides of the tie-free region: x wins by 0.5, then y does.
            for gap in [0.5, -0.5] {
                for _ in 0..2 {
                    let y: F = c.s(Any);
                    let x = y + gap;
                    scalar!(c, s_max, s_max_grad, s_max_vjp; x = x, y = y; *x, *y);
                    scalar!(c, s_min, s_min_grad, s_min_vjp; x = x, y = y; *x, *y);
                    scalar!(c, s_max_swapped, s_max_swapped_grad, s_max_swapped_vjp; x = x, y = y; *x, *y);
                    scalar!(c, s_min_swapped, s_min_swapped_grad, s_min_swapped_vjp; x = x, y = y; *x, *y);
                }
            }
            c.finish();
        }

        // ----- bindings: reuse, let mut, shadowing, blocks, integer args, wrt, calls ------

        #[differentiable]
        fn square_plus(x: $F) -> $F {
            x * x + x
        }
        #[differentiable]
        fn reused(x: $F, y: $F) -> $F {
            let s = x.sin();
            s * s + s * y + x * y * x
        }
        #[differentiable]
        fn compound(x: $F, y: $F) -> $F {
            let mut a = x;
            a += y;
            a *= x;
            a -= 2.0;
            a /= y;
            a += a;
            a
        }
        /// The accumulator starts as an untyped literal, which takes the type of its use.
        #[differentiable]
        fn compound_from_literal(x: $F, y: $F) -> $F {
            let mut acc = 0.0;
            acc += x * x;
            acc -= y;
            acc *= 3.0;
            acc /= x;
            acc
        }
        #[differentiable]
        fn reassigned(x: $F, y: $F) -> $F {
            let mut a = x * y;
            a = a.sin() + x;
            a * y
        }
        #[differentiable]
        fn shadowed(x: $F, y: $F) -> $F {
            let x = x * 2.0;
            let x = x.sin() + x;
            let y = y - x;
            x * y
        }
        #[differentiable]
        fn blocks(x: $F, y: $F) -> $F {
            let t = {
                let u = x * y;
                u.exp()
            };
            let w = {
                let v = y;
                v * v
            };
            t + (x - y) * w
        }
        /// A non-differentiated integer, through `as`.
        #[differentiable]
        fn integer_arg(x: $F, n: usize) -> $F {
            x * n as $F + (n * n) as $F / x
        }
        /// A non-differentiated exponent.
        #[differentiable]
        fn integer_exponent(x: $F, k: i32) -> $F {
            x.powi(k) + x.powi(k + 1)
        }
        #[differentiable(wrt(y))]
        fn wrt_one(x: $F, y: $F, z: $F) -> $F {
            x * y.sin() + z * y * y
        }
        #[differentiable(wrt(x, z))]
        fn wrt_two(x: $F, y: $F, z: $F) -> $F {
            x * y.sin() + z * y * x.exp()
        }
        #[differentiable(wrt(w))]
        fn wrt_array(x: &Array2<$F>, w: &Array2<$F>, b: &Array1<$F>) -> $F {
            (x.dot(w) + b).tanh().sum()
        }
        #[differentiable]
        fn inner(x: $F, y: $F) -> $F {
            x * y.sin()
        }
        #[differentiable]
        fn calls(x: $F, y: $F) -> $F {
            inner(x, y) * inner(y, x) + inner(x, 2.0) + inner(inner(y, x), x)
        }
        #[differentiable]
        fn dense(x: &Array2<$F>, w: &Array2<$F>, b: &Array1<$F>) -> Array2<$F> {
            x.dot(w) + b
        }
        #[differentiable]
        fn two_layers(
            x: &Array2<$F>,
            w1: &Array2<$F>,
            b1: &Array1<$F>,
            w2: &Array2<$F>,
            b2: &Array1<$F>,
        ) -> Array2<$F> {
            let h = dense(x, w1, b1).tanh();
            dense(&h, w2, b2)
        }

        #[test]
        fn bindings_and_calls() {
            let mut c = cases(4);
            for _ in 0..4 {
                scalar!(c, square_plus, square_plus_grad, square_plus_vjp; x = c.s(Any); *x);
                scalar!(c, reused, reused_grad, reused_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
                scalar!(c, compound, compound_grad, compound_vjp; x = c.s(Any), y = c.s(NonZero); *x, *y);
                scalar!(c, compound_from_literal, compound_from_literal_grad, compound_from_literal_vjp; x = c.s(NonZero), y = c.s(Any); *x, *y);
                scalar!(c, reassigned, reassigned_grad, reassigned_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
                scalar!(c, shadowed, shadowed_grad, shadowed_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
                scalar!(c, blocks, blocks_grad, blocks_vjp; x = c.s(Unit), y = c.s(Unit); *x, *y);
                scalar!(c, integer_arg, integer_arg_grad, integer_arg_vjp; x = c.s(NonZero); *x, 3);
                scalar!(c, integer_exponent, integer_exponent_grad, integer_exponent_vjp; x = c.s(NonZero); *x, -3);
                scalar!(c, integer_exponent, integer_exponent_grad, integer_exponent_vjp; x = c.s(NonZero); *x, 2);
                let (x0, z0): (F, F) = (c.s(Any), c.s(Any));
                scalar!(c, wrt_one, wrt_one_grad, wrt_one_vjp; y = c.s(Any); x0, *y, z0);
                let y0: F = c.s(Any);
                scalar!(c, wrt_two, wrt_two_grad, wrt_two_vjp; x = c.s(Any), z = c.s(Any); *x, y0, *z);
                scalar!(c, calls, calls_grad, calls_vjp; x = c.s(Unit), y = c.s(Unit); *x, *y);
            }
            let (x, b) = (c.m((M, K), Unit), c.v(N, Unit));
            scalar!(c, wrt_array, wrt_array_grad, wrt_array_vjp; w = c.m((K, N), Unit); &x, w, &b);
            vector!(c, dense, dense_vjp;
                x = c.m((M, K), Any), w = c.m((K, N), Any), b = c.v(N, Any); x, w, b);
            vector!(c, two_layers, two_layers_vjp;
                x = c.m((M, K), Unit), w1 = c.m((K, N), Unit), b1 = c.v(N, Unit),
                w2 = c.m((N, K), Unit), b2 = c.v(K, Unit); x, w1, b1, w2, b2);
            c.finish();
        }

        /// `wrt` selects the gradient's shape: one argument alone, several as a tuple.
        #[test]
        fn wrt_selects_the_gradient() {
            // ∂/∂y (x sin y + z y²) = x cos y + 2zy: at (2, 0, 3) that is 2.
            let (value, dy) = wrt_one_grad(2.0, 0.0, 3.0);
            assert_eq!((value, dy), (0.0, 2.0));
            // ∂/∂x (x sin y + z y eˣ) = sin y + z y eˣ, ∂/∂z = y eˣ: at (0, 1, 2) that is
            // sin 1 + 2 and 1.
            let (_, (dx, dz)) = wrt_two_grad(0.0, 1.0, 2.0);
            assert_close(dx, (1.0 as F).sin() + 2.0);
            assert_eq!(dz, 1.0);
        }

        // ----- array methods -------------------------------------------------------------

        #[differentiable]
        fn a_exp(a: &Array2<$F>) -> Array2<$F> {
            a.exp()
        }
        #[differentiable]
        fn a_ln(a: &Array2<$F>) -> Array2<$F> {
            a.ln()
        }
        #[differentiable]
        fn a_sqrt(a: &Array2<$F>) -> Array2<$F> {
            a.sqrt()
        }
        #[differentiable]
        fn a_powi(a: &Array2<$F>) -> Array2<$F> {
            a.powi(3)
        }
        #[differentiable]
        fn a_powi_neg(a: &Array2<$F>) -> Array2<$F> {
            a.powi(-1)
        }
        /// `powf` differentiated in the array base and in the float exponent.
        #[differentiable]
        fn a_powf(a: &Array2<$F>, p: $F) -> Array2<$F> {
            a.powf(p)
        }
        #[differentiable]
        fn a_powf_literal(a: &Array2<$F>) -> Array2<$F> {
            a.powf(1.5)
        }
        #[differentiable]
        fn a_sin(a: &Array2<$F>) -> Array2<$F> {
            a.sin()
        }
        #[differentiable]
        fn a_cos(a: &Array2<$F>) -> Array2<$F> {
            a.cos()
        }
        #[differentiable]
        fn a_tan(a: &Array2<$F>) -> Array2<$F> {
            a.tan()
        }
        #[differentiable]
        fn a_tanh(a: &Array2<$F>) -> Array2<$F> {
            a.tanh()
        }
        #[differentiable]
        fn a_abs(a: &Array2<$F>) -> Array2<$F> {
            a.abs()
        }
        #[differentiable]
        fn a_recip(a: &Array2<$F>) -> Array2<$F> {
            a.recip()
        }
        #[differentiable]
        fn a_neg(a: &Array2<$F>) -> Array2<$F> {
            -a
        }
        #[differentiable]
        fn a_neg_owned(a: &Array2<$F>) -> Array2<$F> {
            -(a * 2.0)
        }
        #[differentiable]
        fn a_exp_m1(a: &Array2<$F>) -> Array2<$F> {
            a.exp_m1()
        }
        #[differentiable]
        fn a_ln_1p(a: &Array2<$F>) -> Array2<$F> {
            a.ln_1p()
        }
        #[differentiable]
        fn a_sinh(a: &Array2<$F>) -> Array2<$F> {
            a.sinh()
        }
        #[differentiable]
        fn a_cosh(a: &Array2<$F>) -> Array2<$F> {
            a.cosh()
        }
        #[differentiable]
        fn a_asinh(a: &Array2<$F>) -> Array2<$F> {
            a.asinh()
        }
        #[differentiable]
        fn a_acosh(a: &Array2<$F>) -> Array2<$F> {
            a.acosh()
        }
        #[differentiable]
        fn a_atanh(a: &Array2<$F>) -> Array2<$F> {
            a.atanh()
        }
        #[differentiable]
        fn a_asin(a: &Array2<$F>) -> Array2<$F> {
            a.asin()
        }
        #[differentiable]
        fn a_acos(a: &Array2<$F>) -> Array2<$F> {
            a.acos()
        }
        #[differentiable]
        fn a_atan(a: &Array2<$F>) -> Array2<$F> {
            a.atan()
        }
        /// `signum` times the array, so that the check sees a nonzero derivative.
        #[differentiable]
        fn a_signum(a: &Array2<$F>) -> Array2<$F> {
            a.signum() * a
        }
        #[differentiable]
        fn a_clamp(a: &Array2<$F>) -> Array2<$F> {
            a.clamp(-0.5, 0.5)
        }
        /// ndarray's `hypot` takes a float: the array and the float are both differentiated.
        #[differentiable]
        fn a_hypot(a: &Array2<$F>, s: $F) -> Array2<$F> {
            a.hypot(s)
        }
        #[differentiable]
        fn v_methods(v: &Array1<$F>) -> Array1<$F> {
            v.exp() * v.sin() + v.tanh().powi(2)
        }
        #[differentiable]
        fn a_methods_summed(a: &Array2<$F>) -> $F {
            (a.sin().exp() + a.cos().powi(2)).sum()
        }

        #[test]
        fn array_methods() {
            let mut c = cases(5);
            for _ in 0..2 {
                vector!(c, a_exp, a_exp_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_ln, a_ln_vjp; a = c.m((M, N), Positive); a);
                vector!(c, a_sqrt, a_sqrt_vjp; a = c.m((M, N), Positive); a);
                vector!(c, a_powi, a_powi_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_powi_neg, a_powi_neg_vjp; a = c.m((M, N), NonZero); a);
                vector!(c, a_powf, a_powf_vjp; a = c.m((M, N), Positive), p = c.s(Any); a, *p);
                vector!(c, a_powf_literal, a_powf_literal_vjp; a = c.m((M, N), Positive); a);
                vector!(c, a_sin, a_sin_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_cos, a_cos_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_tan, a_tan_vjp; a = c.m((M, N), Unit); a);
                vector!(c, a_tanh, a_tanh_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_abs, a_abs_vjp; a = c.m((M, N), NonZero); a);
                vector!(c, a_recip, a_recip_vjp; a = c.m((M, N), NonZero); a);
                vector!(c, a_neg, a_neg_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_neg_owned, a_neg_owned_vjp; a = c.m((M, N), Any); a);
                vector!(c, v_methods, v_methods_vjp; v = c.v(N, Any); v);
                vector!(c, a_exp_m1, a_exp_m1_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_ln_1p, a_ln_1p_vjp; a = c.m((M, N), Inside); a);
                vector!(c, a_sinh, a_sinh_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_cosh, a_cosh_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_asinh, a_asinh_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_acosh, a_acosh_vjp; a = c.m((M, N), AboveOne); a);
                vector!(c, a_atanh, a_atanh_vjp; a = c.m((M, N), Inside); a);
                vector!(c, a_asin, a_asin_vjp; a = c.m((M, N), Inside); a);
                vector!(c, a_acos, a_acos_vjp; a = c.m((M, N), Inside); a);
                vector!(c, a_atan, a_atan_vjp; a = c.m((M, N), Any); a);
                vector!(c, a_signum, a_signum_vjp; a = c.m((M, N), NonZero); a);
                vector!(c, a_clamp, a_clamp_vjp; a = c.m((M, N), OffBounds); a);
                vector!(c, a_hypot, a_hypot_vjp; a = c.m((M, N), Any), s = c.s(NonZero); a, *s);
                scalar!(c, a_methods_summed, a_methods_summed_grad, a_methods_summed_vjp; a = c.m((M, N), Any); a);
            }
            c.finish();
        }

        // ----- broadcasting ----------------------------------------------------------------

        mod broadcast_add {
            broadcasting!($F, +, +=);
        }
        mod broadcast_sub {
            broadcasting!($F, -, -=);
        }
        mod broadcast_mul {
            broadcasting!($F, *, *=);
        }
        mod broadcast_div {
            broadcasting!($F, /, /=);
        }

        #[test]
        fn broadcasting_add() {
            let mut c = cases(6);
            broadcast_add::run(&mut c);
            c.finish();
        }
        #[test]
        fn broadcasting_sub() {
            let mut c = cases(7);
            broadcast_sub::run(&mut c);
            c.finish();
        }
        #[test]
        fn broadcasting_mul() {
            let mut c = cases(8);
            broadcast_mul::run(&mut c);
            c.finish();
        }
        #[test]
        fn broadcasting_div() {
            let mut c = cases(9);
            broadcast_div::run(&mut c);
            c.finish();
        }

        // ----- dot and transposition -----------------------------------------------------

        #[differentiable]
        fn dot_mat_mat(a: &Array2<$F>, b: &Array2<$F>) -> Array2<$F> {
            a.dot(b)
        }
        #[differentiable]
        fn dot_mat_vec(a: &Array2<$F>, v: &Array1<$F>) -> Array1<$F> {
            a.dot(v)
        }
        #[differentiable]
        fn dot_vec_mat(v: &Array1<$F>, a: &Array2<$F>) -> Array1<$F> {
            v.dot(a)
        }
        #[differentiable]
        fn dot_vec_vec(u: &Array1<$F>, v: &Array1<$F>) -> $F {
            u.dot(v)
        }
        #[differentiable]
        fn dot_self(v: &Array1<$F>) -> $F {
            v.dot(v)
        }
        #[differentiable]
        fn dot_transposed(a: &Array2<$F>, b: &Array2<$F>) -> Array2<$F> {
            a.t().dot(&b.t())
        }
        #[differentiable]
        fn dot_reversed(a: Array2<$F>, b: &Array2<$F>) -> Array2<$F> {
            a.reversed_axes().dot(b)
        }
        #[differentiable]
        fn dot_chain(x: &Array2<$F>, w: &Array2<$F>, v: &Array1<$F>) -> $F {
            x.dot(w).dot(v).dot(&x.sum_axis(Axis(1)))
        }
        #[differentiable]
        fn transpose(a: &Array2<$F>) -> Array2<$F> {
            a.t().to_owned()
        }
        #[differentiable]
        fn transpose_view_reversed(a: &Array2<$F>) -> Array2<$F> {
            a.view().reversed_axes().to_owned() * 3.0
        }
        #[differentiable]
        fn transpose_vector(v: &Array1<$F>) -> Array1<$F> {
            v.t().to_owned() * 2.0
        }
        #[differentiable]
        fn gram(a: &Array2<$F>) -> Array2<$F> {
            a.t().dot(a)
        }

        #[test]
        fn dot_and_transpose() {
            let mut c = cases(10);
            for _ in 0..2 {
                vector!(c, dot_mat_mat, dot_mat_mat_vjp; a = c.m((M, K), Any), b = c.m((K, N), Any); a, b);
                vector!(c, dot_mat_vec, dot_mat_vec_vjp; a = c.m((M, N), Any), v = c.v(N, Any); a, v);
                vector!(c, dot_vec_mat, dot_vec_mat_vjp; v = c.v(M, Any), a = c.m((M, N), Any); v, a);
                scalar!(c, dot_vec_vec, dot_vec_vec_grad, dot_vec_vec_vjp; u = c.v(N, Any), v = c.v(N, Any); u, v);
                scalar!(c, dot_self, dot_self_grad, dot_self_vjp; v = c.v(N, Any); v);
                vector!(c, dot_transposed, dot_transposed_vjp; a = c.m((K, M), Any), b = c.m((N, K), Any); a, b);
                vector!(c, dot_reversed, dot_reversed_vjp; a = c.m((K, M), Any), b = c.m((K, N), Any); a.clone(), b);
                scalar!(c, dot_chain, dot_chain_grad, dot_chain_vjp; x = c.m((M, K), Unit), w = c.m((K, N), Unit), v = c.v(N, Unit); x, w, v);
                vector!(c, transpose, transpose_vjp; a = c.m((M, N), Any); a);
                vector!(c, transpose_view_reversed, transpose_view_reversed_vjp; a = c.m((M, N), Any); a);
                vector!(c, transpose_vector, transpose_vector_vjp; v = c.v(N, Any); v);
                vector!(c, gram, gram_vjp; a = c.m((M, K), Any); a);
            }
            c.finish();
        }

        // ----- reductions ------------------------------------------------------------------

        #[differentiable]
        fn sum_matrix(a: &Array2<$F>) -> $F {
            a.sum()
        }
        #[differentiable]
        fn sum_vector(v: &Array1<$F>) -> $F {
            v.sum()
        }
        #[differentiable]
        fn sum_axis0(a: &Array2<$F>) -> Array1<$F> {
            a.sum_axis(Axis(0))
        }
        #[differentiable]
        fn sum_axis1(a: &Array2<$F>) -> Array1<$F> {
            a.sum_axis(Axis(1))
        }
        #[differentiable]
        fn sum_axis_arg(a: &Array2<$F>, k: usize) -> Array1<$F> {
            a.sum_axis(Axis(k))
        }
        #[differentiable]
        fn sum_axis_of_vector(v: &Array1<$F>) -> Array0<$F> {
            v.sum_axis(Axis(0))
        }
        #[differentiable]
        fn mean_axis0(a: &Array2<$F>) -> Array1<$F> {
            a.mean_axis(Axis(0)).unwrap()
        }
        #[differentiable]
        fn mean_axis1(a: &Array2<$F>) -> Array1<$F> {
            a.mean_axis(Axis(1)).unwrap()
        }
        #[differentiable]
        fn mean_axis_expect(a: &Array2<$F>) -> Array1<$F> {
            a.mean_axis(Axis(1)).expect("rows are not empty")
        }
        #[differentiable]
        fn mean_all(a: &Array2<$F>) -> $F {
            a.mean().unwrap()
        }
        #[differentiable]
        fn mean_of_view_expect(a: &Array2<$F>) -> $F {
            let e = a.exp();
            e.t().mean().expect("not empty") * a.row(0).mean().unwrap()
        }
        #[differentiable]
        fn reductions_combined(a: &Array2<$F>) -> $F {
            let rows = a.sum_axis(Axis(1));
            let columns = a.mean_axis(Axis(0)).unwrap();
            rows.sin().sum() * columns.exp().sum() + a.sum()
        }

        #[test]
        fn reductions() {
            let mut c = cases(11);
            for _ in 0..2 {
                scalar!(c, sum_matrix, sum_matrix_grad, sum_matrix_vjp; a = c.m((M, N), Any); a);
                scalar!(c, sum_vector, sum_vector_grad, sum_vector_vjp; v = c.v(N, Any); v);
                vector!(c, sum_axis0, sum_axis0_vjp; a = c.m((M, N), Any); a);
                vector!(c, sum_axis1, sum_axis1_vjp; a = c.m((M, N), Any); a);
                vector!(c, sum_axis_arg, sum_axis_arg_vjp; a = c.m((M, N), Any); a, 0);
                vector!(c, sum_axis_arg, sum_axis_arg_vjp; a = c.m((M, N), Any); a, 1);
                vector!(c, sum_axis_of_vector, sum_axis_of_vector_vjp; v = c.v(N, Any); v);
                vector!(c, mean_axis0, mean_axis0_vjp; a = c.m((M, N), Any); a);
                vector!(c, mean_axis1, mean_axis1_vjp; a = c.m((M, N), Any); a);
                vector!(c, mean_axis_expect, mean_axis_expect_vjp; a = c.m((M, N), Any); a);
                scalar!(c, mean_all, mean_all_grad, mean_all_vjp; a = c.m((M, N), Any); a);
                scalar!(c, mean_of_view_expect, mean_of_view_expect_grad, mean_of_view_expect_vjp; a = c.m((M, N), Unit); a);
                scalar!(c, reductions_combined, reductions_combined_grad, reductions_combined_vjp; a = c.m((M, N), Unit); a);
            }
            c.finish();
        }

        // ----- indexing, copies, views, shape queries ------------------------------------

        #[differentiable]
        fn index_vector(v: &Array1<$F>) -> $F {
            v[2]
        }
        #[differentiable]
        fn index_vector_arg(v: &Array1<$F>, i: usize) -> $F {
            v[i] * v[0] + v[i]
        }
        #[differentiable]
        fn index_matrix(a: &Array2<$F>) -> $F {
            a[[1, 2]]
        }
        #[differentiable]
        fn index_matrix_args(a: &Array2<$F>, i: usize, j: usize) -> $F {
            a[[i, j]] * a[[j, i]] + a[[i, j]]
        }
        #[differentiable]
        fn index_intermediate(a: &Array2<$F>) -> $F {
            let h = a.exp();
            h[[1, 2]] * h[[0, 0]]
        }
        #[differentiable]
        fn index_transposed(a: &Array2<$F>) -> $F {
            a.t()[[2, 1]]
        }
        #[differentiable]
        fn copies(a: &Array2<$F>) -> Array2<$F> {
            let b = a.to_owned();
            let c = a.clone();
            &b * &c + a.view()
        }
        #[differentiable]
        fn view_args(a: ArrayView2<$F>, v: ArrayView1<$F>) -> Array2<$F> {
            (&a * &v).exp()
        }
        #[differentiable]
        fn owned_arg(a: Array2<$F>) -> Array2<$F> {
            a.sin() * 2.0
        }
        #[differentiable]
        fn shape_queries(a: &Array2<$F>, v: &Array1<$F>) -> $F {
            a.sum() / (a.nrows() * a.ncols()) as $F
                + v.sum() / v.len() as $F
                + a.shape()[1] as $F * v[0]
                + a.dim().0 as $F * a[[0, 0]]
        }

        #[test]
        fn indexing_copies_and_shapes() {
            let mut c = cases(12);
            for _ in 0..2 {
                scalar!(c, index_vector, index_vector_grad, index_vector_vjp; v = c.v(N, Any); v);
                scalar!(c, index_vector_arg, index_vector_arg_grad, index_vector_arg_vjp; v = c.v(N, Any); v, 3);
                scalar!(c, index_vector_arg, index_vector_arg_grad, index_vector_arg_vjp; v = c.v(N, Any); v, 0);
                scalar!(c, index_matrix, index_matrix_grad, index_matrix_vjp; a = c.m((M, N), Any); a);
                scalar!(c, index_matrix_args, index_matrix_args_grad, index_matrix_args_vjp; a = c.m((M, M), Any); a, 2, 0);
                scalar!(c, index_matrix_args, index_matrix_args_grad, index_matrix_args_vjp; a = c.m((M, M), Any); a, 1, 1);
                scalar!(c, index_intermediate, index_intermediate_grad, index_intermediate_vjp; a = c.m((M, N), Any); a);
                scalar!(c, index_transposed, index_transposed_grad, index_transposed_vjp; a = c.m((M, N), Any); a);
                vector!(c, copies, copies_vjp; a = c.m((M, N), Any); a);
                vector!(c, view_args, view_args_vjp; a = c.m((M, N), Unit), v = c.v(N, Unit); a.view(), v.view());
                vector!(c, owned_arg, owned_arg_vjp; a = c.m((M, N), Any); a.clone());
                scalar!(c, shape_queries, shape_queries_grad, shape_queries_vjp; a = c.m((M, N), Any), v = c.v(N, Any); a, v);
            }
            c.finish();
        }

        // ----- runtime functions ---------------------------------------------------------

        #[differentiable]
        fn relu_matrix(a: &Array2<$F>) -> Array2<$F> {
            relu(a)
        }
        #[differentiable]
        fn relu_scalar(x: $F) -> $F {
            relu(&x)
        }
        #[differentiable]
        fn sigmoid_matrix(a: &Array2<$F>) -> Array2<$F> {
            sigmoid(&a)
        }
        #[differentiable]
        fn sigmoid_scalar(x: $F) -> $F {
            sigmoid(&x)
        }
        #[differentiable]
        fn leaky_relu_matrix(a: &Array2<$F>) -> Array2<$F> {
            leaky_relu(a, 0.1)
        }
        #[differentiable]
        fn leaky_relu_scalar(x: $F) -> $F {
            leaky_relu(&x, 0.2)
        }
        #[differentiable]
        fn softmax_matrix(a: &Array2<$F>) -> Array2<$F> {
            softmax(a)
        }
        #[differentiable]
        fn softmax_vector(v: &Array1<$F>) -> Array1<$F> {
            softmax(v)
        }
        #[differentiable]
        fn log_softmax_matrix(a: &Array2<$F>) -> Array2<$F> {
            log_softmax(a)
        }
        #[differentiable]
        fn log_softmax_vector(v: &Array1<$F>) -> Array1<$F> {
            log_softmax(v)
        }
        #[differentiable]
        fn mse_matrix(p: &Array2<$F>, t: &Array2<$F>) -> $F {
            mse(p, t)
        }
        #[differentiable]
        fn mse_vector(p: &Array1<$F>, t: &Array1<$F>) -> $F {
            mse(&p, &t)
        }
        #[differentiable]
        fn cross_entropy(logits: &Array2<$F>, labels: &Array1<usize>) -> $F {
            softmax_cross_entropy(logits, labels)
        }
        #[differentiable]
        fn mean_matrix(a: &Array2<$F>) -> $F {
            mean(a)
        }
        #[differentiable]
        fn mean_vector(v: &Array1<$F>) -> $F {
            mean(&v)
        }
        #[differentiable]
        fn activations_of_intermediates(x: &Array2<$F>, w: &Array2<$F>, b: &Array1<$F>) -> $F {
            let h = sigmoid(&(x.dot(w) + b));
            let p = softmax(&(&h * 3.0));
            mean(&log_softmax(&p)) + mse(&h, &p) + mean(&leaky_relu(&(x * 2.0), 0.3))
        }
        #[differentiable(wrt(w, b))]
        fn classifier(x: &Array2<$F>, labels: &Array1<usize>, w: &Array2<$F>, b: &Array1<$F>) -> $F {
            softmax_cross_entropy(&(x.dot(w) + b), labels)
        }

        #[test]
        fn runtime_functions() {
            let mut c = cases(13);
            for _ in 0..2 {
                vector!(c, relu_matrix, relu_matrix_vjp; a = c.m((M, N), NonZero); a);
                scalar!(c, relu_scalar, relu_scalar_grad, relu_scalar_vjp; x = c.s(NonZero); *x);
                vector!(c, sigmoid_matrix, sigmoid_matrix_vjp; a = c.m((M, N), Any); a);
                scalar!(c, sigmoid_scalar, sigmoid_scalar_grad, sigmoid_scalar_vjp; x = c.s(Any); *x);
                vector!(c, leaky_relu_matrix, leaky_relu_matrix_vjp; a = c.m((M, N), NonZero); a);
                scalar!(c, leaky_relu_scalar, leaky_relu_scalar_grad, leaky_relu_scalar_vjp; x = c.s(NonZero); *x);
                vector!(c, softmax_matrix, softmax_matrix_vjp; a = c.m((M, N), Any); a);
                vector!(c, softmax_vector, softmax_vector_vjp; v = c.v(N, Any); v);
                vector!(c, log_softmax_matrix, log_softmax_matrix_vjp; a = c.m((M, N), Any); a);
                vector!(c, log_softmax_vector, log_softmax_vector_vjp; v = c.v(N, Any); v);
                scalar!(c, mse_matrix, mse_matrix_grad, mse_matrix_vjp; p = c.m((M, N), Any), t = c.m((M, N), Any); p, t);
                scalar!(c, mse_vector, mse_vector_grad, mse_vector_vjp; p = c.v(N, Any), t = c.v(N, Any); p, t);
                let labels = array![3, 0, 2];
                scalar!(c, cross_entropy, cross_entropy_grad, cross_entropy_vjp; logits = c.m((M, N), Any); logits, &labels);
                scalar!(c, mean_matrix, mean_matrix_grad, mean_matrix_vjp; a = c.m((M, N), Any); a);
                scalar!(c, mean_vector, mean_vector_grad, mean_vector_vjp; v = c.v(N, Any); v);
                scalar!(c, activations_of_intermediates, activations_of_intermediates_grad, activations_of_intermediates_vjp;
                    x = c.m((M, K), Any), w = c.m((K, N), Any), b = c.v(N, Any); x, w, b);
                let x = c.m((M, K), Any);
                scalar!(c, classifier, classifier_grad, classifier_vjp;
                    w = c.m((K, N), Any), b = c.v(N, Any); &x, &labels, w, b);
            }
            c.finish();
        }

        // ----- edge cases of the binding structure ----------------------------------------

        /// An argument that does not reach the result: its gradient is zero.
        #[differentiable]
        fn unused_argument(x: $F, _y: $F) -> $F {
            x * 2.0
        }
        #[differentiable]
        fn identity(x: $F) -> $F {
            x
        }
        #[differentiable]
        fn identity_array(a: &Array2<$F>) -> Array2<$F> {
            a.to_owned()
        }
        /// Only the shape of `a` reaches the result.
        #[differentiable]
        fn only_the_shape(a: &Array2<$F>, x: $F) -> $F {
            a.len() as $F * x
        }
        /// Floats behind references.
        #[differentiable]
        fn float_references(x: &$F, y: &$F) -> $F {
            *x * *y + x.sin()
        }
        /// `wrt` listed out of order: the gradient is still in signature order.
        #[differentiable(wrt(z, x))]
        fn wrt_out_of_order(x: $F, y: $F, z: $F) -> $F {
            x * y + z * z * x
        }
        /// `wrt` leaving an array operand out of a broadcast and of `powf`.
        #[differentiable(wrt(v, p))]
        fn wrt_partial_arrays(a: &Array2<$F>, v: &Array1<$F>, p: $F) -> Array2<$F> {
            (a * v).powf(p) + a.powf(p)
        }
        /// A call to a function that differentiates only some of its arguments: the caller
        /// needs the others too.
        #[differentiable]
        fn calls_wrt(x: $F, y: $F, z: $F) -> $F {
            wrt_one(x, y, z) + x
        }
        #[differentiable]
        fn let_mut_in_block(x: $F, y: $F) -> $F {
            let mut a = x;
            {
                a *= y;
                a += x;
            }
            a * a
        }
        #[differentiable]
        fn inner_shadow(x: $F) -> $F {
            let y = {
                let x = x * 2.0;
                x.sin()
            };
            x + y
        }
        #[differentiable]
        fn annotated(a: &Array2<$F>, x: $F) -> $F {
            let h: Array2<$F> = a * x;
            let s: $F = h.sum();
            let (rows, cols) = a.dim();
            s / (rows * cols) as $F
        }
        /// `k` is an untyped literal expression, which takes the type of its use.
        #[differentiable]
        fn constant_arithmetic(x: $F) -> $F {
            let k = 2.0 * 3.0;
            let j = k - 1.0;
            x * k + j
        }
        #[differentiable]
        fn last_element(v: &Array1<$F>) -> $F {
            v[v.len() - 1] * v[0]
        }
        #[differentiable]
        fn transposed_intermediate(a: &Array2<$F>) -> Array2<$F> {
            let h = a.tanh();
            let ht = h.t();
            ht.dot(&h) + ht.dot(&h)
        }
        #[differentiable]
        fn view_reused(a: &Array2<$F>) -> $F {
            let v = a.view();
            v.sum() * a.sum() + v[[0, 1]]
        }
        #[differentiable]
        fn call_with_intermediates(x: &Array2<$F>, w: &Array2<$F>, b: &Array1<$F>) -> $F {
            dense(&(x * 2.0), w, &b.exp()).sum() + dense(x, w, b).sum()
        }
        /// A view of a value that is shadowed afterwards: the pullback must transpose the old one.
        #[differentiable]
        fn view_of_shadowed(a: &Array2<$F>) -> Array2<$F> {
            let h = a.exp();
            let t = h.t();
            let h = &h * 2.0 + 1.0;
            t.dot(&h) + t.sum()
        }
        #[differentiable]
        fn view_of_shadowed_argument(a: &Array2<$F>) -> $F {
            let v = a.view();
            let a = a.sin();
            (&v * &a).sum() + v.sum()
        }
        #[differentiable]
        fn elements_accumulated(v: &Array1<$F>) -> $F {
            let mut s = v[0];
            s += v[1];
            s *= v[0];
            s /= v[2].exp();
            s -= v[1] * v[1];
            s
        }
        #[differentiable]
        fn double_reduction(a: &Array2<$F>) -> Array0<$F> {
            a.sum_axis(Axis(1)).sum_axis(Axis(0)) * 2.0
        }
        #[differentiable]
        fn mean_axis_of_vector(v: &Array1<$F>) -> Array0<$F> {
            v.mean_axis(Axis(0)).unwrap()
        }

        #[test]
        fn binding_edge_cases() {
            let mut c = cases(14);
            for _ in 0..2 {
                scalar!(c, unused_argument, unused_argument_grad, unused_argument_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
                scalar!(c, identity, identity_grad, identity_vjp; x = c.s(Any); *x);
                vector!(c, identity_array, identity_array_vjp; a = c.m((M, N), Any); a);
                scalar!(c, only_the_shape, only_the_shape_grad, only_the_shape_vjp; a = c.m((M, N), Any), x = c.s(Any); a, *x);
                scalar!(c, float_references, float_references_grad, float_references_vjp; x = c.s(Any), y = c.s(Any); x, y);
                let y0: F = c.s(Any);
                scalar!(c, wrt_out_of_order, wrt_out_of_order_grad, wrt_out_of_order_vjp; x = c.s(Any), z = c.s(Any); *x, y0, *z);
                let a0 = c.m((M, N), Positive);
                vector!(c, wrt_partial_arrays, wrt_partial_arrays_vjp; v = c.v(N, Positive), p = c.s(Any); &a0, v, *p);
                scalar!(c, calls_wrt, calls_wrt_grad, calls_wrt_vjp; x = c.s(Any), y = c.s(Any), z = c.s(Any); *x, *y, *z);
                scalar!(c, let_mut_in_block, let_mut_in_block_grad, let_mut_in_block_vjp; x = c.s(Any), y = c.s(Any); *x, *y);
                scalar!(c, inner_shadow, inner_shadow_grad, inner_shadow_vjp; x = c.s(Any); *x);
                scalar!(c, annotated, annotated_grad, annotated_vjp; a = c.m((M, N), Any), x = c.s(Any); a, *x);
                scalar!(c, constant_arithmetic, constant_arithmetic_grad, constant_arithmetic_vjp; x = c.s(Any); *x);
                scalar!(c, last_element, last_element_grad, last_element_vjp; v = c.v(N, Any); v);
                vector!(c, transposed_intermediate, transposed_intermediate_vjp; a = c.m((M, K), Any); a);
                scalar!(c, view_reused, view_reused_grad, view_reused_vjp; a = c.m((M, N), Any); a);
                scalar!(c, call_with_intermediates, call_with_intermediates_grad, call_with_intermediates_vjp;
                    x = c.m((M, K), Any), w = c.m((K, N), Any), b = c.v(N, Any); x, w, b);
                vector!(c, view_of_shadowed, view_of_shadowed_vjp; a = c.m((M, N), Unit); a);
                scalar!(c, view_of_shadowed_argument, view_of_shadowed_argument_grad, view_of_shadowed_argument_vjp; a = c.m((M, N), Any); a);
                scalar!(c, elements_accumulated, elements_accumulated_grad, elements_accumulated_vjp; v = c.v(N, Any); v);
                vector!(c, double_reduction, double_reduction_vjp; a = c.m((M, N), Any); a);
                vector!(c, mean_axis_of_vector, mean_axis_of_vector_vjp; v = c.v(N, Any); v);
            }
            // The gradient of an argument that does not reach the result is exactly zero.
            assert_eq!(unused_argument_grad(1.0, 2.0), (2.0, (2.0, 0.0)));
            assert_eq!(only_the_shape_grad(&Array2::ones((2, 3)), 1.0).1.0, Array2::zeros((2, 3)));
            // wrt(z, x) on x·y + z²·x: (∂/∂x, ∂/∂z) = (y + z², 2zx), in signature order.
            assert_eq!(wrt_out_of_order_grad(2.0, 3.0, 5.0), (56.0, (28.0, 20.0)));
            c.finish();
        }

        // ----- reductions feeding broadcasts, other dimensionalities ----------------------

        /// A scalar computed from an array, broadcast back over it.
        #[differentiable]
        fn normalize(a: &Array2<$F>) -> Array2<$F> {
            let m = mean(a);
            (a - m) / a.sum()
        }
        /// Means along each axis, broadcast back: columns directly, rows through a transpose.
        #[differentiable]
        fn center(a: &Array2<$F>) -> Array2<$F> {
            let columns = a - &a.mean_axis(Axis(0)).unwrap();
            let rows = (&a.t() - &a.mean_axis(Axis(1)).unwrap()).t().to_owned();
            &columns * &rows
        }
        #[differentiable]
        fn three_axes(a: &Array3<$F>, m: &Array2<$F>) -> Array2<$F> {
            log_softmax(&(a + m)).sum_axis(Axis(1)) * a.mean_axis(Axis(2)).unwrap().sum()
        }
        #[differentiable]
        fn dynamic_axes(a: &ArrayD<$F>, v: &Array1<$F>) -> ArrayD<$F> {
            softmax(&(a * v).exp()) + a.sum_axis(Axis(0)).sum() + relu(&a) * sigmoid(&a)
        }

        #[test]
        fn reductions_broadcast_and_other_dimensionalities() {
            let mut c = cases(15);
            for _ in 0..2 {
                vector!(c, normalize, normalize_vjp; a = c.m((M, N), Positive); a);
                vector!(c, center, center_vjp; a = c.m((M, N), Any); a);
                vector!(c, three_axes, three_axes_vjp;
                    a = c.array((K, M, N), Any), m = c.m((M, N), Any); a, m);
                vector!(c, dynamic_axes, dynamic_axes_vjp;
                    a = c.array(IxDyn(&[K, M, N]), NonZero), v = c.v(N, Unit); a, v);
            }
            c.finish();
        }

        // ----- views: rows, columns, index_axis, slices -------------------------------------

        #[differentiable]
        fn row_of_reference(a: &Array2<$F>) -> Array1<$F> {
            a.row(1).exp()
        }
        #[differentiable]
        fn row_of_owned(a: Array2<$F>) -> $F {
            a.row(M - 1).sum() * a.row(0).sum()
        }
        #[differentiable]
        fn row_of_view(a: ArrayView2<$F>) -> Array1<$F> {
            &a.row(0) * 2.0 + a.row(2)
        }
        #[differentiable]
        fn column_of_reference(a: &Array2<$F>) -> Array1<$F> {
            a.column(2).sin()
        }
        /// A column of a transposed view is a row: a view of a view, both recomputed.
        #[differentiable]
        fn column_of_transposed(a: &Array2<$F>) -> Array1<$F> {
            a.t().column(1).tanh()
        }
        /// The same element read by a row, a column and twice by the same row: the adjoints add up.
        #[differentiable]
        fn overlapping_parts(a: &Array2<$F>) -> $F {
            (&a.row(0) * &a.row(0)).sum() + a.column(0).sum() * a[[0, 0]]
        }
        #[differentiable]
        fn index_axis_3d(a: &Array3<$F>) -> Array2<$F> {
            a.index_axis(Axis(1), 2).tanh()
        }
        #[differentiable]
        fn index_axis_of_view(a: ArrayView2<$F>, k: usize) -> Array1<$F> {
            a.index_axis(Axis(1), k).exp() + a.index_axis(Axis(0), k)
        }
        /// A part of an intermediate: the pullback recomputes it from the kept `h`.
        #[differentiable]
        fn row_of_intermediate(a: &Array2<$F>, v: &Array1<$F>) -> $F {
            let h = (a * v).sin();
            h.row(1).dot(&h.column(3)) + h.row(0).sum()
        }
        #[differentiable]
        fn slice_ranges_and_steps(a: &Array2<$F>) -> Array2<$F> {
            a.slice(s![1.., ..;2]).exp()
        }
        #[differentiable]
        fn slice_negative_steps(a: &Array2<$F>) -> Array2<$F> {
            a.slice(s![..;-1, 1..4;-2]).sin()
        }
        /// A single index removes its axis; the path of `s!` may be written in full.
        #[differentiable]
        fn slice_single_index(a: &Array2<$F>, k: usize) -> Array1<$F> {
            let j = k + 1;
            &a.slice(adjoint::ndarray::s![k, ..]) * a.slice(s![.., j..;-1]).sum()
        }
        #[differentiable]
        fn slice_of_vector(v: ArrayView1<$F>) -> $F {
            v.slice(s![1..N - 1]).dot(&v.slice(s![..;-2]).to_owned().slice(s![..2]))
        }
        /// Every row in turn, each through a dot product.
        #[differentiable]
        fn rows_in_a_loop(xs: &Array2<$F>, w: &Array1<$F>) -> $F {
            let mut total = 0.0;
            for t in 0..xs.nrows() {
                total += xs.row(t).dot(w).tanh();
            }
            total
        }
        #[differentiable]
        fn row_score(r: &ArrayView1<$F>, w: &Array1<$F>) -> $F {
            (r * w).sum().sin()
        }
        /// Each row passed to another differentiable function.
        #[differentiable]
        fn rows_passed_on(xs: &Array2<$F>, w: &Array1<$F>) -> $F {
            let mut total = 0.0;
            for t in 0..xs.nrows() {
                let r = xs.row(t);
                total += row_score(&r, w) * r[0];
            }
            total
        }
        /// The loop above through its hidden forward pass and pullback, called twice.
        #[differentiable]
        fn calls_rows_in_a_loop(xs: &Array2<$F>, w: &Array1<$F>) -> $F {
            rows_in_a_loop(xs, w) * rows_in_a_loop(&xs.exp(), w)
        }
        /// A sliding window: the slice's bounds change every iteration.
        #[differentiable]
        fn sliding_window(v: &Array1<$F>, k: &Array1<$F>) -> $F {
            let mut i = 0;
            let mut acc = 0.0;
            while i + k.len() <= v.len() {
                acc += v.slice(s![i..i + k.len()]).dot(k).powi(2);
                i += 1;
            }
            acc
        }
        #[differentiable]
        fn part_by_match(a: &Array2<$F>, n: usize) -> $F {
            let r = match n {
                0 => a.row(0).sum(),
                1 => a.index_axis(Axis(1), 3).sum(),
                _ => a.slice(s![.., n..]).exp().sum(),
            };
            r * a.sum()
        }

        #[test]
        fn views() {
            let mut c = cases(16);
            for _ in 0..2 {
                vector!(c, row_of_reference, row_of_reference_vjp; a = c.m((M, N), Any); a);
                scalar!(c, row_of_owned, row_of_owned_grad, row_of_owned_vjp; a = c.m((M, N), Any); a.clone());
                vector!(c, row_of_view, row_of_view_vjp; a = c.m((M, N), Any); a.view());
                vector!(c, column_of_reference, column_of_reference_vjp; a = c.m((M, N), Any); a);
                vector!(c, column_of_transposed, column_of_transposed_vjp; a = c.m((M, N), Any); a);
                scalar!(c, overlapping_parts, overlapping_parts_grad, overlapping_parts_vjp; a = c.m((M, N), Any); a);
                vector!(c, index_axis_3d, index_axis_3d_vjp; a = c.array((K, M, N), Any); a);
                vector!(c, index_axis_of_view, index_axis_of_view_vjp; a = c.m((N, N), Any); a.view(), 1);
                scalar!(c, row_of_intermediate, row_of_intermediate_grad, row_of_intermediate_vjp;
                    a = c.m((N, N), Any), v = c.v(N, Any); a, v);
                vector!(c, slice_ranges_and_steps, slice_ranges_and_steps_vjp; a = c.m((M, N), Any); a);
                vector!(c, slice_negative_steps, slice_negative_steps_vjp; a = c.m((M, N), Any); a);
                vector!(c, slice_single_index, slice_single_index_vjp; a = c.m((M, N), Any); a, 1);
                scalar!(c, slice_of_vector, slice_of_vector_grad, slice_of_vector_vjp; v = c.v(N, Any); v.view());
                scalar!(c, rows_in_a_loop, rows_in_a_loop_grad, rows_in_a_loop_vjp;
                    xs = c.m((M, N), Unit), w = c.v(N, Unit); xs, w);
                scalar!(c, rows_passed_on, rows_passed_on_grad, rows_passed_on_vjp;
                    xs = c.m((M, N), Unit), w = c.v(N, Unit); xs, w);
                scalar!(c, calls_rows_in_a_loop, calls_rows_in_a_loop_grad, calls_rows_in_a_loop_vjp;
                    xs = c.m((M, N), Unit), w = c.v(N, Unit); xs, w);
                scalar!(c, sliding_window, sliding_window_grad, sliding_window_vjp;
                    v = c.v(6, Any), k = c.v(K, Any); v, k);
                for n in [0, 1, 2] {
                    scalar!(c, part_by_match, part_by_match_grad, part_by_match_vjp; a = c.m((M, N), Any); a, n);
                }
            }
            c.finish();
        }

        #[test]
        fn view_literal_values() {
            // A row's adjoint is the cotangent in that row and zeros elsewhere; a step of −2
            // over columns 1..4 reads columns 3 and 1, in that order.
            let a = Array2::from_shape_fn((M, N), |(i, j)| (N * i + j) as F);
            let (row, da) = row_of_reference_vjp(&a, &array![1.0, 2.0, 3.0, 4.0]);
            assert_eq!(row, a.row(1).exp());
            assert_eq!(da.row(1), array![1.0, 2.0, 3.0, 4.0] * a.row(1).exp());
            assert_eq!(da.row(0).sum() + da.row(2).sum(), 0.0);
            let (_, da) = slice_negative_steps_vjp(&Array2::zeros((M, N)), &Array2::ones((M, 2)));
            assert_eq!(da, array![[0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 0.0, 1.0]]);
            // Σₜ rowₜ·w over a loop: ∂/∂w is the sum of the rows, ∂/∂xs is w in every row (tanh' = 1 at 0).
            let (_, (dxs, dw)) = rows_in_a_loop_grad(&Array2::zeros((2, 3)), &array![1.0, 2.0, 3.0]);
            assert_eq!(dw, Array1::zeros(3));
            assert_eq!(dxs, array![[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]);
        }

        // ----- literal values --------------------------------------------------------------

        /// Derivatives worked by hand, at points where they are exact in both element types.
        #[test]
        fn literal_derivatives() {
            // d/dx sin x = cos x: 1 at 0.
            assert_eq!(s_sin_grad(0.0), (0.0, 1.0));
            // d/dx cos x = −sin x: 0 at 0.
            assert_eq!(s_cos_grad(0.0), (1.0, 0.0));
            // d/dx eˣ = eˣ: 1 at 0.
            assert_eq!(s_exp_grad(0.0), (1.0, 1.0));
            // d/dx ln x = 1/x: 1/2 at 2.
            assert_eq!(s_ln_grad(2.0).1, 0.5);
            // d/dx √x = 1/(2√x): 1/4 at 4.
            assert_eq!(s_sqrt_grad(4.0), (2.0, 0.25));
            // d/dx tan x = 1 + tan² x: 1 at 0.
            assert_eq!(s_tan_grad(0.0), (0.0, 1.0));
            // d/dx tanh x = 1 − tanh² x: 1 at 0.
            assert_eq!(s_tanh_grad(0.0), (0.0, 1.0));
            // d/dx 1/x = −1/x²: −1/4 at 2.
            assert_eq!(s_recip_grad(2.0), (0.5, -0.25));
            // d/dx x³ = 3x²: 12 at 2.
            assert_eq!(s_powi3_grad(2.0), (8.0, 12.0));
            // d/dx x⁻² = −2x⁻³: −1/4 at 2.
            assert_eq!(s_powi_neg_grad(2.0), (0.25, -0.25));
            // d/dx x⁰ = 0, even at 0.
            assert_eq!(s_powi0_grad(0.0), (1.0, 0.0));
            // ∂/∂x xᵖ = p·xᵖ⁻¹ = 12 and ∂/∂p xᵖ = xᵖ·ln x = 8 ln 2 at (2, 3).
            let (value, (dx, dp)) = s_powf_grad(2.0, 3.0);
            assert_close(value, 8.0);
            assert_close(dx, 12.0);
            assert_close(dp, 8.0 * (2.0 as F).ln());
            // ∂/∂x (x/y) = 1/y and ∂/∂y (x/y) = −x/y²: 1/2 and −3/4 at (3, 2).
            assert_eq!(div_grad(3.0, 2.0), (1.5, (0.5, -0.75)));
            // ∂/∂x (x·y) = y, ∂/∂y = x.
            assert_eq!(mul_grad(3.0, -2.0), (-6.0, (-2.0, 3.0)));
            // d/dx (x·x + x) = 2x + 1: 7 at 3 (x is read three times).
            assert_eq!(square_plus_grad(3.0), (12.0, 7.0));
            // d/dx (1 − x) = −1, d/dx 2x = 2, d/dx 2/x = −2/x²: −1/2 at 2, d/dx x/4 = 1/4.
            assert_eq!(one_minus_grad(5.0), (-4.0, -1.0));
            assert_eq!(times_two_grad(5.0), (10.0, 2.0));
            assert_eq!(two_times_grad(5.0), (10.0, 2.0));
            assert_eq!(two_over_grad(2.0), (1.0, -0.5));
            assert_eq!(over_four_grad(2.0), (0.5, 0.25));
            // d/dx (n·x + n²/x) = n − n²/x²: 3 − 9/4 at (x, n) = (2, 3).
            assert_eq!(integer_arg_grad(2.0, 3), (10.5, 0.75));
            // Σ (a·b)ᵢ has ∂/∂a = b and ∂/∂b = a.
            let (u, v) = (array![1.0, 2.0, 3.0], array![4.0, -5.0, 6.0]);
            assert_eq!(dot_vec_vec_grad(&u, &v), (12.0, (v.clone(), u.clone())));
            // mean over n = 4 elements: every element gets 1/4.
            assert_eq!(mean_vector_grad(&array![1.0, 2.0, 3.0, 6.0]), (3.0, Array1::from_elem(4, 0.25)));
            // mean_axis(0) of a 2×2: the cotangent of a column, halved, goes to both rows.
            let (_, da) = mean_axis0_vjp(&array![[1.0, 2.0], [3.0, 4.0]], &array![2.0, -4.0]);
            assert_eq!(da, array![[1.0, -2.0], [1.0, -2.0]]);
            // sum_axis(1): each row receives its row's cotangent.
            let (_, da) = sum_axis1_vjp(&array![[1.0, 2.0], [3.0, 4.0]], &array![2.0, -4.0]);
            assert_eq!(da, array![[2.0, 2.0], [-4.0, -4.0]]);
            // a[[1, 2]] is one-hot at (1, 2).
            let (value, da) = index_matrix_grad(&Array2::from_elem((2, 3), 7.0));
            assert_eq!(value, 7.0);
            assert_eq!(da, array![[0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]);
            // softmax of equal logits is uniform; its VJP with a constant cotangent is 0
            // (up to the rounding of e^(x − logsumexp x)).
            let (p, dz) = softmax_vector_vjp(&array![0.5, 0.5], &array![3.0, 3.0]);
            for (p, dz) in p.iter().zip(&dz) {
                assert_close(*p, 0.5);
                assert_close(*dz, 0.0);
            }
            // sigmoid'(0) = σ(0)(1 − σ(0)) = 1/4.
            assert_eq!(sigmoid_scalar_grad(0.0), (0.5, 0.25));
            // At ±10⁴ sigmoid saturates without overflow: σ' = σ(1 − σ) = 0.
            assert_eq!(sigmoid_scalar_grad(1e4), (1.0, 0.0));
            assert_eq!(sigmoid_scalar_grad(-1e4), (0.0, 0.0));
            // Cross-entropy of logits (10⁴, 0) against class 1: the loss is 10⁴ and the
            // gradient softmax − onehot = (1, 0) − (0, 1), finite.
            let (loss, dz) = cross_entropy_grad(&array![[1e4, 0.0]], &array![1]);
            assert_eq!((loss, dz), (1e4, array![[1.0, -1.0]]));
        }

        /// The documented conventions where a derivative does not exist.
        #[test]
        fn ties_and_kinks() {
            // `a.max(b)` and `a.min(b)` with a == b send the whole gradient to the receiver `a`.
            assert_eq!(s_max_grad(1.5, 1.5), (1.5, (1.0, 0.0)));
            assert_eq!(s_min_grad(1.5, 1.5), (1.5, (1.0, 0.0)));
            // `y.max(x)` with x == y: the receiver is y.
            assert_eq!(s_max_swapped_grad(1.5, 1.5), (1.5, (0.0, 1.0)));
            assert_eq!(s_min_swapped_grad(1.5, 1.5), (1.5, (0.0, 1.0)));
            // Off the tie, the larger (smaller) one takes it.
            assert_eq!(s_max_grad(2.0, 1.0), (2.0, (1.0, 0.0)));
            assert_eq!(s_max_grad(1.0, 2.0), (2.0, (0.0, 1.0)));
            assert_eq!(s_min_grad(2.0, 1.0), (1.0, (0.0, 1.0)));
            assert_eq!(s_min_grad(1.0, 2.0), (1.0, (1.0, 0.0)));
            // max(x, 0.5) at x = 0.5 + min(x, 2) + x^1.5: the receiver x takes the max's
            // gradient, so d/dx = 1 + 1 + 1.5·√0.5.
            let (_, dx) = literal_exponent_grad(0.5);
            assert_close(dx, 2.0 + 1.5 * (0.5 as F).sqrt());
            // HALF.max(x) at x = 0.5: the constant receiver takes it, x gets nothing from the max;
            // SCALE.min(x) at 0.5 is x, off the tie: 1; d/dx SCALEˣ = SCALEˣ·ln SCALE.
            let (_, dx) = constant_receiver_grad(0.5);
            assert_close(dx, 1.0 + (1.5 as F).powf(0.5) * (1.5 as F).ln());
            // relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = α.
            assert_eq!(relu_scalar_grad(0.0), (0.0, 0.0));
            assert_eq!(s_abs_grad(0.0), (0.0, 0.0));
            assert_eq!(leaky_relu_scalar_grad(0.0), (0.0, 0.2));
            let x = array![[-1.0, 0.0, 2.0]];
            let ones = Array2::ones((1, 3));
            assert_eq!(relu_matrix_vjp(&x, &ones).1, array![[0.0, 0.0, 1.0]]);
            assert_eq!(a_abs_vjp(&x, &ones).1, array![[-1.0, 0.0, 1.0]]);
            assert_eq!(leaky_relu_matrix_vjp(&x, &ones).1, array![[0.1, 0.1, 1.0]]);
            // 0ᵖ: ∂/∂p is taken as 0 (the limit), and ∂/∂x 0² = 2·0¹ = 0.
            assert_eq!(s_powf_grad(0.0, 2.0), (0.0, (0.0, 0.0)));
            // clamp'(x) = 1 strictly inside the bounds and 0 outside and at them.
            assert_eq!(s_clamp_grad(0.25), (0.25, 1.0));
            assert_eq!(s_clamp_grad(0.5), (0.5, 0.0));
            assert_eq!(s_clamp_grad(-0.5), (-0.5, 0.0));
            assert_eq!(s_clamp_grad(2.0), (0.5, 0.0));
            let x = array![[-1.0, -0.5, 0.0, 0.5, 1.0]];
            let (y, dx) = a_clamp_vjp(&x, &Array2::ones((1, 5)));
            assert_eq!(y, array![[-0.5, -0.5, 0.0, 0.5, 0.5]]);
            assert_eq!(dx, array![[0.0, 0.0, 1.0, 0.0, 0.0]]);
            // signum' = 0 everywhere, at its jump too: d/dx (signum(x)·x) = signum(x).
            assert_eq!(s_signum_grad(0.0), (0.0, 1.0));
            assert_eq!(s_signum_grad(-2.0), (2.0, -1.0));
            // hypot and atan2 at the origin: every partial is taken as 0.
            assert_eq!(s_hypot_grad(0.0, 0.0), (0.0, (0.0, 0.0)));
            assert_eq!(s_atan2_grad(0.0, 0.0), (0.0, (0.0, 0.0)));
            // hypot(3, 4) = 5 with partials 3/5, 4/5; atan2(3, 4) has partials 4/25, −3/25.
            let (r, (dx, dy)) = s_hypot_grad(3.0, 4.0);
            assert_eq!(r, 5.0);
            assert_close(dx, 0.6);
            assert_close(dy, 0.8);
            let (_, (dx, dy)) = s_atan2_grad(3.0, 4.0);
            assert_close(dx, 0.16);
            assert_close(dy, -0.12);
        }
    };
}

mod f64s {
    suite!(f64, 64);
}

mod f32s {
    suite!(f32, 32);
}

// ---------------------------------------------------------------------------------------------
// `leaky_relu` with its slope passed in: differentiated through when asked (∂/∂α = Σ g·x·[x ≤ 0]).

mod leaky_relu_alpha_argument {
    use super::*;

    #[differentiable(wrt(a))]
    fn leaky_alpha(a: &Array2<f64>, alpha: f64) -> Array2<f64> {
        leaky_relu(a, alpha)
    }

    #[differentiable]
    fn leaky_alpha_sum(a: &Array2<f64>, alpha: f64) -> f64 {
        leaky_relu(a, alpha).sum()
    }

    #[test]
    fn leaky_relu_with_an_alpha_argument() {
        let mut c = Cases::<f64>::new(16);
        for alpha in [0.01, 0.3] {
            vector!(c, leaky_alpha, leaky_alpha_vjp; a = c.m((3, 4), NonZero); a, alpha);
        }
        c.finish();
    }

    /// The slope itself: d/dα Σ leaky(x, α) = Σ_{x ≤ 0} x.
    #[test]
    fn the_slope_is_differentiated() {
        let a = adjoint::ndarray::array![[-1.0, 2.0], [-3.0, 0.5]];
        let (value, (da, dalpha)) = leaky_alpha_sum_grad(&a, 0.1);
        assert_eq!(value, leaky_alpha_sum(&a, 0.1));
        assert_eq!(dalpha, -4.0);
        assert_eq!(da, adjoint::ndarray::array![[0.1, 1.0], [0.1, 1.0]]);
        adjoint::check::check_gradient(
            |(a, alpha): &(Array2<f64>, f64)| leaky_alpha_sum(a, *alpha),
            &(a.clone(), 0.1),
            &(da, dalpha),
        )
        .assert_ok();
    }
}

mod float_methods_in_path_form {
    //! `f64::max(a, b)` and the other supported float methods written as paths.
    use adjoint::check::check_gradient;
    use adjoint::prelude::*;

    #[differentiable]
    fn path_forms(x: f64, y: f64) -> f64 {
        f64::max(x, y) * f64::exp(x) + f64::powi(y, 3) - f64::sin(f64::min(x * y, 0.5))
    }

    #[differentiable]
    fn path_forms_f32(x: f32, y: f32) -> f32 {
        f32::sqrt(f32::abs(x)) + f32::tanh(y) * f32::recip(y)
    }

    #[test]
    fn paths_are_the_methods() {
        for (x, y) in [(0.3, 1.2), (1.5, -0.7), (-0.4, 0.2)] {
            let (value, grad) = path_forms_grad(x, y);
            assert_eq!(value, path_forms(x, y));
            check_gradient(|&(x, y): &(f64, f64)| path_forms(x, y), &(x, y), &grad).assert_ok();
            let (value, (dx, dy)) = path_forms_f32_grad(x as f32, y as f32);
            assert_eq!(value, path_forms_f32(x as f32, y as f32));
            let (x, y) = (x as f32, y as f32);
            let exact_dx = 0.5 / x.abs().sqrt() * x.signum();
            let exact_dy = (1.0 - y.tanh().powi(2)) / y - y.tanh() / (y * y);
            assert!(
                (dx - exact_dx).abs() < 1e-5 && (dy - exact_dy).abs() < 1e-4,
                "{dx} {dy}"
            );
        }
    }
}

mod new_methods_in_generic_functions {
    //! The element-wise methods in a function generic over the float type: `clamp`'s bounds
    //! take the operand's element type, whichever it is.
    use adjoint::check::check_gradient;
    use adjoint::ndarray::{Array1, array};
    use adjoint::prelude::*;

    #[differentiable]
    fn generic<F: Float>(x: F, y: F, v: &Array1<F>) -> F {
        let half = F::from_f64_lossy(0.5);
        x.clamp(-half, half) * x.atan2(y)
            + x.hypot(y).asinh()
            + v.clamp(-half, half).sum()
            + (v * half).atanh().exp_m1().sum()
    }

    #[test]
    fn one_definition_serves_f32_and_f64() {
        let v = array![-0.9, 0.2, 0.7];
        let (value, grad) = generic_grad(0.3, -1.2, &v);
        assert_eq!(value, generic(0.3, -1.2, &v));
        check_gradient(
            |(x, y, v): &(f64, f64, Array1<f64>)| generic(*x, *y, v),
            &(0.3, -1.2, v.clone()),
            &grad,
        )
        .assert_ok();
        let v32 = v.mapv(|e| e as f32);
        let (value32, (dx, dy, dv)) = generic_grad(0.3_f32, -1.2, &v32);
        assert_eq!(value32, generic(0.3_f32, -1.2, &v32));
        let (dx64, dy64, dv64) = grad;
        assert!((f64::from(dx) - dx64).abs() < 1e-5, "{dx} against {dx64}");
        assert!((f64::from(dy) - dy64).abs() < 1e-5, "{dy} against {dy64}");
        for (d, d64) in dv.iter().zip(&dv64) {
            assert!((f64::from(*d) - d64).abs() < 1e-5, "{d} against {d64}");
        }
    }
}

mod casts_between_float_types {
    //! `x as f32` and `x as f64` of differentiated values: mixed precision within a function.
    use adjoint::ndarray::{Array1, array};
    use adjoint::prelude::*;

    #[differentiable]
    fn mixed(x: f32, w: &Array1<f64>) -> f64 {
        let y = (x as f64) * w.sum();
        let z = (y.sin() as f32) * x;
        (z as f64) + y * y
    }

    #[differentiable]
    fn widened(x: f32) -> f64 {
        (x as f64).exp()
    }

    #[test]
    fn casts_carry_the_derivative_across_precisions() {
        let (x, w) = (0.7_f32, array![0.5, -1.25, 2.0]);
        let (value, (dx, dw)) = mixed_grad(x, &w);
        assert_eq!(value, mixed(x, &w));
        // By hand: y = x·s, z = sin(y)·x, f = z + y².
        let (xf, s) = (f64::from(x), w.sum());
        let y = xf * s;
        let dy = f64::from((y.cos() as f32) * x) + 2.0 * y;
        let exact_dx = dy * s + f64::from(y.sin() as f32);
        assert!(
            (f64::from(dx) - exact_dx).abs() < 1e-5,
            "{dx} vs {exact_dx}"
        );
        let exact_dw = Array1::from_elem(3, dy * xf);
        assert!(
            (&dw - &exact_dw).iter().all(|e| e.abs() < 1e-6),
            "{dw} vs {exact_dw}"
        );
        // Central differences along w, with a step large enough that the value's rounding to
        // f32 (about 3e-8) stays below the tolerance.
        let h = 1e-3;
        for i in 0..3 {
            let (mut up, mut down) = (w.clone(), w.clone());
            up[i] += h;
            down[i] -= h;
            let numeric = (mixed(x, &up) - mixed(x, &down)) / (2.0 * h);
            assert!((numeric - dw[i]).abs() < 1e-3, "{numeric} vs {}", dw[i]);
        }
        let (value, dx) = widened_grad(0.3);
        assert_eq!(value, f64::from(0.3_f32).exp());
        assert_eq!(dx, f64::from(0.3_f32).exp() as f32);
    }
}

mod variance_and_deviation {
    //! `a.var(ddof)` and `a.std(ddof)` of differentiated arrays, in f32 and f64.
    use adjoint::check::check_gradient;
    use adjoint::ndarray::{Array1, Array2, array};
    use adjoint::prelude::*;

    #[differentiable]
    fn spread(a: &Array2<f64>, ddof: f64) -> f64 {
        let e = a.exp();
        e.var(ddof) + a.std(0.0) * e.t().std(ddof)
    }

    #[differentiable]
    fn spread_f32(a: &Array1<f32>) -> f32 {
        a.var(1.0) * a.std(1.0)
    }

    #[test]
    fn var_and_std_match_central_differences() {
        let a = array![[0.3, -1.2, 0.8], [1.5, 0.1, -0.4]];
        // Away from 0, which the checker's step would cross.
        for ddof in [0.5, 1.0] {
            let (value, grad) = spread_grad(&a, ddof);
            assert_eq!(value, spread(&a, ddof));
            // `ddof` is differentiated too: the divisor n − ddof is smooth in it.
            check_gradient(
                |(a, ddof): &(Array2<f64>, f64)| spread(a, *ddof),
                &(a.clone(), ddof),
                &grad,
            )
            .assert_ok();
        }
        let v = array![0.5_f32, -1.0, 2.0, 0.25];
        let (value, dv) = spread_f32_grad(&v);
        assert_eq!(value, spread_f32(&v));
        // By hand: d(var·std) = (std + var/(2 std))·d var, d var/dvᵢ = 2(vᵢ − μ)/(n − 1).
        let (n, mean) = (4.0_f64, v.mapv(f64::from).mean().unwrap());
        let var = v.mapv(f64::from).var(1.0);
        let outer = var.sqrt() + var / (2.0 * var.sqrt());
        for (i, &x) in v.iter().enumerate() {
            let exact = outer * 2.0 * (f64::from(x) - mean) / (n - 1.0);
            assert!(
                (f64::from(dv[i]) - exact).abs() < 1e-5,
                "{} vs {exact}",
                dv[i]
            );
        }
    }

    #[test]
    #[should_panic(
        expected = "`ddof` is 3.0, but it must be at least 0 and below the number of elements, 3"
    )]
    fn ddof_out_of_range_is_named() {
        let _ = spread_f32_grad(&array![1.0, 2.0, 3.0]);
        let _ = spread_grad(&array![[1.0, 2.0, 3.0]], 3.0);
    }
}

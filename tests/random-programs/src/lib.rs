//! The harness of the random-program tests: every generated program hands its function, its
//! `_grad` and its `_vjp` to a [`Harness`], which compares them with central differences.
//!
//! The generator (`build.rs`, `src/generate.rs`) writes programs whose arguments are floats,
//! arrays and `Params` structs of many types; to keep the checker monomorphized once, every
//! program is seen here through one point type, [`Point`]: one `ArrayD<f64>` per leaf (a float
//! is a 0-dimensional array). The generated code converts a point to its typed arguments with
//! [`s`], [`a1`], [`a2`] and [`a4`], and a typed gradient back to leaves with [`leaf`].

use std::panic::{AssertUnwindSafe, catch_unwind};

use adjoint::check::{CheckReport, Checker};
use adjoint::ndarray::{Array, Array1, Array2, Array4, ArrayD, Dimension, Ix1, Ix2, Ix4, IxDyn};

/// The absolute difference under which two inner products of order-one directions with
/// derivatives agree: the rounding residue of a derivative that is zero in exact arithmetic
/// (`x − x` computed along two paths) reaches 1e-16.
const ROUNDING_FLOOR: f64 = 1e-13;

/// The differentiated arguments of a program, one leaf per float, array or struct field.
pub type Point = Vec<ArrayD<f64>>;

/// A function of a point with a scalar output.
pub type ScalarFn<'a> = &'a dyn Fn(&Point) -> f64;
/// A `_grad`: the value and the gradient as leaves.
pub type GradFn<'a> = &'a dyn Fn(&Point) -> (f64, Point);
/// A function of a point with an array output (a float output is 0-dimensional).
pub type ArrayFn<'a> = &'a dyn Fn(&Point) -> ArrayD<f64>;
/// A `_vjp`: the value and the vector-Jacobian product for a cotangent, as leaves.
pub type VjpFn<'a> = &'a dyn Fn(&Point, &ArrayD<f64>) -> (ArrayD<f64>, Point);
/// `f_jvp` at a point along a direction: the value and the tangent, as leaves.
pub type JvpFn<'a> = &'a dyn Fn(&Point, &Point) -> (ArrayD<f64>, ArrayD<f64>);
/// `f_hvp` at a point along a direction: the value, the gradient and the Hessian-vector
/// product, as leaves.
pub type HvpFn<'a> = &'a dyn Fn(&Point, &Point) -> (f64, Point, Point);

/// Whether a generated function returned the function's own value: the same number (or both
/// NaN). Not bit for bit: a product runs on the runtime's kernels (nano-gemm, gemm) in the
/// generated code and on ndarray's in the user's function, and where a sum of products is zero
/// the kernels may give zeros of different signs (seed 6, program 358).
fn same_value(value: f64, expected: f64) -> bool {
    value == expected || (value.is_nan() && expected.is_nan())
}

/// The float in a 0-dimensional leaf.
pub fn s(leaf: &ArrayD<f64>) -> f64 {
    leaf.first()
        .copied()
        .expect("a scalar leaf has one element")
}

/// A 1-dimensional leaf as an `Array1`.
pub fn a1(leaf: &ArrayD<f64>) -> Array1<f64> {
    leaf.clone()
        .into_dimensionality::<Ix1>()
        .expect("a 1-d leaf")
}

/// A 2-dimensional leaf as an `Array2`.
pub fn a2(leaf: &ArrayD<f64>) -> Array2<f64> {
    leaf.clone()
        .into_dimensionality::<Ix2>()
        .expect("a 2-d leaf")
}

/// A 4-dimensional leaf (an NCHW image batch or a convolution's kernels) as an `Array4`.
pub fn a4(leaf: &ArrayD<f64>) -> Array4<f64> {
    leaf.clone()
        .into_dimensionality::<Ix4>()
        .expect("a 4-d leaf")
}

/// A float or an array as a leaf of a [`Point`].
pub trait Leaf {
    /// This value as a dynamic-dimensional array.
    fn leaf(&self) -> ArrayD<f64>;
}

impl Leaf for f64 {
    fn leaf(&self) -> ArrayD<f64> {
        ArrayD::from_elem(IxDyn(&[]), *self)
    }
}

impl<D: Dimension> Leaf for Array<f64, D> {
    fn leaf(&self) -> ArrayD<f64> {
        self.clone().into_dyn()
    }
}

/// `value` as a leaf.
pub fn leaf<L: Leaf + ?Sized>(value: &L) -> ArrayD<f64> {
    value.leaf()
}

/// SplitMix64: the inputs of program `k` of seed `s` depend on `(s, k)` only.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// The generator of one program.
    pub fn new(seed: u64, program: u64) -> Self {
        Rng(seed ^ program.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How one program fared.
#[derive(Debug)]
pub enum Outcome {
    /// Every check passed.
    Passed,
    /// A check failed at the checker's step but passed at a smaller one: the point is within a
    /// step of a kink (relu, abs, max, min), not a wrong rule.
    NearKink(String),
    /// A wrong value, a wrong derivative or a panic.
    Failed(String),
}

/// Runs the checks of every program and collects what failed.
pub struct Harness {
    seed: u64,
    rng: Rng,
    checker: Checker,
    /// Programs checked.
    pub programs: usize,
    /// Programs whose `_jvp` was checked.
    pub forward: usize,
    /// Programs whose `_hvp` was checked.
    pub second_order: usize,
    /// Gradient elements compared with central differences.
    pub elements: usize,
    /// Programs that passed only at a smaller step.
    pub near_kinks: Vec<String>,
    /// Failed programs, each with its source and the report.
    pub failures: Vec<String>,
}

/// The relative steps tried, in order: the checker's default first.
const STEPS: [f64; 3] = [1e-6, 1e-7, 1e-5];

impl Harness {
    /// A harness for the programs generated from `seed`.
    pub fn new(seed: u64) -> Self {
        Harness {
            seed,
            rng: Rng::new(seed, u64::MAX),
            checker: Checker::new(),
            programs: 0,
            forward: 0,
            second_order: 0,
            elements: 0,
            near_kinks: Vec::new(),
            failures: Vec::new(),
        }
    }

    /// Starts program `index`: its inputs are drawn from `(seed, index)` alone, so a program
    /// regenerated on its own sees the same inputs.
    pub fn begin(&mut self, index: u64) {
        self.rng = Rng::new(self.seed, index);
    }

    /// A point of leaves of the given shapes, uniform in `[-1, 1)`.
    pub fn draw(&mut self, shapes: &[&[usize]]) -> Point {
        shapes
            .iter()
            .map(|shape| ArrayD::from_shape_simple_fn(IxDyn(shape), || self.rng.uniform(-1.0, 1.0)))
            .collect()
    }

    /// A random cotangent shaped like `value`, away from zero.
    fn cotangent(&mut self, value: &ArrayD<f64>) -> ArrayD<f64> {
        value.mapv(|_| {
            let magnitude = self.rng.uniform(0.5, 1.5);
            if self.rng.next_u64() & 1 == 0 {
                magnitude
            } else {
                -magnitude
            }
        })
    }

    /// Checks a program with a float output: `_grad` and `_vjp` against central differences
    /// of `f`, `_grad_into` (adding into `_grad`'s result) against twice the gradient, and the
    /// values they return against `f`'s ([`same_value`]).
    #[allow(clippy::too_many_arguments)]
    pub fn scalar(
        &mut self,
        name: &str,
        source: &str,
        names: &[&str],
        at: Point,
        f: ScalarFn<'_>,
        grad: GradFn<'_>,
        vjp: VjpFn<'_>,
        grad_into: GradFn<'_>,
    ) {
        let cotangent = self.cotangent(&ArrayD::zeros(IxDyn(&[])));
        let checker = self.checker.clone().names(names.iter().copied());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let expected = f(&at);
            let (value, gradient) = grad(&at);
            if !same_value(value, expected) {
                return Outcome::Failed(format!(
                    "`_grad` returns the value {value:?}, the function {expected:?}"
                ));
            }
            let by_step = |step: f64| checker.clone().step(step).check_gradient(f, &at, &gradient);
            let grad_outcome = judge("`_grad`", by_step);
            if let Outcome::Failed(_) = grad_outcome {
                return grad_outcome;
            }
            // `_grad_into` adds the same gradient into `_grad`'s: twice the gradient.
            let (value, twice) = grad_into(&at);
            if !same_value(value, expected) {
                return Outcome::Failed(format!(
                    "`_grad_into` returns the value {value:?}, the function {expected:?}"
                ));
            }
            for (k, (twice, once)) in twice.iter().zip(&gradient).enumerate() {
                let scale = once.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
                if twice
                    .iter()
                    .zip(once)
                    .any(|(t, o)| (t - 2.0 * o).abs() > 1e-12 * scale || t.is_nan() != o.is_nan())
                {
                    return Outcome::Failed(format!(
                        "`_grad_into` added {} into the gradient {once} of `{}`, not the gradient again",
                        twice - once,
                        names.get(k).copied().unwrap_or("?"),
                    ));
                }
            }
            let (value, product) = vjp(&at, &cotangent);
            if value.len() != 1 || value.iter().any(|&v| !same_value(v, expected)) {
                return Outcome::Failed(format!(
                    "`_vjp` returns the value {value:?}, the function {expected:?}"
                ));
            }
            let c = s(&cotangent);
            let by_step = |step: f64| checker.clone().step(step).check_vjp(f, &at, &c, &product);
            match (grad_outcome, judge("`_vjp`", by_step)) {
                (_, Outcome::Failed(why)) => Outcome::Failed(format!("with cotangent {c}: {why}")),
                (Outcome::NearKink(why), _) | (_, Outcome::NearKink(why)) => Outcome::NearKink(why),
                _ => Outcome::Passed,
            }
        }));
        let elements = 2 * at.iter().map(ArrayD::len).sum::<usize>();
        self.record(name, source, &at, elements, outcome);
    }

    /// Checks a program with an array output: `_vjp` with a random cotangent against central
    /// differences of `⟨cotangent, f⟩`, and its value against `f`'s ([`same_value`]).
    pub fn array(
        &mut self,
        name: &str,
        source: &str,
        names: &[&str],
        at: Point,
        f: ArrayFn<'_>,
        vjp: VjpFn<'_>,
    ) {
        let checker = self.checker.clone().names(names.iter().copied());
        let expected = match catch_unwind(AssertUnwindSafe(|| f(&at))) {
            Ok(expected) => expected,
            Err(panic) => {
                let outcome =
                    Outcome::Failed(format!("the function panicked: {}", message(&*panic)));
                return self.record(name, source, &at, 0, Ok(outcome));
            }
        };
        let cotangent = self.cotangent(&expected);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let (value, product) = vjp(&at, &cotangent);
            if value.shape() != expected.shape()
                || value
                    .iter()
                    .zip(&expected)
                    .any(|(&v, &e)| !same_value(v, e))
            {
                return Outcome::Failed(format!(
                    "`_vjp` returns the value {value:?}, the function {expected:?}"
                ));
            }
            let by_step = |step: f64| {
                checker
                    .clone()
                    .step(step)
                    .check_vjp(f, &at, &cotangent, &product)
            };
            match judge("`_vjp`", by_step) {
                Outcome::Failed(why) => {
                    Outcome::Failed(format!("with cotangent {cotangent:?}: {why}"))
                }
                other => other,
            }
        }));
        let elements = at.iter().map(ArrayD::len).sum::<usize>();
        self.record(name, source, &at, elements, outcome);
    }

    /// Checks a program's `_jvp` along a random direction: its value against `f`'s, its tangent
    /// against central differences of `f` along the direction, and the transposition identity
    /// `⟨J·v, c⟩ = ⟨v, Jᵀ·c⟩` against `_vjp` for a random cotangent `c` (to 1e-10 relative: both
    /// sides are exact derivatives, summed in different orders).
    #[allow(clippy::too_many_arguments)]
    pub fn forward(
        &mut self,
        name: &str,
        source: &str,
        names: &[&str],
        at: Point,
        f: ArrayFn<'_>,
        jvp: JvpFn<'_>,
        vjp: VjpFn<'_>,
    ) {
        let checker = self.checker.clone().names(names.iter().copied());
        let direction: Point = at.iter().map(|leaf| self.cotangent(leaf)).collect();
        let expected = match catch_unwind(AssertUnwindSafe(|| f(&at))) {
            Ok(expected) => expected,
            Err(_) => return,
        };
        let cotangent = self.cotangent(&expected);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let (value, tangent) = jvp(&at, &direction);
            if value.shape() != expected.shape()
                || value
                    .iter()
                    .zip(&expected)
                    .any(|(&v, &e)| !same_value(v, e))
            {
                return Outcome::Failed(format!(
                    "`_jvp` returns the value {value:?}, the function {expected:?}"
                ));
            }
            if tangent.shape() != expected.shape() {
                return Outcome::Failed(format!(
                    "`_jvp` returns a tangent of shape {:?} for a value of shape {:?}",
                    tangent.shape(),
                    expected.shape()
                ));
            }
            let (_, product) = vjp(&at, &cotangent);
            let forward: f64 = (&tangent * &cotangent).sum();
            let reverse: f64 = direction
                .iter()
                .zip(&product)
                .map(|(d, g)| (d * g).sum())
                .sum();
            let scale = direction
                .iter()
                .zip(&product)
                .map(|(d, g)| (d * g).mapv(f64::abs).sum())
                .sum::<f64>()
                .max((&tangent * &cotangent).mapv(f64::abs).sum())
                .max(1e-300);
            // Below the floor both are rounding residue of a derivative that is zero (a value
            // minus itself): the directions and cotangents are of order one.
            let agree = (forward - reverse).abs() <= 1e-10 * scale + ROUNDING_FLOOR
                || (forward.is_nan() && reverse.is_nan());
            if !agree {
                return Outcome::Failed(format!(
                    "`_jvp` and `_vjp` disagree: ⟨J·v, c⟩ = {forward:e}, ⟨v, Jᵀ·c⟩ = {reverse:e}"
                ));
            }
            let by_step = |step: f64| {
                checker
                    .clone()
                    .step(step)
                    .check_jvp(f, &at, &direction, &tangent)
            };
            match judge("`_jvp`", by_step) {
                Outcome::Failed(why) => {
                    Outcome::Failed(format!("along the direction {direction:?}: {why}"))
                }
                other => other,
            }
        }));
        // `record` counts a program; this is the same program, checked in forward mode.
        self.forward += 1;
        self.programs -= 1;
        self.record(&format!("{name}_jvp"), source, &at, 0, outcome);
    }

    /// Checks a program's `_hvp` along a random direction `v`: its value and gradient against
    /// `_grad`'s (to 1e-12 relative), its Hessian-vector product against central differences of
    /// `_grad` along `v`, and the Hessian's symmetry `⟨u, Hv⟩ = ⟨v, Hu⟩` for a second random
    /// direction `u` (to 1e-9 relative: both sides are exact second derivatives).
    pub fn second_order(
        &mut self,
        name: &str,
        source: &str,
        names: &[&str],
        at: Point,
        grad: GradFn<'_>,
        hvp: HvpFn<'_>,
    ) {
        let checker = self.checker.clone().names(names.iter().copied());
        let v: Point = at.iter().map(|leaf| self.cotangent(leaf)).collect();
        let u: Point = at.iter().map(|leaf| self.cotangent(leaf)).collect();
        let (expected, expected_grad) = match catch_unwind(AssertUnwindSafe(|| grad(&at))) {
            Ok(expected) => expected,
            Err(_) => return,
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let (value, gradient, hv) = hvp(&at, &v);
            if !same_value(value, expected) {
                return Outcome::Failed(format!(
                    "`_hvp` returns the value {value:e}, `_grad` {expected:e}"
                ));
            }
            for (k, (got, want)) in gradient.iter().zip(&expected_grad).enumerate() {
                let scale = want.iter().fold(1e-300_f64, |s, w| s.max(w.abs()));
                let differs = got.shape() != want.shape()
                    || got
                        .iter()
                        .zip(want)
                        .any(|(g, w)| (g - w).abs() > 1e-12 * scale && !(g.is_nan() && w.is_nan()));
                if differs {
                    return Outcome::Failed(format!(
                        "`_hvp` returns the gradient {got:?} for leaf {k}, `_grad` {want:?}"
                    ));
                }
            }
            let (_, _, hu) = hvp(&at, &u);
            let inner = |a: &Point, b: &Point| -> (f64, f64) {
                a.iter().zip(b).fold((0.0, 0.0), |(sum, abs), (a, b)| {
                    (sum + (a * b).sum(), abs + (a * b).mapv(f64::abs).sum())
                })
            };
            let ((uhv, s1), (vhu, s2)) = (inner(&u, &hv), inner(&v, &hu));
            let scale = s1.max(s2).max(1e-300);
            if (uhv - vhu).abs() > 1e-9 * scale + ROUNDING_FLOOR && !(uhv.is_nan() && vhu.is_nan())
            {
                return Outcome::Failed(format!(
                    "the Hessian `_hvp` applies is not symmetric: ⟨u, Hv⟩ = {uhv:e}, ⟨v, Hu⟩ = {vhu:e}"
                ));
            }
            let gradient_of = |p: &Point| grad(p).1;
            let by_step = |step: f64| {
                checker
                    .clone()
                    .step(step)
                    .check_hvp(gradient_of, &at, &v, &hv)
            };
            match judge("`_hvp`", by_step) {
                Outcome::Failed(why) => {
                    Outcome::Failed(format!("along the direction {v:?}: {why}"))
                }
                other => other,
            }
        }));
        // `record` counts a program; this is the same program, checked to second order.
        self.second_order += 1;
        self.programs -= 1;
        self.record(&format!("{name}_hvp"), source, &at, 0, outcome);
    }

    fn record(
        &mut self,
        name: &str,
        source: &str,
        at: &Point,
        elements: usize,
        outcome: std::thread::Result<Outcome>,
    ) {
        self.programs += 1;
        let failure = match outcome {
            Ok(Outcome::Passed) => {
                self.elements += elements;
                return;
            }
            Ok(Outcome::NearKink(why)) => {
                self.elements += elements;
                self.near_kinks.push(format!("{name}: {why}"));
                return;
            }
            Ok(Outcome::Failed(why)) => why,
            Err(panic) => format!("panicked: {}", message(&*panic)),
        };
        let at: Vec<_> = at
            .iter()
            .map(|leaf| leaf.iter().copied().collect::<Vec<_>>())
            .collect();
        self.failures.push(format!(
            "{name} (seed {seed}): {failure}\nat {at:?}\n{source}",
            seed = self.seed
        ));
    }

    /// A summary line, and a panic listing every failed program if any failed.
    pub fn finish(self) {
        println!(
            "{} programs (seed {}), {} of them in forward mode too and {} to second order, {} gradient elements checked, {} near a kink, {} failed",
            self.programs,
            self.seed,
            self.forward,
            self.second_order,
            self.elements,
            self.near_kinks.len(),
            self.failures.len()
        );
        for near in &self.near_kinks {
            println!("near a kink: {near}");
        }
        assert!(
            self.failures.is_empty(),
            "{} of {} random programs failed (seed {}):\n\n{}",
            self.failures.len(),
            self.programs,
            self.seed,
            self.failures.join("\n\n")
        );
    }
}

/// Runs a check at the checker's step, and again at other steps if it fails: a failure that
/// disappears at another step is a kink within a step of the point; one that stays is a bug.
fn judge(what: &str, check: impl Fn(f64) -> CheckReport) -> Outcome {
    let first = check(STEPS[0]);
    if first.is_ok() {
        return Outcome::Passed;
    }
    if STEPS[1..].iter().any(|&step| check(step).is_ok()) {
        return Outcome::NearKink(format!("{what} passes at another step:\n{first}"));
    }
    Outcome::Failed(format!(
        "{what} disagrees with finite differences:\n{first}"
    ))
}

/// The message of a panic payload.
pub fn message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(a non-string panic)".to_owned())
}

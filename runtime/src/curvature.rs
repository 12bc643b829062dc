//! Curvature and Jacobians from products: solving with a Hessian that is only available as
//! Hessian-vector products (conjugate gradient), and dense Jacobians and Hessians assembled
//! from one forward (JVP), reverse (VJP) or Hessian-vector (HVP) product per coordinate.
//!
//! Everything here is generic over [`Params`], so a vector, a float, a tuple and a
//! `#[derive(Params)]` model all work alike, and takes the products as closures: those that
//! `#[differentiable]` generates (`NAME_jvp`, `NAME_hvp`, `NAME_grad`) or hand-written ones.
//!
//! # Coordinates
//!
//! A dense matrix needs the parameters numbered. Coordinate `k` is the `k`-th element met by
//! walking the leaves in the order of [`Params::visit`] and each leaf's elements in logical
//! row-major order (the order of ndarray's `iter`). For a derived struct `{ w: Array1, b: f64 }`
//! the coordinates are `w[0], …, w[n-1], b`; for a tuple, its members in order.
//!
//! ```
//! use adjoint_runtime::curvature::{conjugate_gradient, hessian};
//! use ndarray::{array, Array1};
//!
//! // f(x) = ½ xᵀAx − bᵀx, whose Hessian-vector product is A·v and whose minimum solves Ax = b
//! let a = array![[4.0, 1.0], [1.0, 3.0]];
//! let b = array![1.0, 2.0];
//! let hvp = |v: &Array1<f64>| a.dot(v);
//! assert_eq!(hessian(&b, hvp), a);
//! let (x, report) = conjugate_gradient(&b, hvp, 1e-12, 10);
//! assert!(report.converged());
//! assert!((&a.dot(&x) - &b).iter().all(|r| r.abs() < 1e-12));
//! ```

use ndarray::{Array1, Array2, ArrayViewD, ArrayViewMut1, ArrayViewMutD, Zip};
use num_traits::{One, Zero};

use crate::{Float, Params};

// ---------------------------------------------------------------------------------------------
// Vector arithmetic over `Params`.
// ---------------------------------------------------------------------------------------------

/// The inner product `Σ aᵢ·bᵢ` over every element of every leaf, accumulated in `f64`: the
/// `aᵀb` of optimization written for models as well as vectors.
///
/// Accumulating in `f64` keeps the digits of `f32` models with many elements. It copies `b`'s
/// elements into one flat buffer, because [`Params`] walks two values side by side only
/// mutably; the conjugate-gradient solver fuses its inner products into its updates instead.
///
/// **Panics** if `b` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::curvature::dot;
/// use ndarray::array;
/// let a = (array![1.0_f64, 2.0], 3.0_f64);
/// let b = (array![4.0, 5.0], 6.0);
/// assert_eq!(dot(&a, &b), 4.0 + 10.0 + 18.0);
/// ```
#[track_caller]
pub fn dot<P: Params>(a: &P, b: &P) -> f64 {
    if let Some(mismatch) = a.shape_mismatch(b) {
        panic!("adjoint: dot: `b` is not shaped like `a`: {mismatch}");
    }
    let flat_b = flatten(b);
    let mut offset = 0;
    let mut sum = 0.0;
    a.visit("", &mut |_, leaf| {
        for (x, y) in leaf
            .iter()
            .zip(&flat_b.as_slice().expect("a new array is contiguous")[offset..])
        {
            sum += x.to_f64_exact() * y.to_f64_exact();
        }
        offset += leaf.len();
    });
    sum
}

/// The Euclidean norm `√(Σ aᵢ²)` over every element of every leaf, accumulated in `f64` (the
/// global norm of [`clip_grad_norm`](crate::optim::clip_grad_norm)).
///
/// ```
/// use adjoint_runtime::curvature::norm;
/// use ndarray::array;
/// assert_eq!(norm(&(array![3.0_f32], 4.0_f32)), 5.0);
/// ```
pub fn norm<P: Params>(a: &P) -> f64 {
    let mut squares = 0.0;
    a.visit("", &mut |_, leaf| {
        squares += leaf.iter().map(|x| x.to_f64_exact().powi(2)).sum::<f64>();
    });
    squares.sqrt()
}

/// `y ← y + α·x`, leaf by leaf, in place: BLAS's `axpy`, the step `θ ← θ − η·d` of a
/// second-order method. It allocates nothing.
///
/// **Panics** if `x` is not shaped like `y`.
///
/// ```
/// use adjoint_runtime::curvature::axpy;
/// use ndarray::array;
/// let mut y = (array![1.0_f64, 2.0], 3.0_f64);
/// axpy(&mut y, -2.0, &(array![1.0, 1.0], 0.5));
/// assert_eq!(y, (array![-1.0, 0.0], 2.0));
/// ```
#[track_caller]
pub fn axpy<P: Params>(y: &mut P, alpha: P::Elem, x: &P) {
    zip(y, x, "axpy: `x` is not shaped like `y`", |mut y, x| {
        Zip::from(&mut y).and(&x).for_each(|y, &x| *y += alpha * x);
    });
}

/// `x ← α·x`, every element of every leaf, in place.
///
/// ```
/// use adjoint_runtime::curvature::scale;
/// use ndarray::array;
/// let mut x = (array![1.0_f64, -2.0], 3.0_f64);
/// scale(&mut x, 0.5);
/// assert_eq!(x, (array![0.5, -1.0], 1.5));
/// ```
pub fn scale<P: Params>(x: &mut P, alpha: P::Elem) {
    x.visit_mut("", &mut |_, mut leaf| leaf.map_inplace(|x| *x *= alpha));
}

/// Calls `f` with every leaf of `mine` beside the same leaf of `other`, without building
/// paths, so that it allocates nothing; panics with `context` and the first differing leaf if
/// the shapes differ.
#[track_caller]
fn zip<P: Params>(
    mine: &mut P,
    other: &P,
    context: &str,
    mut f: impl FnMut(ArrayViewMutD<'_, P::Elem>, ArrayViewD<'_, P::Elem>),
) {
    if !mine.try_zip_mut(other, &mut f) {
        let mismatch = mine
            .shape_mismatch(other)
            .map_or_else(|| "the shapes differ".to_owned(), |m| m.to_string());
        panic!("adjoint: {context}: {mismatch}");
    }
}

/// The elements of `p` as one vector, in coordinate order (see the module's documentation).
fn flatten<P: Params>(p: &P) -> Array1<P::Elem> {
    let mut flat = Array1::zeros(p.num_params());
    flatten_into(p, flat.view_mut());
    flat
}

/// Writes the elements of `p` into `out`, in coordinate order; `out` has `p.num_params()`
/// elements.
fn flatten_into<P: Params>(p: &P, mut out: ArrayViewMut1<'_, P::Elem>) {
    let mut offset = 0;
    p.visit("", &mut |_, leaf| {
        for (slot, &x) in out
            .slice_mut(ndarray::s![offset..offset + leaf.len()])
            .iter_mut()
            .zip(leaf.iter())
        {
            *slot = x;
        }
        offset += leaf.len();
    });
}

/// Sets coordinate `k` of `p` to `value` (see the module's documentation for the numbering).
fn set_coordinate<P: Params>(p: &mut P, k: usize, value: P::Elem) {
    let mut offset = 0;
    p.visit_mut("", &mut |_, mut leaf| {
        if (offset..offset + leaf.len()).contains(&k) {
            *leaf
                .iter_mut()
                .nth(k - offset)
                .expect("the coordinate is in this leaf") = value;
        }
        offset += leaf.len();
    });
}

// ---------------------------------------------------------------------------------------------
// Conjugate gradient.
// ---------------------------------------------------------------------------------------------

/// How a conjugate-gradient solve ended: what [`conjugate_gradient`] and
/// [`ConjugateGradient::solve`] report beside the solution.
///
/// ```
/// use adjoint_runtime::curvature::{conjugate_gradient, CgOutcome};
/// use ndarray::array;
/// let (_, report) = conjugate_gradient(&array![1.0, 1.0], |v| v * 2.0, 1e-10, 5);
/// assert_eq!(report.outcome, CgOutcome::Converged);
/// assert_eq!((report.iterations, report.applications), (1, 1));
/// assert_eq!(report.relative_residual, 0.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CgReport {
    /// The completed iterations: the updates of the solution.
    pub iterations: usize,
    /// The calls of the operator: one per iteration, and one more when the solve stopped on
    /// non-positive or non-finite curvature.
    pub applications: usize,
    /// `‖r‖ / ‖b‖` for the residual `r` of the returned solution as the recurrence updates it
    /// (0 when `b` is 0). In exact arithmetic it is `b − A·x`; in floating point the two drift
    /// apart by rounding as iterations accumulate, by little for a well-conditioned `A`.
    pub relative_residual: f64,
    /// Why the solve stopped.
    pub outcome: CgOutcome,
}

impl CgReport {
    /// Whether the relative residual reached the tolerance: the outcome is
    /// [`CgOutcome::Converged`].
    ///
    /// ```
    /// use adjoint_runtime::curvature::conjugate_gradient;
    /// use ndarray::array;
    /// let diagonal = array![1.0, 10.0, 100.0];
    /// let (_, two) = conjugate_gradient(&array![1.0, 1.0, 1.0], |v| &diagonal * v, 1e-12, 2);
    /// let (_, three) = conjugate_gradient(&array![1.0, 1.0, 1.0], |v| &diagonal * v, 1e-12, 3);
    /// assert!(!two.converged() && three.converged());
    /// ```
    pub fn converged(&self) -> bool {
        self.outcome == CgOutcome::Converged
    }
}

/// Why a conjugate-gradient solve stopped: the [`outcome`](CgReport::outcome) of a
/// [`CgReport`], which a Newton-CG loop matches on to decide what to do with the solution.
///
/// ```
/// use adjoint_runtime::curvature::{conjugate_gradient, CgOutcome};
/// use ndarray::{array, Array1};
/// let b = array![1.0_f64, 1.0];
/// let outcome = |apply: fn(&Array1<f64>) -> Array1<f64>, limit| {
///     conjugate_gradient(&b, apply, 1e-12, limit).1.outcome
/// };
/// assert_eq!(outcome(|v| v * &array![1.0, 2.0], 2), CgOutcome::Converged);
/// assert_eq!(outcome(|v| v * &array![1.0, 2.0], 1), CgOutcome::MaxIterations);
/// assert_eq!(outcome(|v| -v, 2), CgOutcome::NegativeCurvature);
/// assert_eq!(outcome(|v| v * f64::NAN, 2), CgOutcome::NotFinite);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CgOutcome {
    /// `‖r‖ ≤ tolerance·‖b‖`.
    Converged,
    /// The iteration limit came first; the solution is the last iterate.
    MaxIterations,
    /// A search direction `p` had `pᵀAp ≤ 0`: the operator is not positive definite, as the
    /// Hessian away from a minimum often is. The solution is the last iterate (zero if it was
    /// the first direction, `b` itself), which a truncated-Newton method still uses as its
    /// step, or replaces by `b` when it is zero.
    NegativeCurvature,
    /// `b`, a product, a step length or the residual was infinite or NaN; the solution is the
    /// last iterate with a finite residual.
    NotFinite,
}

/// The vectors of the conjugate-gradient method (solution, residual, direction and the
/// operator's product), kept between solves so that repeated solves, one per step of a
/// Newton-CG loop, allocate nothing.
///
/// [`solve`](ConjugateGradient::solve) takes the operator as `apply(v, out)`, which writes
/// `A·v` into `out`; `out` is zeroed before each call, so `apply` may either assign to it or
/// add into it (as generated `NAME_grad_into` functions do). Results are those of
/// [`conjugate_gradient`], bit for bit.
///
/// ```
/// use adjoint_runtime::curvature::ConjugateGradient;
/// use ndarray::{array, Array1, Zip};
///
/// let a = array![[4.0, 1.0], [1.0, 3.0]];
/// let mut cg = ConjugateGradient::new(&Array1::<f64>::zeros(2));
/// for b in [array![1.0, 2.0], array![0.0, 1.0]] {
///     let report = cg.solve(
///         &b,
///         |v, out| Zip::from(out).and(a.rows()).for_each(|o, row| *o = row.dot(v)),
///         1e-12,
///         10,
///     );
///     assert!(report.converged() && report.iterations <= 2);
///     assert!((a.dot(cg.solution()) - &b).iter().all(|r| r.abs() < 1e-12));
/// }
/// ```
#[derive(Clone, Debug)]
pub struct ConjugateGradient<P> {
    x: P,
    r: P,
    p: P,
    ap: P,
}

/// # Construction and results
impl<P: Params> ConjugateGradient<P> {
    /// A solver for right-hand sides shaped like `like` (whose values are not read): four
    /// vectors of its shape, allocated here once.
    ///
    /// ```
    /// use adjoint_runtime::curvature::ConjugateGradient;
    /// use ndarray::{array, Array1};
    /// let model = (Array1::<f32>::zeros(3), 0.0_f32);
    /// let cg = ConjugateGradient::new(&model);
    /// assert_eq!(cg.solution(), &(array![0.0, 0.0, 0.0], 0.0));
    /// ```
    pub fn new(like: &P) -> Self {
        ConjugateGradient {
            x: like.zeros_like(),
            r: like.zeros_like(),
            p: like.zeros_like(),
            ap: like.zeros_like(),
        }
    }

    /// The solution of the last [`solve`](ConjugateGradient::solve) (zeros before the first).
    ///
    /// ```
    /// use adjoint_runtime::curvature::ConjugateGradient;
    /// let mut cg = ConjugateGradient::new(&0.0_f64);
    /// cg.solve(&6.0, |v, out| *out = 3.0 * v, 1e-12, 1);
    /// assert_eq!(*cg.solution(), 2.0);
    /// ```
    pub fn solution(&self) -> &P {
        &self.x
    }

    /// The solution of the last solve, giving up the solver's other vectors.
    ///
    /// ```
    /// use adjoint_runtime::curvature::ConjugateGradient;
    /// use ndarray::array;
    /// let b = array![2.0_f64, 4.0];
    /// let mut cg = ConjugateGradient::new(&b);
    /// cg.solve(&b, |v, out| out.assign(&(v * 2.0)), 1e-12, 1);
    /// assert_eq!(cg.into_solution(), array![1.0, 2.0]);
    /// ```
    pub fn into_solution(self) -> P {
        self.x
    }
}

/// # Solving
impl<P: Params> ConjugateGradient<P> {
    /// Solves `A·x = b` for a symmetric positive-definite `A` given as `apply(v, out)` (writing
    /// `A·v` into the zeroed `out`), from `x = 0`, until `‖b − A·x‖ ≤ tolerance·‖b‖` or
    /// `max_iterations` iterations. The solution is then [`solution`](ConjugateGradient::solution).
    ///
    /// It never panics on what the operator does: a product with `pᵀAp ≤ 0` (an indefinite or
    /// singular Hessian) stops the solve with [`CgOutcome::NegativeCurvature`], and a
    /// non-finite one with [`CgOutcome::NotFinite`], as truncated-Newton methods need. Inner
    /// products are accumulated in `f64`. With runtime types and derived structs, and an
    /// `apply` that allocates nothing, a solve allocates nothing.
    ///
    /// **Panics** if `tolerance` is negative or NaN, if `b` is not shaped like the solver's
    /// vectors, or if `apply` leaves `out` shaped unlike `v`.
    ///
    /// ```
    /// use adjoint_runtime::curvature::{CgOutcome, ConjugateGradient};
    /// use ndarray::array;
    ///
    /// // A = diag(1, −1) is indefinite: the first direction, b = (1, 1), has bᵀAb = 0
    /// let mut cg = ConjugateGradient::new(&array![0.0_f64, 0.0]);
    /// let report = cg.solve(&array![1.0, 1.0], |v, out| out.assign(&(v * &array![1.0, -1.0])), 1e-10, 10);
    /// assert_eq!(report.outcome, CgOutcome::NegativeCurvature);
    /// assert_eq!((report.iterations, report.applications), (0, 1));
    /// assert_eq!(cg.solution(), &array![0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn solve(
        &mut self,
        b: &P,
        mut apply: impl FnMut(&P, &mut P),
        tolerance: f64,
        max_iterations: usize,
    ) -> CgReport {
        assert!(
            tolerance >= 0.0,
            "adjoint: conjugate_gradient: the tolerance must be non-negative, got {tolerance}"
        );
        let ConjugateGradient { x, r, p, ap } = self;
        x.set_zero();
        // r = b − A·0 = b, p = r.
        let mut rr = 0.0;
        zip(
            r,
            b,
            "conjugate_gradient: `b` is not shaped like the solver's vectors",
            |mut r, b| {
                Zip::from(&mut r).and(&b).for_each(|r, &b| {
                    *r = b;
                    rr += b.to_f64_exact().powi(2);
                });
            },
        );
        zip(
            p,
            r,
            "conjugate_gradient: `b` is not shaped like the solver's vectors",
            |mut p, r| {
                p.assign(&r);
            },
        );
        let b_norm = rr.sqrt();
        let mut report = CgReport {
            iterations: 0,
            applications: 0,
            relative_residual: if b_norm == 0.0 { 0.0 } else { 1.0 },
            outcome: CgOutcome::MaxIterations,
        };
        if b_norm == 0.0 {
            report.outcome = CgOutcome::Converged;
            return report;
        }
        if !b_norm.is_finite() {
            report.outcome = CgOutcome::NotFinite;
            return report;
        }
        let threshold = tolerance * b_norm;
        while report.iterations < max_iterations {
            ap.set_zero();
            apply(p, ap);
            report.applications += 1;
            let mut curvature = 0.0;
            zip(
                p,
                ap,
                "conjugate_gradient: `apply` gave a product not shaped like its direction",
                |p, ap| {
                    curvature += Zip::from(&p).and(&ap).fold(0.0, |sum, &p, &ap| {
                        sum + p.to_f64_exact() * ap.to_f64_exact()
                    });
                },
            );
            if !curvature.is_finite() {
                report.outcome = CgOutcome::NotFinite;
                return report;
            }
            if curvature <= 0.0 {
                report.outcome = CgOutcome::NegativeCurvature;
                return report;
            }
            let alpha = P::Elem::from_f64_lossy(rr / curvature);
            if !alpha.to_f64_exact().is_finite() {
                report.outcome = CgOutcome::NotFinite;
                return report;
            }
            // The residual first, so that a step that overflows leaves the solution alone.
            let mut rr_next = 0.0;
            zip(
                r,
                ap,
                "conjugate_gradient: `apply` gave a product not shaped like its direction",
                |mut r, ap| {
                    Zip::from(&mut r).and(&ap).for_each(|r, &ap| {
                        *r -= alpha * ap;
                        rr_next += r.to_f64_exact().powi(2);
                    });
                },
            );
            if !rr_next.is_finite() {
                report.outcome = CgOutcome::NotFinite;
                return report;
            }
            axpy(x, alpha, p);
            report.iterations += 1;
            report.relative_residual = rr_next.sqrt() / b_norm;
            if rr_next.sqrt() <= threshold {
                report.outcome = CgOutcome::Converged;
                return report;
            }
            let beta = P::Elem::from_f64_lossy(rr_next / rr);
            zip(
                p,
                r,
                "conjugate_gradient: internal vectors differ in shape",
                |mut p, r| {
                    Zip::from(&mut p)
                        .and(&r)
                        .for_each(|p, &r| *p = r + beta * *p);
                },
            );
            rr = rr_next;
        }
        report
    }
}

/// Solves `A·x = b` by the conjugate-gradient method, for a symmetric positive-definite `A`
/// known only through its products `apply(v) = A·v`: the Newton step `H·d = −g` of a model
/// from Hessian-vector products, without ever forming `H`.
///
/// Starts from `x = 0` and stops when `‖b − A·x‖ ≤ tolerance·‖b‖` (the recurrence's residual,
/// see [`CgReport::relative_residual`]), after `max_iterations` iterations, or on
/// non-positive curvature `pᵀAp ≤ 0` (reported, not a panic: the truncated-Newton convention).
/// In exact arithmetic it converges in at most `n` iterations for `n` unknowns, and much
/// sooner when `A`'s eigenvalues cluster. Returns the solution and a [`CgReport`]; to solve
/// repeatedly without allocating, use [`ConjugateGradient`].
///
/// **Panics** if `tolerance` is negative or NaN, or if `apply` returns a value shaped unlike
/// its argument.
///
/// ```
/// use adjoint_runtime::curvature::conjugate_gradient;
/// use ndarray::{array, Array1, Array2, Axis};
///
/// // A Newton step of L2-regularized logistic regression,
/// // L(w) = mean log(1 + exp(−yᵢ xᵢᵀw)) + ½λ‖w‖², whose Hessian is XᵀSX/m + λI
/// // with S = diag(σᵢ(1 − σᵢ)), σᵢ = σ(xᵢᵀw).
/// let x = array![[1.0, 0.5], [-0.3, 1.0], [0.8, -1.2], [-1.0, -0.4]];
/// let y = array![1.0, -1.0, 1.0, -1.0];
/// let (w, lambda, m) = (array![0.1, -0.2], 0.1, 4.0);
/// let sigma = x.dot(&w).mapv(|z: f64| 1.0 / (1.0 + (-z).exp()));
/// let margin = (&y * &x.dot(&w)).mapv(|z: f64| 1.0 / (1.0 + z.exp()));
/// let grad = -x.t().dot(&(&y * &margin)) / m + lambda * &w;
/// let hvp = |v: &Array1<f64>| {
///     x.t().dot(&(&sigma * &(1.0 - &sigma) * &x.dot(v))) / m + lambda * v
/// };
/// let (step, report) = conjugate_gradient(&(-&grad), hvp, 1e-12, 10);
/// assert!(report.converged() && report.iterations <= 2);
/// let hessian = x.t().dot(&(&x * &(&sigma * &(1.0 - &sigma)).insert_axis(Axis(1)))) / m
///     + lambda * Array2::<f64>::eye(2);
/// assert!((hessian.dot(&step) + &grad).iter().all(|r| r.abs() < 1e-12));
/// ```
#[track_caller]
pub fn conjugate_gradient<P: Params>(
    b: &P,
    mut apply: impl FnMut(&P) -> P,
    tolerance: f64,
    max_iterations: usize,
) -> (P, CgReport) {
    let mut solver = ConjugateGradient::new(b);
    let report = solver.solve(b, |v, out| *out = apply(v), tolerance, max_iterations);
    (solver.into_solution(), report)
}

// ---------------------------------------------------------------------------------------------
// Dense Jacobians and Hessians.
// ---------------------------------------------------------------------------------------------

/// The dense Jacobian of a function from `P` to a vector at `at`, one column per input
/// coordinate: column `k` is `jvp(eₖ)`, the directional derivative along the `k`-th unit
/// vector. Forward mode: `n` products for `n` inputs, however many outputs.
///
/// Rows are the outputs, columns the input coordinates in the order described in the
/// [module's documentation](self). `at` gives the shape of the directions (the closure
/// evaluates at the point it captures); an `at` with no elements gives a 0×0 matrix, as no
/// product reveals the number of outputs.
///
/// **Panics** if two products have different lengths.
///
/// ```
/// use adjoint_runtime::curvature::jacobian_by_columns;
/// use ndarray::{array, Array1};
///
/// // f(x, y) = (x·y, x + y²): J = [[y, x], [1, 2y]]
/// let at = array![3.0, 2.0];
/// let jvp = |t: &Array1<f64>| array![at[1] * t[0] + at[0] * t[1], t[0] + 2.0 * at[1] * t[1]];
/// assert_eq!(jacobian_by_columns(&at, jvp), array![[2.0, 3.0], [1.0, 4.0]]);
/// ```
#[track_caller]
pub fn jacobian_by_columns<P: Params>(
    at: &P,
    jvp: impl FnMut(&P) -> Array1<P::Elem>,
) -> Array2<P::Elem> {
    columns(at, None, jvp, "jacobian_by_columns")
}

/// The columns `jvp(eₖ)` of a Jacobian, with `outputs` rows when known.
#[track_caller]
fn columns<P: Params>(
    at: &P,
    outputs: Option<usize>,
    mut jvp: impl FnMut(&P) -> Array1<P::Elem>,
    caller: &str,
) -> Array2<P::Elem> {
    let n = at.num_params();
    let mut jacobian = Array2::zeros((outputs.unwrap_or(0), n));
    let mut direction = at.zeros_like();
    for k in 0..n {
        set_coordinate(&mut direction, k, P::Elem::one());
        let column = jvp(&direction);
        set_coordinate(&mut direction, k, P::Elem::zero());
        if k == 0 && outputs.is_none() {
            jacobian = Array2::zeros((column.len(), n));
        }
        assert_eq!(
            column.len(),
            jacobian.nrows(),
            "adjoint: {caller}: the product along coordinate {k} has {} elements where {} are expected",
            column.len(),
            jacobian.nrows()
        );
        jacobian.column_mut(k).assign(&column);
    }
    jacobian
}

/// The dense Jacobian of a function from `P` to a vector of `outputs` elements, one row per
/// output: row `i` is `vjp(eᵢ)`, the gradient of the `i`-th output, flattened. Reverse mode:
/// `outputs` products however many inputs, the cheaper order for many inputs and few outputs.
///
/// Rows are the outputs, columns the input coordinates in the order described in the
/// [module's documentation](self), as for [`jacobian_by_columns`].
///
/// **Panics** if a product is not shaped like `at`.
///
/// ```
/// use adjoint_runtime::curvature::jacobian_by_rows;
/// use ndarray::{array, Array1};
///
/// // f(x, y) = (x·y, x + y²): Jᵀu = (y·u₀ + u₁, x·u₀ + 2y·u₁)
/// let at = array![3.0, 2.0];
/// let vjp = |u: &Array1<f64>| array![at[1] * u[0] + u[1], at[0] * u[0] + 2.0 * at[1] * u[1]];
/// assert_eq!(jacobian_by_rows(&at, 2, vjp), array![[2.0, 3.0], [1.0, 4.0]]);
/// ```
#[track_caller]
pub fn jacobian_by_rows<P: Params>(
    at: &P,
    outputs: usize,
    mut vjp: impl FnMut(&Array1<P::Elem>) -> P,
) -> Array2<P::Elem> {
    let mut jacobian = Array2::zeros((outputs, at.num_params()));
    let mut cotangent = Array1::zeros(outputs);
    for i in 0..outputs {
        cotangent[i] = P::Elem::one();
        let row = vjp(&cotangent);
        cotangent[i] = P::Elem::zero();
        if let Some(mismatch) = at.shape_mismatch(&row) {
            panic!(
                "adjoint: jacobian_by_rows: the product for output {i} is not shaped like `at`: {mismatch}"
            );
        }
        flatten_into(&row, jacobian.row_mut(i));
    }
    jacobian
}

/// The dense Jacobian of a function from `P` to a vector of `outputs` elements, by whichever
/// of [`jacobian_by_columns`] (one `jvp` per input coordinate) and [`jacobian_by_rows`] (one
/// `vjp` per output) needs fewer products; columns on a tie, as a forward product is usually
/// the cheaper. Both give the same matrix up to rounding.
///
/// **Panics** if a product has the wrong length or shape.
///
/// ```
/// use adjoint_runtime::curvature::jacobian;
/// use ndarray::{array, Array1};
///
/// // f(x, y, z) = x·y·z, one output: one reverse product (the gradient) instead of three
/// let at = array![1.0, 2.0, 3.0];
/// let mut forward = 0;
/// let j = jacobian(
///     &at,
///     1,
///     |t: &Array1<f64>| { forward += 1; array![6.0 * t[0] + 3.0 * t[1] + 2.0 * t[2]] },
///     |u: &Array1<f64>| array![6.0, 3.0, 2.0] * u[0],
/// );
/// assert_eq!(j, array![[6.0, 3.0, 2.0]]);
/// assert_eq!(forward, 0);
/// ```
#[track_caller]
pub fn jacobian<P: Params>(
    at: &P,
    outputs: usize,
    jvp: impl FnMut(&P) -> Array1<P::Elem>,
    vjp: impl FnMut(&Array1<P::Elem>) -> P,
) -> Array2<P::Elem> {
    if at.num_params() <= outputs {
        columns(at, Some(outputs), jvp, "jacobian")
    } else {
        jacobian_by_rows(at, outputs, vjp)
    }
}

/// The dense Hessian of a float-valued function of `P` at `at`, one Hessian-vector product per
/// coordinate: column `k` is `hvp(eₖ)`, flattened. For `n` coordinates that is `n` products and
/// an `n × n` matrix, so it is meant for small models and for checking; to solve with the
/// Hessian, give the products to [`conjugate_gradient`] instead.
///
/// Rows and columns are the coordinates in the order described in the
/// [module's documentation](self). `at` gives the shape of the directions (the closure
/// evaluates at the point it captures).
///
/// The result is not symmetrized: a Hessian is symmetric, so an asymmetry beyond rounding
/// reveals a wrong product. Forward-over-reverse products agree with their transposes to
/// rounding; where exact symmetry matters (a Cholesky factorization, say), take
/// `(&h + &h.t()) / 2`.
///
/// **Panics** if a product is not shaped like `at`.
///
/// ```
/// use adjoint_runtime::curvature::hessian;
/// use ndarray::{array, Array1};
///
/// // f(x, y) = x²y + y³: H = [[2y, 2x], [2x, 6y]]
/// let at = array![1.0, 2.0];
/// let hvp = |v: &Array1<f64>| {
///     let (x, y) = (at[0], at[1]);
///     array![2.0 * y * v[0] + 2.0 * x * v[1], 2.0 * x * v[0] + 6.0 * y * v[1]]
/// };
/// assert_eq!(hessian(&at, hvp), array![[4.0, 2.0], [2.0, 12.0]]);
/// ```
#[track_caller]
pub fn hessian<P: Params>(at: &P, mut hvp: impl FnMut(&P) -> P) -> Array2<P::Elem> {
    let n = at.num_params();
    let mut hessian = Array2::zeros((n, n));
    let mut direction = at.zeros_like();
    for k in 0..n {
        set_coordinate(&mut direction, k, P::Elem::one());
        let column = hvp(&direction);
        set_coordinate(&mut direction, k, P::Elem::zero());
        if let Some(mismatch) = at.shape_mismatch(&column) {
            panic!(
                "adjoint: hessian: the product along coordinate {k} is not shaped like `at`: {mismatch}"
            );
        }
        flatten_into(&column, hessian.column_mut(k));
    }
    hessian
}

#[cfg(test)]
mod tests {
    use ndarray::{Array1, Array2, Zip, array};

    use super::*;
    use crate::counting_allocator::allocations;
    use crate::init;

    /// A random symmetric positive-definite `n × n` matrix `MᵀM/n + shift·I`, `M` standard
    /// normal, whose eigenvalues lie in about `[shift, 4 + shift]`.
    fn random_spd(n: usize, shift: f64, seed: u64) -> Array2<f64> {
        let m: Array2<f64> = init::normal((n, n), 1.0, &mut init::rng(seed));
        m.t().dot(&m) / n as f64 + shift * Array2::<f64>::eye(n)
    }

    /// The solution of `A·x = b` for a symmetric positive-definite `A`, by a Cholesky
    /// factorization `A = LLᵀ` and two triangular solves.
    fn cholesky_solve(a: &Array2<f64>, b: &Array1<f64>) -> Array1<f64> {
        let n = a.nrows();
        let mut l = Array2::<f64>::zeros((n, n));
        for j in 0..n {
            let diagonal = a[[j, j]] - (0..j).map(|k| l[[j, k]].powi(2)).sum::<f64>();
            assert!(diagonal > 0.0, "the test matrix is not positive definite");
            l[[j, j]] = diagonal.sqrt();
            for i in j + 1..n {
                let off = a[[i, j]] - (0..j).map(|k| l[[i, k]] * l[[j, k]]).sum::<f64>();
                l[[i, j]] = off / l[[j, j]];
            }
        }
        let mut y = Array1::<f64>::zeros(n);
        for i in 0..n {
            y[i] = (b[i] - (0..i).map(|k| l[[i, k]] * y[k]).sum::<f64>()) / l[[i, i]];
        }
        let mut x = Array1::<f64>::zeros(n);
        for i in (0..n).rev() {
            x[i] = (y[i] - (i + 1..n).map(|k| l[[k, i]] * x[k]).sum::<f64>()) / l[[i, i]];
        }
        x
    }

    /// `‖v‖₂` of a plain vector.
    fn l2(v: &Array1<f64>) -> f64 {
        v.dot(v).sqrt()
    }

    /// Writes `A·v` into `out` without allocating.
    fn matvec_into<F: Float>(a: &Array2<F>, v: &Array1<F>, out: &mut Array1<F>) {
        Zip::from(out)
            .and(a.rows())
            .for_each(|o, row| *o = row.dot(v));
    }

    // -- Vector arithmetic ------------------------------------------------------------------

    #[test]
    fn vector_helpers_over_a_tuple() {
        // a = ((1, 2), 3), b = ((4, −5), 0.5): aᵀb = 4 − 10 + 1.5, ‖a‖ = √14
        let a = (array![1.0_f64, 2.0], 3.0_f64);
        let b = (array![4.0, -5.0], 0.5);
        assert_eq!(dot(&a, &b), -4.5);
        assert_eq!(norm(&a), 14.0_f64.sqrt());
        let mut y = a.clone();
        axpy(&mut y, 2.0, &b);
        assert_eq!(y, (array![9.0, -8.0], 4.0));
        scale(&mut y, -0.5);
        assert_eq!(y, (array![-4.5, 4.0], -2.0));
        // Elements of a 2-d leaf in row-major order against a 1-d partner's.
        let m = (array![[1.0_f32, 2.0], [3.0, 4.0]], array![1.0_f32]);
        let n = (array![[1.0_f32, 10.0], [100.0, 1000.0]], array![2.0_f32]);
        assert_eq!(dot(&m, &n), 1.0 + 20.0 + 300.0 + 4000.0 + 2.0);
    }

    #[test]
    #[should_panic(expected = "adjoint: dot: `b` is not shaped like `a`: `.0` has shape [3]")]
    fn dot_of_different_shapes_panics() {
        dot(
            &(array![1.0_f64, 2.0], 1.0_f64),
            &(array![1.0, 2.0, 3.0], 1.0),
        );
    }

    #[test]
    #[should_panic(expected = "adjoint: axpy: `x` is not shaped like `y`: `.1` has shape [1]")]
    fn axpy_of_different_shapes_panics() {
        let mut y = (array![1.0_f64], array![1.0_f64, 2.0]);
        axpy(&mut y, 1.0, &(array![1.0], array![1.0]));
    }

    // -- Conjugate gradient -----------------------------------------------------------------

    /// The true relative residual `‖b − A·x‖ / ‖b‖`.
    fn true_residual(a: &Array2<f64>, x: &Array1<f64>, b: &Array1<f64>) -> f64 {
        l2(&(b - &a.dot(x))) / l2(b)
    }

    #[test]
    fn solves_a_random_spd_system_as_a_direct_solve() {
        let n = 50;
        // Eigenvalues in about [0.5, 4.5]: a condition number near 9, for which rounding does
        // not delay CG past its exact-arithmetic bound of n iterations.
        let a = random_spd(n, 0.5, 1);
        let b: Array1<f64> = init::normal(n, 1.0, &mut init::rng(2));
        let (x, report) = conjugate_gradient(&b, |v| a.dot(v), 1e-10, n);
        assert!(report.converged(), "{report:?}");
        assert!(report.iterations <= n, "{report:?}");
        assert_eq!(report.applications, report.iterations);
        assert!(report.relative_residual <= 1e-10, "{report:?}");
        let residual = true_residual(&a, &x, &b);
        assert!(residual <= 1e-10, "true relative residual {residual:e}");
        let direct = cholesky_solve(&a, &b);
        let error = l2(&(&x - &direct)) / l2(&direct);
        assert!(error <= 1e-9, "relative error {error:e} against Cholesky");
    }

    #[test]
    fn solves_in_f32() {
        let n = 50;
        let a64 = random_spd(n, 0.5, 3);
        let b64: Array1<f64> = init::normal(n, 1.0, &mut init::rng(4));
        let a = a64.mapv(|x| x as f32);
        let b = b64.mapv(|x| x as f32);
        let (x, report) = conjugate_gradient(&b, |v| a.dot(v), 1e-5, n);
        assert!(report.converged(), "{report:?}");
        let direct = cholesky_solve(&a.mapv(f64::from), &b.mapv(f64::from));
        let error = l2(&(&x.mapv(f64::from) - &direct)) / l2(&direct);
        assert!(error <= 1e-5, "relative error {error:e} against Cholesky");
    }

    #[test]
    fn the_solver_gives_the_same_bits_and_allocates_nothing_after_construction() {
        let n = 50;
        let a = random_spd(n, 0.05, 5);
        let mut rng = init::rng(6);
        let rhs: Vec<Array1<f64>> = (0..3).map(|_| init::normal(n, 1.0, &mut rng)).collect();
        let mut cg = ConjugateGradient::new(&rhs[0]);
        for b in &rhs {
            let (expected, expected_report) = conjugate_gradient(b, |v| a.dot(v), 1e-10, n);
            let (allocated, report) =
                allocations(|| cg.solve(b, |v, out| matvec_into(&a, v, out), 1e-10, n));
            assert_eq!(allocated, 0);
            assert_eq!(report, expected_report);
            assert_eq!(cg.solution(), &expected);
        }
    }

    #[test]
    fn a_tuple_solves_without_allocating() {
        // A = [[2, 1, 0], [1, 3, 1], [0, 1, 4]] over (a 2-vector, a float).
        let a = array![[2.0_f64, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]];
        let apply = |v: &(Array1<f64>, f64), out: &mut (Array1<f64>, f64)| {
            let flat = [v.0[0], v.0[1], v.1];
            let row = |i: usize| (0..3).map(|j| a[[i, j]] * flat[j]).sum::<f64>();
            out.0[0] = row(0);
            out.0[1] = row(1);
            out.1 = row(2);
        };
        let b = (array![1.0, -2.0], 3.0);
        let mut cg = ConjugateGradient::new(&b);
        let (allocated, report) = allocations(|| cg.solve(&b, apply, 1e-14, 10));
        assert_eq!(allocated, 0);
        assert!(report.converged() && report.iterations <= 3, "{report:?}");
        let x = cg.solution();
        let direct = cholesky_solve(&a, &array![1.0, -2.0, 3.0]);
        let error = l2(&(array![x.0[0], x.0[1], x.1] - &direct));
        assert!(error <= 1e-14 * l2(&direct), "error {error:e}");
    }

    #[test]
    fn a_zero_right_hand_side_is_solved_by_zero_without_products() {
        let mut cg = ConjugateGradient::new(&Array1::<f64>::zeros(3));
        // A previous solve leaves a nonzero solution behind, which the next must not keep.
        cg.solve(&array![1.0, 2.0, 3.0], |v, out| out.assign(v), 1e-12, 5);
        assert_eq!(cg.solution(), &array![1.0, 2.0, 3.0]);
        let report = cg.solve(
            &Array1::zeros(3),
            |_, _| panic!("no product is needed"),
            1e-12,
            5,
        );
        let expected = CgReport {
            iterations: 0,
            applications: 0,
            relative_residual: 0.0,
            outcome: CgOutcome::Converged,
        };
        assert_eq!(report, expected);
        assert_eq!(cg.solution(), &Array1::zeros(3));
    }

    #[test]
    fn the_iteration_limit_is_reported_with_the_residual() {
        let n = 50;
        let a = random_spd(n, 0.05, 7);
        let b: Array1<f64> = init::normal(n, 1.0, &mut init::rng(8));
        let (x, report) = conjugate_gradient(&b, |v| a.dot(v), 1e-10, 3);
        assert_eq!(report.outcome, CgOutcome::MaxIterations);
        assert!(!report.converged());
        assert_eq!((report.iterations, report.applications), (3, 3));
        let residual = true_residual(&a, &x, &b);
        assert!(residual > 1e-3, "three iterations cannot solve this system");
        assert!((report.relative_residual - residual).abs() <= 1e-12 * residual);
        // No iteration at all: the solution is zero and the residual that of b.
        let (x, report) = conjugate_gradient(&b, |v| a.dot(v), 1e-10, 0);
        assert_eq!(x, Array1::zeros(n));
        assert_eq!((report.iterations, report.relative_residual), (0, 1.0));
    }

    #[test]
    fn negative_curvature_stops_the_solve() {
        // A = −I: the first direction already has bᵀAb < 0, and the solution stays zero.
        let b = array![1.0_f64, 2.0];
        let (x, report) = conjugate_gradient(&b, |v| -v, 1e-10, 10);
        assert_eq!(report.outcome, CgOutcome::NegativeCurvature);
        assert_eq!((report.iterations, report.applications), (0, 1));
        assert_eq!(x, Array1::zeros(2));
        // A = diag(4, 3, 2, 1, −1) and b = 1: the first direction has bᵀAb = 9 > 0, so one
        // step is taken; a later direction meets the negative eigenvalue.
        let d = array![4.0_f64, 3.0, 2.0, 1.0, -1.0];
        let (x, report) = conjugate_gradient(&Array1::ones(5), |v| &d * v, 1e-10, 10);
        assert_eq!(report.outcome, CgOutcome::NegativeCurvature);
        assert!(report.iterations >= 1, "{report:?}");
        assert_eq!(report.applications, report.iterations + 1);
        assert!(x.iter().all(|x| x.is_finite()) && l2(&x) > 0.0);
        // A singular operator: pᵀAp = 0.
        let (_, report) =
            conjugate_gradient(&array![1.0_f32, 0.0], |v| array![0.0, v[1]], 1e-6, 10);
        assert_eq!(report.outcome, CgOutcome::NegativeCurvature);
    }

    #[test]
    fn non_finite_products_are_reported() {
        let (_, report) = conjugate_gradient(&array![1.0_f64], |v| v * f64::NAN, 1e-10, 10);
        assert_eq!(report.outcome, CgOutcome::NotFinite);
        let (x, report) = conjugate_gradient(&array![f64::INFINITY], |v| v.clone(), 1e-10, 10);
        assert_eq!(
            (report.outcome, report.applications),
            (CgOutcome::NotFinite, 0)
        );
        assert_eq!(x, array![0.0]);
        // A curvature so small that the step length overflows f32: the solution stays zero.
        let tiny = f32::from_bits(1);
        let (x, report) = conjugate_gradient(&array![1.0_f32], |v| v * tiny, 1e-6, 10);
        assert_eq!(
            (report.outcome, report.iterations),
            (CgOutcome::NotFinite, 0)
        );
        assert_eq!(x, array![0.0]);
        // A product whose residual overflows (pᵀAp = 1, but ‖b − A·p‖² = 1e600).
        let (x, report) = conjugate_gradient(
            &array![1.0_f64, 0.0],
            |v| array![v[0], 1e300 * v[0]],
            1e-10,
            10,
        );
        assert_eq!(
            (report.outcome, report.iterations, report.applications),
            (CgOutcome::NotFinite, 0, 1)
        );
        assert_eq!(x, array![0.0, 0.0]);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: conjugate_gradient: `b` is not shaped like the solver's vectors: the value has shape [3] where [2] is expected"
    )]
    fn a_right_hand_side_of_another_shape_panics() {
        let mut cg = ConjugateGradient::new(&Array1::<f64>::zeros(2));
        cg.solve(&Array1::ones(3), |v, out| out.assign(v), 1e-10, 5);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: conjugate_gradient: `apply` gave a product not shaped like its direction"
    )]
    fn a_product_of_another_shape_panics() {
        conjugate_gradient(&array![1.0_f64, 1.0], |_| array![1.0], 1e-10, 5);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: conjugate_gradient: the tolerance must be non-negative, got NaN"
    )]
    fn a_nan_tolerance_panics() {
        conjugate_gradient(&array![1.0_f64], |v| v.clone(), f64::NAN, 5);
    }

    // -- Jacobians --------------------------------------------------------------------------

    /// f(x) = (x₀²x₁ + sin x₂, eˣ⁰x₂ − x₁³).
    fn map<F: Float>(x: &Array1<F>) -> Array1<F> {
        array![
            x[0] * x[0] * x[1] + x[2].sin(),
            x[0].exp() * x[2] - x[1].powi(3)
        ]
    }

    /// J = [[2x₀x₁, x₀², cos x₂], [eˣ⁰x₂, −3x₁², eˣ⁰]].
    fn map_jacobian<F: Float>(x: &Array1<F>) -> Array2<F> {
        let two = F::from_f64_lossy(2.0);
        let three = F::from_f64_lossy(3.0);
        array![
            [two * x[0] * x[1], x[0] * x[0], x[2].cos()],
            [x[0].exp() * x[2], -three * x[1] * x[1], x[0].exp()]
        ]
    }

    /// J·t, from the chain rule of each output rather than from the matrix.
    fn map_jvp<F: Float>(x: &Array1<F>, t: &Array1<F>) -> Array1<F> {
        let two = F::from_f64_lossy(2.0);
        let three = F::from_f64_lossy(3.0);
        array![
            two * x[0] * x[1] * t[0] + x[0] * x[0] * t[1] + x[2].cos() * t[2],
            x[0].exp() * x[2] * t[0] - three * x[1] * x[1] * t[1] + x[0].exp() * t[2]
        ]
    }

    /// Jᵀ·u.
    fn map_vjp<F: Float>(x: &Array1<F>, u: &Array1<F>) -> Array1<F> {
        let two = F::from_f64_lossy(2.0);
        let three = F::from_f64_lossy(3.0);
        array![
            two * x[0] * x[1] * u[0] + x[0].exp() * x[2] * u[1],
            x[0] * x[0] * u[0] - three * x[1] * x[1] * u[1],
            x[2].cos() * u[0] + x[0].exp() * u[1]
        ]
    }

    fn jacobians_agree<F: Float>() {
        let x: Array1<F> = array![0.7, -1.3, 0.4].mapv(F::from_f64_lossy);
        let analytic = map_jacobian(&x);
        let by_columns = jacobian_by_columns(&x, |t| map_jvp(&x, t));
        let by_rows = jacobian_by_rows(&x, 2, |u| map_vjp(&x, u));
        // Products with unit vectors multiply by 1 and add zeros: exact.
        assert_eq!(by_columns, analytic);
        assert_eq!(by_rows, analytic);
        assert_eq!(
            jacobian(&x, 2, |t| map_jvp(&x, t), |u| map_vjp(&x, u)),
            analytic
        );
    }

    #[test]
    fn jacobians_by_columns_and_rows_are_the_analytic_one() {
        jacobians_agree::<f64>();
        jacobians_agree::<f32>();
        // The analytic Jacobian itself, against central differences.
        let x = array![0.7_f64, -1.3, 0.4];
        let h = 1e-6;
        for k in 0..3 {
            let mut plus = x.clone();
            let mut minus = x.clone();
            plus[k] += h;
            minus[k] -= h;
            let column = (map(&plus) - map(&minus)) / (2.0 * h);
            for i in 0..2 {
                let exact = map_jacobian(&x)[[i, k]];
                assert!(
                    (column[i] - exact).abs() <= 1e-8 * (1.0 + exact.abs()),
                    "J[{i}, {k}]"
                );
            }
        }
    }

    #[test]
    fn jacobian_takes_the_fewer_products() {
        let x = array![0.7_f64, -1.3, 0.4];
        let (mut forward, mut reverse) = (0, 0);
        // Three inputs, two outputs: two reverse products.
        jacobian(
            &x,
            2,
            |t| {
                forward += 1;
                map_jvp(&x, t)
            },
            |u| {
                reverse += 1;
                map_vjp(&x, u)
            },
        );
        assert_eq!((forward, reverse), (0, 2));
        // Two inputs, three outputs: g(x) = (x₀x₁, sin x₀, x₁²) by two forward products.
        let y = array![0.5_f64, 2.0];
        let (mut forward, mut reverse) = (0, 0);
        let j = jacobian(
            &y,
            3,
            |t| {
                forward += 1;
                array![
                    y[1] * t[0] + y[0] * t[1],
                    y[0].cos() * t[0],
                    2.0 * y[1] * t[1]
                ]
            },
            |_| {
                reverse += 1;
                Array1::zeros(2)
            },
        );
        assert_eq!((forward, reverse), (2, 0));
        assert_eq!(j, array![[2.0, 0.5], [0.5_f64.cos(), 0.0], [0.0, 4.0]]);
        // A tie: forward.
        let (mut forward, mut reverse) = (0, 0);
        jacobian(
            &y,
            2,
            |t| {
                forward += 1;
                t.clone()
            },
            |u| {
                reverse += 1;
                u.clone()
            },
        );
        assert_eq!((forward, reverse), (2, 0));
    }

    #[test]
    fn jacobian_columns_follow_the_visit_order_of_a_tuple() {
        // f(a, s) = (a₀·s, a₁ + s²) at a = (2, 3), s = 5: J = [[s, 0, a₀], [0, 1, 2s]].
        let at = (array![2.0_f64, 3.0], 5.0_f64);
        let (a, s) = (&at.0, at.1);
        let jvp = |t: &(Array1<f64>, f64)| array![s * t.0[0] + a[0] * t.1, t.0[1] + 2.0 * s * t.1];
        let vjp = |u: &Array1<f64>| (array![s * u[0], u[1]], a[0] * u[0] + 2.0 * s * u[1]);
        let expected = array![[5.0, 0.0, 2.0], [0.0, 1.0, 10.0]];
        assert_eq!(jacobian_by_columns(&at, jvp), expected);
        assert_eq!(jacobian_by_rows(&at, 2, vjp), expected);
        // A leaf of two dimensions is numbered in row-major order: the Jacobian of the map
        // from m to its row-major elements (a permutation otherwise) is the identity.
        let m = array![[1.0_f64, 2.0], [3.0, 4.0]];
        let identity = jacobian_by_columns(&m, |t| t.iter().copied().collect());
        assert_eq!(identity, Array2::eye(4));
        let rows = jacobian_by_rows(&m, 4, |u| u.clone().into_shape_with_order((2, 2)).unwrap());
        assert_eq!(rows, Array2::eye(4));
    }

    #[test]
    fn an_input_without_elements_has_an_empty_jacobian() {
        let empty = Array1::<f64>::zeros(0);
        assert_eq!(
            jacobian_by_columns(&empty, |_| panic!("no product")).dim(),
            (0, 0)
        );
        let j = jacobian(
            &empty,
            3,
            |_| panic!("no product"),
            |_| panic!("no product"),
        );
        assert_eq!(j.dim(), (3, 0));
        assert_eq!(
            jacobian_by_rows(&empty, 2, |_| Array1::zeros(0)).dim(),
            (2, 0)
        );
    }

    #[test]
    #[should_panic(
        expected = "adjoint: jacobian_by_columns: the product along coordinate 1 has 3 elements where 2 are expected"
    )]
    fn products_of_different_lengths_panic() {
        let x = array![1.0_f64, 2.0];
        jacobian_by_columns(&x, |t| {
            if t[0] == 1.0 {
                Array1::zeros(2)
            } else {
                Array1::zeros(3)
            }
        });
    }

    #[test]
    #[should_panic(
        expected = "adjoint: jacobian: the product along coordinate 0 has 1 elements where 2 are expected"
    )]
    fn a_forward_product_of_the_wrong_length_panics() {
        let x = array![1.0_f64, 2.0];
        jacobian(&x, 2, |_| Array1::zeros(1), |u| u.clone());
    }

    #[test]
    #[should_panic(
        expected = "adjoint: jacobian_by_rows: the product for output 1 is not shaped like `at`: `.1` has shape [1] where [2] is expected"
    )]
    fn a_reverse_product_of_the_wrong_shape_panics() {
        let at = (array![1.0_f64], array![2.0_f64, 3.0]);
        jacobian_by_rows(&at, 2, |u| {
            (array![1.0], Array1::zeros(if u[0] == 1.0 { 2 } else { 1 }))
        });
    }

    // -- Hessians ---------------------------------------------------------------------------

    #[test]
    fn the_hessian_of_a_quadratic_is_its_matrix_exactly() {
        let m: Array2<f64> = init::normal((7, 7), 1.0, &mut init::rng(9));
        let a = &m + &m.t();
        let at = Array1::zeros(7);
        assert_eq!(hessian(&at, |v| a.dot(v)), a);
        let a32 = a.mapv(|x| x as f32);
        assert_eq!(hessian(&Array1::<f32>::zeros(7), |v| a32.dot(v)), a32);
    }

    #[test]
    fn column_k_of_the_hessian_is_the_product_along_coordinate_k() {
        // An operator that is not symmetric (no Hessian is) shows which way the products are
        // laid out, and that the result is not symmetrized.
        let b = array![[1.0_f64, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]];
        assert_eq!(hessian(&Array1::zeros(3), |v| b.dot(v)), b);
        // Over a tuple, coordinates in visit order: ((a₀, a₁), s).
        let at = (array![0.0_f64, 0.0], 0.0_f64);
        let h = hessian(&at, |v| {
            let flat = array![v.0[0], v.0[1], v.1];
            let product = b.dot(&flat);
            (array![product[0], product[1]], product[2])
        });
        assert_eq!(h, b);
    }

    /// Rosenbrock's function `Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²`.
    fn rosenbrock(x: &Array1<f64>) -> f64 {
        (0..x.len() - 1)
            .map(|i| 100.0 * (x[i + 1] - x[i] * x[i]).powi(2) + (1.0 - x[i]).powi(2))
            .sum()
    }

    /// Rosenbrock's gradient, term by term: with rᵢ = xᵢ₊₁ − xᵢ², term i adds
    /// −400xᵢrᵢ − 2(1 − xᵢ) to gᵢ and 200rᵢ to gᵢ₊₁.
    fn rosenbrock_grad<F: Float>(x: &Array1<F>) -> Array1<F> {
        let c = F::from_f64_lossy;
        let mut g = Array1::zeros(x.len());
        for i in 0..x.len() - 1 {
            let r = x[i + 1] - x[i] * x[i];
            g[i] += c(-400.0) * x[i] * r - c(2.0) * (F::one() - x[i]);
            g[i + 1] += c(200.0) * r;
        }
        g
    }

    /// The derivative of [`rosenbrock_grad`] along `v`, term by term (dr = vᵢ₊₁ − 2xᵢvᵢ): the
    /// Hessian-vector product without the Hessian.
    fn rosenbrock_hvp<F: Float>(x: &Array1<F>, v: &Array1<F>) -> Array1<F> {
        let c = F::from_f64_lossy;
        let mut hv = Array1::zeros(x.len());
        for i in 0..x.len() - 1 {
            let r = x[i + 1] - x[i] * x[i];
            let dr = v[i + 1] - c(2.0) * x[i] * v[i];
            hv[i] += c(-400.0) * (v[i] * r + x[i] * dr) + c(2.0) * v[i];
            hv[i + 1] += c(200.0) * dr;
        }
        hv
    }

    /// Rosenbrock's Hessian in closed form: tridiagonal, with
    /// Hᵢᵢ = [i < n−1](1200xᵢ² − 400xᵢ₊₁ + 2) + [i > 0]·200 and Hᵢ,ᵢ₊₁ = −400xᵢ.
    fn rosenbrock_hessian(x: &Array1<f64>) -> Array2<f64> {
        let n = x.len();
        let mut h = Array2::zeros((n, n));
        for i in 0..n {
            if i + 1 < n {
                h[[i, i]] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
                h[[i, i + 1]] = -400.0 * x[i];
                h[[i + 1, i]] = -400.0 * x[i];
            }
            if i > 0 {
                h[[i, i]] += 200.0;
            }
        }
        h
    }

    /// `max |a − b| / max |b|`.
    fn relative_error(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
        let scale = b.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
        (a - b).iter().fold(0.0_f64, |m, x| m.max(x.abs())) / scale
    }

    #[test]
    fn the_hessian_of_rosenbrock_is_its_closed_form() {
        let x: Array1<f64> = init::normal(8, 1.0, &mut init::rng(10));
        // The hand-written gradient and product, against central differences.
        let h = 1e-6;
        for k in 0..x.len() {
            let mut plus = x.clone();
            let mut minus = x.clone();
            plus[k] += h;
            minus[k] -= h;
            let numeric = (rosenbrock(&plus) - rosenbrock(&minus)) / (2.0 * h);
            let g = rosenbrock_grad(&x)[k];
            assert!(
                (numeric - g).abs() <= 1e-6 * (1.0 + g.abs()),
                "gradient {k}"
            );
        }
        let v: Array1<f64> = init::normal(8, 1.0, &mut init::rng(11));
        let numeric =
            (rosenbrock_grad(&(&x + &(h * &v))) - rosenbrock_grad(&(&x - &(h * &v)))) / (2.0 * h);
        let hv = rosenbrock_hvp(&x, &v);
        assert!(
            (&numeric - &hv)
                .iter()
                .all(|d| d.abs() <= 1e-6 * (1.0 + l2(&hv)))
        );

        let hessian64 = hessian(&x, |v| rosenbrock_hvp(&x, v));
        let closed = rosenbrock_hessian(&x);
        assert!(relative_error(&hessian64, &closed) <= 1e-12);
        assert!(relative_error(&hessian64.t().to_owned(), &hessian64) <= 1e-12);

        let x32 = x.mapv(|x| x as f32);
        let hessian32 = hessian(&x32, |v| rosenbrock_hvp(&x32, v)).mapv(f64::from);
        assert!(relative_error(&hessian32, &rosenbrock_hessian(&x32.mapv(f64::from))) <= 1e-5);
    }

    #[test]
    fn the_hessian_of_logistic_regression_is_symmetric_to_rounding() {
        // L(w) = mean log(1 + exp(−yᵢxᵢᵀw)): H·v = Xᵀ(σ(1 − σ) ⊙ Xv)/m, σ = σ(Xw).
        let (m, n) = (30, 6);
        let mut rng = init::rng(12);
        let x: Array2<f64> = init::normal((m, n), 1.0, &mut rng);
        let w: Array1<f64> = init::normal(n, 1.0, &mut rng);
        let sigma = x.dot(&w).mapv(|z| 1.0 / (1.0 + (-z).exp()));
        let weight = &sigma * &(1.0 - &sigma) / m as f64;
        let hvp = |v: &Array1<f64>| x.t().dot(&(&weight * &x.dot(v)));
        let h = hessian(&w, hvp);
        let closed = Array2::from_shape_fn((n, n), |(i, k)| {
            (0..m)
                .map(|j| x[[j, i]] * weight[j] * x[[j, k]])
                .sum::<f64>()
        });
        assert!(relative_error(&h, &closed) <= 1e-14);
        assert!(relative_error(&h.t().to_owned(), &h) <= 1e-14);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: hessian: the product along coordinate 0 is not shaped like `at`: the value has shape [3] where [2] is expected"
    )]
    fn a_hessian_product_of_the_wrong_shape_panics() {
        hessian(&array![1.0_f64, 2.0], |_| Array1::zeros(3));
    }
}

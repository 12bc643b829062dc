//! The numeric gradient checker: compares a gradient with central differences.
//!
//! [`check_gradient`] takes a scalar function, a point and the gradient to test, perturbs every
//! element of the point by `±h`, and compares each element of the gradient with
//! `(f(x + h) − f(x − h)) / 2h`. [`check_vjp`] does the same for a function of any output,
//! through the scalar `⟨cotangent, f(x)⟩`. [`check_jvp`] checks a forward-mode tangent against
//! central differences of `f` along a direction, and [`check_hvp`] a Hessian-vector product
//! against central differences of a gradient function. A [`Checker`] changes the step, the tolerances and
//! the names used in the report.
//!
//! ```
//! use adjoint_runtime::check::check_gradient;
//! use ndarray::{array, Array1};
//!
//! // f(x) = Σ x², whose gradient is 2x
//! let x = array![1.0, -2.0, 0.5];
//! let report = check_gradient(|x: &Array1<f64>| x.mapv(|v| v * v).sum(), &x, &(2.0 * &x));
//! assert!(report.is_ok());
//! assert_eq!(report.checked(), 3);
//! ```

use std::fmt;

use ndarray::Dimension;

use crate::{Float, Params, join_path};

/// A configured gradient check: step, tolerances, and names of the checked arguments.
///
/// An element passes when `|analytic − numeric| ≤ atol + rtol·|numeric|`. Unless set, the
/// step and tolerances depend on the element type of the point:
///
/// | element | step   | atol   | rtol   |
/// |---------|--------|--------|--------|
/// | `f64`   | `1e-6` | `1e-6` | `1e-5` |
/// | `f32`   | `1e-2` | `1e-2` | `1e-2` |
///
/// The step is relative: an element `x` moves by `step·max(1, |x|)`.
///
/// ```
/// use adjoint_runtime::check::Checker;
/// use ndarray::{array, Array1};
///
/// // f(w, b) = Σ (w·2 + b)², so ∂f/∂w = 4(2w + b) and ∂f/∂b = Σ 2(2w + b)
/// let f = |(w, b): &(Array1<f64>, f64)| w.mapv(|w| (2.0 * w + b).powi(2)).sum();
/// let (w, b) = (array![0.5, -1.0], 0.25);
/// let grad = (w.mapv(|w| 4.0 * (2.0 * w + b)), w.mapv(|w| 2.0 * (2.0 * w + b)).sum());
/// let report = Checker::new().names(["w", "b"]).rtol(1e-6).check_gradient(f, &(w, b), &grad);
/// assert!(report.is_ok());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Checker {
    step: Option<f64>,
    atol: Option<f64>,
    rtol: Option<f64>,
    names: Vec<String>,
}

/// The step and tolerances of one check, after the element type chose the defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Settings {
    step: f64,
    atol: f64,
    rtol: f64,
}

/// # Configuration
impl Checker {
    /// A checker with the defaults of the element type (see [`Checker`]) and no names.
    ///
    /// ```
    /// use adjoint_runtime::check::Checker;
    /// let report = Checker::new().check_gradient(|x: &f64| x.sin(), &0.5, &0.5_f64.cos());
    /// assert!(report.is_ok());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the relative step `h`: an element `x` is perturbed by `±h·max(1, |x|)`.
    ///
    /// **Panics** if `h` is not positive and finite.
    ///
    /// ```
    /// use adjoint_runtime::check::Checker;
    /// // a coarse step on a cubic: the central difference is off by h² = 1e-4
    /// let coarse = Checker::new().step(1e-2);
    /// assert!(!coarse.check_gradient(|x: &f64| x.powi(3), &0.0, &0.0).is_ok());
    /// assert!(Checker::new().check_gradient(|x: &f64| x.powi(3), &0.0, &0.0).is_ok());
    /// ```
    #[track_caller]
    pub fn step(mut self, h: f64) -> Self {
        assert!(
            h > 0.0 && h.is_finite(),
            "adjoint: the step of a gradient check must be positive and finite, not {h}"
        );
        self.step = Some(h);
        self
    }

    /// Sets the absolute tolerance.
    ///
    /// **Panics** if `a` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::check::Checker;
    /// // a gradient off by 1e-4 fails the f64 defaults but passes with atol = 1e-3
    /// let f = |x: &f64| x * x;
    /// assert!(!Checker::new().check_gradient(f, &1.0, &2.0001).is_ok());
    /// assert!(Checker::new().atol(1e-3).check_gradient(f, &1.0, &2.0001).is_ok());
    /// ```
    #[track_caller]
    pub fn atol(mut self, a: f64) -> Self {
        assert!(
            a >= 0.0 && a.is_finite(),
            "adjoint: the absolute tolerance of a gradient check must be non-negative and finite, not {a}"
        );
        self.atol = Some(a);
        self
    }

    /// Sets the relative tolerance, a fraction of `|numeric|`.
    ///
    /// **Panics** if `r` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::check::Checker;
    /// // 1% off a gradient of 1000
    /// let f = |x: &f64| 500.0 * x * x;
    /// assert!(!Checker::new().check_gradient(f, &1.0, &1010.0).is_ok());
    /// assert!(Checker::new().rtol(0.02).check_gradient(f, &1.0, &1010.0).is_ok());
    /// ```
    #[track_caller]
    pub fn rtol(mut self, r: f64) -> Self {
        assert!(
            r >= 0.0 && r.is_finite(),
            "adjoint: the relative tolerance of a gradient check must be non-negative and finite, not {r}"
        );
        self.rtol = Some(r);
        self
    }

    /// Names the checked arguments in the report.
    ///
    /// With a tuple point, the names replace the positions `"0"`, `"1"`, … that begin each path
    /// (`"1.w"` becomes `"layer.w"` with names `["x", "layer"]`). With any other point, a single
    /// name labels the whole of it (`"w"` becomes `"model.w"`, and an array's path is the name).
    ///
    /// ```
    /// use adjoint_runtime::check::Checker;
    /// use ndarray::{array, Array1};
    ///
    /// let f = |(w, b): &(Array1<f64>, f64)| w.sum() * b;
    /// let (w, b) = (array![1.0, 2.0], 3.0);
    /// let wrong = (array![3.0, 3.0], 0.0); // ∂f/∂b is Σw = 3, not 0
    /// let report = Checker::new().names(["w1", "b1"]).check_gradient(f, &(w, b), &wrong);
    /// assert_eq!(report.worst().unwrap().path, "b1");
    /// assert!(report.to_string().contains("w1"));
    /// ```
    pub fn names<I: IntoIterator<Item = S>, S: Into<String>>(mut self, names: I) -> Self {
        self.names = names.into_iter().map(Into::into).collect();
        self
    }

    /// The given step and tolerances, the defaults of `F` for the others.
    fn settings<F: Float>(&self) -> Settings {
        let single = <F as num_traits::Float>::epsilon().to_f64_exact() > 1e-10;
        let (step, atol, rtol) = if single {
            (1e-2, 1e-2, 1e-2)
        } else {
            (1e-6, 1e-6, 1e-5)
        };
        Settings {
            step: self.step.unwrap_or(step),
            atol: self.atol.unwrap_or(atol),
            rtol: self.rtol.unwrap_or(rtol),
        }
    }

    /// The report label of each leaf path, following the rules of [`Checker::names`].
    fn labels(&self, paths: &[String]) -> Vec<String> {
        let first = |path: &str| path.split('.').next().unwrap_or_default().to_owned();
        let one_tuple = paths.iter().all(|path| first(path) == "0");
        paths
            .iter()
            .map(|path| match self.names.as_slice() {
                [] => path.clone(),
                [name] if !one_tuple => {
                    if path.is_empty() {
                        name.clone()
                    } else {
                        join_path(name, path)
                    }
                }
                names => {
                    let head = first(path);
                    match head.parse::<usize>().ok().and_then(|i| names.get(i)) {
                        Some(name) => format!("{name}{}", &path[head.len()..]),
                        None => path.clone(),
                    }
                }
            })
            .collect()
    }
}

/// # Checking
impl Checker {
    /// Checks the gradient `analytic` of the scalar function `f` at `at` against central
    /// differences of `f`, evaluating `f` twice per element.
    ///
    /// **Panics** if `analytic` is not shaped like `at` (naming the first leaf that differs),
    /// if `at` holds a non-finite element, or if the step is too small to change an element
    /// in its type.
    ///
    /// ```
    /// use adjoint_runtime::check::Checker;
    /// use ndarray::{array, Array1, Array2};
    ///
    /// // f(x, w) = Σ tanh(w·x): with s = 1 − tanh²(w·x), ∂f/∂x = wᵀs and ∂f/∂w = s xᵀ
    /// let f = |(x, w): &(Array1<f64>, Array2<f64>)| w.dot(x).mapv(f64::tanh).sum();
    /// let (x, w) = (array![0.5_f64, -1.0], array![[1.0, 2.0], [0.5, -0.3]]);
    /// let s = w.dot(&x).mapv(|y| 1.0 - y.tanh().powi(2));
    /// let dw = Array2::from_shape_fn((2, 2), |(i, j)| s[i] * x[j]);
    /// let report = Checker::new().names(["x", "w"]).check_gradient(f, &(x, w.clone()), &(w.t().dot(&s), dw));
    /// report.assert_ok();
    /// ```
    #[track_caller]
    pub fn check_gradient<P: Params + Clone>(
        &self,
        f: impl Fn(&P) -> P::Elem,
        at: &P,
        analytic: &P,
    ) -> CheckReport {
        self.check_scalar(|x| f(x).to_f64_exact(), at, analytic)
    }

    /// Checks the vector-Jacobian product `analytic` of `f` at `at` for `cotangent`, against
    /// central differences of the scalar `⟨cotangent, f(x)⟩` (summed in `f64`).
    ///
    /// **Panics** if `analytic` is not shaped like `at`, if an output of `f` is not shaped
    /// like `cotangent`, if `at` holds a non-finite element, or if the step is too small to
    /// change an element in its type.
    ///
    /// ```
    /// use adjoint_runtime::check::Checker;
    /// use ndarray::{array, Array1};
    ///
    /// // f(x) = x ⊙ x has Jacobian diag(2x), so its VJP with c is 2x ⊙ c
    /// let (x, c) = (array![1.0, -3.0], array![0.5, 2.0]);
    /// let report = Checker::new().check_vjp(|x: &Array1<f64>| x * x, &x, &c, &(2.0 * &x * &c));
    /// assert!(report.is_ok());
    /// ```
    #[track_caller]
    pub fn check_vjp<P: Params + Clone, O: Params<Elem = P::Elem>>(
        &self,
        f: impl Fn(&P) -> O,
        at: &P,
        cotangent: &O,
        analytic: &P,
    ) -> CheckReport {
        let cotangent_shapes = leaf_shapes(cotangent);
        self.check_scalar(
            |x| {
                let mut out = f(x);
                assert_same_shapes(
                    &leaf_shapes(&out),
                    &cotangent_shapes,
                    "the output",
                    "its cotangent",
                );
                let mut total = 0.0;
                out.zip_mut(cotangent, "", &mut |_, out, cotangent| {
                    total += out
                        .iter()
                        .zip(cotangent.iter())
                        .map(|(o, c)| o.to_f64_exact() * c.to_f64_exact())
                        .sum::<f64>();
                });
                total
            },
            at,
            analytic,
        )
    }

    /// Checks the Jacobian-vector product `analytic` of `f` at `at` along `direction` (the
    /// output tangent of forward mode) against the central difference
    /// `(f(at + h·direction) − f(at − h·direction)) / 2h`, element by element of the output,
    /// evaluating `f` twice in all. The step is
    /// `h = step·max(1, max|at|) / max(1, max|direction|)`, so that no element moves by more
    /// than `step·max(1, max|at|)`.
    ///
    /// The report has a row per leaf of the output; [`Checker::names`] labels the output's
    /// leaves, as it labels a point's.
    ///
    /// **Panics** if `direction` is not shaped like `at`, if `analytic` is not shaped like the
    /// output of `f`, or if `at` or `direction` holds a non-finite element.
    ///
    /// ```
    /// use adjoint_runtime::check::Checker;
    /// use ndarray::{array, Array1};
    ///
    /// // f(x) = (x₀x₁, sin x₀): along d its tangent is (d₀x₁ + x₀d₁, cos x₀·d₀)
    /// let f = |x: &Array1<f64>| (x[0] * x[1], x[0].sin());
    /// let (x, d) = (array![0.5, 2.0], array![1.0, -3.0]);
    /// let tangent = (2.0 + 0.5 * -3.0, 0.5_f64.cos());
    /// let checker = Checker::new().names(["product", "sine"]);
    /// assert!(checker.check_jvp(f, &x, &d, &tangent).is_ok());
    /// let wrong = checker.check_jvp(f, &x, &d, &(2.0, 0.5_f64.cos()));
    /// assert_eq!(wrong.worst().unwrap().path, "product");
    /// ```
    #[track_caller]
    pub fn check_jvp<P: Params + Clone, O: Params<Elem = P::Elem>>(
        &self,
        f: impl Fn(&P) -> O,
        at: &P,
        direction: &P,
        analytic: &O,
    ) -> CheckReport {
        let settings = self.settings::<P::Elem>();
        assert_same_shapes(
            &leaf_shapes(at),
            &leaf_shapes(direction),
            "the point",
            "the direction",
        );
        let largest = |p: &P, what: &str| {
            let mut largest = 0.0_f64;
            p.visit("", &mut |path, leaf| {
                for (index, v) in leaf.indexed_iter() {
                    let v = v.to_f64_exact();
                    assert!(
                        v.is_finite(),
                        "adjoint: cannot check a tangent with a non-finite {what}: {}{:?} is {v}",
                        describe(path),
                        index.slice()
                    );
                    largest = largest.max(v.abs());
                }
            });
            largest
        };
        let h = settings.step * largest(at, "point").max(1.0)
            / largest(direction, "direction").max(1.0);
        let moved = |t: f64| {
            let mut p = at.clone();
            p.zip_mut(direction, "", &mut |_, mut x, d| {
                x.zip_mut_with(&d, |x, d| {
                    *x = P::Elem::from_f64_lossy(x.to_f64_exact() + t * d.to_f64_exact());
                });
            });
            p
        };
        let (above, below) = (f(&moved(h)), f(&moved(-h)));
        let shapes = leaf_shapes(&above);
        assert_same_shapes(
            &shapes,
            &leaf_shapes(&below),
            "the output",
            "the output at another point",
        );
        let labels = self.labels(
            &shapes
                .iter()
                .map(|(path, _)| path.clone())
                .collect::<Vec<_>>(),
        );
        let labelled: Vec<_> = labels
            .into_iter()
            .zip(shapes.into_iter().map(|(_, shape)| shape))
            .collect();
        assert_same_shapes(
            &labelled,
            &leaf_shapes(analytic),
            "the output",
            "the analytic tangent",
        );
        let (above, below, analytic) = (
            leaf_values(&above),
            leaf_values(&below),
            leaf_values(analytic),
        );
        let mut reports = Vec::with_capacity(labelled.len());
        for (((path, shape), analytic), (above, below)) in labelled
            .into_iter()
            .zip(analytic)
            .zip(above.into_iter().zip(below))
        {
            let mut report = LeafReport {
                path,
                shape,
                checked: 0,
                failures: 0,
                worst: None,
            };
            for ((index, analytic), (above, below)) in
                analytic.into_iter().zip(above.into_iter().zip(below))
            {
                let numeric = (above.1 - below.1) / (2.0 * h);
                let element = ElementCheck::new(report.path.clone(), index, analytic, numeric);
                report.add(element, settings);
            }
            reports.push(report);
        }
        CheckReport {
            leaves: reports,
            settings,
        }
    }

    /// Checks the Hessian-vector product `analytic` at `at` along `direction`, given the
    /// gradient function `grad` of a scalar function (for example the `NAME_grad` that
    /// `#[differentiable]` generates): `H·v` is the directional derivative of the gradient, so
    /// this is [`Checker::check_jvp`] of `grad`, and the report has a row per leaf of the
    /// point.
    ///
    /// **Panics** as [`Checker::check_jvp`] does, and if `grad` or `analytic` is not shaped like
    /// `at`.
    ///
    /// ```
    /// use adjoint_runtime::check::Checker;
    /// use ndarray::{array, Array1};
    ///
    /// // f(x) = x₀²x₁: ∇f = (2x₀x₁, x₀²), H = [[2x₁, 2x₀], [2x₀, 0]]
    /// let grad = |x: &Array1<f64>| array![2.0 * x[0] * x[1], x[0] * x[0]];
    /// let (x, v) = (array![1.5, -2.0], array![1.0, 0.5]);
    /// let hv = array![2.0 * -2.0 * 1.0 + 2.0 * 1.5 * 0.5, 2.0 * 1.5 * 1.0];
    /// Checker::new().check_hvp(grad, &x, &v, &hv).assert_ok();
    /// // a Hessian missing its off-diagonal term fails
    /// let report = Checker::new().check_hvp(grad, &x, &v, &array![-4.0, 0.0]);
    /// assert_eq!(report.failures(), 2);
    /// ```
    #[track_caller]
    pub fn check_hvp<P: Params + Clone>(
        &self,
        grad: impl Fn(&P) -> P,
        at: &P,
        direction: &P,
        analytic: &P,
    ) -> CheckReport {
        let shapes = leaf_shapes(at);
        self.check_jvp(
            |x| {
                let g = grad(x);
                assert_same_shapes(&shapes, &leaf_shapes(&g), "the point", "the gradient");
                g
            },
            at,
            direction,
            analytic,
        )
    }

    #[track_caller]
    fn check_scalar<P: Params + Clone>(
        &self,
        f: impl Fn(&P) -> f64,
        at: &P,
        analytic: &P,
    ) -> CheckReport {
        let settings = self.settings::<P::Elem>();
        let shapes = leaf_shapes(at);
        let labels = self.labels(
            &shapes
                .iter()
                .map(|(path, _)| path.clone())
                .collect::<Vec<_>>(),
        );
        let labelled: Vec<_> = labels
            .iter()
            .cloned()
            .zip(shapes.into_iter().map(|(_, shape)| shape))
            .collect();
        assert_same_shapes(
            &labelled,
            &leaf_shapes(analytic),
            "the point",
            "the analytic gradient",
        );

        let mut leaves: Vec<LeafElements<P::Elem>> = Vec::new();
        let mut probe = at.clone();
        probe.zip_mut(analytic, "", &mut |_, x, analytic| {
            leaves.push(
                x.indexed_iter()
                    .zip(analytic.iter())
                    .map(|((index, &x), &a)| (index.slice().to_vec(), x, a))
                    .collect(),
            );
        });

        let mut reports = Vec::with_capacity(leaves.len());
        for (leaf, ((path, shape), elements)) in labelled.into_iter().zip(leaves).enumerate() {
            let mut report = LeafReport {
                path,
                shape,
                checked: 0,
                failures: 0,
                worst: None,
            };
            for (index, x, analytic) in elements {
                let numeric =
                    derivative(&f, &mut probe, leaf, &index, x, settings.step, &report.path);
                let element =
                    ElementCheck::new(report.path.clone(), index, analytic.to_f64_exact(), numeric);
                report.add(element, settings);
            }
            reports.push(report);
        }
        CheckReport {
            leaves: reports,
            settings,
        }
    }
}

/// The index, value and analytic gradient of every element of a leaf.
type LeafElements<F> = Vec<(Vec<usize>, F, F)>;

/// The central difference of `f` in one element of `probe`, which is left as it was.
#[track_caller]
fn derivative<P: Params>(
    f: &impl Fn(&P) -> f64,
    probe: &mut P,
    leaf: usize,
    index: &[usize],
    x: P::Elem,
    step: f64,
    path: &str,
) -> f64 {
    let x64 = x.to_f64_exact();
    assert!(
        x64.is_finite(),
        "adjoint: cannot check a gradient at a non-finite point: {}{index:?} is {x64}",
        describe(path)
    );
    let h = step * x64.abs().max(1.0);
    let (up, down) = (
        P::Elem::from_f64_lossy(x64 + h),
        P::Elem::from_f64_lossy(x64 - h),
    );
    // Rounding to the element type changes the perturbation, so divide by the one made.
    let moved = up.to_f64_exact() - down.to_f64_exact();
    assert!(
        moved > 0.0,
        "adjoint: the step {step:e} is too small to change {}{index:?} = {x64} in its element type",
        describe(path)
    );
    set_element(probe, leaf, index, up);
    let above = f(probe);
    set_element(probe, leaf, index, down);
    let below = f(probe);
    set_element(probe, leaf, index, x);
    (above - below) / moved
}

fn set_element<P: Params>(p: &mut P, leaf: usize, index: &[usize], value: P::Elem) {
    let mut n = 0;
    p.visit_mut("", &mut |_, mut view| {
        if n == leaf {
            view[index] = value;
        }
        n += 1;
    });
}

/// Every leaf's elements as `f64`, with their indices.
fn leaf_values<P: Params>(p: &P) -> Vec<Vec<(Vec<usize>, f64)>> {
    let mut leaves = Vec::new();
    p.visit("", &mut |_, leaf| {
        leaves.push(
            leaf.indexed_iter()
                .map(|(index, v)| (index.slice().to_vec(), v.to_f64_exact()))
                .collect(),
        );
    });
    leaves
}

fn leaf_shapes<P: Params>(p: &P) -> Vec<(String, Vec<usize>)> {
    let mut shapes = Vec::new();
    p.visit("", &mut |path, leaf| {
        shapes.push((path.to_owned(), leaf.shape().to_vec()))
    });
    shapes
}

/// **Panics** if `theirs` has other leaves or other shapes than `ours`, naming the leaf by
/// the path in `ours`.
#[track_caller]
fn assert_same_shapes(
    ours: &[(String, Vec<usize>)],
    theirs: &[(String, Vec<usize>)],
    we: &str,
    they: &str,
) {
    assert!(
        ours.len() == theirs.len(),
        "adjoint: {we} has {} leaves but {they} has {}",
        ours.len(),
        theirs.len()
    );
    for ((path, our_shape), (_, their_shape)) in ours.iter().zip(theirs) {
        assert!(
            our_shape == their_shape,
            "adjoint: {} has shape {our_shape:?} in {we} but shape {their_shape:?} in {they}",
            describe(path)
        );
    }
}

/// A path as prose: `` `w` ``, or `the input` for the empty path of an unnamed array.
fn describe(path: &str) -> String {
    if path.is_empty() {
        "the input".to_owned()
    } else {
        format!("`{path}`")
    }
}

/// Checks `analytic` against central differences of `f`, with the defaults of [`Checker`].
///
/// **Panics** as [`Checker::check_gradient`] does.
///
/// ```
/// use adjoint_runtime::check::check_gradient;
/// use ndarray::{array, Array1};
///
/// // f(x) = Σ sin(x), whose gradient is cos(x)
/// let x = array![0.1_f32, 1.2, -2.0];
/// let report = check_gradient(|x: &Array1<f32>| x.mapv(f32::sin).sum(), &x, &x.mapv(f32::cos));
/// assert!(report.is_ok());
/// ```
#[track_caller]
pub fn check_gradient<P: Params + Clone>(
    f: impl Fn(&P) -> P::Elem,
    at: &P,
    analytic: &P,
) -> CheckReport {
    Checker::new().check_gradient(f, at, analytic)
}

/// Checks the vector-Jacobian product `analytic` of `f` for `cotangent`, with the defaults of
/// [`Checker`].
///
/// **Panics** as [`Checker::check_vjp`] does.
///
/// ```
/// use adjoint_runtime::check::check_vjp;
/// use ndarray::{array, Array1};
///
/// // f(a) = (a₀a₁, a₀ + a₁): the VJP with (c₀, c₁) is (c₀a₁ + c₁, c₀a₀ + c₁)
/// let f = |a: &Array1<f64>| array![a[0] * a[1], a[0] + a[1]];
/// let (a, c) = (array![2.0, 3.0], array![1.5, -1.0]);
/// assert!(check_vjp(f, &a, &c, &array![1.5 * 3.0 - 1.0, 1.5 * 2.0 - 1.0]).is_ok());
/// ```
#[track_caller]
pub fn check_vjp<P: Params + Clone, O: Params<Elem = P::Elem>>(
    f: impl Fn(&P) -> O,
    at: &P,
    cotangent: &O,
    analytic: &P,
) -> CheckReport {
    Checker::new().check_vjp(f, at, cotangent, analytic)
}

/// Checks the Jacobian-vector product `analytic` of `f` at `at` along `direction`, with the
/// defaults of [`Checker`].
///
/// **Panics** as [`Checker::check_jvp`] does.
///
/// ```
/// use adjoint_runtime::check::check_jvp;
/// use ndarray::{array, Array1};
///
/// // f(x) = x ⊙ x: along d its tangent is 2x ⊙ d
/// let (x, d) = (array![1.0, -3.0], array![0.5, 2.0]);
/// let f = |x: &Array1<f64>| x * x;
/// assert!(check_jvp(f, &x, &d, &(2.0 * &x * &d)).is_ok());
/// assert!(!check_jvp(f, &x, &d, &(&x * &d)).is_ok());
/// ```
#[track_caller]
pub fn check_jvp<P: Params + Clone, O: Params<Elem = P::Elem>>(
    f: impl Fn(&P) -> O,
    at: &P,
    direction: &P,
    analytic: &O,
) -> CheckReport {
    Checker::new().check_jvp(f, at, direction, analytic)
}

/// Checks the Hessian-vector product `analytic` of the function whose gradient is `grad`, at
/// `at` along `direction`, with the defaults of [`Checker`].
///
/// **Panics** as [`Checker::check_hvp`] does.
///
/// ```
/// use adjoint_runtime::check::check_hvp;
///
/// // f(x) = x⁴/4: f' = x³, so H·v = 3x²·v
/// let grad = |x: &f32| x.powi(3);
/// assert!(check_hvp(grad, &2.0_f32, &0.5, &6.0).is_ok());
/// assert!(!check_hvp(grad, &2.0_f32, &0.5, &4.0).is_ok());
/// ```
#[track_caller]
pub fn check_hvp<P: Params + Clone>(
    grad: impl Fn(&P) -> P,
    at: &P,
    direction: &P,
    analytic: &P,
) -> CheckReport {
    Checker::new().check_hvp(grad, at, direction, analytic)
}

/// One element of a gradient check: where it is, the two derivatives and their distance.
///
/// `rel_error` is `|analytic − numeric| / max(|analytic|, |numeric|)` (zero when both are
/// zero); whether the element passes is decided by the checker's tolerances instead.
///
/// ```
/// use adjoint_runtime::check::check_gradient;
/// use ndarray::{array, Array1};
///
/// let x = array![1.0, 2.0];
/// let report = check_gradient(|x: &Array1<f64>| x.sum(), &x, &array![1.0, 1.5]);
/// let worst = report.worst().unwrap();
/// assert_eq!((worst.path.as_str(), worst.index.as_slice()), ("", &[1][..]));
/// assert!((worst.numeric - 1.0).abs() < 1e-9 && worst.analytic == 1.5);
/// assert!((worst.abs_error - 0.5).abs() < 1e-9 && (worst.rel_error - 1.0 / 3.0).abs() < 1e-9);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ElementCheck {
    /// The path of the leaf, with the names given to [`Checker::names`].
    pub path: String,
    /// The index of the element in its leaf (empty for a float).
    pub index: Vec<usize>,
    /// The gradient under test.
    pub analytic: f64,
    /// The central difference.
    pub numeric: f64,
    /// `|analytic − numeric|`.
    pub abs_error: f64,
    /// `|analytic − numeric| / max(|analytic|, |numeric|)`.
    pub rel_error: f64,
}

impl ElementCheck {
    fn new(path: String, index: Vec<usize>, analytic: f64, numeric: f64) -> Self {
        let abs_error = (analytic - numeric).abs();
        let scale = analytic.abs().max(numeric.abs());
        let rel_error = if abs_error == 0.0 {
            0.0
        } else {
            abs_error / scale
        };
        Self {
            path,
            index,
            analytic,
            numeric,
            abs_error,
            rel_error,
        }
    }

    fn passes(&self, settings: Settings) -> bool {
        self.abs_error <= settings.atol + settings.rtol * self.numeric.abs()
    }

    /// The error as a multiple of the tolerance: above 1 fails, non-finite values are infinite.
    fn excess(&self, settings: Settings) -> f64 {
        if !(self.analytic.is_finite() && self.numeric.is_finite()) {
            return f64::INFINITY;
        }
        let tolerance = settings.atol + settings.rtol * self.numeric.abs();
        if tolerance > 0.0 {
            self.abs_error / tolerance
        } else if self.abs_error == 0.0 {
            0.0
        } else {
            f64::INFINITY
        }
    }

    /// Why a non-finite element failed, if it did.
    fn non_finite(&self) -> Option<String> {
        if !self.analytic.is_finite() {
            Some(format!("analytic gradient is {}", self.analytic))
        } else if !self.numeric.is_finite() {
            Some(format!(
                "numeric derivative is {}: f is not finite near the point",
                self.numeric
            ))
        } else {
            None
        }
    }
}

/// An element by its path and index, as a user writes it: `out.w[3, 7]`, or `bias` for a float.
fn element_name(path: &str, index: &[usize]) -> String {
    if index.is_empty() {
        return path.to_owned();
    }
    let index: Vec<String> = index.iter().map(usize::to_string).collect();
    format!("{path}[{}]", index.join(", "))
}

/// The outcome of a gradient check: a row per leaf with its worst element, and a summary.
///
/// It prints as an aligned table:
///
/// ```text
/// argument  shape   worst element  analytic     numeric      abs err  rel err  status
/// x         [3]     x[0]           9.837435e-1  9.837435e-1  1.1e-10  1.1e-10  ok
/// w         [2, 3]  w[1, 2]        1.131617e0   1.081617e0   5.0e-2   4.4e-2   FAIL (1 of 6)
/// 9 elements checked, 1 failed (atol 1e-6, rtol 1e-5, step 1e-6)
/// ```
///
/// ```
/// use adjoint_runtime::check::check_gradient;
///
/// let report = check_gradient(|x: &f64| x.exp(), &0.0, &f64::NAN);
/// assert!(!report.is_ok());
/// assert!(report.to_string().contains("analytic gradient is NaN"));
/// ```
#[derive(Clone, Debug)]
pub struct CheckReport {
    leaves: Vec<LeafReport>,
    settings: Settings,
}

/// The elements of one leaf: how many failed, and the worst with its excess.
#[derive(Clone, Debug)]
struct LeafReport {
    path: String,
    shape: Vec<usize>,
    checked: usize,
    failures: usize,
    worst: Option<(ElementCheck, f64)>,
}

impl LeafReport {
    fn add(&mut self, element: ElementCheck, settings: Settings) {
        self.checked += 1;
        if !element.passes(settings) {
            self.failures += 1;
        }
        let excess = element.excess(settings);
        if self.worst.as_ref().is_none_or(|(_, worst)| excess > *worst) {
            self.worst = Some((element, excess));
        }
    }
}

/// # Results
impl CheckReport {
    /// Whether every element passed.
    ///
    /// ```
    /// use adjoint_runtime::check::check_gradient;
    /// assert!(check_gradient(|x: &f64| x * x, &3.0, &6.0).is_ok());
    /// assert!(!check_gradient(|x: &f64| x * x, &3.0, &5.0).is_ok());
    /// ```
    pub fn is_ok(&self) -> bool {
        self.failures() == 0
    }

    /// The element with the largest error relative to its tolerance (a non-finite one first),
    /// or `None` if nothing was checked.
    ///
    /// ```
    /// use adjoint_runtime::check::check_gradient;
    /// use ndarray::{array, Array1};
    ///
    /// let (w, b) = (array![1.0, 2.0], 0.5);
    /// let f = |(w, b): &(Array1<f64>, f64)| w.sum() + b;
    /// let report = check_gradient(f, &(w, b), &(array![1.0, 0.0], 1.0));
    /// let worst = report.worst().unwrap();
    /// assert_eq!((worst.path.as_str(), worst.index.clone()), ("0", vec![1]));
    /// ```
    pub fn worst(&self) -> Option<&ElementCheck> {
        let mut worst: Option<&(ElementCheck, f64)> = None;
        for candidate in self.leaves.iter().filter_map(|leaf| leaf.worst.as_ref()) {
            if worst.is_none_or(|(_, excess)| candidate.1 > *excess) {
                worst = Some(candidate);
            }
        }
        worst.map(|(element, _)| element)
    }

    /// The number of elements that failed.
    ///
    /// ```
    /// use adjoint_runtime::check::check_gradient;
    /// use ndarray::{array, Array1};
    /// let report = check_gradient(|x: &Array1<f64>| x.sum(), &array![1.0, 2.0, 3.0], &array![1.0, 0.0, 0.0]);
    /// assert_eq!(report.failures(), 2);
    /// ```
    pub fn failures(&self) -> usize {
        self.leaves.iter().map(|leaf| leaf.failures).sum()
    }

    /// The number of elements checked, the number of scalars in the point.
    ///
    /// ```
    /// use adjoint_runtime::check::check_gradient;
    /// use ndarray::{array, Array2};
    /// let x = array![[1.0, 2.0], [3.0, 4.0]];
    /// assert_eq!(check_gradient(|x: &Array2<f64>| x.sum(), &x, &Array2::ones((2, 2))).checked(), 4);
    /// ```
    pub fn checked(&self) -> usize {
        self.leaves.iter().map(|leaf| leaf.checked).sum()
    }

    /// Asserts that every element passed.
    ///
    /// **Panics** if an element failed, with the report's table.
    ///
    /// ```should_panic
    /// use adjoint_runtime::check::check_gradient;
    /// // the derivative of x³ at 2 is 12, not 8
    /// check_gradient(|x: &f64| x.powi(3), &2.0, &8.0).assert_ok();
    /// ```
    #[track_caller]
    pub fn assert_ok(&self) {
        if !self.is_ok() {
            panic!("adjoint: gradient check failed\n{self}");
        }
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEADER: [&str; 8] = [
            "argument",
            "shape",
            "worst element",
            "analytic",
            "numeric",
            "abs err",
            "rel err",
            "status",
        ];
        let mut rows = vec![HEADER.map(str::to_owned)];
        for leaf in &self.leaves {
            let argument = if leaf.path.is_empty() {
                "(input)".to_owned()
            } else {
                leaf.path.clone()
            };
            let row = match &leaf.worst {
                None => [
                    argument,
                    format!("{:?}", leaf.shape),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "ok".into(),
                ],
                Some((worst, _)) => {
                    let mut status = if leaf.failures == 0 {
                        "ok".to_owned()
                    } else {
                        format!("FAIL ({} of {})", leaf.failures, leaf.checked)
                    };
                    if let Some(reason) = worst.non_finite() {
                        status = format!("{status}: {reason}");
                    }
                    let element = element_name(&argument, &worst.index);
                    [
                        argument,
                        format!("{:?}", leaf.shape),
                        element,
                        format!("{:.6e}", worst.analytic),
                        format!("{:.6e}", worst.numeric),
                        format!("{:.1e}", worst.abs_error),
                        format!("{:.1e}", worst.rel_error),
                        status,
                    ]
                }
            };
            rows.push(row);
        }
        let mut widths = [0; 8];
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        for row in &rows {
            for (column, cell) in row.iter().enumerate().take(7) {
                write!(f, "{cell:<width$}  ", width = widths[column])?;
            }
            writeln!(f, "{}", row[7])?;
        }
        let Settings { step, atol, rtol } = self.settings;
        let (checked, failures) = (self.checked(), self.failures());
        let elements = if checked == 1 { "element" } else { "elements" };
        write!(
            f,
            "{checked} {elements} checked, {failures} failed (atol {atol:e}, rtol {rtol:e}, step {step:e})"
        )
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use ndarray::{Array1, Array2, array};

    use super::*;

    type Layer<F> = (Array1<F>, Array2<F>);

    fn point<F: Float>() -> Layer<F> {
        let x = array![0.3, -0.7, 1.1];
        let w = array![[0.2, -0.4, 0.5], [0.9, 0.1, -0.3]];
        (x.mapv(F::from_f64_lossy), w.mapv(F::from_f64_lossy))
    }

    /// f(x, w) = Σ tanh(w·x).
    fn layer<F: Float>((x, w): &Layer<F>) -> F {
        w.dot(x).mapv(F::tanh).sum()
    }

    /// With s = 1 − tanh²(w·x): ∂f/∂x = wᵀs and ∂f/∂w = s xᵀ.
    fn layer_gradient<F: Float>((x, w): &Layer<F>) -> Layer<F> {
        let s = w.dot(x).mapv(|y| F::one() - y.tanh() * y.tanh());
        (
            w.t().dot(&s),
            Array2::from_shape_fn(w.raw_dim(), |(i, j)| s[i] * x[j]),
        )
    }

    #[test]
    fn a_correct_gradient_passes_in_f64() {
        let at = point::<f64>();
        let report = check_gradient(layer, &at, &layer_gradient(&at));
        report.assert_ok();
        assert_eq!((report.checked(), report.failures()), (9, 0));
    }

    #[test]
    fn a_correct_gradient_passes_in_f32() {
        let at = point::<f32>();
        let report = check_gradient(layer, &at, &layer_gradient(&at));
        report.assert_ok();
        assert_eq!(report.checked(), 9);
    }

    #[test]
    fn one_wrong_element_fails_and_is_the_worst() {
        for (leaf, index) in [("0", vec![2]), ("1", vec![1, 2]), ("1", vec![0, 0])] {
            let at = point::<f64>();
            let mut wrong = layer_gradient(&at);
            match leaf {
                "0" => wrong.0[index[0]] += 0.01,
                _ => wrong.1[[index[0], index[1]]] -= 0.01,
            }
            let report = check_gradient(layer, &at, &wrong);
            assert!(!report.is_ok());
            assert_eq!(report.failures(), 1);
            let worst = report.worst().unwrap();
            assert_eq!((worst.path.as_str(), &worst.index), (leaf, &index));
            assert!((worst.abs_error - 0.01).abs() < 1e-6, "{report}");
        }
    }

    #[test]
    fn one_wrong_element_fails_in_f32() {
        let at = point::<f32>();
        let mut wrong = layer_gradient(&at);
        wrong.1[[1, 0]] += 0.1;
        let report = check_gradient(layer, &at, &wrong);
        assert_eq!(report.failures(), 1);
        assert_eq!(report.worst().unwrap().index, vec![1, 0]);
    }

    #[test]
    fn vjp_of_a_vector_function() {
        // f(x, w) = (tanh(w·x), Σ x²); with s = c ⊙ (1 − tanh²(w·x)) and cotangent (c, k):
        // the VJP is (wᵀs + 2kx, s xᵀ).
        let f = |(x, w): &Layer<f64>| (w.dot(x).mapv(f64::tanh), x.dot(x));
        let at = point::<f64>();
        let (x, w) = &at;
        let c = Array1::from_shape_fn(2, |i| (1.0 + 7.0 * i as f64).sin());
        let k = 0.7;
        let s = &c * &w.dot(x).mapv(|y| 1.0 - y.tanh().powi(2));
        let vjp = (
            w.t().dot(&s) + 2.0 * k * x,
            Array2::from_shape_fn(w.raw_dim(), |(i, j)| s[i] * x[j]),
        );
        check_vjp(f, &at, &(c.clone(), k), &vjp).assert_ok();

        let mut wrong = vjp.clone();
        wrong.0[1] += 2.0 * k; // as if ∂(Σx²)/∂x were 2x + 2
        let report = check_vjp(f, &at, &(c, k), &wrong);
        assert_eq!(report.failures(), 1);
        assert_eq!(report.worst().unwrap().index, vec![1]);
    }

    /// f(x, w) = tanh(w·x) along (dx, dw): with s = 1 − tanh²(w·x), the tangent is
    /// s ⊙ (w·dx + dw·x).
    fn layer_tangent<F: Float>((x, w): &Layer<F>, (dx, dw): &Layer<F>) -> Array1<F> {
        let s = w.dot(x).mapv(|y| F::one() - y.tanh() * y.tanh());
        s * (w.dot(dx) + dw.dot(x))
    }

    fn direction<F: Float>() -> Layer<F> {
        let dx = array![1.0, 0.5, -2.0];
        let dw = array![[-0.3, 0.8, 0.1], [0.4, -1.2, 0.6]];
        (dx.mapv(F::from_f64_lossy), dw.mapv(F::from_f64_lossy))
    }

    fn vector_layer<F: Float>((x, w): &Layer<F>) -> Array1<F> {
        w.dot(x).mapv(F::tanh)
    }

    #[test]
    fn a_correct_tangent_passes_in_f64_and_f32() {
        let (at, d) = (point::<f64>(), direction::<f64>());
        let report = check_jvp(vector_layer, &at, &d, &layer_tangent(&at, &d));
        report.assert_ok();
        assert_eq!(report.checked(), 2);
        let (at, d) = (point::<f32>(), direction::<f32>());
        check_jvp(vector_layer, &at, &d, &layer_tangent(&at, &d)).assert_ok();
    }

    #[test]
    fn a_wrong_tangent_fails_at_its_element() {
        for (at, d) in [
            (point::<f64>(), direction::<f64>()),
            (point::<f64>(), (Array1::zeros(3), direction::<f64>().1)),
        ] {
            // As if the tangent forgot the term of dw.
            let (x, w) = &at;
            let s = w.dot(x).mapv(|y| 1.0 - y.tanh().powi(2));
            let mut wrong = &s * &w.dot(&d.0);
            wrong[1] = layer_tangent(&at, &d)[1];
            let report = check_jvp(vector_layer, &at, &d, &wrong);
            assert_eq!(report.failures(), 1, "{report}");
            assert_eq!(report.worst().unwrap().index, vec![0]);
        }
        let (at, d) = (point::<f32>(), direction::<f32>());
        let mut wrong = layer_tangent(&at, &d);
        wrong[1] += 0.1;
        let report = check_jvp(vector_layer, &at, &d, &wrong);
        assert_eq!(report.failures(), 1, "{report}");
        assert_eq!(report.worst().unwrap().index, vec![1]);
    }

    #[test]
    fn a_tangent_report_names_the_output_leaves() {
        // f(x, w) = (tanh(w·x), Σ x²): the second tangent is 2⟨x, dx⟩.
        let f = |p: &Layer<f64>| (vector_layer(p), p.0.dot(&p.0));
        let (at, d) = (point::<f64>(), direction::<f64>());
        let right = (layer_tangent(&at, &d), 2.0 * at.0.dot(&d.0));
        let checker = Checker::new().names(["activations", "norm"]);
        checker.check_jvp(f, &at, &d, &right).assert_ok();
        let wrong = (right.0.clone(), at.0.dot(&d.0));
        let report = checker.check_jvp(f, &at, &d, &wrong);
        assert_eq!(report.worst().unwrap().path, "norm", "{report}");
        assert!(report.to_string().contains("activations"), "{report}");
    }

    #[test]
    fn f_is_evaluated_twice_for_a_tangent() {
        let calls = Cell::new(0);
        let f = |p: &Layer<f64>| {
            calls.set(calls.get() + 1);
            vector_layer(p)
        };
        let (at, d) = (point::<f64>(), direction::<f64>());
        check_jvp(f, &at, &d, &layer_tangent(&at, &d));
        assert_eq!(calls.get(), 2);
    }

    /// f(x) = (Σx)(Σx²): ∇ᵢf = Σx² + 2xᵢΣx, so (Hv)ᵢ = 2⟨x, v⟩ + 2xᵢΣv + 2vᵢΣx.
    fn sum_times_squares_hvp<F: Float>(x: &Array1<F>, v: &Array1<F>) -> Array1<F> {
        let two = F::one() + F::one();
        let (xv, sv, sx) = (x.dot(v), v.sum(), x.sum());
        Array1::from_shape_fn(x.len(), |i| two * xv + two * x[i] * sv + two * v[i] * sx)
    }

    fn sum_times_squares_grad<F: Float>(x: &Array1<F>) -> Array1<F> {
        let two = F::one() + F::one();
        let (squares, sx) = (x.dot(x), x.sum());
        x.mapv(|xi| squares + two * xi * sx)
    }

    #[test]
    fn a_correct_hessian_vector_product_passes_and_a_wrong_one_fails() {
        let (x, v) = (array![0.3, -1.2, 2.0], array![1.0, 0.25, -0.5]);
        let hv = sum_times_squares_hvp(&x, &v);
        check_hvp(sum_times_squares_grad, &x, &v, &hv).assert_ok();
        // As if H lacked its diagonal term 2vᵢΣx (Σx = 1.1).
        let wrong = &hv - &(2.0 * 1.1 * &v);
        let report = check_hvp(sum_times_squares_grad, &x, &v, &wrong);
        assert_eq!(report.failures(), 3, "{report}");
        let (x, v) = (x.mapv(|v| v as f32), v.mapv(|v| v as f32));
        check_hvp(
            sum_times_squares_grad,
            &x,
            &v,
            &sum_times_squares_hvp(&x, &v),
        )
        .assert_ok();
        let mut wrong = sum_times_squares_hvp(&x, &v);
        wrong[2] += 0.1;
        let report = check_hvp(sum_times_squares_grad, &x, &v, &wrong);
        assert_eq!(report.failures(), 1, "{report}");
        assert_eq!(report.worst().unwrap().index, vec![2]);
    }

    #[test]
    fn a_hessian_vector_product_of_a_tuple_names_its_arguments() {
        // f(x, b) = b·Σx²: ∇ = (2bx, Σx²), H(v, c) = (2cx + 2bv, 2⟨x, v⟩).
        let grad = |(x, b): &(Array1<f64>, f64)| (2.0 * *b * x, x.dot(x));
        let at = (array![1.0, -0.5], 3.0);
        let d = (array![0.2, 0.4], -1.0);
        let hv = (2.0 * d.1 * &at.0 + 2.0 * at.1 * &d.0, 2.0 * at.0.dot(&d.0));
        let checker = Checker::new().names(["x", "b"]);
        checker.check_hvp(grad, &at, &d, &hv).assert_ok();
        let wrong = (hv.0.clone(), 0.0);
        let report = checker.check_hvp(grad, &at, &d, &wrong);
        assert_eq!(report.worst().unwrap().path, "b", "{report}");
    }

    #[test]
    #[should_panic(
        expected = "`1` has shape [2, 3] in the point but shape [3, 2] in the direction"
    )]
    fn a_misshapen_direction_panics_naming_the_leaf() {
        let at = point::<f64>();
        let d = (direction::<f64>().0, Array2::zeros((3, 2)));
        check_jvp(vector_layer, &at, &d, &Array1::zeros(2));
    }

    #[test]
    #[should_panic(expected = "in the output but shape [3] in the analytic tangent")]
    fn a_misshapen_tangent_panics() {
        let (at, d) = (point::<f64>(), direction::<f64>());
        check_jvp(vector_layer, &at, &d, &Array1::zeros(3));
    }

    #[test]
    #[should_panic(expected = "cannot check a tangent with a non-finite direction: `0`[1] is inf")]
    fn a_non_finite_direction_panics() {
        let at = point::<f64>();
        let mut d = direction::<f64>();
        d.0[1] = f64::INFINITY;
        check_jvp(vector_layer, &at, &d, &Array1::zeros(2));
    }

    #[test]
    #[should_panic(expected = "in the point but shape [1] in the gradient")]
    fn a_misshapen_gradient_function_panics() {
        let x = array![1.0, 2.0];
        check_hvp(|_: &Array1<f64>| array![0.0], &x, &x, &x);
    }

    #[test]
    fn nan_analytic_fails_with_a_reason() {
        let at = point::<f64>();
        let mut gradient = layer_gradient(&at);
        gradient.1[[0, 1]] = f64::NAN;
        let report = check_gradient(layer, &at, &gradient);
        assert!(!report.is_ok());
        assert_eq!(report.failures(), 1);
        assert_eq!(report.worst().unwrap().index, vec![0, 1]);
        assert!(
            report.to_string().contains("analytic gradient is NaN"),
            "{report}"
        );
    }

    #[test]
    fn non_finite_numeric_fails_with_a_reason() {
        // √x at 0: f(−h) is NaN.
        let report = check_gradient(|x: &f64| x.sqrt(), &0.0, &0.0);
        assert!(!report.is_ok());
        assert!(
            report.to_string().contains("numeric derivative is NaN"),
            "{report}"
        );
    }

    #[test]
    fn names_label_the_report() {
        let at = point::<f64>();
        let mut wrong = layer_gradient(&at);
        wrong.1[[0, 2]] += 1.0;
        let report = Checker::new()
            .names(["inputs", "weights"])
            .check_gradient(layer, &at, &wrong);
        assert_eq!(report.worst().unwrap().path, "weights");
        let table = report.to_string();
        assert!(
            table.contains("inputs") && table.contains("weights"),
            "{table}"
        );
        assert!(table.contains("FAIL (1 of 6)"), "{table}");
        assert!(
            table.ends_with("9 elements checked, 1 failed (atol 1e-6, rtol 1e-5, step 1e-6)"),
            "{table}"
        );
    }

    #[test]
    fn the_table_is_aligned() {
        let at = point::<f64>();
        let table = Checker::new()
            .names(["x", "a_long_name"])
            .check_gradient(layer, &at, &layer_gradient(&at))
            .to_string();
        let lines: Vec<_> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        let column = lines[0].find("shape").unwrap();
        for line in &lines[1..3] {
            assert!(
                line[..column].ends_with("  ") && line[column..].starts_with('['),
                "{table}"
            );
        }
    }

    #[test]
    fn a_single_name_labels_the_whole_input() {
        let labels = |names: &[&str], paths: &[&str]| {
            Checker::new()
                .names(names.iter().copied())
                .labels(&paths.iter().map(|p| p.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(labels(&["w"], &[""]), ["w"]);
        assert_eq!(labels(&["w"], &["0"]), ["w"]);
        assert_eq!(labels(&["net"], &["0", "1.b"]), ["net.0", "net.1.b"]);
        assert_eq!(
            labels(&["x", "net"], &["0", "1.b", "1.w"]),
            ["x", "net.b", "net.w"]
        );
        assert_eq!(labels(&[], &["0", "1.b"]), ["0", "1.b"]);
        let report = Checker::new().names(["v"]).check_gradient(
            |x: &Array1<f64>| x.sum(),
            &array![1.0],
            &array![0.0],
        );
        assert_eq!(report.worst().unwrap().path, "v");
    }

    #[test]
    fn f_is_evaluated_twice_per_element() {
        let calls = Cell::new(0);
        let at = point::<f64>();
        let f = |p: &Layer<f64>| {
            calls.set(calls.get() + 1);
            layer(p)
        };
        check_gradient(f, &at, &layer_gradient(&at));
        assert_eq!(calls.get(), 2 * 9);
    }

    #[test]
    fn the_point_is_left_unchanged_between_elements() {
        // f(x) = x₀·x₁ has gradient (x₁, x₀) only if each perturbation is undone.
        let x = array![2.0, 5.0];
        check_gradient(|x: &Array1<f64>| x[0] * x[1], &x, &array![5.0, 2.0]).assert_ok();
    }

    #[test]
    fn f32_divides_by_the_perturbation_made() {
        // 1 ± 1e-4 is not exact in f32; dividing by 2e-4 would be off by up to 6e-4.
        let report = Checker::new()
            .step(1e-4)
            .atol(0.0)
            .rtol(0.0)
            .check_gradient(|x: &f32| *x, &1.0, &1.0);
        report.assert_ok();
        assert_eq!(report.worst().unwrap().numeric, 1.0);
    }

    #[test]
    fn defaults_follow_the_element_type_and_setters_override_them() {
        assert_eq!(
            Checker::new().settings::<f64>(),
            Settings {
                step: 1e-6,
                atol: 1e-6,
                rtol: 1e-5
            }
        );
        assert_eq!(
            Checker::new().settings::<f32>(),
            Settings {
                step: 1e-2,
                atol: 1e-2,
                rtol: 1e-2
            }
        );
        let set = Checker::new().step(1e-3).atol(0.5).rtol(0.25);
        assert_eq!(
            set.settings::<f32>(),
            Settings {
                step: 1e-3,
                atol: 0.5,
                rtol: 0.25
            }
        );
        assert!(!check_gradient(|x: &f64| x * x, &1.0, &2.001).is_ok());
        assert!(
            Checker::new()
                .atol(1e-2)
                .check_gradient(|x: &f64| x * x, &1.0, &2.001)
                .is_ok()
        );
    }

    #[test]
    #[should_panic(
        expected = "`1` has shape [2, 3] in the point but shape [3, 2] in the analytic gradient"
    )]
    fn a_misshapen_gradient_panics_naming_the_leaf() {
        let at = point::<f64>();
        let gradient = (layer_gradient(&at).0, Array2::zeros((3, 2)));
        check_gradient(layer, &at, &gradient);
    }

    #[test]
    #[should_panic(expected = "its cotangent")]
    fn a_misshapen_cotangent_panics() {
        check_vjp(
            |x: &Array1<f64>| x.clone(),
            &array![1.0, 2.0],
            &array![1.0],
            &array![1.0, 1.0],
        );
    }

    #[test]
    fn assert_ok_panics_with_the_table() {
        let result =
            std::panic::catch_unwind(|| check_gradient(|x: &f64| x * x, &1.0, &0.0).assert_ok());
        let message = result.unwrap_err().downcast::<String>().unwrap();
        assert!(
            message.contains("gradient check failed") && message.contains("FAIL (1 of 1)"),
            "{message}"
        );
    }

    #[test]
    fn an_empty_point_passes() {
        let report = check_gradient(
            |x: &Array1<f64>| x.sum(),
            &Array1::zeros(0),
            &Array1::zeros(0),
        );
        assert!(report.is_ok() && report.worst().is_none());
        assert!(report.to_string().starts_with("argument"), "{report}");
    }
}

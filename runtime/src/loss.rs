//! Losses and means that reduce to a float: `mean`, `mse`, `softmax_cross_entropy`.
//!
//! Forward mode: each has a `NAME_jvp(inputs, y, tangents)` giving the loss's tangent, and each
//! pullback a `pullback_jvp(inputs, y, g, tangents, dg, needs)` giving the tangents of its
//! adjoints when the inputs and the loss's adjoint `g` move (forward over reverse, for
//! Hessian-vector products). A `None` tangent is zero.

use ndarray::{Array, Array2, ArrayRef, Dimension, Ix1, Ix2, Zip};

use crate::broadcast::{assert_same_shape, assert_tangent_shape};
use crate::operand::release;
use crate::{AsOperand, Float, IntoOperand, workspace};

/// The mean of all elements of an array.
///
/// Its gradient is `g / n` in every element.
///
/// **Panics** if the array is empty.
///
/// The array is taken by reference or by value (`mean(&a)`, `mean(a.view())`, `mean(&p - &t)`).
///
/// ```
/// use adjoint_runtime::mean;
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 6.0]];
/// assert_eq!(mean(&a), 3.0);
/// assert_eq!(mean(a.row(1)), 4.5);
/// ```
#[track_caller]
pub fn mean<F: Float, D: Dimension, A: IntoOperand<Target = ArrayRef<F, D>>>(a: A) -> F {
    let x = a.as_operand();
    assert!(
        !x.is_empty(),
        "adjoint: mean of an empty array (shape {:?})",
        x.shape()
    );
    let y = x.sum() / F::from_usize(x.len()).expect("a length is a float");
    release(a);
    y
}

/// The tangent of `y = mean(a)` along `da`: `mean(da)` (the mean is linear).
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::loss::{mean, mean_jvp};
/// use ndarray::array;
/// let a = array![1.0, 2.0];
/// assert_eq!(mean_jvp(&a, &mean(&a), &array![1.0, 0.0]), 0.5);
/// ```
#[track_caller]
pub fn mean_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>>>(
    a: A,
    _y: &F,
    da: &ArrayRef<F, D>,
) -> F {
    assert_same_shape("mean_jvp: `da`", a.as_operand().shape(), da.shape());
    mean(da)
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct mean {}

impl mean {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<F: Float, D: Dimension, A: IntoOperand<Target = ArrayRef<F, D>>>(
        a: A,
    ) -> (F, MeanPullback) {
        (mean(a), MeanPullback)
    }

    /// The forward-mode entry: `mean(a)` and its tangent ([`mean_jvp`]), zero without `da`.
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_jvp<F: Float, D: Dimension, A: IntoOperand<Target = ArrayRef<F, D>>>(
        a: A,
        (da,): (Option<&Array<F, D>>,),
    ) -> (F, F) {
        let y = mean(&a);
        let dy = match da {
            Some(da) => {
                assert_tangent_shape("mean_jvp", "a", a.as_operand().shape(), da.shape());
                mean_jvp(&a, &y, da)
            }
            None => F::zero(),
        };
        release(a);
        (y, dy)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`MeanPullback::pullback_jvp`]), `mean` computed again from the array.
    ///
    /// **Panics** if `da` is not shaped like the array.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        args: (&A,),
        (da,): (Option<&Array<F, D>>,),
        g: &F,
        dg: Option<&F>,
        needs: [bool; 1],
    ) -> ((Option<Array<F, D>>,), (Option<Array<F, D>>,)) {
        let a = args.0;
        if let Some(da) = da {
            assert_tangent_shape("mean_jvp", "a", a.as_operand().shape(), da.shape());
        }
        let y = mean(a);
        let tangents = MeanPullback.pullback_jvp(args, &y, g, (da.map(|t| &**t),), dg, needs);
        let adjoints = MeanPullback.pullback(args, &y, g, needs);
        (adjoints, tangents)
    }
}

/// The pullback of [`mean`](fn@mean).
#[doc(hidden)]
pub struct MeanPullback;

impl MeanPullback {
    /// The adjoint of the array: `g / n` everywhere.
    pub fn pullback<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        self,
        (a,): (&A,),
        _y: &F,
        g: &F,
        needs: [bool; 1],
    ) -> (Option<Array<F, D>>,) {
        (needs[0].then(|| {
            let a = a.as_operand();
            let n = F::from_usize(a.len()).expect("a length is a float");
            workspace::filled(a.raw_dim(), *g / n)
        }),)
    }

    /// The tangent of the array's adjoint `g/n` when `g` moves along `dg`: `dg/n` everywhere
    /// (the adjoint does not depend on the array, so `da` does not enter).
    #[allow(clippy::type_complexity)]
    pub fn pullback_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        &self,
        (a,): (&A,),
        y: &F,
        _g: &F,
        (_da,): (Option<&ArrayRef<F, D>>,),
        dg: Option<&F>,
        needs: [bool; 1],
    ) -> (Option<Array<F, D>>,) {
        MeanPullback.pullback((a,), y, &dg.copied().unwrap_or(F::zero()), needs)
    }
}

/// The mean squared error `mean((pred − target)²)` over all elements.
///
/// The gradients are `2(pred − target)·g/n` for `pred` and its negative for `target`.
///
/// **Panics** if the shapes differ, naming both.
///
/// Each array is taken by reference or by value (`mse(&p, &t)`, `mse(x.dot(&w), t.view())`).
///
/// ```
/// use adjoint_runtime::mse;
/// use ndarray::array;
/// let t = array![1.0, 1.0];
/// assert_eq!(mse(&array![1.0, 3.0], &t), 2.0);
/// assert_eq!(mse(array![1.0, 3.0], t.view()), 2.0);
/// ```
#[track_caller]
pub fn mse<F: Float, D: Dimension, P, T>(pred: P, target: T) -> F
where
    P: IntoOperand<Target = ArrayRef<F, D>>,
    T: IntoOperand<Target = ArrayRef<F, D>>,
{
    let (p, t) = (pred.as_operand(), target.as_operand());
    check_mse_shapes(p.shape(), t.shape());
    assert!(!p.is_empty(), "adjoint: mse of empty arrays");
    let total = Zip::from(p)
        .and(t)
        .fold(F::zero(), |acc, &p, &t| acc + (p - t) * (p - t));
    let y = total / F::from_usize(p.len()).expect("a length is a float");
    release(pred);
    release(target);
    y
}

#[track_caller]
fn check_mse_shapes(pred: &[usize], target: &[usize]) {
    assert!(
        pred == target,
        "adjoint: mse: `pred` has shape {pred:?} but `target` has shape {target:?}"
    );
}

/// The tangent of `y = mse(pred, target)` along `dpred` and `dtarget` (`None` is zero):
/// `2Σ(pred − target)(dpred − dtarget)/n`.
///
/// **Panics** if the shapes differ, naming the arguments.
///
/// ```
/// use adjoint_runtime::loss::{mse, mse_jvp};
/// use ndarray::array;
/// let (p, t) = (array![1.0, 3.0], array![1.0, 1.0]);
/// let y = mse(&p, &t);
/// assert_eq!(mse_jvp(&p, &t, &y, Some(&array![1.0, 1.0]), None), 2.0);
/// ```
#[track_caller]
pub fn mse_jvp<F: Float, D: Dimension, P, T>(
    pred: P,
    target: T,
    _y: &F,
    dpred: Option<&ArrayRef<F, D>>,
    dtarget: Option<&ArrayRef<F, D>>,
) -> F
where
    P: AsOperand<Target = ArrayRef<F, D>>,
    T: AsOperand<Target = ArrayRef<F, D>>,
{
    let (p, t) = (pred.as_operand(), target.as_operand());
    check_mse_shapes(p.shape(), t.shape());
    let error_tangent = mse_error_tangent("mse_jvp", p.shape(), dpred, dtarget);
    let n = F::from_usize(p.len()).expect("a length is a float");
    let total = match &error_tangent {
        Some(de) => Zip::from(p)
            .and(t)
            .and(de)
            .fold(F::zero(), |acc, &p, &t, &de| acc + (p - t) * de),
        None => F::zero(),
    };
    if let Some(de) = error_tangent {
        workspace::recycle_array(de);
    }
    (total + total) / n
}

/// `dpred − dtarget`, the tangent of the error `pred − target`, or `None` if both are absent.
#[track_caller]
fn mse_error_tangent<F: Float, D: Dimension>(
    function: &str,
    shape: &[usize],
    dpred: Option<&ArrayRef<F, D>>,
    dtarget: Option<&ArrayRef<F, D>>,
) -> Option<Array<F, D>> {
    if let Some(dp) = dpred {
        assert_same_shape(&format!("{function}: `dpred`"), shape, dp.shape());
    }
    if let Some(dt) = dtarget {
        assert_same_shape(&format!("{function}: `dtarget`"), shape, dt.shape());
    }
    match (dpred, dtarget) {
        (Some(dp), Some(dt)) => Some(workspace::zip2(dp, dt, |p, t| p - t)),
        (Some(dp), None) => Some(workspace::copy(dp)),
        (None, Some(dt)) => Some(workspace::map(dt, |t| -t)),
        (None, None) => None,
    }
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct mse {}

impl mse {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<F: Float, D: Dimension, P, T>(pred: P, target: T) -> (F, MsePullback)
    where
        P: IntoOperand<Target = ArrayRef<F, D>>,
        T: IntoOperand<Target = ArrayRef<F, D>>,
    {
        (mse(pred, target), MsePullback)
    }

    /// The forward-mode entry: `mse(pred, target)` and its tangent ([`mse_jvp`]).
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_jvp<F: Float, D: Dimension, P, T>(
        pred: P,
        target: T,
        (dpred, dtarget): (Option<&Array<F, D>>, Option<&Array<F, D>>),
    ) -> (F, F)
    where
        P: IntoOperand<Target = ArrayRef<F, D>>,
        T: IntoOperand<Target = ArrayRef<F, D>>,
    {
        let y = mse(&pred, &target);
        check_mse_tangents(&pred, &target, dpred, dtarget);
        let dy = mse_jvp(
            &pred,
            &target,
            &y,
            dpred.map(|t| &**t),
            dtarget.map(|t| &**t),
        );
        release(pred);
        release(target);
        (y, dy)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`MsePullback::pullback_jvp`]), `mse` computed again from the arguments.
    ///
    /// **Panics** if `pred` and `target` differ in shape, or a tangent is not shaped like its
    /// argument.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F: Float, D: Dimension, P, T>(
        args: (&P, &T),
        (dpred, dtarget): (Option<&Array<F, D>>, Option<&Array<F, D>>),
        g: &F,
        dg: Option<&F>,
        needs: [bool; 2],
    ) -> (
        (Option<Array<F, D>>, Option<Array<F, D>>),
        (Option<Array<F, D>>, Option<Array<F, D>>),
    )
    where
        P: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
        T: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    {
        let (pred, target) = args;
        let y = mse(pred, target);
        check_mse_tangents(pred, target, dpred, dtarget);
        let tangents = (dpred.map(|t| &**t), dtarget.map(|t| &**t));
        let tangents = MsePullback.pullback_jvp(args, &y, g, tangents, dg, needs);
        let adjoints = MsePullback.pullback(args, &y, g, needs);
        (adjoints, tangents)
    }
}

/// **Panics** unless each tangent of [`mse`](fn@mse)'s arguments is shaped like its argument,
/// naming it: the check of its forward-mode entries.
#[track_caller]
fn check_mse_tangents<F: Float, D: Dimension, P, T>(
    pred: &P,
    target: &T,
    dpred: Option<&Array<F, D>>,
    dtarget: Option<&Array<F, D>>,
) where
    P: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    T: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
{
    if let Some(dpred) = dpred {
        let shape = pred.as_operand().shape();
        assert_tangent_shape("mse_jvp", "pred", shape, dpred.shape());
    }
    if let Some(dtarget) = dtarget {
        let shape = target.as_operand().shape();
        assert_tangent_shape("mse_jvp", "target", shape, dtarget.shape());
    }
}

/// The pullback of [`mse`](fn@mse).
#[doc(hidden)]
pub struct MsePullback;

impl MsePullback {
    /// The adjoints of `pred` and `target`: `±2(pred − target)·g/n`.
    #[allow(clippy::type_complexity)]
    pub fn pullback<F: Float, D: Dimension, P, T>(
        self,
        (pred, target): (&P, &T),
        _y: &F,
        g: &F,
        needs: [bool; 2],
    ) -> (Option<Array<F, D>>, Option<Array<F, D>>)
    where
        P: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
        T: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    {
        if !needs[0] && !needs[1] {
            return (None, None);
        }
        let (p, t) = (pred.as_operand(), target.as_operand());
        let scale = (*g + *g) / F::from_usize(p.len()).expect("a length is a float");
        let d_pred = workspace::zip2(p, t, |p, t| (p - t) * scale);
        let d_target = needs[1].then(|| workspace::map(&d_pred, |d| -d));
        if !needs[0] {
            workspace::recycle_array(d_pred);
            return (None, d_target);
        }
        (Some(d_pred), d_target)
    }

    /// The tangents of the adjoints `±2(pred − target)·g/n` when `pred`, `target` and `g` move
    /// along `dpred`, `dtarget` and `dg`: `±2((dpred − dtarget)·g + (pred − target)·dg)/n`.
    ///
    /// **Panics** if a tangent is not shaped like its argument.
    #[allow(clippy::type_complexity, clippy::too_many_arguments)]
    #[track_caller]
    pub fn pullback_jvp<F: Float, D: Dimension, P, T>(
        &self,
        (pred, target): (&P, &T),
        _y: &F,
        g: &F,
        (dpred, dtarget): (Option<&ArrayRef<F, D>>, Option<&ArrayRef<F, D>>),
        dg: Option<&F>,
        needs: [bool; 2],
    ) -> (Option<Array<F, D>>, Option<Array<F, D>>)
    where
        P: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
        T: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    {
        let (p, t) = (pred.as_operand(), target.as_operand());
        check_mse_shapes(p.shape(), t.shape());
        let error_tangent = mse_error_tangent("mse pullback_jvp", p.shape(), dpred, dtarget);
        if !needs[0] && !needs[1] {
            if let Some(de) = error_tangent {
                workspace::recycle_array(de);
            }
            return (None, None);
        }
        let two_over_n =
            F::from_f64_lossy(2.0) / F::from_usize(p.len()).expect("a length is a float");
        let (g, dg) = (
            *g * two_over_n,
            dg.copied().unwrap_or(F::zero()) * two_over_n,
        );
        let mut d_pred = workspace::zip2(p, t, |p, t| (p - t) * dg);
        if let Some(de) = error_tangent {
            d_pred.zip_mut_with(&de, |d, &de| *d += de * g);
            workspace::recycle_array(de);
        }
        let d_target = needs[1].then(|| workspace::map(&d_pred, |d| -d));
        if !needs[0] {
            workspace::recycle_array(d_pred);
            return (None, d_target);
        }
        (Some(d_pred), d_target)
    }
}

/// The softmax cross-entropy of `logits` (one row per sample, one column per class) against
/// integer class `labels`, averaged over the rows: `mean_i(ln Σⱼ e^(xᵢⱼ) − xᵢ,labelᵢ)`.
///
/// Computed with log-sum-exp, so logits of any magnitude give a finite loss. The gradient of
/// the logits is `(softmax(x) − onehot(labels))·g/n`.
///
/// **Panics** if `labels` does not have one entry per row, or names a class out of range (the
/// message names the row and the label).
///
/// The logits are taken by reference or by value (`softmax_cross_entropy(h.dot(&w), &labels)`).
///
/// ```
/// use adjoint_runtime::softmax_cross_entropy;
/// use ndarray::array;
/// let logits = array![[0.0_f64, 0.0], [1e4, 0.0]];
/// let loss = softmax_cross_entropy(&logits, &array![1, 0]);
/// assert!((loss - 0.5 * 2.0_f64.ln()).abs() < 1e-12);
/// assert_eq!(softmax_cross_entropy(logits.view(), &array![1, 0]), loss);
/// ```
#[track_caller]
pub fn softmax_cross_entropy<F: Float, A: IntoOperand<Target = ArrayRef<F, Ix2>>>(
    logits: A,
    labels: &ArrayRef<usize, Ix1>,
) -> F {
    let y = cross_entropy_loss(logits.as_operand(), labels);
    release(logits);
    y
}

/// The loss of [`softmax_cross_entropy`](fn@softmax_cross_entropy), keeping nothing.
#[track_caller]
fn cross_entropy_loss<F: Float>(x: &ArrayRef<F, Ix2>, labels: &ArrayRef<usize, Ix1>) -> F {
    check_labels(x, labels);
    // Rows as slices (a copy only if `x` is not in row-major order), keeping nothing.
    let x = x.as_standard_layout();
    let classes = x.ncols();
    let flat = x.as_slice().expect("a standard layout");
    let mut total = F::zero();
    for (row, (x, &label)) in flat.chunks_exact(classes.max(1)).zip(labels).enumerate() {
        check_label(row, label, classes);
        let max = x.iter().fold(F::neg_infinity(), |m, &v| m.max(v));
        let lse = if max.is_finite() {
            max + x.iter().fold(F::zero(), |s, &v| s + (v - max).exp()).ln()
        } else {
            max
        };
        total += lse - x[label];
    }
    total / F::from_usize(labels.len()).expect("a length is a float")
}

/// The tangent of `y = softmax_cross_entropy(logits, labels)` along `dlogits`:
/// `mean_i(Σⱼ pᵢⱼ·dxᵢⱼ − dxᵢ,labelᵢ)`, `p` being the softmax of each row.
///
/// **Panics** as [`softmax_cross_entropy`](fn@softmax_cross_entropy) does, or if `dlogits` is
/// not shaped like `logits`.
///
/// ```
/// use adjoint_runtime::loss::{softmax_cross_entropy, softmax_cross_entropy_jvp};
/// use ndarray::array;
/// let (x, labels) = (array![[0.0_f64, 0.0]], array![0]);
/// let y = softmax_cross_entropy(&x, &labels);
/// // raising the labelled logit by 1: ½·1 − 1
/// assert_eq!(softmax_cross_entropy_jvp(&x, &labels, &y, &array![[1.0, 0.0]]), -0.5);
/// ```
#[track_caller]
pub fn softmax_cross_entropy_jvp<F: Float, A: AsOperand<Target = ArrayRef<F, Ix2>>>(
    logits: A,
    labels: &ArrayRef<usize, Ix1>,
    _y: &F,
    dlogits: &ArrayRef<F, Ix2>,
) -> F {
    let x = logits.as_operand();
    assert_same_shape(
        "softmax_cross_entropy_jvp: `dlogits`",
        x.shape(),
        dlogits.shape(),
    );
    let (_, probs) = cross_entropy_parts(x, labels);
    let dy = cross_entropy_tangent(&probs, labels, dlogits);
    workspace::recycle_array(probs);
    dy
}

/// The rule of [`softmax_cross_entropy_jvp`] from the softmax probabilities `probs` of the
/// logits: `mean_i(Σⱼ pᵢⱼ·dxᵢⱼ − dxᵢ,labelᵢ)`.
fn cross_entropy_tangent<F: Float>(
    probs: &Array2<F>,
    labels: &ArrayRef<usize, Ix1>,
    dlogits: &ArrayRef<F, Ix2>,
) -> F {
    let mut total = F::zero();
    for ((p, dx), &label) in probs.rows().into_iter().zip(dlogits.rows()).zip(labels) {
        total += p.dot(&dx) - dx[label];
    }
    total / F::from_usize(labels.len()).expect("a length is a float")
}

/// The loss and the softmax probabilities, which the pullback keeps: one pass per row computes
/// `e^(x − max)` into the probabilities and their sum, then scales them by `1/sum`. The
/// probabilities are written over logits the caller gave up, when they are row-major.
#[track_caller]
fn cross_entropy_parts<F: Float, A: IntoOperand<Target = ArrayRef<F, Ix2>>>(
    logits: A,
    labels: &ArrayRef<usize, Ix1>,
) -> (F, Array2<F>) {
    check_labels(logits.as_operand(), labels);
    let mut probs = match logits.into_owned_operand() {
        Ok(owned) if owned.is_standard_layout() => owned,
        Ok(owned) => {
            let copy = workspace::copy_standard(&owned);
            workspace::recycle_array(owned);
            copy
        }
        Err(logits) => workspace::copy_standard(logits.as_operand()),
    };
    let classes = probs.ncols();
    let flat = probs.as_slice_mut().expect("a standard layout");
    let mut total = F::zero();
    for (row, (p, &label)) in flat
        .chunks_exact_mut(classes.max(1))
        .zip(labels)
        .enumerate()
    {
        check_label(row, label, classes);
        let x_label = p[label];
        let max = p.iter().fold(F::neg_infinity(), |m, &v| m.max(v));
        let mut sum = F::zero();
        for v in p.iter_mut() {
            *v = (*v - max).exp();
            sum += *v;
        }
        if max.is_finite() {
            total += max + sum.ln() - x_label;
            let inv = sum.recip();
            p.iter_mut().for_each(|v| *v *= inv);
        } else {
            // As log-softmax with an infinite shift: the loss and probabilities are NaN or 0.
            total += max - x_label;
        }
    }
    (
        total / F::from_usize(labels.len()).expect("a length is a float"),
        probs,
    )
}

/// **Panics** unless there is one label per row and at least one row.
#[track_caller]
fn check_labels<F>(x: &ArrayRef<F, Ix2>, labels: &ArrayRef<usize, Ix1>) {
    let rows = x.nrows();
    assert!(
        labels.len() == rows,
        "adjoint: softmax_cross_entropy: `labels` has {} entries but `logits` has {rows} rows (shape {:?})",
        labels.len(),
        x.shape()
    );
    assert!(
        rows > 0,
        "adjoint: softmax_cross_entropy of logits with no rows"
    );
    if x.ncols() == 0 {
        // No row slice to walk: the first label names the missing class.
        check_label(0, labels[0], 0);
    }
}

/// **Panics** if `label` is not a class.
#[track_caller]
fn check_label(row: usize, label: usize, classes: usize) {
    assert!(
        label < classes,
        "adjoint: softmax_cross_entropy: `labels[{row}]` is {label}, but `logits` has only {classes} classes"
    );
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct softmax_cross_entropy {}

impl softmax_cross_entropy {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<F: Float, A: IntoOperand<Target = ArrayRef<F, Ix2>>>(
        logits: A,
        labels: &ArrayRef<usize, Ix1>,
    ) -> (F, CrossEntropyPullback<F>) {
        let (loss, probs) = cross_entropy_parts(logits, labels);
        (loss, CrossEntropyPullback { probs })
    }

    /// The forward-mode entry: `softmax_cross_entropy(logits, labels)` and its tangent
    /// ([`softmax_cross_entropy_jvp`]), the softmax computed once for both; zero without
    /// `dlogits`. The labels have no tangent.
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_jvp<F: Float, A: IntoOperand<Target = ArrayRef<F, Ix2>>>(
        logits: A,
        labels: &ArrayRef<usize, Ix1>,
        (dlogits, _): (Option<&Array2<F>>, Option<&()>),
    ) -> (F, F) {
        let Some(dx) = dlogits else {
            return (softmax_cross_entropy(logits, labels), F::zero());
        };
        let shape = logits.as_operand().shape();
        assert_tangent_shape("softmax_cross_entropy_jvp", "logits", shape, dx.shape());
        let (y, probs) = cross_entropy_parts(logits, labels);
        let dy = cross_entropy_tangent(&probs, labels, dx);
        workspace::recycle_array(probs);
        (y, dy)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`CrossEntropyPullback::pullback_jvp`]), the loss and the softmax computed again from
    /// the logits. The labels have no tangent.
    ///
    /// **Panics** as [`softmax_cross_entropy`](fn@softmax_cross_entropy) does, or if `dlogits`
    /// is not shaped like the logits.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<
        F: Float,
        A: AsOperand<Target = ArrayRef<F, Ix2>> + ?Sized,
        L: AsLabels,
    >(
        args: (&A, &L),
        (dlogits, _): (Option<&Array2<F>>, Option<&()>),
        g: &F,
        dg: Option<&F>,
        needs: [bool; 2],
    ) -> ((Option<Array2<F>>, ()), (Option<Array2<F>>, ())) {
        let (logits, labels) = args;
        if let Some(dx) = dlogits {
            let shape = logits.as_operand().shape();
            assert_tangent_shape("softmax_cross_entropy_jvp", "logits", shape, dx.shape());
        }
        let (y, probs) = cross_entropy_parts(logits, labels.as_labels());
        let pullback = CrossEntropyPullback { probs };
        let tangents = (dlogits.map(|t| &**t), ());
        let tangents = pullback.pullback_jvp(args, &y, g, tangents, dg, needs);
        let adjoints = pullback.pullback(args, &y, g, needs);
        (adjoints, tangents)
    }
}

/// The pullback of [`softmax_cross_entropy`](fn@softmax_cross_entropy): it keeps the softmax
/// probabilities of the forward pass.
#[doc(hidden)]
pub struct CrossEntropyPullback<F> {
    probs: Array2<F>,
}

impl<F: Float> CrossEntropyPullback<F> {
    /// The adjoint of the logits, `(p − onehot)·g/n`; labels are not differentiated.
    pub fn pullback<A: ?Sized, L: AsLabels>(
        self,
        (_, labels): (&A, &L),
        _y: &F,
        g: &F,
        needs: [bool; 2],
    ) -> (Option<Array2<F>>, ()) {
        if !needs[0] {
            workspace::recycle_array(self.probs);
            return (None, ());
        }
        let mut d = self.probs;
        let scale = *g / F::from_usize(d.nrows()).expect("a length is a float");
        let classes = d.ncols().max(1);
        let flat = d
            .as_slice_mut()
            .expect("the forward pass made it row-major");
        for (row, &label) in flat.chunks_exact_mut(classes).zip(labels.as_labels()) {
            row.iter_mut().for_each(|v| *v *= scale);
            row[label] -= scale;
        }
        (Some(d), ())
    }

    /// The tangent of the logits' adjoint `(p − onehot)·g/n` when the logits move along
    /// `dlogits` and `g` along `dg`: `(dp·g + (p − onehot)·dg)/n`, with
    /// `dpᵢ = pᵢ ⊙ (dxᵢ − Σⱼ pᵢⱼ·dxᵢⱼ)` in each row. Labels have no tangent.
    ///
    /// **Panics** if `dlogits` is not shaped like the logits.
    #[allow(clippy::type_complexity, clippy::too_many_arguments)]
    #[track_caller]
    pub fn pullback_jvp<A: ?Sized, L: AsLabels>(
        &self,
        (_, labels): (&A, &L),
        _y: &F,
        g: &F,
        (dlogits, ()): (Option<&ArrayRef<F, Ix2>>, ()),
        dg: Option<&F>,
        needs: [bool; 2],
    ) -> (Option<Array2<F>>, ()) {
        if !needs[0] {
            return (None, ());
        }
        let p = &self.probs;
        let n = F::from_usize(p.nrows()).expect("a length is a float");
        let (g, dg) = (*g / n, dg.copied().unwrap_or(F::zero()) / n);
        let mut d = workspace::map(p, |p| p * dg);
        for (mut row, &label) in d.rows_mut().into_iter().zip(labels.as_labels()) {
            row[label] -= dg;
        }
        if let Some(dx) = dlogits {
            assert_same_shape(
                "softmax_cross_entropy pullback_jvp: `dlogits`",
                p.shape(),
                dx.shape(),
            );
            Zip::from(d.rows_mut())
                .and(p.rows())
                .and(dx.rows())
                .for_each(|mut d, p, dx| {
                    let mean = p.dot(&dx);
                    Zip::from(&mut d)
                        .and(&p)
                        .and(&dx)
                        .for_each(|d, &p, &dx| *d += p * (dx - mean) * g);
                });
        }
        (Some(d), ())
    }
}

/// Integer class labels, behind any number of references.
#[doc(hidden)]
pub trait AsLabels {
    /// The labels as an ndarray vector.
    fn as_labels(&self) -> &ArrayRef<usize, Ix1>;
}

impl<S: ndarray::Data<Elem = usize>> AsLabels for ndarray::ArrayBase<S, Ix1> {
    fn as_labels(&self) -> &ArrayRef<usize, Ix1> {
        self
    }
}

impl AsLabels for ArrayRef<usize, Ix1> {
    fn as_labels(&self) -> &ArrayRef<usize, Ix1> {
        self
    }
}

impl<T: AsLabels + ?Sized> AsLabels for &T {
    fn as_labels(&self) -> &ArrayRef<usize, Ix1> {
        (**self).as_labels()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    use crate::check::check_jvp;
    use crate::ops::test_support::{TWO, assert_passes, number, or_zero, pattern};

    /// Every loss's tangent and its pullback's tangent against central differences, for every
    /// combination of present tangents.
    fn loss_tangents_match_differences<F: Float>() {
        let a = pattern::<F, _>((3, 4), -0.5, 1);
        let da = pattern::<F, _>((3, 4), -0.5, 2);
        let t = pattern::<F, _>((3, 4), -0.5, 3);
        let dt = pattern::<F, _>((3, 4), -0.5, 4);
        let (g, dg) = (number::<F>(-0.5, 5), number::<F>(-0.5, 6));
        let exact = mean_jvp(&a, &mean(&a), &da);
        assert_passes(
            "mean_jvp",
            check_jvp(|a: &Array2<F>| mean(a), &a, &da, &exact),
        );
        for pg in [true, false] {
            let exact = MeanPullback.pullback_jvp(
                (&a,),
                &mean(&a),
                &g,
                (Some(&*da),),
                pg.then_some(&dg),
                [true],
            );
            let f = |(a, g): &(Array2<F>, F)| {
                MeanPullback.pullback((a,), &mean(a), g, [true]).0.unwrap()
            };
            let direction = (da.clone(), or_zero(pg, &dg));
            let report = check_jvp(f, &(a.clone(), g), &direction, &exact.0.unwrap());
            assert_passes(&format!("mean pullback_jvp, dg {pg}"), report);
        }
        let y = mse(&a, &t);
        for (pp, pt) in TWO {
            let along = format!("along (dpred, dtarget) present = ({pp}, {pt})");
            let (tp, tt) = (pp.then_some(&*da), pt.then_some(&*dt));
            let direction = (or_zero(pp, &da), or_zero(pt, &dt));
            let exact = mse_jvp(&a, &t, &y, tp, tt);
            let f = |(p, t): &(Array2<F>, Array2<F>)| mse(p, t);
            let report = check_jvp(f, &(a.clone(), t.clone()), &direction, &exact);
            assert_passes(&format!("mse_jvp {along}"), report);
            for pg in [true, false] {
                let both = [true, true];
                let (ep, et) =
                    MsePullback.pullback_jvp((&a, &t), &y, &g, (tp, tt), pg.then_some(&dg), both);
                let f = |(p, t, g): &(Array2<F>, Array2<F>, F)| {
                    let (dp, dt) = MsePullback.pullback((p, t), &mse(p, t), g, both);
                    (dp.unwrap(), dt.unwrap())
                };
                let point = (a.clone(), t.clone(), g);
                let direction = (direction.0.clone(), direction.1.clone(), or_zero(pg, &dg));
                let report = check_jvp(f, &point, &direction, &(ep.unwrap(), et.unwrap()));
                assert_passes(&format!("mse pullback_jvp {along}, dg {pg}"), report);
            }
        }
        let x = a.mapv(|v| v * F::from_f64_lossy(4.0));
        let labels = ndarray::array![2, 0, 3];
        let (y, pullback) = softmax_cross_entropy::__adjoint_forward(&x, &labels);
        let exact = softmax_cross_entropy_jvp(&x, &labels, &y, &da);
        let f = |x: &Array2<F>| softmax_cross_entropy(x, &labels);
        assert_passes("softmax_cross_entropy_jvp", check_jvp(f, &x, &da, &exact));
        for (px, pg) in TWO {
            let (tx, tg) = (px.then_some(&*da), pg.then_some(&dg));
            let exact = pullback.pullback_jvp((&x, &labels), &y, &g, (tx, ()), tg, [true, false]);
            let f = |(x, g): &(Array2<F>, F)| {
                let (y, pullback) = softmax_cross_entropy::__adjoint_forward(x, &labels);
                pullback
                    .pullback((x, &labels), &y, g, [true, false])
                    .0
                    .unwrap()
            };
            let direction = (or_zero(px, &da), or_zero(pg, &dg));
            let report = check_jvp(f, &(x.clone(), g), &direction, &exact.0.unwrap());
            assert_passes(
                &format!("softmax_cross_entropy pullback_jvp along ({px}, {pg})"),
                report,
            );
        }
    }

    #[test]
    fn loss_tangents_match_differences_f64() {
        loss_tangents_match_differences::<f64>();
    }

    #[test]
    fn loss_tangents_match_differences_f32() {
        loss_tangents_match_differences::<f32>();
    }

    #[test]
    #[should_panic(expected = "adjoint: mse_jvp: `dtarget`: expected shape [2], found [3]")]
    fn a_misshapen_loss_tangent_names_the_argument() {
        let p = array![1.0_f64, 2.0];
        let _ = mse_jvp(&p, &p, &0.0, None, Some(&array![1.0, 2.0, 3.0]));
    }

    /// Uniform logits: the loss is ln(classes) and the gradient is (1/k − onehot)/n.
    #[test]
    fn cross_entropy_of_uniform_logits() {
        let logits = array![[0.0_f64, 0.0], [0.0, 0.0]];
        let labels = array![0, 1];
        let (loss, pullback) = softmax_cross_entropy::__adjoint_forward(&logits, &labels);
        assert!((loss - 2.0_f64.ln()).abs() < 1e-15);
        let (d, ()) = pullback.pullback((&&logits, &&labels), &loss, &1.0, [true, false]);
        assert_eq!(d.unwrap(), array![[-0.25, 0.25], [0.25, -0.25]]);
    }

    #[test]
    fn cross_entropy_is_finite_for_huge_logits() {
        for scale in [1e4_f32, -1e4] {
            let logits = array![[scale, 0.0, -scale], [0.0, scale, 1.0]];
            let labels = array![2, 0];
            let (loss, pullback) = softmax_cross_entropy::__adjoint_forward(&logits, &labels);
            assert!(loss.is_finite(), "loss {loss} at scale {scale}");
            let (d, ()) = pullback.pullback((&&logits, &&labels), &loss, &1.0, [true, false]);
            assert!(d.unwrap().iter().all(|v| v.is_finite()));
        }
    }

    /// The forward pass alone and the one that keeps the probabilities agree with
    /// `ln Σ e^x − x_label` computed directly, and the gradient with `softmax − onehot` (÷ n).
    #[test]
    fn cross_entropy_against_the_formula() {
        let logits = array![[1.0_f64, -2.0, 0.5], [3.0, 3.0, -1.0]];
        let labels = array![2, 0];
        let direct = |row: usize| {
            let x = logits.row(row);
            x.mapv(f64::exp).sum().ln() - x[labels[row]]
        };
        let expected = (direct(0) + direct(1)) / 2.0;
        assert!((softmax_cross_entropy(&logits, &labels) - expected).abs() < 1e-15);
        let (loss, pullback) = softmax_cross_entropy::__adjoint_forward(&logits, &labels);
        assert!((loss - expected).abs() < 1e-15);
        let (d, ()) = pullback.pullback((&&logits, &&labels), &loss, &2.0, [true, false]);
        let d = d.unwrap();
        for (row, &label) in labels.iter().enumerate() {
            let x = logits.row(row);
            let sum = x.mapv(f64::exp).sum();
            for class in 0..3 {
                let onehot = if class == label { 1.0 } else { 0.0 };
                let want = (x[class].exp() / sum - onehot) * 2.0 / 2.0;
                assert!((d[[row, class]] - want).abs() < 1e-15, "{row} {class}");
            }
        }
    }

    /// Logits in column-major order (a transposed view) give what their row-major copy gives.
    #[test]
    fn cross_entropy_of_a_transposed_view() {
        let stored = array![[1.0_f64, 3.0], [-2.0, 3.0], [0.5, -1.0]];
        let logits = stored.t();
        let labels = array![2, 0];
        let copy = logits.to_owned();
        assert_eq!(
            softmax_cross_entropy(&logits, &labels),
            softmax_cross_entropy(&copy, &labels)
        );
        let (loss, pullback) = softmax_cross_entropy::__adjoint_forward(&logits, &labels);
        let (d, ()) = pullback.pullback((&&logits, &&labels), &loss, &1.0, [true, false]);
        let (_, pullback) = softmax_cross_entropy::__adjoint_forward(&copy, &labels);
        let (d_copy, ()) = pullback.pullback((&&copy, &&labels), &loss, &1.0, [true, false]);
        assert_eq!(d, d_copy);
    }

    #[test]
    #[should_panic(expected = "`labels[1]` is 3, but `logits` has only 2 classes")]
    fn label_out_of_range_names_row_and_value() {
        let _ = softmax_cross_entropy(&array![[0.0_f64, 1.0], [1.0, 0.0]], &array![0, 3]);
    }

    #[test]
    #[should_panic(expected = "`labels[0]` is 0, but `logits` has only 0 classes")]
    fn logits_without_classes_panic() {
        let _ = softmax_cross_entropy(&ndarray::Array2::<f64>::zeros((2, 0)), &array![0, 0]);
    }

    #[test]
    #[should_panic(expected = "mse: `pred` has shape [2] but `target` has shape [3]")]
    fn mse_shape_mismatch_names_both() {
        let _ = mse(&array![1.0_f64, 2.0], &array![1.0, 2.0, 3.0]);
    }

    /// d mse / d pred = 2(pred − target)/n.
    #[test]
    fn mse_gradient_by_hand() {
        let (p, t) = (array![1.0_f64, 3.0], array![1.0, 1.0]);
        let (value, pullback) = mse::__adjoint_forward(&p, &t);
        assert_eq!(value, 2.0);
        let (dp, dt) = pullback.pullback((&&p, &&t), &value, &1.0, [true, true]);
        assert_eq!(dp.unwrap(), array![0.0, 2.0]);
        assert_eq!(dt.unwrap(), array![0.0, -2.0]);
    }

    /// Logits given up to the cross-entropy's forward entry hold its probabilities, and then
    /// the adjoint its pullback returns; the loss and the adjoint are those of borrowed logits.
    #[test]
    fn owned_logits_hold_the_probabilities() {
        let logits = pattern::<f64, _>((4, 3), -2.0, 1);
        let labels = array![0, 2, 1, 1];
        let (y, pullback) = softmax_cross_entropy::__adjoint_forward(&logits, &labels);
        let (expected, ()) = pullback.pullback((&logits, &labels), &y, &0.5, [true, false]);
        let owned = logits.clone();
        let at = owned.as_ptr();
        let (y_owned, pullback) = softmax_cross_entropy::__adjoint_forward(owned, &labels);
        let (d, ()) = pullback.pullback((&logits, &labels), &y, &0.5, [true, false]);
        assert_eq!(y_owned, y);
        assert_eq!(d, expected);
        assert_eq!(d.map(|d| d.as_ptr()), Some(at));
        // Transposed logits are copied into row-major order, with the same results.
        let mut transposed = ndarray::Array2::zeros(ndarray::ShapeBuilder::f((4, 3)));
        transposed.assign(&logits);
        assert!(!transposed.is_standard_layout());
        let (y_t, pullback) = softmax_cross_entropy::__adjoint_forward(transposed, &labels);
        let (d_t, ()) = pullback.pullback((&logits, &labels), &y, &0.5, [true, false]);
        assert_eq!((y_t, d_t), (y, expected));
    }
}

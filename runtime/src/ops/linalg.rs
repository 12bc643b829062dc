//! Matrix products and transposition.

use ndarray::linalg::general_mat_vec_mul;
use ndarray::{ArcArray, Array, Array1, Array2, ArrayRef, ArrayView, Dimension, Ix1, Ix2};

#[cfg(feature = "gemm")]
use super::large_gemm::gemm_product;
use super::small_gemm::{SMALL_MAX_MULTIPLY_ADDS, small_matmul_add, small_matmul_into};
use crate::{AsOperand, Float, Operand, Params, workspace};

/// The shapes `dot` multiplies: matrix·matrix, matrix·vector, vector·matrix, vector·vector.
pub trait DotOperands<Rhs: ?Sized> {
    /// The product: a matrix, a vector, or a float for two vectors.
    type Output;
    /// The adjoint of the left operand.
    type LhsTangent;
    /// The adjoint of the right operand.
    type RhsTangent;
    /// `a·b`.
    ///
    /// **Panics** if the inner dimensions differ.
    fn product(&self, rhs: &Rhs) -> Self::Output;
    /// The adjoint of `a` given the adjoint `g` of `a·b`.
    ///
    /// **Panics** if the inner dimensions differ or `g` does not have the shape of `a·b`.
    fn vjp_lhs(&self, rhs: &Rhs, g: &Self::Output) -> Self::LhsTangent;
    /// The adjoint of `b` given the adjoint `g` of `a·b`.
    ///
    /// **Panics** if the inner dimensions differ or `g` does not have the shape of `a·b`.
    fn vjp_rhs(&self, rhs: &Rhs, g: &Self::Output) -> Self::RhsTangent;
    /// `da·b + a·db`, the tangent of `a·b` (forward mode); `None` is zero.
    ///
    /// **Panics** if the inner dimensions differ or a tangent is not shaped like its operand.
    fn jvp(
        &self,
        rhs: &Rhs,
        da: Option<&Self::LhsTangent>,
        db: Option<&Self::RhsTangent>,
    ) -> Self::Output;
    /// The tangent of [`vjp_lhs`](Self::vjp_lhs) when `b` moves along `db` and `g` along
    /// `dg`: `vjp_lhs(dg, b) + vjp_lhs(g, db)` (the adjoint of `a` does not depend on `a`).
    ///
    /// **Panics** if the inner dimensions differ or a tangent is misshapen.
    fn vjp_lhs_jvp(
        &self,
        rhs: &Rhs,
        g: &Self::Output,
        db: Option<&Self::RhsTangent>,
        dg: Option<&Self::Output>,
    ) -> Self::LhsTangent;
    /// The tangent of [`vjp_rhs`](Self::vjp_rhs) when `a` moves along `da` and `g` along
    /// `dg`: `vjp_rhs(dg, a) + vjp_rhs(g, da)`.
    ///
    /// **Panics** if the inner dimensions differ or a tangent is misshapen.
    fn vjp_rhs_jvp(
        &self,
        rhs: &Rhs,
        g: &Self::Output,
        da: Option<&Self::LhsTangent>,
        dg: Option<&Self::Output>,
    ) -> Self::RhsTangent;
}

/// **Panics**, naming the function and the argument, unless the tangent `name` has the shape
/// `expected` of what it is the tangent of.
#[track_caller]
fn check_tangent(function: &str, name: &str, expected: &[usize], found: Option<&[usize]>) {
    if let Some(found) = found {
        crate::broadcast::assert_same_shape(&format!("{function}: `{name}`"), expected, found);
    }
}

/// The sum of two optional terms of a tangent, `zeros()` if both are absent: a bilinear
/// rule's tangent is one term per moving factor.
fn sum_terms<T: Params>(first: Option<T>, second: Option<T>, zeros: impl FnOnce() -> T) -> T {
    match (first, second) {
        (Some(mut total), Some(other)) => {
            total.accumulate(&other);
            other.recycle();
            total
        }
        (Some(only), None) | (None, Some(only)) => only,
        (None, None) => zeros(),
    }
}

/// The forward rules of one shape combination, from its `product`, `vjp_lhs` and `vjp_rhs`:
/// `$rhs_type` is the right operand's type, and `$output`, `$lhs` and `$rhs` the zeros of the product and of each operand's tangent.
macro_rules! dot_tangents {
    ($rhs_type:ty; |$a:ident, $b:ident| $output:expr, $lhs:expr, $rhs:expr) => {
        #[track_caller]
        fn jvp(
            &self,
            rhs: &$rhs_type,
            da: Option<&Self::LhsTangent>,
            db: Option<&Self::RhsTangent>,
        ) -> Self::Output {
            let ($a, $b) = (self, rhs);
            check_tangent("dot_jvp", "da", $a.shape(), da.map(|t| t.shape()));
            check_tangent("dot_jvp", "db", $b.shape(), db.map(|t| t.shape()));
            sum_terms(
                da.map(|da| DotOperands::<$rhs_type>::product(&**da, $b)),
                db.map(|db| DotOperands::<$rhs_type>::product($a, &**db)),
                || $output,
            )
        }
        #[track_caller]
        fn vjp_lhs_jvp(
            &self,
            rhs: &$rhs_type,
            g: &Self::Output,
            db: Option<&Self::RhsTangent>,
            dg: Option<&Self::Output>,
        ) -> Self::LhsTangent {
            let ($a, $b) = (self, rhs);
            check_tangent("dot_vjp_lhs_jvp", "db", $b.shape(), db.map(|t| t.shape()));
            sum_terms(
                dg.map(|dg| $a.vjp_lhs($b, dg)),
                db.map(|db| $a.vjp_lhs(&**db, g)),
                || $lhs,
            )
        }
        #[track_caller]
        fn vjp_rhs_jvp(
            &self,
            rhs: &$rhs_type,
            g: &Self::Output,
            da: Option<&Self::LhsTangent>,
            dg: Option<&Self::Output>,
        ) -> Self::RhsTangent {
            let ($a, $b) = (self, rhs);
            check_tangent("dot_vjp_rhs_jvp", "da", $a.shape(), da.map(|t| t.shape()));
            sum_terms(
                dg.map(|dg| $a.vjp_rhs($b, dg)),
                da.map(|da| DotOperands::<$rhs_type>::vjp_rhs(&**da, $b, g)),
                || $rhs,
            )
        }
    };
}

#[track_caller]
fn check_inner(what: &str, a: &[usize], b: &[usize], a_inner: usize, b_inner: usize) {
    assert!(
        a_inner == b_inner,
        "adjoint: {what}: shapes {a:?} and {b:?} are not aligned ({a_inner} ≠ {b_inner})"
    );
}

/// Checks, before a pullback multiplies anything, that the operands agree and that the
/// cotangent `g` has the shape of their product `a·b`: `a`'s shape without its last axis, then
/// `b`'s without its first. Allocates nothing unless it panics.
#[track_caller]
fn check_cotangent(a: &[usize], b: &[usize], a_inner: usize, b_inner: usize, g: &[usize]) {
    check_inner("dot's adjoint", a, b, a_inner, b_inner);
    let (a_outer, b_outer) = (&a[..a.len() - 1], &b[1..]);
    let agrees = g.len() == a_outer.len() + b_outer.len()
        && g[..a_outer.len()] == *a_outer
        && g[a_outer.len()..] == *b_outer;
    if !agrees {
        let product: Vec<usize> = a_outer.iter().chain(b_outer).copied().collect();
        panic!(
            "adjoint: dot's adjoint: the cotangent has shape {g:?}, but the product of shapes \
             {a:?} and {b:?} has shape {product:?}"
        );
    }
}

/// `a·b` for matrices of any strides (transposed, sliced, reversed and broadcast views
/// included): nano-gemm's kernels for small products, else the `gemm` crate's (AVX-512 where
/// the CPU has it, chosen at run time), on several threads for the largest
/// ([`threads`](crate::threads)).
///
/// The output comes from the installed workspace's pool, if any.
///
/// **Panics** if `a` has not as many columns as `b` has rows.
///
/// ```
/// use adjoint_runtime::ops::linalg::matmul;
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(matmul(&a, &a.t()), array![[5.0, 11.0], [11.0, 25.0]]);
/// ```
#[doc(hidden)]
#[track_caller]
pub fn matmul<F: Float>(a: &ArrayRef<F, Ix2>, b: &ArrayRef<F, Ix2>) -> Array2<F> {
    // The kernels below read `k` elements along a row of `a` and down a column of `b`.
    assert!(
        a.ncols() == b.nrows(),
        "adjoint: matmul: inner dimensions differ: lhs has shape {:?}, rhs has shape {:?}",
        a.shape(),
        b.shape()
    );
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    let multiply_adds = if m == 0 || k == 0 || n == 0 {
        0
    } else {
        m.saturating_mul(k).saturating_mul(n)
    };
    if multiply_adds < SMALL_MAX_MULTIPLY_ADDS {
        let mut c = workspace::zeros((a.nrows(), b.ncols()));
        small_matmul_into(a, b, &mut c);
        return c;
    }
    // Every larger product goes to the `gemm` crate when the feature is on.
    #[cfg(feature = "gemm")]
    {
        let mut c = workspace::uninit::<F, _>(Ix2(m, n), false);
        // Checked in release builds too: `gemm_product` writes all of an m×n `c` when k > 0.
        assert!(
            c.dim() == (m, n) && k > 0,
            "adjoint: matmul: internal error: a {m}×{k}·{k}×{n} product into {:?}",
            c.shape()
        );
        gemm_product(a.view(), b.view(), c.view_mut(), false);
        // SAFETY: `gemm_product` has written every element of `c` (m×n, k > 0, both checked
        // above), or panicked, in which case this is not reached.
        unsafe { c.assume_init() }
    }
    #[cfg(not(feature = "gemm"))]
    {
        // ndarray's `a.dot(b)`, into a pooled output laid out as `dot` lays it out.
        let column_major = a.strides()[0] == 1 && b.strides()[0] == 1;
        let mut c = workspace::zeros_in_order(Ix2(m, n), column_major);
        ndarray::linalg::general_mat_mul(F::one(), a, b, F::zero(), &mut c);
        c
    }
}

/// `c = a·b`, or `c += a·b` if `accumulate`, into an existing matrix of any strides: the
/// kernels of [`matmul`] without its output allocation (convolutions multiply into parts of
/// their buffers).
///
/// **Panics** if the shapes do not agree.
#[doc(hidden)]
#[track_caller]
pub fn matmul_into<F: Float>(
    a: &ArrayRef<F, Ix2>,
    b: &ArrayRef<F, Ix2>,
    c: &mut ArrayRef<F, Ix2>,
    accumulate: bool,
) {
    let ((m, k), (k2, n)) = (a.dim(), b.dim());
    assert!(
        k == k2 && c.dim() == (m, n),
        "adjoint: matmul: shapes {:?}·{:?} into {:?}",
        a.shape(),
        b.shape(),
        c.shape()
    );
    if m * k * n < SMALL_MAX_MULTIPLY_ADDS {
        small_matmul_add(a, b, c, accumulate);
        return;
    }
    #[cfg(feature = "gemm")]
    gemm_product(a.view(), b.view(), c.view_mut(), accumulate);
    #[cfg(not(feature = "gemm"))]
    {
        let keep = if accumulate { F::one() } else { F::zero() };
        ndarray::linalg::general_mat_mul(F::one(), a, b, keep, c);
    }
}

/// `C = A·B`: `dA = G·Bᵀ`, `dB = Aᵀ·G`.
impl<F: Float> DotOperands<ArrayRef<F, Ix2>> for ArrayRef<F, Ix2> {
    type Output = Array2<F>;
    type LhsTangent = Array2<F>;
    type RhsTangent = Array2<F>;
    #[track_caller]
    fn product(&self, rhs: &ArrayRef<F, Ix2>) -> Array2<F> {
        check_inner("dot", self.shape(), rhs.shape(), self.ncols(), rhs.nrows());
        matmul(self, rhs)
    }
    #[track_caller]
    fn vjp_lhs(&self, rhs: &ArrayRef<F, Ix2>, g: &Array2<F>) -> Array2<F> {
        check_cotangent(
            self.shape(),
            rhs.shape(),
            self.ncols(),
            rhs.nrows(),
            g.shape(),
        );
        matmul(g, &rhs.t())
    }
    #[track_caller]
    fn vjp_rhs(&self, rhs: &ArrayRef<F, Ix2>, g: &Array2<F>) -> Array2<F> {
        check_cotangent(
            self.shape(),
            rhs.shape(),
            self.ncols(),
            rhs.nrows(),
            g.shape(),
        );
        matmul(&self.t(), g)
    }
    dot_tangents!(ArrayRef<F, Ix2>; |a, b|
        workspace::zeros((a.nrows(), b.ncols())),
        workspace::zeros(a.raw_dim()),
        workspace::zeros(b.raw_dim()));
}

/// `y = A·x`: `dA = g ⊗ x`, `dx = Aᵀ·g`.
impl<F: Float> DotOperands<ArrayRef<F, Ix1>> for ArrayRef<F, Ix2> {
    type Output = Array1<F>;
    type LhsTangent = Array2<F>;
    type RhsTangent = Array1<F>;
    #[track_caller]
    fn product(&self, rhs: &ArrayRef<F, Ix1>) -> Array1<F> {
        check_inner("dot", self.shape(), rhs.shape(), self.ncols(), rhs.len());
        mat_vec(self, rhs)
    }
    #[track_caller]
    fn vjp_lhs(&self, rhs: &ArrayRef<F, Ix1>, g: &Array1<F>) -> Array2<F> {
        check_cotangent(
            self.shape(),
            rhs.shape(),
            self.ncols(),
            rhs.len(),
            g.shape(),
        );
        outer(g, rhs)
    }
    #[track_caller]
    fn vjp_rhs(&self, rhs: &ArrayRef<F, Ix1>, g: &Array1<F>) -> Array1<F> {
        check_cotangent(
            self.shape(),
            rhs.shape(),
            self.ncols(),
            rhs.len(),
            g.shape(),
        );
        mat_vec(&self.t(), g)
    }
    dot_tangents!(ArrayRef<F, Ix1>; |a, b|
        workspace::zeros(a.nrows()),
        workspace::zeros(a.raw_dim()),
        workspace::zeros(b.raw_dim()));
}

/// `y = xᵀ·A`: `dx = A·g`, `dA = x ⊗ g`.
impl<F: Float> DotOperands<ArrayRef<F, Ix2>> for ArrayRef<F, Ix1> {
    type Output = Array1<F>;
    type LhsTangent = Array1<F>;
    type RhsTangent = Array2<F>;
    #[track_caller]
    fn product(&self, rhs: &ArrayRef<F, Ix2>) -> Array1<F> {
        check_inner("dot", self.shape(), rhs.shape(), self.len(), rhs.nrows());
        mat_vec(&rhs.t(), self)
    }
    #[track_caller]
    fn vjp_lhs(&self, rhs: &ArrayRef<F, Ix2>, g: &Array1<F>) -> Array1<F> {
        check_cotangent(
            self.shape(),
            rhs.shape(),
            self.len(),
            rhs.nrows(),
            g.shape(),
        );
        mat_vec(rhs, g)
    }
    #[track_caller]
    fn vjp_rhs(&self, rhs: &ArrayRef<F, Ix2>, g: &Array1<F>) -> Array2<F> {
        check_cotangent(
            self.shape(),
            rhs.shape(),
            self.len(),
            rhs.nrows(),
            g.shape(),
        );
        outer(self, g)
    }
    dot_tangents!(ArrayRef<F, Ix2>; |a, b|
        workspace::zeros(b.ncols()),
        workspace::zeros(a.raw_dim()),
        workspace::zeros(b.raw_dim()));
}

/// `s = a·b`: `da = g·b`, `db = g·a`.
impl<F: Float> DotOperands<ArrayRef<F, Ix1>> for ArrayRef<F, Ix1> {
    type Output = F;
    type LhsTangent = Array1<F>;
    type RhsTangent = Array1<F>;
    #[track_caller]
    fn product(&self, rhs: &ArrayRef<F, Ix1>) -> F {
        check_inner("dot", self.shape(), rhs.shape(), self.len(), rhs.len());
        self.dot(rhs)
    }
    #[track_caller]
    fn vjp_lhs(&self, rhs: &ArrayRef<F, Ix1>, g: &F) -> Array1<F> {
        check_cotangent(self.shape(), rhs.shape(), self.len(), rhs.len(), &[]);
        workspace::map(rhs, |b| b * *g)
    }
    #[track_caller]
    fn vjp_rhs(&self, rhs: &ArrayRef<F, Ix1>, g: &F) -> Array1<F> {
        check_cotangent(self.shape(), rhs.shape(), self.len(), rhs.len(), &[]);
        workspace::map(self, |a| a * *g)
    }
    dot_tangents!(ArrayRef<F, Ix1>; |a, b|
        F::zero(),
        workspace::zeros(a.raw_dim()),
        workspace::zeros(b.raw_dim()));
}

/// `a·x` into a pooled vector: ndarray's matrix·vector `dot`.
fn mat_vec<F: Float>(a: &ArrayRef<F, Ix2>, x: &ArrayRef<F, Ix1>) -> Array1<F> {
    let mut y = workspace::zeros(a.nrows());
    match (y.as_slice_mut(), column_major(a), x.as_slice()) {
        // A matrix whose columns are contiguous (the transpose of a row-major one, as in the
        // adjoint `Xᵀ·g`): `y += xⱼ·aⱼ` down the columns. ndarray would take a strided dot per
        // row instead, several times slower; both add each `yᵢ`'s terms in the order of `j`,
        // so the bits are the same.
        (Some(y), Some(columns), Some(x)) if a.ncols() == x.len() => {
            add_columns_times(y, columns, x);
        }
        _ => general_mat_vec_mul(F::one(), a, x, F::zero(), &mut y),
    }
    y
}

/// `y += Σⱼ xⱼ·cⱼ` for the columns `cⱼ` of `y`'s length laid one after the other in `columns`:
/// four columns per pass over `y`, each `yᵢ` adding its terms one after the other in the order
/// of `j`.
fn add_columns_times<F: Float>(y: &mut [F], columns: &[F], x: &[F]) {
    let m = y.len();
    for (block, xs) in columns.chunks_exact(4 * m).zip(x.chunks_exact(4)) {
        let (c0, rest) = block.split_at(m);
        let (c1, rest) = rest.split_at(m);
        let (c2, c3) = rest.split_at(m);
        let (x0, x1, x2, x3) = (xs[0], xs[1], xs[2], xs[3]);
        for i in 0..m {
            y[i] = y[i] + c0[i] * x0 + c1[i] * x1 + c2[i] * x2 + c3[i] * x3;
        }
    }
    let done = x.len() / 4 * 4;
    for (column, &xj) in columns[done * m..].chunks_exact(m).zip(&x[done..]) {
        for (y, &a) in y.iter_mut().zip(column) {
            *y += a * xj;
        }
    }
}

/// The elements of `a` column after column, if that is how they lie in memory (each column
/// contiguous, one after the other) and there are at least two rows.
fn column_major<F>(a: &ArrayRef<F, Ix2>) -> Option<&[F]> {
    let (rows, columns) = a.dim();
    let strides = a.strides();
    let contiguous = rows > 1 && strides[0] == 1 && (columns < 2 || strides[1] == rows as isize);
    if contiguous {
        a.as_slice_memory_order()
    } else {
        None
    }
}

/// `u ⊗ v` into a pooled matrix: `uᵢ·vⱼ`, the product ndarray's `dot` of a column and a row
/// computes.
fn outer<F: Float>(u: &ArrayRef<F, Ix1>, v: &ArrayRef<F, Ix1>) -> Array2<F> {
    let shape = Ix2(u.len(), v.len());
    let column = u.view().insert_axis(ndarray::Axis(1));
    let row = v.view().insert_axis(ndarray::Axis(0));
    let column = column
        .broadcast(shape)
        .expect("a column broadcasts along the rows");
    let row = row
        .broadcast(shape)
        .expect("a row broadcasts along the columns");
    workspace::zip2(&column, &row, |u, v| u * v)
}

/// The output type of `a.dot(b)`.
pub type DotOutput<A, B> = <Operand<A> as DotOperands<Operand<B>>>::Output;

/// `a.dot(b)`.
///
/// **Panics** if the inner dimensions differ, naming both shapes.
#[track_caller]
pub fn dot<A: AsOperand + ?Sized, B: AsOperand + ?Sized>(a: &A, b: &B) -> DotOutput<A, B>
where
    Operand<A>: DotOperands<Operand<B>>,
{
    a.as_operand().product(b.as_operand())
}

/// The adjoint of `a` in `y = a.dot(b)` given the adjoint `g` of `y` (see [`DotOperands`]
/// for each shape's formula).
///
/// **Panics** if the inner dimensions of `a` and `b` differ, or if `g` does not have the
/// shape of `a.dot(b)`, naming the shapes.
///
/// ```
/// use adjoint_runtime::ops::linalg::{dot, dot_vjp_lhs};
/// use ndarray::array;
/// let (a, b) = (array![[1.0, 2.0]], array![[3.0], [4.0]]);
/// let y = dot(&a, &b);
/// assert_eq!(dot_vjp_lhs(&array![[1.0]], &a, &b, &y), array![[3.0, 4.0]]);
/// ```
#[track_caller]
pub fn dot_vjp_lhs<A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    g: &DotOutput<A, B>,
    a: &A,
    b: &B,
    _y: &DotOutput<A, B>,
) -> <Operand<A> as DotOperands<Operand<B>>>::LhsTangent
where
    Operand<A>: DotOperands<Operand<B>>,
{
    a.as_operand().vjp_lhs(b.as_operand(), g)
}

/// The adjoint of `b` in `y = a.dot(b)` given the adjoint `g` of `y` (see [`DotOperands`]
/// for each shape's formula).
///
/// **Panics** if the inner dimensions of `a` and `b` differ, or if `g` does not have the
/// shape of `a.dot(b)`, naming the shapes.
///
/// ```
/// use adjoint_runtime::ops::linalg::{dot, dot_vjp_rhs};
/// use ndarray::array;
/// let (a, b) = (array![[1.0, 2.0]], array![[3.0], [4.0]]);
/// let y = dot(&a, &b);
/// assert_eq!(dot_vjp_rhs(&array![[1.0]], &a, &b, &y), array![[1.0], [2.0]]);
/// ```
#[track_caller]
pub fn dot_vjp_rhs<A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    g: &DotOutput<A, B>,
    a: &A,
    b: &B,
    _y: &DotOutput<A, B>,
) -> <Operand<A> as DotOperands<Operand<B>>>::RhsTangent
where
    Operand<A>: DotOperands<Operand<B>>,
{
    a.as_operand().vjp_rhs(b.as_operand(), g)
}

/// The tangent type of the left operand of `a.dot(b)`: `a`'s own shape.
pub type DotLhsTangent<A, B> = <Operand<A> as DotOperands<Operand<B>>>::LhsTangent;
/// The tangent type of the right operand of `a.dot(b)`: `b`'s own shape.
pub type DotRhsTangent<A, B> = <Operand<A> as DotOperands<Operand<B>>>::RhsTangent;

/// The tangent `da·b + a·db` of `y = a.dot(b)` (forward mode), for every shape [`dot`]
/// multiplies; each tangent has its operand's shape and `None` is zero. The product is
/// bilinear, so its tangent is two products of the same kind.
///
/// **Panics** if the inner dimensions differ, or if a tangent is not shaped like its operand,
/// naming the argument.
///
/// ```
/// use adjoint_runtime::ops::linalg::{dot, dot_jvp};
/// use ndarray::array;
/// let (a, x) = (array![[1.0, 2.0], [3.0, 4.0]], array![1.0, -1.0]);
/// let y = dot(&a, &x);
/// // d(A·x) = dA·x + A·dx
/// let dy = dot_jvp(&a, &x, &y, Some(&array![[1.0, 0.0], [0.0, 1.0]]), Some(&array![0.0, 1.0]));
/// assert_eq!(dy, array![1.0 + 2.0, -1.0 + 4.0]);
/// ```
#[track_caller]
pub fn dot_jvp<A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    a: &A,
    b: &B,
    _y: &DotOutput<A, B>,
    da: Option<&DotLhsTangent<A, B>>,
    db: Option<&DotRhsTangent<A, B>>,
) -> DotOutput<A, B>
where
    Operand<A>: DotOperands<Operand<B>>,
{
    a.as_operand().jvp(b.as_operand(), da, db)
}

/// The tangent of [`dot_vjp_lhs`]'s result when `b` moves along `db` and the output's adjoint
/// `g` along `dg` (forward over reverse): `dot_vjp_lhs(dg, a, b) + dot_vjp_lhs(g, a, db)`.
/// The adjoint of `a` is linear in `b` and in `g` and does not depend on `a`, so `da` does not
/// enter; it is taken so that every rule's tangent takes the tangents of all its operands.
/// The arguments are [`dot_vjp_lhs`]'s, then the tangents; `None` is zero.
///
/// **Panics** if the inner dimensions differ, or if `g`, `db` or `dg` is misshapen.
///
/// ```
/// use adjoint_runtime::ops::linalg::{dot, dot_vjp_lhs_jvp};
/// use ndarray::array;
/// let (a, b) = (array![[1.0, 2.0]], array![[3.0], [4.0]]);
/// let y = dot(&a, &b);
/// // dA = G·Bᵀ; its tangent along dB is G·dBᵀ
/// let t = dot_vjp_lhs_jvp(&array![[2.0]], &a, &b, &y, None, Some(&array![[1.0], [0.5]]), None);
/// assert_eq!(t, array![[2.0, 1.0]]);
/// ```
#[track_caller]
#[allow(clippy::too_many_arguments)]
pub fn dot_vjp_lhs_jvp<A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    g: &DotOutput<A, B>,
    a: &A,
    b: &B,
    _y: &DotOutput<A, B>,
    _da: Option<&DotLhsTangent<A, B>>,
    db: Option<&DotRhsTangent<A, B>>,
    dg: Option<&DotOutput<A, B>>,
) -> DotLhsTangent<A, B>
where
    Operand<A>: DotOperands<Operand<B>>,
{
    a.as_operand().vjp_lhs_jvp(b.as_operand(), g, db, dg)
}

/// The tangent of [`dot_vjp_rhs`]'s result when `a` moves along `da` and the output's adjoint
/// `g` along `dg`: `dot_vjp_rhs(dg, a, b) + dot_vjp_rhs(g, da, b)`; `db` does not enter (see
/// [`dot_vjp_lhs_jvp`]). The arguments are [`dot_vjp_rhs`]'s, then the tangents; `None` is
/// zero.
///
/// **Panics** if the inner dimensions differ, or if `g`, `da` or `dg` is misshapen.
///
/// ```
/// use adjoint_runtime::ops::linalg::{dot, dot_vjp_rhs_jvp};
/// use ndarray::array;
/// let (a, b) = (array![1.0, 2.0], array![3.0, 4.0]);
/// let y = dot(&a, &b);
/// // db = g·a; its tangent along (da, dg) is g·da + dg·a
/// let t = dot_vjp_rhs_jvp(&2.0, &a, &b, &y, Some(&array![1.0, 0.0]), None, Some(&1.0));
/// assert_eq!(t, array![2.0 + 1.0, 2.0]);
/// ```
#[track_caller]
#[allow(clippy::too_many_arguments)]
pub fn dot_vjp_rhs_jvp<A: AsOperand + ?Sized, B: AsOperand + ?Sized>(
    g: &DotOutput<A, B>,
    a: &A,
    b: &B,
    _y: &DotOutput<A, B>,
    da: Option<&DotLhsTangent<A, B>>,
    _db: Option<&DotRhsTangent<A, B>>,
    dg: Option<&DotOutput<A, B>>,
) -> DotRhsTangent<A, B>
where
    Operand<A>: DotOperands<Operand<B>>,
{
    a.as_operand().vjp_rhs_jvp(b.as_operand(), g, da, dg)
}

/// `a.t()`: a view with the axes reversed.
pub fn t<'a, F: Float, D: Dimension + 'a, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &'a A,
) -> ArrayView<'a, F, D> {
    a.as_operand().t()
}

/// The adjoint of `a` in `y = a.t()`: the adjoint of `y`, transposed back.
pub fn t_vjp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    g: &Array<F, D>,
    _a: &A,
    _y: &ArrayView<'_, F, D>,
) -> Array<F, D> {
    workspace::copy(&g.t())
}

/// The tangent of `y = a.t()` along `da`: `da` transposed, as an owned array. Transposition is
/// linear, so its tangent is itself, and the tangent of [`t_vjp`] along `dg` is `t_vjp(dg)`.
///
/// ```
/// use adjoint_runtime::ops::linalg::{t, t_jvp};
/// use ndarray::array;
/// let a = array![[1.0, 2.0, 3.0]];
/// assert_eq!(t_jvp(&a, &t(&a), &array![[4.0, 5.0, 6.0]]), array![[4.0], [5.0], [6.0]]);
/// ```
///
/// **Panics** if `da` is not shaped like `a`.
#[track_caller]
pub fn t_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
    _y: &ArrayView<'_, F, D>,
    da: &ArrayRef<F, D>,
) -> Array<F, D> {
    crate::broadcast::assert_same_shape("t_jvp: `da`", a.as_operand().shape(), da.shape());
    workspace::copy(&da.t())
}

/// An array whose axes can be reversed as `ndarray`'s `reversed_axes(self)` does, from a
/// reference: an owned array gives an owned copy, a view gives a view of the same data (so it
/// keeps the view's lifetime, and can be passed where the user's code passes a view).
///
/// ```
/// use adjoint_runtime::ops::linalg::ReverseAxes;
/// use ndarray::{ArrayView2, array};
/// let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
/// let owned = a.reverse_axes();
/// let view: ArrayView2<'_, f64> = a.view().reverse_axes();
/// assert_eq!(owned, view);
/// assert_eq!(view, array![[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]);
/// ```
pub trait ReverseAxes {
    /// `Array<F, D>` for an owned array, `ArrayView<'a, F, D>` for a view.
    type Reversed;
    /// The array with its axes reversed.
    fn reverse_axes(&self) -> Self::Reversed;
}

/// An owned array: an owned copy with the axes reversed.
impl<F: Float, D: Dimension> ReverseAxes for Array<F, D> {
    type Reversed = Array<F, D>;
    fn reverse_axes(&self) -> Array<F, D> {
        workspace::copy(&self.t())
    }
}

/// A view: a view of the same data, with the axes reversed.
impl<'a, F: Float, D: Dimension> ReverseAxes for ArrayView<'a, F, D> {
    type Reversed = ArrayView<'a, F, D>;
    fn reverse_axes(&self) -> ArrayView<'a, F, D> {
        self.clone().reversed_axes()
    }
}

/// A shared array: a shared array with the axes reversed, as `ArcArray::reversed_axes` gives.
impl<F: Float, D: Dimension> ReverseAxes for ArcArray<F, D> {
    type Reversed = ArcArray<F, D>;
    fn reverse_axes(&self) -> ArcArray<F, D> {
        self.clone().reversed_axes()
    }
}

impl<T: ReverseAxes + ?Sized> ReverseAxes for &T {
    type Reversed = T::Reversed;
    fn reverse_axes(&self) -> T::Reversed {
        (**self).reverse_axes()
    }
}

/// `a.reversed_axes()`: an owned array for an owned array, a view for a view (see [`ReverseAxes`]).
pub fn reversed_axes<A: ReverseAxes + ?Sized>(a: &A) -> A::Reversed {
    a.reverse_axes()
}

/// The adjoint of `a` in `y = a.reversed_axes()`: the adjoint of `y` with its axes reversed back.
pub fn reversed_axes_vjp<F: Float, D: Dimension, A: ReverseAxes + ?Sized>(
    g: &Array<F, D>,
    _a: &A,
    _y: &A::Reversed,
) -> Array<F, D> {
    workspace::copy(&g.t())
}

/// The tangent of `y = a.reversed_axes()` along `da`: `da` with its axes reversed, as an
/// owned array (linear, as [`t_jvp`]).
///
/// ```
/// use adjoint_runtime::ops::linalg::{reversed_axes, reversed_axes_jvp};
/// use ndarray::array;
/// let a = array![[1.0, 2.0]];
/// let y = reversed_axes(&a);
/// assert_eq!(reversed_axes_jvp(&a, &y, &array![[3.0, 4.0]]), array![[3.0], [4.0]]);
/// ```
///
/// **Panics** if `da` does not have as many axes as `y`, or is not shaped like `y` reversed.
#[track_caller]
pub fn reversed_axes_jvp<F: Float, D: Dimension, A: ReverseAxes + ?Sized>(
    _a: &A,
    y: &A::Reversed,
    da: &ArrayRef<F, D>,
) -> Array<F, D>
where
    A::Reversed: AsOperand<Target = ArrayRef<F, D>>,
{
    let expected: Vec<usize> = y.as_operand().shape().iter().rev().copied().collect();
    crate::broadcast::assert_same_shape("reversed_axes_jvp: `da`", &expected, da.shape());
    workspace::copy(&da.t())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Checker, check_jvp};
    use crate::ops::test_support::{TWO, assert_passes, like, or_zero, pattern};
    use ndarray::array;

    /// A matrix-vector product whose matrix is the transpose of a row-major one (the adjoint
    /// `Xᵀ·g`) gives ndarray's bits, over row and column counts around the four-column blocks,
    /// with the vector contiguous or strided.
    #[test]
    fn transposed_matrix_times_vector_gives_ndarrays_bits() {
        for rows in [0, 1, 2, 3, 20, 33] {
            for columns in 0..10 {
                let x = Array2::from_shape_fn((columns, rows), |(i, j)| {
                    ((i * 7 + j * 3) as f64 * 0.37).sin() / 3.0
                });
                let g = Array1::from_shape_fn(2 * columns, |i| (i as f64 * 0.91).cos());
                for g in [g.slice(ndarray::s![..columns]), g.slice(ndarray::s![..;2])] {
                    let want = x.t().dot(&g);
                    let got = dot(&x.t(), &g);
                    let bits = |a: &Array1<f64>| a.mapv(f64::to_bits);
                    assert_eq!(bits(&got), bits(&want), "{columns}×{rows}");
                }
            }
        }
    }

    /// `C = A·B`: `dA = G·Bᵀ`, `dB = Aᵀ·G`, checked on small integers.
    #[test]
    fn matrix_product_adjoints() {
        let a = array![[1.0_f64, 2.0], [3.0, 4.0]];
        let b = array![[5.0_f64, 6.0], [7.0, 8.0]];
        let y = dot(&a, &b);
        let g = array![[1.0, 0.0], [0.0, 1.0]];
        assert_eq!(dot_vjp_lhs(&g, &a, &b, &y), b.t().to_owned());
        assert_eq!(dot_vjp_rhs(&g, &a, &b, &y), a.t().to_owned());
    }

    /// `y = A·x`: `dA = g ⊗ x`; `s = a·b`: `da = g·b`.
    #[test]
    fn vector_products_adjoints() {
        let m = array![[1.0_f64, 2.0], [3.0, 4.0]];
        let x = array![1.0_f64, -1.0];
        let y = dot(&m, &x);
        let g = array![2.0, 3.0];
        assert_eq!(
            dot_vjp_lhs(&g, &m, &x, &y),
            array![[2.0, -2.0], [3.0, -3.0]]
        );
        assert_eq!(dot_vjp_rhs(&g, &m, &x, &y), array![11.0, 16.0]);
        let s = dot(&x, &x);
        assert_eq!(dot_vjp_lhs(&5.0, &x, &x, &s), array![5.0, -5.0]);
    }

    /// Products large enough for the `gemm` kernels, with row-major, transposed and sliced
    /// operands and an inner dimension of 0, against ndarray's `dot` (matrixmultiply).
    #[test]
    fn matmul_agrees_with_ndarray_for_every_layout() {
        let a = Array2::from_shape_fn((70, 40), |(i, j)| ((i * 7 + j * 3) % 11) as f64 - 5.0);
        let b = Array2::from_shape_fn((40, 50), |(i, j)| ((i * 5 + j) % 13) as f64 - 6.0);
        assert_eq!(matmul(&a, &b), a.dot(&b));
        let (at, bt) = (a.t().to_owned(), b.t().to_owned());
        assert_eq!(matmul(&at.t(), &bt.t()), a.dot(&b));
        let sliced = a.slice(ndarray::s![..;2, ..]);
        assert_eq!(matmul(&sliced, &b), sliced.dot(&b));
        let f32s = (a.mapv(|v| v as f32), b.mapv(|v| v as f32));
        assert_eq!(matmul(&f32s.0, &f32s.1), f32s.0.dot(&f32s.1));
        let empty = (
            Array2::<f64>::zeros((300, 0)),
            Array2::<f64>::zeros((0, 300)),
        );
        assert_eq!(matmul(&empty.0, &empty.1), Array2::zeros((300, 300)));
    }

    /// `dot_jvp`, `dot_vjp_lhs_jvp` and `dot_vjp_rhs_jvp` at `(a, b)` against central
    /// differences of `dot`, `dot_vjp_lhs` and `dot_vjp_rhs`, for every combination of present
    /// and absent tangents.
    fn check_dot<F, A, B>(a: &A, b: &B, what: &str)
    where
        F: Float,
        A: AsOperand + Params<Elem = F> + Clone,
        B: AsOperand + Params<Elem = F> + Clone,
        Operand<A>: DotOperands<Operand<B>, LhsTangent = A, RhsTangent = B>,
        DotOutput<A, B>: Params<Elem = F> + Clone,
    {
        let (a, b) = (like(a, -0.5, 1), like(b, -0.5, 2));
        let (da, db) = (like(&a, -0.5, 3), like(&b, -0.5, 4));
        let y = dot(&a, &b);
        let (g, dg) = (like(&y, -0.5, 5), like(&y, -0.5, 6));
        for (pa, pb) in TWO {
            let (ta, tb) = (or_zero(pa, &da), or_zero(pb, &db));
            let (da, db) = (pa.then_some(&da), pb.then_some(&db));
            let along = format!("{what} along (da, db) present = ({pa}, {pb})");
            let exact = dot_jvp(&a, &b, &y, da, db);
            let point = (a.clone(), b.clone());
            let direction = (ta.clone(), tb.clone());
            let report = check_jvp(|(a, b): &(A, B)| dot(a, b), &point, &direction, &exact);
            assert_passes(&format!("dot_jvp on {along}"), report);
            for pg in [true, false] {
                let point = (a.clone(), b.clone(), g.clone());
                let direction = (ta.clone(), tb.clone(), or_zero(pg, &dg));
                let dg = pg.then_some(&dg);
                let exact = dot_vjp_lhs_jvp(&g, &a, &b, &y, da, db, dg);
                let report = check_jvp(
                    |(a, b, g): &(A, B, DotOutput<A, B>)| dot_vjp_lhs(g, a, b, &dot(a, b)),
                    &point,
                    &direction,
                    &exact,
                );
                assert_passes(&format!("dot_vjp_lhs_jvp on {along}, dg {pg}"), report);
                let exact = dot_vjp_rhs_jvp(&g, &a, &b, &y, da, db, dg);
                let report = check_jvp(
                    |(a, b, g): &(A, B, DotOutput<A, B>)| dot_vjp_rhs(g, a, b, &dot(a, b)),
                    &point,
                    &direction,
                    &exact,
                );
                assert_passes(&format!("dot_vjp_rhs_jvp on {along}, dg {pg}"), report);
            }
        }
    }

    fn dot_tangents_match_differences<F: Float>() {
        let (matrix, other) = (Array2::<F>::zeros((2, 3)), Array2::<F>::zeros((3, 4)));
        let (vector, short) = (Array1::<F>::zeros(3), Array1::<F>::zeros(2));
        check_dot(&matrix, &other, "[2, 3]·[3, 4]");
        check_dot(&matrix, &vector, "[2, 3]·[3]");
        check_dot(&short, &matrix, "[2]·[2, 3]");
        check_dot(&vector, &vector, "[3]·[3]");
    }

    #[test]
    fn dot_tangents_match_differences_f64() {
        dot_tangents_match_differences::<f64>();
    }

    #[test]
    fn dot_tangents_match_differences_f32() {
        dot_tangents_match_differences::<f32>();
    }

    /// Large enough for the `gemm` kernels: the tangent is the same products.
    #[test]
    fn a_large_product_has_the_same_tangent_rule() {
        let (a, b) = (
            pattern::<f64, _>((40, 30), -0.5, 1),
            pattern::<f64, _>((30, 50), -0.5, 2),
        );
        let (da, db) = (
            pattern::<f64, _>((40, 30), -0.5, 3),
            pattern::<f64, _>((30, 50), -0.5, 4),
        );
        let y = dot(&a, &b);
        let dy = dot_jvp(&a, &b, &y, Some(&da), Some(&db));
        let expected = da.dot(&b) + a.dot(&db);
        assert!((&dy - &expected).iter().all(|e| e.abs() < 1e-12));
        let report = Checker::new().check_jvp(
            |(a, b): &(Array2<f64>, Array2<f64>)| dot(a, b),
            &(a, b),
            &(da, db),
            &dy,
        );
        assert_passes("dot_jvp of 40×30·30×50", report);
    }

    /// Transposition is linear: its tangent is the tangent transposed.
    #[test]
    fn transposition_tangents_match_differences() {
        let a = pattern::<f64, _>((2, 3), -0.5, 1);
        let da = pattern::<f64, _>((2, 3), -0.5, 2);
        let exact = t_jvp(&a, &t(&a), &da);
        assert_passes(
            "t_jvp",
            check_jvp(|a: &Array2<f64>| t(a).to_owned(), &a, &da, &exact),
        );
        let exact = reversed_axes_jvp(&a, &reversed_axes(&a), &da);
        assert_passes(
            "reversed_axes_jvp",
            check_jvp(|a: &Array2<f64>| reversed_axes(a), &a, &da, &exact),
        );
        let a = pattern::<f32, _>((2, 3, 2), -0.5, 1);
        let da = pattern::<f32, _>((2, 3, 2), -0.5, 2);
        let view = a.view();
        let exact = reversed_axes_jvp(&view, &reversed_axes(&view), &da);
        assert_passes(
            "reversed_axes_jvp of a view",
            check_jvp(
                |a: &ndarray::Array3<f32>| reversed_axes(&a.view()).to_owned(),
                &a,
                &da,
                &exact,
            ),
        );
    }

    #[test]
    #[should_panic(expected = "adjoint: dot_jvp: `db`: expected shape [3], found [2]")]
    fn a_misshapen_tangent_of_dot_names_the_argument() {
        let (a, x) = (Array2::<f64>::zeros((2, 3)), Array1::<f64>::zeros(3));
        let y = dot(&a, &x);
        let _ = dot_jvp(&a, &x, &y, None, Some(&Array1::zeros(2)));
    }

    #[test]
    #[should_panic(
        expected = "adjoint: dot_vjp_rhs_jvp: `da`: expected shape [2, 3], found [3, 2]"
    )]
    fn a_misshapen_tangent_of_an_adjoint_names_the_argument() {
        let (a, b) = (Array2::<f64>::zeros((2, 3)), Array2::<f64>::zeros((3, 2)));
        let y = dot(&a, &b);
        let _ = dot_vjp_rhs_jvp(&y, &a, &b, &y, Some(&Array2::zeros((3, 2))), None, None);
    }

    #[test]
    #[should_panic(expected = "dot: shapes [2, 2] and [3] are not aligned")]
    fn misaligned_shapes_name_both() {
        let _ = dot(
            &array![[1.0_f64, 2.0], [3.0, 4.0]],
            &array![1.0_f64, 2.0, 3.0],
        );
    }
}

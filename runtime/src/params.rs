//! Values that hold parameters, and the type of a value's gradient.

use ndarray::{Array, ArrayBase, ArrayViewD, ArrayViewMutD, Data, Dimension, IxDyn};

use crate::{Float, workspace};

/// A collection of float parameters: a float, an array, a tuple or `Vec` of them, or a struct
/// deriving `Params`.
///
/// It is what optimizers update, what the gradient checker perturbs, and the type of a
/// gradient: the gradient of a `P: Params` is another `P`, holding in each leaf the gradient
/// of that leaf. Every leaf has a path (`"w"`, `"1"`, `"layers.3.b"`) used in reports.
///
/// ```
/// use adjoint_runtime::Params;
/// use ndarray::array;
/// let p = (array![1.0_f64, 2.0], 3.0_f64);
/// assert_eq!(p.num_params(), 3);
/// let mut g = p.zeros_like();
/// g.accumulate(&p);
/// assert_eq!(g.1, 3.0);
/// ```
pub trait Params: Sized {
    /// The element type of every leaf.
    type Elem: Float;

    /// A value of the same shape with every element zero.
    fn zeros_like(&self) -> Self;

    /// Adds `other` to `self`, leaf by leaf (the accumulation of two gradient contributions).
    ///
    /// **Panics** if the shapes differ.
    fn accumulate(&mut self, other: &Self);

    /// Calls `f` with the path and a view of every leaf, in a fixed order.
    fn visit(&self, path: &str, f: &mut dyn FnMut(&str, ArrayViewD<'_, Self::Elem>));

    /// Calls `f` with the path and a mutable view of every leaf, in the order of [`Params::visit`].
    fn visit_mut(&mut self, path: &str, f: &mut dyn FnMut(&str, ArrayViewMutD<'_, Self::Elem>));

    /// Calls `f` with every leaf of `self` (mutable) beside the same leaf of `other`.
    ///
    /// **Panics** if `other` is not shaped like `self`.
    fn zip_mut(&mut self, other: &Self, path: &str, f: &mut ZipVisitor<'_, Self::Elem>);

    /// Calls `f` with every leaf of `self` (mutable) beside the same leaf of `other`, like
    /// [`Params::zip_mut`] but without building the leaves' paths, so that it allocates nothing:
    /// the walk of an optimizer's step. Returns `false`, having stopped before it, at the first
    /// leaf whose shape differs from its partner's; [`Params::zip_mut`] then names that leaf.
    ///
    /// The default calls [`Params::zip_mut`], which panics on a mismatch.
    ///
    /// ```
    /// use adjoint_runtime::Params;
    /// use ndarray::{array, Array1};
    /// let mut p = (array![1.0_f64, 2.0], 3.0_f64);
    /// assert!(p.try_zip_mut(&(array![1.0, 1.0], 1.0), &mut |mut p, g| p += &g));
    /// assert_eq!(p, (array![2.0, 3.0], 4.0));
    /// assert!(!p.try_zip_mut(&(Array1::zeros(3), 1.0), &mut |_, _| unreachable!()));
    /// ```
    #[must_use]
    fn try_zip_mut(&mut self, other: &Self, f: &mut LeafZip<'_, Self::Elem>) -> bool {
        self.zip_mut(other, "", &mut |_, mine, theirs| f(mine, theirs));
        true
    }

    /// Whether the field `field` of this struct is a constant (`#[params(skip)]`): read by a
    /// differentiable function but never differentiated or updated. `false` for anything but a
    /// derived struct.
    fn is_constant_field(&self, field: &str) -> bool {
        let _ = field;
        false
    }

    /// Like [`zeros_like`](Params::zeros_like), but a leaf may be left empty, holding no memory,
    /// for a caller that puts every leaf it computes in place and then calls
    /// [`fill_unwritten`](Params::fill_unwritten). Generated gradients use it so that a model's
    /// gradient is not first allocated as zeros and then overwritten.
    ///
    /// ```
    /// use adjoint_runtime::Params;
    /// use ndarray::{array, Array1};
    ///
    /// let p = (array![1.0, 2.0], 3.0);
    /// let mut g = p.unfilled_like();
    /// g.1 = 5.0;
    /// g.fill_unwritten(&p);
    /// assert_eq!(g, (Array1::zeros(2), 5.0));
    /// ```
    fn unfilled_like(&self) -> Self {
        self.zeros_like()
    }

    /// Gives zeros shaped like the same leaf of `like` to every leaf that
    /// [`unfilled_like`](Params::unfilled_like) left empty and nothing wrote since.
    fn fill_unwritten(&mut self, like: &Self) {
        let _ = like;
    }

    /// Gives the leaves' storage back to the installed [`Workspace`](crate::Workspace), for the
    /// next computation to reuse; without one, the same as dropping `self`. Generated code calls
    /// it on the values and adjoints it no longer needs.
    ///
    /// The default drops: a type that holds no arrays has nothing to give back.
    ///
    /// ```
    /// use adjoint_runtime::{Params, Workspace};
    /// use adjoint_runtime::workspace::install;
    /// use ndarray::array;
    /// let mut ws = Workspace::new();
    /// {
    ///     let _pool = install(&mut ws);
    ///     (array![1.0_f32, 2.0], vec![array![3.0_f32]], 4.0_f32).recycle();
    /// }
    /// assert_eq!(ws.buffers(), 2);
    /// ```
    fn recycle(self) {}

    /// Sets every leaf to zero in place, allocating nothing: what a training loop does to the
    /// gradients that `NAME_grad_into` adds into, before each batch (PyTorch's `zero_grad`).
    ///
    /// The default goes through [`Params::visit_mut`], which builds the leaves' paths; the
    /// runtime's types and `#[derive(Params)]` override it with a walk that builds none.
    ///
    /// ```
    /// use adjoint_runtime::Params;
    /// use ndarray::array;
    /// let mut g = (array![1.0, 2.0], 3.0_f64);
    /// g.set_zero();
    /// assert_eq!(g, (array![0.0, 0.0], 0.0));
    /// ```
    fn set_zero(&mut self) {
        self.visit_mut("", &mut |_, mut leaf| {
            leaf.fill(<Self::Elem as num_traits::Zero>::zero())
        });
    }

    /// The first leaf at which `other` is not shaped like `self`, if any, with its path: how
    /// generated code names the field of a gradient, tangent or cotangent that does not fit its
    /// value. It allocates nothing unless the shapes differ.
    ///
    /// The default compares the leaves that [`Params::visit`] reports, building their paths; the
    /// runtime's types and `#[derive(Params)]` override it with a walk that builds none.
    ///
    /// ```
    /// use adjoint_runtime::Params;
    /// use ndarray::{array, Array1};
    /// let p = (array![1.0_f64, 2.0], 3.0_f64);
    /// assert!(p.shape_mismatch(&p.zeros_like()).is_none());
    /// let wrong = p.shape_mismatch(&(Array1::zeros(3), 0.0)).unwrap();
    /// assert_eq!(wrong.to_string(), "`.0` has shape [3] where [2] is expected");
    /// ```
    fn shape_mismatch(&self, other: &Self) -> Option<ShapeMismatch> {
        let mut mine = Vec::new();
        self.visit("", &mut |path, leaf| {
            mine.push((path.to_owned(), leaf.shape().to_vec()))
        });
        let mut theirs = Vec::new();
        other.visit("", &mut |path, leaf| {
            theirs.push((path.to_owned(), leaf.shape().to_vec()))
        });
        let differs = mine.iter().zip(&theirs).find(|(a, b)| a != b);
        match differs {
            Some(((path, expected), (_, found))) => {
                let mut mismatch = ShapeMismatch::shapes(expected, found);
                mismatch.path = path
                    .split('.')
                    .filter(|p| !p.is_empty())
                    .rev()
                    .map(str::to_owned)
                    .collect();
                Some(mismatch)
            }
            None if mine.len() != theirs.len() => {
                Some(ShapeMismatch::lengths(mine.len(), theirs.len()))
            }
            None => None,
        }
    }

    /// The number of scalar parameters.
    fn num_params(&self) -> usize {
        let mut n = 0;
        self.visit("", &mut |_, leaf| n += leaf.len());
        n
    }
}

/// What [`Params::zip_mut`] calls for each leaf: the path, the leaf of `self` and the leaf of `other`.
pub type ZipVisitor<'a, E> = dyn FnMut(&str, ArrayViewMutD<'_, E>, ArrayViewD<'_, E>) + 'a;

/// What [`Params::try_zip_mut`] calls for each leaf: the leaf of `self` and the leaf of `other`.
pub type LeafZip<'a, E> = dyn FnMut(ArrayViewMutD<'_, E>, ArrayViewD<'_, E>) + 'a;

/// Joins a parent path and a child name with a dot (`"hidden" + "w"` → `"hidden.w"`).
pub fn join_path(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

/// A gradient, tangent or cotangent that is not shaped like the value it belongs to: the path
/// of the first leaf that differs, and the two shapes. What [`Params::shape_mismatch`] and
/// [`Differentiable::tangent_mismatch`] report; it prints as
/// "`.hidden.w` has shape [4, 4] where [3, 4] is expected".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeMismatch {
    /// The path's names, innermost first (they are added while the walk returns).
    path: Vec<String>,
    expected: Vec<usize>,
    found: Vec<usize>,
    /// Whether the shapes are the lengths of two `Vec`s.
    lengths: bool,
}

impl ShapeMismatch {
    /// Two leaves of different shapes.
    pub fn shapes(expected: &[usize], found: &[usize]) -> Self {
        ShapeMismatch {
            path: Vec::new(),
            expected: expected.to_vec(),
            found: found.to_vec(),
            lengths: false,
        }
    }

    /// Two `Vec`s of different lengths.
    pub fn lengths(expected: usize, found: usize) -> Self {
        ShapeMismatch {
            path: Vec::new(),
            expected: vec![expected],
            found: vec![found],
            lengths: true,
        }
    }

    /// The same mismatch one level up, inside the field, element or tuple member `name`.
    #[must_use]
    pub fn inside(mut self, name: impl std::fmt::Display) -> Self {
        self.path.push(name.to_string());
        self
    }

    /// The shapes of the leaf: what the value has, and what was found instead.
    pub fn shapes_of(&self) -> (&[usize], &[usize]) {
        (&self.expected, &self.found)
    }

    /// Whether the shapes are the lengths of two `Vec`s.
    pub fn is_length(&self) -> bool {
        self.lengths
    }

    /// The path of the leaf from the value's root, as `.hidden.w` or `.layers.2.b` (empty for the
    /// value itself).
    pub fn path(&self) -> String {
        self.path
            .iter()
            .rev()
            .map(|name| format!(".{name}"))
            .collect()
    }
}

impl std::fmt::Display for ShapeMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path();
        let what = if path.is_empty() {
            "the value".to_owned()
        } else {
            format!("`{path}`")
        };
        if self.lengths {
            write!(
                f,
                "{what} has {} elements where {} are expected",
                self.found[0], self.expected[0]
            )
        } else {
            write!(
                f,
                "{what} has shape {:?} where {:?} is expected",
                self.found, self.expected
            )
        }
    }
}

impl<F: Float> Params for F {
    type Elem = F;
    fn zeros_like(&self) -> Self {
        F::zero()
    }
    fn accumulate(&mut self, other: &Self) {
        *self += *other;
    }
    fn set_zero(&mut self) {
        *self = F::zero();
    }
    fn visit(&self, path: &str, f: &mut dyn FnMut(&str, ArrayViewD<'_, F>)) {
        f(path, scalar_view(self));
    }
    fn visit_mut(&mut self, path: &str, f: &mut dyn FnMut(&str, ArrayViewMutD<'_, F>)) {
        f(path, scalar_view_mut(self));
    }
    fn zip_mut(&mut self, other: &Self, path: &str, f: &mut ZipVisitor<'_, F>) {
        f(path, scalar_view_mut(self), scalar_view(other));
    }
    fn shape_mismatch(&self, _other: &Self) -> Option<ShapeMismatch> {
        None
    }
    fn try_zip_mut(&mut self, other: &Self, f: &mut LeafZip<'_, F>) -> bool {
        f(scalar_view_mut(self), scalar_view(other));
        true
    }
}

/// A float as a 0-dimensional array view.
fn scalar_view<F>(x: &F) -> ArrayViewD<'_, F> {
    ArrayViewD::from_shape(IxDyn(&[]), std::slice::from_ref(x)).expect("a scalar is a 0-d view")
}

/// A float as a mutable 0-dimensional array view.
fn scalar_view_mut<F>(x: &mut F) -> ArrayViewMutD<'_, F> {
    ArrayViewMutD::from_shape(IxDyn(&[]), std::slice::from_mut(x)).expect("a scalar is a 0-d view")
}

macro_rules! float_differentiable {
    ($($f:ty),*) => {$(
        impl Differentiable for $f {
            type Tangent = $f;
            fn zero_tangent(&self) -> $f {
                0.0
            }
            fn tangent_mismatch(&self, _tangent: &$f) -> Option<ShapeMismatch> {
                None
            }
        }
    )*};
}
float_differentiable!(f32, f64);

impl<F: Float, D: Dimension> Params for Array<F, D> {
    type Elem = F;
    fn zeros_like(&self) -> Self {
        workspace::zeros(self.raw_dim())
    }
    fn recycle(self) {
        workspace::recycle_array(self);
    }
    fn set_zero(&mut self) {
        crate::bands::in_bands(self.view_mut(), &|mut band| band.fill(F::zero()));
    }
    fn unfilled_like(&self) -> Self {
        Array::zeros(D::zeros(self.ndim()))
    }
    fn fill_unwritten(&mut self, like: &Self) {
        if self.is_empty() && !like.is_empty() {
            *self = like.zeros_like();
        }
    }
    #[track_caller]
    fn accumulate(&mut self, other: &Self) {
        assert_eq!(
            self.shape(),
            other.shape(),
            "adjoint: cannot accumulate gradients of shapes {:?} and {:?}",
            self.shape(),
            other.shape()
        );
        // Large gradients in bands of rows, on the threads of large products.
        crate::bands::zip_in_bands(self.view_mut(), other.view(), &|mut sum, other| {
            sum += &other;
        });
    }
    fn visit(&self, path: &str, f: &mut dyn FnMut(&str, ArrayViewD<'_, F>)) {
        f(path, self.view().into_dyn());
    }
    fn visit_mut(&mut self, path: &str, f: &mut dyn FnMut(&str, ArrayViewMutD<'_, F>)) {
        f(path, self.view_mut().into_dyn());
    }
    #[track_caller]
    fn zip_mut(&mut self, other: &Self, path: &str, f: &mut ZipVisitor<'_, F>) {
        assert_eq!(
            self.shape(),
            other.shape(),
            "adjoint: parameter `{path}` has shape {:?} but its partner has shape {:?}",
            self.shape(),
            other.shape()
        );
        f(path, self.view_mut().into_dyn(), other.view().into_dyn());
    }
    fn try_zip_mut(&mut self, other: &Self, f: &mut LeafZip<'_, F>) -> bool {
        if self.shape() != other.shape() {
            return false;
        }
        f(self.view_mut().into_dyn(), other.view().into_dyn());
        true
    }
    fn shape_mismatch(&self, other: &Self) -> Option<ShapeMismatch> {
        (self.shape() != other.shape()).then(|| ShapeMismatch::shapes(self.shape(), other.shape()))
    }
}

impl<T: Params> Params for Vec<T> {
    type Elem = T::Elem;
    fn recycle(self) {
        self.into_iter().for_each(Params::recycle);
    }
    fn set_zero(&mut self) {
        self.iter_mut().for_each(Params::set_zero);
    }
    fn zeros_like(&self) -> Self {
        self.iter().map(Params::zeros_like).collect()
    }
    fn unfilled_like(&self) -> Self {
        self.iter().map(Params::unfilled_like).collect()
    }
    fn fill_unwritten(&mut self, like: &Self) {
        for (mine, theirs) in self.iter_mut().zip(like) {
            mine.fill_unwritten(theirs);
        }
    }
    #[track_caller]
    fn accumulate(&mut self, other: &Self) {
        assert_eq!(
            self.len(),
            other.len(),
            "adjoint: cannot accumulate gradients of Vecs of lengths {} and {}",
            self.len(),
            other.len()
        );
        for (mine, theirs) in self.iter_mut().zip(other) {
            mine.accumulate(theirs);
        }
    }
    fn visit(&self, path: &str, f: &mut dyn FnMut(&str, ArrayViewD<'_, T::Elem>)) {
        for (i, item) in self.iter().enumerate() {
            item.visit(&join_path(path, &i.to_string()), f);
        }
    }
    fn visit_mut(&mut self, path: &str, f: &mut dyn FnMut(&str, ArrayViewMutD<'_, T::Elem>)) {
        for (i, item) in self.iter_mut().enumerate() {
            item.visit_mut(&join_path(path, &i.to_string()), f);
        }
    }
    #[track_caller]
    fn zip_mut(&mut self, other: &Self, path: &str, f: &mut ZipVisitor<'_, T::Elem>) {
        assert_eq!(
            self.len(),
            other.len(),
            "adjoint: `{path}` has {} elements but its partner has {}",
            self.len(),
            other.len()
        );
        for (i, (mine, theirs)) in self.iter_mut().zip(other).enumerate() {
            mine.zip_mut(theirs, &join_path(path, &i.to_string()), f);
        }
    }
    fn try_zip_mut(&mut self, other: &Self, f: &mut LeafZip<'_, T::Elem>) -> bool {
        self.len() == other.len()
            && self
                .iter_mut()
                .zip(other)
                .all(|(mine, theirs)| mine.try_zip_mut(theirs, f))
    }
    fn shape_mismatch(&self, other: &Self) -> Option<ShapeMismatch> {
        if self.len() != other.len() {
            return Some(ShapeMismatch::lengths(self.len(), other.len()));
        }
        self.iter()
            .zip(other)
            .enumerate()
            .find_map(|(i, (mine, theirs))| Some(mine.shape_mismatch(theirs)?.inside(i)))
    }
}

macro_rules! tuple_params {
    ($(($($t:ident $i:tt),+))*) => {$(
        impl<E: Float, $($t: Params<Elem = E>),+> Params for ($($t,)+) {
            type Elem = E;
            fn zeros_like(&self) -> Self {
                ($(self.$i.zeros_like(),)+)
            }
            fn accumulate(&mut self, other: &Self) {
                $(self.$i.accumulate(&other.$i);)+
            }
            fn recycle(self) {
                $(self.$i.recycle();)+
            }
            fn set_zero(&mut self) {
                $(self.$i.set_zero();)+
            }
            fn visit(&self, path: &str, f: &mut dyn FnMut(&str, ArrayViewD<'_, E>)) {
                $(self.$i.visit(&join_path(path, stringify!($i)), f);)+
            }
            fn visit_mut(&mut self, path: &str, f: &mut dyn FnMut(&str, ArrayViewMutD<'_, E>)) {
                $(self.$i.visit_mut(&join_path(path, stringify!($i)), f);)+
            }
            fn zip_mut(
                &mut self,
                other: &Self,
                path: &str,
                f: &mut ZipVisitor<'_, E>,
            ) {
                $(self.$i.zip_mut(&other.$i, &join_path(path, stringify!($i)), f);)+
            }
            fn try_zip_mut(&mut self, other: &Self, f: &mut LeafZip<'_, E>) -> bool {
                true $(&& self.$i.try_zip_mut(&other.$i, f))+
            }
            fn shape_mismatch(&self, other: &Self) -> Option<ShapeMismatch> {
                $(if let Some(mismatch) = self.$i.shape_mismatch(&other.$i) {
                    return Some(mismatch.inside(stringify!($i)));
                })+
                None
            }
        }

        impl<E: Float, $($t: Differentiable<Tangent: Params<Elem = E>>),+> Differentiable for ($($t,)+) {
            type Tangent = ($($t::Tangent,)+);
            fn zero_tangent(&self) -> Self::Tangent {
                ($(self.$i.zero_tangent(),)+)
            }
            fn tangent_mismatch(&self, tangent: &Self::Tangent) -> Option<ShapeMismatch> {
                $(if let Some(mismatch) = self.$i.tangent_mismatch(&tangent.$i) {
                    return Some(mismatch.inside(stringify!($i)));
                })+
                None
            }
        }
    )*};
}
tuple_params! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, G 4)
    (A 0, B 1, C 2, D 3, G 4, H 5)
    (A 0, B 1, C 2, D 3, G 4, H 5, I 6)
    (A 0, B 1, C 2, D 3, G 4, H 5, I 6, J 7)
}

/// A type whose values can be differentiated, and the type of their gradient.
///
/// Floats are their own tangent; every array (owned, view, behind a reference) has an owned
/// array of the same shape as tangent; a `Params` struct is its own tangent.
///
/// ```
/// use adjoint_runtime::Differentiable;
/// use ndarray::{array, Array1};
/// let x = array![1.0_f32, 2.0];
/// let zero: Array1<f32> = x.view().zero_tangent();
/// assert_eq!(zero, array![0.0, 0.0]);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be differentiated",
    label = "adjoint differentiates floats, ndarray arrays and `#[derive(Params)]` structs",
    note = "list the arguments to differentiate with `#[differentiable(wrt(...))]` to leave this one out"
)]
pub trait Differentiable {
    /// The type of this value's gradient.
    type Tangent: Params;
    /// A zero gradient shaped like this value.
    fn zero_tangent(&self) -> Self::Tangent;
    /// A gradient whose leaves may be left empty until written
    /// ([`Params::unfilled_like`]); zeros unless the type says otherwise.
    fn unfilled_tangent(&self) -> Self::Tangent {
        self.zero_tangent()
    }
    /// Gives zeros to the leaves of `tangent` that [`unfilled_tangent`](Differentiable::unfilled_tangent)
    /// left empty and nothing wrote.
    fn fill_unwritten_tangent(&self, tangent: &mut Self::Tangent) {
        let _ = tangent;
    }
    /// The first leaf of `tangent` (a gradient, tangent or cotangent of this value) that is not
    /// shaped like the same leaf of `self`, if any. Generated functions check what their callers
    /// give them with it before using it. The default reports nothing: a type that implements
    /// this trait by hand checks its own shapes.
    fn tangent_mismatch(&self, tangent: &Self::Tangent) -> Option<ShapeMismatch> {
        let _ = tangent;
        None
    }
}

impl<F: Float, S: Data<Elem = F>, D: Dimension> Differentiable for ArrayBase<S, D> {
    type Tangent = Array<F, D>;
    fn zero_tangent(&self) -> Array<F, D> {
        workspace::zeros(self.raw_dim())
    }
    fn tangent_mismatch(&self, tangent: &Array<F, D>) -> Option<ShapeMismatch> {
        (self.shape() != tangent.shape())
            .then(|| ShapeMismatch::shapes(self.shape(), tangent.shape()))
    }
}

impl<T: Differentiable + ?Sized> Differentiable for &T {
    type Tangent = T::Tangent;
    fn zero_tangent(&self) -> T::Tangent {
        (**self).zero_tangent()
    }
    fn unfilled_tangent(&self) -> T::Tangent {
        (**self).unfilled_tangent()
    }
    fn fill_unwritten_tangent(&self, tangent: &mut T::Tangent) {
        (**self).fill_unwritten_tangent(tangent);
    }
    fn tangent_mismatch(&self, tangent: &T::Tangent) -> Option<ShapeMismatch> {
        (**self).tangent_mismatch(tangent)
    }
}

impl<T: Params + Differentiable<Tangent = T>> Differentiable for Vec<T> {
    type Tangent = Vec<T>;
    fn zero_tangent(&self) -> Vec<T> {
        self.zeros_like()
    }
    fn tangent_mismatch(&self, tangent: &Vec<T>) -> Option<ShapeMismatch> {
        self.shape_mismatch(tangent)
    }
}

/// The gradient type of a value of type `T`.
pub type Tangent<T> = <T as Differentiable>::Tangent;

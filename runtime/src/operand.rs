//! What a primitive operation reads: a float or an ndarray array, behind any number of
//! references, or taken by value.

use ndarray::{Array, ArrayBase, ArrayRef, Data, Dimension};

use crate::{Float, workspace};

/// Reduces a value that an operation reads to its operand: a float or an [`ArrayRef`].
///
/// A rule reads its operands through this trait whatever the caller wrote (`x`, `&x`, `&&x`, a
/// view, an owned array), so the references are stripped here once, instead of in every rule.
///
/// ```
/// use adjoint_runtime::AsOperand;
/// use ndarray::array;
/// let a = array![1.0, 2.0];
/// let r = &&a;
/// assert_eq!(r.as_operand().len(), 2);
/// assert_eq!(*(&&3.0_f64).as_operand(), 3.0);
/// ```
pub trait AsOperand {
    /// The operand behind the references: `f32`, `f64` or `ArrayRef<F, D>`.
    type Target: ?Sized;
    /// Borrows the operand.
    fn as_operand(&self) -> &Self::Target;
}

macro_rules! scalar_operand {
    ($($f:ty),*) => {$(
        impl AsOperand for $f {
            type Target = $f;
            fn as_operand(&self) -> &$f {
                self
            }
        }
    )*};
}
scalar_operand!(f32, f64);

impl<F: Float, S: Data<Elem = F>, D: Dimension> AsOperand for ArrayBase<S, D> {
    type Target = ArrayRef<F, D>;
    fn as_operand(&self) -> &ArrayRef<F, D> {
        self
    }
}

impl<F: Float, D: Dimension> AsOperand for ArrayRef<F, D> {
    type Target = ArrayRef<F, D>;
    fn as_operand(&self) -> &ArrayRef<F, D> {
        self
    }
}

impl<T: AsOperand + ?Sized> AsOperand for &T {
    type Target = T::Target;
    fn as_operand(&self) -> &T::Target {
        (**self).as_operand()
    }
}

/// The operand of type `A` once its references are stripped.
pub type Operand<A> = <A as AsOperand>::Target;

/// The element type of an operand: the float itself, or an array's element.
pub trait HasElem {
    /// `f32` or `f64`.
    type Elem: Float;
}

impl<F: Float> HasElem for F {
    type Elem = F;
}

impl<F: Float, D: Dimension> HasElem for ArrayRef<F, D> {
    type Elem = F;
}

/// The element type of the operand of type `A`.
pub type Elem<A> = <Operand<A> as HasElem>::Elem;

/// The owned form of an operand: the float itself, or an [`Array`] for an [`ArrayRef`]; what a
/// function that takes its operand by value can compute in.
pub trait HasOwned {
    /// `f32`, `f64` or `Array<F, D>`.
    type Owned;
    /// Gives an owned operand's memory back to the installed workspace (nothing for a float).
    fn recycle_owned(owned: Self::Owned);
}

impl<F: Float> HasOwned for F {
    type Owned = F;
    fn recycle_owned(_: F) {}
}

impl<F: Float, D: Dimension> HasOwned for ArrayRef<F, D> {
    type Owned = Array<F, D>;
    fn recycle_owned(owned: Array<F, D>) {
        workspace::recycle_array(owned);
    }
}

/// The owned form of the operand of type `A`.
pub type Owned<A> = <Operand<A> as HasOwned>::Owned;

/// An operand taken by value: a reference to one (`&x`), a view (`x.view()`), an owned array
/// (`x.dot(&w) + &b`) or a float.
///
/// A function that takes its operand this way reads it with [`AsOperand::as_operand`] and, when
/// the caller gave up an array it owns, may write its result into that array's memory instead
/// of allocating another ([`into_owned_operand`](IntoOperand::into_owned_operand)).
///
/// ```
/// use adjoint_runtime::IntoOperand;
/// use ndarray::array;
/// let a = array![1.0, 2.0];
/// assert!((&a).into_owned_operand().is_err()); // a reference: read only
/// assert!(a.view().into_owned_operand().is_err()); // a view: read only
/// assert_eq!(a.into_owned_operand().unwrap(), array![1.0, 2.0]); // owned: given up
/// assert_eq!(3.0_f64.into_owned_operand().unwrap(), 3.0);
/// ```
pub trait IntoOperand: AsOperand + Sized
where
    Self::Target: HasOwned,
{
    /// The operand itself when `self` owns it and can give it up without a copy (an [`Array`],
    /// an `ArcArray` held once, a float), else `self` unchanged (a reference, a view).
    fn into_owned_operand(self) -> Result<Owned<Self>, Self>;
}

macro_rules! scalar_into_operand {
    ($($f:ty),*) => {$(
        impl IntoOperand for $f {
            fn into_owned_operand(self) -> Result<$f, $f> {
                Ok(self)
            }
        }
    )*};
}
scalar_into_operand!(f32, f64);

impl<F: Float, S: Data<Elem = F>, D: Dimension> IntoOperand for ArrayBase<S, D> {
    fn into_owned_operand(self) -> Result<Array<F, D>, Self> {
        self.try_into_owned_nocopy()
    }
}

impl<T: AsOperand + ?Sized> IntoOperand for &T
where
    T::Target: HasOwned,
{
    fn into_owned_operand(self) -> Result<Owned<Self>, Self> {
        Err(self)
    }
}

/// Done with an argument taken by value: an array the caller gave up goes back to the installed
/// workspace (a function that reads its argument without computing in it ends with this, so that
/// generated code, which copies such an argument from the workspace, takes nothing it does not
/// give back).
pub(crate) fn release<A: IntoOperand>(a: A)
where
    Operand<A>: HasOwned,
{
    if let Ok(owned) = a.into_owned_operand() {
        <Operand<A> as HasOwned>::recycle_owned(owned);
    }
}

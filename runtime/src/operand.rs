//! What a primitive operation reads: a float or an ndarray array, behind any number of references.

use ndarray::{ArrayBase, ArrayRef, Data, Dimension};

use crate::Float;

/// Reduces a value that an operation reads to its operand: a float or an [`ArrayRef`].
///
/// Generated code passes every operand by reference, whatever the user wrote (`x`, `&x`, a view,
/// an owned array), so the runtime strips the references here once, instead of in every rule.
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

//! Copies, views and single elements of an operand.

use ndarray::{Array, ArrayRef, ArrayView, Dimension};

use crate::{AsOperand, Float, Operand, Params};

/// An operand that can be copied into an owned value (`to_owned`, `clone`).
pub trait CopyOperand {
    /// The owned copy, which is also the adjoint's type.
    type Owned: Params;
    /// An owned copy.
    fn copy_owned(&self) -> Self::Owned;
}

impl<F: Float> CopyOperand for F {
    type Owned = F;
    fn copy_owned(&self) -> F {
        *self
    }
}

impl<F: Float, D: Dimension> CopyOperand for ArrayRef<F, D> {
    type Owned = Array<F, D>;
    fn copy_owned(&self) -> Array<F, D> {
        self.to_owned()
    }
}

/// The owned type of a copy of `A`.
pub type Owned<A> = <Operand<A> as CopyOperand>::Owned;

/// `a.to_owned()` / `a.clone()`: an owned copy.
pub fn to_owned<A: AsOperand + ?Sized>(a: &A) -> Owned<A>
where
    Operand<A>: CopyOperand,
{
    a.as_operand().copy_owned()
}

/// The adjoint of `a` in `y = a.to_owned()`: the identity, `g` itself.
pub fn to_owned_vjp<A: AsOperand + ?Sized>(g: &Owned<A>, _a: &A, _y: &Owned<A>) -> Owned<A>
where
    Operand<A>: CopyOperand,
    Owned<A>: Clone,
{
    g.clone()
}

/// `a.view()`.
pub fn view<'a, F: Float, D: Dimension + 'a, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &'a A,
) -> ArrayView<'a, F, D> {
    a.as_operand().view()
}

/// The adjoint of `a` in `y = a.view()`: the identity.
pub fn view_vjp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    g: &Array<F, D>,
    _a: &A,
    _y: &ArrayView<'_, F, D>,
) -> Array<F, D> {
    g.clone()
}

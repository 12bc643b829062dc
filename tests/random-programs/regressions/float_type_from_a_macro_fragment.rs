//! A float parameter whose type is a `macro_rules!` `$F:ty` fragment is rejected: "this
//! parameter type cannot be differentiated" (the type arrives as an invisible group,
//! `Type::Group`, which is not looked through). `&Array2<$F>` works, and so does `$F:ident`.
//! Found writing the f32/f64 twins of tests/robustness.rs.
use adjoint::prelude::*;

macro_rules! twin {
    ($m:ident, $F:ty) => {
        mod $m {
            use super::*;

            #[differentiable]
            pub fn square(x: $F) -> $F {
                x * x
            }
        }
    };
}

twin!(single, f32);
twin!(double, f64);

fn main() {
    assert_eq!(single::square_grad(3.0), (9.0, 6.0));
    assert_eq!(double::square_grad(3.0), (9.0, 6.0));
}

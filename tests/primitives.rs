use adjoint::ndarray::{Array1, Array2, Axis};
use adjoint::prelude::*;

macro_rules! suite {
    ($F:ident) => {
        use super::*;
        #[differentiable]
        pub fn f(x: $F, y: $F) -> $F {
            let z = x * y + 1.0;
            z.sin() * x
        }
        #[differentiable]
        pub fn g(a: &Array2<$F>, b: &Array1<$F>) -> Array2<$F> {
            (a + b).exp() * 2.0
        }
        #[differentiable]
        pub fn h(a: &Array2<$F>, n: usize) -> $F {
            a.sum_axis(Axis(0)).sum() * n as $F
        }
    };
}
mod f64s {
    suite!(f64);
}
mod f32s {
    suite!(f32);
}

#[test]
fn probe() {
    let (v, (dx, dy)) = f64s::f_grad(0.5, 0.25);
    println!("{v} {dx} {dy}");
    let (v, (dx, dy)) = f32s::f_grad(0.5, 0.25);
    println!("{v} {dx} {dy}");
    let a = Array2::<f32>::ones((2, 3));
    let b = Array1::<f32>::ones(3);
    let (v, (da, db)) = f32s::g_vjp(&a, &b, &Array2::ones((2, 3)));
    println!("{v} {da} {db}");
    println!("{:?}", f64s::h_grad(&Array2::ones((2, 3)), 3));
}

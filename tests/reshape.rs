//! Arrays reshaped and built from parts inside differentiable functions: `insert_axis`,
//! `permuted_axes`, `into_shape_with_order(..).unwrap()`, `to_shape(..).unwrap()`,
//! `broadcast(..).unwrap()`, `concatenate`, `stack` (functions and macros) and `array![..]`.
//!
//! Each function's `_vjp` is compared with central differences along a fixed cotangent, and its
//! `_jvp` with central differences along a fixed direction, in `f64` and `f32`; the values they
//! return must equal the original function's bit for bit. Bad shapes panic naming the operation.

use adjoint::check::{check_jvp, check_vjp};
use adjoint::ndarray::{
    Array1, Array2, Array3, ArrayView2, Axis, IxDyn, Order, array, concatenate, stack,
};
use adjoint::prelude::*;

/// A value shaped like `p` filled with `offset + k/17` for integers `k` from `seed`: points
/// without ties closer than `1/17`.
fn filled<P: Params>(p: &P, offset: f64, seed: usize) -> P {
    let mut out = p.zeros_like();
    let mut i = 0;
    out.visit_mut("", &mut |_, mut leaf| {
        for v in leaf.iter_mut() {
            *v = P::Elem::from_f64_lossy(offset + ((seed * 7 + i * 5) % 17) as f64 / 17.0);
            i += 1;
        }
    });
    out
}

/// Checks a function of the point `at` through its VJP and its JVP.
#[track_caller]
fn check<P, O>(
    name: &str,
    at: P,
    f: impl Fn(&P) -> O,
    vjp: impl Fn(&P, &O) -> (O, P),
    jvp: impl Fn(&P, &P) -> (O, O),
) where
    P: Params + Clone,
    O: Params<Elem = P::Elem> + Clone + PartialEq + std::fmt::Debug,
{
    let value = f(&at);
    let cotangent = filled(&value, -0.5, 3);
    let (out, gradient) = vjp(&at, &cotangent);
    assert_eq!(out, value, "{name}: the VJP's value");
    let report = check_vjp(&f, &at, &cotangent, &gradient);
    assert!(report.is_ok(), "{name}: VJP\n{report}");
    let direction = filled(&at, -0.5, 5);
    let (out, tangent) = jvp(&at, &direction);
    assert_eq!(out, value, "{name}: the JVP's value");
    let report = check_jvp(&f, &at, &direction, &tangent);
    assert!(report.is_ok(), "{name}: JVP\n{report}");
}

macro_rules! suite {
    ($F:ident) => {
        use super::*;

        type F = $F;

        #[differentiable]
        fn insert_axis_owned(a: &Array2<F>) -> Array3<F> {
            a.to_owned().insert_axis(Axis(1)) * 2.0
        }
        #[differentiable]
        fn insert_axis_view(a: &Array2<F>) -> Array3<F> {
            a.view().insert_axis(Axis(0)).sin()
        }
        #[differentiable]
        fn permuted_owned(a: &Array3<F>) -> Array3<F> {
            a.to_owned().permuted_axes([2, 0, 1]).sin()
        }
        #[differentiable]
        fn permuted_view(a: &Array3<F>, w: &Array2<F>) -> Array2<F> {
            let p = a.view().permuted_axes((1, 2, 0));
            p.sum_axis(Axis(2)).dot(w)
        }
        #[differentiable]
        fn reshape_owned(a: &Array2<F>) -> Array1<F> {
            (a * 2.0).into_shape_with_order(6).unwrap().exp()
        }
        #[differentiable]
        fn reshape_view_column_major(a: &Array2<F>) -> Array2<F> {
            let r = a
                .t()
                .into_shape_with_order(((2, 3), Order::ColumnMajor))
                .expect("a transposed view is column-major");
            &r * 3.0
        }
        #[differentiable]
        fn reshape_dynamic(a: &Array2<F>) -> F {
            let n = a.len();
            let flat = a.to_owned().into_shape_with_order(IxDyn(&[n])).unwrap();
            (&flat * &flat).sum()
        }
        #[differentiable]
        fn to_shape_transposed(a: &Array2<F>) -> Array1<F> {
            a.t().to_shape(6).unwrap().to_owned() * a.sum()
        }
        #[differentiable]
        fn to_shape_into_matrix(v: &Array1<F>) -> Array2<F> {
            let m = v.to_shape((3, 2)).unwrap();
            m.dot(&m.t())
        }
        #[differentiable]
        fn broadcast_row(v: &Array1<F>, a: &Array2<F>) -> Array2<F> {
            a * &v.broadcast((3, 4)).unwrap()
        }
        #[differentiable]
        fn broadcast_column(k: &Array2<F>) -> F {
            let b = k.broadcast((2, 3, 4)).expect("fits");
            (&b * &b).sum()
        }
        #[differentiable]
        fn concatenate_function(a: &Array2<F>, b: &Array2<F>) -> Array2<F> {
            concatenate(Axis(0), &[a.view(), b.view()]).unwrap() * 2.0
        }
        #[differentiable]
        fn concatenate_macro(a: &Array2<F>, b: &Array2<F>) -> Array2<F> {
            adjoint::ndarray::concatenate![Axis(1), a.view(), b.tanh(), a.view()]
        }
        #[differentiable]
        fn concatenate_with_a_constant(a: &Array1<F>) -> Array1<F> {
            let ones = Array1::<F>::ones(2);
            concatenate(Axis(0), &[ones.view(), a.view()]).unwrap().sin()
        }
        #[differentiable]
        fn stack_function(a: &Array1<F>, b: &Array1<F>) -> Array2<F> {
            stack(Axis(1), &[a.view(), b.view()]).unwrap()
        }
        #[differentiable]
        fn stack_macro(a: &Array2<F>, b: &Array2<F>) -> Array3<F> {
            adjoint::ndarray::stack![Axis(0), a.sin(), b.view(), a.view()]
        }
        #[differentiable]
        fn array_1d(x: F, y: F) -> Array1<F> {
            array![x * y, 2.0, y.sin()]
        }
        #[differentiable]
        fn array_literals_first(x: F) -> Array1<F> {
            array![1.0, 2.0, x]
        }
        #[differentiable]
        fn array_2d(x: F, y: F) -> Array2<F> {
            array![[x, y], [0.5, x * y]]
        }
        #[differentiable]
        fn array_in_a_loss(w: &Array1<F>, x: F) -> F {
            let features = array![x, x * x, 1.0];
            (w * &features).sum()
        }

        #[test]
        fn one_operand() {
            let a = array![[0.3, -0.7, 1.1], [0.5, 0.2, -0.4]].mapv(|v: f64| v as F);
            let a3 = Array3::from_shape_fn((2, 3, 4), |(i, j, k)| {
                ((i * 12 + j * 4 + k) as F / 7.0).sin()
            });
            let w = Array2::from_shape_fn((4, 2), |(i, j)| (i as F) - 0.3 * (j as F));
            let v6 = Array1::from_shape_fn(6, |i| (i as F) / 5.0 - 0.4);
            check("insert_axis_owned", a.clone(), |a| insert_axis_owned(a),
                |a, c| insert_axis_owned_vjp(a, c), |a, d| insert_axis_owned_jvp(a, d));
            check("insert_axis_view", a.clone(), |a| insert_axis_view(a),
                |a, c| insert_axis_view_vjp(a, c), |a, d| insert_axis_view_jvp(a, d));
            check("permuted_owned", a3.clone(), |a| permuted_owned(a),
                |a, c| permuted_owned_vjp(a, c), |a, d| permuted_owned_jvp(a, d));
            check("permuted_view", (a3.clone(), w.clone()),
                |p| permuted_view(&p.0, &p.1),
                |p, c| permuted_view_vjp(&p.0, &p.1, c),
                |p, d| permuted_view_jvp(&p.0, &p.1, &d.0, &d.1));
            check("reshape_owned", a.clone(), |a| reshape_owned(a),
                |a, c| reshape_owned_vjp(a, c), |a, d| reshape_owned_jvp(a, d));
            check("reshape_view_column_major", a.clone(), |a| reshape_view_column_major(a),
                |a, c| reshape_view_column_major_vjp(a, c),
                |a, d| reshape_view_column_major_jvp(a, d));
            check("reshape_dynamic", a.clone(), |a| reshape_dynamic(a),
                |a, c| reshape_dynamic_vjp(a, c), |a, d| reshape_dynamic_jvp(a, d));
            check("to_shape_transposed", a.clone(), |a| to_shape_transposed(a),
                |a, c| to_shape_transposed_vjp(a, c), |a, d| to_shape_transposed_jvp(a, d));
            check("to_shape_into_matrix", v6.clone(), |v| to_shape_into_matrix(v),
                |v, c| to_shape_into_matrix_vjp(v, c), |v, d| to_shape_into_matrix_jvp(v, d));
            let v4 = Array1::from_shape_fn(4, |i| 0.7 - (i as F) / 3.0);
            let m34 = Array2::from_shape_fn((3, 4), |(i, j)| ((i + 2 * j) as F).cos());
            check("broadcast_row", (v4, m34), |p| broadcast_row(&p.0, &p.1),
                |p, c| broadcast_row_vjp(&p.0, &p.1, c),
                |p, d| broadcast_row_jvp(&p.0, &p.1, &d.0, &d.1));
            let k = array![[0.4], [-1.2], [0.9]].mapv(|v: f64| v as F);
            check("broadcast_column", k, |k| broadcast_column(k),
                |k, c| broadcast_column_vjp(k, c), |k, d| broadcast_column_jvp(k, d));
            // `NAME_grad` of a float output agrees with the VJP.
            let (value, gradient) = broadcast_column_grad(&array![[1.0], [2.0], [3.0]]);
            assert_eq!(value, 2.0 * 4.0 * (1.0 + 4.0 + 9.0));
            assert_eq!(gradient, array![[16.0], [32.0], [48.0]]);
        }

        #[test]
        fn several_operands() {
            let a = array![[0.3, -0.7, 1.1], [0.5, 0.2, -0.4]].mapv(|v: f64| v as F);
            let b = Array2::from_shape_fn((3, 3), |(i, j)| ((i * 3 + j) as F / 4.0).sin());
            check("concatenate_function", (a.clone(), b), |p| concatenate_function(&p.0, &p.1),
                |p, c| concatenate_function_vjp(&p.0, &p.1, c),
                |p, d| concatenate_function_jvp(&p.0, &p.1, &d.0, &d.1));
            let c = Array2::from_shape_fn((2, 2), |(i, j)| (i as F) * 0.5 - (j as F) * 0.25);
            check("concatenate_macro", (a.clone(), c), |p| concatenate_macro(&p.0, &p.1),
                |p, g| concatenate_macro_vjp(&p.0, &p.1, g),
                |p, d| concatenate_macro_jvp(&p.0, &p.1, &d.0, &d.1));
            let u = array![0.2, -0.9, 1.3].mapv(|v: f64| v as F);
            check("concatenate_with_a_constant", u.clone(), |u| concatenate_with_a_constant(u),
                |u, g| concatenate_with_a_constant_vjp(u, g),
                |u, d| concatenate_with_a_constant_jvp(u, d));
            let t = array![0.6, 0.1, -0.5].mapv(|v: f64| v as F);
            check("stack_function", (u, t), |p| stack_function(&p.0, &p.1),
                |p, g| stack_function_vjp(&p.0, &p.1, g),
                |p, d| stack_function_jvp(&p.0, &p.1, &d.0, &d.1));
            let e = a.mapv(|v| v * v - 0.5);
            check("stack_macro", (a, e), |p| stack_macro(&p.0, &p.1),
                |p, g| stack_macro_vjp(&p.0, &p.1, g),
                |p, d| stack_macro_jvp(&p.0, &p.1, &d.0, &d.1));
        }

        #[test]
        fn array_of_floats() {
            let (x, y): (F, F) = (0.7, -1.3);
            check("array_1d", (x, y), |p| array_1d(p.0, p.1),
                |p, g| array_1d_vjp(p.0, p.1, g), |p, d| array_1d_jvp(p.0, p.1, &d.0, &d.1));
            check("array_literals_first", x, |x| array_literals_first(*x),
                |x, g| array_literals_first_vjp(*x, g), |x, d| array_literals_first_jvp(*x, d));
            check("array_2d", (x, y), |p| array_2d(p.0, p.1),
                |p, g| array_2d_vjp(p.0, p.1, g), |p, d| array_2d_jvp(p.0, p.1, &d.0, &d.1));
            let w = array![0.5, -2.0, 3.0].mapv(|v: f64| v as F);
            // d/dx (w₀x + w₁x² + w₂) = w₀ + 2w₁x
            let (value, (dw, dx)) = array_in_a_loss_grad(&w, x);
            assert_eq!(value, array_in_a_loss(&w, x));
            assert_eq!(dw, array![x, x * x, 1.0]);
            assert!((dx - (0.5 + 2.0 * -2.0 * x)).abs() < 1e-5, "{dx}");
        }

        #[test]
        #[should_panic(expected = "adjoint: into_shape_with_order: cannot reshape an array of shape [3, 3] (9 elements) into shape [6] (6 elements)")]
        fn a_reshape_to_another_size_names_the_operation() {
            let a = Array2::<F>::zeros((3, 3));
            let _ = reshape_owned_vjp(&a, &Array1::zeros(6));
        }

        #[test]
        #[should_panic(expected = "adjoint: concatenate: array 1 has shape [2, 3], which does not fit array 0 of shape [2, 2] outside Axis(0)")]
        fn concatenating_misshapen_arrays_names_the_operation() {
            let (a, b) = (Array2::<F>::zeros((2, 2)), Array2::<F>::zeros((2, 3)));
            let _ = concatenate_function_jvp(&a, &b, &a, &b);
        }

        #[test]
        #[should_panic(expected = "adjoint: broadcast: cannot broadcast an array of shape [2] to shape [3, 4]")]
        fn an_impossible_broadcast_names_the_operation() {
            let _ = broadcast_row_vjp(&Array1::<F>::zeros(2), &Array2::zeros((3, 4)), &Array2::zeros((3, 4)));
        }

        #[test]
        #[should_panic(expected = "adjoint: into_shape_with_order: cannot reshape a view of shape [2, 3] into shape [2, 3] in ColumnMajor order")]
        fn a_view_in_the_wrong_layout_names_the_operation() {
            let a = Array2::<F>::zeros((3, 2)).reversed_axes().as_standard_layout().to_owned();
            let _ = reshape_view_column_major_vjp(&a.t().to_owned(), &Array2::zeros((2, 3)));
        }
    };
}

mod f64s {
    suite!(f64);
}

mod f32s {
    suite!(f32);
}

/// A view argument joined with an owned intermediate: the join takes any mix.
#[differentiable]
fn mixed(a: ArrayView2<f64>, b: &Array2<f64>) -> f64 {
    let h = b.exp();
    let joined = concatenate(Axis(1), &[a, h.view()]).unwrap();
    joined.sum()
}

#[test]
fn views_and_owned_arrays_mix() {
    let a = array![[1.0, 2.0]];
    let b = array![[0.0]];
    let (value, (da, db)) = mixed_grad(a.view(), &b);
    assert_eq!(value, 4.0);
    assert_eq!(da, array![[1.0, 1.0]]);
    assert_eq!(db, array![[1.0]]);
}

#[path = "../runtime/tests/support/counting_allocator.rs"]
mod counting_allocator;

/// Every shape rule at once, for the allocation count of `NAME_grad_into`.
#[differentiable]
fn rearranged_loss(a: &Array2<f64>, b: &Array2<f64>, x: f64) -> f64 {
    let j = concatenate(Axis(0), &[a.view(), b.view()]).unwrap();
    let flat = j.to_shape(12).unwrap();
    let r = j.clone().into_shape_with_order((3, 4)).unwrap();
    let p = r.permuted_axes([1, 0]);
    let s = stack(Axis(0), &[a.view(), b.view()]).unwrap();
    let w = array![x, x * x, 1.0];
    let c = a
        .sum_axis(Axis(0))
        .insert_axis(Axis(0))
        .broadcast((4, 3))
        .unwrap()
        .to_owned();
    (&(&p * &c) * &w).sum() + s.sin().sum() + flat.dot(&flat)
}

/// After the first call, `NAME_grad_into` of the shape rules allocates nothing, and it adds
/// `NAME_grad`'s gradient.
#[test]
fn shape_rules_take_their_arrays_from_the_workspace() {
    let a = array![[0.3, -0.7, 1.1], [0.5, 0.2, -0.4]];
    let b = array![[0.1, 0.9, -0.2], [-0.6, 0.4, 0.8]];
    let x = 0.7;
    let (loss, grad) = rearranged_loss_grad(&a, &b, x);
    let report = adjoint::check::check_gradient(
        |p: &(Array2<f64>, Array2<f64>, f64)| rearranged_loss(&p.0, &p.1, p.2),
        &(a.clone(), b.clone(), x),
        &grad,
    );
    assert!(report.is_ok(), "{report}");
    let mut ws = adjoint::Workspace::new();
    let mut grads = (Array2::zeros((2, 3)), Array2::zeros((2, 3)), 0.0);
    assert_eq!(
        rearranged_loss_grad_into(&a, &b, x, &mut grads, &mut ws),
        loss
    );
    assert_eq!(grads, grad);
    rearranged_loss_grad_into(&a, &b, x, &mut grads, &mut ws);
    let (n, _) = counting_allocator::allocations(|| {
        rearranged_loss_grad_into(&a, &b, x, &mut grads, &mut ws)
    });
    assert_eq!(n, 0, "allocations per call after the first");
}

//! Element-wise closures (`x.mapv(|v| …)`, `mapv_into`, `map(|&v| …)`, `x.mapv(f64::exp)`):
//! values equal to the plain function's to the bit, gradients, tangents and Hessian-vector
//! products checked against central differences, for `f32` and `f64`, with differentiated
//! scalars read from the enclosing function and arrays of two dimensions.

#![deny(warnings)]

use adjoint::Workspace;
use adjoint::check::{check_gradient, check_hvp, check_jvp};
use adjoint::ndarray::{Array1, Array2, Zip, array};
use adjoint::prelude::*;

/// A logistic curve with a differentiated slope read from the function: its adjoint is the sum
/// over the elements.
#[differentiable]
fn logistic_sum(x: &Array1<f64>, slope: f64) -> f64 {
    let s = x.mapv(|v| 1.0 / (1.0 + (-(slope * v)).exp()));
    s.sum()
}

#[test]
fn a_closure_reading_a_differentiated_scalar() {
    let x = array![0.5, -1.0, 2.0, 0.0];
    let slope = 0.7;
    let (value, (gx, gslope)) = logistic_sum_grad(&x, slope);
    assert_eq!(value, logistic_sum(&x, slope));
    let report = check_gradient(
        |p: &(Array1<f64>, f64)| logistic_sum(&p.0, p.1),
        &(x.clone(), slope),
        &(gx.clone(), gslope),
    );
    assert!(report.is_ok(), "{report}");
    // σ'(a·v) = σ(1 − σ): by hand, element by element.
    for (i, &v) in x.iter().enumerate() {
        let s = 1.0 / (1.0 + (-(slope * v)).exp());
        assert!((gx[i] - s * (1.0 - s) * slope).abs() < 1e-15);
    }
}

/// A block with `let` bindings, float methods in both forms, and parts of arguments read
/// from the closure (`w[0]`, a row of biases' element), on a matrix.
#[differentiable]
fn gated<F: Float>(x: &Array2<F>, w: &Array1<F>, t: F) -> F {
    let h = x.mapv(|v| {
        let e = (v * w[0]).tanh();
        let g = F::from(0.5).unwrap() * (v - t).powi(2);
        e * g
            + v.max(F::zero())
            + v.clamp(-F::from(0.75).unwrap(), F::from(0.75).unwrap())
                .sin()
            + v.exp() * w[1]
    });
    (&h * &h).sum() / F::from(10.0).unwrap() + x.mapv(F::sin).sum()
}

#[test]
fn a_block_body_on_a_matrix_f64_and_f32() {
    let x = array![[0.5, -1.0, 2.0], [0.1, -0.3, 0.9]];
    let w = array![0.8, -0.4];
    let t = 0.6;
    let (value, grads) = gated_grad(&x, &w, t);
    assert_eq!(value, gated(&x, &w, t));
    let report = check_gradient(
        |p: &(Array2<f64>, Array1<f64>, f64)| gated(&p.0, &p.1, p.2),
        &(x.clone(), w.clone(), t),
        &grads,
    );
    assert!(report.is_ok(), "{report}");

    let (x32, w32) = (x.mapv(|v| v as f32), w.mapv(|v| v as f32));
    let (value, grads) = gated_grad(&x32, &w32, 0.6_f32);
    assert_eq!(value, gated(&x32, &w32, 0.6_f32));
    let report = check_gradient(
        |p: &(Array2<f32>, Array1<f32>, f32)| gated(&p.0, &p.1, p.2),
        &(x32.clone(), w32.clone(), 0.6),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
    // The f32 gradient is the f64 one, which the f64 differences checked, to f32 precision.
    let exact = gated_grad(&x, &w, t).1;
    let close = |a: f32, b: f64| (f64::from(a) - b).abs() <= 1e-5 * b.abs().max(1.0);
    assert!(grads.0.iter().zip(&exact.0).all(|(&a, &b)| close(a, b)));
    assert!(grads.1.iter().zip(&exact.1).all(|(&a, &b)| close(a, b)));
    assert!(close(grads.2, exact.2));
}

/// Data standardized by differentiated statistics: the array mapped is a constant, the
/// closure reads the differentiated values.
#[differentiable(wrt(mu, sigma))]
fn standardized(x: &Array2<f64>, mu: f64, sigma: f64) -> f64 {
    let z = x.mapv(|v| (v - mu) / sigma);
    let e = x.mapv(f64::exp);
    (z.mapv(|v| v * v) * e).sum()
}

#[test]
fn a_constant_array_mapped_with_differentiated_values() {
    let x = array![[0.5, -1.0], [2.0, 0.25]];
    let (value, grads) = standardized_grad(&x, 0.3, 1.7);
    assert_eq!(value, standardized(&x, 0.3, 1.7));
    let report = check_gradient(
        |p: &(f64, f64)| standardized(&x, p.0, p.1),
        &(0.3, 1.7),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
}

/// The other spellings: a path, `mapv_into`, `map` with `|&v|`, a typed parameter, a parameter
/// named like an argument, and a map of constants alone.
#[differentiable]
fn spellings(x: &Array1<f32>, b: f32) -> f32 {
    let labels = array![1.0_f32, 0.0, 1.0];
    let t = b * 0.5;
    // A map of constants alone is kept as written, choices and names of its own included.
    let targets = labels.mapv(|l| {
        let t = if l > 0.5 { 0.9 } else { 0.1 };
        t + 0.05
    }) + t;
    let a = x.mapv(f32::tanh);
    let c = a.mapv_into(|v: f32| v * b);
    let d = c.map(|&v| v.exp_m1());
    let e = d.mapv(|x| x * x);
    ((e - &targets) * (x.mapv(f32::sin) + b)).sum()
}

#[test]
fn every_spelling_of_a_map() {
    let x = array![0.3_f32, -0.8, 1.1];
    let b = 0.9_f32;
    let (value, grads) = spellings_grad(&x, b);
    assert_eq!(value, spellings(&x, b));
    let report = check_gradient(
        |p: &(Array1<f32>, f32)| spellings(&p.0, p.1),
        &(x.clone(), b),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
}

#[test]
fn tangents_and_hessian_vector_products() {
    let x = array![0.5, -1.0, 2.0];
    let (dx, dslope) = (array![0.3, 0.1, -0.7], 0.4);
    let (value, tangent) = logistic_sum_jvp(&x, 0.7, &dx, dslope);
    assert_eq!(value, logistic_sum(&x, 0.7));
    let report = check_jvp(
        |p: &(Array1<f64>, f64)| logistic_sum(&p.0, p.1),
        &(x.clone(), 0.7),
        &(dx.clone(), dslope),
        &tangent,
    );
    assert!(report.is_ok(), "{report}");

    let (_, grad, hv) = logistic_sum_hvp(&x, 0.7, &dx, dslope);
    assert_eq!(grad, logistic_sum_grad(&x, 0.7).1);
    let report = check_hvp(
        |p: &(Array1<f64>, f64)| logistic_sum_grad(&p.0, p.1).1,
        &(x.clone(), 0.7),
        &(dx.clone(), dslope),
        &hv,
    );
    assert!(report.is_ok(), "{report}");
}

#[test]
fn grad_into_adds_what_grad_returns() {
    let x = array![[0.5, -1.0, 2.0], [0.1, -0.3, 0.9]];
    let w = array![0.8, -0.4];
    let (value, (gx, gw, gt)) = gated_grad(&x, &w, 0.6);
    let mut grads = (Array2::zeros((2, 3)), Array1::zeros(2), 1.0);
    let mut workspace = Workspace::new();
    for _ in 0..2 {
        let before = grads.clone();
        let got = gated_grad_into(&x, &w, 0.6, &mut grads, &mut workspace);
        assert_eq!(got, value);
        assert_eq!(grads.0, before.0 + &gx);
        assert_eq!(grads.1, before.1 + &gw);
        assert_eq!(grads.2, before.2 + gt);
    }
}

/// A differentiable function of one float, generic over the float type.
#[differentiable]
fn logistic<F: Float>(v: F) -> F {
    F::one() / (F::one() + (-v).exp())
}

/// `mapv` of differentiable functions by name: one of this crate, generic, and the runtime's
/// `sigmoid`, which takes floats as well as arrays.
#[differentiable]
fn mapped_by_name<F: Float>(x: &Array2<F>, w: F) -> F {
    let h = (x * w).mapv(logistic);
    let s = x.mapv(sigmoid);
    (h * s).sum() + x.to_owned().mapv_into(logistic).sum()
}

#[test]
fn a_differentiable_function_by_name() {
    let x = array![[0.5, -1.0, 2.0], [0.1, -0.3, 0.9]];
    let w = 0.8;
    let (value, grads) = mapped_by_name_grad(&x, w);
    assert_eq!(value, mapped_by_name(&x, w));
    let report = check_gradient(
        |p: &(Array2<f64>, f64)| mapped_by_name(&p.0, p.1),
        &(x.clone(), w),
        &grads,
    );
    assert!(report.is_ok(), "{report}");

    let x32 = x.mapv(|v| v as f32);
    let (value, grads32) = mapped_by_name_grad(&x32, 0.8_f32);
    assert_eq!(value, mapped_by_name(&x32, 0.8_f32));
    let close = |a: f32, b: f64| (f64::from(a) - b).abs() <= 1e-5 * b.abs().max(1.0);
    assert!(grads32.0.iter().zip(&grads.0).all(|(&a, &b)| close(a, b)));
    assert!(close(grads32.1, grads.1));

    let (dx, dw) = (array![[0.3, 0.1, -0.7], [1.0, 0.2, -0.4]], -0.6);
    let (value, tangent) = mapped_by_name_jvp(&x, w, &dx, dw);
    assert_eq!(value, mapped_by_name(&x, w));
    let report = check_jvp(
        |p: &(Array2<f64>, f64)| mapped_by_name(&p.0, p.1),
        &(x.clone(), w),
        &(dx.clone(), dw),
        &tangent,
    );
    assert!(report.is_ok(), "{report}");
    let (_, _, hv) = mapped_by_name_hvp(&x, w, &dx, dw);
    let report = check_hvp(
        |p: &(Array2<f64>, f64)| mapped_by_name_grad(&p.0, p.1).1,
        &(x.clone(), w),
        &(dx.clone(), dw),
        &hv,
    );
    assert!(report.is_ok(), "{report}");
}

/// A choice per element, in a function of one float mapped by name.
#[differentiable]
fn leaky(v: f64) -> f64 {
    if v > 0.0 {
        v
    } else {
        0.01 * v * v.abs().sqrt()
    }
}

#[differentiable]
fn leaky_total(x: &Array1<f64>, w: f64) -> f64 {
    (x * w).mapv(leaky).sum()
}

#[test]
fn a_choice_per_element_by_name() {
    let x = array![0.5, -1.0, 2.0, -0.25];
    let (value, grads) = leaky_total_grad(&x, 1.3);
    assert_eq!(value, leaky_total(&x, 1.3));
    let report = check_gradient(
        |p: &(Array1<f64>, f64)| leaky_total(&p.0, p.1),
        &(x.clone(), 1.3),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
    let direction = (array![0.2, -0.1, 0.4, 1.0], 0.5);
    let (_, _, hv) = leaky_total_hvp(&x, 1.3, &direction.0, direction.1);
    let report = check_hvp(
        |p: &(Array1<f64>, f64)| leaky_total_grad(&p.0, p.1).1,
        &(x.clone(), 1.3),
        &direction,
        &hv,
    );
    assert!(report.is_ok(), "{report}");
}

/// Two and three arrays zipped, differentiated and constant, with a scalar read from the
/// function.
#[differentiable]
fn zipped<F: Float>(a: &Array2<F>, b: &Array2<F>, c: &Array2<F>, s: F) -> F {
    let p = Zip::from(a).and(b).map_collect(|&x, &y| x * y.tanh() + s);
    let q = Zip::from(&p)
        .and(b.view())
        .and(c)
        .map_collect(|x, &y, z| (*x - y).powi(2) * z.exp());
    let labels = array![[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]].mapv(|v| F::from(v).unwrap());
    let r = Zip::from(&labels)
        .and(a)
        .map_collect(|&l, &x| l * x.ln_1p());
    q.sum() + r.sum()
}

#[test]
fn arrays_zipped() {
    let a = array![[0.5, -0.2, 2.0], [0.1, -0.3, 0.9]];
    let b = array![[0.3, 0.7, -1.1], [1.2, -0.4, 0.6]];
    let c = array![[0.2, -0.1, 0.4], [-0.5, 0.3, 0.1]];
    let (value, grads) = zipped_grad(&a, &b, &c, 0.4);
    assert_eq!(value, zipped(&a, &b, &c, 0.4));
    let report = check_gradient(
        |p: &(Array2<f64>, Array2<f64>, Array2<f64>, f64)| zipped(&p.0, &p.1, &p.2, p.3),
        &(a.clone(), b.clone(), c.clone(), 0.4),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
    let direction = (
        a.mapv(|v| v * 0.3 - 0.1),
        b.mapv(f64::sin),
        c.mapv(f64::cos),
        0.7,
    );
    let (_, _, hv) = zipped_hvp(
        &a,
        &b,
        &c,
        0.4,
        &direction.0,
        &direction.1,
        &direction.2,
        0.7,
    );
    let report = check_hvp(
        |p: &(Array2<f64>, Array2<f64>, Array2<f64>, f64)| zipped_grad(&p.0, &p.1, &p.2, p.3).1,
        &(a.clone(), b.clone(), c.clone(), 0.4),
        &direction,
        &hv,
    );
    assert!(report.is_ok(), "{report}");
    let (a32, b32, c32) = (
        a.mapv(|v| v as f32),
        b.mapv(|v| v as f32),
        c.mapv(|v| v as f32),
    );
    let (value, grads32) = zipped_grad(&a32, &b32, &c32, 0.4_f32);
    assert_eq!(value, zipped(&a32, &b32, &c32, 0.4_f32));
    let close = |a: f32, b: f64| (f64::from(a) - b).abs() <= 1e-4 * b.abs().max(1.0);
    assert!(grads32.0.iter().zip(&grads.0).all(|(&a, &b)| close(a, b)));
    assert!(grads32.1.iter().zip(&grads.1).all(|(&a, &b)| close(a, b)));
    assert!(close(grads32.3, grads.3));
}

#[test]
#[should_panic(expected = "the arrays zipped must have one shape")]
fn arrays_zipped_with_other_shapes_panic_as_zip_does() {
    let a = array![[0.5, -0.2, 2.0], [0.1, -0.3, 0.9]];
    let b = array![[0.3, 0.7, -1.1]];
    let _ = zipped_grad(&a, &b, &a, 0.4);
}

/// Maps in a loop and a branch, reading a constant of the iteration and a differentiated
/// scalar.
#[differentiable]
fn mapped_in_a_loop(x: &Array1<f64>, a: f64) -> f64 {
    let mut h = x.to_owned();
    for i in 0..3 {
        let s = i as f64 * 0.1;
        h = h.mapv(|v| (v * a + s).tanh());
        if h.sum() > 0.5 {
            h = h.mapv(|v| v * v * 0.5);
        }
    }
    h.sum()
}

#[test]
fn maps_in_loops_and_branches() {
    for x in [array![0.1, 0.5], array![0.9, 1.4], array![-0.3, 0.2]] {
        let (value, grads) = mapped_in_a_loop_grad(&x, 0.8);
        assert_eq!(value, mapped_in_a_loop(&x, 0.8));
        let report = check_gradient(
            |p: &(Array1<f64>, f64)| mapped_in_a_loop(&p.0, p.1),
            &(x.clone(), 0.8),
            &grads,
        );
        assert!(report.is_ok(), "{report}");
    }
}

/// Differentiable functions of one float called inside a closure: each applied to the element.
#[differentiable]
fn calls_in_a_closure(x: &Array2<f64>, a: f64) -> f64 {
    x.mapv(|v| 2.0 * logistic(v * a) + leaky(v) * logistic(a))
        .sum()
}

#[test]
fn calls_of_differentiable_functions_in_a_closure() {
    let x = array![[0.5, -1.0, 2.0], [0.1, -0.3, 0.9]];
    let (value, grads) = calls_in_a_closure_grad(&x, 0.8);
    assert_eq!(value, calls_in_a_closure(&x, 0.8));
    let report = check_gradient(
        |p: &(Array2<f64>, f64)| calls_in_a_closure(&p.0, p.1),
        &(x.clone(), 0.8),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
    let direction = (x.mapv(|v| 0.3 - v), -0.5);
    let (_, _, hv) = calls_in_a_closure_hvp(&x, 0.8, &direction.0, direction.1);
    let report = check_hvp(
        |p: &(Array2<f64>, f64)| calls_in_a_closure_grad(&p.0, p.1).1,
        &(x.clone(), 0.8),
        &direction,
        &hv,
    );
    assert!(report.is_ok(), "{report}");
}

/// Closures that read nothing differentiated but the element: one element-wise primitive, the
/// body run on each element (on jets for the derivatives). Constants it reads by value and by
/// reference, inner `let`s, `clamp`, `powi` and a differentiable function of one float.
#[differentiable(wrt(x))]
fn fused_maps<F: Float>(x: &Array2<F>, scale: &F, steps: usize) -> F {
    let shift = F::from(steps).unwrap() * F::from(0.25).unwrap();
    let soft = x.mapv(|v| (F::one() + (v * *scale).exp()).ln());
    let shaped = soft.mapv(|v| {
        let c = v.clamp(F::from(0.1).unwrap(), F::from(2.0).unwrap());
        let s = square(c - shift);
        s.powi(3) / (F::one() + v * v) + c.sqrt()
    });
    (&shaped * &soft).sum()
}

#[differentiable]
fn square<F: Float>(v: F) -> F {
    v * v
}

#[test]
fn fused_closures_equal_mapv_and_have_every_derivative() {
    let x = array![[0.5, -1.0, 2.0], [0.1, -0.3, 0.9]];
    let scale = 1.3;
    let (value, gx) = fused_maps_grad(&x, &scale, 3);
    // The plain function's value, to the bit.
    assert_eq!(value, fused_maps(&x, &scale, 3));
    let report = check_gradient(|x: &Array2<f64>| fused_maps(x, &scale, 3), &x, &gx);
    assert!(report.is_ok(), "{report}");

    let dx = array![[0.3, 0.1, -0.7], [0.2, -0.4, 0.5]];
    let (value, tangent) = fused_maps_jvp(&x, &scale, 3, &dx);
    assert_eq!(value, fused_maps(&x, &scale, 3));
    let report = check_jvp(
        |x: &Array2<f64>| fused_maps(x, &scale, 3),
        &x,
        &dx,
        &tangent,
    );
    assert!(report.is_ok(), "{report}");
    let (_, grad, hv) = fused_maps_hvp(&x, &scale, 3, &dx);
    assert_eq!(grad, gx);
    let report = check_hvp(
        |x: &Array2<f64>| fused_maps_grad(x, &scale, 3).1,
        &x,
        &dx,
        &hv,
    );
    assert!(report.is_ok(), "{report}");

    let x32 = x.mapv(|v| v as f32);
    let (value, gx32) = fused_maps_grad(&x32, &1.3_f32, 3);
    assert_eq!(value, fused_maps(&x32, &1.3_f32, 3));
    let close = |a: f32, b: f64| (f64::from(a) - b).abs() <= 1e-4 * b.abs().max(1.0);
    assert!(gx32.iter().zip(&gx).all(|(&a, &b)| close(a, b)));
}

#[derive(Params, Clone, Debug)]
struct Curve {
    slope: f64,
    shift: f64,
}

/// A closure reading a `&f64` argument, two fields of a `Params` argument (one of them twice)
/// and a scalar computed in the function: one element-wise rule of the array and four floats,
/// whose adjoints are sums over the elements.
#[differentiable]
fn curved(x: &Array1<f64>, gain: &f64, m: &Curve) -> f64 {
    let bias = m.shift * m.shift;
    x.mapv(|v| *gain * (v * m.slope + bias).tanh() + (v - m.slope).powi(2) * 0.5)
        .sum()
}

#[test]
fn a_closure_reading_several_differentiated_scalars() {
    let x = array![0.5, -1.0, 2.0, 0.25];
    let gain = 1.5;
    let m = Curve {
        slope: 0.8,
        shift: -0.3,
    };
    let (value, grads) = curved_grad(&x, &gain, &m);
    assert_eq!(value, curved(&x, &gain, &m));
    let report = check_gradient(
        |p: &(Array1<f64>, f64, Curve)| curved(&p.0, &p.1, &p.2),
        &(x.clone(), gain, m.clone()),
        &grads,
    );
    assert!(report.is_ok(), "{report}");

    let direction = (
        array![0.3, 0.1, -0.7, 0.5],
        -0.4,
        Curve {
            slope: 0.6,
            shift: 1.1,
        },
    );
    let (value, tangent) = curved_jvp(&x, &gain, &m, &direction.0, &direction.1, &direction.2);
    assert_eq!(value, curved(&x, &gain, &m));
    let report = check_jvp(
        |p: &(Array1<f64>, f64, Curve)| curved(&p.0, &p.1, &p.2),
        &(x.clone(), gain, m.clone()),
        &direction,
        &tangent,
    );
    assert!(report.is_ok(), "{report}");
    let (_, grad, hv) = curved_hvp(&x, &gain, &m, &direction.0, &direction.1, &direction.2);
    assert_eq!(grad.0, grads.0);
    let report = check_hvp(
        |p: &(Array1<f64>, f64, Curve)| curved_grad(&p.0, &p.1, &p.2).1,
        &(x.clone(), gain, m.clone()),
        &direction,
        &hv,
    );
    assert!(report.is_ok(), "{report}");
}

/// Two differentiated scalars read by a closure, generic over the float type.
#[differentiable]
fn scaled_softplus<F: Float>(x: &Array2<F>, a: F, b: F) -> F {
    x.mapv(|v| (F::one() + (v * a - b).exp()).ln() * b).sum()
}

#[test]
fn differentiated_scalars_in_a_closure_f32_and_f64() {
    let x = array![[0.5, -1.0, 2.0], [0.1, -0.3, 0.9]];
    let (a, b) = (0.7, 1.2);
    let (value, grads) = scaled_softplus_grad(&x, a, b);
    assert_eq!(value, scaled_softplus(&x, a, b));
    let report = check_gradient(
        |p: &(Array2<f64>, f64, f64)| scaled_softplus(&p.0, p.1, p.2),
        &(x.clone(), a, b),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
    let direction = (x.mapv(|v| 0.2 - v), 0.5, -0.3);
    let (_, _, hv) = scaled_softplus_hvp(&x, a, b, &direction.0, direction.1, direction.2);
    let report = check_hvp(
        |p: &(Array2<f64>, f64, f64)| scaled_softplus_grad(&p.0, p.1, p.2).1,
        &(x.clone(), a, b),
        &direction,
        &hv,
    );
    assert!(report.is_ok(), "{report}");

    let x32 = x.mapv(|v| v as f32);
    let (value, grads32) = scaled_softplus_grad(&x32, 0.7_f32, 1.2_f32);
    assert_eq!(value, scaled_softplus(&x32, 0.7_f32, 1.2_f32));
    let close = |p: f32, q: f64| (f64::from(p) - q).abs() <= 1e-5 * q.abs().max(1.0);
    assert!(grads32.0.iter().zip(&grads.0).all(|(&p, &q)| close(p, q)));
    assert!(close(grads32.1, grads.1) && close(grads32.2, grads.2));
}

/// Parts of a differentiated array read in a closure, one at an index the closure binds: what
/// reads only the function's values is computed once before the map, the rest per element.
#[differentiable]
fn parts_in_a_closure(x: &Array1<f64>, w: &Array1<f64>) -> f64 {
    x.mapv(|v| {
        let k = 1;
        v * w[k] + w[0].exp() * v.tanh()
    })
    .sum()
}

#[test]
fn parts_read_in_a_closure() {
    let (x, w) = (array![0.5, -1.0, 2.0], array![0.3, -0.6]);
    let (value, grads) = parts_in_a_closure_grad(&x, &w);
    assert_eq!(value, parts_in_a_closure(&x, &w));
    let report = check_gradient(
        |p: &(Array1<f64>, Array1<f64>)| parts_in_a_closure(&p.0, &p.1),
        &(x.clone(), w.clone()),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
    let direction = (array![0.2, 0.1, -0.4], array![1.0, -0.5]);
    let (_, _, hv) = parts_in_a_closure_hvp(&x, &w, &direction.0, &direction.1);
    let report = check_hvp(
        |p: &(Array1<f64>, Array1<f64>)| parts_in_a_closure_grad(&p.0, &p.1).1,
        &(x.clone(), w.clone()),
        &direction,
        &hv,
    );
    assert!(report.is_ok(), "{report}");
}

/// The closure of `curved`, with fusion off: one primitive per operation.
#[differentiable(fuse = false)]
fn curved_unfused(x: &Array1<f64>, gain: &f64, m: &Curve) -> f64 {
    let bias = m.shift * m.shift;
    x.mapv(|v| *gain * (v * m.slope + bias).tanh() + (v - m.slope).powi(2) * 0.5)
        .sum()
}

#[test]
fn fusion_off_gives_the_same_derivatives() {
    let x = array![0.5, -1.0, 2.0, 0.25];
    let m = Curve {
        slope: 0.8,
        shift: -0.3,
    };
    let (fused, unfused) = (curved_grad(&x, &1.5, &m), curved_unfused_grad(&x, &1.5, &m));
    assert_eq!(fused.0, unfused.0);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-14 * a.abs().max(1.0);
    assert!(
        fused
            .1
            .0
            .iter()
            .zip(&unfused.1.0)
            .all(|(&a, &b)| close(a, b))
    );
    assert!(close(fused.1.1, unfused.1.1));
    assert!(close(fused.1.2.slope, unfused.1.2.slope));
    assert!(close(fused.1.2.shift, unfused.1.2.shift));
    let direction = (array![0.3, 0.1, -0.7, 0.5], -0.4, m.clone());
    let hv = curved_hvp(&x, &1.5, &m, &direction.0, &direction.1, &direction.2).2;
    let hv_unfused = curved_unfused_hvp(&x, &1.5, &m, &direction.0, &direction.1, &direction.2).2;
    assert!(hv.0.iter().zip(&hv_unfused.0).all(|(&a, &b)| close(a, b)));
    assert!(close(hv.1, hv_unfused.1) && close(hv.2.slope, hv_unfused.2.slope));
}

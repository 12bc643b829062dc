//! Assignment into part of an array: `y[i] = v`, `y[[i, j]] += v`, `y[i] -= v`,
//! `y.slice_mut(s![..]).assign(&v)`, `row_mut`, `column_mut`. Values equal to the plain
//! function's to the bit; gradients, tangents and Hessian-vector products checked against
//! central differences, for `f32` and `f64`, in straight-line code and in loops.

#![deny(warnings)]

use adjoint::check::{check_gradient, check_hvp, check_jvp};

#[path = "../runtime/tests/support/counting_allocator.rs"]
#[allow(dead_code)]
mod counting_allocator;
use adjoint::ndarray::{Array1, Array2, array, s};
use adjoint::prelude::*;
use counting_allocator::allocated_bytes;

/// An array of zeros filled element by element in a loop from differentiated values, then an
/// element overwritten: the overwritten value's derivative must not reach the result.
#[differentiable]
fn filled<F: Float>(x: &Array1<F>, a: F) -> F {
    let n = x.len();
    let mut y = Array1::zeros(n + 1);
    for i in 0..n {
        y[i] = x[i] * a + x[(i + 1) % n];
    }
    y[n] = a * a;
    // Overwritten: the first element's earlier value takes no part in the result.
    y[0] = x[1].sin();
    (&y * &y).sum()
}

#[test]
fn an_array_filled_in_a_loop_f64_and_f32() {
    let x = array![0.5, -1.0, 2.0, 0.25];
    let (value, grads) = filled_grad(&x, 0.7);
    assert_eq!(value, filled(&x, 0.7));
    let report = check_gradient(
        |p: &(Array1<f64>, f64)| filled(&p.0, p.1),
        &(x.clone(), 0.7),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
    // x[0] reaches the result only through y[3] (= x[3]·a + x[0]) once y[0] is overwritten.
    let by_hand = 2.0 * (x[3] * 0.7 + x[0]);
    assert!(
        (grads.0[0] - by_hand).abs() < 1e-12,
        "{} vs {by_hand}",
        grads.0[0]
    );

    let x32 = x.mapv(|v| v as f32);
    let (value, grads32) = filled_grad(&x32, 0.7_f32);
    assert_eq!(value, filled(&x32, 0.7_f32));
    let close = |a: f32, b: f64| (f64::from(a) - b).abs() <= 1e-4 * b.abs().max(1.0);
    assert!(grads32.0.iter().zip(&grads.0).all(|(&a, &b)| close(a, b)));
    assert!(close(grads32.1, grads.1));
}

/// `+=`, `-=`, `*=` and `/=` into elements of a differentiated matrix, indexed by pairs and
/// arrays.
#[differentiable]
fn accumulated(w: &Array2<f64>, b: f64) -> f64 {
    let mut m = w.mapv(|v| v * v);
    m[[0, 1]] += b * 3.0;
    m[(1, 0)] -= b.exp();
    m[[1, 2]] += w[[0, 0]] * b;
    m[[1, 1]] *= b;
    m[[0, 2]] /= 2.0 + b;
    m.sum() * m[[0, 1]]
}

#[test]
fn added_and_subtracted_elements() {
    let w = array![[0.5, -1.0, 2.0], [0.1, -0.3, 0.9]];
    let (value, grads) = accumulated_grad(&w, 0.4);
    assert_eq!(value, accumulated(&w, 0.4));
    let report = check_gradient(
        |p: &(Array2<f64>, f64)| accumulated(&p.0, p.1),
        &(w.clone(), 0.4),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
}

/// Slices, rows and columns assigned, a row broadcast into a block, and a constant array that
/// becomes differentiated when a differentiated part is written into it.
#[differentiable]
fn assembled(x: &Array1<f64>, h: &Array2<f64>) -> f64 {
    let mut m = Array2::zeros((3, 4));
    m.row_mut(0).assign(x);
    m.slice_mut(s![1.., 1..3]).assign(&h.mapv(f64::tanh));
    m.column_mut(3).assign(&array![1.0, 2.0, 3.0]);
    m.slice_mut(s![1.., ..1]).assign(&x.slice(s![..1]));
    let mut out = m.dot(x);
    let doubled = &out.slice(s![1..]) * 2.0;
    out.slice_mut(s![..2]).assign(&doubled);
    (&out * &out).sum()
}

#[test]
fn slices_rows_and_columns() {
    let x = array![0.5, -1.0, 2.0, 0.25];
    let h = array![[0.3, -0.2], [0.8, 1.1]];
    let (value, grads) = assembled_grad(&x, &h);
    assert_eq!(value, assembled(&x, &h));
    let report = check_gradient(
        |p: &(Array1<f64>, Array2<f64>)| assembled(&p.0, &p.1),
        &(x.clone(), h.clone()),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
}

#[test]
fn tangents_and_hessian_vector_products() {
    let x = array![0.5, -1.0, 2.0, 0.25];
    let (dx, da) = (array![0.3, 0.1, -0.7, 0.2], 0.4);
    let (value, tangent) = filled_jvp(&x, 0.7, &dx, da);
    assert_eq!(value, filled(&x, 0.7));
    let report = check_jvp(
        |p: &(Array1<f64>, f64)| filled(&p.0, p.1),
        &(x.clone(), 0.7),
        &(dx.clone(), da),
        &tangent,
    );
    assert!(report.is_ok(), "{report}");

    let (_, grad, hv) = filled_hvp(&x, 0.7, &dx, da);
    assert_eq!(grad, filled_grad(&x, 0.7).1);
    let report = check_hvp(
        |p: &(Array1<f64>, f64)| filled_grad(&p.0, p.1).1,
        &(x.clone(), 0.7),
        &(dx.clone(), da),
        &hv,
    );
    assert!(report.is_ok(), "{report}");

    let h = array![[0.3, -0.2], [0.8, 1.1]];
    let dh = array![[0.1, 0.5], [-0.4, 0.2]];
    let (_, grad, hv) = assembled_hvp(&x, &h, &dx, &dh);
    let report = check_hvp(
        |p: &(Array1<f64>, Array2<f64>)| assembled_grad(&p.0, &p.1).1,
        &(x.clone(), h.clone()),
        &(dx.clone(), dh.clone()),
        &hv,
    );
    assert!(report.is_ok(), "{report}");
    assert_eq!(grad, assembled_grad(&x, &h).1);
}

/// Writes in a `while` loop that stops early, in the arms of a branch, and after a read of the
/// element written (`y[k] = y[k] * a`), generic over the float type.
#[differentiable]
fn written_in_control_flow<F: Float>(x: &Array1<F>, a: F, flag: bool) -> F {
    let mut y = x.to_owned();
    let mut k = 0;
    while k < x.len() {
        if k == 3 {
            break;
        }
        y[k] = y[k] * a + x[(k + 1) % x.len()];
        k += 1;
    }
    if flag {
        y[0] -= a.sin();
    } else {
        y.slice_mut(s![1..])
            .assign(&x.slice(s![..x.len() - 1]).mapv(|v| v * a));
    }
    let mut z = Array2::zeros((2, x.len()));
    z.row_mut(1).assign(&y);
    z[[0, 0]] = a;
    (&z * &z).sum()
}

#[test]
fn writes_in_loops_and_branches_f64_and_f32() {
    let x = array![0.5, -1.0, 2.0, 0.25, 1.5];
    for flag in [true, false] {
        let (value, grads) = written_in_control_flow_grad(&x, 0.7, flag);
        assert_eq!(value, written_in_control_flow(&x, 0.7, flag));
        let report = check_gradient(
            |p: &(Array1<f64>, f64)| written_in_control_flow(&p.0, p.1, flag),
            &(x.clone(), 0.7),
            &grads,
        );
        assert!(report.is_ok(), "{report}");

        let x32 = x.mapv(|v| v as f32);
        let (value, grads32) = written_in_control_flow_grad(&x32, 0.7_f32, flag);
        assert_eq!(value, written_in_control_flow(&x32, 0.7_f32, flag));
        let close = |a: f32, b: f64| (f64::from(a) - b).abs() <= 1e-4 * b.abs().max(1.0);
        assert!(grads32.0.iter().zip(&grads.0).all(|(&a, &b)| close(a, b)));
        assert!(close(grads32.1, grads.1));

        let (dx, da) = (array![0.3, 0.1, -0.7, 0.2, 0.4], -0.5);
        let (_, tangent) = written_in_control_flow_jvp(&x, 0.7, flag, &dx, da);
        let report = check_jvp(
            |p: &(Array1<f64>, f64)| written_in_control_flow(&p.0, p.1, flag),
            &(x.clone(), 0.7),
            &(dx.clone(), da),
            &tangent,
        );
        assert!(report.is_ok(), "{report}");
        let (_, _, hv) = written_in_control_flow_hvp(&x, 0.7, flag, &dx, da);
        let report = check_hvp(
            |p: &(Array1<f64>, f64)| written_in_control_flow_grad(&p.0, p.1, flag).1,
            &(x.clone(), 0.7),
            &(dx.clone(), da),
            &hv,
        );
        assert!(report.is_ok(), "{report}");
    }
}

/// A constant array updated with constants stays a constant, in a loop too.
#[differentiable]
fn masked(x: &Array1<f64>, keep: usize) -> f64 {
    let mut mask = Array1::zeros(x.len());
    for i in 0..keep {
        mask[i] = 1.0;
    }
    mask[0] += 0.5;
    (x * &mask).sum()
}

#[test]
fn a_constant_updated_by_constants() {
    let x = array![0.5, -1.0, 2.0];
    let (value, grad) = masked_grad(&x, 2);
    assert_eq!(value, masked(&x, 2));
    assert_eq!(grad, array![1.5, 1.0, 0.0]);
}

#[test]
#[should_panic(expected = "index 5 is out of bounds for an array of shape [4]")]
fn an_index_out_of_bounds_is_named() {
    #[differentiable]
    fn past_the_end(x: &Array1<f64>, i: usize) -> f64 {
        let mut y = x.to_owned();
        y[i] = 0.0;
        y.sum()
    }
    let _ = past_the_end_grad(&array![1.0, 2.0, 3.0, 4.0], 5);
}

/// A loop that writes each element once.
#[differentiable]
fn squares_filled(x: &Array1<f64>) -> f64 {
    let mut y = Array1::zeros(x.len());
    for i in 0..x.len() {
        y[i] = x[i] * x[i];
    }
    y.sum()
}

/// Nothing reads the array before a write but the write itself, so it is written in place:
/// the bytes the gradient allocates grow linearly with the length. A copy per write would make
/// them grow with its square (n² · 8 bytes: 128 MB at n = 4,000).
#[test]
fn filling_an_array_element_by_element_writes_in_place() {
    let bytes_for = |n: usize| {
        let x = Array1::from_shape_fn(n, |i| (i as f64 * 0.37).sin());
        let (bytes, (value, grad)) = allocated_bytes(|| squares_filled_grad(&x));
        assert_eq!(value, squares_filled(&x));
        assert_eq!(grad, x.mapv(|v| 2.0 * v));
        bytes
    };
    let (small, large) = (bytes_for(1_000), bytes_for(4_000));
    println!("bytes allocated: {small} at n = 1,000, {large} at n = 4,000");
    assert!(large < 64 * 4_000 * 8, "{large} bytes for 4,000 elements");
    assert!(
        large < 8 * small,
        "{small} bytes at n = 1,000, {large} at n = 4,000"
    );
}

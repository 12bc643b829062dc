//! Auxiliary outputs, JAX's `has_aux`: a function returning `(loss, aux…)` whose first element
//! is differentiated and whose others (counts, flags, statistics) are computed by the forward
//! pass and returned beside the value by `NAME_grad`, `NAME_grad_into`, `NAME_vjp`, `NAME_jvp`
//! and `NAME_hvp`.

#![deny(warnings)]

use adjoint::Workspace;
use adjoint::check::{check_gradient, check_hvp, check_jvp};
use adjoint::ndarray::{Array1, Array2, Axis, array};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

/// How many rows of `logits` have their largest entry at the label.
fn correct(logits: &Array2<f64>, labels: &Array1<usize>) -> usize {
    let best = logits.map_axis(Axis(1), |row| {
        (0..row.len()).fold(0, |b, i| if row[i] > row[b] { i } else { b })
    });
    best.iter().zip(labels).filter(|(b, l)| b == l).count()
}

/// A classifier's loss, with the number of correct predictions and whether the loss is finite.
#[differentiable(wrt(layer))]
fn loss_and_accuracy(
    layer: &Dense<f64>,
    x: &Array2<f64>,
    labels: &Array1<usize>,
) -> (f64, usize, bool) {
    let logits = dense(layer, x);
    let loss = softmax_cross_entropy(&logits, labels);
    (loss, correct(&logits, labels), loss.is_finite())
}

fn data() -> (Dense<f64>, Array2<f64>, Array1<usize>) {
    let layer = Dense {
        w: array![[0.3, -0.2, 0.5], [0.1, 0.4, -0.6]],
        b: array![0.05, -0.1, 0.2],
    };
    let x = array![[1.0, 0.5], [-0.3, 0.8], [0.7, -1.2], [0.2, 0.1]];
    (layer, x, array![2, 1, 0, 1])
}

#[test]
fn grad_returns_the_auxiliary_outputs_beside_the_loss() {
    let (layer, x, labels) = data();
    let ((loss, hits, finite), grad) = loss_and_accuracy_grad(&layer, &x, &labels);
    assert_eq!((loss, hits, finite), loss_and_accuracy(&layer, &x, &labels));
    assert_eq!(hits, correct(&dense(&layer, &x), &labels));
    let report = check_gradient(
        |l: &Dense<f64>| loss_and_accuracy(l, &x, &labels).0,
        &layer,
        &grad,
    );
    assert!(report.is_ok(), "{report}");

    let mut grads = Dense {
        w: Array2::zeros((2, 3)),
        b: Array1::zeros(3),
    };
    let mut workspace = Workspace::new();
    let (again, hits_again, _) =
        loss_and_accuracy_grad_into(&layer, &x, &labels, &mut grads, &mut workspace);
    assert_eq!((again, hits_again), (loss, hits));
    assert_eq!(grads.w, grad.w);
    assert_eq!(grads.b, grad.b);

    let ((value, aux, _), scaled) = loss_and_accuracy_vjp(&layer, &x, &labels, &2.0);
    assert_eq!((value, aux), (loss, hits));
    assert_eq!(scaled.w, &grad.w * 2.0);
}

/// Scalars with a loop, so that the body has control flow; the auxiliary output counts the
/// iterations.
#[differentiable]
fn iterated<F: Float>(a: F, b: F) -> (F, u32) {
    let mut x = a;
    let mut steps = 0_u32;
    while x < F::from(10.0).unwrap() {
        x = x * b + a;
        steps += 1;
    }
    (x.ln(), steps)
}

#[test]
fn auxiliary_outputs_of_a_loop_in_every_mode() {
    let (a, b) = (0.7, 1.6);
    let ((value, steps), (ga, gb)) = iterated_grad(a, b);
    assert_eq!((value, steps), iterated(a, b));
    assert!(steps > 2);
    let report = check_gradient(|p: &(f64, f64)| iterated(p.0, p.1).0, &(a, b), &(ga, gb));
    assert!(report.is_ok(), "{report}");

    let ((value32, steps32), _) = iterated_grad(a as f32, b as f32);
    assert_eq!((value32, steps32), iterated(a as f32, b as f32));

    let ((value_jvp, steps_jvp), tangent) = iterated_jvp(a, b, 0.3, -0.2);
    assert_eq!((value_jvp, steps_jvp), (value, steps));
    let report = check_jvp(
        |p: &(f64, f64)| iterated(p.0, p.1).0,
        &(a, b),
        &(0.3, -0.2),
        &tangent,
    );
    assert!(report.is_ok(), "{report}");

    let ((value_hvp, steps_hvp), grad, hv) = iterated_hvp(a, b, 0.3, -0.2);
    assert_eq!((value_hvp, steps_hvp, grad), (value, steps, (ga, gb)));
    let report = check_hvp(
        |p: &(f64, f64)| iterated_grad(p.0, p.1).1,
        &(a, b),
        &(0.3, -0.2),
        &hv,
    );
    assert!(report.is_ok(), "{report}");
}

/// A count bound by a `let` that only the final tuple reads, computed by iterating over a
/// differentiated array, and a flag bound after other statements.
#[differentiable(wrt(w))]
fn loss_with_counts(w: &Array1<f64>, x: &Array2<f64>, t: &Array1<f64>) -> (f64, usize, bool) {
    let p = x.dot(w).mapv(f64::tanh);
    let above = p.iter().filter(|v| **v > 0.0).count();
    let finite = p.iter().all(|v| v.is_finite());
    let loss = mse(&p, t);
    (loss, above, finite)
}

#[test]
fn auxiliary_outputs_bound_by_let() {
    let (w, x, t) = (
        array![0.5, -1.0],
        array![[1.0, 0.5], [-0.3, 0.8], [0.7, -1.2]],
        array![0.1, -0.2, 0.9],
    );
    let ((value, above, finite), grad) = loss_with_counts_grad(&w, &x, &t);
    assert_eq!((value, above, finite), loss_with_counts(&w, &x, &t));
    assert_eq!((above, finite), (1, true));
    let report = check_gradient(|w: &Array1<f64>| loss_with_counts(w, &x, &t).0, &w, &grad);
    assert!(report.is_ok(), "{report}");
}

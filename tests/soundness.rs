//! What a caller gives a generated function is checked before anything reads it, in debug and
//! release builds alike, and no identifier changes what the macro generates.

use adjoint::ndarray::{Array1, Array2};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

#[differentiable]
fn prod(x: &Array2<f64>, w: &Array2<f64>) -> Array2<f64> {
    x.dot(w)
}

/// The output is (1, 64): a (1, n) cotangent of any other width is refused, however large,
/// before the product's rules run.
#[test]
fn a_cotangent_of_the_wrong_shape_is_refused_by_name() {
    for n in [32, 80, 4096, 3_000_000] {
        let result = std::panic::catch_unwind(|| {
            prod_vjp(
                &Array2::ones((1, 64)),
                &Array2::ones((64, 64)),
                &Array2::ones((1, n)),
            )
        });
        let message = panic_message(result.expect_err("a wrong cotangent must panic"));
        assert_eq!(
            message,
            format!(
                "adjoint: prod_vjp: `cotangent` has shape [1, {n}], but `prod(..)` has shape [1, 64]"
            )
        );
    }
    let wrong_rows = std::panic::catch_unwind(|| {
        prod_vjp(
            &Array2::ones((1, 64)),
            &Array2::ones((64, 64)),
            &Array2::ones((64, 64)),
        )
    });
    assert!(panic_message(wrong_rows.unwrap_err()).contains("has shape [64, 64], but"));
}

#[derive(Params, Clone)]
struct Mlp {
    hidden: Dense<f64>,
    out: Dense<f64>,
}

#[differentiable(wrt(m))]
fn loss(m: &Mlp, x: &Array2<f64>) -> f64 {
    dense(&m.out, &relu(&dense(&m.hidden, x))).sum()
}

/// `NAME_grad_into` names the field of the caller's gradient that does not fit.
#[test]
fn a_gradient_accumulator_of_the_wrong_shape_is_refused_by_field() {
    let mut rng = adjoint::init::rng(0);
    let m = Mlp {
        hidden: Dense::new(3, 4, &mut rng),
        out: Dense::new(4, 2, &mut rng),
    };
    let x = Array2::ones((5, 3));
    let mut grads = m.zeros_like();
    grads.out.b = Array1::zeros(7);
    let mut workspace = adjoint::Workspace::new();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        loss_grad_into(&m, &x, &mut grads, &mut workspace)
    }));
    assert_eq!(
        panic_message(result.unwrap_err()),
        "adjoint: loss_grad_into: `grads.out.b` has shape [7], but `m.out.b` has shape [2]"
    );
    let mut grads = (m.zeros_like(), m.zeros_like());
    assert!(grads.0.shape_mismatch(&grads.1).is_none());
    grads.1.hidden.w = Array2::zeros((4, 3));
    assert_eq!(
        grads.0.shape_mismatch(&grads.1).unwrap().to_string(),
        "`.hidden.w` has shape [4, 3] where [3, 4] is expected"
    );
}

/// The attribute is parsed, never matched as text: an argument whose name contains `vjp` is an
/// argument, not a hand-written rule.
#[differentiable(wrt(vjp_scale))]
fn f(vjp_scale: f64, x: f64) -> f64 {
    vjp_scale * x * x
}

#[test]
fn an_argument_named_like_an_attribute_key_is_an_argument() {
    assert_eq!(f(2.0, 3.0), 18.0);
    assert_eq!(f_grad(2.0, 3.0), (18.0, 9.0));
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload
            .downcast::<&str>()
            .map(|m| m.to_string())
            .unwrap_or_default(),
    }
}

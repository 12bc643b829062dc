//! Arguments, locals and functions spelled like the expansion's own temporaries (`grad`, `adj`,
//! `tape`, `__adjoint_*`, `self_`, `this`, `needs`, `g`, `out`, `cotangent`, `value`, `d_*`)
//! compile and give the gradients derived by hand and by finite differences, through
//! `NAME_grad`, `NAME_vjp` and a caller's pullback.

#![deny(warnings)]
// `scalar_names` takes every name at once.
#![allow(clippy::too_many_arguments)]

use adjoint::check::Checker;
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + b.abs())
}

// f = grad·adj + tape·self_ − this·needs + g·out
#[differentiable]
fn scalar_names(
    grad: f64,
    adj: f64,
    tape: f64,
    self_: f64,
    this: f64,
    needs: f64,
    g: f64,
    out: f64,
) -> f64 {
    let __adjoint_tmp = grad * adj;
    let __adjoint_grad = tape * self_;
    let cotangent = this * needs;
    let value = g * out;
    __adjoint_tmp + __adjoint_grad - cotangent + value
}

#[differentiable]
fn calls_scalar_names(grad: f64, adj: f64) -> f64 {
    let tape = scalar_names(grad, adj, grad, adj, grad, adj, grad, adj);
    tape * grad
}

#[test]
fn scalar_arguments_and_locals_named_like_temporaries() {
    let p = [0.5, -1.5, 2.0, 0.25, -0.75, 1.25, 3.0, -2.0];
    let (value, d) = scalar_names_grad(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    let expected = p[0] * p[1] + p[2] * p[3] - p[4] * p[5] + p[6] * p[7];
    assert!(close(value, expected), "{value} vs {expected}");
    let hand = (p[1], p[0], p[3], p[2], -p[5], -p[4], p[7], p[6]);
    assert_eq!(d, hand);
    // Through a caller: h(a, b) = s(a, b, a, b, a, b, a, b)·a with s = a·b + a·b − a·b + a·b = 2ab,
    // so h = 2a²b, ∂h/∂a = 4ab, ∂h/∂b = 2a².
    let (a, b) = (0.5, -1.5);
    let (value, (da, db)) = calls_scalar_names_grad(a, b);
    assert!(close(value, 2.0 * a * a * b));
    assert!(
        close(da, 4.0 * a * b) && close(db, 2.0 * a * a),
        "{da} {db}"
    );
}

// Arrays named like temporaries, with views, transposes and runtime functions.
#[differentiable]
fn array_names(
    grad: &Array2<f64>,
    tape: &Array1<f64>,
    __adjoint_forward: &Array2<f64>,
    this: f64,
) -> Array2<f64> {
    let adj = grad.dot(&__adjoint_forward.t());
    let needs = relu(&adj) + tape.sum() * this;
    let out = sigmoid(&needs);
    let g = &out * &adj;
    g.tanh()
}

#[differentiable]
fn array_names_loss(
    grad: &Array2<f64>,
    tape: &Array1<f64>,
    __adjoint_forward: &Array2<f64>,
    this: f64,
    out: &Array1<usize>,
) -> f64 {
    let g = array_names(grad, tape, __adjoint_forward, this);
    softmax_cross_entropy(&g, out)
}

type Point = (Array2<f64>, Array1<f64>, Array2<f64>, f64);

#[test]
fn array_arguments_and_locals_named_like_temporaries() {
    let at: Point = (
        array![[0.3, -1.2, 0.8], [1.1, 0.4, -0.6]],
        array![0.2, -0.5],
        array![[0.9, -0.2, 0.4], [-0.7, 0.5, 1.3]],
        0.7,
    );
    let labels = array![1, 0];
    let f = |(a, b, c, d): &Point| array_names_loss(a, b, c, *d, &labels);
    let (value, gradient) = array_names_loss_grad(&at.0, &at.1, &at.2, at.3, &labels);
    assert_eq!(value, f(&at));
    Checker::new()
        .names(["grad", "tape", "__adjoint_forward", "this"])
        .check_gradient(f, &at, &gradient)
        .assert_ok();
    let cotangent = array![[1.0, -0.5], [0.25, 2.0]];
    let (out, product) = array_names_vjp(&at.0, &at.1, &at.2, at.3, &cotangent);
    assert_eq!(out, array_names(&at.0, &at.1, &at.2, at.3));
    Checker::new()
        .check_vjp(
            |(a, b, c, d): &Point| array_names(a, b, c, *d),
            &at,
            &cotangent,
            &product,
        )
        .assert_ok();
}

/// A model whose fields and methods are named like temporaries, used through `self` and an
/// argument named `this`.
#[derive(Params, Clone, Debug)]
pub struct Tape {
    pub grad: Array2<f64>,
    pub adj: Array1<f64>,
    pub self_: f64,
}

impl Tape {
    #[differentiable]
    pub fn out(&self, g: &Array2<f64>) -> Array2<f64> {
        let needs = g.dot(&self.grad) + &self.adj;
        needs * self.self_
    }
}

#[differentiable(wrt(this))]
fn through_this(this: &Tape, g: &Array2<f64>) -> f64 {
    let out = this.out(g);
    mean(&out.tanh())
}

#[test]
fn models_and_methods_named_like_temporaries() {
    let this = Tape {
        grad: array![[0.5, -0.3], [0.2, 0.9], [-1.1, 0.4]],
        adj: array![0.1, -0.2],
        self_: 1.3,
    };
    let g = array![[0.3, -0.6, 1.0], [0.7, 0.2, -0.4]];
    let (value, gradient): (f64, Tape) = through_this_grad(&this, &g);
    assert_eq!(value, through_this(&this, &g));
    Checker::new()
        .names(["this"])
        .check_gradient(|t: &Tape| through_this(t, &g), &this, &gradient)
        .assert_ok();
}

// Functions named like temporaries, calling each other.
#[differentiable]
fn tape(x: f64) -> f64 {
    x * x
}

#[differentiable]
fn adj(grad: f64) -> f64 {
    tape(grad) + tape(tape(grad))
}

#[differentiable]
fn __adjoint_helper(out: f64, g: f64) -> f64 {
    adj(out) * g
}

#[test]
fn functions_named_like_temporaries() {
    // adj(x) = x² + x⁴, d/dx = 2x + 4x³; helper(o, g) = adj(o)·g.
    let (o, g) = (0.5, -2.0);
    let (value, (d_out, d_g)) = __adjoint_helper_grad(o, g);
    assert!(close(value, (o * o + o.powi(4)) * g));
    assert!(close(d_out, (2.0 * o + 4.0 * o.powi(3)) * g), "{d_out}");
    assert!(close(d_g, o * o + o.powi(4)), "{d_g}");
}

/// `d_` + a name, and a name + `_1`, beside the name itself.
#[differentiable]
fn derived_spellings(x: f64, d_x: f64, x_1: f64, d_d_x: f64) -> f64 {
    let d_x_1 = x * d_x;
    let x_2 = x_1 * d_d_x + d_x_1;
    x_2 * x
}

#[test]
fn names_that_look_derived() {
    let at = (0.4, -1.3, 0.8, 2.1);
    let f = |&(a, b, c, d): &(f64, f64, f64, f64)| derived_spellings(a, b, c, d);
    let (value, gradient) = derived_spellings_grad(at.0, at.1, at.2, at.3);
    assert_eq!(value, f(&at));
    Checker::new()
        .names(["x", "d_x", "x_1", "d_d_x"])
        .check_gradient(f, &at, &gradient)
        .assert_ok();
}

/// Raw identifiers, keywords and not, as argument, local and function names, with `r#x` and
/// `x` spelling the same name; `d_fn` beside `r#fn`. Generated names derived from them drop the
/// `r#` (the macro panicked on `d_r#fn`, found by the fuzzer).
#[differentiable]
fn r#type(r#fn: f64, d_fn: f64, y: &Array1<f64>) -> f64 {
    let r#match = r#fn * y.sum();
    let r#x = r#match.exp() * d_fn;
    let mut r#loop = x * r#fn;
    r#loop += r#match;
    r#loop * r#fn
}

#[differentiable]
fn r#struct(r#fn: f64, y: &Array1<f64>) -> f64 {
    r#type(r#fn, r#fn, y) + r#type(2.0, r#fn, y)
}

#[test]
fn raw_identifiers() {
    let y = array![0.5, -0.25];
    let at = (0.3, 0.7);
    let f = |&(a, b): &(f64, f64)| r#type(a, b, &y);
    let (value, (d_fn, d_d_fn, _)) = type_grad(at.0, at.1, &y);
    assert_eq!(value, f(&at));
    Checker::new()
        .names(["r#fn", "d_fn"])
        .check_gradient(f, &at, &(d_fn, d_d_fn))
        .assert_ok();
    // Through a caller's pullback.
    let g = |a: &f64| r#struct(*a, &y);
    let (value, (d_fn, _)) = struct_grad(0.3, &y);
    assert_eq!(value, g(&0.3));
    Checker::new().check_gradient(g, &0.3, &d_fn).assert_ok();
}

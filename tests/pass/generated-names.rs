//! Arguments and variables spelled like the expansion's own locals still mean what the user
//! wrote, and give the gradients derived by hand, both through `NAME_grad` / `NAME_vjp` and
//! through the pullback a caller uses.
#![deny(warnings)]

use adjoint::prelude::*;

// f = 2·cotangent·(t²·t_1 + t·d_x²) + t·t_1
// ∂f/∂t = 2·cotangent·(2·t·t_1 + d_x²) + t_1
// ∂f/∂t_1 = 2·cotangent·t² + t
// ∂f/∂d_x = 4·cotangent·t·d_x
// ∂f/∂cotangent = 2·(t²·t_1 + t·d_x²)
#[differentiable]
fn arguments(t: f64, t_1: f64, d_x: f64, cotangent: f64) -> f64 {
    let c = t * t_1;
    let g = c + d_x * d_x;
    let out = g * cotangent;
    let grads = out * t;
    let pullback = grads + c;
    let needs = pullback * 2.0;
    let adjoint = needs - c;
    adjoint
}

#[differentiable]
fn via_arguments(p: f64, q: f64, r: f64, s: f64) -> f64 {
    arguments(p, q, r, s)
}

// f = (x·y)·sin(x) + y; with u = x·y:
// ∂f/∂x = y·sin(x) + u·cos(x), ∂f/∂y = x·sin(x) + 1
#[differentiable]
fn locals(x: f64, y: f64) -> f64 {
    let __adjoint_forward = x * y;
    let d_y = x.sin();
    let t = __adjoint_forward * d_y;
    let t_1 = t + y;
    t_1
}

#[differentiable]
fn via_locals(p: f64, q: f64) -> f64 {
    locals(p, q)
}

// g = x², out = g·y, f = out·x = x³·y: ∂f/∂x = 3x²·y, ∂f/∂y = x³
#[differentiable]
fn seed_names(x: f64, y: f64) -> f64 {
    let g = x * x;
    let out = g * y;
    out * x
}

#[differentiable]
fn via_seed_names(p: f64, q: f64) -> f64 {
    seed_names(p, q)
}

// Arguments named like the generated ones, with a call so that a pullback is built:
// f = square(g)·needs + out, ∂f/∂g = 2·g·needs, ∂f/∂needs = g², ∂f/∂out = 1
#[differentiable]
fn square(x: f64) -> f64 {
    x * x
}

#[differentiable]
fn with_call(g: f64, needs: f64, out: f64) -> f64 {
    let pullback = square(g);
    let grads = pullback * needs;
    grads + out
}

// h = 3·with_call(a, b, a) = 3·(a²·b + a)
#[differentiable]
fn caller(a: f64, b: f64) -> f64 {
    let cotangent = with_call(a, b, a);
    3.0 * cotangent
}

// Named like the hidden constant that holds the generated source, as a function, an argument,
// a local and a method: f = s·sin(s), f' = sin(s) + s·cos(s)
#[differentiable]
fn __adjoint_source(__adjoint_source: f64) -> f64 {
    let __adjoint_source_1 = __adjoint_source.sin();
    __adjoint_source * __adjoint_source_1
}

#[derive(Params, Clone, Debug)]
struct Scale {
    k: f64,
}

impl Scale {
    // f = k·x², ∂f/∂k = x², ∂f/∂x = 2·k·x
    #[differentiable]
    fn __adjoint_source(&self, x: f64) -> f64 {
        let __adjoint_source = self.k * x;
        __adjoint_source * x
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + b.abs())
}

fn main() {
    let (t, t_1, d_x, cot) = (1.5, -0.5, 2.0, 0.25);
    let expected = 2.0 * cot * (t * t * t_1 + t * d_x * d_x) + t * t_1;
    let dt_expected = 2.0 * cot * (2.0 * t * t_1 + d_x * d_x) + t_1;
    let dt_1_expected = 2.0 * cot * t * t + t;
    let dd_x_expected = 4.0 * cot * t * d_x;
    let dcot_expected = 2.0 * (t * t * t_1 + t * d_x * d_x);
    let (value, (dt, dt_1, dd_x, dcot)) = arguments_grad(t, t_1, d_x, cot);
    assert!(close(value, expected), "{value} vs {expected}");
    assert!(close(dt, dt_expected), "{dt}");
    assert!(close(dt_1, dt_1_expected), "{dt_1}");
    assert!(close(dd_x, dd_x_expected), "{dd_x}");
    assert!(close(dcot, dcot_expected), "{dcot}");
    let (value, (dt, _, _, dcot)) = arguments_vjp(t, t_1, d_x, cot, &2.0);
    assert!(close(value, expected), "{value} vs {expected}");
    assert!(close(dt, 2.0 * dt_expected), "{dt}");
    assert!(close(dcot, 2.0 * dcot_expected), "{dcot}");
    let (value, (dt, dt_1, dd_x, dcot)) = via_arguments_grad(t, t_1, d_x, cot);
    assert!(close(value, expected), "{value} vs {expected}");
    assert!(close(dt, dt_expected), "{dt}");
    assert!(close(dt_1, dt_1_expected), "{dt_1}");
    assert!(close(dd_x, dd_x_expected), "{dd_x}");
    assert!(close(dcot, dcot_expected), "{dcot}");

    let (x, y) = (0.7_f64, -1.3_f64);
    let expected = (
        x * y * x.sin() + y,
        y * x.sin() + x * y * x.cos(),
        x * x.sin() + 1.0,
    );
    let (value, (dx, dy)) = locals_grad(x, y);
    assert!(close(value, expected.0), "{value}");
    assert!(close(dx, expected.1), "{dx}");
    assert!(close(dy, expected.2), "{dy}");
    let (value, (dx, dy)) = via_locals_grad(x, y);
    assert!(close(value, expected.0), "{value}");
    assert!(close(dx, expected.1), "{dx}");
    assert!(close(dy, expected.2), "{dy}");

    let (x, y) = (2.0_f64, 3.0_f64);
    let (value, (dx, dy)) = seed_names_grad(x, y);
    assert!(
        close(value, 24.0) && close(dx, 36.0) && close(dy, 8.0),
        "{value} {dx} {dy}"
    );
    let (value, (dx, dy)) = via_seed_names_grad(x, y);
    assert!(close(value, 24.0), "{value}");
    assert!(close(dx, 36.0), "got {dx}, expected 36");
    assert!(close(dy, 8.0), "got {dy}, expected 8");

    let (g, needs, out) = (1.25, -2.0, 0.5);
    let (value, (dg, dneeds, dout)) = with_call_grad(g, needs, out);
    assert!(close(value, g * g * needs + out), "{value}");
    assert!(close(dg, 2.0 * g * needs), "{dg}");
    assert!(close(dneeds, g * g), "{dneeds}");
    assert!(close(dout, 1.0), "{dout}");

    let s = 0.9_f64;
    let (value, ds) = __adjoint_source_grad(s);
    assert!(close(value, s * s.sin()), "{value}");
    assert!(close(ds, s.sin() + s * s.cos()), "{ds}");
    let scale = Scale { k: 1.5 };
    let (value, (dscale, dx)) = scale.__adjoint_source_grad(2.0);
    assert!(close(value, 6.0) && close(dscale.k, 4.0) && close(dx, 6.0), "{value} {dscale:?} {dx}");
    // The generated source, readable by code, whatever the function is called.
    assert!(__adjoint_source::__adjoint_source.contains("fn __adjoint_source_grad("));
    assert!(locals::__adjoint_source.contains("fn locals_grad("));
    assert!(Scale::__adjoint_source___adjoint_source.contains("fn __adjoint_source_grad("));

    // ∂h/∂a = 3·(2·a·b + 1), ∂h/∂b = 3·a²
    let (a, b) = (0.5, 4.0);
    let (value, (da, db)) = caller_grad(a, b);
    assert!(close(value, 3.0 * (a * a * b + a)), "{value}");
    assert!(close(da, 3.0 * (2.0 * a * b + 1.0)), "{da}");
    assert!(close(db, 3.0 * a * a), "{db}");
}

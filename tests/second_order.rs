//! `NAME_hvp`: Hessian-vector products, checked against central differences of `NAME_grad`,
//! against the Hessian's symmetry, and used for Newton steps.

use adjoint::curvature::{conjugate_gradient, hessian};
use adjoint::prelude::*;
use ndarray::{Array1, Array2, Axis, array};

#[differentiable]
fn scalar(x: f64, y: f64) -> f64 {
    let t = (x * y).exp();
    t + x.sin() * y.powi(3) - (x / y).ln_1p()
}

#[differentiable(wrt(x))]
fn scalar_wrt(x: f32, y: f32) -> f32 {
    (x * x * y).tanh() + x.sqrt()
}

/// L2-regularized logistic regression: mean log(1 + exp(−yᵢ xᵢᵀw)) + ½λ‖w‖².
#[differentiable(wrt(w))]
fn logistic(w: &Array1<f64>, x: &Array2<f64>, y: &Array1<f64>) -> f64 {
    let margins = y * &x.dot(w);
    let losses = (-margins).exp().ln_1p();
    losses.sum() / y.len() as f64 + 0.5e-3 * (w * w).sum()
}

/// The same loss in JAX's form, `mean(logaddexp(0, z) − y·z) + λ‖w‖²` with `z = Xw` and
/// labels in {0, 1}: the softplus keeps it finite for margins of any size.
#[differentiable(wrt(w))]
fn logistic_softplus(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> f64 {
    let z = x.dot(w);
    mean(&(softplus(&z) - y * &z)) + 1e-3 * w.dot(w)
}

#[differentiable(wrt(w))]
fn logistic_softplus_f32(x: &Array2<f32>, y: &Array1<f32>, w: &Array1<f32>) -> f32 {
    let z = x.dot(w);
    mean(&(softplus(&z) - y * &z))
}

/// A two-argument array function with broadcasting: a row of biases added to every row.
#[differentiable(wrt(w, b))]
fn broadcast(w: &Array2<f64>, b: &Array1<f64>, x: &Array2<f64>) -> f64 {
    let z = (x.dot(w) + b).tanh();
    (&z * &z).sum() + (b * b * b).sum()
}

#[differentiable(wrt(w, b))]
fn broadcast_f32(w: &Array2<f32>, b: &Array1<f32>, x: &Array2<f32>) -> f32 {
    let z = (x.dot(w) + b).tanh();
    (&z * &z).sum() / 10.0
}

/// Central differences of a gradient along `v`, for `f64` flattened parameters.
fn fd_hvp(grad: impl Fn(f64) -> Vec<f64>) -> Vec<f64> {
    let h = 1e-5;
    let (plus, minus) = (grad(h), grad(-h));
    plus.iter()
        .zip(&minus)
        .map(|(p, m)| (p - m) / (2.0 * h))
        .collect()
}

fn assert_close(what: &str, got: &[f64], want: &[f64], tolerance: f64) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    let scale = want.iter().fold(1.0_f64, |s, w| s.max(w.abs()));
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tolerance * scale,
            "{what}[{i}]: {g} vs {w} (scale {scale})"
        );
    }
}

fn grid(rows: usize, cols: usize, seed: usize) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |(i, j)| {
        (((i * 7 + j * 13 + seed * 5) % 17) as f64 / 17.0 - 0.45) * 1.3
    })
}

#[test]
fn scalar_hvp_matches_differences_of_the_gradient() {
    let (x, y, vx, vy) = (0.7, 1.3, 0.4, -0.9);
    let (value, grad, hv) = scalar_hvp(x, y, vx, vy);
    assert_eq!(value, scalar(x, y));
    assert_eq!(grad, scalar_grad(x, y).1);
    let want = fd_hvp(|h| {
        let (gx, gy) = scalar_grad(x + h * vx, y + h * vy).1;
        vec![gx, gy]
    });
    assert_close("scalar", &[hv.0, hv.1], &want, 1e-8);
}

#[test]
fn f32_hvp_with_wrt_matches_differences() {
    let (x, y, v) = (0.8_f32, 0.6_f32, 1.5_f32);
    let (_, grad, hv) = scalar_wrt_hvp(x, y, v);
    assert_eq!(grad, scalar_wrt_grad(x, y).1);
    // f64 differences of the f32 gradient's formula, written out: d/dx of the gradient.
    let g = |x: f64| {
        let y = y as f64;
        let t = (x * x * y).tanh();
        (1.0 - t * t) * 2.0 * x * y + 0.5 / x.sqrt()
    };
    let h = 1e-5;
    let want = (g(x as f64 + h) - g(x as f64 - h)) / (2.0 * h) * v as f64;
    assert!(
        ((hv as f64) - want).abs() < 1e-4 * want.abs().max(1.0),
        "{hv} vs {want}"
    );
}

#[test]
fn logistic_hvp_matches_differences_and_the_closed_form() {
    let x = grid(40, 5, 1);
    let y = Array1::from_shape_fn(40, |i| if i % 3 == 0 { 1.0 } else { -1.0 });
    let w = array![0.2, -0.1, 0.3, 0.05, -0.4];
    let v = array![1.0, -0.5, 0.25, 2.0, -1.0];
    let (value, grad, hv) = logistic_hvp(&w, &x, &y, &v);
    assert_eq!(value, logistic(&w, &x, &y));
    assert_eq!(grad, logistic_grad(&w, &x, &y).1);
    let want = fd_hvp(|h| logistic_grad(&(&w + &(h * &v)), &x, &y).1.to_vec());
    assert_close("logistic", hv.as_slice().unwrap(), &want, 1e-7);
    // The closed form: XᵀSX·v/m + λv, S = diag(σ(1 − σ)) at the margins.
    let z = &y * &x.dot(&w);
    let s = z.mapv(|z| {
        let sigma = 1.0 / (1.0 + (-z).exp());
        sigma * (1.0 - sigma)
    });
    let closed = x.t().dot(&(&s * &x.dot(&v))) / 40.0 + 1e-3 * &v;
    assert_close(
        "closed form",
        hv.as_slice().unwrap(),
        closed.as_slice().unwrap(),
        1e-12,
    );
}

#[test]
fn softplus_logistic_hvp_matches_differences_and_the_closed_form() {
    let x = grid(40, 5, 1);
    let y = Array1::from_shape_fn(40, |i| if i % 3 == 0 { 1.0 } else { 0.0 });
    let w = array![0.2, -0.1, 0.3, 0.05, -0.4];
    let v = array![1.0, -0.5, 0.25, 2.0, -1.0];
    let (value, grad, hv) = logistic_softplus_hvp(&x, &y, &w, &v);
    // The value is the plain function's to the bit: both map `z` through the same kernel.
    assert_eq!(value, logistic_softplus(&x, &y, &w));
    assert_eq!(grad, logistic_softplus_grad(&x, &y, &w).1);
    let (jvp_value, slope) = logistic_softplus_jvp(&x, &y, &w, &v);
    assert_eq!(jvp_value, value);
    let step = 1e-6;
    let f = |t: f64| logistic_softplus(&x, &y, &(&w + &(t * &v)));
    let want_slope = (f(step) - f(-step)) / (2.0 * step);
    assert!((slope - want_slope).abs() < 1e-8, "{slope} vs {want_slope}");
    assert!((slope - grad.dot(&v)).abs() < 1e-14, "{slope} vs ⟨∇f, v⟩");
    let want = fd_hvp(|h| logistic_softplus_grad(&x, &y, &(&w + &(h * &v))).1.to_vec());
    assert_close("softplus logistic", hv.as_slice().unwrap(), &want, 1e-7);
    // The closed form: the gradient is Xᵀ(σ(z) − y)/m + 2λw, the Hessian XᵀSX/m + 2λ, with
    // S = diag(σ(1 − σ)) at z = Xw.
    let z = x.dot(&w);
    let sigma = z.mapv(|z| 1.0 / (1.0 + (-z).exp()));
    let closed_grad = x.t().dot(&(&sigma - &y)) / 40.0 + 2e-3 * &w;
    assert_close(
        "gradient",
        grad.as_slice().unwrap(),
        closed_grad.as_slice().unwrap(),
        1e-14,
    );
    let s = sigma.mapv(|s| s * (1.0 - s));
    let closed = x.t().dot(&(&s * &x.dot(&v))) / 40.0 + 2e-3 * &v;
    assert_close(
        "closed form",
        hv.as_slice().unwrap(),
        closed.as_slice().unwrap(),
        1e-12,
    );
    // Margins far beyond where `z.exp().ln_1p()` is infinite stay finite, as do their
    // derivatives.
    let far = &w * 1e4;
    let (value, grad) = logistic_softplus_grad(&x, &y, &far);
    assert!(value.is_finite() && grad.iter().all(|g| g.is_finite()));
}

#[test]
fn softplus_f32_gradient_matches_f64_differences() {
    let x = grid(30, 4, 2);
    let y = Array1::from_shape_fn(30, |i| (i % 2) as f64);
    let w = array![0.3, -0.2, 0.1, 0.4];
    let f64_loss = |w: &Array1<f64>| {
        let z = x.dot(w);
        (z.mapv(|z| z.max(0.0) + (-z.abs()).exp().ln_1p()) - &y * &z)
            .mean()
            .unwrap()
    };
    let (xs, ys, ws) = (
        x.mapv(|v| v as f32),
        y.mapv(|v| v as f32),
        w.mapv(|v| v as f32),
    );
    let (value, grad) = logistic_softplus_f32_grad(&xs, &ys, &ws);
    assert_eq!(value, logistic_softplus_f32(&xs, &ys, &ws));
    assert!((value as f64 - f64_loss(&w)).abs() < 1e-6);
    for j in 0..4 {
        let mut e = Array1::zeros(4);
        e[j] = 1e-6;
        let want = (f64_loss(&(&w + &e)) - f64_loss(&(&w - &e))) / 2e-6;
        assert!(
            (grad[j] as f64 - want).abs() < 1e-5,
            "{j}: {} vs {want}",
            grad[j]
        );
    }
}

#[test]
fn broadcasting_hvp_matches_differences_and_is_symmetric() {
    let x = grid(6, 3, 2);
    let (w, b) = (grid(3, 4, 3), array![0.1, -0.2, 0.3, 0.05]);
    let (vw, vb) = (grid(3, 4, 4), array![0.5, 1.0, -0.5, 0.25]);
    let (_, grad, (hw, hb)) = broadcast_hvp(&w, &b, &x, &vw, &vb);
    let plain = broadcast_grad(&w, &b, &x).1;
    assert_eq!(grad.0, plain.0);
    assert_eq!(grad.1, plain.1);
    let want = fd_hvp(|h| {
        let (gw, gb) = broadcast_grad(&(&w + &(h * &vw)), &(&b + &(h * &vb)), &x).1;
        gw.iter().chain(gb.iter()).copied().collect()
    });
    let got: Vec<f64> = hw.iter().chain(hb.iter()).copied().collect();
    assert_close("broadcast", &got, &want, 1e-7);
    // ⟨u, H·v⟩ = ⟨v, H·u⟩.
    let (uw, ub) = (grid(3, 4, 5), array![-0.3, 0.2, 0.7, -1.0]);
    let (_, _, (huw, hub)) = broadcast_hvp(&w, &b, &x, &uw, &ub);
    let uhv = (&uw * &hw).sum() + (&ub * &hb).sum();
    let vhu = (&vw * &huw).sum() + (&vb * &hub).sum();
    assert!(
        (uhv - vhu).abs() < 1e-12 * uhv.abs().max(1.0),
        "{uhv} vs {vhu}"
    );
}

#[test]
fn f32_array_hvp_matches_differences() {
    let to32 = |a: &Array2<f64>| a.mapv(|v| v as f32);
    let x = to32(&grid(5, 3, 6));
    let (w, b) = (to32(&grid(3, 2, 7)), array![0.1_f32, -0.2]);
    let (vw, vb) = (to32(&grid(3, 2, 8)), array![0.5_f32, 1.0]);
    let (_, _, (hw, hb)) = broadcast_f32_hvp(&w, &b, &x, &vw, &vb);
    let h = 1e-2_f32;
    let (gp, gm) = (
        broadcast_f32_grad(&(&w + &(h * &vw)), &(&b + &(h * &vb)), &x).1,
        broadcast_f32_grad(&(&w - &(h * &vw)), &(&b - &(h * &vb)), &x).1,
    );
    let want: Vec<f64> =
        gp.0.iter()
            .zip(gm.0.iter())
            .chain(gp.1.iter().zip(gm.1.iter()))
            .map(|(p, m)| ((p - m) / (2.0 * h)) as f64)
            .collect();
    let got: Vec<f64> = hw.iter().chain(hb.iter()).map(|&v| v as f64).collect();
    assert_close("f32 broadcast", &got, &want, 2e-3);
}

#[test]
fn the_hessian_from_hvps_is_the_closed_form() {
    let x = grid(30, 4, 9);
    let y = Array1::from_shape_fn(30, |i| if i % 2 == 0 { 1.0 } else { -1.0 });
    let w = array![0.3, -0.2, 0.1, 0.0];
    let h = hessian(&w, |v| logistic_hvp(&w, &x, &y, v).2);
    let z = &y * &x.dot(&w);
    let s = z.mapv(|z| {
        let sigma = 1.0 / (1.0 + (-z).exp());
        sigma * (1.0 - sigma)
    });
    let weighted = &x * &s.view().insert_axis(ndarray::Axis(1));
    let closed = x.t().dot(&weighted) / 30.0 + 1e-3 * Array2::<f64>::eye(4);
    for (a, b) in h.iter().zip(closed.iter()) {
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }
}

#[test]
fn newton_with_conjugate_gradient_converges_in_a_few_steps() {
    let x = grid(200, 6, 10);
    let y = Array1::from_shape_fn(200, |i| {
        let s: f64 = x
            .row(i)
            .iter()
            .enumerate()
            .map(|(j, v)| v * (j as f64 - 2.5))
            .sum();
        if s + 0.3 * ((i % 5) as f64 - 2.0) > 0.0 {
            1.0
        } else {
            -1.0
        }
    });
    let mut w = Array1::<f64>::zeros(6);
    let mut steps = 0;
    loop {
        let gradient = logistic_grad(&w, &x, &y).1;
        if gradient.iter().map(|g| g * g).sum::<f64>().sqrt() < 1e-10 {
            break;
        }
        let (step, _) = conjugate_gradient(
            &(-&gradient),
            |v: &Array1<f64>| logistic_hvp(&w, &x, &y, v).2,
            1e-14,
            50,
        );
        w += &step;
        steps += 1;
        assert!(steps <= 15, "Newton did not converge in 15 steps");
    }
    assert!(steps >= 2, "{steps}");
}

/// A branch on a value that carries no derivative, and one on a differentiated value.
#[differentiable]
fn branchy(x: f64, y: f64) -> f64 {
    let mut z = x * y;
    if x > 0.0 {
        z = z.sin() * x;
    } else {
        z = (z * z).exp();
    }
    if y > 1.0 { z * y.ln() } else { z + y * y * y }
}

/// A loop carrying two variables, and a `while` loop that stops when converged.
#[differentiable]
fn loopy(x: f64, y: f64) -> f64 {
    let mut acc = x;
    let mut other = y;
    for i in 0..5 {
        let t = (acc * other).tanh() + i as f64 * 0.1;
        other = other * 0.9 + acc.sin();
        acc = t * x;
    }
    let mut s = acc + other;
    let mut n = 0;
    while n < 20 {
        s = 0.5 * (s + y / s);
        if (s * s - y).abs() < 1e-12 {
            break;
        }
        n += 1;
    }
    s * x
}

/// A loop over the rows of an array, accumulating an array-valued carried variable.
#[differentiable(wrt(w))]
fn rows_loop(w: &Array1<f64>, x: &Array2<f64>) -> f64 {
    let mut h = w.clone();
    for r in 0..x.nrows() {
        let row = x.row(r);
        h = (&h * &row + w).tanh();
    }
    (&h * &h).sum()
}

#[test]
fn hvp_through_branches_and_loops_matches_differences() {
    for &(x, y) in &[(0.7, 1.3), (-0.4, 0.6), (0.3, 0.8), (-0.9, 1.7)] {
        for &(vx, vy) in &[(0.4, -0.9), (1.0, 0.0), (0.0, 1.0)] {
            let (value, grad, hv) = branchy_hvp(x, y, vx, vy);
            assert_eq!(value, branchy(x, y));
            assert_eq!(grad, branchy_grad(x, y).1);
            let want = fd_hvp(|h| {
                let (gx, gy) = branchy_grad(x + h * vx, y + h * vy).1;
                vec![gx, gy]
            });
            assert_close("branchy", &[hv.0, hv.1], &want, 1e-7);
        }
    }
    for &(x, y) in &[(0.7, 1.3), (0.4, 2.6)] {
        let (vx, vy) = (0.3, -0.7);
        let (value, grad, hv) = loopy_hvp(x, y, vx, vy);
        assert_eq!(value, loopy(x, y));
        assert_eq!(grad, loopy_grad(x, y).1);
        let want = fd_hvp(|h| {
            let (gx, gy) = loopy_grad(x + h * vx, y + h * vy).1;
            vec![gx, gy]
        });
        assert_close("loopy", &[hv.0, hv.1], &want, 1e-6);
    }
    let (w, x) = (array![0.3, -0.5, 0.8], grid(4, 3, 2));
    let v = array![0.7, 0.1, -0.4];
    let (value, grad, hv) = rows_loop_hvp(&w, &x, &v);
    assert_eq!(value, rows_loop(&w, &x));
    assert_eq!(grad, rows_loop_grad(&w, &x).1);
    let want = fd_hvp(|h| rows_loop_grad(&(&w + &(h * &v)), &x).1.to_vec());
    assert_close("rows_loop", hv.as_slice().unwrap(), &want, 1e-7);
}

/// Parts of a differentiated array read in a loop (`x.row(r)`) and before it (a row's sum):
/// the tangents of their adjoints add into the same parts of the array's.
#[differentiable]
fn rows_of_both(w: &Array1<f64>, x: &Array2<f64>) -> f64 {
    let first = x.index_axis(Axis(0), 0).sum();
    let mut h = w.clone();
    for r in 0..x.nrows() {
        let row = x.row(r);
        h = (&h * &row + w).tanh() * first.sin();
    }
    (&h * &h).sum()
}

#[test]
fn hvp_through_parts_of_an_array_in_a_loop_matches_differences() {
    let (w, x) = (array![0.3, -0.5, 0.8], grid(4, 3, 5));
    let (v, vx) = (array![0.7, 0.1, -0.4], grid(4, 3, 9));
    let (value, grad, hv) = rows_of_both_hvp(&w, &x, &v, &vx);
    assert_eq!(value, rows_of_both(&w, &x));
    assert_eq!(grad, rows_of_both_grad(&w, &x).1);
    let want = fd_hvp(|h| {
        let (gw, gx) = rows_of_both_grad(&(&w + &(h * &v)), &(&x + &(h * &vx))).1;
        gw.iter().chain(gx.iter()).copied().collect()
    });
    let got: Vec<f64> = hv.0.iter().chain(hv.1.iter()).copied().collect();
    assert_close("rows_of_both", &got, &want, 1e-7);
}

#[derive(Params, Clone, Debug)]
struct Layer {
    w: Array2<f64>,
    b: Array1<f64>,
}

#[derive(Params, Clone, Debug)]
struct Net {
    layers: Vec<Layer>,
    scale: f64,
}

/// A `Params` model: fields, a `Vec` of layers walked by a loop, a float field.
#[differentiable(wrt(m))]
fn net_loss(m: &Net, x: &Array2<f64>) -> f64 {
    let mut h = x.clone();
    for i in 0..m.layers.len() {
        let layer = &m.layers[i];
        h = (h.dot(&layer.w) + &layer.b).tanh();
    }
    m.scale * (&h * &h).sum() + m.scale * m.scale
}

#[test]
fn hvp_of_a_params_model_matches_differences() {
    let layer = |seed: usize| Layer {
        w: grid(3, 3, seed),
        b: grid(1, 3, seed + 1).row(0).to_owned(),
    };
    let m = Net {
        layers: vec![layer(1), layer(4)],
        scale: 0.8,
    };
    let mut v = m.clone();
    v.layers[0].w = grid(3, 3, 9);
    v.layers[1].b = array![0.3, -0.2, 0.5];
    v.scale = -0.6;
    let x = grid(4, 3, 7);
    let (value, grad, hv) = net_loss_hvp(&m, &x, &v);
    assert_eq!(value, net_loss(&m, &x));
    let flat = |n: &Net| {
        let mut out = Vec::new();
        for l in &n.layers {
            out.extend(l.w.iter().copied());
            out.extend(l.b.iter().copied());
        }
        out.push(n.scale);
        out
    };
    assert_eq!(flat(&grad), flat(&net_loss_grad(&m, &x).1));
    let want = fd_hvp(|h| {
        let mut moved = m.clone();
        for (l, d) in moved.layers.iter_mut().zip(&v.layers) {
            l.w = &l.w + &(h * &d.w);
            l.b = &l.b + &(h * &d.b);
        }
        moved.scale += h * v.scale;
        flat(&net_loss_grad(&moved, &x).1)
    });
    assert_close("net_loss", &flat(&hv), &want, 1e-7);
}

#[derive(Params, Clone, Debug)]
struct Affine {
    w: Array2<f64>,
    b: Array1<f64>,
}

#[derive(Params, Clone, Debug)]
struct Stack {
    layers: Vec<Affine>,
    scale: f64,
}

impl Affine {
    #[differentiable]
    fn apply(&self, x: &Array1<f64>) -> Array1<f64> {
        (self.w.dot(x) + &self.b).tanh()
    }
}

impl Stack {
    /// A method calling a method of each layer, then a generic free function that takes an
    /// array by value.
    #[differentiable]
    fn loss(&self, x: &Array1<f64>) -> f64 {
        let mut h = x.clone();
        for layer in &self.layers {
            h = layer.apply(&h);
        }
        squash(self.scale, h)
    }
}

#[differentiable]
fn squash<F: Float>(s: F, h: Array1<F>) -> F {
    let mut acc = s * s;
    for i in 0..h.len() {
        if h[i] > F::zero() {
            acc += h[i] * h[i] * s;
        } else {
            acc -= h[i].sin();
        }
    }
    acc
}

/// The same method called twice: the adjoints and their tangents of both calls add up.
#[differentiable]
fn stack_squared(m: &Stack, x: &Array1<f64>) -> f64 {
    m.loss(x) * m.loss(x)
}

fn stack_along(m: &Stack, d: &Stack, t: f64) -> Stack {
    Stack {
        layers: m
            .layers
            .iter()
            .zip(&d.layers)
            .map(|(l, d)| Affine {
                w: &l.w + &(t * &d.w),
                b: &l.b + &(t * &d.b),
            })
            .collect(),
        scale: m.scale + t * d.scale,
    }
}

fn flat(m: &Stack, x: &Array1<f64>) -> Vec<f64> {
    let mut out = Vec::new();
    for layer in &m.layers {
        out.extend(layer.w.iter().chain(layer.b.iter()));
    }
    out.push(m.scale);
    out.extend(x.iter());
    out
}

#[test]
fn hvp_through_calls_of_functions_and_methods_matches_differences() {
    let layer = |seed| Affine {
        w: grid(3, 3, seed),
        b: grid(1, 3, seed + 1).row(0).to_owned(),
    };
    let m = Stack {
        layers: vec![layer(1), layer(4), layer(7)],
        scale: 0.6,
    };
    let d = Stack {
        layers: vec![layer(11), layer(2), layer(5)],
        scale: -0.4,
    };
    let (x, dx) = (array![0.4, -0.7, 0.2], array![0.2, 0.1, -0.5]);
    let (value, grad, hv) = stack_squared_hvp(&m, &x, &d, &dx);
    assert_eq!(value, stack_squared(&m, &x));
    let exact = stack_squared_grad(&m, &x).1;
    assert_eq!(flat(&grad.0, &grad.1), flat(&exact.0, &exact.1));
    let want = fd_hvp(|h| {
        let (gm, gx) = stack_squared_grad(&stack_along(&m, &d, h), &(&x + &(h * &dx))).1;
        flat(&gm, &gx)
    });
    assert_close("stack_squared", &flat(&hv.0, &hv.1), &want, 1e-7);
}

#[derive(Params, Clone, Debug)]
struct TwoLayer {
    hidden: adjoint::nn::Dense<f64>,
    out: adjoint::nn::Dense<f64>,
}

/// Runtime functions called from the body: layers, activations and losses, some taking their
/// argument by value.
#[differentiable(wrt(m))]
fn classifier(m: &TwoLayer, x: &Array2<f64>, labels: &Array1<usize>, t: &Array2<f64>) -> f64 {
    let h = sigmoid(adjoint::nn::dense(&m.hidden, x));
    let scores = adjoint::nn::dense(&m.out, &h);
    let spread = mse(&softmax(&scores), t) + mean(&log_softmax(scores.view()));
    softmax_cross_entropy(&scores, labels) + 0.1 * spread
}

#[test]
fn hvp_through_runtime_functions_matches_differences() {
    let dense = |rows, cols, seed| adjoint::nn::Dense {
        w: grid(rows, cols, seed),
        b: grid(1, cols, seed + 3).row(0).to_owned(),
    };
    let m = TwoLayer {
        hidden: dense(4, 5, 1),
        out: dense(5, 3, 2),
    };
    let d = TwoLayer {
        hidden: dense(4, 5, 7),
        out: dense(5, 3, 9),
    };
    let (x, labels, t) = (grid(6, 4, 3), array![0, 2, 1, 1, 0, 2], grid(6, 3, 4));
    let leaves = |m: &TwoLayer| -> Vec<f64> {
        [&m.hidden, &m.out]
            .iter()
            .flat_map(|l| l.w.iter().chain(l.b.iter()).copied().collect::<Vec<_>>())
            .collect()
    };
    let along = |h: f64| TwoLayer {
        hidden: adjoint::nn::Dense {
            w: &m.hidden.w + &(h * &d.hidden.w),
            b: &m.hidden.b + &(h * &d.hidden.b),
        },
        out: adjoint::nn::Dense {
            w: &m.out.w + &(h * &d.out.w),
            b: &m.out.b + &(h * &d.out.b),
        },
    };
    let (value, grad, hv) = classifier_hvp(&m, &x, &labels, &t, &d);
    assert_eq!(value, classifier(&m, &x, &labels, &t));
    assert_eq!(
        leaves(&grad),
        leaves(&classifier_grad(&m, &x, &labels, &t).1)
    );
    let want = fd_hvp(|h| leaves(&classifier_grad(&along(h), &x, &labels, &t).1));
    assert_close("classifier", &leaves(&hv), &want, 1e-7);
}

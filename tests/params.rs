//! Models as structs: `#[derive(Params)]`, field access, nested structs, `Vec`s of layers.

use adjoint::check::Checker;
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::prelude::*;

#[derive(Params, Clone, Debug, PartialEq)]
pub struct Dense {
    pub w: Array2<f64>,
    pub b: Array1<f64>,
}

#[derive(Params, Clone, Debug, PartialEq)]
pub struct Mlp {
    pub input: Dense,
    pub block: Dense,
    pub out: Dense,
}

#[differentiable]
pub fn dense(layer: &Dense, x: &Array2<f64>) -> Array2<f64> {
    x.dot(&layer.w) + &layer.b
}

#[differentiable(wrt(m))]
pub fn loss(m: &Mlp, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
    let h = relu(&dense(&m.input, x));
    let h = &h + &relu(&dense(&m.block, &h));
    softmax_cross_entropy(&dense(&m.out, &h), labels)
}

fn layer(seed: u64, fan_in: usize, fan_out: usize) -> Dense {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64) / ((1u64 << 53) as f64) - 0.5
    };
    Dense {
        w: Array2::from_shape_fn((fan_in, fan_out), |_| next()),
        b: Array1::from_shape_fn(fan_out, |_| next() * 0.1),
    }
}

#[test]
fn struct_model_gradient_matches_finite_differences() {
    let m = Mlp {
        input: layer(1, 3, 5),
        block: layer(2, 5, 5),
        out: layer(3, 5, 4),
    };
    let x = array![[0.2, -0.4, 1.0], [1.5, 0.3, -0.7], [-0.1, 0.8, 0.4]];
    let labels = array![0, 3, 1];
    let (value, grad): (f64, Mlp) = loss_grad(&m, &x, &labels);
    assert_eq!(value, loss(&m, &x, &labels));
    let report =
        Checker::new()
            .names(["m"])
            .check_gradient(|m: &Mlp| loss(m, &x, &labels), &m, &grad);
    report.assert_ok();
    assert_eq!(grad.num_params(), m.num_params());
}

#[differentiable]
fn element_reads(x: &Array1<f64>, m: &Array2<f64>) -> f64 {
    x[0] * x[1] + m[[1, 0]] * x[0] + x[0]
}

#[test]
fn element_reads_accumulate_in_place() {
    let x = array![2.0, 3.0, 5.0];
    let m = array![[1.0, 1.0], [7.0, 1.0]];
    let (v, (dx, dm)) = element_reads_grad(&x, &m);
    assert_eq!(v, 6.0 + 14.0 + 2.0);
    assert_eq!(dx, array![3.0 + 7.0 + 1.0, 2.0, 0.0]);
    assert_eq!(dm, array![[0.0, 0.0], [2.0, 0.0]]);
}

/// Only `w` is read: `b` gets zeros.
#[differentiable]
fn reads_only_w(layer: &Dense) -> f64 {
    layer.w.sum()
}

#[test]
fn unread_fields_get_zeros() {
    let l = layer(5, 2, 3);
    let (_, g) = reads_only_w_grad(&l);
    assert_eq!(g.w, Array2::ones((2, 3)));
    assert_eq!(g.b, Array1::zeros(3));
}

/// A model written as methods: `&self` is a differentiated argument like any other.
#[derive(Params, Clone, Debug)]
pub struct Net {
    pub hidden: Dense,
    pub out: Dense,
    #[params(skip)]
    pub leak: f64,
}

impl Net {
    #[differentiable]
    pub fn forward(&self, x: &Array2<f64>) -> Array2<f64> {
        let h = leaky_relu(&dense(&self.hidden, x), self.leak);
        dense(&self.out, &h)
    }

    #[differentiable(wrt(self))]
    pub fn loss(&self, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
        let logits = self.forward(x);
        softmax_cross_entropy(&logits, labels)
    }
}

#[differentiable(wrt(net))]
fn free_loss(net: &Net, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
    net.loss(x, labels) * 2.0
}

#[test]
fn methods_differentiate_self() {
    let net = Net {
        hidden: layer(7, 3, 4),
        out: layer(8, 4, 2),
        leak: 0.05,
    };
    let x = array![[0.2, -0.4, 1.0], [1.5, 0.3, -0.7]];
    let labels = array![1, 0];
    let (value, grad): (f64, Net) = net.loss_grad(&x, &labels);
    assert_eq!(value, net.loss(&x, &labels));
    assert_eq!(
        grad.leak, 0.05,
        "a skipped field is copied, not differentiated"
    );
    Checker::new()
        .names(["net"])
        .check_gradient(|n: &Net| n.loss(&x, &labels), &net, &grad)
        .assert_ok();
    let (v2, g2) = free_loss_grad(&net, &x, &labels);
    assert_eq!(v2, 2.0 * value);
    assert!((g2.out.w[[0, 0]] - 2.0 * grad.out.w[[0, 0]]).abs() < 1e-12);
    let cot = array![[1.0, -1.0], [0.5, 2.0]];
    let (out, (dnet, dx)) = net.forward_vjp(&x, &cot);
    assert_eq!(out, net.forward(&x));
    Checker::new()
        .check_vjp(
            |(n, x): &(Net, Array2<f64>)| n.forward(x),
            &(net.clone(), x.clone()),
            &cot,
            &(dnet, dx),
        )
        .assert_ok();
}

/// One model definition for both float types.
#[derive(Params, Clone, Debug)]
pub struct Generic<F: adjoint::Float> {
    pub w: Array2<F>,
    pub b: Array1<F>,
    pub layers: Vec<Array2<F>>,
}

#[differentiable(wrt(m))]
fn generic_loss<F: adjoint::Float>(m: &Generic<F>, x: &Array2<F>, target: &Array2<F>) -> F {
    let h = (x.dot(&m.w) + &m.b).tanh();
    let h = h.dot(&m.layers[0]).tanh();
    // Shared weights: the same layer twice, and two losses summed.
    let y = h.dot(&m.layers[1]).dot(&m.layers[1]);
    mse(&y, target) + mean(&(&m.layers[0] * &m.layers[0]))
}

fn generic_model<F: adjoint::Float>() -> Generic<F> {
    let f = |v: f64| F::from_f64_lossy(v);
    Generic {
        w: Array2::from_shape_fn((2, 3), |(i, j)| f(((i * 3 + j) as f64 * 0.7).sin() * 0.5)),
        b: Array1::from_shape_fn(3, |j| f(j as f64 * 0.1 - 0.1)),
        layers: vec![
            Array2::from_shape_fn((3, 2), |(i, j)| f(((i + 2 * j) as f64).cos() * 0.4)),
            Array2::from_shape_fn((2, 2), |(i, j)| f(((3 * i + j) as f64 + 0.5).sin() * 0.6)),
        ],
    }
}

#[test]
fn a_generic_model_serves_f32_and_f64() {
    let x64 = array![[0.5, -1.0], [1.5, 0.25], [-0.3, 0.8]];
    let t64 = array![[0.1, 0.2], [0.0, -0.4], [0.3, 0.3]];
    let m64: Generic<f64> = generic_model();
    let (v64, g64) = generic_loss_grad(&m64, &x64, &t64);
    Checker::new()
        .names(["m"])
        .check_gradient(|m: &Generic<f64>| generic_loss(m, &x64, &t64), &m64, &g64)
        .assert_ok();

    let (x32, t32) = (x64.mapv(|v| v as f32), t64.mapv(|v| v as f32));
    let m32: Generic<f32> = generic_model();
    let (v32, g32) = generic_loss_grad(&m32, &x32, &t32);
    assert!((f64::from(v32) - v64).abs() < 1e-5, "{v32} vs {v64}");
    for (a, b) in g32.layers[1].iter().zip(g64.layers[1].iter()) {
        assert!((f64::from(*a) - b).abs() < 1e-4, "{a} vs {b}");
    }
}

/// A method in a generic `impl`: the attribute is told the `impl`'s type parameters.
#[derive(Params, Clone, Debug)]
pub struct Scaler<F: adjoint::Float> {
    pub w: Array1<F>,
}

impl<F: adjoint::Float> Scaler<F> {
    #[differentiable(impl_generics(F))]
    pub fn apply(&self, x: &Array1<F>) -> Array1<F> {
        (x * &self.w).tanh()
    }

    #[differentiable(wrt(self), impl_generics(F))]
    pub fn energy(&self, x: &Array1<F>) -> F {
        let h = x * F::from_f64_lossy(2.0);
        mean(&self.apply(&h))
    }
}

#[test]
fn methods_of_generic_impls() {
    let s = Scaler {
        w: array![0.5, -1.0, 2.0],
    };
    let x = array![0.3, 0.2, -0.1];
    let (v, g) = s.energy_grad(&x);
    assert_eq!(v, s.energy(&x));
    Checker::new()
        .check_gradient(|s: &Scaler<f64>| s.energy(&x), &s, &g)
        .assert_ok();
}

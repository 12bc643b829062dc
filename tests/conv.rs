//! Convolution and pooling inside `#[differentiable]` functions: `conv2d`, `max_pool2d`,
//! `avg_pool2d`, `flatten` and the `Conv2d` layer called from generated code, gradients against
//! central differences in f64 and f32, models that derive `Params` with `Conv2d` fields, `Vec`s
//! of layers and configuration fields, and `NAME_grad_into` without allocations after the first
//! call.

use adjoint::Workspace;
use adjoint::check::{Checker, check_gradient};
use adjoint::init;
use adjoint::ndarray::{Array1, Array2, Array4};
use adjoint::nn::{Conv2d, Dense, avg_pool2d, conv, conv2d, dense, flatten, max_pool2d};
use adjoint::prelude::*;

#[path = "../runtime/tests/support/counting_allocator.rs"]
mod counting_allocator;
use counting_allocator::allocations;

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

/// Every primitive, with literal strides and paddings, generic over the float type.
#[differentiable(wrt(x, w, b, v))]
fn every_primitive<F: Float>(x: &Array4<F>, w: &Array4<F>, b: &Array1<F>, v: &Array2<F>) -> F {
    let h = conv2d(x, w, b, (1, 1), (1, 1));
    let h = relu(&h);
    let h = conv2d(&h, &w.view(), b, (2, 2), (2, 2));
    let pooled = max_pool2d(&h, (2, 2), (1, 1));
    let averaged = avg_pool2d(&pooled, (2, 1), (1, 2));
    (flatten(&averaged) * v).sum()
}

/// Strides and paddings passed as arguments: constants of the function.
#[differentiable(wrt(x, w, b))]
fn configured(
    x: &Array4<f64>,
    w: &Array4<f64>,
    b: &Array1<f64>,
    stride: (usize, usize),
    padding: (usize, usize),
) -> f64 {
    let y = conv2d(x, w, b, stride, padding);
    (&y * &y).sum()
}

/// A CNN as a user writes it: layers in a derived struct, and a `#[params(skip)]` tuple field
/// of configuration (the pooling window, passed to the loss by its caller: a body that reads
/// `m.pool` itself as a call's argument asks for its adjoint).
#[derive(Params, Clone, Debug, PartialEq)]
struct Cnn {
    conv1: Conv2d<f64>,
    conv2: Conv2d<f64>,
    out: Dense<f64>,
    #[params(skip)]
    pool: (usize, usize),
}

#[differentiable(wrt(m))]
fn cnn_loss(m: &Cnn, x: &Array4<f64>, labels: &Array1<usize>, pool: (usize, usize)) -> f64 {
    let h = relu(&conv(&m.conv1, x));
    let h = relu(&conv(&m.conv2, &h));
    let h = max_pool2d(&h, pool, pool);
    softmax_cross_entropy(&dense(&m.out, &flatten(&h)), labels)
}

/// A stack of convolutions in a `Vec`, applied in a loop.
#[differentiable(wrt(layers))]
fn stack_loss(layers: &Vec<Conv2d<f64>>, x: &Array4<f64>) -> f64 {
    let mut h = x.clone();
    for layer in layers {
        h = relu(&conv(layer, &h)).tanh();
    }
    avg_pool2d(&h, (2, 2), (2, 2)).sum()
}

#[derive(Params, Clone, Debug, PartialEq)]
struct SmallCnn {
    conv: Conv2d<f32>,
    out: Dense<f32>,
}

/// The benchmarks' block and a digits-sized classifier in f32, for `NAME_grad_into`.
#[differentiable(wrt(m))]
fn small_cnn_loss(m: &SmallCnn, x: &Array4<f32>, labels: &Array1<usize>) -> f32 {
    let h = relu(&conv(&m.conv, x));
    let h = max_pool2d(&h, (2, 2), (2, 2));
    softmax_cross_entropy(&dense(&m.out, &flatten(&h)), labels)
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

fn normal4<F: Float>(shape: (usize, usize, usize, usize), seed: u64) -> Array4<F> {
    init::normal(shape, 1.0, &mut init::rng(seed))
}

fn cnn(seed: u64) -> Cnn {
    let mut rng = init::rng(seed);
    let mut conv1 = Conv2d::new(2, 3, (3, 3), &mut rng).padding((1, 1));
    conv1.b = init::normal(3, 0.5, &mut rng);
    let conv2 = Conv2d::new(3, 4, (3, 2), &mut rng)
        .stride((1, 2))
        .padding((2, 1));
    // [n, 2, 5, 6] → conv1 [n, 3, 5, 6] → conv2 [n, 4, 7, 4] → pool 2 [n, 4, 3, 2]
    Cnn {
        conv1,
        conv2,
        out: Dense::new(24, 3, &mut rng),
        pool: (2, 2),
    }
}

// ---------------------------------------------------------------------------------------------
// Gradients against central differences
// ---------------------------------------------------------------------------------------------

#[test]
fn every_primitive_in_a_function_matches_finite_differences_f64() {
    for seed in 0..3 {
        let x = normal4::<f64>((2, 2, 7, 6), seed);
        let w = normal4::<f64>((2, 2, 3, 3), seed + 10);
        let b: Array1<f64> = init::normal(2, 1.0, &mut init::rng(seed + 20));
        // [2, 2, 7, 6] → conv [2, 2, 7, 6] → conv s2 p2 [2, 2, 5, 5] → max 2 s1 [2, 2, 4, 4]
        // → avg (2, 1) s(1, 2) [2, 2, 3, 2] → flatten [2, 12]
        let v: Array2<f64> = init::normal((2, 12), 1.0, &mut init::rng(seed + 30));
        let (value, grad) = every_primitive_grad(&x, &w, &b, &v);
        assert_eq!(value, every_primitive(&x, &w, &b, &v));
        let f = |(x, w, b, v): &(Array4<f64>, Array4<f64>, Array1<f64>, Array2<f64>)| {
            every_primitive(x, w, b, v)
        };
        Checker::new()
            .names(["x", "w", "b", "v"])
            .check_gradient(f, &(x, w, b, v), &grad)
            .assert_ok();
    }
}

#[test]
fn every_primitive_in_a_function_matches_finite_differences_f32() {
    let x = normal4::<f32>((1, 2, 6, 5), 1);
    let w = normal4::<f32>((2, 2, 3, 3), 2);
    let b: Array1<f32> = init::normal(2, 1.0, &mut init::rng(3));
    // [1, 2, 6, 5] → [1, 2, 6, 5] → s2 p2 [1, 2, 4, 4] → [1, 2, 3, 3] → [1, 2, 2, 2] → [1, 8]
    let v: Array2<f32> = init::normal((1, 8), 1.0, &mut init::rng(4));
    let (_, grad) = every_primitive_grad(&x, &w, &b, &v);
    let f = |(x, w, b, v): &(Array4<f32>, Array4<f32>, Array1<f32>, Array2<f32>)| {
        every_primitive(x, w, b, v)
    };
    // A step of 1e-3 (not f32's default 1e-2) keeps the ReLUs and maxima where they are.
    Checker::new()
        .step(1e-3)
        .rtol(3e-2)
        .atol(3e-2)
        .check_gradient(f, &(x, w, b, v), &grad)
        .assert_ok();
}

#[test]
fn strides_and_paddings_as_arguments() {
    let x = normal4::<f64>((2, 3, 7, 8), 5);
    let w = normal4::<f64>((2, 3, 5, 5), 6);
    let b: Array1<f64> = init::normal(2, 1.0, &mut init::rng(7));
    for (stride, padding) in [((1, 1), (0, 0)), ((2, 2), (1, 1)), ((2, 1), (2, 2))] {
        let (value, grad) = configured_grad(&x, &w, &b, stride, padding);
        assert_eq!(value, configured(&x, &w, &b, stride, padding));
        let f = |(x, w, b): &(Array4<f64>, Array4<f64>, Array1<f64>)| {
            configured(x, w, b, stride, padding)
        };
        check_gradient(f, &(x.clone(), w.clone(), b.clone()), &grad).assert_ok();
    }
}

/// Kernels as tall or wide as the padded image or more (a 1×2 image under a 3×3 kernel with
/// padding 1), where some kernel rows read no image row at all.
#[test]
fn kernels_larger_than_the_image() {
    for (image, kernel, padding) in [
        ((3, 1, 1, 2), (2, 1, 3, 3), (1, 1)),
        ((2, 2, 2, 1), (1, 2, 3, 3), (1, 1)),
        ((1, 1, 1, 1), (1, 1, 5, 5), (2, 2)),
        ((2, 1, 2, 3), (1, 1, 5, 3), (2, 1)),
    ] {
        let x = normal4::<f64>(image, 11);
        let w = normal4::<f64>(kernel, 12);
        let b: Array1<f64> = init::normal(kernel.0, 1.0, &mut init::rng(13));
        let (value, grad) = configured_grad(&x, &w, &b, (1, 1), padding);
        assert_eq!(value, configured(&x, &w, &b, (1, 1), padding));
        let f = |(x, w, b): &(Array4<f64>, Array4<f64>, Array1<f64>)| {
            configured(x, w, b, (1, 1), padding)
        };
        check_gradient(f, &(x.clone(), w.clone(), b.clone()), &grad).assert_ok();
    }
}

#[test]
fn a_derived_model_with_conv_layers_and_a_skipped_tuple_field() {
    let m = cnn(1);
    let x = normal4::<f64>((3, 2, 5, 6), 2);
    let labels = Array1::from(vec![0, 2, 1]);
    let (loss, grad) = cnn_loss_grad(&m, &x, &labels, m.pool);
    assert_eq!(loss, cnn_loss(&m, &x, &labels, m.pool));
    // The configuration is copied into the gradient, never differentiated.
    assert_eq!(grad.pool, (2, 2));
    assert_eq!((grad.conv2.stride, grad.conv2.padding), ((1, 2), (2, 1)));
    assert!(m.is_constant_field("pool") && !m.is_constant_field("conv1"));
    check_gradient(|m: &Cnn| cnn_loss(m, &x, &labels, m.pool), &m, &grad).assert_ok();
    let mut paths = Vec::new();
    m.visit("", &mut |path, _| paths.push(path.to_owned()));
    assert_eq!(
        paths,
        ["conv1.w", "conv1.b", "conv2.w", "conv2.b", "out.w", "out.b"]
    );
}

#[test]
fn a_vec_of_conv_layers_in_a_loop() {
    let mut rng = init::rng(3);
    let mut layers = vec![
        Conv2d::new(1, 2, (3, 3), &mut rng).padding((1, 1)),
        Conv2d::new(2, 2, (1, 1), &mut rng),
        Conv2d::new(2, 3, (3, 3), &mut rng)
            .stride((2, 2))
            .padding((2, 2)),
    ];
    // Biases away from zero, so that no ReLU sits at its kink where a ReLU zeroed the input.
    for layer in &mut layers {
        layer.b = init::uniform(layer.c_out(), 0.5, &mut rng) + 0.75;
    }
    let x = normal4::<f64>((2, 1, 6, 6), 4);
    let (value, grad) = stack_loss_grad(&layers, &x);
    assert_eq!(value, stack_loss(&layers, &x));
    assert_eq!(grad.len(), 3);
    check_gradient(
        |layers: &Vec<Conv2d<f64>>| stack_loss(layers, &x),
        &layers,
        &grad,
    )
    .assert_ok();
}

#[test]
fn optimizers_train_conv_layers() {
    let mut m = cnn(5);
    let x = normal4::<f64>((6, 2, 5, 6), 6);
    let labels = Array1::from(vec![0, 1, 2, 0, 1, 2]);
    let first = cnn_loss(&m, &x, &labels, m.pool);
    let mut opt = Adam::new(0.01);
    for _ in 0..100 {
        let (_, grad) = cnn_loss_grad(&m, &x, &labels, m.pool);
        opt.step(&mut m, &grad);
    }
    assert!(cnn_loss(&m, &x, &labels, m.pool) < 0.1 * first);
    assert_eq!((m.conv2.stride, m.pool), ((1, 2), (2, 2)));
}

// ---------------------------------------------------------------------------------------------
// NAME_grad_into
// ---------------------------------------------------------------------------------------------

fn small_cnn(c_in: usize, c_out: usize, side: usize, seed: u64) -> SmallCnn {
    let mut rng = init::rng(seed);
    let conv = Conv2d::new(c_in, c_out, (3, 3), &mut rng).padding((1, 1));
    let pooled = c_out * (side / 2) * (side / 2);
    SmallCnn {
        conv,
        out: Dense::new(pooled, 10, &mut rng),
    }
}

#[test]
fn grad_into_adds_the_gradient() {
    let m = small_cnn(1, 4, 8, 1);
    let x = normal4::<f32>((5, 1, 8, 8), 2);
    let labels = Array1::from(vec![0, 1, 2, 3, 4]);
    let (loss, grad) = small_cnn_loss_grad(&m, &x, &labels);
    let (mut grads, mut ws) = (m.zeros_like(), Workspace::new());
    for _ in 0..2 {
        assert_eq!(
            small_cnn_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws),
            loss
        );
    }
    let mut twice = grad.clone();
    twice.accumulate(&grad);
    assert_eq!(grads, twice);
}

/// After the first call with the same shapes, a CNN step allocates nothing: every buffer comes
/// from the workspace (the max-pool's argmax included). The batch is small enough that every
/// product goes to nano-gemm: the `gemm` crate allocates its packing buffers in every call
/// (BENCHMARKS.md, "Zero-allocation path").
#[test]
fn grad_into_allocates_nothing_after_the_first_call() {
    let m = small_cnn(1, 8, 8, 3);
    let x = normal4::<f32>((8, 1, 8, 8), 4);
    let labels = Array1::from_shape_fn(8, |i| i % 10);
    let (mut grads, mut ws) = (m.zeros_like(), Workspace::new());
    small_cnn_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws);
    let (n, _) = allocations(|| small_cnn_loss_grad_into(&m, &x, &labels, &mut grads, &mut ws));
    assert_eq!(n, 0, "allocations per call after the first");
    // The counter counts: the same step without a workspace allocates its arrays.
    let (n, _) = allocations(|| small_cnn_loss_grad(&m, &x, &labels));
    assert!(n > 5, "{n}");
}

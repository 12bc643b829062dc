//! Generated code names everything by absolute path: redefining prelude names in the user's
//! module changes nothing.
#![deny(warnings)]
#![allow(non_camel_case_types)]

use adjoint::ndarray::{Array1, Array2, array};
use adjoint::prelude::*;

struct Option;
struct Result;
struct Box;
struct Vec;
struct String;
struct Some;
struct None;
struct Ok;
struct Err;
struct f32_ops;
trait Clone {}
trait Copy {}
trait Into {}
trait From {}
trait Default {}
trait Iterator {}
trait IntoIterator {}
trait Fn {}
trait FnMut {}
trait FnOnce {}
trait Drop {}
trait Send {}
trait Sync {}
trait Sized {}
trait ToOwned {}
trait AsRef {}
#[allow(dead_code)]
mod core {}
#[allow(dead_code)]
mod std {}
#[allow(dead_code)]
mod ndarray {}
#[allow(dead_code)]
mod adjoint_runtime {}
fn drop() {}
fn panic() {}
fn unreachable() {}
fn assert() {}

#[differentiable]
fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

#[differentiable]
fn dense(x: &Array2<f32>, w: &Array2<f32>, b: &Array1<f32>) -> Array2<f32> {
    x.dot(w) + b
}

#[differentiable(wrt(w1, b1, w2, b2))]
fn loss(
    x: &Array2<f32>,
    labels: &Array1<usize>,
    w1: &Array2<f32>,
    b1: &Array1<f32>,
    w2: &Array2<f32>,
    b2: &Array1<f32>,
) -> f32 {
    let h = relu(&dense(x, w1, b1));
    softmax_cross_entropy(&dense(&h, w2, b2), labels)
}

// Every shadowing item is used, so that `#![deny(warnings)]` checks only the expansion.
struct Uses<
    A: Clone + Copy + Into + From + Default,
    B: Iterator + IntoIterator + Fn + FnMut + FnOnce,
>(A, B);
trait AllOf: Drop + Send + Sync + Sized + ToOwned + AsRef {}
impl Clone for () {}
impl Copy for () {}
impl Into for () {}
impl From for () {}
impl Default for () {}
impl Iterator for () {}
impl IntoIterator for () {}
impl Fn for () {}
impl FnMut for () {}
impl FnOnce for () {}

fn main() {
    let _ = (
        Option, Result, Box, Vec, String, Some, None, Ok, Err, f32_ops,
    );
    drop();
    panic();
    unreachable();
    assert();
    let _: ::core::option::Option<&dyn AllOf> = ::core::option::Option::None;
    let _: ::core::option::Option<Uses<(), ()>> = ::core::option::Option::None;

    let (value, (dx, dy)) = rosenbrock_grad(-1.2, 1.0);
    assert!((value - 24.2).abs() < 1e-9, "{value}");
    assert!((dx - -215.6).abs() < 1e-9, "{dx}");
    assert!((dy - -88.0).abs() < 1e-9, "{dy}");

    let x = array![[1.0f32, 2.0], [3.0, -1.0]];
    let w = array![[0.5f32, -1.0, 0.2], [0.1, 0.3, -0.4]];
    let b = array![0.1f32, 0.2, 0.3];
    let cot = Array2::<f32>::ones((2, 3));
    let (out, (dx, dw, db)) = dense_vjp(&x, &w, &b, &cot);
    assert_eq!(out, x.dot(&w) + &b);
    assert_eq!(dx, cot.dot(&w.t()));
    assert_eq!(dw, x.t().dot(&cot));
    assert_eq!(db, array![2.0f32, 2.0, 2.0]);

    let labels = array![0usize, 2];
    let w2 = array![[0.5f32, -1.0, 0.2], [0.1, 0.3, -0.4], [0.3, 0.2, 0.1]];
    let (l, (dw1, db1, dw2, db2)) = loss_grad(&x, &labels, &w, &b, &w2, &b);
    assert!(l.is_finite());
    assert_eq!(dw1.dim(), (2, 3));
    assert_eq!(db1.dim(), 3);
    assert_eq!(dw2.dim(), (3, 3));
    assert_eq!(db2.dim(), 3);
}

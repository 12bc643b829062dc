//! Random programs through the real `#[differentiable]`: every `_grad` and `_vjp` against
//! central differences in `f64`, every value against the original function's, bit for bit.
//!
//! ```sh
//! # the CI run: 300 programs of seed 0
//! cargo test -p adjoint-random-programs --test random_programs
//! # any number, any seed (and `ADJOINT_RANDOM_FIRST=k` to start at program k)
//! ADJOINT_RANDOM_SEED=7 ADJOINT_RANDOM_COUNT=2000 cargo test --release -p adjoint-random-programs --test random_programs -- --nocapture
//! ```
//!
//! `tests/random-programs/run-many.sh` runs thousands in chunks and sets aside any program
//! that does not compile.

// Random programs bind values they never read and write parentheses a person would not.
#![allow(
    unused,
    unused_parens,
    unused_comparisons,
    clippy::all,
    clippy::pedantic
)]

use adjoint::ndarray::{
    self as ndarray, Array1, Array2, Array4, ArrayD, ArrayView1, ArrayView2, ArrayView4, Axis,
    Order, Zip, array,
};
use adjoint::nn::{avg_pool2d, conv2d, flatten, max_pool2d};
use adjoint::prelude::*;
use adjoint_random_programs::{Harness, Point, a1, a2, a4, leaf, s};

include!(concat!(env!("OUT_DIR"), "/programs.rs"));

#[test]
fn random_programs_match_finite_differences() {
    let mut h = Harness::new(SEED);
    check_all(&mut h);
    h.finish();
}

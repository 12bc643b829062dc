//! Threads inside products: `adjoint::set_num_threads`, `adjoint::num_threads` and
//! `ADJOINT_NUM_THREADS`, and that products and a W3-sized gradient have the same bits on one
//! thread and on every core, run after run. No timings here (see `benches/threads.rs`).
//!
//! The count is global: the tests that set it take [`COUNT`] first. The environment variable
//! is read once per process, so each of its cases runs this test binary again as a child.

use std::process::Command;
use std::sync::{Mutex, MutexGuard, PoisonError};

use adjoint::init;
use adjoint::ndarray::{Array1, Array2};
use adjoint::nn::{Dense, dense};
use adjoint::ops::linalg::matmul;
use adjoint::prelude::*;
use adjoint::threads::{self, parse_count, with_one_thread};

/// Held by every test that sets the thread count.
static COUNT: Mutex<()> = Mutex::new(());

fn count_lock() -> MutexGuard<'static, ()> {
    COUNT.lock().unwrap_or_else(PoisonError::into_inner)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The test the children run: asserts that the first `num_threads()` is
/// `ADJOINT_THREADS_EXPECTED`, after `set_num_threads(ADJOINT_THREADS_SET)` if that is set.
#[test]
#[ignore = "run as a child by `the_environment_variable_is_read_on_first_use`"]
fn child_reads_the_count() {
    let expected: usize = std::env::var("ADJOINT_THREADS_EXPECTED")
        .expect("run by the_environment_variable_is_read_on_first_use")
        .parse()
        .unwrap();
    if let Ok(n) = std::env::var("ADJOINT_THREADS_SET") {
        adjoint::set_num_threads(n.parse().unwrap());
    }
    assert_eq!(adjoint::num_threads(), expected);
}

/// Runs [`child_reads_the_count`] in a new process with `ADJOINT_NUM_THREADS` set to `value`
/// (unset for `None`), and `set_num_threads(set)` first if `set` is given.
fn child(value: Option<&str>, set: Option<usize>, expected: usize) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "child_reads_the_count",
            "--ignored",
            "--test-threads=1",
        ])
        .env("ADJOINT_THREADS_EXPECTED", expected.to_string())
        .env_remove("ADJOINT_THREADS_SET");
    match value {
        Some(value) => command.env(threads::ENV_VAR, value),
        None => command.env_remove(threads::ENV_VAR),
    };
    if let Some(set) = set {
        command.env("ADJOINT_THREADS_SET", set.to_string());
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success() && String::from_utf8_lossy(&output.stdout).contains("1 passed"),
        "ADJOINT_NUM_THREADS={value:?}, set {set:?}, expecting {expected}:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_environment_variable_is_read_on_first_use() {
    let all = if cfg!(feature = "parallel") {
        cores()
    } else {
        1
    };
    child(None, None, all);
    child(Some("1"), None, 1);
    child(Some("0"), None, all);
    child(Some(" 2 "), None, 2.min(all));
    child(Some("1000000"), None, all); // clamped to the cores there are
    child(Some("two"), None, all); // not a count: a warning, then the default
    child(Some("-1"), None, all);
    child(Some(""), None, all);
    // A call before the first use wins, and the variable is never read.
    child(Some("1"), Some(0), all);
    child(Some("two"), Some(1), 1);
}

#[test]
fn counts_parse_as_decimal_integers() {
    assert_eq!(parse_count("3"), Some(3));
    assert_eq!(parse_count(" 0\n"), Some(0));
    for bad in ["", " ", "1.5", "-2", "0x2", "two", "2 threads"] {
        assert_eq!(parse_count(bad), None, "{bad:?}");
    }
}

#[test]
fn set_and_get_with_clamping() {
    let _lock = count_lock();
    let all = if cfg!(feature = "parallel") {
        cores()
    } else {
        1
    };
    adjoint::set_num_threads(1);
    assert_eq!(adjoint::num_threads(), 1);
    adjoint::set_num_threads(2);
    assert_eq!(adjoint::num_threads(), 2.min(all));
    adjoint::set_num_threads(usize::MAX);
    assert_eq!(adjoint::num_threads(), all);
    adjoint::set_num_threads(0);
    assert_eq!(adjoint::num_threads(), all);
    // Pinned inside `with_one_thread` (as in `data_parallel`'s shards), and again after it.
    assert_eq!(with_one_thread(adjoint::num_threads), 1);
    assert_eq!(adjoint::num_threads(), all);
    // Pinned on this thread only.
    with_one_thread(|| {
        let other = std::thread::spawn(adjoint::num_threads).join().unwrap();
        assert_eq!(other, all);
    });
}

/// Values in [-1, 1) that are not integers, so that a different order of summation would
/// show in the bits.
fn fractions(rows: usize, cols: usize, seed: usize) -> Array2<f32> {
    Array2::from_shape_fn((rows, cols), |(i, j)| {
        (((i * 131 + j * 71 + seed * 37) % 1009) as f32 / 504.5 - 1.0) * 1.1
    })
}

#[test]
fn products_on_two_threads_match_one_and_repeat_bit_for_bit() {
    let _lock = count_lock();
    // W2's and W3's shapes, a transposed operand as in a weight's gradient, and a product cut
    // in uneven bands.
    for (m, k, n, transposed) in [
        (64, 784, 128, false),
        (784, 64, 128, true),
        (256, 784, 512, false),
        (512, 256, 512, true),
        (300, 257, 130, false),
    ] {
        let a = if transposed {
            fractions(k, m, 1).reversed_axes()
        } else {
            fractions(m, k, 1)
        };
        let b = fractions(k, n, 2);
        adjoint::set_num_threads(1);
        let one = matmul(&a, &b);
        adjoint::set_num_threads(2);
        let two = matmul(&a, &b);
        let again = matmul(&a, &b);
        let what = format!("{m}×{k}·{k}×{n}");
        assert!(two == again, "{what}: two runs on two threads differ");
        let scale = one.iter().fold(0.0_f32, |s, x| s.max(x.abs()));
        for (x, y) in one.iter().zip(&two) {
            assert!((x - y).abs() <= 1e-6 * scale, "{what}: {x} and {y}");
        }
        // The bands keep gemm's order of summation: the same bits as on one thread.
        assert!(one == two, "{what}: one thread and two differ");
    }
    adjoint::set_num_threads(0);
}

#[derive(Params, Clone)]
struct Mlp3 {
    hidden1: Dense<f32>,
    hidden2: Dense<f32>,
    out: Dense<f32>,
}

#[differentiable(wrt(m))]
fn loss(m: &Mlp3, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
    let h1 = relu(&dense(&m.hidden1, x));
    let h2 = relu(&dense(&m.hidden2, &h1));
    softmax_cross_entropy(&dense(&m.out, &h2), labels)
}

/// The loss and every gradient element of W3's model (784→512→512→10, batch 256), as bits.
fn w3_gradient_bits(m: &Mlp3, x: &Array2<f32>, labels: &Array1<usize>) -> Vec<u32> {
    let (value, grad) = loss_grad(m, x, labels);
    let mut bits = vec![value.to_bits()];
    grad.visit("", &mut |_, leaf| {
        bits.extend(leaf.iter().map(|v| v.to_bits()))
    });
    bits
}

#[test]
fn a_w3_gradient_has_the_same_bits_on_one_thread_and_two() {
    let _lock = count_lock();
    let mut rng = init::rng(42);
    let m = Mlp3 {
        hidden1: Dense::new(784, 512, &mut rng),
        hidden2: Dense::new(512, 512, &mut rng),
        out: Dense::new(512, 10, &mut rng),
    };
    let x = init::normal((256, 784), 1.0, &mut rng);
    let labels = Array1::from_iter((0..256).map(|i| (i * 7) % 10));
    adjoint::set_num_threads(2);
    let two = w3_gradient_bits(&m, &x, &labels);
    let again = w3_gradient_bits(&m, &x, &labels);
    adjoint::set_num_threads(1);
    let one = w3_gradient_bits(&m, &x, &labels);
    adjoint::set_num_threads(0);
    assert!(two == again, "two runs on two threads differ");
    assert!(one == two, "one thread and two differ");
}

//! Every `unsafe` block of the runtime (the crate docs list them), driven from safe code with
//! adversarial input: operands whose shapes disagree (a clear panic, in debug and release
//! alike), zero-size arrays, and non-contiguous, reversed, broadcast and transposed views, in
//! `f32` and `f64`, on both product kernels (nano-gemm below 2¹⁷ multiply-adds, the `gemm` crate
//! from there, on one thread and in bands on every core), with the buffer pool lending buffers
//! larger than asked for.
//!
//! Products are compared with ndarray's `dot` of the same views and with a plain triple loop.
//! The values are small integers, so every sum is exact in either type and in any order, and
//! the comparisons are exact. CI runs this file in debug and in release; `scripts/memcheck.sh`
//! runs it under valgrind, which does not emulate AVX-512, so these release runs are the ones
//! that check the AVX-512 kernels on a CPU that has them.

use std::panic::{AssertUnwindSafe, catch_unwind};

use adjoint_runtime::layers::{Dense, dense};
use adjoint_runtime::ops::binary::{self, Add, Mul};
use adjoint_runtime::ops::linalg::{dot, dot_vjp_lhs, dot_vjp_rhs, matmul, matmul_into};
use adjoint_runtime::ops::reduce;
use adjoint_runtime::ops::unary::{self, Exp, Tanh, Vectorized};
use adjoint_runtime::ops::vectorized::Kernel;
use adjoint_runtime::threads;
use adjoint_runtime::workspace::{give, install};
use adjoint_runtime::{Float, Workspace};
use ndarray::{Array1, Array2, ArrayView2, Axis, s};

/// Small integers in [-4, 4], different for each `seed`.
fn integers<F: Float>(rows: usize, cols: usize, seed: usize) -> Array2<F> {
    Array2::from_shape_fn((rows, cols), |(i, j)| {
        F::from_f64_lossy(((i * 7 + j * 13 + seed * 29) % 9) as f64 - 4.0)
    })
}

/// Calls `check` with `rows`×`cols` operands in every layout, each with its name: standard,
/// transposed (column-major), strided (every other row, every third column), reversed
/// (negative strides on both axes), and broadcast (stride 0 along rows, along columns, along
/// both). The broadcast ones hold other values than the rest, as broadcasting needs.
fn each_layout<F: Float>(
    rows: usize,
    cols: usize,
    seed: usize,
    mut check: impl FnMut(&str, ArrayView2<'_, F>),
) {
    let x = integers::<F>(rows, cols, seed);
    check("standard", x.view());
    let transposed = x.t().to_owned();
    check("transposed", transposed.t());
    let mut big = Array2::from_elem((2 * rows + 1, 3 * cols + 2), F::nan());
    big.slice_mut(s![1..;2, ..;3])
        .slice_mut(s![..rows, ..cols])
        .assign(&x);
    check(
        "strided",
        big.slice(s![1..;2, ..;3]).slice_move(s![..rows, ..cols]),
    );
    let mut big = Array2::from_elem((2 * rows + 1, 3 * cols + 2), F::nan());
    big.slice_mut(s![..;-2, ..;-3])
        .slice_mut(s![..rows, ..cols])
        .assign(&x);
    let reversed = big.slice(s![..;-2, ..;-3]).slice_move(s![..rows, ..cols]);
    assert!(rows < 2 || cols < 2 || reversed.strides().iter().all(|&s| s < 0));
    check("reversed", reversed);
    let row = integers::<F>(1, cols, seed + 1);
    check("broadcast row", row.broadcast((rows, cols)).unwrap());
    let column = integers::<F>(rows, 1, seed + 2);
    check("broadcast column", column.broadcast((rows, cols)).unwrap());
    let one = integers::<F>(1, 1, seed + 3);
    check("broadcast element", one.broadcast((rows, cols)).unwrap());
}

/// `a·b` by the definition, in `f64`, over row-major copies of the operands.
fn triple_loop<F: Float>(a: &ArrayView2<'_, F>, b: &ArrayView2<'_, F>) -> Array2<f64> {
    let ((m, k), n) = (a.dim(), b.ncols());
    let a: Vec<f64> = a.iter().map(|x| x.to_f64_exact()).collect();
    let b: Vec<f64> = b.iter().map(|x| x.to_f64_exact()).collect();
    let mut c = vec![0.0; m * n];
    for i in 0..m {
        for p in 0..k {
            let a_ip = a[i * k + p];
            for j in 0..n {
                c[i * n + j] += a_ip * b[p * n + j];
            }
        }
    }
    Array2::from_shape_vec((m, n), c).unwrap()
}

/// The shapes (m, k, n): nano-gemm's (W1's, odd sizes, 1×1, the largest below the `gemm`
/// crate's threshold, a transposed `B` that just fits and just misses the stack copy), the
/// `gemm` crate's (the threshold itself, m = 1, n = 1, k = 1, odd sizes), and zero-size
/// products next to large ones, which take the small path.
const SHAPES: [(usize, usize, usize); 20] = [
    (1, 1, 1),
    (150, 4, 16),
    (16, 150, 3),
    (17, 33, 9),
    (2, 1, 3),
    (64, 64, 31),
    (9, 64, 64),
    (9, 64, 65),
    (64, 64, 32),
    (1, 64, 2100),
    (2100, 64, 1),
    (600, 1, 300),
    (67, 41, 53),
    (0, 4, 3),
    (3, 0, 5),
    (4, 3, 0),
    (300, 0, 300),
    (0, 500, 500),
    (500, 500, 0),
    (0, 0, 0),
];

/// `matmul` against ndarray's `dot` of the same views for every pair of layouts, and against
/// the triple loop.
fn products_agree<F: Float>() {
    for (m, k, n) in SHAPES {
        each_layout::<F>(m, k, 1, |a_layout, a| {
            each_layout::<F>(k, n, 2, |b_layout, b| {
                let c = matmul(&a, &b);
                let what = format!("{m}×{k}·{k}×{n}, {a_layout}·{b_layout}");
                assert_eq!(c.dim(), (m, n), "{what}");
                assert_eq!(c, a.dot(&b), "{what}: against ndarray's dot");
                // The triple loop is slow in debug builds: on large products, once per shape.
                if m * k * n < 1 << 17 || (a_layout, b_layout) == ("standard", "standard") {
                    assert_eq!(c.mapv(F::to_f64_exact), triple_loop(&a, &b), "{what}");
                }
            });
        });
    }
}

#[test]
fn products_agree_with_ndarray_in_every_layout_f64() {
    products_agree::<f64>();
}

#[test]
fn products_agree_with_ndarray_in_every_layout_f32() {
    products_agree::<f32>();
}

/// Every product of [`products_agree`] and a few more in bands of the output on every core
/// (a threshold of 0), through `matmul` and `matmul_into` (writing and adding into reversed
/// and column-major outputs). Needs two cores to split anything.
fn products_in_bands_agree<F: Float>() {
    let shapes = SHAPES
        .into_iter()
        .chain([(130, 70, 90), (64, 50, 300), (33, 17, 200)]);
    threads::with_parallel_threshold(0, || {
        for (m, k, n) in shapes {
            each_layout::<F>(m, k, 1, |a_layout, a| {
                each_layout::<F>(k, n, 2, |b_layout, b| {
                    let what = format!("{m}×{k}·{k}×{n} in bands, {a_layout}·{b_layout}");
                    let expected = a.dot(&b);
                    assert_eq!(matmul(&a, &b), expected, "{what}");
                    let mut reversed = Array2::from_elem((m, n), F::one());
                    reversed.invert_axis(Axis(0));
                    reversed.invert_axis(Axis(1));
                    matmul_into(&a, &b, &mut reversed, true);
                    assert_eq!(reversed, expected.mapv(|x| x + F::one()), "{what}, added");
                    let mut column_major = Array2::from_elem((n, m), F::nan()).reversed_axes();
                    matmul_into(&a, &b, &mut column_major, false);
                    assert_eq!(column_major, expected, "{what}, written");
                });
            });
        }
    });
}

#[test]
fn products_in_bands_agree_with_ndarray_in_every_layout_f64() {
    products_in_bands_agree::<f64>();
}

#[test]
fn products_in_bands_agree_with_ndarray_in_every_layout_f32() {
    products_in_bands_agree::<f32>();
}

/// Both adjoints of `a·b` on views of every layout, on both kernels.
fn adjoints_agree<F: Float>() {
    for (m, k, n) in [(5, 7, 3), (64, 64, 40), (0, 3, 4), (3, 0, 4)] {
        let g = integers::<F>(m, n, 3);
        each_layout::<F>(m, k, 1, |a_layout, a| {
            each_layout::<F>(k, n, 2, |b_layout, b| {
                let y = dot(&a, &b);
                let what = format!("{m}×{k}·{k}×{n}, {a_layout}·{b_layout}");
                assert_eq!(dot_vjp_lhs(&g, &a, &b, &y), g.dot(&b.t()), "{what}");
                assert_eq!(dot_vjp_rhs(&g, &a, &b, &y), a.t().dot(&g), "{what}");
            });
        });
    }
}

#[test]
fn adjoints_of_products_agree_in_every_layout_f64() {
    adjoints_agree::<f64>();
}

#[test]
fn adjoints_of_products_agree_in_every_layout_f32() {
    adjoints_agree::<f32>();
}

/// Values that are not integers, on the `gemm` crate's kernel: equal to ndarray's `dot` up to
/// rounding.
#[test]
fn fractional_values_agree_up_to_rounding() {
    fn check<F: Float>(tolerance: f64) {
        let a = integers::<F>(70, 90, 4).mapv(|x| x / F::from_f64_lossy(3.0));
        let b = integers::<F>(90, 50, 5).mapv(|x| x.sin());
        for (c, expected) in [
            (matmul(&a, &b), a.dot(&b)),
            (matmul(&b.t(), &a.t()), b.t().dot(&a.t())),
        ] {
            for (x, y) in c.iter().zip(&expected) {
                let (x, y) = (x.to_f64_exact(), y.to_f64_exact());
                assert!((x - y).abs() <= tolerance * (1.0 + y.abs()), "{x} ≠ {y}");
            }
        }
    }
    check::<f64>(1e-12);
    check::<f32>(1e-4);
}

/// Runs `f`, which must panic, and returns its message.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    match (
        payload.downcast_ref::<String>(),
        payload.downcast_ref::<&str>(),
    ) {
        (Some(s), _) => s.clone(),
        (_, Some(s)) => (*s).to_owned(),
        _ => panic!("a panic without a message"),
    }
}

#[track_caller]
fn assert_panics_with(f: impl FnOnce(), expected: &str) {
    let message = panic_message(f);
    assert!(
        message.contains(expected),
        "the panic says {message:?}, not {expected:?}"
    );
}

/// A product's inner dimensions that differ are a panic naming both shapes, whichever kernel
/// the product would take (a read past `b` before).
#[test]
fn matmul_with_inner_dimensions_that_differ_panics() {
    let w = Array2::<f64>::ones((64, 64));
    for n in [65, 4096, 3_000_000] {
        let g = Array2::<f64>::ones((1, n));
        assert_panics_with(
            || drop(matmul(&g, &w.t())),
            &format!(
                "adjoint: matmul: inner dimensions differ: lhs has shape [1, {n}], rhs has \
                 shape [64, 64]"
            ),
        );
    }
    let (a, b) = (Array2::<f32>::ones((0, 3)), Array2::<f32>::ones((2, 0)));
    assert_panics_with(
        || drop(matmul(&a, &b)),
        "adjoint: matmul: inner dimensions differ: lhs has shape [0, 3], rhs has shape [2, 0]",
    );
}

/// A cotangent that does not have the product's shape is a panic before any kernel runs:
/// (1, n) on a (1, 64)·(64, 64) product read past `w` or crashed before, (64, 32) and (64, 80)
/// on a 64×64 product gave adjoints of the wrong shapes.
#[test]
fn product_adjoints_check_the_cotangent() {
    let (x, w) = (Array2::<f64>::ones((1, 64)), Array2::<f64>::ones((64, 64)));
    let y = dot(&x, &w);
    for n in [4096, 3_000_000] {
        let g = Array2::<f64>::ones((1, n));
        let expected = format!(
            "adjoint: dot's adjoint: the cotangent has shape [1, {n}], but the product of \
             shapes [1, 64] and [64, 64] has shape [1, 64]"
        );
        assert_panics_with(|| drop(dot_vjp_lhs(&g, &x, &w, &y)), &expected);
        assert_panics_with(|| drop(dot_vjp_rhs(&g, &x, &w, &y)), &expected);
    }
    let y = dot(&w, &w);
    for n in [32, 80] {
        let g = Array2::<f64>::ones((64, n));
        let expected = format!("the cotangent has shape [64, {n}], but the product");
        assert_panics_with(|| drop(dot_vjp_lhs(&g, &w, &w, &y)), &expected);
        assert_panics_with(|| drop(dot_vjp_rhs(&g, &w, &w, &y)), &expected);
    }
}

/// The adjoints of every shape of product check their operands and the cotangent.
#[test]
fn every_kind_of_product_adjoint_checks_its_arguments() {
    let (m, v3, v2) = (
        Array2::<f32>::ones((2, 3)),
        Array1::<f32>::ones(3),
        Array1::<f32>::ones(2),
    );
    // Operands that do not multiply: the pullback is called with arguments the forward pass
    // would have refused.
    let y = Array2::<f32>::ones((2, 3));
    assert_panics_with(
        || drop(dot_vjp_lhs(&y, &m, &m, &y)),
        "adjoint: dot's adjoint: shapes [2, 3] and [2, 3] are not aligned (3 ≠ 2)",
    );
    // Matrix·vector: y has 2 elements.
    let bad = Array1::<f32>::ones(3);
    assert_panics_with(
        || drop(dot_vjp_lhs(&bad, &m, &v3, &bad)),
        "the cotangent has shape [3], but the product of shapes [2, 3] and [3] has shape [2]",
    );
    assert_panics_with(
        || drop(dot_vjp_rhs(&bad, &m, &v3, &bad)),
        "the cotangent has shape [3]",
    );
    // Vector·matrix: y has 3 elements.
    let bad = Array1::<f32>::ones(2);
    assert_panics_with(
        || drop(dot_vjp_lhs(&bad, &v2, &m, &bad)),
        "the cotangent has shape [2], but the product of shapes [2] and [2, 3] has shape [3]",
    );
    assert_panics_with(
        || drop(dot_vjp_rhs(&bad, &v2, &m, &bad)),
        "the cotangent has shape [2]",
    );
    // Vector·vector of different lengths.
    assert_panics_with(
        || drop(dot_vjp_lhs(&1.0, &v2, &v3, &0.0)),
        "adjoint: dot's adjoint: shapes [2] and [3] are not aligned (2 ≠ 3)",
    );
    assert_panics_with(
        || drop(dot_vjp_rhs(&1.0, &v2, &v3, &0.0)),
        "adjoint: dot's adjoint: shapes [2] and [3] are not aligned (2 ≠ 3)",
    );
}

/// `dense`'s pullback, which calls `matmul` itself, checks the cotangent and the layer.
#[test]
fn dense_pullback_checks_the_cotangent() {
    let layer = Dense {
        w: Array2::<f64>::ones((64, 64)),
        b: Array1::zeros(64),
    };
    let x = Array2::<f64>::ones((1, 64));
    let (y, pullback) = dense::__adjoint_forward(&layer, &x);
    let g = Array2::<f64>::ones((1, 4096));
    assert_panics_with(
        || drop(pullback.pullback((&&layer, &&x), &y, &g, [true, true])),
        "adjoint: dense's adjoint: the cotangent has shape [1, 4096], but the output has shape \
         [1, 64]",
    );
    let (_, pullback) = dense::__adjoint_forward(&layer, &x);
    let wide = Array2::<f64>::ones((1, 65));
    assert_panics_with(
        || drop(pullback.pullback((&&layer, &&wide), &y, &y, [true, true])),
        "adjoint: dense: `x` has shape [1, 65] but the layer takes 64 inputs",
    );
}

/// `dense` on views of every layout, forward and pullback, against the same computation by
/// ndarray.
#[test]
fn dense_agrees_in_every_layout() {
    for (batch, inputs, outputs) in [(3, 4, 5), (64, 64, 40)] {
        let layer = Dense {
            w: integers::<f64>(inputs, outputs, 6),
            b: integers::<f64>(1, outputs, 7).remove_axis(Axis(0)),
        };
        let g = integers::<f64>(batch, outputs, 8);
        each_layout::<f64>(batch, inputs, 9, |layout, x| {
            let (y, pullback) = dense::__adjoint_forward(&layer, &x);
            assert_eq!(y, x.dot(&layer.w) + &layer.b, "{layout}");
            let (d_layer, dx) = pullback.pullback((&&layer, &&x), &y, &g, [true, true]);
            let d_layer = d_layer.unwrap();
            assert_eq!(d_layer.w, x.t().dot(&g), "{layout}");
            assert_eq!(d_layer.b, g.sum_axis(Axis(0)), "{layout}");
            assert_eq!(dx.unwrap(), g.dot(&layer.w.t()), "{layout}");
        });
    }
}

/// With a workspace installed whose free buffers are larger than asked for (so that pooled
/// arrays are made from buffers of another capacity, the case `Vec::from_raw_parts` in the
/// pool must get right), every rule that fills an array it did not initialize agrees with
/// ndarray, in every layout.
fn pooled_rules_agree<F: Float>() {
    let mut ws = Workspace::new();
    let _pool = install(&mut ws);
    let seed_pool = || {
        for capacity in [1, 7, 100, 5000, 300_000] {
            give(Vec::<F>::with_capacity(capacity));
        }
    };
    for (rows, cols) in [(3, 5), (64, 70), (1, 1), (0, 4), (4, 0)] {
        each_layout::<F>(rows, cols, 10, |layout, a| {
            seed_pool();
            let what = format!("{rows}×{cols}, {layout}");
            // The vectorized kernel writes into the spare capacity of a pooled buffer; each
            // element's value does not depend on where it sits, so one element at a time
            // gives the same bits.
            let one_by_one = a.mapv(|v| {
                let mut out = [v];
                Kernel::Tanh.apply(&[v], &mut out);
                out[0]
            });
            assert_eq!(unary::forward(&Vectorized(Tanh), &a), one_by_one, "{what}");
            let owned = unary::forward_by_value(&Vectorized(Tanh), a.to_owned());
            assert_eq!(owned, one_by_one, "{what}");
            // Unwrapped, the rule gives ndarray's value to the bit.
            assert_eq!(unary::forward(&Tanh, &a), a.mapv(F::tanh), "{what}");
            let g = integers::<F>(rows, cols, 11);
            let exp = unary::forward(&Exp, &a);
            let da = unary::vjp(&Exp, &g, &a, &exp);
            assert_eq!(da, &g * &exp, "{what}");
            let sum = binary::forward(&Add, &a, &a.t().t());
            assert_eq!(sum, &a + &a, "{what}");
            let row = integers::<F>(1, cols, 12);
            let product = binary::forward(&Mul, &a, &row);
            assert_eq!(product, &a * &row, "{what}");
            let d_row = binary::vjp_rhs(&Mul, &g, &a, &row, &product);
            assert_eq!(d_row, (&g * &a).sum_axis(Axis(0)).insert_axis(Axis(0)));
            for axis in [Axis(0), Axis(1)] {
                assert_eq!(reduce::sum_axis(&a, axis), a.sum_axis(axis), "{what}");
            }
            let b = integers::<F>(cols, 40, 13);
            assert_eq!(matmul(&a, &b), a.dot(&b), "{what}");
            let c = integers::<F>(cols, 4000, 14);
            assert_eq!(matmul(&a, &c), a.dot(&c), "{what}");
        });
    }
}

#[test]
fn pooled_rules_agree_with_ndarray_f64() {
    pooled_rules_agree::<f64>();
}

#[test]
fn pooled_rules_agree_with_ndarray_f32() {
    pooled_rules_agree::<f32>();
}

/// The crate docs' list of `unsafe` blocks ("Unsafe code" in `src/lib.rs`) names, for each
/// source file, every function that holds one, and nothing else.
#[test]
fn the_crate_docs_list_every_unsafe_block() {
    use std::collections::BTreeSet;
    use std::path::Path;

    fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let docs = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    // `//! - `FILE`, `NAME`, `NAME` and `NAME` (…): what it does …`
    let listed: BTreeSet<(String, String)> = docs
        .lines()
        .filter_map(|line| line.strip_prefix("//! - `"))
        .flat_map(|rest| {
            let (file, rest) = rest.split_once('`').unwrap();
            let names = rest.split(':').next().unwrap();
            names
                .split('`')
                .skip(1)
                .step_by(2)
                .map(|name| (file.to_owned(), name.to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();

    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut found = BTreeSet::new();
    for path in files {
        let file = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let code = line.trim_start();
            let is_unsafe = ["unsafe {", "unsafe impl", "unsafe fn", "unsafe extern"]
                .iter()
                .any(|keyword| code.contains(keyword));
            if code.starts_with("//") || !is_unsafe {
                continue;
            }
            // The function that holds the block: the nearest `fn` above it.
            let function = lines[..=i]
                .iter()
                .rev()
                .find_map(|l| l.split_once("fn ").map(|(_, rest)| rest))
                .map(|rest| rest.split(['<', '(']).next().unwrap().to_owned())
                .unwrap_or_else(|| panic!("{file}:{}: `unsafe` outside a function", i + 1));
            found.insert((file.clone(), function));
        }
    }
    assert!(
        !found.is_empty(),
        "no `unsafe` found: is the search broken?"
    );
    assert_eq!(
        found, listed,
        "the functions with `unsafe` blocks (left) and those the crate docs list (right)"
    );
}

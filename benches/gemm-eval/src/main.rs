//! `cargo run --release -- ROUNDS [WORKLOAD]` (in this folder): time per product and per step
//! of W1, W2 and W3's matrix products (and of single layers around the small-product threshold,
//! `W2L…`, `W3L…`) with matrixmultiply, gemm, faer, nano-gemm and, on W1, a hand-written kernel
//! (`small.rs`), interleaved per round; WORKLOAD keeps the workloads whose name starts with it.

use std::hint::black_box;
use std::time::Instant;

use ndarray::{Array2, ArrayView2, ArrayViewMut2, linalg::general_mat_mul};

mod small;

/// One product `dst = lhs·rhs`, named as in a step; `lhs`/`rhs` may be transposed views.
struct Product {
    name: &'static str,
    m: usize,
    k: usize,
    n: usize,
    lhs_t: bool,
    rhs_t: bool,
}

fn products(batch: usize, sizes: &[usize]) -> Vec<Product> {
    let mut out = Vec::new();
    for l in 0..sizes.len() - 1 {
        let (i, o) = (sizes[l], sizes[l + 1]);
        out.push(Product {
            name: "fwd x·w",
            m: batch,
            k: i,
            n: o,
            lhs_t: false,
            rhs_t: false,
        });
    }
    for l in (0..sizes.len() - 1).rev() {
        let (i, o) = (sizes[l], sizes[l + 1]);
        out.push(Product {
            name: "dw xᵀ·g",
            m: i,
            k: batch,
            n: o,
            lhs_t: true,
            rhs_t: false,
        });
        if l > 0 {
            out.push(Product {
                name: "dx g·wᵀ",
                m: batch,
                k: o,
                n: i,
                lhs_t: false,
                rhs_t: true,
            });
        }
    }
    out
}

#[derive(Clone, Copy, Debug)]
enum Backend {
    Matrixmultiply,
    Gemm(usize),
    Faer(usize),
    /// nano-gemm 0.2: small-matrix kernels without packing.
    Nano,
    /// The hand-written kernel (`small.rs`), AVX2+FMA when the CPU has them, or forced to SSE2.
    Hand {
        simd: bool,
    },
}

fn run(backend: Backend, a: ArrayView2<f32>, b: ArrayView2<f32>, mut c: ArrayViewMut2<f32>) {
    match backend {
        Backend::Hand { simd } => assert!(small::small_matmul_into(&a, &b, &mut c, simd)),
        Backend::Nano => assert!(small::nano_matmul_into(&a, &b, &mut c)),
        Backend::Matrixmultiply => general_mat_mul(1.0, &a, &b, 0.0, &mut c),
        Backend::Gemm(threads) => {
            let (m, k) = a.dim();
            let n = b.ncols();
            let par = if threads == 1 {
                gemm::Parallelism::None
            } else {
                gemm::Parallelism::Rayon(threads)
            };
            let (sa, sb, sc) = (a.strides(), b.strides(), c.strides().to_vec());
            unsafe {
                gemm::gemm(
                    m,
                    n,
                    k,
                    c.as_mut_ptr(),
                    sc[1],
                    sc[0],
                    false,
                    a.as_ptr(),
                    sa[1],
                    sa[0],
                    b.as_ptr(),
                    sb[1],
                    sb[0],
                    0.0,
                    1.0,
                    false,
                    false,
                    false,
                    par,
                );
            }
        }
        Backend::Faer(threads) => {
            let (m, k) = a.dim();
            let n = b.ncols();
            let par = if threads == 1 {
                faer::Par::Seq
            } else {
                faer::Par::rayon(threads)
            };
            let (sa, sb, sc) = (a.strides(), b.strides(), c.strides().to_vec());
            unsafe {
                let fa = faer::MatRef::from_raw_parts(a.as_ptr(), m, k, sa[0], sa[1]);
                let fb = faer::MatRef::from_raw_parts(b.as_ptr(), k, n, sb[0], sb[1]);
                let fc = faer::MatMut::from_raw_parts_mut(c.as_mut_ptr(), m, n, sc[0], sc[1]);
                faer::linalg::matmul::matmul(fc, faer::Accum::Replace, fa, fb, 1.0, par);
            }
        }
    }
}

fn fill(rows: usize, cols: usize, seed: u32) -> Array2<f32> {
    let mut s = seed.wrapping_mul(2654435761).wrapping_add(1);
    Array2::from_shape_simple_fn((rows, cols), || {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        (s as f32 / u32::MAX as f32) - 0.5
    })
}

fn main() {
    let rounds: usize = std::env::args().nth(1).map_or(30, |s| s.parse().unwrap());
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build_global()
        .unwrap();
    let only: Option<String> = std::env::args().nth(2);
    let all_backends = [
        Backend::Matrixmultiply,
        Backend::Gemm(1),
        Backend::Faer(1),
        Backend::Nano,
        Backend::Hand { simd: true },
        Backend::Hand { simd: false },
    ];
    for (workload, batch, sizes) in [
        ("W1", 150, vec![4, 16, 3]),
        // One layer of W2 (128→10) and of W3 (512→10) at batches around 2^15 multiply-adds.
        ("W2L16", 16, vec![128, 10]),
        ("W2L32", 32, vec![128, 10]),
        ("W2L64", 64, vec![128, 10]),
        ("W2L128", 128, vec![128, 10]),
        ("W2L256", 256, vec![128, 10]),
        ("W2M16", 16, vec![784, 128]),
        ("W3L4", 4, vec![512, 10]),
        ("W3L8", 8, vec![512, 10]),
        ("W3L16", 16, vec![512, 10]),
        ("W3L64", 64, vec![512, 10]),
        ("W2", 64, vec![784, 128, 10]),
        ("W3", 256, vec![784, 512, 512, 10]),
    ] {
        if only.as_deref().is_some_and(|o| !workload.starts_with(o)) {
            continue;
        }
        // The hand kernel declines W2 and W3's larger strided operands (it has no packing).
        let backends = &all_backends[..if workload == "W1" { 6 } else { 4 }];
        let mut prods = products(batch, &sizes);
        if sizes.len() == 2 {
            prods.push(Product {
                name: "dx g·wᵀ",
                m: batch,
                k: sizes[1],
                n: sizes[0],
                lhs_t: false,
                rhs_t: true,
            });
        }
        // Operands stored as a step has them: x·w row-major; xᵀ and wᵀ as transposed views.
        let data: Vec<(Array2<f32>, Array2<f32>)> = prods
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let a = if p.lhs_t {
                    fill(p.k, p.m, i as u32)
                } else {
                    fill(p.m, p.k, i as u32)
                };
                let b = if p.rhs_t {
                    fill(p.n, p.k, 100 + i as u32)
                } else {
                    fill(p.k, p.n, 100 + i as u32)
                };
                (a, b)
            })
            .collect();
        let view = |i: usize| {
            let (a, b) = &data[i];
            let a = if prods[i].lhs_t { a.t() } else { a.view() };
            let b = if prods[i].rhs_t { b.t() } else { b.view() };
            (a, b)
        };
        // Same results (up to rounding).
        for i in 0..prods.len() {
            let (a, b) = view(i);
            let mut reference = Array2::zeros((prods[i].m, prods[i].n));
            run(Backend::Matrixmultiply, a, b, reference.view_mut());
            for &bk in &backends[1..] {
                let mut c = Array2::from_elem((prods[i].m, prods[i].n), f32::NAN);
                run(bk, a, b, c.view_mut());
                let err = (&c - &reference).iter().fold(0.0f32, |m, d| m.max(d.abs()));
                assert!(
                    err < 1e-3,
                    "{workload} {} {bk:?}: max error {err}",
                    prods[i].name
                );
            }
        }
        let mut outs: Vec<Array2<f32>> = prods.iter().map(|p| Array2::zeros((p.m, p.n))).collect();
        // times[backend][product] over rounds; each round runs every backend, rotating the order.
        let mut times = vec![vec![Vec::new(); prods.len()]; backends.len()];
        let reps = match workload {
            "W1" => 200,
            "W2" => 20,
            "W3" => 2,
            _ => 100,
        };
        for round in 0..rounds {
            for j in 0..backends.len() {
                let bi = (j + round) % backends.len();
                for i in 0..prods.len() {
                    let (a, b) = view(i);
                    let start = Instant::now();
                    for _ in 0..reps {
                        run(backends[bi], a, b, outs[i].view_mut());
                        black_box(&outs[i]);
                    }
                    times[bi][i].push(start.elapsed().as_secs_f64() * 1e6 / reps as f64);
                }
            }
        }
        let median = |v: &[f64]| {
            let mut v = v.to_vec();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        println!(
            "\n{workload} (batch {batch}, {sizes:?}): median µs per product over {rounds} rounds"
        );
        print!(
            "{:<10} {:>5}×{:<5}·{:>5}×{:<5}",
            "product", "m", "k", "k", "n"
        );
        for b in backends {
            print!(" {:>16}", format!("{b:?}").replace("simd: ", ""));
        }
        println!();
        let mut totals = vec![0.0; backends.len()];
        for (i, p) in prods.iter().enumerate() {
            print!("{:<10} {:>5}×{:<5}·{:>5}×{:<5}", p.name, p.m, p.k, p.k, p.n);
            for (bi, t) in times.iter().enumerate() {
                let m = median(&t[i]);
                totals[bi] += m;
                print!(" {m:>16.1}");
            }
            println!();
        }
        print!("{:<29}", "sum of medians");
        for t in &totals {
            print!(" {t:>16.1}");
        }
        println!();
        // Per-round step totals, as ratios to matrixmultiply within the round.
        print!("{:<29}", "step ratio to mm (median)");
        for bi in 0..backends.len() {
            let ratios: Vec<f64> = (0..rounds)
                .map(|r| {
                    let s: f64 = (0..prods.len()).map(|i| times[bi][i][r]).sum();
                    let s0: f64 = (0..prods.len()).map(|i| times[0][i][r]).sum();
                    s / s0
                })
                .collect();
            print!(" {:>16.3}", median(&ratios));
        }
        println!();
        let flops: f64 = prods.iter().map(|p| 2.0 * (p.m * p.k * p.n) as f64).sum();
        print!("{:<29}", "GFLOP/s (sum of medians)");
        for t in &totals {
            print!(" {:>16.1}", flops / t / 1e3);
        }
        println!();
    }
}

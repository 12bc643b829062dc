//! The ratios of BENCHMARKS.md, measured so that a busy machine does not skew them: the
//! variants of a workload take turns, one ~25 ms chunk each per round (the order rotating from
//! round to round), so that a burst of load from other processes lands on all of them alike;
//! each ratio is the median over rounds of the ratio within a round.
//!
//! ```sh
//! cargo bench --bench ratios                # every workload, 100 rounds
//! cargo bench --bench ratios -- W3 40       # one workload, 40 rounds
//! ```
//!
//! Every chunk starts from the initial parameters, reset outside the timer.

mod workloads;

use std::hint::black_box;
use std::time::{Duration, Instant};

use adjoint::prelude::*;
use workloads::{
    LR, LogisticSetup, LogisticWorkspace, Mlp2, Mlp3, MlpSetup, MlpWorkload, Model, W1, W2, W3,
    Workspace,
};

/// The length of a chunk of steps.
const CHUNK: Duration = Duration::from_millis(25);

/// One way of running a workload: `run(n)` times `n` steps from a fresh state.
struct Variant<'a> {
    name: &'static str,
    run: Box<dyn FnMut(u64) -> Duration + 'a>,
}

impl<'a> Variant<'a> {
    fn new(name: &'static str, run: impl FnMut(u64) -> Duration + 'a) -> Self {
        Variant {
            name,
            run: Box::new(run),
        }
    }
}

/// Times `steps` consecutive calls of `step` on a fresh state from `reset`, the reset untimed.
fn timed<S>(steps: u64, reset: impl FnOnce() -> S, mut step: impl FnMut(&mut S)) -> Duration {
    let mut state = reset();
    let start = Instant::now();
    for _ in 0..steps {
        step(&mut state);
    }
    let elapsed = start.elapsed();
    drop(state);
    elapsed
}

/// Times `calls` calls of `f`, which keeps no state between calls.
fn timed_calls<T>(calls: u64, mut f: impl FnMut() -> T) -> Duration {
    timed(
        calls,
        || (),
        |_| {
            black_box(f());
        },
    )
}

fn mlp_variants<M: Model + 'static>(s: &MlpSetup) -> Vec<Variant<'_>> {
    s.assert_gradients_agree::<M>();
    let (x, labels, layers) = (&s.x, &s.labels, &s.layers);
    let mut opt = Sgd::new(f64::from(LR));
    let mut opt_inline = Sgd::new(f64::from(LR));
    let mut opt_par = Sgd::new(f64::from(LR));
    let shards = &s.shards;
    let (m, m_forward) = (M::from_layers(layers), M::from_layers(layers));
    let mut opt_into = Sgd::new(f64::from(LR));
    let mut grads_into = M::from_layers(layers);
    let mut ws_into = adjoint::Workspace::new();
    let mut ws = Workspace::new(layers, x.nrows());
    let mut ws_forward = Workspace::new(layers, x.nrows());
    vec![
        Variant::new("a_step", move |n| {
            timed(
                n,
                || M::from_layers(layers),
                |m| {
                    black_box(m.step(x, labels, &mut opt));
                },
            )
        }),
        Variant::new("a_into_step", move |n| {
            timed(
                n,
                || M::from_layers(layers),
                |m| {
                    black_box(m.step_into(x, labels, &mut grads_into, &mut ws_into, &mut opt_into));
                },
            )
        }),
        Variant::new("a_inline_step", move |n| {
            timed(
                n,
                || M::from_layers(layers),
                |m| {
                    black_box(m.step_inline(x, labels, &mut opt_inline));
                },
            )
        }),
        Variant::new("a_par2_step", move |n| {
            timed(
                n,
                || M::from_layers(layers),
                |m| {
                    black_box(m.par_step(shards, &mut opt_par));
                },
            )
        }),
        Variant::new("a_grad", move |n| {
            timed_calls(n, || m.loss_grad(black_box(x), labels))
        }),
        Variant::new("a_forward", move |n| {
            timed_calls(n, || m_forward.loss(black_box(x), labels))
        }),
        Variant::new("b_step", move |n| {
            timed(
                n,
                || layers.clone(),
                |layers| {
                    black_box(workloads::step_alloc(layers, x, labels));
                },
            )
        }),
        Variant::new("c_step", move |n| {
            timed(
                n,
                || layers.clone(),
                |layers| {
                    black_box(workloads::step_into(layers, x.view(), labels, &mut ws));
                },
            )
        }),
        Variant::new("c_forward", move |n| {
            timed_calls(n, || {
                workloads::loss_into(layers, black_box(x).view(), labels, &mut ws_forward)
            })
        }),
    ]
}

fn rosenbrock_variants() -> Vec<Variant<'static>> {
    workloads::assert_rosenbrock_agrees();
    let (x, y) = (-1.2_f64, 1.0_f64);
    vec![
        Variant::new("a_grad", move |n| {
            timed_calls(n, || workloads::rosenbrock_grad(black_box(x), black_box(y)))
        }),
        Variant::new("a_forward", move |n| {
            timed_calls(n, || workloads::rosenbrock(black_box(x), black_box(y)))
        }),
        Variant::new("d_grad", move |n| {
            timed_calls(n, || {
                workloads::rosenbrock_by_hand(black_box(x), black_box(y))
            })
        }),
        Variant::new("d_grad_not_inlined", move |n| {
            timed_calls(n, || {
                workloads::rosenbrock_by_hand_not_inlined(black_box(x), black_box(y))
            })
        }),
    ]
}

fn logistic_variants(s: &LogisticSetup) -> Vec<Variant<'_>> {
    s.assert_gradients_agree();
    let mut ws = LogisticWorkspace::new(s.x.nrows(), s.x.ncols());
    let (mut grads_into, mut ws_into) = ((s.w.clone(), s.b), adjoint::Workspace::new());
    vec![
        Variant::new("a_grad", move |n| {
            timed_calls(n, || {
                workloads::logistic_grad(black_box(&s.x), &s.y, &s.w, s.b)
            })
        }),
        Variant::new("a_into_grad", move |n| {
            timed_calls(n, || {
                grads_into.set_zero();
                workloads::logistic_grad_into(
                    black_box(&s.x),
                    &s.y,
                    &s.w,
                    s.b,
                    &mut grads_into,
                    &mut ws_into,
                )
            })
        }),
        Variant::new("a_forward", move |n| {
            timed_calls(n, || workloads::logistic(black_box(&s.x), &s.y, &s.w, s.b))
        }),
        Variant::new("b_grad", move |n| {
            timed_calls(n, || {
                workloads::logistic_by_hand(black_box(&s.x), &s.y, &s.w, s.b)
            })
        }),
        Variant::new("c_grad", move |n| {
            timed_calls(n, || {
                workloads::logistic_by_hand_into(black_box(&s.x), &s.y, &s.w, s.b, &mut ws)
            })
        }),
    ]
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn quartiles(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    (values[values.len() / 4], values[values.len() * 3 / 4])
}

/// Runs `rounds` rounds of every variant and prints one table row per variant.
fn measure(workload: &str, mut variants: Vec<Variant<'_>>, rounds: usize) {
    // Steps per chunk, from the fastest of a few warm-up runs.
    let steps: Vec<u64> = variants
        .iter_mut()
        .map(|v| {
            let mut n = 1;
            loop {
                let t = (0..3).map(|_| (v.run)(n)).min().expect("three runs");
                if t >= CHUNK / 4 || n >= 1 << 30 {
                    let per_step = t.as_secs_f64() / n as f64;
                    break ((CHUNK.as_secs_f64() / per_step).round() as u64).max(1);
                }
                n *= 4;
            }
        })
        .collect();
    let k = variants.len();
    // per_step[v][r]: the time per step of variant v in round r, in µs.
    let mut per_step = vec![Vec::with_capacity(rounds); k];
    for round in 0..rounds {
        for turn in 0..k {
            let v = (turn + round) % k;
            let t = (variants[v].run)(steps[v]);
            per_step[v].push(t.as_secs_f64() * 1e6 / steps[v] as f64);
        }
    }
    let index = |name: &str| variants.iter().position(|v| v.name == name);
    let c = index("c_step").or_else(|| index("c_grad"));
    let b = index("b_step")
        .or_else(|| index("b_grad"))
        .or_else(|| index("d_grad"));
    let paired = |v: usize, base: Option<usize>| -> String {
        let Some(base) = base else {
            return String::new();
        };
        let mut ratios: Vec<f64> = (0..rounds)
            .map(|r| per_step[v][r] / per_step[base][r])
            .collect();
        let (lo, hi) = quartiles(&mut ratios);
        format!("{:.2} ({lo:.2}–{hi:.2})", median(&mut ratios))
    };
    for (v, variant) in variants.iter().enumerate() {
        let mut times = per_step[v].clone();
        let fastest = times.iter().copied().fold(f64::INFINITY, f64::min);
        println!(
            "| {workload} | {} | {:.3} | {fastest:.3} | {} | {} |",
            variant.name,
            median(&mut times),
            paired(v, c),
            paired(v, b)
        );
    }
    if let (Some(step), Some(par)) = (index("a_step"), index("a_par2_step")) {
        println!(
            "| {workload} | a_step / a_par2_step (speedup on 2 threads) | | | {} | |",
            paired(step, Some(par))
        );
    }
    if let (Some(grad), Some(forward)) = (index("a_grad"), index("a_forward")) {
        println!(
            "| {workload} | a_grad / a_forward | | | {} | |",
            paired(grad, Some(forward))
        );
    }
}

fn main() {
    // One thread inside products and element-wise passes, so that the figures stay
    // comparable with earlier runs and with the peers' one-thread figures.
    adjoint::set_num_threads(1);
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let only = args.first().map(String::as_str);
    let rounds = args
        .get(1)
        .map_or(100, |r| r.parse().expect("a number of rounds"));
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    println!(
        "| workload | variant | median µs | fastest µs | ×(c), median (quartiles) | ×(b or d), median (quartiles) |"
    );
    println!("|---|---|---:|---:|---:|---:|");
    let mlps: [(MlpWorkload, bool); 3] = [(W1, false), (W2, false), (W3, true)];
    for (workload, three_layers) in mlps {
        if !wanted(workload.name) {
            continue;
        }
        let s = MlpSetup::new(workload);
        let variants = if three_layers {
            mlp_variants::<Mlp3>(&s)
        } else {
            mlp_variants::<Mlp2>(&s)
        };
        measure(workload.name, variants, rounds);
    }
    if wanted("S1") {
        measure("S1", rosenbrock_variants(), rounds);
    }
    if wanted("S2") {
        let s = LogisticSetup::new();
        measure("S2", logistic_variants(&s), rounds);
    }
}

//! Time per training step (W1–W3) and per gradient (S1, S2): adjoint against backprop written
//! by hand, in one run on one thread. See BENCHMARKS.md for the workloads and the figures.
//!
//! ```sh
//! cargo bench --bench steps            # everything, then a table of ratios
//! cargo bench --bench steps -- W3      # one workload
//! ```
//!
//! A training step's time is the median, over samples, of a sample's time divided by its
//! number of steps; every sample starts again from the initial parameters (reset outside the
//! timer), as in `shared/peers.md`.

mod workloads;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use adjoint::prelude::*;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, measurement::WallTime};
use workloads::{
    LR, LogisticSetup, LogisticWorkspace, Mlp2, Mlp3, MlpSetup, MlpWorkload, Model, W1, W2, W3,
    Workspace,
};

/// The clock of every benchmark: wall time, or with `BENCH_CLOCK=cpu` this thread's CPU time,
/// which does not advance while other processes hold the core (for a shared, busy machine).
fn now() -> Duration {
    static CPU: OnceLock<bool> = OnceLock::new();
    if *CPU.get_or_init(|| std::env::var("BENCH_CLOCK").is_ok_and(|c| c == "cpu")) {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid timespec to write to; the clock id is a constant Linux defines.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    } else {
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed()
    }
}

/// Times `steps` consecutive calls of `step` on a fresh state from `reset`, the reset untimed.
fn timed<S>(steps: u64, reset: impl FnOnce() -> S, mut step: impl FnMut(&mut S)) -> Duration {
    let mut state = reset();
    let start = now();
    for _ in 0..steps {
        step(&mut state);
    }
    let elapsed = now() - start;
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

fn configure(group: &mut BenchmarkGroup<'_, WallTime>, slow: bool) {
    if slow {
        // ~10 ms a step: equal-sized samples of a few steps each.
        group
            .sample_size(20)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(8));
    } else {
        group
            .sample_size(50)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
    }
}

fn bench_mlp<M: Model>(c: &mut Criterion, workload: MlpWorkload) {
    let setup = MlpSetup::new(workload);
    setup.assert_gradients_agree::<M>();
    let (x, labels, layers) = (&setup.x, &setup.labels, &setup.layers);
    let mut group = c.benchmark_group(workload.name);
    configure(&mut group, workload.batch * workload.widths[1] > 100_000);

    group.bench_function("a_step", |b| {
        let mut opt = Sgd::new(f64::from(LR));
        b.iter_custom(|n| {
            timed(
                n,
                || M::from_layers(layers),
                |m| {
                    black_box(m.step(x, labels, &mut opt));
                },
            )
        })
    });
    group.bench_function("a_into_step", |b| {
        let mut opt = Sgd::new(f64::from(LR));
        let (mut grads, mut ws) = (M::from_layers(layers), adjoint::Workspace::new());
        b.iter_custom(|n| {
            timed(
                n,
                || M::from_layers(layers),
                |m| {
                    black_box(m.step_into(x, labels, &mut grads, &mut ws, &mut opt));
                },
            )
        })
    });
    group.bench_function("a_inline_step", |b| {
        let mut opt = Sgd::new(f64::from(LR));
        b.iter_custom(|n| {
            timed(
                n,
                || M::from_layers(layers),
                |m| {
                    black_box(m.step_inline(x, labels, &mut opt));
                },
            )
        })
    });
    group.bench_function("a_par2_step", |b| {
        let mut opt = Sgd::new(f64::from(LR));
        b.iter_custom(|n| {
            timed(
                n,
                || M::from_layers(layers),
                |m| {
                    black_box(m.par_step(&setup.shards, &mut opt));
                },
            )
        })
    });
    group.bench_function("a_grad", |b| {
        let m = M::from_layers(layers);
        b.iter_custom(|n| timed_calls(n, || m.loss_grad(black_box(x), labels)))
    });
    group.bench_function("a_forward", |b| {
        let m = M::from_layers(layers);
        b.iter_custom(|n| timed_calls(n, || m.loss(black_box(x), labels)))
    });
    group.bench_function("b_step", |b| {
        b.iter_custom(|n| {
            timed(
                n,
                || layers.clone(),
                |layers| {
                    black_box(workloads::step_alloc(layers, x, labels));
                },
            )
        })
    });
    group.bench_function("c_step", |b| {
        let mut ws = Workspace::new(layers, x.nrows());
        b.iter_custom(|n| {
            timed(
                n,
                || layers.clone(),
                |layers| {
                    black_box(workloads::step_into(layers, x.view(), labels, &mut ws));
                },
            )
        })
    });
    group.bench_function("c_forward", |b| {
        let mut ws = Workspace::new(layers, x.nrows());
        b.iter_custom(|n| {
            timed_calls(n, || {
                workloads::loss_into(layers, black_box(x).view(), labels, &mut ws)
            })
        })
    });
    group.finish();
}

fn bench_rosenbrock(c: &mut Criterion) {
    workloads::assert_rosenbrock_agrees();
    let mut group = c.benchmark_group("S1");
    configure(&mut group, false);
    let (x, y) = (-1.2_f64, 1.0_f64);
    group.bench_function("a_grad", |b| {
        b.iter_custom(|n| timed_calls(n, || workloads::rosenbrock_grad(black_box(x), black_box(y))))
    });
    group.bench_function("a_forward", |b| {
        b.iter_custom(|n| timed_calls(n, || workloads::rosenbrock(black_box(x), black_box(y))))
    });
    group.bench_function("d_grad", |b| {
        b.iter_custom(|n| {
            timed_calls(n, || {
                workloads::rosenbrock_by_hand(black_box(x), black_box(y))
            })
        })
    });
    group.bench_function("d_grad_not_inlined", |b| {
        b.iter_custom(|n| {
            timed_calls(n, || {
                workloads::rosenbrock_by_hand_not_inlined(black_box(x), black_box(y))
            })
        })
    });
    group.finish();
}

fn bench_logistic(c: &mut Criterion) {
    let s = LogisticSetup::new();
    s.assert_gradients_agree();
    let mut group = c.benchmark_group("S2");
    configure(&mut group, false);
    group.bench_function("a_grad", |b| {
        b.iter_custom(|n| {
            timed_calls(n, || {
                workloads::logistic_grad(black_box(&s.x), &s.y, &s.w, s.b)
            })
        })
    });
    group.bench_function("a_forward", |b| {
        b.iter_custom(|n| timed_calls(n, || workloads::logistic(black_box(&s.x), &s.y, &s.w, s.b)))
    });
    group.bench_function("b_grad", |b| {
        b.iter_custom(|n| {
            timed_calls(n, || {
                workloads::logistic_by_hand(black_box(&s.x), &s.y, &s.w, s.b)
            })
        })
    });
    group.bench_function("c_grad", |b| {
        let mut ws = LogisticWorkspace::new(s.x.nrows(), s.x.ncols());
        b.iter_custom(|n| {
            timed_calls(n, || {
                workloads::logistic_by_hand_into(black_box(&s.x), &s.y, &s.w, s.b, &mut ws)
            })
        })
    });
    group.finish();
}

// ---------------------------------------------------------------------------------------------
// The table of ratios, from criterion's estimates of this run
// ---------------------------------------------------------------------------------------------

/// Where criterion writes its estimates (the rule criterion itself follows).
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("criterion")
}

/// The median time in µs of `group/bench` and its 95% confidence interval, if this run
/// measured it.
fn median(home: &Path, group: &str, bench: &str, since: SystemTime) -> Option<(f64, f64, f64)> {
    let path = home.join(group).join(bench).join("new/estimates.json");
    if std::fs::metadata(&path).ok()?.modified().ok()? < since {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let m = &json["median"];
    let ns = |v: &serde_json::Value| v.as_f64().map(|ns| ns / 1e3);
    Some((
        ns(&m["point_estimate"])?,
        ns(&m["confidence_interval"]["lower_bound"])?,
        ns(&m["confidence_interval"]["upper_bound"])?,
    ))
}

/// Prints, per workload, each variant's median with its confidence interval and its ratio to
/// (c) and to (b) (to (d) for S1), then adjoint's gradient/forward ratios.
fn print_table(since: SystemTime) {
    let home = criterion_home();
    let groups: [(&str, &[&str]); 5] = [
        (
            "W1",
            &[
                "a_step",
                "a_into_step",
                "a_inline_step",
                "a_par2_step",
                "a_grad",
                "a_forward",
                "b_step",
                "c_step",
                "c_forward",
            ],
        ),
        (
            "W2",
            &[
                "a_step",
                "a_into_step",
                "a_inline_step",
                "a_par2_step",
                "a_grad",
                "a_forward",
                "b_step",
                "c_step",
                "c_forward",
            ],
        ),
        (
            "W3",
            &[
                "a_step",
                "a_into_step",
                "a_inline_step",
                "a_par2_step",
                "a_grad",
                "a_forward",
                "b_step",
                "c_step",
                "c_forward",
            ],
        ),
        (
            "S1",
            &["a_grad", "a_forward", "d_grad", "d_grad_not_inlined"],
        ),
        ("S2", &["a_grad", "a_forward", "b_grad", "c_grad"]),
    ];
    let mut found: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    println!("\n| workload | variant | median µs | 95% CI | ×(c) | ×(b or d) |");
    println!("|---|---|---:|---:|---:|---:|");
    for (group, benches) in groups {
        let times: Vec<_> = benches
            .iter()
            .map(|b| (*b, median(&home, group, b, since)))
            .collect();
        let find = |name: &str| times.iter().find(|(b, _)| *b == name).and_then(|(_, t)| *t);
        let c = find("c_step").or_else(|| find("c_grad"));
        let b = find("b_step")
            .or_else(|| find("b_grad"))
            .or_else(|| find("d_grad"));
        for (bench, time) in &times {
            let Some((t, lo, hi)) = time else { continue };
            found.insert((group, bench), *t);
            let ratio = |base: Option<(f64, f64, f64)>| {
                base.map_or("".into(), |(base, ..)| format!("{:.2}", t / base))
            };
            println!(
                "| {group} | {bench} | {t:.3} | {lo:.3}–{hi:.3} | {} | {} |",
                ratio(c),
                ratio(b)
            );
        }
    }
    println!("\ngradient/forward (adjoint): ");
    for group in ["W1", "W2", "W3", "S1", "S2"] {
        let (Some(grad), Some(forward)) = (
            found.get(&(group, "a_grad")),
            found.get(&(group, "a_forward")),
        ) else {
            continue;
        };
        println!("- {group}: {:.2}", grad / forward);
    }
}

fn main() {
    // One thread inside products and element-wise passes, so that the figures stay
    // comparable with earlier runs and with the peers' one-thread figures.
    adjoint::set_num_threads(1);
    let since = SystemTime::now();
    let mut c = Criterion::default()
        .output_directory(&criterion_home())
        .configure_from_args();
    bench_mlp::<Mlp2>(&mut c, W1);
    bench_mlp::<Mlp2>(&mut c, W2);
    bench_mlp::<Mlp3>(&mut c, W3);
    bench_rosenbrock(&mut c);
    bench_logistic(&mut c);
    c.final_summary();
    print_table(since);
}

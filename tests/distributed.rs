//! Data-parallel training on MPI gives the single process's parameters, the same bits on every
//! rerun, and fails fast: each test launches the `mpi_train` example under `mpirun` (with its
//! own timeout) and compares the parameters that rank 0 writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long a run may take before the test kills it and fails.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The `mpi_train` example, built once per test run by the cargo that runs the tests, into the
/// same target directory and profile: `cargo test --test distributed` builds the test alone.
fn example() -> &'static Path {
    static EXAMPLE: OnceLock<PathBuf> = OnceLock::new();
    EXAMPLE.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test's path");
        let profile_dir = exe
            .parent()
            .and_then(|deps| deps.parent())
            .expect("target/PROFILE");
        let target_dir = profile_dir.parent().expect("target");
        let profile = match profile_dir.file_name().and_then(|name| name.to_str()) {
            Some("debug") => "dev",
            Some(name) => name,
            None => panic!("{} is not a profile's directory", profile_dir.display()),
        };
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--features",
                "mpi",
                "--example",
                "mpi_train",
            ])
            .args(["--profile", profile])
            .arg("--manifest-path")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target_dir)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the mpi_train example failed");
        profile_dir.join("examples").join("mpi_train")
    })
}

/// Runs `mpi_train ARGS` on `ranks` ranks, killing it after [`TIMEOUT`].
fn mpirun(ranks: usize, args: &[&str]) -> Output {
    let mut child = Command::new("mpirun")
        .args([
            "--allow-run-as-root",
            "--oversubscribe",
            "-n",
            &ranks.to_string(),
        ])
        .arg(example())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mpirun runs (install openmpi-bin)");
    let start = Instant::now();
    while child.try_wait().expect("waiting for mpirun").is_none() {
        if start.elapsed() > TIMEOUT {
            child.kill().expect("killing mpirun");
            panic!("mpirun -n {ranks} mpi_train {args:?} did not end within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("mpirun's output")
}

/// The parameters written by a successful run of `mpi_train` with `flags`: (leaf path, value)
/// in visiting order.
fn train(
    ranks: usize,
    float: &str,
    steps: usize,
    batch: usize,
    seed: u64,
    flags: &[&str],
) -> Vec<(String, u64)> {
    let out = std::env::temp_dir().join(format!(
        "adjoint-mpi-{}-{ranks}-{float}-{steps}-{batch}-{seed}-{}.txt",
        std::process::id(),
        flags.join("-")
    ));
    let (steps, batch, seed) = (steps.to_string(), batch.to_string(), seed.to_string());
    let mut args = vec![
        float,
        &steps,
        &batch,
        &seed,
        out.to_str().expect("a UTF-8 path"),
    ];
    args.extend(flags);
    let run = mpirun(ranks, &args);
    assert!(
        run.status.success(),
        "mpirun -n {ranks} mpi_train {args:?} failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&out).expect("rank 0 wrote the parameters");
    std::fs::remove_file(&out).expect("removing the output");
    text.lines()
        .map(|line| {
            let (path, bits) = line.split_once(' ').expect("path and bits");
            (
                path.to_string(),
                u64::from_str_radix(bits, 16).expect("hexadecimal bits"),
            )
        })
        .collect()
}

/// The largest relative difference between two runs' parameters, relative to the largest
/// magnitude of the first run's leaf (so that elements near 0 do not dominate).
fn max_relative_difference(a: &[(String, u64)], b: &[(String, u64)]) -> f64 {
    assert_eq!(
        a.len(),
        b.len(),
        "the runs have different numbers of parameters"
    );
    assert!(a.len() > 1000, "too few parameters to compare");
    let scale = a
        .iter()
        .map(|(_, x)| f64::from_bits(*x).abs())
        .fold(0.0, f64::max);
    a.iter()
        .zip(b)
        .map(|((pa, xa), (pb, xb))| {
            assert_eq!(pa, pb);
            (f64::from_bits(*xa) - f64::from_bits(*xb)).abs() / scale
        })
        .fold(0.0, f64::max)
}

// 1797 digits in global batches of 100: 18 batches an epoch, the last of 97 rows (49 + 48 on
// two ranks), so 25 steps cross an epoch's uneven end.

#[test]
fn two_ranks_give_the_single_process_parameters_in_f64() {
    let one = train(1, "f64", 25, 100, 3, &[]);
    let two = train(2, "f64", 25, 100, 3, &[]);
    assert_ne!(
        one,
        train(1, "f64", 25, 100, 4, &[]),
        "the seed changes the run"
    );
    let diff = max_relative_difference(&one, &two);
    println!("f64: max relative difference {diff:e}");
    assert!(diff <= 1e-10, "f64 max relative difference {diff:e}");
}

#[test]
fn two_ranks_give_the_single_process_parameters_in_f32() {
    let one = train(1, "f32", 25, 100, 3, &[]);
    let two = train(2, "f32", 25, 100, 3, &[]);
    let diff = max_relative_difference(&one, &two);
    println!("f32: max relative difference {diff:e}");
    assert!(diff <= 1e-5, "f32 max relative difference {diff:e}");
}

#[test]
fn the_same_seed_gives_the_same_bits() {
    assert_eq!(
        train(2, "f64", 20, 64, 5, &[]),
        train(2, "f64", 20, 64, 5, &[])
    );
}

#[test]
fn a_panicking_rank_ends_the_job_with_an_error() {
    let run = mpirun(2, &["f64", "10", "100", "0", "/dev/null", "panic"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "the job succeeded: {stderr}");
    assert!(stderr.contains("fails on purpose"), "{stderr}");
}

#[test]
fn mismatched_parameters_are_named_at_start() {
    let run = mpirun(2, &["f64", "10", "100", "0", "/dev/null", "mismatch"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "the job succeeded: {stderr}");
    assert!(
        stderr.contains("leaf `hidden.w` of shape [64, 32]")
            && stderr.contains("leaf `hidden.w` of shape [64, 33]"),
        "{stderr}"
    );
}

// The overlapped reduction: `mpi_train overlapped` checks at every step, on every rank, that
// `allreduce_mean_overlapped` gives what `allreduce_mean` gives (to a relative 1e-15 in f64,
// 1e-6 in f32) and the same bits as rank 0, and fails the run otherwise. With `small-buckets`
// the gradient (2,410 elements, 2,474 for `deep`) travels in buckets of 1000 bytes, its leaves
// straddling them.

#[test]
fn overlapped_reduction_gives_the_single_process_parameters_in_f64() {
    let one = train(1, "f64", 25, 100, 3, &[]);
    let two = train(2, "f64", 25, 100, 3, &["overlapped"]);
    let diff = max_relative_difference(&one, &two);
    println!("f64 overlapped: max relative difference to one process {diff:e}");
    assert!(diff <= 1e-10, "f64 max relative difference {diff:e}");
    let after = train(2, "f64", 25, 100, 3, &[]);
    let diff = max_relative_difference(&after, &two);
    println!("f64 overlapped: max relative difference to allreduce_mean {diff:e}");
    assert!(diff <= 1e-15, "overlapped against allreduce_mean: {diff:e}");
}

#[test]
fn overlapped_reduction_gives_the_single_process_parameters_in_f32() {
    let one = train(1, "f32", 25, 100, 3, &[]);
    let two = train(2, "f32", 25, 100, 3, &["overlapped", "small-buckets"]);
    let diff = max_relative_difference(&one, &two);
    println!("f32 overlapped: max relative difference {diff:e}");
    assert!(diff <= 1e-5, "f32 max relative difference {diff:e}");
}

// 1797 digits in global batches of 898: the third batch of an epoch has one row, so on two
// ranks the second rank's shard is empty (its backward pass runs on no rows).
#[test]
fn overlapped_reduction_with_an_empty_shard() {
    let one = train(1, "f64", 4, 898, 11, &[]);
    let two = train(2, "f64", 4, 898, 11, &["overlapped", "small-buckets"]);
    let diff = max_relative_difference(&one, &two);
    println!("empty shard: max relative difference {diff:e}");
    assert!(diff <= 1e-10, "max relative difference {diff:e}");
}

// Hidden layers in a `Vec`, differentiated by a loop in a function of their own: the backward
// pass reports the output layer while it runs and the hidden layers whole at its end.
#[test]
fn overlapped_reduction_of_a_gradient_reported_partly_whole() {
    let one = train(1, "f64", 25, 100, 3, &["deep"]);
    let two = train(
        2,
        "f64",
        25,
        100,
        3,
        &["deep", "overlapped", "small-buckets"],
    );
    let diff = max_relative_difference(&one, &two);
    println!("deep: max relative difference {diff:e}");
    assert!(diff <= 1e-10, "max relative difference {diff:e}");
    let three = train(
        3,
        "f64",
        25,
        100,
        3,
        &["deep", "overlapped", "small-buckets"],
    );
    let diff = max_relative_difference(&one, &three);
    println!("deep, three ranks: max relative difference {diff:e}");
    assert!(
        diff <= 1e-10,
        "three ranks: max relative difference {diff:e}"
    );
}

#[test]
fn overlapped_reduction_gives_the_same_bits_for_the_same_seed() {
    let flags = ["overlapped", "small-buckets"];
    let first = train(2, "f64", 20, 64, 5, &flags);
    assert_eq!(first, train(2, "f64", 20, 64, 5, &flags));
}

#[test]
fn ranks_reporting_in_different_orders_end_the_job_with_an_error() {
    let run = mpirun(
        2,
        &["f64", "3", "100", "0", "/dev/null", "overlapped", "layout"],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "the job succeeded: {stderr}");
    assert!(
        stderr.contains("reported the parts of the gradient in different orders"),
        "{stderr}"
    );
}

#[test]
fn ranks_with_different_buckets_end_the_job_with_an_error() {
    for reduction in [&[][..], &["overlapped"]] {
        let mut args = vec!["f64", "3", "100", "0", "/dev/null"];
        args.extend(reduction);
        args.extend(["small-buckets", "bucket-mismatch"]);
        let run = mpirun(2, &args);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "the job succeeded: {stderr}");
        assert!(
            stderr.contains("the ranks' buckets differ: 1000 bytes on rank 0, 2000 on rank 1"),
            "{stderr}"
        );
    }
}

#[test]
fn the_ranks_shards_make_up_each_global_batch() {
    use adjoint::data::Dataset;
    use adjoint::distributed::DistributedBatches;
    use ndarray::{Array1, Array2};
    // Row i holds i, so the shards show which rows they took.
    let n = 23;
    let data = Dataset::new(
        Array2::from_shape_fn((n, 1), |(i, _)| i as f64),
        Array1::from_shape_fn(n, |i| i % 3),
    );
    let single: Vec<Vec<f64>> = DistributedBatches::for_rank(&data, 10, 9, 0, 1)
        .map(|(x, _)| x.column(0).to_vec())
        .collect();
    assert_eq!(single.iter().map(Vec::len).collect::<Vec<_>>(), [10, 10, 3]);
    let mut all: Vec<f64> = single.concat();
    all.sort_by(f64::total_cmp);
    assert_eq!(
        all,
        (0..n).map(|i| i as f64).collect::<Vec<_>>(),
        "a permutation"
    );
    assert_ne!(single.concat(), all, "shuffled");
    for size in [2, 3, 4] {
        let shards: Vec<Vec<Vec<f64>>> = (0..size)
            .map(|rank| {
                DistributedBatches::for_rank(&data, 10, 9, rank, size)
                    .map(|(x, labels)| {
                        assert_eq!(x.nrows(), labels.len());
                        x.column(0).to_vec()
                    })
                    .collect()
            })
            .collect();
        for (b, batch) in single.iter().enumerate() {
            let joined: Vec<f64> = shards.iter().flat_map(|s| s[b].clone()).collect();
            assert_eq!(&joined, batch, "{size} ranks, batch {b}");
            let sizes: Vec<usize> = shards.iter().map(|s| s[b].len()).collect();
            assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
        }
    }
}

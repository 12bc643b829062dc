//! Writes the random programs into `OUT_DIR/programs.rs`.
//!
//! `ADJOINT_RANDOM_SEED` (default 0), `ADJOINT_RANDOM_COUNT` (default 300) and
//! `ADJOINT_RANDOM_FIRST` (default 0) choose the programs; `ADJOINT_RANDOM_SKIP` lists indices
//! to leave out (comma-separated), for bisecting a compile failure. `ADJOINT_RANDOM_PLAIN=1`
//! writes the programs without `#[differentiable]` (and without checks): if they do not compile
//! as ordinary Rust, the generator is wrong, not the macro. `ADJOINT_RANDOM_KNOWN_BUGS=1`
//! also writes the constructs that hit open macro bugs (see `tests/regressions/`), which the
//! generator otherwise avoids.

#[path = "src/generate.rs"]
mod generate;

use std::env;
use std::path::Path;

fn number(name: &str, default: u64) -> u64 {
    println!("cargo:rerun-if-env-changed={name}");
    match env::var(name) {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {text:?}")),
        Err(_) => default,
    }
}

fn main() {
    println!("cargo:rerun-if-changed=src/generate.rs");
    let seed = number("ADJOINT_RANDOM_SEED", 0);
    let count = number("ADJOINT_RANDOM_COUNT", 300);
    let first = number("ADJOINT_RANDOM_FIRST", 0);
    println!("cargo:rerun-if-env-changed=ADJOINT_RANDOM_SKIP");
    let skip: Vec<u64> = env::var("ADJOINT_RANDOM_SKIP")
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse()
                .expect("ADJOINT_RANDOM_SKIP lists program indices")
        })
        .collect();
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-env-changed=ADJOINT_RANDOM_PLAIN");
    let plain = env::var("ADJOINT_RANDOM_PLAIN").is_ok_and(|v| v == "1");
    println!("cargo:rerun-if-env-changed=ADJOINT_RANDOM_KNOWN_BUGS");
    let known_bugs = env::var("ADJOINT_RANDOM_KNOWN_BUGS").is_ok_and(|v| v == "1");
    let text = generate::programs(seed, first, count, &skip, plain, known_bugs);
    std::fs::write(Path::new(&out).join("programs.rs"), text).expect("OUT_DIR is writable");
}

//! Writes the random programs into `OUT_DIR/programs.rs`.
//!
//! `ADJOINT_RANDOM_SEED` (default 0), `ADJOINT_RANDOM_COUNT` (default 300) and
//! `ADJOINT_RANDOM_FIRST` (default 0) choose the programs; `ADJOINT_RANDOM_SKIP` lists indices
//! to leave out (comma-separated), for bisecting a compile failure. `ADJOINT_RANDOM_PLAIN=1`
//! writes the programs without `#[differentiable]` (and without checks): if they do not compile
//! as ordinary Rust, the generator is wrong, not the macro. `ADJOINT_RANDOM_KNOWN_BUGS=1`
//! also writes the constructs that hit open macro bugs (see `tests/regressions/`), which the
//! generator otherwise avoids. `ADJOINT_RANDOM_FUSE=0` writes `fuse = false` into every
//! attribute: the same programs with each element-wise operation applied on its own.

#[path = "src/generate.rs"]
mod generate;
#[path = "src/identifiers.rs"]
mod identifiers;

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
    println!("cargo:rerun-if-env-changed=ADJOINT_RANDOM_FUSE");
    let text = if env::var("ADJOINT_RANDOM_FUSE").is_ok_and(|v| v == "0") {
        text.replace("#[differentiable]", "#[differentiable(fuse = false)]")
            .replace("#[differentiable(wrt", "#[differentiable(fuse = false, wrt")
    } else {
        text
    };
    std::fs::write(Path::new(&out).join("programs.rs"), text).expect("OUT_DIR is writable");

    // The names the macro generates or matches, from its own source.
    let macros = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../macros/src");
    println!("cargo:rerun-if-changed={}", macros.display());
    let sources = macro_sources(&macros);
    let names = identifiers::names(&sources);
    std::fs::write(
        Path::new(&out).join("identifiers.rs"),
        identifiers::program(&names),
    )
    .expect("OUT_DIR is writable");
}

/// The macro's source files, its tests of malformed input aside.
fn macro_sources(dir: &Path) -> Vec<String> {
    let mut sources = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the macro crate's sources are beside this crate")
        .map(|entry| entry.expect("a readable directory").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources.extend(macro_sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "never_panic.rs")
        {
            println!("cargo:rerun-if-changed={}", path.display());
            sources.push(std::fs::read_to_string(&path).expect("a readable source file"));
        }
    }
    sources
}

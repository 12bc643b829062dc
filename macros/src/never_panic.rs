//! The expansion never panics: random and mutated items through [`expand::differentiable`].
//!
//! Every property feeds the expansion an attribute and an item and asserts that it returns
//! tokens (for a mistake, with a `compile_error!`) instead of panicking; for an item that is a
//! valid function, the tokens must also parse as Rust items. The inputs are
//!
//! - valid functions from the whole vocabulary with tokens deleted, swapped, duplicated,
//!   inserted (keywords, unicode identifiers, huge literals, stray punctuation, whole
//!   unsupported constructs), wrapped into or unwrapped from groups;
//! - one function per unsupported construct, mutated the same way;
//! - deep nesting: thousands of parentheses, negations, method calls, blocks, `let`s;
//! - huge and odd literals in every literal position;
//! - random attribute arguments.
//!
//! `PROPTEST_CASES` sets the cases per property (default 256; deep nesting runs an eighth as
//! many, because an expansion costs milliseconds per statement). For longer runs, a loop-based
//! fuzzer applies the same mutations for a time budget and reports how many inputs it tried:
//!
//! ```sh
//! ADJOINT_FUZZ_SECONDS=600 cargo test --release -p adjoint-macros never_panic::fuzz -- --ignored --nocapture
//! ```
//!
//! The expansion runs on a thread with a 64 MiB stack, as rustc gives proc macros a large one.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRng, TestRunner};

use crate::expand;

/// Valid functions covering the vocabulary: the bases for mutation.
const VALID: &[(&str, &str)] = &[
    (
        "",
        "fn rosenbrock(x: f64, y: f64) -> f64 { (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2) }",
    ),
    (
        "",
        "pub fn dense(x: &Array2<f32>, w: &Array2<f32>, b: &Array1<f32>) -> Array2<f32> { x.dot(w) + b }",
    ),
    (
        "wrt(w1, b1, w2, b2)",
        "fn loss(x: &Array2<f32>, labels: &Array1<usize>, w1: &Array2<f32>, b1: &Array1<f32>, w2: &Array2<f32>, b2: &Array1<f32>) -> f32 {
            let h = relu(&dense(x, w1, b1));
            softmax_cross_entropy(&dense(&h, w2, b2), labels)
        }",
    ),
    (
        "",
        "fn body(a: &Array2<f64>, v: &Array1<f64>, s: f64, k: i32, n: usize) -> f64 {
            let mut h = a.to_owned();
            h += v;
            h *= s;
            h -= 2.0;
            h /= &a.exp();
            let t = h.t();
            let r = a.view().reversed_axes().to_owned();
            let m = a.mean_axis(Axis(0)).unwrap() + a.sum_axis(Axis(1)).sum();
            let parts = a.row(0).sum() + a.column(1).sum() + a.index_axis(Axis(1), 0).sum() + a.slice(s![1.., ..;-2]).sum();
            let (rows, cols) = a.dim();
            let e = { let u = a[[0, 1]] * v[0]; u.exp().ln().sqrt().sin().cos().tan().tanh().abs().recip() };
            let p = s.powf(e).max(s).min(e) + s.powi(k) + n as f64 + rows as f64 * cols as f64;
            let q = sigmoid(&t) * leaky_relu(&r, 0.1) + softmax(&h) - log_softmax(&h);
            mse(&q, &h) + mean(&m) + p + parts + -(q.sum() / std::f64::consts::PI) + a.nrows() as f64
        }",
    ),
    (
        "wrt(m)",
        "fn model(m: &Mlp, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
            let h = relu(&dense(&m.hidden, x));
            let h = &h + &m.layers[0].w.t().dot(&h.t()).t();
            softmax_cross_entropy(&dense(&m.out, &h), labels) + m.scale * m.b[1]
        }",
    ),
    (
        "",
        "pub(crate) fn method(&self, x: &Array2<f64>) -> Array2<f64> { self.forward(x) * self.alpha }",
    ),
    (
        "vjp = softplus_rule",
        "fn softplus(x: f64) -> f64 { if x > 0.0 { x + (-x).exp().ln_1p() } else { x.exp().ln_1p() } }",
    ),
    (
        "",
        "fn generic<F: Float>(x: F, y: ArrayView1<F>) -> F { const C: f64 = 0.5; x * y.sum() + x.powi(2) }",
    ),
    (
        "",
        "fn names(grad: f64, adj: f64, tape: f64, __adjoint_x: f64, self_: f64, this: f64, needs: f64, g: f64, out: f64) -> f64 {
            let cotangent = grad * adj + tape;
            let d_grad = __adjoint_x * self_ - this;
            cotangent * d_grad + needs * g * out
        }",
    ),
    (
        "wrt(m)",
        "fn deep(m: &Deep, x: &Array2<f32>, labels: &Array1<usize>, leaky: bool) -> f32 {
            let mut h = x.to_owned();
            for (i, layer) in m.layers.iter().enumerate() {
                let z = dense(layer, &h);
                h = if leaky && i > 0 { leaky_relu(&z, 0.01) } else { relu(&z) };
            }
            softmax_cross_entropy(&dense(&m.out, &h), labels)
        }",
    ),
    (
        "",
        "fn solver(a: f64, n: usize, mode: Mode) -> f64 {
            let mut x = a;
            let mut i = 0;
            while i < n { x = 0.5 * (x + a / x); i += 1; }
            loop { x = x.sin(); if x < 0.1 { break; } x *= 0.9; }
            let y = match mode { Mode::A => x, Mode::B(k) if k > 0.0 => x * k, _ => x.exp() };
            for j in (0..n).rev() { if j % 2 == 0 { x += y } else { x -= 1.0 } }
            x
        }",
    ),
    (
        "",
        "fn elementwise(a: &Array2<f64>, x: f64, y: f64) -> f64 {
            let b = a.exp_m1().ln_1p().sinh().cosh().asinh().atan().signum() * a.clamp(-1.0, 1.0);
            let c = (a * 0.5).asin() + (a * 0.5).acos() + (a * 0.5).atanh() + (a * a + 1.0).acosh();
            let s = x.atan2(y) + x.hypot(y) + f64::clamp(x, 0.0, 1.0) + f32::atan2(y as f32, 2.0) as f64;
            (b + c).hypot(s).sum() + s
        }",
    ),
    (
        "wrt(xs)",
        "fn rows(xs: &Array2<f64>, w: &Array1<f64>) -> f64 {
            let mut h = 0.0;
            for t in 0..xs.nrows() { h = (h + xs.row(t).dot(w)).tanh() + xs.slice(s![t.., ..]).sum(); }
            h
        }",
    ),
];

/// One function per unsupported construct.
const UNSUPPORTED: &[&str] = &[
    "fn f(x: f64) -> f64 { let g = |a: f64| a * x; g(x) }",
    "fn f(x: f64) -> f64 { unsafe { x } }",
    "fn f(x: f64) -> f64 { dbg!(x); x }",
    "fn f(x: f64) -> f64 { for _ in 0..2 { return x; } x }",
    "fn f(x: Option<f64>) -> f64 { x? }",
    "fn f(x: f64) -> f64 { for i in 0..3 { x += i as f64; } x }",
    "fn f(x: f64) -> f64 { while x < 1.0 { x *= 2.0; } x }",
    "fn f(x: f64) -> f64 { loop { break x; } }",
    "fn f(x: f64) -> f64 { if x > 0.0 { x } else { -x } }",
    "fn f(x: f64) -> f64 { match x { 0.0 => 1.0, _ => x } }",
    "fn f(x: &mut f64) -> f64 { *x += 1.0; *x }",
    "fn f(x: f64) -> f64 { let y: &mut f64 = &mut 1.0; *y }",
    "async fn f(x: f64) -> f64 { x.await }",
    "const fn f(x: f64) -> f64 { x }",
    "unsafe extern \"C\" fn f(x: f64, ...) -> f64 { x }",
    "fn f<'a, T: Tr + 'a>(x: &'a T) -> impl Fn() -> f64 where T: Copy { move || 1.0 }",
    "fn f(x: Box<dyn Fn(f64) -> f64>) -> f64 { x(1.0) }",
    "fn f((a, b): (f64, f64)) -> f64 { a * b }",
    "fn f(x: f64) -> (f64, f64) { (x, x) }",
    "fn f(x: [f64; 3]) -> f64 { x[0] + [1.0, 2.0][1] }",
    "fn f(x: &Array1<f64>) -> f64 { x.slice(s![1..]).sum() + x[1..].len() as f64 }",
    "fn f(x: f64) -> f64 { S { a: x }.a }",
    "fn f(x: f64) -> f64 { let S { a, .. } = s; a }",
    "fn f(x: f64) -> f64 { let Some(y) = Some(x) else { panic!() }; y }",
    "fn f(x: f64) -> f64 { 'outer: { break 'outer x } }",
    "fn f(x: f64) -> f64 { fn inner(y: f64) -> f64 { y } inner(x) }",
    "fn f(x: f64) -> f64 { struct S; impl S {} use std::f64; mod m {} x }",
    "fn f(x: f64) -> f64 { #[allow(unused)] let y = x; y }",
    "fn f(x: f64) -> f64 { x as i64 as f64 }",
    "fn f(x: f64) -> f64 { *&x + **&&x }",
    "fn f(x: f64) -> f64 { x.frobnicate() + f64::exp(x) + <f64 as Float>::exp(x) }",
    "fn f(x: f64) -> f64 { x.sum::<f64>() + x.into() }",
    "fn f(x: f64) -> f64 { (x..2.0).start }",
    "fn f(x: f64) -> f64 { x == 1.0 && x != 2.0 || !true; x % 2.0 }",
    "fn f(x: f64) -> f64 { x << 1 >> 2 & 3 | 4 ^ 5 }",
    "fn f(mut x: f64) -> f64 { x = 1.0; x }",
    "fn f(ref x: f64) -> f64 { *x }",
    "fn f(x: f64) -> ! { loop {} }",
    "fn f(x: f64) { }",
    "fn f() -> f64 { 1.0 }",
    "fn f(x: String) -> f64 { x.len() as f64 }",
    "fn f(x: f64) -> f64 { let _ = x; x }",
    "fn f(x: f64) -> f64 { let (a, b); a = x; b = x; a + b }",
    "fn f(x: f64) -> f64 { let y; y = x; y }",
    "fn f(x: f64) -> f64 { x.t().t().t() }",
    "fn f(&mut self, x: f64) -> f64 { self.w += x; x }",
    "fn f(self: Box<Self>, x: f64) -> f64 { x }",
    "fn f(mut self) -> f64 { self.w }",
    "fn f(x: f64) -> f64 { yield x }",
    "fn f(x: f64) -> f64 { try { x } }",
    "fn f(x: f64) -> f64 { become g(x) }",
    "fn f(x: f64) -> f64 { x.0 + x.1 }",
    "fn f(x: &Array2<f64>) -> f64 { x[[0, 1, 2]] + x[(0, 1)] + x[..][0] }",
    "fn f(x: f64) -> f64 { gen { x } }",
    "struct S { a: f64 }",
    "impl S { fn f(&self) -> f64 { 1.0 } }",
    "mod m { fn f(x: f64) -> f64 { x } }",
    "fn f(x: f64) -> f64;",
    "extern { fn f(x: f64) -> f64; }",
];

/// Tokens and snippets that mutations insert or substitute.
const INSERTIONS: &[&str] = &[
    "x",
    "y",
    "self",
    "Self",
    "crate",
    "super",
    "_",
    "é",
    "ƒ",
    "变量",
    "𝑥",
    "ǅ",
    "Ω",
    "grad",
    "adj",
    "tape",
    "__adjoint_forward",
    "__adjoint_x",
    "self_",
    "this",
    "needs",
    "g",
    "out",
    "cotangent",
    "fn",
    "r#fn",
    "r#x",
    "let",
    "mut",
    "if",
    "else",
    "for",
    "in",
    "loop",
    "while",
    "match",
    "return",
    "break",
    "continue",
    "async",
    "await",
    "unsafe",
    "impl",
    "dyn",
    "where",
    "move",
    "static",
    "ref",
    "const",
    "struct",
    "enum",
    "trait",
    "type",
    "pub",
    "use",
    "mod",
    "as",
    "box",
    "yield",
    "try",
    "macro_rules",
    "union",
    "|x| x",
    "unsafe { }",
    "?",
    "loop {}",
    "1e400",
    "1e-400",
    "340282366920938463463374607431768211456",
    "0xffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ff",
    "0b1",
    "0o7",
    "1u8",
    "2.5f32",
    "1_f64",
    "1.",
    "0.0",
    "-0.0",
    "1e308",
    "4.9e-324",
    "'a'",
    "\"s\"",
    "b'x'",
    "b\"bytes\"",
    "r#\"raw\"#",
    "c\"c\"",
    "'label",
    "'static",
    "#[inline]",
    "#![allow(x)]",
    "::",
    "..",
    "..=",
    "=>",
    "->",
    "<-",
    "&&",
    "||",
    "!",
    "&mut",
    "*",
    "&",
    "=",
    "==",
    "+=",
    "-=",
    "*=",
    "/=",
    "%=",
    "<<=",
    "^",
    "<<",
    ">>",
    "<",
    ">",
    "@",
    "#",
    "$",
    "~",
    ",",
    ";",
    ":",
    ".",
    "x.y",
    "x[0]",
    "x[[0, 1]]",
    "Axis(0)",
    "unwrap()",
    ".t()",
    ".view()",
    ".reversed_axes()",
    "relu",
    "sigmoid",
    "softplus",
    "softmax",
    "log_softmax",
    "leaky_relu",
    "mse",
    "mean",
    "softmax_cross_entropy",
    "mean_axis",
    "sum_axis",
    "dot",
    "exp",
    "powi",
    "powf",
    "f32",
    "f64",
    "usize",
    "i32",
    "Array2<f64>",
    "ArrayView1<'_, f32>",
    "&Array1<usize>",
    "Vec<Array2<f64>>",
    "Option<f64>",
    "std::f64::consts::PI",
    "<T as Trait>::X",
    "println!(\"{}\", x)",
    "vec![1.0]",
    "s![.., 0]",
    "(x, y)",
    "[x; 3]",
    "{ x }",
    "( )",
    "[ ]",
    "{ }",
    "x as f64",
    "x as usize",
    "wrt",
    "vjp",
    "impl_generics",
];

/// Attribute arguments, valid and not.
const ATTRS: &[&str] = &[
    "",
    "wrt(x)",
    "wrt(x, y)",
    "wrt()",
    "wrt",
    "wrt(x, x)",
    "wrt(self)",
    "wrt(nope)",
    "wrt(labels)",
    "wrt(x) wrt(y)",
    "wrt(x), wrt(y)",
    "wrt(x),",
    "vjp",
    "vjp =",
    "vjp = rule",
    "vjp = a::b::rule",
    "vjp = f_vjp",
    "vjp = rule, vjp = rule",
    "vjp = rule, wrt(x)",
    "vjp = rule<f64>",
    "vjp = rule::<f32>, wrt(x)",
    "vjp = try",
    "vjp = Fn(f64)",
    "impl_generics(T)",
    "impl_generics()",
    "fuse = false",
    "fuse = true, wrt(x)",
    "fuse",
    "fuse = 1",
    "fuse = false, fuse = true",
    "with(x)",
    "wrt = x",
    "wrt[x]",
    "wrt{x}",
    "1e400",
    "\"wrt\"",
    "é(ƒ)",
    "::wrt(x)",
    "wrt(1)",
    "wrt(x.y)",
    "wrt(&x)",
];

// ---------------------------------------------------------------------------------------------
// The property

/// Expands `attr` and `item`; `Err` if the expansion panicked or, for a valid function, its
/// output is not Rust items.
fn expands_without_panic(attr: &TokenStream, item: &TokenStream) -> Result<(), String> {
    let (attr, item) = (attr.clone(), item.clone());
    let valid = syn::parse2::<syn::ItemFn>(item.clone()).is_ok();
    let out = catch_unwind(AssertUnwindSafe(|| {
        expand::differentiable(attr.clone(), item.clone())
    }))
    .map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        format!("the expansion panicked ({message}) on #[differentiable({attr})] {item}")
    })?;
    if valid {
        syn::parse2::<syn::File>(out.clone()).map_err(|error| {
            format!("the expansion of #[differentiable({attr})] {item} is not Rust items ({error}):\n{out}")
        })?;
    }
    Ok(())
}

/// Runs `test` on a thread with a large stack, as rustc runs proc macros.
fn on_big_stack(test: impl FnOnce() + Send + 'static) {
    let outcome = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(test)
        .expect("a thread")
        .join();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

fn tokens(text: &str) -> TokenStream {
    text.parse()
        .unwrap_or_else(|error| panic!("{text:?} does not tokenize: {error}"))
}

/// Runs a property over `strategy`, failing with the shrunk input.
fn check<S: Strategy + Send + 'static>(
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), String> + Send + 'static,
) where
    S::Value: std::fmt::Debug,
{
    check_with(cases(), strategy, property);
}

/// [`check`] with `cases` cases.
fn check_with<S: Strategy + Send + 'static>(
    cases: u32,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), String> + Send + 'static,
) where
    S::Value: std::fmt::Debug,
{
    on_big_stack(move || {
        // A fixed seed: CI runs the same cases every time; the fuzzer explores.
        let config = Config {
            cases: cases.max(1),
            failure_persistence: None,
            ..Config::default()
        };
        let rng = TestRng::deterministic_rng(config.rng_algorithm);
        let mut runner = TestRunner::new_with_rng(config, rng);
        let result = runner.run(&strategy, |value| {
            property(value).map_err(TestCaseError::fail)
        });
        if let Err(error) = result {
            panic!("{error}");
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Mutations of token trees

/// One edit of a token tree, chosen by numbers so that proptest can shrink a list of them.
#[derive(Clone, Copy, Debug)]
struct Edit {
    kind: u8,
    at: usize,
    other: usize,
    token: usize,
}

fn edit() -> impl Strategy<Value = Edit> {
    (any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()).prop_map(
        |(kind, at, other, token)| Edit {
            kind,
            at,
            other,
            token,
        },
    )
}

/// The number of tokens and groups in `stream`, at every depth.
fn count(stream: &TokenStream) -> usize {
    stream
        .clone()
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => 1 + count(&group.stream()),
            _ => 1,
        })
        .sum()
}

/// Applies `edit` to the token tree at pre-order position `edit.at % count(stream)`.
fn apply(stream: TokenStream, edit: Edit) -> TokenStream {
    let total = count(&stream);
    if total == 0 {
        return tokens(INSERTIONS[edit.token % INSERTIONS.len()]);
    }
    let mut at = edit.at % total;
    apply_at(stream, edit, &mut at)
}

fn apply_at(stream: TokenStream, edit: Edit, at: &mut usize) -> TokenStream {
    let mut trees: Vec<TokenTree> = stream.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        if *at == 0 {
            *at = usize::MAX;
            edit_sibling(&mut trees, i, edit);
            break;
        }
        *at -= 1;
        if let TokenTree::Group(group) = &trees[i] {
            let inner = apply_at(group.stream(), edit, at);
            let mut rebuilt = Group::new(group.delimiter(), inner);
            rebuilt.set_span(group.span());
            trees[i] = TokenTree::Group(rebuilt);
            if *at == usize::MAX {
                break;
            }
        }
        i += 1;
    }
    trees.into_iter().collect()
}

/// The edit itself, on the `i`th of a list of siblings.
fn edit_sibling(trees: &mut Vec<TokenTree>, i: usize, edit: Edit) {
    let insertion = || tokens(INSERTIONS[edit.token % INSERTIONS.len()]);
    match edit.kind % 8 {
        0 | 1 => {
            trees.remove(i);
        }
        2 => {
            let j = edit.other % trees.len();
            trees.swap(i, j);
        }
        3 => {
            let copy = trees[i].clone();
            trees.insert(i, copy);
        }
        4 | 5 => {
            let new: Vec<TokenTree> = insertion().into_iter().collect();
            let at = if edit.kind % 8 == 4 { i } else { i + 1 };
            trees.splice(at..at, new);
        }
        6 => {
            // Wrap a run of siblings into a group, or unwrap a group.
            if let TokenTree::Group(group) = &trees[i] {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                trees.splice(i..=i, inner);
            } else {
                let end = (i + 1 + edit.other % 3).min(trees.len());
                let inner: TokenStream = trees[i..end].iter().cloned().collect();
                let delimiter = match edit.token % 4 {
                    0 => Delimiter::Parenthesis,
                    1 => Delimiter::Bracket,
                    2 => Delimiter::Brace,
                    _ => Delimiter::None,
                };
                trees.splice(i..end, [TokenTree::Group(Group::new(delimiter, inner))]);
            }
        }
        _ => {
            // Replace the token with an insertion.
            let new: Vec<TokenTree> = insertion().into_iter().collect();
            trees.splice(i..=i, new);
        }
    }
}

fn mutate(mut stream: TokenStream, edits: &[Edit]) -> TokenStream {
    for &edit in edits {
        stream = apply(stream, edit);
    }
    stream
}

// ---------------------------------------------------------------------------------------------
// Deep nesting and huge literals

/// One way to nest an expression `depth` times around `x`.
fn nested(kind: u8, depth: usize) -> String {
    match kind % 9 {
        0 => format!("{}x{}", "(".repeat(depth), ")".repeat(depth)),
        1 => format!("{}x", "-".repeat(depth)),
        2 => format!("x{}", ".exp()".repeat(depth)),
        3 => format!("{}x{}", "{ ".repeat(depth), " }".repeat(depth)),
        4 => vec!["x"; depth + 1].join(" + "),
        5 => format!("{}x{}", "relu(&".repeat(depth), ")".repeat(depth)),
        6 => {
            let lets: String = (0..depth)
                .map(|i| format!("let x{} = x{} * 1.5; ", i + 1, i))
                .collect();
            format!("{{ let x0 = x; {lets} x{depth} }}")
        }
        7 => {
            let updates: String = (0..depth).map(|_| "y += x; y *= 0.5; ").collect();
            format!("{{ let mut y = x; {updates} y }}")
        }
        _ => format!("{}x{}", "f(".repeat(depth), ", x)".repeat(depth)),
    }
}

/// Literals at the edges of what Rust and floats accept.
fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "1e400",
            "1e-400",
            "1e308",
            "4.9e-324",
            "0.0",
            "-0.0",
            "1.",
            "1e0",
            "1E5",
            "0e0",
            "1_000.000_1",
            "2.5f32",
            "2.5f64",
            "1f64",
            "3_f32",
            "7u8",
            "-1i32",
            "0xff",
            "0b101",
            "0o17",
            "340282366920938463463374607431768211456",
            "1.0e+10",
            "'x'",
            "\"x\"",
            "true",
            "1usize",
            "1e",
            "1.0.0",
        ])
        .prop_map(str::to_owned),
        (
            "[0-9]{1,400}",
            "(\\.[0-9]{0,400})?",
            "(e[+-]?[0-9]{1,5})?",
            "(f32|f64|u8|i128|usize)?"
        )
            .prop_map(|(a, b, c, d)| format!("{a}{b}{c}{d}")),
    ]
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Valid functions with up to eight random edits.
#[test]
fn mutated_valid_functions() {
    check(
        (
            0..VALID.len(),
            proptest::collection::vec(edit(), 0..8),
            0..ATTRS.len() + 1,
        ),
        |(base, edits, attr)| {
            let (own_attr, item) = VALID[base];
            let attr = ATTRS.get(attr).copied().unwrap_or(own_attr);
            let item = mutate(tokens(item), &edits);
            expands_without_panic(&tokens(attr), &item)
        },
    );
}

/// Every unsupported construct, alone and mutated, with every kind of attribute.
#[test]
fn unsupported_constructs() {
    // Each one once, unmutated.
    for item in UNSUPPORTED {
        for attr in ["", "wrt(x)"] {
            expands_without_panic(&tokens(attr), &tokens(item)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    check(
        (
            0..UNSUPPORTED.len(),
            proptest::collection::vec(edit(), 0..6),
            0..ATTRS.len(),
        ),
        |(base, edits, attr)| {
            let item = mutate(tokens(UNSUPPORTED[base]), &edits);
            expands_without_panic(&tokens(ATTRS[attr]), &item)
        },
    );
}

/// Expressions nested up to 120 deep, of every kind, inside an otherwise valid function; and
/// 3000 parentheses and blocks, which must not overflow the stack.
#[test]
fn deep_nesting() {
    on_big_stack(|| {
        for kind in [0, 3] {
            let item = format!("fn f(x: f64) -> f64 {{ {} }}", nested(kind, 3000));
            expands_without_panic(&TokenStream::new(), &tokens(&item))
                .unwrap_or_else(|e| panic!("{e}"));
        }
    });
    check_with(cases() / 8, (any::<u8>(), 0usize..120), |(kind, depth)| {
        let body = nested(kind, depth);
        let item = format!("fn f(x: f64) -> f64 {{ {body} }}");
        expands_without_panic(&TokenStream::new(), &tokens(&item))
    });
}

/// Huge, tiny, suffixed and malformed literals in every literal position.
#[test]
fn huge_literals() {
    check(
        (literal(), literal(), literal(), any::<bool>()),
        |(a, b, c, array)| {
            let item = if array {
                format!(
                    "fn f(a: &Array2<f64>) -> f64 {{ let mut h = a * {a}; h += {b}; (h.powi(3) + a.powf({c})).sum() + a[[0, 1]] * {a} }}"
                )
            } else {
                format!(
                    "fn f(x: f64) -> f64 {{ const C: f64 = {a}; let y = x * {b} + C; y.powi(2).max({c}) + {a} / x }}"
                )
            };
            // A malformed literal does not tokenize, and never reaches the macro.
            let Ok(item) = item.parse::<TokenStream>() else {
                return Ok(());
            };
            expands_without_panic(&TokenStream::new(), &item)
        },
    );
}

/// Unicode and keyword identifiers as argument, local and function names.
#[test]
fn unicode_and_odd_identifiers() {
    let names = proptest::sample::select(vec![
        "é",
        "ƒ",
        "变量",
        "𝑥",
        "ǅ",
        "Ω",
        "x",
        "_x",
        "__adjoint_x",
        "grad",
        "tape",
        "adj",
        "self_",
        "this",
        "needs",
        "g",
        "out",
        "cotangent",
        "d_x",
        "t_1",
        "r#fn",
        "r#match",
        "r#x",
        "r#d_x",
    ]);
    check(
        (names.clone(), names.clone(), names),
        |(function, argument, local)| {
            let item = format!(
                "fn {function}({argument}: f64, y: &Array1<f64>) -> f64 {{ let {local} = {argument} * y.sum(); {local}.exp() + {argument} }}"
            );
            expands_without_panic(&TokenStream::new(), &tokens(&item))
        },
    );
}

/// Random attribute arguments on a valid function, and random token soup as an item.
#[test]
fn random_attributes_and_token_soup() {
    check(
        (
            proptest::collection::vec(0..INSERTIONS.len(), 0..12),
            proptest::collection::vec(0..INSERTIONS.len(), 0..24),
        ),
        |(attr, item)| {
            let attr: TokenStream = attr.iter().map(|&i| tokens(INSERTIONS[i])).collect();
            let soup: TokenStream = item.iter().map(|&i| tokens(INSERTIONS[i])).collect();
            expands_without_panic(&attr, &tokens(VALID[0].1))?;
            expands_without_panic(&TokenStream::new(), &soup)?;
            let item = tokens(&format!("fn f(x: f64) -> f64 {{ {soup} }}"));
            expands_without_panic(&TokenStream::new(), &item)
        },
    );
}

/// Expanding the same item twice gives identical tokens, for valid and mutated items alike.
#[test]
fn expansion_is_deterministic() {
    check(
        (0..VALID.len(), proptest::collection::vec(edit(), 0..3)),
        |(base, edits)| {
            let (attr, item) = VALID[base];
            let item = mutate(tokens(item), &edits);
            let first = expand::differentiable(tokens(attr), item.clone()).to_string();
            let second = expand::differentiable(tokens(attr), item.clone()).to_string();
            if first == second {
                Ok(())
            } else {
                Err(format!(
                    "two expansions of {item} differ:\n{first}\n{second}"
                ))
            }
        },
    );
}

/// Raw identifiers as names: the expansion derived `d_r#fn` from `r#fn` and panicked in
/// `Ident::new` (`Names::unique` in ir.rs). Found by the fuzzer; tests/random-programs/tests/
/// hygiene.rs compiles such names.
#[test]
fn raw_identifiers_do_not_panic() {
    for item in [
        "fn f(r#fn: f64) -> f64 { r#fn * r#fn }",
        "fn f(x: f64) -> f64 { let r#match = x * x; r#match.exp() }",
        "fn r#type(x: f64) -> f64 { x }",
    ] {
        expands_without_panic(&TokenStream::new(), &tokens(item)).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// `%=`, `&=`, `|=`, `^=`, `<<=` and `>>=` made the expansion panic ("compound assignments are
/// arithmetic", parse.rs): they are compound assignments to `is_compound_assignment` but have
/// no primitive. Found by the fuzzer, fixed in 240c371.
#[test]
fn non_arithmetic_compound_assignments_do_not_panic() {
    for op in ["%=", "&=", "|=", "^=", "<<=", ">>="] {
        let item = format!("fn f(x: f64) -> f64 {{ let mut y = x; y {op} 2.0; y }}");
        expands_without_panic(&TokenStream::new(), &tokens(&item))
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// `vjp = rule<f64>` (a path with generic arguments, or a keyword such as `try`) expanded to
/// tokens that are not Rust items, so the user saw a parse error of the expansion instead of
/// an error at the path. Found by the fuzzer: generic arguments are now written with a
/// turbofish (tests/custom_rules.rs), the rest is an error at the path (tests/ui/args).
#[test]
fn generic_rule_paths_expand_to_items() {
    for attr in [
        "vjp = rule<f64>",
        "vjp = a::b::Option<f64>",
        "vjp = rule::<f64>",
        "vjp = try",
        "vjp = a::gen",
        "vjp = Fn(f64) -> f64",
        "vjp = r#try",
    ] {
        let item = "fn f(x: f64) -> f64 { x }";
        expands_without_panic(&tokens(attr), &tokens(item)).unwrap_or_else(|e| panic!("{e}"));
    }
}

// ---------------------------------------------------------------------------------------------
// The fuzzer

/// xorshift64*: the fuzzer's own generator, so that a run is reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Mutates random bases for `ADJOINT_FUZZ_SECONDS` (default 600), seed `ADJOINT_FUZZ_SEED`,
/// and reports the number of inputs tried; fails with every input that panicked.
#[test]
#[ignore = "a long run: ADJOINT_FUZZ_SECONDS=600 cargo test --release -p adjoint-macros never_panic::fuzz -- --ignored --nocapture"]
fn fuzz() {
    on_big_stack(|| {
        let seconds: u64 = std::env::var("ADJOINT_FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(600);
        let seed: u64 = std::env::var("ADJOINT_FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let bases: Vec<TokenStream> = VALID
            .iter()
            .map(|(_, item)| tokens(item))
            .chain(UNSUPPORTED.iter().map(|item| tokens(item)))
            .collect();
        let attrs: Vec<TokenStream> = ATTRS.iter().map(|a| tokens(a)).collect();
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let (mut tried, mut valid) = (0u64, 0u64);
        let mut failures = Vec::new();
        // Silence the default hook: a panic is reported below, with its input.
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        while Instant::now() < deadline {
            for _ in 0..64 {
                let base = bases[rng.below(bases.len())].clone();
                let edits: Vec<Edit> = (0..rng.below(12))
                    .map(|_| Edit {
                        kind: rng.next() as u8,
                        at: rng.next() as usize,
                        other: rng.next() as usize,
                        token: rng.next() as usize,
                    })
                    .collect();
                let item = mutate(base, &edits);
                let attr = if rng.below(4) == 0 {
                    mutate(
                        attrs[rng.below(attrs.len())].clone(),
                        &edits[..edits.len().min(2)],
                    )
                } else {
                    attrs[rng.below(attrs.len())].clone()
                };
                valid += u64::from(syn::parse2::<syn::ItemFn>(item.clone()).is_ok());
                tried += 1;
                if let Err(failure) = expands_without_panic(&attr, &item) {
                    failures.push(failure);
                }
            }
        }
        std::panic::set_hook(hook);
        println!(
            "fuzz: {tried} inputs in {seconds} s (seed {seed}), {valid} of them valid functions, {} failures",
            failures.len()
        );
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    });
}

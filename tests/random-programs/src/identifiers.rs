//! A program whose arguments, locals, fields and functions are named after every name the
//! macro generates or matches, taken from the macro's own source: whatever a user calls things,
//! the expansion means what they wrote.
//!
//! Every string literal of the macro's source that is an identifier is a name (`needs`,
//! `cotangent`, `wrt`, `vjp`, `exp`, `shape`, …); a format string stands for the names it makes
//! (`d_{}` → `d_a`). Keywords are left out, and primitive type names name no function (a
//! function `f64` would put a struct `f64` beside it, as every differentiable function does).

use std::fmt::Write as _;

/// Rust's keywords, strict and reserved, which cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "union",
];

/// Names that are primitive types: arguments, locals and fields may take them, functions not.
const PRIMITIVE_TYPES: &[&str] = &[
    "bool", "char", "str", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16",
    "u32", "u64", "u128", "usize",
];

/// The names in the macro's source files, sorted, each once.
pub fn names(sources: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    for source in sources {
        for literal in string_literals(source) {
            if let Some(name) = as_identifier(&literal)
                && !KEYWORDS.contains(&name.as_str())
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
    }
    names.sort();
    names
}

/// The contents of the string literals of a source file (escapes left as written).
fn string_literals(source: &str) -> Vec<String> {
    let mut literals = Vec::new();
    let mut chars = source.chars().peekable();
    let mut in_line_comment = false;
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        if in_line_comment {
            in_line_comment = c != '\n';
        } else if c == '/' && chars.peek() == Some(&'/') {
            in_line_comment = true;
        } else if c == '"' && previous != '\'' {
            let mut literal = String::new();
            let mut escaped = false;
            for c in chars.by_ref() {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    break;
                }
                literal.push(c);
            }
            literals.push(literal);
        }
        previous = c;
    }
    literals
}

/// A literal that is an identifier, or a format string that makes one (`d_{}` → `d_a`).
fn as_identifier(literal: &str) -> Option<String> {
    let mut name = String::new();
    let mut placeholder = false;
    for c in literal.chars() {
        match c {
            '{' => placeholder = true,
            '}' if placeholder => {
                placeholder = false;
                name.push('a');
            }
            _ if placeholder => {}
            'a'..='z' | '0'..='9' | '_' => name.push(c),
            _ => return None,
        }
    }
    let starts_well = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
    (starts_well && name != "_" && !placeholder).then_some(name)
}

/// The test program: the items in a module `generated`, and `pub fn check_all()` that checks
/// every gradient against finite differences and panics naming the first that differs.
pub fn program(names: &[String]) -> String {
    let mut out = String::new();
    let chunks: Vec<&[String]> = names.chunks(8).collect();
    out.push_str(
        "pub mod generated {\n#![allow(non_snake_case, clippy::all)]\nuse ::adjoint::prelude::*;\n\n",
    );
    // Arguments and locals: the arguments of one chunk, the locals of the next.
    for (k, chunk) in chunks.iter().enumerate() {
        let locals = chunks[(k + 1) % chunks.len()];
        let args: Vec<String> = chunk.iter().map(|n| format!("{n}: f64")).collect();
        let body = chain(chunk, locals);
        writeln!(
            out,
            "#[differentiable]\npub fn arguments_{k}({}) -> f64 {{\n{body}}}\n",
            args.join(", ")
        )
        .unwrap();
        let wrt: Vec<&String> = chunk.iter().step_by(2).collect();
        let wrt: Vec<&str> = wrt.iter().map(|n| n.as_str()).collect();
        writeln!(
            out,
            "#[differentiable(wrt({}))]\npub fn listed_{k}({}) -> f64 {{\n{body}}}\n",
            wrt.join(", "),
            args.join(", ")
        )
        .unwrap();
    }
    // Fields of a model.
    let fields: Vec<String> = names.iter().map(|n| format!("    pub {n}: f64,")).collect();
    writeln!(
        out,
        "#[derive(Params, Clone, Debug)]\npub struct Named {{\n{}\n}}\n",
        fields.join("\n")
    )
    .unwrap();
    let terms: Vec<String> = names
        .windows(2)
        .map(|pair| format!("m.{} * m.{}.sin()", pair[0], pair[1]))
        .collect();
    writeln!(
        out,
        "#[differentiable]\npub fn fields(m: &Named) -> f64 {{\n    {}\n}}\n",
        terms.join(" + ")
    )
    .unwrap();
    // Functions, each with an argument of its own name, and a caller of them all.
    // A function `f` comes with `f_grad`, `f_vjp`, `f_grad_into`, `f_grad_into_with`, `f_jvp` and `f_hvp`: a name that is one of
    // those of another name on the list names no function of its own.
    let generated_beside = |name: &str| {
        [
            "_grad",
            "_vjp",
            "_grad_into",
            "_grad_into_with",
            "_jvp",
            "_hvp",
        ]
        .iter()
        .any(|suffix| {
            name.strip_suffix(suffix)
                .is_some_and(|base| names.iter().any(|n| n == base))
        })
    };
    let functions: Vec<&String> = names
        .iter()
        .filter(|n| !PRIMITIVE_TYPES.contains(&n.as_str()) && !generated_beside(n))
        .collect();
    for name in &functions {
        writeln!(out, "#[differentiable]\npub fn {name}({name}: f64) -> f64 {{\n    {name} * {name}.cos()\n}}\n").unwrap();
    }
    // The caller's own names are not on the list, so that none shadows a function it calls.
    let mut caller = String::from("    let mut y9 = x9;\n");
    for name in &functions {
        writeln!(caller, "    y9 = 0.5 * y9 + {name}(x9);").unwrap();
    }
    writeln!(
        out,
        "#[differentiable]\npub fn calls(x9: f64) -> f64 {{\n{caller}    y9\n}}\n"
    )
    .unwrap();
    out.push_str("}\n\n");

    // The checks.
    out.push_str("pub fn check_all() {\n    use adjoint::Params as _;\n    let mut checked = 0;\n");
    for (k, chunk) in chunks.iter().enumerate() {
        let n = chunk.len();
        let point: Vec<String> = (0..n)
            .map(|i| format!("{:.3}", 0.3 + 0.17 * (i as f64) - 0.05 * (k % 3) as f64))
            .collect();
        let tuple = if n == 1 {
            format!("({},)", point[0])
        } else {
            format!("({})", point.join(", "))
        };
        let unpack: Vec<String> = (0..n).map(|i| format!("p.{i}")).collect();
        let unpack = unpack.join(", ");
        let gradient = if n == 1 { "let g = (g,);" } else { "" };
        writeln!(out, "    {{\n        let p = {tuple};\n        let (v, g) = generated::arguments_{k}_grad({unpack});\n        assert_eq!(v, generated::arguments_{k}({unpack}));\n        {gradient}").unwrap();
        writeln!(out, "        adjoint::check::check_gradient(|p: &_| generated::arguments_{k}({unpack}), &p, &g).assert_ok();").unwrap();
        writeln!(out, "        let mut into = g.zeros_like();\n        let mut ws = adjoint::Workspace::new();\n        let value = generated::arguments_{k}_grad_into({unpack}, {}, &mut ws);", if n == 1 { "&mut into.0" } else { "&mut into" }).unwrap();
        writeln!(
            out,
            "        assert_eq!(value, v);\n        assert_eq!(into, g);"
        )
        .unwrap();
        // `listed_k` differentiates every other argument: the same partials as `arguments_k`.
        let listed: Vec<String> = (0..n).step_by(2).map(|i| format!("g.{i}")).collect();
        let listed_expected = if listed.len() == 1 {
            listed[0].clone()
        } else {
            format!("({})", listed.join(", "))
        };
        writeln!(out, "        let (_, listed) = generated::listed_{k}_grad({unpack});\n        assert_eq!(listed, {listed_expected});\n        checked += 1;\n    }}").unwrap();
    }
    let point: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{n}: {:.3}", 0.2 + 0.01 * i as f64))
        .collect();
    writeln!(
        out,
        "    let m = generated::Named {{ {} }};",
        point.join(", ")
    )
    .unwrap();
    out.push_str("    let (_, g) = generated::fields_grad(&m);\n    adjoint::check::check_gradient(|m: &generated::Named| generated::fields(m), &m, &g).assert_ok();\n");
    out.push_str("    let (_, g) = generated::calls_grad(0.7);\n    adjoint::check::check_gradient(|x: &f64| generated::calls(*x), &0.7, &g).assert_ok();\n");
    for name in &functions {
        writeln!(out, "    let (_, g) = generated::{name}_grad(0.4);\n    adjoint::check::check_gradient(|x: &f64| generated::{name}(*x), &0.4, &g).assert_ok();").unwrap();
        // The generated source is readable by code, whatever the function is called.
        writeln!(
            out,
            "    assert!(generated::{name}::__adjoint_source.contains(\"fn {name}_grad(\"));"
        )
        .unwrap();
    }
    writeln!(out, "    assert_eq!(checked, {});\n}}", chunks.len()).unwrap();
    out
}

/// A body that reads every argument and names its values after `locals`, with a loop that
/// carries one of them, so that both the straight-line and the structured expansion see them.
fn chain(args: &[String], locals: &[String]) -> String {
    let mut body = String::new();
    let mut previous = args[0].clone();
    for (i, local) in locals.iter().enumerate() {
        let arg = &args[(i + 1) % args.len()];
        let local = if args.contains(local) {
            format!("{local}_local")
        } else {
            local.clone()
        };
        writeln!(body, "    let {local} = {previous} * {arg} + {arg}.sin();").unwrap();
        previous = local;
    }
    writeln!(body, "    let mut carried = {previous};").unwrap();
    writeln!(
        body,
        "    for _ in 0..2 {{\n        carried = carried * 0.5 + {};\n    }}",
        args[args.len() - 1]
    )
    .unwrap();
    let rest: Vec<String> = args[1..].iter().map(|a| format!(" + {a}")).collect();
    writeln!(body, "    carried * {}{}", args[0], rest.concat()).unwrap();
    body
}

//! Printing and assertions in a differentiable function: `println!`, `assert!` and their kin
//! run in the forward pass, reading the values of the moment, and take no part in the
//! derivative.

use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{Expr, Token};

use super::{Lowering, Renamer};
use crate::ir::Stmt;

/// The macros a differentiable function may call for their effect, with the position of the
/// format string among their arguments.
const EFFECT_MACROS: [(&str, usize); 10] = [
    ("print", 0),
    ("println", 0),
    ("eprint", 0),
    ("eprintln", 0),
    ("assert", 1),
    ("assert_eq", 2),
    ("assert_ne", 2),
    ("debug_assert", 1),
    ("debug_assert_eq", 2),
    ("debug_assert_ne", 2),
];

/// The macros of [`EFFECT_MACROS`] in short, for error messages.
pub fn effect_macro_names() -> String {
    let names: Vec<String> = EFFECT_MACROS
        .iter()
        .filter(|(name, _)| !name.starts_with("debug_"))
        .map(|(name, _)| format!("`{name}!`"))
        .collect();
    format!("{} and the `debug_` assertions", names.join(", "))
}

/// The position of the format string of a macro that runs for its effect, if `mac` is one:
/// `println!` or `std::println!`, by its last segment.
pub fn effect_macro(mac: &syn::Macro) -> Option<usize> {
    let last = mac.path.segments.last()?;
    if !last.arguments.is_none() {
        return None;
    }
    EFFECT_MACROS
        .iter()
        .find(|(name, _)| last.ident == name)
        .map(|&(_, format_at)| format_at)
}

// Input:  `println!("{loss} at {}", i)` where `loss` is a value of the function.
// Output: `let () = println!("{loss} at {}", i, loss = t_3);`, the names mapped to the
//         forward pass's locals.
impl Lowering {
    /// Lowers a call of a printing or asserting macro to a forward-only statement.
    pub(super) fn effect(&mut self, mac: &syn::Macro, format_at: usize) {
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        let args = match mac.parse_body_with(parser) {
            Ok(args) => args,
            Err(error) => {
                self.errors.push(syn::Error::new(
                    error.span(),
                    format!(
                        "the arguments of this `{}!` are not expressions adjoint can read: {error}",
                        macro_name(mac)
                    ),
                ));
                return;
            }
        };
        let mut args: Vec<Expr> = args.into_iter().collect();
        // Names captured inside the format string (`{loss}`) become named arguments, so that
        // they too read the forward pass's locals.
        if let Some(Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(format),
            ..
        })) = args.get(format_at)
        {
            let explicit: Vec<String> = args
                .iter()
                .filter_map(|arg| match arg {
                    Expr::Assign(assign) => match &*assign.left {
                        Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            let span = format.span();
            for name in captured_names(&format.value()) {
                if explicit.contains(&name) || self.lookup(&name).is_none() {
                    continue;
                }
                let ident = syn::Ident::new(&name, span);
                args.push(syn::parse_quote!(#ident = #ident));
            }
        }
        for arg in &mut args {
            match arg {
                // `name = value`: only the value reads the function's locals.
                Expr::Assign(assign) => Renamer::new(self).visit_expr_mut(&mut assign.right),
                other => Renamer::new(self).visit_expr_mut(other),
            }
        }
        let path = &mac.path;
        let bang = mac.bang_token;
        self.push_stmt(Stmt::Bind {
            pat: quote!(()),
            expr: quote!(#path #bang (#(#args),*)),
        });
    }
}

fn macro_name(mac: &syn::Macro) -> String {
    mac.path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// The identifiers a format string captures: `{name}`, `{name:?}`, `{name:>8.3}`; not
/// positions (`{0}`, `{}`) nor escaped braces (`{{`).
fn captured_names(format: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
            }
            '{' => {
                let mut inside = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    inside.push(c);
                }
                let name = inside.split(':').next().unwrap_or("").trim();
                let is_identifier = name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                    && name.chars().all(|c| c.is_alphanumeric() || c == '_');
                if is_identifier && !names.iter().any(|n| n == name) {
                    names.push(name.to_owned());
                }
            }
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::captured_names;

    #[test]
    fn format_strings_capture_names_but_not_positions_or_escapes() {
        assert_eq!(
            captured_names("{loss} {x:?} {y:>8.3} {} {0} {{z}} {_a1}"),
            ["loss", "x", "y", "_a1"]
        );
        assert_eq!(captured_names("{loss} and {loss}"), ["loss"]);
        assert!(captured_names("no braces").is_empty());
    }
}

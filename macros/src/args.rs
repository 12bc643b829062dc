//! The attribute's arguments: `wrt(a, b, ...)`, `vjp = path`, `jvp = path`,
//! `impl_generics(T, ...)` and `fuse = false`, all optional.

use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, Token};

/// What `#[differentiable(...)]` was given.
pub struct Args {
    /// The arguments listed in `wrt(...)`, if any.
    pub wrt: Option<Vec<Ident>>,
    /// A hand-written vector-Jacobian product that replaces differentiating the body.
    pub vjp: Option<syn::Path>,
    /// A hand-written Jacobian-vector product, beside `vjp`, for forward mode.
    pub jvp: Option<syn::Path>,
    /// The type parameters of the `impl` block around a method, which the attribute cannot see.
    pub impl_generics: Vec<Ident>,
    /// Whether element-wise work is fused into one pass per closure (`fuse = false` applies
    /// each operation on its own, to compare or to debug).
    pub fuse: bool,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            wrt: None,
            vjp: None,
            jvp: None,
            impl_generics: Vec::new(),
            fuse: true,
        }
    }
}

const USAGE: &str = "`#[differentiable]` takes `wrt(arg, ...)`, `vjp = path::to::rule`, `jvp = path::to::rule`, `fuse = false` and, on a method of a generic `impl`, `impl_generics(T, ...)`";

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args::default();
        let mut fuse_given = false;
        while !input.is_empty() {
            let key = Ident::parse_any(input)?;
            if key == "wrt" {
                if args.wrt.is_some() {
                    return Err(syn::Error::new(key.span(), "`wrt` is given twice"));
                }
                args.wrt = Some(parse_wrt(&key, input)?);
            } else if key == "vjp" || key == "jvp" {
                let slot = if key == "vjp" {
                    &mut args.vjp
                } else {
                    &mut args.jvp
                };
                if slot.is_some() {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("`{key}` is given twice"),
                    ));
                }
                if !input.peek(Token![=]) {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("expected `{key} = path::to::rule`"),
                    ));
                }
                input.parse::<Token![=]>()?;
                *slot = Some(rule_path(input.parse()?)?);
            } else if key == "impl_generics" {
                args.impl_generics = parse_wrt(&key, input)?;
            } else if key == "fuse" {
                if std::mem::replace(&mut fuse_given, true) {
                    return Err(syn::Error::new(key.span(), "`fuse` is given twice"));
                }
                if !input.peek(Token![=]) {
                    return Err(syn::Error::new(key.span(), "expected `fuse = false`"));
                }
                input.parse::<Token![=]>()?;
                let value: syn::Expr = input.parse()?;
                args.fuse = match &value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Bool(flag),
                        ..
                    }) => flag.value,
                    other => {
                        return Err(syn::Error::new_spanned(
                            other,
                            "`fuse` takes `true` (the default) or `false`",
                        ));
                    }
                };
            } else {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown argument `{key}`: {USAGE}"),
                ));
            }
            if input.is_empty() {
                break;
            }
            if !input.peek(Token![,]) {
                let rest: TokenStream = input.parse()?;
                return Err(syn::Error::new_spanned(
                    &rest,
                    format!("unexpected `{rest}`: {USAGE}"),
                ));
            }
            input.parse::<Token![,]>()?;
        }
        if let (Some(jvp), None) = (&args.jvp, &args.vjp) {
            return Err(syn::Error::new_spanned(
                jvp,
                "`jvp = rule` goes beside `vjp = rule`: a function whose body is differentiated gets its forward mode from the body",
            ));
        }
        Ok(args)
    }
}

/// `(a, b, ...)` after `wrt`.
fn parse_wrt(key: &Ident, input: ParseStream) -> syn::Result<Vec<Ident>> {
    if !input.peek(syn::token::Paren) {
        return Err(syn::Error::new(
            input.span(),
            "expected the arguments to differentiate in parentheses: `wrt(a, b)`",
        ));
    }
    let content;
    syn::parenthesized!(content in input);
    let names = Punctuated::<Ident, Token![,]>::parse_terminated_with(&content, Ident::parse_any)?;
    if names.is_empty() {
        return Err(syn::Error::new(
            key.span(),
            "`wrt()` must name at least one argument",
        ));
    }
    Ok(names.into_iter().collect())
}

// Input:  `vjp = rule<f64>` (a path as a type is written).
// Output: `rule::<f64>`, the path as the call `rule::<f64>(..)` needs it.
/// The rule's path in expression form; `Fn(A) -> B`-style arguments name no function, and
/// neither do the keywords that syn takes for identifiers because older editions allow them.
fn rule_path(mut path: syn::Path) -> syn::Result<syn::Path> {
    for segment in &mut path.segments {
        if segment.ident == "try" || segment.ident == "gen" {
            return Err(syn::Error::new_spanned(
                &segment.ident,
                format!(
                    "`{0}` is a keyword: expected a path to a function after `vjp =` (a function named `{0}` is `r#{0}`)",
                    segment.ident
                ),
            ));
        }
        match &mut segment.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(args) => {
                args.colon2_token.get_or_insert_with(Default::default);
            }
            syn::PathArguments::Parenthesized(args) => {
                return Err(syn::Error::new_spanned(
                    &*args,
                    "expected a path to a function after `vjp =`, such as `rule` or `rules::rule::<f64>`",
                ));
            }
        }
    }
    Ok(path)
}

/// Parses the attribute's tokens.
pub fn parse(attr: TokenStream) -> syn::Result<Args> {
    syn::parse2(attr)
}

/// Whether the attribute names a hand-written rule (a `vjp` or `jvp` key), even one that does
/// not parse: the body is then the user's own business and is not checked. Only keys count,
/// the first token and each one after a comma at the top level, not names inside `wrt(..)`.
pub fn names_a_rule(attr: &TokenStream) -> bool {
    let mut at_key = true;
    for token in attr.clone() {
        match &token {
            proc_macro2::TokenTree::Ident(ident) if at_key => {
                if ident == "vjp" || ident == "jvp" {
                    return true;
                }
                at_key = false;
            }
            proc_macro2::TokenTree::Punct(punct) if punct.as_char() == ',' => at_key = true,
            _ => at_key = false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::names_a_rule;

    #[test]
    fn a_rule_is_named_by_a_key_not_by_text() {
        assert!(names_a_rule(&quote!(vjp = rule)));
        assert!(names_a_rule(&quote!(wrt(x), vjp)));
        assert!(names_a_rule(&quote!(wrt(x), jvp = f)));
        assert!(!names_a_rule(&quote!(wrt(vjp_scale))));
        assert!(!names_a_rule(&quote!(wrt(vjp))));
        assert!(!names_a_rule(&quote!(wrt(x), impl_generics(vjp))));
        assert!(!names_a_rule(&quote!()));
    }
}

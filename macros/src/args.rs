//! The attribute's arguments: nothing, or `wrt(a, b, ...)`.

use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, Token};

/// What `#[differentiable(...)]` was given.
pub struct Args {
    /// The arguments listed in `wrt(...)`, if any.
    pub wrt: Option<Vec<Ident>>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(Args { wrt: None });
        }
        let key: Ident = input.parse()?;
        if key != "wrt" {
            return Err(syn::Error::new(
                key.span(),
                format!("unknown argument `{key}`: `#[differentiable]` takes only `wrt(arg, ...)`"),
            ));
        }
        if !input.peek(syn::token::Paren) {
            return Err(syn::Error::new(
                input.span(),
                "expected the arguments to differentiate in parentheses: `wrt(a, b)`",
            ));
        }
        let content;
        syn::parenthesized!(content in input);
        let names =
            Punctuated::<Ident, Token![,]>::parse_terminated_with(&content, Ident::parse_any)?;
        if !input.is_empty() {
            let rest: proc_macro2::TokenStream = input.parse()?;
            return Err(syn::Error::new_spanned(
                &rest,
                format!(
                    "unexpected `{rest}` after `wrt(...)`: `#[differentiable]` takes only `wrt(arg, ...)`"
                ),
            ));
        }
        if names.is_empty() {
            return Err(syn::Error::new(
                key.span(),
                "`wrt()` must name at least one argument",
            ));
        }
        Ok(Args {
            wrt: Some(names.into_iter().collect()),
        })
    }
}

/// Parses the attribute's tokens.
pub fn parse(attr: TokenStream) -> syn::Result<Args> {
    syn::parse2(attr)
}

//! The expansion of `#[differentiable]`: an ordinary function from tokens to tokens, so that it
//! can be tested, fuzzed and property-tested outside the compiler.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::{args, emit, fallback, parse, validate};

/// Expands `#[differentiable(attr)] item`.
pub fn differentiable(attr: TokenStream, item: TokenStream) -> TokenStream {
    let function: ItemFn = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(error) => {
            let error = syn::Error::new(
                error.span(),
                "`#[differentiable]` goes on a free function: `fn name(args) -> output { body }`",
            );
            let error = error.to_compile_error();
            return quote!(#item #error);
        }
    };
    let mut errors = Vec::new();
    let args = match args::parse(attr) {
        Ok(args) => Some(args),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    let signature = match args
        .as_ref()
        .map(|args| validate::signature(&function, args))
    {
        Some(Ok(signature)) => Some(signature),
        Some(Err(mut found)) => {
            errors.append(&mut found);
            None
        }
        None => None,
    };
    let Some(signature) = signature else {
        return fallback::emit(&function, None, errors);
    };
    let params = signature.params.iter().map(|p| crate::ir::Param {
        ident: p.ident.clone(),
        ty: p.ty.clone(),
        copy: p.copy,
        differentiable: p.differentiable.clone(),
    });
    let body = match parse::lower(
        params.collect(),
        signature
            .values
            .iter()
            .map(|v| crate::ir::Value {
                name: v.name.clone(),
                def: v.def,
            })
            .collect(),
        &function.block,
    ) {
        Ok(body) => body,
        Err(mut found) => {
            errors.append(&mut found);
            return fallback::emit(&function, Some(&signature), errors);
        }
    };
    if !errors.is_empty() {
        return fallback::emit(&function, Some(&signature), errors);
    }
    let header = fallback::header(&function, &signature);
    let generated = emit::generate(&header, &signature, &body);
    fallback::assemble(&function, &signature, generated)
}

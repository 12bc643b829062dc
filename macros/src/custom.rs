//! User-defined primitives: `#[differentiable(vjp = rule)]` keeps the function's body as it is
//! (any Rust) and takes its vector-Jacobian product from a hand-written `rule`, through the same
//! forward/pullback protocol that generated functions and the runtime's own primitives use.
//!
//! The rule receives every argument by reference (`&U` for an argument of type `U` or `&U`),
//! then the output and the output's adjoint, and returns the adjoint of each differentiable
//! argument: alone for one, a tuple in signature order for several.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use crate::emit::{
    Generated, Header, IntoNames, PullbackParts, add_whole_gradient, cotangent_check,
    cotangent_ident, grad_into_items, gradient_type, pullback_parts,
};
use crate::ir::Param;
use crate::validate::Signature;

/// An argument as the rule receives it: a reference, never a reference to a reference.
fn rule_arg(param: &Param, name: &syn::Ident, in_pullback: bool) -> TokenStream {
    let is_reference = matches!(param.ty, syn::Type::Reference(_));
    match (is_reference, in_pullback) {
        // In a pullback every argument arrives as `&T`.
        (true, true) => quote!(*#name),
        (false, true) | (true, false) => quote!(#name),
        (false, false) => quote!(&#name),
    }
}

/// The call to the user's own function, keeping the arguments for the rule.
fn primal_call(header: &Header, sig: &Signature, params: &[Param]) -> TokenStream {
    let p = quote!(::adjoint::__private);
    let args = params
        .iter()
        .filter(|param| param.ident != "self")
        .map(|param| {
            let name = &param.ident;
            if param.copy {
                quote!(#name)
            } else {
                quote!(#p::pass(&#name))
            }
        });
    let name = header.name;
    if sig.method {
        quote!(self.#name(#(#args),*))
    } else {
        quote!(#name(#(#args),*))
    }
}

// Input:  #[differentiable(vjp = softplus_vjp)] fn softplus(x: f64) -> f64 { ... }
// Output: fn softplus_grad(x: f64) -> (f64, f64) {
//             let out = softplus(x); let grads = softplus_vjp(&x, &out, &1.0); (out, grads)
//         }
//         and a forward pass whose pullback calls `softplus_vjp`.
/// Generates `NAME_grad`, `NAME_vjp` and the forward/pullback pair around a hand-written rule.
pub fn generate(
    header: &Header,
    sig: &Signature,
    rule: &syn::Path,
    jvp_rule: Option<&syn::Path>,
) -> Generated {
    let p = quote!(::adjoint::__private);
    let params = &sig.params;
    let output = &sig.output;
    let gradient = gradient_type(sig, params);
    let (vis, generics, inputs) = (header.vis, header.generics, &header.inputs);
    let where_clause = &generics.where_clause;
    let primal = primal_call(header, sig, params);
    let differentiable: Vec<usize> = params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.differentiable.is_some())
        .map(|(i, _)| i)
        .collect();
    let parts: Vec<syn::Ident> = differentiable
        .iter()
        .map(|i| format_ident!("d_{}", i, span = Span::mixed_site()))
        .collect();
    let out = syn::Ident::new("out", Span::mixed_site());
    let grads = syn::Ident::new("grads", Span::mixed_site());
    // One result binds directly; several are destructured from the rule's tuple.
    let destructure = |value: TokenStream| match parts.as_slice() {
        [one] => quote!(let #one = #value;),
        many => quote!(let (#(#many),*) = #value;),
    };
    let wrt_parts: Vec<&syn::Ident> = sig
        .wrt
        .iter()
        .map(|w| {
            &parts[differentiable
                .iter()
                .position(|i| i == w)
                .expect("wrt parameters are differentiable")]
        })
        .collect();
    let selected = match wrt_parts.as_slice() {
        [one] => quote!(#one),
        many => quote!((#(#many),*)),
    };

    let fused = |seed: TokenStream, check: TokenStream| {
        let args = params
            .iter()
            .map(|param| rule_arg(param, &param.ident, false));
        let call = destructure(quote!(#rule(#(#args,)* &#out, #seed)));
        quote!({ let #out = #primal; #check #call (#out, #selected) })
    };
    let grad = sig.has_grad().then(|| {
        let name = format_ident!("{}_grad", header.name);
        let body = fused(quote!(&#p::one()), TokenStream::new());
        let where_clause = sig.grad_where_clause(generics);
        quote!(#vis fn #name #generics (#(#inputs),*) -> (#output, #gradient) #where_clause #body)
    });
    let grad_into = sig.has_grad().then(|| {
        let names = IntoNames::hygienic();
        let body = add_whole_gradient(sig, &names, fused(quote!(&#p::one()), TokenStream::new()));
        grad_into_items(header, sig, &names, body)
    });
    let cotangent = cotangent_ident(params);
    let vjp = {
        let name = format_ident!("{}_vjp", header.name);
        let check = cotangent_check(header.name, sig, &quote!(#out), &cotangent);
        let body = fused(quote!(#cotangent), check);
        quote!(#vis fn #name #generics (#(#inputs,)* #cotangent: &#output) -> (#output, #gradient) #where_clause #body)
    };

    let PullbackParts {
        arg_types,
        result_types,
        output_erased,
        tangent_out,
        count,
        pullback_type,
        forward_name,
    } = pullback_parts(header, sig, params);
    let needs = syn::Ident::new("needs", Span::mixed_site());
    let g = syn::Ident::new("g", Span::mixed_site());
    let closure_names: Vec<&syn::Ident> = params.iter().map(|p| &p.closure_ident).collect();
    let rule_args = params
        .iter()
        .map(|param| rule_arg(param, &param.closure_ident, true));
    let call = destructure(quote!(#rule(#(#rule_args,)* #out, #g)));
    let results = params
        .iter()
        .enumerate()
        .map(|(i, param)| match param.differentiable {
            Some(_) => {
                let part = &parts[differentiable
                    .iter()
                    .position(|d| *d == i)
                    .expect("differentiable parameters have parts")];
                quote!(#needs[#i].then_some(#part))
            }
            None => quote!(()),
        });
    let forward = quote! {
        #[doc(hidden)]
        #[inline]
        #vis fn #forward_name #generics (#(#inputs),*) -> (#output, #pullback_type) #where_clause {
            let #out = #primal;
            let #grads = #p::Pullback(move |(#(#closure_names,)*): (#(&#arg_types,)*), #out: &#output_erased, #g: &#tangent_out, #needs: [bool; #count]| -> (#(#result_types,)*) {
                #call
                (#(#results,)*)
            });
            (#out, #grads)
        }
    };
    let (jvp, jvp_entry) = match jvp_rule {
        Some(jvp_rule) => {
            let (public, entry) = forward_rule(header, sig, jvp_rule);
            (Some(public), entry)
        }
        None => (None, missing_forward_rule(header, sig, rule)),
    };
    Generated {
        grad,
        grad_into,
        vjp,
        jvp,
        hvp: None,
        forward,
        jvp_entry,
        hvp_entry: missing_second_order_rule(header, sig, rule),
    }
}

/// The forward-over-reverse entry of a function with a hand-written `vjp` rule: it exists, so
/// that the `NAME_hvp` of the functions calling it compile, and says what is missing if a
/// Hessian-vector product reaches it (the derivative of the rule itself).
fn missing_second_order_rule(header: &Header, sig: &Signature, rule: &syn::Path) -> TokenStream {
    let message = format!(
        "adjoint: a Hessian-vector product reached `{}`, whose derivative is the hand-written rule `{}`: second order would need the derivative of that rule, which adjoint does not take; compute this product with `{}_jvp` over a gradient instead",
        header.name,
        quote!(#rule),
        header.name,
    );
    let [tangents, g, dg, needs] =
        ["tangents", "g", "dg", "needs"].map(|name| syn::Ident::new(name, Span::mixed_site()));
    let signature = crate::emit::hvp::entry_signature(
        header,
        sig,
        &sig.params,
        quote!(_),
        [&tangents, &g, &dg, &needs],
    );
    quote! {
        #[doc(hidden)]
        #[allow(clippy::too_many_arguments, clippy::type_complexity)]
        #signature {
            ::core::panic!(#message)
        }
    }
}

/// The type of a tangent parameter: a float taken by value has its tangent by value, anything
/// else a reference to its gradient type.
fn tangent_type(param: &Param) -> TokenStream {
    let (_, gradient) = param
        .differentiable
        .as_ref()
        .expect("only differentiable parameters have tangents");
    if param.scalar {
        let ty = &param.ty;
        quote!(#ty)
    } else {
        quote!(&#gradient)
    }
}

// Input:  #[differentiable(vjp = softplus_vjp, jvp = softplus_jvp)] fn softplus(x: f64) -> f64
// Output: fn softplus_jvp(x: f64, d_x: f64) -> (f64, f64) { softplus_jvp_rule(&x, d_x) }
//         (the rule's own name in place of `softplus_jvp_rule`), and the entry other functions
//         call, with zeros for the tangents they do not give.
/// `NAME_jvp` and the forward-mode entry around a hand-written forward rule, which receives
/// every argument by reference, then the tangent of each differentiable argument.
fn forward_rule(header: &Header, sig: &Signature, rule: &syn::Path) -> (TokenStream, TokenStream) {
    let (vis, generics, inputs) = (header.vis, header.generics, &header.inputs);
    let where_clause = &generics.where_clause;
    let output = &sig.output;
    let tangent_out = crate::types::tangent(output).unwrap_or_else(|_| output.clone());
    let differentiable: Vec<&Param> = sig
        .params
        .iter()
        .filter(|param| param.differentiable.is_some())
        .collect();
    let tangents: Vec<syn::Ident> = differentiable
        .iter()
        .map(|param| format_ident!("d_{}", param.ident, span = Span::mixed_site()))
        .collect();
    let args: Vec<TokenStream> = sig
        .params
        .iter()
        .map(|param| rule_arg(param, &param.ident, false))
        .collect();
    let call = quote!(#rule(#(#args,)* #(#tangents),*));
    let name = format_ident!("{}_jvp", header.name);
    let params = differentiable
        .iter()
        .zip(&tangents)
        .map(|(param, tangent)| {
            let ty = tangent_type(param);
            quote!(#tangent: #ty)
        });
    let public = quote! {
        #vis fn #name #generics (#(#inputs,)* #(#params),*) -> (#output, #tangent_out) #where_clause {
            #call
        }
    };
    let given = syn::Ident::new("tangents", Span::mixed_site());
    let entry_types = crate::emit::entry_types(&sig.params);
    let entries: Vec<syn::Ident> = (0..sig.params.len())
        .map(|i| format_ident!("given_{}", i, span = Span::mixed_site()))
        .collect();
    let bindings = sig
        .params
        .iter()
        .enumerate()
        .filter(|(_, param)| param.differentiable.is_some())
        .zip(&tangents)
        .map(|((i, param), tangent)| {
            let zero = format_ident!("zero_{}", i, span = Span::mixed_site());
            crate::emit::given_or_zero(param, &entries[i], tangent, &zero)
        });
    let entry_name = if sig.method {
        format_ident!("__adjoint_jvp_{}", header.name)
    } else {
        format_ident!("__adjoint_jvp")
    };
    let entry = quote! {
        #[doc(hidden)]
        #[inline]
        #vis fn #entry_name #generics (#(#inputs,)* #given: #entry_types) -> (#output, #tangent_out) #where_clause {
            let (#(#entries,)*) = #given;
            #(#bindings)*
            #call
        }
    };
    (public, entry)
}

/// The forward-mode entry of a function whose only rule is a `vjp`: it exists, so that the
/// functions calling it compile, and says what is missing if forward mode reaches it.
fn missing_forward_rule(header: &Header, sig: &Signature, rule: &syn::Path) -> TokenStream {
    let (vis, generics, inputs) = (header.vis, header.generics, &header.inputs);
    let where_clause = &generics.where_clause;
    let output = &sig.output;
    let tangent_out = crate::types::tangent(output).unwrap_or_else(|_| output.clone());
    let entry_types = crate::emit::entry_types(&sig.params);
    let tangents = syn::Ident::new("tangents", Span::mixed_site());
    let name = if sig.method {
        format_ident!("__adjoint_jvp_{}", header.name)
    } else {
        format_ident!("__adjoint_jvp")
    };
    let message = format!(
        "adjoint: `{}` has a hand-written `vjp` rule (`{}`) but no `jvp` rule, so forward mode cannot differentiate through it: give it one with `#[differentiable(vjp = {}, jvp = ...)]`",
        header.name,
        quote!(#rule),
        quote!(#rule)
    );
    quote! {
        #[doc(hidden)]
        #vis fn #name #generics (#(#inputs,)* #tangents: #entry_types) -> (#output, #tangent_out) #where_clause {
            ::core::panic!(#message)
        }
    }
}

//! The expansion of `#[differentiable]`: an ordinary function from tokens to tokens, so that it
//! can be tested, fuzzed and property-tested outside the compiler.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::{args, custom, emit, fallback, parse, validate};

/// Expands `#[differentiable(attr)] item`.
pub fn differentiable(attr: TokenStream, item: TokenStream) -> TokenStream {
    let function: ItemFn = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(error) => {
            let error = misplaced(&item).unwrap_or_else(|| {
                syn::Error::new(
                    error.span(),
                    "`#[differentiable]` goes on a function or a method with a body: `fn name(args) -> output { body }`",
                )
            });
            let error = error.to_compile_error();
            return quote!(#item #error);
        }
    };
    let mut errors = Vec::new();
    // Keep going after an error anywhere, so that the user sees every mistake at once.
    let mentions_rule = args::names_a_rule(&attr);
    let args = args::parse(attr).unwrap_or_else(|error| {
        errors.push(error);
        args::Args::default()
    });
    let (signature, mut found) = validate::signature(&function, &args);
    let signature_ok = found.is_empty() && errors.is_empty();
    errors.append(&mut found);
    if let Some(rule) = &args.vjp {
        let generated = ["vjp", "grad", "grad_into", "grad_into_with", "jvp", "hvp"]
            .map(|suffix| format!("{}_{suffix}", function.sig.ident));
        for rule in std::iter::once(rule).chain(&args.jvp) {
            if rule
                .get_ident()
                .is_some_and(|ident| generated.iter().any(|g| ident == g))
            {
                errors.push(syn::Error::new_spanned(
                    rule,
                    format!("the rule cannot be called `{}`: `#[differentiable]` generates that name; call it e.g. `{}_rule`", quote!(#rule), quote!(#rule)),
                ));
            }
        }
        if signature.aux > 0
            && let syn::ReturnType::Type(_, ty) = &function.sig.output
        {
            errors.push(syn::Error::new_spanned(
                ty,
                "auxiliary outputs are not supported with a hand-written rule: return the value alone, and compute the auxiliary outputs in a function of their own",
            ));
        }
        // A hand-written rule: the body is the user's own business, not differentiated.
        return if errors.is_empty() {
            let header = fallback::header(&function);
            let generated = custom::generate(&header, &signature, rule, args.jvp.as_ref());
            fallback::assemble(&function, &signature, generated)
        } else {
            fallback::emit(&function, &signature, signature_ok, errors)
        };
    }
    if mentions_rule && args.vjp.is_none() && !errors.is_empty() {
        // The attribute meant a hand-written rule but did not parse: the body is not checked.
        return fallback::emit(&function, &signature, signature_ok, errors);
    }
    let own = parse::Own {
        name: function.sig.ident.clone(),
        method: signature.method,
        output: signature.output.clone(),
        aux: signature.aux,
        fuse: args.fuse,
        type_params: function
            .sig
            .generics
            .type_params()
            .map(|param| param.ident.clone())
            .chain(args.impl_generics.iter().cloned())
            .collect(),
    };
    let body = parse::lower(
        own,
        signature.params.clone(),
        signature.values.clone(),
        &function.block,
    );
    match body {
        Ok(body) if errors.is_empty() => {
            let header = fallback::header(&function);
            let generated = emit::generate(&header, &signature, &body);
            fallback::assemble(&function, &signature, generated)
        }
        Ok(_) => fallback::emit(&function, &signature, signature_ok, errors),
        Err(mut found) => {
            errors.append(&mut found);
            fallback::emit(&function, &signature, signature_ok, errors)
        }
    }
}

/// The error for an attribute on an item that is not a function, where the item says what the
/// user meant: an impl block (the attribute goes on its methods) or a struct (`Params`).
fn misplaced(item: &TokenStream) -> Option<syn::Error> {
    match syn::parse2::<syn::Item>(item.clone()).ok()? {
        syn::Item::Impl(block) => Some(syn::Error::new_spanned(
            block.impl_token,
            "`#[differentiable]` goes on each method of an impl block, not on the block: put it on the methods to differentiate, with `impl_generics(..)` naming the block's type parameters that a method uses (`#[differentiable(impl_generics(F))]`)",
        )),
        syn::Item::Struct(item) => Some(syn::Error::new_spanned(
            item.struct_token,
            "`#[differentiable]` goes on a function or a method; a struct of parameters derives `Params` instead: `#[derive(Params)]`",
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::differentiable;
    use quote::quote;

    fn expand(attr: proc_macro2::TokenStream, item: proc_macro2::TokenStream) -> String {
        differentiable(attr, item).to_string()
    }

    #[test]
    fn expansion_is_deterministic() {
        let item = quote! {
            fn loss(x: &Array2<f32>, w: &Array2<f32>, b: &Array1<f32>) -> f32 {
                let h = relu(&x.dot(w));
                let s = (&h + b).sum();
                s * s + 1.0
            }
        };
        assert_eq!(expand(quote!(), item.clone()), expand(quote!(), item));
    }

    #[test]
    fn valid_functions_expand_to_gradients_without_errors() {
        let out = expand(
            quote!(wrt(x)),
            quote!(
                fn f(x: f64, y: f64) -> f64 {
                    (x * y).exp()
                }
            ),
        );
        assert!(out.contains("fn f_grad"), "{out}");
        assert!(out.contains("fn f_vjp"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn array_outputs_have_a_hidden_grad_that_fails_where_used() {
        let out = expand(
            quote!(),
            quote!(
                fn f(x: &Array1<f64>) -> Array1<f64> {
                    x.exp()
                }
            ),
        );
        assert!(out.contains("fn f_grad"), "{out}");
        assert!(
            out.contains(
                "for < '__adjoint_output > Array1 < f64 > : :: adjoint :: __private :: ScalarOutput"
            ),
            "{out}"
        );
        assert!(out.contains("# [doc (hidden)] # [doc ="), "{out}");
        assert!(out.contains("fn f_vjp"), "{out}");
    }

    /// Only the generated `loss_grad` (its tokens, not the rustdoc that shows it), up to the
    /// next generated item.
    fn grad_body(out: &str) -> &str {
        let start = out.find("fn loss_grad (").expect("loss_grad is generated");
        let end = out[start..].find("# [doc").map_or(out.len(), |e| start + e);
        &out[start..end]
    }

    #[test]
    fn first_writes_into_disjoint_fields_replace_the_zeros() {
        let out = expand(
            quote!(wrt(m)),
            quote!(
                fn loss(m: &Model, x: &Array2<f64>) -> f64 {
                    let h = x.dot(&m.a.w) + &m.a.b;
                    (h.dot(&m.b.w) + &m.a.b).sum() + m.w2[0].sum()
                }
            ),
        );
        let grad = grad_body(&out);
        // `m.a.w`, `m.b.w` and one of the two reads of `m.a.b` replace; the other read of `m.a.b`
        // and the indexed `m.w2[0]` add.
        assert_eq!(grad.matches("replace_part").count(), 3, "{grad}");
        assert_eq!(grad.matches(":: accumulate (").count(), 2, "{grad}");
    }

    #[test]
    fn a_model_whose_parts_are_all_replaced_starts_unfilled() {
        let disjoint = expand(
            quote!(wrt(m)),
            quote!(
                fn loss(m: &Model, x: &Array2<f64>) -> f64 {
                    (x.dot(&m.a.w) + &m.a.b).sum()
                }
            ),
        );
        let grad = grad_body(&disjoint);
        assert!(grad.contains("unfilled_tangent"), "{grad}");
        assert!(grad.contains("fill_unwritten"), "{grad}");
        assert!(!grad.contains("zero_tangent"), "{grad}");
        // The same part read twice: the second read adds, so the adjoint starts as zeros.
        let shared = expand(
            quote!(wrt(m)),
            quote!(
                fn loss(m: &Model, x: &Array2<f64>) -> f64 {
                    (x.dot(&m.a.w).dot(&m.a.w)).sum()
                }
            ),
        );
        let grad = grad_body(&shared);
        assert!(grad.contains("zero_tangent"), "{grad}");
        assert!(!grad.contains("unfilled_tangent"), "{grad}");
    }

    /// Malformed and unsupported inputs give `compile_error!`s, never a panic.
    #[test]
    fn bad_inputs_are_errors_not_panics() {
        let cases = [
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        let mut y = x;
                        y %= 2.0;
                        y
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64, n: u32) -> f64 {
                        let mut k = n;
                        k <<= 1;
                        x * k as f64
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    struct S;
                ),
            ),
            (quote!(), quote!()),
            (
                quote!(wrt),
                quote!(
                    fn f(x: f64) -> f64 {
                        x
                    }
                ),
            ),
            (
                quote!(wrt()),
                quote!(
                    fn f(x: f64) -> f64 {
                        x
                    }
                ),
            ),
            (
                quote!(wrt(y)),
                quote!(
                    fn f(x: f64) -> f64 {
                        x
                    }
                ),
            ),
            (
                quote!(with(x)),
                quote!(
                    fn f(x: f64) -> f64 {
                        x
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        {
                            return x;
                        }
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        let g = |a: f64| a;
                        g(x)
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        unsafe { x }
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        dbg!(x);
                        x
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        for _ in 0..3 {
                            continue;
                        }
                        x
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: &mut f64) -> f64 {
                        *x
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(self) -> f64 {
                        1.0
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) {}
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        x.frobnicate()
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f((a, b): (f64, f64)) -> f64 {
                        a
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    async fn f(x: f64) -> f64 {
                        x
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        let (a, b) = x;
                        a
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        x += 1.0
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        x?
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        x as i32
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        (x, x)
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        x % 1.0
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        x[x]
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        f64::from_bits(x)
                    }
                ),
            ),
            (
                quote!(),
                quote!(
                    fn f(x: f64) -> f64 {
                        (x)(x)
                    }
                ),
            ),
        ];
        for (attr, item) in cases {
            let out = expand(attr.clone(), item.clone());
            assert!(
                out.contains("compile_error"),
                "no error for #[differentiable({attr})] {item}:\n{out}"
            );
        }
    }
}

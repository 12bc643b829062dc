//! Printing forward-mode statements, and the functions that run a tangent program:
//! `NAME_jvp` and the hidden forward-mode entry that other differentiable functions call.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::Ident;

use super::{
    Context, Emitter, Header, Seed, at_users_token, call_at_users_token, erase_lifetimes,
    hidden_method, hidden_method_call, private,
};
use crate::forward::{Tangents, transform};
use crate::ir::{Body, Callee, Operand, Stmt, ValueDef, ValueId};
use crate::reverse::plan;
use crate::validate::Signature;

/// The forward-mode entry beside a function (`NAME::__adjoint_jvp`) or a method
/// (`__adjoint_jvp_NAME`): the value and its tangent, given an `Option<&tangent>` per argument.
const ENTRY: &str = "__adjoint_jvp";

impl Emitter<'_> {
    /// A tangent as an `Option` of a rule or an entry takes it: a reference to the tangent's own
    /// type, whether the local holds it or a reference to it (a tangent parameter). Outside an
    /// `Option`, a reference to the local is coerced.
    fn tangent_ref(&self, id: ValueId) -> TokenStream {
        let value = self.value_ref(id, Context::Forward);
        quote!(::core::borrow::Borrow::borrow(#value))
    }

    /// The forward code of a forward-mode statement.
    pub(super) fn tangent_stmt(&mut self, index: usize) -> TokenStream {
        let p = private();
        match &self.body.stmts[index] {
            Stmt::Tangent {
                out,
                prim,
                inputs,
                consts,
                y,
                tangents,
                span,
            } => {
                let name = self.name(*out);
                let refs = self.input_refs(inputs, Context::Forward);
                let y = self.value_ref(*y, Context::Forward);
                let optional = tangents.len() > 1;
                let tangents: Vec<Option<TokenStream>> = tangents
                    .iter()
                    .map(|t| {
                        t.map(|t| {
                            if optional {
                                self.tangent_ref(t)
                            } else {
                                self.value_ref(t, Context::Forward)
                            }
                        })
                    })
                    .collect();
                let call = at_users_token(prim.jvp(&refs, consts, &y, &tangents), *span);
                quote_spanned!(*span=> let #name = #call;)
            }
            Stmt::CallTangent {
                out,
                tangent,
                callee,
                args,
                tangents,
                span,
            } => {
                let (name, tangent) = (self.name(*out), self.name(*tangent));
                let entries = tangents.iter().map(|t| match t {
                    Some(t) => {
                        let t = self.value_ref(*t, Context::Forward);
                        call_at_users_token(quote!(#p::call_tangent), t, *span)
                    }
                    None => quote!(::core::option::Option::None),
                });
                let entries = quote!((#(#entries,)*));
                let call = match callee {
                    Callee::Function(func) => {
                        let mut args: Vec<TokenStream> =
                            args.iter().map(|a| self.forward_arg(a)).collect();
                        args.push(entries);
                        super::hidden_function_call(func, ENTRY, &args)
                    }
                    Callee::Method(method) => {
                        let receiver = match &args[0].operand {
                            Operand::Value(id) => self.value_ref(*id, Context::Forward),
                            Operand::Const(tokens) | Operand::Literal(tokens) => quote!(&#tokens),
                        };
                        let mut rest: Vec<_> =
                            args[1..].iter().map(|a| self.forward_arg(a)).collect();
                        rest.push(entries);
                        hidden_method_call(
                            &receiver,
                            &hidden_method(method, ENTRY),
                            &rest,
                            method.span(),
                        )
                    }
                };
                quote_spanned!(*span=> let (#name, #tangent) = #call;)
            }
            Stmt::PartTangent {
                out,
                root,
                primal_root,
                projection,
                fields,
            } => {
                let name = self.name(*out);
                let root = self.value_ref(*root, Context::Forward);
                let primal = self.operand_ref(primal_root, None, Context::Forward);
                let constant = fields
                    .iter()
                    .map(|(prefix, field)| quote!((#root) #prefix .is_constant_field(#field)));
                quote! {
                    let #name = if { use #p::Params as _; #(#constant)||* } {
                        #p::zero_tangent(&(*#primal) #projection)
                    } else {
                        ::core::clone::Clone::clone(&(*#root) #projection)
                    };
                }
            }
            Stmt::ZeroTangent { out, like } => {
                let name = self.name(*out);
                let like = self.operand_ref(like, None, Context::Forward);
                quote!(let #name = #p::zero_tangent(#like);)
            }
            _ => unreachable!("only forward-mode statements are printed here"),
        }
    }
}

/// The forward statements of a tangent program, and the expressions of its value and tangent.
///
/// The public function returns the auxiliary outputs beside the value (`with_aux`); the entry
/// that other functions call returns the value alone.
fn run(
    sig: &Signature,
    tangents: &Tangents,
    names: crate::ir::Names,
    with_aux: bool,
) -> TokenStream {
    let p = private();
    let body = &tangents.body;
    let mut emitter = Emitter::new(body, sig, plan(body, &[]), Seed::One, None, names, None);
    let forward = emitter.forward();
    let value = emitter.output_value();
    let tangent = match tangents.output {
        Some(id) if owns_its_local(body, id) => {
            let name = &body.values[id.0].name;
            quote!(#name)
        }
        // A tangent parameter or a part of one is the caller's: the result is a copy.
        Some(id) => {
            let output = output_tangent(sig);
            let reference = emitter.value_ref(id, Context::Forward);
            quote!(<#output as ::core::clone::Clone>::clone(::core::borrow::Borrow::borrow(#reference)))
        }
        None => quote!(#p::zero_tangent(&#value)),
    };
    let value = if with_aux {
        emitter.returned_value()
    } else {
        value
    };
    let items = &body.items;
    let tangent_name = Ident::new("tangent", Span::mixed_site());
    quote!({ #(#items)* #forward let #tangent_name = #tangent; (#value, #tangent_name) })
}

/// Whether value `id` is a local the program made (not a parameter, nor a part of one).
fn owns_its_local(body: &Body, id: ValueId) -> bool {
    match body.values[id.0].def {
        ValueDef::Param(_) => false,
        ValueDef::Stmt(index) => !matches!(body.stmts[index], Stmt::Place { .. }),
        ValueDef::Region(_) => true,
    }
}

/// The tangent type of the output.
fn output_tangent(sig: &Signature) -> syn::Type {
    crate::types::tangent(&sig.output).unwrap_or_else(|_| sig.output.clone())
}

/// `NAME_jvp(args…, tangents…) -> (R, R)`: the value and its derivative along one tangent per
/// differentiated argument, and the hidden entry that calls from other differentiable functions
/// reach, which takes an `Option` per argument.
pub fn generate_jvp(header: &Header, sig: &Signature, body: &Body) -> (TokenStream, TokenStream) {
    let (vis, generics, inputs) = (header.vis, header.generics, &header.inputs);
    let where_clause = &generics.where_clause;
    let output = &sig.output;
    let tangent_out = output_tangent(sig);

    let public = {
        let tangents = transform(body, &sig.wrt);
        let params = tangents.params.iter().map(|&i| {
            let param = &tangents.body.params[i];
            let (ident, ty) = (&param.ident, &param.ty);
            quote!(#ident: #ty)
        });
        let run = run(sig, &tangents, tangents.body.names.clone(), true);
        let name = format_ident!("{}_jvp", header.name);
        let returned = &sig.returned;
        quote! {
            #[inline]
            #vis fn #name #generics (#(#inputs,)* #(#params),*) -> (#returned, #tangent_out) #where_clause #run
        }
    };

    // Every parameter that can carry a derivative gets a tangent, zeros where the caller has
    // none: a caller may differentiate through any of them.
    let all = body.differentiable_params();
    let tangents = transform(body, &all);
    let mut names = tangents.body.names.clone();
    let given = names.fresh("tangents", Span::call_site());
    let entry_types = entry_types(&body.params);
    let (entry_names, bindings) = entry_bindings(body, &tangents, &all, &mut names);
    let run = run(sig, &tangents, names, false);
    let entry_name = if sig.method {
        hidden_method(header.name, ENTRY)
    } else {
        let name = Ident::new(ENTRY, Span::call_site());
        quote!(#name)
    };
    let hidden = quote! {
        #[doc(hidden)]
        #[inline]
        #vis fn #entry_name #generics (#(#inputs,)* #given: #entry_types) -> (#output, #tangent_out) #where_clause {
            let (#(#entry_names,)*) = #given;
            #(#bindings)*
            #run
        }
    };
    (public, hidden)
}

/// In an entry that takes an `Option<&tangent>` per argument: the names the caller's tuple is
/// taken apart into, and the binding of each tangent parameter of the tangent program in
/// `tangents` (zeros where the caller gives none).
pub fn entry_bindings(
    body: &Body,
    tangents: &Tangents,
    all: &[usize],
    names: &mut crate::ir::Names,
) -> (Vec<Ident>, Vec<TokenStream>) {
    let entry_names: Vec<Ident> = (0..body.params.len())
        .map(|i| names.fresh(&format!("given_{i}"), Span::call_site()))
        .collect();
    let bindings = all
        .iter()
        .zip(&tangents.params)
        .map(|(&i, &t)| {
            let zero = names.fresh(&format!("zero_{}", body.params[i].ident), Span::call_site());
            let tangent = &tangents.body.params[t].ident;
            given_or_zero(&body.params[i], &entry_names[i], tangent, &zero)
        })
        .collect();
    (entry_names, bindings)
}

/// The type of a forward-mode entry's tangents: an `Option<&G>` per argument, `Option<&()>`
/// for one that carries no derivative.
pub fn entry_types(params: &[crate::ir::Param]) -> TokenStream {
    let types = params.iter().map(|param| match &param.differentiable {
        Some((_, gradient)) => {
            let gradient = erase_lifetimes(gradient);
            quote!(::core::option::Option<&#gradient>)
        }
        None => quote!(::core::option::Option<&()>),
    });
    quote!((#(#types,)*))
}

/// In a forward-mode entry: binds `tangent` to the caller's tangent `given` of `param`, or to
/// zeros shaped like it (held in `zero`) when the caller gives none. A float taken by value
/// has its tangent by value, anything else by reference.
pub fn given_or_zero(
    param: &crate::ir::Param,
    given: &Ident,
    tangent: &Ident,
    zero: &Ident,
) -> TokenStream {
    let p = private();
    let primal = &param.ident;
    if param.scalar {
        quote! {
            let #tangent = match #given {
                ::core::option::Option::Some(tangent) => *tangent,
                ::core::option::Option::None => #p::zero_tangent(&#primal),
            };
        }
    } else {
        quote! {
            let #zero;
            let #tangent = match #given {
                ::core::option::Option::Some(tangent) => tangent,
                ::core::option::Option::None => {
                    #zero = #p::zero_tangent(&#primal);
                    &#zero
                }
            };
        }
    }
}

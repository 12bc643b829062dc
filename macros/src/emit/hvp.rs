//! `NAME_hvp`: Hessian-vector products by forward mode over the adjoint program.
//!
//! The forward pass is the tangent program of the body along the directions (the primal values
//! and their tangents); the backward pass is the adjoint program of the body, each rule printed
//! with its tangent beside it: the tangent of `x̄ = vjp(ȳ, x, y)` when `x` moves along `ẋ` and
//! `ȳ` along its own tangent. The tangents of the parameters' adjoints are the Hessian times
//! the directions.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::Ident;

use super::backward::Contributed;
use super::{Context, Emitter, Header, Seed, gradient_type, private};
use crate::ir::{Body, Callee, Operand, Stmt, ValueId};
use crate::reverse::{plan, value_of};
use crate::validate::Signature;

/// What `NAME_hvp`'s emitter knows besides the adjoint program.
pub struct Tangents {
    /// Each primal value's tangent in the tangent program.
    of: HashMap<ValueId, ValueId>,
    /// The tangent of each adjoint: an `Option` local (`None`: zero).
    adjoints: HashMap<ValueId, Ident>,
    /// The tangent of the output's adjoint, when it is given (`Option<&R>`): the hidden entry
    /// a caller's `NAME_hvp` reaches. `NAME_hvp` seeds with one, whose tangent is zero.
    seed: Option<Ident>,
}

impl Emitter<'_> {
    /// `let mut dd_v = None;` for the tangent of every adjoint.
    pub(super) fn declare_adjoint_tangents(&mut self) -> TokenStream {
        let (Some(program), Some(_)) = (&self.program, &self.hvp) else {
            return TokenStream::new();
        };
        let ids: Vec<ValueId> = (0..self.body.values.len())
            .map(ValueId)
            .filter(|&id| program.storage_of(id).is_some())
            .collect();
        let mut tokens = TokenStream::new();
        for id in ids {
            let name = self
                .names
                .fresh(&format!("dd_{}", self.name(id)), Span::call_site());
            tokens.extend(quote!(let mut #name = ::core::option::Option::None;));
            if let Some(hvp) = &mut self.hvp {
                hvp.adjoints.insert(id, name);
            }
        }
        tokens
    }

    /// For `NAME_hvp`, the tangent of each contribution of a primitive's rules, added into the
    /// tangent of its target's adjoint. Printed before the rules themselves, which may take the
    /// output's adjoint over.
    pub(super) fn contribution_tangents(
        &mut self,
        index: usize,
        contributions: &[crate::adjoint::Contribution],
        g: &TokenStream,
    ) -> TokenStream {
        let p = private();
        let Some(hvp) = &self.hvp else {
            return TokenStream::new();
        };
        let Stmt::Prim {
            out,
            prim,
            inputs,
            consts,
            span,
        } = &self.body.stmts[index]
        else {
            return TokenStream::new();
        };
        let refs = self.backward_input_refs(*prim, inputs);
        let y = self.backward_output_ref(*prim, *out);
        let tangents: Vec<Option<TokenStream>> = inputs
            .iter()
            .map(|input| {
                let id = value_of(input)?;
                let tangent = hvp.of.get(&id)?;
                let value = self.value_ref(*tangent, Context::Backward);
                Some(quote!(::core::borrow::Borrow::borrow(#value)))
            })
            .collect();
        // The rule is the only reader of its output's adjoint tangent: it takes it, so that a
        // loop's next iteration starts from none.
        let (mut tokens, dg) = self.take_output_tangent(*out);
        for c in contributions {
            let Some(target) = self
                .hvp
                .as_ref()
                .and_then(|hvp| hvp.adjoints.get(&c.target))
            else {
                continue;
            };
            let call = prim.vjp_jvp(c.operand, g, &refs, consts, &y, (&tangents, &dg));
            let call = super::at_users_token(call, *span);
            tokens.extend(quote!(#p::accumulate_optional(&mut #target, #call);));
        }
        tokens
    }

    /// For `NAME_hvp`, `dd_into += dd_from.take()`: the tangent travels with the adjoint it
    /// belongs to (a flow, a loop's carried variable). Nothing outside `NAME_hvp`.
    pub(super) fn flow_tangent(&self, from: FlowEnd, into: FlowEnd) -> TokenStream {
        let p = private();
        let Some(hvp) = &self.hvp else {
            return TokenStream::new();
        };
        let name = |end: &FlowEnd| match end {
            FlowEnd::Value(id) => hvp.adjoints.get(id).cloned(),
            FlowEnd::Carry(carry) => carry.cloned(),
        };
        let taken = match name(&from) {
            Some(from) => quote!(::core::option::Option::take(&mut #from)),
            None => quote!(::core::option::Option::None),
        };
        match (name(&into), into) {
            (Some(into), FlowEnd::Carry(_)) => quote!(#into = #taken;),
            (Some(into), FlowEnd::Value(_)) => quote!(#p::accumulate_optional(&mut #into, #taken);),
            (None, _) => TokenStream::new(),
        }
    }

    /// For `NAME_hvp`, the tangent of a loop's carried adjoint: a fresh `dd_carry` with its
    /// declaration.
    pub(super) fn carry_tangent(&mut self, span: Span) -> (Option<Ident>, TokenStream) {
        if self.hvp.is_none() {
            return (None, TokenStream::new());
        }
        let name = self.names.fresh("dd_carry", span);
        let declare = quote!(let mut #name = ::core::option::Option::None;);
        (Some(name), declare)
    }

    /// For `NAME_hvp`, the tangent of a part's adjoint added into the same part of the tangent
    /// of its root's adjoint (zeros until a part arrives).
    pub(super) fn part_tangent(
        &mut self,
        c: &crate::adjoint::Contribution,
        out: ValueId,
        projection: &TokenStream,
        fields: &[(TokenStream, String)],
    ) -> TokenStream {
        let p = private();
        let Some(hvp) = &self.hvp else {
            return TokenStream::new();
        };
        let (Some(part), Some(root)) = (hvp.adjoints.get(&out), hvp.adjoints.get(&c.target)) else {
            return TokenStream::new();
        };
        let (part, root) = (part.clone(), root.clone());
        let root_ref = self.value_ref(c.target, Context::Backward);
        let slot = quote!((*#p::adjoint_slot(&mut #root, #root_ref)));
        let taken = self.names.fresh("dd_part", Span::mixed_site());
        let add = quote!(#p::accumulate(&mut #slot #projection, #taken););
        let add = super::unless_constant_field(&slot, fields, add);
        quote! {
            if let ::core::option::Option::Some(#taken) = ::core::option::Option::take(&mut #part) {
                #add
            }
        }
    }

    /// For `NAME_hvp`, the tangent of a part of an array's adjoint added in place into the
    /// same part of the tangent of the array's adjoint (`xs.row(t)` in a loop): the rule is
    /// linear, so the tangent goes through the same `add_part`.
    pub(super) fn add_part_tangent(
        &mut self,
        prim: crate::prims::Prim,
        out: ValueId,
        target: ValueId,
        consts: &[TokenStream],
    ) -> TokenStream {
        let p = private();
        let Some(hvp) = &self.hvp else {
            return TokenStream::new();
        };
        let (Some(part), Some(root)) = (hvp.adjoints.get(&out), hvp.adjoints.get(&target)) else {
            return TokenStream::new();
        };
        let (part, root) = (part.clone(), root.clone());
        let source = self.value_ref(target, Context::Backward);
        let total = quote!(#p::adjoint_slot(&mut #root, #source));
        let taken = self.names.fresh("dd_part", Span::mixed_site());
        let Some(add) = prim.add_part(&total, &quote!(&#taken), consts) else {
            return TokenStream::new();
        };
        quote! {
            if let ::core::option::Option::Some(#taken) = ::core::option::Option::take(&mut #part) {
                #add;
            }
        }
    }

    /// The tangent of `out`'s adjoint, taken by the rules that read it (so that a loop's next
    /// iteration starts from none): the statement that takes it, and an `Option<&_>` of it.
    fn take_output_tangent(&mut self, out: ValueId) -> (TokenStream, TokenStream) {
        match self
            .hvp
            .as_ref()
            .and_then(|hvp| hvp.adjoints.get(&out))
            .cloned()
        {
            Some(name) => {
                let taken = self.names.fresh("dd_taken", Span::mixed_site());
                (
                    quote!(let #taken = ::core::option::Option::take(&mut #name);),
                    quote!(::core::option::Option::as_ref(&#taken)),
                )
            }
            None => (TokenStream::new(), quote!(::core::option::Option::None)),
        }
    }

    /// For the hidden entry, the given tangent of the output's adjoint, copied into the
    /// output's adjoint tangent when the adjoint is seeded.
    pub(super) fn seed_tangent(&self, out: ValueId) -> TokenStream {
        let Some(hvp) = &self.hvp else {
            return TokenStream::new();
        };
        let (Some(seed), Some(name)) = (&hvp.seed, hvp.adjoints.get(&out)) else {
            return TokenStream::new();
        };
        quote!(#name = ::core::option::Option::map(#seed, ::core::clone::Clone::clone);)
    }

    /// For `NAME_hvp`, the rules of a call: the callee's hidden entry gives the adjoints of the
    /// arguments and their tangents, from the arguments, their tangents, the output's adjoint
    /// `g` and its tangent. The callee runs its forward pass again.
    pub(super) fn call_rules(
        &mut self,
        index: usize,
        contributions: &[crate::adjoint::Contribution],
        g: &TokenStream,
    ) -> TokenStream {
        let p = private();
        let Stmt::CallTangent {
            out,
            callee,
            args,
            tangents,
            span,
            ..
        } = &self.body.stmts[index]
        else {
            return TokenStream::new();
        };
        let entries = tangents.iter().map(|t| match t {
            Some(t) => {
                let t = self.value_ref(*t, Context::Backward);
                super::call_at_users_token(quote!(#p::call_tangent), t, *span)
            }
            None => quote!(::core::option::Option::None),
        });
        let entries = quote!((#(#entries,)*));
        let (mut tokens, dg) = self.take_output_tangent(*out);
        let needs = (0..args.len()).map(|k| contributions.iter().any(|c| c.operand == k));
        // The arguments as a pullback takes them: a reference to each, as the call passed it.
        let call = match callee {
            Callee::Function(func) => {
                let again = args.iter().map(|a| self.pullback_arg(a));
                let arguments = [
                    quote!((#(#again,)*)),
                    entries,
                    g.clone(),
                    dg.clone(),
                    quote!([#(#needs),*]),
                ];
                super::hidden_function_call(func, ENTRY, &arguments)
            }
            Callee::Method(method) => {
                let method_span = method.span();
                let receiver = match &args[0].operand {
                    Operand::Value(id) => self.value_ref(*id, Context::Backward),
                    Operand::Const(tokens) | Operand::Literal(tokens) => quote!(&#tokens),
                };
                let again = args[1..].iter().map(|a| self.pullback_arg(a));
                let method = super::hidden_method(method, ENTRY);
                let arguments = [
                    quote!((#(#again,)*)),
                    entries,
                    quote!(#g),
                    quote!(#dg),
                    quote!([#(#needs),*]),
                ];
                super::hidden_method_call(&receiver, &method, &arguments, method_span)
            }
        };
        let name = self.name(*out).to_string();
        let grads = self
            .names
            .fresh(&format!("grads_{name}"), Span::call_site());
        let products = self
            .names
            .fresh(&format!("dd_grads_{name}"), Span::call_site());
        tokens.extend(quote_spanned!(*span=> let (#grads, #products) = #call;));
        for c in contributions {
            let k = syn::Index::from(c.operand);
            if let Some(target) = self
                .hvp
                .as_ref()
                .and_then(|hvp| hvp.adjoints.get(&c.target))
            {
                let product = super::call_at_users_token(
                    quote!(#p::call_adjoint),
                    quote!(#products.#k),
                    *span,
                );
                tokens.extend(quote!(#p::accumulate_optional(&mut #target, #product);));
            }
            let adjoint =
                super::call_at_users_token(quote!(#p::call_adjoint), quote!(#grads.#k), *span);
            tokens.extend(self.contribute(c, Contributed::Optional(adjoint)));
        }
        tokens
    }

    /// The Hessian-vector product of parameter `index`: the tangent of its adjoint, zeros if
    /// nothing reached it.
    fn param_adjoint_tangent(&self, index: usize) -> TokenStream {
        let p = private();
        let Some((id, _)) = self.body.params[index].differentiable.as_ref() else {
            return quote!(());
        };
        let value = self.value_ref(*id, Context::Backward);
        let tangent = match self.hvp.as_ref().and_then(|hvp| hvp.adjoints.get(id)) {
            Some(name) => quote!(#name),
            None => quote!(::core::option::Option::None),
        };
        quote!(#p::needed(#p::finish(#tangent, true, #value)))
    }
}

/// One end of a flow of an adjoint: a value's adjoint or a loop's carried adjoint (the name
/// of its tangent, if it has one).
pub enum FlowEnd<'a> {
    Value(ValueId),
    Carry(Option<&'a Ident>),
}

// Input:  `fn f(x: f64, y: f64) -> f64 { (x * y).exp() }`
// Output: `fn f_hvp(x: f64, y: f64, d_x: f64, d_y: f64) -> (f64, (f64, f64), (f64, f64))`: the
//         tangent program along (d_x, d_y), then the adjoint program with each rule's tangent.
/// `NAME_hvp(args…, directions…) -> (R, G, G)` for a float-valued function whose body it covers.
pub fn generate_hvp(header: &Header, sig: &Signature, body: &Body) -> Option<TokenStream> {
    if !sig.has_grad() {
        return None;
    }
    let (vis, generics, inputs) = (header.vis, header.generics, &header.inputs);
    let returned = &sig.returned;
    let gradient = gradient_type(sig, &body.params);
    let tangents = crate::forward::transform(body, &sig.wrt);
    let mut tangent_body = tangents.body;
    // The backward pass reads the tangents: none is dropped early.
    tangent_body.kept.extend(tangents.of.values().copied());
    let directions: Vec<TokenStream> = tangents
        .params
        .iter()
        .map(|&i| {
            let param = &tangent_body.params[i];
            let (ident, ty) = (&param.ident, &param.ty);
            quote!(#ident: #ty)
        })
        .collect();
    let names = tangent_body.names.clone();
    let mut emitter = Emitter::new(
        &tangent_body,
        sig,
        plan(&tangent_body, &sig.wrt),
        Seed::One,
        None,
        names,
        None,
    );
    emitter.hvp = Some(Tangents {
        of: tangents.of,
        adjoints: HashMap::new(),
        seed: None,
    });
    let forward = emitter.forward();
    let backward = emitter.backward();
    let grads: Vec<TokenStream> = sig.wrt.iter().map(|&i| emitter.param_adjoint(i)).collect();
    let products: Vec<TokenStream> = sig
        .wrt
        .iter()
        .map(|&i| emitter.param_adjoint_tangent(i))
        .collect();
    let tuple = |items: &[TokenStream]| match items {
        [one] => quote!(#one),
        many => quote!((#(#many),*)),
    };
    let (grads, products) = (tuple(&grads), tuple(&products));
    let value = emitter.returned_value();
    let items = &tangent_body.items;
    let name = format_ident!("{}_hvp", header.name);
    let where_clause = sig.hvp_where_clause(generics);
    let gradient_name = Ident::new("gradient", Span::mixed_site());
    let recycling = super::recycling_imports(body);
    Some(quote! {
        #[inline]
        #vis fn #name #generics (#(#inputs,)* #(#directions),*) -> (#returned, #gradient, #gradient) #where_clause {
            #recycling
            #(#items)*
            #forward
            #backward
            let #gradient_name = #grads;
            (#value, #gradient_name, #products)
        }
    })
}

/// The name of the hidden forward-over-reverse entry beside a function (`NAME::__adjoint_hvp`)
/// or a method (`__adjoint_hvp_NAME`).
const ENTRY: &str = "__adjoint_hvp";

// Input:  `fn layer(w: &Array2<f64>, x: &Array2<f64>) -> Array2<f64> { x.dot(w).tanh() }`
// Output: `layer::__adjoint_hvp(w, x, (Some(&dw), None), &g, Some(&dg), [true, true])`
//         returning `((Some(w̄), Some(x̄)), (Some(ẇ̄), Some(ẋ̄)))`.
/// The hidden entry that the `NAME_hvp` of a calling function reaches at a call: from the
/// arguments, an `Option<&tangent>` per argument (as the forward-mode entry takes them), the
/// output's adjoint `g` and its tangent `dg`, the adjoints of the arguments that `needs` asks
/// for and their tangents. Every argument that can carry a derivative is differentiated.
pub fn generate_hvp_entry(header: &Header, sig: &Signature, body: &Body) -> TokenStream {
    let all = body.differentiable_params();
    let tangents = crate::forward::transform(body, &all);
    let mut names = tangents.body.names.clone();
    let given = names.fresh("tangents", Span::call_site());
    let g = names.fresh("g", Span::call_site());
    let dg = names.fresh("dg", Span::call_site());
    let needs = names.fresh("needs", Span::call_site());
    let (entry_names, bindings) =
        super::tangents::entry_bindings(body, &tangents, &all, &mut names);
    let mut tangent_body = tangents.body;
    tangent_body.kept.extend(tangents.of.values().copied());
    // The arguments by reference, as a pullback takes them (a method's receiver as declared),
    // each bound to a copy of what the call passed.
    let receiver = usize::from(sig.method);
    let refs: Vec<Ident> = (receiver..body.params.len())
        .map(|i| names.fresh(&format!("arg_{i}"), Span::call_site()))
        .collect();
    let copies = body.params[receiver..]
        .iter()
        .zip(&refs)
        .map(|(param, arg)| {
            let ident = &param.ident;
            quote!(let #ident = ::core::clone::Clone::clone(#arg);)
        });
    let signature = entry_signature(
        header,
        sig,
        &body.params,
        quote!((#(#refs,)*)),
        [&given, &g, &dg, &needs],
    );
    let mut emitter = Emitter::new(
        &tangent_body,
        sig,
        plan(&tangent_body, &all),
        Seed::Cotangent(g.clone()),
        None,
        names,
        None,
    );
    emitter.hvp = Some(Tangents {
        of: tangents.of,
        adjoints: HashMap::new(),
        seed: Some(dg.clone()),
    });
    let forward = emitter.forward();
    let backward = emitter.backward();
    let (grads, products): (Vec<TokenStream>, Vec<TokenStream>) = body
        .params
        .iter()
        .enumerate()
        .map(|(i, param)| {
            if param.differentiable.is_none() {
                return (quote!(()), quote!(()));
            }
            let (grad, product) = (emitter.param_adjoint(i), emitter.param_adjoint_tangent(i));
            let keep = |value: TokenStream| {
                quote!(if #needs[#i] { ::core::option::Option::Some(#value) } else { ::core::option::Option::None })
            };
            (keep(grad), keep(product))
        })
        .collect();
    let items = &tangent_body.items;
    let recycling = super::recycling_imports(body);
    quote! {
        #[doc(hidden)]
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::type_complexity)]
        #signature {
            #recycling
            #(#copies)*
            let (#(#entry_names,)*) = #given;
            #(#bindings)*
            #(#items)*
            #forward
            #backward
            ((#(#grads,)*), (#(#products,)*))
        }
    }
}

/// The signature of the hidden second-order entry of a function with these parameters: the
/// receiver as declared, the other arguments by reference in one tuple (bound by `refs`, a
/// pattern), an `Option<&tangent>` per argument, `g`, `dg` and `needs`; it returns the
/// pullback's adjoints and their tangents.
pub fn entry_signature(
    header: &Header,
    sig: &Signature,
    params: &[crate::ir::Param],
    refs: TokenStream,
    [given, g, dg, needs]: [&Ident; 4],
) -> TokenStream {
    let (vis, generics) = (header.vis, header.generics);
    let where_clause = &generics.where_clause;
    let super::PullbackParts {
        arg_types,
        result_types,
        tangent_out,
        count,
        ..
    } = super::pullback_parts(header, sig, params);
    let receiver = usize::from(sig.method);
    let receiver_input = header.inputs.iter().take(receiver);
    let ref_types = &arg_types[receiver..];
    let entry_types = super::entry_types(params);
    let name = if sig.method {
        super::hidden_method(header.name, ENTRY)
    } else {
        let name = Ident::new(ENTRY, Span::call_site());
        quote!(#name)
    };
    quote! {
        #vis fn #name #generics (#(#receiver_input,)* #refs: (#(&#ref_types,)*), #given: #entry_types, #g: &#tangent_out, #dg: ::core::option::Option<&#tangent_out>, #needs: [bool; #count]) -> ((#(#result_types,)*), (#(#result_types,)*)) #where_clause
    }
}

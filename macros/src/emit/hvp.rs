//! `NAME_hvp`: Hessian-vector products by forward mode over the adjoint program.
//!
//! The forward pass is the tangent program of the body along the directions (the primal values
//! and their tangents); the backward pass is the adjoint program of the body, each rule printed
//! with its tangent beside it: the tangent of `x̄ = vjp(ȳ, x, y)` when `x` moves along `ẋ` and
//! `ȳ` along its own tangent. The tangents of the parameters' adjoints are the Hessian times
//! the directions.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use super::{Context, Emitter, Header, Seed, gradient_type, private};
use crate::ir::{Body, Stmt, ValueId};
use crate::reverse::{plan, value_of};
use crate::validate::Signature;

/// What `NAME_hvp`'s emitter knows besides the adjoint program.
pub struct Tangents {
    /// Each primal value's tangent in the tangent program.
    of: HashMap<ValueId, ValueId>,
    /// The tangent of each adjoint: an `Option` local (`None`: zero).
    adjoints: HashMap<ValueId, Ident>,
}

/// Whether `NAME_hvp` covers the body: primitives, parts of structures and arrays, bindings,
/// branches and loops (every statement of every region is in `body.stmts`). Calls are not
/// covered.
fn covered(body: &Body) -> bool {
    body.stmts.iter().all(|stmt| {
        matches!(
            stmt,
            Stmt::Prim { .. }
                | Stmt::Place { .. }
                | Stmt::Bind { .. }
                | Stmt::Branch(_)
                | Stmt::Loop(_)
        )
    })
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
        let refs = self.input_refs(inputs, Context::Backward);
        let y = self.value_ref(*out, Context::Backward);
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
        let mut tokens = TokenStream::new();
        let dg = match hvp.adjoints.get(out) {
            Some(name) => {
                let taken = self.names.fresh("dd_taken", Span::mixed_site());
                tokens.extend(quote!(let #taken = ::core::option::Option::take(&mut #name);));
                quote!(::core::option::Option::as_ref(&#taken))
            }
            None => quote!(::core::option::Option::None),
        };
        for c in contributions {
            let Some(target) = hvp.adjoints.get(&c.target) else {
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
    if !sig.has_grad() || !covered(body) {
        return None;
    }
    let (vis, generics, inputs) = (header.vis, header.generics, &header.inputs);
    let output = &sig.output;
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
    let value = emitter.output_value();
    let items = &tangent_body.items;
    let name = format_ident!("{}_hvp", header.name);
    let where_clause = sig.grad_where_clause(generics);
    let gradient_name = Ident::new("gradient", Span::mixed_site());
    // Slots (branches and loops) give their adjoints back to the workspace.
    let recycling = body.has_regions().then(|| {
        let p = private();
        quote!(#[allow(unused_imports)] use #p::{ViaDrop as _, ViaRecycle as _};)
    });
    Some(quote! {
        #[inline]
        #vis fn #name #generics (#(#inputs,)* #(#directions),*) -> (#output, #gradient, #gradient) #where_clause {
            #recycling
            #(#items)*
            #forward
            #backward
            let #gradient_name = #grads;
            (#value, #gradient_name, #products)
        }
    })
}

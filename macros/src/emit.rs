//! Writing the generated functions from the IR and a reverse-sweep plan.
//!
//! `NAME_grad` and `NAME_vjp` are *fused*: one straight-line function, forward statements then
//! backward statements, every intermediate a local. The hidden `NAME::__adjoint_forward` runs
//! the same forward statements and returns the output with a *pullback*: a closure that owns
//! the intermediates its backward needs and computes, when called, only the adjoints its
//! caller asks for.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::visit_mut::VisitMut;
use syn::{Ident, Type};

use crate::ir::{Body, CallArg, Callee, Operand, Stmt, ValueDef, ValueId};
use crate::prims::Prim;
use crate::reverse::{Plan, is_view, output_of, plan, releases, value_of};
use crate::validate::Signature;

mod backward;
pub mod hvp;
mod structured;
mod tangents;

pub use tangents::{entry_types, given_or_zero};

/// Where generated code runs: the forward statements, or the backward ones.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Forward,
    Backward,
}

/// How the adjoint of the output is seeded.
enum Seed {
    /// `NAME_grad`: the output is a float, its adjoint is `1`.
    One,
    /// `NAME_vjp`: the caller's cotangent, a reference.
    Cotangent(Ident),
    /// A pullback: the `g` it is called with, a reference.
    Pullback(Ident),
}

struct Emitter<'a> {
    body: &'a Body,
    sig: &'a Signature,
    plan: Plan,
    seed: Seed,
    /// In a pullback, `needs[i]` says whether parameter `i`'s adjoint is wanted.
    needs: Option<Ident>,
    adjoints: HashMap<ValueId, Ident>,
    declared: HashMap<ValueId, usize>,
    pullbacks: HashMap<ValueId, Ident>,
    /// Names taken in this generated function.
    names: crate::ir::Names,
    /// For a function with branches and loops: the records they keep for the backward pass.
    regions: structured::Regions,
    /// The adjoint program, once the backward sweep is made.
    program: Option<crate::adjoint::Program>,
    /// For `NAME_hvp`: the tangents of the primal values and of the adjoints.
    hvp: Option<hvp::Tangents>,
    /// For `NAME_grad_into`: where the gradients go, and what to give back to the workspace.
    into: Option<IntoGrads>,
    /// Adjoints moved away (a part's into its root's, one taken over by a rule, a parameter's
    /// returned): nothing left to give back.
    moved: std::collections::HashSet<ValueId>,
    /// Values the backward code names: in a pullback, what its closure captures.
    backward_reads: std::cell::RefCell<std::collections::HashSet<ValueId>>,
    /// The writes into part of an array that take the array by value ([`crate::moves`]).
    in_place: std::collections::HashSet<usize>,
}

/// The state of `NAME_grad_into`'s emission: gradients are added into the caller's, and every
/// array the function made is given back to the workspace instead of being dropped.
struct IntoGrads {
    /// For each differentiated parameter, its gradient in the caller's `grads`, as a place.
    targets: HashMap<ValueId, TokenStream>,
    /// Roots whose adjoint is a `&mut` to the caller's gradient (`let d_m = &mut *grads;`).
    by_reference: std::collections::HashSet<ValueId>,
    /// Values the forward pass gave back at their last use.
    released: std::collections::HashSet<ValueId>,
    /// The hook told which parts of the gradient are final.
    hook: Ident,
    /// Roots whose parts are each written once, by a part statement: each part is reported
    /// final right after its write.
    reported_by_part: std::collections::HashSet<ValueId>,
    /// Parameters whose adjoint is in the caller's gradient and reported.
    added: std::collections::HashSet<ValueId>,
}

/// Gives a generated local's arrays back to the installed workspace (`Params::recycle`), or
/// drops it when its type has nothing to give (a view, a constant).
fn recycle(name: &TokenStream) -> TokenStream {
    let p = private();
    quote!((&mut #p::Recycler(::core::option::Option::Some(#name))).recycle_it();)
}

impl<'a> Emitter<'a> {
    /// An emitter for one generated function, before any statement is written.
    fn new(
        body: &'a Body,
        sig: &'a Signature,
        plan: Plan,
        seed: Seed,
        needs: Option<Ident>,
        names: crate::ir::Names,
        into: Option<IntoGrads>,
    ) -> Self {
        Emitter {
            body,
            sig,
            plan,
            seed,
            needs,
            adjoints: HashMap::new(),
            declared: HashMap::new(),
            pullbacks: HashMap::new(),
            names,
            regions: structured::Regions::default(),
            program: None,
            hvp: None,
            into,
            moved: std::collections::HashSet::new(),
            backward_reads: std::cell::RefCell::default(),
            in_place: crate::moves::in_place_updates(body),
        }
    }
}

/// `::adjoint::__private`, the runtime's hidden module.
fn private() -> TokenStream {
    quote!(::adjoint::__private)
}

impl Emitter<'_> {
    fn name(&self, id: ValueId) -> &Ident {
        &self.body.values[id.0].name
    }

    fn is_pullback(&self) -> bool {
        self.needs.is_some()
    }

    /// An expression that borrows value `id`.
    fn value_ref(&self, id: ValueId, context: Context) -> TokenStream {
        if let Some((root, projection)) = self.place_of(id) {
            let root = self.local_name(root, context);
            return quote!(&#root #projection);
        }
        let name = self.local_name(id, context);
        let backward_of_pullback = context == Context::Backward && self.is_pullback();
        let already_a_reference = match self.body.values[id.0].def {
            ValueDef::Param(p) => backward_of_pullback && !self.body.params[p].copy,
            ValueDef::Stmt(_) | ValueDef::Region(_) => backward_of_pullback && self.is_output(id),
        };
        if already_a_reference {
            quote!(#name)
        } else {
            quote!(&#name)
        }
    }

    /// The local that holds a value here: a parameter is renamed inside a pullback, where `self`
    /// cannot be a closure parameter.
    fn local_name(&self, id: ValueId, context: Context) -> &Ident {
        if context == Context::Backward {
            self.backward_reads.borrow_mut().insert(id);
        }
        match self.body.values[id.0].def {
            ValueDef::Param(p) if context == Context::Backward && self.is_pullback() => {
                &self.body.params[p].closure_ident
            }
            _ => self.name(id),
        }
    }

    /// The root and projection of a value that names a part of another in place.
    fn place_of(&self, id: ValueId) -> Option<(ValueId, &TokenStream)> {
        match self.body.values[id.0].def {
            ValueDef::Stmt(index) => match &self.body.stmts[index] {
                Stmt::Place {
                    root: Operand::Value(root),
                    projection,
                    ..
                } => Some((*root, projection)),
                _ => None,
            },
            ValueDef::Param(_) | ValueDef::Region(_) => None,
        }
    }

    /// Whether the user's name for a value is a reference to a part (`let w = &m.w;`).
    fn is_borrowed_part(&self, id: ValueId) -> bool {
        match self.body.values[id.0].def {
            ValueDef::Stmt(index) => {
                matches!(self.body.stmts[index], Stmt::Place { borrowed: true, .. })
            }
            _ => false,
        }
    }

    fn is_output(&self, id: ValueId) -> bool {
        matches!(self.body.output, Operand::Value(out) if out == id)
    }

    /// A reference to an operand of a primitive; a literal takes the type of the other operand.
    fn operand_ref(
        &self,
        operand: &Operand,
        other: Option<&Operand>,
        context: Context,
    ) -> TokenStream {
        match operand {
            Operand::Value(id) => self.value_ref(*id, context),
            Operand::Const(tokens) => quote!(&#tokens),
            Operand::Literal(tokens) => {
                let p = private();
                let like = match other {
                    Some(other @ (Operand::Value(_) | Operand::Const(_))) => {
                        self.operand_ref(other, None, context)
                    }
                    _ => return quote!(&#tokens),
                };
                quote!(&#p::literal_like(#like, #tokens))
            }
        }
    }

    fn input_refs(&self, inputs: &[Operand], context: Context) -> Vec<TokenStream> {
        self.refs_of_read(inputs, context, |_| true)
    }

    /// The operands as a primitive's derivative rules take them: `&()` for those its rules do
    /// not read ([`Prim::backward_reads`]), which the backward code then does not name.
    fn backward_input_refs(&self, prim: Prim, inputs: &[Operand]) -> Vec<TokenStream> {
        self.refs_of_read(inputs, Context::Backward, |k| prim.backward_reads(Some(k)))
    }

    /// A reference to each operand `k` that is `read(k)`, `&()` for the others; an untyped
    /// literal takes its type from another operand read.
    fn refs_of_read(
        &self,
        inputs: &[Operand],
        context: Context,
        read: impl Fn(usize) -> bool,
    ) -> Vec<TokenStream> {
        (0..inputs.len())
            .map(|k| {
                if !read(k) {
                    return quote!(&());
                }
                let other = (0..inputs.len())
                    .find(|&j| j != k && read(j))
                    .map(|j| &inputs[j]);
                self.operand_ref(&inputs[k], other, context)
            })
            .collect()
    }

    /// The output as a primitive's derivative rules take it: `&()` when they do not read it.
    fn backward_output_ref(&self, prim: Prim, out: ValueId) -> TokenStream {
        if prim.backward_reads(None) {
            self.value_ref(out, Context::Backward)
        } else {
            quote!(&())
        }
    }

    /// The argument a call passes in the forward pass.
    fn forward_arg(&self, arg: &CallArg) -> TokenStream {
        match (&arg.operand, arg.by_ref) {
            (Operand::Value(id), true) => self.value_ref(*id, Context::Forward),
            (Operand::Value(id), false) if self.is_borrowed_part(*id) => {
                self.value_ref(*id, Context::Forward)
            }
            (Operand::Value(id), false) => match self.body.values[id.0].def {
                ValueDef::Param(p) if self.body.params[p].copy => {
                    let name = self.name(*id);
                    quote!(#name)
                }
                _ => {
                    let p = private();
                    let value = self.value_ref(*id, Context::Forward);
                    // A part (a model's `clone()`) may be behind a reference that `pass` derefs.
                    if self.place_of(*id).is_some() {
                        quote!(#p::pass(#value))
                    } else {
                        quote!({ use #p::{PassCloned as _, PassPooled as _}; (&#p::Passed(#value)).pass_it() })
                    }
                }
            },
            (Operand::Const(tokens) | Operand::Literal(tokens), true) => quote!(&#tokens),
            (Operand::Const(tokens) | Operand::Literal(tokens), false) => quote!(#tokens),
        }
    }

    /// The forward call: the hidden forward/pullback pair when the adjoint is needed, the plain
    /// function or method otherwise.
    fn call_expr(&self, callee: &Callee, args: &[CallArg], differentiated: bool) -> TokenStream {
        match callee {
            Callee::Function(func) => {
                let args = args.iter().map(|a| self.forward_arg(a));
                let args: Vec<TokenStream> = args.collect();
                if differentiated {
                    hidden_function_call(func, "__adjoint_forward", &args)
                } else {
                    quote!(#func(#(#args),*))
                }
            }
            Callee::Method(method) => {
                let receiver = match &args[0].operand {
                    Operand::Value(id) => self.value_ref(*id, Context::Forward),
                    Operand::Const(tokens) | Operand::Literal(tokens) => quote!(&#tokens),
                };
                let rest: Vec<_> = args[1..].iter().map(|a| self.forward_arg(a)).collect();
                if differentiated {
                    hidden_method_call(&receiver, &forward_method(method), &rest, method.span())
                } else {
                    quote!((#receiver).#method(#(#rest),*))
                }
            }
        }
    }

    /// The argument a call's pullback receives again: a reference to what the forward passed.
    fn pullback_arg(&self, arg: &CallArg) -> TokenStream {
        match (&arg.operand, arg.by_ref) {
            (Operand::Value(id), true) => {
                let value = self.value_ref(*id, Context::Backward);
                quote!(&#value)
            }
            (Operand::Value(id), false) if self.is_borrowed_part(*id) => {
                let value = self.value_ref(*id, Context::Backward);
                quote!(&#value)
            }
            (Operand::Value(id), false) => self.value_ref(*id, Context::Backward),
            (Operand::Const(tokens) | Operand::Literal(tokens), true) => quote!(&&#tokens),
            (Operand::Const(tokens) | Operand::Literal(tokens), false) => quote!(&#tokens),
        }
    }

    /// The forward statements; calls whose adjoint is needed keep their pullback.
    fn forward(&mut self) -> TokenStream {
        if self.body.has_regions() {
            let top = self.body.top.clone();
            return self.forward_seq(&top);
        }
        let mut out = TokenStream::new();
        // A pullback keeps only what its closure names; a fused function drops the rest early.
        let releases = if self.is_pullback() {
            vec![Vec::new(); self.body.stmts.len()]
        } else {
            releases(self.body, &self.plan)
        };
        for (index, released_here) in releases.iter().enumerate() {
            out.extend(self.forward_stmt(index));
            let released_here: Vec<ValueId> = released_here
                .iter()
                .copied()
                .filter(|&id| !self.moved_in_place(id))
                .collect();
            for released in &released_here {
                let name = self.name(*released).clone();
                match &mut self.into {
                    Some(into) => {
                        into.released.insert(*released);
                        out.extend(recycle(&quote!(#name)));
                    }
                    None => out.extend(quote!(::core::mem::drop(#name);)),
                }
            }
        }
        out
    }

    /// The forward code of one statement.
    fn forward_stmt(&mut self, index: usize) -> TokenStream {
        match &self.body.stmts[index] {
            Stmt::Prim {
                out,
                prim,
                inputs,
                consts,
                span,
            } => {
                let name = self.name(*out);
                let mut refs = self.input_refs(inputs, Context::Forward);
                let in_place = match value_of(&inputs[0]) {
                    Some(array) if self.in_place.contains(&index) => {
                        let array = self.name(array);
                        refs[0] = quote!(#array);
                        prim.forward_in_place(&refs, consts)
                    }
                    _ => None,
                };
                let call = in_place.unwrap_or_else(|| prim.forward(&refs, consts));
                let call = at_users_token(call, *span);
                quote_spanned!(*span=> let #name = #call;)
            }
            Stmt::Call {
                out,
                callee,
                args,
                span,
            } => {
                let name = self.name(*out).clone();
                let active = self.plan.active[out.0];
                let call = self.call_expr(callee, args, active);
                if active {
                    let pullback = self.names.fresh(&format!("pullback_{name}"), *span);
                    self.pullbacks.insert(*out, pullback.clone());
                    quote_spanned!(*span=> let (#name, #pullback) = #call;)
                } else {
                    quote_spanned!(*span=> let #name = #call;)
                }
            }
            Stmt::Bind { pat, expr, .. } => quote!(let #pat = #expr;),
            Stmt::Place { .. } => TokenStream::new(),
            Stmt::Branch(_) => self.forward_branch(index),
            Stmt::Loop(_) => self.forward_loop(index),
            Stmt::Tangent { .. }
            | Stmt::CallTangent { .. }
            | Stmt::PartTangent { .. }
            | Stmt::ZeroTangent { .. } => self.tangent_stmt(index),
        }
    }

    /// Whether adjoint `id` is wanted, as an expression, in a pullback.
    fn guard(&self, id: ValueId) -> TokenStream {
        let needs = self.needs.as_ref().expect("guards exist only in pullbacks");
        let terms = self.plan.reach[id.0].iter().map(|p| quote!(#needs[#p]));
        quote!(#(#terms)||*)
    }

    /// The `needs` a call's pullback receives: which arguments' adjoints are wanted.
    fn call_needs(&self, count: usize, targets: &[(usize, ValueId)]) -> Vec<TokenStream> {
        (0..count)
            .map(|k| match targets.iter().find(|(j, _)| *j == k) {
                Some(&(_, target)) if self.is_pullback() => self.guard(target),
                Some(_) => quote!(true),
                None => quote!(false),
            })
            .collect()
    }

    /// `NAME_grad_into`: adds parameter `index`'s adjoint into the caller's gradient, unless
    /// the backward pass already wrote it there part by part or added it.
    fn param_into(&mut self, index: usize) -> TokenStream {
        let (id, _) = self.body.params[index]
            .differentiable
            .as_ref()
            .expect("only differentiable parameters have adjoints");
        self.add_param_adjoint(*id)
    }

    /// `NAME_grad_into`: adds the adjoint of parameter `id` into the caller's gradient and tells
    /// the hook, once.
    fn add_param_adjoint(&mut self, id: ValueId) -> TokenStream {
        let p = private();
        let into = self
            .into
            .as_mut()
            .expect("only NAME_grad_into adds into gradients");
        if !into.added.insert(id) {
            return TokenStream::new();
        }
        let target = &into.targets[&id];
        let hook = &into.hook;
        let report = quote!(#hook.part_final(&#target););
        if into.by_reference.contains(&id) {
            // Written part by part: reported as they were written, or whole now.
            return if into.reported_by_part.contains(&id) {
                TokenStream::new()
            } else {
                report
            };
        }
        let Some(name) = self.adjoints.get(&id) else {
            return report;
        };
        let add = quote!(#p::accumulate(&mut #target, #name); #report);
        self.moved.insert(id);
        add
    }

    /// `NAME_grad_into`: gives back to the workspace every value and adjoint still alive at the
    /// end, in the order they were defined.
    fn recycle_leftovers(&self) -> TokenStream {
        let into = self.into.as_ref().expect("only NAME_grad_into recycles");
        let mut tokens = TokenStream::new();
        for (_, name) in self.adjoints_left() {
            tokens.extend(recycle(&quote!(#name)));
        }
        for (id, name) in self.owned_values_last_first() {
            if !into.released.contains(&id) {
                tokens.extend(recycle(&quote!(#name)));
            }
        }
        tokens
    }

    /// The values this function makes that may own memory, last first (so that a value goes
    /// back before what it borrows from): results of primitives and calls, but not views, which
    /// own nothing, nor the output, which is returned.
    fn owned_values_last_first(&self) -> Vec<(ValueId, &Ident)> {
        let mut owned = Vec::new();
        for (i, value) in self.body.values.iter().enumerate().rev() {
            let id = ValueId(i);
            let ValueDef::Stmt(index) = value.def else {
                continue;
            };
            let made_here = matches!(
                self.body.stmts[index],
                Stmt::Prim { .. } | Stmt::Call { .. }
            );
            if made_here
                && !is_view(self.body, id)
                && !self.is_output(id)
                && !self.moved_in_place(id)
            {
                owned.push((id, &value.name));
            }
        }
        owned
    }

    /// Whether a write into part of an array took `id` by value: nothing left to give back.
    fn moved_in_place(&self, id: ValueId) -> bool {
        self.in_place
            .iter()
            .any(|&index| match &self.body.stmts[index] {
                Stmt::Prim { inputs, .. } => value_of(&inputs[0]) == Some(id),
                _ => false,
            })
    }

    /// The adjoints still alive, last first: neither moved away nor the caller's gradient.
    fn adjoints_left(&self) -> Vec<(ValueId, &Ident)> {
        let mut left: Vec<(ValueId, &Ident)> = self
            .adjoints
            .iter()
            .filter(|(id, _)| {
                !self.moved.contains(id)
                    && !self
                        .into
                        .as_ref()
                        .is_some_and(|into| into.by_reference.contains(id))
            })
            .map(|(id, name)| (*id, name))
            .collect();
        left.sort_by_key(|(id, _)| std::cmp::Reverse(id.0));
        left
    }

    fn output_value(&self) -> TokenStream {
        match &self.body.output {
            Operand::Value(id) => {
                let name = self.name(*id);
                quote!(#name)
            }
            Operand::Const(tokens) | Operand::Literal(tokens) => tokens.clone(),
        }
    }

    /// What the public functions return as the function's value: the output, and beside it
    /// the auxiliary outputs of a function that returns `(value, auxiliary…)`.
    fn returned_value(&self) -> TokenStream {
        let value = self.output_value();
        let aux = &self.body.aux;
        if aux.is_empty() {
            value
        } else {
            quote!((#value, #(#aux),*))
        }
    }
}

/// `<path::to::f>::HIDDEN(args…)`, a call of one of the hidden entries beside `f`, with its
/// arguments shown at `f`'s name: an entry that refuses calls (that of a function with
/// auxiliary outputs) reports its unmet bound there.
pub(crate) fn hidden_function_call(
    func: &syn::ExprPath,
    hidden: &str,
    args: &[TokenStream],
) -> TokenStream {
    let path = hidden_path(func, hidden);
    let span = func
        .path
        .segments
        .last()
        .map_or_else(Span::call_site, |last| last.ident.span());
    let mut group = proc_macro2::Group::new(
        proc_macro2::Delimiter::Parenthesis,
        relocated(quote!(#(#args),*), span),
    );
    group.set_span(span);
    quote!(#path #group)
}

/// `path::to::f::<T>` → `<path::to::f>::HIDDEN::<T>`, for one of the hidden entries beside `f`.
pub(crate) fn hidden_path(func: &syn::ExprPath, hidden: &str) -> TokenStream {
    let mut path = func.path.clone();
    let last = path.segments.last_mut().expect("a path has a last segment");
    let generics = std::mem::replace(&mut last.arguments, syn::PathArguments::None);
    let span = last.ident.span();
    let method = Ident::new(hidden, span);
    match generics {
        syn::PathArguments::AngleBracketed(mut args) => {
            args.colon2_token = Some(Default::default());
            quote!(<#path>::#method #args)
        }
        _ => quote!(<#path>::#method),
    }
}

/// `forward` → `__adjoint_forward_forward`: the hidden method beside a differentiable method.
fn forward_method(method: &Ident) -> TokenStream {
    hidden_method(method, "__adjoint_forward")
}

/// `(receiver).ENTRY(args…)`, a call of one of the hidden entries of a method, in a block that
/// declares the entry's fallback: a method without the entry (one that is not
/// `#[differentiable]`) then fails with a message that says so, at the method's name.
pub(crate) fn hidden_method_call(
    receiver: &TokenStream,
    entry: &TokenStream,
    args: &[TokenStream],
    span: Span,
) -> TokenStream {
    let p = private();
    let generics = (0..args.len()).map(|k| format_ident!("A{}", k));
    // The call's parentheses at the method's name, so that rustc reports an unmet bound there.
    let parenthesized = |tokens: TokenStream| {
        let mut group = proc_macro2::Group::new(proc_macro2::Delimiter::Parenthesis, tokens);
        group.set_span(span);
        group
    };
    let receiver = parenthesized(relocated(receiver.clone(), span));
    let args = parenthesized(quote!(#(#args),*));
    quote!({
        #p::method_fallback!(#entry(#(#generics),*));
        #receiver.#entry #args
    })
}

/// `tokens` shown at `span`, each keeping its own hygiene: an expression rustc then reports at
/// the user's token instead of the attribute.
fn relocated(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            proc_macro2::TokenTree::Group(group) => {
                let inner = relocated(group.stream(), span);
                let mut moved = proc_macro2::Group::new(group.delimiter(), inner);
                moved.set_span(span);
                proc_macro2::TokenTree::Group(moved)
            }
            proc_macro2::TokenTree::Ident(mut ident) => {
                ident.set_span(ident.span().located_at(span));
                proc_macro2::TokenTree::Ident(ident)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}

/// `forward` → `HIDDEN_forward`, for one of the hidden methods beside a differentiable method.
fn hidden_method(method: &Ident, hidden: &str) -> TokenStream {
    let name = format_ident!("{}_{}", hidden, method, span = method.span());
    quote!(#name)
}

/// `add` unless one of the named fields along a part's projection is a constant of its struct
/// (`#[params(skip)]`): read but never differentiated. `slot` is the root's adjoint.
fn unless_constant_field(
    slot: &TokenStream,
    fields: &[(TokenStream, String)],
    add: TokenStream,
) -> TokenStream {
    if fields.is_empty() {
        return add;
    }
    let p = private();
    let constant = fields
        .iter()
        .map(|(prefix, field)| quote!(#p::Params::is_constant_field(&#slot #prefix, #field)));
    quote!(if !(#(#constant)||*) { #add })
}

/// `function(argument)` with the tokens of `function` and the parentheses at the user's
/// `span`, so that an unmet bound of `function` points at the user's call (the names inside keep
/// their own spans, which their hygiene depends on).
fn call_at_users_token(function: TokenStream, argument: TokenStream, span: Span) -> TokenStream {
    at_users_token(quote!(#function(#argument)), span)
}

// Input:  `::adjoint::__private::binary::forward(&Add, &a, &b)` and the span of the user's `+`.
// Output: the same tokens, the path and the parentheses at the `+`.
/// A call to a runtime rule, shown at the user's token: the call expression's span is the
/// user's, so that a `#[track_caller]` panic in the rule (a shape mismatch) reports the user's
/// line and column, not the attribute's. The path is absolute, so it resolves the same there;
/// the arguments keep their spans and hygiene.
fn at_users_token(call: TokenStream, span: Span) -> TokenStream {
    call.into_iter()
        .map(|mut token| {
            token.set_span(span);
            token
        })
        .collect()
}

/// Replaces every lifetime in a type with `'_`, for the higher-ranked pullback signature.
struct EraseLifetimes;

impl VisitMut for EraseLifetimes {
    fn visit_lifetime_mut(&mut self, lifetime: &mut syn::Lifetime) {
        if lifetime.ident != "static" {
            *lifetime = syn::Lifetime::new("'_", lifetime.span());
        }
    }
}

fn erase_lifetimes(ty: &Type) -> Type {
    let mut ty = ty.clone();
    EraseLifetimes.visit_type_mut(&mut ty);
    ty
}

/// What the generator writes for one function.
pub struct Generated {
    /// `NAME_grad`, when the output is a float.
    pub grad: Option<TokenStream>,
    /// `NAME_grad_into_with` and `NAME_grad_into`, for a scalar output: the gradient added into
    /// the caller's, arrays taken from and given back to a workspace.
    pub grad_into: Option<(TokenStream, TokenStream)>,
    /// `NAME_vjp`.
    pub vjp: TokenStream,
    /// `NAME_jvp`.
    pub jvp: Option<TokenStream>,
    /// `NAME_hvp`, for a float-valued function whose body it covers.
    pub hvp: Option<TokenStream>,
    /// In `impl NAME { ... }`: the forward pass with its pullback.
    pub forward: TokenStream,
    /// In `impl NAME { ... }`: the forward-mode entry that other functions call.
    pub jvp_entry: TokenStream,
    /// In `impl NAME { ... }`: the forward-over-reverse entry that other functions'
    /// `NAME_hvp` call.
    pub hvp_entry: TokenStream,
}

/// For a body with slots (branches and loops), which give their adjoints back to the
/// workspace: the traits that recycling calls on them.
fn recycling_imports(body: &Body) -> Option<TokenStream> {
    body.has_regions().then(|| {
        let p = private();
        quote!(#[allow(unused_imports)] use #p::{ViaDrop as _, ViaRecycle as _};)
    })
}

/// The pieces of a generated function's signature.
pub struct Header<'a> {
    pub vis: &'a syn::Visibility,
    pub name: &'a Ident,
    pub generics: &'a syn::Generics,
    pub inputs: Vec<TokenStream>,
}

/// The gradient type: one tangent, or a tuple of them in signature order.
pub fn gradient_type(sig: &Signature, body_params: &[crate::ir::Param]) -> TokenStream {
    let tangents: Vec<&Type> = sig
        .wrt
        .iter()
        .map(|&i| {
            &body_params[i]
                .differentiable
                .as_ref()
                .expect("wrt parameters are differentiable")
                .1
        })
        .collect();
    match tangents.as_slice() {
        [one] => quote!(#one),
        many => quote!((#(#many),*)),
    }
}

/// Where each differentiated parameter's gradient lives in `NAME_grad_into`'s `grads`: the
/// whole of it for one parameter, its field of the tuple for several.
pub fn into_targets(sig: &Signature, grads: &Ident) -> Vec<TokenStream> {
    match sig.wrt.len() {
        1 => vec![quote!(*#grads)],
        n => (0..n)
            .map(|k| {
                let k = syn::Index::from(k);
                quote!(#grads.#k)
            })
            .collect(),
    }
}

/// The names `NAME_grad_into_with` gives its own parameters.
pub struct IntoNames {
    pub grads: Ident,
    pub workspace: Ident,
    pub hook: Ident,
}

impl IntoNames {
    /// Hygienic names: a user's parameter called `grads` must not collide with these.
    pub fn hygienic() -> Self {
        IntoNames {
            grads: Ident::new("grads", Span::mixed_site()),
            workspace: Ident::new("workspace", Span::mixed_site()),
            hook: Ident::new("hook", Span::mixed_site()),
        }
    }
}

/// `NAME_grad_into_with(args…, grads, workspace, hook) -> output` around `body`, which computes
/// the output and adds the gradient into `grads` while the workspace is installed, telling
/// `hook` which parts of `grads` are final; and `NAME_grad_into(args…, grads, workspace)`, which
/// calls it with the hook that observes nothing.
pub fn grad_into_items(
    header: &Header,
    sig: &Signature,
    names: &IntoNames,
    body: TokenStream,
) -> (TokenStream, TokenStream) {
    let p = private();
    let IntoNames {
        grads,
        workspace,
        hook,
    } = names;
    let (vis, generics, inputs) = (header.vis, header.generics, &header.inputs);
    let where_clause = sig.grad_where_clause(generics);
    let output = &sig.returned;
    let gradient = gradient_type(sig, &sig.params);
    let name = format_ident!("{}_grad_into", header.name);
    let with_name = format_ident!("{}_grad_into_with", header.name);
    let installed = Ident::new("installed", Span::mixed_site());
    let checks = gradient_checks(header.name, sig, grads);
    let with = quote! {
        #[inline]
        #vis fn #with_name #generics (#(#inputs,)* #grads: &mut #gradient, #workspace: &mut ::adjoint::Workspace, #hook: &mut impl ::adjoint::GradientHook) -> #output #where_clause {
            #[allow(unused_imports)]
            use #p::{ViaDrop as _, ViaRecycle as _};
            #checks
            let #installed = #p::install(#workspace);
            #body
        }
    };
    let args = sig
        .params
        .iter()
        .filter(|param| param.ident != "self")
        .map(|param| &param.ident);
    let call = if sig.method {
        quote!(self.#with_name(#(#args,)* #grads, #workspace, &mut ()))
    } else {
        quote!(#with_name(#(#args,)* #grads, #workspace, &mut ()))
    };
    let plain = quote! {
        #[inline]
        #vis fn #name #generics (#(#inputs,)* #grads: &mut #gradient, #workspace: &mut ::adjoint::Workspace) -> #output #where_clause {
            #call
        }
    };
    (with, plain)
}

/// The body of a `NAME_grad_into` that runs `fused`, a block evaluating to `(value, gradient)`
/// like `NAME_grad`'s, adds the gradient into `grads`, and tells `hook` that each differentiated
/// argument's gradient is final.
pub fn add_whole_gradient(sig: &Signature, names: &IntoNames, fused: TokenStream) -> TokenStream {
    let IntoNames { grads, hook, .. } = names;
    let p = private();
    let value = Ident::new("value", Span::mixed_site());
    let gradient = Ident::new("gradient", Span::mixed_site());
    let adds = into_targets(sig, grads)
        .into_iter()
        .enumerate()
        .map(|(k, target)| {
            let part = if sig.wrt.len() == 1 {
                quote!(#gradient)
            } else {
                let k = syn::Index::from(k);
                quote!(#gradient.#k)
            };
            quote!(#p::accumulate(&mut #target, #part); #hook.part_final(&#target);)
        });
    quote!({ let (#value, #gradient) = #fused; #(#adds)* #value })
}

/// Generates `NAME_grad`, `NAME_grad_into`, `NAME_vjp` and the forward/pullback pair.
pub fn generate(header: &Header, sig: &Signature, body: &Body) -> Generated {
    let p = private();
    let output = &sig.output;
    let returned = &sig.returned;
    let gradient = gradient_type(sig, &body.params);
    let inputs = &header.inputs;
    let generics = header.generics;
    let where_clause = &generics.where_clause;
    let vis = header.vis;
    let items = &body.items;

    let cotangent = cotangent_ident(&body.params);
    let fused = |seed: Seed| {
        let check = match &seed {
            Seed::Cotangent(cotangent) => Some(cotangent.clone()),
            Seed::One | Seed::Pullback(_) => None,
        };
        let mut emitter = Emitter::new(
            body,
            sig,
            plan(body, &sig.wrt),
            seed,
            None,
            body.names.clone(),
            None,
        );
        let forward = emitter.forward();
        let check = check.map(|cotangent| {
            cotangent_check(header.name, sig, &emitter.output_value(), &cotangent)
        });
        let backward = emitter.backward();
        let grads: Vec<TokenStream> = sig.wrt.iter().map(|&i| emitter.param_adjoint(i)).collect();
        let grads = match grads.as_slice() {
            [one] => quote!(#one),
            many => quote!((#(#many),*)),
        };
        let value = emitter.returned_value();
        let recycling = recycling_imports(body);
        quote!({ #recycling #(#items)* #forward #check #backward (#value, #grads) })
    };

    let grad = sig.has_grad().then(|| {
        let name = format_ident!("{}_grad", header.name);
        let body = fused(Seed::One);
        let where_clause = sig.grad_where_clause(generics);
        quote!(#[inline] #vis fn #name #generics (#(#inputs),*) -> (#returned, #gradient) #where_clause #body)
    });

    let grad_into = sig.has_grad().then(|| {
        let mut names = body.names.clone();
        let into_names = IntoNames {
            grads: names.fresh("grads", Span::call_site()),
            workspace: names.fresh("workspace", Span::call_site()),
            hook: names.fresh("hook", Span::call_site()),
        };
        let body_tokens = if body.has_regions() {
            // Loops and branches keep their records in `Vec`s and `Option`s: the fused body as
            // `NAME_grad` runs it, then its gradient added into the caller's.
            add_whole_gradient(sig, &into_names, fused(Seed::One))
        } else {
            let targets = sig
                .wrt
                .iter()
                .zip(into_targets(sig, &into_names.grads))
                .map(|(&i, target)| {
                    let (id, _) = body.params[i]
                        .differentiable
                        .as_ref()
                        .expect("wrt parameters are differentiable");
                    (*id, target)
                })
                .collect();
            let mut emitter = Emitter::new(
                body,
                sig,
                plan(body, &sig.wrt),
                Seed::One,
                None,
                names,
                Some(IntoGrads {
                    targets,
                    by_reference: std::collections::HashSet::new(),
                    released: std::collections::HashSet::new(),
                    hook: into_names.hook.clone(),
                    reported_by_part: std::collections::HashSet::new(),
                    added: std::collections::HashSet::new(),
                }),
            );
            let forward = emitter.forward();
            let backward = emitter.backward();
            let adds: Vec<TokenStream> = sig.wrt.iter().map(|&i| emitter.param_into(i)).collect();
            let leftovers = emitter.recycle_leftovers();
            let value = emitter.returned_value();
            quote!({ #(#items)* #forward #backward #(#adds)* #leftovers #value })
        };
        grad_into_items(header, sig, &into_names, body_tokens)
    });

    let vjp = {
        let name = format_ident!("{}_vjp", header.name);
        let body = fused(Seed::Cotangent(cotangent.clone()));
        quote!(#[inline] #vis fn #name #generics (#(#inputs,)* #cotangent: &#output) -> (#returned, #gradient) #where_clause #body)
    };

    // The pullback differentiates every parameter that can carry a derivative, whatever `wrt`
    // says: a caller may differentiate through any of them.
    let all = body.differentiable_params();
    let mut names = body.names.clone();
    let needs = names.fresh("needs", Span::call_site());
    let g = names.fresh("g", Span::call_site());
    let out_param = names.fresh("out", Span::call_site());
    let pullback_name = names.fresh("pullback", Span::call_site());
    let mut emitter = Emitter::new(
        body,
        sig,
        plan(body, &all),
        Seed::Pullback(g.clone()),
        Some(needs.clone()),
        names,
        None,
    );
    let forward = emitter.forward();
    let rematerialized = rematerialize(&emitter);
    let backward = emitter.backward();
    let results: Vec<TokenStream> = body
        .params
        .iter()
        .enumerate()
        .map(|(i, param)| {
            if param.differentiable.is_some() {
                emitter.param_adjoint(i)
            } else {
                quote!(())
            }
        })
        .collect();
    let PullbackParts {
        arg_types,
        result_types,
        output_erased,
        tangent_out,
        count,
        pullback_type,
        forward_name,
    } = pullback_parts(header, sig, &body.params);
    let param_idents: Vec<&Ident> = body.params.iter().map(|p| &p.closure_ident).collect();
    let copies = body.params.iter().filter(|p| p.copy).map(|p| {
        let name = &p.closure_ident;
        quote!(let #name = *#name;)
    });
    let output_binding = match &body.output {
        Operand::Value(id) => {
            let name = &body.values[id.0].name;
            quote!(let #name = #out_param;)
        }
        _ => quote!(),
    };
    let value = emitter.output_value();
    let (closure_recycles, forward_recycles) = if body.has_regions() {
        (TokenStream::new(), TokenStream::new())
    } else {
        emitter.pullback_recycles()
    };
    let remade = emitter.remake_places_read_by(&quote!(#rematerialized #backward));
    let forward_fn = quote! {
        #[doc(hidden)]
        #[inline]
        #vis fn #forward_name #generics (#(#inputs),*) -> (#output, #pullback_type) #where_clause {
            #[allow(unused_imports)]
            use #p::{ViaDrop as _, ViaRecycle as _};
            #(#items)*
            #forward
            let #pullback_name = #p::Pullback(move |(#(#param_idents,)*): (#(&#arg_types,)*), #out_param: &#output_erased, #g: &#tangent_out, #needs: [bool; #count]| -> (#(#result_types,)*) {
                #(#copies)*
                #output_binding
                #remade
                #rematerialized
                #backward
                #closure_recycles
                (#(#results,)*)
            });
            #forward_recycles
            (#value, #pullback_name)
        }
    };
    let (jvp, jvp_entry) = tangents::generate_jvp(header, sig, body);
    Generated {
        grad,
        grad_into,
        vjp,
        jvp: Some(jvp),
        hvp: hvp::generate_hvp(header, sig, body),
        forward: forward_fn,
        jvp_entry,
        hvp_entry: hvp::generate_hvp_entry(header, sig, body),
    }
}

/// `NAME_vjp`'s check that the caller's cotangent is shaped like the output, before anything
/// reads it: a product's rules would otherwise meet operands that do not fit.
pub fn cotangent_check(
    name: &Ident,
    sig: &Signature,
    value: &TokenStream,
    cotangent: &Ident,
) -> TokenStream {
    let p = private();
    let output = &sig.output;
    let function = format!("{name}_vjp");
    let tangent_name = cotangent.to_string();
    let value_name = format!("{name}(..)");
    let call = at_users_token(
        quote!(#p::check_tangent::<#output>(#function, #tangent_name, #value_name, &#value, #cotangent)),
        name.span(),
    );
    quote!(#call;)
}

/// `NAME_grad_into`'s checks that the caller's gradients are shaped like the parameters they
/// belong to, before anything is added into them.
fn gradient_checks(name: &Ident, sig: &Signature, grads: &Ident) -> TokenStream {
    let p = private();
    let function = format!("{name}_grad_into");
    let targets = into_targets(sig, grads);
    let checks = sig.wrt.iter().zip(targets).enumerate().map(|(k, (&i, target))| {
        let param = &sig.params[i];
        let value = &param.ident;
        let value_name = value.to_string();
        let tangent_name = if sig.wrt.len() == 1 {
            grads.to_string()
        } else {
            format!("{grads}.{k}")
        };
        let ty = &param.ty;
        let call = at_users_token(
            quote!(#p::check_tangent::<#ty>(#function, #tangent_name, #value_name, &#value, &#target)),
            name.span(),
        );
        quote!(#call;)
    });
    quote!(#(#checks)*)
}

/// The name of `NAME_vjp`'s cotangent parameter, unlike every parameter's.
pub fn cotangent_ident(params: &[crate::ir::Param]) -> Ident {
    let mut name = String::from("cotangent");
    while params.iter().any(|p| p.ident == name) {
        name.push('_');
    }
    Ident::new(&name, Span::call_site())
}

/// The types a forward pass and its pullback are declared with.
pub struct PullbackParts {
    /// Each parameter's type, with lifetimes left to the pullback's caller.
    pub arg_types: Vec<Type>,
    /// Each parameter's result in the pullback: `Option<tangent>`, or `()` if never differentiated.
    pub result_types: Vec<TokenStream>,
    /// The output type.
    pub output_erased: Type,
    /// The output's tangent type.
    pub tangent_out: Type,
    /// The number of parameters.
    pub count: usize,
    /// `Pullback<impl FnOnce(...) -> (...) + use<...>>`.
    pub pullback_type: TokenStream,
    /// `__adjoint_forward`, or `__adjoint_forward_NAME` for a method.
    pub forward_name: TokenStream,
}

/// The declared types of a forward pass and its pullback.
pub fn pullback_parts(
    header: &Header,
    sig: &Signature,
    params: &[crate::ir::Param],
) -> PullbackParts {
    let p = private();
    let result_types: Vec<TokenStream> = params
        .iter()
        .map(|param| match &param.differentiable {
            Some((_, tangent)) => {
                let tangent = erase_lifetimes(tangent);
                quote!(::core::option::Option<#tangent>)
            }
            None => quote!(()),
        })
        .collect();
    let arg_types: Vec<Type> = params.iter().map(|p| erase_lifetimes(&p.ty)).collect();
    let output_erased = erase_lifetimes(&sig.output);
    let tangent_out = crate::types::tangent(&sig.output).unwrap_or_else(|_| sig.output.clone());
    let tangent_out = erase_lifetimes(&tangent_out);
    let count = params.len();
    let own = header
        .generics
        .params
        .iter()
        .filter_map(|param| match param {
            syn::GenericParam::Type(t) => Some(&t.ident),
            syn::GenericParam::Const(c) => Some(&c.ident),
            syn::GenericParam::Lifetime(_) => None,
        });
    let captures = sig.impl_generics.iter().chain(own);
    let pullback_type = quote! {
        #p::Pullback<impl ::core::ops::FnOnce((#(&#arg_types,)*), &#output_erased, &#tangent_out, [bool; #count]) -> (#(#result_types,)*) + use<#(#captures),*>>
    };
    let forward_name = if sig.method {
        forward_method(header.name)
    } else {
        quote!(__adjoint_forward)
    };
    PullbackParts {
        arg_types,
        result_types,
        output_erased,
        tangent_out,
        count,
        pullback_type,
        forward_name,
    }
}

/// Views borrow what they look at, so a pullback recomputes the views its backward reads
/// instead of keeping them.
fn rematerialize(emitter: &Emitter) -> TokenStream {
    let mut tokens = TokenStream::new();
    let top: Vec<&Stmt> = if emitter.body.has_regions() {
        emitter
            .body
            .top
            .iter()
            .map(|&i| &emitter.body.stmts[i])
            .collect()
    } else {
        emitter.body.stmts.iter().collect()
    };
    for stmt in top {
        if let Stmt::Prim {
            out,
            prim,
            inputs,
            consts,
            span,
        } = stmt
        {
            if is_view(emitter.body, *out)
                && (emitter.plan.active[out.0] || used_by_active(emitter, *out))
            {
                let name = emitter.name(*out);
                let call = prim.forward(&emitter.input_refs(inputs, Context::Backward), consts);
                let call = at_users_token(call, *span);
                tokens.extend(quote_spanned!(*span=> let #name = #call;));
            }
        }
    }
    tokens
}

/// Whether an active statement reads value `id` in its backward rules.
fn used_by_active(emitter: &Emitter, id: ValueId) -> bool {
    emitter.body.stmts.iter().any(|stmt| {
        output_of(stmt).is_some_and(|out| emitter.plan.active[out.0])
            && crate::reverse::operands(stmt)
                .iter()
                .any(|o| matches!(o, Operand::Value(v) if *v == id))
    })
}

//! Printing an adjoint program ([`crate::adjoint::Program`]): the one backward emitter, for
//! straight-line code and for branches and loops alike.
//!
//! A local adjoint is a plain variable, declared by its first contribution; a slot is an
//! `Option` that contributions add into and that the rule reading it takes, so that the rule
//! runs only when an adjoint arrived.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::Ident;

use super::hvp::FlowEnd;
use super::{
    Context, Emitter, Seed, at_users_token, call_at_users_token, private, recycle,
    unless_constant_field,
};
use crate::adjoint::{self, AdjLoop, AdjStmt, Contribution, PartWrite, SeedKind, Storage};
use crate::ir::{Carried, Operand, Stmt, ValueDef, ValueId};
use crate::reverse::{merged_value, output_of, value_of};

fn none() -> TokenStream {
    quote!(::core::option::Option::None)
}

/// A contribution as the rule computes it.
pub(super) enum Contributed {
    /// The adjoint itself.
    Value(TokenStream),
    /// An `Option` of it (what a call's pullback gives back).
    Optional(TokenStream),
}

/// How a rule reads its output's adjoint.
struct Incoming {
    /// A reference to it.
    by_ref: TokenStream,
    /// It by value, if the rule may take it over.
    owned: Option<TokenStream>,
    /// For a slot: the binding and the slot, the rule running only if it holds an adjoint.
    taken: Option<(Ident, Ident)>,
}

impl Emitter<'_> {
    /// The backward sweep: the adjoint program of the body, printed.
    pub(super) fn backward(&mut self) -> TokenStream {
        let seed = match self.seed {
            Seed::One => SeedKind::One,
            Seed::Cotangent(_) | Seed::Pullback(_) => SeedKind::Given,
        };
        let program = adjoint::transform(self.body, &self.plan, seed, self.is_pullback());
        if let Some(into) = &mut self.into {
            into.reported_by_part = into
                .targets
                .keys()
                .copied()
                .filter(|root| program.unfilled.contains(root))
                .collect();
        }
        let stmts = program.stmts.clone();
        self.program = Some(program);
        let rules = stmts
            .iter()
            .filter(|s| matches!(s, AdjStmt::Rule { .. }))
            .count();
        let mut tokens = self.declare_adjoint_tangents();
        let mut rules_done = 0;
        for stmt in &stmts {
            tokens.extend(self.adjoint_stmt(stmt));
            let AdjStmt::Rule {
                stmt,
                contributions,
                ..
            } = stmt
            else {
                continue;
            };
            rules_done += 1;
            if self.into.is_some() {
                tokens.extend(self.report_final_part(*stmt, contributions));
                // A parameter's adjoint that has all its contributions goes to the caller now.
                for c in contributions {
                    let complete = self.declared.get(&c.target).copied()
                        == Some(self.plan.contributions[c.target.0]);
                    let whole = self.into.as_ref().is_some_and(|into| {
                        into.targets.contains_key(&c.target)
                            && !into.by_reference.contains(&c.target)
                    });
                    if complete && whole {
                        tokens.extend(self.add_param_adjoint(c.target));
                    }
                }
                if rules_done < rules {
                    let hook = &self.into.as_ref().expect("checked above").hook;
                    tokens.extend(quote!(#hook.progress();));
                }
            }
        }
        tokens
    }

    fn storage_of(&self, id: ValueId) -> Option<Storage> {
        self.program
            .as_ref()
            .expect("the adjoint program is made before it is printed")
            .storage_of(id)
    }

    /// The caller's cotangent (or the pullback's `g`), a reference.
    fn given(&self) -> TokenStream {
        match &self.seed {
            Seed::Cotangent(name) | Seed::Pullback(name) => quote!(#name),
            Seed::One => unreachable!("only a given seed is read as given"),
        }
    }

    /// The name of `id`'s adjoint, made at first use.
    fn adjoint_name(&mut self, id: ValueId) -> Ident {
        if let Some(name) = self.adjoints.get(&id) {
            return name.clone();
        }
        let name = self
            .names
            .fresh(&format!("d_{}", self.name(id)), Span::call_site());
        self.adjoints.insert(id, name.clone());
        name
    }

    fn adjoint_stmt(&mut self, stmt: &AdjStmt) -> TokenStream {
        match stmt {
            AdjStmt::Seed(out) => self.seed_stmt(*out),
            AdjStmt::Declare(values) => {
                let mut tokens = TokenStream::new();
                for &id in values {
                    let slot = self.adjoint_name(id);
                    let none = none();
                    tokens.extend(quote!(let mut #slot = #none;));
                }
                tokens
            }
            AdjStmt::Rule {
                stmt,
                contributions,
                take_over,
                write,
            } => self.rule(*stmt, contributions, *take_over, *write),
            AdjStmt::Flow { from, into } => {
                let mut tokens = self.flow_tangent(FlowEnd::Value(*from), FlowEnd::Value(*into));
                let taken = self.take_adjoint(*from);
                tokens.extend(self.add_optional(*into, taken));
                tokens
            }
            AdjStmt::Branch { stmt, arms } => self.backward_branch(*stmt, arms),
            AdjStmt::Loop(looped) => self.backward_loop(looped),
        }
    }

    /// The output's adjoint: one, or the caller's cotangent.
    fn seed_stmt(&mut self, out: ValueId) -> TokenStream {
        let mut tokens = self.seed_adjoint(out);
        tokens.extend(self.seed_tangent(out));
        tokens
    }

    fn seed_adjoint(&mut self, out: ValueId) -> TokenStream {
        let p = private();
        let ty = &self.sig.output;
        match self.storage_of(out) {
            Some(Storage::Local) => {
                let name = self.adjoint_name(out);
                quote!(let #name: #ty = #p::one();)
            }
            Some(Storage::Slot) => {
                let name = self.adjoint_name(out);
                let seed = match self.seed {
                    Seed::One => quote!(#p::one()),
                    Seed::Cotangent(_) | Seed::Pullback(_) => {
                        let given = self.given();
                        quote!(::core::clone::Clone::clone(#given))
                    }
                };
                quote!(let mut #name = ::core::option::Option::Some::<#ty>(#seed);)
            }
            Some(Storage::Given) | None => TokenStream::new(),
        }
    }

    /// `id`'s adjoint as an `Option` of it, moved out of where it lives.
    fn take_adjoint(&mut self, id: ValueId) -> TokenStream {
        match self.storage_of(id) {
            Some(Storage::Slot) => {
                let slot = self.adjoint_name(id);
                quote!(#slot.take())
            }
            Some(Storage::Local) => {
                let name = self.adjoint_name(id);
                self.moved.insert(id);
                quote!(::core::option::Option::Some(#name))
            }
            Some(Storage::Given) => {
                let given = self.given();
                quote!(::core::option::Option::Some(::core::clone::Clone::clone(#given)))
            }
            None => none(),
        }
    }

    /// `accumulate_optional(&mut d_target, contribution);` into a slot.
    fn add_optional(&mut self, target: ValueId, contribution: TokenStream) -> TokenStream {
        let p = private();
        let slot = self.adjoint_name(target);
        quote!(#p::accumulate_optional(&mut #slot, #contribution);)
    }

    /// Adds a contribution into its target's adjoint: declares a local at its first
    /// contribution, adds into a slot (in a pullback, only if the caller asks for it).
    pub(super) fn contribute(&mut self, c: &Contribution, value: Contributed) -> TokenStream {
        let p = private();
        *self.declared.entry(c.target).or_insert(0) += 1;
        match self.storage_of(c.target) {
            Some(Storage::Local) => {
                let value = match value {
                    Contributed::Value(value) => value,
                    Contributed::Optional(value) => quote!(#p::needed(#value)),
                };
                let name = self.adjoint_name(c.target);
                if c.first {
                    let mutable = (self.plan.contributions[c.target.0] > 1).then(|| quote!(mut));
                    quote!(let #mutable #name = #value;)
                } else if self
                    .into
                    .as_ref()
                    .is_some_and(|into| into.by_reference.contains(&c.target))
                {
                    quote!(#p::accumulate(&mut *#name, #value);)
                } else {
                    quote!(#p::accumulate(&mut #name, #value);)
                }
            }
            Some(Storage::Slot) => {
                let value = match value {
                    Contributed::Optional(value) => value,
                    Contributed::Value(value) if self.is_pullback() => {
                        let guard = self.guard(c.target);
                        quote!(if #guard { ::core::option::Option::Some(#value) } else { ::core::option::Option::None })
                    }
                    Contributed::Value(value) => quote!(::core::option::Option::Some(#value)),
                };
                self.add_optional(c.target, value)
            }
            Some(Storage::Given) | None => TokenStream::new(),
        }
    }

    /// How the rules of a statement read its output's adjoint.
    fn incoming(&mut self, out: ValueId, take_over: bool) -> Incoming {
        match self.storage_of(out) {
            Some(Storage::Local) => {
                let name = self.adjoint_name(out);
                Incoming {
                    by_ref: quote!(&#name),
                    owned: take_over.then(|| quote!(#name)),
                    taken: None,
                }
            }
            Some(Storage::Slot) => {
                let slot = self.adjoint_name(out);
                let g = self
                    .names
                    .fresh(&format!("g_{}", self.name(out)), Span::call_site());
                Incoming {
                    by_ref: quote!(&#g),
                    owned: take_over.then(|| quote!(#g)),
                    taken: Some((g, slot)),
                }
            }
            Some(Storage::Given) | None => Incoming {
                by_ref: self.given(),
                owned: None,
                taken: None,
            },
        }
    }

    /// The derivative rules of one primitive, call or part.
    fn rule(
        &mut self,
        index: usize,
        contributions: &[Contribution],
        take_over: bool,
        write: PartWrite,
    ) -> TokenStream {
        let p = private();
        let body = self.body;
        let stmt = &body.stmts[index];
        let out = output_of(stmt).expect("rules run statements that define a value");
        let incoming = self.incoming(out, take_over);
        let y = match stmt {
            Stmt::Prim { prim, .. } => self.backward_output_ref(*prim, out),
            _ => self.value_ref(out, Context::Backward),
        };
        let g = &incoming.by_ref;
        let mut tokens = TokenStream::new();
        // Whether the rules took the adjoint they read over.
        let mut consumed = false;
        match stmt {
            Stmt::Prim {
                prim,
                inputs,
                consts,
                span,
                ..
            } => {
                let refs = self.backward_input_refs(*prim, inputs);
                // A part of an array (`xs.row(t)` in a loop) adds into the array's slot in place.
                if let ([c], Some(Operand::Value(_))) = (contributions, inputs.first()) {
                    if c.operand == 0 && self.storage_of(c.target) == Some(Storage::Slot) {
                        let source = self.value_ref(c.target, Context::Backward);
                        let slot = self.adjoint_name(c.target);
                        let total = quote!(#p::adjoint_slot(&mut #slot, #source));
                        if let Some(add) = prim.add_part(&total, g, consts) {
                            let add = at_users_token(add, *span);
                            tokens.extend(self.add_part_tangent(*prim, out, c.target, consts));
                            tokens.extend(if self.is_pullback() {
                                let guard = self.guard(c.target);
                                quote!(if #guard { #add; })
                            } else {
                                quote!(#add;)
                            });
                            return self.wrap(incoming, tokens, false);
                        }
                    }
                }
                tokens.extend(self.contribution_tangents(index, contributions, g));
                // A rule that gives several operands' adjoints in one pass runs once.
                let needs: Vec<bool> = (0..inputs.len())
                    .map(|k| contributions.iter().any(|c| c.operand == k))
                    .collect();
                if let Some(joint) = prim.vjp_joint(&needs, g, &refs, consts) {
                    let grads = self
                        .names
                        .fresh(&format!("grads_{}", self.name(out)), Span::call_site());
                    let joint = at_users_token(joint, *span);
                    tokens.extend(quote!(let mut #grads = #joint;));
                    for c in contributions {
                        let adjoint = prim.joint_adjoint(&quote!(#grads), c.operand);
                        tokens.extend(self.contribute(c, Contributed::Optional(adjoint)));
                    }
                    return self.wrap(incoming, tokens, false);
                }
                let last = contributions.len().saturating_sub(1);
                // A write into part of an array gives the array's adjoint the output's own
                // memory: that contribution comes last, once the written value's has read its
                // part.
                let mut ordered: Vec<&Contribution> = contributions.iter().collect();
                if prim.writes_into_part().is_some() {
                    ordered.sort_by_key(|c| std::cmp::Reverse(c.operand));
                }
                for (i, c) in ordered.into_iter().enumerate() {
                    // The last rule to read the output's adjoint may take it over.
                    let owned = incoming
                        .owned
                        .as_ref()
                        .filter(|_| i == last)
                        .and_then(|owned| prim.vjp_owned(c.operand, owned, &refs, consts, &y));
                    if owned.is_some() {
                        consumed = true;
                        if self.storage_of(out) == Some(Storage::Local) {
                            self.moved.insert(out);
                        }
                    }
                    let vjp = owned.unwrap_or_else(|| prim.vjp(c.operand, g, &refs, consts, &y));
                    let vjp = at_users_token(vjp, *span);
                    tokens.extend(self.contribute(c, Contributed::Value(vjp)));
                }
            }
            Stmt::Call { args, span, .. } => {
                let pullback = self.pullbacks[&out].clone();
                let again: Vec<TokenStream> = args.iter().map(|a| self.pullback_arg(a)).collect();
                let targets: Vec<(usize, ValueId)> = contributions
                    .iter()
                    .map(|c| (c.operand, c.target))
                    .collect();
                let needs = self.call_needs(args.len(), &targets);
                let grads = self
                    .names
                    .fresh(&format!("grads_{}", self.name(out)), Span::call_site());
                tokens.extend(quote_spanned!(*span=> let #grads = #pullback.pullback((#(#again,)*), #y, #g, [#(#needs),*]);));
                for c in contributions {
                    let k = syn::Index::from(c.operand);
                    let adjoint =
                        call_at_users_token(quote!(#p::call_adjoint), quote!(#grads.#k), *span);
                    tokens.extend(self.contribute(c, Contributed::Optional(adjoint)));
                }
            }
            Stmt::CallTangent { .. } => tokens.extend(self.call_rules(index, contributions, g)),
            Stmt::Place {
                projection, fields, ..
            } => {
                let Some(c) = contributions.first() else {
                    return TokenStream::new();
                };
                let part = match (&incoming.owned, self.storage_of(out)) {
                    (Some(owned), Some(Storage::Local)) => {
                        self.moved.insert(out);
                        consumed = true;
                        owned.clone()
                    }
                    (Some(owned), _) => {
                        consumed = true;
                        owned.clone()
                    }
                    (None, _) => quote!(::core::clone::Clone::clone(#g)),
                };
                tokens.extend(self.part_tangent(c, out, projection, fields));
                tokens.extend(self.add_part(c, projection, fields, part, write));
            }
            _ => {}
        }
        self.wrap(incoming, tokens, consumed)
    }

    /// A rule that reads a slot runs only if an adjoint arrived in it; unless a rule took it
    /// over, the adjoint goes back to the workspace after the rules.
    fn wrap(&self, incoming: Incoming, inner: TokenStream, consumed: bool) -> TokenStream {
        match incoming.taken {
            Some((g, slot)) => {
                let back = (!consumed).then(|| recycle(&quote!(#g)));
                quote!(if let ::core::option::Option::Some(#g) = #slot.take() { #inner #back })
            }
            None => inner,
        }
    }

    /// Adds the adjoint of a part (`part`, by value) into the same part of the root's adjoint.
    /// A local root's adjoint starts as zeros shaped like the root (unfilled when every write
    /// replaces, the caller's gradient in `NAME_grad_into`); a slot is filled with zeros at its
    /// first write.
    fn add_part(
        &mut self,
        c: &Contribution,
        projection: &TokenStream,
        fields: &[(TokenStream, String)],
        part: TokenStream,
        write: PartWrite,
    ) -> TokenStream {
        let p = private();
        let root = c.target;
        let root_ref = self.value_ref(root, Context::Backward);
        *self.declared.entry(root).or_insert(0) += 1;
        let name = self.adjoint_name(root);
        let mut tokens = TokenStream::new();
        let slot = match self.storage_of(root) {
            Some(Storage::Local) => {
                if c.first {
                    let param = matches!(self.body.values[root.0].def, ValueDef::Param(_));
                    let unfilled = self
                        .program
                        .as_ref()
                        .is_some_and(|program| program.unfilled.contains(&root));
                    let target = self.into.as_mut().and_then(|into| {
                        let target = into.targets.get(&root)?.clone();
                        into.by_reference.insert(root);
                        Some(target)
                    });
                    tokens.extend(if let Some(target) = target {
                        // `NAME_grad_into`: every part is added straight into the caller's
                        // gradient.
                        quote!(let #name = &mut #target;)
                    } else if param && unfilled {
                        quote!(let mut #name = #p::unfilled_tangent(#root_ref);)
                    } else {
                        quote!(let mut #name = #p::zero_tangent(#root_ref);)
                    });
                }
                if self
                    .into
                    .as_ref()
                    .is_some_and(|into| into.by_reference.contains(&root))
                {
                    quote!((*#name))
                } else {
                    quote!(#name)
                }
            }
            Some(Storage::Slot) => quote!((*#p::adjoint_slot(&mut #name, #root_ref))),
            Some(Storage::Given) | None => return TokenStream::new(),
        };
        // The caller's gradient in `NAME_grad_into` is never zeros: there every write adds.
        let by_reference = self
            .into
            .as_ref()
            .is_some_and(|into| into.by_reference.contains(&root));
        let add = if write == PartWrite::Replace && !by_reference {
            quote!(#p::replace_part(&mut #slot #projection, #part);)
        } else {
            quote!(#p::accumulate(&mut #slot #projection, #part);)
        };
        tokens.extend(unless_constant_field(&slot, fields, add));
        tokens
    }

    /// `NAME_grad_into_with`: after a rule that wrote a part of the caller's gradient for the
    /// last time, tells the hook.
    fn report_final_part(&self, index: usize, contributions: &[Contribution]) -> TokenStream {
        let Some(into) = &self.into else {
            return TokenStream::new();
        };
        let Stmt::Place {
            projection, fields, ..
        } = &self.body.stmts[index]
        else {
            return TokenStream::new();
        };
        let Some(root) = contributions.first().map(|c| c.target) else {
            return TokenStream::new();
        };
        if !into.reported_by_part.contains(&root) || !into.by_reference.contains(&root) {
            return TokenStream::new();
        }
        let name = &self.adjoints[&root];
        let hook = &into.hook;
        let slot = quote!((*#name));
        // A field its struct marks constant is no part of the gradient's leaves.
        unless_constant_field(&slot, fields, quote!(#hook.part_final(&#slot #projection);))
    }

    /// Runs the backward pass of the arm that was taken.
    fn backward_branch(&mut self, index: usize, arms: &[Vec<AdjStmt>]) -> TokenStream {
        let body = self.body;
        let Stmt::Branch(branch) = &body.stmts[index] else {
            return TokenStream::new();
        };
        let Some(records) = self.regions.records.get(&index).cloned() else {
            return TokenStream::new();
        };
        let mut tokens = TokenStream::new();
        for (i, (arm, program)) in branch.arms.iter().zip(arms).enumerate() {
            let names = self.saved_names(index, i);
            let mut inner = self.remake_consts((index, i));
            inner.extend(self.rematerialize_views(&arm.body.stmts));
            for stmt in program {
                inner.extend(self.adjoint_stmt(stmt));
            }
            let i = syn::Index::from(i);
            tokens.extend(quote! {
                if let ::core::option::Option::Some((#(mut #names,)*)) = #records.#i { #inner }
            });
        }
        tokens
    }

    /// Pops the loop's records, last iteration first; each carried variable's adjoint flows from
    /// the end of an iteration to its head, and from the first head to the value before the loop.
    fn backward_loop(&mut self, looped: &AdjLoop) -> TokenStream {
        let p = private();
        let body = self.body;
        let index = looped.stmt;
        let Stmt::Loop(primal) = &body.stmts[index] else {
            return TokenStream::new();
        };
        let Some(stack) = self.regions.records.get(&index).cloned() else {
            return TokenStream::new();
        };
        let mut tokens = TokenStream::new();
        // Each carried adjoint, with its tangent's name in `NAME_hvp`.
        let mut carries: Vec<(&Carried, Ident, Option<Ident>)> = Vec::new();
        for &i in &looped.carried {
            let carried = &primal.carried[i];
            let carry = self.names.fresh("d_carry", primal.span);
            let (tangent, declare) = self.carry_tangent(primal.span);
            tokens.extend(declare);
            let init = match merged_value(&carried.out).filter(|&id| self.plan.active[id.0]) {
                Some(out) => {
                    let to = FlowEnd::Carry(tangent.as_ref());
                    tokens.extend(self.flow_tangent(FlowEnd::Value(out), to));
                    self.take_adjoint(out)
                }
                None => none(),
            };
            tokens.extend(quote!(let mut #carry = #init;));
            carries.push((carried, carry, tangent));
        }
        let seed = |this: &mut Self, pick: fn(&Carried) -> &Operand| {
            let mut tokens = TokenStream::new();
            for (carried, carry, tangent) in &carries {
                if let Some(id) = value_of(pick(carried)).filter(|&id| this.plan.active[id.0]) {
                    let from = FlowEnd::Carry(tangent.as_ref());
                    tokens.extend(this.flow_tangent(from, FlowEnd::Value(id)));
                    tokens.extend(this.add_optional(id, quote!(#carry.take())));
                }
            }
            tokens
        };
        let print = |this: &mut Self, stmts: &[AdjStmt]| -> TokenStream {
            stmts.iter().map(|s| this.adjoint_stmt(s)).collect()
        };
        let before_names = self.saved_names(index, 0);
        let record = self.names.fresh("record", primal.span);
        let mut iteration = TokenStream::new();
        let mut declare = self.remake_consts((index, 0));
        let (before_declares, before_rest) = split_declare(&looped.before);
        declare.extend(print(self, before_declares));
        let views = self.rematerialize_views(&primal.before.stmts);
        if primal.exit.is_some() {
            let after_names = self.saved_names(index, 1);
            let rest = self.names.fresh("rest", primal.span);
            let (after_declares, after_rest) = split_declare(&looped.after);
            let mut after = self.remake_consts((index, 1));
            after.extend(print(self, after_declares));
            after.extend(self.rematerialize_views(&primal.after.stmts));
            after.extend(seed(self, |c| &c.next));
            after.extend(print(self, after_rest));
            let at_exit = seed(self, |c| &c.at_exit);
            iteration.extend(quote! {
                let ((#(mut #before_names,)*), #rest) = #record;
                #declare
                #views
                match #rest {
                    ::core::option::Option::Some((#(mut #after_names,)*)) => { #after }
                    ::core::option::Option::None => { #at_exit }
                }
            });
        } else {
            let next = seed(self, |c| &c.next);
            iteration.extend(quote! {
                let (#(mut #before_names,)*) = #record;
                #declare
                #views
                #next
            });
        }
        iteration.extend(print(self, before_rest));
        for (carried, carry, tangent) in &carries {
            let head = merged_value(&carried.head).filter(|&id| self.plan.active[id.0]);
            iteration.extend(match head {
                Some(head) => {
                    let to = FlowEnd::Carry(tangent.as_ref());
                    let flow = self.flow_tangent(FlowEnd::Value(head), to);
                    let taken = self.take_adjoint(head);
                    quote!(#flow #carry = #taken;)
                }
                None => {
                    let none = none();
                    let tangent = tangent.as_ref().map(|t| quote!(#t = #none;));
                    quote!(#carry = #none; #tangent)
                }
            });
        }
        tokens.extend(quote! {
            while let ::core::option::Option::Some(#record) = #stack.pop() { #iteration }
        });
        for (carried, carry, tangent) in &carries {
            if let Some(init) = value_of(&carried.init).filter(|&id| self.plan.active[id.0]) {
                let from = FlowEnd::Carry(tangent.as_ref());
                tokens.extend(self.flow_tangent(from, FlowEnd::Value(init)));
                let slot = self.adjoint_name(init);
                tokens.extend(quote!(#p::accumulate_optional(&mut #slot, #carry);));
            }
        }
        tokens
    }

    /// The adjoint of parameter `index`: its accumulated adjoint, or zeros if nothing reached it
    /// (in a pullback, `None` unless the caller asks for it).
    pub(super) fn param_adjoint(&self, index: usize) -> TokenStream {
        let p = private();
        let Some((id, _)) = self.body.params[index].differentiable.as_ref() else {
            return quote!(());
        };
        let value = self.value_ref(*id, Context::Backward);
        let storage = self
            .program
            .as_ref()
            .and_then(|program| program.storage_of(*id));
        let adjoint = self.adjoints.get(id);
        let optional = match (storage, adjoint) {
            (Some(Storage::Local), Some(name)) => {
                let unfilled = self
                    .program
                    .as_ref()
                    .is_some_and(|program| program.unfilled.contains(id));
                let whole = if unfilled {
                    quote!(#p::fill_unwritten(#name, #value))
                } else {
                    quote!(#name)
                };
                if self.needs.is_none() {
                    return whole;
                }
                quote!(::core::option::Option::Some(#whole))
            }
            (Some(Storage::Slot), Some(name)) => quote!(#name),
            (Some(Storage::Given), _) => {
                let given = self.given();
                quote!(::core::option::Option::Some(::core::clone::Clone::clone(#given)))
            }
            _ if self.needs.is_none() => return quote!(#p::zero_tangent(#value)),
            _ => none(),
        };
        match &self.needs {
            None => quote!(#p::needed(#p::finish(#optional, true, #value))),
            Some(needs) => quote!(#p::finish(#optional, #needs[#index], #value)),
        }
    }

    /// A pullback of straight-line code: what its closure gives back to the workspace at its
    /// end (the adjoints left, the values it captured), and what the forward pass gives back
    /// once the closure is made (the values the closure does not capture).
    pub(super) fn pullback_recycles(&self) -> (TokenStream, TokenStream) {
        let (mut closure, mut forward) = (TokenStream::new(), TokenStream::new());
        for (id, name) in self.adjoints_left() {
            if !matches!(self.body.values[id.0].def, ValueDef::Param(_)) {
                let given = Ident::new("given", Span::mixed_site());
                let back = recycle(&quote!(#given));
                closure
                    .extend(quote!(if let ::core::option::Option::Some(#given) = #name { #back }));
            }
        }
        let reads = self.backward_reads.borrow();
        for (id, name) in self.owned_values_last_first() {
            let back = recycle(&quote!(#name));
            if reads.contains(&id) {
                closure.extend(back);
            } else {
                forward.extend(back);
            }
        }
        (closure, forward)
    }
}

/// A sequence's leading `Declare`, and the rest.
fn split_declare(stmts: &[AdjStmt]) -> (&[AdjStmt], &[AdjStmt]) {
    let declares = stmts
        .iter()
        .take_while(|s| matches!(s, AdjStmt::Declare(_)))
        .count();
    stmts.split_at(declares)
}

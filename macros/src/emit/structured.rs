//! Functions with branches and loops. The forward pass runs the user's control flow and keeps,
//! for each taken arm and each loop iteration, a typed record of the values its backward pass
//! needs: an `Option` per arm, a tuple pushed on a `Vec` per loop. The backward pass replays the
//! records in reverse, and every adjoint is an `Option` declared where its value is defined, so
//! that code inside an arm or an iteration can add into the adjoints of the code around it.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::Ident;

use super::{Context, Emitter, Seed, private};
use crate::ir::{BranchHead, Carried, LoopHead, Merged, Operand, Segment, Stmt, ValueDef, ValueId};
use crate::reverse::{merged_value, operands, output_of, value_of};

/// What the forward pass of a function with regions keeps for its backward pass.
#[derive(Default)]
pub struct Regions {
    /// The local that holds an active region's records: a branch's `Option`s, a loop's stack.
    records: HashMap<usize, Ident>,
    /// The locals each segment keeps, by region statement and segment (arm, or loop part).
    saved: HashMap<(usize, usize), Vec<Ident>>,
    /// Which values the backward pass reads.
    needed: Vec<bool>,
    /// The constant bindings each segment's backward pass makes again instead of keeping.
    remade: HashMap<(usize, usize), Vec<usize>>,
    /// The names of constants the backward pass reads.
    read_by_backward: HashSet<String>,
}

fn none() -> TokenStream {
    quote!(::core::option::Option::None)
}

/// Every identifier in a token stream.
fn idents_in(tokens: &TokenStream, into: &mut HashSet<String>) {
    crate::parse::collect_idents(tokens.clone(), into);
}

impl Emitter<'_> {
    fn is_active(&self, id: ValueId) -> bool {
        self.plan.active[id.0]
    }

    fn is_step(&self, index: usize) -> bool {
        self.plan.steps.iter().any(|step| step.stmt == index)
    }

    /// A value that names (part of) another without a local of its own to keep.
    fn is_view_value(&self, id: ValueId) -> bool {
        match self.body.values[id.0].def {
            ValueDef::Stmt(index) => match &self.body.stmts[index] {
                Stmt::Prim { .. } => crate::reverse::is_view(self.body, id),
                Stmt::Place { .. } => true,
                _ => false,
            },
            _ => false,
        }
    }

    /// Which values the backward pass reads: the operands and outputs of its steps, and what
    /// the views among them look at.
    fn compute_needed(&self) -> Vec<bool> {
        let mut needed = vec![false; self.body.values.len()];
        for step in &self.plan.steps {
            let stmt = &self.body.stmts[step.stmt];
            for id in operands(stmt)
                .into_iter()
                .filter_map(value_of)
                .chain(output_of(stmt))
            {
                needed[id.0] = true;
            }
        }
        for stmt in self.body.stmts.iter().rev() {
            let view = match stmt {
                Stmt::Prim { out, .. } if crate::reverse::is_view(self.body, *out) => Some(*out),
                Stmt::Place { out, .. } => Some(*out),
                _ => None,
            };
            if view.is_some_and(|out| needed[out.0]) {
                for id in operands(stmt).into_iter().filter_map(value_of) {
                    needed[id.0] = true;
                }
            }
        }
        needed
    }

    fn carried_active(&self, carried: &Carried) -> bool {
        [&carried.head, &carried.out]
            .into_iter()
            .filter_map(merged_value)
            .any(|id| self.is_active(id))
    }

    /// Whether a statement takes part in the backward pass.
    fn stmt_active(&self, index: usize) -> bool {
        match &self.body.stmts[index] {
            Stmt::Branch(branch) => {
                branch
                    .outs
                    .iter()
                    .filter_map(merged_value)
                    .any(|id| self.is_active(id))
                    || branch
                        .arms
                        .iter()
                        .any(|arm| self.seq_active(&arm.body.stmts))
            }
            Stmt::Loop(looped) => {
                looped.carried.iter().any(|c| self.carried_active(c))
                    || self.seq_active(&looped.before.stmts)
                    || self.seq_active(&looped.after.stmts)
            }
            _ => self.is_step(index),
        }
    }

    fn seq_active(&self, seq: &[usize]) -> bool {
        seq.iter().any(|&index| self.stmt_active(index))
    }

    /// The values the statements of a sequence define (not those inside nested regions).
    fn defined_in(&self, seq: &[usize]) -> Vec<ValueId> {
        let mut defined = Vec::new();
        for &index in seq {
            match &self.body.stmts[index] {
                Stmt::Branch(branch) => defined.extend(branch.outs.iter().filter_map(merged_value)),
                Stmt::Loop(looped) => {
                    defined.extend(looped.carried.iter().filter_map(|c| merged_value(&c.out)))
                }
                stmt => defined.extend(output_of(stmt)),
            }
        }
        defined
    }

    /// The identifiers the backward pass of a sequence names in constants: indices, shapes.
    fn backward_names(&self, seq: &[usize], into: &mut HashSet<String>) {
        for &index in seq {
            let stmt = &self.body.stmts[index];
            let read = self.is_step(index)
                || output_of(stmt).is_some_and(|out| self.regions.needed[out.0]);
            match stmt {
                Stmt::Prim { inputs, consts, .. } if read => {
                    for tokens in consts {
                        idents_in(tokens, into);
                    }
                    for input in inputs {
                        if let Operand::Const(tokens) | Operand::Literal(tokens) = input {
                            idents_in(tokens, into);
                        }
                    }
                }
                Stmt::Call { args, .. } if read => {
                    for arg in args {
                        if let Operand::Const(tokens) | Operand::Literal(tokens) = &arg.operand {
                            idents_in(tokens, into);
                        }
                    }
                }
                Stmt::Place { projection, .. } if read => idents_in(projection, into),
                Stmt::Branch(branch) => {
                    for arm in &branch.arms {
                        self.backward_names(&arm.body.stmts, into);
                    }
                }
                Stmt::Loop(looped) => {
                    self.backward_names(&looped.before.stmts, into);
                    self.backward_names(&looped.after.stmts, into);
                }
                _ => {}
            }
        }
    }

    /// The locals a segment keeps for its backward pass, each with the expression that stores
    /// it: a move, or a copy when the value is also `moved_later` (into a result or a carry).
    fn segment_saves(
        &mut self,
        key: (usize, usize),
        segment: &Segment,
        heads: &[ValueId],
        moved_later: &HashSet<ValueId>,
        read_later: &[usize],
    ) -> Vec<(Ident, TokenStream)> {
        let p = private();
        let mut saves: Vec<(Ident, TokenStream)> = Vec::new();
        let mut values = heads.to_vec();
        values.extend(self.defined_in(&segment.stmts));
        for id in values {
            if !self.regions.needed[id.0] || self.is_view_value(id) {
                continue;
            }
            let name = self.name(id).clone();
            let store = if moved_later.contains(&id) {
                quote!(#p::pass(&#name))
            } else {
                quote!(#name)
            };
            saves.push((name, store));
        }
        for &index in &segment.stmts {
            let record = match &self.body.stmts[index] {
                Stmt::Call { out, .. } => self.pullbacks.get(out),
                Stmt::Branch(_) | Stmt::Loop(_) => self.regions.records.get(&index),
                _ => None,
            };
            if let Some(record) = record {
                saves.push((record.clone(), record.to_token_stream()));
            }
        }
        let mut names = HashSet::new();
        self.backward_names(&segment.stmts, &mut names);
        self.backward_names(read_later, &mut names);
        // A constant that names a place (`&m.layers[i]`) is made again from what it reads: kept,
        // it could borrow an argument, which a pullback cannot hold.
        let remade = self.places_to_remake(&segment.stmts, &mut names);
        let remade_names: HashSet<String> = remade
            .iter()
            .filter_map(|&index| match &self.body.stmts[index] {
                Stmt::Bind { pat, .. } => Some(pat.to_string()),
                _ => None,
            })
            .collect();
        self.regions.remade.insert(key, remade);
        for constant in &segment.consts {
            if names.contains(&constant.to_string())
                && !remade_names.contains(&constant.to_string())
            {
                saves.push((
                    constant.clone(),
                    quote!(::core::clone::Clone::clone(&#constant)),
                ));
            }
        }
        let mut seen = HashSet::new();
        saves.retain(|(name, _)| seen.insert(name.to_string()));
        saves
    }

    /// The constant bindings a segment's backward pass makes again (see `segment_saves`), with
    /// a method's `self` read through the pullback's name for it.
    fn remake_consts(&self, key: (usize, usize)) -> TokenStream {
        let indices = self.regions.remade.get(&key).cloned().unwrap_or_default();
        self.remake(&indices)
    }

    /// The `Bind` statements `indices` again, `self` read through the pullback's name for it.
    fn remake(&self, indices: &[usize]) -> TokenStream {
        let receiver = self
            .body
            .params
            .iter()
            .find(|p| p.ident == "self")
            .filter(|_| self.is_pullback())
            .map(|p| p.closure_ident.clone());
        let rename = |tokens: &TokenStream| -> TokenStream {
            fn walk(tokens: TokenStream, to: &Ident) -> TokenStream {
                tokens
                    .into_iter()
                    .map(|token| match token {
                        proc_macro2::TokenTree::Ident(ident) if ident == "self" => {
                            proc_macro2::TokenTree::Ident(to.clone())
                        }
                        proc_macro2::TokenTree::Group(group) => {
                            let mut inner = proc_macro2::Group::new(
                                group.delimiter(),
                                walk(group.stream(), to),
                            );
                            inner.set_span(group.span());
                            proc_macro2::TokenTree::Group(inner)
                        }
                        other => other,
                    })
                    .collect()
            }
            match &receiver {
                Some(to) => walk(tokens.clone(), to),
                None => tokens.clone(),
            }
        };
        let mut tokens = TokenStream::new();
        for &index in indices {
            if let Stmt::Bind { pat, expr } = &self.body.stmts[index] {
                let expr = rename(expr);
                tokens.extend(quote!(let #pat = #expr;));
            }
        }
        tokens
    }

    /// For the pullback of straight-line code: the constants that name a place (`let v =
    /// m.s.slice(..)`) and that `code`, the closure's body, reads, made again at the closure's
    /// start. Kept, they would borrow an argument, which a pullback cannot hold (the same rule
    /// as `segment_saves` for loops and branches).
    pub(super) fn remake_places_read_by(&self, code: &TokenStream) -> TokenStream {
        let mut names = HashSet::new();
        idents_in(code, &mut names);
        let all: Vec<usize> = (0..self.body.stmts.len()).collect();
        let remade = self.places_to_remake(&all, &mut names);
        self.remake(&remade)
    }

    /// Among `stmts`, the `Bind`s of a single name in `names` whose expression names a place
    /// (`&m.layers[i]`, `m.s.slice(..)`), and what they read in turn, in order; `names` grows
    /// by what they read.
    fn places_to_remake(&self, stmts: &[usize], names: &mut HashSet<String>) -> Vec<usize> {
        let mut remade = Vec::new();
        for &index in stmts.iter().rev() {
            if let Stmt::Bind { pat, expr } = &self.body.stmts[index] {
                let single = syn::parse2::<Ident>(pat.clone()).ok();
                if single.is_some_and(|name| names.contains(&name.to_string()))
                    && crate::parse::is_simple_constant(expr)
                {
                    idents_in(expr, names);
                    remade.push(index);
                }
            }
        }
        remade.reverse();
        remade
    }

    /// An operand moved into a branch's result or a loop's carry: a value defined in the same
    /// segment moves, anything else is copied.
    fn moved_operand(&self, operand: &Operand, defined: &HashSet<ValueId>) -> TokenStream {
        match operand {
            Operand::Value(id) if defined.contains(id) && !self.is_view_value(*id) => {
                let name = self.name(*id);
                quote!(#name)
            }
            // A view of an array becomes an array of its own, which a record can keep.
            Operand::Value(id) if crate::reverse::is_view(self.body, *id) => {
                let p = private();
                let value = self.value_ref(*id, Context::Forward);
                quote!(#p::select::to_owned(#value))
            }
            Operand::Value(id) => {
                let p = private();
                let value = self.value_ref(*id, Context::Forward);
                quote!(#p::pass(#value))
            }
            // A constant that the backward pass reads stays where it is: the result gets a copy.
            Operand::Const(tokens)
                if syn::parse2::<Ident>(tokens.clone()).is_ok_and(|name| {
                    self.regions.read_by_backward.contains(&name.to_string())
                }) =>
            {
                let p = private();
                quote!(#p::pass(&#tokens))
            }
            Operand::Const(tokens) | Operand::Literal(tokens) => tokens.clone(),
        }
    }

    /// [`Self::moved_operand`], with a copy made at once into `early`: the copy can read
    /// (`v[0]`) a value that the record, made after `early` and before the move, moves. A moved
    /// value stays as it is: the record copies what is moved on, so the move comes after it.
    fn settled_operand(
        &mut self,
        operand: &Operand,
        defined: &HashSet<ValueId>,
        early: &mut TokenStream,
        span: Span,
    ) -> TokenStream {
        let tokens = self.moved_operand(operand, defined);
        match operand {
            Operand::Value(id) if !defined.contains(id) || self.is_view_value(*id) => {
                let name = self.names.fresh("copied", span);
                early.extend(quote!(let #name = #tokens;));
                quote!(#name)
            }
            _ => tokens,
        }
    }

    fn merged_name(&self, merged: &Merged) -> Ident {
        match merged {
            Merged::Value(id) => self.name(*id).clone(),
            Merged::Const(ident) => ident.clone(),
        }
    }

    /// The forward code of a sequence of statements.
    pub(super) fn forward_seq(&mut self, seq: &[usize]) -> TokenStream {
        if self.regions.needed.is_empty() {
            self.regions.needed = self.compute_needed();
            let mut names = HashSet::new();
            let top = self.body.top.clone();
            self.backward_names(&top, &mut names);
            self.regions.read_by_backward = names;
        }
        seq.iter().map(|&index| self.forward_stmt(index)).collect()
    }

    /// `let (outs.., records) = if c { ..; (results.., (Some(record), None)) } else { .. };`
    pub(super) fn forward_branch(&mut self, index: usize) -> TokenStream {
        let body = self.body;
        let Stmt::Branch(branch) = &body.stmts[index] else {
            return TokenStream::new();
        };
        let active = self.stmt_active(index);
        let records = active.then(|| self.names.fresh("records", branch.span));
        if let Some(records) = &records {
            self.regions.records.insert(index, records.clone());
        }
        let count = branch.arms.len();
        let mut arms = Vec::new();
        for (i, arm) in branch.arms.iter().enumerate() {
            let forward = self.forward_seq(&arm.body.stmts);
            let defined: HashSet<ValueId> = self.defined_in(&arm.body.stmts).into_iter().collect();
            let mut early = TokenStream::new();
            let results: Vec<TokenStream> = arm
                .results
                .iter()
                .map(|result| self.settled_operand(result, &defined, &mut early, branch.span))
                .collect();
            let record = if active {
                let moved: HashSet<ValueId> = arm.results.iter().filter_map(value_of).collect();
                let saves = self.segment_saves((index, i), &arm.body, &[], &moved, &[]);
                self.regions
                    .saved
                    .insert((index, i), saves.iter().map(|(n, _)| n.clone()).collect());
                let stores: Vec<&TokenStream> = saves.iter().map(|(_, store)| store).collect();
                let options = (0..count).map(|j| {
                    if i == j {
                        quote!(::core::option::Option::Some((#(#stores,)*)))
                    } else {
                        none()
                    }
                });
                quote!((#(#options,)*))
            } else {
                TokenStream::new()
            };
            let record_name = self.names.fresh("record", branch.span);
            arms.push(if active {
                quote!({ #forward #early let #record_name = #record; (#(#results,)* #record_name,) })
            } else {
                quote!({ #forward #early (#(#results,)*) })
            });
        }
        let chosen = match &branch.head {
            BranchHead::If(conds) => {
                let mut arms = arms.into_iter();
                let mut chain = TokenStream::new();
                for (k, cond) in conds.iter().enumerate() {
                    let arm = arms.next().expect("an arm per condition");
                    if k > 0 {
                        chain.extend(quote!(else));
                    }
                    chain.extend(quote!(if #cond #arm));
                }
                let otherwise = arms.next().expect("an `else` arm");
                quote!(#chain else #otherwise)
            }
            BranchHead::Match {
                scrutinee,
                patterns,
            } => quote!(match #scrutinee { #(#patterns => #arms,)* }),
        };
        let outs: Vec<Ident> = branch.outs.iter().map(|o| self.merged_name(o)).collect();
        let span = branch.span;
        quote_spanned!(span=> let (#(#outs,)* #records) = #chosen;)
    }

    /// A loop whose iterations push their records on a stack, with its carried variables.
    pub(super) fn forward_loop(&mut self, index: usize) -> TokenStream {
        let body = self.body;
        let Stmt::Loop(looped) = &body.stmts[index] else {
            return TokenStream::new();
        };
        let span = looped.span;
        let active = self.stmt_active(index);
        let stack = active.then(|| self.names.fresh("stack", span));
        let mut tokens = TokenStream::new();
        if let Some(stack) = &stack {
            self.regions.records.insert(index, stack.clone());
            tokens.extend(quote!(let mut #stack = ::std::vec::Vec::new();));
        }
        let carries: Vec<Ident> = looped
            .carried
            .iter()
            .map(|c| {
                let base = format!("{}_carry", self.merged_name(&c.head));
                self.names.fresh(&base, span)
            })
            .collect();
        // A value made before the loop moves into its carry when nothing reads it afterwards
        // (in Rust the loop's assignment moved it too); anything else is copied.
        let inits: Vec<ValueId> = looped
            .carried
            .iter()
            .filter_map(|c| value_of(&c.init))
            .collect();
        let movable: HashSet<ValueId> = inits
            .iter()
            .copied()
            .filter(|&id| {
                !matches!(self.body.values[id.0].def, ValueDef::Param(_))
                    && !self.is_view_value(id)
                    && !self.regions.needed[id.0]
                    && inits.iter().filter(|&&other| other == id).count() == 1
            })
            .collect();
        // The copies first: one may read a value (`v[[0, 0]]`) that another carry takes by move.
        let (moves, copies): (Vec<_>, Vec<_>) =
            looped
                .carried
                .iter()
                .zip(&carries)
                .partition(|(carried, _)| {
                    value_of(&carried.init).is_some_and(|id| movable.contains(&id))
                });
        for (carried, carry) in copies.into_iter().chain(moves) {
            let init = self.moved_operand(&carried.init, &movable);
            tokens.extend(quote!(let mut #carry = #init;));
        }
        let mut iteration = TokenStream::new();
        for (carried, carry) in looped.carried.iter().zip(&carries) {
            let head = self.merged_name(&carried.head);
            iteration.extend(quote!(let #head = #carry;));
        }
        iteration.extend(self.forward_seq(&looped.before.stmts));
        let heads: Vec<ValueId> = looped
            .carried
            .iter()
            .filter_map(|c| merged_value(&c.head))
            .collect();
        let mut defined: HashSet<ValueId> =
            self.defined_in(&looped.before.stmts).into_iter().collect();
        defined.extend(heads.iter().copied());
        let next: HashSet<ValueId> = looped
            .carried
            .iter()
            .filter_map(|c| value_of(&c.next))
            .collect();
        let at_exit: HashSet<ValueId> = looped
            .carried
            .iter()
            .filter_map(|c| value_of(&c.at_exit))
            .collect();
        // The same locals, stored when the loop is left early or at the end of an iteration:
        // each copies only what is moved on afterwards.
        let mut record_for = |moved: &HashSet<ValueId>| {
            if !active {
                return TokenStream::new();
            }
            let saves = self.segment_saves(
                (index, 0),
                &looped.before,
                &heads,
                moved,
                &looped.after.stmts,
            );
            self.regions
                .saved
                .insert((index, 0), saves.iter().map(|(n, _)| n.clone()).collect());
            let stores = saves.iter().map(|(_, store)| store);
            quote!((#(#stores,)*))
        };
        let exit_record = record_for(&at_exit);
        let before_record = record_for(&next);
        let push = if let Some(exit) = &looped.exit {
            let mut early = TokenStream::new();
            let leave: Vec<TokenStream> = looped
                .carried
                .iter()
                .zip(&carries)
                .map(|(c, carry)| {
                    let value = self.settled_operand(&c.at_exit, &defined, &mut early, span);
                    quote!(#carry = #value;)
                })
                .collect();
            let push_partial = stack.as_ref().map(|stack| {
                let none = none();
                quote!(#stack.push((#exit_record, #none));)
            });
            iteration.extend(quote!(if #exit { #early #push_partial #(#leave)* break; }));
            iteration.extend(self.forward_seq(&looped.after.stmts));
            defined.extend(self.defined_in(&looped.after.stmts));
            stack.as_ref().map(|stack| {
                let saves = self.segment_saves((index, 1), &looped.after, &[], &next, &[]);
                self.regions
                    .saved
                    .insert((index, 1), saves.iter().map(|(n, _)| n.clone()).collect());
                let stores = saves.iter().map(|(_, store)| store);
                quote!(#stack.push((#before_record, ::core::option::Option::Some((#(#stores,)*))));)
            })
        } else {
            stack
                .as_ref()
                .map(|stack| quote!(#stack.push(#before_record);))
        };
        let mut early = TokenStream::new();
        let mut next_carries = TokenStream::new();
        for (carried, carry) in looped.carried.iter().zip(&carries) {
            let value = self.settled_operand(&carried.next, &defined, &mut early, span);
            next_carries.extend(quote!(#carry = #value;));
        }
        iteration.extend(early);
        iteration.extend(push);
        iteration.extend(next_carries);
        tokens.extend(match &looped.head {
            LoopHead::For { pat, iter } => quote_spanned!(span=> for #pat in #iter { #iteration }),
            LoopHead::Loop => quote_spanned!(span=> loop { #iteration }),
        });
        for (carried, carry) in looped.carried.iter().zip(&carries) {
            let out = self.merged_name(&carried.out);
            tokens.extend(quote!(let #out = #carry;));
        }
        tokens
    }

    /// The `Option` that holds the adjoint of `id`.
    fn slot(&mut self, id: ValueId) -> Ident {
        if let Some(slot) = self.adjoints.get(&id) {
            return slot.clone();
        }
        let slot = self
            .names
            .fresh(&format!("d_{}", self.name(id)), Span::call_site());
        self.adjoints.insert(id, slot.clone());
        slot
    }

    /// `let mut d_v = None;` for each active value of a segment.
    fn declare_slots(&mut self, values: &[ValueId]) -> TokenStream {
        let mut tokens = TokenStream::new();
        for &id in values {
            if self.is_active(id) && !self.is_output(id) {
                let slot = self.slot(id);
                let none = none();
                tokens.extend(quote!(let mut #slot = #none;));
            }
        }
        tokens
    }

    /// Views that a segment's backward pass reads, made again from what they look at.
    fn rematerialize_views(&self, seq: &[usize]) -> TokenStream {
        let mut tokens = TokenStream::new();
        for &index in seq {
            if let Stmt::Prim {
                out,
                prim,
                inputs,
                consts,
                span,
            } = &self.body.stmts[index]
            {
                if crate::reverse::is_view(self.body, *out) && self.regions.needed[out.0] {
                    let name = self.name(*out);
                    let call = prim.forward(&self.input_refs(inputs, Context::Backward), consts);
                    let call = super::at_users_token(call, *span);
                    tokens.extend(quote_spanned!(*span=> let #name = #call;));
                }
            }
        }
        tokens
    }

    /// The backward pass of a function with regions: the output's seed, then the top-level
    /// statements in reverse.
    pub(super) fn backward_structured(&mut self) -> TokenStream {
        let p = private();
        let mut tokens = TokenStream::new();
        if let Operand::Value(out) = &self.body.output {
            if self.is_active(*out) {
                let seed = match &self.seed {
                    Seed::One => {
                        let ty = &self.sig.output;
                        quote!(::core::option::Option::Some::<#ty>(#p::one()))
                    }
                    Seed::Cotangent(g) | Seed::Pullback(g) => {
                        quote!(::core::option::Option::Some(::core::clone::Clone::clone(#g)))
                    }
                };
                let slot = self.slot(*out);
                tokens.extend(quote!(let mut #slot = #seed;));
            }
        }
        let mut defined: Vec<ValueId> = self
            .body
            .params
            .iter()
            .filter_map(|param| param.differentiable.as_ref().map(|(id, _)| *id))
            .collect();
        let top = self.body.top.clone();
        defined.extend(self.defined_in(&top));
        tokens.extend(self.declare_slots(&defined));
        tokens.extend(self.backward_seq(&top));
        tokens
    }

    fn backward_seq(&mut self, seq: &[usize]) -> TokenStream {
        let mut tokens = TokenStream::new();
        for &index in seq.iter().rev() {
            tokens.extend(match &self.body.stmts[index] {
                Stmt::Branch(_) => self.backward_branch(index),
                Stmt::Loop(_) => self.backward_loop(index),
                _ if self.is_step(index) => self.step_structured(index),
                _ => TokenStream::new(),
            });
        }
        tokens
    }

    /// `accumulate_optional(&mut d_target, contribution);`
    fn add_into(&mut self, target: ValueId, contribution: TokenStream) -> TokenStream {
        let p = private();
        let slot = self.slot(target);
        quote!(#p::accumulate_optional(&mut #slot, #contribution);)
    }

    /// The backward code of one primitive, call or part, run only when its adjoint exists.
    fn step_structured(&mut self, index: usize) -> TokenStream {
        let p = private();
        let body = self.body;
        let stmt = &body.stmts[index];
        let Some(step) = self.plan.steps.iter().find(|step| step.stmt == index) else {
            return TokenStream::new();
        };
        let targets = step.targets.clone();
        let Some(out) = output_of(stmt) else {
            return TokenStream::new();
        };
        let slot = self.slot(out);
        let g = self
            .names
            .fresh(&format!("g_{}", self.name(out)), Span::call_site());
        let y = self.value_ref(out, Context::Backward);
        let mut inner = TokenStream::new();
        match stmt {
            Stmt::Prim {
                prim,
                inputs,
                consts,
                span,
                ..
            } => {
                let refs = self.input_refs(inputs, Context::Backward);
                // A part of an array (`xs.row(t)` in a loop) adds into the array's adjoint in
                // place.
                if let (Some(&(0, target)), Some(Operand::Value(_))) =
                    (targets.first(), inputs.first())
                {
                    let source = self.value_ref(target, Context::Backward);
                    let target_slot = self.slot(target);
                    let total = quote!(#p::adjoint_slot(&mut #target_slot, #source));
                    if let Some(add) = prim.add_part(&total, &quote!(&#g), consts) {
                        let add = super::at_users_token(add, *span);
                        inner.extend(if self.is_pullback() {
                            let guard = self.guard(target);
                            quote!(if #guard { #add; })
                        } else {
                            quote!(#add;)
                        });
                        return quote!(if let ::core::option::Option::Some(#g) = #slot.take() { #inner });
                    }
                }
                for (k, target) in targets {
                    let vjp =
                        super::at_users_token(prim.vjp(k, &quote!(&#g), &refs, consts, &y), *span);
                    let contribution = if self.is_pullback() {
                        let guard = self.guard(target);
                        quote!(if #guard { ::core::option::Option::Some(#vjp) } else { ::core::option::Option::None })
                    } else {
                        quote!(::core::option::Option::Some(#vjp))
                    };
                    inner.extend(self.add_into(target, contribution));
                }
            }
            Stmt::Call { args, span, .. } => {
                let pullback = self.pullbacks[&out].clone();
                let again: Vec<TokenStream> = args.iter().map(|a| self.pullback_arg(a)).collect();
                let needs = self.call_needs(args.len(), &targets);
                let grads = self
                    .names
                    .fresh(&format!("grads_{}", self.name(out)), Span::call_site());
                inner.extend(quote_spanned!(*span=> let #grads = #pullback.pullback((#(#again,)*), #y, &#g, [#(#needs),*]);));
                for (k, target) in targets {
                    let k = syn::Index::from(k);
                    inner.extend(self.add_into(target, quote!(#grads.#k)));
                }
            }
            Stmt::Place {
                projection, fields, ..
            } => {
                let Some(&(_, root)) = targets.first() else {
                    return TokenStream::new();
                };
                let root_ref = self.value_ref(root, Context::Backward);
                let root_slot = self.slot(root);
                let part = quote!((*#p::adjoint_slot(&mut #root_slot, #root_ref)));
                let add = quote!(#p::accumulate(&mut #part #projection, #g););
                inner.extend(super::unless_constant_field(&part, fields, add));
            }
            _ => {}
        }
        quote!(if let ::core::option::Option::Some(#g) = #slot.take() { #inner })
    }

    fn saved_names(&self, index: usize, segment: usize) -> Vec<Ident> {
        self.regions
            .saved
            .get(&(index, segment))
            .cloned()
            .unwrap_or_default()
    }

    /// Runs the backward pass of the arm that was taken.
    fn backward_branch(&mut self, index: usize) -> TokenStream {
        let body = self.body;
        let Stmt::Branch(branch) = &body.stmts[index] else {
            return TokenStream::new();
        };
        let Some(records) = self.regions.records.get(&index).cloned() else {
            return TokenStream::new();
        };
        let mut tokens = TokenStream::new();
        for (i, arm) in branch.arms.iter().enumerate() {
            let names = self.saved_names(index, i);
            let defined = self.defined_in(&arm.body.stmts);
            let mut inner = self.remake_consts((index, i));
            inner.extend(self.declare_slots(&defined));
            inner.extend(self.rematerialize_views(&arm.body.stmts));
            for (out, result) in branch.outs.iter().zip(&arm.results) {
                if let (Some(out), Some(result)) = (merged_value(out), value_of(result)) {
                    if self.is_active(out) && self.is_active(result) {
                        let from = self.slot(out);
                        inner.extend(self.add_into(result, quote!(#from.take())));
                    }
                }
            }
            inner.extend(self.backward_seq(&arm.body.stmts));
            let i = syn::Index::from(i);
            tokens.extend(quote! {
                if let ::core::option::Option::Some((#(mut #names,)*)) = #records.#i { #inner }
            });
        }
        tokens
    }

    /// Pops the loop's records, last iteration first; each carried variable's adjoint flows from
    /// the end of an iteration to its head, and from the first head to the value before the loop.
    fn backward_loop(&mut self, index: usize) -> TokenStream {
        let p = private();
        let body = self.body;
        let Stmt::Loop(looped) = &body.stmts[index] else {
            return TokenStream::new();
        };
        let Some(stack) = self.regions.records.get(&index).cloned() else {
            return TokenStream::new();
        };
        let mut tokens = TokenStream::new();
        let mut carries = Vec::new();
        for carried in &looped.carried {
            if !self.carried_active(carried) {
                continue;
            }
            let carry = self.names.fresh("d_carry", looped.span);
            let init = match merged_value(&carried.out).filter(|&id| self.is_active(id)) {
                Some(out) => {
                    let slot = self.slot(out);
                    quote!(#slot.take())
                }
                None => none(),
            };
            tokens.extend(quote!(let mut #carry = #init;));
            carries.push((carried, carry));
        }
        let seed = |this: &mut Self, pick: fn(&Carried) -> &Operand| {
            let mut tokens = TokenStream::new();
            for (carried, carry) in &carries {
                if let Some(id) = value_of(pick(carried)).filter(|&id| this.is_active(id)) {
                    tokens.extend(this.add_into(id, quote!(#carry.take())));
                }
            }
            tokens
        };
        let heads: Vec<ValueId> = looped
            .carried
            .iter()
            .filter_map(|c| merged_value(&c.head))
            .collect();
        let mut before_defined = heads.clone();
        before_defined.extend(self.defined_in(&looped.before.stmts));
        let before_names = self.saved_names(index, 0);
        let record = self.names.fresh("record", looped.span);
        let mut iteration = TokenStream::new();
        let mut declare = self.remake_consts((index, 0));
        declare.extend(self.declare_slots(&before_defined));
        let views = self.rematerialize_views(&looped.before.stmts);
        if looped.exit.is_some() {
            let after_names = self.saved_names(index, 1);
            let rest = self.names.fresh("rest", looped.span);
            let after_defined = self.defined_in(&looped.after.stmts);
            let mut after = self.remake_consts((index, 1));
            after.extend(self.declare_slots(&after_defined));
            after.extend(self.rematerialize_views(&looped.after.stmts));
            after.extend(seed(self, |c| &c.next));
            after.extend(self.backward_seq(&looped.after.stmts));
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
        iteration.extend(self.backward_seq(&looped.before.stmts));
        for (carried, carry) in &carries {
            iteration.extend(
                match merged_value(&carried.head).filter(|&id| self.is_active(id)) {
                    Some(head) => {
                        let slot = self.slot(head);
                        quote!(#carry = #slot.take();)
                    }
                    None => {
                        let none = none();
                        quote!(#carry = #none;)
                    }
                },
            );
        }
        tokens.extend(quote! {
            while let ::core::option::Option::Some(#record) = #stack.pop() { #iteration }
        });
        for (carried, carry) in &carries {
            if let Some(init) = value_of(&carried.init).filter(|&id| self.is_active(id)) {
                let slot = self.slot(init);
                tokens.extend(quote!(#p::accumulate_optional(&mut #slot, #carry);));
            }
        }
        tokens
    }

    /// A parameter's gradient in a function with regions.
    pub(super) fn param_adjoint_structured(&self, index: usize) -> TokenStream {
        let p = private();
        let Some((id, _)) = self.body.params[index].differentiable.as_ref() else {
            return quote!(());
        };
        let value = self.value_ref(*id, Context::Backward);
        let adjoint = match self.adjoints.get(id) {
            Some(slot) if self.is_active(*id) => quote!(#slot),
            _ => none(),
        };
        match &self.needs {
            None => quote!(#p::needed(#p::finish(#adjoint, true, #value))),
            Some(needs) => quote!(#p::finish(#adjoint, #needs[#index], #value)),
        }
    }
}

//! Functions with branches and loops. The forward pass runs the user's control flow and keeps,
//! for each taken arm and each loop iteration, a typed record of the values its backward pass
//! needs: an `Option` per arm, a tuple pushed on a `Vec` per loop. The backward pass replays the
//! records in reverse, and every adjoint is an `Option` declared where its value is defined, so
//! that code inside an arm or an iteration can add into the adjoints of the code around it.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::Ident;

use super::{Context, Emitter, private};
use crate::ir::{BranchHead, LoopHead, Merged, Operand, Segment, Stmt, ValueDef, ValueId};
use crate::reverse::{merged_value, operands, output_of, value_of};

/// What the forward pass of a function with regions keeps for its backward pass.
#[derive(Default)]
pub struct Regions {
    /// The local that holds an active region's records: a branch's `Option`s, a loop's stack.
    pub(super) records: HashMap<usize, Ident>,
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
            for id in crate::reverse::backward_reads(&self.body.stmts[step.stmt]) {
                needed[id.0] = true;
            }
        }
        // What the body keeps for the backward pass besides (the tangents `NAME_hvp` reads).
        for id in &self.body.kept {
            needed[id.0] = true;
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

    /// The values the statements of a sequence define (not those inside nested regions).
    fn defined_in(&self, seq: &[usize]) -> Vec<ValueId> {
        crate::adjoint::defined_in(self.body, seq)
    }

    /// Whether a statement takes part in the backward pass.
    fn stmt_active(&self, index: usize) -> bool {
        crate::adjoint::stmt_active(self.body, &self.plan, index)
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
                Stmt::Call { args, .. } | Stmt::CallTangent { args, .. } if read => {
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
    pub(super) fn remake_consts(&self, key: (usize, usize)) -> TokenStream {
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

    /// For a pullback: the constants of the function's top level that name a place (`let v =
    /// m.s.slice(..)`) and that `code`, the closure's body, reads, made again at the closure's
    /// start. Kept, they would borrow an argument, which a pullback cannot hold (the same rule
    /// as `segment_saves` for the constants of loops and branches).
    pub(super) fn remake_places_read_by(&self, code: &TokenStream) -> TokenStream {
        let mut names = HashSet::new();
        idents_in(code, &mut names);
        let top: Vec<usize> = if self.body.has_regions() {
            self.body.top.clone()
        } else {
            (0..self.body.stmts.len()).collect()
        };
        let remade = self.places_to_remake(&top, &mut names);
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
        // (in Rust the loop's assignment moved it too); anything else is copied. A part of it
        // (`let v = a[0];` before the loop) is read where it is used, so its root stays.
        let roots_of_parts: HashSet<ValueId> = (0..self.body.values.len())
            .filter_map(|v| self.place_of(ValueId(v)).map(|(root, _)| root))
            .collect();
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
                    && !roots_of_parts.contains(&id)
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

    /// Views that a segment's backward pass reads, made again from what they look at.
    pub(super) fn rematerialize_views(&self, seq: &[usize]) -> TokenStream {
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

    pub(super) fn saved_names(&self, index: usize, segment: usize) -> Vec<Ident> {
        self.regions
            .saved
            .get(&(index, segment))
            .cloned()
            .unwrap_or_default()
    }
}

//! Lowering `if`, `match`, `for`, `while` and `loop`. Each arm or loop body becomes a segment of
//! statements of its own; the variables an arm assigns are merged after the branch, and the
//! variables a loop body assigns are carried from one iteration to the next.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{Block, Expr, Pat, Stmt as SynStmt};

use super::exits::{self, Flags};
use super::{Binding, Lowering, PatRenamer, is_compound_assignment, operand_tokens};
use crate::ir::{
    Arm, Branch, BranchHead, Carried, Loop, LoopHead, Merged, Operand, Segment, Stmt, ValueDef,
    ValueId,
};

/// The message for a `break` anywhere it is not supported.
pub(super) const BREAK_PLACEMENT: &str = "`break` and `break 'label` are supported as statements of the body of a `for`, `while` or `loop`, or of an `if`, `match` or block inside it, without a value; not inside a value (`let v = if c { break; } else { .. }`): set a variable and `break` from a statement instead";

/// The message for a `continue` anywhere it is not supported.
pub(super) const CONTINUE_PLACEMENT: &str = "`continue` and `continue 'label` are supported as statements of the body of a `for`, `while` or `loop`, or of an `if`, `match` or block inside it; not inside a value (`let v = match k { 0 => continue, _ => x }`)";

/// How a loop is written.
enum LoopKind<'a> {
    /// `for PAT in ITER` over values that carry no derivative (`0..n`, `(0..n).rev()`).
    Over { pat: &'a Pat, iter: TokenStream },
    /// `for PAT in &v` (or `v.iter()`, `v.iter().enumerate()`) over a `Vec` of parameters: each
    /// element is a part of `v`, named in place.
    Elements {
        pat: &'a Pat,
        vec: ValueId,
        len: TokenStream,
        enumerate: bool,
    },
    /// `for PAT in &xs` over a collection that carries no derivative: each element is named
    /// by its index, so that the backward pass reads it again instead of keeping a reference.
    Indexed {
        pat: &'a Pat,
        collection: TokenStream,
        enumerate: bool,
    },
    /// `while COND`.
    While(&'a Expr),
    /// `loop`.
    Loop,
}

/// The names assigned (`x = ..`, `x += ..`) in a piece of syntax, in order of appearance.
#[derive(Default)]
pub(super) struct Assigned(pub(super) Vec<String>);

impl Assigned {
    /// The variable an assignment's left side updates: `y` in `y = ..`, `y[i] = ..` and
    /// `y.slice_mut(..).assign(..)`.
    fn push(&mut self, left: &Expr) {
        let left = match left {
            Expr::Index(index) => &*index.expr,
            other => other,
        };
        if let Expr::Path(path) = left {
            if let Some(ident) = path.path.get_ident() {
                let name = ident.to_string();
                if !self.0.contains(&name) {
                    self.0.push(name);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Assigned {
    fn visit_expr_assign(&mut self, assign: &'ast syn::ExprAssign) {
        self.push(&assign.left);
        syn::visit::visit_expr_assign(self, assign);
    }
    fn visit_expr_binary(&mut self, binary: &'ast syn::ExprBinary) {
        if is_compound_assignment(&binary.op) {
            self.push(&binary.left);
        }
        syn::visit::visit_expr_binary(self, binary);
    }
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "assign" {
            if let Expr::MethodCall(part) = &*call.receiver {
                self.push(&part.receiver);
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }
    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
}

/// Whether two operands are the same value, constant or literal.
fn same(a: &Operand, b: &Operand) -> bool {
    match (a, b) {
        (Operand::Value(a), Operand::Value(b)) => a == b,
        (Operand::Const(a), Operand::Const(b)) | (Operand::Literal(a), Operand::Literal(b)) => {
            a.to_string() == b.to_string()
        }
        _ => false,
    }
}

/// `if c { break; }`: the only form of `break` a loop body may hold.
fn break_condition(stmt: &SynStmt) -> Option<&Expr> {
    exit_condition(
        stmt,
        |exit| matches!(exit, Expr::Break(b) if b.label.is_none() && b.expr.is_none()),
    )
}

/// `if c { continue; }`: the only form of `continue` a loop body may hold.
fn continue_condition(stmt: &SynStmt) -> Option<&Expr> {
    exit_condition(
        stmt,
        |exit| matches!(exit, Expr::Continue(c) if c.label.is_none()),
    )
}

/// The condition of `if c { EXIT; }` with no `else`, where `is_exit` accepts `EXIT`.
fn exit_condition(stmt: &SynStmt, is_exit: impl Fn(&Expr) -> bool) -> Option<&Expr> {
    let SynStmt::Expr(Expr::If(branch), _) = stmt else {
        return None;
    };
    match branch.then_branch.stmts.as_slice() {
        [SynStmt::Expr(exit, _)] if branch.else_branch.is_none() && is_exit(exit) => {
            Some(&branch.cond)
        }
        _ => None,
    }
}

/// Whether a statement holds an exit of its loop other than `if c { break; }` or
/// `if c { continue; }`: one that flags stand for ([`exits`]).
fn exit_nested_deeper(stmt: &SynStmt) -> bool {
    exits::holds_exit(stmt) && break_condition(stmt).is_none() && continue_condition(stmt).is_none()
}

/// `if let P = e { A } else { B }` as `match e { P => { A } _ => { B } }`, which the IR has.
fn if_let_as_match(expr: &syn::ExprIf) -> Option<syn::ExprMatch> {
    let Expr::Let(binding) = &*expr.cond else {
        return None;
    };
    let (pat, scrutinee, then) = (&binding.pat, &binding.expr, &expr.then_branch);
    let otherwise = match &expr.else_branch {
        Some((_, otherwise)) => quote!(#otherwise),
        None => quote!({}),
    };
    Some(syn::parse_quote_spanned! {expr.if_token.span=>
        match #scrutinee {
            #pat => #then,
            _ => #otherwise,
        }
    })
}

/// `if a { .. } else if let P = e { .. } ..` as `if a { .. } else { if let P = e { .. } .. }`:
/// the chain of conditions stops where a `let` starts, and the rest is a plain `if let`.
fn else_if_let_in_a_block(expr: &syn::ExprIf) -> syn::ExprIf {
    let mut expr = expr.clone();
    let mut current = &mut expr;
    while let Some((_, next)) = &mut current.else_branch {
        if matches!(&**next, Expr::If(inner) if matches!(*inner.cond, Expr::Let(_))) {
            let inner = (**next).clone();
            **next = syn::parse_quote!({ #inner });
            break;
        }
        match &mut **next {
            Expr::If(inner) => current = inner,
            _ => break,
        }
    }
    expr
}

/// `'l: while let P = e { body }` as `'l: loop { match e { P => { body } _ => break, } }`,
/// which the IR has: a loop whose exit is a `match` arm.
fn while_let_as_loop(expr: &syn::ExprWhile) -> Option<syn::ExprLoop> {
    let Expr::Let(binding) = &*expr.cond else {
        return None;
    };
    let (label, pat, scrutinee, body) = (&expr.label, &binding.pat, &binding.expr, &expr.body);
    Some(syn::parse_quote_spanned! {expr.while_token.span=>
        #label loop {
            match #scrutinee {
                #pat => #body,
                _ => break,
            }
        }
    })
}

/// A loop, for [`Lowering::with_one_exit`].
#[derive(Clone, Copy)]
enum Head<'a> {
    For(&'a syn::ExprForLoop),
    While(&'a syn::ExprWhile),
    Loop(&'a syn::ExprLoop),
}

/// The statements of a loop body with each `if c { break; }` or `if c { continue; }` turned
/// into `if c { stop = true; } else { rest }` or `if c { go_on } else { rest }`, exits nested
/// deeper turned into flags (see [`exits`]), and `go_on` at the end of the iteration.
fn nested_exits(stmts: &[SynStmt], flags: &Flags<'_>, go_on: &TokenStream) -> TokenStream {
    // Every statement ends with `;` now that others follow it.
    let terminated = |stmts: &[SynStmt]| -> Vec<SynStmt> {
        stmts
            .iter()
            .map(|stmt| match stmt {
                SynStmt::Expr(e, None) => SynStmt::Expr(e.clone(), Some(Default::default())),
                other => other.clone(),
            })
            .collect()
    };
    let stop = flags.stop;
    for (i, stmt) in stmts.iter().enumerate() {
        let before = terminated(&stmts[..i]);
        if exit_nested_deeper(stmt) {
            // The flags say how the statement ended: a `continue` goes on to the next iteration.
            let skipped = flags.skipped;
            let flagged = exits::flag_stmt(stmt, flags);
            let rest = nested_exits(&stmts[i + 1..], flags, go_on);
            let on_continue = (!go_on.is_empty()).then(|| quote!(if !#stop { #go_on }));
            return quote! {
                #(#before)*
                #flagged
                if #skipped {
                    #on_continue
                } else {
                    #rest
                }
            };
        }
        let (cond, exit) = if let Some(cond) = break_condition(stmt) {
            (cond, quote!(#stop = true;))
        } else if let Some(cond) = continue_condition(stmt) {
            (cond, go_on.clone())
        } else {
            continue;
        };
        let rest = nested_exits(&stmts[i + 1..], flags, go_on);
        return quote! {
            #(#before)*
            if #cond {
                #exit
            } else {
                #rest
            }
        };
    }
    let all = terminated(stmts);
    quote!(#(#all)* #go_on)
}

fn binding_operand(binding: Option<Binding>) -> Operand {
    match binding {
        Some(Binding::Value(id)) => Operand::Value(id),
        Some(Binding::Const(ident)) => Operand::Const(ident.to_token_stream()),
        Some(Binding::Literal(tokens)) => Operand::Literal(tokens),
        Some(Binding::Expr(tokens)) => Operand::Const(tokens),
        None => Operand::Const(quote!(())),
    }
}

impl Lowering {
    /// A value defined by a branch or loop statement (patched to the statement's index once it
    /// exists).
    fn region_value(&mut self, base: &str, span: Span) -> ValueId {
        let name = self.fresh(base, span);
        let id = ValueId(self.body.values.len());
        self.body.values.push(crate::ir::Value {
            name,
            def: ValueDef::Region(usize::MAX),
        });
        id
    }

    /// The variables of enclosing scopes among those `assigned`.
    fn outer_assigned(&self, assigned: Assigned) -> Vec<String> {
        assigned
            .0
            .into_iter()
            .filter(|name| self.lookup(name).is_some())
            .collect()
    }

    /// A condition: ordinary Rust that carries no derivative, with names mapped to locals.
    fn condition(&mut self, cond: &Expr) -> TokenStream {
        struct FindLet(Option<Span>);
        impl<'ast> Visit<'ast> for FindLet {
            fn visit_expr_let(&mut self, expr: &'ast syn::ExprLet) {
                self.0.get_or_insert(expr.let_token.span());
            }
        }
        let mut find = FindLet(None);
        find.visit_expr(cond);
        if let Some(span) = find.0 {
            self.error(
                span,
                "`let` in a condition is supported as `if let PATTERN = value`, `else if let` and `while let PATTERN = value`, not in `let` chains (`if let A = a && b`): write them as nested `if`s or a `match`",
            );
        }
        self.verbatim(cond)
    }

    /// Lowers one arm with the merged variables reset to their values before the branch.
    fn arm(
        &mut self,
        names: &[String],
        before: &[Option<Binding>],
        lower_body: impl FnOnce(&mut Self) -> Option<Operand>,
    ) -> Arm {
        for (name, binding) in names.iter().zip(before) {
            if let Some(binding) = binding {
                self.rebind(name, binding.clone());
            }
        }
        self.segments.push(Segment::default());
        self.scopes.push(HashMap::new());
        let value = lower_body(self);
        self.scopes.pop();
        let mut results: Vec<Operand> = names
            .iter()
            .map(|name| binding_operand(self.lookup(name)))
            .collect();
        results.push(value.unwrap_or(Operand::Const(quote!(()))));
        let body = self.segments.pop().unwrap_or_default();
        Arm { body, results }
    }

    /// Merges what the arms give each variable (and the branch's value), pushes the branch, and
    /// rebinds the variables to the merged locals.
    fn finish_branch(
        &mut self,
        head: BranchHead,
        names: &[String],
        mut arms: Vec<Arm>,
        span: Span,
    ) -> Operand {
        let columns = names.len() + 1;
        let mut outs = Vec::new();
        let mut kept = Vec::new();
        let mut after: Vec<Operand> = Vec::new();
        for j in 0..columns {
            let first = arms[0].results[j].clone();
            if arms.iter().all(|arm| same(&arm.results[j], &first)) {
                after.push(first);
                continue;
            }
            let base = names.get(j).map_or("value", String::as_str);
            let any_value = arms
                .iter()
                .any(|arm| matches!(arm.results[j], Operand::Value(_)));
            if any_value {
                let id = self.region_value(base, span);
                outs.push(Merged::Value(id));
                after.push(Operand::Value(id));
            } else {
                let ident = self.user_name(base, span);
                self.note_const(&ident);
                after.push(Operand::Const(ident.to_token_stream()));
                outs.push(Merged::Const(ident));
            }
            kept.push(j);
        }
        for arm in &mut arms {
            let results = std::mem::take(&mut arm.results);
            arm.results = kept.iter().map(|&j| results[j].clone()).collect();
        }
        let index = self.body.stmts.len();
        for out in &outs {
            if let Merged::Value(id) = out {
                self.body.values[id.0].def = ValueDef::Region(index);
            }
        }
        self.push_stmt(Stmt::Branch(Branch {
            head,
            arms,
            outs,
            span,
        }));
        for (name, operand) in names.iter().zip(&after) {
            let binding = match operand {
                Operand::Value(id) => Binding::Value(*id),
                Operand::Const(tokens) => match syn::parse2::<syn::Ident>(tokens.clone()) {
                    Ok(ident) => Binding::Const(ident),
                    Err(_) => continue,
                },
                Operand::Literal(tokens) => Binding::Literal(tokens.clone()),
            };
            self.rebind(name, binding);
        }
        after.pop().unwrap_or(Operand::Const(quote!(())))
    }

    /// `if c0 { .. } else if c1 { .. } else { .. }`, as a statement or as an expression.
    pub(super) fn branch_if(&mut self, expr: &syn::ExprIf) -> Operand {
        if let Some(as_match) = if_let_as_match(expr) {
            return self.branch_match(&as_match);
        }
        let expr = &else_if_let_in_a_block(expr);
        let mut conds = Vec::new();
        let mut blocks: Vec<&Block> = Vec::new();
        let mut otherwise: Option<&Block> = None;
        let mut current = expr;
        loop {
            conds.push(self.condition(&current.cond));
            blocks.push(&current.then_branch);
            match &current.else_branch {
                None => break,
                Some((_, next)) => match &**next {
                    Expr::If(next) => current = next,
                    Expr::Block(block) => {
                        otherwise = Some(&block.block);
                        break;
                    }
                    other => {
                        return self.error_spanning(
                            other,
                            "an `else` must be followed by a block or by `if`",
                        );
                    }
                },
            }
        }
        let mut assigned = Assigned::default();
        for block in blocks.iter().chain(otherwise.iter()) {
            assigned.visit_block(block);
        }
        let names = self.outer_assigned(assigned);
        let before: Vec<Option<Binding>> = names.iter().map(|n| self.lookup(n)).collect();
        let mut arms = Vec::new();
        for block in &blocks {
            arms.push(self.arm(&names, &before, |this| this.block(block)));
        }
        arms.push(self.arm(&names, &before, |this| {
            otherwise.and_then(|block| this.block(block))
        }));
        self.finish_branch(BranchHead::If(conds), &names, arms, expr.if_token.span())
    }

    /// `match scrutinee { PAT if GUARD => .. }` on a value that carries no derivative.
    pub(super) fn branch_match(&mut self, expr: &syn::ExprMatch) -> Operand {
        let scrutinee = match self.expr(&expr.expr) {
            Operand::Value(_) => {
                return self.error_spanning(&expr.expr, "`match` and `if let` on a differentiated value are not supported: match on flags, integers, enums or options that carry no derivative, or compare with `if`");
            }
            other => {
                let hoisted = self.hoist(other);
                operand_tokens(&hoisted)
            }
        };
        let mut assigned = Assigned::default();
        for arm in &expr.arms {
            assigned.visit_arm(arm);
        }
        let names = self.outer_assigned(assigned);
        let before: Vec<Option<Binding>> = names.iter().map(|n| self.lookup(n)).collect();
        let mut patterns = Vec::new();
        let mut arms = Vec::new();
        for arm in &expr.arms {
            let lowered = self.arm(&names, &before, |this| {
                let pattern = match &arm.pat {
                    Pat::Guard(guarded) => {
                        let pat = this.match_pattern(&guarded.pat);
                        let guard = this.condition(&guarded.guard);
                        quote!(#pat if #guard)
                    }
                    other => this.match_pattern(other),
                };
                patterns.push(pattern);
                this.arm_body(&arm.body)
            });
            arms.push(lowered);
        }
        if arms.is_empty() {
            return self.error_spanning(expr, "a `match` needs at least one arm");
        }
        let head = BranchHead::Match {
            scrutinee,
            patterns,
        };
        self.finish_branch(head, &names, arms, expr.match_token.span())
    }

    /// A `match` arm's body: a value, or a block or an assignment that gives none, as the arms
    /// of a `match` written as a statement do (`0 => { v = ..; }`, `_ => v += ..,`).
    fn arm_body(&mut self, body: &Expr) -> Option<Operand> {
        match body {
            Expr::Block(block) if block.label.is_none() => self.block(&block.block),
            Expr::Assign(_) => {
                self.expr_stmt(body);
                None
            }
            Expr::Binary(binary) if is_compound_assignment(&binary.op) => {
                self.expr_stmt(body);
                None
            }
            value => Some(self.expr(value)),
        }
    }

    /// A `match` arm's pattern, its bindings renamed to constant locals of the arm.
    fn match_pattern(&mut self, pat: &Pat) -> TokenStream {
        let mut pat = pat.clone();
        let mut renamer = MatchPatRenamer {
            lowering: self,
            errors: Vec::new(),
        };
        renamer.visit_pat_mut(&mut pat);
        let errors = std::mem::take(&mut renamer.errors);
        self.errors.extend(errors);
        pat.to_token_stream()
    }

    pub(super) fn for_loop(&mut self, expr: &syn::ExprForLoop) -> Operand {
        if let Some(label) = &expr.label {
            let mut plain = expr.clone();
            plain.label = None;
            plain.body = self.without_label(label, &expr.body);
            return self.for_loop(&plain);
        }
        if let Some(desugared) = self.with_one_exit(Head::For(expr), &expr.body.stmts) {
            self.block(&desugared);
            return Operand::Const(quote!(()));
        }
        // `&m.layers`, `m.layers.iter()`, `m.layers.iter().enumerate()`: elements in place.
        let (source, enumerate) = match &*expr.expr {
            Expr::Reference(reference) if reference.mutability.is_none() => {
                (Some(&*reference.expr), false)
            }
            Expr::MethodCall(call) if call.method == "iter" && call.args.is_empty() => {
                (Some(&*call.receiver), false)
            }
            Expr::MethodCall(call) if call.method == "enumerate" && call.args.is_empty() => {
                match &*call.receiver {
                    Expr::MethodCall(inner) if inner.method == "iter" && inner.args.is_empty() => {
                        (Some(&*inner.receiver), true)
                    }
                    _ => (None, false),
                }
            }
            Expr::Path(_) => (Some(&*expr.expr), false),
            _ => (None, false),
        };
        let kind = match source.map(|source| self.expr(source)) {
            Some(Operand::Value(vec)) if self.may_have_methods(vec) => LoopKind::Elements {
                pat: &expr.pat,
                len: self.value_expr(vec).to_token_stream(),
                vec,
                enumerate,
            },
            Some(Operand::Value(_)) => {
                return self.error_spanning(&expr.expr, "a `for` loop cannot iterate over the elements of a differentiated array: iterate over indices (`for i in 0..n`) or over a `Vec` of parameters (`for layer in &m.layers`)");
            }
            Some(Operand::Const(collection))
                if source.is_some_and(|source| self.indexable(source)) =>
            {
                LoopKind::Indexed {
                    pat: &expr.pat,
                    collection,
                    enumerate,
                }
            }
            _ => match self.expr(&expr.expr) {
                Operand::Value(_) => {
                    return self.error_spanning(&expr.expr, "a `for` loop cannot iterate over the elements of a differentiated array: iterate over indices (`for i in 0..n`) or over a `Vec` of parameters (`for layer in &m.layers`)");
                }
                other => {
                    let hoisted = self.hoist(other);
                    LoopKind::Over {
                        pat: &expr.pat,
                        iter: operand_tokens(&hoisted),
                    }
                }
            },
        };
        self.lower_loop(kind, &expr.body, expr.for_token.span())
    }

    pub(super) fn while_loop(&mut self, expr: &syn::ExprWhile) -> Operand {
        if let Some(as_loop) = while_let_as_loop(expr) {
            return self.plain_loop(&as_loop);
        }
        if let Some(label) = &expr.label {
            let mut plain = expr.clone();
            plain.label = None;
            plain.body = self.without_label(label, &expr.body);
            return self.while_loop(&plain);
        }
        if let Some(desugared) = self.with_one_exit(Head::While(expr), &expr.body.stmts) {
            self.block(&desugared);
            return Operand::Const(quote!(()));
        }
        self.lower_loop(
            LoopKind::While(&expr.cond),
            &expr.body,
            expr.while_token.span(),
        )
    }

    pub(super) fn plain_loop(&mut self, expr: &syn::ExprLoop) -> Operand {
        if let Some(label) = &expr.label {
            let mut plain = expr.clone();
            plain.label = None;
            plain.body = self.without_label(label, &expr.body);
            return self.plain_loop(&plain);
        }
        if let Some(desugared) = self.with_one_exit(Head::Loop(expr), &expr.body.stmts) {
            self.block(&desugared);
            return Operand::Const(quote!(()));
        }
        self.lower_loop(LoopKind::Loop, &expr.body, expr.loop_token.span())
    }

    /// The body of a labelled loop with its label's exits made plain ([`exits`]), and the
    /// flags they set in loops inside it declared at the start of each iteration.
    fn without_label(&mut self, label: &syn::Label, body: &Block) -> Block {
        let span = label.name.apostrophe;
        let broke = self.fresh("broke", span);
        let continued = self.fresh("continued", span);
        let routes = exits::Routes {
            label: &label.name,
            broke: &broke,
            continued: &continued,
        };
        let (stmts, routed) = exits::route_labelled_exits(&body.stmts, &routes);
        let broke_flag = routed.broke.then(|| quote!(let mut #broke = false;));
        let continued_flag = routed
            .continued
            .then(|| quote!(let mut #continued = false;));
        syn::parse_quote_spanned! {span=> {
            #broke_flag
            #continued_flag
            #(#stmts)*
        }}
    }

    /// A loop whose body stops it or skips to its next iteration at several places, as a loop
    /// with one exit, which is all a loop of the IR has. Each `if c { break; }` and
    /// `if c { continue; }` written directly in the body becomes a branch whose `else` holds the
    /// rest of the body; a flag records a `break`, and the loop stops on it at the end of the
    /// iteration (a `while` loop: `while !stop`, the flag set from the condition where an
    /// iteration goes on). Exits nested deeper set flags as well ([`exits`]). `None` when the
    /// loop already has one exit: no `continue`, none nested, and one `break` at most in a `for`
    /// or `loop`, none in a `while`.
    fn with_one_exit(&mut self, head: Head<'_>, stmts: &[SynStmt]) -> Option<Block> {
        let breaks = stmts
            .iter()
            .filter(|s| break_condition(s).is_some())
            .count();
        let continues = stmts
            .iter()
            .filter(|s| continue_condition(s).is_some())
            .count();
        let single = match head {
            Head::While(_) => breaks == 0,
            Head::For(_) | Head::Loop(_) => breaks <= 1,
        };
        let nested = stmts.iter().any(exit_nested_deeper);
        if continues == 0 && single && !nested {
            return None;
        }
        let span = match head {
            Head::For(expr) => expr.for_token.span(),
            Head::While(expr) => expr.while_token.span(),
            Head::Loop(expr) => expr.loop_token.span(),
        };
        let stop = self.fresh("stopped", span);
        // What an iteration that goes on ends with: a `while` loop tests its condition.
        let go_on = match head {
            Head::While(expr) => {
                let cond = &expr.cond;
                quote!(#stop = !(#cond);)
            }
            Head::For(_) | Head::Loop(_) => TokenStream::new(),
        };
        let skipped = self.fresh("skipped", span);
        let flags = Flags {
            stop: &stop,
            skipped: &skipped,
        };
        let body = nested_exits(stmts, &flags, &go_on);
        // A flag of the iteration, set by an exit nested in the body.
        let body = if nested {
            quote!(let mut #skipped = false; #body)
        } else {
            body
        };
        Some(match head {
            Head::For(expr) => {
                let (pat, iter) = (&expr.pat, &expr.expr);
                syn::parse_quote_spanned! {span=> {
                    let mut #stop = false;
                    for #pat in #iter {
                        #body
                        if #stop {
                            break;
                        }
                    }
                }}
            }
            Head::While(expr) => {
                let cond = &expr.cond;
                syn::parse_quote_spanned! {span=> {
                    let mut #stop = !(#cond);
                    while !#stop {
                        #body
                    }
                }}
            }
            Head::Loop(_) => syn::parse_quote_spanned! {span=> {
                let mut #stop = false;
                loop {
                    #body
                    if #stop {
                        break;
                    }
                }
            }},
        })
    }

    /// Whether a `for` loop's collection can be indexed: it is borrowed (`&xs`, `xs.iter()`), or
    /// a parameter passed by reference.
    fn indexable(&self, source: &Expr) -> bool {
        let Expr::Path(path) = source else {
            return true;
        };
        path.path.get_ident().is_some_and(|ident| {
            self.body
                .params
                .iter()
                .any(|p| &p.ident == ident && matches!(p.ty, syn::Type::Reference(_)))
        })
    }

    /// Binds a `for` pattern over constants, its names renamed to locals of the body.
    fn bind_loop_pattern(&mut self, pat: &Pat) -> TokenStream {
        let mut pat = pat.clone();
        let mut names = Vec::new();
        let mut renamer = PatRenamer {
            lowering: self,
            names: &mut names,
            errors: Vec::new(),
        };
        renamer.visit_pat_mut(&mut pat);
        let errors = std::mem::take(&mut renamer.errors);
        self.errors.extend(errors);
        for (user, generated) in names {
            self.note_const(&generated);
            self.bind(user, Binding::Const(generated));
        }
        pat.to_token_stream()
    }

    /// Binds a loop's element, and with `enumerate()` its index, to the `for` pattern.
    fn bind_element(&mut self, pat: &Pat, element: Binding, enumerate: bool, index: &syn::Ident) {
        let element_pat = if enumerate {
            let pair = match pat {
                Pat::Tuple(tuple) if tuple.elems.len() == 2 => tuple,
                other => {
                    self.error_spanning(
                        other,
                        "`for (i, element) in v.iter().enumerate()` needs a pair pattern",
                    );
                    return;
                }
            };
            match &pair.elems[0] {
                Pat::Ident(i) if i.subpat.is_none() && i.by_ref.is_none() => {
                    self.bind(i.ident.to_string(), Binding::Const(index.clone()));
                }
                Pat::Wild(_) => {}
                other => {
                    self.error_spanning(
                        other,
                        "the index of `enumerate()` must be bound to a plain name",
                    );
                }
            }
            &pair.elems[1]
        } else {
            pat
        };
        match element_pat {
            Pat::Ident(ident) if ident.subpat.is_none() && ident.by_ref.is_none() => {
                self.bind(ident.ident.to_string(), element);
            }
            Pat::Wild(_) => {}
            other => {
                self.error_spanning(
                    other,
                    "an element of a collection must be bound to a plain name",
                );
            }
        }
    }

    /// Lowers a loop; variables its body assigns become loop-carried. A variable carries a
    /// derivative if it does anywhere in the loop, which may take a second lowering to find out.
    fn lower_loop(&mut self, kind: LoopKind, body: &Block, span: Span) -> Operand {
        let mut assigned = Assigned::default();
        assigned.visit_block(body);
        let names = self.outer_assigned(assigned);
        let mut as_value: HashSet<String> = names
            .iter()
            .filter(|name| matches!(self.lookup(name), Some(Binding::Value(_))))
            .cloned()
            .collect();
        let inits: Vec<Operand> = names
            .iter()
            .map(|name| binding_operand(self.lookup(name)))
            .collect();
        loop {
            let snapshot = (
                self.body.stmts.len(),
                self.body.values.len(),
                self.errors.len(),
                self.body.names.clone(),
                self.scopes.clone(),
                self.body.items.len(),
            );
            self.segments.push(Segment::default());
            self.scopes.push(HashMap::new());
            let mut heads = Vec::new();
            for name in &names {
                if as_value.contains(name) {
                    let id = self.region_value(name, span);
                    self.rebind(name, Binding::Value(id));
                    heads.push(Merged::Value(id));
                } else {
                    let ident = self.user_name(name, span);
                    self.note_const(&ident);
                    self.rebind(name, Binding::Const(ident.clone()));
                    heads.push(Merged::Const(ident));
                }
            }
            let head_operands: Vec<Operand> = heads.iter().map(merged_operand).collect();
            let mut exit = None;
            let mut at_exit = head_operands.clone();
            let mut before = None;
            let head = match &kind {
                LoopKind::Over { pat, iter } => {
                    let pat = self.bind_loop_pattern(pat);
                    LoopHead::For {
                        pat,
                        iter: iter.clone(),
                    }
                }
                LoopKind::Elements {
                    pat,
                    vec,
                    len,
                    enumerate,
                } => {
                    let index = self.fresh("index", span);
                    self.note_const(&index);
                    if let Operand::Value(id) = self.place(*vec, quote!([#index]), None, span) {
                        self.mark_borrowed(id);
                        self.bind_element(pat, Binding::Value(id), *enumerate, &index);
                    }
                    LoopHead::For {
                        pat: index.to_token_stream(),
                        iter: quote!(0..#len.len()),
                    }
                }
                LoopKind::Indexed {
                    pat,
                    collection,
                    enumerate,
                } => {
                    let index = self.fresh("index", span);
                    self.note_const(&index);
                    let element = quote!((&(#collection)[#index]));
                    self.bind_element(pat, Binding::Expr(element), *enumerate, &index);
                    LoopHead::For {
                        pat: index.to_token_stream(),
                        iter: quote!(0..(#collection).len()),
                    }
                }
                LoopKind::While(cond) => {
                    let cond = self.condition(cond);
                    exit = Some(quote!(!#cond));
                    before = self.segments.pop();
                    self.segments.push(Segment::default());
                    LoopHead::Loop
                }
                LoopKind::Loop => LoopHead::Loop,
            };
            let count = body.stmts.len();
            for (i, stmt) in body.stmts.iter().enumerate() {
                if let Some(cond) = break_condition(stmt) {
                    if exit.is_some() {
                        self.error_spanning(stmt, BREAK_PLACEMENT);
                        continue;
                    }
                    let cond = self.condition(cond);
                    exit = Some(cond);
                    at_exit = names
                        .iter()
                        .map(|name| binding_operand(self.lookup(name)))
                        .collect();
                    before = self.segments.pop();
                    self.segments.push(Segment::default());
                    continue;
                }
                match stmt {
                    SynStmt::Expr(expr, None) if i + 1 == count => self.expr_stmt(expr),
                    other => self.stmt(other),
                }
            }
            self.scopes.pop();
            let last = self.segments.pop().unwrap_or_default();
            let (before, after) = match before {
                Some(before) => (before, last),
                None => (last, Segment::default()),
            };
            let next: Vec<Operand> = names
                .iter()
                .map(|name| binding_operand(self.lookup(name)))
                .collect();
            let mut again = false;
            for (k, name) in names.iter().enumerate() {
                let becomes_value =
                    matches!(next[k], Operand::Value(_)) || matches!(at_exit[k], Operand::Value(_));
                if becomes_value && as_value.insert(name.clone()) {
                    again = true;
                }
            }
            if again && self.errors.len() == snapshot.2 {
                let (stmts, values, errors, names_taken, scopes, items) = snapshot;
                self.body.stmts.truncate(stmts);
                self.body.values.truncate(values);
                self.errors.truncate(errors);
                self.body.names = names_taken;
                self.scopes = scopes;
                self.body.items.truncate(items);
                continue;
            }
            let index = self.body.stmts.len();
            for head in &heads {
                if let Merged::Value(id) = head {
                    self.body.values[id.0].def = ValueDef::Region(index);
                }
            }
            let mut carried = Vec::new();
            for (k, name) in names.iter().enumerate() {
                let out = match &heads[k] {
                    Merged::Value(_) => Merged::Value(self.region_value(name, span)),
                    Merged::Const(_) => {
                        let ident = self.user_name(name, span);
                        self.note_const(&ident);
                        Merged::Const(ident)
                    }
                };
                if let Merged::Value(id) = &out {
                    self.body.values[id.0].def = ValueDef::Region(index);
                }
                let binding = match &out {
                    Merged::Value(id) => Binding::Value(*id),
                    Merged::Const(ident) => Binding::Const(ident.clone()),
                };
                self.rebind(name, binding);
                let init = match (&heads[k], &inits[k]) {
                    (Merged::Value(_), Operand::Literal(literal)) => self.typed_literal(literal),
                    (_, init) => init.clone(),
                };
                carried.push(Carried {
                    init,
                    head: heads[k].clone(),
                    at_exit: at_exit[k].clone(),
                    next: next[k].clone(),
                    out,
                });
            }
            self.push_stmt(Stmt::Loop(Loop {
                head,
                before,
                exit,
                after,
                carried,
                span,
            }));
            return Operand::Const(quote!(()));
        }
    }
}

impl Lowering {
    /// A float literal that starts a loop-carried value (`let mut p = 1.0;` then `p = p * x[i]`
    /// in the loop), given the element type of the first float or array parameter: the
    /// generated loop reads it through generic rules, where Rust could not infer its type.
    /// A literal stays as it is when no such parameter exists.
    fn typed_literal(&self, literal: &TokenStream) -> Operand {
        let like = self.body.params.iter().find_map(|param| {
            let (id, _) = param.differentiable.as_ref()?;
            crate::types::is_float_or_array(&param.ty).then(|| self.value_expr(*id))
        });
        match like {
            Some(like) => {
                Operand::Const(quote!(::adjoint::__private::literal_like(&#like, #literal)))
            }
            None => Operand::Literal(literal.clone()),
        }
    }
}

fn merged_operand(merged: &Merged) -> Operand {
    match merged {
        Merged::Value(id) => Operand::Value(*id),
        Merged::Const(ident) => Operand::Const(ident.to_token_stream()),
    }
}

/// Renames the bindings of a `match` pattern to constant locals; paths, literals, ranges and
/// names that start with a capital letter (unit variants, constants) stay as they are.
struct MatchPatRenamer<'a> {
    lowering: &'a mut Lowering,
    errors: Vec<syn::Error>,
}

impl VisitMut for MatchPatRenamer<'_> {
    fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
        let name = pat.ident.to_string();
        if name.chars().next().is_some_and(char::is_uppercase) {
            return;
        }
        if pat.by_ref.is_some() || pat.subpat.is_some() {
            self.errors.push(syn::Error::new_spanned(
                &*pat,
                "`ref` bindings and `@` patterns are not supported in a differentiable function",
            ));
            return;
        }
        let fresh = self.lowering.fresh(&name, pat.ident.span());
        self.lowering.note_const(&fresh);
        self.lowering.bind(name, Binding::Const(fresh.clone()));
        pat.ident = fresh;
        pat.mutability = None;
    }

    fn visit_field_pat_mut(&mut self, field: &mut syn::FieldPat) {
        // `Point { x, .. }` binds `x`: spell it out as `Point { x: x_1, .. }`.
        if field.colon_token.is_none() {
            field.colon_token = Some(Default::default());
        }
        syn::visit_mut::visit_field_pat_mut(self, field);
    }

    fn visit_pat_mut(&mut self, pat: &mut Pat) {
        if let Pat::Macro(mac) = pat {
            self.errors.push(syn::Error::new_spanned(
                &mac.mac.path,
                "macros in patterns are not supported in a differentiable function",
            ));
            return;
        }
        syn::visit_mut::visit_pat_mut(self, pat);
    }
}

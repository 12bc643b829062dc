//! A loop's `break` and `continue` nested in its body's `if`s, `match`es and blocks, rewritten
//! as flags: the IR's loops have one exit, tested at the end of an iteration, so an exit sets
//! `stop` (a `break`) and `skipped` (both), and the statements after it run under
//! `if !skipped { .. }`.
//!
//! Only statements are rewritten, never expressions with a value: an exit inside a `let`'s
//! value, an operand or an inner loop stays as written, and lowering refuses it at its token.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{Expr, Stmt as SynStmt};

/// The flags of one loop: `stop` ends the loop after this iteration, `skipped` skips the rest
/// of this iteration.
pub(super) struct Flags<'a> {
    pub stop: &'a syn::Ident,
    pub skipped: &'a syn::Ident,
}

/// A `break` without label or value, or a `continue` without label: the exits a flag replaces.
fn is_plain_exit(expr: &Expr) -> bool {
    match expr {
        Expr::Break(b) => b.label.is_none() && b.expr.is_none(),
        Expr::Continue(c) => c.label.is_none(),
        _ => false,
    }
}

/// Whether a statement is an `if`, `match` or block whose arms reach a plain exit of the loop
/// around them (not one of an inner loop or closure).
pub(super) fn holds_exit(stmt: &SynStmt) -> bool {
    match stmt {
        SynStmt::Expr(expr @ (Expr::If(_) | Expr::Match(_) | Expr::Block(_)), _) => {
            let mut find = FindExit(false);
            find.visit_expr(expr);
            find.0
        }
        _ => false,
    }
}

/// Finds a plain exit in statement position of nested `if`s, `match`es and blocks.
struct FindExit(bool);

impl<'ast> Visit<'ast> for FindExit {
    fn visit_stmt(&mut self, stmt: &'ast SynStmt) {
        match stmt {
            SynStmt::Expr(expr, _) if is_plain_exit(expr) => self.0 = true,
            SynStmt::Expr(Expr::If(_) | Expr::Match(_) | Expr::Block(_), _) => {
                syn::visit::visit_stmt(self, stmt);
            }
            _ => {}
        }
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::If(branch) => {
                self.visit_block(&branch.then_branch);
                if let Some((_, otherwise)) = &branch.else_branch {
                    self.visit_expr(otherwise);
                }
            }
            Expr::Block(block) if block.label.is_none() => self.visit_block(&block.block),
            Expr::Match(matched) => {
                for arm in &matched.arms {
                    if is_plain_exit(&arm.body) {
                        self.0 = true;
                    } else {
                        self.visit_expr(&arm.body);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The statements of a nested block with each plain exit replaced by its flags, and the
/// statements after a statement that may set them run only if it did not.
pub(super) fn flag_block(stmts: &[SynStmt], flags: &Flags<'_>) -> TokenStream {
    let mut tokens = TokenStream::new();
    for (i, stmt) in stmts.iter().enumerate() {
        match stmt {
            SynStmt::Expr(exit, _) if is_plain_exit(exit) => {
                tokens.extend(set_flags(exit, flags));
                // What follows an exit never runs.
                return tokens;
            }
            _ if holds_exit(stmt) => {
                let skipped = flags.skipped;
                tokens.extend(flag_stmt(stmt, flags));
                let rest = flag_block(&stmts[i + 1..], flags);
                if !rest.is_empty() {
                    tokens.extend(quote!(if !#skipped { #rest }));
                }
                return tokens;
            }
            SynStmt::Expr(expr, None) => tokens.extend(quote!(#expr;)),
            other => tokens.extend(quote!(#other)),
        }
    }
    tokens
}

/// `stop = true; skipped = true;` for a `break`, `skipped = true;` for a `continue`.
fn set_flags(exit: &Expr, flags: &Flags<'_>) -> TokenStream {
    let (stop, skipped) = (flags.stop, flags.skipped);
    match exit {
        Expr::Break(_) => quote!(#stop = true; #skipped = true;),
        _ => quote!(#skipped = true;),
    }
}

/// An `if`, `match` or block statement with the exits of its arms replaced by flags.
pub(super) fn flag_stmt(stmt: &SynStmt, flags: &Flags<'_>) -> TokenStream {
    match stmt {
        SynStmt::Expr(expr, _) => {
            let expr = flag_expr(expr, flags);
            quote!(#expr;)
        }
        other => quote!(#other),
    }
}

fn flag_expr(expr: &Expr, flags: &Flags<'_>) -> TokenStream {
    match expr {
        Expr::If(branch) => {
            let (attrs, if_token, cond) = (&branch.attrs, &branch.if_token, &branch.cond);
            let then = flag_block(&branch.then_branch.stmts, flags);
            let otherwise = branch.else_branch.as_ref().map(|(else_token, otherwise)| {
                let otherwise = match &**otherwise {
                    Expr::Block(block) => {
                        let inner = flag_block(&block.block.stmts, flags);
                        quote!({ #inner })
                    }
                    other => flag_expr(other, flags),
                };
                quote!(#else_token #otherwise)
            });
            quote!(#(#attrs)* #if_token #cond { #then } #otherwise)
        }
        Expr::Block(block) if block.label.is_none() => {
            let inner = flag_block(&block.block.stmts, flags);
            quote!({ #inner })
        }
        Expr::Match(matched) => {
            let (attrs, match_token, scrutinee) =
                (&matched.attrs, &matched.match_token, &matched.expr);
            let arms = matched.arms.iter().map(|arm| {
                let body = match &*arm.body {
                    Expr::Block(block) if block.label.is_none() => {
                        flag_block(&block.block.stmts, flags)
                    }
                    body => flag_block(&[SynStmt::Expr(body.clone(), None)], flags),
                };
                let mut arm = arm.clone();
                *arm.body = Expr::Verbatim(quote!({ #body }));
                arm.comma = Some(Default::default());
                quote!(#arm)
            });
            quote!(#(#attrs)* #match_token #scrutinee { #(#arms)* })
        }
        other => quote!(#other),
    }
}

/// The flags of a labelled loop's exits taken from loops inside it: `broke` for a
/// `break 'label`, `continued` for a `continue 'label`.
pub(super) struct Routes<'a> {
    pub label: &'a syn::Lifetime,
    pub broke: &'a syn::Ident,
    pub continued: &'a syn::Ident,
}

/// Which exits of the labelled loop its body takes from inside other loops.
#[derive(Default, Clone, Copy)]
pub(super) struct Routed {
    pub broke: bool,
    pub continued: bool,
}

impl Routed {
    fn any(self) -> bool {
        self.broke || self.continued
    }

    fn and(self, other: Routed) -> Routed {
        Routed {
            broke: self.broke || other.broke,
            continued: self.continued || other.continued,
        }
    }
}

/// The body of a labelled loop with its label's exits made plain: `break 'label` written in
/// its own body becomes `break`; in a loop inside it, it sets a flag and leaves that loop, and
/// each loop it leaves tests the flag after it (`if broke { break; }`), so that the exit
/// reaches the labelled loop through plain exits, which lowering turns into flags of their own.
pub(super) fn route_labelled_exits(
    stmts: &[SynStmt],
    routes: &Routes<'_>,
) -> (Vec<SynStmt>, Routed) {
    route_block(stmts, routes, false)
}

fn route_block(stmts: &[SynStmt], routes: &Routes<'_>, inner: bool) -> (Vec<SynStmt>, Routed) {
    let mut out = Vec::with_capacity(stmts.len());
    let mut routed = Routed::default();
    for stmt in stmts {
        let SynStmt::Expr(expr, semi) = stmt else {
            out.push(stmt.clone());
            continue;
        };
        let (expr, from_loop, here) = route_expr(expr, routes, inner);
        routed = routed.and(here).and(from_loop);
        out.push(SynStmt::Expr(expr, *semi));
        if from_loop.any() {
            // The loop just left stopped on the label's exit: leave this loop too.
            let (broke, continued) = (routes.broke, routes.continued);
            let tests: Vec<SynStmt> = if inner {
                let flags: Vec<&syn::Ident> =
                    [(from_loop.broke, broke), (from_loop.continued, continued)]
                        .into_iter()
                        .filter_map(|(taken, flag)| taken.then_some(flag))
                        .collect();
                vec![syn::parse_quote!(if #(#flags)||* { break; })]
            } else {
                let mut tests = Vec::new();
                if from_loop.broke {
                    tests.push(syn::parse_quote!(if #broke { break; }));
                }
                if from_loop.continued {
                    tests.push(syn::parse_quote!(if #continued { continue; }));
                }
                tests
            };
            // A statement that ended a block without `;` gets one, now that others follow.
            if let Some(SynStmt::Expr(_, semi @ None)) = out.last_mut() {
                *semi = Some(Default::default());
            }
            out.extend(tests);
        }
    }
    (out, routed)
}

/// An expression statement with the label's exits routed: the expression, what a loop inside
/// it (this statement's own loop included) routed, and what its other parts routed.
fn route_expr(expr: &Expr, routes: &Routes<'_>, inner: bool) -> (Expr, Routed, Routed) {
    let is_label = |label: &Option<syn::Lifetime>| label.as_ref() == Some(routes.label);
    let names_label =
        |label: &Option<syn::Label>| label.as_ref().is_some_and(|l| &l.name == routes.label);
    let (broke, continued) = (routes.broke, routes.continued);
    match expr {
        Expr::Break(exit) if is_label(&exit.label) && exit.expr.is_none() => {
            let routed = Routed {
                broke: true,
                continued: false,
            };
            let expr = if inner {
                syn::parse_quote!({ #broke = true; break; })
            } else {
                syn::parse_quote!(break)
            };
            (expr, Routed::default(), routed)
        }
        Expr::Continue(exit) if is_label(&exit.label) => {
            let routed = Routed {
                broke: false,
                continued: true,
            };
            let expr = if inner {
                syn::parse_quote!({ #continued = true; break; })
            } else {
                syn::parse_quote!(continue)
            };
            (expr, Routed::default(), routed)
        }
        Expr::If(branch) => {
            let mut branch = branch.clone();
            let (then, mut routed) = route_block(&branch.then_branch.stmts, routes, inner);
            branch.then_branch.stmts = then;
            if let Some((_, otherwise)) = &mut branch.else_branch {
                // A block or another `if`: loops inside are tested where they stand.
                let (expr, from_loop, here) = route_expr(otherwise, routes, inner);
                **otherwise = expr;
                routed = routed.and(here).and(from_loop);
            }
            (Expr::If(branch), Routed::default(), routed)
        }
        Expr::Block(block) if block.label.is_none() => {
            let mut block = block.clone();
            let (stmts, routed) = route_block(&block.block.stmts, routes, inner);
            block.block.stmts = stmts;
            (Expr::Block(block), Routed::default(), routed)
        }
        Expr::Match(matched) => {
            let mut matched = matched.clone();
            let mut routed = Routed::default();
            for arm in &mut matched.arms {
                // As a block, so that a loop written as the arm is tested after it.
                let (stmts, here) =
                    route_block(&[SynStmt::Expr((*arm.body).clone(), None)], routes, inner);
                if here.any() {
                    *arm.body = syn::parse_quote!({ #(#stmts)* });
                }
                routed = routed.and(here);
            }
            (Expr::Match(matched), Routed::default(), routed)
        }
        Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => {
            let mut looped = expr.clone();
            match loop_parts(&mut looped) {
                // A loop of the same label shadows it: its exits are its own.
                Some((label, _)) if names_label(label) => {
                    (looped, Routed::default(), Routed::default())
                }
                Some((_, body)) => {
                    let (stmts, routed) = route_block(&body.stmts, routes, true);
                    body.stmts = stmts;
                    (looped, routed, Routed::default())
                }
                None => unreachable!("matched as a loop above"),
            }
        }
        other => (other.clone(), Routed::default(), Routed::default()),
    }
}

/// The statements of the function's body with each loop written directly in it that returns
/// from the function (`for .. { if done { return x; } }`) rewritten as a loop that keeps the
/// value and leaves: `let mut returned = false; let mut value: R = Default::default();
/// 'l: for .. { if done { value = x; returned = true; break 'l; } } if returned { return
/// value; }`, which the early returns of the function's body and the loops' labelled exits
/// then lower.
pub(super) fn loop_returns_as_breaks(stmts: &[SynStmt], output: &syn::Type) -> Vec<SynStmt> {
    let mut out = Vec::with_capacity(stmts.len());
    for (index, stmt) in stmts.iter().enumerate() {
        let SynStmt::Expr(looped @ (Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_)), semi) =
            stmt
        else {
            out.push(stmt.clone());
            continue;
        };
        let span = looped.span();
        let suffix = format!("{index}");
        let returned = syn::Ident::new(&format!("__adjoint_returned_{suffix}"), span);
        let value = syn::Ident::new(&format!("__adjoint_return_value_{suffix}"), span);
        let fresh_label = syn::Lifetime::new(&format!("'__adjoint_return_{suffix}"), span);
        let mut looped = looped.clone();
        let Some((label, _)) = loop_parts(&mut looped) else {
            unreachable!("matched as a loop above")
        };
        let name = label
            .get_or_insert_with(|| syn::parse_quote!(#fresh_label:))
            .name
            .clone();
        let mut replace = ReturnsAsBreaks {
            label: &name,
            returned: &returned,
            value: &value,
            found: false,
        };
        replace.visit_expr_mut(&mut looped);
        if !replace.found {
            out.push(stmt.clone());
            continue;
        }
        out.push(syn::parse_quote_spanned!(span=> let mut #returned = false;));
        out.push(
            syn::parse_quote_spanned!(span=> let mut #value: #output = ::core::default::Default::default();),
        );
        out.push(SynStmt::Expr(looped, semi.or(Some(Default::default()))));
        out.push(syn::parse_quote_spanned!(span=> if #returned { return #value; }));
    }
    out
}

/// Replaces the `return`s written as statements or `match` arms inside a loop (not inside a
/// closure or a `let`'s value) with `{ value = x; returned = true; break 'label; }`.
struct ReturnsAsBreaks<'a> {
    label: &'a syn::Lifetime,
    returned: &'a syn::Ident,
    value: &'a syn::Ident,
    found: bool,
}

impl ReturnsAsBreaks<'_> {
    fn replacement(&mut self, ret: &syn::ExprReturn) -> Option<Expr> {
        let returned_value = ret.expr.as_deref()?;
        self.found = true;
        let (label, returned, value) = (self.label, self.returned, self.value);
        Some(syn::parse_quote_spanned! {ret.return_token.span=>
            { #value = #returned_value; #returned = true; break #label; }
        })
    }
}

impl VisitMut for ReturnsAsBreaks<'_> {
    fn visit_stmt_mut(&mut self, stmt: &mut SynStmt) {
        match stmt {
            SynStmt::Expr(Expr::Return(ret), _) => {
                if let Some(replacement) = self.replacement(ret) {
                    *stmt = SynStmt::Expr(replacement, None);
                }
            }
            SynStmt::Local(_) => {}
            other => syn::visit_mut::visit_stmt_mut(self, other),
        }
    }

    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        if let Expr::Return(ret) = &*arm.body {
            if let Some(replacement) = self.replacement(ret) {
                *arm.body = replacement;
            }
            return;
        }
        syn::visit_mut::visit_arm_mut(self, arm);
    }

    fn visit_expr_closure_mut(&mut self, _closure: &mut syn::ExprClosure) {}
}

/// The label and body of a `for`, `while` or `loop` expression.
fn loop_parts(expr: &mut Expr) -> Option<(&mut Option<syn::Label>, &mut syn::Block)> {
    match expr {
        Expr::ForLoop(looped) => Some((&mut looped.label, &mut looped.body)),
        Expr::While(looped) => Some((&mut looped.label, &mut looped.body)),
        Expr::Loop(looped) => Some((&mut looped.label, &mut looped.body)),
        _ => None,
    }
}

/// The statements of a block with its exits as branches, which the IR has: when `exit`
/// recognizes the last statement of an `if` without `else` as an exit (`Some(value)`),
/// `A; if c { B; exit x; } C` becomes `A; if c { B; x } else { C }`; a final exit `x` becomes
/// `x`. Exits anywhere else are left as they are.
pub(super) fn stmts_with_exits_as_branches(
    stmts: &[SynStmt],
    exit: &dyn Fn(&SynStmt) -> Option<Option<&Expr>>,
) -> Vec<SynStmt> {
    for (i, stmt) in stmts.iter().enumerate() {
        let SynStmt::Expr(Expr::If(branch), _) = stmt else {
            continue;
        };
        let then = &branch.then_branch.stmts;
        let Some(value) = then.last().and_then(exit) else {
            continue;
        };
        if branch.else_branch.is_some() {
            continue;
        }
        let cond = &branch.cond;
        let before_exit = &then[..then.len() - 1];
        let rest = stmts_with_exits_as_branches(&stmts[i + 1..], exit);
        let tail: Expr = syn::parse_quote_spanned! {branch.if_token.span=>
            if #cond {
                #(#before_exit)*
                #value
            } else {
                #(#rest)*
            }
        };
        let mut out = stmts[..i].to_vec();
        out.push(SynStmt::Expr(tail, None));
        return out;
    }
    let mut out = stmts.to_vec();
    if let Some(value) = out.last().and_then(exit) {
        match value.cloned() {
            Some(value) => *out.last_mut().expect("a last statement") = SynStmt::Expr(value, None),
            None => {
                out.pop();
            }
        }
    }
    out
}

/// The function's body with each labelled block whose `break`s are all exits that
/// [`stmts_with_exits_as_branches`] rewrites (`'a: { A; if c { B; break 'a x; } C }`) as the
/// block of branches it becomes (`{ A; if c { B; x } else { C } }`). A labelled block with
/// another `break` out of it is left for the lowering to refuse.
pub(super) fn labelled_blocks_as_branches(block: &syn::Block) -> syn::Block {
    struct Rewrite;
    impl VisitMut for Rewrite {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            // Inner blocks first: a `break` out of an outer block may be in an inner one.
            syn::visit_mut::visit_expr_mut(self, expr);
            let Expr::Block(labelled) = expr else {
                return;
            };
            let Some(label) = labelled.label.clone() else {
                return;
            };
            let name = label.name;
            let stmts =
                stmts_with_exits_as_branches(&labelled.block.stmts, &|stmt| break_to(stmt, &name));
            let rewritten = syn::Block {
                brace_token: labelled.block.brace_token,
                stmts,
            };
            if first_exit_to(&rewritten, &name).is_none() {
                labelled.label = None;
                labelled.block = rewritten;
            }
        }

        fn visit_expr_closure_mut(&mut self, _closure: &mut syn::ExprClosure) {}
    }
    let mut block = block.clone();
    Rewrite.visit_block_mut(&mut block);
    block
}

/// `break 'label x` (with or without `;`) as a statement: `Some(Some(x))`, or `Some(None)`
/// without a value.
fn break_to<'s>(stmt: &'s SynStmt, label: &syn::Lifetime) -> Option<Option<&'s Expr>> {
    match stmt {
        SynStmt::Expr(Expr::Break(b), _)
            if b.label.as_ref().is_some_and(|l| l.ident == label.ident) =>
        {
            Some(b.expr.as_deref())
        }
        _ => None,
    }
}

/// The first `break` or `continue` in `block` that names `label`.
pub(super) fn first_exit_to(
    block: &syn::Block,
    label: &syn::Lifetime,
) -> Option<proc_macro2::Span> {
    struct Finds<'a> {
        label: &'a syn::Lifetime,
        found: Option<proc_macro2::Span>,
    }
    impl Finds<'_> {
        fn names(&mut self, label: Option<&syn::Lifetime>, span: proc_macro2::Span) {
            if self.found.is_none() && label.is_some_and(|l| l.ident == self.label.ident) {
                self.found = Some(span);
            }
        }
    }
    impl Visit<'_> for Finds<'_> {
        fn visit_expr_break(&mut self, b: &syn::ExprBreak) {
            self.names(b.label.as_ref(), b.break_token.span);
            syn::visit::visit_expr_break(self, b);
        }
        fn visit_expr_continue(&mut self, c: &syn::ExprContinue) {
            self.names(c.label.as_ref(), c.continue_token.span);
        }
    }
    let mut finds = Finds { label, found: None };
    finds.visit_block(block);
    finds.found
}

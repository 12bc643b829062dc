//! Lowering a function body to the IR in A-normal form: every intermediate becomes a named
//! value, every operator or method a primitive, every call to a differentiable function a
//! call statement, and every expression that cannot carry a derivative a constant kept
//! verbatim. Unsupported syntax becomes an error at its span; lowering goes on, so that the
//! user sees every mistake at once.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{BinOp, Block, Expr, ExprMethodCall, Ident, Lit, Pat, Stmt as SynStmt, UnOp};

use crate::ir::{
    Body, CallArg, Callee, Names, Operand, Param, Stmt, Value, ValueDef, ValueId, unraw,
};
use crate::prims::{Prim, SHAPE_QUERIES, SUPPORTED_METHODS};

mod arrays;
mod closures;
mod control;
mod effects;
mod exits;
mod updates;

/// What a name in scope stands for.
#[derive(Clone)]
enum Binding {
    Value(ValueId),
    /// A non-differentiated binding, referred to by this (hygienic) identifier.
    Const(Ident),
    /// A name for an untyped float literal (`let mut acc = 0.0;`), which takes its type where
    /// it is used, as in Rust's own inference.
    Literal(TokenStream),
    /// A name for an expression that carries no derivative and is evaluated where it is used:
    /// a `for` loop's element of a collection that is not differentiated (`&xs[index]`).
    Expr(TokenStream),
}

/// The state of lowering one function.
struct Lowering {
    body: Body,
    scopes: Vec<HashMap<String, Binding>>,
    errors: Vec<syn::Error>,
    /// The sequences being lowered, innermost last: the function's block, then any branch arm
    /// or loop body inside it.
    segments: Vec<crate::ir::Segment>,
    /// The function being lowered, to refuse calls to itself.
    own: Own,
    /// The auxiliary outputs the function's block ends with, until that block is lowered.
    aux_pending: usize,
    /// How many closures applied to whole arrays (`mapv`) are being lowered: inside one, a call
    /// `f(v)` applies `f` to each element.
    element_wise: usize,
    /// The locals of constants the user declared `mut`, which their methods may change in place
    /// (`stack.pop()`): a rule's operand that reads one is a copy made where it is read.
    mutable_consts: HashSet<String>,
}

/// The name of the function being lowered, and whether it is a method (called as
/// `self.name(..)`) or a free function (called as `name(..)`).
pub struct Own {
    pub name: Ident,
    pub method: bool,
    /// The function's output type.
    pub output: syn::Type,
    /// How many auxiliary outputs follow the value in the returned tuple.
    pub aux: usize,
    /// Whether a `mapv` closure becomes one element-wise rule (`fuse = false`: one primitive
    /// per operation).
    pub fuse: bool,
    /// The type parameters in scope (the function's and the impl block's named with
    /// `impl_generics`), which may stand for the float type (`F::exp`).
    pub type_params: Vec<Ident>,
}

/// Methods that go through an array's elements one by one.
const ITERATION_METHODS: [&str; 11] = [
    "iter",
    "into_iter",
    "iter_mut",
    "indexed_iter",
    "outer_iter",
    "axis_iter",
    "rows",
    "columns",
    "lanes",
    "map_axis",
    "fold",
];

/// The message for a function that calls itself.
const RECURSION: &str = "recursion is not supported in a differentiable function: write it as a loop over a `let mut` state (`for`, `while` or `loop`), which the derivative keeps as a loop";

/// Lowers `block` given the already-classified parameters.
pub fn lower(
    own: Own,
    params: Vec<Param>,
    param_values: Vec<Value>,
    block: &Block,
) -> Result<Body, Vec<syn::Error>> {
    let mut used_names = HashSet::new();
    collect_idents(block.to_token_stream(), &mut used_names);
    let mut globals = HashMap::new();
    let names = Names::new(
        used_names.clone(),
        params.iter().map(|p| p.ident.to_string()),
    );
    for param in &params {
        let binding = match &param.differentiable {
            Some((id, _)) => Binding::Value(*id),
            None => Binding::Const(param.ident.clone()),
        };
        globals.insert(unraw(&param.ident.to_string()), binding);
    }
    let mut lowering = Lowering {
        body: Body {
            values: param_values,
            params,
            stmts: Vec::new(),
            output: Operand::Const(quote!(())),
            items: Vec::new(),
            names,
            top: Vec::new(),
            kept: Vec::new(),
            aux: Vec::new(),
        },
        scopes: vec![globals],
        errors: Vec::new(),
        segments: vec![crate::ir::Segment::default()],
        aux_pending: own.aux,
        element_wise: 0,
        mutable_consts: HashSet::new(),
        own,
    };
    if lowering.own.aux > 0 {
        let before = lowering.errors.len();
        refuse_returns_with_auxiliary_outputs(block, &mut lowering.errors);
        if lowering.errors.len() > before {
            // The end is not checked for the tuple: the `return`s are the mistake.
            lowering.aux_pending = 0;
        }
    }
    let block = exits::labelled_blocks_as_branches(block);
    let block = returns_as_branches(&block, &lowering.own.output);
    let block = auxiliary_lets_inlined(&block, lowering.own.aux);
    let output = lowering.block(&block);
    match output {
        // An argument returned as it is still gets a statement of its own, so that its
        // adjoint (the seed) is kept apart from the argument's gradient.
        Some(Operand::Value(id)) if lowering.is_borrowed(id) => {
            let span = block.brace_token.span.close();
            lowering.body.output =
                lowering.push_prim(Prim::Copy, vec![Operand::Value(id)], Vec::new(), span);
        }
        // A tuple of values is returned only where the signature says a tuple.
        Some(Operand::Value(id))
            if lowering.is_tuple_value(id)
                && !matches!(lowering.own.output, syn::Type::Tuple(_)) =>
        {
            let output = &lowering.own.output;
            let span = match lowering.body.values[id.0].def {
                ValueDef::Stmt(index) => match &lowering.body.stmts[index] {
                    Stmt::Prim { span, .. } => *span,
                    _ => block.brace_token.span.close(),
                },
                _ => block.brace_token.span.close(),
            };
            lowering.errors.push(syn::Error::new(
                span,
                format!(
                    "this function returns a tuple, but its signature says `{}`: write the tuple type in the signature (`-> (f64, Array1<f64>)`)",
                    crate::types::display(output)
                ),
            ));
        }
        Some(output) => lowering.body.output = output,
        None if !lowering.errors.is_empty() => {}
        None => lowering.errors.push(syn::Error::new(
            block.brace_token.span.close(),
            "a differentiable function must end with the expression it returns",
        )),
    }
    lowering.body.top = lowering
        .segments
        .pop()
        .map(|segment| segment.stmts)
        .unwrap_or_default();
    if lowering.errors.is_empty() {
        Ok(lowering.body)
    } else {
        Err(lowering.errors)
    }
}

/// The function's body with its early returns as branches, which the IR has:
/// `A; if c { B; return x; } C` becomes `A; if c { B; x } else { C }`, and a final `return x;`
/// becomes `x`; a loop written in the body returns through a flag tested after it
/// ([`exits::loop_returns_as_breaks`]). Returns anywhere else are left for the lowering to
/// refuse.
fn returns_as_branches(block: &Block, output: &syn::Type) -> Block {
    let stmts = exits::loop_returns_as_breaks(&block.stmts, output);
    Block {
        brace_token: block.brace_token,
        stmts: stmts_with_returns_as_branches(&stmts),
    }
}

fn stmts_with_returns_as_branches(stmts: &[SynStmt]) -> Vec<SynStmt> {
    /// `return x` (with or without `;`) as a statement: `x`.
    fn returned(stmt: &SynStmt) -> Option<Option<&Expr>> {
        match stmt {
            SynStmt::Expr(Expr::Return(ret), _) => Some(Some(ret.expr.as_deref()?)),
            _ => None,
        }
    }
    exits::stmts_with_exits_as_branches(stmts, &returned)
}

// Input:  `let correct = p.iter().filter(..).count(); let loss = mse(&p, t); (loss, correct)`
// Output: `let loss = mse(&p, t); (loss, (p.iter().filter(..).count()))`
/// A `let` of the function's block whose name the final tuple returns as an auxiliary output,
/// and nothing else reads, moved into the tuple: an auxiliary output reads the forward pass's
/// values where the tuple is, so the `let` moves only if nothing between it and the tuple
/// assigns a name it reads, and no variable it reads is declared `mut` and named in between
/// (whose methods could change it).
fn auxiliary_lets_inlined(block: &Block, aux: usize) -> Block {
    let mut block = block.clone();
    let Some(last) = block.stmts.len().checked_sub(1) else {
        return block;
    };
    let SynStmt::Expr(Expr::Tuple(tuple), None) = &block.stmts[last] else {
        return block;
    };
    if aux == 0 || tuple.elems.len() != aux + 1 {
        return block;
    }
    let mutable: HashSet<String> = block
        .stmts
        .iter()
        .filter_map(|stmt| match stmt {
            SynStmt::Local(syn::Local {
                pat: Pat::Ident(ident),
                ..
            }) if ident.mutability.is_some() => Some(ident.ident.to_string()),
            _ => None,
        })
        .collect();
    for k in 1..=aux {
        let SynStmt::Expr(Expr::Tuple(tuple), None) = &block.stmts[block.stmts.len() - 1] else {
            return block;
        };
        let Expr::Path(path) = &tuple.elems[k] else {
            continue;
        };
        let Some(name) = path.path.get_ident().map(ToString::to_string) else {
            continue;
        };
        let end = block.stmts.len() - 1;
        let Some(j) = block.stmts[..end].iter().rposition(|stmt| match stmt {
            SynStmt::Local(local) => {
                matches!(&local.pat, Pat::Ident(ident) if ident.ident == name && ident.mutability.is_none() && ident.subpat.is_none())
            }
            _ => false,
        }) else {
            continue;
        };
        let SynStmt::Local(syn::Local {
            init: Some(init), ..
        }) = &block.stmts[j]
        else {
            continue;
        };
        if init.diverge.is_some() {
            continue;
        }
        let value = (*init.expr).clone();
        let mut read = HashSet::new();
        collect_idents(value.to_token_stream(), &mut read);
        let between = &block.stmts[j + 1..end];
        let mut named_between = HashSet::new();
        for stmt in between {
            collect_idents(stmt.to_token_stream(), &mut named_between);
        }
        let mut others = HashSet::new();
        for (i, elem) in tuple.elems.iter().enumerate() {
            if i != k {
                collect_idents(elem.to_token_stream(), &mut others);
            }
        }
        let mut assigned = control::Assigned(Vec::new());
        for stmt in between {
            syn::visit::Visit::visit_stmt(&mut assigned, stmt);
        }
        let rebound = between.iter().any(|stmt| {
            let SynStmt::Local(local) = stmt else {
                return false;
            };
            let mut bound = Vec::new();
            collect_pattern_names(&local.pat, &mut bound);
            bound.iter().any(|ident| read.contains(&ident.to_string()))
        });
        let changed = assigned.0.iter().any(|n| read.contains(n))
            || read
                .iter()
                .any(|n| mutable.contains(n) && named_between.contains(n));
        if named_between.contains(&name) || others.contains(&name) || changed || rebound {
            continue;
        }
        let mut tuple = tuple.clone();
        tuple.elems[k] = syn::parse_quote!((#value));
        block.stmts[end] = SynStmt::Expr(Expr::Tuple(tuple), None);
        block.stmts.remove(j);
    }
    block
}

/// A function with auxiliary outputs returns them by its last expression only: each `return`
/// in it is an error.
fn refuse_returns_with_auxiliary_outputs(block: &Block, errors: &mut Vec<syn::Error>) {
    struct Returns<'e>(&'e mut Vec<syn::Error>);
    impl syn::visit::Visit<'_> for Returns<'_> {
        fn visit_expr_return(&mut self, ret: &syn::ExprReturn) {
            self.0.push(syn::Error::new(
                ret.return_token.span(),
                "a function with auxiliary outputs returns `(value, auxiliary…)` as its last expression only: `return` is not supported in it; carry the result in `let mut` variables to the end",
            ));
        }
        fn visit_expr_closure(&mut self, _: &syn::ExprClosure) {}
        fn visit_item(&mut self, _: &syn::Item) {}
    }
    syn::visit::Visit::visit_block(&mut Returns(errors), block);
}

/// `f64::max(a, b)`, `f32::exp(x)`: a supported float method written as a path, as the method
/// call it is (`a.max(b)`). Only the float types' own paths: another path names a function.
fn float_method_in_path_form(call: &syn::ExprCall) -> Option<ExprMethodCall> {
    let Expr::Path(func) = &*call.func else {
        return None;
    };
    let [ty, method] = func.path.segments.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let float_type = crate::types::is_float_name(&ty.ident);
    let plain = func.qself.is_none()
        && func.path.leading_colon.is_none()
        && ty.arguments.is_none()
        && method.arguments.is_none();
    if !float_type || !plain || Prim::from_method(&method.ident.to_string()).is_none() {
        return None;
    }
    let mut args = call.args.iter();
    let receiver = args.next()?;
    let method = &method.ident;
    Some(syn::parse_quote_spanned! {method.span()=> (#receiver).#method(#(#args),*)})
}

/// Every identifier in a token stream, groups included.
pub(crate) fn collect_idents(tokens: TokenStream, into: &mut HashSet<String>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => {
                into.insert(ident.to_string());
            }
            proc_macro2::TokenTree::Group(group) => collect_idents(group.stream(), into),
            _ => {}
        }
    }
}

impl Lowering {
    fn error(&mut self, span: Span, message: impl Into<String>) -> Operand {
        self.errors.push(syn::Error::new(span, message.into()));
        Operand::Const(quote!(()))
    }

    /// An error covering every token of `node`, from its first to its last.
    fn error_spanning(&mut self, node: impl ToTokens, message: impl Into<String>) -> Operand {
        self.errors
            .push(syn::Error::new_spanned(node, message.into()));
        Operand::Const(quote!(()))
    }

    /// A fresh generated name, hygienic, shown at `span`, unlike any name in the user's code.
    fn fresh(&mut self, base: &str, span: Span) -> Ident {
        self.body.names.fresh(base, span)
    }

    fn user_name(&mut self, base: &str, span: Span) -> Ident {
        self.body.names.for_user(base, span)
    }

    /// Whether a value is a parameter or a part of one, which a function cannot return as is.
    fn is_borrowed(&self, id: ValueId) -> bool {
        match self.body.values[id.0].def {
            ValueDef::Param(_) => true,
            ValueDef::Stmt(index) => matches!(self.body.stmts[index], Stmt::Place { .. }),
            ValueDef::Region(_) => false,
        }
    }

    /// The binding of a user's name (`r#x` and `x` are one name).
    fn lookup(&self, name: &str) -> Option<Binding> {
        let name = unraw(name);
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.get(&name).cloned())
    }

    fn bind(&mut self, name: String, binding: Binding) {
        self.scopes
            .last_mut()
            .expect("a scope is open")
            .insert(unraw(&name), binding);
    }

    /// Rebinds an existing `let mut` name in the scope that declared it.
    fn rebind(&mut self, name: &str, binding: Binding) -> bool {
        let name = unraw(name);
        for scope in self.scopes.iter_mut().rev() {
            if let Some(slot) = scope.get_mut(&name) {
                *slot = binding;
                return true;
            }
        }
        false
    }

    /// Appends a statement to the sequence being lowered.
    fn push_stmt(&mut self, stmt: Stmt) {
        let index = self.body.stmts.len();
        self.body.stmts.push(stmt);
        self.segments
            .last_mut()
            .expect("a sequence is open")
            .stmts
            .push(index);
    }

    /// Records a constant local of the sequence being lowered.
    fn note_const(&mut self, ident: &Ident) {
        self.segments
            .last_mut()
            .expect("a sequence is open")
            .consts
            .push(ident.clone());
    }

    fn new_value(&mut self, base: &str, span: Span) -> ValueId {
        let name = self.fresh(base, span);
        let id = ValueId(self.body.values.len());
        self.body.values.push(Value {
            name,
            def: ValueDef::Stmt(self.body.stmts.len()),
        });
        id
    }

    fn push_prim(
        &mut self,
        prim: Prim,
        inputs: Vec<Operand>,
        consts: Vec<TokenStream>,
        span: Span,
    ) -> Operand {
        let inputs = inputs
            .into_iter()
            .map(|input| match input {
                // A copy of the moment, which a rule that reads it later still sees.
                Operand::Const(tokens) if self.reads_mutable_const(&tokens) => {
                    let p = quote!(::adjoint::__private);
                    self.hoist(Operand::Const(quote!(#p::select::to_owned(&(#tokens)))))
                }
                other => self.hoist(other),
            })
            .collect();
        let out = self.new_value("t", span);
        self.push_stmt(Stmt::Prim {
            out,
            prim,
            inputs,
            consts,
            span,
        });
        Operand::Value(out)
    }

    /// A part of `base` named in place (`base.w`, `base[i]`); a part of a part extends the
    /// projection from the same root.
    fn place(
        &mut self,
        base: ValueId,
        step: TokenStream,
        field: Option<String>,
        span: Span,
    ) -> Operand {
        let (root, prefix, mut fields) = match self.body.values[base.0].def {
            ValueDef::Stmt(index) => match &self.body.stmts[index] {
                Stmt::Place {
                    root,
                    projection,
                    fields,
                    ..
                } => (root.clone(), projection.clone(), fields.clone()),
                _ => (Operand::Value(base), TokenStream::new(), Vec::new()),
            },
            ValueDef::Param(_) | ValueDef::Region(_) => {
                (Operand::Value(base), TokenStream::new(), Vec::new())
            }
        };
        if let Some(field) = field {
            fields.push((prefix.clone(), field));
        }
        let projection = quote!(#prefix #step);
        let out = self.new_value("part", span);
        self.push_stmt(Stmt::Place {
            out,
            root,
            projection,
            fields,
            borrowed: false,
        });
        Operand::Value(out)
    }

    /// Notes that the user's name for a part is a reference to it.
    fn mark_borrowed(&mut self, id: ValueId) {
        if let ValueDef::Stmt(index) = self.body.values[id.0].def {
            if let Stmt::Place { borrowed, .. } = &mut self.body.stmts[index] {
                *borrowed = true;
            }
        }
    }

    /// Binds a constant expression to a local, so that a pullback can keep its value.
    fn hoist(&mut self, operand: Operand) -> Operand {
        let temporary = match &operand {
            Operand::Const(tokens) => view_of_a_temporary(tokens),
            _ => None,
        };
        match operand {
            // A view of a temporary (`(a + b).view()`): the temporary is bound, and the view is
            // made from it where it is used, so that nothing borrows a dropped value.
            Operand::Const(tokens) if temporary.is_some() => {
                let Some((receiver, view)) = temporary else {
                    return Operand::Const(tokens);
                };
                let name = self.fresh("c", tokens.span());
                self.note_const(&name);
                self.push_stmt(Stmt::Bind {
                    pat: name.to_token_stream(),
                    expr: receiver,
                });
                Operand::Const(quote!((#name #view)))
            }
            Operand::Const(tokens) if !is_simple_constant(&tokens) => {
                let name = self.fresh("c", tokens.span());
                self.note_const(&name);
                self.push_stmt(Stmt::Bind {
                    pat: name.to_token_stream(),
                    expr: tokens,
                });
                Operand::Const(name.to_token_stream())
            }
            other => other,
        }
    }

    /// Whether a constant expression names a local that its methods may change in place
    /// (`stack.pop()`): a rule that read it again later could see it changed.
    fn reads_mutable_const(&self, tokens: &TokenStream) -> bool {
        let mut names = HashSet::new();
        collect_idents(tokens.clone(), &mut names);
        !names.is_disjoint(&self.mutable_consts)
    }

    /// A value as an expression of the forward pass: its local, or the place it names
    /// (`(m.b)`), which has no local of its own.
    fn value_expr(&self, id: ValueId) -> Expr {
        let tokens = match self.body.values[id.0].def {
            ValueDef::Stmt(index) => match &self.body.stmts[index] {
                Stmt::Place {
                    root: Operand::Value(root),
                    projection,
                    ..
                } => {
                    let root = &self.body.values[root.0].name;
                    quote!((#root #projection))
                }
                _ => self.body.values[id.0].name.to_token_stream(),
            },
            ValueDef::Param(_) | ValueDef::Region(_) => {
                self.body.values[id.0].name.to_token_stream()
            }
        };
        syn::parse2(tokens).expect("a local or a place is an expression")
    }

    /// An expression with no differentiated value in it, with names mapped to generated locals.
    fn verbatim(&self, expr: &Expr) -> TokenStream {
        let mut expr = expr.clone();
        Renamer::new(self).visit_expr_mut(&mut expr);
        quote!((#expr))
    }

    fn block(&mut self, block: &Block) -> Option<Operand> {
        // Only the function's own block ends with the auxiliary outputs.
        let aux = std::mem::take(&mut self.aux_pending);
        self.scopes.push(HashMap::new());
        let mut output = None;
        let count = block.stmts.len();
        for (i, stmt) in block.stmts.iter().enumerate() {
            match stmt {
                SynStmt::Expr(expr, None) if i + 1 == count && aux > 0 => {
                    output = Some(self.with_auxiliary(expr, aux));
                }
                SynStmt::Expr(expr, None) if i + 1 == count => output = Some(self.expr(expr)),
                _ => self.stmt(stmt),
            }
        }
        self.scopes.pop();
        output
    }

    /// `(value, auxiliary…)` at the end of the function: the value lowered as the output, each
    /// auxiliary output a local of the forward pass that reads the values it names and takes
    /// no part in the derivative.
    fn with_auxiliary(&mut self, expr: &Expr, aux: usize) -> Operand {
        let tuple = match expr {
            Expr::Tuple(tuple) if tuple.elems.len() == aux + 1 => tuple,
            other => {
                return self.error_spanning(other, format!("a function that returns a value and {aux} auxiliary output(s) ends with a tuple of them, written out: `(loss, correct)`"));
            }
        };
        let mut elems = tuple.elems.iter();
        let Some(first) = elems.next() else {
            return Operand::Const(quote!(()));
        };
        let output = self.expr(first);
        for elem in elems {
            let name = self.fresh("aux", elem.span());
            let expr = self.verbatim(elem);
            self.note_const(&name);
            self.push_stmt(Stmt::Bind {
                pat: name.to_token_stream(),
                expr,
            });
            self.body.aux.push(name);
        }
        output
    }

    fn stmt(&mut self, stmt: &SynStmt) {
        match stmt {
            SynStmt::Local(local) => self.local(local),
            SynStmt::Item(item) => match item {
                syn::Item::Const(_) | syn::Item::Use(_) => self.body.items.push(item.clone()),
                other => {
                    self.error_spanning(other, "only `const` items and `use` declarations are supported inside a differentiable function");
                }
            },
            SynStmt::Expr(expr, _) => self.expr_stmt(expr),
            SynStmt::Macro(mac) => match effects::effect_macro(&mac.mac) {
                Some(format_at) => self.effect(&mac.mac, format_at),
                None => {
                    self.error_spanning(&mac.mac.path, unsupported_macro(&mac.mac));
                }
            },
        }
    }

    fn local(&mut self, local: &syn::Local) {
        let Some(init) = &local.init else {
            self.error_spanning(local, "a `let` in a differentiable function needs a value: declare and assign it at once (`let y = ...;`)");
            let mut names = Vec::new();
            collect_pattern_names(&local.pat, &mut names);
            for name in names {
                let placeholder = self.user_name(&name.to_string(), name.span());
                self.bind(name.to_string(), Binding::Const(placeholder));
            }
            return;
        };
        if let Some((else_token, _)) = &init.diverge {
            self.error(
                else_token.span(),
                "`let ... else` is not supported in a differentiable function",
            );
            return;
        }
        let (pat, annotation) = match &local.pat {
            Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
            other => (other, None),
        };
        if annotation.is_none() && self.destructure(pat, &init.expr) {
            return;
        }
        let values_before = self.body.values.len();
        let operand = self.expr(&init.expr);
        match (pat, operand) {
            (Pat::Ident(ident), Operand::Value(id)) if ident.subpat.is_none() => {
                if id.0 >= values_before {
                    self.body.values[id.0].name =
                        self.user_name(&ident.ident.to_string(), ident.ident.span());
                }
                self.bind(ident.ident.to_string(), Binding::Value(id));
            }
            (Pat::Ident(ident), Operand::Literal(tokens))
                if ident.subpat.is_none() && annotation.is_none() =>
            {
                self.bind(ident.ident.to_string(), Binding::Literal(tokens));
            }
            (_, Operand::Value(_)) => {
                self.error_spanning(pat, "a differentiated value must be bound to a plain name (`let h = ...`), not destructured");
            }
            (pat, operand) => {
                let tokens = match operand {
                    Operand::Const(t) | Operand::Literal(t) => t,
                    Operand::Value(_) => unreachable!("handled above"),
                };
                self.bind_const(pat, annotation, tokens);
            }
        }
    }

    /// `let PAT[: TY] = EXPR;` for a value that is never differentiated.
    fn bind_const(&mut self, pat: &Pat, annotation: Option<&syn::Type>, expr: TokenStream) {
        let mut pat = pat.clone();
        let mut names = Vec::new();
        let mut collector = PatRenamer {
            lowering: self,
            names: &mut names,
            errors: Vec::new(),
        };
        collector.visit_pat_mut(&mut pat);
        let errors = std::mem::take(&mut collector.errors);
        self.errors.extend(errors);
        for (user, generated) in names {
            self.note_const(&generated);
            self.bind(user, Binding::Const(generated));
        }
        let pat = match annotation {
            Some(ty) => quote!(#pat: #ty),
            None => pat.to_token_stream(),
        };
        self.push_stmt(Stmt::Bind { pat, expr });
    }

    fn expr_stmt(&mut self, expr: &Expr) {
        match expr {
            Expr::Macro(mac) if effects::effect_macro(&mac.mac).is_some() => {
                let format_at = effects::effect_macro(&mac.mac).unwrap_or_default();
                self.effect(&mac.mac, format_at);
            }
            Expr::Assign(assign) => match &*assign.left {
                Expr::Index(target) => self.assign_element(target, None, &assign.right),
                _ => {
                    let value = self.expr(&assign.right);
                    self.assign(&assign.left, value);
                }
            },
            Expr::Binary(binary)
                if is_compound_assignment(&binary.op)
                    && matches!(&*binary.left, Expr::Index(_)) =>
            {
                if let Expr::Index(target) = &*binary.left {
                    self.assign_element(target, Some(&binary.op), &binary.right);
                }
            }
            Expr::MethodCall(call) if self.assign_slice(call) => {}
            Expr::Binary(binary) if is_compound_assignment(&binary.op) => {
                let Some(prim) = Prim::from_binop(&binary.op) else {
                    self.error_spanning(binary.op, "only `+=`, `-=`, `*=` and `/=` update a value in a differentiable function");
                    return;
                };
                let current = self.expr(&binary.left);
                let rhs = self.expr(&binary.right);
                // `v += k` on constants is the constant `(v) + (k)`, not the assignment itself.
                let updated = match (&current, &rhs) {
                    // Laid out as `v`, which the assignment updates in place.
                    (Operand::Value(_), _) | (_, Operand::Value(_)) => self.push_prim(
                        prim.assigning(),
                        vec![current, rhs],
                        Vec::new(),
                        binary.op.span(),
                    ),
                    _ => {
                        let op = prim.operator();
                        // The right side as written: `v -= &w` borrows `w`, it does not move it.
                        let (current_tokens, rhs_tokens) =
                            (operand_tokens(&current), self.verbatim(&binary.right));
                        let tokens = quote!(((#current_tokens) #op #rhs_tokens));
                        match (&current, &rhs) {
                            (Operand::Literal(_), Operand::Literal(_)) => Operand::Literal(tokens),
                            _ => Operand::Const(tokens),
                        }
                    }
                };
                self.assign(&binary.left, updated);
            }
            Expr::Block(block) if block.label.is_none() => {
                self.block(&block.block);
            }
            Expr::If(e) => {
                self.branch_if(e);
            }
            Expr::Match(e) => {
                self.branch_match(e);
            }
            Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => {
                self.expr(expr);
            }
            other => {
                let errors_before = self.errors.len();
                let value = self.expr(other);
                if self.errors.len() > errors_before {
                    return;
                }
                // A call on values without derivative (`stack.push(i)`) runs for its effect in
                // the forward pass, like a `println!`.
                if let (Operand::Const(tokens), Expr::MethodCall(_) | Expr::Call(_)) =
                    (value, other)
                {
                    self.push_stmt(Stmt::Bind {
                        pat: quote!(_),
                        expr: tokens,
                    });
                    return;
                }
                if matches!(other, Expr::MethodCall(_) | Expr::Call(_)) {
                    self.error_spanning(other, "this call reads a value that may carry a derivative, and its result is discarded: such a call is kept only for its result (bind it with `let`), and a method that changes its receiver (`v.push(x)`) cannot carry a derivative; build arrays with `array![..]`, `concatenate`, `stack` or `mapv` instead");
                    return;
                }
                self.error_spanning(other,
                    "this statement has no effect: a differentiable function is a chain of `let` bindings and assignments ending with its result",
                );
            }
        }
    }

    fn assign(&mut self, target: &Expr, value: Operand) {
        let Expr::Path(path) = target else {
            self.error_spanning(target, "only local variables and their elements and slices (`y[i] = v`, `y.slice_mut(s![..]).assign(&v)`) can be assigned in a differentiable function: no fields or dereferences");
            return;
        };
        let Some(ident) = path.path.get_ident() else {
            self.error_spanning(
                target,
                "only local variables can be assigned in a differentiable function",
            );
            return;
        };
        let p = quote!(::adjoint::__private);
        let value = match (value, self.lookup(&ident.to_string())) {
            // `let mut v = x; v = 0.5;`: `v` keeps its type, it does not become an untyped literal.
            (Operand::Literal(tokens), Some(Binding::Value(id))) => {
                let like = self.value_expr(id);
                Operand::Const(quote!(#p::literal_like(&#like, #tokens)))
            }
            (Operand::Literal(tokens), Some(Binding::Const(name))) => {
                Operand::Const(quote!(#p::same_type(&#name, #tokens)))
            }
            (value, _) => value,
        };
        let binding = match value {
            Operand::Value(id) => Binding::Value(id),
            Operand::Literal(tokens) => Binding::Literal(tokens),
            Operand::Const(tokens) => {
                let name = self.user_name(&ident.to_string(), ident.span());
                self.note_const(&name);
                self.push_stmt(Stmt::Bind {
                    pat: name.to_token_stream(),
                    expr: tokens,
                });
                Binding::Const(name)
            }
        };
        if !self.rebind(&ident.to_string(), binding) {
            self.error_spanning(
                ident,
                format!("cannot assign to `{ident}`: it is not a local variable of this function"),
            );
        }
    }

    fn expr(&mut self, expr: &Expr) -> Operand {
        match expr {
            Expr::Lit(lit) => match &lit.lit {
                Lit::Float(f) if f.suffix().is_empty() => Operand::Literal(lit.to_token_stream()),
                Lit::Float(_) | Lit::Int(_) | Lit::Bool(_) | Lit::Char(_) | Lit::Str(_) => Operand::Const(lit.to_token_stream()),
                other => self.error_spanning(other, "this literal is not supported in a differentiable function"),
            },
            Expr::Paren(paren) => match self.expr(&paren.expr) {
                Operand::Literal(_) => Operand::Literal(self.verbatim(expr)),
                other => other,
            },
            Expr::Group(group) => self.expr(&group.expr),
            Expr::Path(path) => self.path(path),
            Expr::Reference(reference) => {
                if let Some(mutability) = reference.mutability {
                    return self.error(mutability.span(), "`&mut` is not supported in a differentiable function: it cannot mutate its inputs");
                }
                match self.expr(&reference.expr) {
                    Operand::Value(id) => {
                        self.mark_borrowed(id);
                        Operand::Value(id)
                    }
                    // `&m.layers[i]` of a constant stays a reference: without the `&` it would
                    // move out of the index. A reference to a temporary (`&m.w.to_owned()`)
                    // becomes the value itself, which its users borrow where they need to.
                    Operand::Const(tokens) if is_simple_constant(&tokens) => {
                        Operand::Const(self.verbatim(expr))
                    }
                    other => other,
                }
            }
            Expr::Unary(unary) => self.unary(unary, expr),
            Expr::Binary(binary) => self.binary(binary, expr),
            Expr::MethodCall(call) => self.method(call, expr),
            Expr::Call(call) => self.call(call, expr),
            Expr::Index(index) => {
                let base = self.expr(&index.expr);
                let position = self.expr(&index.index);
                match (base, position) {
                    (Operand::Value(_), Operand::Value(_)) => self.error_spanning(&index.index, "an index must not be a differentiated value"),
                    (Operand::Value(id), position) => {
                        let position = self.hoist(position);
                        let position = operand_tokens(&position);
                        self.place(id, quote!([#position]), None, index.bracket_token.span.join())
                    }
                    _ => Operand::Const(self.verbatim(expr)),
                }
            }
            Expr::Cast(cast) => match self.expr(&cast.expr) {
                Operand::Value(id) if crate::types::is_float(&cast.ty) => {
                    let ty = &cast.ty;
                    let to = Operand::Const(quote!(::core::marker::PhantomData::<#ty>));
                    self.with_const_args(Prim::Cast, id, vec![to], cast.as_token.span())
                }
                Operand::Value(_) => self.error(cast.as_token.span(), "a differentiated value can be converted with `as` only to `f32` or `f64`; `as` to other types is supported on integers and other constants"),
                _ => Operand::Const(self.verbatim(expr)),
            },
            Expr::Block(block) => {
                if let Some(label) = &block.label {
                    let at = exits::first_exit_to(&block.block, &label.name);
                    return self.error(at.unwrap_or_else(|| label.span()), "a labelled block is supported when each `break` out of it is the last statement of an `if` written directly in the block (`'a: { if c { break 'a x; } .. }`), which becomes an `if`/`else`; not inside loops, `match`es or other blocks: write the choice as `if c { x } else { .. }`");
                }
                match self.block(&block.block) {
                    Some(output) => output,
                    None => self.error_spanning(block, "this block has no result expression"),
                }
            }
            Expr::Tuple(tuple) => self.tuple(tuple, expr),
            Expr::Array(array) => self.constant_only(expr, array.elems.iter(), "an array literal"),
            Expr::Range(range) => self.constant_only(expr, range.start.iter().chain(range.end.iter()).map(|e| &**e), "a range"),
            Expr::Field(field) => match self.expr(&field.base) {
                Operand::Value(id) => {
                    let member = &field.member;
                    let name = match member {
                        syn::Member::Named(ident) => ident.to_string(),
                        syn::Member::Unnamed(index) => index.index.to_string(),
                    };
                    self.place(id, quote!(.#member), Some(name), member.span())
                }
                _ => Operand::Const(self.verbatim(expr)),
            },
            Expr::Closure(closure) => self.error(closure.inputs_begin.span(), "closures are supported as the argument of `mapv`, `mapv_into` and `map` on an array (`x.mapv(|v| v.max(0.0))`), not elsewhere in a differentiable function: write the computation inline or as another `#[differentiable]` function"),
            Expr::Unsafe(block) => self.error(block.unsafe_token.span(), "`unsafe` blocks are not supported in a differentiable function: use the checked operation (`x[i]` for `x.uget(i)`), or move the code into a function with a hand-written rule (`#[differentiable(vjp = rule)]`)"),
            Expr::Macro(mac) if is_vec_macro(&mac.mac) => self.vec_macro(expr, &mac.mac),
            Expr::Macro(mac) => match self.array_macro(mac) {
                Some(operand) => operand,
                None => self.error_spanning(&mac.mac.path, unsupported_macro(&mac.mac)),
            },
            Expr::Return(ret) => self.error(ret.return_token.span(), "`return` is supported as the last statement of the function, of an `if` block written directly in the function's body (`if c { return x; }`), or as a statement of a loop written directly in the function's body (and of the `if`s, `match`es and loops inside it); not inside other blocks or values"),
            Expr::Try(try_expr) => self.error(try_expr.question_token.span(), "the `?` operator is not supported in a differentiable function, which returns its value and not a `Result`: write `.unwrap()` or `.expect(..)`"),
            Expr::If(e) => self.branch_if(e),
            Expr::Match(e) => self.branch_match(e),
            Expr::ForLoop(e) => self.for_loop(e),
            Expr::While(e) => self.while_loop(e),
            Expr::Loop(e) => self.plain_loop(e),
            Expr::Break(e) => self.error(e.break_token.span(), control::BREAK_PLACEMENT),
            Expr::Continue(e) => self.error(e.continue_token.span(), control::CONTINUE_PLACEMENT),
            Expr::Assign(e) => self.error(e.eq_token.span(), "an assignment is a statement, not a value: write it on its own line"),
            Expr::Async(e) => self.error(e.async_token.span(), "`async` blocks are not supported in a differentiable function"),
            Expr::Await(e) => self.error(e.await_token.span(), "`.await` is not supported in a differentiable function"),
            Expr::Struct(built) => self.constant_only(expr, built.fields.iter().map(|field| &field.expr), "a struct built in the body"),
            other => self.error_spanning(other, "this expression is not supported in a differentiable function"),
        }
    }

    /// `(a, b, ..)`: a constant, or with differentiated floats and arrays in it, a tuple value
    /// (a function's several outputs), whose parts are read back by destructuring.
    fn tuple(&mut self, tuple: &syn::ExprTuple, whole: &Expr) -> Operand {
        let operands: Vec<Operand> = tuple.elems.iter().map(|elem| self.expr(elem)).collect();
        if !operands.iter().any(|o| matches!(o, Operand::Value(_))) {
            return Operand::Const(self.verbatim(whole));
        }
        let span = tuple.paren_token.span.join();
        self.push_prim(Prim::Tuple, operands, Vec::new(), span)
    }

    /// `let (a, b) = ..;` of differentiated values: of a tuple written out, each name bound to
    /// its element as by a `let` of its own; of a tuple value (a call's several outputs), each
    /// name bound to that part of it. `false` if the `let` is not one of these.
    fn destructure(&mut self, pat: &Pat, init: &Expr) -> bool {
        let Pat::Tuple(pats) = pat else {
            return false;
        };
        let simple = pats.elems.iter().all(|pat| match pat {
            Pat::Ident(ident) => ident.subpat.is_none() && ident.by_ref.is_none(),
            Pat::Wild(_) => true,
            _ => false,
        });
        if !simple || self.differentiated_name_in(init).is_none() {
            return false;
        }
        if let Expr::Tuple(tuple) = init
            && tuple.elems.len() == pats.elems.len()
        {
            let values_before = self.body.values.len();
            let operands: Vec<Operand> = tuple.elems.iter().map(|elem| self.expr(elem)).collect();
            for (pat, operand) in pats.elems.iter().zip(operands) {
                self.bind_destructured(pat, operand, values_before);
            }
            return true;
        }
        let values_before = self.body.values.len();
        let Operand::Value(tuple) = self.expr(init) else {
            self.error_spanning(
                init,
                "only a tuple of differentiated values can be destructured here",
            );
            return true;
        };
        // A tuple value is a tuple written out, a call's outputs, or a variable that a loop or
        // a branch carries (which Rust has checked to be a tuple).
        let made_by_call_or_carried = match self.body.values[tuple.0].def {
            ValueDef::Stmt(index) => matches!(self.body.stmts[index], Stmt::Call { .. }),
            ValueDef::Region(_) => true,
            ValueDef::Param(_) => false,
        };
        if !made_by_call_or_carried && !self.is_tuple_value(tuple) {
            self.error_spanning(pat, "a differentiated value is destructured only when it is a tuple written out or the several outputs of a call (`let (h, mean) = f(x);`); bind other values to a plain name");
            return true;
        }
        for (k, pat) in pats.elems.iter().enumerate() {
            if let Pat::Wild(_) = pat {
                continue;
            }
            let index = syn::Index::from(k);
            let part = self.place(tuple, quote!(.#index), Some(k.to_string()), pat.span());
            self.bind_destructured(pat, part, values_before);
        }
        true
    }

    /// Whether a value is a tuple written out in the body.
    fn is_tuple_value(&self, id: ValueId) -> bool {
        matches!(
            self.body.values[id.0].def,
            ValueDef::Stmt(index) if matches!(
                self.body.stmts[index],
                Stmt::Prim {
                    prim: Prim::Tuple,
                    ..
                }
            )
        )
    }

    /// Binds one name of a destructuring `let` to its element.
    fn bind_destructured(&mut self, pat: &Pat, operand: Operand, values_before: usize) {
        let Pat::Ident(ident) = pat else {
            return;
        };
        let name = ident.ident.to_string();
        match operand {
            Operand::Value(id) => {
                if id.0 >= values_before {
                    self.body.values[id.0].name = self.user_name(&name, ident.ident.span());
                }
                self.bind(name, Binding::Value(id));
            }
            Operand::Literal(tokens) => self.bind(name, Binding::Literal(tokens)),
            Operand::Const(tokens) => self.bind_const(pat, None, tokens),
        }
    }

    /// Tuples, arrays and ranges are fine as long as nothing in them is differentiated.
    fn constant_only<'e>(
        &mut self,
        whole: &Expr,
        parts: impl Iterator<Item = &'e Expr>,
        what: &str,
    ) -> Operand {
        let parts: Vec<&Expr> = parts.collect();
        for part in parts {
            if let Operand::Value(_) = self.expr(part) {
                return self.error_spanning(part,
                    format!("a differentiated value cannot be put in {what}: keep each value in a variable of its own (`let a = ..; let b = ..;`) and use the variables; an array of differentiated floats is `array![a, b]`, and a struct of parameters is built outside and passed as an argument"),
                );
            }
        }
        Operand::Const(self.verbatim(whole))
    }

    /// `vec![a, b]` or `vec![v; n]` of values without derivative: kept as written, its names
    /// renamed, so that a stack or a list of indices can be built in the body.
    fn vec_macro(&mut self, whole: &Expr, mac: &syn::Macro) -> Operand {
        let tokens = &mac.tokens;
        match syn::parse2::<Expr>(quote!([#tokens])) {
            Ok(Expr::Array(array)) => self.constant_only(whole, array.elems.iter(), "a `vec!`"),
            Ok(Expr::Repeat(repeat)) => {
                self.constant_only(whole, [&*repeat.expr, &*repeat.len].into_iter(), "a `vec!`")
            }
            _ => self.error_spanning(
                mac,
                "cannot read this `vec!`: write `vec![a, b, ..]` or `vec![value; count]`",
            ),
        }
    }

    fn path(&mut self, path: &syn::ExprPath) -> Operand {
        if let Some(ident) = path.path.get_ident() {
            if path.qself.is_none() {
                match self.lookup(&ident.to_string()) {
                    Some(Binding::Value(id)) => return Operand::Value(id),
                    Some(Binding::Const(name)) => return Operand::Const(name.to_token_stream()),
                    Some(Binding::Literal(tokens)) => return Operand::Literal(tokens),
                    Some(Binding::Expr(tokens)) => return Operand::Const(tokens),
                    None => {}
                }
            }
        }
        Operand::Const(path.to_token_stream())
    }

    fn unary(&mut self, unary: &syn::ExprUnary, whole: &Expr) -> Operand {
        let inner = self.expr(&unary.expr);
        match (&unary.op, inner) {
            (UnOp::Deref(_), Operand::Value(id)) => Operand::Value(id),
            (UnOp::Neg(op), Operand::Value(id)) => {
                self.push_prim(Prim::Neg, vec![Operand::Value(id)], Vec::new(), op.span())
            }
            (UnOp::Neg(_), Operand::Literal(_)) => Operand::Literal(self.verbatim(whole)),
            (_, Operand::Value(_)) => self.error(
                unary.op.span(),
                "this operator is not defined on differentiated values",
            ),
            _ => Operand::Const(self.verbatim(whole)),
        }
    }

    fn binary(&mut self, binary: &syn::ExprBinary, whole: &Expr) -> Operand {
        if is_compound_assignment(&binary.op) {
            return self.error(
                binary.op.span(),
                "a compound assignment is a statement, not a value: write it on its own line",
            );
        }
        let lhs = self.expr(&binary.left);
        let rhs = self.expr(&binary.right);
        match Prim::from_binop(&binary.op) {
            Some(prim) => self.arithmetic(prim, lhs, rhs, whole),
            // A comparison is a `bool`: it chooses a branch and carries no derivative.
            None if is_comparison(&binary.op) => Operand::Const(self.verbatim(whole)),
            None if matches!(lhs, Operand::Value(_)) || matches!(rhs, Operand::Value(_)) => self.error(
                binary.op.span(),
                "this operator is not supported on differentiated values: `+ - * /` and comparisons are",
            ),
            None => Operand::Const(self.verbatim(whole)),
        }
    }

    fn arithmetic(&mut self, prim: Prim, lhs: Operand, rhs: Operand, whole: &Expr) -> Operand {
        let span = match whole {
            Expr::Binary(binary) => binary.op.span(),
            other => other.span(),
        };
        match (&lhs, &rhs) {
            (Operand::Literal(_), Operand::Literal(_)) => Operand::Literal(self.verbatim(whole)),
            (Operand::Value(_), _) | (_, Operand::Value(_)) => {
                self.push_prim(prim, vec![lhs, rhs], Vec::new(), span)
            }
            _ => Operand::Const(self.verbatim(whole)),
        }
    }

    fn method(&mut self, call: &ExprMethodCall, whole: &Expr) -> Operand {
        let name = call.method.to_string();
        // `a.mean_axis(axis).unwrap()` and `a.mean().unwrap()` are one primitive each: the
        // `Option` never reaches user code.
        if matches!(name.as_str(), "unwrap" | "expect") {
            if let Expr::MethodCall(inner) = &*call.receiver
                && let Some(prim) = Prim::from_fallible_method(&inner.method.to_string())
            {
                return self.fallible_method(prim, inner, whole);
            }
            if let Expr::Call(inner) = &*call.receiver
                && let Some(prim) = join_function(inner)
            {
                return self.join_call(prim, inner, whole);
            }
            if let Expr::MethodCall(inner) = &*call.receiver {
                if inner.method == "mean_axis" {
                    let receiver = self.expr(&inner.receiver);
                    if let Operand::Value(id) = receiver {
                        if inner.args.len() != 1 {
                            return self.error(
                                inner.method.span(),
                                "`mean_axis` takes one argument, the axis",
                            );
                        }
                        let axis = self.expr(&inner.args[0]);
                        return self.with_const_args(
                            Prim::MeanAxis,
                            id,
                            vec![axis],
                            inner.method.span(),
                        );
                    }
                    return Operand::Const(self.verbatim(whole));
                }
                // `a.mean().unwrap()`: the runtime's `mean`, with its rule.
                if inner.method == "mean" && inner.args.is_empty() {
                    let receiver = &inner.receiver;
                    let mean: syn::ExprCall = syn::parse_quote_spanned! {inner.method.span()=>
                        ::adjoint::prelude::mean(&#receiver)
                    };
                    return self.call(&mean, whole);
                }
            }
        }
        if let Some(mapped) = self.element_wise_map(call, whole) {
            return mapped;
        }
        // `a.var(ddof)` and `a.std(ddof)`: the runtime's reductions, with their rules.
        let reduction = match name.as_str() {
            "var" => Some(quote::format_ident!("variance", span = call.method.span())),
            "std" => Some(quote::format_ident!(
                "standard_deviation",
                span = call.method.span()
            )),
            _ => None,
        };
        if let Some(reduction) = reduction
            && call.args.len() == 1
            && call.turbofish.is_none()
        {
            let (receiver, ddof) = (&call.receiver, &call.args[0]);
            let reduction: syn::ExprCall = syn::parse_quote_spanned! {call.method.span()=>
                ::adjoint::__private::reduce::#reduction(&#receiver, #ddof)
            };
            return self.call(&reduction, whole);
        }
        let receiver = self.expr(&call.receiver);
        if matches!(receiver, Operand::Value(_)) && ITERATION_METHODS.contains(&name.as_str()) {
            return self.error(
                call.method.span(),
                format!("`{name}` reads the elements of a differentiated value one by one, which the derivative cannot follow: for sums and products use the array methods (`sum`, `mean`, `dot`, `mapv`); a count or a flag that carries no derivative (correct predictions) is an auxiliary output, written in the function's final tuple: `-> (f64, usize)` ending with `(loss, p.iter().filter(..).count())`"),
            );
        }
        if SHAPE_QUERIES.contains(&name.as_str()) {
            for arg in &call.args {
                self.expr(arg);
            }
            return Operand::Const(self.verbatim(whole));
        }
        // A model's `clone()` is the model itself: passed on, it is copied like any argument.
        if let Operand::Value(id) = receiver {
            if matches!(name.as_str(), "clone" | "to_owned")
                && self.may_have_methods(id)
                && call.args.is_empty()
            {
                return self.place(id, TokenStream::new(), None, call.method.span());
            }
        }
        // Another method of a model (differentiated or not): a differentiable method call.
        let model = match receiver {
            Operand::Value(id) => self.may_have_methods(id),
            Operand::Const(_) => true,
            Operand::Literal(_) => false,
        };
        if model && Prim::from_method(&name).is_none() && call.turbofish.is_none() {
            let args: Vec<CallArg> = call.args.iter().map(|arg| self.call_arg(arg)).collect();
            if matches!(receiver, Operand::Value(_))
                || args.iter().any(|a| matches!(a.operand, Operand::Value(_)))
            {
                return self.method_call(call, receiver, args);
            }
            return Operand::Const(self.verbatim(whole));
        }
        if let (Operand::Value(_), Some(_)) = (&receiver, Prim::from_fallible_method(&name)) {
            return self.error(
                call.method.span(),
                format!("`{name}` returns a `Result` or an `Option`: write `.{name}(..).unwrap()` (or `.expect(..)`) directly after it"),
            );
        }
        let slice_info = match call.args.first() {
            Some(Expr::Macro(mac)) if name == "slice" && is_slice_macro(&mac.mac) => Some(mac),
            _ => None,
        };
        let args: Vec<Operand> = match slice_info {
            Some(mac) => vec![self.slice_info(mac)],
            None => call.args.iter().map(|arg| self.expr(arg)).collect(),
        };
        let any_value = matches!(receiver, Operand::Value(_))
            || args.iter().any(|a| matches!(a, Operand::Value(_)));
        if !any_value {
            // The renamed `s![..]`, since a verbatim copy would not see the names inside it.
            if slice_info.is_some() && call.args.len() == 1 {
                let (receiver, info) = (operand_tokens(&receiver), operand_tokens(&args[0]));
                return Operand::Const(quote!((#receiver.slice(#info))));
            }
            return Operand::Const(self.verbatim(whole));
        }
        if let Some(turbofish) = &call.turbofish {
            return self.error_spanning(
                turbofish,
                "turbofish type arguments are not supported on methods of differentiated values",
            );
        }
        let Some(prim) = Prim::from_method(&name) else {
            return self.error(
                call.method.span(),
                format!("the method `{name}` is not supported on a differentiated value; supported methods are: {SUPPORTED_METHODS}"),
            );
        };
        let (operands, consts) = prim.arity();
        if args.len() != operands - 1 + consts {
            return self.error(
                call.method.span(),
                format!("`{name}` takes {} argument(s) here", operands - 1 + consts),
            );
        }
        let span = call.method.span();
        let mut inputs = vec![receiver];
        if consts == 0 {
            inputs.extend(args);
            return self.push_prim(prim, inputs, Vec::new(), span);
        }
        // An index, an axis or an exponent selects what is computed: it carries no derivative.
        if let Some(k) = args.iter().position(|a| matches!(a, Operand::Value(_))) {
            return self.error_spanning(
                &call.args[k],
                format!("this argument of `{name}` must be a constant (an index, an axis, an exponent, a bound), not a differentiated value"),
            );
        }
        match inputs.remove(0) {
            Operand::Value(id) => self.with_const_args(prim, id, args, span),
            _ => self.error_spanning(
                &call.args,
                format!("the argument of `{name}` must not be a differentiated value"),
            ),
        }
    }

    /// The argument of `.slice(..)`: a constant `SliceInfo`, kept as the user wrote it but with
    /// the names in its ranges, indices and steps mapped to generated locals.
    ///
    /// Input: `s![i.., ..;-1]` with `i` a constant local.
    /// Output: `s![(__i..), (..);(-1)]`.
    pub(super) fn slice_info(&mut self, mac: &syn::ExprMacro) -> Operand {
        let parser = syn::punctuated::Punctuated::<SliceElem, syn::Token![,]>::parse_terminated;
        let elems = match mac.mac.parse_body_with(parser) {
            Ok(elems) => elems,
            Err(error) => {
                return self.error(error.span(), format!("cannot read this `s![..]`: {error}"));
            }
        };
        let mut parts = Vec::new();
        for elem in &elems {
            let mut part = TokenStream::new();
            for (k, expr) in std::iter::once(&elem.index).chain(&elem.step).enumerate() {
                if let Some(name) = self.differentiated_name_in(expr) {
                    return self.error_spanning(
                        name,
                        "an index, range or step of `s![..]` must not be a differentiated value",
                    );
                }
                let tokens = match self.expr(expr) {
                    Operand::Value(_) => {
                        return self.error_spanning(
                            expr,
                            "an index, range or step of `s![..]` must not be a differentiated value",
                        );
                    }
                    Operand::Const(tokens) | Operand::Literal(tokens) => tokens,
                };
                if k == 1 {
                    part.extend(quote!(;));
                }
                part.extend(tokens);
            }
            parts.push(part);
        }
        let path = &mac.mac.path;
        let bang = &mac.mac.bang_token;
        Operand::Const(quote!(#path #bang [#(#parts),*]))
    }

    /// The first name in `expr` that stands for a differentiated value, other than in a shape
    /// query.
    fn differentiated_name_in(&self, expr: &Expr) -> Option<syn::Path> {
        struct Find<'a> {
            lowering: &'a Lowering,
            found: Option<syn::Path>,
        }
        impl<'ast> syn::visit::Visit<'ast> for Find<'_> {
            fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
                let bound = path.qself.is_none()
                    && path.path.get_ident().is_some_and(|ident| {
                        matches!(
                            self.lowering.lookup(&ident.to_string()),
                            Some(Binding::Value(_))
                        )
                    });
                if bound && self.found.is_none() {
                    self.found = Some(path.path.clone());
                }
            }
            // `v.len()` reads only a shape.
            fn visit_expr_method_call(&mut self, call: &'ast ExprMethodCall) {
                if SHAPE_QUERIES.contains(&call.method.to_string().as_str()) {
                    call.args.iter().for_each(|arg| self.visit_expr(arg));
                } else {
                    syn::visit::visit_expr_method_call(self, call);
                }
            }
        }
        let mut find = Find {
            lowering: self,
            found: None,
        };
        syn::visit::Visit::visit_expr(&mut find, expr);
        find.found
    }

    /// A primitive with one differentiated operand and constant arguments (`powi(2)`, `sum_axis(Axis(0))`).
    fn with_const_args(
        &mut self,
        prim: Prim,
        id: ValueId,
        args: Vec<Operand>,
        span: Span,
    ) -> Operand {
        let mut consts = Vec::new();
        for arg in args {
            if let Operand::Value(_) = arg {
                return self.error(span, "this argument must not be a differentiated value");
            }
            let arg = self.hoist(arg);
            consts.push(operand_tokens(&arg));
        }
        self.push_prim(prim, vec![Operand::Value(id)], consts, span)
    }

    /// An argument of a call, remembering whether the user passed it by reference (`&h`).
    fn call_arg(&mut self, arg: &Expr) -> CallArg {
        match arg {
            Expr::Reference(reference) if reference.mutability.is_none() => CallArg {
                operand: self.expr(&reference.expr),
                by_ref: true,
            },
            other => CallArg {
                operand: self.expr(other),
                by_ref: false,
            },
        }
    }

    fn call(&mut self, call: &syn::ExprCall, whole: &Expr) -> Operand {
        if let Some(method) = float_method_in_path_form(call) {
            return self.method(&method, whole);
        }
        if self.element_wise > 0 {
            return self.element_function_call(call, whole);
        }
        if join_function(call).is_some()
            && call
                .args
                .iter()
                .any(|arg| self.differentiated_name_in(arg).is_some())
        {
            let name = func_name(call);
            return self.error_spanning(
                &call.func,
                format!("`{name}` returns a `Result`: write `{name}(..).unwrap()` (or `.expect(..)`) directly after it"),
            );
        }
        let args: Vec<CallArg> = call.args.iter().map(|arg| self.call_arg(arg)).collect();
        if !args.iter().any(|a| matches!(a.operand, Operand::Value(_))) {
            return Operand::Const(self.verbatim(whole));
        }
        let Expr::Path(func) = &*call.func else {
            return self.error_spanning(&call.func, "only named functions can be called on differentiated values (no closures or function pointers)");
        };
        if !self.own.method && func.path.get_ident() == Some(&self.own.name) {
            return self.error_spanning(func, RECURSION);
        }
        if func.qself.is_some() || starts_with_type(&func.path) {
            return self.error_spanning(func,
                "calls to associated functions and methods in path form are not supported on differentiated values (but for `f32::`/`f64::` paths of the supported float methods): call a `#[differentiable]` function or use method syntax (`x.exp()`)",
            );
        }
        let args = args
            .into_iter()
            .map(|arg| CallArg {
                operand: self.hoist(arg.operand),
                by_ref: arg.by_ref,
            })
            .collect();
        let base = func
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let span = func.span();
        let out = self.new_value(&base, span);
        self.push_stmt(Stmt::Call {
            out,
            callee: Callee::Function(func.clone()),
            args,
            span,
        });
        Operand::Value(out)
    }

    /// `receiver.name(args)` on a model value: a call to a differentiable method.
    fn method_call(
        &mut self,
        call: &ExprMethodCall,
        receiver: Operand,
        rest: Vec<CallArg>,
    ) -> Operand {
        if self.own.method && call.method == self.own.name {
            return self.error_spanning(&call.method, RECURSION);
        }
        let mut args = vec![CallArg {
            operand: receiver,
            by_ref: true,
        }];
        args.extend(rest);
        let args = args
            .into_iter()
            .map(|arg| CallArg {
                operand: self.hoist(arg.operand),
                by_ref: arg.by_ref,
            })
            .collect();
        let span = call.method.span();
        let out = self.new_value(&call.method.to_string(), span);
        self.push_stmt(Stmt::Call {
            out,
            callee: Callee::Method(call.method.clone()),
            args,
            span,
        });
        Operand::Value(out)
    }

    /// Whether a value may be a model with differentiable methods: a parameter whose type is not
    /// a float or an array, or a part of one.
    fn may_have_methods(&self, id: ValueId) -> bool {
        match self.body.values[id.0].def {
            ValueDef::Param(p) => !crate::types::is_float_or_array(&self.body.params[p].ty),
            ValueDef::Stmt(index) => matches!(self.body.stmts[index], Stmt::Place { .. }),
            ValueDef::Region(_) => false,
        }
    }
}

/// A name, a literal, or a place read through one (`m.s`, `cfg.scale`, `labels[0]`), or a view
/// of a place (`m.s.view()`, `w.t()`): evaluated where it is used. Anything else is bound to a
/// local first, so that a pullback keeps its value instead of borrowing from the arguments (a
/// view would borrow from them all the same, so the pullback makes it again).
pub(crate) fn is_simple_constant(tokens: &TokenStream) -> bool {
    fn place(expr: &Expr) -> bool {
        match expr {
            Expr::Path(_) | Expr::Lit(_) => true,
            Expr::Paren(inner) => place(&inner.expr),
            Expr::Group(inner) => place(&inner.expr),
            Expr::Field(field) => place(&field.base),
            Expr::Reference(reference) => place(&reference.expr),
            Expr::Index(index) => place(&index.expr) && place(&index.index),
            // Views of a place, made again where they are used: `m.w.t()`, `xs.row(i)`,
            // `a.index_axis(Axis(0), i)`, `m.w.slice(s![0..3, ..])`.
            Expr::MethodCall(call) => {
                let arguments_ok = match call.method.to_string().as_str() {
                    "view" | "t" => call.args.is_empty(),
                    "row" | "column" => call.args.len() == 1 && call.args.iter().all(place),
                    "index_axis" => call.args.len() == 2 && call.args.iter().all(argument),
                    "slice" => call.args.len() == 1 && call.args.iter().all(argument),
                    _ => false,
                };
                arguments_ok && call.turbofish.is_none() && place(&call.receiver)
            }
            _ => false,
        }
    }
    /// A place, `Axis(k)`, or `s![..]`.
    fn argument(expr: &Expr) -> bool {
        match expr {
            Expr::Call(call) => {
                matches!(&*call.func, Expr::Path(path) if path.path.segments.last().is_some_and(|s| s.ident == "Axis"))
                    && call.args.iter().all(place)
            }
            Expr::Macro(mac) => mac.mac.path.segments.last().is_some_and(|s| s.ident == "s"),
            other => place(other),
        }
    }
    syn::parse2::<Expr>(tokens.clone()).is_ok_and(|expr| place(&expr))
}

/// `RECEIVER.view()` (or `.t()`, `.row(i)`, `.slice(s![..])`, …) whose receiver is not a place:
/// the receiver, and the method call to apply to it (`.view()`).
fn view_of_a_temporary(tokens: &TokenStream) -> Option<(TokenStream, TokenStream)> {
    let mut expr = syn::parse2::<Expr>(tokens.clone()).ok()?;
    while let Expr::Paren(inner) = expr {
        expr = *inner.expr;
    }
    let Expr::MethodCall(call) = expr else {
        return None;
    };
    let receiver = call.receiver.to_token_stream();
    if is_simple_constant(&receiver) {
        return None;
    }
    let (method, args) = (&call.method, &call.args);
    let view = quote!(.#method(#args));
    // The view of a place must itself be a simple constant.
    is_simple_constant(&quote!(x #view)).then_some((quote!((#receiver)), view))
}

/// `concatenate(..)` or `stack(..)` called with an axis and a slice (`&[a.view(), ..]`), by any
/// path (`ndarray::stack`): ndarray's joins, not a differentiable function of the same name.
fn join_function(call: &syn::ExprCall) -> Option<Prim> {
    let Expr::Path(func) = &*call.func else {
        return None;
    };
    let last = func.path.segments.last()?;
    let slice = matches!(call.args.iter().nth(1), Some(Expr::Reference(r)) if matches!(&*r.expr, Expr::Array(_)));
    if call.args.len() != 2 || !slice || !last.arguments.is_none() {
        return None;
    }
    Prim::from_join(&last.ident.to_string())
}

/// The last segment of a called path, for messages.
fn func_name(call: &syn::ExprCall) -> String {
    match &*call.func {
        Expr::Path(func) => func
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The tokens of a constant or literal operand.
fn operand_tokens(operand: &Operand) -> TokenStream {
    match operand {
        Operand::Const(t) | Operand::Literal(t) => t.clone(),
        Operand::Value(_) => quote!(()),
    }
}

fn is_comparison(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq(_)
            | BinOp::Ne(_)
            | BinOp::Lt(_)
            | BinOp::Le(_)
            | BinOp::Gt(_)
            | BinOp::Ge(_)
            | BinOp::And(_)
            | BinOp::Or(_)
    )
}

fn is_compound_assignment(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::AddAssign(_) | BinOp::SubAssign(_) | BinOp::MulAssign(_) | BinOp::DivAssign(_)
    ) || matches!(
        op,
        BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_)
    )
}

/// `f64::exp`, `Array2::zeros`, `Self::f`: a path whose first segment is a type, not a function.
fn starts_with_type(path: &syn::Path) -> bool {
    let Some(first) = path.segments.first() else {
        return false;
    };
    if path.segments.len() < 2 {
        return false;
    }
    let name = first.ident.to_string();
    matches!(
        name.as_str(),
        "Self" | "f32" | "f64" | "i32" | "i64" | "u32" | "u64" | "usize" | "isize"
    ) || name.chars().next().is_some_and(char::is_uppercase)
}

/// The names a pattern binds.
fn collect_pattern_names(pat: &Pat, into: &mut Vec<Ident>) {
    struct Collect<'a>(&'a mut Vec<Ident>);
    impl<'ast> syn::visit::Visit<'ast> for Collect<'_> {
        fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
            self.0.push(pat.ident.clone());
        }
    }
    syn::visit::Visit::visit_pat(&mut Collect(into), pat);
}

/// One element of `s![..]`: a range, an index or `NewAxis`, and an optional `;step`.
struct SliceElem {
    index: Expr,
    step: Option<Expr>,
}

impl syn::parse::Parse for SliceElem {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let index = input.parse()?;
        let step = if input.peek(syn::Token![;]) {
            input.parse::<syn::Token![;]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(SliceElem { index, step })
    }
}

/// `name!` by its last segment: `vec!` or `std::vec!`, `s!` or `ndarray::s!`.
fn is_macro_named(mac: &syn::Macro, name: &str) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|last| last.ident == name && last.arguments.is_none())
}

/// `vec!` or `std::vec!`.
fn is_vec_macro(mac: &syn::Macro) -> bool {
    is_macro_named(mac, "vec")
}

/// `s!`, `ndarray::s!`, `adjoint::ndarray::s!`: ndarray's slicing macro, by its last segment.
pub(super) fn is_slice_macro(mac: &syn::Macro) -> bool {
    is_macro_named(mac, "s")
}

fn unsupported_macro(mac: &syn::Macro) -> String {
    if is_slice_macro(mac) {
        return "`s![..]` is supported only as the argument of `.slice(..)` in a differentiable function".to_owned();
    }
    let name = mac
        .path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    format!(
        "macro invocations (`{name}!`) are not supported in a differentiable function: adjoint cannot see through them (printing and asserting statements, {}, run in the forward pass)",
        effects::effect_macro_names()
    )
}

/// Maps user names in a constant expression to the generated locals they stand for.
struct Renamer<'a> {
    lowering: &'a Lowering,
    /// Names a closure inside the expression binds (its parameters, its `let`s): its own, left
    /// as written.
    shadowed: HashSet<String>,
}

impl<'a> Renamer<'a> {
    fn new(lowering: &'a Lowering) -> Self {
        Renamer {
            lowering,
            shadowed: HashSet::new(),
        }
    }
}

impl VisitMut for Renamer<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Path(path) = expr {
            if path.qself.is_none() {
                if let Some(ident) = path.path.get_ident() {
                    let name = unraw(&ident.to_string());
                    if self.shadowed.contains(&name) {
                        return;
                    }
                    match self.lowering.lookup(&ident.to_string()) {
                        Some(Binding::Value(id)) => *expr = self.lowering.value_expr(id),
                        Some(Binding::Const(name)) => path.path = name.into(),
                        Some(Binding::Literal(tokens) | Binding::Expr(tokens)) => {
                            if let Ok(literal) = syn::parse2(tokens) {
                                *expr = literal;
                            }
                        }
                        None => {}
                    }
                }
            }
            return;
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }

    /// A closure's body reads the function's names too (`|e| e * layer.u`); the names it binds
    /// itself stay as they are.
    fn visit_expr_closure_mut(&mut self, closure: &mut syn::ExprClosure) {
        struct Bound(HashSet<String>);
        impl syn::visit::Visit<'_> for Bound {
            fn visit_pat_ident(&mut self, pat: &syn::PatIdent) {
                self.0.insert(unraw(&pat.ident.to_string()));
                syn::visit::visit_pat_ident(self, pat);
            }
        }
        let mut bound = Bound(HashSet::new());
        syn::visit::Visit::visit_expr_closure(&mut bound, closure);
        let added: Vec<String> = bound
            .0
            .into_iter()
            .filter(|name| self.shadowed.insert(name.clone()))
            .collect();
        self.visit_expr_mut(&mut closure.body);
        for name in added {
            self.shadowed.remove(&name);
        }
    }

    /// `array![a, b]`, `vec![..]`, `s![i.., ..;2]`: the names in each element, when every
    /// element between the separators is an expression. Other macros are left as written.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let mut pieces: Vec<(Vec<proc_macro2::TokenTree>, Option<proc_macro2::Punct>)> =
            vec![(Vec::new(), None)];
        for tree in mac.tokens.clone() {
            match tree {
                proc_macro2::TokenTree::Punct(punct)
                    if matches!(punct.as_char(), ',' | ';')
                        && punct.spacing() == proc_macro2::Spacing::Alone =>
                {
                    if let Some(last) = pieces.last_mut() {
                        last.1 = Some(punct);
                    }
                    pieces.push((Vec::new(), None));
                }
                other => {
                    if let Some(last) = pieces.last_mut() {
                        last.0.push(other);
                    }
                }
            }
        }
        let mut renamed = TokenStream::new();
        for (tokens, separator) in pieces {
            if !tokens.is_empty() {
                let Ok(mut expr) = syn::parse2::<Expr>(tokens.into_iter().collect()) else {
                    return;
                };
                self.visit_expr_mut(&mut expr);
                renamed.extend(quote!(#expr));
            }
            if let Some(separator) = separator {
                renamed.extend(std::iter::once(proc_macro2::TokenTree::Punct(separator)));
            }
        }
        mac.tokens = renamed;
    }
}

/// Renames the bindings of a `let` pattern to fresh hygienic names.
struct PatRenamer<'a> {
    lowering: &'a mut Lowering,
    names: &'a mut Vec<(String, Ident)>,
    errors: Vec<syn::Error>,
}

impl VisitMut for PatRenamer<'_> {
    fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
        if pat.by_ref.is_some() || pat.subpat.is_some() {
            self.errors.push(syn::Error::new_spanned(
                &*pat,
                "`ref` bindings and `@` patterns are not supported in a differentiable function",
            ));
            return;
        }
        let fresh = self
            .lowering
            .fresh(&pat.ident.to_string(), pat.ident.span());
        self.names.push((pat.ident.to_string(), fresh.clone()));
        // `mut` stays: a constant may change through its methods (`stack.pop()`).
        if pat.mutability.is_some() {
            self.lowering.mutable_consts.insert(fresh.to_string());
        }
        pat.ident = fresh;
    }

    fn visit_pat_mut(&mut self, pat: &mut Pat) {
        match pat {
            Pat::Ident(_)
            | Pat::Tuple(_)
            | Pat::Wild(_)
            | Pat::Paren(_)
            | Pat::Type(_)
            | Pat::Slice(_)
            | Pat::Rest(_) => syn::visit_mut::visit_pat_mut(self, pat),
            other => self.errors.push(syn::Error::new_spanned(
                &*other,
                "this pattern is not supported in a differentiable function",
            )),
        }
    }
}

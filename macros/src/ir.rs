//! The IR: a function body in A-normal form. Every statement applies one primitive or one
//! differentiable function to named values, and keeps the span of the user's code it came from.

use std::collections::HashSet;

use proc_macro2::{Span, TokenStream};
use syn::{Ident, Type};

use crate::prims::Prim;

/// The index of a value in [`Body::values`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ValueId(pub usize);

/// A float or array that may carry a derivative.
#[derive(Clone)]
pub struct Value {
    /// The generated local's name (hygienic, located at the user's token).
    pub name: Ident,
    /// Where the value comes from.
    pub def: ValueDef,
}

/// The origin of a value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ValueDef {
    /// The function's parameter at this position.
    Param(usize),
    /// The output of the statement at this position.
    Stmt(usize),
    /// Defined by the branch or loop statement at this position: a value merged after a branch,
    /// a loop-carried value at the head of an iteration, or a loop's result.
    Region(usize),
}

/// What an operation reads.
#[derive(Clone)]
pub enum Operand {
    /// A value that may carry a derivative.
    Value(ValueId),
    /// A typed expression that is never differentiated (a shape, an integer argument, a `const`).
    Const(TokenStream),
    /// An expression made only of unsuffixed float literals, typed by the operand it meets.
    Literal(TokenStream),
}

/// What a call statement calls.
#[derive(Clone)]
pub enum Callee {
    /// A function by path: `dense`, `layers::dense::<f32>`.
    Function(syn::ExprPath),
    /// A differentiable method of the first argument: `self.forward(x)`.
    Method(Ident),
}

/// One argument of a call to a differentiable function.
#[derive(Clone)]
pub struct CallArg {
    /// The argument's value.
    pub operand: Operand,
    /// Whether the user passed it by reference (`&h`).
    pub by_ref: bool,
}

/// One statement of the body.
pub enum Stmt {
    /// `out = prim(inputs; consts)`.
    Prim {
        out: ValueId,
        prim: Prim,
        inputs: Vec<Operand>,
        consts: Vec<TokenStream>,
        span: Span,
    },
    /// `out = callee(args)` where `callee` is a differentiable function or method (whose
    /// receiver is then the first argument).
    Call {
        out: ValueId,
        callee: Callee,
        args: Vec<CallArg>,
        span: Span,
    },
    /// A binding that is never differentiated, kept verbatim: `let (n, k) = x.dim();`.
    Bind { pat: TokenStream, expr: TokenStream },
    /// `out` names a part of `root` in place, without a copy: a field (`m.hidden.w`), an
    /// element of a `Vec` or an array (`m.layers[i]`, `x[[0, 1]]`). Its adjoint is added into
    /// the same part of `root`'s adjoint. `root` is always a value.
    Place {
        out: ValueId,
        root: Operand,
        projection: TokenStream,
        /// Each named field along the projection, after the projection that leads to it:
        /// `.hidden.w` gives `[("", "hidden"), (".hidden", "w")]`. A field its struct marks
        /// constant (`#[params(skip)]`) receives no adjoint.
        fields: Vec<(TokenStream, String)>,
        /// Whether the user's name for the part is a reference (`&m.layers[i]`, a `for` loop's
        /// element), which a call receives as it is rather than as a copy.
        borrowed: bool,
    },
    /// `if`/`else` or `match`: one arm runs; the variables the arms assign are merged after it.
    Branch(Branch),
    /// `for`, `while` or `loop`: the body runs a number of times known only at run time.
    Loop(Loop),
    /// Forward mode: `out` is the tangent of `y = prim(inputs; consts)`, given the tangents of
    /// the operands that have one (`None`: zero).
    Tangent {
        out: ValueId,
        prim: Prim,
        inputs: Vec<Operand>,
        consts: Vec<TokenStream>,
        y: ValueId,
        tangents: Vec<Option<ValueId>>,
        span: Span,
    },
    /// Forward mode: `(out, tangent) = callee's forward-mode entry (args; tangents)`.
    CallTangent {
        out: ValueId,
        tangent: ValueId,
        callee: Callee,
        args: Vec<CallArg>,
        tangents: Vec<Option<ValueId>>,
        span: Span,
    },
    /// Forward mode: `out` is the tangent of the part `primal_root projection`, taken from
    /// `root` (the root's tangent), or zeros when a field along the projection is a constant of
    /// its struct (whatever the caller's tangent holds there).
    PartTangent {
        out: ValueId,
        root: ValueId,
        primal_root: Operand,
        projection: TokenStream,
        fields: Vec<(TokenStream, String)>,
    },
    /// Forward mode: `out` is a zero tangent shaped like `like`.
    ZeroTangent { out: ValueId, like: Operand },
}

/// A variable after a region: a value that may carry a derivative, or a constant local.
#[derive(Clone)]
pub enum Merged {
    Value(ValueId),
    Const(Ident),
}

/// A branch statement.
pub struct Branch {
    /// How an arm is chosen.
    pub head: BranchHead,
    /// The arms, in source order.
    pub arms: Vec<Arm>,
    /// What the branch defines: for each merged variable (and the branch's own value, when it
    /// is an expression), the local after the branch. `arms[i].results[j]` flows into `outs[j]`.
    pub outs: Vec<Merged>,
    pub span: Span,
}

/// How a branch chooses its arm.
#[derive(Clone)]
pub enum BranchHead {
    /// `if c0 {..} else if c1 {..} else {..}`: one condition per arm but the last, which is the
    /// `else` (possibly empty).
    If(Vec<TokenStream>),
    /// `match scrutinee { pat if guard => .. }`: a pattern (with its guard) per arm.
    Match {
        scrutinee: TokenStream,
        patterns: Vec<TokenStream>,
    },
}

/// A sequence of statements inside a branch or loop, with the constant locals it binds (which
/// the backward sweep may need again: a loop index, a pattern's binding).
#[derive(Clone, Default)]
pub struct Segment {
    pub stmts: Vec<usize>,
    pub consts: Vec<Ident>,
}

/// One arm of a branch.
pub struct Arm {
    pub body: Segment,
    /// What the arm gives each of the branch's outputs.
    pub results: Vec<Operand>,
}

/// A loop statement. An iteration runs `before`, then leaves the loop if `exit` holds, then runs
/// `after`.
pub struct Loop {
    /// `for PAT in ITER` or `loop`.
    pub head: LoopHead,
    pub before: Segment,
    /// The condition that ends the loop, checked after `before` (`while c` is `!c` before
    /// anything; `if c { break; }` in the body is `c`).
    pub exit: Option<TokenStream>,
    pub after: Segment,
    /// The variables the body assigns.
    pub carried: Vec<Carried>,
    pub span: Span,
}

/// How a loop iterates.
#[derive(Clone)]
pub enum LoopHead {
    /// `for PAT in ITER`, with the pattern's names already renamed.
    For { pat: TokenStream, iter: TokenStream },
    /// `loop` (also `while`, whose condition is the exit).
    Loop,
}

/// A variable that a loop body assigns: its value before the loop, at the head of each
/// iteration, where the loop is left early, at the end of an iteration, and after the loop.
#[derive(Clone)]
pub struct Carried {
    pub init: Operand,
    pub head: Merged,
    /// The variable when `exit` holds (the value after `before`).
    pub at_exit: Operand,
    pub next: Operand,
    pub out: Merged,
}

/// A parameter of the function.
#[derive(Clone)]
pub struct Param {
    /// The user's name for it (`self` for a method's receiver).
    pub ident: Ident,
    /// Its name inside a pullback, where `self` cannot be a closure parameter.
    pub closure_ident: Ident,
    /// The type as written.
    pub ty: Type,
    /// Whether its type is `Copy` for certain (a reference, a float, an integer, a view).
    pub copy: bool,
    /// Whether it is a float taken by value (`f32`, `f64`, or a type parameter such as a generic
    /// float `F`): its tangent is then a float by value too, not a reference.
    pub scalar: bool,
    /// Its value, if it may carry a derivative, with the type of its gradient.
    pub differentiable: Option<(ValueId, Type)>,
}

/// The lowered function.
pub struct Body {
    /// Every value, parameters first.
    pub values: Vec<Value>,
    /// The parameters, in order.
    pub params: Vec<Param>,
    /// Every statement, in the order lowering made them (each one after the statements whose
    /// values it reads, except a loop's head values, which also read the loop's end).
    pub stmts: Vec<Stmt>,
    /// The statements of the function's own block, in order; a branch or loop lists the
    /// statements of its arms and body itself.
    pub top: Vec<usize>,
    /// What the function returns.
    pub output: Operand,
    /// Items declared in the body (`const`s), copied into every generated function.
    pub items: Vec<syn::Item>,
    /// The names taken so far.
    pub names: Names,
    /// Values read after the body besides its output (the primal value of a forward-mode
    /// program, whose output is the tangent): never released early.
    pub kept: Vec<ValueId>,
    /// The locals of the auxiliary outputs of a function that returns `(value, auxiliary…)`:
    /// computed by the forward pass, returned beside the value, never differentiated.
    pub aux: Vec<Ident>,
}

impl Body {
    /// The positions of the parameters that can carry a derivative: what a caller may
    /// differentiate through, whatever `wrt` says.
    pub fn differentiable_params(&self) -> Vec<usize> {
        self.params
            .iter()
            .enumerate()
            .filter(|(_, param)| param.differentiable.is_some())
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether the body has a branch or a loop: its adjoints are then `Option`s declared where
    /// their values are defined, so that code inside a region can add into them.
    pub fn has_regions(&self) -> bool {
        self.stmts
            .iter()
            .any(|stmt| matches!(stmt, Stmt::Branch(_) | Stmt::Loop(_)))
    }
}

/// The names of generated locals. All generated identifiers share one hygiene context, so they
/// must differ from each other; they also avoid the user's identifiers, so that the printed
/// code reads without ambiguity.
#[derive(Clone, Default)]
pub struct Names {
    /// Every identifier in the user's function.
    user: HashSet<String>,
    /// Names taken by generated locals and by the parameters.
    taken: HashSet<String>,
}

impl Names {
    /// Starts from the user's identifiers and the parameters' names.
    pub fn new(user: HashSet<String>, params: impl IntoIterator<Item = String>) -> Self {
        Names {
            user: user.iter().map(|name| unraw(name)).collect(),
            taken: params.into_iter().map(|name| unraw(&name)).collect(),
        }
    }

    /// A name for a generated local, unlike every other name.
    pub fn fresh(&mut self, base: &str, span: Span) -> Ident {
        self.unique(base, span, true)
    }

    /// A name for a user's binding: the user's own name unless a parameter or an earlier
    /// binding took it.
    pub fn for_user(&mut self, base: &str, span: Span) -> Ident {
        self.unique(base, span, false)
    }

    fn unique(&mut self, base: &str, span: Span, avoid_user: bool) -> Ident {
        let base = unraw(base);
        let base = base.trim_start_matches('_');
        let base = if base.is_empty() { "t" } else { base };
        let taken = |names: &Self, name: &str| {
            names.taken.contains(name) || (avoid_user && names.user.contains(name))
        };
        let mut name = base.to_owned();
        let mut n = 1;
        while taken(self, &name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        let span = Span::mixed_site().located_at(span);
        // A keyword taken from a raw identifier (`r#fn`, `r#match`) stays raw.
        if syn::parse_str::<Ident>(&name).is_ok() {
            Ident::new(&name, span)
        } else {
            Ident::new_raw(&name, span)
        }
    }
}

/// A name without the `r#` of raw identifiers (`d_r#fn` → `d_fn`): `r#x` and `x` are the same
/// name, and a generated name built from a raw one is not an identifier.
pub fn unraw(name: &str) -> String {
    name.replace("r#", "")
}

//! The random-program generator, run by `build.rs`: writes seeded, well-formed
//! `#[differentiable]` programs and the code that checks them.
//!
//! A program is a module with an optional `#[derive(Params)]` struct (with an optional
//! differentiable `&self` method, and perhaps a `Vec` of layers), zero to two helper functions
//! and a main function, each a body over floats, `Array1` and `Array2` that may branch and loop
//! (see `loop_statement`). Every value carries its shape and an
//! interval that bounds it when the inputs lie in `[-1, 1]`; the generator uses the interval to
//! keep inputs away from singularities by construction: arguments of `ln`, `sqrt`, `recip`,
//! divisors and bases of `powf` or negative `powi` are made positive (`x.powi(2) + 0.5`,
//! `x.tanh() + 1.5`, ...), arguments of `exp` and `tan` and of calls are squashed into
//! `[-1, 1]`, and values that grow past a bound are scaled back. Kinks (`relu`, `abs`, `max`,
//! `min`, `leaky_relu`) cannot be avoided statically; the harness recognises a point within a
//! step of one by re-checking at other steps.
//!
//! Program `k` of seed `s` depends on `(s, k)` alone, so any program can be regenerated on its
//! own (`ADJOINT_RANDOM_FIRST=k ADJOINT_RANDOM_COUNT=1`).

use std::fmt::Write;

/// SplitMix64, as in the harness.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, program: u64) -> Self {
        // A different stream from the harness's input stream for the same program.
        Rng((seed ^ program.wrapping_mul(0xD1B5_4A32_D192_ED03))
            .wrapping_add(0x5DEE_CE66_D1CE_4E5B))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    S,
    V(usize),
    M(usize, usize),
    /// An NCHW image batch: only ever an argument, read by a convolution block.
    T(usize, usize, usize, usize),
}

impl Shape {
    fn rust(self) -> &'static str {
        match self {
            Shape::S => "f64",
            Shape::V(_) => "Array1<f64>",
            Shape::M(..) => "Array2<f64>",
            Shape::T(..) => "Array4<f64>",
        }
    }

    fn view(self) -> &'static str {
        match self {
            Shape::S => "f64",
            Shape::V(_) => "ArrayView1<'_, f64>",
            Shape::M(..) => "ArrayView2<'_, f64>",
            Shape::T(..) => "ArrayView4<'_, f64>",
        }
    }

    fn dims(self) -> Vec<usize> {
        match self {
            Shape::S => vec![],
            Shape::V(n) => vec![n],
            Shape::M(r, c) => vec![r, c],
            Shape::T(n, c, h, w) => vec![n, c, h, w],
        }
    }

    fn len(self) -> usize {
        self.dims().iter().product()
    }

    fn converter(self) -> &'static str {
        match self {
            Shape::S => "s",
            Shape::V(_) => "a1",
            Shape::M(..) => "a2",
            Shape::T(..) => "a4",
        }
    }
}

/// How a value is written in the body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    /// A name or a field path: `x`, `m.w`, `self.b`.
    Place,
    /// An owned temporary expression.
    Temp,
    /// A view of a place, as an expression: `a.t()`, `a.view()`.
    ViewTemp,
}

#[derive(Clone, Debug)]
struct Val {
    code: String,
    shape: Shape,
    lo: f64,
    hi: f64,
    form: Form,
    /// A place that holds a reference (`&Array2` argument, field of a `&M`): returned by clone.
    by_ref: bool,
    /// A place that holds a view.
    is_view: bool,
    /// A `let mut` place: never viewed, so that it can be updated.
    mutable: bool,
    /// False for float literals and expressions of them only, whose type Rust has not fixed:
    /// a method cannot be called on them.
    typed: bool,
}

impl Val {
    fn temp(code: String, shape: Shape, lo: f64, hi: f64) -> Val {
        Val {
            code,
            shape,
            lo,
            hi,
            form: Form::Temp,
            by_ref: false,
            is_view: false,
            mutable: false,
            typed: true,
        }
    }

    fn mag(&self) -> f64 {
        self.lo.abs().max(self.hi.abs())
    }

    /// As the receiver of a method call.
    fn recv(&self) -> String {
        match self.form {
            Form::Place => self.code.clone(),
            _ => format!("({})", self.code),
        }
    }

    /// As a scalar operand.
    fn scalar(&self) -> String {
        match self.form {
            Form::Place => self.code.clone(),
            _ => format!("({})", self.code),
        }
    }

    /// As a reference to an array: `&a`, `&(expr)`.
    fn reference(&self) -> String {
        match self.form {
            Form::Place if self.by_ref && !self.code.contains('.') => self.code.clone(),
            Form::Place => format!("&{}", self.code),
            _ => format!("&({})", self.code),
        }
    }
}

/// A parameter of a generated function.
#[derive(Clone, Debug)]
enum Param {
    /// `name: f64`, `name: &ArrayN<f64>` or, with `view`, `name: ArrayViewN<f64>`.
    Float {
        name: String,
        shape: Shape,
        view: bool,
    },
    /// `name: &M` (or `name: M`).
    Model { name: String, by_value: bool },
    /// `labels: &Array1<usize>` with `rows` entries below `classes`.
    Labels { rows: usize, classes: usize },
    /// `n: usize`, passed `value` (at most [`MAX_COUNT`]).
    Count { name: String, value: usize },
    /// `flag: bool`, passed `value`.
    Flag { name: String, value: bool },
    /// `mode: Mode`, passed `value` (Rust, such as `Mode::Scaled(0.75)`).
    Mode { name: String, value: String },
}

/// A generated function that others may call.
#[derive(Clone, Debug)]
struct Callee {
    name: String,
    params: Vec<Param>,
    out: Shape,
    lo: f64,
    hi: f64,
    /// A `&self` method of the model.
    method: bool,
}

/// The program-wide state: dimensions, the model struct, the functions so far.
struct Program {
    rng: Rng,
    /// Chooses where an array is reshaped or built from parts ([`Program::rearranged`]) from a
    /// stream of its own, so that a program without one is the program it was before they
    /// were generated.
    shape_rng: Rng,
    /// Chooses where an array is mapped element-wise ([`Program::mapped`]), from a stream of
    /// its own for the same reason.
    map_rng: Rng,
    /// Chooses where two values are bound as a tuple ([`Program::tuple_statement`]), from a
    /// stream of its own for the same reason.
    tuple_rng: Rng,
    /// Chooses where an `else if let` tests a `Mode`, from a stream of its own for the same
    /// reason.
    if_let_rng: Rng,
    /// Chooses where an array is written into ([`Program::written_into`]), from a stream of
    /// its own for the same reason.
    update_rng: Rng,
    /// Chooses where a block with its own binding is labelled and left early
    /// (`'b: { .. if c { break 'b x; } .. }`), from a stream of its own for the same reason.
    label_rng: Rng,
    /// Chooses where a map zips two arrays (`Zip::from(&a).and(&b).map_collect(..)`), from a
    /// stream of its own for the same reason.
    zip_rng: Rng,
    dims: [usize; 3],
    /// How often a statement is a branch or a loop (0 for a straight-line program).
    control: f64,
    /// Fields of the model struct `M`, if the program has one.
    model: Option<Vec<(String, Shape)>>,
    /// `M.layers: Vec<L>`: how many layers the check passes, and the fields of `L`.
    layers: Option<(usize, Vec<(String, Shape)>)>,
    /// Whether the program defines `enum Mode`, which functions may take and `match` on.
    modes: bool,
    callees: Vec<Callee>,
    /// Write constructs that hit open macro bugs too (otherwise the generator avoids them):
    /// none at the moment.
    #[allow(dead_code)]
    // no construct is held back now; the switch stays for the next open bug
    known_bugs: bool,
}

/// The state of one function body being written.
struct Body {
    params: Vec<Param>,
    pool: Vec<Val>,
    /// Integers in scope, each with its least and greatest value: counts, shape queries,
    /// loop indices, `match` bindings.
    ints: Vec<(String, f64, f64)>,
    /// `bool` and `Mode` arguments.
    flags: Vec<String>,
    modes: Vec<String>,
    /// Branches and loops around the statement being written.
    nesting: usize,
    /// Loops around it: a `let mut` declared outside the innermost loop is updated only by that
    /// loop's own carried updates, whose total is bounded (see `loop_statement`).
    loops: usize,
    /// The pool's length when the innermost loop body began.
    loop_mark: usize,
    stmts: Vec<String>,
    indent: usize,
    next: usize,
    /// `self` instead of a model argument.
    method: bool,
    /// Whether the model is reachable (a parameter or `self`).
    has_model: bool,
    max_args: usize,
    /// Only the main function takes labels.
    labels_ok: bool,
    /// The main function's output, when it is a float: a loop in its body may return it.
    returns_float: bool,
    /// The labels of the loops around, each with whether `continue 'label` is safe (a `for`
    /// loop, which advances by itself).
    labels: Vec<(String, bool)>,
}

const BOUND: f64 = 6.0;

fn sigma(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn lit(x: f64) -> String {
    let s = format!("{x:?}");
    if s.contains('.') || s.contains('e') {
        s
    } else {
        format!("{s}.0")
    }
}

impl Program {
    fn shape(&mut self) -> Shape {
        match self.rng.below(10) {
            0..=2 => Shape::S,
            3..=5 => Shape::V(self.dims[self.rng.below(3)]),
            _ => {
                let (r, c) = (self.dims[self.rng.below(3)], self.dims[self.rng.below(3)]);
                Shape::M(r, c)
            }
        }
    }

    /// A leaf of `shape`: a place in the pool, an element, a literal, or a new argument.
    fn leaf(&mut self, b: &mut Body, shape: Shape) -> Val {
        let places: Vec<Val> = b
            .pool
            .iter()
            .filter(|v| v.shape == shape)
            .cloned()
            .collect();
        if shape == Shape::S {
            let arrays: Vec<Val> = b
                .pool
                .iter()
                .filter(|v| v.shape != Shape::S)
                .cloned()
                .collect();
            match self.rng.below(10) {
                0..=3 if !places.is_empty() => return self.rng.pick(&places).clone(),
                4..=5 if !arrays.is_empty() => {
                    let a = self.rng.pick(&arrays).clone();
                    return self.element(&a);
                }
                6 => {
                    let x = *self.rng.pick(&[0.5, 2.0, -1.5, 0.25, 3.0]);
                    return Val {
                        typed: false,
                        ..Val::temp(lit(x), Shape::S, x, x)
                    };
                }
                7 => {
                    return Val {
                        form: Form::Place,
                        ..Val::temp("K".into(), Shape::S, 1.5, 1.5)
                    };
                }
                8 if !b.ints.is_empty() => {
                    let (n, lo, hi) = self.rng.pick(&b.ints).clone();
                    return Val::temp(format!("{n} as f64"), Shape::S, lo, hi);
                }
                _ => {}
            }
        } else if !places.is_empty() && (b.params.len() >= b.max_args || self.rng.chance(0.8)) {
            return self.rng.pick(&places).clone();
        }
        if !places.is_empty() && b.params.len() >= b.max_args {
            return self.rng.pick(&places).clone();
        }
        self.new_arg(b, shape)
    }

    fn new_arg(&mut self, b: &mut Body, shape: Shape) -> Val {
        let name = format!("x{}", b.params.len());
        let view = shape != Shape::S && self.rng.chance(0.15);
        b.params.push(Param::Float {
            name: name.clone(),
            shape,
            view,
        });
        let v = arg_val(name, shape, view);
        // An image batch is read by a convolution block only, never by the other expressions.
        if !matches!(shape, Shape::T(..)) {
            b.pool.push(v.clone());
        }
        v
    }

    /// One element of an array place: `a[i]`, `a[[i, j]]`, `v[v.len() - 1]`.
    fn element(&mut self, a: &Val) -> Val {
        let code = match a.shape {
            Shape::V(n) => {
                if self.rng.chance(0.2) {
                    format!("{0}[{0}.len() - 1]", a.code)
                } else {
                    format!("{}[{}]", a.code, self.rng.below(n))
                }
            }
            Shape::M(r, c) => format!("{}[[{}, {}]]", a.code, self.rng.below(r), self.rng.below(c)),
            Shape::S | Shape::T(..) => unreachable!(),
        };
        Val::temp(code, Shape::S, a.lo, a.hi)
    }

    /// `v` with a type Rust knows: an untyped literal expression is multiplied by `K`.
    fn typed(&mut self, v: Val) -> Val {
        if v.typed {
            v
        } else {
            Val::temp(
                format!("{} * K", v.scalar()),
                v.shape,
                v.lo * 1.5,
                v.hi * 1.5,
            )
        }
    }

    /// `v` squashed into `[-1, 1]` if it is not already inside.
    fn squash(&mut self, v: Val) -> Val {
        if v.lo >= -1.0 && v.hi <= 1.0 {
            return v;
        }
        let v = self.typed(v);
        match self.rng.below(3) {
            0 => Val::temp(
                format!("{}.tanh()", v.recv()),
                v.shape,
                v.lo.tanh(),
                v.hi.tanh(),
            ),
            1 => Val::temp(format!("{}.sin()", v.recv()), v.shape, -1.0, 1.0),
            _ => {
                let c = 1.0 / (v.mag() * 1.25);
                let c = (c * 1000.0).floor() / 1000.0;
                self.binop_code(
                    &v,
                    "*",
                    &Val::temp(lit(c), Shape::S, c, c),
                    v.lo * c,
                    v.hi * c,
                )
                .unwrap_or_else(|| Val::temp(format!("{}.tanh()", v.recv()), v.shape, -1.0, 1.0))
            }
        }
    }

    /// `v` made positive, at least `0.2`.
    fn positive(&mut self, b: &mut Body, v: Val) -> Val {
        if v.lo >= 0.2 && v.hi <= BOUND {
            return v;
        }
        let v = self.squash(v);
        let v = self.typed(v);
        let shape = v.shape;
        match self.rng.below(4) {
            0 => Val::temp(
                format!("{}.powi(2) + 0.5", v.recv()),
                shape,
                0.5,
                v.mag().powi(2) + 0.5,
            ),
            1 => Val::temp(format!("{}.exp()", v.recv()), shape, v.lo.exp(), v.hi.exp()),
            2 => Val::temp(
                format!("{}.tanh() + 1.5", v.recv()),
                shape,
                1.5 + v.lo.tanh(),
                1.5 + v.hi.tanh(),
            ),
            _ => {
                let _ = b;
                Val::temp(
                    format!("sigmoid({}) + 0.5", v.reference_for_fn()),
                    shape,
                    0.5 + sigma(v.lo),
                    0.5 + sigma(v.hi),
                )
            }
        }
    }

    /// Scales `v` back when it has grown past the bound.
    fn cap(&mut self, v: Val) -> Val {
        if v.mag() <= BOUND { v } else { self.squash(v) }
    }

    /// `a op b` for compatible shapes, or `None` when the shapes do not broadcast.
    fn binop_code(&mut self, a: &Val, op: &str, b: &Val, lo: f64, hi: f64) -> Option<Val> {
        let shape = broadcast(a.shape, b.shape)?;
        let side = |rng: &mut Rng, v: &Val| -> String {
            match v.shape {
                Shape::S => v.scalar(),
                _ => match v.form {
                    Form::Place => v.reference(),
                    Form::ViewTemp => format!("&{}", v.code),
                    Form::Temp => {
                        if rng.chance(0.5) {
                            format!("({})", v.code)
                        } else {
                            format!("&({})", v.code)
                        }
                    }
                },
            }
        };
        let (l, r) = (side(&mut self.rng, a), side(&mut self.rng, b));
        let typed = a.typed || b.typed;
        Some(Val {
            typed,
            ..Val::temp(format!("{l} {op} {r}"), shape, lo, hi)
        })
    }

    /// An expression of `shape` at most `depth` deep.
    fn expr(&mut self, b: &mut Body, shape: Shape, depth: usize) -> Val {
        if depth == 0 || self.rng.chance(0.2) || matches!(shape, Shape::T(..)) {
            return self.leaf(b, shape);
        }
        let v = match shape {
            Shape::S => self.scalar_expr(b, depth),
            _ => self.array_expr(b, shape, depth),
        };
        self.cap(v)
    }

    fn binary(&mut self, b: &mut Body, shape: Shape, depth: usize) -> Val {
        // The operand shapes: equal, or broadcast from a float, a row vector, a (1, c) row or
        // an (r, 1) column, on either side.
        let (sa, sb) = match shape {
            Shape::S => (Shape::S, Shape::S),
            Shape::V(n) => match self.rng.below(4) {
                0 => (Shape::S, shape),
                1 => (shape, Shape::S),
                _ => (shape, Shape::V(n)),
            },
            Shape::M(r, c) => match self.rng.below(10) {
                0 => (Shape::S, shape),
                1 => (shape, Shape::S),
                2 => (shape, Shape::V(c)),
                3 => (Shape::V(c), shape),
                4 if r > 1 => (shape, Shape::M(1, c)),
                5 if c > 1 => (Shape::M(r, 1), shape),
                6 if r > 1 && c > 1 => (Shape::M(r, 1), Shape::M(1, c)),
                _ => (shape, shape),
            },
            Shape::T(..) => unreachable!("image batches are read by convolution blocks only"),
        };
        let op = *self.rng.pick(&["+", "-", "*", "/", "+", "*"]);
        let a = self.expr(b, sa, depth - 1);
        let mut c = self.expr(b, sb, depth - 1);
        if op == "/" {
            c = self.positive(b, c);
        }
        let (lo, hi) = match op {
            "+" => (a.lo + c.lo, a.hi + c.hi),
            "-" => (a.lo - c.hi, a.hi - c.lo),
            "*" => corners(a.lo, a.hi, c.lo, c.hi, |x, y| x * y),
            _ => corners(a.lo, a.hi, c.lo, c.hi, |x, y| x / y),
        };
        self.binop_code(&a, op, &c, lo, hi)
            .expect("broadcastable by construction")
    }

    /// A float or array method, or a runtime function, applied element-wise.
    fn unary(&mut self, b: &mut Body, shape: Shape, depth: usize) -> Val {
        let scalar = shape == Shape::S;
        let methods: &[&str] = if scalar {
            &[
                "exp",
                "ln",
                "sqrt",
                "powi",
                "powf",
                "sin",
                "cos",
                "tan",
                "tanh",
                "abs",
                "recip",
                "max",
                "min",
                "neg",
                "relu",
                "sigmoid",
                "leaky_relu",
                "powf_recv",
                "exp_m1",
                "ln_1p",
                "sinh",
                "cosh",
                "asinh",
                "acosh",
                "atanh",
                "asin",
                "acos",
                "atan",
                "signum",
                "clamp",
                "hypot",
                "atan2",
            ]
        } else {
            &[
                "exp",
                "ln",
                "sqrt",
                "powi",
                "powf",
                "sin",
                "cos",
                "tan",
                "tanh",
                "abs",
                "recip",
                "neg",
                "relu",
                "sigmoid",
                "leaky_relu",
                "softmax",
                "log_softmax",
                "exp_m1",
                "ln_1p",
                "sinh",
                "cosh",
                "asinh",
                "acosh",
                "atanh",
                "asin",
                "acos",
                "atan",
                "signum",
                "clamp",
                "hypot",
            ]
        };
        let m = *self.rng.pick(methods);
        let x = self.expr(b, shape, depth - 1);
        let x = self.typed(x);
        match m {
            "exp" => {
                let x = if x.hi > 2.0 { self.squash(x) } else { x };
                Val::temp(format!("{}.exp()", x.recv()), shape, x.lo.exp(), x.hi.exp())
            }
            "ln" => {
                let x = self.positive(b, x);
                Val::temp(format!("{}.ln()", x.recv()), shape, x.lo.ln(), x.hi.ln())
            }
            "sqrt" => {
                let x = self.positive(b, x);
                Val::temp(
                    format!("{}.sqrt()", x.recv()),
                    shape,
                    x.lo.sqrt(),
                    x.hi.sqrt(),
                )
            }
            "recip" => {
                let x = self.positive(b, x);
                Val::temp(
                    format!("{}.recip()", x.recv()),
                    shape,
                    1.0 / x.hi,
                    1.0 / x.lo,
                )
            }
            "powi" => {
                let k: i32 = *self.rng.pick(&[-2, -1, 0, 1, 2, 3]);
                let x = if k < 0 {
                    self.positive(b, x)
                } else {
                    self.squash(x)
                };
                let ends = [
                    x.lo.powi(k),
                    x.hi.powi(k),
                    if x.lo < 0.0 && x.hi > 0.0 {
                        0.0
                    } else {
                        x.lo.powi(k)
                    },
                ];
                let (lo, hi) = min_max(&ends);
                Val::temp(format!("{}.powi({k})", x.recv()), shape, lo, hi)
            }
            "powf" => {
                let base = self.positive(b, x);
                let p = if self.rng.chance(0.4) {
                    let p = *self.rng.pick(&[0.5, 1.5, -0.5, 2.5]);
                    Val::temp(lit(p), Shape::S, p, p)
                } else {
                    let p = self.expr(b, Shape::S, depth - 1);
                    self.squash(p)
                };
                let (lo, hi) = corners(base.lo, base.hi, p.lo, p.hi, f64::powf);
                Val::temp(format!("{}.powf({})", base.recv(), p.code), shape, lo, hi)
            }
            "powf_recv" => {
                let p = self.squash(x);
                let (lo, hi) = corners(1.5, 1.5, p.lo, p.hi, f64::powf);
                Val::temp(format!("K.powf({})", p.code), shape, lo, hi)
            }
            "exp_m1" => {
                let x = if x.hi > 2.0 { self.squash(x) } else { x };
                Val::temp(
                    format!("{}.exp_m1()", x.recv()),
                    shape,
                    x.lo.exp_m1(),
                    x.hi.exp_m1(),
                )
            }
            "ln_1p" => {
                let x = self.positive(b, x);
                Val::temp(
                    format!("{}.ln_1p()", x.recv()),
                    shape,
                    x.lo.ln_1p(),
                    x.hi.ln_1p(),
                )
            }
            "sinh" | "asinh" | "atan" => {
                let x = if m == "sinh" && x.mag() > 2.0 {
                    self.squash(x)
                } else {
                    x
                };
                let f = match m {
                    "sinh" => f64::sinh,
                    "asinh" => f64::asinh,
                    _ => f64::atan,
                };
                Val::temp(format!("{}.{m}()", x.recv()), shape, f(x.lo), f(x.hi))
            }
            "cosh" => {
                let x = if x.mag() > 2.0 { self.squash(x) } else { x };
                let lo = if x.lo <= 0.0 && x.hi >= 0.0 {
                    1.0
                } else {
                    x.lo.abs().min(x.hi.abs()).cosh()
                };
                Val::temp(format!("{}.cosh()", x.recv()), shape, lo, x.mag().cosh())
            }
            "acosh" => {
                // At least 0.2 above the pole at 1.
                let x = self.positive(b, x);
                let one = Val::temp(lit(1.0), Shape::S, 1.0, 1.0);
                let x = self
                    .binop_code(&x, "+", &one, x.lo + 1.0, x.hi + 1.0)
                    .expect("a float broadcasts");
                Val::temp(
                    format!("{}.acosh()", x.recv()),
                    shape,
                    x.lo.acosh(),
                    x.hi.acosh(),
                )
            }
            "atanh" | "asin" | "acos" => {
                // Inside [-0.8, 0.8], away from the poles at ±1.
                let x = self.squash(x);
                let scale = Val::temp(lit(0.8), Shape::S, 0.8, 0.8);
                let x = self
                    .binop_code(&x, "*", &scale, x.lo * 0.8, x.hi * 0.8)
                    .expect("a float broadcasts");
                let (lo, hi) = match m {
                    "atanh" => (x.lo.atanh(), x.hi.atanh()),
                    "asin" => (x.lo.asin(), x.hi.asin()),
                    _ => (x.hi.acos(), x.lo.acos()),
                };
                Val::temp(format!("{}.{m}()", x.recv()), shape, lo, hi)
            }
            "signum" => Val::temp(
                format!("{}.signum()", x.recv()),
                shape,
                if x.lo < 0.0 { -1.0 } else { 1.0 },
                if x.hi >= 0.0 { 1.0 } else { -1.0 },
            ),
            "clamp" => {
                let (lo, hi) = *self.rng.pick(&[(-0.5, 0.5), (-1.0, 2.0), (0.0, 1.0)]);
                Val::temp(
                    format!("{}.clamp({}, {})", x.recv(), lit(lo), lit(hi)),
                    shape,
                    x.lo.clamp(lo, hi),
                    x.hi.clamp(lo, hi),
                )
            }
            "hypot" | "atan2" => {
                // The argument is a float: ndarray's `hypot` takes one, and has no `atan2`.
                let y = self.expr(b, Shape::S, depth - 1);
                let (lo, hi) = if m == "hypot" {
                    (0.0, x.mag().hypot(y.mag()))
                } else {
                    (-std::f64::consts::PI, std::f64::consts::PI)
                };
                Val::temp(format!("{}.{m}({})", x.recv(), y.code), shape, lo, hi)
            }
            "sin" => Val::temp(format!("{}.sin()", x.recv()), shape, -1.0, 1.0),
            "cos" => Val::temp(format!("{}.cos()", x.recv()), shape, -1.0, 1.0),
            "tan" => {
                let x = self.squash(x);
                Val::temp(format!("{}.tan()", x.recv()), shape, x.lo.tan(), x.hi.tan())
            }
            "tanh" => Val::temp(
                format!("{}.tanh()", x.recv()),
                shape,
                x.lo.tanh(),
                x.hi.tanh(),
            ),
            "abs" => {
                let lo = if x.lo <= 0.0 && x.hi >= 0.0 {
                    0.0
                } else {
                    x.lo.abs().min(x.hi.abs())
                };
                Val::temp(format!("{}.abs()", x.recv()), shape, lo, x.mag())
            }
            "max" | "min" => {
                let y = self.expr(b, Shape::S, depth - 1);
                let (lo, hi) = if m == "max" {
                    (x.lo.max(y.lo), x.hi.max(y.hi))
                } else {
                    (x.lo.min(y.lo), x.hi.min(y.hi))
                };
                Val::temp(format!("{}.{m}({})", x.recv(), y.code), shape, lo, hi)
            }
            "neg" => {
                let code = match (shape, x.form) {
                    (Shape::S, _) => format!("-{}", x.scalar()),
                    (_, Form::Temp) => format!("-({})", x.code),
                    _ => format!("-{}", x.reference_for_fn()),
                };
                Val::temp(code, shape, -x.hi, -x.lo)
            }
            "relu" => Val::temp(
                format!("relu({})", x.reference_for_fn()),
                shape,
                x.lo.max(0.0),
                x.hi.max(0.0),
            ),
            "sigmoid" => Val::temp(
                format!("sigmoid({})", x.reference_for_fn()),
                shape,
                sigma(x.lo),
                sigma(x.hi),
            ),
            "leaky_relu" => Val::temp(
                format!("leaky_relu({}, 0.1)", x.reference_for_fn()),
                shape,
                x.lo.min(0.1 * x.lo),
                x.hi.max(0.1 * x.hi),
            ),
            "softmax" => Val::temp(
                format!("softmax({})", x.reference_for_fn()),
                shape,
                0.0,
                1.0,
            ),
            "log_softmax" => {
                let n = *shape.dims().last().unwrap_or(&1) as f64;
                Val::temp(
                    format!("log_softmax({})", x.reference_for_fn()),
                    shape,
                    -(x.hi - x.lo) - n.ln() - 1e-9,
                    0.0,
                )
            }
            _ => unreachable!("{m}"),
        }
    }

    fn scalar_expr(&mut self, b: &mut Body, depth: usize) -> Val {
        match self.rng.below(14) {
            0..=3 => self.binary(b, Shape::S, depth),
            4..=7 => self.unary(b, Shape::S, depth),
            8 => {
                let s = self.array_shape();
                let a = self.expr(b, s, depth - 1);
                let n = s.len() as f64;
                Val::temp(format!("{}.sum()", a.recv()), Shape::S, a.lo * n, a.hi * n)
            }
            9 => {
                let s = self.array_shape();
                let a = self.expr(b, s, depth - 1);
                Val::temp(
                    format!("mean({})", a.reference_for_fn()),
                    Shape::S,
                    a.lo,
                    a.hi,
                )
            }
            10 => {
                let n = self.dims[self.rng.below(3)];
                let u = self.expr(b, Shape::V(n), depth - 1);
                let v = self.expr(b, Shape::V(n), depth - 1);
                let (lo, hi) = corners(u.lo, u.hi, v.lo, v.hi, |x, y| x * y);
                Val::temp(
                    format!("{}.dot({})", u.recv(), v.reference_for_fn()),
                    Shape::S,
                    lo * n as f64,
                    hi * n as f64,
                )
            }
            11 => {
                let s = self.array_shape();
                let p = self.expr(b, s, depth - 1);
                let t = self.expr(b, s, depth - 1);
                let d = (p.hi - t.lo).abs().max((t.hi - p.lo).abs());
                Val::temp(
                    format!("mse({}, {})", p.reference_for_fn(), t.reference_for_fn()),
                    Shape::S,
                    0.0,
                    d * d,
                )
            }
            12 if b.labels_ok => {
                // Cross-entropy against the program's labels, one per row.
                let rows = self.dims[0];
                let classes = self.dims[self.rng.below(3)];
                let labels = b.params.iter().find_map(|p| match p {
                    Param::Labels { rows, classes } => Some((*rows, *classes)),
                    _ => None,
                });
                let classes = match labels {
                    Some((_, classes)) => classes,
                    None => {
                        b.params.push(Param::Labels { rows, classes });
                        classes
                    }
                };
                let logits = self.expr(b, Shape::M(rows, classes), depth - 1);
                Val::temp(
                    format!(
                        "softmax_cross_entropy({}, labels)",
                        logits.reference_for_fn()
                    ),
                    Shape::S,
                    0.0,
                    (logits.hi - logits.lo) + (classes as f64).ln(),
                )
            }
            _ => self
                .call(b, Shape::S, depth)
                .unwrap_or_else(|| self.unary(b, Shape::S, depth)),
        }
    }

    fn array_shape(&mut self) -> Shape {
        loop {
            let s = self.shape();
            if s != Shape::S {
                return s;
            }
        }
    }

    fn array_expr(&mut self, b: &mut Body, shape: Shape, depth: usize) -> Val {
        if self.rng.chance(0.12)
            && let Some(v) = self.part(b, shape)
        {
            return v;
        }
        if let Shape::M(rows, cols) = shape
            && self.rng.chance(0.05)
            && b.params.len() + 2 <= b.max_args
        {
            return self.conv_block(b, rows, cols, depth);
        }
        if self.shape_rng.chance(0.08)
            && let Some(v) = self.rearranged(b, shape, depth)
        {
            return v;
        }
        if self.map_rng.chance(0.07) {
            return self.mapped(b, shape, depth);
        }
        if self.update_rng.chance(0.06) {
            return self.written_into(b, shape, depth);
        }
        match self.rng.below(16) {
            0..=4 => self.binary(b, shape, depth),
            5..=8 => self.unary(b, shape, depth),
            9 => {
                // A reduction of a matrix along one axis.
                let (n, other) = match shape {
                    Shape::V(n) => (n, self.dims[self.rng.below(3)]),
                    _ => return self.binary(b, shape, depth),
                };
                let axis = self.rng.below(2);
                let m = if axis == 0 {
                    Shape::M(other, n)
                } else {
                    Shape::M(n, other)
                };
                let a = self.expr(b, m, depth - 1);
                if self.rng.chance(0.5) {
                    let k = other as f64;
                    Val::temp(
                        format!("{}.sum_axis(Axis({axis}))", a.recv()),
                        shape,
                        a.lo * k,
                        a.hi * k,
                    )
                } else {
                    Val::temp(
                        format!("{}.mean_axis(Axis({axis})).unwrap()", a.recv()),
                        shape,
                        a.lo,
                        a.hi,
                    )
                }
            }
            10 | 11 => {
                // Matrix products: (r, k)·(k, c) and (n, k)·(k).
                let k = self.dims[self.rng.below(3)];
                let (l, r) = match shape {
                    Shape::V(n) => (Shape::M(n, k), Shape::V(k)),
                    Shape::M(r, c) => (Shape::M(r, k), Shape::M(k, c)),
                    Shape::S | Shape::T(..) => unreachable!(),
                };
                let a = self.expr(b, l, depth - 1);
                let c = self.expr(b, r, depth - 1);
                let (lo, hi) = corners(a.lo, a.hi, c.lo, c.hi, |x, y| x * y);
                Val::temp(
                    format!("{}.dot({})", a.recv(), c.reference_for_fn()),
                    shape,
                    lo * k as f64,
                    hi * k as f64,
                )
            }
            12 => {
                // A transpose: a view of a place, or reversed axes of an owned value.
                let Shape::M(r, c) = shape else {
                    return self.unary(b, shape, depth);
                };
                let a = self.expr(b, Shape::M(c, r), depth - 1);
                if self.viewable(&a) && self.rng.chance(0.6) {
                    let code = if self.rng.chance(0.7) {
                        format!("{}.t()", a.code)
                    } else {
                        format!("{}.view().reversed_axes()", a.code)
                    };
                    Val {
                        form: Form::ViewTemp,
                        ..Val::temp(code, shape, a.lo, a.hi)
                    }
                } else {
                    let owned = self.owned(a);
                    Val::temp(
                        format!("{}.reversed_axes()", owned.recv()),
                        shape,
                        owned.lo,
                        owned.hi,
                    )
                }
            }
            13 => {
                let a = self.leaf(b, shape);
                match self.rng.below(3) {
                    0 => Val::temp(format!("{}.to_owned()", a.recv()), shape, a.lo, a.hi),
                    1 if a.form == Form::Place && !a.is_view => {
                        Val::temp(format!("{}.clone()", a.code), shape, a.lo, a.hi)
                    }
                    _ if self.viewable(&a) => Val {
                        form: Form::ViewTemp,
                        ..Val::temp(format!("{}.view()", a.code), shape, a.lo, a.hi)
                    },
                    _ => a,
                }
            }
            _ => self
                .call(b, shape, depth)
                .unwrap_or_else(|| self.binary(b, shape, depth)),
        }
    }

    /// A copy of an array with part of it written, in a block: an element set, added to or
    /// subtracted from (`u[[i, j]] -= s`), a slice, a row or a column assigned, or a vector's
    /// elements written one by one in a loop.
    fn written_into(&mut self, b: &mut Body, shape: Shape, depth: usize) -> Val {
        let a = self.expr(b, shape, depth - 1);
        let u = self.fresh(b);
        if let Shape::V(n) = shape
            && self.update_rng.chance(0.3)
        {
            // Each element in turn, from a scalar of the function and the element itself or the
            // array's first element, which the loop has already written.
            let v = self.expr(b, Shape::S, depth - 1);
            let v = self.typed(v);
            let v = if v.mag() > 1.0 { self.squash(v) } else { v };
            let k = format!("k{}", b.next);
            let (write, lo, hi) = match self.update_rng.below(3) {
                0 => (
                    format!("{u}[{k}] = {u}[{k}] * {};", v.scalar()),
                    a.lo.min(-a.mag()),
                    a.hi.max(a.mag()),
                ),
                1 => (
                    format!("{u}[{k}] += {};", v.scalar()),
                    a.lo + n as f64 * v.lo.min(0.0),
                    a.hi + n as f64 * v.hi.max(0.0),
                ),
                _ => (
                    format!("{u}[{k}] = {} - {u}[0] * 0.5;", v.scalar()),
                    (a.lo.min(v.lo) - 2.0 * a.mag()).min(v.lo - a.mag()),
                    (a.hi.max(v.hi) + 2.0 * a.mag()).max(v.hi + a.mag()),
                ),
            };
            return Val::temp(
                format!(
                    "{{ let mut {u} = {}.to_owned(); for {k} in 0..{n} {{ {write} }} {u} }}",
                    a.recv()
                ),
                shape,
                lo,
                hi,
            );
        }
        let mut lo = a.lo;
        let mut hi = a.hi;
        let write = match (shape, self.update_rng.below(3)) {
            (Shape::V(n), 0 | 1) | (Shape::M(_, n), 0) => {
                let index = match shape {
                    Shape::M(r, _) => format!(
                        "[{}, {}]",
                        self.update_rng.below(r),
                        self.update_rng.below(n)
                    ),
                    _ => self.update_rng.below(n).to_string(),
                };
                let v = self.expr(b, Shape::S, depth - 1);
                let v = self.typed(v);
                let op = *self.update_rng.pick(&["=", "+=", "-="]);
                let (vlo, vhi) = match op {
                    "=" => (v.lo, v.hi),
                    "+=" => (a.lo + v.lo, a.hi + v.hi),
                    _ => (a.lo - v.hi, a.hi - v.lo),
                };
                lo = lo.min(vlo);
                hi = hi.max(vhi);
                format!("{u}[{index}] {op} {};", v.scalar())
            }
            (Shape::M(r, c), 1) => {
                let (method, at, len) = if self.update_rng.chance(0.5) {
                    ("row_mut", self.update_rng.below(r), c)
                } else {
                    ("column_mut", self.update_rng.below(c), r)
                };
                let v = self.expr(b, Shape::V(len), depth - 1);
                lo = lo.min(v.lo);
                hi = hi.max(v.hi);
                format!("{u}.{method}({at}).assign({});", v.reference())
            }
            (Shape::V(n), _) | (Shape::M(_, n), _) => {
                let start = self.update_rng.below(n);
                let (part, range) = match shape {
                    Shape::M(r, _) => (Shape::M(r, n - start), format!("s![.., {start}..]")),
                    _ => (Shape::V(n - start), format!("s![{start}..]")),
                };
                let v = self.expr(b, part, depth - 1);
                lo = lo.min(v.lo);
                hi = hi.max(v.hi);
                format!("{u}.slice_mut({range}).assign({});", v.reference())
            }
            (Shape::S | Shape::T(..), _) => unreachable!("only arrays are written into"),
        };
        Val::temp(
            format!("{{ let mut {u} = {}.to_owned(); {write} {u} }}", a.recv()),
            shape,
            lo,
            hi,
        )
    }

    /// An array mapped element by element with a closure (`mapv`, `mapv_into`, `map`) or a float
    /// method by path; the closure may read a scalar of the function.
    fn mapped(&mut self, b: &mut Body, shape: Shape, depth: usize) -> Val {
        let x = self.expr(b, shape, depth - 1);
        let x = self.typed(x);
        // A scalar the closure reads: a name (a differentiated one, often), `K` or a literal.
        let names: Vec<Val> = b
            .pool
            .iter()
            .filter(|v| v.shape == Shape::S && v.form == Form::Place)
            .cloned()
            .collect();
        let c = if !names.is_empty() && self.map_rng.chance(0.7) {
            self.map_rng.pick(&names).clone()
        } else {
            let k = *self.map_rng.pick(&[0.5, -1.5, 2.0]);
            Val::temp(lit(k), Shape::S, k, k)
        };
        let c = if c.mag() > 2.0 { self.squash(c) } else { c };
        let c = if c.form == Form::Place || !c.typed {
            c
        } else {
            Val::temp("K".into(), Shape::S, 1.5, 1.5)
        };
        let (cl, ch) = (c.lo, c.hi);
        let code = c.scalar();
        if self.zip_rng.chance(0.25) {
            let y = self.expr(b, shape, depth - 1);
            let y = self.typed(y);
            let (lo, hi) = (-1.0, 1.0 + 0.5 * y.mag().powi(2));
            let code = format!(
                "Zip::from({}).and({}).map_collect(|&a, &b| (a * {code}).tanh() + b * b * 0.5)",
                x.reference(),
                y.reference()
            );
            return Val::temp(code, shape, lo, hi);
        }
        match self.map_rng.below(7) {
            0 => {
                let (lo, hi) = corners(x.lo, x.hi, cl, ch, |a, b| a * b);
                Val::temp(
                    format!("{}.mapv(|e| e * {code} + 0.5)", x.recv()),
                    shape,
                    lo + 0.5,
                    hi + 0.5,
                )
            }
            1 => {
                let (lo, hi) = corners(x.lo, x.hi, cl, ch, |a, b| a * b);
                Val::temp(
                    format!("{}.mapv(|e| (e * {code}).tanh())", x.recv()),
                    shape,
                    lo.tanh(),
                    hi.tanh(),
                )
            }
            2 => Val::temp(
                format!("{}.mapv(|e| e.max(0.1 * e))", x.recv()),
                shape,
                x.lo.min(0.1 * x.lo),
                x.hi.max(0.1 * x.hi),
            ),
            3 => Val::temp(
                format!(
                    "{}.mapv(|e: f64| {{ let t = e.sin(); t * t + {code} }})",
                    x.recv()
                ),
                shape,
                cl,
                ch + 1.0,
            ),
            4 => Val::temp(
                format!("{}.mapv(f64::tanh)", x.recv()),
                shape,
                x.lo.tanh(),
                x.hi.tanh(),
            ),
            5 => {
                let lo = if x.lo <= 0.0 && x.hi >= 0.0 {
                    0.0
                } else {
                    x.lo.abs().min(x.hi.abs()).powi(2)
                };
                Val::temp(
                    format!("{}.map(|&e| e * e)", x.recv()),
                    shape,
                    lo,
                    x.mag().powi(2),
                )
            }
            _ => {
                let x = self.squash(x);
                let x = self.owned(x);
                let (lo, hi) = corners(x.lo.exp(), x.hi.exp(), cl, ch, |a, b| a * b);
                Val::temp(
                    format!("{}.mapv_into(|e| e.exp() * {code})", x.recv()),
                    shape,
                    lo,
                    hi,
                )
            }
        }
    }

    /// An array reshaped or built from parts: `insert_axis` and `broadcast`, `permuted_axes`,
    /// `into_shape_with_order` or `to_shape` of a flat vector, `concatenate` or `stack` (as
    /// functions or macros) of smaller arrays, `array![..]` of floats.
    fn rearranged(&mut self, b: &mut Body, shape: Shape, depth: usize) -> Option<Val> {
        let depth = depth.max(1);
        let bounds = |parts: &[&Val]| {
            let lo = parts.iter().map(|p| p.lo).fold(f64::INFINITY, f64::min);
            let hi = parts.iter().map(|p| p.hi).fold(f64::NEG_INFINITY, f64::max);
            (lo, hi)
        };
        let view = |g: &mut Self, a: Val| -> (String, Val) {
            if g.viewable(&a) {
                (format!("{}.view()", a.code), a)
            } else {
                let a = g.owned(a);
                (format!("{}.view()", a.recv()), a)
            }
        };
        let v = match (shape, self.shape_rng.below(7)) {
            (Shape::V(n), 0) if n <= 4 => {
                let parts: Vec<Val> = (0..n)
                    .map(|_| {
                        let e = self.expr(b, Shape::S, depth - 1);
                        self.typed(e)
                    })
                    .collect();
                let refs: Vec<&Val> = parts.iter().collect();
                let (lo, hi) = bounds(&refs);
                let code: Vec<String> = parts.iter().map(Val::scalar).collect();
                Val::temp(format!("array![{}]", code.join(", ")), shape, lo, hi)
            }
            (Shape::M(r, c), 0) if r * c <= 4 => {
                let parts: Vec<Val> = (0..r * c)
                    .map(|_| {
                        let e = self.expr(b, Shape::S, depth - 1);
                        self.typed(e)
                    })
                    .collect();
                let refs: Vec<&Val> = parts.iter().collect();
                let (lo, hi) = bounds(&refs);
                let rows: Vec<String> = parts
                    .chunks(c)
                    .map(|row| {
                        let row: Vec<String> = row.iter().map(Val::scalar).collect();
                        format!("[{}]", row.join(", "))
                    })
                    .collect();
                Val::temp(format!("array![{}]", rows.join(", ")), shape, lo, hi)
            }
            (Shape::M(r, c), 1) => {
                // A column repeated, or a row repeated.
                let (v, code) = if self.rng.chance(0.5) {
                    let v = self.expr(b, Shape::V(r), depth - 1);
                    let v = self.owned(v);
                    let code = format!("{}.insert_axis(Axis(1))", v.recv());
                    (v, code)
                } else {
                    let v = self.expr(b, Shape::V(c), depth - 1);
                    (v.clone(), v.recv())
                };
                Val::temp(
                    format!("{code}.broadcast(({r}, {c})).unwrap().to_owned()"),
                    shape,
                    v.lo,
                    v.hi,
                )
            }
            (Shape::M(r, c), 2) => {
                let a = self.expr(b, Shape::M(c, r), depth - 1);
                let a = self.owned(a);
                Val::temp(
                    format!("{}.permuted_axes([1, 0])", a.recv()),
                    shape,
                    a.lo,
                    a.hi,
                )
            }
            (Shape::M(r, c), 3) => {
                let a = self.expr(b, Shape::V(r * c), depth - 1);
                // A reversed slice stays reversed when owned (`to_owned` keeps its memory
                // order), which `into_shape_with_order` refuses: `to_shape` copies it.
                if self.rng.chance(0.5) && !reverses(&a.code) {
                    let a = self.owned(a);
                    let order = if self.rng.chance(0.5) {
                        ""
                    } else {
                        ", Order::ColumnMajor"
                    };
                    let shape_arg = if order.is_empty() {
                        format!("({r}, {c})")
                    } else {
                        format!("(({r}, {c}){order})")
                    };
                    Val::temp(
                        format!("{}.into_shape_with_order({shape_arg}).unwrap()", a.recv()),
                        shape,
                        a.lo,
                        a.hi,
                    )
                } else {
                    Val::temp(
                        format!("{}.to_shape(({r}, {c})).unwrap().to_owned()", a.recv()),
                        shape,
                        a.lo,
                        a.hi,
                    )
                }
            }
            (Shape::V(n), 3) => {
                let a = self.expr(b, Shape::M(n, 1), depth - 1);
                if reverses(&a.code) {
                    return Some(Val::temp(
                        format!("{}.to_shape({n}).unwrap().to_owned()", a.recv()),
                        shape,
                        a.lo,
                        a.hi,
                    ));
                }
                let a = self.owned(a);
                Val::temp(
                    format!("{}.into_shape_with_order({n}).unwrap()", a.recv()),
                    shape,
                    a.lo,
                    a.hi,
                )
            }
            (Shape::V(n), 4 | 5) if n >= 2 => {
                let k = 1 + self.rng.below(n - 1);
                let a = self.expr(b, Shape::V(k), depth - 1);
                let c = self.expr(b, Shape::V(n - k), depth - 1);
                let (lo, hi) = bounds(&[&a, &c]);
                let (a, _) = view(self, a);
                let (c, _) = view(self, c);
                let code = if self.rng.chance(0.5) {
                    format!("ndarray::concatenate(Axis(0), &[{a}, {c}]).unwrap()")
                } else {
                    format!("ndarray::concatenate![Axis(0), {a}, {c}]")
                };
                Val::temp(code, shape, lo, hi)
            }
            (Shape::M(r, c), 4) if r >= 2 => {
                let k = 1 + self.rng.below(r - 1);
                let a = self.expr(b, Shape::M(k, c), depth - 1);
                let d = self.expr(b, Shape::M(r - k, c), depth - 1);
                let (lo, hi) = bounds(&[&a, &d]);
                let (a, _) = view(self, a);
                let (d, _) = view(self, d);
                Val::temp(
                    format!("ndarray::concatenate(Axis(0), &[{a}, {d}]).unwrap()"),
                    shape,
                    lo,
                    hi,
                )
            }
            (Shape::M(r, c), 5) if r <= 3 => {
                // Rows stacked along a new first axis.
                let rows: Vec<Val> = (0..r)
                    .map(|_| self.expr(b, Shape::V(c), depth - 1))
                    .collect();
                let refs: Vec<&Val> = rows.iter().collect();
                let (lo, hi) = bounds(&refs);
                let views: Vec<String> = rows.into_iter().map(|row| view(self, row).0).collect();
                let code = if self.rng.chance(0.5) {
                    format!("ndarray::stack(Axis(0), &[{}]).unwrap()", views.join(", "))
                } else {
                    format!("ndarray::stack![Axis(0), {}]", views.join(", "))
                };
                Val::temp(code, shape, lo, hi)
            }
            _ => return None,
        };
        Some(v)
    }

    /// A convolution block with a `(rows, cols)` result: `flatten` of a `conv2d` of a new image
    /// argument by a new kernel argument and a bias expression, with any stride and padding,
    /// perhaps a ReLU, and perhaps a max or average pooling with any window and stride. The
    /// sizes are chosen backwards from the result: `cols = c_out · h · w` after pooling.
    fn conv_block(&mut self, b: &mut Body, rows: usize, cols: usize, depth: usize) -> Val {
        let divisors: Vec<usize> = (1..=cols).filter(|&d| cols.is_multiple_of(d)).collect();
        let c_out = *self.rng.pick(&divisors);
        let (mut oh, mut ow) = (cols / c_out, 1);
        if self.rng.chance(0.5) {
            (oh, ow) = (ow, oh);
        }
        // Pooling: a window and a stride per axis; the convolution's output is what it reads.
        let pooling = self.rng.below(3);
        let (kernel, stride) = (
            (1 + self.rng.below(2), 1 + self.rng.below(2)),
            (1 + self.rng.below(2), 1 + self.rng.below(2)),
        );
        let (ch, cw) = if pooling == 0 {
            (oh, ow)
        } else {
            (
                (oh - 1) * stride.0 + kernel.0,
                (ow - 1) * stride.1 + kernel.1,
            )
        };
        // The convolution: kernel, stride and padding (below the kernel's size) per axis.
        let c_in = 1 + self.rng.below(2);
        let (kh, kw) = (1 + self.rng.below(3), 1 + self.rng.below(3));
        let (sh, sw) = (1 + self.rng.below(2), 1 + self.rng.below(2));
        let pad = |p: &mut Program, k: usize, out: usize, s: usize| {
            // Padding that still leaves an input of at least one row or column.
            let candidates: Vec<usize> = (0..k).filter(|&p| (out - 1) * s + k > 2 * p).collect();
            *p.rng.pick(&candidates)
        };
        let (ph, pw) = (pad(self, kh, ch, sh), pad(self, kw, cw, sw));
        let (h, w) = ((ch - 1) * sh + kh - 2 * ph, (cw - 1) * sw + kw - 2 * pw);
        let x = self.new_arg(b, Shape::T(rows, c_in, h, w));
        let k = self.new_arg(b, Shape::T(c_out, c_in, kh, kw));
        let bias = self.expr(b, Shape::V(c_out), depth.saturating_sub(1));
        let bias = self.squash(bias);
        let taps = (c_in * kh * kw) as f64;
        let (lo, hi) = (bias.lo - taps, bias.hi + taps);
        let mut code = format!(
            "conv2d({}, {}, {}, ({sh}, {sw}), ({ph}, {pw}))",
            x.reference_for_fn(),
            k.reference_for_fn(),
            bias.reference_for_fn()
        );
        let (lo, hi) = if self.rng.chance(0.4) {
            code = format!("relu(&{code})");
            (lo.max(0.0), hi.max(0.0))
        } else {
            (lo, hi)
        };
        let pool = |name: &str| format!("{name}(&{code}, {kernel:?}, {stride:?})");
        code = match pooling {
            0 => code.clone(),
            1 => pool("max_pool2d"),
            _ => pool("avg_pool2d"),
        };
        Val::temp(format!("flatten(&{code})"), Shape::M(rows, cols), lo, hi)
    }

    /// An index below `n`: an integer in scope that stays below it (a loop index), or a literal.
    fn index_below(&mut self, b: &Body, n: usize) -> String {
        let ints: Vec<String> = b
            .ints
            .iter()
            .filter(|(_, lo, hi)| *lo >= 0.0 && *hi < n as f64)
            .map(|(name, ..)| name.clone())
            .collect();
        if !ints.is_empty() && self.rng.chance(0.6) {
            self.rng.pick(&ints).clone()
        } else {
            self.rng.below(n).to_string()
        }
    }

    /// A part of an array place, as a view: `a.row(i)`, `a.column(j)`,
    /// `a.index_axis(Axis(k), i)`, `a.slice(s![..])`.
    fn part(&mut self, b: &mut Body, shape: Shape) -> Option<Val> {
        let sources: Vec<Val> = b
            .pool
            .iter()
            .filter(|a| {
                self.viewable(a)
                    && match (shape, a.shape) {
                        (Shape::V(n), Shape::M(r, c)) => n == c || n == r,
                        (Shape::V(n), Shape::V(m)) => m >= n,
                        (Shape::M(r, c), Shape::M(r2, c2)) => r2 >= r && c2 >= c,
                        _ => false,
                    }
            })
            .cloned()
            .collect();
        if sources.is_empty() {
            return None;
        }
        let a = self.rng.pick(&sources).clone();
        let code = match (shape, a.shape) {
            (Shape::V(n), Shape::M(r, c)) => {
                let rows = n == c && (n != r || self.rng.chance(0.5));
                let (k, i) = if rows {
                    (0, self.index_below(b, r))
                } else {
                    (1, self.index_below(b, c))
                };
                // `s![0, ..]` leaves the type of `0`, and so the view's dimension, to inference.
                let literal = i.starts_with(|c: char| c.is_ascii_digit());
                let form = if literal {
                    self.rng.below(2)
                } else {
                    self.rng.below(3)
                };
                match (form, k) {
                    (0, 0) => format!("{}.row({i})", a.code),
                    (0, _) => format!("{}.column({i})", a.code),
                    (1, _) => format!("{}.index_axis(Axis({k}), {i})", a.code),
                    (_, 0) => format!("{}.slice(s![{i}, ..])", a.code),
                    _ => format!("{}.slice(s![.., {i}])", a.code),
                }
            }
            (Shape::V(n), Shape::V(m)) => {
                if m == n && self.rng.chance(0.5) {
                    format!("{}.slice(s![..;-1])", a.code)
                } else {
                    let k = self.rng.below(m - n + 1);
                    format!("{}.slice(s![{k}..{}])", a.code, k + n)
                }
            }
            (Shape::M(r, c), Shape::M(r2, c2)) => {
                let axis = |rng: &mut Rng, n: usize, m: usize| {
                    if n == m && rng.chance(0.4) {
                        (*rng.pick(&["..", "..;-1"])).to_owned()
                    } else {
                        let k = rng.below(m - n + 1);
                        format!("{k}..{}", k + n)
                    }
                };
                let rows = axis(&mut self.rng, r, r2);
                let cols = axis(&mut self.rng, c, c2);
                format!("{}.slice(s![{rows}, {cols}])", a.code)
            }
            _ => unreachable!(),
        };
        Some(Val {
            form: Form::ViewTemp,
            ..Val::temp(code, shape, a.lo, a.hi)
        })
    }

    /// Whether `.t()` or `.view()` may be taken of `a`: a place that is not updated later.
    fn viewable(&self, a: &Val) -> bool {
        a.form == Form::Place && !a.mutable
    }

    /// `a` as the right side of a `let`: an owned array place is cloned instead of moved.
    fn unmoved(&mut self, a: Val) -> Val {
        let field = a.code.contains('.');
        if a.form == Form::Place && a.shape != Shape::S && (field || !a.by_ref) && !a.is_view {
            self.owned(a)
        } else {
            a
        }
    }

    /// `a` as an owned value: places and views are copied.
    fn owned(&mut self, a: Val) -> Val {
        match a.form {
            Form::Temp => a,
            Form::Place if !a.is_view && self.rng.chance(0.5) => {
                Val::temp(format!("{}.clone()", a.code), a.shape, a.lo, a.hi)
            }
            _ => Val::temp(format!("{}.to_owned()", a.recv()), a.shape, a.lo, a.hi),
        }
    }

    /// A call to an earlier function or method whose output is `shape`.
    fn call(&mut self, b: &mut Body, shape: Shape, depth: usize) -> Option<Val> {
        let candidates: Vec<Callee> = self
            .callees
            .iter()
            .filter(|c| c.out == shape && (!c.method || b.has_model))
            .filter(|c| {
                c.params.iter().all(|p| {
                    !matches!(p, Param::Model { .. } | Param::Labels { .. }) || b.has_model
                })
            })
            .cloned()
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let callee = self.rng.pick(&candidates).clone();
        let model = if b.method { "self" } else { "m" };
        let mut args = Vec::new();
        for p in &callee.params {
            args.push(match p {
                Param::Float { shape, view, .. } => {
                    let a = self.expr(b, *shape, depth - 1);
                    let a = self.squash(a);
                    match (shape, view) {
                        (Shape::S, _) => a.code.clone(),
                        (_, true) => match a.form {
                            Form::ViewTemp => a.code.clone(),
                            Form::Place if a.is_view => a.code.clone(),
                            _ => format!("{}.view()", a.recv()),
                        },
                        (_, false) => match a.form {
                            Form::Place if !a.is_view => a.reference(),
                            Form::Temp => format!("&({})", a.code),
                            _ => format!("&{}.to_owned()", a.recv()),
                        },
                    }
                }
                Param::Model { by_value, .. } => {
                    if *by_value {
                        format!("{model}.clone()")
                    } else if b.method || self.model_by_ref(b) {
                        model.to_owned()
                    } else {
                        format!("&{model}")
                    }
                }
                Param::Count { .. } => self.count_arg(b),
                Param::Flag { .. } => self.flag_arg(b),
                Param::Mode { .. } => self.mode_arg(b),
                Param::Labels { .. } => unreachable!("helpers take no labels"),
            });
        }
        let args = args.join(", ");
        let code = if callee.method {
            format!("{model}.{}({args})", callee.name)
        } else {
            format!("{}({args})", callee.name)
        };
        Some(Val::temp(code, shape, callee.lo, callee.hi))
    }

    fn model_by_ref(&self, b: &Body) -> bool {
        b.params.iter().any(|p| {
            matches!(
                p,
                Param::Model {
                    by_value: false,
                    ..
                }
            )
        })
    }

    fn fresh(&mut self, b: &mut Body) -> String {
        b.next += 1;
        format!("v{}", b.next)
    }

    fn push(&mut self, b: &mut Body, line: String) {
        b.stmts.push(format!("{}{line}", "    ".repeat(b.indent)));
    }

    /// Two owned values bound at once: destructured from a tuple written out
    /// (`let (v1, v2) = (a, b);`), or kept as a tuple whose parts are read by position
    /// (`let v1 = (a, b);`, then `v1.0` and `v1.1`).
    fn tuple_statement(&mut self, b: &mut Body) {
        let mut parts = Vec::new();
        for _ in 0..2 {
            let shape = self.shape();
            let v = self.expr(b, shape, 2);
            let v = self.typed(v);
            let v = if shape == Shape::S { v } else { self.owned(v) };
            parts.push(v);
        }
        let codes: Vec<String> = parts.iter().map(|v| v.code.clone()).collect();
        let names: Vec<String> = if self.tuple_rng.chance(0.5) {
            let names = vec![self.fresh(b), self.fresh(b)];
            self.push(
                b,
                format!(
                    "let ({}, {}) = ({}, {});",
                    names[0], names[1], codes[0], codes[1]
                ),
            );
            names
        } else {
            let name = self.fresh(b);
            self.push(b, format!("let {name} = ({}, {});", codes[0], codes[1]));
            vec![format!("{name}.0"), format!("{name}.1")]
        };
        for (name, v) in names.into_iter().zip(parts) {
            b.pool.push(Val {
                code: name,
                form: Form::Place,
                by_ref: false,
                is_view: false,
                mutable: false,
                ..v
            });
        }
    }

    /// One statement: a `let`, a `let mut` with updates, a block, a shadowing `let`, or a
    /// destructured shape query.
    fn statement(&mut self, b: &mut Body) {
        if b.nesting < 2 && self.rng.chance(self.control) {
            return self.control_statement(b);
        }
        if self.tuple_rng.chance(0.06) {
            return self.tuple_statement(b);
        }
        match self.rng.below(20) {
            0..=10 => {
                let shape = self.shape();
                let depth = 1 + self.rng.below(3);
                let v = self.expr(b, shape, depth);
                let v = self.unmoved(v);
                let name = self.fresh(b);
                let ann = if self.rng.chance(0.1) && v.form == Form::Temp {
                    format!(": {}", shape.rust())
                } else {
                    String::new()
                };
                self.push(b, format!("let {name}{ann} = {};", v.code));
                let is_view = v.form == Form::ViewTemp || (v.form == Form::Place && v.is_view);
                b.pool.push(Val {
                    code: name,
                    form: Form::Place,
                    by_ref: v.form == Form::Place && v.by_ref,
                    is_view,
                    mutable: false,
                    ..v
                });
            }
            11..=14 => {
                let shape = self.shape();
                let v = self.expr(b, shape, 2);
                let v = if shape == Shape::S { v } else { self.owned(v) };
                let name = self.fresh(b);
                self.push(b, format!("let mut {name} = {};", v.code));
                let mut cur = Val {
                    code: name.clone(),
                    form: Form::Place,
                    by_ref: false,
                    is_view: false,
                    mutable: true,
                    ..v
                };
                for _ in 0..1 + self.rng.below(3) {
                    if self.rng.chance(0.25) {
                        // Reassignment from an expression that may read the old value.
                        b.pool.push(cur.clone());
                        let w = self.expr(b, shape, 2);
                        let w = if shape == Shape::S { w } else { self.owned(w) };
                        b.pool.retain(|v| v.code != name);
                        self.push(b, format!("{name} = {};", w.code));
                        cur.lo = w.lo;
                        cur.hi = w.hi;
                        continue;
                    }
                    let rhs_shape = match shape {
                        Shape::M(r, c) => *self.rng.pick(&[
                            Shape::S,
                            shape,
                            Shape::V(c),
                            Shape::M(1, c),
                            Shape::M(r, 1),
                        ]),
                        _ => *self.rng.pick(&[Shape::S, shape]),
                    };
                    let op = *self.rng.pick(&["+=", "-=", "*=", "/="]);
                    let rhs = self.expr(b, rhs_shape, 1);
                    let rhs = if op == "/=" {
                        self.positive(b, rhs)
                    } else {
                        rhs
                    };
                    let rhs_code = if rhs_shape == Shape::S {
                        rhs.scalar()
                    } else {
                        match rhs.form {
                            Form::Place => rhs.reference(),
                            Form::ViewTemp => format!("&{}", rhs.code),
                            Form::Temp => format!("&({})", rhs.code),
                        }
                    };
                    self.push(b, format!("{name} {op} {rhs_code};"));
                    let (lo, hi) = match op {
                        "+=" => (cur.lo + rhs.lo, cur.hi + rhs.hi),
                        "-=" => (cur.lo - rhs.hi, cur.hi - rhs.lo),
                        "*=" => corners(cur.lo, cur.hi, rhs.lo, rhs.hi, |x, y| x * y),
                        _ => corners(cur.lo, cur.hi, rhs.lo, rhs.hi, |x, y| x / y),
                    };
                    cur.lo = lo;
                    cur.hi = hi;
                    if cur.mag() > BOUND {
                        let c = ((1.0 / cur.mag()) * 1000.0).floor() / 1000.0;
                        self.push(b, format!("{name} *= {};", lit(c)));
                        cur.lo *= c;
                        cur.hi *= c;
                    }
                }
                b.pool.push(cur);
            }
            15 | 16 => {
                // A block with its own binding, sometimes labelled and left early.
                let shape = self.shape();
                let name = self.fresh(b);
                let label = self.label_rng.chance(0.3).then(|| format!("'b{name}"));
                match &label {
                    Some(label) => self.push(b, format!("let {name} = {label}: {{")),
                    None => self.push(b, format!("let {name} = {{")),
                }
                b.indent += 1;
                let inner_shape = self.shape();
                let inner = self.expr(b, inner_shape, 2);
                let inner = self.unmoved(inner);
                let inner_name = self.fresh(b);
                self.push(b, format!("let {inner_name} = {};", inner.code));
                let is_view = inner.form == Form::ViewTemp || inner.is_view;
                let mark = b.pool.len();
                b.pool.push(Val {
                    code: inner_name,
                    form: Form::Place,
                    is_view,
                    mutable: false,
                    by_ref: inner.form == Form::Place && inner.by_ref,
                    ..inner
                });
                let (mut early_lo, mut early_hi) = (f64::INFINITY, f64::NEG_INFINITY);
                if let Some(label) = &label {
                    let cond = self.condition(b);
                    let mut e = self.expr(b, shape, 2);
                    if e.form == Form::ViewTemp || (e.form == Form::Place && shape != Shape::S) {
                        e = self.owned(e);
                    }
                    self.push(b, format!("if {cond} {{"));
                    self.push(b, format!("    break {label} ({});", e.code));
                    self.push(b, "}".to_owned());
                    (early_lo, early_hi) = (e.lo, e.hi);
                }
                let mut v = self.expr(b, shape, 2);
                if v.form == Form::ViewTemp || (v.form == Form::Place && shape != Shape::S) {
                    v = self.owned(v);
                }
                self.push(b, v.code.clone());
                v.lo = v.lo.min(early_lo);
                v.hi = v.hi.max(early_hi);
                b.pool.truncate(mark);
                b.indent -= 1;
                self.push(b, "};".to_owned());
                b.pool.push(Val {
                    code: name,
                    form: Form::Place,
                    by_ref: false,
                    is_view: false,
                    mutable: false,
                    ..v
                });
            }
            17 | 18 => {
                // Shadowing: `let v = f(v);`.
                let lets: Vec<usize> = (0..b.pool.len())
                    .filter(|&i| {
                        let code = &b.pool[i].code;
                        code.starts_with('v') && !code.contains('.') && !b.pool[i].mutable
                    })
                    .collect();
                if lets.is_empty() {
                    return self.statement(b);
                }
                let i = *self.rng.pick(&lets);
                let old = b.pool[i].clone();
                let v = self.expr(b, old.shape, 2);
                let v = self.unmoved(v);
                self.push(b, format!("let {} = {};", old.code, v.code));
                let is_view = v.form == Form::ViewTemp || (v.form == Form::Place && v.is_view);
                b.pool[i] = Val {
                    code: old.code,
                    form: Form::Place,
                    by_ref: v.form == Form::Place && v.by_ref,
                    is_view,
                    mutable: false,
                    ..v
                };
            }
            _ => {
                // A shape query, destructured: `let (r, c) = a.dim();`.
                let mats: Vec<Val> = b
                    .pool
                    .iter()
                    .filter(|v| matches!(v.shape, Shape::M(..)))
                    .cloned()
                    .collect();
                let Some(a) = (!mats.is_empty()).then(|| self.rng.pick(&mats).clone()) else {
                    return self.statement(b);
                };
                let Shape::M(r, c) = a.shape else {
                    unreachable!()
                };
                let (n, k) = (self.fresh(b), self.fresh(b));
                let (n, k) = (format!("n{n}"), format!("n{k}"));
                self.push(b, format!("let ({n}, {k}) = {}.dim();", a.code));
                b.ints.push((n, r as f64, r as f64));
                b.ints.push((k, c as f64, c as f64));
            }
        }
    }

    /// A function body: statements and a result of `out`, returned owned.
    fn body(&mut self, b: &mut Body, out: Shape, statements: usize) -> Val {
        for _ in 0..statements {
            self.statement(b);
        }
        if self.rng.chance(self.control * 0.4) {
            // The result chosen by a branch: `if c { .. } else { .. }` or a `match`.
            let v = self.branch_value(b, out);
            self.push(b, v.code.clone());
            return v;
        }
        let depth = 1 + self.rng.below(3);
        let mut v = self.expr(b, out, depth);
        if out != Shape::S
            && v.form != Form::Temp
            && !(v.form == Form::Place && !v.by_ref && !v.is_view)
        {
            v = self.owned(v);
        }
        self.push(b, v.code.clone());
        v
    }

    fn new_body(&self, method: bool, has_model: bool, max_args: usize) -> Body {
        let mut b = Body {
            params: Vec::new(),
            pool: Vec::new(),
            ints: Vec::new(),
            flags: Vec::new(),
            modes: Vec::new(),
            nesting: 0,
            loops: 0,
            loop_mark: 0,
            stmts: Vec::new(),
            indent: 2,
            next: 0,
            method,
            has_model,
            max_args,
            labels_ok: max_args == 5,
            returns_float: false,
            labels: Vec::new(),
        };
        if let Some(fields) = self.model.as_ref().filter(|_| has_model) {
            // Fields are places behind a reference (or in a by-value model that must not be
            // moved out of): returned and bound by clone.
            let owner = if method { "self" } else { "m" };
            for (name, shape) in fields {
                b.pool.push(Val {
                    code: format!("{owner}.{name}"),
                    shape: *shape,
                    lo: -1.0,
                    hi: 1.0,
                    form: Form::Place,
                    by_ref: true,
                    is_view: false,
                    mutable: false,
                    typed: true,
                });
            }
        }
        b
    }
}

/// The place of a float argument.
fn arg_val(name: String, shape: Shape, view: bool) -> Val {
    Val {
        code: name,
        shape,
        lo: -1.0,
        hi: 1.0,
        form: Form::Place,
        by_ref: shape != Shape::S && !view,
        is_view: view,
        mutable: false,
        typed: true,
    }
}

impl Val {
    /// As the argument of a runtime function or `dot`: a reference, or a view as it is.
    fn reference_for_fn(&self) -> String {
        match self.form {
            Form::Place if self.shape == Shape::S => format!("&{}", self.code),
            Form::Place => self.reference(),
            Form::ViewTemp => format!("&{}", self.code),
            Form::Temp => format!("&({})", self.code),
        }
    }
}

fn corners(alo: f64, ahi: f64, blo: f64, bhi: f64, f: impl Fn(f64, f64) -> f64) -> (f64, f64) {
    min_max(&[f(alo, blo), f(alo, bhi), f(ahi, blo), f(ahi, bhi)])
}

fn min_max(xs: &[f64]) -> (f64, f64) {
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo, hi)
}

fn broadcast(a: Shape, b: Shape) -> Option<Shape> {
    use Shape::*;
    match (a, b) {
        (S, x) | (x, S) => Some(x),
        (V(n), V(m)) if n == m => Some(V(n)),
        (M(r, c), V(n)) | (V(n), M(r, c)) if c == n => Some(M(r, c)),
        (M(r1, c1), M(r2, c2)) => {
            let r = if r1 == r2 || r2 == 1 {
                r1
            } else if r1 == 1 {
                r2
            } else {
                return None;
            };
            let c = if c1 == c2 || c2 == 1 {
                c1
            } else if c1 == 1 {
                c2
            } else {
                return None;
            };
            Some(M(r, c))
        }
        _ => None,
    }
}

/// The parameters of a signature, as Rust.
fn signature(params: &[Param]) -> String {
    params
        .iter()
        .map(|p| match p {
            Param::Float {
                name,
                shape: Shape::S,
                ..
            } => format!("{name}: f64"),
            Param::Float {
                name,
                shape,
                view: true,
            } => format!("{name}: {}", shape.view()),
            Param::Float {
                name,
                shape,
                view: false,
            } => format!("{name}: &{}", shape.rust()),
            Param::Model {
                name,
                by_value: false,
            } => format!("{name}: &M"),
            Param::Model {
                name,
                by_value: true,
            } => format!("{name}: M"),
            Param::Labels { .. } => "labels: &Array1<usize>".to_owned(),
            Param::Count { name, .. } => format!("{name}: usize"),
            Param::Flag { name, .. } => format!("{name}: bool"),
            Param::Mode { name, .. } => format!("{name}: Mode"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes program `index` of `seed`: its module, with `SOURCE` and `check`.
pub fn program(seed: u64, index: u64, known_bugs: bool) -> String {
    let mut rng = Rng::new(seed, index);
    let dims = [2 + rng.below(3), 2 + rng.below(3), 1 + rng.below(4)];
    let mut p = Program {
        rng,
        shape_rng: Rng::new(seed ^ 0x5EED_5A9E, index),
        map_rng: Rng::new(seed ^ 0x3A9F_C105, index),
        tuple_rng: Rng::new(seed ^ 0x7C1E_0D25, index),
        if_let_rng: Rng::new(seed ^ 0x1F1E_7A3B, index),
        update_rng: Rng::new(seed ^ 0x6D2B_79F5, index),
        label_rng: Rng::new(seed ^ 0x2545_F491, index),
        zip_rng: Rng::new(seed ^ 0x0B5A_D4C3, index),
        dims,
        model: None,
        layers: None,
        modes: false,
        control: 0.0,
        callees: Vec::new(),
        known_bugs,
    };
    let mut source = String::new();
    // Most programs branch and loop; some stay straight-line.
    if p.rng.chance(0.75) {
        p.control = *p.rng.pick(&[0.2, 0.35, 0.5]);
    }
    if p.rng.chance(0.3) {
        p.modes = true;
        writeln!(
            source,
            "    #[derive(Clone, Copy, Debug)]\n    pub enum Mode {{\n        Plain,\n        Twice,\n        Scaled(f64),\n    }}\n"
        )
        .unwrap();
    }

    if p.rng.chance(0.35) {
        let mut fields = Vec::new();
        for (i, name) in ["w", "b", "s"].iter().enumerate() {
            if i == 0 || p.rng.chance(0.6) {
                let shape = p.shape();
                fields.push((name.to_string(), shape));
            }
        }
        writeln!(
            source,
            "    #[derive(Params, Clone, Debug)]\n    pub struct M {{"
        )
        .unwrap();
        for (name, shape) in &fields {
            writeln!(source, "        pub {name}: {},", shape.rust()).unwrap();
        }
        if p.rng.chance(0.7) {
            // A `Vec` of layers, each a `Params` struct of its own, 0 to 3 of them.
            let mut layer = vec![("u".to_owned(), p.shape())];
            if p.rng.chance(0.5) {
                layer.push(("c".to_owned(), p.shape()));
            }
            writeln!(source, "        pub layers: Vec<L>,").unwrap();
            let mut def = "    #[derive(Params, Clone, Debug)]\n    pub struct L {\n".to_owned();
            for (name, shape) in &layer {
                writeln!(def, "        pub {name}: {},", shape.rust()).unwrap();
            }
            def.push_str("    }\n\n");
            p.layers = Some((p.rng.below(MAX_LAYERS + 1), layer));
            writeln!(source, "    }}\n").unwrap();
            source.push_str(&def);
        } else {
            writeln!(source, "    }}\n").unwrap();
        }
        p.model = Some(fields);
    }

    // Helpers: free functions (some taking the model) and a `&self` method.
    for h in 0..p.rng.below(3) {
        let method = p.model.is_some() && p.rng.chance(0.3);
        let takes_model = !method && p.model.is_some() && p.rng.chance(0.4);
        let mut b = p.new_body(method, method || takes_model, 3);
        if takes_model {
            let by_value = p.rng.chance(0.2);
            b.params.push(Param::Model {
                name: "m".into(),
                by_value,
            });
        }
        p.control_params(&mut b, true);
        let out = p.shape();
        let statements = p.rng.below(3);
        let result = p.body(&mut b, out, statements);
        if b.params
            .iter()
            .all(|q| !matches!(q, Param::Float { .. } | Param::Model { .. }))
            && !method
        {
            // Every helper has a float argument.
            p.new_arg(&mut b, Shape::S);
        }
        let name = if method {
            format!("method{h}")
        } else {
            format!("helper{h}")
        };
        let sig = signature(&b.params);
        let sig = if method {
            if sig.is_empty() {
                "&self".to_owned()
            } else {
                format!("&self, {sig}")
            }
        } else {
            sig
        };
        let body = b.stmts.join("\n");
        let attr = if b.params.iter().any(|q| matches!(q, Param::Mode { .. })) {
            let names: Vec<String> = b
                .params
                .iter()
                .filter(|q| matches!(q, Param::Float { .. } | Param::Model { .. }))
                .map(param_name)
                .collect();
            format!("#[differentiable(wrt({}))]", names.join(", "))
        } else {
            "#[differentiable]".to_owned()
        };
        let item = format!(
            "    {attr}\n    pub fn {name}({sig}) -> {} {{\n{body}\n    }}\n",
            out.rust()
        );
        if method {
            writeln!(source, "    impl M {{\n{}    }}\n", indent(&item)).unwrap();
        } else {
            writeln!(source, "{item}").unwrap();
        }
        p.callees.push(Callee {
            name,
            params: b.params.clone(),
            out,
            lo: result.lo,
            hi: result.hi,
            method,
        });
    }

    // The main function.
    let has_model = p.model.is_some();
    let mut b = p.new_body(false, has_model, 5);
    if has_model {
        b.params.push(Param::Model {
            name: "m".into(),
            by_value: p.rng.chance(0.2),
        });
    }
    if p.rng.chance(0.1) {
        b.params.push(Param::Count {
            name: "count".into(),
            value: 3,
        });
        b.ints.push(("count".into(), 3.0, 3.0));
    }
    p.control_params(&mut b, false);
    let out = match p.rng.below(10) {
        0..=5 => Shape::S,
        _ => p.array_shape(),
    };
    let statements = 1 + p.rng.below(4);
    b.returns_float = out == Shape::S;
    p.body(&mut b, out, statements);
    if !b
        .params
        .iter()
        .any(|q| matches!(q, Param::Float { .. } | Param::Model { .. }))
    {
        p.new_arg(&mut b, Shape::S);
    }
    // Order the parameters at random, so that models, labels and counts are not always first.
    let mut params = b.params.clone();
    for i in (1..params.len()).rev() {
        let j = p.rng.below(i + 1);
        params.swap(i, j);
    }
    let differentiable: Vec<usize> = (0..params.len())
        .filter(|&i| matches!(params[i], Param::Float { .. } | Param::Model { .. }))
        .collect();
    let wrt: Vec<usize> = if differentiable.len() > 1 && p.rng.chance(0.2) {
        let keep: Vec<usize> = differentiable
            .iter()
            .copied()
            .filter(|_| p.rng.chance(0.5))
            .collect();
        if keep.is_empty() {
            vec![differentiable[0]]
        } else {
            keep
        }
    } else {
        differentiable.clone()
    };
    let takes_mode = params.iter().any(|q| matches!(q, Param::Mode { .. }));
    let attr = if wrt.len() < differentiable.len() || takes_mode || p.rng.chance(0.05) {
        let names: Vec<String> = wrt.iter().map(|&i| param_name(&params[i])).collect();
        format!("#[differentiable(wrt({}))]", names.join(", "))
    } else {
        "#[differentiable]".to_owned()
    };
    let f_body = b.stmts.join("\n");
    // `f_hvp` exists for a float-valued function without calls.
    let has_hvp = out == Shape::S;
    writeln!(
        source,
        "    {attr}\n    pub fn f({}) -> {} {{\n{f_body}\n    }}",
        signature(&params),
        out.rust(),
    )
    .unwrap();

    // The check: differentiated leaves in `at`, the other floats in `fixed`.
    let model_fields = p.model.clone().unwrap_or_default();
    let mut at_shapes = Vec::new();
    let mut fixed_shapes = Vec::new();
    let mut names = Vec::new();
    let mut args = Vec::new();
    let mut leaves = Vec::new();
    // The tangents `f_jvp` takes after the arguments, read from the direction `d`.
    let mut tangents = Vec::new();
    let mut labels = String::new();
    for (i, param) in params.iter().enumerate() {
        let differentiated = wrt.contains(&i);
        let position = wrt.iter().position(|&k| k == i);
        let grad_path = |field: Option<&str>| -> String {
            let base = if wrt.len() == 1 {
                "g".to_owned()
            } else {
                format!("g.{}", position.unwrap())
            };
            match field {
                Some(f) => format!("{base}.{f}"),
                None => base,
            }
        };
        match param {
            Param::Float { name, shape, view } => {
                let (vec, k) = if differentiated {
                    at_shapes.push(shape.dims());
                    names.push(name.clone());
                    leaves.push(format!("leaf(&{})", grad_path(None)));
                    ("p", at_shapes.len() - 1)
                } else {
                    fixed_shapes.push(shape.dims());
                    ("fixed", fixed_shapes.len() - 1)
                };
                let value = format!("{}(&{vec}[{k}])", shape.converter());
                if differentiated {
                    let tangent = format!("{}(&d[{k}])", shape.converter());
                    tangents.push(match shape {
                        Shape::S => tangent,
                        _ => format!("&{tangent}"),
                    });
                }
                args.push(match (shape, view) {
                    (Shape::S, _) => value,
                    (_, true) => format!("{value}.view()"),
                    (_, false) => format!("&{value}"),
                });
            }
            Param::Model { by_value, .. } => {
                let mut inits = Vec::new();
                let mut tangent_inits = Vec::new();
                for (field, shape) in &model_fields {
                    let (vec, k) = if differentiated {
                        at_shapes.push(shape.dims());
                        names.push(format!("m.{field}"));
                        leaves.push(format!("leaf(&{})", grad_path(Some(field))));
                        ("p", at_shapes.len() - 1)
                    } else {
                        fixed_shapes.push(shape.dims());
                        ("fixed", fixed_shapes.len() - 1)
                    };
                    inits.push(format!("{field}: {}(&{vec}[{k}])", shape.converter()));
                    tangent_inits.push(format!("{field}: {}(&d[{k}])", shape.converter()));
                }
                if let Some((count, layer)) = &p.layers {
                    let mut layers = Vec::new();
                    let mut tangent_layers = Vec::new();
                    for l in 0..*count {
                        let mut fields = Vec::new();
                        let mut tangent_fields = Vec::new();
                        for (field, shape) in layer {
                            let path = format!("layers[{l}].{field}");
                            let (vec, k) = if differentiated {
                                at_shapes.push(shape.dims());
                                names.push(format!("m.{path}"));
                                leaves.push(format!("leaf(&{})", grad_path(Some(&path))));
                                ("p", at_shapes.len() - 1)
                            } else {
                                fixed_shapes.push(shape.dims());
                                ("fixed", fixed_shapes.len() - 1)
                            };
                            fields.push(format!("{field}: {}(&{vec}[{k}])", shape.converter()));
                            tangent_fields.push(format!("{field}: {}(&d[{k}])", shape.converter()));
                        }
                        layers.push(format!("L {{ {} }}", fields.join(", ")));
                        tangent_layers.push(format!("L {{ {} }}", tangent_fields.join(", ")));
                    }
                    inits.push(format!("layers: vec![{}]", layers.join(", ")));
                    tangent_inits.push(format!("layers: vec![{}]", tangent_layers.join(", ")));
                }
                if differentiated {
                    tangents.push(format!("&M {{ {} }}", tangent_inits.join(", ")));
                }
                let value = format!("M {{ {} }}", inits.join(", "));
                args.push(if *by_value {
                    value
                } else {
                    format!("&{value}")
                });
            }
            Param::Labels { rows, classes } => {
                let values: Vec<String> = (0..*rows)
                    .map(|_| p.rng.below(*classes).to_string())
                    .collect();
                labels = format!(
                    "        let labels: Array1<usize> = array![{}];\n",
                    values.join(", ")
                );
                args.push("&labels".to_owned());
            }
            Param::Count { value, .. } => args.push(value.to_string()),
            Param::Flag { value, .. } => args.push(value.to_string()),
            Param::Mode { value, .. } => args.push(value.clone()),
        }
    }
    let args = args.join(", ");
    let tangents = tangents.join(", ");
    let leaves = leaves.join(", ");
    let shapes = |s: &[Vec<usize>]| -> String {
        s.iter()
            .map(|d| format!("&{d:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let names = names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut out_text = String::new();
    writeln!(out_text, "// program {index} of seed {seed}").unwrap();
    writeln!(
        out_text,
        "pub mod p{index} {{\n    use super::*;\n    const K: f64 = 1.5;\n"
    )
    .unwrap();
    out_text.push_str(&source);
    writeln!(
        out_text,
        "\n    pub const SOURCE: &str = r####\"{source}\"####;\n"
    )
    .unwrap();
    writeln!(
        out_text,
        "    #[allow(unused_variables)]\n    pub fn check(h: &mut Harness) {{"
    )
    .unwrap();
    writeln!(out_text, "        h.begin({index});").unwrap();
    writeln!(
        out_text,
        "        let at: Point = h.draw(&[{}]);",
        shapes(&at_shapes)
    )
    .unwrap();
    writeln!(
        out_text,
        "        let fixed: Point = h.draw(&[{}]);",
        shapes(&fixed_shapes)
    )
    .unwrap();
    out_text.push_str(&labels);
    let name = format!("\"p{index}\"");
    if out == Shape::S {
        writeln!(
            out_text,
            "        h.scalar({name}, SOURCE, &[{names}], at.clone(),\n            &|p: &Point| f({args}),\n            &|p: &Point| {{ let (v, g) = f_grad({args}); (v, vec![{leaves}]) }},\n            &|p: &Point, c: &ArrayD<f64>| {{ let (v, g) = f_vjp({args}, &s(c)); (leaf(&v), vec![{leaves}]) }},\n            &|p: &Point| {{ let (_, mut g) = f_grad({args}); let v = f_grad_into({args}, &mut g, &mut adjoint::Workspace::new()); (v, vec![{leaves}]) }},\n        );\n        h.forward({name}, SOURCE, &[{names}], at.clone(),\n            &|p: &Point| leaf(&f({args})),\n            &|p: &Point, d: &Point| {{ let (v, t) = f_jvp({args}, {tangents}); (leaf(&v), leaf(&t)) }},\n            &|p: &Point, c: &ArrayD<f64>| {{ let (v, g) = f_vjp({args}, &s(c)); (leaf(&v), vec![{leaves}]) }},\n        );"
        )
        .unwrap();
        if has_hvp {
            writeln!(
                out_text,
                "        h.second_order({name}, SOURCE, &[{names}], at,\n            &|p: &Point| {{ let (v, g) = f_grad({args}); (v, vec![{leaves}]) }},\n            &|p: &Point, d: &Point| {{ let (v, g, hv) = f_hvp({args}, {tangents}); let leaves = vec![{leaves}]; let g = hv; (v, leaves, vec![{leaves}]) }},\n        );",
            )
            .unwrap();
        }
    } else {
        writeln!(
            out_text,
            "        h.array({name}, SOURCE, &[{names}], at.clone(),\n            &|p: &Point| leaf(&f({args})),\n            &|p: &Point, c: &ArrayD<f64>| {{ let (v, g) = f_vjp({args}, &{converter}(c)); (leaf(&v), vec![{leaves}]) }},\n        );\n        h.forward({name}, SOURCE, &[{names}], at,\n            &|p: &Point| leaf(&f({args})),\n            &|p: &Point, d: &Point| {{ let (v, t) = f_jvp({args}, {tangents}); (leaf(&v), leaf(&t)) }},\n            &|p: &Point, c: &ArrayD<f64>| {{ let (v, g) = f_vjp({args}, &{converter}(c)); (leaf(&v), vec![{leaves}]) }},\n        );",
            converter = out.converter()
        )
        .unwrap();
    }
    writeln!(out_text, "    }}\n}}\n").unwrap();
    out_text
}

fn param_name(p: &Param) -> String {
    match p {
        Param::Float { name, .. }
        | Param::Model { name, .. }
        | Param::Count { name, .. }
        | Param::Flag { name, .. }
        | Param::Mode { name, .. } => name.clone(),
        Param::Labels { .. } => "labels".to_owned(),
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}\n")
            }
        })
        .collect()
}

/// Every program of `seed` from `first` on, `count` of them, except those in `skip`, and the
/// function that runs their checks.
pub fn programs(
    seed: u64,
    first: u64,
    count: u64,
    skip: &[u64],
    plain: bool,
    known_bugs: bool,
) -> String {
    let mut out = String::new();
    let indices: Vec<u64> = (first..first + count)
        .filter(|i| !skip.contains(i))
        .collect();
    for &i in &indices {
        let text = program(seed, i, known_bugs);
        if plain {
            // The programs as ordinary Rust, to tell a generator bug from a macro bug.
            let text = text
                .replace("#[differentiable]", "")
                .replace("#[differentiable(", "#[cfg(all()) /* ");
            let text = text.replace("))]\n    pub fn ", ")) */]\n    pub fn ");
            let cut = text
                .find("    #[allow(unused_variables)]\n    pub fn check")
                .expect("a check");
            out.push_str(&text[..cut]);
            out.push_str("    pub fn check(_: &mut Harness) {}\n}\n");
        } else {
            out.push_str(&text);
        }
    }
    writeln!(out, "pub const SEED: u64 = {seed};").unwrap();
    writeln!(out, "pub fn check_all(h: &mut Harness) {{").unwrap();
    for &i in &indices {
        writeln!(out, "    p{i}::check(h);").unwrap();
    }
    writeln!(out, "}}").unwrap();
    out
}

/// The largest count an integer argument is passed: a loop over a count runs at most this often.
const MAX_COUNT: usize = 3;

/// The most layers a model's `Vec` holds.
const MAX_LAYERS: usize = 3;

/// What a scope restores when it ends: the bindings of the enclosing code.
struct Scope {
    pool: Vec<Val>,
    ints: usize,
    params: usize,
}

/// How a loop is written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LoopForm {
    /// `for i in 0..n` or `for i in (0..n).rev()`.
    Range,
    /// `let mut i = 0; while i < n { ..; i += 1; }`, perhaps with an `if c { break; }`.
    While,
    /// `let mut i = 0; loop { ..; i += 1; if i >= n { break; } .. }`.
    Break,
    /// Over the model's `Vec` of layers, by reference, `iter()`, `enumerate()` or index.
    Layers,
}

// Branches and loops. Conditions carry no derivative (flags, integers, comparisons of
// differentiated scalars, which the inputs cross with negligible probability: a check whose
// step crosses one passes at another step and counts as near a kink). Every variable a loop
// updates is bounded by construction: inside the loop it is read as `[-A, A]`, and each
// iteration either assigns it a value in `[-1, 1]`, multiplies it by one, or adds at most
// `1 / trips` to it, so that it stays in `[-A, A]` however often the loop runs.
impl Program {
    /// Integer, flag and mode arguments, for branches and loops to depend on.
    fn control_params(&mut self, b: &mut Body, helper: bool) {
        if self.control == 0.0 {
            return;
        }
        if self.rng.chance(if helper { 0.3 } else { 0.5 }) {
            let value = self.rng.below(MAX_COUNT + 1);
            b.params.push(Param::Count {
                name: "steps".into(),
                value,
            });
            b.ints.push(("steps".into(), 0.0, MAX_COUNT as f64));
        }
        if self.rng.chance(if helper { 0.25 } else { 0.4 }) {
            let value = self.rng.chance(0.5);
            b.params.push(Param::Flag {
                name: "flag".into(),
                value,
            });
            b.flags.push("flag".into());
        }
        // The macro cannot tell an enum from a `Params` struct: a function that takes a `Mode`
        // names what it differentiates in `wrt(..)`, which a method cannot (`self`).
        if self.modes && !b.method && self.rng.chance(0.6) {
            let value = *self.rng.pick(&[
                "Mode::Plain",
                "Mode::Twice",
                "Mode::Scaled(0.75)",
                "Mode::Scaled(1.5)",
            ]);
            b.params.push(Param::Mode {
                name: "mode".into(),
                value: value.to_owned(),
            });
            b.modes.push("mode".into());
        }
    }

    /// An integer in `0..=MAX_COUNT`, passed to a function's count.
    fn count_arg(&mut self, b: &Body) -> String {
        let ints: Vec<String> = b
            .ints
            .iter()
            .filter(|(_, lo, hi)| *lo >= 0.0 && *hi <= MAX_COUNT as f64)
            .map(|(n, ..)| n.clone())
            .collect();
        if !ints.is_empty() && self.rng.chance(0.6) {
            self.rng.pick(&ints).clone()
        } else {
            self.rng.below(MAX_COUNT + 1).to_string()
        }
    }

    fn flag_arg(&mut self, b: &Body) -> String {
        match self.rng.below(3) {
            0 if !b.flags.is_empty() => self.rng.pick(&b.flags).clone(),
            1 if !b.ints.is_empty() => {
                let (n, ..) = self.rng.pick(&b.ints).clone();
                format!("{n} % 2 == 0")
            }
            _ => self.rng.chance(0.5).to_string(),
        }
    }

    fn mode_arg(&mut self, b: &Body) -> String {
        if !b.modes.is_empty() && self.rng.chance(0.5) {
            self.rng.pick(&b.modes).clone()
        } else {
            (*self
                .rng
                .pick(&["Mode::Plain", "Mode::Twice", "Mode::Scaled(1.25)"]))
            .to_owned()
        }
    }

    fn enter(&mut self, b: &mut Body) -> Scope {
        b.indent += 1;
        b.nesting += 1;
        Scope {
            pool: b.pool.clone(),
            ints: b.ints.len(),
            params: b.params.len(),
        }
    }

    /// Ends a scope: its bindings go, the arguments it introduced stay.
    fn leave(&mut self, b: &mut Body, scope: Scope) {
        b.indent -= 1;
        b.nesting -= 1;
        // A variable the scope may have updated keeps the hull of before and after.
        let mut pool = scope.pool;
        for (old, new) in pool.iter_mut().zip(&b.pool) {
            if old.mutable && new.code == old.code {
                old.lo = old.lo.min(new.lo);
                old.hi = old.hi.max(new.hi);
            }
        }
        b.pool = pool;
        b.ints.truncate(scope.ints);
        for p in &b.params[scope.params..] {
            if let Param::Float { name, shape, view } = p
                && !matches!(shape, Shape::T(..))
            {
                b.pool.push(arg_val(name.clone(), *shape, *view));
            }
        }
    }

    /// A condition that carries no derivative.
    fn condition(&mut self, b: &mut Body) -> String {
        let one = match self.rng.below(8) {
            0 | 1 if !b.flags.is_empty() => {
                let f = self.rng.pick(&b.flags).clone();
                if self.rng.chance(0.3) {
                    format!("!{f}")
                } else {
                    f
                }
            }
            2 | 3 if !b.ints.is_empty() => {
                let (n, lo, hi) = self.rng.pick(&b.ints).clone();
                let k = (lo + (hi - lo) * 0.5).round();
                match self.rng.below(4) {
                    0 => format!("{n} % 2 == 0"),
                    1 => format!("{n} > {k}"),
                    2 => format!("{n} == {lo}"),
                    _ => format!("{n} + 1 < {}", hi.max(1.0)),
                }
            }
            _ => {
                // A comparison of differentiated scalars, or of one with a threshold.
                let x = self.expr(b, Shape::S, 1);
                let op = *self.rng.pick(&["<", ">", "<=", ">="]);
                if self.rng.chance(0.5) {
                    let y = self.leaf(b, Shape::S);
                    format!("{} {op} {}", x.scalar(), y.scalar())
                } else {
                    let t = x.lo + (x.hi - x.lo) * self.rng.below(5) as f64 / 4.0;
                    let t = (t * 8.0).round() / 8.0;
                    format!("{} {op} {}", x.scalar(), lit(t))
                }
            }
        };
        if self.rng.chance(0.15) {
            let other = self.condition(b);
            let op = *self.rng.pick(&["&&", "||"]);
            format!("{one} {op} {other}")
        } else {
            one
        }
    }

    /// `let mut v = ..;` of a new variable, or a `let mut` of this scope: its index in the pool.
    fn mutable_target(&mut self, b: &mut Body) -> usize {
        let candidates: Vec<usize> = (b.loop_mark..b.pool.len())
            .filter(|&i| b.pool[i].mutable)
            .collect();
        if !candidates.is_empty() && self.rng.chance(0.4) {
            return *self.rng.pick(&candidates);
        }
        let shape = self.shape();
        let v = self.expr(b, shape, 2);
        let v = self.typed(v);
        let v = if shape == Shape::S { v } else { self.owned(v) };
        let name = self.fresh(b);
        self.push(b, format!("let mut {name} = {};", v.code));
        b.pool.push(Val {
            code: name,
            form: Form::Place,
            by_ref: false,
            is_view: false,
            mutable: true,
            ..v
        });
        b.pool.len() - 1
    }

    /// One update of the variable at `target`: `v = w`, `v += w * scale`, `v -= ..`, `v *= w`
    /// with `w` in `[-1, 1]`. Returns its interval afterwards.
    fn update(&mut self, b: &mut Body, target: usize, scale: f64) -> (f64, f64) {
        let var = b.pool[target].clone();
        let shape = var.shape;
        let op = *self.rng.pick(&["=", "=", "+=", "+=", "-=", "*="]);
        if op == "=" {
            let w = self.expr(b, shape, 2);
            let w = self.squash(w);
            let w = self.typed(w);
            let w = if shape == Shape::S { w } else { self.owned(w) };
            self.push(b, format!("{} = {};", var.code, w.code));
            return (w.lo, w.hi);
        }
        let rhs_shape = match shape {
            Shape::M(r, c) => {
                *self
                    .rng
                    .pick(&[Shape::S, shape, Shape::V(c), Shape::M(1, c), Shape::M(r, 1)])
            }
            _ => *self.rng.pick(&[Shape::S, shape]),
        };
        // An array is not read on the right of its own compound assignment.
        if shape != Shape::S {
            b.pool.remove(target);
        }
        let w = self.expr(b, rhs_shape, 1);
        if shape != Shape::S {
            b.pool.insert(target, var.clone());
        }
        let w = self.squash(w);
        let w = if scale < 1.0 && op != "*=" {
            let c = lit(scale);
            let w = self.typed(w);
            self.binop_code(
                &w,
                "*",
                &Val::temp(c, Shape::S, scale, scale),
                -scale,
                scale,
            )
            .expect("a float broadcasts")
        } else {
            w
        };
        let code = if rhs_shape == Shape::S {
            w.scalar()
        } else {
            match w.form {
                Form::Place => w.reference(),
                Form::ViewTemp => format!("&{}", w.code),
                Form::Temp => format!("&({})", w.code),
            }
        };
        self.push(b, format!("{} {op} {code};", var.code));
        match op {
            "+=" | "-=" => (var.lo - w.mag(), var.hi + w.mag()),
            _ => (-var.mag(), var.mag()),
        }
    }

    /// An update of `target`, sometimes chosen by a branch (one update per arm, or none).
    /// Returns the interval afterwards.
    fn branched_update(&mut self, b: &mut Body, target: usize, scale: f64) -> (f64, f64) {
        if b.nesting >= 3 || !self.rng.chance(0.3) {
            return self.update(b, target, scale);
        }
        let before = (b.pool[target].lo, b.pool[target].hi);
        let arms = self.rng.below(3) + 1;
        let mut hull = (f64::INFINITY, f64::NEG_INFINITY);
        let mut widen = |(lo, hi): (f64, f64)| {
            hull = (hull.0.min(lo), hull.1.max(hi));
        };
        let exhaustive = self.rng.chance(0.6);
        for arm in 0..arms {
            let head = if arm == 0 {
                format!("if {} {{", self.condition(b))
            } else {
                format!("}} else if {} {{", self.condition(b))
            };
            self.push(b, head);
            let scope = self.enter(b);
            widen(self.update(b, target, scale));
            self.leave(b, scope);
        }
        if exhaustive {
            self.push(b, "} else {".to_owned());
            let scope = self.enter(b);
            if self.rng.chance(0.7) {
                widen(self.update(b, target, scale));
            } else {
                widen(before);
            }
            self.leave(b, scope);
        } else {
            widen(before);
        }
        self.push(b, "}".to_owned());
        hull
    }

    /// A branch or a loop, as a statement.
    fn control_statement(&mut self, b: &mut Body) {
        let layers = self.layers.is_some() && b.has_model;
        match self.rng.below(12) {
            0 | 1 => self.if_statement(b),
            2 => self.match_statement(b),
            3 | 4 => {
                let shape = self.shape();
                let v = if self.rng.chance(0.6) {
                    self.if_value(b, shape)
                } else {
                    self.match_value(b, shape)
                };
                let name = self.fresh(b);
                self.push(b, format!("let {name} = {};", v.code));
                b.pool.push(Val {
                    code: name,
                    form: Form::Place,
                    by_ref: false,
                    is_view: false,
                    mutable: false,
                    ..v
                });
            }
            5..=8 if layers => self.loop_statement(b, LoopForm::Layers),
            5..=7 => self.loop_statement(b, LoopForm::Range),
            8 => self.loop_statement(b, LoopForm::While),
            9 => self.loop_statement(b, LoopForm::Break),
            _ => self.loop_statement(b, LoopForm::Range),
        }
    }

    /// `if c { v = ..; } else if .. { .. } else { .. }` updating a `let mut` of this scope.
    fn if_statement(&mut self, b: &mut Body) {
        let target = self.mutable_target(b);
        let (lo, hi) = self.branched_update_with_statements(b, target);
        b.pool[target].lo = lo;
        b.pool[target].hi = hi;
    }

    /// Like `branched_update`, always a branch, with statements of their own in the arms.
    fn branched_update_with_statements(&mut self, b: &mut Body, target: usize) -> (f64, f64) {
        let before = (b.pool[target].lo, b.pool[target].hi);
        let mut hull = before;
        let arms = self.rng.below(3) + 1;
        for arm in 0..arms {
            // `else if let Mode::Scaled(k) = mode`, its float bound in the arm.
            let if_let = (arm > 0 && !b.modes.is_empty() && self.if_let_rng.chance(0.3))
                .then(|| self.if_let_rng.pick(&b.modes).clone());
            let head = match (&if_let, arm) {
                (Some(mode), _) => {
                    let k = format!("k{}", self.fresh(b));
                    let head = format!("}} else if let Mode::Scaled({k}) = {mode} {{");
                    self.push(b, head);
                    Some(k)
                }
                (None, 0) => {
                    let head = format!("if {} {{", self.condition(b));
                    self.push(b, head);
                    None
                }
                (None, _) => {
                    let head = format!("}} else if {} {{", self.condition(b));
                    self.push(b, head);
                    None
                }
            };
            let scope = self.enter(b);
            if let Some(k) = head {
                self.bind_pattern(b, &Binds::Float(k));
            }
            for _ in 0..self.rng.below(2) {
                self.statement(b);
            }
            if self.rng.chance(0.85) {
                let (lo, hi) = self.update(b, target, 1.0);
                hull = (hull.0.min(lo), hull.1.max(hi));
            }
            self.leave(b, scope);
        }
        if self.rng.chance(0.6) {
            self.push(b, "} else {".to_owned());
            let scope = self.enter(b);
            if self.rng.chance(0.5) {
                self.statement(b);
            }
            let (lo, hi) = self.update(b, target, 1.0);
            hull = (hull.0.min(lo), hull.1.max(hi));
            self.leave(b, scope);
        }
        self.push(b, "}".to_owned());
        hull
    }

    /// A scrutinee that carries no derivative, and its arms' patterns; a pattern may bind an
    /// integer or a float (pushed into the arm's scope by `bind_pattern`).
    fn scrutinee(&mut self, b: &mut Body) -> Option<(String, Vec<(String, Binds)>)> {
        match self.rng.below(3) {
            0 if !b.flags.is_empty() => {
                let f = self.rng.pick(&b.flags).clone();
                Some((
                    f,
                    vec![
                        ("true".into(), Binds::Nothing),
                        ("false".into(), Binds::Nothing),
                    ],
                ))
            }
            1 if !b.modes.is_empty() => {
                let m = self.rng.pick(&b.modes).clone();
                let k = format!("k{}", self.fresh(b));
                let mut arms = vec![
                    ("Mode::Plain".to_owned(), Binds::Nothing),
                    ("Mode::Twice".to_owned(), Binds::Nothing),
                ];
                if self.rng.chance(0.5) {
                    arms.push((
                        format!("Mode::Scaled({k}) if {k} > 1.0"),
                        Binds::Float(k.clone()),
                    ));
                }
                arms.push((format!("Mode::Scaled({k})"), Binds::Float(k)));
                if self.rng.chance(0.3) {
                    arms.swap(0, 1);
                }
                Some((m, arms))
            }
            _ if !b.ints.is_empty() => {
                let (n, lo, hi) = self.rng.pick(&b.ints).clone();
                let (scrutinee, lo, hi) = if self.rng.chance(0.25) {
                    (format!("{n} % 3"), 0.0, 2.0f64.min(hi))
                } else {
                    (n, lo, hi)
                };
                let mut arms = Vec::new();
                let mut k = lo as usize;
                while (k as f64) <= hi && arms.len() < 3 {
                    if self.rng.chance(0.3) && (k as f64) < hi {
                        arms.push((format!("{k} | {}", k + 1), Binds::Nothing));
                        k += 2;
                    } else {
                        arms.push((k.to_string(), Binds::Nothing));
                        k += 1;
                    }
                }
                let j = format!("j{}", self.fresh(b));
                if self.rng.chance(0.4) {
                    arms.push((
                        format!("{j} if {j} % 2 == 1"),
                        Binds::Int(j.clone(), k as f64, hi.max(k as f64)),
                    ));
                }
                if self.rng.chance(0.5) {
                    arms.push((j.clone(), Binds::Int(j, k as f64, hi.max(k as f64))));
                } else {
                    arms.push(("_".into(), Binds::Nothing));
                }
                Some((scrutinee, arms))
            }
            _ => None,
        }
    }

    fn bind_pattern(&mut self, b: &mut Body, binds: &Binds) {
        match binds {
            Binds::Nothing => {}
            Binds::Int(name, lo, hi) => b.ints.push((name.clone(), *lo, *hi)),
            Binds::Float(name) => b.pool.push(Val {
                form: Form::Place,
                ..Val::temp(name.clone(), Shape::S, 0.5, 2.0)
            }),
        }
    }

    /// `match s { P => { v = ..; } .. }` updating a `let mut` of this scope.
    fn match_statement(&mut self, b: &mut Body) {
        let Some((scrutinee, arms)) = self.scrutinee(b) else {
            return self.if_statement(b);
        };
        let target = self.mutable_target(b);
        let before = (b.pool[target].lo, b.pool[target].hi);
        let mut hull = before;
        self.push(b, format!("match {scrutinee} {{"));
        b.indent += 1;
        for (pattern, binds) in &arms {
            if self.rng.chance(0.2) {
                self.push(b, format!("{pattern} => {{}}"));
                continue;
            }
            self.push(b, format!("{pattern} => {{"));
            let scope = self.enter(b);
            self.bind_pattern(b, binds);
            if self.rng.chance(0.3) {
                self.statement(b);
            }
            let (lo, hi) = self.update(b, target, 1.0);
            hull = (hull.0.min(lo), hull.1.max(hi));
            self.leave(b, scope);
            self.push(b, "}".to_owned());
        }
        b.indent -= 1;
        self.push(b, "}".to_owned());
        b.pool[target].lo = hull.0;
        b.pool[target].hi = hull.1;
    }

    /// The value of one arm: an owned array or a float, with the arm's statements before it.
    fn arm_value(&mut self, b: &mut Body, shape: Shape, binds: &Binds) -> Val {
        let scope = self.enter(b);
        self.bind_pattern(b, binds);
        let statements = if self.rng.chance(0.3) { 1 } else { 0 };
        for _ in 0..statements {
            self.statement(b);
        }
        let v = self.expr(b, shape, 2);
        let v = if shape == Shape::S { v } else { self.owned(v) };
        if statements > 0 {
            self.push(b, v.code.clone());
        }
        self.leave(b, scope);
        v
    }

    /// `if c { a } else if .. { .. } else { b }` as an expression.
    fn if_value(&mut self, b: &mut Body, shape: Shape) -> Val {
        let arms = 2 + self.rng.below(2);
        let mut code = String::new();
        let mut hull = (f64::INFINITY, f64::NEG_INFINITY);
        let mut typed = false;
        let pad = "    ".repeat(b.indent);
        for arm in 0..arms {
            let head = if arm == 0 {
                format!("if {} ", self.condition(b))
            } else if arm + 1 < arms {
                format!(" else if {} ", self.condition(b))
            } else {
                " else ".to_owned()
            };
            let mark = b.stmts.len();
            let v = self.arm_value(b, shape, &Binds::Nothing);
            let inner: Vec<String> = b.stmts.drain(mark..).collect();
            if inner.is_empty() {
                write!(code, "{head}{{ {} }}", v.code).unwrap();
            } else {
                write!(code, "{head}{{\n{}\n{pad}}}", inner.join("\n")).unwrap();
            }
            hull = (hull.0.min(v.lo), hull.1.max(v.hi));
            typed |= v.typed;
        }
        Val {
            typed,
            ..Val::temp(code, shape, hull.0, hull.1)
        }
    }

    /// `match s { P => a, .. }` as an expression, or an `if` if nothing can be matched.
    fn match_value(&mut self, b: &mut Body, shape: Shape) -> Val {
        let Some((scrutinee, arms)) = self.scrutinee(b) else {
            return self.if_value(b, shape);
        };
        let pad = "    ".repeat(b.indent);
        let mut code = format!("match {scrutinee} {{\n");
        let mut hull = (f64::INFINITY, f64::NEG_INFINITY);
        let mut typed = false;
        for (pattern, binds) in &arms {
            b.indent += 1;
            let mark = b.stmts.len();
            let v = self.arm_value(b, shape, binds);
            let inner: Vec<String> = b.stmts.drain(mark..).collect();
            b.indent -= 1;
            if inner.is_empty() {
                writeln!(code, "{pad}    {pattern} => {},", v.code).unwrap();
            } else {
                writeln!(
                    code,
                    "{pad}    {pattern} => {{\n{}\n{pad}    }}",
                    inner.join("\n")
                )
                .unwrap();
            }
            hull = (hull.0.min(v.lo), hull.1.max(v.hi));
            typed |= v.typed;
        }
        write!(code, "{pad}}}").unwrap();
        Val {
            typed,
            ..Val::temp(code, shape, hull.0, hull.1)
        }
    }

    /// A result chosen by a branch.
    fn branch_value(&mut self, b: &mut Body, shape: Shape) -> Val {
        if self.rng.chance(0.6) {
            self.if_value(b, shape)
        } else {
            self.match_value(b, shape)
        }
    }

    /// A trip count: `(Rust, greatest value)`, from a literal, an integer in scope or a shape.
    fn trip_count(&mut self, b: &mut Body) -> (String, usize) {
        let ints: Vec<(String, f64, f64)> = b
            .ints
            .iter()
            .filter(|(_, lo, hi)| *lo >= 0.0 && *hi <= 4.0)
            .cloned()
            .collect();
        let arrays: Vec<Val> = b
            .pool
            .iter()
            .filter(|v| v.shape != Shape::S && v.form == Form::Place)
            .cloned()
            .collect();
        match self.rng.below(4) {
            0 | 1 if !ints.is_empty() => {
                let (n, _, hi) = self.rng.pick(&ints).clone();
                (n, hi as usize)
            }
            2 if !arrays.is_empty() => {
                let a = self.rng.pick(&arrays).clone();
                match a.shape {
                    Shape::V(n) => (format!("{}.len()", a.code), n),
                    Shape::M(r, c) => {
                        if self.rng.chance(0.5) {
                            (format!("{}.nrows()", a.code), r)
                        } else {
                            (format!("{}.ncols()", a.code), c)
                        }
                    }
                    Shape::S | Shape::T(..) => unreachable!(),
                }
            }
            _ => {
                let k = self.rng.below(MAX_COUNT + 1);
                (k.to_string(), k)
            }
        }
    }

    /// A loop updating one or two variables declared before it.
    fn loop_statement(&mut self, b: &mut Body, form: LoopForm) {
        // A loop written in the function's body may return from the function.
        let may_return = b.returns_float && b.nesting == 0;
        // The variables it carries, read inside as `[-A, A]`.
        let mut carried = Vec::new();
        for _ in 0..1 + usize::from(self.rng.chance(0.35)) {
            let t = self.mutable_target(b);
            if !carried.contains(&t) {
                carried.push(t);
            }
        }
        for &t in &carried {
            let a = b.pool[t].mag().max(1.0) + 1.0;
            b.pool[t].lo = -a;
            b.pool[t].hi = a;
        }
        let i = format!("i{}", self.fresh(b));
        let owner = if b.method { "self" } else { "m" };
        let mut layer = None;
        let (trips, index_hi, head, element) = match form {
            LoopForm::Range => {
                let (n, trips) = self.trip_count(b);
                // Over a literal range the index's type would be left to inference, which
                // `s![.., i]` cannot settle.
                let n = if n.starts_with(|c: char| c.is_ascii_digit()) {
                    format!("{n}usize")
                } else {
                    n
                };
                let head = if self.rng.chance(0.3) {
                    format!("for {i} in (0..{n}).rev() {{")
                } else {
                    format!("for {i} in 0..{n} {{")
                };
                (trips, trips.saturating_sub(1), head, None)
            }
            LoopForm::While | LoopForm::Break => {
                let (n, trips) = self.trip_count(b);
                // Against a literal bound the index's type would be left to inference.
                let zero = if n.starts_with(|c: char| c.is_ascii_digit()) {
                    "0usize"
                } else {
                    "0"
                };
                self.push(b, format!("let mut {i} = {zero};"));
                let head = if form == LoopForm::While {
                    let extra = if self.rng.chance(0.3) {
                        format!(" && ({})", self.condition(b))
                    } else {
                        String::new()
                    };
                    format!("while {i} < {n}{extra} {{")
                } else {
                    "loop {".to_owned()
                };
                let trips = if form == LoopForm::Break {
                    trips.max(1)
                } else {
                    trips
                };
                (trips, trips.saturating_sub(1), head, Some(n))
            }
            LoopForm::Layers => {
                let l = format!("l{}", self.fresh(b));
                let vec = format!("{owner}.layers");
                // The layer, and whether the head binds the index and the body indexes.
                let (head, index, indexed) = match self.rng.below(5) {
                    0 => (format!("for {l} in &{vec} {{"), false, false),
                    1 => (format!("for {l} in {vec}.iter() {{"), false, false),
                    2 => (
                        format!("for ({i}, {l}) in {vec}.iter().enumerate() {{"),
                        true,
                        false,
                    ),
                    3 => (format!("for {i} in 0..{vec}.len() {{"), true, true),
                    _ => (format!("for {i} in (0..{vec}.len()).rev() {{"), true, true),
                };
                layer = Some((l, index, indexed));
                (MAX_LAYERS, MAX_LAYERS - 1, head, None)
            }
        };
        // Some loops are labelled, for the exits of loops inside them.
        let label = self.rng.chance(0.3).then(|| format!("'o{}", self.fresh(b)));
        match &label {
            Some(label) => self.push(b, format!("{label}: {head}")),
            None => self.push(b, head),
        }
        let continues = matches!(form, LoopForm::Range | LoopForm::Layers);
        b.labels
            .push((label.clone().unwrap_or_default(), continues));
        let scope = self.enter(b);
        let loop_mark = std::mem::replace(&mut b.loop_mark, b.pool.len());
        b.loops += 1;
        if layer.as_ref().is_none_or(|(_, index, _)| *index) {
            b.ints.push((i.clone(), 0.0, index_hi as f64));
        }
        if let Some((l, _, indexed)) = &layer {
            if *indexed {
                self.push(b, format!("let {l} = &{owner}.layers[{i}];"));
            }
            if let Some((_, fields)) = &self.layers {
                for (name, shape) in fields {
                    b.pool.push(Val {
                        code: format!("{l}.{name}"),
                        shape: *shape,
                        lo: -1.0,
                        hi: 1.0,
                        form: Form::Place,
                        by_ref: true,
                        is_view: false,
                        mutable: false,
                        typed: true,
                    });
                }
            }
        }
        let scale = 1.0 / trips.max(1) as f64;
        let scale = (scale * 1000.0).floor() / 1000.0;
        for _ in 0..self.rng.below(3) {
            self.statement(b);
        }
        // A `while` loop may stop early too, on a condition of its own.
        let while_break = form == LoopForm::While && self.rng.chance(0.4);
        // Any loop but the one over layers may skip the rest of an iteration.
        let skip = form != LoopForm::Layers && self.rng.chance(0.25);
        // Half of the carried updates may come after the `break` or the `continue`.
        let split = if form == LoopForm::Break || while_break || skip {
            self.rng.below(carried.len() + 1)
        } else {
            carried.len()
        };
        for &t in &carried[..split] {
            self.branched_update(b, t, scale);
        }
        match (form, &element) {
            (LoopForm::While, _) => {
                if while_break {
                    self.exit_statement(b, "break");
                }
                self.push(b, format!("{i} += 1;"));
            }
            (LoopForm::Break, Some(n)) => {
                self.push(b, format!("{i} += 1;"));
                let extra = if self.rng.chance(0.3) {
                    format!(" || ({})", self.condition(b))
                } else {
                    String::new()
                };
                self.push(b, format!("if {i} >= {n}{extra} {{"));
                self.push(b, "    break;".to_owned());
                self.push(b, "}".to_owned());
                if self.rng.chance(0.4) {
                    self.statement(b);
                }
            }
            _ => {}
        }
        if skip {
            // After the index's update, so that a `while` loop still ends.
            self.exit_statement(b, "continue");
        }
        if may_return && self.rng.chance(0.3) {
            let condition = self.condition(b);
            let value = self.expr(b, Shape::S, 2);
            self.push(b, format!("if {condition} {{"));
            self.push(b, format!("    return {};", value.scalar()));
            self.push(b, "}".to_owned());
        }
        for &t in &carried[split..] {
            self.branched_update(b, t, scale);
        }
        b.loops -= 1;
        b.loop_mark = loop_mark;
        b.labels.pop();
        self.leave(b, scope);
        self.push(b, "}".to_owned());
    }
}

impl Program {
    /// `if c { EXIT; }`, or the same exit nested in a second `if`, in an `else`, or as a
    /// `match` arm.
    fn exit_statement(&mut self, b: &mut Body, exit: &str) {
        // Now and then the exit of a labelled loop around (or this one).
        let labelled: Vec<String> = b
            .labels
            .iter()
            .filter(|(label, continues)| !label.is_empty() && (exit == "break" || *continues))
            .map(|(label, _)| label.clone())
            .collect();
        let exit = if !labelled.is_empty() && self.rng.chance(0.5) {
            format!("{exit} {}", self.rng.pick(&labelled))
        } else {
            exit.to_owned()
        };
        let exit = exit.as_str();
        let condition = self.condition(b);
        match self.rng.below(4) {
            0 => {
                self.push(b, format!("if {condition} {{"));
                self.push(b, format!("    {exit};"));
                self.push(b, "}".to_owned());
            }
            1 => {
                let inner = self.condition(b);
                self.push(b, format!("if {condition} {{"));
                self.push(b, format!("    if {inner} {{"));
                self.push(b, format!("        {exit};"));
                self.push(b, "    }".to_owned());
                self.push(b, "}".to_owned());
            }
            2 => {
                self.push(b, format!("if {condition} {{"));
                self.push(b, "} else {".to_owned());
                self.push(b, format!("    {exit};"));
                self.push(b, "}".to_owned());
            }
            _ => {
                self.push(b, format!("match {condition} {{"));
                self.push(b, format!("    true => {exit},"));
                self.push(b, "    false => {}".to_owned());
                self.push(b, "}".to_owned());
            }
        }
    }
}

/// What a `match` pattern binds.
enum Binds {
    Nothing,
    /// An integer with its least and greatest value.
    Int(String, f64, f64),
    /// A float in `[0.5, 2]` (`Mode::Scaled(k)`).
    Float(String),
}

/// Whether an expression reads a reversed slice (`s![..;-1]`), whose owned copy keeps the
/// reversed memory order.
fn reverses(code: &str) -> bool {
    code.contains(";-1")
}

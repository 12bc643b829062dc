//! The measurements of the `differentiation_methods` example, shared with its test
//! (`tests/differentiation_methods.rs`): the cost of a gradient by reverse mode and by central
//! differences, the error of central differences over step sizes, and the size of a derivative
//! as an expanded tree, as a DAG and as adjoint's generated code.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use adjoint::init;
use adjoint::ndarray::{Array1, Array2};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

// ---------------------------------------------------------------------------------------------
// The networks
// ---------------------------------------------------------------------------------------------

/// An MLP's layer widths and the batch its loss is taken over.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub name: &'static str,
    pub widths: &'static [usize],
    pub batch: usize,
}

/// From about 10² to about 10⁶ parameters: the benchmarks' W1, W2 and W3, and two between.
pub const SHAPES: [Shape; 5] = [
    Shape {
        name: "W1",
        widths: &[4, 16, 3],
        batch: 150,
    },
    Shape {
        name: "64→16→10",
        widths: &[64, 16, 10],
        batch: 64,
    },
    Shape {
        name: "784→16→10",
        widths: &[784, 16, 10],
        batch: 64,
    },
    Shape {
        name: "W2",
        widths: &[784, 128, 10],
        batch: 64,
    },
    Shape {
        name: "W3",
        widths: &[784, 512, 512, 10],
        batch: 256,
    },
];

/// Hidden layers with tanh, a linear output layer: smooth, so that finite differences are
/// exact but for truncation and rounding.
#[derive(Params, Clone, Debug)]
pub struct Mlp<F: Float> {
    pub hidden: Vec<Dense<F>>,
    pub out: Dense<F>,
}

/// The mean softmax cross-entropy of the network on a batch.
#[differentiable(wrt(m))]
pub fn loss<F: Float>(m: &Mlp<F>, x: &Array2<F>, labels: &Array1<usize>) -> F {
    let mut h = dense(&m.hidden[0], x).tanh();
    for i in 1..m.hidden.len() {
        h = dense(&m.hidden[i], &h).tanh();
    }
    softmax_cross_entropy(&dense(&m.out, &h), labels)
}

/// A network, a batch and its labels: everything the loss reads.
#[derive(Clone, Debug)]
pub struct Problem<F: Float> {
    pub m: Mlp<F>,
    pub x: Array2<F>,
    pub labels: Array1<usize>,
}

impl Problem<f64> {
    /// Xavier-initialized layers and N(0, 1) inputs from a fixed seed, labels spread over the
    /// classes, every number rounded to `f32` so that the `f32` and `f64` problems are the
    /// same point.
    pub fn new(shape: &Shape) -> Self {
        let mut rng = init::rng(42);
        let layers: Vec<Dense<f64>> = shape
            .widths
            .windows(2)
            .map(|w| Dense::with_init(w[0], w[1], init::Init::XavierNormal, &mut rng))
            .collect();
        let (out, hidden) = layers.split_last().expect("an MLP has a layer");
        let x: Array2<f64> = init::normal((shape.batch, shape.widths[0]), 1.0, &mut rng);
        let classes = shape.widths[shape.widths.len() - 1];
        let labels = Array1::from_shape_fn(shape.batch, |i| (i * 7 + i / 3) % classes);
        Problem {
            m: Mlp {
                hidden: hidden.to_vec(),
                out: out.clone(),
            },
            x,
            labels,
        }
        .cast::<f32>()
        .cast::<f64>()
    }
}

impl<F: Float> Problem<F> {
    /// The same problem in another float type (rounded to nearest).
    pub fn cast<G: Float>(&self) -> Problem<G> {
        let cast1 = |a: &Array1<F>| a.mapv(|v| G::from_f64_lossy(v.to_f64_exact()));
        let cast2 = |a: &Array2<F>| a.mapv(|v| G::from_f64_lossy(v.to_f64_exact()));
        let layer = |d: &Dense<F>| Dense {
            w: cast2(&d.w),
            b: cast1(&d.b),
        };
        Problem {
            m: Mlp {
                hidden: self.m.hidden.iter().map(layer).collect(),
                out: layer(&self.m.out),
            },
            x: cast2(&self.x),
            labels: self.labels.clone(),
        }
    }

    /// The loss at the network's parameters.
    pub fn loss(&self) -> F {
        loss(&self.m, &self.x, &self.labels)
    }

    /// The loss and its gradient by adjoint's generated `loss_grad`.
    pub fn loss_grad(&self) -> (F, Mlp<F>) {
        loss_grad(&self.m, &self.x, &self.labels)
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.m.num_params()
    }

    /// The central difference `(L(θ + h·eᵢ) − L(θ − h·eᵢ)) / 2h` in coordinate `i` of the
    /// parameters (their leaves in order, each in memory order), computed in `F`; NaN when `h`
    /// is too small to change the coordinate in `F`. The parameters are left as they were.
    pub fn central_difference(&mut self, i: usize, h: f64) -> f64 {
        let x = coordinate(&mut self.m, i, |_| {});
        let (up, down) = (F::from_f64_lossy(x + h), F::from_f64_lossy(x - h));
        if up == down {
            return f64::NAN;
        }
        coordinate(&mut self.m, i, |v| *v = up);
        let above = self.loss().to_f64_exact();
        coordinate(&mut self.m, i, |v| *v = down);
        let below = self.loss().to_f64_exact();
        coordinate(&mut self.m, i, |v| *v = F::from_f64_lossy(x));
        // In f32, x ± h rounds: divide by the perturbation made.
        (above - below) / (up.to_f64_exact() - down.to_f64_exact())
    }
}

/// Applies `f` to coordinate `i` of `p` (its leaves in order, each in memory order) and returns
/// the coordinate's value before.
fn coordinate<P: Params>(p: &mut P, i: usize, f: impl FnOnce(&mut P::Elem)) -> f64 {
    let (mut offset, mut f, mut before) = (0, Some(f), f64::NAN);
    p.visit_mut("", &mut |_, mut leaf| {
        let len = leaf.len();
        if (offset..offset + len).contains(&i) {
            let slot = &mut leaf
                .as_slice_memory_order_mut()
                .expect("a leaf is contiguous")[i - offset];
            before = slot.to_f64_exact();
            (f.take().expect("one leaf holds coordinate i"))(slot);
        }
        offset += len;
    });
    assert!(
        f.is_none(),
        "coordinate {i} is past the {offset} parameters"
    );
    before
}

/// The parameters (or a gradient), leaves in order, each in memory order, as `f64`.
pub fn flatten<P: Params>(p: &P) -> Vec<f64> {
    let mut flat = Vec::new();
    p.visit("", &mut |_, leaf| {
        let slice = leaf.as_slice_memory_order().expect("a leaf is contiguous");
        flat.extend(slice.iter().map(|v| v.to_f64_exact()));
    });
    flat
}

// ---------------------------------------------------------------------------------------------
// Cost
// ---------------------------------------------------------------------------------------------

/// The median times of one call of `f` and of `g`, which take turns in `rounds` rounds of calls
/// lasting about `round` each, so that a burst of load from other processes lands on both.
pub fn time_per_call<T, U>(
    round: Duration,
    rounds: usize,
    mut f: impl FnMut() -> T,
    mut g: impl FnMut() -> U,
) -> (Duration, Duration) {
    fn calls_in(round: Duration, mut f: impl FnMut()) -> u32 {
        let start = Instant::now();
        f();
        (round.as_secs_f64() / start.elapsed().as_secs_f64().max(1e-9)).clamp(1.0, 1e6) as u32
    }
    fn timed(calls: u32, mut f: impl FnMut()) -> Duration {
        let start = Instant::now();
        for _ in 0..calls {
            f();
        }
        start.elapsed() / calls
    }
    let mut f = || drop(black_box(f()));
    let mut g = || drop(black_box(g()));
    let (f_calls, g_calls) = (calls_in(round, &mut f), calls_in(round, &mut g));
    let (mut f_times, mut g_times): (Vec<_>, Vec<_>) = (0..rounds)
        .map(|_| (timed(f_calls, &mut f), timed(g_calls, &mut g)))
        .unzip();
    f_times.sort();
    g_times.sort();
    (f_times[rounds / 2], g_times[rounds / 2])
}

/// The time of a full central-difference gradient, and how many of its coordinates were
/// actually differenced: all of them, or `sampled` of them evenly spread over the parameters
/// (the time then scaled to all of them) when all would take longer than `budget`.
#[derive(Clone, Copy, Debug)]
pub struct DifferencesCost {
    pub time: Duration,
    pub sampled: usize,
    pub params: usize,
}

impl DifferencesCost {
    /// Whether the time was extrapolated from a sample of coordinates.
    pub fn extrapolated(&self) -> bool {
        self.sampled < self.params
    }
}

/// Times central differences over the coordinates of `problem` (`2n` loss evaluations), all of
/// them when `forward` (the time of one loss) says they fit in `budget`, else a sample;
/// `tick(done, total)` reports progress.
pub fn time_differences<F: Float>(
    problem: &mut Problem<F>,
    forward: Duration,
    budget: Duration,
    mut tick: impl FnMut(usize, usize),
) -> DifferencesCost {
    let params = problem.len();
    let affordable = (budget.as_secs_f64() / (2.0 * forward.as_secs_f64())) as usize;
    let sampled = affordable.clamp(8, params);
    let start = Instant::now();
    for k in 0..sampled {
        let i = k * params / sampled;
        black_box(problem.central_difference(i, 1e-3));
        tick(k + 1, sampled);
    }
    let time = start.elapsed().mul_f64(params as f64 / sampled as f64);
    DifferencesCost {
        time,
        sampled,
        params,
    }
}

// ---------------------------------------------------------------------------------------------
// Accuracy
// ---------------------------------------------------------------------------------------------

/// The steps of the accuracy sweep: 1e-1 to 1e-12, four per decade.
pub fn steps() -> Vec<f64> {
    (4..=48).map(|k| 10f64.powf(-(k as f64) / 4.0)).collect()
}

/// `‖a − b‖ / ‖b‖` in the Euclidean norm.
pub fn relative_error(a: &[f64], b: &[f64]) -> f64 {
    let diff: f64 = a.iter().zip(b).map(|(a, b)| (a - b).powi(2)).sum();
    let norm: f64 = b.iter().map(|b| b * b).sum();
    (diff / norm).sqrt()
}

/// The relative error of the full central-difference gradient of `problem`, computed in `F`,
/// against `reference` (the `f64` gradient by `loss_grad`), at each step; NaN for a step too
/// small to change some coordinate in `F`.
pub fn difference_errors<F: Float>(
    problem: &mut Problem<F>,
    reference: &[f64],
    steps: &[f64],
) -> Vec<f64> {
    steps
        .iter()
        .map(|&h| {
            let numeric: Vec<f64> = (0..problem.len())
                .map(|i| problem.central_difference(i, h))
                .collect();
            relative_error(&numeric, reference)
        })
        .collect()
}

/// The step with the smallest error, and that error (steps too small to measure left out).
pub fn best_step(steps: &[f64], errors: &[f64]) -> (f64, f64) {
    steps
        .iter()
        .zip(errors)
        .map(|(&h, &e)| (h, e))
        .filter(|(_, e)| !e.is_nan())
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("at least one step")
}

// ---------------------------------------------------------------------------------------------
// Expression size
// ---------------------------------------------------------------------------------------------

/// A node of an expression in `x`, its operands named by index into [`Expressions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Node {
    X,
    One,
    Add(usize, usize),
    Mul(usize, usize),
    Sin(usize),
    Cos(usize),
}

/// Expressions stored once each (hash-consed): a DAG whose shared nodes are the common
/// subexpressions a CAS with CSE keeps once, and which the expanded tree repeats.
#[derive(Default)]
pub struct Expressions {
    nodes: Vec<Node>,
    ids: HashMap<Node, usize>,
}

/// One expression of an [`Expressions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expr(usize);

impl Expressions {
    fn node(&mut self, node: Node) -> Expr {
        let next = self.nodes.len();
        let id = *self.ids.entry(node).or_insert(next);
        if id == next {
            self.nodes.push(node);
        }
        Expr(id)
    }

    /// `x`.
    pub fn x(&mut self) -> Expr {
        self.node(Node::X)
    }

    fn one(&mut self) -> Expr {
        self.node(Node::One)
    }

    fn add(&mut self, a: Expr, b: Expr) -> Expr {
        self.node(Node::Add(a.0, b.0))
    }

    /// `a·b`, with the one simplification any CAS makes: `1·b = b`.
    pub fn mul(&mut self, a: Expr, b: Expr) -> Expr {
        match (self.nodes[a.0], self.nodes[b.0]) {
            (Node::One, _) => b,
            (_, Node::One) => a,
            _ => self.node(Node::Mul(a.0, b.0)),
        }
    }

    /// `sin a`.
    pub fn sin(&mut self, a: Expr) -> Expr {
        self.node(Node::Sin(a.0))
    }

    fn cos(&mut self, a: Expr) -> Expr {
        self.node(Node::Cos(a.0))
    }

    /// `d e / dx` by the sum, product and chain rules, as symbolic differentiation writes it:
    /// `d(a·b) = da·b + a·db`, `d sin a = cos a · da`.
    pub fn derivative(&mut self, e: Expr) -> Expr {
        let mut memo = HashMap::new();
        self.derive(e.0, &mut memo)
    }

    fn derive(&mut self, e: usize, memo: &mut HashMap<usize, Expr>) -> Expr {
        if let Some(&d) = memo.get(&e) {
            return d;
        }
        let d = match self.nodes[e] {
            Node::X => self.one(),
            Node::One => panic!("the chains differentiate no constant"),
            Node::Add(a, b) => {
                let (da, db) = (self.derive(a, memo), self.derive(b, memo));
                self.add(da, db)
            }
            Node::Mul(a, b) => {
                let (da, db) = (self.derive(a, memo), self.derive(b, memo));
                let (left, right) = (self.mul(da, Expr(b)), self.mul(Expr(a), db));
                self.add(left, right)
            }
            Node::Sin(a) => {
                let (cos, da) = (self.cos(Expr(a)), self.derive(a, memo));
                self.mul(cos, da)
            }
            Node::Cos(_) => panic!("the chains differentiate no cosine"),
        };
        memo.insert(e, d);
        d
    }

    /// The nodes of `e` written out as a tree, every shared subexpression repeated.
    pub fn tree_size(&self, e: Expr) -> u128 {
        let mut sizes = vec![0u128; e.0 + 1];
        // Operands come before the nodes that use them.
        for (i, node) in self.nodes.iter().take(e.0 + 1).enumerate() {
            sizes[i] = 1 + match *node {
                Node::X | Node::One => 0,
                Node::Add(a, b) | Node::Mul(a, b) => sizes[a] + sizes[b],
                Node::Sin(a) | Node::Cos(a) => sizes[a],
            };
        }
        sizes[e.0]
    }

    /// The distinct nodes of `e`: its size with common subexpressions shared.
    pub fn dag_size(&self, e: Expr) -> usize {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = vec![e.0];
        let mut count = 0;
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            count += 1;
            match self.nodes[i] {
                Node::X | Node::One => {}
                Node::Add(a, b) | Node::Mul(a, b) => stack.extend([a, b]),
                Node::Sin(a) | Node::Cos(a) => stack.push(a),
            }
        }
        count
    }

    /// The value of `e` at `x`.
    pub fn eval(&self, e: Expr, x: f64) -> f64 {
        let mut values = vec![0.0; e.0 + 1];
        for (i, node) in self.nodes.iter().take(e.0 + 1).enumerate() {
            values[i] = match *node {
                Node::X => x,
                Node::One => 1.0,
                Node::Add(a, b) => values[a] + values[b],
                Node::Mul(a, b) => values[a] * values[b],
                Node::Sin(a) => values[a].sin(),
                Node::Cos(a) => values[a].cos(),
            };
        }
        values[e.0]
    }
}

/// `f(f(…f(x)))` with `depth` applications of `f(x) = x·sin(x)`.
pub fn chain_expression(expressions: &mut Expressions, depth: usize) -> Expr {
    let mut e = expressions.x();
    for _ in 0..depth {
        let sin = expressions.sin(e);
        e = expressions.mul(e, sin);
    }
    e
}

/// `chain_functions!([sin] a, b, c)` defines `a` as `f(x)`, `b` as `f(f(x))`, `c` as
/// `f(f(f(x)))` with `f(x) = x·sin(x)`, each `#[differentiable]`, written out statement by
/// statement: one more `sin` in the list, one more application.
macro_rules! chain_functions {
    ([$($sin:ident)*] $name:ident $(, $rest:ident)*) => {
        #[differentiable]
        pub fn $name(x: f64) -> f64 {
            $(let x = x * x.$sin();)*
            x
        }
        chain_functions!([$($sin)* sin] $($rest),*);
    };
    ([$($sin:ident)*]) => {};
}

/// The chains of depth 1 to 20, with the generated source of each (`NAME::__adjoint_source`).
macro_rules! chains {
    ($($name:ident)*) => {
        chain_functions!([sin] $($name),*);

        /// The source `#[differentiable]` generated for `f(f(…f(x)))` of depth 1, 2, …
        pub const CHAINS: &[&str] = &[$($name::__adjoint_source),*];
    };
}

chains!(
    chain_1 chain_2 chain_3 chain_4 chain_5 chain_6 chain_7 chain_8 chain_9 chain_10
    chain_11 chain_12 chain_13 chain_14 chain_15 chain_16 chain_17 chain_18 chain_19 chain_20
);

/// The statements of the body of `NAME_grad` in a generated source, nested blocks included.
pub fn grad_statements(source: &str) -> usize {
    use syn::visit::Visit;
    struct Count(usize);
    impl<'ast> Visit<'ast> for Count {
        fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
            self.0 += 1;
            syn::visit::visit_stmt(self, stmt);
        }
    }
    let file = syn::parse_file(source).expect("the generated source parses");
    let grad = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Fn(f) if f.sig.ident.to_string().ends_with("_grad") => Some(f),
            _ => None,
        })
        .expect("the generated source has a NAME_grad");
    let mut count = Count(0);
    count.visit_block(&grad.block);
    count.0
}

/// The sizes of the derivative of a chain of one depth.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub depth: usize,
    /// Nodes of the fully expanded derivative tree.
    pub tree: u128,
    /// Nodes of the derivative with common subexpressions shared.
    pub dag: usize,
    /// Statements of `chain_DEPTH_grad`'s body, as generated.
    pub generated: usize,
}

/// The sizes of the derivatives of every chain in [`CHAINS`].
pub fn chain_sizes() -> Vec<Sizes> {
    let mut expressions = Expressions::default();
    CHAINS
        .iter()
        .enumerate()
        .map(|(k, source)| {
            let depth = k + 1;
            let chain = chain_expression(&mut expressions, depth);
            let derivative = expressions.derivative(chain);
            Sizes {
                depth,
                tree: expressions.tree_size(derivative),
                dag: expressions.dag_size(derivative),
                generated: grad_statements(source),
            }
        })
        .collect()
}

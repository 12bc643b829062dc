//! Reverse mode as data: the adjoint program of a body.
//!
//! [`transform`] turns a primal body and its reverse-sweep [`Plan`] into a [`Program`]: the
//! backward statements in the order they run, with a region per branch and loop, and the
//! decisions that memory planning takes over it (where each adjoint lives, which contribution
//! declares it, which rule may take over the adjoint it reads, which write into a part replaces
//! zeros instead of adding). One printer (`emit::backward`) turns any program into tokens,
//! whether the body is straight-line code or has branches and loops.

use std::collections::HashSet;

use crate::ir::{Body, Carried, Operand, Stmt, ValueDef, ValueId};
use crate::reverse::{Plan, merged_value, output_of, value_of};

/// How the output's adjoint starts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SeedKind {
    /// `NAME_grad`: one.
    One,
    /// `NAME_vjp` or a pullback: a reference the caller gives.
    Given,
}

/// Where the adjoint of a value lives.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Storage {
    /// A plain local, declared by its first contribution. Every contribution runs
    /// unconditionally, in the same sequence of statements, before anything reads it.
    Local,
    /// An `Option` declared empty where its value is defined: contributions come from inside
    /// branches or loops, or are wanted only when the caller asks (a pullback).
    Slot,
    /// The caller's cotangent, a reference (the output of `NAME_vjp` and of a pullback).
    Given,
}

/// One contribution of a rule: the adjoint of operand `operand` added into `target`'s.
#[derive(Clone, Debug)]
pub struct Contribution {
    pub operand: usize,
    pub target: ValueId,
    /// The first contribution to a [`Storage::Local`] adjoint, which declares it.
    pub first: bool,
}

/// How a write into a part of a root's adjoint is made.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PartWrite {
    /// The first write into a part that nothing else touched: it replaces the zeros.
    Replace,
    /// Added into what is there.
    Add,
}

/// A statement of the adjoint program.
#[derive(Clone, Debug)]
pub enum AdjStmt {
    /// The output's adjoint starts (one, in `NAME_grad`).
    Seed(ValueId),
    /// Empty adjoints (`None`) for these values, at the start of the sequence that defines them.
    Declare(Vec<ValueId>),
    /// The derivative rules of primal statement `stmt` (a primitive, a call or a part): one
    /// contribution per target, read from the adjoint of its output.
    Rule {
        stmt: usize,
        contributions: Vec<Contribution>,
        /// Whether the last contribution's rule may take the output's adjoint over (nothing
        /// reads it afterwards): an element-wise rule then computes in its memory.
        take_over: bool,
        /// For a part: how its write into the root's adjoint is made.
        write: PartWrite,
    },
    /// The adjoint of `from` (a value merged after a branch) moves into the adjoint of `into`
    /// (what the arm gave it).
    Flow { from: ValueId, into: ValueId },
    /// The backward pass of the arm a branch took: one sequence per arm.
    Branch {
        stmt: usize,
        arms: Vec<Vec<AdjStmt>>,
    },
    /// The backward pass of a loop, last iteration first.
    Loop(AdjLoop),
}

/// The backward pass of a loop: the iteration's parts after and before its exit, and the
/// carried variables whose adjoints flow from one iteration's end to its head.
#[derive(Clone, Debug)]
pub struct AdjLoop {
    pub stmt: usize,
    /// The positions (in the loop's `carried`) of the carried variables with an adjoint.
    pub carried: Vec<usize>,
    /// The statements of the part after the exit, when the loop has an exit, backward.
    pub after: Vec<AdjStmt>,
    /// The statements of the part before the exit, backward.
    pub before: Vec<AdjStmt>,
}

/// The adjoint program of a body.
pub struct Program {
    /// The statements, in the order the backward pass runs them.
    pub stmts: Vec<AdjStmt>,
    /// Where each value's adjoint lives; `None` for values without one.
    pub storage: Vec<Option<Storage>>,
    /// Differentiated parameters every contribution to whose adjoint replaces a part of zeros:
    /// their adjoints may start unfilled.
    pub unfilled: HashSet<ValueId>,
}

impl Program {
    /// Where the adjoint of `id` lives, if it has one.
    pub fn storage_of(&self, id: ValueId) -> Option<Storage> {
        self.storage[id.0]
    }
}

// Input:  `let t = x * y; let u = t.exp(); u`, x differentiated, `NAME_grad`.
// Output: seed d_u; rule `u = exp(t)` → d_t (declares it); rule `t = x * y` → d_x (declares it).
/// The adjoint program of `body` for the plan's differentiated parameters. `guarded`: a
/// pullback, whose contributions are computed only for what its caller asks.
pub fn transform(body: &Body, plan: &Plan, seed: SeedKind, guarded: bool) -> Program {
    let storage = storage(body, plan, seed, guarded);
    let mut builder = Builder {
        body,
        plan,
        storage: &storage,
    };
    let mut stmts = Vec::new();
    if let Some(out) = value_of(&body.output).filter(|out| plan.active[out.0]) {
        stmts.push(AdjStmt::Seed(out));
    }
    let mut top_values: Vec<ValueId> = body
        .params
        .iter()
        .filter_map(|param| param.differentiable.as_ref().map(|(id, _)| *id))
        .collect();
    top_values.extend(defined_in(body, &body.top));
    stmts.extend(builder.declare(&top_values));
    stmts.extend(builder.sequence(&body.top));
    let mut program = Program {
        stmts,
        storage,
        unfilled: HashSet::new(),
    };
    mark_first_contributions(&mut program);
    plan_part_writes(body, &mut program);
    program
}

struct Builder<'a> {
    body: &'a Body,
    plan: &'a Plan,
    storage: &'a [Option<Storage>],
}

impl Builder<'_> {
    /// `Declare` for the values among `values` whose adjoint is a slot.
    fn declare(&self, values: &[ValueId]) -> Option<AdjStmt> {
        let slots: Vec<ValueId> = values
            .iter()
            .copied()
            .filter(|id| self.storage[id.0] == Some(Storage::Slot) && !is_output(self.body, *id))
            .collect();
        (!slots.is_empty()).then_some(AdjStmt::Declare(slots))
    }

    /// The backward statements of a sequence: its statements in reverse.
    fn sequence(&mut self, seq: &[usize]) -> Vec<AdjStmt> {
        let mut stmts = Vec::new();
        for &index in seq.iter().rev() {
            match &self.body.stmts[index] {
                Stmt::Branch(branch) => {
                    if !self.region_active(index) {
                        continue;
                    }
                    let arms = branch
                        .arms
                        .iter()
                        .map(|arm| {
                            let mut body = Vec::new();
                            body.extend(self.declare(&defined_in(self.body, &arm.body.stmts)));
                            body.extend(
                                branch
                                    .outs
                                    .iter()
                                    .zip(&arm.results)
                                    .filter_map(|(out, result)| {
                                        Some((merged_value(out)?, value_of(result)?))
                                    })
                                    .filter(|(from, into)| {
                                        self.plan.active[from.0] && self.plan.active[into.0]
                                    })
                                    .map(|(from, into)| AdjStmt::Flow { from, into }),
                            );
                            body.extend(self.sequence(&arm.body.stmts));
                            body
                        })
                        .collect();
                    stmts.push(AdjStmt::Branch { stmt: index, arms });
                }
                Stmt::Loop(looped) => {
                    if !self.region_active(index) {
                        continue;
                    }
                    let carried = looped
                        .carried
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| carried_active(self.plan, c))
                        .map(|(i, _)| i)
                        .collect();
                    let mut after = Vec::new();
                    if looped.exit.is_some() {
                        after.extend(self.declare(&defined_in(self.body, &looped.after.stmts)));
                        after.extend(self.sequence(&looped.after.stmts));
                    }
                    let mut before_values: Vec<ValueId> = looped
                        .carried
                        .iter()
                        .filter_map(|c| merged_value(&c.head))
                        .collect();
                    before_values.extend(defined_in(self.body, &looped.before.stmts));
                    let mut before = Vec::new();
                    before.extend(self.declare(&before_values));
                    before.extend(self.sequence(&looped.before.stmts));
                    stmts.push(AdjStmt::Loop(AdjLoop {
                        stmt: index,
                        carried,
                        after,
                        before,
                    }));
                }
                stmt => {
                    let Some(step) = self.plan.steps.iter().find(|step| step.stmt == index) else {
                        continue;
                    };
                    let out = output_of(stmt).expect("steps run statements that define a value");
                    let contributions = step
                        .targets
                        .iter()
                        .map(|&(operand, target)| Contribution {
                            operand,
                            target,
                            first: false,
                        })
                        .collect();
                    let take_over = match self.storage[out.0] {
                        Some(Storage::Local | Storage::Slot) => true,
                        Some(Storage::Given) | None => false,
                    };
                    stmts.push(AdjStmt::Rule {
                        stmt: index,
                        contributions,
                        take_over,
                        write: PartWrite::Add,
                    });
                }
            }
        }
        stmts
    }

    /// Whether a branch or loop takes part in the backward pass.
    fn region_active(&self, index: usize) -> bool {
        stmt_active(self.body, self.plan, index)
    }
}

/// Whether a statement takes part in the backward pass: a step, or a region with an active
/// value or step inside.
pub fn stmt_active(body: &Body, plan: &Plan, index: usize) -> bool {
    let seq_active = |seq: &[usize]| seq.iter().any(|&i| stmt_active(body, plan, i));
    match &body.stmts[index] {
        Stmt::Branch(branch) => {
            branch
                .outs
                .iter()
                .filter_map(merged_value)
                .any(|id| plan.active[id.0])
                || branch.arms.iter().any(|arm| seq_active(&arm.body.stmts))
        }
        Stmt::Loop(looped) => {
            looped.carried.iter().any(|c| carried_active(plan, c))
                || seq_active(&looped.before.stmts)
                || seq_active(&looped.after.stmts)
        }
        _ => plan.steps.iter().any(|step| step.stmt == index),
    }
}

/// Whether a carried variable's adjoint is computed.
pub fn carried_active(plan: &Plan, carried: &Carried) -> bool {
    [&carried.head, &carried.out]
        .into_iter()
        .filter_map(merged_value)
        .any(|id| plan.active[id.0])
}

/// The values the statements of a sequence define (not those inside nested regions).
pub fn defined_in(body: &Body, seq: &[usize]) -> Vec<ValueId> {
    let mut defined = Vec::new();
    for &index in seq {
        match &body.stmts[index] {
            Stmt::Branch(branch) => defined.extend(branch.outs.iter().filter_map(merged_value)),
            Stmt::Loop(looped) => {
                defined.extend(looped.carried.iter().filter_map(|c| merged_value(&c.out)))
            }
            // A call in forward mode defines its value and the value's tangent.
            Stmt::CallTangent { out, tangent, .. } => defined.extend([*out, *tangent]),
            stmt => defined.extend(output_of(stmt)),
        }
    }
    defined
}

fn is_output(body: &Body, id: ValueId) -> bool {
    matches!(body.output, Operand::Value(out) if out == id)
}

/// For each statement, the sequence it belongs to: 0 for the function's own block, then one
/// number per arm and per part of a loop's body.
fn sequences(body: &Body) -> Vec<usize> {
    fn visit(body: &Body, seq: &[usize], id: usize, next: &mut usize, of: &mut [usize]) {
        for &index in seq {
            of[index] = id;
            let nested: Vec<&[usize]> = match &body.stmts[index] {
                Stmt::Branch(branch) => branch.arms.iter().map(|a| &a.body.stmts[..]).collect(),
                Stmt::Loop(looped) => vec![&looped.before.stmts, &looped.after.stmts],
                _ => Vec::new(),
            };
            for inner in nested {
                *next += 1;
                let inner_id = *next;
                visit(body, inner, inner_id, next, of);
            }
        }
    }
    let mut of = vec![0; body.stmts.len()];
    let mut next = 0;
    visit(body, &body.top, 0, &mut next, &mut of);
    of
}

// Input:  `let mut h = x; for _ in 0..n { h = (&h * &w).tanh(); } h.sum()`, x and w differentiated.
// Output: `h.sum()`'s input and the product and `tanh` inside the loop are locals; `w` (added
//         into from inside the loop), the carried `h` and `x` (which flows into the carry) are
//         slots.
/// Where each adjoint lives. A local when every contribution runs unconditionally in the
/// sequence that defines the value; a slot when a contribution comes from inside a branch or
/// loop, flows out of one, or is wanted only on request (a pullback).
fn storage(body: &Body, plan: &Plan, seed: SeedKind, guarded: bool) -> Vec<Option<Storage>> {
    let sequence_of = sequences(body);
    let mut flows_in: HashSet<ValueId> = HashSet::new();
    for stmt in &body.stmts {
        match stmt {
            Stmt::Branch(branch) => {
                for arm in &branch.arms {
                    flows_in.extend(arm.results.iter().filter_map(value_of));
                }
            }
            Stmt::Loop(looped) => {
                for carried in &looped.carried {
                    flows_in.extend(
                        [&carried.init, &carried.at_exit, &carried.next]
                            .into_iter()
                            .filter_map(value_of),
                    );
                }
            }
            _ => {}
        }
    }
    let mut contributed_from: Vec<Vec<usize>> = vec![Vec::new(); body.values.len()];
    for step in &plan.steps {
        for &(_, target) in &step.targets {
            contributed_from[target.0].push(sequence_of[step.stmt]);
        }
    }
    let mut storage: Vec<Option<Storage>> = (0..body.values.len())
        .map(|i| {
            let id = ValueId(i);
            if !plan.active[i] {
                return None;
            }
            if is_output(body, id) && seed == SeedKind::Given {
                return Some(Storage::Given);
            }
            let home = match body.values[i].def {
                ValueDef::Param(_) => 0,
                ValueDef::Stmt(index) => sequence_of[index],
                ValueDef::Region(_) => return Some(Storage::Slot),
            };
            let local = !guarded
                && !flows_in.contains(&id)
                && contributed_from[i].iter().all(|&s| s == home);
            Some(if local { Storage::Local } else { Storage::Slot })
        })
        .collect();
    // A rule that reads a slot runs only if an adjoint arrived: what it contributes to cannot be
    // a local declared there, which the code after it would not see.
    let mut changed = true;
    while changed {
        changed = false;
        for step in &plan.steps {
            let Some(out) = output_of(&body.stmts[step.stmt]) else {
                continue;
            };
            if storage[out.0] != Some(Storage::Slot) {
                continue;
            }
            for &(_, target) in &step.targets {
                if storage[target.0] == Some(Storage::Local) {
                    storage[target.0] = Some(Storage::Slot);
                    changed = true;
                }
            }
        }
    }
    storage
}

/// Marks the contribution that declares each local adjoint: the first to run.
fn mark_first_contributions(program: &mut Program) {
    fn visit(stmts: &mut [AdjStmt], storage: &[Option<Storage>], seen: &mut HashSet<ValueId>) {
        for stmt in stmts {
            match stmt {
                AdjStmt::Rule { contributions, .. } => {
                    for c in contributions {
                        if storage[c.target.0] == Some(Storage::Local) {
                            c.first = seen.insert(c.target);
                        }
                    }
                }
                AdjStmt::Branch { arms, .. } => {
                    for arm in arms {
                        visit(arm, storage, seen);
                    }
                }
                AdjStmt::Loop(looped) => {
                    visit(&mut looped.after, storage, seen);
                    visit(&mut looped.before, storage, seen);
                }
                AdjStmt::Seed(_) | AdjStmt::Declare(_) | AdjStmt::Flow { .. } => {}
            }
        }
    }
    let mut seen = HashSet::new();
    let storage = program.storage.clone();
    visit(&mut program.stmts, &storage, &mut seen);
}

/// A part's projection as a path of tokens (`.hidden.w` → `[".", "hidden", ".", "w"]`), and
/// whether it indexes (`[i]`), in which case two projections may name the same part.
pub fn projection_path(projection: &proc_macro2::TokenStream) -> (Vec<String>, bool) {
    let path: Vec<String> = projection
        .clone()
        .into_iter()
        .map(|t| t.to_string())
        .collect();
    let indexed = projection
        .clone()
        .into_iter()
        .any(|token| matches!(token, proc_macro2::TokenTree::Group(_)));
    (path, indexed)
}

// Input:  `m.a.sum() + m.b.sum()` with `m` differentiated.
// Output: both writes replace (no zeros are added into); `m` starts unfilled.
/// For the function's own block: the writes into parts that nothing touched before replace
/// zeros instead of adding into them (indexed parts may alias, so they always add), and a
/// parameter whose local adjoint receives only such writes starts unfilled.
fn plan_part_writes(body: &Body, program: &mut Program) {
    use std::collections::HashMap;
    // For each root, the parts written so far, or `None` once anything else was added into it.
    let mut writes: HashMap<ValueId, Option<Vec<Vec<String>>>> = HashMap::new();
    let mut every_write_replaces: HashMap<ValueId, bool> = HashMap::new();
    for stmt in &mut program.stmts {
        let AdjStmt::Rule {
            stmt: index,
            contributions,
            write,
            ..
        } = stmt
        else {
            for target in contributed_within(body, stmt) {
                writes.insert(target, None);
                every_write_replaces.insert(target, false);
            }
            continue;
        };
        let part = match &body.stmts[*index] {
            Stmt::Place { projection, .. } => Some(projection),
            _ => None,
        };
        for c in contributions.iter() {
            let state = writes.entry(c.target).or_insert_with(|| Some(Vec::new()));
            let replaces = match (part, state.as_mut()) {
                (Some(projection), Some(written)) => {
                    let (path, indexed) = projection_path(projection);
                    let overlaps = written
                        .iter()
                        .any(|w| w.starts_with(&path) || path.starts_with(w));
                    written.push(path);
                    !indexed && !overlaps
                }
                _ => {
                    *state = None;
                    false
                }
            };
            if part.is_some() && replaces {
                *write = PartWrite::Replace;
            }
            *every_write_replaces.entry(c.target).or_insert(true) &= replaces;
        }
    }
    program.unfilled = every_write_replaces
        .into_iter()
        .filter(|&(id, every)| {
            every
                && matches!(body.values[id.0].def, ValueDef::Param(_))
                && program.storage[id.0] == Some(Storage::Local)
        })
        .map(|(id, _)| id)
        .collect();
}

/// The adjoints a statement adds into, its nested statements' included.
fn contributed_within(body: &Body, stmt: &AdjStmt) -> Vec<ValueId> {
    match stmt {
        AdjStmt::Rule { contributions, .. } => contributions.iter().map(|c| c.target).collect(),
        AdjStmt::Flow { into, .. } => vec![*into],
        AdjStmt::Branch { arms, .. } => arms
            .iter()
            .flatten()
            .flat_map(|s| contributed_within(body, s))
            .collect(),
        AdjStmt::Loop(looped) => {
            let Stmt::Loop(primal) = &body.stmts[looped.stmt] else {
                return Vec::new();
            };
            looped
                .after
                .iter()
                .chain(&looped.before)
                .flat_map(|s| contributed_within(body, s))
                .chain(
                    looped
                        .carried
                        .iter()
                        .filter_map(|&i| value_of(&primal.carried[i].init)),
                )
                .collect()
        }
        AdjStmt::Seed(_) | AdjStmt::Declare(_) => Vec::new(),
    }
}

/// The program as text, one statement per line, for tests and for reading.
#[cfg(test)]
pub fn describe(body: &Body, program: &Program) -> String {
    use std::fmt::Write as _;
    fn name(body: &Body, id: ValueId) -> String {
        body.values[id.0].name.to_string()
    }
    fn visit(body: &Body, program: &Program, stmts: &[AdjStmt], depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        for stmt in stmts {
            match stmt {
                AdjStmt::Seed(id) => {
                    let _ = writeln!(out, "{pad}seed d_{}", name(body, *id));
                }
                AdjStmt::Declare(ids) => {
                    let names: Vec<String> = ids.iter().map(|id| name(body, *id)).collect();
                    let _ = writeln!(out, "{pad}slots {}", names.join(", "));
                }
                AdjStmt::Rule {
                    stmt,
                    contributions,
                    take_over,
                    write,
                } => {
                    let out_id = output_of(&body.stmts[*stmt]).expect("a rule's statement");
                    let targets: Vec<String> = contributions
                        .iter()
                        .map(|c| {
                            let storage = match program.storage[c.target.0] {
                                Some(Storage::Local) if c.first => "let ",
                                Some(Storage::Local) => "+= ",
                                _ => "slot += ",
                            };
                            format!("{storage}d_{}", name(body, c.target))
                        })
                        .collect();
                    let kind = match &body.stmts[*stmt] {
                        Stmt::Prim { prim, .. } => format!("{prim:?}"),
                        Stmt::Call { .. } => "call".to_owned(),
                        Stmt::Place { .. } if *write == PartWrite::Replace => {
                            "part (replace)".to_owned()
                        }
                        _ => "part".to_owned(),
                    };
                    let taken = if *take_over { " (takes it over)" } else { "" };
                    let _ = writeln!(
                        out,
                        "{pad}{kind} from d_{}{taken}: {}",
                        name(body, out_id),
                        targets.join(", ")
                    );
                }
                AdjStmt::Flow { from, into } => {
                    let (from, into) = (name(body, *from), name(body, *into));
                    let _ = writeln!(out, "{pad}d_{from} moves into d_{into}");
                }
                AdjStmt::Branch { arms, .. } => {
                    for (i, arm) in arms.iter().enumerate() {
                        let _ = writeln!(out, "{pad}if arm {i} was taken:");
                        visit(body, program, arm, depth + 1, out);
                    }
                }
                AdjStmt::Loop(looped) => {
                    let _ = writeln!(out, "{pad}each iteration, last first:");
                    if !looped.after.is_empty() {
                        let _ = writeln!(out, "{pad}  after the exit:");
                        visit(body, program, &looped.after, depth + 2, out);
                    }
                    visit(body, program, &looped.before, depth + 1, out);
                }
            }
        }
    }
    let mut out = String::new();
    visit(body, program, &program.stmts, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::{SeedKind, describe, transform};
    use quote::quote;

    /// The adjoint program of `NAME_grad` (or of the pullback, `guarded`) for a function.
    fn program_of(item: proc_macro2::TokenStream, guarded: bool) -> String {
        let function: syn::ItemFn = syn::parse2(item).expect("a function");
        let args = crate::args::Args::default();
        let (sig, errors) = crate::validate::signature(&function, &args);
        assert!(errors.is_empty(), "the signature is valid");
        let own = crate::parse::Own {
            name: function.sig.ident.clone(),
            method: sig.method,
            output: sig.output.clone(),
            aux: sig.aux,
            fuse: true,
            type_params: Vec::new(),
        };
        let body =
            crate::parse::lower(own, sig.params.clone(), sig.values.clone(), &function.block)
                .unwrap_or_else(|_| panic!("the body lowers"));
        let plan = crate::reverse::plan(&body, &sig.wrt);
        let program = transform(&body, &plan, SeedKind::One, guarded);
        describe(&body, &program)
    }

    #[test]
    fn straight_line_adjoints_are_locals_declared_by_their_first_contribution() {
        let text = program_of(
            quote! {
                fn f(x: f64, y: f64) -> f64 {
                    let t = x * y;
                    t.exp() + x
                }
            },
            false,
        );
        assert_eq!(
            text,
            "seed d_t_3\n\
             Add from d_t_3 (takes it over): let d_t_2, let d_x\n\
             Exp from d_t_2 (takes it over): let d_t\n\
             Mul from d_t (takes it over): += d_x, let d_y\n"
        );
    }

    #[test]
    fn a_pullback_keeps_every_adjoint_in_a_slot() {
        let text = program_of(
            quote! {
                fn f(x: f64, y: f64) -> f64 {
                    (x * y).exp()
                }
            },
            true,
        );
        assert!(text.starts_with("seed d_t_1\nslots x, y, t\n"), "{text}");
        assert!(
            text.contains("Mul from d_t (takes it over): slot += d_x, slot += d_y"),
            "{text}"
        );
    }

    #[test]
    fn values_reached_from_inside_a_loop_are_slots() {
        let text = program_of(
            quote! {
                fn f(x: f64, w: f64) -> f64 {
                    let mut h = x;
                    for _ in 0..3 {
                        let z = h * w;
                        h = z.tanh();
                    }
                    let y = h * 2.0;
                    y * y
                }
            },
            false,
        );
        // `w` receives a contribution from inside the loop, `x` flows into the carry, the
        // carried `h` flows out of it: slots. `y` is used twice in the function's own block: a
        // local that its second contribution adds into.
        assert!(text.contains("slots x, w, h_2\n"), "{text}");
        assert!(
            text.contains("Mul from d_t_3 (takes it over): let d_y, += d_y"),
            "{text}"
        );
        assert!(
            text.contains("each iteration, last first:\n  slots h_1, z, t_1\n"),
            "{text}"
        );
        assert!(text.contains("slot += d_h_1, slot += d_w"), "{text}");
    }

    #[test]
    fn first_writes_into_distinct_parts_replace_zeros() {
        let text = program_of(
            quote! {
                fn f(m: &M) -> f64 {
                    m.a.sum() + m.b.sum()
                }
            },
            false,
        );
        assert_eq!(text.matches("part (replace)").count(), 2, "{text}");
    }
}

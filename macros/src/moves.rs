//! Which writes into part of an array may take the array by value and write in place: a pass
//! over a body, whose result the emitter reads. `y[i] = v` is an operation that gives a new
//! array; when nothing reads the old `y` afterwards (neither the rest of the forward pass nor
//! any derivative rule), the new array is the old one, written into, with no copy. A loop that
//! fills an array element by element is then linear in its length, not quadratic.

use std::collections::HashSet;

use crate::ir::{Body, BranchHead, LoopHead, Merged, Operand, Stmt, ValueDef, ValueId};
use crate::reverse::{backward_reads, is_view, operands, tangents_read, value_of};

/// The update statements (`SetElement`, `AddToElement`, `AssignSlice`) whose array operand is
/// read nowhere after them: they may take it by value.
pub fn in_place_updates(body: &Body) -> HashSet<usize> {
    let layout = Layout::of(body);
    (0..body.stmts.len())
        .filter(|&index| match &body.stmts[index] {
            Stmt::Prim { prim, inputs, .. } if prim.writes_into_part().is_some() => {
                value_of(&inputs[0]).is_some_and(|array| movable(body, &layout, index, array))
            }
            _ => false,
        })
        .collect()
}

/// Where each statement sits: its sequence and position, and what region holds each sequence.
struct Layout {
    /// For each statement: its sequence and its position there (`None` if in no sequence).
    place: Vec<Option<(usize, usize)>>,
    /// For each sequence: the region statement holding it and whether it is a loop's `after`
    /// part (`None` for the function's own block).
    parent: Vec<Option<(usize, Part)>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Arm,
    Before,
    After,
}

impl Layout {
    fn of(body: &Body) -> Layout {
        let mut layout = Layout {
            place: vec![None; body.stmts.len()],
            parent: Vec::new(),
        };
        layout.walk(body, &body.top, None);
        layout
    }

    fn walk(&mut self, body: &Body, seq: &[usize], parent: Option<(usize, Part)>) {
        let id = self.parent.len();
        self.parent.push(parent);
        for (position, &index) in seq.iter().enumerate() {
            self.place[index] = Some((id, position));
            match &body.stmts[index] {
                Stmt::Branch(branch) => {
                    for arm in &branch.arms {
                        self.walk(body, &arm.body.stmts, Some((index, Part::Arm)));
                    }
                }
                Stmt::Loop(lp) => {
                    self.walk(body, &lp.before.stmts, Some((index, Part::Before)));
                    self.walk(body, &lp.after.stmts, Some((index, Part::After)));
                }
                _ => {}
            }
        }
    }

    /// Whether statement `u` runs before statement `s` in every pass through `s`'s sequence:
    /// earlier in the same sequence, inside a region earlier there, or in the `before` part of
    /// the loop whose `after` part holds `s`.
    fn precedes(&self, u: usize, s: usize) -> bool {
        let Some((seq_s, pos_s)) = self.place[s] else {
            return false;
        };
        let mut at = u;
        while let Some((seq, pos)) = self.place[at] {
            if seq == seq_s {
                return pos < pos_s;
            }
            match (self.parent[seq], self.parent[seq_s]) {
                (Some((r, Part::Before)), Some((r_s, Part::After))) if r == r_s => return true,
                (Some((r, _)), _) => at = r,
                (None, _) => return false,
            }
        }
        false
    }
}

/// Whether the update at `s` may take `array` by value.
fn movable(body: &Body, layout: &Layout, s: usize, array: ValueId) -> bool {
    if !defined_in_reach(body, layout, s, array) {
        return false;
    }
    let derived = derived_from(body, array);
    if derived
        .iter()
        .any(|id| body.kept.contains(id) || value_of(&body.output) == Some(*id))
    {
        return false;
    }
    let names: Vec<String> = derived
        .iter()
        .map(|id| body.values[id.0].name.to_string())
        .collect();
    // The loop whose `after` part holds the update directly: what it keeps where it is left
    // (after its `before` part) is read only when the update does not run.
    let leaving_before = layout.place[s]
        .and_then(|(seq, _)| layout.parent[seq])
        .and_then(|(region, part)| (part == Part::After).then_some(region));
    for (index, stmt) in body.stmts.iter().enumerate() {
        // A derivative rule that reads it (its own statement's, for one) runs after the whole
        // forward pass.
        if backward_reads(stmt).iter().any(|id| derived.contains(id)) {
            return false;
        }
        // What a loop keeps where it is left: nothing without an exit condition.
        let skip_exit = match stmt {
            Stmt::Loop(lp) => lp.exit.is_none() || leaving_before == Some(index),
            _ => false,
        };
        let read = reads(stmt, &derived, &names, skip_exit);
        if index == s {
            // Only the array itself, as the operand written into.
            if read.iter().any(|use_| *use_ != Use::FirstOperand(array)) {
                return false;
            }
            continue;
        }
        if read.is_empty() {
            continue;
        }
        // A region reads it in its results or its carried values, at its end.
        let region = matches!(stmt, Stmt::Branch(_) | Stmt::Loop(_));
        if region || !layout.precedes(index, s) {
            return false;
        }
    }
    true
}

/// Whether `array` is defined where the update at `s` runs, each time it runs: earlier in the
/// same sequence, or at the head of the loop whose body holds `s` directly.
fn defined_in_reach(body: &Body, layout: &Layout, s: usize, array: ValueId) -> bool {
    match body.values[array.0].def {
        ValueDef::Param(_) => false,
        ValueDef::Stmt(d) => {
            layout.precedes(d, s) && layout.place[d].map(|p| p.0) == layout.place[s].map(|p| p.0)
        }
        ValueDef::Region(r) => {
            let head_of_loop = match &body.stmts[r] {
                Stmt::Loop(lp) => lp
                    .carried
                    .iter()
                    .any(|c| matches!(c.head, Merged::Value(id) if id == array)),
                _ => false,
            };
            if head_of_loop {
                let seq_s = layout.place[s].map(|p| p.0);
                seq_s
                    .and_then(|seq| layout.parent[seq])
                    .is_some_and(|(region, part)| {
                        region == r && matches!(part, Part::Before | Part::After)
                    })
            } else {
                layout.precedes(r, s)
                    && layout.place[r].map(|p| p.0) == layout.place[s].map(|p| p.0)
            }
        }
    }
}

/// `array` and every view and part of it, which borrow it.
fn derived_from(body: &Body, array: ValueId) -> HashSet<ValueId> {
    let mut derived = HashSet::from([array]);
    loop {
        let before = derived.len();
        for stmt in &body.stmts {
            let (out, source) = match stmt {
                Stmt::Place { out, root, .. } => (*out, value_of(root)),
                Stmt::Prim { out, inputs, .. } if is_view(body, *out) => {
                    (*out, inputs.first().and_then(value_of))
                }
                _ => continue,
            };
            if source.is_some_and(|source| derived.contains(&source)) {
                derived.insert(out);
            }
        }
        if derived.len() == before {
            return derived;
        }
    }
}

#[derive(PartialEq, Eq)]
enum Use {
    /// The value as a statement's first operand.
    FirstOperand(ValueId),
    /// Any other read, by operand or by name.
    Other,
}

/// How a statement reads any of `derived` (whose locals are `names`), not counting the
/// statements nested in it; a loop's values where it is left are skipped if `skip_exit`.
fn reads(stmt: &Stmt, derived: &HashSet<ValueId>, names: &[String], skip_exit: bool) -> Vec<Use> {
    let mut uses = Vec::new();
    for (k, operand) in operands(stmt).into_iter().enumerate() {
        match operand {
            Operand::Value(id) if derived.contains(id) => uses.push(if k == 0 {
                Use::FirstOperand(*id)
            } else {
                Use::Other
            }),
            Operand::Const(tokens) | Operand::Literal(tokens) if mentions(tokens, names) => {
                uses.push(Use::Other)
            }
            _ => {}
        }
    }
    if tangents_read(stmt).iter().any(|id| derived.contains(id)) {
        uses.push(Use::Other);
    }
    let mut tokens: Vec<&proc_macro2::TokenStream> = Vec::new();
    let mut merged_operands: Vec<&Operand> = Vec::new();
    match stmt {
        Stmt::Prim { consts, .. } | Stmt::Tangent { consts, .. } => tokens.extend(consts),
        Stmt::Bind { expr, .. } => tokens.push(expr),
        Stmt::Place { projection, .. } | Stmt::PartTangent { projection, .. } => {
            tokens.push(projection)
        }
        Stmt::Branch(branch) => {
            match &branch.head {
                BranchHead::If(conditions) => tokens.extend(conditions),
                BranchHead::Match {
                    scrutinee,
                    patterns,
                } => {
                    tokens.push(scrutinee);
                    tokens.extend(patterns);
                }
            }
            for arm in &branch.arms {
                merged_operands.extend(&arm.results);
            }
        }
        Stmt::Loop(lp) => {
            if let LoopHead::For { iter, .. } = &lp.head {
                tokens.push(iter);
            }
            tokens.extend(&lp.exit);
            for carried in &lp.carried {
                merged_operands.extend([&carried.init, &carried.next]);
                if !skip_exit {
                    merged_operands.push(&carried.at_exit);
                }
            }
        }
        Stmt::Call { .. } | Stmt::CallTangent { .. } | Stmt::ZeroTangent { .. } => {}
    }
    if tokens.iter().any(|t| mentions(t, names)) {
        uses.push(Use::Other);
    }
    if merged_operands.iter().any(|operand| match operand {
        Operand::Value(id) => derived.contains(id),
        Operand::Const(tokens) | Operand::Literal(tokens) => mentions(tokens, names),
    }) {
        uses.push(Use::Other);
    }
    uses
}

/// Whether a token stream names one of `names`.
fn mentions(tokens: &proc_macro2::TokenStream, names: &[String]) -> bool {
    let mut found = HashSet::new();
    crate::parse::collect_idents(tokens.clone(), &mut found);
    names.iter().any(|name| found.contains(name))
}

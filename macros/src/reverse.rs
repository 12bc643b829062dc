//! Planning the reverse sweep: which values carry an adjoint (activity analysis), and which
//! statement sends a contribution to which operand, in reverse order.

use std::collections::BTreeSet;

use crate::ir::{Body, Merged, Operand, Stmt, ValueDef, ValueId};

/// The reverse sweep of a body for one set of differentiated parameters.
pub struct Plan {
    /// For each value, the differentiated parameters (by position) it depends on.
    pub reach: Vec<BTreeSet<usize>>,
    /// Whether each value's adjoint is computed: it depends on a differentiated parameter
    /// and the output depends on it.
    pub active: Vec<bool>,
    /// The backward steps, last statement first.
    pub steps: Vec<Step>,
    /// How many contributions each value's adjoint receives.
    pub contributions: Vec<usize>,
}

/// One statement of the backward sweep.
pub struct Step {
    /// The statement whose derivative rules run.
    pub stmt: usize,
    /// The operands (by position) that receive a contribution, and their values.
    pub targets: Vec<(usize, ValueId)>,
}

/// The value an operand reads, if any.
pub fn value_of(operand: &Operand) -> Option<ValueId> {
    match operand {
        Operand::Value(id) => Some(*id),
        Operand::Const(_) | Operand::Literal(_) => None,
    }
}

/// The operands of a statement, by position (none for a branch or a loop, whose values flow
/// through [`defs`]).
pub fn operands(stmt: &Stmt) -> Vec<&Operand> {
    match stmt {
        Stmt::Prim { inputs, .. } => inputs.iter().collect(),
        Stmt::Call { args, .. } => args.iter().map(|a| &a.operand).collect(),
        Stmt::Place { root, .. } => vec![root],
        Stmt::Bind { .. } | Stmt::Branch(_) | Stmt::Loop(_) => Vec::new(),
        Stmt::Tangent { inputs, .. } => inputs.iter().collect(),
        Stmt::CallTangent { args, .. } => args.iter().map(|a| &a.operand).collect(),
        Stmt::PartTangent { primal_root, .. } => vec![primal_root],
        Stmt::ZeroTangent { like, .. } => vec![like],
    }
}

/// The values a forward-mode statement reads besides its operands: the primal output and the
/// tangents of a rule, the tangents of a call, the root's tangent of a part.
pub fn tangents_read(stmt: &Stmt) -> Vec<ValueId> {
    match stmt {
        Stmt::Tangent { y, tangents, .. } => std::iter::once(*y)
            .chain(tangents.iter().flatten().copied())
            .collect(),
        Stmt::CallTangent { tangents, .. } => tangents.iter().flatten().copied().collect(),
        Stmt::PartTangent { root, .. } => vec![*root],
        _ => Vec::new(),
    }
}

/// The values a statement's derivative rules read: its operands and its output, but for a
/// primitive whose rules read only some of them (see [`Prim::backward_reads`]).
///
/// [`Prim::backward_reads`]: crate::prims::Prim::backward_reads
pub fn backward_reads(stmt: &Stmt) -> Vec<ValueId> {
    let output = output_of(stmt);
    match stmt {
        Stmt::Prim { prim, inputs, .. } => inputs
            .iter()
            .enumerate()
            .filter(|&(k, _)| prim.backward_reads(Some(k)))
            .filter_map(|(_, input)| value_of(input))
            .chain(output.filter(|_| prim.backward_reads(None)))
            .collect(),
        _ => operands(stmt)
            .into_iter()
            .filter_map(value_of)
            .chain(output)
            .collect(),
    }
}

/// The value a primitive, call or part statement defines.
pub fn output_of(stmt: &Stmt) -> Option<ValueId> {
    match stmt {
        Stmt::Prim { out, .. } | Stmt::Call { out, .. } | Stmt::Place { out, .. } => Some(*out),
        Stmt::Tangent { out, .. }
        | Stmt::CallTangent { out, .. }
        | Stmt::PartTangent { out, .. }
        | Stmt::ZeroTangent { out, .. } => Some(*out),
        Stmt::Bind { .. } | Stmt::Branch(_) | Stmt::Loop(_) => None,
    }
}

/// The value behind a merged variable, if it may carry a derivative.
pub fn merged_value(merged: &Merged) -> Option<ValueId> {
    match merged {
        Merged::Value(id) => Some(*id),
        Merged::Const(_) => None,
    }
}

/// Every value a statement defines, with the values it is computed from.
pub fn defs(stmt: &Stmt) -> Vec<(ValueId, Vec<ValueId>)> {
    if let Stmt::CallTangent { tangent, .. } = stmt {
        // The value is computed from the arguments alone; its tangent from them and theirs.
        let primal: Vec<ValueId> = operands(stmt).into_iter().filter_map(value_of).collect();
        let from = primal.iter().copied().chain(tangents_read(stmt)).collect();
        return vec![
            (output_of(stmt).expect("a call defines a value"), primal),
            (*tangent, from),
        ];
    }
    if let Some(out) = output_of(stmt) {
        return vec![(
            out,
            operands(stmt)
                .into_iter()
                .filter_map(value_of)
                .chain(tangents_read(stmt))
                .collect(),
        )];
    }
    match stmt {
        Stmt::Branch(branch) => branch
            .outs
            .iter()
            .enumerate()
            .filter_map(|(j, out)| {
                let from = branch
                    .arms
                    .iter()
                    .filter_map(|arm| value_of(&arm.results[j]))
                    .collect();
                merged_value(out).map(|out| (out, from))
            })
            .collect(),
        Stmt::Loop(looped) => looped
            .carried
            .iter()
            .flat_map(|carried| {
                let from: Vec<ValueId> = [&carried.init, &carried.at_exit, &carried.next]
                    .into_iter()
                    .filter_map(value_of)
                    .chain(merged_value(&carried.head))
                    .collect();
                [&carried.head, &carried.out]
                    .into_iter()
                    .filter_map(merged_value)
                    .map(move |id| (id, from.clone()))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether value `id` is a view, which borrows what it looks at: `t()` and `view()` of
/// anything, a view parameter, and `reversed_axes()` (or `insert_axis`, …) of a view (of an
/// owned array, a copy).
pub fn is_view(body: &Body, id: ValueId) -> bool {
    match body.values[id.0].def {
        ValueDef::Param(p) => crate::types::is_view(&body.params[p].ty),
        ValueDef::Stmt(index) => match &body.stmts[index] {
            Stmt::Prim { prim, inputs, .. } if prim.is_view_of_a_view() => {
                value_of(&inputs[0]).is_some_and(|input| is_view(body, input))
            }
            Stmt::Prim { prim, .. } => prim.is_view(),
            Stmt::Call { .. }
            | Stmt::Bind { .. }
            | Stmt::Place { .. }
            | Stmt::Branch(_)
            | Stmt::Loop(_)
            | Stmt::Tangent { .. }
            | Stmt::CallTangent { .. }
            | Stmt::PartTangent { .. }
            | Stmt::ZeroTangent { .. } => false,
        },
        ValueDef::Region(_) => false,
    }
}

// Input:  the body `let t = x * y; let u = t.exp(); u` with `differentiated = [x]`.
// Output: reach = {x: {x}, y: {}, t: {x}, u: {x}}; steps = [u ← exp(t): t], [t ← x * y: x].
/// Plans the reverse sweep for the parameters at the positions in `differentiated`.
pub fn plan(body: &Body, differentiated: &[usize]) -> Plan {
    let count = body.values.len();
    let mut reach = vec![BTreeSet::new(); count];
    for (i, value) in body.values.iter().enumerate() {
        if let ValueDef::Param(p) = value.def {
            if differentiated.contains(&p) {
                reach[i].insert(p);
            }
        }
    }
    // A loop's head values read its end, so both sweeps repeat until nothing changes.
    let defs: Vec<(ValueId, Vec<ValueId>)> = body.stmts.iter().flat_map(defs).collect();
    let mut changed = true;
    while changed {
        changed = false;
        for (out, from) in &defs {
            let mut union = reach[out.0].clone();
            for id in from {
                union.extend(reach[id.0].iter().copied());
            }
            if union != reach[out.0] {
                reach[out.0] = union;
                changed = true;
            }
        }
    }

    let mut useful = vec![false; count];
    if let Some(out) = value_of(&body.output) {
        useful[out.0] = true;
    }
    let mut changed = true;
    while changed {
        changed = false;
        for (out, from) in defs.iter().rev() {
            if useful[out.0] {
                for id in from {
                    if !useful[id.0] {
                        useful[id.0] = true;
                        changed = true;
                    }
                }
            }
        }
    }
    let active: Vec<bool> = (0..count)
        .map(|i| useful[i] && !reach[i].is_empty())
        .collect();

    let mut steps = Vec::new();
    let mut contributions = vec![0; count];
    for (index, stmt) in body.stmts.iter().enumerate().rev() {
        let Some(out) = output_of(stmt) else { continue };
        if !active[out.0] {
            continue;
        }
        let targets: Vec<(usize, ValueId)> = operands(stmt)
            .into_iter()
            .enumerate()
            .filter_map(|(k, operand)| {
                value_of(operand)
                    .filter(|id| active[id.0])
                    .map(|id| (k, id))
            })
            .collect();
        for (_, id) in &targets {
            contributions[id.0] += 1;
        }
        if !targets.is_empty() {
            steps.push(Step {
                stmt: index,
                targets,
            });
        }
    }
    Plan {
        reach,
        active,
        steps,
        contributions,
    }
}

// Input:  `let a = x.exp(); let b = a.sum(); let c = b * 2.0; c` with nothing differentiated.
// Output: `a` is released after `b = a.sum()`, `b` after `c = b * 2.0`; `c` is returned.
/// For each statement, the values a fused function can drop right after it: their last
/// forward use has passed and no backward step reads them. A view keeps what it looks at
/// alive for as long as the view itself is used.
pub fn releases(body: &Body, plan: &Plan) -> Vec<Vec<ValueId>> {
    let count = body.values.len();
    let mut last_use: Vec<Option<usize>> = vec![None; count];
    let mut read_by_backward = vec![false; count];
    if let Some(out) = value_of(&body.output) {
        read_by_backward[out.0] = true;
    }
    for kept in &body.kept {
        read_by_backward[kept.0] = true;
    }
    for step in &plan.steps {
        for id in backward_reads(&body.stmts[step.stmt]) {
            read_by_backward[id.0] = true;
        }
    }
    // A constant binding reads values by name inside its verbatim expression (`b.dim()`).
    let by_name: std::collections::HashMap<String, ValueId> = body
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| (v.name.to_string(), ValueId(i)))
        .collect();
    for (index, stmt) in body.stmts.iter().enumerate().rev() {
        if let Stmt::Bind { expr, .. } = stmt {
            for id in names_in(expr.clone())
                .iter()
                .filter_map(|name| by_name.get(name))
            {
                last_use[id.0] = Some(last_use[id.0].map_or(index, |u| u.max(index)));
            }
        }
        let view_of_output = match stmt {
            Stmt::Prim { out, .. } if is_view(body, *out) => Some(*out),
            Stmt::Place { out, .. } => Some(*out),
            _ => None,
        };
        for id in operands(stmt)
            .into_iter()
            .filter_map(value_of)
            .chain(tangents_read(stmt))
        {
            let mut until = index;
            if let Some(view) = view_of_output {
                until = until.max(last_use[view.0].unwrap_or(index));
                read_by_backward[id.0] |= read_by_backward[view.0];
            }
            last_use[id.0] = Some(last_use[id.0].map_or(until, |u| u.max(until)));
        }
    }
    let mut releases = vec![Vec::new(); body.stmts.len()];
    for (i, value) in body.values.iter().enumerate() {
        let ValueDef::Stmt(defined) = value.def else {
            continue;
        };
        // A part has no local of its own to drop.
        if read_by_backward[i] || matches!(body.stmts[defined], Stmt::Place { .. }) {
            continue;
        }
        releases[last_use[i].unwrap_or(defined)].push(ValueId(i));
    }
    // A view defined later than what it looks at is dropped first.
    for released in &mut releases {
        released.sort_by(|a, b| b.cmp(a));
    }
    releases
}

/// Every identifier in a token stream.
fn names_in(tokens: proc_macro2::TokenStream) -> Vec<String> {
    let mut names = Vec::new();
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => names.push(ident.to_string()),
            proc_macro2::TokenTree::Group(group) => names.extend(names_in(group.stream())),
            _ => {}
        }
    }
    names
}

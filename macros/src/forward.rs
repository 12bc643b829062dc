//! Forward mode as a transformation of the IR: the tangent program of a body is a body again.
//! Every primal statement is followed by the statement of its tangent (a primitive's forward
//! rule, a call's forward-mode entry, the same part of the root's tangent), branches merge the
//! tangents of what they merge, loops carry them; so the emitter prints it like any body, and a
//! later transformation can differentiate it again.

use std::collections::HashMap;

use proc_macro2::Span;
use quote::quote;

use crate::ir::{
    Arm, Body, Branch, Carried, Loop, Merged, Operand, Param, Segment, Stmt, Value, ValueDef,
    ValueId,
};
use crate::reverse::{merged_value, plan, value_of};

/// A body with its tangents.
pub struct Tangents {
    /// The primal statements, each followed by its tangent's. Its output is the primal output;
    /// the output's tangent is kept alive beside it.
    pub body: Body,
    /// For each differentiated parameter, in order, the position of its tangent parameter in
    /// `body.params`.
    pub params: Vec<usize>,
    /// The output's tangent, if it has one (it has none when the output does not depend on a
    /// differentiated parameter).
    pub output: Option<ValueId>,
    /// Each value's tangent, for the values that have one.
    pub of: HashMap<ValueId, ValueId>,
}

// Input:  `let t = x * y; t.exp()` with `differentiated = [x]`.
// Output: `let t = x * y; let d_t = jvp(Mul; x, y; t; Some(d_x), None);
//          let exp = t.exp(); let d_exp = jvp(Exp; t; exp; Some(d_t))`, the parameter `d_x`
//          appended, the output `exp` with tangent `d_exp`.
/// The tangent program of `body` along one tangent per parameter in `differentiated`. A value
/// gets a tangent when it depends on a differentiated parameter and the output depends on it.
pub fn transform(body: &Body, differentiated: &[usize]) -> Tangents {
    let active = plan(body, differentiated).active;
    let mut transform = Transform {
        old: body,
        active,
        values: body.values.clone(),
        params: body.params.clone(),
        stmts: Vec::new(),
        names: body.names.clone(),
        tangent: HashMap::new(),
    };
    let params = differentiated
        .iter()
        .map(|&p| transform.tangent_param(p))
        .collect();
    let top = transform.seq(&body.top);
    let output = value_of(&body.output).and_then(|id| transform.tangent.get(&id).copied());
    let Transform {
        values,
        params: body_params,
        stmts,
        names,
        tangent: of,
        ..
    } = transform;
    Tangents {
        body: Body {
            values,
            params: body_params,
            stmts,
            top,
            output: body.output.clone(),
            items: body.items.clone(),
            names,
            kept: output.into_iter().collect(),
            aux: body.aux.clone(),
        },
        params,
        output,
        of,
    }
}

struct Transform<'a> {
    old: &'a Body,
    /// Whether each value of the old body gets a tangent.
    active: Vec<bool>,
    values: Vec<Value>,
    params: Vec<Param>,
    stmts: Vec<Stmt>,
    names: crate::ir::Names,
    /// Each value's tangent, once made.
    tangent: HashMap<ValueId, ValueId>,
}

impl Transform<'_> {
    /// Appends the tangent parameter of parameter `p`: a float taken by value has a float
    /// tangent by value, anything else a reference to its gradient type.
    fn tangent_param(&mut self, p: usize) -> usize {
        let param = &self.old.params[p];
        let (id, gradient) = param
            .differentiable
            .clone()
            .expect("differentiated parameters are differentiable");
        let ident = self
            .names
            .fresh(&format!("d_{}", param.ident), param.ident.span());
        let ty: syn::Type = if param.scalar {
            param.ty.clone()
        } else {
            syn::parse_quote!(&#gradient)
        };
        let position = self.params.len();
        let tangent = ValueId(self.values.len());
        self.values.push(Value {
            name: ident.clone(),
            def: ValueDef::Param(position),
        });
        self.params.push(Param {
            ident: ident.clone(),
            closure_ident: ident,
            ty,
            copy: true,
            scalar: param.scalar,
            differentiable: Some((tangent, gradient)),
        });
        self.tangent.insert(id, tangent);
        position
    }

    fn new_value(&mut self, base: &str, span: Span) -> ValueId {
        let name = self.names.fresh(base, span);
        let id = ValueId(self.values.len());
        self.values.push(Value {
            name,
            def: ValueDef::Region(usize::MAX),
        });
        id
    }

    /// A new value for the tangent of `id`.
    fn new_tangent(&mut self, id: ValueId) -> ValueId {
        let name = &self.values[id.0].name;
        let (base, span) = (format!("d_{name}"), name.span());
        let tangent = self.new_value(&base, span);
        self.tangent.insert(id, tangent);
        tangent
    }

    /// Appends a statement to `seq`, defining the values it makes there.
    fn push(&mut self, stmt: Stmt, seq: &mut Vec<usize>) {
        let index = self.stmts.len();
        for (id, _) in crate::reverse::defs(&stmt) {
            self.values[id.0].def = match stmt {
                Stmt::Branch(_) | Stmt::Loop(_) => ValueDef::Region(index),
                _ => ValueDef::Stmt(index),
            };
        }
        self.stmts.push(stmt);
        seq.push(index);
    }

    fn tangent_of(&self, operand: &Operand) -> Option<ValueId> {
        value_of(operand).and_then(|id| self.tangent.get(&id).copied())
    }

    /// The tangent of `operand`, or a zero tangent made at the end of `seq`.
    fn tangent_or_zero(&mut self, operand: &Operand, seq: &mut Vec<usize>) -> Operand {
        if let Some(tangent) = self.tangent_of(operand) {
            return Operand::Value(tangent);
        }
        match operand {
            // Typed by the other arm or carry, like the literal itself.
            Operand::Literal(_) => Operand::Literal(quote!(0.0)),
            Operand::Value(_) | Operand::Const(_) => {
                let zero = self.new_value("zero", Span::call_site());
                self.push(
                    Stmt::ZeroTangent {
                        out: zero,
                        like: operand.clone(),
                    },
                    seq,
                );
                Operand::Value(zero)
            }
        }
    }

    fn seq(&mut self, old: &[usize]) -> Vec<usize> {
        let mut seq = Vec::new();
        for &index in old {
            self.stmt(index, &mut seq);
        }
        seq
    }

    fn stmt(&mut self, index: usize, seq: &mut Vec<usize>) {
        let old = self.old;
        match &old.stmts[index] {
            Stmt::Prim {
                out,
                prim,
                inputs,
                consts,
                span,
            } => {
                let tangents: Vec<Option<ValueId>> =
                    inputs.iter().map(|input| self.tangent_of(input)).collect();
                self.push(
                    Stmt::Prim {
                        out: *out,
                        prim: *prim,
                        inputs: inputs.clone(),
                        consts: consts.clone(),
                        span: *span,
                    },
                    seq,
                );
                if self.active[out.0] && tangents.iter().any(Option::is_some) {
                    let tangent = self.new_tangent(*out);
                    self.push(
                        Stmt::Tangent {
                            out: tangent,
                            prim: *prim,
                            inputs: inputs.clone(),
                            consts: consts.clone(),
                            y: *out,
                            tangents,
                            span: *span,
                        },
                        seq,
                    );
                }
            }
            Stmt::Call {
                out,
                callee,
                args,
                span,
            } => {
                let tangents: Vec<Option<ValueId>> = args
                    .iter()
                    .map(|arg| self.tangent_of(&arg.operand))
                    .collect();
                if self.active[out.0] && tangents.iter().any(Option::is_some) {
                    let tangent = self.new_tangent(*out);
                    self.push(
                        Stmt::CallTangent {
                            out: *out,
                            tangent,
                            callee: callee.clone(),
                            args: args.clone(),
                            tangents,
                            span: *span,
                        },
                        seq,
                    );
                } else {
                    self.push(
                        Stmt::Call {
                            out: *out,
                            callee: callee.clone(),
                            args: args.clone(),
                            span: *span,
                        },
                        seq,
                    );
                }
            }
            Stmt::Bind { pat, expr } => self.push(
                Stmt::Bind {
                    pat: pat.clone(),
                    expr: expr.clone(),
                },
                seq,
            ),
            Stmt::Place {
                out,
                root,
                projection,
                fields,
                borrowed,
            } => {
                self.push(
                    Stmt::Place {
                        out: *out,
                        root: root.clone(),
                        projection: projection.clone(),
                        fields: fields.clone(),
                        borrowed: *borrowed,
                    },
                    seq,
                );
                if let (true, Some(root_tangent)) = (self.active[out.0], self.tangent_of(root)) {
                    let tangent = self.new_tangent(*out);
                    let stmt = if fields.is_empty() {
                        Stmt::Place {
                            out: tangent,
                            root: Operand::Value(root_tangent),
                            projection: projection.clone(),
                            fields: Vec::new(),
                            borrowed: *borrowed,
                        }
                    } else {
                        Stmt::PartTangent {
                            out: tangent,
                            root: root_tangent,
                            primal_root: root.clone(),
                            projection: projection.clone(),
                            fields: fields.clone(),
                        }
                    };
                    self.push(stmt, seq);
                }
            }
            Stmt::Branch(branch) => self.branch(branch, seq),
            Stmt::Loop(looped) => self.looped(looped, seq),
            Stmt::Tangent { .. }
            | Stmt::CallTangent { .. }
            | Stmt::PartTangent { .. }
            | Stmt::ZeroTangent { .. } => {
                unreachable!("forward mode transforms a primal body")
            }
        }
    }

    /// Whether a merged variable has a tangent.
    fn merged_active(&self, merged: &Merged) -> Option<ValueId> {
        merged_value(merged).filter(|id| self.active[id.0])
    }

    fn branch(&mut self, branch: &Branch, seq: &mut Vec<usize>) {
        let with_tangents: Vec<usize> = (0..branch.outs.len())
            .filter(|&j| self.merged_active(&branch.outs[j]).is_some())
            .collect();
        let mut arms = Vec::new();
        for arm in &branch.arms {
            let mut stmts = self.seq(&arm.body.stmts);
            let mut results = arm.results.clone();
            for &j in &with_tangents {
                let tangent = self.tangent_or_zero(&arm.results[j], &mut stmts);
                results.push(tangent);
            }
            arms.push(Arm {
                body: Segment {
                    stmts,
                    consts: arm.body.consts.clone(),
                },
                results,
            });
        }
        let mut outs = branch.outs.clone();
        for &j in &with_tangents {
            let out = merged_value(&branch.outs[j]).expect("only values have tangents");
            outs.push(Merged::Value(self.new_tangent(out)));
        }
        self.push(
            Stmt::Branch(Branch {
                head: branch.head.clone(),
                arms,
                outs,
                span: branch.span,
            }),
            seq,
        );
    }

    fn looped(&mut self, looped: &Loop, seq: &mut Vec<usize>) {
        // The carried variables with tangents, and their tangents at the head of an iteration
        // (read by the body) and after the loop.
        let with_tangents: Vec<(&Carried, ValueId, ValueId)> = looped
            .carried
            .iter()
            .filter_map(|carried| {
                let head = merged_value(&carried.head)?;
                let out = merged_value(&carried.out)?;
                (self.active[head.0] || self.active[out.0]).then_some((carried, head, out))
            })
            .collect();
        let mut carried = looped.carried.clone();
        let mut inits = Vec::new();
        for (c, _, _) in &with_tangents {
            inits.push(self.tangent_or_zero(&c.init, seq));
        }
        let heads: Vec<ValueId> = with_tangents
            .iter()
            .map(|&(_, head, _)| self.new_tangent(head))
            .collect();
        let mut before = self.seq(&looped.before.stmts);
        let mut at_exit = Vec::new();
        if looped.exit.is_some() {
            for (c, _, _) in &with_tangents {
                at_exit.push(self.tangent_or_zero(&c.at_exit, &mut before));
            }
        }
        let mut after = self.seq(&looped.after.stmts);
        let mut next = Vec::new();
        for (c, _, _) in &with_tangents {
            // A loop without an exit has all of its body in `before`.
            let end = if looped.exit.is_some() {
                &mut after
            } else {
                &mut before
            };
            next.push(self.tangent_or_zero(&c.next, end));
        }
        for (k, &(_, _, out)) in with_tangents.iter().enumerate() {
            let out_tangent = self.new_tangent(out);
            carried.push(Carried {
                init: inits[k].clone(),
                head: Merged::Value(heads[k]),
                // Read only when the loop can be left early.
                at_exit: at_exit.get(k).cloned().unwrap_or_else(|| next[k].clone()),
                next: next[k].clone(),
                out: Merged::Value(out_tangent),
            });
        }
        self.push(
            Stmt::Loop(Loop {
                head: looped.head.clone(),
                before: Segment {
                    stmts: before,
                    consts: looped.before.consts.clone(),
                },
                exit: looped.exit.clone(),
                after: Segment {
                    stmts: after,
                    consts: looped.after.consts.clone(),
                },
                carried,
                span: looped.span,
            }),
            seq,
        );
    }
}

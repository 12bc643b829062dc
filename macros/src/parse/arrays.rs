//! Arrays reshaped and built from parts: the methods that return a `Result` or an `Option`
//! (`to_shape`, `into_shape_with_order`, `broadcast`), matched with their `.unwrap()`, and the
//! joins of several operands (`concatenate`, `stack`, `array!`), as functions or macros.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprMethodCall, Token};

use super::{Lowering, operand_tokens};
use crate::ir::Operand;
use crate::prims::Prim;

impl Lowering {
    /// `receiver.name(shape).unwrap()` (or `.expect(..)`) where `name` returns a `Result` or an
    /// `Option`: one primitive, the error never reaching user code (ndarray's `unwrap` panics,
    /// and so does the rule, naming the operation).
    ///
    /// Input: `a.to_shape((2, 3)).unwrap()` with `a` differentiated.
    /// Output: `t = ToShape(a; (2, 3))`.
    pub(super) fn fallible_method(
        &mut self,
        prim: Prim,
        inner: &ExprMethodCall,
        whole: &Expr,
    ) -> Operand {
        let receiver = self.expr(&inner.receiver);
        let Operand::Value(id) = receiver else {
            for arg in &inner.args {
                if let Operand::Value(_) = self.expr(arg) {
                    return self.error_spanning(
                        arg,
                        format!("the argument of `{}` must be a constant (a shape), not a differentiated value", inner.method),
                    );
                }
            }
            return Operand::Const(self.verbatim(whole));
        };
        if inner.args.len() != 1 || inner.turbofish.is_some() {
            return self.error(
                inner.method.span(),
                format!("`{}` takes one argument here, the shape", inner.method),
            );
        }
        let shape = self.expr(&inner.args[0]);
        if let Operand::Value(_) = shape {
            return self.error_spanning(
                &inner.args[0],
                format!(
                    "the shape of `{}` must be a constant, not a differentiated value",
                    inner.method
                ),
            );
        }
        self.with_const_args(prim, id, vec![shape], inner.method.span())
    }

    /// `concatenate(axis, &[a.view(), b.view()]).unwrap()` or `stack(..).unwrap()`: the join of
    /// the arrays in the slice, which is written out as an array literal.
    ///
    /// Input: `ndarray::concatenate(Axis(0), &[a.view(), b.view()]).unwrap()`.
    /// Output: `ta = View(a); tb = View(b); t = Concatenate(ta, tb; Axis(0))`.
    pub(super) fn join_call(&mut self, prim: Prim, call: &syn::ExprCall, whole: &Expr) -> Operand {
        let name = join_name(prim);
        let parts = match call.args.iter().nth(1) {
            Some(Expr::Reference(reference)) if call.args.len() == 2 => match &*reference.expr {
                Expr::Array(array) => Some(array.elems.iter().collect::<Vec<_>>()),
                _ => None,
            },
            _ => None,
        };
        let Some(parts) = parts else {
            if call.args.iter().any(|arg| self.mentions_a_value(arg)) {
                return self.error_spanning(
                    &call.args,
                    format!("`{name}` of differentiated arrays takes an axis and a slice written out, `&[a.view(), b.view()]`"),
                );
            }
            return Operand::Const(self.verbatim(whole));
        };
        let span = call.func.span();
        match self.join(prim, &call.args[0], &parts, span) {
            Some(joined) => joined,
            None => Operand::Const(self.verbatim(whole)),
        }
    }

    /// `concatenate![axis, a, b]`, `stack![axis, a, b]` and `array![..]`: a join of
    /// differentiated values, or a constant rebuilt with the names inside it renamed.
    ///
    /// Input: `array![x, 2.0 * y]` with `x` and `y` differentiated floats.
    /// Output: `p = Mul(2.0, y); t = FromElems(x, p; 2)`.
    pub(super) fn array_macro(&mut self, mac: &syn::ExprMacro) -> Option<Operand> {
        let name = mac.mac.path.segments.last()?.ident.to_string();
        let prim = match name.as_str() {
            "array" => Prim::FromElems,
            other => Prim::from_join(other)?,
        };
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        let elems: Vec<Expr> = match mac.mac.parse_body_with(parser) {
            Ok(elems) => elems.into_iter().collect(),
            Err(error) => {
                return Some(
                    self.error(error.span(), format!("cannot read this `{name}!`: {error}")),
                );
            }
        };
        let (path, bang) = (&mac.mac.path, &mac.mac.bang_token);
        if prim == Prim::FromElems {
            return Some(self.array_literal(mac, &elems));
        }
        let Some((axis, parts)) = elems.split_first() else {
            return Some(self.error_spanning(
                &mac.mac,
                format!("`{name}!` takes an axis and at least one array"),
            ));
        };
        let parts: Vec<&Expr> = parts.iter().collect();
        if parts.is_empty() {
            return Some(self.error_spanning(
                &mac.mac,
                format!("`{name}!` takes an axis and at least one array"),
            ));
        }
        let span = mac.mac.path.span();
        if let Some(joined) = self.join(prim, axis, &parts, span) {
            return Some(joined);
        }
        // Nothing differentiated: the macro itself, its arguments renamed.
        let axis = operand_tokens(&self.expr(axis));
        let parts: Vec<TokenStream> = parts
            .iter()
            .map(|part| operand_tokens(&self.expr(part)))
            .collect();
        Some(Operand::Const(quote!((#path #bang [#axis, #(#parts),*]))))
    }

    /// The join of `parts` along `axis`, or `None` if no part is differentiated.
    fn join(&mut self, prim: Prim, axis: &Expr, parts: &[&Expr], span: Span) -> Option<Operand> {
        let name = join_name(prim);
        if !parts.iter().any(|part| self.mentions_a_value(part)) {
            return None;
        }
        let axis_operand = self.expr(axis);
        if let Operand::Value(_) = axis_operand {
            return Some(self.error_spanning(
                axis,
                format!("the axis of `{name}` must be a constant, not a differentiated value"),
            ));
        }
        let mut inputs = Vec::new();
        for part in parts {
            match self.expr(part) {
                Operand::Literal(_) => {
                    return Some(self.error_spanning(
                        part,
                        format!("`{name}` joins arrays, not float literals"),
                    ));
                }
                operand => inputs.push(operand),
            }
        }
        let axis = self.hoist(axis_operand);
        Some(self.push_prim(prim, inputs, vec![operand_tokens(&axis)], span))
    }

    /// `array![a, b, ..]` (1-D) or `array![[a, b], [c, d]]` (2-D) of floats.
    fn array_literal(&mut self, mac: &syn::ExprMacro, elems: &[Expr]) -> Operand {
        let (path, bang) = (&mac.mac.path, &mac.mac.bang_token);
        let rows: Option<Vec<Vec<&Expr>>> = elems
            .iter()
            .map(|elem| match elem {
                Expr::Array(row) => Some(row.elems.iter().collect()),
                _ => None,
            })
            .collect();
        let (leaves, shape): (Vec<&Expr>, TokenStream) = match &rows {
            Some(rows) if !rows.is_empty() => {
                let cols = rows[0].len();
                if rows.iter().any(|row| row.len() != cols) {
                    return self.error_spanning(
                        &mac.mac,
                        "the rows of `array![..]` must have the same length",
                    );
                }
                let leaves = rows.iter().flatten().copied().collect();
                let n = rows.len();
                (leaves, quote!((#n, #cols)))
            }
            _ => {
                let n = elems.len();
                (elems.iter().collect(), quote!(#n))
            }
        };
        let nested = leaves.iter().any(|leaf| matches!(leaf, Expr::Array(_)))
            || (rows.is_none() && elems.iter().any(|elem| matches!(elem, Expr::Array(_))));
        let differentiated = leaves.iter().any(|leaf| self.mentions_a_value(leaf));
        if differentiated && nested {
            return self.error_spanning(
                &mac.mac,
                "`array![..]` of differentiated floats must be 1-D (`array![a, b]`) or 2-D (`array![[a, b], [c, d]]`)",
            );
        }
        if !differentiated {
            // Nothing differentiated: the macro itself, its elements renamed.
            let elems: Vec<TokenStream> =
                elems.iter().map(|elem| self.renamed_nested(elem)).collect();
            return Operand::Const(quote!((#path #bang [#(#elems),*])));
        }
        if leaves.is_empty() {
            return self.error_spanning(&mac.mac, "an empty `array![]` has no element type");
        }
        let inputs: Vec<Operand> = leaves.iter().map(|leaf| self.expr(leaf)).collect();
        self.push_prim(Prim::FromElems, inputs, vec![shape], mac.mac.path.span())
    }

    /// A constant element of `array![..]`, rows and all, with the names in it renamed.
    fn renamed_nested(&mut self, elem: &Expr) -> TokenStream {
        match elem {
            Expr::Array(row) => {
                let elems: Vec<TokenStream> =
                    row.elems.iter().map(|e| self.renamed_nested(e)).collect();
                quote!([#(#elems),*])
            }
            other => operand_tokens(&self.expr(other)),
        }
    }

    /// Whether `expr` names a differentiated value (other than in a shape query).
    fn mentions_a_value(&self, expr: &Expr) -> bool {
        self.differentiated_name_in(expr).is_some()
    }
}

/// The user's name of a join, for messages.
fn join_name(prim: Prim) -> &'static str {
    match prim {
        Prim::Stack => "stack",
        Prim::FromElems => "array!",
        _ => "concatenate",
    }
}

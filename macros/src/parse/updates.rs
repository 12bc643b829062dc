//! Assignment into part of an array: `y[[i, j]] = v`, `y[i] += v`, `y[i] -= v`, and
//! `y.slice_mut(s![..]).assign(&v)` (`row_mut(i)` and `column_mut(j)` too). Each becomes an
//! operation that gives the updated array, and the variable is bound to it, as for `y = ..`.
//! On arrays and values without derivative the statement is kept as written, in place.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{BinOp, Expr, ExprIndex, ExprMethodCall};

use super::{Lowering, operand_tokens};
use crate::ir::Operand;
use crate::prims::Prim;

/// The methods of an array that name a mutable part of it, each a slice (`row_mut(i)` is
/// `slice_mut(s![i, ..])`).
const PART_METHODS: [&str; 3] = ["slice_mut", "row_mut", "column_mut"];

impl Lowering {
    /// `target[index] = value` (`op` `None`), or `op` one of `+=`, `-=`, `*=`, `/=`.
    ///
    /// Input:  `y[[i, 0]] += v` with `v` differentiated.
    /// Output: `t = AddToElement(y, v; [i, 0])`, and `y` bound to `t`. `y[i] *= v` is
    ///         `y[i] = y[i] * v`, the same float operations.
    pub(super) fn assign_element(&mut self, target: &ExprIndex, op: Option<&BinOp>, value: &Expr) {
        if !self.is_local(&target.expr) {
            self.error_spanning(&target.expr, "only an element of a local array can be assigned in a differentiable function (`y[[i, j]] = v`, `y` a `let mut` variable or a `mut` argument), not one of a field or of a part");
            return;
        }
        let array = self.expr(&target.expr);
        let position = self.expr(&target.index);
        if let Operand::Value(_) = position {
            self.error_spanning(&target.index, "an index must not be a differentiated value");
            return;
        }
        let written = self.expr(value);
        let (index, value_tokens) = (operand_tokens(&position), operand_tokens(&written));
        let assignment = match op {
            Some(op) => quote!(#op),
            None => quote!(=),
        };
        let write = |updated: &syn::Ident| quote!(#updated[#index] #assignment #value_tokens);
        if self.constant_update(&target.expr, &array, &written, write) {
            return;
        }
        let position = self.hoist(position);
        let index = operand_tokens(&position);
        let span = target.bracket_token.span.join();
        let (prim, written) = match op {
            None => (Prim::SetElement, written),
            Some(BinOp::AddAssign(_)) => (Prim::AddToElement, written),
            Some(BinOp::SubAssign(minus)) => {
                let negated = self.push_prim(Prim::Neg, vec![written], Vec::new(), minus.span());
                (Prim::AddToElement, negated)
            }
            Some(other) => {
                let Some(operator) = Prim::from_binop(other) else {
                    self.error_spanning(other, "only `=`, `+=`, `-=`, `*=` and `/=` write into an element of an array in a differentiable function");
                    return;
                };
                let current = match &array {
                    Operand::Value(id) => self.place(*id, quote!([#index]), None, span),
                    constant => {
                        let array = operand_tokens(constant);
                        Operand::Const(quote!((#array[#index])))
                    }
                };
                let combined =
                    self.push_prim(operator, vec![current, written], Vec::new(), other.span());
                (Prim::SetElement, combined)
            }
        };
        let updated = self.push_prim(prim, vec![array, written], vec![index], span);
        self.assign(&target.expr, updated);
    }

    /// `target.slice_mut(s![..]).assign(&value)`, `row_mut(i)` or `column_mut(j)` in place of
    /// `slice_mut`, when `call` is such a statement; `false` otherwise.
    ///
    /// Input:  `y.row_mut(0).assign(&h)` with `h` differentiated.
    /// Output: `t = AssignSlice(y, h; s![0, ..])`, and `y` bound to `t`.
    pub(super) fn assign_slice(&mut self, call: &ExprMethodCall) -> bool {
        let Expr::MethodCall(part) = &*call.receiver else {
            return false;
        };
        let method = part.method.to_string();
        if call.method != "assign"
            || call.args.len() != 1
            || !PART_METHODS.contains(&method.as_str())
        {
            return false;
        }
        if !self.is_local(&part.receiver) {
            self.error_spanning(&part.receiver, format!("only a part of a local array can be assigned in a differentiable function (`y.{method}(..).assign(&v)`, `y` a `let mut` variable or a `mut` argument), not one of a field or of a part"));
            return true;
        }
        let [position] = part.args.iter().collect::<Vec<_>>()[..] else {
            self.error_spanning(part, format!("`{method}` takes one argument"));
            return true;
        };
        let position_operand = match position {
            Expr::Macro(mac) if method == "slice_mut" && super::is_slice_macro(&mac.mac) => {
                self.slice_info(mac)
            }
            other => self.expr(other),
        };
        if let Operand::Value(_) = position_operand {
            self.error_spanning(
                position,
                "the part's position must not be a differentiated value",
            );
            return true;
        }
        let position_tokens = operand_tokens(&position_operand);
        let info = match method.as_str() {
            "row_mut" => Operand::Const(quote!(::adjoint::ndarray::s![#position_tokens, ..])),
            "column_mut" => Operand::Const(quote!(::adjoint::ndarray::s![.., #position_tokens])),
            _ => position_operand,
        };
        let array = self.expr(&part.receiver);
        let value = match &call.args[0] {
            Expr::Reference(reference) if reference.mutability.is_none() => &reference.expr,
            other => other,
        };
        let written = self.expr(value);
        let (info_tokens, value_tokens) = (operand_tokens(&info), operand_tokens(&written));
        let write =
            |updated: &syn::Ident| quote!(#updated.slice_mut(#info_tokens).assign(&#value_tokens));
        if self.constant_update(&part.receiver, &array, &written, write) {
            return true;
        }
        let info = self.hoist(info);
        let updated = self.push_prim(
            Prim::AssignSlice,
            vec![array, written],
            vec![operand_tokens(&info)],
            call.method.span(),
        );
        self.assign(&part.receiver, updated);
        true
    }

    /// For an array and a value without derivative: `target` bound to the array updated by
    /// `write` (tokens that update the local `updated`), moved rather than changed in place so
    /// that a loop can carry it like any variable, and returns `true`; `false` otherwise.
    fn constant_update(
        &mut self,
        target: &Expr,
        array: &Operand,
        written: &Operand,
        write: impl FnOnce(&syn::Ident) -> TokenStream,
    ) -> bool {
        if matches!(array, Operand::Value(_)) || matches!(written, Operand::Value(_)) {
            return false;
        }
        let updated = self.fresh("updated", target.span());
        let array = operand_tokens(array);
        let write = write(&updated);
        let expr = quote!({ let mut #updated = #array; #write; #updated });
        self.assign(target, Operand::Const(expr));
        true
    }

    /// Whether `expr` names a local variable or an argument by a plain name.
    fn is_local(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Path(path) => path
                .path
                .get_ident()
                .is_some_and(|ident| self.lookup(&ident.to_string()).is_some()),
            _ => false,
        }
    }
}

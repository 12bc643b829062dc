//! Element-wise maps: `x.mapv(|v| …)`, `x.mapv_into(|v| …)`, `x.map(|&v| …)`, the float methods
//! passed by path (`x.mapv(f64::exp)`), differentiable functions of one float passed by name
//! (`x.mapv(logistic)`), and `Zip::from(&a).and(&b).map_collect(|&a, &b| …)`.
//!
//! A closure of this kind computes each element from the element alone and from values it
//! reads around it, so its body applied to the whole array at once, operator by operator, is
//! the same computation: every element goes through the same floating-point operations in the
//! same order. The body is lowered with its parameter standing for the array, and each of its
//! operations becomes the element-wise primitive it already is for arrays, with the derivative
//! rules those primitives have. A differentiated scalar the closure reads broadcasts, and its
//! adjoint is the sum over the elements, as the broadcasting rules already give. A
//! differentiable function of one float, passed by name or called in the closure, becomes one
//! element-wise primitive whose rules call the function's own entries per element.
//!
//! Those primitives are then fused back into one (`MapClosure`, unless `fuse = false`): the
//! body runs once per element forward, and once per element backward on jets that carry every
//! derivative at once, so nothing is stored between its operations.
//!
//! This holds only for bodies without choices, effects or calls of other functions, which
//! would run once per element; anything else in the body is refused at its span, with what to
//! write instead.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{BinOp, Expr, ExprMethodCall, Ident, Pat, Stmt as SynStmt, UnOp};

use super::{Binding, Lowering, float_method_in_path_form};
use crate::ir::{Operand, Stmt, ValueId};
use crate::prims::Prim;
use crate::reverse::output_of;

/// The methods of an array that apply a closure to each element.
const MAP_METHODS: [&str; 3] = ["mapv", "mapv_into", "map"];

/// The float methods a closure given to `mapv` may call, for error messages.
const ELEMENT_WISE_METHODS: &str = "exp, exp_m1, ln, ln_1p, sqrt, powi, powf, sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh, atanh, hypot, abs, signum, recip, max, min, clamp";

/// What a `mapv` closure may contain, for error messages.
const WHAT_A_CLOSURE_MAY_CONTAIN: &str = "a closure given to `mapv` may use arithmetic (`+ - * /`, unary `-`), the float methods the macro differentiates (`exp`, `ln`, `tanh`, `powi`, `max`, `clamp`, …, also as `f64::exp(v)`), differentiable functions of one float (`logistic(v)`), `let` bindings, and values it reads from the function";

/// The message for a choice made on each element.
const NO_CHOICES: &str = "a closure given to `mapv` cannot choose per element (`if`, `match`, comparisons), since its derivative is applied to the whole array at once: write the choice with `max`, `min` or `clamp` (`v.max(0.0)` for ReLU, `v.max(0.01 * v)` for a leaky ReLU, `v.clamp(-1.0, 1.0)`), or put the choice in a `#[differentiable]` function of one float and map it by name (`x.mapv(leaky)`)";

/// The message for a call inside a closure.
const NO_CALLS: &str = "a closure given to `mapv` calls only differentiable functions of one float (`2.0 * logistic(v)`) and the float methods in path form (`f64::exp(v)`): write the body of other functions in the closure, or apply an array function to the whole array (`sigmoid(&x)`)";

/// What a `mapv` is given.
enum Mapping {
    /// A closure, or a float method by path (`f64::exp`) as the closure it stands for.
    Closure(ElementFunction),
    /// A differentiable function of one float (`x.mapv(logistic)`), applied by its rules.
    Function(syn::ExprPath),
}

/// The element-wise function a `mapv` or a `Zip` is given: the closure's parameters (one per
/// array) and body.
struct ElementFunction {
    params: Vec<Ident>,
    body: Expr,
}

impl ElementFunction {
    /// The names the closure binds, its parameter and those its body binds, each standing for
    /// itself: in a map kept as written they are the closure's own, not the function's.
    fn own_names(&self) -> HashMap<String, Binding> {
        struct Patterns(HashMap<String, Binding>);
        impl syn::visit::Visit<'_> for Patterns {
            fn visit_pat(&mut self, pat: &Pat) {
                if let Pat::Ident(ident) = pat {
                    let name = super::unraw(&ident.ident.to_string());
                    self.0.insert(name, Binding::Const(ident.ident.clone()));
                }
                syn::visit::visit_pat(self, pat);
            }
        }
        let mut names = Patterns(HashMap::new());
        for param in &self.params {
            names.0.insert(
                super::unraw(&param.to_string()),
                Binding::Const(param.clone()),
            );
        }
        syn::visit::Visit::visit_expr(&mut names, &self.body);
        names.0
    }
}

impl Lowering {
    /// `receiver.mapv(f)` and its kin, if `call` is one; `None` leaves the call to the general
    /// method lowering.
    pub(super) fn element_wise_map(
        &mut self,
        call: &ExprMethodCall,
        whole: &Expr,
    ) -> Option<Operand> {
        let name = call.method.to_string();
        if name == "map_collect" {
            return self.zip_map(call, whole);
        }
        if !MAP_METHODS.contains(&name.as_str()) || call.args.len() != 1 {
            return None;
        }
        let function = match self.element_function(&call.args[0], &name) {
            Ok(Some(Mapping::Closure(function))) => function,
            Ok(Some(Mapping::Function(path))) => {
                return Some(self.map_function(call, &path, whole));
            }
            Ok(None) => return None,
            Err(()) => return Some(Operand::Const(quote!(()))),
        };
        let receiver = self.expr(&call.receiver);
        match receiver {
            Operand::Value(_) => {}
            _ if !self.reads_a_differentiated_value(&function) => {
                let receiver = super::operand_tokens(&receiver);
                return Some(self.constant_map(call, &function, receiver, whole));
            }
            // `map` is also `Option::map` and `Iterator::map`: only an array's is differentiated.
            _ if name == "map" => {
                return Some(self.error(call.method.span(), "`map` of an iterator or an `Option` cannot read differentiated values in a differentiable function: build the array of constants first, then write `array.mapv(|v| …)`"));
            }
            _ => {}
        }
        if !self.applies_to_whole_arrays(&function) {
            return Some(Operand::Const(quote!(())));
        }
        Some(self.vectorized(&function, vec![receiver], call.method.span()))
    }

    /// `Zip::from(&a).and(&b).map_collect(|&a, &b| …)`: the closure applied to whole arrays as
    /// for `mapv`, after a check that the arrays have one shape, as `Zip` requires.
    fn zip_map(&mut self, call: &ExprMethodCall, whole: &Expr) -> Option<Operand> {
        let arrays = zip_arrays(&call.receiver)?;
        let [Expr::Closure(closure)] = &call.args.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        if closure.inputs.len() != arrays.len() {
            let message = format!(
                "this closure takes one parameter per array zipped: {} here",
                arrays.len()
            );
            return Some(self.error_spanning(&closure.inputs, message));
        }
        let mut params = Vec::new();
        for pat in &closure.inputs {
            match element_param(pat) {
                Some(param) => params.push(param),
                None => {
                    return Some(self.error_spanning(pat, "the parameters of a closure given to `map_collect` must be names (`|&a, &b|`): the elements are used in the body"));
                }
            }
        }
        let function = ElementFunction {
            params,
            body: (*closure.body).clone(),
        };
        let operands: Vec<Operand> = arrays
            .iter()
            .map(|array| match array {
                Expr::Reference(reference) if reference.mutability.is_none() => {
                    self.expr(&reference.expr)
                }
                other => self.expr(other),
            })
            .collect();
        if !operands.iter().any(|o| matches!(o, Operand::Value(_)))
            && !self.reads_a_differentiated_value(&function)
        {
            let receiver = self.verbatim(&call.receiver);
            return Some(self.constant_map(call, &function, receiver, whole));
        }
        if !self.applies_to_whole_arrays(&function) {
            return Some(Operand::Const(quote!(())));
        }
        let shapes: Vec<TokenStream> = operands
            .iter()
            .map(|operand| {
                let array = match operand {
                    Operand::Value(id) => self.value_expr(*id).to_token_stream(),
                    other => super::operand_tokens(other),
                };
                quote!((#array).shape())
            })
            .collect();
        self.push_stmt(Stmt::Bind {
            pat: quote!(()),
            expr: quote_spanned!(call.method.span()=> ::adjoint::__private::assert_zip_shapes(&[#(#shapes),*])),
        });
        Some(self.vectorized(&function, operands, call.method.span()))
    }

    /// Whether the closure's body reads a differentiated value of the function (its own names
    /// aside).
    fn reads_a_differentiated_value(&mut self, function: &ElementFunction) -> bool {
        self.scopes.push(function.own_names());
        let reads = self.differentiated_name_in(&function.body).is_some();
        self.scopes.pop();
        reads
    }

    /// Whether the closure's body can be applied to whole arrays, each part of it that cannot
    /// reported at its span.
    fn applies_to_whole_arrays(&mut self, function: &ElementFunction) -> bool {
        let errors_before = self.errors.len();
        check_body(&function.body, &mut self.errors);
        self.errors.len() == errors_before
    }

    /// The closure (or float method path) of a `mapv`, or `Err` after reporting why it cannot
    /// be differentiated. `Ok(None)` when the argument is neither, such as a function's name
    /// that the general lowering reports.
    fn element_function(&mut self, arg: &Expr, method: &str) -> Result<Option<Mapping>, ()> {
        match arg {
            Expr::Closure(closure) => {
                if closure.inputs.len() != 1 {
                    self.error_spanning(
                        &closure.inputs,
                        format!("a closure given to `{method}` takes one parameter, the element"),
                    );
                    return Err(());
                }
                if let Some(token) = closure.asyncness {
                    self.error(
                        token.span(),
                        "`async` closures are not supported in a differentiable function",
                    );
                    return Err(());
                }
                let Some(param) = element_param(&closure.inputs[0]) else {
                    self.error_spanning(&closure.inputs[0], format!("the parameter of a closure given to `{method}` must be a name (`|v|`, `|v: f64|`, or `|&v|` for `map`): the element is used in the body"));
                    return Err(());
                };
                Ok(Some(Mapping::Closure(ElementFunction {
                    params: vec![param],
                    body: (*closure.body).clone(),
                })))
            }
            Expr::Path(path) => {
                let segments: Vec<&syn::PathSegment> = path.path.segments.iter().collect();
                let plain = path.qself.is_none()
                    && path.path.leading_colon.is_none()
                    && segments.iter().all(|segment| segment.arguments.is_none());
                let float_type = |ty: &syn::PathSegment| {
                    crate::types::is_float_name(&ty.ident)
                        || self.own.type_params.contains(&ty.ident)
                };
                match segments[..] {
                    // `f64::exp`, or `F::exp` with `F` a type parameter of the function.
                    [ty, method]
                        if plain && float_type(ty) && element_wise_method(&method.ident) =>
                    {
                        let param = Ident::new("element", Span::mixed_site());
                        let method = &method.ident;
                        Ok(Some(Mapping::Closure(ElementFunction {
                            body: syn::parse_quote_spanned! {method.span()=> #param.#method()},
                            params: vec![param],
                        })))
                    }
                    [ty, _] if float_type(ty) => {
                        self.error_spanning(path, format!("`{method}` of this function is not supported: the float methods it may be given by path are {ELEMENT_WISE_METHODS}"));
                        Err(())
                    }
                    _ if method == "map" => {
                        self.error_spanning(path, "`map` passes each element by reference: give a differentiable function of one float to `mapv` instead (`x.mapv(f)`)");
                        Err(())
                    }
                    _ if super::starts_with_type(&path.path) => {
                        self.error_spanning(path, format!("`{method}` of an associated function is not supported in a differentiable function: give it a `#[differentiable]` function (`x.mapv(f)`) or a closure (`x.mapv(|v| …)`)"));
                        Err(())
                    }
                    _ => Ok(Some(Mapping::Function(path.clone()))),
                }
            }
            _ => Ok(None),
        }
    }

    /// `x.mapv(f)` for a differentiable function `f` of one float: one element-wise primitive
    /// whose rules call `f` and its forward-mode and forward-over-reverse entries per element.
    fn map_function(
        &mut self,
        call: &ExprMethodCall,
        path: &syn::ExprPath,
        whole: &Expr,
    ) -> Operand {
        let Operand::Value(array) = self.expr(&call.receiver) else {
            return Operand::Const(self.verbatim(whole));
        };
        self.apply_element_function(path, array, call.method.span())
    }

    /// `f(v)` in a closure applied to whole arrays, `f` a differentiable function of one float:
    /// the function applied to each element of `v`'s array, as `v.mapv(f)`.
    pub(super) fn element_function_call(&mut self, call: &syn::ExprCall, whole: &Expr) -> Operand {
        let args: Vec<Operand> = call.args.iter().map(|arg| self.expr(arg)).collect();
        if !args.iter().any(|arg| matches!(arg, Operand::Value(_))) {
            return Operand::Const(self.verbatim(whole));
        }
        match (&*call.func, &args[..]) {
            (Expr::Path(path), [Operand::Value(array)]) => {
                self.apply_element_function(path, *array, path.span())
            }
            _ => self.error_spanning(&call.func, NO_CALLS),
        }
    }

    /// The element-wise primitive of a differentiable function of one float, applied to
    /// `array`: its rules call the function and its forward-mode and forward-over-reverse
    /// entries per element.
    fn apply_element_function(
        &mut self,
        path: &syn::ExprPath,
        array: ValueId,
        at: Span,
    ) -> Operand {
        if !self.own.method && path.path.get_ident() == Some(&self.own.name) {
            return self.error_spanning(path, super::RECURSION);
        }
        let jvp = crate::emit::hidden_path(path, "__adjoint_jvp");
        let hvp = crate::emit::hidden_path(path, "__adjoint_hvp");
        let span = path.span();
        let (x, dx, g) = (
            Ident::new("x", Span::mixed_site()),
            Ident::new("dx", Span::mixed_site()),
            Ident::new("g", Span::mixed_site()),
        );
        let some = quote!(::core::option::Option::Some);
        let consts = vec![
            path.to_token_stream(),
            quote_spanned!(span=> |#x, #dx| #jvp(#x, (#some(#dx),))),
            quote_spanned!(span=> |#x, #dx, #g| #hvp((&#x,), (#some(#dx),), #g, ::core::option::Option::None, [true]).1.0),
        ];
        self.push_prim(Prim::MapFunction, vec![Operand::Value(array)], consts, at)
    }

    /// A map that involves no differentiated value, kept as written but for the names it reads:
    /// the names the closure binds itself stand for themselves.
    fn constant_map(
        &mut self,
        call: &ExprMethodCall,
        function: &ElementFunction,
        receiver: TokenStream,
        whole: &Expr,
    ) -> Operand {
        let Expr::Closure(closure) = &call.args[0] else {
            return Operand::Const(self.verbatim(whole));
        };
        self.scopes.push(function.own_names());
        let body = self.verbatim(&function.body);
        self.scopes.pop();
        let (method, inputs) = (&call.method, &closure.inputs);
        let mover = closure.capture;
        Operand::Const(quote!((#receiver.#method(#mover |#inputs| #body))))
    }

    /// The closure's body applied to whole arrays: each parameter bound to its array, each
    /// operation the element-wise primitive.
    fn vectorized(
        &mut self,
        function: &ElementFunction,
        receivers: Vec<Operand>,
        span: Span,
    ) -> Operand {
        // A constant array the closure combines with differentiated values becomes a value of
        // its own, so that every operation on the element is a primitive on the array.
        let mut arrays = Vec::new();
        for receiver in receivers {
            match receiver {
                Operand::Value(id) => arrays.push(id),
                other => match self.push_prim(Prim::Copy, vec![other], Vec::new(), span) {
                    Operand::Value(id) => arrays.push(id),
                    _ => return self.error(span, "this array cannot be mapped"),
                },
            }
        }
        let first_stmt = self.body.stmts.len();
        let first_value = self.body.values.len();
        let segment_consts = self
            .segments
            .last()
            .map_or(0, |segment| segment.consts.len());
        let mut scope = HashMap::new();
        for (param, array) in function.params.iter().zip(&arrays) {
            scope.insert(super::unraw(&param.to_string()), Binding::Value(*array));
        }
        self.scopes.push(scope);
        self.element_wise += 1;
        let result = self.expr(&function.body);
        self.element_wise -= 1;
        self.scopes.pop();
        match result {
            Operand::Value(id) if arrays.contains(&id) => {
                self.push_prim(Prim::Copy, vec![Operand::Value(id)], Vec::new(), span)
            }
            Operand::Value(id) if self.depends_on(id, &arrays, first_stmt) => {
                let start = (first_stmt, first_value, segment_consts);
                if self.own.fuse {
                    self.fused(&arrays, id, start, span)
                } else {
                    Operand::Value(id)
                }
            }
            _ if !self.errors.is_empty() => Operand::Const(quote!(())),
            _ => self.error_spanning(
                &function.body,
                "the result of a closure given to `mapv` must depend on the element: for an array of one value, write `Array::from_elem(x.raw_dim(), value)`",
            ),
        }
    }

    /// The statements a closure's body was lowered to, from `start` (the first statement, value
    /// and constant of the sequence it made), as one element-wise primitive of the arrays mapped
    /// and of the differentiated floats the body reads: the body's operations run on each
    /// element, on jets for the derivatives ([`jet`]), one pass each way. Kept as they are (one
    /// primitive per operation) when there is only one, or when one is not element-wise.
    ///
    /// What the body computes from the function's values alone, the same for every element
    /// (a field `m.slope`, `a.exp()`), is computed once before the map and read as a float.
    ///
    /// [`jet`]: ../../adjoint_runtime/ops/jet/index.html
    fn fused(
        &mut self,
        arrays: &[ValueId],
        result: ValueId,
        (first_stmt, first_value, segment_consts): (usize, usize, usize),
        span: Span,
    ) -> Operand {
        let p = quote!(::adjoint::__private);
        // The closure's names for the elements of the arrays.
        let elements: Vec<Ident> = (0..arrays.len())
            .map(|k| Ident::new(&format!("element{k}"), Span::mixed_site()))
            .collect();
        let element_of = |id: &ValueId| {
            arrays
                .iter()
                .position(|array| array == id)
                .map(|k| &elements[k])
        };
        let Some(element) = elements.first() else {
            return Operand::Value(result);
        };
        let stmts = &self.body.stmts[first_stmt..];
        let (hoisted, computed_once) = once_per_map(stmts, arrays, first_value);
        // The differentiated floats the closure reads, and the names it gives them.
        let mut scalars: Vec<(ValueId, Ident)> = Vec::new();
        let mut code = TokenStream::new();
        let mut operations = 0;
        for (offset, stmt) in stmts.iter().enumerate() {
            if hoisted.contains(&offset) {
                continue;
            }
            match stmt {
                Stmt::Bind { pat, expr } => code.extend(quote!(let #pat = #expr;)),
                Stmt::Prim {
                    out,
                    prim,
                    inputs,
                    consts,
                    ..
                } => {
                    let mut operands = Vec::new();
                    for input in inputs {
                        operands.push(match input {
                            Operand::Value(id) if element_of(id).is_some() => {
                                let element = element_of(id);
                                quote!(&#element)
                            }
                            Operand::Value(id)
                                if id.0 >= first_value && !computed_once.contains(id) =>
                            {
                                let local = &self.body.values[id.0].name;
                                quote!(&#local)
                            }
                            Operand::Value(id) => {
                                let known = scalars.iter().find(|(known, _)| known == id);
                                let name = match known {
                                    Some((_, name)) => name.clone(),
                                    None => {
                                        let name = format!("scalar{}", scalars.len());
                                        let name = Ident::new(&name, Span::mixed_site());
                                        scalars.push((*id, name.clone()));
                                        name
                                    }
                                };
                                quote!(&#name)
                            }
                            Operand::Const(tokens) => quote!(&#p::jet::constant(&#element, {
                                use #p::jet::ToElement as _;
                                (#tokens).to_element()
                            })),
                            Operand::Literal(tokens) => {
                                quote!(&#p::jet::constant(&#element, #tokens))
                            }
                        });
                    }
                    let typing: Vec<TokenStream> = operands
                        .iter()
                        .map(|operand| quote!(&#p::jet::value(#operand)))
                        .collect();
                    let Some((rule, binary)) = prim.element_rule(&typing, consts) else {
                        return Operand::Value(result);
                    };
                    let local = &self.body.values[out.0].name;
                    code.extend(if binary {
                        quote!(let #local = #p::jet::binary(&#rule, #(#operands),*);)
                    } else {
                        quote!(let #local = #p::jet::unary(&#rule, #(#operands),*);)
                    });
                    operations += 1;
                }
                _ => return Operand::Value(result),
            }
        }
        if operations < 2 {
            return Operand::Value(result);
        }
        let output = &self.body.values[result.0].name;
        let names = scalars.iter().map(|(_, name)| name);
        let closure = quote!(|[#(#elements),*], [#(#names),*]| { #code #output });
        // The statements computed once go before the map, their values renumbered.
        let old_stmts = self.body.stmts.split_off(first_stmt);
        let old_values = self.body.values.split_off(first_value);
        if let Some(segment) = self.segments.last_mut() {
            segment.stmts.retain(|&index| index < first_stmt);
            segment.consts.truncate(segment_consts);
        }
        let mut renumbered: HashMap<ValueId, ValueId> = HashMap::new();
        let renumber = |operand: &Operand, renumbered: &HashMap<ValueId, ValueId>| match operand {
            Operand::Value(id) => Operand::Value(*renumbered.get(id).unwrap_or(id)),
            other => other.clone(),
        };
        let once = old_stmts
            .into_iter()
            .enumerate()
            .filter(|(offset, _)| hoisted.contains(offset));
        for (_, mut stmt) in once {
            let Some(old) = output_of(&stmt) else {
                continue;
            };
            let new = ValueId(self.body.values.len());
            self.body.values.push(crate::ir::Value {
                name: old_values[old.0 - first_value].name.clone(),
                def: crate::ir::ValueDef::Stmt(self.body.stmts.len()),
            });
            renumbered.insert(old, new);
            match &mut stmt {
                Stmt::Prim { out, inputs, .. } => {
                    *out = new;
                    for input in inputs.iter_mut() {
                        *input = renumber(input, &renumbered);
                    }
                }
                Stmt::Place { out, root, .. } => {
                    *out = new;
                    *root = renumber(root, &renumbered);
                }
                _ => {}
            }
            self.push_stmt(stmt);
        }
        let mut operands: Vec<Operand> = arrays.iter().map(|&id| Operand::Value(id)).collect();
        operands.extend(
            scalars
                .iter()
                .map(|(id, _)| renumber(&Operand::Value(*id), &renumbered)),
        );
        let prim = Prim::MapClosure {
            arrays: arrays.len(),
        };
        self.push_prim(prim, operands, vec![closure], span)
    }

    /// Whether `value`, defined by a statement from `first_stmt` on, is computed from one of
    /// `sources`.
    fn depends_on(&self, value: ValueId, sources: &[ValueId], first_stmt: usize) -> bool {
        let mut dependent = sources.to_vec();
        for stmt in &self.body.stmts[first_stmt..] {
            if let Stmt::Prim { out, inputs, .. } = stmt
                && inputs
                    .iter()
                    .any(|input| matches!(input, Operand::Value(id) if dependent.contains(id)))
            {
                dependent.push(*out);
            }
        }
        dependent.contains(&value)
    }
}

/// The offsets in `stmts` (a closure's body, lowered with its parameter standing for `array`)
/// of the statements computed once for every element: places and primitives that read only
/// values defined before the body (from `first_value` on are the body's) or computed once
/// themselves, and no constant of the closure, nor a name its `let`s bind; with the values they
/// define.
fn once_per_map(
    stmts: &[Stmt],
    arrays: &[ValueId],
    first_value: usize,
) -> (Vec<usize>, Vec<ValueId>) {
    let mut bound = std::collections::HashSet::new();
    for stmt in stmts {
        if let Stmt::Bind { pat, .. } = stmt {
            super::collect_idents(pat.to_token_stream(), &mut bound);
        }
    }
    let names_bound = |tokens: &[&TokenStream]| {
        let mut names = std::collections::HashSet::new();
        for tokens in tokens {
            super::collect_idents((*tokens).clone(), &mut names);
        }
        !names.is_disjoint(&bound)
    };
    let mut once: Vec<ValueId> = Vec::new();
    let mut offsets = Vec::new();
    let outside = |operand: &Operand, once: &[ValueId]| match operand {
        Operand::Value(id) => !arrays.contains(id) && (id.0 < first_value || once.contains(id)),
        Operand::Literal(_) => true,
        Operand::Const(_) => false,
    };
    for (offset, stmt) in stmts.iter().enumerate() {
        let computed_once = match stmt {
            Stmt::Place {
                root, projection, ..
            } => outside(root, &once) && !names_bound(&[projection]),
            Stmt::Prim { inputs, consts, .. } => {
                inputs
                    .iter()
                    .any(|input| matches!(input, Operand::Value(_)))
                    && inputs.iter().all(|input| outside(input, &once))
                    && !names_bound(&consts.iter().collect::<Vec<_>>())
            }
            _ => false,
        };
        if let (true, Some(out)) = (computed_once, output_of(stmt)) {
            once.push(out);
            offsets.push(offset);
        }
    }
    (offsets, once)
}

/// The arrays of `Zip::from(a).and(b)…`, in order; `None` for anything else.
fn zip_arrays(expr: &Expr) -> Option<Vec<&Expr>> {
    match expr {
        Expr::MethodCall(call) if call.method == "and" && call.args.len() == 1 => {
            let mut arrays = zip_arrays(&call.receiver)?;
            arrays.push(&call.args[0]);
            Some(arrays)
        }
        Expr::Call(call) if call.args.len() == 1 => {
            let Expr::Path(func) = &*call.func else {
                return None;
            };
            let names: Vec<String> = func
                .path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect();
            names
                .ends_with(&["Zip".to_owned(), "from".to_owned()])
                .then(|| vec![&call.args[0]])
        }
        Expr::Paren(inner) => zip_arrays(&inner.expr),
        _ => None,
    }
}

/// The name a closure's parameter binds: `v`, `mut v`, `v: f64` or `&v`.
fn element_param(pat: &Pat) -> Option<Ident> {
    match pat {
        Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
            Some(ident.ident.clone())
        }
        Pat::Type(typed) => element_param(&typed.pat),
        Pat::Reference(reference) if reference.mutability.is_none() => {
            element_param(&reference.pat)
        }
        _ => None,
    }
}

/// Whether `method` is a float method that applies element by element to arrays.
fn element_wise_method(method: &Ident) -> bool {
    Prim::from_method(&method.to_string()).is_some_and(Prim::is_element_wise)
}

/// Reports, at its span, each part of a closure body that cannot be applied to a whole array at
/// once.
fn check_body(expr: &Expr, errors: &mut Vec<syn::Error>) {
    let mut refuse = |node: &dyn ToTokens, message: &str| {
        errors.push(syn::Error::new_spanned(node, message));
    };
    match expr {
        Expr::Lit(_) | Expr::Path(_) => {}
        Expr::Paren(inner) => check_body(&inner.expr, errors),
        Expr::Group(inner) => check_body(&inner.expr, errors),
        Expr::Unary(unary) => match unary.op {
            UnOp::Neg(_) | UnOp::Deref(_) => check_body(&unary.expr, errors),
            _ => refuse(&unary.op, NO_CHOICES),
        },
        Expr::Binary(binary) => match binary.op {
            BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_) | BinOp::Div(_) => {
                check_body(&binary.left, errors);
                check_body(&binary.right, errors);
            }
            op if super::is_comparison(&op) => refuse(&binary.op, NO_CHOICES),
            _ => refuse(
                &binary.op,
                &format!(
                    "this operator is not supported in a closure given to `mapv`: {WHAT_A_CLOSURE_MAY_CONTAIN}"
                ),
            ),
        },
        Expr::MethodCall(call) => {
            if is_type_constant(expr) {
            } else if element_wise_method(&call.method) && call.turbofish.is_none() {
                check_body(&call.receiver, errors);
                call.args.iter().for_each(|arg| check_body(arg, errors));
            } else {
                refuse(
                    &call.method,
                    &format!(
                        "`{}` is not supported in a closure given to `mapv`, which may call the float methods {ELEMENT_WISE_METHODS}",
                        call.method
                    ),
                );
            }
        }
        Expr::Call(call) => match float_method_in_path_form(call) {
            Some(method_call) if element_wise_method(&method_call.method) => {
                call.args.iter().for_each(|arg| check_body(arg, errors));
            }
            _ if is_type_constant(expr) => {}
            // A differentiable function of one float, applied to each element.
            _ if call.args.len() == 1 && is_function_path(&call.func) => {
                check_body(&call.args[0], errors);
            }
            _ => refuse(&call.func, NO_CALLS),
        },
        // A part of a value the closure reads (`self.scale`, `w[0]`): the same for every
        // element.
        Expr::Field(field) => check_body(&field.base, errors),
        Expr::Index(index) => {
            check_body(&index.expr, errors);
            check_index(&index.index, errors);
        }
        Expr::Block(block) if block.label.is_none() => check_block(&block.block, errors),
        Expr::If(e) => refuse(&e.if_token, NO_CHOICES),
        Expr::Match(e) => refuse(&e.match_token, NO_CHOICES),
        Expr::Macro(mac) => refuse(
            &mac.mac.path,
            &format!(
                "macros are not supported in a closure given to `mapv`, whose body runs once for the whole array: {WHAT_A_CLOSURE_MAY_CONTAIN}"
            ),
        ),
        // A comparison turned into a number (`(v > 0.0) as u8 as f64`) is reported as the
        // choice it is.
        Expr::Cast(cast) => {
            let before = errors.len();
            check_body(&cast.expr, errors);
            if errors.len() == before {
                errors.push(syn::Error::new_spanned(
                    cast.as_token,
                    format!("`as` is not supported in a closure given to `mapv` on a differentiated array, which keeps its float type: convert with `as` the scalars the closure reads, before it; {WHAT_A_CLOSURE_MAY_CONTAIN}"),
                ));
            }
        }
        other => refuse(
            other,
            &format!(
                "this is not supported in a closure given to `mapv`: {WHAT_A_CLOSURE_MAY_CONTAIN}"
            ),
        ),
    }
}

/// A constant of a float type made from literals, the same for every element:
/// `F::from(0.5).unwrap()`, `F::one()`, `f64::from(2)`, `F::epsilon()`.
fn is_type_constant(expr: &Expr) -> bool {
    match expr {
        Expr::MethodCall(call)
            if matches!(call.method.to_string().as_str(), "unwrap" | "expect") =>
        {
            is_type_constant(&call.receiver)
        }
        Expr::Call(call) => {
            let Expr::Path(func) = &*call.func else {
                return false;
            };
            func.qself.is_none()
                && func.path.segments.len() == 2
                && super::starts_with_type(&func.path)
                && call.args.iter().all(is_literal)
        }
        _ => false,
    }
}

/// A path that names a function (`logistic`, `activations::logistic`), not an associated
/// function of a type (`Foo::new`).
fn is_function_path(func: &Expr) -> bool {
    matches!(func, Expr::Path(path) if path.qself.is_none() && !super::starts_with_type(&path.path))
}

/// A literal, possibly negated.
fn is_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(_) => true,
        Expr::Unary(unary) => matches!(unary.op, UnOp::Neg(_)) && is_literal(&unary.expr),
        Expr::Paren(inner) => is_literal(&inner.expr),
        _ => false,
    }
}

/// The index of a part the closure reads: integers and names (`w[0]`, `w[[i, j]]`).
fn check_index(index: &Expr, errors: &mut Vec<syn::Error>) {
    match index {
        Expr::Lit(_) | Expr::Path(_) => {}
        Expr::Array(array) => array.elems.iter().for_each(|elem| check_index(elem, errors)),
        Expr::Tuple(tuple) => tuple.elems.iter().for_each(|elem| check_index(elem, errors)),
        Expr::Binary(binary) if matches!(binary.op, BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_)) => {
            check_index(&binary.left, errors);
            check_index(&binary.right, errors);
        }
        Expr::Paren(inner) => check_index(&inner.expr, errors),
        // `w[w.len() - 1]`: a shape query reads no element.
        Expr::MethodCall(call)
            if call.args.is_empty()
                && crate::prims::SHAPE_QUERIES.contains(&call.method.to_string().as_str()) => {}
        other => errors.push(syn::Error::new_spanned(other, "in a closure given to `mapv`, an index must be an integer, a name or an arithmetic of these")),
    }
}

/// A block in a closure body: `let` bindings of single names, then the result.
fn check_block(block: &syn::Block, errors: &mut Vec<syn::Error>) {
    let count = block.stmts.len();
    for (i, stmt) in block.stmts.iter().enumerate() {
        match stmt {
            SynStmt::Local(local) => {
                let simple = match &local.pat {
                    Pat::Ident(ident) => ident.by_ref.is_none() && ident.subpat.is_none(),
                    Pat::Type(typed) => matches!(&*typed.pat, Pat::Ident(_)),
                    _ => false,
                };
                if !simple {
                    errors.push(syn::Error::new_spanned(&local.pat, "in a closure given to `mapv`, `let` binds one name"));
                }
                match &local.init {
                    Some(init) if init.diverge.is_none() => check_body(&init.expr, errors),
                    _ => errors.push(syn::Error::new_spanned(local, "in a closure given to `mapv`, a `let` binding has a value and no `else`")),
                }
            }
            SynStmt::Expr(expr, None) if i + 1 == count => check_body(expr, errors),
            other => errors.push(syn::Error::new_spanned(other, format!("this statement is not supported in a closure given to `mapv`: {WHAT_A_CLOSURE_MAY_CONTAIN}; it ends with its result"))),
        }
    }
    if count == 0 {
        errors.push(syn::Error::new_spanned(
            block,
            "a closure given to `mapv` ends with the element's result",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(body: &str) -> Vec<String> {
        let expr: Expr = syn::parse_str(body).unwrap();
        let mut errors = Vec::new();
        check_body(&expr, &mut errors);
        errors.into_iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn arithmetic_and_float_methods_are_accepted() {
        assert!(errors_of("1.0 / (1.0 + (-v).exp())").is_empty());
        assert!(errors_of("{ let e = v.exp(); e * w[0] + self.b }").is_empty());
        assert!(errors_of("f64::max(v, 0.0) * v.clamp(-1.0, 1.0).powi(2)").is_empty());
        assert!(errors_of("F::from(0.5).unwrap() * v + F::one()").is_empty());
    }

    #[test]
    fn choices_calls_and_effects_are_refused() {
        assert_eq!(errors_of("if v > 0.0 { v } else { 0.0 }").len(), 1);
        assert_eq!(errors_of("v * (v > 0.0) as i32 as f64").len(), 1);
        assert!(errors_of("2.0 * logistic(v) + layers::logistic(v)").is_empty());
        assert_eq!(errors_of("Activation::apply(v)").len(), 1);
        assert_eq!(errors_of("logistic(v, 2.0)").len(), 1);
        assert_eq!(errors_of("v + rng.random::<f64>()").len(), 1);
        assert_eq!(errors_of("{ println!(\"{v}\"); v }").len(), 1);
        assert_eq!(errors_of("v % 2.0").len(), 1);
        assert_eq!(errors_of("v * F::from(v).unwrap()").len(), 1);
        assert_eq!(errors_of("v * rand::random::<f64>()").len(), 1);
    }
}

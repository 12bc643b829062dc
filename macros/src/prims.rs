//! The primitive table: which Rust syntax maps to which primitive, and the runtime functions
//! that hold each primitive's forward pass and derivative rules. The calculus itself lives
//! only in `adjoint-runtime`; this file only names it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// An operation the macro lowers syntax to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prim {
    Add,
    Sub,
    Mul,
    Div,
    /// `v += x`, `v -= x`, `v *= x`, `v /= x` on a differentiated value: the operator's rules,
    /// the value laid out as `v`, which the assignment updates in place.
    AddAssign,
    SubAssign,
    MulAssign,
    DivAssign,
    Neg,
    Exp,
    Ln,
    Sqrt,
    Sin,
    Cos,
    Tan,
    Tanh,
    Abs,
    Recip,
    ExpM1,
    Ln1p,
    Sinh,
    Cosh,
    Asinh,
    Acosh,
    Atanh,
    Asin,
    Acos,
    Atan,
    Signum,
    /// `x.clamp(lo, hi)`, the bounds constants.
    Clamp,
    /// `a.hypot(b)`, differentiated in both.
    Hypot,
    /// `a.atan2(b)`, differentiated in both.
    Atan2,
    /// `x.powi(n)`, `n` a constant.
    Powi,
    /// `x.powf(p)`, differentiated in both.
    Powf,
    Max,
    Min,
    Dot,
    /// `a.t()`: a transposed view.
    Transpose,
    /// `a.reversed_axes()`: the axes reversed, a copy of an owned array or a view of a view.
    ReversedAxes,
    Sum,
    /// `a.sum_axis(axis)`, `axis` a constant.
    SumAxis,
    /// `a.mean_axis(axis).unwrap()`, `axis` a constant.
    MeanAxis,
    /// `a.to_owned()` and `a.clone()`.
    Copy,
    View,
    /// `a.row(i)`, `i` a constant: a view.
    Row,
    /// `a.column(j)`, `j` a constant: a view.
    Column,
    /// `a.index_axis(axis, i)`, both constants: a view.
    IndexAxis,
    /// `a.slice(s![..])`, the `SliceInfo` a constant: a view.
    Slice,
    /// `x as f32`, `x as f64` of a differentiated float; the constant is the target type as a
    /// `PhantomData`.
    Cast,
    /// `a.insert_axis(axis)`, `axis` a constant: a copy of an owned array or a view of a view.
    InsertAxis,
    /// `a.permuted_axes(axes)`, `axes` a constant: a copy of an owned array or a view of a view.
    PermutedAxes,
    /// `a.into_shape_with_order(shape).unwrap()`, `shape` a constant: a copy of an owned array
    /// or a view of a view.
    IntoShape,
    /// `a.to_shape(shape).unwrap()`, `shape` a constant: a `CowArray` borrowing `a`.
    ToShape,
    /// `a.broadcast(shape).unwrap()`, `shape` a constant: a view.
    Broadcast,
    /// `concatenate(axis, &[a.view(), ..]).unwrap()` and `concatenate![axis, a, ..]`: any
    /// number of operands, `axis` a constant.
    Concatenate,
    /// `stack(axis, &[a.view(), ..]).unwrap()` and `stack![axis, a, ..]`: any number of
    /// operands, `axis` a constant.
    Stack,
    /// `array![a, b, ..]` and `array![[a, b], [c, d]]` of floats: any number of operands, the
    /// constant is the shape.
    FromElems,
    /// `(a, b, ..)` of floats and arrays, any number of operands: a function's several outputs.
    Tuple,
    /// `a[index] = v`: the array with one element replaced, the constant is the index.
    SetElement,
    /// `a[index] += v` (and `-=`, of `-v`): the array with `v` added to one element.
    AddToElement,
    /// `a.slice_mut(info).assign(&v)`: the array with a slice replaced by `v`, broadcast; the
    /// constant is the `SliceInfo`.
    AssignSlice,
    /// `x.mapv(f)` for a differentiable function `f` of one float: the constants are `f` and its
    /// forward-mode and forward-over-reverse entries, as closures of an element and unit
    /// tangents.
    MapFunction,
    /// `x.mapv(|v| …)` or `Zip::from(&a).and(&b).map_collect(|&a, &b| …)` of a closure with
    /// several operations, as one element-wise rule: the operands are the `arrays` mapped, then
    /// the differentiated floats the closure reads; the constant is the closure of the elements
    /// and those floats, on any jet.
    MapClosure {
        arrays: usize,
    },
}

/// The methods a differentiated value supports, for error messages.
pub const SUPPORTED_METHODS: &str = "exp, exp_m1, ln, ln_1p, sqrt, powi, powf, sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh, atanh, hypot, abs, signum, recip, max, min, clamp, dot, t, reversed_axes, sum, sum_axis, mean().unwrap(), mean_axis(..).unwrap(), var, std, to_owned, clone, view, row, column, index_axis, slice(s![..]), insert_axis, permuted_axes, into_shape_with_order(..).unwrap(), to_shape(..).unwrap(), broadcast(..).unwrap(), and the shape queries nrows, ncols, len, shape, dim, ndim, raw_dim, is_empty";

/// Methods that only read a shape, so their result is never differentiated.
pub const SHAPE_QUERIES: &[&str] = &[
    "nrows", "ncols", "len", "shape", "dim", "ndim", "raw_dim", "is_empty", "len_of",
];

/// How a primitive's rules are reached in the runtime.
enum Rules {
    /// An element-wise rule applied by `unary::forward` / `unary::vjp`.
    Unary(TokenStream),
    /// An element-wise rule applied by `binary::forward` / `binary::vjp_lhs` / `vjp_rhs`.
    Binary(TokenStream),
    /// A forward function, one vector-Jacobian product per differentiated input, and the
    /// forward-mode rule `NAME_jvp` (one tangent per input: `Option`s when there are two).
    Functions {
        forward: TokenStream,
        vjps: Vec<TokenStream>,
        jvp: TokenStream,
    },
    /// Rules of any number of operands, which take them as an array made by `wrap` (`part`
    /// for arrays, `elem` for floats) after the constants: `forward(consts.., [ops..])`,
    /// `vjp(g, consts.., [ops..], y, k)` for operand `k`, and `jvp(consts.., [ops..], y,
    /// [tangents..])`, each tangent an `Option`.
    Variadic {
        forward: TokenStream,
        vjp: TokenStream,
        jvp: TokenStream,
        wrap: TokenStream,
    },
    /// A tuple of copies of its operands: each element has the rules of `to_owned`, its
    /// adjoint being the operand's and its tangent the operand's tangent.
    Tuple,
    /// A closure mapped over the first `count` operands, arrays (`xs`, an array expression),
    /// reading the float operands after them (`scalars`, another): applied by the runtime's
    /// `closure` module, which takes the closure last, on the number type each rule needs.
    Closure {
        count: usize,
        xs: TokenStream,
        scalars: TokenStream,
        closure: TokenStream,
    },
}

impl Prim {
    /// The primitive a method name denotes (`mean_axis` is matched with its `.unwrap()`).
    pub fn from_method(name: &str) -> Option<Prim> {
        Some(match name {
            "exp" => Prim::Exp,
            "ln" => Prim::Ln,
            "sqrt" => Prim::Sqrt,
            "sin" => Prim::Sin,
            "cos" => Prim::Cos,
            "tan" => Prim::Tan,
            "tanh" => Prim::Tanh,
            "abs" => Prim::Abs,
            "recip" => Prim::Recip,
            "exp_m1" => Prim::ExpM1,
            "ln_1p" => Prim::Ln1p,
            "sinh" => Prim::Sinh,
            "cosh" => Prim::Cosh,
            "asinh" => Prim::Asinh,
            "acosh" => Prim::Acosh,
            "atanh" => Prim::Atanh,
            "asin" => Prim::Asin,
            "acos" => Prim::Acos,
            "atan" => Prim::Atan,
            "signum" => Prim::Signum,
            "clamp" => Prim::Clamp,
            "hypot" => Prim::Hypot,
            "atan2" => Prim::Atan2,
            "powi" => Prim::Powi,
            "powf" => Prim::Powf,
            "max" => Prim::Max,
            "min" => Prim::Min,
            "dot" => Prim::Dot,
            "t" => Prim::Transpose,
            "reversed_axes" => Prim::ReversedAxes,
            "sum" => Prim::Sum,
            "sum_axis" => Prim::SumAxis,
            "to_owned" | "clone" => Prim::Copy,
            "view" => Prim::View,
            "row" => Prim::Row,
            "column" => Prim::Column,
            "index_axis" => Prim::IndexAxis,
            "slice" => Prim::Slice,
            "insert_axis" => Prim::InsertAxis,
            "permuted_axes" => Prim::PermutedAxes,
            _ => return None,
        })
    }

    /// The primitive of a method that returns a `Result` or an `Option`, matched with the
    /// `.unwrap()` or `.expect(..)` that follows it (`a.to_shape(shape).unwrap()`).
    pub fn from_fallible_method(name: &str) -> Option<Prim> {
        Some(match name {
            "into_shape_with_order" => Prim::IntoShape,
            "to_shape" => Prim::ToShape,
            "broadcast" => Prim::Broadcast,
            _ => return None,
        })
    }

    /// The primitive of a function of ndarray that joins arrays, matched with the `.unwrap()`
    /// that follows it (`concatenate(Axis(0), &[a.view(), b.view()]).unwrap()`), or of the
    /// macro of the same name (`concatenate![Axis(0), a, b]`).
    pub fn from_join(name: &str) -> Option<Prim> {
        Some(match name {
            "concatenate" => Prim::Concatenate,
            "stack" => Prim::Stack,
            _ => return None,
        })
    }

    /// The primitive an arithmetic operator denotes.
    pub fn from_binop(op: &syn::BinOp) -> Option<Prim> {
        use syn::BinOp::*;
        Some(match op {
            Add(_) | AddAssign(_) => Prim::Add,
            Sub(_) | SubAssign(_) => Prim::Sub,
            Mul(_) | MulAssign(_) => Prim::Mul,
            Div(_) | DivAssign(_) => Prim::Div,
            _ => return None,
        })
    }

    /// The primitive of the compound assignment of an arithmetic operator (`Sub` → `SubAssign`).
    pub fn assigning(self) -> Prim {
        match self {
            Prim::Add => Prim::AddAssign,
            Prim::Sub => Prim::SubAssign,
            Prim::Mul => Prim::MulAssign,
            Prim::Div => Prim::DivAssign,
            other => other,
        }
    }

    /// The Rust operator of an arithmetic primitive, for constant expressions.
    pub fn operator(self) -> TokenStream {
        match self {
            Prim::Add => quote!(+),
            Prim::Sub => quote!(-),
            Prim::Mul => quote!(*),
            Prim::Div => quote!(/),
            other => unreachable!("{other:?} is not an arithmetic operator"),
        }
    }

    /// How many operands it reads (differentiated or not) and how many constant arguments follow;
    /// a primitive of any number of operands (`concatenate`, `stack`, `array!`) counts none.
    pub fn arity(self) -> (usize, usize) {
        match self {
            Prim::Add
            | Prim::AddAssign
            | Prim::Sub
            | Prim::SubAssign
            | Prim::Mul
            | Prim::MulAssign
            | Prim::DivAssign
            | Prim::Div
            | Prim::Powf
            | Prim::Max
            | Prim::Min
            | Prim::Hypot
            | Prim::Atan2
            | Prim::Dot => (2, 0),
            Prim::SetElement | Prim::AddToElement | Prim::AssignSlice => (2, 1),
            Prim::Powi
            | Prim::SumAxis
            | Prim::MeanAxis
            | Prim::Row
            | Prim::Column
            | Prim::Slice
            | Prim::Cast
            | Prim::InsertAxis
            | Prim::PermutedAxes
            | Prim::IntoShape
            | Prim::ToShape
            | Prim::Broadcast => (1, 1),
            Prim::Concatenate | Prim::Stack | Prim::FromElems => (0, 1),
            Prim::Tuple => (0, 0),
            Prim::IndexAxis | Prim::Clamp => (1, 2),
            Prim::MapFunction => (1, 3),
            Prim::MapClosure { arrays } => (arrays, 1),
            Prim::Neg
            | Prim::Exp
            | Prim::Ln
            | Prim::Sqrt
            | Prim::Sin
            | Prim::Cos
            | Prim::Tan
            | Prim::Tanh
            | Prim::Abs
            | Prim::Recip
            | Prim::ExpM1
            | Prim::Ln1p
            | Prim::Sinh
            | Prim::Cosh
            | Prim::Asinh
            | Prim::Acosh
            | Prim::Atanh
            | Prim::Asin
            | Prim::Acos
            | Prim::Atan
            | Prim::Signum
            | Prim::Transpose
            | Prim::ReversedAxes
            | Prim::Sum
            | Prim::Copy
            | Prim::View => (1, 0),
        }
    }

    /// `true` for the operations that apply to each element of an array as to a float, so that
    /// a float function built from them applies to a whole array at once: those whose rule is
    /// an element-wise rule of the runtime.
    pub fn is_element_wise(self) -> bool {
        let (inputs, consts) = self.arity();
        let inputs = vec![quote!(x); inputs];
        let consts = vec![quote!(c); consts];
        matches!(
            self.rules(&inputs, &consts),
            Rules::Unary(_) | Rules::Binary(_)
        )
    }

    /// For a write into part of its first operand (`a[i] = v`, `a[i] += v`,
    /// `a.slice_mut(..).assign(&v)`): the name of its rules in the runtime's `update` module,
    /// whose `_in_place` and `_vjp_array_owned` forms take the array or the adjoint by value.
    pub fn writes_into_part(self) -> Option<&'static str> {
        match self {
            Prim::SetElement => Some("set_element"),
            Prim::AddToElement => Some("add_to_element"),
            Prim::AssignSlice => Some("assign_slice"),
            _ => None,
        }
    }

    /// Whether the derivative rules read the value of operand `k` (`Some(k)`) or of the output
    /// (`None`). A write into part of an array reads neither the array nor the output: its
    /// adjoints need only the position, and the shapes that the output's adjoint carries. So a
    /// loop that fills an array element by element keeps no copy of it per iteration.
    pub fn backward_reads(self, operand: Option<usize>) -> bool {
        match self {
            Prim::SetElement | Prim::AddToElement => false,
            // The value written, for its shape.
            Prim::AssignSlice => operand == Some(1),
            // The closure recomputes what it needs from its operands.
            Prim::MapClosure { .. } => operand.is_some(),
            _ => true,
        }
    }

    /// For an element-wise primitive: its rule, and whether it takes two operands (`None` for
    /// the others). `inputs` type the rules that take their element type from an operand.
    pub fn element_rule(
        self,
        inputs: &[TokenStream],
        consts: &[TokenStream],
    ) -> Option<(TokenStream, bool)> {
        match self.rules(inputs, consts) {
            Rules::Unary(rule) => Some((rule, false)),
            Rules::Binary(rule) => Some((rule, true)),
            _ => None,
        }
    }

    /// `true` when the result borrows its input, so a pullback recomputes it instead of keeping it.
    pub fn is_view(self) -> bool {
        matches!(
            self,
            Prim::Transpose
                | Prim::View
                | Prim::Row
                | Prim::Column
                | Prim::IndexAxis
                | Prim::Slice
                | Prim::ToShape
                | Prim::Broadcast
        )
    }

    /// `true` when the result is a view if its operand is one, and an owned copy otherwise, as
    /// ndarray's methods that take `self` give (`reversed_axes`, `insert_axis`, …).
    pub fn is_view_of_a_view(self) -> bool {
        matches!(
            self,
            Prim::ReversedAxes | Prim::InsertAxis | Prim::PermutedAxes | Prim::IntoShape
        )
    }

    /// `inputs` are the references to the operands the rules are applied to: a rule with
    /// constant arguments takes its element type from them (`Clamp::for_operand`).
    fn rules(self, inputs: &[TokenStream], consts: &[TokenStream]) -> Rules {
        let p = quote!(::adjoint::__private);
        let unary = |rule: TokenStream| Rules::Unary(quote!(#p::#rule));
        let binary = |rule: TokenStream| Rules::Binary(quote!(#p::#rule));
        let functions =
            |forward: TokenStream, vjps: &[TokenStream], jvp: TokenStream| Rules::Functions {
                forward: quote!(#p::#forward),
                vjps: vjps.iter().map(|v| quote!(#p::#v)).collect(),
                jvp: quote!(#p::#jvp),
            };
        let variadic = |forward: TokenStream,
                        vjp: TokenStream,
                        jvp: TokenStream,
                        wrap: TokenStream| Rules::Variadic {
            forward: quote!(#p::#forward),
            vjp: quote!(#p::#vjp),
            jvp: quote!(#p::#jvp),
            wrap: quote!(#p::#wrap),
        };
        match self {
            Prim::Add | Prim::AddAssign => binary(quote!(Add)),
            Prim::Sub | Prim::SubAssign => binary(quote!(Sub)),
            Prim::Mul | Prim::MulAssign => binary(quote!(Mul)),
            Prim::Div | Prim::DivAssign => binary(quote!(Div)),
            Prim::Powf => binary(quote!(Powf)),
            Prim::Max => binary(quote!(Max)),
            Prim::Min => binary(quote!(Min)),
            Prim::Hypot => binary(quote!(Hypot)),
            Prim::Atan2 => binary(quote!(Atan2)),
            Prim::Neg => unary(quote!(Neg)),
            Prim::Exp => unary(quote!(Exp)),
            Prim::Ln => unary(quote!(Ln)),
            Prim::Sqrt => unary(quote!(Sqrt)),
            Prim::Sin => unary(quote!(Sin)),
            Prim::Cos => unary(quote!(Cos)),
            Prim::Tan => unary(quote!(Tan)),
            Prim::Tanh => unary(quote!(Tanh)),
            Prim::Abs => unary(quote!(Abs)),
            Prim::Recip => unary(quote!(Recip)),
            Prim::ExpM1 => unary(quote!(ExpM1)),
            Prim::Ln1p => unary(quote!(Ln1p)),
            Prim::Sinh => unary(quote!(Sinh)),
            Prim::Cosh => unary(quote!(Cosh)),
            Prim::Asinh => unary(quote!(Asinh)),
            Prim::Acosh => unary(quote!(Acosh)),
            Prim::Atanh => unary(quote!(Atanh)),
            Prim::Asin => unary(quote!(Asin)),
            Prim::Acos => unary(quote!(Acos)),
            Prim::Atan => unary(quote!(Atan)),
            Prim::Signum => unary(quote!(Signum)),
            Prim::Clamp => {
                let (x, lo, hi) = (&inputs[0], &consts[0], &consts[1]);
                unary(quote!(Clamp::for_operand(#x, #lo, #hi)))
            }
            Prim::Powi => {
                let n = &consts[0];
                unary(quote!(Powi(#n)))
            }
            Prim::MapFunction => {
                let (x, f, jvp, hvp) = (&inputs[0], &consts[0], &consts[1], &consts[2]);
                unary(quote!(MappedFunction::for_operand(#x, #f, #jvp, #hvp)))
            }
            Prim::MapClosure { arrays } => {
                let count = arrays.min(inputs.len());
                let xs = inputs[..count]
                    .iter()
                    .map(|x| quote!(#p::closure::array(#x)));
                let scalars = inputs[count..]
                    .iter()
                    .map(|s| quote!(#p::closure::scalar(#s)));
                Rules::Closure {
                    count,
                    xs: quote!([#(#xs),*]),
                    scalars: quote!([#(#scalars),*]),
                    closure: consts.first().cloned().unwrap_or_default(),
                }
            }
            Prim::Tuple => Rules::Tuple,
            Prim::Dot => functions(
                quote!(linalg::dot),
                &[quote!(linalg::dot_vjp_lhs), quote!(linalg::dot_vjp_rhs)],
                quote!(linalg::dot_jvp),
            ),
            Prim::Transpose => functions(
                quote!(linalg::t),
                &[quote!(linalg::t_vjp)],
                quote!(linalg::t_jvp),
            ),
            Prim::ReversedAxes => functions(
                quote!(linalg::reversed_axes),
                &[quote!(linalg::reversed_axes_vjp)],
                quote!(linalg::reversed_axes_jvp),
            ),
            Prim::Sum => functions(
                quote!(reduce::sum),
                &[quote!(reduce::sum_vjp)],
                quote!(reduce::sum_jvp),
            ),
            Prim::SumAxis => functions(
                quote!(reduce::sum_axis),
                &[quote!(reduce::sum_axis_vjp)],
                quote!(reduce::sum_axis_jvp),
            ),
            Prim::MeanAxis => functions(
                quote!(reduce::mean_axis),
                &[quote!(reduce::mean_axis_vjp)],
                quote!(reduce::mean_axis_jvp),
            ),
            Prim::Copy => functions(
                quote!(select::to_owned),
                &[quote!(select::to_owned_vjp)],
                quote!(select::to_owned_jvp),
            ),
            Prim::View => functions(
                quote!(select::view),
                &[quote!(select::view_vjp)],
                quote!(select::view_jvp),
            ),
            Prim::Row => functions(
                quote!(select::row),
                &[quote!(select::row_vjp)],
                quote!(select::row_jvp),
            ),
            Prim::Column => functions(
                quote!(select::column),
                &[quote!(select::column_vjp)],
                quote!(select::column_jvp),
            ),
            Prim::IndexAxis => functions(
                quote!(select::index_axis),
                &[quote!(select::index_axis_vjp)],
                quote!(select::index_axis_jvp),
            ),
            Prim::Slice => functions(
                quote!(select::slice),
                &[quote!(select::slice_vjp)],
                quote!(select::slice_jvp),
            ),
            Prim::Cast => functions(
                quote!(cast::cast),
                &[quote!(cast::cast_vjp)],
                quote!(cast::cast_jvp),
            ),
            Prim::InsertAxis => functions(
                quote!(shape::insert_axis),
                &[quote!(shape::insert_axis_vjp)],
                quote!(shape::insert_axis_jvp),
            ),
            Prim::PermutedAxes => functions(
                quote!(shape::permuted_axes),
                &[quote!(shape::permuted_axes_vjp)],
                quote!(shape::permuted_axes_jvp),
            ),
            Prim::IntoShape => functions(
                quote!(shape::into_shape_with_order),
                &[quote!(shape::into_shape_with_order_vjp)],
                quote!(shape::into_shape_with_order_jvp),
            ),
            Prim::ToShape => functions(
                quote!(shape::to_shape),
                &[quote!(shape::to_shape_vjp)],
                quote!(shape::to_shape_jvp),
            ),
            Prim::Broadcast => functions(
                quote!(shape::broadcast),
                &[quote!(shape::broadcast_vjp)],
                quote!(shape::broadcast_jvp),
            ),
            Prim::SetElement => functions(
                quote!(update::set_element),
                &[
                    quote!(update::set_element_vjp_array),
                    quote!(update::set_element_vjp_value),
                ],
                quote!(update::set_element_jvp),
            ),
            Prim::AddToElement => functions(
                quote!(update::add_to_element),
                &[
                    quote!(update::add_to_element_vjp_array),
                    quote!(update::set_element_vjp_value),
                ],
                quote!(update::add_to_element_jvp),
            ),
            Prim::AssignSlice => functions(
                quote!(update::assign_slice),
                &[
                    quote!(update::assign_slice_vjp_array),
                    quote!(update::assign_slice_vjp_value),
                ],
                quote!(update::assign_slice_jvp),
            ),
            Prim::Concatenate => variadic(
                quote!(shape::concatenate),
                quote!(shape::concatenate_vjp),
                quote!(shape::concatenate_jvp),
                quote!(shape::part),
            ),
            Prim::Stack => variadic(
                quote!(shape::stack),
                quote!(shape::stack_vjp),
                quote!(shape::stack_jvp),
                quote!(shape::part),
            ),
            Prim::FromElems => variadic(
                quote!(shape::from_elems),
                quote!(shape::from_elems_vjp),
                quote!(shape::from_elems_jvp),
                quote!(shape::elem),
            ),
        }
    }

    /// The forward call: `inputs` are references to the operands.
    pub fn forward(self, inputs: &[TokenStream], consts: &[TokenStream]) -> TokenStream {
        let p = quote!(::adjoint::__private);
        let assignment = matches!(
            self,
            Prim::AddAssign | Prim::SubAssign | Prim::MulAssign | Prim::DivAssign
        );
        match self.rules(inputs, consts) {
            Rules::Binary(rule) if assignment => {
                quote!(#p::binary::forward_assign(&#rule, #(#inputs),*))
            }
            Rules::Unary(rule) => quote!(#p::unary::forward(&#rule, #(#inputs),*)),
            Rules::Binary(rule) => quote!(#p::binary::forward(&#rule, #(#inputs),*)),
            Rules::Functions { forward, .. } => {
                let consts = self.function_consts(consts);
                quote!(#forward(#(#inputs,)* #(#consts),*))
            }
            Rules::Variadic { forward, wrap, .. } => {
                quote!(#forward(#(#consts,)* [#(#wrap(#inputs)),*]))
            }
            Rules::Tuple => quote!((#(#p::select::to_owned(#inputs),)*)),
            Rules::Closure {
                xs,
                scalars,
                closure,
                ..
            } => quote!(#p::closure::forward(#xs, #scalars, #closure)),
        }
    }

    /// The forward call of a write into part of an array that takes the array by value and
    /// writes into it (see [`crate::moves`]): `inputs[0]` is the array itself, moved. `None`
    /// for the other primitives.
    pub fn forward_in_place(
        self,
        inputs: &[TokenStream],
        consts: &[TokenStream],
    ) -> Option<TokenStream> {
        let function = format_ident!("{}_in_place", self.writes_into_part()?);
        Some(quote!(::adjoint::__private::update::#function(#(#inputs,)* #(#consts),*)))
    }

    /// The adjoint of operand `k`, given a reference `g` to the output's adjoint and `y` to the output.
    pub fn vjp(
        self,
        k: usize,
        g: &TokenStream,
        inputs: &[TokenStream],
        consts: &[TokenStream],
        y: &TokenStream,
    ) -> TokenStream {
        self.vjp_call(k, g, inputs, consts, y, false)
            .expect("every primitive has a vector-Jacobian product")
    }

    /// For a primitive whose rule gives the adjoints of several operands in one pass (a mapped
    /// closure): the call that gives those `needs` asks for, one per operand, given a
    /// reference `g` to the output's adjoint. Each is then read with
    /// [`joint_adjoint`](Self::joint_adjoint), as an `Option`. `None` for other primitives.
    pub fn vjp_joint(
        self,
        needs: &[bool],
        g: &TokenStream,
        inputs: &[TokenStream],
        consts: &[TokenStream],
    ) -> Option<TokenStream> {
        let p = quote!(::adjoint::__private);
        match self.rules(inputs, consts) {
            Rules::Closure {
                count,
                xs,
                scalars,
                closure,
            } => {
                let (arrays, floats) = needs.split_at(count.min(needs.len()));
                let needs = quote!(([#(#arrays),*], [#(#floats),*]));
                Some(quote!(#p::closure::vjp(#g, #xs, #scalars, #needs, #closure)))
            }
            _ => None,
        }
    }

    /// Operand `k`'s adjoint, an `Option`, from `grads` (a mutable local), what
    /// [`vjp_joint`](Self::vjp_joint) gave: the arrays' first, then the floats'.
    pub fn joint_adjoint(self, grads: &TokenStream, k: usize) -> TokenStream {
        let arrays = match self {
            Prim::MapClosure { arrays } => arrays,
            _ => 0,
        };
        if k < arrays {
            quote!(::core::option::Option::take(&mut (#grads).0[#k]))
        } else {
            let j = k - arrays;
            quote!((#grads).1[#j])
        }
    }

    /// Like [`vjp`](Self::vjp), but `g` is the output's adjoint *by value*, given up by a caller
    /// that reads it no more: element-wise rules compute the operand's adjoint in its memory.
    /// `None` for primitives whose rules have no such form.
    pub fn vjp_owned(
        self,
        k: usize,
        g: &TokenStream,
        inputs: &[TokenStream],
        consts: &[TokenStream],
        y: &TokenStream,
    ) -> Option<TokenStream> {
        self.vjp_call(k, g, inputs, consts, y, true)
    }

    /// The forward-mode rule: the tangent of the output `y` given a tangent expression (a
    /// reference) for each operand that has one. A one-operand rule always has its tangent.
    pub fn jvp(
        self,
        inputs: &[TokenStream],
        consts: &[TokenStream],
        y: &TokenStream,
        tangents: &[Option<TokenStream>],
    ) -> TokenStream {
        let p = quote!(::adjoint::__private);
        let optional = |tangent: &Option<TokenStream>| match tangent {
            Some(tangent) => quote!(::core::option::Option::Some(#tangent)),
            None => quote!(::core::option::Option::None),
        };
        let required = |tangent: &Option<TokenStream>| {
            tangent
                .clone()
                .expect("the tangent of a one-operand primitive is present")
        };
        match self.rules(inputs, consts) {
            Rules::Unary(rule) => {
                let dx = required(&tangents[0]);
                quote!(#p::unary::jvp(&#rule, #(#inputs,)* #y, #dx))
            }
            Rules::Binary(rule) => {
                let (da, db) = (optional(&tangents[0]), optional(&tangents[1]));
                quote!(#p::binary::jvp(&#rule, #(#inputs,)* #y, #da, #db))
            }
            Rules::Functions { jvp, .. } => {
                let consts = self.function_consts(consts);
                let tangents: Vec<TokenStream> = if tangents.len() == 1 {
                    vec![required(&tangents[0])]
                } else {
                    tangents.iter().map(optional).collect()
                };
                quote!(#jvp(#(#inputs,)* #(#consts,)* #y, #(#tangents),*))
            }
            Rules::Variadic { jvp, wrap, .. } => {
                // A lone tangent comes as a reference to its local, several as `Borrow`s.
                let tangents = tangents.iter().map(|tangent| match tangent {
                    Some(t) if tangents.len() == 1 => {
                        quote!(::core::option::Option::Some(::core::borrow::Borrow::borrow(#t)))
                    }
                    other => optional(other),
                });
                quote!(#jvp(#(#consts,)* [#(#wrap(#inputs)),*], #y, [#(#tangents),*]))
            }
            Rules::Tuple => {
                let elements =
                    inputs
                        .iter()
                        .zip(tangents)
                        .enumerate()
                        .map(|(k, (input, tangent))| {
                            let k = syn::Index::from(k);
                            match tangent {
                                Some(t) => quote!(#p::select::to_owned_jvp(#input, &(#y).#k, #t)),
                                None => quote!(#p::zero_tangent(#input)),
                            }
                        });
                quote!((#(#elements,)*))
            }
            Rules::Closure {
                count,
                xs,
                scalars,
                closure,
            } => {
                let tangents: Vec<TokenStream> = tangents.iter().map(optional).collect();
                let tangents = closure_tangents(count, &tangents);
                quote!(#p::closure::jvp(#xs, #scalars, #tangents, #closure))
            }
        }
    }

    /// The tangent of the adjoint of operand `k` (forward mode over the VJP), as an `Option`
    /// expression (`None`: zero): when the operands move along `tangents` (each an expression of
    /// a reference, `None` for an operand without one) and the output's adjoint `g` along `dg`,
    /// an expression of an `Option` of a reference. A linear primitive's VJP is linear in `g`
    /// alone: its tangent is the VJP of `dg`.
    pub fn vjp_jvp(
        self,
        k: usize,
        g: &TokenStream,
        inputs: &[TokenStream],
        consts: &[TokenStream],
        y: &TokenStream,
        (tangents, dg): (&[Option<TokenStream>], &TokenStream),
    ) -> TokenStream {
        let p = quote!(::adjoint::__private);
        let optional = |tangent: &Option<TokenStream>| match tangent {
            Some(tangent) => quote!(::core::option::Option::Some(#tangent)),
            None => quote!(::core::option::Option::None),
        };
        let tangents: Vec<TokenStream> = tangents.iter().map(optional).collect();
        let some = |call: TokenStream| quote!(::core::option::Option::Some(#call));
        match self.rules(inputs, consts) {
            Rules::Unary(rule) => {
                some(quote!(#p::unary::vjp_jvp(&#rule, #g, #(#inputs,)* #y, #(#tangents,)* #dg)))
            }
            Rules::Binary(rule) => {
                let side = if k == 0 {
                    quote!(vjp_lhs_jvp)
                } else {
                    quote!(vjp_rhs_jvp)
                };
                some(quote!(#p::binary::#side(&#rule, #g, #(#inputs,)* #y, #(#tangents,)* #dg)))
            }
            Rules::Functions { .. } if self == Prim::Dot => {
                let side = if k == 0 {
                    quote!(dot_vjp_lhs_jvp)
                } else {
                    quote!(dot_vjp_rhs_jvp)
                };
                some(quote!(#p::linalg::#side(#g, #(#inputs,)* #y, #(#tangents,)* #dg)))
            }
            Rules::Closure {
                count,
                xs,
                scalars,
                closure,
            } => {
                let moves = closure_tangents(count, &tangents);
                some(if k < count {
                    let at = quote!((#scalars, #k));
                    quote!(#p::closure::vjp_jvp_array(#g, #xs, #at, (#moves, #dg), #closure))
                } else {
                    let j = k - count;
                    let at = quote!((#scalars, #j));
                    quote!(#p::closure::vjp_jvp_scalar(#g, #xs, #at, (#moves, #dg), #closure))
                })
            }
            // Every other primitive with functions for rules is linear: shapes, selections,
            // reductions, casts, joins, tuples.
            Rules::Functions { .. } | Rules::Variadic { .. } | Rules::Tuple => {
                // Generated names never start with `__`.
                let name = proc_macro2::Ident::new("__adjoint_dg", proc_macro2::Span::mixed_site());
                let vjp = self.vjp(k, &quote!(#name), inputs, consts, y);
                // A write into part of an array reads no operand that would fix the type of
                // `dg`: the adjoint `g` does.
                let dg = if self.writes_into_part().is_some() {
                    quote!(#p::tangent_like(#dg, #g))
                } else {
                    dg.clone()
                };
                quote!(::core::option::Option::map(#dg, |#name| #vjp))
            }
        }
    }

    fn vjp_call(
        self,
        k: usize,
        g: &TokenStream,
        inputs: &[TokenStream],
        consts: &[TokenStream],
        y: &TokenStream,
        owned: bool,
    ) -> Option<TokenStream> {
        let p = quote!(::adjoint::__private);
        let suffix = if owned { "_owned" } else { "" };
        match self.rules(inputs, consts) {
            Rules::Unary(rule) => {
                let vjp = format_ident!("vjp{suffix}");
                Some(quote!(#p::unary::#vjp(&#rule, #g, #(#inputs,)* #y)))
            }
            Rules::Binary(rule) => {
                let side = if k == 0 { "vjp_lhs" } else { "vjp_rhs" };
                let side = format_ident!("{side}{suffix}");
                Some(quote!(#p::binary::#side(&#rule, #g, #(#inputs,)* #y)))
            }
            // A write into part of an array: the array's adjoint is the output's, that part
            // zeroed (or as it is, for `+=`), made in its memory.
            Rules::Functions { .. } if owned && k == 0 && self.writes_into_part().is_some() => {
                let function = format_ident!("{}_vjp_array_owned", self.writes_into_part()?);
                let consts = self.function_consts(consts);
                Some(quote!(#p::update::#function(#g, #(#consts),*)))
            }
            Rules::Functions { .. }
            | Rules::Variadic { .. }
            | Rules::Tuple
            | Rules::Closure { .. }
                if owned =>
            {
                None
            }
            Rules::Closure { .. } => {
                let needs: Vec<bool> = (0..inputs.len()).map(|i| i == k).collect();
                let grads = self.vjp_joint(&needs, g, inputs, consts)?;
                let adjoint = self.joint_adjoint(&grads, k);
                Some(quote!(#p::needed(#adjoint)))
            }
            Rules::Tuple => {
                let (input, k) = (&inputs[k], syn::Index::from(k));
                Some(quote!(#p::select::to_owned_vjp(&(#g).#k, #input, &(#y).#k)))
            }
            Rules::Functions { vjps, .. } => {
                let vjp = &vjps[k];
                let consts = self.function_consts(consts);
                Some(quote!(#vjp(#g, #(#inputs,)* #(#consts,)* #y)))
            }
            Rules::Variadic { vjp, wrap, .. } => {
                Some(quote!(#vjp(#g, #(#consts,)* [#(#wrap(#inputs)),*], #y, #k)))
            }
        }
    }

    /// For a primitive that names part of its operand (`row`, `column`, `index_axis`, `slice`):
    /// the call that adds the part's adjoint `g` into `total`, the operand's whole adjoint, in
    /// place. The same rule as [`vjp`](Self::vjp), without a whole array of zeros per use.
    pub fn add_part(
        self,
        total: &TokenStream,
        g: &TokenStream,
        consts: &[TokenStream],
    ) -> Option<TokenStream> {
        let p = quote!(::adjoint::__private);
        let add = match self {
            Prim::Row => quote!(select::row_add),
            Prim::Column => quote!(select::column_add),
            Prim::IndexAxis => quote!(select::index_axis_add),
            Prim::Slice => quote!(select::slice_add),
            _ => return None,
        };
        Some(quote!(#p::#add(#total, #g, #(#consts),*)))
    }

    /// Constants passed to runtime functions (a `Powi` exponent and `Clamp` bounds go into
    /// their rules instead). A shape or a permutation is cloned for each rule, since it need
    /// not be `Copy` (`vec![2, 3]`).
    fn function_consts(self, consts: &[TokenStream]) -> Vec<TokenStream> {
        match self {
            Prim::Powi | Prim::Clamp | Prim::MapFunction | Prim::MapClosure { .. } => Vec::new(),
            Prim::PermutedAxes | Prim::IntoShape | Prim::ToShape | Prim::Broadcast => consts
                .iter()
                .map(|c| quote!(::core::clone::Clone::clone(&(#c))))
                .collect(),
            _ => consts.to_vec(),
        }
    }
}

/// The tangents of a mapped closure's operands (each an `Option` expression) as its runtime
/// rules take them: the first `count`, the arrays', as an array, then the floats' as another.
fn closure_tangents(count: usize, tangents: &[TokenStream]) -> TokenStream {
    let (arrays, floats) = tangents.split_at(count.min(tangents.len()));
    quote!(([#(#arrays),*], [#(#floats),*]))
}

//! Programs the random-program tests found the macro getting wrong (fixed in dacd975 and since), each
//! shrunk to a minimum: they must compile and give the right gradients. A bug that is still
//! open lives in `regressions/` instead, run by `tests/open_bugs.rs`.

// Some programs bind values they never read: dead bindings were the bug.
#![allow(unused_variables, unused_assignments)]
// They keep the generator's forms (`v = v * u`, `a * &b`), which were part of the bug.
#![allow(clippy::assign_op_pattern, clippy::op_ref)]

mod array_field_of_a_model_outside_wrt {
    //! An array field of a `&M` argument that `wrt` leaves out, used as an operand, did not
    //! compile: E0507, cannot move out of `m.s` which is behind a shared reference. A float field
    //! works. Found by the random programs.
    use adjoint::ndarray::{Array1, array};
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub s: Array1<f64>,
    }

    #[differentiable(wrt(x))]
    fn f(x: &Array1<f64>, m: &M) -> f64 {
        (&m.s + x).sum()
    }

    #[test]
    fn array_field_of_a_model_outside_wrt() {
        let m = M {
            s: array![1.0, 2.0],
        };
        assert_eq!(f_grad(&array![3.0, 4.0], &m), (10.0, array![1.0, 1.0]));
    }
}

mod clone_of_a_constant_local_updated_and_read {
    //! A local computed from a model outside `wrt`, cloned into a `let mut` that is updated with
    //! one of its elements, and read again in a loss, did not compile: E0382, borrow of moved
    //! value `v2` (`v4 -= &v2` on constants became `v4 - v2`, which moves `v2`). Found by the
    //! random programs (seed 11, program 21).
    use adjoint::ndarray::{Array1, Array2, array};
    use adjoint::prelude::*;

    const K: f64 = 1.5;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub b: Array1<f64>,
    }

    #[differentiable(wrt(x))]
    pub fn f(x: &Array2<f64>, m: &M) -> f64 {
        let v2 = m.b.to_owned();
        let mut v4 = v2.clone();
        v4 -= &v2;
        v4 *= K * v2[0];
        mse(&(K + &v2), &m.b).sin() * x.sum()
    }

    #[test]
    fn clone_of_a_constant_local_updated_and_read() {
        let m = M {
            b: array![1.0, 2.0],
        };
        let x = Array2::from_elem((2, 2), 0.5);
        let s = (K * K).sin();
        assert_eq!(f_grad(&x, &m), (s * 2.0, Array2::from_elem((2, 2), s)));
    }
}

mod clone_of_a_model_as_an_argument {
    //! Passing `m.clone()` to a differentiable function that takes the model by value did not
    //! compile: "the trait bound `M: AsOperand` is not satisfied" (`clone` is taken for the array
    //! method). Passing `m` or `&m` works. Found by the random programs.
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub w: f64,
    }

    #[differentiable]
    fn g(m: M, x: f64) -> f64 {
        m.w * x
    }

    #[differentiable]
    fn f(m: &M, x: f64) -> f64 {
        g(m.clone(), x)
    }

    #[test]
    fn clone_of_a_model_as_an_argument() {
        let (value, (dm, dx)) = f_grad(&M { w: 3.0 }, 2.0);
        assert_eq!((value, dm.w, dx), (6.0, 2.0, 3.0));
    }
}

mod dead_read_of_an_annotated_field_clone {
    //! A local holding a clone of a model's field, read in a constant expression
    //! (`v1[v1.len() - 1]`), did not compile: E0425, cannot find value `v1` in this scope (the
    //! clone names the field in place and has no local, but the constant expression named one).
    //! Found by the random programs (seed 2, program 1497 of the generator of 12c4f8f).
    use adjoint::ndarray::{Array1, array};
    use adjoint::prelude::*;

    const K: f64 = 1.5;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub b: Array1<f64>,
    }

    #[differentiable]
    pub fn f(m: &M) -> f64 {
        let v1: Array1<f64> = m.b.clone();
        let v3 = v1[v1.len() - 1].tan();
        K
    }

    /// The same read, live.
    #[differentiable]
    pub fn g(m: &M) -> f64 {
        let v1 = m.b.clone();
        let n = v1.len() as f64;
        v1.sum() * n
    }

    #[test]
    fn dead_read_of_an_annotated_field_clone() {
        let m = M {
            b: array![1.0, 2.0],
        };
        let (value, gradient) = f_grad(&m);
        assert_eq!((value, gradient.b), (K, array![0.0, 0.0]));
        let (value, gradient) = g_grad(&m);
        assert_eq!((value, gradient.b), (6.0, array![2.0, 2.0]));
    }
}

mod dead_view_of_a_local {
    //! An unused `let` holding a view of a local (`let v = b.view();`, `b.t()`, or
    //! `(a * 2.0).view().sum()`) did not compile: E0505, cannot move out of a value because it is
    //! borrowed. The same views compile when they are used. Found by the random programs.
    use adjoint::ndarray::{Array2, array};
    use adjoint::prelude::*;

    #[differentiable]
    fn f(a: &Array2<f64>) -> f64 {
        let b = a * 2.0;
        let v = b.view();
        a.sum()
    }

    #[test]
    fn dead_view_of_a_local() {
        let a = array![[1.0, 2.0], [3.0, 4.0]];
        assert_eq!(f_grad(&a), (10.0, Array2::ones((2, 2))));
    }
}

mod float_type_from_a_macro_fragment {
    //! A float parameter whose type is a `macro_rules!` `$F:ty` fragment was rejected: "this
    //! parameter type cannot be differentiated" (the type arrives as an invisible group,
    //! `Type::Group`, which is not looked through). `&Array2<$F>` works, and so does `$F:ident`.
    //! Found writing the f32/f64 twins of tests/robustness.rs.
    use adjoint::prelude::*;

    macro_rules! twin {
        ($m:ident, $F:ty) => {
            mod $m {
                use super::*;

                #[differentiable]
                pub fn square(x: $F) -> $F {
                    x * x
                }
            }
        };
    }

    twin!(single, f32);
    twin!(double, f64);

    #[test]
    fn float_type_from_a_macro_fragment() {
        assert_eq!(single::square_grad(3.0), (9.0, 6.0));
        assert_eq!(double::square_grad(3.0), (9.0, 6.0));
    }
}

mod literal_accumulator_updated_by_a_constant {
    //! A `let mut` whose value does not depend on a differentiated input, updated by a constant,
    //! did not compile: `let mut v = 3.0; v += 2.0;` gives E0067 (invalid left-hand side of
    //! assignment) and E0308; `let mut v = K.sin(); v *= 0.5;` gives E0384 (cannot assign twice to
    //! immutable variable). With a differentiated right side it works (`compound_from_literal` in
    //! tests/primitives.rs). Found by the random programs.
    use adjoint::prelude::*;

    const K: f64 = 1.5;

    #[differentiable]
    fn literal(x: f64) -> f64 {
        let mut v = 3.0;
        v += 2.0;
        v * x
    }

    #[differentiable]
    fn constant(x: f64) -> f64 {
        let mut v = K.sin();
        v *= 0.5;
        v * x
    }

    #[test]
    fn literal_accumulator_updated_by_a_constant() {
        assert_eq!(literal_grad(2.0), (10.0, 5.0));
        let v = 1.5_f64.sin() * 0.5;
        assert_eq!(constant_grad(2.0), (v * 2.0, v));
    }
}

mod method_of_a_model_outside_wrt {
    //! A differentiable `&self` method called on a model that `wrt` leaves out was rejected with
    //! "the method `g` is not supported on a differentiated value" (by reference or by value).
    //! Found by the random programs.
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub w: f64,
    }

    impl M {
        #[differentiable]
        pub fn g(&self, x: f64) -> f64 {
            self.w * x
        }
    }

    #[differentiable(wrt(y))]
    fn f(y: f64, m: &M) -> f64 {
        m.g(y)
    }

    #[test]
    fn method_of_a_model_outside_wrt() {
        // f = w·y, ∂f/∂y = w.
        assert_eq!(f_grad(2.0, &M { w: 3.0 }), (6.0, 3.0));
    }
}

mod method_of_a_variable_reassigned_a_literal {
    //! A `let mut` float reassigned an untyped literal and then given a method call did not
    //! compile: E0689, can't call method `tan` on ambiguous numeric type `{float}` (the expansion
    //! substituted the literal for the variable, which had the type `f64`). The same with a
    //! constant or a field in place of `x`. Found by the random programs (seed 11, programs 51
    //! and 217).
    use adjoint::prelude::*;

    const K: f64 = 1.5;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub w: f64,
    }

    #[differentiable]
    fn f(x: f64) -> f64 {
        let mut v = x;
        v = 0.5;
        v.tan() * x
    }

    #[differentiable]
    fn constant(x: f64) -> f64 {
        let mut v = K;
        v = 0.5;
        v.tan() * x
    }

    #[differentiable]
    fn field(x: f64, m: &M) -> f64 {
        let mut v = m.w;
        v = 0.5;
        v.tan() * x * m.w
    }

    #[test]
    fn method_of_a_variable_reassigned_a_literal() {
        let t = 0.5_f64.tan();
        assert_eq!(f_grad(2.0), (t * 2.0, t));
        assert_eq!(constant_grad(2.0), (t * 2.0, t));
        let (value, (dx, dm)) = field_grad(2.0, &M { w: 3.0 });
        assert_eq!((value, dx, dm.w), (t * 2.0 * 3.0, t * 3.0, t * 2.0));
    }
}

mod reversed_axes_of_an_owned_value {
    //! `reversed_axes()` of an owned array that is not an argument: the expansion treats it like
    //! `t()` of a view and did not compile (E0308 / E0505). Found by the random programs.
    use adjoint::check::check_vjp;
    use adjoint::ndarray::{Array2, array};
    use adjoint::prelude::*;

    #[differentiable]
    fn f(a: &Array2<f64>) -> Array2<f64> {
        (a * 2.0).reversed_axes()
    }

    #[test]
    fn reversed_axes_of_an_owned_value() {
        let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let c = array![[1.0, -1.0], [0.5, 2.0], [3.0, 0.0]];
        let (value, da) = f_vjp(&a, &c);
        assert_eq!(value, f(&a));
        // f(a) = 2aᵀ, so the VJP with c is 2cᵀ.
        assert_eq!(da, 2.0 * &c.t());
        check_vjp(f, &a, &c, &da).assert_ok();
    }
}

mod reversed_view_as_a_view_argument {
    //! `a.view().reversed_axes()` passed to a differentiable function that takes an `ArrayView2`
    //! did not compile: E0308, expected `&ArrayView2`, found `&Array2` (the runtime's
    //! `reversed_axes` copied the view into an owned array). Found by the random programs
    //! (seed 0, program 224).
    use adjoint::check::check_vjp;
    use adjoint::ndarray::{Array2, ArrayView2, array};
    use adjoint::prelude::*;

    #[differentiable]
    fn g(x: ArrayView2<'_, f64>) -> Array2<f64> {
        x.to_owned() * 2.0
    }

    #[differentiable]
    fn f(a: &Array2<f64>) -> Array2<f64> {
        g(a.view().reversed_axes())
    }

    /// Reversed views that a backward pass reads, of a local view and of a view parameter.
    #[differentiable]
    fn h(a: &Array2<f64>, b: ArrayView2<'_, f64>) -> f64 {
        let r = a.view().reversed_axes();
        let s = b.reversed_axes();
        (f(a) * r).sum() + (&s * &r).sum()
    }

    /// Runs `h`'s pullback, which makes the reversed views again.
    #[differentiable]
    fn k(a: &Array2<f64>) -> f64 {
        h(a, a.view())
    }

    #[test]
    fn reversed_view_as_a_view_argument() {
        let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let c = array![[1.0, -1.0], [0.5, 2.0], [3.0, 0.0]];
        let (value, da) = f_vjp(&a, &c);
        assert_eq!(value, f(&a));
        // f(a) = 2aᵀ, so the VJP with c is 2cᵀ.
        assert_eq!(da, 2.0 * &c.t());
        check_vjp(f, &a, &c, &da).assert_ok();
        // h = 2·Σa² + Σa∘b: ∂h/∂a = 4a + b, ∂h/∂b = a.
        let b = array![[0.5, -1.0, 2.0], [1.0, 0.0, -2.0]];
        let (value, (da, db)) = h_grad(&a, b.view());
        assert_eq!(value, h(&a, b.view()));
        assert_eq!((da, db), (4.0 * &a + &b, a.clone()));
        // k = 3·Σa²: ∂k/∂a = 6a.
        assert_eq!(k_grad(&a), (3.0 * 91.0, 6.0 * &a));
    }
}

mod shape_query_of_a_clone {
    //! A local bound to `a.clone()` (or `a.to_owned()`) and used only in a shape query did not
    //! compile: E0382, borrow of moved value. Found by the random programs.
    use adjoint::ndarray::{Array2, array};
    use adjoint::prelude::*;

    #[differentiable]
    fn f(a: &Array2<f64>) -> f64 {
        let b = a.clone();
        let (rows, _cols) = b.dim();
        a.sum() * rows as f64
    }

    #[test]
    fn shape_query_of_a_clone() {
        let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
        assert_eq!(f_grad(&a), (42.0, Array2::from_elem((2, 3), 2.0)));
    }
}

mod update_after_a_constant_reassignment {
    //! A `let mut` that is reassigned a constant method call and then updated did not compile:
    //! E0384, cannot assign twice to immutable variable. Found by the random programs.
    use adjoint::prelude::*;

    #[differentiable]
    fn f(x: f64, n: usize) -> f64 {
        let mut v = x;
        v = (n as f64).tan();
        v /= 0.5;
        x * v
    }

    #[test]
    fn update_after_a_constant_reassignment() {
        let (value, dx) = f_grad(2.0, 1);
        assert_eq!(value, 2.0 * 1.0_f64.tan() / 0.5);
        assert_eq!(dx, 1.0_f64.tan() / 0.5);
    }
}

mod view_of_a_field_outside_wrt_as_an_argument {
    //! `m.s.view()`, a view of a field of a model that `wrt` leaves out, passed to a
    //! differentiable function that takes an `ArrayView1`, did not compile: E0700, the hidden
    //! type of the generated `impl FnOnce(..)` captures a lifetime that does not appear in its
    //! bounds (the pullback kept the view, which borrows from `m`). Without `wrt` it compiled.
    //! Found by the random programs (seed 2, program 1682).
    use adjoint::ndarray::{Array1, ArrayView1, array};
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub s: Array1<f64>,
    }

    #[differentiable]
    fn h(x: &Array1<f64>, v: ArrayView1<'_, f64>) -> Array1<f64> {
        x * &v
    }

    #[differentiable(wrt(x))]
    fn f(x: &Array1<f64>, m: &M) -> Array1<f64> {
        h(x, m.s.view())
    }

    /// Runs `f`'s pullback, which reads the view again.
    #[differentiable(wrt(x))]
    fn g(x: &Array1<f64>, m: &M) -> f64 {
        f(x, m).sum()
    }

    #[test]
    fn view_of_a_field_outside_wrt_as_an_argument() {
        let m = M {
            s: array![2.0, 3.0],
        };
        let (value, dx) = f_vjp(&array![1.0, 1.0], &m, &array![1.0, -1.0]);
        assert_eq!((value, dx), (array![2.0, 3.0], array![2.0, -3.0]));
        assert_eq!(g_grad(&array![1.0, 1.0], &m), (5.0, array![2.0, 3.0]));
    }
}

mod match_as_a_statement {
    //! A `match` written as a statement, its arms blocks without a value (`0 => { v = ..; }`)
    //! or assignments (`1 => v += ..,`), did not compile: "this block has no result expression"
    //! (every arm was lowered as a value). An `if` statement worked. Found by the random
    //! programs once they branched.
    use adjoint::check::check_gradient;
    use adjoint::prelude::*;

    #[derive(Clone, Copy, Debug)]
    pub enum Mode {
        Plain,
        Scaled(f64),
    }

    #[differentiable(wrt(x))]
    fn f(x: f64, n: usize, mode: Mode) -> f64 {
        let mut v = x;
        match n {
            0 => {
                v *= 2.0;
            }
            1 => v += x.sin(),
            _ => {}
        }
        match mode {
            Mode::Plain => {}
            Mode::Scaled(k) => {
                let w = v * k;
                v = w.tanh();
            }
        }
        v * x
    }

    #[test]
    fn match_as_a_statement() {
        let x = 0.7_f64;
        assert_eq!(f_grad(x, 0, Mode::Plain), (2.0 * x * x, 4.0 * x));
        assert_eq!(f_grad(x, 2, Mode::Plain), (x * x, 2.0 * x));
        let (value, dx) = f_grad(x, 1, Mode::Plain);
        assert_eq!(value, (x + x.sin()) * x);
        assert!((dx - ((1.0 + x.cos()) * x + x + x.sin())).abs() < 1e-12);
        for n in 0..3 {
            let (_, dx) = f_grad(x, n, Mode::Scaled(1.5));
            check_gradient(|x: &f64| f(*x, n, Mode::Scaled(1.5)), &x, &dx).assert_ok();
        }
    }
}

mod element_of_a_constant_vec_bound_by_reference {
    //! `let l = &m.layers[i];` in a loop, where `m` is left out of `wrt` (a constant), did not
    //! compile: E0507, cannot move out of index of `Vec<L>` (the `&` was dropped when the element
    //! was bound). Kept as a reference, the binding then has to be made again by the backward
    //! pass rather than kept in the loop's records, which a pullback cannot do for a borrow of
    //! its argument. Found by the random programs (seed 1, programs 44, 614, 783 and more).
    use adjoint::check::check_gradient;
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct L {
        pub u: f64,
    }

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub layers: Vec<L>,
    }

    #[differentiable(wrt(x))]
    fn f(x: f64, m: &M) -> f64 {
        let mut v = x;
        for i in 0..m.layers.len() {
            let l = &m.layers[i];
            v = v * l.u + (v * 0.1).sin();
        }
        v
    }

    /// The same through a pullback: `f` called from another differentiable function.
    #[differentiable(wrt(x))]
    fn g(x: f64, m: &M) -> f64 {
        f(x, m) * x
    }

    impl M {
        #[differentiable]
        fn scale(&self, x: f64) -> f64 {
            let mut v = x;
            for i in 0..self.layers.len() {
                let l = &self.layers[i];
                if i % 2 == 0 {
                    v = v * l.u;
                }
            }
            v.tanh()
        }
    }

    #[differentiable(wrt(x))]
    fn h(x: f64, m: &M) -> f64 {
        m.scale(x) + x
    }

    #[test]
    fn element_of_a_constant_vec_bound_by_reference() {
        let m = M {
            layers: vec![L { u: 2.0 }, L { u: 3.0 }, L { u: -0.5 }],
        };
        let x = 0.4_f64;
        let (value, dx) = f_grad(x, &m);
        assert_eq!(value, f(x, &m));
        check_gradient(|x: &f64| f(*x, &m), &x, &dx).assert_ok();
        let (_, dx) = g_grad(x, &m);
        check_gradient(|x: &f64| g(*x, &m), &x, &dx).assert_ok();
        let (_, dx) = h_grad(x, &m);
        check_gradient(|x: &f64| h(*x, &m), &x, &dx).assert_ok();
    }
}

mod slice_of_a_constant_field_as_an_operand {
    //! `&m.w.slice(s![0..3, 0..3])` (or `.row(i)`, `.index_axis(..)`) of a model outside `wrt`,
    //! used as an operand, did not compile in the hidden forward: E0700, the pullback kept the
    //! view, which borrows the argument. Such views are now made again where they are used, like
    //! `m.w.t()`. Found by the random programs (seed 1, program 2668).
    use adjoint::check::check_vjp;
    use adjoint::ndarray::{Array2, Axis, array, s};
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub w: Array2<f64>,
    }

    #[differentiable(wrt(x2))]
    pub fn f(m: &M, x2: &Array2<f64>, x1: &Array2<f64>) -> Array2<f64> {
        let v1 = m.w.slice(s![1..3, 0..2]);
        (x1 - x2) * &m.w.slice(s![0..2, 0..2])
            + &m.w.index_axis(Axis(1), 2).slice(s![0..2])
            + m.w.row(0).sum()
    }

    #[differentiable(wrt(x2))]
    pub fn g(m: &M, x2: &Array2<f64>, x1: &Array2<f64>) -> f64 {
        f(m, x2, x1).sum()
    }

    #[test]
    fn slice_of_a_constant_field_as_an_operand() {
        let m = M {
            w: array![[0.5, -1.0, 0.2], [0.3, 0.8, -0.4], [1.1, 0.1, 0.6]],
        };
        let x1 = array![[0.1, 0.2], [0.3, 0.4]];
        let x2 = array![[-0.5, 0.7], [0.2, -0.1]];
        let c = array![[1.0, -2.0], [0.5, 3.0]];
        let (_, dx2) = f_vjp(&m, &x2, &x1, &c);
        check_vjp(|x2: &Array2<f64>| f(&m, x2, &x1), &x2, &c, &dx2).assert_ok();
        let (_, dx2) = g_grad(&m, &x2, &x1);
        assert_eq!(dx2, -&m.w.slice(s![0..2, 0..2]));
    }
}

mod whole_model_written_before_its_parts {
    //! A model passed whole to another function (`helper(m.clone(), x)`) after one of its parts
    //! was read gets its adjoint from the call first (the backward pass runs last to first). With
    //! the gradient started unfilled, the check of that first write compared it with a float
    //! field's zero and panicked ("a part's adjoint has 2 elements, the part 1"). Found by the
    //! random programs (seed 21, program 537).
    use adjoint::check::check_gradient;
    use adjoint::ndarray::{Array1, array};
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub w: f64,
        pub b: Array1<f64>,
    }

    #[differentiable]
    fn helper(m: M, x: f64) -> f64 {
        m.w * x + m.b.sum()
    }

    #[differentiable]
    fn f(m: &M, x: f64) -> f64 {
        let a = m.b.dot(&m.b);
        helper(m.clone(), x) * a
    }

    #[test]
    fn whole_model_written_before_its_parts() {
        let m = M {
            w: 0.7,
            b: array![0.3, -0.5],
        };
        let x = 1.3;
        let (_, (dm, dx)) = f_grad(&m, x);
        check_gradient(|m: &M| f(m, x), &m, &dm).assert_ok();
        check_gradient(|x: &f64| f(&m, *x), &x, &dx).assert_ok();
    }
}

mod reference_to_a_temporary_of_a_constant {
    //! `&(m.w.to_owned())` with `m` outside `wrt`: keeping the `&` (as `&m.layers[i]` needs)
    //! made the pullback hold a reference to a temporary (E0716). A reference to a temporary
    //! is the value itself, which its users borrow. Found by the random programs (seed 21,
    //! program 965).
    use adjoint::check::check_gradient;
    use adjoint::ndarray::{Array2, array};
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub w: Array2<f64>,
    }

    #[differentiable(wrt(x))]
    fn f(x: &Array2<f64>, m: &M, steps: usize) -> f64 {
        let mut v = x.dot(&(m.w.to_owned()));
        for _ in 0..steps {
            v = v.tanh().dot(&(m.w.to_owned()));
        }
        v.sum()
    }

    #[differentiable(wrt(x))]
    fn g(x: &Array2<f64>, m: &M) -> f64 {
        f(x, m, 2) * 2.0
    }

    #[test]
    fn reference_to_a_temporary_of_a_constant() {
        let m = M {
            w: array![[0.5, -0.2], [0.1, 0.9]],
        };
        let x = array![[0.3, -0.4], [1.0, 0.2]];
        let (_, dx) = g_grad(&x, &m);
        check_gradient(|x: &Array2<f64>| g(x, &m), &x, &dx).assert_ok();
    }
}

mod element_of_a_local_as_a_result_or_a_carry {
    //! An element of an array made in a branch or a loop body, as the branch's value or the
    //! loop's carried float, did not compile: E0382, borrow of moved value (the record of the arm
    //! or iteration moved the array, then `v[0]` read it). Found by the random programs (seed 1,
    //! program 2944: `v15 *= ..; v15[[1, 2]]` as the `else` of an `if` value).
    use adjoint::check::check_gradient;
    use adjoint::ndarray::{Array1, array};
    use adjoint::prelude::*;

    #[differentiable]
    fn branch(x: f64, a: &Array1<f64>) -> f64 {
        if x > 0.0 {
            x
        } else {
            let mut v = a * x;
            v *= a;
            v[0]
        }
    }

    #[differentiable]
    fn for_loop(x: f64, a: &Array1<f64>, n: usize) -> f64 {
        let mut s = x;
        for _ in 0..n {
            let v = a * s;
            s = v[0];
        }
        s
    }

    #[differentiable]
    fn loop_with_a_break(x: f64, a: &Array1<f64>, n: usize) -> f64 {
        let mut s = x;
        let mut i = 0;
        loop {
            let v = a * s;
            s = v[0];
            if i >= n {
                break;
            }
            let w = a * s;
            s = w[1];
            i += 1;
        }
        s
    }

    #[test]
    fn element_of_a_local_as_a_result_or_a_carry() {
        let a = array![0.5, -1.5];
        let at = |x: f64| (x, a.clone());
        for x in [0.7, -0.7] {
            let (value, g) = branch_grad(x, &a);
            assert_eq!(value, branch(x, &a));
            check_gradient(|p: &(f64, Array1<f64>)| branch(p.0, &p.1), &at(x), &g).assert_ok();
        }
        assert_eq!(
            branch_grad(-0.7, &a),
            (-0.7 * 0.25, (0.25, array![-1.4 * 0.5, 0.0]))
        );
        for n in 0..4 {
            let (value, g) = for_loop_grad(0.7, &a, n);
            assert_eq!(value, for_loop(0.7, &a, n));
            check_gradient(
                |p: &(f64, Array1<f64>)| for_loop(p.0, &p.1, n),
                &at(0.7),
                &g,
            )
            .assert_ok();
            let (value, g) = loop_with_a_break_grad(0.7, &a, n);
            assert_eq!(value, loop_with_a_break(0.7, &a, n));
            check_gradient(
                |p: &(f64, Array1<f64>)| loop_with_a_break(p.0, &p.1, n),
                &at(0.7),
                &g,
            )
            .assert_ok();
        }
    }
}

mod view_of_a_temporary_passed_as_a_view {
    //! `((&m.b + &m.b).sin()).view()` of a model outside `wrt`, passed to a function that takes
    //! a view, did not compile: E0716, the constant was bound as a view of a temporary that is
    //! dropped at once. The temporary is now bound and the view made from it where it is used.
    //! Found by the random programs (seed 31, program 535).
    use adjoint::check::check_gradient;
    use adjoint::ndarray::{Array1, ArrayView1, array};
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub b: Array1<f64>,
    }

    #[differentiable]
    fn helper(x: &Array1<f64>, v: ArrayView1<'_, f64>) -> f64 {
        (x * &v).sum()
    }

    #[differentiable(wrt(x))]
    fn f(x: &Array1<f64>, m: &M, flag: bool) -> f64 {
        match flag {
            true => helper(x, ((&m.b + &m.b).sin()).view()),
            false => helper(x, m.b.view()) * 2.0,
        }
    }

    #[test]
    fn view_of_a_temporary_passed_as_a_view() {
        let m = M {
            b: array![0.3, -0.5],
        };
        let x = array![1.0, 2.0];
        for flag in [true, false] {
            let (_, dx) = f_grad(&x, &m, flag);
            check_gradient(|x: &Array1<f64>| f(x, &m, flag), &x, &dx).assert_ok();
        }
    }
}

mod constant_view_of_a_model_read_by_the_backward {
    //! A view of a model's field outside `wrt` (`m.s.slice(..)`), read by the backward pass,
    //! did not compile: E0700, the pullback's closure captured the view and with it the
    //! argument's lifetime, which its `impl FnOnce` type may not name. The closure now makes
    //! such a constant again from its own arguments, as pullbacks of loops and branches did.
    //! Found by the random programs (seed 6, program 539).
    use adjoint::check::check_gradient;
    use adjoint::ndarray::{Array1, Array2, array};
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub s: Array2<f64>,
    }

    #[differentiable(wrt(x))]
    fn f(x: &Array1<f64>, m: &M) -> f64 {
        let v = m.s.slice(s![0..2, ..;-1]);
        v.dot(x).sum()
    }

    /// Through a caller, which runs `f`'s pullback.
    #[differentiable(wrt(x))]
    fn g(x: &Array1<f64>, m: &M) -> f64 {
        f(x, m) * 2.0
    }

    #[test]
    fn constant_view_of_a_model_read_by_the_backward() {
        let m = M {
            s: array![[1.0, 2.0], [3.0, -4.0], [0.5, 0.25]],
        };
        let x = array![0.5, -1.5];
        let (_, dx) = g_grad(&x, &m);
        check_gradient(|x: &Array1<f64>| g(x, &m), &x, &dx).assert_ok();
        // d/dx Σ (S[0..2, ::-1] · x) = column sums of the reversed rows: [2 − 4, 1 + 3], twice.
        assert_eq!(dx, array![-4.0, 8.0]);
    }
}

mod element_of_an_array_carried_with_it_into_a_loop {
    //! An array and one of its elements, both updated in a loop, did not compile when the array
    //! was not read after the loop: E0382, borrow of moved value. The array moved into its loop
    //! carry before the element's carry read it (`let mut e_carry = pass(&a[c])`). Found by the
    //! random programs (seed 2, program 44).
    use adjoint::check::check_gradient;
    use adjoint::ndarray::{Array2, array};
    use adjoint::prelude::*;

    /// Neither carry reaches the output.
    #[differentiable]
    pub fn unread(x: &Array2<f64>, y: &Array2<f64>) -> Array2<f64> {
        let mut a = softmax(x);
        let mut e = a[[0, 0]];
        for _ in 0..2 {
            a -= 0.5;
            e += a[[0, 0]];
        }
        y * y
    }

    /// The element reaches the output; the array only through it.
    #[differentiable]
    pub fn element_read(x: &Array2<f64>) -> f64 {
        let mut a = softmax(x);
        let mut e = a[[0, 1]];
        for _ in 0..3 {
            a *= 0.5;
            e += a[[0, 0]].sin();
        }
        e
    }

    #[test]
    fn element_of_an_array_carried_with_it_into_a_loop() {
        let x = array![[0.3, -0.2, 1.0], [0.5, 0.1, -0.7]];
        let (value, (dx, dy)) = unread_vjp(&x, &x, &Array2::ones((2, 3)));
        assert_eq!(value, &x * &x);
        assert_eq!(dx, Array2::zeros((2, 3)));
        assert_eq!(dy, 2.0 * &x);
        let (value, dx) = element_read_grad(&x);
        assert_eq!(value, element_read(&x));
        check_gradient(element_read, &x, &dx).assert_ok();
    }
}

mod model_field_local_updated_in_a_branch {
    //! A local computed from a field of a model outside `wrt`, updated with a differentiated
    //! value inside an `if` and read after it, did not compile: E0382, use of moved value (the
    //! arm that leaves it alone moved it into the branch's result, while the other arm's backward
    //! pass still reads it). Found by the random programs (seed 1, program 225).
    use adjoint::ndarray::{Array1, array};
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub b: Array1<f64>,
    }

    #[differentiable(wrt(x))]
    fn f(m: &M, x: &Array1<f64>, flag: bool) -> f64 {
        let mut v = m.b.to_owned();
        if flag {
            v *= x;
        }
        x.dot(&v)
    }

    #[test]
    fn model_field_local_updated_in_a_branch() {
        let m = M {
            b: array![1.0, 2.0],
        };
        let x = array![3.0, 4.0];
        // x·(b ⊙ x): the gradient is 2 b ⊙ x; x·b: the gradient is b.
        assert_eq!(f_grad(&m, &x, true), (41.0, array![6.0, 16.0]));
        assert_eq!(f_grad(&m, &x, false), (11.0, array![1.0, 2.0]));
    }
}

mod value_of_compound_assignment_on_a_transposed_array {
    //! `v -= x` on an array in column-major order (`reversed_axes`) keeps that order in the
    //! function, so its `.sum()` adds in that order; `NAME_grad` made a new array in row-major
    //! order and summed in another order, so its value differed from the function's in the last
    //! bits. Found by the random programs (seed 14, program 504).
    use adjoint::ndarray::{Array1, Array2};
    use adjoint::prelude::*;

    #[differentiable]
    fn f(x2: &Array1<f64>, x3: &Array2<f64>, x5: &Array2<f64>) -> f64 {
        let mut v1 = (x2 * x3).reversed_axes();
        v1 -= x5;
        (&v1 * 0.119).sum()
    }

    #[test]
    fn value_of_compound_assignment_on_a_transposed_array() {
        for s in 0..20_u64 {
            let r = |i: u64| ((i * 2_654_435_761 + s * 97) % 1000) as f64 / 1000.0 - 0.5;
            let x2 = Array1::from_shape_fn(4, |i| r(i as u64));
            let x3 = Array2::from_shape_fn((3, 4), |(i, j)| r(10 + (i * 4 + j) as u64));
            let x5 = Array2::from_shape_fn((4, 3), |(i, j)| r(50 + (i * 3 + j) as u64));
            assert_eq!(f_grad(&x2, &x3, &x5).0, f(&x2, &x3, &x5), "seed {s}");
            assert_eq!(
                f_jvp(&x2, &x3, &x5, &x2, &x3, &x5).0,
                f(&x2, &x3, &x5),
                "seed {s}"
            );
        }
    }
}

mod value_of_a_map_of_a_reversed_view {
    //! `cos()` of a view with reversed axes (`s![..;-1, ..;-1]`) keeps their negative strides
    //! in ndarray, so its `.sum()` adds in memory order; the runtime made the result in
    //! standard layout and summed in another order, so `NAME_grad`'s value differed from the
    //! function's in the last bit. Found by the random programs (seed 32, program 119).
    use adjoint::ndarray::{Array2, s};
    use adjoint::prelude::*;

    #[differentiable]
    fn f(x4: &Array2<f64>) -> f64 {
        ((x4.slice(s![..;-1, ..;-1])).cos()).sum() * 0.066
    }

    #[test]
    fn value_of_a_map_of_a_reversed_view() {
        for seed in 0..200_u64 {
            let r = |i: u64| ((i * 2_654_435_761 + seed * 97) % 1000) as f64 / 500.0 - 1.0;
            let x = Array2::from_shape_fn((3, 4), |(i, j)| r((i * 4 + j) as u64));
            assert_eq!(f_grad(&x).0, f(&x), "seed {seed}");
            assert_eq!(f_jvp(&x, &x).0, f(&x), "seed {seed}");
        }
    }
}

mod value_of_a_sum_of_column_major_arrays {
    //! `&t + &t` of column-major arrays: ndarray's operator collects a column-major sum, the
    //! runtime made a row-major one, so `mse`, which adds in memory order, summed the squares in
    //! another order and `NAME_grad`'s value differed from the function's in the last bit.
    //! Found by the random programs (seed 103, program 652).
    use adjoint::ndarray::Array2;
    use adjoint::prelude::*;

    #[differentiable]
    fn f(x: &Array2<f64>) -> f64 {
        let t = x.to_owned().reversed_axes();
        mse(&t, &(&t + &t))
    }

    #[test]
    fn value_of_a_sum_of_column_major_arrays() {
        for seed in 0..200_usize {
            let x = Array2::from_shape_fn((3, 5), |(i, j)| {
                (((i * 7 + j * 3 + seed * 13) % 29) as f64 / 7.3).sin()
            });
            assert_eq!(f_grad(&x).0, f(&x), "seed {seed}");
            assert_eq!(f_jvp(&x, &x).0, f(&x), "seed {seed}");
        }
    }
}

mod closure_reading_a_loop_element_in_a_constant {
    //! A map of a constant array whose closure reads the element of a `for` loop over a model's
    //! layers (`m.w.mapv(|e| (e * layer.u).tanh())`, the model not differentiated), kept as
    //! written as the start of an array written into, and the names it reads were renamed everywhere but inside the closure: the
    //! generated code named a loop element that it does not bind. Found by the random programs
    //! (seed 58).
    use adjoint::check::check_gradient;
    use adjoint::ndarray::{Array1, array, s};
    use adjoint::prelude::*;

    #[derive(Params, Clone, Debug)]
    pub struct M {
        pub w: Array1<f64>,
        pub layers: Vec<L>,
    }

    #[derive(Params, Clone, Debug)]
    pub struct L {
        pub u: f64,
    }

    #[differentiable(wrt(x))]
    fn f(m: &M, x: &Array1<f64>) -> f64 {
        let mut total = 0.0;
        for layer in m.layers.iter() {
            let scaled = {
                let mut v = (m.w.mapv(|e| (e * layer.u).tanh())).to_owned();
                v.slice_mut(s![1..]).assign(&(x.slice(s![..2]).abs()));
                v
            };
            total += (x * &scaled).sum();
        }
        total
    }

    #[test]
    fn closure_reading_a_loop_element_in_a_constant() {
        let m = M {
            w: array![0.5, -1.0, 2.0],
            layers: vec![L { u: 0.3 }, L { u: -1.2 }],
        };
        let x = array![0.1, 0.7, -0.4];
        let (value, grad) = f_grad(&m, &x);
        assert_eq!(value, f(&m, &x));
        check_gradient(|x: &Array1<f64>| f(&m, x), &x, &grad).assert_ok();
    }
}

mod part_read_after_a_loop_that_carries_its_array {
    //! `let v3 = v1[0];` before a loop that updates `v1`: the part is read where it is used,
    //! after the loop, from the value `v1` had before it; forward mode moved that value into
    //! the loop's carry, and the entries did not compile ("borrow of moved value"). Found by
    //! the random programs (seed 61, program 14).
    use adjoint::check::{check_gradient, check_hvp, check_jvp};
    use adjoint::ndarray::{Array1, array};
    use adjoint::prelude::*;

    #[differentiable]
    fn f(x: &Array1<f64>, a: f64, flag: bool, steps: usize) -> f64 {
        let mut v1 = x.tanh();
        if flag {
            v1 = x.to_owned();
        } else {
            v1 += a;
        }
        let v3 = v1[0];
        for _ in 0..steps {
            v1 -= 0.5;
        }
        v1.sum() * v3
    }

    #[test]
    fn part_read_after_a_loop_that_carries_its_array() {
        let x = array![0.5, -1.0, 0.25];
        for (flag, steps) in [(false, 2), (true, 3), (false, 0)] {
            let g = |p: &(Array1<f64>, f64)| f(&p.0, p.1, flag, steps);
            let (value, grad) = f_grad(&x, 0.3, flag, steps);
            assert_eq!(value, f(&x, 0.3, flag, steps));
            check_gradient(g, &(x.clone(), 0.3), &grad).assert_ok();
            let d = (array![0.2, 0.1, -0.4], 0.7);
            let (_, tangent) = f_jvp(&x, 0.3, flag, steps, &d.0, d.1);
            check_jvp(g, &(x.clone(), 0.3), &d, &tangent).assert_ok();
            let (_, _, hv) = f_hvp(&x, 0.3, flag, steps, &d.0, d.1);
            let grad_of = |p: &(Array1<f64>, f64)| f_grad(&p.0, p.1, flag, steps).1;
            check_hvp(grad_of, &(x.clone(), 0.3), &d, &hv).assert_ok();
        }
    }
}

#[allow(dead_code)]
fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}
#[allow(
    dead_code,
    unused_variables,
    unused_mut,
    unused_assignments,
    unused_parens,
    non_snake_case,
    dropping_copy_types,
    dropping_references,
    unreachable_code,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]
#[inline]
fn rosenbrock_grad(x: f64, y: f64) -> (f64, (f64, f64)) {
    let t = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &::adjoint::__private::literal_like(&x, 1.0),
        &x,
    );
    let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Powi(2), &t);
    let t_2 = ::adjoint::__private::binary::forward(&::adjoint::__private::Mul, &x, &x);
    let t_3 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &y,
        &t_2,
    );
    let t_4 = ::adjoint::__private::unary::forward(&::adjoint::__private::Powi(2), &t_3);
    let t_5 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_4, 100.0),
        &t_4,
    );
    let t_6 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_1,
        &t_5,
    );
    let d_t_6: f64 = ::adjoint::__private::one();
    let d_t_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_6,
        &t_1,
        &t_5,
        &t_6,
    );
    let d_t_5 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_6,
        &t_1,
        &t_5,
        &t_6,
    );
    let d_t_4 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_5,
        &::adjoint::__private::literal_like(&t_4, 100.0),
        &t_4,
        &t_5,
    );
    let d_t_3 = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Powi(2),
        d_t_4,
        &t_3,
        &t_4,
    );
    let d_y = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Sub,
        &d_t_3,
        &y,
        &t_2,
        &t_3,
    );
    let d_t_2 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Sub,
        d_t_3,
        &y,
        &t_2,
        &t_3,
    );
    let mut d_x = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Mul,
        &d_t_2,
        &x,
        &x,
        &t_2,
    );
    ::adjoint::__private::accumulate(
        &mut d_x,
        ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Mul,
            d_t_2,
            &x,
            &x,
            &t_2,
        ),
    );
    let d_t = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Powi(2),
        d_t_1,
        &t,
        &t_1,
    );
    ::adjoint::__private::accumulate(
        &mut d_x,
        ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Sub,
            d_t,
            &::adjoint::__private::literal_like(&x, 1.0),
            &x,
            &t,
        ),
    );
    (t_6, (d_x, d_y))
}
#[allow(
    dead_code,
    unused_variables,
    unused_mut,
    unused_assignments,
    unused_parens,
    non_snake_case,
    dropping_copy_types,
    dropping_references,
    unreachable_code,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]
#[inline]
fn rosenbrock_grad_into_with(
    x: f64,
    y: f64,
    grads: &mut (f64, f64),
    workspace: &mut ::adjoint::Workspace,
    hook: &mut impl ::adjoint::GradientHook,
) -> f64 {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    ::adjoint::__private::check_tangent::<
        f64,
    >("rosenbrock_grad_into", "grads.0", "x", &x, &grads.0);
    ::adjoint::__private::check_tangent::<
        f64,
    >("rosenbrock_grad_into", "grads.1", "y", &y, &grads.1);
    let installed = ::adjoint::__private::install(workspace);
    {
        let t = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &::adjoint::__private::literal_like(&x, 1.0),
            &x,
        );
        let t_1 = ::adjoint::__private::unary::forward(
            &::adjoint::__private::Powi(2),
            &t,
        );
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &x,
            &x,
        );
        let t_3 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &y,
            &t_2,
        );
        let t_4 = ::adjoint::__private::unary::forward(
            &::adjoint::__private::Powi(2),
            &t_3,
        );
        let t_5 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_4, 100.0),
            &t_4,
        );
        let t_6 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t_1,
            &t_5,
        );
        let d_t_6: f64 = ::adjoint::__private::one();
        let d_t_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Add,
            &d_t_6,
            &t_1,
            &t_5,
            &t_6,
        );
        let d_t_5 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Add,
            d_t_6,
            &t_1,
            &t_5,
            &t_6,
        );
        hook.progress();
        let d_t_4 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Mul,
            d_t_5,
            &::adjoint::__private::literal_like(&t_4, 100.0),
            &t_4,
            &t_5,
        );
        hook.progress();
        let d_t_3 = ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Powi(2),
            d_t_4,
            &t_3,
            &t_4,
        );
        hook.progress();
        let d_y = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Sub,
            &d_t_3,
            &y,
            &t_2,
            &t_3,
        );
        let d_t_2 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Sub,
            d_t_3,
            &y,
            &t_2,
            &t_3,
        );
        ::adjoint::__private::accumulate(&mut grads.1, d_y);
        hook.part_final(&grads.1);
        hook.progress();
        let mut d_x = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Mul,
            &d_t_2,
            &x,
            &x,
            &t_2,
        );
        ::adjoint::__private::accumulate(
            &mut d_x,
            ::adjoint::__private::binary::vjp_rhs_owned(
                &::adjoint::__private::Mul,
                d_t_2,
                &x,
                &x,
                &t_2,
            ),
        );
        hook.progress();
        let d_t = ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Powi(2),
            d_t_1,
            &t,
            &t_1,
        );
        hook.progress();
        ::adjoint::__private::accumulate(
            &mut d_x,
            ::adjoint::__private::binary::vjp_rhs_owned(
                &::adjoint::__private::Sub,
                d_t,
                &::adjoint::__private::literal_like(&x, 1.0),
                &x,
                &t,
            ),
        );
        ::adjoint::__private::accumulate(&mut grads.0, d_x);
        hook.part_final(&grads.0);
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_5)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_4)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_3)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_2)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t)))
            .recycle_it();
        t_6
    }
}
#[allow(
    dead_code,
    unused_variables,
    unused_mut,
    unused_assignments,
    unused_parens,
    non_snake_case,
    dropping_copy_types,
    dropping_references,
    unreachable_code,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]
#[inline]
fn rosenbrock_grad_into(
    x: f64,
    y: f64,
    grads: &mut (f64, f64),
    workspace: &mut ::adjoint::Workspace,
) -> f64 {
    rosenbrock_grad_into_with(x, y, grads, workspace, &mut ())
}
#[allow(
    dead_code,
    unused_variables,
    unused_mut,
    unused_assignments,
    unused_parens,
    non_snake_case,
    dropping_copy_types,
    dropping_references,
    unreachable_code,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]
#[inline]
fn rosenbrock_vjp(x: f64, y: f64, cotangent: &f64) -> (f64, (f64, f64)) {
    let t = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &::adjoint::__private::literal_like(&x, 1.0),
        &x,
    );
    let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Powi(2), &t);
    let t_2 = ::adjoint::__private::binary::forward(&::adjoint::__private::Mul, &x, &x);
    let t_3 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &y,
        &t_2,
    );
    let t_4 = ::adjoint::__private::unary::forward(&::adjoint::__private::Powi(2), &t_3);
    let t_5 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_4, 100.0),
        &t_4,
    );
    let t_6 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_1,
        &t_5,
    );
    ::adjoint::__private::check_tangent::<
        f64,
    >("rosenbrock_vjp", "cotangent", "rosenbrock(..)", &t_6, cotangent);
    let d_t_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        cotangent,
        &t_1,
        &t_5,
        &t_6,
    );
    let d_t_5 = ::adjoint::__private::binary::vjp_rhs(
        &::adjoint::__private::Add,
        cotangent,
        &t_1,
        &t_5,
        &t_6,
    );
    let d_t_4 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_5,
        &::adjoint::__private::literal_like(&t_4, 100.0),
        &t_4,
        &t_5,
    );
    let d_t_3 = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Powi(2),
        d_t_4,
        &t_3,
        &t_4,
    );
    let d_y = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Sub,
        &d_t_3,
        &y,
        &t_2,
        &t_3,
    );
    let d_t_2 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Sub,
        d_t_3,
        &y,
        &t_2,
        &t_3,
    );
    let mut d_x = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Mul,
        &d_t_2,
        &x,
        &x,
        &t_2,
    );
    ::adjoint::__private::accumulate(
        &mut d_x,
        ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Mul,
            d_t_2,
            &x,
            &x,
            &t_2,
        ),
    );
    let d_t = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Powi(2),
        d_t_1,
        &t,
        &t_1,
    );
    ::adjoint::__private::accumulate(
        &mut d_x,
        ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Sub,
            d_t,
            &::adjoint::__private::literal_like(&x, 1.0),
            &x,
            &t,
        ),
    );
    (t_6, (d_x, d_y))
}
#[allow(
    dead_code,
    unused_variables,
    unused_mut,
    unused_assignments,
    unused_parens,
    non_snake_case,
    dropping_copy_types,
    dropping_references,
    unreachable_code,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]
#[inline]
fn rosenbrock_jvp(x: f64, y: f64, d_x: f64, d_y: f64) -> (f64, f64) {
    let t = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &::adjoint::__private::literal_like(&x, 1.0),
        &x,
    );
    let d_t = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Sub,
        &::adjoint::__private::literal_like(&x, 1.0),
        &x,
        &t,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
    );
    let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Powi(2), &t);
    let d_t_1 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Powi(2),
        &t,
        &t_1,
        &d_t,
    );
    ::core::mem::drop(d_t);
    ::core::mem::drop(t);
    let t_2 = ::adjoint::__private::binary::forward(&::adjoint::__private::Mul, &x, &x);
    let d_t_2 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &x,
        &x,
        &t_2,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
    );
    let t_3 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &y,
        &t_2,
    );
    let d_t_3 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Sub,
        &y,
        &t_2,
        &t_3,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
    );
    ::core::mem::drop(d_t_2);
    ::core::mem::drop(t_2);
    let t_4 = ::adjoint::__private::unary::forward(&::adjoint::__private::Powi(2), &t_3);
    let d_t_4 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Powi(2),
        &t_3,
        &t_4,
        &d_t_3,
    );
    ::core::mem::drop(d_t_3);
    ::core::mem::drop(t_3);
    let t_5 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_4, 100.0),
        &t_4,
    );
    let d_t_5 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_4, 100.0),
        &t_4,
        &t_5,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
    );
    ::core::mem::drop(d_t_4);
    ::core::mem::drop(t_4);
    let t_6 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_1,
        &t_5,
    );
    let d_t_6 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &t_1,
        &t_5,
        &t_6,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
    );
    ::core::mem::drop(d_t_5);
    ::core::mem::drop(d_t_1);
    ::core::mem::drop(t_5);
    ::core::mem::drop(t_1);
    let tangent = d_t_6;
    (t_6, tangent)
}
#[allow(
    dead_code,
    unused_variables,
    unused_mut,
    unused_assignments,
    unused_parens,
    non_snake_case,
    dropping_copy_types,
    dropping_references,
    unreachable_code,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]
#[inline]
fn rosenbrock_hvp(x: f64, y: f64, d_x: f64, d_y: f64) -> (f64, (f64, f64), (f64, f64)) {
    let t = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &::adjoint::__private::literal_like(&x, 1.0),
        &x,
    );
    let d_t = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Sub,
        &::adjoint::__private::literal_like(&x, 1.0),
        &x,
        &t,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
    );
    let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Powi(2), &t);
    let d_t_1 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Powi(2),
        &t,
        &t_1,
        &d_t,
    );
    let t_2 = ::adjoint::__private::binary::forward(&::adjoint::__private::Mul, &x, &x);
    let d_t_2 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &x,
        &x,
        &t_2,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
    );
    let t_3 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &y,
        &t_2,
    );
    let d_t_3 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Sub,
        &y,
        &t_2,
        &t_3,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
    );
    let t_4 = ::adjoint::__private::unary::forward(&::adjoint::__private::Powi(2), &t_3);
    let d_t_4 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Powi(2),
        &t_3,
        &t_4,
        &d_t_3,
    );
    let t_5 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_4, 100.0),
        &t_4,
    );
    let d_t_5 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_4, 100.0),
        &t_4,
        &t_5,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
    );
    let t_6 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_1,
        &t_5,
    );
    let d_t_6 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &t_1,
        &t_5,
        &t_6,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
    );
    let mut dd_x = ::core::option::Option::None;
    let mut dd_y = ::core::option::Option::None;
    let mut dd_t = ::core::option::Option::None;
    let mut dd_t_1 = ::core::option::Option::None;
    let mut dd_t_2 = ::core::option::Option::None;
    let mut dd_t_3 = ::core::option::Option::None;
    let mut dd_t_4 = ::core::option::Option::None;
    let mut dd_t_5 = ::core::option::Option::None;
    let mut dd_t_6 = ::core::option::Option::None;
    let d_t_6_1: f64 = ::adjoint::__private::one();
    let dd_taken = ::core::option::Option::take(&mut dd_t_6);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_1,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_lhs_jvp(
                &::adjoint::__private::Add,
                &d_t_6_1,
                &t_1,
                &t_5,
                &t_6,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
                ::core::option::Option::as_ref(&dd_taken),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_5,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Add,
                &d_t_6_1,
                &t_1,
                &t_5,
                &t_6,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
                ::core::option::Option::as_ref(&dd_taken),
            ),
        ),
    );
    let d_t_1_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_6_1,
        &t_1,
        &t_5,
        &t_6,
    );
    let d_t_5_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_6_1,
        &t_1,
        &t_5,
        &t_6,
    );
    let dd_taken_1 = ::core::option::Option::take(&mut dd_t_5);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_4,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Mul,
                &d_t_5_1,
                &::adjoint::__private::literal_like(&t_4, 100.0),
                &t_4,
                &t_5,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
                ::core::option::Option::as_ref(&dd_taken_1),
            ),
        ),
    );
    let d_t_4_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_5_1,
        &::adjoint::__private::literal_like(&t_4, 100.0),
        &t_4,
        &t_5,
    );
    let dd_taken_2 = ::core::option::Option::take(&mut dd_t_4);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_3,
        ::core::option::Option::Some(
            ::adjoint::__private::unary::vjp_jvp(
                &::adjoint::__private::Powi(2),
                &d_t_4_1,
                &t_3,
                &t_4,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                ::core::option::Option::as_ref(&dd_taken_2),
            ),
        ),
    );
    let d_t_3_1 = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Powi(2),
        d_t_4_1,
        &t_3,
        &t_4,
    );
    let dd_taken_3 = ::core::option::Option::take(&mut dd_t_3);
    ::adjoint::__private::accumulate_optional(
        &mut dd_y,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_lhs_jvp(
                &::adjoint::__private::Sub,
                &d_t_3_1,
                &y,
                &t_2,
                &t_3,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                ::core::option::Option::as_ref(&dd_taken_3),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_2,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Sub,
                &d_t_3_1,
                &y,
                &t_2,
                &t_3,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                ::core::option::Option::as_ref(&dd_taken_3),
            ),
        ),
    );
    let d_y_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Sub,
        &d_t_3_1,
        &y,
        &t_2,
        &t_3,
    );
    let d_t_2_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Sub,
        d_t_3_1,
        &y,
        &t_2,
        &t_3,
    );
    let dd_taken_4 = ::core::option::Option::take(&mut dd_t_2);
    ::adjoint::__private::accumulate_optional(
        &mut dd_x,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_lhs_jvp(
                &::adjoint::__private::Mul,
                &d_t_2_1,
                &x,
                &x,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                ::core::option::Option::as_ref(&dd_taken_4),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_x,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Mul,
                &d_t_2_1,
                &x,
                &x,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                ::core::option::Option::as_ref(&dd_taken_4),
            ),
        ),
    );
    let mut d_x_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Mul,
        &d_t_2_1,
        &x,
        &x,
        &t_2,
    );
    ::adjoint::__private::accumulate(
        &mut d_x_1,
        ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Mul,
            d_t_2_1,
            &x,
            &x,
            &t_2,
        ),
    );
    let dd_taken_5 = ::core::option::Option::take(&mut dd_t_1);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t,
        ::core::option::Option::Some(
            ::adjoint::__private::unary::vjp_jvp(
                &::adjoint::__private::Powi(2),
                &d_t_1_1,
                &t,
                &t_1,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
                ::core::option::Option::as_ref(&dd_taken_5),
            ),
        ),
    );
    let d_t_7 = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Powi(2),
        d_t_1_1,
        &t,
        &t_1,
    );
    let dd_taken_6 = ::core::option::Option::take(&mut dd_t);
    ::adjoint::__private::accumulate_optional(
        &mut dd_x,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Sub,
                &d_t_7,
                &::adjoint::__private::literal_like(&x, 1.0),
                &x,
                &t,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                ::core::option::Option::as_ref(&dd_taken_6),
            ),
        ),
    );
    ::adjoint::__private::accumulate(
        &mut d_x_1,
        ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Sub,
            d_t_7,
            &::adjoint::__private::literal_like(&x, 1.0),
            &x,
            &t,
        ),
    );
    let gradient = (d_x_1, d_y_1);
    (
        t_6,
        gradient,
        (
            ::adjoint::__private::needed(::adjoint::__private::finish(dd_x, true, &x)),
            ::adjoint::__private::needed(::adjoint::__private::finish(dd_y, true, &y)),
        ),
    )
}
#[allow(non_camel_case_types, dead_code)]
struct rosenbrock {}
impl rosenbrock {
    #[allow(
        dead_code,
        unused_variables,
        unused_mut,
        unused_assignments,
        unused_parens,
        non_snake_case,
        dropping_copy_types,
        dropping_references,
        unreachable_code,
        clippy::all,
        clippy::pedantic,
        clippy::nursery
    )]
    #[inline]
    fn __adjoint_forward(
        x: f64,
        y: f64,
    ) -> (
        f64,
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (&f64, &f64),
                &f64,
                &f64,
                [bool; 2usize],
            ) -> (::core::option::Option<f64>, ::core::option::Option<f64>) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let t = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &::adjoint::__private::literal_like(&x, 1.0),
            &x,
        );
        let t_1 = ::adjoint::__private::unary::forward(
            &::adjoint::__private::Powi(2),
            &t,
        );
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &x,
            &x,
        );
        let t_3 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &y,
            &t_2,
        );
        let t_4 = ::adjoint::__private::unary::forward(
            &::adjoint::__private::Powi(2),
            &t_3,
        );
        let t_5 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_4, 100.0),
            &t_4,
        );
        let t_6 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t_1,
            &t_5,
        );
        let pullback = ::adjoint::__private::Pullback(move |
            (x, y): (&f64, &f64),
            out: &f64,
            g: &f64,
            needs: [bool; 2usize],
        | -> (::core::option::Option<f64>, ::core::option::Option<f64>) {
            let x = *x;
            let y = *y;
            let t_6 = out;
            let mut d_x = ::core::option::Option::None;
            let mut d_y = ::core::option::Option::None;
            let mut d_t = ::core::option::Option::None;
            let mut d_t_1 = ::core::option::Option::None;
            let mut d_t_2 = ::core::option::Option::None;
            let mut d_t_3 = ::core::option::Option::None;
            let mut d_t_4 = ::core::option::Option::None;
            let mut d_t_5 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut d_t_1,
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs(
                            &::adjoint::__private::Add,
                            g,
                            &t_1,
                            &t_5,
                            t_6,
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_5,
                if needs[0usize] || needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs(
                            &::adjoint::__private::Add,
                            g,
                            &t_1,
                            &t_5,
                            t_6,
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            if let ::core::option::Option::Some(g_t_5) = d_t_5.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_4,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_t_5,
                                &::adjoint::__private::literal_like(&t_4, 100.0),
                                &t_4,
                                &t_5,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(g_t_4) = d_t_4.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_3,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::unary::vjp_owned(
                                &::adjoint::__private::Powi(2),
                                g_t_4,
                                &t_3,
                                &t_4,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_y,
                    if needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Sub,
                                &g_t_3,
                                &y,
                                &t_2,
                                &t_3,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_2,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Sub,
                                g_t_3,
                                &y,
                                &t_2,
                                &t_3,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(g_t_2) = d_t_2.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Mul,
                                &g_t_2,
                                &x,
                                &x,
                                &t_2,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_t_2,
                                &x,
                                &x,
                                &t_2,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_t,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::unary::vjp_owned(
                                &::adjoint::__private::Powi(2),
                                g_t_1,
                                &t,
                                &t_1,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(g_t) = d_t.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Sub,
                                g_t,
                                &::adjoint::__private::literal_like(&x, 1.0),
                                &x,
                                &t,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(given) = d_t_5 {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_t_4 {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_t_3 {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_t_2 {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_t_1 {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_t {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_5)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_4)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_3)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_2)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_1)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t)))
                .recycle_it();
            (
                ::adjoint::__private::finish(d_x, needs[0usize], &x),
                ::adjoint::__private::finish(d_y, needs[1usize], &y),
            )
        });
        (t_6, pullback)
    }
    #[allow(
        dead_code,
        unused_variables,
        unused_mut,
        unused_assignments,
        unused_parens,
        non_snake_case,
        dropping_copy_types,
        dropping_references,
        unreachable_code,
        clippy::all,
        clippy::pedantic,
        clippy::nursery
    )]
    #[inline]
    fn __adjoint_jvp(
        x: f64,
        y: f64,
        tangents: (::core::option::Option<&f64>, ::core::option::Option<&f64>),
    ) -> (f64, f64) {
        let (given_0, given_1) = tangents;
        let d_x = match given_0 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&x),
        };
        let d_y = match given_1 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&y),
        };
        {
            let t = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Sub,
                &::adjoint::__private::literal_like(&x, 1.0),
                &x,
            );
            let d_t = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Sub,
                &::adjoint::__private::literal_like(&x, 1.0),
                &x,
                &t,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
            );
            let t_1 = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Powi(2),
                &t,
            );
            let d_t_1 = ::adjoint::__private::unary::jvp(
                &::adjoint::__private::Powi(2),
                &t,
                &t_1,
                &d_t,
            );
            ::core::mem::drop(d_t);
            ::core::mem::drop(t);
            let t_2 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &x,
                &x,
            );
            let d_t_2 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &x,
                &x,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
            );
            let t_3 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Sub,
                &y,
                &t_2,
            );
            let d_t_3 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Sub,
                &y,
                &t_2,
                &t_3,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
            );
            ::core::mem::drop(d_t_2);
            ::core::mem::drop(t_2);
            let t_4 = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Powi(2),
                &t_3,
            );
            let d_t_4 = ::adjoint::__private::unary::jvp(
                &::adjoint::__private::Powi(2),
                &t_3,
                &t_4,
                &d_t_3,
            );
            ::core::mem::drop(d_t_3);
            ::core::mem::drop(t_3);
            let t_5 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&t_4, 100.0),
                &t_4,
            );
            let d_t_5 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&t_4, 100.0),
                &t_4,
                &t_5,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
            );
            ::core::mem::drop(d_t_4);
            ::core::mem::drop(t_4);
            let t_6 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Add,
                &t_1,
                &t_5,
            );
            let d_t_6 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Add,
                &t_1,
                &t_5,
                &t_6,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
            );
            ::core::mem::drop(d_t_5);
            ::core::mem::drop(d_t_1);
            ::core::mem::drop(t_5);
            ::core::mem::drop(t_1);
            let tangent = d_t_6;
            (t_6, tangent)
        }
    }
    #[allow(
        dead_code,
        unused_variables,
        unused_mut,
        unused_assignments,
        unused_parens,
        non_snake_case,
        dropping_copy_types,
        dropping_references,
        unreachable_code,
        clippy::all,
        clippy::pedantic,
        clippy::nursery
    )]
    #[inline]
    #[allow(clippy::too_many_arguments, clippy::type_complexity)]
    fn __adjoint_hvp(
        (arg_0, arg_1): (&f64, &f64),
        tangents: (::core::option::Option<&f64>, ::core::option::Option<&f64>),
        g: &f64,
        dg: ::core::option::Option<&f64>,
        needs: [bool; 2usize],
    ) -> (
        (::core::option::Option<f64>, ::core::option::Option<f64>),
        (::core::option::Option<f64>, ::core::option::Option<f64>),
    ) {
        let x = ::core::clone::Clone::clone(arg_0);
        let y = ::core::clone::Clone::clone(arg_1);
        let (given_0, given_1) = tangents;
        let d_x = match given_0 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&x),
        };
        let d_y = match given_1 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&y),
        };
        let t = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &::adjoint::__private::literal_like(&x, 1.0),
            &x,
        );
        let d_t = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Sub,
            &::adjoint::__private::literal_like(&x, 1.0),
            &x,
            &t,
            ::core::option::Option::None,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
        );
        let t_1 = ::adjoint::__private::unary::forward(
            &::adjoint::__private::Powi(2),
            &t,
        );
        let d_t_1 = ::adjoint::__private::unary::jvp(
            &::adjoint::__private::Powi(2),
            &t,
            &t_1,
            &d_t,
        );
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &x,
            &x,
        );
        let d_t_2 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &x,
            &x,
            &t_2,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
        );
        let t_3 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &y,
            &t_2,
        );
        let d_t_3 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Sub,
            &y,
            &t_2,
            &t_3,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
        );
        let t_4 = ::adjoint::__private::unary::forward(
            &::adjoint::__private::Powi(2),
            &t_3,
        );
        let d_t_4 = ::adjoint::__private::unary::jvp(
            &::adjoint::__private::Powi(2),
            &t_3,
            &t_4,
            &d_t_3,
        );
        let t_5 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_4, 100.0),
            &t_4,
        );
        let d_t_5 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_4, 100.0),
            &t_4,
            &t_5,
            ::core::option::Option::None,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
        );
        let t_6 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t_1,
            &t_5,
        );
        let d_t_6 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Add,
            &t_1,
            &t_5,
            &t_6,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
        );
        let mut dd_x = ::core::option::Option::None;
        let mut dd_y = ::core::option::Option::None;
        let mut dd_t = ::core::option::Option::None;
        let mut dd_t_1 = ::core::option::Option::None;
        let mut dd_t_2 = ::core::option::Option::None;
        let mut dd_t_3 = ::core::option::Option::None;
        let mut dd_t_4 = ::core::option::Option::None;
        let mut dd_t_5 = ::core::option::Option::None;
        let mut dd_t_6 = ::core::option::Option::None;
        dd_t_6 = ::core::option::Option::map(dg, ::core::clone::Clone::clone);
        let dd_taken = ::core::option::Option::take(&mut dd_t_6);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_1,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Add,
                    g,
                    &t_1,
                    &t_5,
                    &t_6,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
                    ::core::option::Option::as_ref(&dd_taken),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_5,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Add,
                    g,
                    &t_1,
                    &t_5,
                    &t_6,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
                    ::core::option::Option::as_ref(&dd_taken),
                ),
            ),
        );
        let d_t_1_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Add,
            g,
            &t_1,
            &t_5,
            &t_6,
        );
        let d_t_5_1 = ::adjoint::__private::binary::vjp_rhs(
            &::adjoint::__private::Add,
            g,
            &t_1,
            &t_5,
            &t_6,
        );
        let dd_taken_1 = ::core::option::Option::take(&mut dd_t_5);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_4,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Mul,
                    &d_t_5_1,
                    &::adjoint::__private::literal_like(&t_4, 100.0),
                    &t_4,
                    &t_5,
                    ::core::option::Option::None,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
                    ::core::option::Option::as_ref(&dd_taken_1),
                ),
            ),
        );
        let d_t_4_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Mul,
            d_t_5_1,
            &::adjoint::__private::literal_like(&t_4, 100.0),
            &t_4,
            &t_5,
        );
        let dd_taken_2 = ::core::option::Option::take(&mut dd_t_4);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_3,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_jvp(
                    &::adjoint::__private::Powi(2),
                    &d_t_4_1,
                    &t_3,
                    &t_4,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                    ::core::option::Option::as_ref(&dd_taken_2),
                ),
            ),
        );
        let d_t_3_1 = ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Powi(2),
            d_t_4_1,
            &t_3,
            &t_4,
        );
        let dd_taken_3 = ::core::option::Option::take(&mut dd_t_3);
        ::adjoint::__private::accumulate_optional(
            &mut dd_y,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Sub,
                    &d_t_3_1,
                    &y,
                    &t_2,
                    &t_3,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                    ::core::option::Option::as_ref(&dd_taken_3),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_2,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Sub,
                    &d_t_3_1,
                    &y,
                    &t_2,
                    &t_3,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                    ::core::option::Option::as_ref(&dd_taken_3),
                ),
            ),
        );
        let d_y_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Sub,
            &d_t_3_1,
            &y,
            &t_2,
            &t_3,
        );
        let d_t_2_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Sub,
            d_t_3_1,
            &y,
            &t_2,
            &t_3,
        );
        let dd_taken_4 = ::core::option::Option::take(&mut dd_t_2);
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Mul,
                    &d_t_2_1,
                    &x,
                    &x,
                    &t_2,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::as_ref(&dd_taken_4),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Mul,
                    &d_t_2_1,
                    &x,
                    &x,
                    &t_2,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::as_ref(&dd_taken_4),
                ),
            ),
        );
        let mut d_x_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Mul,
            &d_t_2_1,
            &x,
            &x,
            &t_2,
        );
        ::adjoint::__private::accumulate(
            &mut d_x_1,
            ::adjoint::__private::binary::vjp_rhs_owned(
                &::adjoint::__private::Mul,
                d_t_2_1,
                &x,
                &x,
                &t_2,
            ),
        );
        let dd_taken_5 = ::core::option::Option::take(&mut dd_t_1);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_jvp(
                    &::adjoint::__private::Powi(2),
                    &d_t_1_1,
                    &t,
                    &t_1,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
                    ::core::option::Option::as_ref(&dd_taken_5),
                ),
            ),
        );
        let d_t_7 = ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Powi(2),
            d_t_1_1,
            &t,
            &t_1,
        );
        let dd_taken_6 = ::core::option::Option::take(&mut dd_t);
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Sub,
                    &d_t_7,
                    &::adjoint::__private::literal_like(&x, 1.0),
                    &x,
                    &t,
                    ::core::option::Option::None,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::as_ref(&dd_taken_6),
                ),
            ),
        );
        ::adjoint::__private::accumulate(
            &mut d_x_1,
            ::adjoint::__private::binary::vjp_rhs_owned(
                &::adjoint::__private::Sub,
                d_t_7,
                &::adjoint::__private::literal_like(&x, 1.0),
                &x,
                &t,
            ),
        );
        (
            (
                if needs[0usize] {
                    ::core::option::Option::Some(d_x_1)
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(d_y_1)
                } else {
                    ::core::option::Option::None
                },
            ),
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_x, true, &x),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_y, true, &y),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            ),
        )
    }
}

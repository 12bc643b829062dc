#[allow(dead_code)]
fn s2(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> f64 {
    let z = x.dot(w);
    mean(&(z.exp().ln_1p() - y * &z)) + 1e-3 * w.dot(w)
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
fn s2_grad(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> (f64, Array1<f64>) {
    let z = ::adjoint::__private::linalg::dot(&x, &w);
    let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &z);
    let t_2 = ::adjoint::__private::unary::forward(&::adjoint::__private::Ln1p, &t_1);
    let t_3 = ::adjoint::__private::binary::forward(&::adjoint::__private::Mul, &y, &z);
    let t_4 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &t_2,
        &t_3,
    );
    let (mean_1, pullback_mean_1) = <mean>::__adjoint_forward(&t_4);
    let t_5 = ::adjoint::__private::linalg::dot(&w, &w);
    let t_6 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_5, 1e-3),
        &t_5,
    );
    let t_7 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &mean_1,
        &t_6,
    );
    let d_t_7: f64 = ::adjoint::__private::one();
    let d_mean_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_7,
        &mean_1,
        &t_6,
        &t_7,
    );
    let d_t_6 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_7,
        &mean_1,
        &t_6,
        &t_7,
    );
    let d_t_5 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_6,
        &::adjoint::__private::literal_like(&t_5, 1e-3),
        &t_5,
        &t_6,
    );
    let mut d_w = ::adjoint::__private::linalg::dot_vjp_lhs(&d_t_5, &w, &w, &t_5);
    ::adjoint::__private::accumulate(
        &mut d_w,
        ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_5, &w, &w, &t_5),
    );
    let grads_mean_1 = pullback_mean_1.pullback((&&t_4,), &mean_1, &d_mean_1, [true]);
    let d_t_4 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_mean_1.0),
    );
    let d_t_2 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Sub,
        &d_t_4,
        &t_2,
        &t_3,
        &t_4,
    );
    let d_t_3 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Sub,
        d_t_4,
        &t_2,
        &t_3,
        &t_4,
    );
    let mut d_z = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_3,
        &y,
        &z,
        &t_3,
    );
    let d_t_1 = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Ln1p,
        d_t_2,
        &t_1,
        &t_2,
    );
    ::adjoint::__private::accumulate(
        &mut d_z,
        ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Exp,
            d_t_1,
            &z,
            &t_1,
        ),
    );
    ::adjoint::__private::accumulate(
        &mut d_w,
        ::adjoint::__private::linalg::dot_vjp_rhs(&d_z, &x, &w, &z),
    );
    (t_7, d_w)
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
fn s2_grad_into_with(
    x: &Array2<f64>,
    y: &Array1<f64>,
    w: &Array1<f64>,
    grads: &mut Array1<f64>,
    workspace: &mut ::adjoint::Workspace,
    hook: &mut impl ::adjoint::GradientHook,
) -> f64 {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    ::adjoint::__private::check_tangent::<
        &Array1<f64>,
    >("s2_grad_into", "grads", "w", &w, &*grads);
    let installed = ::adjoint::__private::install(workspace);
    {
        let z = ::adjoint::__private::linalg::dot(&x, &w);
        let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &z);
        let t_2 = ::adjoint::__private::unary::forward(
            &::adjoint::__private::Ln1p,
            &t_1,
        );
        let t_3 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &y,
            &z,
        );
        let t_4 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &t_2,
            &t_3,
        );
        let (mean_1, pullback_mean_1) = <mean>::__adjoint_forward(&t_4);
        let t_5 = ::adjoint::__private::linalg::dot(&w, &w);
        let t_6 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_5, 1e-3),
            &t_5,
        );
        let t_7 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &mean_1,
            &t_6,
        );
        let d_t_7: f64 = ::adjoint::__private::one();
        let d_mean_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Add,
            &d_t_7,
            &mean_1,
            &t_6,
            &t_7,
        );
        let d_t_6 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Add,
            d_t_7,
            &mean_1,
            &t_6,
            &t_7,
        );
        hook.progress();
        let d_t_5 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Mul,
            d_t_6,
            &::adjoint::__private::literal_like(&t_5, 1e-3),
            &t_5,
            &t_6,
        );
        hook.progress();
        let mut d_w = ::adjoint::__private::linalg::dot_vjp_lhs(&d_t_5, &w, &w, &t_5);
        ::adjoint::__private::accumulate(
            &mut d_w,
            ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_5, &w, &w, &t_5),
        );
        hook.progress();
        let grads_mean_1 = pullback_mean_1
            .pullback((&&t_4,), &mean_1, &d_mean_1, [true]);
        let d_t_4 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_mean_1.0),
        );
        hook.progress();
        let d_t_2 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Sub,
            &d_t_4,
            &t_2,
            &t_3,
            &t_4,
        );
        let d_t_3 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Sub,
            d_t_4,
            &t_2,
            &t_3,
            &t_4,
        );
        hook.progress();
        let mut d_z = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Mul,
            d_t_3,
            &y,
            &z,
            &t_3,
        );
        hook.progress();
        let d_t_1 = ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Ln1p,
            d_t_2,
            &t_1,
            &t_2,
        );
        hook.progress();
        ::adjoint::__private::accumulate(
            &mut d_z,
            ::adjoint::__private::unary::vjp_owned(
                &::adjoint::__private::Exp,
                d_t_1,
                &z,
                &t_1,
            ),
        );
        hook.progress();
        ::adjoint::__private::accumulate(
            &mut d_w,
            ::adjoint::__private::linalg::dot_vjp_rhs(&d_z, &x, &w, &z),
        );
        ::adjoint::__private::accumulate(&mut *grads, d_w);
        hook.part_final(&*grads);
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_t_5)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_mean_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_z)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_6)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_5)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(mean_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_4)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_3)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_2)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(z)))
            .recycle_it();
        t_7
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
fn s2_grad_into(
    x: &Array2<f64>,
    y: &Array1<f64>,
    w: &Array1<f64>,
    grads: &mut Array1<f64>,
    workspace: &mut ::adjoint::Workspace,
) -> f64 {
    s2_grad_into_with(x, y, w, grads, workspace, &mut ())
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
fn s2_vjp(
    x: &Array2<f64>,
    y: &Array1<f64>,
    w: &Array1<f64>,
    cotangent: &f64,
) -> (f64, Array1<f64>) {
    let z = ::adjoint::__private::linalg::dot(&x, &w);
    let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &z);
    let t_2 = ::adjoint::__private::unary::forward(&::adjoint::__private::Ln1p, &t_1);
    let t_3 = ::adjoint::__private::binary::forward(&::adjoint::__private::Mul, &y, &z);
    let t_4 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &t_2,
        &t_3,
    );
    let (mean_1, pullback_mean_1) = <mean>::__adjoint_forward(&t_4);
    let t_5 = ::adjoint::__private::linalg::dot(&w, &w);
    let t_6 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_5, 1e-3),
        &t_5,
    );
    let t_7 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &mean_1,
        &t_6,
    );
    ::adjoint::__private::check_tangent::<
        f64,
    >("s2_vjp", "cotangent", "s2(..)", &t_7, cotangent);
    let d_mean_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        cotangent,
        &mean_1,
        &t_6,
        &t_7,
    );
    let d_t_6 = ::adjoint::__private::binary::vjp_rhs(
        &::adjoint::__private::Add,
        cotangent,
        &mean_1,
        &t_6,
        &t_7,
    );
    let d_t_5 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_6,
        &::adjoint::__private::literal_like(&t_5, 1e-3),
        &t_5,
        &t_6,
    );
    let mut d_w = ::adjoint::__private::linalg::dot_vjp_lhs(&d_t_5, &w, &w, &t_5);
    ::adjoint::__private::accumulate(
        &mut d_w,
        ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_5, &w, &w, &t_5),
    );
    let grads_mean_1 = pullback_mean_1.pullback((&&t_4,), &mean_1, &d_mean_1, [true]);
    let d_t_4 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_mean_1.0),
    );
    let d_t_2 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Sub,
        &d_t_4,
        &t_2,
        &t_3,
        &t_4,
    );
    let d_t_3 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Sub,
        d_t_4,
        &t_2,
        &t_3,
        &t_4,
    );
    let mut d_z = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_3,
        &y,
        &z,
        &t_3,
    );
    let d_t_1 = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Ln1p,
        d_t_2,
        &t_1,
        &t_2,
    );
    ::adjoint::__private::accumulate(
        &mut d_z,
        ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Exp,
            d_t_1,
            &z,
            &t_1,
        ),
    );
    ::adjoint::__private::accumulate(
        &mut d_w,
        ::adjoint::__private::linalg::dot_vjp_rhs(&d_z, &x, &w, &z),
    );
    (t_7, d_w)
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
fn s2_jvp(
    x: &Array2<f64>,
    y: &Array1<f64>,
    w: &Array1<f64>,
    d_w: &Array1<f64>,
) -> (f64, f64) {
    let z = ::adjoint::__private::linalg::dot(&x, &w);
    let d_z = ::adjoint::__private::linalg::dot_jvp(
        &x,
        &w,
        &z,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
    );
    let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &z);
    let d_t_1 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Exp,
        &z,
        &t_1,
        &d_z,
    );
    let t_2 = ::adjoint::__private::unary::forward(&::adjoint::__private::Ln1p, &t_1);
    let d_t_2 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Ln1p,
        &t_1,
        &t_2,
        &d_t_1,
    );
    ::core::mem::drop(d_t_1);
    ::core::mem::drop(t_1);
    let t_3 = ::adjoint::__private::binary::forward(&::adjoint::__private::Mul, &y, &z);
    let d_t_3 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &y,
        &z,
        &t_3,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_z)),
    );
    ::core::mem::drop(d_z);
    ::core::mem::drop(z);
    let t_4 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &t_2,
        &t_3,
    );
    let d_t_4 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Sub,
        &t_2,
        &t_3,
        &t_4,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
    );
    ::core::mem::drop(d_t_3);
    ::core::mem::drop(d_t_2);
    ::core::mem::drop(t_3);
    ::core::mem::drop(t_2);
    let (mean_1, d_mean_1) = <mean>::__adjoint_jvp(
        &t_4,
        (::adjoint::__private::call_tangent(&d_t_4),),
    );
    ::core::mem::drop(d_t_4);
    ::core::mem::drop(t_4);
    let t_5 = ::adjoint::__private::linalg::dot(&w, &w);
    let d_t_5 = ::adjoint::__private::linalg::dot_jvp(
        &w,
        &w,
        &t_5,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
    );
    let t_6 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_5, 1e-3),
        &t_5,
    );
    let d_t_6 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_5, 1e-3),
        &t_5,
        &t_6,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
    );
    ::core::mem::drop(d_t_5);
    ::core::mem::drop(t_5);
    let t_7 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &mean_1,
        &t_6,
    );
    let d_t_7 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &mean_1,
        &t_6,
        &t_7,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_mean_1)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_6)),
    );
    ::core::mem::drop(d_t_6);
    ::core::mem::drop(d_mean_1);
    ::core::mem::drop(t_6);
    ::core::mem::drop(mean_1);
    let tangent = d_t_7;
    (t_7, tangent)
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
fn s2_hvp(
    x: &Array2<f64>,
    y: &Array1<f64>,
    w: &Array1<f64>,
    d_w: &Array1<f64>,
) -> (f64, Array1<f64>, Array1<f64>) {
    let z = ::adjoint::__private::linalg::dot(&x, &w);
    let d_z = ::adjoint::__private::linalg::dot_jvp(
        &x,
        &w,
        &z,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
    );
    let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &z);
    let d_t_1 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Exp,
        &z,
        &t_1,
        &d_z,
    );
    let t_2 = ::adjoint::__private::unary::forward(&::adjoint::__private::Ln1p, &t_1);
    let d_t_2 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Ln1p,
        &t_1,
        &t_2,
        &d_t_1,
    );
    let t_3 = ::adjoint::__private::binary::forward(&::adjoint::__private::Mul, &y, &z);
    let d_t_3 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &y,
        &z,
        &t_3,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_z)),
    );
    let t_4 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Sub,
        &t_2,
        &t_3,
    );
    let d_t_4 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Sub,
        &t_2,
        &t_3,
        &t_4,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
    );
    let (mean_1, d_mean_1) = <mean>::__adjoint_jvp(
        &t_4,
        (::adjoint::__private::call_tangent(&d_t_4),),
    );
    let t_5 = ::adjoint::__private::linalg::dot(&w, &w);
    let d_t_5 = ::adjoint::__private::linalg::dot_jvp(
        &w,
        &w,
        &t_5,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
    );
    let t_6 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_5, 1e-3),
        &t_5,
    );
    let d_t_6 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &::adjoint::__private::literal_like(&t_5, 1e-3),
        &t_5,
        &t_6,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
    );
    let t_7 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &mean_1,
        &t_6,
    );
    let d_t_7 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &mean_1,
        &t_6,
        &t_7,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_mean_1)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_6)),
    );
    let mut dd_w = ::core::option::Option::None;
    let mut dd_z = ::core::option::Option::None;
    let mut dd_t_1 = ::core::option::Option::None;
    let mut dd_t_2 = ::core::option::Option::None;
    let mut dd_t_3 = ::core::option::Option::None;
    let mut dd_t_4 = ::core::option::Option::None;
    let mut dd_mean_1 = ::core::option::Option::None;
    let mut dd_t_5 = ::core::option::Option::None;
    let mut dd_t_6 = ::core::option::Option::None;
    let mut dd_t_7 = ::core::option::Option::None;
    let d_t_7_1: f64 = ::adjoint::__private::one();
    let dd_taken = ::core::option::Option::take(&mut dd_t_7);
    ::adjoint::__private::accumulate_optional(
        &mut dd_mean_1,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_lhs_jvp(
                &::adjoint::__private::Add,
                &d_t_7_1,
                &mean_1,
                &t_6,
                &t_7,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_mean_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_6)),
                ::core::option::Option::as_ref(&dd_taken),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_6,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Add,
                &d_t_7_1,
                &mean_1,
                &t_6,
                &t_7,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_mean_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_6)),
                ::core::option::Option::as_ref(&dd_taken),
            ),
        ),
    );
    let d_mean_1_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_7_1,
        &mean_1,
        &t_6,
        &t_7,
    );
    let d_t_6_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_7_1,
        &mean_1,
        &t_6,
        &t_7,
    );
    let dd_taken_1 = ::core::option::Option::take(&mut dd_t_6);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_5,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Mul,
                &d_t_6_1,
                &::adjoint::__private::literal_like(&t_5, 1e-3),
                &t_5,
                &t_6,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
                ::core::option::Option::as_ref(&dd_taken_1),
            ),
        ),
    );
    let d_t_5_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_6_1,
        &::adjoint::__private::literal_like(&t_5, 1e-3),
        &t_5,
        &t_6,
    );
    let dd_taken_2 = ::core::option::Option::take(&mut dd_t_5);
    ::adjoint::__private::accumulate_optional(
        &mut dd_w,
        ::core::option::Option::Some(
            ::adjoint::__private::linalg::dot_vjp_lhs_jvp(
                &d_t_5_1,
                &w,
                &w,
                &t_5,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                ::core::option::Option::as_ref(&dd_taken_2),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_w,
        ::core::option::Option::Some(
            ::adjoint::__private::linalg::dot_vjp_rhs_jvp(
                &d_t_5_1,
                &w,
                &w,
                &t_5,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                ::core::option::Option::as_ref(&dd_taken_2),
            ),
        ),
    );
    let mut d_w_1 = ::adjoint::__private::linalg::dot_vjp_lhs(&d_t_5_1, &w, &w, &t_5);
    ::adjoint::__private::accumulate(
        &mut d_w_1,
        ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_5_1, &w, &w, &t_5),
    );
    let dd_taken_3 = ::core::option::Option::take(&mut dd_mean_1);
    let (grads_mean_1, dd_grads_mean_1) = <mean>::__adjoint_hvp(
        (&&t_4,),
        (::adjoint::__private::call_tangent(&d_t_4),),
        &d_mean_1_1,
        ::core::option::Option::as_ref(&dd_taken_3),
        [true],
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_4,
        ::adjoint::__private::call_adjoint(dd_grads_mean_1.0),
    );
    let d_t_4_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_mean_1.0),
    );
    let dd_taken_4 = ::core::option::Option::take(&mut dd_t_4);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_2,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_lhs_jvp(
                &::adjoint::__private::Sub,
                &d_t_4_1,
                &t_2,
                &t_3,
                &t_4,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                ::core::option::Option::as_ref(&dd_taken_4),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_3,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Sub,
                &d_t_4_1,
                &t_2,
                &t_3,
                &t_4,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                ::core::option::Option::as_ref(&dd_taken_4),
            ),
        ),
    );
    let d_t_2_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Sub,
        &d_t_4_1,
        &t_2,
        &t_3,
        &t_4,
    );
    let d_t_3_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Sub,
        d_t_4_1,
        &t_2,
        &t_3,
        &t_4,
    );
    let dd_taken_5 = ::core::option::Option::take(&mut dd_t_3);
    ::adjoint::__private::accumulate_optional(
        &mut dd_z,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Mul,
                &d_t_3_1,
                &y,
                &z,
                &t_3,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_z)),
                ::core::option::Option::as_ref(&dd_taken_5),
            ),
        ),
    );
    let mut d_z_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_3_1,
        &y,
        &z,
        &t_3,
    );
    let dd_taken_6 = ::core::option::Option::take(&mut dd_t_2);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_1,
        ::core::option::Option::Some(
            ::adjoint::__private::unary::vjp_jvp(
                &::adjoint::__private::Ln1p,
                &d_t_2_1,
                &t_1,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                ::core::option::Option::as_ref(&dd_taken_6),
            ),
        ),
    );
    let d_t_1_1 = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Ln1p,
        d_t_2_1,
        &t_1,
        &t_2,
    );
    let dd_taken_7 = ::core::option::Option::take(&mut dd_t_1);
    ::adjoint::__private::accumulate_optional(
        &mut dd_z,
        ::core::option::Option::Some(
            ::adjoint::__private::unary::vjp_jvp(
                &::adjoint::__private::Exp,
                &d_t_1_1,
                &z,
                &t_1,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_z)),
                ::core::option::Option::as_ref(&dd_taken_7),
            ),
        ),
    );
    ::adjoint::__private::accumulate(
        &mut d_z_1,
        ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Exp,
            d_t_1_1,
            &z,
            &t_1,
        ),
    );
    let dd_taken_8 = ::core::option::Option::take(&mut dd_z);
    ::adjoint::__private::accumulate_optional(
        &mut dd_w,
        ::core::option::Option::Some(
            ::adjoint::__private::linalg::dot_vjp_rhs_jvp(
                &d_z_1,
                &x,
                &w,
                &z,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                ::core::option::Option::as_ref(&dd_taken_8),
            ),
        ),
    );
    ::adjoint::__private::accumulate(
        &mut d_w_1,
        ::adjoint::__private::linalg::dot_vjp_rhs(&d_z_1, &x, &w, &z),
    );
    let gradient = d_w_1;
    (
        t_7,
        gradient,
        ::adjoint::__private::needed(::adjoint::__private::finish(dd_w, true, &w)),
    )
}
#[allow(non_camel_case_types, dead_code)]
struct s2 {}
impl s2 {
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
        x: &Array2<f64>,
        y: &Array1<f64>,
        w: &Array1<f64>,
    ) -> (
        f64,
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (&&Array2<f64>, &&Array1<f64>, &&Array1<f64>),
                &f64,
                &f64,
                [bool; 3usize],
            ) -> (
                    ::core::option::Option<Array2<f64>>,
                    ::core::option::Option<Array1<f64>>,
                    ::core::option::Option<Array1<f64>>,
                ) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let z = ::adjoint::__private::linalg::dot(&x, &w);
        let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &z);
        let t_2 = ::adjoint::__private::unary::forward(
            &::adjoint::__private::Ln1p,
            &t_1,
        );
        let t_3 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &y,
            &z,
        );
        let t_4 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &t_2,
            &t_3,
        );
        let (mean_1, pullback_mean_1) = <mean>::__adjoint_forward(&t_4);
        let t_5 = ::adjoint::__private::linalg::dot(&w, &w);
        let t_6 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_5, 1e-3),
            &t_5,
        );
        let t_7 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &mean_1,
            &t_6,
        );
        let pullback = ::adjoint::__private::Pullback(move |
            (x, y, w): (&&Array2<f64>, &&Array1<f64>, &&Array1<f64>),
            out: &f64,
            g: &f64,
            needs: [bool; 3usize],
        | -> (
            ::core::option::Option<Array2<f64>>,
            ::core::option::Option<Array1<f64>>,
            ::core::option::Option<Array1<f64>>,
        ) {
            let x = *x;
            let y = *y;
            let w = *w;
            let t_7 = out;
            let mut d_x = ::core::option::Option::None;
            let mut d_y = ::core::option::Option::None;
            let mut d_w = ::core::option::Option::None;
            let mut d_z = ::core::option::Option::None;
            let mut d_t_1 = ::core::option::Option::None;
            let mut d_t_2 = ::core::option::Option::None;
            let mut d_t_3 = ::core::option::Option::None;
            let mut d_t_4 = ::core::option::Option::None;
            let mut d_mean_1 = ::core::option::Option::None;
            let mut d_t_5 = ::core::option::Option::None;
            let mut d_t_6 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut d_mean_1,
                if needs[0usize] || needs[1usize] || needs[2usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs(
                            &::adjoint::__private::Add,
                            g,
                            &mean_1,
                            &t_6,
                            t_7,
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_6,
                if needs[2usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs(
                            &::adjoint::__private::Add,
                            g,
                            &mean_1,
                            &t_6,
                            t_7,
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            if let ::core::option::Option::Some(g_t_6) = d_t_6.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_5,
                    if needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_t_6,
                                &::adjoint::__private::literal_like(&t_5, 1e-3),
                                &t_5,
                                &t_6,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(g_t_5) = d_t_5.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_w,
                    if needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::linalg::dot_vjp_lhs(
                                &g_t_5,
                                &w,
                                &w,
                                &t_5,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_w,
                    if needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::linalg::dot_vjp_rhs(
                                &g_t_5,
                                &w,
                                &w,
                                &t_5,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_t_5),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_mean_1) = d_mean_1.take() {
                let grads_mean_1 = pullback_mean_1
                    .pullback(
                        (&&t_4,),
                        &mean_1,
                        &g_mean_1,
                        [needs[0usize] || needs[1usize] || needs[2usize]],
                    );
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_4,
                    ::adjoint::__private::call_adjoint(grads_mean_1.0),
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_mean_1),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_t_4) = d_t_4.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_2,
                    if needs[0usize] || needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Sub,
                                &g_t_4,
                                &t_2,
                                &t_3,
                                &t_4,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_3,
                    if needs[0usize] || needs[1usize] || needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Sub,
                                g_t_4,
                                &t_2,
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
                                &::adjoint::__private::Mul,
                                &g_t_3,
                                &y,
                                &z,
                                &t_3,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_z,
                    if needs[0usize] || needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_t_3,
                                &y,
                                &z,
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
                    &mut d_t_1,
                    if needs[0usize] || needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::unary::vjp_owned(
                                &::adjoint::__private::Ln1p,
                                g_t_2,
                                &t_1,
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
                    &mut d_z,
                    if needs[0usize] || needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::unary::vjp_owned(
                                &::adjoint::__private::Exp,
                                g_t_1,
                                &z,
                                &t_1,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(g_z) = d_z.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::linalg::dot_vjp_lhs(&g_z, &x, &w, &z),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_w,
                    if needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::linalg::dot_vjp_rhs(&g_z, &x, &w, &z),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_z)))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_t_6 {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_t_5 {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_mean_1 {
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
            if let ::core::option::Option::Some(given) = d_z {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_6)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_5)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(mean_1)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_4)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_3)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_2)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_1)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(z)))
                .recycle_it();
            (
                ::adjoint::__private::finish(d_x, needs[0usize], &x),
                ::adjoint::__private::finish(d_y, needs[1usize], &y),
                ::adjoint::__private::finish(d_w, needs[2usize], &w),
            )
        });
        (t_7, pullback)
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
        x: &Array2<f64>,
        y: &Array1<f64>,
        w: &Array1<f64>,
        tangents: (
            ::core::option::Option<&Array2<f64>>,
            ::core::option::Option<&Array1<f64>>,
            ::core::option::Option<&Array1<f64>>,
        ),
    ) -> (f64, f64) {
        let (given_0, given_1, given_2) = tangents;
        let zero_x;
        let d_x = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x = ::adjoint::__private::zero_tangent(&x);
                &zero_x
            }
        };
        let zero_y;
        let d_y = match given_1 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_y = ::adjoint::__private::zero_tangent(&y);
                &zero_y
            }
        };
        let zero_w;
        let d_w = match given_2 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_w = ::adjoint::__private::zero_tangent(&w);
                &zero_w
            }
        };
        {
            let z = ::adjoint::__private::linalg::dot(&x, &w);
            let d_z = ::adjoint::__private::linalg::dot_jvp(
                &x,
                &w,
                &z,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
            );
            let t_1 = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Exp,
                &z,
            );
            let d_t_1 = ::adjoint::__private::unary::jvp(
                &::adjoint::__private::Exp,
                &z,
                &t_1,
                &d_z,
            );
            let t_2 = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Ln1p,
                &t_1,
            );
            let d_t_2 = ::adjoint::__private::unary::jvp(
                &::adjoint::__private::Ln1p,
                &t_1,
                &t_2,
                &d_t_1,
            );
            ::core::mem::drop(d_t_1);
            ::core::mem::drop(t_1);
            let t_3 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &y,
                &z,
            );
            let d_t_3 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &y,
                &z,
                &t_3,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_z)),
            );
            ::core::mem::drop(d_z);
            ::core::mem::drop(z);
            let t_4 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Sub,
                &t_2,
                &t_3,
            );
            let d_t_4 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Sub,
                &t_2,
                &t_3,
                &t_4,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
            );
            ::core::mem::drop(d_t_3);
            ::core::mem::drop(d_t_2);
            ::core::mem::drop(t_3);
            ::core::mem::drop(t_2);
            let (mean_1, d_mean_1) = <mean>::__adjoint_jvp(
                &t_4,
                (::adjoint::__private::call_tangent(&d_t_4),),
            );
            ::core::mem::drop(d_t_4);
            ::core::mem::drop(t_4);
            let t_5 = ::adjoint::__private::linalg::dot(&w, &w);
            let d_t_5 = ::adjoint::__private::linalg::dot_jvp(
                &w,
                &w,
                &t_5,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
            );
            let t_6 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&t_5, 1e-3),
                &t_5,
            );
            let d_t_6 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&t_5, 1e-3),
                &t_5,
                &t_6,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
            );
            ::core::mem::drop(d_t_5);
            ::core::mem::drop(t_5);
            let t_7 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Add,
                &mean_1,
                &t_6,
            );
            let d_t_7 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Add,
                &mean_1,
                &t_6,
                &t_7,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_mean_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_6)),
            );
            ::core::mem::drop(d_t_6);
            ::core::mem::drop(d_mean_1);
            ::core::mem::drop(t_6);
            ::core::mem::drop(mean_1);
            let tangent = d_t_7;
            (t_7, tangent)
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
        (arg_0, arg_1, arg_2): (&&Array2<f64>, &&Array1<f64>, &&Array1<f64>),
        tangents: (
            ::core::option::Option<&Array2<f64>>,
            ::core::option::Option<&Array1<f64>>,
            ::core::option::Option<&Array1<f64>>,
        ),
        g: &f64,
        dg: ::core::option::Option<&f64>,
        needs: [bool; 3usize],
    ) -> (
        (
            ::core::option::Option<Array2<f64>>,
            ::core::option::Option<Array1<f64>>,
            ::core::option::Option<Array1<f64>>,
        ),
        (
            ::core::option::Option<Array2<f64>>,
            ::core::option::Option<Array1<f64>>,
            ::core::option::Option<Array1<f64>>,
        ),
    ) {
        let x = ::core::clone::Clone::clone(arg_0);
        let y = ::core::clone::Clone::clone(arg_1);
        let w = ::core::clone::Clone::clone(arg_2);
        let (given_0, given_1, given_2) = tangents;
        let zero_x;
        let d_x = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x = ::adjoint::__private::zero_tangent(&x);
                &zero_x
            }
        };
        let zero_y;
        let d_y = match given_1 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_y = ::adjoint::__private::zero_tangent(&y);
                &zero_y
            }
        };
        let zero_w;
        let d_w = match given_2 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_w = ::adjoint::__private::zero_tangent(&w);
                &zero_w
            }
        };
        let z = ::adjoint::__private::linalg::dot(&x, &w);
        let d_z = ::adjoint::__private::linalg::dot_jvp(
            &x,
            &w,
            &z,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
        );
        let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &z);
        let d_t_1 = ::adjoint::__private::unary::jvp(
            &::adjoint::__private::Exp,
            &z,
            &t_1,
            &d_z,
        );
        let t_2 = ::adjoint::__private::unary::forward(
            &::adjoint::__private::Ln1p,
            &t_1,
        );
        let d_t_2 = ::adjoint::__private::unary::jvp(
            &::adjoint::__private::Ln1p,
            &t_1,
            &t_2,
            &d_t_1,
        );
        let t_3 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &y,
            &z,
        );
        let d_t_3 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &y,
            &z,
            &t_3,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_z)),
        );
        let t_4 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &t_2,
            &t_3,
        );
        let d_t_4 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Sub,
            &t_2,
            &t_3,
            &t_4,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
        );
        let (mean_1, d_mean_1) = <mean>::__adjoint_jvp(
            &t_4,
            (::adjoint::__private::call_tangent(&d_t_4),),
        );
        let t_5 = ::adjoint::__private::linalg::dot(&w, &w);
        let d_t_5 = ::adjoint::__private::linalg::dot_jvp(
            &w,
            &w,
            &t_5,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
        );
        let t_6 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_5, 1e-3),
            &t_5,
        );
        let d_t_6 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_5, 1e-3),
            &t_5,
            &t_6,
            ::core::option::Option::None,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
        );
        let t_7 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &mean_1,
            &t_6,
        );
        let d_t_7 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Add,
            &mean_1,
            &t_6,
            &t_7,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_mean_1)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_6)),
        );
        let mut dd_x = ::core::option::Option::None;
        let mut dd_y = ::core::option::Option::None;
        let mut dd_w = ::core::option::Option::None;
        let mut dd_z = ::core::option::Option::None;
        let mut dd_t_1 = ::core::option::Option::None;
        let mut dd_t_2 = ::core::option::Option::None;
        let mut dd_t_3 = ::core::option::Option::None;
        let mut dd_t_4 = ::core::option::Option::None;
        let mut dd_mean_1 = ::core::option::Option::None;
        let mut dd_t_5 = ::core::option::Option::None;
        let mut dd_t_6 = ::core::option::Option::None;
        let mut dd_t_7 = ::core::option::Option::None;
        dd_t_7 = ::core::option::Option::map(dg, ::core::clone::Clone::clone);
        let dd_taken = ::core::option::Option::take(&mut dd_t_7);
        ::adjoint::__private::accumulate_optional(
            &mut dd_mean_1,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Add,
                    g,
                    &mean_1,
                    &t_6,
                    &t_7,
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_mean_1),
                    ),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_6)),
                    ::core::option::Option::as_ref(&dd_taken),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_6,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Add,
                    g,
                    &mean_1,
                    &t_6,
                    &t_7,
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_mean_1),
                    ),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_6)),
                    ::core::option::Option::as_ref(&dd_taken),
                ),
            ),
        );
        let d_mean_1_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Add,
            g,
            &mean_1,
            &t_6,
            &t_7,
        );
        let d_t_6_1 = ::adjoint::__private::binary::vjp_rhs(
            &::adjoint::__private::Add,
            g,
            &mean_1,
            &t_6,
            &t_7,
        );
        let dd_taken_1 = ::core::option::Option::take(&mut dd_t_6);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_5,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Mul,
                    &d_t_6_1,
                    &::adjoint::__private::literal_like(&t_5, 1e-3),
                    &t_5,
                    &t_6,
                    ::core::option::Option::None,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
                    ::core::option::Option::as_ref(&dd_taken_1),
                ),
            ),
        );
        let d_t_5_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Mul,
            d_t_6_1,
            &::adjoint::__private::literal_like(&t_5, 1e-3),
            &t_5,
            &t_6,
        );
        let dd_taken_2 = ::core::option::Option::take(&mut dd_t_5);
        ::adjoint::__private::accumulate_optional(
            &mut dd_w,
            ::core::option::Option::Some(
                ::adjoint::__private::linalg::dot_vjp_lhs_jvp(
                    &d_t_5_1,
                    &w,
                    &w,
                    &t_5,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                    ::core::option::Option::as_ref(&dd_taken_2),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_w,
            ::core::option::Option::Some(
                ::adjoint::__private::linalg::dot_vjp_rhs_jvp(
                    &d_t_5_1,
                    &w,
                    &w,
                    &t_5,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                    ::core::option::Option::as_ref(&dd_taken_2),
                ),
            ),
        );
        let mut d_w_1 = ::adjoint::__private::linalg::dot_vjp_lhs(
            &d_t_5_1,
            &w,
            &w,
            &t_5,
        );
        ::adjoint::__private::accumulate(
            &mut d_w_1,
            ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_5_1, &w, &w, &t_5),
        );
        let dd_taken_3 = ::core::option::Option::take(&mut dd_mean_1);
        let (grads_mean_1, dd_grads_mean_1) = <mean>::__adjoint_hvp(
            (&&t_4,),
            (::adjoint::__private::call_tangent(&d_t_4),),
            &d_mean_1_1,
            ::core::option::Option::as_ref(&dd_taken_3),
            [true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_4,
            ::adjoint::__private::call_adjoint(dd_grads_mean_1.0),
        );
        let d_t_4_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_mean_1.0),
        );
        let dd_taken_4 = ::core::option::Option::take(&mut dd_t_4);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_2,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Sub,
                    &d_t_4_1,
                    &t_2,
                    &t_3,
                    &t_4,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                    ::core::option::Option::as_ref(&dd_taken_4),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_3,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Sub,
                    &d_t_4_1,
                    &t_2,
                    &t_3,
                    &t_4,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                    ::core::option::Option::as_ref(&dd_taken_4),
                ),
            ),
        );
        let d_t_2_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Sub,
            &d_t_4_1,
            &t_2,
            &t_3,
            &t_4,
        );
        let d_t_3_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Sub,
            d_t_4_1,
            &t_2,
            &t_3,
            &t_4,
        );
        let dd_taken_5 = ::core::option::Option::take(&mut dd_t_3);
        ::adjoint::__private::accumulate_optional(
            &mut dd_y,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Mul,
                    &d_t_3_1,
                    &y,
                    &z,
                    &t_3,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_z)),
                    ::core::option::Option::as_ref(&dd_taken_5),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_z,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Mul,
                    &d_t_3_1,
                    &y,
                    &z,
                    &t_3,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_y)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_z)),
                    ::core::option::Option::as_ref(&dd_taken_5),
                ),
            ),
        );
        let d_y_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Mul,
            &d_t_3_1,
            &y,
            &z,
            &t_3,
        );
        let mut d_z_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Mul,
            d_t_3_1,
            &y,
            &z,
            &t_3,
        );
        let dd_taken_6 = ::core::option::Option::take(&mut dd_t_2);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_1,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_jvp(
                    &::adjoint::__private::Ln1p,
                    &d_t_2_1,
                    &t_1,
                    &t_2,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                    ::core::option::Option::as_ref(&dd_taken_6),
                ),
            ),
        );
        let d_t_1_1 = ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Ln1p,
            d_t_2_1,
            &t_1,
            &t_2,
        );
        let dd_taken_7 = ::core::option::Option::take(&mut dd_t_1);
        ::adjoint::__private::accumulate_optional(
            &mut dd_z,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_jvp(
                    &::adjoint::__private::Exp,
                    &d_t_1_1,
                    &z,
                    &t_1,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_z)),
                    ::core::option::Option::as_ref(&dd_taken_7),
                ),
            ),
        );
        ::adjoint::__private::accumulate(
            &mut d_z_1,
            ::adjoint::__private::unary::vjp_owned(
                &::adjoint::__private::Exp,
                d_t_1_1,
                &z,
                &t_1,
            ),
        );
        let dd_taken_8 = ::core::option::Option::take(&mut dd_z);
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::core::option::Option::Some(
                ::adjoint::__private::linalg::dot_vjp_lhs_jvp(
                    &d_z_1,
                    &x,
                    &w,
                    &z,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                    ::core::option::Option::as_ref(&dd_taken_8),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_w,
            ::core::option::Option::Some(
                ::adjoint::__private::linalg::dot_vjp_rhs_jvp(
                    &d_z_1,
                    &x,
                    &w,
                    &z,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w)),
                    ::core::option::Option::as_ref(&dd_taken_8),
                ),
            ),
        );
        let d_x_1 = ::adjoint::__private::linalg::dot_vjp_lhs(&d_z_1, &x, &w, &z);
        ::adjoint::__private::accumulate(
            &mut d_w_1,
            ::adjoint::__private::linalg::dot_vjp_rhs(&d_z_1, &x, &w, &z),
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
                if needs[2usize] {
                    ::core::option::Option::Some(d_w_1)
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
                if needs[2usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_w, true, &w),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            ),
        )
    }
}

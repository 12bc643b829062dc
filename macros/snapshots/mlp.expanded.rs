#[allow(dead_code)]
fn loss(
    x: &Array2<f32>,
    labels: &Array1<usize>,
    w1: &Array2<f32>,
    b1: &Array1<f32>,
    w2: &Array2<f32>,
    b2: &Array1<f32>,
) -> f32 {
    let h = relu(&(x.dot(w1) + b1));
    softmax_cross_entropy(&(h.dot(w2) + b2), labels)
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
fn loss_grad(
    x: &Array2<f32>,
    labels: &Array1<usize>,
    w1: &Array2<f32>,
    b1: &Array1<f32>,
    w2: &Array2<f32>,
    b2: &Array1<f32>,
) -> (f32, (Array2<f32>, Array1<f32>, Array2<f32>, Array1<f32>)) {
    let t = ::adjoint::__private::linalg::dot(&x, &w1);
    let t_1 = ::adjoint::__private::binary::forward(&::adjoint::__private::Add, &t, &b1);
    let (h, pullback_h) = <relu>::__adjoint_forward(&t_1);
    let t_2 = ::adjoint::__private::linalg::dot(&h, &w2);
    let t_3 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_2,
        &b2,
    );
    let (softmax_cross_entropy_1, pullback_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_forward(
        &t_3,
        labels,
    );
    let d_softmax_cross_entropy_1: f32 = ::adjoint::__private::one();
    let grads_softmax_cross_entropy_1 = pullback_softmax_cross_entropy_1
        .pullback(
            (&&t_3, &labels),
            &softmax_cross_entropy_1,
            &d_softmax_cross_entropy_1,
            [true, false],
        );
    let d_t_3 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
    );
    let d_t_2 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_3,
        &t_2,
        &b2,
        &t_3,
    );
    let d_b2 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_3,
        &t_2,
        &b2,
        &t_3,
    );
    let d_h = ::adjoint::__private::linalg::dot_vjp_lhs(&d_t_2, &h, &w2, &t_2);
    let d_w2 = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_2, &h, &w2, &t_2);
    let grads_h = pullback_h.pullback((&&t_1,), &h, &d_h, [true]);
    let d_t_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_h.0),
    );
    let d_t = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_1,
        &t,
        &b1,
        &t_1,
    );
    let d_b1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_1,
        &t,
        &b1,
        &t_1,
    );
    let d_w1 = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t, &x, &w1, &t);
    (softmax_cross_entropy_1, (d_w1, d_b1, d_w2, d_b2))
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
fn loss_grad_into_with(
    x: &Array2<f32>,
    labels: &Array1<usize>,
    w1: &Array2<f32>,
    b1: &Array1<f32>,
    w2: &Array2<f32>,
    b2: &Array1<f32>,
    grads: &mut (Array2<f32>, Array1<f32>, Array2<f32>, Array1<f32>),
    workspace: &mut ::adjoint::Workspace,
    hook: &mut impl ::adjoint::GradientHook,
) -> f32 {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    ::adjoint::__private::check_tangent::<
        &Array2<f32>,
    >("loss_grad_into", "grads.0", "w1", &w1, &grads.0);
    ::adjoint::__private::check_tangent::<
        &Array1<f32>,
    >("loss_grad_into", "grads.1", "b1", &b1, &grads.1);
    ::adjoint::__private::check_tangent::<
        &Array2<f32>,
    >("loss_grad_into", "grads.2", "w2", &w2, &grads.2);
    ::adjoint::__private::check_tangent::<
        &Array1<f32>,
    >("loss_grad_into", "grads.3", "b2", &b2, &grads.3);
    let installed = ::adjoint::__private::install(workspace);
    {
        let t = ::adjoint::__private::linalg::dot(&x, &w1);
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t,
            &b1,
        );
        let (h, pullback_h) = <relu>::__adjoint_forward(&t_1);
        let t_2 = ::adjoint::__private::linalg::dot(&h, &w2);
        let t_3 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t_2,
            &b2,
        );
        let (softmax_cross_entropy_1, pullback_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_forward(
            &t_3,
            labels,
        );
        let d_softmax_cross_entropy_1: f32 = ::adjoint::__private::one();
        let grads_softmax_cross_entropy_1 = pullback_softmax_cross_entropy_1
            .pullback(
                (&&t_3, &labels),
                &softmax_cross_entropy_1,
                &d_softmax_cross_entropy_1,
                [true, false],
            );
        let d_t_3 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
        );
        hook.progress();
        let d_t_2 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Add,
            &d_t_3,
            &t_2,
            &b2,
            &t_3,
        );
        let d_b2 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Add,
            d_t_3,
            &t_2,
            &b2,
            &t_3,
        );
        ::adjoint::__private::accumulate(&mut grads.3, d_b2);
        hook.part_final(&grads.3);
        hook.progress();
        let d_h = ::adjoint::__private::linalg::dot_vjp_lhs(&d_t_2, &h, &w2, &t_2);
        let d_w2 = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_2, &h, &w2, &t_2);
        ::adjoint::__private::accumulate(&mut grads.2, d_w2);
        hook.part_final(&grads.2);
        hook.progress();
        let grads_h = pullback_h.pullback((&&t_1,), &h, &d_h, [true]);
        let d_t_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_h.0),
        );
        hook.progress();
        let d_t = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Add,
            &d_t_1,
            &t,
            &b1,
            &t_1,
        );
        let d_b1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Add,
            d_t_1,
            &t,
            &b1,
            &t_1,
        );
        ::adjoint::__private::accumulate(&mut grads.1, d_b1);
        hook.part_final(&grads.1);
        hook.progress();
        let d_w1 = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t, &x, &w1, &t);
        ::adjoint::__private::accumulate(&mut grads.0, d_w1);
        hook.part_final(&grads.0);
        (&mut ::adjoint::__private::Recycler(
            ::core::option::Option::Some(d_softmax_cross_entropy_1),
        ))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_t_2)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_h)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_t)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_3)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_2)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(h)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t)))
            .recycle_it();
        softmax_cross_entropy_1
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
fn loss_grad_into(
    x: &Array2<f32>,
    labels: &Array1<usize>,
    w1: &Array2<f32>,
    b1: &Array1<f32>,
    w2: &Array2<f32>,
    b2: &Array1<f32>,
    grads: &mut (Array2<f32>, Array1<f32>, Array2<f32>, Array1<f32>),
    workspace: &mut ::adjoint::Workspace,
) -> f32 {
    loss_grad_into_with(x, labels, w1, b1, w2, b2, grads, workspace, &mut ())
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
fn loss_vjp(
    x: &Array2<f32>,
    labels: &Array1<usize>,
    w1: &Array2<f32>,
    b1: &Array1<f32>,
    w2: &Array2<f32>,
    b2: &Array1<f32>,
    cotangent: &f32,
) -> (f32, (Array2<f32>, Array1<f32>, Array2<f32>, Array1<f32>)) {
    let t = ::adjoint::__private::linalg::dot(&x, &w1);
    let t_1 = ::adjoint::__private::binary::forward(&::adjoint::__private::Add, &t, &b1);
    let (h, pullback_h) = <relu>::__adjoint_forward(&t_1);
    let t_2 = ::adjoint::__private::linalg::dot(&h, &w2);
    let t_3 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_2,
        &b2,
    );
    let (softmax_cross_entropy_1, pullback_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_forward(
        &t_3,
        labels,
    );
    ::adjoint::__private::check_tangent::<
        f32,
    >("loss_vjp", "cotangent", "loss(..)", &softmax_cross_entropy_1, cotangent);
    let grads_softmax_cross_entropy_1 = pullback_softmax_cross_entropy_1
        .pullback((&&t_3, &labels), &softmax_cross_entropy_1, cotangent, [true, false]);
    let d_t_3 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
    );
    let d_t_2 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_3,
        &t_2,
        &b2,
        &t_3,
    );
    let d_b2 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_3,
        &t_2,
        &b2,
        &t_3,
    );
    let d_h = ::adjoint::__private::linalg::dot_vjp_lhs(&d_t_2, &h, &w2, &t_2);
    let d_w2 = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_2, &h, &w2, &t_2);
    let grads_h = pullback_h.pullback((&&t_1,), &h, &d_h, [true]);
    let d_t_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_h.0),
    );
    let d_t = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_1,
        &t,
        &b1,
        &t_1,
    );
    let d_b1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_1,
        &t,
        &b1,
        &t_1,
    );
    let d_w1 = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t, &x, &w1, &t);
    (softmax_cross_entropy_1, (d_w1, d_b1, d_w2, d_b2))
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
fn loss_jvp(
    x: &Array2<f32>,
    labels: &Array1<usize>,
    w1: &Array2<f32>,
    b1: &Array1<f32>,
    w2: &Array2<f32>,
    b2: &Array1<f32>,
    d_w1: &Array2<f32>,
    d_b1: &Array1<f32>,
    d_w2: &Array2<f32>,
    d_b2: &Array1<f32>,
) -> (f32, f32) {
    let t = ::adjoint::__private::linalg::dot(&x, &w1);
    let d_t = ::adjoint::__private::linalg::dot_jvp(
        &x,
        &w1,
        &t,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w1)),
    );
    let t_1 = ::adjoint::__private::binary::forward(&::adjoint::__private::Add, &t, &b1);
    let d_t_1 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &t,
        &b1,
        &t_1,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b1)),
    );
    ::core::mem::drop(d_t);
    ::core::mem::drop(t);
    let (h, d_h) = <relu>::__adjoint_jvp(
        &t_1,
        (::adjoint::__private::call_tangent(&d_t_1),),
    );
    ::core::mem::drop(d_t_1);
    ::core::mem::drop(t_1);
    let t_2 = ::adjoint::__private::linalg::dot(&h, &w2);
    let d_t_2 = ::adjoint::__private::linalg::dot_jvp(
        &h,
        &w2,
        &t_2,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_h)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w2)),
    );
    ::core::mem::drop(d_h);
    ::core::mem::drop(h);
    let t_3 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_2,
        &b2,
    );
    let d_t_3 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &t_2,
        &b2,
        &t_3,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b2)),
    );
    ::core::mem::drop(d_t_2);
    ::core::mem::drop(t_2);
    let (softmax_cross_entropy_1, d_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_jvp(
        &t_3,
        labels,
        (::adjoint::__private::call_tangent(&d_t_3), ::core::option::Option::None),
    );
    ::core::mem::drop(d_t_3);
    ::core::mem::drop(t_3);
    let tangent = d_softmax_cross_entropy_1;
    (softmax_cross_entropy_1, tangent)
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
fn loss_hvp(
    x: &Array2<f32>,
    labels: &Array1<usize>,
    w1: &Array2<f32>,
    b1: &Array1<f32>,
    w2: &Array2<f32>,
    b2: &Array1<f32>,
    d_w1: &Array2<f32>,
    d_b1: &Array1<f32>,
    d_w2: &Array2<f32>,
    d_b2: &Array1<f32>,
) -> (
    f32,
    (Array2<f32>, Array1<f32>, Array2<f32>, Array1<f32>),
    (Array2<f32>, Array1<f32>, Array2<f32>, Array1<f32>),
) {
    let t = ::adjoint::__private::linalg::dot(&x, &w1);
    let d_t = ::adjoint::__private::linalg::dot_jvp(
        &x,
        &w1,
        &t,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w1)),
    );
    let t_1 = ::adjoint::__private::binary::forward(&::adjoint::__private::Add, &t, &b1);
    let d_t_1 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &t,
        &b1,
        &t_1,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b1)),
    );
    let (h, d_h) = <relu>::__adjoint_jvp(
        &t_1,
        (::adjoint::__private::call_tangent(&d_t_1),),
    );
    let t_2 = ::adjoint::__private::linalg::dot(&h, &w2);
    let d_t_2 = ::adjoint::__private::linalg::dot_jvp(
        &h,
        &w2,
        &t_2,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_h)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w2)),
    );
    let t_3 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_2,
        &b2,
    );
    let d_t_3 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &t_2,
        &b2,
        &t_3,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b2)),
    );
    let (softmax_cross_entropy_1, d_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_jvp(
        &t_3,
        labels,
        (::adjoint::__private::call_tangent(&d_t_3), ::core::option::Option::None),
    );
    let mut dd_w1 = ::core::option::Option::None;
    let mut dd_b1 = ::core::option::Option::None;
    let mut dd_w2 = ::core::option::Option::None;
    let mut dd_b2 = ::core::option::Option::None;
    let mut dd_t = ::core::option::Option::None;
    let mut dd_t_1 = ::core::option::Option::None;
    let mut dd_h = ::core::option::Option::None;
    let mut dd_t_2 = ::core::option::Option::None;
    let mut dd_t_3 = ::core::option::Option::None;
    let mut dd_softmax_cross_entropy_1 = ::core::option::Option::None;
    let d_softmax_cross_entropy_1_1: f32 = ::adjoint::__private::one();
    let dd_taken = ::core::option::Option::take(&mut dd_softmax_cross_entropy_1);
    let (grads_softmax_cross_entropy_1, dd_grads_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_hvp(
        (&&t_3, &labels),
        (::adjoint::__private::call_tangent(&d_t_3), ::core::option::Option::None),
        &d_softmax_cross_entropy_1_1,
        ::core::option::Option::as_ref(&dd_taken),
        [true, false],
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_3,
        ::adjoint::__private::call_adjoint(dd_grads_softmax_cross_entropy_1.0),
    );
    let d_t_3_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
    );
    let dd_taken_1 = ::core::option::Option::take(&mut dd_t_3);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_2,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_lhs_jvp(
                &::adjoint::__private::Add,
                &d_t_3_1,
                &t_2,
                &b2,
                &t_3,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b2)),
                ::core::option::Option::as_ref(&dd_taken_1),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_b2,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Add,
                &d_t_3_1,
                &t_2,
                &b2,
                &t_3,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b2)),
                ::core::option::Option::as_ref(&dd_taken_1),
            ),
        ),
    );
    let d_t_2_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_3_1,
        &t_2,
        &b2,
        &t_3,
    );
    let d_b2_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_3_1,
        &t_2,
        &b2,
        &t_3,
    );
    let dd_taken_2 = ::core::option::Option::take(&mut dd_t_2);
    ::adjoint::__private::accumulate_optional(
        &mut dd_h,
        ::core::option::Option::Some(
            ::adjoint::__private::linalg::dot_vjp_lhs_jvp(
                &d_t_2_1,
                &h,
                &w2,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_h)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w2)),
                ::core::option::Option::as_ref(&dd_taken_2),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_w2,
        ::core::option::Option::Some(
            ::adjoint::__private::linalg::dot_vjp_rhs_jvp(
                &d_t_2_1,
                &h,
                &w2,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_h)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w2)),
                ::core::option::Option::as_ref(&dd_taken_2),
            ),
        ),
    );
    let d_h_1 = ::adjoint::__private::linalg::dot_vjp_lhs(&d_t_2_1, &h, &w2, &t_2);
    let d_w2_1 = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_2_1, &h, &w2, &t_2);
    let dd_taken_3 = ::core::option::Option::take(&mut dd_h);
    let (grads_h, dd_grads_h) = <relu>::__adjoint_hvp(
        (&&t_1,),
        (::adjoint::__private::call_tangent(&d_t_1),),
        &d_h_1,
        ::core::option::Option::as_ref(&dd_taken_3),
        [true],
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_1,
        ::adjoint::__private::call_adjoint(dd_grads_h.0),
    );
    let d_t_1_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_h.0),
    );
    let dd_taken_4 = ::core::option::Option::take(&mut dd_t_1);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_lhs_jvp(
                &::adjoint::__private::Add,
                &d_t_1_1,
                &t,
                &b1,
                &t_1,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b1)),
                ::core::option::Option::as_ref(&dd_taken_4),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_b1,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Add,
                &d_t_1_1,
                &t,
                &b1,
                &t_1,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b1)),
                ::core::option::Option::as_ref(&dd_taken_4),
            ),
        ),
    );
    let d_t_4 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_1_1,
        &t,
        &b1,
        &t_1,
    );
    let d_b1_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_1_1,
        &t,
        &b1,
        &t_1,
    );
    let dd_taken_5 = ::core::option::Option::take(&mut dd_t);
    ::adjoint::__private::accumulate_optional(
        &mut dd_w1,
        ::core::option::Option::Some(
            ::adjoint::__private::linalg::dot_vjp_rhs_jvp(
                &d_t_4,
                &x,
                &w1,
                &t,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w1)),
                ::core::option::Option::as_ref(&dd_taken_5),
            ),
        ),
    );
    let d_w1_1 = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_4, &x, &w1, &t);
    let gradient = (d_w1_1, d_b1_1, d_w2_1, d_b2_1);
    (
        softmax_cross_entropy_1,
        gradient,
        (
            ::adjoint::__private::needed(::adjoint::__private::finish(dd_w1, true, &w1)),
            ::adjoint::__private::needed(::adjoint::__private::finish(dd_b1, true, &b1)),
            ::adjoint::__private::needed(::adjoint::__private::finish(dd_w2, true, &w2)),
            ::adjoint::__private::needed(::adjoint::__private::finish(dd_b2, true, &b2)),
        ),
    )
}
#[allow(non_camel_case_types, dead_code)]
struct loss {}
impl loss {
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
        x: &Array2<f32>,
        labels: &Array1<usize>,
        w1: &Array2<f32>,
        b1: &Array1<f32>,
        w2: &Array2<f32>,
        b2: &Array1<f32>,
    ) -> (
        f32,
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (
                    &&Array2<f32>,
                    &&Array1<usize>,
                    &&Array2<f32>,
                    &&Array1<f32>,
                    &&Array2<f32>,
                    &&Array1<f32>,
                ),
                &f32,
                &f32,
                [bool; 6usize],
            ) -> (
                    ::core::option::Option<Array2<f32>>,
                    (),
                    ::core::option::Option<Array2<f32>>,
                    ::core::option::Option<Array1<f32>>,
                    ::core::option::Option<Array2<f32>>,
                    ::core::option::Option<Array1<f32>>,
                ) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let t = ::adjoint::__private::linalg::dot(&x, &w1);
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t,
            &b1,
        );
        let (h, pullback_h) = <relu>::__adjoint_forward(&t_1);
        let t_2 = ::adjoint::__private::linalg::dot(&h, &w2);
        let t_3 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t_2,
            &b2,
        );
        let (softmax_cross_entropy_1, pullback_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_forward(
            &t_3,
            labels,
        );
        let pullback = ::adjoint::__private::Pullback(move |
            (
                x,
                labels,
                w1,
                b1,
                w2,
                b2,
            ): (
                &&Array2<f32>,
                &&Array1<usize>,
                &&Array2<f32>,
                &&Array1<f32>,
                &&Array2<f32>,
                &&Array1<f32>,
            ),
            out: &f32,
            g: &f32,
            needs: [bool; 6usize],
        | -> (
            ::core::option::Option<Array2<f32>>,
            (),
            ::core::option::Option<Array2<f32>>,
            ::core::option::Option<Array1<f32>>,
            ::core::option::Option<Array2<f32>>,
            ::core::option::Option<Array1<f32>>,
        ) {
            let x = *x;
            let labels = *labels;
            let w1 = *w1;
            let b1 = *b1;
            let w2 = *w2;
            let b2 = *b2;
            let softmax_cross_entropy_1 = out;
            let mut d_x = ::core::option::Option::None;
            let mut d_w1 = ::core::option::Option::None;
            let mut d_b1 = ::core::option::Option::None;
            let mut d_w2 = ::core::option::Option::None;
            let mut d_b2 = ::core::option::Option::None;
            let mut d_t = ::core::option::Option::None;
            let mut d_t_1 = ::core::option::Option::None;
            let mut d_h = ::core::option::Option::None;
            let mut d_t_2 = ::core::option::Option::None;
            let mut d_t_3 = ::core::option::Option::None;
            let grads_softmax_cross_entropy_1 = pullback_softmax_cross_entropy_1
                .pullback(
                    (&&t_3, &labels),
                    softmax_cross_entropy_1,
                    g,
                    [
                        needs[0usize] || needs[2usize] || needs[3usize] || needs[4usize]
                            || needs[5usize],
                        false,
                    ],
                );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_3,
                ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
            );
            if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_2,
                    if needs[0usize] || needs[2usize] || needs[3usize] || needs[4usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Add,
                                &g_t_3,
                                &t_2,
                                &b2,
                                &t_3,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_b2,
                    if needs[5usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Add,
                                g_t_3,
                                &t_2,
                                &b2,
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
                    &mut d_h,
                    if needs[0usize] || needs[2usize] || needs[3usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::linalg::dot_vjp_lhs(
                                &g_t_2,
                                &h,
                                &w2,
                                &t_2,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_w2,
                    if needs[4usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::linalg::dot_vjp_rhs(
                                &g_t_2,
                                &h,
                                &w2,
                                &t_2,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_t_2),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_h) = d_h.take() {
                let grads_h = pullback_h
                    .pullback(
                        (&&t_1,),
                        &h,
                        &g_h,
                        [needs[0usize] || needs[2usize] || needs[3usize]],
                    );
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_1,
                    ::adjoint::__private::call_adjoint(grads_h.0),
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_h)))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_t,
                    if needs[0usize] || needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Add,
                                &g_t_1,
                                &t,
                                &b1,
                                &t_1,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_b1,
                    if needs[3usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Add,
                                g_t_1,
                                &t,
                                &b1,
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
                            ::adjoint::__private::linalg::dot_vjp_lhs(&g_t, &x, &w1, &t),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_w1,
                    if needs[2usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::linalg::dot_vjp_rhs(&g_t, &x, &w1, &t),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_t)))
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
            if let ::core::option::Option::Some(given) = d_h {
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
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_3)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_2)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(h)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_1)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t)))
                .recycle_it();
            (
                ::adjoint::__private::finish(d_x, needs[0usize], &x),
                (),
                ::adjoint::__private::finish(d_w1, needs[2usize], &w1),
                ::adjoint::__private::finish(d_b1, needs[3usize], &b1),
                ::adjoint::__private::finish(d_w2, needs[4usize], &w2),
                ::adjoint::__private::finish(d_b2, needs[5usize], &b2),
            )
        });
        (softmax_cross_entropy_1, pullback)
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
        x: &Array2<f32>,
        labels: &Array1<usize>,
        w1: &Array2<f32>,
        b1: &Array1<f32>,
        w2: &Array2<f32>,
        b2: &Array1<f32>,
        tangents: (
            ::core::option::Option<&Array2<f32>>,
            ::core::option::Option<&()>,
            ::core::option::Option<&Array2<f32>>,
            ::core::option::Option<&Array1<f32>>,
            ::core::option::Option<&Array2<f32>>,
            ::core::option::Option<&Array1<f32>>,
        ),
    ) -> (f32, f32) {
        let (given_0, given_1, given_2, given_3, given_4, given_5) = tangents;
        let zero_x;
        let d_x = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x = ::adjoint::__private::zero_tangent(&x);
                &zero_x
            }
        };
        let zero_w1;
        let d_w1 = match given_2 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_w1 = ::adjoint::__private::zero_tangent(&w1);
                &zero_w1
            }
        };
        let zero_b1;
        let d_b1 = match given_3 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_b1 = ::adjoint::__private::zero_tangent(&b1);
                &zero_b1
            }
        };
        let zero_w2;
        let d_w2 = match given_4 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_w2 = ::adjoint::__private::zero_tangent(&w2);
                &zero_w2
            }
        };
        let zero_b2;
        let d_b2 = match given_5 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_b2 = ::adjoint::__private::zero_tangent(&b2);
                &zero_b2
            }
        };
        {
            let t = ::adjoint::__private::linalg::dot(&x, &w1);
            let d_t = ::adjoint::__private::linalg::dot_jvp(
                &x,
                &w1,
                &t,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w1)),
            );
            let t_1 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Add,
                &t,
                &b1,
            );
            let d_t_1 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Add,
                &t,
                &b1,
                &t_1,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b1)),
            );
            ::core::mem::drop(d_t);
            ::core::mem::drop(t);
            let (h, d_h) = <relu>::__adjoint_jvp(
                &t_1,
                (::adjoint::__private::call_tangent(&d_t_1),),
            );
            ::core::mem::drop(d_t_1);
            ::core::mem::drop(t_1);
            let t_2 = ::adjoint::__private::linalg::dot(&h, &w2);
            let d_t_2 = ::adjoint::__private::linalg::dot_jvp(
                &h,
                &w2,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_h)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w2)),
            );
            ::core::mem::drop(d_h);
            ::core::mem::drop(h);
            let t_3 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Add,
                &t_2,
                &b2,
            );
            let d_t_3 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Add,
                &t_2,
                &b2,
                &t_3,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b2)),
            );
            ::core::mem::drop(d_t_2);
            ::core::mem::drop(t_2);
            let (softmax_cross_entropy_1, d_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_jvp(
                &t_3,
                labels,
                (
                    ::adjoint::__private::call_tangent(&d_t_3),
                    ::core::option::Option::None,
                ),
            );
            ::core::mem::drop(d_t_3);
            ::core::mem::drop(t_3);
            let tangent = d_softmax_cross_entropy_1;
            (softmax_cross_entropy_1, tangent)
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
        (
            arg_0,
            arg_1,
            arg_2,
            arg_3,
            arg_4,
            arg_5,
        ): (
            &&Array2<f32>,
            &&Array1<usize>,
            &&Array2<f32>,
            &&Array1<f32>,
            &&Array2<f32>,
            &&Array1<f32>,
        ),
        tangents: (
            ::core::option::Option<&Array2<f32>>,
            ::core::option::Option<&()>,
            ::core::option::Option<&Array2<f32>>,
            ::core::option::Option<&Array1<f32>>,
            ::core::option::Option<&Array2<f32>>,
            ::core::option::Option<&Array1<f32>>,
        ),
        g: &f32,
        dg: ::core::option::Option<&f32>,
        needs: [bool; 6usize],
    ) -> (
        (
            ::core::option::Option<Array2<f32>>,
            (),
            ::core::option::Option<Array2<f32>>,
            ::core::option::Option<Array1<f32>>,
            ::core::option::Option<Array2<f32>>,
            ::core::option::Option<Array1<f32>>,
        ),
        (
            ::core::option::Option<Array2<f32>>,
            (),
            ::core::option::Option<Array2<f32>>,
            ::core::option::Option<Array1<f32>>,
            ::core::option::Option<Array2<f32>>,
            ::core::option::Option<Array1<f32>>,
        ),
    ) {
        let x = ::core::clone::Clone::clone(arg_0);
        let labels = ::core::clone::Clone::clone(arg_1);
        let w1 = ::core::clone::Clone::clone(arg_2);
        let b1 = ::core::clone::Clone::clone(arg_3);
        let w2 = ::core::clone::Clone::clone(arg_4);
        let b2 = ::core::clone::Clone::clone(arg_5);
        let (given_0, given_1, given_2, given_3, given_4, given_5) = tangents;
        let zero_x;
        let d_x = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x = ::adjoint::__private::zero_tangent(&x);
                &zero_x
            }
        };
        let zero_w1;
        let d_w1 = match given_2 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_w1 = ::adjoint::__private::zero_tangent(&w1);
                &zero_w1
            }
        };
        let zero_b1;
        let d_b1 = match given_3 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_b1 = ::adjoint::__private::zero_tangent(&b1);
                &zero_b1
            }
        };
        let zero_w2;
        let d_w2 = match given_4 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_w2 = ::adjoint::__private::zero_tangent(&w2);
                &zero_w2
            }
        };
        let zero_b2;
        let d_b2 = match given_5 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_b2 = ::adjoint::__private::zero_tangent(&b2);
                &zero_b2
            }
        };
        let t = ::adjoint::__private::linalg::dot(&x, &w1);
        let d_t = ::adjoint::__private::linalg::dot_jvp(
            &x,
            &w1,
            &t,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w1)),
        );
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t,
            &b1,
        );
        let d_t_1 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Add,
            &t,
            &b1,
            &t_1,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b1)),
        );
        let (h, d_h) = <relu>::__adjoint_jvp(
            &t_1,
            (::adjoint::__private::call_tangent(&d_t_1),),
        );
        let t_2 = ::adjoint::__private::linalg::dot(&h, &w2);
        let d_t_2 = ::adjoint::__private::linalg::dot_jvp(
            &h,
            &w2,
            &t_2,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_h)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w2)),
        );
        let t_3 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t_2,
            &b2,
        );
        let d_t_3 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Add,
            &t_2,
            &b2,
            &t_3,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b2)),
        );
        let (softmax_cross_entropy_1, d_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_jvp(
            &t_3,
            labels,
            (::adjoint::__private::call_tangent(&d_t_3), ::core::option::Option::None),
        );
        let mut dd_x = ::core::option::Option::None;
        let mut dd_w1 = ::core::option::Option::None;
        let mut dd_b1 = ::core::option::Option::None;
        let mut dd_w2 = ::core::option::Option::None;
        let mut dd_b2 = ::core::option::Option::None;
        let mut dd_t = ::core::option::Option::None;
        let mut dd_t_1 = ::core::option::Option::None;
        let mut dd_h = ::core::option::Option::None;
        let mut dd_t_2 = ::core::option::Option::None;
        let mut dd_t_3 = ::core::option::Option::None;
        let mut dd_softmax_cross_entropy_1 = ::core::option::Option::None;
        dd_softmax_cross_entropy_1 = ::core::option::Option::map(
            dg,
            ::core::clone::Clone::clone,
        );
        let dd_taken = ::core::option::Option::take(&mut dd_softmax_cross_entropy_1);
        let (grads_softmax_cross_entropy_1, dd_grads_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_hvp(
            (&&t_3, &labels),
            (::adjoint::__private::call_tangent(&d_t_3), ::core::option::Option::None),
            g,
            ::core::option::Option::as_ref(&dd_taken),
            [true, false],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_3,
            ::adjoint::__private::call_adjoint(dd_grads_softmax_cross_entropy_1.0),
        );
        let d_t_3_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
        );
        let dd_taken_1 = ::core::option::Option::take(&mut dd_t_3);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_2,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Add,
                    &d_t_3_1,
                    &t_2,
                    &b2,
                    &t_3,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b2)),
                    ::core::option::Option::as_ref(&dd_taken_1),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_b2,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Add,
                    &d_t_3_1,
                    &t_2,
                    &b2,
                    &t_3,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b2)),
                    ::core::option::Option::as_ref(&dd_taken_1),
                ),
            ),
        );
        let d_t_2_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Add,
            &d_t_3_1,
            &t_2,
            &b2,
            &t_3,
        );
        let d_b2_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Add,
            d_t_3_1,
            &t_2,
            &b2,
            &t_3,
        );
        let dd_taken_2 = ::core::option::Option::take(&mut dd_t_2);
        ::adjoint::__private::accumulate_optional(
            &mut dd_h,
            ::core::option::Option::Some(
                ::adjoint::__private::linalg::dot_vjp_lhs_jvp(
                    &d_t_2_1,
                    &h,
                    &w2,
                    &t_2,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_h)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w2)),
                    ::core::option::Option::as_ref(&dd_taken_2),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_w2,
            ::core::option::Option::Some(
                ::adjoint::__private::linalg::dot_vjp_rhs_jvp(
                    &d_t_2_1,
                    &h,
                    &w2,
                    &t_2,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_h)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w2)),
                    ::core::option::Option::as_ref(&dd_taken_2),
                ),
            ),
        );
        let d_h_1 = ::adjoint::__private::linalg::dot_vjp_lhs(&d_t_2_1, &h, &w2, &t_2);
        let d_w2_1 = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_2_1, &h, &w2, &t_2);
        let dd_taken_3 = ::core::option::Option::take(&mut dd_h);
        let (grads_h, dd_grads_h) = <relu>::__adjoint_hvp(
            (&&t_1,),
            (::adjoint::__private::call_tangent(&d_t_1),),
            &d_h_1,
            ::core::option::Option::as_ref(&dd_taken_3),
            [true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_1,
            ::adjoint::__private::call_adjoint(dd_grads_h.0),
        );
        let d_t_1_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_h.0),
        );
        let dd_taken_4 = ::core::option::Option::take(&mut dd_t_1);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Add,
                    &d_t_1_1,
                    &t,
                    &b1,
                    &t_1,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b1)),
                    ::core::option::Option::as_ref(&dd_taken_4),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_b1,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Add,
                    &d_t_1_1,
                    &t,
                    &b1,
                    &t_1,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_b1)),
                    ::core::option::Option::as_ref(&dd_taken_4),
                ),
            ),
        );
        let d_t_4 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Add,
            &d_t_1_1,
            &t,
            &b1,
            &t_1,
        );
        let d_b1_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Add,
            d_t_1_1,
            &t,
            &b1,
            &t_1,
        );
        let dd_taken_5 = ::core::option::Option::take(&mut dd_t);
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::core::option::Option::Some(
                ::adjoint::__private::linalg::dot_vjp_lhs_jvp(
                    &d_t_4,
                    &x,
                    &w1,
                    &t,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w1)),
                    ::core::option::Option::as_ref(&dd_taken_5),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_w1,
            ::core::option::Option::Some(
                ::adjoint::__private::linalg::dot_vjp_rhs_jvp(
                    &d_t_4,
                    &x,
                    &w1,
                    &t,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_w1)),
                    ::core::option::Option::as_ref(&dd_taken_5),
                ),
            ),
        );
        let d_x_1 = ::adjoint::__private::linalg::dot_vjp_lhs(&d_t_4, &x, &w1, &t);
        let d_w1_1 = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_4, &x, &w1, &t);
        (
            (
                if needs[0usize] {
                    ::core::option::Option::Some(d_x_1)
                } else {
                    ::core::option::Option::None
                },
                (),
                if needs[2usize] {
                    ::core::option::Option::Some(d_w1_1)
                } else {
                    ::core::option::Option::None
                },
                if needs[3usize] {
                    ::core::option::Option::Some(d_b1_1)
                } else {
                    ::core::option::Option::None
                },
                if needs[4usize] {
                    ::core::option::Option::Some(d_w2_1)
                } else {
                    ::core::option::Option::None
                },
                if needs[5usize] {
                    ::core::option::Option::Some(d_b2_1)
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
                (),
                if needs[2usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_w1, true, &w1),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[3usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_b1, true, &b1),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[4usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_w2, true, &w2),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[5usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_b2, true, &b2),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            ),
        )
    }
}

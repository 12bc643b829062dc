#[allow(dead_code)]
fn regression(layer: &Dense<f64>, x: &Array2<f64>, t: &Array2<f64>) -> f64 {
    let h = relu(x.dot(&layer.w) + &layer.b);
    mse(dense(layer, sigmoid(h.view())), &t)
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
fn regression_grad(
    layer: &Dense<f64>,
    x: &Array2<f64>,
    t: &Array2<f64>,
) -> (f64, Dense<f64>) {
    let t_1 = ::adjoint::__private::linalg::dot(&x, &layer.w);
    let t_2 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_1,
        &layer.b,
    );
    let (h, pullback_h) = <relu>::__adjoint_forward({
        use ::adjoint::__private::{PassCloned as _, PassPooled as _};
        (&::adjoint::__private::Passed(&t_2)).pass_it()
    });
    let t_3 = ::adjoint::__private::select::view(&h);
    let (sigmoid_1, pullback_sigmoid_1) = <sigmoid>::__adjoint_forward({
        use ::adjoint::__private::{PassCloned as _, PassPooled as _};
        (&::adjoint::__private::Passed(&t_3)).pass_it()
    });
    let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(
        layer,
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&sigmoid_1)).pass_it()
        },
    );
    let (mse_1, pullback_mse_1) = <mse>::__adjoint_forward(
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&dense_1)).pass_it()
        },
        &t,
    );
    let d_mse_1: f64 = ::adjoint::__private::one();
    let grads_mse_1 = pullback_mse_1
        .pullback((&dense_1, &&t), &mse_1, &d_mse_1, [true, false]);
    let d_dense_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_mse_1.0),
    );
    let grads_dense_1 = pullback_dense_1
        .pullback((&layer, &sigmoid_1), &dense_1, &d_dense_1, [true, true]);
    let mut d_layer = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_dense_1.0),
    );
    let d_sigmoid_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_dense_1.1),
    );
    let grads_sigmoid_1 = pullback_sigmoid_1
        .pullback((&t_3,), &sigmoid_1, &d_sigmoid_1, [true]);
    let d_t_3 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
    );
    let d_h = ::adjoint::__private::select::view_vjp(&d_t_3, &h, &t_3);
    let grads_h = pullback_h.pullback((&t_2,), &h, &d_h, [true]);
    let d_t_2 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_h.0),
    );
    let d_t_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_2,
        &t_1,
        &layer.b,
        &t_2,
    );
    let d_part_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_2,
        &t_1,
        &layer.b,
        &t_2,
    );
    if !(::adjoint::__private::Params::is_constant_field(&d_layer, "b")) {
        ::adjoint::__private::accumulate(&mut d_layer.b, d_part_1);
    }
    let d_part = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_1, &x, &layer.w, &t_1);
    if !(::adjoint::__private::Params::is_constant_field(&d_layer, "w")) {
        ::adjoint::__private::accumulate(&mut d_layer.w, d_part);
    }
    (mse_1, d_layer)
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
fn regression_grad_into_with(
    layer: &Dense<f64>,
    x: &Array2<f64>,
    t: &Array2<f64>,
    grads: &mut Dense<f64>,
    workspace: &mut ::adjoint::Workspace,
    hook: &mut impl ::adjoint::GradientHook,
) -> f64 {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    ::adjoint::__private::check_tangent::<
        &Dense<f64>,
    >("regression_grad_into", "grads", "layer", &layer, &*grads);
    let installed = ::adjoint::__private::install(workspace);
    {
        let t_1 = ::adjoint::__private::linalg::dot(&x, &layer.w);
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t_1,
            &layer.b,
        );
        let (h, pullback_h) = <relu>::__adjoint_forward({
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&t_2)).pass_it()
        });
        let t_3 = ::adjoint::__private::select::view(&h);
        let (sigmoid_1, pullback_sigmoid_1) = <sigmoid>::__adjoint_forward({
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&t_3)).pass_it()
        });
        let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(
            layer,
            {
                use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                (&::adjoint::__private::Passed(&sigmoid_1)).pass_it()
            },
        );
        let (mse_1, pullback_mse_1) = <mse>::__adjoint_forward(
            {
                use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                (&::adjoint::__private::Passed(&dense_1)).pass_it()
            },
            &t,
        );
        let d_mse_1: f64 = ::adjoint::__private::one();
        let grads_mse_1 = pullback_mse_1
            .pullback((&dense_1, &&t), &mse_1, &d_mse_1, [true, false]);
        let d_dense_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_mse_1.0),
        );
        hook.progress();
        let grads_dense_1 = pullback_dense_1
            .pullback((&layer, &sigmoid_1), &dense_1, &d_dense_1, [true, true]);
        let mut d_layer = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.0),
        );
        let d_sigmoid_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.1),
        );
        hook.progress();
        let grads_sigmoid_1 = pullback_sigmoid_1
            .pullback((&t_3,), &sigmoid_1, &d_sigmoid_1, [true]);
        let d_t_3 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
        );
        hook.progress();
        let d_h = ::adjoint::__private::select::view_vjp(&d_t_3, &h, &t_3);
        hook.progress();
        let grads_h = pullback_h.pullback((&t_2,), &h, &d_h, [true]);
        let d_t_2 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_h.0),
        );
        hook.progress();
        let d_t_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Add,
            &d_t_2,
            &t_1,
            &layer.b,
            &t_2,
        );
        let d_part_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Add,
            d_t_2,
            &t_1,
            &layer.b,
            &t_2,
        );
        hook.progress();
        if !(::adjoint::__private::Params::is_constant_field(&d_layer, "b")) {
            ::adjoint::__private::accumulate(&mut d_layer.b, d_part_1);
        }
        hook.progress();
        let d_part = ::adjoint::__private::linalg::dot_vjp_rhs(
            &d_t_1,
            &x,
            &layer.w,
            &t_1,
        );
        hook.progress();
        if !(::adjoint::__private::Params::is_constant_field(&d_layer, "w")) {
            ::adjoint::__private::accumulate(&mut d_layer.w, d_part);
        }
        ::adjoint::__private::accumulate(&mut *grads, d_layer);
        hook.part_final(&*grads);
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_mse_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_dense_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_sigmoid_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_t_3)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_h)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_t_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(dense_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(sigmoid_1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(h)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_2)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_1)))
            .recycle_it();
        mse_1
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
fn regression_grad_into(
    layer: &Dense<f64>,
    x: &Array2<f64>,
    t: &Array2<f64>,
    grads: &mut Dense<f64>,
    workspace: &mut ::adjoint::Workspace,
) -> f64 {
    regression_grad_into_with(layer, x, t, grads, workspace, &mut ())
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
fn regression_vjp(
    layer: &Dense<f64>,
    x: &Array2<f64>,
    t: &Array2<f64>,
    cotangent: &f64,
) -> (f64, Dense<f64>) {
    let t_1 = ::adjoint::__private::linalg::dot(&x, &layer.w);
    let t_2 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_1,
        &layer.b,
    );
    let (h, pullback_h) = <relu>::__adjoint_forward({
        use ::adjoint::__private::{PassCloned as _, PassPooled as _};
        (&::adjoint::__private::Passed(&t_2)).pass_it()
    });
    let t_3 = ::adjoint::__private::select::view(&h);
    let (sigmoid_1, pullback_sigmoid_1) = <sigmoid>::__adjoint_forward({
        use ::adjoint::__private::{PassCloned as _, PassPooled as _};
        (&::adjoint::__private::Passed(&t_3)).pass_it()
    });
    let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(
        layer,
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&sigmoid_1)).pass_it()
        },
    );
    let (mse_1, pullback_mse_1) = <mse>::__adjoint_forward(
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&dense_1)).pass_it()
        },
        &t,
    );
    ::adjoint::__private::check_tangent::<
        f64,
    >("regression_vjp", "cotangent", "regression(..)", &mse_1, cotangent);
    let grads_mse_1 = pullback_mse_1
        .pullback((&dense_1, &&t), &mse_1, cotangent, [true, false]);
    let d_dense_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_mse_1.0),
    );
    let grads_dense_1 = pullback_dense_1
        .pullback((&layer, &sigmoid_1), &dense_1, &d_dense_1, [true, true]);
    let mut d_layer = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_dense_1.0),
    );
    let d_sigmoid_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_dense_1.1),
    );
    let grads_sigmoid_1 = pullback_sigmoid_1
        .pullback((&t_3,), &sigmoid_1, &d_sigmoid_1, [true]);
    let d_t_3 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
    );
    let d_h = ::adjoint::__private::select::view_vjp(&d_t_3, &h, &t_3);
    let grads_h = pullback_h.pullback((&t_2,), &h, &d_h, [true]);
    let d_t_2 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_h.0),
    );
    let d_t_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_2,
        &t_1,
        &layer.b,
        &t_2,
    );
    let d_part_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_2,
        &t_1,
        &layer.b,
        &t_2,
    );
    if !(::adjoint::__private::Params::is_constant_field(&d_layer, "b")) {
        ::adjoint::__private::accumulate(&mut d_layer.b, d_part_1);
    }
    let d_part = ::adjoint::__private::linalg::dot_vjp_rhs(&d_t_1, &x, &layer.w, &t_1);
    if !(::adjoint::__private::Params::is_constant_field(&d_layer, "w")) {
        ::adjoint::__private::accumulate(&mut d_layer.w, d_part);
    }
    (mse_1, d_layer)
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
fn regression_jvp(
    layer: &Dense<f64>,
    x: &Array2<f64>,
    t: &Array2<f64>,
    d_layer: &Dense<f64>,
) -> (f64, f64) {
    let d_part = if {
        use ::adjoint::__private::Params as _;
        (&d_layer).is_constant_field("w")
    } {
        ::adjoint::__private::zero_tangent(&(*&layer).w)
    } else {
        ::core::clone::Clone::clone(&(*&d_layer).w)
    };
    let t_1 = ::adjoint::__private::linalg::dot(&x, &layer.w);
    let d_t_1 = ::adjoint::__private::linalg::dot_jvp(
        &x,
        &layer.w,
        &t_1,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part)),
    );
    ::core::mem::drop(d_part);
    let d_part_1 = if {
        use ::adjoint::__private::Params as _;
        (&d_layer).is_constant_field("b")
    } {
        ::adjoint::__private::zero_tangent(&(*&layer).b)
    } else {
        ::core::clone::Clone::clone(&(*&d_layer).b)
    };
    let t_2 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_1,
        &layer.b,
    );
    let d_t_2 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &t_1,
        &layer.b,
        &t_2,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part_1)),
    );
    ::core::mem::drop(d_part_1);
    ::core::mem::drop(d_t_1);
    ::core::mem::drop(t_1);
    let (h, d_h) = <relu>::__adjoint_jvp(
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&t_2)).pass_it()
        },
        (::adjoint::__private::call_tangent(&d_t_2),),
    );
    ::core::mem::drop(d_t_2);
    ::core::mem::drop(t_2);
    let t_3 = ::adjoint::__private::select::view(&h);
    let d_t_3 = ::adjoint::__private::select::view_jvp(&h, &t_3, &d_h);
    ::core::mem::drop(d_h);
    let (sigmoid_1, d_sigmoid_1) = <sigmoid>::__adjoint_jvp(
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&t_3)).pass_it()
        },
        (::adjoint::__private::call_tangent(&d_t_3),),
    );
    ::core::mem::drop(d_t_3);
    ::core::mem::drop(t_3);
    ::core::mem::drop(h);
    let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
        layer,
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&sigmoid_1)).pass_it()
        },
        (
            ::adjoint::__private::call_tangent(&d_layer),
            ::adjoint::__private::call_tangent(&d_sigmoid_1),
        ),
    );
    ::core::mem::drop(d_sigmoid_1);
    ::core::mem::drop(sigmoid_1);
    let (mse_1, d_mse_1) = <mse>::__adjoint_jvp(
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&dense_1)).pass_it()
        },
        &t,
        (::adjoint::__private::call_tangent(&d_dense_1), ::core::option::Option::None),
    );
    ::core::mem::drop(d_dense_1);
    ::core::mem::drop(dense_1);
    let tangent = d_mse_1;
    (mse_1, tangent)
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
fn regression_hvp(
    layer: &Dense<f64>,
    x: &Array2<f64>,
    t: &Array2<f64>,
    d_layer: &Dense<f64>,
) -> (f64, Dense<f64>, Dense<f64>) {
    let d_part = if {
        use ::adjoint::__private::Params as _;
        (&d_layer).is_constant_field("w")
    } {
        ::adjoint::__private::zero_tangent(&(*&layer).w)
    } else {
        ::core::clone::Clone::clone(&(*&d_layer).w)
    };
    let t_1 = ::adjoint::__private::linalg::dot(&x, &layer.w);
    let d_t_1 = ::adjoint::__private::linalg::dot_jvp(
        &x,
        &layer.w,
        &t_1,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part)),
    );
    let d_part_1 = if {
        use ::adjoint::__private::Params as _;
        (&d_layer).is_constant_field("b")
    } {
        ::adjoint::__private::zero_tangent(&(*&layer).b)
    } else {
        ::core::clone::Clone::clone(&(*&d_layer).b)
    };
    let t_2 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &t_1,
        &layer.b,
    );
    let d_t_2 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &t_1,
        &layer.b,
        &t_2,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part_1)),
    );
    let (h, d_h) = <relu>::__adjoint_jvp(
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&t_2)).pass_it()
        },
        (::adjoint::__private::call_tangent(&d_t_2),),
    );
    let t_3 = ::adjoint::__private::select::view(&h);
    let d_t_3 = ::adjoint::__private::select::view_jvp(&h, &t_3, &d_h);
    let (sigmoid_1, d_sigmoid_1) = <sigmoid>::__adjoint_jvp(
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&t_3)).pass_it()
        },
        (::adjoint::__private::call_tangent(&d_t_3),),
    );
    let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
        layer,
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&sigmoid_1)).pass_it()
        },
        (
            ::adjoint::__private::call_tangent(&d_layer),
            ::adjoint::__private::call_tangent(&d_sigmoid_1),
        ),
    );
    let (mse_1, d_mse_1) = <mse>::__adjoint_jvp(
        {
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&dense_1)).pass_it()
        },
        &t,
        (::adjoint::__private::call_tangent(&d_dense_1), ::core::option::Option::None),
    );
    let mut dd_layer = ::core::option::Option::None;
    let mut dd_part = ::core::option::Option::None;
    let mut dd_t_1 = ::core::option::Option::None;
    let mut dd_part_1 = ::core::option::Option::None;
    let mut dd_t_2 = ::core::option::Option::None;
    let mut dd_h = ::core::option::Option::None;
    let mut dd_t_3 = ::core::option::Option::None;
    let mut dd_sigmoid_1 = ::core::option::Option::None;
    let mut dd_dense_1 = ::core::option::Option::None;
    let mut dd_mse_1 = ::core::option::Option::None;
    let d_mse_1_1: f64 = ::adjoint::__private::one();
    let dd_taken = ::core::option::Option::take(&mut dd_mse_1);
    let (grads_mse_1, dd_grads_mse_1) = <mse>::__adjoint_hvp(
        (&dense_1, &&t),
        (::adjoint::__private::call_tangent(&d_dense_1), ::core::option::Option::None),
        &d_mse_1_1,
        ::core::option::Option::as_ref(&dd_taken),
        [true, false],
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_dense_1,
        ::adjoint::__private::call_adjoint(dd_grads_mse_1.0),
    );
    let d_dense_1_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_mse_1.0),
    );
    let dd_taken_1 = ::core::option::Option::take(&mut dd_dense_1);
    let (grads_dense_1, dd_grads_dense_1) = <dense>::__adjoint_hvp(
        (&layer, &sigmoid_1),
        (
            ::adjoint::__private::call_tangent(&d_layer),
            ::adjoint::__private::call_tangent(&d_sigmoid_1),
        ),
        &d_dense_1_1,
        ::core::option::Option::as_ref(&dd_taken_1),
        [true, true],
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_layer,
        ::adjoint::__private::call_adjoint(dd_grads_dense_1.0),
    );
    let mut d_layer_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_dense_1.0),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_sigmoid_1,
        ::adjoint::__private::call_adjoint(dd_grads_dense_1.1),
    );
    let d_sigmoid_1_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_dense_1.1),
    );
    let dd_taken_2 = ::core::option::Option::take(&mut dd_sigmoid_1);
    let (grads_sigmoid_1, dd_grads_sigmoid_1) = <sigmoid>::__adjoint_hvp(
        (&t_3,),
        (::adjoint::__private::call_tangent(&d_t_3),),
        &d_sigmoid_1_1,
        ::core::option::Option::as_ref(&dd_taken_2),
        [true],
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_3,
        ::adjoint::__private::call_adjoint(dd_grads_sigmoid_1.0),
    );
    let d_t_3_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
    );
    let dd_taken_3 = ::core::option::Option::take(&mut dd_t_3);
    ::adjoint::__private::accumulate_optional(
        &mut dd_h,
        ::core::option::Option::map(
            ::core::option::Option::as_ref(&dd_taken_3),
            |__adjoint_dg| ::adjoint::__private::select::view_vjp(__adjoint_dg, &h, &t_3),
        ),
    );
    let d_h_1 = ::adjoint::__private::select::view_vjp(&d_t_3_1, &h, &t_3);
    let dd_taken_4 = ::core::option::Option::take(&mut dd_h);
    let (grads_h, dd_grads_h) = <relu>::__adjoint_hvp(
        (&t_2,),
        (::adjoint::__private::call_tangent(&d_t_2),),
        &d_h_1,
        ::core::option::Option::as_ref(&dd_taken_4),
        [true],
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_2,
        ::adjoint::__private::call_adjoint(dd_grads_h.0),
    );
    let d_t_2_1 = ::adjoint::__private::needed(
        ::adjoint::__private::call_adjoint(grads_h.0),
    );
    let dd_taken_5 = ::core::option::Option::take(&mut dd_t_2);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_1,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_lhs_jvp(
                &::adjoint::__private::Add,
                &d_t_2_1,
                &t_1,
                &layer.b,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part_1)),
                ::core::option::Option::as_ref(&dd_taken_5),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_part_1,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Add,
                &d_t_2_1,
                &t_1,
                &layer.b,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part_1)),
                ::core::option::Option::as_ref(&dd_taken_5),
            ),
        ),
    );
    let d_t_1_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Add,
        &d_t_2_1,
        &t_1,
        &layer.b,
        &t_2,
    );
    let d_part_1_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_2_1,
        &t_1,
        &layer.b,
        &t_2,
    );
    if let ::core::option::Option::Some(dd_part_2) = ::core::option::Option::take(
        &mut dd_part_1,
    ) {
        if !(::adjoint::__private::Params::is_constant_field(
            &(*::adjoint::__private::adjoint_slot(&mut dd_layer, &layer)),
            "b",
        )) {
            ::adjoint::__private::accumulate(
                &mut (*::adjoint::__private::adjoint_slot(&mut dd_layer, &layer)).b,
                dd_part_2,
            );
        }
    }
    if !(::adjoint::__private::Params::is_constant_field(&d_layer_1, "b")) {
        ::adjoint::__private::accumulate(&mut d_layer_1.b, d_part_1_1);
    }
    let dd_taken_6 = ::core::option::Option::take(&mut dd_t_1);
    ::adjoint::__private::accumulate_optional(
        &mut dd_part,
        ::core::option::Option::Some(
            ::adjoint::__private::linalg::dot_vjp_rhs_jvp(
                &d_t_1_1,
                &x,
                &layer.w,
                &t_1,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part)),
                ::core::option::Option::as_ref(&dd_taken_6),
            ),
        ),
    );
    let d_part_2 = ::adjoint::__private::linalg::dot_vjp_rhs(
        &d_t_1_1,
        &x,
        &layer.w,
        &t_1,
    );
    if let ::core::option::Option::Some(dd_part_3) = ::core::option::Option::take(
        &mut dd_part,
    ) {
        if !(::adjoint::__private::Params::is_constant_field(
            &(*::adjoint::__private::adjoint_slot(&mut dd_layer, &layer)),
            "w",
        )) {
            ::adjoint::__private::accumulate(
                &mut (*::adjoint::__private::adjoint_slot(&mut dd_layer, &layer)).w,
                dd_part_3,
            );
        }
    }
    if !(::adjoint::__private::Params::is_constant_field(&d_layer_1, "w")) {
        ::adjoint::__private::accumulate(&mut d_layer_1.w, d_part_2);
    }
    let gradient = d_layer_1;
    (
        mse_1,
        gradient,
        ::adjoint::__private::needed(
            ::adjoint::__private::finish(dd_layer, true, &layer),
        ),
    )
}
#[allow(non_camel_case_types, dead_code)]
struct regression {}
impl regression {
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
        layer: &Dense<f64>,
        x: &Array2<f64>,
        t: &Array2<f64>,
    ) -> (
        f64,
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (&&Dense<f64>, &&Array2<f64>, &&Array2<f64>),
                &f64,
                &f64,
                [bool; 3usize],
            ) -> (
                    ::core::option::Option<Dense<f64>>,
                    ::core::option::Option<Array2<f64>>,
                    ::core::option::Option<Array2<f64>>,
                ) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let t_1 = ::adjoint::__private::linalg::dot(&x, &layer.w);
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t_1,
            &layer.b,
        );
        let (h, pullback_h) = <relu>::__adjoint_forward({
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&t_2)).pass_it()
        });
        let t_3 = ::adjoint::__private::select::view(&h);
        let (sigmoid_1, pullback_sigmoid_1) = <sigmoid>::__adjoint_forward({
            use ::adjoint::__private::{PassCloned as _, PassPooled as _};
            (&::adjoint::__private::Passed(&t_3)).pass_it()
        });
        let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(
            layer,
            {
                use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                (&::adjoint::__private::Passed(&sigmoid_1)).pass_it()
            },
        );
        let (mse_1, pullback_mse_1) = <mse>::__adjoint_forward(
            {
                use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                (&::adjoint::__private::Passed(&dense_1)).pass_it()
            },
            &t,
        );
        let pullback = ::adjoint::__private::Pullback(move |
            (layer, x, t): (&&Dense<f64>, &&Array2<f64>, &&Array2<f64>),
            out: &f64,
            g: &f64,
            needs: [bool; 3usize],
        | -> (
            ::core::option::Option<Dense<f64>>,
            ::core::option::Option<Array2<f64>>,
            ::core::option::Option<Array2<f64>>,
        ) {
            let layer = *layer;
            let x = *x;
            let t = *t;
            let mse_1 = out;
            let t_3 = ::adjoint::__private::select::view(&h);
            let mut d_layer = ::core::option::Option::None;
            let mut d_x = ::core::option::Option::None;
            let mut d_t = ::core::option::Option::None;
            let mut d_part = ::core::option::Option::None;
            let mut d_t_1 = ::core::option::Option::None;
            let mut d_part_1 = ::core::option::Option::None;
            let mut d_t_2 = ::core::option::Option::None;
            let mut d_h = ::core::option::Option::None;
            let mut d_t_3 = ::core::option::Option::None;
            let mut d_sigmoid_1 = ::core::option::Option::None;
            let mut d_dense_1 = ::core::option::Option::None;
            let grads_mse_1 = pullback_mse_1
                .pullback(
                    (&dense_1, &&t),
                    mse_1,
                    g,
                    [needs[0usize] || needs[1usize], needs[2usize]],
                );
            ::adjoint::__private::accumulate_optional(
                &mut d_dense_1,
                ::adjoint::__private::call_adjoint(grads_mse_1.0),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t,
                ::adjoint::__private::call_adjoint(grads_mse_1.1),
            );
            if let ::core::option::Option::Some(g_dense_1) = d_dense_1.take() {
                let grads_dense_1 = pullback_dense_1
                    .pullback(
                        (&layer, &sigmoid_1),
                        &dense_1,
                        &g_dense_1,
                        [needs[0usize], needs[0usize] || needs[1usize]],
                    );
                ::adjoint::__private::accumulate_optional(
                    &mut d_layer,
                    ::adjoint::__private::call_adjoint(grads_dense_1.0),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_sigmoid_1,
                    ::adjoint::__private::call_adjoint(grads_dense_1.1),
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_dense_1),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_sigmoid_1) = d_sigmoid_1.take() {
                let grads_sigmoid_1 = pullback_sigmoid_1
                    .pullback(
                        (&t_3,),
                        &sigmoid_1,
                        &g_sigmoid_1,
                        [needs[0usize] || needs[1usize]],
                    );
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_3,
                    ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_sigmoid_1),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_h,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::select::view_vjp(&g_t_3, &h, &t_3),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_t_3),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_h) = d_h.take() {
                let grads_h = pullback_h
                    .pullback((&t_2,), &h, &g_h, [needs[0usize] || needs[1usize]]);
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_2,
                    ::adjoint::__private::call_adjoint(grads_h.0),
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_h)))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_t_2) = d_t_2.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_1,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Add,
                                &g_t_2,
                                &t_1,
                                &layer.b,
                                &t_2,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_part_1,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Add,
                                g_t_2,
                                &t_1,
                                &layer.b,
                                &t_2,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(g_part_1) = d_part_1.take() {
                if !(::adjoint::__private::Params::is_constant_field(
                    &(*::adjoint::__private::adjoint_slot(&mut d_layer, &layer)),
                    "b",
                )) {
                    ::adjoint::__private::accumulate(
                        &mut (*::adjoint::__private::adjoint_slot(&mut d_layer, &layer))
                            .b,
                        g_part_1,
                    );
                }
            }
            if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    if needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::linalg::dot_vjp_lhs(
                                &g_t_1,
                                &x,
                                &layer.w,
                                &t_1,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_part,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::linalg::dot_vjp_rhs(
                                &g_t_1,
                                &x,
                                &layer.w,
                                &t_1,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_t_1),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_part) = d_part.take() {
                if !(::adjoint::__private::Params::is_constant_field(
                    &(*::adjoint::__private::adjoint_slot(&mut d_layer, &layer)),
                    "w",
                )) {
                    ::adjoint::__private::accumulate(
                        &mut (*::adjoint::__private::adjoint_slot(&mut d_layer, &layer))
                            .w,
                        g_part,
                    );
                }
            }
            if let ::core::option::Option::Some(given) = d_dense_1 {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_sigmoid_1 {
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
            if let ::core::option::Option::Some(given) = d_h {
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
            if let ::core::option::Option::Some(given) = d_part_1 {
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
            if let ::core::option::Option::Some(given) = d_part {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(dense_1)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(
                ::core::option::Option::Some(sigmoid_1),
            ))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(h)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_2)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_1)))
                .recycle_it();
            (
                ::adjoint::__private::finish(d_layer, needs[0usize], &layer),
                ::adjoint::__private::finish(d_x, needs[1usize], &x),
                ::adjoint::__private::finish(d_t, needs[2usize], &t),
            )
        });
        (mse_1, pullback)
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
        layer: &Dense<f64>,
        x: &Array2<f64>,
        t: &Array2<f64>,
        tangents: (
            ::core::option::Option<&Dense<f64>>,
            ::core::option::Option<&Array2<f64>>,
            ::core::option::Option<&Array2<f64>>,
        ),
    ) -> (f64, f64) {
        let (given_0, given_1, given_2) = tangents;
        let zero_layer;
        let d_layer = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_layer = ::adjoint::__private::zero_tangent(&layer);
                &zero_layer
            }
        };
        let zero_x;
        let d_x = match given_1 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x = ::adjoint::__private::zero_tangent(&x);
                &zero_x
            }
        };
        let zero_t;
        let d_t = match given_2 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_t = ::adjoint::__private::zero_tangent(&t);
                &zero_t
            }
        };
        {
            let d_part = if {
                use ::adjoint::__private::Params as _;
                (&d_layer).is_constant_field("w")
            } {
                ::adjoint::__private::zero_tangent(&(*&layer).w)
            } else {
                ::core::clone::Clone::clone(&(*&d_layer).w)
            };
            let t_1 = ::adjoint::__private::linalg::dot(&x, &layer.w);
            let d_t_1 = ::adjoint::__private::linalg::dot_jvp(
                &x,
                &layer.w,
                &t_1,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part)),
            );
            ::core::mem::drop(d_part);
            let d_part_1 = if {
                use ::adjoint::__private::Params as _;
                (&d_layer).is_constant_field("b")
            } {
                ::adjoint::__private::zero_tangent(&(*&layer).b)
            } else {
                ::core::clone::Clone::clone(&(*&d_layer).b)
            };
            let t_2 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Add,
                &t_1,
                &layer.b,
            );
            let d_t_2 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Add,
                &t_1,
                &layer.b,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part_1)),
            );
            ::core::mem::drop(d_part_1);
            ::core::mem::drop(d_t_1);
            ::core::mem::drop(t_1);
            let (h, d_h) = <relu>::__adjoint_jvp(
                {
                    use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                    (&::adjoint::__private::Passed(&t_2)).pass_it()
                },
                (::adjoint::__private::call_tangent(&d_t_2),),
            );
            ::core::mem::drop(d_t_2);
            ::core::mem::drop(t_2);
            let t_3 = ::adjoint::__private::select::view(&h);
            let d_t_3 = ::adjoint::__private::select::view_jvp(&h, &t_3, &d_h);
            ::core::mem::drop(d_h);
            let (sigmoid_1, d_sigmoid_1) = <sigmoid>::__adjoint_jvp(
                {
                    use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                    (&::adjoint::__private::Passed(&t_3)).pass_it()
                },
                (::adjoint::__private::call_tangent(&d_t_3),),
            );
            ::core::mem::drop(d_t_3);
            ::core::mem::drop(t_3);
            ::core::mem::drop(h);
            let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
                layer,
                {
                    use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                    (&::adjoint::__private::Passed(&sigmoid_1)).pass_it()
                },
                (
                    ::adjoint::__private::call_tangent(&d_layer),
                    ::adjoint::__private::call_tangent(&d_sigmoid_1),
                ),
            );
            ::core::mem::drop(d_sigmoid_1);
            ::core::mem::drop(sigmoid_1);
            let (mse_1, d_mse_1) = <mse>::__adjoint_jvp(
                {
                    use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                    (&::adjoint::__private::Passed(&dense_1)).pass_it()
                },
                &t,
                (
                    ::adjoint::__private::call_tangent(&d_dense_1),
                    ::adjoint::__private::call_tangent(&d_t),
                ),
            );
            ::core::mem::drop(d_dense_1);
            ::core::mem::drop(dense_1);
            let tangent = d_mse_1;
            (mse_1, tangent)
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
        (arg_0, arg_1, arg_2): (&&Dense<f64>, &&Array2<f64>, &&Array2<f64>),
        tangents: (
            ::core::option::Option<&Dense<f64>>,
            ::core::option::Option<&Array2<f64>>,
            ::core::option::Option<&Array2<f64>>,
        ),
        g: &f64,
        dg: ::core::option::Option<&f64>,
        needs: [bool; 3usize],
    ) -> (
        (
            ::core::option::Option<Dense<f64>>,
            ::core::option::Option<Array2<f64>>,
            ::core::option::Option<Array2<f64>>,
        ),
        (
            ::core::option::Option<Dense<f64>>,
            ::core::option::Option<Array2<f64>>,
            ::core::option::Option<Array2<f64>>,
        ),
    ) {
        let layer = ::core::clone::Clone::clone(arg_0);
        let x = ::core::clone::Clone::clone(arg_1);
        let t = ::core::clone::Clone::clone(arg_2);
        let (given_0, given_1, given_2) = tangents;
        let zero_layer;
        let d_layer = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_layer = ::adjoint::__private::zero_tangent(&layer);
                &zero_layer
            }
        };
        let zero_x;
        let d_x = match given_1 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x = ::adjoint::__private::zero_tangent(&x);
                &zero_x
            }
        };
        let zero_t;
        let d_t = match given_2 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_t = ::adjoint::__private::zero_tangent(&t);
                &zero_t
            }
        };
        let d_part = if {
            use ::adjoint::__private::Params as _;
            (&d_layer).is_constant_field("w")
        } {
            ::adjoint::__private::zero_tangent(&(*&layer).w)
        } else {
            ::core::clone::Clone::clone(&(*&d_layer).w)
        };
        let t_1 = ::adjoint::__private::linalg::dot(&x, &layer.w);
        let d_t_1 = ::adjoint::__private::linalg::dot_jvp(
            &x,
            &layer.w,
            &t_1,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part)),
        );
        let d_part_1 = if {
            use ::adjoint::__private::Params as _;
            (&d_layer).is_constant_field("b")
        } {
            ::adjoint::__private::zero_tangent(&(*&layer).b)
        } else {
            ::core::clone::Clone::clone(&(*&d_layer).b)
        };
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &t_1,
            &layer.b,
        );
        let d_t_2 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Add,
            &t_1,
            &layer.b,
            &t_2,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part_1)),
        );
        let (h, d_h) = <relu>::__adjoint_jvp(
            {
                use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                (&::adjoint::__private::Passed(&t_2)).pass_it()
            },
            (::adjoint::__private::call_tangent(&d_t_2),),
        );
        let t_3 = ::adjoint::__private::select::view(&h);
        let d_t_3 = ::adjoint::__private::select::view_jvp(&h, &t_3, &d_h);
        let (sigmoid_1, d_sigmoid_1) = <sigmoid>::__adjoint_jvp(
            {
                use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                (&::adjoint::__private::Passed(&t_3)).pass_it()
            },
            (::adjoint::__private::call_tangent(&d_t_3),),
        );
        let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
            layer,
            {
                use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                (&::adjoint::__private::Passed(&sigmoid_1)).pass_it()
            },
            (
                ::adjoint::__private::call_tangent(&d_layer),
                ::adjoint::__private::call_tangent(&d_sigmoid_1),
            ),
        );
        let (mse_1, d_mse_1) = <mse>::__adjoint_jvp(
            {
                use ::adjoint::__private::{PassCloned as _, PassPooled as _};
                (&::adjoint::__private::Passed(&dense_1)).pass_it()
            },
            &t,
            (
                ::adjoint::__private::call_tangent(&d_dense_1),
                ::adjoint::__private::call_tangent(&d_t),
            ),
        );
        let mut dd_layer = ::core::option::Option::None;
        let mut dd_x = ::core::option::Option::None;
        let mut dd_t = ::core::option::Option::None;
        let mut dd_part = ::core::option::Option::None;
        let mut dd_t_1 = ::core::option::Option::None;
        let mut dd_part_1 = ::core::option::Option::None;
        let mut dd_t_2 = ::core::option::Option::None;
        let mut dd_h = ::core::option::Option::None;
        let mut dd_t_3 = ::core::option::Option::None;
        let mut dd_sigmoid_1 = ::core::option::Option::None;
        let mut dd_dense_1 = ::core::option::Option::None;
        let mut dd_mse_1 = ::core::option::Option::None;
        dd_mse_1 = ::core::option::Option::map(dg, ::core::clone::Clone::clone);
        let dd_taken = ::core::option::Option::take(&mut dd_mse_1);
        let (grads_mse_1, dd_grads_mse_1) = <mse>::__adjoint_hvp(
            (&dense_1, &&t),
            (
                ::adjoint::__private::call_tangent(&d_dense_1),
                ::adjoint::__private::call_tangent(&d_t),
            ),
            g,
            ::core::option::Option::as_ref(&dd_taken),
            [true, true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_dense_1,
            ::adjoint::__private::call_adjoint(dd_grads_mse_1.0),
        );
        let d_dense_1_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_mse_1.0),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t,
            ::adjoint::__private::call_adjoint(dd_grads_mse_1.1),
        );
        let d_t_4 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_mse_1.1),
        );
        let dd_taken_1 = ::core::option::Option::take(&mut dd_dense_1);
        let (grads_dense_1, dd_grads_dense_1) = <dense>::__adjoint_hvp(
            (&layer, &sigmoid_1),
            (
                ::adjoint::__private::call_tangent(&d_layer),
                ::adjoint::__private::call_tangent(&d_sigmoid_1),
            ),
            &d_dense_1_1,
            ::core::option::Option::as_ref(&dd_taken_1),
            [true, true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_layer,
            ::adjoint::__private::call_adjoint(dd_grads_dense_1.0),
        );
        let mut d_layer_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.0),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_sigmoid_1,
            ::adjoint::__private::call_adjoint(dd_grads_dense_1.1),
        );
        let d_sigmoid_1_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.1),
        );
        let dd_taken_2 = ::core::option::Option::take(&mut dd_sigmoid_1);
        let (grads_sigmoid_1, dd_grads_sigmoid_1) = <sigmoid>::__adjoint_hvp(
            (&t_3,),
            (::adjoint::__private::call_tangent(&d_t_3),),
            &d_sigmoid_1_1,
            ::core::option::Option::as_ref(&dd_taken_2),
            [true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_3,
            ::adjoint::__private::call_adjoint(dd_grads_sigmoid_1.0),
        );
        let d_t_3_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
        );
        let dd_taken_3 = ::core::option::Option::take(&mut dd_t_3);
        ::adjoint::__private::accumulate_optional(
            &mut dd_h,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken_3),
                |__adjoint_dg| ::adjoint::__private::select::view_vjp(
                    __adjoint_dg,
                    &h,
                    &t_3,
                ),
            ),
        );
        let d_h_1 = ::adjoint::__private::select::view_vjp(&d_t_3_1, &h, &t_3);
        let dd_taken_4 = ::core::option::Option::take(&mut dd_h);
        let (grads_h, dd_grads_h) = <relu>::__adjoint_hvp(
            (&t_2,),
            (::adjoint::__private::call_tangent(&d_t_2),),
            &d_h_1,
            ::core::option::Option::as_ref(&dd_taken_4),
            [true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_2,
            ::adjoint::__private::call_adjoint(dd_grads_h.0),
        );
        let d_t_2_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_h.0),
        );
        let dd_taken_5 = ::core::option::Option::take(&mut dd_t_2);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_1,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Add,
                    &d_t_2_1,
                    &t_1,
                    &layer.b,
                    &t_2,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_part_1),
                    ),
                    ::core::option::Option::as_ref(&dd_taken_5),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_part_1,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Add,
                    &d_t_2_1,
                    &t_1,
                    &layer.b,
                    &t_2,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_part_1),
                    ),
                    ::core::option::Option::as_ref(&dd_taken_5),
                ),
            ),
        );
        let d_t_1_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Add,
            &d_t_2_1,
            &t_1,
            &layer.b,
            &t_2,
        );
        let d_part_1_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Add,
            d_t_2_1,
            &t_1,
            &layer.b,
            &t_2,
        );
        if let ::core::option::Option::Some(dd_part_2) = ::core::option::Option::take(
            &mut dd_part_1,
        ) {
            if !(::adjoint::__private::Params::is_constant_field(
                &(*::adjoint::__private::adjoint_slot(&mut dd_layer, &layer)),
                "b",
            )) {
                ::adjoint::__private::accumulate(
                    &mut (*::adjoint::__private::adjoint_slot(&mut dd_layer, &layer)).b,
                    dd_part_2,
                );
            }
        }
        if !(::adjoint::__private::Params::is_constant_field(&d_layer_1, "b")) {
            ::adjoint::__private::accumulate(&mut d_layer_1.b, d_part_1_1);
        }
        let dd_taken_6 = ::core::option::Option::take(&mut dd_t_1);
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::core::option::Option::Some(
                ::adjoint::__private::linalg::dot_vjp_lhs_jvp(
                    &d_t_1_1,
                    &x,
                    &layer.w,
                    &t_1,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_part),
                    ),
                    ::core::option::Option::as_ref(&dd_taken_6),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_part,
            ::core::option::Option::Some(
                ::adjoint::__private::linalg::dot_vjp_rhs_jvp(
                    &d_t_1_1,
                    &x,
                    &layer.w,
                    &t_1,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_part),
                    ),
                    ::core::option::Option::as_ref(&dd_taken_6),
                ),
            ),
        );
        let d_x_1 = ::adjoint::__private::linalg::dot_vjp_lhs(
            &d_t_1_1,
            &x,
            &layer.w,
            &t_1,
        );
        let d_part_2 = ::adjoint::__private::linalg::dot_vjp_rhs(
            &d_t_1_1,
            &x,
            &layer.w,
            &t_1,
        );
        if let ::core::option::Option::Some(dd_part_3) = ::core::option::Option::take(
            &mut dd_part,
        ) {
            if !(::adjoint::__private::Params::is_constant_field(
                &(*::adjoint::__private::adjoint_slot(&mut dd_layer, &layer)),
                "w",
            )) {
                ::adjoint::__private::accumulate(
                    &mut (*::adjoint::__private::adjoint_slot(&mut dd_layer, &layer)).w,
                    dd_part_3,
                );
            }
        }
        if !(::adjoint::__private::Params::is_constant_field(&d_layer_1, "w")) {
            ::adjoint::__private::accumulate(&mut d_layer_1.w, d_part_2);
        }
        (
            (
                if needs[0usize] {
                    ::core::option::Option::Some(d_layer_1)
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(d_x_1)
                } else {
                    ::core::option::Option::None
                },
                if needs[2usize] {
                    ::core::option::Option::Some(d_t_4)
                } else {
                    ::core::option::Option::None
                },
            ),
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_layer, true, &layer),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_x, true, &x),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[2usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_t, true, &t),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            ),
        )
    }
}

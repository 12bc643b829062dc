#[allow(dead_code)]
fn two_layers(layers: &Vec<Dense<f64>>, x: &Array2<f64>) -> f64 {
    let mut h = x.to_owned();
    for layer in layers {
        h = sigmoid(&dense(layer, &h));
    }
    mean(&h)
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
fn two_layers_grad(
    layers: &Vec<Dense<f64>>,
    x: &Array2<f64>,
) -> (f64, (Vec<Dense<f64>>, Array2<f64>)) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let h = ::adjoint::__private::select::to_owned(&x);
    let mut stack = ::std::vec::Vec::new();
    let mut h_1_carry = ::adjoint::__private::pass(&h);
    for index in 0..layers.len() {
        let h_1 = h_1_carry;
        let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(
            &layers[index],
            &h_1,
        );
        let (sigmoid_1, pullback_sigmoid_1) = <sigmoid>::__adjoint_forward(&dense_1);
        stack
            .push((
                h_1,
                dense_1,
                ::adjoint::__private::pass(&sigmoid_1),
                pullback_dense_1,
                pullback_sigmoid_1,
                ::core::clone::Clone::clone(&index),
            ));
        h_1_carry = sigmoid_1;
    }
    let h_2 = h_1_carry;
    let (mean_1, pullback_mean_1) = <mean>::__adjoint_forward(&h_2);
    let d_mean_1: f64 = ::adjoint::__private::one();
    let mut d_layers = ::core::option::Option::None;
    let mut d_x = ::core::option::Option::None;
    let mut d_h = ::core::option::Option::None;
    let mut d_h_2 = ::core::option::Option::None;
    let grads_mean_1 = pullback_mean_1.pullback((&&h_2,), &mean_1, &d_mean_1, [true]);
    ::adjoint::__private::accumulate_optional(
        &mut d_h_2,
        ::adjoint::__private::call_adjoint(grads_mean_1.0),
    );
    let mut d_carry = d_h_2.take();
    while let ::core::option::Option::Some(record) = stack.pop() {
        let (
            mut h_1,
            mut dense_1,
            mut sigmoid_1,
            mut pullback_dense_1,
            mut pullback_sigmoid_1,
            mut index,
        ) = record;
        let mut d_h_1 = ::core::option::Option::None;
        let mut d_part = ::core::option::Option::None;
        let mut d_dense_1 = ::core::option::Option::None;
        let mut d_sigmoid_1 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(&mut d_sigmoid_1, d_carry.take());
        if let ::core::option::Option::Some(g_sigmoid_1) = d_sigmoid_1.take() {
            let grads_sigmoid_1 = pullback_sigmoid_1
                .pullback((&&dense_1,), &sigmoid_1, &g_sigmoid_1, [true]);
            ::adjoint::__private::accumulate_optional(
                &mut d_dense_1,
                ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
            );
            (&mut ::adjoint::__private::Recycler(
                ::core::option::Option::Some(g_sigmoid_1),
            ))
                .recycle_it();
        }
        if let ::core::option::Option::Some(g_dense_1) = d_dense_1.take() {
            let grads_dense_1 = pullback_dense_1
                .pullback((&&layers[index], &&h_1), &dense_1, &g_dense_1, [true, true]);
            ::adjoint::__private::accumulate_optional(
                &mut d_part,
                ::adjoint::__private::call_adjoint(grads_dense_1.0),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_h_1,
                ::adjoint::__private::call_adjoint(grads_dense_1.1),
            );
            (&mut ::adjoint::__private::Recycler(
                ::core::option::Option::Some(g_dense_1),
            ))
                .recycle_it();
        }
        if let ::core::option::Option::Some(g_part) = d_part.take() {
            ::adjoint::__private::accumulate(
                &mut (*::adjoint::__private::adjoint_slot(
                    &mut d_layers,
                    &layers,
                ))[index],
                g_part,
            );
        }
        d_carry = d_h_1.take();
    }
    ::adjoint::__private::accumulate_optional(&mut d_h, d_carry);
    if let ::core::option::Option::Some(g_h) = d_h.take() {
        ::adjoint::__private::accumulate_optional(
            &mut d_x,
            ::core::option::Option::Some(
                ::adjoint::__private::select::to_owned_vjp(&g_h, &x, &h),
            ),
        );
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_h)))
            .recycle_it();
    }
    (
        mean_1,
        (
            ::adjoint::__private::needed(
                ::adjoint::__private::finish(d_layers, true, &layers),
            ),
            ::adjoint::__private::needed(::adjoint::__private::finish(d_x, true, &x)),
        ),
    )
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
fn two_layers_grad_into_with(
    layers: &Vec<Dense<f64>>,
    x: &Array2<f64>,
    grads: &mut (Vec<Dense<f64>>, Array2<f64>),
    workspace: &mut ::adjoint::Workspace,
    hook: &mut impl ::adjoint::GradientHook,
) -> f64 {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    ::adjoint::__private::check_tangent::<
        &Vec<Dense<f64>>,
    >("two_layers_grad_into", "grads.0", "layers", &layers, &grads.0);
    ::adjoint::__private::check_tangent::<
        &Array2<f64>,
    >("two_layers_grad_into", "grads.1", "x", &x, &grads.1);
    let installed = ::adjoint::__private::install(workspace);
    {
        let (value, gradient) = {
            #[allow(unused_imports)]
            use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
            let h = ::adjoint::__private::select::to_owned(&x);
            let mut stack = ::std::vec::Vec::new();
            let mut h_1_carry = ::adjoint::__private::pass(&h);
            for index in 0..layers.len() {
                let h_1 = h_1_carry;
                let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(
                    &layers[index],
                    &h_1,
                );
                let (sigmoid_1, pullback_sigmoid_1) = <sigmoid>::__adjoint_forward(
                    &dense_1,
                );
                stack
                    .push((
                        h_1,
                        dense_1,
                        ::adjoint::__private::pass(&sigmoid_1),
                        pullback_dense_1,
                        pullback_sigmoid_1,
                        ::core::clone::Clone::clone(&index),
                    ));
                h_1_carry = sigmoid_1;
            }
            let h_2 = h_1_carry;
            let (mean_1, pullback_mean_1) = <mean>::__adjoint_forward(&h_2);
            let d_mean_1: f64 = ::adjoint::__private::one();
            let mut d_layers = ::core::option::Option::None;
            let mut d_x = ::core::option::Option::None;
            let mut d_h = ::core::option::Option::None;
            let mut d_h_2 = ::core::option::Option::None;
            let grads_mean_1 = pullback_mean_1
                .pullback((&&h_2,), &mean_1, &d_mean_1, [true]);
            ::adjoint::__private::accumulate_optional(
                &mut d_h_2,
                ::adjoint::__private::call_adjoint(grads_mean_1.0),
            );
            let mut d_carry = d_h_2.take();
            while let ::core::option::Option::Some(record) = stack.pop() {
                let (
                    mut h_1,
                    mut dense_1,
                    mut sigmoid_1,
                    mut pullback_dense_1,
                    mut pullback_sigmoid_1,
                    mut index,
                ) = record;
                let mut d_h_1 = ::core::option::Option::None;
                let mut d_part = ::core::option::Option::None;
                let mut d_dense_1 = ::core::option::Option::None;
                let mut d_sigmoid_1 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(
                    &mut d_sigmoid_1,
                    d_carry.take(),
                );
                if let ::core::option::Option::Some(g_sigmoid_1) = d_sigmoid_1.take() {
                    let grads_sigmoid_1 = pullback_sigmoid_1
                        .pullback((&&dense_1,), &sigmoid_1, &g_sigmoid_1, [true]);
                    ::adjoint::__private::accumulate_optional(
                        &mut d_dense_1,
                        ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
                    );
                    (&mut ::adjoint::__private::Recycler(
                        ::core::option::Option::Some(g_sigmoid_1),
                    ))
                        .recycle_it();
                }
                if let ::core::option::Option::Some(g_dense_1) = d_dense_1.take() {
                    let grads_dense_1 = pullback_dense_1
                        .pullback(
                            (&&layers[index], &&h_1),
                            &dense_1,
                            &g_dense_1,
                            [true, true],
                        );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_part,
                        ::adjoint::__private::call_adjoint(grads_dense_1.0),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_h_1,
                        ::adjoint::__private::call_adjoint(grads_dense_1.1),
                    );
                    (&mut ::adjoint::__private::Recycler(
                        ::core::option::Option::Some(g_dense_1),
                    ))
                        .recycle_it();
                }
                if let ::core::option::Option::Some(g_part) = d_part.take() {
                    ::adjoint::__private::accumulate(
                        &mut (*::adjoint::__private::adjoint_slot(
                            &mut d_layers,
                            &layers,
                        ))[index],
                        g_part,
                    );
                }
                d_carry = d_h_1.take();
            }
            ::adjoint::__private::accumulate_optional(&mut d_h, d_carry);
            if let ::core::option::Option::Some(g_h) = d_h.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    ::core::option::Option::Some(
                        ::adjoint::__private::select::to_owned_vjp(&g_h, &x, &h),
                    ),
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_h)))
                    .recycle_it();
            }
            (
                mean_1,
                (
                    ::adjoint::__private::needed(
                        ::adjoint::__private::finish(d_layers, true, &layers),
                    ),
                    ::adjoint::__private::needed(
                        ::adjoint::__private::finish(d_x, true, &x),
                    ),
                ),
            )
        };
        ::adjoint::__private::accumulate(&mut grads.0, gradient.0);
        hook.part_final(&grads.0);
        ::adjoint::__private::accumulate(&mut grads.1, gradient.1);
        hook.part_final(&grads.1);
        value
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
fn two_layers_grad_into(
    layers: &Vec<Dense<f64>>,
    x: &Array2<f64>,
    grads: &mut (Vec<Dense<f64>>, Array2<f64>),
    workspace: &mut ::adjoint::Workspace,
) -> f64 {
    two_layers_grad_into_with(layers, x, grads, workspace, &mut ())
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
fn two_layers_vjp(
    layers: &Vec<Dense<f64>>,
    x: &Array2<f64>,
    cotangent: &f64,
) -> (f64, (Vec<Dense<f64>>, Array2<f64>)) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let h = ::adjoint::__private::select::to_owned(&x);
    let mut stack = ::std::vec::Vec::new();
    let mut h_1_carry = ::adjoint::__private::pass(&h);
    for index in 0..layers.len() {
        let h_1 = h_1_carry;
        let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(
            &layers[index],
            &h_1,
        );
        let (sigmoid_1, pullback_sigmoid_1) = <sigmoid>::__adjoint_forward(&dense_1);
        stack
            .push((
                h_1,
                dense_1,
                ::adjoint::__private::pass(&sigmoid_1),
                pullback_dense_1,
                pullback_sigmoid_1,
                ::core::clone::Clone::clone(&index),
            ));
        h_1_carry = sigmoid_1;
    }
    let h_2 = h_1_carry;
    let (mean_1, pullback_mean_1) = <mean>::__adjoint_forward(&h_2);
    ::adjoint::__private::check_tangent::<
        f64,
    >("two_layers_vjp", "cotangent", "two_layers(..)", &mean_1, cotangent);
    let mut d_layers = ::core::option::Option::None;
    let mut d_x = ::core::option::Option::None;
    let mut d_h = ::core::option::Option::None;
    let mut d_h_2 = ::core::option::Option::None;
    let grads_mean_1 = pullback_mean_1.pullback((&&h_2,), &mean_1, cotangent, [true]);
    ::adjoint::__private::accumulate_optional(
        &mut d_h_2,
        ::adjoint::__private::call_adjoint(grads_mean_1.0),
    );
    let mut d_carry = d_h_2.take();
    while let ::core::option::Option::Some(record) = stack.pop() {
        let (
            mut h_1,
            mut dense_1,
            mut sigmoid_1,
            mut pullback_dense_1,
            mut pullback_sigmoid_1,
            mut index,
        ) = record;
        let mut d_h_1 = ::core::option::Option::None;
        let mut d_part = ::core::option::Option::None;
        let mut d_dense_1 = ::core::option::Option::None;
        let mut d_sigmoid_1 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(&mut d_sigmoid_1, d_carry.take());
        if let ::core::option::Option::Some(g_sigmoid_1) = d_sigmoid_1.take() {
            let grads_sigmoid_1 = pullback_sigmoid_1
                .pullback((&&dense_1,), &sigmoid_1, &g_sigmoid_1, [true]);
            ::adjoint::__private::accumulate_optional(
                &mut d_dense_1,
                ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
            );
            (&mut ::adjoint::__private::Recycler(
                ::core::option::Option::Some(g_sigmoid_1),
            ))
                .recycle_it();
        }
        if let ::core::option::Option::Some(g_dense_1) = d_dense_1.take() {
            let grads_dense_1 = pullback_dense_1
                .pullback((&&layers[index], &&h_1), &dense_1, &g_dense_1, [true, true]);
            ::adjoint::__private::accumulate_optional(
                &mut d_part,
                ::adjoint::__private::call_adjoint(grads_dense_1.0),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_h_1,
                ::adjoint::__private::call_adjoint(grads_dense_1.1),
            );
            (&mut ::adjoint::__private::Recycler(
                ::core::option::Option::Some(g_dense_1),
            ))
                .recycle_it();
        }
        if let ::core::option::Option::Some(g_part) = d_part.take() {
            ::adjoint::__private::accumulate(
                &mut (*::adjoint::__private::adjoint_slot(
                    &mut d_layers,
                    &layers,
                ))[index],
                g_part,
            );
        }
        d_carry = d_h_1.take();
    }
    ::adjoint::__private::accumulate_optional(&mut d_h, d_carry);
    if let ::core::option::Option::Some(g_h) = d_h.take() {
        ::adjoint::__private::accumulate_optional(
            &mut d_x,
            ::core::option::Option::Some(
                ::adjoint::__private::select::to_owned_vjp(&g_h, &x, &h),
            ),
        );
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_h)))
            .recycle_it();
    }
    (
        mean_1,
        (
            ::adjoint::__private::needed(
                ::adjoint::__private::finish(d_layers, true, &layers),
            ),
            ::adjoint::__private::needed(::adjoint::__private::finish(d_x, true, &x)),
        ),
    )
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
fn two_layers_jvp(
    layers: &Vec<Dense<f64>>,
    x: &Array2<f64>,
    d_layers: &Vec<Dense<f64>>,
    d_x: &Array2<f64>,
) -> (f64, f64) {
    let h = ::adjoint::__private::select::to_owned(&x);
    let d_h = ::adjoint::__private::select::to_owned_jvp(&x, &h, &d_x);
    let mut h_1_carry = h;
    let mut d_h_1_carry = d_h;
    for index in 0..layers.len() {
        let h_1 = h_1_carry;
        let d_h_1 = d_h_1_carry;
        let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
            &layers[index],
            &h_1,
            (
                ::adjoint::__private::call_tangent(&d_layers[index]),
                ::adjoint::__private::call_tangent(&d_h_1),
            ),
        );
        let (sigmoid_1, d_sigmoid_1) = <sigmoid>::__adjoint_jvp(
            &dense_1,
            (::adjoint::__private::call_tangent(&d_dense_1),),
        );
        h_1_carry = sigmoid_1;
        d_h_1_carry = d_sigmoid_1;
    }
    let h_2 = h_1_carry;
    let d_h_2 = d_h_1_carry;
    let (mean_1, d_mean_1) = <mean>::__adjoint_jvp(
        &h_2,
        (::adjoint::__private::call_tangent(&d_h_2),),
    );
    let tangent = d_mean_1;
    (mean_1, tangent)
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
fn two_layers_hvp(
    layers: &Vec<Dense<f64>>,
    x: &Array2<f64>,
    d_layers: &Vec<Dense<f64>>,
    d_x: &Array2<f64>,
) -> (f64, (Vec<Dense<f64>>, Array2<f64>), (Vec<Dense<f64>>, Array2<f64>)) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let h = ::adjoint::__private::select::to_owned(&x);
    let d_h = ::adjoint::__private::select::to_owned_jvp(&x, &h, &d_x);
    let mut stack = ::std::vec::Vec::new();
    let mut h_1_carry = ::adjoint::__private::pass(&h);
    let mut d_h_1_carry = ::adjoint::__private::pass(&d_h);
    for index in 0..layers.len() {
        let h_1 = h_1_carry;
        let d_h_1 = d_h_1_carry;
        let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
            &layers[index],
            &h_1,
            (
                ::adjoint::__private::call_tangent(&d_layers[index]),
                ::adjoint::__private::call_tangent(&d_h_1),
            ),
        );
        let (sigmoid_1, d_sigmoid_1) = <sigmoid>::__adjoint_jvp(
            &dense_1,
            (::adjoint::__private::call_tangent(&d_dense_1),),
        );
        stack
            .push((
                h_1,
                d_h_1,
                dense_1,
                d_dense_1,
                ::adjoint::__private::pass(&sigmoid_1),
                ::adjoint::__private::pass(&d_sigmoid_1),
                ::core::clone::Clone::clone(&index),
            ));
        h_1_carry = sigmoid_1;
        d_h_1_carry = d_sigmoid_1;
    }
    let h_2 = h_1_carry;
    let d_h_2 = d_h_1_carry;
    let (mean_1, d_mean_1) = <mean>::__adjoint_jvp(
        &h_2,
        (::adjoint::__private::call_tangent(&d_h_2),),
    );
    let mut dd_layers = ::core::option::Option::None;
    let mut dd_x = ::core::option::Option::None;
    let mut dd_h = ::core::option::Option::None;
    let mut dd_h_1 = ::core::option::Option::None;
    let mut dd_part = ::core::option::Option::None;
    let mut dd_dense_1 = ::core::option::Option::None;
    let mut dd_sigmoid_1 = ::core::option::Option::None;
    let mut dd_h_2 = ::core::option::Option::None;
    let mut dd_mean_1 = ::core::option::Option::None;
    let d_mean_1_1: f64 = ::adjoint::__private::one();
    let mut d_layers_1 = ::core::option::Option::None;
    let mut d_x_1 = ::core::option::Option::None;
    let mut d_h_3 = ::core::option::Option::None;
    let mut d_h_2_1 = ::core::option::Option::None;
    let dd_taken = ::core::option::Option::take(&mut dd_mean_1);
    let (grads_mean_1, dd_grads_mean_1) = <mean>::__adjoint_hvp(
        (&&h_2,),
        (::adjoint::__private::call_tangent(&d_h_2),),
        &d_mean_1_1,
        ::core::option::Option::as_ref(&dd_taken),
        [true],
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_h_2,
        ::adjoint::__private::call_adjoint(dd_grads_mean_1.0),
    );
    ::adjoint::__private::accumulate_optional(
        &mut d_h_2_1,
        ::adjoint::__private::call_adjoint(grads_mean_1.0),
    );
    let mut dd_carry = ::core::option::Option::None;
    dd_carry = ::core::option::Option::take(&mut dd_h_2);
    let mut d_carry = d_h_2_1.take();
    while let ::core::option::Option::Some(record) = stack.pop() {
        let (
            mut h_1,
            mut d_h_1,
            mut dense_1,
            mut d_dense_1,
            mut sigmoid_1,
            mut d_sigmoid_1,
            mut index,
        ) = record;
        let mut d_h_1_1 = ::core::option::Option::None;
        let mut d_part_1 = ::core::option::Option::None;
        let mut d_dense_1_1 = ::core::option::Option::None;
        let mut d_sigmoid_1_1 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(
            &mut dd_sigmoid_1,
            ::core::option::Option::take(&mut dd_carry),
        );
        ::adjoint::__private::accumulate_optional(&mut d_sigmoid_1_1, d_carry.take());
        if let ::core::option::Option::Some(g_sigmoid_1) = d_sigmoid_1_1.take() {
            let dd_taken_1 = ::core::option::Option::take(&mut dd_sigmoid_1);
            let (grads_sigmoid_1, dd_grads_sigmoid_1) = <sigmoid>::__adjoint_hvp(
                (&&dense_1,),
                (::adjoint::__private::call_tangent(&d_dense_1),),
                &g_sigmoid_1,
                ::core::option::Option::as_ref(&dd_taken_1),
                [true],
            );
            ::adjoint::__private::accumulate_optional(
                &mut dd_dense_1,
                ::adjoint::__private::call_adjoint(dd_grads_sigmoid_1.0),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_dense_1_1,
                ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
            );
            (&mut ::adjoint::__private::Recycler(
                ::core::option::Option::Some(g_sigmoid_1),
            ))
                .recycle_it();
        }
        if let ::core::option::Option::Some(g_dense_1) = d_dense_1_1.take() {
            let dd_taken_2 = ::core::option::Option::take(&mut dd_dense_1);
            let (grads_dense_1, dd_grads_dense_1) = <dense>::__adjoint_hvp(
                (&&layers[index], &&h_1),
                (
                    ::adjoint::__private::call_tangent(&d_layers[index]),
                    ::adjoint::__private::call_tangent(&d_h_1),
                ),
                &g_dense_1,
                ::core::option::Option::as_ref(&dd_taken_2),
                [true, true],
            );
            ::adjoint::__private::accumulate_optional(
                &mut dd_part,
                ::adjoint::__private::call_adjoint(dd_grads_dense_1.0),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_part_1,
                ::adjoint::__private::call_adjoint(grads_dense_1.0),
            );
            ::adjoint::__private::accumulate_optional(
                &mut dd_h_1,
                ::adjoint::__private::call_adjoint(dd_grads_dense_1.1),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_h_1_1,
                ::adjoint::__private::call_adjoint(grads_dense_1.1),
            );
            (&mut ::adjoint::__private::Recycler(
                ::core::option::Option::Some(g_dense_1),
            ))
                .recycle_it();
        }
        if let ::core::option::Option::Some(g_part) = d_part_1.take() {
            if let ::core::option::Option::Some(dd_part_1) = ::core::option::Option::take(
                &mut dd_part,
            ) {
                ::adjoint::__private::accumulate(
                    &mut (*::adjoint::__private::adjoint_slot(
                        &mut dd_layers,
                        &layers,
                    ))[index],
                    dd_part_1,
                );
            }
            ::adjoint::__private::accumulate(
                &mut (*::adjoint::__private::adjoint_slot(
                    &mut d_layers_1,
                    &layers,
                ))[index],
                g_part,
            );
        }
        dd_carry = ::core::option::Option::take(&mut dd_h_1);
        d_carry = d_h_1_1.take();
    }
    ::adjoint::__private::accumulate_optional(
        &mut dd_h,
        ::core::option::Option::take(&mut dd_carry),
    );
    ::adjoint::__private::accumulate_optional(&mut d_h_3, d_carry);
    if let ::core::option::Option::Some(g_h) = d_h_3.take() {
        let dd_taken_3 = ::core::option::Option::take(&mut dd_h);
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken_3),
                |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                    __adjoint_dg,
                    &x,
                    &h,
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut d_x_1,
            ::core::option::Option::Some(
                ::adjoint::__private::select::to_owned_vjp(&g_h, &x, &h),
            ),
        );
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_h)))
            .recycle_it();
    }
    let gradient = (
        ::adjoint::__private::needed(
            ::adjoint::__private::finish(d_layers_1, true, &layers),
        ),
        ::adjoint::__private::needed(::adjoint::__private::finish(d_x_1, true, &x)),
    );
    (
        mean_1,
        gradient,
        (
            ::adjoint::__private::needed(
                ::adjoint::__private::finish(dd_layers, true, &layers),
            ),
            ::adjoint::__private::needed(::adjoint::__private::finish(dd_x, true, &x)),
        ),
    )
}
#[allow(non_camel_case_types, dead_code)]
struct two_layers {}
impl two_layers {
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
        layers: &Vec<Dense<f64>>,
        x: &Array2<f64>,
    ) -> (
        f64,
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (&&Vec<Dense<f64>>, &&Array2<f64>),
                &f64,
                &f64,
                [bool; 2usize],
            ) -> (
                    ::core::option::Option<Vec<Dense<f64>>>,
                    ::core::option::Option<Array2<f64>>,
                ) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let h = ::adjoint::__private::select::to_owned(&x);
        let mut stack = ::std::vec::Vec::new();
        let mut h_1_carry = ::adjoint::__private::pass(&h);
        for index in 0..layers.len() {
            let h_1 = h_1_carry;
            let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(
                &layers[index],
                &h_1,
            );
            let (sigmoid_1, pullback_sigmoid_1) = <sigmoid>::__adjoint_forward(&dense_1);
            stack
                .push((
                    h_1,
                    dense_1,
                    ::adjoint::__private::pass(&sigmoid_1),
                    pullback_dense_1,
                    pullback_sigmoid_1,
                    ::core::clone::Clone::clone(&index),
                ));
            h_1_carry = sigmoid_1;
        }
        let h_2 = h_1_carry;
        let (mean_1, pullback_mean_1) = <mean>::__adjoint_forward(&h_2);
        let pullback = ::adjoint::__private::Pullback(move |
            (layers, x): (&&Vec<Dense<f64>>, &&Array2<f64>),
            out: &f64,
            g: &f64,
            needs: [bool; 2usize],
        | -> (
            ::core::option::Option<Vec<Dense<f64>>>,
            ::core::option::Option<Array2<f64>>,
        ) {
            let layers = *layers;
            let x = *x;
            let mean_1 = out;
            let mut d_layers = ::core::option::Option::None;
            let mut d_x = ::core::option::Option::None;
            let mut d_h = ::core::option::Option::None;
            let mut d_h_2 = ::core::option::Option::None;
            let grads_mean_1 = pullback_mean_1
                .pullback((&&h_2,), mean_1, g, [needs[0usize] || needs[1usize]]);
            ::adjoint::__private::accumulate_optional(
                &mut d_h_2,
                ::adjoint::__private::call_adjoint(grads_mean_1.0),
            );
            let mut d_carry = d_h_2.take();
            while let ::core::option::Option::Some(record) = stack.pop() {
                let (
                    mut h_1,
                    mut dense_1,
                    mut sigmoid_1,
                    mut pullback_dense_1,
                    mut pullback_sigmoid_1,
                    mut index,
                ) = record;
                let mut d_h_1 = ::core::option::Option::None;
                let mut d_part = ::core::option::Option::None;
                let mut d_dense_1 = ::core::option::Option::None;
                let mut d_sigmoid_1 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(
                    &mut d_sigmoid_1,
                    d_carry.take(),
                );
                if let ::core::option::Option::Some(g_sigmoid_1) = d_sigmoid_1.take() {
                    let grads_sigmoid_1 = pullback_sigmoid_1
                        .pullback(
                            (&&dense_1,),
                            &sigmoid_1,
                            &g_sigmoid_1,
                            [needs[0usize] || needs[1usize]],
                        );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_dense_1,
                        ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
                    );
                    (&mut ::adjoint::__private::Recycler(
                        ::core::option::Option::Some(g_sigmoid_1),
                    ))
                        .recycle_it();
                }
                if let ::core::option::Option::Some(g_dense_1) = d_dense_1.take() {
                    let grads_dense_1 = pullback_dense_1
                        .pullback(
                            (&&layers[index], &&h_1),
                            &dense_1,
                            &g_dense_1,
                            [needs[0usize], needs[0usize] || needs[1usize]],
                        );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_part,
                        ::adjoint::__private::call_adjoint(grads_dense_1.0),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_h_1,
                        ::adjoint::__private::call_adjoint(grads_dense_1.1),
                    );
                    (&mut ::adjoint::__private::Recycler(
                        ::core::option::Option::Some(g_dense_1),
                    ))
                        .recycle_it();
                }
                if let ::core::option::Option::Some(g_part) = d_part.take() {
                    ::adjoint::__private::accumulate(
                        &mut (*::adjoint::__private::adjoint_slot(
                            &mut d_layers,
                            &layers,
                        ))[index],
                        g_part,
                    );
                }
                d_carry = d_h_1.take();
            }
            ::adjoint::__private::accumulate_optional(&mut d_h, d_carry);
            if let ::core::option::Option::Some(g_h) = d_h.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    if needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::select::to_owned_vjp(&g_h, &x, &h),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_h)))
                    .recycle_it();
            }
            (
                ::adjoint::__private::finish(d_layers, needs[0usize], &layers),
                ::adjoint::__private::finish(d_x, needs[1usize], &x),
            )
        });
        (mean_1, pullback)
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
        layers: &Vec<Dense<f64>>,
        x: &Array2<f64>,
        tangents: (
            ::core::option::Option<&Vec<Dense<f64>>>,
            ::core::option::Option<&Array2<f64>>,
        ),
    ) -> (f64, f64) {
        let (given_0, given_1) = tangents;
        let zero_layers;
        let d_layers = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_layers = ::adjoint::__private::zero_tangent(&layers);
                &zero_layers
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
        {
            let h = ::adjoint::__private::select::to_owned(&x);
            let d_h = ::adjoint::__private::select::to_owned_jvp(&x, &h, &d_x);
            let mut h_1_carry = h;
            let mut d_h_1_carry = d_h;
            for index in 0..layers.len() {
                let h_1 = h_1_carry;
                let d_h_1 = d_h_1_carry;
                let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
                    &layers[index],
                    &h_1,
                    (
                        ::adjoint::__private::call_tangent(&d_layers[index]),
                        ::adjoint::__private::call_tangent(&d_h_1),
                    ),
                );
                let (sigmoid_1, d_sigmoid_1) = <sigmoid>::__adjoint_jvp(
                    &dense_1,
                    (::adjoint::__private::call_tangent(&d_dense_1),),
                );
                h_1_carry = sigmoid_1;
                d_h_1_carry = d_sigmoid_1;
            }
            let h_2 = h_1_carry;
            let d_h_2 = d_h_1_carry;
            let (mean_1, d_mean_1) = <mean>::__adjoint_jvp(
                &h_2,
                (::adjoint::__private::call_tangent(&d_h_2),),
            );
            let tangent = d_mean_1;
            (mean_1, tangent)
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
        (arg_0, arg_1): (&&Vec<Dense<f64>>, &&Array2<f64>),
        tangents: (
            ::core::option::Option<&Vec<Dense<f64>>>,
            ::core::option::Option<&Array2<f64>>,
        ),
        g: &f64,
        dg: ::core::option::Option<&f64>,
        needs: [bool; 2usize],
    ) -> (
        (::core::option::Option<Vec<Dense<f64>>>, ::core::option::Option<Array2<f64>>),
        (::core::option::Option<Vec<Dense<f64>>>, ::core::option::Option<Array2<f64>>),
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let layers = ::core::clone::Clone::clone(arg_0);
        let x = ::core::clone::Clone::clone(arg_1);
        let (given_0, given_1) = tangents;
        let zero_layers;
        let d_layers = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_layers = ::adjoint::__private::zero_tangent(&layers);
                &zero_layers
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
        let h = ::adjoint::__private::select::to_owned(&x);
        let d_h = ::adjoint::__private::select::to_owned_jvp(&x, &h, &d_x);
        let mut stack = ::std::vec::Vec::new();
        let mut h_1_carry = ::adjoint::__private::pass(&h);
        let mut d_h_1_carry = ::adjoint::__private::pass(&d_h);
        for index in 0..layers.len() {
            let h_1 = h_1_carry;
            let d_h_1 = d_h_1_carry;
            let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
                &layers[index],
                &h_1,
                (
                    ::adjoint::__private::call_tangent(&d_layers[index]),
                    ::adjoint::__private::call_tangent(&d_h_1),
                ),
            );
            let (sigmoid_1, d_sigmoid_1) = <sigmoid>::__adjoint_jvp(
                &dense_1,
                (::adjoint::__private::call_tangent(&d_dense_1),),
            );
            stack
                .push((
                    h_1,
                    d_h_1,
                    dense_1,
                    d_dense_1,
                    ::adjoint::__private::pass(&sigmoid_1),
                    ::adjoint::__private::pass(&d_sigmoid_1),
                    ::core::clone::Clone::clone(&index),
                ));
            h_1_carry = sigmoid_1;
            d_h_1_carry = d_sigmoid_1;
        }
        let h_2 = h_1_carry;
        let d_h_2 = d_h_1_carry;
        let (mean_1, d_mean_1) = <mean>::__adjoint_jvp(
            &h_2,
            (::adjoint::__private::call_tangent(&d_h_2),),
        );
        let mut dd_layers = ::core::option::Option::None;
        let mut dd_x = ::core::option::Option::None;
        let mut dd_h = ::core::option::Option::None;
        let mut dd_h_1 = ::core::option::Option::None;
        let mut dd_part = ::core::option::Option::None;
        let mut dd_dense_1 = ::core::option::Option::None;
        let mut dd_sigmoid_1 = ::core::option::Option::None;
        let mut dd_h_2 = ::core::option::Option::None;
        let mut dd_mean_1 = ::core::option::Option::None;
        dd_mean_1 = ::core::option::Option::map(dg, ::core::clone::Clone::clone);
        let mut d_layers_1 = ::core::option::Option::None;
        let mut d_x_1 = ::core::option::Option::None;
        let mut d_h_3 = ::core::option::Option::None;
        let mut d_h_2_1 = ::core::option::Option::None;
        let dd_taken = ::core::option::Option::take(&mut dd_mean_1);
        let (grads_mean_1, dd_grads_mean_1) = <mean>::__adjoint_hvp(
            (&&h_2,),
            (::adjoint::__private::call_tangent(&d_h_2),),
            g,
            ::core::option::Option::as_ref(&dd_taken),
            [true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_h_2,
            ::adjoint::__private::call_adjoint(dd_grads_mean_1.0),
        );
        ::adjoint::__private::accumulate_optional(
            &mut d_h_2_1,
            ::adjoint::__private::call_adjoint(grads_mean_1.0),
        );
        let mut dd_carry = ::core::option::Option::None;
        dd_carry = ::core::option::Option::take(&mut dd_h_2);
        let mut d_carry = d_h_2_1.take();
        while let ::core::option::Option::Some(record) = stack.pop() {
            let (
                mut h_1,
                mut d_h_1,
                mut dense_1,
                mut d_dense_1,
                mut sigmoid_1,
                mut d_sigmoid_1,
                mut index,
            ) = record;
            let mut d_h_1_1 = ::core::option::Option::None;
            let mut d_part_1 = ::core::option::Option::None;
            let mut d_dense_1_1 = ::core::option::Option::None;
            let mut d_sigmoid_1_1 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut dd_sigmoid_1,
                ::core::option::Option::take(&mut dd_carry),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_sigmoid_1_1,
                d_carry.take(),
            );
            if let ::core::option::Option::Some(g_sigmoid_1) = d_sigmoid_1_1.take() {
                let dd_taken_1 = ::core::option::Option::take(&mut dd_sigmoid_1);
                let (grads_sigmoid_1, dd_grads_sigmoid_1) = <sigmoid>::__adjoint_hvp(
                    (&&dense_1,),
                    (::adjoint::__private::call_tangent(&d_dense_1),),
                    &g_sigmoid_1,
                    ::core::option::Option::as_ref(&dd_taken_1),
                    [true],
                );
                ::adjoint::__private::accumulate_optional(
                    &mut dd_dense_1,
                    ::adjoint::__private::call_adjoint(dd_grads_sigmoid_1.0),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_dense_1_1,
                    ::adjoint::__private::call_adjoint(grads_sigmoid_1.0),
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_sigmoid_1),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_dense_1) = d_dense_1_1.take() {
                let dd_taken_2 = ::core::option::Option::take(&mut dd_dense_1);
                let (grads_dense_1, dd_grads_dense_1) = <dense>::__adjoint_hvp(
                    (&&layers[index], &&h_1),
                    (
                        ::adjoint::__private::call_tangent(&d_layers[index]),
                        ::adjoint::__private::call_tangent(&d_h_1),
                    ),
                    &g_dense_1,
                    ::core::option::Option::as_ref(&dd_taken_2),
                    [true, true],
                );
                ::adjoint::__private::accumulate_optional(
                    &mut dd_part,
                    ::adjoint::__private::call_adjoint(dd_grads_dense_1.0),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_part_1,
                    ::adjoint::__private::call_adjoint(grads_dense_1.0),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut dd_h_1,
                    ::adjoint::__private::call_adjoint(dd_grads_dense_1.1),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_h_1_1,
                    ::adjoint::__private::call_adjoint(grads_dense_1.1),
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_dense_1),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_part) = d_part_1.take() {
                if let ::core::option::Option::Some(dd_part_1) = ::core::option::Option::take(
                    &mut dd_part,
                ) {
                    ::adjoint::__private::accumulate(
                        &mut (*::adjoint::__private::adjoint_slot(
                            &mut dd_layers,
                            &layers,
                        ))[index],
                        dd_part_1,
                    );
                }
                ::adjoint::__private::accumulate(
                    &mut (*::adjoint::__private::adjoint_slot(
                        &mut d_layers_1,
                        &layers,
                    ))[index],
                    g_part,
                );
            }
            dd_carry = ::core::option::Option::take(&mut dd_h_1);
            d_carry = d_h_1_1.take();
        }
        ::adjoint::__private::accumulate_optional(
            &mut dd_h,
            ::core::option::Option::take(&mut dd_carry),
        );
        ::adjoint::__private::accumulate_optional(&mut d_h_3, d_carry);
        if let ::core::option::Option::Some(g_h) = d_h_3.take() {
            let dd_taken_3 = ::core::option::Option::take(&mut dd_h);
            ::adjoint::__private::accumulate_optional(
                &mut dd_x,
                ::core::option::Option::map(
                    ::core::option::Option::as_ref(&dd_taken_3),
                    |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                        __adjoint_dg,
                        &x,
                        &h,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_x_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::select::to_owned_vjp(&g_h, &x, &h),
                ),
            );
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_h)))
                .recycle_it();
        }
        (
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(d_layers_1, true, &layers),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(d_x_1, true, &x),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            ),
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_layers, true, &layers),
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
            ),
        )
    }
}

#[allow(dead_code)]
fn huber(x: &Array1<f64>, delta: f64) -> f64 {
    let r = x.sum();
    if r.abs() <= delta { 0.5 * r * r } else { delta * (r.abs() - 0.5 * delta) }
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
fn huber_grad(x: &Array1<f64>, delta: f64) -> (f64, (Array1<f64>, f64)) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let r = ::adjoint::__private::reduce::sum(&x);
    let (value, records) = if (r.abs() <= delta) {
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&r, 0.5),
            &r,
        );
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &t_1,
            &r,
        );
        let record = (
            ::core::option::Option::Some((t_1, ::adjoint::__private::pass(&t_2))),
            ::core::option::Option::None,
        );
        (t_2, record)
    } else {
        let t_3 = ::adjoint::__private::unary::forward(&::adjoint::__private::Abs, &r);
        let t_4 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&delta, 0.5),
            &delta,
        );
        let t_5 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &t_3,
            &t_4,
        );
        let t_6 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &delta,
            &t_5,
        );
        let record_1 = (
            ::core::option::Option::None,
            ::core::option::Option::Some((
                t_3,
                t_4,
                t_5,
                ::adjoint::__private::pass(&t_6),
            )),
        );
        (t_6, record_1)
    };
    let mut d_value = ::core::option::Option::Some::<f64>(::adjoint::__private::one());
    let mut d_x = ::core::option::Option::None;
    let mut d_delta = ::core::option::Option::None;
    let mut d_r = ::core::option::Option::None;
    if let ::core::option::Option::Some((mut t_1, mut t_2)) = records.0 {
        let mut d_t_1 = ::core::option::Option::None;
        let mut d_t_2 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(&mut d_t_2, d_value.take());
        if let ::core::option::Option::Some(g_t_2) = d_t_2.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_t_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Mul,
                        &g_t_2,
                        &t_1,
                        &r,
                        &t_2,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_r,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_2,
                        &t_1,
                        &r,
                        &t_2,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_r,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_1,
                        &::adjoint::__private::literal_like(&r, 0.5),
                        &r,
                        &t_1,
                    ),
                ),
            );
        }
    }
    if let ::core::option::Option::Some((mut t_3, mut t_4, mut t_5, mut t_6)) = records.1
    {
        let mut d_t_3 = ::core::option::Option::None;
        let mut d_t_4 = ::core::option::Option::None;
        let mut d_t_5 = ::core::option::Option::None;
        let mut d_t_6 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(&mut d_t_6, d_value.take());
        if let ::core::option::Option::Some(g_t_6) = d_t_6.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_delta,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Mul,
                        &g_t_6,
                        &delta,
                        &t_5,
                        &t_6,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_5,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_6,
                        &delta,
                        &t_5,
                        &t_6,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_5) = d_t_5.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_t_3,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Sub,
                        &g_t_5,
                        &t_3,
                        &t_4,
                        &t_5,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_4,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Sub,
                        g_t_5,
                        &t_3,
                        &t_4,
                        &t_5,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_4) = d_t_4.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_delta,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_4,
                        &::adjoint::__private::literal_like(&delta, 0.5),
                        &delta,
                        &t_4,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_r,
                ::core::option::Option::Some(
                    ::adjoint::__private::unary::vjp_owned(
                        &::adjoint::__private::Abs,
                        g_t_3,
                        &r,
                        &t_3,
                    ),
                ),
            );
        }
    }
    if let ::core::option::Option::Some(g_r) = d_r.take() {
        ::adjoint::__private::accumulate_optional(
            &mut d_x,
            ::core::option::Option::Some(
                ::adjoint::__private::reduce::sum_vjp(&g_r, &x, &r),
            ),
        );
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_r)))
            .recycle_it();
    }
    (
        value,
        (
            ::adjoint::__private::needed(::adjoint::__private::finish(d_x, true, &x)),
            ::adjoint::__private::needed(
                ::adjoint::__private::finish(d_delta, true, &delta),
            ),
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
fn huber_grad_into_with(
    x: &Array1<f64>,
    delta: f64,
    grads: &mut (Array1<f64>, f64),
    workspace: &mut ::adjoint::Workspace,
    hook: &mut impl ::adjoint::GradientHook,
) -> f64 {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    ::adjoint::__private::check_tangent::<
        &Array1<f64>,
    >("huber_grad_into", "grads.0", "x", &x, &grads.0);
    ::adjoint::__private::check_tangent::<
        f64,
    >("huber_grad_into", "grads.1", "delta", &delta, &grads.1);
    let installed = ::adjoint::__private::install(workspace);
    {
        let (value, gradient) = {
            #[allow(unused_imports)]
            use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
            let r = ::adjoint::__private::reduce::sum(&x);
            let (value, records) = if (r.abs() <= delta) {
                let t_1 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Mul,
                    &::adjoint::__private::literal_like(&r, 0.5),
                    &r,
                );
                let t_2 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Mul,
                    &t_1,
                    &r,
                );
                let record = (
                    ::core::option::Option::Some((
                        t_1,
                        ::adjoint::__private::pass(&t_2),
                    )),
                    ::core::option::Option::None,
                );
                (t_2, record)
            } else {
                let t_3 = ::adjoint::__private::unary::forward(
                    &::adjoint::__private::Abs,
                    &r,
                );
                let t_4 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Mul,
                    &::adjoint::__private::literal_like(&delta, 0.5),
                    &delta,
                );
                let t_5 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Sub,
                    &t_3,
                    &t_4,
                );
                let t_6 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Mul,
                    &delta,
                    &t_5,
                );
                let record_1 = (
                    ::core::option::Option::None,
                    ::core::option::Option::Some((
                        t_3,
                        t_4,
                        t_5,
                        ::adjoint::__private::pass(&t_6),
                    )),
                );
                (t_6, record_1)
            };
            let mut d_value = ::core::option::Option::Some::<
                f64,
            >(::adjoint::__private::one());
            let mut d_x = ::core::option::Option::None;
            let mut d_delta = ::core::option::Option::None;
            let mut d_r = ::core::option::Option::None;
            if let ::core::option::Option::Some((mut t_1, mut t_2)) = records.0 {
                let mut d_t_1 = ::core::option::Option::None;
                let mut d_t_2 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(&mut d_t_2, d_value.take());
                if let ::core::option::Option::Some(g_t_2) = d_t_2.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Mul,
                                &g_t_2,
                                &t_1,
                                &r,
                                &t_2,
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_r,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_t_2,
                                &t_1,
                                &r,
                                &t_2,
                            ),
                        ),
                    );
                }
                if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_r,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_t_1,
                                &::adjoint::__private::literal_like(&r, 0.5),
                                &r,
                                &t_1,
                            ),
                        ),
                    );
                }
            }
            if let ::core::option::Option::Some((mut t_3, mut t_4, mut t_5, mut t_6)) = records
                .1
            {
                let mut d_t_3 = ::core::option::Option::None;
                let mut d_t_4 = ::core::option::Option::None;
                let mut d_t_5 = ::core::option::Option::None;
                let mut d_t_6 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(&mut d_t_6, d_value.take());
                if let ::core::option::Option::Some(g_t_6) = d_t_6.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_delta,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Mul,
                                &g_t_6,
                                &delta,
                                &t_5,
                                &t_6,
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t_5,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_t_6,
                                &delta,
                                &t_5,
                                &t_6,
                            ),
                        ),
                    );
                }
                if let ::core::option::Option::Some(g_t_5) = d_t_5.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t_3,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Sub,
                                &g_t_5,
                                &t_3,
                                &t_4,
                                &t_5,
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t_4,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Sub,
                                g_t_5,
                                &t_3,
                                &t_4,
                                &t_5,
                            ),
                        ),
                    );
                }
                if let ::core::option::Option::Some(g_t_4) = d_t_4.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_delta,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_t_4,
                                &::adjoint::__private::literal_like(&delta, 0.5),
                                &delta,
                                &t_4,
                            ),
                        ),
                    );
                }
                if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_r,
                        ::core::option::Option::Some(
                            ::adjoint::__private::unary::vjp_owned(
                                &::adjoint::__private::Abs,
                                g_t_3,
                                &r,
                                &t_3,
                            ),
                        ),
                    );
                }
            }
            if let ::core::option::Option::Some(g_r) = d_r.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    ::core::option::Option::Some(
                        ::adjoint::__private::reduce::sum_vjp(&g_r, &x, &r),
                    ),
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_r)))
                    .recycle_it();
            }
            (
                value,
                (
                    ::adjoint::__private::needed(
                        ::adjoint::__private::finish(d_x, true, &x),
                    ),
                    ::adjoint::__private::needed(
                        ::adjoint::__private::finish(d_delta, true, &delta),
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
fn huber_grad_into(
    x: &Array1<f64>,
    delta: f64,
    grads: &mut (Array1<f64>, f64),
    workspace: &mut ::adjoint::Workspace,
) -> f64 {
    huber_grad_into_with(x, delta, grads, workspace, &mut ())
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
fn huber_vjp(x: &Array1<f64>, delta: f64, cotangent: &f64) -> (f64, (Array1<f64>, f64)) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let r = ::adjoint::__private::reduce::sum(&x);
    let (value, records) = if (r.abs() <= delta) {
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&r, 0.5),
            &r,
        );
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &t_1,
            &r,
        );
        let record = (
            ::core::option::Option::Some((t_1, ::adjoint::__private::pass(&t_2))),
            ::core::option::Option::None,
        );
        (t_2, record)
    } else {
        let t_3 = ::adjoint::__private::unary::forward(&::adjoint::__private::Abs, &r);
        let t_4 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&delta, 0.5),
            &delta,
        );
        let t_5 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &t_3,
            &t_4,
        );
        let t_6 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &delta,
            &t_5,
        );
        let record_1 = (
            ::core::option::Option::None,
            ::core::option::Option::Some((
                t_3,
                t_4,
                t_5,
                ::adjoint::__private::pass(&t_6),
            )),
        );
        (t_6, record_1)
    };
    ::adjoint::__private::check_tangent::<
        f64,
    >("huber_vjp", "cotangent", "huber(..)", &value, cotangent);
    let mut d_x = ::core::option::Option::None;
    let mut d_delta = ::core::option::Option::None;
    let mut d_r = ::core::option::Option::None;
    if let ::core::option::Option::Some((mut t_1, mut t_2)) = records.0 {
        let mut d_t_1 = ::core::option::Option::None;
        let mut d_t_2 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(
            &mut d_t_2,
            ::core::option::Option::Some(::core::clone::Clone::clone(cotangent)),
        );
        if let ::core::option::Option::Some(g_t_2) = d_t_2.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_t_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Mul,
                        &g_t_2,
                        &t_1,
                        &r,
                        &t_2,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_r,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_2,
                        &t_1,
                        &r,
                        &t_2,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_r,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_1,
                        &::adjoint::__private::literal_like(&r, 0.5),
                        &r,
                        &t_1,
                    ),
                ),
            );
        }
    }
    if let ::core::option::Option::Some((mut t_3, mut t_4, mut t_5, mut t_6)) = records.1
    {
        let mut d_t_3 = ::core::option::Option::None;
        let mut d_t_4 = ::core::option::Option::None;
        let mut d_t_5 = ::core::option::Option::None;
        let mut d_t_6 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(
            &mut d_t_6,
            ::core::option::Option::Some(::core::clone::Clone::clone(cotangent)),
        );
        if let ::core::option::Option::Some(g_t_6) = d_t_6.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_delta,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Mul,
                        &g_t_6,
                        &delta,
                        &t_5,
                        &t_6,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_5,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_6,
                        &delta,
                        &t_5,
                        &t_6,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_5) = d_t_5.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_t_3,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Sub,
                        &g_t_5,
                        &t_3,
                        &t_4,
                        &t_5,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_4,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Sub,
                        g_t_5,
                        &t_3,
                        &t_4,
                        &t_5,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_4) = d_t_4.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_delta,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_4,
                        &::adjoint::__private::literal_like(&delta, 0.5),
                        &delta,
                        &t_4,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_r,
                ::core::option::Option::Some(
                    ::adjoint::__private::unary::vjp_owned(
                        &::adjoint::__private::Abs,
                        g_t_3,
                        &r,
                        &t_3,
                    ),
                ),
            );
        }
    }
    if let ::core::option::Option::Some(g_r) = d_r.take() {
        ::adjoint::__private::accumulate_optional(
            &mut d_x,
            ::core::option::Option::Some(
                ::adjoint::__private::reduce::sum_vjp(&g_r, &x, &r),
            ),
        );
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_r)))
            .recycle_it();
    }
    (
        value,
        (
            ::adjoint::__private::needed(::adjoint::__private::finish(d_x, true, &x)),
            ::adjoint::__private::needed(
                ::adjoint::__private::finish(d_delta, true, &delta),
            ),
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
fn huber_jvp(
    x: &Array1<f64>,
    delta: f64,
    d_x: &Array1<f64>,
    d_delta: f64,
) -> (f64, f64) {
    let r = ::adjoint::__private::reduce::sum(&x);
    let d_r = ::adjoint::__private::reduce::sum_jvp(&x, &r, &d_x);
    let (value, d_value) = if (r.abs() <= delta) {
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&r, 0.5),
            &r,
        );
        let d_t_1 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&r, 0.5),
            &r,
            &t_1,
            ::core::option::Option::None,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_r)),
        );
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &t_1,
            &r,
        );
        let d_t_2 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &t_1,
            &r,
            &t_2,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_r)),
        );
        (t_2, d_t_2)
    } else {
        let t_3 = ::adjoint::__private::unary::forward(&::adjoint::__private::Abs, &r);
        let d_t_3 = ::adjoint::__private::unary::jvp(
            &::adjoint::__private::Abs,
            &r,
            &t_3,
            &d_r,
        );
        let t_4 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&delta, 0.5),
            &delta,
        );
        let d_t_4 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&delta, 0.5),
            &delta,
            &t_4,
            ::core::option::Option::None,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_delta)),
        );
        let t_5 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &t_3,
            &t_4,
        );
        let d_t_5 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Sub,
            &t_3,
            &t_4,
            &t_5,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
        );
        let t_6 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &delta,
            &t_5,
        );
        let d_t_6 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &delta,
            &t_5,
            &t_6,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_delta)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
        );
        (t_6, d_t_6)
    };
    let tangent = d_value;
    (value, tangent)
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
fn huber_hvp(
    x: &Array1<f64>,
    delta: f64,
    d_x: &Array1<f64>,
    d_delta: f64,
) -> (f64, (Array1<f64>, f64), (Array1<f64>, f64)) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let r = ::adjoint::__private::reduce::sum(&x);
    let d_r = ::adjoint::__private::reduce::sum_jvp(&x, &r, &d_x);
    let (value, d_value, records) = if (r.abs() <= delta) {
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&r, 0.5),
            &r,
        );
        let d_t_1 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&r, 0.5),
            &r,
            &t_1,
            ::core::option::Option::None,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_r)),
        );
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &t_1,
            &r,
        );
        let d_t_2 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &t_1,
            &r,
            &t_2,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_r)),
        );
        let record = (
            ::core::option::Option::Some((
                t_1,
                d_t_1,
                ::adjoint::__private::pass(&t_2),
                ::adjoint::__private::pass(&d_t_2),
            )),
            ::core::option::Option::None,
        );
        (t_2, d_t_2, record)
    } else {
        let t_3 = ::adjoint::__private::unary::forward(&::adjoint::__private::Abs, &r);
        let d_t_3 = ::adjoint::__private::unary::jvp(
            &::adjoint::__private::Abs,
            &r,
            &t_3,
            &d_r,
        );
        let t_4 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&delta, 0.5),
            &delta,
        );
        let d_t_4 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&delta, 0.5),
            &delta,
            &t_4,
            ::core::option::Option::None,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_delta)),
        );
        let t_5 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Sub,
            &t_3,
            &t_4,
        );
        let d_t_5 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Sub,
            &t_3,
            &t_4,
            &t_5,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
        );
        let t_6 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &delta,
            &t_5,
        );
        let d_t_6 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &delta,
            &t_5,
            &t_6,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_delta)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
        );
        let record_1 = (
            ::core::option::Option::None,
            ::core::option::Option::Some((
                t_3,
                d_t_3,
                t_4,
                d_t_4,
                t_5,
                d_t_5,
                ::adjoint::__private::pass(&t_6),
                ::adjoint::__private::pass(&d_t_6),
            )),
        );
        (t_6, d_t_6, record_1)
    };
    let mut dd_x = ::core::option::Option::None;
    let mut dd_delta = ::core::option::Option::None;
    let mut dd_r = ::core::option::Option::None;
    let mut dd_t_1 = ::core::option::Option::None;
    let mut dd_t_2 = ::core::option::Option::None;
    let mut dd_t_3 = ::core::option::Option::None;
    let mut dd_t_4 = ::core::option::Option::None;
    let mut dd_t_5 = ::core::option::Option::None;
    let mut dd_t_6 = ::core::option::Option::None;
    let mut dd_value = ::core::option::Option::None;
    let mut d_value_1 = ::core::option::Option::Some::<f64>(::adjoint::__private::one());
    let mut d_x_1 = ::core::option::Option::None;
    let mut d_delta_1 = ::core::option::Option::None;
    let mut d_r_1 = ::core::option::Option::None;
    if let ::core::option::Option::Some((mut t_1, mut d_t_1, mut t_2, mut d_t_2)) = records
        .0
    {
        let mut d_t_1_1 = ::core::option::Option::None;
        let mut d_t_2_1 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_2,
            ::core::option::Option::take(&mut dd_value),
        );
        ::adjoint::__private::accumulate_optional(&mut d_t_2_1, d_value_1.take());
        if let ::core::option::Option::Some(g_t_2) = d_t_2_1.take() {
            let dd_taken = ::core::option::Option::take(&mut dd_t_2);
            ::adjoint::__private::accumulate_optional(
                &mut dd_t_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs_jvp(
                        &::adjoint::__private::Mul,
                        &g_t_2,
                        &t_1,
                        &r,
                        &t_2,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_t_1),
                        ),
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_r),
                        ),
                        ::core::option::Option::as_ref(&dd_taken),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut dd_r,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_jvp(
                        &::adjoint::__private::Mul,
                        &g_t_2,
                        &t_1,
                        &r,
                        &t_2,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_t_1),
                        ),
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_r),
                        ),
                        ::core::option::Option::as_ref(&dd_taken),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_1_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Mul,
                        &g_t_2,
                        &t_1,
                        &r,
                        &t_2,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_r_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_2,
                        &t_1,
                        &r,
                        &t_2,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_1) = d_t_1_1.take() {
            let dd_taken_1 = ::core::option::Option::take(&mut dd_t_1);
            ::adjoint::__private::accumulate_optional(
                &mut dd_r,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_jvp(
                        &::adjoint::__private::Mul,
                        &g_t_1,
                        &::adjoint::__private::literal_like(&r, 0.5),
                        &r,
                        &t_1,
                        ::core::option::Option::None,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_r),
                        ),
                        ::core::option::Option::as_ref(&dd_taken_1),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_r_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_1,
                        &::adjoint::__private::literal_like(&r, 0.5),
                        &r,
                        &t_1,
                    ),
                ),
            );
        }
    }
    if let ::core::option::Option::Some(
        (mut t_3, mut d_t_3, mut t_4, mut d_t_4, mut t_5, mut d_t_5, mut t_6, mut d_t_6),
    ) = records.1
    {
        let mut d_t_3_1 = ::core::option::Option::None;
        let mut d_t_4_1 = ::core::option::Option::None;
        let mut d_t_5_1 = ::core::option::Option::None;
        let mut d_t_6_1 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_6,
            ::core::option::Option::take(&mut dd_value),
        );
        ::adjoint::__private::accumulate_optional(&mut d_t_6_1, d_value_1.take());
        if let ::core::option::Option::Some(g_t_6) = d_t_6_1.take() {
            let dd_taken_2 = ::core::option::Option::take(&mut dd_t_6);
            ::adjoint::__private::accumulate_optional(
                &mut dd_delta,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs_jvp(
                        &::adjoint::__private::Mul,
                        &g_t_6,
                        &delta,
                        &t_5,
                        &t_6,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_delta),
                        ),
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_t_5),
                        ),
                        ::core::option::Option::as_ref(&dd_taken_2),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut dd_t_5,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_jvp(
                        &::adjoint::__private::Mul,
                        &g_t_6,
                        &delta,
                        &t_5,
                        &t_6,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_delta),
                        ),
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_t_5),
                        ),
                        ::core::option::Option::as_ref(&dd_taken_2),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_delta_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Mul,
                        &g_t_6,
                        &delta,
                        &t_5,
                        &t_6,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_5_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_6,
                        &delta,
                        &t_5,
                        &t_6,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_5) = d_t_5_1.take() {
            let dd_taken_3 = ::core::option::Option::take(&mut dd_t_5);
            ::adjoint::__private::accumulate_optional(
                &mut dd_t_3,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs_jvp(
                        &::adjoint::__private::Sub,
                        &g_t_5,
                        &t_3,
                        &t_4,
                        &t_5,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_t_3),
                        ),
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_t_4),
                        ),
                        ::core::option::Option::as_ref(&dd_taken_3),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut dd_t_4,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_jvp(
                        &::adjoint::__private::Sub,
                        &g_t_5,
                        &t_3,
                        &t_4,
                        &t_5,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_t_3),
                        ),
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_t_4),
                        ),
                        ::core::option::Option::as_ref(&dd_taken_3),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_3_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Sub,
                        &g_t_5,
                        &t_3,
                        &t_4,
                        &t_5,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_4_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Sub,
                        g_t_5,
                        &t_3,
                        &t_4,
                        &t_5,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_4) = d_t_4_1.take() {
            let dd_taken_4 = ::core::option::Option::take(&mut dd_t_4);
            ::adjoint::__private::accumulate_optional(
                &mut dd_delta,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_jvp(
                        &::adjoint::__private::Mul,
                        &g_t_4,
                        &::adjoint::__private::literal_like(&delta, 0.5),
                        &delta,
                        &t_4,
                        ::core::option::Option::None,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_delta),
                        ),
                        ::core::option::Option::as_ref(&dd_taken_4),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_delta_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Mul,
                        g_t_4,
                        &::adjoint::__private::literal_like(&delta, 0.5),
                        &delta,
                        &t_4,
                    ),
                ),
            );
        }
        if let ::core::option::Option::Some(g_t_3) = d_t_3_1.take() {
            let dd_taken_5 = ::core::option::Option::take(&mut dd_t_3);
            ::adjoint::__private::accumulate_optional(
                &mut dd_r,
                ::core::option::Option::Some(
                    ::adjoint::__private::unary::vjp_jvp(
                        &::adjoint::__private::Abs,
                        &g_t_3,
                        &r,
                        &t_3,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_r),
                        ),
                        ::core::option::Option::as_ref(&dd_taken_5),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_r_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::unary::vjp_owned(
                        &::adjoint::__private::Abs,
                        g_t_3,
                        &r,
                        &t_3,
                    ),
                ),
            );
        }
    }
    if let ::core::option::Option::Some(g_r) = d_r_1.take() {
        let dd_taken_6 = ::core::option::Option::take(&mut dd_r);
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken_6),
                |__adjoint_dg| ::adjoint::__private::reduce::sum_vjp(
                    __adjoint_dg,
                    &x,
                    &r,
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut d_x_1,
            ::core::option::Option::Some(
                ::adjoint::__private::reduce::sum_vjp(&g_r, &x, &r),
            ),
        );
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_r)))
            .recycle_it();
    }
    let gradient = (
        ::adjoint::__private::needed(::adjoint::__private::finish(d_x_1, true, &x)),
        ::adjoint::__private::needed(
            ::adjoint::__private::finish(d_delta_1, true, &delta),
        ),
    );
    (
        value,
        gradient,
        (
            ::adjoint::__private::needed(::adjoint::__private::finish(dd_x, true, &x)),
            ::adjoint::__private::needed(
                ::adjoint::__private::finish(dd_delta, true, &delta),
            ),
        ),
    )
}
#[allow(non_camel_case_types, dead_code)]
struct huber {}
impl huber {
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
        x: &Array1<f64>,
        delta: f64,
    ) -> (
        f64,
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (&&Array1<f64>, &f64),
                &f64,
                &f64,
                [bool; 2usize],
            ) -> (
                    ::core::option::Option<Array1<f64>>,
                    ::core::option::Option<f64>,
                ) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let r = ::adjoint::__private::reduce::sum(&x);
        let (value, records) = if (r.abs() <= delta) {
            let t_1 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&r, 0.5),
                &r,
            );
            let t_2 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &t_1,
                &r,
            );
            let record = (
                ::core::option::Option::Some((t_1, ::adjoint::__private::pass(&t_2))),
                ::core::option::Option::None,
            );
            (t_2, record)
        } else {
            let t_3 = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Abs,
                &r,
            );
            let t_4 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&delta, 0.5),
                &delta,
            );
            let t_5 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Sub,
                &t_3,
                &t_4,
            );
            let t_6 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &delta,
                &t_5,
            );
            let record_1 = (
                ::core::option::Option::None,
                ::core::option::Option::Some((
                    t_3,
                    t_4,
                    t_5,
                    ::adjoint::__private::pass(&t_6),
                )),
            );
            (t_6, record_1)
        };
        let pullback = ::adjoint::__private::Pullback(move |
            (x, delta): (&&Array1<f64>, &f64),
            out: &f64,
            g: &f64,
            needs: [bool; 2usize],
        | -> (::core::option::Option<Array1<f64>>, ::core::option::Option<f64>) {
            let x = *x;
            let delta = *delta;
            let value = out;
            let mut d_x = ::core::option::Option::None;
            let mut d_delta = ::core::option::Option::None;
            let mut d_r = ::core::option::Option::None;
            if let ::core::option::Option::Some((mut t_1, mut t_2)) = records.0 {
                let mut d_t_1 = ::core::option::Option::None;
                let mut d_t_2 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_2,
                    ::core::option::Option::Some(::core::clone::Clone::clone(g)),
                );
                if let ::core::option::Option::Some(g_t_2) = d_t_2.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t_1,
                        if needs[0usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_lhs(
                                    &::adjoint::__private::Mul,
                                    &g_t_2,
                                    &t_1,
                                    &r,
                                    &t_2,
                                ),
                            )
                        } else {
                            ::core::option::Option::None
                        },
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_r,
                        if needs[0usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_owned(
                                    &::adjoint::__private::Mul,
                                    g_t_2,
                                    &t_1,
                                    &r,
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
                        &mut d_r,
                        if needs[0usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_owned(
                                    &::adjoint::__private::Mul,
                                    g_t_1,
                                    &::adjoint::__private::literal_like(&r, 0.5),
                                    &r,
                                    &t_1,
                                ),
                            )
                        } else {
                            ::core::option::Option::None
                        },
                    );
                }
            }
            if let ::core::option::Option::Some((mut t_3, mut t_4, mut t_5, mut t_6)) = records
                .1
            {
                let mut d_t_3 = ::core::option::Option::None;
                let mut d_t_4 = ::core::option::Option::None;
                let mut d_t_5 = ::core::option::Option::None;
                let mut d_t_6 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_6,
                    ::core::option::Option::Some(::core::clone::Clone::clone(g)),
                );
                if let ::core::option::Option::Some(g_t_6) = d_t_6.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_delta,
                        if needs[1usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_lhs(
                                    &::adjoint::__private::Mul,
                                    &g_t_6,
                                    &delta,
                                    &t_5,
                                    &t_6,
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
                                ::adjoint::__private::binary::vjp_rhs_owned(
                                    &::adjoint::__private::Mul,
                                    g_t_6,
                                    &delta,
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
                        &mut d_t_3,
                        if needs[0usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_lhs(
                                    &::adjoint::__private::Sub,
                                    &g_t_5,
                                    &t_3,
                                    &t_4,
                                    &t_5,
                                ),
                            )
                        } else {
                            ::core::option::Option::None
                        },
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t_4,
                        if needs[1usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_owned(
                                    &::adjoint::__private::Sub,
                                    g_t_5,
                                    &t_3,
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
                        &mut d_delta,
                        if needs[1usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_owned(
                                    &::adjoint::__private::Mul,
                                    g_t_4,
                                    &::adjoint::__private::literal_like(&delta, 0.5),
                                    &delta,
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
                        &mut d_r,
                        if needs[0usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::unary::vjp_owned(
                                    &::adjoint::__private::Abs,
                                    g_t_3,
                                    &r,
                                    &t_3,
                                ),
                            )
                        } else {
                            ::core::option::Option::None
                        },
                    );
                }
            }
            if let ::core::option::Option::Some(g_r) = d_r.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::reduce::sum_vjp(&g_r, &x, &r),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_r)))
                    .recycle_it();
            }
            (
                ::adjoint::__private::finish(d_x, needs[0usize], &x),
                ::adjoint::__private::finish(d_delta, needs[1usize], &delta),
            )
        });
        (value, pullback)
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
        x: &Array1<f64>,
        delta: f64,
        tangents: (::core::option::Option<&Array1<f64>>, ::core::option::Option<&f64>),
    ) -> (f64, f64) {
        let (given_0, given_1) = tangents;
        let zero_x;
        let d_x = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x = ::adjoint::__private::zero_tangent(&x);
                &zero_x
            }
        };
        let d_delta = match given_1 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&delta),
        };
        {
            let r = ::adjoint::__private::reduce::sum(&x);
            let d_r = ::adjoint::__private::reduce::sum_jvp(&x, &r, &d_x);
            let (value, d_value) = if (r.abs() <= delta) {
                let t_1 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Mul,
                    &::adjoint::__private::literal_like(&r, 0.5),
                    &r,
                );
                let d_t_1 = ::adjoint::__private::binary::jvp(
                    &::adjoint::__private::Mul,
                    &::adjoint::__private::literal_like(&r, 0.5),
                    &r,
                    &t_1,
                    ::core::option::Option::None,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_r)),
                );
                let t_2 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Mul,
                    &t_1,
                    &r,
                );
                let d_t_2 = ::adjoint::__private::binary::jvp(
                    &::adjoint::__private::Mul,
                    &t_1,
                    &r,
                    &t_2,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_r)),
                );
                (t_2, d_t_2)
            } else {
                let t_3 = ::adjoint::__private::unary::forward(
                    &::adjoint::__private::Abs,
                    &r,
                );
                let d_t_3 = ::adjoint::__private::unary::jvp(
                    &::adjoint::__private::Abs,
                    &r,
                    &t_3,
                    &d_r,
                );
                let t_4 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Mul,
                    &::adjoint::__private::literal_like(&delta, 0.5),
                    &delta,
                );
                let d_t_4 = ::adjoint::__private::binary::jvp(
                    &::adjoint::__private::Mul,
                    &::adjoint::__private::literal_like(&delta, 0.5),
                    &delta,
                    &t_4,
                    ::core::option::Option::None,
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_delta),
                    ),
                );
                let t_5 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Sub,
                    &t_3,
                    &t_4,
                );
                let d_t_5 = ::adjoint::__private::binary::jvp(
                    &::adjoint::__private::Sub,
                    &t_3,
                    &t_4,
                    &t_5,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
                );
                let t_6 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Mul,
                    &delta,
                    &t_5,
                );
                let d_t_6 = ::adjoint::__private::binary::jvp(
                    &::adjoint::__private::Mul,
                    &delta,
                    &t_5,
                    &t_6,
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_delta),
                    ),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
                );
                (t_6, d_t_6)
            };
            let tangent = d_value;
            (value, tangent)
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
        (arg_0, arg_1): (&&Array1<f64>, &f64),
        tangents: (::core::option::Option<&Array1<f64>>, ::core::option::Option<&f64>),
        g: &f64,
        dg: ::core::option::Option<&f64>,
        needs: [bool; 2usize],
    ) -> (
        (::core::option::Option<Array1<f64>>, ::core::option::Option<f64>),
        (::core::option::Option<Array1<f64>>, ::core::option::Option<f64>),
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let x = ::core::clone::Clone::clone(arg_0);
        let delta = ::core::clone::Clone::clone(arg_1);
        let (given_0, given_1) = tangents;
        let zero_x;
        let d_x = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x = ::adjoint::__private::zero_tangent(&x);
                &zero_x
            }
        };
        let d_delta = match given_1 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&delta),
        };
        let r = ::adjoint::__private::reduce::sum(&x);
        let d_r = ::adjoint::__private::reduce::sum_jvp(&x, &r, &d_x);
        let (value, d_value, records) = if (r.abs() <= delta) {
            let t_1 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&r, 0.5),
                &r,
            );
            let d_t_1 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&r, 0.5),
                &r,
                &t_1,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_r)),
            );
            let t_2 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &t_1,
                &r,
            );
            let d_t_2 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &t_1,
                &r,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_r)),
            );
            let record = (
                ::core::option::Option::Some((
                    t_1,
                    d_t_1,
                    ::adjoint::__private::pass(&t_2),
                    ::adjoint::__private::pass(&d_t_2),
                )),
                ::core::option::Option::None,
            );
            (t_2, d_t_2, record)
        } else {
            let t_3 = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Abs,
                &r,
            );
            let d_t_3 = ::adjoint::__private::unary::jvp(
                &::adjoint::__private::Abs,
                &r,
                &t_3,
                &d_r,
            );
            let t_4 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&delta, 0.5),
                &delta,
            );
            let d_t_4 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&delta, 0.5),
                &delta,
                &t_4,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_delta)),
            );
            let t_5 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Sub,
                &t_3,
                &t_4,
            );
            let d_t_5 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Sub,
                &t_3,
                &t_4,
                &t_5,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
            );
            let t_6 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &delta,
                &t_5,
            );
            let d_t_6 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &delta,
                &t_5,
                &t_6,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_delta)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_5)),
            );
            let record_1 = (
                ::core::option::Option::None,
                ::core::option::Option::Some((
                    t_3,
                    d_t_3,
                    t_4,
                    d_t_4,
                    t_5,
                    d_t_5,
                    ::adjoint::__private::pass(&t_6),
                    ::adjoint::__private::pass(&d_t_6),
                )),
            );
            (t_6, d_t_6, record_1)
        };
        let mut dd_x = ::core::option::Option::None;
        let mut dd_delta = ::core::option::Option::None;
        let mut dd_r = ::core::option::Option::None;
        let mut dd_t_1 = ::core::option::Option::None;
        let mut dd_t_2 = ::core::option::Option::None;
        let mut dd_t_3 = ::core::option::Option::None;
        let mut dd_t_4 = ::core::option::Option::None;
        let mut dd_t_5 = ::core::option::Option::None;
        let mut dd_t_6 = ::core::option::Option::None;
        let mut dd_value = ::core::option::Option::None;
        dd_value = ::core::option::Option::map(dg, ::core::clone::Clone::clone);
        let mut d_x_1 = ::core::option::Option::None;
        let mut d_delta_1 = ::core::option::Option::None;
        let mut d_r_1 = ::core::option::Option::None;
        if let ::core::option::Option::Some((mut t_1, mut d_t_1, mut t_2, mut d_t_2)) = records
            .0
        {
            let mut d_t_1_1 = ::core::option::Option::None;
            let mut d_t_2_1 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut dd_t_2,
                ::core::option::Option::take(&mut dd_value),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_2_1,
                ::core::option::Option::Some(::core::clone::Clone::clone(g)),
            );
            if let ::core::option::Option::Some(g_t_2) = d_t_2_1.take() {
                let dd_taken = ::core::option::Option::take(&mut dd_t_2);
                ::adjoint::__private::accumulate_optional(
                    &mut dd_t_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs_jvp(
                            &::adjoint::__private::Mul,
                            &g_t_2,
                            &t_1,
                            &r,
                            &t_2,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_t_1),
                            ),
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_r),
                            ),
                            ::core::option::Option::as_ref(&dd_taken),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut dd_r,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_jvp(
                            &::adjoint::__private::Mul,
                            &g_t_2,
                            &t_1,
                            &r,
                            &t_2,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_t_1),
                            ),
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_r),
                            ),
                            ::core::option::Option::as_ref(&dd_taken),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_1_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs(
                            &::adjoint::__private::Mul,
                            &g_t_2,
                            &t_1,
                            &r,
                            &t_2,
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_r_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_owned(
                            &::adjoint::__private::Mul,
                            g_t_2,
                            &t_1,
                            &r,
                            &t_2,
                        ),
                    ),
                );
            }
            if let ::core::option::Option::Some(g_t_1) = d_t_1_1.take() {
                let dd_taken_1 = ::core::option::Option::take(&mut dd_t_1);
                ::adjoint::__private::accumulate_optional(
                    &mut dd_r,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_jvp(
                            &::adjoint::__private::Mul,
                            &g_t_1,
                            &::adjoint::__private::literal_like(&r, 0.5),
                            &r,
                            &t_1,
                            ::core::option::Option::None,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_r),
                            ),
                            ::core::option::Option::as_ref(&dd_taken_1),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_r_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_owned(
                            &::adjoint::__private::Mul,
                            g_t_1,
                            &::adjoint::__private::literal_like(&r, 0.5),
                            &r,
                            &t_1,
                        ),
                    ),
                );
            }
        }
        if let ::core::option::Option::Some(
            (
                mut t_3,
                mut d_t_3,
                mut t_4,
                mut d_t_4,
                mut t_5,
                mut d_t_5,
                mut t_6,
                mut d_t_6,
            ),
        ) = records.1
        {
            let mut d_t_3_1 = ::core::option::Option::None;
            let mut d_t_4_1 = ::core::option::Option::None;
            let mut d_t_5_1 = ::core::option::Option::None;
            let mut d_t_6_1 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut dd_t_6,
                ::core::option::Option::take(&mut dd_value),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_t_6_1,
                ::core::option::Option::Some(::core::clone::Clone::clone(g)),
            );
            if let ::core::option::Option::Some(g_t_6) = d_t_6_1.take() {
                let dd_taken_2 = ::core::option::Option::take(&mut dd_t_6);
                ::adjoint::__private::accumulate_optional(
                    &mut dd_delta,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs_jvp(
                            &::adjoint::__private::Mul,
                            &g_t_6,
                            &delta,
                            &t_5,
                            &t_6,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_delta),
                            ),
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_t_5),
                            ),
                            ::core::option::Option::as_ref(&dd_taken_2),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut dd_t_5,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_jvp(
                            &::adjoint::__private::Mul,
                            &g_t_6,
                            &delta,
                            &t_5,
                            &t_6,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_delta),
                            ),
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_t_5),
                            ),
                            ::core::option::Option::as_ref(&dd_taken_2),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_delta_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs(
                            &::adjoint::__private::Mul,
                            &g_t_6,
                            &delta,
                            &t_5,
                            &t_6,
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_5_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_owned(
                            &::adjoint::__private::Mul,
                            g_t_6,
                            &delta,
                            &t_5,
                            &t_6,
                        ),
                    ),
                );
            }
            if let ::core::option::Option::Some(g_t_5) = d_t_5_1.take() {
                let dd_taken_3 = ::core::option::Option::take(&mut dd_t_5);
                ::adjoint::__private::accumulate_optional(
                    &mut dd_t_3,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs_jvp(
                            &::adjoint::__private::Sub,
                            &g_t_5,
                            &t_3,
                            &t_4,
                            &t_5,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_t_3),
                            ),
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_t_4),
                            ),
                            ::core::option::Option::as_ref(&dd_taken_3),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut dd_t_4,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_jvp(
                            &::adjoint::__private::Sub,
                            &g_t_5,
                            &t_3,
                            &t_4,
                            &t_5,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_t_3),
                            ),
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_t_4),
                            ),
                            ::core::option::Option::as_ref(&dd_taken_3),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_3_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs(
                            &::adjoint::__private::Sub,
                            &g_t_5,
                            &t_3,
                            &t_4,
                            &t_5,
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_4_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_owned(
                            &::adjoint::__private::Sub,
                            g_t_5,
                            &t_3,
                            &t_4,
                            &t_5,
                        ),
                    ),
                );
            }
            if let ::core::option::Option::Some(g_t_4) = d_t_4_1.take() {
                let dd_taken_4 = ::core::option::Option::take(&mut dd_t_4);
                ::adjoint::__private::accumulate_optional(
                    &mut dd_delta,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_jvp(
                            &::adjoint::__private::Mul,
                            &g_t_4,
                            &::adjoint::__private::literal_like(&delta, 0.5),
                            &delta,
                            &t_4,
                            ::core::option::Option::None,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_delta),
                            ),
                            ::core::option::Option::as_ref(&dd_taken_4),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_delta_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_owned(
                            &::adjoint::__private::Mul,
                            g_t_4,
                            &::adjoint::__private::literal_like(&delta, 0.5),
                            &delta,
                            &t_4,
                        ),
                    ),
                );
            }
            if let ::core::option::Option::Some(g_t_3) = d_t_3_1.take() {
                let dd_taken_5 = ::core::option::Option::take(&mut dd_t_3);
                ::adjoint::__private::accumulate_optional(
                    &mut dd_r,
                    ::core::option::Option::Some(
                        ::adjoint::__private::unary::vjp_jvp(
                            &::adjoint::__private::Abs,
                            &g_t_3,
                            &r,
                            &t_3,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_r),
                            ),
                            ::core::option::Option::as_ref(&dd_taken_5),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_r_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::unary::vjp_owned(
                            &::adjoint::__private::Abs,
                            g_t_3,
                            &r,
                            &t_3,
                        ),
                    ),
                );
            }
        }
        if let ::core::option::Option::Some(g_r) = d_r_1.take() {
            let dd_taken_6 = ::core::option::Option::take(&mut dd_r);
            ::adjoint::__private::accumulate_optional(
                &mut dd_x,
                ::core::option::Option::map(
                    ::core::option::Option::as_ref(&dd_taken_6),
                    |__adjoint_dg| ::adjoint::__private::reduce::sum_vjp(
                        __adjoint_dg,
                        &x,
                        &r,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_x_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::reduce::sum_vjp(&g_r, &x, &r),
                ),
            );
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_r)))
                .recycle_it();
        }
        (
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(d_x_1, true, &x),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(d_delta_1, true, &delta),
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
                            ::adjoint::__private::finish(dd_x, true, &x),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_delta, true, &delta),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            ),
        )
    }
}

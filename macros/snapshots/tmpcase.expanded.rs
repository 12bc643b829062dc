#[allow(dead_code)]
pub fn f(x2: &Array1<f64>, x3: f64, flag: bool, steps: usize) -> f64 {
    let mut v1 = x2.tanh();
    if flag {
        v1 = x2.to_owned();
    } else {
        v1 += x3;
    }
    let v3 = v1[0];
    for _ in 0..steps {
        v1 -= 0.5;
    }
    v1.sum() * v3
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
pub fn f_grad(
    x2: &Array1<f64>,
    x3: f64,
    flag: bool,
    steps: usize,
) -> (f64, (Array1<f64>, f64)) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let v1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &x2);
    let (v1_1, records) = if (flag) {
        let t_1 = ::adjoint::__private::select::to_owned(&x2);
        let record = (
            ::core::option::Option::Some((::adjoint::__private::pass(&t_1),)),
            ::core::option::Option::None,
        );
        (t_1, record)
    } else {
        let t_2 = ::adjoint::__private::binary::forward_assign(
            &::adjoint::__private::Add,
            &v1,
            &x3,
        );
        let record_1 = (
            ::core::option::Option::None,
            ::core::option::Option::Some((::adjoint::__private::pass(&t_2),)),
        );
        (t_2, record_1)
    };
    let c = (0..steps);
    let mut stack = ::std::vec::Vec::new();
    let mut v1_2_carry = ::adjoint::__private::pass(&v1_1);
    for _ in c {
        let v1_2 = v1_2_carry;
        let t_3 = ::adjoint::__private::binary::forward_assign(
            &::adjoint::__private::Sub,
            &v1_2,
            &::adjoint::__private::literal_like(&v1_2, 0.5),
        );
        stack.push((v1_2, ::adjoint::__private::pass(&t_3)));
        v1_2_carry = t_3;
    }
    let v1_3 = v1_2_carry;
    let t_4 = ::adjoint::__private::reduce::sum(&v1_3);
    let t_5 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &t_4,
        &v1_1[0],
    );
    let d_t_5: f64 = ::adjoint::__private::one();
    let mut d_x2 = ::core::option::Option::None;
    let mut d_x3 = ::core::option::Option::None;
    let mut d_v1 = ::core::option::Option::None;
    let mut d_v1_1 = ::core::option::Option::None;
    let mut d_v1_3 = ::core::option::Option::None;
    let d_t_4 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Mul,
        &d_t_5,
        &t_4,
        &v1_1[0],
        &t_5,
    );
    let d_v3 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_5,
        &t_4,
        &v1_1[0],
        &t_5,
    );
    ::adjoint::__private::accumulate_optional(
        &mut d_v1_3,
        ::core::option::Option::Some(
            ::adjoint::__private::reduce::sum_vjp(&d_t_4, &v1_3, &t_4),
        ),
    );
    let mut d_carry = d_v1_3.take();
    while let ::core::option::Option::Some(record_2) = stack.pop() {
        let (mut v1_2, mut t_3) = record_2;
        let mut d_v1_2 = ::core::option::Option::None;
        let mut d_t_3 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(&mut d_t_3, d_carry.take());
        if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_v1_2,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs_owned(
                        &::adjoint::__private::Sub,
                        g_t_3,
                        &v1_2,
                        &::adjoint::__private::literal_like(&v1_2, 0.5),
                        &t_3,
                    ),
                ),
            );
        }
        d_carry = d_v1_2.take();
    }
    ::adjoint::__private::accumulate_optional(&mut d_v1_1, d_carry);
    ::adjoint::__private::accumulate(
        &mut (*::adjoint::__private::adjoint_slot(&mut d_v1_1, &v1_1))[0],
        d_v3,
    );
    if let ::core::option::Option::Some((mut t_1,)) = records.0 {
        let mut d_t_1 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(&mut d_t_1, d_v1_1.take());
        if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_x2,
                ::core::option::Option::Some(
                    ::adjoint::__private::select::to_owned_vjp(&g_t_1, &x2, &t_1),
                ),
            );
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_t_1)))
                .recycle_it();
        }
    }
    if let ::core::option::Option::Some((mut t_2,)) = records.1 {
        let mut d_t_2 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(&mut d_t_2, d_v1_1.take());
        if let ::core::option::Option::Some(g_t_2) = d_t_2.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_v1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Add,
                        &g_t_2,
                        &v1,
                        &x3,
                        &t_2,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_x3,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Add,
                        g_t_2,
                        &v1,
                        &x3,
                        &t_2,
                    ),
                ),
            );
        }
    }
    if let ::core::option::Option::Some(g_v1) = d_v1.take() {
        ::adjoint::__private::accumulate_optional(
            &mut d_x2,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_owned(
                    &::adjoint::__private::Tanh,
                    g_v1,
                    &x2,
                    &v1,
                ),
            ),
        );
    }
    (
        t_5,
        (
            ::adjoint::__private::needed(::adjoint::__private::finish(d_x2, true, &x2)),
            ::adjoint::__private::needed(::adjoint::__private::finish(d_x3, true, &x3)),
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
pub fn f_grad_into_with(
    x2: &Array1<f64>,
    x3: f64,
    flag: bool,
    steps: usize,
    grads: &mut (Array1<f64>, f64),
    workspace: &mut ::adjoint::Workspace,
    hook: &mut impl ::adjoint::GradientHook,
) -> f64 {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    ::adjoint::__private::check_tangent::<
        &Array1<f64>,
    >("f_grad_into", "grads.0", "x2", &x2, &grads.0);
    ::adjoint::__private::check_tangent::<
        f64,
    >("f_grad_into", "grads.1", "x3", &x3, &grads.1);
    let installed = ::adjoint::__private::install(workspace);
    {
        let (value, gradient) = {
            #[allow(unused_imports)]
            use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
            let v1 = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Tanh,
                &x2,
            );
            let (v1_1, records) = if (flag) {
                let t_1 = ::adjoint::__private::select::to_owned(&x2);
                let record = (
                    ::core::option::Option::Some((::adjoint::__private::pass(&t_1),)),
                    ::core::option::Option::None,
                );
                (t_1, record)
            } else {
                let t_2 = ::adjoint::__private::binary::forward_assign(
                    &::adjoint::__private::Add,
                    &v1,
                    &x3,
                );
                let record_1 = (
                    ::core::option::Option::None,
                    ::core::option::Option::Some((::adjoint::__private::pass(&t_2),)),
                );
                (t_2, record_1)
            };
            let c = (0..steps);
            let mut stack = ::std::vec::Vec::new();
            let mut v1_2_carry = ::adjoint::__private::pass(&v1_1);
            for _ in c {
                let v1_2 = v1_2_carry;
                let t_3 = ::adjoint::__private::binary::forward_assign(
                    &::adjoint::__private::Sub,
                    &v1_2,
                    &::adjoint::__private::literal_like(&v1_2, 0.5),
                );
                stack.push((v1_2, ::adjoint::__private::pass(&t_3)));
                v1_2_carry = t_3;
            }
            let v1_3 = v1_2_carry;
            let t_4 = ::adjoint::__private::reduce::sum(&v1_3);
            let t_5 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &t_4,
                &v1_1[0],
            );
            let d_t_5: f64 = ::adjoint::__private::one();
            let mut d_x2 = ::core::option::Option::None;
            let mut d_x3 = ::core::option::Option::None;
            let mut d_v1 = ::core::option::Option::None;
            let mut d_v1_1 = ::core::option::Option::None;
            let mut d_v1_3 = ::core::option::Option::None;
            let d_t_4 = ::adjoint::__private::binary::vjp_lhs(
                &::adjoint::__private::Mul,
                &d_t_5,
                &t_4,
                &v1_1[0],
                &t_5,
            );
            let d_v3 = ::adjoint::__private::binary::vjp_rhs_owned(
                &::adjoint::__private::Mul,
                d_t_5,
                &t_4,
                &v1_1[0],
                &t_5,
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_v1_3,
                ::core::option::Option::Some(
                    ::adjoint::__private::reduce::sum_vjp(&d_t_4, &v1_3, &t_4),
                ),
            );
            let mut d_carry = d_v1_3.take();
            while let ::core::option::Option::Some(record_2) = stack.pop() {
                let (mut v1_2, mut t_3) = record_2;
                let mut d_v1_2 = ::core::option::Option::None;
                let mut d_t_3 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(&mut d_t_3, d_carry.take());
                if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_v1_2,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs_owned(
                                &::adjoint::__private::Sub,
                                g_t_3,
                                &v1_2,
                                &::adjoint::__private::literal_like(&v1_2, 0.5),
                                &t_3,
                            ),
                        ),
                    );
                }
                d_carry = d_v1_2.take();
            }
            ::adjoint::__private::accumulate_optional(&mut d_v1_1, d_carry);
            ::adjoint::__private::accumulate(
                &mut (*::adjoint::__private::adjoint_slot(&mut d_v1_1, &v1_1))[0],
                d_v3,
            );
            if let ::core::option::Option::Some((mut t_1,)) = records.0 {
                let mut d_t_1 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(&mut d_t_1, d_v1_1.take());
                if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x2,
                        ::core::option::Option::Some(
                            ::adjoint::__private::select::to_owned_vjp(&g_t_1, &x2, &t_1),
                        ),
                    );
                    (&mut ::adjoint::__private::Recycler(
                        ::core::option::Option::Some(g_t_1),
                    ))
                        .recycle_it();
                }
            }
            if let ::core::option::Option::Some((mut t_2,)) = records.1 {
                let mut d_t_2 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(&mut d_t_2, d_v1_1.take());
                if let ::core::option::Option::Some(g_t_2) = d_t_2.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_v1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Add,
                                &g_t_2,
                                &v1,
                                &x3,
                                &t_2,
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x3,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Add,
                                g_t_2,
                                &v1,
                                &x3,
                                &t_2,
                            ),
                        ),
                    );
                }
            }
            if let ::core::option::Option::Some(g_v1) = d_v1.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x2,
                    ::core::option::Option::Some(
                        ::adjoint::__private::unary::vjp_owned(
                            &::adjoint::__private::Tanh,
                            g_v1,
                            &x2,
                            &v1,
                        ),
                    ),
                );
            }
            (
                t_5,
                (
                    ::adjoint::__private::needed(
                        ::adjoint::__private::finish(d_x2, true, &x2),
                    ),
                    ::adjoint::__private::needed(
                        ::adjoint::__private::finish(d_x3, true, &x3),
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
pub fn f_grad_into(
    x2: &Array1<f64>,
    x3: f64,
    flag: bool,
    steps: usize,
    grads: &mut (Array1<f64>, f64),
    workspace: &mut ::adjoint::Workspace,
) -> f64 {
    f_grad_into_with(x2, x3, flag, steps, grads, workspace, &mut ())
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
pub fn f_vjp(
    x2: &Array1<f64>,
    x3: f64,
    flag: bool,
    steps: usize,
    cotangent: &f64,
) -> (f64, (Array1<f64>, f64)) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let v1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &x2);
    let (v1_1, records) = if (flag) {
        let t_1 = ::adjoint::__private::select::to_owned(&x2);
        let record = (
            ::core::option::Option::Some((::adjoint::__private::pass(&t_1),)),
            ::core::option::Option::None,
        );
        (t_1, record)
    } else {
        let t_2 = ::adjoint::__private::binary::forward_assign(
            &::adjoint::__private::Add,
            &v1,
            &x3,
        );
        let record_1 = (
            ::core::option::Option::None,
            ::core::option::Option::Some((::adjoint::__private::pass(&t_2),)),
        );
        (t_2, record_1)
    };
    let c = (0..steps);
    let mut stack = ::std::vec::Vec::new();
    let mut v1_2_carry = ::adjoint::__private::pass(&v1_1);
    for _ in c {
        let v1_2 = v1_2_carry;
        let t_3 = ::adjoint::__private::binary::forward_assign(
            &::adjoint::__private::Sub,
            &v1_2,
            &::adjoint::__private::literal_like(&v1_2, 0.5),
        );
        stack.push((v1_2, ::adjoint::__private::pass(&t_3)));
        v1_2_carry = t_3;
    }
    let v1_3 = v1_2_carry;
    let t_4 = ::adjoint::__private::reduce::sum(&v1_3);
    let t_5 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &t_4,
        &v1_1[0],
    );
    ::adjoint::__private::check_tangent::<
        f64,
    >("f_vjp", "cotangent", "f(..)", &t_5, cotangent);
    let mut d_x2 = ::core::option::Option::None;
    let mut d_x3 = ::core::option::Option::None;
    let mut d_v1 = ::core::option::Option::None;
    let mut d_v1_1 = ::core::option::Option::None;
    let mut d_v1_3 = ::core::option::Option::None;
    let d_t_4 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Mul,
        cotangent,
        &t_4,
        &v1_1[0],
        &t_5,
    );
    let d_v3 = ::adjoint::__private::binary::vjp_rhs(
        &::adjoint::__private::Mul,
        cotangent,
        &t_4,
        &v1_1[0],
        &t_5,
    );
    ::adjoint::__private::accumulate_optional(
        &mut d_v1_3,
        ::core::option::Option::Some(
            ::adjoint::__private::reduce::sum_vjp(&d_t_4, &v1_3, &t_4),
        ),
    );
    let mut d_carry = d_v1_3.take();
    while let ::core::option::Option::Some(record_2) = stack.pop() {
        let (mut v1_2, mut t_3) = record_2;
        let mut d_v1_2 = ::core::option::Option::None;
        let mut d_t_3 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(&mut d_t_3, d_carry.take());
        if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_v1_2,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs_owned(
                        &::adjoint::__private::Sub,
                        g_t_3,
                        &v1_2,
                        &::adjoint::__private::literal_like(&v1_2, 0.5),
                        &t_3,
                    ),
                ),
            );
        }
        d_carry = d_v1_2.take();
    }
    ::adjoint::__private::accumulate_optional(&mut d_v1_1, d_carry);
    ::adjoint::__private::accumulate(
        &mut (*::adjoint::__private::adjoint_slot(&mut d_v1_1, &v1_1))[0],
        d_v3,
    );
    if let ::core::option::Option::Some((mut t_1,)) = records.0 {
        let mut d_t_1 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(&mut d_t_1, d_v1_1.take());
        if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_x2,
                ::core::option::Option::Some(
                    ::adjoint::__private::select::to_owned_vjp(&g_t_1, &x2, &t_1),
                ),
            );
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_t_1)))
                .recycle_it();
        }
    }
    if let ::core::option::Option::Some((mut t_2,)) = records.1 {
        let mut d_t_2 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(&mut d_t_2, d_v1_1.take());
        if let ::core::option::Option::Some(g_t_2) = d_t_2.take() {
            ::adjoint::__private::accumulate_optional(
                &mut d_v1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Add,
                        &g_t_2,
                        &v1,
                        &x3,
                        &t_2,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_x3,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Add,
                        g_t_2,
                        &v1,
                        &x3,
                        &t_2,
                    ),
                ),
            );
        }
    }
    if let ::core::option::Option::Some(g_v1) = d_v1.take() {
        ::adjoint::__private::accumulate_optional(
            &mut d_x2,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_owned(
                    &::adjoint::__private::Tanh,
                    g_v1,
                    &x2,
                    &v1,
                ),
            ),
        );
    }
    (
        t_5,
        (
            ::adjoint::__private::needed(::adjoint::__private::finish(d_x2, true, &x2)),
            ::adjoint::__private::needed(::adjoint::__private::finish(d_x3, true, &x3)),
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
pub fn f_jvp(
    x2: &Array1<f64>,
    x3: f64,
    flag: bool,
    steps: usize,
    d_x2: &Array1<f64>,
    d_x3: f64,
) -> (f64, f64) {
    let v1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &x2);
    let d_v1 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Tanh,
        &x2,
        &v1,
        &d_x2,
    );
    let (v1_1, d_v1_1) = if (flag) {
        let t_1 = ::adjoint::__private::select::to_owned(&x2);
        let d_t_1 = ::adjoint::__private::select::to_owned_jvp(&x2, &t_1, &d_x2);
        (t_1, d_t_1)
    } else {
        let t_2 = ::adjoint::__private::binary::forward_assign(
            &::adjoint::__private::Add,
            &v1,
            &x3,
        );
        let d_t_2 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Add,
            &v1,
            &x3,
            &t_2,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x3)),
        );
        (t_2, d_t_2)
    };
    let c = (0..steps);
    let mut v1_2_carry = v1_1;
    let mut d_v1_2_carry = d_v1_1;
    for _ in c {
        let v1_2 = v1_2_carry;
        let d_v1_2 = d_v1_2_carry;
        let t_3 = ::adjoint::__private::binary::forward_assign(
            &::adjoint::__private::Sub,
            &v1_2,
            &::adjoint::__private::literal_like(&v1_2, 0.5),
        );
        let d_t_3 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Sub,
            &v1_2,
            &::adjoint::__private::literal_like(&v1_2, 0.5),
            &t_3,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1_2)),
            ::core::option::Option::None,
        );
        v1_2_carry = t_3;
        d_v1_2_carry = d_t_3;
    }
    let v1_3 = v1_2_carry;
    let d_v1_3 = d_v1_2_carry;
    let t_4 = ::adjoint::__private::reduce::sum(&v1_3);
    let d_t_4 = ::adjoint::__private::reduce::sum_jvp(&v1_3, &t_4, &d_v1_3);
    let t_5 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &t_4,
        &v1_1[0],
    );
    let d_t_5 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &t_4,
        &v1_1[0],
        &t_5,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1_1[0])),
    );
    let tangent = d_t_5;
    (t_5, tangent)
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
pub fn f_hvp(
    x2: &Array1<f64>,
    x3: f64,
    flag: bool,
    steps: usize,
    d_x2: &Array1<f64>,
    d_x3: f64,
) -> (f64, (Array1<f64>, f64), (Array1<f64>, f64)) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let v1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &x2);
    let d_v1 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Tanh,
        &x2,
        &v1,
        &d_x2,
    );
    let (v1_1, d_v1_1, records) = if (flag) {
        let t_1 = ::adjoint::__private::select::to_owned(&x2);
        let d_t_1 = ::adjoint::__private::select::to_owned_jvp(&x2, &t_1, &d_x2);
        let record = (
            ::core::option::Option::Some((
                ::adjoint::__private::pass(&t_1),
                ::adjoint::__private::pass(&d_t_1),
            )),
            ::core::option::Option::None,
        );
        (t_1, d_t_1, record)
    } else {
        let t_2 = ::adjoint::__private::binary::forward_assign(
            &::adjoint::__private::Add,
            &v1,
            &x3,
        );
        let d_t_2 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Add,
            &v1,
            &x3,
            &t_2,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x3)),
        );
        let record_1 = (
            ::core::option::Option::None,
            ::core::option::Option::Some((
                ::adjoint::__private::pass(&t_2),
                ::adjoint::__private::pass(&d_t_2),
            )),
        );
        (t_2, d_t_2, record_1)
    };
    let c = (0..steps);
    let mut stack = ::std::vec::Vec::new();
    let mut v1_2_carry = ::adjoint::__private::pass(&v1_1);
    let mut d_v1_2_carry = ::adjoint::__private::pass(&d_v1_1);
    for _ in c {
        let v1_2 = v1_2_carry;
        let d_v1_2 = d_v1_2_carry;
        let t_3 = ::adjoint::__private::binary::forward_assign(
            &::adjoint::__private::Sub,
            &v1_2,
            &::adjoint::__private::literal_like(&v1_2, 0.5),
        );
        let d_t_3 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Sub,
            &v1_2,
            &::adjoint::__private::literal_like(&v1_2, 0.5),
            &t_3,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1_2)),
            ::core::option::Option::None,
        );
        stack
            .push((
                v1_2,
                d_v1_2,
                ::adjoint::__private::pass(&t_3),
                ::adjoint::__private::pass(&d_t_3),
            ));
        v1_2_carry = t_3;
        d_v1_2_carry = d_t_3;
    }
    let v1_3 = v1_2_carry;
    let d_v1_3 = d_v1_2_carry;
    let t_4 = ::adjoint::__private::reduce::sum(&v1_3);
    let d_t_4 = ::adjoint::__private::reduce::sum_jvp(&v1_3, &t_4, &d_v1_3);
    let t_5 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Mul,
        &t_4,
        &v1_1[0],
    );
    let d_t_5 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &t_4,
        &v1_1[0],
        &t_5,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1_1[0])),
    );
    let mut dd_x2 = ::core::option::Option::None;
    let mut dd_x3 = ::core::option::Option::None;
    let mut dd_v1 = ::core::option::Option::None;
    let mut dd_t_1 = ::core::option::Option::None;
    let mut dd_t_2 = ::core::option::Option::None;
    let mut dd_v1_1 = ::core::option::Option::None;
    let mut dd_v3 = ::core::option::Option::None;
    let mut dd_v1_2 = ::core::option::Option::None;
    let mut dd_t_3 = ::core::option::Option::None;
    let mut dd_v1_3 = ::core::option::Option::None;
    let mut dd_t_4 = ::core::option::Option::None;
    let mut dd_t_5 = ::core::option::Option::None;
    let d_t_5_1: f64 = ::adjoint::__private::one();
    let mut d_x2_1 = ::core::option::Option::None;
    let mut d_x3_1 = ::core::option::Option::None;
    let mut d_v1_4 = ::core::option::Option::None;
    let mut d_v1_1_1 = ::core::option::Option::None;
    let mut d_v1_3_1 = ::core::option::Option::None;
    let dd_taken = ::core::option::Option::take(&mut dd_t_5);
    ::adjoint::__private::accumulate_optional(
        &mut dd_t_4,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_lhs_jvp(
                &::adjoint::__private::Mul,
                &d_t_5_1,
                &t_4,
                &v1_1[0],
                &t_5,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1_1[0])),
                ::core::option::Option::as_ref(&dd_taken),
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_v3,
        ::core::option::Option::Some(
            ::adjoint::__private::binary::vjp_rhs_jvp(
                &::adjoint::__private::Mul,
                &d_t_5_1,
                &t_4,
                &v1_1[0],
                &t_5,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1_1[0])),
                ::core::option::Option::as_ref(&dd_taken),
            ),
        ),
    );
    let d_t_4_1 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Mul,
        &d_t_5_1,
        &t_4,
        &v1_1[0],
        &t_5,
    );
    let d_v3_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t_5_1,
        &t_4,
        &v1_1[0],
        &t_5,
    );
    let dd_taken_1 = ::core::option::Option::take(&mut dd_t_4);
    ::adjoint::__private::accumulate_optional(
        &mut dd_v1_3,
        ::core::option::Option::map(
            ::core::option::Option::as_ref(&dd_taken_1),
            |__adjoint_dg| ::adjoint::__private::reduce::sum_vjp(
                __adjoint_dg,
                &v1_3,
                &t_4,
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut d_v1_3_1,
        ::core::option::Option::Some(
            ::adjoint::__private::reduce::sum_vjp(&d_t_4_1, &v1_3, &t_4),
        ),
    );
    let mut dd_carry = ::core::option::Option::None;
    dd_carry = ::core::option::Option::take(&mut dd_v1_3);
    let mut d_carry = d_v1_3_1.take();
    while let ::core::option::Option::Some(record_2) = stack.pop() {
        let (mut v1_2, mut d_v1_2, mut t_3, mut d_t_3) = record_2;
        let mut d_v1_2_1 = ::core::option::Option::None;
        let mut d_t_3_1 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_3,
            ::core::option::Option::take(&mut dd_carry),
        );
        ::adjoint::__private::accumulate_optional(&mut d_t_3_1, d_carry.take());
        if let ::core::option::Option::Some(g_t_3) = d_t_3_1.take() {
            let dd_taken_2 = ::core::option::Option::take(&mut dd_t_3);
            ::adjoint::__private::accumulate_optional(
                &mut dd_v1_2,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs_jvp(
                        &::adjoint::__private::Sub,
                        &g_t_3,
                        &v1_2,
                        &::adjoint::__private::literal_like(&v1_2, 0.5),
                        &t_3,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_v1_2),
                        ),
                        ::core::option::Option::None,
                        ::core::option::Option::as_ref(&dd_taken_2),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_v1_2_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs_owned(
                        &::adjoint::__private::Sub,
                        g_t_3,
                        &v1_2,
                        &::adjoint::__private::literal_like(&v1_2, 0.5),
                        &t_3,
                    ),
                ),
            );
        }
        dd_carry = ::core::option::Option::take(&mut dd_v1_2);
        d_carry = d_v1_2_1.take();
    }
    ::adjoint::__private::accumulate_optional(
        &mut dd_v1_1,
        ::core::option::Option::take(&mut dd_carry),
    );
    ::adjoint::__private::accumulate_optional(&mut d_v1_1_1, d_carry);
    if let ::core::option::Option::Some(dd_part) = ::core::option::Option::take(
        &mut dd_v3,
    ) {
        ::adjoint::__private::accumulate(
            &mut (*::adjoint::__private::adjoint_slot(&mut dd_v1_1, &v1_1))[0],
            dd_part,
        );
    }
    ::adjoint::__private::accumulate(
        &mut (*::adjoint::__private::adjoint_slot(&mut d_v1_1_1, &v1_1))[0],
        d_v3_1,
    );
    if let ::core::option::Option::Some((mut t_1, mut d_t_1)) = records.0 {
        let mut d_t_1_1 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_1,
            ::core::option::Option::take(&mut dd_v1_1),
        );
        ::adjoint::__private::accumulate_optional(&mut d_t_1_1, d_v1_1_1.take());
        if let ::core::option::Option::Some(g_t_1) = d_t_1_1.take() {
            let dd_taken_3 = ::core::option::Option::take(&mut dd_t_1);
            ::adjoint::__private::accumulate_optional(
                &mut dd_x2,
                ::core::option::Option::map(
                    ::core::option::Option::as_ref(&dd_taken_3),
                    |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                        __adjoint_dg,
                        &x2,
                        &t_1,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_x2_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::select::to_owned_vjp(&g_t_1, &x2, &t_1),
                ),
            );
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_t_1)))
                .recycle_it();
        }
    }
    if let ::core::option::Option::Some((mut t_2, mut d_t_2)) = records.1 {
        let mut d_t_2_1 = ::core::option::Option::None;
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_2,
            ::core::option::Option::take(&mut dd_v1_1),
        );
        ::adjoint::__private::accumulate_optional(&mut d_t_2_1, d_v1_1_1.take());
        if let ::core::option::Option::Some(g_t_2) = d_t_2_1.take() {
            let dd_taken_4 = ::core::option::Option::take(&mut dd_t_2);
            ::adjoint::__private::accumulate_optional(
                &mut dd_v1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs_jvp(
                        &::adjoint::__private::Add,
                        &g_t_2,
                        &v1,
                        &x3,
                        &t_2,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_v1),
                        ),
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_x3),
                        ),
                        ::core::option::Option::as_ref(&dd_taken_4),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut dd_x3,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_jvp(
                        &::adjoint::__private::Add,
                        &g_t_2,
                        &v1,
                        &x3,
                        &t_2,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_v1),
                        ),
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_x3),
                        ),
                        ::core::option::Option::as_ref(&dd_taken_4),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_v1_4,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_lhs(
                        &::adjoint::__private::Add,
                        &g_t_2,
                        &v1,
                        &x3,
                        &t_2,
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_x3_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::binary::vjp_rhs_owned(
                        &::adjoint::__private::Add,
                        g_t_2,
                        &v1,
                        &x3,
                        &t_2,
                    ),
                ),
            );
        }
    }
    if let ::core::option::Option::Some(g_v1) = d_v1_4.take() {
        let dd_taken_5 = ::core::option::Option::take(&mut dd_v1);
        ::adjoint::__private::accumulate_optional(
            &mut dd_x2,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_jvp(
                    &::adjoint::__private::Tanh,
                    &g_v1,
                    &x2,
                    &v1,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x2)),
                    ::core::option::Option::as_ref(&dd_taken_5),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut d_x2_1,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_owned(
                    &::adjoint::__private::Tanh,
                    g_v1,
                    &x2,
                    &v1,
                ),
            ),
        );
    }
    let gradient = (
        ::adjoint::__private::needed(::adjoint::__private::finish(d_x2_1, true, &x2)),
        ::adjoint::__private::needed(::adjoint::__private::finish(d_x3_1, true, &x3)),
    );
    (
        t_5,
        gradient,
        (
            ::adjoint::__private::needed(::adjoint::__private::finish(dd_x2, true, &x2)),
            ::adjoint::__private::needed(::adjoint::__private::finish(dd_x3, true, &x3)),
        ),
    )
}
#[allow(non_camel_case_types, dead_code)]
pub struct f {}
impl f {
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
    pub fn __adjoint_forward(
        x2: &Array1<f64>,
        x3: f64,
        flag: bool,
        steps: usize,
    ) -> (
        f64,
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (&&Array1<f64>, &f64, &bool, &usize),
                &f64,
                &f64,
                [bool; 4usize],
            ) -> (
                    ::core::option::Option<Array1<f64>>,
                    ::core::option::Option<f64>,
                    (),
                    (),
                ) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let v1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &x2);
        let (v1_1, records) = if (flag) {
            let t_1 = ::adjoint::__private::select::to_owned(&x2);
            let record = (
                ::core::option::Option::Some((::adjoint::__private::pass(&t_1),)),
                ::core::option::Option::None,
            );
            (t_1, record)
        } else {
            let t_2 = ::adjoint::__private::binary::forward_assign(
                &::adjoint::__private::Add,
                &v1,
                &x3,
            );
            let record_1 = (
                ::core::option::Option::None,
                ::core::option::Option::Some((::adjoint::__private::pass(&t_2),)),
            );
            (t_2, record_1)
        };
        let c = (0..steps);
        let mut stack = ::std::vec::Vec::new();
        let mut v1_2_carry = ::adjoint::__private::pass(&v1_1);
        for _ in c {
            let v1_2 = v1_2_carry;
            let t_3 = ::adjoint::__private::binary::forward_assign(
                &::adjoint::__private::Sub,
                &v1_2,
                &::adjoint::__private::literal_like(&v1_2, 0.5),
            );
            stack.push((v1_2, ::adjoint::__private::pass(&t_3)));
            v1_2_carry = t_3;
        }
        let v1_3 = v1_2_carry;
        let t_4 = ::adjoint::__private::reduce::sum(&v1_3);
        let t_5 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &t_4,
            &v1_1[0],
        );
        let pullback = ::adjoint::__private::Pullback(move |
            (x2, x3, flag, steps): (&&Array1<f64>, &f64, &bool, &usize),
            out: &f64,
            g: &f64,
            needs: [bool; 4usize],
        | -> (::core::option::Option<Array1<f64>>, ::core::option::Option<f64>, (), ()) {
            let x2 = *x2;
            let x3 = *x3;
            let flag = *flag;
            let steps = *steps;
            let t_5 = out;
            let mut d_x2 = ::core::option::Option::None;
            let mut d_x3 = ::core::option::Option::None;
            let mut d_v1 = ::core::option::Option::None;
            let mut d_v1_1 = ::core::option::Option::None;
            let mut d_v3 = ::core::option::Option::None;
            let mut d_v1_3 = ::core::option::Option::None;
            let mut d_t_4 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut d_t_4,
                if needs[0usize] || needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs(
                            &::adjoint::__private::Mul,
                            g,
                            &t_4,
                            &v1_1[0],
                            t_5,
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_v3,
                if needs[0usize] || needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs(
                            &::adjoint::__private::Mul,
                            g,
                            &t_4,
                            &v1_1[0],
                            t_5,
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            if let ::core::option::Option::Some(g_t_4) = d_t_4.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_v1_3,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::reduce::sum_vjp(&g_t_4, &v1_3, &t_4),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_t_4),
                ))
                    .recycle_it();
            }
            let mut d_carry = d_v1_3.take();
            while let ::core::option::Option::Some(record_2) = stack.pop() {
                let (mut v1_2, mut t_3) = record_2;
                let mut d_v1_2 = ::core::option::Option::None;
                let mut d_t_3 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(&mut d_t_3, d_carry.take());
                if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_v1_2,
                        if needs[0usize] || needs[1usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_lhs_owned(
                                    &::adjoint::__private::Sub,
                                    g_t_3,
                                    &v1_2,
                                    &::adjoint::__private::literal_like(&v1_2, 0.5),
                                    &t_3,
                                ),
                            )
                        } else {
                            ::core::option::Option::None
                        },
                    );
                }
                d_carry = d_v1_2.take();
            }
            ::adjoint::__private::accumulate_optional(&mut d_v1_1, d_carry);
            if let ::core::option::Option::Some(g_v3) = d_v3.take() {
                ::adjoint::__private::accumulate(
                    &mut (*::adjoint::__private::adjoint_slot(&mut d_v1_1, &v1_1))[0],
                    g_v3,
                );
            }
            if let ::core::option::Option::Some((mut t_1,)) = records.0 {
                let mut d_t_1 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(&mut d_t_1, d_v1_1.take());
                if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x2,
                        if needs[0usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::select::to_owned_vjp(
                                    &g_t_1,
                                    &x2,
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
            }
            if let ::core::option::Option::Some((mut t_2,)) = records.1 {
                let mut d_t_2 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(&mut d_t_2, d_v1_1.take());
                if let ::core::option::Option::Some(g_t_2) = d_t_2.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_v1,
                        if needs[0usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_lhs(
                                    &::adjoint::__private::Add,
                                    &g_t_2,
                                    &v1,
                                    &x3,
                                    &t_2,
                                ),
                            )
                        } else {
                            ::core::option::Option::None
                        },
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x3,
                        if needs[1usize] {
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_owned(
                                    &::adjoint::__private::Add,
                                    g_t_2,
                                    &v1,
                                    &x3,
                                    &t_2,
                                ),
                            )
                        } else {
                            ::core::option::Option::None
                        },
                    );
                }
            }
            if let ::core::option::Option::Some(g_v1) = d_v1.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x2,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::unary::vjp_owned(
                                &::adjoint::__private::Tanh,
                                g_v1,
                                &x2,
                                &v1,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            (
                ::adjoint::__private::finish(d_x2, needs[0usize], &x2),
                ::adjoint::__private::finish(d_x3, needs[1usize], &x3),
                (),
                (),
            )
        });
        (t_5, pullback)
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
    pub fn __adjoint_jvp(
        x2: &Array1<f64>,
        x3: f64,
        flag: bool,
        steps: usize,
        tangents: (
            ::core::option::Option<&Array1<f64>>,
            ::core::option::Option<&f64>,
            ::core::option::Option<&()>,
            ::core::option::Option<&()>,
        ),
    ) -> (f64, f64) {
        let (given_0, given_1, given_2, given_3) = tangents;
        let zero_x2;
        let d_x2 = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x2 = ::adjoint::__private::zero_tangent(&x2);
                &zero_x2
            }
        };
        let d_x3 = match given_1 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&x3),
        };
        {
            let v1 = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Tanh,
                &x2,
            );
            let d_v1 = ::adjoint::__private::unary::jvp(
                &::adjoint::__private::Tanh,
                &x2,
                &v1,
                &d_x2,
            );
            let (v1_1, d_v1_1) = if (flag) {
                let t_1 = ::adjoint::__private::select::to_owned(&x2);
                let d_t_1 = ::adjoint::__private::select::to_owned_jvp(&x2, &t_1, &d_x2);
                (t_1, d_t_1)
            } else {
                let t_2 = ::adjoint::__private::binary::forward_assign(
                    &::adjoint::__private::Add,
                    &v1,
                    &x3,
                );
                let d_t_2 = ::adjoint::__private::binary::jvp(
                    &::adjoint::__private::Add,
                    &v1,
                    &x3,
                    &t_2,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x3)),
                );
                (t_2, d_t_2)
            };
            let c = (0..steps);
            let mut v1_2_carry = v1_1;
            let mut d_v1_2_carry = d_v1_1;
            for _ in c {
                let v1_2 = v1_2_carry;
                let d_v1_2 = d_v1_2_carry;
                let t_3 = ::adjoint::__private::binary::forward_assign(
                    &::adjoint::__private::Sub,
                    &v1_2,
                    &::adjoint::__private::literal_like(&v1_2, 0.5),
                );
                let d_t_3 = ::adjoint::__private::binary::jvp(
                    &::adjoint::__private::Sub,
                    &v1_2,
                    &::adjoint::__private::literal_like(&v1_2, 0.5),
                    &t_3,
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_v1_2),
                    ),
                    ::core::option::Option::None,
                );
                v1_2_carry = t_3;
                d_v1_2_carry = d_t_3;
            }
            let v1_3 = v1_2_carry;
            let d_v1_3 = d_v1_2_carry;
            let t_4 = ::adjoint::__private::reduce::sum(&v1_3);
            let d_t_4 = ::adjoint::__private::reduce::sum_jvp(&v1_3, &t_4, &d_v1_3);
            let t_5 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &t_4,
                &v1_1[0],
            );
            let d_t_5 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &t_4,
                &v1_1[0],
                &t_5,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1_1[0])),
            );
            let tangent = d_t_5;
            (t_5, tangent)
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
    pub fn __adjoint_hvp(
        (arg_0, arg_1, arg_2, arg_3): (&&Array1<f64>, &f64, &bool, &usize),
        tangents: (
            ::core::option::Option<&Array1<f64>>,
            ::core::option::Option<&f64>,
            ::core::option::Option<&()>,
            ::core::option::Option<&()>,
        ),
        g: &f64,
        dg: ::core::option::Option<&f64>,
        needs: [bool; 4usize],
    ) -> (
        (::core::option::Option<Array1<f64>>, ::core::option::Option<f64>, (), ()),
        (::core::option::Option<Array1<f64>>, ::core::option::Option<f64>, (), ()),
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let x2 = ::core::clone::Clone::clone(arg_0);
        let x3 = ::core::clone::Clone::clone(arg_1);
        let flag = ::core::clone::Clone::clone(arg_2);
        let steps = ::core::clone::Clone::clone(arg_3);
        let (given_0, given_1, given_2, given_3) = tangents;
        let zero_x2;
        let d_x2 = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x2 = ::adjoint::__private::zero_tangent(&x2);
                &zero_x2
            }
        };
        let d_x3 = match given_1 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&x3),
        };
        let v1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &x2);
        let d_v1 = ::adjoint::__private::unary::jvp(
            &::adjoint::__private::Tanh,
            &x2,
            &v1,
            &d_x2,
        );
        let (v1_1, d_v1_1, records) = if (flag) {
            let t_1 = ::adjoint::__private::select::to_owned(&x2);
            let d_t_1 = ::adjoint::__private::select::to_owned_jvp(&x2, &t_1, &d_x2);
            let record = (
                ::core::option::Option::Some((
                    ::adjoint::__private::pass(&t_1),
                    ::adjoint::__private::pass(&d_t_1),
                )),
                ::core::option::Option::None,
            );
            (t_1, d_t_1, record)
        } else {
            let t_2 = ::adjoint::__private::binary::forward_assign(
                &::adjoint::__private::Add,
                &v1,
                &x3,
            );
            let d_t_2 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Add,
                &v1,
                &x3,
                &t_2,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x3)),
            );
            let record_1 = (
                ::core::option::Option::None,
                ::core::option::Option::Some((
                    ::adjoint::__private::pass(&t_2),
                    ::adjoint::__private::pass(&d_t_2),
                )),
            );
            (t_2, d_t_2, record_1)
        };
        let c = (0..steps);
        let mut stack = ::std::vec::Vec::new();
        let mut v1_2_carry = ::adjoint::__private::pass(&v1_1);
        let mut d_v1_2_carry = ::adjoint::__private::pass(&d_v1_1);
        for _ in c {
            let v1_2 = v1_2_carry;
            let d_v1_2 = d_v1_2_carry;
            let t_3 = ::adjoint::__private::binary::forward_assign(
                &::adjoint::__private::Sub,
                &v1_2,
                &::adjoint::__private::literal_like(&v1_2, 0.5),
            );
            let d_t_3 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Sub,
                &v1_2,
                &::adjoint::__private::literal_like(&v1_2, 0.5),
                &t_3,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1_2)),
                ::core::option::Option::None,
            );
            stack
                .push((
                    v1_2,
                    d_v1_2,
                    ::adjoint::__private::pass(&t_3),
                    ::adjoint::__private::pass(&d_t_3),
                ));
            v1_2_carry = t_3;
            d_v1_2_carry = d_t_3;
        }
        let v1_3 = v1_2_carry;
        let d_v1_3 = d_v1_2_carry;
        let t_4 = ::adjoint::__private::reduce::sum(&v1_3);
        let d_t_4 = ::adjoint::__private::reduce::sum_jvp(&v1_3, &t_4, &d_v1_3);
        let t_5 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &t_4,
            &v1_1[0],
        );
        let d_t_5 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &t_4,
            &v1_1[0],
            &t_5,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v1_1[0])),
        );
        let mut dd_x2 = ::core::option::Option::None;
        let mut dd_x3 = ::core::option::Option::None;
        let mut dd_v1 = ::core::option::Option::None;
        let mut dd_t_1 = ::core::option::Option::None;
        let mut dd_t_2 = ::core::option::Option::None;
        let mut dd_v1_1 = ::core::option::Option::None;
        let mut dd_v3 = ::core::option::Option::None;
        let mut dd_v1_2 = ::core::option::Option::None;
        let mut dd_t_3 = ::core::option::Option::None;
        let mut dd_v1_3 = ::core::option::Option::None;
        let mut dd_t_4 = ::core::option::Option::None;
        let mut dd_t_5 = ::core::option::Option::None;
        dd_t_5 = ::core::option::Option::map(dg, ::core::clone::Clone::clone);
        let mut d_x2_1 = ::core::option::Option::None;
        let mut d_x3_1 = ::core::option::Option::None;
        let mut d_v1_4 = ::core::option::Option::None;
        let mut d_v1_1_1 = ::core::option::Option::None;
        let mut d_v1_3_1 = ::core::option::Option::None;
        let dd_taken = ::core::option::Option::take(&mut dd_t_5);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_4,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Mul,
                    g,
                    &t_4,
                    &v1_1[0],
                    &t_5,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_v1_1[0]),
                    ),
                    ::core::option::Option::as_ref(&dd_taken),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_v3,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Mul,
                    g,
                    &t_4,
                    &v1_1[0],
                    &t_5,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_4)),
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_v1_1[0]),
                    ),
                    ::core::option::Option::as_ref(&dd_taken),
                ),
            ),
        );
        let d_t_4_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Mul,
            g,
            &t_4,
            &v1_1[0],
            &t_5,
        );
        let d_v3_1 = ::adjoint::__private::binary::vjp_rhs(
            &::adjoint::__private::Mul,
            g,
            &t_4,
            &v1_1[0],
            &t_5,
        );
        let dd_taken_1 = ::core::option::Option::take(&mut dd_t_4);
        ::adjoint::__private::accumulate_optional(
            &mut dd_v1_3,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken_1),
                |__adjoint_dg| ::adjoint::__private::reduce::sum_vjp(
                    __adjoint_dg,
                    &v1_3,
                    &t_4,
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut d_v1_3_1,
            ::core::option::Option::Some(
                ::adjoint::__private::reduce::sum_vjp(&d_t_4_1, &v1_3, &t_4),
            ),
        );
        let mut dd_carry = ::core::option::Option::None;
        dd_carry = ::core::option::Option::take(&mut dd_v1_3);
        let mut d_carry = d_v1_3_1.take();
        while let ::core::option::Option::Some(record_2) = stack.pop() {
            let (mut v1_2, mut d_v1_2, mut t_3, mut d_t_3) = record_2;
            let mut d_v1_2_1 = ::core::option::Option::None;
            let mut d_t_3_1 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut dd_t_3,
                ::core::option::Option::take(&mut dd_carry),
            );
            ::adjoint::__private::accumulate_optional(&mut d_t_3_1, d_carry.take());
            if let ::core::option::Option::Some(g_t_3) = d_t_3_1.take() {
                let dd_taken_2 = ::core::option::Option::take(&mut dd_t_3);
                ::adjoint::__private::accumulate_optional(
                    &mut dd_v1_2,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs_jvp(
                            &::adjoint::__private::Sub,
                            &g_t_3,
                            &v1_2,
                            &::adjoint::__private::literal_like(&v1_2, 0.5),
                            &t_3,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_v1_2),
                            ),
                            ::core::option::Option::None,
                            ::core::option::Option::as_ref(&dd_taken_2),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_v1_2_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs_owned(
                            &::adjoint::__private::Sub,
                            g_t_3,
                            &v1_2,
                            &::adjoint::__private::literal_like(&v1_2, 0.5),
                            &t_3,
                        ),
                    ),
                );
            }
            dd_carry = ::core::option::Option::take(&mut dd_v1_2);
            d_carry = d_v1_2_1.take();
        }
        ::adjoint::__private::accumulate_optional(
            &mut dd_v1_1,
            ::core::option::Option::take(&mut dd_carry),
        );
        ::adjoint::__private::accumulate_optional(&mut d_v1_1_1, d_carry);
        if let ::core::option::Option::Some(dd_part) = ::core::option::Option::take(
            &mut dd_v3,
        ) {
            ::adjoint::__private::accumulate(
                &mut (*::adjoint::__private::adjoint_slot(&mut dd_v1_1, &v1_1))[0],
                dd_part,
            );
        }
        ::adjoint::__private::accumulate(
            &mut (*::adjoint::__private::adjoint_slot(&mut d_v1_1_1, &v1_1))[0],
            d_v3_1,
        );
        if let ::core::option::Option::Some((mut t_1, mut d_t_1)) = records.0 {
            let mut d_t_1_1 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut dd_t_1,
                ::core::option::Option::take(&mut dd_v1_1),
            );
            ::adjoint::__private::accumulate_optional(&mut d_t_1_1, d_v1_1_1.take());
            if let ::core::option::Option::Some(g_t_1) = d_t_1_1.take() {
                let dd_taken_3 = ::core::option::Option::take(&mut dd_t_1);
                ::adjoint::__private::accumulate_optional(
                    &mut dd_x2,
                    ::core::option::Option::map(
                        ::core::option::Option::as_ref(&dd_taken_3),
                        |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                            __adjoint_dg,
                            &x2,
                            &t_1,
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_x2_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::select::to_owned_vjp(&g_t_1, &x2, &t_1),
                    ),
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_t_1),
                ))
                    .recycle_it();
            }
        }
        if let ::core::option::Option::Some((mut t_2, mut d_t_2)) = records.1 {
            let mut d_t_2_1 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut dd_t_2,
                ::core::option::Option::take(&mut dd_v1_1),
            );
            ::adjoint::__private::accumulate_optional(&mut d_t_2_1, d_v1_1_1.take());
            if let ::core::option::Option::Some(g_t_2) = d_t_2_1.take() {
                let dd_taken_4 = ::core::option::Option::take(&mut dd_t_2);
                ::adjoint::__private::accumulate_optional(
                    &mut dd_v1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs_jvp(
                            &::adjoint::__private::Add,
                            &g_t_2,
                            &v1,
                            &x3,
                            &t_2,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_v1),
                            ),
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_x3),
                            ),
                            ::core::option::Option::as_ref(&dd_taken_4),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut dd_x3,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_jvp(
                            &::adjoint::__private::Add,
                            &g_t_2,
                            &v1,
                            &x3,
                            &t_2,
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_v1),
                            ),
                            ::core::option::Option::Some(
                                ::core::borrow::Borrow::borrow(&d_x3),
                            ),
                            ::core::option::Option::as_ref(&dd_taken_4),
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_v1_4,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_lhs(
                            &::adjoint::__private::Add,
                            &g_t_2,
                            &v1,
                            &x3,
                            &t_2,
                        ),
                    ),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_x3_1,
                    ::core::option::Option::Some(
                        ::adjoint::__private::binary::vjp_rhs_owned(
                            &::adjoint::__private::Add,
                            g_t_2,
                            &v1,
                            &x3,
                            &t_2,
                        ),
                    ),
                );
            }
        }
        if let ::core::option::Option::Some(g_v1) = d_v1_4.take() {
            let dd_taken_5 = ::core::option::Option::take(&mut dd_v1);
            ::adjoint::__private::accumulate_optional(
                &mut dd_x2,
                ::core::option::Option::Some(
                    ::adjoint::__private::unary::vjp_jvp(
                        &::adjoint::__private::Tanh,
                        &g_v1,
                        &x2,
                        &v1,
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_x2),
                        ),
                        ::core::option::Option::as_ref(&dd_taken_5),
                    ),
                ),
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_x2_1,
                ::core::option::Option::Some(
                    ::adjoint::__private::unary::vjp_owned(
                        &::adjoint::__private::Tanh,
                        g_v1,
                        &x2,
                        &v1,
                    ),
                ),
            );
        }
        (
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(d_x2_1, true, &x2),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(d_x3_1, true, &x3),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                (),
                (),
            ),
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_x2, true, &x2),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_x3, true, &x3),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                (),
                (),
            ),
        )
    }
}

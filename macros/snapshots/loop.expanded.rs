#[allow(dead_code)]
fn newton_sqrt(a: f64) -> f64 {
    let mut x = a;
    let mut i = 0;
    while i < 50 {
        let next = 0.5 * (x + a / x);
        if (next - x).abs() < 1e-12 {
            break;
        }
        x = next;
        i += 1;
    }
    x
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
fn newton_sqrt_grad(a: f64) -> (f64, f64) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let mut i_1 = 0;
    let mut stopped_1 = (!(i_1 < 50));
    let mut stack = ::std::vec::Vec::new();
    let mut stopped_2_carry = stopped_1;
    let mut x_1_carry = ::adjoint::__private::pass(&a);
    let mut i_carry = i_1;
    loop {
        let stopped_2 = stopped_2_carry;
        let x_1 = x_1_carry;
        let i = i_carry;
        if !(!stopped_2) {
            stack
                .push((
                    (::adjoint::__private::pass(&x_1),),
                    ::core::option::Option::None,
                ));
            stopped_2_carry = stopped_2;
            x_1_carry = x_1;
            i_carry = i;
            break;
        }
        let t = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Div,
            &a,
            &x_1,
        );
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &x_1,
            &t,
        );
        let next = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_1, 0.5),
            &t_1,
        );
        let (stopped_5, x_2, i_3, records) = if ((next - x_1).abs() < 1e-12) {
            let stopped_3 = true;
            let copied = ::adjoint::__private::pass(&x_1);
            let record = (
                ::core::option::Option::Some(()),
                ::core::option::Option::None,
            );
            (stopped_3, copied, i, record)
        } else {
            let i_2 = ((i) + (1));
            let stopped_4 = (!(i_2 < 50));
            let copied_1 = ::adjoint::__private::pass(&next);
            let record_1 = (
                ::core::option::Option::None,
                ::core::option::Option::Some(()),
            );
            (stopped_4, copied_1, i_2, record_1)
        };
        stack.push(((x_1,), ::core::option::Option::Some((t, t_1, next, records))));
        stopped_2_carry = stopped_5;
        x_1_carry = x_2;
        i_carry = i_3;
    }
    let stopped_6 = stopped_2_carry;
    let x_3 = x_1_carry;
    let i_4 = i_carry;
    let mut d_x_3 = ::core::option::Option::Some::<f64>(::adjoint::__private::one());
    let mut d_a = ::core::option::Option::None;
    let mut d_carry = d_x_3.take();
    while let ::core::option::Option::Some(record_2) = stack.pop() {
        let ((mut x_1,), rest) = record_2;
        let mut d_x_1 = ::core::option::Option::None;
        match rest {
            ::core::option::Option::Some((mut t, mut t_1, mut next, mut records)) => {
                let mut d_t = ::core::option::Option::None;
                let mut d_t_1 = ::core::option::Option::None;
                let mut d_next = ::core::option::Option::None;
                let mut d_x_2 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(&mut d_x_2, d_carry.take());
                if let ::core::option::Option::Some(()) = records.0 {
                    ::adjoint::__private::accumulate_optional(&mut d_x_1, d_x_2.take());
                }
                if let ::core::option::Option::Some(()) = records.1 {
                    ::adjoint::__private::accumulate_optional(&mut d_next, d_x_2.take());
                }
                if let ::core::option::Option::Some(g_next) = d_next.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_next,
                                &::adjoint::__private::literal_like(&t_1, 0.5),
                                &t_1,
                                &next,
                            ),
                        ),
                    );
                }
                if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Add,
                                &g_t_1,
                                &x_1,
                                &t,
                                &t_1,
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Add,
                                g_t_1,
                                &x_1,
                                &t,
                                &t_1,
                            ),
                        ),
                    );
                }
                if let ::core::option::Option::Some(g_t) = d_t.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_a,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Div,
                                &g_t,
                                &a,
                                &x_1,
                                &t,
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Div,
                                g_t,
                                &a,
                                &x_1,
                                &t,
                            ),
                        ),
                    );
                }
            }
            ::core::option::Option::None => {
                ::adjoint::__private::accumulate_optional(&mut d_x_1, d_carry.take());
            }
        }
        d_carry = d_x_1.take();
    }
    ::adjoint::__private::accumulate_optional(&mut d_a, d_carry);
    (x_3, ::adjoint::__private::needed(::adjoint::__private::finish(d_a, true, &a)))
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
fn newton_sqrt_grad_into_with(
    a: f64,
    grads: &mut f64,
    workspace: &mut ::adjoint::Workspace,
    hook: &mut impl ::adjoint::GradientHook,
) -> f64 {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    ::adjoint::__private::check_tangent::<
        f64,
    >("newton_sqrt_grad_into", "grads", "a", &a, &*grads);
    let installed = ::adjoint::__private::install(workspace);
    {
        let (value, gradient) = {
            #[allow(unused_imports)]
            use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
            let mut i_1 = 0;
            let mut stopped_1 = (!(i_1 < 50));
            let mut stack = ::std::vec::Vec::new();
            let mut stopped_2_carry = stopped_1;
            let mut x_1_carry = ::adjoint::__private::pass(&a);
            let mut i_carry = i_1;
            loop {
                let stopped_2 = stopped_2_carry;
                let x_1 = x_1_carry;
                let i = i_carry;
                if !(!stopped_2) {
                    stack
                        .push((
                            (::adjoint::__private::pass(&x_1),),
                            ::core::option::Option::None,
                        ));
                    stopped_2_carry = stopped_2;
                    x_1_carry = x_1;
                    i_carry = i;
                    break;
                }
                let t = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Div,
                    &a,
                    &x_1,
                );
                let t_1 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Add,
                    &x_1,
                    &t,
                );
                let next = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Mul,
                    &::adjoint::__private::literal_like(&t_1, 0.5),
                    &t_1,
                );
                let (stopped_5, x_2, i_3, records) = if ((next - x_1).abs() < 1e-12) {
                    let stopped_3 = true;
                    let copied = ::adjoint::__private::pass(&x_1);
                    let record = (
                        ::core::option::Option::Some(()),
                        ::core::option::Option::None,
                    );
                    (stopped_3, copied, i, record)
                } else {
                    let i_2 = ((i) + (1));
                    let stopped_4 = (!(i_2 < 50));
                    let copied_1 = ::adjoint::__private::pass(&next);
                    let record_1 = (
                        ::core::option::Option::None,
                        ::core::option::Option::Some(()),
                    );
                    (stopped_4, copied_1, i_2, record_1)
                };
                stack
                    .push((
                        (x_1,),
                        ::core::option::Option::Some((t, t_1, next, records)),
                    ));
                stopped_2_carry = stopped_5;
                x_1_carry = x_2;
                i_carry = i_3;
            }
            let stopped_6 = stopped_2_carry;
            let x_3 = x_1_carry;
            let i_4 = i_carry;
            let mut d_x_3 = ::core::option::Option::Some::<
                f64,
            >(::adjoint::__private::one());
            let mut d_a = ::core::option::Option::None;
            let mut d_carry = d_x_3.take();
            while let ::core::option::Option::Some(record_2) = stack.pop() {
                let ((mut x_1,), rest) = record_2;
                let mut d_x_1 = ::core::option::Option::None;
                match rest {
                    ::core::option::Option::Some(
                        (mut t, mut t_1, mut next, mut records),
                    ) => {
                        let mut d_t = ::core::option::Option::None;
                        let mut d_t_1 = ::core::option::Option::None;
                        let mut d_next = ::core::option::Option::None;
                        let mut d_x_2 = ::core::option::Option::None;
                        ::adjoint::__private::accumulate_optional(
                            &mut d_x_2,
                            d_carry.take(),
                        );
                        if let ::core::option::Option::Some(()) = records.0 {
                            ::adjoint::__private::accumulate_optional(
                                &mut d_x_1,
                                d_x_2.take(),
                            );
                        }
                        if let ::core::option::Option::Some(()) = records.1 {
                            ::adjoint::__private::accumulate_optional(
                                &mut d_next,
                                d_x_2.take(),
                            );
                        }
                        if let ::core::option::Option::Some(g_next) = d_next.take() {
                            ::adjoint::__private::accumulate_optional(
                                &mut d_t_1,
                                ::core::option::Option::Some(
                                    ::adjoint::__private::binary::vjp_rhs_owned(
                                        &::adjoint::__private::Mul,
                                        g_next,
                                        &::adjoint::__private::literal_like(&t_1, 0.5),
                                        &t_1,
                                        &next,
                                    ),
                                ),
                            );
                        }
                        if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
                            ::adjoint::__private::accumulate_optional(
                                &mut d_x_1,
                                ::core::option::Option::Some(
                                    ::adjoint::__private::binary::vjp_lhs(
                                        &::adjoint::__private::Add,
                                        &g_t_1,
                                        &x_1,
                                        &t,
                                        &t_1,
                                    ),
                                ),
                            );
                            ::adjoint::__private::accumulate_optional(
                                &mut d_t,
                                ::core::option::Option::Some(
                                    ::adjoint::__private::binary::vjp_rhs_owned(
                                        &::adjoint::__private::Add,
                                        g_t_1,
                                        &x_1,
                                        &t,
                                        &t_1,
                                    ),
                                ),
                            );
                        }
                        if let ::core::option::Option::Some(g_t) = d_t.take() {
                            ::adjoint::__private::accumulate_optional(
                                &mut d_a,
                                ::core::option::Option::Some(
                                    ::adjoint::__private::binary::vjp_lhs(
                                        &::adjoint::__private::Div,
                                        &g_t,
                                        &a,
                                        &x_1,
                                        &t,
                                    ),
                                ),
                            );
                            ::adjoint::__private::accumulate_optional(
                                &mut d_x_1,
                                ::core::option::Option::Some(
                                    ::adjoint::__private::binary::vjp_rhs_owned(
                                        &::adjoint::__private::Div,
                                        g_t,
                                        &a,
                                        &x_1,
                                        &t,
                                    ),
                                ),
                            );
                        }
                    }
                    ::core::option::Option::None => {
                        ::adjoint::__private::accumulate_optional(
                            &mut d_x_1,
                            d_carry.take(),
                        );
                    }
                }
                d_carry = d_x_1.take();
            }
            ::adjoint::__private::accumulate_optional(&mut d_a, d_carry);
            (
                x_3,
                ::adjoint::__private::needed(::adjoint::__private::finish(d_a, true, &a)),
            )
        };
        ::adjoint::__private::accumulate(&mut *grads, gradient);
        hook.part_final(&*grads);
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
fn newton_sqrt_grad_into(
    a: f64,
    grads: &mut f64,
    workspace: &mut ::adjoint::Workspace,
) -> f64 {
    newton_sqrt_grad_into_with(a, grads, workspace, &mut ())
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
fn newton_sqrt_vjp(a: f64, cotangent: &f64) -> (f64, f64) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let mut i_1 = 0;
    let mut stopped_1 = (!(i_1 < 50));
    let mut stack = ::std::vec::Vec::new();
    let mut stopped_2_carry = stopped_1;
    let mut x_1_carry = ::adjoint::__private::pass(&a);
    let mut i_carry = i_1;
    loop {
        let stopped_2 = stopped_2_carry;
        let x_1 = x_1_carry;
        let i = i_carry;
        if !(!stopped_2) {
            stack
                .push((
                    (::adjoint::__private::pass(&x_1),),
                    ::core::option::Option::None,
                ));
            stopped_2_carry = stopped_2;
            x_1_carry = x_1;
            i_carry = i;
            break;
        }
        let t = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Div,
            &a,
            &x_1,
        );
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &x_1,
            &t,
        );
        let next = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_1, 0.5),
            &t_1,
        );
        let (stopped_5, x_2, i_3, records) = if ((next - x_1).abs() < 1e-12) {
            let stopped_3 = true;
            let copied = ::adjoint::__private::pass(&x_1);
            let record = (
                ::core::option::Option::Some(()),
                ::core::option::Option::None,
            );
            (stopped_3, copied, i, record)
        } else {
            let i_2 = ((i) + (1));
            let stopped_4 = (!(i_2 < 50));
            let copied_1 = ::adjoint::__private::pass(&next);
            let record_1 = (
                ::core::option::Option::None,
                ::core::option::Option::Some(()),
            );
            (stopped_4, copied_1, i_2, record_1)
        };
        stack.push(((x_1,), ::core::option::Option::Some((t, t_1, next, records))));
        stopped_2_carry = stopped_5;
        x_1_carry = x_2;
        i_carry = i_3;
    }
    let stopped_6 = stopped_2_carry;
    let x_3 = x_1_carry;
    let i_4 = i_carry;
    ::adjoint::__private::check_tangent::<
        f64,
    >("newton_sqrt_vjp", "cotangent", "newton_sqrt(..)", &x_3, cotangent);
    let mut d_a = ::core::option::Option::None;
    let mut d_carry = ::core::option::Option::Some(
        ::core::clone::Clone::clone(cotangent),
    );
    while let ::core::option::Option::Some(record_2) = stack.pop() {
        let ((mut x_1,), rest) = record_2;
        let mut d_x_1 = ::core::option::Option::None;
        match rest {
            ::core::option::Option::Some((mut t, mut t_1, mut next, mut records)) => {
                let mut d_t = ::core::option::Option::None;
                let mut d_t_1 = ::core::option::Option::None;
                let mut d_next = ::core::option::Option::None;
                let mut d_x_2 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(&mut d_x_2, d_carry.take());
                if let ::core::option::Option::Some(()) = records.0 {
                    ::adjoint::__private::accumulate_optional(&mut d_x_1, d_x_2.take());
                }
                if let ::core::option::Option::Some(()) = records.1 {
                    ::adjoint::__private::accumulate_optional(&mut d_next, d_x_2.take());
                }
                if let ::core::option::Option::Some(g_next) = d_next.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_next,
                                &::adjoint::__private::literal_like(&t_1, 0.5),
                                &t_1,
                                &next,
                            ),
                        ),
                    );
                }
                if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Add,
                                &g_t_1,
                                &x_1,
                                &t,
                                &t_1,
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Add,
                                g_t_1,
                                &x_1,
                                &t,
                                &t_1,
                            ),
                        ),
                    );
                }
                if let ::core::option::Option::Some(g_t) = d_t.take() {
                    ::adjoint::__private::accumulate_optional(
                        &mut d_a,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Div,
                                &g_t,
                                &a,
                                &x_1,
                                &t,
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Div,
                                g_t,
                                &a,
                                &x_1,
                                &t,
                            ),
                        ),
                    );
                }
            }
            ::core::option::Option::None => {
                ::adjoint::__private::accumulate_optional(&mut d_x_1, d_carry.take());
            }
        }
        d_carry = d_x_1.take();
    }
    ::adjoint::__private::accumulate_optional(&mut d_a, d_carry);
    (x_3, ::adjoint::__private::needed(::adjoint::__private::finish(d_a, true, &a)))
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
fn newton_sqrt_jvp(a: f64, d_a: f64) -> (f64, f64) {
    let mut i_1 = 0;
    let mut stopped_1 = (!(i_1 < 50));
    let mut stopped_2_carry = stopped_1;
    let mut x_1_carry = ::adjoint::__private::pass(&a);
    let mut i_carry = i_1;
    let mut d_x_1_carry = ::adjoint::__private::pass(&d_a);
    loop {
        let stopped_2 = stopped_2_carry;
        let x_1 = x_1_carry;
        let i = i_carry;
        let d_x_1 = d_x_1_carry;
        if !(!stopped_2) {
            stopped_2_carry = stopped_2;
            x_1_carry = x_1;
            i_carry = i;
            d_x_1_carry = d_x_1;
            break;
        }
        let t = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Div,
            &a,
            &x_1,
        );
        let d_t = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Div,
            &a,
            &x_1,
            &t,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_a)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x_1)),
        );
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &x_1,
            &t,
        );
        let d_t_1 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Add,
            &x_1,
            &t,
            &t_1,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x_1)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
        );
        let next = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_1, 0.5),
            &t_1,
        );
        let d_next = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_1, 0.5),
            &t_1,
            &next,
            ::core::option::Option::None,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
        );
        let (stopped_5, x_2, i_3, d_x_2) = if ((next - x_1).abs() < 1e-12) {
            let stopped_3 = true;
            let copied = ::adjoint::__private::pass(&x_1);
            let copied_1 = ::adjoint::__private::pass(&d_x_1);
            (stopped_3, copied, i, copied_1)
        } else {
            let i_2 = ((i) + (1));
            let stopped_4 = (!(i_2 < 50));
            let copied_2 = ::adjoint::__private::pass(&next);
            let copied_3 = ::adjoint::__private::pass(&d_next);
            (stopped_4, copied_2, i_2, copied_3)
        };
        stopped_2_carry = stopped_5;
        x_1_carry = x_2;
        i_carry = i_3;
        d_x_1_carry = d_x_2;
    }
    let stopped_6 = stopped_2_carry;
    let x_3 = x_1_carry;
    let i_4 = i_carry;
    let d_x_3 = d_x_1_carry;
    let tangent = d_x_3;
    (x_3, tangent)
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
fn newton_sqrt_hvp(a: f64, d_a: f64) -> (f64, f64, f64) {
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    let mut i_1 = 0;
    let mut stopped_1 = (!(i_1 < 50));
    let mut stack = ::std::vec::Vec::new();
    let mut stopped_2_carry = stopped_1;
    let mut x_1_carry = ::adjoint::__private::pass(&a);
    let mut i_carry = i_1;
    let mut d_x_1_carry = ::adjoint::__private::pass(&d_a);
    loop {
        let stopped_2 = stopped_2_carry;
        let x_1 = x_1_carry;
        let i = i_carry;
        let d_x_1 = d_x_1_carry;
        if !(!stopped_2) {
            stack
                .push((
                    (
                        ::adjoint::__private::pass(&x_1),
                        ::adjoint::__private::pass(&d_x_1),
                    ),
                    ::core::option::Option::None,
                ));
            stopped_2_carry = stopped_2;
            x_1_carry = x_1;
            i_carry = i;
            d_x_1_carry = d_x_1;
            break;
        }
        let t = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Div,
            &a,
            &x_1,
        );
        let d_t = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Div,
            &a,
            &x_1,
            &t,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_a)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x_1)),
        );
        let t_1 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &x_1,
            &t,
        );
        let d_t_1 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Add,
            &x_1,
            &t,
            &t_1,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x_1)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
        );
        let next = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_1, 0.5),
            &t_1,
        );
        let d_next = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &::adjoint::__private::literal_like(&t_1, 0.5),
            &t_1,
            &next,
            ::core::option::Option::None,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
        );
        let (stopped_5, x_2, i_3, d_x_2, records) = if ((next - x_1).abs() < 1e-12) {
            let stopped_3 = true;
            let copied = ::adjoint::__private::pass(&x_1);
            let copied_1 = ::adjoint::__private::pass(&d_x_1);
            let record = (
                ::core::option::Option::Some(()),
                ::core::option::Option::None,
            );
            (stopped_3, copied, i, copied_1, record)
        } else {
            let i_2 = ((i) + (1));
            let stopped_4 = (!(i_2 < 50));
            let copied_2 = ::adjoint::__private::pass(&next);
            let copied_3 = ::adjoint::__private::pass(&d_next);
            let record_1 = (
                ::core::option::Option::None,
                ::core::option::Option::Some(()),
            );
            (stopped_4, copied_2, i_2, copied_3, record_1)
        };
        stack
            .push((
                (x_1, d_x_1),
                ::core::option::Option::Some((
                    t,
                    d_t,
                    t_1,
                    d_t_1,
                    next,
                    d_next,
                    ::adjoint::__private::pass(&d_x_2),
                    records,
                )),
            ));
        stopped_2_carry = stopped_5;
        x_1_carry = x_2;
        i_carry = i_3;
        d_x_1_carry = d_x_2;
    }
    let stopped_6 = stopped_2_carry;
    let x_3 = x_1_carry;
    let i_4 = i_carry;
    let d_x_3 = d_x_1_carry;
    let mut dd_a = ::core::option::Option::None;
    let mut dd_x_1 = ::core::option::Option::None;
    let mut dd_t = ::core::option::Option::None;
    let mut dd_t_1 = ::core::option::Option::None;
    let mut dd_next = ::core::option::Option::None;
    let mut dd_x_2 = ::core::option::Option::None;
    let mut dd_x_3 = ::core::option::Option::None;
    let mut d_x_3_1 = ::core::option::Option::Some::<f64>(::adjoint::__private::one());
    let mut d_a_1 = ::core::option::Option::None;
    let mut dd_carry = ::core::option::Option::None;
    dd_carry = ::core::option::Option::take(&mut dd_x_3);
    let mut d_carry = d_x_3_1.take();
    while let ::core::option::Option::Some(record_2) = stack.pop() {
        let ((mut x_1, mut d_x_1), rest) = record_2;
        let mut d_x_1_1 = ::core::option::Option::None;
        match rest {
            ::core::option::Option::Some(
                (
                    mut t,
                    mut d_t,
                    mut t_1,
                    mut d_t_1,
                    mut next,
                    mut d_next,
                    mut d_x_2,
                    mut records,
                ),
            ) => {
                let mut d_t_2 = ::core::option::Option::None;
                let mut d_t_1_1 = ::core::option::Option::None;
                let mut d_next_1 = ::core::option::Option::None;
                let mut d_x_2_1 = ::core::option::Option::None;
                ::adjoint::__private::accumulate_optional(
                    &mut dd_x_2,
                    ::core::option::Option::take(&mut dd_carry),
                );
                ::adjoint::__private::accumulate_optional(&mut d_x_2_1, d_carry.take());
                if let ::core::option::Option::Some(()) = records.0 {
                    ::adjoint::__private::accumulate_optional(
                        &mut dd_x_1,
                        ::core::option::Option::take(&mut dd_x_2),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x_1_1,
                        d_x_2_1.take(),
                    );
                }
                if let ::core::option::Option::Some(()) = records.1 {
                    ::adjoint::__private::accumulate_optional(
                        &mut dd_next,
                        ::core::option::Option::take(&mut dd_x_2),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_next_1,
                        d_x_2_1.take(),
                    );
                }
                if let ::core::option::Option::Some(g_next) = d_next_1.take() {
                    let dd_taken = ::core::option::Option::take(&mut dd_next);
                    ::adjoint::__private::accumulate_optional(
                        &mut dd_t_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_jvp(
                                &::adjoint::__private::Mul,
                                &g_next,
                                &::adjoint::__private::literal_like(&t_1, 0.5),
                                &t_1,
                                &next,
                                ::core::option::Option::None,
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_t_1),
                                ),
                                ::core::option::Option::as_ref(&dd_taken),
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t_1_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Mul,
                                g_next,
                                &::adjoint::__private::literal_like(&t_1, 0.5),
                                &t_1,
                                &next,
                            ),
                        ),
                    );
                }
                if let ::core::option::Option::Some(g_t_1) = d_t_1_1.take() {
                    let dd_taken_1 = ::core::option::Option::take(&mut dd_t_1);
                    ::adjoint::__private::accumulate_optional(
                        &mut dd_x_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs_jvp(
                                &::adjoint::__private::Add,
                                &g_t_1,
                                &x_1,
                                &t,
                                &t_1,
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_x_1),
                                ),
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_t),
                                ),
                                ::core::option::Option::as_ref(&dd_taken_1),
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut dd_t,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_jvp(
                                &::adjoint::__private::Add,
                                &g_t_1,
                                &x_1,
                                &t,
                                &t_1,
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_x_1),
                                ),
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_t),
                                ),
                                ::core::option::Option::as_ref(&dd_taken_1),
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x_1_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Add,
                                &g_t_1,
                                &x_1,
                                &t,
                                &t_1,
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_t_2,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Add,
                                g_t_1,
                                &x_1,
                                &t,
                                &t_1,
                            ),
                        ),
                    );
                }
                if let ::core::option::Option::Some(g_t) = d_t_2.take() {
                    let dd_taken_2 = ::core::option::Option::take(&mut dd_t);
                    ::adjoint::__private::accumulate_optional(
                        &mut dd_a,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs_jvp(
                                &::adjoint::__private::Div,
                                &g_t,
                                &a,
                                &x_1,
                                &t,
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_a),
                                ),
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_x_1),
                                ),
                                ::core::option::Option::as_ref(&dd_taken_2),
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut dd_x_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_jvp(
                                &::adjoint::__private::Div,
                                &g_t,
                                &a,
                                &x_1,
                                &t,
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_a),
                                ),
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_x_1),
                                ),
                                ::core::option::Option::as_ref(&dd_taken_2),
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_a_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Div,
                                &g_t,
                                &a,
                                &x_1,
                                &t,
                            ),
                        ),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x_1_1,
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Div,
                                g_t,
                                &a,
                                &x_1,
                                &t,
                            ),
                        ),
                    );
                }
            }
            ::core::option::Option::None => {
                ::adjoint::__private::accumulate_optional(
                    &mut dd_x_1,
                    ::core::option::Option::take(&mut dd_carry),
                );
                ::adjoint::__private::accumulate_optional(&mut d_x_1_1, d_carry.take());
            }
        }
        dd_carry = ::core::option::Option::take(&mut dd_x_1);
        d_carry = d_x_1_1.take();
    }
    ::adjoint::__private::accumulate_optional(
        &mut dd_a,
        ::core::option::Option::take(&mut dd_carry),
    );
    ::adjoint::__private::accumulate_optional(&mut d_a_1, d_carry);
    let gradient = ::adjoint::__private::needed(
        ::adjoint::__private::finish(d_a_1, true, &a),
    );
    (
        x_3,
        gradient,
        ::adjoint::__private::needed(::adjoint::__private::finish(dd_a, true, &a)),
    )
}
#[allow(non_camel_case_types, dead_code)]
struct newton_sqrt {}
impl newton_sqrt {
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
        a: f64,
    ) -> (
        f64,
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (&f64,),
                &f64,
                &f64,
                [bool; 1usize],
            ) -> (::core::option::Option<f64>,) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let mut i_1 = 0;
        let mut stopped_1 = (!(i_1 < 50));
        let mut stack = ::std::vec::Vec::new();
        let mut stopped_2_carry = stopped_1;
        let mut x_1_carry = ::adjoint::__private::pass(&a);
        let mut i_carry = i_1;
        loop {
            let stopped_2 = stopped_2_carry;
            let x_1 = x_1_carry;
            let i = i_carry;
            if !(!stopped_2) {
                stack
                    .push((
                        (::adjoint::__private::pass(&x_1),),
                        ::core::option::Option::None,
                    ));
                stopped_2_carry = stopped_2;
                x_1_carry = x_1;
                i_carry = i;
                break;
            }
            let t = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Div,
                &a,
                &x_1,
            );
            let t_1 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Add,
                &x_1,
                &t,
            );
            let next = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&t_1, 0.5),
                &t_1,
            );
            let (stopped_5, x_2, i_3, records) = if ((next - x_1).abs() < 1e-12) {
                let stopped_3 = true;
                let copied = ::adjoint::__private::pass(&x_1);
                let record = (
                    ::core::option::Option::Some(()),
                    ::core::option::Option::None,
                );
                (stopped_3, copied, i, record)
            } else {
                let i_2 = ((i) + (1));
                let stopped_4 = (!(i_2 < 50));
                let copied_1 = ::adjoint::__private::pass(&next);
                let record_1 = (
                    ::core::option::Option::None,
                    ::core::option::Option::Some(()),
                );
                (stopped_4, copied_1, i_2, record_1)
            };
            stack.push(((x_1,), ::core::option::Option::Some((t, t_1, next, records))));
            stopped_2_carry = stopped_5;
            x_1_carry = x_2;
            i_carry = i_3;
        }
        let stopped_6 = stopped_2_carry;
        let x_3 = x_1_carry;
        let i_4 = i_carry;
        let pullback = ::adjoint::__private::Pullback(move |
            (a,): (&f64,),
            out: &f64,
            g: &f64,
            needs: [bool; 1usize],
        | -> (::core::option::Option<f64>,) {
            let a = *a;
            let x_3 = out;
            let mut d_a = ::core::option::Option::None;
            let mut d_carry = ::core::option::Option::Some(
                ::core::clone::Clone::clone(g),
            );
            while let ::core::option::Option::Some(record_2) = stack.pop() {
                let ((mut x_1,), rest) = record_2;
                let mut d_x_1 = ::core::option::Option::None;
                match rest {
                    ::core::option::Option::Some(
                        (mut t, mut t_1, mut next, mut records),
                    ) => {
                        let mut d_t = ::core::option::Option::None;
                        let mut d_t_1 = ::core::option::Option::None;
                        let mut d_next = ::core::option::Option::None;
                        let mut d_x_2 = ::core::option::Option::None;
                        ::adjoint::__private::accumulate_optional(
                            &mut d_x_2,
                            d_carry.take(),
                        );
                        if let ::core::option::Option::Some(()) = records.0 {
                            ::adjoint::__private::accumulate_optional(
                                &mut d_x_1,
                                d_x_2.take(),
                            );
                        }
                        if let ::core::option::Option::Some(()) = records.1 {
                            ::adjoint::__private::accumulate_optional(
                                &mut d_next,
                                d_x_2.take(),
                            );
                        }
                        if let ::core::option::Option::Some(g_next) = d_next.take() {
                            ::adjoint::__private::accumulate_optional(
                                &mut d_t_1,
                                if needs[0usize] {
                                    ::core::option::Option::Some(
                                        ::adjoint::__private::binary::vjp_rhs_owned(
                                            &::adjoint::__private::Mul,
                                            g_next,
                                            &::adjoint::__private::literal_like(&t_1, 0.5),
                                            &t_1,
                                            &next,
                                        ),
                                    )
                                } else {
                                    ::core::option::Option::None
                                },
                            );
                        }
                        if let ::core::option::Option::Some(g_t_1) = d_t_1.take() {
                            ::adjoint::__private::accumulate_optional(
                                &mut d_x_1,
                                if needs[0usize] {
                                    ::core::option::Option::Some(
                                        ::adjoint::__private::binary::vjp_lhs(
                                            &::adjoint::__private::Add,
                                            &g_t_1,
                                            &x_1,
                                            &t,
                                            &t_1,
                                        ),
                                    )
                                } else {
                                    ::core::option::Option::None
                                },
                            );
                            ::adjoint::__private::accumulate_optional(
                                &mut d_t,
                                if needs[0usize] {
                                    ::core::option::Option::Some(
                                        ::adjoint::__private::binary::vjp_rhs_owned(
                                            &::adjoint::__private::Add,
                                            g_t_1,
                                            &x_1,
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
                                &mut d_a,
                                if needs[0usize] {
                                    ::core::option::Option::Some(
                                        ::adjoint::__private::binary::vjp_lhs(
                                            &::adjoint::__private::Div,
                                            &g_t,
                                            &a,
                                            &x_1,
                                            &t,
                                        ),
                                    )
                                } else {
                                    ::core::option::Option::None
                                },
                            );
                            ::adjoint::__private::accumulate_optional(
                                &mut d_x_1,
                                if needs[0usize] {
                                    ::core::option::Option::Some(
                                        ::adjoint::__private::binary::vjp_rhs_owned(
                                            &::adjoint::__private::Div,
                                            g_t,
                                            &a,
                                            &x_1,
                                            &t,
                                        ),
                                    )
                                } else {
                                    ::core::option::Option::None
                                },
                            );
                        }
                    }
                    ::core::option::Option::None => {
                        ::adjoint::__private::accumulate_optional(
                            &mut d_x_1,
                            d_carry.take(),
                        );
                    }
                }
                d_carry = d_x_1.take();
            }
            ::adjoint::__private::accumulate_optional(&mut d_a, d_carry);
            (::adjoint::__private::finish(d_a, needs[0usize], &a),)
        });
        (x_3, pullback)
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
    fn __adjoint_jvp(a: f64, tangents: (::core::option::Option<&f64>,)) -> (f64, f64) {
        let (given_0,) = tangents;
        let d_a = match given_0 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&a),
        };
        {
            let mut i_1 = 0;
            let mut stopped_1 = (!(i_1 < 50));
            let mut stopped_2_carry = stopped_1;
            let mut x_1_carry = ::adjoint::__private::pass(&a);
            let mut i_carry = i_1;
            let mut d_x_1_carry = ::adjoint::__private::pass(&d_a);
            loop {
                let stopped_2 = stopped_2_carry;
                let x_1 = x_1_carry;
                let i = i_carry;
                let d_x_1 = d_x_1_carry;
                if !(!stopped_2) {
                    stopped_2_carry = stopped_2;
                    x_1_carry = x_1;
                    i_carry = i;
                    d_x_1_carry = d_x_1;
                    break;
                }
                let t = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Div,
                    &a,
                    &x_1,
                );
                let d_t = ::adjoint::__private::binary::jvp(
                    &::adjoint::__private::Div,
                    &a,
                    &x_1,
                    &t,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_a)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x_1)),
                );
                let t_1 = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Add,
                    &x_1,
                    &t,
                );
                let d_t_1 = ::adjoint::__private::binary::jvp(
                    &::adjoint::__private::Add,
                    &x_1,
                    &t,
                    &t_1,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x_1)),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
                );
                let next = ::adjoint::__private::binary::forward(
                    &::adjoint::__private::Mul,
                    &::adjoint::__private::literal_like(&t_1, 0.5),
                    &t_1,
                );
                let d_next = ::adjoint::__private::binary::jvp(
                    &::adjoint::__private::Mul,
                    &::adjoint::__private::literal_like(&t_1, 0.5),
                    &t_1,
                    &next,
                    ::core::option::Option::None,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                );
                let (stopped_5, x_2, i_3, d_x_2) = if ((next - x_1).abs() < 1e-12) {
                    let stopped_3 = true;
                    let copied = ::adjoint::__private::pass(&x_1);
                    let copied_1 = ::adjoint::__private::pass(&d_x_1);
                    (stopped_3, copied, i, copied_1)
                } else {
                    let i_2 = ((i) + (1));
                    let stopped_4 = (!(i_2 < 50));
                    let copied_2 = ::adjoint::__private::pass(&next);
                    let copied_3 = ::adjoint::__private::pass(&d_next);
                    (stopped_4, copied_2, i_2, copied_3)
                };
                stopped_2_carry = stopped_5;
                x_1_carry = x_2;
                i_carry = i_3;
                d_x_1_carry = d_x_2;
            }
            let stopped_6 = stopped_2_carry;
            let x_3 = x_1_carry;
            let i_4 = i_carry;
            let d_x_3 = d_x_1_carry;
            let tangent = d_x_3;
            (x_3, tangent)
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
        (arg_0,): (&f64,),
        tangents: (::core::option::Option<&f64>,),
        g: &f64,
        dg: ::core::option::Option<&f64>,
        needs: [bool; 1usize],
    ) -> ((::core::option::Option<f64>,), (::core::option::Option<f64>,)) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let a = ::core::clone::Clone::clone(arg_0);
        let (given_0,) = tangents;
        let d_a = match given_0 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&a),
        };
        let mut i_1 = 0;
        let mut stopped_1 = (!(i_1 < 50));
        let mut stack = ::std::vec::Vec::new();
        let mut stopped_2_carry = stopped_1;
        let mut x_1_carry = ::adjoint::__private::pass(&a);
        let mut i_carry = i_1;
        let mut d_x_1_carry = ::adjoint::__private::pass(&d_a);
        loop {
            let stopped_2 = stopped_2_carry;
            let x_1 = x_1_carry;
            let i = i_carry;
            let d_x_1 = d_x_1_carry;
            if !(!stopped_2) {
                stack
                    .push((
                        (
                            ::adjoint::__private::pass(&x_1),
                            ::adjoint::__private::pass(&d_x_1),
                        ),
                        ::core::option::Option::None,
                    ));
                stopped_2_carry = stopped_2;
                x_1_carry = x_1;
                i_carry = i;
                d_x_1_carry = d_x_1;
                break;
            }
            let t = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Div,
                &a,
                &x_1,
            );
            let d_t = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Div,
                &a,
                &x_1,
                &t,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_a)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x_1)),
            );
            let t_1 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Add,
                &x_1,
                &t,
            );
            let d_t_1 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Add,
                &x_1,
                &t,
                &t_1,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x_1)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
            );
            let next = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&t_1, 0.5),
                &t_1,
            );
            let d_next = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &::adjoint::__private::literal_like(&t_1, 0.5),
                &t_1,
                &next,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
            );
            let (stopped_5, x_2, i_3, d_x_2, records) = if ((next - x_1).abs() < 1e-12) {
                let stopped_3 = true;
                let copied = ::adjoint::__private::pass(&x_1);
                let copied_1 = ::adjoint::__private::pass(&d_x_1);
                let record = (
                    ::core::option::Option::Some(()),
                    ::core::option::Option::None,
                );
                (stopped_3, copied, i, copied_1, record)
            } else {
                let i_2 = ((i) + (1));
                let stopped_4 = (!(i_2 < 50));
                let copied_2 = ::adjoint::__private::pass(&next);
                let copied_3 = ::adjoint::__private::pass(&d_next);
                let record_1 = (
                    ::core::option::Option::None,
                    ::core::option::Option::Some(()),
                );
                (stopped_4, copied_2, i_2, copied_3, record_1)
            };
            stack
                .push((
                    (x_1, d_x_1),
                    ::core::option::Option::Some((
                        t,
                        d_t,
                        t_1,
                        d_t_1,
                        next,
                        d_next,
                        ::adjoint::__private::pass(&d_x_2),
                        records,
                    )),
                ));
            stopped_2_carry = stopped_5;
            x_1_carry = x_2;
            i_carry = i_3;
            d_x_1_carry = d_x_2;
        }
        let stopped_6 = stopped_2_carry;
        let x_3 = x_1_carry;
        let i_4 = i_carry;
        let d_x_3 = d_x_1_carry;
        let mut dd_a = ::core::option::Option::None;
        let mut dd_x_1 = ::core::option::Option::None;
        let mut dd_t = ::core::option::Option::None;
        let mut dd_t_1 = ::core::option::Option::None;
        let mut dd_next = ::core::option::Option::None;
        let mut dd_x_2 = ::core::option::Option::None;
        let mut dd_x_3 = ::core::option::Option::None;
        dd_x_3 = ::core::option::Option::map(dg, ::core::clone::Clone::clone);
        let mut d_a_1 = ::core::option::Option::None;
        let mut dd_carry = ::core::option::Option::None;
        dd_carry = ::core::option::Option::take(&mut dd_x_3);
        let mut d_carry = ::core::option::Option::Some(::core::clone::Clone::clone(g));
        while let ::core::option::Option::Some(record_2) = stack.pop() {
            let ((mut x_1, mut d_x_1), rest) = record_2;
            let mut d_x_1_1 = ::core::option::Option::None;
            match rest {
                ::core::option::Option::Some(
                    (
                        mut t,
                        mut d_t,
                        mut t_1,
                        mut d_t_1,
                        mut next,
                        mut d_next,
                        mut d_x_2,
                        mut records,
                    ),
                ) => {
                    let mut d_t_2 = ::core::option::Option::None;
                    let mut d_t_1_1 = ::core::option::Option::None;
                    let mut d_next_1 = ::core::option::Option::None;
                    let mut d_x_2_1 = ::core::option::Option::None;
                    ::adjoint::__private::accumulate_optional(
                        &mut dd_x_2,
                        ::core::option::Option::take(&mut dd_carry),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x_2_1,
                        d_carry.take(),
                    );
                    if let ::core::option::Option::Some(()) = records.0 {
                        ::adjoint::__private::accumulate_optional(
                            &mut dd_x_1,
                            ::core::option::Option::take(&mut dd_x_2),
                        );
                        ::adjoint::__private::accumulate_optional(
                            &mut d_x_1_1,
                            d_x_2_1.take(),
                        );
                    }
                    if let ::core::option::Option::Some(()) = records.1 {
                        ::adjoint::__private::accumulate_optional(
                            &mut dd_next,
                            ::core::option::Option::take(&mut dd_x_2),
                        );
                        ::adjoint::__private::accumulate_optional(
                            &mut d_next_1,
                            d_x_2_1.take(),
                        );
                    }
                    if let ::core::option::Option::Some(g_next) = d_next_1.take() {
                        let dd_taken = ::core::option::Option::take(&mut dd_next);
                        ::adjoint::__private::accumulate_optional(
                            &mut dd_t_1,
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_jvp(
                                    &::adjoint::__private::Mul,
                                    &g_next,
                                    &::adjoint::__private::literal_like(&t_1, 0.5),
                                    &t_1,
                                    &next,
                                    ::core::option::Option::None,
                                    ::core::option::Option::Some(
                                        ::core::borrow::Borrow::borrow(&d_t_1),
                                    ),
                                    ::core::option::Option::as_ref(&dd_taken),
                                ),
                            ),
                        );
                        ::adjoint::__private::accumulate_optional(
                            &mut d_t_1_1,
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_owned(
                                    &::adjoint::__private::Mul,
                                    g_next,
                                    &::adjoint::__private::literal_like(&t_1, 0.5),
                                    &t_1,
                                    &next,
                                ),
                            ),
                        );
                    }
                    if let ::core::option::Option::Some(g_t_1) = d_t_1_1.take() {
                        let dd_taken_1 = ::core::option::Option::take(&mut dd_t_1);
                        ::adjoint::__private::accumulate_optional(
                            &mut dd_x_1,
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_lhs_jvp(
                                    &::adjoint::__private::Add,
                                    &g_t_1,
                                    &x_1,
                                    &t,
                                    &t_1,
                                    ::core::option::Option::Some(
                                        ::core::borrow::Borrow::borrow(&d_x_1),
                                    ),
                                    ::core::option::Option::Some(
                                        ::core::borrow::Borrow::borrow(&d_t),
                                    ),
                                    ::core::option::Option::as_ref(&dd_taken_1),
                                ),
                            ),
                        );
                        ::adjoint::__private::accumulate_optional(
                            &mut dd_t,
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_jvp(
                                    &::adjoint::__private::Add,
                                    &g_t_1,
                                    &x_1,
                                    &t,
                                    &t_1,
                                    ::core::option::Option::Some(
                                        ::core::borrow::Borrow::borrow(&d_x_1),
                                    ),
                                    ::core::option::Option::Some(
                                        ::core::borrow::Borrow::borrow(&d_t),
                                    ),
                                    ::core::option::Option::as_ref(&dd_taken_1),
                                ),
                            ),
                        );
                        ::adjoint::__private::accumulate_optional(
                            &mut d_x_1_1,
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_lhs(
                                    &::adjoint::__private::Add,
                                    &g_t_1,
                                    &x_1,
                                    &t,
                                    &t_1,
                                ),
                            ),
                        );
                        ::adjoint::__private::accumulate_optional(
                            &mut d_t_2,
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_owned(
                                    &::adjoint::__private::Add,
                                    g_t_1,
                                    &x_1,
                                    &t,
                                    &t_1,
                                ),
                            ),
                        );
                    }
                    if let ::core::option::Option::Some(g_t) = d_t_2.take() {
                        let dd_taken_2 = ::core::option::Option::take(&mut dd_t);
                        ::adjoint::__private::accumulate_optional(
                            &mut dd_a,
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_lhs_jvp(
                                    &::adjoint::__private::Div,
                                    &g_t,
                                    &a,
                                    &x_1,
                                    &t,
                                    ::core::option::Option::Some(
                                        ::core::borrow::Borrow::borrow(&d_a),
                                    ),
                                    ::core::option::Option::Some(
                                        ::core::borrow::Borrow::borrow(&d_x_1),
                                    ),
                                    ::core::option::Option::as_ref(&dd_taken_2),
                                ),
                            ),
                        );
                        ::adjoint::__private::accumulate_optional(
                            &mut dd_x_1,
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_jvp(
                                    &::adjoint::__private::Div,
                                    &g_t,
                                    &a,
                                    &x_1,
                                    &t,
                                    ::core::option::Option::Some(
                                        ::core::borrow::Borrow::borrow(&d_a),
                                    ),
                                    ::core::option::Option::Some(
                                        ::core::borrow::Borrow::borrow(&d_x_1),
                                    ),
                                    ::core::option::Option::as_ref(&dd_taken_2),
                                ),
                            ),
                        );
                        ::adjoint::__private::accumulate_optional(
                            &mut d_a_1,
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_lhs(
                                    &::adjoint::__private::Div,
                                    &g_t,
                                    &a,
                                    &x_1,
                                    &t,
                                ),
                            ),
                        );
                        ::adjoint::__private::accumulate_optional(
                            &mut d_x_1_1,
                            ::core::option::Option::Some(
                                ::adjoint::__private::binary::vjp_rhs_owned(
                                    &::adjoint::__private::Div,
                                    g_t,
                                    &a,
                                    &x_1,
                                    &t,
                                ),
                            ),
                        );
                    }
                }
                ::core::option::Option::None => {
                    ::adjoint::__private::accumulate_optional(
                        &mut dd_x_1,
                        ::core::option::Option::take(&mut dd_carry),
                    );
                    ::adjoint::__private::accumulate_optional(
                        &mut d_x_1_1,
                        d_carry.take(),
                    );
                }
            }
            dd_carry = ::core::option::Option::take(&mut dd_x_1);
            d_carry = d_x_1_1.take();
        }
        ::adjoint::__private::accumulate_optional(
            &mut dd_a,
            ::core::option::Option::take(&mut dd_carry),
        );
        ::adjoint::__private::accumulate_optional(&mut d_a_1, d_carry);
        (
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(d_a_1, true, &a),
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
                            ::adjoint::__private::finish(dd_a, true, &a),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            ),
        )
    }
}

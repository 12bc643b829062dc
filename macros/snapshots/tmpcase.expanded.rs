#[allow(dead_code)]
fn f(x7: &Array2<f64>, a: f64) -> Array2<f64> {
    let v1 = (a, a.tanh());
    {
        let mut v4 = x7.to_owned();
        v4[[0, 1]] += v1.1;
        v4
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
fn f_grad(x7: &Array2<f64>, a: f64) -> (Array2<f64>, f64)
where
    for<'__adjoint_output> Array2<f64>: ::adjoint::__private::ScalarOutput,
{
    let t = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &a);
    let v1 = (
        ::adjoint::__private::select::to_owned(&a),
        ::adjoint::__private::select::to_owned(&t),
    );
    let v4 = ::adjoint::__private::select::to_owned(&x7);
    let c = ([0, 1]);
    let t_3 = ::adjoint::__private::update::add_to_element(&v4, &v1.1, c);
    ::core::mem::drop(v4);
    let d_t_3: Array2<f64> = ::adjoint::__private::one();
    let d_part = ::adjoint::__private::update::set_element_vjp_value(
        &d_t_3,
        &(),
        &(),
        c,
        &(),
    );
    let mut d_v1 = ::adjoint::__private::zero_tangent(&v1);
    if !(::adjoint::__private::Params::is_constant_field(&d_v1, "1")) {
        ::adjoint::__private::replace_part(&mut d_v1.1, d_part);
    }
    let mut d_a = ::adjoint::__private::select::to_owned_vjp(&(&d_v1).0, &a, &(&v1).0);
    let d_t = ::adjoint::__private::select::to_owned_vjp(&(&d_v1).1, &t, &(&v1).1);
    ::adjoint::__private::accumulate(
        &mut d_a,
        ::adjoint::__private::unary::vjp_owned(&::adjoint::__private::Tanh, d_t, &a, &t),
    );
    (t_3, d_a)
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
fn f_grad_into_with(
    x7: &Array2<f64>,
    a: f64,
    grads: &mut f64,
    workspace: &mut ::adjoint::Workspace,
    hook: &mut impl ::adjoint::GradientHook,
) -> Array2<f64>
where
    for<'__adjoint_output> Array2<f64>: ::adjoint::__private::ScalarOutput,
{
    #[allow(unused_imports)]
    use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
    ::adjoint::__private::check_tangent::<f64>("f_grad_into", "grads", "a", &a, &*grads);
    let installed = ::adjoint::__private::install(workspace);
    {
        let t = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &a);
        let v1 = (
            ::adjoint::__private::select::to_owned(&a),
            ::adjoint::__private::select::to_owned(&t),
        );
        let v4 = ::adjoint::__private::select::to_owned(&x7);
        let c = ([0, 1]);
        let t_3 = ::adjoint::__private::update::add_to_element(&v4, &v1.1, c);
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(v4)))
            .recycle_it();
        let d_t_3: Array2<f64> = ::adjoint::__private::one();
        let d_part = ::adjoint::__private::update::set_element_vjp_value(
            &d_t_3,
            &(),
            &(),
            c,
            &(),
        );
        hook.progress();
        let mut d_v1 = ::adjoint::__private::zero_tangent(&v1);
        if !(::adjoint::__private::Params::is_constant_field(&d_v1, "1")) {
            ::adjoint::__private::replace_part(&mut d_v1.1, d_part);
        }
        hook.progress();
        let mut d_a = ::adjoint::__private::select::to_owned_vjp(
            &(&d_v1).0,
            &a,
            &(&v1).0,
        );
        let d_t = ::adjoint::__private::select::to_owned_vjp(&(&d_v1).1, &t, &(&v1).1);
        hook.progress();
        ::adjoint::__private::accumulate(
            &mut d_a,
            ::adjoint::__private::unary::vjp_owned(
                &::adjoint::__private::Tanh,
                d_t,
                &a,
                &t,
            ),
        );
        ::adjoint::__private::accumulate(&mut *grads, d_a);
        hook.part_final(&*grads);
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_t_3)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_v1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(v1)))
            .recycle_it();
        (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t)))
            .recycle_it();
        t_3
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
fn f_grad_into(
    x7: &Array2<f64>,
    a: f64,
    grads: &mut f64,
    workspace: &mut ::adjoint::Workspace,
) -> Array2<f64>
where
    for<'__adjoint_output> Array2<f64>: ::adjoint::__private::ScalarOutput,
{
    f_grad_into_with(x7, a, grads, workspace, &mut ())
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
fn f_vjp(x7: &Array2<f64>, a: f64, cotangent: &Array2<f64>) -> (Array2<f64>, f64) {
    let t = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &a);
    let v1 = (
        ::adjoint::__private::select::to_owned(&a),
        ::adjoint::__private::select::to_owned(&t),
    );
    let v4 = ::adjoint::__private::select::to_owned(&x7);
    let c = ([0, 1]);
    let t_3 = ::adjoint::__private::update::add_to_element(&v4, &v1.1, c);
    ::core::mem::drop(v4);
    ::adjoint::__private::check_tangent::<
        Array2<f64>,
    >("f_vjp", "cotangent", "f(..)", &t_3, cotangent);
    let d_part = ::adjoint::__private::update::set_element_vjp_value(
        cotangent,
        &(),
        &(),
        c,
        &(),
    );
    let mut d_v1 = ::adjoint::__private::zero_tangent(&v1);
    if !(::adjoint::__private::Params::is_constant_field(&d_v1, "1")) {
        ::adjoint::__private::replace_part(&mut d_v1.1, d_part);
    }
    let mut d_a = ::adjoint::__private::select::to_owned_vjp(&(&d_v1).0, &a, &(&v1).0);
    let d_t = ::adjoint::__private::select::to_owned_vjp(&(&d_v1).1, &t, &(&v1).1);
    ::adjoint::__private::accumulate(
        &mut d_a,
        ::adjoint::__private::unary::vjp_owned(&::adjoint::__private::Tanh, d_t, &a, &t),
    );
    (t_3, d_a)
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
fn f_jvp(x7: &Array2<f64>, a: f64, d_a: f64) -> (Array2<f64>, Array2<f64>) {
    let t = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &a);
    let d_t = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Tanh,
        &a,
        &t,
        &d_a,
    );
    let v1 = (
        ::adjoint::__private::select::to_owned(&a),
        ::adjoint::__private::select::to_owned(&t),
    );
    let d_v1 = (
        ::adjoint::__private::select::to_owned_jvp(
            &a,
            &(&v1).0,
            ::core::borrow::Borrow::borrow(&d_a),
        ),
        ::adjoint::__private::select::to_owned_jvp(
            &t,
            &(&v1).1,
            ::core::borrow::Borrow::borrow(&d_t),
        ),
    );
    ::core::mem::drop(d_t);
    ::core::mem::drop(t);
    let v4 = ::adjoint::__private::select::to_owned(&x7);
    let d_part = if {
        use ::adjoint::__private::Params as _;
        (&d_v1).is_constant_field("1")
    } {
        ::adjoint::__private::zero_tangent(&(*&v1).1)
    } else {
        ::core::clone::Clone::clone(&(*&d_v1).1)
    };
    ::core::mem::drop(d_v1);
    let c = ([0, 1]);
    let t_3 = ::adjoint::__private::update::add_to_element(&v4, &v1.1, c);
    let d_t_3 = ::adjoint::__private::update::add_to_element_jvp(
        &v4,
        &v1.1,
        c,
        &t_3,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part)),
    );
    ::core::mem::drop(d_part);
    ::core::mem::drop(v4);
    ::core::mem::drop(v1);
    let tangent = d_t_3;
    (t_3, tangent)
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
fn f_hvp(x7: &Array2<f64>, a: f64, d_a: f64) -> (Array2<f64>, f64, f64)
where
    for<'__adjoint_output> Array2<f64>: ::adjoint::__private::HvpOutput,
{
    let t = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &a);
    let d_t = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Tanh,
        &a,
        &t,
        &d_a,
    );
    let v1 = (
        ::adjoint::__private::select::to_owned(&a),
        ::adjoint::__private::select::to_owned(&t),
    );
    let d_v1 = (
        ::adjoint::__private::select::to_owned_jvp(
            &a,
            &(&v1).0,
            ::core::borrow::Borrow::borrow(&d_a),
        ),
        ::adjoint::__private::select::to_owned_jvp(
            &t,
            &(&v1).1,
            ::core::borrow::Borrow::borrow(&d_t),
        ),
    );
    let v4 = ::adjoint::__private::select::to_owned(&x7);
    let d_part = if {
        use ::adjoint::__private::Params as _;
        (&d_v1).is_constant_field("1")
    } {
        ::adjoint::__private::zero_tangent(&(*&v1).1)
    } else {
        ::core::clone::Clone::clone(&(*&d_v1).1)
    };
    let c = ([0, 1]);
    let t_3 = ::adjoint::__private::update::add_to_element(&v4, &v1.1, c);
    let d_t_3 = ::adjoint::__private::update::add_to_element_jvp(
        &v4,
        &v1.1,
        c,
        &t_3,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part)),
    );
    ::core::mem::drop(v4);
    let mut dd_a = ::core::option::Option::None;
    let mut dd_t = ::core::option::Option::None;
    let mut dd_v1 = ::core::option::Option::None;
    let mut dd_part = ::core::option::Option::None;
    let mut dd_t_3 = ::core::option::Option::None;
    let d_t_3_1: Array2<f64> = ::adjoint::__private::one();
    let dd_taken = ::core::option::Option::take(&mut dd_t_3);
    ::adjoint::__private::accumulate_optional(
        &mut dd_part,
        ::core::option::Option::map(
            ::core::option::Option::as_ref(&dd_taken),
            |__adjoint_dg| ::adjoint::__private::update::set_element_vjp_value(
                __adjoint_dg,
                &(),
                &(),
                c,
                &(),
            ),
        ),
    );
    let d_part_1 = ::adjoint::__private::update::set_element_vjp_value(
        &d_t_3_1,
        &(),
        &(),
        c,
        &(),
    );
    if let ::core::option::Option::Some(dd_part_1) = ::core::option::Option::take(
        &mut dd_part,
    ) {
        if !(::adjoint::__private::Params::is_constant_field(
            &(*::adjoint::__private::adjoint_slot(&mut dd_v1, &v1)),
            "1",
        )) {
            ::adjoint::__private::accumulate(
                &mut (*::adjoint::__private::adjoint_slot(&mut dd_v1, &v1)).1,
                dd_part_1,
            );
        }
    }
    let mut d_v1_1 = ::adjoint::__private::zero_tangent(&v1);
    if !(::adjoint::__private::Params::is_constant_field(&d_v1_1, "1")) {
        ::adjoint::__private::replace_part(&mut d_v1_1.1, d_part_1);
    }
    let dd_taken_1 = ::core::option::Option::take(&mut dd_v1);
    ::adjoint::__private::accumulate_optional(
        &mut dd_a,
        ::core::option::Option::map(
            ::core::option::Option::as_ref(&dd_taken_1),
            |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                &(__adjoint_dg).0,
                &a,
                &(&v1).0,
            ),
        ),
    );
    ::adjoint::__private::accumulate_optional(
        &mut dd_t,
        ::core::option::Option::map(
            ::core::option::Option::as_ref(&dd_taken_1),
            |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                &(__adjoint_dg).1,
                &t,
                &(&v1).1,
            ),
        ),
    );
    let mut d_a_1 = ::adjoint::__private::select::to_owned_vjp(
        &(&d_v1_1).0,
        &a,
        &(&v1).0,
    );
    let d_t_1 = ::adjoint::__private::select::to_owned_vjp(&(&d_v1_1).1, &t, &(&v1).1);
    let dd_taken_2 = ::core::option::Option::take(&mut dd_t);
    ::adjoint::__private::accumulate_optional(
        &mut dd_a,
        ::core::option::Option::Some(
            ::adjoint::__private::unary::vjp_jvp(
                &::adjoint::__private::Tanh,
                &d_t_1,
                &a,
                &t,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_a)),
                ::core::option::Option::as_ref(&dd_taken_2),
            ),
        ),
    );
    ::adjoint::__private::accumulate(
        &mut d_a_1,
        ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Tanh,
            d_t_1,
            &a,
            &t,
        ),
    );
    let gradient = d_a_1;
    (
        t_3,
        gradient,
        ::adjoint::__private::needed(::adjoint::__private::finish(dd_a, true, &a)),
    )
}
#[allow(non_camel_case_types, dead_code)]
struct f {}
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
    fn __adjoint_forward(
        x7: &Array2<f64>,
        a: f64,
    ) -> (
        Array2<f64>,
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (&&Array2<f64>, &f64),
                &Array2<f64>,
                &Array2<f64>,
                [bool; 2usize],
            ) -> (
                    ::core::option::Option<Array2<f64>>,
                    ::core::option::Option<f64>,
                ) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let t = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &a);
        let v1 = (
            ::adjoint::__private::select::to_owned(&a),
            ::adjoint::__private::select::to_owned(&t),
        );
        let v4 = ::adjoint::__private::select::to_owned(&x7);
        let c = ([0, 1]);
        let t_3 = ::adjoint::__private::update::add_to_element(&v4, &v1.1, c);
        let pullback = ::adjoint::__private::Pullback(move |
            (x7, a): (&&Array2<f64>, &f64),
            out: &Array2<f64>,
            g: &Array2<f64>,
            needs: [bool; 2usize],
        | -> (::core::option::Option<Array2<f64>>, ::core::option::Option<f64>) {
            let x7 = *x7;
            let a = *a;
            let t_3 = out;
            let mut d_x7 = ::core::option::Option::None;
            let mut d_a = ::core::option::Option::None;
            let mut d_t = ::core::option::Option::None;
            let mut d_v1 = ::core::option::Option::None;
            let mut d_v4 = ::core::option::Option::None;
            let mut d_part = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut d_part,
                if needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::update::set_element_vjp_value(
                            g,
                            &(),
                            &(),
                            c,
                            &(),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_v4,
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::update::add_to_element_vjp_array(
                            g,
                            &(),
                            &(),
                            c,
                            &(),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            if let ::core::option::Option::Some(g_part) = d_part.take() {
                if !(::adjoint::__private::Params::is_constant_field(
                    &(*::adjoint::__private::adjoint_slot(&mut d_v1, &v1)),
                    "1",
                )) {
                    ::adjoint::__private::replace_part(
                        &mut (*::adjoint::__private::adjoint_slot(&mut d_v1, &v1)).1,
                        g_part,
                    );
                }
            }
            if let ::core::option::Option::Some(g_v4) = d_v4.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_x7,
                    if needs[0usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::select::to_owned_vjp(&g_v4, &x7, &v4),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_v4)))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_v1) = d_v1.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_a,
                    if needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::select::to_owned_vjp(
                                &(&g_v1).0,
                                &a,
                                &(&v1).0,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_t,
                    if needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::select::to_owned_vjp(
                                &(&g_v1).1,
                                &t,
                                &(&v1).1,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_v1)))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_t) = d_t.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_a,
                    if needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::unary::vjp_owned(
                                &::adjoint::__private::Tanh,
                                g_t,
                                &a,
                                &t,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(given) = d_part {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_v4 {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_v1 {
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
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(v4)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(v1)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t)))
                .recycle_it();
            (
                ::adjoint::__private::finish(d_x7, needs[0usize], &x7),
                ::adjoint::__private::finish(d_a, needs[1usize], &a),
            )
        });
        (t_3, pullback)
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
        x7: &Array2<f64>,
        a: f64,
        tangents: (::core::option::Option<&Array2<f64>>, ::core::option::Option<&f64>),
    ) -> (Array2<f64>, Array2<f64>) {
        let (given_0, given_1) = tangents;
        let zero_x7;
        let d_x7 = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x7 = ::adjoint::__private::zero_tangent(&x7);
                &zero_x7
            }
        };
        let d_a = match given_1 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&a),
        };
        {
            let t = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Tanh,
                &a,
            );
            let d_t = ::adjoint::__private::unary::jvp(
                &::adjoint::__private::Tanh,
                &a,
                &t,
                &d_a,
            );
            let v1 = (
                ::adjoint::__private::select::to_owned(&a),
                ::adjoint::__private::select::to_owned(&t),
            );
            let d_v1 = (
                ::adjoint::__private::select::to_owned_jvp(
                    &a,
                    &(&v1).0,
                    ::core::borrow::Borrow::borrow(&d_a),
                ),
                ::adjoint::__private::select::to_owned_jvp(
                    &t,
                    &(&v1).1,
                    ::core::borrow::Borrow::borrow(&d_t),
                ),
            );
            ::core::mem::drop(d_t);
            ::core::mem::drop(t);
            let v4 = ::adjoint::__private::select::to_owned(&x7);
            let d_v4 = ::adjoint::__private::select::to_owned_jvp(&x7, &v4, &d_x7);
            let d_part = if {
                use ::adjoint::__private::Params as _;
                (&d_v1).is_constant_field("1")
            } {
                ::adjoint::__private::zero_tangent(&(*&v1).1)
            } else {
                ::core::clone::Clone::clone(&(*&d_v1).1)
            };
            ::core::mem::drop(d_v1);
            let c = ([0, 1]);
            let t_3 = ::adjoint::__private::update::add_to_element(&v4, &v1.1, c);
            let d_t_3 = ::adjoint::__private::update::add_to_element_jvp(
                &v4,
                &v1.1,
                c,
                &t_3,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v4)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part)),
            );
            ::core::mem::drop(d_part);
            ::core::mem::drop(d_v4);
            ::core::mem::drop(v4);
            ::core::mem::drop(v1);
            let tangent = d_t_3;
            (t_3, tangent)
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
        (arg_0, arg_1): (&&Array2<f64>, &f64),
        tangents: (::core::option::Option<&Array2<f64>>, ::core::option::Option<&f64>),
        g: &Array2<f64>,
        dg: ::core::option::Option<&Array2<f64>>,
        needs: [bool; 2usize],
    ) -> (
        (::core::option::Option<Array2<f64>>, ::core::option::Option<f64>),
        (::core::option::Option<Array2<f64>>, ::core::option::Option<f64>),
    ) {
        let x7 = ::core::clone::Clone::clone(arg_0);
        let a = ::core::clone::Clone::clone(arg_1);
        let (given_0, given_1) = tangents;
        let zero_x7;
        let d_x7 = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x7 = ::adjoint::__private::zero_tangent(&x7);
                &zero_x7
            }
        };
        let d_a = match given_1 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&a),
        };
        let t = ::adjoint::__private::unary::forward(&::adjoint::__private::Tanh, &a);
        let d_t = ::adjoint::__private::unary::jvp(
            &::adjoint::__private::Tanh,
            &a,
            &t,
            &d_a,
        );
        let v1 = (
            ::adjoint::__private::select::to_owned(&a),
            ::adjoint::__private::select::to_owned(&t),
        );
        let d_v1 = (
            ::adjoint::__private::select::to_owned_jvp(
                &a,
                &(&v1).0,
                ::core::borrow::Borrow::borrow(&d_a),
            ),
            ::adjoint::__private::select::to_owned_jvp(
                &t,
                &(&v1).1,
                ::core::borrow::Borrow::borrow(&d_t),
            ),
        );
        let v4 = ::adjoint::__private::select::to_owned(&x7);
        let d_v4 = ::adjoint::__private::select::to_owned_jvp(&x7, &v4, &d_x7);
        let d_part = if {
            use ::adjoint::__private::Params as _;
            (&d_v1).is_constant_field("1")
        } {
            ::adjoint::__private::zero_tangent(&(*&v1).1)
        } else {
            ::core::clone::Clone::clone(&(*&d_v1).1)
        };
        let c = ([0, 1]);
        let t_3 = ::adjoint::__private::update::add_to_element(&v4, &v1.1, c);
        let d_t_3 = ::adjoint::__private::update::add_to_element_jvp(
            &v4,
            &v1.1,
            c,
            &t_3,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_v4)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_part)),
        );
        let mut dd_x7 = ::core::option::Option::None;
        let mut dd_a = ::core::option::Option::None;
        let mut dd_t = ::core::option::Option::None;
        let mut dd_v1 = ::core::option::Option::None;
        let mut dd_v4 = ::core::option::Option::None;
        let mut dd_part = ::core::option::Option::None;
        let mut dd_t_3 = ::core::option::Option::None;
        dd_t_3 = ::core::option::Option::map(dg, ::core::clone::Clone::clone);
        let dd_taken = ::core::option::Option::take(&mut dd_t_3);
        ::adjoint::__private::accumulate_optional(
            &mut dd_v4,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken),
                |__adjoint_dg| ::adjoint::__private::update::add_to_element_vjp_array(
                    __adjoint_dg,
                    &(),
                    &(),
                    c,
                    &(),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_part,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken),
                |__adjoint_dg| ::adjoint::__private::update::set_element_vjp_value(
                    __adjoint_dg,
                    &(),
                    &(),
                    c,
                    &(),
                ),
            ),
        );
        let d_part_1 = ::adjoint::__private::update::set_element_vjp_value(
            g,
            &(),
            &(),
            c,
            &(),
        );
        let d_v4_1 = ::adjoint::__private::update::add_to_element_vjp_array(
            g,
            &(),
            &(),
            c,
            &(),
        );
        if let ::core::option::Option::Some(dd_part_1) = ::core::option::Option::take(
            &mut dd_part,
        ) {
            if !(::adjoint::__private::Params::is_constant_field(
                &(*::adjoint::__private::adjoint_slot(&mut dd_v1, &v1)),
                "1",
            )) {
                ::adjoint::__private::accumulate(
                    &mut (*::adjoint::__private::adjoint_slot(&mut dd_v1, &v1)).1,
                    dd_part_1,
                );
            }
        }
        let mut d_v1_1 = ::adjoint::__private::zero_tangent(&v1);
        if !(::adjoint::__private::Params::is_constant_field(&d_v1_1, "1")) {
            ::adjoint::__private::replace_part(&mut d_v1_1.1, d_part_1);
        }
        let dd_taken_1 = ::core::option::Option::take(&mut dd_v4);
        ::adjoint::__private::accumulate_optional(
            &mut dd_x7,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken_1),
                |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                    __adjoint_dg,
                    &x7,
                    &v4,
                ),
            ),
        );
        let d_x7_1 = ::adjoint::__private::select::to_owned_vjp(&d_v4_1, &x7, &v4);
        let dd_taken_2 = ::core::option::Option::take(&mut dd_v1);
        ::adjoint::__private::accumulate_optional(
            &mut dd_a,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken_2),
                |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                    &(__adjoint_dg).0,
                    &a,
                    &(&v1).0,
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_t,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken_2),
                |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                    &(__adjoint_dg).1,
                    &t,
                    &(&v1).1,
                ),
            ),
        );
        let mut d_a_1 = ::adjoint::__private::select::to_owned_vjp(
            &(&d_v1_1).0,
            &a,
            &(&v1).0,
        );
        let d_t_1 = ::adjoint::__private::select::to_owned_vjp(
            &(&d_v1_1).1,
            &t,
            &(&v1).1,
        );
        let dd_taken_3 = ::core::option::Option::take(&mut dd_t);
        ::adjoint::__private::accumulate_optional(
            &mut dd_a,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_jvp(
                    &::adjoint::__private::Tanh,
                    &d_t_1,
                    &a,
                    &t,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_a)),
                    ::core::option::Option::as_ref(&dd_taken_3),
                ),
            ),
        );
        ::adjoint::__private::accumulate(
            &mut d_a_1,
            ::adjoint::__private::unary::vjp_owned(
                &::adjoint::__private::Tanh,
                d_t_1,
                &a,
                &t,
            ),
        );
        (
            (
                if needs[0usize] {
                    ::core::option::Option::Some(d_x7_1)
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(d_a_1)
                } else {
                    ::core::option::Option::None
                },
            ),
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_x7, true, &x7),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
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

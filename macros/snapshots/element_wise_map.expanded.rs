#[allow(dead_code)]
fn softplus(x: &Array1<f64>, beta: f64) -> (f64, Array1<f64>) {
    let y = x.mapv(|v| (1.0 + (beta * v).exp()).ln() / beta);
    (y.sum(), y)
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
fn softplus_vjp(
    x: &Array1<f64>,
    beta: f64,
    cotangent: &(f64, Array1<f64>),
) -> ((f64, Array1<f64>), (Array1<f64>, f64)) {
    let t = ::adjoint::__private::binary::forward(&::adjoint::__private::Mul, &beta, &x);
    let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &t);
    let t_2 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &::adjoint::__private::literal_like(&t_1, 1.0),
        &t_1,
    );
    let t_3 = ::adjoint::__private::unary::forward(&::adjoint::__private::Ln, &t_2);
    let y = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Div,
        &t_3,
        &beta,
    );
    let t_5 = ::adjoint::__private::reduce::sum(&y);
    let t_6 = (
        ::adjoint::__private::select::to_owned(&t_5),
        ::adjoint::__private::select::to_owned(&y),
    );
    ::adjoint::__private::check_tangent::<
        (f64, Array1<f64>),
    >("softplus_vjp", "cotangent", "softplus(..)", &t_6, cotangent);
    let d_t_5 = ::adjoint::__private::select::to_owned_vjp(
        &(cotangent).0,
        &t_5,
        &(&t_6).0,
    );
    let mut d_y = ::adjoint::__private::select::to_owned_vjp(
        &(cotangent).1,
        &y,
        &(&t_6).1,
    );
    ::adjoint::__private::accumulate(
        &mut d_y,
        ::adjoint::__private::reduce::sum_vjp(&d_t_5, &y, &t_5),
    );
    let d_t_3 = ::adjoint::__private::binary::vjp_lhs(
        &::adjoint::__private::Div,
        &d_y,
        &t_3,
        &beta,
        &y,
    );
    let mut d_beta = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Div,
        d_y,
        &t_3,
        &beta,
        &y,
    );
    let d_t_2 = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Ln,
        d_t_3,
        &t_2,
        &t_3,
    );
    let d_t_1 = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Add,
        d_t_2,
        &::adjoint::__private::literal_like(&t_1, 1.0),
        &t_1,
        &t_2,
    );
    let d_t = ::adjoint::__private::unary::vjp_owned(
        &::adjoint::__private::Exp,
        d_t_1,
        &t,
        &t_1,
    );
    ::adjoint::__private::accumulate(
        &mut d_beta,
        ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Mul,
            &d_t,
            &beta,
            &x,
            &t,
        ),
    );
    let d_x = ::adjoint::__private::binary::vjp_rhs_owned(
        &::adjoint::__private::Mul,
        d_t,
        &beta,
        &x,
        &t,
    );
    (t_6, (d_x, d_beta))
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
fn softplus_jvp(
    x: &Array1<f64>,
    beta: f64,
    d_x: &Array1<f64>,
    d_beta: f64,
) -> ((f64, Array1<f64>), (f64, Array1<f64>)) {
    let t = ::adjoint::__private::binary::forward(&::adjoint::__private::Mul, &beta, &x);
    let d_t = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Mul,
        &beta,
        &x,
        &t,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_beta)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
    );
    let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &t);
    let d_t_1 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Exp,
        &t,
        &t_1,
        &d_t,
    );
    ::core::mem::drop(d_t);
    ::core::mem::drop(t);
    let t_2 = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Add,
        &::adjoint::__private::literal_like(&t_1, 1.0),
        &t_1,
    );
    let d_t_2 = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Add,
        &::adjoint::__private::literal_like(&t_1, 1.0),
        &t_1,
        &t_2,
        ::core::option::Option::None,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
    );
    ::core::mem::drop(d_t_1);
    ::core::mem::drop(t_1);
    let t_3 = ::adjoint::__private::unary::forward(&::adjoint::__private::Ln, &t_2);
    let d_t_3 = ::adjoint::__private::unary::jvp(
        &::adjoint::__private::Ln,
        &t_2,
        &t_3,
        &d_t_2,
    );
    ::core::mem::drop(d_t_2);
    ::core::mem::drop(t_2);
    let y = ::adjoint::__private::binary::forward(
        &::adjoint::__private::Div,
        &t_3,
        &beta,
    );
    let d_y = ::adjoint::__private::binary::jvp(
        &::adjoint::__private::Div,
        &t_3,
        &beta,
        &y,
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
        ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_beta)),
    );
    ::core::mem::drop(d_t_3);
    ::core::mem::drop(t_3);
    let t_5 = ::adjoint::__private::reduce::sum(&y);
    let d_t_5 = ::adjoint::__private::reduce::sum_jvp(&y, &t_5, &d_y);
    let t_6 = (
        ::adjoint::__private::select::to_owned(&t_5),
        ::adjoint::__private::select::to_owned(&y),
    );
    let d_t_6 = (
        ::adjoint::__private::select::to_owned_jvp(
            &t_5,
            &(&t_6).0,
            ::core::borrow::Borrow::borrow(&d_t_5),
        ),
        ::adjoint::__private::select::to_owned_jvp(
            &y,
            &(&t_6).1,
            ::core::borrow::Borrow::borrow(&d_y),
        ),
    );
    ::core::mem::drop(d_t_5);
    ::core::mem::drop(d_y);
    ::core::mem::drop(t_5);
    ::core::mem::drop(y);
    let tangent = d_t_6;
    (t_6, tangent)
}
#[allow(non_camel_case_types, dead_code)]
struct softplus {}
impl softplus {
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
        beta: f64,
    ) -> (
        (f64, Array1<f64>),
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (&&Array1<f64>, &f64),
                &(f64, Array1<f64>),
                &(f64, Array1<f64>),
                [bool; 2usize],
            ) -> (
                    ::core::option::Option<Array1<f64>>,
                    ::core::option::Option<f64>,
                ) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let t = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &beta,
            &x,
        );
        let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &t);
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &::adjoint::__private::literal_like(&t_1, 1.0),
            &t_1,
        );
        let t_3 = ::adjoint::__private::unary::forward(&::adjoint::__private::Ln, &t_2);
        let y = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Div,
            &t_3,
            &beta,
        );
        let t_5 = ::adjoint::__private::reduce::sum(&y);
        let t_6 = (
            ::adjoint::__private::select::to_owned(&t_5),
            ::adjoint::__private::select::to_owned(&y),
        );
        let pullback = ::adjoint::__private::Pullback(move |
            (x, beta): (&&Array1<f64>, &f64),
            out: &(f64, Array1<f64>),
            g: &(f64, Array1<f64>),
            needs: [bool; 2usize],
        | -> (::core::option::Option<Array1<f64>>, ::core::option::Option<f64>) {
            let x = *x;
            let beta = *beta;
            let t_6 = out;
            let mut d_x = ::core::option::Option::None;
            let mut d_beta = ::core::option::Option::None;
            let mut d_t = ::core::option::Option::None;
            let mut d_t_1 = ::core::option::Option::None;
            let mut d_t_2 = ::core::option::Option::None;
            let mut d_t_3 = ::core::option::Option::None;
            let mut d_y = ::core::option::Option::None;
            let mut d_t_5 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut d_t_5,
                if needs[0usize] || needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::select::to_owned_vjp(
                            &(g).0,
                            &t_5,
                            &(t_6).0,
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            ::adjoint::__private::accumulate_optional(
                &mut d_y,
                if needs[0usize] || needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::select::to_owned_vjp(&(g).1, &y, &(t_6).1),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            if let ::core::option::Option::Some(g_t_5) = d_t_5.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_y,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::reduce::sum_vjp(&g_t_5, &y, &t_5),
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
            if let ::core::option::Option::Some(g_y) = d_y.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_3,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Div,
                                &g_y,
                                &t_3,
                                &beta,
                                &y,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_beta,
                    if needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Div,
                                g_y,
                                &t_3,
                                &beta,
                                &y,
                            ),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
            }
            if let ::core::option::Option::Some(g_t_3) = d_t_3.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_t_2,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::unary::vjp_owned(
                                &::adjoint::__private::Ln,
                                g_t_3,
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
                    &mut d_t_1,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_rhs_owned(
                                &::adjoint::__private::Add,
                                g_t_2,
                                &::adjoint::__private::literal_like(&t_1, 1.0),
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
                    &mut d_t,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::unary::vjp_owned(
                                &::adjoint::__private::Exp,
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
                    &mut d_beta,
                    if needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::binary::vjp_lhs(
                                &::adjoint::__private::Mul,
                                &g_t,
                                &beta,
                                &x,
                                &t,
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
                                g_t,
                                &beta,
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
            if let ::core::option::Option::Some(given) = d_y {
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
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(y)))
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
                ::adjoint::__private::finish(d_beta, needs[1usize], &beta),
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
        x: &Array1<f64>,
        beta: f64,
        tangents: (::core::option::Option<&Array1<f64>>, ::core::option::Option<&f64>),
    ) -> ((f64, Array1<f64>), (f64, Array1<f64>)) {
        let (given_0, given_1) = tangents;
        let zero_x;
        let d_x = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x = ::adjoint::__private::zero_tangent(&x);
                &zero_x
            }
        };
        let d_beta = match given_1 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&beta),
        };
        {
            let t = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Mul,
                &beta,
                &x,
            );
            let d_t = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Mul,
                &beta,
                &x,
                &t,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_beta)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
            );
            let t_1 = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Exp,
                &t,
            );
            let d_t_1 = ::adjoint::__private::unary::jvp(
                &::adjoint::__private::Exp,
                &t,
                &t_1,
                &d_t,
            );
            ::core::mem::drop(d_t);
            ::core::mem::drop(t);
            let t_2 = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Add,
                &::adjoint::__private::literal_like(&t_1, 1.0),
                &t_1,
            );
            let d_t_2 = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Add,
                &::adjoint::__private::literal_like(&t_1, 1.0),
                &t_1,
                &t_2,
                ::core::option::Option::None,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
            );
            ::core::mem::drop(d_t_1);
            ::core::mem::drop(t_1);
            let t_3 = ::adjoint::__private::unary::forward(
                &::adjoint::__private::Ln,
                &t_2,
            );
            let d_t_3 = ::adjoint::__private::unary::jvp(
                &::adjoint::__private::Ln,
                &t_2,
                &t_3,
                &d_t_2,
            );
            ::core::mem::drop(d_t_2);
            ::core::mem::drop(t_2);
            let y = ::adjoint::__private::binary::forward(
                &::adjoint::__private::Div,
                &t_3,
                &beta,
            );
            let d_y = ::adjoint::__private::binary::jvp(
                &::adjoint::__private::Div,
                &t_3,
                &beta,
                &y,
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_beta)),
            );
            ::core::mem::drop(d_t_3);
            ::core::mem::drop(t_3);
            let t_5 = ::adjoint::__private::reduce::sum(&y);
            let d_t_5 = ::adjoint::__private::reduce::sum_jvp(&y, &t_5, &d_y);
            let t_6 = (
                ::adjoint::__private::select::to_owned(&t_5),
                ::adjoint::__private::select::to_owned(&y),
            );
            let d_t_6 = (
                ::adjoint::__private::select::to_owned_jvp(
                    &t_5,
                    &(&t_6).0,
                    ::core::borrow::Borrow::borrow(&d_t_5),
                ),
                ::adjoint::__private::select::to_owned_jvp(
                    &y,
                    &(&t_6).1,
                    ::core::borrow::Borrow::borrow(&d_y),
                ),
            );
            ::core::mem::drop(d_t_5);
            ::core::mem::drop(d_y);
            ::core::mem::drop(t_5);
            ::core::mem::drop(y);
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
        (arg_0, arg_1): (&&Array1<f64>, &f64),
        tangents: (::core::option::Option<&Array1<f64>>, ::core::option::Option<&f64>),
        g: &(f64, Array1<f64>),
        dg: ::core::option::Option<&(f64, Array1<f64>)>,
        needs: [bool; 2usize],
    ) -> (
        (::core::option::Option<Array1<f64>>, ::core::option::Option<f64>),
        (::core::option::Option<Array1<f64>>, ::core::option::Option<f64>),
    ) {
        let x = ::core::clone::Clone::clone(arg_0);
        let beta = ::core::clone::Clone::clone(arg_1);
        let (given_0, given_1) = tangents;
        let zero_x;
        let d_x = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_x = ::adjoint::__private::zero_tangent(&x);
                &zero_x
            }
        };
        let d_beta = match given_1 {
            ::core::option::Option::Some(tangent) => *tangent,
            ::core::option::Option::None => ::adjoint::__private::zero_tangent(&beta),
        };
        let t = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Mul,
            &beta,
            &x,
        );
        let d_t = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Mul,
            &beta,
            &x,
            &t,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_beta)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
        );
        let t_1 = ::adjoint::__private::unary::forward(&::adjoint::__private::Exp, &t);
        let d_t_1 = ::adjoint::__private::unary::jvp(
            &::adjoint::__private::Exp,
            &t,
            &t_1,
            &d_t,
        );
        let t_2 = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Add,
            &::adjoint::__private::literal_like(&t_1, 1.0),
            &t_1,
        );
        let d_t_2 = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Add,
            &::adjoint::__private::literal_like(&t_1, 1.0),
            &t_1,
            &t_2,
            ::core::option::Option::None,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
        );
        let t_3 = ::adjoint::__private::unary::forward(&::adjoint::__private::Ln, &t_2);
        let d_t_3 = ::adjoint::__private::unary::jvp(
            &::adjoint::__private::Ln,
            &t_2,
            &t_3,
            &d_t_2,
        );
        let y = ::adjoint::__private::binary::forward(
            &::adjoint::__private::Div,
            &t_3,
            &beta,
        );
        let d_y = ::adjoint::__private::binary::jvp(
            &::adjoint::__private::Div,
            &t_3,
            &beta,
            &y,
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
            ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_beta)),
        );
        let t_5 = ::adjoint::__private::reduce::sum(&y);
        let d_t_5 = ::adjoint::__private::reduce::sum_jvp(&y, &t_5, &d_y);
        let t_6 = (
            ::adjoint::__private::select::to_owned(&t_5),
            ::adjoint::__private::select::to_owned(&y),
        );
        let d_t_6 = (
            ::adjoint::__private::select::to_owned_jvp(
                &t_5,
                &(&t_6).0,
                ::core::borrow::Borrow::borrow(&d_t_5),
            ),
            ::adjoint::__private::select::to_owned_jvp(
                &y,
                &(&t_6).1,
                ::core::borrow::Borrow::borrow(&d_y),
            ),
        );
        let mut dd_x = ::core::option::Option::None;
        let mut dd_beta = ::core::option::Option::None;
        let mut dd_t = ::core::option::Option::None;
        let mut dd_t_1 = ::core::option::Option::None;
        let mut dd_t_2 = ::core::option::Option::None;
        let mut dd_t_3 = ::core::option::Option::None;
        let mut dd_y = ::core::option::Option::None;
        let mut dd_t_5 = ::core::option::Option::None;
        let mut dd_t_6 = ::core::option::Option::None;
        dd_t_6 = ::core::option::Option::map(dg, ::core::clone::Clone::clone);
        let dd_taken = ::core::option::Option::take(&mut dd_t_6);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_5,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken),
                |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                    &(__adjoint_dg).0,
                    &t_5,
                    &(&t_6).0,
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_y,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken),
                |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                    &(__adjoint_dg).1,
                    &y,
                    &(&t_6).1,
                ),
            ),
        );
        let d_t_5_1 = ::adjoint::__private::select::to_owned_vjp(
            &(g).0,
            &t_5,
            &(&t_6).0,
        );
        let mut d_y_1 = ::adjoint::__private::select::to_owned_vjp(
            &(g).1,
            &y,
            &(&t_6).1,
        );
        let dd_taken_1 = ::core::option::Option::take(&mut dd_t_5);
        ::adjoint::__private::accumulate_optional(
            &mut dd_y,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken_1),
                |__adjoint_dg| ::adjoint::__private::reduce::sum_vjp(
                    __adjoint_dg,
                    &y,
                    &t_5,
                ),
            ),
        );
        ::adjoint::__private::accumulate(
            &mut d_y_1,
            ::adjoint::__private::reduce::sum_vjp(&d_t_5_1, &y, &t_5),
        );
        let dd_taken_2 = ::core::option::Option::take(&mut dd_y);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_3,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Div,
                    &d_y_1,
                    &t_3,
                    &beta,
                    &y,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_beta),
                    ),
                    ::core::option::Option::as_ref(&dd_taken_2),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_beta,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Div,
                    &d_y_1,
                    &t_3,
                    &beta,
                    &y,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_3)),
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_beta),
                    ),
                    ::core::option::Option::as_ref(&dd_taken_2),
                ),
            ),
        );
        let d_t_3_1 = ::adjoint::__private::binary::vjp_lhs(
            &::adjoint::__private::Div,
            &d_y_1,
            &t_3,
            &beta,
            &y,
        );
        let mut d_beta_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Div,
            d_y_1,
            &t_3,
            &beta,
            &y,
        );
        let dd_taken_3 = ::core::option::Option::take(&mut dd_t_3);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_2,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_jvp(
                    &::adjoint::__private::Ln,
                    &d_t_3_1,
                    &t_2,
                    &t_3,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_2)),
                    ::core::option::Option::as_ref(&dd_taken_3),
                ),
            ),
        );
        let d_t_2_1 = ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Ln,
            d_t_3_1,
            &t_2,
            &t_3,
        );
        let dd_taken_4 = ::core::option::Option::take(&mut dd_t_2);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_1,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Add,
                    &d_t_2_1,
                    &::adjoint::__private::literal_like(&t_1, 1.0),
                    &t_1,
                    &t_2,
                    ::core::option::Option::None,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t_1)),
                    ::core::option::Option::as_ref(&dd_taken_4),
                ),
            ),
        );
        let d_t_1_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Add,
            d_t_2_1,
            &::adjoint::__private::literal_like(&t_1, 1.0),
            &t_1,
            &t_2,
        );
        let dd_taken_5 = ::core::option::Option::take(&mut dd_t_1);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t,
            ::core::option::Option::Some(
                ::adjoint::__private::unary::vjp_jvp(
                    &::adjoint::__private::Exp,
                    &d_t_1_1,
                    &t,
                    &t_1,
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_t)),
                    ::core::option::Option::as_ref(&dd_taken_5),
                ),
            ),
        );
        let d_t_4 = ::adjoint::__private::unary::vjp_owned(
            &::adjoint::__private::Exp,
            d_t_1_1,
            &t,
            &t_1,
        );
        let dd_taken_6 = ::core::option::Option::take(&mut dd_t);
        ::adjoint::__private::accumulate_optional(
            &mut dd_beta,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_lhs_jvp(
                    &::adjoint::__private::Mul,
                    &d_t_4,
                    &beta,
                    &x,
                    &t,
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_beta),
                    ),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::as_ref(&dd_taken_6),
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::core::option::Option::Some(
                ::adjoint::__private::binary::vjp_rhs_jvp(
                    &::adjoint::__private::Mul,
                    &d_t_4,
                    &beta,
                    &x,
                    &t,
                    ::core::option::Option::Some(
                        ::core::borrow::Borrow::borrow(&d_beta),
                    ),
                    ::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x)),
                    ::core::option::Option::as_ref(&dd_taken_6),
                ),
            ),
        );
        ::adjoint::__private::accumulate(
            &mut d_beta_1,
            ::adjoint::__private::binary::vjp_lhs(
                &::adjoint::__private::Mul,
                &d_t_4,
                &beta,
                &x,
                &t,
            ),
        );
        let d_x_1 = ::adjoint::__private::binary::vjp_rhs_owned(
            &::adjoint::__private::Mul,
            d_t_4,
            &beta,
            &x,
            &t,
        );
        (
            (
                if needs[0usize] {
                    ::core::option::Option::Some(d_x_1)
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(d_beta_1)
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
                            ::adjoint::__private::finish(dd_beta, true, &beta),
                        ),
                    )
                } else {
                    ::core::option::Option::None
                },
            ),
        )
    }
}

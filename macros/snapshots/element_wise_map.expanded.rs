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
    let y = ::adjoint::__private::closure::forward(
        [::adjoint::__private::closure::array(&x)],
        [::adjoint::__private::closure::scalar(&beta)],
        |[element0], [scalar0]| {
            let t = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Mul,
                &scalar0,
                &element0,
            );
            let t_1 = ::adjoint::__private::jet::unary(&::adjoint::__private::Exp, &t);
            let t_2 = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Add,
                &::adjoint::__private::jet::constant(&element0, 1.0),
                &t_1,
            );
            let t_3 = ::adjoint::__private::jet::unary(&::adjoint::__private::Ln, &t_2);
            let t_4 = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Div,
                &t_3,
                &scalar0,
            );
            t_4
        },
    );
    let t_6 = ::adjoint::__private::reduce::sum(&y);
    let t_7 = (
        ::adjoint::__private::select::to_owned(&t_6),
        ::adjoint::__private::select::to_owned(&y),
    );
    ::adjoint::__private::check_tangent::<
        (f64, Array1<f64>),
    >("softplus_vjp", "cotangent", "softplus(..)", &t_7, cotangent);
    let d_t_6 = ::adjoint::__private::select::to_owned_vjp(
        &(cotangent).0,
        &t_6,
        &(&t_7).0,
    );
    let mut d_y = ::adjoint::__private::select::to_owned_vjp(
        &(cotangent).1,
        &y,
        &(&t_7).1,
    );
    ::adjoint::__private::accumulate(
        &mut d_y,
        ::adjoint::__private::reduce::sum_vjp(&d_t_6, &y, &t_6),
    );
    let mut grads_y = ::adjoint::__private::closure::vjp(
        &d_y,
        [::adjoint::__private::closure::array(&x)],
        [::adjoint::__private::closure::scalar(&beta)],
        ([true], [true]),
        |[element0], [scalar0]| {
            let t = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Mul,
                &scalar0,
                &element0,
            );
            let t_1 = ::adjoint::__private::jet::unary(&::adjoint::__private::Exp, &t);
            let t_2 = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Add,
                &::adjoint::__private::jet::constant(&element0, 1.0),
                &t_1,
            );
            let t_3 = ::adjoint::__private::jet::unary(&::adjoint::__private::Ln, &t_2);
            let t_4 = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Div,
                &t_3,
                &scalar0,
            );
            t_4
        },
    );
    let d_x = ::adjoint::__private::needed(
        ::core::option::Option::take(&mut (grads_y).0[0usize]),
    );
    let d_beta = ::adjoint::__private::needed((grads_y).1[0usize]);
    (t_7, (d_x, d_beta))
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
    let y = ::adjoint::__private::closure::forward(
        [::adjoint::__private::closure::array(&x)],
        [::adjoint::__private::closure::scalar(&beta)],
        |[element0], [scalar0]| {
            let t = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Mul,
                &scalar0,
                &element0,
            );
            let t_1 = ::adjoint::__private::jet::unary(&::adjoint::__private::Exp, &t);
            let t_2 = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Add,
                &::adjoint::__private::jet::constant(&element0, 1.0),
                &t_1,
            );
            let t_3 = ::adjoint::__private::jet::unary(&::adjoint::__private::Ln, &t_2);
            let t_4 = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Div,
                &t_3,
                &scalar0,
            );
            t_4
        },
    );
    let d_y = ::adjoint::__private::closure::jvp(
        [::adjoint::__private::closure::array(&x)],
        [::adjoint::__private::closure::scalar(&beta)],
        (
            [::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x))],
            [::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_beta))],
        ),
        |[element0], [scalar0]| {
            let t = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Mul,
                &scalar0,
                &element0,
            );
            let t_1 = ::adjoint::__private::jet::unary(&::adjoint::__private::Exp, &t);
            let t_2 = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Add,
                &::adjoint::__private::jet::constant(&element0, 1.0),
                &t_1,
            );
            let t_3 = ::adjoint::__private::jet::unary(&::adjoint::__private::Ln, &t_2);
            let t_4 = ::adjoint::__private::jet::binary(
                &::adjoint::__private::Div,
                &t_3,
                &scalar0,
            );
            t_4
        },
    );
    let t_6 = ::adjoint::__private::reduce::sum(&y);
    let d_t_6 = ::adjoint::__private::reduce::sum_jvp(&y, &t_6, &d_y);
    let t_7 = (
        ::adjoint::__private::select::to_owned(&t_6),
        ::adjoint::__private::select::to_owned(&y),
    );
    let d_t_7 = (
        ::adjoint::__private::select::to_owned_jvp(
            &t_6,
            &(&t_7).0,
            ::core::borrow::Borrow::borrow(&d_t_6),
        ),
        ::adjoint::__private::select::to_owned_jvp(
            &y,
            &(&t_7).1,
            ::core::borrow::Borrow::borrow(&d_y),
        ),
    );
    ::core::mem::drop(d_t_6);
    ::core::mem::drop(d_y);
    ::core::mem::drop(t_6);
    ::core::mem::drop(y);
    let tangent = d_t_7;
    (t_7, tangent)
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
        let y = ::adjoint::__private::closure::forward(
            [::adjoint::__private::closure::array(&x)],
            [::adjoint::__private::closure::scalar(&beta)],
            |[element0], [scalar0]| {
                let t = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Mul,
                    &scalar0,
                    &element0,
                );
                let t_1 = ::adjoint::__private::jet::unary(
                    &::adjoint::__private::Exp,
                    &t,
                );
                let t_2 = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Add,
                    &::adjoint::__private::jet::constant(&element0, 1.0),
                    &t_1,
                );
                let t_3 = ::adjoint::__private::jet::unary(
                    &::adjoint::__private::Ln,
                    &t_2,
                );
                let t_4 = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Div,
                    &t_3,
                    &scalar0,
                );
                t_4
            },
        );
        let t_6 = ::adjoint::__private::reduce::sum(&y);
        let t_7 = (
            ::adjoint::__private::select::to_owned(&t_6),
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
            let t_7 = out;
            let mut d_x = ::core::option::Option::None;
            let mut d_beta = ::core::option::Option::None;
            let mut d_y = ::core::option::Option::None;
            let mut d_t_6 = ::core::option::Option::None;
            ::adjoint::__private::accumulate_optional(
                &mut d_t_6,
                if needs[0usize] || needs[1usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::select::to_owned_vjp(
                            &(g).0,
                            &t_6,
                            &(t_7).0,
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
                        ::adjoint::__private::select::to_owned_vjp(&(g).1, &y, &(t_7).1),
                    )
                } else {
                    ::core::option::Option::None
                },
            );
            if let ::core::option::Option::Some(g_t_6) = d_t_6.take() {
                ::adjoint::__private::accumulate_optional(
                    &mut d_y,
                    if needs[0usize] || needs[1usize] {
                        ::core::option::Option::Some(
                            ::adjoint::__private::reduce::sum_vjp(&g_t_6, &y, &t_6),
                        )
                    } else {
                        ::core::option::Option::None
                    },
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_t_6),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_y) = d_y.take() {
                let mut grads_y = ::adjoint::__private::closure::vjp(
                    &g_y,
                    [::adjoint::__private::closure::array(&x)],
                    [::adjoint::__private::closure::scalar(&beta)],
                    ([true], [true]),
                    |[element0], [scalar0]| {
                        let t = ::adjoint::__private::jet::binary(
                            &::adjoint::__private::Mul,
                            &scalar0,
                            &element0,
                        );
                        let t_1 = ::adjoint::__private::jet::unary(
                            &::adjoint::__private::Exp,
                            &t,
                        );
                        let t_2 = ::adjoint::__private::jet::binary(
                            &::adjoint::__private::Add,
                            &::adjoint::__private::jet::constant(&element0, 1.0),
                            &t_1,
                        );
                        let t_3 = ::adjoint::__private::jet::unary(
                            &::adjoint::__private::Ln,
                            &t_2,
                        );
                        let t_4 = ::adjoint::__private::jet::binary(
                            &::adjoint::__private::Div,
                            &t_3,
                            &scalar0,
                        );
                        t_4
                    },
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    ::core::option::Option::take(&mut (grads_y).0[0usize]),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_beta,
                    (grads_y).1[0usize],
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_y)))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_t_6 {
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
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(t_6)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(y)))
                .recycle_it();
            (
                ::adjoint::__private::finish(d_x, needs[0usize], &x),
                ::adjoint::__private::finish(d_beta, needs[1usize], &beta),
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
            let y = ::adjoint::__private::closure::forward(
                [::adjoint::__private::closure::array(&x)],
                [::adjoint::__private::closure::scalar(&beta)],
                |[element0], [scalar0]| {
                    let t = ::adjoint::__private::jet::binary(
                        &::adjoint::__private::Mul,
                        &scalar0,
                        &element0,
                    );
                    let t_1 = ::adjoint::__private::jet::unary(
                        &::adjoint::__private::Exp,
                        &t,
                    );
                    let t_2 = ::adjoint::__private::jet::binary(
                        &::adjoint::__private::Add,
                        &::adjoint::__private::jet::constant(&element0, 1.0),
                        &t_1,
                    );
                    let t_3 = ::adjoint::__private::jet::unary(
                        &::adjoint::__private::Ln,
                        &t_2,
                    );
                    let t_4 = ::adjoint::__private::jet::binary(
                        &::adjoint::__private::Div,
                        &t_3,
                        &scalar0,
                    );
                    t_4
                },
            );
            let d_y = ::adjoint::__private::closure::jvp(
                [::adjoint::__private::closure::array(&x)],
                [::adjoint::__private::closure::scalar(&beta)],
                (
                    [::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x))],
                    [
                        ::core::option::Option::Some(
                            ::core::borrow::Borrow::borrow(&d_beta),
                        ),
                    ],
                ),
                |[element0], [scalar0]| {
                    let t = ::adjoint::__private::jet::binary(
                        &::adjoint::__private::Mul,
                        &scalar0,
                        &element0,
                    );
                    let t_1 = ::adjoint::__private::jet::unary(
                        &::adjoint::__private::Exp,
                        &t,
                    );
                    let t_2 = ::adjoint::__private::jet::binary(
                        &::adjoint::__private::Add,
                        &::adjoint::__private::jet::constant(&element0, 1.0),
                        &t_1,
                    );
                    let t_3 = ::adjoint::__private::jet::unary(
                        &::adjoint::__private::Ln,
                        &t_2,
                    );
                    let t_4 = ::adjoint::__private::jet::binary(
                        &::adjoint::__private::Div,
                        &t_3,
                        &scalar0,
                    );
                    t_4
                },
            );
            let t_6 = ::adjoint::__private::reduce::sum(&y);
            let d_t_6 = ::adjoint::__private::reduce::sum_jvp(&y, &t_6, &d_y);
            let t_7 = (
                ::adjoint::__private::select::to_owned(&t_6),
                ::adjoint::__private::select::to_owned(&y),
            );
            let d_t_7 = (
                ::adjoint::__private::select::to_owned_jvp(
                    &t_6,
                    &(&t_7).0,
                    ::core::borrow::Borrow::borrow(&d_t_6),
                ),
                ::adjoint::__private::select::to_owned_jvp(
                    &y,
                    &(&t_7).1,
                    ::core::borrow::Borrow::borrow(&d_y),
                ),
            );
            ::core::mem::drop(d_t_6);
            ::core::mem::drop(d_y);
            ::core::mem::drop(t_6);
            ::core::mem::drop(y);
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
        let y = ::adjoint::__private::closure::forward(
            [::adjoint::__private::closure::array(&x)],
            [::adjoint::__private::closure::scalar(&beta)],
            |[element0], [scalar0]| {
                let t = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Mul,
                    &scalar0,
                    &element0,
                );
                let t_1 = ::adjoint::__private::jet::unary(
                    &::adjoint::__private::Exp,
                    &t,
                );
                let t_2 = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Add,
                    &::adjoint::__private::jet::constant(&element0, 1.0),
                    &t_1,
                );
                let t_3 = ::adjoint::__private::jet::unary(
                    &::adjoint::__private::Ln,
                    &t_2,
                );
                let t_4 = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Div,
                    &t_3,
                    &scalar0,
                );
                t_4
            },
        );
        let d_y = ::adjoint::__private::closure::jvp(
            [::adjoint::__private::closure::array(&x)],
            [::adjoint::__private::closure::scalar(&beta)],
            (
                [::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_x))],
                [::core::option::Option::Some(::core::borrow::Borrow::borrow(&d_beta))],
            ),
            |[element0], [scalar0]| {
                let t = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Mul,
                    &scalar0,
                    &element0,
                );
                let t_1 = ::adjoint::__private::jet::unary(
                    &::adjoint::__private::Exp,
                    &t,
                );
                let t_2 = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Add,
                    &::adjoint::__private::jet::constant(&element0, 1.0),
                    &t_1,
                );
                let t_3 = ::adjoint::__private::jet::unary(
                    &::adjoint::__private::Ln,
                    &t_2,
                );
                let t_4 = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Div,
                    &t_3,
                    &scalar0,
                );
                t_4
            },
        );
        let t_6 = ::adjoint::__private::reduce::sum(&y);
        let d_t_6 = ::adjoint::__private::reduce::sum_jvp(&y, &t_6, &d_y);
        let t_7 = (
            ::adjoint::__private::select::to_owned(&t_6),
            ::adjoint::__private::select::to_owned(&y),
        );
        let d_t_7 = (
            ::adjoint::__private::select::to_owned_jvp(
                &t_6,
                &(&t_7).0,
                ::core::borrow::Borrow::borrow(&d_t_6),
            ),
            ::adjoint::__private::select::to_owned_jvp(
                &y,
                &(&t_7).1,
                ::core::borrow::Borrow::borrow(&d_y),
            ),
        );
        let mut dd_x = ::core::option::Option::None;
        let mut dd_beta = ::core::option::Option::None;
        let mut dd_y = ::core::option::Option::None;
        let mut dd_t_6 = ::core::option::Option::None;
        let mut dd_t_7 = ::core::option::Option::None;
        dd_t_7 = ::core::option::Option::map(dg, ::core::clone::Clone::clone);
        let dd_taken = ::core::option::Option::take(&mut dd_t_7);
        ::adjoint::__private::accumulate_optional(
            &mut dd_t_6,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken),
                |__adjoint_dg| ::adjoint::__private::select::to_owned_vjp(
                    &(__adjoint_dg).0,
                    &t_6,
                    &(&t_7).0,
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
                    &(&t_7).1,
                ),
            ),
        );
        let d_t_6_1 = ::adjoint::__private::select::to_owned_vjp(
            &(g).0,
            &t_6,
            &(&t_7).0,
        );
        let mut d_y_1 = ::adjoint::__private::select::to_owned_vjp(
            &(g).1,
            &y,
            &(&t_7).1,
        );
        let dd_taken_1 = ::core::option::Option::take(&mut dd_t_6);
        ::adjoint::__private::accumulate_optional(
            &mut dd_y,
            ::core::option::Option::map(
                ::core::option::Option::as_ref(&dd_taken_1),
                |__adjoint_dg| ::adjoint::__private::reduce::sum_vjp(
                    __adjoint_dg,
                    &y,
                    &t_6,
                ),
            ),
        );
        ::adjoint::__private::accumulate(
            &mut d_y_1,
            ::adjoint::__private::reduce::sum_vjp(&d_t_6_1, &y, &t_6),
        );
        let dd_taken_2 = ::core::option::Option::take(&mut dd_y);
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::core::option::Option::Some(
                ::adjoint::__private::closure::vjp_jvp_array(
                    &d_y_1,
                    [::adjoint::__private::closure::array(&x)],
                    ([::adjoint::__private::closure::scalar(&beta)], 0usize),
                    (
                        (
                            [
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_x),
                                ),
                            ],
                            [
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_beta),
                                ),
                            ],
                        ),
                        ::core::option::Option::as_ref(&dd_taken_2),
                    ),
                    |[element0], [scalar0]| {
                        let t = ::adjoint::__private::jet::binary(
                            &::adjoint::__private::Mul,
                            &scalar0,
                            &element0,
                        );
                        let t_1 = ::adjoint::__private::jet::unary(
                            &::adjoint::__private::Exp,
                            &t,
                        );
                        let t_2 = ::adjoint::__private::jet::binary(
                            &::adjoint::__private::Add,
                            &::adjoint::__private::jet::constant(&element0, 1.0),
                            &t_1,
                        );
                        let t_3 = ::adjoint::__private::jet::unary(
                            &::adjoint::__private::Ln,
                            &t_2,
                        );
                        let t_4 = ::adjoint::__private::jet::binary(
                            &::adjoint::__private::Div,
                            &t_3,
                            &scalar0,
                        );
                        t_4
                    },
                ),
            ),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_beta,
            ::core::option::Option::Some(
                ::adjoint::__private::closure::vjp_jvp_scalar(
                    &d_y_1,
                    [::adjoint::__private::closure::array(&x)],
                    ([::adjoint::__private::closure::scalar(&beta)], 0usize),
                    (
                        (
                            [
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_x),
                                ),
                            ],
                            [
                                ::core::option::Option::Some(
                                    ::core::borrow::Borrow::borrow(&d_beta),
                                ),
                            ],
                        ),
                        ::core::option::Option::as_ref(&dd_taken_2),
                    ),
                    |[element0], [scalar0]| {
                        let t = ::adjoint::__private::jet::binary(
                            &::adjoint::__private::Mul,
                            &scalar0,
                            &element0,
                        );
                        let t_1 = ::adjoint::__private::jet::unary(
                            &::adjoint::__private::Exp,
                            &t,
                        );
                        let t_2 = ::adjoint::__private::jet::binary(
                            &::adjoint::__private::Add,
                            &::adjoint::__private::jet::constant(&element0, 1.0),
                            &t_1,
                        );
                        let t_3 = ::adjoint::__private::jet::unary(
                            &::adjoint::__private::Ln,
                            &t_2,
                        );
                        let t_4 = ::adjoint::__private::jet::binary(
                            &::adjoint::__private::Div,
                            &t_3,
                            &scalar0,
                        );
                        t_4
                    },
                ),
            ),
        );
        let mut grads_y = ::adjoint::__private::closure::vjp(
            &d_y_1,
            [::adjoint::__private::closure::array(&x)],
            [::adjoint::__private::closure::scalar(&beta)],
            ([true], [true]),
            |[element0], [scalar0]| {
                let t = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Mul,
                    &scalar0,
                    &element0,
                );
                let t_1 = ::adjoint::__private::jet::unary(
                    &::adjoint::__private::Exp,
                    &t,
                );
                let t_2 = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Add,
                    &::adjoint::__private::jet::constant(&element0, 1.0),
                    &t_1,
                );
                let t_3 = ::adjoint::__private::jet::unary(
                    &::adjoint::__private::Ln,
                    &t_2,
                );
                let t_4 = ::adjoint::__private::jet::binary(
                    &::adjoint::__private::Div,
                    &t_3,
                    &scalar0,
                );
                t_4
            },
        );
        let d_x_1 = ::adjoint::__private::needed(
            ::core::option::Option::take(&mut (grads_y).0[0usize]),
        );
        let d_beta_1 = ::adjoint::__private::needed((grads_y).1[0usize]);
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

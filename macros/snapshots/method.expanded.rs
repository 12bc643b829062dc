impl Mlp {
    #[allow(dead_code)]
    pub fn loss(&self, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
        let h = relu(&dense(&self.hidden, x));
        softmax_cross_entropy(&dense(&self.out, &h), labels)
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
    pub fn loss_grad(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
    ) -> (f32, (Self, Array2<f32>)) {
        let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(&self.hidden, x);
        let (h, pullback_h) = <relu>::__adjoint_forward(&dense_1);
        let (dense_2, pullback_dense_2) = <dense>::__adjoint_forward(&self.out, &h);
        let (softmax_cross_entropy_1, pullback_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_forward(
            &dense_2,
            labels,
        );
        let d_softmax_cross_entropy_1: f32 = ::adjoint::__private::one();
        let grads_softmax_cross_entropy_1 = pullback_softmax_cross_entropy_1
            .pullback(
                (&&dense_2, &labels),
                &softmax_cross_entropy_1,
                &d_softmax_cross_entropy_1,
                [true, false],
            );
        let d_dense_2 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
        );
        let grads_dense_2 = pullback_dense_2
            .pullback((&&self.out, &&h), &dense_2, &d_dense_2, [true, true]);
        let d_part_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_2.0),
        );
        let d_h = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_2.1),
        );
        let mut d_self = ::adjoint::__private::unfilled_tangent(&self);
        if !(::adjoint::__private::Params::is_constant_field(&d_self, "out")) {
            ::adjoint::__private::replace_part(&mut d_self.out, d_part_1);
        }
        let grads_h = pullback_h.pullback((&&dense_1,), &h, &d_h, [true]);
        let d_dense_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_h.0),
        );
        let grads_dense_1 = pullback_dense_1
            .pullback((&&self.hidden, &x), &dense_1, &d_dense_1, [true, true]);
        let d_part = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.0),
        );
        let d_x = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.1),
        );
        if !(::adjoint::__private::Params::is_constant_field(&d_self, "hidden")) {
            ::adjoint::__private::replace_part(&mut d_self.hidden, d_part);
        }
        (
            softmax_cross_entropy_1,
            (::adjoint::__private::fill_unwritten(d_self, &self), d_x),
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
    pub fn loss_grad_into_with(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
        grads: &mut (Self, Array2<f32>),
        workspace: &mut ::adjoint::Workspace,
        hook: &mut impl ::adjoint::GradientHook,
    ) -> f32 {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        ::adjoint::__private::check_tangent::<
            &Self,
        >("loss_grad_into", "grads.0", "self", &self, &grads.0);
        ::adjoint::__private::check_tangent::<
            &Array2<f32>,
        >("loss_grad_into", "grads.1", "x", &x, &grads.1);
        let installed = ::adjoint::__private::install(workspace);
        {
            let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(
                &self.hidden,
                x,
            );
            let (h, pullback_h) = <relu>::__adjoint_forward(&dense_1);
            let (dense_2, pullback_dense_2) = <dense>::__adjoint_forward(&self.out, &h);
            let (softmax_cross_entropy_1, pullback_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_forward(
                &dense_2,
                labels,
            );
            let d_softmax_cross_entropy_1: f32 = ::adjoint::__private::one();
            let grads_softmax_cross_entropy_1 = pullback_softmax_cross_entropy_1
                .pullback(
                    (&&dense_2, &labels),
                    &softmax_cross_entropy_1,
                    &d_softmax_cross_entropy_1,
                    [true, false],
                );
            let d_dense_2 = ::adjoint::__private::needed(
                ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
            );
            hook.progress();
            let grads_dense_2 = pullback_dense_2
                .pullback((&&self.out, &&h), &dense_2, &d_dense_2, [true, true]);
            let d_part_1 = ::adjoint::__private::needed(
                ::adjoint::__private::call_adjoint(grads_dense_2.0),
            );
            let d_h = ::adjoint::__private::needed(
                ::adjoint::__private::call_adjoint(grads_dense_2.1),
            );
            hook.progress();
            let d_self = &mut grads.0;
            if !(::adjoint::__private::Params::is_constant_field(&(*d_self), "out")) {
                ::adjoint::__private::accumulate(&mut (*d_self).out, d_part_1);
            }
            if !(::adjoint::__private::Params::is_constant_field(&(*d_self), "out")) {
                hook.part_final(&(*d_self).out);
            }
            hook.progress();
            let grads_h = pullback_h.pullback((&&dense_1,), &h, &d_h, [true]);
            let d_dense_1 = ::adjoint::__private::needed(
                ::adjoint::__private::call_adjoint(grads_h.0),
            );
            hook.progress();
            let grads_dense_1 = pullback_dense_1
                .pullback((&&self.hidden, &x), &dense_1, &d_dense_1, [true, true]);
            let d_part = ::adjoint::__private::needed(
                ::adjoint::__private::call_adjoint(grads_dense_1.0),
            );
            let d_x = ::adjoint::__private::needed(
                ::adjoint::__private::call_adjoint(grads_dense_1.1),
            );
            ::adjoint::__private::accumulate(&mut grads.1, d_x);
            hook.part_final(&grads.1);
            hook.progress();
            if !(::adjoint::__private::Params::is_constant_field(&(*d_self), "hidden")) {
                ::adjoint::__private::accumulate(&mut (*d_self).hidden, d_part);
            }
            if !(::adjoint::__private::Params::is_constant_field(&(*d_self), "hidden")) {
                hook.part_final(&(*d_self).hidden);
            }
            (&mut ::adjoint::__private::Recycler(
                ::core::option::Option::Some(d_softmax_cross_entropy_1),
            ))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(
                ::core::option::Option::Some(d_dense_2),
            ))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(d_h)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(
                ::core::option::Option::Some(d_dense_1),
            ))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(dense_2)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(h)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(dense_1)))
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
    pub fn loss_grad_into(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
        grads: &mut (Self, Array2<f32>),
        workspace: &mut ::adjoint::Workspace,
    ) -> f32 {
        self.loss_grad_into_with(x, labels, grads, workspace, &mut ())
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
    pub fn loss_vjp(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
        cotangent: &f32,
    ) -> (f32, (Self, Array2<f32>)) {
        let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(&self.hidden, x);
        let (h, pullback_h) = <relu>::__adjoint_forward(&dense_1);
        let (dense_2, pullback_dense_2) = <dense>::__adjoint_forward(&self.out, &h);
        let (softmax_cross_entropy_1, pullback_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_forward(
            &dense_2,
            labels,
        );
        ::adjoint::__private::check_tangent::<
            f32,
        >("loss_vjp", "cotangent", "loss(..)", &softmax_cross_entropy_1, cotangent);
        let grads_softmax_cross_entropy_1 = pullback_softmax_cross_entropy_1
            .pullback(
                (&&dense_2, &labels),
                &softmax_cross_entropy_1,
                cotangent,
                [true, false],
            );
        let d_dense_2 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
        );
        let grads_dense_2 = pullback_dense_2
            .pullback((&&self.out, &&h), &dense_2, &d_dense_2, [true, true]);
        let d_part_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_2.0),
        );
        let d_h = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_2.1),
        );
        let mut d_self = ::adjoint::__private::unfilled_tangent(&self);
        if !(::adjoint::__private::Params::is_constant_field(&d_self, "out")) {
            ::adjoint::__private::replace_part(&mut d_self.out, d_part_1);
        }
        let grads_h = pullback_h.pullback((&&dense_1,), &h, &d_h, [true]);
        let d_dense_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_h.0),
        );
        let grads_dense_1 = pullback_dense_1
            .pullback((&&self.hidden, &x), &dense_1, &d_dense_1, [true, true]);
        let d_part = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.0),
        );
        let d_x = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.1),
        );
        if !(::adjoint::__private::Params::is_constant_field(&d_self, "hidden")) {
            ::adjoint::__private::replace_part(&mut d_self.hidden, d_part);
        }
        (
            softmax_cross_entropy_1,
            (::adjoint::__private::fill_unwritten(d_self, &self), d_x),
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
    pub fn loss_jvp(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
        d_self: &Self,
        d_x: &Array2<f32>,
    ) -> (f32, f32) {
        let d_part = if {
            use ::adjoint::__private::Params as _;
            (&d_self).is_constant_field("hidden")
        } {
            ::adjoint::__private::zero_tangent(&(*&self).hidden)
        } else {
            ::core::clone::Clone::clone(&(*&d_self).hidden)
        };
        let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
            &self.hidden,
            x,
            (
                ::adjoint::__private::call_tangent(&d_part),
                ::adjoint::__private::call_tangent(&d_x),
            ),
        );
        ::core::mem::drop(d_part);
        let (h, d_h) = <relu>::__adjoint_jvp(
            &dense_1,
            (::adjoint::__private::call_tangent(&d_dense_1),),
        );
        ::core::mem::drop(d_dense_1);
        ::core::mem::drop(dense_1);
        let d_part_1 = if {
            use ::adjoint::__private::Params as _;
            (&d_self).is_constant_field("out")
        } {
            ::adjoint::__private::zero_tangent(&(*&self).out)
        } else {
            ::core::clone::Clone::clone(&(*&d_self).out)
        };
        let (dense_2, d_dense_2) = <dense>::__adjoint_jvp(
            &self.out,
            &h,
            (
                ::adjoint::__private::call_tangent(&d_part_1),
                ::adjoint::__private::call_tangent(&d_h),
            ),
        );
        ::core::mem::drop(d_part_1);
        ::core::mem::drop(d_h);
        ::core::mem::drop(h);
        let (softmax_cross_entropy_1, d_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_jvp(
            &dense_2,
            labels,
            (
                ::adjoint::__private::call_tangent(&d_dense_2),
                ::core::option::Option::None,
            ),
        );
        ::core::mem::drop(d_dense_2);
        ::core::mem::drop(dense_2);
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
    pub fn loss_hvp(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
        d_self: &Self,
        d_x: &Array2<f32>,
    ) -> (f32, (Self, Array2<f32>), (Self, Array2<f32>)) {
        let d_part = if {
            use ::adjoint::__private::Params as _;
            (&d_self).is_constant_field("hidden")
        } {
            ::adjoint::__private::zero_tangent(&(*&self).hidden)
        } else {
            ::core::clone::Clone::clone(&(*&d_self).hidden)
        };
        let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
            &self.hidden,
            x,
            (
                ::adjoint::__private::call_tangent(&d_part),
                ::adjoint::__private::call_tangent(&d_x),
            ),
        );
        let (h, d_h) = <relu>::__adjoint_jvp(
            &dense_1,
            (::adjoint::__private::call_tangent(&d_dense_1),),
        );
        let d_part_1 = if {
            use ::adjoint::__private::Params as _;
            (&d_self).is_constant_field("out")
        } {
            ::adjoint::__private::zero_tangent(&(*&self).out)
        } else {
            ::core::clone::Clone::clone(&(*&d_self).out)
        };
        let (dense_2, d_dense_2) = <dense>::__adjoint_jvp(
            &self.out,
            &h,
            (
                ::adjoint::__private::call_tangent(&d_part_1),
                ::adjoint::__private::call_tangent(&d_h),
            ),
        );
        let (softmax_cross_entropy_1, d_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_jvp(
            &dense_2,
            labels,
            (
                ::adjoint::__private::call_tangent(&d_dense_2),
                ::core::option::Option::None,
            ),
        );
        let mut dd_self = ::core::option::Option::None;
        let mut dd_x = ::core::option::Option::None;
        let mut dd_part = ::core::option::Option::None;
        let mut dd_dense_1 = ::core::option::Option::None;
        let mut dd_h = ::core::option::Option::None;
        let mut dd_part_1 = ::core::option::Option::None;
        let mut dd_dense_2 = ::core::option::Option::None;
        let mut dd_softmax_cross_entropy_1 = ::core::option::Option::None;
        let d_softmax_cross_entropy_1_1: f32 = ::adjoint::__private::one();
        let dd_taken = ::core::option::Option::take(&mut dd_softmax_cross_entropy_1);
        let (grads_softmax_cross_entropy_1, dd_grads_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_hvp(
            (&&dense_2, &labels),
            (
                ::adjoint::__private::call_tangent(&d_dense_2),
                ::core::option::Option::None,
            ),
            &d_softmax_cross_entropy_1_1,
            ::core::option::Option::as_ref(&dd_taken),
            [true, false],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_dense_2,
            ::adjoint::__private::call_adjoint(dd_grads_softmax_cross_entropy_1.0),
        );
        let d_dense_2_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
        );
        let dd_taken_1 = ::core::option::Option::take(&mut dd_dense_2);
        let (grads_dense_2, dd_grads_dense_2) = <dense>::__adjoint_hvp(
            (&&self.out, &&h),
            (
                ::adjoint::__private::call_tangent(&d_part_1),
                ::adjoint::__private::call_tangent(&d_h),
            ),
            &d_dense_2_1,
            ::core::option::Option::as_ref(&dd_taken_1),
            [true, true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_part_1,
            ::adjoint::__private::call_adjoint(dd_grads_dense_2.0),
        );
        let d_part_1_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_2.0),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_h,
            ::adjoint::__private::call_adjoint(dd_grads_dense_2.1),
        );
        let d_h_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_2.1),
        );
        if let ::core::option::Option::Some(dd_part_2) = ::core::option::Option::take(
            &mut dd_part_1,
        ) {
            if !(::adjoint::__private::Params::is_constant_field(
                &(*::adjoint::__private::adjoint_slot(&mut dd_self, &self)),
                "out",
            )) {
                ::adjoint::__private::accumulate(
                    &mut (*::adjoint::__private::adjoint_slot(&mut dd_self, &self)).out,
                    dd_part_2,
                );
            }
        }
        let mut d_self_1 = ::adjoint::__private::unfilled_tangent(&self);
        if !(::adjoint::__private::Params::is_constant_field(&d_self_1, "out")) {
            ::adjoint::__private::replace_part(&mut d_self_1.out, d_part_1_1);
        }
        let dd_taken_2 = ::core::option::Option::take(&mut dd_h);
        let (grads_h, dd_grads_h) = <relu>::__adjoint_hvp(
            (&&dense_1,),
            (::adjoint::__private::call_tangent(&d_dense_1),),
            &d_h_1,
            ::core::option::Option::as_ref(&dd_taken_2),
            [true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_dense_1,
            ::adjoint::__private::call_adjoint(dd_grads_h.0),
        );
        let d_dense_1_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_h.0),
        );
        let dd_taken_3 = ::core::option::Option::take(&mut dd_dense_1);
        let (grads_dense_1, dd_grads_dense_1) = <dense>::__adjoint_hvp(
            (&&self.hidden, &x),
            (
                ::adjoint::__private::call_tangent(&d_part),
                ::adjoint::__private::call_tangent(&d_x),
            ),
            &d_dense_1_1,
            ::core::option::Option::as_ref(&dd_taken_3),
            [true, true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_part,
            ::adjoint::__private::call_adjoint(dd_grads_dense_1.0),
        );
        let d_part_2 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.0),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::adjoint::__private::call_adjoint(dd_grads_dense_1.1),
        );
        let d_x_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.1),
        );
        if let ::core::option::Option::Some(dd_part_3) = ::core::option::Option::take(
            &mut dd_part,
        ) {
            if !(::adjoint::__private::Params::is_constant_field(
                &(*::adjoint::__private::adjoint_slot(&mut dd_self, &self)),
                "hidden",
            )) {
                ::adjoint::__private::accumulate(
                    &mut (*::adjoint::__private::adjoint_slot(&mut dd_self, &self))
                        .hidden,
                    dd_part_3,
                );
            }
        }
        if !(::adjoint::__private::Params::is_constant_field(&d_self_1, "hidden")) {
            ::adjoint::__private::replace_part(&mut d_self_1.hidden, d_part_2);
        }
        let gradient = (::adjoint::__private::fill_unwritten(d_self_1, &self), d_x_1);
        (
            softmax_cross_entropy_1,
            gradient,
            (
                ::adjoint::__private::needed(
                    ::adjoint::__private::finish(dd_self, true, &self),
                ),
                ::adjoint::__private::needed(
                    ::adjoint::__private::finish(dd_x, true, &x),
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
    pub fn __adjoint_forward_loss(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
    ) -> (
        f32,
        ::adjoint::__private::Pullback<
            impl ::core::ops::FnOnce(
                (&&Self, &&Array2<f32>, &&Array1<usize>),
                &f32,
                &f32,
                [bool; 3usize],
            ) -> (
                    ::core::option::Option<Self>,
                    ::core::option::Option<Array2<f32>>,
                    (),
                ) + use<>,
        >,
    ) {
        #[allow(unused_imports)]
        use ::adjoint::__private::{ViaDrop as _, ViaRecycle as _};
        let (dense_1, pullback_dense_1) = <dense>::__adjoint_forward(&self.hidden, x);
        let (h, pullback_h) = <relu>::__adjoint_forward(&dense_1);
        let (dense_2, pullback_dense_2) = <dense>::__adjoint_forward(&self.out, &h);
        let (softmax_cross_entropy_1, pullback_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_forward(
            &dense_2,
            labels,
        );
        let pullback = ::adjoint::__private::Pullback(move |
            (this, x, labels): (&&Self, &&Array2<f32>, &&Array1<usize>),
            out_1: &f32,
            g: &f32,
            needs: [bool; 3usize],
        | -> (::core::option::Option<Self>, ::core::option::Option<Array2<f32>>, ()) {
            let this = *this;
            let x = *x;
            let labels = *labels;
            let softmax_cross_entropy_1 = out_1;
            let mut d_self = ::core::option::Option::None;
            let mut d_x = ::core::option::Option::None;
            let mut d_part = ::core::option::Option::None;
            let mut d_dense_1 = ::core::option::Option::None;
            let mut d_h = ::core::option::Option::None;
            let mut d_part_1 = ::core::option::Option::None;
            let mut d_dense_2 = ::core::option::Option::None;
            let grads_softmax_cross_entropy_1 = pullback_softmax_cross_entropy_1
                .pullback(
                    (&&dense_2, &labels),
                    softmax_cross_entropy_1,
                    g,
                    [needs[0usize] || needs[1usize], false],
                );
            ::adjoint::__private::accumulate_optional(
                &mut d_dense_2,
                ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
            );
            if let ::core::option::Option::Some(g_dense_2) = d_dense_2.take() {
                let grads_dense_2 = pullback_dense_2
                    .pullback(
                        (&&this.out, &&h),
                        &dense_2,
                        &g_dense_2,
                        [needs[0usize], needs[0usize] || needs[1usize]],
                    );
                ::adjoint::__private::accumulate_optional(
                    &mut d_part_1,
                    ::adjoint::__private::call_adjoint(grads_dense_2.0),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_h,
                    ::adjoint::__private::call_adjoint(grads_dense_2.1),
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_dense_2),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_part_1) = d_part_1.take() {
                if !(::adjoint::__private::Params::is_constant_field(
                    &(*::adjoint::__private::adjoint_slot(&mut d_self, &this)),
                    "out",
                )) {
                    ::adjoint::__private::replace_part(
                        &mut (*::adjoint::__private::adjoint_slot(&mut d_self, &this))
                            .out,
                        g_part_1,
                    );
                }
            }
            if let ::core::option::Option::Some(g_h) = d_h.take() {
                let grads_h = pullback_h
                    .pullback((&&dense_1,), &h, &g_h, [needs[0usize] || needs[1usize]]);
                ::adjoint::__private::accumulate_optional(
                    &mut d_dense_1,
                    ::adjoint::__private::call_adjoint(grads_h.0),
                );
                (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(g_h)))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_dense_1) = d_dense_1.take() {
                let grads_dense_1 = pullback_dense_1
                    .pullback(
                        (&&this.hidden, &x),
                        &dense_1,
                        &g_dense_1,
                        [needs[0usize], needs[1usize]],
                    );
                ::adjoint::__private::accumulate_optional(
                    &mut d_part,
                    ::adjoint::__private::call_adjoint(grads_dense_1.0),
                );
                ::adjoint::__private::accumulate_optional(
                    &mut d_x,
                    ::adjoint::__private::call_adjoint(grads_dense_1.1),
                );
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(g_dense_1),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(g_part) = d_part.take() {
                if !(::adjoint::__private::Params::is_constant_field(
                    &(*::adjoint::__private::adjoint_slot(&mut d_self, &this)),
                    "hidden",
                )) {
                    ::adjoint::__private::replace_part(
                        &mut (*::adjoint::__private::adjoint_slot(&mut d_self, &this))
                            .hidden,
                        g_part,
                    );
                }
            }
            if let ::core::option::Option::Some(given) = d_dense_2 {
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
            if let ::core::option::Option::Some(given) = d_h {
                (&mut ::adjoint::__private::Recycler(
                    ::core::option::Option::Some(given),
                ))
                    .recycle_it();
            }
            if let ::core::option::Option::Some(given) = d_dense_1 {
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
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(dense_2)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(h)))
                .recycle_it();
            (&mut ::adjoint::__private::Recycler(::core::option::Option::Some(dense_1)))
                .recycle_it();
            (
                ::adjoint::__private::finish(d_self, needs[0usize], &this),
                ::adjoint::__private::finish(d_x, needs[1usize], &x),
                (),
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
    pub fn __adjoint_jvp_loss(
        &self,
        x: &Array2<f32>,
        labels: &Array1<usize>,
        tangents: (
            ::core::option::Option<&Self>,
            ::core::option::Option<&Array2<f32>>,
            ::core::option::Option<&()>,
        ),
    ) -> (f32, f32) {
        let (given_0, given_1, given_2) = tangents;
        let zero_self;
        let d_self = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_self = ::adjoint::__private::zero_tangent(&self);
                &zero_self
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
            let d_part = if {
                use ::adjoint::__private::Params as _;
                (&d_self).is_constant_field("hidden")
            } {
                ::adjoint::__private::zero_tangent(&(*&self).hidden)
            } else {
                ::core::clone::Clone::clone(&(*&d_self).hidden)
            };
            let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
                &self.hidden,
                x,
                (
                    ::adjoint::__private::call_tangent(&d_part),
                    ::adjoint::__private::call_tangent(&d_x),
                ),
            );
            ::core::mem::drop(d_part);
            let (h, d_h) = <relu>::__adjoint_jvp(
                &dense_1,
                (::adjoint::__private::call_tangent(&d_dense_1),),
            );
            ::core::mem::drop(d_dense_1);
            ::core::mem::drop(dense_1);
            let d_part_1 = if {
                use ::adjoint::__private::Params as _;
                (&d_self).is_constant_field("out")
            } {
                ::adjoint::__private::zero_tangent(&(*&self).out)
            } else {
                ::core::clone::Clone::clone(&(*&d_self).out)
            };
            let (dense_2, d_dense_2) = <dense>::__adjoint_jvp(
                &self.out,
                &h,
                (
                    ::adjoint::__private::call_tangent(&d_part_1),
                    ::adjoint::__private::call_tangent(&d_h),
                ),
            );
            ::core::mem::drop(d_part_1);
            ::core::mem::drop(d_h);
            ::core::mem::drop(h);
            let (softmax_cross_entropy_1, d_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_jvp(
                &dense_2,
                labels,
                (
                    ::adjoint::__private::call_tangent(&d_dense_2),
                    ::core::option::Option::None,
                ),
            );
            ::core::mem::drop(d_dense_2);
            ::core::mem::drop(dense_2);
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
    pub fn __adjoint_hvp_loss(
        &self,
        (arg_1, arg_2): (&&Array2<f32>, &&Array1<usize>),
        tangents: (
            ::core::option::Option<&Self>,
            ::core::option::Option<&Array2<f32>>,
            ::core::option::Option<&()>,
        ),
        g: &f32,
        dg: ::core::option::Option<&f32>,
        needs: [bool; 3usize],
    ) -> (
        (::core::option::Option<Self>, ::core::option::Option<Array2<f32>>, ()),
        (::core::option::Option<Self>, ::core::option::Option<Array2<f32>>, ()),
    ) {
        let x = ::core::clone::Clone::clone(arg_1);
        let labels = ::core::clone::Clone::clone(arg_2);
        let (given_0, given_1, given_2) = tangents;
        let zero_self;
        let d_self = match given_0 {
            ::core::option::Option::Some(tangent) => tangent,
            ::core::option::Option::None => {
                zero_self = ::adjoint::__private::zero_tangent(&self);
                &zero_self
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
        let d_part = if {
            use ::adjoint::__private::Params as _;
            (&d_self).is_constant_field("hidden")
        } {
            ::adjoint::__private::zero_tangent(&(*&self).hidden)
        } else {
            ::core::clone::Clone::clone(&(*&d_self).hidden)
        };
        let (dense_1, d_dense_1) = <dense>::__adjoint_jvp(
            &self.hidden,
            x,
            (
                ::adjoint::__private::call_tangent(&d_part),
                ::adjoint::__private::call_tangent(&d_x),
            ),
        );
        let (h, d_h) = <relu>::__adjoint_jvp(
            &dense_1,
            (::adjoint::__private::call_tangent(&d_dense_1),),
        );
        let d_part_1 = if {
            use ::adjoint::__private::Params as _;
            (&d_self).is_constant_field("out")
        } {
            ::adjoint::__private::zero_tangent(&(*&self).out)
        } else {
            ::core::clone::Clone::clone(&(*&d_self).out)
        };
        let (dense_2, d_dense_2) = <dense>::__adjoint_jvp(
            &self.out,
            &h,
            (
                ::adjoint::__private::call_tangent(&d_part_1),
                ::adjoint::__private::call_tangent(&d_h),
            ),
        );
        let (softmax_cross_entropy_1, d_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_jvp(
            &dense_2,
            labels,
            (
                ::adjoint::__private::call_tangent(&d_dense_2),
                ::core::option::Option::None,
            ),
        );
        let mut dd_self = ::core::option::Option::None;
        let mut dd_x = ::core::option::Option::None;
        let mut dd_part = ::core::option::Option::None;
        let mut dd_dense_1 = ::core::option::Option::None;
        let mut dd_h = ::core::option::Option::None;
        let mut dd_part_1 = ::core::option::Option::None;
        let mut dd_dense_2 = ::core::option::Option::None;
        let mut dd_softmax_cross_entropy_1 = ::core::option::Option::None;
        dd_softmax_cross_entropy_1 = ::core::option::Option::map(
            dg,
            ::core::clone::Clone::clone,
        );
        let dd_taken = ::core::option::Option::take(&mut dd_softmax_cross_entropy_1);
        let (grads_softmax_cross_entropy_1, dd_grads_softmax_cross_entropy_1) = <softmax_cross_entropy>::__adjoint_hvp(
            (&&dense_2, &labels),
            (
                ::adjoint::__private::call_tangent(&d_dense_2),
                ::core::option::Option::None,
            ),
            g,
            ::core::option::Option::as_ref(&dd_taken),
            [true, false],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_dense_2,
            ::adjoint::__private::call_adjoint(dd_grads_softmax_cross_entropy_1.0),
        );
        let d_dense_2_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_softmax_cross_entropy_1.0),
        );
        let dd_taken_1 = ::core::option::Option::take(&mut dd_dense_2);
        let (grads_dense_2, dd_grads_dense_2) = <dense>::__adjoint_hvp(
            (&&self.out, &&h),
            (
                ::adjoint::__private::call_tangent(&d_part_1),
                ::adjoint::__private::call_tangent(&d_h),
            ),
            &d_dense_2_1,
            ::core::option::Option::as_ref(&dd_taken_1),
            [true, true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_part_1,
            ::adjoint::__private::call_adjoint(dd_grads_dense_2.0),
        );
        let d_part_1_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_2.0),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_h,
            ::adjoint::__private::call_adjoint(dd_grads_dense_2.1),
        );
        let d_h_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_2.1),
        );
        if let ::core::option::Option::Some(dd_part_2) = ::core::option::Option::take(
            &mut dd_part_1,
        ) {
            if !(::adjoint::__private::Params::is_constant_field(
                &(*::adjoint::__private::adjoint_slot(&mut dd_self, &self)),
                "out",
            )) {
                ::adjoint::__private::accumulate(
                    &mut (*::adjoint::__private::adjoint_slot(&mut dd_self, &self)).out,
                    dd_part_2,
                );
            }
        }
        let mut d_self_1 = ::adjoint::__private::unfilled_tangent(&self);
        if !(::adjoint::__private::Params::is_constant_field(&d_self_1, "out")) {
            ::adjoint::__private::replace_part(&mut d_self_1.out, d_part_1_1);
        }
        let dd_taken_2 = ::core::option::Option::take(&mut dd_h);
        let (grads_h, dd_grads_h) = <relu>::__adjoint_hvp(
            (&&dense_1,),
            (::adjoint::__private::call_tangent(&d_dense_1),),
            &d_h_1,
            ::core::option::Option::as_ref(&dd_taken_2),
            [true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_dense_1,
            ::adjoint::__private::call_adjoint(dd_grads_h.0),
        );
        let d_dense_1_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_h.0),
        );
        let dd_taken_3 = ::core::option::Option::take(&mut dd_dense_1);
        let (grads_dense_1, dd_grads_dense_1) = <dense>::__adjoint_hvp(
            (&&self.hidden, &x),
            (
                ::adjoint::__private::call_tangent(&d_part),
                ::adjoint::__private::call_tangent(&d_x),
            ),
            &d_dense_1_1,
            ::core::option::Option::as_ref(&dd_taken_3),
            [true, true],
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_part,
            ::adjoint::__private::call_adjoint(dd_grads_dense_1.0),
        );
        let d_part_2 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.0),
        );
        ::adjoint::__private::accumulate_optional(
            &mut dd_x,
            ::adjoint::__private::call_adjoint(dd_grads_dense_1.1),
        );
        let d_x_1 = ::adjoint::__private::needed(
            ::adjoint::__private::call_adjoint(grads_dense_1.1),
        );
        if let ::core::option::Option::Some(dd_part_3) = ::core::option::Option::take(
            &mut dd_part,
        ) {
            if !(::adjoint::__private::Params::is_constant_field(
                &(*::adjoint::__private::adjoint_slot(&mut dd_self, &self)),
                "hidden",
            )) {
                ::adjoint::__private::accumulate(
                    &mut (*::adjoint::__private::adjoint_slot(&mut dd_self, &self))
                        .hidden,
                    dd_part_3,
                );
            }
        }
        if !(::adjoint::__private::Params::is_constant_field(&d_self_1, "hidden")) {
            ::adjoint::__private::replace_part(&mut d_self_1.hidden, d_part_2);
        }
        (
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::fill_unwritten(d_self_1, &self),
                    )
                } else {
                    ::core::option::Option::None
                },
                if needs[1usize] {
                    ::core::option::Option::Some(d_x_1)
                } else {
                    ::core::option::Option::None
                },
                (),
            ),
            (
                if needs[0usize] {
                    ::core::option::Option::Some(
                        ::adjoint::__private::needed(
                            ::adjoint::__private::finish(dd_self, true, &self),
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
                (),
            ),
        )
    }
}

//! `#[derive(Params)]`: a struct of parameters, visited field by field.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

use crate::types;

/// One field of the struct, and whether it is a parameter.
struct Field<'a> {
    ident: &'a syn::Ident,
    ty: &'a syn::Type,
    skip: bool,
}

/// `#[params(skip)]` on a field; any other `#[params(...)]` is an error.
fn is_skipped(field: &syn::Field) -> syn::Result<bool> {
    let mut skip = false;
    for attr in &field.attrs {
        if !attr.path().is_ident("params") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                skip = true;
                Ok(())
            } else {
                Err(meta.error("unknown `params` option: the only one is `#[params(skip)]`"))
            }
        })?;
    }
    Ok(skip)
}

/// Expands `#[derive(Params)]`.
pub fn derive(input: TokenStream) -> TokenStream {
    match syn::parse2::<DeriveInput>(input).and_then(|input| expand(&input)) {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}

// Input:  struct Dense { w: Array2<f32>, b: Array1<f32> }
// Output: impl Params for Dense { type Elem = <Array2<f32> as Params>::Elem; fn zeros_like(&self)
//         -> Self { Dense { w: self.w.zeros_like(), b: self.b.zeros_like() } } ... }
//         impl Differentiable for Dense { type Tangent = Dense; ... }
fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let name = &input.ident;
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            Fields::Unnamed(_) | Fields::Unit => {
                return Err(syn::Error::new_spanned(
                    &input.ident,
                    "`#[derive(Params)]` needs a struct with named fields (`struct Mlp { w: Array2<f32>, ... }`), so that every parameter has a name",
                ));
            }
        },
        Data::Enum(data) => {
            return Err(syn::Error::new_spanned(
                data.enum_token,
                "`#[derive(Params)]` works on structs with named fields, not enums",
            ));
        }
        Data::Union(data) => {
            return Err(syn::Error::new_spanned(
                data.union_token,
                "`#[derive(Params)]` works on structs with named fields, not unions",
            ));
        }
    };
    let mut errors: Option<syn::Error> = None;
    let mut all = Vec::new();
    for field in fields {
        let skip = match is_skipped(field) {
            Ok(skip) => skip,
            Err(error) => {
                combine(&mut errors, error);
                false
            }
        };
        let ident = field.ident.as_ref().expect("named fields have names");
        if !skip && types::is_never_differentiated(&field.ty) {
            combine(
                &mut errors,
                syn::Error::new_spanned(
                    &field.ty,
                    format!(
                        "field `{ident}` of type `{}` is not a parameter: parameters are floats, float arrays, `Params` types and `Vec`s of them; mark a constant field `#[params(skip)]`",
                        types::display(&field.ty)
                    ),
                ),
            );
        }
        all.push(Field {
            ident,
            ty: &field.ty,
            skip,
        });
    }
    if let Some(errors) = errors {
        return Err(errors);
    }
    let params: Vec<&Field> = all.iter().filter(|f| !f.skip).collect();
    let Some(first) = params.first() else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`#[derive(Params)]` needs at least one parameter field",
        ));
    };
    let p = quote!(::adjoint::__private);
    let first_ty = first.ty;
    let elem = quote!(<#first_ty as #p::Params>::Elem);
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut predicates: Vec<TokenStream> = where_clause
        .map(|w| w.predicates.iter().map(|p| quote!(#p)).collect())
        .unwrap_or_default();
    let mut assertions = Vec::new();
    for field in &params {
        let ty = field.ty;
        // A field whose type is a bare type parameter (`inner: T`) needs its bound on the impl;
        // any other field is checked by an assertion at the field, so that a mistake is reported
        // there, and so that bounds on the impl do not shadow the runtime's own impls.
        if is_type_parameter(ty, &input.generics) {
            // `T: Params<Elem = <T as Params>::Elem>` would send the trait solver in circles.
            if ty == first_ty {
                predicates.push(quote_spanned!(ty.span()=> #ty: #p::Params));
            } else {
                predicates.push(quote_spanned!(ty.span()=> #ty: #p::Params<Elem = #elem>));
            }
        } else {
            assertions.push(quote_spanned!(ty.span()=> #p::assert_params::<#ty, #elem>();));
        }
    }

    let idents: Vec<&syn::Ident> = params.iter().map(|f| f.ident).collect();
    let names: Vec<String> = idents.iter().map(|i| i.to_string()).collect();
    let zeros = all.iter().map(|f| {
        let ident = f.ident;
        if f.skip {
            quote!(#ident: ::core::clone::Clone::clone(&self.#ident))
        } else {
            quote!(#ident: #p::Params::zeros_like(&self.#ident))
        }
    });
    let unfilled = all.iter().map(|f| {
        let ident = f.ident;
        if f.skip {
            quote!(#ident: ::core::clone::Clone::clone(&self.#ident))
        } else {
            quote!(#ident: #p::Params::unfilled_like(&self.#ident))
        }
    });
    let skipped: Vec<String> = all
        .iter()
        .filter(|f| f.skip)
        .map(|f| f.ident.to_string())
        .collect();
    let constant_fields = if skipped.is_empty() {
        quote!({
            let _ = field;
            false
        })
    } else {
        quote!(::core::matches!(field, #(#skipped)|*))
    };
    Ok(quote! {
        impl #impl_generics #p::Params for #name #ty_generics where #(#predicates,)* {
            type Elem = #elem;

            fn zeros_like(&self) -> Self {
                #(#assertions)*
                #name { #(#zeros,)* }
            }

            fn unfilled_like(&self) -> Self {
                #name { #(#unfilled,)* }
            }

            fn fill_unwritten(&mut self, like: &Self) {
                #(#p::Params::fill_unwritten(&mut self.#idents, &like.#idents);)*
            }

            fn accumulate(&mut self, other: &Self) {
                #(#p::Params::accumulate(&mut self.#idents, &other.#idents);)*
            }

            fn recycle(self) {
                #(#p::Params::recycle(self.#idents);)*
            }

            fn set_zero(&mut self) {
                #(#p::Params::set_zero(&mut self.#idents);)*
            }

            fn visit(&self, path: &str, f: &mut dyn ::core::ops::FnMut(&str, #p::ArrayViewD<'_, Self::Elem>)) {
                #(#p::Params::visit(&self.#idents, &#p::join_path(path, #names), f);)*
            }

            fn visit_mut(&mut self, path: &str, f: &mut dyn ::core::ops::FnMut(&str, #p::ArrayViewMutD<'_, Self::Elem>)) {
                #(#p::Params::visit_mut(&mut self.#idents, &#p::join_path(path, #names), f);)*
            }

            fn zip_mut(&mut self, other: &Self, path: &str, f: &mut #p::ZipVisitor<'_, Self::Elem>) {
                #(#p::Params::zip_mut(&mut self.#idents, &other.#idents, &#p::join_path(path, #names), f);)*
            }

            fn try_zip_mut(&mut self, other: &Self, f: &mut #p::LeafZip<'_, Self::Elem>) -> bool {
                true #(&& #p::Params::try_zip_mut(&mut self.#idents, &other.#idents, f))*
            }

            fn is_constant_field(&self, field: &str) -> bool {
                #constant_fields
            }

            fn shape_mismatch(&self, other: &Self) -> ::core::option::Option<#p::ShapeMismatch> {
                #(if let ::core::option::Option::Some(mismatch) = #p::Params::shape_mismatch(&self.#idents, &other.#idents) {
                    return ::core::option::Option::Some(mismatch.inside(#names));
                })*
                ::core::option::Option::None
            }
        }

        impl #impl_generics #p::Differentiable for #name #ty_generics where #(#predicates,)* {
            type Tangent = Self;

            fn zero_tangent(&self) -> Self {
                #p::Params::zeros_like(self)
            }

            fn unfilled_tangent(&self) -> Self {
                #p::Params::unfilled_like(self)
            }

            fn fill_unwritten_tangent(&self, tangent: &mut Self) {
                #p::Params::fill_unwritten(tangent, self);
            }

            fn tangent_mismatch(&self, tangent: &Self) -> ::core::option::Option<#p::ShapeMismatch> {
                #p::Params::shape_mismatch(self, tangent)
            }
        }
    })
}

/// Whether a field's type is one of the struct's type parameters, written alone (`inner: T`).
fn is_type_parameter(ty: &syn::Type, generics: &syn::Generics) -> bool {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => path
            .path
            .get_ident()
            .is_some_and(|ident| generics.type_params().any(|param| param.ident == *ident)),
        syn::Type::Group(group) => is_type_parameter(&group.elem, generics),
        syn::Type::Paren(paren) => is_type_parameter(&paren.elem, generics),
        _ => false,
    }
}

fn combine(errors: &mut Option<syn::Error>, error: syn::Error) {
    match errors {
        Some(errors) => errors.combine(error),
        None => *errors = Some(error),
    }
}

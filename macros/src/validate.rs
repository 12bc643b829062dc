//! Checks of the function's signature and of the `wrt` list, which also classify each
//! parameter: differentiated, or constant.

use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, Pat, ReturnType, Type};

use crate::args::Args;
use crate::ir::{Param, Value, ValueDef, ValueId};
use crate::types;

/// The checked signature.
pub struct Signature {
    /// Every parameter, classified.
    pub params: Vec<Param>,
    /// The values of the differentiable parameters.
    pub values: Vec<Value>,
    /// The parameters `NAME_grad` and `NAME_vjp` differentiate, by position.
    pub wrt: Vec<usize>,
    /// The differentiated output's type: the return type, or the first element of a
    /// `(value, auxiliary…)` tuple.
    pub output: Type,
    /// The return type as written, which the public functions return beside the gradient.
    pub returned: Type,
    /// How many auxiliary outputs follow the value in a returned tuple (JAX's `has_aux`).
    pub aux: usize,
    /// Whether the function is a method (it has a `&self` receiver).
    pub method: bool,
    /// The type parameters of the surrounding `impl`, for a method's pullback type.
    pub impl_generics: Vec<Ident>,
    /// Whether the return type is a float, so that `NAME_grad` exists.
    pub output_kind: types::OutputKind,
}

impl Signature {
    /// Whether `NAME_grad` and `NAME_grad_into` are generated: the output is a float, or may be
    /// one (a type alias the macro cannot see through, checked where they are used).
    pub fn has_grad(&self) -> bool {
        self.output_kind != types::OutputKind::NotFloat
    }

    /// The where clause of `NAME_grad` and `NAME_grad_into`: the function's own, and for an
    /// output the macro cannot classify, that it is a float. The bound is higher-ranked so that
    /// the compiler checks it where the function is used, with the message of `ScalarOutput`,
    /// rather than where it is defined.
    pub fn grad_where_clause(&self, generics: &syn::Generics) -> proc_macro2::TokenStream {
        self.float_output_clause(generics, quote::quote!(ScalarOutput))
    }

    /// The where clause of `NAME_hvp`: as [`grad_where_clause`](Self::grad_where_clause), with
    /// the message of `HvpOutput` where the output is not a float.
    pub fn hvp_where_clause(&self, generics: &syn::Generics) -> proc_macro2::TokenStream {
        self.float_output_clause(generics, quote::quote!(HvpOutput))
    }

    fn float_output_clause(
        &self,
        generics: &syn::Generics,
        bound_trait: proc_macro2::TokenStream,
    ) -> proc_macro2::TokenStream {
        let output = &self.output;
        let checked = matches!(
            self.output_kind,
            types::OutputKind::Unknown | types::OutputKind::Array
        );
        let bound = checked.then(
            || quote::quote!(for<'__adjoint_output> #output: ::adjoint::__private::#bound_trait),
        );
        match (&generics.where_clause, bound) {
            (Some(clause), Some(bound)) => {
                let predicates = clause.predicates.iter();
                quote::quote!(where #(#predicates,)* #bound)
            }
            (Some(clause), None) => quote::quote!(#clause),
            (None, Some(bound)) => quote::quote!(where #bound),
            (None, None) => proc_macro2::TokenStream::new(),
        }
    }
}

/// Checks the signature and classifies its parameters, collecting every error. The signature
/// comes back even with errors (without the parameters in error), so that the body can still
/// be checked and every mistake reported at once.
pub fn signature(item: &ItemFn, args: &Args) -> (Signature, Vec<syn::Error>) {
    let mut errors = Vec::new();
    check_qualifiers(item, &mut errors);
    let output = match &item.sig.output {
        ReturnType::Type(_, ty) => (**ty).clone(),
        ReturnType::Default => {
            errors.push(syn::Error::new(
                item.sig.ident.span(),
                "a differentiable function must return a float or an array",
            ));
            syn::parse_quote!(())
        }
    };
    let generic_types: Vec<Ident> = item
        .sig
        .generics
        .type_params()
        .map(|p| p.ident.clone())
        .chain(args.impl_generics.iter().cloned())
        .collect();

    let mut params = Vec::new();
    let mut values = Vec::new();
    for input in &item.sig.inputs {
        let typed = match input {
            FnArg::Receiver(receiver) => {
                match receiver_param(receiver, args, params.len(), values.len()) {
                    Ok((param, value)) => {
                        values.extend(value);
                        params.push(param);
                    }
                    Err(error) => errors.push(error),
                }
                continue;
            }
            FnArg::Typed(typed) => typed,
        };
        let ident = match &*typed.pat {
            Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => pat.ident.clone(),
            other => {
                errors.push(syn::Error::new_spanned(other, "a differentiable function's arguments must be plain names (`x: f64`), not patterns"));
                continue;
            }
        };
        let ty = (*typed.ty).clone();
        if let Some(span) = types::mutable_borrow(&ty) {
            errors.push(syn::Error::new(span, format!("argument `{ident}` is a mutable borrow: a differentiable function cannot mutate its arguments; take `&` instead")));
            continue;
        }
        if let Type::ImplTrait(impl_trait) = &ty {
            errors.push(syn::Error::new_spanned(impl_trait, "`impl Trait` arguments are not supported in a differentiable function: use a named type or a generic parameter"));
            continue;
        }
        let listed = args.wrt.as_ref().map(|wrt| wrt.contains(&ident));
        let differentiable = !types::is_never_differentiated(&ty)
            && (listed != Some(false) || types::is_float_or_array(&ty));
        let differentiable = if differentiable {
            match types::tangent(&ty) {
                Ok(tangent) => {
                    let id = ValueId(values.len());
                    values.push(Value {
                        name: ident.clone(),
                        def: ValueDef::Param(params.len()),
                    });
                    Some((id, tangent))
                }
                Err(error) if listed.is_some() && listed != Some(true) => {
                    let _ = error;
                    None
                }
                Err(error) => {
                    errors.push(error);
                    None
                }
            }
        } else {
            None
        };
        let scalar = types::is_float(&ty)
            || matches!(&ty, Type::Path(path) if path.qself.is_none()
                && path.path.get_ident().is_some_and(|name| generic_types.contains(name)));
        params.push(Param {
            copy: types::is_copy(&ty),
            scalar,
            closure_ident: ident.clone(),
            ident,
            ty,
            differentiable,
        });
    }

    let wrt = match &args.wrt {
        None => params
            .iter()
            .enumerate()
            .filter(|(_, p)| p.differentiable.is_some())
            .map(|(i, _)| i)
            .collect(),
        Some(names) => check_wrt(names, &params, &mut errors),
    };
    if errors.is_empty() && wrt.is_empty() && !params.is_empty() {
        errors.push(syn::Error::new(
            item.sig.paren_token.span.join(),
            "none of these arguments can be differentiated: adjoint differentiates floats, ndarray arrays and `Params` types",
        ));
    }
    let returned = output.clone();
    let (output, aux) = split_auxiliary(output, &generic_types, &mut errors);
    let output_kind = types::output_kind(&output, &generic_types);
    let method = item.sig.receiver().is_some();
    (
        Signature {
            params,
            values,
            wrt,
            output,
            returned,
            aux,
            output_kind,
            method,
            impl_generics: args.impl_generics.clone(),
        },
        errors,
    )
}

/// A return type `(F, A, …)` whose first element is a float and whose others carry no
/// derivative: the float is the differentiated output and the others are auxiliary outputs,
/// computed by the forward pass and returned beside the value. Any other type is the output
/// itself, with no auxiliary outputs.
fn split_auxiliary(
    output: Type,
    generic_types: &[Ident],
    errors: &mut Vec<syn::Error>,
) -> (Type, usize) {
    let Type::Tuple(tuple) = &output else {
        return (output, 0);
    };
    let elems: Vec<&Type> = tuple.elems.iter().collect();
    let [first, rest @ ..] = &elems[..] else {
        return (output, 0);
    };
    let float = types::output_kind(first, generic_types) == types::OutputKind::Float;
    if rest.is_empty() || !float {
        return (output, 0);
    }
    let differentiated = |ty: &&Type| {
        matches!(
            types::output_kind(ty, generic_types),
            types::OutputKind::Float | types::OutputKind::Array
        )
    };
    // Several differentiated outputs: the tuple itself is the output.
    if rest.iter().all(&differentiated) {
        return (output, 0);
    }
    for ty in rest.iter().filter(|ty| differentiated(ty)) {
        errors.push(syn::Error::new_spanned(
            ty,
            "a returned tuple is either several differentiated outputs (floats and arrays only), or one float followed by auxiliary outputs that carry no derivative (counts, flags, statistics as integers or structs); this one mixes them: return the differentiated values in a tuple of their own, and the rest beside them from another function",
        ));
    }
    ((*first).clone(), rest.len())
}

/// `&self` of a method: a differentiated argument of type `&Self` whose gradient is a `Self`.
fn receiver_param(
    receiver: &syn::Receiver,
    args: &Args,
    position: usize,
    value: usize,
) -> syn::Result<(Param, Option<Value>)> {
    match &receiver.kind {
        syn::ReceiverKind::Reference(_, _, None) => {}
        syn::ReceiverKind::Reference(_, _, Some(mutability)) => {
            return Err(syn::Error::new_spanned(
                mutability,
                "a differentiable method cannot mutate its receiver: take `&self`",
            ));
        }
        _ => {
            return Err(syn::Error::new_spanned(
                receiver,
                "a differentiable method takes `&self`: other receivers (`self`, `self: Box<Self>`) are not supported",
            ));
        }
    }
    let ident = Ident::from(receiver.self_token);
    let listed = args.wrt.as_ref().is_none_or(|wrt| wrt.contains(&ident));
    let differentiable = listed.then(|| (ValueId(value), syn::parse_quote!(Self)));
    let param = Param {
        closure_ident: Ident::new("this", proc_macro2::Span::mixed_site()),
        ident: ident.clone(),
        ty: syn::parse_quote!(&Self),
        copy: true,
        scalar: false,
        differentiable,
    };
    Ok((
        param,
        listed.then_some(Value {
            name: ident,
            def: ValueDef::Param(position),
        }),
    ))
}

/// `async`, `const`, `unsafe`, `extern` and variadic functions are not differentiated.
fn check_qualifiers(item: &ItemFn, errors: &mut Vec<syn::Error>) {
    let sig = &item.sig;
    if let Some(token) = &sig.asyncness {
        errors.push(syn::Error::new(
            token.span(),
            "`async fn` cannot be differentiable",
        ));
    }
    if let Some(token) = &sig.constness {
        errors.push(syn::Error::new(
            token.span(),
            "`const fn` cannot be differentiable",
        ));
    }
    if let syn::Safety::Unsafe(token) = &sig.safety {
        errors.push(syn::Error::new(
            token.span(),
            "`unsafe fn` cannot be differentiable",
        ));
    }
    if let Some(abi) = &sig.abi {
        errors.push(syn::Error::new(
            abi.span(),
            "`extern` functions cannot be differentiable",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(syn::Error::new(
            variadic.span(),
            "variadic functions cannot be differentiable",
        ));
    }
}

/// Every name in `wrt(...)` is an argument that can be differentiated, listed once.
fn check_wrt(names: &[Ident], params: &[Param], errors: &mut Vec<syn::Error>) -> Vec<usize> {
    let mut wrt = Vec::new();
    for name in names {
        match params.iter().position(|p| p.ident == *name) {
            None => {
                let known: Vec<String> = params.iter().map(|p| format!("`{}`", p.ident)).collect();
                errors.push(syn::Error::new(name.span(), format!("`wrt` names `{name}`, but the function has no argument of that name (its arguments are {})", known.join(", "))));
            }
            Some(i) if params[i].differentiable.is_none() => {
                let ty = &params[i].ty;
                errors.push(syn::Error::new(
                    name.span(),
                    format!("argument `{name}` cannot be differentiated: its type `{}` is not a float, an array of floats or a `Params` type", types::display(ty)),
                ));
            }
            Some(i) if wrt.contains(&i) => errors.push(syn::Error::new(
                name.span(),
                format!("`{name}` is listed twice in `wrt`"),
            )),
            Some(i) => wrt.push(i),
        }
    }
    wrt.sort_unstable();
    wrt
}

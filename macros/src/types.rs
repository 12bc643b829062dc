//! What a parameter's written type says: whether it can be differentiated, whether it is
//! `Copy`, and the type of its gradient.

use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{GenericArgument, PathArguments, Type, TypePath};

const INTEGERS: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];
const FLOATS: &[&str] = &["f32", "f64"];

/// A type with the invisible groups that `macro_rules!` fragments (`$F:ty`) put around it removed.
fn ungroup(ty: &Type) -> &Type {
    match ty {
        Type::Group(group) => ungroup(&group.elem),
        other => other,
    }
}

/// The last path segment of a type, with its generic arguments.
fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(TypePath {
            qself: None, path, ..
        }) => path.segments.last(),
        Type::Paren(inner) => last_segment(&inner.elem),
        Type::Group(inner) => last_segment(&inner.elem),
        _ => None,
    }
}

fn type_args(segment: &syn::PathSegment) -> Vec<&Type> {
    match &segment.arguments {
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|arg| match arg {
                GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `true` for ndarray array names: `Array`, `Array2`, `ArrayView`, `ArrayViewD`, `ArcArray`, …
fn array_kind(name: &str) -> Option<ArrayKind> {
    let view = name.strip_prefix("ArrayView");
    if let Some(rest) = view {
        if rest.starts_with("Mut") {
            return Some(ArrayKind::ViewMut);
        }
        return valid_suffix(rest).then_some(ArrayKind::View);
    }
    if name == "ArrayBase" {
        return Some(ArrayKind::Base);
    }
    if let Some(rest) = name.strip_prefix("Array") {
        return valid_suffix(rest).then_some(ArrayKind::Owned);
    }
    if let Some(rest) = name
        .strip_prefix("ArcArray")
        .or_else(|| name.strip_prefix("CowArray"))
    {
        return valid_suffix(rest).then_some(ArrayKind::Shared);
    }
    None
}

fn valid_suffix(rest: &str) -> bool {
    matches!(rest, "" | "0" | "1" | "2" | "3" | "4" | "5" | "6" | "D")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ArrayKind {
    Owned,
    View,
    ViewMut,
    Shared,
    Base,
}

/// `true` when the type is never differentiated: integers, `bool`, `char`, strings, and arrays,
/// slices and `Vec`s of those.
pub fn is_never_differentiated(ty: &Type) -> bool {
    match ungroup(ty) {
        Type::Reference(r) => is_never_differentiated(&r.elem),
        Type::Slice(s) => is_never_differentiated(&s.elem),
        Type::Array(a) => is_never_differentiated(&a.elem),
        Type::Paren(p) => is_never_differentiated(&p.elem),
        Type::Tuple(t) => !t.elems.is_empty() && t.elems.iter().all(is_never_differentiated),
        _ => {
            let Some(segment) = last_segment(ty) else {
                return false;
            };
            let name = segment.ident.to_string();
            if INTEGERS.contains(&name.as_str())
                || matches!(name.as_str(), "bool" | "char" | "str" | "String" | "Axis")
            {
                return true;
            }
            let args = type_args(segment);
            if name == "Vec" || array_kind(&name).is_some_and(|k| k != ArrayKind::Base) {
                return args
                    .first()
                    .is_some_and(|elem| is_never_differentiated(elem));
            }
            false
        }
    }
}

/// `true` for the name of a float type, `f32` or `f64`.
pub fn is_float_name(ident: &syn::Ident) -> bool {
    FLOATS.iter().any(|float| ident == float)
}

/// `true` when the type is written as `f32` or `f64` itself (not behind a reference or alias).
pub fn is_float(ty: &Type) -> bool {
    match ungroup(ty) {
        Type::Path(path) if path.qself.is_none() => {
            path.path.get_ident().is_some_and(is_float_name)
        }
        _ => false,
    }
}

/// `true` when the type is written as a float or an ndarray array (behind references).
pub fn is_float_or_array(ty: &Type) -> bool {
    match ungroup(ty) {
        Type::Reference(r) => is_float_or_array(&r.elem),
        _ => last_segment(ty).is_some_and(|s| {
            let name = s.ident.to_string();
            FLOATS.contains(&name.as_str()) || array_kind(&name).is_some()
        }),
    }
}

/// `true` when the type is certainly `Copy`: shared references, floats, integers, views.
pub fn is_copy(ty: &Type) -> bool {
    match ungroup(ty) {
        Type::Reference(r) => r.mutability.is_none(),
        _ => last_segment(ty).is_some_and(|s| {
            let name = s.ident.to_string();
            FLOATS.contains(&name.as_str())
                || INTEGERS.contains(&name.as_str())
                || matches!(name.as_str(), "bool" | "char" | "Axis")
                || array_kind(&name) == Some(ArrayKind::View)
        }),
    }
}

/// `true` when the type is written as an `ArrayView` (behind references): what it borrows
/// outlives it, so `reversed_axes()` of it is a view too.
pub fn is_view(ty: &Type) -> bool {
    match ungroup(ty) {
        Type::Reference(r) => is_view(&r.elem),
        _ => last_segment(ty)
            .is_some_and(|s| array_kind(&s.ident.to_string()) == Some(ArrayKind::View)),
    }
}

/// The `&mut` in a type, if any, for the error that mutation through arguments is unsupported.
pub fn mutable_borrow(ty: &Type) -> Option<proc_macro2::Span> {
    match ungroup(ty) {
        Type::Reference(r) if r.mutability.is_some() => Some(r.mutability.span()),
        Type::Reference(r) => mutable_borrow(&r.elem),
        _ => last_segment(ty).and_then(|s| {
            (array_kind(&s.ident.to_string()) == Some(ArrayKind::ViewMut)).then(|| s.ident.span())
        }),
    }
}

/// The type of the gradient of a parameter of type `ty`:
/// floats are their own gradient, arrays and views have owned arrays of the same dimension,
/// other types (`Params` structs, generic floats, `Vec`s) are their own gradient.
pub fn tangent(ty: &Type) -> syn::Result<Type> {
    match ungroup(ty) {
        Type::Reference(r) => tangent(&r.elem),
        Type::Paren(p) => tangent(&p.elem),
        Type::Tuple(t) if !t.elems.is_empty() => {
            let elems = t
                .elems
                .iter()
                .map(tangent)
                .collect::<syn::Result<Vec<_>>>()?;
            Ok(syn::parse_quote!((#(#elems,)*)))
        }
        Type::Path(type_path @ TypePath { qself: None, .. }) => {
            let mut type_path = type_path.clone();
            let path = &mut type_path.path;
            let segment = path.segments.last_mut().expect("a path has a last segment");
            let name = segment.ident.to_string();
            match array_kind(&name) {
                Some(ArrayKind::View) | Some(ArrayKind::Shared) => {
                    let suffix = name
                        .trim_start_matches("ArrayView")
                        .trim_start_matches("ArcArray")
                        .trim_start_matches("CowArray");
                    segment.ident =
                        syn::Ident::new(&format!("Array{suffix}"), segment.ident.span());
                    if let PathArguments::AngleBracketed(args) = &mut segment.arguments {
                        args.args = args
                            .args
                            .iter()
                            .filter(|a| !matches!(a, GenericArgument::Lifetime(_)))
                            .cloned()
                            .collect();
                    }
                    Ok(Type::Path(type_path))
                }
                Some(ArrayKind::Base) => {
                    Ok(syn::parse_quote!(<#ty as ::adjoint::__private::Differentiable>::Tangent))
                }
                Some(ArrayKind::ViewMut) => Err(syn::Error::new(
                    ty.span(),
                    "a mutable view cannot be differentiated: pass the array by shared reference (`&Array2<f32>`) or as an `ArrayView`",
                )),
                // A path the macro cannot see through that borrows (`View<'a>`, an alias of a
                // view, say): its gradient type is whatever the runtime says, and owns nothing.
                None if has_lifetime_argument(&type_path.path) => {
                    let mut path = type_path.clone();
                    StaticLifetimes.visit_type_path_mut(&mut path);
                    Ok(syn::parse_quote!(<#path as ::adjoint::__private::Differentiable>::Tangent))
                }
                Some(ArrayKind::Owned) | None => Ok(Type::Path(type_path)),
            }
        }
        other => Err(syn::Error::new(
            other.span(),
            "this parameter type cannot be differentiated: adjoint differentiates floats (`f32`, `f64`), ndarray arrays and views, and `Params` types",
        )),
    }
}

/// Whether a path has a lifetime among its generic arguments.
fn has_lifetime_argument(path: &syn::Path) -> bool {
    path.segments
        .iter()
        .any(|segment| match &segment.arguments {
            PathArguments::AngleBracketed(args) => args
                .args
                .iter()
                .any(|arg| matches!(arg, GenericArgument::Lifetime(_))),
            _ => false,
        })
}

/// Replaces every lifetime with `'static`: the gradient type of a borrowing type owns its data
/// and does not depend on how long the borrow lives.
struct StaticLifetimes;

impl VisitMut for StaticLifetimes {
    fn visit_lifetime_mut(&mut self, lifetime: &mut syn::Lifetime) {
        *lifetime = syn::Lifetime::new("'static", lifetime.span());
    }
}

/// What the syntax of a return type says about it being a float, which decides `NAME_grad`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// `f32`, `f64` or a generic type parameter (a float by the function's bounds).
    Float,
    /// A reference, a tuple, an integer, an array view: not a float, and no `NAME_grad` is
    /// written.
    NotFloat,
    /// A path the macro cannot see through, such as a type alias (`type Real = f64;`): a float
    /// or not, as the compiler finds where `NAME_grad` is used.
    Unknown,
    /// An owned array: `NAME_grad` is written, hidden from the docs, with a bound that fails
    /// where it is used, so that asking for the gradient of an array is an error that points to
    /// `NAME_vjp` rather than a missing function.
    Array,
}

/// Classifies a return type.
pub fn output_kind(ty: &Type, generic_types: &[syn::Ident]) -> OutputKind {
    match last_segment(ty) {
        Some(s) => {
            let name = s.ident.to_string();
            if s.arguments.is_empty()
                && (FLOATS.contains(&name.as_str()) || generic_types.contains(&s.ident))
            {
                OutputKind::Float
            } else if array_kind(&name) == Some(ArrayKind::Owned) {
                OutputKind::Array
            } else if array_kind(&name).is_some()
                || INTEGERS.contains(&name.as_str())
                || matches!(name.as_str(), "Vec" | "bool" | "Option" | "Result" | "Self")
            {
                OutputKind::NotFloat
            } else {
                OutputKind::Unknown
            }
        }
        None => OutputKind::NotFloat,
    }
}

/// A type as the user would write it (`&Array1<usize>`), for messages.
pub fn display(ty: &Type) -> String {
    let item: syn::File = syn::parse_quote!(type T = #ty;);
    let printed = prettyplease::unparse(&item);
    printed
        .trim()
        .trim_start_matches("type T = ")
        .trim_end_matches(';')
        .to_owned()
}

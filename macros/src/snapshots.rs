//! Snapshot tests of the generated code: each case's expansion, printed with prettyplease, is
//! kept in `macros/snapshots/CASE.expanded.rs`, so that a change to what the macro writes is
//! reviewed as a diff of those files. After an intended change:
//!
//! ```sh
//! ADJOINT_BLESS=1 cargo test -p adjoint-macros snapshots
//! ```

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::VisitMut;

use crate::expand;

/// The cases: a name, the attribute's arguments, the item, and the impl block a method is in.
struct Case {
    name: &'static str,
    attr: TokenStream,
    item: TokenStream,
    /// The type of the `impl` block around a method (`None` for a free function).
    impl_of: Option<TokenStream>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "element_wise_map",
            attr: quote!(),
            item: quote! {
                fn softplus(x: &Array1<f64>, beta: f64) -> (f64, Array1<f64>) {
                    let y = x.mapv(|v| (1.0 + (beta * v).exp()).ln() / beta);
                    (y.sum(), y)
                }
            },
            impl_of: None,
        },
        Case {
            name: "scalar",
            attr: quote!(),
            item: quote! {
                fn rosenbrock(x: f64, y: f64) -> f64 {
                    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
                }
            },
            impl_of: None,
        },
        Case {
            name: "mlp",
            attr: quote!(wrt(w1, b1, w2, b2)),
            item: quote! {
                fn loss(
                    x: &Array2<f32>,
                    labels: &Array1<usize>,
                    w1: &Array2<f32>,
                    b1: &Array1<f32>,
                    w2: &Array2<f32>,
                    b2: &Array1<f32>,
                ) -> f32 {
                    let h = relu(&(x.dot(w1) + b1));
                    softmax_cross_entropy(&(h.dot(w2) + b2), labels)
                }
            },
            impl_of: None,
        },
        Case {
            name: "loop",
            attr: quote!(),
            item: quote! {
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
            },
            impl_of: None,
        },
        Case {
            name: "branch",
            attr: quote!(),
            item: quote! {
                fn huber(x: &Array1<f64>, delta: f64) -> f64 {
                    let r = x.sum();
                    if r.abs() <= delta {
                        0.5 * r * r
                    } else {
                        delta * (r.abs() - 0.5 * delta)
                    }
                }
            },
            impl_of: None,
        },
        Case {
            name: "method",
            attr: quote!(),
            item: quote! {
                pub fn loss(&self, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {
                    let h = relu(&dense(&self.hidden, x));
                    softmax_cross_entropy(&dense(&self.out, &h), labels)
                }
            },
            impl_of: Some(quote!(Mlp)),
        },
        Case {
            name: "call",
            attr: quote!(),
            item: quote! {
                fn two_layers(layers: &Vec<Dense<f64>>, x: &Array2<f64>) -> f64 {
                    let mut h = x.to_owned();
                    for layer in layers {
                        h = sigmoid(&dense(layer, &h));
                    }
                    mean(&h)
                }
            },
            impl_of: None,
        },
        Case {
            name: "by_value",
            attr: quote!(wrt(layer)),
            item: quote! {
                fn regression(layer: &Dense<f64>, x: &Array2<f64>, t: &Array2<f64>) -> f64 {
                    let h = relu(x.dot(&layer.w) + &layer.b);
                    mse(dense(layer, sigmoid(h.view())), &t)
                }
            },
            impl_of: None,
        },
    ]
}

/// The expansion of a case as prettyplease prints it.
fn printed(case: &Case) -> String {
    let expanded = expand::differentiable(case.attr.clone(), case.item.clone());
    let file = match &case.impl_of {
        Some(ty) => quote!(impl #ty { #expanded }),
        None => expanded,
    };
    let mut file: syn::File = syn::parse2(file)
        .unwrap_or_else(|e| panic!("the expansion of `{}` is not Rust: {e}", case.name));
    WithoutDocs.visit_file_mut(&mut file);
    prettyplease::unparse(&file)
}

/// Removes doc attributes and the generated-source constants: they repeat the generated code as
/// text.
struct WithoutDocs;

impl VisitMut for WithoutDocs {
    fn visit_attributes_mut(&mut self, attrs: &mut Vec<syn::Attribute>) {
        attrs.retain(|attr| !attr.path().is_ident("doc"));
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        item.items.retain(|item| {
            !matches!(item, syn::ImplItem::Const(c) if c.ident.to_string().starts_with("__adjoint_source"))
        });
        syn::visit_mut::visit_item_impl_mut(self, item);
    }
}

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots")
        .join(format!("{name}.expanded.rs"))
}

#[test]
fn snapshots_of_the_generated_code() {
    let bless = std::env::var_os("ADJOINT_BLESS").is_some();
    let mut changed = Vec::new();
    for case in cases() {
        let actual = printed(&case);
        let path = snapshot_path(case.name);
        if bless {
            std::fs::create_dir_all(path.parent().expect("a snapshots folder"))
                .expect("the snapshots folder can be made");
            std::fs::write(&path, &actual).expect("the snapshot can be written");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            changed.push(case.name);
            // The first differing line, to start the review with.
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(e, a)| e != a)
                .unwrap_or(expected.lines().count().min(actual.lines().count()));
            eprintln!(
                "{}: differs from line {} on:\n  expected: {:?}\n  actual:   {:?}",
                path.display(),
                line + 1,
                expected.lines().nth(line),
                actual.lines().nth(line)
            );
        }
    }
    assert!(
        changed.is_empty(),
        "the generated code of {changed:?} changed; review it and run \
         `ADJOINT_BLESS=1 cargo test -p adjoint-macros snapshots` to accept it"
    );
}

#[test]
fn the_expansion_is_deterministic() {
    for case in cases() {
        assert_eq!(printed(&case), printed(&case), "{}", case.name);
    }
}

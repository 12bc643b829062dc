//! The smallest configuration of the `differentiation_methods` example, with its claims
//! asserted: central differences in f64 are best near ∛ε and then agree with `loss_grad` to
//! about 1e-10, and the generated gradient grows linearly with the depth of `f(f(…f(x)))`
//! while the expanded derivative tree grows geometrically. In f32 the best step and its
//! error are both larger.

#[path = "../examples/differentiation_methods/measure.rs"]
#[allow(dead_code)]
mod measure;

use measure::{Problem, SHAPES};

#[test]
fn central_differences_are_best_near_the_cube_root_of_epsilon() {
    let problem = Problem::new(&SHAPES[0]);
    let reference = measure::flatten(&problem.loss_grad().1);
    let steps = measure::steps();
    let f64_errors = measure::difference_errors(&mut problem.clone(), &reference, &steps);
    let (h64, e64) = measure::best_step(&steps, &f64_errors);
    assert!(
        (1e-7..=1e-4).contains(&h64),
        "best f64 step {h64:e}, errors {f64_errors:?}"
    );
    assert!(
        e64 < 1e-7,
        "relative error {e64:e} at the best step {h64:e}"
    );
    // The V: both ends are far worse than the bottom.
    let (first, last) = (f64_errors[0], f64_errors[f64_errors.len() - 1]);
    assert!(first > 1e3 * e64 && last > 1e3 * e64, "{f64_errors:?}");
    // In f32, ε is 2²⁹ times larger: the best step is larger and its error too.
    let f32_errors = measure::difference_errors(&mut problem.cast::<f32>(), &reference, &steps);
    let (h32, e32) = measure::best_step(&steps, &f32_errors);
    assert!(h32 > 100.0 * h64, "best steps: f32 {h32:e}, f64 {h64:e}");
    assert!(e32 > 1e3 * e64, "best errors: f32 {e32:e}, f64 {e64:e}");
}

#[test]
fn the_generated_gradient_grows_linearly_and_the_tree_faster() {
    let sizes = measure::chain_sizes();
    assert_eq!(sizes.len(), 20);
    // Linear: every level of the chain adds the same number of statements.
    let steps: Vec<usize> = sizes
        .windows(2)
        .map(|w| w[1].generated - w[0].generated)
        .collect();
    assert!(
        steps.iter().all(|&s| s == steps[0] && s > 0),
        "statement increments {steps:?}"
    );
    let dag: Vec<usize> = sizes.windows(2).map(|w| w[1].dag - w[0].dag).collect();
    assert!(
        dag.iter().all(|&s| s == dag[0] && s > 0),
        "DAG increments {dag:?}"
    );
    // Superlinear: the tree's increments themselves grow, by about twice per level.
    let tree: Vec<u128> = sizes.windows(2).map(|w| w[1].tree - w[0].tree).collect();
    assert!(
        tree.windows(2).all(|w| w[1] > 2 * w[0]),
        "tree increments {tree:?}"
    );
    assert!(sizes[19].tree > 1000 * sizes[19].generated as u128);
}

#[test]
fn the_expanded_tree_is_the_derivative_the_generated_code_computes() {
    let mut expressions = measure::Expressions::default();
    for (depth, grad) in [
        (1, measure::chain_1_grad as fn(f64) -> (f64, f64)),
        (5, measure::chain_5_grad),
        (20, measure::chain_20_grad),
    ] {
        let chain = measure::chain_expression(&mut expressions, depth);
        let derivative = expressions.derivative(chain);
        for x in [-1.3, 0.4, 1.5] {
            let (value, slope) = grad(x);
            assert!((expressions.eval(chain, x) - value).abs() <= 1e-12 * value.abs().max(1.0));
            let tree = expressions.eval(derivative, x);
            assert!(
                (tree - slope).abs() <= 1e-9 * slope.abs().max(1.0),
                "depth {depth} at {x}: {tree} vs {slope}"
            );
        }
    }
}

#[test]
fn statements_are_counted_in_the_source_the_macro_emitted() {
    // f(x) = x·sin(x): two forward statements, the seed, three backward statements
    // (the product's two adjoints, the sine's added into x's) and the returned tuple.
    assert!(measure::CHAINS[0].contains("pub fn chain_1_grad(x: f64)"));
    assert_eq!(measure::grad_statements(measure::CHAINS[0]), 7);
}

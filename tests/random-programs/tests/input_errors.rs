//! Runtime input errors in generated gradients: a panic that names the operation and the
//! shapes (or the row and the value of a label), never a wrong answer.

use adjoint::ndarray::{Array1, Array2, Axis, array};
use adjoint::prelude::*;

#[differentiable]
fn add(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
    (a + b).sum()
}

#[differentiable]
fn scale_rows(a: &Array2<f64>, v: &Array1<f64>) -> Array2<f64> {
    a * v
}

#[differentiable]
fn product(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
    a.dot(b).sum()
}

#[differentiable]
fn matrix_vector(a: &Array2<f64>, v: &Array1<f64>) -> f64 {
    a.dot(v).sum()
}

#[differentiable]
fn regression(a: &Array2<f64>, y: &Array1<f64>) -> f64 {
    mse(&a.sum_axis(Axis(1)), y)
}

#[differentiable]
fn classify(logits: &Array2<f64>, labels: &Array1<usize>) -> f64 {
    softmax_cross_entropy(logits, labels)
}

#[differentiable]
fn center(a: &Array2<f64>, m: &Array1<f64>) -> f64 {
    let c = a - m;
    (&c / m).sum()
}

#[differentiable]
fn calls_center(a: &Array2<f64>, m: &Array1<f64>) -> f64 {
    center(a, m) * 2.0
}

#[test]
#[should_panic(expected = "adjoint: `+`: cannot broadcast shapes [2, 3] and [3, 2]")]
fn mismatched_operands_of_an_addition() {
    add_grad(&Array2::zeros((2, 3)), &Array2::zeros((3, 2)));
}

#[test]
#[should_panic(expected = "adjoint: `-`: cannot broadcast shapes [2, 3] and [2]")]
fn mismatched_operands_of_a_subtraction() {
    center_grad(&Array2::zeros((2, 3)), &Array1::ones(2));
}

#[test]
#[should_panic(expected = "adjoint: `-`: cannot broadcast shapes [3, 2] and [3]")]
fn mismatched_operands_in_a_callee() {
    calls_center_grad(&Array2::zeros((3, 2)), &Array1::ones(3));
}

#[test]
#[should_panic(expected = "adjoint: `*`: cannot broadcast shapes [2, 3] and [2]")]
fn a_vector_that_does_not_match_the_rows() {
    scale_rows_vjp(
        &Array2::zeros((2, 3)),
        &Array1::zeros(2),
        &Array2::zeros((2, 3)),
    );
}

#[test]
#[should_panic(expected = "dot: shapes [2, 3] and [2, 3] are not aligned (3 ≠ 2)")]
fn a_product_of_unaligned_matrices() {
    product_grad(&Array2::zeros((2, 3)), &Array2::zeros((2, 3)));
}

#[test]
#[should_panic(expected = "dot: shapes [2, 3] and [4]")]
fn a_product_with_a_vector_of_the_wrong_length() {
    matrix_vector_grad(&Array2::zeros((2, 3)), &Array1::zeros(4));
}

#[test]
#[should_panic(expected = "mse: `pred` has shape [2] but `target` has shape [3]")]
fn a_target_of_the_wrong_shape() {
    regression_grad(&Array2::zeros((2, 3)), &Array1::zeros(3));
}

#[test]
#[should_panic(expected = "`labels[1]` is 5, but `logits` has only 3 classes")]
fn a_label_out_of_range_names_its_row_and_value() {
    classify_grad(&Array2::zeros((2, 3)), &array![0, 5]);
}

#[test]
#[should_panic(expected = "`labels[1]` is 3, but `logits` has only 3 classes")]
fn a_label_out_of_range_in_the_vjp() {
    classify_vjp(&Array2::zeros((2, 3)), &array![2, 3], &1.0);
}

/// A cotangent of the wrong shape is an error too, not a silently broadcast product.
#[test]
#[should_panic(
    expected = "adjoint: scale_rows_vjp: `cotangent` has shape [3, 2], but `scale_rows(..)` has shape [2, 3]"
)]
fn a_cotangent_of_the_wrong_shape() {
    scale_rows_vjp(
        &Array2::zeros((2, 3)),
        &Array1::zeros(3),
        &Array2::zeros((3, 2)),
    );
}

/// Where `run` panics on this thread: file, line and column.
fn panic_location(run: impl FnOnce() + std::panic::UnwindSafe) -> (String, u32, u32) {
    let location = std::sync::Arc::new(std::sync::Mutex::new(None));
    let seen = location.clone();
    let hook = std::panic::take_hook();
    let this_test = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        // Other tests panic on their own threads at the same time.
        if std::thread::current().id() == this_test {
            *seen.lock().unwrap() = info
                .location()
                .map(|l| (l.file().to_owned(), l.line(), l.column()));
        }
    }));
    let outcome = std::panic::catch_unwind(run);
    std::panic::set_hook(hook);
    assert!(outcome.is_err());
    location.lock().unwrap().clone().expect("a location")
}

/// The panic is reported at the user's operator, not inside the runtime or at the attribute.
#[test]
fn the_panic_points_at_the_users_operator() {
    let (file, line, column) = panic_location(|| {
        add_grad(&Array2::zeros((2, 3)), &Array2::zeros((3, 2)));
    });
    assert!(file.ends_with("input_errors.rs"), "{file}:{line}:{column}");
    // The `+` of `(a + b).sum()` in `fn add`.
    assert_eq!((line, column), (9, 8), "{file}:{line}:{column}");
}

/// A wrong cotangent is refused before the backward pass runs, at the function's name.
#[test]
fn a_wrong_cotangent_is_reported_at_the_function() {
    let (file, line, column) = panic_location(|| {
        scale_rows_vjp(
            &Array2::zeros((2, 3)),
            &Array1::zeros(3),
            &Array2::zeros((3, 2)),
        );
    });
    assert!(file.ends_with("input_errors.rs"), "{file}:{line}:{column}");
    // The name of `fn scale_rows`.
    assert_eq!((line, column), (13, 4), "{file}:{line}:{column}");
}

/// And in a callee, whose forward pass runs through its hidden forward function: the `-` of
/// `a - m` in `fn center`.
#[test]
fn a_panic_in_a_callee_points_at_the_callees_operator() {
    let (file, line, column) = panic_location(|| {
        calls_center_grad(&Array2::zeros((3, 2)), &Array1::ones(3));
    });
    assert!(file.ends_with("input_errors.rs"), "{file}:{line}:{column}");
    assert_eq!((line, column), (39, 15), "{file}:{line}:{column}");
}

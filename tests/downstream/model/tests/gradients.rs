use adjoint::check::Checker;
use adjoint::ndarray::{Array1, Array2, array};
use downstream_layers::Affine;
use downstream_model::{TwoLayer, loss, loss_grad};

fn affine(fan_in: usize, fan_out: usize, phase: f64) -> Affine {
    Affine {
        w: Array2::from_shape_fn((fan_in, fan_out), |(i, j)| {
            ((i * 7 + j * 3) as f64 + phase).sin() * 0.5
        }),
        b: Array1::from_shape_fn(fan_out, |j| (j as f64 + phase).cos() * 0.1),
    }
}

#[test]
fn gradients_across_crates_match_finite_differences() {
    let model = TwoLayer {
        first: affine(3, 4, 0.3),
        second: affine(4, 3, 1.1),
    };
    let x = array![[0.5, -1.0, 0.25], [1.5, 0.2, -0.7], [-0.3, 0.8, 0.1]];
    let labels = array![2, 0, 1];
    let (value, grad) = loss_grad(&model, &x, &labels);
    assert_eq!(value, loss(&model, &x, &labels));
    Checker::new()
        .names(["model"])
        .check_gradient(|m: &TwoLayer| loss(m, &x, &labels), &model, &grad)
        .assert_ok();
}

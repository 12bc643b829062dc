//! After the first step, an optimizer's step allocates nothing: no leaf paths, no shapes, no
//! buffers. A counting global allocator, per thread so that tests running beside this one do
//! not count.

use adjoint_runtime::layers::Dense;
use adjoint_runtime::optim::{Adam, AdamW, Optimizer, RmsProp, Sgd};
use ndarray::{Array1, array};

#[path = "support/counting_allocator.rs"]
mod counting_allocator;

/// The allocations `f` makes on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    counting_allocator::allocations(f).0
}

/// Parameters whose leaf paths (`0.1.w`, `1`) would each be a `String`.
type Model = (Vec<Dense<f32>>, Array1<f32>);

fn model() -> Model {
    let layer = |i, o| Dense {
        w: ndarray::Array2::from_elem((i, o), 0.5_f32),
        b: Array1::from_elem(o, 0.25),
    };
    (vec![layer(3, 4), layer(4, 2)], array![1.0, 2.0])
}

fn second_step_allocations<O: Optimizer>(mut opt: O) -> usize {
    let mut params = model();
    let grads = model();
    opt.step(&mut params, &grads);
    allocations(|| opt.step(&mut params, &grads))
}

#[test]
fn plain_sgd_allocates_nothing() {
    assert_eq!(second_step_allocations(Sgd::new(0.1)), 0);
    assert_eq!(second_step_allocations(Sgd::new(0.1).weight_decay(0.01)), 0);
}

#[test]
fn optimizers_with_state_allocate_nothing_after_the_first_step() {
    assert_eq!(second_step_allocations(Sgd::new(0.1).momentum(0.9)), 0);
    assert_eq!(second_step_allocations(Adam::new(0.1)), 0);
    assert_eq!(second_step_allocations(AdamW::new(0.1)), 0);
    assert_eq!(second_step_allocations(RmsProp::new(0.1)), 0);
}

/// The counter sees the paths the optimizers no longer build.
#[test]
fn the_counter_counts() {
    use adjoint_runtime::Params;
    let params = model();
    let n = allocations(|| params.visit("", &mut |_, _| {}));
    assert!(n > 0);
}

#[test]
#[should_panic(expected = "adjoint: parameter `0.1.b` has shape [2] but its partner has shape [3]")]
fn a_gradient_of_another_shape_is_named() {
    let mut params = model();
    let mut grads = model();
    grads.0[1].b = Array1::zeros(3);
    Sgd::new(0.1).step(&mut params, &grads);
}

#[test]
#[should_panic(
    expected = "adjoint: Adam: parameter `0.1.b` has shape [3], but parameter `0.1.b` had shape [2]"
)]
fn a_parameter_of_another_shape_is_named() {
    let mut opt = Adam::new(0.1);
    let mut params = model();
    opt.step(&mut params, &model());
    params.0[1].b = Array1::zeros(3);
    let mut grads = model();
    grads.0[1].b = Array1::zeros(3);
    opt.step(&mut params, &grads);
}

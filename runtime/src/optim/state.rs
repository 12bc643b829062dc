//! Per-leaf optimizer state: `f64` buffers shaped like each parameter, created on the first
//! step and checked against the parameters' shapes on every later one.

use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, IxDyn};

use super::zip_leaves;
use crate::Params;

/// The buffers of one optimizer, one group per leaf of the parameters.
#[derive(Clone, Debug, Default)]
pub(crate) struct LeafBuffers {
    /// `None` until the first step.
    leaves: Option<Vec<Leaf>>,
}

#[derive(Clone, Debug)]
struct Leaf {
    path: String,
    shape: Vec<usize>,
    buffers: Vec<ArrayD<f64>>,
}

impl LeafBuffers {
    /// Forgets every buffer: the next step starts afresh.
    pub(crate) fn reset(&mut self) {
        self.leaves = None;
    }

    /// Calls `update` with every leaf of `params`, the same leaf of `grads`, and that leaf's
    /// `count` buffers (zero-filled on the first step).
    ///
    /// **Panics** if `params` are not shaped as on the first step, or `grads` not as `params`.
    #[track_caller]
    pub(crate) fn for_each_leaf<P: Params>(
        &mut self,
        optimizer: &str,
        count: usize,
        params: &mut P,
        grads: &P,
        mut update: impl FnMut(ArrayViewMutD<'_, P::Elem>, ArrayViewD<'_, P::Elem>, &mut [ArrayD<f64>]),
    ) {
        let leaves = match &mut self.leaves {
            Some(leaves) => {
                // Paths are built only to name a mismatch, so that a step allocates nothing.
                if !same_shapes(leaves, params, grads) {
                    if let Some(mismatch) = mismatch(leaves, &leaf_shapes(params)) {
                        panic!(
                            "adjoint: {optimizer}: {mismatch} when the optimizer's state was created; \
                             call `reset()` or make a new optimizer when the model changes"
                        );
                    }
                }
                leaves
            }
            None => self.leaves.insert(
                leaf_shapes(params)
                    .into_iter()
                    .map(|(path, shape)| Leaf {
                        buffers: vec![ArrayD::zeros(IxDyn(&shape)); count],
                        path,
                        shape,
                    })
                    .collect(),
            ),
        };
        let mut leaves = leaves.iter_mut();
        zip_leaves(params, grads, &mut |param, grad| {
            let leaf = leaves.next().expect("the leaves were counted above");
            update(param, grad, &mut leaf.buffers);
        });
    }
}

/// Whether `params` has the leaf shapes of the state, and `grads` those of `params`, found
/// without building paths. `false` also when only `grads` differs, for the caller to find out.
fn same_shapes<P: Params>(leaves: &[Leaf], params: &mut P, grads: &P) -> bool {
    let mut count = 0;
    let mut same = true;
    let matched = params.try_zip_mut(grads, &mut |param, _| {
        same &= leaves
            .get(count)
            .is_some_and(|leaf| leaf.shape == param.shape());
        count += 1;
    });
    matched && same && count == leaves.len()
}

fn leaf_shapes<P: Params>(params: &P) -> Vec<(String, Vec<usize>)> {
    let mut shapes = Vec::new();
    params.visit("", &mut |path, leaf| {
        shapes.push((path.to_owned(), leaf.shape().to_vec()));
    });
    shapes
}

/// How the parameters now differ from those the state was made for, if they do.
fn mismatch(leaves: &[Leaf], shapes: &[(String, Vec<usize>)]) -> Option<String> {
    for (leaf, (path, shape)) in leaves.iter().zip(shapes) {
        if leaf.shape != *shape || leaf.path != *path {
            return Some(format!(
                "{} has shape {shape:?}, but {} had shape {:?}",
                describe(path),
                describe(&leaf.path),
                leaf.shape
            ));
        }
    }
    (leaves.len() != shapes.len()).then(|| {
        format!(
            "the parameters have {} leaves, but had {}",
            shapes.len(),
            leaves.len()
        )
    })
}

fn describe(path: &str) -> String {
    if path.is_empty() {
        "the parameter".to_owned()
    } else {
        format!("parameter `{path}`")
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array1, array};

    use super::*;

    #[test]
    fn buffers_are_created_once_and_kept() {
        let mut state = LeafBuffers::default();
        let mut p = (array![1.0_f64, 2.0], 3.0_f64);
        let g = (array![0.5, 0.5], 1.0);
        for expected in [1.0, 2.0] {
            state.for_each_leaf("Test", 2, &mut p, &g, |_, _, buffers| {
                assert_eq!(buffers.len(), 2);
                buffers[0].mapv_inplace(|b| b + 1.0);
                assert!(buffers[0].iter().all(|&b| b == expected));
            });
        }
    }

    #[test]
    #[should_panic(
        expected = "adjoint: Test: parameter `0` has shape [3], but parameter `0` had shape [2] when the optimizer's state was created"
    )]
    fn a_changed_shape_panics() {
        let mut state = LeafBuffers::default();
        let mut p = (array![1.0_f64, 2.0],);
        state.for_each_leaf("Test", 1, &mut p.clone(), &p, |_, _, _| {});
        p.0 = Array1::zeros(3);
        state.for_each_leaf("Test", 1, &mut p.clone(), &p, |_, _, _| {});
    }

    #[test]
    #[should_panic(expected = "the parameters have 3 leaves, but had 2")]
    fn a_new_leaf_panics() {
        let mut state = LeafBuffers::default();
        let mut p = vec![1.0_f64, 2.0];
        state.for_each_leaf("Test", 1, &mut p.clone(), &p, |_, _, _| {});
        p.push(3.0);
        state.for_each_leaf("Test", 1, &mut p.clone(), &p, |_, _, _| {});
    }

    #[test]
    fn reset_accepts_new_shapes() {
        let mut state = LeafBuffers::default();
        let p = array![1.0_f64, 2.0];
        state.for_each_leaf("Test", 1, &mut p.clone(), &p, |_, _, _| {});
        state.reset();
        let q = array![1.0_f64];
        state.for_each_leaf("Test", 1, &mut q.clone(), &q, |_, _, _| {});
    }
}

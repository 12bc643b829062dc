//! `adjoint::curvature` over a model that derives `Params`: the Hessian, Newton steps by
//! conjugate gradient, and Jacobians of L2-regularized logistic regression with weights and a
//! bias, with the gradient and Hessian-vector product derived by hand.

use adjoint::Float;
use adjoint::curvature::{
    CgOutcome, ConjugateGradient, axpy, conjugate_gradient, dot, hessian, jacobian,
    jacobian_by_columns, jacobian_by_rows, norm,
};
use adjoint::init;
use adjoint::ndarray::{Array1, Array2, Axis, array, concatenate};
use adjoint::prelude::*;

#[path = "../runtime/tests/support/counting_allocator.rs"]
mod counting_allocator;
use counting_allocator::allocations;

#[derive(Params, Clone, Debug, PartialEq)]
struct Logistic<F: Float> {
    w: Array1<F>,
    b: F,
}

/// A batch of `m` points in `n` dimensions with ±1 labels, not separable (so that the
/// regularized minimum is well inside), and the regularization weight.
struct Problem {
    x: Array2<f64>,
    y: Array1<f64>,
    lambda: f64,
}

impl Problem {
    fn new(m: usize, n: usize, seed: u64) -> Self {
        let mut rng = init::rng(seed);
        let x: Array2<f64> = init::normal((m, n), 1.0, &mut rng);
        let noise: Array1<f64> = init::normal(m, 1.0, &mut rng);
        let y = (x.column(0).to_owned() + noise).mapv(|s| if s > 0.0 { 1.0 } else { -1.0 });
        Problem { x, y, lambda: 0.05 }
    }

    fn m(&self) -> f64 {
        self.x.nrows() as f64
    }

    fn logits(&self, model: &Logistic<f64>) -> Array1<f64> {
        self.x.dot(&model.w) + model.b
    }

    /// L = mean log(1 + exp(−yⱼzⱼ)) + ½λ(‖w‖² + b²), z = Xw + b.
    fn loss(&self, model: &Logistic<f64>) -> f64 {
        let z = self.logits(model);
        let data = (&self.y * &z).mapv(|t| (-t).exp().ln_1p()).sum() / self.m();
        data + 0.5 * self.lambda * (model.w.dot(&model.w) + model.b * model.b)
    }

    /// With dⱼ = −yⱼσ(−yⱼzⱼ): ∂L/∂w = Xᵀd/m + λw, ∂L/∂b = Σd/m + λb.
    fn grad(&self, model: &Logistic<f64>) -> Logistic<f64> {
        let z = self.logits(model);
        let d = (&self.y * &z).mapv(|t| 1.0 / (1.0 + t.exp())) * -&self.y;
        Logistic {
            w: self.x.t().dot(&d) / self.m() + self.lambda * &model.w,
            b: d.sum() / self.m() + self.lambda * model.b,
        }
    }

    /// sⱼ = σ(zⱼ)(1 − σ(zⱼ)), the curvature of each point's loss in its logit (y² = 1).
    fn curvature(&self, model: &Logistic<f64>) -> Array1<f64> {
        self.logits(model).mapv(|z| {
            let sigma = 1.0 / (1.0 + (-z).exp());
            sigma * (1.0 - sigma)
        })
    }

    /// H·v: with dz = X·v_w + v_b, (Xᵀ(s ⊙ dz)/m + λv_w, Σ(s ⊙ dz)/m + λv_b).
    fn hvp(&self, s: &Array1<f64>, v: &Logistic<f64>) -> Logistic<f64> {
        let weighted = s * &(self.x.dot(&v.w) + v.b);
        Logistic {
            w: self.x.t().dot(&weighted) / self.m() + self.lambda * &v.w,
            b: weighted.sum() / self.m() + self.lambda * v.b,
        }
    }

    /// [X | 1]: the Jacobian of the logits in (w, b).
    fn design(&self) -> Array2<f64> {
        let ones = Array2::ones((self.x.nrows(), 1));
        concatenate![Axis(1), self.x, ones]
    }

    /// H = [X | 1]ᵀ diag(s) [X | 1] / m + λI, coordinates w₀ … wₙ₋₁, b.
    fn hessian(&self, model: &Logistic<f64>) -> Array2<f64> {
        let a = self.design();
        let s = self.curvature(model).insert_axis(Axis(1));
        a.t().dot(&(&a * &s)) / self.m() + self.lambda * Array2::<f64>::eye(a.ncols())
    }
}

fn flat(model: &Logistic<f64>) -> Array1<f64> {
    model.w.iter().copied().chain([model.b]).collect()
}

fn max_abs(a: &Array2<f64>) -> f64 {
    a.iter().fold(0.0_f64, |m, x| m.max(x.abs()))
}

/// The solution of `A·x = b` by Gaussian elimination with partial pivoting.
fn direct_solve(a: &Array2<f64>, b: &Array1<f64>) -> Array1<f64> {
    let n = b.len();
    let mut a = a.clone();
    let mut b = b.clone();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[[i, col]].abs().total_cmp(&a[[j, col]].abs()))
            .unwrap();
        for k in 0..n {
            a.swap([col, k], [pivot, k]);
        }
        b.swap(col, pivot);
        for row in col + 1..n {
            let factor = a[[row, col]] / a[[col, col]];
            for k in col..n {
                a[[row, k]] -= factor * a[[col, k]];
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = Array1::zeros(n);
    for row in (0..n).rev() {
        let rest = (row + 1..n).map(|k| a[[row, k]] * x[k]).sum::<f64>();
        x[row] = (b[row] - rest) / a[[row, row]];
    }
    x
}

fn model(n: usize, seed: u64) -> Logistic<f64> {
    Logistic {
        w: init::normal(n, 0.5, &mut init::rng(seed)),
        b: 0.3,
    }
}

#[test]
fn the_hand_derived_gradient_and_product_match_finite_differences() {
    let problem = Problem::new(40, 5, 1);
    let at = model(5, 2);
    let h = 1e-6;
    let grad = problem.grad(&at);
    let mut numeric = at.zeros_like();
    for k in 0..6 {
        let mut plus = at.clone();
        let mut minus = at.clone();
        if k < 5 {
            plus.w[k] += h;
            minus.w[k] -= h;
        } else {
            plus.b += h;
            minus.b -= h;
        }
        let d = (problem.loss(&plus) - problem.loss(&minus)) / (2.0 * h);
        if k < 5 {
            numeric.w[k] = d
        } else {
            numeric.b = d
        }
    }
    assert!(
        norm(&{
            let mut e = numeric.clone();
            axpy(&mut e, -1.0, &grad);
            e
        }) <= 1e-8
    );
    let v = Logistic {
        w: init::normal(5, 1.0, &mut init::rng(3)),
        b: -0.7,
    };
    let mut plus = at.clone();
    axpy(&mut plus, h, &v);
    let mut minus = at.clone();
    axpy(&mut minus, -h, &v);
    let mut difference = problem.grad(&plus);
    axpy(&mut difference, -1.0, &problem.grad(&minus));
    let product = problem.hvp(&problem.curvature(&at), &v);
    assert!(
        (flat(&difference) / (2.0 * h) - flat(&product))
            .iter()
            .all(|e| e.abs() <= 1e-8)
    );
}

#[test]
fn the_hessian_of_a_derived_model_is_its_closed_form_in_visit_order() {
    let problem = Problem::new(40, 5, 4);
    let at = model(5, 5);
    let s = problem.curvature(&at);
    let h = hessian(&at, |v| problem.hvp(&s, v));
    let closed = problem.hessian(&at);
    assert_eq!(h.dim(), (6, 6));
    assert!(max_abs(&(&h - &closed)) <= 1e-14 * max_abs(&closed));
    // Not symmetrized, yet symmetric to rounding.
    assert!(max_abs(&(&h - &h.t())) <= 1e-15 * max_abs(&h));
    // The last coordinate is the bias: H_bb = Σs/m + λ.
    let h_bb = s.sum() / problem.m() + problem.lambda;
    assert!((h[[5, 5]] - h_bb).abs() <= 1e-15 * h_bb);
}

#[test]
fn newton_steps_by_conjugate_gradient_reach_the_minimum() {
    let problem = Problem::new(60, 8, 6);
    let mut at = model(8, 7);
    // One step against a direct solve of the closed-form Hessian.
    let s = problem.curvature(&at);
    let mut minus_grad = problem.grad(&at);
    minus_grad.w.mapv_inplace(|g| -g);
    minus_grad.b = -minus_grad.b;
    let (step, report) = conjugate_gradient(&minus_grad, |v| problem.hvp(&s, v), 1e-12, 9);
    assert!(report.converged() && report.iterations <= 9, "{report:?}");
    let direct = direct_solve(&problem.hessian(&at), &flat(&minus_grad));
    let error = (&flat(&step) - &direct).mapv(f64::abs).sum() / direct.mapv(f64::abs).sum();
    assert!(error <= 1e-10, "relative error {error:e}");
    // A descent direction: gᵀd < 0.
    assert!(dot(&problem.grad(&at), &step) < 0.0);

    // Newton's method with one solver reused: quadratic convergence to ‖∇L‖ < 1e-12.
    let mut cg = ConjugateGradient::new(&at);
    let mut norms = Vec::new();
    for _ in 0..8 {
        let mut grad = problem.grad(&at);
        norms.push(norm(&grad));
        if norms.last().unwrap() < &1e-12 {
            break;
        }
        let s = problem.curvature(&at);
        grad.w.mapv_inplace(|g| -g);
        grad.b = -grad.b;
        let report = cg.solve(&grad, |v, out| *out = problem.hvp(&s, v), 1e-12, 9);
        assert_eq!(report.outcome, CgOutcome::Converged);
        axpy(&mut at, 1.0, cg.solution());
    }
    assert!(*norms.last().unwrap() < 1e-12, "gradient norms {norms:?}");
    assert!(norms.len() <= 7, "gradient norms {norms:?}");
}

#[test]
fn a_solve_over_a_derived_model_allocates_nothing() {
    // H = diag(1, 2, 3) ⊕ 4 over { w, b }, applied in place.
    let b = Logistic {
        w: array![1.0_f32, 1.0, 1.0],
        b: 1.0,
    };
    let apply = |v: &Logistic<f32>, out: &mut Logistic<f32>| {
        for i in 0..3 {
            out.w[i] = (i + 1) as f32 * v.w[i];
        }
        out.b = 4.0 * v.b;
    };
    let mut cg = ConjugateGradient::new(&b);
    let (allocated, report) = allocations(|| cg.solve(&b, apply, 1e-6, 10));
    assert_eq!(allocated, 0);
    assert!(report.converged() && report.iterations <= 4, "{report:?}");
    let x = cg.solution();
    let expected = [1.0, 0.5, 1.0 / 3.0, 0.25];
    let found = [x.w[0], x.w[1], x.w[2], x.b];
    for (found, expected) in found.iter().zip(expected) {
        assert!(
            (found - expected).abs() <= 1e-6,
            "{found} against {expected}"
        );
    }
}

#[test]
fn jacobians_of_the_logits_in_a_derived_model() {
    let problem = Problem::new(7, 3, 8);
    let at = model(3, 9);
    // z(w, b) = Xw + b: J·t = X·t_w + t_b, Jᵀ·u = (Xᵀu, Σu), J = [X | 1].
    let jvp = |t: &Logistic<f64>| problem.x.dot(&t.w) + t.b;
    let vjp = |u: &Array1<f64>| Logistic {
        w: problem.x.t().dot(u),
        b: u.sum(),
    };
    let expected = problem.design();
    assert_eq!(jacobian_by_columns(&at, jvp), expected);
    assert_eq!(jacobian_by_rows(&at, 7, vjp), expected);
    assert_eq!(jacobian(&at, 7, jvp, vjp), expected);

    // The same in f32.
    let at32 = Logistic {
        w: at.w.mapv(|w| w as f32),
        b: at.b as f32,
    };
    let x32 = problem.x.mapv(|x| x as f32);
    let j32 = jacobian(
        &at32,
        7,
        |t: &Logistic<f32>| x32.dot(&t.w) + t.b,
        |u: &Array1<f32>| Logistic {
            w: x32.t().dot(u),
            b: u.sum(),
        },
    );
    assert_eq!(j32, expected.mapv(|x| x as f32));
}

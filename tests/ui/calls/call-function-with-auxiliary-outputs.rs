use adjoint::ndarray::Array1;
use adjoint::prelude::*;

/// A loss with the number of predictions within 0.5 of their targets.
#[differentiable]
fn loss_and_hits(w: &Array1<f64>, t: &Array1<f64>) -> (f64, usize) {
    let d = w - t;
    let hits = d.iter().filter(|v| v.abs() < 0.5).count();
    ((&d * &d).sum(), hits)
}

#[differentiable]
fn weighted(w: &Array1<f64>, t: &Array1<f64>) -> f64 {
    let (loss, hits) = loss_and_hits(w, t);
    loss * (hits as f64 + 1.0)
}

#[derive(Params, Clone)]
struct Model {
    w: Array1<f64>,
}

impl Model {
    /// A penalty with the number of weights it counts.
    #[differentiable]
    fn penalty(&self) -> (f64, usize) {
        (self.w.mapv(|v| v * v).sum(), self.w.len())
    }

    #[differentiable]
    fn total(&self) -> f64 {
        let (penalty, count) = self.penalty();
        penalty / count as f64
    }
}

fn main() {}

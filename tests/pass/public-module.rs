//! `pub` differentiable functions in a `pub mod`, called from another module through `use`,
//! renames and paths, both from plain code and from other differentiable functions.
#![deny(warnings)]

pub mod model {
    use adjoint::ndarray::{Array1, Array2};
    use adjoint::prelude::*;

    /// f(x, y) = x²·y
    #[differentiable]
    pub fn poly(x: f64, y: f64) -> f64 {
        x * x * y
    }

    /// y = xW + b
    #[differentiable]
    pub fn dense(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
        x.dot(w) + b
    }

    pub mod nested {
        use adjoint::prelude::*;

        /// g(x) = sin(x)
        #[differentiable]
        pub fn wave(x: f64) -> f64 {
            x.sin()
        }
    }
}

mod training {
    use crate::model::dense as layer;
    use crate::model::nested;
    use crate::model::poly as p;
    use adjoint::ndarray::{Array1, Array2};
    use adjoint::prelude::*;

    /// h(x, y) = poly(x, y) + wave(x) = x²·y + sin(x)
    #[differentiable]
    pub fn combined(x: f64, y: f64) -> f64 {
        p(x, y) + nested::wave(x)
    }

    /// h(x, y) = poly(x, y)·wave(y) through absolute paths
    #[differentiable]
    pub fn absolute(x: f64, y: f64) -> f64 {
        crate::model::poly(x, y) * crate::model::nested::wave(y)
    }

    /// L = Σ layer(x, w, b)
    #[differentiable(wrt(w, b))]
    pub fn total(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> f64 {
        layer(x, w, b).sum()
    }
}

use adjoint::ndarray::array;
use model::nested::wave_grad as wave_gradient;
use model::{dense_vjp, poly_grad};
use training::{absolute_grad, combined_grad, total_grad};

fn main() {
    let (x, y) = (0.6_f64, -2.0_f64);
    let (value, (dx, dy)) = poly_grad(x, y);
    assert!((value - x * x * y).abs() < 1e-12);
    assert!((dx - 2.0 * x * y).abs() < 1e-12 && (dy - x * x).abs() < 1e-12);

    let (value, dx) = wave_gradient(x);
    assert!((value - x.sin()).abs() < 1e-12 && (dx - x.cos()).abs() < 1e-12);

    // ∂h/∂x = 2xy + cos(x), ∂h/∂y = x²
    let (value, (dx, dy)) = combined_grad(x, y);
    assert!((value - (x * x * y + x.sin())).abs() < 1e-12);
    assert!((dx - (2.0 * x * y + x.cos())).abs() < 1e-12, "{dx}");
    assert!((dy - x * x).abs() < 1e-12, "{dy}");

    // ∂h/∂x = 2xy·sin(y), ∂h/∂y = x²·sin(y) + x²y·cos(y)
    let (value, (dx, dy)) = absolute_grad(x, y);
    assert!((value - x * x * y * y.sin()).abs() < 1e-12);
    assert!((dx - 2.0 * x * y * y.sin()).abs() < 1e-12, "{dx}");
    assert!(
        (dy - (x * x * y.sin() + x * x * y * y.cos())).abs() < 1e-12,
        "{dy}"
    );

    let xs = array![[1.0, 2.0], [3.0, -1.0]];
    let w = array![[0.5, -1.0, 0.2], [0.1, 0.3, -0.4]];
    let b = array![0.1, 0.2, 0.3];
    let cot = array![[1.0, 0.5, -1.0], [2.0, 0.0, 1.0]];
    let (out, (dx, dw, db)) = dense_vjp(&xs, &w, &b, &cot);
    assert_eq!(out, xs.dot(&w) + &b);
    assert_eq!(dx, cot.dot(&w.t()));
    assert_eq!(dw, xs.t().dot(&cot));
    assert_eq!(db, array![3.0, 0.5, 0.0]);

    // L = Σ (xW + b): ∂L/∂W = xᵀ·1, ∂L/∂b = (rows, rows, rows)
    let (value, (dw, db)) = total_grad(&xs, &w, &b);
    assert!((value - (xs.dot(&w) + &b).sum()).abs() < 1e-12);
    assert_eq!(
        dw,
        xs.t().dot(&adjoint::ndarray::Array2::<f64>::ones((2, 3)))
    );
    assert_eq!(db, array![2.0, 2.0, 2.0]);
}

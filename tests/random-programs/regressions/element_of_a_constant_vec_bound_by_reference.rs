//! `let l = &m.layers[i];` in a loop, where `m` is left out of `wrt` (a constant), does not
//! compile: E0507, cannot move out of index of `Vec<L>` (the reference is dropped when the
//! element is bound). With `m` differentiated it compiles, and so does `for l in &m.layers`.
//! Found by the random programs (seed 1, programs 44, 614 and 783).
use adjoint::prelude::*;

#[derive(Params, Clone, Debug)]
pub struct L {
    pub u: f64,
}

#[derive(Params, Clone, Debug)]
pub struct M {
    pub layers: Vec<L>,
}

#[differentiable(wrt(x))]
fn f(x: f64, m: &M) -> f64 {
    let mut v = x;
    for i in 0..m.layers.len() {
        let l = &m.layers[i];
        v = v * l.u;
    }
    v
}

fn main() {
    let m = M {
        layers: vec![L { u: 2.0 }, L { u: 3.0 }],
    };
    assert_eq!(f_grad(1.5, &m), (9.0, 6.0));
}

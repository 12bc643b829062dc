//! Points and directions for the checks of the runtime's entries: spread without ties and away
//! from zero, so that no central difference crosses the kink of a ReLU or changes a pool's
//! argmax. Included by the tests that use it (`#[path = "support/points.rs"] mod points;`).

use adjoint_runtime::{Float, Params};

/// `p` filled leaf by leaf with `−2 + 4(k + ½)/n` for `k` a permutation of `0..n` drawn by
/// `seed`: distinct values in `(−2, 2)`, at least `2/n` from zero and `4/n` from each other.
pub fn fill<P: Params>(p: &P, seed: usize) -> P {
    let mut out = p.zeros_like();
    out.visit_mut("", &mut |_, mut leaf| {
        let n = leaf.len();
        let step = (7..)
            .find(|s| gcd(*s, n) == 1)
            .expect("a step coprime with n");
        for (i, v) in leaf.iter_mut().enumerate() {
            let k = (i * step + seed * 5) % n;
            *v = P::Elem::from_f64_lossy(-2.0 + 4.0 * (k as f64 + 0.5) / n as f64);
        }
    });
    out
}

/// A direction shaped like `p`: [`fill`] moved up by ½, so that no leaf sums to zero (a
/// tangent of zero mean would hide a wrong rule of `mean`).
pub fn direction_like<P: Params>(p: &P, seed: usize) -> P {
    let mut out = fill(p, seed);
    out.visit_mut("", &mut |_, mut leaf| {
        leaf.mapv_inplace(|v| v + P::Elem::from_f64_lossy(0.5));
    });
    out
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// `t` if `present`, else zeros shaped like it: the direction that an absent tangent is.
pub fn or_zero<P: Params + Clone>(present: bool, t: &P) -> P {
    if present { t.clone() } else { t.zeros_like() }
}

/// Whether tangent `i` is present in the combination `mask`.
pub fn present(mask: u32, i: u32) -> bool {
    mask >> i & 1 == 1
}

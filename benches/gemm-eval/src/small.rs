//! Hand-written kernel for small products (candidate for `runtime/src/ops/small_gemm.rs`).

use std::mem::MaybeUninit;

use ndarray::{ArrayRef, Ix2};

pub trait Float: ndarray::NdFloat {}
impl Float for f32 {}
impl Float for f64 {}

/// Rows of a register tile of `C`.
const MR: usize = 4;
/// Columns of a register tile of `C`: one AVX register of `f32`, two of `f64`.
const NR: usize = 8;
/// Elements of `B` copied to the stack when its rows are not contiguous.
const STACK: usize = 4096;

#[derive(Clone, Copy)]
struct Mat<F> {
    ptr: *const F,
    rs: isize,
    cs: isize,
}

#[derive(Clone, Copy)]
struct MatMut<F> {
    ptr: *mut F,
    rs: isize,
    cs: isize,
}

pub fn small_matmul_into<F: Float>(
    a: &ArrayRef<F, Ix2>,
    b: &ArrayRef<F, Ix2>,
    c: &mut ArrayRef<F, Ix2>,
    simd: bool,
) -> bool {
    let (m, k) = a.dim();
    let n = b.ncols();
    assert!(b.nrows() == k && c.dim() == (m, n));
    if m == 0 || n == 0 {
        return true;
    }
    if k == 0 {
        c.fill(F::zero());
        return true;
    }
    let (sa, sb) = (a.strides(), b.strides());
    let (c_rs, c_cs) = (c.strides()[0], c.strides()[1]);
    let am = Mat {
        ptr: a.as_ptr(),
        rs: sa[0],
        cs: sa[1],
    };
    let bm = Mat {
        ptr: b.as_ptr(),
        rs: sb[0],
        cs: sb[1],
    };
    let cm = MatMut {
        ptr: c.as_mut_ptr(),
        rs: c_rs,
        cs: c_cs,
    };
    // Vectorize along the longer of C's dimensions when C's rows are too short for a register:
    // Cᵀ = Bᵀ·Aᵀ.
    let (m, n, am, bm, cm) = if n >= NR.min(m) {
        (m, n, am, bm, cm)
    } else {
        (n, m, bm.t(), am.t(), cm.t())
    };
    let mut stack = [const { MaybeUninit::<F>::uninit() }; STACK];
    let bm = if bm.cs == 1 || n == 1 {
        Mat { cs: 1, ..bm }
    } else if k * n <= STACK {
        for p in 0..k {
            for j in 0..n {
                // SAFETY: (p, j) is inside B.
                stack[p * n + j].write(unsafe { *bm.at(p, j) });
            }
        }
        Mat {
            ptr: stack.as_ptr().cast(),
            rs: n as isize,
            cs: 1,
        }
    } else {
        return false;
    };
    #[cfg(target_arch = "x86_64")]
    if simd && std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has AVX2 and FMA; the matrices are as above.
        unsafe { kernel_avx2_fma(m, n, k, am, bm, cm) };
        return true;
    }
    // SAFETY: `am`, `bm` (with unit column stride) and `cm` describe m×k, k×n and m×n matrices.
    unsafe { kernel::<F, false>(m, n, k, am, bm, cm) };
    true
}

impl<F> Mat<F> {
    fn t(self) -> Self {
        Mat {
            ptr: self.ptr,
            rs: self.cs,
            cs: self.rs,
        }
    }
    unsafe fn at(self, i: usize, j: usize) -> *const F {
        unsafe { self.ptr.offset(i as isize * self.rs + j as isize * self.cs) }
    }
}

impl<F> MatMut<F> {
    fn t(self) -> Self {
        MatMut {
            ptr: self.ptr,
            rs: self.cs,
            cs: self.rs,
        }
    }
    unsafe fn at(self, i: usize, j: usize) -> *mut F {
        unsafe { self.ptr.offset(i as isize * self.rs + j as isize * self.cs) }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn kernel_avx2_fma<F: Float>(
    m: usize,
    n: usize,
    k: usize,
    a: Mat<F>,
    b: Mat<F>,
    c: MatMut<F>,
) {
    unsafe { kernel::<F, true>(m, n, k, a, b, c) }
}

#[inline(always)]
fn madd<F: Float, const FMA: bool>(a: F, b: F, c: F) -> F {
    if FMA { a.mul_add(b, c) } else { a * b + c }
}

#[inline(always)]
unsafe fn kernel<F: Float, const FMA: bool>(
    m: usize,
    n: usize,
    k: usize,
    a: Mat<F>,
    b: Mat<F>,
    c: MatMut<F>,
) {
    let mut i = 0;
    while i + MR <= m {
        unsafe { panel::<F, FMA, MR>(i, n, k, a, b, c) };
        i += MR;
    }
    unsafe {
        match m - i {
            1 => panel::<F, FMA, 1>(i, n, k, a, b, c),
            2 => panel::<F, FMA, 2>(i, n, k, a, b, c),
            3 => panel::<F, FMA, 3>(i, n, k, a, b, c),
            _ => {}
        }
    }
}

/// Rows `i..i + R` of C, NR columns at a time, the tile in registers.
#[inline(always)]
unsafe fn panel<F: Float, const FMA: bool, const R: usize>(
    i: usize,
    n: usize,
    k: usize,
    a: Mat<F>,
    b: Mat<F>,
    c: MatMut<F>,
) {
    let mut j = 0;
    while j < n {
        let width = NR.min(n - j);
        let mut acc = [[F::zero(); NR]; R];
        if width == NR {
            for p in 0..k {
                let bp = unsafe { b.at(p, j) };
                let bv: [F; NR] = unsafe { bp.cast::<[F; NR]>().read_unaligned() };
                for r in 0..R {
                    let ar = unsafe { *a.at(i + r, p) };
                    for jj in 0..NR {
                        acc[r][jj] = madd::<F, FMA>(ar, bv[jj], acc[r][jj]);
                    }
                }
            }
        } else {
            for p in 0..k {
                let bp = unsafe { b.at(p, j) };
                let mut bv = [F::zero(); NR];
                for (jj, v) in bv.iter_mut().enumerate().take(width) {
                    *v = unsafe { *bp.add(jj) };
                }
                for r in 0..R {
                    let ar = unsafe { *a.at(i + r, p) };
                    for jj in 0..NR {
                        acc[r][jj] = madd::<F, FMA>(ar, bv[jj], acc[r][jj]);
                    }
                }
            }
        }
        for (r, row) in acc.iter().enumerate() {
            let cp = unsafe { c.at(i + r, j) };
            if c.cs == 1 {
                for (jj, &v) in row.iter().enumerate().take(width) {
                    unsafe { *cp.add(jj) = v };
                }
            } else {
                for (jj, &v) in row.iter().enumerate().take(width) {
                    unsafe { *cp.offset(jj as isize * c.cs) = v };
                }
            }
        }
        j += NR;
    }
}

/// `C = A·B` by nano-gemm, with B copied to the stack when neither C and B (for Cᵀ = Bᵀ·Aᵀ) nor
/// C and A are column-major-friendly.
pub fn nano_matmul_into(
    a: &ArrayRef<f32, Ix2>,
    b: &ArrayRef<f32, Ix2>,
    c: &mut ArrayRef<f32, Ix2>,
) -> bool {
    let (m, k) = a.dim();
    let n = b.ncols();
    let (sa, sb) = (a.strides(), b.strides());
    let (c_rs, c_cs) = (c.strides()[0], c.strides()[1]);
    let cp = c.as_mut_ptr();
    unsafe {
        if c_rs == 1 && sa[0] == 1 {
            let plan = nano_gemm::Plan::new_colmajor_lhs_and_dst_f32(m, n, k);
            plan.execute_unchecked(
                m,
                n,
                k,
                cp,
                1,
                c_cs,
                a.as_ptr(),
                1,
                sa[1],
                b.as_ptr(),
                sb[0],
                sb[1],
                0.0,
                1.0,
                false,
                false,
            );
            return true;
        }
        let mut stack = [const { MaybeUninit::<f32>::uninit() }; STACK];
        let (bp, b_rs) = if sb[1] == 1 || n == 1 {
            (b.as_ptr(), sb[0])
        } else if k * n <= STACK {
            for p in 0..k {
                for j in 0..n {
                    stack[p * n + j].write(b[[p, j]]);
                }
            }
            (stack.as_ptr().cast::<f32>(), n as isize)
        } else {
            let plan = nano_gemm::Plan::new_f32(m, n, k);
            plan.execute_unchecked(
                m,
                n,
                k,
                cp,
                c_rs,
                c_cs,
                a.as_ptr(),
                sa[0],
                sa[1],
                b.as_ptr(),
                sb[0],
                sb[1],
                0.0,
                1.0,
                false,
                false,
            );
            return true;
        };
        if c_cs == 1 || n == 1 {
            // Cᵀ = Bᵀ·Aᵀ, Cᵀ and Bᵀ column-major.
            let plan = nano_gemm::Plan::new_colmajor_lhs_and_dst_f32(n, m, k);
            plan.execute_unchecked(
                n,
                m,
                k,
                cp,
                1,
                c_rs,
                bp,
                1,
                b_rs,
                a.as_ptr(),
                sa[1],
                sa[0],
                0.0,
                1.0,
                false,
                false,
            );
        } else {
            let plan = nano_gemm::Plan::new_f32(m, n, k);
            plan.execute_unchecked(
                m,
                n,
                k,
                cp,
                c_rs,
                c_cs,
                a.as_ptr(),
                sa[0],
                sa[1],
                bp,
                b_rs,
                1,
                0.0,
                1.0,
                false,
                false,
            );
        }
    }
    true
}

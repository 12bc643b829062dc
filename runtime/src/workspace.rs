//! A pool of buffers that the rules allocate their arrays from while a [`Workspace`] is
//! installed, so that a gradient computed again and again allocates nothing after the first
//! time.
//!
//! The pool is per thread and active only between [`install`] and the drop of the guard it
//! returns. Without it, [`take`] is `Vec::with_capacity` and [`give`] is `drop`: code that
//! never installs a workspace behaves as before.

use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::mem::{self, ManuallyDrop, MaybeUninit};

use ndarray::{Array, ArrayRef, Axis, Dimension, IntoDimension, RemoveAxis, ShapeBuilder, Zip};

use crate::Float;
use crate::ops::vectorized::Kernel;

/// Buffers kept between gradient computations: the arrays that one computation gave back, for
/// the next to reuse.
///
/// A workspace lends its buffers to the rules while it is installed (generated
/// `NAME_grad_into` functions install it), and gets them back, with whatever was added, when
/// the call returns. It starts empty; the first call fills it.
///
/// ```
/// use adjoint_runtime::Workspace;
/// let ws = Workspace::new();
/// assert_eq!((ws.buffers(), ws.bytes()), (0, 0));
/// ```
#[derive(Debug, Default)]
pub struct Workspace {
    f32s: Vec<Vec<f32>>,
    f64s: Vec<Vec<f64>>,
    /// Index buffers: where each window of a max-pool found its maximum.
    indices: Vec<Vec<u32>>,
}

/// # Constructors and reporting
impl Workspace {
    /// An empty workspace.
    ///
    /// ```
    /// use adjoint_runtime::Workspace;
    /// assert_eq!(Workspace::new().buffers(), 0);
    /// ```
    pub const fn new() -> Self {
        Workspace {
            f32s: Vec::new(),
            f64s: Vec::new(),
            indices: Vec::new(),
        }
    }

    /// The number of free buffers held (none while the workspace is installed: they are lent).
    ///
    /// ```
    /// use adjoint_runtime::Workspace;
    /// assert_eq!(Workspace::default().buffers(), 0);
    /// ```
    pub fn buffers(&self) -> usize {
        self.f32s.len() + self.f64s.len() + self.indices.len()
    }

    /// The bytes of capacity of the free buffers held.
    ///
    /// ```
    /// use adjoint_runtime::Workspace;
    /// assert_eq!(Workspace::default().bytes(), 0);
    /// ```
    pub fn bytes(&self) -> usize {
        let f32s: usize = self.f32s.iter().map(Vec::capacity).sum();
        let f64s: usize = self.f64s.iter().map(Vec::capacity).sum();
        let indices: usize = self.indices.iter().map(Vec::capacity).sum();
        f32s * mem::size_of::<f32>()
            + f64s * mem::size_of::<f64>()
            + indices * mem::size_of::<u32>()
    }

    /// The free list of one element type (what [`Float::free_list`] maps `F` to).
    pub(crate) fn f32s(&mut self) -> &mut Vec<Vec<f32>> {
        &mut self.f32s
    }

    /// The free list of `f64` buffers.
    pub(crate) fn f64s(&mut self) -> &mut Vec<Vec<f64>> {
        &mut self.f64s
    }
}

/// The pool of this thread: the installed workspace's buffers, and whether one is installed.
struct Pool {
    active: Cell<bool>,
    buffers: RefCell<Workspace>,
}

thread_local! {
    static POOL: Pool = const {
        Pool {
            active: Cell::new(false),
            buffers: RefCell::new(Workspace::new()),
        }
    };
}

/// Lends `ws`'s buffers to the rules running on this thread until the guard drops.
///
/// Nested installs (a generated function calling another) do nothing: the outer workspace
/// stays installed. Moving the buffers allocates nothing.
///
/// ```
/// use adjoint_runtime::Workspace;
/// use adjoint_runtime::workspace::install;
/// let mut ws = Workspace::new();
/// {
///     let _pool = install(&mut ws);
///     let y = adjoint_runtime::relu(&ndarray::array![1.0_f64, -1.0]);
///     adjoint_runtime::Params::recycle(y);
/// }
/// assert_eq!(ws.buffers(), 1);
/// ```
#[doc(hidden)]
pub fn install(ws: &mut Workspace) -> Installed<'_> {
    let installed = POOL
        .try_with(|pool| {
            if pool.active.get() {
                return false;
            }
            let Ok(mut buffers) = pool.buffers.try_borrow_mut() else {
                return false;
            };
            mem::swap(&mut *buffers, ws);
            pool.active.set(true);
            true
        })
        .unwrap_or(false);
    Installed {
        ws,
        installed,
        not_send: PhantomData,
    }
}

/// The guard of [`install`]: dropping it gives the pool's buffers back to the workspace.
#[doc(hidden)]
#[must_use = "the workspace is uninstalled when the guard drops"]
pub struct Installed<'a> {
    ws: &'a mut Workspace,
    installed: bool,
    /// The pool is this thread's: the guard must drop here.
    not_send: PhantomData<*const ()>,
}

impl Drop for Installed<'_> {
    fn drop(&mut self) {
        if !self.installed {
            return;
        }
        let ws = &mut *self.ws;
        let _ = POOL.try_with(|pool| {
            pool.active.set(false);
            if let Ok(mut buffers) = pool.buffers.try_borrow_mut() {
                mem::swap(&mut *buffers, ws);
            }
        });
    }
}

/// Calls `f` with the installed workspace of this thread, if there is one.
fn with_installed<R>(f: impl FnOnce(&mut Workspace) -> R) -> Option<R> {
    POOL.try_with(|pool| {
        if !pool.active.get() {
            return None;
        }
        let mut buffers = pool.buffers.try_borrow_mut().ok()?;
        Some(f(&mut buffers))
    })
    .ok()
    .flatten()
}

/// Calls `f` with this thread's free list of `F` buffers if a workspace is installed.
fn with_free_list<F: Float, R>(f: impl FnOnce(&mut Vec<Vec<F>>) -> R) -> Option<R> {
    with_installed(|ws| f(F::free_list(ws)))
}

/// Removes from `list` a buffer of exactly `len` elements' capacity, else the smallest larger
/// one.
fn best_fit<T>(list: &mut Vec<Vec<T>>, len: usize) -> Option<Vec<T>> {
    let mut best: Option<usize> = None;
    for (i, buffer) in list.iter().enumerate() {
        let capacity = buffer.capacity();
        if capacity == len {
            best = Some(i);
            break;
        }
        if capacity > len && best.is_none_or(|b| capacity < list[b].capacity()) {
            best = Some(i);
        }
    }
    best.map(|i| list.swap_remove(i))
}

/// An empty `Vec` with room for `len` elements: a free buffer of exactly that capacity, else
/// the smallest larger one, else a new allocation (always, when no workspace is installed).
#[doc(hidden)]
pub fn take<F: Float>(len: usize) -> Vec<F> {
    if len == 0 {
        return Vec::new();
    }
    with_free_list(|list: &mut Vec<Vec<F>>| best_fit(list, len))
        .flatten()
        .unwrap_or_else(|| {
            settle_the_allocator();
            Vec::with_capacity(len)
        })
}

/// Keeps glibc's malloc from giving freed arrays back to the kernel after every call.
///
/// glibc returns the free memory at the top of its heap to the kernel once it exceeds the trim
/// threshold: 128 KiB at first, raised to twice the size of the largest buffer it has mapped
/// and then freed. A derivative entry that frees more than that on return (a Hessian-vector
/// product keeps every value and tangent to its end) then has every page of its next call
/// faulted in again: two thirds of the time of W2's product (BENCHMARKS.md, "Second order").
/// Mapping and freeing one 16 MiB buffer, once, raises the threshold to 32 MiB, as any
/// program that once freed an array that large already has it. Nothing is touched, so no
/// memory is used; under another allocator it is one allocation. A threshold set by the user
/// (`MALLOC_TRIM_THRESHOLD_`, `mallopt`) turns glibc's adjustment off, and then this changes
/// nothing.
fn settle_the_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        /// The size of the buffer mapped and freed.
        const SETTLING_BYTES: usize = 16 << 20;
        static SETTLED: std::sync::Once = std::sync::Once::new();
        SETTLED.call_once(|| {
            drop(std::hint::black_box(Vec::<u8>::with_capacity(
                SETTLING_BYTES,
            )));
        });
    }
}

/// Gives a buffer back to the installed workspace, or drops it when none is installed.
#[doc(hidden)]
pub fn give<F: Float>(mut buffer: Vec<F>) {
    if buffer.capacity() == 0 {
        return;
    }
    buffer.clear();
    let mut buffer = Some(buffer);
    with_free_list(|list: &mut Vec<Vec<F>>| list.push(buffer.take().expect("given once")));
}

/// An empty `Vec` of indices with room for `len`, from the installed workspace as [`take`].
pub(crate) fn take_indices(len: usize) -> Vec<u32> {
    if len == 0 {
        return Vec::new();
    }
    with_installed(|ws| best_fit(&mut ws.indices, len))
        .flatten()
        .unwrap_or_else(|| Vec::with_capacity(len))
}

/// Gives an index buffer back to the installed workspace, or drops it, as [`give`].
pub(crate) fn give_indices(mut buffer: Vec<u32>) {
    if buffer.capacity() == 0 {
        return;
    }
    buffer.clear();
    let mut buffer = Some(buffer);
    with_installed(|ws| ws.indices.push(buffer.take().expect("given once")));
}

/// Gives an array's storage back to the installed workspace (see [`give`]).
#[doc(hidden)]
pub fn recycle_array<F: Float, D: Dimension>(array: Array<F, D>) {
    give(array.into_raw_vec_and_offset().0);
}

/// A pooled array of `shape`, in standard (row-major) layout, with every element `value`.
pub(crate) fn filled<F: Float, Sh: IntoDimension>(shape: Sh, value: F) -> Array<F, Sh::Dim> {
    let shape = shape.into_dimension();
    let len = shape.size();
    let mut buffer = take(len);
    buffer.resize(len, value);
    Array::from_shape_vec(shape, buffer).expect("the buffer has the shape's length")
}

/// A pooled array of zeros of `shape`, in standard layout.
pub(crate) fn zeros<F: Float, Sh: IntoDimension>(shape: Sh) -> Array<F, Sh::Dim> {
    filled(shape, F::zero())
}

/// A pooled array of zeros of `shape`, in standard layout, or in column-major layout if
/// `column_major`.
#[cfg(not(feature = "gemm"))] // `matmul`'s output without the `gemm` crate
pub(crate) fn zeros_in_order<F: Float, D: Dimension>(shape: D, column_major: bool) -> Array<F, D> {
    let len = shape.size();
    let mut buffer = take(len);
    buffer.resize(len, F::zero());
    Array::from_shape_vec(shape.set_f(column_major), buffer)
        .expect("the buffer has the shape's length")
}

/// A pooled array of `shape` whose elements are not yet written, in standard layout, or in
/// column-major layout if `column_major` (as ndarray's `Array::uninit((m, n).f())`).
pub(crate) fn uninit<F: Float, D: Dimension>(
    shape: D,
    column_major: bool,
) -> Array<MaybeUninit<F>, D> {
    let len = shape.size();
    let mut buffer = ManuallyDrop::new(take::<F>(len));
    let (ptr, capacity) = (buffer.as_mut_ptr(), buffer.capacity());
    // Checked in release builds too: `from_raw_parts` needs `len <= capacity`.
    assert!(
        len <= capacity,
        "adjoint: workspace: internal error: a buffer of capacity {capacity} for {len} elements"
    );
    // SAFETY: the allocation came from a `Vec<F>` of this capacity (the `ManuallyDrop` keeps
    // it from being freed twice), and `MaybeUninit<F>` has `F`'s size and alignment;
    // `len <= capacity` (checked above), and uninitialized elements are valid `MaybeUninit`s.
    let buffer = unsafe { Vec::from_raw_parts(ptr.cast::<MaybeUninit<F>>(), len, capacity) };
    Array::from_shape_vec(shape.set_f(column_major), buffer)
        .expect("the buffer has the shape's length")
}

/// A pooled copy of `a`, as ndarray's `to_owned` makes it: in `a`'s memory order when `a` is
/// contiguous (a transposed array stays column-major), else in standard layout.
pub(crate) fn copy<F: Float, D: Dimension>(a: &ArrayRef<F, D>) -> Array<F, D> {
    let flat = memory_order(a);
    if let Some(flat) = flat {
        let mut buffer = take(flat.len());
        buffer.extend_from_slice(flat);
        if let Some(copy) = like_memory_order(a, buffer) {
            return copy;
        }
    }
    copy_standard(a)
}

/// A pooled copy of `a` in standard layout.
pub(crate) fn copy_standard<F: Float, D: Dimension>(a: &ArrayRef<F, D>) -> Array<F, D> {
    if let Some(flat) = a.as_slice() {
        let mut buffer = take(flat.len());
        buffer.extend_from_slice(flat);
        return Array::from_shape_vec(a.raw_dim(), buffer).expect("same length");
    }
    map_standard(a, |x| x)
}

/// `f` of every element of `a`, in a pooled array laid out as ndarray's `mapv` lays it out:
/// in `a`'s memory order when `a` is contiguous, else in standard layout.
pub(crate) fn map<F: Float, D: Dimension>(a: &ArrayRef<F, D>, f: impl Fn(F) -> F) -> Array<F, D> {
    if let Some(flat) = memory_order(a) {
        let mut buffer = take(flat.len());
        buffer.extend(flat.iter().map(|&x| f(x)));
        if let Some(out) = like_memory_order(a, buffer) {
            return out;
        }
    }
    map_standard(a, f)
}

/// `kernel` of every element of `a`, in a pooled array laid out as [`map`] lays it out.
pub(crate) fn map_kernel<F: Float, D: Dimension>(
    a: &ArrayRef<F, D>,
    kernel: Kernel,
) -> Array<F, D> {
    if let Some(flat) = memory_order(a) {
        let mut buffer = take(flat.len());
        kernel.extend(flat, &mut buffer);
        if let Some(out) = like_memory_order(a, buffer) {
            return out;
        }
    }
    let mut out = copy_standard(a);
    if let Some(flat) = out.as_slice_memory_order_mut() {
        kernel.apply_in_place(flat);
    }
    out
}

/// `f` of every element of `a`, in a pooled array in standard layout.
fn map_standard<F: Float, D: Dimension>(a: &ArrayRef<F, D>, f: impl Fn(F) -> F) -> Array<F, D> {
    let mut out = uninit(a.raw_dim(), false);
    Zip::from(&mut out).and(a).for_each(|o, &x| {
        o.write(f(x));
    });
    // SAFETY: the `Zip` wrote every element of `out`: it visits every element, and its `and`
    // asserts (in release builds too) that `out` has the shape of the arrays it zips with.
    unsafe { out.assume_init() }
}

/// The elements of `a` in memory order, if they are contiguous (a reversed axis, whose stride
/// is negative, included: ndarray's `mapv` and `to_owned` keep its order too).
fn memory_order<F, D: Dimension>(a: &ArrayRef<F, D>) -> Option<&[F]> {
    a.as_slice_memory_order()
}

/// `buffer`, the elements of an array shaped like `a` in `a`'s memory order, as that array;
/// `None` if ndarray does not accept `a`'s strides for an owned array (then the caller copies
/// in standard layout).
fn like_memory_order<F, D: Dimension>(a: &ArrayRef<F, D>, buffer: Vec<F>) -> Option<Array<F, D>> {
    if a.is_standard_layout() {
        return Array::from_shape_vec(a.raw_dim(), buffer).ok();
    }
    Array::from_shape_vec(a.raw_dim().strides(dim_of_strides(a)), buffer).ok()
}

/// `f` of every pair of elements of `a` and `b` (same shape), in a pooled array: ndarray's
/// `Zip::from(a).and(b).map_collect(f)`, with its panic if the shapes differ.
#[track_caller]
pub(crate) fn zip2<F: Float, D: Dimension>(
    a: &ArrayRef<F, D>,
    b: &ArrayRef<F, D>,
    f: impl Fn(F, F) -> F,
) -> Array<F, D> {
    let zip = Zip::from(a).and(b);
    let mut out = uninit(a.raw_dim(), prefers_column_major(&[a, b]));
    zip.and(&mut out).for_each(|&a, &b, o| {
        o.write(f(a, b));
    });
    // SAFETY: the `Zip` wrote every element of `out`: it visits every element, and its `and`
    // asserts (in release builds too) that `out` has the shape of the arrays it zips with.
    unsafe { out.assume_init() }
}

/// Whether ndarray's `Zip` over `arrays` collects its result in column-major order: when not
/// every array is in standard layout, and either every one is column-major or, counted over
/// the arrays, column-major strides win (ndarray's layout tendency). Arithmetic between arrays
/// (`&a + &b`) collects so; a sum in memory order then adds in the same order as the function.
fn prefers_column_major<F, D: Dimension>(arrays: &[&ArrayRef<F, D>]) -> bool {
    let mut all_standard = true;
    let mut all_column_major = true;
    let mut tendency = 0_i32;
    for a in arrays {
        let standard = a.is_standard_layout();
        let column_major = a.view().reversed_axes().is_standard_layout();
        let (shape, strides) = (a.shape(), a.strides());
        let n = shape.len();
        let (prefers_rows, prefers_columns) = if standard || column_major {
            (standard, column_major)
        } else if n > 1 && shape[n - 1] > 1 && strides[n - 1] == 1 {
            (true, false)
        } else if n > 1 && shape[0] > 1 && strides[0] == 1 {
            (false, true)
        } else {
            (false, false)
        };
        all_standard &= standard;
        all_column_major &= column_major;
        tendency += i32::from(standard) - i32::from(column_major) + i32::from(prefers_rows)
            - i32::from(prefers_columns);
    }
    !all_standard && (all_column_major || tendency < 0)
}

/// The order in which an element-wise rule visits the elements of its arrays and lays out its
/// result: that of ndarray's `mapv` of one array, or of its `Zip::map_collect` of several, so
/// that a later sum of the result adds in the same order as the function's.
#[derive(Clone, Copy)]
pub(crate) enum Order<'a, F, D> {
    /// The memory order of this contiguous array, whose layout the result keeps (reversed axes
    /// included).
    Like(&'a ArrayRef<F, D>),
    /// Row-major.
    Standard,
    /// Column-major.
    ColumnMajor,
}

/// The elements of an array in an [`Order`]: its own memory when it is laid out so, else a
/// pooled copy, given back when dropped.
pub(crate) enum Elements<'a, F: Float> {
    Borrowed(&'a [F]),
    Pooled(Vec<F>),
}

impl<F: Float> std::ops::Deref for Elements<'_, F> {
    type Target = [F];
    fn deref(&self) -> &[F] {
        match self {
            Elements::Borrowed(slice) => slice,
            Elements::Pooled(buffer) => buffer,
        }
    }
}

impl<F: Float> Drop for Elements<'_, F> {
    fn drop(&mut self) {
        if let Elements::Pooled(buffer) = self {
            give(mem::take(buffer));
        }
    }
}

impl<'a, F: Float, D: Dimension> Order<'a, F, D> {
    /// `mapv`'s order for `a`: its memory order when it is contiguous, else row-major.
    pub(crate) fn of_map(a: &'a ArrayRef<F, D>) -> Self {
        if a.is_standard_layout() {
            return Order::Standard;
        }
        match memory_order(a) {
            Some(flat)
                if ndarray::ArrayView::from_shape(a.raw_dim().strides(dim_of_strides(a)), flat)
                    .is_ok() =>
            {
                Order::Like(a)
            }
            _ => Order::Standard,
        }
    }

    /// `Zip::map_collect`'s order over `arrays`, which have one shape.
    pub(crate) fn of_zip(arrays: &[&ArrayRef<F, D>]) -> Self {
        if prefers_column_major(arrays) {
            Order::ColumnMajor
        } else {
            Order::Standard
        }
    }

    /// The elements of `a` in this order. `a` has the shape of the arrays the order is for.
    pub(crate) fn elements<'b>(&self, a: &'b ArrayRef<F, D>) -> Elements<'b, F> {
        let own = match self {
            Order::Like(x) if a.strides() == x.strides() => memory_order(a),
            Order::Like(_) => None,
            Order::Standard => a.as_slice(),
            Order::ColumnMajor if a.view().reversed_axes().is_standard_layout() => memory_order(a),
            Order::ColumnMajor => None,
        };
        if let Some(slice) = own {
            return Elements::Borrowed(slice);
        }
        let mut buffer = take(a.len());
        buffer.resize(a.len(), F::zero());
        let mut copy = self.array(a.raw_dim(), buffer);
        Zip::from(&mut copy).and(a).for_each(|c, &v| *c = v);
        let (buffer, _) = copy.into_raw_vec_and_offset();
        Elements::Pooled(buffer)
    }

    /// `values`, the elements of an array of `shape` in this order, as that array.
    ///
    /// **Panics** if `values` does not have the shape's length.
    #[track_caller]
    pub(crate) fn array(&self, shape: D, values: Vec<F>) -> Array<F, D> {
        let (len, size) = (values.len(), shape.size());
        assert_eq!(
            len, size,
            "adjoint: workspace: internal error: {len} values for {size} elements"
        );
        let array = match self {
            Order::Like(x) => like_memory_order(x, values),
            Order::Standard => Array::from_shape_vec(shape, values).ok(),
            Order::ColumnMajor => Array::from_shape_vec(shape.f(), values).ok(),
        };
        array.expect("the order's strides were accepted when it was chosen")
    }
}

/// Like [`zip2`], over three arrays.
#[track_caller]
pub(crate) fn zip3<F: Float, D: Dimension>(
    a: &ArrayRef<F, D>,
    b: &ArrayRef<F, D>,
    c: &ArrayRef<F, D>,
    f: impl Fn(F, F, F) -> F,
) -> Array<F, D> {
    let zip = Zip::from(a).and(b).and(c);
    let mut out = uninit(a.raw_dim(), false);
    zip.and(&mut out).for_each(|&a, &b, &c, o| {
        o.write(f(a, b, c));
    });
    // SAFETY: the `Zip` wrote every element of `out`: it visits every element, and its `and`
    // asserts (in release builds too) that `out` has the shape of the arrays it zips with.
    unsafe { out.assume_init() }
}

/// Like [`zip2`], over four arrays.
#[track_caller]
pub(crate) fn zip4<F: Float, D: Dimension>(
    a: &ArrayRef<F, D>,
    b: &ArrayRef<F, D>,
    c: &ArrayRef<F, D>,
    d: &ArrayRef<F, D>,
    f: impl Fn(F, F, F, F) -> F,
) -> Array<F, D> {
    let zip = Zip::from(a).and(b).and(c).and(d);
    let mut out = uninit(a.raw_dim(), false);
    zip.and(&mut out).for_each(|&a, &b, &c, &d, o| {
        o.write(f(a, b, c, d));
    });
    // SAFETY: the `Zip` wrote every element of `out`: it visits every element, and its `and`
    // asserts (in release builds too) that `out` has the shape of the arrays it zips with.
    unsafe { out.assume_init() }
}

/// `a.sum_axis(axis)` in a pooled array, adding in the order ndarray adds (so the same
/// values): lane by lane along the axis of least stride, else one subarray after another.
pub(crate) fn sum_axis<F: Float, D: RemoveAxis>(
    a: &ArrayRef<F, D>,
    axis: Axis,
) -> Array<F, D::Smaller> {
    let min_stride_axis = a.raw_dim().min_stride_axis(&dim_of_strides(a));
    if axis == min_stride_axis {
        let lanes = a.lanes(axis);
        let mut out = uninit(a.raw_dim().remove_axis(axis), false);
        Zip::from(lanes).and(&mut out).for_each(|lane, o| {
            o.write(lane.sum());
        });
        // SAFETY: the `Zip` wrote every element of `out`: it visits every element, and its `and`
        // asserts (in release builds too) that `out` has the shape of the arrays it zips with.
        unsafe { out.assume_init() }
    } else {
        let mut out = zeros(a.raw_dim().remove_axis(axis));
        for part in a.axis_iter(axis) {
            out += &part;
        }
        out
    }
}

/// The strides of `a` as a value of its dimension type (as ndarray keeps them).
fn dim_of_strides<F, D: Dimension>(a: &ArrayRef<F, D>) -> D {
    let mut strides = D::zeros(a.ndim());
    for (s, &t) in strides.slice_mut().iter_mut().zip(a.strides()) {
        *s = t as usize;
    }
    strides
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, array, s};

    /// A map or a copy of a view with reversed axes is laid out as ndarray's `mapv` and
    /// `to_owned` lay it out, so that a sum of it adds in the same order.
    #[test]
    fn reversed_axes_keep_their_memory_order() {
        let a = Array2::from_shape_fn((3, 4), |(i, j)| ((i * 4 + j) as f64 * 0.731).sin());
        for view in [
            a.slice(s![..;-1, ..;-1]),
            a.slice(s![.., ..;-1]),
            a.slice(s![..;-1, ..]),
        ] {
            let mapped = map(&view, f64::cos);
            let expected = view.mapv(f64::cos);
            assert_eq!(mapped, expected);
            assert_eq!(mapped.strides(), expected.strides());
            assert_eq!(mapped.sum().to_bits(), expected.sum().to_bits());
            let copied = copy(&view);
            assert_eq!(copied.strides(), view.to_owned().strides());
        }
    }

    fn pooled_capacities(ws: &Workspace) -> Vec<usize> {
        let mut caps: Vec<usize> = ws.f64s.iter().map(Vec::capacity).collect();
        caps.sort_unstable();
        caps
    }

    #[test]
    fn without_a_workspace_take_allocates_and_give_drops() {
        let v = take::<f64>(10);
        assert!(v.is_empty() && v.capacity() >= 10);
        give(v);
        assert_eq!(with_free_list(|list: &mut Vec<Vec<f64>>| list.len()), None);
    }

    #[test]
    fn buffers_return_to_the_workspace_when_the_guard_drops() {
        let mut ws = Workspace::new();
        {
            let _pool = install(&mut ws);
            give(Vec::<f64>::with_capacity(8));
            give(Vec::<f32>::with_capacity(4));
            give(Vec::<f64>::new());
        }
        assert_eq!(ws.buffers(), 2);
        assert_eq!(ws.bytes(), 8 * 8 + 4 * 4);
        // Uninstalled: the pool is inactive again.
        give(Vec::<f64>::with_capacity(3));
        assert_eq!(ws.buffers(), 2);
    }

    #[test]
    fn take_prefers_the_exact_capacity_then_the_smallest_that_fits() {
        let mut ws = Workspace::new();
        let _pool = install(&mut ws);
        for capacity in [16, 5, 9, 7] {
            give(Vec::<f64>::with_capacity(capacity));
        }
        let exact = take::<f64>(7);
        assert_eq!(exact.capacity(), 7);
        let fit = take::<f64>(6);
        assert_eq!(fit.capacity(), 9);
        let too_big = take::<f64>(100);
        assert_eq!(too_big.capacity(), 100);
        let reused_ptr = exact.as_ptr();
        give(exact);
        let again = take::<f64>(7);
        assert_eq!(again.as_ptr(), reused_ptr);
        give(again);
        drop(_pool);
        assert_eq!(pooled_capacities(&ws), [5, 7, 16]);
    }

    #[test]
    fn a_nested_install_keeps_the_outer_workspace() {
        let mut outer = Workspace::new();
        let mut inner = Workspace::new();
        {
            let _outer = install(&mut outer);
            {
                let _inner = install(&mut inner);
                give(Vec::<f64>::with_capacity(2));
            }
            // Still installed after the inner guard drops.
            give(Vec::<f64>::with_capacity(3));
        }
        assert_eq!((outer.buffers(), inner.buffers()), (2, 0));
    }

    #[test]
    fn arrays_come_from_and_go_back_to_the_pool() {
        let mut ws = Workspace::new();
        let _pool = install(&mut ws);
        let a: Array2<f64> = zeros((2, 3));
        let ptr = a.as_ptr();
        recycle_array(a);
        let b = filled((3, 2), 1.5);
        assert_eq!(b.as_ptr(), ptr);
        assert_eq!(b, Array2::from_elem((3, 2), 1.5));
    }

    #[test]
    fn helpers_agree_with_ndarray() {
        let a = array![[1.0_f64, -2.0, 3.0], [4.0, 5.0, -6.0]];
        let t = a.t();
        assert_eq!(map(&t, |x| x * 2.0), t.mapv(|x| x * 2.0));
        assert_eq!(
            map(&t, |x| x * 2.0).strides(),
            t.mapv(|x| x * 2.0).strides()
        );
        let every_other = a.slice(ndarray::s![.., ..;2]);
        assert_eq!(map(&every_other, |x| -x), every_other.mapv(|x| -x));
        assert_eq!(copy(&t), t.to_owned());
        assert_eq!(copy(&t).strides(), t.to_owned().strides());
        assert_eq!(copy_standard(&t), t);
        assert!(copy_standard(&t).is_standard_layout());
        assert_eq!(zip2(&a, &a, |x, y| x * y), &a * &a);
        for axis in [Axis(0), Axis(1)] {
            assert_eq!(sum_axis(&a, axis), a.sum_axis(axis));
            assert_eq!(sum_axis(&t, axis), t.sum_axis(axis));
        }
        let m = uninit::<f64, _>(ndarray::Ix2(2, 3), true);
        assert_eq!(m.strides(), [1, 2]);
    }
}

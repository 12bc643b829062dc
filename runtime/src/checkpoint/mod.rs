//! Checkpoints: any [`Params`] value saved to and loaded from a
//! [safetensors](https://huggingface.co/docs/safetensors) file.
//!
//! Each leaf is a tensor named by its path (`hidden.w`, `layers.3.b`, `0` for the first element
//! of a tuple), of dtype `F32` or `F64` as the element type, in row-major order: the file
//! opens in Python with `safetensors.numpy.load_file` or `safetensors.torch.load_file`.
//!
//! Loading fills a value already shaped like the model. A file whose tensor names, shapes or
//! dtypes differ from the model's is an error that lists every difference, and nothing is
//! loaded: never a silent partial load.
//!
//! ```
//! use adjoint_runtime::checkpoint;
//! use ndarray::{array, Array1, Array2};
//!
//! let model = (array![[1.0_f32, 2.0], [3.0, 4.0]], array![0.5_f32, -0.5]);
//! let path = std::env::temp_dir().join("adjoint-doc-model.safetensors");
//! checkpoint::save(&model, &path)?;
//!
//! let mut restored = (Array2::<f32>::zeros((2, 2)), Array1::<f32>::zeros(2));
//! checkpoint::load_into(&mut restored, &path)?;
//! assert_eq!(restored, model);
//!
//! let mut wrong = (Array2::<f32>::zeros((3, 2)), Array1::<f32>::zeros(2));
//! let err = checkpoint::load_into(&mut wrong, &path).unwrap_err();
//! assert_eq!(err.mismatches().len(), 1);
//! # std::fs::remove_file(&path)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod format;
mod json;
#[cfg(test)]
mod properties;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use format::Tensor;

use crate::Params;
use crate::float::sealed::Sealed as _;

/// Saves every leaf of `params` to a safetensors file at `path`.
///
/// ```
/// use adjoint_runtime::checkpoint;
/// use ndarray::array;
/// let path = std::env::temp_dir().join("adjoint-doc-save.safetensors");
/// checkpoint::save(&vec![array![1.0_f64, 2.0], array![3.0]], &path)?;
/// assert!(std::fs::metadata(&path)?.len() > 0);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// If the file cannot be written, or for the reasons of [`to_bytes`].
pub fn save<P: Params>(params: &P, path: impl AsRef<Path>) -> Result<(), CheckpointError> {
    let path = path.as_ref();
    let bytes = to_bytes(params).map_err(|e| e.at(path))?;
    std::fs::write(path, bytes).map_err(|e| CheckpointError::from(Kind::Io(e)).at(path))
}

/// The safetensors file of `params`, as bytes.
///
/// ```
/// use adjoint_runtime::checkpoint;
/// let bytes = checkpoint::to_bytes(&(1.5_f32, 2.5_f32))?;
/// let mut loaded = (0.0_f32, 0.0_f32);
/// checkpoint::load_bytes_into(&mut loaded, &bytes)?;
/// assert_eq!(loaded, (1.5, 2.5));
/// # Ok::<(), adjoint_runtime::checkpoint::CheckpointError>(())
/// ```
///
/// # Errors
///
/// If two leaves have the same path, which only a hand-written `Params` can do.
pub fn to_bytes<P: Params>(params: &P) -> Result<Vec<u8>, CheckpointError> {
    let dtype = P::Elem::SAFETENSORS_DTYPE;
    let mut leaves = Vec::new();
    let mut seen = HashSet::new();
    let mut duplicate = None;
    params.visit("", &mut |path, leaf| {
        if !seen.insert(path.to_owned()) {
            duplicate.get_or_insert_with(|| path.to_owned());
        }
        let tensor = Tensor {
            dtype: dtype.to_owned(),
            shape: leaf.shape().to_vec(),
        };
        let mut bytes = Vec::with_capacity(leaf.len() * size_of::<P::Elem>());
        for &x in leaf.iter() {
            x.extend_safetensors_bytes(&mut bytes);
        }
        leaves.push((path.to_owned(), tensor, bytes));
    });
    match duplicate {
        Some(name) => Err(Kind::Duplicate(name).into()),
        None => Ok(format::write(&leaves)),
    }
}

/// Loads the safetensors file at `path` into `params`, which must have the file's tensors:
/// the same names, shapes and dtypes.
///
/// ```
/// use adjoint_runtime::checkpoint;
/// use ndarray::{array, Array1};
/// let path = std::env::temp_dir().join("adjoint-doc-load.safetensors");
/// checkpoint::save(&array![1.0_f32, 2.0, 3.0], &path)?;
/// let mut w = Array1::<f32>::zeros(3);
/// checkpoint::load_into(&mut w, &path)?;
/// assert_eq!(w, array![1.0, 2.0, 3.0]);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// If the file cannot be read, or for the reasons of [`load_bytes_into`]; `params` is then
/// unchanged.
pub fn load_into<P: Params>(params: &mut P, path: impl AsRef<Path>) -> Result<(), CheckpointError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| CheckpointError::from(Kind::Io(e)).at(path))?;
    load_bytes_into(params, &bytes).map_err(|e| e.at(path))
}

/// Loads a safetensors file, as bytes, into `params`; see [`load_into`].
///
/// ```
/// use adjoint_runtime::checkpoint;
/// use ndarray::{array, Array1};
/// let bytes = checkpoint::to_bytes(&(array![1.0_f64, 2.0], 3.0_f64))?;
/// let mut model = (Array1::<f64>::zeros(3), 0.0_f64);
/// let err = checkpoint::load_bytes_into(&mut model, &bytes).unwrap_err();
/// assert_eq!(err.to_string(), "\
/// the checkpoint does not match the model (1 mismatch; nothing was loaded):
///   `0`: shape [2] in the file, [3] in the model");
/// assert_eq!(model.0, Array1::zeros(3));
/// # Ok::<(), adjoint_runtime::checkpoint::CheckpointError>(())
/// ```
///
/// # Errors
///
/// If the bytes are not a safetensors file, or the file does not match `params`: a tensor of
/// the model is missing from the file, a tensor of the file is not in the model, or a tensor
/// has another shape or dtype. The error lists every mismatch, and `params` is unchanged.
pub fn load_bytes_into<P: Params>(params: &mut P, bytes: &[u8]) -> Result<(), CheckpointError> {
    let entries = format::read(bytes).map_err(Kind::Format)?;
    let dtype = P::Elem::SAFETENSORS_DTYPE;

    let mut expected = Vec::new();
    params.visit("", &mut |path, leaf| {
        expected.push((path.to_owned(), leaf.shape().to_vec()))
    });
    let mut in_file: BTreeMap<&str, &format::Entry<'_>> =
        entries.iter().map(|e| (e.name.as_str(), e)).collect();
    let mut mismatches = Vec::new();
    let mut data = BTreeMap::new();
    for (name, shape) in expected {
        let model = Tensor {
            dtype: dtype.to_owned(),
            shape,
        };
        match in_file.remove(name.as_str()) {
            None => mismatches.push(Mismatch::new(&name, Difference::Missing { model })),
            Some(entry) if entry.tensor != model => {
                let file = entry.tensor.clone();
                mismatches.push(Mismatch::new(&name, Difference::Differs { file, model }));
            }
            Some(entry) => {
                data.insert(name, entry.data);
            }
        }
    }
    for (name, entry) in in_file {
        let file = entry.tensor.clone();
        mismatches.push(Mismatch::new(name, Difference::Unexpected { file }));
    }
    if !mismatches.is_empty() {
        return Err(Kind::Mismatch(mismatches).into());
    }

    let width = size_of::<P::Elem>();
    params.visit_mut("", &mut |path, mut leaf| {
        let bytes = data[path];
        for (x, bytes) in leaf.iter_mut().zip(bytes.chunks_exact(width)) {
            *x = P::Elem::from_safetensors_bytes(bytes);
        }
    });
    Ok(())
}

/// The error of saving or loading a checkpoint.
///
/// When the file does not match the model, [`CheckpointError::mismatches`] lists every
/// difference and so does the message, one per line.
///
/// ```
/// use adjoint_runtime::checkpoint;
/// use ndarray::Array1;
/// let err = checkpoint::load_bytes_into(&mut Array1::<f32>::zeros(2), b"not a checkpoint").unwrap_err();
/// assert!(err.to_string().starts_with("not a safetensors file: "));
/// assert!(err.mismatches().is_empty());
/// ```
#[derive(Debug)]
pub struct CheckpointError {
    path: Option<PathBuf>,
    kind: Kind,
}

#[derive(Debug, thiserror::Error)]
enum Kind {
    #[error("{0}")]
    Io(#[source] std::io::Error),
    #[error("not a safetensors file: {0}")]
    Format(String),
    #[error("two parameters are named `{0}`")]
    Duplicate(String),
    #[error("the checkpoint does not match the model ({} mismatch{}; nothing was loaded):{}",
        .0.len(), if .0.len() == 1 { "" } else { "es" }, list(.0))]
    Mismatch(Vec<Mismatch>),
}

/// The mismatches, one per indented line.
fn list(mismatches: &[Mismatch]) -> String {
    mismatches.iter().map(|m| format!("\n  {m}")).collect()
}

impl From<Kind> for CheckpointError {
    fn from(kind: Kind) -> Self {
        Self { path: None, kind }
    }
}

impl CheckpointError {
    fn at(mut self, path: &Path) -> Self {
        self.path = Some(path.to_owned());
        self
    }

    /// Every difference between the file and the model, if that is the error: the model's
    /// tensors in the model's order, then the file's extra tensors by name.
    ///
    /// ```
    /// use adjoint_runtime::checkpoint;
    /// use ndarray::{array, Array1};
    /// let bytes = checkpoint::to_bytes(&(array![1.0_f32], array![2.0_f32]))?;
    /// let err = checkpoint::load_bytes_into(&mut Array1::<f32>::zeros(1), &bytes).unwrap_err();
    /// let names: Vec<&str> = err.mismatches().iter().map(|m| m.name()).collect();
    /// assert_eq!(names, ["", "0", "1"]);
    /// # Ok::<(), checkpoint::CheckpointError>(())
    /// ```
    pub fn mismatches(&self) -> &[Mismatch] {
        match &self.kind {
            Kind::Mismatch(mismatches) => mismatches,
            _ => &[],
        }
    }
}

impl fmt::Display for CheckpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        self.kind.fmt(f)
    }
}

impl std::error::Error for CheckpointError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}

/// One difference between a checkpoint file and the model it is loaded into.
///
/// ```
/// use adjoint_runtime::checkpoint;
/// let bytes = checkpoint::to_bytes(&1.0_f64)?;
/// let err = checkpoint::load_bytes_into(&mut 0.0_f32, &bytes).unwrap_err();
/// let mismatch = &err.mismatches()[0];
/// assert_eq!(mismatch.name(), "");
/// assert_eq!(mismatch.to_string(), "``: dtype F64 in the file, F32 in the model");
/// # Ok::<(), checkpoint::CheckpointError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    name: String,
    difference: Difference,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Difference {
    Missing { model: Tensor },
    Unexpected { file: Tensor },
    Differs { file: Tensor, model: Tensor },
}

impl Mismatch {
    fn new(name: &str, difference: Difference) -> Self {
        Self {
            name: name.to_owned(),
            difference,
        }
    }

    /// The path of the tensor that differs.
    ///
    /// ```
    /// use adjoint_runtime::checkpoint;
    /// let bytes = checkpoint::to_bytes(&(1.0_f32, 2.0_f32))?;
    /// let err = checkpoint::load_bytes_into(&mut (0.0_f32, 0.0_f32, 0.0_f32), &bytes).unwrap_err();
    /// assert_eq!(err.mismatches()[0].name(), "2");
    /// # Ok::<(), checkpoint::CheckpointError>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: ", self.name)?;
        match &self.difference {
            Difference::Missing { model } => {
                write!(f, "missing from the file (the model has {model})")
            }
            Difference::Unexpected { file } => {
                write!(f, "in the file ({file}) but not in the model")
            }
            Difference::Differs { file, model } if file.dtype == model.dtype => {
                write!(
                    f,
                    "shape {:?} in the file, {:?} in the model",
                    file.shape, model.shape
                )
            }
            Difference::Differs { file, model } if file.shape == model.shape => {
                write!(
                    f,
                    "dtype {} in the file, {} in the model",
                    file.dtype, model.dtype
                )
            }
            Difference::Differs { file, model } => {
                write!(f, "{file} in the file, {model} in the model")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array, Array1, Array2, ArrayViewD, ArrayViewMutD, array};

    use crate::Float;

    use crate::{ZipVisitor, join_path};

    /// A dense layer and a two-layer model, as `#[derive(Params)]` would write them.
    #[derive(Clone, Debug, PartialEq)]
    struct Layer<F> {
        w: Array2<F>,
        b: Array1<F>,
    }

    #[derive(Clone, Debug, PartialEq)]
    struct Mlp<F> {
        hidden: Layer<F>,
        out: Layer<F>,
    }

    impl<F: Float> Params for Layer<F> {
        type Elem = F;
        fn zeros_like(&self) -> Self {
            Self {
                w: self.w.zeros_like(),
                b: self.b.zeros_like(),
            }
        }
        fn accumulate(&mut self, other: &Self) {
            self.w.accumulate(&other.w);
            self.b.accumulate(&other.b);
        }
        fn visit(&self, path: &str, f: &mut dyn FnMut(&str, ArrayViewD<'_, F>)) {
            self.w.visit(&join_path(path, "w"), f);
            self.b.visit(&join_path(path, "b"), f);
        }
        fn visit_mut(&mut self, path: &str, f: &mut dyn FnMut(&str, ArrayViewMutD<'_, F>)) {
            self.w.visit_mut(&join_path(path, "w"), f);
            self.b.visit_mut(&join_path(path, "b"), f);
        }
        fn zip_mut(&mut self, other: &Self, path: &str, f: &mut ZipVisitor<'_, F>) {
            self.w.zip_mut(&other.w, &join_path(path, "w"), f);
            self.b.zip_mut(&other.b, &join_path(path, "b"), f);
        }
    }

    impl<F: Float> Params for Mlp<F> {
        type Elem = F;
        fn zeros_like(&self) -> Self {
            Self {
                hidden: self.hidden.zeros_like(),
                out: self.out.zeros_like(),
            }
        }
        fn accumulate(&mut self, other: &Self) {
            self.hidden.accumulate(&other.hidden);
            self.out.accumulate(&other.out);
        }
        fn visit(&self, path: &str, f: &mut dyn FnMut(&str, ArrayViewD<'_, F>)) {
            self.hidden.visit(&join_path(path, "hidden"), f);
            self.out.visit(&join_path(path, "out"), f);
        }
        fn visit_mut(&mut self, path: &str, f: &mut dyn FnMut(&str, ArrayViewMutD<'_, F>)) {
            self.hidden.visit_mut(&join_path(path, "hidden"), f);
            self.out.visit_mut(&join_path(path, "out"), f);
        }
        fn zip_mut(&mut self, other: &Self, path: &str, f: &mut ZipVisitor<'_, F>) {
            self.hidden
                .zip_mut(&other.hidden, &join_path(path, "hidden"), f);
            self.out.zip_mut(&other.out, &join_path(path, "out"), f);
        }
    }

    fn mlp<F: Float>(inputs: usize, hidden: usize, outputs: usize) -> Mlp<F> {
        let value = |i: usize| F::from_f64_lossy(i as f64 * 0.25 - 1.0);
        Mlp {
            hidden: Layer {
                w: Array2::from_shape_fn((inputs, hidden), |(i, j)| value(i * hidden + j)),
                b: Array1::from_shape_fn(hidden, value),
            },
            out: Layer {
                w: Array2::from_shape_fn((hidden, outputs), |(i, j)| value(i + j)),
                b: Array1::from_shape_fn(outputs, |i| value(i + 7)),
            },
        }
    }

    #[test]
    fn a_model_round_trips_in_f32_and_f64() {
        let model = mlp::<f32>(4, 8, 3);
        let mut loaded = model.zeros_like();
        load_bytes_into(&mut loaded, &to_bytes(&model).unwrap()).unwrap();
        assert_eq!(loaded, model);

        let model = mlp::<f64>(2, 3, 2);
        let mut loaded = model.zeros_like();
        load_bytes_into(&mut loaded, &to_bytes(&model).unwrap()).unwrap();
        assert_eq!(loaded, model);
    }

    #[test]
    fn values_that_do_not_fit_a_decimal_survive_exactly() {
        let model = array![std::f64::consts::PI, f64::MIN_POSITIVE, -0.0, f64::MAX];
        let mut loaded = Array1::zeros(4);
        load_bytes_into(&mut loaded, &to_bytes(&model).unwrap()).unwrap();
        assert_eq!(loaded.mapv(f64::to_bits), model.mapv(f64::to_bits));
    }

    /// Signaling NaNs and NaN payloads too: an `f32` that went through `f64` would come back
    /// quieted.
    #[test]
    fn every_bit_survives_in_f32() {
        let bits = [
            0x7F80_0001_u32,
            0xFF80_0001,
            0x7FC0_1234,
            0x0000_0001,
            0x8000_0000,
        ];
        let model = Array1::from_iter(bits.map(f32::from_bits));
        let bytes = to_bytes(&model).unwrap();
        let stored: Vec<u8> = bits.iter().flat_map(|b| b.to_le_bytes()).collect();
        assert!(bytes.ends_with(&stored));
        let mut loaded = Array1::<f32>::zeros(bits.len());
        load_bytes_into(&mut loaded, &bytes).unwrap();
        assert_eq!(loaded.mapv(f32::to_bits).to_vec(), bits);
    }

    #[test]
    fn tensors_are_named_by_path_with_the_element_dtype_in_row_major_order() {
        let model = mlp::<f32>(2, 3, 1);
        let bytes = to_bytes(&model).unwrap();
        let entries = format::read(&bytes).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["hidden.w", "hidden.b", "out.w", "out.b"]);
        let w = &entries[0];
        assert_eq!(w.tensor.to_string(), "F32 [2, 3]");
        let values: Vec<f32> = w
            .data
            .chunks(4)
            .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
            .collect();
        assert_eq!(values, model.hidden.w.iter().copied().collect::<Vec<_>>());
        let f64_file = to_bytes(&mlp::<f64>(2, 3, 1)).unwrap();
        assert_eq!(format::read(&f64_file).unwrap()[3].tensor.dtype, "F64");
    }

    #[test]
    fn a_transposed_view_is_saved_in_logical_order() {
        let w = array![[1.0_f32, 2.0, 3.0], [4.0, 5.0, 6.0]].reversed_axes();
        assert!(!w.is_standard_layout());
        let mut loaded = Array2::<f32>::zeros((3, 2));
        load_bytes_into(&mut loaded, &to_bytes(&w).unwrap()).unwrap();
        assert_eq!(loaded, w);
    }

    #[test]
    fn every_mismatch_is_listed_and_nothing_is_loaded() {
        // the file: hidden 4×8, out 8×3, and an extra tensor
        let saved = (mlp::<f32>(4, 8, 3), array![1.0_f32]);
        let bytes = to_bytes(&saved).unwrap();
        // the model: hidden 4×16 (w and b differ), out 16×3 (w differs), no extra, one more leaf
        let mut model = (mlp::<f32>(4, 16, 3), Array::zeros(()), 5.0_f32);
        let before = model.clone();
        let err = load_bytes_into(&mut model, &bytes).unwrap_err();
        assert_eq!(model, before, "nothing was loaded");
        let names: Vec<&str> = err.mismatches().iter().map(Mismatch::name).collect();
        assert_eq!(names, ["0.hidden.w", "0.hidden.b", "0.out.w", "1", "2"]);
        assert_eq!(
            err.to_string(),
            "\
the checkpoint does not match the model (5 mismatches; nothing was loaded):
  `0.hidden.w`: shape [4, 8] in the file, [4, 16] in the model
  `0.hidden.b`: shape [8] in the file, [16] in the model
  `0.out.w`: shape [8, 3] in the file, [16, 3] in the model
  `1`: shape [1] in the file, [] in the model
  `2`: missing from the file (the model has F32 [])"
        );
    }

    #[test]
    fn extra_tensors_and_other_dtypes_are_mismatches() {
        let bytes = to_bytes(&(array![1.0_f64, 2.0], array![[3.0_f64]], 4.0_f64)).unwrap();
        let mut model = (Array1::<f32>::zeros(2), Array2::<f32>::zeros((2, 2)));
        let err = load_bytes_into(&mut model, &bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "\
the checkpoint does not match the model (3 mismatches; nothing was loaded):
  `0`: dtype F64 in the file, F32 in the model
  `1`: F64 [1, 1] in the file, F32 [2, 2] in the model
  `2`: in the file (F64 []) but not in the model"
        );
    }

    #[test]
    fn a_file_round_trip_and_its_errors_name_the_path() {
        let dir = std::env::temp_dir();
        let path = dir.join(format!(
            "adjoint-checkpoint-{}.safetensors",
            std::process::id()
        ));
        let model = mlp::<f64>(3, 2, 2);
        save(&model, &path).unwrap();
        let mut loaded = model.zeros_like();
        load_into(&mut loaded, &path).unwrap();
        assert_eq!(loaded, model);

        let mut other = mlp::<f64>(3, 2, 1);
        let err = load_into(&mut other, &path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(
            err.to_string().starts_with(&format!(
                "{}: the checkpoint does not match",
                path.display()
            )),
            "{err}"
        );
        assert_eq!(err.mismatches().len(), 2);

        let err = load_into(&mut other, &path).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("{}: ", path.display())),
            "{err}"
        );
        assert!(std::error::Error::source(&err).is_some());
        let err = save(&model, dir.join("no/such/dir/model.safetensors")).unwrap_err();
        assert!(
            err.to_string().contains("no/such/dir/model.safetensors: "),
            "{err}"
        );
    }

    #[test]
    fn garbage_is_not_a_checkpoint() {
        let err = load_bytes_into(&mut 0.0_f32, &[1, 2, 3]).unwrap_err();
        assert!(
            err.to_string().starts_with("not a safetensors file: "),
            "{err}"
        );
    }
}

//! Checkpoints against the reference implementation of safetensors, both ways: files written
//! by Python's `safetensors` (`tests/fixtures/python_*.safetensors`) load with every value
//! exact; files the project writes are read by the Rust `safetensors` crate, and what that crate
//! writes loads; damaged files are refused by both readers alike. The files the project writes
//! are kept beside the fixtures (`adjoint_*.safetensors`), for `check_python_reads.py` to read
//! with Python's reader; a test checks that they are what the project writes today.
//!
//! The tensors are those of `tests/fixtures/reference_tensors.py`: tensor number `k` holds, at
//! flat index `i`, `(100·k + i)·0.37 − 1.5` computed in `f64` and rounded once to the element
//! type, and `special` holds zeros of both signs, infinities, a NaN, the smallest normal and
//! subnormal numbers and the largest finite one.

use adjoint_runtime::checkpoint::{load_bytes_into, to_bytes};
use adjoint_runtime::{Float, Params, ZipVisitor, join_path};
use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, IxDyn};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use safetensors::{Dtype, SafeTensors, tensor::TensorView};

/// Tensors by name: a parameter set whose leaves have any names, as a file's tensors do.
#[derive(Clone, Debug)]
struct Named<F>(Vec<(String, ArrayD<F>)>);

impl<F: Float> Params for Named<F> {
    type Elem = F;
    fn zeros_like(&self) -> Self {
        Named(
            self.0
                .iter()
                .map(|(n, a)| (n.clone(), a.zeros_like()))
                .collect(),
        )
    }
    fn accumulate(&mut self, other: &Self) {
        for ((_, a), (_, b)) in self.0.iter_mut().zip(&other.0) {
            a.accumulate(b);
        }
    }
    fn visit(&self, path: &str, f: &mut dyn FnMut(&str, ArrayViewD<'_, F>)) {
        for (name, a) in &self.0 {
            a.visit(&join_path(path, name), f);
        }
    }
    fn visit_mut(&mut self, path: &str, f: &mut dyn FnMut(&str, ArrayViewMutD<'_, F>)) {
        for (name, a) in &mut self.0 {
            a.visit_mut(&join_path(path, name), f);
        }
    }
    fn zip_mut(&mut self, other: &Self, path: &str, f: &mut ZipVisitor<'_, F>) {
        for ((name, a), (_, b)) in self.0.iter_mut().zip(&other.0) {
            a.zip_mut(b, &join_path(path, name), f);
        }
    }
}

/// The shapes of the fixtures' tensors, in `reference_tensors.py`'s order.
const SHAPES: [(&str, &[usize]); 5] = [
    ("hidden.w", &[3, 4]),
    ("hidden.b", &[4]),
    ("layers.0.w", &[2, 1, 3]),
    ("scale", &[]),
    ("empty", &[0, 3]),
];

/// The fixtures' tensors in `F`.
fn reference<F: Float>() -> Named<F> {
    let mut tensors: Vec<(String, ArrayD<F>)> = SHAPES
        .iter()
        .enumerate()
        .map(|(k, (name, shape))| {
            let n: usize = shape.iter().product();
            let values = (0..n)
                .map(|i| F::from_f64_lossy((100 * k + i) as f64 * 0.37 - 1.5))
                .collect();
            let array = ArrayD::from_shape_vec(IxDyn(shape), values).unwrap();
            ((*name).to_owned(), array)
        })
        .collect();
    let special = [
        F::zero(),
        -F::zero(),
        F::infinity(),
        F::neg_infinity(),
        F::nan(),
        F::min_positive_value(),
        F::min_positive_value() * F::epsilon(),
        F::max_value(),
    ];
    tensors.push((
        "special".to_owned(),
        ArrayD::from_shape_vec(IxDyn(&[8]), special.to_vec()).unwrap(),
    ));
    Named(tensors)
}

/// An element type with its bytes, bit for bit (NaN payloads included).
trait Element: Float {
    const REFERENCE_DTYPE: Dtype;
    fn le_bytes(self) -> Vec<u8>;
}

impl Element for f32 {
    const REFERENCE_DTYPE: Dtype = Dtype::F32;
    fn le_bytes(self) -> Vec<u8> {
        self.to_le_bytes().to_vec()
    }
}

impl Element for f64 {
    const REFERENCE_DTYPE: Dtype = Dtype::F64;
    fn le_bytes(self) -> Vec<u8> {
        self.to_le_bytes().to_vec()
    }
}

/// The little-endian bytes of every element, in row-major order: what a file holds.
fn le_bytes<F: Element>(a: &ArrayD<F>) -> Vec<u8> {
    a.iter().flat_map(|&x| x.le_bytes()).collect()
}

/// Asserts that `loaded` has exactly `expected`'s values, bit for bit (so NaN and -0 too).
fn assert_bits_equal<F: Element>(loaded: &Named<F>, expected: &Named<F>) {
    for ((name, a), (_, b)) in loaded.0.iter().zip(&expected.0) {
        assert_eq!(a.shape(), b.shape(), "{name}");
        assert_eq!(le_bytes(a), le_bytes(b), "{name}: {a} ≠ {b}");
    }
}

#[test]
fn files_written_by_python_load_with_every_value_exact() {
    fn check<F: Element>(file: &[u8]) {
        let expected = reference::<F>();
        let mut loaded = expected.zeros_like();
        load_bytes_into(&mut loaded, file).unwrap();
        assert_bits_equal(&loaded, &expected);
    }
    check::<f32>(include_bytes!("fixtures/python_f32.safetensors"));
    check::<f64>(include_bytes!("fixtures/python_f64.safetensors"));
}

#[test]
fn the_rust_reference_reads_what_the_project_writes() {
    fn check<F: Element>() {
        let model = reference::<F>();
        let bytes = to_bytes(&model).unwrap();
        let file = SafeTensors::deserialize(&bytes).unwrap();
        let mut names = file.names();
        names.sort_unstable();
        let mut expected: Vec<&str> = model.0.iter().map(|(n, _)| n.as_str()).collect();
        expected.sort_unstable();
        assert_eq!(names, expected);
        for (name, a) in &model.0 {
            let tensor = file.tensor(name).unwrap();
            assert_eq!(tensor.dtype(), F::REFERENCE_DTYPE, "{name}");
            assert_eq!(tensor.shape(), a.shape(), "{name}");
            assert_eq!(tensor.data(), le_bytes(a), "{name}");
        }
    }
    check::<f32>();
    check::<f64>();
}

#[test]
fn the_project_reads_what_the_rust_reference_writes() {
    fn check<F: Element>() {
        let model = reference::<F>();
        let data: Vec<(String, Vec<u8>, Vec<usize>)> = model
            .0
            .iter()
            .map(|(n, a)| (n.clone(), le_bytes(a), a.shape().to_vec()))
            .collect();
        let views = data.iter().map(|(name, bytes, shape)| {
            let view = TensorView::new(F::REFERENCE_DTYPE, shape.clone(), bytes).unwrap();
            (name.clone(), view)
        });
        let metadata = Some([("format".to_owned(), "pt".to_owned())].into());
        let bytes = safetensors::serialize(views, metadata).unwrap();
        let mut loaded = model.zeros_like();
        load_bytes_into(&mut loaded, &bytes).unwrap();
        assert_bits_equal(&loaded, &model);
    }
    check::<f32>();
    check::<f64>();
}

/// `adjoint_f32.safetensors` and `adjoint_f64.safetensors`, which `check_python_reads.py`
/// reads with Python's reader, are what the project writes today. To write them again (and
/// then run the script): `ADJOINT_WRITE_FIXTURES=1 cargo test -p adjoint-runtime --test
/// safetensors_reference`.
#[test]
fn the_files_for_python_are_what_the_project_writes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let files = [
        (
            "adjoint_f32.safetensors",
            to_bytes(&reference::<f32>()).unwrap(),
        ),
        (
            "adjoint_f64.safetensors",
            to_bytes(&reference::<f64>()).unwrap(),
        ),
    ];
    for (name, bytes) in files {
        if std::env::var_os("ADJOINT_WRITE_FIXTURES").is_some() {
            std::fs::write(dir.join(name), &bytes).unwrap();
        }
        let kept = std::fs::read(dir.join(name)).unwrap();
        assert!(
            kept == bytes,
            "{name} is not what the project writes: write it again"
        );
    }
}

/// What a damaged file can suffer: a shorter file, a byte set, another header length.
#[derive(Clone, Debug)]
enum Damage {
    Truncate(usize),
    Set(usize, u8),
    HeaderLength(u64),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        1 => any::<usize>().prop_map(Damage::Truncate),
        4 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Damage::Set(i, b)),
        1 => (0_u64..600).prop_map(Damage::HeaderLength),
    ]
}

proptest! {
    #![proptest_config(Config {
        cases: 1000,
        rng_seed: RngSeed::Fixed(0x5afe_7e45),
        failure_persistence: None,
        ..Config::default()
    })]

    /// A damaged project file loads into the model exactly when the reference reads it and
    /// finds the model's tensors (names, dtype, shapes) in it, and then with the bytes the
    /// reference finds.
    #[test]
    fn damaged_files_are_refused_by_both_readers_alike(damages in prop::collection::vec(damage(), 1..3)) {
        let model = reference::<f32>();
        let mut bytes = to_bytes(&model).unwrap();
        for damage in &damages {
            let len = bytes.len();
            match *damage {
                Damage::Truncate(at) => bytes.truncate(at % (len + 1)),
                Damage::Set(at, byte) => {
                    if len > 0 {
                        bytes[at % len] = byte;
                    }
                }
                Damage::HeaderLength(n) => {
                    if len >= 8 {
                        bytes[..8].copy_from_slice(&n.to_le_bytes());
                    }
                }
            }
        }
        let mut loaded = model.zeros_like();
        let ours = load_bytes_into(&mut loaded, &bytes);
        let reference = SafeTensors::deserialize(&bytes).ok().filter(|file| {
            file.len() == model.0.len()
                && model.0.iter().all(|(name, a)| {
                    file.tensor(name)
                        .is_ok_and(|t| t.dtype() == Dtype::F32 && t.shape() == a.shape())
                })
        });
        prop_assert_eq!(
            ours.is_ok(),
            reference.is_some(),
            "ours: {:?}; header {:?}",
            ours.as_ref().err().map(ToString::to_string),
            String::from_utf8_lossy(&bytes[8.min(bytes.len())..bytes.len().min(400)])
        );
        if let Some(file) = reference {
            for (name, a) in &loaded.0 {
                let values = le_bytes(a);
                prop_assert_eq!(file.tensor(name).unwrap().data(), values.as_slice());
            }
        }
    }
}

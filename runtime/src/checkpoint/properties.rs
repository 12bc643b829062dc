//! Property tests of the safetensors reader, which parses untrusted input.
//!
//! Three kinds of input: random bytes (with and without a header length that fits); files the
//! writer writes, whose header is then edited as a list of entries (offsets moved so that
//! ranges overlap, leave gaps or run past the data, numbers that are not sizes, shapes and
//! dtypes changed, names and fields duplicated, fields dropped or added, metadata of every
//! kind) and checked against the format's rules written out independently below; and those
//! files damaged byte by byte (truncated, bytes changed, another header length, invalid UTF-8,
//! deep nesting). Every input gives either the entries the rules call for or an error that says
//! why; none panics, and none makes the reader allocate much more than the file's own size.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use super::format::{self, Entry, dtype_size};
use super::json;
use crate::counting_allocator::allocated_bytes;

/// A tensor of a header as the test describes it: each number as the text the header holds.
#[derive(Clone, Debug)]
struct Described {
    name: String,
    /// `None`: no `dtype` field; two values: the field twice.
    dtype: Vec<String>,
    shape: Option<Vec<String>>,
    offsets: Option<Vec<String>>,
    /// Fields the reader must skip: a name and a JSON value, as text.
    extra: Vec<(String, String)>,
}

/// A tensor as `read` gives it: name, dtype, shape, and its byte range in the data.
type Read = (String, String, Vec<usize>, std::ops::Range<usize>);

/// A header and the data after it.
#[derive(Clone, Debug)]
struct File {
    tensors: Vec<Described>,
    /// `__metadata__`'s value, as JSON text, if the header has one.
    metadata: Option<String>,
    data: Vec<u8>,
}

impl File {
    fn header(&self) -> String {
        let mut fields = Vec::new();
        if let Some(metadata) = &self.metadata {
            fields.push(format!("\"__metadata__\":{metadata}"));
        }
        for t in &self.tensors {
            let mut info = Vec::new();
            for dtype in &t.dtype {
                info.push(format!("\"dtype\":{}", json::quote(dtype)));
            }
            if let Some(shape) = &t.shape {
                info.push(format!("\"shape\":[{}]", shape.join(",")));
            }
            if let Some(offsets) = &t.offsets {
                info.push(format!("\"data_offsets\":[{}]", offsets.join(",")));
            }
            for (key, value) in &t.extra {
                info.push(format!("{}:{value}", json::quote(key)));
            }
            fields.push(format!("{}:{{{}}}", json::quote(&t.name), info.join(",")));
        }
        format!("{{{}}}", fields.join(","))
    }

    fn bytes(&self) -> Vec<u8> {
        let header = self.header();
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(&self.data);
        bytes
    }

    /// What the format's rules say `read` gives for this file: its tensors (name, dtype, shape,
    /// byte range of the data), or that it is not a valid file.
    fn expected(&self) -> Option<Vec<Read>> {
        let mut names = std::collections::HashSet::new();
        if let Some(metadata) = &self.metadata {
            names.insert("__metadata__".to_owned());
            if !is_map_of_strings(metadata) {
                return None;
            }
        }
        let mut tensors = Vec::new();
        for t in &self.tensors {
            if !names.insert(t.name.clone()) {
                return None;
            }
            let [dtype] = &t.dtype[..] else { return None };
            let shape: Vec<usize> = sizes(t.shape.as_ref()?)?;
            let [begin, end] = sizes(t.offsets.as_ref()?)?[..] else {
                return None;
            };
            if begin > end || t.extra.iter().any(|(k, _)| is_known_field(k)) {
                return None;
            }
            if let Some(size) = dtype_size(dtype) {
                let bytes = shape.iter().try_fold(size, |n, &d| n.checked_mul(d))?;
                if bytes != end - begin {
                    return None;
                }
            }
            tensors.push((t.name.clone(), dtype.clone(), shape, begin..end));
        }
        // The ranges, in order, tile the data: no gap, no overlap, nothing after the last.
        let mut ranges: Vec<_> = tensors.iter().map(|t| t.3.clone()).collect();
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut at = 0;
        for r in ranges {
            if r.start != at {
                return None;
            }
            at = r.end;
        }
        (at == self.data.len()).then_some(tensors)
    }
}

fn is_known_field(key: &str) -> bool {
    matches!(key, "dtype" | "shape" | "data_offsets")
}

/// The sizes a list of numbers holds, if each is a JSON integer that fits a `usize`.
fn sizes(tokens: &[String]) -> Option<Vec<usize>> {
    tokens.iter().map(|t| size(t)).collect()
}

/// A JSON number that is a non-negative integer fitting `usize`: digits, no sign, no fraction,
/// no exponent, and no leading zero.
fn size(token: &str) -> Option<usize> {
    let digits = token.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = token.len() > 1 && token.starts_with('0');
    (digits && !leading_zero)
        .then(|| token.parse().ok())
        .flatten()
}

/// Whether a metadata value the generators make is a map of strings, as the format requires.
fn is_map_of_strings(metadata: &str) -> bool {
    match metadata {
        r#"{"format":"pt"}"# | "{}" | r#"{"a":"b","c":"d"}"# => true,
        r#"{"n":1}"# | "[]" | r#""text""# | r#"{"a":{"b":"c"}}"# => false,
        _ => unreachable!("a metadata value the generators do not make: {metadata}"),
    }
}

/// A valid file: up to five tensors of random names, dtypes and shapes, with random bytes,
/// laid out as the writer lays them out.
fn valid_file() -> impl Strategy<Value = File> {
    let tensor = (
        prop_oneof![
            "[a-z0-9._]{0,8}".prop_map(String::from),
            any::<String>().prop_map(|s| s.chars().take(6).collect()),
        ],
        prop::sample::select(vec!["F32", "F64", "U8", "I16", "BF16", "F8_E4M3"]),
        prop::collection::vec(0_usize..4, 0..4),
    );
    (
        prop::collection::vec(tensor, 0..5),
        prop::option::of(prop::sample::select(vec![
            r#"{"format":"pt"}"#,
            r#"{}"#,
            r#"{"a":"b","c":"d"}"#,
        ])),
        any::<u64>(),
    )
        .prop_map(|(tensors, metadata, seed)| {
            let mut seen = std::collections::HashSet::new();
            let mut described = Vec::new();
            let mut at = 0;
            for (name, dtype, shape) in tensors {
                if name == "__metadata__" || !seen.insert(name.clone()) {
                    continue;
                }
                let len = dtype_size(dtype).unwrap() * shape.iter().product::<usize>();
                described.push(Described {
                    name,
                    dtype: vec![dtype.to_owned()],
                    shape: Some(shape.iter().map(usize::to_string).collect()),
                    offsets: Some(vec![at.to_string(), (at + len).to_string()]),
                    extra: Vec::new(),
                });
                at += len;
            }
            let mut x = seed | 1;
            let data = (0..at)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect();
            File {
                tensors: described,
                metadata: metadata.map(str::to_owned),
                data,
            }
        })
}

/// An edit of a file's header or data; indices are taken modulo the number of tensors.
#[derive(Clone, Debug)]
enum Edit {
    Offset(usize, usize, String),
    SameRangeAs(usize, usize),
    OffsetsList(usize, Vec<String>),
    Shape(usize, Vec<String>),
    Dtype(usize, Vec<String>),
    NameOf(usize, usize),
    Drop(usize, &'static str),
    Extra(usize, String, String),
    Metadata(Option<String>),
    DataLength(usize),
}

/// Numbers that are sizes and numbers that are not.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0_usize..40).prop_map(|n| n.to_string()),
        1 => prop::sample::select(vec![
            "01", "-1", "-0", "1.5", "1e2", "1E+2", "18446744073709551615",
            "18446744073709551616", "99999999999999999999999", "\"4\"", "null", "true", "[]",
        ])
        .prop_map(String::from),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let index = 0_usize..8;
    prop_oneof![
        (index.clone(), 0_usize..2, number()).prop_map(|(i, j, n)| Edit::Offset(i, j, n)),
        (index.clone(), index.clone()).prop_map(|(i, j)| Edit::SameRangeAs(i, j)),
        (index.clone(), prop::collection::vec(number(), 0..4))
            .prop_map(|(i, v)| Edit::OffsetsList(i, v)),
        (index.clone(), prop::collection::vec(number(), 0..4)).prop_map(|(i, v)| Edit::Shape(i, v)),
        (
            index.clone(),
            prop::collection::vec(
                prop::sample::select(vec!["F32", "F64", "U8", "Q7", "", "f32", "C64"]),
                0..3
            )
        )
            .prop_map(|(i, v)| Edit::Dtype(i, v.into_iter().map(String::from).collect())),
        (index.clone(), index.clone()).prop_map(|(i, j)| Edit::NameOf(i, j)),
        (
            index.clone(),
            prop::sample::select(vec!["dtype", "shape", "data_offsets"])
        )
            .prop_map(|(i, f)| Edit::Drop(i, f)),
        (
            index,
            prop::sample::select(vec!["extra", "dtype", "shape", "data_offsets", ""]),
            prop::sample::select(vec![
                "1",
                "\"text\"",
                "[1,[2,{\"a\":null}]]",
                "{\"nested\":{\"deeper\":[true,false]}}",
                "[0,0]",
            ])
        )
            .prop_map(|(i, k, v)| Edit::Extra(i, k.to_owned(), v.to_owned())),
        prop::option::of(prop::sample::select(vec![
            r#"{"format":"pt"}"#,
            r#"{"n":1}"#,
            r#"[]"#,
            r#""text""#,
            r#"{"a":{"b":"c"}}"#,
        ]))
        .prop_map(|m| Edit::Metadata(m.map(str::to_owned))),
        (0_usize..64).prop_map(Edit::DataLength),
    ]
}

impl File {
    fn apply(&mut self, edit: &Edit) {
        let n = self.tensors.len();
        if n == 0 && !matches!(edit, Edit::Metadata(_) | Edit::DataLength(_)) {
            return;
        }
        match edit {
            Edit::Offset(i, j, number) => {
                if let Some(offsets) = &mut self.tensors[i % n].offsets
                    && let Some(slot) = offsets.get_mut(*j)
                {
                    *slot = number.clone();
                }
            }
            Edit::SameRangeAs(i, j) => {
                self.tensors[i % n].offsets = self.tensors[j % n].offsets.clone()
            }
            Edit::OffsetsList(i, v) => self.tensors[i % n].offsets = Some(v.clone()),
            Edit::Shape(i, v) => self.tensors[i % n].shape = Some(v.clone()),
            Edit::Dtype(i, v) => self.tensors[i % n].dtype = v.clone(),
            Edit::NameOf(i, j) => self.tensors[i % n].name = self.tensors[j % n].name.clone(),
            Edit::Drop(i, "dtype") => self.tensors[i % n].dtype.clear(),
            Edit::Drop(i, "shape") => self.tensors[i % n].shape = None,
            Edit::Drop(i, _) => self.tensors[i % n].offsets = None,
            Edit::Extra(i, k, v) => self.tensors[i % n].extra.push((k.clone(), v.clone())),
            Edit::Metadata(m) => self.metadata = m.clone(),
            Edit::DataLength(len) => self.data.resize(*len, 0xAB),
        }
    }
}

/// What a file's bytes can suffer after it is written.
#[derive(Clone, Debug)]
enum Damage {
    Truncate(usize),
    Set(usize, u8),
    HeaderLength(u64),
    Insert(usize, Vec<u8>),
    Nest(usize, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Damage::Set(i, b)),
        prop_oneof![
            any::<u64>(),
            0_u64..200,
            Just(100_000_000),
            Just(100_000_001),
            Just(u64::MAX)
        ]
        .prop_map(Damage::HeaderLength),
        (
            any::<usize>(),
            prop_oneof![
                Just(vec![0xFF]),
                Just(vec![0xC3]),
                Just(vec![0xED, 0xA0, 0x80]),
                Just(vec![0xF4, 0x90, 0x80, 0x80]),
                Just(vec![0]),
                Just(b"\\u".to_vec()),
                Just(b"\\ud800".to_vec()),
                prop::collection::vec(any::<u8>(), 1..4),
            ]
        )
            .prop_map(|(i, b)| Damage::Insert(i, b)),
        (any::<usize>(), 1_usize..300).prop_map(|(i, depth)| Damage::Nest(i, depth)),
    ]
}

impl Damage {
    fn apply(&self, bytes: &mut Vec<u8>) {
        let len = bytes.len();
        match self {
            Damage::Truncate(at) => bytes.truncate(at % (len + 1)),
            Damage::Set(at, byte) if len > 0 => bytes[at % len] = *byte,
            Damage::Set(..) => {}
            Damage::HeaderLength(n) if len >= 8 => bytes[..8].copy_from_slice(&n.to_le_bytes()),
            Damage::HeaderLength(_) => {}
            Damage::Insert(at, inserted) => {
                let at = at % (len + 1);
                bytes.splice(at..at, inserted.iter().copied());
                fix_header_length(bytes, inserted.len() as u64);
            }
            Damage::Nest(at, depth) => {
                // `[[…[` before a byte of the header and `]…]]` after it.
                let header = header_length(bytes)
                    .unwrap_or(0)
                    .min(len.saturating_sub(8) as u64);
                if header == 0 {
                    return;
                }
                let at = 8 + at % header as usize;
                bytes.splice(at + 1..at + 1, std::iter::repeat_n(b']', *depth));
                bytes.splice(at..at, std::iter::repeat_n(b'[', *depth));
                fix_header_length(bytes, 2 * *depth as u64);
            }
        }
    }
}

fn header_length(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?))
}

/// Grows the header length by `by`, so that inserted bytes stay in the header.
fn fix_header_length(bytes: &mut [u8], by: u64) {
    if let Some(n) = header_length(bytes) {
        bytes[..8].copy_from_slice(&n.wrapping_add(by).to_le_bytes());
    }
}

/// What any `Ok` must satisfy, whatever the input: names unique, each known dtype's bytes
/// matching its shape, and the tensors' bytes tiling the data after the header.
fn check_entries(file: &[u8], entries: &[Entry<'_>]) {
    let mut names = std::collections::HashSet::new();
    let header = header_length(file).expect("a valid file has a header length") as usize;
    let data_start = 8 + header;
    let mut ranges = Vec::new();
    for entry in entries {
        assert!(names.insert(&entry.name), "`{}` twice", entry.name);
        if let Some(size) = dtype_size(&entry.tensor.dtype) {
            let elements: usize = entry.tensor.shape.iter().product();
            assert_eq!(entry.data.len(), size * elements, "{}", entry.tensor);
        }
        let start = entry.data.as_ptr() as usize - file.as_ptr() as usize;
        assert!(start >= data_start && start + entry.data.len() <= file.len());
        ranges.push((start - data_start, start - data_start + entry.data.len()));
    }
    ranges.sort_unstable();
    let end = ranges
        .iter()
        .try_fold(0, |at, &(start, end)| (start == at).then_some(end));
    assert_eq!(end, Some(file.len() - data_start), "ranges {ranges:?}");
}

/// Reads `bytes`, checks what the reader gives, and bounds what it allocates: at most 16 bytes
/// per byte of the file, and 64 KiB.
fn read_and_check(bytes: &[u8]) -> Result<Vec<Entry<'_>>, String> {
    let (allocated, result) = allocated_bytes(|| format::read(bytes));
    assert!(
        allocated <= 16 * bytes.len() + (64 << 10),
        "reading {} bytes allocated {allocated} bytes",
        bytes.len()
    );
    match &result {
        Ok(entries) => check_entries(bytes, entries),
        Err(message) => assert!(!message.is_empty()),
    }
    result
}

fn config() -> Config {
    Config {
        cases: 2000,
        rng_seed: RngSeed::Fixed(0x5afe_7e45),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_are_errors_or_valid_files(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = read_and_check(&bytes);
    }

    #[test]
    fn random_headers_are_errors_or_valid_files(
        text in prop::collection::vec(
            prop::sample::select(b"{}[]\":,0123456789-.eE tfnulrs\\/ubx\xc3\xa9".to_vec()),
            0..200,
        ),
        data in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let mut bytes = (text.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(&text);
        bytes.extend_from_slice(&data);
        let _ = read_and_check(&bytes);
    }

    #[test]
    fn written_files_read_back(file in valid_file()) {
        let entries: Vec<_> = file
            .tensors
            .iter()
            .map(|t| {
                let shape = sizes(t.shape.as_ref().unwrap()).unwrap();
                let [begin, end] = sizes(t.offsets.as_ref().unwrap()).unwrap()[..] else {
                    unreachable!()
                };
                let tensor = format::Tensor { dtype: t.dtype[0].clone(), shape };
                (t.name.clone(), tensor, file.data[begin..end].to_vec())
            })
            .collect();
        let bytes = format::write(&entries);
        let read = read_and_check(&bytes).unwrap();
        prop_assert_eq!(read.len(), entries.len());
        for ((name, tensor, data), entry) in entries.iter().zip(&read) {
            prop_assert_eq!(name, &entry.name);
            prop_assert_eq!(tensor, &entry.tensor);
            prop_assert_eq!(data.as_slice(), entry.data);
        }
        // The test's own rendering of the same header reads the same.
        prop_assert!(file.expected().is_some());
        prop_assert_eq!(read_and_check(&file.bytes()).unwrap().len(), entries.len());
    }

    #[test]
    fn edited_headers_follow_the_format_rules(
        mut file in valid_file(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        for edit in &edits {
            file.apply(edit);
        }
        let bytes = file.bytes();
        let result = read_and_check(&bytes);
        match (file.expected(), result) {
            (Some(expected), Ok(entries)) => {
                let header = 8 + header_length(&bytes).unwrap() as usize;
                let got: Vec<_> = entries
                    .iter()
                    .map(|e| {
                        let start = e.data.as_ptr() as usize - bytes.as_ptr() as usize - header;
                        let t = &e.tensor;
                        (e.name.clone(), t.dtype.clone(), t.shape.clone(), start..start + e.data.len())
                    })
                    .collect();
                prop_assert_eq!(got, expected, "header {}", file.header());
            }
            (None, Err(_)) => {}
            (expected, result) => prop_assert!(
                false,
                "header {}\n{} bytes of data\nexpected {:?}\nread {:?}",
                file.header(),
                file.data.len(),
                expected,
                result.map(|e| e.len())
            ),
        }
    }

    #[test]
    fn damaged_files_are_errors_or_valid_files(
        file in valid_file(),
        damages in prop::collection::vec(damage(), 1..3),
    ) {
        let mut bytes = file.bytes();
        for damage in &damages {
            damage.apply(&mut bytes);
        }
        let _ = read_and_check(&bytes);
    }
}

/// A file that claims a header of the largest size read, or of 2⁶⁴ - 1 bytes, with a few bytes
/// after it: an error, and nothing allocated for the claim.
#[test]
fn a_claimed_header_size_is_not_allocated() {
    for claim in [99_999_999, 100_000_000, 100_000_001, u64::MAX] {
        let mut bytes = claim.to_le_bytes().to_vec();
        bytes.extend_from_slice(b"{\"a\":{}}");
        let (allocated, result) = allocated_bytes(|| format::read(&bytes));
        assert!(result.is_err());
        assert!(allocated < 1024, "{claim}: {allocated} bytes");
    }
}

/// Headers built to make a reader allocate a lot per byte: long lists of small numbers, many
/// tiny tensors, many empty lists in a field the reader skips.
#[test]
fn hostile_headers_allocate_in_proportion_to_the_file() {
    let n = 50_000;
    let zeros = vec!["0"; n].join(",");
    let headers = [
        format!(r#"{{"x":{{"dtype":"F32","shape":[{zeros}],"data_offsets":[0,0]}}}}"#),
        format!(r#"{{"x":{{"dtype":"F32","shape":[0],"data_offsets":[0,0],"pad":[{zeros}]}}}}"#),
        format!(
            r#"{{"x":{{"dtype":"F32","shape":[0],"data_offsets":[0,0],"pad":[{}]}}}}"#,
            vec!["[]"; n].join(",")
        ),
        format!(
            "{{{}}}",
            (0..n)
                .map(|i| format!(r#""{i}":{{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}"#))
                .collect::<Vec<_>>()
                .join(",")
        ),
    ];
    for header in headers {
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        let _ = read_and_check(&bytes);
    }
}

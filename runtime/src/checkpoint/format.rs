//! The safetensors file format: an 8-byte little-endian header length, a JSON header naming
//! each tensor's dtype, shape and byte range, then the tensors' bytes.
//!
//! Written here rather than with the `safetensors` crate, whose `serde_json` dependency adds
//! `impl PartialEq<serde_json::Value> for f64` to every crate that uses adjoint, and so breaks
//! type inference in code as plain as `assert_eq!(x, Array1::zeros(2))`.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use super::json::{self, Kind, Reader};

/// The largest header read, as in the reference implementation.
const MAX_HEADER: u64 = 100_000_000;

/// What a safetensors header says of a tensor besides its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tensor {
    pub dtype: String,
    pub shape: Vec<usize>,
}

impl fmt::Display for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.dtype, self.shape)
    }
}

/// A tensor of a file: its name, dtype, shape and bytes.
#[derive(Debug)]
pub(super) struct Entry<'a> {
    pub name: String,
    pub tensor: Tensor,
    pub data: &'a [u8],
}

/// The size in bytes of an element of `dtype`, for the dtypes of whole bytes.
pub(super) fn dtype_size(dtype: &str) -> Option<usize> {
    Some(match dtype {
        "BOOL" | "U8" | "I8" | "F8_E5M2" | "F8_E4M3" | "F8_E8M0" => 1,
        "U16" | "I16" | "F16" | "BF16" => 2,
        "U32" | "I32" | "F32" => 4,
        "U64" | "I64" | "F64" | "C64" => 8,
        _ => return None,
    })
}

/// The file holding `entries` in order, each with its bytes. The header is padded with spaces
/// so that the data starts at a multiple of 8 bytes, as the reference implementation does.
pub(super) fn write(entries: &[(String, Tensor, Vec<u8>)]) -> Vec<u8> {
    let mut header = String::from("{");
    let mut offset = 0;
    for (i, (name, tensor, data)) in entries.iter().enumerate() {
        if i > 0 {
            header.push(',');
        }
        let shape: Vec<String> = tensor.shape.iter().map(usize::to_string).collect();
        header.push_str(&format!(
            "{}:{{\"dtype\":{},\"shape\":[{}],\"data_offsets\":[{},{}]}}",
            json::quote(name),
            json::quote(&tensor.dtype),
            shape.join(","),
            offset,
            offset + data.len()
        ));
        offset += data.len();
    }
    header.push('}');
    while (8 + header.len()) % 8 != 0 {
        header.push(' ');
    }
    let mut file = Vec::with_capacity(8 + header.len() + offset);
    file.extend_from_slice(&(header.len() as u64).to_le_bytes());
    file.extend_from_slice(header.as_bytes());
    for (_, _, data) in entries {
        file.extend_from_slice(data);
    }
    file
}

/// The tensors of a file, in the header's order.
///
/// The header is checked as the reference implementation checks it: JSON of the right shape,
/// a name at most once, each tensor's byte count that of its dtype and shape, and the tensors'
/// byte ranges, in order, covering the data after the header without a gap or an overlap.
/// Nothing is allocated for the header length the file claims: the header is read in place.
pub(super) fn read(file: &[u8]) -> Result<Vec<Entry<'_>>, String> {
    let Some((length, rest)) = file.split_first_chunk::<8>() else {
        return Err(format!("{} bytes are too few to hold a header", file.len()));
    };
    let length = u64::from_le_bytes(*length);
    if length > MAX_HEADER || length > rest.len() as u64 {
        return Err(format!(
            "a header of {length} bytes does not fit in the {} bytes that follow",
            rest.len()
        ));
    }
    let (header, data) = rest.split_at(length as usize);
    let header =
        std::str::from_utf8(header).map_err(|e| format!("the header is not UTF-8: {e}"))?;
    if !header.starts_with('{') {
        return Err("the header does not start with `{`".to_owned());
    }

    let mut reader = Reader::new(header);
    let mut names = HashSet::new();
    let mut entries = Vec::new();
    reader.object(|reader, name| {
        if !names.insert(name.clone()) {
            return Err(format!("two tensors are named `{name}`"));
        }
        if name == "__metadata__" {
            return metadata(reader);
        }
        let (tensor, range) = tensor_info(reader).map_err(|e| format!("tensor `{name}`: {e}"))?;
        let bytes = data.get(range.clone()).ok_or_else(|| {
            format!(
                "tensor `{name}`: bytes {range:?} are past the {} bytes of data",
                data.len()
            )
        })?;
        if let Some(size) = dtype_size(&tensor.dtype) {
            let expected = tensor.shape.iter().try_fold(size, |n, &d| n.checked_mul(d));
            if expected != Some(bytes.len()) {
                return Err(format!(
                    "tensor `{name}`: {} bytes cannot hold {tensor}",
                    bytes.len()
                ));
            }
        }
        entries.push((
            Entry {
                name,
                tensor,
                data: bytes,
            },
            range,
        ));
        Ok(())
    })?;
    reader.end()?;
    check_tiling(&entries, data.len())?;
    Ok(entries.into_iter().map(|(entry, _)| entry).collect())
}

/// Checks that the tensors' byte ranges, in order, cover `0..data_len` without a gap or an
/// overlap, as the reference implementation requires.
fn check_tiling(entries: &[(Entry<'_>, Range<usize>)], data_len: usize) -> Result<(), String> {
    let mut order: Vec<&(Entry<'_>, Range<usize>)> = entries.iter().collect();
    order.sort_by_key(|(_, range)| (range.start, range.end));
    let mut covered: Option<&(Entry<'_>, Range<usize>)> = None;
    for entry in order {
        let end = covered.map_or(0, |(_, range)| range.end);
        let (name, range) = (&entry.0.name, &entry.1);
        match covered {
            Some((previous, previous_range)) if range.start < end => {
                return Err(format!(
                    "tensors `{}` (bytes {previous_range:?}) and `{name}` (bytes {range:?}) \
                     overlap",
                    previous.name
                ));
            }
            _ if range.start > end => {
                return Err(format!(
                    "bytes {end}..{} of the data belong to no tensor",
                    range.start
                ));
            }
            _ => covered = Some(entry),
        }
    }
    let end = covered.map_or(0, |(_, range)| range.end);
    if end < data_len {
        return Err(format!(
            "bytes {end}..{data_len} of the data belong to no tensor"
        ));
    }
    Ok(())
}

/// `__metadata__` maps strings to strings.
fn metadata(reader: &mut Reader<'_>) -> Result<(), String> {
    let not_a_map = || "`__metadata__` is not a map of strings".to_owned();
    if reader.kind()? != Kind::Object {
        return Err(not_a_map());
    }
    reader.object(|reader, _| match reader.kind()? {
        Kind::String => reader.string().map(drop),
        _ => Err(not_a_map()),
    })
}

/// The dtype, shape and byte range of a header entry; fields the format does not name are
/// skipped.
fn tensor_info(reader: &mut Reader<'_>) -> Result<(Tensor, Range<usize>), String> {
    if reader.kind()? != Kind::Object {
        return Err("not an object".to_owned());
    }
    let (mut dtype, mut shape, mut offsets) = (None, None, None);
    reader.object(|reader, key| {
        let slot_taken = match key.as_str() {
            "dtype" => dtype.is_some(),
            "shape" => shape.is_some(),
            "data_offsets" => offsets.is_some(),
            _ => return reader.skip(),
        };
        if slot_taken {
            return Err(format!("two `{key}` fields"));
        }
        match key.as_str() {
            "dtype" if reader.kind()? == Kind::String => dtype = Some(reader.string()?),
            "dtype" => return Err("`dtype` is not a string".to_owned()),
            "shape" => {
                let sizes = sizes(reader)?;
                shape = Some(sizes.ok_or("`shape` is not a list of sizes")?);
            }
            _ => {
                let sizes = sizes(reader)?;
                offsets = Some(sizes.ok_or("`data_offsets` is not a list of offsets")?);
            }
        }
        Ok(())
    })?;
    let dtype = dtype.ok_or("no `dtype`")?;
    let shape = shape.ok_or("no `shape`")?;
    let [begin, end] = offsets.ok_or("no `data_offsets`")?[..] else {
        return Err("`data_offsets` does not hold two offsets".to_owned());
    };
    if begin > end {
        return Err(format!("`data_offsets` [{begin}, {end}] run backwards"));
    }
    Ok((Tensor { dtype, shape }, begin..end))
}

/// The values of a list of sizes (non-negative integers), or `None` for any other value, which
/// is still read.
fn sizes(reader: &mut Reader<'_>) -> Result<Option<Vec<usize>>, String> {
    if reader.kind()? != Kind::Array {
        reader.skip()?;
        return Ok(None);
    }
    let mut sizes = Some(Vec::new());
    reader.array(|reader| {
        let size = reader.size()?;
        sizes = sizes.take().zip(size).map(|(mut sizes, size)| {
            sizes.push(size);
            sizes
        });
        Ok(())
    })?;
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f32_tensor(name: &str, shape: &[usize], values: &[f32]) -> (String, Tensor, Vec<u8>) {
        let tensor = Tensor {
            dtype: "F32".to_owned(),
            shape: shape.to_vec(),
        };
        (
            name.to_owned(),
            tensor,
            values.iter().flat_map(|v| v.to_le_bytes()).collect(),
        )
    }

    /// The file Python's `safetensors.numpy.save` (0.8.0) writes for
    /// `{"b": np.array([0.5, -1.0]), "w": np.array([[1, 2, 3]], dtype=np.float32)}`.
    const REFERENCE: &[u8] = b"p\x00\x00\x00\x00\x00\x00\x00\
{\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},\"w\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[16,28]}}\
\x00\x00\x00\x00\x00\x00\xe0?\x00\x00\x00\x00\x00\x00\xf0\xbf\x00\x00\x80?\x00\x00\x00@\x00\x00@@";

    /// The file it writes for `{"hidden.w": np.array([[1.5]], dtype=np.float32)}`: its header
    /// is padded with a space.
    const REFERENCE_PADDED: &[u8] = b"@\x00\x00\x00\x00\x00\x00\x00\
{\"hidden.w\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}} \x00\x00\xc0?";

    #[test]
    fn a_file_of_the_reference_implementation_reads() {
        let entries = read(REFERENCE).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["b", "w"]);
        assert_eq!(entries[0].tensor.to_string(), "F64 [2]");
        assert_eq!(
            entries[0].data,
            [0.5_f64, -1.0]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect::<Vec<_>>()
        );
        assert_eq!(entries[1].tensor.to_string(), "F32 [1, 3]");
        assert_eq!(entries[1].data.len(), 12);
    }

    #[test]
    fn written_files_read_back_with_data_aligned_to_eight_bytes() {
        let entries = [
            f32_tensor("layers.0.w", &[2, 2], &[1.0, 2.0, 3.0, 4.0]),
            f32_tensor("b", &[], &[5.0]),
        ];
        let file = write(&entries);
        let header = u64::from_le_bytes(file[..8].try_into().unwrap());
        assert_eq!((8 + header) % 8, 0);
        let read_back = read(&file).unwrap();
        for ((name, tensor, data), entry) in entries.iter().zip(&read_back) {
            assert_eq!(
                (name, tensor, data.as_slice()),
                (&entry.name, &entry.tensor, entry.data)
            );
        }
    }

    #[test]
    fn the_writer_matches_the_reference_implementation_byte_for_byte() {
        let b = (
            "b".to_owned(),
            Tensor {
                dtype: "F64".to_owned(),
                shape: vec![2],
            },
            [0.5_f64, -1.0]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
        );
        assert_eq!(
            write(&[b, f32_tensor("w", &[1, 3], &[1.0, 2.0, 3.0])]),
            REFERENCE
        );
        assert_eq!(
            write(&[f32_tensor("hidden.w", &[1, 1], &[1.5])]),
            REFERENCE_PADDED
        );
    }

    #[test]
    fn metadata_is_accepted_and_skipped() {
        let header = br#"{"__metadata__":{"format":"pt"},"x":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}"#;
        let mut file = (header.len() as u64).to_le_bytes().to_vec();
        file.extend_from_slice(header);
        file.extend_from_slice(&1.0_f32.to_le_bytes());
        let entries = read(&file).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].name, "x");
    }

    fn with_header(header: &str, data: &[u8]) -> Vec<u8> {
        let mut file = (header.len() as u64).to_le_bytes().to_vec();
        file.extend_from_slice(header.as_bytes());
        file.extend_from_slice(data);
        file
    }

    #[test]
    fn malformed_files_are_errors_that_say_why() {
        let cases = [
            (vec![1, 2, 3], "3 bytes are too few to hold a header"),
            (
                u64::MAX.to_le_bytes().to_vec(),
                "a header of 18446744073709551615 bytes does not fit in the 0 bytes that follow",
            ),
            (with_header("[]", &[]), "the header does not start with `{`"),
            (with_header("{\"x\":1}", &[]), "tensor `x`: not an object"),
            (
                with_header(
                    r#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#,
                    &[0; 4],
                ),
                "tensor `x`: 4 bytes cannot hold F32 [2]",
            ),
            (
                with_header(
                    r#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}"#,
                    &[0; 4],
                ),
                "tensor `x`: bytes 0..8 are past the 4 bytes of data",
            ),
            (
                with_header(
                    r#"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
                    &[0; 4],
                ),
                "tensor `x`: `shape` is not a list of sizes",
            ),
            (
                with_header(r#"{"x":{"dtype":"F32","shape":[1]}}"#, &[0; 4]),
                "tensor `x`: no `data_offsets`",
            ),
            (
                with_header(
                    r#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#,
                    &[0; 4],
                ),
                "tensor `x`: `data_offsets` [4, 0] run backwards",
            ),
            (
                with_header(r#"{"__metadata__":{"n":1}}"#, &[]),
                "`__metadata__` is not a map of strings",
            ),
            (
                with_header(
                    r#"{"x":{"dtype":"U8","shape":[],"data_offsets":[0,1]},"x":{}}"#,
                    &[0],
                ),
                "two tensors are named `x`",
            ),
            (
                with_header(
                    r#"{"x":{"dtype":"U8","shape":[],"data_offsets":[0,1],"dtype":"F32"}}"#,
                    &[0],
                ),
                "tensor `x`: two `dtype` fields",
            ),
            (
                with_header(
                    r#"{"x":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"y":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}"#,
                    &[0; 3],
                ),
                "tensors `x` (bytes 0..2) and `y` (bytes 1..3) overlap",
            ),
            (
                with_header(
                    r#"{"x":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#,
                    &[0; 2],
                ),
                "bytes 0..1 of the data belong to no tensor",
            ),
            (
                with_header(
                    r#"{"x":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#,
                    &[0; 4],
                ),
                "bytes 1..4 of the data belong to no tensor",
            ),
            (
                with_header(
                    r#"{"x":{"dtype":"U8","shape":[1],"data_offsets":[00,1]}}"#,
                    &[0],
                ),
                "tensor `x`: a number with a leading zero at byte 47 of the header",
            ),
            (
                with_header(
                    r#"{"x":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}} x"#,
                    &[],
                ),
                "unexpected text after the header at byte 54 of the header",
            ),
        ];
        for (file, message) in cases {
            assert_eq!(read(&file).unwrap_err(), message);
        }
    }

    #[test]
    fn an_overflowing_shape_is_an_error_not_a_panic() {
        let header = format!(
            r#"{{"x":{{"dtype":"F64","shape":[{0},{0}],"data_offsets":[0,8]}}}}"#,
            usize::MAX
        );
        assert!(
            read(&with_header(&header, &[0; 8]))
                .unwrap_err()
                .contains("8 bytes cannot hold")
        );
    }
}

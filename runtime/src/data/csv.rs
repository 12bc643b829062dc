//! Reading a classification dataset from a CSV file.

use std::collections::BTreeSet;
use std::fmt;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2};

use super::Dataset;
use crate::Float;

/// How to read a CSV file into a [`Dataset`]: every column is a feature but one, the label.
///
/// By default the first line is a header naming the columns, fields are separated by commas,
/// the label is the last column, and a label is a class number (`0`, `1`, …).
/// [`Csv::text_labels`] reads labels that are class names instead. Spaces around a field are
/// ignored.
///
/// ```
/// use adjoint_runtime::data::{Csv, Dataset};
/// use ndarray::array;
///
/// let text = "length,width,class\n1.5,0.5,1\n2.0,1.0,0\n";
/// let d: Dataset<f64> = Csv::new().read(text.as_bytes())?;
/// assert_eq!(d.features, array![[1.5, 0.5], [2.0, 1.0]]);
/// assert_eq!(d.labels, array![1, 0]);
/// assert_eq!(d.feature_names, ["length", "width"]);
/// # Ok::<(), adjoint_runtime::data::CsvError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Csv {
    has_header: bool,
    delimiter: u8,
    label_column: Option<usize>,
    text_labels: bool,
}

impl Default for Csv {
    fn default() -> Self {
        Self {
            has_header: true,
            delimiter: b',',
            label_column: None,
            text_labels: false,
        }
    }
}

/// # Options
impl Csv {
    /// The default options: a header line, commas, the label last, class numbers as labels.
    ///
    /// ```
    /// use adjoint_runtime::data::{Csv, Dataset};
    /// let d: Dataset<f32> = Csv::new().read("a,y\n0.5,2\n".as_bytes())?;
    /// assert_eq!(d.n_classes(), 3);
    /// # Ok::<(), adjoint_runtime::data::CsvError>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the first line is a header naming the columns (the default) or already data.
    /// Without a header, features are named `x0`, `x1`, ….
    ///
    /// ```
    /// use adjoint_runtime::data::{Csv, Dataset};
    /// let d: Dataset<f32> = Csv::new().has_header(false).read("0.5,1\n".as_bytes())?;
    /// assert_eq!((d.len(), d.feature_names[0].as_str()), (1, "x0"));
    /// # Ok::<(), adjoint_runtime::data::CsvError>(())
    /// ```
    pub fn has_header(mut self, yes: bool) -> Self {
        self.has_header = yes;
        self
    }

    /// The byte between fields, `b','` by default.
    ///
    /// ```
    /// use adjoint_runtime::data::{Csv, Dataset};
    /// let d: Dataset<f64> = Csv::new().delimiter(b';').read("a;b;y\n0.5;2;1\n".as_bytes())?;
    /// assert_eq!(d.features.row(0).to_vec(), [0.5, 2.0]);
    /// # Ok::<(), adjoint_runtime::data::CsvError>(())
    /// ```
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// The column holding the label, counted from 0; the last column by default.
    ///
    /// ```
    /// use adjoint_runtime::data::{Csv, Dataset};
    /// use ndarray::array;
    /// let d: Dataset<f64> = Csv::new().label_column(0).read("y,a,b\n1,2.5,3.5\n".as_bytes())?;
    /// assert_eq!((d.labels[0], d.features.row(0).to_vec()), (1, vec![2.5, 3.5]));
    /// # Ok::<(), adjoint_runtime::data::CsvError>(())
    /// ```
    pub fn label_column(mut self, column: usize) -> Self {
        self.label_column = Some(column);
        self
    }

    /// Reads labels as class names: the distinct names, sorted, become classes `0`, `1`, ….
    ///
    /// ```
    /// use adjoint_runtime::data::{Csv, Dataset};
    /// use ndarray::array;
    /// let text = "x,species\n1.0,versicolor\n2.0,setosa\n3.0,versicolor\n";
    /// let d: Dataset<f32> = Csv::new().text_labels().read(text.as_bytes())?;
    /// assert_eq!(d.class_names, ["setosa", "versicolor"]);
    /// assert_eq!(d.labels, array![1, 0, 1]);
    /// # Ok::<(), adjoint_runtime::data::CsvError>(())
    /// ```
    pub fn text_labels(mut self) -> Self {
        self.text_labels = true;
        self
    }
}

/// # Reading
impl Csv {
    /// Reads the file at `path`.
    ///
    /// ```no_run
    /// use adjoint_runtime::data::{Csv, Dataset};
    /// let d: Dataset<f32> = Csv::new().read_path("measurements.csv")?;
    /// # Ok::<(), adjoint_runtime::data::CsvError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// If the file cannot be read, or for the reasons of [`Csv::read`]; the message starts with
    /// the path.
    pub fn read_path<F: Float>(&self, path: impl AsRef<Path>) -> Result<Dataset<F>, CsvError> {
        let path = path.as_ref();
        let at = |kind| CsvError {
            path: Some(path.to_owned()),
            kind,
        };
        let file = File::open(path).map_err(|e| at(ErrorKind::Io(e)))?;
        self.parse(file).map_err(at)
    }

    /// Reads CSV text from `reader`.
    ///
    /// ```
    /// use adjoint_runtime::data::{Csv, Dataset};
    /// let err = Csv::new().read::<f64>("a,b,y\n1,2,0\n3,x,1\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.to_string(), r#"line 3, column 2 ("b"): "x" is not a number"#);
    /// assert_eq!((err.line(), err.column(), err.value()), (Some(3), Some(2), Some("x")));
    /// ```
    ///
    /// # Errors
    ///
    /// If a feature is not a number, a label is not a class number (unless
    /// [`Csv::text_labels`]), a row has a different number of fields from the first, the
    /// label column is past the last column, the text is not UTF-8, or there is no data row.
    /// The error gives the line, and the column (counted from 1) and value when one field is
    /// to blame.
    pub fn read<F: Float>(&self, reader: impl io::Read) -> Result<Dataset<F>, CsvError> {
        self.parse(reader)
            .map_err(|kind| CsvError { path: None, kind })
    }

    fn parse<F: Float>(&self, mut reader: impl io::Read) -> Result<Dataset<F>, ErrorKind> {
        let mut text = Vec::new();
        reader.read_to_end(&mut text).map_err(ErrorKind::Io)?;
        let mut lines = Lines::new(&text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(self.has_header)
            .delimiter(self.delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(&text[..]);
        let header = if self.has_header {
            Some(
                reader
                    .headers()
                    .map_err(|e| ErrorKind::from_csv(e, &mut lines))?
                    .clone(),
            )
        } else {
            None
        };

        let mut width = header.as_ref().map(|h| (h.len(), 1));
        let mut label_column = 0;
        let mut features = Vec::new();
        let mut labels = Vec::new();
        let mut names = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| ErrorKind::from_csv(e, &mut lines))?;
            let line = lines.line_of(record.position().map_or(0, csv::Position::byte));
            let &mut (expected, first_line) = width.get_or_insert((record.len(), line));
            if record.len() != expected {
                return Err(ErrorKind::FieldCount {
                    line,
                    expected,
                    found: record.len(),
                    first_line,
                });
            }
            label_column = self.label_column.unwrap_or(expected.saturating_sub(1));
            if label_column >= expected {
                return Err(ErrorKind::LabelColumn {
                    line,
                    column: label_column,
                    fields: expected,
                });
            }
            for (j, field) in record.iter().enumerate() {
                let at = || Field {
                    line,
                    column: j + 1,
                    name: header.as_ref().map(|h| h[j].to_owned()),
                    value: field.to_owned(),
                };
                if j == label_column {
                    if self.text_labels {
                        names.push(field.to_owned());
                    } else {
                        labels.push(field.parse::<usize>().map_err(|_| ErrorKind::Label(at()))?);
                    }
                } else {
                    features
                        .push(F::from_str_radix(field, 10).map_err(|_| ErrorKind::Number(at()))?);
                }
            }
        }

        let (Some((width, _)), false) = (width, labels.is_empty() && names.is_empty()) else {
            return Err(ErrorKind::Empty);
        };
        let class_names = if self.text_labels {
            let classes: Vec<String> = names
                .iter()
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            labels = names
                .iter()
                .map(|name| classes.binary_search(name).expect("every name is a class"))
                .collect();
            Some(classes)
        } else {
            None
        };
        let rows = labels.len();
        let features = Array2::from_shape_vec((rows, width - 1), features)
            .expect("every row has `width - 1` features");
        let mut dataset = Dataset::new(features, Array1::from(labels));
        if let Some(header) = &header {
            let feature_names = header
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != label_column)
                .map(|(_, name)| name);
            dataset = dataset.with_feature_names(feature_names);
        }
        if let Some(classes) = class_names {
            dataset = dataset.with_class_names(classes);
        }
        Ok(dataset)
    }
}

/// The error of reading a CSV file: where it went wrong and why.
///
/// Its message names the path (when reading a file), the line, and the column (counted from 1)
/// and value when one field is to blame.
///
/// ```
/// use adjoint_runtime::data::Csv;
/// let err = Csv::new().has_header(false).read::<f32>("1,2,0\n3,4\n".as_bytes()).unwrap_err();
/// assert_eq!(err.to_string(), "line 2: expected 3 fields (as on line 1), found 2");
/// assert_eq!(err.line(), Some(2));
/// assert_eq!(err.column(), None);
/// ```
#[derive(Debug)]
pub struct CsvError {
    path: Option<PathBuf>,
    kind: ErrorKind,
}

/// # Where
impl CsvError {
    /// The line of the file where the error is, counted from 1, if it is on one line.
    ///
    /// ```
    /// use adjoint_runtime::data::Csv;
    /// let err = Csv::new().read::<f32>("a,y\n1,-1\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.line(), Some(2));
    /// ```
    pub fn line(&self) -> Option<u64> {
        match &self.kind {
            ErrorKind::Io(_) | ErrorKind::Empty => None,
            ErrorKind::Parse { line, .. } => *line,
            ErrorKind::FieldCount { line, .. } | ErrorKind::LabelColumn { line, .. } => Some(*line),
            ErrorKind::Number(field) | ErrorKind::Label(field) => Some(field.line),
        }
    }

    /// The column of the field to blame, counted from 1, if one field is to blame.
    ///
    /// ```
    /// use adjoint_runtime::data::Csv;
    /// let err = Csv::new().read::<f32>("a,y\n1,-1\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.column(), Some(2));
    /// ```
    pub fn column(&self) -> Option<usize> {
        match &self.kind {
            ErrorKind::Number(field) | ErrorKind::Label(field) => Some(field.column),
            _ => None,
        }
    }

    /// The text of the field to blame, if one field is to blame.
    ///
    /// ```
    /// use adjoint_runtime::data::Csv;
    /// let err = Csv::new().read::<f32>("a,y\n1,-1\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.value(), Some("-1"));
    /// ```
    pub fn value(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::Number(field) | ErrorKind::Label(field) => Some(&field.value),
            _ => None,
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        self.kind.fmt(f)
    }
}

impl std::error::Error for CsvError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}

/// Why reading failed.
#[derive(Debug, thiserror::Error)]
enum ErrorKind {
    #[error("cannot read the file: {0}")]
    Io(#[source] io::Error),
    #[error("{}{source}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    Parse {
        line: Option<u64>,
        source: csv::Error,
    },
    #[error("line {line}: expected {expected} fields (as on line {first_line}), found {found}")]
    FieldCount {
        line: u64,
        expected: usize,
        found: usize,
        first_line: u64,
    },
    #[error(
        "line {line}: the label column {column} (counted from 0) is past the last of the {fields} columns"
    )]
    LabelColumn {
        line: u64,
        column: usize,
        fields: usize,
    },
    #[error("{0}: {value:?} is not a number", value = .0.value)]
    Number(Field),
    #[error("{0}: the label {value:?} is not a class number (0, 1, …); use `Csv::text_labels` for class names", value = .0.value)]
    Label(Field),
    #[error("no data rows")]
    Empty,
}

impl ErrorKind {
    fn from_csv(error: csv::Error, lines: &mut Lines<'_>) -> Self {
        Self::Parse {
            line: error.position().map(|p| lines.line_of(p.byte())),
            source: error,
        }
    }
}

/// Line numbers of records from their byte offsets, counted here because the `csv` crate
/// counts lines wrongly after blank lines and `\r\n` endings (BurntSushi/rust-csv#184, #208).
struct Lines<'a> {
    text: &'a [u8],
    /// A byte offset, and the line it is on.
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a [u8]) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record at byte `offset`, whose reported start may be a line ending
    /// (or blank lines) before it.
    fn line_of(&mut self, offset: u64) -> u64 {
        let mut start = usize::try_from(offset).map_or(self.text.len(), |o| o.min(self.text.len()));
        while self
            .text
            .get(start)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        if start < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        let newlines = self.text[self.offset..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line += newlines as u64;
        self.offset = start;
        self.line
    }
}

/// The field to blame for an error.
#[derive(Debug)]
struct Field {
    line: u64,
    column: usize,
    name: Option<String>,
    value: String,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)?;
        match &self.name {
            Some(name) => write!(f, " ({name:?})"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn read(csv: Csv, text: &str) -> Result<Dataset<f64>, CsvError> {
        csv.read(text.as_bytes())
    }

    #[test]
    fn a_bad_number_names_its_line_column_and_value() {
        let text = "a,b,c,y\n1,2,3,0\n4,5,6,1\n\n7,8,nine,2\n";
        let err = read(Csv::new(), text).unwrap_err();
        // the blank line 4 still counts
        assert_eq!(
            (err.line(), err.column(), err.value()),
            (Some(5), Some(3), Some("nine"))
        );
        assert_eq!(
            err.to_string(),
            r#"line 5, column 3 ("c"): "nine" is not a number"#
        );
    }

    #[test]
    fn lines_count_blank_lines_and_crlf_endings() {
        let text = "1,0\r\n\r\n\n2,1\r\n3,x\r\n";
        let err = read(Csv::new().has_header(false), text).unwrap_err();
        assert_eq!((err.line(), err.column()), (Some(5), Some(2)));
        let err = read(Csv::new().has_header(false), "1,0\n2,0\n3,0,0\n").unwrap_err();
        assert_eq!(err.line(), Some(3));
        let err = read(Csv::new(), "a,y\n\n\n1,z\n").unwrap_err();
        assert_eq!(err.line(), Some(4));
    }

    #[test]
    fn a_quoted_field_may_span_lines() {
        let err = read(Csv::new(), "\"a\nb\",y\n1,0\n\"2\n\",1\nq,1\n").unwrap_err();
        assert_eq!(err.line(), Some(6));
    }

    #[test]
    fn without_a_header_a_bad_number_has_no_column_name() {
        let err = read(Csv::new().has_header(false), "1,2,0\n1,,0\n").unwrap_err();
        assert_eq!(err.to_string(), r#"line 2, column 2: "" is not a number"#);
    }

    #[test]
    fn a_bad_label_says_what_a_label_must_be() {
        let err = read(Csv::new(), "x,y\n1.0,setosa\n").unwrap_err();
        assert_eq!(
            (err.line(), err.column(), err.value()),
            (Some(2), Some(2), Some("setosa"))
        );
        assert_eq!(
            err.to_string(),
            r#"line 2, column 2 ("y"): the label "setosa" is not a class number (0, 1, …); use `Csv::text_labels` for class names"#
        );
        for label in ["-1", "1.5", ""] {
            let err = read(Csv::new().has_header(false), &format!("1.0,{label}\n")).unwrap_err();
            assert_eq!(err.value(), Some(label));
        }
    }

    #[test]
    fn a_short_row_is_an_error_naming_both_lines() {
        let err = read(Csv::new(), "a,b,y\n1,2,0\n1,2\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: expected 3 fields (as on line 1), found 2"
        );
    }

    #[test]
    fn a_label_column_past_the_last_is_an_error() {
        let err = read(Csv::new().label_column(3), "a,b,y\n1,2,0\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2: the label column 3 (counted from 0) is past the last of the 3 columns"
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_an_error_with_its_line() {
        let err = Csv::new()
            .read::<f32>(&b"a,y\n1,0\n\xff,1\n"[..])
            .unwrap_err();
        assert_eq!(err.line(), Some(3));
        assert!(err.to_string().starts_with("line 3: "), "{err}");
    }

    #[test]
    fn no_rows_is_an_error() {
        assert_eq!(
            read(Csv::new(), "a,y\n").unwrap_err().to_string(),
            "no data rows"
        );
        assert_eq!(
            read(Csv::new().has_header(false), "")
                .unwrap_err()
                .to_string(),
            "no data rows"
        );
    }

    #[test]
    fn a_missing_file_is_an_error_naming_the_path() {
        let err = Csv::new()
            .read_path::<f64>("/nonexistent/adjoint.csv")
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("/nonexistent/adjoint.csv: cannot read the file: "),
            "{err}"
        );
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn a_file_reads_like_its_text() {
        let path = std::env::temp_dir().join(format!("adjoint-csv-{}.csv", std::process::id()));
        std::fs::write(&path, "a,y\n1.5,1\n2.5,0\n").unwrap();
        let d = Csv::new().read_path::<f32>(&path);
        std::fs::remove_file(&path).unwrap();
        let d = d.unwrap();
        assert_eq!(d.features, array![[1.5], [2.5]]);
        assert_eq!(d.labels, array![1, 0]);

        let err = {
            std::fs::write(&path, "a,y\n1.5,1\nx,0\n").unwrap();
            let err = Csv::new().read_path::<f32>(&path).unwrap_err();
            std::fs::remove_file(&path).unwrap();
            err
        };
        assert_eq!(
            err.to_string(),
            format!(
                r#"{}: line 3, column 1 ("a"): "x" is not a number"#,
                path.display()
            )
        );
    }

    #[test]
    fn options_change_the_layout() {
        let d = read(
            Csv::new()
                .has_header(false)
                .delimiter(b'\t')
                .label_column(0),
            "2\t 0.5\t1e3\n0\t-1\t2\n",
        )
        .unwrap();
        assert_eq!(d.features, array![[0.5, 1000.0], [-1.0, 2.0]]);
        assert_eq!(d.labels, array![2, 0]);
        assert_eq!(d.class_names, ["0", "1", "2"]);
        assert_eq!(d.feature_names, ["x0", "x1"]);
    }

    #[test]
    fn text_labels_number_the_sorted_names() {
        let d = read(Csv::new().text_labels(), "x,y\n1,b\n2,c\n3,a\n4,b\n").unwrap();
        assert_eq!(d.class_names, ["a", "b", "c"]);
        assert_eq!(d.labels, array![1, 2, 0, 1]);
    }
}

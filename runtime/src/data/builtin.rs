//! The datasets that ship inside the crate (see `runtime/data/README.md` for their sources and
//! licences). They are compiled into the library, so nothing is read or downloaded at run time.

use flate2::read::GzDecoder;

use super::{Csv, Dataset};
use crate::Float;

/// scikit-learn's `iris.csv`: a header line `150,4,setosa,versicolor,virginica`, then one row
/// of four measurements and a class number per flower.
const IRIS_CSV: &str = include_str!("../../data/iris.csv");

/// scikit-learn's `digits.csv.gz`: no header, 64 pixel values (0–16) and the digit per row.
const DIGITS_CSV_GZ: &[u8] = include_bytes!("../../data/digits.csv.gz");

/// Fisher's iris flowers: 150 samples of 4 measurements in centimetres (sepal length and
/// width, petal length and width) of 3 species, 50 each.
///
/// The rows are in the file's order, grouped by species. Source: R. A. Fisher (1936), as
/// distributed with scikit-learn; licence CC BY 4.0.
///
/// ```
/// use adjoint_runtime::data::{self, Dataset};
/// let iris: Dataset<f32> = data::iris();
/// assert_eq!(iris.features.dim(), (150, 4));
/// assert_eq!(iris.class_names, ["setosa", "versicolor", "virginica"]);
/// assert_eq!(iris.feature_names[2], "petal length (cm)");
/// assert_eq!(iris.features.row(0).to_vec(), [5.1, 3.5, 1.4, 0.2]);
/// ```
pub fn iris<F: Float>() -> Dataset<F> {
    Csv::new()
        .read(IRIS_CSV.as_bytes())
        .expect("the shipped iris.csv is valid")
        .with_feature_names([
            "sepal length (cm)",
            "sepal width (cm)",
            "petal length (cm)",
            "petal width (cm)",
        ])
        .with_class_names(["setosa", "versicolor", "virginica"])
}

/// The UCI optical recognition of handwritten digits (the test set of Alpaydin and Kaynak,
/// 1998): 1797 images of 8 × 8 pixels, each pixel a count from 0 to 16 of the ink in a 4 × 4
/// block of the original 32 × 32 bitmap, labelled with their digit.
///
/// Each row holds an image's pixels row by row (`pixel_0_0`, `pixel_0_1`, …, `pixel_7_7`);
/// class `k` is the digit `k`. Source: UCI Machine Learning Repository, as distributed with
/// scikit-learn; licence CC BY 4.0.
///
/// ```
/// use adjoint_runtime::data::{self, Dataset};
/// let digits: Dataset<f32> = data::digits();
/// assert_eq!(digits.features.dim(), (1797, 64));
/// assert_eq!(digits.n_classes(), 10);
/// assert_eq!(digits.feature_names[9], "pixel_1_1");
/// assert!(digits.features.iter().all(|&p| (0.0..=16.0).contains(&p)));
/// ```
pub fn digits<F: Float>() -> Dataset<F> {
    let digits = Csv::new()
        .has_header(false)
        .read(GzDecoder::new(DIGITS_CSV_GZ))
        .expect("the shipped digits.csv.gz is valid");
    let pixels = (0..8).flat_map(|i| (0..8).map(move |j| format!("pixel_{i}_{j}")));
    digits.with_feature_names(pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_has_fifty_flowers_of_each_species() {
        let iris = iris::<f64>();
        assert_eq!(iris.class_counts(), [50, 50, 50]);
        assert_eq!(iris.features.row(149).to_vec(), [5.9, 3.0, 5.1, 1.8]);
        // the summary statistics of the dataset's description
        let mean = iris.features.mean_axis(ndarray::Axis(0)).unwrap();
        let expected = [5.843, 3.057, 3.758, 1.199];
        for (m, e) in mean.iter().zip(expected) {
            assert!((m - e).abs() < 1e-3, "{mean}");
        }
    }

    #[test]
    fn digits_has_every_digit_and_integer_pixels() {
        let digits = digits::<f32>();
        let counts = digits.class_counts();
        assert_eq!(counts.iter().sum::<usize>(), 1797);
        assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
        assert!(digits.features.iter().all(|p| p.fract() == 0.0));
        assert_eq!(
            digits.labels.slice(ndarray::s![..10]).to_vec(),
            (0..10).collect::<Vec<_>>()
        );
    }
}

//! Charts as PNG files: the loss and accuracy curves of a training run, or any line plot.
//!
//! Drawing is pure Rust ([plotters](https://docs.rs/plotters) on a bitmap, encoded by the
//! [png](https://docs.rs/png) crate) with a font compiled into the crate (a subset of Open Sans,
//! Apache-2.0, in `runtime/fonts/`), so it needs no system library or font: Latin letters,
//! digits, punctuation, Latin-1 accents and Greek letters render; other characters do not.
//!
//! ```no_run
//! use adjoint_runtime::history::{Epoch, History};
//! use adjoint_runtime::plot;
//!
//! let history: History = (1..=20)
//!     .map(|i| Epoch::new(i, 1.0 / i as f64).with_test(1.2 / i as f64, 1.0 - 0.5 / i as f64))
//!     .collect();
//! plot::save_history(&history, "loss.png")?;
//! # Ok::<(), plot::PlotError>(())
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::history::History;

/// Open Sans Regular cut down to the characters listed in `runtime/fonts/README.md`.
const FONT: &[u8] = include_bytes!("../fonts/OpenSans-Regular-subset.ttf");

/// The font family every text of a chart uses.
const FAMILY: &str = "sans-serif";

/// Matplotlib's first colours: blue, orange, green, red, purple, brown.
const COLORS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// Saves the loss curves of `history`, train and test on one chart, beside its accuracy
/// curves when accuracy was recorded, as a PNG at `path`. Accuracy is drawn in percent.
///
/// ```
/// use adjoint_runtime::history::{Epoch, History};
/// use adjoint_runtime::plot;
///
/// let history: History = (1..=5).map(|i| Epoch::new(i, 1.0 / i as f64).with_test_accuracy(0.9)).collect();
/// let path = std::env::temp_dir().join("adjoint-doc-history.png");
/// plot::save_history(&history, &path)?;
/// assert!(std::fs::read(&path)?.starts_with(b"\x89PNG"));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// If the history is empty, or the file cannot be written.
pub fn save_history(history: &History, path: impl AsRef<Path>) -> Result<(), PlotError> {
    let png = history_png(history)?;
    write(path.as_ref(), &png)
}

/// The chart of [`save_history`] as PNG bytes.
///
/// ```
/// use adjoint_runtime::history::{Epoch, History};
/// let history: History = [Epoch::new(1, 0.5), Epoch::new(2, 0.25)].into_iter().collect();
/// let png = adjoint_runtime::plot::history_png(&history)?;
/// assert!(png.starts_with(b"\x89PNG"));
/// # Ok::<(), adjoint_runtime::plot::PlotError>(())
/// ```
///
/// # Errors
///
/// If the history is empty.
pub fn history_png(history: &History) -> Result<Vec<u8>, PlotError> {
    if history.is_empty() {
        return Err(PlotError(Repr::Empty));
    }
    let epochs = history.epochs();
    let curve = |value: &dyn Fn(&crate::history::Epoch) -> Option<f64>| -> Vec<(f64, f64)> {
        epochs
            .iter()
            .filter_map(|e| value(e).map(|v| (e.index() as f64, v)))
            .collect()
    };
    let loss = LinePlot::new("Loss")
        .x_label("epoch")
        .y_label("loss")
        .line("train", curve(&|e| Some(e.train_loss())))
        .line("test", curve(&|e| e.test_loss()));
    let accuracy = LinePlot::new("Accuracy")
        .x_label("epoch")
        .y_label("accuracy (%)")
        .line("train", curve(&|e| e.train_accuracy().map(|a| 100.0 * a)))
        .line("test", curve(&|e| e.test_accuracy().map(|a| 100.0 * a)));
    let mut panels = vec![loss];
    if accuracy.series.iter().any(|s| !s.points.is_empty()) {
        panels.push(accuracy);
    }
    for panel in &mut panels {
        panel.series.retain(|s| !s.points.is_empty());
    }
    render(&panels, (640 * panels.len() as u32, 480))
}

/// A chart of lines and points with a title, labelled axes and a legend.
///
/// ```
/// use adjoint_runtime::plot::LinePlot;
///
/// let xs: Vec<f64> = (0..=50).map(|i| i as f64 / 10.0).collect();
/// let plot = LinePlot::new("sin")
///     .x_label("x")
///     .y_label("y")
///     .points("samples", xs.iter().map(|&x| (x, x.sin() + 0.1)))
///     .line("truth", xs.iter().map(|&x| (x, x.sin())));
/// assert!(plot.to_png()?.starts_with(b"\x89PNG"));
/// # Ok::<(), adjoint_runtime::plot::PlotError>(())
/// ```
#[derive(Clone, Debug)]
pub struct LinePlot {
    title: String,
    x_label: String,
    y_label: String,
    size: (u32, u32),
    series: Vec<Series>,
}

/// One named set of points, drawn as a line or as dots.
#[derive(Clone, Debug)]
struct Series {
    name: String,
    points: Vec<(f64, f64)>,
    joined: bool,
}

/// # Building
impl LinePlot {
    /// An empty 800 × 500 chart with this title.
    ///
    /// ```
    /// let plot = adjoint_runtime::plot::LinePlot::new("fit");
    /// # drop(plot);
    /// ```
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            x_label: String::new(),
            y_label: String::new(),
            size: (800, 500),
            series: Vec::new(),
        }
    }

    /// Labels the horizontal axis.
    ///
    /// ```
    /// let plot = adjoint_runtime::plot::LinePlot::new("fit").x_label("x");
    /// # drop(plot);
    /// ```
    pub fn x_label(mut self, label: impl Into<String>) -> Self {
        self.x_label = label.into();
        self
    }

    /// Labels the vertical axis.
    ///
    /// ```
    /// let plot = adjoint_runtime::plot::LinePlot::new("fit").y_label("f(x)");
    /// # drop(plot);
    /// ```
    pub fn y_label(mut self, label: impl Into<String>) -> Self {
        self.y_label = label.into();
        self
    }

    /// Sets the size of the image in pixels.
    ///
    /// **Panics** if a side is below 100 pixels.
    ///
    /// ```
    /// let plot = adjoint_runtime::plot::LinePlot::new("fit").size(1200, 800);
    /// # drop(plot);
    /// ```
    #[track_caller]
    pub fn size(mut self, width: u32, height: u32) -> Self {
        assert!(
            width >= 100 && height >= 100,
            "adjoint: a plot of {width} × {height} pixels is too small to draw"
        );
        self.size = (width, height);
        self
    }

    /// Adds a line through `points`, in their order, named `name` in the legend. Points that
    /// are not finite are left out.
    ///
    /// ```
    /// use adjoint_runtime::plot::LinePlot;
    /// let plot = LinePlot::new("square").line("x²", (0..10).map(|i| (i as f64, (i * i) as f64)));
    /// # drop(plot);
    /// ```
    pub fn line(
        self,
        name: impl Into<String>,
        points: impl IntoIterator<Item = (f64, f64)>,
    ) -> Self {
        self.with_series(name.into(), points, true)
    }

    /// Adds `points` as dots, named `name` in the legend. Points that are not finite are left
    /// out.
    ///
    /// ```
    /// use adjoint_runtime::plot::LinePlot;
    /// let plot = LinePlot::new("data").points("samples", [(0.0, 1.0), (1.0, 0.5)]);
    /// # drop(plot);
    /// ```
    pub fn points(
        self,
        name: impl Into<String>,
        points: impl IntoIterator<Item = (f64, f64)>,
    ) -> Self {
        self.with_series(name.into(), points, false)
    }

    fn with_series(
        mut self,
        name: String,
        points: impl IntoIterator<Item = (f64, f64)>,
        joined: bool,
    ) -> Self {
        let points = points
            .into_iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        self.series.push(Series {
            name,
            points,
            joined,
        });
        self
    }
}

/// # Drawing
impl LinePlot {
    /// Saves the chart as a PNG at `path`.
    ///
    /// ```
    /// use adjoint_runtime::plot::LinePlot;
    /// let path = std::env::temp_dir().join("adjoint-doc-line.png");
    /// LinePlot::new("line").line("y = 2x", [(0.0, 0.0), (1.0, 2.0)]).save(&path)?;
    /// assert!(std::fs::metadata(&path)?.len() > 0);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// If the chart has no point, or the file cannot be written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), PlotError> {
        let png = self.to_png()?;
        write(path.as_ref(), &png)
    }

    /// The chart as PNG bytes.
    ///
    /// ```
    /// use adjoint_runtime::plot::LinePlot;
    /// assert!(LinePlot::new("empty").to_png().is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// If the chart has no point.
    pub fn to_png(&self) -> Result<Vec<u8>, PlotError> {
        render(std::slice::from_ref(self), self.size)
    }
}

/// The error of drawing or saving a chart.
///
/// ```
/// use adjoint_runtime::plot::LinePlot;
/// let err = LinePlot::new("empty").to_png().unwrap_err();
/// assert_eq!(err.to_string(), "nothing to plot: no finite point");
/// ```
#[derive(Debug)]
pub struct PlotError(Repr);

#[derive(Debug, thiserror::Error)]
enum Repr {
    #[error("nothing to plot: no finite point")]
    Empty,
    #[error("cannot draw the chart: {0}")]
    Draw(String),
    #[error("cannot encode the PNG: {0}")]
    Encode(#[from] png::EncodingError),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for PlotError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0)
    }
}

fn write(path: &Path, png: &[u8]) -> Result<(), PlotError> {
    std::fs::write(path, png).map_err(|source| {
        PlotError(Repr::Write {
            path: path.to_owned(),
            source,
        })
    })
}

/// Draws `panels` side by side on one white image of `size` pixels, as PNG bytes.
fn render(panels: &[LinePlot], size: (u32, u32)) -> Result<Vec<u8>, PlotError> {
    if panels
        .iter()
        .all(|p| p.series.iter().all(|s| s.points.is_empty()))
    {
        return Err(PlotError(Repr::Empty));
    }
    register_font();
    let (width, height) = size;
    let mut rgb = vec![255; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
        let areas = root.split_evenly((1, panels.len()));
        for (panel, area) in panels.iter().zip(&areas) {
            draw_panel(panel, area).map_err(|e| PlotError(Repr::Draw(e.to_string())))?;
        }
        root.present()
            .map_err(|e| PlotError(Repr::Draw(e.to_string())))?;
    }
    encode_png(&rgb, size)
}

/// Makes the shipped font the `sans-serif` family of plotters, once per process.
fn register_font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        let registered = plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok();
        assert!(
            registered,
            "adjoint: the shipped font is a valid TrueType font"
        );
    });
}

type DrawResult =
    Result<(), DrawingAreaErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>>;

/// Draws one chart with its axes, labels and legend in `area`.
fn draw_panel(plot: &LinePlot, area: &DrawingArea<BitMapBackend<'_>, Shift>) -> DrawResult {
    let points = || plot.series.iter().flat_map(|s| s.points.iter().copied());
    let x_range = padded_range(points().map(|(x, _)| x), 0.0);
    let y_range = padded_range(points().map(|(_, y)| y), 0.05);
    let legend = emptiest_corner(plot, &x_range, &y_range);
    let mut chart = ChartBuilder::on(area)
        .caption(&plot.title, (FAMILY, 24))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(x_range, y_range)?;
    chart
        .configure_mesh()
        .x_desc(&plot.x_label)
        .y_desc(&plot.y_label)
        .label_style((FAMILY, 15))
        .axis_desc_style((FAMILY, 17))
        .x_label_formatter(&|x| tick_label(*x))
        .y_label_formatter(&|y| tick_label(*y))
        .light_line_style(RGBColor(245, 245, 245))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw()?;
    for (series, &color) in plot.series.iter().zip(COLORS.iter().cycle()) {
        let name = series.name.as_str();
        if series.joined {
            let style = color.stroke_width(2);
            chart
                .draw_series(LineSeries::new(series.points.iter().copied(), style))?
                .label(name)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], style));
        } else {
            let dot = color.filled();
            chart
                .draw_series(series.points.iter().map(|&p| Circle::new(p, 3, dot)))?
                .label(name)
                .legend(move |(x, y)| Circle::new((x + 10, y), 3, dot));
        }
    }
    chart
        .configure_series_labels()
        .label_font((FAMILY, 15))
        .position(legend)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(190, 190, 190))
        .draw()?;
    Ok(())
}

/// The corner of the chart where the legend hides the fewest points, upper right on a tie.
fn emptiest_corner(
    plot: &LinePlot,
    x: &std::ops::Range<f64>,
    y: &std::ops::Range<f64>,
) -> SeriesLabelPosition {
    // a legend covers about the outer 35% of the width and 30% of the height of a corner
    let (left, right) = (
        x.start + 0.35 * (x.end - x.start),
        x.end - 0.35 * (x.end - x.start),
    );
    let (lower, upper) = (
        y.start + 0.3 * (y.end - y.start),
        y.end - 0.3 * (y.end - y.start),
    );
    let corners = [
        (SeriesLabelPosition::UpperRight, true, true),
        (SeriesLabelPosition::UpperLeft, false, true),
        (SeriesLabelPosition::LowerRight, true, false),
        (SeriesLabelPosition::LowerLeft, false, false),
    ];
    let hidden = |is_right: bool, is_upper: bool| {
        let points = plot.series.iter().flat_map(|s| s.points.iter());
        points
            .filter(|&&(px, py)| {
                (if is_right { px >= right } else { px <= left })
                    && (if is_upper { py >= upper } else { py <= lower })
            })
            .count()
    };
    let (best, _) = corners
        .into_iter()
        .map(|(corner, is_right, is_upper)| (corner, hidden(is_right, is_upper)))
        .fold(
            None,
            |best: Option<(SeriesLabelPosition, usize)>, (corner, n)| match best {
                Some((_, m)) if m <= n => best,
                _ => Some((corner, n)),
            },
        )
        .expect("there are four corners");
    best
}

/// The range of `values` widened by `pad` of its length on each side, and never empty.
fn padded_range(values: impl Iterator<Item = f64>, pad: f64) -> std::ops::Range<f64> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if lo == hi {
        let half = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return lo - half..hi + half;
    }
    let margin = (hi - lo) * pad;
    lo - margin..hi + margin
}

/// A tick value without needless digits: `5`, `0.25`, `1e-4`.
fn tick_label(v: f64) -> String {
    if v == 0.0 {
        return "0".to_owned();
    }
    if v.abs() >= 1e5 || v.abs() < 1e-3 {
        return format!("{v:.1e}");
    }
    let text = format!("{v:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// PNG bytes of an RGB image.
fn encode_png(rgb: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>, PlotError> {
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .map_err(Repr::from)
        .map_err(PlotError)?;
    writer
        .write_image_data(rgb)
        .map_err(Repr::from)
        .map_err(PlotError)?;
    writer.finish().map_err(Repr::from).map_err(PlotError)?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Epoch;

    /// The width, height and RGB pixels of a PNG.
    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        pixels.truncate(info.buffer_size());
        (info.width, info.height, pixels)
    }

    fn count_color(pixels: &[u8], color: RGBColor) -> usize {
        pixels
            .chunks(3)
            .filter(|p| p == &[color.0, color.1, color.2])
            .count()
    }

    #[test]
    fn a_history_renders_two_panels_with_both_curves() {
        let history: History = (1..=30)
            .map(|i| {
                let t = i as f64;
                Epoch::new(i, 2.0 / t)
                    .with_train_accuracy(1.0 - 0.5 / t)
                    .with_test(2.2 / t + 0.05, 1.0 - 0.6 / t)
            })
            .collect();
        let png = history_png(&history).unwrap();
        let (width, height, pixels) = decode(&png);
        assert_eq!((width, height), (1280, 480));
        // both series colours are drawn, and so is dark text
        assert!(count_color(&pixels, COLORS[0]) > 500);
        assert!(count_color(&pixels, COLORS[1]) > 500);
        let dark = pixels
            .chunks(3)
            .filter(|p| p.iter().all(|&c| c < 80))
            .count();
        assert!(dark > 1000, "only {dark} dark pixels: is the text drawn?");
    }

    #[test]
    fn a_history_without_accuracy_has_one_panel() {
        let history: History = (1..=3).map(|i| Epoch::new(i, 1.0 / i as f64)).collect();
        let (width, _, pixels) = decode(&history_png(&history).unwrap());
        assert_eq!(width, 640);
        assert!(count_color(&pixels, COLORS[0]) > 100);
        assert_eq!(count_color(&pixels, COLORS[1]), 0, "no test curve");
    }

    #[test]
    fn a_saved_plot_is_a_non_empty_png_file() {
        let path = std::env::temp_dir().join(format!("adjoint-plot-{}.png", std::process::id()));
        let history: History = (1..=4)
            .map(|i| Epoch::new(i, 1.0 / i as f64).with_test_loss(0.5))
            .collect();
        save_history(&history, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(bytes.len() > 1000);
        assert_eq!(decode(&bytes).0, 640);
    }

    #[test]
    fn nothing_to_draw_is_an_error() {
        assert_eq!(
            history_png(&History::new()).unwrap_err().to_string(),
            "nothing to plot: no finite point"
        );
        let nan = LinePlot::new("nan").line("y", [(0.0, f64::NAN)]);
        assert!(nan.to_png().is_err());
    }

    #[test]
    fn an_unwritable_path_is_an_error_naming_it() {
        let plot = LinePlot::new("p").line("y", [(0.0, 1.0), (1.0, 2.0)]);
        let err = plot.save("/nonexistent/dir/plot.png").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot write /nonexistent/dir/plot.png: "),
            "{err}"
        );
    }

    #[test]
    fn the_legend_goes_where_it_hides_the_fewest_points() {
        let rising = LinePlot::new("up").line("y", (0..=10).map(|i| (i as f64, i as f64)));
        let corner = |plot: &LinePlot| emptiest_corner(plot, &(0.0..10.0), &(0.0..10.0));
        assert!(matches!(corner(&rising), SeriesLabelPosition::UpperLeft));
        let falling =
            LinePlot::new("down").line("y", (0..=10).map(|i| (i as f64, 10.0 - i as f64)));
        assert!(matches!(corner(&falling), SeriesLabelPosition::UpperRight));
        let saturating = LinePlot::new("accuracy").line(
            "y",
            (0..=10).map(|i| (i as f64, 10.0 - 10.0 / (1 + i) as f64)),
        );
        assert!(matches!(
            corner(&saturating),
            SeriesLabelPosition::LowerRight
        ));
    }

    #[test]
    fn ranges_are_padded_and_never_empty() {
        assert_eq!(padded_range([1.0, 3.0].into_iter(), 0.5), 0.0..4.0);
        assert_eq!(padded_range([0.0].into_iter(), 0.05), -1.0..1.0);
        assert_eq!(padded_range([10.0, 10.0].into_iter(), 0.05), 9.0..11.0);
    }

    #[test]
    fn tick_labels_drop_needless_digits() {
        assert_eq!(tick_label(5.0), "5");
        assert_eq!(tick_label(0.25), "0.25");
        assert_eq!(tick_label(-1.5), "-1.5");
        assert_eq!(tick_label(0.0), "0");
        assert_eq!(tick_label(0.0001), "1.0e-4");
        assert_eq!(tick_label(250000.0), "2.5e5");
    }
}

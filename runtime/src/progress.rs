//! Progress of a training run: a live progress bar on a terminal, one line per epoch elsewhere.
//!
//! [`Progress::new`] draws an [indicatif](https://docs.rs/indicatif) bar over the epochs, with
//! the running loss of the current epoch and the last epoch's loss and accuracy, when stdout
//! is a terminal. When it is not (CI, a pipe, a file) it prints one plain line per epoch
//! instead, so logs stay readable. Either way it keeps the [`History`] for plotting.
//!
//! ```
//! use adjoint_runtime::history::Epoch;
//! use adjoint_runtime::progress::Progress;
//!
//! let epochs = 3;
//! let mut progress = Progress::new(epochs);
//! for epoch in 1..=epochs {
//!     let mut total = 0.0;
//!     for batch in 0..4 {
//!         let loss = 1.0 / (epoch * 4 + batch) as f64;
//!         total += loss;
//!         progress.batch(loss);
//!     }
//!     progress.epoch(Epoch::new(epoch, total / 4.0).with_test(0.3, 0.9));
//! }
//! let history = progress.finish();
//! assert_eq!(history.len(), 3);
//! ```

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::history::{Epoch, History};

/// The display of a training run's progress, and the [`History`] it records.
///
/// ```
/// use adjoint_runtime::history::Epoch;
/// use adjoint_runtime::progress::Progress;
/// let mut progress = Progress::hidden(10);
/// progress.epoch(Epoch::new(1, 0.5));
/// assert_eq!(progress.history().len(), 1);
/// ```
#[derive(Debug)]
pub struct Progress {
    display: Display,
    epochs: usize,
    started: Instant,
    history: History,
    /// The sum and count of the batch losses of the current epoch.
    batch_losses: (f64, usize),
}

/// Where progress goes.
enum Display {
    Bar(ProgressBar),
    Lines(Box<dyn Write + Send>),
    Hidden,
}

impl std::fmt::Debug for Display {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Display::Bar(_) => "Bar",
            Display::Lines(_) => "Lines",
            Display::Hidden => "Hidden",
        })
    }
}

/// # Constructors
impl Progress {
    /// Progress over `epochs` epochs: a bar if stdout is a terminal, else one line per epoch.
    ///
    /// ```
    /// use adjoint_runtime::progress::Progress;
    /// let progress = Progress::new(20);
    /// # drop(progress);
    /// ```
    pub fn new(epochs: usize) -> Self {
        if io::stdout().is_terminal() {
            Self::bar(epochs)
        } else {
            Self::lines(epochs)
        }
    }

    /// Progress as a live bar on stdout, whatever stdout is.
    ///
    /// ```
    /// use adjoint_runtime::progress::Progress;
    /// let progress = Progress::bar(20);
    /// # drop(progress);
    /// ```
    pub fn bar(epochs: usize) -> Self {
        // the measurements are cut to the terminal's width: a wrapped line would not redraw
        let style = ProgressStyle::with_template(
            "epoch {pos}/{len} [{bar:24.cyan/blue}] {elapsed:>3} {wide_msg}",
        )
        .expect("the template is valid")
        .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(Some(epochs as u64), ProgressDrawTarget::stdout())
            .with_style(style);
        bar.tick();
        Self::with_display(Display::Bar(bar), epochs)
    }

    /// Progress as one plain line per epoch on stdout.
    ///
    /// ```
    /// use adjoint_runtime::progress::Progress;
    /// let progress = Progress::lines(20);
    /// # drop(progress);
    /// ```
    pub fn lines(epochs: usize) -> Self {
        Self::with_display(Display::Lines(Box::new(io::stdout())), epochs)
    }

    /// Progress that shows nothing and only records the history.
    ///
    /// ```
    /// use adjoint_runtime::progress::Progress;
    /// let progress = Progress::hidden(20);
    /// assert!(progress.history().is_empty());
    /// ```
    pub fn hidden(epochs: usize) -> Self {
        Self::with_display(Display::Hidden, epochs)
    }

    fn with_display(display: Display, epochs: usize) -> Self {
        Self {
            display,
            epochs,
            started: Instant::now(),
            history: History::new(),
            batch_losses: (0.0, 0),
        }
    }
}

/// # Reporting
impl Progress {
    /// Reports the loss of one minibatch: the bar shows the running mean loss of the epoch.
    /// Plain lines show nothing until the epoch ends.
    ///
    /// ```
    /// use adjoint_runtime::progress::Progress;
    /// let mut progress = Progress::hidden(1);
    /// progress.batch(0.5);
    /// progress.batch(0.3);
    /// ```
    pub fn batch(&mut self, loss: f64) {
        let (sum, count) = &mut self.batch_losses;
        *sum += loss;
        *count += 1;
        if let Display::Bar(bar) = &self.display {
            let mut message = format!("running loss {:.4}", *sum / *count as f64);
            let last = self.history.last();
            if let Some(a) = last.and_then(|e| e.test_accuracy()) {
                message.push_str(&format!(" | last test acc {:.1}%", 100.0 * a));
            } else if let Some(a) = last.and_then(|e| e.train_accuracy()) {
                message.push_str(&format!(" | last acc {:.1}%", 100.0 * a));
            }
            bar.set_message(message);
        }
    }

    /// Records an epoch and shows its measurements.
    ///
    /// ```
    /// use adjoint_runtime::history::Epoch;
    /// use adjoint_runtime::progress::Progress;
    /// let mut progress = Progress::hidden(2);
    /// progress.epoch(Epoch::new(1, 0.8).with_train_accuracy(0.6));
    /// assert_eq!(progress.history().last().unwrap().train_accuracy(), Some(0.6));
    /// ```
    pub fn epoch(&mut self, epoch: Epoch) {
        self.batch_losses = (0.0, 0);
        match &mut self.display {
            Display::Bar(bar) => {
                bar.set_message(compact(&epoch));
                bar.inc(1);
            }
            Display::Lines(out) => {
                let line = summary(&epoch, self.epochs, self.started.elapsed());
                // Progress is a courtesy: a closed stdout must not stop the training.
                let _ = writeln!(out, "{line}").and_then(|()| out.flush());
            }
            Display::Hidden => {}
        }
        self.history.push(epoch);
    }

    /// The epochs recorded so far.
    ///
    /// ```
    /// use adjoint_runtime::progress::Progress;
    /// assert_eq!(Progress::hidden(3).history().len(), 0);
    /// ```
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Ends the display (the bar stays on screen, complete) and returns the history.
    ///
    /// ```
    /// use adjoint_runtime::history::Epoch;
    /// use adjoint_runtime::progress::Progress;
    /// let mut progress = Progress::hidden(1);
    /// progress.epoch(Epoch::new(1, 0.1));
    /// assert_eq!(progress.finish().len(), 1);
    /// ```
    pub fn finish(self) -> History {
        if let Display::Bar(bar) = &self.display {
            bar.finish();
        }
        self.history
    }
}

/// `loss 0.1234 acc 97.2% | test loss 0.0987 acc 96.5%`, with what was measured: the bar's
/// short form.
fn compact(epoch: &Epoch) -> String {
    let mut text = format!("loss {:.4}", epoch.train_loss());
    if let Some(a) = epoch.train_accuracy() {
        text.push_str(&format!(" acc {:.1}%", 100.0 * a));
    }
    if epoch.test_loss().is_some() || epoch.test_accuracy().is_some() {
        text.push_str(" | test");
    }
    if let Some(l) = epoch.test_loss() {
        text.push_str(&format!(" loss {l:.4}"));
    }
    if let Some(a) = epoch.test_accuracy() {
        text.push_str(&format!(" acc {:.1}%", 100.0 * a));
    }
    text
}

/// `loss 0.1234 · accuracy 97.2% · test loss 0.0987 · test accuracy 96.5%`, with what was
/// measured.
fn measurements(epoch: &Epoch) -> String {
    let mut parts = vec![format!("loss {:.4}", epoch.train_loss())];
    if let Some(a) = epoch.train_accuracy() {
        parts.push(format!("accuracy {:.1}%", 100.0 * a));
    }
    if let Some(l) = epoch.test_loss() {
        parts.push(format!("test loss {:.4}", l));
    }
    if let Some(a) = epoch.test_accuracy() {
        parts.push(format!("test accuracy {:.1}%", 100.0 * a));
    }
    parts.join(" · ")
}

/// The plain line of an epoch: `epoch  3/20 · loss 0.1234 · … · 1.2 s`.
fn summary(epoch: &Epoch, epochs: usize, elapsed: Duration) -> String {
    let width = epochs.to_string().len();
    format!(
        "epoch {:>width$}/{epochs} · {} · {:.1} s",
        epoch.index(),
        measurements(epoch),
        elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A writer whose output the test can read.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_line_shows_what_was_measured() {
        let e = Epoch::new(3, 0.123456)
            .with_train_accuracy(0.97234)
            .with_test(0.5, 0.9);
        assert_eq!(
            summary(&e, 20, Duration::from_millis(1250)),
            "epoch  3/20 · loss 0.1235 · accuracy 97.2% · test loss 0.5000 · test accuracy 90.0% · 1.2 s"
        );
        assert_eq!(
            summary(&Epoch::new(7, 2.0), 9, Duration::ZERO),
            "epoch 7/9 · loss 2.0000 · 0.0 s"
        );
    }

    #[test]
    fn plain_lines_print_one_line_per_epoch() {
        let out = Shared::default();
        let mut progress = Progress::with_display(Display::Lines(Box::new(out.clone())), 2);
        progress.batch(1.0);
        progress.epoch(Epoch::new(1, 1.0));
        progress.batch(0.5);
        progress.epoch(Epoch::new(2, 0.5).with_test_accuracy(0.75));
        let history = progress.finish();
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].starts_with("epoch 1/2 · loss 1.0000 · "), "{text}");
        assert!(
            lines[1].starts_with("epoch 2/2 · loss 0.5000 · test accuracy 75.0% · "),
            "{text}"
        );
        assert_eq!(history.len(), 2);
    }

    #[test]
    fn a_hidden_bar_counts_epochs_and_keeps_the_history() {
        let bar = ProgressBar::hidden();
        bar.set_length(3);
        let mut progress = Progress::with_display(Display::Bar(bar.clone()), 3);
        progress.batch(0.25);
        progress.batch(0.75);
        assert_eq!(bar.message(), "running loss 0.5000");
        progress.epoch(
            Epoch::new(1, 0.5)
                .with_train_accuracy(0.5)
                .with_test_accuracy(0.25),
        );
        assert_eq!(bar.position(), 1);
        assert_eq!(bar.message(), "loss 0.5000 acc 50.0% | test acc 25.0%");
        progress.batch(0.1);
        assert_eq!(bar.message(), "running loss 0.1000 | last test acc 25.0%");
        assert_eq!(progress.finish().len(), 1);
        assert!(bar.is_finished());
    }
}

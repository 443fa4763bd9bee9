//! The progress bar on standard error: drawn only when standard error is a terminal and
//! `--quiet` is not given, cleared when the work is done so the summary stands alone.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kgraph::progress::{Progress, ProgressSink, Stage};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Set by `--quiet`: no notes, no bar.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Makes every later note and bar silent, or not.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether notes are printed.
pub fn notes_wanted() -> bool {
    !QUIET.load(Ordering::Relaxed)
}

/// Where the library's progress reports go: a bar on a terminal, nowhere otherwise.
pub fn sink() -> ProgressSink {
    match bar() {
        Some(bar) => ProgressSink::to(bar),
        None => ProgressSink::default(),
    }
}

/// A bar, when one is drawn.
pub fn bar() -> Option<Arc<Bar>> {
    (notes_wanted() && std::io::stderr().is_terminal()).then(|| Arc::new(Bar::default()))
}

/// An `indicatif` bar per stage: input bytes with their rate and the time left when the
/// stage knows its bytes, documents (or graphs) when it knows only those, a spinner
/// otherwise.
#[derive(Default)]
pub struct Bar {
    current: Mutex<Option<Current>>,
}

struct Current {
    bar: ProgressBar,
    /// Documents done, shown beside the bytes.
    documents: u64,
    counts_bytes: bool,
}

impl Progress for Bar {
    fn stage(&self, stage: Stage) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(previous) = current.take() {
            previous.bar.finish_and_clear();
        }
        let (length, template) = match (stage.bytes, stage.documents) {
            (Some(bytes), _) => (
                Some(bytes),
                "{prefix} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes}, {msg}, \
                 {decimal_bytes_per_sec}, {eta} left",
            ),
            (None, Some(documents)) => (
                Some(documents),
                "{prefix} [{wide_bar}] {human_pos}/{human_len}, {msg}, {eta} left",
            ),
            (None, None) => (None, "{prefix} {spinner} {elapsed}"),
        };
        let style = ProgressStyle::with_template(template)
            .expect("the templates are valid")
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(length, ProgressDrawTarget::stderr())
            .with_style(style)
            .with_prefix(stage.name)
            .with_message(if stage.bytes.is_some() { "0 docs" } else { "" });
        if length.is_none() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        *current = Some(Current {
            bar,
            documents: 0,
            counts_bytes: stage.bytes.is_some(),
        });
    }

    fn advance(&self, documents: u64, bytes: u64) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(current) = current.as_mut() {
            current.documents += documents;
            if current.counts_bytes {
                current.bar.inc(bytes);
                current
                    .bar
                    .set_message(format!("{} docs", current.documents));
            } else {
                current.bar.inc(documents);
                let rate = current.bar.per_sec();
                current.bar.set_message(format!("{rate:.0}/s"));
            }
        }
    }

    fn finish(&self) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(previous) = current.take() {
            previous.bar.finish_and_clear();
        }
    }
}

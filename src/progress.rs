//! How far long work has gone, told to whoever asks.
//!
//! The library never prints: a build, an extraction or an export reports each stage and
//! each chunk of work it finishes to a [`Progress`] implementation, which the binary
//! draws as a progress bar on a terminal. Reports come once per chunk of documents (or
//! per exported graph), never per token, so an implementation may take a lock.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// A stage of long work and how much of it there is, as far as is known before it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// What the stage does, in a few words ("finding entities").
    pub name: Cow<'static, str>,
    /// Input bytes it reads, when known.
    pub bytes: Option<u64>,
    /// Documents (or, for an export, graphs) it goes through, when known.
    pub documents: Option<u64>,
}

/// Receives progress reports. Implementations must be cheap and must not fail.
pub trait Progress: Send + Sync {
    /// A new stage begins (the previous one, if any, is over).
    fn stage(&self, stage: Stage);
    /// `documents` more documents and `bytes` more input bytes of the current stage are
    /// done.
    fn advance(&self, documents: u64, bytes: u64);
    /// The work is over (the last stage is done).
    fn finish(&self);
}

/// Where progress goes: nowhere (the default), or to a [`Progress`].
#[derive(Clone, Default)]
pub struct ProgressSink(Option<Arc<dyn Progress>>);

impl ProgressSink {
    /// Progress reported to `progress`.
    pub fn to(progress: Arc<dyn Progress>) -> Self {
        ProgressSink(Some(progress))
    }

    /// Whether reports go anywhere (so work done only to report can be skipped).
    pub fn is_reporting(&self) -> bool {
        self.0.is_some()
    }

    /// See [`Progress::stage`].
    pub fn stage(&self, stage: Stage) {
        if let Some(progress) = &self.0 {
            progress.stage(stage);
        }
    }

    /// See [`Progress::advance`].
    pub fn advance(&self, documents: u64, bytes: u64) {
        if let Some(progress) = &self.0 {
            progress.advance(documents, bytes);
        }
    }

    /// See [`Progress::finish`].
    pub fn finish(&self) {
        if let Some(progress) = &self.0 {
            progress.finish();
        }
    }
}

impl fmt::Debug for ProgressSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "ProgressSink(reported)"
        } else {
            "ProgressSink(none)"
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Records every report, for tests of what a stage reports.
    #[derive(Default)]
    pub(crate) struct Recorded {
        pub(crate) events: Mutex<Vec<(Stage, u64, u64)>>,
        pub(crate) finished: Mutex<bool>,
    }

    impl Progress for Recorded {
        fn stage(&self, stage: Stage) {
            self.events.lock().unwrap().push((stage, 0, 0));
        }

        fn advance(&self, documents: u64, bytes: u64) {
            let mut events = self.events.lock().unwrap();
            let last = events.last_mut().expect("advance after a stage");
            last.1 += documents;
            last.2 += bytes;
        }

        fn finish(&self) {
            *self.finished.lock().unwrap() = true;
        }
    }

    #[test]
    fn a_sink_without_progress_ignores_reports() {
        let sink = ProgressSink::default();
        sink.stage(Stage {
            name: "x".into(),
            bytes: None,
            documents: None,
        });
        sink.advance(1, 2);
        sink.finish();
        assert_eq!(format!("{sink:?}"), "ProgressSink(none)");
    }
}

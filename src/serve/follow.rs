//! Serving while a build writes: the endpoint reads the store through a read-only view
//! opened at one moment, so every answer comes from one consistent state. When a build has
//! changed the store folder and the folder has stayed unchanged for a while, a new view is
//! opened; it replaces the old one only if no build is halfway through (the store's
//! unfinished-write and unfinished-load markers), so answers move from one finished build
//! to the next. Queries already running finish on the view they started with.

use crate::KgStore;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

/// How often the store folder is looked at; a changed folder must then stay unchanged for
/// one more look before a new view is opened.
pub const FOLLOW_EVERY: Duration = Duration::from_secs(2);

/// The view of the store that new queries read.
pub(super) struct CurrentStore {
    view: RwLock<Arc<KgStore>>,
}

impl CurrentStore {
    /// Starts with `store`.
    pub(super) fn new(store: KgStore) -> Self {
        Self {
            view: RwLock::new(Arc::new(store)),
        }
    }

    /// The view new queries read.
    pub(super) fn get(&self) -> Arc<KgStore> {
        Arc::clone(&self.view.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn replace(&self, store: KgStore) {
        *self.view.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(store);
    }
}

/// Starts the thread that opens a new view of the on-disk store at `path` after each
/// finished build ([`CurrentStore`]).
pub(super) fn follow(current: Arc<CurrentStore>, path: PathBuf) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("kgraph-serve-follow".to_owned())
        .spawn(move || {
            let mut last = fingerprint(&path);
            let mut changed = false;
            loop {
                std::thread::sleep(FOLLOW_EVERY);
                let now = fingerprint(&path);
                if now != last {
                    last = now;
                    changed = true;
                } else if changed && let Some(store) = finished_view(&path) {
                    current.replace(store);
                    changed = false;
                }
            }
        })
        .map(drop)
}

/// A new read-only view of the store at `path`, if it opens and no build is halfway
/// through writing it.
fn finished_view(path: &Path) -> Option<KgStore> {
    let store = KgStore::open_read_only(path).ok()?;
    let unfinished = store.has_unfinished_write().ok()? || store.has_unfinished_load().ok()?;
    (!unfinished).then_some(store)
}

/// The store folder's files with their sizes and modification times: RocksDB writes new
/// files and grows its log and manifest as a build goes on.
fn fingerprint(path: &Path) -> Vec<(std::ffi::OsString, u64, Option<SystemTime>)> {
    let mut files: Vec<_> = std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let metadata = entry.metadata().ok()?;
            Some((entry.file_name(), metadata.len(), metadata.modified().ok()))
        })
        .collect();
    files.sort();
    files
}

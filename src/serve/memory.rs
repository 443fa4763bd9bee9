//! The endpoint's memory guard: while the memory in use is above the limit, running
//! queries are stopped, the one running longest first (then, a check later, the next), so
//! one query that materialises too much (a sort or a join of millions of rows) cannot take
//! the whole server down, and the short queries beside it usually finish.
//!
//! What "in use" means is [`super::ServeOptions::memory_in_use`]: by default the process's
//! resident memory, which the C allocator does not always give back after a large query;
//! the `kgraph` binary counts its live heap instead (an allocator wrapper), which falls as
//! soon as a stopped query's rows are freed.

use crate::query::QueryStop;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How often the guard looks at the process's memory.
const CHECK_EVERY: Duration = Duration::from_millis(50);

/// The queries running now, each with the handle that stops it.
#[derive(Default)]
pub(super) struct RunningQueries {
    next: Mutex<(u64, BTreeMap<u64, QueryStop>)>,
}

impl RunningQueries {
    /// Registers a query about to run; it stays registered while the guard lives.
    pub(super) fn enter(self: &Arc<Self>) -> RunningQuery {
        let stop = QueryStop::default();
        let mut guard = self.next.lock().unwrap_or_else(PoisonError::into_inner);
        let (next, running) = &mut *guard;
        let id = *next;
        *next += 1;
        running.insert(id, stop.clone());
        RunningQuery {
            queries: Arc::clone(self),
            id,
            stop,
        }
    }

    /// Stops the query running longest that is not stopped yet, with `reason`; returns
    /// whether there was one.
    fn stop_oldest(&self, reason: &str) -> bool {
        let guard = self.next.lock().unwrap_or_else(PoisonError::into_inner);
        let oldest = guard.1.values().find(|stop| !stop.is_stopped());
        oldest.inspect(|stop| stop.stop(reason)).is_some()
    }
}

/// A registered query; dropping it deregisters it.
pub(super) struct RunningQuery {
    queries: Arc<RunningQueries>,
    id: u64,
    /// Stops this query.
    pub(super) stop: QueryStop,
}

impl Drop for RunningQuery {
    fn drop(&mut self) {
        self.queries
            .next
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .1
            .remove(&self.id);
    }
}

/// Starts the thread that stops running queries, the one running longest first, while
/// `in_use()` is above `limit` bytes. Where `in_use` cannot measure (`None`), it does
/// nothing.
pub(super) fn guard(
    queries: Arc<RunningQueries>,
    in_use: fn() -> Option<u64>,
    limit: u64,
) -> std::io::Result<()> {
    if in_use().is_none() {
        return Ok(());
    }
    std::thread::Builder::new()
        .name("kgraph-serve-memory".to_owned())
        .spawn(move || {
            loop {
                std::thread::sleep(CHECK_EVERY);
                if let Some(used) = in_use().filter(|&bytes| bytes > limit) {
                    queries.stop_oldest(&format!(
                        "kgraph serve is short of memory ({} MB in use, the limit is {} MB); \
                         narrow the query (LIMIT, more specific patterns) or try again later",
                        used >> 20,
                        limit >> 20
                    ));
                }
            }
        })
        .map(drop)
}

/// The process's resident memory (`VmRSS` in `/proc/self/status`), if readable (Linux).
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kilobytes: u64 = line
        .trim_start_matches("VmRSS:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kilobytes * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resident_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            let bytes = resident_bytes().expect("VmRSS is readable");
            assert!(bytes > 1 << 20, "{bytes}");
        }
    }

    #[test]
    fn queries_are_stopped_the_one_running_longest_first() {
        let queries = Arc::new(RunningQueries::default());
        let first = queries.enter();
        let second = queries.enter();
        let third = queries.enter();
        assert!(queries.stop_oldest("short of memory"));
        assert!(first.stop.is_stopped() && !second.stop.is_stopped());
        drop(second);
        assert!(queries.stop_oldest("short of memory"));
        assert!(third.stop.is_stopped());
        assert!(!queries.stop_oldest("short of memory"));
        drop((first, third));
        assert!(!queries.stop_oldest("short of memory"));
    }
}

//! One fuzz input through kgraph's query path, as `kgraph query` and `kgraph serve` run
//! it: [`PreparedQuery::parse`] (the shape check, then the SPARQL parser with the
//! predeclared prefixes), then evaluation on the seeds' graph (union default graph,
//! SERVICE refused) with a short timeout and a result limit, writing the results in every
//! format the query's kind has.
//!
//! Shared by the fuzz target (`fuzz/fuzz_targets/query.rs`, which includes this file)
//! and by `tests/query_robustness.rs`, which replays the example queries, the fuzz seeds
//! and the inputs the fuzzer once broke, so both run exactly the same code.
//!
//! An input is the query text; bytes that are not UTF-8 become U+FFFD. Every
//! [`QueryError`] is a designed answer (the endpoint's 400, 500 or 503). What the target
//! reports is a panic, or a query that runs far past its timeout.

use kgraph::query::{Limits, PreparedQuery, QueryError, QueryKind, ResultFormat};
use kgraph::{BuildOptions, Input, KgStore};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// How long one evaluation may run before the query is stopped.
pub const TIMEOUT: Duration = Duration::from_millis(100);

/// Results (rows or triples) one evaluation may return: the seeds' store has 979 quads,
/// so `SELECT * { ?s ?p ?o }` is refused after a hundred of them.
pub const MAX_RESULTS: usize = 100;

/// How long parsing and one evaluation may take in all before the input counts as a
/// hang: twenty times the timeout, which leaves room for a busy machine but not for
/// work that ignores the timeout.
pub const SLOW: Duration = Duration::from_secs(2);

/// The seed articles, built into the store every input is asked of.
const SEEDS: &[(&str, &str)] = &[
    (
        "000_a57ef51889807de0.txt",
        include_str!("../../seeds/000_a57ef51889807de0.txt"),
    ),
    (
        "002_97e05d8b0b00d330.txt",
        include_str!("../../seeds/002_97e05d8b0b00d330.txt"),
    ),
];

/// The seeds' knowledge graph in memory, built once per process by the library's own
/// pipeline (as `kgraph build seeds` builds it).
static STORE: LazyLock<KgStore> = LazyLock::new(|| {
    let folder = tempfile::tempdir().expect("a temporary folder for the seeds");
    for (name, text) in SEEDS {
        std::fs::write(folder.path().join(name), text).expect("the seeds are written");
    }
    let options = BuildOptions {
        jobs: Some(1),
        ..BuildOptions::default()
    };
    let store = KgStore::in_memory().expect("an in-memory store");
    let inputs = [Input::Path(folder.path().to_owned())];
    let report = kgraph::build(&store, &inputs, &options).expect("the seeds build");
    assert_eq!(report.documents_written, SEEDS.len(), "{:?}", report.errors);
    store
});

/// The formats a kind of result is written in: every one `kgraph query` and the
/// endpoint offer.
pub fn formats(kind: QueryKind) -> &'static [ResultFormat] {
    match kind {
        QueryKind::Solutions | QueryKind::Boolean => &[
            ResultFormat::Table,
            ResultFormat::Csv,
            ResultFormat::Tsv,
            ResultFormat::Json,
            ResultFormat::Xml,
        ],
        QueryKind::Graph => &[
            ResultFormat::Turtle,
            ResultFormat::NTriples,
            ResultFormat::RdfXml,
        ],
    }
}

/// What one query text got.
#[derive(Debug)]
pub enum Answer {
    /// Refused before evaluation: too long or deep, a syntax error, an update.
    Refused(QueryError),
    /// Evaluated once per format of its kind (and, for CONSTRUCT and DESCRIBE, once more
    /// through [`PreparedQuery::triples`], as `export --construct` runs it): what each
    /// run answered, the bytes written or the error. Runs stop after the first timeout,
    /// since every later one would time out too.
    Ran(QueryKind, Vec<Result<usize, QueryError>>),
}

/// Runs one input through the query path.
///
/// # Errors
/// A description of the broken promise: parsing and one evaluation took longer than
/// [`SLOW`] (a panic is not caught: it is the other failure).
pub fn run(data: &[u8]) -> Result<Answer, String> {
    let text = String::from_utf8_lossy(data);
    let store = &*STORE;
    let timed = |what: &str, started: Instant| {
        let elapsed = started.elapsed();
        if elapsed > SLOW {
            Err(format!(
                "{what} took {elapsed:?} with a timeout of {TIMEOUT:?}\nquery: {text:?}"
            ))
        } else {
            Ok(())
        }
    };
    let started = Instant::now();
    let kind = match PreparedQuery::parse(store, &text) {
        Ok(prepared) => prepared.kind(),
        Err(refused) => {
            timed("parsing", started)?;
            return Ok(Answer::Refused(refused));
        }
    };
    timed("parsing", started)?;
    let limits = Limits {
        timeout: Some(TIMEOUT),
        max_results: Some(MAX_RESULTS),
    };
    let mut answers = Vec::new();
    let mut runs: Vec<Option<ResultFormat>> = formats(kind).iter().copied().map(Some).collect();
    if kind == QueryKind::Graph {
        runs.push(None);
    }
    for format in runs {
        let started = Instant::now();
        let prepared = PreparedQuery::parse(store, &text)
            .map_err(|e| format!("the query parsed once, then not: {e}\nquery: {text:?}"))?;
        let answer = match format {
            Some(format) => {
                let mut out = Vec::new();
                prepared
                    .run(store, format, limits, &mut out)
                    .map(|()| out.len())
            }
            None => prepared.triples(store, limits).map(|triples| triples.len()),
        };
        timed(&format!("the run as {format:?}"), started)?;
        let timed_out = matches!(answer, Err(QueryError::Timeout(_)));
        answers.push(answer);
        if timed_out {
            break;
        }
    }
    Ok(Answer::Ran(kind, answers))
}

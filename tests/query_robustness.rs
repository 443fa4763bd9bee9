//! The query path never panics and never runs far past its timeout, whatever the text:
//! the example queries, the query fuzz target's seeds (hostile queries among them) and
//! every input the fuzzer once broke, through exactly the code the fuzz target runs
//! (`tests/fuzzing/query.rs`).

#[path = "fuzzing/query.rs"]
mod fuzzing;

use fuzzing::Answer;
use kgraph::query::QueryError;
use std::path::{Path, PathBuf};

/// A short name for what a query got, for the table below.
fn summary(answer: &Answer) -> String {
    let name = |error: &QueryError| {
        match error {
            QueryError::TooComplex(_) => "too complex",
            QueryError::Syntax { .. } => "syntax error",
            QueryError::Invalid(_) => "invalid",
            QueryError::Evaluation(_) => "evaluation error",
            QueryError::Timeout(_) => "timeout",
            QueryError::UpdateRefused => "update refused",
            QueryError::ServiceRefused(_) => "service refused",
            QueryError::TooManyResults(_) => "too many results",
            QueryError::Io(_) => "io error",
            QueryError::Stopped(_) => "stopped",
        }
        .to_owned()
    };
    match answer {
        Answer::Refused(error) => name(error),
        Answer::Ran(_, runs) => {
            let mut names: Vec<String> = runs
                .iter()
                .map(|run| match run {
                    Ok(_) => "answered".to_owned(),
                    Err(error) => name(error),
                })
                .collect();
            names.dedup();
            names.join(", ")
        }
    }
}

/// The files of a folder, sorted, without its README.
fn inputs(folder: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_none_or(|e| e != "md"))
        .collect();
    paths.sort();
    paths
}

/// Runs one input, failing with its name on a broken promise.
fn answer(path: &Path) -> Answer {
    let data = std::fs::read(path).unwrap();
    fuzzing::run(&data).unwrap_or_else(|broken| panic!("{}: {broken}", path.display()))
}

/// Every example query answers in every format within the fuzz target's limits.
#[test]
fn example_queries_answer_in_every_format() {
    let examples = inputs("queries");
    assert!(
        examples.len() >= 6,
        "only {} example queries",
        examples.len()
    );
    for path in examples {
        match answer(&path) {
            Answer::Ran(kind, runs) => {
                assert_eq!(
                    runs.len(),
                    fuzzing::formats(kind).len(),
                    "{}",
                    path.display()
                );
                for run in runs {
                    if let Err(error) = run {
                        panic!("{}: {error}", path.display());
                    }
                }
            }
            Answer::Refused(error) => panic!("{}: {error}", path.display()),
        }
    }
}

/// What each seed of the fuzz target (`fuzz/seeds/query/`) gets (`a | b`: either): hostile
/// queries get a designed error, never a panic, a crash or a run past the timeout.
const SEEDS: &[(&str, &str)] = &[
    ("ask-formats.rq", "answered"),
    ("bad-iri.rq", "syntax error"),
    // Cartesian products of the store with itself: each would run for hours.
    ("cartesian-ask-filter.rq", "timeout"),
    ("cartesian-construct.rq", "too many results"),
    ("cartesian-count.rq", "timeout"),
    ("cartesian-group-distinct.rq", "timeout"),
    ("cartesian-order-by.rq", "timeout"),
    ("comment-only.rq", "syntax error"),
    ("construct-blank-nodes.rq", "answered"),
    ("dates.rq", "answered"),
    ("describe-everything.rq", "too many results"),
    ("describe-iri.rq", "answered"),
    ("empty.rq", "syntax error"),
    ("graph-and-from.rq", "answered"),
    ("iri-function.rq", "answered"),
    ("lang-and-datatypes.rq", "answered"),
    // Just inside the limits of src/query/shape.rs.
    ("limit-bind-chain.rq", "answered"),
    ("limit-expression-chain.rq", "answered"),
    // Planning these takes about the timeout: answered or stopped, by the machine's speed.
    ("limit-optional-chain.rq", "answered | timeout"),
    ("limit-star-patterns.rq", "answered | timeout"),
    ("limit-union-chain.rq", "answered"),
    ("lone-surrogate.rq", "syntax error"),
    ("nesting-past-limit.rq", "too complex"),
    ("nesting-under-limit.rq", "answered"),
    ("nul-and-controls.rq", "answered"),
    ("numbers.rq", "answered"),
    ("odd-unicode.rq", "answered"),
    ("optional-chain.rq", "too complex"),
    ("optional-minus-exists.rq", "answered"),
    // Past them: each aborted the process with a stack overflow, or planned for minutes.
    ("past-limit-expression-chain.rq", "too complex"),
    ("past-limit-in-list.rq", "too complex"),
    ("past-limit-path-steps.rq", "too complex"),
    ("past-limit-patterns.rq", "too complex"),
    ("past-limit-union-chain.rq", "too complex"),
    ("path-long-sequence.rq", "too complex"),
    ("path-star-both-ends-bound.rq", "answered"),
    ("path-star-count.rq", "timeout"),
    ("path-star.rq", "answered"),
    ("redefined-prefix.rq", "answered"),
    ("regex-bad.rq", "answered"),
    ("regex-hostile.rq", "answered"),
    ("relative-iri.rq", "syntax error"),
    ("service-silent.rq", "service refused"),
    ("service-variable.rq", "service refused"),
    ("service.rq", "service refused"),
    // Doubled 40 times, the string would be 16 TB: memory ran out. Doubling stops at
    // 16 MiB now (vendor/spareval/KGRAPH.md), about as long as the timeout takes.
    ("string-doubling.rq", "answered | timeout"),
    ("subqueries-and-aggregates.rq", "answered"),
    ("triple-terms.rq", "syntax error"),
    ("union-chain.rq", "too complex"),
    ("unknown-prefix.rq", "syntax error"),
    ("update-delete-where.ru", "update refused"),
    ("update-insert.ru", "update refused"),
    ("update-load-clear.ru", "update refused"),
    ("values-huge.rq", "timeout"),
    ("values-undef.rq", "answered"),
];

#[test]
fn fuzz_seeds_get_their_designed_answers() {
    let seeds = inputs("fuzz/seeds/query");
    let names: Vec<String> = seeds
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let listed: Vec<&str> = SEEDS.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, listed, "every seed is listed once, in file order");
    let mut failures = Vec::new();
    for (path, (name, expected)) in seeds.iter().zip(SEEDS) {
        let got = summary(&answer(path));
        if !expected.split(" | ").any(|one| one == got) {
            failures.push(format!("{name}: expected {expected}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Inputs the fuzzer once broke (`tests/data/query-fuzz-regressions/`): each gets an
/// answer or a designed error.
#[test]
fn query_fuzz_regressions_stay_fixed() {
    for path in inputs("tests/data/query-fuzz-regressions") {
        answer(&path);
    }
}

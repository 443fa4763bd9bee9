//! Arbitrary text through kgraph's query path: parse (shape check, SPARQL parser with the
//! predeclared prefixes), then evaluation on the seeds' graph with a 100 ms timeout and a
//! result limit, in every result format of the query's kind. Fails on a panic and on a
//! run far past its timeout; see `tests/fuzzing/query.rs`.

#![no_main]

#[path = "../../tests/fuzzing/query.rs"]
#[allow(
    dead_code,
    reason = "what each run answered is read by tests/query_robustness.rs"
)]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(broken) = fuzzing::run(data) {
        panic!("{broken}");
    }
});

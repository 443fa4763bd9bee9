//! End-to-end tests of kgraph's limits on hostile queries, with the real binary.

#[allow(
    dead_code,
    reason = "the shared helpers serve every test file; this one uses a few"
)]
mod util;

use std::io::{Read, Write};
use util::Workspace;

/// A SELECT whose group patterns nest `depth` deep: far past the limit, it overflowed the
/// parser's stack and aborted the process.
fn deep_query(depth: usize) -> String {
    format!(
        "SELECT * WHERE {{ {} ?s ?p ?o {} }} LIMIT 1",
        "{".repeat(depth),
        "}".repeat(depth)
    )
}

/// POSTs `query` to `url`/sparql and returns the status code and body.
fn post(url: &str, query: &str) -> (u16, String) {
    let address = url.strip_prefix("http://").unwrap();
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /sparql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/sparql-query\r\n\
         Accept: text/tab-separated-values\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{query}",
        query.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_owned());
    (status, body)
}

#[test]
fn a_deeply_nested_query_is_refused_and_everything_keeps_running() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    ws.write("deep.rq", deep_query(20_000));
    let run = ws.run(&["query", "-f", "deep.rq"]).expect_code(1);
    assert!(
        run.stderr.contains("nests brackets more than 128 deep"),
        "{}",
        run.stderr
    );
    // An ordinary nesting still answers.
    let ok = ws.ok(&["query", &deep_query(20), "--format", "tsv"]);
    assert_eq!(ok.stdout.lines().count(), 2, "{}", ok.stdout);

    let served = ws.serve(&[]);
    let (status, body) = post(&served.url, &deep_query(20_000));
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("nests brackets"), "{body}");
    // The server is still there and answers the next request.
    let (status, body) = post(&served.url, "SELECT ?s { ?s a schema:Person } LIMIT 2");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.lines().count(), 3, "{body}");
}

//! End-to-end tests of kgraph's designed limits, with the real binary: hostile queries,
//! slow and oversized requests, load on the endpoint, and serving while building.

#[allow(
    dead_code,
    reason = "the shared helpers serve every test file; this one uses a few"
)]
mod util;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;
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

/// How long a test waits for an answer before it calls the server hung.
const HUNG: Duration = Duration::from_secs(30);

/// A connection to the server at `url` (`http://HOST:PORT`) that gives up after [`HUNG`].
fn connect(url: &str) -> TcpStream {
    let stream = TcpStream::connect(url.strip_prefix("http://").unwrap()).unwrap();
    stream.set_read_timeout(Some(HUNG)).unwrap();
    stream
}

/// Reads an HTTP response to its end (the requests here all close): status, headers, body.
fn read_response(stream: &mut TcpStream) -> (u16, String, String) {
    let mut response = Vec::new();
    if let Err(e) = stream.read_to_end(&mut response) {
        assert!(
            e.kind() != std::io::ErrorKind::WouldBlock && e.kind() != std::io::ErrorKind::TimedOut,
            "no answer within {HUNG:?}"
        );
    }
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_owned())
}

/// POSTs `query` to `url`/sparql and returns the status code and body.
fn post(url: &str, query: &str) -> (u16, String) {
    let (status, _, body) = post_with_headers(url, query);
    (status, body)
}

/// POSTs `query` to `url`/sparql and returns the status code, headers and body.
fn post_with_headers(url: &str, query: &str) -> (u16, String, String) {
    let mut stream = connect(url);
    write!(
        stream,
        "POST /sparql HTTP/1.1\r\nHost: kgraph\r\nContent-Type: application/sparql-query\r\n\
         Accept: text/tab-separated-values\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{query}",
        query.len()
    )
    .unwrap();
    read_response(&mut stream)
}

/// A query that computes for hours on the seeds store without reading it much: a cartesian
/// product of four triple patterns, counted.
const CARTESIAN: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";

/// An ordinary query with two rows.
const TWO_PEOPLE: &str = "SELECT ?s { ?s a schema:Person } LIMIT 2";

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
    let (status, body) = post(&served.url, TWO_PEOPLE);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.lines().count(), 3, "{body}");
}

#[test]
fn a_cpu_bound_query_stops_at_its_timeout_and_frees_its_slot() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    // One query slot: the next query is answered only if the first one really stopped.
    let served = ws.serve(&["--timeout", "1", "--max-queries", "1"]);
    let (status, body) = post(&served.url, CARTESIAN);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("stopped after the 1s timeout"), "{body}");
    let (status, body) = post(&served.url, TWO_PEOPLE);
    assert_eq!(status, 200, "{body}");
}

#[test]
fn a_query_past_the_limit_of_concurrent_queries_is_answered_503_at_once() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let served = ws.serve(&["--timeout", "8", "--max-queries", "1"]);
    let url = served.url.clone();
    let running = std::thread::spawn(move || post(&url, CARTESIAN));
    // The first query holds the one slot for 8 s; this one comes a second into them.
    std::thread::sleep(Duration::from_secs(1));
    let (status, head, body) = post_with_headers(&served.url, TWO_PEOPLE);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("answering 1 queries, its limit"), "{body}");
    assert!(head.contains("retry-after: 1"), "{head}");
    assert_eq!(running.join().unwrap().0, 503);
    // The query page needs no query slot.
    let mut stream = connect(&served.url);
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: kgraph\r\nConnection: close\r\n\r\n")
        .unwrap();
    assert_eq!(read_response(&mut stream).0, 200);
}

/// Requests that stall, or are too large: each is answered or dropped by the server's own
/// limits (`--client-timeout 1`), never after a query timeout or the operating system's.
#[test]
fn slow_and_oversized_requests_are_dropped_or_refused() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let served = ws.serve(&["--client-timeout", "1", "--timeout", "600"]);
    let cases: [(&str, Vec<u8>, u16); 5] = [
        (
            "headers that never end",
            b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: kgraph\r\n".to_vec(),
            0,
        ),
        (
            "a body shorter than its length",
            b"POST /sparql HTTP/1.1\r\nHost: kgraph\r\nContent-Type: application/sparql-query\r\n\
              Content-Length: 100\r\n\r\nASK {"
                .to_vec(),
            408,
        ),
        (
            "a body over 1 MiB",
            format!(
                "POST /sparql HTTP/1.1\r\nHost: kgraph\r\nContent-Type: application/sparql-query\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{}",
                (1 << 20) + 1,
                "#".repeat((1 << 20) + 1)
            )
            .into_bytes(),
            413,
        ),
        (
            "headers over 64 KiB",
            format!(
                "GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: kgraph\r\nX-Padding: {}\r\n\r\n",
                "x".repeat(70_000)
            )
            .into_bytes(),
            431,
        ),
        (
            "an idle kept-alive connection after one answer",
            b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: kgraph\r\n\r\n".to_vec(),
            200,
        ),
    ];
    for (case, request, expected) in cases {
        let mut stream = connect(&served.url);
        // The server may answer and close before it has read everything.
        let _ = stream.write_all(&request);
        let (status, _, body) = read_response(&mut stream);
        assert_eq!(status, expected, "{case}: {body}");
    }
}

#[test]
fn a_connection_past_the_limit_is_answered_503_and_closed() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let served = ws.serve(&["--max-connections", "2"]);
    let idle: Vec<TcpStream> = (0..2).map(|_| connect(&served.url)).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut third = connect(&served.url);
    let (status, head, body) = read_response(&mut third);
    assert_eq!(status, 503, "{body}");
    assert!(head.contains("retry-after: 1"), "{head}");
    assert!(body.contains("too many open connections"), "{body}");
    drop(idle);
    // Once the server has seen the idle connections close, a new one is answered.
    let waited = std::time::Instant::now();
    loop {
        let (status, body) = post(&served.url, TWO_PEOPLE);
        if status == 200 {
            break;
        }
        assert!(status == 503 && waited.elapsed() < HUNG, "{status}: {body}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_query_that_takes_too_much_memory_is_stopped_and_the_server_answers_on() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let served = ws.serve(&["--max-memory", "100", "--timeout", "600"]);
    // Sorting a cartesian product of three triple patterns collects billions of rows.
    let sorted = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?i LIMIT 1";
    let (status, head, body) = post_with_headers(&served.url, sorted);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("short of memory"), "{body}");
    assert!(head.contains("retry-after: 1"), "{head}");
    let (status, body) = post(&served.url, TWO_PEOPLE);
    assert_eq!(status, 200, "{body}");
}

/// How many documents the endpoint at `url` sees.
fn documents_served(url: &str) -> usize {
    let (status, body) = post(url, "SELECT (COUNT(?d) AS ?n) { ?d a kgo:Document }");
    assert_eq!(status, 200, "{body}");
    body.lines()
        .nth(1)
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
fn serve_answers_from_finished_builds_while_a_build_adds_documents() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let served = ws.serve(&[]);
    assert_eq!(documents_served(&served.url), 2);
    ws.write(
        "seeds/003_added.txt",
        "Maria Lopez, the mayor of Lima, met officials of the World Bank in Lima on Monday.\n",
    );
    std::thread::scope(|scope| {
        let build = scope.spawn(|| ws.ok(&["build", "seeds"]));
        // While the build writes, every answer comes from a finished build.
        while !build.is_finished() {
            let seen = documents_served(&served.url);
            assert!(seen == 2 || seen == 3, "{seen} documents");
        }
        build.join().unwrap();
    });
    // A few looks at the folder later, the endpoint reads the new build, with no restart.
    let waited = std::time::Instant::now();
    while documents_served(&served.url) != 3 {
        assert!(waited.elapsed() < HUNG, "the new document never showed");
        std::thread::sleep(Duration::from_millis(200));
    }
}

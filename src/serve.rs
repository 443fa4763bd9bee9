//! A read-only SPARQL 1.1 Protocol endpoint over the store.
//!
//! `GET /sparql?query=...`, `POST /sparql` with `application/x-www-form-urlencoded`
//! (`query=...`) or `application/sparql-query`; results by content negotiation (`Accept`):
//! SELECT and ASK as SPARQL JSON (default), XML, CSV or TSV, CONSTRUCT and DESCRIBE as
//! Turtle (default), N-Triples or RDF/XML. Queries run through [`crate::query`] (predeclared
//! prefixes, the union of all graphs as the default graph, a timeout) with a limit on the
//! number of results. Updates and SERVICE are refused. `GET /` is a small HTML page to type
//! a query in.
//!
//! Every request is answered by [`respond`], a plain function from request to response;
//! [`Endpoint::start`] binds it to a socket with `oxhttp` (one thread per connection, at
//! most [`ServeOptions::max_connections`] at once).

use crate::KgStore;
use crate::query::{Limits, PreparedQuery, QueryError, QueryKind, ResultFormat};
use oxhttp::Server;
use oxhttp::model::header::{ACCEPT, ALLOW, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

/// The largest request body read (a query text or a form).
const MAX_BODY: u64 = 1 << 20;

/// How the endpoint answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeOptions {
    /// Timeout and result limit of every query.
    pub limits: Limits,
    /// Connections served at once (one thread each); more wait for a free slot.
    pub max_connections: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            limits: Limits {
                timeout: Some(Duration::from_secs(30)),
                max_results: Some(10_000),
            },
            max_connections: 16,
        }
    }
}

/// What can go wrong when starting the endpoint.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address cannot be listened on (in use, not local, no permission).
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// A running endpoint.
pub struct Endpoint {
    address: SocketAddr,
    server: oxhttp::ListeningServer,
}

impl Endpoint {
    /// Starts answering on `address` (port 0 picks a free port; see [`Endpoint::address`]).
    ///
    /// # Errors
    /// [`ServeError::Bind`] when the address cannot be listened on.
    pub fn start(
        store: KgStore,
        address: SocketAddr,
        options: ServeOptions,
    ) -> Result<Self, ServeError> {
        let bind_error = |source| ServeError::Bind { address, source };
        // oxhttp does not report the port it bound, so resolve port 0 here first.
        let address = {
            let probe = TcpListener::bind(address).map_err(bind_error)?;
            probe.local_addr().map_err(bind_error)?
        };
        let store = Arc::new(store);
        let io_timeout = options
            .limits
            .timeout
            .unwrap_or(Duration::from_secs(300))
            .saturating_add(Duration::from_secs(60));
        let server = Server::new(move |request| respond(&store, &options, request))
            .with_server_name(concat!("kgraph/", env!("CARGO_PKG_VERSION")))
            .expect("the server name is a valid header")
            .with_global_timeout(io_timeout)
            .with_max_concurrent_connections(options.max_connections.max(1))
            .bind(address)
            .spawn()
            .map_err(bind_error)?;
        Ok(Self { address, server })
    }

    /// The address the endpoint listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until the process ends.
    ///
    /// # Errors
    /// When the listening thread failed.
    pub fn join(self) -> std::io::Result<()> {
        self.server.join()
    }
}

/// Answers one HTTP request.
pub fn respond(
    store: &KgStore,
    options: &ServeOptions,
    request: &mut Request<Body>,
) -> Response<Body> {
    match (request.uri().path(), request.method()) {
        ("/", &Method::GET | &Method::HEAD) => response(
            StatusCode::OK,
            "text/html; charset=utf-8",
            PAGE.as_bytes().to_vec(),
        ),
        ("/sparql", &Method::GET | &Method::POST) => match query_of(request) {
            Ok(text) => answer(store, options, request, &text),
            Err((status, message)) => error(status, &message),
        },
        ("/" | "/sparql", _) => {
            let mut refused = error(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!("{} is not allowed here: use GET or POST", request.method()),
            );
            refused
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("GET, POST"));
            refused
        }
        (path, _) => error(
            StatusCode::NOT_FOUND,
            &format!("nothing at {path}: the SPARQL endpoint is /sparql, a query page is /"),
        ),
    }
}

type Refusal = (StatusCode, String);

/// The query text of a SPARQL Protocol request.
fn query_of(request: &mut Request<Body>) -> Result<String, Refusal> {
    let bad = |message: &str| (StatusCode::BAD_REQUEST, message.to_owned());
    let mut parameters = decode_form(request.uri().query().unwrap_or(""));
    if request.method() == Method::POST {
        let media = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let mut body = Vec::new();
        request
            .body_mut()
            .take(MAX_BODY + 1)
            .read_to_end(&mut body)
            .map_err(|e| bad(&format!("cannot read the request body: {e}")))?;
        if body.len() as u64 > MAX_BODY {
            return Err((
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body is larger than {MAX_BODY} bytes"),
            ));
        }
        let body = String::from_utf8(body).map_err(|_| bad("the request body is not UTF-8"))?;
        match media.as_str() {
            "application/sparql-query" => parameters.push(("query".to_owned(), body)),
            "application/x-www-form-urlencoded" => parameters.extend(decode_form(&body)),
            "application/sparql-update" => return Err(bad(&QueryError::UpdateRefused.to_string())),
            other => {
                return Err((
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "cannot read a POST body of type {other:?}: send application/sparql-query or application/x-www-form-urlencoded"
                    ),
                ));
            }
        }
    }
    let mut queries = Vec::new();
    for (name, value) in parameters {
        match name.as_str() {
            "query" => queries.push(value),
            "update" | "using-graph-uri" | "using-named-graph-uri" => {
                return Err(bad(&QueryError::UpdateRefused.to_string()));
            }
            "default-graph-uri" | "named-graph-uri" => {
                return Err(bad(&format!(
                    "{name} is not supported: the default graph is the union of all graphs; use GRAPH <iri> {{ ... }} in the query"
                )));
            }
            _ => {}
        }
    }
    match queries.len() {
        1 => Ok(queries.pop().expect("one query")),
        0 => Err(bad(
            "no query: pass query=... (GET or a form POST) or POST application/sparql-query; GET / has a query page",
        )),
        _ => Err(bad("more than one query parameter")),
    }
}

/// Runs the query and writes its results in the negotiated format.
fn answer(
    store: &KgStore,
    options: &ServeOptions,
    request: &Request<Body>,
    text: &str,
) -> Response<Body> {
    let prepared = match PreparedQuery::parse(store, text) {
        Ok(prepared) => prepared,
        Err(e) => return query_error(&e),
    };
    let accept = request
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*/*");
    let kind = prepared.kind();
    let Some(format) = negotiate(accept, kind) else {
        let offered: Vec<&str> = offers(kind).iter().map(|(media, _)| *media).collect();
        return error(
            StatusCode::NOT_ACCEPTABLE,
            &format!(
                "cannot answer this query as {accept:?}; available: {}",
                offered.join(", ")
            ),
        );
    };
    let mut body = Vec::new();
    match prepared.run(store, format, options.limits, &mut body) {
        Ok(()) => response(StatusCode::OK, media_type(format), body),
        Err(e) => query_error(&e),
    }
}

/// The status for a query error.
fn query_error(e: &QueryError) -> Response<Body> {
    let status = match e {
        QueryError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
        QueryError::Evaluation(_) | QueryError::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
        QueryError::Syntax { .. }
        | QueryError::TooComplex(_)
        | QueryError::Invalid(_)
        | QueryError::UpdateRefused
        | QueryError::ServiceRefused(_)
        | QueryError::TooManyResults(_) => StatusCode::BAD_REQUEST,
    };
    error(status, &e.to_string())
}

/// The media types offered for a kind of result, the default first.
fn offers(kind: QueryKind) -> &'static [(&'static str, ResultFormat)] {
    match kind {
        QueryKind::Solutions | QueryKind::Boolean => &[
            ("application/sparql-results+json", ResultFormat::Json),
            ("application/json", ResultFormat::Json),
            ("application/sparql-results+xml", ResultFormat::Xml),
            ("application/xml", ResultFormat::Xml),
            ("text/xml", ResultFormat::Xml),
            ("text/csv", ResultFormat::Csv),
            ("text/tab-separated-values", ResultFormat::Tsv),
        ],
        QueryKind::Graph => &[
            ("text/turtle", ResultFormat::Turtle),
            ("application/x-turtle", ResultFormat::Turtle),
            ("application/n-triples", ResultFormat::NTriples),
            ("text/plain", ResultFormat::NTriples),
            ("application/rdf+xml", ResultFormat::RdfXml),
        ],
    }
}

/// The media type a format is sent as.
fn media_type(format: ResultFormat) -> &'static str {
    match format {
        ResultFormat::Json => "application/sparql-results+json",
        ResultFormat::Xml => "application/sparql-results+xml",
        ResultFormat::Csv => "text/csv; charset=utf-8",
        ResultFormat::Tsv => "text/tab-separated-values; charset=utf-8",
        ResultFormat::Turtle => "text/turtle",
        ResultFormat::NTriples => "application/n-triples",
        ResultFormat::RdfXml => "application/rdf+xml",
        ResultFormat::Table => "text/plain; charset=utf-8",
    }
}

/// The best format for an `Accept` header: highest quality, then the client's order, then
/// ours; wildcards match our default. `None` when nothing offered is acceptable.
fn negotiate(accept: &str, kind: QueryKind) -> Option<ResultFormat> {
    let offered = offers(kind);
    let mut best: Option<(f32, ResultFormat)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if quality <= 0.0 {
            continue;
        }
        let found = if media == "*/*" || media.is_empty() {
            Some(offered[0].1)
        } else if let Some(kind) = media.strip_suffix("/*") {
            offered
                .iter()
                .find(|(m, _)| m.split('/').next() == Some(kind))
                .map(|(_, f)| *f)
        } else {
            offered.iter().find(|(m, _)| *m == media).map(|(_, f)| *f)
        };
        if let Some(format) = found
            && best.is_none_or(|(q, _)| quality > q)
        {
            best = Some((quality, format));
        }
    }
    best.map(|(_, format)| format)
}

/// Decodes `application/x-www-form-urlencoded` text (also a URL's query string).
fn decode_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn response(status: StatusCode, media: &'static str, body: Vec<u8>) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, media)
        .body(Body::from(body))
        .expect("a valid response")
}

fn error(status: StatusCode, message: &str) -> Response<Body> {
    response(
        status,
        "text/plain; charset=utf-8",
        format!("{message}\n").into_bytes(),
    )
}

/// The query page: a text area, a format choice, and the answer.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kgraph SPARQL</title>
<style>
body { font-family: sans-serif; margin: 2em; max-width: 70em; }
textarea { width: 100%; height: 14em; font-family: monospace; }
pre { background: #f4f4f4; padding: 1em; overflow: auto; }
</style>
</head>
<body>
<h1>kgraph SPARQL endpoint</h1>
<p>Read-only. The default graph is the union of all graphs. Predeclared prefixes: rdf, rdfs,
owl, xsd, skos, schema, prov, nif, itsrdf, dcterms, wd, wdt, kgo, kg, doc, person, org, place,
law. Endpoint: <code>/sparql</code>.</p>
<form id="form">
<textarea id="query" name="query">SELECT ?person ?name
WHERE { ?person a schema:Person ; rdfs:label ?name }
ORDER BY ?name
LIMIT 20</textarea>
<p><label>Results as
<select id="accept">
<option value="text/tab-separated-values">TSV</option>
<option value="text/csv">CSV</option>
<option value="application/sparql-results+json">JSON</option>
<option value="application/sparql-results+xml">XML</option>
<option value="text/turtle">Turtle (CONSTRUCT, DESCRIBE)</option>
<option value="application/n-triples">N-Triples (CONSTRUCT, DESCRIBE)</option>
</select></label>
<button type="submit">Run</button></p>
</form>
<pre id="out"></pre>
<script>
document.getElementById("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = document.getElementById("out");
  out.textContent = "running...";
  try {
    const response = await fetch("sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        "Accept": document.getElementById("accept").value + ", */*;q=0.1"
      },
      body: document.getElementById("query").value
    });
    const text = await response.text();
    out.textContent = response.ok ? text : "HTTP " + response.status + ": " + text;
  } catch (e) {
    out.textContent = String(e);
  }
});
</script>
</body>
</html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_plus_and_percent() {
        assert_eq!(
            decode_form("query=SELECT+*+%7B%3Fs+%3Fp+%3Fo%7D&x=%zz&y=%4"),
            [
                ("query".to_owned(), "SELECT * {?s ?p ?o}".to_owned()),
                ("x".to_owned(), "%zz".to_owned()),
                ("y".to_owned(), "%4".to_owned()),
            ]
        );
        assert_eq!(percent_decode("caf%C3%A9"), "café");
    }

    #[test]
    fn accept_headers_choose_by_quality_then_default() {
        use QueryKind::{Graph, Solutions};
        assert_eq!(negotiate("*/*", Solutions), Some(ResultFormat::Json));
        assert_eq!(negotiate("*/*", Graph), Some(ResultFormat::Turtle));
        assert_eq!(negotiate("text/csv", Solutions), Some(ResultFormat::Csv));
        assert_eq!(
            negotiate("text/csv;q=0.5, application/sparql-results+xml", Solutions),
            Some(ResultFormat::Xml)
        );
        assert_eq!(
            negotiate("application/n-triples, */*;q=0.1", Graph),
            Some(ResultFormat::NTriples)
        );
        assert_eq!(negotiate("text/*", Solutions), Some(ResultFormat::Xml));
        assert_eq!(negotiate("text/turtle", Solutions), None);
        assert_eq!(negotiate("text/csv;q=0", Solutions), None);
    }
}

//! The SPARQL 1.1 Protocol as a plain function from a request (its body already read) to a
//! response: which query, which format, which status. No sockets here; see
//! [`super::Endpoint`] for those.

use super::ServeOptions;
use crate::KgStore;
use crate::query::{PreparedQuery, QueryError, QueryKind, QueryStop, ResultFormat};
use http::header::{ACCEPT, ALLOW, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, Method, Request, Response, StatusCode};

/// Whether answering `request` runs a query, and so needs one of the endpoint's query
/// slots ([`ServeOptions::max_queries`]): a SPARQL request or an explorer page.
pub(super) fn runs_a_query(request: &Request<Vec<u8>>) -> bool {
    let path = request.uri().path();
    match *request.method() {
        Method::GET | Method::POST if path == "/sparql" => true,
        Method::GET | Method::HEAD => super::explore::runs_queries(path),
        _ => false,
    }
}

/// Answers one HTTP request whose body has been read.
pub fn respond(
    store: &KgStore,
    options: &ServeOptions,
    request: &Request<Vec<u8>>,
) -> Response<Vec<u8>> {
    respond_until(store, options, request, &QueryStop::default())
}

/// Answers one HTTP request like [`respond`]; `stop` can stop its query from outside.
pub(super) fn respond_until(
    store: &KgStore,
    options: &ServeOptions,
    request: &Request<Vec<u8>>,
    stop: &QueryStop,
) -> Response<Vec<u8>> {
    let page = || super::explore::respond(store, options.limits.timeout, request, stop);
    match (request.uri().path(), request.method()) {
        ("/sparql", &Method::GET | &Method::POST) => match query_of(request) {
            Ok(text) => answer(store, options, request, &text, stop),
            Err((status, message)) => error(status, &message),
        },
        ("/sparql", _) => {
            let mut refused = error(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!("{} is not allowed here: use GET or POST", request.method()),
            );
            refused
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("GET, POST"));
            refused
        }
        (path, &Method::GET | &Method::HEAD) => page().unwrap_or_else(|| error(
            StatusCode::NOT_FOUND,
            &format!(
                "nothing at {path}: the SPARQL endpoint is /sparql, the explorer is /, a query page is /query"
            ),
        )),
        (_, _) => {
            let mut refused = error(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!("{} is not allowed here: use GET", request.method()),
            );
            refused
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("GET"));
            refused
        }
    }
}

type Refusal = (StatusCode, String);

/// The query text of a SPARQL Protocol request.
fn query_of(request: &Request<Vec<u8>>) -> Result<String, Refusal> {
    let bad = |message: &str| (StatusCode::BAD_REQUEST, message.to_owned());
    let mut parameters = decode_form(request.uri().query().unwrap_or("").as_bytes());
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
        let body = request.body();
        match media.as_str() {
            "application/sparql-query" => {
                let text =
                    std::str::from_utf8(body).map_err(|_| bad("the request body is not UTF-8"))?;
                parameters.push(("query".to_owned(), text.to_owned()));
            }
            "application/x-www-form-urlencoded" => parameters.extend(decode_form(body)),
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
    request: &Request<Vec<u8>>,
    text: &str,
    stop: &QueryStop,
) -> Response<Vec<u8>> {
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
    match prepared.run_until(store, format, options.limits, stop, &mut body) {
        Ok(()) => response(StatusCode::OK, media_type(format), body),
        Err(e) => query_error(&e),
    }
}

/// The status for a query error.
pub(super) fn query_error(e: &QueryError) -> Response<Vec<u8>> {
    let status = match e {
        QueryError::Stopped(_) => return busy(&e.to_string()),
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
fn decode_form(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// A response with a body of type `media`.
pub(super) fn response(
    status: StatusCode,
    media: &'static str,
    body: Vec<u8>,
) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, media)
        .body(body)
        .expect("a valid response")
}

/// A plain-text error answer.
pub(super) fn error(status: StatusCode, message: &str) -> Response<Vec<u8>> {
    response(
        status,
        "text/plain; charset=utf-8",
        format!("{message}\n").into_bytes(),
    )
}

/// A 503 that asks the client to come back in a second.
pub(super) fn busy(message: &str) -> Response<Vec<u8>> {
    let mut refused = error(StatusCode::SERVICE_UNAVAILABLE, message);
    refused
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("1"));
    refused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_plus_and_percent() {
        assert_eq!(
            decode_form(b"query=SELECT+*+%7B%3Fs+%3Fp+%3Fo%7D&x=%zz&y=%4"),
            [
                ("query".to_owned(), "SELECT * {?s ?p ?o}".to_owned()),
                ("x".to_owned(), "%zz".to_owned()),
                ("y".to_owned(), "%4".to_owned()),
            ]
        );
        assert_eq!(decode_form(b"q=caf%C3%A9")[0].1, "café");
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

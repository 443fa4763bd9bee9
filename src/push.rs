//! Push: send the store's graphs to another triple store over the SPARQL 1.1 Graph Store
//! HTTP Protocol.
//!
//! Each named graph is `PUT` (replacing what the other store holds under that name) as
//! N-Triples to `ENDPOINT?graph=IRI`; the default graph, when not empty, to
//! `ENDPOINT?default`. With a target graph, the union of all graphs is `PUT` there as one
//! graph. HTTP Basic and Digest (RFC 7616, MD5, `qop=auth`) logins are answered; Virtuoso's
//! `/sparql-graph-crud-auth` asks for Digest. Plain HTTP only (no TLS in this build).

use crate::KgStore;
use http_auth::{PasswordClient, PasswordParams};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Triple};
use oxigraph::store::StorageError;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::time::Duration;

/// Where and how to push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushOptions {
    /// The Graph Store Protocol endpoint, e.g. `http://localhost:8890/sparql-graph-crud-auth`.
    pub endpoint: String,
    /// Put everything into this one graph instead of one graph per named graph.
    pub graph: Option<String>,
    /// User name and password, for Basic or Digest login when the endpoint asks.
    pub credentials: Option<(String, String)>,
    /// How long one request may take.
    pub timeout: Duration,
}

/// What was sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PushReport {
    /// Graphs written.
    pub graphs: usize,
    /// Triples sent (summed over the graphs).
    pub triples: usize,
}

/// What can go wrong with a push.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The endpoint is not an `http://` URL.
    #[error("cannot push to {endpoint}: {reason}")]
    Endpoint {
        /// The endpoint.
        endpoint: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// No connection, or the connection failed.
    #[error("cannot reach {url}: {message}")]
    Connection {
        /// The request URL.
        url: String,
        /// The cause.
        message: String,
    },
    /// The endpoint answered with an error status.
    #[error("{method} {url} answered HTTP {status} {reason}{}", if .body.is_empty() { String::new() } else { format!(": {}", .body) })]
    Status {
        /// `PUT`.
        method: &'static str,
        /// The request URL.
        url: String,
        /// The HTTP status code.
        status: u16,
        /// Its reason phrase.
        reason: &'static str,
        /// The start of the answer's body.
        body: String,
    },
    /// The store could not be read.
    #[error("cannot read the store: {0}")]
    Storage(#[from] StorageError),
    /// Serialising the graph failed.
    #[error("cannot serialise the graph: {0}")]
    Io(#[from] std::io::Error),
}

/// Sends the store's graphs to `options.endpoint`.
///
/// # Errors
/// [`PushError`] naming the endpoint URL and the HTTP status when a request fails; graphs
/// sent before the failure stay sent.
pub fn push(store: &KgStore, options: &PushOptions) -> Result<PushReport, PushError> {
    if !options.endpoint.starts_with("http://") {
        return Err(PushError::Endpoint {
            endpoint: options.endpoint.clone(),
            reason: "only http:// endpoints are supported (no TLS in this build)".to_owned(),
        });
    }
    let mut client = Client::new(options);
    let mut report = PushReport::default();
    let oxigraph = store.oxigraph();
    if let Some(target) = &options.graph {
        let mut triples: Vec<Triple> = oxigraph
            .iter()
            .map(|q| q.map(Triple::from))
            .collect::<Result<_, _>>()?;
        report.triples += put(
            &mut client,
            &graph_url(&options.endpoint, Some(target)),
            &mut triples,
        )?;
        report.graphs += 1;
        return Ok(report);
    }
    let mut graphs: Vec<GraphName> = oxigraph
        .named_graphs()
        .map(|g| {
            g.map(|g| match g {
                NamedOrBlankNode::NamedNode(n) => GraphName::NamedNode(n),
                NamedOrBlankNode::BlankNode(b) => GraphName::BlankNode(b),
            })
        })
        .collect::<Result<_, _>>()?;
    graphs.sort_by_cached_key(ToString::to_string);
    graphs.insert(0, GraphName::DefaultGraph);
    for graph in graphs {
        let name = match &graph {
            GraphName::NamedNode(n) => Some(n.as_str()),
            GraphName::DefaultGraph => None,
            GraphName::BlankNode(_) => continue, // no IRI to name it by elsewhere
        };
        let mut triples: Vec<Triple> = oxigraph
            .quads_for_pattern(None, None, None, Some(GraphNameRef::from(&graph)))
            .map(|q| q.map(Triple::from))
            .collect::<Result<_, _>>()?;
        if triples.is_empty() {
            continue;
        }
        report.triples += put(
            &mut client,
            &graph_url(&options.endpoint, name),
            &mut triples,
        )?;
        report.graphs += 1;
    }
    Ok(report)
}

/// The Graph Store Protocol URL of a graph (`None`: the default graph).
fn graph_url(endpoint: &str, graph: Option<&str>) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    match graph {
        Some(iri) => format!("{endpoint}{separator}graph={}", percent_encode(iri)),
        None => format!("{endpoint}{separator}default"),
    }
}

/// Every byte but the URL's unreserved characters (RFC 3986: letters, digits, `-._~`),
/// percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// Sorts, deduplicates and `PUT`s the triples as N-Triples; returns how many were sent.
fn put(client: &mut Client, url: &str, triples: &mut Vec<Triple>) -> Result<usize, PushError> {
    triples.sort_by_cached_key(ToString::to_string);
    triples.dedup();
    let mut writer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for triple in triples.iter() {
        writer.serialize_triple(triple)?;
    }
    let body = writer.finish()?;
    client.put(url, &body)?;
    Ok(triples.len())
}

/// An HTTP client that answers Basic and Digest challenges (`http-auth` computes the
/// answers, counting the uses of each Digest nonce).
struct Client {
    agent: ureq::Agent,
    credentials: Option<(String, String)>,
    /// How to answer the endpoint's login challenge, once it has asked.
    login: Option<PasswordClient>,
}

impl Client {
    fn new(options: &PushOptions) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(options.timeout))
            .build()
            .into();
        Self {
            agent,
            credentials: options.credentials.clone(),
            login: None,
        }
    }

    /// `PUT`s `body`; logs in when asked.
    ///
    /// With credentials, the login scheme is learnt first from a `HEAD` request: a server
    /// that refuses a `PUT` may close the connection before reading its body.
    fn put(&mut self, url: &str, body: &[u8]) -> Result<(), PushError> {
        if self.credentials.is_some() && self.login.is_none() {
            let response = self
                .agent
                .head(url)
                .call()
                .map_err(|e| connection(url, &e))?;
            if response.status() == 401 {
                self.learn(&challenges(&response));
            }
        }
        let mut answered = false;
        loop {
            let mut request = self
                .agent
                .put(url)
                .header("Content-Type", "application/n-triples");
            if let Some(authorization) = self.authorization(url) {
                request = request.header("Authorization", authorization);
            }
            let mut response = request.send(body).map_err(|e| connection(url, &e))?;
            let status = response.status().as_u16();
            if (200..300).contains(&status) {
                return Ok(());
            }
            let challenge = challenges(&response);
            let text = response
                .body_mut()
                .with_config()
                .limit(64 * 1024)
                .read_to_string()
                .unwrap_or_default();
            let refusal = |body: String| PushError::Status {
                method: "PUT",
                url: url.to_owned(),
                status,
                reason: response.status().canonical_reason().unwrap_or(""),
                body,
            };
            let retry = status == 401 && !answered && self.credentials.is_some();
            if !retry || !self.learn(&challenge) {
                let body = match (status, &self.credentials) {
                    (401, None) => {
                        "the endpoint asks for a login: pass --user and --password".to_owned()
                    }
                    (401, Some(_)) => {
                        "the login was refused: check --user and --password".to_owned()
                    }
                    _ => excerpt(&text),
                };
                return Err(refusal(body));
            }
            answered = true;
        }
    }

    /// Takes the login scheme from `WWW-Authenticate` challenges (the strongest of
    /// Digest and Basic offered); false when none is supported.
    fn learn(&mut self, challenges: &[String]) -> bool {
        self.login = PasswordClient::try_from(challenges.join(", ").as_str()).ok();
        self.login.is_some()
    }

    /// The `Authorization` header for a `PUT` to `url`, when a login scheme is known.
    fn authorization(&mut self, url: &str) -> Option<String> {
        let (username, password) = self.credentials.as_ref()?;
        let uri = request_uri(url);
        self.login
            .as_mut()?
            .respond(&PasswordParams {
                username,
                password,
                uri: &uri,
                method: "PUT",
                body: None,
            })
            .ok()
    }
}

/// The `WWW-Authenticate` challenges of a response.
fn challenges<B>(response: &ureq::http::Response<B>) -> Vec<String> {
    response
        .headers()
        .get_all("www-authenticate")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect()
}

/// A failed request; a connection closed while sending says what that usually means.
fn connection(url: &str, error: &ureq::Error) -> PushError {
    let mut message = error.to_string();
    let lower = message.to_ascii_lowercase();
    if lower.contains("pipe") || lower.contains("reset") {
        message.push_str(
            " (the endpoint closed the connection before reading the data: a missing or wrong login? pass --user and --password)",
        );
    }
    PushError::Connection {
        url: url.to_owned(),
        message,
    }
}

/// The first line of a body, shortened, for error messages.
fn excerpt(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut short: String = line.chars().take(200).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

/// The path and query of a URL (the Digest `uri`).
fn request_uri(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.find('/')
        .map_or_else(|| "/".to_owned(), |i| rest[i..].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_urls_encode_the_iri() {
        assert_eq!(
            graph_url("http://h:1/store", Some("http://e.org/doc/a b#x")),
            "http://h:1/store?graph=http%3A%2F%2Fe.org%2Fdoc%2Fa%20b%23x"
        );
        assert_eq!(graph_url("http://h/s?x=1", None), "http://h/s?x=1&default");
        assert_eq!(request_uri("http://h:1/a/b?graph=x"), "/a/b?graph=x");
        assert_eq!(request_uri("http://h:1"), "/");
    }
}

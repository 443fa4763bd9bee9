//! Push: send the store's graphs to another triple store over the SPARQL 1.1 Graph Store
//! HTTP Protocol.
//!
//! Each named graph is `PUT` (replacing what the other store holds under that name) as
//! N-Triples to `ENDPOINT?graph=IRI`; the default graph, when not empty, to
//! `ENDPOINT?default`. With a target graph, the union of all graphs is `PUT` there as one
//! graph. HTTP Basic and Digest (RFC 7616, MD5, `qop=auth`) logins are answered; Virtuoso's
//! `/sparql-graph-crud-auth` asks for Digest. Plain HTTP only (no TLS in this build).

use crate::KgStore;
use md5::{Digest as _, Md5};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Triple};
use oxigraph::store::StorageError;
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

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
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

/// An HTTP client that answers Basic and Digest challenges.
struct Client {
    agent: ureq::Agent,
    credentials: Option<(String, String)>,
    /// The last Digest challenge and how many times its nonce was used.
    digest: Option<(Challenge, u32)>,
    basic: bool,
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
            digest: None,
            basic: false,
        }
    }

    /// `PUT`s `body`; logs in when asked.
    ///
    /// With credentials, the login scheme is learnt first from a `HEAD` request: a server
    /// that refuses a `PUT` may close the connection before reading its body.
    fn put(&mut self, url: &str, body: &[u8]) -> Result<(), PushError> {
        if self.credentials.is_some() && self.digest.is_none() && !self.basic {
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

    /// Takes the login scheme from `WWW-Authenticate` challenges; false when none is
    /// supported (Basic, Digest with MD5).
    fn learn(&mut self, challenges: &[String]) -> bool {
        if let Some(digest) = challenges.iter().find_map(|c| Challenge::parse(c)) {
            self.digest = Some((digest, 0));
            true
        } else if challenges
            .iter()
            .any(|c| c.trim_start().to_ascii_lowercase().starts_with("basic"))
        {
            self.basic = true;
            true
        } else {
            false
        }
    }

    /// The `Authorization` header for a request, when a login scheme is known.
    fn authorization(&mut self, url: &str) -> Option<String> {
        let (user, password) = self.credentials.as_ref()?;
        if let Some((challenge, used)) = &mut self.digest {
            *used += 1;
            let cnonce = cnonce(url, *used);
            return Some(challenge.authorization(
                user,
                password,
                "PUT",
                &request_uri(url),
                *used,
                &cnonce,
            ));
        }
        if self.basic {
            use base64::Engine as _;
            let token =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            return Some(format!("Basic {token}"));
        }
        None
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

/// A client nonce: unpredictable enough for Digest (it only has to differ between uses).
fn cnonce(url: &str, count: u32) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let seed = format!("{now}:{count}:{url}:{}", std::process::id());
    blake3::hash(seed.as_bytes()).to_hex()[..16].to_owned()
}

/// An HTTP Digest challenge (`WWW-Authenticate: Digest ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    /// Whether the server offers `qop=auth`.
    qop_auth: bool,
}

impl Challenge {
    /// Parses a Digest challenge; `None` for other schemes or other algorithms than MD5.
    fn parse(header: &str) -> Option<Self> {
        let (scheme, rest) = header.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("digest") {
            return None;
        }
        let parameters = parse_parameters(rest);
        let get = |name: &str| {
            parameters
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        if let Some(algorithm) = get("algorithm")
            && !algorithm.eq_ignore_ascii_case("md5")
        {
            return None;
        }
        Some(Self {
            realm: get("realm").unwrap_or_default(),
            nonce: get("nonce")?,
            opaque: get("opaque"),
            qop_auth: get("qop").is_some_and(|q| q.split(',').any(|q| q.trim() == "auth")),
        })
    }

    /// The `Authorization` header answering this challenge (RFC 7616 with MD5; RFC 2069
    /// when the server offers no `qop`).
    fn authorization(
        &self,
        user: &str,
        password: &str,
        method: &str,
        uri: &str,
        count: u32,
        cnonce: &str,
    ) -> String {
        let ha1 = md5_hex(&format!("{user}:{}:{password}", self.realm));
        let ha2 = md5_hex(&format!("{method}:{uri}"));
        let nc = format!("{count:08x}");
        let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let mut header = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", algorithm=MD5",
            quote(user),
            quote(&self.realm),
            quote(&self.nonce),
            quote(uri)
        );
        if self.qop_auth {
            let response = md5_hex(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce));
            header.push_str(&format!(
                ", qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\""
            ));
        } else {
            let response = md5_hex(&format!("{ha1}:{}:{ha2}", self.nonce));
            header.push_str(&format!(", response=\"{response}\""));
        }
        if let Some(opaque) = &self.opaque {
            header.push_str(&format!(", opaque=\"{}\"", quote(opaque)));
        }
        header
    }
}

/// `name=value` and `name="quoted, value"` pairs separated by commas.
fn parse_parameters(text: &str) -> Vec<(String, String)> {
    let mut parameters = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let name: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if name.is_empty() {
            return parameters;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.peek().copied() {
                if c == ',' {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        parameters.push((name.trim().to_owned(), value.trim().to_owned()));
    }
}

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_answers_the_rfc_2617_example() {
        // RFC 2617 section 3.5.
        let challenge = Challenge::parse(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", \
             nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", \
             opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
        )
        .unwrap();
        assert!(challenge.qop_auth);
        let header = challenge.authorization(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            1,
            "0a4f113b",
        );
        assert!(
            header.contains("response=\"6629fae49393a05397450978507c4ef1\""),
            "{header}"
        );
        assert!(
            header.contains("nc=00000001, cnonce=\"0a4f113b\""),
            "{header}"
        );
        assert!(
            header.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""),
            "{header}"
        );
    }

    #[test]
    fn digest_without_qop_and_other_schemes() {
        // RFC 2069: response = MD5(HA1:nonce:HA2).
        let challenge = Challenge::parse("Digest realm=\"r\", nonce=\"n\"").unwrap();
        let header = challenge.authorization("u", "p", "PUT", "/x", 1, "c");
        let expected = md5_hex(&format!("{}:n:{}", md5_hex("u:r:p"), md5_hex("PUT:/x")));
        assert!(
            header.contains(&format!("response=\"{expected}\"")),
            "{header}"
        );
        assert!(!header.contains("qop"), "{header}");
        assert_eq!(Challenge::parse("Basic realm=\"r\""), None);
        assert_eq!(
            Challenge::parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256"),
            None
        );
    }

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

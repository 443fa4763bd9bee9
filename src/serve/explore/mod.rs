//! The explorer: HTML pages to look at the graph instead of querying it.
//!
//! | page | URL | file |
//! |---|---|---|
//! | search | `/search?q=NAME&type=person` (`/`: the search form alone) | `search.rs` |
//! | entity | `/entity/person/nayib-bukele` (`?mentions=N&statements=N` page on) | `entity.rs` |
//! | neighbourhood | `/graph/person/nayib-bukele?depth=2&type=..&relation=..&min-mentions=N` | `neighbourhood.rs`, `picture.rs` |
//! | document | `/document/000_a57ef51889807de0.txt` | `document.rs` |
//! | query | `/query` (the vendored YASGUI editor over `/sparql`) | `query_page.rs` |
//! | assets | `/assets/...` (CSS, the editor), embedded in the binary | `assets.rs` |
//!
//! An entity or document page's path is its IRI after the store's base IRI, so links are
//! stable and readable; any other IRI is passed as `?iri=`. Every page is rendered from
//! the store with SPARQL through [`crate::query`] (predeclared prefixes, the union default
//! graph, the endpoint's timeout for the whole page, [`QueryStop`] for the memory guard),
//! every query bounded by a `LIMIT` or by an index look-up, and counts read from those the
//! entity graph keeps (`kgo:mentionCount`, `kgo:documentCount`), so a page costs the same
//! on a store of millions of mentions. Pages are plain HTML (`maud` escapes every value)
//! and need no JavaScript; only the query editor does.

mod assets;
mod document;
mod entity;
mod layout;
mod neighbourhood;
mod picture;
mod query_page;
mod search;

use crate::KgStore;
use crate::entity_type::EntityType;
use crate::query::{self, Limits, PreparedQuery, QueryError, QueryStop};
use crate::rdf::Iris;
use http::{Request, Response};
use oxigraph::model::{Literal, NamedNode, Term};
use std::time::{Duration, Instant};

/// A row of query results: the value of each variable, `None` when unbound.
type Row = Vec<Option<Term>>;

/// What answering one explorer request needs: the store, its IRIs, a deadline.
struct Explorer<'a> {
    store: &'a KgStore,
    iris: Iris,
    prefixes: Vec<(String, String)>,
    deadline: Option<Instant>,
    stop: &'a QueryStop,
}

/// What an explorer page answers when it cannot be made.
#[derive(Debug)]
enum PageError {
    /// A query failed (timeout, stopped, storage).
    Query(QueryError),
    /// The request names nothing the store has, or is malformed.
    NotFound(String),
    /// A parameter is wrong.
    BadRequest(String),
}

impl From<QueryError> for PageError {
    fn from(e: QueryError) -> Self {
        Self::Query(e)
    }
}

type PageResult = Result<Response<Vec<u8>>, PageError>;

/// Whether `path` is an explorer page that runs queries (and so needs a query slot).
pub(super) fn runs_queries(path: &str) -> bool {
    path == "/search"
        || ["/entity", "/graph", "/document"]
            .iter()
            .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

/// Answers a GET of an explorer page or asset; `None` when `path` is none of them.
pub(super) fn respond(
    store: &KgStore,
    timeout: Option<Duration>,
    request: &Request<Vec<u8>>,
    stop: &QueryStop,
) -> Option<Response<Vec<u8>>> {
    let path = request.uri().path();
    if let Some(asset) = assets::respond(path) {
        return Some(asset);
    }
    let iris = query::store_iris(store);
    let explorer = Explorer {
        store,
        prefixes: query::prefixes(&iris),
        iris,
        deadline: timeout.map(|t| Instant::now() + t),
        stop,
    };
    let parameters = form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect::<Vec<_>>();
    let parameters = Parameters(parameters);
    let result = match path {
        "/" => search::page(&explorer, &Parameters(Vec::new())),
        "/search" => search::page(&explorer, &parameters),
        "/query" => Ok(query_page::page(&explorer)),
        _ => {
            let (kind, rest) = path[1..].split_once('/').unwrap_or((&path[1..], ""));
            let iri = || explorer.iri_of(rest, kind, &parameters);
            match kind {
                "entity" => iri().and_then(|iri| entity::page(&explorer, &iri, &parameters)),
                "graph" => iri().and_then(|iri| neighbourhood::page(&explorer, &iri, &parameters)),
                "document" => iri().and_then(|iri| document::page(&explorer, &iri)),
                _ => return None,
            }
        }
    };
    Some(result.unwrap_or_else(|e| layout::error_page(&explorer, &e)))
}

/// The query parameters of a request.
struct Parameters(Vec<(String, String)>);

impl Parameters {
    /// The first value of `name`.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`.
    fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The number `name` holds, `default` when absent.
    fn number(&self, name: &str, default: usize) -> Result<usize, PageError> {
        match self.get(name).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(value) => value.parse().map_err(|_| {
                PageError::BadRequest(format!("{name}={value:?} is not a whole number"))
            }),
        }
    }

    /// The entity types named by `type` parameters (`person`, `org`, `place`, `law`).
    fn types(&self) -> Result<Vec<EntityType>, PageError> {
        self.all("type")
            .into_iter()
            .map(|name| {
                EntityType::ALL
                    .into_iter()
                    .find(|t| t.folder() == name)
                    .ok_or_else(|| {
                        PageError::BadRequest(format!(
                            "type={name:?} is not a type: use person, org, place or law"
                        ))
                    })
            })
            .collect()
    }
}

/// Characters an IRI's path may keep in an explorer URL path as they are.
fn path_safe(rest: &str) -> bool {
    !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b))
}

impl Explorer<'_> {
    /// Runs a SELECT query within the page's deadline; at most `limit` rows are read.
    fn select(&self, text: &str) -> Result<Vec<Row>, QueryError> {
        let timeout = match self.deadline {
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(QueryError::Timeout(Duration::ZERO));
                }
                Some(left)
            }
            None => None,
        };
        let limits = Limits {
            timeout,
            max_results: None,
        };
        PreparedQuery::parse(self.store, text)?.solutions(self.store, limits, self.stop)
    }

    /// `<IRI>` of the entity graph, for queries.
    fn entities_graph(&self) -> String {
        self.iris.entities_graph().to_string()
    }

    /// The explorer URL of the page `kind` (`entity`, `graph`, `document`) of `iri`.
    fn href(&self, kind: &str, iri: &str) -> String {
        let base = match kind {
            "document" => format!("{}document/", self.iris.base()),
            _ => self.iris.base().to_owned(),
        };
        match iri.strip_prefix(&base) {
            Some(rest) if path_safe(rest) => format!("/{kind}/{rest}"),
            _ => {
                let encoded: String = form_urlencoded::byte_serialize(iri.as_bytes()).collect();
                format!("/{kind}?iri={encoded}")
            }
        }
    }

    /// The IRI a page's path (after `/kind/`) or `iri` parameter names.
    fn iri_of(
        &self,
        rest: &str,
        kind: &str,
        parameters: &Parameters,
    ) -> Result<NamedNode, PageError> {
        let text = if rest.is_empty() {
            parameters
                .get("iri")
                .ok_or_else(|| {
                    PageError::BadRequest(format!(
                        "which {kind}? the path is /{kind}/<IRI after the base> or /{kind}?iri=<IRI>"
                    ))
                })?
                .to_owned()
        } else if kind == "document" {
            format!("{}document/{rest}", self.iris.base())
        } else {
            format!("{}{rest}", self.iris.base())
        };
        NamedNode::new(&text)
            .map_err(|e| PageError::BadRequest(format!("{text:?} is not an IRI: {e}")))
    }

    /// The `rdfs:label` of each of `iris` that has one (the least, when several).
    fn labels<'s>(
        &self,
        iris: impl IntoIterator<Item = &'s str>,
    ) -> Result<std::collections::BTreeMap<String, String>, QueryError> {
        let iris: std::collections::BTreeSet<&str> = iris.into_iter().collect();
        let mut labels = std::collections::BTreeMap::new();
        if iris.is_empty() {
            return Ok(labels);
        }
        let values: Vec<String> = iris.iter().map(|i| format!("<{i}>")).collect();
        let rows = self.select(&format!(
            "SELECT ?x ?label WHERE {{ VALUES ?x {{ {} }} ?x rdfs:label ?label }} LIMIT 10000",
            values.join(" ")
        ))?;
        for row in &rows {
            if let Some(x) = iri(&row[0]) {
                let label = text(&row[1]);
                let entry = labels.entry(x.to_owned()).or_insert_with(|| label.clone());
                if label < *entry {
                    *entry = label;
                }
            }
        }
        Ok(labels)
    }

    /// A term for people: a literal's value, an IRI's prefixed name.
    fn display(&self, term: &Term) -> String {
        query::display_term(term, &self.prefixes)
    }
}

/// The SPARQL form of a string literal (escaped).
fn literal(text: &str) -> String {
    Literal::new_simple_literal(text).to_string()
}

/// The text of a term: a literal's value, an IRI's string.
fn text(term: &Option<Term>) -> String {
    match term {
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(Term::NamedNode(n)) => n.as_str().to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The IRI a term is, if it is one.
fn iri(term: &Option<Term>) -> Option<&str> {
    match term {
        Some(Term::NamedNode(n)) => Some(n.as_str()),
        _ => None,
    }
}

/// The whole number a literal holds (0 otherwise).
fn number(term: &Option<Term>) -> usize {
    match term {
        Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
        _ => 0,
    }
}

/// The offsets a span's IRI names (`<document>#char=B,E`), `(0, 0)` for any other term.
fn offsets(term: &Option<Term>) -> (usize, usize) {
    iri(term)
        .and_then(crate::rdf::span_offsets)
        .unwrap_or_default()
}

/// The entity type of a class IRI.
fn entity_type(term: &Option<Term>) -> Option<EntityType> {
    iri(term).and_then(crate::rdf::type_of_class)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_only_url_safe_iris() {
        assert!(path_safe("person/nayib-bukele"));
        assert!(path_safe("000_a57ef51889807de0.txt"));
        assert!(path_safe("a%20b"));
        for unsafe_path in ["", "a b", "a?b", "a#b", "a\"b", "é", "a<b"] {
            assert!(!path_safe(unsafe_path), "{unsafe_path:?}");
        }
        assert_eq!(literal("a \"b\"\n\\"), r#""a \"b\"\n\\""#);
    }
}

//! SPARQL over the store: predeclared prefixes, the union of all graphs as the default
//! graph, a timeout, and results in a table or any standard format.

pub mod shape;

use crate::entity_type::EntityType;
use crate::rdf::Iris;
use crate::store::KgStore;
use crate::vocab::{self, PREFIXES};
use comfy_table::{ContentLineStyle, LineStyle, Table, TableStyle};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::NamedNode;
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, DefaultServiceHandler, QueryEvaluationError, QueryResults, QuerySolution,
    QuerySolutionIter, SparqlEvaluator,
};
use spargebra::SparqlParser;
use spargebra::algebra::GraphPattern;
use std::io::Write;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How query results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// An aligned text table with prefixed names (for people).
    Table,
    /// SPARQL 1.1 CSV.
    Csv,
    /// SPARQL 1.1 TSV.
    Tsv,
    /// SPARQL 1.1 JSON.
    Json,
    /// SPARQL 1.1 XML.
    Xml,
    /// Turtle (CONSTRUCT and DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT and DESCRIBE).
    NTriples,
    /// RDF/XML (CONSTRUCT and DESCRIBE).
    RdfXml,
}

impl ResultFormat {
    /// Every format's name, for messages.
    pub const NAMES: &[&str] = &[
        "table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "rdfxml",
    ];
}

impl FromStr for ResultFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "table" => Self::Table,
            "csv" => Self::Csv,
            "tsv" => Self::Tsv,
            "json" | "srj" => Self::Json,
            "xml" | "srx" => Self::Xml,
            "turtle" | "ttl" => Self::Turtle,
            "ntriples" | "nt" => Self::NTriples,
            "rdfxml" | "rdf" => Self::RdfXml,
            other => {
                return Err(format!(
                    "unknown result format {other:?}: expected one of {}",
                    Self::NAMES.join(", ")
                ));
            }
        })
    }
}

/// What can go wrong with a query.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query is longer, nests deeper or joins more patterns than kgraph runs (see
    /// [`shape`]).
    #[error("{0}")]
    TooComplex(String),
    /// The query does not parse.
    #[error("SPARQL syntax error at line {line}, column {column}: expected {expected}\n{excerpt}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        expected: String,
        /// The offending line with a caret under the column.
        excerpt: String,
    },
    /// Another parse problem (bad IRI, bad prefix).
    #[error("SPARQL error: {0}")]
    Invalid(String),
    /// Evaluation failed.
    #[error("query failed: {0}")]
    Evaluation(String),
    /// The query ran longer than the timeout.
    #[error(
        "query stopped after the {0:?} timeout; narrow it (LIMIT, more specific patterns) or raise --timeout"
    )]
    Timeout(Duration),
    /// The query was stopped from outside before it finished ([`QueryStop::stop`]).
    #[error("query stopped: {0}")]
    Stopped(String),
    /// The text is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, ...): kgraph only reads.
    #[error(
        "SPARQL updates are refused: the store is read-only here; change it with `kgraph build`"
    )]
    UpdateRefused,
    /// The query calls another endpoint with SERVICE.
    #[error("SERVICE {0} is refused: kgraph answers only from its own store")]
    ServiceRefused(String),
    /// The query has more results (rows, or triples for CONSTRUCT and DESCRIBE) than allowed.
    #[error(
        "the query has more than {0} results, the limit here; add LIMIT (and OFFSET to page through them) or raise --max-results"
    )]
    TooManyResults(usize),
    /// Writing the results failed.
    #[error("cannot write results: {0}")]
    Io(#[from] std::io::Error),
}

/// What a query returns, which decides the formats it can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// SELECT: solutions (table, CSV, TSV, JSON, XML).
    Solutions,
    /// ASK: a boolean (JSON, XML, CSV, TSV).
    Boolean,
    /// CONSTRUCT and DESCRIBE: triples (Turtle, N-Triples).
    Graph,
}

/// Limits on one query run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    /// Stop the query after this long ([`QueryError::Timeout`]).
    pub timeout: Option<Duration>,
    /// Fail with [`QueryError::TooManyResults`] when there are more results than this
    /// (solutions, or triples of a CONSTRUCT or DESCRIBE); nothing partial is reported as
    /// complete.
    pub max_results: Option<usize>,
}

/// Stops a running query from another thread: the query ends with
/// [`QueryError::Stopped`] and the reason given. `kgraph serve` stops its queries this way
/// when the process runs short of memory.
#[derive(Clone, Default)]
pub struct QueryStop {
    token: CancellationToken,
    reason: Arc<Mutex<Option<String>>>,
}

impl QueryStop {
    /// Stops the query (if it still runs), giving `reason`; the first reason given wins.
    pub fn stop(&self, reason: &str) {
        self.reason
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_or_insert_with(|| reason.to_owned());
        self.token.cancel();
    }

    /// Whether [`QueryStop::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.token.is_cancelled()
    }

    fn reason(&self) -> Option<String> {
        self.reason
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// A query parsed with the store's predeclared prefixes, ready to run.
pub struct PreparedQuery {
    query: spargebra::Query,
    prefixes: Vec<(String, String)>,
}

impl PreparedQuery {
    /// Parses `text` (after a byte-order mark, if it starts with one) with the prefixes
    /// predeclared for `store`.
    ///
    /// # Errors
    /// [`QueryError::Syntax`] (with line and column) or [`QueryError::Invalid`] when it
    /// does not parse, [`QueryError::UpdateRefused`] when it is a SPARQL update,
    /// [`QueryError::TooComplex`] when it is too long, nests too deep or joins too many
    /// patterns to run safely ([`shape`]).
    pub fn parse(store: &KgStore, text: &str) -> Result<Self, QueryError> {
        // A byte-order mark (editors on Windows write one) is not part of the query.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        shape::check(text).map_err(|e| QueryError::TooComplex(e.to_string()))?;
        let prefixes = prefixes(&store_iris(store));
        let parser = || -> Result<SparqlParser, QueryError> {
            let mut parser = SparqlParser::new();
            for (prefix, namespace) in &prefixes {
                parser = parser
                    .with_prefix(prefix, namespace)
                    .map_err(|e| QueryError::Invalid(e.to_string()))?;
            }
            Ok(parser)
        };
        match parser()?.parse_query(text) {
            Ok(query) => {
                let size = shape::check_algebra(&query)
                    .map_err(|e| QueryError::TooComplex(e.to_string()))?;
                // Refused before it runs: a SERVICE whose name is an unbound variable
                // would otherwise fail inside the evaluator, as an evaluation error.
                if let Some(name) = size.service {
                    return Err(QueryError::ServiceRefused(name));
                }
                Ok(Self { query, prefixes })
            }
            // An empty text is an update with no operations, not one to refuse.
            Err(_)
                if parser()?
                    .parse_update(text)
                    .is_ok_and(|update| !update.operations.is_empty()) =>
            {
                Err(QueryError::UpdateRefused)
            }
            Err(e) => Err(syntax_error(text, &e.to_string())),
        }
    }

    /// What the query returns.
    pub fn kind(&self) -> QueryKind {
        match self.query {
            spargebra::Query::Select { .. } => QueryKind::Solutions,
            spargebra::Query::Ask { .. } => QueryKind::Boolean,
            spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. } => {
                QueryKind::Graph
            }
        }
    }

    /// Runs the query on `store` (the union of all graphs as the default graph, SERVICE
    /// refused) and writes the results to `out` in `format`.
    ///
    /// # Errors
    /// [`QueryError`] for evaluation failures, a timeout, too many results, SERVICE, or a
    /// failed write.
    pub fn run(
        self,
        store: &KgStore,
        format: ResultFormat,
        limits: Limits,
        out: &mut dyn Write,
    ) -> Result<(), QueryError> {
        self.run_until(store, format, limits, &QueryStop::default(), out)
    }

    /// Runs the query like [`PreparedQuery::run`] until it ends or `stop` is used.
    ///
    /// # Errors
    /// As [`PreparedQuery::run`], and [`QueryError::Stopped`] when stopped.
    pub fn run_until(
        self,
        store: &KgStore,
        format: ResultFormat,
        limits: Limits,
        stop: &QueryStop,
        out: &mut dyn Write,
    ) -> Result<(), QueryError> {
        let prefixes = self.prefixes.clone();
        self.execute(store, limits, stop, |results| {
            write_results(results, format, &prefixes, limits.max_results, out)
        })
    }

    /// Runs a CONSTRUCT or DESCRIBE query like [`PreparedQuery::run`] and returns its
    /// triples, in the order the engine gives them.
    ///
    /// # Errors
    /// As [`PreparedQuery::run`], and [`QueryError::Invalid`] for SELECT and ASK.
    pub fn triples(self, store: &KgStore, limits: Limits) -> Result<Vec<Triple>, QueryError> {
        self.execute(
            store,
            limits,
            &QueryStop::default(),
            |results| match results {
                QueryResults::Graph(triples) => {
                    let mut all = Vec::new();
                    for triple in triples {
                        all.push(triple.map_err(evaluation)?);
                        if let Some(max) = limits.max_results.filter(|&max| all.len() > max) {
                            return Err(QueryError::TooManyResults(max));
                        }
                    }
                    Ok(all)
                }
                QueryResults::Solutions(_) | QueryResults::Boolean(_) => Err(QueryError::Invalid(
                    "a CONSTRUCT or DESCRIBE query is needed here, not SELECT or ASK".to_owned(),
                )),
            },
        )
    }

    /// Runs a SELECT query like [`PreparedQuery::run_until`] and returns its solutions
    /// (for each, the value of every variable, `None` when unbound), in the order the
    /// engine gives them.
    ///
    /// # Errors
    /// As [`PreparedQuery::run_until`], and [`QueryError::Invalid`] for ASK, CONSTRUCT and
    /// DESCRIBE.
    pub fn solutions(
        self,
        store: &KgStore,
        limits: Limits,
        stop: &QueryStop,
    ) -> Result<Vec<Vec<Option<Term>>>, QueryError> {
        self.execute(store, limits, stop, |results| match results {
            QueryResults::Solutions(solutions) => {
                let width = solutions.variables().len();
                let mut rows = Vec::new();
                let mut seen = 0;
                for solution in solutions {
                    count(&mut seen, limits.max_results)?;
                    let solution = solution.map_err(evaluation)?;
                    rows.push((0..width).map(|i| solution.get(i).cloned()).collect());
                }
                Ok(rows)
            }
            QueryResults::Boolean(_) | QueryResults::Graph(_) => Err(QueryError::Invalid(
                "a SELECT query is needed here".to_owned(),
            )),
        })
    }

    /// Evaluates the query with the limits and SERVICE refusal, handing the results to
    /// `consume` while the timeout still runs and `stop` can still stop it.
    fn execute<T>(
        self,
        store: &KgStore,
        limits: Limits,
        stop: &QueryStop,
        consume: impl FnOnce(QueryResults<'_>) -> Result<T, QueryError>,
    ) -> Result<T, QueryError> {
        let token = stop.token.clone();
        let timer = limits.timeout.map(|limit| {
            let token = token.clone();
            let (stop, wait) = std::sync::mpsc::channel::<()>();
            let handle = std::thread::spawn(move || {
                if wait.recv_timeout(limit).is_err() {
                    token.cancel();
                }
            });
            (stop, handle)
        });
        let service = RefuseService::default();
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(token.clone())
            .with_default_service_handler(service.clone())
            .for_query(self.query);
        prepared.dataset_mut().set_default_graph_as_union();
        let result = prepared
            .on_store(store.oxigraph())
            .execute()
            .map_err(evaluation)
            .and_then(consume);
        if let Some((stop, handle)) = timer {
            let _ = stop.send(());
            let _ = handle.join();
        }
        if let Some(name) = service.called() {
            // Also when SERVICE SILENT swallowed the refusal.
            return Err(QueryError::ServiceRefused(format!("<{name}>")));
        }
        match (result, limits.timeout) {
            (Err(QueryError::Evaluation(message)), _)
                if message.contains("cancel") && stop.reason().is_some() =>
            {
                Err(QueryError::Stopped(stop.reason().unwrap_or(message)))
            }
            (Err(QueryError::Evaluation(message)), Some(limit)) if message.contains("cancel") => {
                Err(QueryError::Timeout(limit))
            }
            (result, _) => result,
        }
    }
}

/// Refuses every SERVICE call and remembers the first, so that SERVICE SILENT is refused
/// too instead of quietly answering nothing.
#[derive(Clone, Default)]
struct RefuseService(Arc<Mutex<Option<String>>>);

impl RefuseService {
    fn called(&self) -> Option<String> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The error a refused SERVICE call raises inside the evaluator.
#[derive(Debug, thiserror::Error)]
#[error("SERVICE <{0}> is refused")]
struct ServiceRefusal(String);

impl DefaultServiceHandler for RefuseService {
    type Error = ServiceRefusal;

    fn handle(
        &self,
        service_name: &NamedNode,
        _: &GraphPattern,
        _: Option<&oxiri::Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, ServiceRefusal> {
        let name = service_name.as_str().to_owned();
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_or_insert_with(|| name.clone());
        Err(ServiceRefusal(name))
    }
}

/// The prefixes predeclared for queries on a store with these IRIs: the well-known ones
/// plus `kg:` (the base), `doc:`, `person:`, `org:`, `place:` and `law:`.
pub fn prefixes(iris: &Iris) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = PREFIXES
        .iter()
        .map(|(p, n)| ((*p).to_owned(), (*n).to_owned()))
        .collect();
    all.push(("kg".to_owned(), iris.base().to_owned()));
    all.push(("doc".to_owned(), format!("{}document/", iris.base())));
    for entity_type in EntityType::ALL {
        all.push((
            entity_type.folder().to_owned(),
            iris.type_namespace(entity_type),
        ));
    }
    all
}

/// SPARQL that binds `?{out}` to the words of the span `?{span}` of the document whose
/// text is `?{text}`, and `?{out}Begin` to where they begin: the span's IRI says its
/// offsets in every provenance mode, and every mode keeps the document's text.
pub fn span_words(span: &str, text: &str, out: &str) -> String {
    format!(
        "BIND(STRAFTER(STR(?{span}), \"#char=\") AS ?{out}At) \
         BIND(xsd:integer(STRBEFORE(?{out}At, \",\")) AS ?{out}Begin) \
         BIND(SUBSTR(?{text}, ?{out}Begin + 1, xsd:integer(STRAFTER(?{out}At, \",\")) - ?{out}Begin) AS ?{out}) "
    )
}

/// The base IRI a store was built with (the default if the store is empty).
pub fn store_iris(store: &KgStore) -> Iris {
    let found = store
        .oxigraph()
        .quads_for_pattern(
            None,
            Some(vocab::rdf::TYPE),
            Some(vocab::kgo::KNOWLEDGE_GRAPH.into()),
            None,
        )
        .filter_map(Result::ok)
        .find_map(|q| match q.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.into_string()),
            oxigraph::model::NamedOrBlankNode::BlankNode(_) => None,
        });
    found
        .and_then(|base| Iris::new(&base).ok())
        .unwrap_or_else(|| Iris::new(vocab::DEFAULT_BASE).expect("default base is valid"))
}

/// Runs `query` on `store` and writes the results to `out` in `format`.
///
/// # Errors
/// [`QueryError`] for syntax errors (with line and column), updates, evaluation failures,
/// a timeout, or a failed write.
pub fn run(
    store: &KgStore,
    query: &str,
    format: ResultFormat,
    timeout: Option<Duration>,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let limits = Limits {
        timeout,
        max_results: None,
    };
    PreparedQuery::parse(store, query)?.run(store, format, limits, out)
}

/// The triples a CONSTRUCT or DESCRIBE `query` returns on `store` (predeclared prefixes,
/// union default graph, SERVICE refused, within `limits`), in the order the engine returns
/// them.
///
/// # Errors
/// [`QueryError::Syntax`] or [`QueryError::Invalid`] when the query does not parse or is a
/// SELECT or ASK query; [`QueryError::UpdateRefused`], [`QueryError::ServiceRefused`],
/// [`QueryError::Timeout`], [`QueryError::TooManyResults`] or [`QueryError::Evaluation`]
/// when it cannot run.
pub fn construct(store: &KgStore, query: &str, limits: Limits) -> Result<Vec<Triple>, QueryError> {
    PreparedQuery::parse(store, query)?.triples(store, limits)
}

fn syntax_error(query: &str, message: &str) -> QueryError {
    // Oxigraph's parser says "error at LINE:COLUMN: expected ...".
    let parsed = message.strip_prefix("error at ").and_then(|rest| {
        let (position, expected) = rest.split_once(": expected ")?;
        let (line, column) = position.split_once(':')?;
        Some((
            line.parse::<usize>().ok()?,
            column.parse::<usize>().ok()?,
            expected,
        ))
    });
    let Some((line, column, expected)) = parsed else {
        return QueryError::Invalid(message.to_owned());
    };
    let text = query.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let caret = " ".repeat(column.saturating_sub(1)) + "^";
    QueryError::Syntax {
        line,
        column,
        expected: expected.to_owned(),
        excerpt: format!("  {text}\n  {caret}"),
    }
}

fn evaluation(e: QueryEvaluationError) -> QueryError {
    match e {
        QueryEvaluationError::UnsupportedService(name) => {
            QueryError::ServiceRefused(format!("<{}>", name.as_str()))
        }
        other => QueryError::Evaluation(other.to_string()),
    }
}

/// Counts results against the limit.
fn count(seen: &mut usize, max_results: Option<usize>) -> Result<(), QueryError> {
    *seen += 1;
    match max_results {
        Some(max) if *seen > max => Err(QueryError::TooManyResults(max)),
        _ => Ok(()),
    }
}

fn write_results(
    results: QueryResults<'_>,
    format: ResultFormat,
    prefixes: &[(String, String)],
    max_results: Option<usize>,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let mut seen = 0;
    let tabular = |f: ResultFormat| match f {
        ResultFormat::Csv => Some(QueryResultsFormat::Csv),
        ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
        ResultFormat::Json => Some(QueryResultsFormat::Json),
        ResultFormat::Xml => Some(QueryResultsFormat::Xml),
        _ => None,
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            match tabular(format) {
                Some(f) => {
                    let mut writer = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(out, variables)?;
                    for solution in solutions {
                        count(&mut seen, max_results)?;
                        writer.serialize(&solution.map_err(evaluation)?)?;
                    }
                    writer.finish()?;
                }
                None => {
                    let mut rows: Vec<QuerySolution> = Vec::new();
                    for solution in solutions {
                        count(&mut seen, max_results)?;
                        rows.push(solution.map_err(evaluation)?);
                    }
                    let header: Vec<String> =
                        variables.iter().map(|v| v.as_str().to_owned()).collect();
                    let cells: Vec<Vec<String>> = rows
                        .iter()
                        .map(|row| {
                            variables
                                .iter()
                                .map(|v| {
                                    row.get(v)
                                        .map(|t| display_term(t, prefixes))
                                        .unwrap_or_default()
                                })
                                .collect()
                        })
                        .collect();
                    write_table(out, &header, &cells)?;
                }
            }
        }
        QueryResults::Boolean(value) => match tabular(format) {
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(out, value)?;
            }
            None => writeln!(out, "{value}")?,
        },
        QueryResults::Graph(triples) => {
            let mut all: Vec<Triple> = Vec::new();
            for triple in triples {
                count(&mut seen, max_results)?;
                all.push(triple.map_err(evaluation)?);
            }
            let mut triples = all;
            triples.sort_by_cached_key(|t| t.to_string());
            triples.dedup();
            let rdf_format = match format {
                ResultFormat::NTriples => RdfFormat::NTriples,
                ResultFormat::RdfXml => RdfFormat::RdfXml,
                _ => RdfFormat::Turtle,
            };
            let mut serializer = RdfSerializer::from_format(rdf_format);
            for (prefix, namespace) in prefixes {
                serializer = serializer
                    .with_prefix(prefix, namespace)
                    .map_err(|e| QueryError::Invalid(e.to_string()))?;
            }
            let mut writer = serializer.for_writer(out);
            for triple in &triples {
                writer.serialize_triple(triple)?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}

/// A term for people: prefixed name where a prefix fits, plain literal values.
pub fn display_term(term: &Term, prefixes: &[(String, String)]) -> String {
    match term {
        Term::NamedNode(node) => {
            let iri = node.as_str();
            prefixes
                .iter()
                .filter(|(_, ns)| iri.starts_with(ns.as_str()))
                .max_by_key(|(_, ns)| ns.len())
                .map(|(p, ns)| format!("{p}:{}", &iri[ns.len()..]))
                .unwrap_or_else(|| format!("<{iri}>"))
        }
        Term::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    }
}

/// The text table: columns two spaces apart (one of padding, one of junction), a rule of dashes under the header, no
/// borders.
const PLAIN_TABLE: TableStyle = TableStyle::new()
    .header_separator(LineStyle::none().fill('-').junction(' '))
    .header_lines(ContentLineStyle::none().junction(' '))
    .content_lines(ContentLineStyle::none().junction(' '));

/// Writes rows as a table aligned on display width (`comfy-table`), with a header rule
/// and the number of rows.
fn write_table(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let clean = |s: &String| s.replace(['\n', '\r', '\t'], " ");
    let mut table = Table::new();
    table
        .load_style(PLAIN_TABLE)
        .set_header(header.iter().map(clean))
        .add_rows(rows.iter().map(|row| row.iter().map(clean)));
    let last = header.len().saturating_sub(1);
    for (i, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, u16::from(i < last)));
    }
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Queries that compute without reading the store for long stretches (cartesian
    /// products counted, grouped, sorted or made distinct), on a store of 200 triples: each
    /// would run for hours. Every one stops soon after its timeout: Oxigraph's evaluator
    /// checked the deadline only when it read the store (vendor/spareval/KGRAPH.md).
    #[test]
    fn cpu_bound_queries_stop_at_their_timeout() {
        let store = KgStore::in_memory().unwrap();
        for i in 0..200 {
            let subject = NamedNode::new(format!("http://example.org/s{i}")).unwrap();
            let object = oxigraph::model::Literal::from(i);
            store
                .oxigraph()
                .insert(&oxigraph::model::Quad::new(
                    subject,
                    vocab::rdf::LABEL,
                    object,
                    oxigraph::model::GraphName::DefaultGraph,
                ))
                .unwrap();
        }
        let product = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l";
        let queries = [
            format!("SELECT (COUNT(*) AS ?n) {{ {product} }}"),
            format!("SELECT ?a (COUNT(*) AS ?n) {{ {product} }} GROUP BY ?a"),
            format!("SELECT DISTINCT ?a ?l {{ {product} }}"),
            format!("SELECT * {{ {product} }} ORDER BY DESC(STR(?c)) ?i LIMIT 1"),
            format!("ASK {{ {product} FILTER(?c + ?f + ?i + ?l < 0) }}"),
        ];
        let store = Arc::new(store);
        for query in queries {
            let (done, finished) = std::sync::mpsc::channel();
            let running = Arc::clone(&store);
            let text = query.clone();
            std::thread::spawn(move || {
                let timeout = Some(Duration::from_millis(200));
                let result = run(&running, &text, ResultFormat::Tsv, timeout, &mut Vec::new());
                let _ = done.send(result);
            });
            match finished.recv_timeout(Duration::from_secs(60)) {
                Ok(Err(QueryError::Timeout(_))) => {}
                Ok(other) => panic!("{query}: {other:?}"),
                Err(_) => panic!("{query}: still running a minute after its timeout"),
            }
        }
    }

    #[test]
    fn empty_text_is_a_syntax_error_and_a_byte_order_mark_is_ignored() {
        let store = KgStore::in_memory().unwrap();
        for empty in ["", "  \n", "# nothing\n"] {
            let error = PreparedQuery::parse(&store, empty).err();
            assert!(
                matches!(error, Some(QueryError::Syntax { .. })),
                "{empty:?}: {error:?}"
            );
        }
        let with_bom = PreparedQuery::parse(&store, "\u{feff}ASK { ?s ?p ?o }").unwrap();
        assert_eq!(with_bom.kind(), QueryKind::Boolean);
    }

    #[test]
    fn syntax_errors_point_at_the_text() {
        let error = syntax_error(
            "SELECT ?x\nWHERE { ?x ?y }",
            "error at 2:15: expected one of \".\", \"}\"",
        );
        let message = error.to_string();
        assert!(message.contains("line 2, column 15"), "{message}");
        assert!(
            message.contains("WHERE { ?x ?y }\n                ^"),
            "{message}"
        );
    }

    #[test]
    fn formats_parse_and_list_choices() {
        assert_eq!("CSV".parse(), Ok(ResultFormat::Csv));
        let error = "yaml".parse::<ResultFormat>().unwrap_err();
        assert!(
            error.contains("table, csv, tsv, json, xml, turtle, ntriples"),
            "{error}"
        );
    }

    #[test]
    fn tables_align_on_display_width() {
        let mut out = Vec::new();
        let header = vec!["name".to_owned(), "n".to_owned()];
        let rows = vec![
            vec!["Nicolás".to_owned(), "2".to_owned()],
            vec!["東京".to_owned(), "3".to_owned()],
            vec!["Al\tB\nC".to_owned(), "10".to_owned()],
        ];
        write_table(&mut out, &header, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "name     n\n-------- --\nNicolás  2\n東京     3\nAl B C   10\n(3 rows)\n"
        );
    }
}

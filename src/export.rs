//! Export: the whole graph in a standard RDF format, sorted so that the same store always
//! gives the same bytes.
//!
//! N-Quads and TriG keep the named graphs (one per document plus the entity graph); the
//! other formats merge them into one graph, dropping duplicate triples. Turtle, TriG and
//! RDF/XML use readable prefixes; the entity prefixes (`person:`, `org:`, `place:`, `law:`)
//! cover one IRI folder each, so local names stay plain.

use crate::line_sort::{self, LineSorter, SortedLines};
use crate::nquads;
use crate::progress::{ProgressSink, Stage};
use crate::query::{self, store_iris};
use crate::store::{KgStore, StoreError};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Triple};
use std::io::Write;
use std::str::FromStr;

/// The RDF formats kgraph exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Turtle (graphs merged).
    Turtle,
    /// N-Triples (graphs merged).
    NTriples,
    /// N-Quads (graphs kept).
    NQuads,
    /// TriG (graphs kept).
    TriG,
    /// RDF/XML (graphs merged).
    RdfXml,
    /// JSON-LD, expanded form (graphs merged).
    JsonLd,
}

impl ExportFormat {
    /// Every format's name, for messages.
    pub const NAMES: &[&str] = &["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"];

    /// The Oxigraph format.
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::NTriples => RdfFormat::NTriples,
            Self::NQuads => RdfFormat::NQuads,
            Self::TriG => RdfFormat::TriG,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }

    /// Whether the format keeps named graphs.
    pub fn keeps_graphs(self) -> bool {
        matches!(self, Self::NQuads | Self::TriG)
    }

    /// The format for a file extension (`.ttl`, `.nq`, ...), if any.
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "ttl" => Some(Self::Turtle),
            "nt" => Some(Self::NTriples),
            "nq" => Some(Self::NQuads),
            "trig" => Some(Self::TriG),
            "rdf" | "owl" | "xml" => Some(Self::RdfXml),
            "jsonld" => Some(Self::JsonLd),
            _ => None,
        }
    }
}

impl FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "turtle" | "ttl" => Self::Turtle,
            "ntriples" | "nt" => Self::NTriples,
            "nquads" | "nq" => Self::NQuads,
            "trig" => Self::TriG,
            "rdfxml" | "rdf" | "xml" => Self::RdfXml,
            "jsonld" | "json-ld" => Self::JsonLd,
            other => {
                return Err(format!(
                    "unknown export format {other:?}: expected one of {}",
                    Self::NAMES.join(", ")
                ));
            }
        })
    }
}

/// What can go wrong in an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading the store failed.
    #[error("cannot read the store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// Writing failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes the whole store to `out`, graph by graph (named graphs in IRI order, each
/// sorted); returns the number of quads (or triples) written. Each graph written is
/// reported to `progress` (one stage, "exporting", counting graphs as documents).
///
/// # Errors
/// [`ExportError`] when the store cannot be read or `out` cannot be written.
pub fn export(
    store: &KgStore,
    format: ExportFormat,
    out: &mut dyn Write,
    progress: &ProgressSink,
) -> Result<usize, ExportError> {
    let graphs = graphs_in_order(store)?;
    progress.stage(Stage {
        name: "exporting".into(),
        bytes: None,
        documents: Some(graphs.len() as u64),
    });
    let count = if format == ExportFormat::NQuads {
        export_nquads(store, &graphs, out, progress)?
    } else {
        export_rdf(store, &graphs, format, out, progress)?
    };
    progress.finish();
    Ok(count)
}

/// [`export`] to any format but N-Quads: through Oxigraph's serializer.
fn export_rdf(
    store: &KgStore,
    graphs: &[GraphName],
    format: ExportFormat,
    out: &mut dyn Write,
    progress: &ProgressSink,
) -> Result<usize, ExportError> {
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    let iris = store_iris(store);
    // The query prefixes, less `kg:` and `doc:`: their local names would contain `/`, `#`
    // or `=`, which Turtle writers escape and some stores then keep verbatim.
    let prefixes: Vec<(String, String)> = query::prefixes(&iris)
        .into_iter()
        .filter(|(prefix, _)| prefix != "kg" && prefix != "doc")
        .collect();
    for (prefix, namespace) in &prefixes {
        serializer = serializer
            .with_prefix(prefix, namespace)
            .expect("built-in prefixes are valid");
    }
    let mut writer = serializer.for_writer(out);
    let mut count = 0;
    // Each quad (or, graphs merged, triple) as its N-Quads (N-Triples) line: sorted as
    // lines, then parsed back one at a time.
    let keeps_graphs = format.keeps_graphs();
    let line_format = if keeps_graphs {
        RdfFormat::NQuads
    } else {
        RdfFormat::NTriples
    };
    for graph in graphs {
        let lines = sorted_graph_lines(store, graph, |line, quad| {
            if keeps_graphs {
                nquads::push_line(line, quad.as_ref());
            } else {
                // kgraph never writes a triple into two graphs (the direct triple of a
                // fact is in the entity graph only), so graph by graph they are each
                // written once.
                nquads::push_triple(line, quad.as_ref().into());
                line.push_str(" .\n");
            }
        })?;
        for line in lines {
            let line = line?;
            let quad = RdfParser::from_format(line_format)
                .for_slice(line.as_bytes())
                .next()
                .and_then(Result::ok)
                .ok_or_else(|| {
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("a stored quad does not read back from its line: {line}"),
                    )
                })?;
            count += 1;
            if keeps_graphs {
                writer.serialize_quad(&quad)?;
            } else {
                writer.serialize_triple(&Triple::from(quad))?;
            }
        }
        progress.advance(1, 0);
    }
    writer.finish()?;
    Ok(count)
}

/// The lines `line` makes of the quads of `graph`, sorted and each once. A graph larger
/// than [`line_sort::RUN_BYTES`] is sorted in runs on disk.
fn sorted_graph_lines(
    store: &KgStore,
    graph: &GraphName,
    line: impl Fn(&mut String, &Quad),
) -> Result<SortedLines, ExportError> {
    let mut sorter = LineSorter::new(line_sort::RUN_BYTES);
    for quad in store
        .oxigraph()
        .quads_for_pattern(None, None, None, Some(graph.as_ref()))
    {
        let mut text = String::new();
        line(&mut text, &quad?);
        sorter.push(text)?;
    }
    Ok(sorter.finish()?)
}

/// The graphs of the store in the order they are exported: the default graph, then the
/// named graphs in IRI order. One graph is read at a time, and a large one (the entity
/// graph) is sorted in runs on disk, so memory holds neither the store nor its largest
/// graph.
fn graphs_in_order(store: &KgStore) -> Result<Vec<GraphName>, ExportError> {
    let mut graphs: Vec<GraphName> = vec![GraphName::DefaultGraph];
    let mut named: Vec<NamedOrBlankNode> =
        store.oxigraph().named_graphs().collect::<Result<_, _>>()?;
    named.sort_by_cached_key(ToString::to_string);
    graphs.extend(named.into_iter().map(GraphName::from));
    Ok(graphs)
}

/// [`export`] as N-Quads: each line is made once ([`nquads`]) and the lines of a graph
/// sorted, the same bytes Oxigraph's serializer writes for the sorted quads.
/// [`export`] to N-Quads: the sorted lines as they are.
fn export_nquads(
    store: &KgStore,
    graphs: &[GraphName],
    out: &mut dyn Write,
    progress: &ProgressSink,
) -> Result<usize, ExportError> {
    let mut count = 0;
    for graph in graphs {
        for line in sorted_graph_lines(store, graph, |line, quad| {
            nquads::push_line(line, quad.as_ref());
        })? {
            out.write_all(line?.as_bytes())?;
            count += 1;
        }
        progress.advance(1, 0);
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names_and_extensions() {
        for name in ExportFormat::NAMES {
            assert!(name.parse::<ExportFormat>().is_ok(), "{name}");
        }
        assert_eq!(
            ExportFormat::from_extension("NQ"),
            Some(ExportFormat::NQuads)
        );
        assert!(
            "dotx"
                .parse::<ExportFormat>()
                .unwrap_err()
                .contains("turtle, ntriples")
        );
    }
}

//! Stage 6, graph: the in-memory entity graph (petgraph), source of the Graphviz drawings.
//!
//! Nodes are entities. Edges are of two kinds ([`EntityEdge`]): *relations*, one per
//! distinct `<entity> <predicate> <entity>` statement of the document graphs, counted over
//! the documents that state it; and *co-mentions*, joining two entities named in the same
//! sentence, counted in sentences. The graph is a directed multigraph: two entities can be
//! joined by several relations and a co-mention at once (co-mention edges run from the
//! lower to the higher node index and are drawn without arrows).
//!
//! [`from_store`] builds it from the whole store, one document, or the triples of a
//! CONSTRUCT query ([`Source`]); [`filter`] narrows it (types, relations, mentions, the
//! neighbourhood of one entity); [`dot`] writes it as Graphviz DOT and
//! [`render`](mod@render) turns that into SVG, PNG or PDF through Graphviz. Nodes are
//! added in IRI order and edges in a fixed order, so the same store always gives the same
//! drawing.

pub mod dot;
pub mod filter;
pub mod render;

pub use dot::{escape_dot, to_dot};
pub use filter::{Filter, apply, find_entity};
pub use render::{ImageFormat, RenderError, render};

use crate::catalog::{self, CatalogEntry};
use crate::entity_type::EntityType;
use crate::query::{self, QueryError, store_iris};
use crate::store::KgStore;
use crate::vocab::{common, kgo, nif, rdf};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, Term, Triple};
use oxigraph::store::StorageError;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet};

/// How long a `--construct` query may run.
pub const CONSTRUCT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// An entity node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityNode {
    /// Its IRI.
    pub iri: String,
    /// Its type.
    pub entity_type: EntityType,
    /// Its canonical name.
    pub label: String,
    /// Its other names.
    pub alt_labels: Vec<String>,
    /// Number of mentions (in the one document when the graph is of one document).
    pub mentions: usize,
}

/// The predicate of a relation edge, with the names it can be selected by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Predicate {
    /// Its IRI.
    pub iri: String,
    /// Its prefixed name where a known prefix fits (`wdt:P39`), else `<IRI>`.
    pub prefixed: String,
    /// Its `rdfs:label` ("position held"), else the IRI's local name (`P39`).
    pub label: String,
}

impl Predicate {
    /// The part of the IRI after its last `#` or `/`.
    pub fn local_name(&self) -> &str {
        local_name(&self.iri)
    }
}

/// An edge of the entity graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityEdge {
    /// `source predicate target`, stated by `statements` documents (or query results).
    Relation {
        /// The predicate.
        predicate: Predicate,
        /// How many times it is stated: the number of document graphs holding it.
        statements: usize,
    },
    /// The two entities are named together in `sentences` sentences.
    CoMention {
        /// Number of shared sentences.
        sentences: usize,
    },
}

impl EntityEdge {
    /// The count the edge is weighted by: statements or shared sentences.
    pub fn count(&self) -> usize {
        match self {
            Self::Relation { statements, .. } => *statements,
            Self::CoMention { sentences } => *sentences,
        }
    }
}

/// Entities, their relations and co-mentions.
pub type EntityGraph = DiGraph<EntityNode, EntityEdge>;

/// What the graph is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// Every document of the store.
    Store,
    /// One document, by id (`dcterms:identifier`), source path or IRI: only the
    /// entities it mentions and the relations and co-mentions it states.
    Document(&'a str),
    /// The triples of a SPARQL CONSTRUCT (or DESCRIBE) query: every entity they name is
    /// a node, every entity-to-entity triple an edge (`kgo:coMentionedWith` ones as
    /// co-mentions).
    Construct(&'a str),
}

/// What can go wrong while building or filtering the graph.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// Reading the store failed.
    #[error("cannot read the store: {0}")]
    Storage(#[from] StorageError),
    /// The CONSTRUCT query failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// No document has this id, path or IRI.
    #[error("no document {name:?} in the store; documents: {}", list(known))]
    UnknownDocument {
        /// The name asked for.
        name: String,
        /// The ids of the stored documents.
        known: Vec<String>,
    },
    /// No entity has this name.
    #[error("no entity is called {name:?} in the graph; `kgraph entities` lists them all")]
    UnknownEntity {
        /// The name asked for.
        name: String,
    },
    /// Several entities have this name.
    #[error("{name:?} names {} entities: {}; give one of their IRIs", candidates.len(), list(candidates))]
    AmbiguousEntity {
        /// The name asked for.
        name: String,
        /// The IRIs of the entities it names.
        candidates: Vec<String>,
    },
    /// No edge of the graph is of this relation.
    #[error("no relation called {name:?} in the graph; relations: {}", list(known))]
    UnknownRelation {
        /// The name asked for.
        name: String,
        /// The relations the graph has, and `co-mention`.
        known: Vec<String>,
    },
}

/// At most ten items, comma-separated, then how many more.
fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "(none)".to_owned();
    }
    let mut text = items
        .iter()
        .take(10)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > 10 {
        text.push_str(&format!(" and {} more", items.len() - 10));
    }
    text
}

/// The part of an IRI after its last `#` or `/`.
fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

/// Builds the entity graph of `source`.
///
/// # Errors
/// [`GraphError::UnknownDocument`] when the document is not in the store,
/// [`GraphError::Query`] when the CONSTRUCT query does not parse or run, and
/// [`GraphError::Storage`] on storage failure.
pub fn from_store(store: &KgStore, source: Source<'_>) -> Result<EntityGraph, GraphError> {
    let catalogue: BTreeMap<String, CatalogEntry> = catalog::entities(store, None)?
        .into_iter()
        .map(|entry| (entry.iri.clone(), entry))
        .collect();
    let mut builder = Builder::new(store, catalogue);
    match source {
        Source::Store => builder.add_graphs(None)?,
        Source::Document(name) => {
            let document = find_document(store, name)?;
            builder.add_graphs(Some(document))?;
        }
        Source::Construct(text) => {
            let limits = query::Limits {
                timeout: Some(CONSTRUCT_TIMEOUT),
                max_results: None,
            };
            let triples = query::construct(store, text, limits)?;
            builder.add_triples(&triples);
        }
    }
    Ok(builder.finish())
}

/// The document whose IRI, `dcterms:identifier` or `dcterms:source` is `name`.
fn find_document(store: &KgStore, name: &str) -> Result<NamedNode, GraphError> {
    let oxigraph = store.oxigraph();
    let mut known = Vec::new();
    for quad in oxigraph.quads_for_pattern(None, Some(rdf::TYPE), Some(kgo::DOCUMENT.into()), None)
    {
        let quad = quad?;
        let oxigraph::model::NamedOrBlankNode::NamedNode(document) = quad.subject else {
            continue;
        };
        let mut names = vec![document.as_str().to_owned()];
        for predicate in [common::IDENTIFIER, common::SOURCE] {
            for value in oxigraph.quads_for_pattern(
                Some(document.as_ref().into()),
                Some(predicate),
                None,
                None,
            ) {
                if let Term::Literal(value) = value?.object {
                    names.push(value.value().to_owned());
                }
            }
        }
        if names.iter().any(|n| n == name) {
            return Ok(document);
        }
        known.push(names.get(1).unwrap_or(&names[0]).clone());
    }
    known.sort();
    known.dedup();
    Err(GraphError::UnknownDocument {
        name: name.to_owned(),
        known,
    })
}

/// Collects nodes and edges, then adds them to a petgraph graph in a fixed order.
struct Builder<'a> {
    store: &'a KgStore,
    catalogue: BTreeMap<String, CatalogEntry>,
    prefixes: Vec<(String, String)>,
    entities_graph: NamedNode,
    /// Drawn entities and their mention counts.
    nodes: BTreeMap<String, usize>,
    /// `(subject, predicate, object)` -> the graphs stating it, or a count.
    relations: BTreeMap<(String, String, String), usize>,
    /// `(lower IRI, higher IRI)` -> shared sentences.
    co_mentions: BTreeMap<(String, String), usize>,
}

impl<'a> Builder<'a> {
    fn new(store: &'a KgStore, catalogue: BTreeMap<String, CatalogEntry>) -> Self {
        let iris = store_iris(store);
        Self {
            store,
            catalogue,
            prefixes: query::prefixes(&iris),
            entities_graph: iris.entities_graph(),
            nodes: BTreeMap::new(),
            relations: BTreeMap::new(),
            co_mentions: BTreeMap::new(),
        }
    }

    /// Nodes, relations and co-mentions of every document graph, or of one.
    fn add_graphs(&mut self, document: Option<NamedNode>) -> Result<(), StorageError> {
        let oxigraph = self.store.oxigraph();
        let graph = document
            .as_ref()
            .map(|d| GraphNameRef::NamedNode(d.as_ref()));
        match document {
            None => {
                self.nodes = self
                    .catalogue
                    .values()
                    .map(|e| (e.iri.clone(), e.mentions))
                    .collect();
            }
            Some(_) => {
                for quad in oxigraph.quads_for_pattern(None, Some(nif::TA_IDENT_REF), None, graph) {
                    if let Term::NamedNode(entity) = quad?.object
                        && self.catalogue.contains_key(entity.as_str())
                    {
                        *self.nodes.entry(entity.into_string()).or_default() += 1;
                    }
                }
            }
        }
        // Entities per sentence.
        let mut sentences: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for quad in oxigraph.quads_for_pattern(None, Some(nif::TA_IDENT_REF), None, graph) {
            let quad = quad?;
            let Term::NamedNode(entity) = &quad.object else {
                continue;
            };
            let sentence = oxigraph
                .quads_for_pattern(
                    Some(quad.subject.as_ref()),
                    Some(nif::SENTENCE),
                    None,
                    Some(quad.graph_name.as_ref()),
                )
                .next()
                .transpose()?;
            if let Some(sentence) = sentence {
                sentences
                    .entry(sentence.object.to_string())
                    .or_default()
                    .insert(entity.as_str().to_owned());
            }
        }
        // A list of more names than a sentence co-mentions joins none (as in the entity
        // graph).
        for entities in sentences
            .values()
            .filter(|entities| entities.len() <= crate::rdf::MAX_CO_MENTIONED)
        {
            let members: Vec<&String> = entities
                .iter()
                .filter(|e| self.catalogue.contains_key(*e))
                .collect();
            for (i, a) in members.iter().enumerate() {
                for b in &members[i + 1..] {
                    *self
                        .co_mentions
                        .entry(((*a).clone(), (*b).clone()))
                        .or_default() += 1;
                }
            }
        }
        // Relations: entity-to-entity statements, counted in the graphs stating them: the
        // reified statements of document graphs, and direct triples (a triple found only
        // in the entity graph, where kgraph merges them, counts once).
        let mut stated: BTreeMap<(String, String, String), BTreeSet<String>> = BTreeMap::new();
        for quad in oxigraph.quads_for_pattern(None, Some(rdf::PREDICATE), None, graph) {
            let quad = quad?;
            let Term::NamedNode(predicate) = &quad.object else {
                continue;
            };
            if *predicate == kgo::CO_MENTIONED_WITH {
                continue;
            }
            let part = |p| {
                oxigraph
                    .quads_for_pattern(
                        Some(quad.subject.as_ref()),
                        Some(p),
                        None,
                        Some(quad.graph_name.as_ref()),
                    )
                    .next()
                    .transpose()
            };
            let (Some(subject), Some(object)) = (part(rdf::SUBJECT)?, part(rdf::OBJECT)?) else {
                continue;
            };
            let (Term::NamedNode(subject), Term::NamedNode(object)) =
                (subject.object, object.object)
            else {
                continue;
            };
            if self.catalogue.contains_key(subject.as_str())
                && self.catalogue.contains_key(object.as_str())
            {
                stated
                    .entry((
                        subject.into_string(),
                        predicate.as_str().to_owned(),
                        object.into_string(),
                    ))
                    .or_default()
                    .insert(quad.graph_name.to_string());
            }
        }
        for subject in self.catalogue.keys() {
            let subject_node = NamedNodeRef::new_unchecked(subject);
            for quad in oxigraph.quads_for_pattern(Some(subject_node.into()), None, None, graph) {
                let quad = quad?;
                let Term::NamedNode(object) = &quad.object else {
                    continue;
                };
                if !self.catalogue.contains_key(object.as_str())
                    || quad.predicate == kgo::CO_MENTIONED_WITH
                {
                    continue;
                }
                let graphs = stated
                    .entry((
                        subject.clone(),
                        quad.predicate.as_str().to_owned(),
                        object.as_str().to_owned(),
                    ))
                    .or_default();
                if quad.graph_name != GraphName::NamedNode(self.entities_graph.clone()) {
                    graphs.insert(quad.graph_name.to_string());
                }
            }
        }
        for (key, graphs) in stated {
            for iri in [&key.0, &key.2] {
                self.nodes.entry(iri.clone()).or_insert(0);
            }
            self.relations.insert(key, graphs.len().max(1));
        }
        Ok(())
    }

    /// Nodes and edges from query results.
    fn add_triples(&mut self, triples: &[Triple]) {
        for triple in triples {
            let subject = match &triple.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
                oxigraph::model::NamedOrBlankNode::BlankNode(_) => None,
            }
            .filter(|s| self.catalogue.contains_key(*s));
            let object = match &triple.object {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            }
            .filter(|o| self.catalogue.contains_key(*o));
            for iri in [subject, object].into_iter().flatten() {
                let mentions = self.catalogue[iri].mentions;
                self.nodes.insert(iri.to_owned(), mentions);
            }
            let (Some(subject), Some(object)) = (subject, object) else {
                continue;
            };
            if triple.predicate == kgo::CO_MENTIONED_WITH {
                if subject != object {
                    let (a, b) = if subject < object {
                        (subject, object)
                    } else {
                        (object, subject)
                    };
                    self.co_mentions
                        .entry((a.to_owned(), b.to_owned()))
                        .or_insert(1);
                }
                continue;
            }
            *self
                .relations
                .entry((
                    subject.to_owned(),
                    triple.predicate.as_str().to_owned(),
                    object.to_owned(),
                ))
                .or_default() += 1;
        }
    }

    /// The predicate's label, prefixed name and IRI.
    fn predicate(&self, iri: &str) -> Predicate {
        let node = NamedNodeRef::new_unchecked(iri);
        let label = self
            .store
            .oxigraph()
            .quads_for_pattern(Some(node.into()), Some(rdf::LABEL), None, None)
            .filter_map(Result::ok)
            .filter_map(|q| match q.object {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            })
            .min()
            .unwrap_or_else(|| local_name(iri).to_owned());
        Predicate {
            iri: iri.to_owned(),
            prefixed: query::display_term(&Term::NamedNode(node.into_owned()), &self.prefixes),
            label,
        }
    }

    /// The petgraph graph: nodes in IRI order, then relation edges by (subject,
    /// predicate, object), then co-mention edges by node pair.
    fn finish(self) -> EntityGraph {
        let mut graph = EntityGraph::default();
        let mut index: BTreeMap<&str, NodeIndex> = BTreeMap::new();
        for (iri, &mentions) in &self.nodes {
            let entry = &self.catalogue[iri];
            let node = graph.add_node(EntityNode {
                iri: iri.clone(),
                entity_type: entry.entity_type,
                label: entry.label.clone(),
                alt_labels: entry.alt_labels.clone(),
                mentions,
            });
            index.insert(iri, node);
        }
        let mut predicates: BTreeMap<&str, Predicate> = BTreeMap::new();
        for ((subject, predicate, object), &statements) in &self.relations {
            let predicate = predicates
                .entry(predicate.as_str())
                .or_insert_with(|| self.predicate(predicate))
                .clone();
            graph.add_edge(
                index[subject.as_str()],
                index[object.as_str()],
                EntityEdge::Relation {
                    predicate,
                    statements,
                },
            );
        }
        let mut pairs: Vec<(NodeIndex, NodeIndex, usize)> = self
            .co_mentions
            .iter()
            .filter_map(|((a, b), &sentences)| {
                let (a, b) = (*index.get(a.as_str())?, *index.get(b.as_str())?);
                Some((a.min(b), a.max(b), sentences))
            })
            .collect();
        pairs.sort();
        for (a, b, sentences) in pairs {
            graph.add_edge(a, b, EntityEdge::CoMention { sentences });
        }
        graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, Quad};

    const BASE: &str = "http://example.org/kgraph/";

    fn iri(path: &str) -> NamedNode {
        NamedNode::new(format!("{BASE}{path}")).unwrap()
    }

    fn wdt(p: &str) -> NamedNode {
        NamedNode::new(format!("http://www.wikidata.org/prop/direct/{p}")).unwrap()
    }

    /// A store holding two documents, four entities, sentences, and relations written by
    /// hand the way the relation extractor stores them.
    pub(crate) fn store_with_relations() -> KgStore {
        let store = KgStore::in_memory().unwrap();
        let entities = GraphName::NamedNode(iri("graph/entities"));
        let mut quads = vec![Quad::new(
            iri(""),
            rdf::TYPE,
            kgo::KNOWLEDGE_GRAPH,
            entities.clone(),
        )];
        let people = [
            ("person/ann-lee", crate::vocab::schema::PERSON, "Ann Lee"),
            ("person/bo-diaz", crate::vocab::schema::PERSON, "Bo Díaz"),
            ("org/acme", crate::vocab::schema::ORGANIZATION, "Acme"),
            (
                "law/alien-act",
                crate::vocab::schema::LEGISLATION,
                "Alien Act",
            ),
        ];
        for (path, class, label) in people {
            quads.push(Quad::new(iri(path), rdf::TYPE, class, entities.clone()));
            quads.push(Quad::new(
                iri(path),
                rdf::LABEL,
                Literal::new_simple_literal(label),
                entities.clone(),
            ));
        }
        quads.push(Quad::new(
            iri("person/ann-lee"),
            common::ALT_LABEL,
            Literal::new_simple_literal("Lee"),
            entities.clone(),
        ));
        quads.push(Quad::new(
            wdt("P39"),
            rdf::LABEL,
            Literal::new_simple_literal("position held"),
            entities.clone(),
        ));
        quads.push(Quad::new(
            NamedNode::new(format!("{}invoked", crate::vocab::KGO)).unwrap(),
            rdf::LABEL,
            Literal::new_simple_literal("invoked"),
            entities.clone(),
        ));
        // Document 1: "Ann Lee of Acme met Bo Díaz." / "Lee invoked the Alien Act."
        // Document 2: "Ann Lee of Acme spoke."
        let mentions: &[(&str, &str, &[&str])] = &[
            (
                "document/d1",
                "s1",
                &["person/ann-lee", "org/acme", "person/bo-diaz"],
            ),
            ("document/d1", "s2", &["person/ann-lee", "law/alien-act"]),
            ("document/d2", "s1", &["person/ann-lee", "org/acme"]),
        ];
        for (document, sentence, named) in mentions {
            let graph = GraphName::NamedNode(iri(document));
            let sentence = iri(&format!("{document}#{sentence}"));
            for (i, entity) in named.iter().enumerate() {
                let mention = NamedNode::new(format!("{}-m{i}", sentence.as_str())).unwrap();
                quads.push(Quad::new(
                    mention.clone(),
                    nif::TA_IDENT_REF,
                    iri(entity),
                    graph.clone(),
                ));
                quads.push(Quad::new(
                    mention,
                    nif::SENTENCE,
                    sentence.clone(),
                    graph.clone(),
                ));
            }
        }
        // The counts the entity graph keeps of those mentions, as a build writes them.
        let mut counts: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
        for (document, _, named) in mentions {
            for entity in named.iter() {
                let count = counts.entry(entity).or_default();
                count.0 += 1;
                count.1.insert(document);
            }
        }
        for (entity, (mentions, documents)) in counts {
            let number = |n: usize| {
                Literal::new_typed_literal(n.to_string(), oxigraph::model::vocab::xsd::INTEGER)
            };
            quads.push(Quad::new(
                iri(entity),
                kgo::MENTION_COUNT,
                number(mentions),
                entities.clone(),
            ));
            quads.push(Quad::new(
                iri(entity),
                kgo::DOCUMENT_COUNT,
                number(documents.len()),
                entities.clone(),
            ));
        }
        for document in ["document/d1", "document/d2"] {
            let graph = GraphName::NamedNode(iri(document));
            quads.push(Quad::new(
                iri(document),
                rdf::TYPE,
                kgo::DOCUMENT,
                graph.clone(),
            ));
            quads.push(Quad::new(
                iri(document),
                common::IDENTIFIER,
                Literal::new_simple_literal(&document["document/".len()..]),
                graph.clone(),
            ));
            // Stated in both documents: counted twice.
            quads.push(Quad::new(
                iri("person/ann-lee"),
                wdt("P108"),
                iri("org/acme"),
                graph.clone(),
            ));
        }
        let d1 = GraphName::NamedNode(iri("document/d1"));
        let invoked = NamedNode::new(format!("{}invoked", crate::vocab::KGO)).unwrap();
        for quad in [
            Quad::new(
                iri("person/ann-lee"),
                invoked,
                iri("law/alien-act"),
                d1.clone(),
            ),
            // An entity-to-entity co-mention triple: not a relation.
            Quad::new(
                iri("person/ann-lee"),
                kgo::CO_MENTIONED_WITH,
                iri("person/bo-diaz"),
                d1.clone(),
            ),
            // Objects that are not entities are not drawn.
            Quad::new(
                iri("person/bo-diaz"),
                wdt("P39"),
                iri("document/d1#position-1"),
                d1.clone(),
            ),
            Quad::new(
                iri("person/bo-diaz"),
                wdt("P569"),
                Literal::new_simple_literal("1970"),
                d1.clone(),
            ),
            Quad::new(
                iri("person/bo-diaz"),
                wdt("P39"),
                iri("org/acme"),
                d1.clone(),
            ),
        ] {
            quads.push(quad);
        }
        store.oxigraph().extend(quads).unwrap();
        store
    }

    /// `(source label, edge label or count, target label)` of every edge.
    pub(crate) fn edges(graph: &EntityGraph) -> Vec<(String, String, String)> {
        graph
            .edge_indices()
            .map(|e| {
                let (a, b) = graph.edge_endpoints(e).unwrap();
                let what = match &graph[e] {
                    EntityEdge::Relation {
                        predicate,
                        statements,
                    } => format!("{} x{statements}", predicate.label),
                    EntityEdge::CoMention { sentences } => format!("co-mention x{sentences}"),
                };
                (graph[a].label.clone(), what, graph[b].label.clone())
            })
            .collect()
    }

    fn owned(edges: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        edges
            .iter()
            .map(|(a, w, b)| ((*a).to_owned(), (*w).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn relations_and_co_mentions_from_the_store() {
        let store = store_with_relations();
        let graph = from_store(&store, Source::Store).unwrap();
        let labels: Vec<&str> = graph.node_weights().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["Alien Act", "Acme", "Ann Lee", "Bo Díaz"]);
        assert_eq!(
            edges(&graph),
            owned(&[
                ("Ann Lee", "invoked x1", "Alien Act"),
                ("Ann Lee", "P108 x2", "Acme"),
                ("Bo Díaz", "position held x1", "Acme"),
                ("Alien Act", "co-mention x1", "Ann Lee"),
                ("Acme", "co-mention x2", "Ann Lee"),
                ("Acme", "co-mention x1", "Bo Díaz"),
                ("Ann Lee", "co-mention x1", "Bo Díaz"),
            ])
        );
        let p39 = graph
            .edge_weights()
            .find_map(|e| match e {
                EntityEdge::Relation { predicate, .. } if predicate.label == "position held" => {
                    Some(predicate.clone())
                }
                _ => None,
            })
            .unwrap();
        assert_eq!(p39.prefixed, "wdt:P39");
        assert_eq!(p39.local_name(), "P39");
    }

    #[test]
    fn one_document_has_its_own_entities_counts_and_edges() {
        let store = store_with_relations();
        let graph = from_store(&store, Source::Document("d2")).unwrap();
        let nodes: Vec<(&str, usize)> = graph
            .node_weights()
            .map(|n| (n.label.as_str(), n.mentions))
            .collect();
        assert_eq!(nodes, [("Acme", 1), ("Ann Lee", 1)]);
        assert_eq!(
            edges(&graph),
            owned(&[
                ("Ann Lee", "P108 x1", "Acme"),
                ("Acme", "co-mention x1", "Ann Lee"),
            ])
        );
        let by_iri = from_store(&store, Source::Document(&format!("{BASE}document/d2"))).unwrap();
        assert_eq!(by_iri.node_count(), 2);
        let error = from_store(&store, Source::Document("d3")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no document \"d3\" in the store; documents: d1, d2"
        );
    }

    #[test]
    fn any_name_gives_a_drawing_graphviz_accepts() {
        let hostile = [
            "Zoë \"Zed\" O'Brien",
            "Back\\slash\\",
            "<Angle> & <b>bold</b>",
            "two\nlines\r\nthree",
            "Emoji 😀 Holdings",
            "\\N \\G \\L",
            "{ } ; -- -> [ ]",
        ];
        let mut graph = EntityGraph::default();
        let nodes: Vec<NodeIndex> = hostile
            .iter()
            .enumerate()
            .map(|(i, name)| {
                graph.add_node(EntityNode {
                    iri: format!("{BASE}person/{i}"),
                    entity_type: EntityType::ALL[i % 4],
                    label: (*name).to_owned(),
                    alt_labels: Vec::new(),
                    mentions: i,
                })
            })
            .collect();
        for pair in nodes.windows(2) {
            graph.add_edge(
                pair[0],
                pair[1],
                EntityEdge::Relation {
                    predicate: Predicate {
                        iri: format!("{BASE}p\"q"),
                        prefixed: "kg:p\"q\\".to_owned(),
                        label: hostile[pair[0].index()].to_owned(),
                    },
                    statements: pair[1].index(),
                },
            );
            graph.add_edge(pair[0], pair[1], EntityEdge::CoMention { sentences: 2 });
        }
        let dot = to_dot(&graph, None);
        let mut svg = Vec::new();
        match render(&dot, ImageFormat::Svg, render::GRAPHVIZ, &mut svg) {
            Ok(_) => {
                let svg = String::from_utf8(svg).unwrap();
                assert!(svg.contains("Zoë &quot;Zed&quot; O&#39;Brien"), "{svg}");
                assert!(
                    svg.contains("&lt;Angle&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"),
                    "{svg}"
                );
                assert!(svg.contains("Emoji 😀 Holdings"), "{svg}");
                assert!(svg.contains("Back\\slash\\"), "{svg}");
                assert!(svg.contains("\\N \\G \\L"), "{svg}");
            }
            Err(RenderError::Missing { .. }) if std::env::var_os("CI").is_none() => {}
            Err(error) => panic!("{error}\n{dot}"),
        }
    }

    #[test]
    fn construct_results_become_edges() {
        let store = store_with_relations();
        let graph = from_store(
            &store,
            Source::Construct(
                "CONSTRUCT { ?a ?p ?b } WHERE { GRAPH ?g { ?a ?p ?b } \
                 FILTER(?p IN (kgo:invoked, kgo:coMentionedWith)) }",
            ),
        )
        .unwrap();
        let labels: Vec<&str> = graph.node_weights().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["Alien Act", "Ann Lee", "Bo Díaz"]);
        assert_eq!(
            edges(&graph),
            owned(&[
                ("Ann Lee", "invoked x1", "Alien Act"),
                ("Ann Lee", "co-mention x1", "Bo Díaz"),
            ])
        );
        let select = from_store(&store, Source::Construct("SELECT * { ?s ?p ?o }"));
        assert!(
            matches!(select, Err(GraphError::Query(QueryError::Invalid(ref m))) if m.contains("CONSTRUCT")),
            "{select:?}"
        );
    }
}

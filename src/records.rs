//! Extraction as JSON lines: one record per document with its mentions and relations
//! (`kgraph extract --format jsonl`), for pipelines that want the findings without RDF.
//!
//! Offsets are Unicode code points, end exclusive (as in NIF and the gold files); entities
//! and predicates are the IRIs a build would store, so records from shards of a corpus
//! agree.

use crate::relate::Object;
use crate::span::CodePoints;
use serde::Serialize;

/// One document's findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRecord {
    /// The document's id.
    pub id: String,
    /// Its IRI (also the name of its graph).
    pub iri: String,
    /// The path it was read from.
    pub source: String,
    /// Its title, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `blake3:<hex>` of its text.
    pub content_hash: String,
    /// Mentions in text order.
    pub mentions: Vec<MentionRecord>,
    /// Relations in text order.
    pub relations: Vec<RelationRecord>,
}

/// One mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRecord {
    /// Its text.
    pub text: String,
    /// `PERSON`, `ORG`, `PLACE` or `LAW`.
    #[serde(rename = "type")]
    pub entity_type: &'static str,
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// The entity's IRI.
    pub entity: String,
    /// The rule that typed it.
    pub rule: String,
    /// The rule's confidence.
    pub confidence: f32,
}

/// One relation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationRecord {
    /// The subject entity's IRI.
    pub subject: String,
    /// The predicate's IRI.
    pub predicate: String,
    /// The predicate's label ("position held", "invoked").
    pub label: String,
    /// The object: an entity or position IRI, or a value.
    pub object: ObjectRecord,
    /// The words that state it.
    pub evidence: String,
    /// Start of the evidence, in code points.
    pub start: usize,
    /// End of the evidence (exclusive), in code points.
    pub end: usize,
    /// The rule that found it.
    pub rule: &'static str,
    /// The rule's confidence.
    pub confidence: f32,
}

/// The object of a relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectRecord {
    /// An entity, by IRI.
    Entity(String),
    /// A position, by IRI, with its name.
    Position {
        /// Its IRI.
        iri: String,
        /// Its name.
        label: String,
    },
    /// A count.
    Quantity(u64),
    /// A year.
    Year(u16),
}

/// Builds the record of one document from its graph description.
pub fn document_record(
    iris: &crate::rdf::Iris,
    graph: &crate::rdf::DocumentGraph<'_>,
) -> DocumentRecord {
    let document = graph.document;
    let text = &document.text;
    let offsets = CodePoints::new(text);
    let mentions = graph
        .mentions
        .iter()
        .map(|m| {
            let (start, end) = offsets.span(m.span);
            MentionRecord {
                text: m.span.of(text).to_owned(),
                entity_type: m.entity_type.label(),
                start,
                end,
                entity: m.entity.as_str().to_owned(),
                rule: m.rule.to_owned(),
                confidence: m.confidence,
            }
        })
        .collect();
    let relations = graph
        .relations
        .relations
        .iter()
        .map(|r| {
            let (start, end) = offsets.span(r.evidence);
            let object = match &r.object {
                Object::Entity(a) => {
                    ObjectRecord::Entity(graph.local_iris[a.entity].as_str().to_owned())
                }
                Object::Position(p) => ObjectRecord::Position {
                    iri: iris.position(&crate::rdf::slug(&p.label)).into_string(),
                    label: p.label.clone(),
                },
                Object::Quantity(n) => ObjectRecord::Quantity(*n),
                Object::Year(y) => ObjectRecord::Year(*y),
            };
            RelationRecord {
                subject: graph.local_iris[r.subject.entity].as_str().to_owned(),
                predicate: r.predicate.iri.clone(),
                label: r.predicate.label.clone(),
                object,
                evidence: r.evidence.of(text).to_owned(),
                start,
                end,
                rule: r.rule,
                confidence: r.confidence,
            }
        })
        .collect();
    DocumentRecord {
        id: document.id.clone(),
        iri: iris.document(&document.id).into_string(),
        source: document.source.clone(),
        title: document.title.clone(),
        content_hash: format!("blake3:{}", document.content_hash),
        mentions,
        relations,
    }
}

//! The record of a document graph made from what the graph is written from, so it is
//! the same whichever provenance mode the graph keeps (the lean and entities modes do not
//! write the mentions' classes, texts and local entities that [`BuildRecord::of_graph`]
//! reads).

use super::{BuildRecord, IriTable, Naming, RecordedEntity, RecordedPosition, RecordedStatement};
use super::{RecordedTerm, WEAK_CONFIDENCE};
use crate::rdf::{DocumentGraph, Iris, slug};
use crate::relate::Object;
use crate::span::CodePoints;
use oxigraph::model::vocab::xsd;
use std::collections::BTreeMap;

/// One span node of the full model that names an entity: a mention or an implied
/// reference, with its IRI and the IRI of the document entity it names.
struct SpanNaming<'a> {
    iri: String,
    local: String,
    naming: Naming<'a>,
}

impl BuildRecord {
    /// The record of a document graph, equal to [`BuildRecord::of_graph`] of the quads
    /// the full provenance model writes for it: entities in the order of their local
    /// IRIs, each typed and linked by its first node in IRI order; sentences in the order
    /// of their IRIs; statements in the order of theirs.
    pub fn of_document(iris: &Iris, graph: &DocumentGraph<'_>) -> Self {
        let doc = iris.document(&graph.document.id);
        let text = graph.document.text.as_str();
        let offsets = CodePoints::new(text);
        let span_iri = |span| {
            let (begin, end) = offsets.span(span);
            iris.span(&doc, begin, end).into_string()
        };
        let local = |n: usize| format!("{}#entity-{}", doc.as_str(), n + 1);
        let mut namings: Vec<SpanNaming<'_>> = graph
            .mentions
            .iter()
            .map(|m| SpanNaming {
                iri: span_iri(m.span),
                local: local(m.local_entity),
                naming: Naming {
                    entity_type: m.entity_type.label(),
                    name: m.span.of(text),
                    counted: true,
                    weak: m.confidence <= WEAK_CONFIDENCE,
                    linked: m.entity.as_str(),
                },
            })
            .collect();
        let lexicon = crate::lexicon::Lexicon::embedded();
        namings.extend(graph.relations.implied.iter().map(|implied| SpanNaming {
            iri: span_iri(implied.span),
            local: local(implied.entity),
            naming: Naming {
                entity_type: crate::entity_type::EntityType::Place.label(),
                name: lexicon.places[implied.place].name.as_str(),
                counted: false,
                weak: false,
                linked: graph.local_iris[implied.entity].as_str(),
            },
        }));
        namings.sort_by(|a, b| a.iri.cmp(&b.iri));
        let mut table = IriTable::default();
        let mut entities: BTreeMap<&str, RecordedEntity> = BTreeMap::new();
        for span in &namings {
            span.naming.add_to(&span.local, &mut entities, &mut table);
        }
        let mut sentences: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for mention in &graph.mentions {
            let sentence = graph.segmented.sentences[mention.sentence].span;
            sentences
                .entry(span_iri(sentence))
                .or_default()
                .push(mention.entity.as_str());
        }
        let mut statements: BTreeMap<String, RecordedStatement> = BTreeMap::new();
        for (n, relation) in graph.relations.relations.iter().enumerate() {
            let object = match &relation.object {
                Object::Entity(argument) => {
                    RecordedTerm::Iri(table.add(graph.local_iris[argument.entity].as_str()))
                }
                Object::Position(position) => {
                    RecordedTerm::Iri(table.add(iris.position(&slug(&position.label)).as_str()))
                }
                Object::Quantity(n) => RecordedTerm::Literal {
                    value: n.to_string(),
                    datatype: table.add(xsd::INTEGER.as_str()),
                },
                Object::Year(year) => RecordedTerm::Literal {
                    value: format!("{year:04}"),
                    datatype: table.add(xsd::G_YEAR.as_str()),
                },
            };
            let position = match &relation.object {
                Object::Position(position) => Some(RecordedPosition {
                    label: position.label.clone(),
                    jurisdiction: position
                        .jurisdiction
                        .map(|j| table.add(graph.local_iris[j.entity].as_str())),
                }),
                _ => None,
            };
            let statement = RecordedStatement {
                subject: table.add(graph.local_iris[relation.subject.entity].as_str()),
                predicate: table.add(&relation.predicate.iri),
                object,
                position,
            };
            statements.insert(format!("{}#relation-{}", doc.as_str(), n + 1), statement);
        }
        Self::from_parts(
            table,
            entities.into_values(),
            sentences.into_values(),
            statements.into_values(),
        )
    }
}

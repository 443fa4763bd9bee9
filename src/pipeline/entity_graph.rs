//! The entity graph of a build, the last thing it writes: the entity descriptions and
//! the facts gathered from every document. Its quads are made as they are read, an
//! entity (or co-mentioned pair) at a time, so the graph is never whole in memory.

use super::BuildOptions;
use crate::facts::{FactTable, iri_text_order};
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::nquads;
use crate::rdf::{self, Iris};
use crate::resolve::Entity;
use oxigraph::model::{GraphName, NamedNode, Quad};
use std::sync::Arc;

/// The corpus's entities, with what their descriptions need.
pub(super) struct Entities {
    /// The global entities.
    pub(super) entities: Vec<Entity>,
    /// Their IRIs.
    pub(super) iris: Vec<NamedNode>,
    /// In how many documents each is mentioned.
    pub(super) document_counts: Vec<usize>,
    pub(super) lexicon: &'static Lexicon,
    pub(super) gazetteer: Arc<Gazetteer>,
}

/// The entity graph of a build: the descriptions of the graph, of the ontology and of
/// the entities, and the gathered facts.
pub(super) struct EntityGraph {
    /// The quads about no entity (dataset, ontology).
    head: Vec<Quad>,
    entities: Entities,
    facts: FactTable,
    iris: Iris,
}

/// The subject of some of an entity's quads: the entity itself, or one of its merge
/// records (the `n`th, with its IRI).
enum Subject {
    Entity(usize),
    Merge {
        entity: usize,
        n: usize,
        record: NamedNode,
    },
}

impl Subject {
    fn iri<'a>(&'a self, entities: &'a Entities) -> &'a str {
        match self {
            Subject::Entity(entity) => entities.iris[*entity].as_str(),
            Subject::Merge { record, .. } => record.as_str(),
        }
    }
}

impl Entities {
    /// The quads whose subject is entity `index`.
    fn own_quads(&self, index: usize, graph: &GraphName) -> Vec<Quad> {
        rdf::entity_quads(
            graph,
            &self.entities[index],
            &self.iris[index],
            self.document_counts[index],
            self.lexicon,
            &self.gazetteer,
        )
    }

    /// The quads of entity `index` and of its merge records, in no particular order.
    fn quads(&self, index: usize, graph: &GraphName) -> Vec<Quad> {
        let mut quads = self.own_quads(index, graph);
        let (entity, iri) = (&self.entities[index], &self.iris[index]);
        for (record, merge) in rdf::merge_records(entity, iri) {
            quads.extend(rdf::merge_record_quads(graph, &record, merge));
        }
        quads
    }

    /// The quads of one subject, in N-Quads order, each once.
    fn subject_quads(&self, subject: &Subject, graph: &GraphName) -> Vec<Quad> {
        let mut quads = match subject {
            Subject::Entity(index) => self.own_quads(*index, graph),
            Subject::Merge { entity, n, record } => {
                let (_, merge) = rdf::merge_records(&self.entities[*entity], &self.iris[*entity])
                    .nth(*n)
                    .expect("the entity's merge record");
                rdf::merge_record_quads(graph, record, merge)
            }
        };
        quads.sort_by_cached_key(nquads::quad_text);
        quads.dedup();
        quads
    }

    /// Every subject of the entities' quads, in N-Quads order (quads of different
    /// subjects sort by their subjects alone).
    fn subjects(&self) -> Vec<Subject> {
        let mut subjects = Vec::with_capacity(self.entities.len());
        for (index, (entity, iri)) in self.entities.iter().zip(&self.iris).enumerate() {
            subjects.push(Subject::Entity(index));
            for (n, (record, _)) in rdf::merge_records(entity, iri).enumerate() {
                subjects.push(Subject::Merge {
                    entity: index,
                    n,
                    record,
                });
            }
        }
        subjects.sort_unstable_by(|a, b| iri_text_order(a.iri(self), b.iri(self)));
        subjects
    }
}

impl EntityGraph {
    /// The entity graph of `entities` and `facts`, built with `options`.
    pub(super) fn new(entities: Entities, facts: FactTable, options: &BuildOptions) -> Self {
        EntityGraph {
            head: rdf::graph_description_quads(
                &options.iris,
                &options.inventory,
                options.provenance,
            ),
            entities,
            facts,
            iris: options.iris.clone(),
        }
    }

    /// Its quads in no particular order, for a store (which keeps each once anyway).
    pub(super) fn into_unordered_quads(self) -> impl Iterator<Item = Quad> {
        let graph = GraphName::NamedNode(self.iris.entities_graph());
        let (positions, triples, co_mentions) = self.facts.into_parts(&self.iris);
        let entities = self.entities;
        let descriptions =
            (0..entities.entities.len()).flat_map(move |index| entities.quads(index, &graph));
        self.head
            .into_iter()
            .chain(positions)
            .chain(triples.unordered())
            .chain(descriptions)
            .chain(co_mentions.triples())
            .chain(co_mentions.summaries())
    }

    /// Its quads in N-Quads order, each once.
    pub(super) fn into_quads(self) -> MergedQuads {
        let graph = GraphName::NamedNode(self.iris.entities_graph());
        let (mut quads, triples, co_mentions) = self.facts.into_parts(&self.iris);
        quads.extend(self.head);
        quads.sort_by_cached_key(nquads::quad_text);
        quads.dedup();
        let entities = self.entities;
        let subjects = entities.subjects();
        let descriptions = subjects
            .into_iter()
            .flat_map(move |subject| entities.subject_quads(&subject, &graph));
        MergedQuads::new(vec![
            Box::new(quads.into_iter()),
            Box::new(triples.sorted()),
            Box::new(descriptions),
            Box::new(co_mentions.triples()),
            Box::new(co_mentions.summaries()),
        ])
    }
}

/// Streams of quads, each in N-Quads order, merged into one in N-Quads order with
/// repeats dropped.
pub(super) struct MergedQuads {
    sources: Vec<Box<dyn Iterator<Item = Quad>>>,
    /// The next quad of each source, with its N-Quads form.
    heads: Vec<Option<(String, Quad)>>,
    last: Option<String>,
}

impl MergedQuads {
    fn new(mut sources: Vec<Box<dyn Iterator<Item = Quad>>>) -> Self {
        let heads = sources
            .iter_mut()
            .map(|source| source.next().map(|q| (q.to_string(), q)))
            .collect();
        MergedQuads {
            sources,
            heads,
            last: None,
        }
    }
}

impl Iterator for MergedQuads {
    type Item = Quad;

    fn next(&mut self) -> Option<Quad> {
        loop {
            let first = self
                .heads
                .iter()
                .enumerate()
                .filter_map(|(i, head)| head.as_ref().map(|(key, _)| (key, i)))
                .min()?
                .1;
            let next = self.sources[first].next().map(|q| (q.to_string(), q));
            let (key, quad) = std::mem::replace(&mut self.heads[first], next)?;
            if self.last.as_ref() != Some(&key) {
                self.last = Some(key);
                return Some(quad);
            }
        }
    }
}

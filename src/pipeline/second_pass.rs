//! The second pass of a build: read the inputs again, a chunk at a time, extract each new
//! or changed document again (extraction is a function of the text, so it gives what the
//! first pass gave), and render its graph with its entities linked to the corpus's.
//! The facts of every statement are gathered as the documents go by, and the entity
//! graph, which needs all of them, comes last.

use super::plan::{self, Plan, Reader};
use super::{Context, Extraction};
use crate::facts::{self, CoMentions, FactTable, StatedFact};
use crate::load::{Document, LoadError};
use crate::rdf::{DocumentGraph, Iris};
use oxigraph::model::Quad;
use rayon::prelude::*;
use std::collections::HashSet;

/// One item of the second pass.
pub(super) enum Item<T> {
    /// A document's graph, rendered.
    Document(T),
    /// The entity graph: the last item (its quads made on demand).
    Entities(Box<EntityGraph>),
}

/// The entity graph of a build: the entity descriptions and the gathered facts.
pub(super) struct EntityGraph {
    quads: Vec<Quad>,
    facts: FactTable,
    iris: Iris,
}

impl EntityGraph {
    /// The entity descriptions with the relation facts and positions (made whole), and
    /// the co-mentioned pairs (made as they are read).
    fn into_parts(self) -> (Vec<Quad>, CoMentions) {
        let (facts, co_mentions) = self.facts.into_parts(&self.iris);
        let mut quads = self.quads;
        quads.extend(facts);
        (quads, co_mentions)
    }

    /// Its quads in no particular order, for a store (which keeps each once anyway).
    /// The co-mention summaries, most of the graph, are made as they are read.
    pub(super) fn into_unordered_quads(self) -> impl Iterator<Item = Quad> {
        let (quads, co_mentions) = self.into_parts();
        quads
            .into_iter()
            .chain(co_mentions.triples())
            .chain(co_mentions.summaries())
    }

    /// Its quads in N-Quads order, each once. The co-mention summaries, most of the
    /// graph, are made as they are read.
    pub(super) fn into_quads(self) -> MergedQuads {
        let (mut quads, co_mentions) = self.into_parts();
        quads.sort_by_cached_key(ToString::to_string);
        quads.dedup();
        MergedQuads::new(vec![
            Box::new(quads.into_iter()),
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

/// The second pass, as an iterator over rendered document graphs then the entity graph.
pub(super) struct Graphs<'a, T, F> {
    cx: &'a Context<'a>,
    plan: Plan,
    render: F,
    reader: Reader,
    /// Rendered documents of the current chunk, not yet handed out.
    pending: std::vec::IntoIter<T>,
    /// Fresh documents not met yet in this pass.
    missing: HashSet<String>,
    /// Documents that changed or vanished since the first pass.
    errors: Vec<LoadError>,
    finished: bool,
}

impl<'a, T: Send, F: Fn(&DocumentGraph<'_>) -> T + Sync> Graphs<'a, T, F> {
    /// The second pass over `plan`'s inputs, rendering each document graph with `render`.
    pub(super) fn new(cx: &'a Context<'a>, plan: Plan, render: F) -> Self {
        let missing = plan.fresh.keys().cloned().collect();
        Graphs {
            cx,
            plan,
            render,
            reader: Reader::default(),
            pending: Vec::new().into_iter(),
            missing,
            errors: Vec::new(),
            finished: false,
        }
    }

    /// The documents this pass could not write because they changed or vanished since
    /// the first pass (complete once the iterator is exhausted).
    pub(super) fn into_errors(mut self) -> Vec<LoadError> {
        let mut missing: Vec<String> = self.missing.drain().collect();
        missing.sort();
        for id in missing {
            let source = self.plan.fresh[&id].source.clone();
            self.errors.push(LoadError::Changed { path: source });
        }
        self.errors
    }

    /// Extracts and renders the fresh documents of one chunk.
    fn render_chunk(&mut self, documents: Vec<Document>) -> Vec<T> {
        let mut wanted = Vec::new();
        for document in documents {
            let Some(fresh) = self.plan.fresh.get(&document.id) else {
                continue; // unchanged: already stored
            };
            if !self.missing.remove(&document.id) {
                continue;
            }
            if fresh.content_hash == document.content_hash {
                wanted.push(document);
            } else {
                self.errors.push(LoadError::Changed {
                    path: document.source.clone(),
                });
            }
        }
        let cx = self.cx;
        let plan = &self.plan;
        let render = &self.render;
        let rendered: Vec<(T, Vec<StatedFact>)> = cx.run(|| {
            wanted
                .into_par_iter()
                .map(|document| {
                    let extraction: Extraction = cx.extract(document);
                    let links = &plan.fresh[&extraction.document.id].links;
                    let graph =
                        plan::document_graph(&extraction, links, &plan.entity_iris, &cx.key);
                    let facts = facts::document_facts(&cx.options.iris, &graph);
                    (render(&graph), facts)
                })
                .collect()
        });
        let mut out = Vec::with_capacity(rendered.len());
        for (item, facts) in rendered {
            for fact in facts {
                self.plan.facts.add(fact);
            }
            out.push(item);
        }
        out
    }
}

impl<T: Send, F: Fn(&DocumentGraph<'_>) -> T + Sync> Iterator for Graphs<'_, T, F> {
    type Item = Item<T>;

    fn next(&mut self) -> Option<Item<T>> {
        loop {
            if let Some(item) = self.pending.next() {
                return Some(Item::Document(item));
            }
            if self.finished {
                return None;
            }
            // Problems reading the files were reported by the first pass.
            let (mut errors, mut notes) = (Vec::new(), Vec::new());
            match self.reader.chunk(&self.plan.files, &mut errors, &mut notes) {
                Some(documents) => {
                    self.pending = self.render_chunk(documents).into_iter();
                }
                None => {
                    self.finished = true;
                    return Some(Item::Entities(Box::new(EntityGraph {
                        quads: std::mem::take(&mut self.plan.entity_quads),
                        facts: std::mem::take(&mut self.plan.facts),
                        iris: self.cx.options.iris.clone(),
                    })));
                }
            }
        }
    }
}

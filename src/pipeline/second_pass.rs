//! The second pass of a build: read the inputs again, a chunk at a time, extract each new
//! or changed document again (extraction is a function of the text, so it gives what the
//! first pass gave), and render its graph with its entities linked to the corpus's.
//! The facts of every statement are gathered as the documents go by, and the entity
//! graph, which needs all of them, comes last (when it is wanted).

use super::entity_graph::{Entities, EntityGraph};
use super::plan::{self, Plan, Reader};
use super::{Context, Extraction};
use crate::facts::{self, StatedFact};
use crate::load::{Document, LoadError};
use crate::progress::Stage;
use crate::rdf::DocumentGraph;
use rayon::prelude::*;
use std::sync::Arc;

/// One item of the second pass.
pub(super) enum Item<T> {
    /// A document's graph, rendered.
    Document(T),
    /// The entity graph: the last item (its quads made on demand).
    Entities(Box<EntityGraph>),
}

/// The second pass, as an iterator over rendered document graphs then the entity graph.
pub(super) struct Graphs<'a, T, F> {
    cx: &'a Context<'a>,
    plan: Plan,
    render: F,
    reader: Reader,
    /// Rendered documents of the current chunk, not yet handed out.
    pending: std::vec::IntoIter<T>,
    /// Whether the entity graph is wanted (else no facts are gathered).
    entity_graph: bool,
    /// Documents that changed or vanished since the first pass.
    errors: Vec<LoadError>,
    finished: bool,
}

impl<'a, T: Send, F: Fn(&DocumentGraph<'_>) -> T + Sync> Graphs<'a, T, F> {
    /// The second pass over `plan`'s inputs, rendering each document graph with `render`,
    /// and then, if `entity_graph`, the entity graph.
    pub(super) fn new(cx: &'a Context<'a>, mut plan: Plan, render: F, entity_graph: bool) -> Self {
        if !entity_graph {
            // Only the entities' IRIs are needed.
            plan.entities = Vec::new();
            plan.document_counts = Vec::new();
            plan.facts = Default::default();
        }
        Graphs {
            cx,
            plan,
            render,
            reader: Reader::forgetful(&cx.options.progress, "writing graphs"),
            pending: Vec::new().into_iter(),
            entity_graph,
            errors: Vec::new(),
            finished: false,
        }
    }

    /// The documents this pass could not write because they changed or vanished since
    /// the first pass (complete once the iterator is exhausted).
    pub(super) fn into_errors(self) -> Vec<LoadError> {
        self.errors
    }

    /// Reports the fresh documents this pass did not meet, in id order, and forgets the
    /// fresh documents (the pass is over).
    fn report_missing(&mut self) {
        let fresh = std::mem::take(&mut self.plan.fresh);
        let mut missing: Vec<(Box<str>, Box<str>)> = fresh
            .into_iter()
            .filter(|(_, document)| !document.met)
            .map(|(id, document)| (id, document.source))
            .collect();
        missing.sort();
        for (_, source) in missing {
            self.errors.push(LoadError::Changed {
                path: source.into(),
            });
        }
    }

    /// Extracts and renders the fresh documents of one chunk.
    fn render_chunk(&mut self, documents: Vec<Document>) -> Vec<T> {
        let mut wanted = Vec::new();
        for document in documents {
            let Some(fresh) = self.plan.fresh.get_mut(document.id.as_str()) else {
                continue; // unchanged: already stored
            };
            if std::mem::replace(&mut fresh.met, true) {
                continue;
            }
            if fresh.content_hash == plan::content_hash(&document) {
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
        let entity_graph = self.entity_graph;
        let rendered: Vec<(T, Vec<StatedFact>)> = cx.run(|| {
            wanted
                .into_par_iter()
                .map(|document| {
                    let extraction: Extraction = cx.extract(document);
                    let links = plan.links(&plan.fresh[extraction.document.id.as_str()]);
                    let graph =
                        plan::document_graph(&extraction, &links, &plan.entity_iris, &cx.key);
                    let facts = if entity_graph {
                        facts::document_facts(&cx.options.iris, &graph)
                    } else {
                        Vec::new()
                    };
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
                    self.report_missing();
                    if !self.entity_graph {
                        return None;
                    }
                    self.cx.options.progress.stage(Stage {
                        name: "writing the entity graph".into(),
                        bytes: None,
                        documents: None,
                    });
                    let (cx, plan) = (self.cx, &mut self.plan);
                    let entities = Entities {
                        entities: std::mem::take(&mut plan.entities),
                        iris: std::mem::take(&mut plan.entity_iris),
                        document_counts: std::mem::take(&mut plan.document_counts),
                        lexicon: cx.lexicon,
                        gazetteer: Arc::clone(&cx.options.gazetteer),
                    };
                    return Some(Item::Entities(Box::new(EntityGraph::new(
                        entities,
                        std::mem::take(&mut plan.facts),
                        cx.options,
                    ))));
                }
            }
        }
    }
}

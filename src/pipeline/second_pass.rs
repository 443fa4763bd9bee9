//! The second pass of a build: read the first pass's extractions back from the spill
//! (`spill.rs`), a chunk at a time in input order, and render each document's graph with
//! its entities linked to the corpus's. No document is read or extracted again: the
//! documents written are the texts the first pass read, even if a file has changed
//! since. The facts of every statement are gathered as the documents go by, and the
//! entity graph, which needs all of them, comes last (when it is wanted).
//!
//! When the spill could not be kept or cannot be read back, the pass reads the inputs
//! again and extracts the documents it has not yet had (extraction is a function of the
//! text, so it gives what the first pass gave); a document that changed in between is
//! then skipped with [`LoadError::Changed`].

use super::entity_graph::{Entities, EntityGraph};
use super::plan::{self, Plan, Reader};
use super::spill::{self, Spilled};
use super::{BuildReport, Context};
use crate::facts::{self, FactTable};
use crate::load::{Document, LoadError};
use crate::progress::Stage;
use crate::rdf::DocumentGraph;
use rayon::prelude::*;
use std::io;
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
    /// Where the extractions come from.
    source: Source,
    /// Rendered documents of the current chunk, not yet handed out.
    pending: std::vec::IntoIter<T>,
    /// Whether the entity graph is wanted (else no facts are gathered).
    entity_graph: bool,
    /// Documents that changed or vanished since the first pass (when the inputs are read
    /// again).
    errors: Vec<LoadError>,
    /// Why the inputs were read again, if they were.
    notes: Vec<String>,
    finished: bool,
}

/// Where the second pass gets each document's extraction.
enum Source {
    /// The first pass's, read back.
    Spill(Spilled),
    /// The inputs, read and extracted again (the spill is not there or failed).
    Inputs(Reader),
}

/// One chunk of work for the worker threads.
enum Work {
    /// A record of the spill.
    Record(Vec<u8>),
    /// A document read again, to extract.
    Text(Document),
}

impl<'a, T: Send, F: Fn(&DocumentGraph<'_>) -> T + Sync> Graphs<'a, T, F> {
    /// The second pass over `plan`'s documents, rendering each document graph with
    /// `render`, and then, if `entity_graph`, the entity graph.
    pub(super) fn new(cx: &'a Context<'a>, mut plan: Plan, render: F, entity_graph: bool) -> Self {
        if !entity_graph {
            // Only the entities' IRIs are needed.
            plan.entities = Vec::new();
            plan.document_counts = Vec::new();
            plan.facts = Default::default();
        }
        let progress = &cx.options.progress;
        let source = match plan.spill.take() {
            Some(spilled) => {
                progress.stage(Stage {
                    name: "writing graphs".into(),
                    bytes: None,
                    documents: Some(spilled.len()),
                });
                Source::Spill(spilled)
            }
            None => Source::Inputs(Reader::forgetful(progress, "writing graphs")),
        };
        Graphs {
            cx,
            plan,
            render,
            source,
            pending: Vec::new().into_iter(),
            entity_graph,
            errors: Vec::new(),
            notes: Vec::new(),
            finished: false,
        }
    }

    /// Adds to `report` the documents this pass could not write because they changed or
    /// vanished since the first pass, and why it read the inputs again, if it did
    /// (complete once the iterator is exhausted).
    pub(super) fn report_to(self, report: &mut BuildReport) {
        report.errors.extend(self.errors);
        report.notes.extend(self.notes);
    }

    /// Goes on from the inputs, because the spill failed with `error`: the documents it
    /// gave are marked met and are not written again.
    fn read_inputs(&mut self, error: &io::Error) {
        self.notes.push(format!(
            "the extracted documents kept in a temporary file cannot be read back ({error}): the documents not yet written are extracted again"
        ));
        self.source = Source::Inputs(Reader::forgetful(
            &self.cx.options.progress,
            "writing graphs",
        ));
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

    /// The fresh documents of a chunk read from the inputs, to extract: those not met
    /// yet, as the first pass read them.
    fn unmet(&mut self, documents: Vec<Document>) -> Vec<Work> {
        let mut wanted = Vec::new();
        for document in documents {
            let Some(fresh) = self.plan.fresh.get_mut(document.id.as_str()) else {
                continue; // unchanged: already stored
            };
            if std::mem::replace(&mut fresh.met, true) {
                continue;
            }
            if fresh.content_hash == plan::content_hash(&document) {
                wanted.push(Work::Text(document));
            } else {
                self.errors.push(LoadError::Changed {
                    path: document.source.clone(),
                });
            }
        }
        wanted
    }

    /// Renders a chunk of work, in order. A record that cannot be read ends the chunk
    /// there and sends the pass to the inputs.
    fn render_chunk(&mut self, work: Vec<Work>) -> Vec<T> {
        let cx = self.cx;
        let plan = &self.plan;
        let render = &self.render;
        let entity_graph = self.entity_graph;
        let rendered: Vec<io::Result<(String, T, FactTable)>> = cx.run(|| {
            work.into_par_iter()
                .map(|work| {
                    let extraction = match work {
                        Work::Record(record) => spill::decode(&record)?,
                        Work::Text(document) => cx.extract(document),
                    };
                    let id = extraction.document.id.as_str();
                    let fresh = plan.fresh.get(id).ok_or_else(|| {
                        io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("document {id:?} is not one the first pass extracted"),
                        )
                    })?;
                    let links = plan.links(fresh);
                    let graph =
                        plan::document_graph(&extraction, &links, &plan.entity_iris, &cx.key);
                    let facts = if entity_graph {
                        facts::document_facts(&cx.options.iris, &graph)
                    } else {
                        FactTable::default()
                    };
                    let item = render(&graph);
                    Ok((extraction.document.id, item, facts))
                })
                .collect()
        });
        let spilled = matches!(self.source, Source::Spill(_));
        let mut out = Vec::with_capacity(rendered.len());
        for result in rendered {
            let (id, item, facts) = match result {
                Ok(rendered) => rendered,
                Err(error) => {
                    self.read_inputs(&error);
                    break;
                }
            };
            if spilled {
                // A document read from the inputs was marked met when it was read.
                let fresh = self.plan.fresh.get_mut(id.as_str()).expect("checked above");
                if std::mem::replace(&mut fresh.met, true) {
                    let error = io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("document {id:?} is there twice"),
                    );
                    self.read_inputs(&error);
                    break;
                }
            }
            self.plan.facts.merge(facts);
            out.push(item);
        }
        if spilled {
            self.cx.options.progress.advance(out.len() as u64, 0);
        }
        out
    }

    /// The next chunk of work, or `None` when every fresh document has been had.
    fn next_chunk(&mut self) -> Option<Vec<Work>> {
        loop {
            match &mut self.source {
                Source::Spill(spilled) => match spilled.chunk() {
                    Ok(Some(records)) => {
                        return Some(records.into_iter().map(Work::Record).collect());
                    }
                    Ok(None) => return None,
                    Err(error) => self.read_inputs(&error),
                },
                Source::Inputs(reader) => {
                    // Problems reading the files were reported by the first pass.
                    let (mut errors, mut notes) = (Vec::new(), Vec::new());
                    let documents = reader.chunk(&self.plan.files, &mut errors, &mut notes)?;
                    return Some(self.unmet(documents));
                }
            }
        }
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
            if let Some(work) = self.next_chunk() {
                self.pending = self.render_chunk(work).into_iter();
                continue;
            }
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

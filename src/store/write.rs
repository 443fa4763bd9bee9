//! Writing a build into the store: a fresh store through the bulk loader, any other in
//! transactions of bounded size.

use super::{KgStore, StoreError};
use crate::build_record::BuildRecord;
use crate::vocab::kgo;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term, TermRef};
use oxigraph::store::{StorageError, Transaction};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use spargebra::{Query, SparqlParser};
use std::sync::OnceLock;

/// What the bulk loader may buffer before it writes a batch to disk (Oxigraph's default,
/// a million quads a batch, held a whole 1,000-document build in memory).
const BULK_LOAD_MEMORY_MB: usize = 128;

/// Quads written (inserted or removed) in one transaction at most, when a build changes a
/// store that has documents. A transaction holds all it writes in memory, about 2 KB a
/// quad: one transaction for 4,180 added stories peaked at 9.8 GB.
const TRANSACTION_QUADS: usize = 50_000;

/// Quads committed between two flushes of the store's memory tables. RocksDB, as
/// Oxigraph sets it up, keeps up to several 128 MB tables per index in memory before it
/// writes them out: 4,180 stories added in transactions still peaked at 2.3 GB. Adding
/// 1,000 stories to a store of 10,000 peaked at 1,037 MB with a flush every 500,000
/// quads, 664 MB with one every 100,000 (45 s instead of 49 s).
const FLUSH_QUADS: usize = 100_000;

/// Quads of the entity graph checked against the store at a time, in parallel.
const CHECK_CHUNK: usize = 4_096;

/// The most subjects whose gained quads [`KgStore::update_graph`] keeps, to look for
/// their old quads among theirs alone; past it (a large change), it reads the whole
/// graph instead.
const MAX_GAINED_SUBJECTS: usize = 100_000;

/// What a build wrote into a store that had documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Quads inserted (a replaced document graph's new quads, the entity graph's new
    /// ones, the new form of each relinked quad).
    pub quads_written: usize,
    /// Quads removed (a replaced or removed document graph's old quads, the entity
    /// graph's old ones, the old form of each relinked quad).
    pub quads_removed: usize,
}

/// The query that counts the quads of `?graph`, parsed once.
static GRAPH_LEN_QUERY: OnceLock<Query> = OnceLock::new();

impl KgStore {
    /// Writes one build: removes the graphs of `removed`, replaces each named graph that
    /// `graphs` yields (generated one at a time as they are written: the documents' and
    /// the graph of merged descriptions), and relinks mentions of stored documents whose
    /// entity changed (`relink`: graph, old entity, new entity).
    ///
    /// A fresh store is filled through the bulk loader. Any other is written in
    /// transactions of at most `TRANSACTION_QUADS` (50,000) quads, so memory does not grow with
    /// the size of the change. Each document graph is replaced within one transaction,
    /// and `merged_graph` (large, and mostly unchanged from one build to the next) is
    /// updated by difference: its new quads are added before its old ones are removed.
    /// So a build stopped part-way leaves every graph whole, and every statement the
    /// store answered before is still there; the next build completes the change.
    ///
    /// Returns what was written into a store that had documents, counted as it was
    /// written; `None` after a bulk load (the fresh store can be counted).
    ///
    /// # Errors
    /// On storage failure. A fresh store is left empty then; any other keeps what was
    /// committed.
    pub fn write_build(
        &self,
        graphs: impl Iterator<Item = (NamedNode, impl IntoIterator<Item = Quad>)>,
        merged_graph: &NamedNode,
        relink: &[(NamedNode, NamedNode, NamedNode)],
        removed: &[NamedNode],
    ) -> Result<Option<Written>, StoreError> {
        if relink.is_empty() && removed.is_empty() && self.is_empty()? {
            self.bulk_load(graphs.flat_map(|(_, quads)| quads))?;
            return Ok(None);
        }
        self.write_changes(graphs, merged_graph, relink, removed, TRANSACTION_QUADS)
            .map(Some)
    }

    /// [`KgStore::write_build`] into a store that has documents, in transactions of at
    /// most `limit` quads.
    fn write_changes(
        &self,
        graphs: impl Iterator<Item = (NamedNode, impl IntoIterator<Item = Quad>)>,
        merged_graph: &NamedNode,
        relink: &[(NamedNode, NamedNode, NamedNode)],
        removed: &[NamedNode],
        limit: usize,
    ) -> Result<Written, StoreError> {
        // Until the last change is committed, the next build must not take the store as
        // up to date, even if every document it reads is unchanged.
        let marker = unfinished_write_marker();
        self.store.insert(&marker).map_err(|e| self.error(e))?;
        let mut written = Written::default();
        let mut batch = Batch::new(self, limit)?;
        for graph in removed {
            let old = self.graph_len(graph)?;
            written.quads_removed += old;
            batch
                .reserve(old)?
                .remove_named_graph(graph.as_ref())
                .map_err(|e| self.error(e))?;
        }
        for (graph, quads) in graphs {
            if &graph == merged_graph {
                let moved: Vec<&NamedNode> = relink.iter().map(|(_, old, _)| old).collect();
                let (added, dropped) = self.update_graph(&mut batch, &graph, quads, &moved)?;
                written.quads_written += added;
                written.quads_removed += dropped;
            } else {
                let quads: FxHashSet<Quad> = quads.into_iter().collect();
                let old = self.graph_len(&graph)?;
                written.quads_written += quads.len();
                written.quads_removed += old;
                let transaction = batch.reserve(quads.len() + old)?;
                transaction
                    .clear_graph(graph.as_ref())
                    .map_err(|e| self.error(e))?;
                for quad in &quads {
                    transaction.insert(quad);
                }
            }
        }
        for (graph, old, new) in relink {
            let replacements = relinked_quads(self, batch.transaction(), graph, old, new)?;
            written.quads_written += replacements.len();
            written.quads_removed += replacements.len();
            let transaction = batch.reserve(2 * replacements.len())?;
            for (old, new) in &replacements {
                transaction.remove(old);
                transaction.insert(new);
            }
        }
        batch.commit_open()?;
        self.store.remove(&marker).map_err(|e| self.error(e))?;
        Ok(written)
    }

    /// Fills an empty store through the bulk loader: nothing is visible before its
    /// commit, and it is far faster and lighter than transactions. A marker written
    /// before it and removed after it tells the next build that a killed load left a
    /// partial store ([`KgStore::discard_unfinished_load`]).
    ///
    /// A load that fails leaves the store as it was (the marker aside): Oxigraph
    /// removes the files of the batches it wrote, and this the one it was writing, so a
    /// full disk gets its space back.
    fn bulk_load(&self, quads: impl Iterator<Item = Quad>) -> Result<(), StoreError> {
        let marker = unfinished_load_marker();
        self.store.insert(&marker).map_err(|e| self.error(e))?;
        self.flush()?;
        let mut loader = self
            .store
            .bulk_loader()
            .with_max_memory_size_in_megabytes(BULK_LOAD_MEMORY_MB);
        let loaded = loader
            .load_quads(quads)
            .and_then(|()| loader.commit())
            .map_err(|e| self.error(e));
        if let (Err(_), Some(path)) = (&loaded, &self.path) {
            // The load's own error is the one to report.
            let _ = super::remove_bulk_load_files(path);
        }
        loaded?;
        // The loader leaves one set of files per batch; compacting them keeps reads
        // fast. On 1,000 documents: entity-by-name.rq 3.6 s before, 0.9 s after (as
        // fast as one unbounded batch at 840 MB), for about twice the disk space.
        #[cfg(feature = "rocksdb")]
        if self.path.is_some() {
            self.store.optimize().map_err(|e| self.error(e))?;
        }
        self.store.remove(&marker).map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Makes `graph` hold exactly `quads`: adds those it lacks, then removes those it
    /// has and `quads` lacks; returns how many it added and removed. Quads are told
    /// apart by a 128-bit fingerprint of their N-Quads form, so memory is 16 bytes or so
    /// per quad of the new graph. Whether the store has a quad is asked [`CHECK_CHUNK`]
    /// quads at a time on the current thread pool (the graph of a 100,000-document
    /// store has millions).
    ///
    /// Once the additions are committed the graph holds every new quad, so it holds
    /// nothing else exactly when it holds as many quads as there are new ones: counted on
    /// the store's term identifiers, that is cheap, and reading quads, which decodes
    /// every term, is not (on 10,000 stories a scan of the whole graph took half of a
    /// one-story build). So the old quads are looked for where they mostly are: among
    /// the quads of the subjects that gained one (a count that changed, a new alias),
    /// then around the entities whose mentions moved to another (`moved`, the old
    /// entities of the build's relinks: their quads, the co-mention records that point
    /// to them and those records' quads); the whole graph is read only when some are
    /// still left after that (an entity that is gone, a statement no longer made).
    fn update_graph(
        &self,
        batch: &mut Batch<'_>,
        graph: &NamedNode,
        quads: impl IntoIterator<Item = Quad>,
        moved: &[&NamedNode],
    ) -> Result<(usize, usize), StoreError> {
        let mut added = 0;
        let mut fingerprints = FxHashSet::default();
        let mut gained: FxHashSet<NamedOrBlankNode> = FxHashSet::default();
        let mut quads = quads.into_iter();
        loop {
            let chunk: Vec<Quad> = quads.by_ref().take(CHECK_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let checked = chunk
                .par_iter()
                .map_init(String::new, |text, quad| {
                    let stored = self.store.contains(quad).map_err(|e| self.error(e))?;
                    Ok((fingerprint(quad, text), stored))
                })
                .collect::<Result<Vec<(u128, bool)>, StoreError>>()?;
            for (quad, (print, stored)) in chunk.iter().zip(checked) {
                if fingerprints.insert(print) && !stored {
                    batch.reserve(1)?.insert(quad);
                    added += 1;
                    if gained.len() <= MAX_GAINED_SUBJECTS {
                        gained.insert(quad.subject.clone());
                    }
                }
            }
        }
        batch.commit_now()?;
        if self.graph_len(graph)? == fingerprints.len() {
            return Ok((added, 0));
        }
        let mut dropped = 0;
        if gained.len() <= MAX_GAINED_SUBJECTS {
            let gained = gained.into_iter();
            dropped += self
                .remove_stale(batch, graph, gained, false, &fingerprints)?
                .0;
            if self.graph_len(graph)? == fingerprints.len() {
                return Ok((added, dropped));
            }
            // Entities whose mentions moved to another (`moved`): their quads, the
            // records that point to them (co-mention records), and those records' quads.
            let moved = || moved.iter().map(|&old| NamedOrBlankNode::from(old.clone()));
            dropped += self
                .remove_stale(batch, graph, moved(), false, &fingerprints)?
                .0;
            let (removed, records) =
                self.remove_stale(batch, graph, moved(), true, &fingerprints)?;
            dropped += removed;
            dropped += self
                .remove_stale(batch, graph, records.into_iter(), false, &fingerprints)?
                .0;
            if self.graph_len(graph)? == fingerprints.len() {
                return Ok((added, dropped));
            }
        }
        let old = self
            .store
            .quads_for_pattern(None, None, None, Some(graph.into()));
        dropped += self.remove_unless_in(batch, old, &fingerprints, |_| ())?;
        Ok((added, dropped))
    }

    /// Removes the quads of `graph` not in `keep` whose subject (or, with `by_object`,
    /// object) is one of `nodes`, and commits; returns how many, and the subjects of
    /// those it removed.
    fn remove_stale(
        &self,
        batch: &mut Batch<'_>,
        graph: &NamedNode,
        nodes: impl Iterator<Item = NamedOrBlankNode>,
        by_object: bool,
        keep: &FxHashSet<u128>,
    ) -> Result<(usize, FxHashSet<NamedOrBlankNode>), StoreError> {
        let mut subjects = FxHashSet::default();
        let mut removed = 0;
        for node in nodes {
            let (subject, object) = if by_object {
                (None, Some(Term::from(node)))
            } else {
                (Some(node), None)
            };
            let old = self.store.quads_for_pattern(
                subject.as_ref().map(NamedOrBlankNode::as_ref),
                None,
                object.as_ref().map(Term::as_ref),
                Some(graph.into()),
            );
            removed += self.remove_unless_in(batch, old, keep, |quad| {
                subjects.insert(quad.subject.clone());
            })?;
        }
        batch.commit_now()?;
        Ok((removed, subjects))
    }

    /// Removes the quads of `old` (read from a snapshot of the store) whose fingerprints
    /// are not in `keep`, handing each to `on_removed`; returns how many.
    fn remove_unless_in(
        &self,
        batch: &mut Batch<'_>,
        old: impl Iterator<Item = Result<Quad, StorageError>>,
        keep: &FxHashSet<u128>,
        mut on_removed: impl FnMut(&Quad),
    ) -> Result<usize, StoreError> {
        let mut text = String::new();
        let mut removed = 0;
        for quad in old {
            let quad = quad.map_err(|e| self.error(e))?;
            if !keep.contains(&fingerprint(&quad, &mut text)) {
                batch.reserve(1)?.remove(&quad);
                on_removed(&quad);
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// How many quads `graph` holds, counted on the store's term identifiers (reading
    /// the quads would decode every term).
    fn graph_len(&self, graph: &NamedNode) -> Result<usize, StoreError> {
        let query = GRAPH_LEN_QUERY.get_or_init(|| {
            SparqlParser::new()
                .parse_query("SELECT ?graph (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph")
                .expect("the graph length query is valid SPARQL")
        });
        let solution = self
            .select(query, Some(("graph", graph)))?
            .next()
            .transpose()
            .map_err(|e| self.query_error(e))?;
        Ok(solution.map_or(0, |solution| super::count(&solution, "n")))
    }
}

/// The open transaction of an incremental write, committed whenever the next change
/// would take it past `limit` quads.
struct Batch<'a> {
    store: &'a KgStore,
    limit: usize,
    /// `None` only while one transaction is committed and the next not yet started.
    transaction: Option<Transaction<'a>>,
    /// Quads written in `transaction` so far.
    written: usize,
    /// Quads committed since the store last wrote its memory tables to disk.
    unflushed: usize,
}

impl<'a> Batch<'a> {
    fn new(store: &'a KgStore, limit: usize) -> Result<Self, StoreError> {
        let mut batch = Self {
            store,
            limit,
            transaction: None,
            written: 0,
            unflushed: 0,
        };
        batch.start()?;
        Ok(batch)
    }

    fn start(&mut self) -> Result<(), StoreError> {
        let transaction = self
            .store
            .store
            .start_transaction()
            .map_err(|e| self.store.error(e))?;
        self.transaction = Some(transaction);
        Ok(())
    }

    /// The open transaction.
    fn transaction(&mut self) -> &mut Transaction<'a> {
        self.transaction
            .as_mut()
            .expect("a batch always has a transaction between its calls")
    }

    /// The open transaction, to write `quads` more quads in: committed first if they
    /// would not fit (a change larger than a batch gets a transaction of its own).
    fn reserve(&mut self, quads: usize) -> Result<&mut Transaction<'a>, StoreError> {
        if self.written > 0 && self.written + quads > self.limit {
            self.commit_now()?;
        }
        self.written += quads;
        Ok(self.transaction())
    }

    /// Commits what is written so far and opens the next transaction.
    fn commit_now(&mut self) -> Result<(), StoreError> {
        self.commit_open()?;
        self.start()
    }

    /// Commits what is written so far.
    fn commit_open(&mut self) -> Result<(), StoreError> {
        if let Some(transaction) = self.transaction.take() {
            transaction.commit().map_err(|e| self.store.error(e))?;
        }
        self.unflushed += self.written;
        self.written = 0;
        if self.unflushed >= FLUSH_QUADS {
            self.store.flush()?;
            self.unflushed = 0;
        }
        Ok(())
    }
}

/// The quads of `graph` that name `old`, each with its replacement naming `new`, as
/// `transaction` sees them (so an earlier relink of the same graph is taken into account).
fn relinked_quads(
    store: &KgStore,
    transaction: &Transaction<'_>,
    graph: &NamedNode,
    old: &NamedNode,
    new: &NamedNode,
) -> Result<Vec<(Quad, Quad)>, StoreError> {
    let graph_ref = GraphNameRef::NamedNode(graph.as_ref());
    let as_object = transaction.quads_for_pattern(
        None,
        None,
        Some(TermRef::NamedNode(old.as_ref())),
        Some(graph_ref),
    );
    let as_subject =
        transaction.quads_for_pattern(Some(old.as_ref().into()), None, None, Some(graph_ref));
    let old_term = Term::NamedNode(old.clone());
    let old_subject = NamedOrBlankNode::NamedNode(old.clone());
    let mut replacements = as_object
        .chain(as_subject)
        .map(|quad| {
            let quad = quad.map_err(|e| store.error(e))?;
            let subject = if quad.subject == old_subject {
                NamedOrBlankNode::NamedNode(new.clone())
            } else {
                quad.subject.clone()
            };
            let object = if quad.object == old_term {
                new.clone().into()
            } else {
                quad.object.clone()
            };
            let updated = Quad::new(
                subject,
                quad.predicate.clone(),
                object,
                quad.graph_name.clone(),
            );
            Ok((quad, updated))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    // The build record names entities inside its literal.
    let records = transaction.quads_for_pattern(
        Some(graph.as_ref().into()),
        Some(kgo::BUILD_RECORD),
        None,
        Some(graph_ref),
    );
    for quad in records {
        let quad = quad.map_err(|e| store.error(e))?;
        let Term::Literal(json) = &quad.object else {
            continue;
        };
        // An unreadable record is left alone: the graph is read in its place.
        let Ok(mut record) = BuildRecord::parse(json.value()) else {
            continue;
        };
        if record.relink(old.as_str(), new.as_str()) {
            let updated = Quad::new(
                quad.subject.clone(),
                quad.predicate.clone(),
                record.to_literal(),
                quad.graph_name.clone(),
            );
            replacements.push((quad, updated));
        }
    }
    Ok(replacements)
}

/// A 128-bit fingerprint of a quad: the start of the BLAKE3 hash of its N-Quads form
/// (`text` is a buffer reused between calls).
fn fingerprint(quad: &Quad, text: &mut String) -> u128 {
    text.clear();
    crate::nquads::push_quad(text, quad.as_ref());
    let hash = blake3::hash(text.as_bytes());
    let mut first = [0; 16];
    first.copy_from_slice(&hash.as_bytes()[..16]);
    u128::from_le_bytes(first)
}

/// The quad that marks a bulk load in progress (in a graph of its own).
pub(super) fn unfinished_load_marker() -> Quad {
    marker("UnfinishedLoad")
}

/// The quad that marks an incremental write in progress (in a graph of its own).
pub(crate) fn unfinished_write_marker() -> Quad {
    marker("UnfinishedWrite")
}

/// `kgo:NAME` as subject, predicate, object and graph: a quad no build writes otherwise.
fn marker(name: &str) -> Quad {
    let node = NamedNode::new_unchecked(format!("{}{name}", crate::vocab::KGO));
    Quad::new(node.clone(), node.clone(), node.clone(), node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    fn iri(name: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("http://example.org/{name}"))
    }

    /// `<s> <p> "o" <g>` for each (s, o) in `graph`.
    fn quads(graph: &str, pairs: &[(&str, &str)]) -> Vec<Quad> {
        pairs
            .iter()
            .map(|(s, o)| {
                let object: Term = if let Some(entity) = o.strip_prefix('@') {
                    iri(entity).into()
                } else {
                    Literal::new_simple_literal(*o).into()
                };
                Quad::new(iri(s), iri("p"), object, iri(graph))
            })
            .collect()
    }

    fn contents(store: &KgStore) -> Vec<String> {
        let mut all: Vec<String> = store.store.iter().map(|q| q.unwrap().to_string()).collect();
        all.sort();
        all
    }

    #[test]
    fn a_change_written_in_small_transactions_equals_one_written_whole() {
        // Before: two documents and the merged graph; `doc-a` names `old` twice.
        let before = [
            quads("doc-a", &[("m1", "@old"), ("old", "x"), ("m2", "@keep")]),
            quads("doc-b", &[("m3", "@old"), ("m4", "y")]),
            quads("merged", &[("old", "Old"), ("keep", "Keep"), ("keep", "3")]),
        ]
        .concat();
        // The change: doc-b removed, doc-c added, doc-a's `old` relinked to `new`, and
        // the merged graph keeps one quad, changes one and gains two.
        let merged_after = || {
            quads(
                "merged",
                &[
                    ("keep", "Keep"),
                    ("keep", "4"),
                    ("new", "New"),
                    ("new", "1"),
                ],
            )
        };
        let change = || {
            vec![
                (iri("doc-c"), quads("doc-c", &[("m5", "@new"), ("m6", "z")])),
                (iri("merged"), merged_after()),
            ]
            .into_iter()
        };
        let relink = [(iri("doc-a"), iri("old"), iri("new"))];
        let removed = [iri("doc-b")];
        let write = |limit: usize| {
            let store = KgStore::in_memory().unwrap();
            for quad in &before {
                store.store.insert(quad).unwrap();
            }
            store
                .write_changes(change(), &iri("merged"), &relink, &removed, limit)
                .unwrap();
            contents(&store)
        };
        let expected = [
            quads("doc-a", &[("m1", "@new"), ("new", "x"), ("m2", "@keep")]),
            quads("doc-c", &[("m5", "@new"), ("m6", "z")]),
            merged_after(),
        ]
        .concat();
        let mut expected: Vec<String> = expected.iter().map(ToString::to_string).collect();
        expected.sort();
        for limit in [1, 2, 3, 5, 1_000] {
            assert_eq!(write(limit), expected, "transactions of {limit} quads");
        }
    }

    #[test]
    fn the_merged_graph_ends_up_holding_exactly_the_new_quads() {
        type Pairs<'a> = &'a [(&'a str, &'a str)];
        // The merged graph before, after, and how many quads were added and removed
        // (`old` is an entity whose mentions moved to another).
        let cases: &[(&str, Pairs, Pairs, (usize, usize))] = &[
            (
                "an entity's mentions moved: the records that point to it go",
                &[("a", "A"), ("old", "Old"), ("pair", "@old"), ("pair", "2")],
                &[("a", "A"), ("old", "Old")],
                (0, 2),
            ),
            (
                "a count changes: the old one is found among its subject's quads",
                &[("a", "A"), ("a", "3"), ("b", "B")],
                &[("a", "A"), ("a", "4"), ("b", "B")],
                (1, 1),
            ),
            (
                "an entity is gone: the whole graph is read",
                &[("a", "A"), ("gone", "Gone"), ("gone", "2")],
                &[("a", "A")],
                (0, 2),
            ),
            (
                "a subject loses a quad and gains none, another gains one",
                &[("a", "A"), ("a", "Alias"), ("b", "1")],
                &[("a", "A"), ("b", "1"), ("b", "B")],
                (1, 1),
            ),
            (
                "one gains and loses, another is gone",
                &[("a", "1"), ("gone", "G"), ("c", "C")],
                &[("a", "2"), ("c", "C"), ("new", "N")],
                (2, 2),
            ),
            ("nothing changes", &[("a", "A")], &[("a", "A")], (0, 0)),
            (
                "only additions",
                &[("a", "A")],
                &[("a", "A"), ("b", "B")],
                (1, 0),
            ),
        ];
        for (case, before, after, counts) in cases {
            let store = KgStore::in_memory().unwrap();
            for quad in quads("doc", &[("m", "@a")])
                .iter()
                .chain(&quads("merged", before))
            {
                store.store.insert(quad).unwrap();
            }
            let mut batch = Batch::new(&store, 2).unwrap();
            let old = iri("old");
            let written = store
                .update_graph(&mut batch, &iri("merged"), quads("merged", after), &[&old])
                .unwrap();
            batch.commit_open().unwrap();
            let mut expected: Vec<String> = quads("doc", &[("m", "@a")])
                .iter()
                .chain(&quads("merged", after))
                .map(ToString::to_string)
                .collect();
            expected.sort();
            assert_eq!(contents(&store), expected, "{case}");
            assert_eq!(written, *counts, "{case}");
        }
    }
}

//! The pipeline: the only module that knows the order of the stages.
//!
//! `load -> segment -> recognise -> resolve (document) -> relate -> resolve (corpus) -> rdf
//! -> store`
//!
//! A build goes over its documents twice, a chunk at a time, so that memory holds the
//! entity table and one chunk, never the corpus: `plan.rs`, the first pass, reads and
//! extracts them, and keeps each extraction in a temporary file (`spill.rs`) for
//! `second_pass.rs`, which reads them back after corpus resolution and writes their
//! graphs. Each document is extracted once. Documents whose content hash is already in
//! the store are not extracted at all. The corpus-level resolution always runs over every
//! document in the store (new ones from their extraction, stored ones from the entities
//! their graphs record), so the graph is a function of the set of documents, whatever
//! order they were added in.
//!
//! [`extract_nquads`]'s two passes also run cut into the four steps of a sharded build
//! (`shards.rs`, files in [`crate::shards`]): the passes per shard, corpus resolution and
//! the entity graph once over every shard's files.

mod check;
mod entity_graph;
mod plan;
mod second_pass;
mod shards;
mod spill;

use crate::entity_type::EntityType;
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::line_sort::SortedLines;
use crate::load::{Document, Input, LoadError};
use crate::nquads;
use crate::progress::ProgressSink;
use crate::rdf::{self, DocumentGraph, GRAPH_MODEL, Iris, Provenance};
use crate::recognise::{Combined, Engine, Recogniser, Recognition};
use crate::records::{self, DocumentRecord};
use crate::relate::{self, Inventory, Relations};
use crate::resolve::{self, Decisions, DocumentEntities, Entity};
use crate::segment::{self, Segmented};
use crate::store::{KgStore, StoreError, Written};
use entity_graph::EntityGraph;
use oxigraph::model::{NamedNode, Quad};
use second_pass::Item;
pub use shards::{extract_entities, extract_with_table, merge_contributions, resolve_shards};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Everything one document yields before corpus-level resolution.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The document.
    pub document: Document,
    /// Its sentences and tokens.
    pub segmented: Segmented,
    /// Its mentions.
    pub recognition: Recognition,
    /// Its own entities: those its mentions name, then the places only its relations
    /// imply (see [`Relations::implied`]).
    pub entities: DocumentEntities,
    /// What it says about them.
    pub relations: Relations,
}

/// Runs segment, recognise, document-level resolve and relate on one document.
pub fn extract(
    document: Document,
    recogniser: &dyn Recogniser,
    lexicon: &Lexicon,
    decisions: &Decisions,
    inventory: &Inventory,
) -> Extraction {
    let text = &document.text;
    let segmented = segment::segment(text);
    let recognition = recogniser.recognise(text, &segmented);
    let mut entities = resolve::resolve_document(text, &recognition, lexicon, decisions);
    let relations = relate::relate(
        text,
        &segmented,
        &recognition,
        &entities,
        lexicon,
        inventory,
    );
    for implied in &relations.implied {
        if implied.entity == entities.entities.len() {
            entities
                .entities
                .push(implied_place(implied.place, lexicon));
        }
    }
    Extraction {
        document,
        segmented,
        recognition,
        entities,
        relations,
    }
}

/// The entity of a gazetteer place no mention names: its name, counted zero times.
pub fn implied_place(place: usize, lexicon: &Lexicon) -> Entity {
    let name = lexicon.places[place].name.clone();
    Entity::from_names(EntityType::Place, BTreeMap::from([(name, 0)]), lexicon)
}

/// Settings of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Where IRIs are minted.
    pub iris: Iris,
    /// The user's same / not-same decisions.
    pub decisions: Decisions,
    /// The verbs that state relations.
    pub inventory: Inventory,
    /// The user's gazetteer: names to recognise, link and identify.
    pub gazetteer: Arc<Gazetteer>,
    /// What finds the names (the shipped tagger model by default).
    pub engine: Engine,
    /// Remove stored documents the inputs no longer have (never when an input could not
    /// be read: its document may still exist).
    pub prune: bool,
    /// Worker threads for extraction (`None`: one per core).
    pub jobs: Option<usize>,
    /// Where the build reports how far it has gone (nowhere by default).
    pub progress: ProgressSink,
    /// How much provenance each document graph keeps (the lean model by default).
    pub provenance: Provenance,
}

impl Default for BuildOptions {
    /// Entities minted under the default base, no decisions or gazetteer, the shipped
    /// verbs and tagger, one worker per core, no pruning, no progress reports.
    fn default() -> Self {
        BuildOptions {
            iris: Iris::new(crate::vocab::DEFAULT_BASE).expect("the default base is a valid IRI"),
            decisions: Decisions::default(),
            inventory: Inventory::embedded(),
            gazetteer: Arc::new(Gazetteer::default()),
            engine: Engine::default(),
            prune: false,
            jobs: None,
            progress: ProgressSink::default(),
            provenance: Provenance::default(),
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Documents read from the inputs.
    pub documents_read: usize,
    /// Of those, new or changed documents extracted and written.
    pub documents_written: usize,
    /// Of those, documents already stored with the same content.
    pub documents_unchanged: usize,
    /// Stored documents removed because the inputs no longer have them (`prune`).
    pub documents_removed: usize,
    /// Documents in the store after the build.
    pub documents_in_store: usize,
    /// Mentions per type, over the whole store.
    pub mentions: BTreeMap<EntityType, usize>,
    /// Entities per type, over the whole store.
    pub entities: BTreeMap<EntityType, usize>,
    /// Quads in the store after a build into an empty store, or written by an
    /// extraction. `None` after any other build: counting reads every key of the store
    /// (15 s at 100,000 documents), so a build into a store that had documents reports
    /// what it wrote instead ([`BuildReport::written`]).
    pub quads: Option<usize>,
    /// What a build into a store that had documents wrote and removed; `None` after a
    /// build into an empty store, or one that found the store up to date and wrote
    /// nothing.
    pub written: Option<Written>,
    /// Problems with inputs (those inputs were skipped).
    pub errors: Vec<LoadError>,
    /// Remarks about inputs (e.g. decoded from Windows-1252).
    pub notes: Vec<String>,
    /// Wall-clock time.
    pub elapsed: Duration,
}

/// A build that could not complete.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The store failed; nothing from this build was written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The thread pool could not start.
    #[error("cannot start {jobs} worker threads: {message}")]
    Threads {
        /// Threads asked for.
        jobs: usize,
        /// Why not.
        message: String,
    },
    /// The output could not be written.
    #[error("cannot write the output: {0}")]
    Write(std::io::Error),
    /// A file of a sharded build cannot be used (see [`crate::shards`]).
    #[error(transparent)]
    Shard(#[from] crate::shards::ShardError),
}

/// What every document of a build is extracted with.
struct Context<'a> {
    options: &'a BuildOptions,
    lexicon: &'static Lexicon,
    recogniser: Combined,
    /// The user's decisions plus the gazetteer's aliases.
    decisions: Decisions,
    /// The extraction key written into each document graph.
    key: String,
    /// The worker threads, when their number is set (rayon's global pool otherwise).
    pool: Option<rayon::ThreadPool>,
}

impl<'a> Context<'a> {
    fn new(options: &'a BuildOptions) -> Result<Self, BuildError> {
        let lexicon = Lexicon::embedded();
        let mut decisions = options.decisions.clone();
        decisions.aliases.extend(options.gazetteer.alias_pairs());
        let key = extraction_key(
            options.provenance,
            &decisions,
            &options.inventory,
            &options.gazetteer,
            &options.engine,
        );
        let pool = match options.jobs {
            Some(jobs) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(jobs)
                    .build()
                    .map_err(|e| BuildError::Threads {
                        jobs,
                        message: e.to_string(),
                    })?,
            ),
            None => None,
        };
        Ok(Context {
            options,
            lexicon,
            recogniser: crate::recognise::with_engine(
                lexicon,
                &options.engine,
                Some(&options.gazetteer),
            ),
            decisions,
            key,
            pool,
        })
    }

    /// Runs `work` on the build's worker threads.
    fn run<R: Send>(&self, work: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(pool) => pool.install(work),
            None => work(),
        }
    }

    /// Extracts one document, its entities named as the user's gazetteer names them.
    fn extract(&self, document: Document) -> Extraction {
        let mut extraction = extract(
            document,
            &self.recogniser,
            self.lexicon,
            &self.decisions,
            &self.options.inventory,
        );
        plan::add_gazetteer_names(
            &mut extraction.entities,
            &self.options.gazetteer,
            self.lexicon,
        );
        extraction
    }
}

/// Reads `inputs`, extracts every new or changed document, resolves entities across the
/// whole store and writes the result: through the bulk loader into a fresh store, in one
/// transaction otherwise.
///
/// Memory holds the entity table and one chunk of documents, not the corpus: a first
/// pass extracts each document, keeps the entities it names and writes its extraction
/// to a temporary file; a second pass, after corpus-level resolution, reads the
/// extractions back in order and writes their graphs.
///
/// # Errors
/// [`BuildError`] if the store cannot be read or written; bad inputs are not errors but
/// are listed in [`BuildReport::errors`].
pub fn build(
    store: &KgStore,
    inputs: &[Input],
    options: &BuildOptions,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let context = Context::new(options)?;
    let discarded = store.discard_unfinished_load()?;
    store.check_model(options.provenance)?;
    let mut plan = plan::plan(Some(store), inputs, &context, &HashSet::new())?;
    if !plan.split.is_empty() {
        // Planned again with those documents extracted from their text: their entities
        // are the same, so resolution gives the same result, and the second plan finds
        // splits only in documents the inputs do not have.
        let again: HashSet<String> = plan.split.iter().map(|d| d.as_str().to_owned()).collect();
        drop(plan);
        plan = plan::plan(Some(store), inputs, &context, &again)?;
        let unread: Vec<String> = plan.split.iter().map(|document| {
            format!(
                "{}: two of its entities that were one are now two, but its file is not among the inputs; its statements still name both by one IRI until it is built again",
                document.as_str()
            )
        }).collect();
        plan.report.notes.extend(unread);
    }
    if plan.up_to_date {
        let mut report = plan.report;
        for (entity_type, (entities, mentions)) in
            store.entity_counts(&options.iris.entities_graph())?
        {
            report.entities.insert(entity_type, entities);
            report.mentions.insert(entity_type, mentions);
        }
        report.elapsed = started.elapsed();
        options.progress.finish();
        return Ok(report);
    }
    // The second pass needs none of these.
    let relink = std::mem::take(&mut plan.relink);
    let removed = std::mem::take(&mut plan.removed);
    let mut report = std::mem::take(&mut plan.report);
    if discarded {
        report.notes.push(
            "the store held a partial load from a build that was stopped; it was emptied and is built again"
                .to_owned(),
        );
    }
    let iris = &options.iris;
    let render = |graph: &DocumentGraph<'_>| {
        (
            iris.document(&graph.document.id),
            rdf::document_quads(iris, graph, options.provenance),
        )
    };
    let mut graphs = second_pass::Graphs::new(&context, plan, render, true);
    let entities_graph = iris.entities_graph();
    // On the worker threads, which the store's checks of the entity graph use too.
    let written = context.run(|| {
        store.write_build(
            graphs
                .by_ref()
                .map(|item| -> (NamedNode, Box<dyn Iterator<Item = Quad>>) {
                    match item {
                        Item::Document((iri, quads)) => (iri, Box::new(quads.into_iter())),
                        Item::Entities(graph) => (
                            entities_graph.clone(),
                            Box::new(graph.into_unordered_quads()),
                        ),
                    }
                }),
            &entities_graph,
            &relink,
            &removed,
        )
    })?;
    store.flush()?;
    options.progress.finish();
    graphs.report_to(&mut report);
    match written {
        Some(written) => report.written = Some(written),
        None => report.quads = Some(store.len()?),
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Extracts `inputs` without a store: hands `write` the N-Quads text of what a fresh build
/// of them would store, one named graph at a time (each sorted, in N-Quads order; the
/// large entity graph in pieces): every document's graph in input order, then the entity
/// graph. Entity IRIs are minted from content, so the outputs of separate runs (shards of
/// a corpus) can be loaded into one triple store. The text is byte for byte what
/// Oxigraph's N-Quads serializer writes ([`crate::nquads`]).
///
/// # Errors
/// [`BuildError::Threads`] if the worker threads cannot start, [`BuildError::Write`]
/// if `write` fails.
pub fn extract_nquads(
    inputs: &[Input],
    options: &BuildOptions,
    mut write: impl FnMut(&str) -> std::io::Result<()>,
) -> Result<BuildReport, BuildError> {
    let iris = &options.iris;
    // Each document's lines are made and sorted by the worker threads (and written as
    // they are: joined into one text, a large document's lines took twice their room).
    let render = |graph: &DocumentGraph<'_>| rdf::document_lines(iris, graph, options.provenance);
    let mut count = 0;
    let mut report = without_store(inputs, options, true, render, |item| match item {
        Item::Document(lines) => write_lines(lines, &mut count, &mut write),
        Item::Entities(graph) => write_entity_graph(*graph, &mut count, &mut write),
    })?;
    report.quads = Some(count);
    Ok(report)
}

/// Hands `write` one document's lines ([`rdf::document_lines`]) and adds them to `count`;
/// an error of their sort on disk says where it was.
fn write_lines(
    lines: std::io::Result<SortedLines>,
    count: &mut usize,
    mut write: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let sort_error = |error: std::io::Error| {
        std::io::Error::new(
            error.kind(),
            format!(
                "cannot sort a large document's lines in the temporary folder {}: {error}",
                std::env::temp_dir().display()
            ),
        )
    };
    for line in lines.map_err(sort_error)? {
        *count += 1;
        write(&line.map_err(sort_error)?)?;
    }
    Ok(())
}

/// Hands `write` the N-Quads text of the entity graph, in N-Quads order, a piece at a
/// time (the co-mention summaries are made as they are read, so the entity graph is
/// never whole in memory); adds the quads to `count`.
fn write_entity_graph(
    graph: EntityGraph,
    count: &mut usize,
    mut write: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut text = String::new();
    for (n, quad) in graph.into_quads().enumerate() {
        nquads::push_line(&mut text, quad.as_ref());
        *count += 1;
        if n % 4096 == 4095 {
            write(&text)?;
            text.clear();
        }
    }
    write(&text)
}

/// Extracts `inputs` without a store: hands `write` one JSON-ready record per document
/// (mentions and relations with the IRIs a fresh build would store), in input order.
///
/// # Errors
/// [`BuildError::Threads`] if the worker threads cannot start, [`BuildError::Write`]
/// if `write` fails.
pub fn extract_records(
    inputs: &[Input],
    options: &BuildOptions,
    mut write: impl FnMut(&DocumentRecord) -> std::io::Result<()>,
) -> Result<BuildReport, BuildError> {
    let iris = &options.iris;
    without_store(
        inputs,
        options,
        false,
        |graph| records::document_record(iris, graph),
        |item| match item {
            Item::Document(record) => write(&record),
            Item::Entities(_) => Ok(()),
        },
    )
}

/// Both passes without a store: each document graph rendered by `render`, every item
/// (then the entity graph, if `entity_graph`) handed to `write`.
fn without_store<T: Send>(
    inputs: &[Input],
    options: &BuildOptions,
    entity_graph: bool,
    render: impl Fn(&DocumentGraph<'_>) -> T + Sync,
    mut write: impl FnMut(Item<T>) -> std::io::Result<()>,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let context = Context::new(options)?;
    let mut plan = plan::plan(None, inputs, &context, &HashSet::new())?;
    let mut report = std::mem::take(&mut plan.report);
    let mut graphs = second_pass::Graphs::new(&context, plan, render, entity_graph);
    for item in graphs.by_ref() {
        write(item).map_err(BuildError::Write)?;
    }
    options.progress.finish();
    graphs.report_to(&mut report);
    report.elapsed = started.elapsed();
    Ok(report)
}

/// What a document's extraction depends on besides its text: the program and graph
/// model versions, the provenance mode, the user's decisions, the gazetteer, the verb
/// inventory and the recognition engine (the tagger model's digest). A stored document
/// with another key is extracted again.
pub fn extraction_key(
    provenance: Provenance,
    decisions: &Decisions,
    inventory: &Inventory,
    gazetteer: &Gazetteer,
    engine: &Engine,
) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(concat!("kgraph ", env!("CARGO_PKG_VERSION"), "\n").as_bytes());
    hasher.update(format!("graph model {GRAPH_MODEL}\n").as_bytes());
    hasher.update(format!("provenance {provenance}\n").as_bytes());
    hasher.update(decisions.fingerprint().as_bytes());
    hasher.update(inventory.fingerprint().as_bytes());
    hasher.update(gazetteer.fingerprint().as_bytes());
    hasher.update(engine.fingerprint().as_bytes());
    hasher.finalize().to_hex()[..16].to_owned()
}

#[cfg(test)]
mod tests;

//! The pipeline: the only module that knows the order of the stages.
//!
//! `load -> segment -> recognise -> resolve (document) -> relate -> resolve (corpus) -> rdf
//! -> store`
//!
//! Documents whose content hash is already in the store are not extracted again. The
//! corpus-level resolution always runs over every document in the store (new ones from
//! their extraction, stored ones from the entities their graphs record), so the graph is a
//! function of the set of documents, whatever order they were added in.

use crate::entity_type::EntityType;
use crate::facts::{self, StatedFact};
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::load::{self, Document, Input, LoadError};
use crate::rdf::{self, DocumentGraph, Iris, MentionRecord};
use crate::recognise::{Recogniser, Recognition};
use crate::records::{self, DocumentRecord};
use crate::relate::{self, Inventory, Relations};
use crate::resolve::{self, Decisions, DocumentEntities, Entity};
use crate::segment::{self, Segmented};
use crate::span::Span;
use crate::store::{KgStore, StoreError};
use oxigraph::model::{NamedNode, Quad};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
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

impl Extraction {
    /// Checks the promises the stages make about their output, for tests and fuzzing.
    ///
    /// Every span (token, sentence, mention, relation evidence and argument, implied
    /// place) is non-empty, lies inside the document text and starts and ends on `char`
    /// boundaries; tokens and mentions are in order and never overlap, and no mention is
    /// blank; sentences cover every token exactly once, in order, each spanning its
    /// tokens; a mention lies inside its sentence, and so does a relation's evidence;
    /// every index (sentence, mention, entity) points at something that exists.
    ///
    /// # Errors
    /// A description of the first broken promise.
    pub fn check_well_formed(&self) -> Result<(), String> {
        let text = self.document.text.as_str();
        let check_span = |what: &str, span: Span| -> Result<(), String> {
            if span.is_empty()
                || span.end > text.len()
                || !text.is_char_boundary(span.start)
                || !text.is_char_boundary(span.end)
            {
                return Err(format!(
                    "{what} {span:?} is empty, outside the text ({} bytes) or not on \
                     character boundaries",
                    text.len()
                ));
            }
            Ok(())
        };
        let tokens = &self.segmented.tokens;
        let mut previous_end = 0;
        for (index, token) in tokens.iter().enumerate() {
            check_span(&format!("token {index}"), token.span)?;
            if token.span.start < previous_end {
                return Err(format!(
                    "token {index} {:?} overlaps the previous one",
                    token.span
                ));
            }
            previous_end = token.span.end;
        }
        let sentences = &self.segmented.sentences;
        let mut next_token = 0;
        for (index, sentence) in sentences.iter().enumerate() {
            let what = format!("sentence {index}");
            check_span(&what, sentence.span)?;
            let range = &sentence.tokens;
            if range.start != next_token || range.end <= range.start || range.end > tokens.len() {
                return Err(format!(
                    "{what} has tokens {range:?}, expected a non-empty range from {next_token} \
                     within {} tokens",
                    tokens.len()
                ));
            }
            let covered = Span::new(
                tokens[range.start].span.start,
                tokens[range.end - 1].span.end,
            );
            if sentence.span != covered {
                return Err(format!(
                    "{what} {:?} does not span its tokens {covered:?}",
                    sentence.span
                ));
            }
            next_token = range.end;
        }
        if next_token != tokens.len() {
            return Err(format!(
                "sentences cover {next_token} of {} tokens",
                tokens.len()
            ));
        }
        let in_sentence = |what: &str, sentence: usize, span: Span| -> Result<(), String> {
            match sentences.get(sentence) {
                Some(s) if s.span.contains(span) => Ok(()),
                Some(s) => Err(format!(
                    "{what} {span:?} is outside its sentence {:?}",
                    s.span
                )),
                None => Err(format!(
                    "{what} names sentence {sentence} of {}",
                    sentences.len()
                )),
            }
        };
        let mentions = &self.recognition.mentions;
        let mut previous_end = 0;
        for (index, mention) in mentions.iter().enumerate() {
            let what = format!("mention {index}");
            check_span(&what, mention.span)?;
            if mention.span.start < previous_end {
                return Err(format!(
                    "{what} {:?} overlaps the previous one",
                    mention.span
                ));
            }
            if mention.span.of(text).trim().is_empty() {
                return Err(format!("{what} {:?} is blank", mention.span));
            }
            in_sentence(&what, mention.sentence, mention.span)?;
            previous_end = mention.span.end;
        }
        for alias in &self.recognition.aliases {
            if alias.short >= mentions.len() || alias.long >= mentions.len() {
                return Err(format!(
                    "alias {alias:?} names a mention of {}",
                    mentions.len()
                ));
            }
        }
        let entity_count = self.entities.entities.len();
        if self.entities.mention_entity.len() != mentions.len() {
            return Err(format!(
                "{} mentions but {} mention entities",
                mentions.len(),
                self.entities.mention_entity.len()
            ));
        }
        if let Some(entity) = self
            .entities
            .mention_entity
            .iter()
            .find(|&&e| e >= entity_count)
        {
            return Err(format!("a mention names entity {entity} of {entity_count}"));
        }
        let check_argument = |what: &str, argument: &relate::Argument| -> Result<(), String> {
            check_span(what, argument.span)?;
            if argument.entity >= entity_count {
                return Err(format!(
                    "{what} names entity {} of {entity_count}",
                    argument.entity
                ));
            }
            Ok(())
        };
        for (index, implied) in self.relations.implied.iter().enumerate() {
            let what = format!("implied place {index}");
            check_span(&what, implied.span)?;
            if implied.entity >= entity_count {
                return Err(format!(
                    "{what} is entity {} of {entity_count}",
                    implied.entity
                ));
            }
        }
        for (index, relation) in self.relations.relations.iter().enumerate() {
            let what = format!("relation {index} ({})", relation.rule);
            check_span(&format!("{what} evidence"), relation.evidence)?;
            in_sentence(
                &format!("{what} evidence"),
                relation.sentence,
                relation.evidence,
            )?;
            check_argument(&format!("{what} subject"), &relation.subject)?;
            match &relation.object {
                relate::Object::Entity(object) => {
                    check_argument(&format!("{what} object"), object)?
                }
                relate::Object::Position(position) => {
                    if let Some(jurisdiction) = &position.jurisdiction {
                        check_argument(&format!("{what} jurisdiction"), jurisdiction)?;
                    }
                }
                relate::Object::Quantity(_) | relate::Object::Year(_) => {}
            }
        }
        Ok(())
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
    /// Remove stored documents the inputs no longer have (never when an input could not
    /// be read: its document may still exist).
    pub prune: bool,
    /// Worker threads for extraction (`None`: one per core).
    pub jobs: Option<usize>,
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
    /// Quads in the store.
    pub quads: usize,
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
}

/// Reads `inputs`, extracts every new or changed document, resolves entities across the
/// whole store and writes the result in one transaction.
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
    let plan = plan(Some(store), inputs, options)?;
    let iris = &options.iris;
    store.write_build(
        plan.document_graphs(iris),
        &plan.relink,
        &plan.removed,
        &iris.entities_graph(),
        &plan.entity_quads,
    )?;
    store.flush()?;
    let mut report = plan.report;
    report.quads = store.len()?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Extracts `inputs` without a store: the quads a fresh build of them would store, sorted
/// (N-Quads order), with the build report. Entity IRIs are minted from content, so the
/// outputs of separate runs (shards of a corpus) can be loaded into one triple store.
///
/// # Errors
/// [`BuildError::Threads`] if the worker threads cannot start.
pub fn extract_quads(
    inputs: &[Input],
    options: &BuildOptions,
) -> Result<(Vec<Quad>, BuildReport), BuildError> {
    let started = Instant::now();
    let plan = plan(None, inputs, options)?;
    let mut quads: Vec<Quad> = plan
        .document_graphs(&options.iris)
        .flat_map(|(_, quads)| quads)
        .chain(plan.entity_quads.iter().cloned())
        .collect();
    quads.sort_by_cached_key(ToString::to_string);
    quads.dedup();
    let mut report = plan.report;
    report.quads = quads.len();
    report.elapsed = started.elapsed();
    Ok((quads, report))
}

/// Extracts `inputs` without a store, as one JSON-ready record per document (mentions
/// and relations with the IRIs a fresh build would store), sorted by document id.
///
/// # Errors
/// [`BuildError::Threads`] if the worker threads cannot start.
pub fn extract_records(
    inputs: &[Input],
    options: &BuildOptions,
) -> Result<(Vec<DocumentRecord>, BuildReport), BuildError> {
    let started = Instant::now();
    let plan = plan(None, inputs, options)?;
    let iris = &options.iris;
    let records = plan
        .fresh
        .iter()
        .map(|(extraction, local_to_global)| {
            let graph = document_graph(
                extraction,
                local_to_global,
                &plan.entity_iris,
                &plan.extraction_key,
            );
            records::document_record(iris, &graph)
        })
        .collect();
    let mut report = plan.report;
    report.elapsed = started.elapsed();
    Ok((records, report))
}

/// What a build will write. Document graphs are generated one at a time while they are
/// written ([`Plan::document_graphs`]), so their quads never all sit in memory at once.
struct Plan {
    /// New or changed documents, each with its entities' global indexes.
    fresh: Vec<(Extraction, Vec<usize>)>,
    /// IRIs of the global entities.
    entity_iris: Vec<NamedNode>,
    /// The extraction key written into each document graph.
    extraction_key: String,
    /// Stored documents whose mentions now link to another entity: (graph, old, new).
    relink: Vec<(NamedNode, NamedNode, NamedNode)>,
    /// Stored documents to remove.
    removed: Vec<NamedNode>,
    /// The entity graph.
    entity_quads: Vec<Quad>,
    /// The report so far (without quad count and time).
    report: BuildReport,
}

impl Plan {
    /// The named graph of each new or changed document: its IRI and quads.
    fn document_graphs<'a>(
        &'a self,
        iris: &'a Iris,
    ) -> impl Iterator<Item = (NamedNode, Vec<Quad>)> + 'a {
        self.fresh.iter().map(move |(extraction, local_to_global)| {
            let graph = document_graph(
                extraction,
                local_to_global,
                &self.entity_iris,
                &self.extraction_key,
            );
            (
                iris.document(&extraction.document.id),
                rdf::document_quads(iris, &graph),
            )
        })
    }
}

/// Loads, extracts and resolves; `store` supplies the documents already stored.
fn plan(
    store: Option<&KgStore>,
    inputs: &[Input],
    options: &BuildOptions,
) -> Result<Plan, BuildError> {
    let lexicon = Lexicon::embedded();
    let recogniser = crate::recognise::with_gazetteer(lexicon, &options.gazetteer);
    let mut decisions = options.decisions.clone();
    decisions.aliases.extend(options.gazetteer.alias_pairs());
    let decisions = &decisions;
    let mut report = BuildReport::default();

    let (files, errors) = load::discover(inputs);
    report.errors.extend(errors);
    let mut seen = BTreeMap::new();
    let mut documents = Vec::new();
    for file in &files {
        let outcome = load::read(file, &mut seen);
        documents.extend(outcome.documents);
        report.errors.extend(outcome.errors);
        report.notes.extend(outcome.notes);
    }
    report.documents_read = documents.len();

    let stored = match store {
        Some(store) => store.documents()?,
        None => BTreeMap::new(),
    };
    let iris = &options.iris;
    let key = extraction_key(decisions, &options.inventory, &options.gazetteer);
    // Stored documents the inputs no longer have, when pruning and every input was read.
    let mut removed: Vec<NamedNode> = Vec::new();
    if options.prune {
        if report.errors.is_empty() {
            let read: std::collections::HashSet<String> = documents
                .iter()
                .map(|d| iris.document(&d.id).into_string())
                .collect();
            removed = stored
                .values()
                .filter(|s| !read.contains(s.iri.as_str()))
                .map(|s| s.iri.clone())
                .collect();
        } else {
            report.notes.push(
                "nothing pruned: some inputs could not be read, and their documents stay"
                    .to_owned(),
            );
        }
    }
    report.documents_removed = removed.len();
    let removed_set: std::collections::HashSet<NamedNode> = removed.iter().cloned().collect();
    let (unchanged, changed): (Vec<Document>, Vec<Document>) =
        documents.into_iter().partition(|d| {
            stored.get(iris.document(&d.id).as_str()).is_some_and(|s| {
                s.content_hash == format!("blake3:{}", d.content_hash)
                    && s.extraction_key.as_deref() == Some(key.as_str())
            })
        });
    report.documents_unchanged = unchanged.len();
    report.documents_written = changed.len();

    let extract_all = || -> Vec<Extraction> {
        changed
            .into_par_iter()
            .map(|d| extract(d, &recogniser, lexicon, decisions, &options.inventory))
            .collect()
    };
    let mut extractions = match options.jobs {
        Some(jobs) => rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .map_err(|e| BuildError::Threads {
                jobs,
                message: e.to_string(),
            })?
            .install(extract_all),
        None => extract_all(),
    };
    for extraction in &mut extractions {
        add_gazetteer_names(&mut extraction.entities, &options.gazetteer, lexicon);
    }

    // Every document of the corpus, sorted by IRI: fresh extractions and stored ones.
    let mut corpus: BTreeMap<String, CorpusDocument<'_>> = BTreeMap::new();
    for extraction in &extractions {
        let iri = iris.document(&extraction.document.id);
        corpus.insert(iri.as_str().to_owned(), CorpusDocument::Fresh(extraction));
    }
    for (iri, document) in &stored {
        if corpus.contains_key(iri) || removed_set.contains(&document.iri) {
            continue;
        }
        let Some(store) = store else { break };
        let locals = store.local_entities(&document.iri)?;
        let entities = locals
            .iter()
            .map(|l| Entity {
                weak: l.weak,
                ..Entity::from_names(l.entity_type, l.names.clone(), lexicon)
            })
            .collect();
        let links = locals.into_iter().map(|l| l.linked_to).collect();
        let mut resolved = DocumentEntities {
            entities,
            mention_entity: Vec::new(),
        };
        add_gazetteer_names(&mut resolved, &options.gazetteer, lexicon);
        corpus.insert(
            iri.clone(),
            CorpusDocument::Stored(document.iri.clone(), resolved, links),
        );
    }
    let locals: Vec<&DocumentEntities> = corpus
        .values()
        .map(|d| match d {
            CorpusDocument::Fresh(e) => &e.entities,
            CorpusDocument::Stored(_, resolved, _) => resolved,
        })
        .collect();
    let table = resolve::resolve_corpus(&locals, lexicon, decisions);
    // In how many documents each entity is mentioned (implied places are not mentions).
    let mut document_counts = vec![0; table.entities.len()];
    for (document, local_to_global) in locals.iter().zip(&table.local_to_global) {
        let mut named: Vec<usize> = document
            .entities
            .iter()
            .zip(local_to_global)
            .filter(|(entity, _)| entity.mention_count() > 0)
            .map(|(_, &global)| global)
            .collect();
        named.sort_unstable();
        named.dedup();
        for global in named {
            document_counts[global] += 1;
        }
    }
    let entity_iris = rdf::entity_iris(iris, &table.entities);

    let mut fresh_links: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut relink = Vec::new();
    // What the stored documents state, with their entities as they are now linked.
    let mut stored_facts: Vec<StatedFact> = Vec::new();
    for ((iri, document), local_to_global) in corpus.iter().zip(&table.local_to_global) {
        match document {
            CorpusDocument::Fresh(_) => {
                fresh_links.insert(iri.clone(), local_to_global.clone());
            }
            CorpusDocument::Stored(doc_iri, _, links) => {
                let mut now: HashMap<&NamedNode, &NamedNode> = HashMap::new();
                for (old, &global) in links.iter().zip(local_to_global) {
                    let new = &entity_iris[global];
                    if old != new {
                        relink.push((doc_iri.clone(), old.clone(), new.clone()));
                        now.insert(old, new);
                    }
                }
                if let Some(store) = store {
                    stored_facts.extend(
                        store
                            .statements(doc_iri)?
                            .into_iter()
                            .map(|fact| fact.relinked(&now)),
                    );
                }
            }
        }
    }
    let mut entity_quads = rdf::entity_quads(
        iris,
        &table.entities,
        &entity_iris,
        &document_counts,
        lexicon,
        &options.inventory,
        &options.gazetteer,
    );

    for entity in &table.entities {
        *report.entities.entry(entity.entity_type).or_default() += 1;
        *report.mentions.entry(entity.entity_type).or_default() += entity.mention_count();
    }
    let documents_in_corpus = corpus.len();
    drop(corpus);
    let mut fresh: Vec<(Extraction, Vec<usize>)> = extractions
        .into_iter()
        .map(|extraction| {
            let iri = iris.document(&extraction.document.id);
            let links = fresh_links.remove(iri.as_str()).unwrap_or_default();
            (extraction, links)
        })
        .collect();
    fresh.sort_by(|a, b| a.0.document.id.cmp(&b.0.document.id));
    // Every statement's triple once, in the entity graph.
    let fresh_facts: Vec<StatedFact> = fresh
        .iter()
        .flat_map(|(extraction, local_to_global)| {
            let graph = document_graph(extraction, local_to_global, &entity_iris, &key);
            facts::document_facts(iris, &graph)
        })
        .collect();
    entity_quads.extend(facts::fact_quads(
        iris,
        fresh_facts.into_iter().chain(stored_facts),
    ));
    report.documents_in_store = documents_in_corpus;
    Ok(Plan {
        fresh,
        entity_iris,
        extraction_key: key,
        relink,
        removed,
        entity_quads,
        report,
    })
}

/// Adds to each entity the name of the user's gazetteer entry one of its names belongs to
/// (counted zero times), so the entity is labelled by it ("Biden" -> "Joe Biden"). Done
/// alike for fresh and stored documents, so the result does not depend on build order.
fn add_gazetteer_names(entities: &mut DocumentEntities, gazetteer: &Gazetteer, lexicon: &Lexicon) {
    if gazetteer.is_empty() {
        return;
    }
    for entity in &mut entities.entities {
        let entry = entity.names.keys().find_map(|name| {
            gazetteer
                .lookup(name)
                .filter(|e| e.entity_type == entity.entity_type)
        });
        let Some(entry) = entry.filter(|e| !entity.names.contains_key(&e.name)) else {
            continue;
        };
        let mut names = entity.names.clone();
        names.insert(entry.name.clone(), 0);
        *entity = Entity {
            merges: std::mem::take(&mut entity.merges),
            weak: entity.weak,
            ..Entity::from_names(entity.entity_type, names, lexicon)
        };
    }
}

/// What a document's extraction depends on besides its text: the program version, the
/// user's decisions, the gazetteer and the verb inventory. A stored document with
/// another key is extracted again.
pub fn extraction_key(
    decisions: &Decisions,
    inventory: &Inventory,
    gazetteer: &Gazetteer,
) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(concat!("kgraph ", env!("CARGO_PKG_VERSION"), "\n").as_bytes());
    hasher.update(decisions.fingerprint().as_bytes());
    hasher.update(inventory.fingerprint().as_bytes());
    hasher.update(gazetteer.fingerprint().as_bytes());
    hasher.finalize().to_hex()[..16].to_owned()
}

/// A document of the corpus during a build.
enum CorpusDocument<'a> {
    /// Extracted in this build.
    Fresh(&'a Extraction),
    /// Already in the store: its IRI, its entities, and the global IRIs they link to now.
    Stored(NamedNode, DocumentEntities, Vec<NamedNode>),
}

fn document_graph<'a>(
    extraction: &'a Extraction,
    local_to_global: &[usize],
    entity_iris: &[NamedNode],
    extraction_key: &'a str,
) -> DocumentGraph<'a> {
    let local = &extraction.entities;
    let mentions = extraction
        .recognition
        .mentions
        .iter()
        .zip(&local.mention_entity)
        .map(|(mention, &entity)| MentionRecord {
            span: mention.span,
            entity_type: mention.entity_type,
            sentence: mention.sentence,
            rule: mention.rule,
            confidence: mention.confidence,
            local_entity: entity,
            entity: entity_iris[local_to_global[entity]].clone(),
        })
        .collect();
    let merges = local
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            e.merges
                .iter()
                .filter(|m| m.rule != "same-name")
                .map(move |m| (m, entity_iris[local_to_global[i]].clone()))
        })
        .collect();
    let local_iris = local_to_global
        .iter()
        .map(|&global| entity_iris[global].clone())
        .collect();
    DocumentGraph {
        extraction_key,
        document: &extraction.document,
        segmented: &extraction.segmented,
        mentions,
        merges,
        relations: &extraction.relations,
        local_iris,
    }
}

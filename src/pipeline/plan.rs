//! The first pass of a build: read every input a chunk at a time, extract the new or
//! changed documents, keep the entities each names, write each extraction to the spill
//! for the second pass (`spill.rs`), and resolve the entities with the stored documents'
//! into the corpus's entity table.

use super::spill::{self, Spilled};
use super::{BuildError, BuildReport, Context, Extraction};
use crate::build_record::BuildRecord;
use crate::facts::{FactTable, StatedFact, co_mention_facts};
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::load::{self, Document, Input, LoadError, SourceFile};
use crate::progress::{ProgressSink, Stage};
use crate::rdf::{self, DocumentGraph, MentionRecord};
use crate::resolve::{DocumentEntities, Entity, LocalEntities};
use crate::store::{KgStore, StoreError};
use oxigraph::model::NamedNode;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Documents are read and extracted this many at a time (or [`CHUNK_BYTES`] of text).
pub(super) const CHUNK_DOCUMENTS: usize = 256;
/// Text read into one chunk at most (a single larger document is a chunk of its own).
pub(super) const CHUNK_BYTES: usize = 16 << 20;

/// Reads the discovered files in order, a chunk of documents at a time.
#[derive(Debug, Default)]
pub(super) struct Reader {
    next: usize,
    /// Where the file `next` goes on, when a chunk ended inside it (JSON Lines).
    resume: Option<load::Resume>,
    /// Document ids read so far, with their source (a repeated id is skipped).
    seen: BTreeMap<String, String>,
    /// Whether `seen` is kept across pieces (else a repeated id is only noticed within a
    /// piece).
    remember: bool,
    /// Where each chunk read is reported, as a stage of this name.
    progress: ProgressSink,
    stage: &'static str,
    /// Each file's size, read once when the stage starts, and only when progress is
    /// reported.
    sizes: Vec<u64>,
    /// Bytes of the files read to their end.
    bytes_done: u64,
}

impl Reader {
    /// A reader that notices every repeated id (the first pass), reporting its chunks
    /// to `progress` as the stage `stage`.
    pub(super) fn new(progress: &ProgressSink, stage: &'static str) -> Self {
        Reader {
            remember: true,
            progress: progress.clone(),
            stage,
            ..Reader::default()
        }
    }

    /// A reader that keeps no id from one piece to the next: for the second pass when it
    /// must read the inputs again, which writes each fresh document once anyway (the
    /// first pass reported the repeats), so it keeps no set of every id.
    pub(super) fn forgetful(progress: &ProgressSink, stage: &'static str) -> Self {
        Reader {
            progress: progress.clone(),
            stage,
            ..Reader::default()
        }
    }

    /// Input bytes read so far.
    fn position(&self) -> u64 {
        self.bytes_done + self.resume.map_or(0, |r| r.offset())
    }

    /// The next chunk of documents, or `None` when every file has been read. Problems
    /// and remarks about the files read go to `errors` and `notes`.
    pub(super) fn chunk(
        &mut self,
        files: &[SourceFile],
        errors: &mut Vec<LoadError>,
        notes: &mut Vec<String>,
    ) -> Option<Vec<Document>> {
        if self.next >= files.len() {
            return None;
        }
        if self.next == 0 && self.resume.is_none() && self.progress.is_reporting() {
            self.sizes = files.iter().map(SourceFile::size).collect();
            self.progress.stage(Stage {
                name: self.stage.into(),
                bytes: Some(self.sizes.iter().sum()),
                documents: None,
            });
        }
        let start = self.position();
        let mut documents = Vec::new();
        let mut bytes = 0;
        while self.next < files.len() && documents.len() < CHUNK_DOCUMENTS && bytes < CHUNK_BYTES {
            let (outcome, resume) = load::read_piece(
                &files[self.next],
                self.resume.take(),
                CHUNK_DOCUMENTS - documents.len(),
                CHUNK_BYTES - bytes,
                &mut self.seen,
            );
            self.resume = resume;
            if !self.remember {
                self.seen.clear();
            }
            if resume.is_none() {
                self.bytes_done += self.sizes.get(self.next).copied().unwrap_or(0);
                self.next += 1;
            }
            bytes += outcome
                .documents
                .iter()
                .map(|d| d.text.len())
                .sum::<usize>();
            documents.extend(outcome.documents);
            errors.extend(outcome.errors);
            notes.extend(outcome.notes);
        }
        self.progress
            .advance(documents.len() as u64, self.position() - start);
        Some(documents)
    }
}

/// A new or changed document, as the second pass needs it (there is one per document,
/// so it is kept small).
#[derive(Debug, Clone)]
pub(super) struct FreshDocument {
    /// Where it was read from (for messages, when the second pass reads the inputs again).
    pub(super) source: Box<str>,
    /// Its content hash when the first pass read it (to tell, when the second pass reads
    /// the inputs again, that it changed in between).
    pub(super) content_hash: Option<blake3::Hash>,
    /// Its entities' items (see [`Plan::links`]).
    pub(super) items: ItemRange,
    /// Whether the second pass has met it.
    pub(super) met: bool,
}

/// A document's content hash, compact (`None` only if it is not BLAKE3 hex).
pub(super) fn content_hash(document: &Document) -> Option<blake3::Hash> {
    blake3::Hash::from_hex(&document.content_hash).ok()
}

/// What a build will write, once the first pass is done.
#[derive(Default)]
pub(super) struct Plan {
    /// The input files, read again only when the spill cannot be.
    pub(super) files: Vec<SourceFile>,
    /// The extraction of every fresh document, in input order (`None`: the first pass
    /// could not keep them, and the second pass extracts them again).
    pub(super) spill: Option<Spilled>,
    /// New or changed documents by id.
    pub(super) fresh: HashMap<Box<str>, FreshDocument>,
    /// The items of the documents' entities.
    items: ItemLists,
    /// The global entity of each item.
    to_global: Vec<u32>,
    /// The global entities.
    pub(super) entities: Vec<Entity>,
    /// Their IRIs.
    pub(super) entity_iris: Vec<NamedNode>,
    /// In how many documents each is mentioned.
    pub(super) document_counts: Vec<usize>,
    /// Stored documents whose mentions now link to another entity: (graph, old, new).
    pub(super) relink: Vec<(NamedNode, NamedNode, NamedNode)>,
    /// Stored documents to remove.
    pub(super) removed: Vec<NamedNode>,
    /// The facts of the stored documents, as they are linked now.
    pub(super) facts: FactTable,
    /// The report so far (without quad count and time).
    pub(super) report: BuildReport,
    /// Stored documents two of whose entities were linked to one IRI and now to two.
    /// Relinking replaces an IRI in the document's graph, and its statements name
    /// entities only by IRI, so the graph must be written again from the text.
    pub(super) split: Vec<NamedNode>,
    /// Whether the store already holds exactly what the inputs give: no document is new,
    /// changed or removed, and no earlier build was stopped part-way. Nothing else of
    /// the plan is filled in then.
    pub(super) up_to_date: bool,
}

impl Plan {
    /// The global entity of each entity of a fresh document.
    pub(super) fn links(&self, document: &FreshDocument) -> Vec<u32> {
        self.items
            .get(document.items)
            .iter()
            .map(|&item| self.to_global[(item & !IMPLIED) as usize])
            .collect()
    }
}

/// The [`LocalEntities`] items of every document's entities, one document's after
/// another's: a few bytes an entity, not a list per document. A document's are an
/// [`ItemRange`] of it.
#[derive(Debug, Default)]
struct ItemLists {
    /// Item ids, with [`IMPLIED`] set on those no mention of the document names.
    items: Vec<u32>,
}

/// Set on an item of [`ItemLists`] that a document implies but does not mention.
const IMPLIED: u32 = 1 << 31;

/// One document's part of [`ItemLists`].
#[derive(Debug, Clone, Copy)]
pub(super) struct ItemRange {
    start: usize,
    len: u32,
}

impl ItemLists {
    /// Adds a document's entities to `locals`, and their items to the lists.
    fn add(&mut self, entities: &DocumentEntities, locals: &mut LocalEntities) -> ItemRange {
        let start = self.items.len();
        for entity in &entities.entities {
            let item = u32::try_from(locals.add(entity))
                .ok()
                .filter(|&item| item < IMPLIED)
                .expect("fewer than 2^31 distinct entities");
            let implied = if entity.mention_count() > 0 {
                0
            } else {
                IMPLIED
            };
            self.items.push(item | implied);
        }
        let len = u32::try_from(self.items.len() - start).expect("fewer than 2^32 entities");
        ItemRange { start, len }
    }

    /// A document's items.
    fn get(&self, range: ItemRange) -> &[u32] {
        &self.items[range.start..range.start + range.len as usize]
    }
}

/// A new or changed document of the first pass: its id, source, content hash, and the
/// items of its entities.
struct Surveyed {
    id: Box<str>,
    source: Box<str>,
    content_hash: Option<blake3::Hash>,
    items: ItemRange,
}

/// A stored document kept by the build: its IRI, its entities' items, and the global
/// entity each is linked to in the store (an index into [`StoredLinks`]).
struct Kept {
    iri: NamedNode,
    items: ItemRange,
    linked_to: Vec<usize>,
}

/// The distinct entity IRIs stored documents link to, each kept once (there are as many
/// as corpus entities, not as documents).
#[derive(Default)]
struct StoredLinks {
    index: HashMap<NamedNode, usize>,
    iris: Vec<NamedNode>,
}

impl StoredLinks {
    fn add(&mut self, iri: NamedNode) -> usize {
        let next = self.iris.len();
        *self.index.entry(iri).or_insert_with_key(|iri| {
            self.iris.push(iri.clone());
            next
        })
    }
}

/// The files to read under `inputs` (standard input read into memory, so that the second
/// pass can read it again if it must); problems go to `report`.
pub(super) fn discover(inputs: &[Input], report: &mut BuildReport) -> Vec<SourceFile> {
    let (mut files, errors) = load::discover(inputs);
    report.errors.extend(errors);
    if let Err(error) = load::buffer_stdin(&mut files) {
        report.errors.push(LoadError::Unreadable {
            path: "<stdin>".to_owned(),
            message: error.to_string(),
        });
        files.retain(|f| f.path.is_some());
    }
    files
}

/// The first pass: loads and extracts every new or changed document of `inputs`, keeps
/// their extractions in a spill ([`Plan::spill`]), and resolves their entities with those
/// of the documents `store` already has.
///
/// Documents of `again` (IRIs) are extracted again even if unchanged: documents whose
/// entities, one before, split (see [`Plan::split`]).
pub(super) fn plan(
    store: Option<&KgStore>,
    inputs: &[Input],
    cx: &Context<'_>,
    again: &HashSet<String>,
) -> Result<Plan, BuildError> {
    let options = cx.options;
    let lexicon = cx.lexicon;
    let mut report = BuildReport::default();
    let files = discover(inputs, &mut report);
    let stored = match store {
        Some(store) => store.documents()?,
        None => BTreeMap::new(),
    };
    let iris = &options.iris;

    let mut locals = LocalEntities::default();
    let mut item_lists = ItemLists::default();
    let mut read: HashSet<String> = HashSet::new();
    let mut surveyed: Vec<Surveyed> = Vec::new();
    let mut spill = spill::Writer::new();
    let mut reader = Reader::new(&options.progress, "finding entities");
    while let Some(documents) = reader.chunk(&files, &mut report.errors, &mut report.notes) {
        report.documents_read += documents.len();
        let mut changed: Vec<Document> = Vec::new();
        for document in documents {
            let iri = iris.document(&document.id).into_string();
            let unchanged = !again.contains(&iri)
                && stored.get(&iri).is_some_and(|s| {
                    s.content_hash == format!("blake3:{}", document.content_hash)
                        && s.extraction_key.as_deref() == Some(cx.key.as_str())
                });
            if unchanged {
                report.documents_unchanged += 1;
            } else {
                changed.push(document);
            }
            if options.prune {
                read.insert(iri);
            }
        }
        let writing = spill.is_writing();
        let extracted: Vec<(Document, DocumentEntities, Option<_>)> = cx.run(|| {
            changed
                .into_par_iter()
                .map(|d| {
                    let extraction = cx.extract(d);
                    let record = writing.then(|| spill::encode(&extraction));
                    (extraction.document, extraction.entities, record)
                })
                .collect()
        });
        for (document, entities, record) in extracted {
            if let Some(record) = record {
                spill.push(record);
            }
            surveyed.push(Surveyed {
                items: item_lists.add(&entities, &mut locals),
                content_hash: content_hash(&document),
                id: document.id.into_boxed_str(),
                source: document.source.into_boxed_str(),
            });
        }
    }
    drop(reader);
    let spill = match spill.finish() {
        Ok(spilled) => Some(spilled),
        Err(error) => {
            report.notes.push(format!(
                "cannot keep the extracted documents in a temporary file in {} ({error}): they are extracted again to be written",
                std::env::temp_dir().display()
            ));
            None
        }
    };
    report.documents_written = surveyed.len();
    // Both grew by doubling: give back the spare room before resolution needs memory.
    surveyed.shrink_to_fit();
    item_lists.items.shrink_to_fit();

    // Stored documents the inputs no longer have, when pruning and every input was read.
    let mut removed: Vec<NamedNode> = Vec::new();
    if options.prune {
        if report.errors.is_empty() {
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
    drop(read);
    report.documents_removed = removed.len();
    if let Some(store) = store
        && surveyed.is_empty()
        && removed.is_empty()
        && !store.has_unfinished_write()?
    {
        // The entity graph is a function of the stored documents and the extraction
        // key, which all of them share: it is already what a full build would write.
        report.documents_in_store = stored.len();
        return Ok(Plan {
            files,
            report,
            up_to_date: true,
            ..Plan::default()
        });
    }

    // The stored documents that stay, from the entities their graphs record.
    let replaced: HashSet<String> = surveyed
        .iter()
        .map(|d| iris.document(&d.id).into_string())
        .filter(|iri| stored.contains_key(iri))
        .collect();
    let removed_set: HashSet<&NamedNode> = removed.iter().collect();
    let mut kept: Vec<Kept> = Vec::new();
    let mut stored_links = StoredLinks::default();
    // What the stored documents state, as their entities are linked in the store; a
    // document whose entities are relinked below has its facts taken back and added
    // again as linked now.
    let mut facts = FactTable::default();
    if let Some(store) = store {
        let staying = stored
            .iter()
            .filter(|(iri, document)| {
                !replaced.contains(*iri) && !removed_set.contains(&document.iri)
            })
            .map(|(_, document)| &document.iri);
        // Each record becomes the document's entities and facts (as the store links
        // them) on the worker threads; they are added to the tables in store order.
        let entities_of = |record: BuildRecord| {
            let mut linked = Vec::new();
            let entities = record
                .local_entities()
                .into_iter()
                .map(|l| {
                    linked.push(l.linked_to);
                    Entity {
                        weak: l.weak,
                        ..Entity::from_names(l.entity_type, l.names, lexicon)
                    }
                })
                .collect();
            let mut entities = DocumentEntities {
                entities,
                mention_entity: Vec::new(),
            };
            add_gazetteer_names(&mut entities, &options.gazetteer, lexicon);
            let stated = record_facts(&record, &HashMap::new());
            (entities, linked, stated)
        };
        for_each_record(
            store,
            cx,
            staying,
            entities_of,
            |iri, (entities, linked, stated)| {
                kept.push(Kept {
                    iri: iri.clone(),
                    items: item_lists.add(&entities, &mut locals),
                    linked_to: linked.into_iter().map(|l| stored_links.add(l)).collect(),
                });
                for fact in stated {
                    facts.add(fact);
                }
            },
        )?;
    }
    drop(replaced);
    let (entities, to_global) = locals.resolve(lexicon, &cx.decisions);
    let to_global: Vec<u32> = to_global
        .into_iter()
        .map(|global| u32::try_from(global).expect("fewer than 2^32 entities"))
        .collect();
    // In how many documents each entity is mentioned (implied places are not mentions).
    let mut document_counts = vec![0; entities.len()];
    let mut named: Vec<u32> = Vec::new();
    for &items in surveyed
        .iter()
        .map(|d| &d.items)
        .chain(kept.iter().map(|d| &d.items))
    {
        named.clear();
        named.extend(
            item_lists
                .get(items)
                .iter()
                .filter(|&&item| item & IMPLIED == 0)
                .map(|&item| to_global[item as usize]),
        );
        named.sort_unstable();
        named.dedup();
        for &global in &named {
            document_counts[global as usize] += 1;
        }
    }
    let entity_iris = rdf::entity_iris(iris, &entities);
    let links = |items: ItemRange| -> Vec<u32> {
        item_lists
            .get(items)
            .iter()
            .map(|&item| to_global[(item & !IMPLIED) as usize])
            .collect()
    };

    let mut fresh: HashMap<Box<str>, FreshDocument> = HashMap::with_capacity(surveyed.len());
    for d in surveyed {
        let document = FreshDocument {
            source: d.source,
            content_hash: d.content_hash,
            items: d.items,
            met: false,
        };
        fresh.insert(d.id, document);
    }
    // Stored documents whose entities now have another IRI. Only their records are
    // read again, to state their facts as linked now.
    let mut relink = Vec::new();
    let mut split = Vec::new();
    let mut relinked: Vec<(&NamedNode, HashMap<&NamedNode, &NamedNode>)> = Vec::new();
    for document in &kept {
        let mut now: HashMap<&NamedNode, &NamedNode> = HashMap::new();
        let mut targets: HashMap<&NamedNode, &NamedNode> = HashMap::new();
        let mut splits = false;
        for (&old, &global) in document.linked_to.iter().zip(&links(document.items)) {
            let (old, new) = (&stored_links.iris[old], &entity_iris[global as usize]);
            splits |= *targets.entry(old).or_insert(new) != new;
            if old != new {
                relink.push((document.iri.clone(), old.clone(), new.clone()));
                now.insert(old, new);
            }
        }
        if splits {
            split.push(document.iri.clone());
        }
        if !now.is_empty() {
            relinked.push((&document.iri, now));
        }
    }
    if let Some(store) = store {
        let mut nows = relinked.iter().map(|(_, now)| now);
        for_each_record(
            store,
            cx,
            relinked.iter().map(|(iri, _)| *iri),
            |record| record,
            |_, record| {
                let now = nows.next().expect("one record per relinked document");
                for fact in record_facts(&record, &HashMap::new()) {
                    facts.remove(&fact);
                }
                for fact in record_facts(&record, now) {
                    facts.add(fact);
                }
            },
        )?;
    }
    for entity in &entities {
        *report.entities.entry(entity.entity_type).or_default() += 1;
        *report.mentions.entry(entity.entity_type).or_default() += entity.mention_count();
    }
    report.documents_in_store = fresh.len() + kept.len();
    Ok(Plan {
        files,
        spill,
        fresh,
        items: item_lists,
        to_global,
        entities,
        entity_iris,
        document_counts,
        relink,
        removed,
        facts,
        report,
        split,
        up_to_date: false,
    })
}

/// What a stored document states, from its record, with entity IRIs replaced as `now`
/// says (old -> new): its statements and its co-mentions.
fn record_facts(record: &BuildRecord, now: &HashMap<&NamedNode, &NamedNode>) -> Vec<StatedFact> {
    let mut facts: Vec<StatedFact> = record
        .statements()
        .into_iter()
        .map(|fact| fact.relinked(now))
        .collect();
    let sentences = record.sentence_entities();
    let linked_now = sentences.iter().map(|entities| {
        entities
            .iter()
            .map(|e| now.get(e).copied().unwrap_or(e))
            .collect::<Vec<&NamedNode>>()
    });
    facts.extend(co_mention_facts(rdf::count_co_mentions(linked_now)));
    facts
}

/// Reads the build records of `documents` a chunk at a time, each chunk read and turned
/// into `T` by `prepare` on the worker threads, and hands them to `each` in order.
fn for_each_record<'d, T: Send>(
    store: &KgStore,
    cx: &Context<'_>,
    documents: impl Iterator<Item = &'d NamedNode>,
    prepare: impl Fn(BuildRecord) -> T + Sync,
    mut each: impl FnMut(&'d NamedNode, T),
) -> Result<(), BuildError> {
    const CHUNK: usize = 256;
    let documents: Vec<&NamedNode> = documents.collect();
    for chunk in documents.chunks(CHUNK) {
        let prepared: Vec<Result<T, StoreError>> = cx.run(|| {
            chunk
                .par_iter()
                .map(|iri| store.build_record(iri).map(&prepare))
                .collect()
        });
        for (iri, item) in chunk.iter().zip(prepared) {
            each(iri, item?);
        }
    }
    Ok(())
}

/// Adds to each entity the name of the user's gazetteer entry one of its names belongs to
/// (counted zero times), so the entity is labelled by it ("Biden" -> "Joe Biden"). Done
/// alike for fresh and stored documents, so the result does not depend on build order.
pub(super) fn add_gazetteer_names(
    entities: &mut DocumentEntities,
    gazetteer: &Gazetteer,
    lexicon: &Lexicon,
) {
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

/// The graph of one extracted document, its entities linked to the global ones.
pub(super) fn document_graph<'a>(
    extraction: &'a Extraction,
    local_to_global: &[u32],
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
            entity: entity_iris[local_to_global[entity] as usize].clone(),
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
                .map(move |m| (m, entity_iris[local_to_global[i] as usize].clone()))
        })
        .collect();
    let local_iris = local_to_global
        .iter()
        .map(|&global| entity_iris[global as usize].clone())
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

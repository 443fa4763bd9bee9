//! A build cut into the four steps of a sharded build ([`crate::shards`]): the two passes
//! of [`super::extract_nquads`] run per shard, and the global work between and after
//! them (corpus resolution; counts, facts and co-mentions) run once over every shard's
//! file. The pieces are the same as one machine's: [`super::plan::Reader`],
//! [`Context::extract`], [`LocalEntities`], [`plan::document_graph`] and [`EntityGraph`].

use super::entity_graph::{Entities, EntityGraph};
use super::plan::{self, Reader};
use super::{BuildError, BuildOptions, BuildReport, Context, write_entity_graph, write_lines};
use crate::facts::{self, FactTable};
use crate::line_sort::SortedLines;
use crate::load::Input;
use crate::rdf;
use crate::resolve::{DocumentEntities, LocalEntities};
use crate::shards::table::{Table, TableItem};
use crate::shards::{Expected, Part, ShardError, contribution, local, table};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufReader, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// What the files of this run must carry: its extraction key and base IRI.
fn expected(cx: &Context<'_>) -> Expected {
    Expected {
        key: cx.key.clone(),
        base: cx.options.iris.base().to_owned(),
    }
}

/// The files of `inputs`, or of `part` of them.
fn files(
    inputs: &[Input],
    part: Option<Part>,
    report: &mut BuildReport,
) -> Vec<crate::load::SourceFile> {
    let mut files = plan::discover(inputs, report);
    if let Some(part) = part {
        let mut n = 0;
        files.retain(|_| {
            n += 1;
            part.has(n - 1)
        });
    }
    files
}

/// Opens a file of the protocol for reading.
fn open(path: &Path) -> Result<BufReader<std::fs::File>, ShardError> {
    std::fs::File::open(path)
        .map(|file| BufReader::with_capacity(1 << 20, file))
        .map_err(|source| ShardError::Io {
            path: path.display().to_string(),
            source,
        })
}

/// Reads the entity table at `path`.
fn read_table(path: &Path, expected: &Expected) -> Result<Table, ShardError> {
    Table::read(open(path)?, &path.display().to_string(), expected)
}

/// Step 1 (map): extracts the documents of `inputs` (one shard, or `part` of them) and
/// writes their ids and the distinct entities they name to `out` (named `path` in
/// errors).
///
/// # Errors
/// [`BuildError`] if the worker threads cannot start or `out` cannot be written; bad
/// inputs are listed in [`BuildReport::errors`].
pub fn extract_entities(
    inputs: &[Input],
    part: Option<Part>,
    options: &BuildOptions,
    out: impl Write,
    path: &str,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let cx = Context::new(options)?;
    let mut report = BuildReport::default();
    let files = files(inputs, part, &mut report);
    let mut reader = Reader::new(&options.progress, "finding entities");
    let mut locals = LocalEntities::default();
    let mut ids = Vec::new();
    while let Some(documents) = reader.chunk(&files, &mut report.errors, &mut report.notes) {
        report.documents_read += documents.len();
        let extracted: Vec<(String, DocumentEntities)> = cx.run(|| {
            documents
                .into_par_iter()
                .map(|document| {
                    let extraction = cx.extract(document);
                    (extraction.document.id, extraction.entities)
                })
                .collect()
        });
        for (id, entities) in extracted {
            for entity in &entities.entities {
                locals.add(entity);
            }
            ids.push(id);
        }
    }
    local::write(out, path, &expected(&cx), &ids, &locals)?;
    options.progress.finish();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Step 2 (reduce): resolves the entities of every shard's step 1 file into the corpus's
/// entities and writes the entity table to `out` (named `path` in errors). Memory holds
/// the distinct entities and a 16-byte hash of each document id (to refuse an id given
/// to two shards).
///
/// # Errors
/// [`BuildError::Shard`] if a file cannot be read or used, or two shards have a document
/// of the same id; [`BuildError::Shard`] too if `out` cannot be written.
pub fn resolve_shards(
    shards: &[impl AsRef<Path>],
    options: &BuildOptions,
    out: impl Write,
    path: &str,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let cx = Context::new(options)?;
    let expected = expected(&cx);
    let mut report = BuildReport::default();
    let mut locals = LocalEntities::default();
    let mut first_shard: HashMap<[u8; 16], usize> = HashMap::new();
    for (n, shard) in shards.iter().enumerate() {
        let shard = shard.as_ref();
        let name = |shard: &Path| shard.display().to_string();
        let document = |id: String| {
            let hash = blake3::hash(id.as_bytes());
            let short: [u8; 16] = hash.as_bytes()[..16].try_into().expect("16 bytes");
            match first_shard.insert(short, n) {
                Some(first) if first != n => Err(ShardError::DuplicateId {
                    id,
                    first: name(shards[first].as_ref()),
                    second: name(shard),
                }),
                _ => Ok(()),
            }
        };
        local::read(open(shard)?, &name(shard), &expected, document, &mut locals)?;
    }
    report.documents_read = first_shard.len();
    drop(first_shard);
    let keys: Vec<TableItem> = locals
        .items()
        .map(|(entity_type, weak, names)| TableItem {
            entity_type,
            weak,
            names: names.keys().cloned().collect(),
            entity: 0,
        })
        .collect();
    let (entities, to_global) = locals.resolve(cx.lexicon, &cx.decisions);
    let mut items: Vec<TableItem> = keys
        .into_iter()
        .zip(to_global)
        .map(|(item, global)| TableItem {
            entity: u32::try_from(global).expect("fewer than 2^32 entities"),
            ..item
        })
        .collect();
    items.sort_unstable_by(|a, b| {
        (a.entity_type, a.weak, &a.names).cmp(&(b.entity_type, b.weak, &b.names))
    });
    let iris = rdf::entity_iris(&options.iris, &entities);
    for entity in &entities {
        *report.entities.entry(entity.entity_type).or_default() += 1;
        *report.mentions.entry(entity.entity_type).or_default() += entity.mention_count();
    }
    table::write(out, path, &expected, &entities, &iris, items)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// What one document gives step 3: its graph's N-Quads lines, the facts it states and
/// the corpus entities it names.
type Rendered = (std::io::Result<SortedLines>, FactTable, Vec<u32>);

/// Step 3 (map): extracts the documents of `inputs` (one shard, or `part` of them) again, their entities
/// linked through the entity table at `table_path`; hands `write` each document graph's
/// N-Quads text (as [`super::extract_nquads`] does) and writes the shard's contribution
/// to the entity graph to `contribution` (named `contribution_path` in errors).
///
/// # Errors
/// [`BuildError::Shard`] if the table cannot be read or used, a document names an entity
/// it does not have, or the contribution cannot be written; [`BuildError::Write`] if
/// `write` fails.
pub fn extract_with_table(
    inputs: &[Input],
    part: Option<Part>,
    options: &BuildOptions,
    table_path: &Path,
    mut write: impl FnMut(&str) -> std::io::Result<()>,
    contribution: impl Write,
    contribution_path: &str,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let cx = Context::new(options)?;
    let expected = expected(&cx);
    let table = read_table(table_path, &expected)?;
    let iris = &options.iris;
    let mut report = BuildReport::default();
    let files = files(inputs, part, &mut report);
    let mut reader = Reader::new(&options.progress, "writing graphs");
    let mut facts = FactTable::default();
    let mut counts = vec![0_u32; table.entities.len()];
    let mut quads = 0;
    while let Some(documents) = reader.chunk(&files, &mut report.errors, &mut report.notes) {
        report.documents_read += documents.len();
        let rendered: Vec<Result<Rendered, ShardError>> = cx.run(|| {
            documents
                .into_par_iter()
                .map(|document| {
                    let extraction = cx.extract(document);
                    let entities = &extraction.entities.entities;
                    let links = entities
                        .iter()
                        .map(|entity| {
                            table.global(entity).ok_or_else(|| ShardError::NotInTable {
                                document: extraction.document.source.clone(),
                                name: entity.label.clone(),
                                table: table.path.clone(),
                            })
                        })
                        .collect::<Result<Vec<u32>, ShardError>>()?;
                    let graph = plan::document_graph(&extraction, &links, &table.iris, &cx.key);
                    let lines = rdf::document_lines(iris, &graph, options.provenance);
                    let stated = facts::document_facts(iris, &graph);
                    // Implied places are not mentions (as in the first pass's counts).
                    let mut named: Vec<u32> = entities
                        .iter()
                        .zip(&links)
                        .filter(|(entity, _)| entity.mention_count() > 0)
                        .map(|(_, &global)| global)
                        .collect();
                    named.sort_unstable();
                    named.dedup();
                    Ok((lines, stated, named))
                })
                .collect()
        });
        for document in rendered {
            let (lines, stated, named) = document?;
            write_lines(lines, &mut quads, &mut write).map_err(BuildError::Write)?;
            facts.merge(stated);
            for global in named {
                counts[global as usize] += 1;
            }
        }
    }
    contribution::write(
        contribution,
        contribution_path,
        &expected,
        &table,
        &counts,
        &facts,
    )?;
    report.quads = Some(quads);
    options.progress.finish();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Step 4 (reduce): adds up the contributions of every shard (step 3, made with the
/// entity table at `table_path`) and hands `write` the entity graph's N-Quads text, in
/// N-Quads order, a piece at a time. Memory holds the table and the distinct facts.
///
/// # Errors
/// [`BuildError::Shard`] if a file cannot be read or used; [`BuildError::Write`] if
/// `write` fails.
pub fn merge_contributions(
    table_path: &Path,
    contributions: &[impl AsRef<Path>],
    options: &BuildOptions,
    mut write: impl FnMut(&str) -> std::io::Result<()>,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let cx = Context::new(options)?;
    let expected = expected(&cx);
    let table = read_table(table_path, &expected)?;
    let mut counts = vec![0_usize; table.entities.len()];
    let mut facts = FactTable::default();
    for path in contributions {
        let path = path.as_ref();
        contribution::read(
            open(path)?,
            &path.display().to_string(),
            &expected,
            &table,
            &mut counts,
            &mut facts,
        )?;
    }
    let mut report = BuildReport::default();
    for entity in &table.entities {
        *report.entities.entry(entity.entity_type).or_default() += 1;
        *report.mentions.entry(entity.entity_type).or_default() += entity.mention_count();
    }
    let entities = Entities {
        entities: table.entities,
        iris: table.iris,
        document_counts: counts,
        lexicon: cx.lexicon,
        gazetteer: Arc::clone(&options.gazetteer),
    };
    let graph = EntityGraph::new(entities, facts, options);
    let mut quads = 0;
    write_entity_graph(graph, &mut quads, &mut write).map_err(BuildError::Write)?;
    report.quads = Some(quads);
    report.elapsed = started.elapsed();
    Ok(report)
}

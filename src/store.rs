//! Stage 7, store: the embedded Oxigraph store. The only module that touches it.
//!
//! A store is a folder (RocksDB) or, on request, memory. Writers take the folder's lock;
//! a second writer gets [`StoreError::InUse`] instead of corrupting anything. A build into
//! a store that has documents is written in transactions of bounded size, each document
//! graph whole in one, the graph of merged descriptions updated by difference (additions
//! first), so a failed or killed build loses nothing the store held and the next build
//! completes it. A build into an empty store goes through the bulk loader, which writes
//! its batches as files in the store folder and adds them all at its commit: a load that
//! fails or is killed before leaves the store empty (opening the store for writing
//! removes any such files left behind), and a marker written before it and removed after
//! it tells the next build that a load stopped after its commit left a store that may be
//! partial, which is then emptied and built again ([`KgStore::discard_unfinished_load`]).
//! A full disk is [`StoreError::DiskFull`]: what was committed stays, and the same build
//! run again with space completes it.
//!
//! The folder store needs the `rocksdb` cargo feature (on by default); without it
//! [`KgStore::open`] and [`KgStore::open_read_only`] return [`StoreError::NoDiskStore`].

pub use crate::build_record::StoredLocalEntity;

use crate::build_record::BuildRecord;
use crate::entity_type::EntityType;
use crate::rdf::type_of_class;
use crate::vocab::kgo;
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::sparql::{
    QueryEvaluationError, QueryResults, QuerySolution, QuerySolutionIter, SparqlEvaluator, Variable,
};
use oxigraph::store::{StorageError, Store};
use spargebra::{Query, SparqlParser};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod model;
pub(crate) mod write;

pub use model::StoredModel;

pub use write::Written;

use write::{unfinished_load_marker, unfinished_write_marker};

/// The query that counts the entities and mentions of each type in `?graph`, parsed
/// once.
static ENTITY_COUNT_QUERY: OnceLock<Query> = OnceLock::new();

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No store in the folder.
    #[error("no kgraph store at {path}: run `kgraph build INPUT...` first, or pass --store DIR")]
    Missing {
        /// The folder.
        path: PathBuf,
    },
    /// Another process is writing the store.
    #[error("the store at {path} is in use by another kgraph process; wait for it to finish")]
    InUse {
        /// The folder.
        path: PathBuf,
    },
    /// This kgraph was built without the `rocksdb` feature, so it has no on-disk store.
    #[error(
        "cannot open the store at {path}: this kgraph was built without the on-disk store \
         (cargo feature `rocksdb`); use an in-memory build (`kgraph build --memory`) or \
         rebuild kgraph with default features"
    )]
    NoDiskStore {
        /// The folder asked for.
        path: PathBuf,
    },
    /// The disk holding the store has no space left. What earlier builds committed
    /// stays, and the next build completes this one (see [`KgStore::write_build`]).
    #[error(
        "the disk holding the store at {path} is full (no space left on device): free some \
         space and run the same build again, which completes it; until then the store \
         answers what it held before this build"
    )]
    DiskFull {
        /// The folder.
        path: PathBuf,
    },
    /// The store holds graphs of another graph model or provenance mode than the build
    /// would write; nothing was written.
    #[error(
        "the store at {path} holds {found}, and this build writes {wanted}: a store keeps \
         one model. Build into a new folder (--store NEW), or delete {path} and build \
         again; to add to the store as it is, build with the --provenance it was built with \
         (or the kgraph that built it)"
    )]
    OtherModel {
        /// The folder, or `<memory>`.
        path: PathBuf,
        /// What the store holds.
        found: String,
        /// What the build writes.
        wanted: String,
    },
    /// Any other storage failure.
    #[error("store at {path}: {cause}")]
    Storage {
        /// The folder, or `<memory>`.
        path: PathBuf,
        /// The cause. Not the error's `source()`: the message already says it, and a
        /// printed chain would say it twice.
        cause: StorageError,
    },
}

/// A document as recorded in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    /// Its IRI (and graph name).
    pub iri: NamedNode,
    /// Its content hash, `blake3:<hex>`.
    pub content_hash: String,
    /// The extraction key it was extracted with.
    pub extraction_key: Option<String>,
}

/// The knowledge-graph store.
pub struct KgStore {
    store: Store,
    path: Option<PathBuf>,
}

impl KgStore {
    /// Opens (creating if needed) the on-disk store in `path` for writing.
    ///
    /// # Errors
    /// [`StoreError::InUse`] when another process holds it, [`StoreError::Storage`] for
    /// other failures, [`StoreError::NoDiskStore`] in a build without the `rocksdb`
    /// feature.
    #[cfg(feature = "rocksdb")]
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(path).map_err(|e| storage_error(path, e.into()))?;
        let store = Store::open(path).map_err(|e| classify(path, e))?;
        // The store's lock is held: no bulk load of another process is writing files.
        remove_bulk_load_files(path)?;
        Ok(Self {
            store,
            path: Some(path.to_owned()),
        })
    }

    /// Opens (creating if needed) the on-disk store in `path` for writing.
    ///
    /// # Errors
    /// Always [`StoreError::NoDiskStore`]: this build has no on-disk store.
    #[cfg(not(feature = "rocksdb"))]
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Err(StoreError::NoDiskStore {
            path: path.to_owned(),
        })
    }

    /// Opens the on-disk store in `path` for reading; it must exist.
    ///
    /// # Errors
    /// [`StoreError::Missing`] when there is no store there, [`StoreError::NoDiskStore`]
    /// in a build without the `rocksdb` feature.
    #[cfg(feature = "rocksdb")]
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.join("CURRENT").is_file() {
            return Err(StoreError::Missing {
                path: path.to_owned(),
            });
        }
        let store = Store::open_read_only(path).map_err(|e| classify(path, e))?;
        Ok(Self {
            store,
            path: Some(path.to_owned()),
        })
    }

    /// Opens the on-disk store in `path` for reading; it must exist.
    ///
    /// # Errors
    /// Always [`StoreError::NoDiskStore`]: this build has no on-disk store.
    #[cfg(not(feature = "rocksdb"))]
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        Err(StoreError::NoDiskStore {
            path: path.to_owned(),
        })
    }

    /// A new empty store in memory.
    ///
    /// # Errors
    /// Only if memory allocation of the store fails.
    pub fn in_memory() -> Result<Self, StoreError> {
        let store = Store::new().map_err(|e| classify(Path::new("<memory>"), e))?;
        Ok(Self { store, path: None })
    }

    /// The folder of an on-disk store (`None` in memory).
    pub fn folder(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The underlying Oxigraph store, for querying and dumping.
    pub fn oxigraph(&self) -> &Store {
        &self.store
    }

    /// Where the store lives, or `<memory>`.
    pub fn location(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "<memory>".to_owned(), |p| p.display().to_string())
    }

    fn error(&self, source: StorageError) -> StoreError {
        let path = self
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from("<memory>"));
        storage_error(&path, source)
    }

    /// Number of quads.
    ///
    /// # Errors
    /// On storage failure.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(|e| self.error(e))
    }

    /// Empties the store if a bulk load into it stopped before it finished (its marker
    /// is still there); returns whether the load had left anything but the marker (a
    /// load stops before its commit, on a full disk for instance, with nothing
    /// else). The store was empty before that load, so nothing committed by an earlier
    /// build is lost.
    ///
    /// # Errors
    /// On storage failure.
    pub fn discard_unfinished_load(&self) -> Result<bool, StoreError> {
        let unfinished = self
            .store
            .contains(&unfinished_load_marker())
            .map_err(|e| self.error(e))?;
        if !unfinished {
            return Ok(false);
        }
        let partial = self.store.iter().take(2).count() > 1;
        self.store.clear().map_err(|e| self.error(e))?;
        Ok(partial)
    }

    /// Whether the first load into this store (a bulk load) has not finished: it is
    /// running now, or was stopped ([`KgStore::discard_unfinished_load`]).
    ///
    /// # Errors
    /// On storage failure.
    pub fn has_unfinished_load(&self) -> Result<bool, StoreError> {
        self.store
            .contains(&unfinished_load_marker())
            .map_err(|e| self.error(e))
    }

    /// Whether a build that changes the store was stopped before it finished: its
    /// documents may be written while the entity graph is not yet, so the next build must
    /// complete it even if no document changed.
    ///
    /// # Errors
    /// On storage failure.
    pub fn has_unfinished_write(&self) -> Result<bool, StoreError> {
        self.store
            .contains(&unfinished_write_marker())
            .map_err(|e| self.error(e))
    }

    /// How many entities of each type the entity graph `graph` describes, and how many
    /// mentions name them (from the counts the graph keeps).
    ///
    /// # Errors
    /// On storage failure.
    pub fn entity_counts(
        &self,
        graph: &NamedNode,
    ) -> Result<BTreeMap<EntityType, (usize, usize)>, StoreError> {
        let query = ENTITY_COUNT_QUERY.get_or_init(|| {
            let query = format!(
                "SELECT ?graph ?class (COUNT(*) AS ?entities) (SUM(?mentions) AS ?total) \
                 WHERE {{ GRAPH ?graph {{ ?entity a ?class ; <{count}> ?mentions }} }} \
                 GROUP BY ?graph ?class",
                count = kgo::MENTION_COUNT.as_str(),
            );
            SparqlParser::new()
                .parse_query(&query)
                .expect("the entity count query is valid SPARQL")
        });
        let mut counts = BTreeMap::new();
        for solution in self.select(query, Some(("graph", graph)))? {
            let solution = solution.map_err(|e| self.query_error(e))?;
            if let Some(Term::NamedNode(class)) = solution.get("class")
                && let Some(entity_type) = type_of_class(class.as_str())
            {
                let entities = count(&solution, "entities");
                counts.insert(entity_type, (entities, count(&solution, "total")));
            }
        }
        Ok(counts)
    }

    /// The answers of one of kgraph's own SELECT queries, with the variable `bound`
    /// names fixed to its IRI. Evaluation works on the store's term identifiers and
    /// decodes only the answers.
    pub(crate) fn select(
        &self,
        query: &Query,
        bound: Option<(&str, &NamedNode)>,
    ) -> Result<QuerySolutionIter<'static>, StoreError> {
        let mut evaluator = SparqlEvaluator::new()
            .for_query(query.clone())
            .on_store(&self.store);
        if let Some((variable, iri)) = bound {
            evaluator =
                evaluator.substitute_variable(Variable::new_unchecked(variable), iri.clone());
        }
        match evaluator.execute().map_err(|e| self.query_error(e))? {
            QueryResults::Solutions(solutions) => Ok(solutions),
            _ => unreachable!("a SELECT query answers with solutions"),
        }
    }

    /// A failure of one of kgraph's own queries, as a storage failure.
    pub(crate) fn query_error(&self, source: QueryEvaluationError) -> StoreError {
        self.error(StorageError::Other(Box::new(source)))
    }

    /// Whether the store holds no quads.
    ///
    /// # Errors
    /// On storage failure.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.store.is_empty().map_err(|e| self.error(e))
    }

    /// Every document in the store with its content hash, by IRI.
    ///
    /// # Errors
    /// On storage failure.
    pub fn documents(&self) -> Result<BTreeMap<String, StoredDocument>, StoreError> {
        let mut documents = BTreeMap::new();
        for (iri, hash) in self.literal_values(kgo::CONTENT_HASH)? {
            let stored = StoredDocument {
                iri: iri.clone(),
                content_hash: hash,
                extraction_key: None,
            };
            documents.insert(iri.into_string(), stored);
        }
        for (iri, key) in self.literal_values(kgo::EXTRACTION_KEY)? {
            if let Some(document) = documents.get_mut(iri.as_str()) {
                document.extraction_key = Some(key);
            }
        }
        Ok(documents)
    }

    /// Every `(subject IRI, literal value)` of `predicate`, in any graph.
    fn literal_values(
        &self,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Vec<(NamedNode, String)>, StoreError> {
        let mut values = Vec::new();
        for quad in self
            .store
            .quads_for_pattern(None, Some(predicate), None, None)
        {
            let quad = quad.map_err(|e| self.error(e))?;
            if let (NamedOrBlankNode::NamedNode(iri), Term::Literal(value)) =
                (quad.subject, quad.object)
            {
                values.push((iri, value.value().to_owned()));
            }
        }
        Ok(values)
    }

    /// What a later build needs from one stored document: its build record, or, for a
    /// graph without a readable one (written by an older kgraph), the same record
    /// derived from the graph.
    ///
    /// # Errors
    /// On storage failure.
    pub fn build_record(&self, document: &NamedNode) -> Result<BuildRecord, StoreError> {
        let graph = GraphNameRef::NamedNode(document.as_ref());
        let stored = self
            .store
            .quads_for_pattern(
                Some(document.as_ref().into()),
                Some(kgo::BUILD_RECORD),
                None,
                Some(graph),
            )
            .next()
            .transpose()
            .map_err(|e| self.error(e))?;
        if let Some(Term::Literal(json)) = stored.map(|q| q.object)
            && let Ok(record) = BuildRecord::parse(json.value())
        {
            return Ok(record);
        }
        let quads = self
            .store
            .quads_for_pattern(None, None, None, Some(graph))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.error(e))?;
        Ok(BuildRecord::of_graph(&quads))
    }

    /// Writes pending data to disk.
    ///
    /// # Errors
    /// On storage failure.
    pub fn flush(&self) -> Result<(), StoreError> {
        #[cfg(feature = "rocksdb")]
        if self.path.is_some() {
            self.store.flush().map_err(|e| self.error(e))?;
        }
        Ok(())
    }
}

/// The number `solution` binds `variable` to (a count), 0 if none.
pub(crate) fn count(solution: &QuerySolution, variable: &str) -> usize {
    match solution.get(variable) {
        Some(Term::Literal(n)) => n.value().parse().unwrap_or(0),
        _ => 0,
    }
}

/// An error opening the store in `path`: RocksDB's lock failure is
/// [`StoreError::InUse`], any other as [`storage_error`] says.
fn classify(path: &Path, source: StorageError) -> StoreError {
    let message = source.to_string();
    if !is_disk_full(&source) && (message.contains("lock") || message.contains("LOCK")) {
        StoreError::InUse {
            path: path.to_owned(),
        }
    } else {
        storage_error(path, source)
    }
}

/// A failure of the store in `path`: [`StoreError::DiskFull`] when the disk is full,
/// [`StoreError::Storage`] otherwise.
fn storage_error(path: &Path, source: StorageError) -> StoreError {
    if is_disk_full(&source) {
        StoreError::DiskFull {
            path: path.to_owned(),
        }
    } else {
        StoreError::Storage {
            path: path.to_owned(),
            cause: source,
        }
    }
}

/// Whether `error` says the disk is full: ENOSPC from a file kgraph or Oxigraph wrote, or
/// RocksDB's "No space left on device" (which Oxigraph makes `StorageFull` only when it
/// comes first in RocksDB's message: "IO error: While appending to file: ...: No space
/// left on device" does not).
fn is_disk_full(error: &StorageError) -> bool {
    if let StorageError::Io(io) = error
        && io.kind() == std::io::ErrorKind::StorageFull
    {
        return true;
    }
    error.to_string().contains("No space left on device")
}

/// Removes the files of a bulk load that never committed (`bulk-*.sst`, as Oxigraph names
/// them in the store folder): a load that failed leaves the file it was writing, a killed
/// one all of them, and RocksDB does not know them, so nothing else ever would. Only a
/// writer holding the store's lock may call this.
pub(crate) fn remove_bulk_load_files(path: &Path) -> Result<(), StoreError> {
    let io = |e: std::io::Error| storage_error(path, e.into());
    for entry in std::fs::read_dir(path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            std::fs::remove_file(entry.path()).map_err(io)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn a_full_disk_is_told_apart_from_other_storage_failures() {
        let rocksdb = |message: &str| StorageError::Other(message.into());
        let cases: [(&str, StorageError, bool); 6] = [
            (
                "ENOSPC from a file",
                StorageError::Io(Error::from_raw_os_error(28)),
                true,
            ),
            (
                "RocksDB's status, kind set by Oxigraph",
                StorageError::Io(Error::new(
                    ErrorKind::StorageFull,
                    "IO error: No space left on device: While appending to file: s/000045.log",
                )),
                true,
            ),
            (
                "RocksDB's status with the cause last",
                StorageError::Io(Error::other(
                    "IO error: While appending to file: s/000019.sst: No space left on device",
                )),
                true,
            ),
            (
                "inside another error",
                rocksdb("evaluation failed: IO error: No space left on device"),
                true,
            ),
            (
                "a missing file",
                StorageError::Io(Error::from_raw_os_error(2)),
                false,
            ),
            ("corruption", rocksdb("Corruption: bad block"), false),
        ];
        for (name, error, full) in cases {
            let classified = storage_error(Path::new("s"), error);
            assert_eq!(
                matches!(classified, StoreError::DiskFull { .. }),
                full,
                "{name}: {classified}"
            );
        }
    }

    #[cfg(feature = "rocksdb")]
    #[test]
    fn opening_a_store_to_write_removes_the_files_of_an_unfinished_bulk_load() {
        let dir = tempfile::tempdir().unwrap();
        drop(KgStore::open(dir.path()).unwrap());
        // What a load killed before its commit leaves: Oxigraph's files, unknown to RocksDB.
        let left = dir.path().join("bulk-123456789.sst");
        std::fs::write(&left, "a batch").unwrap();
        let reader = KgStore::open_read_only(dir.path()).unwrap();
        assert!(left.exists(), "a reader removes nothing");
        drop(reader);
        let store = KgStore::open(dir.path()).unwrap();
        assert!(!left.exists());
        assert!(store.is_empty().unwrap(), "the store opens as it was");
    }

    #[test]
    fn a_storage_failure_says_its_cause_once() {
        use std::error::Error as _;
        let error = storage_error(Path::new("s"), StorageError::Other("bad block".into()));
        assert_eq!(error.to_string(), "store at s: bad block");
        assert!(error.source().is_none());
    }
}

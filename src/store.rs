//! Stage 7, store: the embedded Oxigraph store. The only module that touches it.
//!
//! A store is a folder (RocksDB) or, on request, memory. Writers take the folder's lock;
//! a second writer gets [`StoreError::InUse`] instead of corrupting anything. A build into
//! a store that has documents is written in transactions of bounded size, each document
//! graph whole in one, the graph of merged descriptions updated by difference (additions
//! first), so a failed or killed build loses nothing the store held and the next build
//! completes it. A build into an empty store goes through the bulk loader, which commits
//! batch by batch: a marker written before it and removed after it tells the next build
//! that a killed load left a partial store, which is then emptied and built again
//! ([`KgStore::discard_unfinished_load`]).
//!
//! The folder store needs the `rocksdb` cargo feature (on by default); without it
//! [`KgStore::open`] and [`KgStore::open_read_only`] return [`StoreError::NoDiskStore`].

use crate::entity_type::EntityType;
use crate::facts::{PositionDescription, StatedFact};
use crate::rdf::type_of_class;
use crate::vocab::{kgo, nif, rdf};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::sparql::{
    QueryEvaluationError, QueryResults, QuerySolutionIter, SparqlEvaluator, Variable,
};
use oxigraph::store::{StorageError, Store};
use spargebra::{Query, SparqlParser};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod write;

use write::unfinished_load_marker;

/// The query that reads a stored document's entities (`?doc` is bound to its graph),
/// parsed once. A query evaluates on the store's term identifiers and decodes only its
/// answers; looking up each property of each mention took seven lookups, each decoded.
static LOCAL_ENTITIES_QUERY: OnceLock<Query> = OnceLock::new();

/// The query that reads which entities each sentence of a stored document names.
static SENTENCE_ENTITIES_QUERY: OnceLock<Query> = OnceLock::new();

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
    /// Any other storage failure.
    #[error("store at {path}: {source}")]
    Storage {
        /// The folder, or `<memory>`.
        path: PathBuf,
        /// The cause.
        source: StorageError,
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

/// A document's own entity as recorded in its graph: the names its mentions use, and the
/// global entity they are linked to now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLocalEntity {
    /// Its type.
    pub entity_type: EntityType,
    /// Surface forms and counts.
    pub names: BTreeMap<String, usize>,
    /// The global entity the mentions currently link to.
    pub linked_to: NamedNode,
    /// Whether every mention was typed by a weak rule (confidence at most 0.5).
    pub weak: bool,
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
        std::fs::create_dir_all(path).map_err(|e| StoreError::Storage {
            path: path.to_owned(),
            source: e.into(),
        })?;
        let store = Store::open(path).map_err(|e| classify(path, e))?;
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

    /// The answers of `query` (a SELECT of `?doc` and more) with `?doc` bound to
    /// `document`.
    fn document_query(
        &self,
        query: &Query,
        document: &NamedNode,
    ) -> Result<QuerySolutionIter<'static>, StoreError> {
        match SparqlEvaluator::new()
            .for_query(query.clone())
            .on_store(&self.store)
            .substitute_variable(Variable::new_unchecked("doc"), document.clone())
            .execute()
        {
            Ok(QueryResults::Solutions(solutions)) => Ok(solutions),
            Ok(_) => unreachable!("a SELECT query answers with solutions"),
            Err(e) => Err(self.query_error(e)),
        }
    }

    /// A failure of one of the store's own queries, as a storage failure.
    fn query_error(&self, source: QueryEvaluationError) -> StoreError {
        self.error(StorageError::Other(Box::new(source)))
    }

    fn error(&self, source: StorageError) -> StoreError {
        StoreError::Storage {
            path: self
                .path
                .clone()
                .unwrap_or_else(|| PathBuf::from("<memory>")),
            source,
        }
    }

    /// Number of quads.
    ///
    /// # Errors
    /// On storage failure.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(|e| self.error(e))
    }

    /// Empties the store if a bulk load into it was killed before it finished (its
    /// marker is still there); returns whether it did. The store was empty before that
    /// load, so nothing committed by an earlier build is lost.
    ///
    /// # Errors
    /// On storage failure.
    pub fn discard_unfinished_load(&self) -> Result<bool, StoreError> {
        let unfinished = self
            .store
            .contains(&unfinished_load_marker())
            .map_err(|e| self.error(e))?;
        if unfinished {
            self.store.clear().map_err(|e| self.error(e))?;
        }
        Ok(unfinished)
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

    /// The entities of one stored document, grouped as the document's own resolution
    /// grouped them, in a stable order.
    ///
    /// # Errors
    /// On storage failure.
    pub fn local_entities(
        &self,
        document: &NamedNode,
    ) -> Result<Vec<StoredLocalEntity>, StoreError> {
        let query = LOCAL_ENTITIES_QUERY.get_or_init(|| {
            SparqlParser::new()
                .parse_query(&format!(
                    "SELECT ?doc ?local ?anchor ?implied ?refers ?linked ?class ?confidence \
                     WHERE {{ GRAPH ?doc {{ \
                       ?mention <{local}> ?local ; <{class}> ?class . \
                       OPTIONAL {{ ?mention <{anchor}> ?anchor }} \
                       OPTIONAL {{ ?mention <{name}> ?implied }} \
                       OPTIONAL {{ ?mention <{refers}> ?refers }} \
                       OPTIONAL {{ ?mention <{linked}> ?linked }} \
                       OPTIONAL {{ ?mention <{confidence}> ?confidence }} }} }}",
                    local = kgo::LOCAL_ENTITY.as_str(),
                    class = nif::TA_CLASS_REF.as_str(),
                    anchor = nif::ANCHOR_OF.as_str(),
                    name = kgo::NAME.as_str(),
                    refers = kgo::REFERS_TO.as_str(),
                    linked = nif::TA_IDENT_REF.as_str(),
                    confidence = kgo::CONFIDENCE.as_str(),
                ))
                .expect("the local entities query is valid SPARQL")
        });
        let solutions = self.document_query(query, document)?;
        let mut by_local: BTreeMap<String, StoredLocalEntity> = BTreeMap::new();
        for solution in solutions {
            let solution = solution.map_err(|e| self.query_error(e))?;
            let term = |name: &str| solution.get(name).cloned();
            let Some(Term::NamedNode(local)) = term("local") else {
                continue;
            };
            // A mention names its entity with its text; an implied reference (a demonym)
            // carries the place's name and counts as no mention.
            let implied = term("implied");
            let linked = match &implied {
                Some(_) => term("refers"),
                None => term("linked"),
            };
            let count = usize::from(implied.is_none());
            let name = implied.or_else(|| term("anchor"));
            let (
                Some(Term::Literal(name)),
                Some(Term::NamedNode(class)),
                Some(Term::NamedNode(entity)),
            ) = (name, term("class"), linked)
            else {
                continue;
            };
            let Some(entity_type) = type_of_class(class.as_str()) else {
                continue;
            };
            let weak = match term("confidence") {
                Some(Term::Literal(c)) => c
                    .value()
                    .parse::<f32>()
                    .is_ok_and(|c| c <= crate::resolve::WEAK_CONFIDENCE),
                _ => false,
            };
            let record = by_local
                .entry(local.into_string())
                .or_insert_with(|| StoredLocalEntity {
                    entity_type,
                    names: BTreeMap::new(),
                    linked_to: entity,
                    weak: true,
                });
            record.weak &= weak;
            *record.names.entry(name.value().to_owned()).or_default() += count;
        }
        Ok(by_local.into_values().collect())
    }

    /// What the statements of one stored document say (its relations), with the
    /// positions they name.
    ///
    /// # Errors
    /// On storage failure.
    pub fn statements(&self, document: &NamedNode) -> Result<Vec<StatedFact>, StoreError> {
        let graph = GraphNameRef::NamedNode(document.as_ref());
        let mut facts = Vec::new();
        for quad in self
            .store
            .quads_for_pattern(None, Some(rdf::PREDICATE), None, Some(graph))
        {
            let quad = quad.map_err(|e| self.error(e))?;
            let Term::NamedNode(predicate) = quad.object else {
                continue;
            };
            let statement = quad.subject.as_ref();
            let object = |p: NamedNodeRef<'_>| -> Result<Option<Term>, StoreError> {
                match self
                    .store
                    .quads_for_pattern(Some(statement), Some(p), None, Some(graph))
                    .next()
                {
                    Some(q) => Ok(Some(q.map_err(|e| self.error(e))?.object)),
                    None => Ok(None),
                }
            };
            let (Some(Term::NamedNode(subject)), Some(object_term)) =
                (object(rdf::SUBJECT)?, object(rdf::OBJECT)?)
            else {
                continue;
            };
            let position = match object(kgo::POSITION_LABEL)? {
                Some(Term::Literal(label)) => Some(PositionDescription {
                    label: label.value().to_owned(),
                    jurisdiction: match object(kgo::POSITION_JURISDICTION)? {
                        Some(Term::NamedNode(place)) => Some(place),
                        _ => None,
                    },
                }),
                _ => None,
            };
            facts.push(StatedFact {
                subject,
                predicate,
                object: object_term,
                position,
                sentences: 0,
            });
        }
        Ok(facts)
    }

    /// The entities each sentence of one stored document names (one list per sentence,
    /// in a stable order; an entity named twice is listed twice), as its mentions link
    /// them now.
    ///
    /// # Errors
    /// On storage failure.
    pub fn sentence_entities(
        &self,
        document: &NamedNode,
    ) -> Result<Vec<Vec<NamedNode>>, StoreError> {
        let query = SENTENCE_ENTITIES_QUERY.get_or_init(|| {
            SparqlParser::new()
                .parse_query(&format!(
                    "SELECT ?doc ?sentence ?entity WHERE {{ GRAPH ?doc {{ \
                       ?mention <{sentence}> ?sentence ; <{linked}> ?entity }} }}",
                    sentence = nif::SENTENCE.as_str(),
                    linked = nif::TA_IDENT_REF.as_str(),
                ))
                .expect("the sentence entities query is valid SPARQL")
        });
        let mut sentences: BTreeMap<String, Vec<NamedNode>> = BTreeMap::new();
        for solution in self.document_query(query, document)? {
            let solution = solution.map_err(|e| self.query_error(e))?;
            if let (Some(Term::NamedNode(sentence)), Some(Term::NamedNode(entity))) =
                (solution.get("sentence"), solution.get("entity"))
            {
                sentences
                    .entry(sentence.as_str().to_owned())
                    .or_default()
                    .push(entity.clone());
            }
        }
        for entities in sentences.values_mut() {
            entities.sort_unstable();
        }
        Ok(sentences.into_values().collect())
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

/// Maps RocksDB's lock failure to [`StoreError::InUse`].
fn classify(path: &Path, source: StorageError) -> StoreError {
    let message = source.to_string();
    if message.contains("lock") || message.contains("LOCK") {
        StoreError::InUse {
            path: path.to_owned(),
        }
    } else {
        StoreError::Storage {
            path: path.to_owned(),
            source,
        }
    }
}

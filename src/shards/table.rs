//! Step 2's file, the *entity table*: the corpus's entities as resolution made them
//! (label, names, merges, gazetteer place, IRI), then every distinct document entity of
//! the corpus with the corpus entity it belongs to. Step 3 links each document's
//! entities through it; step 4 describes the entities from it.
//!
//! ```text
//! {"kgraph":"entity-table","version":1,"key":"…","base":"http://…/"}
//! {"entity":{"iri":"http://…/person/nayib-bukele","entity":{"entity_type":"Person","label":"Nayib Bukele",…}}}
//! {"item":{"type":"Person","weak":false,"names":["Bukele"],"entity":0}}
//! {"end":{"records":2,"digest":"…"}}
//! ```
//!
//! Entities come in the order resolution gives (type, then label); `entity` in an item is
//! an index into them. The digest in the `end` record names the table in the
//! contributions made with it.

use super::{Expected, Header, LineReader, LineWriter, ShardError};
use crate::entity_type::EntityType;
use crate::resolve::Entity;
use oxigraph::model::NamedNode;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

/// The `kgraph` field of the header.
pub const KIND: &str = "entity-table";

/// One record of an entity table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableRecord {
    /// A corpus entity, with its IRI.
    Entity {
        /// Its IRI.
        iri: String,
        /// The entity.
        entity: Entity,
    },
    /// A distinct document entity and its corpus entity.
    Item(TableItem),
}

/// A distinct document entity, as [`crate::resolve::LocalEntities`] tells them apart
/// (type, weakness and names), and the index of its corpus entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableItem {
    /// Its type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Whether its type is a guess.
    pub weak: bool,
    /// Its names, sorted.
    pub names: Vec<String>,
    /// Its corpus entity.
    pub entity: u32,
}

/// What a document entity is told apart by.
type ItemKey = (EntityType, bool, Vec<String>);

/// An entity table in memory.
#[derive(Debug, Default)]
pub struct Table {
    /// The corpus entities.
    pub entities: Vec<Entity>,
    /// Their IRIs.
    pub iris: Vec<NamedNode>,
    /// Each distinct document entity's corpus entity.
    items: HashMap<ItemKey, u32>,
    /// The table's digest (see [`super::End::digest`]).
    pub digest: String,
    /// The file it was read from.
    pub path: String,
}

impl Table {
    /// The index of the corpus entity a document's entity belongs to, if the table has
    /// it.
    pub fn global(&self, entity: &Entity) -> Option<u32> {
        let key = (
            entity.entity_type,
            entity.weak,
            entity.names.keys().cloned().collect(),
        );
        self.items.get(&key).copied()
    }

    /// Reads a table.
    ///
    /// # Errors
    /// [`ShardError`] if the file cannot be read, is damaged or was made with another key.
    pub fn read<R: BufRead>(input: R, path: &str, expected: &Expected) -> Result<Self, ShardError> {
        let (mut reader, _) = LineReader::open(input, path, KIND, expected)?;
        let mut table = Table {
            path: path.to_owned(),
            ..Table::default()
        };
        while let Some(record) = reader.record::<TableRecord>()? {
            match record {
                TableRecord::Entity { iri, entity } => {
                    if !table.items.is_empty() {
                        return Err(reader.corrupt("an entity after the items".to_owned()));
                    }
                    let iri = NamedNode::new(iri)
                        .map_err(|e| reader.corrupt(format!("malformed entity IRI: {e}")))?;
                    table.iris.push(iri);
                    table.entities.push(entity);
                }
                TableRecord::Item(item) => {
                    if item.entity as usize >= table.entities.len() {
                        return Err(reader.corrupt(format!(
                            "item names entity {}, but the table has {}",
                            item.entity,
                            table.entities.len()
                        )));
                    }
                    table
                        .items
                        .insert((item.entity_type, item.weak, item.names), item.entity);
                }
            }
        }
        table.digest = reader.digest().expect("read to the end").to_owned();
        Ok(table)
    }
}

/// Writes an entity table: `entities` with their `iris`, then `items`; returns the
/// output and the table's digest.
///
/// # Errors
/// [`ShardError::Io`] if it cannot be written.
pub fn write<W: Write>(
    out: W,
    path: &str,
    expected: &Expected,
    entities: &[Entity],
    iris: &[NamedNode],
    items: impl IntoIterator<Item = TableItem>,
) -> Result<(W, String), ShardError> {
    let header = Header::new(KIND, expected);
    let mut writer = LineWriter::new(out, path, &header)?;
    for (entity, iri) in entities.iter().zip(iris) {
        writer.write(&TableRecord::Entity {
            iri: iri.as_str().to_owned(),
            entity: entity.clone(),
        })?;
    }
    for item in items {
        writer.write(&TableRecord::Item(item))?;
    }
    writer.finish()
}

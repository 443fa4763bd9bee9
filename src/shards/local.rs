//! Step 1's file, *shard entities*: the ids of a shard's documents and the distinct
//! entities they name (each document's own entities, as corpus resolution takes them),
//! with their name counts summed over the shard.
//!
//! ```text
//! {"kgraph":"shard-entities","version":1,"key":"…","base":"http://…/"}
//! {"document":"story-0000001.txt"}
//! {"entity":{"type":"Person","weak":false,"names":{"Nayib Bukele":3,"Bukele":2}}}
//! {"end":{"records":2,"digest":"…"}}
//! ```

use super::{Expected, Header, LineReader, LineWriter, ShardError};
use crate::entity_type::EntityType;
use crate::resolve::LocalEntities;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};

/// The `kgraph` field of the header.
pub const KIND: &str = "shard-entities";

/// One record of a shard entities file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LocalRecord {
    /// A document of the shard, by id.
    Document(String),
    /// A distinct entity its documents name.
    Entity(LocalEntity),
}

/// An entity as corpus resolution takes it: its type, whether the type is a guess, and
/// how often each of its names occurs in the shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalEntity {
    /// Its type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// See [`crate::resolve::Entity::weak`].
    pub weak: bool,
    /// Its names and their counts.
    pub names: BTreeMap<String, usize>,
}

/// Writes a shard entities file of `documents` (ids) and `locals` to `out`.
///
/// # Errors
/// [`ShardError::Io`] if it cannot be written.
pub fn write<W: Write>(
    out: W,
    path: &str,
    expected: &Expected,
    documents: &[String],
    locals: &LocalEntities,
) -> Result<W, ShardError> {
    let header = Header::new(KIND, expected);
    let mut writer = LineWriter::new(out, path, &header)?;
    for id in documents {
        writer.write(&LocalRecord::Document(id.clone()))?;
    }
    for (entity_type, weak, names) in locals.items() {
        writer.write(&LocalRecord::Entity(LocalEntity {
            entity_type,
            weak,
            names: names.clone(),
        }))?;
    }
    Ok(writer.finish()?.0)
}

/// Reads a shard entities file: each document id goes to `document`, each entity into
/// `locals`.
///
/// # Errors
/// [`ShardError`] if the file cannot be read, is damaged or was made with another key.
pub fn read<R: BufRead>(
    input: R,
    path: &str,
    expected: &Expected,
    mut document: impl FnMut(String) -> Result<(), ShardError>,
    locals: &mut LocalEntities,
) -> Result<(), ShardError> {
    let (mut reader, _) = LineReader::open(input, path, KIND, expected)?;
    while let Some(record) = reader.record::<LocalRecord>()? {
        match record {
            LocalRecord::Document(id) => document(id)?,
            LocalRecord::Entity(entity) => {
                if entity.names.is_empty() {
                    return Err(reader.corrupt("an entity without names".to_owned()));
                }
                locals.add_names(entity.entity_type, entity.weak, &entity.names);
            }
        }
    }
    Ok(())
}

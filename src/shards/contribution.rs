//! Step 3's second file, a shard's *contribution* to the entity graph: in how many of its
//! documents each corpus entity is named, and the facts its documents state, counted so
//! that adding every shard's contribution gives the corpus's.
//!
//! ```text
//! {"kgraph":"contribution","version":1,"key":"…","base":"http://…/","table":"<digest>"}
//! {"count":[0,2]}
//! {"fact":{"term":"<http://…/person/nayib-bukele>"}}
//! {"fact":{"triple":[0,1,2,1]}}
//! {"fact":{"position":{"node":"…","label":"President","jurisdiction":null,"count":1}}}
//! {"fact":{"pair":[0,2,1,1]}}
//! {"end":{"records":6,"digest":"…"}}
//! ```
//!
//! `count` is `[entity, documents]` (an index into the table's entities); `fact` is a
//! [`FactEntry`].

use super::table::Table;
use super::{Expected, Header, LineReader, LineWriter, ShardError};
use crate::facts::{FactEntry, FactMerger, FactTable};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

/// The `kgraph` field of the header.
pub const KIND: &str = "contribution";

/// One record of a contribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContributionRecord {
    /// `[entity, documents]`: a corpus entity and in how many documents it is named.
    Count([u32; 2]),
    /// An entry of the shard's fact table.
    Fact(FactEntry),
}

/// Writes a contribution made with `table`: the non-zero `document_counts` (one per
/// corpus entity) and `facts`.
///
/// # Errors
/// [`ShardError::Io`] if it cannot be written.
pub fn write<W: Write>(
    out: W,
    path: &str,
    expected: &Expected,
    table: &Table,
    document_counts: &[u32],
    facts: &FactTable,
) -> Result<W, ShardError> {
    let header = Header {
        table: Some(table.digest.clone()),
        ..Header::new(KIND, expected)
    };
    let mut writer = LineWriter::new(out, path, &header)?;
    for (entity, &count) in document_counts.iter().enumerate() {
        if count > 0 {
            let entity = u32::try_from(entity).expect("fewer than 2^32 entities");
            writer.write(&ContributionRecord::Count([entity, count]))?;
        }
    }
    for entry in facts.entries() {
        writer.write(&ContributionRecord::Fact(entry))?;
    }
    Ok(writer.finish()?.0)
}

/// Reads a contribution made with `table`, adding its counts to `document_counts` (one
/// per corpus entity) and its facts to `facts`.
///
/// # Errors
/// [`ShardError`] if the file cannot be read, is damaged, or was made with another key
/// or table.
pub fn read<R: BufRead>(
    input: R,
    path: &str,
    expected: &Expected,
    table: &Table,
    document_counts: &mut [usize],
    facts: &mut FactTable,
) -> Result<(), ShardError> {
    let (mut reader, header) = LineReader::open(input, path, KIND, expected)?;
    if header.table.as_deref() != Some(table.digest.as_str()) {
        return Err(ShardError::OtherTable {
            path: path.to_owned(),
            found: header.table.unwrap_or_else(|| "(none)".to_owned()),
            expected: table.digest.clone(),
            table: table.path.clone(),
        });
    }
    let mut merger = FactMerger::new(facts);
    while let Some(record) = reader.record::<ContributionRecord>()? {
        match record {
            ContributionRecord::Count([entity, count]) => {
                let Some(total) = document_counts.get_mut(entity as usize) else {
                    return Err(reader.corrupt(format!(
                        "count for entity {entity}, but the table has {}",
                        table.entities.len()
                    )));
                };
                *total += count as usize;
            }
            ContributionRecord::Fact(entry) => {
                merger
                    .add(entry)
                    .map_err(|message| reader.corrupt(message))?;
            }
        }
    }
    Ok(())
}

//! The files of a sharded build: how a corpus split into shards is extracted on many
//! machines and gives, byte for byte, the quads `kgraph extract` gives on one.
//!
//! A build is two passes over the documents with one global step between them and one
//! after ([`crate::pipeline`]); the protocol cuts it at those seams:
//!
//! 1. **map** (per shard): extract each document and write the distinct entities it
//!    names ([`local`]: a *shard entities* file);
//! 2. **reduce**: resolve all shards' entities into the corpus's entities and their IRIs
//!    ([`table`]: the *entity table*);
//! 3. **map** (per shard): extract again with the table, write the shard's document graphs
//!    as N-Quads and its part of the entity graph ([`contribution`]: document counts and
//!    facts, all of them sums);
//! 4. **reduce**: add up the contributions and write the entity graph as N-Quads.
//!
//! Everything that depends on more than one document is computed in a reduce step:
//! entity clusters, labels and IRIs (step 2), mention counts, merged facts and
//! co-mentions (step 4). The map steps only ever see their own documents, so the result is
//! the same for any split.
//!
//! Every file is JSON Lines: a [`Header`] line, records, and an `end` record that counts
//! them (a file cut short is refused). The header carries the extraction key (program
//! version, graph model, decisions, relations, gazetteer, model) and the base IRI; a file
//! made with other ones is refused, as is a contribution made with another table.

pub mod contribution;
pub mod local;
pub mod table;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

/// One part of a corpus split by file: `index` of `count` (from 0). The files that the
/// inputs name, in the order `kgraph extract` reads them, are dealt out round-robin:
/// file `i` is in part `i % count`. A document keeps the id it has in the whole corpus
/// (a file found in a folder is named by its path inside the folder), which giving the
/// part's files one by one would not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// Which part, from 0.
    pub index: usize,
    /// Of how many.
    pub count: usize,
}

impl Part {
    /// Whether the `n`th file (from 0) is in this part.
    pub fn has(self, n: usize) -> bool {
        n % self.count == self.index
    }
}

impl std::str::FromStr for Part {
    type Err = String;

    /// Parses `K/N`: part K (from 0) of N.
    fn from_str(text: &str) -> Result<Self, String> {
        let parsed = text
            .split_once('/')
            .and_then(|(k, n)| Some((k.parse().ok()?, n.parse().ok()?)));
        match parsed {
            Some((index, count)) if index < count => Ok(Part { index, count }),
            _ => Err(format!(
                "{text:?} is not a part: expected K/N with 0 <= K < N, e.g. 0/8"
            )),
        }
    }
}

/// The version of the file formats, raised whenever a change makes older files unreadable.
pub const FORMAT_VERSION: u32 = 1;

/// The first line of every file of the protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// What the file is: `shard-entities`, `entity-table` or `contribution`.
    pub kgraph: String,
    /// [`FORMAT_VERSION`] when written.
    pub version: u32,
    /// The extraction key of the run that wrote it (see
    /// [`crate::pipeline::extraction_key`]).
    pub key: String,
    /// The base IRI of the run that wrote it.
    pub base: String,
    /// For a contribution: the digest of the entity table it was made with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
}

impl Header {
    /// The header of a `kind` file written by a run with `expected`'s key and base.
    pub fn new(kind: &str, expected: &Expected) -> Self {
        Header {
            kgraph: kind.to_owned(),
            version: FORMAT_VERSION,
            key: expected.key.clone(),
            base: expected.base.clone(),
            table: None,
        }
    }
}

/// What a run expects of the files it reads: the same key and base as its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The run's extraction key.
    pub key: String,
    /// The run's base IRI.
    pub base: String,
}

/// A file of the protocol that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// The file cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not what the format says.
    #[error("{path}:{line}: {message}; the file is damaged: make it again")]
    Corrupt {
        /// The file.
        path: String,
        /// 1-based line (and, for JSON errors, column in the message).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file ends before its `end` record.
    #[error(
        "{path}: ends after line {line} without its `end` record: the file is truncated (its writer stopped early?); make it again"
    )]
    Truncated {
        /// The file.
        path: String,
        /// Lines read.
        line: usize,
    },
    /// The file is empty.
    #[error(
        "{path}: is empty (its writer failed or stopped before writing anything); make it again"
    )]
    Empty {
        /// The file.
        path: String,
    },
    /// The file is another kind of file of the protocol, or of another version.
    #[error("{path}: is a file of kind {found}, not the {expected} file this step reads")]
    WrongKind {
        /// The file.
        path: String,
        /// What it is (kind and version).
        found: String,
        /// What was expected.
        expected: String,
    },
    /// The file was made with another extraction key or base IRI.
    #[error(
        "{path}: made with extraction key {found_key} and base <{found_base}>, but this run's are {key} and <{base}>: it comes from another kgraph version, or other --decisions, --relations, --gazetteer, --model or --base; run every step with the same binary and options"
    )]
    Mismatch {
        /// The file.
        path: String,
        /// Its key.
        found_key: String,
        /// Its base.
        found_base: String,
        /// The run's key.
        key: String,
        /// The run's base.
        base: String,
    },
    /// A contribution made with another entity table.
    #[error(
        "{path}: made with entity table {found}, but the table given is {expected} ({table}): run step 3 on every shard with the table step 4 is given"
    )]
    OtherTable {
        /// The contribution.
        path: String,
        /// The digest it names.
        found: String,
        /// The given table's digest.
        expected: String,
        /// The given table's file.
        table: String,
    },
    /// A document id is in two shards.
    #[error(
        "document id {id:?} is in two shards ({first} and {second}); `kgraph extract` of the whole corpus would keep only the first: give each document to one shard"
    )]
    DuplicateId {
        /// The id.
        id: String,
        /// The first shard entities file naming it.
        first: String,
        /// The second.
        second: String,
    },
    /// A document's entity is not in the entity table.
    #[error(
        "{document}: its entity {name:?} is not in the entity table {table}: the table was resolved without this shard's entities (run step 1 on this shard and step 2 on every shard's file)"
    )]
    NotInTable {
        /// The document (its source).
        document: String,
        /// One of the entity's names.
        name: String,
        /// The table file.
        table: String,
    },
}

/// The last record of every file: how many records came before it (header excluded) and
/// the digest of every line before it, so that a damaged file is refused.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct End {
    /// Records between the header and this one.
    pub records: u64,
    /// BLAKE3 of the lines before this one (32 hex digits). An entity table is named by
    /// it (see [`Header::table`]).
    pub digest: String,
}

/// Writes a file of the protocol: the header, records, then [`LineWriter::finish`].
pub struct LineWriter<W: Write> {
    out: W,
    path: String,
    records: u64,
    hasher: blake3::Hasher,
    line: Vec<u8>,
}

impl<W: Write> LineWriter<W> {
    /// Writes `header` to `out` (`path` names it in errors).
    ///
    /// # Errors
    /// [`ShardError::Io`] if it cannot be written.
    pub fn new(out: W, path: &str, header: &Header) -> Result<Self, ShardError> {
        let mut writer = LineWriter {
            out,
            path: path.to_owned(),
            records: 0,
            hasher: blake3::Hasher::new(),
            line: Vec::new(),
        };
        writer.put(header)?;
        Ok(writer)
    }

    /// Writes one record.
    ///
    /// # Errors
    /// [`ShardError::Io`] if it cannot be written.
    pub fn write<T: Serialize>(&mut self, record: &T) -> Result<(), ShardError> {
        self.records += 1;
        self.put(record)
    }

    fn put<T: Serialize>(&mut self, value: &T) -> Result<(), ShardError> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, value).expect("records serialize");
        self.line.push(b'\n');
        self.hasher.update(&self.line);
        self.out
            .write_all(&self.line)
            .map_err(|source| ShardError::Io {
                path: self.path.clone(),
                source,
            })
    }

    /// Writes the `end` record and flushes; returns the writer and the file's digest.
    ///
    /// # Errors
    /// [`ShardError::Io`] if it cannot be written.
    pub fn finish(mut self) -> Result<(W, String), ShardError> {
        let hex = self.hasher.finalize().to_hex()[..32].to_owned();
        let end = End {
            records: self.records,
            digest: hex.clone(),
        };
        self.put(&EndLine { end })?;
        self.out.flush().map_err(|source| ShardError::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok((self.out, hex))
    }
}

/// The last line of a file: `{"end": {...}}`.
#[derive(Debug, Serialize, Deserialize)]
struct EndLine {
    end: End,
}

/// Reads a file of the protocol, checking its header, each line and its end.
pub struct LineReader<R: BufRead> {
    input: R,
    path: String,
    line: usize,
    records: u64,
    text: String,
    hasher: blake3::Hasher,
    ended: Option<End>,
}

impl<R: BufRead> LineReader<R> {
    /// Reads the header of `input` (`path` names it in errors) and checks that it is a
    /// `kind` file of this format version, made with `expected`'s key and base.
    ///
    /// # Errors
    /// [`ShardError`] if it cannot be read, is not such a file or does not match.
    pub fn open(
        input: R,
        path: &str,
        kind: &str,
        expected: &Expected,
    ) -> Result<(Self, Header), ShardError> {
        let mut reader = LineReader {
            input,
            path: path.to_owned(),
            line: 0,
            records: 0,
            text: String::new(),
            hasher: blake3::Hasher::new(),
            ended: None,
        };
        let header = match reader.header()? {
            Some(header) => header,
            None => {
                return Err(ShardError::Empty {
                    path: path.to_owned(),
                });
            }
        };
        if header.kgraph != kind || header.version != FORMAT_VERSION {
            return Err(ShardError::WrongKind {
                path: path.to_owned(),
                found: format!("{} (version {})", header.kgraph, header.version),
                expected: format!("{kind} (version {FORMAT_VERSION})"),
            });
        }
        if header.key != expected.key || header.base != expected.base {
            return Err(ShardError::Mismatch {
                path: path.to_owned(),
                found_key: header.key,
                found_base: header.base,
                key: expected.key.clone(),
                base: expected.base.clone(),
            });
        }
        Ok((reader, header))
    }

    /// The next record, or `None` after the `end` record (checked against the records
    /// read).
    ///
    /// # Errors
    /// [`ShardError`] if the file cannot be read, a line is malformed, or the file ends
    /// early or goes on after its end.
    pub fn record<T: DeserializeOwned>(&mut self) -> Result<Option<T>, ShardError> {
        if self.ended.is_some() {
            return Ok(None);
        }
        self.text.clear();
        let read = self
            .input
            .read_line(&mut self.text)
            .map_err(|source| self.io(source))?;
        if read == 0 || !self.text.ends_with('\n') {
            return Err(ShardError::Truncated {
                path: self.path.clone(),
                line: self.line,
            });
        }
        self.line += 1;
        let record = match serde_json::from_str::<T>(&self.text) {
            Ok(record) => record,
            Err(error) => match serde_json::from_str::<EndLine>(&self.text) {
                Ok(EndLine { end }) => return self.end(end).map(|()| None),
                Err(_) => return Err(self.corrupt(json_error(&error))),
            },
        };
        self.hasher.update(self.text.as_bytes());
        self.records += 1;
        Ok(Some(record))
    }

    /// Checks the `end` record against the lines read, and that nothing follows it.
    fn end(&mut self, end: End) -> Result<(), ShardError> {
        let digest = self.hasher.finalize().to_hex()[..32].to_owned();
        if end.digest != digest {
            return Err(self.corrupt(format!(
                "the lines before the end record have digest {digest}, but the end record says {}: some line was changed",
                end.digest
            )));
        }
        if end.records != self.records {
            return Err(self.corrupt(format!(
                "the end record counts {} records, but {} came before it",
                end.records, self.records
            )));
        }
        let mut rest = String::new();
        let more = self
            .input
            .read_line(&mut rest)
            .map_err(|source| self.io(source))?;
        if more > 0 {
            self.line += 1;
            return Err(self.corrupt("text after the end record".to_owned()));
        }
        self.ended = Some(end);
        Ok(())
    }

    /// A read error: bytes that are not UTF-8 are a damaged next line.
    fn io(&self, source: std::io::Error) -> ShardError {
        if source.kind() == std::io::ErrorKind::InvalidData {
            return ShardError::Corrupt {
                path: self.path.clone(),
                line: self.line + 1,
                message: "not UTF-8".to_owned(),
            };
        }
        ShardError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// The file's digest (see [`End::digest`]), once its `end` record has been read.
    pub fn digest(&self) -> Option<&str> {
        self.ended.as_ref().map(|end| end.digest.as_str())
    }

    /// An error at the current line.
    pub fn corrupt(&self, message: String) -> ShardError {
        ShardError::Corrupt {
            path: self.path.clone(),
            line: self.line,
            message,
        }
    }

    /// The file's name, as errors give it.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Reads and parses the header line.
    fn header(&mut self) -> Result<Option<Header>, ShardError> {
        let read = self
            .input
            .read_line(&mut self.text)
            .map_err(|source| self.io(source))?;
        if read == 0 {
            return Ok(None);
        }
        self.line = 1;
        let header = serde_json::from_str(&self.text).map_err(|e| {
            self.corrupt(format!(
                "not the header of a kgraph shard file: {}",
                json_error(&e)
            ))
        })?;
        self.hasher.update(self.text.as_bytes());
        Ok(Some(header))
    }
}

/// A JSON error as `column N: what` (serde's own text ends with "at line 1 column N",
/// the line being the file's line, given separately).
fn json_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(what, _)| what);
    format!("column {}: {what}", error.column())
}

//! The extractions a build keeps between its two passes, so that each document is
//! extracted once.
//!
//! The first pass extracts every new or changed document to find its entities; it writes
//! each [`Extraction`] here as it goes, and after corpus resolution the second pass reads
//! them back in the same order, a chunk at a time, instead of reading and extracting the
//! inputs again. Memory holds one chunk either way, never the corpus.
//!
//! **Where.** One temporary file in the system's temporary folder
//! ([`std::env::temp_dir`]: `TMPDIR` on Unix), as `line_sort`'s runs are. The file has no
//! name ([`tempfile::tempfile`]): the operating system removes it when it is closed, so it
//! goes when the build ends, fails or is killed. It is made when the first document is
//! written (a build with nothing new makes none). Its size is about 2.4 times the text.
//!
//! **Format.** One record per document, in input order: the record's length (8 bytes,
//! little-endian), then the extraction in postcard's compact form (integers as varints,
//! strings as a length and their bytes, fields in declaration order), with three
//! savings: rule names and predicates are numbers (`crate::interned`), each token is two
//! small numbers ([`CompactTokens`]), and the tokens' folds, a copy of the text, are left
//! out and made again when a record is read. On generated news stories the file is 2.4
//! times their text (3.5 times without the savings). The format is private to
//! the process that writes it (the numbers are given in its memory) and is never kept, so
//! it has no version.
//!
//! **When it cannot be used.** A file that cannot be made or written (a full temporary
//! folder), or read back, does not stop the build: the second pass reads and extracts
//! from the inputs the documents it has not yet had, as every build did before
//! (`second_pass.rs`), and a note says why.

use super::Extraction;
use super::plan::{CHUNK_BYTES, CHUNK_DOCUMENTS};
use crate::load::Document;
use crate::recognise::Recognition;
use crate::relate::Relations;
use crate::resolve::DocumentEntities;
use crate::segment::{Folds, Segmented, Sentence, Token, TokenKind};
use crate::span::Span;
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de, ser};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// Bytes of the file buffered at a time, writing and reading.
const BUFFER: usize = 1 << 20;

/// One document's extraction, as written.
#[derive(Serialize)]
struct Written<'a> {
    document: &'a Document,
    tokens: CompactTokens<&'a [Token]>,
    sentences: &'a [Sentence],
    recognition: &'a Recognition,
    entities: &'a DocumentEntities,
    relations: &'a Relations,
}

/// One document's extraction, as read back (the fields of [`Written`], in its order).
#[derive(Deserialize)]
struct ReadBack {
    document: Document,
    tokens: CompactTokens<Vec<Token>>,
    sentences: Vec<Sentence>,
    recognition: Recognition,
    entities: DocumentEntities,
    relations: Relations,
}

/// Tokens, two numbers each: the bytes between the previous token's end and its start,
/// and its length and kind as one (`length * 5 + kind`). Most tokens take two bytes
/// (five as spans and kinds).
struct CompactTokens<T>(T);

/// The number of each token kind in [`CompactTokens`].
const KINDS: [TokenKind; 5] = [
    TokenKind::Word,
    TokenKind::Number,
    TokenKind::Abbreviation,
    TokenKind::Possessive,
    TokenKind::Punct,
];

impl Serialize for CompactTokens<&[Token]> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        let mut end = 0;
        for token in self.0 {
            let gap = token.span.start.checked_sub(end).ok_or_else(|| {
                ser::Error::custom(format_args!("token at {} overlaps the one before", end))
            })?;
            let kind = match token.kind {
                TokenKind::Word => 0,
                TokenKind::Number => 1,
                TokenKind::Abbreviation => 2,
                TokenKind::Possessive => 3,
                TokenKind::Punct => 4,
            };
            seq.serialize_element(&(gap, token.span.len() * KINDS.len() + kind))?;
            end = token.span.end;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for CompactTokens<Vec<Token>> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let numbers = Vec::<(usize, usize)>::deserialize(deserializer)?;
        let mut end = 0usize;
        let mut tokens = Vec::with_capacity(numbers.len());
        for (gap, length_and_kind) in numbers {
            let start = end
                .checked_add(gap)
                .ok_or_else(|| de::Error::custom("a token past the end of any text"))?;
            end = start
                .checked_add(length_and_kind / KINDS.len())
                .ok_or_else(|| de::Error::custom("a token past the end of any text"))?;
            tokens.push(Token {
                span: Span::new(start, end),
                kind: KINDS[length_and_kind % KINDS.len()],
            });
        }
        Ok(CompactTokens(tokens))
    }
}

/// The record of one extraction (on the worker threads, before [`Writer::push`]).
///
/// # Errors
/// If the extraction cannot be serialised (no extraction the program makes).
pub(super) fn encode(extraction: &Extraction) -> io::Result<Vec<u8>> {
    let Extraction {
        document,
        segmented,
        recognition,
        entities,
        relations,
    } = extraction;
    let written = Written {
        document,
        tokens: CompactTokens(&segmented.tokens),
        sentences: &segmented.sentences,
        recognition,
        entities,
        relations,
    };
    postcard::to_allocvec(&written).map_err(|e| invalid(&format!("cannot encode: {e}")))
}

/// The extraction a record holds, whole again (with its folds).
///
/// # Errors
/// If the record is not one [`encode`] made in this process.
pub(super) fn decode(record: &[u8]) -> io::Result<Extraction> {
    let ReadBack {
        document,
        tokens: CompactTokens(tokens),
        sentences,
        recognition,
        entities,
        relations,
    } = postcard::from_bytes(record)
        .map_err(|e| invalid(&format!("a record cannot be decoded: {e}")))?;
    if tokens
        .last()
        .is_some_and(|t| t.span.end > document.text.len())
    {
        return Err(invalid("a record's tokens go past its text"));
    }
    let folds = Folds::new(&document.text, &tokens);
    Ok(Extraction {
        segmented: Segmented {
            tokens,
            sentences,
            folds,
        },
        document,
        recognition,
        entities,
        relations,
    })
}

/// Writes the records of the first pass, in order.
pub(super) struct Writer {
    /// The file (made at the first record), or the failure that stopped the writing.
    file: io::Result<Option<BufWriter<File>>>,
    /// Records written.
    records: u64,
}

impl Writer {
    /// A writer that has made no file yet.
    pub(super) fn new() -> Self {
        Writer {
            file: Ok(None),
            records: 0,
        }
    }

    /// Whether records are still wanted: nothing has failed.
    pub(super) fn is_writing(&self) -> bool {
        self.file.is_ok()
    }

    /// Appends one document's record (from [`encode`]). After a failure, which
    /// [`Writer::finish`] reports, it does nothing.
    pub(super) fn push(&mut self, record: io::Result<Vec<u8>>) {
        let Ok(file) = &mut self.file else {
            return;
        };
        let written = record.and_then(|record| {
            if file.is_none() {
                *file = Some(BufWriter::with_capacity(BUFFER, tempfile::tempfile()?));
            }
            let out = file.as_mut().expect("made above");
            out.write_all(&(record.len() as u64).to_le_bytes())?;
            out.write_all(&record)
        });
        match written {
            Ok(()) => self.records += 1,
            Err(error) => self.file = Err(error),
        }
    }

    /// The records written, to be read from the first.
    ///
    /// # Errors
    /// Why the records could not all be written.
    pub(super) fn finish(self) -> io::Result<Spilled> {
        let file = match self.file? {
            Some(out) => {
                let mut file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
                let size = file.stream_position()?;
                file.seek(SeekFrom::Start(0))?;
                Some((BufReader::with_capacity(BUFFER, file), size))
            }
            None => None,
        };
        Ok(Spilled {
            file,
            records: self.records,
            read: 0,
        })
    }
}

/// The first pass's records, read back in order.
pub(super) struct Spilled {
    /// The file and its size (`None`: no record was written).
    file: Option<(BufReader<File>, u64)>,
    /// Records in the file.
    records: u64,
    /// Records read so far.
    read: u64,
}

impl Spilled {
    /// How many documents the file holds.
    pub(super) fn len(&self) -> u64 {
        self.records
    }

    /// The file's size in bytes (0 when no record was written).
    #[cfg(test)]
    pub(super) fn size(&self) -> u64 {
        self.file.as_ref().map_or(0, |(_, size)| *size)
    }

    /// The next records: [`CHUNK_DOCUMENTS`] of them, or fewer when they pass
    /// [`CHUNK_BYTES`]; `None` once every record has been read.
    ///
    /// # Errors
    /// If the file cannot be read, or holds fewer records than were written.
    pub(super) fn chunk(&mut self) -> io::Result<Option<Vec<Vec<u8>>>> {
        let (Some((file, size)), true) = (&mut self.file, self.read < self.records) else {
            return Ok(None);
        };
        let mut records = Vec::new();
        let mut bytes = 0;
        while self.read < self.records && records.len() < CHUNK_DOCUMENTS && bytes < CHUNK_BYTES {
            let mut length = [0; 8];
            file.read_exact(&mut length)?;
            let length = u64::from_le_bytes(length);
            if length > *size {
                return Err(invalid(&format!(
                    "record {} claims {length} bytes, more than the file's {size}",
                    self.read + 1
                )));
            }
            let mut record = vec![0; length as usize];
            file.read_exact(&mut record)?;
            bytes += record.len();
            records.push(record);
            self.read += 1;
        }
        Ok(Some(records))
    }
}

/// Damage, as a failing disk might do it, for the tests of what a build does then.
#[cfg(test)]
impl Spilled {
    /// Cuts the file to its first `len` bytes.
    pub(super) fn truncate(&mut self, len: u64) {
        if let Some((file, _)) = &mut self.file {
            file.get_ref().set_len(len).unwrap();
        }
    }

    /// Makes record `n` (from 0) one that cannot be decoded: it starts with a length no
    /// string has.
    pub(super) fn spoil(&mut self, n: u64) {
        let Some((file, _)) = &mut self.file else {
            return;
        };
        let mut length = [0; 8];
        for _ in 0..n {
            file.read_exact(&mut length).unwrap();
            file.seek_relative(u64::from_le_bytes(length) as i64)
                .unwrap();
        }
        let record = file.stream_position().unwrap() + 8;
        file.get_mut().seek(SeekFrom::Start(record)).unwrap();
        file.get_mut().write_all(&[0xFF; 10]).unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
    }
}

/// An error about the file's contents.
fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{BuildOptions, Context};

    /// Extractions of a few small documents, with the default options.
    fn extractions(texts: &[&str]) -> Vec<Extraction> {
        let options = BuildOptions::default();
        let cx = Context::new(&options).unwrap();
        texts
            .iter()
            .enumerate()
            .map(|(n, text)| {
                let document = Document::new(
                    format!("{n}.txt"),
                    format!("{n}.txt"),
                    (*text).to_owned(),
                    None,
                    crate::load::SourceFormat::Text,
                );
                cx.extract(document)
            })
            .collect()
    }

    const TEXTS: [&str; 3] = [
        "Argentine Security Minister Patricia Bullrich met Nayib Bukele in San Salvador.",
        "The Inter-American Commission on Human Rights (IACHR) criticised the prison. Ünal Öztürk said so.",
        "",
    ];

    #[test]
    fn an_extraction_reads_back_whole_folds_and_all() {
        for extraction in extractions(&TEXTS) {
            let read = decode(&encode(&extraction).unwrap()).unwrap();
            assert_eq!(read.document, extraction.document);
            assert_eq!(read.segmented.tokens, extraction.segmented.tokens);
            assert_eq!(read.segmented.sentences, extraction.segmented.sentences);
            for token in 0..extraction.segmented.tokens.len() {
                assert_eq!(
                    read.segmented.folds.get(token),
                    extraction.segmented.folds.get(token)
                );
            }
            assert_eq!(read.recognition, extraction.recognition);
            assert_eq!(read.entities, extraction.entities);
            assert_eq!(read.relations, extraction.relations);
        }
    }

    #[test]
    fn records_read_back_in_the_order_written_a_chunk_at_a_time() {
        let written = extractions(&TEXTS);
        let mut writer = Writer::new();
        // More records than a chunk holds.
        let copies = CHUNK_DOCUMENTS + 1;
        for extraction in written.iter().cycle().take(copies * written.len()) {
            writer.push(encode(extraction));
        }
        let mut spilled = writer.finish().unwrap();
        assert_eq!(spilled.len(), (copies * written.len()) as u64);
        let mut read = Vec::new();
        while let Some(records) = spilled.chunk().unwrap() {
            assert!(records.len() <= CHUNK_DOCUMENTS);
            read.extend(records.iter().map(|r| decode(r).unwrap().document));
        }
        let expected: Vec<&Document> = written.iter().map(|e| &e.document).collect();
        for (n, document) in read.iter().enumerate() {
            assert_eq!(document, expected[n % expected.len()], "record {n}");
        }
        assert_eq!(read.len(), copies * written.len());
    }

    #[test]
    fn nothing_written_makes_no_file_and_reads_as_empty() {
        let mut spilled = Writer::new().finish().unwrap();
        assert_eq!((spilled.len(), spilled.size()), (0, 0));
        assert!(spilled.chunk().unwrap().is_none());
    }

    #[test]
    fn a_file_cut_short_is_an_error_not_fewer_documents() {
        let mut writer = Writer::new();
        for extraction in extractions(&TEXTS) {
            writer.push(encode(&extraction));
        }
        let mut spilled = writer.finish().unwrap();
        spilled.truncate(spilled.size() - 1);
        assert_eq!(
            spilled.chunk().unwrap_err().kind(),
            io::ErrorKind::UnexpectedEof
        );
    }

    #[test]
    fn a_failure_stops_the_writing_and_is_reported_at_the_end() {
        let mut writer = Writer::new();
        writer.push(Err(io::Error::other("disk full")));
        assert!(!writer.is_writing());
        writer.push(encode(&extractions(&TEXTS[..1])[0]));
        let error = writer.finish().err().expect("the failure");
        assert_eq!(error.to_string(), "disk full");
    }
}

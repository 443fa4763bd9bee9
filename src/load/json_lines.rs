//! JSON Lines files (one document per line), read a piece at a time: a corpus of
//! millions of documents in one file is never held in memory whole.

use super::decode::{SNIFF_LEN, binary_evidence};
use super::{Document, FileOutcome, LoadError, SourceFile, SourceFormat, admit, read};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

/// Where reading a JSON Lines file goes on: the byte offset and the number of its next
/// line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resume {
    offset: u64,
    line: usize,
}

impl Resume {
    /// The bytes of the file read before it.
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

/// Reads documents from `file`, from `from` on (its start if `None`). A JSON Lines file
/// in UTF-8 is read until `max_documents` documents or `max_bytes` of text have been
/// read (at least one line), and the second value says where to go on; any other file
/// is read whole, and the second value is `None`, as it is at the end of a file or after
/// an error that stops it. `seen` is as for [`read`].
pub fn read_piece(
    file: &SourceFile,
    from: Option<Resume>,
    max_documents: usize,
    max_bytes: usize,
    seen: &mut BTreeMap<String, String>,
) -> (FileOutcome, Option<Resume>) {
    if file.format != SourceFormat::JsonLines {
        return (read(file, seen), None);
    }
    let name = file.display_name();
    let unreadable = |error: std::io::Error| FileOutcome {
        errors: vec![LoadError::Unreadable {
            path: name.clone(),
            message: error.to_string(),
        }],
        ..FileOutcome::default()
    };
    let from = match from {
        Some(from) => from,
        None => {
            // The whole-file rules apply to how the file starts: a UTF-16 file is read
            // whole, a binary one is refused.
            let head = match head(file) {
                Ok(head) => head,
                Err(error) => return (unreadable(error), None),
            };
            if Encoding::for_bom(&head).is_some_and(|(encoding, _)| encoding != UTF_8) {
                return (read(file, seen), None);
            }
            if let Some(offset) = binary_evidence(&head) {
                let error = LoadError::Binary { path: name, offset };
                return (
                    FileOutcome {
                        errors: vec![error],
                        ..FileOutcome::default()
                    },
                    None,
                );
            }
            Resume::default()
        }
    };
    match read_lines(file, &name, from, max_documents, max_bytes, seen) {
        Ok(piece) => piece,
        Err(error) => (unreadable(error), None),
    }
}

/// The first bytes of `file`, enough to tell its encoding and whether it is binary.
fn head(file: &SourceFile) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_LEN);
    open(file, 0)?
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// `file` from byte `offset` on (standard input from its buffered copy).
fn open(file: &SourceFile, offset: u64) -> std::io::Result<Box<dyn BufRead + '_>> {
    if let Some(contents) = &file.contents {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(contents.len());
        return Ok(Box::new(&contents[start..]));
    }
    let Some(path) = &file.path else {
        return Err(std::io::Error::other(
            "standard input was not buffered before it was read",
        ));
    };
    let mut reader = std::fs::File::open(path)?;
    reader.seek(SeekFrom::Start(offset))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, reader)))
}

/// Reads lines of `file` from `from` on; see [`read_piece`].
fn read_lines(
    file: &SourceFile,
    name: &str,
    from: Resume,
    max_documents: usize,
    max_bytes: usize,
    seen: &mut BTreeMap<String, String>,
) -> std::io::Result<(FileOutcome, Option<Resume>)> {
    let mut reader = open(file, from.offset)?;
    let mut outcome = FileOutcome::default();
    let mut at = from;
    let mut bytes = 0;
    let mut buffer = Vec::new();
    loop {
        if !outcome.documents.is_empty()
            && (outcome.documents.len() >= max_documents || bytes >= max_bytes)
        {
            return Ok((outcome, Some(at)));
        }
        buffer.clear();
        let read = reader.read_until(b'\n', &mut buffer)?;
        if read == 0 {
            return Ok((outcome, None));
        }
        let first = at.offset == 0;
        at.offset += read as u64;
        at.line += 1;
        let mut line = buffer.as_slice();
        if let Some(rest) = line.strip_suffix(b"\n") {
            line = rest.strip_suffix(b"\r").unwrap_or(rest);
        }
        if first {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        let decoded;
        let text = match std::str::from_utf8(line) {
            Ok(text) => text,
            Err(error) => {
                decoded = WINDOWS_1252.decode_without_bom_handling(line).0;
                outcome.notes.push(format!(
                    "{name}:{}: not valid UTF-8 (byte offset {} of the line); decoded as windows-1252",
                    at.line,
                    error.valid_up_to()
                ));
                &decoded
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        match parse_line(file, name, at.line, text) {
            Ok(document) => {
                bytes += document.text.len();
                admit(document, seen, &mut outcome);
            }
            Err(error) => outcome.errors.push(error),
        }
    }
}

/// One document per non-blank line: `{"text": "...", "id": "...", "title": "..."}`.
pub(super) fn json_lines(
    file: &SourceFile,
    name: &str,
    text: &str,
    errors: &mut Vec<LoadError>,
) -> Vec<Document> {
    let mut documents = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(file, name, index + 1, line) {
            Ok(document) => documents.push(document),
            Err(error) => errors.push(error),
        }
    }
    documents
}

/// The document of line `line_number` of a JSON Lines file (its id is the file's id and
/// the line number when the line has none).
fn parse_line(
    file: &SourceFile,
    name: &str,
    line_number: usize,
    line: &str,
) -> Result<Document, LoadError> {
    #[derive(serde::Deserialize)]
    struct Line {
        text: String,
        #[serde(default)]
        id: Option<IdValue>,
        #[serde(default)]
        title: Option<String>,
    }
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum IdValue {
        Text(String),
        Number(serde_json::Number),
    }
    match serde_json::from_str::<Line>(line) {
        Ok(parsed) => {
            let id = match parsed.id {
                Some(IdValue::Text(id)) => id,
                Some(IdValue::Number(id)) => id.to_string(),
                None => format!("{}:{line_number}", file.id),
            };
            Ok(Document::new(
                id,
                format!("{name}:{line_number}"),
                parsed.text,
                parsed.title,
                SourceFormat::JsonLines,
            ))
        }
        Err(error) => Err(LoadError::JsonLine {
            path: name.to_owned(),
            line: line_number,
            column: error.column().max(1),
            message: json_message(&error),
        }),
    }
}

/// serde_json's message without its own " at line 1 column N" suffix.
fn json_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}

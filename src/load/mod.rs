//! Stage 1, load: files, folders and standard input to [`Document`]s.
//!
//! Folders are walked recursively in sorted order, following symbolic links (loops are
//! reported, not followed forever), skipping hidden entries and whatever a
//! `.kgraphignore` file (gitignore syntax) in the folder excludes. Inside folders only
//! known extensions are read (`.txt`, `.text`, `.md`, `.markdown`, `.html`, `.htm`,
//! `.jsonl`, `.ndjson`); a file named on the command line is read whatever its extension,
//! as plain text when the extension is unknown.
//!
//! A bad file never stops the others: every problem comes back as a [`LoadError`] that
//! names the file (and line and column where there is one).

mod decode;
mod html;
mod json_lines;

pub use decode::{DecodeFailure, Decoded, decode};
pub use html::{HtmlText, extract as extract_html};
use json_lines::json_lines;
pub use json_lines::{Resume, read_piece};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One text to extract from, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier: the path relative to the input root (`/`-separated), the `id`
    /// field of a JSON line, or `stdin`.
    pub id: String,
    /// Where the text was read from, for messages and provenance.
    pub source: String,
    /// The text all offsets refer to (for HTML: the extracted visible text).
    pub text: String,
    /// The title, where the format has one (HTML `<title>`, Markdown `# heading`, JSON
    /// `title` field).
    pub title: Option<String>,
    /// The format the text was read from.
    pub format: SourceFormat,
    /// BLAKE3 hash (hex) of the text, to detect changed documents.
    pub content_hash: String,
}

impl Document {
    /// Builds a document and computes its content hash.
    pub fn new(
        id: impl Into<String>,
        source: impl Into<String>,
        text: String,
        title: Option<String>,
        format: SourceFormat,
    ) -> Self {
        let content_hash = blake3::hash(text.as_bytes()).to_hex().to_string();
        Self {
            id: id.into(),
            source: source.into(),
            text,
            title,
            format,
            content_hash,
        }
    }
}

/// The formats kgraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SourceFormat {
    /// Plain text.
    Text,
    /// Markdown, read as plain text (offsets refer to the Markdown source).
    Markdown,
    /// HTML; the visible text is extracted.
    Html,
    /// JSON Lines: one document per line, `text` required, `id` and `title` optional.
    JsonLines,
}

impl SourceFormat {
    /// The format for a file extension, if kgraph reads it.
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Self::Text),
            "md" | "markdown" => Some(Self::Markdown),
            "html" | "htm" | "xhtml" => Some(Self::Html),
            "jsonl" | "ndjson" => Some(Self::JsonLines),
            _ => None,
        }
    }

    /// Lower-case name, as used in RDF and messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Markdown => "markdown",
            Self::Html => "html",
            Self::JsonLines => "jsonl",
        }
    }
}

/// An input named by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or folder.
    Path(PathBuf),
    /// Standard input, read as plain text with the id `stdin`.
    Stdin,
}

impl Input {
    /// Parses a command-line argument: `-` is standard input.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            Self::Stdin
        } else {
            Self::Path(PathBuf::from(arg))
        }
    }
}

/// A file found by [`discover`], not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Where to read it (`None` for standard input).
    pub path: Option<PathBuf>,
    /// Its document id (for JSON Lines: the prefix of ids without an `id` field).
    pub id: String,
    /// How to read it.
    pub format: SourceFormat,
    /// Its bytes, when already read: standard input is read once ([`buffer_stdin`]), so
    /// that a build's two passes see the same text.
    pub contents: Option<std::sync::Arc<[u8]>>,
}

impl SourceFile {
    /// Its size in bytes (0 when it cannot be read: reading it will say why).
    pub fn size(&self) -> u64 {
        match (&self.contents, &self.path) {
            (Some(contents), _) => contents.len() as u64,
            (None, Some(path)) => std::fs::metadata(path).map_or(0, |m| m.len()),
            (None, None) => 0,
        }
    }

    /// How messages name this file.
    pub fn display_name(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "<stdin>".to_owned(), |p| p.display().to_string())
    }
}

/// A problem with one input; the rest of the inputs are still processed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The file or folder could not be read.
    #[error("{path}: cannot read: {message}")]
    Unreadable {
        /// The path.
        path: String,
        /// The operating system's reason.
        message: String,
    },
    /// The file is binary.
    #[error("{path}: binary file (byte offset {offset}), skipped")]
    Binary {
        /// The path.
        path: String,
        /// Offset of the byte that marks it binary.
        offset: usize,
    },
    /// The file (or JSON line) has no text.
    #[error("{path}: empty document, skipped")]
    Empty {
        /// The path, with `:line` for JSON lines.
        path: String,
    },
    /// A JSON line is not valid or lacks a `text` string.
    #[error("{path}:{line}:{column}: {message}")]
    JsonLine {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The document changed between the two passes of a build (its entities were
    /// resolved from the first text): it is skipped, and the next build adds it. Only a
    /// build that could not keep its extractions in a temporary file reads its inputs
    /// twice; any other writes what its first pass read.
    #[error("{path}: changed while it was being built, skipped: build again to add it")]
    Changed {
        /// The source.
        path: String,
    },
    /// Two documents have the same id; the later one is skipped.
    #[error("{path}: document id {id:?} already used by {first}, skipped")]
    DuplicateId {
        /// The later source.
        path: String,
        /// The id.
        id: String,
        /// The earlier source.
        first: String,
    },
}

/// What reading one file produced: its documents, its problems and notes.
#[derive(Debug, Default)]
pub struct FileOutcome {
    /// Documents read (one, or one per JSON line).
    pub documents: Vec<Document>,
    /// Problems (the file, or some of its lines, skipped).
    pub errors: Vec<LoadError>,
    /// Remarks that do not skip anything, e.g. "decoded as windows-1252".
    pub notes: Vec<String>,
}

/// Finds every file to read under `inputs`, in a deterministic order.
///
/// Returns the files and the problems met while walking (unreadable folders, link loops,
/// missing paths).
pub fn discover(inputs: &[Input]) -> (Vec<SourceFile>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin => files.push(SourceFile {
                path: None,
                id: "stdin".to_owned(),
                format: SourceFormat::Text,
                contents: None,
            }),
            Input::Path(path) if path.is_dir() => walk_folder(path, &mut files, &mut errors),
            Input::Path(path) => match std::fs::metadata(path) {
                Ok(_) => files.push(SourceFile {
                    id: file_name(path),
                    format: extension_format(path).unwrap_or(SourceFormat::Text),
                    path: Some(path.clone()),
                    contents: None,
                }),
                Err(error) => errors.push(unreadable(path, &error)),
            },
        }
    }
    (files, errors)
}

fn walk_folder(root: &Path, files: &mut Vec<SourceFile>, errors: &mut Vec<LoadError>) {
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .add_custom_ignore_filename(".kgraphignore")
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let Some(format) = extension_format(entry.path()).filter(|_| is_file) else {
                    continue;
                };
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                files.push(SourceFile {
                    id: relative_id(relative),
                    format,
                    path: Some(entry.path().to_path_buf()),
                    contents: None,
                });
            }
            Err(error) => errors.push(LoadError::Unreadable {
                path: root.display().to_string(),
                message: error.to_string(),
            }),
        }
    }
}

/// Reads one file into documents.
///
/// `seen` maps document ids already produced to their source, so that a repeated id is
/// reported instead of silently replacing the first document.
pub fn read(file: &SourceFile, seen: &mut BTreeMap<String, String>) -> FileOutcome {
    match read_bytes(file) {
        Ok(bytes) => read_from_bytes(file, &bytes, seen),
        Err(error) => FileOutcome {
            errors: vec![LoadError::Unreadable {
                path: file.display_name(),
                message: error.to_string(),
            }],
            ..FileOutcome::default()
        },
    }
}

/// Turns the bytes of `file`, already read, into documents: decodes them, parses them as
/// the file's format, and skips empty documents and repeated ids as [`read`] does.
pub fn read_from_bytes(
    file: &SourceFile,
    bytes: &[u8],
    seen: &mut BTreeMap<String, String>,
) -> FileOutcome {
    let name = file.display_name();
    let mut outcome = FileOutcome::default();
    let decoded = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(DecodeFailure::Binary { offset }) => {
            outcome
                .errors
                .push(LoadError::Binary { path: name, offset });
            return outcome;
        }
    };
    if let Some(note) = decoded.note {
        outcome.notes.push(format!("{name}: {note}"));
    }
    let documents = match file.format {
        SourceFormat::JsonLines => json_lines(file, &name, &decoded.text, &mut outcome.errors),
        SourceFormat::Html => {
            let page = extract_html(&decoded.text);
            if let Some(note) = page.note {
                outcome.notes.push(format!("{name}: {note}"));
            }
            vec![Document::new(
                &file.id,
                &name,
                page.text,
                page.title,
                SourceFormat::Html,
            )]
        }
        SourceFormat::Markdown => {
            let title = markdown_title(&decoded.text);
            vec![Document::new(
                &file.id,
                &name,
                decoded.text,
                title,
                file.format,
            )]
        }
        SourceFormat::Text => vec![Document::new(
            &file.id,
            &name,
            decoded.text,
            None,
            file.format,
        )],
    };
    for document in documents {
        admit(document, seen, &mut outcome);
    }
    outcome
}

/// Keeps `document` in `outcome` unless it is empty or its id was seen before (then the
/// problem is reported instead).
fn admit(document: Document, seen: &mut BTreeMap<String, String>, outcome: &mut FileOutcome) {
    if document.text.trim().is_empty() {
        outcome.errors.push(LoadError::Empty {
            path: document.source,
        });
    } else if let Some(first) = seen.get(&document.id) {
        outcome.errors.push(LoadError::DuplicateId {
            path: document.source.clone(),
            id: document.id.clone(),
            first: first.clone(),
        });
    } else {
        seen.insert(document.id.clone(), document.source.clone());
        outcome.documents.push(document);
    }
}

/// Reads standard input, if it is among `files`, into memory once, so that it can be
/// read again (every other file is read from disk each time).
///
/// # Errors
/// The error of reading standard input.
pub fn buffer_stdin(files: &mut [SourceFile]) -> std::io::Result<()> {
    for file in files {
        if file.path.is_none() && file.contents.is_none() {
            let mut bytes = Vec::new();
            std::io::stdin().lock().read_to_end(&mut bytes)?;
            file.contents = Some(bytes.into());
        }
    }
    Ok(())
}

fn read_bytes(file: &SourceFile) -> std::io::Result<Vec<u8>> {
    if let Some(contents) = &file.contents {
        return Ok(contents.to_vec());
    }
    match &file.path {
        Some(path) => std::fs::read(path),
        None => {
            let mut bytes = Vec::new();
            std::io::stdin().lock().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
    }
}

/// The text of the first ATX heading (`# Title`), if the document starts with one.
fn markdown_title(text: &str) -> Option<String> {
    let first = text.lines().find(|line| !line.trim().is_empty())?;
    let heading = first.trim_start().strip_prefix('#')?;
    let title = heading.trim_start_matches('#').trim();
    (!title.is_empty()).then(|| title.to_owned())
}

fn extension_format(path: &Path) -> Option<SourceFormat> {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(SourceFormat::from_extension)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn relative_id(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn unreadable(path: &Path, error: &std::io::Error) -> LoadError {
    LoadError::Unreadable {
        path: path.display().to_string(),
        message: error.to_string(),
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests;

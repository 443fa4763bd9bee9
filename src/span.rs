//! Spans of text and the conversion from UTF-8 byte offsets to Unicode code points.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a document's text.
///
/// Every stage works in byte offsets, because that is how Rust slices strings and it costs
/// nothing to use. Both ends always fall on `char` boundaries. Output that leaves the
/// program (NIF offsets, evaluation files) is in Unicode code points instead; convert with
/// [`CodePoints`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// Creates the span `start..end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Length in bytes.
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no text.
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The text this span covers in `text`.
    ///
    /// # Panics
    /// If the span is not inside `text` or not on `char` boundaries, which the stages that
    /// create spans guarantee never happens.
    pub fn of(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    /// Whether `other` lies entirely inside this span.
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Converts byte offsets of one text into code-point offsets.
///
/// Pure ASCII text needs no table; otherwise the table holds the byte offset of every
/// non-ASCII character, so lookups are a binary search.
#[derive(Debug, Clone)]
pub struct CodePoints {
    /// `(byte offset, extra bytes before it)` for every multi-byte character.
    multibyte: Vec<(usize, usize)>,
}

impl CodePoints {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut multibyte = Vec::new();
        let mut extra = 0;
        if !text.is_ascii() {
            for (offset, c) in text.char_indices() {
                let width = c.len_utf8();
                if width > 1 {
                    extra += width - 1;
                    multibyte.push((offset, extra));
                }
            }
        }
        Self { multibyte }
    }

    /// The code-point offset of byte offset `byte` (which must be a `char` boundary).
    pub fn of(&self, byte: usize) -> usize {
        // Characters starting before `byte` contribute their extra bytes.
        let before = self.multibyte.partition_point(|&(offset, _)| offset < byte);
        let extra = if before == 0 {
            0
        } else {
            self.multibyte[before - 1].1
        };
        byte - extra
    }

    /// The code-point range of a byte span.
    pub fn span(&self, span: Span) -> (usize, usize) {
        (self.of(span.start), self.of(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_match_char_counts() {
        let text = "El Salvador’s prison – or CECOT, café 😀 end";
        let index = CodePoints::new(text);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(index.of(byte), text[..byte].chars().count(), "byte {byte}");
        }
    }

    #[test]
    fn ascii_is_identity() {
        let index = CodePoints::new("plain text");
        assert_eq!(index.span(Span::new(2, 7)), (2, 7));
    }
}

//! Bytes to text: UTF-8 first, then byte-order marks, then Windows-1252; binary is refused.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How a file's bytes were turned into text, when it was not plain UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// A note for the user when the text was not plain UTF-8, e.g. "decoded as UTF-16LE".
    pub note: Option<String>,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeFailure {
    /// The bytes look like a binary file: a NUL byte or many control characters.
    Binary {
        /// Byte offset of the first byte that gave it away.
        offset: usize,
    },
}

/// How much of a file is inspected for binary content.
pub(super) const SNIFF_LEN: usize = 8192;

/// Decodes `bytes` as text.
///
/// Order: a byte-order mark wins (UTF-8, UTF-16LE, UTF-16BE); then valid UTF-8; then, for
/// bytes that are not valid UTF-8 but do not look binary, Windows-1252 (a superset of the
/// printable part of Latin-1, and what most "ANSI" text files are). Invalid sequences in a
/// file with a byte-order mark become U+FFFD rather than an error.
///
/// # Errors
/// [`DecodeFailure::Binary`] when the bytes contain a NUL byte (outside UTF-16) or mostly
/// control characters.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeFailure> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let mut note = (encoding != UTF_8).then(|| format!("decoded as {}", encoding.name()));
        if had_errors {
            note = Some(format!(
                "{}invalid {} sequences replaced with U+FFFD",
                note.map(|n| n + "; ").unwrap_or_default(),
                encoding.name()
            ));
        }
        return Ok(Decoded {
            text: text.into_owned(),
            note,
        });
    }
    if let Some(offset) = binary_evidence(bytes) {
        return Err(DecodeFailure::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_owned(),
            note: None,
        }),
        Err(error) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok(Decoded {
                text: text.into_owned(),
                note: Some(format!(
                    "not valid UTF-8 (byte offset {}); decoded as windows-1252",
                    error.valid_up_to()
                )),
            })
        }
    }
}

/// The offset of a byte that marks `bytes` as binary, if any.
pub(super) fn binary_evidence(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if let Some(offset) = head.iter().position(|&b| b == 0) {
        return Some(offset);
    }
    let is_control = |b: &u8| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
    let controls = head.iter().filter(|b| is_control(b)).count();
    // Text has almost no control characters; a tenth of them is far past any real text.
    if !head.is_empty() && controls * 10 > head.len() {
        return head.iter().position(is_control);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        struct Case {
            name: &'static str,
            bytes: Vec<u8>,
            text: &'static str,
            note: Option<&'static str>,
        }
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Café".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Café".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let cases = [
            Case {
                name: "plain utf-8",
                bytes: "Café – ok".as_bytes().to_vec(),
                text: "Café – ok",
                note: None,
            },
            Case {
                name: "utf-8 with bom",
                bytes: b"\xEF\xBB\xBFHello".to_vec(),
                text: "Hello",
                note: None,
            },
            Case {
                name: "utf-16le with bom",
                bytes: utf16le,
                text: "Café",
                note: Some("decoded as UTF-16LE"),
            },
            Case {
                name: "utf-16be with bom",
                bytes: utf16be,
                text: "Café",
                note: Some("decoded as UTF-16BE"),
            },
            Case {
                name: "windows-1252",
                bytes: b"Caf\xE9 \x93quoted\x94".to_vec(),
                text: "Café “quoted”",
                note: Some("not valid UTF-8 (byte offset 3); decoded as windows-1252"),
            },
        ];
        for case in cases {
            let decoded = decode(&case.bytes).unwrap_or_else(|e| panic!("{}: {e:?}", case.name));
            assert_eq!(decoded.text, case.text, "{}", case.name);
            assert_eq!(decoded.note.as_deref(), case.note, "{}", case.name);
        }
    }

    #[test]
    fn refuses_binary() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00"),
            Err(DecodeFailure::Binary { offset: 4 })
        );
        let controls: Vec<u8> = (1u8..8).cycle().take(100).collect();
        assert!(decode(&controls).is_err());
    }
}

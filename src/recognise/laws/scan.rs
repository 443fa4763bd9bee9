//! A sentence being scanned for laws: its tokens as the patterns read them, and the parts
//! patterns share (designations, names of laws, years, code abbreviations).

use super::words::{BRACKET_WORDS, BRACKETED_HEADS, GENERIC_HEADS, NAME_PARTICLES};
use crate::lexicon::Lexicon;
use crate::recognise::Mention;
use crate::segment::{Segmented, TokenKind};
use crate::span::Span;
use std::borrow::Cow;
use std::ops::Range;

/// One sentence being scanned. Tokens outside it read as nothing (empty, no kind), so
/// no pattern runs on into the next sentence or back into the previous one.
pub(super) struct Scan<'a> {
    pub(super) text: &'a str,
    pub(super) segmented: &'a Segmented,
    pub(super) lexicon: &'a Lexicon,
    /// The sentence's tokens.
    pub(super) sentence: Range<usize>,
    /// Whether the patterns added since the shipped model was trained are used.
    pub(super) newer_patterns: bool,
}
impl Scan<'_> {
    pub(super) fn raw(&self, i: usize) -> &str {
        if !self.sentence.contains(&i) {
            return "";
        }
        self.segmented
            .tokens
            .get(i)
            .map_or("", |t| t.span.of(self.text))
    }

    /// Token `i` in lower case (an ASCII token's fold is its lower case).
    pub(super) fn lower(&self, i: usize) -> Cow<'_, str> {
        let raw = self.raw(i);
        if raw.is_ascii() && !raw.is_empty() {
            Cow::Borrowed(self.segmented.folds.of(i))
        } else {
            Cow::Owned(raw.to_lowercase())
        }
    }

    pub(super) fn kind(&self, i: usize) -> Option<TokenKind> {
        if !self.sentence.contains(&i) {
            return None;
        }
        self.segmented.tokens.get(i).map(|t| t.kind)
    }

    pub(super) fn capitalised(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether tokens `i` and `i + 1` touch (no space between).
    pub(super) fn touching(&self, i: usize) -> bool {
        let tokens = &self.segmented.tokens;
        i + 1 < tokens.len() && tokens[i].span.end == tokens[i + 1].span.start
    }

    pub(super) fn is_number(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Number)
            || (self.kind(i) == Some(TokenKind::Word)
                && self.raw(i).starts_with(|c: char| c.is_ascii_digit()))
    }

    pub(super) fn is_roman(&self, i: usize) -> bool {
        let raw = self.raw(i);
        !raw.is_empty() && raw.len() <= 6 && raw.chars().all(|c| "IVXLC".contains(c))
    }

    pub(super) fn is_year(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Number)
            && self.raw(i).len() == 4
            && self
                .raw(i)
                .parse::<u32>()
                .is_ok_and(|y| (1000..=2100).contains(&y))
    }

    /// The end of a number designation at `i`: "2016/679", "2011/83/EU", "117-169",
    /// "230(c)(1)", "14110".
    pub(super) fn designation_end(&self, i: usize, end: usize) -> Option<usize> {
        if self.is_number(i) || self.is_roman(i) {
            return Some(self.designation_rest(i + 1, end));
        }
        // A designation in brackets alone: "sub-section (1)", "cl. (6)".
        let inner = self.raw(i + 1);
        (i + 2 < end
            && self.raw(i) == "("
            && self.raw(i + 2) == ")"
            && !inner.is_empty()
            && inner.len() <= 4
            && inner.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| self.designation_rest(i + 3, end))
    }

    /// Whether token `e` is a capital letter apart from the number before it that belongs
    /// to the number ("304 A of", "120 B IPC", "561 A."): what follows it is no word of a
    /// sentence that goes on.
    pub(super) fn letter_apart(&self, e: usize) -> bool {
        let raw = self.raw(e);
        let letter = raw.strip_suffix('.').unwrap_or(raw);
        let is_letter = letter.len() == 1
            && letter.chars().all(|c| c.is_ascii_uppercase())
            && letter != "I"
            && !self.touching(e - 1);
        let next = self.lower(e + 1);
        let ends = if raw.ends_with('.') {
            // "A." is also an initial: "Section 5 A. Kumar".
            !self.capitalised(e + 1)
        } else {
            matches!(
                &*next,
                "" | "of" | "," | "." | ")" | ";" | "and" | "or" | "read"
            ) || self.code_abbreviation(e + 1).is_some()
        };
        is_letter && ends
    }

    /// The end of a designation whose first part ends before `e`: what follows it
    /// without a space or in brackets ("/679", "(c)(1)", " (3)").
    pub(super) fn designation_rest(&self, mut e: usize, end: usize) -> usize {
        loop {
            // "304 A of the Indian Penal Code", "120 B IPC", "561 A.": a number's letter
            // written apart, as Indian judgments do; not "Section 5 A person".
            if self.newer_patterns && e < end && self.is_number(e - 1) && self.letter_apart(e) {
                e += 1;
                continue;
            }
            // "/679", "-169", "/EU" written without spaces.
            if e + 1 < end
                && matches!(self.raw(e), "/" | "-")
                && self.touching(e - 1)
                && self.touching(e)
                && (self.is_number(e + 1) || matches!(self.raw(e + 1), "EU" | "EC" | "EEC"))
            {
                e += 2;
                continue;
            }
            // "(c)", "(1)", "(4-A)" right after; a number or a lower-case letter after a
            // space too ("156 (3)", as Indian judgments write them, but not "2000 (Qld)").
            let inner = self.raw(e + 1);
            let spaced_ok = self.touching(e - 1)
                || inner
                    .chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase());
            if e + 2 < end
                && self.raw(e) == "("
                && self.raw(e + 2) == ")"
                && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && inner.len() <= 4
                && spaced_ok
            {
                e += 3;
                continue;
            }
            return e;
        }
    }

    /// The end of a law's name starting at `i` ("the Communications Decency Act",
    /// "Education Amendments of 1972", "U.S. Constitution"): capitalised words and
    /// particles up to the first law head word, with its year.
    pub(super) fn law_name_end(&self, mut i: usize, end: usize) -> Option<usize> {
        if self.lower(i) == "the" {
            i += 1;
        }
        if !self.capitalised(i) {
            return None; // "Section 7-A in the Act": "in" starts no name
        }
        let mut head = None;
        let mut t = i;
        let mut bracketed = false;
        while t < end && t < i + 12 + usize::from(bracketed) * BRACKET_WORDS {
            if t > i
                && let Some(after) = self.bracketed_part(t, end)
            {
                bracketed = true;
                t = after;
                continue;
            }
            let word = self.lower(t);
            if self.capitalised(t) {
                let singular = word.strip_suffix('s').unwrap_or(&word);
                // After a bracket, only the heads of statutes ("Medicinal Toilet
                // Preparation (Excise Duties) Rules"), not "Microsoft (MSFT) Chief
                // Executive Bill Gates".
                let is_head = if bracketed {
                    BRACKETED_HEADS.contains(&&*word)
                } else {
                    self.lexicon.law_heads.contains(&word)
                        || self.lexicon.law_heads.contains(singular)
                };
                if is_head {
                    // The first head ends the name: "the Decency Act and Title IX" is two.
                    head = Some(t + 1);
                    break;
                }
            } else if !NAME_PARTICLES.contains(&&*word) {
                break;
            }
            t += 1;
        }
        let e = head?;
        if e == i + 1 && GENERIC_HEADS.contains(&&*self.lower(i)) {
            return None; // "the Act": a law named before
        }
        Some(self.year_end(e))
    }

    /// The end of the bracketed part of a law's name at `t` ("(Prevention)", "(Determination
    /// of Rules and Collection)", "(CIS)"), when names may have one: capitalised words and
    /// particles in brackets, followed by a capitalised word that goes on with the name.
    pub(super) fn bracketed_part(&self, t: usize, end: usize) -> Option<usize> {
        if !self.newer_patterns || self.raw(t) != "(" {
            return None;
        }
        let close = (t + 2..end.min(t + 2 + BRACKET_WORDS)).find(|&c| self.raw(c) == ")")?;
        let words_fit = (t + 1..close).all(|w| {
            (self.capitalised(w) && self.kind(w) == Some(TokenKind::Word))
                || NAME_PARTICLES.contains(&&*self.lower(w))
        });
        (words_fit && self.capitalised(t + 1) && self.capitalised(close + 1)).then_some(close + 1)
    }

    /// Names with a bracketed part not cited with a provision (`cited` holds the
    /// sentence's mentions so far): "the aim of the Forward Contracts (Regulation) Act",
    /// "The SEBI (CIS) Regulations came into force". Token ranges, in order.
    pub(super) fn bracketed_titles(&self, cited: &[Mention]) -> Vec<(usize, usize)> {
        let tokens = &self.segmented.tokens;
        let mut found: Vec<(usize, usize)> = Vec::new();
        for t in self.sentence.clone() {
            if self.raw(t) != "(" || found.last().is_some_and(|&(_, e)| e > t) {
                continue;
            }
            // The name's first word: back over capitalised words and particles, then
            // forward over leading particles ("the", "of").
            let mut start = t;
            while start > self.sentence.start
                && t - start < 12
                && (self.capitalised(start - 1) && self.kind(start - 1) == Some(TokenKind::Word)
                    || NAME_PARTICLES.contains(&&*self.lower(start - 1)))
            {
                start -= 1;
            }
            while start < t && !self.capitalised(start) {
                start += 1;
            }
            if start < t && self.lower(start) == "the" {
                start += 1;
            }
            if start == t {
                continue;
            }
            let Some(end) = self.law_name_end(start, self.sentence.end) else {
                continue;
            };
            let span = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
            let overlaps = cited.iter().any(|c| c.span.overlaps(span));
            if end > t + 1 && !overlaps {
                found.push((start, end));
            }
        }
        found
    }

    /// The end of a law's year at `e`, if it has one: "of 1972", "2000", ", 1947" (as
    /// Indian and British statutes are cited); else `e`.
    pub(super) fn year_end(&self, e: usize) -> usize {
        if (self.lower(e) == "of" || self.raw(e) == ",") && self.is_year(e + 1) {
            e + 2
        } else if self.is_year(e) {
            e + 1
        } else {
            e
        }
    }

    /// The end of the law named at `i` ("the Indian Penal Code", "the Constitution of
    /// India"): the longer of a name up to its head word and an instrument "X of Y".
    pub(super) fn law_named_at(&self, i: usize, end: usize) -> Option<usize> {
        let t = if self.lower(i) == "the" { i + 1 } else { i };
        let named = self.law_name_end(i, end);
        let instrument = self.instrument(t, t, end).map(|(_, e, _)| e);
        named.max(instrument)
    }

    /// The end of a code cited by its abbreviation at `i`: "IPC", "I.P.C.", "Cr.P.C.",
    /// "CrPC", "U.S.C." (letters and dots, at least two capitals, no lower-case word).
    pub(super) fn code_abbreviation(&self, i: usize) -> Option<usize> {
        if self.newer_patterns {
            return self.split_code_abbreviation(i);
        }
        let raw = self.raw(i);
        let capitals = raw.chars().filter(char::is_ascii_uppercase).count();
        let lower = raw.chars().filter(char::is_ascii_lowercase).count();
        let letters_and_dots = raw.chars().all(|c| c.is_ascii_alphabetic() || c == '.');
        (letters_and_dots
            && capitals >= 2
            && lower <= capitals / 2
            && raw.len() <= 10
            && self.capitalised(i))
        .then_some(i + 1)
    }

    /// [`Self::code_abbreviation`], also when the segmenter has split it or the text
    /// spaces it: "Cr.P.C" ("Cr.P." and "C"), "Cr. PC", "I. P. C.": up to four tokens of
    /// letters and dots, each touching the last or after a short piece with its dot
    /// ("Cr.", "I."), each capitalised but a dot, of at most four characters after the
    /// first; all capitals but for at most half as many small letters.
    pub(super) fn split_code_abbreviation(&self, i: usize) -> Option<usize> {
        if !self.capitalised(i) {
            return None;
        }
        let mut found = None;
        let (mut capitals, mut lower, mut len) = (0, 0, 0);
        for t in i..i + 4 {
            let raw = self.raw(t);
            let joined = t == i || self.touching(t - 1) || {
                let last = self.raw(t - 1);
                last.ends_with('.') && last.len() <= 3
            };
            let piece = raw == "." || (self.capitalised(t) && raw.len() <= 4);
            if raw.is_empty()
                || !joined
                || !raw.chars().all(|c| c.is_ascii_alphabetic() || c == '.')
                || (t > i && !piece)
            {
                break;
            }
            capitals += raw.chars().filter(char::is_ascii_uppercase).count();
            lower += raw.chars().filter(char::is_ascii_lowercase).count();
            len += raw.len();
            // Not ending on a dot of its own: the sentence's full stop ("IPC.").
            if capitals >= 2 && lower <= capitals / 2 && len <= 10 && raw != "." {
                found = Some(t + 1);
            }
        }
        found
    }
}

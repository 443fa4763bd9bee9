//! The patterns themselves: provisions, numbered instruments, amendments and
//! instruments "of" something.

use super::scan::Scan;
use super::words::{
    INSTRUMENTS, ISSUERS, NAME_PARTICLES, NUMBERED, ORDINALS, PROVISION_ABBREVIATIONS, PROVISIONS,
    STANDALONE_PROVISIONS, is_compound_ordinal, is_numeric_ordinal,
};
use crate::segment::TokenKind;
use std::borrow::Cow;

/// A word that names a provision, as [`Scan::provision_word`] reads it.
struct ProvisionWord {
    /// The provision ("section").
    singular: &'static str,
    /// Whether it names several ("Sections", "ss.").
    plural: bool,
    /// The token after the word (after an abbreviation's dot).
    next: usize,
    /// Whether its number is in the same token ("Section-341").
    numbered_inside: bool,
    /// Whether only legal text writes it ("s.", "sub-section"), so that it cites a law
    /// without naming it.
    legal: bool,
}
impl Scan<'_> {
    /// The provision word at `i`, if any: "Section", "sections", "s.", "sec.", "Sec.",
    /// "sub-section", and the word of "Section-341" (its number in the same token).
    fn provision_word(&self, i: usize) -> Option<ProvisionWord> {
        let word = self.lower(i);
        // "u/s 302 IPC", "U/ s 379/411 IPC": "under section", as Indian courts abbreviate
        // it; the provision starts at the "s".
        if self.newer_patterns
            && matches!(&*word, "s" | "ss")
            && i >= 2
            && self.raw(i - 1) == "/"
            && self.lower(i - 2) == "u"
            && self.touching(i - 2)
        {
            return Some(ProvisionWord {
                singular: "section",
                plural: &*word == "ss",
                next: i + 1,
                numbered_inside: false,
                legal: true,
            });
        }
        // The segmenter keeps an abbreviation's dot in its token ("sec.", "s.").
        if let Some(stem) = word.strip_suffix('.')
            && let Some(&(_, singular, plural)) =
                PROVISION_ABBREVIATIONS.iter().find(|(a, ..)| *a == stem)
        {
            return Some(ProvisionWord {
                singular,
                plural,
                next: i + 1,
                numbered_inside: false,
                legal: true,
            });
        }
        // "sub-section (1)", "sub-clause (viii)", "Section-341", "Sections-188".
        let (word, sub, numbered_inside) = match word.split_once('-') {
            Some(("sub", rest)) => (rest, true, false),
            Some((head, rest)) if rest.starts_with(|c: char| c.is_ascii_digit()) => {
                (head, false, true)
            }
            Some(_) => return None,
            None => (&*word, false, false),
        };
        let singular = word.strip_suffix('s').unwrap_or(word);
        let &singular = PROVISIONS.iter().find(|p| **p == singular)?;
        Some(ProvisionWord {
            singular,
            plural: singular != word,
            next: i + 1,
            numbered_inside,
            legal: sub,
        })
    }

    /// "Section 230 of the Communications Decency Act", "Title IX", "Articles 14 and 16 of
    /// the Constitution of India", "Section 313 Cr.P.C.", "Article 21, Constitution of
    /// India", "s. 12(2) of the Act", "Section 34 and 376(2)(g) of the Indian Penal Code",
    /// "sub-section (1)". In lower case ("section 302") only with the law it belongs to,
    /// abbreviated, or with a designation no ordinary text gives ("section 10B", "section
    /// 156 (3)").
    pub(super) fn provision(&self, i: usize, end: usize) -> Option<(usize, usize, &'static str)> {
        let word = self.provision_word(i)?;
        let first = if word.numbered_inside {
            self.designation_rest(word.next, end)
        } else {
            self.designation_end(word.next, end)?
        };
        // Beyond a plain number ("10B", "156 (3)", "(viii)", "11-A").
        let designated = word.numbered_inside
            || first > word.next + 1
            || self
                .raw(word.next)
                .contains(|c: char| c.is_ascii_alphabetic());
        // More designations: "Articles 14 and 16", "Sections 3, 4 or 5", "Section 34, 342",
        // "Section 3 or Section 4", "Section 139 to 158" (but not a year: "Section 5, 2019").
        let mut after = first;
        while matches!(&*self.lower(after), "and" | "or" | "to" | "," | "&") {
            let mut next = after + 1;
            if let Some(again) = self.provision_word(next)
                && again.singular == word.singular
                && !again.numbered_inside
            {
                next = again.next;
            }
            let Some(e) = self.designation_end(next, end) else {
                break;
            };
            // Numbers go with numbers, Roman numerals with Roman numerals: "Article 14, I
            // had referred" stops at the comma.
            let same_kind = self.is_roman(next) == self.is_roman(word.next) || word.numbered_inside;
            if !same_kind || (!word.plural && self.raw(after) == "," && self.is_year(next)) {
                break;
            }
            after = e;
        }
        // The law: "of" and its name, or its name or abbreviation right after (a comma
        // between).
        let law = if self.lower(after) == "of" {
            let named = self.law_named_at(after + 1, end);
            // "Section 313 of Cr.P.C.", "Rule 6 of CPC": a code's abbreviation (its last
            // letter the code's), not "of U.P. Forest Rules", "of PS Sarita Vihar" or "of
            // CC No. 858".
            let code = || {
                let e = self.code_abbreviation(after + 1)?;
                let last = self.raw(e - 1).trim_end_matches('.');
                // Not "of SC/ST", "of CC No. 858".
                let numbered = matches!(&*self.lower(e), "no." | "no" | "/") || self.is_number(e);
                (last.ends_with('C') && !numbered).then_some(e)
            };
            if self.newer_patterns {
                named.or_else(code)
            } else {
                named
            }
        } else {
            let at = if self.raw(after) == "," {
                after + 1
            } else {
                after
            };
            let named = || {
                (self.lower(at) != "the")
                    .then(|| self.law_named_at(at, end))
                    .flatten()
            };
            match self.code_abbreviation(at) {
                // "M.V. Act": an abbreviation that begins a name.
                Some(e) if self.newer_patterns => named().max(Some(e)),
                Some(e) => Some(e),
                None => named(),
            }
        };
        if let Some(e) = law {
            // "Order XII Rule 8 of CPC": the Code of Civil Procedure's rules are cited
            // with their order.
            let ordered = self.newer_patterns
                && word.singular == "rule"
                && i >= 2
                && self.lower(i - 2) == "order"
                && self.capitalised(i - 2)
                && (self.is_roman(i - 1) || self.is_number(i - 1));
            return Some((if ordered { i - 2 } else { i }, e, "law-provision"));
        }
        if word.legal {
            return Some((i, after, "law-provision"));
        }
        let roman = self.is_roman(word.next);
        let standalone = STANDALONE_PROVISIONS.contains(&word.singular)
            && (roman || word.singular != "title")
            && (roman || self.is_number(word.next) || word.numbered_inside);
        let capitalised = self.capitalised(i);
        (standalone && (capitalised || designated)).then_some((i, after, "law-provision"))
    }

    /// "Regulation (EU) 2016/679", "Executive Order 14110", "Security Council Resolution
    /// 2334".
    pub(super) fn numbered(&self, i: usize, end: usize) -> Option<(usize, usize, &'static str)> {
        if !self.capitalised(i) {
            return None;
        }
        let (key_len, _) = [2, 1]
            .into_iter()
            .map(|len| {
                let words: Vec<Cow<'_, str>> = (i..i + len).map(|t| self.lower(t)).collect();
                (len, words.join(" "))
            })
            .find(|(len, key)| i + len <= end && NUMBERED.contains(&key.as_str()))?;
        let mut n = i + key_len;
        // "(EU)".
        if self.raw(n) == "("
            && matches!(self.raw(n + 1), "EU" | "EC" | "EEC")
            && self.raw(n + 2) == ")"
        {
            n += 3;
        }
        if matches!(&*self.lower(n), "no." | "no" | "number") {
            n += 1;
        }
        let after = self.designation_end(n, end)?;
        if self.is_roman(n) {
            return None; // "Act I" is a play's act, not a law
        }
        // An ordinal is a book's edition: "Hindu Law 15th Edn.", "Statute Law 6th Ed.".
        if self.newer_patterns && is_numeric_ordinal(self.raw(n)) {
            return None;
        }
        // A bare year after "Act" or "Law" is a date ("the Act 2000" is rare): keep only
        // numbers that are no plain year, or have more to them ("2016/679").
        let plain_year = after == n + 1 && self.is_year(n);
        if plain_year {
            return None;
        }
        // "Act 36 of 1969", "Act No. 20 of 2014".
        let after = if self.lower(after) == "of" {
            self.year_end(after)
        } else {
            after
        };
        let mut start = i;
        while start > 0 && self.capitalised(start - 1) && ISSUERS.contains(&&*self.lower(start - 1))
        {
            start -= 1;
        }
        Some((start, after, "law-number"))
    }

    /// "First Amendment", "14th Amendment to the U.S. Constitution".
    pub(super) fn amendment(&self, i: usize, end: usize) -> Option<(usize, usize, &'static str)> {
        let word = self.lower(i);
        let ordinal = ORDINALS.contains(&&*word)
            || (self.newer_patterns && is_compound_ordinal(&word))
            || (word.len() <= 4 && is_numeric_ordinal(&word));
        if !ordinal || !self.capitalised(i) && !word.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        if self.lower(i + 1) != "amendment" || !self.capitalised(i + 1) {
            return None;
        }
        let mut e = i + 2;
        if self.lower(e) == "to"
            && let Some(name_end) = self.law_name_end(e + 1, end)
        {
            e = name_end;
        }
        Some((i, e, "law-amendment"))
    }

    /// "Treaty of Versailles", "Convention on the Rights of the Child".
    pub(super) fn instrument(
        &self,
        i: usize,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize, &'static str)> {
        let word = self.lower(i);
        if !self.capitalised(i) || !INSTRUMENTS.contains(&&*word) {
            return None;
        }
        if !matches!(&*self.lower(i + 1), "of" | "on" | "against" | "for") {
            return None;
        }
        // The object: capitalised words and inner particles, ending capitalised.
        let mut t = i + 2;
        if self.lower(t) == "the" {
            t += 1;
        }
        let mut last = None;
        while t < end && t < i + 14 {
            if self.capitalised(t) && self.kind(t) != Some(TokenKind::Punct) {
                last = Some(t + 1);
            } else if !NAME_PARTICLES.contains(&&*self.lower(t)) {
                break;
            }
            t += 1;
        }
        let e = self.year_end(last?);
        // Capitalised words before: "Vienna Convention on Diplomatic Relations".
        let mut s = i;
        while s > start && self.capitalised(s - 1) && self.lower(s - 1) != "the" && s - 1 > start {
            s -= 1;
        }
        Some((s, e, "law-instrument"))
    }
}

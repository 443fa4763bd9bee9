//! Laws by the way legal text cites them, beyond names with a head word ("Alien Enemies
//! Act", which [`RuleRecogniser`](super::RuleRecogniser) finds):
//!
//! | pattern | examples |
//! |---|---|
//! | numbered instrument | "Regulation (EU) 2016/679", "Directive 2011/83/EU", "Executive Order 14110", "Public Law 117-169", "Security Council Resolution 2334", "H.R. 3684", "Act 36 of 1969" |
//! | provision of a law | "Section 230 of the Communications Decency Act", "Title IX of the Education Amendments of 1972", "Article 5 of the North Atlantic Treaty", "Title IX", "Section 230" |
//! | provision as judgments cite it | "s. 12(2)", "Ss. 397 and 482", "sec. 11-A", "Section-341", "sub-section (1)", "cl. (6)", "section 10B", "Section 34 and 376(2)(g) of the Indian Penal Code", "Section 3 or Section 4" |
//! | amendment | "First Amendment", "14th Amendment to the U.S. Constitution" |
//! | instrument of / on | "Treaty of Versailles", "Convention on the Rights of the Child", "Constitution of India" |
//!
//! Its mentions are more confident than the rule recogniser's, so [`Combined`](super::Combined)
//! lets them win where the two overlap ("Section 230 of the Communications Decency Act"
//! rather than "Section 230" as an organisation and the act on its own).

use super::{Mention, Recogniser, Recognition};
use crate::entity_type::EntityType;
use crate::lexicon::Lexicon;
use crate::segment::{Segmented, TokenKind};
use crate::span::Span;
use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// Words that, followed by a number, cite an instrument.
const NUMBERED: &[&str] = &[
    "executive order",
    "regulation",
    "directive",
    "decision",
    "resolution",
    "public law",
    "proclamation",
    "decree",
    "law",
    "act",
    "bill",
    "statutory instrument",
    "order",
    "h.r.",
    "s.res.",
    "h.res.",
];

/// Capitalised words that may stand before a numbered instrument ("Council Regulation").
const ISSUERS: &[&str] = &[
    "council",
    "commission",
    "implementing",
    "delegated",
    "security",
    "general",
    "assembly",
    "senate",
    "house",
    "presidential",
    "royal",
    "federal",
    "legislative",
    "ministerial",
];

/// Parts of a law that are cited with a number.
const PROVISIONS: &[&str] = &[
    "section",
    "article",
    "title",
    "chapter",
    "part",
    "paragraph",
    "rule",
    "clause",
    "schedule",
];

/// Provisions that name a law on their own ("Title IX", "Section 230", "Article 5").
const STANDALONE_PROVISIONS: &[&str] = &["section", "article", "title", "chapter"];

/// Abbreviated provisions, as judgments cite them before a number ("s. 12(2)", "ss. 397
/// and 482", "sec. 11-A", "Art. 21", "cl. (6)"): the abbreviation (always with its dot,
/// which the segmenter keeps in the token: these are among its abbreviations), the
/// provision and whether it is plural.
const PROVISION_ABBREVIATIONS: &[(&str, &str, bool)] = &[
    ("s", "section", false),
    ("ss", "section", true),
    ("sec", "section", false),
    ("secs", "section", true),
    ("art", "article", false),
    ("arts", "article", true),
    ("cl", "clause", false),
    ("cls", "clause", true),
];

/// Law head words that, alone after "the", refer back to a law named earlier ("Section 21
/// of the Act") rather than name one: the provision is cited without them.
const GENERIC_HEADS: &[&str] = &[
    "act",
    "acts",
    "code",
    "rules",
    "regulations",
    "ordinance",
    "law",
    "bill",
];

/// Instruments named "X of Y" or "X on Y".
const INSTRUMENTS: &[&str] = &[
    "treaty",
    "convention",
    "charter",
    "constitution",
    "protocol",
    "statute",
    "accord",
    "agreement",
    "covenant",
    "code",
];

/// Ordinal words for amendments.
const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
];

/// Words inside a law's name that need not be capitalised.
const NAME_PARTICLES: &[&str] = &["of", "on", "the", "and", "for", "against", "to", "in", "de"];

/// How sure the patterns are: above the rule recogniser's strongest evidence (0.9).
const CONFIDENCE: f32 = 0.95;

/// Finds laws cited by number, provision, amendment or "X of Y".
#[derive(Debug, Clone, Copy)]
pub struct LawRecogniser {
    lexicon: &'static Lexicon,
}

impl Default for LawRecogniser {
    fn default() -> Self {
        Self::new(Lexicon::embedded())
    }
}

impl LawRecogniser {
    /// A recogniser using `lexicon`'s law head words.
    pub fn new(lexicon: &'static Lexicon) -> Self {
        Self { lexicon }
    }
}

impl Recogniser for LawRecogniser {
    fn name(&self) -> &'static str {
        "laws"
    }

    fn recognise(&self, text: &str, segmented: &Segmented) -> Recognition {
        let mut mentions: Vec<Mention> = Vec::new();
        for (sentence, s) in segmented.sentences.iter().enumerate() {
            let scan = Scan {
                text,
                segmented,
                lexicon: self.lexicon,
                sentence: s.tokens.clone(),
            };
            let mut i = s.tokens.start;
            while i < s.tokens.end {
                // Every pattern starts with a capital or a digit ("14th Amendment").
                // ("section 156 of the Code" is checked by `provision`, which asks more
                // of a provision in lower case.)
                let first = scan.raw(i).chars().next();
                if !first.is_some_and(|c| c.is_alphabetic() || c.is_ascii_digit())
                    || !could_start(&scan.lower(i))
                {
                    i += 1;
                    continue;
                }
                let found = scan
                    .provision(i, s.tokens.end)
                    .or_else(|| scan.numbered(i, s.tokens.end))
                    .or_else(|| scan.amendment(i, s.tokens.end))
                    .or_else(|| scan.instrument(i, s.tokens.start, s.tokens.end));
                match found {
                    Some((start, end, rule)) => {
                        let span = Span::new(
                            segmented.tokens[start].span.start,
                            segmented.tokens[end - 1].span.end,
                        );
                        mentions.push(Mention {
                            span,
                            entity_type: EntityType::Law,
                            sentence,
                            rule,
                            confidence: CONFIDENCE,
                        });
                        i = end;
                    }
                    None => i += 1,
                }
            }
        }
        Recognition {
            mentions,
            aliases: Vec::new(),
        }
    }
}

/// Whether a (lower-case) word can begin a pattern, so most words cost one lookup.
fn could_start(word: &str) -> bool {
    static FIRST_WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    let first_words = FIRST_WORDS.get_or_init(|| {
        let single = [PROVISIONS, ORDINALS, INSTRUMENTS, ISSUERS]
            .into_iter()
            .flatten();
        let numbered = NUMBERED.iter().filter_map(|key| key.split(' ').next());
        let plural = PROVISIONS.iter().map(|p| format!("{p}s"));
        let abbreviated = PROVISION_ABBREVIATIONS
            .iter()
            .map(|(a, ..)| format!("{a}."));
        single
            .map(|w| (*w).to_owned())
            .chain(numbered.map(str::to_owned))
            .chain(plural)
            .chain(abbreviated)
            .collect()
    });
    word.starts_with(|c: char| c.is_ascii_digit())
        || first_words.contains(word)
        // "sub-section", "Section-341"
        || word
            .split_once('-')
            .is_some_and(|(head, _)| head == "sub" || first_words.contains(head))
}

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

/// One sentence being scanned. Tokens outside it read as nothing (empty, no kind), so
/// no pattern runs on into the next sentence or back into the previous one.
struct Scan<'a> {
    text: &'a str,
    segmented: &'a Segmented,
    lexicon: &'a Lexicon,
    /// The sentence's tokens.
    sentence: Range<usize>,
}

impl Scan<'_> {
    fn raw(&self, i: usize) -> &str {
        if !self.sentence.contains(&i) {
            return "";
        }
        self.segmented
            .tokens
            .get(i)
            .map_or("", |t| t.span.of(self.text))
    }

    /// Token `i` in lower case (an ASCII token's fold is its lower case).
    fn lower(&self, i: usize) -> Cow<'_, str> {
        let raw = self.raw(i);
        if raw.is_ascii() && !raw.is_empty() {
            Cow::Borrowed(self.segmented.folds.of(i))
        } else {
            Cow::Owned(raw.to_lowercase())
        }
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        if !self.sentence.contains(&i) {
            return None;
        }
        self.segmented.tokens.get(i).map(|t| t.kind)
    }

    fn capitalised(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether tokens `i` and `i + 1` touch (no space between).
    fn touching(&self, i: usize) -> bool {
        let tokens = &self.segmented.tokens;
        i + 1 < tokens.len() && tokens[i].span.end == tokens[i + 1].span.start
    }

    fn is_number(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Number)
            || (self.kind(i) == Some(TokenKind::Word)
                && self.raw(i).starts_with(|c: char| c.is_ascii_digit()))
    }

    fn is_roman(&self, i: usize) -> bool {
        let raw = self.raw(i);
        !raw.is_empty() && raw.len() <= 6 && raw.chars().all(|c| "IVXLC".contains(c))
    }

    fn is_year(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Number)
            && self.raw(i).len() == 4
            && self
                .raw(i)
                .parse::<u32>()
                .is_ok_and(|y| (1000..=2100).contains(&y))
    }

    /// The end of a number designation at `i`: "2016/679", "2011/83/EU", "117-169",
    /// "230(c)(1)", "14110".
    fn designation_end(&self, i: usize, end: usize) -> Option<usize> {
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

    /// The end of a designation whose first part ends before `e`: what follows it
    /// without a space or in brackets ("/679", "(c)(1)", " (3)").
    fn designation_rest(&self, mut e: usize, end: usize) -> usize {
        loop {
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
    fn law_name_end(&self, mut i: usize, end: usize) -> Option<usize> {
        if self.lower(i) == "the" {
            i += 1;
        }
        if !self.capitalised(i) {
            return None; // "Section 7-A in the Act": "in" starts no name
        }
        let mut head = None;
        let mut t = i;
        while t < end && t < i + 12 {
            let word = self.lower(t);
            if self.capitalised(t) {
                let singular = word.strip_suffix('s').unwrap_or(&word);
                if self.lexicon.law_heads.contains(&word)
                    || self.lexicon.law_heads.contains(singular)
                {
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

    /// The end of a law's year at `e`, if it has one: "of 1972", "2000", ", 1947" (as
    /// Indian and British statutes are cited); else `e`.
    fn year_end(&self, e: usize) -> usize {
        if (self.lower(e) == "of" || self.raw(e) == ",") && self.is_year(e + 1) {
            e + 2
        } else if self.is_year(e) {
            e + 1
        } else {
            e
        }
    }

    /// The provision word at `i`, if any: "Section", "sections", "s.", "sec.", "Sec.",
    /// "sub-section", and the word of "Section-341" (its number in the same token).
    fn provision_word(&self, i: usize) -> Option<ProvisionWord> {
        let word = self.lower(i);
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
    fn provision(&self, i: usize, end: usize) -> Option<(usize, usize, &'static str)> {
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
            self.law_named_at(after + 1, end)
        } else {
            let at = if self.raw(after) == "," {
                after + 1
            } else {
                after
            };
            self.code_abbreviation(at).or_else(|| {
                (self.lower(at) != "the")
                    .then(|| self.law_named_at(at, end))
                    .flatten()
            })
        };
        if let Some(e) = law {
            return Some((i, e, "law-provision"));
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

    /// The end of the law named at `i` ("the Indian Penal Code", "the Constitution of
    /// India"): the longer of a name up to its head word and an instrument "X of Y".
    fn law_named_at(&self, i: usize, end: usize) -> Option<usize> {
        let t = if self.lower(i) == "the" { i + 1 } else { i };
        let named = self.law_name_end(i, end);
        let instrument = self.instrument(t, t, end).map(|(_, e, _)| e);
        named.max(instrument)
    }

    /// The end of a code cited by its abbreviation at `i`: "IPC", "I.P.C.", "Cr.P.C.",
    /// "CrPC", "U.S.C." (letters and dots, at least two capitals, no lower-case word).
    fn code_abbreviation(&self, i: usize) -> Option<usize> {
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

    /// "Regulation (EU) 2016/679", "Executive Order 14110", "Security Council Resolution
    /// 2334".
    fn numbered(&self, i: usize, end: usize) -> Option<(usize, usize, &'static str)> {
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
    fn amendment(&self, i: usize, end: usize) -> Option<(usize, usize, &'static str)> {
        let word = self.lower(i);
        let ordinal = ORDINALS.contains(&&*word)
            || (word.len() <= 4
                && word.starts_with(|c: char| c.is_ascii_digit())
                && ["st", "nd", "rd", "th"].iter().any(|s| word.ends_with(s)));
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
    fn instrument(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    #[test]
    fn cited_laws_are_found_whole() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The fine was issued under Regulation (EU) 2016/679 last year.",
                &["Regulation (EU) 2016/679"],
            ),
            (
                "It follows Directive 2011/83/EU closely.",
                &["Directive 2011/83/EU"],
            ),
            (
                "Lawyers cited Section 230 of the Communications Decency Act in court.",
                &["Section 230 of the Communications Decency Act"],
            ),
            (
                "They cited Section 230 of the Decency Act and Title IX of the Education Amendments of 1972.",
                &[
                    "Section 230 of the Decency Act",
                    "Title IX of the Education Amendments of 1972",
                ],
            ),
            (
                "Schools must follow Title IX of the Education Amendments of 1972 now.",
                &["Title IX of the Education Amendments of 1972"],
            ),
            ("Schools must follow Title IX now.", &["Title IX"]),
            (
                "Biden signed Executive Order 14110 in October.",
                &["Executive Order 14110"],
            ),
            (
                "The vote on Security Council Resolution 2334 was close.",
                &["Security Council Resolution 2334"],
            ),
            (
                "It was passed as Public Law 117-169 in 2022.",
                &["Public Law 117-169"],
            ),
            ("The First Amendment protects speech.", &["First Amendment"]),
            (
                "He cited the 14th Amendment to the U.S. Constitution again.",
                &["14th Amendment to the U.S. Constitution"],
            ),
            (
                "The Treaty of Versailles ended the war.",
                &["Treaty of Versailles"],
            ),
            (
                "Somalia ratified the Convention on the Rights of the Child in 2015.",
                &["Convention on the Rights of the Child"],
            ),
            (
                "Under Section 230(c)(1) platforms are not publishers.",
                &["Section 230(c)(1)"],
            ),
            (
                "Rights follow from Articles 14 and 16 of the Constitution of India today.",
                &["Articles 14 and 16 of the Constitution of India"],
            ),
            (
                "Statements were recorded under Section 313 Cr.P.C. and section 156 (3) CrPC.",
                &["Section 313 Cr.P.C.", "section 156 (3) CrPC"],
            ),
            (
                "Under Article 21, Constitution of India no person is deprived of life.",
                &["Article 21, Constitution of India"],
            ),
            (
                "He was charged under section 302 of the Indian Penal Code yesterday.",
                &["section 302 of the Indian Penal Code"],
            ),
            (
                "The body was set up under Section 21 of the Act in 1990.",
                &["Section 21"],
            ),
            // As judgments cite them: abbreviated, hyphenated, in brackets, coordinated.
            (
                "The sum falls within s. 12(2) of the Act and sec. 11-A applies.",
                &["s. 12(2)", "sec. 11-A"],
            ),
            (
                "He applied under Sec.45 of the Indian Evidence Act late.",
                &["Sec.45 of the Indian Evidence Act"],
            ),
            (
                "They were convicted under Section-341, and Ss. 397 and 482 were invoked.",
                &["Section-341", "Ss. 397 and 482"],
            ),
            (
                "It is sub-section (1) that matters, as cl. (6) says.",
                &["sub-section (1)", "cl. (6)"],
            ),
            ("The formula of section 10B is the same.", &["section 10B"]),
            (
                "He was charged under Section 34 and 376(2)(g) of the Indian Penal Code.",
                &["Section 34 and 376(2)(g) of the Indian Penal Code"],
            ),
            (
                "A person who does not satisfy Section 3 or Section 4 may not drive.",
                &["Section 3 or Section 4"],
            ),
            (
                "Charges under Section 34, 342 followed.",
                &["Section 34, 342"],
            ),
            ("Charges under Section 5, 2019 saw a rise.", &["Section 5"]),
            (
                "On the ground of Article 14, I referred it to a Bench.",
                &["Article 14"],
            ),
            (
                "By insertion of Section 7-A in the Act the intent is clear.",
                &["Section 7-A"],
            ),
            (
                "Immediately after Act 36 of 1969 came into force, the Code of Criminal Procedure, 1973 applied.",
                &["Act 36 of 1969", "Code of Criminal Procedure, 1973"],
            ),
            // Not laws: a chapter of a book, a play's act, a year, a part of a series, a
            // section of a manual, a plain word with a hyphen.
            ("In part 2 of the series, Act I begins in 2000.", &[]),
            ("See section 3 of the manual and sections 4 and 5.", &[]),
            (
                "It is art. It was a sub-plot of cl. The section-heads met.",
                &[],
            ),
            ("The law was passed in 1998 by the Senate.", &[]),
        ];
        let recogniser = LawRecogniser::default();
        for (text, expected) in cases {
            let found = recogniser.recognise(text, &segment(text));
            let spans: Vec<&str> = found.mentions.iter().map(|m| m.span.of(text)).collect();
            assert_eq!(&spans, expected, "{text}");
        }
    }
}

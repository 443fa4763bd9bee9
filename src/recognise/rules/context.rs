//! Typing from the words around a name: "the town of X", "X , Alabama", "played for X",
//! and definitions ("X is a village", "X is the second album by ...").

use super::{COMPASS, Pass, Strength};
use crate::entity_type::EntityType;
use crate::lexicon::PlaceKind;
use crate::segment::TokenKind;
use std::ops::Range;

/// What a definition ("X is a ...") says a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Defined {
    /// One of our types: "a village", "a punk band", "an English singer".
    As(EntityType),
    /// A work, product, language or event: "an album", "a language".
    Work,
}

/// Whether the two words before a name (lower case, nearest last) are "played for",
/// "signed with", "joined" and the like, which take a club, band or company.
pub(crate) fn takes_an_organisation(two_before: Option<&str>, one_before: Option<&str>) -> bool {
    const PAIRS: &[(&str, &str)] = &[
        ("played", "for"),
        ("plays", "for"),
        ("playing", "for"),
        ("played", "with"),
        ("plays", "with"),
        ("playing", "with"),
        ("member", "of"),
        ("members", "of"),
        ("signed", "with"),
        ("signed", "for"),
        ("signed", "by"),
        ("drafted", "by"),
        ("traded", "to"),
        ("released", "by"),
    ];
    matches!(one_before, Some("joined" | "supporting" | "rejoined"))
        || PAIRS
            .iter()
            .any(|&(verb, preposition)| two_before == Some(verb) && one_before == Some(preposition))
}

impl Pass<'_> {
    /// Whether the words before token `i` are "played for", "signed with", "joined" and
    /// the like ([`takes_an_organisation`]), which take a club, band or company.
    pub(super) fn after_org_verb(&self, i: usize) -> bool {
        // "supporting The Cult": a capital article between the verb and a band's name
        // ("joined the Resistance" is left alone).
        let i = if i > 0 && self.word(i - 1) == "The" {
            i - 1
        } else {
            i
        };
        let before = |n: usize| i.checked_sub(n).map(|j| self.word(j));
        takes_an_organisation(before(2), before(1))
    }

    /// Types from the words around the chunk.
    pub(super) fn context_type(
        &self,
        range: Range<usize>,
    ) -> Option<(EntityType, Strength, &'static str)> {
        let lexicon = self.lexicon;
        let before = |n: usize| range.start.checked_sub(n).map(|i| self.fold_of(i));
        let after = (range.end < self.tokens.len()).then(|| self.fold_of(range.end));
        if let Some(typed) = self.definition_type(range.end) {
            return Some(typed);
        }
        // "Debden , England", "Mobile , Alabama": a town before its country or state.
        if self
            .tokens
            .get(range.end)
            .is_some_and(|_| self.word(range.end) == ",")
            && (1..=2).any(|n| {
                let region = range.end + 1..range.end + 1 + n;
                region.end <= self.tokens.len()
                    && self.is_capitalised(region.start)
                    && (region.end == self.tokens.len() || !self.is_capitalised(region.end))
                    && self.place(region).is_some_and(|p| {
                        matches!(p.kind, PlaceKind::Country | PlaceKind::Subdivision)
                    })
            })
        {
            return Some((EntityType::Place, Strength::Context, "town-comma-region"));
        }
        // "the town of X", "north of X"; "the capital, X" is left to relations.
        if before(1) == Some("of")
            && before(2).is_some_and(|w| {
                lexicon.place_nouns.contains_folded(w) || COMPASS[..4].contains(&w)
            })
        {
            return Some((EntityType::Place, Strength::Strong, "place-noun"));
        }
        if let Some(word) = after {
            if lexicon.person_nouns.contains_folded(word) {
                return Some((EntityType::Person, Strength::Context, "person-noun"));
            }
            if lexicon.org_nouns.contains_folded(word) {
                return Some((EntityType::Organization, Strength::Context, "org-noun"));
            }
        }
        if let Some(word) = before(1) {
            if lexicon.org_nouns.contains_folded(word) {
                return Some((EntityType::Organization, Strength::Context, "org-noun"));
            }
            if lexicon.titles.contains_folded(word) {
                return Some((EntityType::Person, Strength::Context, "lowercase-title"));
            }
        }
        None
    }

    /// "X is a village in ...", "X ( born 1950 ) was an English singer", "X are a punk
    /// band": the class noun of a definition after the name, at `after`.
    pub(super) fn definition_type(
        &self,
        after: usize,
    ) -> Option<(EntityType, Strength, &'static str)> {
        match self.definition(after)? {
            Defined::As(entity_type) => Some((entity_type, Strength::Context, "definition")),
            Defined::Work => None,
        }
    }

    /// Whether a name at token `i` starts its sentence, after at most an article or a
    /// quotation mark: the subject of a definition, not the end of a longer title
    /// ("Letters to Zqwerty is an album").
    pub(super) fn is_subject(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0
            && matches!(self.fold_of(j - 1), "the" | "a" | "an" | "\"" | "'" | "“")
            && self.adjacent(j - 1, j)
        {
            j -= 1;
        }
        j == 0 || !self.adjacent(j - 1, j) || matches!(self.word(j - 1), "." | "!" | "?")
    }

    /// What the definition after the name at `after` says it is: the class of the noun
    /// that ends the definition's noun phrase ("an American film director"), or else of
    /// the first class noun in it ("an album released in 2001").
    pub(super) fn definition(&self, after: usize) -> Option<Defined> {
        let mut i = after;
        if self.tokens.get(i).is_some_and(|_| self.word(i) == "(") {
            i = (i + 1..self.tokens.len().min(i + 40)).find(|&j| self.word(j) == ")")? + 1;
        }
        let verb = self.tokens.get(i).map(|_| self.word(i))?;
        if !matches!(verb, "is" | "was" | "are" | "were") {
            return None;
        }
        let article = self.tokens.get(i + 1).map(|_| self.word(i + 1))?;
        if !matches!(article, "a" | "an" | "the" | "one") {
            return None;
        }
        let phrase_end = (i + 2..self.tokens.len().min(i + 8))
            .find(|&j| {
                self.tokens[j].kind == TokenKind::Punct
                    || matches!(
                        self.word(j),
                        "in" | "of"
                            | "on"
                            | "from"
                            | "and"
                            | "who"
                            | "which"
                            | "that"
                            | "by"
                            | "for"
                            | "with"
                            | "at"
                            | "to"
                    )
            })
            .unwrap_or(self.tokens.len().min(i + 8));
        let head = (phrase_end > i + 2)
            .then(|| self.class_of_noun(phrase_end - 1))
            .flatten();
        head.or_else(|| (i + 2..phrase_end).find_map(|j| self.class_of_noun(j)))
    }

    /// The class a noun names in a definition, if it is listed.
    fn class_of_noun(&self, i: usize) -> Option<Defined> {
        let lexicon = self.lexicon;
        let word = self.fold_of(i);
        if lexicon.place_nouns.contains_folded(word) {
            Some(Defined::As(EntityType::Place))
        } else if lexicon.org_nouns.contains_folded(word) {
            Some(Defined::As(EntityType::Organization))
        } else if lexicon.person_roles.contains_folded(word) {
            Some(Defined::As(EntityType::Person))
        } else if lexicon.work_nouns.contains_folded(word) {
            Some(Defined::Work)
        } else {
            None
        }
    }
}

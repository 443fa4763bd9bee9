//! The rule and lexicon recogniser.
//!
//! 1. **Chunk**: runs of capitalised tokens (and call signs like "6PR"), joined by name
//!    particles ("Tren *de* Aragua", "Commission *on* Human Rights"), numbers ("Barrio
//!    18", not dates: "Testimony on August 4"), law years ("Act *of* 1798"), "&" inside
//!    organisation names, "and" inside known places ("Bosnia and Herzegovina") and a
//!    lower-case feature word ("the Huallaga river").
//! 2. **Trim and split** each chunk: leading function words, numbers and dates go, and so
//!    does a trailing year ("Spring 2007") and a sentence-initial participle ("Attended");
//!    titles go and mark a person ("Argentine Security Minister | Patricia Bullrich"); a
//!    country before a longer name is its own mention ("US | Republican Party"); "X of
//!    Place" splits when X has no head word, "X of the Y" when Y has one; a sentence-initial
//!    common word ("Footage", "Prisoners") is only kept when the rest of the document
//!    supports it. Events ("Battle of X", "Memorial Day"), demonyms, languages and
//!    religions ("Hindu", "Cyrillic"), works in quotes or after a capital "A", model codes
//!    ("F-86 Sabre") and common abbreviations ("CD") are dropped.
//! 3. **Type** from the strongest evidence: gazetteer (towns named like common words or
//!    people count for less), head words (Act, Party, Prison), given names (not before a
//!    common word or a place), context ("the town of X", "X gang", "X is a village", "X ,
//!    Alabama", "played for X", "the Falcons"), then the shape of the name: a town and a
//!    name is a team or firm, a name ending in a common word an organisation, other
//!    unknown pairs a person. A single unknown word mid-sentence with no evidence is only
//!    kept when the document supports it.
//! 4. **Document pass**: weakly typed mentions take the type of a strongly typed mention
//!    of the same name, or of the person whose surname they are; aliases stated by the
//!    text ("Centre – or CECOT", "(IACHR)") share their long form's type.

use super::{AliasLink, Mention, Recogniser, Recognition};
use crate::entity_type::EntityType;
use crate::lexicon::{Lexicon, PhraseSet, Place, PlaceKind, with_folded};
use crate::segment::{Folds, Segmented, Token, TokenKind};
use crate::span::Span;
use std::borrow::Cow;
use std::ops::Range;

mod context;
pub(crate) use context::takes_an_organisation;
mod document;

use context::Defined;

/// Lower-case words that may join the capitalised parts of one name.
pub(crate) const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "des", "di", "do", "dos", "du", "for",
    "ibn", "la", "las", "le", "los", "of", "on", "upon", "van", "von", "y",
];

/// Words before a single unknown name that suggest a place.
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "from", "near", "to", "into", "across", "outside",
];

/// Words before a known place that make a larger or older place ("West Seattle").
const COMPASS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "greater",
    "old",
    "new",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "inner",
    "outer",
];

/// Single organisation head words that name an institution on their own.
const INSTITUTIONS: &[&str] = &[
    "congress",
    "parliament",
    "senate",
    "cabinet",
    "interpol",
    "nato",
];

/// How much a piece of typing evidence is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// A guess from the shape of the name.
    Weak,
    /// Context words around the name.
    Context,
    /// Lexicon, head word or title.
    Strong,
}

impl Strength {
    fn confidence(self) -> f32 {
        match self {
            Self::Weak => 0.5,
            Self::Context => 0.75,
            Self::Strong => 0.9,
        }
    }
}

/// A mention being built.
#[derive(Debug, Clone)]
struct Candidate {
    tokens: Range<usize>,
    sentence: usize,
    entity_type: EntityType,
    strength: Strength,
    rule: &'static str,
    /// Sentence-initial common word: dropped unless the document supports it.
    uncertain: bool,
    /// Defined as a work, product or language ("X is an album"): dropped, and so are the
    /// weakly typed mentions of the same name.
    work: bool,
}

/// The built-in recogniser: capitalisation, lexicons, head words and context rules.
#[derive(Debug, Clone, Copy)]
pub struct RuleRecogniser {
    lexicon: &'static Lexicon,
}

impl Default for RuleRecogniser {
    fn default() -> Self {
        Self::new(Lexicon::embedded())
    }
}

impl RuleRecogniser {
    /// A recogniser using `lexicon`.
    pub fn new(lexicon: &'static Lexicon) -> Self {
        Self { lexicon }
    }
}

impl Recogniser for RuleRecogniser {
    fn name(&self) -> &'static str {
        "rules"
    }

    fn recognise(&self, text: &str, segmented: &Segmented) -> Recognition {
        let mut pass = Pass {
            text,
            tokens: &segmented.tokens,
            lexicon: self.lexicon,
            folds: &segmented.folds,
            quotes: Vec::new(),
        };
        pass.quotes = (0..segmented.tokens.len())
            .filter(|&i| pass.is_quote(i))
            .collect();
        let mut candidates = Vec::new();
        for (index, sentence) in segmented.sentences.iter().enumerate() {
            pass.sentence(index, sentence.tokens.clone(), &mut candidates);
        }
        let aliases = pass.alias_links(&mut candidates);
        pass.document_consistency(&mut candidates);
        pass.finish(candidates, aliases)
    }
}

/// One run of the recogniser over one text.
struct Pass<'a> {
    text: &'a str,
    tokens: &'a [Token],
    lexicon: &'a Lexicon,
    folds: &'a Folds,
    /// The tokens that are double quotation marks, in order.
    quotes: Vec<usize>,
}

impl<'a> Pass<'a> {
    fn word(&self, i: usize) -> &'a str {
        self.tokens[i].span.of(self.text)
    }

    /// The [folded](crate::lexicon::fold) text of token `i`.
    fn fold_of(&self, i: usize) -> &'a str {
        self.folds.of(i)
    }

    /// Whether token `i` is in `set`.
    fn listed(&self, set: &PhraseSet, i: usize) -> bool {
        set.contains_folded(self.fold_of(i))
    }

    /// Calls `f` with the [folded](crate::lexicon::fold) text of a token range. An ASCII range is put
    /// together from its tokens' folds, one space where the text has any (only spaces
    /// separate tokens); another is folded afresh.
    fn with_folded_range<R>(&self, range: Range<usize>, f: impl FnOnce(&str) -> R) -> R {
        if range.len() == 1 {
            return f(self.fold_of(range.start));
        }
        const SHORT: usize = 64;
        let text = self.joined(range.clone());
        if text.len() <= SHORT && text.is_ascii() {
            // No longer than the text: each token keeps its length, each gap shrinks.
            let mut buffer = [0; SHORT];
            let mut len = 0;
            for i in range.clone() {
                if i > range.start && self.tokens[i - 1].span.end < self.tokens[i].span.start {
                    buffer[len] = b' ';
                    len += 1;
                }
                let word = self.fold_of(i).as_bytes();
                buffer[len..len + word.len()].copy_from_slice(word);
                len += word.len();
            }
            if let Ok(folded) = std::str::from_utf8(&buffer[..len]) {
                return f(folded);
            }
        }
        with_folded(text, f)
    }

    /// Whether the words of a token range are in `set`.
    fn listed_range(&self, set: &PhraseSet, range: Range<usize>) -> bool {
        self.with_folded_range(range, |folded| set.contains_folded(folded))
    }

    /// The best place the words of a token range name, if any.
    fn place(&self, range: Range<usize>) -> Option<&'a Place> {
        let lexicon = self.lexicon;
        self.with_folded_range(range, |folded| lexicon.place_folded(folded))
    }

    /// The folded text of a token range.
    fn folded(&self, range: Range<usize>) -> Cow<'a, str> {
        if range.len() == 1 {
            Cow::Borrowed(self.fold_of(range.start))
        } else {
            Cow::Owned(self.with_folded_range(range, str::to_owned))
        }
    }

    /// The text of a token range, from its first token to its last.
    fn joined(&self, range: Range<usize>) -> &'a str {
        Span::new(
            self.tokens[range.start].span.start,
            self.tokens[range.end - 1].span.end,
        )
        .of(self.text)
    }

    fn is_capitalised(&self, i: usize) -> bool {
        let token = &self.tokens[i];
        let word = self.word(i);
        matches!(token.kind, TokenKind::Word | TokenKind::Abbreviation)
            && (word.chars().next().is_some_and(char::is_uppercase) || Self::is_digit_code(word))
    }

    /// "6PR", "3AW": digits then capital letters, like a station's call sign.
    fn is_digit_code(word: &str) -> bool {
        word.starts_with(|c: char| c.is_ascii_digit())
            && word.chars().filter(char::is_ascii_uppercase).count() >= 2
            && !word.chars().any(char::is_lowercase)
    }

    fn is_all_caps(&self, i: usize) -> bool {
        is_all_caps(self.word(i))
    }

    fn is_lower_word(&self, i: usize, words: &[&str]) -> bool {
        self.tokens[i].kind == TokenKind::Word && words.contains(&self.word(i))
    }

    /// Finds the chunks of one sentence and turns them into candidates.
    fn sentence(&self, sentence: usize, range: Range<usize>, out: &mut Vec<Candidate>) {
        let first_word = range
            .clone()
            .find(|&i| self.tokens[i].kind != TokenKind::Punct)
            .unwrap_or(range.start);
        let mut i = range.start;
        while i < range.end {
            if !self.is_capitalised(i) {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            loop {
                if end < range.end
                    && self.adjacent(end - 1, end)
                    && (self.is_capitalised(end) || self.joins_number(end))
                {
                    end += 1;
                } else if let Some(place_end) = self.and_place_end(i, end, range.end) {
                    // "Bosnia and Herzegovina": a known place with "and" in its name.
                    end = place_end;
                } else if let Some(org_end) = self.and_org_end(i, end, range.end) {
                    // "Department of Physics and Astronomy", "Community and Technical
                    // College": common words joined by "and" inside one organisation.
                    end = org_end;
                } else if end + 1 < range.end
                    && self.word(end) == "&"
                    && self.is_capitalised(end + 1)
                    && self.adjacent(end - 1, end + 1)
                    && !self.listed(&self.lexicon.given_names, i)
                    && !self.listed(&self.lexicon.given_names, end + 1)
                {
                    // "Pierpont Community & Technical College", not "Karl Langdon & Harvey
                    // Deegan".
                    end += 2;
                } else if end + 1 < range.end && self.is_lower_word(end, PARTICLES) {
                    let law_year = self.word(end) == "of"
                        && self.tokens[end + 1].kind == TokenKind::Number
                        && self.listed(&self.lexicon.law_heads, end - 1);
                    let of_the = self.word(end) == "of"
                        && self.word(end + 1) == "the"
                        && end + 2 < range.end
                        && self.is_capitalised(end + 2);
                    // "Testimony on August 4": a date after a particle is not part of a name.
                    let date = self.listed(&self.lexicon.time_words, end + 1);
                    if law_year || (self.is_capitalised(end + 1) && !date) {
                        end += 2;
                    } else if of_the {
                        end += 3;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            // "the Huallaga river", "Barker pond": a lower-case feature word ends the name.
            if end < range.end
                && self.tokens[end].kind == TokenKind::Word
                && self.listed(&self.lexicon.feature_words, end)
                && self.word(end).starts_with(char::is_lowercase)
                && self.place(i..end).is_none_or(|p| p.kind == PlaceKind::City)
            {
                end += 1;
            }
            // "the 82nd Airborne Division": an ordinal before a unit's name belongs to it.
            let start = if i > range.start
                && self.is_ordinal(i - 1)
                && self.adjacent(i - 1, i)
                && self.has_org_head(i..end)
            {
                i - 1
            } else {
                i
            };
            self.chunk(sentence, start..end, start == first_word, out);
            i = end;
        }
    }

    /// "82nd", "3rd", "65th", "62d": digits and an ordinal ending.
    fn is_ordinal(&self, i: usize) -> bool {
        let word = self.word(i);
        let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        digits > 0 && matches!(&word[digits..], "st" | "nd" | "rd" | "th" | "d")
    }

    /// A number that continues a name ("Barrio 18"), but not a date ("August 4").
    fn joins_number(&self, i: usize) -> bool {
        self.tokens[i].kind == TokenKind::Number
            && !self.word(i).contains([',', '.'])
            && !self.listed(&self.lexicon.time_words, i - 1)
    }

    /// If `start..end` then "and" then one or two capitalised words make a known place,
    /// where that place ends.
    fn and_place_end(&self, start: usize, end: usize, limit: usize) -> Option<usize> {
        if end + 1 >= limit || self.word(end) != "and" || !self.is_capitalised(end + 1) {
            return None;
        }
        (end + 2..=(end + 3).min(limit))
            .rev()
            .find(|&e| (end + 1..e).all(|j| self.is_capitalised(j)) && self.is_place_name(start..e))
    }

    /// If `start..end` then "and" then capitalised words make one organisation's name,
    /// where that name ends: after "X of Y" when the words after "and" are common words
    /// ("Department of Physics and Astronomy", not "University of Texas and Oklahoma"), or
    /// before a head word when the word before "and" is a common word ("Community and
    /// Technical College", "Computer Fraud and Abuse Act", not "Portland and Ogdensburg
    /// Railroad" or "Morning News and Houston Post").
    fn and_org_end(&self, start: usize, end: usize, limit: usize) -> Option<usize> {
        if end + 1 >= limit
            || self.word(end) != "and"
            || !self.is_capitalised(end + 1)
            || !self.adjacent(end - 1, end + 1)
        {
            return None;
        }
        let mut after = end + 1;
        while after < limit && self.is_capitalised(after) && self.adjacent(after - 1, after) {
            after += 1;
        }
        let joined = end + 1..after;
        let of_common_words = self.org_head_before_particle(start..end)
            && joined.clone().all(|i| self.is_plain_word(i));
        let common_before_head = !self.has_head(start..end)
            && self.is_plain_word(end - 1)
            && self.is_plain_word(end + 1)
            && (self.has_org_head(joined.clone())
                || (joined.len() > 1 && self.listed(&self.lexicon.law_heads, after - 1)));
        (of_common_words || common_before_head).then_some(after)
    }

    /// Whether two tokens are separated by nothing but spaces on one line.
    fn adjacent(&self, a: usize, b: usize) -> bool {
        let gap = &self.text[self.tokens[a].span.end..self.tokens[b].span.start];
        !gap.contains('\n')
    }

    /// Trims, splits and types one chunk.
    fn chunk(&self, sentence: usize, range: Range<usize>, initial: bool, out: &mut Vec<Candidate>) {
        let mut start = range.start;
        let end = range.end;
        let mut initial = initial;
        // "... from A Beautiful Lie": a capital article mid-sentence starts a title.
        if !initial && end - start > 1 && matches!(self.word(start), "A" | "An") {
            return;
        }
        // Leading function words and dates ("The", "In", "June").
        while start < end {
            let time_word = self.listed(&self.lexicon.time_words, start);
            let is_date =
                time_word && (start + 1 == end || self.tokens[start + 1].kind == TokenKind::Number);
            let is_function =
                self.listed(&self.lexicon.function_words, start) || (start + 1 < end && time_word);
            let droppable = (is_function || is_date) && !self.is_all_caps(start);
            if !(droppable || self.is_particle(start)) {
                break;
            }
            start += 1;
            initial = false;
        }
        // Trailing particles left over ("X of" can not happen, but numbers alone can).
        let end = self.trim_end(start, end);
        if start >= end {
            return;
        }
        // "In 1944 Barbara McClintock": a leading number is not part of the name.
        if self.tokens[start].kind == TokenKind::Number {
            return self.chunk(sentence, start + 1..end, false, out);
        }
        // "Specialist Group of the British Computer Society", "Vancouver Canucks of the
        // PCHL": two names when what follows "of the" has a head word of its own or is an
        // acronym ("Army of the Potomac" stays whole).
        if let Some(of) = (start + 1..end.saturating_sub(2)).find(|&i| {
            self.word(i) == "of"
                && self.word(i + 1) == "the"
                && (self.has_head(i + 2..end)
                    || (i > start + 1 && i + 3 == end && self.is_all_caps(i + 2)))
        }) {
            self.chunk(sentence, start..of, false, out);
            return self.chunk(sentence, of + 2..end, false, out);
        }
        // "Oakland Athletics of Major League Baseball": a team, then its league.
        if let Some(of) = (start + 2..end.saturating_sub(1))
            .find(|&i| self.word(i) == "of" && self.is_team_name(start..i))
        {
            self.chunk(sentence, start..of, false, out);
            return self.chunk(sentence, of + 1..end, false, out);
        }
        let title = if self.has_head(start..end) {
            None
        } else {
            self.title_end(start, end)
        };
        if let Some(person_start) = title {
            self.title_prefix(sentence, start, person_start, out);
            let after = person_start;
            if after < end && self.is_particle(after) {
                // "President of El Salvador": a position, not a person; keep what follows.
                if after + 1 < end {
                    self.chunk(sentence, after + 1..end, false, out);
                }
            } else if after + 1 == end && self.listed(&self.lexicon.function_words, after) {
                // "Doctor Who": a title and a function word is a work's name, not a person.
            } else if after < end {
                let entity_type = if self.has_head(after..end) {
                    self.type_of(after..end).0
                } else {
                    EntityType::Person
                };
                out.push(self.candidate(
                    sentence,
                    after..end,
                    entity_type,
                    Strength::Strong,
                    "title",
                ));
            }
            return;
        }
        // "Engineer John Greiner", "Senior Kory Smith": a common word or adjective before a
        // given name and a surname describes the person and is not part of the name.
        if end - start > 2
            && self.is_capitalised(start + 1)
            && self.listed(&self.lexicon.given_names, start + 1)
            && !self.listed(&self.lexicon.common_words, start + 1)
            && (self.is_plain_word(start) || self.is_misc_shaped(start))
            && !self.is_particle(start + 2)
            && !self.has_head(start..end)
        {
            return self.chunk(sentence, start + 1..end, false, out);
        }
        // "Attended James High School", "Redesignated 65 Air Division": a sentence-initial
        // verb form before a name is not part of it.
        if initial && end - start > 1 && self.is_initial_verb(start) {
            return self.chunk(sentence, start + 1..end, false, out);
        }
        if initial && self.is_common_word(start) && !self.has_head(start..end) {
            if start + 1 == end {
                let mut candidate = self.typed(sentence, start..end);
                candidate.uncertain = true;
                out.push(candidate);
                return;
            }
            return self.chunk(sentence, start + 1..end, false, out);
        }
        // "World Champion", "Writing Fellow", "U.S. Senator": a role, not a name; a place
        // before it is kept ("Anne Fellow" is a person).
        if end - start > 1
            && self.listed(&self.lexicon.person_roles, end - 1)
            && !self.listed(&self.lexicon.given_names, start)
            && !self.has_head(start..end)
        {
            let common_word = end - start == 2 && self.is_plain_word(start);
            if self.is_place_name(start..end - 1) && !common_word {
                out.push(self.candidate(
                    sentence,
                    start..end - 1,
                    EntityType::Place,
                    Strength::Strong,
                    "gazetteer",
                ));
            }
            return;
        }
        // "Bangladesh Liberation War", "Siege of Petersburg": events, places and all.
        if self.is_event(start..end) {
            return;
        }
        // A lone demonym ("Venezuelan", "Germans") is not a mention; one before another
        // name goes unless it is part of an organisation's name ("American Airlines").
        if self.is_demonym_like(start) && !self.is_place_name(start..end) {
            if start + 1 == end {
                return;
            }
            // "Russian Empire", "Swiss Alps" keep the demonym too.
            // "American League" keeps it too.
            let head = self.listed(&self.lexicon.place_heads, end - 1)
                || self.listed(&self.lexicon.org_heads, end - 1);
            if !self.has_org_head(start + 1..end) && !head {
                return self.chunk(sentence, start + 1..end, false, out);
            }
        }
        // "US Republican Party": a country before a longer name is a mention of its own.
        if let Some(split) = self.country_prefix(start, end) {
            out.push(self.candidate(
                sentence,
                start..split,
                EntityType::Place,
                Strength::Strong,
                "gazetteer",
            ));
            return self.chunk(sentence, split..end, false, out);
        }
        // "Rubio of Florida": a name without head word, then "of" and a place.
        if let Some(of) = (start + 1..end).find(|&i| self.word(i) == "of")
            && !self.has_head(start..of)
            && !self.is_place_name(start..end)
            && !self.listed_range(&self.lexicon.org_prefixes, start..of + 1)
            && !self.place_prefix_of(start..end)
            && self.is_place_name(of + 1..end)
        {
            self.chunk(sentence, start..of, false, out);
            return self.chunk(sentence, of + 1..end, false, out);
        }
        // "F-86 Sabre", "P-38 Lightning": a model code and a model name.
        if end - start > 1 && self.is_model_code(start) {
            return;
        }
        // "CD", "KO", "A.C.": common abbreviations and initials are not names.
        if start + 1 == end && self.is_non_name_abbreviation(start) {
            return;
        }
        let mut candidate = self.typed(sentence, start..end);
        // "Baby Turpentine" in quotes is a song or a book, unless the name is known.
        if candidate.strength < Strength::Strong && self.is_quoted(start..end) {
            return;
        }
        // "Anarchy in Tokyo", "Made in Miami": part of a quoted title is not a mention.
        if self.in_quoted_title(start..end) {
            return;
        }
        // "Zqwerty is the second album by ...": a work, here and elsewhere in the document.
        if candidate.strength < Strength::Strong
            && self.is_subject(start)
            && self.definition(end) == Some(Defined::Work)
        {
            candidate.uncertain = true;
            candidate.work = true;
            out.push(candidate);
            return;
        }
        // "Man of Vision", "Game of the Century": an unknown name with a particle and no
        // head word is mostly a title or an award; only kept when the document supports it.
        if candidate.rule == "name-with-particle" {
            candidate.uncertain = true;
        }
        // "Phase 1", "Top 100": common words and a number name a step or a list.
        if candidate.rule == "name-with-number"
            && (start..end)
                .all(|i| self.tokens[i].kind == TokenKind::Number || self.is_plain_word(i))
        {
            candidate.uncertain = true;
        }
        if candidate.rule == "single-name" && !initial {
            // An unknown single word with no evidence at all mid-sentence: only kept when
            // the rest of the document supports it (a sentence's subject is kept).
            candidate.uncertain = true;
        }
        if candidate.strength == Strength::Weak && start + 1 == end {
            // "Victorian", "Cyrillic": a lone adjective or language, not a mention.
            if self.is_misc_shaped(start) {
                return;
            }
            // "the Resistance", "a Milepost": a common word capitalised mid-sentence is
            // only kept when the rest of the document supports it.
            let name_like_word =
                candidate.rule == "known-name" && self.listed(&self.lexicon.common_words, start);
            if self.is_common_word(start) || self.is_plain_word(start) || name_like_word {
                candidate.uncertain = true;
            }
        }
        out.push(candidate);
    }

    /// A listed common abbreviation ("CD", "DJ") or a dotted one- or two-letter initial
    /// ("A.C.") that is not a known place.
    fn is_non_name_abbreviation(&self, i: usize) -> bool {
        let word = self.word(i);
        if self.place(i..i + 1).is_some() {
            return false;
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        (self.is_all_caps(i) && self.listed(&self.lexicon.common_acronyms, i))
            || (self.tokens[i].kind == TokenKind::Abbreviation
                && word.contains('.')
                && letters <= 2
                && word.chars().all(|c| c == '.' || c.is_uppercase()))
    }

    /// Whether token `i` is a double quotation mark (a punctuation token of its own).
    fn is_quote(&self, i: usize) -> bool {
        self.tokens[i].kind == TokenKind::Punct && matches!(self.word(i), "\"" | "“" | "”")
    }

    /// Whether the name is wrapped in quotation marks.
    fn is_quoted(&self, range: Range<usize>) -> bool {
        let quote = |i: usize| self.is_quote(i);
        range.start > 0
            && range.end < self.tokens.len()
            && quote(range.start - 1)
            && quote(range.end)
    }

    /// Whether the name is part, not all, of a quoted title of several words: every word
    /// between the quotation marks is capitalised or a short function word.
    fn in_quoted_title(&self, range: Range<usize>) -> bool {
        const WITHIN: usize = 12;
        let quote = |i: usize| self.is_quote(i);
        // The last quotation mark before the name and the first after it, if near.
        let after = self.quotes.partition_point(|&q| q < range.start);
        let open = after
            .checked_sub(1)
            .map(|q| self.quotes[q])
            .filter(|&q| q >= range.start.saturating_sub(WITHIN));
        let first_after = self.quotes.partition_point(|&q| q < range.end);
        let close = self
            .quotes
            .get(first_after)
            .copied()
            .filter(|&q| q < self.tokens.len().min(range.end + WITHIN));
        let (Some(open), Some(close)) = (open, close) else {
            return false;
        };
        if !self.adjacent(open, close) {
            return false;
        }
        let inside = open + 1..close;
        let mut words = 0;
        let title_cased = inside.clone().all(|i| match self.tokens[i].kind {
            TokenKind::Word | TokenKind::Abbreviation => {
                words += 1;
                self.is_capitalised(i)
                    || matches!(
                        self.word(i),
                        "a" | "an"
                            | "the"
                            | "of"
                            | "in"
                            | "on"
                            | "to"
                            | "for"
                            | "and"
                            | "or"
                            | "at"
                            | "by"
                            | "with"
                            | "from"
                    )
            }
            TokenKind::Number | TokenKind::Possessive => true,
            TokenKind::Punct => !quote(i) && !matches!(self.word(i), "." | "," | "!" | "?"),
        });
        // "The Phantom Horns" in quotes is the whole name, not part of a title.
        let whole = inside.end == range.end
            && (inside.start == range.start
                || (inside.start + 1 == range.start
                    && matches!(self.word(inside.start), "The" | "A" | "An")));
        title_cased && words >= 2 && !whole
    }

    /// "F-86", "EC-130": capital letters, a hyphen and digits.
    fn is_model_code(&self, i: usize) -> bool {
        let word = self.word(i);
        word.split_once('-').is_some_and(|(letters, digits)| {
            !letters.is_empty()
                && letters.chars().all(|c| c.is_ascii_uppercase())
                && !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
        })
    }

    /// A demonym ("Salvadoran") or a language, religion or people ("Hindu", "Cyrillic").
    fn is_demonym_like(&self, i: usize) -> bool {
        let folded = self.fold_of(i);
        self.lexicon.demonym_country_folded(folded).is_some()
            || (self.lexicon.misc_words.contains_folded(folded) && !self.is_all_caps(i))
    }

    /// A single unknown word shaped like an adjective or a people noun ("Ilocano" is not,
    /// "Victorian", "Slavic", "Goan" are): listed, or ending in -ish, -ese, -ian, -ic.
    fn is_misc_shaped(&self, i: usize) -> bool {
        let folded = self.fold_of(i);
        if self.is_all_caps(i)
            || self.lexicon.given_names.contains_folded(folded)
            || self.lexicon.surnames.contains_folded(folded)
        {
            return false;
        }
        self.is_demonym_like(i)
            || (folded.len() > 4
                && ["ish", "ese", "ian", "ians", "ic", "ics"]
                    .iter()
                    .any(|s| folded.ends_with(s)))
    }

    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && (self.is_particle(end - 1) || self.word(end - 1) == "the") {
            end -= 1;
        }
        // "Spring 2007", "NASCAR 2002": a trailing year is a date, not part of the name
        // (a law's year stays: "Act of 1798", "Water Act 2000").
        if end > start + 1
            && self.is_year(end - 1)
            && self.word(end - 2) != "of"
            && !self.listed(&self.lexicon.law_heads, end - 2)
        {
            end -= 1;
        }
        end
    }

    fn is_year(&self, i: usize) -> bool {
        let word = self.word(i);
        self.tokens[i].kind == TokenKind::Number
            && word.len() == 4
            && word
                .parse::<u32>()
                .is_ok_and(|year| (1000..=2100).contains(&year))
    }

    fn is_particle(&self, i: usize) -> bool {
        self.is_lower_word(i, PARTICLES)
    }

    /// A past or present participle listed as a common word ("Attended", "Playing"), but
    /// not one that starts names ("United").
    fn is_initial_verb(&self, i: usize) -> bool {
        let folded = self.fold_of(i);
        folded.len() > 5
            && (folded.ends_with("ed") || folded.ends_with("ing"))
            && folded != "united"
            && self.lexicon.common_words.contains_folded(folded)
            && !self.lexicon.given_names.contains_folded(folded)
            && !self.lexicon.org_heads.contains_folded(folded)
            && self.lexicon.place_folded(folded).is_none()
    }

    /// Whether a capitalised word is probably a common word capitalised only because it
    /// starts the sentence: listed as common, or shaped like an adverb or verb form.
    fn is_common_word(&self, i: usize) -> bool {
        let word = self.word(i);
        let folded = self.fold_of(i);
        let inflected = folded.len() > 5 && ["ly", "ed", "ing"].iter().any(|s| folded.ends_with(s));
        // "Sudden-death", "Top-prize": a compound with a lower-case part.
        let lower_compound = word
            .split('-')
            .skip(1)
            .any(|part| part.starts_with(char::is_lowercase));
        (self.lexicon.common_words.contains_folded(folded) || inflected || lower_compound)
            && !self.lexicon.given_names.contains_folded(folded)
            && self.lexicon.place_folded(folded).is_none()
            && self.lexicon.demonym_country_folded(folded).is_none()
            && !self.is_all_caps(i)
    }

    /// A town, state or region (not a country) from the gazetteer.
    fn is_town(&self, i: usize) -> bool {
        self.place(i..i + 1)
            .is_some_and(|p| p.kind != PlaceKind::Country)
    }

    /// "Boston Braves", "Montreal Crystals": a big town or a state, then a plural that is
    /// no one's name.
    fn is_team_name(&self, range: Range<usize>) -> bool {
        let last = self.word(range.end - 1);
        let big_town = self.place(range.start..range.start + 1).is_some_and(|p| {
            p.kind == PlaceKind::Subdivision
                || (p.kind == PlaceKind::City && p.population >= 100_000)
        });
        big_town
            && range.len() > 1
            && last.ends_with('s')
            && !last.ends_with("ss")
            && !self.listed(&self.lexicon.surnames, range.end - 1)
            && !self.listed(&self.lexicon.given_names, range.end - 1)
    }

    /// A common lower-case word that is not also a name ("Records", "Social", not "Rose").
    fn is_plain_word(&self, i: usize) -> bool {
        self.lexicon.is_ordinary_word(self.fold_of(i)) && !self.is_all_caps(i)
    }

    fn is_place_name(&self, range: Range<usize>) -> bool {
        !range.is_empty() && self.place(range).is_some()
    }

    /// The length of the longest title starting at token `i`, if any.
    fn title_at(&self, i: usize, end: usize) -> Option<usize> {
        (1..=3)
            .rev()
            .find(|&len| i + len <= end && self.listed_range(&self.lexicon.titles, i..i + len))
    }

    /// If the chunk holds a title ("Security Minister", "President") followed by more
    /// tokens, the index of the first token after the last title.
    fn title_end(&self, start: usize, end: usize) -> Option<usize> {
        let mut found = None;
        let mut i = start;
        while i < end {
            match self.title_at(i, end) {
                Some(len) => {
                    found = Some(i + len);
                    i += len;
                }
                None => i += 1,
            }
        }
        found.filter(|&after| after < end)
    }

    /// What comes before a title: a place ("US President"), an organisation ("FBI
    /// Director"), or modifiers ("Security Minister", "Salvadoran President") that go.
    fn title_prefix(
        &self,
        sentence: usize,
        start: usize,
        title_end: usize,
        out: &mut Vec<Candidate>,
    ) {
        let title_start = (start..title_end)
            .find(|&i| self.title_at(i, title_end).is_some())
            .unwrap_or(title_end);
        let mut prefix_start = start;
        while prefix_start < title_start
            && self
                .lexicon
                .demonym_country_folded(self.fold_of(prefix_start))
                .is_some()
        {
            prefix_start += 1;
        }
        if prefix_start >= title_start {
            return;
        }
        let prefix = prefix_start..title_start;
        if self.is_place_name(prefix.clone()) {
            out.push(self.candidate(
                sentence,
                prefix,
                EntityType::Place,
                Strength::Strong,
                "gazetteer",
            ));
        } else if (prefix.len() == 1 && self.is_all_caps(prefix.start))
            || self.has_org_head(prefix.clone())
        {
            out.push(self.candidate(
                sentence,
                prefix,
                EntityType::Organization,
                Strength::Context,
                "org-before-title",
            ));
        }
    }

    /// If the chunk starts with a country or region followed by at least two more name
    /// tokens, where the prefix ends.
    fn country_prefix(&self, start: usize, end: usize) -> Option<usize> {
        if self.is_place_name(start..end) {
            return None;
        }
        (1..=3)
            .filter(|len| start + len + 2 <= end)
            .find_map(|len| {
                let place = self.place(start..start + len)?;
                let is_country = matches!(place.kind, PlaceKind::Country | PlaceKind::Region);
                // "Fiji Labour Party", "Iceland Air Defense Force": a spelled-out country
                // starts the organisation's own name; an abbreviation ("US Republican
                // Party") only says where it is.
                let abbreviation = len == 1 && is_abbreviation_shaped(self.word(start));
                let own_name = !abbreviation && self.has_org_head(start + len..end);
                (is_country && !own_name && !self.is_particle(start + len)).then_some(start + len)
            })
    }

    fn has_head(&self, range: Range<usize>) -> bool {
        let last = range.end - 1;
        self.has_org_head(range.clone())
            || self.listed(&self.lexicon.law_heads, last)
            || self.listed(&self.lexicon.place_heads, last)
            || self.tokens[range.end - 1].kind == TokenKind::Number
    }

    fn has_org_head(&self, range: Range<usize>) -> bool {
        if range.is_empty() {
            return false;
        }
        let last = range.end - 1;
        (self.listed(&self.lexicon.org_heads, last)
            && (range.len() > 1 || INSTITUTIONS.contains(&self.fold_of(last))))
            || self.org_head_before_particle(range.clone())
            || self.org_prefix(range)
    }

    /// "Commission on Human Rights": an organisation head right before a particle.
    fn org_head_before_particle(&self, range: Range<usize>) -> bool {
        range
            .clone()
            .skip(1)
            .any(|i| self.is_particle(i) && self.listed(&self.lexicon.org_heads, i - 1))
            || range.clone().skip(1).any(|i| {
                // "Centre for Strategic Studies" is an organisation, not a building.
                self.word(i) == "for" && self.listed(&self.lexicon.place_heads, i - 1)
            })
    }

    /// "University of X" (a listed two-word prefix) or "FC X" (a listed first word).
    fn org_prefix(&self, range: Range<usize>) -> bool {
        let prefixes = &self.lexicon.org_prefixes;
        (range.len() > 2 && self.listed_range(prefixes, range.start..range.start + 2))
            || (range.len() > 1 && self.listed(prefixes, range.start))
    }

    /// "City of Brampton", "Grand Duchy of Poznań": a listed "X of" before more words.
    fn place_prefix_of(&self, range: Range<usize>) -> bool {
        (range.start + 1..range.end - 1)
            .find(|&i| self.word(i) == "of")
            .is_some_and(|of| self.listed_range(&self.lexicon.place_prefixes, range.start..of + 1))
    }

    fn is_event(&self, range: Range<usize>) -> bool {
        !self.has_head(range.clone())
            && (range
                .clone()
                .any(|i| self.listed(&self.lexicon.event_heads, i))
                || self.is_holiday(range))
    }

    /// "Memorial Day", "Remembrance Sunday": a name ending in a day, not a person's.
    fn is_holiday(&self, range: Range<usize>) -> bool {
        let last = self.word(range.end - 1);
        range.len() > 1
            && (last == "Day" || self.listed(&self.lexicon.time_words, range.end - 1))
            && !self.listed(&self.lexicon.given_names, range.start)
    }

    fn candidate(
        &self,
        sentence: usize,
        tokens: Range<usize>,
        entity_type: EntityType,
        strength: Strength,
        rule: &'static str,
    ) -> Candidate {
        Candidate {
            tokens,
            sentence,
            entity_type,
            strength,
            rule,
            uncertain: false,
            work: false,
        }
    }

    fn typed(&self, sentence: usize, range: Range<usize>) -> Candidate {
        let (entity_type, strength, rule) = self.type_of(range.clone());
        self.candidate(sentence, range, entity_type, strength, rule)
    }

    /// The type of a trimmed chunk, with the strength of the evidence and the rule.
    fn type_of(&self, range: Range<usize>) -> (EntityType, Strength, &'static str) {
        use EntityType::{Law, Organization, Person, Place};
        let lexicon = self.lexicon;
        let place = self.place(range.clone());
        let len = range.len();
        let first = self.word(range.start);
        // "played for Footscray", "signed with Coburg", "joined Java Jazz": a club or band.
        if self.after_org_verb(range.start)
            && !self.listed(&lexicon.given_names, range.start)
            && place.is_none_or(|p| p.kind == PlaceKind::City)
        {
            return (Organization, Strength::Context, "org-verb");
        }
        // "University of Texas" is also a census place: an organisation prefix wins.
        if let Some(place) =
            place.filter(|p| p.kind != PlaceKind::City || !self.org_prefix(range.clone()))
        {
            if len == 1 && place.kind == PlaceKind::City {
                let folded = self.fold_of(range.start);
                // "Police", "Enterprise", "Best": towns named like common words.
                if self.is_plain_word(range.start) {
                    return (Place, Strength::Weak, "gazetteer-common-word");
                }
                // "Anderson", "Norton": smaller towns named like people; a person in the
                // document with that name wins.
                let person_name = lexicon.surnames.contains_folded(folded)
                    || lexicon.given_names.contains_folded(folded);
                if person_name && place.population < 500_000 {
                    return (Place, Strength::Context, "gazetteer-person-name");
                }
            }
            return (Place, Strength::Strong, "gazetteer");
        }
        let ends_in_year = self.tokens[range.end - 1].kind == TokenKind::Number
            && range.len() > 2
            && self.word(range.end - 2) == "of";
        if len > 1
            && (self.listed(&lexicon.law_heads, range.end - 1)
                || (ends_in_year && self.listed(&lexicon.law_heads, range.end - 3))
                || (len > 2
                    && self.is_year(range.end - 1)
                    && self.listed(&lexicon.law_heads, range.end - 2)))
        {
            return (Law, Strength::Strong, "law-head");
        }
        if self.has_org_head(range.clone()) {
            return (Organization, Strength::Strong, "org-head");
        }
        if len > 1 && self.listed(&lexicon.place_heads, range.end - 1) {
            return (Place, Strength::Strong, "place-head");
        }
        if len > 1
            && (self.listed(&lexicon.place_prefixes, range.start)
                || self.place_prefix_of(range.clone()))
        {
            return (Place, Strength::Strong, "place-prefix");
        }
        // "West Seattle", "Old Goa", "East Germany": a direction or age before a place.
        if len > 1
            && COMPASS.contains(&self.fold_of(range.start))
            && self.is_place_name(range.start + 1..range.end)
        {
            return (Place, Strength::Strong, "direction-and-place");
        }
        let has_digit = range
            .clone()
            .any(|i| self.word(i).chars().any(|c| c.is_ascii_digit()));
        let has_particle = range.clone().any(|i| self.is_particle(i));
        // "the band Van Canto", "the label Marie Records": a lower-case organisation noun
        // right before the name outweighs a given name in it.
        if range.start > 0
            && self.tokens[range.start - 1].kind == TokenKind::Word
            && self.word(range.start - 1).starts_with(char::is_lowercase)
            && self.listed(&lexicon.org_nouns, range.start - 1)
        {
            return (Organization, Strength::Context, "org-noun");
        }
        // "Herman Miller is an American company", "Jesus Jones is an English rock band":
        // a definition that names another kind outweighs a given name.
        if let Some(defined) = self
            .definition_type(range.end)
            .filter(|(entity_type, ..)| *entity_type != Person)
        {
            return defined;
        }
        if (2..=4).contains(&len)
            && self.listed(&lexicon.given_names, range.start)
            && !has_digit
            && !range.clone().any(|i| self.is_all_caps(i))
            && self.place(range.end - 1..range.end).is_none()
            && !self.is_place_name(range.start..range.start + 2)
            && !self.is_plain_word(range.end - 1)
            && !self.is_team_name(range.clone())
        {
            return (Person, Strength::Strong, "given-name");
        }
        if let Some(context) = self.context_type(range.clone()) {
            return context;
        }
        // "the Falcons", "the Stands": a capitalised plural after "the" is a team or band.
        let previous = range.start.checked_sub(1).map(|i| self.word(i));
        if len == 1
            && previous == Some("the")
            && first.len() > 3
            && first.ends_with('s')
            && !first.ends_with("ss")
            && !self.is_all_caps(range.start)
            && !self.is_demonym_like(range.start)
        {
            return (Organization, Strength::Context, "the-plural");
        }
        if len == 1 && self.is_all_caps(range.start) {
            return (Organization, Strength::Weak, "acronym");
        }
        if has_digit {
            // "Highway 301", "Route 66": a road and its number.
            if (2..=3).contains(&len)
                && self.tokens[range.end - 1].kind == TokenKind::Number
                && self.listed(&lexicon.place_heads, range.end - 2)
            {
                return (Place, Strength::Context, "numbered-road");
            }
            return (Organization, Strength::Weak, "name-with-number");
        }
        if len > 1 {
            if has_particle {
                return (Organization, Strength::Weak, "name-with-particle");
            }
            // "Perth Glory", "Sacramento River Cats": a town and a name is a team or firm.
            // "South Bridgton", "North Zqtown": a direction and a name is a place.
            if len == 2 && COMPASS[..9].contains(&self.fold_of(range.start)) {
                return (Place, Strength::Weak, "direction-and-name");
            }
            let town_first =
                self.is_town(range.start) && !self.listed(&lexicon.given_names, range.start);
            if town_first
                || self.is_team_name(range.clone())
                || (len > 2 && self.is_place_name(range.start..range.start + 2))
            {
                return (Organization, Strength::Weak, "place-then-name");
            }
            // "Food Records", "Social Credit": a person's name is not made of common words.
            if (range.start + 1..range.end).any(|i| self.is_plain_word(i)) {
                return (Organization, Strength::Weak, "name-with-common-word");
            }
            return (Person, Strength::Weak, "name-shape");
        }
        if previous.is_some_and(|p| PLACE_PREPOSITIONS.contains(&p)) {
            return (Place, Strength::Weak, "after-preposition");
        }
        if self.listed(&lexicon.given_names, range.start)
            || self.listed(&lexicon.surnames, range.start)
        {
            return (Person, Strength::Weak, "known-name");
        }
        (Organization, Strength::Weak, "single-name")
    }
}

/// Whether `word` is written in capitals: two letters or more, none lower-case ("NATO",
/// "SOCCER").
fn is_all_caps(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// Whether `word` is written as an abbreviation ("US", "U.S."): a country so written
/// before an organisation says where it is and is not part of its name ("US | Republican
/// Party", but "Fiji Labour Party").
pub(crate) fn is_abbreviation_shaped(word: &str) -> bool {
    is_all_caps(word) || word.contains('.')
}

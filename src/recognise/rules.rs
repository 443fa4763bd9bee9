//! The rule and lexicon recogniser.
//!
//! 1. **Chunk**: runs of capitalised tokens, joined by name particles ("Tren *de*
//!    Aragua", "Commission *on* Human Rights"), numbers ("Barrio 18") and law years
//!    ("Act *of* 1798").
//! 2. **Trim and split** each chunk: leading function words and dates go; titles go and
//!    mark a person ("Argentine Security Minister | Patricia Bullrich"); a country before a
//!    longer name is its own mention ("US | Republican Party"); "X of Place" splits when X
//!    has no head word; a sentence-initial common word ("Footage", "Prisoners") is only
//!    kept when the rest of the document supports it.
//! 3. **Type** from the strongest evidence: gazetteer, head words (Act, Party, Prison),
//!    given names, context nouns ("the town of X", "X gang", "X administration"), then the
//!    shape of the name.
//! 4. **Document pass**: weakly typed mentions take the type of a strongly typed mention
//!    of the same name, or of the person whose surname they are; aliases stated by the
//!    text ("Centre – or CECOT", "(IACHR)") share their long form's type.

use super::{AliasLink, Mention, Recogniser, Recognition};
use crate::entity_type::EntityType;
use crate::lexicon::{Lexicon, PlaceKind, fold};
use crate::segment::{Segmented, Token, TokenKind};
use crate::span::Span;
use std::collections::HashMap;
use std::ops::Range;

/// Lower-case words that may join the capitalised parts of one name.
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "des", "di", "do", "dos", "du", "for",
    "ibn", "la", "las", "le", "los", "of", "on", "upon", "van", "von", "y",
];

/// Words before a single unknown name that suggest a place.
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "from", "near", "to", "into", "across", "outside"];

/// Single organisation head words that name an institution on their own.
const INSTITUTIONS: &[&str] = &["congress", "parliament", "senate", "cabinet", "interpol", "nato"];

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
        let pass = Pass {
            text,
            tokens: &segmented.tokens,
            lexicon: self.lexicon,
        };
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
}

impl<'a> Pass<'a> {
    fn word(&self, i: usize) -> &'a str {
        self.tokens[i].span.of(self.text)
    }

    fn folded(&self, range: Range<usize>) -> String {
        fold(&self.joined(range))
    }

    /// The text of a token range, with single spaces between tokens that had space.
    fn joined(&self, range: Range<usize>) -> String {
        Span::new(self.tokens[range.start].span.start, self.tokens[range.end - 1].span.end)
            .of(self.text)
            .to_owned()
    }

    fn is_capitalised(&self, i: usize) -> bool {
        let token = &self.tokens[i];
        matches!(token.kind, TokenKind::Word | TokenKind::Abbreviation)
            && self.word(i).chars().next().is_some_and(char::is_uppercase)
    }

    fn is_all_caps(&self, i: usize) -> bool {
        let word = self.word(i);
        word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !word.chars().any(char::is_lowercase)
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
                if end < range.end && self.is_capitalised(end) && self.adjacent(end - 1, end) {
                    end += 1;
                } else if end < range.end
                    && self.tokens[end].kind == TokenKind::Number
                    && self.adjacent(end - 1, end)
                    && !self.word(end).contains([',', '.'])
                {
                    end += 1;
                } else if end + 1 < range.end && self.is_lower_word(end, PARTICLES) {
                    let law_year = self.word(end) == "of"
                        && self.tokens[end + 1].kind == TokenKind::Number
                        && self.lexicon.law_heads.contains(self.word(end - 1));
                    let of_the = self.word(end) == "of"
                        && self.word(end + 1) == "the"
                        && end + 2 < range.end
                        && self.is_capitalised(end + 2);
                    if law_year || self.is_capitalised(end + 1) {
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
            self.chunk(sentence, i..end, i == first_word, out);
            i = end;
        }
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
        // Leading function words and dates ("The", "In", "June").
        while start < end {
            let word = self.word(start);
            let is_date = self.lexicon.time_words.contains(word)
                && (start + 1 == end || self.tokens[start + 1].kind == TokenKind::Number);
            let is_function = self.lexicon.function_words.contains(word)
                || (start + 1 < end && self.lexicon.time_words.contains(word));
            let droppable = (is_function || is_date) && !self.is_all_caps(start);
            if !(droppable || self.is_particle(start)) {
                break;
            }
            start += 1;
            initial = false;
        }
        // Trailing particles left over ("X of" can not happen, but numbers alone can).
        let end = self.trim_end(start, end);
        if start >= end || self.tokens[start].kind == TokenKind::Number {
            return;
        }
        let title = if self.has_head(start..end) { None } else { self.title_end(start, end) };
        if let Some(person_start) = title {
            self.title_prefix(sentence, start, person_start, out);
            let after = person_start;
            if after < end && self.is_particle(after) {
                // "President of El Salvador": a position, not a person; keep what follows.
                if after + 1 < end {
                    self.chunk(sentence, after + 1..end, false, out);
                }
            } else if after < end {
                let entity_type = if self.has_head(after..end) {
                    self.type_of(sentence, after..end).0
                } else {
                    EntityType::Person
                };
                out.push(self.candidate(sentence, after..end, entity_type, Strength::Strong, "title"));
            }
            return;
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
        // A lone demonym ("Venezuelan", "Germans") is not a mention; one before another
        // name goes unless it is part of an organisation's name ("American Airlines").
        if self.lexicon.demonym_country(self.word(start)).is_some() && !self.is_place_name(start..end) {
            if start + 1 == end {
                return;
            }
            if !self.has_org_head(start + 1..end) {
                return self.chunk(sentence, start + 1..end, false, out);
            }
        }
        // "US Republican Party": a country before a longer name is a mention of its own.
        if let Some(split) = self.country_prefix(start, end) {
            out.push(self.candidate(sentence, start..split, EntityType::Place, Strength::Strong, "gazetteer"));
            return self.chunk(sentence, split..end, false, out);
        }
        // "Rubio of Florida": a name without head word, then "of" and a place.
        if let Some(of) = (start + 1..end).find(|&i| self.word(i) == "of")
            && !self.has_head(start..of)
            && !self.is_place_name(start..end)
            && !self.lexicon.org_prefixes.contains(&self.joined(start..of + 1))
            && self.is_place_name(of + 1..end)
        {
            self.chunk(sentence, start..of, false, out);
            return self.chunk(sentence, of + 1..end, false, out);
        }
        if self.is_event(start..end) {
            return;
        }
        out.push(self.typed(sentence, start..end));
    }

    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && (self.is_particle(end - 1) || self.word(end - 1) == "the") {
            end -= 1;
        }
        end
    }

    fn is_particle(&self, i: usize) -> bool {
        self.is_lower_word(i, PARTICLES)
    }

    /// Whether a capitalised word is probably a common word capitalised only because it
    /// starts the sentence: listed as common, or shaped like an adverb or verb form.
    fn is_common_word(&self, i: usize) -> bool {
        let word = self.word(i);
        let folded = fold(word);
        let inflected = folded.len() > 5 && ["ly", "ed", "ing"].iter().any(|s| folded.ends_with(s));
        (self.lexicon.common_words.contains_folded(&folded) || inflected)
            && !self.lexicon.given_names.contains_folded(&folded)
            && self.lexicon.place(word).is_none()
            && self.lexicon.demonym_country(word).is_none()
            && !self.is_all_caps(i)
    }

    fn is_place_name(&self, range: Range<usize>) -> bool {
        !range.is_empty() && self.lexicon.place(&self.joined(range)).is_some()
    }

    /// The length of the longest title starting at token `i`, if any.
    fn title_at(&self, i: usize, end: usize) -> Option<usize> {
        (1..=3)
            .rev()
            .find(|&len| i + len <= end && self.lexicon.titles.contains(&self.joined(i..i + len)))
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
    fn title_prefix(&self, sentence: usize, start: usize, title_end: usize, out: &mut Vec<Candidate>) {
        let title_start = (start..title_end)
            .find(|&i| self.title_at(i, title_end).is_some())
            .unwrap_or(title_end);
        let mut prefix_start = start;
        while prefix_start < title_start && self.lexicon.demonym_country(self.word(prefix_start)).is_some() {
            prefix_start += 1;
        }
        if prefix_start >= title_start {
            return;
        }
        let prefix = prefix_start..title_start;
        if self.is_place_name(prefix.clone()) {
            out.push(self.candidate(sentence, prefix, EntityType::Place, Strength::Strong, "gazetteer"));
        } else if (prefix.len() == 1 && self.is_all_caps(prefix.start)) || self.has_org_head(prefix.clone()) {
            out.push(self.candidate(sentence, prefix, EntityType::Organization, Strength::Context, "org-before-title"));
        }
    }

    /// If the chunk starts with a country or region followed by at least two more name
    /// tokens, where the prefix ends.
    fn country_prefix(&self, start: usize, end: usize) -> Option<usize> {
        if self.is_place_name(start..end) {
            return None;
        }
        (1..=3).filter(|len| start + len + 2 <= end).find_map(|len| {
            let place = self.lexicon.place(&self.joined(start..start + len))?;
            let is_country = matches!(place.kind, PlaceKind::Country | PlaceKind::Region);
            (is_country && !self.is_particle(start + len)).then_some(start + len)
        })
    }

    fn has_head(&self, range: Range<usize>) -> bool {
        let last = self.word(range.end - 1);
        self.has_org_head(range.clone())
            || self.lexicon.law_heads.contains(last)
            || self.lexicon.place_heads.contains(last)
            || self.tokens[range.end - 1].kind == TokenKind::Number
    }

    fn has_org_head(&self, range: Range<usize>) -> bool {
        if range.is_empty() {
            return false;
        }
        let last = self.word(range.end - 1);
        (self.lexicon.org_heads.contains(last) && (range.len() > 1 || INSTITUTIONS.contains(&fold(last).as_str())))
            || self.org_head_before_particle(range.clone())
            || self.org_prefix(range)
    }

    /// "Commission on Human Rights": an organisation head right before a particle.
    fn org_head_before_particle(&self, range: Range<usize>) -> bool {
        range
            .clone()
            .skip(1)
            .any(|i| self.is_particle(i) && self.lexicon.org_heads.contains(self.word(i - 1)))
            || range.clone().skip(1).any(|i| {
                // "Centre for Strategic Studies" is an organisation, not a building.
                self.word(i) == "for" && self.lexicon.place_heads.contains(self.word(i - 1))
            })
    }

    fn org_prefix(&self, range: Range<usize>) -> bool {
        range.len() > 2 && self.lexicon.org_prefixes.contains(&self.joined(range.start..range.start + 2))
    }

    fn is_event(&self, range: Range<usize>) -> bool {
        !self.has_head(range.clone())
            && range.clone().any(|i| self.lexicon.event_heads.contains(self.word(i)))
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
        }
    }

    fn typed(&self, sentence: usize, range: Range<usize>) -> Candidate {
        let (entity_type, strength, rule) = self.type_of(sentence, range.clone());
        self.candidate(sentence, range, entity_type, strength, rule)
    }

    /// The type of a trimmed chunk, with the strength of the evidence and the rule.
    fn type_of(&self, _sentence: usize, range: Range<usize>) -> (EntityType, Strength, &'static str) {
        use EntityType::{Law, Organization, Person, Place};
        let lexicon = self.lexicon;
        let name = self.joined(range.clone());
        let len = range.len();
        let last = self.word(range.end - 1);
        let first = self.word(range.start);
        if lexicon.place(&name).is_some() {
            return (Place, Strength::Strong, "gazetteer");
        }
        let ends_in_year = self.tokens[range.end - 1].kind == TokenKind::Number
            && range.len() > 2
            && self.word(range.end - 2) == "of";
        if len > 1 && (lexicon.law_heads.contains(last) || (ends_in_year && lexicon.law_heads.contains(self.word(range.end - 3)))) {
            return (Law, Strength::Strong, "law-head");
        }
        if self.has_org_head(range.clone()) {
            return (Organization, Strength::Strong, "org-head");
        }
        if len > 1 && lexicon.place_heads.contains(last) {
            return (Place, Strength::Strong, "place-head");
        }
        if len > 1 && lexicon.place_prefixes.contains(first) {
            return (Place, Strength::Strong, "place-prefix");
        }
        let has_digit = range.clone().any(|i| self.word(i).chars().any(|c| c.is_ascii_digit()));
        let has_particle = range.clone().any(|i| self.is_particle(i));
        if (2..=4).contains(&len)
            && lexicon.given_names.contains(first)
            && !has_digit
            && !range.clone().any(|i| self.is_all_caps(i))
            && lexicon.place(last).is_none()
        {
            return (Person, Strength::Strong, "given-name");
        }
        if let Some(context) = self.context_type(range.clone()) {
            return context;
        }
        if len == 1 && self.is_all_caps(range.start) {
            return (Organization, Strength::Weak, "acronym");
        }
        if has_digit {
            return (Organization, Strength::Weak, "name-with-number");
        }
        if len > 1 {
            return if has_particle {
                (Organization, Strength::Weak, "name-with-particle")
            } else {
                (Person, Strength::Weak, "name-shape")
            };
        }
        let previous = range.start.checked_sub(1).map(|i| self.word(i));
        if previous.is_some_and(|p| PLACE_PREPOSITIONS.contains(&p)) {
            return (Place, Strength::Weak, "after-preposition");
        }
        if lexicon.given_names.contains(first) || lexicon.surnames.contains(first) {
            return (Person, Strength::Weak, "known-name");
        }
        (Organization, Strength::Weak, "single-name")
    }

    /// Types from the words around the chunk.
    fn context_type(&self, range: Range<usize>) -> Option<(EntityType, Strength, &'static str)> {
        let lexicon = self.lexicon;
        let before = |n: usize| range.start.checked_sub(n).map(|i| fold(self.word(i)));
        let after = self.tokens.get(range.end).map(|t| fold(t.span.of(self.text)));
        // "the town of X", "the capital, X" is left to relations.
        if before(1).as_deref() == Some("of") && before(2).is_some_and(|w| lexicon.place_nouns.contains_folded(&w)) {
            return Some((EntityType::Place, Strength::Strong, "place-noun"));
        }
        if let Some(word) = &after {
            if lexicon.person_nouns.contains_folded(word) {
                return Some((EntityType::Person, Strength::Context, "person-noun"));
            }
            if lexicon.org_nouns.contains_folded(word) {
                return Some((EntityType::Organization, Strength::Context, "org-noun"));
            }
        }
        if let Some(word) = before(1) {
            if lexicon.org_nouns.contains_folded(&word) {
                return Some((EntityType::Organization, Strength::Context, "org-noun"));
            }
            if lexicon.titles.contains_folded(&word) {
                return Some((EntityType::Person, Strength::Context, "lowercase-title"));
            }
        }
        None
    }

    /// Links "Long Name (ACR)" and "Long Name – or ACR", typing the short form like the
    /// long one.
    fn alias_links(&self, candidates: &mut [Candidate]) -> Vec<(usize, usize, &'static str)> {
        let mut links = Vec::new();
        for short in 1..candidates.len() {
            let long = short - 1;
            let (l, s) = (&candidates[long], &candidates[short]);
            if l.sentence != s.sentence || s.tokens.len() != 1 || !self.is_all_caps(s.tokens.start) || l.tokens.len() < 2 {
                continue;
            }
            let between: Vec<&str> = (l.tokens.end..s.tokens.start).map(|i| self.word(i)).collect();
            let rule = match between.as_slice() {
                ["("] if self.word(s.tokens.end.min(self.tokens.len() - 1)) == ")" => "acronym-in-parentheses",
                ["–" | "—" | "-" | ",", "or"] | ["or"] => "acronym-after-or",
                _ => continue,
            };
            let acronym = self.word(s.tokens.start);
            let initials: Vec<char> = self
                .joined(l.tokens.clone())
                .split(|c: char| !c.is_alphanumeric())
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_uppercase)
                .collect();
            if !acronym.chars().next().is_some_and(|c| initials.contains(&c)) {
                continue;
            }
            let (entity_type, strength) = (l.entity_type, l.strength);
            let s = &mut candidates[short];
            s.entity_type = entity_type;
            s.strength = strength.max(Strength::Context);
            s.rule = rule;
            links.push((short, long, rule));
        }
        links
    }

    /// Weak and uncertain candidates take the type of strong ones with the same name, or
    /// of the person whose surname or given name they are; unsupported uncertain ones go.
    fn document_consistency(&self, candidates: &mut [Candidate]) {
        let mut best: HashMap<String, (Strength, EntityType)> = HashMap::new();
        let mut person_parts: HashMap<String, usize> = HashMap::new();
        for c in candidates.iter().filter(|c| !c.uncertain) {
            let key = self.folded(c.tokens.clone());
            let entry = best.entry(key).or_insert((c.strength, c.entity_type));
            if c.strength > entry.0 {
                *entry = (c.strength, c.entity_type);
            }
            if c.entity_type == EntityType::Person && c.tokens.len() > 1 {
                for part in [c.tokens.start, c.tokens.end - 1] {
                    *person_parts.entry(fold(self.word(part))).or_default() += 1;
                }
            }
        }
        for c in candidates.iter_mut() {
            let key = self.folded(c.tokens.clone());
            if let Some(&(strength, entity_type)) = best.get(&key)
                && (strength > c.strength || (c.uncertain && strength >= Strength::Context))
            {
                c.entity_type = entity_type;
                c.strength = strength.min(Strength::Context);
                c.rule = "same-name-in-document";
                c.uncertain = false;
            } else if c.tokens.len() == 1 && c.strength < Strength::Strong && person_parts.contains_key(&key) {
                c.entity_type = EntityType::Person;
                c.strength = Strength::Context;
                c.rule = "part-of-person-name";
                c.uncertain = false;
            }
        }
    }

    fn finish(&self, candidates: Vec<Candidate>, links: Vec<(usize, usize, &'static str)>) -> Recognition {
        let mut index = vec![None; candidates.len()];
        let mut mentions = Vec::new();
        for (i, c) in candidates.into_iter().enumerate() {
            if c.uncertain {
                continue;
            }
            index[i] = Some(mentions.len());
            mentions.push(Mention {
                span: Span::new(self.tokens[c.tokens.start].span.start, self.tokens[c.tokens.end - 1].span.end),
                entity_type: c.entity_type,
                sentence: c.sentence,
                rule: c.rule,
                confidence: c.strength.confidence(),
            });
        }
        let aliases = links
            .into_iter()
            .filter_map(|(short, long, rule)| Some(AliasLink { short: index[short]?, long: index[long]?, rule }))
            .collect();
        Recognition { mentions, aliases }
    }
}

//! Names listed as examples of a kind: "gangs including MS-13 and Barrio 18", "cities
//! such as Kraków, Warsaw and Gdańsk", "Barclays, HSBC and other banks".
//!
//! A plural noun of a kind the lexicon types (an organisation noun such as "gangs" or
//! "banks", a place noun such as "cities", a role such as "singers") introduces a list
//! with "including", "such as", "like", "especially", "notably", "particularly" or
//! "namely", or closes one with "and other" / "or other" (Hearst's patterns). Each name of
//! the list is of that kind: a name the tagger typed otherwise is retyped, one it found
//! only in part ("Barrio" of "Barrio 18") or not at all is added. A name is a run of
//! capitalised words, with numbers after them ("Barrio 18") and "of", "de", "&" between
//! them ("Bank of America"); a few lower-case words before it ("the dreaded MS-13") are
//! skipped, and anything else ends the list. As with sports results, a country, region
//! or subdivision listed among organisations ("teams such as Brazil") stays a place.

use crate::entity_type::EntityType;
use crate::lexicon::{Lexicon, PlaceKind};
use crate::recognise::Mention;
use crate::segment::{Segmented, TokenKind};
use crate::span::Span;
use std::ops::Range;

/// The rule name of a mention typed or added here.
const RULE: &str = "tagger-lists";

/// How sure a listed name is.
const CONFIDENCE: f32 = 0.8;

/// The most words a listed name may have.
const MAX_NAME_WORDS: usize = 6;

/// The most lower-case words skipped before a listed name ("the dreaded").
const MAX_SKIPPED: usize = 2;

/// Words after a kind that introduce its examples.
fn is_introducer(fold: &str) -> bool {
    matches!(
        fold,
        "including" | "like" | "especially" | "notably" | "particularly" | "namely"
    )
}

/// Kinds of people the roles of the lexicon leave out.
fn is_person_kind(singular: &str) -> bool {
    matches!(
        singular,
        "guest" | "leader" | "neighbour" | "neighbor" | "person" | "personality" | "witness"
    )
}

/// Lower-case words inside a name, between capitalised ones ("Bank of America", "Tren de
/// Aragua"); "&" too, but not between people ("David Christison & Lee Tate" are two).
fn is_connector(word: &str, kind: EntityType) -> bool {
    matches!(word, "of" | "de" | "del" | "la" | "du" | "von" | "van")
        || (word == "&" && kind != EntityType::Person)
}

/// The kind a plural noun names, by the singular forms the lexicon lists ("gangs",
/// "churches", "cities").
fn kind_of(lexicon: &Lexicon, plural: &str) -> Option<EntityType> {
    let kind = |singular: &str| {
        if lexicon.org_nouns.contains_folded(singular) {
            Some(EntityType::Organization)
        } else if lexicon.place_nouns.contains_folded(singular) {
            Some(EntityType::Place)
        } else if lexicon.person_roles.contains_folded(singular) || is_person_kind(singular) {
            Some(EntityType::Person)
        } else {
            None
        }
    };
    kind(plural.strip_suffix('s')?)
        .or_else(|| plural.strip_suffix("es").and_then(kind))
        .or_else(|| {
            let stem = plural.strip_suffix("ies")?;
            kind(&format!("{stem}y"))
        })
}

/// The tokens of one sentence, read for lists.
struct Sentence<'a> {
    text: &'a str,
    segmented: &'a Segmented,
    tokens: Range<usize>,
    lexicon: &'a Lexicon,
}

impl Sentence<'_> {
    fn word(&self, i: usize) -> &str {
        self.segmented.tokens[i].span.of(self.text)
    }

    fn fold(&self, i: usize) -> &str {
        self.segmented.folds.get(i).unwrap_or("")
    }

    fn kind(&self, i: usize) -> TokenKind {
        self.segmented.tokens[i].kind
    }

    fn capitalised(&self, i: usize) -> bool {
        matches!(self.kind(i), TokenKind::Word | TokenKind::Abbreviation)
            && self.word(i).starts_with(char::is_uppercase)
    }

    /// Whether the token at `i` separates two names of a list ("&" only between people:
    /// it joins the words of an organisation's name).
    fn separator(&self, i: usize, kind: EntityType) -> bool {
        matches!(self.fold(i), "," | "and" | "or" | ";")
            || (self.fold(i) == "&" && kind == EntityType::Person)
    }

    /// The kind of the list that an introducer at `i` opens: the plural noun just
    /// before it, or before a comma, a dash or a bracket just before it.
    fn kind_before(&self, i: usize) -> Option<EntityType> {
        let mut noun = i.checked_sub(1).filter(|&n| n >= self.tokens.start)?;
        if matches!(self.word(noun), "," | "-" | "–" | "—" | "(") {
            noun = noun.checked_sub(1).filter(|&n| n >= self.tokens.start)?;
        }
        // Lower case, or capitalised as a sentence's first word ("Lenders, including").
        let lower = self.word(noun).starts_with(char::is_lowercase);
        if self.kind(noun) != TokenKind::Word || !(lower || noun == self.tokens.start) {
            return None;
        }
        kind_of(self.lexicon, self.fold(noun))
    }

    /// The name of a list of `kind` that starts at `i`, skipping a few lower-case words
    /// before it: its tokens. A name with a possessive after it is not listed itself
    /// ("bands, including Rudy Vallee's"): none.
    fn name_from(&self, i: usize, kind: EntityType) -> Option<Range<usize>> {
        let mut start = i;
        while start < self.tokens.end
            && start - i < MAX_SKIPPED
            && self.kind(start) == TokenKind::Word
            && self.word(start).starts_with(char::is_lowercase)
            && !self.separator(start, kind)
            && !is_introducer(self.fold(start))
            && (self.fold(start) == "the"
                || !self
                    .lexicon
                    .function_words
                    .contains_folded(self.fold(start)))
        {
            start += 1;
        }
        // "The Ramones": a name's "the" stays outside it, as everywhere.
        if start + 1 < self.tokens.end && self.fold(start) == "the" && self.capitalised(start + 1) {
            start += 1;
        }
        // "In 2018": a closed-class word is capitalised only where a sentence starts.
        if start >= self.tokens.end
            || !self.capitalised(start)
            || self
                .lexicon
                .function_words
                .contains_folded(self.fold(start))
        {
            return None;
        }
        let mut end = start + 1;
        while end < self.tokens.end && end - start < MAX_NAME_WORDS {
            if self.capitalised(end)
                || (self.kind(end) == TokenKind::Number && self.capitalised(end - 1))
            {
                end += 1;
            } else if is_connector(self.word(end), kind)
                && end + 1 < self.tokens.end
                && self.capitalised(end + 1)
            {
                end += 2;
            } else {
                break;
            }
        }
        let possessed = end < self.tokens.end && self.kind(end) == TokenKind::Possessive;
        (!possessed).then_some(start..end)
    }

    /// The names of the list of `kind` that the introducer at `i` opens, in order.
    fn names_after(&self, i: usize, kind: EntityType) -> Vec<Range<usize>> {
        let mut names = Vec::new();
        let mut at = i + 1;
        while let Some(name) = self.name_from(at, kind) {
            at = name.end;
            names.push(name);
            // ", and", "and", ",": one separator or two.
            let mut separators = 0;
            while at < self.tokens.end && self.separator(at, kind) && separators < 2 {
                at += 1;
                separators += 1;
            }
            if separators == 0 {
                break;
            }
        }
        names
    }

    /// The list that "and other" or "or other" at `i` (the "and") closes, with its kind:
    /// "Barclays, HSBC and other banks". The names are capitalised runs joined by
    /// commas, read backwards from the "and".
    fn names_before(&self, i: usize) -> Option<(EntityType, Vec<Range<usize>>)> {
        if i + 2 >= self.tokens.end || self.fold(i + 1) != "other" {
            return None;
        }
        // "and other banks", "and other criminal gangs".
        let kind = (i + 2..(i + 4).min(self.tokens.end))
            .take_while(|&j| self.word(j).starts_with(char::is_lowercase))
            .find_map(|j| kind_of(self.lexicon, self.fold(j)))?;
        let mut names = Vec::new();
        let mut end = i;
        loop {
            let mut start = end;
            while start > self.tokens.start
                && end - start < MAX_NAME_WORDS
                && (self.capitalised(start - 1)
                    || (self.kind(start - 1) == TokenKind::Number
                        && start - 1 > self.tokens.start
                        && self.capitalised(start - 2)))
            {
                start -= 1;
            }
            // A sentence's first word is capitalised whatever it is: alone, it must be no
            // ordinary word.
            let ordinary = start == self.tokens.start
                && end - start == 1
                && (self
                    .lexicon
                    .function_words
                    .contains_folded(self.fold(start))
                    || self.lexicon.common_words.contains_folded(self.fold(start)));
            if start == end || ordinary {
                break;
            }
            names.push(start..end);
            if start > self.tokens.start + 1 && self.word(start - 1) == "," {
                end = start - 1;
            } else {
                break;
            }
        }
        names.reverse();
        Some((kind, names))
    }

    /// Every list of the sentence: its kind and its names.
    fn lists(&self) -> Vec<(EntityType, Vec<Range<usize>>)> {
        let mut lists = Vec::new();
        for i in self.tokens.clone() {
            let fold = self.fold(i);
            let introducer = if fold == "as" && i > self.tokens.start && self.fold(i - 1) == "such"
            {
                Some(i - 1)
            } else if is_introducer(fold) {
                Some(i)
            } else {
                None
            };
            if let Some(kind) = introducer.and_then(|at| self.kind_before(at)) {
                let names = self.names_after(i, kind);
                if !names.is_empty() {
                    lists.push((kind, names));
                }
            } else if matches!(fold, "and" | "or")
                && let Some((kind, names)) = self.names_before(i)
                && !names.is_empty()
            {
                lists.push((kind, names));
            }
        }
        lists
    }
}

/// The type a listed name takes in a list of `kind`, given what the tagger typed it as
/// (`tagged`: the type of the first mention inside it, if any) and whether "the" comes
/// before it: a country, region or subdivision listed among organisations stays a place,
/// and a group listed among people is an organisation, known by its "the" ("singers like
/// the Ramones") or by the tagger's type unless it starts with a given name ("Glen
/// Campbell").
fn listed_type(
    lexicon: &Lexicon,
    kind: EntityType,
    name: &str,
    tagged: Option<EntityType>,
    after_the: bool,
) -> EntityType {
    let place_kind = lexicon.place(name).map(|place| place.kind);
    if kind == EntityType::Person && after_the {
        return EntityType::Organization;
    }
    match (kind, place_kind, tagged) {
        (
            EntityType::Organization,
            Some(PlaceKind::Country | PlaceKind::Region | PlaceKind::Subdivision),
            _,
        ) => EntityType::Place,
        (EntityType::Person, _, Some(EntityType::Organization))
            if !name
                .split(' ')
                .next()
                .is_some_and(|first| lexicon.given_names.contains(first)) =>
        {
            EntityType::Organization
        }
        _ => kind,
    }
}

/// The tokens of a person's name without the codes and ranks in capitals before it
/// ("PW1 HC Mukesh Kumar", a witness's number and rank in a judgment: "Mukesh Kumar").
fn without_codes(sentence: &Sentence<'_>, mut name: Range<usize>) -> Range<usize> {
    let code = |i: usize| {
        let word = sentence.word(i);
        word.chars().any(|c| c.is_ascii_digit())
            || (word.len() > 1 && word.chars().all(|c| c.is_uppercase() || c == '.'))
    };
    while code(name.start) && (name.start + 1..name.end).any(|i| !code(i)) {
        name.start += 1;
    }
    name
}

/// Whether the listed words are a name of ours: not a nationality or a language
/// ("British", "Hindi"), and, alone, no ordinary word ("Face") and no abbreviation
/// ("Smt", "M"; a short name in capitals, "RSS", is one).
fn is_name(sentence: &Sentence<'_>, name: &Range<usize>, words: &str) -> bool {
    let lexicon = sentence.lexicon;
    if lexicon.demonym_country(words).is_some() || lexicon.misc_words.contains(words) {
        return false;
    }
    if name.len() > 1 {
        return true;
    }
    let capitals = words
        .chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit());
    let short = words.chars().count() <= 3;
    !(lexicon
        .common_words
        .contains_folded(sentence.fold(name.start))
        || (short && !capitals)
        || words.chars().count() == 1)
}

/// Types the names that lists of a kind give as its examples in `mentions` (sorted, not
/// overlapping), adding those the tagger left out or found only in part.
pub fn listed_names(
    text: &str,
    segmented: &Segmented,
    mentions: Vec<Mention>,
    lexicon: &Lexicon,
) -> Vec<Mention> {
    let tokens = &segmented.tokens;
    let mut changes: Vec<Mention> = Vec::new();
    for (index, sentence) in segmented.sentences.iter().enumerate() {
        let sentence = Sentence {
            text,
            segmented,
            tokens: sentence.tokens.clone(),
            lexicon,
        };
        for (kind, names) in sentence.lists() {
            for mut name in names {
                if kind == EntityType::Person {
                    name = without_codes(&sentence, name);
                    name = super::without_titles(name, 0, text, segmented, lexicon);
                }
                let span = Span::new(tokens[name.start].span.start, tokens[name.end - 1].span.end);
                let words = span.of(text);
                if !is_name(&sentence, &name, words) {
                    continue;
                }
                let after_the = name.start > 0 && sentence.fold(name.start - 1) == "the";
                let first = mentions.partition_point(|m| m.span.start < span.start);
                let tagged = mentions[first..]
                    .first()
                    .filter(|m| span.contains(m.span))
                    .map(|m| m.entity_type);
                changes.push(Mention {
                    span,
                    entity_type: listed_type(lexicon, kind, words, tagged, after_the),
                    sentence: index,
                    rule: RULE,
                    confidence: CONFIDENCE,
                });
            }
        }
    }
    if changes.is_empty() {
        return mentions;
    }
    // One list may read a name another read in part ("Bank of America" and, before "and
    // other", "America"): the first kept, so that no two overlap.
    changes.sort_by_key(|m| m.span);
    let mut end = 0;
    changes.retain(|name| {
        let apart = name.span.start >= end;
        if apart {
            end = name.span.end;
        }
        apart
    });
    // The mentions that overlap `span` (sorted and apart, so their ends are in order).
    let overlapping = |span: Span| {
        let first = mentions.partition_point(|m| m.span.end <= span.start);
        first
            ..mentions
                .partition_point(|m| m.span.start < span.end)
                .max(first)
    };
    // A listed name replaces the mentions inside it; one that a mention crosses (a name
    // the tagger read further, "MS-13 and Barrio 18" as one) is left as the tagger read it.
    changes.retain(|name| {
        mentions[overlapping(name.span)]
            .iter()
            .all(|m| name.span.contains(m.span))
    });
    let mut replaced = vec![false; mentions.len()];
    for name in &changes {
        replaced[overlapping(name.span)].fill(true);
    }
    let mut kept: Vec<Mention> = mentions
        .into_iter()
        .zip(replaced)
        .filter_map(|(mention, replaced)| (!replaced).then_some(mention))
        .collect();
    kept.extend(changes);
    kept.sort_by_key(|m| m.span);
    kept
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Occurrence, tagged};
    use super::*;
    use crate::segment::segment;

    /// The mentions after `listed_names`, as (text, type), given what the tagger found.
    fn typed(text: &str, found: &[(&str, EntityType)]) -> Vec<(String, EntityType)> {
        let segmented = segment(text);
        let mentions = tagged(text, &segmented, found, Occurrence::First);
        listed_names(text, &segmented, mentions, Lexicon::embedded())
            .into_iter()
            .map(|m| (m.span.of(text).to_owned(), m.entity_type))
            .collect()
    }

    #[test]
    fn names_listed_as_examples_of_a_kind_take_its_type() {
        use EntityType::{Organization as Org, Person, Place};
        // The text, what the tagger found, and the mentions after.
        type Case<'a> = (
            &'a str,
            &'a [(&'a str, EntityType)],
            &'a [(&'a str, EntityType)],
        );
        let cases: &[Case] = &[
            (
                "He purged El Salvador's gangs – including the dreaded MS-13 and Barrio 18 – in 2022.",
                &[("El Salvador", Place), ("Barrio", Place)],
                &[("El Salvador", Place), ("MS-13", Org), ("Barrio 18", Org)],
            ),
            (
                "She toured cities such as Kraków, Warsaw and Gdańsk.",
                &[("Warsaw", Person)],
                &[("Kraków", Place), ("Warsaw", Place), ("Gdańsk", Place)],
            ),
            (
                "Lenders, including Bank of America and Wells Fargo, cut rates.",
                &[("Bank of America", Org)],
                &[("Bank of America", Org), ("Wells Fargo", Org)],
            ),
            (
                "Barclays, HSBC and other banks fell.",
                &[("HSBC", Org)],
                &[("Barclays", Org), ("HSBC", Org)],
            ),
            (
                "He admired singers like Glen Campbell.",
                &[("Glen Campbell", Org)],
                &[("Glen Campbell", Person)],
            ),
            (
                "He admired artists such as the Beatles and Elvis Presley.",
                &[("Beatles", Person)],
                &[("Beatles", Org), ("Elvis Presley", Person)],
            ),
            (
                "Hits by singers like Anne Murray, The Ramones and others.",
                &[("Anne Murray", Org), ("Ramones", Person)],
                &[("Anne Murray", Person), ("Ramones", Org)],
            ),
            (
                "Personalities such as David Christison & Lee Tate spoke.",
                &[],
                &[("David Christison", Person), ("Lee Tate", Person)],
            ),
            (
                "Companies like AT&T, Procter & Gamble and Wachovia hired.",
                &[],
                &[("AT&T", Org), ("Procter & Gamble", Org), ("Wachovia", Org)],
            ),
            (
                "Teams such as Brazil and Leeds entered.",
                &[],
                &[("Brazil", Place), ("Leeds", Org)],
            ),
            // No kind before the introducer, a lower-case list, a mention that crosses
            // the name, a function word after the introducer.
            (
                "Prices rose, including Apple shares.",
                &[("Apple", Org)],
                &[("Apple", Org)],
            ),
            (
                "They sold companies including some in Paris.",
                &[("Paris", Place)],
                &[("Paris", Place)],
            ),
            (
                "Gangs including MS-13 and Barrio 18 grew.",
                &[("MS-13 and Barrio 18", Place)],
                &[("MS-13 and Barrio 18", Place)],
            ),
            ("Parties like to meet.", &[], &[]),
            (
                "Lenders such as Bank of America and other banks lent.",
                &[],
                &[("Bank of America", Org)],
            ),
            (
                "Officers such as Major General Charles Lee and Colonel Henry Knox served.",
                &[],
                &[("Charles Lee", Person), ("Henry Knox", Person)],
            ),
            (
                "Witnesses, namely PW1 HC Mukesh Kumar, Smt and M, were heard.",
                &[],
                &[("Mukesh Kumar", Person)],
            ),
            ("Bands such as British acts and In 2018 none.", &[], &[]),
            (
                "He led big bands, including Rudy Vallee's in 1937.",
                &[("Rudy Vallee", Person)],
                &[("Rudy Vallee", Person)],
            ),
        ];
        for (text, found, expected) in cases {
            let after = typed(text, found);
            let expected: Vec<(String, EntityType)> = expected
                .iter()
                .map(|(name, t)| ((*name).to_owned(), *t))
                .collect();
            assert_eq!(after, expected, "{text}");
        }
    }
}

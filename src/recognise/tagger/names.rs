//! What becomes of the names the tagger decoded: titles before a person's name left out,
//! people read side by side joined, and words that are no names dropped or retyped
//! (contract parties, ordinary words as people, a person's name ending in a street's
//! abbreviation).

use super::tags;
use crate::entity_type::EntityType;
use crate::lexicon::{Lexicon, PlaceKind};
use crate::recognise::Mention;
use crate::recognise::rules::PARTICLES;
use crate::segment::{Segmented, TokenKind};
use crate::span::Span;
use std::ops::Range;

/// Two people the tagger read side by side, a space apart, where the first is a given
/// name alone ("George | Bush said": the model learned "Bush" alone from many sentences)
/// or the second a generation ("James E. King | III"), are one person. Not a list of
/// names without commas ("Gaga Nicki Minaj Beyonce"). `tags` are those of the run
/// starting at token `first`.
pub(super) fn join_adjacent_people(
    tags: &mut [u8],
    first: usize,
    text: &str,
    segmented: &Segmented,
    lexicon: &Lexicon,
) {
    use EntityType::Person;
    use tags::Part::{Begin, Inside, Last, Unit};
    let tokens = &segmented.tokens;
    for i in 1..tags.len() {
        let (left, right) = (first + i - 1, first + i);
        let ends = match tags::parts(tags[i - 1]) {
            Some((Person, Unit))
                if lexicon
                    .given_names
                    .contains_folded(segmented.folds.of(left)) =>
            {
                Begin
            }
            Some((Person, Last | Unit))
                if tags::parts(tags[i]) == Some((Person, Unit))
                    && matches!(segmented.folds.of(right), "ii" | "iii" | "iv" | "jr" | "sr") =>
            {
                if tags::parts(tags[i - 1]) == Some((Person, Unit)) {
                    Begin
                } else {
                    Inside
                }
            }
            _ => continue,
        };
        let starts = match tags::parts(tags[i]) {
            Some((Person, Begin)) => Inside,
            Some((Person, Unit)) => Last,
            _ => continue,
        };
        let (left, right) = (tokens[left], tokens[right]);
        let words = left.kind == TokenKind::Word && right.kind == TokenKind::Word;
        if words && &text[left.span.end..right.span.start] == " " {
            tags[i - 1] = tags::tag(Person, ends);
            tags[i] = tags::tag(Person, starts);
        }
    }
}

/// Whether `fold` is a word that ends a street's name and no surname ("st", "avenue";
/// not "Street" or "Lane").
pub(super) fn is_street_word(fold: &str) -> bool {
    matches!(
        fold.strip_suffix('.').unwrap_or(fold),
        "st" | "ave" | "avenue" | "rd" | "blvd" | "boulevard"
    )
}

/// Whether `fold` names a party to a contract or a deed ("licensor", "borrowers"), which
/// contracts capitalise as defined terms; none is a name.
pub(super) fn is_party_role(fold: &str) -> bool {
    matches!(
        fold.strip_suffix('s').unwrap_or(fold),
        "assignee"
            | "assignor"
            | "borrower"
            | "franchisee"
            | "franchisor"
            | "grantee"
            | "grantor"
            | "guarantor"
            | "indemnitee"
            | "indemnitor"
            | "lender"
            | "lessee"
            | "lessor"
            | "licensee"
            | "licensor"
            | "mortgagee"
            | "mortgagor"
            | "obligee"
            | "obligor"
            | "optionee"
            | "optionor"
            | "pledgee"
            | "pledgor"
            | "sublessee"
            | "sublessor"
            | "sublicensee"
            | "transferee"
            | "transferor"
    )
}

/// Whether token `i` is an ordinary lower-case word written with capitals
/// ([`Lexicon::is_ordinary_word`]) and no name particle ("License", "WARRANTY"; not
/// "Rose", "Bush" or the "Bin" of "Bin Laden"), or an abstract noun by its ending that is
/// no given name or surname ("MERCHANTABILITY", which the common words miss).
pub(super) fn is_plain_word(segmented: &Segmented, lexicon: &Lexicon, i: usize) -> bool {
    let fold = segmented.folds.of(i);
    let abstract_noun = [
        "ability", "ibility", "ation", "ations", "ment", "ments", "ness",
    ]
    .iter()
    .any(|ending| fold.len() > ending.len() + 2 && fold.ends_with(ending))
        && !lexicon.given_names.contains_folded(fold)
        && !lexicon.surnames.contains_folded(fold);
    !PARTICLES.contains(&fold) && (lexicon.is_ordinary_word(fold) || abstract_noun)
}

/// The tokens of a person's name without the titles before it ("President Obama" ->
/// "Obama", "Prime Minister David Cameron" -> "David Cameron"), as the gold conventions
/// have it (some training corpora count titles in): `range` is relative to the run
/// starting at token `first`. A title of up to three words (`data/rules/titles.txt`, as
/// the rule recogniser reads them) may follow capitalised modifiers that are no given
/// name ("Foreign Secretary"); it goes only when a capitalised word of the name follows.
pub(super) fn without_titles(
    mut range: Range<usize>,
    first: usize,
    text: &str,
    segmented: &Segmented,
    lexicon: &Lexicon,
) -> Range<usize> {
    let tokens = &segmented.tokens;
    let is_title = |from: usize, to: usize| {
        let words = Span::new(tokens[from].span.start, tokens[to].span.end);
        lexicon.titles.contains(words.of(text))
    };
    'titles: while range.len() > 1 {
        let start = first + range.start;
        let last = first + range.end - 1;
        for end in start..last.min(start + 3) {
            if !tokens[end + 1]
                .span
                .of(text)
                .starts_with(char::is_uppercase)
            {
                continue;
            }
            let words_from = end.saturating_sub(2).max(start);
            let title = (words_from..=end).find(|&from| is_title(from, end));
            if let Some(title) = title
                && (start..title)
                    .all(|t| !lexicon.given_names.contains_folded(segmented.folds.of(t)))
            {
                range.start = end + 1 - first;
                continue 'titles;
            }
        }
        break;
    }
    range
}

/// `mentions` with every organisation whose name is a country's ("Belgium beat Panama",
/// "Belgium 2 Netherlands 1") typed as the place: a national team is named by its
/// country, and the country is what the graph links (WikiGold types every country name a
/// place; of the training corpora only GUM and the tweets type teams as organisations).
/// Clubs named after towns stay organisations ("Leeds 1 Everton 0").
pub(super) fn countries_as_places(
    text: &str,
    mut mentions: Vec<Mention>,
    lexicon: &Lexicon,
) -> Vec<Mention> {
    for mention in &mut mentions {
        if mention.entity_type == EntityType::Organization
            && lexicon
                .place(mention.span.of(text))
                .is_some_and(|place| place.kind == PlaceKind::Country)
        {
            mention.entity_type = EntityType::Place;
            mention.rule = "country-name";
        }
    }
    mentions
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Occurrence, tagged};
    use super::*;
    use crate::segment::segment;

    #[test]
    fn organisations_named_as_a_country_are_the_country() {
        use EntityType::{Organization as Org, Place};
        // (text, an organisation tagged there, the type it ends with)
        let cases: &[(&str, &str, EntityType)] = &[
            ("Belgium beat Panama 3-0 on Monday.", "Belgium", Place),
            ("Belgium 2 Netherlands 1", "Netherlands", Place),
            ("He spoke in South Korea today.", "South Korea", Place),
            // Clubs named after towns, and other organisations, stay.
            ("Leeds 1 Everton 0", "Leeds", Org),
            ("Barcelona 3 Valencia 1", "Barcelona", Org),
            ("The Bank of England raised rates.", "Bank of England", Org),
        ];
        for (text, name, expected) in cases {
            let segmented = segment(text);
            let mentions = tagged(text, &segmented, &[(name, Org)], Occurrence::First);
            let found = countries_as_places(text, mentions, Lexicon::embedded());
            assert_eq!(found[0].entity_type, *expected, "{text}");
        }
    }
}

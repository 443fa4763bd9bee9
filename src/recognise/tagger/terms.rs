//! Terms a document defines are no names: ordinary words capitalised as a licence or a
//! contract capitalises its defined terms ("Source Code", "Covered Code", "Software").

use super::document::is_prose;
use crate::lexicon::Lexicon;
use crate::recognise::Mention;
use crate::segment::Segmented;
use rustc_hash::FxHashSet;

/// Whether token `i` is an ordinary word or a function word ("of", "the").
fn is_ordinary(segmented: &Segmented, lexicon: &Lexicon, i: usize) -> bool {
    let fold = segmented.folds.of(i);
    lexicon.is_ordinary_word(fold) || lexicon.function_words.contains_folded(fold)
}

/// `mentions` without the names of several ordinary words, found by the tagger, that the
/// document also writes all in lower case in its prose ("Source Code" beside "source
/// code", "Art Gallery" beside "the USI art gallery"): defined terms, not names.
pub(super) fn without_lower_case_phrases(
    text: &str,
    segmented: &Segmented,
    mut mentions: Vec<Mention>,
    lexicon: &Lexicon,
) -> Vec<Mention> {
    let tokens = &segmented.tokens;
    // Only names made of ordinary words: web text writes real names in lower case too
    // ("since fort lee").
    let is_phrase = |m: &Mention| m.rule.starts_with("tagger") && m.span.of(text).contains(' ');
    let phrases: FxHashSet<String> = mentions
        .iter()
        .filter(|m| is_phrase(m))
        .map(|m| segmented.tokens_in(m.span))
        .filter(|range| range.clone().all(|i| is_ordinary(segmented, lexicon, i)))
        .map(|range| segmented.folds.joined(range))
        .collect();
    if phrases.is_empty() {
        return mentions;
    }
    let first_words: FxHashSet<&str> = phrases.iter().filter_map(|p| p.split(' ').next()).collect();
    let longest = phrases
        .iter()
        .map(|p| p.split(' ').count())
        .max()
        .unwrap_or(1);
    let mut lower: FxHashSet<&str> = FxHashSet::default();
    let mut key = String::new();
    for (start, token) in tokens.iter().enumerate() {
        if !first_words.contains(segmented.folds.of(start))
            || !token.span.of(text).starts_with(char::is_lowercase)
            || !is_prose(text, token.span)
        {
            continue;
        }
        // The lower-case words from here, one more at a time.
        key.clear();
        key.push_str(segmented.folds.of(start));
        for (i, next) in tokens
            .iter()
            .enumerate()
            .take(start + longest)
            .skip(start + 1)
        {
            if !next.span.of(text).starts_with(char::is_lowercase) {
                break;
            }
            key.push(' ');
            key.push_str(segmented.folds.of(i));
            if let Some(phrase) = phrases.get(key.as_str()) {
                lower.insert(phrase);
            }
        }
    }
    if !lower.is_empty() {
        mentions.retain(|m| {
            !(is_phrase(m)
                && lower.contains(segmented.folds.joined(segmented.tokens_in(m.span)).as_str()))
        });
    }
    mentions
}

/// `mentions` without the names made of ordinary words that the document defines: the
/// words in quotes before "means" or "shall mean" (\"Covered Code\" means the Original
/// Code, \"Software\" shall mean ...), everywhere in the document. Not a name of other
/// words (\"BeOpen\" means BeOpen.com), and not words in quotes that are not defined.
pub(super) fn without_defined_terms(
    text: &str,
    segmented: &Segmented,
    mut mentions: Vec<Mention>,
    lexicon: &Lexicon,
) -> Vec<Mention> {
    let tokens = &segmented.tokens;
    let is_quote = |i: usize| matches!(tokens[i].span.of(text), "\"" | "“" | "”");
    let mut defined: FxHashSet<String> = FxHashSet::default();
    for close in 1..tokens.len().saturating_sub(1) {
        if !is_quote(close) {
            continue;
        }
        let defines = match segmented.folds.of(close + 1) {
            "means" | "mean" => true,
            "shall" => close + 2 < tokens.len() && segmented.folds.of(close + 2) == "mean",
            _ => false,
        };
        if !defines {
            continue;
        }
        // The opening quote, at most six words back.
        let Some(open) = (close.saturating_sub(7)..close)
            .rev()
            .find(|&i| is_quote(i))
        else {
            continue;
        };
        let words = open + 1..close;
        if !words.is_empty() && words.clone().all(|i| is_ordinary(segmented, lexicon, i)) {
            defined.insert(segmented.folds.joined(words));
        }
    }
    if !defined.is_empty() {
        mentions
            .retain(|m| !defined.contains(&segmented.folds.joined(segmented.tokens_in(m.span))));
    }
    mentions
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Occurrence, tagged};
    use super::*;
    use crate::entity_type::EntityType;
    use crate::segment::segment;

    #[test]
    fn ordinary_words_a_document_defines_are_no_names() {
        use EntityType::{Law, Organization as Org};
        // (text, the name tagged at every occurrence, its type, how many stay)
        let cases: &[(&str, &str, EntityType, usize)] = &[
            (
                "\"Covered Code\" means the Original Code. Copy the Covered Code.",
                "Covered Code",
                Law,
                0,
            ),
            (
                "The \"Software\" shall mean this program. The Software is free.",
                "Software",
                Org,
                0,
            ),
            // A name of other words, or words in quotes not defined, stay.
            (
                "\"BeOpen\" means BeOpen.com. BeOpen grants a licence.",
                "BeOpen",
                Org,
                3,
            ),
            (
                "They call it the \"Source Code\" here. The Source Code is long.",
                "Source Code",
                Law,
                2,
            ),
        ];
        for (text, name, entity_type, count) in cases {
            let segmented = segment(text);
            let mentions = tagged(text, &segmented, &[(name, *entity_type)], Occurrence::Every);
            let kept = without_defined_terms(text, &segmented, mentions, Lexicon::embedded());
            assert_eq!(kept.len(), *count, "{text}: {kept:?}");
        }
    }
}

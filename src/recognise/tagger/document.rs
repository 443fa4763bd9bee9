//! Document-level evidence applied after tagging: one name, one type, everywhere in the
//! document.
//!
//! 1. **Defined acronyms** ("Terrorism Confinement Centre (CECOT)", "Centre – or CECOT",
//!    found by the rules) are names, both forms, and the short form takes the type of
//!    the long form at every occurrence; but not a person made of ordinary words ("Public
//!    License (LGPL)").
//! 2. **One type per name**: every mention of the same text takes the type most of them
//!    have (ties: the more confident, then the earlier).
//! 3. **Every occurrence**: a name tagged somewhere is a mention wherever the same words,
//!    capitalised the same way, stand alone on token boundaries and no other mention
//!    covers them; not a one-word name the document also writes in lower case ("this
//!    License" beside "a license").
//! 4. **No defined terms** ([`terms`]): a tagged name of several ordinary words that the
//!    document also writes in lower case ("Source Code" beside "the source code"), or of
//!    ordinary words the document defines ("\"Covered Code\" means ..."), is dropped.

use super::terms;
use crate::entity_type::EntityType;
use crate::lexicon::Lexicon;
use crate::recognise::{Mention, Recognition};
use crate::segment::Segmented;
use crate::span::Span;
use rustc_hash::{FxHashMap, FxHashSet};

/// The rule name of a mention added by propagation.
const PROPAGATED: &str = "tagger-document";

/// Applies the document-level rules to `mentions` (sorted, not overlapping), given what
/// the rule recogniser found (`rules`, for the acronyms it saw defined).
pub fn consistent(
    text: &str,
    segmented: &Segmented,
    mut mentions: Vec<Mention>,
    rules: &Recognition,
    lexicon: &Lexicon,
) -> Vec<Mention> {
    // 1. Defined acronyms: both forms are names (the long form as the rules found it
    // where the tagger found nothing there), and the short form has the type of the long
    // form, from the tagger where it found the long form, else from the rules.
    // Each look-up is a binary search: a document may define thousands of acronyms.
    let mut forced: FxHashMap<&str, EntityType> = FxHashMap::default();
    let mut long_forms: Vec<Mention> = Vec::new();
    for alias in &rules.aliases {
        let long = &rules.mentions[alias.long];
        // Not a person made of ordinary words, which the tagger's own names never are
        // ("General Public License (LGPL)": a title and two words).
        if long.entity_type == EntityType::Person
            && segmented
                .tokens_in(long.span)
                .all(|i| super::names::is_plain_word(segmented, lexicon, i))
        {
            continue;
        }
        let tagged = match mentions.binary_search_by_key(&long.span, |m| m.span) {
            Ok(i) => mentions[i].entity_type,
            Err(_) => {
                if !overlaps_any(&mentions, long.span) && !overlaps_any(&long_forms, long.span) {
                    let at = long_forms.partition_point(|m| m.span < long.span);
                    long_forms.insert(at, long.clone());
                }
                long.entity_type
            }
        };
        let short = rules.mentions[alias.short].span.of(text);
        forced.entry(short).or_insert(tagged);
    }
    if !long_forms.is_empty() {
        mentions.extend(long_forms);
        mentions.sort_by_key(|m| m.span);
    }

    // 2. One type per name: per text, each type with its count and highest confidence.
    let mut votes: FxHashMap<&str, Vec<(EntityType, usize, f32)>> = FxHashMap::default();
    for m in &mentions {
        let entry = votes.entry(m.span.of(text)).or_default();
        match entry.iter_mut().find(|v| v.0 == m.entity_type) {
            Some(v) => {
                v.1 += 1;
                v.2 = v.2.max(m.confidence);
            }
            None => entry.push((m.entity_type, 1, m.confidence)),
        }
    }
    let mut chosen: FxHashMap<&str, EntityType> = votes
        .into_iter()
        .filter_map(|(name, v)| {
            // Ties go to the type seen first.
            let best = v
                .into_iter()
                .reduce(|a, b| if (b.1, b.2) > (a.1, a.2) { b } else { a })?;
            Some((name, best.0))
        })
        .collect();
    chosen.extend(forced.iter().map(|(&k, &v)| (k, v)));
    for m in &mut mentions {
        if let Some(&t) = chosen.get(m.span.of(text))
            && t != m.entity_type
        {
            m.entity_type = t;
            m.rule = PROPAGATED;
        }
    }

    // 3. Every occurrence of a tagged name (or defined acronym) that nothing covers.
    if chosen.is_empty() {
        return mentions;
    }
    let tokens = &segmented.tokens;
    // Only names' first words can start one; and no name has more words than the longest.
    let first_words: FxHashSet<&str> = chosen
        .keys()
        .map(|name| name.split(' ').next().unwrap_or(name))
        .collect();
    let longest = chosen
        .keys()
        .map(|name| name.split(' ').count())
        .max()
        .unwrap_or(1);
    // One-word names the document also writes in lower case in its prose ("this License"
    // beside "a license", "Software" beside "software"; not "code.google.com") are
    // ordinary words capitalised as defined terms or headings: they are not looked for
    // elsewhere.
    let one_word: FxHashSet<String> = chosen
        .keys()
        // Not an acronym: "US" is not "us".
        .filter(|name| !name.contains(' ') && name.chars().skip(1).any(char::is_lowercase))
        .map(|name| crate::lexicon::fold(name))
        .collect();
    // Their folds, where the document writes them in lower case.
    let mut written_lower: FxHashSet<&str> = FxHashSet::default();
    if !one_word.is_empty() {
        for (i, token) in tokens.iter().enumerate() {
            let fold = segmented.folds.of(i);
            if one_word.contains(fold)
                && token.span.of(text).starts_with(char::is_lowercase)
                && is_prose(text, token.span)
            {
                written_lower.insert(fold);
            }
        }
    }
    let mut added = Vec::new();
    let mut covered = 0;
    for (sentence_index, sentence) in segmented.sentences.iter().enumerate() {
        for start in sentence.tokens.clone() {
            let first = tokens[start].span;
            while covered < mentions.len() && mentions[covered].span.end <= first.start {
                covered += 1;
            }
            if mentions
                .get(covered)
                .is_some_and(|m| m.span.start <= first.start)
            {
                continue;
            }
            let word = tokens[start].span.of(text);
            if !word.starts_with(char::is_uppercase) || !first_words.contains(word) {
                continue;
            }
            // The longest name starting here, within the sentence and before the next
            // mention.
            let limit = mentions.get(covered).map_or(usize::MAX, |m| m.span.start);
            let mut found = None;
            for end in (start..sentence.tokens.end.min(start + longest + 2)).rev() {
                let span = Span::new(first.start, tokens[end].span.end);
                if span.end > limit {
                    continue;
                }
                if let Some(&t) = chosen.get(span.of(text)) {
                    found = Some((span, t));
                    break;
                }
            }
            // A lone capitalised word first in its sentence may be an ordinary word.
            let first_word = super::features::first_in_sentence(segmented, &sentence.tokens, start);
            let one_token = |span: &Span| span.end == tokens[start].span.end;
            if let Some((span, entity_type)) = found.filter(|(span, _)| {
                !(one_token(span)
                    && (first_word || written_lower.contains(segmented.folds.of(start))))
            }) {
                // Occurrences are found in text order: only the last one can overlap.
                let clear = added
                    .last()
                    .is_none_or(|m: &Mention| !m.span.overlaps(span));
                if clear {
                    added.push(Mention {
                        span,
                        entity_type,
                        sentence: sentence_index,
                        rule: PROPAGATED,
                        confidence: super::CONFIDENCE,
                    });
                }
            }
        }
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| m.span);
    let mentions = terms::without_lower_case_phrases(text, segmented, mentions, lexicon);
    terms::without_defined_terms(text, segmented, mentions, lexicon)
}

/// Whether the word at `span` stands in prose: between spaces, quotes and brackets, or
/// before sentence punctuation, not inside an address, a file name or an identifier
/// ("code.google.com", "@google", "google_test").
pub(super) fn is_prose(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let mut after = text[span.end..].chars();
    let (next, then) = (after.next(), after.next());
    let opens = |c: char| c.is_whitespace() || "(\"'“‘[".contains(c);
    let ends = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || ")\"'”’]".contains(c));
    before.is_none_or(opens)
        && (ends(next) || (next.is_some_and(|c| ".,;:!?".contains(c)) && ends(then)))
}

/// Whether a mention of `mentions` (sorted, not overlapping) overlaps `span`: only the
/// last one starting before `span` ends can.
fn overlaps_any(mentions: &[Mention], span: Span) -> bool {
    let before_end = mentions.partition_point(|m| m.span.start < span.end);
    before_end > 0 && mentions[before_end - 1].span.overlaps(span)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Occurrence, tagged};
    use super::*;
    use crate::segment::segment;

    /// The mentions after `consistent`, as texts, given one mention of `name` (of `type`)
    /// at its first occurrence.
    fn every_occurrence(text: &str, name: &str, entity_type: EntityType) -> Vec<String> {
        let segmented = segment(text);
        consistent(
            text,
            &segmented,
            tagged(text, &segmented, &[(name, entity_type)], Occurrence::First),
            &Recognition::default(),
            Lexicon::embedded(),
        )
        .iter()
        .map(|m| m.span.of(text).to_owned())
        .collect()
    }

    #[test]
    fn a_tagged_name_is_found_everywhere_but_ordinary_words_the_document_writes_in_lower_case() {
        use EntityType::{Law, Organization as Org, Person, Place};
        // (text, the name tagged at its first occurrence, its type, how often it ends up)
        let cases: &[(&str, &str, EntityType, usize)] = &[
            ("They joined Acme. Later Acme grew.", "Acme", Org, 2),
            (
                "You accept this License. Copy the License. A license is a grant.",
                "License",
                Person,
                1,
            ),
            (
                "Mr Amount spoke. Then Amount left. The amount was small.",
                "Amount",
                Person,
                1,
            ),
            // A lower-case form inside an address, or an acronym's, does not count.
            (
                "They met at Google. See code.google.com where Google paid.",
                "Google",
                Org,
                2,
            ),
            ("He left the US. Tell us about the US.", "US", Place, 2),
            // Ordinary words as a defined term, beside the same words in lower case, are
            // no name; a name of other words written in lower case stays one.
            (
                "Copy the Source Code. The source code is free.",
                "Source Code",
                Law,
                0,
            ),
            (
                "Soldiers at Fort Lee left. Since fort lee is big.",
                "Fort Lee",
                Place,
                1,
            ),
        ];
        for (text, name, entity_type, count) in cases {
            let found = every_occurrence(text, name, *entity_type);
            assert_eq!(found.len(), *count, "{text}: {found:?}");
            assert!(found.iter().all(|f| f == name), "{text}: {found:?}");
        }
    }
}

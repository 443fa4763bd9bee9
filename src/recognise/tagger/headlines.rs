//! Lines in capitals take their names from the rest of the document.
//!
//! A wire story's headline and dateline are written in capitals ("GOLF - NORMAN AND
//! FALDO SHARE LEAD", "BASEBALL - ORIOLES BEAT YANKEES"), where a word's shape says
//! nothing and the tagger, which learned names from their capitals, finds few of them.
//! The story's body names the same people and teams in ordinary case ("Greg Norman",
//! "the Baltimore Orioles"). So every name the document writes in ordinary case is looked
//! for, case-insensitively, in its lines that have no lower-case letter, and found where
//! no mention covers it, with the body's type; so are a person's surname ("NORMAN" for
//! "Greg Norman") and what follows a place in an organisation's name ("ORIOLES" for
//! "Baltimore Orioles", "KNICKS" for "New York Knicks"), unless the body names those
//! words otherwise itself. Not a name the document also writes in lower case ("the
//! Copyright Holder" beside "a copyright holder"): capitals in a licence's disclaimer are
//! no headline. A headline's topic slug, the ordinary words before the dash that starts
//! it ("RUGBY UNION - ..."), names nothing.

use crate::entity_type::EntityType;
use crate::lexicon::Lexicon;
use crate::recognise::Mention;
use crate::segment::{Segmented, TokenKind};
use crate::span::Span;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// The rule name of a mention found here.
const RULE: &str = "tagger-headline";

/// How sure a name found here is.
const CONFIDENCE: f32 = 0.8;

/// Adds to `mentions` (sorted, not overlapping) the names the document writes in ordinary
/// case wherever they stand uncovered in a line in capitals.
pub fn names_in_capitals(
    text: &str,
    segmented: &Segmented,
    mut mentions: Vec<Mention>,
    lexicon: &Lexicon,
) -> Vec<Mention> {
    let lines = capital_lines(text, segmented);
    if lines.is_empty() {
        return mentions;
    }
    without_topic_slugs(text, segmented, &mut mentions, &lines, lexicon);
    let names = body_names(text, segmented, &mentions, &lines, lexicon);
    if names.is_empty() {
        return mentions;
    }
    let longest = names
        .keys()
        .map(|k| k.split(' ').count())
        .max()
        .unwrap_or(1);
    let tokens = &segmented.tokens;
    let mut added = Vec::new();
    let mut key = String::new();
    for line in &lines {
        let mut start = line.start;
        while start < line.end {
            let first = tokens[start].span;
            let covered = |span: Span| {
                let at = mentions.partition_point(|m| m.span.end <= span.start);
                mentions.get(at).is_some_and(|m| m.span.start < span.end)
            };
            let mut found = None;
            if tokens[start].kind == TokenKind::Word && !covered(first) {
                for end in (start + 1..=line.end.min(start + longest)).rev() {
                    let span = Span::new(first.start, tokens[end - 1].span.end);
                    if covered(span) {
                        continue;
                    }
                    key.clear();
                    for i in start..end {
                        if i > start {
                            key.push(' ');
                        }
                        key.push_str(segmented.folds.of(i));
                    }
                    if let Some(&entity_type) = names.get(key.as_str()) {
                        found = Some((end, span, entity_type));
                        break;
                    }
                }
            }
            match found {
                Some((end, span, entity_type)) => {
                    let sentence = segmented
                        .sentences
                        .partition_point(|s| s.tokens.end <= start);
                    added.push(Mention {
                        span,
                        entity_type,
                        sentence,
                        rule: RULE,
                        confidence: CONFIDENCE,
                    });
                    start = end;
                }
                None => start += 1,
            }
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| m.span);
    }
    mentions
}

/// Removes from `mentions` the names in a headline's topic slug, the ordinary words before
/// the dash that starts a line in capitals ("RUGBY UNION - WALES NAME SIDE", "MOTOR
/// RACING - ..."): the story's subject, not a name. An acronym there stays ("NHL ICE
/// HOCKEY - ...").
fn without_topic_slugs(
    text: &str,
    segmented: &Segmented,
    mentions: &mut Vec<Mention>,
    lines: &[Range<usize>],
    lexicon: &Lexicon,
) {
    /// The most words a slug has.
    const SLUG_WORDS: usize = 4;
    let tokens = &segmented.tokens;
    let mut slugs: Vec<Span> = Vec::new();
    for line in lines {
        let dash = (line.start..line.end.min(line.start + SLUG_WORDS + 1))
            .find(|&i| matches!(tokens[i].span.of(text), "-" | "–" | "—"));
        let Some(dash) = dash.filter(|&d| d > line.start) else {
            continue;
        };
        let ordinary = (line.start..dash).all(|i| {
            tokens[i].kind == TokenKind::Word && lexicon.is_ordinary_word(segmented.folds.of(i))
        });
        if ordinary {
            slugs.push(Span::new(
                tokens[line.start].span.start,
                tokens[dash - 1].span.end,
            ));
        }
    }
    if !slugs.is_empty() {
        mentions.retain(|m| !slugs.iter().any(|slug| slug.contains(m.span)));
    }
}

/// The token ranges of the lines that have letters but no lower-case one, and a word of
/// at least two letters.
fn capital_lines(text: &str, segmented: &Segmented) -> Vec<Range<usize>> {
    let tokens = &segmented.tokens;
    let mut lines = Vec::new();
    for span in crate::segment::lines(text) {
        let line = span.of(text);
        // Most lines have a lower-case ASCII letter: one pass over their bytes.
        if line.bytes().any(|b| b.is_ascii_lowercase())
            || (!line.is_ascii() && line.chars().any(char::is_lowercase))
        {
            continue;
        }
        let Range { start, end } = segmented.tokens_in(span);
        let has_word = tokens[start..end].iter().any(|t| {
            t.kind == TokenKind::Word
                && t.span.of(text).chars().filter(|c| c.is_uppercase()).count() >= 2
        });
        if has_word {
            lines.push(start..end);
        }
    }
    lines
}

/// The names the document writes outside its lines in capitals, with at least one
/// lower-case letter, by their tokens' folds joined by spaces, with their types; then
/// their shorter forms (surnames, organisations' names after a place), where the body
/// does not name the same words itself and no two shorter forms disagree.
fn body_names(
    text: &str,
    segmented: &Segmented,
    mentions: &[Mention],
    lines: &[Range<usize>],
    lexicon: &Lexicon,
) -> FxHashMap<String, EntityType> {
    let tokens = &segmented.tokens;
    let in_capitals = |token: usize| {
        let at = lines.partition_point(|l| l.end <= token);
        lines.get(at).is_some_and(|l| l.start <= token)
    };
    let joined = |range: Range<usize>| segmented.folds.joined(range);
    let mut names: FxHashMap<String, EntityType> = FxHashMap::default();
    let mut shorter: FxHashMap<String, Option<EntityType>> = FxHashMap::default();
    for m in mentions {
        if !m.span.of(text).chars().any(char::is_lowercase) {
            continue;
        }
        let Range {
            start: from,
            end: to,
        } = segmented.tokens_in(m.span);
        if from == to || in_capitals(from) {
            continue;
        }
        // A one-word name that is an ordinary word ("the Institute", "Corporation") is
        // too often a defined term.
        if to - from > 1 || !lexicon.is_ordinary_word(segmented.folds.of(from)) {
            names.entry(joined(from..to)).or_insert(m.entity_type);
        }
        let mut short = |range: Range<usize>, entity_type: EntityType| {
            let is_name = range.clone().all(|i| {
                tokens[i].kind == TokenKind::Word
                    && tokens[i].span.len() >= 2
                    && tokens[i].span.of(text).starts_with(char::is_uppercase)
            });
            if is_name {
                shorter
                    .entry(joined(range))
                    .and_modify(|t| {
                        if *t != Some(entity_type) {
                            *t = None;
                        }
                    })
                    .or_insert(Some(entity_type));
            }
        };
        match m.entity_type {
            // The surname of a given name ("Greg Norman"), not of ordinary words
            // ("Copyright Holder").
            // A surname that is also a common word ("Ray Holder") only where the body
            // writes it alone as a name ("Bush said").
            EntityType::Person
                if to - from >= 2
                    && !lexicon.is_ordinary_word(segmented.folds.of(from))
                    && !lexicon
                        .common_words
                        .contains_folded(segmented.folds.of(to - 1)) =>
            {
                short(to - 1..to, EntityType::Person)
            }
            EntityType::Organization if to - from >= 2 => {
                // The longest place the name starts with.
                let town = (from + 1..to)
                    .rev()
                    .find(|&end| lexicon.place_folded(&joined(from..end)).is_some());
                // Not a head word alone ("Nokia Corporation").
                if let Some(end) = town
                    && !(to - end == 1
                        && lexicon.org_heads.contains_folded(segmented.folds.of(end)))
                {
                    short(end..to, EntityType::Organization);
                }
            }
            _ => {}
        }
    }
    for (key, entity_type) in shorter {
        if let Some(entity_type) = entity_type {
            names.entry(key).or_insert(entity_type);
        }
    }
    // Words the document also writes in lower case are ordinary words capitalised as
    // defined terms or headings ("the Copyright Holder" beside "a copyright holder").
    let longest = names
        .keys()
        .map(|k| k.split(' ').count())
        .max()
        .unwrap_or(1);
    let first_words: rustc_hash::FxHashSet<String> = names
        .keys()
        .filter_map(|k| k.split(' ').next())
        .map(str::to_owned)
        .collect();
    let mut key = String::new();
    for (start, token) in tokens.iter().enumerate() {
        if !first_words.contains(segmented.folds.of(start))
            || !token.span.of(text).starts_with(char::is_lowercase)
            || !super::document::is_prose(text, token.span)
        {
            continue;
        }
        key.clear();
        for (i, next) in tokens.iter().enumerate().skip(start).take(longest) {
            if next.span.of(text).starts_with(char::is_uppercase) {
                break;
            }
            if i > start {
                key.push(' ');
            }
            key.push_str(segmented.folds.of(i));
            names.remove(key.as_str());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Occurrence, tagged};
    use super::*;
    use crate::segment::segment;

    /// The names found in capitals in `text`, given the mentions `body` (text, type) at
    /// their last occurrences, as (text, type).
    fn found(text: &str, body: &[(&str, EntityType)]) -> Vec<(String, EntityType)> {
        let segmented = segment(text);
        let mentions = tagged(text, &segmented, body, Occurrence::Last);
        names_in_capitals(text, &segmented, mentions, Lexicon::embedded())
            .into_iter()
            .filter(|m| m.rule == RULE)
            .map(|m| (m.span.of(text).to_owned(), m.entity_type))
            .collect()
    }

    #[test]
    fn lines_in_capitals_take_the_names_of_the_body() {
        use EntityType::{Organization as Org, Person, Place};
        let golf = "GOLF - NORMAN AND FALDO SHARE LEAD IN MEMPHIS .\n\
                    Greg Norman and Nick Faldo led in Memphis .";
        let baseball = "BASEBALL - ORIOLES BEAT NEW YORK YANKEES .\n\
                        The Baltimore Orioles beat the New York Yankees 5-3 .";
        // (text, the body's names, the names found in capitals)
        type Names = &'static [(&'static str, EntityType)];
        let cases: &[(&str, Names, Names)] = &[
            // Surnames and places.
            (
                golf,
                &[
                    ("Greg Norman", Person),
                    ("Nick Faldo", Person),
                    ("Memphis", Place),
                ],
                &[("NORMAN", Person), ("FALDO", Person), ("MEMPHIS", Place)],
            ),
            // A team after its town, and the whole name before its parts.
            (
                baseball,
                &[("Baltimore Orioles", Org), ("New York Yankees", Org)],
                &[("ORIOLES", Org), ("NEW YORK YANKEES", Org)],
            ),
            // A line with a lower-case letter is not in capitals.
            (
                "Norman wins .\nGreg Norman won .",
                &[("Greg Norman", Person)],
                &[],
            ),
            // A name the body uses outweighs a surname.
            (
                "JORDAN WINS .\nMichael Jordan played in Jordan .",
                &[("Michael Jordan", Person), ("Jordan", Place)],
                &[("JORDAN", Place)],
            ),
            // Nor a defined term the document also writes in lower case.
            (
                "THE COPYRIGHT HOLDER IS NOT LIABLE .\n\
                 Jane Holder , the Copyright Holder , is a copyright holder .",
                &[("Jane Holder", Person), ("Copyright Holder", Person)],
                &[],
            ),
            // Nor an ordinary word alone, nor the surname of ordinary words, nor a
            // surname that is a common word, nor a head word after a place.
            (
                "THE INSTITUTE , THE HOLDER AND THE CORPORATION .\n\
                 The Institute thanks the Copyright Holder , Ray Holder and Nokia Corporation .",
                &[
                    ("Institute", Org),
                    ("Copyright Holder", Person),
                    ("Ray Holder", Person),
                    ("Nokia Corporation", Org),
                ],
                &[],
            ),
            // A common word the body writes alone as a name.
            (
                "BUSH WINS .\nGeorge Bush won . Bush said so .",
                &[("George Bush", Person), ("Bush", Person)],
                &[("BUSH", Person)],
            ),
            // Nothing in ordinary case, nothing to take.
            ("SELES WINS .\nTOKYO 1996-09-14", &[], &[]),
        ];
        for (text, body, expected) in cases {
            let expected: Vec<(String, EntityType)> = expected
                .iter()
                .map(|(name, t)| ((*name).to_owned(), *t))
                .collect();
            assert_eq!(found(text, body), expected, "{text}");
        }
    }

    #[test]
    fn a_headlines_topic_slug_is_no_name() {
        use EntityType::{Organization as Org, Place};
        // (text, the tagger's names, the names left)
        type Names = &'static [(&'static str, EntityType)];
        let cases: &[(&str, Names, Names)] = &[
            (
                "RUGBY UNION - WALES NAME SIDE .\nWales named its side .",
                &[("RUGBY UNION", Org), ("WALES", Place), ("Wales", Place)],
                &[("WALES", Place), ("Wales", Place)],
            ),
            (
                "NHL ICE HOCKEY - RESULTS .\nResults of NHL games .",
                &[("NHL", Org)],
                &[("NHL", Org)],
            ),
        ];
        for (text, names, expected) in cases {
            let segmented = segment(text);
            let mentions = tagged(text, &segmented, names, Occurrence::First);
            let left: Vec<(&str, EntityType)> =
                names_in_capitals(text, &segmented, mentions, Lexicon::embedded())
                    .iter()
                    .map(|m| (m.span.of(text), m.entity_type))
                    .collect();
            assert_eq!(left, expected.to_vec(), "{text}");
        }
    }
}

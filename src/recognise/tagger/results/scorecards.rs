//! Cricket scorecards: the fielders and bowlers a batsman's line names.
//!
//! "M. Atherton c Rashid Latif b Waqar Younis 31", "G. Thorpe st Rashid b Mushtaq 54",
//! "D. Cork c and b Wasim 7": in a line that starts with a person and ends with the runs
//! scored, the capitalised words after a dismissal's marks ("c" caught by, "st" stumped
//! by, "b" bowled by) are a player, however short or unusual the name (the tagger misses
//! many a one-word name there). A name the tagger typed otherwise is retyped as a person.

use crate::entity_type::EntityType;
use crate::recognise::Mention;
use crate::segment::{Segmented, TokenKind};
use crate::span::Span;

/// The rule name of a player found here.
const RULE: &str = "tagger-scorecard";

/// How sure a player found here is.
const CONFIDENCE: f32 = 0.8;

/// The most words of a player's name after a dismissal's mark.
const MAX_NAME_WORDS: usize = 3;

/// Adds to `mentions` (sorted, not overlapping) the players named after the dismissal
/// marks of scorecard lines, or retypes them as people.
pub fn players_in_scorecards(
    text: &str,
    segmented: &Segmented,
    mut mentions: Vec<Mention>,
) -> Vec<Mention> {
    let tokens = &segmented.tokens;
    let mut added = Vec::new();
    for span in crate::segment::lines(text) {
        // Most lines have no bowler: a quick look at the bytes first.
        if !span.of(text).contains(" b ") {
            continue;
        }
        let std::ops::Range { start: first, end } = segmented.tokens_in(span);
        if first == end || tokens[end - 1].kind != TokenKind::Number {
            continue;
        }
        // A batsman's line starts with the batsman.
        let at = mentions.partition_point(|m| m.span.start < tokens[first].span.start);
        let batsman = mentions.get(at).is_some_and(|m| {
            m.span.start == tokens[first].span.start && m.entity_type == EntityType::Person
        });
        if !batsman {
            continue;
        }
        let word = |i: usize| tokens[i].span.of(text);
        let is_name_word = |i: usize| {
            matches!(tokens[i].kind, TokenKind::Word | TokenKind::Abbreviation)
                && word(i).starts_with(char::is_uppercase)
        };
        for mark in first..end {
            if tokens[mark].kind != TokenKind::Word || !matches!(word(mark), "b" | "c" | "st") {
                continue;
            }
            let from = mark + 1;
            let mut to = from;
            while to < end && to - from < MAX_NAME_WORDS && is_name_word(to) {
                to += 1;
            }
            if to == from {
                continue;
            }
            let player = Span::new(tokens[from].span.start, tokens[to - 1].span.end);
            let at = mentions.partition_point(|m| m.span.end <= player.start);
            match mentions.get_mut(at) {
                Some(m) if m.span == player => {
                    if m.entity_type != EntityType::Person {
                        m.entity_type = EntityType::Person;
                        m.rule = RULE;
                        m.confidence = CONFIDENCE;
                    }
                }
                Some(m) if m.span.overlaps(player) => {}
                _ => added.push(Mention {
                    span: player,
                    entity_type: EntityType::Person,
                    sentence: segmented
                        .sentences
                        .partition_point(|s| s.tokens.end <= from),
                    rule: RULE,
                    confidence: CONFIDENCE,
                }),
            }
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| m.span);
    }
    mentions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::tagger::testing::{Occurrence, tagged};
    use crate::segment::segment;

    #[test]
    fn fielders_and_bowlers_of_a_scorecard_are_players() {
        use EntityType::{Person, Place};
        // (text, the tagger's names, the names after)
        type Names = &'static [(&'static str, EntityType)];
        let cases: &[(&str, Names, Names)] = &[
            (
                "G. Thorpe st Rashid b Mushtaq 54",
                &[("G. Thorpe", Person), ("Rashid", Place)],
                &[
                    ("G. Thorpe", Person),
                    ("Rashid", Person),
                    ("Mushtaq", Person),
                ],
            ),
            (
                "D. Cork c and b Wasim 7\nN. Hussain lbw b Mushtaq Ahmed 12",
                &[("D. Cork", Person), ("N. Hussain", Person)],
                &[
                    ("D. Cork", Person),
                    ("Wasim", Person),
                    ("N. Hussain", Person),
                    ("Mushtaq Ahmed", Person),
                ],
            ),
            // Not a scorecard: no runs at the end, no batsman first.
            (
                "Smith b Option was chosen",
                &[("Smith", Person)],
                &[("Smith", Person)],
            ),
            ("Rows c and b Column 3", &[], &[]),
        ];
        for (text, names, expected) in cases {
            let segmented = segment(text);
            let mentions = tagged(text, &segmented, names, Occurrence::First);
            let after: Vec<(&str, EntityType)> = players_in_scorecards(text, &segmented, mentions)
                .iter()
                .map(|m| (m.span.of(text), m.entity_type))
                .collect();
            assert_eq!(after, expected.to_vec(), "{text}");
        }
    }
}

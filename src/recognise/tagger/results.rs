//! Sports results: a team named after its town is an organisation.
//!
//! "Leeds beat Chelsea 2-1", "Milan lost 2-0 to Parma", "Leeds 2 Chelsea 1": the names
//! are clubs, not the towns the gazetteer knows them as. In a sentence that reports a
//! result (a score such as "2-1" and a result word such as "beat", or a results line of
//! two names each followed by a number), a town's name next to the result word or the
//! score, or before a results line's number, is typed as an organisation. Countries,
//! regions and subdivisions stay places ("Germany beat France 2-1": national sides are
//! the places they play for, as the annotation conventions have it), and so do venues
//! ("in Rome", "at Wembley"). So is the name that starts a standings row ("HARTFORD 12 7
//! 6 77 76 30": a name, then only small numbers). The names of results lines and
//! standings rows the tagger left out are added: a town as a club, a country as a place.

use crate::entity_type::EntityType;
use crate::lexicon::{Lexicon, PlaceKind};
use crate::recognise::Mention;
use crate::recognise::rules::takes_an_organisation;
use crate::segment::{Segmented, TokenKind};
use crate::span::Span;
use std::ops::Range;

/// The rule name of a mention typed or added here.
const RULE: &str = "tagger-results";

/// The most words a results line's name may have.
const MAX_TEAM_WORDS: usize = 3;

/// The fewest numbers after a standings row's name (played, won, lost, ...): two would
/// be a results line's half or a date.
const MIN_STANDINGS_NUMBERS: usize = 3;

/// How sure an added or retyped team is.
const CONFIDENCE: f32 = 0.8;

/// Words that report a result between the names around them.
fn is_result_word(fold: &str) -> bool {
    matches!(
        fold,
        "beat"
            | "beating"
            | "beats"
            | "beaten"
            | "defeat"
            | "defeated"
            | "defeating"
            | "defeats"
            | "draw"
            | "drawing"
            | "drawn"
            | "draws"
            | "drew"
            | "edged"
            | "edging"
            | "held"
            | "hammered"
            | "hammering"
            | "lose"
            | "loses"
            | "losing"
            | "lost"
            | "overcame"
            | "routed"
            | "thrashed"
            | "thrashing"
            | "trounced"
            | "v"
            | "versus"
            | "vs"
            | "win"
            | "winning"
            | "wins"
            | "won"
    )
}

/// Words after a town's name that make it a club on their own ("Leeds striker",
/// "Barcelona's goalkeeper", "North Melbourne player", "Leeds fans").
fn is_club_word(fold: &str) -> bool {
    matches!(
        fold,
        "batsman"
            | "defender"
            | "defenders"
            | "fans"
            | "footballer"
            | "full-back"
            | "fullback"
            | "goalkeeper"
            | "keeper"
            | "midfielder"
            | "midfielders"
            | "player"
            | "players"
            | "playmaker"
            | "quarterback"
            | "striker"
            | "strikers"
            | "supporters"
            | "winger"
    )
}

/// Words after a town's name that make it a club when a name follows them ("Leeds
/// manager Howard Wilkinson", "Boston coach Bill Fitch"): without one they may be anyone's.
fn is_club_role(fold: &str) -> bool {
    matches!(fold, "boss" | "captain" | "coach" | "manager" | "skipper")
}

/// Verbs that have a club right after them ("coached Leeds").
fn is_club_verb(fold: &str) -> bool {
    matches!(fold, "captained" | "captaining" | "coached" | "coaching")
}

/// Words after a score or a result word that introduce the other side ("drew 1-1 with
/// Lazio", "lost 2-0 to Parma").
fn is_opponent_word(fold: &str) -> bool {
    matches!(fold, "against" | "over" | "to" | "with")
}

/// Words before a name that make it where something happens, not who played ("in
/// Leeds", "at Wembley", "fans from Leeds").
fn is_place_word(fold: &str) -> bool {
    matches!(
        fold,
        "across" | "around" | "at" | "from" | "in" | "inside" | "near" | "of" | "outside"
    )
}

/// What a name next to a result is, by the gazetteer: a club when it is a town or
/// unknown, a place when it is a country, region or subdivision.
fn team_type(lexicon: &Lexicon, name: &str) -> EntityType {
    match lexicon.place(name).map(|place| place.kind) {
        Some(PlaceKind::Country | PlaceKind::Region | PlaceKind::Subdivision) => EntityType::Place,
        Some(PlaceKind::City) | None => EntityType::Organization,
    }
}

/// Whether `word` is a number a score may have (up to three digits: not a year).
fn small_number(word: &str) -> bool {
    !word.is_empty() && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit())
}

/// The tokens of one sentence, read for results.
struct Sentence<'a> {
    text: &'a str,
    segmented: &'a Segmented,
    tokens: Range<usize>,
}

impl Sentence<'_> {
    fn word(&self, i: usize) -> &str {
        self.segmented.tokens[i].span.of(self.text)
    }

    fn fold(&self, i: usize) -> &str {
        self.segmented.folds.get(i).unwrap_or("")
    }

    /// Whether a score starts at token `i` ("2-1" as one token or three), and its last
    /// token.
    fn score_at(&self, i: usize) -> Option<usize> {
        let word = self.word(i);
        if let Some((a, b)) = word.split_once('-')
            && small_number(a)
            && small_number(b)
        {
            return Some(i);
        }
        let tokens = &self.segmented.tokens;
        if small_number(word)
            && i + 2 < self.tokens.end
            && self.word(i + 1) == "-"
            && small_number(self.word(i + 2))
            && tokens[i].span.end == tokens[i + 1].span.start
            && tokens[i + 1].span.end == tokens[i + 2].span.start
        {
            return Some(i + 2);
        }
        None
    }

    /// Whether the sentence has a score and a result word.
    fn reports_a_result(&self) -> bool {
        // Result words are rarer than numbers: looked for first.
        self.tokens.clone().any(|i| is_result_word(self.fold(i)))
            && self.tokens.clone().any(|i| self.score_at(i).is_some())
    }

    /// The names of a results line, "Leeds 2 Chelsea 1": two runs of capitalised words,
    /// each followed by a number of up to three digits, and nothing else but closing
    /// punctuation.
    fn results_line(&self) -> Option<[Range<usize>; 2]> {
        let tokens = &self.segmented.tokens;
        // A run of capitalised words from `start`, then a small number: the run.
        let name_from = |start: usize| {
            let mut end = start;
            while end < self.tokens.end
                && tokens[end].kind == TokenKind::Word
                && self.word(end).starts_with(char::is_uppercase)
            {
                end += 1;
            }
            (end > start && end < self.tokens.end && small_number(self.word(end)))
                .then_some(start..end)
        };
        let first = name_from(self.tokens.start)?;
        let second = name_from(first.end + 1)?;
        let rest_is_punctuation =
            (second.end + 1..self.tokens.end).all(|j| tokens[j].kind == TokenKind::Punct);
        rest_is_punctuation.then_some([first, second])
    }

    /// The name of a standings row, "HARTFORD 12 7 6 77 76 30", "BALTIMORE 70 58 .591 5
    /// 1/2": a run of capitalised words that starts the sentence, then to the end of the
    /// line only numbers of up to three digits (at least [`MIN_STANDINGS_NUMBERS`]) and
    /// the marks between them (decimal points, fractions, dashes for none). A larger number (a population, a
    /// year) or any word after the name makes it some other table.
    fn standings_row(&self) -> Option<Range<usize>> {
        let tokens = &self.segmented.tokens;
        let mut end = self.tokens.start;
        while end < self.tokens.end
            && matches!(tokens[end].kind, TokenKind::Word | TokenKind::Abbreviation)
            && self.word(end).starts_with(char::is_uppercase)
        {
            end += 1;
        }
        // One abbreviation alone is a label, not a team ("No.455/07"), and a name ends
        // where a space does.
        let label = end == self.tokens.start + 1
            && tokens[self.tokens.start].kind == TokenKind::Abbreviation;
        if end == self.tokens.start
            || label
            || end == self.tokens.end
            || tokens[end].span.start == tokens[end - 1].span.end
        {
            return None;
        }
        // The row is read to the end of its line, whatever sentences it was cut into (a
        // decimal point before a number, ".591", ends one).
        let line_end = (end..tokens.len())
            .find(|&j| {
                j > 0 && self.text[tokens[j - 1].span.end..tokens[j].span.start].contains('\n')
            })
            .unwrap_or(tokens.len());
        let mut numbers = 0;
        for token in &tokens[end..line_end] {
            let word = token.span.of(self.text);
            match token.kind {
                TokenKind::Number if small_number(word.split('.').next().unwrap_or("")) => {
                    numbers += 1;
                }
                TokenKind::Punct if matches!(word, "." | "-" | "/" | "+") => {}
                _ => return None,
            }
        }
        (numbers >= MIN_STANDINGS_NUMBERS).then_some(self.tokens.start..end)
    }

    /// Whether a name over `tokens` is said to be a club by the words around it: a
    /// club's player or role after it ("North Melbourne player", "Barcelona's
    /// goalkeeper", "Leeds manager Howard Wilkinson"), or a player's verb before it
    /// ("coached Leeds", "on loan at Leeds", and what the rules read as taking an
    /// organisation: "played with Footscray", "signed for Leeds", "joined Leeds").
    fn names_a_club(&self, tokens: &Range<usize>) -> bool {
        let within = |i: usize| self.tokens.contains(&i);
        let fold = |i: usize| if within(i) { self.fold(i) } else { "" };
        let mut after = tokens.end;
        if matches!(fold(after), "'s" | "’s" | "'" | "’") {
            after += 1;
        }
        if is_club_word(fold(after))
            || (is_club_role(fold(after))
                && within(after + 1)
                && self.word(after + 1).starts_with(char::is_uppercase))
        {
            return true;
        }
        let Some(before) = tokens.start.checked_sub(1).filter(|&b| within(b)) else {
            return false;
        };
        let two_before = before.checked_sub(1).map_or("", |b| fold(b));
        is_club_verb(fold(before))
            || takes_an_organisation(Some(two_before), Some(fold(before)))
            || (matches!(fold(before), "at" | "from" | "to") && two_before == "loan")
    }

    /// Whether a name over `tokens` stands beside the result: before a result word or a
    /// score, or after a result word, or after an opponent word that follows one; never
    /// after a word that makes it a venue.
    fn beside_result(&self, tokens: &Range<usize>) -> bool {
        let before = tokens
            .start
            .checked_sub(1)
            .filter(|&b| b >= self.tokens.start);
        if before.is_some_and(|b| is_place_word(self.fold(b))) {
            return false;
        }
        let after = tokens.end;
        if after < self.tokens.end
            && (is_result_word(self.fold(after)) || self.score_at(after).is_some())
        {
            return true;
        }
        let Some(before) = before else {
            return false;
        };
        if is_result_word(self.fold(before)) {
            return true;
        }
        if is_opponent_word(self.fold(before)) {
            // "drew 1-1 with Lazio": a score or a result word just before the opponent word.
            let start = before.saturating_sub(3).max(self.tokens.start);
            return (start..before).any(|j| {
                is_result_word(self.fold(j)) || self.score_at(j).is_some_and(|end| end < before)
            });
        }
        false
    }
}

/// Types the teams of result sentences in `mentions` (sorted, not overlapping) and adds
/// the names of results lines the tagger left out.
pub fn teams_in_results(
    text: &str,
    segmented: &Segmented,
    mut mentions: Vec<Mention>,
    lexicon: &Lexicon,
) -> Vec<Mention> {
    let tokens = &segmented.tokens;
    let token_range = |span: Span| {
        tokens.partition_point(|t| t.span.start < span.start)
            ..tokens.partition_point(|t| t.span.start < span.end)
    };
    let mut added = Vec::new();
    for (index, sentence) in segmented.sentences.iter().enumerate() {
        // Scores and results lines have numbers; most sentences have none.
        let has_digits = sentence.tokens.clone().any(|i| {
            tokens[i]
                .span
                .of(text)
                .starts_with(|c: char| c.is_ascii_digit())
        });
        if !has_digits {
            continue;
        }
        let sentence = Sentence {
            text,
            segmented,
            tokens: sentence.tokens.clone(),
        };
        let line: Option<Vec<Range<usize>>> = match sentence.results_line() {
            Some(names) => Some(names.into()),
            None => sentence.standings_row().map(|name| vec![name]),
        };
        if line.is_none() && !sentence.reports_a_result() {
            continue;
        }
        let first = mentions.partition_point(|m| m.sentence < index);
        let last = mentions.partition_point(|m| m.sentence <= index);
        for mention in &mut mentions[first..last] {
            if mention.entity_type != EntityType::Place {
                continue;
            }
            let range = token_range(mention.span);
            let in_line = line.as_ref().is_some_and(|names| names.contains(&range));
            if (in_line || sentence.beside_result(&range))
                && team_type(lexicon, mention.span.of(text)) == EntityType::Organization
            {
                mention.entity_type = EntityType::Organization;
                mention.rule = RULE;
                mention.confidence = CONFIDENCE;
            }
        }
        for names in line.iter().flatten() {
            let span = Span::new(
                tokens[names.start].span.start,
                tokens[names.end - 1].span.end,
            );
            let taken = mentions[first..last].iter().any(|m| m.span.overlaps(span));
            // A club's name is short and has no closed-class word ("POUNDS OF MID WHEN WE
            // WAS 2 ..." is a shout, not a result); one word alone is no ordinary word.
            let folds = || names.clone().map(|i| sentence.fold(i));
            let ordinary = names.len() > MAX_TEAM_WORDS
                || folds().any(|f| lexicon.function_words.contains_folded(f))
                || (names.len() == 1
                    && folds().any(|f| {
                        lexicon.common_words.contains_folded(f)
                            || lexicon.time_words.contains_folded(f)
                    }));
            if !taken && !ordinary {
                added.push(Mention {
                    span,
                    entity_type: team_type(lexicon, span.of(text)),
                    sentence: index,
                    rule: RULE,
                    confidence: CONFIDENCE,
                });
            }
        }
    }
    // Clubs named by what only a club has or does, in any sentence.
    for mention in &mut mentions {
        if mention.entity_type != EntityType::Place {
            continue;
        }
        let sentence = Sentence {
            text,
            segmented,
            tokens: segmented.sentences[mention.sentence].tokens.clone(),
        };
        if sentence.names_a_club(&token_range(mention.span))
            && team_type(lexicon, mention.span.of(text)) == EntityType::Organization
        {
            mention.entity_type = EntityType::Organization;
            mention.rule = RULE;
            mention.confidence = CONFIDENCE;
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
    use crate::segment::segment;

    /// The mentions after `teams_in_results`, as (text, type), given the names the tagger
    /// found as places (every occurrence).
    fn typed(text: &str, places: &[&str]) -> Vec<(String, EntityType)> {
        let segmented = segment(text);
        let mut mentions = Vec::new();
        for place in places {
            for (start, _) in text.match_indices(place) {
                let span = Span::new(start, start + place.len());
                let sentence = segmented
                    .sentences
                    .iter()
                    .position(|s| s.span.contains(span))
                    .unwrap();
                mentions.push(Mention {
                    span,
                    entity_type: EntityType::Place,
                    sentence,
                    rule: "tagger",
                    confidence: 0.8,
                });
            }
        }
        mentions.sort_by_key(|m| m.span);
        teams_in_results(text, &segmented, mentions, Lexicon::embedded())
            .into_iter()
            .map(|m| (m.span.of(text).to_owned(), m.entity_type))
            .collect()
    }

    #[test]
    fn towns_beside_a_result_are_clubs_and_the_rest_stay_places() {
        use EntityType::{Organization as Org, Place};
        // The text, the names the tagger found as places, and what they become.
        type Case<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, EntityType)]);
        let cases: &[Case] = &[
            (
                "Leeds beat Chelsea 2-1 on Saturday.",
                &["Leeds", "Chelsea"],
                &[("Leeds", Org), ("Chelsea", Org)],
            ),
            (
                "Milan lost 2-0 to Parma.",
                &["Milan", "Parma"],
                &[("Milan", Org), ("Parma", Org)],
            ),
            (
                "Udinese drew 1-1 with Lazio in Rome on Sunday.",
                &["Lazio", "Rome"],
                &[("Lazio", Place), ("Rome", Place)],
            ),
            (
                "Germany beat France 2-1 in Paris.",
                &["Germany", "France", "Paris"],
                &[("Germany", Place), ("France", Place), ("Paris", Place)],
            ),
            (
                "They played in the Bowl, losing to Tulsa 63-7.",
                &["Tulsa"],
                &[("Tulsa", Org)],
            ),
            (
                "Leeds 2 Chelsea 1",
                &[],
                &[("Leeds", Org), ("Chelsea", Org)],
            ),
            (
                "Germany 2 France 1",
                &[],
                &[("Germany", Place), ("France", Place)],
            ),
            (
                "Manchester 3 Leeds 0\nThe council in Leeds won the vote 30-20.",
                &["Leeds"],
                &[("Manchester", Org), ("Leeds", Org), ("Leeds", Place)],
            ),
            // Standings rows: a club, a country, a town the tagger found as a place.
            (
                "HARTFORD 12 7 6 77 76 30\nBALTIMORE 70 58 .591 5 1/2",
                &[],
                &[("HARTFORD", Org), ("BALTIMORE", Org)],
            ),
            (
                "Newcastle 3 3 0 0 7 2 9\nGermany 3 2 1 0 5 1 7",
                &["Newcastle", "Germany"],
                &[("Newcastle", Org), ("Germany", Place)],
            ),
            (
                "Victoria 75 52 .591 -\nQueensland 70 58 .547 5",
                &["Victoria", "Queensland"],
                &[("Victoria", Org), ("Queensland", Place)],
            ),
            // Not standings: a population and a year, two numbers, an ordinary word.
            (
                "Leeds 751 485 2011\nLeeds 12 7",
                &["Leeds"],
                &[("Leeds", Place), ("Leeds", Place)],
            ),
            ("Table 1 2 3", &[], &[]),
            ("in C. Misc. No.455/07 . 4.\nNo. 3 4 5", &[], &[]),
            // What only a club has or does.
            (
                "He was the father of North Melbourne player Michael Gaudion.",
                &["North Melbourne"],
                &[("North Melbourne", Org)],
            ),
            (
                "My ideal man is Barcelona's goalkeeper Victor Valdes.",
                &["Barcelona"],
                &[("Barcelona", Org)],
            ),
            (
                "He signed with Coburg, coached Leeds and went on loan to Wigan.",
                &["Coburg", "Leeds", "Wigan"],
                &[("Coburg", Org), ("Leeds", Org), ("Wigan", Org)],
            ),
            (
                "Leeds manager Howard Wilkinson played for England.",
                &["Leeds", "England"],
                &[("Leeds", Org), ("England", Place)],
            ),
            // Not a club: a manager with no name after, a venue, a country's side.
            (
                "The Leeds manager said he played in Leeds.",
                &["Leeds"],
                &[("Leeds", Place), ("Leeds", Place)],
            ),
            // No result: a vote's count, a win without a score, a venue.
            (
                "Leeds voted 30-20 to approve the plan.",
                &["Leeds"],
                &[("Leeds", Place)],
            ),
            (
                "She won a prize in Leeds in 2019.",
                &["Leeds"],
                &[("Leeds", Place)],
            ),
            ("Chapter 3 Section 4", &[], &[]),
            ("Paris 2024 Tokyo 2020", &[], &[]),
            ("POUNDS OF MID WHEN WE WAS 2 FUCKED OVER 1", &[], &[]),
        ];
        for (text, places, expected) in cases {
            let found = typed(text, places);
            let expected: Vec<(String, EntityType)> = expected
                .iter()
                .map(|(name, t)| ((*name).to_owned(), *t))
                .collect();
            assert_eq!(found, expected, "{text}");
        }
    }
}

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
//! standings rows the tagger left out are added: a town as a club, a country as a place;
//! so are the scorers a results line lists in brackets ("Barcelona 3 ( Ronaldo 12 , Pizzi
//! 80 ) Valencia 1"), as people. Each line is read on its own, even where a long one
//! reads as a sentence wrapped onto the next. A town in brackets after a player in a list
//! of scorers ("6 - Ronaldo ( Barcelona )") is his club.

use crate::entity_type::EntityType;
use crate::lexicon::{Lexicon, PlaceKind};
use crate::recognise::Mention;
use crate::recognise::rules::takes_an_organisation;
use crate::segment::{Segmented, TokenKind};
use crate::span::Span;
use std::ops::Range;

mod scorecards;
pub use scorecards::players_in_scorecards;

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

/// What a results line names, by token ranges.
struct ResultsLine {
    /// The two teams.
    teams: Vec<Range<usize>>,
    /// The scorers listed in brackets after the teams' scores.
    scorers: Vec<Range<usize>>,
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

    /// The sentence's lines, each as a sentence of its own.
    fn lines(&self) -> impl Iterator<Item = Sentence<'_>> {
        let tokens = &self.segmented.tokens;
        let mut start = self.tokens.start;
        (self.tokens.start + 1..=self.tokens.end).filter_map(move |end| {
            let breaks = end == self.tokens.end
                || self.text[tokens[end - 1].span.end..tokens[end].span.start].contains('\n');
            if !breaks {
                return None;
            }
            let line = start..end;
            start = end;
            Some(Sentence {
                text: self.text,
                segmented: self.segmented,
                tokens: line,
            })
        })
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
    /// each followed by a number of up to three digits and perhaps a bracket ("Barcelona 3
    /// ( Ronaldo 12 , 67 ) Valencia 1 ( Mijatovic 55 )", "... ( halftime 1-0 )"), and
    /// nothing else but closing punctuation; with the scorers in the brackets.
    fn results_line(&self) -> Option<ResultsLine> {
        let tokens = &self.segmented.tokens;
        let capitalised = |i: usize| {
            tokens[i].kind == TokenKind::Word && self.word(i).starts_with(char::is_uppercase)
        };
        let mut scorers = Vec::new();
        // A run of capitalised words from `start`, then a small number and perhaps a
        // bracket: the run, and where the next name may start.
        let mut name_from = |start: usize| {
            let mut end = start;
            while end < self.tokens.end && capitalised(end) {
                end += 1;
            }
            if end == start || end == self.tokens.end || !small_number(self.word(end)) {
                return None;
            }
            let mut next = end + 1;
            if next < self.tokens.end && self.word(next) == "(" {
                let close = (next + 1..self.tokens.end).find(|&j| self.word(j) == ")")?;
                // Scorers: capitalised words before a number (the minute).
                let mut j = next + 1;
                while j < close {
                    let from = j;
                    while j < close && capitalised(j) {
                        j += 1;
                    }
                    if j > from
                        && j - from <= MAX_TEAM_WORDS
                        && j < close
                        && tokens[j].kind == TokenKind::Number
                    {
                        scorers.push(from..j);
                    }
                    j = j.max(from + 1);
                }
                next = close + 1;
            }
            Some((start..end, next))
        };
        let (first, next) = name_from(self.tokens.start)?;
        let (second, next) = name_from(next)?;
        let rest_is_punctuation =
            (next..self.tokens.end).all(|j| tokens[j].kind == TokenKind::Punct);
        rest_is_punctuation.then_some(ResultsLine {
            teams: vec![first, second],
            scorers,
        })
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

/// Whether the name over `name` stands alone in brackets right after the token `after`
/// (the end of a player's name), in a line of a ranked list, one that starts with a
/// number, and nothing but a comma or the line's end follows: a list of scorers ("6 -
/// Ronaldo ( Barcelona )", "4 - Suker ( Real Madrid ) , Alfonso ( Real Betis )"), not of
/// times or scores ("2. Ato Boldon ( Trinidad ) 20.11", where the brackets give the
/// country).
fn bracketed_in_ranked_line(
    text: &str,
    segmented: &Segmented,
    after: usize,
    name: &Range<usize>,
) -> bool {
    let tokens = &segmented.tokens;
    let word = |i: usize| tokens.get(i).map_or("", |t| t.span.of(text));
    if word(after) != "(" || name.start != after + 1 || word(name.end) != ")" {
        return false;
    }
    let line_ends = |i: usize| {
        tokens
            .get(i + 1)
            .is_none_or(|next| text[tokens[i].span.end..next.span.start].contains('\n'))
    };
    if !(line_ends(name.end) || matches!(word(name.end + 1), "," | ";")) {
        return false;
    }
    let line_start = (1..=after)
        .rev()
        .find(|&i| text[tokens[i - 1].span.end..tokens[i].span.start].contains('\n'))
        .unwrap_or(0);
    tokens[line_start].kind == TokenKind::Number
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
        // Results lines and standings rows, each read on its own line: a long one reads
        // as a sentence wrapped onto the next.
        let line: Vec<ResultsLine> = sentence
            .lines()
            .filter_map(|line| {
                line.results_line().or_else(|| {
                    line.standings_row().map(|name| ResultsLine {
                        teams: vec![name],
                        scorers: Vec::new(),
                    })
                })
            })
            .collect();
        if line.is_empty() && !sentence.reports_a_result() {
            continue;
        }
        let first = mentions.partition_point(|m| m.sentence < index);
        let last = mentions.partition_point(|m| m.sentence <= index);
        for mention in &mut mentions[first..last] {
            if mention.entity_type != EntityType::Place {
                continue;
            }
            let range = segmented.tokens_in(mention.span);
            let in_line = line.iter().any(|l| l.teams.contains(&range));
            if (in_line || sentence.beside_result(&range))
                && team_type(lexicon, mention.span.of(text)) == EntityType::Organization
            {
                mention.entity_type = EntityType::Organization;
                mention.rule = RULE;
                mention.confidence = CONFIDENCE;
            }
        }
        // The teams (a town as a club, a country as a place) and the scorers.
        let named = line.iter().flat_map(|l| {
            let teams = l.teams.iter().map(|t| (t, None));
            teams.chain(l.scorers.iter().map(|s| (s, Some(EntityType::Person))))
        });
        for (names, entity_type) in named {
            let span = Span::new(
                tokens[names.start].span.start,
                tokens[names.end - 1].span.end,
            );
            let taken = mentions[first..last].iter().any(|m| m.span.overlaps(span))
                || added
                    .last()
                    .is_some_and(|m: &Mention| m.span.overlaps(span));
            // A name is short and has no closed-class word ("POUNDS OF MID WHEN WE WAS 2
            // ..." is a shout, not a result); one word alone is no ordinary word.
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
                    entity_type: entity_type.unwrap_or_else(|| team_type(lexicon, span.of(text))),
                    sentence: index,
                    rule: RULE,
                    confidence: CONFIDENCE,
                });
            }
        }
    }
    // Clubs named by what only a club has or does, in any sentence, or in brackets after
    // a player in a ranked list.
    for at in 0..mentions.len() {
        if mentions[at].entity_type != EntityType::Place {
            continue;
        }
        let range = segmented.tokens_in(mentions[at].span);
        let sentence = Sentence {
            text,
            segmented,
            tokens: segmented.sentences[mentions[at].sentence].tokens.clone(),
        };
        let players_club = at > 0
            && mentions[at - 1].entity_type == EntityType::Person
            && bracketed_in_ranked_line(
                text,
                segmented,
                segmented.tokens_in(mentions[at - 1].span).end,
                &range,
            );
        let mention = &mut mentions[at];
        if (players_club || sentence.names_a_club(&range))
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
mod tests;

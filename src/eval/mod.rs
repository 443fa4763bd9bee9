//! Evaluation of recognition against gold annotations, and of relations against gold facts
//! ([`facts`]).
//!
//! The gold format (`shared/eval/README.md`): one JSON object per line with `id`, `text`
//! and `entities: [{start, end, type, text, entity}]`, offsets in code points, end
//! exclusive. Before comparing, a leading "the " and a trailing possessive ("'s", "’s")
//! are cut from gold and predicted spans alike. Scores: exact (same span and type) and
//! overlap (spans share a character and types agree), per type and micro-averaged.

pub mod facts;

use crate::entity_type::EntityType;
use crate::recognise::Recogniser;
use crate::span::CodePoints;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One gold document.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its annotated mentions.
    pub entities: Vec<GoldMention>,
}

/// One gold mention.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldMention {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// Type label (PERSON, ORG, PLACE, LAW; PER, LOC also accepted).
    #[serde(rename = "type")]
    pub entity_type: String,
}

/// A problem reading the gold file.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct GoldError {
    /// The file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses a gold JSON Lines file.
///
/// # Errors
/// [`GoldError`] naming the first bad line.
pub fn parse_gold(path: &str, text: &str) -> Result<Vec<GoldDocument>, GoldError> {
    let mut documents = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let error = |message: String| GoldError {
            path: path.to_owned(),
            line: index + 1,
            message,
        };
        let document: GoldDocument =
            serde_json::from_str(line).map_err(|e| error(e.to_string()))?;
        for mention in &document.entities {
            mention
                .entity_type
                .parse::<EntityType>()
                .map_err(|e| error(e.to_string()))?;
        }
        documents.push(document);
    }
    Ok(documents)
}

/// Counts for one type (or overall).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    /// Predicted mentions.
    pub predicted: usize,
    /// Gold mentions.
    pub gold: usize,
    /// Matches.
    pub correct: usize,
    /// correct / predicted.
    pub precision: f64,
    /// correct / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl Score {
    fn finish(mut self) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.correct, self.predicted);
        self.recall = ratio(self.correct, self.gold);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
        self
    }
}

/// A miss or a false alarm, with context.
#[derive(Debug, Clone, Serialize)]
pub struct EvalError {
    /// `miss` (gold not predicted) or `false-alarm` (predicted not in gold).
    pub kind: &'static str,
    /// The document.
    pub document: String,
    /// Span text.
    pub text: String,
    /// Type label.
    pub entity_type: String,
    /// Code-point offsets.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// Up to 40 characters either side.
    pub context: String,
}

/// Scores for a gold set.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Documents evaluated.
    pub documents: usize,
    /// Exact span and type, per type label.
    pub exact: BTreeMap<String, Score>,
    /// Overlapping span and same type, per type label.
    pub overlap: BTreeMap<String, Score>,
    /// Micro-averaged exact score.
    pub exact_overall: Score,
    /// Micro-averaged overlap score.
    pub overlap_overall: Score,
    /// Misses and false alarms (exact matching).
    pub errors: Vec<EvalError>,
}

/// A span in code points with its type.
type Labelled = (usize, usize, EntityType);

/// Runs `recogniser` on every gold document and scores it.
pub fn evaluate(gold: &[GoldDocument], recogniser: &dyn Recogniser) -> Evaluation {
    let mut exact: BTreeMap<EntityType, Score> = BTreeMap::new();
    let mut overlap: BTreeMap<EntityType, Score> = BTreeMap::new();
    let mut errors = Vec::new();
    for document in gold {
        let chars: Vec<char> = document.text.chars().collect();
        let normalise = |(start, end, t): Labelled| -> Labelled {
            let (start, end) = trim_span(&chars, start, end);
            (start, end, t)
        };
        let gold_spans: Vec<Labelled> = document
            .entities
            .iter()
            .filter_map(|m| Some((m.start, m.end, m.entity_type.parse().ok()?)))
            .map(normalise)
            .collect();
        // Only recognition is scored: no resolution or relations are needed.
        let text = &document.text;
        let recognition = recogniser.recognise(text, &crate::segment::segment(text));
        let offsets = CodePoints::new(text);
        let predicted: Vec<Labelled> = recognition
            .mentions
            .iter()
            .map(|m| {
                let (start, end) = offsets.span(m.span);
                normalise((start, end, m.entity_type))
            })
            .collect();
        let context = |(start, end, t): Labelled, kind: &'static str| {
            let from = start.saturating_sub(40);
            let to = (end + 40).min(chars.len());
            EvalError {
                kind,
                document: document.id.clone(),
                text: chars[start.min(chars.len())..end.min(chars.len())]
                    .iter()
                    .collect(),
                entity_type: t.label().to_owned(),
                start,
                end,
                context: chars[from..to]
                    .iter()
                    .collect::<String>()
                    .replace('\n', " "),
            }
        };
        for t in EntityType::ALL {
            let g: Vec<Labelled> = gold_spans.iter().copied().filter(|s| s.2 == t).collect();
            let p: Vec<Labelled> = predicted.iter().copied().filter(|s| s.2 == t).collect();
            let e = exact.entry(t).or_default();
            e.gold += g.len();
            e.predicted += p.len();
            e.correct += p.iter().filter(|s| g.contains(s)).count();
            let o = overlap.entry(t).or_default();
            o.gold += g.len();
            o.predicted += p.len();
            o.correct += p
                .iter()
                .filter(|s| g.iter().any(|x| x.0 < s.1 && s.0 < x.1))
                .count();
        }
        errors.extend(
            gold_spans
                .iter()
                .filter(|s| !predicted.contains(s))
                .map(|&s| context(s, "miss")),
        );
        errors.extend(
            predicted
                .iter()
                .filter(|s| !gold_spans.contains(s))
                .map(|&s| context(s, "false-alarm")),
        );
    }
    let total = |scores: &BTreeMap<EntityType, Score>| {
        scores
            .values()
            .fold(Score::default(), |a, s| Score {
                predicted: a.predicted + s.predicted,
                gold: a.gold + s.gold,
                correct: a.correct + s.correct,
                ..a
            })
            .finish()
    };
    let labelled = |scores: &BTreeMap<EntityType, Score>| {
        scores
            .iter()
            .map(|(t, s)| (t.label().to_owned(), s.finish()))
            .collect()
    };
    Evaluation {
        documents: gold.len(),
        exact_overall: total(&exact),
        overlap_overall: total(&overlap),
        exact: labelled(&exact),
        overlap: labelled(&overlap),
        errors,
    }
}

/// Cuts a leading "the " and a trailing "'s" / "’s" from a span (code points).
fn trim_span(chars: &[char], mut start: usize, mut end: usize) -> (usize, usize) {
    end = end.min(chars.len());
    start = start.min(end);
    let span = &chars[start..end];
    if span.len() > 4
        && span[..4]
            .iter()
            .collect::<String>()
            .eq_ignore_ascii_case("the ")
    {
        start += 4;
    }
    let span = &chars[start..end];
    if span.len() > 2 && matches!(span[span.len() - 2..], ['\'' | '’', 's']) {
        end -= 2;
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_the_and_possessives() {
        let chars: Vec<char> = "the USA’s x".chars().collect();
        assert_eq!(trim_span(&chars, 0, 9), (4, 7));
        let chars: Vec<char> = "José Pedro".chars().collect();
        assert_eq!(trim_span(&chars, 0, 10), (0, 10));
    }

    #[test]
    fn scores_a_small_gold_set() {
        use crate::lexicon::Lexicon;
        let line = r#"{"id":"d","text":"Donald Trump visited Mexico with the Alien Enemies Act.","entities":[{"start":0,"end":12,"type":"PERSON","text":"Donald Trump","entity":"Donald Trump"},{"start":21,"end":27,"type":"LOC","text":"Mexico","entity":"Mexico"},{"start":33,"end":54,"type":"LAW","text":"the Alien Enemies Act","entity":"Alien Enemies Act"}]}"#;
        let gold = parse_gold("gold.jsonl", line).unwrap();
        let result = evaluate(&gold, &crate::recognise::standard(Lexicon::embedded()));
        assert_eq!(result.exact_overall.correct, 3, "{:#?}", result.errors);
        assert_eq!(result.exact_overall.f1, 1.0);
    }

    #[test]
    fn bad_gold_lines_are_named() {
        let error = parse_gold("g.jsonl", "{\"id\":1}").unwrap_err();
        assert!(error.to_string().starts_with("g.jsonl:1:"), "{error}");
        let bad_type = r#"{"id":"x","text":"a","entities":[{"start":0,"end":1,"type":"MISC"}]}"#;
        assert!(
            parse_gold("g.jsonl", bad_type)
                .unwrap_err()
                .to_string()
                .contains("MISC")
        );
    }
}

//! The learned recogniser: an averaged-perceptron sequence tagger over BILOU tags, with
//! Viterbi decoding, whose features include what the rules and lexicons say.
//!
//! The rule recogniser ([`RuleRecogniser`]) and the law recogniser ([`LawRecogniser`]) run
//! first; their proposals become features of each token ([`features`]), so the model
//! learns when to trust each rule. Only candidate runs (capitalised tokens, numbers next
//! to them, rule proposals and the connectors between them) are scored. The shipped model
//! is trained on `shared/train` by `scripts/model/train.sh` and embedded in the binary
//! ([`Model::embedded`]); `kgraph train` trains others ([`train`]).

mod document;
pub mod features;
mod headlines;
mod lists;
mod model;
mod names;
mod results;
pub mod tags;
mod terms;
#[cfg(test)]
mod testing;
pub mod train;

pub use model::{FEATURE_VERSION, Model, ModelError};

use super::rules::is_abbreviation_shaped;
use super::{AliasLink, LawRecogniser, Mention, Recogniser, Recognition, RuleRecogniser};
use crate::entity_type::EntityType;
use crate::lexicon::{Lexicon, PlaceKind};
use crate::segment::Segmented;
use crate::span::Span;
use names::{
    countries_as_places, is_party_role, is_plain_word, is_street_word, join_adjacent_people,
    without_titles,
};
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use tags::TAGS;

/// The shipped model's file, built by `scripts/model/train.sh` (sources and licences in
/// `data/model/README.md`).
const EMBEDDED: &[u8] = include_bytes!("../../../data/model/tagger.kgm");

/// How sure a tagged mention is when no rule proposed the same span and type.
const CONFIDENCE: f32 = 0.8;

/// How far the tagger may prefer its own reading over a name the rules found before the
/// rules' name is taken instead (see [`back_off`]), by the rules' type; larger values move
/// the output towards the rules. Chosen on the held-out parts of `shared/train`, WikiGold
/// and the seeds (mean F1 over the ten sets), for every type alike: 0 -> 0.709, 5 ->
/// 0.710, 10 -> 0.711, 20 -> 0.710, 40 -> 0.710; then for organisations alone: 10 ->
/// 0.7119, 20 -> 0.7128, 30 -> 0.7120, 40 -> 0.7124, 80 -> 0.706, with WikiGold's
/// organisations at 0.535, 0.547, 0.563, 0.567 and 0.566. The rules' organisation names (a
/// head word: "Acme Company", "Ford Motor Co.") are trusted further than the model, which
/// learned from court judgments and contracts full of such names that no one annotated
/// (the parties of cited cases, "the Company").
fn back_off_margin(entity_type: EntityType) -> f32 {
    match entity_type {
        EntityType::Organization => 40.0,
        _ => 10.0,
    }
}

/// How sure a tagged law is that extends a cited law the law recogniser found inside it
/// ("Section 66 (1) of the Income-tax Act, 1922" around "Section 66"): above the law
/// recogniser, so that the longer name wins where both run.
const EXTENDED_LAW_CONFIDENCE: f32 = 0.96;

impl Model {
    /// The model built into the binary, read on first use.
    pub fn embedded() -> Arc<Model> {
        static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                Arc::new(Model::from_bytes(EMBEDDED).expect("the embedded model is valid"))
            })
            .clone()
    }
}

/// Tags names with a [`Model`], using the rules and the laws as evidence.
#[derive(Debug, Clone)]
pub struct TaggerRecogniser {
    model: Arc<Model>,
    lexicon: &'static Lexicon,
}

impl TaggerRecogniser {
    /// A tagger using `model` and `lexicon`.
    pub fn new(model: Arc<Model>, lexicon: &'static Lexicon) -> Self {
        Self { model, lexicon }
    }
}

/// What the tagger sees of a text: what the rule recogniser and the law recogniser found
/// in it, from which the features of its candidate runs are made ([`features`]).
/// Training reads gold texts through the same functions, so a model learns exactly what
/// it will be shown.
struct Evidence {
    rules: Recognition,
    laws: Recognition,
}

impl Evidence {
    fn of(text: &str, segmented: &Segmented, lexicon: &'static Lexicon) -> Self {
        Self {
            rules: RuleRecogniser::new(lexicon).recognise(text, segmented),
            // As the shipped model was trained (see `LawRecogniser`).
            laws: LawRecogniser::new(lexicon)
                .as_model_evidence()
                .recognise(text, segmented),
        }
    }

    /// The runs and features of the whole text.
    fn features(
        &self,
        text: &str,
        segmented: &Segmented,
        lexicon: &'static Lexicon,
    ) -> features::Features {
        features::extract(text, segmented, lexicon, &self.rules, &self.laws)
    }
}

/// Decodes every run of `found` with `model`, calling `emit` with each run, its tags and
/// its tokens' scores (`TAGS` per token).
fn decode_runs(
    model: &Model,
    found: &features::Features,
    mut emit: impl FnMut(usize, &mut Vec<u8>, &[f32]),
) {
    let mut scores = Vec::new();
    let mut tags = Vec::new();
    let mut n = 0;
    for (index, run) in found.runs.iter().enumerate() {
        scores.clear();
        scores.resize(run.tokens.len() * TAGS, 0.0);
        for (i, chunk) in scores.chunks_mut(TAGS).enumerate() {
            model.score(found.of(n + i), chunk);
        }
        n += run.tokens.len();
        tags::viterbi(&scores, model.transitions(), &mut tags);
        emit(index, &mut tags, &scores);
    }
}

/// The rule mentions that lie inside the run of `tokens`, as token ranges relative to it,
/// leaving out those typed by the shape of the name alone (weak: the rules' guesses,
/// where their junk comes from).
fn rule_names_in(
    rules: &Recognition,
    segmented: &Segmented,
    tokens: &Range<usize>,
) -> Vec<(Range<usize>, EntityType)> {
    let run = &segmented.tokens[tokens.clone()];
    let (start, end) = (run[0].span.start, run[run.len() - 1].span.end);
    let first = rules.mentions.partition_point(|m| m.span.start < start);
    rules.mentions[first..]
        .iter()
        .take_while(|m| m.span.end <= end)
        .filter(|m| m.confidence > crate::resolve::WEAK_CONFIDENCE)
        .map(|m| {
            let from = run.partition_point(|t| t.span.start < m.span.start);
            let to = run.partition_point(|t| t.span.start < m.span.end);
            (from..to, m.entity_type)
        })
        .filter(|(range, _)| !range.is_empty())
        .collect()
}

/// How much better `tags` scores than the same tags with `spelled` over `range`: the
/// tokens' scores and the transitions into, within and out of the range (the rest of the
/// sequence is the same, so a long run costs no more than a short one).
fn score_lost(
    tags: &[u8],
    spelled: &[u8],
    range: &Range<usize>,
    scores: &[f32],
    transitions: &[f32; TAGS * TAGS],
) -> f32 {
    let window = range.start.saturating_sub(1)..(range.end + 1).min(tags.len());
    let alternative = |i: usize| {
        if range.contains(&i) {
            spelled[i - range.start]
        } else {
            tags[i]
        }
    };
    let transition = |from: u8, to: u8| transitions[usize::from(from) * TAGS + usize::from(to)];
    let mut lost = 0.0;
    for i in window.clone() {
        if range.contains(&i) {
            lost += scores[i * TAGS + usize::from(tags[i])]
                - scores[i * TAGS + usize::from(alternative(i))];
        }
        if i > window.start {
            lost +=
                transition(tags[i - 1], tags[i]) - transition(alternative(i - 1), alternative(i));
        }
    }
    lost
}

/// Where the tagger read a rule's name otherwise but was nearly undecided, the rule's
/// name goes in: for every rule mention inside the run (`names`, token ranges relative to
/// the run) whose tokens the tagger left outside any name or tagged only with names
/// inside it ("Barrio" in "Barrio 18"), if the best sequence beats the same sequence
/// with the rule's name by less than the `margin` of its type, the tags take the name.
fn back_off(
    tags: &mut [u8],
    scores: &[f32],
    transitions: &[f32; TAGS * TAGS],
    names: &[(Range<usize>, EntityType)],
    margin: impl Fn(EntityType) -> f32,
) {
    for (range, entity_type) in names {
        // Only where the tagger found nothing, or only names inside the rule's.
        let first = tags[range.start];
        let last = tags[range.end - 1];
        let starts_clean = matches!(
            tags::parts(first),
            None | Some((_, tags::Part::Begin | tags::Part::Unit))
        );
        let ends_clean = matches!(
            tags::parts(last),
            None | Some((_, tags::Part::Last | tags::Part::Unit))
        );
        if !(starts_clean && ends_clean) {
            continue;
        }
        let spelled = tags::encode(range.len(), &[(0..range.len(), *entity_type)]);
        let before = range.start.checked_sub(1).map(|i| tags[i]);
        let after = tags.get(range.end).copied();
        let valid = before.is_none_or(|t| tags::allowed(t, spelled[0]))
            && after.is_none_or(|t| tags::allowed(spelled[spelled.len() - 1], t));
        if !valid {
            continue;
        }
        if score_lost(tags, &spelled, range, scores, transitions) < margin(*entity_type) {
            tags[range.clone()].copy_from_slice(&spelled);
        }
    }
}

/// Where the tagger read as one organisation an abbreviated country and the
/// organisation the rules found after it ("US Republican Party" for "US" and "Republican
/// Party"), the rules' two names go in, as the rules split them
/// ([`is_abbreviation_shaped`]). `names` are the rule names of the run starting at token
/// `first`, in order.
fn split_country_abbreviations(
    tags: &mut [u8],
    names: &[(Range<usize>, EntityType)],
    first: usize,
    text: &str,
    segmented: &Segmented,
    lexicon: &Lexicon,
) {
    use EntityType::{Organization, Place};
    use tags::Part::{Begin, Inside, Last, Unit};
    for pair in names.windows(2) {
        let [(country, Place), (organisation, Organization)] = pair else {
            continue;
        };
        if country.len() != 1 || country.end != organisation.start {
            continue;
        }
        // One tagged organisation over both, exactly.
        let both = country.start..organisation.end;
        let one_name = tags[both.start] == tags::tag(Organization, Begin)
            && tags[both.end - 1] == tags::tag(Organization, Last)
            && tags[both.start + 1..both.end - 1]
                .iter()
                .all(|&t| t == tags::tag(Organization, Inside));
        if !one_name {
            continue;
        }
        let word = segmented.tokens[first + country.start].span.of(text);
        let is_country = lexicon
            .place(word)
            .is_some_and(|place| matches!(place.kind, PlaceKind::Country | PlaceKind::Region));
        if is_country && is_abbreviation_shaped(word) {
            tags[country.start] = tags::tag(Place, Unit);
            tags[organisation.start] = tags::tag(
                Organization,
                if organisation.len() == 1 { Unit } else { Begin },
            );
        }
    }
}

impl Recogniser for TaggerRecogniser {
    fn name(&self) -> &'static str {
        "tagger"
    }

    fn recognise(&self, text: &str, segmented: &Segmented) -> Recognition {
        let Evidence { rules, laws } = Evidence::of(text, segmented, self.lexicon);
        let mut mentions = Vec::new();
        // A sentence at a time: the features of every run of a long text took more
        // memory than the rest of its extraction.
        let mut found = features::Features::default();
        let each_sentence = |found: &mut features::Features| {
            decode_runs(&self.model, found, |index, tags, scores| {
                let run = &found.runs[index];
                let names = rule_names_in(&rules, segmented, &run.tokens);
                back_off(
                    tags,
                    scores,
                    self.model.transitions(),
                    &names,
                    back_off_margin,
                );
                split_country_abbreviations(
                    tags,
                    &names,
                    run.tokens.start,
                    text,
                    segmented,
                    self.lexicon,
                );
                join_adjacent_people(tags, run.tokens.start, text, segmented, self.lexicon);
                for (mut range, entity_type) in tags::decode(tags) {
                    if entity_type == EntityType::Person {
                        range =
                            without_titles(range, run.tokens.start, text, segmented, self.lexicon);
                    }
                    let span = Span::new(
                        segmented.tokens[run.tokens.start + range.start].span.start,
                        segmented.tokens[run.tokens.start + range.end - 1].span.end,
                    );
                    // A nationality ("Germans", "Salvadoran") is not a name of ours.
                    if self.lexicon.demonym_country(span.of(text)).is_some() {
                        continue;
                    }
                    // Nor is a person made only of ordinary words ("Public License",
                    // "Amount", "WARRANTY"): no given name or surname in it.
                    let tokens = run.tokens.start + range.start..run.tokens.start + range.end;
                    if entity_type == EntityType::Person
                        && tokens
                            .clone()
                            .all(|i| is_plain_word(segmented, self.lexicon, i))
                    {
                        continue;
                    }
                    // Nor a contract's party, a defined term ("the Licensor", "Borrower").
                    if tokens.len() == 1 && is_party_role(segmented.folds.of(tokens.start)) {
                        continue;
                    }
                    // A person's name ending in a street's word is the street ("51
                    // Franklin St", "Biscayne Blvd").
                    let entity_type = if entity_type == EntityType::Person
                        && tokens.len() > 1
                        && is_street_word(segmented.folds.of(tokens.end - 1))
                    {
                        EntityType::Place
                    } else {
                        entity_type
                    };
                    // A rule that found the same name keeps its provenance and strength; one
                    // that typed the same words otherwise, on evidence, makes the type a guess
                    // (weak: corpus resolution may retype it by a name used elsewhere).
                    let same_words = rules
                        .mentions
                        .binary_search_by_key(&span, |m| m.span)
                        .ok()
                        .map(|i| &rules.mentions[i]);
                    // "Herman Miller is an American company": a definition the rules read
                    // outweighs the tagger's person (it learned given names, and few such
                    // sentences).
                    let entity_type = match same_words {
                        Some(m) if m.rule == "definition" && entity_type == EntityType::Person => {
                            m.entity_type
                        }
                        _ => entity_type,
                    };
                    let agreeing = same_words.filter(|m| m.entity_type == entity_type);
                    let contradicted = same_words.is_some_and(|m| {
                        m.entity_type != entity_type
                            && m.confidence > crate::resolve::WEAK_CONFIDENCE
                    });
                    let extends_law = entity_type == EntityType::Law && {
                        let inside = laws.mentions.partition_point(|m| m.span.start < span.start);
                        laws.mentions[inside..]
                            .iter()
                            .take_while(|m| m.span.start < span.end)
                            .any(|m| span.contains(m.span) && span != m.span)
                    };
                    mentions.push(Mention {
                        span,
                        entity_type,
                        sentence: run.sentence,
                        rule: agreeing.map_or("tagger", |m| m.rule),
                        confidence: if extends_law {
                            EXTENDED_LAW_CONFIDENCE
                        } else if contradicted {
                            crate::resolve::WEAK_CONFIDENCE
                        } else {
                            agreeing.map_or(CONFIDENCE, |m| m.confidence)
                        },
                    });
                }
            });
            found.clear();
        };
        features::extract_by_sentence(
            text,
            segmented,
            self.lexicon,
            &rules,
            &laws,
            &mut found,
            each_sentence,
        );
        let mentions = results::teams_in_results(text, segmented, mentions, self.lexicon);
        let mentions = results::players_in_scorecards(text, segmented, mentions);
        let mentions = lists::listed_names(text, segmented, mentions, self.lexicon);
        let mentions = document::consistent(text, segmented, mentions, &rules, self.lexicon);
        let mentions = headlines::names_in_capitals(text, segmented, mentions, self.lexicon);
        let mentions = countries_as_places(text, mentions, self.lexicon);
        // Aliases the text states, where both forms are still names.
        let aliases = rules
            .aliases
            .iter()
            .filter_map(|alias| {
                let find = |i: usize| {
                    let span = rules.mentions[i].span;
                    mentions
                        .binary_search_by_key(&span, |m: &Mention| m.span)
                        .ok()
                };
                Some(AliasLink {
                    short: find(alias.short)?,
                    long: find(alias.long)?,
                    rule: alias.rule,
                })
            })
            .collect();
        Recognition { mentions, aliases }
    }
}

#[cfg(test)]
mod tests;

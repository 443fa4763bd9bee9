//! Stage 3, recognise: PERSON, ORG, PLACE and LAW mentions in a segmented text.
//!
//! Every recogniser implements [`Recogniser`], so a rule/lexicon recogniser and a learned
//! tagger can be combined with [`Combined`]. The built-in ones are [`RuleRecogniser`],
//! [`LawRecogniser`], [`GazetteerRecogniser`] and the learned [`TaggerRecogniser`], which
//! uses the first two as evidence; [`with_engine`] puts them in order of precedence.

mod gazetteer;
mod laws;
mod rules;
pub mod tagger;

pub use gazetteer::GazetteerRecogniser;
pub use laws::LawRecogniser;
pub use rules::RuleRecogniser;
pub use tagger::{Model, TaggerRecogniser};

use crate::entity_type::EntityType;
use crate::interned::RuleName;
use crate::segment::Segmented;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A stretch of text that names an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Where it is (bytes, half-open). Never includes a leading title, a leading "the" or a
    /// trailing possessive.
    pub span: Span,
    /// What it names.
    pub entity_type: EntityType,
    /// Index of its sentence in [`Segmented::sentences`].
    pub sentence: usize,
    /// The rule that decided the type, e.g. `title`, `gazetteer`, `org-head`.
    #[serde(with = "crate::interned::rule_name")]
    pub rule: RuleName,
    /// How sure the rule is, from 0 to 1.
    pub confidence: f32,
}

/// The text says two mentions name the same thing: "Terrorism Confinement Centre – or
/// CECOT", "Inter-American Commission on Human Rights (IACHR)".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasLink {
    /// Index of the short form (usually an acronym) in [`Recognition::mentions`].
    pub short: usize,
    /// Index of the long form.
    pub long: usize,
    /// The pattern that stated it, e.g. `acronym-in-parentheses`.
    #[serde(with = "crate::interned::rule_name")]
    pub rule: RuleName,
}

/// What a recogniser found in one text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Recognition {
    /// Mentions, sorted by position, never overlapping.
    pub mentions: Vec<Mention>,
    /// Aliases stated by the text.
    pub aliases: Vec<AliasLink>,
}

#[cfg(test)]
impl Recognition {
    /// Each mention's text and type, for tests.
    pub(crate) fn typed_spans<'t>(&self, text: &'t str) -> Vec<(&'t str, EntityType)> {
        self.mentions
            .iter()
            .map(|m| (m.span.of(text), m.entity_type))
            .collect()
    }
}

/// Finds mentions in a text.
pub trait Recogniser: Send + Sync {
    /// A short name for provenance, e.g. `rules`.
    fn name(&self) -> &'static str;

    /// Finds the mentions in `text`, segmented as `segmented`.
    fn recognise(&self, text: &str, segmented: &Segmented) -> Recognition;
}

/// What finds the names behind the high-precision recognisers (a user's gazetteer, cited
/// laws): the rules alone, or a tagger model that uses them as evidence.
#[derive(Debug, Clone)]
pub enum Engine {
    /// [`RuleRecogniser`] only.
    Rules,
    /// [`TaggerRecogniser`] with this model.
    Tagger(Arc<Model>),
}

impl Default for Engine {
    /// The shipped model ([`Model::embedded`]).
    fn default() -> Self {
        Self::Tagger(Model::embedded())
    }
}

impl Engine {
    /// What the engine is, for the extraction key: `rules` or `tagger <model digest>`.
    pub fn fingerprint(&self) -> String {
        match self {
            Self::Rules => "rules".to_owned(),
            Self::Tagger(model) => format!("tagger {}", model.fingerprint()),
        }
    }
}

/// The recogniser kgraph uses by default: cited laws ([`LawRecogniser`]) over the shipped
/// tagger ([`TaggerRecogniser`]).
pub fn standard(lexicon: &'static crate::lexicon::Lexicon) -> Combined {
    with_engine(lexicon, &Engine::default(), None)
}

/// Cited laws over the tagger with `model`, with a user gazetteer's names (when given and
/// not empty) above everything.
pub fn with_model(
    lexicon: &'static crate::lexicon::Lexicon,
    model: Arc<Model>,
    gazetteer: Option<&Arc<crate::gazetteer::Gazetteer>>,
) -> Combined {
    with_engine(lexicon, &Engine::Tagger(model), gazetteer)
}

/// A user gazetteer's names (when given and not empty) over cited laws over `engine`.
pub fn with_engine(
    lexicon: &'static crate::lexicon::Lexicon,
    engine: &Engine,
    gazetteer: Option<&Arc<crate::gazetteer::Gazetteer>>,
) -> Combined {
    let mut recognisers: Vec<Box<dyn Recogniser>> = Vec::new();
    if let Some(gazetteer) = gazetteer.filter(|g| !g.is_empty()) {
        recognisers.push(Box::new(GazetteerRecogniser::new(gazetteer.clone())));
    }
    recognisers.push(Box::new(LawRecogniser::new(lexicon)));
    match engine {
        Engine::Rules => recognisers.push(Box::new(RuleRecogniser::new(lexicon))),
        Engine::Tagger(model) => {
            recognisers.push(Box::new(TaggerRecogniser::new(model.clone(), lexicon)));
        }
    }
    Combined::new(recognisers)
}

/// Several recognisers, merged: where mentions overlap, the more confident one wins
/// (earlier recognisers win ties).
pub struct Combined {
    recognisers: Vec<Box<dyn Recogniser>>,
}

impl Combined {
    /// Combines `recognisers`, in order of precedence.
    pub fn new(recognisers: Vec<Box<dyn Recogniser>>) -> Self {
        Self { recognisers }
    }
}

impl Recogniser for Combined {
    fn name(&self) -> &'static str {
        "combined"
    }

    fn recognise(&self, text: &str, segmented: &Segmented) -> Recognition {
        // Mentions kept so far, by span (they never overlap, so their ends are in order
        // too), each with an id that aliases refer to; a mention's clashes are found by
        // one range look-up, so a document with many mentions costs n log n, not n².
        let mut merged: BTreeMap<Span, (usize, Mention)> = BTreeMap::new();
        let mut alive: Vec<bool> = Vec::new();
        let mut aliases: Vec<(usize, usize, &'static str)> = Vec::new();
        for recogniser in &self.recognisers {
            let found = recogniser.recognise(text, segmented);
            let mut ids = vec![None; found.mentions.len()];
            for (i, mention) in found.mentions.into_iter().enumerate() {
                let clashes: Vec<Span> = merged
                    .range(..Span::new(mention.span.end, 0))
                    .rev()
                    .take_while(|(span, _)| span.end > mention.span.start)
                    .map(|(span, _)| *span)
                    .collect();
                if clashes
                    .iter()
                    .all(|span| merged[span].1.confidence < mention.confidence)
                {
                    for span in clashes {
                        if let Some((id, _)) = merged.remove(&span) {
                            alive[id] = false;
                        }
                    }
                    ids[i] = Some(alive.len());
                    merged.insert(mention.span, (alive.len(), mention));
                    alive.push(true);
                }
            }
            for alias in found.aliases {
                if let (Some(short), Some(long)) = (ids[alias.short], ids[alias.long]) {
                    aliases.push((short, long, alias.rule));
                }
            }
        }
        // Position order; aliases whose two mentions are both still there.
        let mut position = vec![usize::MAX; alive.len()];
        let mut mentions = Vec::with_capacity(merged.len());
        for (id, mention) in merged.into_values() {
            position[id] = mentions.len();
            mentions.push(mention);
        }
        let aliases = aliases
            .into_iter()
            .filter(|&(short, long, _)| alive[short] && alive[long])
            .map(|(short, long, rule)| AliasLink {
                short: position[short],
                long: position[long],
                rule,
            })
            .collect();
        Recognition { mentions, aliases }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod combined_tests {
    use super::*;
    use crate::segment::segment;

    /// A recogniser that returns fixed mentions.
    struct Fixed(Vec<(usize, usize, EntityType, f32)>);

    impl Recogniser for Fixed {
        fn name(&self) -> &'static str {
            "fixed"
        }

        fn recognise(&self, _: &str, _: &Segmented) -> Recognition {
            Recognition {
                mentions: self
                    .0
                    .iter()
                    .map(|&(start, end, entity_type, confidence)| Mention {
                        span: Span::new(start, end),
                        entity_type,
                        sentence: 0,
                        rule: "fixed",
                        confidence,
                    })
                    .collect(),
                aliases: vec![],
            }
        }
    }

    #[test]
    fn more_confident_mentions_win_overlaps_and_order_is_restored() {
        let text = "Alpha Beta Gamma Delta";
        let first = Fixed(vec![
            (0, 10, EntityType::Person, 0.5),
            (17, 22, EntityType::Place, 0.9),
        ]);
        let second = Fixed(vec![
            (6, 16, EntityType::Organization, 0.9),
            (11, 16, EntityType::Law, 0.3),
        ]);
        let combined = Combined::new(vec![Box::new(first), Box::new(second)]);
        let spans = combined.recognise(text, &segment(text)).typed_spans(text);
        assert_eq!(
            spans,
            [
                ("Beta Gamma", EntityType::Organization),
                ("Delta", EntityType::Place)
            ]
        );
    }
}

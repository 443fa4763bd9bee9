//! How much provenance a document's graph keeps: the `--provenance` modes, and the
//! confidence each recognition rule usually gives (which a lean mention does not repeat).

use std::fmt;
use std::str::FromStr;

/// How much of the text's provenance each document graph keeps. Every mode keeps the
/// document (its description and whole text, `nif:isString`), its statements (subject,
/// predicate, object, rule, confidence, the sentence and the words that state it), the
/// merges made in it, and the entity graph; they differ in how spans are written.
///
/// | question | `lean` (default) | `full` (NIF 2.0) | `entities` |
/// |---|---|---|---|
/// | which characters name an entity | the mention's IRI, `<document>#char=B,E` | also `nif:beginIndex`, `nif:endIndex`, `nif:anchorOf`, `a nif:Phrase` | no mentions |
/// | in which document | the named graph | also `nif:referenceContext` | — |
/// | in which sentence | `nif:sentence`, an IRI `<document>#char=B,E` too | also the sentence's offsets, text, context and class | — |
/// | a span's words | `SUBSTR` of the document's `nif:isString` at the IRI's offsets | `nif:anchorOf` | `SUBSTR`, for evidence |
/// | which rule, how sure | `kgo:rule`; `kgo:confidence` where it differs from the rule's usual one (a `kgo:Rule`, for a statement a `kgo:RelationRule`, in the entity graph) | both on every mention and statement | statements as in `lean` |
/// | the class, the local entity | the entity's class; the build record | `itsrdf:taClassRef`, `kgo:localEntity` | — |
///
/// In the lean and entities modes a span (mention, sentence, evidence) is its IRI alone:
/// about three quads a mention instead of eleven, and no sentence text written twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Provenance {
    /// About three quads a mention, spans as IRIs; every provenance question still has
    /// a SPARQL answer.
    #[default]
    Lean,
    /// NIF 2.0 as NIF consumers expect it: about eleven quads a mention.
    Full,
    /// No mention nodes: documents, their statements and the entity graph only.
    Entities,
}

impl Provenance {
    /// Every mode, the default first.
    pub const ALL: [Provenance; 3] = [Provenance::Lean, Provenance::Full, Provenance::Entities];

    /// The mode's name, as `--provenance` takes it and the store records it.
    pub fn name(self) -> &'static str {
        match self {
            Provenance::Lean => "lean",
            Provenance::Full => "full",
            Provenance::Entities => "entities",
        }
    }

    /// Whether mentions are written at all.
    pub fn has_mentions(self) -> bool {
        self != Provenance::Entities
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A `--provenance` value that is no mode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown provenance {0:?}: expected lean, full or entities")]
pub struct UnknownProvenance(pub String);

impl FromStr for Provenance {
    type Err = UnknownProvenance;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Provenance::ALL
            .into_iter()
            .find(|mode| mode.name() == name)
            .ok_or_else(|| UnknownProvenance(name.to_owned()))
    }
}

/// The confidence each recognition rule gives unless something raises or lowers it (the
/// tagger overruled by a rule, a law name that extends a citation). A mention whose rule
/// is listed here with its confidence states no `kgo:confidence` of its own in the lean
/// model; the entity graph describes each rule with this confidence, so a query finds it
/// with `COALESCE`. Measured on the training texts and 3,000 generated stories
/// (`scripts/graph_parts.py --confidence`): 190,830 of 192,232 mentions (99.3%) have
/// their rule's usual confidence. A rule missing here is still
/// right, only heavier: its mentions all state their confidence.
pub const RULE_CONFIDENCE: &[(&str, f32)] = &[
    ("acronym", 0.5),
    ("acronym-in-parentheses", 0.9),
    ("after-preposition", 0.5),
    ("definition", 0.75),
    ("direction-and-name", 0.5),
    ("direction-and-place", 0.9),
    ("gazetteer", 0.9),
    ("gazetteer-person-name", 0.75),
    ("given-name", 0.9),
    ("head-word-of-organisation", 0.75),
    ("known-name", 0.5),
    ("law-amendment", 0.95),
    ("law-head", 0.9),
    ("law-instrument", 0.95),
    ("law-number", 0.95),
    ("law-provision", 0.95),
    ("lowercase-title", 0.75),
    ("name-shape", 0.5),
    ("name-with-common-word", 0.5),
    ("name-with-number", 0.5),
    ("numbered-road", 0.75),
    ("org-before-title", 0.75),
    ("org-head", 0.9),
    ("org-noun", 0.75),
    ("org-verb", 0.75),
    ("part-of-person-name", 0.75),
    ("person-noun", 0.75),
    ("place-head", 0.9),
    ("place-noun", 0.9),
    ("place-prefix", 0.9),
    ("place-then-name", 0.5),
    ("same-name-in-document", 0.75),
    ("single-name", 0.5),
    ("surname-of-person", 0.75),
    ("tagger", 0.8),
    ("tagger-document", 0.8),
    ("tagger-lists", 0.8),
    ("tagger-results", 0.8),
    ("the-plural", 0.75),
    ("title", 0.9),
    ("town-comma-region", 0.75),
];

/// The confidence each relation rule gives unless something lowers it (a verb not next
/// to its arguments): a statement whose rule is listed here with its confidence states no
/// `kgo:confidence` of its own in the lean model, and the entity graph describes each
/// rule as a `kgo:RelationRule` with this confidence. Measured on the training texts and
/// 3,000 generated stories: 48,736 of 49,117 statements (99.2%). Relation rules are named apart
/// from recognition rules (`title` is both).
pub const RELATION_RULE_CONFIDENCE: &[(&str, f32)] = &[
    ("appositive-role", 0.75),
    ("appositive-title", 0.8),
    ("based-in", 0.8),
    ("capital-gazetteer", 0.8),
    ("capital-of", 0.85),
    ("country-modifier", 0.8),
    ("demonym", 0.75),
    ("founded-in", 0.8),
    ("from-country", 0.7),
    ("government-of", 0.8),
    ("law-year", 0.9),
    ("member-of", 0.8),
    ("party-led-by", 0.75),
    ("place-comma-place", 0.7),
    ("place-in-place", 0.7),
    ("title", 0.85),
    ("title-nationality", 0.75),
    ("title-organisation", 0.75),
    ("verb-active", 0.8),
    ("verb-passive", 0.7),
];

/// The confidence the relation rule `rule` usually gives, if it is listed in
/// [`RELATION_RULE_CONFIDENCE`].
pub fn usual_relation_confidence(rule: &str) -> Option<f32> {
    RELATION_RULE_CONFIDENCE
        .binary_search_by(|(name, _)| (*name).cmp(rule))
        .ok()
        .map(|i| RELATION_RULE_CONFIDENCE[i].1)
}

/// The confidence `rule` usually gives, if it is listed in [`RULE_CONFIDENCE`].
pub fn usual_confidence(rule: &str) -> Option<f32> {
    RULE_CONFIDENCE
        .binary_search_by(|(name, _)| (*name).cmp(rule))
        .ok()
        .map(|i| RULE_CONFIDENCE[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_are_named_as_the_option_takes_them() {
        for mode in Provenance::ALL {
            assert_eq!(mode.name().parse::<Provenance>(), Ok(mode));
        }
        assert_eq!(Provenance::default(), Provenance::Lean);
        assert!("nif".parse::<Provenance>().is_err());
    }

    #[test]
    fn the_rule_table_is_sorted_so_it_can_be_searched() {
        assert!(RULE_CONFIDENCE.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(RELATION_RULE_CONFIDENCE.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(usual_relation_confidence("title"), Some(0.85));
        assert_eq!(usual_confidence("tagger"), Some(0.8));
        assert_eq!(usual_confidence("no-such-rule"), None);
    }
}

//! Laws by the way legal text cites them, beyond names with a head word ("Alien Enemies
//! Act", which [`RuleRecogniser`](super::RuleRecogniser) finds):
//!
//! | pattern | examples |
//! |---|---|
//! | numbered instrument | "Regulation (EU) 2016/679", "Directive 2011/83/EU", "Executive Order 14110", "Public Law 117-169", "Security Council Resolution 2334", "H.R. 3684", "Act 36 of 1969" |
//! | provision of a law | "Section 230 of the Communications Decency Act", "Title IX of the Education Amendments of 1972", "Article 5 of the North Atlantic Treaty", "Title IX", "Section 230" |
//! | provision as judgments cite it | "s. 12(2)", "Ss. 397 and 482", "sec. 11-A", "Section-341", "sub-section (1)", "cl. (6)", "section 10B", "Section 34 and 376(2)(g) of the Indian Penal Code", "Section 3 or Section 4", "u/s 379/411 IPC", "Section 304 A of the Indian Penal Code", "Section 84, I. P. C.", "Order XII Rule 8 of CPC" |
//! | amendment | "First Amendment", "14th Amendment to the U.S. Constitution", "Forty-second Amendment" |
//! | instrument of / on | "Treaty of Versailles", "Convention on the Rights of the Child", "Constitution of India" |
//! | name with a bracketed part | "Unlawful Activities (Prevention) Act, 1967", "SEBI (CIS) Regulations", "Criminal Justice (Scotland) Act 2003", "Section 3(1) of the Forward Contracts (Regulation) Act" |
//!
//! Patterns added after the shipped tagger model was trained (names with a bracketed
//! part, "u/s", a number's letter apart, code abbreviations split or spaced or after
//! "of", compound ordinals, a rule's order, no edition as a number) are not part of the
//! tagger's
//! evidence ([`LawRecogniser::as_model_evidence`]): a model's features must stay what it
//! was trained on. The next retraining (`scripts/model/train.sh`) should make them
//! evidence too.
//!
//! `words.rs` holds the word lists, `scan.rs` a sentence as the patterns read it and the
//! parts they share, `patterns.rs` the patterns.
//!
//! Its mentions are more confident than the rule recogniser's, so [`Combined`](super::Combined)
//! lets them win where the two overlap ("Section 230 of the Communications Decency Act"
//! rather than "Section 230" as an organisation and the act on its own).

mod patterns;
mod scan;
mod words;

use super::{Mention, Recogniser, Recognition};
use crate::entity_type::EntityType;
use crate::lexicon::Lexicon;
use crate::segment::Segmented;
use crate::span::Span;
use scan::Scan;
use words::could_start;
/// How sure the patterns are: above the rule recogniser's strongest evidence (0.9).
const CONFIDENCE: f32 = 0.95;
/// Finds laws cited by number, provision, amendment or "X of Y".
#[derive(Debug, Clone, Copy)]
pub struct LawRecogniser {
    lexicon: &'static Lexicon,
    /// Whether the patterns added since the shipped model was trained are used.
    newer_patterns: bool,
}

impl Default for LawRecogniser {
    fn default() -> Self {
        Self::new(Lexicon::embedded())
    }
}

impl LawRecogniser {
    /// A recogniser using `lexicon`'s law head words, with every pattern.
    pub fn new(lexicon: &'static Lexicon) -> Self {
        Self {
            lexicon,
            newer_patterns: true,
        }
    }

    /// The same recogniser with only the patterns the shipped tagger model was trained
    /// with as evidence (see the module's documentation).
    pub fn as_model_evidence(self) -> Self {
        Self {
            newer_patterns: false,
            ..self
        }
    }
}

impl Recogniser for LawRecogniser {
    fn name(&self) -> &'static str {
        "laws"
    }

    fn recognise(&self, text: &str, segmented: &Segmented) -> Recognition {
        let mut mentions: Vec<Mention> = Vec::new();
        for (sentence, s) in segmented.sentences.iter().enumerate() {
            let scan = Scan {
                text,
                segmented,
                lexicon: self.lexicon,
                sentence: s.tokens.clone(),
                newer_patterns: self.newer_patterns,
            };
            let first_found = mentions.len();
            let mut i = s.tokens.start;
            while i < s.tokens.end {
                // Every pattern starts with a capital or a digit ("14th Amendment").
                // ("section 156 of the Code" is checked by `provision`, which asks more
                // of a provision in lower case.)
                let first = scan.raw(i).chars().next();
                if !first.is_some_and(|c| c.is_alphabetic() || c.is_ascii_digit())
                    || !could_start(&scan.lower(i))
                {
                    i += 1;
                    continue;
                }
                let found = scan
                    .provision(i, s.tokens.end)
                    .or_else(|| scan.numbered(i, s.tokens.end))
                    .or_else(|| scan.amendment(i, s.tokens.end))
                    .or_else(|| scan.instrument(i, s.tokens.start, s.tokens.end));
                match found {
                    Some((start, end, rule)) => {
                        let span = Span::new(
                            segmented.tokens[start].span.start,
                            segmented.tokens[end - 1].span.end,
                        );
                        mentions.push(Mention {
                            span,
                            entity_type: EntityType::Law,
                            sentence,
                            rule,
                            confidence: CONFIDENCE,
                        });
                        i = end;
                    }
                    None => i += 1,
                }
            }
            if self.newer_patterns {
                let titles = scan.bracketed_titles(&mentions[first_found..]);
                let found_titles = !titles.is_empty();
                for (start, end) in titles {
                    mentions.push(Mention {
                        span: Span::new(
                            segmented.tokens[start].span.start,
                            segmented.tokens[end - 1].span.end,
                        ),
                        entity_type: EntityType::Law,
                        sentence,
                        rule: "law-title",
                        confidence: CONFIDENCE,
                    });
                }
                if found_titles {
                    mentions[first_found..].sort_by_key(|m| m.span);
                }
            }
        }
        Recognition {
            mentions,
            aliases: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;

//! Names from the user's gazetteer ([`Gazetteer`]), wherever they appear capitalised.

use super::{Mention, Recogniser, Recognition};
use crate::gazetteer::Gazetteer;
use crate::lexicon::fold;
use crate::segment::{Segmented, TokenKind};
use crate::span::Span;
use std::sync::Arc;

/// How sure a gazetteer match is: the user said so, above every built-in rule.
const CONFIDENCE: f32 = 0.97;

/// Finds the names and aliases of a user gazetteer, longest first.
#[derive(Debug, Clone)]
pub struct GazetteerRecogniser {
    gazetteer: Arc<Gazetteer>,
}

impl GazetteerRecogniser {
    /// A recogniser for `gazetteer`.
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        Self { gazetteer }
    }
}

impl Recogniser for GazetteerRecogniser {
    fn name(&self) -> &'static str {
        "gazetteer"
    }

    fn recognise(&self, text: &str, segmented: &Segmented) -> Recognition {
        let tokens = &segmented.tokens;
        let longest = self.gazetteer.longest_name();
        let mut mentions = Vec::new();
        for (sentence, s) in segmented.sentences.iter().enumerate() {
            let mut i = s.tokens.start;
            while i < s.tokens.end {
                let starts_name = tokens[i].kind != TokenKind::Punct
                    && tokens[i]
                        .span
                        .of(text)
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                let found = starts_name
                    .then(|| {
                        (1..=longest.min(s.tokens.end - i)).rev().find_map(|len| {
                            let span =
                                Span::new(tokens[i].span.start, tokens[i + len - 1].span.end);
                            let last_is_name = tokens[i + len - 1].kind != TokenKind::Punct
                                || span.of(text).ends_with('.');
                            let entry = self.gazetteer.lookup_folded(&fold(span.of(text)))?;
                            last_is_name.then_some((len, span, entry.entity_type))
                        })
                    })
                    .flatten();
                match found {
                    Some((len, span, entity_type)) => {
                        mentions.push(Mention {
                            span,
                            entity_type,
                            sentence,
                            rule: "user-gazetteer",
                            confidence: CONFIDENCE,
                        });
                        i += len;
                    }
                    None => i += 1,
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
mod tests {
    use super::*;
    use crate::entity_type::EntityType;
    use crate::segment::segment;

    #[test]
    fn names_and_aliases_are_found_longest_first() {
        let mut gazetteer = Gazetteer::default();
        gazetteer
            .add_file(
                "g.tsv",
                "Nayib Bukele\tPERSON\t\tBukele|Nayib Armando Bukele\nNuevas Ideas\tORG\n",
            )
            .unwrap();
        let recogniser = GazetteerRecogniser::new(Arc::new(gazetteer));
        let text = "Nayib Armando Bukele founded Nuevas Ideas. Later, Bukele won; nuevas ideas is a phrase.";
        let spans = recogniser.recognise(text, &segment(text)).typed_spans(text);
        assert_eq!(
            spans,
            [
                ("Nayib Armando Bukele", EntityType::Person),
                ("Nuevas Ideas", EntityType::Organization),
                ("Bukele", EntityType::Person),
            ]
        );
    }
}

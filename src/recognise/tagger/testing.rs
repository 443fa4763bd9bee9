//! Mentions made by hand for the specifications of the passes that run after tagging
//! (results, lists, headlines, document consistency).

use crate::entity_type::EntityType;
use crate::recognise::Mention;
use crate::segment::Segmented;
use crate::span::Span;

/// Which occurrences of a name in a text the tagger is taken to have found.
#[derive(Debug, Clone, Copy)]
pub enum Occurrence {
    First,
    Last,
    Every,
}

/// The mentions the tagger is taken to have found in `text`: each of `names` (text, type)
/// at the occurrences `at` picks, in its sentence, rule "tagger", sorted.
///
/// # Panics
/// If a name is not in the text.
pub fn tagged(
    text: &str,
    segmented: &Segmented,
    names: &[(&str, EntityType)],
    at: Occurrence,
) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for &(name, entity_type) in names {
        let starts: Vec<usize> = match at {
            Occurrence::First => text.find(name).into_iter().collect(),
            Occurrence::Last => text.rfind(name).into_iter().collect(),
            Occurrence::Every => text.match_indices(name).map(|(at, _)| at).collect(),
        };
        assert!(!starts.is_empty(), "{name} is not in {text}");
        for start in starts {
            let span = Span::new(start, start + name.len());
            let first_token = segmented.tokens_in(span).start;
            mentions.push(Mention {
                span,
                entity_type,
                sentence: segmented
                    .sentences
                    .partition_point(|s| s.tokens.end <= first_token),
                rule: "tagger",
                confidence: 0.8,
            });
        }
    }
    mentions.sort_by_key(|m| m.span);
    mentions
}

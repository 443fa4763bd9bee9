//! The promises the stages make about one document's extraction, checked for tests and
//! fuzzing (`Extraction::check_well_formed`).

use super::Extraction;
use crate::relate;
use crate::span::Span;

impl Extraction {
    /// Checks the promises the stages make about their output, for tests and fuzzing.
    ///
    /// Every span (token, sentence, mention, relation evidence and argument, implied
    /// place) is non-empty, lies inside the document text and starts and ends on `char`
    /// boundaries; tokens and mentions are in order and never overlap, and no mention is
    /// blank; sentences cover every token exactly once, in order, each spanning its
    /// tokens; a mention lies inside its sentence, and so does a relation's evidence;
    /// every index (sentence, mention, entity) points at something that exists.
    ///
    /// # Errors
    /// A description of the first broken promise.
    pub fn check_well_formed(&self) -> Result<(), String> {
        let text = self.document.text.as_str();
        let check_span = |what: &str, span: Span| -> Result<(), String> {
            if span.is_empty()
                || span.end > text.len()
                || !text.is_char_boundary(span.start)
                || !text.is_char_boundary(span.end)
            {
                return Err(format!(
                    "{what} {span:?} is empty, outside the text ({} bytes) or not on \
                     character boundaries",
                    text.len()
                ));
            }
            Ok(())
        };
        let tokens = &self.segmented.tokens;
        let mut previous_end = 0;
        for (index, token) in tokens.iter().enumerate() {
            check_span(&format!("token {index}"), token.span)?;
            if token.span.start < previous_end {
                return Err(format!(
                    "token {index} {:?} overlaps the previous one",
                    token.span
                ));
            }
            previous_end = token.span.end;
        }
        let sentences = &self.segmented.sentences;
        let mut next_token = 0;
        for (index, sentence) in sentences.iter().enumerate() {
            let what = format!("sentence {index}");
            check_span(&what, sentence.span)?;
            let range = &sentence.tokens;
            if range.start != next_token || range.end <= range.start || range.end > tokens.len() {
                return Err(format!(
                    "{what} has tokens {range:?}, expected a non-empty range from {next_token} \
                     within {} tokens",
                    tokens.len()
                ));
            }
            let covered = Span::new(
                tokens[range.start].span.start,
                tokens[range.end - 1].span.end,
            );
            if sentence.span != covered {
                return Err(format!(
                    "{what} {:?} does not span its tokens {covered:?}",
                    sentence.span
                ));
            }
            next_token = range.end;
        }
        if next_token != tokens.len() {
            return Err(format!(
                "sentences cover {next_token} of {} tokens",
                tokens.len()
            ));
        }
        let in_sentence = |what: &str, sentence: usize, span: Span| -> Result<(), String> {
            match sentences.get(sentence) {
                Some(s) if s.span.contains(span) => Ok(()),
                Some(s) => Err(format!(
                    "{what} {span:?} is outside its sentence {:?}",
                    s.span
                )),
                None => Err(format!(
                    "{what} names sentence {sentence} of {}",
                    sentences.len()
                )),
            }
        };
        let mentions = &self.recognition.mentions;
        let mut previous_end = 0;
        for (index, mention) in mentions.iter().enumerate() {
            let what = format!("mention {index}");
            check_span(&what, mention.span)?;
            if mention.span.start < previous_end {
                return Err(format!(
                    "{what} {:?} overlaps the previous one",
                    mention.span
                ));
            }
            if mention.span.of(text).trim().is_empty() {
                return Err(format!("{what} {:?} is blank", mention.span));
            }
            in_sentence(&what, mention.sentence, mention.span)?;
            previous_end = mention.span.end;
        }
        for alias in &self.recognition.aliases {
            if alias.short >= mentions.len() || alias.long >= mentions.len() {
                return Err(format!(
                    "alias {alias:?} names a mention of {}",
                    mentions.len()
                ));
            }
        }
        let entity_count = self.entities.entities.len();
        if self.entities.mention_entity.len() != mentions.len() {
            return Err(format!(
                "{} mentions but {} mention entities",
                mentions.len(),
                self.entities.mention_entity.len()
            ));
        }
        if let Some(entity) = self
            .entities
            .mention_entity
            .iter()
            .find(|&&e| e >= entity_count)
        {
            return Err(format!("a mention names entity {entity} of {entity_count}"));
        }
        let check_argument = |what: &str, argument: &relate::Argument| -> Result<(), String> {
            check_span(what, argument.span)?;
            if argument.entity >= entity_count {
                return Err(format!(
                    "{what} names entity {} of {entity_count}",
                    argument.entity
                ));
            }
            Ok(())
        };
        for (index, implied) in self.relations.implied.iter().enumerate() {
            let what = format!("implied place {index}");
            check_span(&what, implied.span)?;
            if implied.entity >= entity_count {
                return Err(format!(
                    "{what} is entity {} of {entity_count}",
                    implied.entity
                ));
            }
        }
        for (index, relation) in self.relations.relations.iter().enumerate() {
            let what = format!("relation {index} ({})", relation.rule);
            check_span(&format!("{what} evidence"), relation.evidence)?;
            in_sentence(
                &format!("{what} evidence"),
                relation.sentence,
                relation.evidence,
            )?;
            check_argument(&format!("{what} subject"), &relation.subject)?;
            match &relation.object {
                relate::Object::Entity(object) => {
                    check_argument(&format!("{what} object"), object)?
                }
                relate::Object::Position(position) => {
                    if let Some(jurisdiction) = &position.jurisdiction {
                        check_argument(&format!("{what} jurisdiction"), jurisdiction)?;
                    }
                }
                relate::Object::Quantity(_) | relate::Object::Year(_) => {}
            }
        }
        Ok(())
    }
}

//! The document pass: aliases stated by the text, types shared by the mentions of one name,
//! and the mentions that come out.

use super::{AliasLink, Candidate, Mention, PLACE_PREPOSITIONS, Pass, Recognition, Strength};
use crate::entity_type::EntityType;
use crate::lexicon::PlaceKind;
use crate::span::Span;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

impl Pass<'_> {
    /// A town (not a country or state) at token `i` with nothing around it that makes it a
    /// place: no preposition before ("in Belgrano") and no region after ("Belgrano ,
    /// Argentina").
    fn is_town_named_like_person(&self, i: usize) -> bool {
        let after_preposition = i > 0 && PLACE_PREPOSITIONS.contains(&self.fold_of(i - 1));
        self.place(i..i + 1)
            .is_some_and(|p| p.kind == PlaceKind::City)
            && !after_preposition
            && self.context_type(i..i + 1).is_none()
    }

    /// Links "Long Name (ACR)" and "Long Name – or ACR", typing the short form like the
    /// long one.
    pub(super) fn alias_links(
        &self,
        candidates: &mut [Candidate],
    ) -> Vec<(usize, usize, &'static str)> {
        let mut links = Vec::new();
        for short in 1..candidates.len() {
            let long = short - 1;
            let (l, s) = (&candidates[long], &candidates[short]);
            if l.sentence != s.sentence
                || s.tokens.len() != 1
                || !self.is_all_caps(s.tokens.start)
                || l.tokens.len() < 2
            {
                continue;
            }
            let between: Vec<&str> = (l.tokens.end..s.tokens.start)
                .map(|i| self.word(i))
                .collect();
            let rule = match between.as_slice() {
                ["("] if self.word(s.tokens.end.min(self.tokens.len() - 1)) == ")" => {
                    "acronym-in-parentheses"
                }
                ["–" | "—" | "-" | ",", "or"] | ["or"] => "acronym-after-or",
                _ => continue,
            };
            let acronym = self.word(s.tokens.start);
            let initials: Vec<char> = self
                .joined(l.tokens.clone())
                .split(|c: char| !c.is_alphanumeric())
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_uppercase)
                .collect();
            if !acronym
                .chars()
                .next()
                .is_some_and(|c| initials.contains(&c))
            {
                continue;
            }
            let (entity_type, strength) = (l.entity_type, l.strength);
            let s = &mut candidates[short];
            s.entity_type = entity_type;
            s.strength = strength.max(Strength::Context);
            s.rule = rule;
            links.push((short, long, rule));
        }
        links
    }

    /// Weak and uncertain candidates take the type of strong ones with the same name, or
    /// of the person whose surname or given name they are; unsupported uncertain ones go.
    pub(super) fn document_consistency(&self, candidates: &mut [Candidate]) {
        // Each candidate's folded name, made once.
        let keys: Vec<Cow<'_, str>> = candidates
            .iter()
            .map(|c| self.folded(c.tokens.clone()))
            .collect();
        let mut best: HashMap<&str, (Strength, EntityType)> = HashMap::default();
        let mut person_parts: HashMap<&str, usize> = HashMap::default();
        let mut surnames: HashSet<&str> = HashSet::default();
        for (c, key) in candidates.iter().zip(&keys).filter(|(c, _)| !c.uncertain) {
            let entry = best.entry(key).or_insert((c.strength, c.entity_type));
            if c.strength > entry.0 {
                *entry = (c.strength, c.entity_type);
            }
            if c.entity_type == EntityType::Person && c.tokens.len() > 1 {
                for part in [c.tokens.start, c.tokens.end - 1] {
                    *person_parts.entry(self.fold_of(part)).or_default() += 1;
                }
                surnames.extend(
                    (c.tokens.start + 1..c.tokens.end)
                        .filter(|&i| c.strength > Strength::Weak && !self.is_particle(i))
                        .map(|i| self.fold_of(i)),
                );
            }
        }
        // "the Australian League of Rights ... the League": head words of organisations.
        let org_heads: HashSet<&str> = candidates
            .iter()
            .filter(|c| {
                !c.uncertain && c.entity_type == EntityType::Organization && c.tokens.len() > 1
            })
            .flat_map(|c| c.tokens.clone())
            .filter(|&i| self.listed(&self.lexicon.org_heads, i))
            .map(|i| self.fold_of(i))
            .collect();
        let works: HashSet<&str> = candidates
            .iter()
            .zip(&keys)
            .filter(|(c, _)| c.work)
            .map(|(_, key)| &**key)
            .collect();
        for (c, key) in candidates.iter_mut().zip(&keys) {
            let key: &str = key;
            if c.strength < Strength::Strong && works.contains(key) {
                c.uncertain = true;
            } else if c.tokens.len() == 1
                && c.strength < Strength::Context
                && c.tokens.start > 0
                && self.word(c.tokens.start - 1).eq_ignore_ascii_case("the")
                && org_heads.contains(key)
            {
                c.entity_type = EntityType::Organization;
                c.strength = Strength::Context;
                c.rule = "head-word-of-organisation";
                c.uncertain = false;
            } else if let Some(&(strength, entity_type)) = best.get(&key)
                && (strength > c.strength || (c.uncertain && strength >= Strength::Context))
            {
                c.entity_type = entity_type;
                c.strength = strength.min(Strength::Context);
                c.rule = "same-name-in-document";
                c.uncertain = false;
            } else if c.tokens.len() == 1
                && c.strength < Strength::Strong
                && person_parts.contains_key(&key)
            {
                c.entity_type = EntityType::Person;
                c.strength = Strength::Context;
                c.rule = "part-of-person-name";
                c.uncertain = false;
            } else if c.tokens.len() == 1
                && c.rule.starts_with("gazetteer")
                && surnames.contains(key)
                && self.is_town_named_like_person(c.tokens.start)
            {
                // "Manuel Belgrano ... Belgrano's army": the town is the person's surname.
                c.entity_type = EntityType::Person;
                c.strength = Strength::Context;
                c.rule = "surname-of-person";
            }
        }
    }

    pub(super) fn finish(
        &self,
        candidates: Vec<Candidate>,
        links: Vec<(usize, usize, &'static str)>,
    ) -> Recognition {
        let mut index = vec![None; candidates.len()];
        let mut mentions = Vec::new();
        for (i, c) in candidates.into_iter().enumerate() {
            if c.uncertain {
                continue;
            }
            index[i] = Some(mentions.len());
            mentions.push(Mention {
                span: Span::new(
                    self.tokens[c.tokens.start].span.start,
                    self.tokens[c.tokens.end - 1].span.end,
                ),
                entity_type: c.entity_type,
                sentence: c.sentence,
                rule: c.rule,
                confidence: c.strength.confidence(),
            });
        }
        let aliases = links
            .into_iter()
            .filter_map(|(short, long, rule)| {
                Some(AliasLink {
                    short: index[short]?,
                    long: index[long]?,
                    rule,
                })
            })
            .collect();
        Recognition { mentions, aliases }
    }
}

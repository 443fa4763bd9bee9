//! Stage 5, relate: typed relations between a document's entities, each with its evidence.
//!
//! Two families of rules run over every sentence:
//! - `people.rs` and `patterns.rs`: Wikidata properties stated by the shape of a phrase:
//!   titles before a name ("Argentine Security Minister Patricia Bullrich": position held,
//!   citizenship),
//!   demonyms and countries before an organisation or facility (country), "X from Y",
//!   "the capital X", "the X government in Y", "members ... led by X", "X, a member of Y",
//!   "built to hold N", a law's year.
//! - `verbs.rs`: event relations stated by a verb of the inventory ([`Inventory`]) between a
//!   subject and an object in one clause, in the active voice, the passive with "by", and
//!   "X's NOUN of Y" nominalisations. Negated, modal, conditional and questioned verbs
//!   state nothing.
//!
//! Arguments are entity mentions, or definite descriptions ("the prison", "the group") and
//! personal pronouns ("he", "she") resolved to the latest fitting entity of the last few
//! sentences. A demonym ("Argentine") names its country even when the country is never
//! mentioned: such countries become *implied* entities of the document.

mod inventory;
mod patterns;
mod people;
mod verbs;

pub use inventory::{Inventory, InventoryError, Predicate, VerbForm, WDT, WIKIDATA_PROPERTIES};

use crate::entity_type::EntityType;
use crate::interned::RuleName;
use crate::lexicon::{Lexicon, PlaceKind, fold};
use crate::recognise::Recognition;
use crate::resolve::DocumentEntities;
use crate::segment::{Segmented, TokenKind};
use crate::span::Span;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

/// One argument of a relation: a document entity and the text that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argument {
    /// Index of the document's entity ([`DocumentEntities::entities`], then implied ones).
    pub entity: usize,
    /// The words that name it here: a mention, a description ("the prison"), a pronoun or
    /// a demonym.
    pub span: Span,
}

/// A position held, as a node of its own ("President of El Salvador").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Its name: the title, with "of" and the jurisdiction's name when known.
    pub label: String,
    /// The country or region the position belongs to.
    pub jurisdiction: Option<Argument>,
}

/// What a relation points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Object {
    /// Another entity.
    Entity(Argument),
    /// A position (for `wdt:P39`).
    Position(Position),
    /// A count (for `wdt:P1083`).
    Quantity(u64),
    /// A year (for `wdt:P571`).
    Year(u16),
}

/// One relation stated by one sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Who or what it is about.
    pub subject: Argument,
    /// What it says.
    #[serde(with = "crate::interned::predicate")]
    pub predicate: Arc<Predicate>,
    /// The other side.
    pub object: Object,
    /// Index of the sentence that says it.
    pub sentence: usize,
    /// The words that state it, from the first to the last word involved.
    pub evidence: Span,
    /// The rule that found it, e.g. `title`, `verb-active`.
    #[serde(with = "crate::interned::rule_name")]
    pub rule: RuleName,
    /// How sure the rule is, from 0 to 1.
    pub confidence: f32,
}

/// A country named only by a demonym or the gazetteer ("Argentine" -> Argentina).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpliedPlace {
    /// The words that imply it.
    pub span: Span,
    /// Index in [`Lexicon::places`].
    pub place: usize,
    /// The document entity index it was given (after the resolved entities).
    pub entity: usize,
}

/// What one document states.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Relations {
    /// Relations in text order.
    pub relations: Vec<Relation>,
    /// Places the relations need that no mention names.
    pub implied: Vec<ImpliedPlace>,
}

/// Finds the relations a document states between its entities.
pub fn relate(
    text: &str,
    segmented: &Segmented,
    recognition: &Recognition,
    entities: &DocumentEntities,
    lexicon: &Lexicon,
    inventory: &Inventory,
) -> Relations {
    let mut finder = Finder::new(text, segmented, recognition, entities, lexicon, inventory);
    for sentence in 0..segmented.sentences.len() {
        patterns::find(&mut finder, sentence);
        verbs::find(&mut finder, sentence);
    }
    let mut relations = finder.found;
    relations.relations.retain(|r| match &r.object {
        Object::Entity(o) => o.entity != r.subject.entity,
        _ => true,
    });
    relations
        .relations
        .sort_by_key(|r| (r.evidence, r.subject.span));
    relations.relations.dedup_by(|a, b| {
        a.subject.entity == b.subject.entity
            && a.predicate == b.predicate
            && a.object == b.object
            && a.sentence == b.sentence
    });
    relations
}

/// What a definite description or pronoun can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Referent {
    Person,
    Organization,
    /// A place that is not in the gazetteer: a prison, camp, building.
    Facility,
    Country,
    /// A city or town (gazetteer city, or a place not in the gazetteer).
    Town,
}

/// The state of one document's relation finding: its tokens, mentions and findings.
struct Finder<'a> {
    text: &'a str,
    segmented: &'a Segmented,
    recognition: &'a Recognition,
    entities: &'a DocumentEntities,
    lexicon: &'a Lexicon,
    inventory: &'a Inventory,
    /// The mention each token belongs to.
    mention_at: Vec<Option<usize>>,
    /// The token range of each mention.
    mention_tokens: Vec<Range<usize>>,
    /// The first of the document's entities that is each gazetteer place.
    place_entities: FxHashMap<usize, usize>,
    /// The entity of each place implied so far, the place of each such entity (they
    /// follow the document's own), and the spans that imply them.
    implied_entities: FxHashMap<usize, usize>,
    implied_places: Vec<usize>,
    implied_spans: FxHashSet<(usize, Span)>,
    found: Relations,
}

impl<'a> Finder<'a> {
    fn new(
        text: &'a str,
        segmented: &'a Segmented,
        recognition: &'a Recognition,
        entities: &'a DocumentEntities,
        lexicon: &'a Lexicon,
        inventory: &'a Inventory,
    ) -> Self {
        let tokens = &segmented.tokens;
        let mut mention_at = vec![None; tokens.len()];
        let mut mention_tokens = Vec::with_capacity(recognition.mentions.len());
        let mut first = 0;
        for (m, mention) in recognition.mentions.iter().enumerate() {
            while first < tokens.len() && tokens[first].span.end <= mention.span.start {
                first += 1;
            }
            let mut last = first;
            while last < tokens.len() && tokens[last].span.start < mention.span.end {
                mention_at[last] = Some(m);
                last += 1;
            }
            mention_tokens.push(first..last);
        }
        let mut place_entities = FxHashMap::default();
        for (index, entity) in entities.entities.iter().enumerate() {
            if let Some(place) = entity.place {
                place_entities.entry(place).or_insert(index);
            }
        }
        Self {
            text,
            segmented,
            recognition,
            entities,
            lexicon,
            inventory,
            mention_at,
            mention_tokens,
            place_entities,
            implied_entities: FxHashMap::default(),
            implied_places: Vec::new(),
            implied_spans: FxHashSet::default(),
            found: Relations::default(),
        }
    }

    /// Token range of a sentence.
    fn sentence_tokens(&self, sentence: usize) -> Range<usize> {
        self.segmented.sentences[sentence].tokens.clone()
    }

    /// The folded word at token `i` ("" outside the text).
    fn word(&self, i: usize) -> &str {
        self.segmented.folds.get(i).unwrap_or("")
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.segmented.tokens.get(i).map(|t| t.kind)
    }

    fn span(&self, i: usize) -> Span {
        self.segmented.tokens[i].span
    }

    /// The text of token `i` as written ("" outside the text).
    fn raw(&self, i: usize) -> &'a str {
        self.segmented
            .tokens
            .get(i)
            .map_or("", |t| t.span.of(self.text))
    }

    /// Whether token `i` is a word starting with a capital letter.
    fn capitalised(&self, i: usize) -> bool {
        matches!(
            self.kind(i),
            Some(TokenKind::Word | TokenKind::Abbreviation)
        ) && self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether token `i` is a lower-case word.
    fn lowercase_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Word)
            && self.raw(i).chars().next().is_some_and(char::is_lowercase)
    }

    fn is_possessive(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Possessive)
    }

    /// The mention that ends just before token `i` (`None` if token `i - 1` is not the end
    /// of one).
    fn mention_ending_before(&self, i: usize) -> Option<usize> {
        let m = self.mention_at[i.checked_sub(1)?]?;
        (self.mention_tokens[m].end == i).then_some(m)
    }

    /// The mention that starts at token `i`.
    fn mention_starting_at(&self, i: usize) -> Option<usize> {
        let m = *self.mention_at.get(i)?;
        m.filter(|&m| self.mention_tokens[m].start == i)
    }

    fn mention_type(&self, m: usize) -> EntityType {
        self.recognition.mentions[m].entity_type
    }

    /// The argument a mention gives.
    fn mention_argument(&self, m: usize) -> Argument {
        Argument {
            entity: self.entities.mention_entity[m],
            span: self.recognition.mentions[m].span,
        }
    }

    /// The gazetteer kind of a mention's entity, if it is a gazetteer place.
    fn place_kind(&self, m: usize) -> Option<PlaceKind> {
        let entity = &self.entities.entities[self.entities.mention_entity[m]];
        entity.place.map(|p| self.lexicon.places[p].kind)
    }

    /// The label of an argument's entity (an implied place's gazetteer name).
    fn label(&self, argument: Argument) -> String {
        match self.entities.entities.get(argument.entity) {
            Some(entity) => entity.label.clone(),
            None => argument
                .entity
                .checked_sub(self.entities.entities.len())
                .and_then(|implied| self.implied_places.get(implied))
                .map(|&place| self.lexicon.places[place].name.clone())
                .unwrap_or_default(),
        }
    }

    /// Whether a mention names a political party ("Republican Party").
    fn is_party(&self, m: usize) -> bool {
        let entity = &self.entities.entities[self.entities.mention_entity[m]];
        self.mention_type(m) == EntityType::Organization
            && fold(&entity.label).split(' ').any(|w| w == "party")
    }

    /// The entity of gazetteer place `place`: the document's own, or an implied one named
    /// by `span`. Looked up, not searched for: a long document has many of both.
    fn place_argument(&mut self, place: usize, span: Span) -> Argument {
        if let Some(&entity) = self.place_entities.get(&place) {
            return Argument { entity, span };
        }
        // A place implied by several spans has one entry per span, all with the same
        // entity: a new place takes the entity after the last one given.
        let entity = match self.implied_entities.get(&place) {
            Some(&entity) => entity,
            None => {
                let entity = self.entities.entities.len() + self.implied_places.len();
                self.implied_entities.insert(place, entity);
                self.implied_places.push(place);
                entity
            }
        };
        if self.implied_spans.insert((place, span)) {
            self.found.implied.push(ImpliedPlace {
                span,
                place,
                entity,
            });
        }
        Argument { entity, span }
    }

    /// Whether mention `m` can be what `referent` refers to.
    fn fits(&self, m: usize, referent: Referent) -> bool {
        let kind = self.place_kind(m);
        match (referent, self.mention_type(m)) {
            (Referent::Person, EntityType::Person) => true,
            (Referent::Organization, EntityType::Organization) => true,
            (Referent::Facility, EntityType::Place) => kind.is_none(),
            (Referent::Country, EntityType::Place) => kind == Some(PlaceKind::Country),
            (Referent::Town, EntityType::Place) => matches!(kind, None | Some(PlaceKind::City)),
            _ => false,
        }
    }

    /// The latest mention before token `before` (in its sentence or the three before it)
    /// that `referent` fits.
    fn antecedent(&self, before: usize, sentence: usize, referent: Referent) -> Option<usize> {
        let first_sentence = sentence.saturating_sub(3);
        let start = self.segmented.sentences[first_sentence].tokens.start;
        let last = self.mention_at[start..before]
            .iter()
            .rev()
            .flatten()
            .find(|&&m| self.fits(m, referent))?;
        Some(*last)
    }

    /// Resolves a definite description ("the prison") or pronoun ("he") whose head is
    /// token `head`, its words spanning tokens `first..=head`.
    fn resolve_reference(&self, first: usize, head: usize, sentence: usize) -> Option<Argument> {
        let referent = referent_of(self.word(head))?;
        let m = self.antecedent(first, sentence, referent)?;
        Some(Argument {
            entity: self.entities.mention_entity[m],
            span: Span::new(self.span(first).start, self.span(head).end),
        })
    }

    /// States the Wikidata property `id` between two entities.
    fn state(
        &mut self,
        subject: Argument,
        id: &str,
        object: Argument,
        sentence: usize,
        rule: (&'static str, f32),
    ) {
        let predicate = Predicate::shared_wikidata(id);
        self.push(subject, predicate, Object::Entity(object), sentence, rule);
    }

    fn push(
        &mut self,
        subject: Argument,
        predicate: Arc<Predicate>,
        object: Object,
        sentence: usize,
        (rule, confidence): (&'static str, f32),
    ) {
        let sentence_span = self.segmented.sentences[sentence].span;
        let mut evidence = subject.span;
        let mut widen = |span: Span| {
            evidence = Span::new(evidence.start.min(span.start), evidence.end.max(span.end));
        };
        match &object {
            Object::Entity(o) => widen(o.span),
            Object::Position(p) => {
                if let Some(j) = p.jurisdiction {
                    widen(j.span);
                }
            }
            Object::Quantity(_) | Object::Year(_) => {}
        }
        let evidence = Span::new(
            evidence.start.max(sentence_span.start),
            evidence.end.min(sentence_span.end),
        );
        self.found.relations.push(Relation {
            subject,
            predicate,
            object,
            sentence,
            evidence,
            rule,
            confidence,
        });
    }
}

/// What a description's head word or a pronoun refers to.
fn referent_of(word: &str) -> Option<Referent> {
    Some(match word {
        "he" | "she" | "him" | "her" => Referent::Person,
        "group" | "gang" | "organisation" | "organization" | "company" | "firm" | "party"
        | "agency" | "commission" | "committee" | "court" | "union" | "cartel" | "militia"
        | "network" | "ministry" | "department" | "corporation" | "bank" | "charity" | "ngo" => {
            Referent::Organization
        }
        "prison" | "jail" | "facility" | "centre" | "center" | "camp" | "mega-prison"
        | "penitentiary" | "compound" | "complex" | "base" | "plant" | "hospital" | "airport"
        | "stadium" | "museum" | "detention" => Referent::Facility,
        "country" | "nation" => Referent::Country,
        "city" | "town" | "village" => Referent::Town,
        _ => return None,
    })
}

#[cfg(test)]
mod tests;

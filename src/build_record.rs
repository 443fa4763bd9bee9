//! The build record: what a later build needs from a stored document, kept with it as
//! one literal (`<doc> kgo:buildRecord "{...}"^^rdf:JSON` in the document's graph).
//!
//! An incremental build resolves the entities of new documents together with those of
//! every stored one, and sums what the stored ones state. Reading that from each stored
//! graph (every mention's entity, name, type and sentence, every statement) took most of
//! a rebuild that changed nothing: 10,000 stories, 43 s of which three quarters were
//! those reads. The record says the same in one literal, read with one look-up.
//!
//! The record says what the document's full-model graph says: it is made from what the
//! graph is written from ([`BuildRecord::of_document`]), equal to what
//! [`BuildRecord::of_graph`] derives from the quads of the full provenance model, so it is
//! the same whichever `--provenance` the graph keeps. A stored graph without one (written
//! by an older kgraph) or with an unreadable one is read through `of_graph`. It names
//! entities by IRI: when a build links a stored document's entity to another IRI, the
//! record is rewritten with the graph ([`BuildRecord::relink`]).

use crate::entity_type::EntityType;
use crate::facts::{PositionDescription, StatedFact};
use crate::rdf::type_of_class;
use crate::resolve::WEAK_CONFIDENCE;
use crate::vocab::{kgo, nif, rdf};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `rdf:JSON`, the datatype of the record's literal.
pub const JSON_DATATYPE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON");

/// A document's own entity as its graph records it: the names its mentions use, and the
/// global entity they are linked to now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLocalEntity {
    /// Its type.
    pub entity_type: EntityType,
    /// Surface forms and counts (an implied reference's name counts zero).
    pub names: BTreeMap<String, usize>,
    /// The global entity the mentions currently link to.
    pub linked_to: NamedNode,
    /// Whether every mention was typed by a weak rule (confidence at most 0.5).
    pub weak: bool,
}

/// What a later build needs from one stored document. IRIs are listed once, sorted, and
/// referred to by index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildRecord {
    /// Every IRI the record names.
    iris: Vec<String>,
    /// The document's own entities, in the order of their IRIs (`#entity-N`).
    entities: Vec<RecordedEntity>,
    /// For each sentence that names an entity, in the order of the sentences' IRIs, the
    /// entities its mentions name (in IRI order, repeats kept).
    sentences: Vec<Vec<u32>>,
    /// The document's statements, in the order of their IRIs.
    statements: Vec<RecordedStatement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct RecordedEntity {
    #[serde(rename = "type")]
    entity_type: String,
    names: BTreeMap<String, usize>,
    weak: bool,
    linked: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct RecordedStatement {
    subject: u32,
    predicate: u32,
    object: RecordedTerm,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    position: Option<RecordedPosition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RecordedTerm {
    Iri(u32),
    Literal { value: String, datatype: u32 },
    Text { value: String, language: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct RecordedPosition {
    label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    jurisdiction: Option<u32>,
}

/// Why a stored record cannot be used (the graph is read instead).
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// Not the JSON of a record.
    #[error("not a build record: {0}")]
    Json(#[from] serde_json::Error),
    /// An index past the end of the IRI list, or a string there that is no IRI.
    #[error("build record names IRI {0} it does not hold")]
    Iri(String),
    /// An entity type or language tag that is not one.
    #[error("build record holds an invalid value: {0}")]
    Value(String),
}

/// The properties of one node of a document graph that the record reads.
#[derive(Default)]
struct Node<'a> {
    local: Option<&'a NamedNode>,
    class: Option<&'a NamedNode>,
    anchor: Option<&'a Literal>,
    implied_name: Option<&'a Literal>,
    refers: Option<&'a NamedNode>,
    linked: Option<&'a NamedNode>,
    confidence: Option<&'a Literal>,
    sentence: Option<&'a NamedNode>,
    predicate: Option<&'a NamedNode>,
    subject: Option<&'a NamedNode>,
    object: Option<&'a Term>,
    position_label: Option<&'a Literal>,
    position_jurisdiction: Option<&'a NamedNode>,
}

impl<'a> Node<'a> {
    /// Records `object` under `predicate`, if the record reads that property (the first
    /// value of each is kept).
    fn set(&mut self, predicate: NamedNodeRef<'_>, object: &'a Term) {
        fn iri(term: &Term) -> Option<&NamedNode> {
            match term {
                Term::NamedNode(node) => Some(node),
                _ => None,
            }
        }
        fn literal(term: &Term) -> Option<&Literal> {
            match term {
                Term::Literal(literal) => Some(literal),
                _ => None,
            }
        }
        let slot_iri = |slot: &mut Option<&'a NamedNode>| {
            if slot.is_none() {
                *slot = iri(object);
            }
        };
        let slot_literal = |slot: &mut Option<&'a Literal>| {
            if slot.is_none() {
                *slot = literal(object);
            }
        };
        match predicate {
            p if p == kgo::LOCAL_ENTITY => slot_iri(&mut self.local),
            p if p == nif::TA_CLASS_REF => slot_iri(&mut self.class),
            p if p == nif::ANCHOR_OF => slot_literal(&mut self.anchor),
            p if p == kgo::NAME => slot_literal(&mut self.implied_name),
            p if p == kgo::REFERS_TO => slot_iri(&mut self.refers),
            p if p == nif::TA_IDENT_REF => slot_iri(&mut self.linked),
            p if p == kgo::CONFIDENCE => slot_literal(&mut self.confidence),
            p if p == nif::SENTENCE => slot_iri(&mut self.sentence),
            p if p == rdf::PREDICATE => slot_iri(&mut self.predicate),
            p if p == rdf::SUBJECT => slot_iri(&mut self.subject),
            p if p == rdf::OBJECT && self.object.is_none() => self.object = Some(object),
            p if p == kgo::POSITION_LABEL => slot_literal(&mut self.position_label),
            p if p == kgo::POSITION_JURISDICTION => slot_iri(&mut self.position_jurisdiction),
            _ => {}
        }
    }
}

/// What one node naming a document entity (a mention, or an implied reference) adds to
/// the entity's record.
struct Naming<'a> {
    entity_type: &'a str,
    name: &'a str,
    /// Whether the name counts (an implied reference's does not).
    counted: bool,
    /// Whether a weak rule typed it.
    weak: bool,
    /// The global entity it links to.
    linked: &'a str,
}

impl Naming<'_> {
    /// Adds the naming to the entity `local`: the first naming (in IRI order) types and
    /// links it, every one adds its name, and the entity is weak if every naming is.
    fn add_to<'k>(
        &self,
        local: &'k str,
        entities: &mut BTreeMap<&'k str, RecordedEntity>,
        table: &mut IriTable,
    ) {
        let linked = table.add(self.linked);
        let entity = entities.entry(local).or_insert_with(|| RecordedEntity {
            entity_type: self.entity_type.to_owned(),
            names: BTreeMap::new(),
            weak: true,
            linked,
        });
        entity.weak &= self.weak;
        *entity.names.entry(self.name.to_owned()).or_default() += usize::from(self.counted);
    }
}

/// Builds the IRI list of a record, each IRI once.
#[derive(Default)]
struct IriTable {
    index: FxHashMap<String, u32>,
    iris: Vec<String>,
}

impl IriTable {
    fn add(&mut self, iri: &str) -> u32 {
        if let Some(&index) = self.index.get(iri) {
            return index;
        }
        let index = u32::try_from(self.iris.len()).expect("fewer than 2^32 IRIs in a document");
        self.iris.push(iri.to_owned());
        self.index.insert(iri.to_owned(), index);
        index
    }
}

impl BuildRecord {
    /// The record of a document graph, from its quads (a record quad among them is
    /// ignored).
    ///
    /// - An entity is what the mentions with the same `kgo:localEntity` say: the type of
    ///   the first, the text of each as a name counted once (an implied reference's
    ///   `kgo:name` counted zero times), the entity linked (`itsrdf:taIdentRef`, or
    ///   `kgo:refersTo` for an implied reference), and whether every mention's
    ///   confidence is weak.
    /// - A sentence lists the entities its mentions link to (`nif:sentence`).
    /// - A statement is an `rdf:Statement`'s triple, with its position's label and
    ///   jurisdiction.
    pub fn of_graph<'a>(quads: impl IntoIterator<Item = &'a Quad>) -> Self {
        let mut nodes: FxHashMap<&str, Node<'_>> = FxHashMap::default();
        for quad in quads {
            if let NamedOrBlankNode::NamedNode(subject) = &quad.subject {
                nodes
                    .entry(subject.as_str())
                    .or_default()
                    .set(quad.predicate.as_ref(), &quad.object);
            }
        }
        let mut table = IriTable::default();
        let mut entities: BTreeMap<&str, RecordedEntity> = BTreeMap::new();
        let mut sentences: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut statements: BTreeMap<&str, RecordedStatement> = BTreeMap::new();
        let mut nodes: Vec<(&str, Node<'_>)> = nodes.into_iter().collect();
        // Nodes in IRI order, so "the first mention" of an entity is the same whichever
        // order the quads came in.
        nodes.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (iri, node) in &nodes {
            if let (Some(local), Some(class)) = (node.local, node.class) {
                let linked = match node.implied_name {
                    Some(_) => node.refers,
                    None => node.linked,
                };
                let name = node.implied_name.or(node.anchor);
                let entity_type = type_of_class(class.as_str());
                if let (Some(name), Some(linked), Some(entity_type)) = (name, linked, entity_type) {
                    let naming = Naming {
                        entity_type: entity_type.label(),
                        name: name.value(),
                        counted: node.implied_name.is_none(),
                        weak: node
                            .confidence
                            .and_then(|c| c.value().parse::<f32>().ok())
                            .is_some_and(|c| c <= WEAK_CONFIDENCE),
                        linked: linked.as_str(),
                    };
                    naming.add_to(local.as_str(), &mut entities, &mut table);
                }
            }
            if let (Some(sentence), Some(linked)) = (node.sentence, node.linked) {
                sentences
                    .entry(sentence.as_str())
                    .or_default()
                    .push(linked.as_str());
            }
            if let (Some(predicate), Some(subject), Some(object)) =
                (node.predicate, node.subject, node.object)
            {
                let object = match object {
                    Term::NamedNode(object) => RecordedTerm::Iri(table.add(object.as_str())),
                    Term::Literal(literal) => match literal.language() {
                        Some(language) => RecordedTerm::Text {
                            value: literal.value().to_owned(),
                            language: language.to_owned(),
                        },
                        None => RecordedTerm::Literal {
                            value: literal.value().to_owned(),
                            datatype: table.add(literal.datatype().as_str()),
                        },
                    },
                    _ => continue,
                };
                let position = node.position_label.map(|label| RecordedPosition {
                    label: label.value().to_owned(),
                    jurisdiction: node
                        .position_jurisdiction
                        .map(|place| table.add(place.as_str())),
                });
                let statement = RecordedStatement {
                    subject: table.add(subject.as_str()),
                    predicate: table.add(predicate.as_str()),
                    object,
                    position,
                };
                statements.insert(iri, statement);
            }
        }
        Self::from_parts(
            table,
            entities.into_values(),
            sentences.into_values(),
            statements.into_values(),
        )
    }

    /// The record of a document's entities, the entities each sentence names (as IRIs)
    /// and its statements, each in the order of their IRIs, with `table` the IRIs named
    /// so far: in its written form ([`BuildRecord::canonical`]).
    fn from_parts<'a>(
        mut table: IriTable,
        entities: impl Iterator<Item = RecordedEntity>,
        sentences: impl Iterator<Item = Vec<&'a str>>,
        statements: impl Iterator<Item = RecordedStatement>,
    ) -> Self {
        let sentences = sentences
            .map(|linked| linked.into_iter().map(|iri| table.add(iri)).collect())
            .collect();
        Self {
            iris: table.iris,
            entities: entities.collect(),
            sentences,
            statements: statements.collect(),
        }
        .canonical()
    }

    /// The same record in its one written form: IRIs sorted and listed once, each
    /// sentence's entities in IRI order. A record relinked in the store is then written
    /// exactly as a fresh build would write it.
    fn canonical(mut self) -> Self {
        let mut sorted = self.iris.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let to_new: Vec<u32> = self
            .iris
            .iter()
            .map(|iri| {
                let at = sorted
                    .binary_search(iri)
                    .expect("every IRI is in the sorted list");
                u32::try_from(at).expect("fewer than 2^32 IRIs in a document")
            })
            .collect();
        let remap = |index: &mut u32| *index = to_new[*index as usize];
        for entity in &mut self.entities {
            remap(&mut entity.linked);
        }
        for sentence in &mut self.sentences {
            sentence.iter_mut().for_each(remap);
            sentence.sort_unstable();
        }
        for statement in &mut self.statements {
            remap(&mut statement.subject);
            remap(&mut statement.predicate);
            match &mut statement.object {
                RecordedTerm::Iri(i) | RecordedTerm::Literal { datatype: i, .. } => remap(i),
                RecordedTerm::Text { .. } => {}
            }
            if let Some(place) = statement
                .position
                .as_mut()
                .and_then(|p| p.jurisdiction.as_mut())
            {
                remap(place);
            }
        }
        self.iris = sorted;
        self
    }

    /// The record as it is stored: a JSON literal.
    pub fn to_literal(&self) -> Literal {
        let json = serde_json::to_string(self).expect("a record serialises");
        Literal::new_typed_literal(json, JSON_DATATYPE)
    }

    /// Reads a stored record.
    ///
    /// # Errors
    /// When `json` is not a record, or names an IRI it does not hold.
    pub fn parse(json: &str) -> Result<Self, RecordError> {
        let record: Self = serde_json::from_str(json)?;
        for iri in &record.iris {
            NamedNode::new(iri.as_str()).map_err(|_| RecordError::Iri(iri.clone()))?;
        }
        for entity in &record.entities {
            entity
                .entity_type
                .parse::<EntityType>()
                .map_err(|e| RecordError::Value(e.to_string()))?;
        }
        for statement in &record.statements {
            if let RecordedTerm::Text { value, language } = &statement.object {
                Literal::new_language_tagged_literal(value, language)
                    .map_err(|e| RecordError::Value(e.to_string()))?;
            }
        }
        let indices = record
            .entities
            .iter()
            .map(|e| e.linked)
            .chain(record.sentences.iter().flatten().copied())
            .chain(record.statements.iter().flat_map(|s| {
                let object = match &s.object {
                    RecordedTerm::Iri(i) | RecordedTerm::Literal { datatype: i, .. } => Some(*i),
                    RecordedTerm::Text { .. } => None,
                };
                let jurisdiction = s.position.as_ref().and_then(|p| p.jurisdiction);
                [Some(s.subject), Some(s.predicate), object, jurisdiction]
                    .into_iter()
                    .flatten()
            }));
        for index in indices {
            if record.iris.get(index as usize).is_none() {
                return Err(RecordError::Iri(format!("#{index}")));
            }
        }
        Ok(record)
    }

    /// Links to `new` whatever the record links to `old`; says whether anything changed.
    pub fn relink(&mut self, old: &str, new: &str) -> bool {
        let mut changed = false;
        for iri in self.iris.iter_mut().filter(|iri| *iri == old) {
            new.clone_into(iri);
            changed = true;
        }
        if changed {
            *self = std::mem::take(self).canonical();
        }
        changed
    }

    fn iri(&self, index: u32) -> NamedNode {
        NamedNode::new_unchecked(self.iris[index as usize].as_str())
    }

    /// The document's own entities, in a stable order.
    pub fn local_entities(&self) -> Vec<StoredLocalEntity> {
        self.entities
            .iter()
            .map(|e| StoredLocalEntity {
                entity_type: e.entity_type.parse().expect("checked when parsed"),
                names: e.names.clone(),
                linked_to: self.iri(e.linked),
                weak: e.weak,
            })
            .collect()
    }

    /// The entities each sentence names (one list per sentence that names any, an entity
    /// named twice listed twice).
    pub fn sentence_entities(&self) -> Vec<Vec<NamedNode>> {
        self.sentences
            .iter()
            .map(|linked| linked.iter().map(|&i| self.iri(i)).collect())
            .collect()
    }

    /// What the document's statements say, with the positions they name.
    pub fn statements(&self) -> Vec<StatedFact> {
        self.statements
            .iter()
            .map(|s| StatedFact {
                subject: self.iri(s.subject),
                predicate: self.iri(s.predicate),
                object: match &s.object {
                    RecordedTerm::Iri(i) => self.iri(*i).into(),
                    RecordedTerm::Literal { value, datatype } => {
                        Literal::new_typed_literal(value.as_str(), self.iri(*datatype)).into()
                    }
                    RecordedTerm::Text { value, language } => {
                        Literal::new_language_tagged_literal_unchecked(value, language).into()
                    }
                },
                position: s.position.as_ref().map(|p| PositionDescription {
                    label: p.label.clone(),
                    jurisdiction: p.jurisdiction.map(|i| self.iri(i)),
                }),
                sentences: 0,
            })
            .collect()
    }
}

mod document;
#[cfg(test)]
mod tests;

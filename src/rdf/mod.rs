//! The linked-data model: IRIs minted from content, and the quads of each named graph.
//!
//! - A document is `<base>document/<id>`; its named graph has the same IRI and holds the
//!   document's description, its sentences and mentions (NIF 2.0) and what it says.
//! - An entity is `<base><type folder>/<slug of canonical name>`, e.g.
//!   `<base>person/donald-trump`; its description (type, labels, links) lives in the named
//!   graph `<base>graph/entities`.
//! - Spans are `<document IRI>#char=<begin>,<end>` (NIF's offset scheme, code points).
//!
//! No blank nodes are ever written: every node has an IRI derived from the input, so the
//! same input gives the same quads.

mod document;
mod provenance;

#[cfg(test)]
pub(crate) use document::document_lines_within;
pub use document::{DocumentGraph, MentionRecord, document_lines, document_quads, write_document};
pub use provenance::{
    Provenance, RELATION_RULE_CONFIDENCE, RULE_CONFIDENCE, UnknownProvenance, usual_confidence,
    usual_relation_confidence,
};

use crate::entity_type::EntityType;
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::load::SourceFormat;
use crate::relate::{Inventory, WDT, WIKIDATA_PROPERTIES};
use crate::resolve::{Entity, Merge};
use crate::vocab::{common, kgo, owl, rdf, schema};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use std::collections::BTreeMap;

/// Mints the IRIs of one knowledge graph under its base IRI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iris {
    base: String,
}

/// A base IRI that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base IRI {iri:?}: {reason}")]
pub struct InvalidBase {
    /// The IRI given.
    pub iri: String,
    /// What is wrong.
    pub reason: String,
}

impl Iris {
    /// IRIs under `base`, which must be an absolute IRI ending in `/` or `#`.
    ///
    /// # Errors
    /// [`InvalidBase`] if `base` is not an absolute IRI or does not end in `/` or `#`.
    pub fn new(base: &str) -> Result<Self, InvalidBase> {
        let invalid = |reason: &str| InvalidBase {
            iri: base.to_owned(),
            reason: reason.to_owned(),
        };
        NamedNode::new(base).map_err(|e| invalid(&e.to_string()))?;
        if !base.ends_with('/') && !base.ends_with('#') {
            return Err(invalid("it must end with '/' or '#'"));
        }
        Ok(Self {
            base: base.to_owned(),
        })
    }

    /// The base IRI.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The knowledge graph itself.
    pub fn dataset(&self) -> NamedNode {
        NamedNode::new_unchecked(self.base.clone())
    }

    /// A document, which is also the name of its graph.
    pub fn document(&self, id: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}document/{}", self.base, encode_path(id)))
    }

    /// The graph of merged entity descriptions.
    pub fn entities_graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}graph/entities", self.base))
    }

    /// A span of a document, in code points.
    pub fn span(&self, document: &NamedNode, begin: usize, end: usize) -> NamedNode {
        NamedNode::new_unchecked(format!("{}#char={begin},{end}", document.as_str()))
    }

    /// An entity of `entity_type` with this slug.
    pub fn entity(&self, entity_type: EntityType, slug: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{}/{slug}", self.base, entity_type.folder()))
    }

    /// A position held ("President of El Salvador"), by the slug of its name.
    pub fn position(&self, slug: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}position/{slug}", self.base))
    }

    /// The corpus-wide co-mention summary of two entities (named from both IRIs).
    pub fn co_mention(&self, a: &NamedNode, b: &NamedNode) -> NamedNode {
        self.co_mention_node(co_mention_key(a, b))
    }

    /// The co-mention summary named by `key` (see [`co_mention_key`]).
    pub fn co_mention_node(&self, key: u64) -> NamedNode {
        NamedNode::new_unchecked(format!("{}co-mention/{key:016x}", self.base))
    }

    /// The namespace of entities of one type, e.g. `<base>person/`.
    pub fn type_namespace(&self, entity_type: EntityType) -> String {
        format!("{}{}/", self.base, entity_type.folder())
    }
}

/// What names the co-mention summary of two entities: the first 8 bytes of the BLAKE3
/// hash of both IRIs. Its hexadecimal form ends the summary's IRI, so keys sort as the
/// IRIs do.
pub fn co_mention_key(a: &NamedNode, b: &NamedNode) -> u64 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(a.as_str().as_bytes());
    hasher.update(b"\n");
    hasher.update(b.as_str().as_bytes());
    let hash = hasher.finalize();
    let mut first = [0; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_be_bytes(first)
}

/// The schema.org class of an entity type.
pub fn class_of(entity_type: EntityType) -> NamedNodeRef<'static> {
    match entity_type {
        EntityType::Person => schema::PERSON,
        EntityType::Organization => schema::ORGANIZATION,
        EntityType::Place => schema::PLACE,
        EntityType::Law => schema::LEGISLATION,
    }
}

/// The entity type of a schema.org class IRI.
pub fn type_of_class(class: &str) -> Option<EntityType> {
    EntityType::ALL
        .into_iter()
        .find(|&t| class_of(t).as_str() == class)
}

/// A readable, stable IRI segment for a name: ASCII, lower case, words joined by `-`.
///
/// "Nicolás Maduro" -> `nicolas-maduro`; "MS-13" -> `ms-13`; names with no letters or
/// digits (all punctuation) become `unnamed`.
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' {
            // "O'Brien" -> obrien
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "unnamed".to_owned()
    } else {
        slug
    }
}

/// Percent-encodes a document id for an IRI path, keeping `/` and unreserved characters.
pub fn encode_path(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The IRIs of global entities: one per entity, `-2`, `-3`... added where two entities
/// of one type would get the same slug.
pub fn entity_iris(iris: &Iris, entities: &[Entity]) -> Vec<NamedNode> {
    let mut used = std::collections::HashSet::new();
    entities
        .iter()
        .map(|entity| {
            let base = slug(&entity.label);
            let mut candidate = iris.entity(entity.entity_type, &base);
            let mut n = 2;
            while !used.insert(candidate.clone()) {
                candidate = iris.entity(entity.entity_type, &format!("{base}-{n}"));
                n += 1;
            }
            candidate
        })
        .collect()
}

/// The offsets a span's IRI names, `<document>#char=BEGIN,END` (code points, end
/// exclusive), or `None` for an IRI that names no span.
pub fn span_offsets(iri: &str) -> Option<(usize, usize)> {
    let (_, offsets) = iri.rsplit_once("#char=")?;
    let (begin, end) = offsets.split_once(',')?;
    let (begin, end) = (begin.parse().ok()?, end.parse().ok()?);
    (begin <= end).then_some((begin, end))
}

/// The words of a span of `text`: code points `begin..end` (what SPARQL's
/// `SUBSTR(text, begin + 1, end - begin)` gives), shorter if the text is.
pub fn span_text(text: &str, begin: usize, end: usize) -> &str {
    let byte = |at: usize| text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
    let start = byte(begin);
    let stop = if end <= begin {
        start
    } else {
        start
            + text[start..]
                .char_indices()
                .nth(end - begin)
                .map_or(text.len() - start, |(i, _)| i)
    };
    &text[start..stop]
}

/// The version of the quads a document's graph is written as: raised whenever a change
/// to the program changes them, so stores built before it extract every document again
/// (and the dataset node records it, so a build can tell an older store).
pub const GRAPH_MODEL: u32 = 5;

/// Entities named together in each sentence of a document: pairs (sorted by IRI) and
/// how many sentences name both.
pub fn co_mentions<'a>(
    graph: &'a DocumentGraph<'_>,
) -> BTreeMap<(&'a NamedNode, &'a NamedNode), usize> {
    let mut per_sentence: BTreeMap<usize, Vec<&NamedNode>> = BTreeMap::new();
    for mention in &graph.mentions {
        per_sentence
            .entry(mention.sentence)
            .or_default()
            .push(&mention.entity);
    }
    count_co_mentions(per_sentence.into_values())
}

/// A sentence that names more distinct entities than this is a list or a table row, not
/// a statement about them together: it co-mentions none of them. This bounds the pairs
/// of one sentence (at most 40 × 39 / 2 = 780), which otherwise grow with the square of
/// its names: one line listing 50 MB of names would make some 60 million. Ordinary text
/// stays far below it: the most any sentence of `shared/train` names is 34 (28 with the
/// tagger).
pub const MAX_CO_MENTIONED: usize = 40;

/// Pairs of distinct entities named in the same sentence (each pair sorted by IRI) and
/// in how many sentences, from the entities each sentence names (repeats allowed).
/// Sentences naming more than [`MAX_CO_MENTIONED`] distinct entities add no pair.
pub fn count_co_mentions<'a>(
    sentences: impl IntoIterator<Item = Vec<&'a NamedNode>>,
) -> BTreeMap<(&'a NamedNode, &'a NamedNode), usize> {
    let mut pairs: BTreeMap<(&NamedNode, &NamedNode), usize> = BTreeMap::new();
    for mut entities in sentences {
        entities.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        entities.dedup();
        if entities.len() > MAX_CO_MENTIONED {
            continue;
        }
        for (i, a) in entities.iter().enumerate() {
            for b in &entities[i + 1..] {
                *pairs.entry((a, b)).or_default() += 1;
            }
        }
    }
    pairs
}

/// A Wikidata direct property.
fn wikidata(id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{WDT}{id}"))
}

/// The descriptions of every predicate relations can use (Wikidata properties, the verb
/// inventory, co-mention), and of the position class.
fn ontology_quads(inventory: &Inventory, add: &mut impl FnMut(&NamedNode, NamedNodeRef<'_>, Term)) {
    let literal_valued = ["P571", "P1083"];
    for (id, label) in WIKIDATA_PROPERTIES {
        let property = wikidata(id);
        let class = if literal_valued.contains(id) {
            owl::DATATYPE_PROPERTY
        } else {
            owl::OBJECT_PROPERTY
        };
        add(&property, rdf::TYPE, class.into());
        add(&property, rdf::LABEL, Literal::from(*label).into());
    }
    for predicate in inventory.predicates() {
        let property = NamedNode::new_unchecked(predicate.iri.clone());
        add(&property, rdf::TYPE, owl::OBJECT_PROPERTY.into());
        add(
            &property,
            rdf::LABEL,
            Literal::from(predicate.label.as_str()).into(),
        );
    }
    let co_mention = kgo::CO_MENTIONED_WITH.into_owned();
    add(&co_mention, rdf::TYPE, owl::SYMMETRIC_PROPERTY.into());
    add(
        &co_mention,
        rdf::LABEL,
        Literal::from("co-mentioned with").into(),
    );
    let position = kgo::POSITION.into_owned();
    add(&position, rdf::TYPE, owl::CLASS.into());
    add(&position, rdf::LABEL, Literal::from("position").into());
    let summary = kgo::CO_MENTION.into_owned();
    add(&summary, rdf::TYPE, owl::CLASS.into());
    add(&summary, rdf::LABEL, Literal::from("co-mention").into());
}

/// The quads of the entity graph that describe no entity: the dataset node and the
/// ontology's predicates and classes.
pub fn graph_description_quads(
    iris: &Iris,
    inventory: &Inventory,
    provenance: Provenance,
) -> Vec<Quad> {
    let name = GraphName::NamedNode(iris.entities_graph());
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(s.clone(), p, o, name.clone()));
    };
    let dataset = iris.dataset();
    add(&dataset, rdf::TYPE, kgo::KNOWLEDGE_GRAPH.into());
    add(
        &dataset,
        common::CREATOR,
        Literal::from(concat!("kgraph ", env!("CARGO_PKG_VERSION"))).into(),
    );
    add(&dataset, kgo::GRAPH_MODEL, integer(GRAPH_MODEL as usize));
    add(
        &dataset,
        kgo::PROVENANCE,
        Literal::from(provenance.name()).into(),
    );
    ontology_quads(inventory, &mut add);
    for (rule, confidence) in RULE_CONFIDENCE {
        let node = rule_node(rule);
        add(&node, rdf::TYPE, kgo::RULE_CLASS.into());
        add(&node, rdf::LABEL, Literal::from(*rule).into());
        add(&node, kgo::CONFIDENCE, decimal(*confidence));
    }
    for (rule, confidence) in RELATION_RULE_CONFIDENCE {
        let node = relation_rule_node(rule);
        add(&node, rdf::TYPE, kgo::RELATION_RULE_CLASS.into());
        add(&node, rdf::LABEL, Literal::from(*rule).into());
        add(&node, kgo::CONFIDENCE, decimal(*confidence));
    }
    quads
}

/// The node that describes a relation rule in the entity graph:
/// `kgo:relation-rule-<name>`.
pub fn relation_rule_node(rule: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}relation-rule-{rule}", crate::vocab::KGO))
}

/// The node that describes a recognition rule in the entity graph: `kgo:rule-<name>`.
pub fn rule_node(rule: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}rule-{rule}", crate::vocab::KGO))
}

/// The quads of the entity graph whose subject is one entity (`iri`): its type, labels,
/// counts, name keys and links, and a `kgo:merged` link to each of its merge records
/// (whose own quads are [`merge_record_quads`]).
pub fn entity_quads(
    graph: &GraphName,
    entity: &Entity,
    iri: &NamedNode,
    document_count: usize,
    lexicon: &Lexicon,
    gazetteer: &Gazetteer,
) -> Vec<Quad> {
    let mut quads = Vec::new();
    let mut add = |p: NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(iri.clone(), p, o, graph.clone()));
    };
    add(rdf::TYPE, class_of(entity.entity_type).into());
    add(rdf::LABEL, Literal::from(entity.label.as_str()).into());
    add(kgo::MENTION_COUNT, integer(entity.mention_count()));
    add(kgo::DOCUMENT_COUNT, integer(document_count));
    let mut keys = vec![entity.label.to_lowercase()];
    for alt in entity.alt_labels() {
        add(common::ALT_LABEL, Literal::from(alt).into());
        keys.push(alt.to_lowercase());
    }
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        add(kgo::NAME_KEY, Literal::from(key).into());
    }
    if let Some(year) = entity.year {
        add(
            schema::LEGISLATION_DATE,
            Literal::new_typed_literal(format!("{year:04}"), xsd::G_YEAR).into(),
        );
    }
    if let Some(place) = entity.place.map(|p| &lexicon.places[p]) {
        if let Some(id) = place.geonames_id {
            let geonames = NamedNode::new_unchecked(format!("https://sws.geonames.org/{id}/"));
            add(common::SAME_AS, geonames.into());
        }
        if let Some(q) = &place.wikidata {
            let wikidata = NamedNode::new_unchecked(format!("http://www.wikidata.org/entity/{q}"));
            add(common::SAME_AS, wikidata.into());
        }
    }
    // The identifier of the user's gazetteer entry that lists one of its names.
    let entry = entity.names.keys().find_map(|name| {
        gazetteer
            .lookup(name)
            .filter(|e| e.entity_type == entity.entity_type)
    });
    if let Some(entry_iri) = entry.and_then(|e| e.iri.as_deref()) {
        add(common::SAME_AS, NamedNode::new_unchecked(entry_iri).into());
    }
    for (record, _) in merge_records(entity, iri) {
        add(kgo::MERGED, record.into());
    }
    quads
}

/// The merges of an entity that its description records (all but `same-name`), each
/// with the IRI of its record, `<entity>#merge-<n>`.
pub fn merge_records<'a>(
    entity: &'a Entity,
    iri: &NamedNode,
) -> impl Iterator<Item = (NamedNode, &'a Merge)> + use<'a> {
    let iri = iri.as_str().to_owned();
    entity
        .merges
        .iter()
        .filter(|m| m.rule != "same-name")
        .enumerate()
        .map(move |(n, merge)| {
            let record = NamedNode::new_unchecked(format!("{iri}#merge-{}", n + 1));
            (record, merge)
        })
}

/// The quads of one merge record (see [`merge_records`]): its type, rule and names.
pub fn merge_record_quads(graph: &GraphName, record: &NamedNode, merge: &Merge) -> Vec<Quad> {
    let mut quads = Vec::new();
    merge_record(record, merge, &mut |s, p, o| {
        quads.push(Quad::new(s.clone(), p, o, graph.clone()));
    });
    quads
}

/// A merge made within a document: the link from the entity it formed, and its record.
pub(crate) fn merge_quads(
    record: &NamedNode,
    merge: &Merge,
    entity: &NamedNode,
    add: &mut impl FnMut(&NamedNode, NamedNodeRef<'_>, Term),
) {
    add(entity, kgo::MERGED, record.clone().into());
    merge_record(record, merge, add);
}

fn merge_record(
    record: &NamedNode,
    merge: &Merge,
    add: &mut impl FnMut(&NamedNode, NamedNodeRef<'_>, Term),
) {
    add(record, rdf::TYPE, kgo::MERGE.into());
    add(record, kgo::RULE, Literal::from(merge.rule.as_str()).into());
    add(record, kgo::NAME, Literal::from(merge.name.as_str()).into());
    add(record, kgo::INTO, Literal::from(merge.into.as_str()).into());
}

pub(crate) fn integer(value: usize) -> Term {
    Literal::new_typed_literal(value.to_string(), xsd::INTEGER).into()
}

pub(crate) fn integer_u64(value: u64) -> Term {
    Literal::new_typed_literal(value.to_string(), xsd::INTEGER).into()
}

/// A decimal in canonical form ("0.9", never "0.90"), so the store keeps it byte-identical.
pub(crate) fn decimal(value: f32) -> Term {
    let mut text = format!("{value}");
    if !text.contains('.') {
        text.push_str(".0");
    }
    Literal::new_typed_literal(text, xsd::DECIMAL).into()
}

pub(crate) fn media_type(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Text => "text/plain",
        SourceFormat::Markdown => "text/markdown",
        SourceFormat::Html => "text/html",
        SourceFormat::JsonLines => "application/jsonl",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let cases = [
            ("Donald Trump", "donald-trump"),
            ("Nicolás Maduro", "nicolas-maduro"),
            ("MS-13", "ms-13"),
            ("U.S.", "u-s"),
            ("O'Brien", "obrien"),
            ("  <>\"\\ ", "unnamed"),
            (
                "Inter-American Commission on Human Rights",
                "inter-american-commission-on-human-rights",
            ),
        ];
        for (name, expected) in cases {
            assert_eq!(slug(name), expected, "{name}");
        }
    }

    #[test]
    fn document_iris_are_valid_for_any_id() {
        let iris = Iris::new("http://example.org/kg/").unwrap();
        for id in [
            "a.txt",
            "sub dir/ü <x>.md",
            "feed.jsonl:12",
            "\"quoted\"#frag",
        ] {
            let iri = iris.document(id);
            assert!(NamedNode::new(iri.as_str()).is_ok(), "{iri}");
        }
        assert_eq!(
            iris.document("a b/c.txt").as_str(),
            "http://example.org/kg/document/a%20b/c.txt"
        );
    }

    #[test]
    fn span_iris_say_their_offsets_and_their_words_are_read_from_the_text() {
        let text = "Señor Núñez met Ana.";
        // (IRI, offsets, words)
        let cases = [
            ("http://e/document/a.txt#char=0,5", Some((0, 5)), "Señor"),
            ("http://e/document/a.txt#char=6,11", Some((6, 11)), "Núñez"),
            ("http://e/document/a.txt#char=16,20", Some((16, 20)), "Ana."),
            ("http://e/document/a.txt#char=16,99", Some((16, 99)), "Ana."),
            ("http://e/document/a.txt#char=3,3", Some((3, 3)), ""),
            ("http://e/document/a.txt#char=5,3", None, ""),
            ("http://e/document/a.txt#relation-1", None, ""),
            ("http://e/document/a.txt#char=x,3", None, ""),
        ];
        for (iri, offsets, words) in cases {
            assert_eq!(span_offsets(iri), offsets, "{iri}");
            if let Some((begin, end)) = offsets {
                assert_eq!(span_text(text, begin, end), words, "{iri}");
            }
        }
    }

    #[test]
    fn bad_bases_are_refused() {
        assert!(Iris::new("not an iri").is_err());
        assert!(Iris::new("http://example.org/no-slash").is_err());
        assert!(Iris::new("http://example.org/ok#").is_ok());
    }

    #[test]
    fn a_sentence_co_mentions_at_most_a_bounded_number_of_entities() {
        let entities: Vec<NamedNode> = (0..=MAX_CO_MENTIONED)
            .map(|i| NamedNode::new_unchecked(format!("http://e/{i:03}")))
            .collect();
        let all_pairs = |n: usize| n * (n - 1) / 2;
        // (what one sentence names, pairs it adds)
        let cases: Vec<(Vec<&NamedNode>, usize)> = vec![
            (entities[..2].iter().collect(), 1),
            // Repeats count once.
            (vec![&entities[0], &entities[1], &entities[0]], 1),
            (
                entities[..MAX_CO_MENTIONED].iter().collect(),
                all_pairs(MAX_CO_MENTIONED),
            ),
            // A list of more names than that: no pair at all.
            (entities.iter().collect(), 0),
            // Repeats do not make a list.
            (
                entities[..MAX_CO_MENTIONED]
                    .iter()
                    .chain(&entities[..MAX_CO_MENTIONED])
                    .collect(),
                all_pairs(MAX_CO_MENTIONED),
            ),
        ];
        for (sentence, expected) in cases {
            let names = sentence.len();
            assert_eq!(
                count_co_mentions([sentence]).len(),
                expected,
                "a sentence of {names} names"
            );
        }
        // A long list of sentences of names: pairs grow with the sentences, never with the
        // square of the names.
        let list: Vec<NamedNode> = (0..10_000)
            .map(|i| NamedNode::new_unchecked(format!("http://e/{i:05}")))
            .collect();
        let sentences = list
            .chunks(50)
            .map(|names| names.iter().collect::<Vec<_>>());
        assert!(count_co_mentions(sentences).is_empty());
        let sentences = list
            .chunks(10)
            .map(|names| names.iter().collect::<Vec<_>>());
        assert_eq!(count_co_mentions(sentences).len(), 1000 * all_pairs(10));
    }

    #[test]
    fn colliding_slugs_get_suffixes() {
        let iris = Iris::new("http://e.org/").unwrap();
        let lexicon = Lexicon::embedded();
        let names = |n: &str| std::collections::BTreeMap::from([(n.to_owned(), 1)]);
        let entities = [
            Entity::from_names(EntityType::Organization, names("A.B."), lexicon),
            Entity::from_names(EntityType::Organization, names("A B"), lexicon),
        ];
        let minted = entity_iris(&iris, &entities);
        assert_eq!(minted[0].as_str(), "http://e.org/org/a-b");
        assert_eq!(minted[1].as_str(), "http://e.org/org/a-b-2");
    }
}

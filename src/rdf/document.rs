//! The quads of one document's named graph, in each [`Provenance`] mode.

use super::provenance::{Provenance, usual_confidence, usual_relation_confidence};
use super::{Iris, class_of, decimal, integer, integer_u64, media_type, merge_quads, slug};
use crate::build_record::BuildRecord;
use crate::entity_type::EntityType;
use crate::lexicon::Lexicon;
use crate::line_sort::{self, LineSorter, SortedLines};
use crate::load::Document;
use crate::relate::{Object, Relations};
use crate::resolve::Merge;
use crate::segment::Segmented;
use crate::span::{CodePoints, Span};
use crate::vocab::{common, kgo, nif, rdf, schema};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, QuadRef, Term};

/// Everything needed to write one document's graph.
pub struct DocumentGraph<'a> {
    /// The extraction key (see `pipeline::extraction_key`).
    pub extraction_key: &'a str,
    /// The document.
    pub document: &'a Document,
    /// Its sentences and tokens.
    pub segmented: &'a Segmented,
    /// Its mentions: span, type, rule, confidence, and the IRI of the entity named.
    pub mentions: Vec<MentionRecord<'a>>,
    /// Merges made within the document, with the IRI of the entity they formed.
    pub merges: Vec<(&'a Merge, NamedNode)>,
    /// What the document states about its entities.
    pub relations: &'a Relations,
    /// The global IRI of each of the document's entities (by local index).
    pub local_iris: Vec<NamedNode>,
}

/// One mention, ready to be written.
pub struct MentionRecord<'a> {
    /// Byte span.
    pub span: Span,
    /// Its type.
    pub entity_type: EntityType,
    /// Its sentence index.
    pub sentence: usize,
    /// The rule that typed it.
    pub rule: &'a str,
    /// The rule's confidence.
    pub confidence: f32,
    /// Index of the document's own entity it belongs to.
    pub local_entity: usize,
    /// The entity it names.
    pub entity: NamedNode,
}

/// The quads of one document's named graph, keeping as much provenance as `provenance`
/// says (see [`Provenance`]).
///
/// Every mode writes the document's description, its whole text once (`nif:isString`),
/// the merges made within it, its statements (with the words that state each and the
/// sentence they are in) and its build record, which says the same in every mode. Spans
/// are `<document>#char=BEGIN,END` (NIF's offsets, code points) in every mode.
pub fn document_quads(iris: &Iris, graph: &DocumentGraph<'_>, provenance: Provenance) -> Vec<Quad> {
    let mut quads = Vec::new();
    write_document(iris, graph, provenance, &mut |quad| {
        quads.push(quad.into_owned());
    });
    quads
}

/// The N-Quads lines of one document's graph (see [`document_quads`]), sorted and each
/// once, as `kgraph extract` writes them: each line is made from borrowed terms, so no
/// quad is built. The lines of a graph larger than [`line_sort::RUN_BYTES`] are sorted in
/// runs on disk: a one-line text of 50 MB makes 11 million lines, which took 3.97 GB
/// sorted in memory.
///
/// # Errors
/// When a run cannot be written to a temporary file.
pub fn document_lines(
    iris: &Iris,
    graph: &DocumentGraph<'_>,
    provenance: Provenance,
) -> std::io::Result<SortedLines> {
    document_lines_within(iris, graph, provenance, line_sort::RUN_BYTES)
}

/// [`document_lines`], sorting about `budget` bytes of lines in memory at a time.
pub(crate) fn document_lines_within(
    iris: &Iris,
    graph: &DocumentGraph<'_>,
    provenance: Provenance,
    budget: usize,
) -> std::io::Result<SortedLines> {
    let mut sorter = LineSorter::new(budget);
    let mut failed = Ok(());
    write_document(iris, graph, provenance, &mut |quad| {
        if failed.is_ok() {
            let mut line = String::new();
            crate::nquads::push_line(&mut line, quad);
            failed = sorter.push(line);
        }
    });
    failed?;
    sorter.finish()
}

/// Hands `sink` every quad of one document's graph (see [`document_quads`]), in the
/// order they are made.
pub fn write_document(
    iris: &Iris,
    graph: &DocumentGraph<'_>,
    provenance: Provenance,
    sink: &mut dyn FnMut(QuadRef<'_>),
) {
    let full = provenance == Provenance::Full;
    let document = graph.document;
    let doc = iris.document(&document.id);
    let name = GraphNameRef::NamedNode(doc.as_ref());
    let text = &document.text;
    let offsets = CodePoints::new(text);
    let mut add = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
        sink(QuadRef::new(s.as_ref(), p, o.as_ref(), name));
    };
    add(&doc, rdf::TYPE, kgo::DOCUMENT.into());
    if full {
        add(&doc, rdf::TYPE, schema::CREATIVE_WORK.into());
        add(&doc, rdf::TYPE, nif::CONTEXT.into());
    }
    add(
        &doc,
        common::IDENTIFIER,
        Literal::from(document.id.as_str()).into(),
    );
    add(
        &doc,
        common::SOURCE,
        Literal::from(document.source.as_str()).into(),
    );
    add(
        &doc,
        common::FORMAT,
        Literal::from(media_type(document.format)).into(),
    );
    add(
        &doc,
        kgo::CONTENT_HASH,
        Literal::from(format!("blake3:{}", document.content_hash)).into(),
    );
    add(
        &doc,
        kgo::EXTRACTION_KEY,
        Literal::from(graph.extraction_key).into(),
    );
    let length = offsets.of(text.len());
    add(&doc, kgo::CHARACTER_COUNT, integer(length));
    add(&doc, kgo::MENTION_COUNT, integer(graph.mentions.len()));
    if full {
        add(&doc, nif::BEGIN_INDEX, integer(0));
        add(&doc, nif::END_INDEX, integer(length));
    }
    // The whole text once (NIF's `nif:isString`), so a document can be read, and shown,
    // as it was written, not only the sentences that name something; in the lean model
    // every span's text is a `SUBSTR` of it.
    add(&doc, nif::IS_STRING, Literal::from(text.as_str()).into());
    if let Some(title) = &document.title {
        add(&doc, common::TITLE, Literal::from(title.as_str()).into());
    }
    // A span's node: its offsets, context and text in the full model; otherwise the IRI
    // alone, which says where it is (the graph says which document).
    let span_node = |span: Span, add: &mut dyn FnMut(&NamedNode, NamedNodeRef<'_>, Term)| {
        let (begin, end) = offsets.span(span);
        let iri = iris.span(&doc, begin, end);
        if full {
            add(&iri, nif::BEGIN_INDEX, integer(begin));
            add(&iri, nif::END_INDEX, integer(end));
            add(&iri, nif::ANCHOR_OF, Literal::from(span.of(text)).into());
            add(&iri, nif::REFERENCE_CONTEXT, doc.clone().into());
        }
        iri
    };
    // A sentence is written when something points to it (a mention or a relation's
    // evidence): a sentence that names nothing adds no fact, only text, and on news text
    // it is about half of them.
    let mut referenced = vec![false; graph.segmented.sentences.len()];
    let (mentions, implied): (&[MentionRecord<'_>], &[_]) = if provenance.has_mentions() {
        (&graph.mentions, &graph.relations.implied)
    } else {
        (&[], &[])
    };
    let mention_sentences = mentions.iter().map(|m| m.sentence);
    for sentence in mention_sentences.chain(graph.relations.relations.iter().map(|r| r.sentence)) {
        referenced[sentence] = true;
    }
    let sentence_iris: Vec<Option<NamedNode>> = graph
        .segmented
        .sentences
        .iter()
        .zip(&referenced)
        .map(|(sentence, &referenced)| {
            if !referenced {
                return None;
            }
            // In the lean model a sentence is its IRI alone: it says where it is, and
            // its text is a `SUBSTR` of the document's.
            let iri = span_node(sentence.span, &mut add);
            if full {
                add(&iri, rdf::TYPE, nif::SENTENCE_CLASS.into());
            }
            Some(iri)
        })
        .collect();
    let sentence_iri = |sentence: usize| -> Term {
        sentence_iris[sentence]
            .clone()
            .expect("a referenced sentence has an IRI")
            .into()
    };
    let local_entity =
        |n: usize| NamedNode::new_unchecked(format!("{}#entity-{}", doc.as_str(), n + 1));
    for mention in mentions {
        let iri = span_node(mention.span, &mut add);
        if full {
            add(&iri, rdf::TYPE, nif::PHRASE.into());
        }
        add(&iri, nif::SENTENCE, sentence_iri(mention.sentence));
        add(&iri, nif::TA_IDENT_REF, mention.entity.clone().into());
        if full {
            add(
                &iri,
                kgo::LOCAL_ENTITY,
                local_entity(mention.local_entity).into(),
            );
            add(
                &iri,
                nif::TA_CLASS_REF,
                class_of(mention.entity_type).into(),
            );
        }
        add(&iri, kgo::RULE, Literal::from(mention.rule).into());
        if full || usual_confidence(mention.rule) != Some(mention.confidence) {
            add(&iri, kgo::CONFIDENCE, decimal(mention.confidence));
        }
    }
    for (n, (merge, entity)) in graph.merges.iter().enumerate() {
        let iri = NamedNode::new_unchecked(format!("{}#merge-{}", doc.as_str(), n + 1));
        merge_quads(&iri, merge, entity, &mut add);
    }
    for implied in implied {
        let iri = span_node(implied.span, &mut add);
        add(&iri, rdf::TYPE, kgo::IMPLIED_REFERENCE.into());
        let place = &graph.local_iris[implied.entity];
        add(&iri, kgo::REFERS_TO, place.clone().into());
        add(
            &iri,
            kgo::NAME,
            Literal::from(Lexicon::embedded().places[implied.place].name.as_str()).into(),
        );
        if full {
            add(&iri, nif::TA_CLASS_REF, schema::PLACE.into());
            add(&iri, kgo::LOCAL_ENTITY, local_entity(implied.entity).into());
        }
        add(&iri, kgo::RULE, Literal::from("demonym").into());
    }
    for (n, relation) in graph.relations.relations.iter().enumerate() {
        let subject = graph.local_iris[relation.subject.entity].clone();
        let predicate = NamedNode::new_unchecked(relation.predicate.iri.clone());
        let object: Term = match &relation.object {
            Object::Entity(argument) => graph.local_iris[argument.entity].clone().into(),
            Object::Position(position) => iris.position(&slug(&position.label)).into(),
            Object::Quantity(n) => integer_u64(*n),
            Object::Year(year) => {
                Literal::new_typed_literal(format!("{year:04}"), xsd::G_YEAR).into()
            }
        };
        let statement = NamedNode::new_unchecked(format!("{}#relation-{}", doc.as_str(), n + 1));
        // A position is described with the statement (the entity graph describes it once).
        if let Object::Position(position) = &relation.object {
            add(
                &statement,
                kgo::POSITION_LABEL,
                Literal::from(position.label.as_str()).into(),
            );
            if let Some(jurisdiction) = position.jurisdiction {
                let place = graph.local_iris[jurisdiction.entity].clone();
                add(&statement, kgo::POSITION_JURISDICTION, place.into());
            }
        }
        let evidence = span_node(relation.evidence, &mut add);
        if full {
            add(&statement, rdf::TYPE, rdf::STATEMENT.into());
        }
        add(&statement, rdf::SUBJECT, subject.into());
        add(&statement, rdf::PREDICATE, predicate.into());
        add(&statement, rdf::OBJECT, object);
        add(
            &statement,
            common::WAS_DERIVED_FROM,
            sentence_iri(relation.sentence),
        );
        add(&statement, kgo::EVIDENCE, evidence.into());
        add(&statement, kgo::RULE, Literal::from(relation.rule).into());
        if full || usual_relation_confidence(relation.rule) != Some(relation.confidence) {
            add(&statement, kgo::CONFIDENCE, decimal(relation.confidence));
        }
    }
    // Co-mentions are not written per document: the mentions' sentences say them, and
    // the entity graph sums them over the corpus (`kgo:CoMention`).
    let record = BuildRecord::of_document(iris, graph);
    add(&doc, kgo::BUILD_RECORD, record.to_literal().into());
}

//! The document page: what the store keeps of a document's text, with every mention
//! highlighted and linked to its entity, and the statements the document makes.
//!
//! The page shows the document's whole text (`nif:isString`) when it is at most
//! [`WHOLE_TEXT`] characters; otherwise it shows the sentences that name an entity or
//! state a relation, in order (their words read from the text at the offsets their IRIs
//! name, so in every provenance mode), and marks the gaps between them. A document is read from its own named graph,
//! at most [`SENTENCES`] sentences and [`SPANS`] mentions or statements: a book-length
//! document is cut with a note rather than read whole.

use super::layout::{self, count, entity_link, type_class};
use super::{Explorer, PageError, PageResult, entity_type, iri, number, offsets, text};
use crate::entity_type::EntityType;
use maud::{Markup, html};
use oxigraph::model::NamedNode;
use std::collections::BTreeMap;

/// The most sentences shown.
const SENTENCES: usize = 5_000;

/// The longest text shown whole, in characters.
const WHOLE_TEXT: usize = 1 << 20;

/// The most mentions, and the most statements, read.
const SPANS: usize = 20_000;

/// The most characters between two kept sentences that are not a left-out sentence.
const GAP: usize = 3;

/// A mention: code points in the document, and its entity.
struct Mention {
    begin: usize,
    end: usize,
    entity: String,
    label: String,
    entity_type: Option<EntityType>,
}

/// The document page of `document`.
pub(super) fn page(explorer: &Explorer<'_>, document: &NamedNode) -> PageResult {
    let about = explorer.select(&format!(
        "SELECT ?p ?o WHERE {{ GRAPH {document} {{ {document} ?p ?o }} FILTER(?p != kgo:buildRecord) }} LIMIT 1000"
    ))?;
    let is_document = about.iter().any(|r| {
        iri(&r[0]) == Some(crate::vocab::rdf::TYPE.as_str())
            && iri(&r[1]) == Some(crate::vocab::kgo::DOCUMENT.as_str())
    });
    if !is_document {
        return Err(PageError::NotFound(format!(
            "no document {document} in the store"
        )));
    }
    let field = |local: &str| -> String {
        about
            .iter()
            .filter(|r| iri(&r[0]).is_some_and(|p| p.ends_with(local)))
            .map(|r| text(&r[1]))
            .min()
            .unwrap_or_default()
    };
    let id = field("/identifier");
    let title = field("/title");
    let source = field("/source");
    let characters = number(&Some(
        oxigraph::model::Literal::from(field("#characterCount")).into(),
    ));
    let mention_count = number(&Some(
        oxigraph::model::Literal::from(field("#mentionCount")).into(),
    ));
    let whole = field("#isString");
    let sentences = if !whole.is_empty() && characters <= WHOLE_TEXT {
        // The whole text, as one span from its start.
        let literal = |value: String| Some(oxigraph::model::Literal::from(value).into());
        vec![vec![
            literal("0".to_owned()),
            literal(characters.to_string()),
            literal(whole),
        ]]
    } else {
        // The sentences mentions and statements point to, their words read from the
        // text (every provenance mode names a sentence by its offsets).
        explorer.select(&format!(
            "SELECT ?sentenceBegin ?end ?sentence WHERE {{ \
               {{ SELECT DISTINCT ?s WHERE {{ GRAPH {document} {{ {{ ?m nif:sentence ?s }} UNION {{ ?st prov:wasDerivedFrom ?s }} }} }} }} \
               {document} nif:isString ?text . {} \
               BIND(xsd:integer(STRAFTER(?sentenceAt, \",\")) AS ?end) \
             }} ORDER BY ?sentenceBegin LIMIT {}",
            crate::query::span_words("s", "text", "sentence"),
            SENTENCES + 1
        ))?
    };
    let graph = explorer.entities_graph();
    let mention_rows = explorer.select(&format!(
        "SELECT ?m ?entity ?label ?class WHERE {{ GRAPH {document} {{ ?m itsrdf:taIdentRef ?entity }} \
         OPTIONAL {{ GRAPH {graph} {{ ?entity rdfs:label ?label }} }} OPTIONAL {{ GRAPH {graph} {{ ?entity a ?class }} }} }} LIMIT {SPANS}"
    ))?;
    let statement_rows = explorer.select(&format!(
        "SELECT ?s ?p ?o ?evidence ?slabel ?sclass ?olabel ?oclass ?plabel ?poslabel WHERE {{ \
           GRAPH {document} {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kgo:evidence ?ev \
             OPTIONAL {{ ?st kgo:positionLabel ?poslabel }} }} \
           {document} nif:isString ?text . {} \
           OPTIONAL {{ GRAPH {graph} {{ ?s rdfs:label ?slabel }} }} OPTIONAL {{ GRAPH {graph} {{ ?s a ?sclass }} }} \
           OPTIONAL {{ GRAPH {graph} {{ ?o rdfs:label ?olabel }} }} OPTIONAL {{ GRAPH {graph} {{ ?o a ?oclass }} }} \
           OPTIONAL {{ GRAPH {graph} {{ ?p rdfs:label ?plabel }} }} \
         }} ORDER BY ?evidenceBegin LIMIT {SPANS}",
        crate::query::span_words("ev", "text", "evidence"),
    ))?;
    let mut sentences: Vec<(usize, usize, String)> = sentences
        .iter()
        .take(SENTENCES)
        .map(|r| (number(&r[0]), number(&r[1]), text(&r[2])))
        .collect();
    sentences.sort();
    sentences.dedup_by(|a, b| a.0 == b.0);
    let mut mentions: BTreeMap<(usize, usize), Mention> = BTreeMap::new();
    for r in &mention_rows {
        let Some(entity) = iri(&r[1]) else { continue };
        let (begin, end) = offsets(&r[0]);
        let mention = mentions.entry((begin, end)).or_insert_with(|| Mention {
            begin,
            end,
            entity: entity.to_owned(),
            label: text(&r[2]),
            entity_type: entity_type(&r[3]),
        });
        mention.entity_type = mention.entity_type.or(entity_type(&r[3]));
    }
    let mentions: Vec<Mention> = mentions.into_values().collect();
    let shown_title = [title.as_str(), id.as_str()]
        .into_iter()
        .find(|t| !t.is_empty())
        .unwrap_or(document.as_str())
        .to_owned();
    let mut last_end = 0;
    let mut gaps = Vec::with_capacity(sentences.len());
    for (begin, end, _) in &sentences {
        // A space or a line break between two kept sentences is no gap; a sentence left
        // out is at least a word and its stop.
        gaps.push(*begin > last_end + GAP);
        last_end = last_end.max(*end);
    }
    let body = html! {
        h1 { (shown_title) }
        p.meta {
            @if !id.is_empty() { code { (id) } " · " }
            (count(characters, "character")) " · " (count(mention_count, "mention")) " · "
            (count(statement_rows.len(), "statement"))
            @if !source.is_empty() { " · read from " code { (source) } }
        }
        section #text {
            h2 { "Text" }
            @if gaps.iter().any(|gap| *gap) {
                p.note { "Only the sentences that name an entity are shown; “[…]” marks the rest." }
            }
            div.text {
                @for ((begin, _, sentence), gap) in sentences.iter().zip(&gaps) {
                    @if *gap { span.gap { " […] " } }
                    (highlighted(explorer, sentence, *begin, &mentions))
                    " "
                }
                @if characters > last_end + GAP { span.gap { "[…]" } }
            }
            @if sentences.len() >= SENTENCES { p.note { "The first " (SENTENCES) " sentences are shown." } }
        }
        section #statements {
            h2 { "Statements" }
            @if statement_rows.is_empty() {
                p.empty { "The document states no relation." }
            } @else {
                table {
                    thead { tr { th { "subject" } th { "relation" } th { "object" } th { "evidence" } } }
                    tbody {
                        @for r in &statement_rows {
                            tr {
                                td { (term_link(explorer, &r[0], &r[4], &r[5], &None)) }
                                td { @let p = text(&r[8]); @if p.is_empty() { (explorer.display(r[1].as_ref().expect("bound"))) } @else { (p) } }
                                td { (term_link(explorer, &r[2], &r[6], &r[7], &r[9])) }
                                td { q { (text(&r[3])) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&shown_title, "", body))
}

/// A link to the entity `term` names, by its label (or a position's label).
fn term_link(
    explorer: &Explorer<'_>,
    term: &Option<oxigraph::model::Term>,
    label: &Option<oxigraph::model::Term>,
    class: &Option<oxigraph::model::Term>,
    fallback: &Option<oxigraph::model::Term>,
) -> Markup {
    let Some(target) = iri(term) else {
        return html! { (text(term)) };
    };
    let shown = [text(label), text(fallback)]
        .into_iter()
        .find(|l| !l.is_empty())
        .unwrap_or_else(|| explorer.display(term.as_ref().expect("bound")));
    entity_link(explorer, target, &shown, entity_type(class))
}

/// A sentence starting at code point `start` of the document, with the mentions inside it
/// as links.
fn highlighted(
    explorer: &Explorer<'_>,
    sentence: &str,
    start: usize,
    mentions: &[Mention],
) -> Markup {
    let chars: Vec<char> = sentence.chars().collect();
    let end = start + chars.len();
    let first = mentions.partition_point(|m| m.begin < start);
    let mut at = 0;
    let mut pieces: Vec<(String, Option<&Mention>)> = Vec::new();
    for mention in mentions[first..].iter().take_while(|m| m.begin < end) {
        if mention.end > end || mention.begin - start < at {
            continue; // crosses the sentence's end, or overlaps the one before
        }
        let (b, e) = (mention.begin - start, mention.end - start);
        pieces.push((chars[at..b].iter().collect(), None));
        pieces.push((chars[b..e].iter().collect(), Some(mention)));
        at = e;
    }
    pieces.push((chars[at..].iter().collect(), None));
    html! {
        span.sentence {
            @for (piece, mention) in &pieces {
                @match mention {
                    None => (piece),
                    Some(m) => a.mention.(type_class(m.entity_type)) href=(explorer.href("entity", &m.entity)) title=(if m.label.is_empty() { m.entity.as_str() } else { m.label.as_str() }) { (piece) },
                }
            }
        }
    }
}

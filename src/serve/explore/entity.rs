//! The entity page: names, type, `owl:sameAs`, counts, the merges that made the entity,
//! its relations in and out, the statements with their evidence, and its mentions in
//! context.
//!
//! Bounded for an entity named in every document: the description and facts come from
//! the entity graph (one subject's or object's triples), counts are the ones it stores,
//! merges are summarised over at most [`MERGES_READ`] merge records, and statements and
//! mentions are read a page at a time ([`PAGE`] each, `?statements=N`, `?mentions=N`).

use super::layout::{
    self, count, document_link, entity_link, keyword_in_context, pager, type_name,
};
use super::{
    Explorer, PageError, PageResult, Parameters, Row, entity_type, iri, number, offsets, text,
};
use crate::entity_type::EntityType;
use crate::vocab::{common, kgo, rdf};
use maud::{Markup, html};
use oxigraph::model::NamedNode;
use std::collections::BTreeMap;

/// Statements or mentions per page.
const PAGE: usize = 50;

/// Merge records read for the summary of merges.
const MERGES_READ: usize = 1_000;

/// Facts read in each direction.
const FACTS_READ: usize = 500;

/// Characters of context on each side of a mention.
const CONTEXT: usize = 90;

/// Predicates of the entity graph that describe the entity rather than relate it.
const DESCRIPTIVE: &[&str] = &[
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2002/07/owl#sameAs",
    "http://example.org/kgraph/ontology#nameKey",
    "http://example.org/kgraph/ontology#mentionCount",
    "http://example.org/kgraph/ontology#documentCount",
    "http://example.org/kgraph/ontology#coMentionedWith",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#object",
];

/// A relation of the entity graph: predicate and the other entity.
struct Fact {
    predicate: String,
    other: String,
    label: String,
    entity_type: Option<EntityType>,
}

/// The entity page of `entity`.
pub(super) fn page(
    explorer: &Explorer<'_>,
    entity: &NamedNode,
    parameters: &Parameters,
) -> PageResult {
    let graph = explorer.entities_graph();
    let rows = explorer.select(&format!(
        "SELECT ?p ?o ?label ?class WHERE {{ GRAPH {graph} {{ {entity} ?p ?o \
         OPTIONAL {{ ?o rdfs:label ?label }} OPTIONAL {{ ?o a ?class }} }} \
         FILTER(?p != kgo:coMentionedWith) }} LIMIT {FACTS_READ}"
    ))?;
    if rows.is_empty() {
        return Err(PageError::NotFound(format!(
            "the store says nothing of {entity}; search for a name instead"
        )));
    }
    let value = |p: oxigraph::model::NamedNodeRef<'_>| -> Vec<&Row> {
        rows.iter()
            .filter(|r| iri(&r[0]) == Some(p.as_str()))
            .collect()
    };
    let mut labels: Vec<String> = value(rdf::LABEL).iter().map(|r| text(&r[1])).collect();
    labels.sort();
    labels.dedup();
    let label = labels
        .first()
        .cloned()
        .unwrap_or_else(|| explorer.display(&entity.clone().into()));
    let entity_type = value(rdf::TYPE).iter().find_map(|r| entity_type(&r[1]));
    let mut names: Vec<String> = value(common::ALT_LABEL)
        .iter()
        .map(|r| text(&r[1]))
        .collect();
    names.sort();
    names.dedup();
    let mut same_as: Vec<String> = value(common::SAME_AS)
        .iter()
        .filter_map(|r| iri(&r[1]).map(str::to_owned))
        .collect();
    same_as.sort();
    same_as.dedup();
    let mentions = value(kgo::MENTION_COUNT)
        .first()
        .map_or(0, |r| number(&r[1]));
    let documents = value(kgo::DOCUMENT_COUNT)
        .first()
        .map_or(0, |r| number(&r[1]));
    let outgoing = facts(rows.iter().map(|r| (&r[0], &r[1], &r[2], &r[3])));
    let incoming_rows = explorer.select(&format!(
        "SELECT ?p ?s ?label ?class WHERE {{ GRAPH {graph} {{ ?s ?p {entity} \
         OPTIONAL {{ ?s rdfs:label ?label }} OPTIONAL {{ ?s a ?class }} }} \
         FILTER(?p NOT IN (kgo:coMentionedWith, rdf:subject, rdf:object)) }} LIMIT {FACTS_READ}"
    ))?;
    let incoming = facts(incoming_rows.iter().map(|r| (&r[0], &r[1], &r[2], &r[3])));
    let merges = merges(explorer, entity)?;
    let statements_page = parameters.number("statements", 1)?.max(1);
    let mentions_page = parameters.number("mentions", 1)?.max(1);
    let statements = statements(explorer, entity, statements_page)?;
    let contexts = mention_contexts(explorer, entity, mentions_page)?;
    let predicate_labels = predicate_labels(
        explorer,
        outgoing
            .iter()
            .chain(&incoming)
            .map(|f| f.predicate.as_str())
            .chain(statements.iter().map(|s| s.predicate.as_str())),
    )?;
    let here = explorer.href("entity", entity.as_str());
    let link = |statements: usize, mentions: usize| {
        let join = if here.contains('?') { '&' } else { '?' };
        format!("{here}{join}statements={statements}&mentions={mentions}")
    };
    let body = html! {
        h1 { span.(layout::type_class(entity_type)) { (label) } }
        p.meta {
            span.type { (type_name(entity_type)) } " · "
            (count(mentions, "mention")) " in " (count(documents, "document")) " · "
            a href=(explorer.href("graph", entity.as_str())) { "neighbourhood picture" } " · "
            code { (explorer.display(&entity.clone().into())) }
        }
        @if !names.is_empty() {
            p { "Also named: " @for (i, n) in names.iter().enumerate() { @if i > 0 { ", " } q { (n) } } }
        }
        @if !same_as.is_empty() {
            p { "Same as: " @for (i, s) in same_as.iter().enumerate() { @if i > 0 { ", " } a href=(s) rel="external" { (s) } } }
        }
        section #merges {
            h2 { "How the names were joined" }
            @if merges.rows.is_empty() {
                p.empty { "No merge: every mention used the same name." }
            } @else {
                table {
                    thead { tr { th { "name" } th { "joined into" } th { "rule" } th { "documents" } th { "for example" } } }
                    tbody {
                        @for m in &merges.rows {
                            tr { td { q { (m.name) } } td { q { (m.into) } } td { code { (m.rule) } } td.n { (m.documents) } td { (document_link(explorer, &m.example, "")) } }
                        }
                    }
                }
                @if merges.truncated { p.note { "Counted over the first " (MERGES_READ) " merge records." } }
            }
        }
        section #relations {
            h2 { "Relations" }
            (fact_list(explorer, "Out", &label, &outgoing, &predicate_labels, true))
            (fact_list(explorer, "In", &label, &incoming, &predicate_labels, false))
            @if outgoing.is_empty() && incoming.is_empty() { p.empty { "No relation is stated." } }
        }
        section #statements {
            h2 { "Statements and their evidence" }
            @if statements.is_empty() {
                p.empty { @if statements_page > 1 { "No more statements." } @else { "No document states a relation of this entity." } }
            } @else {
                (statement_groups(explorer, &statements[..statements.len().min(PAGE)], &predicate_labels))
            }
            (pager(statements_page, statements.len() > PAGE, |n| format!("{}#statements", link(n, mentions_page))))
        }
        section #mentions {
            h2 { "Mentions in context" }
            @if contexts.is_empty() {
                p.empty { @if mentions_page > 1 { "No more mentions." } @else { "No mention." } }
            } @else {
                ul.kwic {
                    @for c in contexts.iter().take(PAGE) {
                        li { (document_link(explorer, &c.document, &c.id)) " " span.line { (keyword_in_context(&c.sentence, c.begin, c.end, CONTEXT)) } }
                    }
                }
            }
            (pager(mentions_page, contexts.len() > PAGE, |n| format!("{}#mentions", link(statements_page, n))))
        }
    };
    Ok(layout::page(&label, "", body))
}

/// Relation facts from `(predicate, other, other's label, other's class)` rows, sorted.
fn facts<'a>(
    rows: impl Iterator<
        Item = (
            &'a Option<oxigraph::model::Term>,
            &'a Option<oxigraph::model::Term>,
            &'a Option<oxigraph::model::Term>,
            &'a Option<oxigraph::model::Term>,
        ),
    >,
) -> Vec<Fact> {
    let mut found: BTreeMap<(String, String), Fact> = BTreeMap::new();
    for (p, o, label, class) in rows {
        let (Some(p), Some(o)) = (iri(p), iri(o)) else {
            continue;
        };
        if DESCRIPTIVE.contains(&p) {
            continue;
        }
        let fact = found
            .entry((p.to_owned(), o.to_owned()))
            .or_insert_with(|| Fact {
                predicate: p.to_owned(),
                other: o.to_owned(),
                label: String::new(),
                entity_type: None,
            });
        let label = text(label);
        if !label.is_empty() && (fact.label.is_empty() || label < fact.label) {
            fact.label = label;
        }
        fact.entity_type = fact.entity_type.or(entity_type(class));
    }
    found.into_values().collect()
}

/// The label of each predicate (its `rdfs:label`, else its prefixed name).
fn predicate_labels<'a>(
    explorer: &Explorer<'_>,
    predicates: impl Iterator<Item = &'a str>,
) -> Result<BTreeMap<String, String>, PageError> {
    let mut labels: BTreeMap<String, String> = predicates
        .map(|p| {
            let shown = explorer.display(&NamedNode::new_unchecked(p).into());
            (p.to_owned(), shown)
        })
        .collect();
    let found = explorer.labels(labels.keys().map(String::as_str))?;
    labels.extend(found);
    Ok(labels)
}

/// Facts grouped by predicate: "Nayib Bukele — position held → President of El Salvador".
fn fact_list(
    explorer: &Explorer<'_>,
    direction: &str,
    label: &str,
    facts: &[Fact],
    predicate_labels: &BTreeMap<String, String>,
    outgoing: bool,
) -> Markup {
    let mut groups: BTreeMap<&str, Vec<&Fact>> = BTreeMap::new();
    for fact in facts {
        let name = predicate_labels
            .get(&fact.predicate)
            .map_or(fact.predicate.as_str(), String::as_str);
        groups.entry(name).or_default().push(fact);
    }
    html! {
        @if !facts.is_empty() {
            h3 { (direction) }
            dl.facts {
                @for (name, facts) in &groups {
                    dt { @if outgoing { (label) " — " (name) " →" } @else { "← " (name) " — " (label) } }
                    dd {
                        @for (i, f) in facts.iter().enumerate() {
                            @if i > 0 { ", " }
                            @let shown = if f.label.is_empty() { explorer.display(&NamedNode::new_unchecked(f.other.as_str()).into()) } else { f.label.clone() };
                            (entity_link(explorer, &f.other, &shown, f.entity_type))
                        }
                    }
                }
            }
            @if facts.len() >= FACTS_READ { p.note { "The first " (FACTS_READ) " triples were read." } }
        }
    }
}

/// A merge of names, summed over documents.
struct MergeRow {
    name: String,
    into: String,
    rule: String,
    documents: usize,
    example: String,
}

/// The merges that made an entity.
struct Merges {
    rows: Vec<MergeRow>,
    truncated: bool,
}

/// The entity's merge records (at most [`MERGES_READ`]), summed by name, target and rule.
fn merges(explorer: &Explorer<'_>, entity: &NamedNode) -> Result<Merges, PageError> {
    let rows = explorer.select(&format!(
        "SELECT ?m ?name ?into ?rule WHERE {{ {{ SELECT ?m WHERE {{ {entity} kgo:merged ?m }} LIMIT {} }} \
         ?m kgo:name ?name ; kgo:into ?into ; kgo:rule ?rule }}",
        MERGES_READ + 1
    ))?;
    let truncated = rows.len() > MERGES_READ;
    let mut summed: BTreeMap<(String, String, String), (usize, String)> = BTreeMap::new();
    for row in rows.iter().take(MERGES_READ) {
        let record = text(&row[0]);
        let document = record
            .split_once('#')
            .map_or(record.as_str(), |(d, _)| d)
            .to_owned();
        let entry = summed
            .entry((text(&row[1]), text(&row[2]), text(&row[3])))
            .or_insert((0, document.clone()));
        entry.0 += 1;
        if document < entry.1 {
            entry.1 = document;
        }
    }
    let mut rows: Vec<MergeRow> = summed
        .into_iter()
        .map(|((name, into, rule), (documents, example))| MergeRow {
            name,
            into,
            rule,
            documents,
            example,
        })
        .collect();
    rows.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.name.cmp(&b.name)));
    Ok(Merges { rows, truncated })
}

/// A statement of a relation with its evidence.
struct Statement {
    outgoing: bool,
    predicate: String,
    other: String,
    other_label: String,
    other_type: Option<EntityType>,
    sentence: String,
    /// The evidence's code points within the sentence.
    begin: usize,
    end: usize,
    document: String,
    id: String,
}

/// One page of the statements naming the entity (one more than [`PAGE`] when there is a
/// next page), in the order the store gives them.
fn statements(
    explorer: &Explorer<'_>,
    entity: &NamedNode,
    page: usize,
) -> Result<Vec<Statement>, PageError> {
    let graph = explorer.entities_graph();
    let offset = (page - 1) * PAGE;
    let rows = explorer.select(&format!(
        "SELECT ?dir ?p ?other ?olabel ?oclass ?plabel ?sentence ?s ?ev ?doc ?id WHERE {{ \
           {{ SELECT ?st ?other ?dir ?doc WHERE {{ GRAPH ?doc {{ \
             {{ ?st rdf:subject {entity} ; rdf:object ?other BIND(\"out\" AS ?dir) }} \
             UNION {{ ?st rdf:object {entity} ; rdf:subject ?other BIND(\"in\" AS ?dir) }} \
           }} }} LIMIT {} OFFSET {offset} }} \
           ?st rdf:predicate ?p ; prov:wasDerivedFrom ?s ; kgo:evidence ?ev . \
           ?doc nif:isString ?text . {} \
           OPTIONAL {{ ?st kgo:positionLabel ?plabel }} \
           OPTIONAL {{ ?doc dcterms:identifier ?id }} \
           OPTIONAL {{ GRAPH {graph} {{ ?other rdfs:label ?olabel }} }} \
           OPTIONAL {{ GRAPH {graph} {{ ?other a ?oclass }} }} \
         }}",
        PAGE + 1,
        crate::query::span_words("s", "text", "sentence"),
    ))?;
    Ok(rows
        .iter()
        .map(|r| {
            let sentence_begin = offsets(&r[7]).0;
            let (evidence_begin, evidence_end) = offsets(&r[8]);
            let label = [text(&r[3]), text(&r[5])]
                .into_iter()
                .find(|l| !l.is_empty())
                .unwrap_or_default();
            Statement {
                outgoing: text(&r[0]) == "out",
                predicate: text(&r[1]),
                other: text(&r[2]),
                other_label: label,
                other_type: entity_type(&r[4]),
                sentence: text(&r[6]),
                begin: evidence_begin.saturating_sub(sentence_begin),
                end: evidence_end.saturating_sub(sentence_begin),
                document: text(&r[9]),
                id: text(&r[10]),
            }
        })
        .collect())
}

/// Statements grouped by direction and predicate, each with its evidence sentence.
fn statement_groups(
    explorer: &Explorer<'_>,
    statements: &[Statement],
    predicate_labels: &BTreeMap<String, String>,
) -> Markup {
    let mut groups: BTreeMap<(bool, &str), Vec<&Statement>> = BTreeMap::new();
    for s in statements {
        let name = predicate_labels
            .get(&s.predicate)
            .map_or(s.predicate.as_str(), String::as_str);
        groups.entry((!s.outgoing, name)).or_default().push(s);
    }
    html! {
        @for ((incoming, name), list) in &groups {
            h3 { @if *incoming { "← " } (name) @if !*incoming { " →" } }
            ul.statements {
                @for s in list {
                    @let shown = if s.other_label.is_empty() { explorer.display(&NamedNode::new_unchecked(s.other.as_str()).into()) } else { s.other_label.clone() };
                    li {
                        (entity_link(explorer, &s.other, &shown, s.other_type))
                        " · " (document_link(explorer, &s.document, &s.id))
                        blockquote { (keyword_in_context(&s.sentence, s.begin, s.end, usize::MAX / 4)) }
                    }
                }
            }
        }
    }
}

/// A mention in its sentence.
struct Context {
    sentence: String,
    begin: usize,
    end: usize,
    document: String,
    id: String,
}

/// One page of the entity's mentions (one more than [`PAGE`] when there is a next page),
/// ordered by document and position within the page.
fn mention_contexts(
    explorer: &Explorer<'_>,
    entity: &NamedNode,
    page: usize,
) -> Result<Vec<Context>, PageError> {
    let offset = (page - 1) * PAGE;
    let rows = explorer.select(&format!(
        "SELECT ?sentence ?m ?s ?doc ?id WHERE {{ \
           {{ SELECT ?m ?doc WHERE {{ GRAPH ?doc {{ ?m itsrdf:taIdentRef {entity} }} }} LIMIT {} OFFSET {offset} }} \
           GRAPH ?doc {{ ?m nif:sentence ?s }} \
           ?doc nif:isString ?text . {} \
           OPTIONAL {{ ?doc dcterms:identifier ?id }} \
         }}",
        PAGE + 1,
        crate::query::span_words("s", "text", "sentence"),
    ))?;
    let has_next = rows.len() > PAGE;
    let mut contexts: Vec<(String, usize, Context)> = rows
        .iter()
        .take(PAGE)
        .map(|r| {
            let sentence_begin = offsets(&r[2]).0;
            let (begin, end) = offsets(&r[1]);
            (
                text(&r[3]),
                begin,
                Context {
                    sentence: text(&r[0]),
                    begin: begin.saturating_sub(sentence_begin),
                    end: end.saturating_sub(sentence_begin),
                    document: text(&r[3]),
                    id: text(&r[4]),
                },
            )
        })
        .collect();
    contexts.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut contexts: Vec<Context> = contexts.into_iter().map(|(_, _, c)| c).collect();
    if has_next {
        // A marker for the pager: one more than a page.
        contexts.push(Context {
            sentence: String::new(),
            begin: 0,
            end: 0,
            document: String::new(),
            id: String::new(),
        });
    }
    Ok(contexts)
}

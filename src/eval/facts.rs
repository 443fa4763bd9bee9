//! Evaluation of relations against a gold facts file.
//!
//! The format (`shared/eval/README.md`): one fact per line, `subject <TAB> relation <TAB>
//! object <TAB> documents`, with canonical names; a relation with a Wikidata property
//! names it in brackets ("position held (P39)"), other relations are the predicate's label
//! ("deported"). `#` starts a comment.
//!
//! A stated fact is one distinct `(subject, predicate, object)` of the store (co-mentions
//! excluded). It matches a gold fact when the relation is the same (the Wikidata id, else
//! the folded label) and the gold subject and object are among the names of the stated
//! ones (label or any other name; for values, the value). Precision counts stated facts
//! that match some gold fact, recall gold facts that some stated fact matches.

use crate::lexicon::fold;
use crate::rdf::{span_offsets, span_text};
use crate::relate::WDT;
use crate::store::KgStore;
use crate::vocab::{common, kgo, nif, rdf};
use oxigraph::model::{GraphName, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::StorageError;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One gold fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldFact {
    /// Canonical name of the subject.
    pub subject: String,
    /// The relation as written ("position held (P39)", "deported").
    pub relation: String,
    /// Canonical name or value of the object.
    pub object: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// A problem reading the facts file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct FactsError {
    /// The file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses a gold facts file.
///
/// # Errors
/// [`FactsError`] naming the first line without subject, relation and object.
pub fn parse_facts(path: &str, text: &str) -> Result<Vec<GoldFact>, FactsError> {
    let mut facts = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if fields.len() < 3 || fields[..3].iter().any(|f| f.is_empty()) {
            return Err(FactsError {
                path: path.to_owned(),
                line: index + 1,
                message: "expected subject, relation and object separated by tabs".to_owned(),
            });
        }
        facts.push(GoldFact {
            subject: fields[0].to_owned(),
            relation: fields[1].to_owned(),
            object: fields[2].to_owned(),
            line: index + 1,
        });
    }
    Ok(facts)
}

/// One distinct fact of the store.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct StatedFact {
    /// Subject's canonical name.
    pub subject: String,
    /// The predicate's label.
    pub relation: String,
    /// Object's canonical name or value.
    pub object: String,
    /// Every name of the subject (folded), for matching.
    #[serde(skip)]
    subject_names: BTreeSet<String>,
    /// The relation key: Wikidata id, or the folded label.
    #[serde(skip)]
    key: String,
    /// Every name of the object (folded).
    #[serde(skip)]
    object_names: BTreeSet<String>,
    /// The words of one statement of it.
    pub evidence: String,
}

/// Relation scores.
#[derive(Debug, Clone, Serialize)]
pub struct FactEvaluation {
    /// Gold facts.
    pub gold: usize,
    /// Distinct facts stated by the store.
    pub stated: usize,
    /// Stated facts that match a gold fact.
    pub stated_right: usize,
    /// Gold facts that some stated fact matches.
    pub gold_found: usize,
    /// stated_right / stated.
    pub precision: f64,
    /// gold_found / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Gold facts not stated.
    pub misses: Vec<GoldFact>,
    /// Stated facts not in the gold file.
    pub false_alarms: Vec<StatedFact>,
}

/// Scores the facts of `store` against `gold`.
///
/// # Errors
/// On storage failure.
pub fn evaluate_facts(store: &KgStore, gold: &[GoldFact]) -> Result<FactEvaluation, StorageError> {
    let stated = stated_facts(store)?;
    let matches = |g: &GoldFact, s: &StatedFact| {
        relation_key(&g.relation) == s.key
            && s.subject_names.contains(&fold(&g.subject))
            && s.object_names.contains(&fold(&g.object))
    };
    let gold_found = gold
        .iter()
        .filter(|g| stated.iter().any(|s| matches(g, s)))
        .count();
    let misses = gold
        .iter()
        .filter(|g| !stated.iter().any(|s| matches(g, s)))
        .cloned()
        .collect();
    let false_alarms: Vec<StatedFact> = stated
        .iter()
        .filter(|s| !gold.iter().any(|g| matches(g, s)))
        .cloned()
        .collect();
    let stated_right = stated.len() - false_alarms.len();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(stated_right, stated.len());
    let recall = ratio(gold_found, gold.len());
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Ok(FactEvaluation {
        gold: gold.len(),
        stated: stated.len(),
        stated_right,
        gold_found,
        precision,
        recall,
        f1,
        misses,
        false_alarms,
    })
}

/// "position held (P39)" -> `P39`; "Reported on" -> `reported on`.
fn relation_key(relation: &str) -> String {
    if let Some(open) = relation.rfind("(P")
        && let Some(id) = relation[open + 1..].strip_suffix(')')
        && id[1..].chars().all(|c| c.is_ascii_digit())
    {
        return id.to_owned();
    }
    fold(relation)
}

/// The distinct facts of the store (co-mentions excluded), sorted.
fn stated_facts(store: &KgStore) -> Result<Vec<StatedFact>, StorageError> {
    let oxigraph = store.oxigraph();
    let first_object = |subject: NamedOrBlankNode, predicate: NamedNodeRef<'_>| {
        oxigraph
            .quads_for_pattern(Some(subject.as_ref()), Some(predicate), None, None)
            .next()
            .transpose()
            .map(|q| q.map(|q| q.object))
    };
    let mut facts: BTreeMap<(String, String, String), StatedFact> = BTreeMap::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    // Statements are the nodes with an `rdf:predicate` (the lean model gives them no
    // type; co-mention summaries have a subject and an object but no predicate).
    for quad in oxigraph.quads_for_pattern(None, Some(rdf::PREDICATE), None, None) {
        let quad = quad?;
        let statement = quad.subject;
        let (Some(subject), Some(predicate), Some(object)) = (
            first_object(statement.clone(), rdf::SUBJECT)?,
            first_object(statement.clone(), rdf::PREDICATE)?,
            first_object(statement.clone(), rdf::OBJECT)?,
        ) else {
            continue;
        };
        let Term::NamedNode(predicate_iri) = &predicate else {
            continue;
        };
        if predicate_iri.as_ref() == kgo::CO_MENTIONED_WITH {
            continue;
        }
        let key = (
            subject.to_string(),
            predicate.to_string(),
            object.to_string(),
        );
        if facts.contains_key(&key) {
            continue;
        }
        // The words that state it: a span of its document's text, each text read once.
        let span = match first_object(statement, kgo::EVIDENCE)? {
            Some(Term::NamedNode(span)) => span_offsets(span.as_str()),
            _ => None,
        };
        let evidence = match (span, &quad.graph_name) {
            (Some((begin, end)), GraphName::NamedNode(document)) => {
                if !texts.contains_key(document.as_str()) {
                    let text = match first_object(document.clone().into(), nif::IS_STRING)? {
                        Some(Term::Literal(text)) => text.value().to_owned(),
                        _ => String::new(),
                    };
                    texts.insert(document.as_str().to_owned(), text);
                }
                span_text(&texts[document.as_str()], begin, end).to_owned()
            }
            _ => String::new(),
        };
        let relation = match first_object(predicate_iri.clone().into(), rdf::LABEL)? {
            Some(Term::Literal(label)) => label.value().to_owned(),
            _ => predicate_iri.as_str().to_owned(),
        };
        let relation_key = match predicate_iri.as_str().strip_prefix(WDT) {
            Some(id) => id.to_owned(),
            None => fold(&relation),
        };
        let (subject_label, subject_names) = names(store, &subject)?;
        let (object_label, object_names) = names(store, &object)?;
        facts.insert(
            key,
            StatedFact {
                subject: subject_label,
                relation,
                object: object_label,
                subject_names,
                key: relation_key,
                object_names,
                evidence,
            },
        );
    }
    let mut facts: Vec<StatedFact> = facts.into_values().collect();
    facts.sort();
    Ok(facts)
}

/// A term's display name and every folded name: an entity's or position's labels, or a
/// literal's value.
fn names(store: &KgStore, term: &Term) -> Result<(String, BTreeSet<String>), StorageError> {
    let Term::NamedNode(node) = term else {
        let value = match term {
            Term::Literal(literal) => literal.value().to_owned(),
            other => other.to_string(),
        };
        return Ok((value.clone(), BTreeSet::from([fold(&value)])));
    };
    let mut label = None;
    let mut all = BTreeSet::new();
    for predicate in [rdf::LABEL, common::ALT_LABEL] {
        for quad in store.oxigraph().quads_for_pattern(
            Some(node.as_ref().into()),
            Some(predicate),
            None,
            None,
        ) {
            if let Term::Literal(name) = quad?.object {
                if predicate == rdf::LABEL && label.is_none() {
                    label = Some(name.value().to_owned());
                }
                all.insert(fold(name.value()));
            }
        }
    }
    let label = label.unwrap_or_else(|| node.as_str().to_owned());
    Ok((label, all))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_keys() {
        let cases = [
            ("position held (P39)", "P39"),
            ("maximum capacity (P1083)", "P1083"),
            ("deported", "deported"),
            ("Reported on", "reported on"),
            ("ordered the construction of", "ordered the construction of"),
        ];
        for (relation, key) in cases {
            assert_eq!(relation_key(relation), key, "{relation}");
        }
    }

    #[test]
    fn facts_files_parse_and_bad_lines_are_named() {
        let text =
            "# subject\trelation\tobject\tdocuments\nA\tdeported\tB\t000\n\nC\tcountry (P17)\tD\n";
        let facts = parse_facts("f.tsv", text).unwrap();
        assert_eq!(facts.len(), 2);
        assert_eq!(facts[1].relation, "country (P17)");
        assert_eq!(facts[1].line, 4);
        let error = parse_facts("f.tsv", "A\tdeported\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "f.tsv:1: expected subject, relation and object separated by tabs"
        );
    }
}

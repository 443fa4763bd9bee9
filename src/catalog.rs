//! The entity catalogue of a store: what `kgraph entities` lists.

use crate::entity_type::EntityType;
use crate::query::store_iris;
use crate::rdf::type_of_class;
use crate::store::KgStore;
use crate::vocab::{common, kgo, rdf};
use oxigraph::model::{GraphNameRef, NamedOrBlankNode, Term};
use oxigraph::store::StorageError;
use serde::Serialize;

/// One entity as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogEntry {
    /// Its IRI.
    pub iri: String,
    /// Its type.
    pub entity_type: EntityType,
    /// Its canonical name.
    pub label: String,
    /// Its other names.
    pub alt_labels: Vec<String>,
    /// How many mentions link to it.
    pub mentions: usize,
    /// How many documents mention it.
    pub documents: usize,
    /// Why names were merged: `(rule, name, into)`.
    pub merges: Vec<(String, String, String)>,
}

/// Every entity of the store (optionally of one type), most mentioned first, then by
/// name.
///
/// # Errors
/// On storage failure.
pub fn entities(
    store: &KgStore,
    only: Option<EntityType>,
) -> Result<Vec<CatalogEntry>, StorageError> {
    let iris = store_iris(store);
    let graph = iris.entities_graph();
    let graph = GraphNameRef::NamedNode(graph.as_ref());
    let oxigraph = store.oxigraph();
    let literal_values =
        |subject: &NamedOrBlankNode, predicate| -> Result<Vec<String>, StorageError> {
            let mut values: Vec<String> = oxigraph
                .quads_for_pattern(Some(subject.as_ref()), Some(predicate), None, None)
                .map(|q| {
                    q.map(|q| match q.object {
                        Term::Literal(l) => l.value().to_owned(),
                        other => other.to_string(),
                    })
                })
                .collect::<Result<_, _>>()?;
            values.sort();
            values.dedup();
            Ok(values)
        };
    let mut entries = Vec::new();
    for quad in oxigraph.quads_for_pattern(None, Some(rdf::TYPE), None, Some(graph)) {
        let quad = quad?;
        let Term::NamedNode(class) = &quad.object else {
            continue;
        };
        let Some(entity_type) = type_of_class(class.as_str()) else {
            continue;
        };
        if only.is_some_and(|t| t != entity_type) {
            continue;
        }
        let subject = quad.subject.clone();
        let mut merges = Vec::new();
        for record in
            oxigraph.quads_for_pattern(Some(subject.as_ref()), Some(kgo::MERGED), None, None)
        {
            let Term::NamedNode(record) = record?.object else {
                continue;
            };
            let record = NamedOrBlankNode::NamedNode(record);
            let first =
                |p| literal_values(&record, p).map(|v| v.into_iter().next().unwrap_or_default());
            merges.push((first(kgo::RULE)?, first(kgo::NAME)?, first(kgo::INTO)?));
        }
        merges.sort();
        merges.dedup();
        let iri = match &subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            NamedOrBlankNode::BlankNode(b) => b.to_string(),
        };
        // The counts the entity graph keeps (in every provenance mode, mentions or not).
        let number = |p| -> Result<usize, StorageError> {
            Ok(literal_values(&subject, p)?
                .first()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0))
        };
        let (count, documents) = (number(kgo::MENTION_COUNT)?, number(kgo::DOCUMENT_COUNT)?);
        entries.push(CatalogEntry {
            iri,
            entity_type,
            label: literal_values(&subject, rdf::LABEL)?
                .into_iter()
                .next()
                .unwrap_or_default(),
            alt_labels: literal_values(&subject, common::ALT_LABEL)?,
            mentions: count,
            documents,
            merges,
        });
    }
    entries.sort_by(|a, b| {
        (a.entity_type, std::cmp::Reverse(a.mentions), &a.label).cmp(&(
            b.entity_type,
            std::cmp::Reverse(b.mentions),
            &b.label,
        ))
    });
    Ok(entries)
}

//! Stage 6, graph: the in-memory entity graph (petgraph), source of the Graphviz export.
//!
//! Nodes are entities; an edge joins two entities mentioned in the same sentence, weighted
//! by the number of such sentences. Built from the store, so it describes everything the
//! store holds. Nodes are added in IRI order and edges in node order, so the DOT output is
//! deterministic.

use crate::catalog;
use crate::entity_type::EntityType;
use crate::store::KgStore;
use crate::vocab::nif;
use oxigraph::model::Term;
use oxigraph::store::StorageError;
use petgraph::dot::{Config, Dot};
use petgraph::graph::{NodeIndex, UnGraph};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// An entity node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityNode {
    /// Its IRI.
    pub iri: String,
    /// Its type.
    pub entity_type: EntityType,
    /// Its canonical name.
    pub label: String,
    /// Number of mentions.
    pub mentions: usize,
}

/// Entities and their co-mentions.
pub type EntityGraph = UnGraph<EntityNode, usize>;

/// Builds the entity graph of everything in the store.
///
/// # Errors
/// On storage failure.
pub fn from_store(store: &KgStore) -> Result<EntityGraph, StorageError> {
    let oxigraph = store.oxigraph();
    let nodes: BTreeMap<String, EntityNode> = catalog::entities(store, None)?
        .into_iter()
        .map(|entry| {
            let node = EntityNode {
                iri: entry.iri.clone(),
                entity_type: entry.entity_type,
                label: entry.label,
                mentions: entry.mentions,
            };
            (entry.iri, node)
        })
        .collect();
    // Entities per sentence.
    let mut sentences: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for quad in oxigraph.quads_for_pattern(None, Some(nif::TA_IDENT_REF), None, None) {
        let quad = quad?;
        let Term::NamedNode(entity) = &quad.object else {
            continue;
        };
        let sentence = oxigraph
            .quads_for_pattern(Some(quad.subject.as_ref()), Some(nif::SENTENCE), None, None)
            .next()
            .transpose()?;
        if let Some(sentence) = sentence {
            sentences
                .entry(sentence.object.to_string())
                .or_default()
                .insert(entity.as_str().to_owned());
        }
    }
    let mut graph = EntityGraph::default();
    let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
    for (iri, node) in nodes {
        index.insert(iri, graph.add_node(node));
    }
    let mut weights: BTreeMap<(NodeIndex, NodeIndex), usize> = BTreeMap::new();
    for entities in sentences.values() {
        let members: Vec<NodeIndex> = entities
            .iter()
            .filter_map(|e| index.get(e).copied())
            .collect();
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                *weights.entry((a, b)).or_default() += 1;
            }
        }
    }
    for ((a, b), weight) in weights {
        graph.add_edge(a, b, weight);
    }
    Ok(graph)
}

/// Shape and colour of each type's nodes.
fn style(entity_type: EntityType) -> (&'static str, &'static str) {
    match entity_type {
        EntityType::Person => ("ellipse", "#fde0c5"),
        EntityType::Organization => ("box", "#c6dbef"),
        EntityType::Place => ("hexagon", "#c7e9c0"),
        EntityType::Law => ("note", "#e5d8f0"),
    }
}

/// Escapes text for a double-quoted DOT string.
pub fn escape_dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The graph in Graphviz DOT: one node per entity (shape and colour by type, label with
/// the name), edges labelled with the number of shared sentences and weighted by it.
pub fn to_dot(graph: &EntityGraph) -> String {
    let node_attributes = |_: &EntityGraph, (_, node): (NodeIndex, &EntityNode)| {
        let (shape, colour) = style(node.entity_type);
        format!(
            "label = \"{}\" shape = {shape} style = filled fillcolor = \"{colour}\" tooltip = \"{}\"",
            escape_dot(&node.label),
            escape_dot(&node.iri)
        )
    };
    let edge_attributes = |_: &EntityGraph, edge: petgraph::graph::EdgeReference<'_, usize>| {
        format!(
            "label = \"{0}\" weight = {0} penwidth = {1}",
            edge.weight(),
            1 + edge.weight().min(&5)
        )
    };
    let dot = Dot::with_attr_getters(
        graph,
        &[Config::NodeNoLabel, Config::EdgeNoLabel],
        &edge_attributes,
        &node_attributes,
    );
    let mut text = String::new();
    write!(text, "{dot:?}").expect("writing to a String cannot fail");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_quotes_and_backslashes() {
        assert_eq!(escape_dot(r#"a "b" \c"#), r#"a \"b\" \\c"#);
    }

    #[test]
    fn dot_has_styled_nodes_and_weighted_edges() {
        let mut graph = EntityGraph::default();
        let node = |label: &str, entity_type| EntityNode {
            iri: format!("http://e.org/{label}"),
            entity_type,
            label: label.to_owned(),
            mentions: 1,
        };
        let a = graph.add_node(node("Ann \"A\"", EntityType::Person));
        let b = graph.add_node(node("Acme", EntityType::Organization));
        graph.add_edge(a, b, 3);
        let dot = to_dot(&graph);
        assert!(dot.starts_with("graph {"), "{dot}");
        assert!(
            dot.contains(r#"label = "Ann \"A\"" shape = ellipse"#),
            "{dot}"
        );
        assert!(dot.contains("shape = box"), "{dot}");
        assert!(dot.contains("0 -- 1 [ label = \"3\" weight = 3"), "{dot}");
    }
}

//! Narrowing the entity graph: by type, relation, mention count, and to the neighbourhood
//! of one entity.

use super::{EntityEdge, EntityGraph, EntityNode, GraphError};
use crate::entity_type::EntityType;
use crate::lexicon::fold;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The name that selects co-mention edges in [`Filter::relations`].
pub const CO_MENTION: &str = "co-mention";

/// What to keep of a graph. The default keeps everything.
///
/// The steps, in order: nodes of other types or with fewer mentions go (the focus entity
/// always stays); edges go with their nodes, and when [`relations`](Self::relations) is
/// set, edges of other relations go too; with a [`focus`](Self::focus), only entities at
/// most [`depth`](Self::depth) edges away from it stay (edges followed in either
/// direction); finally, when relations were selected, entities left without an edge go,
/// so the drawing shows who is related by them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Keep only entities of these types (all when empty).
    pub types: Vec<EntityType>,
    /// Keep only edges of these relations (all when empty): a predicate's label
    /// ("position held"), local name (`P39`), prefixed name (`wdt:P39`) or IRI, any
    /// case; [`CO_MENTION`] selects co-mention edges.
    pub relations: Vec<String>,
    /// Keep only entities with at least this many mentions.
    pub min_mentions: usize,
    /// Keep only the neighbourhood of the entity with this name (label or other name,
    /// any case), prefixed name (`person:ann-lee`) or IRI.
    pub focus: Option<String>,
    /// How many edges away from the focus entity to go.
    pub depth: usize,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            types: Vec::new(),
            relations: Vec::new(),
            min_mentions: 0,
            focus: None,
            depth: 1,
        }
    }
}

/// Whether `edge` is of the relation called `name` (see [`Filter::relations`]).
pub fn edge_matches(edge: &EntityEdge, name: &str) -> bool {
    let name = name.trim();
    match edge {
        EntityEdge::CoMention { .. } => {
            fold(name) == CO_MENTION || name.eq_ignore_ascii_case("kgo:coMentionedWith")
        }
        EntityEdge::Relation { predicate, .. } => {
            fold(name) == fold(&predicate.label)
                || name.eq_ignore_ascii_case(predicate.local_name())
                || name.eq_ignore_ascii_case(&predicate.prefixed)
                || name == predicate.iri
        }
    }
}

/// The entity `name` selects (see [`Filter::focus`]): by IRI or prefixed name, else by
/// label, else by other name, in any case.
///
/// # Errors
/// [`GraphError::UnknownEntity`] when no entity has the name,
/// [`GraphError::AmbiguousEntity`] when several have it.
pub fn find_entity(graph: &EntityGraph, name: &str) -> Result<NodeIndex, GraphError> {
    // `person:ann-lee` matches an IRI ending in `/person/ann-lee`.
    let prefixed = name
        .split_once(':')
        .filter(|(prefix, local)| !prefix.is_empty() && !local.is_empty() && !local.contains(' '))
        .map(|(prefix, local)| format!("/{prefix}/{local}"));
    let folded = fold(name);
    let tiers: [&dyn Fn(&EntityNode) -> bool; 3] = [
        &|node: &EntityNode| {
            node.iri == name || prefixed.as_ref().is_some_and(|p| node.iri.ends_with(p))
        },
        &|node: &EntityNode| fold(&node.label) == folded,
        &|node: &EntityNode| node.alt_labels.iter().any(|a| fold(a) == folded),
    ];
    let found: Vec<NodeIndex> = tiers
        .iter()
        .map(|matches| {
            graph
                .node_indices()
                .filter(|&n| matches(&graph[n]))
                .collect::<Vec<_>>()
        })
        .find(|found| !found.is_empty())
        .unwrap_or_default();
    match found.as_slice() {
        [] => Err(GraphError::UnknownEntity {
            name: name.to_owned(),
        }),
        [one] => Ok(*one),
        several => Err(GraphError::AmbiguousEntity {
            name: name.to_owned(),
            candidates: several.iter().map(|&n| graph[n].iri.clone()).collect(),
        }),
    }
}

/// Every relation name of the graph (labels), and [`CO_MENTION`].
fn relation_names(graph: &EntityGraph) -> Vec<String> {
    let mut names: BTreeSet<String> = graph
        .edge_weights()
        .filter_map(|e| match e {
            EntityEdge::Relation { predicate, .. } => Some(predicate.label.clone()),
            EntityEdge::CoMention { .. } => None,
        })
        .collect();
    names.insert(CO_MENTION.to_owned());
    names.into_iter().collect()
}

/// The part of `graph` that `filter` keeps, nodes and edges in their original order.
///
/// # Errors
/// [`GraphError::UnknownEntity`] or [`GraphError::AmbiguousEntity`] when the focus name
/// selects no entity or several; [`GraphError::UnknownRelation`] when a relation name
/// matches no edge of the graph.
pub fn apply(graph: &EntityGraph, filter: &Filter) -> Result<EntityGraph, GraphError> {
    let focus = filter
        .focus
        .as_deref()
        .map(|name| find_entity(graph, name))
        .transpose()?;
    for name in &filter.relations {
        let known = fold(name) == CO_MENTION || graph.edge_weights().any(|e| edge_matches(e, name));
        if !known {
            return Err(GraphError::UnknownRelation {
                name: name.clone(),
                known: relation_names(graph),
            });
        }
    }
    let mut keep_node: Vec<bool> = graph
        .node_indices()
        .map(|n| {
            let node = &graph[n];
            Some(n) == focus
                || ((filter.types.is_empty() || filter.types.contains(&node.entity_type))
                    && node.mentions >= filter.min_mentions)
        })
        .collect();
    let keep_edge = |keep_node: &[bool], e: petgraph::graph::EdgeIndex| {
        let (a, b) = graph.edge_endpoints(e).expect("edge of this graph");
        keep_node[a.index()]
            && keep_node[b.index()]
            && (filter.relations.is_empty()
                || filter.relations.iter().any(|r| edge_matches(&graph[e], r)))
    };
    if let Some(focus) = focus {
        // Breadth-first over kept edges, either direction.
        let mut distance: BTreeMap<NodeIndex, usize> = BTreeMap::from([(focus, 0)]);
        let mut queue = VecDeque::from([focus]);
        while let Some(node) = queue.pop_front() {
            let d = distance[&node];
            if d == filter.depth {
                continue;
            }
            for edge in graph
                .edges_directed(node, petgraph::Direction::Outgoing)
                .chain(graph.edges_directed(node, petgraph::Direction::Incoming))
            {
                if !keep_edge(&keep_node, edge.id()) {
                    continue;
                }
                let other = if edge.source() == node {
                    edge.target()
                } else {
                    edge.source()
                };
                if let std::collections::btree_map::Entry::Vacant(entry) = distance.entry(other) {
                    entry.insert(d + 1);
                    queue.push_back(other);
                }
            }
        }
        for n in graph.node_indices() {
            keep_node[n.index()] &= distance.contains_key(&n);
        }
    }
    if !filter.relations.is_empty() {
        let mut linked = vec![false; graph.node_count()];
        for e in graph.edge_indices() {
            if keep_edge(&keep_node, e) {
                let (a, b) = graph.edge_endpoints(e).expect("edge of this graph");
                linked[a.index()] = true;
                linked[b.index()] = true;
            }
        }
        for n in graph.node_indices() {
            keep_node[n.index()] &= linked[n.index()] || Some(n) == focus;
        }
    }
    let kept_edges: Vec<bool> = graph
        .edge_indices()
        .map(|e| keep_edge(&keep_node, e))
        .collect();
    Ok(graph.filter_map(
        |n, node| keep_node[n.index()].then(|| node.clone()),
        |e, edge| kept_edges[e.index()].then(|| edge.clone()),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{edges, store_with_relations};
    use super::super::{Source, from_store};
    use super::*;

    /// One filter case: what to keep, and the expected node labels (in order) and number
    /// of edges, or the start of the expected error.
    struct Case {
        name: &'static str,
        filter: Filter,
        expected: Result<(&'static [&'static str], usize), &'static str>,
    }

    fn filter(change: impl FnOnce(&mut Filter)) -> Filter {
        let mut filter = Filter::default();
        change(&mut filter);
        filter
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn cases() -> Vec<Case> {
        vec![
            Case {
                name: "no filter keeps everything",
                filter: Filter::default(),
                expected: Ok((&["Alien Act", "Acme", "Ann Lee", "Bo Díaz"], 7)),
            },
            Case {
                name: "one type",
                filter: filter(|f| f.types = vec![EntityType::Person]),
                expected: Ok((&["Ann Lee", "Bo Díaz"], 1)),
            },
            Case {
                name: "two types",
                filter: filter(|f| f.types = vec![EntityType::Person, EntityType::Law]),
                expected: Ok((&["Alien Act", "Ann Lee", "Bo Díaz"], 3)),
            },
            Case {
                name: "min mentions",
                filter: filter(|f| f.min_mentions = 2),
                expected: Ok((&["Acme", "Ann Lee"], 2)),
            },
            Case {
                name: "relation by label, any case",
                filter: filter(|f| f.relations = strings(&["Position Held"])),
                expected: Ok((&["Acme", "Bo Díaz"], 1)),
            },
            Case {
                name: "relation by prefixed name and local name",
                filter: filter(|f| f.relations = strings(&["wdt:P39", "P108"])),
                expected: Ok((&["Acme", "Ann Lee", "Bo Díaz"], 2)),
            },
            Case {
                name: "relation by IRI",
                filter: filter(|f| {
                    f.relations = strings(&["http://example.org/kgraph/ontology#invoked"]);
                }),
                expected: Ok((&["Alien Act", "Ann Lee"], 1)),
            },
            Case {
                name: "co-mention edges only",
                filter: filter(|f| f.relations = strings(&["co-mention"])),
                expected: Ok((&["Alien Act", "Acme", "Ann Lee", "Bo Díaz"], 4)),
            },
            Case {
                name: "unknown relation lists the known ones",
                filter: filter(|f| f.relations = strings(&["married"])),
                expected: Err(
                    "no relation called \"married\" in the graph; relations: P108, co-mention, invoked, position held",
                ),
            },
            Case {
                name: "focus by alt label, depth 1",
                filter: filter(|f| {
                    f.focus = Some("lee".to_owned());
                    f.relations = strings(&["invoked", "P108"]);
                }),
                expected: Ok((&["Alien Act", "Acme", "Ann Lee"], 2)),
            },
            Case {
                name: "focus follows edges backwards, depth 1",
                filter: filter(|f| {
                    f.focus = Some("Alien Act".to_owned());
                    f.relations = strings(&["invoked", "wdt:P39", "P108"]);
                }),
                expected: Ok((&["Alien Act", "Ann Lee"], 1)),
            },
            Case {
                name: "focus depth 2",
                filter: filter(|f| {
                    f.focus = Some("ALIEN ACT".to_owned());
                    f.depth = 2;
                    f.relations = strings(&["invoked", "wdt:P39", "P108"]);
                }),
                expected: Ok((&["Alien Act", "Acme", "Ann Lee"], 2)),
            },
            Case {
                name: "focus depth 0 is the entity alone",
                filter: filter(|f| {
                    f.focus = Some("person:bo-diaz".to_owned());
                    f.depth = 0;
                }),
                expected: Ok((&["Bo Díaz"], 0)),
            },
            Case {
                name: "focus stays although filtered by type",
                filter: filter(|f| {
                    f.focus = Some("Bo Díaz".to_owned());
                    f.types = vec![EntityType::Organization];
                }),
                expected: Ok((&["Acme", "Bo Díaz"], 2)),
            },
            Case {
                name: "unknown focus",
                filter: filter(|f| f.focus = Some("Nobody".to_owned())),
                expected: Err("no entity is called \"Nobody\" in the graph"),
            },
        ]
    }

    #[test]
    fn case_names_are_unique() {
        let names: BTreeSet<&str> = cases().iter().map(|c| c.name).collect();
        assert_eq!(names.len(), cases().len());
    }

    #[test]
    fn filters() {
        let graph = from_store(&store_with_relations(), Source::Store).unwrap();
        for case in cases() {
            let result = apply(&graph, &case.filter);
            match (&result, case.expected) {
                (Ok(filtered), Ok((labels, edge_count))) => {
                    let actual: Vec<&str> =
                        filtered.node_weights().map(|n| n.label.as_str()).collect();
                    assert_eq!(
                        (actual.as_slice(), filtered.edge_count()),
                        (labels, edge_count),
                        "case {:?}: edges {:#?}",
                        case.name,
                        edges(filtered)
                    );
                }
                (Err(error), Err(start)) => assert!(
                    error.to_string().starts_with(start),
                    "case {:?}: {error}",
                    case.name
                ),
                _ => panic!("case {:?}: unexpected {result:?}", case.name),
            }
        }
    }

    #[test]
    fn ambiguous_focus_lists_the_candidates() {
        let mut graph = from_store(&store_with_relations(), Source::Store).unwrap();
        let mut twin = graph[NodeIndex::new(1)].clone();
        twin.iri.push_str("-2");
        graph.add_node(twin);
        let error = apply(
            &graph,
            &Filter {
                focus: Some("acme".to_owned()),
                ..Filter::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"acme\" names 2 entities: http://example.org/kgraph/org/acme, \
             http://example.org/kgraph/org/acme-2; give one of their IRIs"
        );
    }
}

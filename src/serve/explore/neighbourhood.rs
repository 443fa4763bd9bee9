//! The neighbourhood picture: an entity and everything up to one or two edges away, with
//! the filters of `kgraph export --focus` (types, relations, mentions; [`filter::apply`]),
//! drawn as SVG by Graphviz `dot` when it is installed and by [`super::picture`] when not
//! (or with `layout=built-in`). Each node links to its entity page.
//!
//! Read from the entity graph only, bounded however connected the entity is: at most
//! [`EDGES_READ`] relations each way and co-mentions (those named with it in the most
//! sentences, from its `kgo:CoMention` records); at depth 2 the [`FRONTIER`] most
//! mentioned neighbours kept by the filters are followed, [`FRONTIER_EDGES`] each; the
//! [`MAX_NODES`] nearest, most mentioned entities are drawn, with every relation and
//! co-mention (with its sentence count) among them.

use super::layout::{self, count, entity_link, type_name};
use super::{Explorer, PageError, PageResult, Parameters, entity_type, iri, number, text};
use crate::entity_type::EntityType;
use crate::graph::{self, EntityEdge, EntityGraph, EntityNode, Filter, Predicate};
use crate::vocab::kgo;
use maud::{PreEscaped, html};
use oxigraph::model::NamedNode;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Relations read each way around the focus, and co-mentions (those of the most
/// sentences).
const EDGES_READ: usize = 500;

/// Neighbours followed at depth 2.
const FRONTIER: usize = 8;

/// Relations each way, and co-mentions, read around each followed neighbour (the first
/// ones, unranked: ranking them reads all of a hub's).
const FRONTIER_EDGES: usize = 150;

/// Entities drawn at most.
const MAX_NODES: usize = 40;

/// Edges drawn at most: those of the focus first, then relations, then the co-mentions of
/// the most sentences (forty entities named together everywhere have 780 co-mentions,
/// which no layout makes readable and Graphviz takes minutes over).
const MAX_EDGES: usize = 120;

/// `(subject, predicate, object)` of the entity graph.
type Edge = (String, String, String);

/// The neighbourhood page of `focus`.
pub(super) fn page(
    explorer: &Explorer<'_>,
    focus: &NamedNode,
    parameters: &Parameters,
) -> PageResult {
    let depth = parameters.number("depth", 1)?;
    if !(1..=2).contains(&depth) {
        return Err(PageError::BadRequest(format!(
            "depth={depth}: the picture goes 1 or 2 edges away"
        )));
    }
    let relations: Vec<String> = parameters
        .all("relation")
        .into_iter()
        .filter(|r| !r.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let filter = Filter {
        types: parameters.types()?,
        relations,
        min_mentions: parameters.number("min-mentions", 0)?,
        focus: Some(focus.as_str().to_owned()),
        depth,
    };
    let built_in = parameters.get("layout") == Some("built-in");

    let mut edges: BTreeSet<Edge> = edges_around(explorer, &[focus.as_str()], EDGES_READ, true)?;
    let mut nodes = node_info(explorer, &edges, focus.as_str())?;
    if !nodes.contains_key(focus.as_str()) {
        return Err(PageError::NotFound(format!(
            "{focus} is not an entity of the store; search for a name instead"
        )));
    }
    let labels = predicate_labels(explorer, &edges)?;
    let mut truncated = edges.len() >= EDGES_READ;
    if depth == 2 {
        let near = Filter {
            depth: 1,
            ..filter.clone()
        };
        let first = graph::apply(
            &assemble(explorer, &nodes, &edges, &BTreeMap::new(), &labels),
            &near,
        )
        .map_err(|e| PageError::BadRequest(e.to_string()))?;
        let mut frontier: Vec<&EntityNode> = first
            .node_weights()
            .filter(|n| n.iri != focus.as_str())
            .collect();
        frontier.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.iri.cmp(&b.iri)));
        truncated |= frontier.len() > FRONTIER;
        let frontier: Vec<&str> = frontier
            .iter()
            .take(FRONTIER)
            .map(|n| n.iri.as_str())
            .collect();
        let more = edges_around(explorer, &frontier, FRONTIER_EDGES, false)?;

        edges.extend(more);
        nodes = node_info(explorer, &edges, focus.as_str())?;
    }
    let labels = predicate_labels(explorer, &edges)?;
    let everything = assemble(explorer, &nodes, &edges, &BTreeMap::new(), &labels);
    let kept =
        graph::apply(&everything, &filter).map_err(|e| PageError::BadRequest(e.to_string()))?;
    // The nearest, then most mentioned, entities.
    let distances = distances(&kept, focus.as_str());
    let mut ranked: Vec<&EntityNode> = kept.node_weights().collect();
    ranked.sort_by(|a, b| {
        (
            distances.get(a.iri.as_str()),
            std::cmp::Reverse(a.mentions),
            &a.iri,
        )
            .cmp(&(
                distances.get(b.iri.as_str()),
                std::cmp::Reverse(b.mentions),
                &b.iri,
            ))
    });
    let cut = ranked.len() > MAX_NODES;
    let drawn: Vec<String> = ranked
        .iter()
        .take(MAX_NODES)
        .map(|n| n.iri.clone())
        .collect();
    // Every edge among the drawn entities, with co-mention sentence counts.
    let (among, sentences) = edges_among(explorer, &drawn)?;
    let labels = predicate_labels(explorer, &among)?;
    let drawn_nodes: BTreeMap<String, NodeFacts> = nodes
        .into_iter()
        .filter(|(iri, _)| drawn.contains(iri))
        .collect();
    let picture = assemble(explorer, &drawn_nodes, &among, &sentences, &labels);
    let picture = graph::apply(
        &picture,
        &Filter {
            depth: depth.max(1),
            ..filter.clone()
        },
    )
    .map_err(|e| PageError::BadRequest(e.to_string()))?;
    let (picture, edges_cut) = strongest_edges(&picture, focus.as_str());
    let focus_index = picture
        .node_indices()
        .find(|&n| picture[n].iri == focus.as_str());
    let svg = if built_in {
        super::picture::draw(&picture, focus_index, &|iri| explorer.href("entity", iri))
            .into_string()
    } else {
        graphviz(explorer, &picture, focus_index).unwrap_or_else(|| {
            super::picture::draw(&picture, focus_index, &|iri| explorer.href("entity", iri))
                .into_string()
        })
    };
    let label = focus_index
        .map_or(focus.as_str(), |n| picture[n].label.as_str())
        .to_owned();
    let here = explorer.href("graph", focus.as_str());
    let types = &filter.types;
    let mut listed: Vec<&EntityNode> = picture.node_weights().collect();
    listed.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.label.cmp(&b.label)));
    let body = html! {
        h1 { "Neighbourhood of " (entity_link(explorer, focus.as_str(), &label, focus_index.map(|n| picture[n].entity_type))) }
        form.filters action=(here) method="get" {
            label { "depth " select name="depth" {
                option value="1" selected[depth == 1] { "1" }
                option value="2" selected[depth == 2] { "2" }
            } }
            @for t in EntityType::ALL {
                label { input type="checkbox" name="type" value=(t.folder()) checked[types.contains(&t)]; " " (type_name(Some(t))) }
            }
            label { "relation " input type="text" name="relation" value=(filter.relations.first().map_or("", String::as_str)) placeholder="e.g. position held, co-mention" size="18"; }
            label { "min. mentions " input type="number" name="min-mentions" min="0" value=(filter.min_mentions) size="4"; }
            label { "layout " select name="layout" {
                option value="" selected[!built_in] { "Graphviz when installed" }
                option value="built-in" selected[built_in] { "built-in" }
            } }
            button type="submit" { "Draw" }
        }
        p.summary {
            (count(picture.node_count(), "entity")) ", " (count(picture.edge_count(), "edge")) " drawn"
            @if cut || truncated { "; the nearest and most mentioned entities are drawn, not all: narrow it with the filters" }
            @if edges_cut { "; the edges of the focus and the strongest others are drawn, not all" }
            "."
        }
        figure.picture { (PreEscaped(svg)) }
        details {
            summary { "The entities drawn, as a list" }
            ul { @for n in &listed { li { (entity_link(explorer, &n.iri, &n.label, Some(n.entity_type))) " " span.counts { (count(n.mentions, "mention")) } } } }
        }
    };
    Ok(layout::page(&format!("Neighbourhood of {label}"), "", body))
}

/// What the page knows of an entity node.
struct NodeFacts {
    label: String,
    entity_type: EntityType,
    mentions: usize,
}

/// The entity-to-entity triples of the entity graph around each of `around`: its
/// relations (at most `limit` each way), and its co-mentions: the first `limit` each way,
/// and the `limit` named with it in the most sentences when `ranked` (a sort of its
/// co-mention records), else the first `limit` of those.
fn edges_around(
    explorer: &Explorer<'_>,
    around: &[&str],
    limit: usize,
    ranked: bool,
) -> Result<BTreeSet<Edge>, PageError> {
    let graph = explorer.entities_graph();
    let mut edges = BTreeSet::new();
    let co_mention = kgo::CO_MENTIONED_WITH.as_str();
    for entity in around {
        let skip = "FILTER(?p NOT IN (rdf:type, owl:sameAs, rdf:subject, rdf:object, kgo:coMentionedWith))";
        let mut rows = explorer.select(&format!(
            "SELECT ?a ?p ?b WHERE {{ BIND(<{entity}> AS ?a) GRAPH {graph} {{ <{entity}> ?p ?b }} FILTER(isIRI(?b)) {skip} }} LIMIT {limit}"
        ))?;
        rows.extend(explorer.select(&format!(
            "SELECT ?a ?p ?b WHERE {{ BIND(<{entity}> AS ?b) GRAPH {graph} {{ ?a ?p <{entity}> }} FILTER(isIRI(?a)) {skip} }} LIMIT {limit}"
        ))?);
        // Pairs named together in one sentence have the triple and no record.
        for (pattern, other) in [
            ("<{e}> kgo:coMentionedWith ?o", "?o"),
            ("?o kgo:coMentionedWith <{e}>", "?o"),
        ] {
            let pattern = pattern.replace("{e}", entity);
            for r in explorer.select(&format!(
                "SELECT {other} WHERE {{ GRAPH {graph} {{ {pattern} }} }} LIMIT {limit}"
            ))? {
                if let Some(other) = iri(&r[0]) {
                    edges.insert((
                        (*entity).to_owned(),
                        co_mention.to_owned(),
                        other.to_owned(),
                    ));
                }
            }
        }
        let order = if ranked {
            "ORDER BY DESC(?n) ?other"
        } else {
            ""
        };
        for r in explorer.select(&format!(
            "SELECT ?other ?n WHERE {{ GRAPH {graph} {{ \
               {{ ?c rdf:subject <{entity}> ; rdf:object ?other }} UNION {{ ?c rdf:object <{entity}> ; rdf:subject ?other }} \
               ?c kgo:sentenceCount ?n }} }} {order} LIMIT {limit}"
        ))? {
            if let Some(other) = iri(&r[0]) {
                edges.insert(((*entity).to_owned(), co_mention.to_owned(), other.to_owned()));
            }
        }
        for r in &rows {
            if let (Some(a), Some(p), Some(b)) = (iri(&r[0]), iri(&r[1]), iri(&r[2]))
                && a != b
            {
                edges.insert((a.to_owned(), p.to_owned(), b.to_owned()));
            }
        }
    }
    Ok(edges)
}

/// Label, type and mentions of every entity the edges name (and `focus`); positions and
/// other non-entities are left out.
fn node_info(
    explorer: &Explorer<'_>,
    edges: &BTreeSet<Edge>,
    focus: &str,
) -> Result<BTreeMap<String, NodeFacts>, PageError> {
    let mut iris: BTreeSet<&str> = edges
        .iter()
        .flat_map(|(a, _, b)| [a.as_str(), b.as_str()])
        .collect();
    iris.insert(focus);
    let graph = explorer.entities_graph();
    let mut nodes = BTreeMap::new();
    let list: Vec<&str> = iris.into_iter().collect();
    for chunk in list.chunks(500) {
        let values: Vec<String> = chunk.iter().map(|i| format!("<{i}>")).collect();
        let rows = explorer.select(&format!(
            "SELECT ?e ?label ?class ?m WHERE {{ VALUES ?e {{ {} }} GRAPH {graph} {{ ?e kgo:mentionCount ?m ; a ?class ; rdfs:label ?label }} }}",
            values.join(" ")
        ))?;
        for r in &rows {
            let (Some(e), Some(entity_type)) = (iri(&r[0]), entity_type(&r[2])) else {
                continue;
            };
            let label = text(&r[1]);
            let entry = nodes.entry(e.to_owned()).or_insert_with(|| NodeFacts {
                label: label.clone(),
                entity_type,
                mentions: number(&r[3]),
            });
            if label < entry.label {
                entry.label = label;
            }
        }
    }
    Ok(nodes)
}

/// The relations and co-mentions among `drawn`, and the sentence count of each co-mentioned
/// pair that has one (pairs named together once have none: one sentence). Both are point
/// look-ups: the triples of each ordered pair, and the co-mention records, whose IRIs
/// follow from the pair ([`crate::rdf::Iris::co_mention`]).
#[allow(clippy::type_complexity)]
fn edges_among(
    explorer: &Explorer<'_>,
    drawn: &[String],
) -> Result<(BTreeSet<Edge>, BTreeMap<(String, String), usize>), PageError> {
    let graph = explorer.entities_graph();
    let nodes: Vec<NamedNode> = drawn
        .iter()
        .map(|i| NamedNode::new_unchecked(i.as_str()))
        .collect();
    let mut pairs = Vec::new();
    for a in &nodes {
        for b in &nodes {
            if a != b {
                pairs.push((a, b));
            }
        }
    }
    let mut edges = BTreeSet::new();
    // A few hundred pairs a query keeps within the query-size limits (query/shape.rs).
    for chunk in pairs.chunks(300) {
        let values: Vec<String> = chunk.iter().map(|(a, b)| format!("({a} {b})")).collect();
        let rows = explorer.select(&format!(
            "SELECT ?a ?p ?b WHERE {{ VALUES (?a ?b) {{ {} }} GRAPH {graph} {{ ?a ?p ?b }} FILTER(?p NOT IN (rdf:type, owl:sameAs)) }}",
            values.join(" ")
        ))?;
        for r in &rows {
            if let (Some(a), Some(p), Some(b)) = (iri(&r[0]), iri(&r[1]), iri(&r[2])) {
                edges.insert((a.to_owned(), p.to_owned(), b.to_owned()));
            }
        }
    }
    let mut sentences = BTreeMap::new();
    for chunk in pairs.chunks(1000) {
        let values: Vec<String> = chunk
            .iter()
            .map(|(a, b)| explorer.iris.co_mention(a, b).to_string())
            .collect();
        let rows = explorer.select(&format!(
            "SELECT ?a ?b ?n WHERE {{ VALUES ?c {{ {} }} GRAPH {graph} {{ ?c rdf:subject ?a ; rdf:object ?b ; kgo:sentenceCount ?n }} }}",
            values.join(" ")
        ))?;
        for r in &rows {
            if let (Some(a), Some(b)) = (iri(&r[0]), iri(&r[1])) {
                let pair = if a < b { (a, b) } else { (b, a) };
                sentences.insert((pair.0.to_owned(), pair.1.to_owned()), number(&r[2]));
            }
        }
    }
    Ok((edges, sentences))
}

/// The label of each predicate the edges use.
fn predicate_labels(
    explorer: &Explorer<'_>,
    edges: &BTreeSet<Edge>,
) -> Result<BTreeMap<String, String>, PageError> {
    Ok(explorer.labels(edges.iter().map(|(_, p, _)| p.as_str()))?)
}

/// An entity graph of `nodes` and the `edges` between them (co-mentions counted from
/// `sentences`, 1 when absent), in a fixed order.
fn assemble(
    explorer: &Explorer<'_>,
    nodes: &BTreeMap<String, NodeFacts>,
    edges: &BTreeSet<Edge>,
    sentences: &BTreeMap<(String, String), usize>,
    labels: &BTreeMap<String, String>,
) -> EntityGraph {
    let mut graph = EntityGraph::default();
    let mut index: BTreeMap<&str, NodeIndex> = BTreeMap::new();
    for (iri, facts) in nodes {
        let node = graph.add_node(EntityNode {
            iri: iri.clone(),
            entity_type: facts.entity_type,
            label: facts.label.clone(),
            alt_labels: Vec::new(),
            mentions: facts.mentions,
        });
        index.insert(iri, node);
    }
    let mut pairs: BTreeSet<(NodeIndex, NodeIndex)> = BTreeSet::new();
    for (a, p, b) in edges {
        let (Some(&ia), Some(&ib)) = (index.get(a.as_str()), index.get(b.as_str())) else {
            continue;
        };
        if p == kgo::CO_MENTIONED_WITH.as_str() {
            pairs.insert((ia.min(ib), ia.max(ib)));
            continue;
        }
        let predicate = Predicate {
            iri: p.clone(),
            prefixed: explorer.display(&NamedNode::new_unchecked(p.as_str()).into()),
            label: labels
                .get(p)
                .cloned()
                .unwrap_or_else(|| p.rsplit(['#', '/']).next().unwrap_or(p).to_owned()),
        };
        graph.add_edge(
            ia,
            ib,
            EntityEdge::Relation {
                predicate,
                statements: 1,
            },
        );
    }
    for (a, b) in pairs {
        let (x, y) = (&graph[a].iri, &graph[b].iri);
        let key = if x < y {
            (x.clone(), y.clone())
        } else {
            (y.clone(), x.clone())
        };
        let sentences = sentences.get(&key).copied().unwrap_or(1);
        graph.add_edge(a, b, EntityEdge::CoMention { sentences });
    }
    graph
}

/// `graph` with at most [`MAX_EDGES`] edges: the focus's, then relations, then the
/// co-mentions of the most sentences (ties in edge order); and whether edges were left out.
fn strongest_edges(graph: &EntityGraph, focus: &str) -> (EntityGraph, bool) {
    if graph.edge_count() <= MAX_EDGES {
        return (graph.clone(), false);
    }
    let mut ranked: Vec<(bool, bool, std::cmp::Reverse<usize>, usize)> = graph
        .edge_references()
        .map(|e| {
            let touches = graph[e.source()].iri == focus || graph[e.target()].iri == focus;
            let co_mention = matches!(e.weight(), EntityEdge::CoMention { .. });
            (
                !touches,
                co_mention,
                std::cmp::Reverse(e.weight().count()),
                e.id().index(),
            )
        })
        .collect();
    ranked.sort();
    let keep: BTreeSet<usize> = ranked.iter().take(MAX_EDGES).map(|r| r.3).collect();
    let pruned = graph.filter_map(
        |_, node| Some(node.clone()),
        |e, edge| keep.contains(&e.index()).then(|| edge.clone()),
    );
    (pruned, true)
}

/// Edges from the focus to every node of `graph`, either direction.
fn distances<'a>(graph: &'a EntityGraph, focus: &str) -> BTreeMap<&'a str, usize> {
    let mut distance = BTreeMap::new();
    let Some(start) = graph.node_indices().find(|&n| graph[n].iri == focus) else {
        return distance;
    };
    distance.insert(graph[start].iri.as_str(), 0);
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        let d = distance[graph[node].iri.as_str()];
        for edge in graph
            .edges_directed(node, petgraph::Direction::Outgoing)
            .chain(graph.edges_directed(node, petgraph::Direction::Incoming))
        {
            let other = if edge.source() == node {
                edge.target()
            } else {
                edge.source()
            };
            if !distance.contains_key(graph[other].iri.as_str()) {
                distance.insert(graph[other].iri.as_str(), d + 1);
                queue.push_back(other);
            }
        }
    }
    distance
}

/// The picture drawn by Graphviz `dot` with a link on every node, as inline SVG; `None`
/// when Graphviz is not installed or fails.
fn graphviz(
    explorer: &Explorer<'_>,
    picture: &EntityGraph,
    focus: Option<NodeIndex>,
) -> Option<String> {
    let mut dot = graph::to_dot(picture, focus);
    dot.truncate(dot.trim_end().strip_suffix('}')?.len());
    for n in picture.node_indices() {
        dot.push_str(&format!(
            "    {} [ URL = \"{}\" target = \"_top\" ]\n",
            n.index(),
            graph::escape_dot(&explorer.href("entity", &picture[n].iri))
        ));
    }
    dot.push_str("}\n");
    let mut svg = Vec::new();
    graph::render(
        &dot,
        graph::ImageFormat::Svg,
        graph::render::GRAPHVIZ,
        &mut svg,
    )
    .ok()?;
    let svg = String::from_utf8(svg).ok()?;
    // Inline in HTML: no XML declaration or doctype.
    let start = svg.find("<svg")?;
    Some(svg[start..].to_owned())
}

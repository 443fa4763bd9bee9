//! A neighbourhood drawn as SVG without Graphviz: the focus in the middle, the entities
//! one edge away on a ring around it, the others on an outer ring near the neighbour that
//! leads to them. Nodes are coloured by type (the colours of the DOT drawing), relations
//! are solid arrows, co-mentions grey dashed lines; hovering shows names and counts, and
//! every node links to its entity page. The layout depends only on the graph.

use crate::entity_type::EntityType;
use crate::graph::{EntityEdge, EntityGraph};
use maud::{Markup, html};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::BTreeMap;
use std::f64::consts::TAU;

/// Fill colour of each type (as in the DOT drawing).
fn colour(entity_type: EntityType) -> &'static str {
    match entity_type {
        EntityType::Person => "#fde0c5",
        EntityType::Organization => "#c6dbef",
        EntityType::Place => "#c7e9c0",
        EntityType::Law => "#e5d8f0",
    }
}

/// At most `max` characters of `text`, with an ellipsis when cut.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max - 1).collect::<String>() + "…"
    }
}

/// The graph drawn around `focus` (or around its first node); `href` gives each entity's
/// page.
pub(super) fn draw(
    graph: &EntityGraph,
    focus: Option<NodeIndex>,
    href: &dyn Fn(&str) -> String,
) -> Markup {
    let positions = layout(graph, focus);
    let width = 900.0;
    let height = 900.0;
    let at = |n: NodeIndex| positions.get(&n).copied().unwrap_or((0.0, 0.0));
    let point = |(x, y): (f64, f64)| (width / 2.0 + x, height / 2.0 + y);
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (width) " " (height) } width=(width) height=(height) role="img" aria-label="neighbourhood picture" {
            defs {
                marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse" {
                    path d="M 0 0 L 10 5 L 0 10 z" fill="#333333";
                }
            }
            @for edge in graph.edge_references() {
                @let (x1, y1) = point(at(edge.source()));
                @let (x2, y2) = point(at(edge.target()));
                @let (x2, y2) = shorten((x1, y1), (x2, y2), 22.0);
                @match edge.weight() {
                    EntityEdge::Relation { predicate, .. } => {
                        line x1=(fmt(x1)) y1=(fmt(y1)) x2=(fmt(x2)) y2=(fmt(y2)) stroke="#333333" stroke-width="1.2" marker-end="url(#arrow)" {
                            title { (graph[edge.source()].label) " — " (predicate.label) " → " (graph[edge.target()].label) }
                        }
                    }
                    EntityEdge::CoMention { sentences } => {
                        line x1=(fmt(x1)) y1=(fmt(y1)) x2=(fmt(x2)) y2=(fmt(y2)) stroke="#9a9a9a" stroke-width="1" stroke-dasharray="4 3" {
                            title { (graph[edge.source()].label) " and " (graph[edge.target()].label) ": named together in " (sentences) " sentence" @if *sentences != 1 { "s" } }
                        }
                    }
                }
            }
            @for n in graph.node_indices() {
                @let node = &graph[n];
                @let (x, y) = point(at(n));
                @let is_focus = Some(n) == focus;
                a href=(href(&node.iri)) {
                    title { (node.label) " (" (node.mentions) " mention" @if node.mentions != 1 { "s" } ")" }
                    circle cx=(fmt(x)) cy=(fmt(y)) r=(if is_focus { "20" } else { "14" }) fill=(colour(node.entity_type)) stroke="#555555" stroke-width=(if is_focus { "3" } else { "1" });
                    text x=(fmt(x)) y=(fmt(y + if is_focus { 36.0 } else { 28.0 })) text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="12" font-weight=(if is_focus { "bold" } else { "normal" }) {
                        (short(&node.label, 28))
                    }
                }
            }
        }
    }
}

/// A coordinate with one decimal, so the text is the same on every machine.
fn fmt(value: f64) -> String {
    format!("{value:.1}")
}

/// The end of a line from `a` to `b` stopped `gap` short of `b` (outside its circle).
fn shorten(a: (f64, f64), b: (f64, f64), gap: f64) -> (f64, f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = (dx * dx + dy * dy).sqrt();
    if length <= gap {
        return b;
    }
    (b.0 - dx / length * gap, b.1 - dy / length * gap)
}

/// Positions around the centre: the focus at 0, each ring's nodes spread evenly, in the
/// order of their parent's angle and then by label.
fn layout(graph: &EntityGraph, focus: Option<NodeIndex>) -> BTreeMap<NodeIndex, (f64, f64)> {
    let mut positions = BTreeMap::new();
    let Some(focus) = focus.or_else(|| graph.node_indices().next()) else {
        return positions;
    };
    positions.insert(focus, (0.0, 0.0));
    // Breadth-first rings, each node with the angle of the node that reached it.
    let mut angle: BTreeMap<NodeIndex, f64> = BTreeMap::from([(focus, 0.0)]);
    let mut ring = vec![focus];
    let mut radius = 0.0;
    let mut seen = vec![false; graph.node_count()];
    seen[focus.index()] = true;
    while !ring.is_empty() {
        let mut next: Vec<(f64, String, NodeIndex)> = Vec::new();
        for &node in &ring {
            let mut neighbours: Vec<NodeIndex> = graph.neighbors_undirected(node).collect();
            neighbours.sort_by(|a, b| graph[*a].label.cmp(&graph[*b].label).then(a.cmp(b)));
            for other in neighbours {
                if !seen[other.index()] {
                    seen[other.index()] = true;
                    next.push((angle[&node], graph[other].label.clone(), other));
                }
            }
        }
        if next.is_empty() {
            break;
        }
        next.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        radius += if radius == 0.0 { 200.0 } else { 190.0 };
        let count = next.len() as f64;
        for (i, (_, _, node)) in next.iter().enumerate() {
            let theta = TAU * i as f64 / count - TAU / 4.0;
            // Alternate rings of many nodes in and out a little, so labels do not collide.
            let r = if next.len() > 16 && i % 2 == 1 {
                radius - 40.0
            } else {
                radius
            };
            positions.insert(*node, (r * theta.cos(), r * theta.sin()));
            angle.insert(*node, theta);
        }
        ring = next.into_iter().map(|(_, _, n)| n).collect();
    }
    // Anything unreachable (not in a neighbourhood drawing) goes in a row at the bottom.
    let mut x = -400.0;
    for n in graph.node_indices() {
        positions.entry(n).or_insert_with(|| {
            x += 60.0;
            (x, 420.0)
        });
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EntityNode, Predicate};

    fn node(label: &str, entity_type: EntityType) -> EntityNode {
        EntityNode {
            iri: format!("http://e.org/{}", label.len()),
            entity_type,
            label: label.to_owned(),
            alt_labels: Vec::new(),
            mentions: 2,
        }
    }

    #[test]
    fn draws_every_node_as_a_link_with_names_as_text() {
        let mut graph = EntityGraph::default();
        let focus = graph.add_node(node(
            "<script>alert(1)</script> & \"Zed\" 😀",
            EntityType::Person,
        ));
        let org = graph.add_node(node("Acme", EntityType::Organization));
        let far = graph.add_node(node("Far Away Place", EntityType::Place));
        graph.add_edge(
            focus,
            org,
            EntityEdge::Relation {
                predicate: Predicate {
                    iri: "http://e.org/p".to_owned(),
                    prefixed: "kg:p".to_owned(),
                    label: "hired <b>".to_owned(),
                },
                statements: 1,
            },
        );
        graph.add_edge(org, far, EntityEdge::CoMention { sentences: 3 });
        let svg = draw(&graph, Some(focus), &|iri| format!("/entity?iri={iri}&x=1")).into_string();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert_eq!(
            svg.matches("<a href=\"/entity?iri=http://e.org/").count(),
            3,
            "{svg}"
        );
        assert!(svg.contains("&amp;x=1"), "{svg}");
        assert!(!svg.contains("<script>") && !svg.contains("<b>"), "{svg}");
        assert!(
            svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Zed&quot; 😀"),
            "{svg}"
        );
        assert!(svg.contains("named together in 3 sentences"), "{svg}");
        // The focus in the middle, the same text every time.
        assert!(svg.contains("cx=\"450.0\" cy=\"450.0\" r=\"20\""), "{svg}");
        assert_eq!(
            svg,
            draw(&graph, Some(focus), &|iri| format!("/entity?iri={iri}&x=1")).into_string()
        );
    }
}

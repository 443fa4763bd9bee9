//! The entity graph as Graphviz DOT, with a legend.
//!
//! Nodes are drawn by type (shape and colour), relation edges as solid arrows labelled
//! with the predicate, co-mention edges as grey dashed lines labelled with the number of
//! shared sentences. Every piece of text from the store is escaped ([`escape_dot`]), so any
//! name gives a valid file.

use super::{EntityEdge, EntityGraph, EntityNode};
use crate::entity_type::EntityType;
use petgraph::dot::{Config, Dot};
use petgraph::graph::{EdgeReference, NodeIndex};
use std::fmt::Write;

/// Shape and fill colour of each type's nodes.
fn style(entity_type: EntityType) -> (&'static str, &'static str) {
    match entity_type {
        EntityType::Person => ("ellipse", "#fde0c5"),
        EntityType::Organization => ("box", "#c6dbef"),
        EntityType::Place => ("hexagon", "#c7e9c0"),
        EntityType::Law => ("note", "#e5d8f0"),
    }
}

/// The legend's name for a type.
fn type_name(entity_type: EntityType) -> &'static str {
    match entity_type {
        EntityType::Person => "person",
        EntityType::Organization => "organisation",
        EntityType::Place => "place",
        EntityType::Law => "law",
    }
}

/// Colour of co-mention edges and their labels.
const CO_MENTION_COLOUR: &str = "#9a9a9a";

/// Escapes text for a double-quoted DOT string: `"` and `\` get a backslash (so Graphviz
/// reads no `\n`, `\N`... escapes into a name), line breaks and other control characters
/// become spaces. Angle brackets, quotes and emoji need nothing more inside quotes.
pub fn escape_dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A name broken into centred lines of about `width` characters (DOT `\n`), escaped.
fn wrapped(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
        .iter()
        .map(|l| escape_dot(l))
        .collect::<Vec<_>>()
        .join("\\n")
}

/// Line width of an edge counted `count` times: 1 to 4.
fn pen_width(count: usize) -> f32 {
    1.0 + (count.min(7) as f32 - 1.0) * 0.5
}

fn node_attributes(node: &EntityNode, highlighted: bool) -> String {
    let (shape, colour) = style(node.entity_type);
    let plural = if node.mentions == 1 { "" } else { "s" };
    let emphasis = if highlighted {
        "penwidth = 2.5 fontname = \"Helvetica-Bold\" "
    } else {
        ""
    };
    format!(
        "label = \"{}\" shape = {shape} fillcolor = \"{colour}\" {emphasis}tooltip = \"{}: {} ({} mention{plural})\\n{}\" ",
        wrapped(&node.label, 18),
        type_name(node.entity_type),
        escape_dot(&node.label),
        node.mentions,
        escape_dot(&node.iri),
    )
}

fn edge_attributes(edge: &EntityEdge) -> String {
    let count = edge.count();
    match edge {
        EntityEdge::Relation { predicate, .. } => {
            let times = if count > 1 {
                format!(" ×{count}")
            } else {
                String::new()
            };
            format!(
                "label = \"{}{times}\" tooltip = \"{} ({count} statement{})\" penwidth = {} weight = {} ",
                escape_dot(&predicate.label),
                escape_dot(&predicate.prefixed),
                if count == 1 { "" } else { "s" },
                pen_width(count),
                count + 1,
            )
        }
        EntityEdge::CoMention { .. } => format!(
            "label = \"{count}\" tooltip = \"named together in {count} sentence{}\" style = dashed dir = none color = \"{CO_MENTION_COLOUR}\" fontcolor = \"{CO_MENTION_COLOUR}\" penwidth = {} weight = {count} ",
            if count == 1 { "" } else { "s" },
            pen_width(count),
        ),
    }
}

/// The legend: one sample node per type, stacked in one column, and one sample edge per
/// edge kind.
fn legend(out: &mut String) {
    out.push_str(concat!(
        "    subgraph cluster_legend {\n",
        "        label = \"Legend\" fontsize = 12 style = \"rounded\" color = \"#bbbbbb\" margin = 10\n",
        "        { rank = same\n",
    ));
    for entity_type in EntityType::ALL {
        let (shape, colour) = style(entity_type);
        writeln!(
            out,
            "            legend_{} [ label = \"{}\" shape = {shape} fillcolor = \"{colour}\" ]",
            entity_type.folder(),
            type_name(entity_type)
        )
        .expect("writing to a String cannot fail");
    }
    let grey = CO_MENTION_COLOUR;
    write!(
        out,
        concat!(
            "            legend_r1 [ label = \"\" shape = point width = 0.08 ]\n",
            "            legend_c1 [ label = \"\" shape = point width = 0.08 color = \"{grey}\" ]\n",
            "        }}\n",
            "        {{ rank = same\n",
            "            legend_r2 [ label = \"\" shape = point width = 0.08 ]\n",
            "            legend_c2 [ label = \"\" shape = point width = 0.08 color = \"{grey}\" ]\n",
            "        }}\n",
            "        legend_r1 -> legend_r2 [ label = \"relation (×statements)\" weight = 100 ]\n",
            "        legend_c1 -> legend_c2 [ label = \"co-mention\\n(sentences)\" style = dashed dir = none color = \"{grey}\" fontcolor = \"{grey}\" weight = 100 ]\n",
            "    }}\n",
        ),
        grey = grey
    )
    .expect("writing to a String cannot fail");
}

/// The graph in Graphviz DOT: a directed graph laid out left to right, a `cluster_legend`
/// subgraph explaining shapes, colours and edge styles, then one node per entity (label:
/// its name; tooltip: type and mentions) and one edge per relation or co-mention.
///
/// `highlight` (the focus of a neighbourhood drawing) gets a thick border and a bold name.
/// The text depends only on the arguments, so the same graph always gives the same bytes.
pub fn to_dot(graph: &EntityGraph, highlight: Option<NodeIndex>) -> String {
    let mut text = String::from(concat!(
        "digraph kgraph {\n",
        "    graph [ rankdir = LR fontname = \"Helvetica\" nodesep = 0.3 ranksep = 0.6 ]\n",
        "    node [ fontname = \"Helvetica\" fontsize = 11 style = filled color = \"#555555\" ]\n",
        "    edge [ fontname = \"Helvetica\" fontsize = 9 color = \"#333333\" arrowsize = 0.7 ]\n",
    ));
    legend(&mut text);
    let node_attrs = |_: &EntityGraph, (index, node): (NodeIndex, &EntityNode)| {
        node_attributes(node, Some(index) == highlight)
    };
    let edge_attrs =
        |_: &EntityGraph, edge: EdgeReference<'_, EntityEdge>| edge_attributes(edge.weight());
    let dot = Dot::with_attr_getters(
        graph,
        &[
            Config::NodeNoLabel,
            Config::EdgeNoLabel,
            Config::GraphContentOnly,
        ],
        &edge_attrs,
        &node_attrs,
    );
    write!(text, "{dot:?}").expect("writing to a String cannot fail");
    text.push_str("}\n");
    text
}

#[cfg(test)]
mod tests {
    use super::super::Predicate;
    use super::*;

    #[test]
    fn escapes_quotes_backslashes_and_line_breaks() {
        let cases = [
            (r#"a "b" \c"#, r#"a \"b\" \\c"#),
            ("trailing\\", "trailing\\\\"),
            ("two\nlines\r\n", "two lines  "),
            ("<Angle> & 😀", "<Angle> & 😀"),
            ("\\N \\G", "\\\\N \\\\G"),
        ];
        for (text, expected) in cases {
            assert_eq!(escape_dot(text), expected, "{text:?}");
        }
    }

    #[test]
    fn long_names_wrap() {
        assert_eq!(
            wrapped("Inter-American Commission on Human Rights", 18),
            "Inter-American\\nCommission on\\nHuman Rights"
        );
        assert_eq!(wrapped("Zoë \"Zed\"", 18), "Zoë \\\"Zed\\\"");
    }

    #[test]
    fn dot_has_a_legend_styled_nodes_and_both_edge_kinds() {
        let mut graph = EntityGraph::default();
        let node = |label: &str, entity_type| EntityNode {
            iri: format!("http://e.org/{label}"),
            entity_type,
            label: label.to_owned(),
            alt_labels: Vec::new(),
            mentions: 1,
        };
        let a = graph.add_node(node("Ann \"A\"", EntityType::Person));
        let b = graph.add_node(node("Acme", EntityType::Organization));
        graph.add_edge(
            a,
            b,
            EntityEdge::Relation {
                predicate: Predicate {
                    iri: "http://www.wikidata.org/prop/direct/P108".to_owned(),
                    prefixed: "wdt:P108".to_owned(),
                    label: "employer".to_owned(),
                },
                statements: 2,
            },
        );
        graph.add_edge(a, b, EntityEdge::CoMention { sentences: 3 });
        let dot = to_dot(&graph, Some(b));
        assert!(dot.starts_with("digraph kgraph {"), "{dot}");
        assert!(dot.contains("subgraph cluster_legend {"), "{dot}");
        for type_name in ["person", "organisation", "place", "law"] {
            assert!(dot.contains(&format!("label = \"{type_name}\"")), "{dot}");
        }
        assert!(
            dot.contains(r#"0 [ label = "Ann \"A\"" shape = ellipse"#),
            "{dot}"
        );
        assert!(
            dot.contains("1 [ label = \"Acme\" shape = box fillcolor = \"#c6dbef\" penwidth = 2.5"),
            "the highlighted node: {dot}"
        );
        assert_eq!(dot.matches("penwidth = 2.5 fontname").count(), 1, "{dot}");
        assert!(
            dot.contains("0 -> 1 [ label = \"employer ×2\" tooltip = \"wdt:P108 (2 statements)\""),
            "{dot}"
        );
        assert!(
            dot.contains("0 -> 1 [ label = \"3\" tooltip = \"named together in 3 sentences\" style = dashed dir = none"),
            "{dot}"
        );
        assert!(dot.ends_with("}\n"), "{dot}");
    }
}

//! N-Quads text, written fast: byte for byte what Oxigraph's N-Quads serializer writes.
//!
//! Oxigraph formats a quad through `Display`, a character at a time; `kgraph extract`
//! formatted each quad twice that way (once to sort a graph, once to write it), which
//! took most of its time. Here a quad is formatted once, copying the text between the
//! characters that need escaping.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{
    GraphNameRef, LiteralRef, NamedOrBlankNodeRef, Quad, QuadRef, TermRef, Triple, TripleRef,
};
use std::borrow::Borrow;
use std::fmt::Write as _;

/// Appends a quad's N-Quads form without the final ` .` (the form quads sort by) to
/// `out`: what `quad.to_string()` gives.
pub fn push_quad(out: &mut String, quad: QuadRef<'_>) {
    push_triple(out, quad.into());
    match quad.graph_name {
        GraphNameRef::NamedNode(node) => {
            out.push(' ');
            push_iri(out, node.as_str());
        }
        GraphNameRef::BlankNode(node) => {
            out.push(' ');
            push_blank(out, node.as_str());
        }
        GraphNameRef::DefaultGraph => {}
    }
}

/// Appends a triple's N-Triples form without the final ` .` to `out`: what
/// `triple.to_string()` gives.
pub fn push_triple(out: &mut String, triple: TripleRef<'_>) {
    push_subject(out, triple.subject);
    out.push(' ');
    push_iri(out, triple.predicate.as_str());
    out.push(' ');
    match triple.object {
        TermRef::NamedNode(node) => push_iri(out, node.as_str()),
        TermRef::BlankNode(node) => push_blank(out, node.as_str()),
        TermRef::Literal(literal) => push_literal(out, literal),
    }
}

/// A triple's N-Triples form without the final ` .`: what `triple.to_string()` gives.
pub fn triple_text(triple: &Triple) -> String {
    let mut out = String::new();
    push_triple(&mut out, triple.as_ref());
    out
}

/// A quad's N-Quads form without the final ` .`: what `quad.to_string()` gives.
pub fn quad_text(quad: &Quad) -> String {
    let mut out = String::new();
    push_quad(&mut out, quad.as_ref());
    out
}

/// Appends a quad's N-Quads line, final ` .` and newline included, to `out`.
pub fn push_line(out: &mut String, quad: QuadRef<'_>) {
    push_quad(out, quad);
    out.push_str(" .\n");
}

/// The N-Quads lines of `quads` (final newlines included), sorted and each once: one
/// graph as `kgraph extract` and `kgraph export` write it. A line sorts as its quad's text
/// does, since no quad's text is the start of another's in the same graph.
pub fn sorted_lines<Q: Borrow<Quad>>(quads: impl IntoIterator<Item = Q>) -> Vec<String> {
    let mut lines: Vec<String> = quads
        .into_iter()
        .map(|quad| {
            let mut line = String::new();
            push_line(&mut line, quad.borrow().as_ref());
            line
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

fn push_subject(out: &mut String, subject: NamedOrBlankNodeRef<'_>) {
    match subject {
        NamedOrBlankNodeRef::NamedNode(node) => push_iri(out, node.as_str()),
        NamedOrBlankNodeRef::BlankNode(node) => push_blank(out, node.as_str()),
    }
}

fn push_iri(out: &mut String, iri: &str) {
    out.push('<');
    out.push_str(iri);
    out.push('>');
}

fn push_blank(out: &mut String, id: &str) {
    out.push_str("_:");
    out.push_str(id);
}

fn push_literal(out: &mut String, literal: LiteralRef<'_>) {
    push_quoted(out, literal.value());
    if let Some(language) = literal.language() {
        out.push('@');
        out.push_str(language);
    } else if literal.datatype() != xsd::STRING {
        out.push_str("^^");
        push_iri(out, literal.datatype().as_str());
    }
}

/// A string between double quotes, escaped as N-Quads (and Oxigraph) escape it.
fn push_quoted(out: &mut String, value: &str) {
    out.reserve(value.len() + 2);
    out.push('"');
    let mut copied = 0;
    for (at, c) in value.char_indices() {
        let escape = match c {
            '\u{8}' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\u{C}' => "\\f",
            '\r' => "\\r",
            '"' => "\\\"",
            '\\' => "\\\\",
            '\0'..='\u{1F}' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}' => "",
            _ => continue,
        };
        out.push_str(&value[copied..at]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        } else {
            out.push_str(escape);
        }
        copied = at + c.len_utf8();
    }
    out.push_str(&value[copied..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, Term};

    #[test]
    fn quads_are_written_as_oxigraph_writes_them() {
        let s = NamedNode::new_unchecked("http://example.org/s#char=0,5");
        let p = NamedNode::new_unchecked("http://example.org/p");
        let g = GraphName::NamedNode(NamedNode::new_unchecked("http://example.org/g"));
        let objects: Vec<Term> = vec![
            NamedNode::new_unchecked("http://example.org/o").into(),
            BlankNode::new_unchecked("b1").into(),
            Literal::from("plain").into(),
            Literal::from("").into(),
            Literal::from("quotes \" and \\ backslash").into(),
            Literal::from("lines\nand\r\ttabs \u{8} \u{C}").into(),
            Literal::from("controls \u{0} \u{1F} \u{7F} \u{FFFE} \u{FFFF} end").into(),
            Literal::from("emoji 😀, accents é, <angle> brackets").into(),
            Literal::from("{\"json\":[1,\"two\"]}").into(),
            Literal::new_language_tagged_literal("été", "fr")
                .unwrap()
                .into(),
            Literal::new_typed_literal("42", xsd::INTEGER).into(),
            Literal::new_typed_literal("1798", xsd::G_YEAR).into(),
            Literal::new_typed_literal("a\"b", NamedNode::new_unchecked("http://x/dt")).into(),
        ];
        let graphs = [
            g,
            GraphName::DefaultGraph,
            GraphName::BlankNode(BlankNode::new_unchecked("g1")),
        ];
        for object in objects {
            for graph in &graphs {
                let quad = Quad::new(s.clone(), p.clone(), object.clone(), graph.clone());
                assert_eq!(quad_text(&quad), quad.to_string());
                let triple = Triple::from(quad.clone());
                assert_eq!(triple_text(&triple), triple.to_string());
                let mut line = String::new();
                push_line(&mut line, quad.as_ref());
                assert_eq!(line, format!("{quad} .\n"));
            }
        }
        let blank_subject = Quad::new(
            BlankNode::new_unchecked("s1"),
            p,
            Literal::from("x"),
            GraphName::DefaultGraph,
        );
        assert_eq!(quad_text(&blank_subject), blank_subject.to_string());
    }
}

//! Readable text out of HTML, through a real HTML5 parser (html5ever, via `scraper`).

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Text and title extracted from an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlText {
    /// The visible text: block elements become line breaks, runs of white space one space.
    pub text: String,
    /// The `<title>`, or else the first `<h1>`, if any.
    pub title: Option<String>,
}

/// Elements whose content is never visible text.
const HIDDEN: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
];

/// Elements that start a new line of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Extracts the visible text of an HTML document.
///
/// The walk is iterative, so arbitrarily deep nesting cannot overflow the stack; malformed
/// markup is repaired by the HTML5 parsing algorithm as a browser would.
pub fn extract(source: &str) -> HtmlText {
    let page = Html::parse_document(source);
    let mut out = TextBuilder::default();
    let mut hidden_depth = 0usize;
    let mut title: Option<String> = None;
    let mut first_h1: Option<String> = None;
    let mut capture: Option<(&str, String)> = None;
    for edge in page.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if name == "title" || (name == "h1" && first_h1.is_none()) {
                        capture =
                            Some((if name == "title" { "title" } else { "h1" }, String::new()));
                    }
                    if HIDDEN.contains(&name) {
                        hidden_depth += 1;
                    } else if BLOCKS.contains(&name) {
                        out.line_break();
                    }
                }
                Node::Text(text) => {
                    if let Some((_, captured)) = capture.as_mut() {
                        captured.push_str(text);
                    }
                    if hidden_depth == 0 {
                        out.push(text);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    let name = element.name();
                    if let Some((kind, captured)) = capture.take_if(|(kind, _)| *kind == name) {
                        let captured = collapse_whitespace(&captured);
                        if !captured.is_empty() {
                            if kind == "title" {
                                title.get_or_insert(captured);
                            } else {
                                first_h1 = Some(captured);
                            }
                        }
                    }
                    if HIDDEN.contains(&name) {
                        hidden_depth = hidden_depth.saturating_sub(1);
                    } else if BLOCKS.contains(&name) {
                        out.line_break();
                    }
                }
            }
        }
    }
    HtmlText {
        text: out.finish(),
        title: title.or(first_h1),
    }
}

/// Collapses every run of white space to one space and trims the ends.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Accumulates text, folding white space the way a browser renders it.
#[derive(Default)]
struct TextBuilder {
    text: String,
    pending_space: bool,
    pending_break: bool,
}

impl TextBuilder {
    fn push(&mut self, fragment: &str) {
        for (i, word) in fragment.split_whitespace().enumerate() {
            if i > 0 || fragment.starts_with(char::is_whitespace) {
                self.pending_space = true;
            }
            if !self.text.is_empty() {
                if self.pending_break {
                    self.text.push('\n');
                } else if self.pending_space {
                    self.text.push(' ');
                }
            }
            self.pending_break = false;
            self.pending_space = false;
            self.text.push_str(word);
        }
        if fragment.ends_with(char::is_whitespace) {
            self.pending_space = true;
        }
    }

    fn line_break(&mut self) {
        self.pending_break = true;
    }

    fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_visible_text_and_title() {
        let page = extract(
            "<html><head><title> The  Title </title><style>p{}</style></head>\
             <body><h1>Headline</h1><p>First <b>bold</b>\n words.</p>\
             <script>var x = '<p>no</p>';</script><div>Second</div></body></html>",
        );
        assert_eq!(page.text, "Headline\nFirst bold words.\nSecond");
        assert_eq!(page.title.as_deref(), Some("The Title"));
    }

    #[test]
    fn falls_back_to_h1_and_survives_bad_markup() {
        let page = extract("<p>Unclosed <i>italic<h1>Big</h1><p>After & more");
        assert_eq!(page.title.as_deref(), Some("Big"));
        assert!(page.text.contains("After & more"), "{}", page.text);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // Deep enough to overflow a recursive walk. (html5ever's own cost grows with the
        // square of the depth: 100,000 levels take about 18 s.)
        let source = "<div>".repeat(20_000) + "deep" + &"</div>".repeat(20_000);
        assert_eq!(extract(&source).text, "deep");
    }
}

//! Readable text out of HTML, through a real HTML5 parser (html5ever, via `scraper`).
//!
//! The HTML5 tree builder looks through the stack of open elements at every start tag,
//! so its cost grows with the square of the nesting depth (40,000 nested `<div>`s, a
//! 440 KB file, took 8.9 s). A page whose tags would cost it more than
//! [`TREE_BUILDER_BUDGET`] is read by the HTML5 tokenizer alone, which is linear: the
//! same text for well-formed markup, without the tree builder's repairs.

use ego_tree::iter::Edge;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use scraper::{Html, Node};
use std::cell::RefCell;

/// Text and title extracted from an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlText {
    /// The visible text: block elements become line breaks, runs of white space one space.
    pub text: String,
    /// The `<title>`, or else the first `<h1>`, if any.
    pub title: Option<String>,
    /// How the page was read, when not by the full HTML5 parser.
    pub note: Option<String>,
}

/// The most work the tree builder is given: the sum, over the start tags of a page, of
/// the number of elements open when each starts (counted by [`tree_builder_work`]).
/// 5,000 nested `<div>`s cost 12.5 million (0.17 s).
const TREE_BUILDER_BUDGET: u64 = 50_000_000;

/// Elements that never have content (so never stay open).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

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
    let work = tree_builder_work(source);
    if work > TREE_BUILDER_BUDGET {
        let mut page = extract_by_tokens(source);
        page.note = Some(format!(
            "nested too deeply for the HTML5 tree builder (its work would be {work} steps, \
             more than {TREE_BUILDER_BUDGET}): read tag by tag, without its repairs of \
             malformed markup"
        ));
        return page;
    }
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
        note: None,
    }
}

/// An upper bound on the tree builder's work for `source`: the sum, over its start tags,
/// of the number of elements open when each starts, counting every start tag but a void
/// or self-closed one as opening an element and every end tag as closing one. A byte scan,
/// linear in the source; comments and scripts may make it overcount, never undercount by
/// much.
fn tree_builder_work(source: &str) -> u64 {
    let bytes = source.as_bytes();
    let (mut depth, mut work) = (0u64, 0u64);
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name = &source[start..start + name_len];
        work += depth;
        // The scan goes on after the tag, so a page of unclosed tags stays linear.
        let Some(tag_end) = bytes[start..].iter().position(|&b| b == b'>') else {
            break;
        };
        i = start + tag_end;
        let self_closed = bytes[i - 1] == b'/';
        if !self_closed && !VOID.iter().any(|void| void.eq_ignore_ascii_case(name)) {
            depth += 1;
        }
    }
    work
}

/// Extracts the text of `source` with the HTML5 tokenizer alone: text outside hidden
/// elements, a line break at every block element's start and end tag, the title or first
/// `<h1>` captured as they close.
fn extract_by_tokens(source: &str) -> HtmlText {
    let sink = TokenText::default();
    let input = BufferQueue::default();
    input.push_back(source.into());
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let state = tokenizer.sink.state.into_inner();
    HtmlText {
        text: state.out.finish(),
        title: state.title.or(state.first_h1),
        note: None,
    }
}

/// The token sink of [`extract_by_tokens`].
#[derive(Default)]
struct TokenText {
    state: RefCell<TokenState>,
}

#[derive(Default)]
struct TokenState {
    out: TextBuilder,
    /// Hidden elements open (by name, so a stray end tag closes nothing).
    hidden: Vec<String>,
    title: Option<String>,
    first_h1: Option<String>,
    /// The element whose text is being captured ("title" or "h1"), and the text so far.
    capture: Option<(&'static str, String)>,
}

impl TokenSink for TokenText {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                match tag.kind {
                    TagKind::StartTag => {
                        if name == "title" || (name == "h1" && state.first_h1.is_none()) {
                            let kind = if name == "title" { "title" } else { "h1" };
                            state.capture = Some((kind, String::new()));
                        }
                        // The title is not page text; `head` is left open by many pages.
                        let hidden = name == "title" || (name != "head" && HIDDEN.contains(&name));
                        if hidden && !tag.self_closing {
                            state.hidden.push(name.to_owned());
                        } else if BLOCKS.contains(&name) {
                            state.out.line_break();
                        }
                        return match name {
                            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                            "style" | "iframe" | "noscript" | "xmp" | "noembed" | "noframes" => {
                                TokenSinkResult::RawData(RawKind::Rawtext)
                            }
                            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                            "plaintext" => TokenSinkResult::Plaintext,
                            _ => TokenSinkResult::Continue,
                        };
                    }
                    TagKind::EndTag => {
                        if let Some((kind, captured)) =
                            state.capture.take_if(|(kind, _)| *kind == name)
                        {
                            let captured = collapse_whitespace(&captured);
                            if !captured.is_empty() {
                                if kind == "title" {
                                    state.title.get_or_insert(captured);
                                } else {
                                    state.first_h1 = Some(captured);
                                }
                            }
                        }
                        if let Some(open) = state.hidden.iter().rposition(|h| h == name) {
                            state.hidden.truncate(open);
                        } else if BLOCKS.contains(&name) {
                            state.out.line_break();
                        }
                    }
                }
            }
            Token::CharacterTokens(text) => {
                if let Some((_, captured)) = state.capture.as_mut() {
                    captured.push_str(&text);
                }
                if state.hidden.is_empty() {
                    state.out.push(&text);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
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
        // Deep enough to overflow a recursive walk, and read tag by tag.
        let source = "<div>".repeat(20_000) + "deep" + &"</div>".repeat(20_000);
        let page = extract(&source);
        assert_eq!(page.text, "deep");
        assert!(page.note.is_some_and(|note| note.contains("tag by tag")));
    }

    #[test]
    fn pages_read_tag_by_tag_give_the_tree_builders_text() {
        // Well-formed pages: the tokenizer alone gives what the tree builder gives.
        let pages = [
            "<html><head><title> The  Title </title><style>p{}</style></head>\
             <body><h1>Headline</h1><p>First <b>bold</b>\n words.</p>\
             <script>var x = '<p>no</p>';</script><div>Second</div></body></html>",
            "<h1>Only a heading</h1><ul><li>one</li><li>two &amp; three</li></ul>",
            "<p>Text<br>after a break<svg><text>hidden</text></svg> and more.</p>",
            "<title>T</title><noscript><p>no</p></noscript><table><tr><td>a</td><td>b</td></tr></table>",
        ];
        for page in pages {
            let by_tree = extract(page);
            assert!(by_tree.note.is_none(), "{page}");
            assert_eq!(extract_by_tokens(page), by_tree, "{page}");
        }
    }

    #[test]
    fn the_tree_builders_work_is_bounded_by_the_nesting() {
        for (source, work) in [
            ("<p>a</p><p>b</p>", 0),
            ("<div><p>a</p></div>", 1),
            ("<div><br><img src=x><hr/><p>a</p></div>", 4),
            ("<div><div><div></div></div></div>", 3),
            ("a < b and c<d", 0),
            ("</div></div><p>", 0),
            ("<div><p", 1), // a tag left open at the end ends the scan
        ] {
            assert_eq!(tree_builder_work(source), work, "{source}");
        }
        let deep = "<div>".repeat(10_000);
        assert_eq!(tree_builder_work(&deep), 10_000 * 9_999 / 2);
    }
}

//! What every explorer page shares: the frame (title, navigation, search box, style
//! sheet), links to entities and documents, highlighted text, and error pages.

use super::{Explorer, PageError};
use crate::entity_type::EntityType;
use crate::query::QueryError;
use http::{Response, StatusCode};
use maud::{DOCTYPE, Markup, html};

/// A whole page: `title`, then `body` under the navigation bar.
pub(super) fn page(title: &str, query: &str, body: Markup) -> Response<Vec<u8>> {
    page_with_status(StatusCode::OK, title, query, body)
}

/// A whole page answered with `status`.
fn page_with_status(
    status: StatusCode,
    title: &str,
    query: &str,
    body: Markup,
) -> Response<Vec<u8>> {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · kgraph" }
                link rel="stylesheet" href="/assets/explorer.css";
            }
            body {
                header {
                    nav {
                        a.home href="/" { "kgraph" }
                        form.search action="/search" method="get" role="search" {
                            input type="search" name="q" value=(query) placeholder="a name, any case" aria-label="Search names";
                            button type="submit" { "Search" }
                        }
                        a href="/query" { "SPARQL" }
                    }
                }
                main { (body) }
            }
        }
    };
    super::super::protocol::response(
        status,
        "text/html; charset=utf-8",
        markup.into_string().into_bytes(),
    )
}

/// The answer to a page that cannot be made: the status its cause calls for and a page
/// saying why.
pub(super) fn error_page(_: &Explorer<'_>, error: &PageError) -> Response<Vec<u8>> {
    let (status, message) = match error {
        PageError::NotFound(message) => (StatusCode::NOT_FOUND, message.clone()),
        PageError::BadRequest(message) => (StatusCode::BAD_REQUEST, message.clone()),
        PageError::Query(e @ (QueryError::Timeout(_) | QueryError::Stopped(_))) => {
            (StatusCode::SERVICE_UNAVAILABLE, e.to_string())
        }
        PageError::Query(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let title = status.canonical_reason().unwrap_or("Error");
    let mut response = page_with_status(
        status,
        title,
        "",
        html! { h1 { (title) } p.error { (message) } },
    );
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("1"),
        );
    }
    response
}

/// The CSS class of a type's names.
pub(super) fn type_class(entity_type: Option<EntityType>) -> &'static str {
    match entity_type {
        Some(EntityType::Person) => "person",
        Some(EntityType::Organization) => "org",
        Some(EntityType::Place) => "place",
        Some(EntityType::Law) => "law",
        None => "other",
    }
}

/// A type's name for people.
pub(super) fn type_name(entity_type: Option<EntityType>) -> &'static str {
    match entity_type {
        Some(EntityType::Person) => "person",
        Some(EntityType::Organization) => "organisation",
        Some(EntityType::Place) => "place",
        Some(EntityType::Law) => "law",
        None => "other",
    }
}

/// A link to an entity's page, coloured by its type.
pub(super) fn entity_link(
    explorer: &Explorer<'_>,
    iri: &str,
    label: &str,
    entity_type: Option<EntityType>,
) -> Markup {
    html! {
        a.entity.(type_class(entity_type)) href=(explorer.href("entity", iri)) title=(iri) { (label) }
    }
}

/// A link to a document's page, named by its id.
pub(super) fn document_link(explorer: &Explorer<'_>, iri: &str, id: &str) -> Markup {
    let name = if id.is_empty() {
        iri.rsplit('/').next().unwrap_or(iri)
    } else {
        id
    };
    html! { a.document href=(explorer.href("document", iri)) title=(iri) { (name) } }
}

/// `text` with the code points `begin..end` marked, at most `context` code points kept on
/// either side (cut at a space, with an ellipsis).
pub(super) fn keyword_in_context(text: &str, begin: usize, end: usize, context: usize) -> Markup {
    let chars: Vec<char> = text.chars().collect();
    let end = end.min(chars.len());
    let begin = begin.min(end);
    let mut from = begin.saturating_sub(context);
    if from > 0 {
        // Start at a word.
        while from < begin && !chars[from - 1].is_whitespace() {
            from += 1;
        }
    }
    let mut to = (end + context).min(chars.len());
    if to < chars.len() {
        while to > end && !chars[to].is_whitespace() {
            to -= 1;
        }
    }
    let left: String = chars[from..begin].iter().collect();
    let name: String = chars[begin..end].iter().collect();
    let right: String = chars[end..to].iter().collect();
    html! {
        span.left { @if from > 0 { "… " } (left) }
        mark { (name) }
        span.right { (right) @if to < chars.len() { " …" } }
    }
}

/// A count with a noun, singular or plural: "1 mention", "2 mentions".
pub(super) fn count(n: usize, noun: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("{grouped} {noun}"),
        (_, Some(stem)) => format!("{grouped} {stem}ies"),
        (_, None) => format!("{grouped} {noun}s"),
    }
}

/// Links to the previous and next page of a paged list: `href(n)` is page `n`'s URL.
pub(super) fn pager(page: usize, has_next: bool, href: impl Fn(usize) -> String) -> Markup {
    html! {
        @if page > 1 || has_next {
            nav.pager {
                @if page > 1 { a rel="prev" href=(href(page - 1)) { "← previous" } " " }
                span { "page " (page) }
                @if has_next { " " a rel="next" href=(href(page + 1)) { "next →" } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_in_context_cuts_at_words_and_escapes() {
        let text = "The <b>big</b> & \"bold\" Zoë 😀 met Ann Lee at noon today";
        let begin = text.chars().position(|c| c == 'A').unwrap();
        let line = keyword_in_context(text, begin, begin + 7, 12).into_string();
        assert_eq!(
            line,
            "<span class=\"left\">… Zoë 😀 met </span><mark>Ann Lee</mark>\
             <span class=\"right\"> at noon …</span>"
        );
        let all = keyword_in_context(text, 0, 3, 100).into_string();
        assert!(
            all.contains("&lt;b&gt;big&lt;/b&gt; &amp; &quot;bold&quot;"),
            "{all}"
        );
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(1, "mention"), "1 mention");
        assert_eq!(count(1234567, "mention"), "1,234,567 mentions");
        assert_eq!(count(0, "document"), "0 documents");
        assert_eq!(count(2, "entity"), "2 entities");
    }
}

//! The query page: the vendored YASGUI editor (syntax highlighting, prefix completion,
//! results as a table, CSV and JSON download) over this server's `/sparql`, its first
//! query declaring the store's prefixes; the script (`assets/query.js`) turns links to the
//! store's IRIs in the results into explorer links, and `/query?query=...` opens and runs
//! that query. Without JavaScript a plain form posts the query to `/sparql`.

use super::Explorer;
use super::layout;
use http::Response;
use maud::html;

/// The query the editor starts with: the predeclared prefixes, then the most mentioned
/// people.
fn first_query(explorer: &Explorer<'_>) -> String {
    let mut text = String::new();
    for (prefix, namespace) in &explorer.prefixes {
        text.push_str(&format!("PREFIX {prefix}: <{namespace}>\n"));
    }
    text.push_str(
        "\n# The most mentioned people (the prefixes above are also predeclared: they may be left out)\n\
         SELECT ?person ?name ?mentions WHERE {\n  ?person a schema:Person ; rdfs:label ?name ; kgo:mentionCount ?mentions .\n}\n\
         ORDER BY DESC(?mentions) ?name\nLIMIT 20\n",
    );
    text
}

/// The query page.
pub(super) fn page(explorer: &Explorer<'_>) -> Response<Vec<u8>> {
    let query = first_query(explorer);
    let prefixes: Vec<&str> = explorer.prefixes.iter().map(|(p, _)| p.as_str()).collect();
    let body = html! {
        link rel="stylesheet" href="/assets/yasgui.min.css";
        h1 { "SPARQL" }
        p {
            "Read-only; the default graph is the union of all graphs; results link into the explorer. Predeclared prefixes: "
            @for (i, p) in prefixes.iter().enumerate() { @if i > 0 { ", " } code { (p) } }
            ". Endpoint: " code { "/sparql" } ". Editor: "
            a href="/assets/yasgui-LICENSE.txt" { "YASGUI (MIT)" } "."
        }
        section #query {
            div #yasgui data-base=(explorer.iris.base()) data-query=(query) {}
            form #fallback action="/sparql" method="post" {
                noscript { p { "The editor needs JavaScript; this form sends the query as it is (results as SPARQL XML)." } }
                textarea name="query" rows="16" cols="100" aria-label="SPARQL query" { (query) }
                p { button type="submit" { "Run" } }
            }
        }
        script src="/assets/yasgui.min.js" {}
        script src="/assets/query.js" {}
    };
    layout::page("SPARQL", "", body)
}

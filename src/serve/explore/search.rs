//! The search page: entities by any of their names, in any case, ranked by mentions.
//!
//! Every name of an entity is kept in lower case as `kgo:nameKey` in the entity graph. A
//! name typed whole is one index look-up; a part of a name is looked for in every key (a
//! scan of the names, not of the mentions), of which the first [`MATCHES_READ`] are
//! ranked. Exact matches come first, then by `kgo:mentionCount`, then by IRI.

use super::layout::{self, count, entity_link, type_name};
use super::{Explorer, PageResult, Parameters, entity_type, iri, literal, number, text};
use crate::entity_type::EntityType;
use crate::rdf::class_of;
use maud::html;
use std::collections::BTreeMap;

/// Results shown.
const SHOWN: usize = 50;

/// Name keys containing the text read at most; past this the page says the ranking is of
/// these only.
const MATCHES_READ: usize = 2_000;

/// The longest search text taken.
const MAX_QUERY_CHARS: usize = 200;

/// One entity found.
struct Found {
    iri: String,
    exact: bool,
    mentions: usize,
    matched: String,
}

/// The search page (also the home page, with no `q`).
pub(super) fn page(explorer: &Explorer<'_>, parameters: &Parameters) -> PageResult {
    let types = parameters.types()?;
    let asked = parameters.get("q").unwrap_or("").trim();
    let key: String = asked
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let filters = html! {
        form.filters action="/search" method="get" {
            input type="search" name="q" value=(asked) aria-label="Name";
            @for t in EntityType::ALL {
                label {
                    input type="checkbox" name="type" value=(t.folder()) checked[types.contains(&t)];
                    " " (type_name(Some(t)))
                }
            }
            button type="submit" { "Search" }
        }
    };
    if key.is_empty() {
        let body = html! {
            h1 { "Search the knowledge graph" }
            p { "Type a name (any of an entity's names, any case, or a part of one); results are ranked by mentions. "
                "Or ask in SPARQL on the " a href="/query" { "query page" } "." }
            (filters)
        };
        return Ok(layout::page("Search", "", body));
    }
    let (found, truncated) = find(explorer, &key, &types)?;
    let details = details(explorer, &found)?;
    let title = format!("Search: {asked}");
    let body = html! {
        h1 { "Names matching “" (asked) "”" }
        (filters)
        @if found.is_empty() {
            p.empty { "No entity has a name containing “" (asked) "”." }
        } @else {
            p.summary {
                (count(found.len(), "entity")) " shown"
                @if truncated { ", ranked among the first " (MATCHES_READ) " matching names: type more of the name to narrow it" }
                "."
            }
            ol.results {
                @for f in &found {
                    @let d = details.get(&f.iri);
                    @let label = d.map_or(f.iri.as_str(), |d| d.label.as_str());
                    @let t = d.and_then(|d| d.entity_type);
                    li {
                        (entity_link(explorer, &f.iri, label, t))
                        " " span.type { (type_name(t)) }
                        " " span.counts {
                            (count(f.mentions, "mention"))
                            " in " (count(d.map_or(0, |d| d.documents), "document"))
                        }
                        @if f.matched != label.to_lowercase() {
                            " " span.matched { "named “" (d.and_then(|d| d.names.iter().find(|n| n.to_lowercase() == f.matched)).map_or(f.matched.as_str(), String::as_str)) "”" }
                        }
                        @if f.exact { " " span.exact { "exact name" } }
                    }
                }
            }
        }
    };
    Ok(layout::page(&title, "", body))
}

/// The entities with a name key equal to or containing `key`, best first, and whether
/// more name keys matched than were read.
fn find(
    explorer: &Explorer<'_>,
    key: &str,
    types: &[EntityType],
) -> Result<(Vec<Found>, bool), super::PageError> {
    let graph = explorer.entities_graph();
    let classes = if types.is_empty() {
        String::new()
    } else {
        // A filter on each name found: a `VALUES` list or a plain `?e a ?class` made the
        // engine start from every entity of the type (0.6 s at 100,000 stories).
        let list: Vec<String> = types.iter().map(|t| class_of(*t).to_string()).collect();
        format!(
            "FILTER EXISTS {{ ?e a ?class FILTER(?class IN ({})) }}",
            list.join(", ")
        )
    };
    let wanted = literal(key);
    let exact = explorer.select(&format!(
        "SELECT ?e ?m WHERE {{ GRAPH {graph} {{ ?e kgo:nameKey {wanted} ; kgo:mentionCount ?m . {classes} }} }} LIMIT {MATCHES_READ}"
    ))?;
    let partial = explorer.select(&format!(
        "SELECT ?e ?key ?m WHERE {{ GRAPH {graph} {{ ?e kgo:nameKey ?key . FILTER(CONTAINS(?key, {wanted})) ?e kgo:mentionCount ?m . {classes} }} }} LIMIT {}",
        MATCHES_READ + 1
    ))?;
    let truncated = partial.len() > MATCHES_READ;
    let mut best: BTreeMap<String, Found> = BTreeMap::new();
    let rows = exact
        .iter()
        .map(|r| (iri(&r[0]), key.to_owned(), number(&r[1]), true))
        .chain(
            partial
                .iter()
                .take(MATCHES_READ)
                .map(|r| (iri(&r[0]), text(&r[1]), number(&r[2]), false)),
        );
    for (entity, matched, mentions, is_exact) in rows {
        let Some(entity) = entity else { continue };
        let is_exact = is_exact || matched == key;
        let entry = best.entry(entity.to_owned()).or_insert_with(|| Found {
            iri: entity.to_owned(),
            exact: is_exact,
            mentions,
            matched: matched.clone(),
        });
        if is_exact && !entry.exact {
            entry.exact = true;
            entry.matched = matched;
        } else if !entry.exact && matched.len() < entry.matched.len() {
            entry.matched = matched;
        }
    }
    let mut found: Vec<Found> = best.into_values().collect();
    found.sort_by(|a, b| {
        (b.exact, b.mentions)
            .cmp(&(a.exact, a.mentions))
            .then_with(|| a.iri.cmp(&b.iri))
    });
    found.truncate(SHOWN);
    Ok((found, truncated))
}

/// What the result list shows of an entity.
struct Details {
    label: String,
    entity_type: Option<EntityType>,
    documents: usize,
    names: Vec<String>,
}

/// Label, type, document count and names of the entities found.
fn details(
    explorer: &Explorer<'_>,
    found: &[Found],
) -> Result<BTreeMap<String, Details>, super::PageError> {
    if found.is_empty() {
        return Ok(BTreeMap::new());
    }
    let graph = explorer.entities_graph();
    let values: Vec<String> = found.iter().map(|f| format!("<{}>", f.iri)).collect();
    let values = values.join(" ");
    // Fixed predicates, so each is an index look-up from the entity (a `VALUES` of
    // predicates made the engine scan the whole entity graph: 0.9 s at 20,000 stories).
    let rows = explorer.select(&format!(
        "SELECT ?e ?label ?class ?d WHERE {{ VALUES ?e {{ {values} }} GRAPH {graph} {{ ?e rdfs:label ?label ; a ?class ; kgo:documentCount ?d }} }} LIMIT 20000"
    ))?;
    let names = explorer.select(&format!(
        "SELECT ?e ?alt WHERE {{ VALUES ?e {{ {values} }} GRAPH {graph} {{ ?e skos:altLabel ?alt }} }} LIMIT 20000"
    ))?;
    let mut details: BTreeMap<String, Details> = BTreeMap::new();
    for row in &rows {
        let Some(entity) = iri(&row[0]) else { continue };
        let label = text(&row[1]);
        let entry = details.entry(entity.to_owned()).or_insert_with(|| Details {
            label: label.clone(),
            entity_type: None,
            documents: number(&row[3]),
            names: vec![label.clone()],
        });
        entry.entity_type = entry.entity_type.or(entity_type(&row[2]));
    }
    for row in &names {
        if let Some(entry) = iri(&row[0]).and_then(|e| details.get_mut(e)) {
            entry.names.push(text(&row[1]));
        }
    }
    Ok(details)
}

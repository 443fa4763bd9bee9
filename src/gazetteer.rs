//! A user's gazetteer: names of a domain (a country's politicians, a company's
//! subsidiaries) with their types, aliases and identifiers, that extend recognition and
//! linking (`kgraph build --gazetteer FILE`).
//!
//! Two formats:
//! - TSV: `name<TAB>type<TAB>IRI<TAB>aliases`, the type `PERSON`, `ORG`, `PLACE` or `LAW`
//!   (or `PER`, `LOC`, ...), the IRI and `|`-separated aliases optional; `#` starts a
//!   comment.
//! - RDF (Turtle `.ttl`, N-Triples `.nt`, RDF/XML `.rdf`/`.owl`): every subject typed
//!   `schema:Person`, `schema:Organization`, `schema:Place` or `schema:Legislation` (also
//!   `foaf:Person`, `foaf:Organization`) with an `rdfs:label`, `skos:prefLabel` or
//!   `schema:name`; `skos:altLabel` and `schema:alternateName` are aliases; the subject IRI
//!   is the identifier.
//!
//! Names are recognised wherever they appear capitalised ([`crate::recognise::GazetteerRecogniser`]),
//! an entry's names are one entity (rule `gazetteer-alias`), and the entity gets
//! `owl:sameAs` the entry's IRI.

use crate::entity_type::EntityType;
use crate::lexicon::fold;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};
use std::collections::{BTreeMap, HashMap};

/// One entry of a gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerEntry {
    /// The canonical name.
    pub name: String,
    /// Its type.
    pub entity_type: EntityType,
    /// Its identifier (e.g. a Wikidata IRI), if given.
    pub iri: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
}

/// A gazetteer file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{}: {message}", if *line > 0 { format!(":{line}") } else { String::new() })]
pub struct GazetteerError {
    /// The file.
    pub path: String,
    /// 1-based line (0 for RDF, whose parser names the position in the message).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The user's gazetteers, merged.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    /// Folded name or alias -> entry index (the first entry that lists it).
    by_name: HashMap<String, usize>,
    /// Longest name in words, for the recogniser's window.
    longest: usize,
    sources: String,
}

impl Gazetteer {
    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }

    /// The entry that lists `name` (any case, any accents) as its name or an alias.
    pub fn lookup(&self, name: &str) -> Option<&GazetteerEntry> {
        self.lookup_folded(&fold(name))
    }

    /// Like [`Gazetteer::lookup`], for already folded text.
    pub fn lookup_folded(&self, folded: &str) -> Option<&GazetteerEntry> {
        self.by_name.get(folded).map(|&i| &self.entries[i])
    }

    /// The largest number of words in a name or alias.
    pub fn longest_name(&self) -> usize {
        self.longest
    }

    /// Pairs of folded names that are one entity: each alias with its entry's name.
    pub fn alias_pairs(&self) -> Vec<(String, String)> {
        self.entries
            .iter()
            .flat_map(|e| {
                let name = fold(&e.name);
                e.aliases.iter().map(move |a| (fold(a), name.clone()))
            })
            .collect()
    }

    /// A fingerprint of the gazetteer, for the extraction key.
    pub fn fingerprint(&self) -> String {
        blake3::hash(self.sources.as_bytes()).to_hex()[..16].to_owned()
    }

    /// Adds the entries of a file; its format comes from its extension (`.ttl`, `.nt`,
    /// `.rdf`, `.owl`: RDF; anything else: TSV).
    ///
    /// # Errors
    /// [`GazetteerError`] naming the first bad line; nothing of the file is added then.
    pub fn add_file(&mut self, path: &str, content: &str) -> Result<(), GazetteerError> {
        let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let format = match extension.as_deref() {
            Some("ttl") => Some(RdfFormat::Turtle),
            Some("nt") => Some(RdfFormat::NTriples),
            Some("rdf" | "owl" | "xml") => Some(RdfFormat::RdfXml),
            _ => None,
        };
        let entries = match format {
            Some(format) => parse_rdf(path, content, format)?,
            None => parse_tsv(path, content)?,
        };
        for entry in entries {
            self.add(entry);
        }
        self.sources.push_str(path);
        self.sources.push('\n');
        self.sources.push_str(content);
        Ok(())
    }

    /// Adds one entry.
    pub fn add(&mut self, entry: GazetteerEntry) {
        let index = self.entries.len();
        for name in std::iter::once(&entry.name).chain(&entry.aliases) {
            let folded = fold(name);
            self.longest = self.longest.max(folded.split(' ').count());
            self.by_name.entry(folded).or_insert(index);
        }
        self.entries.push(entry);
    }
}

fn parse_tsv(path: &str, content: &str) -> Result<Vec<GazetteerEntry>, GazetteerError> {
    let mut entries = Vec::new();
    for (index, line) in content.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |message: String| GazetteerError {
            path: path.to_owned(),
            line: index + 1,
            message,
        };
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if fields.len() < 2 || fields[0].is_empty() {
            return Err(error(
                "expected name<TAB>type, then optionally <TAB>IRI<TAB>aliases".to_owned(),
            ));
        }
        let entity_type: EntityType = fields[1].parse().map_err(|_| {
            error(format!(
                "unknown type {:?}: expected PERSON, ORG, PLACE or LAW",
                fields[1]
            ))
        })?;
        let iri = match fields.get(2).filter(|i| !i.is_empty()) {
            Some(iri) => Some(
                oxigraph::model::NamedNode::new(*iri)
                    .map_err(|e| error(format!("invalid IRI {iri:?}: {e}")))?
                    .into_string(),
            ),
            None => None,
        };
        let aliases = fields
            .get(3)
            .map(|a| {
                a.split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        entries.push(GazetteerEntry {
            name: fields[0].to_owned(),
            entity_type,
            iri,
            aliases,
        });
    }
    Ok(entries)
}

fn parse_rdf(
    path: &str,
    content: &str,
    format: RdfFormat,
) -> Result<Vec<GazetteerEntry>, GazetteerError> {
    const TYPES: &[(&str, EntityType)] = &[
        ("http://schema.org/Person", EntityType::Person),
        ("https://schema.org/Person", EntityType::Person),
        ("http://xmlns.com/foaf/0.1/Person", EntityType::Person),
        ("http://schema.org/Organization", EntityType::Organization),
        ("https://schema.org/Organization", EntityType::Organization),
        (
            "http://xmlns.com/foaf/0.1/Organization",
            EntityType::Organization,
        ),
        ("http://schema.org/Place", EntityType::Place),
        ("https://schema.org/Place", EntityType::Place),
        ("http://schema.org/Legislation", EntityType::Law),
        ("https://schema.org/Legislation", EntityType::Law),
    ];
    const NAMES: &[&str] = &[
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://schema.org/name",
        "https://schema.org/name",
    ];
    const ALIASES: &[&str] = &[
        "http://www.w3.org/2004/02/skos/core#altLabel",
        "http://schema.org/alternateName",
        "https://schema.org/alternateName",
    ];
    #[derive(Default)]
    struct Described {
        entity_type: Option<EntityType>,
        names: Vec<String>,
        aliases: Vec<String>,
    }
    let mut subjects: BTreeMap<String, Described> = BTreeMap::new();
    for triple in RdfParser::from_format(format).for_slice(content.as_bytes()) {
        let triple = triple.map_err(|e| GazetteerError {
            path: path.to_owned(),
            line: 0,
            message: e.to_string(),
        })?;
        let NamedOrBlankNode::NamedNode(subject) = &triple.subject else {
            continue;
        };
        let described = subjects.entry(subject.as_str().to_owned()).or_default();
        let predicate = triple.predicate.as_str();
        match &triple.object {
            Term::NamedNode(class) if predicate == crate::vocab::rdf::TYPE.as_str() => {
                if let Some((_, t)) = TYPES.iter().find(|(iri, _)| *iri == class.as_str()) {
                    described.entity_type = Some(*t);
                }
            }
            Term::Literal(value) if NAMES.contains(&predicate) => {
                described.names.push(value.value().to_owned());
            }
            Term::Literal(value) if ALIASES.contains(&predicate) => {
                described.aliases.push(value.value().to_owned());
            }
            _ => {}
        }
    }
    Ok(subjects
        .into_iter()
        .filter_map(|(iri, mut d)| {
            let entity_type = d.entity_type?;
            d.names.sort();
            let mut names = d.names.into_iter();
            let name = names.next()?;
            let mut aliases: Vec<String> = names.chain(d.aliases).collect();
            aliases.sort();
            aliases.dedup();
            Some(GazetteerEntry {
                name,
                entity_type,
                iri: Some(iri),
                aliases,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_entries_with_aliases_and_iris() {
        let mut gazetteer = Gazetteer::default();
        gazetteer
            .add_file(
                "pols.tsv",
                "# politicians\nNayib Bukele\tPERSON\thttp://www.wikidata.org/entity/Q5372848\tBukele|Nayib Armando Bukele\nCristosal\tORG\n",
            )
            .unwrap();
        let bukele = gazetteer.lookup("nayib armando BUKELE").unwrap();
        assert_eq!(bukele.name, "Nayib Bukele");
        assert_eq!(
            bukele.iri.as_deref(),
            Some("http://www.wikidata.org/entity/Q5372848")
        );
        assert_eq!(
            gazetteer.lookup("Cristosal").unwrap().entity_type,
            EntityType::Organization
        );
        assert_eq!(gazetteer.longest_name(), 3);
        assert_eq!(
            gazetteer.alias_pairs(),
            [
                ("bukele".to_owned(), "nayib bukele".to_owned()),
                ("nayib armando bukele".to_owned(), "nayib bukele".to_owned())
            ]
        );
    }

    #[test]
    fn bad_tsv_lines_are_named() {
        let cases = [
            ("Solo\n", "g.tsv:1: expected name<TAB>type"),
            ("A\tPERSON\nB\tTHING\n", "g.tsv:2: unknown type \"THING\""),
            (
                "A\tORG\tnot an iri\n",
                "g.tsv:1: invalid IRI \"not an iri\"",
            ),
        ];
        for (text, expected) in cases {
            let mut gazetteer = Gazetteer::default();
            let error = gazetteer.add_file("g.tsv", text).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{error}");
            assert!(gazetteer.is_empty(), "a bad file adds nothing");
        }
    }

    #[test]
    fn rdf_entries_from_turtle() {
        let turtle = r#"
            @prefix schema: <http://schema.org/> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            <http://www.wikidata.org/entity/Q5372848> a schema:Person ;
                rdfs:label "Nayib Bukele" ; skos:altLabel "Bukele" .
            <http://example.org/untyped> rdfs:label "Nobody" .
        "#;
        let mut gazetteer = Gazetteer::default();
        gazetteer.add_file("people.ttl", turtle).unwrap();
        assert_eq!(gazetteer.entries().len(), 1);
        assert_eq!(gazetteer.lookup("Bukele").unwrap().name, "Nayib Bukele");
        let error = gazetteer
            .add_file("broken.ttl", "<a> <b> .")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("broken.ttl:"), "{error}");
    }
}

//! The predicates relations use: Wikidata properties, and the verb inventory
//! (`data/relations/verbs.tsv`, which users extend with a file of the same format).

use crate::lexicon::fold;
use crate::vocab::KGO;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The Wikidata properties kgraph states, with their English labels.
pub const WIKIDATA_PROPERTIES: &[(&str, &str)] = &[
    ("P6", "head of government"),
    ("P17", "country"),
    ("P27", "country of citizenship"),
    ("P39", "position held"),
    ("P102", "member of political party"),
    ("P108", "employer"),
    ("P131", "located in the administrative territorial entity"),
    ("P159", "headquarters location"),
    ("P410", "military rank"),
    ("P463", "member of"),
    ("P571", "inception"),
    ("P1001", "applies to jurisdiction"),
    ("P1083", "maximum capacity"),
    ("P1376", "capital of"),
];

/// The namespace of Wikidata's direct properties.
pub const WDT: &str = "http://www.wikidata.org/prop/direct/";

/// A relation's predicate: its IRI and what it says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Predicate {
    /// Full IRI, e.g. `http://www.wikidata.org/prop/direct/P39`.
    pub iri: String,
    /// Label, read as "subject LABEL object", e.g. `position held`.
    pub label: String,
}

impl Predicate {
    /// The Wikidata property `id` ("P39"), labelled from [`WIKIDATA_PROPERTIES`].
    ///
    /// # Panics
    /// If `id` is not listed there (a programming error).
    pub fn wikidata(id: &str) -> Self {
        let label = WIKIDATA_PROPERTIES
            .iter()
            .find(|(p, _)| *p == id)
            .map(|(_, l)| *l)
            .unwrap_or_else(|| panic!("{id} is not in WIKIDATA_PROPERTIES"));
        Self {
            iri: format!("{WDT}{id}"),
            label: label.to_owned(),
        }
    }

    /// [`Predicate::wikidata`], made once per property and shared: relation finding
    /// states the same few properties over and over.
    ///
    /// # Panics
    /// If `id` is not listed in [`WIKIDATA_PROPERTIES`] (a programming error).
    pub fn shared_wikidata(id: &str) -> Arc<Self> {
        static SHARED: OnceLock<Vec<Arc<Predicate>>> = OnceLock::new();
        let shared = SHARED.get_or_init(|| {
            WIKIDATA_PROPERTIES
                .iter()
                .map(|(id, _)| Arc::new(Predicate::wikidata(id)))
                .collect()
        });
        let index = WIKIDATA_PROPERTIES
            .iter()
            .position(|(p, _)| *p == id)
            .unwrap_or_else(|| panic!("{id} is not in WIKIDATA_PROPERTIES"));
        shared[index].clone()
    }
}

/// A verb form and the words that must follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// The predicate it states.
    pub predicate: Arc<Predicate>,
    /// Folded particles after the verb ("on" in "reported on").
    pub particles: Vec<String>,
    /// Whether the form can be a past participle (for the passive "was X-ed by").
    pub participle: bool,
}

/// A line of an inventory file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct InventoryError {
    /// The file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The verb inventory: which words state which predicate.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// Folded verb word -> its forms (several when particles differ).
    verbs: HashMap<String, Vec<VerbForm>>,
    /// Folded noun -> (predicate, preposition that introduces the object).
    nominals: HashMap<String, Vec<(Arc<Predicate>, String)>>,
    /// Every predicate, by IRI.
    predicates: BTreeMap<String, Arc<Predicate>>,
    /// The text the inventory was parsed from, for the extraction key.
    sources: String,
}

impl Inventory {
    /// The built-in inventory.
    pub fn embedded() -> Self {
        let mut inventory = Self::default();
        inventory
            .add("data/relations/verbs.tsv", EMBEDDED)
            .expect("the embedded verb inventory parses");
        inventory
    }

    /// Adds the lines of an inventory file (`path` is used in errors).
    ///
    /// # Errors
    /// [`InventoryError`] naming the first bad line; nothing of the file is added then.
    pub fn add(&mut self, path: &str, text: &str) -> Result<(), InventoryError> {
        let mut added = self.clone();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: String| InventoryError {
                path: path.to_owned(),
                line: index + 1,
                message,
            };
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if fields.len() < 3 || fields.len() > 4 {
                return Err(error(format!(
                    "expected 3 or 4 tab-separated fields (predicate, label, verbs, nominals), found {}",
                    fields.len()
                )));
            }
            let iri = predicate_iri(fields[0]).map_err(error)?;
            if fields[1].is_empty() {
                return Err(error("the label is empty".to_owned()));
            }
            let predicate = added
                .predicates
                .entry(iri.clone())
                .or_insert_with(|| {
                    Arc::new(Predicate {
                        iri,
                        label: fields[1].to_owned(),
                    })
                })
                .clone();
            for form in fields[2]
                .split('|')
                .map(str::trim)
                .filter(|f| !f.is_empty())
            {
                let words: Vec<String> = fold(form).split(' ').map(str::to_owned).collect();
                let (verb, particles) = words.split_first().expect("a non-empty form");
                for (word, participle) in inflections(verb) {
                    let forms = added.verbs.entry(word).or_default();
                    let form = VerbForm {
                        predicate: predicate.clone(),
                        particles: particles.to_vec(),
                        participle,
                    };
                    if !forms.contains(&form) {
                        forms.push(form);
                    }
                }
            }
            if let Some(nominals) = fields.get(3) {
                for noun in nominals.split('|').map(str::trim).filter(|f| !f.is_empty()) {
                    let folded = fold(noun);
                    let (noun, preposition) = folded.split_once(' ').unwrap_or((&folded, "of"));
                    added
                        .nominals
                        .entry(noun.to_owned())
                        .or_default()
                        .push((predicate.clone(), preposition.to_owned()));
                }
            }
        }
        // Longer particle lists first, so "met with" wins over "met".
        for forms in added.verbs.values_mut() {
            forms.sort_by_key(|f| std::cmp::Reverse(f.particles.len()));
        }
        added.sources.push_str(text);
        *self = added;
        Ok(())
    }

    /// The forms a folded word can be.
    pub fn verb(&self, folded: &str) -> &[VerbForm] {
        self.verbs.get(folded).map_or(&[], Vec::as_slice)
    }

    /// The predicates and prepositions of a folded noun.
    pub fn nominal(&self, folded: &str) -> &[(Arc<Predicate>, String)] {
        self.nominals.get(folded).map_or(&[], Vec::as_slice)
    }

    /// Every predicate of the inventory, by IRI.
    pub fn predicates(&self) -> impl Iterator<Item = &Predicate> {
        self.predicates.values().map(AsRef::as_ref)
    }

    /// A fingerprint of the inventory, for the extraction key.
    pub fn fingerprint(&self) -> String {
        blake3::hash(self.sources.as_bytes()).to_hex()[..16].to_owned()
    }
}

const EMBEDDED: &str = include_str!("../../data/relations/verbs.tsv");

/// `wdt:P39` -> the Wikidata IRI; `invoked` -> `kgo:invoked`.
fn predicate_iri(name: &str) -> Result<String, String> {
    if let Some(id) = name.strip_prefix("wdt:") {
        let valid =
            id.len() > 1 && id.starts_with('P') && id[1..].chars().all(|c| c.is_ascii_digit());
        return if valid {
            Ok(format!("{WDT}{id}"))
        } else {
            Err(format!(
                "{name:?} is not a Wikidata property (wdt:P followed by digits)"
            ))
        };
    }
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(format!("{KGO}{name}"))
    } else {
        Err(format!(
            "predicate {name:?} must be a name of ASCII letters, digits and _ (or wdt:Pnnn)"
        ))
    }
}

/// A verb and its regular inflections, each with whether it can be a past participle.
/// Forms ending in -s, -ed or -ing are taken as written.
fn inflections(verb: &str) -> Vec<(String, bool)> {
    if verb.ends_with("ed") {
        return vec![(verb.to_owned(), true)];
    }
    if verb.ends_with('s') || verb.ends_with("ing") {
        return vec![(verb.to_owned(), false)];
    }
    let chars: Vec<char> = verb.chars().collect();
    let last = chars.last().copied().unwrap_or(' ');
    let before_last = chars.len().checked_sub(2).map_or(' ', |i| chars[i]);
    let vowel = |c: char| "aeiou".contains(c);
    let (third, past, gerund) = if last == 'e' {
        let stem = &verb[..verb.len() - 1];
        (format!("{verb}s"), format!("{verb}d"), format!("{stem}ing"))
    } else if last == 'y' && !vowel(before_last) {
        let stem = &verb[..verb.len() - 1];
        (
            format!("{stem}ies"),
            format!("{stem}ied"),
            format!("{verb}ing"),
        )
    } else if verb.ends_with("sh") || verb.ends_with("ch") || "xzo".contains(last) {
        (
            format!("{verb}es"),
            format!("{verb}ed"),
            format!("{verb}ing"),
        )
    } else {
        (
            format!("{verb}s"),
            format!("{verb}ed"),
            format!("{verb}ing"),
        )
    };
    vec![
        (verb.to_owned(), false),
        (third, false),
        (past, true),
        (gerund, false),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_inflections_are_generated() {
        let cases = [
            ("invoke", ["invoke", "invokes", "invoked", "invoking"]),
            ("deport", ["deport", "deports", "deported", "deporting"]),
            ("veto", ["veto", "vetoes", "vetoed", "vetoing"]),
            (
                "criticize",
                ["criticize", "criticizes", "criticized", "criticizing"],
            ),
            ("fund", ["fund", "funds", "funded", "funding"]),
            ("bury", ["bury", "buries", "buried", "burying"]),
        ];
        for (verb, expected) in cases {
            let forms: Vec<String> = inflections(verb).into_iter().map(|(f, _)| f).collect();
            assert_eq!(forms, expected, "{verb}");
        }
        assert_eq!(inflections("tours"), [("tours".to_owned(), false)]);
        assert_eq!(inflections("banned"), [("banned".to_owned(), true)]);
    }

    #[test]
    fn the_embedded_inventory_knows_its_verbs() {
        let inventory = Inventory::embedded();
        let label = |word: &str| {
            inventory
                .verb(word)
                .iter()
                .map(|f| (f.predicate.label.as_str(), f.particles.join(" ")))
                .collect::<Vec<_>>()
        };
        assert_eq!(label("reinvoked"), [("invoked", String::new())]);
        assert_eq!(label("reported"), [("reported on", "on".to_owned())]);
        assert_eq!(
            label("met"),
            [("met with", "with".to_owned()), ("met with", String::new())]
        );
        assert!(inventory.verb("said").is_empty());
        let visit = inventory.nominal("visit");
        assert_eq!(visit[0].0.label, "visited");
        assert_eq!(visit[0].1, "to");
    }

    #[test]
    fn user_files_add_verbs_and_bad_lines_are_named() {
        let mut inventory = Inventory::embedded();
        inventory
            .add("mine.tsv", "# mine\nwdt:P26\tspouse\tmarry\n")
            .unwrap();
        assert_eq!(
            inventory.verb("married")[0].predicate.iri,
            "http://www.wikidata.org/prop/direct/P26"
        );
        let cases = [
            ("a\tb\n", "mine.tsv:1: expected 3 or 4"),
            (
                "ok\tfine\tok\nbad name\tx\ty\n",
                "mine.tsv:2: predicate \"bad name\"",
            ),
            (
                "wdt:Q5\tx\ty\n",
                "mine.tsv:1: \"wdt:Q5\" is not a Wikidata property",
            ),
        ];
        for (text, expected) in cases {
            let error = inventory.add("mine.tsv", text).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{error}");
        }
        assert!(inventory.verb("ok").is_empty(), "a bad file adds nothing");
    }
}

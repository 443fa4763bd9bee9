//! Word lists and gazetteers, embedded in the binary and parsed once on first use.
//!
//! The data files live in `data/lexicons/` (built from public data by
//! `scripts/lexicons/build.py`; sources and licences in `data/lexicons/README.md`) and
//! `data/rules/` (hand-written head words and titles). All lookups are on [`fold`]ed text.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// What kind of place a gazetteer entry is (ambiguous names: see `rank_place_names`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    /// A sovereign country or territory with an ISO 3166-1 code.
    Country,
    /// A continent or supranational region.
    Region,
    /// A first-level subdivision (state, province) with an ISO 3166-2 code.
    Subdivision,
    /// A city or town.
    City,
}

/// One place from the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The canonical English name.
    pub name: String,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 code of the country (the country itself for countries).
    pub country: Option<String>,
    /// GeoNames id, where the source data has one.
    pub geonames_id: Option<u64>,
    /// Wikidata id (`Q…`), where the source data has one.
    pub wikidata: Option<String>,
    /// Population, for ranking ambiguous city names.
    pub population: u64,
}

/// A set of single- or multi-word phrases, stored folded.
#[derive(Debug, Default)]
pub struct PhraseSet {
    phrases: HashSet<String>,
}

impl PhraseSet {
    fn parse(data: &str) -> Self {
        // Sized once (a line holds at most one phrase), not grown while it is filled: the
        // lists are parsed at every start of the program (start-up 2-4% faster).
        let mut phrases = HashSet::with_capacity_and_hasher(
            data.bytes().filter(|&b| b == b'\n').count() + 1,
            Default::default(),
        );
        phrases.extend(data_lines(data).map(fold));
        Self { phrases }
    }

    /// Whether `text` (any case) is in the set.
    pub fn contains(&self, text: &str) -> bool {
        with_folded(text, |folded| self.phrases.contains(folded))
    }

    /// Whether the already folded `folded` is in the set.
    pub fn contains_folded(&self, folded: &str) -> bool {
        self.phrases.contains(folded)
    }

    /// How many phrases it holds.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// Whether it holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Every phrase, folded, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.phrases.iter().map(String::as_str)
    }
}

/// All the word lists the recogniser and resolver use.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Every gazetteer place.
    pub places: Vec<Place>,
    /// Folded name or alias -> indexes into `places`, best first.
    place_names: HashMap<String, Vec<usize>>,
    /// Folded demonym (adjective or people noun) -> index of its country in `places`.
    demonyms: HashMap<String, usize>,
    /// Folded name of a capital city -> index of its country in `places`.
    capitals: HashMap<String, usize>,
    /// Given names (folded).
    pub given_names: PhraseSet,
    /// Surnames (folded).
    pub surnames: PhraseSet,
    /// Common lower-case English words (folded).
    pub common_words: PhraseSet,
    /// Titles and roles before a person's name.
    pub titles: PhraseSet,
    /// Last words of organisation names.
    pub org_heads: PhraseSet,
    /// First words of organisation names ("University of").
    pub org_prefixes: PhraseSet,
    /// Last words of law names.
    pub law_heads: PhraseSet,
    /// Last words of facility and feature names.
    pub place_heads: PhraseSet,
    /// First words of place names ("Mount").
    pub place_prefixes: PhraseSet,
    /// Words that make a name an event.
    pub event_heads: PhraseSet,
    /// Months, days, holidays.
    pub time_words: PhraseSet,
    /// Closed-class words.
    pub function_words: PhraseSet,
    /// Nouns that type a neighbouring name as an organisation.
    pub org_nouns: PhraseSet,
    /// Nouns that type a preceding name as a person.
    pub person_nouns: PhraseSet,
    /// Nouns that type a following `of X` as a place.
    pub place_nouns: PhraseSet,
    /// Languages, religions, peoples and movements: not mentions, like demonyms.
    pub misc_words: PhraseSet,
    /// Occupations and roles that define a person ("X was an English singer").
    pub person_roles: PhraseSet,
    /// All-capital abbreviations of common things ("CD", "DJ"), never names.
    pub common_acronyms: PhraseSet,
    /// Lower-case geographic feature words that end a place name ("Huallaga river").
    pub feature_words: PhraseSet,
    /// Kinds of work, product, language or event that define a name as none of ours ("X is
    /// an album").
    pub work_nouns: PhraseSet,
}

impl Lexicon {
    /// The lexicon built into the binary, parsed on first use (a few milliseconds).
    pub fn embedded() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::parse_embedded)
    }

    fn parse_embedded() -> Lexicon {
        let mut lexicon = Lexicon {
            given_names: PhraseSet::parse(include_str!("../data/lexicons/given_names.txt")),
            surnames: PhraseSet::parse(include_str!("../data/lexicons/surnames.txt")),
            common_words: PhraseSet::parse(include_str!("../data/lexicons/common_words.txt")),
            titles: PhraseSet::parse(include_str!("../data/rules/titles.txt")),
            org_heads: PhraseSet::parse(include_str!("../data/rules/org_heads.txt")),
            org_prefixes: PhraseSet::parse(include_str!("../data/rules/org_prefixes.txt")),
            law_heads: PhraseSet::parse(include_str!("../data/rules/law_heads.txt")),
            place_heads: PhraseSet::parse(include_str!("../data/rules/place_heads.txt")),
            place_prefixes: PhraseSet::parse(include_str!("../data/rules/place_prefixes.txt")),
            event_heads: PhraseSet::parse(include_str!("../data/rules/event_heads.txt")),
            time_words: PhraseSet::parse(include_str!("../data/rules/time_words.txt")),
            function_words: PhraseSet::parse(include_str!("../data/rules/function_words.txt")),
            org_nouns: PhraseSet::parse(include_str!("../data/rules/org_nouns.txt")),
            person_nouns: PhraseSet::parse(include_str!("../data/rules/person_nouns.txt")),
            place_nouns: PhraseSet::parse(include_str!("../data/rules/place_nouns.txt")),
            misc_words: PhraseSet::parse(include_str!("../data/rules/misc_words.txt")),
            person_roles: PhraseSet::parse(include_str!("../data/rules/person_roles.txt")),
            common_acronyms: PhraseSet::parse(include_str!("../data/rules/common_acronyms.txt")),
            feature_words: PhraseSet::parse(include_str!("../data/rules/feature_words.txt")),
            work_nouns: PhraseSet::parse(include_str!("../data/rules/work_nouns.txt")),
            ..Lexicon::default()
        };
        lexicon.add_countries(include_str!("../data/lexicons/countries.tsv"));
        lexicon.add_regions(include_str!("../data/lexicons/regions.tsv"));
        lexicon.add_subdivisions(include_str!("../data/lexicons/subdivisions.tsv"));
        lexicon.add_cities(include_str!("../data/lexicons/cities.tsv"));
        lexicon.rank_place_names();
        lexicon
    }

    /// Places whose name or alias is `text`, best first (countries before regions before
    /// subdivisions before cities; cities by population).
    pub fn places_named(&self, text: &str) -> impl Iterator<Item = &Place> {
        let indexes = with_folded(text, |folded| self.place_names.get(folded));
        indexes.into_iter().flatten().map(|&i| &self.places[i])
    }

    /// The index in [`Lexicon::places`] of the best place named `text`, if any.
    pub fn place_index(&self, text: &str) -> Option<usize> {
        with_folded(text, |folded| {
            self.place_names
                .get(folded)
                .and_then(|c| c.first().copied())
        })
    }

    /// The best place named `text`, if any.
    pub fn place(&self, text: &str) -> Option<&Place> {
        self.places_named(text).next()
    }

    /// Whether the [`fold`]ed word is an ordinary lower-case word of English: a common
    /// word that is no given name or surname ("license", "records"; not "rose" or
    /// "bush").
    pub fn is_ordinary_word(&self, folded: &str) -> bool {
        self.common_words.contains_folded(folded)
            && !self.given_names.contains_folded(folded)
            && !self.surnames.contains_folded(folded)
    }

    /// The best place whose [`fold`]ed name is `folded`, if any.
    pub fn place_folded(&self, folded: &str) -> Option<&Place> {
        let best = self.place_names.get(folded).and_then(|c| c.first());
        best.map(|&i| &self.places[i])
    }

    /// How many folded place names and aliases there are.
    pub fn place_name_count(&self) -> usize {
        self.place_names.len()
    }

    /// Every folded place name or alias, with the best place it names.
    pub fn folded_place_names(&self) -> impl Iterator<Item = (&str, &Place)> {
        self.place_names
            .iter()
            .filter_map(|(name, found)| Some((name.as_str(), &self.places[*found.first()?])))
    }

    /// Every folded demonym.
    pub fn folded_demonyms(&self) -> impl Iterator<Item = &str> {
        self.demonyms.keys().map(String::as_str)
    }

    /// The country whose demonym `text` is ("Salvadoran" -> El Salvador).
    pub fn demonym_country(&self, text: &str) -> Option<&Place> {
        with_folded(text, |folded| self.demonym_country_folded(folded))
    }

    /// The country whose [`fold`]ed demonym is `folded`.
    pub fn demonym_country_folded(&self, folded: &str) -> Option<&Place> {
        self.demonyms.get(folded).map(|&i| &self.places[i])
    }

    /// The index in [`Lexicon::places`] of the country whose capital is named `text`
    /// ("San Salvador" -> El Salvador).
    pub fn capital_of(&self, text: &str) -> Option<usize> {
        with_folded(text, |folded| self.capitals.get(folded).copied())
    }

    /// The index in [`Lexicon::places`] of the country whose demonym `text` is.
    pub fn demonym_index(&self, text: &str) -> Option<usize> {
        with_folded(text, |folded| self.demonyms.get(folded).copied())
    }

    /// Adds a place with its aliases; returns its index.
    pub fn add_place<'a>(
        &mut self,
        place: Place,
        aliases: impl IntoIterator<Item = &'a str>,
    ) -> usize {
        let index = self.places.len();
        let mut names: Vec<String> = vec![fold(&place.name)];
        names.extend(aliases.into_iter().map(fold).filter(|a| !a.is_empty()));
        names.sort();
        names.dedup();
        for name in names {
            self.place_names.entry(name).or_default().push(index);
        }
        self.places.push(place);
        index
    }

    fn add_countries(&mut self, data: &str) {
        for fields in tsv_rows(data) {
            let place = Place {
                name: field(&fields, 0).to_owned(),
                kind: PlaceKind::Country,
                country: non_empty(field(&fields, 1)),
                geonames_id: field(&fields, 3).parse().ok(),
                wikidata: non_empty(field(&fields, 4)),
                population: 0,
            };
            let mut aliases: Vec<&str> = split_list(field(&fields, 5)).collect();
            aliases.extend(
                [field(&fields, 1), field(&fields, 2)]
                    .into_iter()
                    .filter(|c| !c.is_empty()),
            );
            // Two-letter codes like "IN" or "IT" are words; keep only codes that are
            // listed as aliases explicitly ("US", "UK").
            aliases.retain(|a| a.len() > 3 || split_list(field(&fields, 5)).any(|x| x == *a));
            let index = self.add_place(place, aliases);
            for demonym in split_list(field(&fields, 6)) {
                self.demonyms.entry(fold(demonym)).or_insert(index);
            }
            let capital = field(&fields, 7);
            if !capital.is_empty() {
                self.capitals.entry(fold(capital)).or_insert(index);
            }
        }
    }

    fn add_regions(&mut self, data: &str) {
        for fields in tsv_rows(data) {
            let place = Place {
                name: field(&fields, 0).to_owned(),
                kind: PlaceKind::Region,
                country: None,
                geonames_id: field(&fields, 2).parse().ok(),
                wikidata: None,
                population: 0,
            };
            let aliases: Vec<&str> = split_list(field(&fields, 1)).collect();
            self.add_place(place, aliases);
        }
    }

    fn add_subdivisions(&mut self, data: &str) {
        for fields in tsv_rows(data) {
            let place = Place {
                name: field(&fields, 0).to_owned(),
                kind: PlaceKind::Subdivision,
                country: non_empty(field(&fields, 2)),
                geonames_id: field(&fields, 3).parse().ok(),
                wikidata: None,
                population: 0,
            };
            self.add_place(place, []);
        }
    }

    fn add_cities(&mut self, data: &str) {
        for fields in tsv_rows(data) {
            let place = Place {
                name: field(&fields, 0).to_owned(),
                kind: PlaceKind::City,
                country: non_empty(field(&fields, 1)),
                geonames_id: field(&fields, 2).parse().ok(),
                wikidata: None,
                population: field(&fields, 3).parse().unwrap_or(0),
            };
            let aliases: Vec<&str> = split_list(field(&fields, 4)).collect();
            self.add_place(place, aliases);
        }
    }

    /// Orders each name's candidates: countries, regions, large cities (100,000 people
    /// or more: "San Salvador" the capital before the department), subdivisions, other
    /// cities; then by population and name.
    fn rank_place_names(&mut self) {
        let places = &self.places;
        let rank = |p: &Place| match p.kind {
            PlaceKind::Country => 0,
            PlaceKind::Region => 1,
            PlaceKind::City if p.population >= 100_000 => 2,
            PlaceKind::Subdivision => 3,
            PlaceKind::City => 4,
        };
        for candidates in self.place_names.values_mut() {
            candidates.sort_by(|&a, &b| {
                let (a, b) = (&places[a], &places[b]);
                (rank(a), std::cmp::Reverse(a.population), &a.name).cmp(&(
                    rank(b),
                    std::cmp::Reverse(b.population),
                    &b.name,
                ))
            });
        }
    }
}

/// Folds text for lookups: ASCII transliteration (é -> e, ’ -> '), lower case, single
/// spaces.
pub fn fold(text: &str) -> String {
    if text.is_ascii() && single_spaced(text.as_bytes()) {
        return text.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    folded
}

/// Calls `f` with the folded `text` (see [`fold`]), without allocating for each call:
/// lexicon look-ups run for nearly every token.
pub fn with_folded<R>(text: &str, f: impl FnOnce(&str) -> R) -> R {
    // A short ASCII word folds to its lower case: fold it on the stack.
    const SHORT: usize = 64;
    let bytes = text.as_bytes();
    if bytes.len() <= SHORT && text.is_ascii() && single_spaced(bytes) {
        let mut buffer = [0; SHORT];
        let lower = &mut buffer[..bytes.len()];
        lower.copy_from_slice(bytes);
        lower.make_ascii_lowercase();
        if let Ok(folded) = std::str::from_utf8(lower) {
            return f(folded);
        }
    }
    thread_local! {
        static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUFFER.with(|buffer| match buffer.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            fold_into(text, &mut buffer);
            f(&buffer)
        }
        // Called from inside `f`: fall back to a fresh string.
        Err(_) => f(&fold(text)),
    })
}

/// Whether ASCII text is spaced as [`fold`] spaces it: words apart by single spaces, no
/// other white space, none at either end (then folding it only lower-cases it).
fn single_spaced(bytes: &[u8]) -> bool {
    let mut after_space = true;
    for &byte in bytes {
        if byte == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if is_fold_space(byte) {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || bytes.is_empty()
}

/// ASCII whitespace as `char::is_whitespace` has it (vertical tab included).
fn is_fold_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Appends the folded `text` to `out`.
fn fold_into(text: &str, out: &mut String) {
    let ascii = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(text))
    };
    let start = out.len();
    // ASCII whitespace as `char::is_whitespace` has it (vertical tab included).
    let words = ascii
        .split([' ', '\t', '\n', '\x0B', '\x0C', '\r'])
        .filter(|word| !word.is_empty());
    for word in words {
        if out.len() > start {
            out.push(' ');
        }
        out.push_str(word);
    }
    out[start..].make_ascii_lowercase();
}

/// Non-blank lines that are not `#` comments, trimmed.
fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

fn tsv_rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').map(str::trim).collect::<Vec<_>>())
        .filter(|fields| !field(fields, 0).is_empty())
}

fn field<'a>(fields: &[&'a str], index: usize) -> &'a str {
    fields.get(index).copied().unwrap_or("")
}

fn split_list(value: &str) -> impl Iterator<Item = &str> {
    value.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds() {
        assert_eq!(fold("  Nicolás   MADURO "), "nicolas maduro");
        assert_eq!(fold("Salvador’s"), "salvador's");
        assert_eq!(fold("U.S."), "u.s.");
        assert_eq!(fold("Zürich"), "zurich");
    }

    #[test]
    fn single_spaced_text_folds_to_its_lower_case() {
        for text in ["", "a", "Nicolás Maduro", "U.S. Army", "x y z"] {
            let lower = text.to_ascii_lowercase();
            assert_eq!(fold(text), if text.is_ascii() { lower } else { fold(text) });
        }
        for text in [" a", "a ", "a  b", "a\tb", "a\nb", " "] {
            assert!(!single_spaced(text.as_bytes()), "{text:?}");
            assert_eq!(
                fold(text),
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
        for text in ["", "a", "a b", "U.S. Army"] {
            assert!(single_spaced(text.as_bytes()), "{text:?}");
        }
    }

    #[test]
    fn phrase_sets_match_any_case_and_spacing() {
        let set = PhraseSet::parse("party\nu.s.\nzurich\nhouse of commons\n");
        for text in [
            "Party",
            "PARTY",
            "party",
            "U.S.",
            "Zürich",
            "House  of Commons",
        ] {
            assert!(set.contains(text), "{text}");
        }
        for text in ["Parties", "", "House of", &"x".repeat(100)] {
            assert!(!set.contains(text), "{text}");
        }
    }

    #[test]
    fn embedded_lexicon_knows_the_basics() {
        let lexicon = Lexicon::embedded();
        let cases = [
            ("United States", "US"),
            ("United States", "U.S."),
            ("United States", "USA"),
            ("United Kingdom", "UK"),
            ("El Salvador", "El Salvador"),
            ("Venezuela", "venezuela"),
        ];
        for (name, alias) in cases {
            let place = lexicon
                .place(alias)
                .unwrap_or_else(|| panic!("no place {alias}"));
            assert_eq!(place.name, name, "{alias}");
            assert_eq!(place.kind, PlaceKind::Country, "{alias}");
        }
        assert_eq!(
            lexicon.demonym_country("Salvadoran").unwrap().name,
            "El Salvador"
        );
        assert_eq!(
            lexicon.demonym_country("Argentine").unwrap().name,
            "Argentina"
        );
        let capital = lexicon.place("San Salvador").expect("San Salvador");
        assert_eq!(
            capital.kind,
            PlaceKind::City,
            "the capital, not the department"
        );
        assert!(lexicon.given_names.contains("Patricia"));
        assert!(lexicon.titles.contains("Congressman"));
        assert!(lexicon.common_words.contains("footage"));
        assert!(
            lexicon.place("In").is_none(),
            "two-letter codes are not aliases"
        );
    }
}

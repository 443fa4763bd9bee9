//! Wikidata relations stated by the shape of a phrase; those about people are in
//! `people.rs`, and [`find`] runs both.
//!
//! | pattern | example | relations |
//! |---|---|---|
//! | title before a person | "Argentine Security Minister Patricia Bullrich" | P39 position (jurisdiction P1001), P27 from a demonym or country, P6 for heads of government, P108 / P102 from an organisation |
//! | appositive title | "Nayib Bukele, the president of El Salvador" | P39, P108 |
//! | demonym or country before a person | "Mexican YouTuber Luisito Comunica" | P27 |
//! | person from a country | "Lethal Crysis from Spain" | P27 |
//! | demonym or country before an organisation or facility | "the Venezuelan criminal organization Tren de Aragua", "El Salvador's Terrorism Confinement Centre" | P17 |
//! | a country's things, including a list | "El Salvador's gangs – including MS-13 and Barrio 18" | P17 |
//! | facility or town in a place | "a prison in Tecoluca", "Tecoluca, San Vicente" | P131, P17 |
//! | based in | "Cristosal, based in San Salvador" | P159 |
//! | capital | "the capital San Salvador", "Lima, the capital of Peru" | P1376 |
//! | government | "the Nicolas Maduro government in Venezuela" | P6 |
//! | party members led by | "a Republican Party delegation ..., led by Matt Gaetz" | P102 |
//! | member of | "Gaetz, a member of the Republican Party" | P102, P463 |
//! | capacity | "built to hold 40,000 inmates" | P1083 |
//! | year | "Alien Enemies Act of 1798", "Cristosal, founded in 2000" | P571 |

use super::people::{appositive, from_country, government, led_by, member_of, title};
use super::verbs::subject_before;
use super::{Argument, Finder, Object, Predicate, Referent};
use crate::entity_type::EntityType;
use crate::lexicon::PlaceKind;
use crate::resolve::law_without_year;
use crate::segment::TokenKind;

/// Nouns of what a "built to hold N" counts.
const OCCUPANTS: &[&str] = &[
    "inmates",
    "prisoners",
    "people",
    "detainees",
    "patients",
    "students",
    "spectators",
    "fans",
    "passengers",
    "beds",
    "seats",
    "visitors",
    "refugees",
    "migrants",
    "guests",
    "troops",
    "soldiers",
    "persons",
    "children",
    "residents",
    "workers",
    "families",
];

/// Finds the pattern relations of one sentence.
pub(super) fn find(finder: &mut Finder<'_>, sentence: usize) {
    let range = finder.sentence_tokens(sentence);
    let mentions: Vec<usize> = {
        let mut seen: Vec<usize> = finder.mention_at[range.clone()]
            .iter()
            .flatten()
            .copied()
            .collect();
        seen.dedup();
        seen
    };
    for &m in &mentions {
        match finder.mention_type(m) {
            EntityType::Person => {
                title(finder, sentence, m);
                appositive(finder, sentence, m);
                from_country(finder, sentence, m);
            }
            EntityType::Organization => {
                country_before(finder, sentence, m);
                based_in(finder, sentence, m);
                founded_in(finder, sentence, m);
            }
            EntityType::Place => {
                if finder.place_kind(m).is_none() {
                    country_before(finder, sentence, m);
                }
                located_in(finder, sentence, m);
                capital(finder, sentence, m);
            }
            EntityType::Law => law_year(finder, sentence, m),
        }
        member_of(finder, sentence, m);
    }
    including(finder, sentence);
    government(finder, sentence);
    led_by(finder, sentence);
    capacity(finder, sentence);
}

/// Where a place named just before token `at` is: a demonym word, or a country or
/// subdivision mention, possibly possessive. Returns the place's argument, whether it is a
/// country, and the token where it starts.
pub(super) fn place_before(
    finder: &mut Finder<'_>,
    at: usize,
    start: usize,
) -> Option<(Argument, bool, usize)> {
    let mut end = at;
    if end > start && finder.is_possessive(end - 1) {
        end -= 1;
    }
    if end <= start {
        return None;
    }
    if let Some(m) = finder.mention_ending_before(end) {
        let kind = finder.place_kind(m)?;
        if !matches!(kind, PlaceKind::Country | PlaceKind::Subdivision) {
            return None;
        }
        let first = finder.mention_tokens[m].start;
        return Some((
            finder.mention_argument(m),
            kind == PlaceKind::Country,
            first,
        ));
    }
    let word = end - 1;
    if finder.mention_at[word].is_none() && finder.capitalised(word) && end == at {
        let place = finder.lexicon.demonym_index(finder.raw(word))?;
        let argument = finder.place_argument(place, finder.span(word));
        return Some((argument, true, word));
    }
    None
}

/// "the Venezuelan criminal organization Tren de Aragua", "US Republican Party",
/// "El Salvador's maximum-security Terrorism Confinement Centre".
fn country_before(finder: &mut Finder<'_>, sentence: usize, m: usize) {
    let start = finder.sentence_tokens(sentence).start;
    let first = finder.mention_tokens[m].start;
    let mut t = first;
    while t > start && first - t < 3 && descriptive(finder, t - 1) {
        t -= 1;
    }
    let Some((place, country, place_start)) = place_before(finder, t, start) else {
        return;
    };
    if !country {
        return;
    }
    // "Venezuela deported Tren de Aragua" is no modifier; a possessive or demonym is.
    let possessive = finder.is_possessive(t.saturating_sub(1));
    let adjacent = t == first;
    let demonym = finder.mention_at[place_start].is_none();
    if !(possessive || adjacent || demonym) {
        return;
    }
    let subject = finder.mention_argument(m);
    finder.state(subject, "P17", place, sentence, ("country-modifier", 0.8));
}

/// Whether token `t` is a lower-case word that can describe a name ("criminal",
/// "maximum-security"), not a verb or function word.
fn descriptive(finder: &Finder<'_>, t: usize) -> bool {
    let word = finder.word(t);
    finder.lowercase_word(t)
        && finder.mention_at[t].is_none()
        && !finder.lexicon.function_words.contains_folded(word)
        && finder.inventory.verb(word).is_empty()
        && (word.contains('-') || !word.ends_with("ed"))
        && !word.ends_with("ly")
}

/// "El Salvador's gangs – including the dreaded MS-13 and Barrio 18".
fn including(finder: &mut Finder<'_>, sentence: usize) {
    let range = finder.sentence_tokens(sentence);
    for t in range.clone() {
        if !matches!(finder.word(t), "including" | "notably" | "especially") {
            continue;
        }
        if finder.word(t) != "including" && finder.word(t + 1) != "including" {
            continue;
        }
        // Back over punctuation and the list's noun to "COUNTRY's".
        let mut b = t;
        while b > range.start && matches!(finder.word(b - 1), "," | "-" | "–" | "—" | "(") {
            b -= 1;
        }
        let mut noun = b;
        while noun > range.start && b - noun < 2 && descriptive(finder, noun - 1) {
            noun -= 1;
        }
        if noun == b || !finder.is_possessive(noun.saturating_sub(1)) {
            continue;
        }
        let Some((place, true, _)) = place_before(finder, noun, range.start) else {
            continue;
        };
        // The list: mentions joined by commas and "and", skipping adjectives.
        let mut i = t + 1;
        while i < range.end {
            if let Some(m) = finder.mention_starting_at(i) {
                let fits = finder.mention_type(m) == EntityType::Organization
                    || (finder.mention_type(m) == EntityType::Place
                        && finder.place_kind(m).is_none());
                if fits {
                    let subject = finder.mention_argument(m);
                    finder.state(subject, "P17", place, sentence, ("including-list", 0.7));
                }
                i = finder.mention_tokens[m].end;
                continue;
            }
            let word = finder.word(i);
            let adjective =
                finder.lowercase_word(i) && !finder.lexicon.function_words.contains_folded(word);
            if !(matches!(word, "," | "and" | "the" | "a" | "an") || adjective) {
                break;
            }
            i += 1;
        }
    }
}

/// "a prison in Tecoluca", "Tecoluca, San Vicente", "CECOT in El Salvador".
fn located_in(finder: &mut Finder<'_>, sentence: usize, m: usize) {
    let end = finder.sentence_tokens(sentence).end;
    let mut after = finder.mention_tokens[m].end;
    let kind = finder.place_kind(m);
    // "The Rikers Island jail complex in New York City": a facility's own nouns may follow.
    if kind.is_none() {
        let nouns = (after..(after + 2).min(end))
            .take_while(|&t| descriptive(finder, t))
            .count();
        if nouns > 0 && finder.word(after + nouns) == "in" {
            after += nouns;
        }
    }
    let (target, rule) = if finder.word(after) == "in" {
        let mut o = after + 1;
        if finder.word(o) == "the" {
            o += 1;
        }
        (finder.mention_starting_at(o), "place-in-place")
    } else if finder.word(after) == "," && matches!(kind, None | Some(PlaceKind::City)) {
        // "Tecoluca, San Vicente," — the second name must close the phrase.
        let target = finder.mention_starting_at(after + 1).filter(|&t| {
            let next = finder.mention_tokens[t].end;
            next >= end || matches!(finder.kind(next), Some(TokenKind::Punct))
        });
        (target, "place-comma-place")
    } else {
        (None, "")
    };
    let Some(target) = target else { return };
    if finder.mention_type(target) != EntityType::Place
        || finder.is_possessive(finder.mention_tokens[target].end)
    {
        return;
    }
    let target_kind = finder.place_kind(target);
    let (property, fits) = match target_kind {
        Some(PlaceKind::Country) => ("P17", kind != Some(PlaceKind::Country)),
        Some(PlaceKind::Subdivision | PlaceKind::City) => {
            ("P131", matches!(kind, None | Some(PlaceKind::City)))
        }
        _ => ("P131", kind.is_none() && rule == "place-in-place"),
    };
    if !fits {
        return;
    }
    let subject = finder.mention_argument(m);
    let object = finder.mention_argument(target);
    finder.push(
        subject,
        Predicate::shared_wikidata(property),
        Object::Entity(object),
        sentence,
        (rule, 0.7),
    );
}

/// "Cristosal, based in San Salvador", "Acme, which is headquartered in Lyon".
fn based_in(finder: &mut Finder<'_>, sentence: usize, m: usize) {
    let mut t = finder.mention_tokens[m].end;
    for skip in [",", "which", "is", "was", "who", "are"] {
        if finder.word(t) == skip {
            t += 1;
        }
    }
    if !matches!(finder.word(t), "based" | "headquartered") || finder.word(t + 1) != "in" {
        return;
    }
    let Some(place) = finder.mention_starting_at(t + 2) else {
        return;
    };
    if finder.mention_type(place) != EntityType::Place {
        return;
    }
    let subject = finder.mention_argument(m);
    let object = finder.mention_argument(place);
    finder.state(subject, "P159", object, sentence, ("based-in", 0.8));
}

/// "Cristosal, founded in 2000", "the party was founded in 1854".
fn founded_in(finder: &mut Finder<'_>, sentence: usize, m: usize) {
    let mut t = finder.mention_tokens[m].end;
    for skip in [",", "which", "was", "is", "were"] {
        if finder.word(t) == skip {
            t += 1;
        }
    }
    if !matches!(
        finder.word(t),
        "founded" | "established" | "created" | "formed"
    ) || finder.word(t + 1) != "in"
    {
        return;
    }
    if t + 2 >= finder.sentence_tokens(sentence).end {
        return; // "founded in" ends the sentence
    }
    let Some(year) = year_at(finder, t + 2) else {
        return;
    };
    let subject = finder.mention_argument(m);
    finder.push(
        subject,
        Predicate::shared_wikidata("P571"),
        Object::Year(year),
        sentence,
        ("founded-in", 0.8),
    );
}

/// "the capital San Salvador", "Lima, the capital of Peru", "Peru's capital, Lima".
fn capital(finder: &mut Finder<'_>, sentence: usize, m: usize) {
    if !matches!(finder.place_kind(m), Some(PlaceKind::City) | None) {
        return;
    }
    let start = finder.sentence_tokens(sentence).start;
    let first = finder.mention_tokens[m].start;
    let city = finder.mention_argument(m);
    let p1376 = Predicate::shared_wikidata("P1376");
    // "X, the capital of Y" / "X is the capital of Y".
    let after = finder.mention_tokens[m].end;
    let mut t = after;
    if matches!(finder.word(t), "," | "is" | "was") {
        t += 1;
        if finder.word(t) == "the" {
            t += 1;
        }
        if finder.word(t) == "capital" && finder.word(t + 1) == "of" {
            let mut o = t + 2;
            if finder.word(o) == "the" {
                o += 1;
            }
            if let Some(country) = finder
                .mention_starting_at(o)
                .filter(|&c| finder.place_kind(c) == Some(PlaceKind::Country))
            {
                let object = finder.mention_argument(country);
                finder.push(
                    city,
                    p1376,
                    Object::Entity(object),
                    sentence,
                    ("capital-of", 0.85),
                );
                return;
            }
        }
    }
    // "... capital(,) X": the word before the name (and an optional comma) is "capital".
    let mut c = first;
    if c > start && finder.word(c - 1) == "," {
        c -= 1;
    }
    if c > start && finder.word(c - 1) == "city" {
        c -= 1;
    }
    if c == start || finder.word(c - 1) != "capital" {
        return;
    }
    let capital_word = c - 1;
    // Whose capital: "Peru's capital", "the Peruvian capital", else the gazetteer.
    if let Some((country, true, _)) = place_before(finder, capital_word, start) {
        finder.push(
            city,
            p1376,
            Object::Entity(country),
            sentence,
            ("capital-apposition", 0.85),
        );
        return;
    }
    let name = city.span.of(finder.text);
    if let Some(country) = finder.lexicon.capital_of(name) {
        let argument = finder.place_argument(country, finder.span(capital_word));
        finder.push(
            city,
            p1376,
            Object::Entity(argument),
            sentence,
            ("capital-gazetteer", 0.8),
        );
    }
}

/// "built to hold 40,000 inmates", "a capacity of 2,000 prisoners".
fn capacity(finder: &mut Finder<'_>, sentence: usize) {
    let range = finder.sentence_tokens(sentence);
    for t in range.clone() {
        let word = finder.word(t);
        let stated = match word {
            "hold" | "house" | "accommodate" | "seat" => {
                matches!(finder.word(t.wrapping_sub(1)), "to" | "can" | "could")
            }
            "capacity" => matches!(finder.word(t + 1), "of" | "for"),
            _ => false,
        };
        if !stated {
            continue;
        }
        let mut n = t + 1 + usize::from(word == "capacity");
        while matches!(
            finder.word(n),
            "up" | "to" | "about" | "some" | "around" | "nearly" | "almost" | "roughly"
        ) {
            n += 1;
        }
        if finder.kind(n) != Some(TokenKind::Number) {
            continue;
        }
        let Some(value) = number(finder.raw(n), finder.word(n + 1)) else {
            continue;
        };
        let noun = if matches!(finder.word(n + 1), "million" | "thousand") {
            n + 2
        } else {
            n + 1
        };
        if !OCCUPANTS.contains(&finder.word(noun)) {
            continue;
        }
        // The facility: named before ("The prison, built to hold"), or after a sentence
        // that opens with the phrase ("Able to hold 40,000 inmates ..., the CECOT is").
        let subject = match subject_before(finder, t, range.start, sentence) {
            Some((argument, _)) => Some(argument),
            None => facility_after(finder, noun + 1, range.end, sentence),
        };
        let Some(subject) = subject else { continue };
        let is_facility = finder
            .entities
            .entities
            .get(subject.entity)
            .is_some_and(|e| e.entity_type == EntityType::Place && e.place.is_none());
        if is_facility {
            finder.push(
                subject,
                Predicate::shared_wikidata("P1083"),
                Object::Quantity(value),
                sentence,
                ("capacity", 0.8),
            );
        }
    }
}

/// The first facility named after token `from` in the sentence.
fn facility_after(
    finder: &Finder<'_>,
    from: usize,
    end: usize,
    sentence: usize,
) -> Option<Argument> {
    (from..end).find_map(|t| {
        if let Some(m) = finder.mention_starting_at(t) {
            return finder
                .fits(m, Referent::Facility)
                .then(|| finder.mention_argument(m));
        }
        if finder.word(t) == "the"
            && super::referent_of(finder.word(t + 1)) == Some(Referent::Facility)
        {
            return finder.resolve_reference(t, t + 1, sentence);
        }
        None
    })
}

/// A law's year: "Alien Enemies Act of 1798".
fn law_year(finder: &mut Finder<'_>, sentence: usize, m: usize) {
    let argument = finder.mention_argument(m);
    let name = crate::lexicon::fold(argument.span.of(finder.text));
    if let (_, Some(year)) = law_without_year(&name) {
        finder.push(
            argument,
            Predicate::shared_wikidata("P571"),
            Object::Year(year),
            sentence,
            ("law-year", 0.9),
        );
    }
}

/// A year at token `t`.
fn year_at(finder: &Finder<'_>, t: usize) -> Option<u16> {
    let year: u16 = finder.raw(t).parse().ok()?;
    (1000..=2999).contains(&year).then_some(year)
}

/// "40,000" -> 40000; "1.5" "million" -> 1500000.
fn number(digits: &str, next: &str) -> Option<u64> {
    let plain: String = digits.chars().filter(|c| *c != ',').collect();
    let multiplier = match next {
        "million" => 1_000_000.0,
        "thousand" => 1_000.0,
        _ => 1.0,
    };
    let value: f64 = plain.parse().ok()?;
    let value = value * multiplier;
    (value.fract() == 0.0 && value > 0.0 && value < 1e15).then_some(value as u64)
}

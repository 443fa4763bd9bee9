//! Relations of people stated by the shape of a phrase: titles before a name (position
//! held, military rank, citizenship, head of government, employer, party), appositives
//! ("X, the president of Y"), demonyms and "X from Y" (citizenship), "the X government in Y"
//! (head of government), "... led by X" and "X, a member of Y" (party, member of).

use super::patterns::place_before;
use super::{Finder, Object, Position, Predicate};
use crate::entity_type::EntityType;
use crate::lexicon::PlaceKind;
use crate::segment::TokenKind;
use crate::span::Span;

/// Titles that are honorifics, not positions.
const HONORIFICS: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "dr",
    "dr.",
    "sir",
    "dame",
    "lady",
    "lord",
    "madam",
    "mx",
    "prof",
    "prof.",
    "professor",
    "rev",
    "rev.",
    "reverend",
    "st",
    "st.",
    "saint",
    "father",
    "brother",
    "sister",
    "mother",
    "fr",
    "fr.",
    "doctor",
    "sheikh",
    "imam",
    "rabbi",
    "pastor",
];

/// Last words of military ranks: a rank is `wdt:P410`, not a position held.
const MILITARY_RANKS: &[&str] = &[
    "admiral",
    "general",
    "brigadier",
    "colonel",
    "major",
    "captain",
    "lieutenant",
    "sergeant",
    "corporal",
    "private",
    "commodore",
    "ensign",
    "marshal",
    "commander",
    "col",
    "capt",
    "gen",
    "lt",
    "sgt",
    "maj",
    "cpl",
    "brig",
    "adm",
    "cmdr",
];

/// Titles of heads of government.
const HEADS_OF_GOVERNMENT: &[&str] = &["prime minister", "premier", "chancellor", "taoiseach"];

/// Words before a title that qualify it without being part of it.
const TITLE_MODIFIERS: &[&str] = &[
    "then", "former", "late", "acting", "interim", "outgoing", "incoming", "ex", "current",
];

/// "Argentine Security Minister Patricia Bullrich", "then Congressman Matt Gaetz".
pub(super) fn title(finder: &mut Finder<'_>, sentence: usize, m: usize) {
    let start = finder.sentence_tokens(sentence).start;
    let first = finder.mention_tokens[m].start;
    let mut t = first;
    let mut words: Vec<usize> = Vec::new();
    while t > start {
        let prev = t - 1;
        if finder.mention_at[prev].is_some()
            || finder.kind(prev) != Some(TokenKind::Word)
                && finder.kind(prev) != Some(TokenKind::Abbreviation)
        {
            break;
        }
        let word = finder.word(prev);
        if TITLE_MODIFIERS.contains(&word) {
            t = prev;
            continue;
        }
        let is_title = finder.lexicon.titles.contains_folded(word);
        let modifier = !words.is_empty()
            && finder.capitalised(prev)
            && finder.lexicon.demonym_index(word).is_none()
            && !finder.lexicon.function_words.contains_folded(word);
        if !(is_title || modifier) {
            break;
        }
        words.push(prev);
        t = prev;
    }
    words.reverse();
    // The title must end in a title word, right before the name (modifiers aside).
    let Some(&last) = words.last() else { return };
    if !finder.lexicon.titles.contains_folded(finder.word(last)) {
        return;
    }
    let phrase = words
        .iter()
        .map(|&w| finder.word(w))
        .collect::<Vec<_>>()
        .join(" ");
    if HONORIFICS.contains(&phrase.as_str()) {
        return;
    }
    let title: Vec<String> = words.iter().map(|&w| capitalise(finder.raw(w))).collect();
    let title = title.join(" ");
    let title_start = words[0];
    let person = finder.mention_argument(m);
    // What stands before the title: a demonym, a place, an organisation.
    let mut jurisdiction = None;
    if let Some((place, country, _)) = place_before(finder, t.min(title_start), start) {
        jurisdiction = Some(place);
        if country {
            finder.state(person, "P27", place, sentence, ("title-nationality", 0.75));
            if HEADS_OF_GOVERNMENT.iter().any(|h| phrase.ends_with(h)) {
                finder.state(place, "P6", person, sentence, ("title", 0.8));
            }
        }
    } else {
        let mut end = t.min(title_start);
        if end > start && finder.is_possessive(end - 1) {
            end -= 1;
        }
        if let Some(org) = finder
            .mention_ending_before(end)
            .filter(|&o| finder.mention_type(o) == EntityType::Organization)
        {
            let argument = finder.mention_argument(org);
            let property = if finder.is_party(org) { "P102" } else { "P108" };
            let p = Predicate::shared_wikidata(property);
            finder.push(
                person,
                p,
                Object::Entity(argument),
                sentence,
                ("title-organisation", 0.75),
            );
        }
    }
    let mut subject = person;
    subject.span = Span::new(finder.span(title_start).start, person.span.end);
    // "Major General" is a rank, "Attorney General" is not.
    let is_rank = |w: usize| MILITARY_RANKS.contains(&finder.word(w).trim_end_matches('.'));
    let rank = is_rank(last)
        && finder.capitalised(last)
        && (finder.word(last) != "general" || words.len() == 1 || is_rank(words[words.len() - 2]));
    let (property, position) = if rank {
        let position = Position {
            label: title,
            jurisdiction: None,
        };
        ("P410", position)
    } else {
        let label = match jurisdiction {
            Some(place) => format!("{title} of {}", finder.label(place)),
            None => title,
        };
        let position = Position {
            label,
            jurisdiction,
        };
        ("P39", position)
    };
    finder.push(
        subject,
        Predicate::shared_wikidata(property),
        Object::Position(position),
        sentence,
        ("title", 0.85),
    );
}

/// "Nayib Bukele, the president of El Salvador", "Ana Pérez, a spokeswoman for Cristosal".
pub(super) fn appositive(finder: &mut Finder<'_>, sentence: usize, m: usize) {
    let end = finder.sentence_tokens(sentence).end;
    let mut t = finder.mention_tokens[m].end;
    if finder.word(t) != "," {
        return;
    }
    t += 1;
    if matches!(finder.word(t), "the" | "a" | "an") {
        t += 1;
    }
    let title_start = t;
    while t < end
        && finder.mention_at[t].is_none()
        && (finder.lexicon.titles.contains_folded(finder.word(t))
            || finder.lexicon.person_roles.contains_folded(finder.word(t))
            || (finder.capitalised(t) && finder.lexicon.demonym_index(finder.word(t)).is_none()))
    {
        t += 1;
    }
    if t == title_start || !matches!(finder.word(t), "of" | "for" | "at") {
        return;
    }
    let head = t - 1;
    let is_title = finder.lexicon.titles.contains_folded(finder.word(head));
    let mut o = t + 1;
    if finder.word(o) == "the" {
        o += 1;
    }
    let Some(target) = finder.mention_starting_at(o) else {
        return;
    };
    if finder.is_possessive(finder.mention_tokens[target].end) {
        return;
    }
    let person = finder.mention_argument(m);
    let argument = finder.mention_argument(target);
    let kind = finder.place_kind(target);
    match finder.mention_type(target) {
        EntityType::Place
            if is_title && matches!(kind, Some(PlaceKind::Country | PlaceKind::Subdivision)) =>
        {
            let title: Vec<String> = (title_start..t)
                .map(|w| capitalise(finder.raw(w)))
                .collect();
            let position = Position {
                label: format!("{} of {}", title.join(" "), finder.label(argument)),
                jurisdiction: Some(argument),
            };
            let p39 = Predicate::shared_wikidata("P39");
            finder.push(
                person,
                p39,
                Object::Position(position),
                sentence,
                ("appositive-title", 0.8),
            );
        }
        EntityType::Organization if !finder.is_party(target) => {
            finder.state(
                person,
                "P108",
                argument,
                sentence,
                ("appositive-role", 0.75),
            );
        }
        _ => {}
    }
}

/// "Mexican YouTuber Luisito Comunica", "Venezuelan Nicolas Maduro" (titles are handled by
/// [`title`]).
pub(super) fn from_country(finder: &mut Finder<'_>, sentence: usize, m: usize) {
    let range = finder.sentence_tokens(sentence);
    let first = finder.mention_tokens[m].start;
    let person = finder.mention_argument(m);
    // Demonym, then at most two role words, then the name.
    let mut t = first;
    while t > range.start
        && first - t < 2
        && finder.mention_at[t - 1].is_none()
        && finder
            .lexicon
            .person_roles
            .contains_folded(finder.word(t - 1))
    {
        t -= 1;
    }
    if t > range.start
        && finder.mention_at[t - 1].is_none()
        && finder.capitalised(t - 1)
        && let Some(place) = finder.lexicon.demonym_index(finder.raw(t - 1))
    {
        {
            let argument = finder.place_argument(place, finder.span(t - 1));
            finder.state(person, "P27", argument, sentence, ("demonym", 0.75));
        }
    }
    // "Lethal Crysis from Spain".
    let after = finder.mention_tokens[m].end;
    if finder.word(after) == "from"
        && let Some(place) = finder.mention_starting_at(after + 1)
        && finder.place_kind(place) == Some(PlaceKind::Country)
        && !finder.is_possessive(finder.mention_tokens[place].end)
    {
        let argument = finder.mention_argument(place);
        finder.state(person, "P27", argument, sentence, ("from-country", 0.7));
    }
}

/// "the Nicolas Maduro government in Venezuela", "Venezuela's Maduro government".
pub(super) fn government(finder: &mut Finder<'_>, sentence: usize) {
    let range = finder.sentence_tokens(sentence);
    for t in range.clone() {
        if !matches!(
            finder.word(t),
            "government" | "administration" | "regime" | "cabinet"
        ) {
            continue;
        }
        // "the Maduro government", "Ruto's government".
        let owner_end = if finder.is_possessive(t.wrapping_sub(1)) {
            t - 1
        } else {
            t
        };
        let Some(person) = finder
            .mention_ending_before(owner_end)
            .filter(|&p| finder.mention_type(p) == EntityType::Person)
        else {
            continue;
        };
        let leader = finder.mention_argument(person);
        let first = finder.mention_tokens[person].start;
        let country = if matches!(finder.word(t + 1), "in" | "of") {
            let mut o = t + 2;
            if finder.word(o) == "the" {
                o += 1;
            }
            finder
                .mention_starting_at(o)
                .filter(|&c| finder.place_kind(c) == Some(PlaceKind::Country))
                .map(|c| finder.mention_argument(c))
        } else {
            None
        };
        let country = match country {
            Some(c) => Some(c),
            None => place_before(finder, first, range.start)
                .filter(|(_, country, _)| *country)
                .map(|(c, _, _)| c),
        };
        if let Some(country) = country {
            finder.state(country, "P6", leader, sentence, ("government-of", 0.8));
        }
    }
}

/// "A US Republican Party delegation ..., led by then Congressman Matt Gaetz".
pub(super) fn led_by(finder: &mut Finder<'_>, sentence: usize) {
    let range = finder.sentence_tokens(sentence);
    for t in range.clone() {
        if !(matches!(finder.word(t), "led" | "headed") && finder.word(t + 1) == "by") {
            continue;
        }
        let mut p = t + 2;
        while p < range.end
            && finder.mention_at[p].is_none()
            && (TITLE_MODIFIERS.contains(&finder.word(p))
                || finder.lexicon.titles.contains_folded(finder.word(p))
                || finder.capitalised(p))
        {
            p += 1;
        }
        let Some(person) = finder
            .mention_starting_at(p)
            .filter(|&m| finder.mention_type(m) == EntityType::Person)
        else {
            continue;
        };
        let leader = finder.mention_argument(person);
        // Parties named earlier in the same clause.
        let mut b = t;
        let mut parties = Vec::new();
        while b > range.start {
            b -= 1;
            let word = finder.word(b);
            if matches!(word, ";" | ":" | "that" | "which" | "who" | "while") {
                break;
            }
            if let Some(m) = finder.mention_at[b]
                && finder.is_party(m)
                && !parties.contains(&m)
            {
                parties.push(m);
            }
        }
        for party in parties {
            let object = finder.mention_argument(party);
            finder.state(leader, "P102", object, sentence, ("party-led-by", 0.75));
        }
    }
}

/// "Gaetz, a member of the Republican Party", "Matt Gaetz of the Republican Party".
pub(super) fn member_of(finder: &mut Finder<'_>, sentence: usize, m: usize) {
    let end = finder.sentence_tokens(sentence).end;
    let after = finder.mention_tokens[m].end;
    let mut t = after;
    let explicit = if finder.word(t) == ","
        && matches!(finder.word(t + 1), "a" | "an" | "the")
        && finder.word(t + 2) == "member"
        && finder.word(t + 3) == "of"
    {
        t += 4;
        true
    } else if finder.word(t) == "of" && finder.mention_type(m) == EntityType::Person {
        t += 1;
        false
    } else {
        return;
    };
    if finder.word(t) == "the" {
        t += 1;
    }
    if t >= end {
        return;
    }
    let Some(org) = finder
        .mention_starting_at(t)
        .filter(|&o| finder.mention_type(o) == EntityType::Organization)
    else {
        return;
    };
    let party = finder.is_party(org);
    if !(party || explicit) || finder.is_possessive(finder.mention_tokens[org].end) {
        return;
    }
    let property = if party && finder.mention_type(m) == EntityType::Person {
        "P102"
    } else {
        "P463"
    };
    let subject = finder.mention_argument(m);
    let object = finder.mention_argument(org);
    finder.state(subject, property, object, sentence, ("member-of", 0.8));
}

/// "president" -> "President"; words already capitalised stay as written.
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

//! Event relations stated by a verb of the inventory: "SUBJECT VERB OBJECT", "OBJECT was
//! VERB-ed by SUBJECT", "SUBJECT's NOUN of OBJECT", "the NOUN of OBJECT by SUBJECT".
//!
//! The subject is the nearest entity before the verb in its clause (skipping auxiliaries,
//! adverbs and appositives; never one inside a prepositional phrase or a possessive), the
//! object the first entity after it in the same noun phrase ("deported alleged members of
//! the criminal organization Tren de Aragua"). A verb that is negated, modal, infinitive,
//! conditional or in a question states nothing.

use super::{Argument, Finder, Object};
use crate::segment::TokenKind;
use crate::span::Span;
use std::ops::Range;

/// Words between a subject and its verb that leave the clause intact.
const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "being",
    "did",
    "does",
    "do",
    "also",
    "then",
    "now",
    "later",
    "previously",
    "recently",
    "reportedly",
    "allegedly",
    "already",
    "once",
    "again",
    "first",
    "last",
    "since",
    "yet",
    "still",
    "just",
    "formally",
    "officially",
    "personally",
    "publicly",
    "repeatedly",
    "subsequently",
    "ultimately",
];

/// Words that make a verb state nothing: negations, denials, modals, intentions.
const UNASSERTED: &[&str] = &[
    "not",
    "never",
    "no",
    "neither",
    "nor",
    "didn't",
    "doesn't",
    "don't",
    "isn't",
    "wasn't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    "won't",
    "wouldn't",
    "can't",
    "cannot",
    "couldn't",
    "shouldn't",
    "deny",
    "denies",
    "denied",
    "denying",
    "refused",
    "refuses",
    "declined",
    "declines",
    "would",
    "could",
    "might",
    "may",
    "should",
    "will",
    "can",
    "shall",
    "must",
    "plans",
    "planned",
    "wants",
    "wanted",
    "hopes",
    "hoped",
    "intends",
    "intended",
    "offered",
    "offers",
    "promised",
    "promises",
    "threatened",
    "threatens",
    "tried",
    "tries",
    "sought",
    "seeks",
    "considering",
    "considered",
    "if",
    "whether",
    "unless",
    "falsely",
];

/// Words that end a clause when scanning for a subject or object.
const CLAUSE_BREAKS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "while", "although", "though", "because", "after",
    "before", "when", "if", "whether", "as", "and", "but", "or", "since", "unless", "until",
    "where", "so", "than",
];

/// Prepositions: an entity right after one is inside a prepositional phrase.
const PREPOSITIONS: &[&str] = &[
    "of",
    "for",
    "from",
    "with",
    "to",
    "in",
    "at",
    "on",
    "against",
    "about",
    "by",
    "into",
    "under",
    "over",
    "between",
    "among",
    "toward",
    "towards",
    "through",
    "during",
    "without",
    "within",
    "across",
    "behind",
    "near",
    "like",
    "via",
    "per",
    "including",
    "despite",
];

/// Personal pronouns and determiners that end an object search: the object is not named.
const PRONOUNS: &[&str] = &[
    "him",
    "her",
    "them",
    "it",
    "us",
    "me",
    "you",
    "himself",
    "herself",
    "themselves",
    "itself",
    "he",
    "she",
    "they",
    "we",
    "i",
];

/// Finds the verb and nominal relations of one sentence.
pub(super) fn find(finder: &mut Finder<'_>, sentence: usize) {
    let range = finder.sentence_tokens(sentence);
    let question = range
        .clone()
        .last()
        .is_some_and(|last| finder.word(last) == "?");
    if question {
        return;
    }
    for i in range.clone() {
        if finder.mention_at[i].is_some() || finder.kind(i) != Some(TokenKind::Word) {
            continue;
        }
        if !finder.lowercase_word(i) && i != range.start {
            continue;
        }
        verb(finder, sentence, i);
        nominal(finder, sentence, i);
    }
}

/// A verb of the inventory at token `i`.
fn verb(finder: &mut Finder<'_>, sentence: usize, i: usize) {
    let range = finder.sentence_tokens(sentence);
    let inventory = finder.inventory;
    let Some((form, after)) = inventory.verb(finder.word(i)).iter().find_map(|form| {
        let matches = form
            .particles
            .iter()
            .enumerate()
            .all(|(k, p)| i + 1 + k < range.end && finder.word(i + 1 + k) == p);
        matches.then(|| {
            let after = i + 1 + form.particles.len();
            (form, after)
        })
    }) else {
        return;
    };
    if finder.word(i.wrapping_sub(1)) == "to" && !form.participle {
        return; // an infinitive: "offered to incarcerate them"
    }
    let be = previous_auxiliary(finder, i, range.start);
    let gerund = finder.word(i).ends_with("ing");
    if gerund {
        // "a founding member", "toured Europe supporting Iggy Pop": no clause of its own.
        // A gerund states a relation after "is" or opening a clause after a comma.
        let previous = finder.word(i.wrapping_sub(1));
        if !(be || previous == ",") {
            return;
        }
    }
    if form.participle && (be || finder.word(after) == "by") {
        // Passive: "X was deported by Y", "X, deported by Y".
        if finder.word(after) != "by" {
            return;
        }
        let Some(agent) = object_after(finder, after + 1, range.end, sentence) else {
            return;
        };
        let Some((patient, start)) = subject_before(finder, i, range.start, sentence) else {
            return;
        };
        if unasserted(finder, range.start, start, i) {
            return;
        }
        let rule = ("verb-passive", 0.7);
        finder.push(
            agent,
            form.predicate.clone(),
            Object::Entity(patient),
            sentence,
            rule,
        );
        return;
    }
    let Some(object) = object_after(finder, after, range.end, sentence) else {
        return;
    };
    let Some((subject, start)) = subject_before(finder, i, range.start, sentence) else {
        return;
    };
    if unasserted(finder, range.start, start, i) {
        return;
    }
    // Only auxiliaries and adverbs between subject and verb: the surest shape.
    let subject_end = (start..i)
        .find(|&t| finder.span(t).start >= subject.span.end)
        .unwrap_or(i);
    let adjacent = (subject_end..i).all(|t| {
        let word = finder.word(t);
        AUXILIARIES.contains(&word) || word.ends_with("ly")
    });
    let rule = ("verb-active", if adjacent { 0.8 } else { 0.65 });
    finder.push(
        subject,
        form.predicate.clone(),
        Object::Entity(object),
        sentence,
        rule,
    );
}

/// A nominalisation at token `i`: "Trump's invocation of the Act", "the deportation of
/// gang members by the administration".
fn nominal(finder: &mut Finder<'_>, sentence: usize, i: usize) {
    let range = finder.sentence_tokens(sentence);
    let nominals = finder.inventory.nominal(finder.word(i)).to_vec();
    for (predicate, preposition) in nominals {
        if finder.word(i + 1) != preposition {
            continue;
        }
        let Some(object) = object_after(finder, i + 2, range.end, sentence) else {
            continue;
        };
        // "X's NOUN", with at most one word between ("Trump's controversial invocation").
        let owner = (i.saturating_sub(3)..i).rev().find_map(|p| {
            let owner = finder.mention_ending_before(p)?;
            (finder.is_possessive(p) && p + 2 >= i).then_some(owner)
        });
        let subject = match owner {
            Some(m) => Some(finder.mention_argument(m)),
            None => by_agent(finder, object, i + 2..range.end),
        };
        let Some(subject) = subject else { continue };
        if unasserted(finder, range.start, range.start, i) {
            continue;
        }
        finder.push(
            subject,
            predicate,
            Object::Entity(object),
            sentence,
            ("nominal", 0.7),
        );
        return;
    }
}

/// "... by X" right after the object of a nominalisation, which starts in `tokens`.
fn by_agent(finder: &Finder<'_>, object: Argument, tokens: Range<usize>) -> Option<Argument> {
    // Only the object's own tokens come before it: `tokens` starts at or before the object,
    // never at the start of the document.
    let after = tokens
        .clone()
        .find(|&t| finder.span(t).start >= object.span.end)?;
    if finder.word(after) != "by" {
        return None;
    }
    let m = finder.mention_starting_at(after + 1)?;
    Some(finder.mention_argument(m))
}

/// Whether the words before verb `i` (back to `start`, skipping adverbs) end in a form
/// of "be": the verb is then a passive participle.
fn previous_auxiliary(finder: &Finder<'_>, i: usize, start: usize) -> bool {
    let mut t = i;
    while t > start {
        t -= 1;
        let word = finder.word(t);
        if matches!(
            word,
            "was" | "were" | "is" | "are" | "be" | "been" | "being" | "got"
        ) {
            return true;
        }
        if !(word.ends_with("ly") || AUXILIARIES.contains(&word)) {
            return false;
        }
    }
    false
}

/// Whether anything between token `start` and verb `verb` (in the sentence that begins at
/// token `sentence_start`) negates or hedges it.
fn unasserted(finder: &Finder<'_>, sentence_start: usize, start: usize, verb: usize) -> bool {
    // A denial or condition just before the subject ("denied that he met ...") counts too.
    let from = start.saturating_sub(4).max(sentence_start);
    (from..verb).any(|t| UNASSERTED.contains(&finder.word(t)))
}

/// The subject of the verb at token `verb`: the nearest entity before it in the clause.
/// Returns the argument and the token where it starts.
pub(super) fn subject_before(
    finder: &mut Finder<'_>,
    verb: usize,
    start: usize,
    sentence: usize,
) -> Option<(Argument, usize)> {
    let mut t = verb;
    let mut budget = 14;
    while t > start && budget > 0 {
        t -= 1;
        budget -= 1;
        if let Some(m) = finder.mention_at[t] {
            let first = finder.mention_tokens[m].start;
            let last = finder.mention_tokens[m].end;
            if finder.is_possessive(last) {
                return None; // "Bukele's justice minister said": the minister speaks
            }
            let head = title_chain_start(finder, first, start);
            let before = head.checked_sub(1).map_or("", |b| finder.word(b));
            let led_by =
                before == "by" && matches!(finder.word(head.wrapping_sub(2)), "led" | "headed");
            if PREPOSITIONS.contains(&before) && !led_by {
                t = head;
                continue; // inside "from the House of Representatives": keep looking
            }
            return Some((finder.mention_argument(m), first));
        }
        let word = finder.word(t);
        if matches!(word, "he" | "she") {
            return finder.resolve_reference(t, t, sentence).map(|a| (a, t));
        }
        if matches!(word, "government" | "authorities" | "administration")
            && t > start
            && finder.mention_at[t - 1].is_none()
            && let Some(place) = finder.lexicon.demonym_index(finder.raw(t - 1))
        {
            // "The Indian government invoked ...": the country acts.
            let span = Span::new(finder.span(t - 1).start, finder.span(t).end);
            return Some((finder.place_argument(place, span), t - 1));
        }
        if word == "the" {
            continue;
        }
        if super::referent_of(word).is_some() && finder.word(t.wrapping_sub(1)) == "the" {
            // "The group", "the prison" as a subject.
            if let Some(argument) = finder.resolve_reference(t - 1, t, sentence) {
                return Some((argument, t - 1));
            }
        }
        if CLAUSE_BREAKS.contains(&word) || PRONOUNS.contains(&word) {
            return None;
        }
        if finder.kind(t) == Some(TokenKind::Punct) && !matches!(word, "," | "'" | "\"") {
            return None;
        }
    }
    None
}

/// Where the titles before a name begin ("then Congressman" in "led by then Congressman
/// Matt Gaetz"); `first` itself when there are none.
fn title_chain_start(finder: &Finder<'_>, first: usize, start: usize) -> usize {
    let mut head = first;
    while head > start {
        let word = finder.word(head - 1);
        let title = finder.lexicon.titles.contains_folded(word)
            || (finder.capitalised(head - 1)
                && finder.mention_at[head - 1].is_none()
                && head < first);
        if !(title || matches!(word, "then" | "former")) {
            break;
        }
        head -= 1;
    }
    head
}

/// The object starting at token `from`: the first entity of the noun phrase there.
pub(super) fn object_after(
    finder: &Finder<'_>,
    from: usize,
    end: usize,
    sentence: usize,
) -> Option<Argument> {
    let mut t = from;
    let mut budget = 10;
    let mut seen_of = false;
    while t < end && budget > 0 {
        if let Some(m) = finder.mention_starting_at(t) {
            let last = finder.mention_tokens[m].end;
            if finder.is_possessive(last) {
                return None; // "praised Bukele's policies": the object is the policies
            }
            return Some(finder.mention_argument(m));
        }
        let word = finder.word(t);
        if matches!(word, "the" | "this" | "that")
            && let Some(head) =
                (t + 1..(t + 3).min(end)).find(|&h| super::referent_of(finder.word(h)).is_some())
            && (t + 1..head).all(|w| finder.lowercase_word(w))
            && !matches!(finder.word(head + 1), "of")
        {
            return finder.resolve_reference(t, head, sentence);
        }
        if word == "of" {
            if seen_of {
                return None;
            }
            seen_of = true;
        } else if PREPOSITIONS.contains(&word)
            || CLAUSE_BREAKS.contains(&word)
            || PRONOUNS.contains(&word)
            || AUXILIARIES.contains(&word)
            || (finder.kind(t) == Some(TokenKind::Punct) && !matches!(word, "'" | "\"" | "-"))
            || word.ends_with("ing")
            || !finder.inventory.verb(word).is_empty()
            || finder.kind(t) == Some(TokenKind::Possessive)
        {
            return None;
        }
        t += 1;
        budget -= 1;
    }
    None
}

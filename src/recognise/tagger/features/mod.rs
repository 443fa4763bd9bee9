//! What the tagger sees of each token: hashed features, and the stretches of tokens
//! (candidate runs) it tags at all.
//!
//! **Candidate runs.** Names in edited English text contain a capital letter or a digit
//! next to one, or are proposed by a rule, joined by a few lower-case connectors ("Bank
//! *of the* West", "Tren *de* Aragua"). Only maximal runs of such tokens inside one
//! sentence are tagged; every other token is `O` without being scored, which is most of
//! the tokens of any text and most of the tagger's cost. Training uses the same runs.
//!
//! **Features** (each a 64-bit hash of a template number and a string, so a model is a
//! table of hashes and needs no vocabulary): the word as written and folded, its
//! shape, prefixes and suffixes; the words and shapes around it; where it is in the
//! sentence; whether its line is in capitals or looks like a table row; membership of
//! the token and its neighbours in every embedded lexicon (given names, surnames,
//! countries, cities, regions, demonyms, head words, titles, ...), multi-word place names;
//! what the rule recogniser and the law recogniser propose for it (tag, rule and
//! strength); and, from the whole document, whether the word also appears in lower case
//! or capitalised inside a sentence.

mod hash;
mod lexicon_index;

pub use hash::shape;
pub use lexicon_index::LexiconIndex;

use super::tags::{self, Part};
use crate::entity_type::EntityType;
use crate::lexicon::Lexicon;
use crate::recognise::Recognition;
use crate::segment::{Segmented, TokenKind};
use hash::{Hash, NO_SHAPE, shape_hash};
use lexicon_index::{LAW_HEAD, LISTS, ORG_HEAD, PLACE_HEAD, PLACE_START, place_kind};
use rustc_hash::FxHashSet;
use std::ops::Range;

/// Whether a lower-case word may join the capitalised parts of one name.
fn is_connector(fold: &str) -> bool {
    matches!(
        fold,
        "&" | "-"
            | "'"
            | "."
            | "al"
            | "and"
            | "bin"
            | "da"
            | "das"
            | "de"
            | "del"
            | "della"
            | "der"
            | "des"
            | "di"
            | "do"
            | "dos"
            | "du"
            | "el"
            | "for"
            | "ibn"
            | "in"
            | "la"
            | "las"
            | "le"
            | "los"
            | "of"
            | "on"
            | "the"
            | "upon"
            | "van"
            | "von"
            | "y"
            | "zu"
    )
}

/// Whether a lower-case word starts a cited provision when a number or a bracket follows
/// ("section 302", "sub-clause (viii)").
fn is_provision(fold: &str) -> bool {
    matches!(
        fold,
        "article"
            | "articles"
            | "chapter"
            | "clause"
            | "clauses"
            | "item"
            | "order"
            | "para"
            | "paragraph"
            | "proviso"
            | "regulation"
            | "rule"
            | "rules"
            | "s"
            | "schedule"
            | "sec"
            | "section"
            | "sections"
            | "sub-clause"
            | "sub-rule"
            | "sub-section"
            | "subsection"
            | "u/s"
    )
}

/// One stretch of tokens the tagger decodes as a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Its tokens (indexes into [`Segmented::tokens`]).
    pub tokens: Range<usize>,
    /// Its sentence.
    pub sentence: usize,
}

/// The candidate runs of a text and the features of each of their tokens.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// The runs, in text order.
    pub runs: Vec<Run>,
    /// Feature hashes of every run token, in order.
    hashes: Vec<u64>,
    /// Where each run token's hashes start in `hashes` (one more entry than run tokens).
    starts: Vec<u32>,
}

impl Features {
    /// The feature hashes of the `n`th run token (counting through all runs in order).
    pub fn of(&self, n: usize) -> &[u64] {
        &self.hashes[self.starts[n] as usize..self.starts[n + 1] as usize]
    }

    /// How many run tokens there are.
    pub fn token_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Forgets every run and feature, keeping the room they took.
    pub fn clear(&mut self) {
        self.runs.clear();
        self.hashes.clear();
        self.starts.clear();
        self.starts.push(0);
    }
}

/// What the features of a token and of its neighbours read of it, computed once.
#[derive(Clone, Copy, Default)]
struct Info {
    /// Hash of its [`shape`].
    shape: u64,
    /// One bit per word list of [`phrase_sets`] it is in; bits 20-23 its gazetteer place
    /// kind plus one; bit 24 set when it is a demonym.
    lexicons: u32,
}

/// Whether token `i` is the first word of `sentence`: first, or after one opening mark
/// (a quote, a bracket).
pub(super) fn first_in_sentence(segmented: &Segmented, sentence: &Range<usize>, i: usize) -> bool {
    i == sentence.start
        || (i == sentence.start + 1 && segmented.tokens[sentence.start].kind == TokenKind::Punct)
}

/// How many upper-case and lower-case letters `word` has.
fn letters(word: &str) -> (usize, usize) {
    let (mut upper, mut lower) = (0, 0);
    if word.is_ascii() {
        for b in word.bytes() {
            upper += usize::from(b.is_ascii_uppercase());
            lower += usize::from(b.is_ascii_lowercase());
        }
    } else {
        for c in word.chars() {
            upper += usize::from(c.is_uppercase());
            lower += usize::from(c.is_lowercase());
        }
    }
    (upper, lower)
}

/// What one recogniser proposes for a token: its tag in the mention, and which mention.
#[derive(Clone, Copy)]
struct Proposal {
    tag: u8,
    mention: u32,
}

/// What the features of a token see of its sentence, made a sentence at a time (a table
/// for every token of a long document took 24 bytes a token). The buffers are kept from
/// one sentence to the next, so that a document allocates them once.
#[derive(Default)]
struct Sentence {
    /// Its tokens.
    tokens: Range<usize>,
    /// What the rule recogniser proposes for each token.
    rules: Vec<Option<Proposal>>,
    /// What the law recogniser proposes for each token.
    laws: Vec<Option<Proposal>>,
    /// Whether each token has a capital letter.
    capital: Vec<bool>,
    /// What the whole line looks like.
    line: Line,
    /// Its candidate runs.
    runs: Vec<Range<usize>>,
    /// Which tokens are in a run, and which were candidates before connectors joined
    /// them ([`Pass::runs`]' working).
    marked: Vec<bool>,
    candidate: Vec<bool>,
    /// Multi-word place names over the tokens.
    places: Vec<Option<(u8, &'static str)>>,
    /// Each token's [`Info`] (filled for run tokens and two either side).
    infos: Vec<Info>,
    /// Which tokens' `infos` are filled.
    done: Vec<bool>,
}

impl Sentence {
    /// What the rules propose for token `i` of the sentence.
    fn rule(&self, i: usize) -> Option<Proposal> {
        self.rules[i - self.tokens.start]
    }

    /// What the laws propose for token `i` of the sentence.
    fn law(&self, i: usize) -> Option<Proposal> {
        self.laws[i - self.tokens.start]
    }

    /// Whether token `i` of the sentence has a capital letter.
    fn has_capital(&self, i: usize) -> bool {
        self.capital[i - self.tokens.start]
    }
}

/// Sets `proposed` to what the mentions of `recognition` (sorted, each inside one
/// sentence, as the rule and law recognisers find them) propose for each token of
/// `sentence`.
fn proposals(
    segmented: &Segmented,
    recognition: &Recognition,
    sentence: &Range<usize>,
    proposed: &mut Vec<Option<Proposal>>,
) {
    proposed.clear();
    proposed.resize(sentence.len(), None);
    let tokens = &segmented.tokens;
    let Some(last_token) = sentence.end.checked_sub(1) else {
        return;
    };
    let (begin, end) = (
        tokens[sentence.start].span.start,
        tokens[last_token].span.end,
    );
    let first_mention = recognition
        .mentions
        .partition_point(|m| m.span.start < begin);
    for (index, mention) in recognition.mentions[first_mention..]
        .iter()
        .enumerate()
        .take_while(|(_, m)| m.span.start < end)
    {
        let first = tokens.partition_point(|t| t.span.end <= mention.span.start);
        let last = tokens.partition_point(|t| t.span.start < mention.span.end);
        for i in first.max(sentence.start)..last.min(sentence.end) {
            let part = match (i == first, i + 1 == last) {
                (true, true) => Part::Unit,
                (true, false) => Part::Begin,
                (false, true) => Part::Last,
                (false, false) => Part::Inside,
            };
            proposed[i - sentence.start] = Some(Proposal {
                tag: tags::tag(mention.entity_type, part),
                mention: (first_mention + index) as u32,
            });
        }
    }
}

/// Computes the runs and features of a segmented text, given what the rule recogniser
/// (`rules`) and the law recogniser (`laws`) found in it.
pub fn extract(
    text: &str,
    segmented: &Segmented,
    lexicon: &Lexicon,
    rules: &Recognition,
    laws: &Recognition,
) -> Features {
    let mut features = Features::default();
    extract_by_sentence(text, segmented, lexicon, rules, laws, &mut features, |_| {});
    features
}

/// Computes the runs and features of a segmented text a sentence at a time, as
/// [`extract`] does: after each sentence that has runs, `each` is called with `features`,
/// to which that sentence's runs were added. Clearing it there ([`Features::clear`])
/// holds the features of one sentence at a time, whatever the text's length.
pub fn extract_by_sentence(
    text: &str,
    segmented: &Segmented,
    lexicon: &Lexicon,
    rules: &Recognition,
    laws: &Recognition,
    features: &mut Features,
    mut each: impl FnMut(&mut Features),
) {
    let pass = Pass::new(text, segmented, lexicon, rules);
    if features.starts.is_empty() {
        features.starts.push(0);
    }
    let mut at = Sentence::default();
    for (index, sentence) in segmented.sentences.iter().enumerate() {
        at.tokens = sentence.tokens.clone();
        proposals(segmented, rules, &at.tokens, &mut at.rules);
        proposals(segmented, laws, &at.tokens, &mut at.laws);
        pass.letters(&mut at);
        pass.runs(&mut at);
        if at.runs.is_empty() {
            continue;
        }
        pass.infos(&mut at);
        pass.place_names(&mut at);
        for tokens in &at.runs {
            for i in tokens.clone() {
                pass.token(i, &at, &mut features.hashes);
                pass.in_run(i, tokens.clone(), &at, &mut features.hashes);
                features.starts.push(features.hashes.len() as u32);
            }
            features.runs.push(Run {
                tokens: tokens.clone(),
                sentence: index,
            });
        }
        each(features);
    }
}

/// What the whole line (sentence) looks like.
#[derive(Clone, Copy, Default)]
struct Line {
    /// Its letters are (nearly) all capitals.
    capitals: bool,
    /// A third or more of its tokens are numbers, or a short line has two: a table row
    /// or a score.
    table: bool,
}

struct Pass<'a> {
    text: &'a str,
    segmented: &'a Segmented,
    lexicon: &'a Lexicon,
    index: std::sync::Arc<LexiconIndex<'a>>,
    rule_mentions: &'a Recognition,
    /// Folds of words the document writes in lower case somewhere.
    lower: FxHashSet<&'a str>,
    /// Folds of capitalised words the document has somewhere other than first in a
    /// sentence.
    capitalised_inside: FxHashSet<&'a str>,
}

impl<'a> Pass<'a> {
    fn new(
        text: &'a str,
        segmented: &'a Segmented,
        lexicon: &'a Lexicon,
        rules: &'a Recognition,
    ) -> Self {
        // Only capitalised words are asked about: the lower-case words worth keeping are
        // those whose first letter and length some capitalised word has (a cheap filter
        // before hashing, since most words of a text are lower case).
        let mut capitalised_inside = FxHashSet::default();
        let mut capital_keys = [0u64; 8];
        let key = |fold: &str| {
            let first = fold.as_bytes().first().copied().unwrap_or(0);
            (usize::from(first & 31) << 4 | fold.len().min(15)) & 511
        };
        for sentence in &segmented.sentences {
            for i in sentence.tokens.clone() {
                let token = segmented.tokens[i];
                let first = token.span.of(text).chars().next().unwrap_or(' ');
                if token.kind == TokenKind::Word && first.is_uppercase() {
                    let k = key(segmented.folds.of(i));
                    capital_keys[k / 64] |= 1 << (k % 64);
                    if i > sentence.tokens.start + 1 {
                        capitalised_inside.insert(segmented.folds.of(i));
                    }
                }
            }
        }
        let mut lower = FxHashSet::default();
        for (i, token) in segmented.tokens.iter().enumerate() {
            let fold = segmented.folds.of(i);
            let k = key(fold);
            if token.kind == TokenKind::Word
                && capital_keys[k / 64] & (1 << (k % 64)) != 0
                && token.span.of(text).starts_with(char::is_lowercase)
            {
                lower.insert(fold);
            }
        }
        Pass {
            text,
            segmented,
            lexicon,
            index: LexiconIndex::of(lexicon),
            rule_mentions: rules,
            lower,
            capitalised_inside,
        }
    }

    fn word(&self, i: usize) -> &'a str {
        self.segmented.tokens[i].span.of(self.text)
    }

    fn fold(&self, i: usize) -> &'a str {
        self.segmented.folds.of(i)
    }

    /// Whether a line ends between token `i - 1` and token `i` (a name never spans one).
    fn line_break_before(&self, i: usize) -> bool {
        let tokens = &self.segmented.tokens;
        self.text[tokens[i - 1].span.end..tokens[i].span.start].contains('\n')
    }

    fn is_number(&self, i: usize) -> bool {
        self.segmented.tokens[i].kind == TokenKind::Number
    }

    /// Whether token `i` may be part of a name on its own account.
    fn candidate(&self, i: usize, at: &Sentence) -> bool {
        let sentence = &at.tokens;
        if at.has_capital(i) || at.rule(i).is_some() || at.law(i).is_some() {
            return true;
        }
        let next = (i + 1 < sentence.end).then(|| i + 1);
        if next.is_some_and(|j| self.is_number(j) || self.word(j) == "(")
            && is_provision(self.fold(i))
        {
            return true;
        }
        self.is_number(i)
            && ((i > sentence.start && (at.has_capital(i - 1) || is_provision(self.fold(i - 1))))
                || next.is_some_and(|j| at.has_capital(j)))
    }

    /// The end of a bracketed sub-division right after a name part ("Section 66 *(1)*",
    /// "Section 96 (2) *(b)*"): a bracket holding one short number, letter or numeral.
    fn subdivision_end(&self, i: usize, sentence: &Range<usize>) -> Option<usize> {
        if i + 2 >= sentence.end || self.word(i) != "(" || self.word(i + 2) != ")" {
            return None;
        }
        let inside = self.word(i + 1);
        (inside.len() <= 5 && inside.chars().all(|c| c.is_ascii_alphanumeric())).then_some(i + 3)
    }

    /// Sets `at.runs` to the maximal runs of candidates and connectors between
    /// candidates in the sentence.
    fn runs(&self, at: &mut Sentence) {
        let sentence = at.tokens.clone();
        let mut marked = std::mem::take(&mut at.marked);
        marked.clear();
        marked.extend(sentence.clone().map(|i| self.candidate(i, at)));
        let connector = |i: usize| is_connector(self.fold(i));
        // Bracketed sub-divisions after a marked token, and ", YEAR" after a name.
        let mut i = sentence.start + 1;
        while i < sentence.end {
            let after_marked = marked[i - 1 - sentence.start];
            if after_marked && let Some(end) = self.subdivision_end(i, &sentence) {
                marked[i - sentence.start..end - sentence.start].fill(true);
                i = end;
                continue;
            }
            if after_marked
                && self.word(i) == ","
                && i + 1 < sentence.end
                && self.is_number(i + 1)
                && self.word(i + 1).len() == 4
                && at.has_capital(i - 1)
            {
                marked[i - sentence.start] = true;
                marked[i + 1 - sentence.start] = true;
            }
            i += 1;
        }
        let mut candidate = std::mem::take(&mut at.candidate);
        candidate.clone_from(&marked);
        let is_candidate = |i: usize| candidate[i - sentence.start];
        for i in sentence.clone() {
            if is_candidate(i) || i == sentence.start || !is_candidate(i - 1) || !connector(i) {
                continue;
            }
            let next = i + 1 < sentence.end && is_candidate(i + 1);
            let after_one = i + 2 < sentence.end && connector(i + 1) && is_candidate(i + 2);
            if next || after_one {
                marked[i - sentence.start] = true;
                if after_one {
                    marked[i + 1 - sentence.start] = true;
                }
            }
        }
        // A closed-class word alone at the start of a sentence ("The", "He", "In") is
        // never a name: most sentences start with one.
        let mut first = sentence.start;
        while first < sentence.end && self.segmented.tokens[first].kind == TokenKind::Punct {
            first += 1;
        }
        if first < sentence.end
            && marked[first - sentence.start]
            && !(first + 1 < sentence.end && marked[first + 1 - sentence.start])
            && self
                .lexicon
                .function_words
                .contains_folded(self.fold(first))
            && at.rule(first).is_none()
        {
            marked[first - sentence.start] = false;
        }
        at.runs.clear();
        let mut i = sentence.start;
        while i < sentence.end {
            if !marked[i - sentence.start] {
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            while i < sentence.end && marked[i - sentence.start] && !self.line_break_before(i) {
                i += 1;
            }
            at.runs.push(start..i);
        }
        at.marked = marked;
        at.candidate = candidate;
    }

    /// Sets `at.capital` (which tokens have a capital letter) and `at.line` (what the
    /// line looks like), reading each token's letters once.
    fn letters(&self, at: &mut Sentence) {
        let sentence = at.tokens.clone();
        at.capital.clear();
        let (mut upper, mut lower, mut numbers) = (0usize, 0usize, 0usize);
        for i in sentence.clone() {
            if self.segmented.tokens[i].kind == TokenKind::Number {
                numbers += 1;
            }
            let (word_upper, word_lower) = letters(self.word(i));
            at.capital.push(word_upper > 0);
            upper += word_upper;
            lower += word_lower;
        }
        at.line = Line {
            capitals: upper >= 4 && lower * 10 <= upper,
            // A row of figures, or a short line of scores ("Halftime 1-0").
            table: (numbers >= 3 && numbers * 3 >= sentence.len())
                || (sentence.len() <= 6 && numbers >= 2),
        };
    }

    /// Sets `at.places`: for every token of the sentence, the tag it has inside the
    /// longest multi-word gazetteer place name (2 to 4 tokens) that covers it, and the
    /// place's kind. Reads `at.infos`, so comes after [`Pass::infos`].
    fn place_names(&self, at: &mut Sentence) {
        let sentence = at.tokens.clone();
        at.places.clear();
        at.places.resize(sentence.len(), None);
        let mut i = sentence.start;
        let mut joined = String::new();
        while i < sentence.end {
            let mut matched = 0;
            // The word lists of a run token and its neighbours are known already.
            let lists = |i: usize| {
                if at.done[i - sentence.start] {
                    at.infos[i - sentence.start].lexicons
                } else {
                    self.index.lists(self.fold(i))
                }
            };
            if at.has_capital(i) && lists(i) & PLACE_START != 0 {
                for len in (2..=4).rev() {
                    if i + len > sentence.end {
                        continue;
                    }
                    joined.clear();
                    for j in i..i + len {
                        if j > i {
                            joined.push(' ');
                        }
                        joined.push_str(self.fold(j));
                    }
                    if let Some(place) = self.lexicon.place_folded(&joined) {
                        for j in i..i + len {
                            let part = if j == i {
                                Part::Begin
                            } else if j + 1 == i + len {
                                Part::Last
                            } else {
                                Part::Inside
                            };
                            at.places[j - sentence.start] =
                                Some((tags::tag(EntityType::Place, part), place_kind(place.kind)));
                        }
                        matched = len;
                        break;
                    }
                }
            }
            i += matched.max(1);
        }
    }

    /// Pushes the features of token `i` that come from its run: its place in the run,
    /// the run's first and last words, and the head words that follow it in the run
    /// ("Section 8 of the NDPS *Act*", "Bank of the *West*").
    fn in_run(&self, i: usize, run: Range<usize>, at: &Sentence, out: &mut Vec<u64>) {
        let place = match (i == run.start, i + 1 == run.end) {
            (true, true) => 0u8,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        };
        let mut push = |hash: Hash| out.push(hash.value());
        push(Hash::template(28).byte(place).byte(run.len().min(6) as u8));
        push(Hash::template(29).str(self.fold(run.start)));
        push(Hash::template(30).str(self.fold(run.end - 1)));
        for (name, bit) in [("law", LAW_HEAD), ("org", ORG_HEAD), ("place", PLACE_HEAD)] {
            let has = |j: usize| at.infos[j - at.tokens.start].lexicons & (1 << bit) != 0;
            // Names are short: look a few tokens ahead, never to the end of a long run.
            if let Some(j) = (i + 1..run.end.min(i + 8)).find(|&j| has(j)) {
                push(Hash::template(31).str(name).byte((j - i).min(5) as u8));
            }
        }
    }

    /// Sets `at.infos`: the [`Info`] of every token of the sentence that a run token
    /// reads, the run tokens and two tokens either side.
    fn infos(&self, at: &mut Sentence) {
        let sentence = at.tokens.clone();
        at.infos.clear();
        at.infos.resize(sentence.len(), Info::default());
        at.done.clear();
        at.done.resize(sentence.len(), false);
        for run in &at.runs {
            let from = run.start.saturating_sub(2).max(sentence.start);
            let to = (run.end + 2).min(sentence.end);
            for j in from..to {
                if std::mem::replace(&mut at.done[j - sentence.start], true) {
                    continue;
                }
                let fold = self.fold(j);
                let lexicons = self.index.lists(fold);
                at.infos[j - sentence.start] = Info {
                    shape: shape_hash(self.word(j)),
                    lexicons,
                };
            }
        }
    }

    /// Pushes the features of token `i`.
    fn token(&self, i: usize, at: &Sentence, out: &mut Vec<u64>) {
        let sentence = &at.tokens;
        let mut push = |hash: Hash| out.push(hash.value());
        let word = self.word(i);
        let fold = self.fold(i);
        let info = at.infos[i - sentence.start];
        let shape = info.shape;
        let neighbour = |offset: isize| -> Option<usize> {
            let j = i.checked_add_signed(offset)?;
            sentence.contains(&j).then_some(j)
        };
        let word_at = |offset: isize| neighbour(offset).map_or("<>", |j| self.fold(j));
        let shape_at = |offset: isize| {
            neighbour(offset).map_or(NO_SHAPE, |j| at.infos[j - sentence.start].shape)
        };

        push(Hash::template(0));
        push(Hash::template(1).str(word));
        push(Hash::template(2).str(fold));
        push(Hash::template(3).u64(shape));
        // Prefixes of 2 to 4 and suffixes of 1 to 4 characters, of words longer than that.
        // Where the first five characters start, and the last four (`from_end[n]` the
        // `n`th from the end).
        let count = fold.chars().count();
        let mut from_start = [0usize; 5];
        for (at, (byte, _)) in from_start.iter_mut().zip(fold.char_indices()) {
            *at = byte;
        }
        let mut from_end = [0usize; 5];
        for (at, (byte, _)) in from_end[1..].iter_mut().zip(fold.char_indices().rev()) {
            *at = byte;
        }
        for n in 1..=4 {
            if count > n {
                if n >= 2 {
                    push(Hash::template(4).byte(n as u8).str(&fold[..from_start[n]]));
                }
                push(Hash::template(5).byte(n as u8).str(&fold[from_end[n]..]));
            }
        }
        push(Hash::template(6).byte(word.chars().count().min(12) as u8));
        for offset in [-2isize, -1, 1, 2] {
            push(Hash::template(7).byte(offset as u8).str(word_at(offset)));
        }
        for offset in [-1isize, 1] {
            push(Hash::template(8).byte(offset as u8).u64(shape_at(offset)));
        }
        push(Hash::template(9).u64(shape_at(-1)).u64(shape));
        push(Hash::template(10).u64(shape).u64(shape_at(1)));
        push(Hash::template(11).str(word_at(-1)).byte(b'|').u64(shape));
        push(Hash::template(12).str(fold).byte(b'|').str(word_at(1)));
        push(Hash::template(13).str(word_at(-1)).byte(b'|').str(fold));

        let first = first_in_sentence(self.segmented, sentence, i);
        push(Hash::template(14).byte(u8::from(first)).u64(shape));
        let line = at.line;
        push(
            Hash::template(15)
                .byte(u8::from(line.capitals))
                .byte(u8::from(line.table)),
        );
        if line.capitals || line.table {
            push(
                Hash::template(16)
                    .byte(u8::from(line.capitals))
                    .byte(u8::from(line.table))
                    .u64(shape),
            );
            push(Hash::template(17).byte(u8::from(line.capitals)).str(fold));
        }

        // Lexicons: the token itself and its neighbours.
        for offset in [-1isize, 0, 1] {
            let Some(j) = neighbour(offset) else {
                continue;
            };
            let lexicons = at.infos[j - sentence.start].lexicons;
            // The lists' bits that are set, lowest first.
            let mut lists = lexicons & ((1 << LISTS) - 1);
            while lists != 0 {
                let bit = lists.trailing_zeros();
                push(Hash::template(18).byte(offset as u8).byte(bit as u8));
                lists &= lists - 1;
            }
            let kind = (lexicons >> 20) & 0xf;
            if kind != 0 {
                push(Hash::template(19).byte(offset as u8).byte(kind as u8));
            }
            if lexicons & (1 << 24) != 0 {
                push(Hash::template(20).byte(offset as u8));
            }
        }
        if let Some((tag, kind)) = at.places[i - sentence.start] {
            push(Hash::template(21).byte(tag).str(kind));
        }

        // What the rules propose, here and next door.
        for offset in [-1isize, 0, 1] {
            let proposal = neighbour(offset).and_then(|j| at.rule(j));
            let tag = proposal.map_or(tags::OUTSIDE, |p| p.tag);
            if proposal.is_some() {
                push(Hash::template(22).byte(offset as u8).byte(tag));
            }
            if offset == 0
                && let Some(p) = proposal
            {
                let mention = &self.rule_mentions.mentions[p.mention as usize];
                push(Hash::template(23).byte(tag).str(mention.rule));
                push(
                    Hash::template(24)
                        .byte(tag)
                        .byte((mention.confidence * 4.0) as u8),
                );
                push(Hash::template(25).byte(tag).u64(shape));
            }
        }
        let law = at.law(i).map_or(tags::OUTSIDE, |p| p.tag);
        push(Hash::template(26).byte(law));

        // The document: the same word in lower case, or capitalised inside a sentence.
        if word.chars().next().is_some_and(char::is_uppercase) {
            push(
                Hash::template(27)
                    .byte(u8::from(self.lower.contains(fold)))
                    .byte(u8::from(self.capitalised_inside.contains(fold)))
                    .byte(u8::from(first)),
            );
        }
    }
}

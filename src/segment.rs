//! Stage 2, segment: tokens and sentences, with byte offsets into the original text.
//!
//! Rules, in order of precedence:
//! - Words keep internal hyphens and apostrophes (`MS-13`, `Inter-American`, `O'Brien`);
//!   a final `'s`/`’s` is split off as a [`TokenKind::Possessive`].
//! - Numbers keep internal `.` and `,` (`40,000`, `23.5`).
//! - Dotted abbreviations keep their dots (`U.S.`, `Dr.`, `Jan.`, initials like `J.`) and
//!   do not end a sentence unless what follows clearly starts one.
//! - A sentence ends at `.`, `!` or `?` (with any closing quotes and brackets) before a
//!   token that can start a sentence, at a blank line, and at a line break unless the line
//!   is a hard-wrapped part of a longer sentence.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, possibly with internal hyphens and apostrophes.
    Word,
    /// Digits, possibly with internal `.` and `,`.
    Number,
    /// A word ending in a period that belongs to it (`U.S.`, `Dr.`, `J.`).
    Abbreviation,
    /// A possessive ending: `'s` or `’s`.
    Possessive,
    /// Any other single character.
    Punct,
}

/// A token: its kind and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the text.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
}

/// A sentence: its span and the range of its tokens in [`Segmented::tokens`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte span from its first to its last token.
    pub span: Span,
    /// Indexes of its tokens.
    pub tokens: Range<usize>,
}

/// A segmented text.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    /// All tokens, in order.
    pub tokens: Vec<Token>,
    /// All sentences, in order; together they cover every token exactly once.
    pub sentences: Vec<Sentence>,
    /// The folded text of every token.
    pub folds: Folds,
}

impl Segmented {
    /// The tokens that start inside `span` (a mention's, a line's), as a range of
    /// [`Segmented::tokens`].
    pub fn tokens_in(&self, span: Span) -> Range<usize> {
        self.tokens.partition_point(|t| t.span.start < span.start)
            ..self.tokens.partition_point(|t| t.span.start < span.end)
    }
}

/// The span of every line of `text`, without its line break.
pub fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut start = 0;
    text.split('\n').map(move |line| {
        let span = Span::new(start, start + line.len());
        start = span.end + 1;
        span
    })
}

/// The [folded](crate::lexicon::fold) text of every token of a text, computed once:
/// recognition and relation finding look most words up by it, many times over.
#[derive(Debug, Clone, Default)]
pub struct Folds {
    /// The text in ASCII lower case (an ASCII token's fold), then the folds of the tokens
    /// that are not ASCII.
    text: String,
    /// Where each token's folded text is in `text`.
    spans: Vec<Span>,
}

impl Folds {
    /// The folds of `tokens` of `text`.
    pub fn new(text: &str, tokens: &[Token]) -> Self {
        let mut folded = text.to_ascii_lowercase();
        let ascii = text.is_ascii();
        let mut spans = Vec::with_capacity(tokens.len());
        for token in tokens {
            // A token has no spaces: an ASCII one folds to its lower case, in place.
            let word = token.span.of(text);
            if ascii || word.is_ascii() {
                spans.push(token.span);
            } else {
                let start = folded.len();
                crate::lexicon::with_folded(word, |word| folded.push_str(word));
                spans.push(Span::new(start, folded.len()));
            }
        }
        Folds {
            text: folded,
            spans,
        }
    }

    /// The folded text of token `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        Some(self.spans.get(i)?.of(&self.text))
    }

    /// The folded text of token `i`.
    ///
    /// # Panics
    /// If there is no token `i`.
    pub fn of(&self, i: usize) -> &str {
        self.spans[i].of(&self.text)
    }

    /// The folds of the tokens of `range` joined by single spaces: a name's key for
    /// comparing it with other writings of it ("the copyright holder", "COPYRIGHT
    /// HOLDER").
    pub fn joined(&self, range: Range<usize>) -> String {
        let mut key = String::new();
        for i in range.clone() {
            if i > range.start {
                key.push(' ');
            }
            key.push_str(self.of(i));
        }
        key
    }
}

/// Words that take a period without ending a sentence (compared case-insensitively,
/// without the period).
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "art", "arts", "aug", "capt", "cf", "cl", "cls", "cmdr", "co", "col", "corp",
    "dec", "dept", "dr", "e.g", "etc", "feb", "fig", "fr", "gen", "gov", "i.e", "inc", "jan", "jr",
    "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "no", "nov", "oct",
    "op", "prof", "rep", "rev", "s", "sec", "secs", "sen", "sep", "sept", "sgt", "sr", "ss", "st",
    "supt", "vol", "vs",
];

/// Words that start a sentence after a dotted abbreviation ("... in the U.S. The ...").
const SENTENCE_STARTERS: &[&str] = &[
    "a",
    "after",
    "an",
    "and",
    "but",
    "he",
    "her",
    "his",
    "however",
    "i",
    "in",
    "it",
    "its",
    "meanwhile",
    "she",
    "so",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "we",
    "when",
    "while",
    "yet",
];

/// Splits `text` into tokens and sentences.
pub fn segment(text: &str) -> Segmented {
    let tokens = tokenize(text);
    let sentences = split_sentences(text, &tokens);
    let folds = Folds::new(text, &tokens);
    Segmented {
        tokens,
        sentences,
        folds,
    }
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            tokens.push(Token {
                span: Span::new(start, start + c.len_utf8()),
                kind: TokenKind::Punct,
            });
            continue;
        }
        let mut end = start + c.len_utf8();
        let mut all_digits = c.is_ascii_digit();
        while let Some(&(offset, next)) = chars.peek() {
            if next.is_alphanumeric() {
                all_digits &= next.is_ascii_digit();
                end = offset + next.len_utf8();
                chars.next();
                continue;
            }
            let after = text[offset + next.len_utf8()..].chars().next();
            let joins = match next {
                '-' | '‐' | '\'' | '’' | '&' => after.is_some_and(char::is_alphanumeric),
                '.' | ',' => all_digits && after.is_some_and(|a| a.is_ascii_digit()),
                _ => false,
            };
            if !joins {
                break;
            }
            // A final 's after an apostrophe is a possessive, not part of the word.
            if matches!(next, '\'' | '’') && is_possessive_s(text, offset + next.len_utf8()) {
                break;
            }
            all_digits &= next == '.' || next == ',';
            end = offset + next.len_utf8();
            chars.next();
        }
        let word = &text[start..end];
        let mut kind = if all_digits {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        // Dotted forms: initials chains (U.S., U.S.A.), known abbreviations, single initials.
        if bytes.get(end) == Some(&b'.') && kind == TokenKind::Word {
            let dotted = dotted_chain_end(text, start);
            if dotted > end {
                end = dotted;
                kind = TokenKind::Abbreviation;
            } else if is_abbreviation(word) {
                end += 1;
                kind = TokenKind::Abbreviation;
            }
            while chars.peek().is_some_and(|&(offset, _)| offset < end) {
                chars.next();
            }
        }
        tokens.push(Token {
            span: Span::new(start, end),
            kind,
        });
        // The possessive ending itself.
        if let Some(&(offset, apostrophe)) = chars.peek()
            && matches!(apostrophe, '\'' | '’')
            && offset == end
            && is_possessive_s(text, offset + apostrophe.len_utf8())
        {
            let s_end = offset + apostrophe.len_utf8() + 1;
            tokens.push(Token {
                span: Span::new(offset, s_end),
                kind: TokenKind::Possessive,
            });
            while chars.peek().is_some_and(|&(o, _)| o < s_end) {
                chars.next();
            }
        }
    }
    // The room left by growing is up to a third of a long text's tokens.
    tokens.shrink_to_fit();
    tokens
}

/// Whether `text[at..]` is `s` or `S` followed by a non-alphanumeric character.
fn is_possessive_s(text: &str, at: usize) -> bool {
    let mut rest = text[at..].chars();
    matches!(rest.next(), Some('s' | 'S')) && !rest.next().is_some_and(char::is_alphanumeric)
}

/// For `U.S.A.`-like chains starting at `start`, the end of the chain; else `start`.
/// A chain is single letters each followed by a dot (`U.S.`, `e.g.`, an initial `J.`), or
/// capitalised pieces of up to three letters (`Cr.P.C.`, `Ph.D.`).
fn dotted_chain_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    let (mut pieces, mut single_letters, mut capitalised) = (0, true, true);
    loop {
        let letters = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        if !(1..=3).contains(&letters) || bytes.get(at + letters) != Some(&b'.') {
            break;
        }
        single_letters &= letters == 1;
        capitalised &= bytes[at].is_ascii_uppercase();
        pieces += 1;
        at += letters + 1;
    }
    let chain = if single_letters {
        pieces >= 2 || (pieces == 1 && bytes[start].is_ascii_uppercase())
    } else {
        pieces >= 2 && capitalised
    };
    if chain { at } else { start }
}

fn is_abbreviation(word: &str) -> bool {
    word.len() <= 7 && ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

/// Whether a token can end a sentence ("." "!" "?").
fn is_terminal(text: &str, token: &Token) -> bool {
    token.kind == TokenKind::Punct && matches!(token.span.of(text), "." | "!" | "?" | "…")
}

/// Closing quotes and brackets that stay with the sentence they close.
fn is_closer(text: &str, token: &Token) -> bool {
    token.kind == TokenKind::Punct
        && matches!(
            token.span.of(text),
            "\"" | "'" | "’" | "”" | ")" | "]" | "»"
        )
}

/// A sentence this long (in tokens) ends at its next comma, semicolon or colon...
pub const LONG_SENTENCE: usize = 150;
/// ... one this long at its next word boundary outside a name (not between two
/// capitalised words or numbers) ...
pub const MAX_SENTENCE: usize = 300;
/// ... and one this long ends anyway (text in capitals has no such boundary). Text
/// without sentence punctuation (a log, a table, a huge single line) would otherwise be
/// one sentence, and every stage that works a sentence at a time (candidate runs and
/// Viterbi, relation patterns, co-mentions) costs up to the square of a sentence's
/// length. No sentence of ordinary text comes near: the longest in `shared/train` has
/// about 210 tokens, and 20 of its 39,000 have more than 150.
pub const LONGEST_SENTENCE: usize = MAX_SENTENCE + 32;

fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut first = 0;
    let mut i = 0;
    while i < tokens.len() {
        let mut last = i;
        let mut boundary = false;
        if is_terminal(text, &tokens[i]) {
            // Keep runs of terminals and closing quotes together ("?!", ".’").
            while last + 1 < tokens.len()
                && (is_terminal(text, &tokens[last + 1]) || is_closer(text, &tokens[last + 1]))
                && tokens[last + 1].span.start == tokens[last].span.end
            {
                last += 1;
            }
            boundary = tokens
                .get(last + 1)
                .is_none_or(|next| can_start_sentence(text, next));
        } else if tokens[i].kind == TokenKind::Abbreviation {
            boundary = tokens
                .get(i + 1)
                .is_some_and(|next| starts_with_sentence_starter(text, next));
        }
        if let Some(next) = tokens.get(last + 1)
            && !boundary
        {
            boundary = line_break_ends_sentence(text, tokens[last].span.end, next.span.start);
        }
        let length = last + 1 - first;
        if length >= LONGEST_SENTENCE
            || length >= MAX_SENTENCE && !inside_name(text, tokens, last)
            || length >= LONG_SENTENCE && matches!(tokens[last].span.of(text), "," | ";" | ":")
        {
            boundary = true;
        }
        if boundary || last + 1 == tokens.len() {
            sentences.push(Sentence {
                span: Span::new(tokens[first].span.start, tokens[last].span.end),
                tokens: first..last + 1,
            });
            first = last + 1;
        }
        i = last + 1;
    }
    sentences
}

/// Whether tokens `last` and `last + 1` are both capitalised words or numbers: parts of
/// one name, maybe, which a cut between them would split.
fn inside_name(text: &str, tokens: &[Token], last: usize) -> bool {
    let name_part = |token: &Token| {
        token.kind != TokenKind::Punct
            && token
                .span
                .of(text)
                .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    };
    name_part(&tokens[last]) && tokens.get(last + 1).is_some_and(name_part)
}

fn can_start_sentence(text: &str, token: &Token) -> bool {
    let first = token.span.of(text).chars().next().unwrap_or(' ');
    first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(
            first,
            '"' | '\'' | '‘' | '“' | '(' | '[' | '«' | '-' | '–' | '—'
        )
        || !first.is_alphanumeric() && !first.is_ascii_punctuation()
}

fn starts_with_sentence_starter(text: &str, token: &Token) -> bool {
    let word = token.span.of(text);
    word.chars().next().is_some_and(char::is_uppercase)
        && SENTENCE_STARTERS.contains(&word.to_lowercase().as_str())
}

/// Whether the white space between two tokens ends a sentence: a blank line always does;
/// a single line break does unless the next line continues a hard-wrapped sentence (it
/// starts in lower case, or the line before is long and has no closing punctuation).
fn line_break_ends_sentence(text: &str, gap_start: usize, gap_end: usize) -> bool {
    let gap = &text.as_bytes()[gap_start..gap_end];
    let breaks = gap.iter().filter(|&&byte| byte == b'\n').count();
    if breaks == 0 {
        return false;
    }
    if breaks >= 2 {
        return true;
    }
    let next_lower = text[gap_end..]
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    let line_start = text[..gap_start].rfind('\n').map_or(0, |at| at + 1);
    let line_len = text[line_start..gap_start].chars().count();
    let wrapped = line_len >= 60;
    !(next_lower || wrapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.span.of(text)).collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        segment(text)
            .sentences
            .iter()
            .map(|s| s.span.of(text))
            .collect()
    }

    #[test]
    fn tokens() {
        let cases: &[(&str, &[&str])] = &[
            ("El Salvador’s prison", &["El", "Salvador", "’s", "prison"]),
            ("Trump's order", &["Trump", "'s", "order"]),
            (
                "MS-13 and Inter-American",
                &["MS-13", "and", "Inter-American"],
            ),
            (
                "O'Brien's law-and-order",
                &["O'Brien", "'s", "law-and-order"],
            ),
            (
                "40,000 inmates, 23.5 hours.",
                &["40,000", "inmates", ",", "23.5", "hours", "."],
            ),
            ("U.S. officials", &["U.S.", "officials"]),
            ("under Cr.P.C. rules", &["under", "Cr.P.C.", "rules"]),
            ("a Ph.D. thesis", &["a", "Ph.D.", "thesis"]),
            ("Mr. Smith", &["Mr.", "Smith"]),
            (
                "Dr. Smith and J. Doe",
                &["Dr.", "Smith", "and", "J.", "Doe"],
            ),
            ("‘mass migration’", &["‘", "mass", "migration", "’"]),
            ("prisoners’ rights", &["prisoners", "’", "rights"]),
            ("Centre – or CECOT.", &["Centre", "–", "or", "CECOT", "."]),
            ("café 😀 naïve", &["café", "😀", "naïve"]),
        ];
        for (text, expected) in cases {
            assert_eq!(&words(text), expected, "tokens of {text:?}");
        }
    }

    #[test]
    fn sentence_splits() {
        let cases: &[(&str, &[&str])] = &[
            ("One here. Two there.", &["One here.", "Two there."]),
            ("Is it? ‘Yes.’ Then go!", &["Is it?", "‘Yes.’", "Then go!"]),
            (
                "Dr. Smith met U.S. officials.",
                &["Dr. Smith met U.S. officials."],
            ),
            (
                "He moved to the U.S. The end.",
                &["He moved to the U.S.", "The end."],
            ),
            ("It costs 23.5 dollars.", &["It costs 23.5 dollars."]),
            ("Headline\nBody text.", &["Headline", "Body text."]),
            ("A title\n\nbody", &["A title", "body"]),
            ("e.g. this one", &["e.g. this one"]),
            (
                "A long hard-wrapped line of text that goes on and on and on and on\nContinues here.",
                &[
                    "A long hard-wrapped line of text that goes on and on and on and on\nContinues here.",
                ],
            ),
            ("wrapped\nlower case", &["wrapped\nlower case"]),
        ];
        for (text, expected) in cases {
            assert_eq!(&sentences(text), expected, "sentences of {text:?}");
        }
    }

    #[test]
    fn text_without_sentence_punctuation_is_cut_into_bounded_sentences() {
        // Whether a cut between two tokens is where the line's shape allows one.
        type Boundary = fn(&str, &str) -> bool;
        // One line of each shape, about 100 KB: (name, line, where every sentence but the
        // last ends).
        let cases: &[(&str, String, Boundary)] = &[
            // Clauses: at a comma, once the sentence is long.
            (
                "comma-separated clauses",
                "Ana Lopez met Omar Diaz in Lima, ".repeat(3000),
                |last, _| last == ",",
            ),
            // Words and names without punctuation: never between two parts of a name.
            (
                "words and names",
                "Ana Maria Lopez met Omar Diaz of the Central Bank in San Jose ".repeat(1500),
                |last, next| {
                    !(last.starts_with(char::is_uppercase) && next.starts_with(char::is_uppercase))
                },
            ),
            ("lower-case words", "word ".repeat(20_000), |_, _| true),
            // Capitals have no boundary outside a name: cut anyway.
            ("capitals", "ANA LOPEZ MET OMAR ".repeat(5000), |_, _| true),
            ("numbers", "1 22 333 4444 ".repeat(8000), |_, _| true),
        ];
        for (name, line, ends_well) in cases {
            let segmented = segment(line);
            let sentences = &segmented.sentences;
            assert!(
                sentences.len() > 50,
                "{name}: {} sentences",
                sentences.len()
            );
            for (n, sentence) in sentences.iter().enumerate() {
                let length = sentence.tokens.len();
                assert!(
                    length <= LONGEST_SENTENCE,
                    "{name}: sentence {n} has {length} tokens"
                );
                if n + 1 == sentences.len() {
                    continue;
                }
                assert!(
                    length >= LONG_SENTENCE,
                    "{name}: sentence {n} has {length} tokens"
                );
                let last = segmented.tokens[sentence.tokens.end - 1].span.of(line);
                let next = segmented.tokens[sentence.tokens.end].span.of(line);
                assert!(
                    ends_well(last, next),
                    "{name}: sentence {n} ends between {last:?} and {next:?}"
                );
            }
        }
        let words = "word ".repeat(1000);
        assert_eq!(
            segment(&words).sentences.len(),
            1000usize.div_ceil(MAX_SENTENCE)
        );
    }

    #[test]
    fn every_token_in_exactly_one_sentence() {
        let text = "A. B? c! “D.” (E.) F…\n\nG";
        let segmented = segment(text);
        let mut next = 0;
        for sentence in &segmented.sentences {
            assert_eq!(sentence.tokens.start, next);
            next = sentence.tokens.end;
        }
        assert_eq!(next, segmented.tokens.len());
    }
}

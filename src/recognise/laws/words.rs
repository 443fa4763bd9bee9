//! The words the law patterns look for: instruments cited by number, provisions,
//! ordinals, the head words of statutes.

use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

/// Words that, followed by a number, cite an instrument.
pub(super) const NUMBERED: &[&str] = &[
    "executive order",
    "regulation",
    "directive",
    "decision",
    "resolution",
    "public law",
    "proclamation",
    "decree",
    "law",
    "act",
    "bill",
    "statutory instrument",
    "order",
    "h.r.",
    "s.res.",
    "h.res.",
];

/// Capitalised words that may stand before a numbered instrument ("Council Regulation").
pub(super) const ISSUERS: &[&str] = &[
    "council",
    "commission",
    "implementing",
    "delegated",
    "security",
    "general",
    "assembly",
    "senate",
    "house",
    "presidential",
    "royal",
    "federal",
    "legislative",
    "ministerial",
];

/// Parts of a law that are cited with a number.
pub(super) const PROVISIONS: &[&str] = &[
    "section",
    "article",
    "title",
    "chapter",
    "part",
    "paragraph",
    "rule",
    "clause",
    "schedule",
];

/// Provisions that name a law on their own ("Title IX", "Section 230", "Article 5").
pub(super) const STANDALONE_PROVISIONS: &[&str] = &["section", "article", "title", "chapter"];

/// Abbreviated provisions, as judgments cite them before a number ("s. 12(2)", "ss. 397
/// and 482", "sec. 11-A", "Art. 21", "cl. (6)"): the abbreviation (always with its dot,
/// which the segmenter keeps in the token: these are among its abbreviations), the
/// provision and whether it is plural.
pub(super) const PROVISION_ABBREVIATIONS: &[(&str, &str, bool)] = &[
    ("s", "section", false),
    ("ss", "section", true),
    ("sec", "section", false),
    ("secs", "section", true),
    ("art", "article", false),
    ("arts", "article", true),
    ("cl", "clause", false),
    ("cls", "clause", true),
];

/// Law head words that, alone after "the", refer back to a law named earlier ("Section 21
/// of the Act") rather than name one: the provision is cited without them.
pub(super) const GENERIC_HEADS: &[&str] = &[
    "act",
    "acts",
    "code",
    "rules",
    "regulations",
    "ordinance",
    "law",
    "bill",
];

/// Instruments named "X of Y" or "X on Y".
pub(super) const INSTRUMENTS: &[&str] = &[
    "treaty",
    "convention",
    "charter",
    "constitution",
    "protocol",
    "statute",
    "accord",
    "agreement",
    "covenant",
    "code",
];

/// Ordinal words for amendments.
pub(super) const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
];

/// Words inside a law's name that need not be capitalised.
pub(super) const NAME_PARTICLES: &[&str] =
    &["of", "on", "the", "and", "for", "against", "to", "in", "de"];

/// At most how many tokens a bracketed part of a law's name has, brackets included.
pub(super) const BRACKET_WORDS: usize = 10;

/// The head words that may end a name after its bracketed part.
pub(super) const BRACKETED_HEADS: &[&str] = &["act", "acts", "rules", "regulations", "ordinance"];

/// The words a pattern can begin with, and their shapes.
struct FirstWords {
    words: HashSet<String>,
    /// For each first letter a-z, a bit for each length (up to 63) some word has: most
    /// words of a text are rejected by it without hashing.
    shapes: [u64; 26],
}

impl FirstWords {
    fn get() -> &'static FirstWords {
        static FIRST_WORDS: OnceLock<FirstWords> = OnceLock::new();
        FIRST_WORDS.get_or_init(|| {
            let single = [PROVISIONS, ORDINALS, INSTRUMENTS, ISSUERS]
                .into_iter()
                .flatten();
            let numbered = NUMBERED.iter().filter_map(|key| key.split(' ').next());
            let plural = PROVISIONS.iter().map(|p| format!("{p}s"));
            let abbreviated = PROVISION_ABBREVIATIONS
                .iter()
                .map(|(a, ..)| format!("{a}."));
            let words: HashSet<String> = single
                .map(|w| (*w).to_owned())
                .chain(numbered.map(str::to_owned))
                .chain(plural)
                .chain(abbreviated)
                // "u/s 302"
                .chain(["s".to_owned(), "ss".to_owned()])
                .collect();
            let mut shapes = [0; 26];
            for word in &words {
                if let Some(letter) = shape_letter(word) {
                    shapes[letter] |= 1 << word.len().min(63);
                }
            }
            FirstWords { words, shapes }
        })
    }

    fn contains(&self, word: &str) -> bool {
        shape_letter(word).is_some_and(|l| self.shapes[l] & 1 << word.len().min(63) != 0)
            && self.words.contains(word)
    }
}

/// The index of a word's first letter if it is a-z.
fn shape_letter(word: &str) -> Option<usize> {
    let first = *word.as_bytes().first()?;
    first
        .is_ascii_lowercase()
        .then(|| usize::from(first - b'a'))
}

/// Whether a (lower-case) word can begin a pattern, so most words cost a bit test.
pub(super) fn could_start(word: &str) -> bool {
    let first_words = FirstWords::get();
    word.starts_with(|c: char| c.is_ascii_digit())
        || first_words.contains(word)
        // "sub-section", "Section-341", "forty-second"
        || word.split_once('-').is_some_and(|(head, _)| {
            head == "sub" || first_words.contains(head) || is_compound_ordinal(word)
        })
}

/// Whether a word is an ordinal in figures: "14th", "21st", "15TH".
pub(super) fn is_numeric_ordinal(word: &str) -> bool {
    let suffix = word.get(word.len().saturating_sub(2)..).unwrap_or("");
    word.starts_with(|c: char| c.is_ascii_digit())
        && ["st", "nd", "rd", "th"]
            .iter()
            .any(|s| suffix.eq_ignore_ascii_case(s))
}

/// Whether a (lower-case) word is an ordinal of two words joined by a hyphen, tens and
/// units ("forty-second", "thirty-ninth"), as the Constitution of India's amendments are
/// named.
pub(super) fn is_compound_ordinal(word: &str) -> bool {
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    word.split_once('-')
        .is_some_and(|(tens, unit)| TENS.contains(&tens) && ORDINALS[..9].contains(&unit))
}

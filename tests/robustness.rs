//! Extraction never panics and always returns well-formed spans, whatever the text.
//! Deterministic pseudo-random texts built from the pieces that stress each rule.

use kgraph::lexicon::Lexicon;
use kgraph::load::{Document, SourceFormat};
use kgraph::recognise::RuleRecogniser;
use kgraph::resolve::{Decisions, resolve_corpus};

/// Pieces that exercise tokenisation, chunking, titles, particles and acronyms.
const PIECES: &[&str] = &[
    "Donald",
    "Trump",
    "’s",
    "'s",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    ".",
    ". ",
    "?",
    "!",
    "U.S.",
    "Dr.",
    "(",
    ")",
    "–",
    "—",
    "-",
    " or ",
    " of ",
    " de ",
    " the ",
    "The ",
    "Act",
    "of 1798",
    "Party",
    "President",
    "Minister",
    "MS-13",
    "IACHR",
    "CECOT",
    "El Salvador",
    "Inter-American",
    "Commission",
    "on",
    "Human",
    "Rights",
    "é",
    "😀",
    "\u{0301}",
    "\u{200B}",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "\t",
    "0",
    "1,000",
    "23.5",
    "J.",
    "and",
    "ÉLAN",
    "Ωmega",
    "日本",
];

/// A small linear congruential generator: the same texts on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn random_texts_give_well_formed_mentions() {
    let lexicon = Lexicon::embedded();
    let recogniser = RuleRecogniser::new(lexicon);
    let inventory = kgraph::relate::Inventory::embedded();
    let mut rng = Lcg(42);
    let mut locals = Vec::new();
    for case in 0..1500 {
        let length = rng.next() % 60;
        let text: String = (0..length)
            .map(|_| PIECES[rng.next() % PIECES.len()])
            .collect();
        let document = Document::new(
            format!("case-{case}"),
            "random",
            text.clone(),
            None,
            SourceFormat::Text,
        );
        let extraction = kgraph::extract(
            document,
            &recogniser,
            lexicon,
            &Decisions::default(),
            &inventory,
        );
        let mut previous_end = 0;
        for mention in &extraction.recognition.mentions {
            let span = mention.span;
            assert!(
                span.start < span.end && span.end <= text.len(),
                "case {case} {text:?}: {span:?}"
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "case {case} {text:?}"
            );
            assert!(
                span.start >= previous_end,
                "case {case} {text:?}: overlapping mentions"
            );
            assert!(
                !span.of(&text).trim().is_empty(),
                "case {case} {text:?}: blank mention"
            );
            previous_end = span.end;
        }
        assert_eq!(
            extraction.entities.mention_entity.len(),
            extraction.recognition.mentions.len()
        );
        for sentence in &extraction.segmented.sentences {
            assert!(
                text.is_char_boundary(sentence.span.start)
                    && text.is_char_boundary(sentence.span.end)
            );
        }
        locals.push(extraction.entities);
    }
    let table = resolve_corpus(&locals, lexicon, &Decisions::default());
    for (document, map) in locals.iter().zip(&table.local_to_global) {
        assert_eq!(document.entities.len(), map.len());
        assert!(map.iter().all(|&g| g < table.entities.len()));
    }
}

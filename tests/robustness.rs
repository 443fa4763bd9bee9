//! Extraction never panics and always returns well-formed spans, whatever the text.
//! Deterministic pseudo-random texts built from the pieces that stress each rule.

#[path = "fuzzing/extract.rs"]
mod fuzzing;

use kgraph::lexicon::Lexicon;
use kgraph::load::{Document, SourceFormat};
use kgraph::resolve::{Decisions, resolve_corpus};
use std::path::Path;
use std::time::{Duration, Instant};

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
    // Relation words: verbs, titles, demonyms, shapes of the relation rules.
    " invoked ",
    " was deported by ",
    " visited the prison ",
    " built to hold ",
    "40,000 inmates",
    "Argentine ",
    "Salvadoran ",
    " from Mexico",
    " the capital ",
    "San Salvador",
    " government in ",
    " led by then Congressman ",
    ", a member of the ",
    " did not ",
    " including ",
    "Section 230",
    "Regulation (EU) 2016/679",
    " he ",
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
fn random_texts_give_well_formed_mentions_and_relations() {
    let lexicon = Lexicon::embedded();
    let recogniser = kgraph::recognise::standard(lexicon);
    let inventory = kgraph::relate::Inventory::embedded();
    let mut rng = Lcg(42);
    let mut locals = Vec::new();
    let mut relations_found = 0;
    for case in 0..10_000 {
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
        if let Err(broken) = extraction.check_well_formed() {
            panic!("case {case} {text:?}: {broken}");
        }
        relations_found += extraction.relations.relations.len();
        locals.push(extraction.entities);
    }
    assert!(
        relations_found > 100,
        "the texts exercise the relation rules: {relations_found} relations"
    );
    let table = resolve_corpus(&locals, lexicon, &Decisions::default());
    for (document, map) in locals.iter().zip(&table.local_to_global) {
        assert_eq!(document.entities.len(), map.len());
        assert!(map.iter().all(|&g| g < table.entities.len()));
    }
}

/// Inputs the fuzzer once broke (`tests/data/fuzz-regressions/`) and the fuzz seeds
/// (`fuzz/seeds/extract/`), through exactly the code the fuzz target runs.
#[test]
fn fuzz_regressions_and_seeds_stay_well_formed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut replayed = 0;
    for folder in ["tests/data/fuzz-regressions", "fuzz/seeds/extract"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_none_or(|e| e != "md"))
            .collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).unwrap();
            let started = Instant::now();
            if let Err(broken) = fuzzing::run(&data) {
                panic!("{}: {broken}", path.display());
            }
            // The fuzzer calls an input slow at 10 s; none of these comes near.
            let elapsed = started.elapsed();
            assert!(
                elapsed < Duration::from_secs(5),
                "{}: took {elapsed:?}",
                path.display()
            );
            replayed += 1;
        }
    }
    assert!(replayed > 10, "only {replayed} inputs replayed");
}

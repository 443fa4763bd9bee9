//! Extraction never panics and always returns well-formed spans, whatever the text.
//! Deterministic pseudo-random texts built from the pieces that stress each rule.

use kgraph::lexicon::Lexicon;
use kgraph::load::{Document, SourceFormat};
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
        // Relations: spans on character boundaries, inside their sentence; arguments name
        // entities that exist.
        let entity_count = extraction.entities.entities.len();
        relations_found += extraction.relations.relations.len();
        for relation in &extraction.relations.relations {
            let sentence = &extraction.segmented.sentences[relation.sentence];
            let evidence = relation.evidence;
            assert!(
                sentence.span.contains(evidence)
                    && text.is_char_boundary(evidence.start)
                    && text.is_char_boundary(evidence.end),
                "case {case} {text:?}: evidence {evidence:?}"
            );
            let mut arguments = vec![relation.subject];
            match &relation.object {
                kgraph::relate::Object::Entity(object) => arguments.push(*object),
                kgraph::relate::Object::Position(position) => {
                    arguments.extend(position.jurisdiction);
                }
                _ => {}
            }
            for argument in arguments {
                assert!(
                    argument.entity < entity_count
                        && text.is_char_boundary(argument.span.start)
                        && text.is_char_boundary(argument.span.end)
                        && argument.span.end <= text.len(),
                    "case {case} {text:?}: argument {argument:?}"
                );
            }
        }
        for sentence in &extraction.segmented.sentences {
            assert!(
                text.is_char_boundary(sentence.span.start)
                    && text.is_char_boundary(sentence.span.end)
            );
        }
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

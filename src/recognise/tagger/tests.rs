//! Tests of the tagger: tags and decoding, candidate runs, the model file, training, the
//! document pass, and the shipped model on text that has no names.

use super::tags::{self, OUTSIDE, Part, TAGS};
use super::train::{Corpus, TrainOptions};
use super::*;
use crate::entity_type::EntityType;
use crate::eval::{GoldDocument, parse_gold};
use crate::recognise::Recogniser;
use crate::segment::segment;

use EntityType::{Law, Organization as Org, Person, Place};

fn tag_names(tags: &[u8]) -> Vec<String> {
    tags.iter().map(|&t| tags::label(t)).collect()
}

#[test]
fn names_encode_to_bilou_tags_and_decode_back() {
    type Names<'a> = &'a [(std::ops::Range<usize>, EntityType)];
    let cases: &[(usize, Names<'_>, &[&str])] = &[
        (3, &[], &["O", "O", "O"]),
        (3, &[(1..2, Person)], &["O", "U-PERSON", "O"]),
        (
            4,
            &[(0..2, Org), (3..4, Place)],
            &["B-ORG", "L-ORG", "O", "U-PLACE"],
        ),
        (4, &[(0..4, Law)], &["B-LAW", "I-LAW", "I-LAW", "L-LAW"]),
    ];
    for (len, names, expected) in cases {
        let tags = tags::encode(*len, names);
        assert_eq!(tag_names(&tags), *expected);
        assert_eq!(tags::decode(&tags), names.to_vec());
    }
}

#[test]
fn only_well_formed_transitions_are_allowed() {
    let b = |t| tags::tag(t, Part::Begin);
    let i = |t| tags::tag(t, Part::Inside);
    let l = |t| tags::tag(t, Part::Last);
    let u = |t| tags::tag(t, Part::Unit);
    let cases = [
        (OUTSIDE, OUTSIDE, true),
        (OUTSIDE, b(Person), true),
        (OUTSIDE, u(Org), true),
        (OUTSIDE, i(Person), false),
        (OUTSIDE, l(Person), false),
        (b(Person), i(Person), true),
        (b(Person), l(Person), true),
        (b(Person), l(Org), false),
        (b(Person), OUTSIDE, false),
        (i(Law), i(Law), true),
        (l(Place), b(Place), true),
        (u(Place), u(Place), true),
        (u(Place), i(Place), false),
    ];
    for (previous, next, expected) in cases {
        assert_eq!(
            tags::allowed(previous, next),
            expected,
            "{} -> {}",
            tags::label(previous),
            tags::label(next)
        );
    }
    assert!(tags::may_start(b(Law)) && !tags::may_start(l(Law)));
}

#[test]
fn viterbi_finds_the_best_well_formed_sequence() {
    let mut transitions = [0f32; TAGS * TAGS];
    for (index, slot) in transitions.iter_mut().enumerate() {
        if !tags::allowed((index / TAGS) as u8, (index % TAGS) as u8) {
            *slot = f32::NEG_INFINITY;
        }
    }
    let scores_for = |wanted: &[(u8, f32)]| {
        let mut scores = vec![0f32; wanted.len() * TAGS];
        for (i, &(tag, score)) in wanted.iter().enumerate() {
            scores[i * TAGS + usize::from(tag)] = score;
        }
        scores
    };
    let person_inside = tags::tag(Person, Part::Inside);
    let person_last = tags::tag(Person, Part::Last);
    type Wanted<'a> = &'a [(u8, f32)];
    let cases: &[(Wanted<'_>, &[&str])] = &[
        // The token-by-token best (I, L) is not well formed: the best valid path
        // pays for B instead of I.
        (
            &[(person_inside, 2.0), (person_last, 2.0)],
            &["B-PERSON", "L-PERSON"],
        ),
        // Nothing scores: everything is outside (ties go to the lowest tag, O).
        (&[(OUTSIDE, 0.0), (OUTSIDE, 0.0)], &["O", "O"]),
        (&[(tags::tag(Org, Part::Unit), 1.0)], &["U-ORG"]),
    ];
    let mut tags_out = Vec::new();
    for (wanted, expected) in cases {
        tags::viterbi(&scores_for(wanted), &transitions, &mut tags_out);
        assert_eq!(tag_names(&tags_out), *expected);
    }
    tags::viterbi(&[], &transitions, &mut tags_out);
    assert!(tags_out.is_empty());
}

/// Viterbi as first written (every transition tried, the disallowed skipped, full
/// tables): the reference the faster [`tags::viterbi`] must agree with, ties included.
fn reference_viterbi(scores: &[f32], transitions: &[f32; TAGS * TAGS]) -> Vec<u8> {
    let len = scores.len() / TAGS;
    if len == 0 {
        return Vec::new();
    }
    let mut best = vec![f32::NEG_INFINITY; len * TAGS];
    let mut back = vec![0u8; len * TAGS];
    for t in 0..TAGS as u8 {
        if tags::may_start(t) {
            best[usize::from(t)] = scores[usize::from(t)];
        }
    }
    for i in 1..len {
        for next in 0..TAGS as u8 {
            let mut top = f32::NEG_INFINITY;
            let mut from = 0;
            for previous in 0..TAGS as u8 {
                if !tags::allowed(previous, next) {
                    continue;
                }
                let value = best[(i - 1) * TAGS + usize::from(previous)]
                    + transitions[usize::from(previous) * TAGS + usize::from(next)];
                if value > top {
                    top = value;
                    from = previous;
                }
            }
            best[i * TAGS + usize::from(next)] = top + scores[i * TAGS + usize::from(next)];
            back[i * TAGS + usize::from(next)] = from;
        }
    }
    let closed = |t: u8| matches!(tags::parts(t), None | Some((_, Part::Last | Part::Unit)));
    let mut last = 0;
    let mut top = f32::NEG_INFINITY;
    for t in 0..TAGS as u8 {
        let value = best[(len - 1) * TAGS + usize::from(t)];
        if closed(t) && value > top {
            top = value;
            last = t;
        }
    }
    let mut tags_out = vec![OUTSIDE; len];
    tags_out[len - 1] = last;
    for i in (1..len).rev() {
        tags_out[i - 1] = back[i * TAGS + usize::from(tags_out[i])];
    }
    tags_out
}

#[test]
fn viterbi_agrees_with_the_reference_ties_included() {
    // A fixed pseudo-random sequence (xorshift), so the cases are the same every run.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let model = Model::embedded();
    let mut raw = [0f32; TAGS * TAGS];
    for value in &mut raw {
        // Finite weights on forbidden transitions too, as training's are.
        *value = (next() % 7) as f32 - 3.0;
    }
    let mut tags_out = Vec::new();
    for case in 0..2000 {
        let len = 1 + (next() % 9) as usize;
        // Small whole numbers tie often; fractions rarely.
        let scores: Vec<f32> = (0..len * TAGS)
            .map(|_| {
                if case % 2 == 0 {
                    (next() % 5) as f32 - 2.0
                } else {
                    (next() % 10_000) as f32 / 997.0 - 5.0
                }
            })
            .collect();
        for transitions in [model.transitions(), &raw] {
            tags::viterbi(&scores, transitions, &mut tags_out);
            assert_eq!(
                tags_out,
                reference_viterbi(&scores, transitions),
                "case {case}: {scores:?}"
            );
        }
    }
}

#[test]
fn shapes_write_each_class_once() {
    for (word, shape) in [
        ("McDonald", "XxXx"),
        ("NATO", "X"),
        ("40,000", "d,d"),
        ("U.S.", "X.X."),
        ("MS-13", "X-d"),
        ("don't", "x'x"),
    ] {
        assert_eq!(features::shape(word), shape, "{word}");
    }
}

/// The texts of the candidate runs the tagger would decode in `text`.
fn runs(text: &str) -> Vec<&str> {
    let lexicon = Lexicon::embedded();
    let segmented = segment(text);
    let rules = RuleRecogniser::new(lexicon).recognise(text, &segmented);
    let laws = LawRecogniser::new(lexicon)
        .as_model_evidence()
        .recognise(text, &segmented);
    let found = features::extract(text, &segmented, lexicon, &rules, &laws);
    found
        .runs
        .iter()
        .map(|r| {
            let tokens = &segmented.tokens;
            &text[tokens[r.tokens.start].span.start..tokens[r.tokens.end - 1].span.end]
        })
        .collect()
}

#[test]
fn candidate_runs_cover_names_and_skip_lower_case_text() {
    let cases: &[(&str, &[&str])] = &[
        ("the cat sat on the mat.", &[]),
        (
            "He met the Bank of the West and left.",
            &["Bank of the West"],
        ),
        // A closed-class word first in a sentence is no candidate; a name there is.
        ("The cat met Anna Smith.", &["Anna Smith"]),
        ("Anna Smith met the cat.", &["Anna Smith"]),
        ("Tren de Aragua was named.", &["Tren de Aragua"]),
        (
            "under Section 66 (1) of the Income-tax Act, 1922, they said",
            &["Section 66 (1) of the Income-tax Act, 1922"],
        ),
        ("an offence under section 302 of the code", &["section 302"]),
        ("Barrio 18 and MS-13", &["Barrio 18 and MS-13"]),
        // A name never runs across a line break.
        (
            "United Kingdom\nDaniel Smith",
            &["United Kingdom", "Daniel Smith"],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(runs(text), *expected, "{text}");
    }
}

#[test]
fn features_are_a_pure_function_of_the_text() {
    let text = "President Nayib Bukele met officials in San Salvador on Monday.";
    let lexicon = Lexicon::embedded();
    let segmented = segment(text);
    let rules = RuleRecogniser::new(lexicon).recognise(text, &segmented);
    let laws = LawRecogniser::new(lexicon)
        .as_model_evidence()
        .recognise(text, &segmented);
    let first = features::extract(text, &segmented, lexicon, &rules, &laws);
    let second = features::extract(text, &segmented, lexicon, &rules, &laws);
    assert_eq!(first.token_count(), second.token_count());
    for n in 0..first.token_count() {
        assert_eq!(first.of(n), second.of(n));
        assert!(first.of(n).len() > 20, "token {n} has too few features");
    }
    // What the rules propose is evidence: without it the tokens look different.
    let none = Recognition::default();
    let bare = features::extract(text, &segmented, lexicon, &none, &none);
    assert!((0..first.token_count()).any(|n| first.of(n) != bare.of(n)));
}

/// Texts that reach every feature template: names, places of several words, laws and
/// provisions, numbers, brackets, lines in capitals, table rows, words in lower case and
/// capitalised, and words outside ASCII (prefixes and suffixes cut at characters).
const FEATURE_TEXTS: &[&str] = &[
    "Salvadoran President Nayib Bukele met officials of the Bank of the West in San \
     Salvador on Monday. Trump reinvoked the Alien Enemies Act, 1798, against Tren de \
     Aragua; the Terrorism Confinement Centre (CECOT) holds them. The bank said so.",
    "under Section 66 (1) of the Income-tax Act, 1922, read with section 302 and \
     sub-clause (viii) of Article 226, the High Court of Delhi held that u/s 3 applies.",
    "SOCCER - JAPAN GET LUCKY WIN, CHINA IN SURPRISE DEFEAT.\nHalftime 1-0\n\
     Manchester United 3 2 1 0 8 4 7\nCeltic 3 1 1 1 4 4 4",
    "José Ñúñez of Bogotá and Zoë Østergård from Malmö joined Société Générale; \
     Ægir Þórsson (Reykjavík) wrote to the Ministère de l'Économie. @user said \
     New York and new york are the same, and so is Los Angeles to los angeles.",
];

/// A digest of every run and feature hash of `text`.
fn features_digest(text: &str) -> u64 {
    let lexicon = Lexicon::embedded();
    let segmented = segment(text);
    let rules = RuleRecogniser::new(lexicon).recognise(text, &segmented);
    let laws = LawRecogniser::new(lexicon)
        .as_model_evidence()
        .recognise(text, &segmented);
    let found = features::extract(text, &segmented, lexicon, &rules, &laws);
    let mut digest = 0u64;
    let mut add = |value: u64| {
        digest = (digest.rotate_left(9) ^ value).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    };
    for run in &found.runs {
        add(run.tokens.start as u64);
        add(run.tokens.end as u64);
        add(run.sentence as u64);
    }
    for n in 0..found.token_count() {
        add(found.of(n).len() as u64);
        for &hash in found.of(n) {
            add(hash);
        }
    }
    digest
}

#[test]
fn feature_hashes_stay_what_the_shipped_model_was_trained_on() {
    // Computed with the feature code and recognisers the shipped model was trained with:
    // a change here means the model no longer sees what it learned (retrain it with
    // `scripts/model/train.sh`; raise `FEATURE_VERSION` if the feature code changed).
    let expected: [u64; 4] = [
        0xcd8b_edb9_34e9_bf7a,
        // The law recogniser's proposals are features: it now finds "sub-clause (viii)".
        0xe787_72da_ea2d_2ca1,
        0xa47a_4ce2_c6fc_4efb,
        0x0a61_fc57_8182_39e5,
    ];
    let found: Vec<u64> = FEATURE_TEXTS.iter().map(|t| features_digest(t)).collect();
    assert_eq!(found, expected, "{found:#x?}");
}

#[test]
fn recognition_holds_the_features_of_one_sentence_at_a_time() {
    let text = "President Nayib Bukele met Ana Lopez in San Salvador, ".repeat(200)
        + "The Terrorism Confinement Centre (CECOT) opened. Section 66 of the Income-tax Act applies.";
    let lexicon = Lexicon::embedded();
    let segmented = segment(&text);
    assert!(segmented.sentences.len() > 10);
    let rules = RuleRecogniser::new(lexicon).recognise(&text, &segmented);
    let laws = LawRecogniser::new(lexicon)
        .as_model_evidence()
        .recognise(&text, &segmented);
    let whole = features::extract(&text, &segmented, lexicon, &rules, &laws);
    // Cleared after each sentence, as the recogniser does: each time, the runs of one
    // sentence and no more, with the features the whole text's extraction gives them.
    let mut held = features::Features::default();
    let (mut n, mut runs) = (0, 0);
    features::extract_by_sentence(
        &text,
        &segmented,
        lexicon,
        &rules,
        &laws,
        &mut held,
        |one| {
            let sentence = one.runs[0].sentence;
            assert!(one.runs.iter().all(|run| run.sentence == sentence));
            assert!(one.token_count() <= segmented.sentences[sentence].tokens.len());
            for (i, run) in one.runs.iter().enumerate() {
                assert_eq!(*run, whole.runs[runs + i]);
            }
            for m in 0..one.token_count() {
                assert_eq!(one.of(m), whole.of(n + m), "run token {}", n + m);
            }
            runs += one.runs.len();
            n += one.token_count();
            one.clear();
        },
    );
    assert_eq!((runs, n), (whole.runs.len(), whole.token_count()));
}

fn small_model() -> Model {
    let features = vec![
        (7u64, [0.5; TAGS]),
        (3u64, {
            let mut w = [0.0; TAGS];
            w[1] = -2.25;
            w[16] = 30.0;
            w
        }),
    ];
    let mut transitions = [0.0; TAGS * TAGS];
    transitions[5] = 1.5;
    Model::from_weights(features, transitions)
}

#[test]
fn a_model_file_reads_back_to_the_same_bytes() {
    let model = small_model();
    let bytes = model.to_bytes();
    let read = Model::from_bytes(&bytes).unwrap();
    assert_eq!(read.to_bytes(), bytes);
    assert_eq!(read.fingerprint(), model.fingerprint());
    assert_eq!(read.feature_count(), 2);
    let mut scores = [0f32; TAGS];
    read.score(&[3, 7, 99], &mut scores);
    assert!((scores[16] - 30.5).abs() < 1e-2, "{scores:?}");
    assert!((scores[1] + 1.75).abs() < 1e-2, "{scores:?}");
}

#[test]
fn a_feature_the_model_lacks_adds_nothing_even_where_a_known_one_starts_its_search() {
    let model = small_model();
    // Every hash here starts its search where 3 or 7 do (same low bits) in a small table.
    for absent in [
        3 + 16,
        7 + 64,
        99,
        3 + (1 << 40),
        7 | (1 << 63),
        u64::MAX - 12,
    ] {
        let mut scores = [0f32; TAGS];
        model.score(&[absent], &mut scores);
        assert_eq!(scores, [0f32; TAGS], "hash {absent}");
    }
    let mut scores = [0f32; TAGS];
    model.score(&[7], &mut scores);
    assert_eq!(
        scores,
        [model.features().find(|f| f.0 == 7).unwrap().1[0]; TAGS]
    );
}

#[test]
fn damaged_model_files_are_refused_with_a_reason() {
    let good = small_model().to_bytes();
    let mut wrong_features = good.clone();
    wrong_features[12] = 99;
    let mut wrong_tags = good.clone();
    wrong_tags[16] = 5;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "truncated"),
        (
            "not a model",
            b"hello world, this is text".to_vec(),
            "header",
        ),
        (
            "truncated",
            good[..good.len() - 3].to_vec(),
            "bytes of features",
        ),
        ("feature version", wrong_features, "retrain"),
        ("tag count", wrong_tags, "tags"),
    ];
    for (name, bytes, reason) in cases {
        let error = Model::from_bytes(&bytes).unwrap_err().to_string();
        assert!(error.contains(reason), "{name}: {error}");
    }
}

#[test]
fn the_embedded_model_loads() {
    let model = Model::embedded();
    assert!(model.feature_count() > 10_000, "{}", model.feature_count());
}

fn tiny_gold() -> Vec<GoldDocument> {
    let lines = [
        r#"{"id":"a","text":"Maria Lopez joined Acme Corporation in Lisbon.","entities":[{"start":0,"end":11,"type":"PERSON"},{"start":19,"end":35,"type":"ORG"},{"start":39,"end":45,"type":"PLACE"}]}"#,
        r#"{"id":"b","text":"Acme Corporation hired Peter Novak in Lisbon.","entities":[{"start":0,"end":16,"type":"ORG"},{"start":23,"end":34,"type":"PERSON"},{"start":38,"end":44,"type":"PLACE"}]}"#,
        r#"{"id":"c","text":"In Lisbon, Maria Lopez praised the Data Protection Act.","entities":[{"start":3,"end":9,"type":"PLACE"},{"start":11,"end":22,"type":"PERSON"},{"start":35,"end":54,"type":"LAW"}]}"#,
    ];
    parse_gold("tiny.jsonl", &lines.join("\n")).unwrap()
}

fn train_tiny(options: TrainOptions) -> Model {
    let corpora = [Corpus {
        documents: tiny_gold(),
        weight: 1.0,
    }];
    train::train(&corpora, &[], &options, Lexicon::embedded(), &mut |_| {})
}

#[test]
fn training_twice_gives_byte_identical_models_that_learned_the_gold() {
    let plain = TrainOptions {
        epochs: 5,
        ..TrainOptions::default()
    };
    // As the shipped model is trained: features dropped at random, several rounds.
    let regularised = TrainOptions {
        epochs: 8,
        dropout: 0.3,
        rounds: 3,
        ..TrainOptions::default()
    };
    let mut models = Vec::new();
    for options in [plain, regularised] {
        let first = train_tiny(options.clone());
        let second = train_tiny(options.clone());
        assert_eq!(first.to_bytes(), second.to_bytes(), "{options:?}");
        let recogniser =
            crate::recognise::with_model(Lexicon::embedded(), Arc::new(first.clone()), None);
        let scores = crate::eval::evaluate(&tiny_gold(), &recogniser);
        assert_eq!(
            scores.exact_overall.f1, 1.0,
            "{options:?}: {:#?}",
            scores.errors
        );
        models.push(first.to_bytes());
    }
    assert_ne!(
        models[0], models[1],
        "dropout and rounds change what is learned"
    );
}

#[test]
fn gold_names_off_token_boundaries_are_counted_not_learned() {
    let line = r#"{"id":"x","text":"Visit Lisbonia now and Porto too.","entities":[{"start":6,"end":12,"type":"PLACE"},{"start":23,"end":28,"type":"PLACE"}]}"#;
    let gold = parse_gold("x.jsonl", line).unwrap();
    let segmented = segment(&gold[0].text);
    let (names, unaligned) = train::gold_tokens(&gold[0], &segmented);
    assert_eq!(unaligned, 1, "\"Lisbon\" inside \"Lisbonia\"");
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].1, Place);
}

/// What the default recogniser finds in `text`, as (text, type).
fn found(text: &str) -> Vec<(&str, EntityType)> {
    crate::recognise::standard(Lexicon::embedded())
        .recognise(text, &segment(text))
        .typed_spans(text)
}

/// Asserts that the standard recogniser finds exactly these names in each text.
fn assert_found(cases: &[(&str, &[(&str, EntityType)])]) {
    for (text, expected) in cases {
        assert_eq!(found(text), *expected, "{text}");
    }
}

#[test]
fn an_abbreviated_country_is_split_from_the_organisation_the_rules_found_after_it() {
    use Part::{Begin, Inside, Last, Unit};
    let merged = [
        tags::tag(Org, Begin),
        tags::tag(Org, Inside),
        tags::tag(Org, Last),
    ];
    let split = [
        tags::tag(Place, Unit),
        tags::tag(Org, Begin),
        tags::tag(Org, Last),
    ];
    let rule_names = [(0..1, Place), (1..3, Org)];
    // (text, the tagger's tags, the tags after)
    let cases: &[(&str, [u8; 3], [u8; 3])] = &[
        ("US Republican Party", merged, split),
        ("U.S. Republican Party", merged, split),
        // A spelled-out country may start the organisation's own name.
        ("Fiji Labour Party", merged, merged),
        // Where the tagger already split them, or found no organisation, nothing changes.
        ("US Republican Party", split, split),
        ("US Republican Party", [OUTSIDE; 3], [OUTSIDE; 3]),
    ];
    for (text, before, after) in cases {
        let segmented = segment(text);
        let mut tags = before.to_vec();
        split_country_abbreviations(
            &mut tags,
            &rule_names,
            0,
            text,
            &segmented,
            Lexicon::embedded(),
        );
        assert_eq!(tags, after.to_vec(), "{text}");
    }
}

#[test]
fn a_definition_of_another_kind_outweighs_a_person_the_tagger_read() {
    assert_found(&[
        (
            "Herman Miller is an American company.",
            &[("Herman Miller", Org)],
        ),
        (
            "Jesus Jones is an English alternative rock band formed in 1988.",
            &[("Jesus Jones", Org)],
        ),
        (
            "Herman Miller was an American designer.",
            &[("Herman Miller", Person)],
        ),
    ]);
}

#[test]
fn people_named_with_particles_or_surnames_that_are_also_words_are_kept() {
    assert_found(&[
        (
            "Osama Bin Laden was killed in 2011. Bin Laden had hidden for years.",
            &[("Osama Bin Laden", Person), ("Bin Laden", Person)],
        ),
        (
            "President George Bush met reporters on Monday. Bush said little.",
            &[("George Bush", Person), ("Bush", Person)],
        ),
    ]);
}

#[test]
fn organisation_names_with_a_head_word_are_kept() {
    // The model learned from court judgments and contracts full of unannotated company
    // names; the rules' organisation names win unless it is sure (`back_off_margin`).
    assert_found(&[
        (
            "Zqacme Company said that sales fell.",
            &[("Zqacme Company", Org)],
        ),
        (
            "Zqford Motor Co. said on Monday that sales fell.",
            &[("Zqford Motor Co.", Org)],
        ),
    ]);
}

#[test]
fn text_without_names_yields_no_entities() {
    let cases: &[(&str, &str)] = &[
        (
            "contractions and pronouns",
            "\"Don't count the days, make the days count.\" I'm not sure who said it.\nI've always said that. I'd rather be honest. You're welcome, and they're free to leave.\nDon't worry. It's fine. We'll see.",
        ),
        (
            "greetings",
            "Hello! Hi there, thanks for reading. Goodbye and good luck.\nDear friends,\nBest wishes,",
        ),
        (
            "headings in capitals",
            "INSTALLATION\n\nTo install the package, run the installer.\n\nTROUBLESHOOTING\n\nCHAPTER TWO",
        ),
        (
            "a manual",
            "Click Next, then Finish. Note: If the Settings menu is hidden, press Ctrl+S.\nWarning: Do not unplug the device. Step 3. Open the File menu and choose Save As.",
        ),
        (
            "a table",
            "Played Won Drawn Lost For Against Points\n12 7 6 77 76 30\n10 8 5 60 59 25\nFulltime 2-1",
        ),
        (
            "a sports heading",
            "SOCCER - LEAGUE STANDINGS AFTER SATURDAY'S GAMES",
        ),
        (
            "a licence",
            "This program is free software; you can redistribute it under the terms of the General Public License. The License applies to the Software. A license is granted to each Contributor. Amount the Licensor received: none. Standings (played, won, lost):\nTHE SOFTWARE IS PROVIDED WITHOUT WARRANTY OF ANY KIND, INCLUDING MERCHANTABILITY AND FITNESS.\nThe Licensor grants the Licensee a licence. Each Borrower shall repay the Lenders, and Licensee shall pay Licensor.",
        ),
        (
            "nationalities",
            "Tens of thousands of Germans and Italians were interned, along with Japanese families. Salvadorans voted.",
        ),
    ];
    for (kind, text) in cases {
        assert_eq!(found(text), [], "{kind}");
    }
}

#[test]
fn a_table_row_is_never_one_entity() {
    for text in [
        "HARTFORD 12 7 6 77 76 30\nSPRINGFIELD 10 8 5 60 59 25",
        "Leeds 3 Arsenal 1\nChelsea 2 Everton 2",
    ] {
        for (span, _) in found(text) {
            assert!(
                !span.chars().any(|c| c.is_ascii_digit()),
                "{span:?} in {text:?}"
            );
        }
    }
}

#[test]
fn people_organisations_places_and_laws_are_found() {
    let text = "Steve Jobs founded Apple in California. Later, Jobs said the Data Protection Act of 1998 mattered to IBM.";
    let names = found(text);
    for expected in [
        ("Steve Jobs", Person),
        ("California", Place),
        ("Data Protection Act of 1998", Law),
        ("IBM", Org),
    ] {
        assert!(names.contains(&expected), "{expected:?} in {names:?}");
    }
}

#[test]
fn a_defined_acronym_takes_its_long_forms_type_everywhere() {
    let text = "Detainees were sent to the Terrorism Confinement Centre (CECOT) last week.\nCECOT holds 40,000 people. Critics visited CECOT.";
    let names = found(text);
    let types: Vec<EntityType> = names
        .iter()
        .filter(|(s, _)| *s == "CECOT")
        .map(|&(_, t)| t)
        .collect();
    let long = names
        .iter()
        .find(|(s, _)| *s == "Terrorism Confinement Centre")
        .map(|&(_, t)| t);
    assert_eq!(types.len(), 3, "{names:?}");
    assert!(types.iter().all(|&t| Some(t) == long), "{names:?}");
}

#[test]
fn titles_before_a_name_are_left_out_of_it() {
    // (the words the tagger reads as one person, what the name is)
    let cases: &[(&str, &str)] = &[
        ("President Obama", "Obama"),
        ("Dr. Chris Smith", "Chris Smith"),
        ("Prime Minister David Cameron", "David Cameron"),
        ("Senator Ted Cruz", "Ted Cruz"),
        ("Foreign Secretary Boris Johnson", "Boris Johnson"),
        // A given name before a title word is part of the name.
        ("Mary Bishop Jones", "Mary Bishop Jones"),
        ("Chris Smith", "Chris Smith"),
        // A title alone, or before no capitalised word, stays.
        ("President", "President"),
        ("Bishop", "Bishop"),
        ("President of", "President of"),
    ];
    let lexicon = Lexicon::embedded();
    for (words, expected) in cases {
        let text = format!("Yesterday {words} spoke.");
        let segmented = segment(&text);
        let count = segment(words).tokens.len();
        let kept = without_titles(0..count, 1, &text, &segmented, lexicon);
        let span = Span::new(
            segmented.tokens[1 + kept.start].span.start,
            segmented.tokens[kept.end].span.end,
        );
        assert_eq!(span.of(&text), *expected, "{words}");
    }
}

#[test]
fn people_read_side_by_side_are_one_person_after_a_given_name_or_before_a_generation() {
    use Part::{Begin, Inside, Last, Unit};
    let (u, b, i, l) = (
        tags::tag(Person, Unit),
        tags::tag(Person, Begin),
        tags::tag(Person, Inside),
        tags::tag(Person, Last),
    );
    // (text, the tagger's tags, the tags after)
    let cases: &[(&str, &[u8], &[u8])] = &[
        ("George Bush said", &[u, u, OUTSIDE], &[b, l, OUTSIDE]),
        ("Laura Bush Clinton", &[u, b, l], &[b, i, l]),
        ("James King III", &[b, l, u], &[b, i, l]),
        ("King III", &[u, u], &[b, l]),
        // Not a list of names without commas, nor names apart.
        ("Gaga Nicki Minaj", &[u, b, l], &[u, b, l]),
        ("George , Bush", &[u, OUTSIDE, u], &[u, OUTSIDE, u]),
        ("George\nBush", &[u, u], &[u, u]),
        (
            "George Bush",
            &[u, tags::tag(Org, Unit)],
            &[u, tags::tag(Org, Unit)],
        ),
    ];
    for (text, before, after) in cases {
        let segmented = segment(text);
        let mut tags = before.to_vec();
        join_adjacent_people(&mut tags, 0, text, &segmented, Lexicon::embedded());
        assert_eq!(tag_names(&tags), tag_names(after), "{text}");
    }
}

#[test]
fn a_given_name_and_a_surname_the_model_knows_alone_are_one_person() {
    assert_found(&[
        ("George Bush said he would run.", &[("George Bush", Person)]),
        ("Laura Bush met reporters.", &[("Laura Bush", Person)]),
    ]);
}

#[test]
fn a_plain_word_is_an_ordinary_word_or_an_abstract_noun_but_no_name() {
    // (word, whether it is plain: a person made only of such words is dropped)
    let cases = [
        ("License", true),
        ("WARRANTY", true),
        ("MERCHANTABILITY", true),
        ("Settlements", true),
        ("Bush", false),
        ("Clement", false),
        ("Bin", false),
        ("Obama", false),
    ];
    for (word, plain) in cases {
        let segmented = segment(word);
        assert_eq!(
            is_plain_word(&segmented, Lexicon::embedded(), 0),
            plain,
            "{word}"
        );
    }
}

#[test]
fn a_given_name_before_a_street_word_is_a_street() {
    // (a name, whether its last word makes it a street)
    for (name, street) in [
        ("Franklin St", true),
        ("Biscayne Blvd", true),
        ("Ocean Ave.", true),
        ("Tom Lane", false),
        ("Picabo Street", false),
    ] {
        let segmented = segment(name);
        assert_eq!(is_street_word(segmented.folds.of(1)), street, "{name}");
    }
    assert_found(&[(
        "Write to the Free Software Foundation, 51 Franklin St, Fifth Floor, Boston.",
        &[
            ("Free Software Foundation", Org),
            ("Franklin St", Place),
            ("Boston", Place),
        ],
    )]);
}

#[test]
fn wire_stories_headlines_and_results_are_read_with_their_bodies() {
    assert_found(&[
        (
            "GOLF - NORMAN AND FALDO SHARE LEAD .\n\
             Greg Norman and Nick Faldo shared the lead in Memphis on Saturday .",
            &[
                ("NORMAN", Person),
                ("FALDO", Person),
                ("Greg Norman", Person),
                ("Nick Faldo", Person),
                ("Memphis", Place),
            ],
        ),
        (
            "SOCCER - SPANISH LEAGUE RESULTS .\n\
             Results of Spanish league matches on Sunday :\n\
             Barcelona 3 ( Ronaldo 12 , 67 , Pizzi 80 ) Valencia 1 ( Mijatovic 55 )\n\
             Leading scorers :\n\
             6 - Ronaldo ( Barcelona )",
            &[
                ("Barcelona", Org),
                ("Ronaldo", Person),
                ("Pizzi", Person),
                ("Valencia", Org),
                ("Mijatovic", Person),
                ("Ronaldo", Person),
                ("Barcelona", Org),
            ],
        ),
    ]);
}

use super::*;
use crate::recognise::{Recogniser, RuleRecogniser};
use crate::segment::segment;

fn resolve(text: &str) -> DocumentEntities {
    let recognition = RuleRecogniser::default().recognise(text, &segment(text));
    resolve_document(
        text,
        &recognition,
        Lexicon::embedded(),
        &Decisions::default(),
    )
}

/// (type label, canonical label, sorted names) of every entity.
fn summary(entities: &[Entity]) -> Vec<(&'static str, String, Vec<String>)> {
    entities
        .iter()
        .map(|e| {
            (
                e.entity_type.label(),
                e.label.clone(),
                e.names.keys().cloned().collect(),
            )
        })
        .collect()
}

fn entity<'a>(entities: &'a [Entity], label: &str) -> &'a Entity {
    entities
        .iter()
        .find(|e| e.label == label)
        .unwrap_or_else(|| panic!("no entity {label:?} in {:#?}", summary(entities)))
}

#[test]
fn surnames_join_the_full_name() {
    let resolved = resolve("Donald Trump spoke. Later, Trump left.");
    let trump = entity(&resolved.entities, "Donald Trump");
    assert_eq!(trump.mention_count(), 2);
    assert!(
        trump.merges.iter().any(|m| m.rule == "surname"),
        "{:?}",
        trump.merges
    );
}

#[test]
fn ambiguous_surnames_stay_apart() {
    let resolved = resolve("Donald Trump met Ivanka Trump. Then Trump spoke.");
    assert_eq!(
        entity(&resolved.entities, "Donald Trump").mention_count(),
        1
    );
    assert_eq!(
        entity(&resolved.entities, "Ivanka Trump").mention_count(),
        1
    );
    assert_eq!(entity(&resolved.entities, "Trump").mention_count(), 1);
}

#[test]
fn stated_acronyms_join_their_expansion() {
    let resolved =
        resolve("The Inter-American Commission on Human Rights (IACHR) met. The IACHR said so.");
    let commission = entity(
        &resolved.entities,
        "Inter-American Commission on Human Rights",
    );
    assert_eq!(commission.names.get("IACHR"), Some(&2));
}

#[test]
fn gazetteer_aliases_are_one_place() {
    let resolved =
        resolve("He left the USA. US officials and U.S. courts and the United States agreed.");
    let us = entity(&resolved.entities, "United States");
    assert_eq!(us.mention_count(), 4);
    assert!(us.place.is_some());
}

#[test]
fn laws_with_and_without_year_are_one_law() {
    let resolved =
        resolve("He invoked the Alien Enemies Act of 1798. The Alien Enemies Act is old.");
    let act = entity(&resolved.entities, "Alien Enemies Act");
    assert_eq!(act.year, Some(1798));
    assert_eq!(act.mention_count(), 2);
}

#[test]
fn user_decisions_override_rules() {
    let text = "Donald Trump spoke. Later, Trump left.";
    let recognition = RuleRecogniser::default().recognise(text, &segment(text));
    let decisions = Decisions {
        same: vec![],
        not_same: vec![("donald trump".into(), "trump".into())],
        aliases: vec![],
    };
    let resolved = resolve_document(text, &recognition, Lexicon::embedded(), &decisions);
    assert_eq!(
        entity(&resolved.entities, "Donald Trump").mention_count(),
        1
    );
}

#[test]
fn corpus_resolution_links_documents() {
    let documents = [
        resolve(
            "Salvadoran President Nayib Bukele built the Terrorism Confinement Centre (CECOT).",
        ),
        resolve("Bukele said CECOT is full. Nayib Bukele agreed."),
        resolve("Bukele spoke about CECOT again."),
    ];
    let table = resolve_corpus(&documents, Lexicon::embedded(), &Decisions::default());
    let bukele = entity(&table.entities, "Nayib Bukele");
    assert_eq!(bukele.mention_count(), 4, "{:#?}", summary(&table.entities));
    let cecot = entity(&table.entities, "Terrorism Confinement Centre");
    assert_eq!(cecot.mention_count(), 4, "{:#?}", summary(&table.entities));
    assert_eq!(table.local_to_global.len(), 3);
    for (document, map) in documents.iter().zip(&table.local_to_global) {
        assert_eq!(document.entities.len(), map.len());
    }
}

#[test]
fn corpus_resolution_keeps_each_distinct_entity_once_and_ignores_document_order() {
    let texts = [
        "Nayib Bukele met Donald Trump. Trump praised Bukele.",
        "Bukele spoke. Nayib Bukele agreed with Donald Trump.",
        "Trump spoke about El Salvador.",
        "Mary Trump wrote a book.",
    ];
    let documents: Vec<DocumentEntities> = texts.iter().map(|t| resolve(t)).collect();
    // A thousand copies of the same documents are as many items as one copy.
    let mut once = LocalEntities::default();
    for document in &documents {
        for entity in &document.entities {
            once.add(entity);
        }
    }
    let mut many = LocalEntities::default();
    for _ in 0..1000 {
        for document in &documents {
            for entity in &document.entities {
                many.add(entity);
            }
        }
    }
    assert_eq!(once.len(), many.len());
    // Any order of the documents gives the same table.
    let forward = resolve_corpus(&documents, Lexicon::embedded(), &Decisions::default());
    let mut reversed_documents = documents.clone();
    reversed_documents.reverse();
    let mut backward = resolve_corpus(
        &reversed_documents,
        Lexicon::embedded(),
        &Decisions::default(),
    );
    backward.local_to_global.reverse();
    assert_eq!(forward, backward);
    // Two people share the surname "Trump": the lone "Trump" joins neither.
    let labels: Vec<&str> = forward.entities.iter().map(|e| e.label.as_str()).collect();
    assert!(
        labels.contains(&"Donald Trump") && labels.contains(&"Mary Trump"),
        "{labels:?}"
    );
}

#[test]
fn name_keys() {
    let cases = [
        (
            EntityType::Law,
            "the Alien Enemies Act of 1798",
            "alien enemies act",
        ),
        (EntityType::Law, "Regulation 2016", "regulation"),
        (EntityType::Person, "Nicolás Maduro", "nicolas maduro"),
        (EntityType::Organization, "MS-13", "ms13"),
    ];
    for (entity_type, name, key) in cases {
        assert_eq!(name_key(entity_type, name), key, "{name}");
    }
}

//! Relation rules as specifications: each case is a text and the facts it states, written
//! `subject | predicate label | object`.

use super::*;
use crate::lexicon::Lexicon;
use crate::resolve::{Decisions, resolve_document};
use crate::segment::{Segmented, segment};

/// Text with its mentions marked, so that the cases test relations whatever the recogniser
/// finds: `[Donald Trump]P` is a person, `]O` an organisation, `]L` a place, `]W` a law.
fn marked_up(marked: &str) -> (String, Recognition) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let close = open + rest[open..].find(']').expect("a closing bracket");
        let start = text.len();
        text.push_str(&rest[open + 1..close]);
        let entity_type = match &rest[close + 1..close + 2] {
            "P" => EntityType::Person,
            "O" => EntityType::Organization,
            "L" => EntityType::Place,
            "W" => EntityType::Law,
            other => panic!("unknown type letter {other:?}"),
        };
        spans.push((Span::new(start, text.len()), entity_type));
        rest = &rest[close + 2..];
    }
    text.push_str(rest);
    let segmented = segment(&text);
    let mentions = spans
        .into_iter()
        .map(|(span, entity_type)| crate::recognise::Mention {
            span,
            entity_type,
            sentence: segmented
                .sentences
                .iter()
                .position(|s| s.span.contains(span))
                .expect("a mention inside a sentence"),
            rule: "test",
            confidence: 0.9,
        })
        .collect();
    let recognition = Recognition {
        mentions,
        aliases: Vec::new(),
    };
    (text, recognition)
}

/// The facts the marked-up text states, as `subject | label | object` lines, sorted.
fn facts(text: &str) -> Vec<String> {
    facts_with(text, &Inventory::embedded())
}

/// Runs resolution and relate on marked-up text: the text, its segmentation, its entities
/// and what it states.
fn run(marked: &str, inventory: &Inventory) -> (String, Segmented, DocumentEntities, Relations) {
    let lexicon = Lexicon::embedded();
    let (text, recognition) = marked_up(marked);
    let segmented = segment(&text);
    let entities = resolve_document(&text, &recognition, lexicon, &Decisions::default());
    let found = relate(
        &text,
        &segmented,
        &recognition,
        &entities,
        lexicon,
        inventory,
    );
    (text, segmented, entities, found)
}

fn facts_with(marked: &str, inventory: &Inventory) -> Vec<String> {
    let lexicon = Lexicon::embedded();
    let (_, _, entities, found) = run(marked, inventory);
    let label = |entity: usize| match entities.entities.get(entity) {
        Some(e) => e.label.clone(),
        None => {
            let implied = found.implied.iter().find(|i| i.entity == entity).unwrap();
            lexicon.places[implied.place].name.clone()
        }
    };
    let mut lines: Vec<String> = found
        .relations
        .iter()
        .map(|r| {
            let object = match &r.object {
                Object::Entity(a) => label(a.entity),
                Object::Position(p) => format!("[{}]", p.label),
                Object::Quantity(n) => n.to_string(),
                Object::Year(y) => y.to_string(),
            };
            format!(
                "{} | {} | {object}",
                label(r.subject.entity),
                r.predicate.label
            )
        })
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

fn check(cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let found = facts(text);
        if found != *expected {
            failures.push(format!(
                "{text}\n  expected {expected:?}\n  found    {found:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn titles_state_positions_citizenship_and_employers() {
    check(&[
        (
            "Argentine Security Minister [Patricia Bullrich]P spoke on Monday.",
            &[
                "Patricia Bullrich | country of citizenship | Argentina",
                "Patricia Bullrich | position held | [Security Minister of Argentina]",
            ],
        ),
        (
            "The delegation was led by then Congressman [Matt Gaetz]P.",
            &["Matt Gaetz | position held | [Congressman]"],
        ),
        (
            "Peruvian Prime Minister [Alberto Otárola]P resigned.",
            &[
                "Alberto Otárola | country of citizenship | Peru",
                "Alberto Otárola | position held | [Prime Minister of Peru]",
                "Peru | head of government | Alberto Otárola",
            ],
        ),
        ("Mr. [John Smith]P arrived late.", &[]),
        (
            "Former Treasurer [Peter Costello]P and Colonel [Jesse Auton]P met.",
            &[
                "Jesse Auton | military rank | [Colonel]",
                "Peter Costello | position held | [Treasurer]",
            ],
        ),
        (
            "Attorney General [Pam Bondi]P and Major General [Gerald Daniel]P spoke.",
            &[
                "Gerald Daniel | military rank | [Major General]",
                "Pam Bondi | position held | [Attorney General]",
            ],
        ),
        (
            "[Nayib Bukele]P, the president of [El Salvador]L, spoke.",
            &["Nayib Bukele | position held | [President of El Salvador]"],
        ),
        (
            "[Ana Pérez]P, a spokeswoman for [Cristosal]O, said so.",
            &["Ana Pérez | employer | Cristosal"],
        ),
    ]);
}

#[test]
fn demonyms_and_countries_place_people_and_organisations() {
    check(&[
        (
            "Several YouTubers, including [Luisito Comunica]P from [Mexico]L, came.",
            &["Luisito Comunica | country of citizenship | Mexico"],
        ),
        (
            "[Trump]P deported members of the Venezuelan criminal organization [Tren de Aragua]O.",
            &[
                "Tren de Aragua | country | Venezuela",
                "Trump | deported | Tren de Aragua",
            ],
        ),
        (
            "A [US]L [Republican Party]O delegation arrived.",
            &["Republican Party | country | United States"],
        ),
        (
            "They were sent to [El Salvador]L's maximum-security [Terrorism Confinement Centre]L.",
            &["Terrorism Confinement Centre | country | El Salvador"],
        ),
        (
            "He launched a purge against [El Salvador]L's gangs – including the dreaded [MS-13]O and [Barrio 18]O – in 2022.",
            &[
                "Barrio 18 | country | El Salvador",
                "MS-13 | country | El Salvador",
            ],
        ),
        // A verb between the country and the organisation is no modifier.
        (
            "[Venezuela]L sanctioned [Tren de Aragua]O last year.",
            &["Venezuela | sanctioned | Tren de Aragua"],
        ),
    ]);
}

#[test]
fn places_capitals_governments_and_parties() {
    check(&[
        (
            "The prison is 45 miles east of the capital [San Salvador]L.",
            &["San Salvador | capital of | El Salvador"],
        ),
        (
            "[Lima]L, the capital of [Peru]L, was quiet.",
            &["Lima | capital of | Peru"],
        ),
        (
            "He acted at the behest of the [Nicolas Maduro]P government in [Venezuela]L.",
            &["Venezuela | head of government | Nicolas Maduro"],
        ),
        (
            "A [Republican Party]O delegation from the [House of Representatives]O, led by then Congressman [Matt Gaetz]P, arrived.",
            &[
                "Matt Gaetz | member of political party | Republican Party",
                "Matt Gaetz | position held | [Congressman]",
            ],
        ),
        (
            "[Matt Gaetz]P, a member of the [Republican Party]O, spoke.",
            &["Matt Gaetz | member of political party | Republican Party"],
        ),
        (
            "[Cristosal]O, based in [San Salvador]L, published a report.",
            &["Cristosal | headquarters location | San Salvador"],
        ),
        (
            "[Cristosal]O, founded in 2000, published a report.",
            &["Cristosal | inception | 2000"],
        ),
    ]);
}

#[test]
fn capacities_and_law_years() {
    check(&[
        (
            "[CECOT]L is a new prison. The prison, built to hold 40,000 inmates, opened in 2023.",
            &["CECOT | maximum capacity | 40000"],
        ),
        // A population is not a capacity.
        ("[CECOT]L holds more than 13,000 inmates.", &[]),
        (
            "The order invoked the [Alien Enemies Act of 1798]W.",
            &["Alien Enemies Act | inception | 1798"],
        ),
    ]);
}

#[test]
fn verbs_state_event_relations() {
    check(&[
        (
            "[Donald Trump]P has deported alleged members of the Venezuelan criminal organization [Tren de Aragua]O to [El Salvador]L.",
            &[
                "Donald Trump | deported | Tren de Aragua",
                "Tren de Aragua | country | Venezuela",
            ],
        ),
        (
            "Now, [Trump]P has reinvoked the [Alien Enemies Act]W.",
            &["Trump | invoked | Alien Enemies Act"],
        ),
        (
            "[Trump]P accused [Tren de Aragua]O of flooding the country with drugs.",
            &["Trump | accused | Tren de Aragua"],
        ),
        (
            "[Tren de Aragua]O was accused by [Donald Trump]P of crimes.",
            &["Donald Trump | accused | Tren de Aragua"],
        ),
        (
            "[European Commission]O sued [Google]O over its advertising business.",
            &["European Commission | sued | Google"],
        ),
        (
            "[Angela Merkel]P met with [Emmanuel Macron]P in [Paris]L.",
            &["Angela Merkel | met with | Emmanuel Macron"],
        ),
        (
            "[Human Rights Watch]O reported on the [Terrorism Confinement Centre]L.",
            &["Human Rights Watch | reported on | Terrorism Confinement Centre"],
        ),
        (
            "[Trump]P's invocation of the [Alien Enemies Act]W drew criticism.",
            &["Trump | invoked | Alien Enemies Act"],
        ),
    ]);
}

#[test]
fn descriptions_and_pronouns_find_their_entities() {
    check(&[
        (
            "[CECOT]L has attracted attention. Argentine Security Minister [Patricia Bullrich]P praised the facility in a post.",
            &[
                "Patricia Bullrich | country of citizenship | Argentina",
                "Patricia Bullrich | position held | [Security Minister of Argentina]",
                "Patricia Bullrich | praised | CECOT",
            ],
        ),
        (
            "[Joe Biden]P spoke on Monday. He praised [Cristosal]O for its work.",
            &["Joe Biden | praised | Cristosal"],
        ),
        // No facility before: "the prison" names nothing.
        ("[Matt Gaetz]P visited the prison.", &[]),
    ]);
}

#[test]
fn denials_hedges_questions_and_possessives_state_nothing() {
    check(&[
        ("[Donald Trump]P did not visit [Mexico]L.", &[]),
        ("[Donald Trump]P denied that he met [Vladimir Putin]P.", &[]),
        (
            "[Donald Trump]P never invoked the [Insurrection Act]W.",
            &[],
        ),
        ("[Donald Trump]P could invoke the [Insurrection Act]W.", &[]),
        ("[Donald Trump]P plans to visit [Mexico]L.", &[]),
        ("Did [Donald Trump]P visit [Mexico]L?", &[]),
        (
            "If [Donald Trump]P visits [Mexico]L, there will be protests.",
            &[],
        ),
        // The object is the critics, not the party; the subject is the minister.
        ("[Trump]P's critics praised [Cristosal]O's report.", &[]),
        ("[Bukele]P's justice minister praised [Cristosal]O.", &[]),
        // An entity inside a prepositional phrase is not the subject.
        ("A lawyer for [Nicolas Maduro]P visited [Spain]L.", &[]),
        // Gerunds without a clause of their own, and objects past another verb.
        (
            "[Eberhard Faber]P was a founding member of [God Street Wine]O.",
            &[],
        ),
        (
            "[Carmen Cavallaro]P toured [Europe]L supporting [Iggy Pop]P.",
            &["Carmen Cavallaro | visited | Europe"],
        ),
        (
            "[Bob Wise]P signed legislation allowing [Fairmont State College]O to grow.",
            &[],
        ),
    ]);
}

#[test]
fn user_inventories_add_verbs() {
    let mut inventory = Inventory::embedded();
    inventory
        .add(
            "mine.tsv",
            "acquired\tacquired\tacquire|buy|bought\tacquisition\n",
        )
        .unwrap();
    assert_eq!(
        facts_with(
            "[Microsoft]O bought [Activision Blizzard]O in 2023.",
            &inventory
        ),
        ["Microsoft | acquired | Activision Blizzard"]
    );
    assert!(facts("[Microsoft]O bought [Activision Blizzard]O in 2023.").is_empty());
}

#[test]
fn relations_are_sorted_and_evidence_lies_in_the_sentence() {
    let (text, segmented, _, found) = run(
        "[Trump]P accused [Tren de Aragua]O of crimes. Now, [Trump]P has reinvoked the [Alien Enemies Act]W.",
        &Inventory::embedded(),
    );
    let text = text.as_str();
    assert_eq!(found.relations.len(), 2);
    let evidence: Vec<&str> = found
        .relations
        .iter()
        .map(|r| r.evidence.of(text))
        .collect();
    assert_eq!(
        evidence,
        [
            "Trump accused Tren de Aragua",
            "Trump has reinvoked the Alien Enemies Act"
        ]
    );
    for relation in &found.relations {
        assert!(
            segmented.sentences[relation.sentence]
                .span
                .contains(relation.evidence)
        );
    }
}

#[test]
fn every_clause_of_a_long_line_states_its_relations() {
    // One line without sentence punctuation, cut into long sentences at commas: each
    // clause states what it states alone, however far into the line it is (the agent of a
    // nominalisation was looked for from the first token of the document, and a place
    // among all the document's entities and implied places).
    let clause = "the invocation of the [Alien Enemies Act]W by [Donald Trump]P drew criticism \
                  and Argentine Security Minister [Patricia Bullrich]P spoke, ";
    let stated = [
        "Donald Trump | invoked | Alien Enemies Act",
        "Patricia Bullrich | country of citizenship | Argentina",
        "Patricia Bullrich | position held | [Security Minister of Argentina]",
    ];
    assert_eq!(facts(clause), stated);
    let clauses = 2000;
    let (text, segmented, entities, found) = run(&clause.repeat(clauses), &Inventory::embedded());
    assert!(segmented.sentences.len() > 100);
    assert_eq!(found.relations.len(), clauses * stated.len());
    let length = text.len() / clauses;
    for (n, relation) in found.relations.iter().enumerate() {
        let clause = n / stated.len() * length..(n / stated.len() + 1) * length;
        assert!(
            clause.contains(&relation.evidence.start) && clause.contains(&relation.evidence.end),
            "relation {n}: {:?}",
            relation.evidence
        );
    }
    // Argentina is one implied entity, implied by each clause's demonym.
    assert_eq!(found.implied.len(), clauses);
    assert!(
        found
            .implied
            .iter()
            .all(|implied| implied.entity == entities.entities.len())
    );
}

//! Table-driven specifications of how results, standings and scorers are read.

use super::*;
use crate::recognise::tagger::testing::{Occurrence, tagged};
use crate::segment::segment;

/// The mentions after `teams_in_results`, as (text, type), given the names the tagger
/// found as places (every occurrence).
fn typed(text: &str, places: &[&str]) -> Vec<(String, EntityType)> {
    let names: Vec<(&str, EntityType)> = places.iter().map(|p| (*p, EntityType::Place)).collect();
    typed_from(text, &names)
}

/// The mentions after `teams_in_results`, as (text, type), given the names the tagger
/// found (every occurrence, with its type).
fn typed_from(text: &str, names: &[(&str, EntityType)]) -> Vec<(String, EntityType)> {
    let segmented = segment(text);
    let mentions = tagged(text, &segmented, names, Occurrence::Every);
    teams_in_results(text, &segmented, mentions, Lexicon::embedded())
        .into_iter()
        .map(|m| (m.span.of(text).to_owned(), m.entity_type))
        .collect()
}

#[test]
fn scorers_in_brackets_are_people_and_a_scorers_town_is_his_club() {
    use EntityType::{Organization as Org, Person, Place};
    type Case<'a> = (
        &'a str,
        &'a [(&'a str, EntityType)],
        &'a [(&'a str, EntityType)],
    );
    let cases: &[Case] = &[
        // A results line with its scorers, long enough to read as wrapped onto the
        // next line, and one with the score at half-time.
        (
            "Results on Sunday :\n\
             Barcelona 3 ( Ronaldo 12 , 67 , Pizzi 80 ) Valencia 1 ( Mijatovic 55 )\n\
             Leeds 2 Chelsea 0 ( halftime 1-0 )",
            &[("Barcelona", Place), ("Ronaldo", Person)],
            &[
                ("Barcelona", Org),
                ("Ronaldo", Person),
                ("Pizzi", Person),
                ("Valencia", Org),
                ("Mijatovic", Person),
                ("Leeds", Org),
                ("Chelsea", Org),
            ],
        ),
        // A list of scorers gives their clubs; a list of times, their countries.
        (
            "Leading scorers :\n6 - Ronaldo ( Barcelona )\n4 - Suker ( Seville ) , Alfonso ( Leeds )",
            &[
                ("Ronaldo", Person),
                ("Barcelona", Place),
                ("Suker", Person),
                ("Seville", Place),
                ("Alfonso", Person),
                ("Leeds", Place),
            ],
            &[
                ("Ronaldo", Person),
                ("Barcelona", Org),
                ("Suker", Person),
                ("Seville", Org),
                ("Alfonso", Person),
                ("Leeds", Org),
            ],
        ),
        (
            "3. Ato Boldon ( Trinidad ) 20.11\nHe lives in Barcelona ( Spain ) .",
            &[
                ("Ato Boldon", Person),
                ("Trinidad", Place),
                ("Barcelona", Place),
            ],
            &[
                ("Ato Boldon", Person),
                ("Trinidad", Place),
                ("Barcelona", Place),
            ],
        ),
    ];
    for (text, names, expected) in cases {
        let expected: Vec<(String, EntityType)> = expected
            .iter()
            .map(|(name, t)| ((*name).to_owned(), *t))
            .collect();
        assert_eq!(typed_from(text, names), expected, "{text}");
    }
}

#[test]
fn towns_beside_a_result_are_clubs_and_the_rest_stay_places() {
    use EntityType::{Organization as Org, Place};
    // The text, the names the tagger found as places, and what they become.
    type Case<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, EntityType)]);
    let cases: &[Case] = &[
        (
            "Leeds beat Chelsea 2-1 on Saturday.",
            &["Leeds", "Chelsea"],
            &[("Leeds", Org), ("Chelsea", Org)],
        ),
        (
            "Milan lost 2-0 to Parma.",
            &["Milan", "Parma"],
            &[("Milan", Org), ("Parma", Org)],
        ),
        (
            "Udinese drew 1-1 with Lazio in Rome on Sunday.",
            &["Lazio", "Rome"],
            &[("Lazio", Place), ("Rome", Place)],
        ),
        (
            "Germany beat France 2-1 in Paris.",
            &["Germany", "France", "Paris"],
            &[("Germany", Place), ("France", Place), ("Paris", Place)],
        ),
        (
            "They played in the Bowl, losing to Tulsa 63-7.",
            &["Tulsa"],
            &[("Tulsa", Org)],
        ),
        (
            "Leeds 2 Chelsea 1",
            &[],
            &[("Leeds", Org), ("Chelsea", Org)],
        ),
        (
            "Germany 2 France 1",
            &[],
            &[("Germany", Place), ("France", Place)],
        ),
        (
            "Manchester 3 Leeds 0\nThe council in Leeds won the vote 30-20.",
            &["Leeds"],
            &[("Manchester", Org), ("Leeds", Org), ("Leeds", Place)],
        ),
        // Standings rows: a club, a country, a town the tagger found as a place.
        (
            "HARTFORD 12 7 6 77 76 30\nBALTIMORE 70 58 .591 5 1/2",
            &[],
            &[("HARTFORD", Org), ("BALTIMORE", Org)],
        ),
        (
            "Newcastle 3 3 0 0 7 2 9\nGermany 3 2 1 0 5 1 7",
            &["Newcastle", "Germany"],
            &[("Newcastle", Org), ("Germany", Place)],
        ),
        (
            "Victoria 75 52 .591 -\nQueensland 70 58 .547 5",
            &["Victoria", "Queensland"],
            &[("Victoria", Org), ("Queensland", Place)],
        ),
        // Not standings: a population and a year, two numbers, an ordinary word.
        (
            "Leeds 751 485 2011\nLeeds 12 7",
            &["Leeds"],
            &[("Leeds", Place), ("Leeds", Place)],
        ),
        ("Table 1 2 3", &[], &[]),
        ("in C. Misc. No.455/07 . 4.\nNo. 3 4 5", &[], &[]),
        // What only a club has or does.
        (
            "He was the father of North Melbourne player Michael Gaudion.",
            &["North Melbourne"],
            &[("North Melbourne", Org)],
        ),
        (
            "My ideal man is Barcelona's goalkeeper Victor Valdes.",
            &["Barcelona"],
            &[("Barcelona", Org)],
        ),
        (
            "He signed with Coburg, coached Leeds and went on loan to Wigan.",
            &["Coburg", "Leeds", "Wigan"],
            &[("Coburg", Org), ("Leeds", Org), ("Wigan", Org)],
        ),
        (
            "Leeds manager Howard Wilkinson played for England.",
            &["Leeds", "England"],
            &[("Leeds", Org), ("England", Place)],
        ),
        // Not a club: a manager with no name after, a venue, a country's side.
        (
            "The Leeds manager said he played in Leeds.",
            &["Leeds"],
            &[("Leeds", Place), ("Leeds", Place)],
        ),
        // No result: a vote's count, a win without a score, a venue.
        (
            "Leeds voted 30-20 to approve the plan.",
            &["Leeds"],
            &[("Leeds", Place)],
        ),
        (
            "She won a prize in Leeds in 2019.",
            &["Leeds"],
            &[("Leeds", Place)],
        ),
        ("Chapter 3 Section 4", &[], &[]),
        ("Paris 2024 Tokyo 2020", &[], &[]),
        ("POUNDS OF MID WHEN WE WAS 2 FUCKED OVER 1", &[], &[]),
    ];
    for (text, places, expected) in cases {
        let found = typed(text, places);
        let expected: Vec<(String, EntityType)> = expected
            .iter()
            .map(|(name, t)| ((*name).to_owned(), *t))
            .collect();
        assert_eq!(found, expected, "{text}");
    }
}

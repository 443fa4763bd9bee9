//! Recognition cases: `{ name, text, expected mentions }`, grouped by the rule they pin.

use super::*;
use crate::segment::segment;
use std::collections::HashSet;

struct Case {
    name: &'static str,
    text: &'static str,
    /// Every mention expected, in order: (surface text, type label).
    expected: &'static [(&'static str, &'static str)],
}

const TITLES_AND_PEOPLE: &[Case] = &[
    Case {
        name: "title with demonym and modifier stays outside the span",
        text: "Argentine Security Minister Patricia Bullrich praised the facility.",
        expected: &[("Patricia Bullrich", "PERSON")],
    },
    Case {
        name: "then Congressman",
        text: "The delegation was led by then Congressman Matt Gaetz last year.",
        expected: &[("Matt Gaetz", "PERSON")],
    },
    Case {
        name: "demonym and title before unknown name",
        text: "Footage shared by Salvadoran President Nayib Bukele showed the jail.",
        expected: &[("Nayib Bukele", "PERSON")],
    },
    Case {
        name: "surname later in the document",
        text: "Donald Trump spoke. Later, Trump left and Trump’s aides stayed.",
        expected: &[("Donald Trump", "PERSON"), ("Trump", "PERSON"), ("Trump", "PERSON")],
    },
    Case {
        name: "sentence-initial surname supported by the document",
        text: "President Nayib Bukele spoke. Bukele ordered a new prison.",
        expected: &[("Nayib Bukele", "PERSON"), ("Bukele", "PERSON")],
    },
    Case {
        name: "name before administration is a person",
        text: "The Biden administration has not confirmed it.",
        expected: &[("Biden", "PERSON")],
    },
    Case {
        name: "lower-case title before a name",
        text: "The meeting included former president Barack Obama and others.",
        expected: &[("Barack Obama", "PERSON")],
    },
    Case {
        name: "position of a place is not a person",
        text: "He is the President of El Salvador now.",
        expected: &[("El Salvador", "PLACE")],
    },
];

const PLACES: &[Case] = &[
    Case {
        name: "country aliases and possessives",
        text: "They flooded the USA with drugs to hurt US democracy and El Salvador’s gangs.",
        expected: &[("USA", "PLACE"), ("US", "PLACE"), ("El Salvador", "PLACE")],
    },
    Case {
        name: "dotted abbreviation",
        text: "The detainees, described by U.S. officials as gang members, arrived.",
        expected: &[("U.S.", "PLACE")],
    },
    Case {
        name: "the town of an unknown name",
        text: "It opened a year later in the town of Zqwertown, east of the capital.",
        expected: &[("Zqwertown", "PLACE")],
    },
    Case {
        name: "facility head word and acronym after a dash",
        text: "He offered his Terrorism Confinement Centre – or CECOT. Later CECOT grew.",
        expected: &[
            ("Terrorism Confinement Centre", "PLACE"),
            ("CECOT", "PLACE"),
            ("CECOT", "PLACE"),
        ],
    },
    Case {
        name: "region from the gazetteer",
        text: "He built Latin America’s biggest prison.",
        expected: &[("Latin America", "PLACE")],
    },
];

const ORGANISATIONS: &[Case] = &[
    Case {
        name: "acronym in parentheses takes the type of its expansion",
        text: "A report from the Inter-American Commission on Human Rights (IACHR) warned.",
        expected: &[
            ("Inter-American Commission on Human Rights", "ORG"),
            ("IACHR", "ORG"),
        ],
    },
    Case {
        name: "country before a party name is a place of its own",
        text: "A US Republican Party delegation from the House of Representatives came.",
        expected: &[
            ("US", "PLACE"),
            ("Republican Party", "ORG"),
            ("House of Representatives", "ORG"),
        ],
    },
    Case {
        name: "particle name after an organisation noun",
        text: "He deported members of the criminal organization Tren de Aragua to prison.",
        expected: &[("Tren de Aragua", "ORG")],
    },
    Case {
        name: "names with numbers",
        text: "The gangs include the dreaded MS-13 and Barrio 18 in the region.",
        expected: &[("MS-13", "ORG"), ("Barrio 18", "ORG")],
    },
    Case {
        name: "name followed by an organisation noun",
        text: "Members of Venezuela’s Tren de Aragua gang were moved.",
        expected: &[("Venezuela", "PLACE"), ("Tren de Aragua", "ORG")],
    },
];

const LAWS: &[Case] = &[
    Case {
        name: "act with year keeps the year",
        text: "An order invoked the Alien Enemies Act of 1798 to classify the gang.",
        expected: &[("Alien Enemies Act of 1798", "LAW")],
    },
    Case {
        name: "act without year",
        text: "Now, he has reinvoked the Alien Enemies Act, which was last used long ago.",
        expected: &[("Alien Enemies Act", "LAW")],
    },
];

const NOT_MENTIONS: &[Case] = &[
    Case {
        name: "sentence-initial common words",
        text: "Shackled and in handcuffs, men arrived. Prisoners sit in rows. Footage showed it.",
        expected: &[],
    },
    Case {
        name: "demonyms, events and dates",
        text: "Japanese people, Germans and Italians, during World War Two, in a June 2024 post.",
        expected: &[],
    },
    Case {
        name: "function words at sentence start",
        text: "What is it? Here is everything. The exceptions are few. Its cells hold men.",
        expected: &[],
    },
];

const GROUPS: &[(&str, &[Case])] = &[
    ("titles and people", TITLES_AND_PEOPLE),
    ("places", PLACES),
    ("organisations", ORGANISATIONS),
    ("laws", LAWS),
    ("not mentions", NOT_MENTIONS),
];

fn found(text: &str) -> Vec<(String, &'static str)> {
    let recognition = RuleRecogniser::default().recognise(text, &segment(text));
    recognition
        .mentions
        .iter()
        .map(|m| (m.span.of(text).to_owned(), m.entity_type.label()))
        .collect()
}

#[test]
fn recognition_cases() {
    let mut failures = Vec::new();
    for (group, cases) in GROUPS {
        for case in *cases {
            let actual = found(case.text);
            let expected: Vec<(String, &str)> = case
                .expected
                .iter()
                .map(|(text, label)| ((*text).to_owned(), *label))
                .collect();
            if actual != expected {
                failures.push(format!(
                    "[{group}] {}\n  text:     {}\n  expected: {expected:?}\n  actual:   {actual:?}",
                    case.name, case.text
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} failing cases:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn case_names_are_unique() {
    let mut names = HashSet::new();
    for (_, cases) in GROUPS {
        for case in *cases {
            assert!(names.insert(case.name), "duplicate case name {:?}", case.name);
        }
    }
}

#[test]
fn aliases_link_acronyms_to_expansions() {
    let text = "The Inter-American Commission on Human Rights (IACHR) said so.";
    let recognition = RuleRecogniser::default().recognise(text, &segment(text));
    assert_eq!(recognition.aliases.len(), 1);
    let link = recognition.aliases[0];
    assert_eq!(recognition.mentions[link.short].span.of(text), "IACHR");
    assert_eq!(link.rule, "acronym-in-parentheses");
}

#[test]
fn mentions_are_sorted_and_disjoint_on_odd_input() {
    let texts = [
        "",
        "((((",
        "A. B. C. D.",
        "Ünïcödé Nämé and 😀 Émoji Pérson met “Quoted Name”.",
        "Mr. of the de la",
        "ALL CAPS HEADLINE: PRESIDENT VISITS",
    ];
    for text in texts {
        let recognition = RuleRecogniser::default().recognise(text, &segment(text));
        for pair in recognition.mentions.windows(2) {
            assert!(pair[0].span.end <= pair[1].span.start, "{text:?}: {pair:?}");
        }
        for mention in &recognition.mentions {
            assert!(text.is_char_boundary(mention.span.start) && text.is_char_boundary(mention.span.end));
        }
    }
}

use super::*;
use crate::vocab::schema;
use oxigraph::model::GraphName;
use oxigraph::model::vocab::xsd;

const DOC: &str = "http://example.org/kgraph/document/a.txt";

fn iri(local: &str) -> NamedNode {
    if local.starts_with("http") {
        NamedNode::new_unchecked(local)
    } else {
        NamedNode::new_unchecked(format!("http://example.org/kgraph/{local}"))
    }
}

fn node(fragment: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DOC}#{fragment}"))
}

/// A mention in `sentence` of local entity `local`, linked to `entity`.
fn mention(
    span: &str,
    text: &str,
    sentence: &str,
    local: usize,
    entity: &str,
    class: NamedNodeRef<'_>,
    confidence: &str,
) -> Vec<(NamedNode, NamedNodeRef<'static>, Term)> {
    let m = node(span);
    vec![
        (m.clone(), nif::ANCHOR_OF, Literal::from(text).into()),
        (m.clone(), nif::SENTENCE, node(sentence).into()),
        (m.clone(), nif::TA_IDENT_REF, iri(entity).into()),
        (m.clone(), nif::TA_CLASS_REF, class.into_owned().into()),
        (
            m.clone(),
            kgo::LOCAL_ENTITY,
            node(&format!("entity-{local}")).into(),
        ),
        (
            m,
            kgo::CONFIDENCE,
            Literal::new_typed_literal(confidence, xsd::DECIMAL).into(),
        ),
    ]
}

/// Statement `n` of the document: its triple, reified.
fn statement(
    n: usize,
    subject: &str,
    predicate: &str,
    object: Term,
) -> Vec<(NamedNode, NamedNodeRef<'static>, Term)> {
    let statement = node(&format!("relation-{n}"));
    vec![
        (statement.clone(), rdf::SUBJECT, iri(subject).into()),
        (statement.clone(), rdf::PREDICATE, iri(predicate).into()),
        (statement, rdf::OBJECT, object),
    ]
}

/// A small document graph: "Merkel met Putin in Moscow. Merkel ... Russian ..." with a
/// statement naming a position, one with a year, and an implied reference.
fn graph() -> Vec<Quad> {
    let mut triples = Vec::new();
    let person = schema::PERSON;
    let place = schema::PLACE;
    triples.extend(mention(
        "char=0,6",
        "Merkel",
        "char=0,27",
        1,
        "person/merkel",
        person,
        "0.75",
    ));
    triples.extend(mention(
        "char=11,16",
        "Putin",
        "char=0,27",
        2,
        "person/putin",
        person,
        "0.9",
    ));
    triples.extend(mention(
        "char=20,26",
        "Moscow",
        "char=0,27",
        3,
        "place/moscow",
        place,
        "0.4",
    ));
    triples.extend(mention(
        "char=28,34",
        "Merkel",
        "char=28,60",
        1,
        "person/merkel",
        person,
        "0.9",
    ));
    triples.extend(mention(
        "char=40,46",
        "Moskva",
        "char=28,60",
        3,
        "place/moscow",
        place,
        "0.5",
    ));
    let implied = node("char=50,57");
    triples.push((implied.clone(), kgo::NAME, Literal::from("Russia").into()));
    triples.push((implied.clone(), kgo::REFERS_TO, iri("place/russia").into()));
    triples.push((
        implied.clone(),
        nif::TA_CLASS_REF,
        place.into_owned().into(),
    ));
    triples.push((implied, kgo::LOCAL_ENTITY, node("entity-4").into()));
    let p39 = "http://www.wikidata.org/prop/direct/P39";
    triples.extend(statement(
        1,
        "person/putin",
        p39,
        iri("position/president-of-russia").into(),
    ));
    let holds = node("relation-1");
    let label = Literal::from("President of Russia");
    triples.push((holds.clone(), kgo::POSITION_LABEL, label.into()));
    triples.push((
        holds,
        kgo::POSITION_JURISDICTION,
        iri("place/russia").into(),
    ));
    triples.extend(statement(
        2,
        "person/merkel",
        "ontology#visited",
        iri("place/moscow").into(),
    ));
    let year = Literal::new_typed_literal("1954", xsd::G_YEAR);
    triples.extend(statement(
        3,
        "person/merkel",
        "ontology#bornIn",
        year.into(),
    ));
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(DOC));
    triples
        .into_iter()
        .map(|(s, p, o)| Quad::new(s, p, o, graph.clone()))
        .collect()
}

/// `quads` with every `old` IRI replaced by `new`, as the store relinks a graph.
fn relinked(quads: &[Quad], old: &str, new: &str) -> Vec<Quad> {
    let (old, new) = (iri(old), iri(new));
    quads
        .iter()
        .map(|q| {
            let mut q = q.clone();
            if q.object == Term::NamedNode(old.clone()) {
                q.object = new.clone().into();
            }
            q
        })
        .collect()
}

#[test]
fn a_record_says_what_the_graph_says() {
    let record = BuildRecord::of_graph(&graph());
    let last = |iri: &NamedNode| iri.as_str().rsplit('/').next().unwrap().to_owned();
    let entities: Vec<_> = record
        .local_entities()
        .iter()
        .map(|e| {
            let names: Vec<_> = e.names.iter().map(|(n, &c)| (n.clone(), c)).collect();
            (e.entity_type, names, last(&e.linked_to), e.weak)
        })
        .collect();
    let names = |list: &[(&str, usize)]| -> Vec<(String, usize)> {
        list.iter().map(|&(n, c)| (n.to_owned(), c)).collect()
    };
    assert_eq!(
        entities,
        [
            (
                EntityType::Person,
                names(&[("Merkel", 2)]),
                "merkel".to_owned(),
                false
            ),
            (
                EntityType::Person,
                names(&[("Putin", 1)]),
                "putin".to_owned(),
                false
            ),
            // Both mentions typed by weak rules (0.4 and 0.5).
            (
                EntityType::Place,
                names(&[("Moscow", 1), ("Moskva", 1)]),
                "moscow".to_owned(),
                true
            ),
            // An implied reference names its place without counting as a mention.
            (
                EntityType::Place,
                names(&[("Russia", 0)]),
                "russia".to_owned(),
                false
            ),
        ]
    );
    let sentences: Vec<Vec<String>> = record
        .sentence_entities()
        .iter()
        .map(|s| s.iter().map(last).collect())
        .collect();
    assert_eq!(
        sentences,
        [vec!["merkel", "putin", "moscow"], vec!["merkel", "moscow"]]
    );
    let statements = record.statements();
    assert_eq!(statements.len(), 3);
    let position = statements[0].position.as_ref().expect("a position");
    assert_eq!(position.label, "President of Russia");
    assert_eq!(position.jurisdiction, Some(iri("place/russia")));
    assert_eq!(statements[1].object, Term::from(iri("place/moscow")));
    assert_eq!(
        statements[2].object,
        Literal::new_typed_literal("1954", xsd::G_YEAR).into()
    );
}

#[test]
fn the_order_of_the_quads_does_not_change_the_record() {
    let quads = graph();
    let mut reversed = quads.clone();
    reversed.reverse();
    assert_eq!(
        BuildRecord::of_graph(&quads),
        BuildRecord::of_graph(&reversed)
    );
}

#[test]
fn a_relinked_record_equals_the_record_of_the_relinked_graph() {
    let cases = [
        // (why, old, new)
        ("a new IRI", "person/merkel", "person/angela-merkel"),
        (
            "an IRI sorting elsewhere",
            "place/moscow",
            "place/aaa-moscow",
        ),
        ("two entities become one", "person/putin", "person/merkel"),
        ("a jurisdiction", "place/russia", "place/russian-federation"),
    ];
    let quads = graph();
    for (why, old, new) in cases {
        let mut record = BuildRecord::of_graph(&quads);
        assert!(record.relink(iri(old).as_str(), iri(new).as_str()), "{why}");
        let expected = BuildRecord::of_graph(&relinked(&quads, old, new));
        assert_eq!(record, expected, "{why}");
        assert_eq!(record.to_literal(), expected.to_literal(), "{why}");
    }
    let mut record = BuildRecord::of_graph(&quads);
    assert!(!record.relink(iri("person/nobody").as_str(), iri("person/x").as_str()));
}

#[test]
fn a_stored_record_reads_back_as_written() {
    let record = BuildRecord::of_graph(&graph());
    let literal = record.to_literal();
    assert_eq!(literal.datatype(), JSON_DATATYPE);
    assert_eq!(BuildRecord::parse(literal.value()).unwrap(), record);
}

#[test]
fn damaged_records_are_refused() {
    let good = BuildRecord::of_graph(&graph())
        .to_literal()
        .value()
        .to_owned();
    let cases = [
        ("not JSON", "{\"iris\":".to_owned()),
        ("not a record", "[1, 2]".to_owned()),
        (
            "an index past the IRIs",
            good.replacen("\"linked\":", "\"linked\":9999", 1),
        ),
        (
            "a string that is no IRI",
            good.replacen("http://example.org/kgraph/person/merkel", "not an iri", 1),
        ),
        ("an unknown type", good.replacen("\"PERSON\"", "\"DOG\"", 1)),
    ];
    for (why, json) in cases {
        assert_ne!(json, good, "{why}: the case changes nothing");
        assert!(BuildRecord::parse(&json).is_err(), "{why}: {json}");
    }
}

#[test]
fn the_store_reads_the_record_or_else_the_graph() {
    let store = crate::store::KgStore::in_memory().unwrap();
    let quads = graph();
    store.oxigraph().extend(quads.iter().cloned()).unwrap();
    let doc = NamedNode::new_unchecked(DOC);
    let record_quad = |literal: Literal| {
        Quad::new(
            doc.clone(),
            kgo::BUILD_RECORD,
            literal,
            GraphName::NamedNode(doc.clone()),
        )
    };
    let derived = BuildRecord::of_graph(&quads);
    // No record (a graph written by an older kgraph): derived from the graph.
    assert_eq!(store.build_record(&doc).unwrap(), derived);
    // A damaged record: the same.
    let damaged = record_quad(Literal::new_typed_literal("{\"iris\":", JSON_DATATYPE));
    store.oxigraph().insert(&damaged).unwrap();
    assert_eq!(store.build_record(&doc).unwrap(), derived);
    store.oxigraph().remove(&damaged).unwrap();
    // A readable record is what is read (here one that says something else).
    let other = BuildRecord::of_graph(&relinked(&quads, "person/putin", "person/vladimir-putin"));
    assert_ne!(other, derived);
    store
        .oxigraph()
        .insert(&record_quad(other.to_literal()))
        .unwrap();
    assert_eq!(store.build_record(&doc).unwrap(), other);
}

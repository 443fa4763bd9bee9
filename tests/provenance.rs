//! Every provenance question has a SPARQL answer on the seeds in every `--provenance`
//! mode, the same answer in the lean and full modes, and a store of one model refuses a
//! build of another.

use kgraph::load::Input;
use kgraph::pipeline::{BuildOptions, build};
use kgraph::query::{Limits, PreparedQuery, QueryStop};
use kgraph::rdf::Provenance;
use kgraph::store::{KgStore, StoreError};
use oxigraph::model::Term;
use std::path::Path;

fn seeds_store(provenance: Provenance) -> KgStore {
    let store = KgStore::in_memory().unwrap();
    let inputs = [Input::Path(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"),
    )];
    let options = BuildOptions {
        provenance,
        ..BuildOptions::default()
    };
    build(&store, &inputs, &options).unwrap();
    store
}

/// The rows of a SELECT query, each value as text (IRIs bare, literals their value),
/// sorted.
fn rows(store: &KgStore, query: &str) -> Vec<Vec<String>> {
    let prepared = PreparedQuery::parse(store, query).unwrap_or_else(|e| panic!("{e}\n{query}"));
    let limits = Limits {
        timeout: None,
        max_results: None,
    };
    let mut rows: Vec<Vec<String>> = prepared
        .solutions(store, limits, &QueryStop::default())
        .unwrap()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|value| match value {
                    Some(Term::NamedNode(n)) => n.into_string(),
                    Some(Term::Literal(l)) => l.value().to_owned(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                })
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

/// SPARQL binding `?OUT` to the words of the span `?SPAN` in the text `?text`.
fn words(span: &str, out: &str) -> String {
    kgraph::query::span_words(span, "text", out)
}

/// The provenance questions, as queries that work on every mode: (question, query).
fn questions() -> Vec<(&'static str, String)> {
    vec![
        (
            "which characters of which document name Nayib Bukele, in which sentence",
            format!(
                "SELECT ?document ?m ?name ?sentence WHERE {{ \
                   GRAPH ?doc {{ ?m itsrdf:taIdentRef person:nayib-bukele ; nif:sentence ?s }} \
                   ?doc dcterms:identifier ?document ; nif:isString ?text . {} {} }}",
                words("m", "name"),
                words("s", "sentence")
            ),
        ),
        (
            "by which rule and with what confidence each mention was found",
            "SELECT ?m ?rule ?confidence WHERE { \
               ?m itsrdf:taIdentRef ?entity ; kgo:rule ?rule . \
               OPTIONAL { ?m kgo:confidence ?stated } \
               OPTIONAL { ?r a kgo:Rule ; rdfs:label ?rule ; kgo:confidence ?usual } \
               BIND(COALESCE(?stated, ?usual) AS ?confidence) }"
                .to_owned(),
        ),
        (
            "the words and the sentence that state each relation, with rule and confidence",
            format!(
                "SELECT ?document ?subject ?predicate ?object ?evidence ?sentence ?rule ?confidence WHERE {{ \
                   GRAPH ?doc {{ ?st rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ; \
                     kgo:evidence ?e ; prov:wasDerivedFrom ?s ; kgo:rule ?rule \
                     OPTIONAL {{ ?st kgo:confidence ?stated }} }} \
                   OPTIONAL {{ ?r a kgo:RelationRule ; rdfs:label ?rule ; kgo:confidence ?usual }} \
                   BIND(COALESCE(?stated, ?usual) AS ?confidence) \
                   ?doc dcterms:identifier ?document ; nif:isString ?text . {} {} }}",
                words("e", "evidence"),
                words("s", "sentence")
            ),
        ),
    ]
}

#[test]
fn every_provenance_question_has_the_same_answer_in_the_lean_and_full_modes() {
    let lean = seeds_store(Provenance::Lean);
    let full = seeds_store(Provenance::Full);
    let entities = seeds_store(Provenance::Entities);
    for (question, query) in questions() {
        let answer = rows(&lean, &query);
        assert!(!answer.is_empty(), "lean: no answer to: {question}");
        assert_eq!(
            answer,
            rows(&full, &query),
            "lean and full differ: {question}"
        );
        let without_mentions = rows(&entities, &query);
        if query.contains("itsrdf:taIdentRef") {
            assert!(without_mentions.is_empty(), "entities mode has mentions");
        } else {
            assert_eq!(answer, without_mentions, "entities mode: {question}");
        }
    }
    // Bukele is named in both seed documents, and every span's words are one of his
    // names.
    let (_, bukele) = &questions()[0];
    let answer = rows(&lean, bukele);
    let documents: std::collections::BTreeSet<&str> =
        answer.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(documents.len(), 2, "{answer:?}");
    for row in &answer {
        assert!(
            ["Bukele", "Nayib Bukele"].contains(&row[2].as_str()),
            "{row:?}"
        );
        assert!(
            row[3].contains(&row[2]),
            "the sentence holds the name: {row:?}"
        );
    }
    // Every mention and statement has a confidence, stated or its rule's usual one.
    let (_, rules) = &questions()[1];
    assert!(rows(&lean, rules).iter().all(|r| !r[2].is_empty()));
    let (_, statements) = &questions()[2];
    assert!(rows(&lean, statements).iter().all(|r| !r[7].is_empty()));
}

#[test]
fn span_iris_and_texts_agree_with_the_full_models_offsets_and_anchors() {
    let full = seeds_store(Provenance::Full);
    // Every span of the full model: its offsets and anchor text against its IRI and the
    // document's text, as the lean model reads them.
    let query = format!(
        "SELECT ?span ?b ?e ?anchor ?words WHERE {{ \
           GRAPH ?doc {{ ?span nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor }} \
           ?doc nif:isString ?text . FILTER(?span != ?doc) {} }}",
        words("span", "words")
    );
    let answer = rows(&full, &query);
    assert!(answer.len() > 100, "{} spans", answer.len());
    for row in answer {
        let (begin, end) = kgraph::rdf::span_offsets(&row[0]).expect("a span IRI");
        assert_eq!(
            (begin.to_string(), end.to_string()),
            (row[1].clone(), row[2].clone())
        );
        assert_eq!(row[3], row[4], "{}", row[0]);
    }
}

#[test]
fn a_store_keeps_one_model_and_refuses_a_build_of_another() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("a.txt"),
        "President Emmanuel Macron visited Berlin with Angela Merkel.",
    )
    .unwrap();
    let inputs = [Input::Path(folder.path().to_owned())];
    let with = |provenance| BuildOptions {
        provenance,
        ..BuildOptions::default()
    };
    let store = KgStore::in_memory().unwrap();
    build(&store, &inputs, &with(Provenance::Full)).unwrap();
    let quads = store.len().unwrap();
    // The same mode again is fine; another is refused, and nothing is written.
    build(&store, &inputs, &with(Provenance::Full)).unwrap();
    let refused = build(&store, &inputs, &with(Provenance::Lean)).unwrap_err();
    let message = refused.to_string();
    for words in [
        "provenance full",
        "provenance lean",
        "--store",
        "build again",
    ] {
        assert!(message.contains(words), "{words:?} in: {message}");
    }
    assert_eq!(store.len().unwrap(), quads);
    // A store of an older kgraph (no model recorded) is refused too.
    let model = kgraph::vocab::kgo::GRAPH_MODEL;
    let recorded: Vec<_> = store
        .oxigraph()
        .quads_for_pattern(None, Some(model), None, None)
        .collect::<Result<_, _>>()
        .unwrap();
    for quad in &recorded {
        store.oxigraph().remove(quad).unwrap();
    }
    match build(&store, &inputs, &with(Provenance::Full)) {
        Err(kgraph::pipeline::BuildError::Store(StoreError::OtherModel { found, .. })) => {
            assert!(found.contains("older"), "{found}");
        }
        other => panic!("an old store was not refused: {other:?}"),
    }
}

#[test]
fn a_store_built_under_one_base_is_not_taken_for_an_older_model_under_another() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("a.txt"), "Angela Merkel visited Paris.").unwrap();
    let inputs = [Input::Path(folder.path().to_owned())];
    let store = KgStore::in_memory().unwrap();
    build(&store, &inputs, &BuildOptions::default()).unwrap();
    let elsewhere = BuildOptions {
        iris: kgraph::rdf::Iris::new("http://other.example/").unwrap(),
        ..BuildOptions::default()
    };
    if let Err(kgraph::pipeline::BuildError::Store(StoreError::OtherModel { found, .. })) =
        build(&store, &inputs, &elsewhere)
    {
        panic!("refused as {found}");
    }
}

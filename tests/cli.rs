//! End-to-end tests: the real binary on the seeds and on hostile input.

#[expect(
    dead_code,
    reason = "the shared helpers serve every test file; this one uses nearly all"
)]
mod util;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Quad, Triple};
use std::collections::HashSet;
use std::path::Path;
use util::{Workspace, assert_matches_file, assert_same_lines, repository};

#[test]
fn build_prints_a_summary_and_query_finds_the_default_store() {
    let ws = Workspace::with_seeds();
    let build = ws.ok(&["build", "seeds"]);
    assert!(
        build
            .stdout
            .contains("Read 2 document(s): 2 new or changed, 0 unchanged"),
        "{}",
        build.stdout
    );
    for label in ["PERSON", "ORG", "PLACE", "LAW", "total"] {
        assert!(build.stdout.contains(label), "{}", build.stdout);
    }
    assert!(ws.path().join(".kgraph").is_dir());
    let ask = ws.ok(&[
        "query",
        "ASK { ?p a schema:Person ; rdfs:label \"Donald Trump\" }",
    ]);
    assert_eq!(ask.stdout.trim(), "true");
}

#[test]
fn every_example_query_gives_its_expected_result() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let mut queries: Vec<_> = std::fs::read_dir(repository().join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    queries.sort();
    assert!(queries.len() >= 6, "at least six example queries");
    for query in queries {
        let text = std::fs::read_to_string(&query).unwrap();
        assert!(
            text.starts_with("# "),
            "{} must open with a comment stating its question",
            query.display()
        );
        let run = ws.ok(&["query", "-f", query.to_str().unwrap(), "--format", "tsv"]);
        assert!(
            run.stdout.lines().count() > 1,
            "{} returned no rows",
            query.display()
        );
        let name = query.file_stem().unwrap().to_str().unwrap();
        assert_matches_file(
            &run.stdout,
            &repository()
                .join("tests/expected/queries")
                .join(format!("{name}.tsv")),
        );
    }
}

#[test]
fn entities_lists_types_names_and_counts() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let all = ws.ok(&["entities"]);
    assert_matches_file(
        &all.stdout,
        &repository().join("tests/expected/entities.txt"),
    );
    let laws = ws.ok(&["entities", "--type", "law"]);
    assert!(
        laws.stdout
            .lines()
            .all(|l| l.starts_with("LAW") || l.starts_with(' ')),
        "{}",
        laws.stdout
    );
    let explain = ws.ok(&["entities", "--explain", "Trump"]);
    assert!(
        explain.stdout.contains("by rule surname"),
        "{}",
        explain.stdout
    );
}

/// Parses an export back with Oxigraph.
fn parse(format: RdfFormat, bytes: &[u8]) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{format} export does not parse: {e}"))
}

#[test]
fn every_export_format_parses_back_to_the_same_graph() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let nquads = ws.ok(&["export", "--format", "nquads"]).stdout;
    let quads: HashSet<Quad> = parse(RdfFormat::NQuads, nquads.as_bytes())
        .into_iter()
        .collect();
    let triples: HashSet<Triple> = quads.iter().cloned().map(Triple::from).collect();
    assert!(quads.len() > 500, "{}", quads.len());
    let formats = [
        ("trig", RdfFormat::TriG, true),
        ("turtle", RdfFormat::Turtle, false),
        ("ntriples", RdfFormat::NTriples, false),
        ("rdfxml", RdfFormat::RdfXml, false),
        (
            "jsonld",
            RdfFormat::from_extension("jsonld").unwrap(),
            false,
        ),
    ];
    for (name, format, keeps_graphs) in formats {
        let out = ws.ok(&["export", "--format", name]).stdout;
        let parsed = parse(format, out.as_bytes());
        if keeps_graphs {
            assert_eq!(parsed.into_iter().collect::<HashSet<_>>(), quads, "{name}");
        } else {
            let parsed: HashSet<Triple> = parsed.into_iter().map(Triple::from).collect();
            assert_eq!(parsed, triples, "{name}");
        }
    }
    let turtle = ws.ok(&["export", "--format", "turtle"]).stdout;
    assert!(
        turtle.contains("@prefix person: <http://example.org/kgraph/person/>"),
        "readable prefixes"
    );
    assert!(turtle.contains("person:donald-trump"));
    assert!(!nquads.contains("_:"), "no blank nodes");
}

#[test]
fn export_to_a_file_guesses_the_format_from_the_extension() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    ws.ok(&["export", "--output", "graph.ttl"]);
    let text = std::fs::read_to_string(ws.path().join("graph.ttl")).unwrap();
    assert!(text.starts_with("@prefix"), "{}", &text[..80]);
    assert!(!ws.path().join("graph.ttl.partial").exists());
}

#[cfg(unix)]
#[test]
fn output_to_a_named_pipe_is_written_into_it_and_leaves_it_a_pipe() {
    // A finished output is renamed into place; renaming over a device or a pipe (say
    // `--output /dev/null`) would replace it with a file, so those are written directly.
    use std::os::unix::fs::FileTypeExt;
    let ws = Workspace::with_seeds();
    let pipe = ws.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo failed");
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::read_to_string(pipe).unwrap())
    };
    ws.ok(&["extract", "seeds", "--output", "pipe"]);
    let kind = std::fs::symlink_metadata(&pipe).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced by a {kind:?}");
    let text = reader.join().unwrap();
    assert!(text.contains("/person/donald-trump>"), "{}", &text[..200]);
    assert!(!ws.path().join("pipe.partial").exists());
}

#[test]
fn builds_are_deterministic_and_idempotent() {
    let first = Workspace::with_seeds();
    let second = Workspace::with_seeds();
    let built = first.ok(&["build", "seeds"]);
    second.ok(&["build", "seeds"]);
    let export = |ws: &Workspace| ws.ok(&["export", "--format", "nquads"]).stdout;
    let a = export(&first);
    assert_same_lines(&a, &export(&second), "two fresh builds");
    for format in ["turtle", "trig", "rdfxml", "jsonld"] {
        let out = |ws: &Workspace| ws.ok(&["export", "--format", format]).stdout;
        assert!(
            out(&first) == out(&second),
            "{format} exports of two fresh builds differ"
        );
    }

    let again = first.ok(&["build", "seeds"]);
    assert!(
        again.stdout.contains(
            "0 new or changed, 2 unchanged. Store .kgraph: 2 document(s), already up to date."
        ),
        "{}",
        again.stdout
    );
    // Written nothing, it still reports the store's entities, as a build that wrote does.
    let table = |out: &str| out.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(table(&again.stdout), table(&built.stdout));
    assert_same_lines(&a, &export(&first), "a build and its re-run");
}

#[test]
fn adding_documents_one_by_one_equals_building_them_together() {
    let together = Workspace::with_seeds();
    together.ok(&["build", "seeds"]);
    let apart = Workspace::with_seeds();
    let mut files: Vec<_> = std::fs::read_dir(apart.path().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for file in files.iter().rev() {
        let relative = file.strip_prefix(apart.path()).unwrap();
        apart.ok(&["build", relative.to_str().unwrap()]);
    }
    let export = |ws: &Workspace| ws.ok(&["export", "--format", "nquads"]).stdout;
    assert_same_lines(
        &export(&together),
        &export(&apart),
        "one build and two incremental builds",
    );
}

#[test]
fn a_stored_documents_co_mentions_follow_its_relinked_entities() {
    // "Merkel" of the first document becomes "Angela Merkel" when the second arrives:
    // the co-mention summary must count her sentences with Putin as a fresh build does.
    let texts = [
        (
            "docs/1.txt",
            "Merkel met Vladimir Putin in Moscow. Merkel and Putin spoke for an hour.",
        ),
        (
            "docs/2.txt",
            "Angela Merkel visited Paris with Vladimir Putin.",
        ),
    ];
    let together = Workspace::new();
    let apart = Workspace::new();
    for (path, text) in texts {
        together.write(path, text);
        apart.write(path, text);
        apart.ok(&["build", path]);
    }
    together.ok(&["build", "docs/1.txt", "docs/2.txt"]);
    let export = |ws: &Workspace| ws.ok(&["export", "--format", "nquads"]).stdout;
    let apart_export = export(&apart);
    assert!(
        apart_export.contains("/person/angela-merkel>")
            && !apart_export.contains("/person/merkel>"),
        "{apart_export}"
    );
    assert_same_lines(&export(&together), &apart_export, "relinked co-mentions");
    let counts = apart.ok(&[
        "query",
        "--format",
        "tsv",
        "SELECT ?s ?d WHERE { ?c a kgo:CoMention ; rdf:subject person:angela-merkel ; \
         rdf:object person:vladimir-putin ; kgo:sentenceCount ?s ; kgo:documentCount ?d }",
    ]);
    assert_eq!(counts.stdout, "?s\t?d\n3\t2\n");
}

#[test]
fn a_stored_document_whose_entities_split_is_written_again_from_its_text() {
    // Built alone, "Jamari Rosemann" and "Rosemann" of story-0008261 are one person; the
    // added story makes them two. Its statements name people by IRI only, so its graph
    // is extracted again rather than relinked (see tests/data/split-entities).
    let data = repository().join("tests/data/split-entities");
    let (stored, added) = (data.join("stored"), data.join("added"));
    let (stored, added) = (stored.to_str().unwrap(), added.to_str().unwrap());
    let apart = Workspace::new();
    apart.ok(&["build", stored]);
    let second = apart.ok(&["build", stored, added]);
    assert!(
        second.stdout.contains("2 new or changed, 1 unchanged"),
        "{}",
        second.stdout
    );
    let together = Workspace::new();
    together.ok(&["build", stored, added]);
    let export = |ws: &Workspace| ws.ok(&["export", "--format", "nquads"]).stdout;
    assert_same_lines(&export(&together), &export(&apart), "split entities");

    // Without the document's file among the inputs it cannot be written again: a note
    // names it.
    let partial = Workspace::new();
    partial.ok(&["build", stored]);
    let kept = data.join("stored/story-0003049.txt");
    let run = partial.ok(&["build", kept.to_str().unwrap(), added]);
    assert!(
        run.stderr
            .contains("story-0008261.txt: two of its entities that were one are now two"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_changed_document_replaces_exactly_its_graph() {
    let ws = Workspace::new();
    ws.write("docs/a.txt", "Donald Trump visited Mexico.");
    ws.write("docs/b.txt", "Angela Merkel met officials in Berlin.");
    ws.ok(&["build", "docs"]);
    ws.write("docs/a.txt", "Donald Trump visited Canada.");
    let rebuild = ws.ok(&["build", "docs"]);
    assert!(
        rebuild.stdout.contains("1 new or changed, 1 unchanged"),
        "{}",
        rebuild.stdout
    );
    assert_eq!(ws.labels("Place"), ["Berlin", "Canada"]);
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_built() {
    let ws = Workspace::new();
    ws.write("in/good.txt", "Angela Merkel met officials in Berlin.");
    ws.write("in/binary.txt", b"\x7fELF\x02\x01\x00\x00garbage");
    ws.write("in/empty.md", "");
    ws.write("in/latin1.txt", b"Fran\xe7ois Hollande visited Bogot\xe1.");
    ws.write(
        "in/lines.jsonl",
        "{\"id\":\"j1\",\"text\":\"Emmanuel Macron spoke in Paris.\"}\n{broken\n",
    );
    let run = ws.run(&["build", "in"]).expect_code(1);
    for expected in [
        "binary.txt: binary file",
        "empty.md: empty document",
        "lines.jsonl:2:2:",
        "latin1.txt: not valid UTF-8",
    ] {
        assert!(
            run.stderr.contains(expected),
            "stderr lacks {expected:?}:\n{}",
            run.stderr
        );
    }
    assert_eq!(
        ws.labels("Person"),
        ["Angela Merkel", "Emmanuel Macron", "François Hollande"]
    );
}

#[test]
fn notes_are_silenced_by_quiet_and_no_progress_is_drawn_off_a_terminal() {
    let ws = Workspace::new();
    ws.write("in/latin1.txt", b"Fran\xe7ois Hollande visited Bogot\xe1.");
    let talkative = ws.ok(&["build", "in"]);
    assert!(
        talkative
            .stderr
            .contains("kgraph: note: in/latin1.txt: not valid UTF-8"),
        "{}",
        talkative.stderr
    );
    let quiet = ws.ok(&["build", "--quiet", "in", "--store", "quiet"]);
    assert!(!quiet.stderr.contains("note:"), "{}", quiet.stderr);
    assert!(
        quiet.stdout.contains("Read 1 document(s)"),
        "{}",
        quiet.stdout
    );
    // Standard error is a pipe here: no bar, no terminal control codes.
    for run in [&talkative, &quiet] {
        for drawn in ["finding entities", "writing graphs", "\r", "\x1b["] {
            assert!(!run.stderr.contains(drawn), "{drawn:?} in {}", run.stderr);
        }
    }
}

#[test]
fn html_markdown_and_stdin_are_read() {
    let ws = Workspace::new();
    ws.write("in/page.html", "<html><head><title>T</title><script>Fake Person</script></head><body><p>Angela Merkel visited Paris.</p></body></html>");
    ws.write("in/note.md", "# Notes\n\nBarack Obama spoke in Chicago.\n");
    ws.ok(&["build", "in"]);
    assert_eq!(ws.labels("Person"), ["Angela Merkel", "Barack Obama"]);
    let titles = ws
        .ok(&[
            "query",
            "SELECT ?t { ?d dcterms:title ?t } ORDER BY ?t",
            "--format",
            "csv",
        ])
        .stdout;
    assert_eq!(titles.replace("\r\n", "\n"), "t\nNotes\nT\n");

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kgraph"))
        .args(["build", "-", "--memory"])
        .current_dir(ws.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Joe Biden met Justin Trudeau in Ottawa.")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("Read 1 document(s)"));
}

#[test]
fn usage_errors_exit_2_and_list_the_choices() {
    let ws = Workspace::new();
    let run = ws.run(&["export", "--format", "yaml"]).expect_code(2);
    assert!(
        run.stderr.contains("turtle") && run.stderr.contains("nquads"),
        "{}",
        run.stderr
    );
    ws.run(&["build"]).expect_code(2);
    ws.run(&["--frobnicate"]).expect_code(2);
}

#[test]
fn a_missing_store_says_how_to_create_it() {
    let ws = Workspace::new();
    let run = ws.run(&["query", "SELECT * {}"]).expect_code(1);
    assert!(run.stderr.contains("kgraph build"), "{}", run.stderr);
}

#[test]
fn sparql_syntax_errors_show_line_and_column() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let run = ws
        .run(&["query", "SELECT ?x\nWHERE { ?x ?y }"])
        .expect_code(1);
    assert!(run.stderr.contains("line 2, column"), "{}", run.stderr);
    assert!(run.stderr.contains("WHERE { ?x ?y }"), "{}", run.stderr);
}

#[test]
fn query_formats() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let select = "SELECT ?n { ?l a schema:Legislation ; rdfs:label ?n }";
    let expectations = [
        ("csv", "n\r\nAlien Enemies Act\r\n"),
        ("tsv", "?n\n\"Alien Enemies Act\"\n"),
        (
            "table",
            "n\n-----------------\nAlien Enemies Act\n(1 row)\n",
        ),
    ];
    for (format, expected) in expectations {
        assert_eq!(
            ws.ok(&["query", select, "--format", format]).stdout,
            expected,
            "{format}"
        );
    }
    let json = ws.ok(&["query", select, "--format", "json"]).stdout;
    assert!(json.contains("\"bindings\""), "{json}");
    let xml = ws.ok(&["query", select, "--format", "xml"]).stdout;
    assert!(xml.contains("<sparql"), "{xml}");
    let construct =
        "CONSTRUCT { ?l rdfs:label ?n } WHERE { ?l a schema:Legislation ; rdfs:label ?n }";
    let turtle = ws.ok(&["query", construct, "--format", "turtle"]).stdout;
    assert!(turtle.contains("law:alien-enemies-act"), "{turtle}");
    let nt = ws.ok(&["query", construct, "--format", "ntriples"]).stdout;
    assert!(
        nt.starts_with("<http://example.org/kgraph/law/alien-enemies-act>"),
        "{nt}"
    );
}

#[test]
fn a_second_writer_gets_a_clear_error() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let held = kgraph::KgStore::open(&ws.path().join(".kgraph")).unwrap();
    let run = ws.run(&["build", "seeds"]).expect_code(1);
    assert!(run.stderr.contains("in use"), "{}", run.stderr);
    drop(held);
    ws.ok(&["build", "seeds"]);
}

#[test]
fn a_custom_base_mints_iris_under_it() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds", "--base", "https://news.example.com/kg/"]);
    let run = ws.ok(&[
        "query",
        "SELECT ?p { ?p rdfs:label \"Donald Trump\" }",
        "--format",
        "csv",
    ]);
    assert!(
        run.stdout
            .contains("https://news.example.com/kg/person/donald-trump"),
        "{}",
        run.stdout
    );
    let bad = ws
        .run(&["build", "seeds", "--base", "no base"])
        .expect_code(1);
    assert!(bad.stderr.contains("invalid base IRI"), "{}", bad.stderr);
}

/// The entity nodes of a DOT drawing: `(index, label)`, legend left out.
fn dot_nodes(dot: &str) -> Vec<(String, String)> {
    dot.lines()
        .filter_map(|line| {
            let (index, rest) = line.trim().split_once(" [ label = \"")?;
            index.parse::<usize>().ok()?;
            let label = rest.split("\" ").next()?.replace("\\n", " ");
            Some((index.to_owned(), label))
        })
        .collect()
}

/// The edges of a DOT drawing: `(from, to, attributes)`, legend left out.
fn dot_edges(dot: &str) -> Vec<(String, String, String)> {
    dot.lines()
        .filter_map(|line| {
            let (from, rest) = line.trim().split_once(" -> ")?;
            let (to, attributes) = rest.split_once(" [ ")?;
            from.parse::<usize>().ok()?;
            Some((from.to_owned(), to.to_owned(), attributes.to_owned()))
        })
        .collect()
}

/// Asserts Graphviz draws `dot` as SVG (skipped where Graphviz is missing, except in CI).
fn assert_graphviz_accepts(ws: &Workspace, dot: &str) {
    let path = ws.write("graph.dot", dot);
    if let Some(output) = external("dot", &["-Tsvg", path.to_str().unwrap()]) {
        assert!(
            output.status.success(),
            "dot rejected the graph: {}\n{dot}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"));
    }
}

#[test]
fn dot_export_draws_every_entity_and_graphviz_accepts_it() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let dot = ws.ok(&["export", "--format", "dot"]).stdout;
    let entities = ws.ok(&["entities", "--json"]).stdout.lines().count();
    assert_eq!(dot_nodes(&dot).len(), entities, "{dot}");
    assert!(
        dot.contains("label = \"Donald Trump\" shape = ellipse"),
        "{dot}"
    );
    assert!(dot.contains("subgraph cluster_legend {"), "{dot}");
    let edges = dot_edges(&dot);
    assert!(!edges.is_empty(), "{dot}");
    assert!(
        edges
            .iter()
            .all(|(_, _, a)| !a.contains("style = dashed") || a.contains("dir = none")),
        "co-mention edges have no arrows: {dot}"
    );
    assert_eq!(
        dot,
        ws.ok(&["export", "--format", "dot"]).stdout,
        "deterministic"
    );
    assert_graphviz_accepts(&ws, &dot);
}

#[test]
fn dot_filters_shrink_the_graph_and_focus_works() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let draw = |extra: &[&str]| {
        let mut args = vec!["export", "--format", "dot"];
        args.extend_from_slice(extra);
        let dot = ws.ok(&args).stdout;
        assert_graphviz_accepts(&ws, &dot);
        dot
    };
    let all = draw(&[]);
    let (all_nodes, all_edges) = (dot_nodes(&all).len(), dot_edges(&all).len());

    let people = draw(&["--type", "person"]);
    assert!(dot_nodes(&people).len() < all_nodes, "{people}");
    assert!(
        people
            .lines()
            .filter(|l| dot_nodes(l).len() == 1)
            .all(|l| l.contains("shape = ellipse")),
        "{people}"
    );
    let two_types = draw(&["--type", "person", "--type", "law"]);
    assert!(dot_nodes(&two_types).len() > dot_nodes(&people).len());
    assert!(dot_nodes(&two_types).len() < all_nodes);

    let frequent = draw(&["--min-mentions", "3"]);
    let names: Vec<String> = dot_nodes(&frequent).into_iter().map(|(_, l)| l).collect();
    assert!(names.contains(&"Nayib Bukele".to_owned()), "{names:?}");
    assert!(!names.contains(&"Matt Gaetz".to_owned()), "{names:?}");
    assert!(dot_edges(&frequent).len() < all_edges);

    let co_mentions = draw(&["--relation", "co-mention"]);
    assert!(!dot_edges(&co_mentions).is_empty());
    assert!(
        dot_edges(&co_mentions)
            .iter()
            .all(|(_, _, a)| a.contains("style = dashed"))
    );

    // Relations the relate stage stored: solid arrows; --relation keeps only theirs.
    let invoked = draw(&["--relation", "invoked"]);
    let names: Vec<String> = dot_nodes(&invoked).into_iter().map(|(_, l)| l).collect();
    assert_eq!(names, ["Alien Enemies Act", "Donald Trump"], "{invoked}");
    let edges = dot_edges(&invoked);
    assert_eq!(edges.len(), 1, "{invoked}");
    assert!(
        edges[0].2.starts_with("label = \"invoked\"") && !edges[0].2.contains("dashed"),
        "{invoked}"
    );
    let citizenship = draw(&["--relation", "wdt:P27", "--type", "person"]);
    assert!(
        dot_edges(&citizenship).is_empty(),
        "places filtered out: {citizenship}"
    );
    assert!(
        dot_edges(&draw(&["--relation", "country of citizenship"]))
            .iter()
            .all(|(_, _, a)| a.contains("country of citizenship"))
    );

    // Focus: the entity and its direct neighbours only; --depth 2 reaches further.
    let focus = draw(&["--focus", "matt gaetz"]);
    let nodes = dot_nodes(&focus);
    let (gaetz, _) = nodes
        .iter()
        .find(|(_, label)| label == "Matt Gaetz")
        .expect("the focus entity is drawn");
    assert!(nodes.len() > 1 && nodes.len() < all_nodes, "{focus}");
    assert_eq!(
        focus.matches("penwidth = 2.5 fontname").count(),
        1,
        "{focus}"
    );
    assert!(
        focus.contains(
            "label = \"Matt Gaetz\" shape = ellipse fillcolor = \"#fde0c5\" penwidth = 2.5"
        ),
        "the focus is highlighted: {focus}"
    );
    for (index, label) in &nodes {
        assert!(
            index == gaetz
                || dot_edges(&focus)
                    .iter()
                    .any(|(a, b, _)| (a == gaetz && b == index) || (b == gaetz && a == index)),
            "{label} is not next to the focus: {focus}"
        );
    }
    let wider = draw(&["--focus", "Matt Gaetz", "--depth", "2"]);
    assert!(dot_nodes(&wider).len() > nodes.len(), "{wider}");
    let by_alt_label = draw(&["--focus", "TRUMP"]);
    assert!(by_alt_label.contains("label = \"Donald Trump\""));

    // One document.
    let documents = ws
        .ok(&[
            "query",
            "SELECT ?id { ?d a kgo:Document ; dcterms:identifier ?id } ORDER BY ?id",
            "--format",
            "csv",
        ])
        .stdout;
    // The shorter seed, which names fewer entities than the two together.
    let second = documents.lines().nth(2).unwrap().trim().to_owned();
    let one = draw(&["--document", &second]);
    assert!(dot_nodes(&one).len() < all_nodes, "{one}");
    assert!(!dot_nodes(&one).is_empty());

    // CONSTRUCT: entity-to-entity triples become edges, labelled by local name.
    ws.write(
        "near.rq",
        "CONSTRUCT { ?person kgo:mentionedNear ?place } WHERE {\n\
           ?m1 itsrdf:taIdentRef ?person ; nif:sentence ?s .\n\
           ?m2 itsrdf:taIdentRef ?place ; nif:sentence ?s .\n\
           ?person a schema:Person . ?place a schema:Place .\n}\n",
    );
    let near = draw(&["--construct", "near.rq"]);
    let edges = dot_edges(&near);
    assert!(!edges.is_empty(), "{near}");
    assert!(
        edges
            .iter()
            .all(|(_, _, a)| a.starts_with("label = \"mentionedNear")),
        "{near}"
    );
    assert!(dot_nodes(&near).len() < all_nodes);

    // Errors: exit 1 and say what is wrong.
    let unknown = ws
        .run(&["export", "--format", "dot", "--focus", "Nobody Atall"])
        .expect_code(1);
    assert!(
        unknown
            .stderr
            .contains("no entity is called \"Nobody Atall\""),
        "{}",
        unknown.stderr
    );
    let unknown = ws
        .run(&["export", "--format", "dot", "--document", "nope.txt"])
        .expect_code(1);
    assert!(
        unknown.stderr.contains("no document \"nope.txt\"") && unknown.stderr.contains(&second),
        "{}",
        unknown.stderr
    );
    let unknown = ws
        .run(&["export", "--format", "dot", "--relation", "married to"])
        .expect_code(1);
    assert!(
        unknown.stderr.contains("no relation called \"married to\"")
            && unknown.stderr.contains("co-mention"),
        "{}",
        unknown.stderr
    );
    ws.write("select.rq", "SELECT * { ?s ?p ?o }");
    let select = ws
        .run(&["export", "--format", "dot", "--construct", "select.rq"])
        .expect_code(1);
    assert!(
        select.stderr.contains("select.rq") && select.stderr.contains("CONSTRUCT"),
        "{}",
        select.stderr
    );
    let usage = ws
        .run(&["export", "--format", "turtle", "--type", "person"])
        .expect_code(2);
    assert!(usage.stderr.contains("--type"), "{}", usage.stderr);
}

#[test]
fn dot_svg_png_and_pdf_are_drawn_by_graphviz() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    if external("dot", &["-V"]).is_none() {
        return;
    }
    let run = ws.ok(&["export", "--format", "svg", "--output", "graph.svg"]);
    assert!(run.stderr.contains("to graph.svg"), "{}", run.stderr);
    let svg = std::fs::read_to_string(ws.path().join("graph.svg")).unwrap();
    assert!(
        svg.contains("<svg") && svg.contains("Donald Trump"),
        "{svg}"
    );
    assert!(svg.contains("Legend"), "{svg}");
    // From the extension, with a filter.
    ws.ok(&["export", "-o", "people.png", "--type", "person"]);
    let png = std::fs::read(ws.path().join("people.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    let pdf = ws.ok(&["export", "--format", "pdf"]).stdout;
    assert!(pdf.starts_with("%PDF"), "not a PDF");
    let leftovers: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Without Graphviz: a clear error naming the package, and no file.
    let empty = ws.path().join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let missing = ws
        .run_with_env(
            &["export", "--format", "svg", "-o", "none.svg"],
            &[("PATH", empty.to_str().unwrap())],
        )
        .expect_code(1);
    assert!(
        missing.stderr.contains("`dot` was not found")
            && missing.stderr.contains("apt-get install graphviz"),
        "{}",
        missing.stderr
    );
    assert!(!ws.path().join("none.svg").exists());
    assert!(!ws.path().join("none.svg.partial").exists());
}

#[test]
fn decisions_apply_to_unchanged_documents_and_survive_rebuilds() {
    let ws = Workspace::new();
    ws.write(
        "docs/a.txt",
        "Donald Trump spoke on Monday. Later, Trump left the room.",
    );
    ws.ok(&["build", "docs"]);
    let people = |ws: &Workspace| ws.labels("Person");
    assert_eq!(people(&ws), ["Donald Trump"]);
    ws.write(
        "decisions.tsv",
        "# keep them apart\nnot-same\tDonald Trump\tTrump\n",
    );
    let run = ws.ok(&["build", "docs", "--decisions", "decisions.tsv"]);
    assert!(
        run.stdout.contains("1 new or changed"),
        "a new decision re-extracts: {}",
        run.stdout
    );
    assert_eq!(people(&ws), ["Donald Trump", "Trump"]);
    let again = ws.ok(&["build", "docs", "--decisions", "decisions.tsv"]);
    assert!(
        again.stdout.contains("0 new or changed"),
        "{}",
        again.stdout
    );
    assert_eq!(people(&ws), ["Donald Trump", "Trump"]);

    ws.write("bad.tsv", "maybe\tA\tB\n");
    let bad = ws
        .run(&["build", "docs", "--decisions", "bad.tsv"])
        .expect_code(1);
    assert!(
        bad.stderr.contains("bad.tsv:1: unknown decision \"maybe\""),
        "{}",
        bad.stderr
    );
}

/// Runs a command; `None` when the program is not installed (allowed only outside CI).
fn external(program: &str, args: &[&str]) -> Option<std::process::Output> {
    match std::process::Command::new(program).args(args).output() {
        Ok(output) => Some(output),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{program} must be installed in CI (.ci/run installs it)"
            );
            None
        }
    }
}

#[test]
fn raptor_rdflib_and_pyoxigraph_read_every_export_with_the_same_triple_count() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let triples = ws
        .ok(&["export", "--format", "ntriples"])
        .stdout
        .lines()
        .count();
    // No triple is in two graphs: a fact stated by several documents is one triple in the
    // entity graph and one statement per document, so the union never repeats a triple.
    let quads = ws
        .ok(&["export", "--format", "nquads"])
        .stdout
        .lines()
        .count();
    assert_eq!(quads, triples, "no triple in two graphs");
    let formats = [
        ("turtle", "turtle", "turtle"),
        ("ntriples", "ntriples", "nt"),
        ("nquads", "nquads", "nquads"),
        ("trig", "trig", "trig"),
        ("rdfxml", "rdfxml", "xml"),
        ("jsonld", "", "json-ld"),
    ];
    for (format, rapper_syntax, rdflib_format) in formats {
        let file = ws.path().join(format!("graph.{format}"));
        ws.ok(&[
            "export",
            "--format",
            format,
            "--output",
            file.to_str().unwrap(),
        ]);
        let path = file.to_str().unwrap();
        if !rapper_syntax.is_empty()
            && let Some(output) = external("rapper", &["-i", rapper_syntax, "-c", path])
        {
            let report = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success(),
                "rapper rejected {format}: {report}"
            );
            let expected = if matches!(format, "nquads" | "trig") {
                quads
            } else {
                triples
            };
            assert!(
                report.contains(&format!("returned {expected} triples")),
                "rapper on {format}: {report}"
            );
        }
        let script = format!(
            "import rdflib\ng = rdflib.Dataset() if '{rdflib_format}' in ('nquads', 'trig') else rdflib.Graph()\n\
             g.parse(r'{path}', format='{rdflib_format}')\n\
             print(len(set((s, p, o) for s, p, o, *_ in (g.quads() if isinstance(g, rdflib.Dataset) else g))))"
        );
        if let Some(output) = external("python3", &["-c", &script]) {
            let stderr = String::from_utf8_lossy(&output.stderr);
            if stderr.contains("No module named 'rdflib'") {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "rdflib must be installed in CI"
                );
                continue;
            }
            assert!(
                output.status.success(),
                "rdflib rejected {format}: {stderr}"
            );
            assert_eq!(
                String::from_utf8_lossy(&output.stdout).trim(),
                triples.to_string(),
                "rdflib on {format}"
            );
        }
        // pyoxigraph (Oxigraph's Python binding, a separate build of its parsers).
        let pyoxigraph_format = match format {
            "turtle" => "TURTLE",
            "ntriples" => "N_TRIPLES",
            "nquads" => "N_QUADS",
            "trig" => "TRIG",
            "rdfxml" => "RDF_XML",
            _ => "JSON_LD",
        };
        let script = format!(
            "import pyoxigraph as ox\n\
             print(len(set(ox.parse(path=r'{path}', format=ox.RdfFormat.{pyoxigraph_format}))))"
        );
        if let Some(count) = python(&script, "pyoxigraph") {
            let expected = if matches!(format, "nquads" | "trig") {
                quads
            } else {
                triples
            };
            assert_eq!(count.trim(), expected.to_string(), "pyoxigraph on {format}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_a_usable_store_and_a_rerun_completes_it() {
    let ws = Workspace::with_seeds();
    let seeds: Vec<String> = ["000_a57ef51889807de0.txt", "002_97e05d8b0b00d330.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(ws.path().join("seeds").join(f)).unwrap())
        .collect();
    for i in 0..400 {
        ws.write(
            &format!("big/doc-{i:03}.txt"),
            seeds[i % 2].replace("Donald", &format!("Donald{i}")),
        );
    }
    // First a small committed build, then a large one killed part-way.
    ws.ok(&["build", "seeds"]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kgraph"))
        .args(["build", "seeds", "big"])
        .current_dir(ws.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    // The store opens and still answers for what was committed before.
    let ask = ws.ok(&["query", "ASK { ?p rdfs:label \"Donald Trump\" }"]);
    assert_eq!(ask.stdout.trim(), "true");
    // Re-running completes the build, to exactly what a clean build gives.
    ws.ok(&["build", "seeds", "big"]);
    let clean = Workspace::with_seeds();
    std::fs::create_dir_all(clean.path().join("big")).unwrap();
    for i in 0..400 {
        let name = format!("big/doc-{i:03}.txt");
        std::fs::copy(ws.path().join(&name), clean.path().join(&name)).unwrap();
    }
    clean.ok(&["build", "seeds", "big"]);
    let export = |w: &Workspace| w.ok(&["export", "--format", "nquads"]).stdout;
    assert_same_lines(
        &export(&ws),
        &export(&clean),
        "a killed-then-rerun build and a clean build",
    );
}

#[test]
fn a_killed_first_build_is_discarded_and_built_again() {
    // A build into an empty store goes through the bulk loader, batch by batch: killed
    // part-way, it must not leave documents that the next build takes as stored.
    let ws = Workspace::with_seeds();
    let seeds: Vec<String> = ["000_a57ef51889807de0.txt", "002_97e05d8b0b00d330.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(ws.path().join("seeds").join(f)).unwrap())
        .collect();
    for i in 0..600 {
        ws.write(
            &format!("big/doc-{i:03}.txt"),
            seeds[i % 2].replace("Donald", &format!("Donald{i}")),
        );
    }
    let clean = Workspace::with_seeds();
    for i in 0..600 {
        let name = format!("big/doc-{i:03}.txt");
        clean.write(
            &name,
            std::fs::read_to_string(ws.path().join(&name)).unwrap(),
        );
    }
    clean.ok(&["build", "big"]);
    let export = |w: &Workspace| w.ok(&["export", "--format", "nquads"]).stdout;
    let expected = export(&clean);
    for delay in [400, 1200, 2500] {
        let _ = std::fs::remove_dir_all(ws.path().join(".kgraph"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kgraph"))
            .args(["build", "big"])
            .current_dir(ws.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        ws.ok(&["build", "big"]);
        assert_same_lines(
            &export(&ws),
            &expected,
            &format!("a first build killed after {delay} ms, then run again"),
        );
        // The files of the killed load's batches, which RocksDB does not know, are gone.
        let left: Vec<String> = std::fs::read_dir(ws.path().join(".kgraph"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("bulk-"))
            .collect();
        assert!(left.is_empty(), "killed after {delay} ms: left {left:?}");
    }
}

#[test]
fn a_query_that_runs_too_long_is_stopped_with_a_clear_message() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    // Three unrelated patterns: about 1.5 billion combinations on the seeds graph.
    let heavy = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let run = ws.run(&["query", heavy, "--timeout", "1"]).expect_code(1);
    assert!(
        run.stderr.contains("query stopped after the 1s timeout"),
        "{}",
        run.stderr
    );
}

#[test]
fn hostile_names_keep_iris_turtle_and_dot_valid() {
    let ws = Workspace::new();
    ws.write(
        "odd dir/<weird> \"name\".txt",
        "Chief Executive Zoë \"Zed\" O'Brien-Ünal met the Back\\slash Group and Emoji 😀 Holdings in Zürich.\r\n\
         The <Angle> Bracket Party replied.\u{FEFF}",
    );
    ws.ok(&["build", "odd dir"]);
    for (format, rdf_format) in [
        ("turtle", RdfFormat::Turtle),
        ("ntriples", RdfFormat::NTriples),
        ("trig", RdfFormat::TriG),
    ] {
        let out = ws.ok(&["export", "--format", format]).stdout;
        assert!(!parse(rdf_format, out.as_bytes()).is_empty(), "{format}");
    }
    let dot = ws.ok(&["export", "--format", "dot"]).stdout;
    assert_graphviz_accepts(&ws, &dot);
    let focus = ws
        .ok(&["export", "--format", "dot", "--focus", "ZOË"])
        .stdout;
    assert!(focus.contains("label = \"Zoë\" shape = ellipse"), "{focus}");
    assert_graphviz_accepts(&ws, &focus);
    let documents = ws
        .ok(&[
            "query",
            "SELECT ?d { ?d a kgo:Document }",
            "--format",
            "csv",
        ])
        .stdout;
    assert!(
        documents.contains("document/%3Cweird%3E%20%22name%22.txt"),
        "{documents}"
    );
}

#[test]
fn extract_writes_exactly_what_a_fresh_build_stores() {
    let ws = Workspace::with_seeds();
    let extracted = ws.ok(&["extract", "seeds"]);
    assert!(
        extracted.stderr.contains("extracted 2 document(s)"),
        "{}",
        extracted.stderr
    );
    assert!(
        !ws.path().join(".kgraph").exists(),
        "extract must not create a store"
    );
    ws.ok(&["build", "seeds"]);
    let exported = ws.ok(&["export", "--format", "nquads"]).stdout;
    assert_same_lines(&extracted.stdout, &exported, "extract and build+export");
    assert!(
        extracted.stdout == exported,
        "same lines but different order"
    );
    ws.ok(&["extract", "seeds", "--output", "shard.nq"]);
    assert_eq!(
        std::fs::read_to_string(ws.path().join("shard.nq")).unwrap(),
        exported
    );
}

/// Relation precision and recall from `kgraph eval --facts --json`.
fn relation_scores(ws: &Workspace, facts: &Path) -> (f64, f64) {
    let run = ws.ok(&["eval", "--facts", facts.to_str().unwrap(), "--json"]);
    let scores: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    (
        scores["precision"].as_f64().unwrap(),
        scores["recall"].as_f64().unwrap(),
    )
}

#[test]
fn relations_meet_their_targets_on_the_seeds_and_the_relation_test_texts() {
    let seeds_facts = repository().join("../shared/eval/seeds.facts.tsv");
    if seeds_facts.exists() {
        // The relation rules on the rules' mentions (what they were written for), and
        // on the learned tagger's.
        for model in ["rules", "default"] {
            let ws = Workspace::with_seeds();
            ws.ok(&["build", "seeds", "--model", model]);
            let (precision, recall) = relation_scores(&ws, &seeds_facts);
            assert!(
                precision >= 0.9 && recall >= 0.8,
                "seeds with --model {model}: P {precision:.3} R {recall:.3}"
            );
        }
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs with ../shared beside the repository"
        );
    }
    // Texts written for the relation rules, not the seeds: other countries, verbs, shapes.
    let ws = Workspace::new();
    let texts = repository().join("tests/data/relations");
    ws.ok(&["build", texts.to_str().unwrap()]);
    let (precision, recall) = relation_scores(&ws, &texts.join("facts.tsv"));
    assert!(
        precision >= 0.9 && recall >= 0.8,
        "relation texts: P {precision:.3} R {recall:.3}"
    );
}

#[test]
fn eval_facts_names_a_bad_line_and_lists_errors() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let bad = ws.write("bad.tsv", "Donald Trump\tinvoked\n");
    let run = ws
        .run(&["eval", "--facts", bad.to_str().unwrap()])
        .expect_code(1);
    assert!(run.stderr.contains("bad.tsv:1:"), "{}", run.stderr);
    let facts = ws.write(
        "facts.tsv",
        "Donald Trump\tinvoked\tAlien Enemies Act\nDonald Trump\tvisited\tMexico\n",
    );
    let run = ws.ok(&["eval", "--facts", facts.to_str().unwrap(), "--errors"]);
    assert!(
        run.stdout
            .contains("miss         Donald Trump | visited | Mexico"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("false-alarm"), "{}", run.stdout);
}

#[test]
fn a_user_gazetteer_recognises_links_and_identifies_names() {
    let ws = Workspace::new();
    ws.write(
        "docs/a.txt",
        "The visit was short. Ms. Okonjo-Iweala met the minister in Geneva.",
    );
    ws.write(
        "docs/b.txt",
        "Ngozi Okonjo-Iweala leads the World Trade Organization.",
    );
    ws.write(
        "people.tsv",
        "# name\ttype\tIRI\taliases\nNgozi Okonjo-Iweala\tPERSON\thttp://www.wikidata.org/entity/Q466588\tOkonjo-Iweala\n",
    );
    ws.write(
        "orgs.ttl",
        "@prefix schema: <http://schema.org/> .\n<http://www.wikidata.org/entity/Q7825> a schema:Organization ;\n  schema:name \"World Trade Organization\" ; schema:alternateName \"WTO\" .\n",
    );
    let gazetteers = ["--gazetteer", "people.tsv", "--gazetteer", "orgs.ttl"];
    // Built together, and one document at a time: the same graph.
    let together = Workspace::new();
    for (name, content) in [
        (
            "docs/a.txt",
            std::fs::read(ws.path().join("docs/a.txt")).unwrap(),
        ),
        (
            "docs/b.txt",
            std::fs::read(ws.path().join("docs/b.txt")).unwrap(),
        ),
        (
            "people.tsv",
            std::fs::read(ws.path().join("people.tsv")).unwrap(),
        ),
        (
            "orgs.ttl",
            std::fs::read(ws.path().join("orgs.ttl")).unwrap(),
        ),
    ] {
        together.write(name, content);
    }
    together.ok(&[&["build", "docs"][..], &gazetteers].concat());
    ws.ok(&[&["build", "docs/a.txt"][..], &gazetteers].concat());
    ws.ok(&[&["build", "docs/b.txt"][..], &gazetteers].concat());
    let export = |ws: &Workspace| ws.ok(&["export", "--format", "nquads"]).stdout;
    assert_same_lines(
        &export(&together),
        &export(&ws),
        "together vs one at a time",
    );
    assert_eq!(ws.labels("Person"), ["Ngozi Okonjo-Iweala"]);
    let triples = ws.ok(&["export", "--format", "ntriples"]).stdout;
    assert!(
        triples.contains("<http://example.org/kgraph/person/ngozi-okonjo-iweala> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q466588>"),
        "{triples}"
    );
    assert!(
        triples.contains("<http://www.wikidata.org/entity/Q7825>"),
        "{triples}"
    );
    let explain = ws.ok(&["entities", "--explain", "Okonjo-Iweala"]).stdout;
    assert!(explain.contains("2 mention(s) in 2 doc(s)"), "{explain}");
    // Without the gazetteer the documents are extracted again.
    let run = ws.ok(&["build", "docs"]);
    assert!(run.stdout.contains("2 new or changed"), "{}", run.stdout);
    // A bad line is named, and nothing is built.
    ws.write("bad.tsv", "Somebody\tCELEBRITY\n");
    let run = ws
        .run(&["build", "docs", "--gazetteer", "bad.tsv"])
        .expect_code(1);
    assert!(
        run.stderr.contains("bad.tsv:1: unknown type \"CELEBRITY\""),
        "{}",
        run.stderr
    );
}

/// `curl ARGS URL`: the status, the media type and the body.
fn curl(url: &str, args: &[&str]) -> Option<(u16, String, String)> {
    let mut all = vec!["-sS", "-w", "\n%{http_code} %{content_type}"];
    all.extend_from_slice(args);
    all.push(url);
    let output = external("curl", &all)?;
    assert!(output.status.success(), "curl {all:?}: {output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let (body, last) = text.rsplit_once('\n').unwrap();
    let (status, media) = last.split_once(' ').unwrap();
    Some((status.parse().unwrap(), media.to_owned(), body.to_owned()))
}

/// Runs a Python script; `None` when one of its modules is missing (allowed outside CI).
fn python(script: &str, modules: &str) -> Option<String> {
    let output = external("python3", &["-c", script])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("No module named") {
        assert!(
            std::env::var_os("CI").is_none(),
            "{modules} must be installed in CI (.ci/run installs it): {stderr}"
        );
        return None;
    }
    assert!(output.status.success(), "python: {stderr}");
    Some(String::from_utf8(output.stdout).unwrap())
}

#[test]
fn serve_answers_the_sparql_protocol_with_content_negotiation() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let served = ws.serve(&[
        "--max-results",
        "50",
        "--timeout",
        "1",
        "--max-queries",
        "8",
    ]);
    let sparql = format!("{}/sparql", served.url);
    let people = "SELECT ?name { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name";
    let get = |accept: &str, query: &str| {
        let header = format!("Accept: {accept}");
        curl(
            &sparql,
            &[
                "-G",
                "-H",
                &header,
                "--data-urlencode",
                &format!("query={query}"),
            ],
        )
    };
    let Some((status, media, body)) = get("*/*", people) else {
        return;
    };
    assert_eq!(
        (status, media.as_str()),
        (200, "application/sparql-results+json")
    );
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let names: Vec<&str> = json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"]["value"].as_str().unwrap())
        .collect();
    // Every person of the seeds, as the expected answer of queries/people.rq lists them.
    let expected =
        std::fs::read_to_string(repository().join("tests/expected/queries/people.tsv")).unwrap();
    assert_eq!(names.len(), expected.lines().count() - 1, "{names:?}");
    assert!(names.contains(&"Donald Trump"), "{names:?}");
    // The same answer as the command line, in every tabular format.
    for (accept, format) in [
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
        ("application/sparql-results+xml", "xml"),
        ("application/sparql-results+json", "json"),
    ] {
        let (status, media, body) = get(accept, people).unwrap();
        assert_eq!(status, 200, "{accept}: {body}");
        assert!(media.starts_with(accept), "{accept}: {media}");
        let cli = ws.ok(&["query", people, "--format", format]).stdout;
        assert_eq!(body.trim_end(), cli.trim_end(), "{accept}");
    }
    let ask = get(
        "text/csv, */*;q=0.1",
        "ASK { ?p rdfs:label \"Nayib Bukele\" }",
    )
    .unwrap();
    assert_eq!((ask.0, ask.2.trim()), (200, "true"));
    // CONSTRUCT: Turtle by default, N-Triples on request.
    let construct = "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a schema:Person ; rdfs:label ?n }";
    let (status, media, turtle) = get("*/*", construct).unwrap();
    assert_eq!((status, media.as_str()), (200, "text/turtle"));
    let (_, media, ntriples) = get("application/n-triples", construct).unwrap();
    assert_eq!(media, "application/n-triples");
    assert_eq!(
        parse(RdfFormat::NTriples, ntriples.as_bytes()).len(),
        names.len()
    );
    assert_eq!(
        parse(RdfFormat::Turtle, turtle.as_bytes()).len(),
        names.len()
    );
    let (_, media, rdfxml) = get("application/rdf+xml", construct).unwrap();
    assert_eq!(media, "application/rdf+xml");
    assert_eq!(
        parse(RdfFormat::RdfXml, rdfxml.as_bytes()).len(),
        names.len()
    );
    let (status, _, body) = get("text/csv", construct).unwrap();
    assert_eq!(status, 406, "{body}");
    assert!(body.contains("text/turtle"), "{body}");

    // POST: a form, and a query body.
    let (status, _, body) = curl(
        &sparql,
        &[
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            &format!("query={people}"),
        ],
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Patricia Bullrich"), "{body}");
    let (status, _, body) = curl(
        &sparql,
        &[
            "-H",
            "Content-Type: application/sparql-query",
            "-H",
            "Accept: text/tab-separated-values",
            "--data-binary",
            people,
        ],
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.lines().count(), names.len() + 1, "{body}");

    // Refusals, each with a clear message.
    let refused: &[(&[&str], u16, &str)] = &[
        (
            &[
                "--data-urlencode",
                "update=INSERT DATA { <a:b> <a:c> <a:d> }",
            ],
            400,
            "updates are refused",
        ),
        (
            &["--data-urlencode", "query=DELETE WHERE { ?s ?p ?o }"],
            400,
            "updates are refused",
        ),
        (
            &[
                "--data-urlencode",
                "query=SELECT * { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
            ],
            400,
            "SERVICE <http://example.org/sparql> is refused",
        ),
        (
            &[
                "--data-urlencode",
                "query=SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
            ],
            400,
            "SERVICE ?endpoint is refused",
        ),
        (
            &["--data-urlencode", "query=SELECT * { ?s ?p ?o }"],
            400,
            "more than 50 results",
        ),
        (
            &["--data-urlencode", "query=SELECT ?x { ?x ?y }"],
            400,
            "line 1, column",
        ),
        (
            // Three unrelated patterns: about 1.5 billion combinations on the seeds graph.
            &[
                "--data-urlencode",
                "query=SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
            ],
            503,
            "stopped after the 1s timeout",
        ),
        (&["-X", "DELETE"], 405, "use GET or POST"),
        (&["-G"], 400, "no query"),
    ];
    for (args, expected, message) in refused {
        let (status, media, body) = curl(&sparql, args).unwrap();
        assert_eq!(status, *expected, "{args:?}: {body}");
        assert_eq!(media, "text/plain; charset=utf-8");
        assert!(body.contains(message), "{args:?}: {body}");
    }
    let (status, media, page) = curl(&format!("{}/query", served.url), &[]).unwrap();
    assert_eq!((status, media.as_str()), (200, "text/html; charset=utf-8"));
    assert!(page.contains("<textarea"), "{page}");

    // Concurrent clients, fewer than the query slots (--max-queries 8): all answered.
    let threads: Vec<_> = (0..6)
        .map(|_| {
            let sparql = sparql.clone();
            std::thread::spawn(move || {
                curl(
                    &sparql,
                    &[
                        "-H",
                        "Accept: text/csv",
                        "--data-urlencode",
                        &format!("query={people}"),
                    ],
                )
                .unwrap()
            })
        })
        .collect();
    for thread in threads {
        let (status, _, body) = thread.join().unwrap();
        assert_eq!(
            (status, body.lines().count()),
            (200, names.len() + 1),
            "{body}"
        );
    }

    // Python clients: SPARQLWrapper, and rdflib's SPARQLStore.
    let script = format!(
        "from SPARQLWrapper import SPARQLWrapper, JSON\n\
         s = SPARQLWrapper('{sparql}')\n\
         s.setQuery('''{people}''')\n\
         s.setReturnFormat(JSON)\n\
         print(len(s.query().convert()['results']['bindings']))\n\
         import rdflib\n\
         from rdflib.plugins.stores.sparqlstore import SPARQLStore\n\
         g = rdflib.Graph(SPARQLStore('{sparql}'))\n\
         print(len(list(g.query('''PREFIX schema: <http://schema.org/>\n\
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
         {people}'''))))\n\
         print(len(g.query('CONSTRUCT {{ ?p <urn:name> ?o }} WHERE {{ ?p a <http://schema.org/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?o }}').graph))"
    );
    if let Some(out) = python(&script, "SPARQLWrapper and rdflib") {
        let count = names.len().to_string();
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            [count.as_str(), &count, &count]
        );
    }
    // Stopped, it is gone.
    let url = served.url.clone();
    served.stop();
    let down = std::process::Command::new("curl")
        .args(["-sS", "--max-time", "5", &url])
        .output()
        .unwrap();
    assert!(!down.status.success(), "the server still answers");
}

#[test]
fn serve_refuses_a_missing_store_and_a_busy_address() {
    let ws = Workspace::with_seeds();
    let run = ws.run(&["serve", "--bind", "127.0.0.1:0"]).expect_code(1);
    assert!(run.stderr.contains("no kgraph store"), "{}", run.stderr);
    ws.ok(&["build", "seeds"]);
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = busy.local_addr().unwrap().to_string();
    let run = ws.run(&["serve", "--bind", &address]).expect_code(1);
    assert!(
        run.stderr.contains(&format!("cannot listen on {address}")),
        "{}",
        run.stderr
    );
}

#[test]
fn prune_removes_documents_the_inputs_no_longer_have() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let first = "seeds/000_a57ef51889807de0.txt";
    let kept = std::fs::read(ws.path().join(first)).unwrap();
    std::fs::remove_file(ws.path().join(first)).unwrap();
    // Without --prune the removed article stays.
    let run = ws.ok(&["build", "seeds"]);
    assert!(
        run.stdout.contains("Store .kgraph: 2 document(s)"),
        "{}",
        run.stdout
    );
    // An input that cannot be read blocks pruning: its document might still exist.
    ws.write("seeds/broken.txt", [0u8, 159, 146, 150, 0, 0, 1]);
    let run = ws.run(&["build", "seeds", "--prune"]).expect_code(1);
    assert!(run.stderr.contains("nothing pruned"), "{}", run.stderr);
    assert!(
        run.stdout.contains("Store .kgraph: 2 document(s)"),
        "{}",
        run.stdout
    );
    std::fs::remove_file(ws.path().join("seeds/broken.txt")).unwrap();
    let run = ws.ok(&["build", "seeds", "--prune"]);
    assert!(run.stdout.contains("1 removed"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Store .kgraph: 1 document(s)"),
        "{}",
        run.stdout
    );
    // The store equals a fresh build of what is left.
    let fresh = Workspace::with_seeds();
    std::fs::remove_file(fresh.path().join(first)).unwrap();
    fresh.ok(&["build", "seeds"]);
    let export = |ws: &Workspace| ws.ok(&["export", "--format", "nquads"]).stdout;
    assert_same_lines(&export(&fresh), &export(&ws), "pruned vs fresh");
    // Putting it back adds it again.
    ws.write(first, kept);
    let run = ws.ok(&["build", "seeds", "--prune"]);
    assert!(
        run.stdout.contains("Store .kgraph: 2 document(s)"),
        "{}",
        run.stdout
    );
}

#[test]
fn extract_jsonl_gives_one_record_per_document_with_the_stores_iris() {
    let ws = Workspace::with_seeds();
    let run = ws.ok(&["extract", "seeds", "--format", "jsonl"]);
    let quads = ws.ok(&["extract", "seeds"]).stdout;
    let records: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    let mut relations = 0;
    for record in &records {
        let source = record["source"].as_str().unwrap();
        let text = std::fs::read_to_string(ws.path().join(source)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for mention in record["mentions"].as_array().unwrap() {
            let (start, end) = (
                mention["start"].as_u64().unwrap() as usize,
                mention["end"].as_u64().unwrap() as usize,
            );
            let span: String = chars[start..end].iter().collect();
            assert_eq!(span, mention["text"].as_str().unwrap());
            let entity = mention["entity"].as_str().unwrap();
            assert!(quads.contains(&format!("<{entity}>")), "{entity}");
        }
        for relation in record["relations"].as_array().unwrap() {
            relations += 1;
            let subject = relation["subject"].as_str().unwrap();
            let predicate = relation["predicate"].as_str().unwrap();
            assert!(
                quads.contains(&format!("<{subject}> <{predicate}> ")),
                "{relation}"
            );
        }
    }
    assert!(relations >= 20, "{relations} relations");
    let again = ws.ok(&["extract", "seeds", "--format", "jsonl"]);
    assert_eq!(run.stdout, again.stdout, "deterministic");
}

/// A tiny Graph Store Protocol server that asks for a Digest login (user `kg`, password
/// `secret`) and records every authorised PUT as (graph parameter, body). `GET /stop`
/// ends it.
fn graph_store() -> (String, std::thread::JoinHandle<Vec<(String, String)>>) {
    use md5::{Digest, Md5};
    use std::io::{BufRead, BufReader, Read, Write};
    let hex = |text: String| -> String {
        Md5::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/store", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut puts = Vec::new();
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap();
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
            let header = |name: &str| {
                headers
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
            };
            let mut body = vec![0; header("content-length").map_or(0, |l| l.parse().unwrap())];
            reader.read_exact(&mut body).unwrap();
            let mut parts = request_line.split_whitespace();
            let (method, target) = (parts.next().unwrap(), parts.next().unwrap());
            if target == "/stop" {
                break;
            }
            let authorised = header("authorization").is_some_and(|auth| {
                let field = |name: &str| {
                    auth.split(", ")
                        .find_map(|p| {
                            p.trim_start_matches("Digest ")
                                .strip_prefix(&format!("{name}="))
                        })
                        .map(|v| v.trim_matches('"').to_owned())
                        .unwrap_or_default()
                };
                let expected = hex(format!(
                    "{}:{}:{}:{}:auth:{}",
                    hex("kg:test:secret".to_owned()),
                    field("nonce"),
                    field("nc"),
                    field("cnonce"),
                    hex(format!("{method}:{target}"))
                ));
                field("uri") == target && field("response") == expected
            });
            let answer = if !authorised {
                "401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"test\", nonce=\"n0nce\", qop=\"auth\", algorithm=MD5"
            } else {
                if method == "PUT" {
                    assert_eq!(
                        header("content-type").as_deref(),
                        Some("application/n-triples")
                    );
                    let graph = target.split_once("?graph=").map_or("", |(_, g)| g);
                    puts.push((graph.to_owned(), String::from_utf8(body).unwrap()));
                }
                "201 Created"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {answer}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
        puts
    });
    (url, handle)
}

fn percent_decode(text: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = text.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            bytes.push(u8::from_str_radix(std::str::from_utf8(&tail[..2]).unwrap(), 16).unwrap());
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    String::from_utf8(bytes).unwrap()
}

#[test]
fn push_puts_every_graph_with_a_digest_login() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let (url, server) = graph_store();
    let run = ws.ok(&[
        "push",
        "--endpoint",
        &url,
        "--user",
        "kg",
        "--password",
        "secret",
    ]);
    let wrong = ws
        .run(&[
            "push",
            "--endpoint",
            &url,
            "--user",
            "kg",
            "--password",
            "nope",
        ])
        .expect_code(1);
    assert!(
        wrong.stderr.contains(&url)
            && wrong.stderr.contains("HTTP 401")
            && wrong.stderr.contains("check --user and --password"),
        "{}",
        wrong.stderr
    );
    let anonymous = ws.run(&["push", "--endpoint", &url]).expect_code(1);
    assert!(
        anonymous.stderr.contains("asks for a login"),
        "{}",
        anonymous.stderr
    );
    let merged = ws.ok(&[
        "push",
        "--endpoint",
        &url,
        "--user",
        "kg",
        "--password",
        "secret",
        "--graph",
        "urn:all",
    ]);
    std::net::TcpStream::connect(url.trim_start_matches("http://").trim_end_matches("/store"))
        .and_then(|mut s| std::io::Write::write_all(&mut s, b"GET /stop HTTP/1.1\r\n\r\n"))
        .unwrap();
    let puts = server.join().unwrap();
    // One PUT per named graph, holding exactly that graph's quads.
    let quads = parse(
        RdfFormat::NQuads,
        ws.ok(&["export", "--format", "nquads"]).stdout.as_bytes(),
    );
    let mut expected: Vec<(String, usize)> = Vec::new();
    for quad in &quads {
        let graph = match &quad.graph_name {
            oxigraph::model::GraphName::NamedNode(n) => n.as_str().to_owned(),
            other => panic!("unexpected graph {other}"),
        };
        match expected.iter_mut().find(|(g, _)| *g == graph) {
            Some((_, n)) => *n += 1,
            None => expected.push((graph, 1)),
        }
    }
    expected.sort();
    let (per_graph, all) = puts.split_at(puts.len() - 1);
    let mut sent: Vec<(String, usize)> = per_graph
        .iter()
        .map(|(g, body)| {
            (
                percent_decode(g),
                parse(RdfFormat::NTriples, body.as_bytes()).len(),
            )
        })
        .collect();
    sent.sort();
    assert_eq!(sent, expected);
    assert!(
        run.stderr.contains(&format!(
            "pushed {} triples in {} graph(s)",
            quads.len(),
            expected.len()
        )),
        "{}",
        run.stderr
    );
    // --graph: the union, once.
    let triples = ws
        .ok(&["export", "--format", "ntriples"])
        .stdout
        .lines()
        .count();
    assert_eq!(all[0].0, "urn%3Aall");
    assert_eq!(
        parse(RdfFormat::NTriples, all[0].1.as_bytes()).len(),
        triples
    );
    assert!(merged.stderr.contains("in 1 graph(s)"), "{}", merged.stderr);
}

#[test]
fn virtuoso_answers_every_example_query_like_kgraph() {
    if std::process::Command::new("virtuoso-t")
        .arg("-?")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "virtuoso-t must be installed in CI (.ci/run installs virtuoso-opensource-7)"
        );
        return;
    }
    let output = std::process::Command::new(repository().join("scripts/virtuoso-parity.sh"))
        .env("KGRAPH", env!("CARGO_BIN_EXE_kgraph"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("kgraph and Virtuoso agree"), "{stdout}");
    assert!(
        stdout.lines().filter(|l| l.ends_with(" OK")).count() >= 17,
        "{stdout}"
    );
}

#[test]
fn construct_drawings_refuse_service_calls_and_updates() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let cases = [
        (
            "service.rq",
            "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SERVICE",
        ),
        ("update.rq", "DELETE WHERE { ?s ?p ?o }", "update"),
    ];
    for (name, query, expected) in cases {
        let file = ws.write(name, query);
        let run = ws
            .run(&[
                "export",
                "--format",
                "dot",
                "--construct",
                file.to_str().unwrap(),
            ])
            .expect_code(1);
        assert!(run.stderr.contains(expected), "{name}: {}", run.stderr);
    }
    // Nothing was deleted.
    let run = ws.ok(&["query", "ASK { ?s a schema:Person }"]);
    assert!(run.stdout.contains("true"), "{}", run.stdout);
}

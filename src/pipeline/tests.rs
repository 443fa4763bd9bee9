use super::*;
use crate::store::write::unfinished_write_marker;

fn options() -> BuildOptions {
    BuildOptions {
        jobs: Some(1),
        ..BuildOptions::default()
    }
}

fn dump(store: &KgStore) -> Vec<String> {
    let mut quads: Vec<String> = store
        .oxigraph()
        .iter()
        .map(|q| q.unwrap().to_string())
        .collect();
    quads.sort();
    quads
}

#[test]
fn a_build_with_nothing_new_writes_nothing_unless_one_was_stopped() {
    let folder = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(folder.path().join(name), text).unwrap();
    write(
        "a.txt",
        "Angela Merkel met Vladimir Putin in Moscow. Merkel left.",
    );
    write(
        "b.txt",
        "President Emmanuel Macron visited Berlin with Merkel.",
    );
    let inputs = [Input::Path(folder.path().to_owned())];
    let store = KgStore::in_memory().unwrap();
    let first = build(&store, &inputs, &options()).unwrap();
    let built = dump(&store);

    // Nothing changed: nothing is written, and the report says what the store holds.
    let again = build(&store, &inputs, &options()).unwrap();
    assert_eq!((again.documents_written, again.documents_unchanged), (0, 2));
    assert_eq!(again.entities, first.entities);
    assert_eq!(again.mentions, first.mentions);
    assert_eq!(again.quads, None, "an up-to-date store is not counted");
    assert_eq!(dump(&store), built);

    // A build stopped after writing its documents, before its entity graph: the next
    // one completes it although no document changed.
    let entities = options().iris.entities_graph();
    store.oxigraph().clear_graph(entities.as_ref()).unwrap();
    store.oxigraph().insert(&unfinished_write_marker()).unwrap();
    let completed = build(&store, &inputs, &options()).unwrap();
    assert_eq!(completed.documents_written, 0);
    assert_eq!(dump(&store), built);
    assert!(!store.has_unfinished_write().unwrap());
}

#[test]
fn a_build_into_a_store_with_documents_reports_what_it_wrote_and_removed() {
    let folder = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(folder.path().join(name), text).unwrap();
    write("a.txt", "Angela Merkel met Vladimir Putin in Moscow.");
    write("b.txt", "President Emmanuel Macron visited Berlin.");
    let inputs = [Input::Path(folder.path().to_owned())];
    let store = KgStore::in_memory().unwrap();
    let fresh = build(&store, &inputs, &options()).unwrap();
    assert_eq!(
        fresh.quads,
        Some(dump(&store).len()),
        "a fresh store is counted"
    );
    assert_eq!(fresh.written, None);

    // (what changes, options): each build moves the store's size by exactly what it
    // reports (no quad it writes was there before).
    let prune = BuildOptions {
        prune: true,
        ..options()
    };
    let changes: [(&str, &dyn Fn(), &BuildOptions); 3] = [
        (
            "one document changed, one added",
            &|| {
                write("a.txt", "Angela Merkel met Xi Jinping in Beijing.");
                write("c.txt", "Merkel and Macron spoke in Paris.");
            },
            &options(),
        ),
        (
            "one document removed",
            &|| std::fs::remove_file(folder.path().join("b.txt")).unwrap(),
            &prune,
        ),
        (
            "a new document naming stored entities",
            &|| write("d.txt", "Chancellor Olaf Scholz met Merkel."),
            &options(),
        ),
    ];
    for (change, make, options) in changes {
        let before = dump(&store).len();
        make();
        let report = build(&store, &inputs, options).unwrap();
        assert_eq!(report.quads, None, "{change}: the store is not counted");
        let written = report.written.expect(change);
        assert!(
            written.quads_written + written.quads_removed > 0,
            "{change}"
        );
        assert_eq!(
            dump(&store).len(),
            before + written.quads_written - written.quads_removed,
            "{change}: {written:?}"
        );
    }
}

/// The first pass reads every input byte; the second reads the spill, a document at a
/// time.
#[test]
fn builds_and_extractions_report_each_stage_with_every_input_byte_and_document() {
    use crate::progress::tests::Recorded;
    let folder = tempfile::tempdir().unwrap();
    let texts = [
        ("a.txt", "Angela Merkel met Vladimir Putin in Moscow."),
        ("b.txt", "President Emmanuel Macron visited Berlin."),
    ];
    for (name, text) in texts {
        std::fs::write(folder.path().join(name), text).unwrap();
    }
    // Three documents in one JSON Lines file: read in pieces, counted by offset.
    let lines = "{\"id\":\"x\",\"text\":\"Olaf Scholz spoke.\"}\n\
                 {\"id\":\"y\",\"text\":\"Rishi Sunak left.\"}\n\
                 {\"id\":\"z\",\"text\":\"Paris.\"}\n";
    std::fs::write(folder.path().join("c.jsonl"), lines).unwrap();
    let bytes = (texts.iter().map(|(_, t)| t.len()).sum::<usize>() + lines.len()) as u64;
    let inputs = [Input::Path(folder.path().to_owned())];
    let stage = |name: &str, of: (Option<u64>, Option<u64>), documents: u64, done: u64| {
        (
            crate::progress::Stage {
                name: name.to_owned().into(),
                bytes: of.0,
                documents: of.1,
            },
            documents,
            done,
        )
    };
    let expected = vec![
        stage("finding entities", (Some(bytes), None), 5, bytes),
        stage("writing graphs", (None, Some(5)), 5, 0),
        stage("writing the entity graph", (None, None), 0, 0),
    ];

    let recorded = Arc::new(Recorded::default());
    let reported = BuildOptions {
        progress: ProgressSink::to(recorded.clone()),
        ..options()
    };
    build(&KgStore::in_memory().unwrap(), &inputs, &reported).unwrap();
    assert_eq!(*recorded.events.lock().unwrap(), expected, "build");
    assert!(*recorded.finished.lock().unwrap(), "build finished");

    let recorded = Arc::new(Recorded::default());
    let reported = BuildOptions {
        progress: ProgressSink::to(recorded.clone()),
        ..options()
    };
    extract_nquads(&inputs, &reported, |_| Ok(())).unwrap();
    assert_eq!(*recorded.events.lock().unwrap(), expected, "extract");
    assert!(*recorded.finished.lock().unwrap(), "extract finished");
}

/// Writes `n` short stories into a new folder, each naming people, places and an
/// organisation, so that extraction has mentions, entities and relations to keep.
fn stories(n: usize) -> tempfile::TempDir {
    const PEOPLE: [&str; 6] = [
        "Angela Merkel",
        "Nayib Bukele",
        "Patricia Bullrich",
        "Emmanuel Macron",
        "Olaf Scholz",
        "Xi Jinping",
    ];
    const PLACES: [&str; 5] = ["Moscow", "San Salvador", "Berlin", "Paris", "Beijing"];
    let folder = tempfile::tempdir().unwrap();
    for k in 0..n {
        let (a, b) = (PEOPLE[k % 6], PEOPLE[(k / 6 + 1 + k) % 6]);
        let place = PLACES[k % 5];
        let text = format!(
            "President {a} met {b} in {place} on day {k}. The International Monetary Fund (IMF) said {b} would visit again. {a} criticised the IMF."
        );
        std::fs::write(folder.path().join(format!("story-{k:04}.txt")), text).unwrap();
    }
    folder
}

/// Something done to the spill between the passes.
type Damage = dyn Fn(&mut Option<spill::Spilled>);

/// What `extract_nquads` writes for `inputs`, with `damage` done to the spill between the
/// two passes; and the build's notes.
fn extracted_after(inputs: &[Input], damage: &Damage) -> (String, Vec<String>) {
    extracted_sorting(inputs, damage, crate::line_sort::RUN_BYTES)
}

/// [`extracted_after`], each document's lines sorted `budget` bytes at a time in memory.
fn extracted_sorting(inputs: &[Input], damage: &Damage, budget: usize) -> (String, Vec<String>) {
    let options = options();
    let cx = Context::new(&options).unwrap();
    let mut plan = plan::plan(None, inputs, &cx, &HashSet::new()).unwrap();
    damage(&mut plan.spill);
    let mut report = std::mem::take(&mut plan.report);
    let iris = &options.iris;
    let render = |graph: &DocumentGraph<'_>| {
        rdf::document_lines_within(iris, graph, options.provenance, budget)
    };
    let mut graphs = second_pass::Graphs::new(&cx, plan, render, true);
    let mut text = String::new();
    for item in graphs.by_ref() {
        match item {
            Item::Document(lines) => lines
                .unwrap()
                .for_each(|line| text.push_str(&line.unwrap())),
            Item::Entities(graph) => write_entity_graph(*graph, &mut 0, |lines| {
                text.push_str(lines);
                Ok(())
            })
            .unwrap(),
        }
    }
    graphs.report_to(&mut report);
    (text, report.notes)
}

/// The spill is a way not to extract twice, never a change in what is written: a spill
/// that was never kept, cannot be read to its end, or holds a record that cannot be
/// decoded leaves the documents it lacks to be read and extracted again, in their place.
#[test]
fn a_spill_that_fails_leaves_the_rest_to_be_extracted_again_with_the_same_output() {
    // More than two chunks, so that a failure comes after documents already written.
    let folder = stories(2 * plan::CHUNK_DOCUMENTS + 100);
    let inputs = [Input::Path(folder.path().to_owned())];
    let mut expected = String::new();
    extract_nquads(&inputs, &options(), |text| {
        expected.push_str(text);
        Ok(())
    })
    .unwrap();
    let (kept, notes) = extracted_after(&inputs, &|_| {});
    assert!(kept == expected, "the spill read back whole");
    assert!(notes.is_empty(), "{notes:?}");

    let cases: [(&str, &Damage, &str); 3] = [
        ("never kept", &|spill| *spill = None, ""),
        (
            "cut short in its second chunk",
            &|spill| {
                let spill = spill.as_mut().unwrap();
                spill.truncate(spill.size() * 3 / 5);
            },
            "cannot be read back",
        ),
        (
            "a record in the second chunk that cannot be decoded",
            &|spill| {
                spill
                    .as_mut()
                    .unwrap()
                    .spoil(plan::CHUNK_DOCUMENTS as u64 + 40)
            },
            "cannot be read back",
        ),
    ];
    for (case, damage, note) in cases {
        let (text, notes) = extracted_after(&inputs, damage);
        assert!(text == expected, "{case}: the output differs");
        assert_eq!(
            notes.len(),
            usize::from(!note.is_empty()),
            "{case}: {notes:?}"
        );
        assert!(notes.iter().all(|n| n.contains(note)), "{case}: {notes:?}");
    }
}

/// A document's lines past the sorting budget are sorted in runs on disk and merged: the
/// same bytes as sorted in memory, whatever the budget (one line a run, a few hundred).
#[test]
fn documents_sorted_in_runs_on_disk_are_written_the_same() {
    let folder = stories(20);
    let inputs = [Input::Path(folder.path().to_owned())];
    let (in_memory, _) = extracted_after(&inputs, &|_| {});
    assert!(in_memory.lines().count() > 1_000);
    for budget in [1, 4_096, 65_536] {
        let (in_runs, notes) = extracted_sorting(&inputs, &|_| {}, budget);
        assert!(in_runs == in_memory, "budget {budget}");
        assert!(notes.is_empty(), "{notes:?}");
    }
}

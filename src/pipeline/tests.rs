use super::*;
use crate::store::write::unfinished_write_marker;
use crate::vocab::DEFAULT_BASE;

fn options() -> BuildOptions {
    BuildOptions {
        iris: Iris::new(DEFAULT_BASE).unwrap(),
        decisions: Decisions::default(),
        inventory: Inventory::embedded(),
        gazetteer: Arc::new(Gazetteer::default()),
        engine: Engine::default(),
        prune: false,
        jobs: Some(1),
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

use super::*;
use std::fs;

fn read_all(inputs: &[Input]) -> (Vec<Document>, Vec<LoadError>, Vec<String>) {
    let (files, mut errors) = discover(inputs);
    let mut seen = BTreeMap::new();
    let mut documents = Vec::new();
    let mut notes = Vec::new();
    for file in &files {
        let outcome = read(file, &mut seen);
        documents.extend(outcome.documents);
        errors.extend(outcome.errors);
        notes.extend(outcome.notes);
    }
    (documents, errors, notes)
}

#[test]
fn walks_folders_sorted_with_relative_ids_and_ignore_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b/inner")).unwrap();
    fs::write(root.join("b/inner/z.txt"), "Zed text.").unwrap();
    fs::write(root.join("a.md"), "# A title\n\nBody.").unwrap();
    fs::write(root.join("c.html"), "<title>C</title><p>Para</p>").unwrap();
    fs::write(root.join("skip.bin"), "not a known extension").unwrap();
    fs::write(root.join(".hidden.txt"), "hidden").unwrap();
    fs::write(root.join("README.md"), "about the folder").unwrap();
    fs::write(root.join(".kgraphignore"), "README.md\n").unwrap();

    let (documents, errors, _) = read_all(&[Input::Path(root.to_path_buf())]);
    assert!(errors.is_empty(), "{errors:?}");
    let ids: Vec<_> = documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a.md", "b/inner/z.txt", "c.html"]);
    assert_eq!(documents[0].title.as_deref(), Some("A title"));
    assert_eq!(documents[2].text, "Para");
    assert_eq!(documents[2].title.as_deref(), Some("C"));
}

#[test]
fn bad_files_are_reported_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("binary.txt"), b"\x7fELF\x00\x01").unwrap();
    fs::write(root.join("empty.txt"), "  \n").unwrap();
    fs::write(root.join("good.txt"), "Good text.").unwrap();
    fs::write(root.join("latin1.txt"), b"Caf\xe9 in Bogot\xe1.").unwrap();
    fs::write(
        root.join("lines.jsonl"),
        "{\"id\": \"one\", \"text\": \"First.\"}\nnot json\n\n{\"text\": \"No id.\"}\n{\"id\": 7}\n",
    )
    .unwrap();

    let (documents, errors, notes) = read_all(&[
        Input::Path(root.to_path_buf()),
        Input::Path(root.join("missing.txt")),
    ]);
    let ids: Vec<_> = documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["good.txt", "latin1.txt", "one", "lines.jsonl:4"]);
    assert_eq!(documents[1].text, "Café in Bogotá.");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("latin1.txt") && notes[0].contains("windows-1252"));

    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expect = [
        "missing.txt: cannot read",
        "binary.txt: binary file (byte offset 4)",
        "empty.txt: empty document",
        "lines.jsonl:2:2: expected ident",
        "lines.jsonl:5:9: missing field `text`",
    ];
    for fragment in expect {
        assert!(
            messages.iter().any(|m| m.contains(fragment)),
            "no message contains {fragment:?}: {messages:#?}"
        );
    }
    assert_eq!(messages.len(), expect.len(), "{messages:#?}");
}

#[test]
fn duplicate_ids_keep_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.jsonl");
    fs::write(
        &file,
        "{\"id\":\"d\",\"text\":\"one\"}\n{\"id\":\"d\",\"text\":\"two\"}\n",
    )
    .unwrap();
    let (documents, errors, _) = read_all(&[Input::Path(file)]);
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].text, "one");
    assert!(matches!(&errors[..], [LoadError::DuplicateId { id, .. }] if id == "d"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("sub")).unwrap();
    fs::write(root.join("sub/a.txt"), "Text.").unwrap();
    std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
    let (documents, errors, _) = read_all(&[Input::Path(root.to_path_buf())]);
    assert_eq!(documents.len(), 1);
    assert!(
        errors.iter().any(|e| e.to_string().contains("loop")),
        "{errors:?}"
    );
}

#[test]
fn content_hash_depends_only_on_text() {
    let a = Document::new("a", "a", "same".into(), None, SourceFormat::Text);
    let b = Document::new(
        "b",
        "b",
        "same".into(),
        Some("t".into()),
        SourceFormat::Html,
    );
    assert_eq!(a.content_hash, b.content_hash);
    assert_eq!(a.content_hash.len(), 64);
}

#[test]
fn json_lines_read_in_pieces_equal_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.jsonl");
    let text = "\u{feff}{\"text\":\"one\"}\r\n\r\n   \n{\"text\": oops}\n{\"id\":\"x\",\"text\":\"two\"}\n\
                {\"id\":\"x\",\"text\":\"again\"}\r\n{\"text\":\"\"}\n{\"text\":\"three\",\"title\":\"T\"}\n\
                {\"text\":\"four\"}";
    fs::write(&path, text).unwrap();
    let on_disk = SourceFile {
        id: "corpus.jsonl".into(),
        format: SourceFormat::JsonLines,
        path: Some(path),
        contents: None,
    };
    let buffered = SourceFile {
        path: None,
        contents: Some(text.as_bytes().into()),
        ..on_disk.clone()
    };
    let shown = |outcome: &FileOutcome| -> (Vec<String>, Vec<String>) {
        let documents = outcome
            .documents
            .iter()
            .map(|d| format!("{} {} {} {:?}", d.id, d.source, d.text, d.title))
            .collect();
        let errors = outcome.errors.iter().map(ToString::to_string).collect();
        (documents, errors)
    };
    for file in [&on_disk, &buffered] {
        let whole = shown(&read(file, &mut BTreeMap::new()));
        assert_eq!(whole.0.len(), 4, "{whole:?}");
        assert_eq!(whole.1.len(), 3, "{whole:?}"); // a bad line, a repeated id, an empty text
        for piece in 1..=4 {
            let mut seen = BTreeMap::new();
            let mut all = FileOutcome::default();
            let mut from = None;
            let mut pieces = 0;
            loop {
                let (outcome, next) = read_piece(file, from, piece, usize::MAX, &mut seen);
                assert!(outcome.documents.len() <= piece);
                all.documents.extend(outcome.documents);
                all.errors.extend(outcome.errors);
                pieces += 1;
                match next {
                    Some(next) => from = Some(next),
                    None => break,
                }
            }
            assert_eq!(shown(&all), whole, "pieces of {piece}");
            assert!(pieces >= 4 / piece, "pieces of {piece}: {pieces}");
        }
    }
}

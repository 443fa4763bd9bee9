//! End-to-end tests of the learned recogniser: `kgraph train`, `--model` and `eval`
//! comparing models, with the real binary.

#[allow(
    dead_code,
    reason = "the shared helpers serve every test file; this one uses a few"
)]
mod util;

use util::Workspace;

/// Gold where invented one-word names are organisations: neither the rules nor the
/// shipped model can know them.
fn gold() -> String {
    let names = [
        "Zorblax", "Quentrix", "Vexamor", "Plindor", "Graxwell", "Turnavo",
    ];
    let mut lines = Vec::new();
    for (i, name) in names.iter().enumerate() {
        for (j, template) in [
            "Shares of {} rose after the merger was approved.",
            "The board of {} met on Tuesday in private.",
            "Analysts said {} would report higher profits.",
        ]
        .iter()
        .enumerate()
        {
            let text = template.replace("{}", name);
            let start = text.find(name).unwrap();
            lines.push(format!(
                r#"{{"id":"g{i}-{j}","text":"{text}","entities":[{{"start":{start},"end":{},"type":"ORG"}}]}}"#,
                start + name.len()
            ));
        }
    }
    lines.join("\n") + "\n"
}

/// Asserts that `output` contains `expected`, showing the output when it does not.
fn says(output: &str, expected: &str) {
    assert!(
        output.contains(expected),
        "expected {expected:?} in:\n{output}"
    );
}

fn mentions(jsonl: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for line in jsonl.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        for m in record["mentions"].as_array().unwrap() {
            found.push((
                m["text"].as_str().unwrap().to_owned(),
                m["type"].as_str().unwrap().to_owned(),
            ));
        }
    }
    found
}

#[test]
fn train_writes_a_model_that_extract_and_eval_use() {
    let ws = Workspace::new();
    ws.write("gold.jsonl", gold());
    ws.write(
        "news.txt",
        "Analysts said Zorblax would report higher profits. The board of Quentrix met.",
    );
    let args = [
        "train",
        "--gold",
        "gold.jsonl",
        "--dev",
        "gold.jsonl",
        "--epochs",
        "3",
        "--output",
    ];
    let trained = ws.ok(&[&args[..], &["first.kgm"]].concat());
    for expected in ["epoch 1/3", "epoch 3/3", "dev P", "wrote first.kgm"] {
        says(&trained.stderr, expected);
    }
    // Training is deterministic: the same gold and options give the same bytes.
    ws.ok(&[&args[..], &["second.kgm"]].concat());
    let first = std::fs::read(ws.path().join("first.kgm")).unwrap();
    assert_eq!(first, std::fs::read(ws.path().join("second.kgm")).unwrap());

    // The model changes what extract finds.
    let learned = mentions(
        &ws.ok(&[
            "extract",
            "news.txt",
            "--format",
            "jsonl",
            "--model",
            "first.kgm",
        ])
        .stdout,
    );
    let shipped = mentions(&ws.ok(&["extract", "news.txt", "--format", "jsonl"]).stdout);
    assert!(
        learned.contains(&("Zorblax".into(), "ORG".into())),
        "{learned:?}"
    );
    assert_ne!(learned, shipped);

    // eval compares several recognisers in one table.
    let eval = ws.ok(&[
        "eval",
        "--gold",
        "gold.jsonl",
        "--model",
        "rules",
        "--model",
        "first.kgm",
    ]);
    says(&eval.stdout, "rules");
    says(&eval.stdout, "first.kgm");

    // Continuing from the shipped model works too.
    let continued = ws.ok(&[
        "train",
        "--gold",
        "gold.jsonl",
        "--from",
        "default",
        "--epochs",
        "1",
        "--output",
        "adapted.kgm",
    ]);
    says(&continued.stderr, "wrote adapted.kgm");
}

#[test]
fn a_model_changes_the_extraction_key_so_stored_documents_are_extracted_again() {
    let ws = Workspace::new();
    ws.write("gold.jsonl", gold());
    ws.write("docs/news.txt", "The board of Zorblax met in Paris.");
    ws.ok(&[
        "train",
        "--gold",
        "gold.jsonl",
        "--epochs",
        "2",
        "--output",
        "m.kgm",
    ]);
    let first = ws.ok(&["build", "docs"]);
    says(&first.stdout, "1 new or changed");
    let again = ws.ok(&["build", "docs"]);
    says(&again.stdout, "up to date");
    let other = ws.ok(&["build", "docs", "--model", "m.kgm"]);
    says(&other.stdout, "1 new or changed");
}

#[test]
fn bad_models_and_gold_are_refused_with_their_names() {
    let ws = Workspace::new();
    ws.write("bad.kgm", "this is not a model");
    ws.write("text.txt", "Nothing here.");
    let run = ws
        .run(&["extract", "text.txt", "--model", "bad.kgm"])
        .expect_code(1);
    says(&run.stderr, "bad.kgm");
    says(&run.stderr, "not a kgraph tagger model");

    ws.write("gold.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\n");
    let run = ws
        .run(&["train", "--gold", "gold.jsonl", "--output", "m.kgm"])
        .expect_code(1);
    says(&run.stderr, "gold.jsonl:1");
    assert!(!ws.path().join("m.kgm").exists());

    let run = ws
        .run(&["train", "--gold", "missing.jsonl", "--output", "m.kgm"])
        .expect_code(1);
    says(&run.stderr, "missing.jsonl");

    for share in ["1", "1.5", "lots"] {
        let run = ws
            .run(&[
                "train",
                "--gold",
                "gold.jsonl",
                "--dropout",
                share,
                "--output",
                "m.kgm",
            ])
            .expect_code(2);
        says(&run.stderr, "not a number from 0 up to (not including) 1");
    }
}

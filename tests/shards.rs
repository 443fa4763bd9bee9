//! The sharded build (README "Beyond one machine"): for any split of a corpus, the four
//! steps give, sorted, exactly what `kgraph extract` of the whole gives, sorted; and the
//! intermediate files are refused when they come from another run or are damaged.

#[expect(
    dead_code,
    reason = "the shared helpers serve every test file; this one uses a few"
)]
mod util;

use util::{Run, Workspace};

/// Stories about one person, one organisation and one country, each pair resolved only
/// through the other story of the pair: a surname ("Bukele" -> "Nayib Bukele"), an
/// acronym ("IBM" -> "International Business Machines") and a demonym ("Salvadoran"
/// implies El Salvador, which only the other story names).
const CROSS_SHARD: &[(&str, &str)] = &[
    (
        "xs/surname-1.txt",
        "Bukele told reporters on Monday that the new prison would open next year. Bukele said the plan was final.\n",
    ),
    (
        "xs/surname-2.txt",
        "President Nayib Bukele met the press in San Salvador. Nayib Bukele spoke for an hour.\n",
    ),
    (
        "xs/acronym-1.txt",
        "The company IBM said profits rose. Analysts said IBM would hire more staff.\n",
    ),
    (
        "xs/acronym-2.txt",
        "Shares of International Business Machines rose on Monday, and the International Business Machines board met.\n",
    ),
    (
        "xs/demonym-1.txt",
        "Salvadoran President Carlos Lopez announced a new policy on Tuesday.\n",
    ),
    (
        "xs/demonym-2.txt",
        "Thousands of people marched in El Salvador on Sunday. Protesters in El Salvador demanded answers.\n",
    ),
];

/// Writes [`CROSS_SHARD`] into the workspace.
fn cross_shard_corpus(ws: &Workspace) {
    for (name, text) in CROSS_SHARD {
        ws.write(name, text);
    }
}

/// Writes `n` generated stories into `dir` (scripts/corpus.py, which puts them in
/// numbered subfolders); their paths, sorted.
fn generated_corpus(ws: &Workspace, n: usize, dir: &str) -> Vec<String> {
    ws.generated_stories(n, dir);
    let sub = format!("{dir}/0000");
    let mut files: Vec<String> = std::fs::read_dir(ws.path().join(&sub))
        .unwrap()
        .map(|e| format!("{sub}/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    files.sort();
    assert_eq!(files.len(), n);
    files
}

/// Runs `kgraph ARGS OPTIONS`, expecting success.
fn ok(ws: &Workspace, args: &[&str], options: &[&str]) -> Run {
    let all: Vec<&str> = args.iter().chain(options).copied().collect();
    ws.ok(&all)
}

/// The lines of `text`, sorted bytewise (as `LC_ALL=C sort` does), joined again.
fn sorted(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Runs the four steps over `shards` (each a list of inputs; an empty list is an empty
/// folder) with `options`, in shard folder `run`; returns the sorted union of the
/// document graphs and the entity graph.
fn sharded(ws: &Workspace, run: &str, shards: &[Vec<String>], options: &[&str]) -> String {
    std::fs::create_dir_all(ws.path().join(run).join("empty")).unwrap();
    let empty = format!("{run}/empty");
    let shards: Vec<Vec<String>> = shards
        .iter()
        .map(|shard| {
            if shard.is_empty() {
                vec![empty.clone()]
            } else {
                shard.clone()
            }
        })
        .collect();
    four_steps(ws, run, &shards, options)
}

/// Runs the four steps, step 1 and 3 once with each of `shards`'s arguments, with
/// `options`, in folder `run`; returns the sorted union of the document graphs and the
/// entity graph.
fn four_steps(ws: &Workspace, run: &str, shards: &[Vec<String>], options: &[&str]) -> String {
    let dir = |name: String| format!("{run}/{name}");
    std::fs::create_dir_all(ws.path().join(run)).unwrap();
    let inputs = |shard: &Vec<String>| shard.clone();
    let mut entity_files = Vec::new();
    for (n, shard) in shards.iter().enumerate() {
        let out = dir(format!("{n}.entities"));
        let mut args: Vec<&str> = vec!["extract"];
        let inputs = inputs(shard);
        args.extend(inputs.iter().map(String::as_str));
        args.extend(["--stage", "entities", "-o", &out]);
        ok(ws, &args, options);
        entity_files.push(out);
    }
    // The reduce steps take the shards in any order.
    entity_files.reverse();
    let table = dir("table".to_owned());
    let mut args: Vec<&str> = vec!["resolve"];
    args.extend(entity_files.iter().map(String::as_str));
    args.extend(["-o", &table]);
    ok(ws, &args, options);
    let mut union = String::new();
    let mut contributions = Vec::new();
    for (n, shard) in shards.iter().enumerate() {
        let (out, contribution) = (dir(format!("{n}.nq")), dir(format!("{n}.contribution")));
        let mut args: Vec<&str> = vec!["extract"];
        let inputs = inputs(shard);
        args.extend(inputs.iter().map(String::as_str));
        args.extend(["--entities", &table, "--contribution", &contribution]);
        args.extend(["-o", &out]);
        ok(ws, &args, options);
        union.push_str(&std::fs::read_to_string(ws.path().join(&out)).unwrap());
        contributions.push(contribution);
    }
    let half = contributions.len() / 2;
    contributions.rotate_left(half);
    let merged = dir("entities.nq".to_owned());
    let mut args: Vec<&str> = vec!["merge", "--entities", &table];
    args.extend(contributions.iter().map(String::as_str));
    args.extend(["-o", &merged]);
    ok(ws, &args, options);
    union.push_str(&std::fs::read_to_string(ws.path().join(&merged)).unwrap());
    sorted(&union)
}

/// Fails with the first lines that differ unless `sharded` is byte for byte `whole`.
fn assert_identical(whole: &str, sharded: &str, case: &str) {
    if whole == sharded {
        return;
    }
    let (w, s): (Vec<&str>, Vec<&str>) = (whole.lines().collect(), sharded.lines().collect());
    let first = w
        .iter()
        .zip(&s)
        .position(|(a, b)| a != b)
        .unwrap_or(w.len().min(s.len()));
    panic!(
        "{case}: the sharded output differs from `kgraph extract` of the whole ({} vs {} lines); first difference at line {}:\n  whole:   {:?}\n  sharded: {:?}",
        w.len(),
        s.len(),
        first + 1,
        w.get(first),
        s.get(first)
    );
}

/// A split of a list of inputs into shards.
struct Split {
    name: &'static str,
    /// Shard sizes, in inputs; 0 is an empty shard. They add up to the inputs.
    sizes: &'static [usize],
    /// Whether inputs are dealt round-robin rather than cut in runs.
    deal: bool,
}

const SPLITS: &[Split] = &[
    Split {
        name: "one shard",
        sizes: &[24],
        deal: false,
    },
    Split {
        name: "two shards",
        sizes: &[12, 12],
        deal: false,
    },
    Split {
        name: "seven shards dealt round-robin",
        sizes: &[4, 4, 4, 3, 3, 3, 3],
        deal: true,
    },
    Split {
        name: "uneven, with a one-document shard and an empty shard",
        sizes: &[1, 19, 0, 4],
        deal: false,
    },
];

/// The shards of `inputs` that `split` gives.
fn split(inputs: &[String], split: &Split) -> Vec<Vec<String>> {
    assert_eq!(
        split.sizes.iter().sum::<usize>(),
        inputs.len(),
        "{}",
        split.name
    );
    let mut shards: Vec<Vec<String>> = vec![Vec::new(); split.sizes.len()];
    if split.deal {
        let (count, mut n) = (shards.len(), 0);
        for input in inputs {
            while shards[n % count].len() >= split.sizes[n % count] {
                n += 1;
            }
            shards[n % count].push(input.clone());
            n += 1;
        }
    } else {
        let mut rest = inputs;
        for (shard, &size) in shards.iter_mut().zip(split.sizes) {
            let (taken, left) = rest.split_at(size);
            shard.extend(taken.iter().cloned());
            rest = left;
        }
    }
    shards
}

#[test]
fn split_names_are_unique_and_cover_the_cases() {
    let mut names: Vec<&str> = SPLITS.iter().map(|s| s.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), SPLITS.len());
    let counts: Vec<usize> = SPLITS.iter().map(|s| s.sizes.len()).collect();
    for wanted in [1, 2, 7] {
        assert!(counts.contains(&wanted), "a split into {wanted} shards");
    }
    assert!(
        SPLITS.iter().any(|s| s.sizes.contains(&0)),
        "an empty shard"
    );
    assert!(
        SPLITS.iter().any(|s| s.sizes.contains(&1)),
        "a one-document shard"
    );
}

#[test]
fn every_split_of_generated_stories_gives_the_single_machine_graph() {
    let ws = Workspace::new();
    let mut inputs = generated_corpus(&ws, 18, "stories");
    // The cross-shard stories among them, so that the pairs land in different shards.
    cross_shard_corpus(&ws);
    inputs.extend(CROSS_SHARD.iter().map(|(name, _)| (*name).to_owned()));
    let whole_args: Vec<&str> = ["extract"]
        .into_iter()
        .chain(inputs.iter().map(String::as_str))
        .collect();
    let whole = sorted(&ws.ok(&whole_args).stdout);
    for (n, case) in SPLITS.iter().enumerate() {
        let shards = split(&inputs, case);
        let result = sharded(&ws, &format!("run-{n}"), &shards, &[]);
        assert_identical(&whole, &result, case.name);
    }
}

#[test]
fn parts_of_a_folder_keep_their_ids_and_give_the_single_machine_graph() {
    let ws = Workspace::new();
    generated_corpus(&ws, 12, "corpus/stories");
    cross_shard_corpus(&ws);
    std::fs::rename(ws.path().join("xs"), ws.path().join("corpus/xs")).unwrap();
    let whole = sorted(&ws.ok(&["extract", "corpus"]).stdout);
    assert!(whole.contains("<http://example.org/kgraph/document/stories/0000/story-0000000.txt>"));
    // 18 files: 1, 2 and 7 parts, and 20 parts of which two are empty.
    for count in [1, 2, 7, 20] {
        let parts: Vec<Vec<String>> = (0..count)
            .map(|k| {
                vec![
                    "corpus".to_owned(),
                    "--part".to_owned(),
                    format!("{k}/{count}"),
                ]
            })
            .collect();
        let result = four_steps(&ws, &format!("parts-{count}"), &parts, &[]);
        assert_identical(&whole, &result, &format!("{count} parts"));
    }
}

#[test]
fn part_needs_a_step_and_a_valid_number() {
    let ws = Workspace::with_seeds();
    let run = ws.run(&["extract", "seeds", "--part", "0/2"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--part goes with"), "{}", run.stderr);
    for bad in ["2/2", "1", "a/3", "0/0"] {
        let run = ws.run(&["extract", "seeds", "--stage", "entities", "--part", bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(
            run.stderr.contains("is not a part"),
            "{bad}: {}",
            run.stderr
        );
    }
}

#[test]
fn entities_resolved_only_through_another_shard_are_resolved() {
    let ws = Workspace::new();
    cross_shard_corpus(&ws);
    let whole = sorted(&ws.ok(&["extract", "xs"]).stdout);
    // What the corpus is there for: each pair is resolved across its two documents.
    for (what, line) in [
        (
            "surname",
            "#merge-1> <http://example.org/kgraph/ontology#rule> \"surname\"",
        ),
        (
            "acronym",
            "#merge-1> <http://example.org/kgraph/ontology#rule> \"acronym-initials\"",
        ),
        (
            "demonym",
            "/person/carlos-lopez> <http://www.wikidata.org/prop/direct/P27> <http://example.org/kgraph/place/el-salvador>",
        ),
    ] {
        assert!(whole.contains(line), "the whole corpus resolves the {what}");
    }
    // Each story of a pair in a shard of its own, in every way of pairing them up.
    let files: Vec<String> = CROSS_SHARD.iter().map(|(n, _)| (*n).to_owned()).collect();
    let splits: [(&str, Vec<Vec<String>>); 3] = [
        (
            "one document a shard",
            files.iter().map(|f| vec![f.clone()]).collect(),
        ),
        (
            "first and second of each pair apart",
            vec![
                files.iter().step_by(2).cloned().collect(),
                files.iter().skip(1).step_by(2).cloned().collect(),
            ],
        ),
        (
            "one shard with a pair and the rest apart, plus an empty shard",
            vec![
                files[..2].to_vec(),
                vec![],
                files[2..3].to_vec(),
                files[3..].to_vec(),
            ],
        ),
    ];
    for (n, (name, shards)) in splits.iter().enumerate() {
        let result = sharded(&ws, &format!("run-{n}"), shards, &[]);
        assert_identical(&whole, &result, name);
    }
}

#[test]
fn graph_options_pass_through_every_step() {
    let ws = Workspace::with_seeds();
    cross_shard_corpus(&ws);
    ws.write("decisions.tsv", "not-same\tBukele\tNayib Bukele\n");
    ws.write(
        "gazetteer.tsv",
        "Carlos Lopez\tPERSON\thttp://www.wikidata.org/entity/Q1\tPresident Lopez\n",
    );
    let options = [
        "--base",
        "https://news.example/kg/",
        "--decisions",
        "decisions.tsv",
        "--gazetteer",
        "gazetteer.tsv",
        "--model",
        "rules",
    ];
    let mut whole_args = vec!["extract", "seeds", "xs"];
    whole_args.extend(options);
    let whole = sorted(&ws.ok(&whole_args).stdout);
    assert!(whole.contains("<https://news.example/kg/person/bukele>"));
    let shards = vec![
        vec!["seeds".to_owned(), "xs/surname-1.txt".to_owned()],
        CROSS_SHARD[1..]
            .iter()
            .map(|(n, _)| (*n).to_owned())
            .collect(),
    ];
    let result = sharded(&ws, "run", &shards, &options);
    assert_identical(
        &whole,
        &result,
        "with --base, --decisions, --gazetteer, --model",
    );
}

/// A damaged or mismatched file, and what the refusal must say.
struct Refusal {
    name: &'static str,
    /// The command, run after `prepare`, in a workspace where `a.entities`, `b.entities`,
    /// `table`, `a.contribution` and `b.contribution` were made from shards `a` and `b`.
    args: &'static [&'static str],
    /// Changes the workspace before the command runs.
    prepare: fn(&Workspace),
    /// What standard error must contain.
    expected: &'static [&'static str],
}

/// Replaces the first `from` in the workspace file `name` with `to`.
fn edit(ws: &Workspace, name: &str, from: &str, to: &str) {
    let path = ws.path().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{name} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

const REFUSALS: &[Refusal] = &[
    Refusal {
        name: "entities made with other decisions",
        args: &[
            "resolve",
            "a.entities",
            "b.entities",
            "--decisions",
            "d.tsv",
        ],
        prepare: |ws| {
            ws.write("d.tsv", "same\tIBM\tBukele\n");
        },
        expected: &["a.entities: made with extraction key", "--decisions"],
    },
    Refusal {
        name: "table made with another base",
        args: &[
            "extract",
            "a",
            "--entities",
            "table",
            "--contribution",
            "c",
            "--base",
            "http://other.example/",
        ],
        prepare: |_| {},
        expected: &["table: made with extraction key", "<http://other.example/>"],
    },
    Refusal {
        name: "contribution made with another table",
        args: &["merge", "--entities", "other-table", "a.contribution"],
        prepare: |ws| {
            ws.ok(&["resolve", "a.entities", "-o", "other-table"]);
        },
        expected: &["a.contribution: made with entity table", "other-table"],
    },
    Refusal {
        name: "a table where shard entities belong",
        args: &["resolve", "a.entities", "table"],
        prepare: |_| {},
        expected: &["table: is a file of kind entity-table (version 1), not the shard-entities"],
    },
    Refusal {
        name: "a format version from the future",
        args: &["resolve", "a.entities"],
        prepare: |ws| edit(ws, "a.entities", "\"version\":1", "\"version\":9"),
        expected: &["a.entities: is a file of kind shard-entities (version 9)"],
    },
    Refusal {
        name: "a line that is not JSON",
        args: &["merge", "--entities", "table", "a.contribution"],
        prepare: |ws| edit(ws, "a.contribution", "{\"count\":[", "{\"count\":[,"),
        expected: &["a.contribution:2: column 11:", "damaged"],
    },
    Refusal {
        name: "bytes that are not UTF-8",
        args: &["resolve", "a.entities"],
        prepare: |ws| {
            let path = ws.path().join("a.entities");
            let mut bytes = std::fs::read(&path).unwrap();
            let second_line = bytes.iter().position(|&b| b == b'\n').unwrap() + 5;
            bytes[second_line] = 0xff;
            std::fs::write(&path, bytes).unwrap();
        },
        expected: &["a.entities:2: not UTF-8"],
    },
    Refusal {
        name: "a changed name that is still JSON",
        args: &["extract", "a", "--entities", "table", "--contribution", "c"],
        prepare: |ws| edit(ws, "table", "Bukele", "Bukelf"),
        expected: &["table:", "digest", "some line was changed"],
    },
    Refusal {
        name: "a truncated file",
        args: &["resolve", "a.entities", "b.entities"],
        prepare: |ws| {
            let path = ws.path().join("b.entities");
            let text = std::fs::read_to_string(&path).unwrap();
            let cut = text.trim_end().rfind('\n').unwrap() + 1;
            std::fs::write(&path, &text[..cut]).unwrap();
        },
        expected: &["b.entities: ends after line", "truncated"],
    },
    Refusal {
        name: "an empty file",
        args: &["merge", "--entities", "table", "a.contribution"],
        prepare: |ws| {
            ws.write("a.contribution", "");
        },
        expected: &["a.contribution: is empty"],
    },
    Refusal {
        name: "a document in two shards",
        args: &["resolve", "a.entities", "b.entities", "dup.entities"],
        prepare: |ws| {
            ws.ok(&["extract", "a", "--stage", "entities", "-o", "dup.entities"]);
        },
        expected: &["is in two shards (a.entities and dup.entities)"],
    },
    Refusal {
        name: "a shard the table was not resolved from",
        args: &[
            "extract",
            "xs",
            "--entities",
            "a-only",
            "--contribution",
            "c",
        ],
        prepare: |ws| {
            ws.ok(&["resolve", "a.entities", "-o", "a-only"]);
        },
        expected: &["is not in the entity table a-only"],
    },
];

#[test]
fn damaged_and_mismatched_files_are_refused_naming_the_file() {
    let mut names: Vec<&str> = REFUSALS.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), REFUSALS.len(), "refusal names are unique");
    for refusal in REFUSALS {
        let ws = Workspace::new();
        cross_shard_corpus(&ws);
        for (shard, files) in [("a", &CROSS_SHARD[..3]), ("b", &CROSS_SHARD[3..])] {
            for (name, text) in files {
                ws.write(&format!("{shard}/{}", name.trim_start_matches("xs/")), text);
            }
            ws.ok(&[
                "extract",
                shard,
                "--stage",
                "entities",
                "-o",
                &format!("{shard}.entities"),
            ]);
        }
        ws.ok(&["resolve", "a.entities", "b.entities", "-o", "table"]);
        for shard in ["a", "b"] {
            let contribution = format!("{shard}.contribution");
            ws.ok(&[
                "extract",
                shard,
                "--entities",
                "table",
                "--contribution",
                &contribution,
            ]);
        }
        (refusal.prepare)(&ws);
        let run = ws.run(refusal.args);
        assert_eq!(run.code, 1, "{}: exit code\n{}", refusal.name, run.stderr);
        for expected in refusal.expected {
            assert!(
                run.stderr.contains(expected),
                "{}: the error should say {expected:?}:\n{}",
                refusal.name,
                run.stderr
            );
        }
    }
}

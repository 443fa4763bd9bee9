#![expect(
    clippy::print_stdout,
    reason = "a benchmark reports on standard output"
)]
//! `cargo bench`: throughput of extraction (segment, recognise, document-level resolve and
//! relate) with the shipped tagger model and with the rules alone, the relate stage's own
//! share, corpus-level resolution, and the time to load the model, as medians over
//! repeated runs.
//!
//! The corpus is the seed articles repeated with their names varied, so the resolver sees
//! many distinct entities; it is synthetic, so read the figures as ratios between
//! versions on one machine rather than absolute truths. `KGRAPH_BENCH_CORPUS=DIR cargo
//! bench` reads the `.txt` files of DIR instead (for example the mixed text of
//! `scripts/mixed_corpus.py`), so one pass can be set against `kgraph extract DIR --jobs
//! 1`, the whole process, on the same text.

use kgraph::lexicon::Lexicon;
use kgraph::load::{Document, SourceFormat};
use kgraph::recognise::{Engine, Model};
use kgraph::relate::relate;
use kgraph::resolve::{Decisions, resolve_corpus};
use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn corpus(copies: usize) -> Vec<Document> {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut texts: Vec<String> = std::fs::read_dir(seeds)
        .expect("seeds folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).expect("seed text"))
        .collect();
    texts.sort();
    let given = [
        "Maria", "James", "Elena", "Omar", "Wei", "Ana", "Pedro", "Sofia",
    ];
    (0..copies)
        .flat_map(|i| {
            texts.iter().enumerate().map(move |(j, text)| {
                let text = text
                    .replace("Donald", given[i % given.len()])
                    .replace("Patricia", given[(i + 3) % given.len()]);
                Document::new(
                    format!("doc-{i}-{j}"),
                    "bench",
                    text,
                    None,
                    SourceFormat::Text,
                )
            })
        })
        .collect()
}

/// The `.txt` files of the folder `KGRAPH_BENCH_CORPUS` names, in name order, if set.
fn corpus_from_env() -> Option<Vec<Document>> {
    let dir = std::env::var_os("KGRAPH_BENCH_CORPUS")?;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("KGRAPH_BENCH_CORPUS names a folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let documents = paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("a UTF-8 text");
            let id = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            Document::new(id, "bench", text, None, SourceFormat::Text)
        })
        .collect();
    Some(documents)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Median time to read the shipped model file's bytes into a model.
fn model_load_time() -> (Duration, usize) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/model/tagger.kgm");
    let bytes = std::fs::read(path).expect("the shipped model");
    let times = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let model = Model::from_bytes(&bytes).expect("a valid model");
            let elapsed = started.elapsed();
            assert!(model.feature_count() > 0);
            elapsed
        })
        .collect();
    (median(times), bytes.len())
}

fn main() {
    let lexicon = Lexicon::embedded();
    let (load, size) = model_load_time();
    println!(
        "model load (from_bytes, {:.1} MB file):        {:>8.1} ms",
        size as f64 / 1e6,
        load.as_secs_f64() * 1e3
    );
    // The tagger's one-look-up index of the word lists, built once per process (timed
    // once: it is cached).
    let started = Instant::now();
    let index = kgraph::recognise::tagger::features::LexiconIndex::of(lexicon);
    println!(
        "lexicon index (first use, once per process):  {:>8.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    drop(index);
    for (name, engine) in [("tagger", Engine::default()), ("rules", Engine::Rules)] {
        run(name, &engine, lexicon);
    }
}

/// Benchmarks extraction with `engine` (and relate and resolve on its output).
fn run(name: &str, engine: &Engine, lexicon: &'static Lexicon) {
    let recogniser = kgraph::recognise::with_engine(lexicon, engine, None);
    let inventory = kgraph::relate::Inventory::embedded();
    let decisions = Decisions::default();
    let documents = corpus_from_env().unwrap_or_else(|| corpus(200));
    let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
    let mut extract_times = Vec::new();
    let mut resolve_times = Vec::new();
    let mut relate_times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let extractions: Vec<_> = documents
            .iter()
            .cloned()
            .map(|d| kgraph::extract(d, &recogniser, lexicon, &decisions, &inventory))
            .collect();
        extract_times.push(started.elapsed());
        let started = Instant::now();
        let relations: usize = extractions
            .iter()
            .map(|e| {
                let text = &e.document.text;
                let found = relate(
                    text,
                    &e.segmented,
                    &e.recognition,
                    &e.entities,
                    lexicon,
                    &inventory,
                );
                found.relations.len()
            })
            .sum();
        relate_times.push(started.elapsed());
        assert!(relations > 0);
        let locals: Vec<_> = extractions.into_iter().map(|e| e.entities).collect();
        let started = Instant::now();
        let table = resolve_corpus(&locals, lexicon, &decisions);
        resolve_times.push(started.elapsed());
        assert!(!table.entities.is_empty());
    }
    let extract = median(extract_times);
    let resolve = median(resolve_times);
    let relate = median(relate_times);
    let mb = bytes as f64 / 1e6;
    println!(
        "\n{name}: corpus {} documents, {mb:.2} MB, one thread, median of {RUNS} runs",
        documents.len()
    );
    println!(
        "extract (segment+recognise+resolve+relate):    {:>8.1} ms  {:>7.2} MB/s  {:>8.0} docs/s",
        extract.as_secs_f64() * 1e3,
        mb / extract.as_secs_f64(),
        documents.len() as f64 / extract.as_secs_f64()
    );
    println!(
        "  of which relate:                            {:>8.1} ms  {:>7.2} MB/s",
        relate.as_secs_f64() * 1e3,
        mb / relate.as_secs_f64()
    );
    println!(
        "resolve corpus:                               {:>8.1} ms",
        resolve.as_secs_f64() * 1e3
    );
}

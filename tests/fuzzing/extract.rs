//! One fuzz input through the whole extraction: load -> segment -> recognise -> resolve
//! (document, then corpus) -> relate, with every stage's promises checked.
//!
//! Shared by the fuzz target (`fuzz/fuzz_targets/extract.rs`, which includes this file)
//! and by `tests/robustness.rs`, which replays the inputs the fuzzer once broke
//! (`tests/data/fuzz-regressions/`), so both run exactly the same code.
//!
//! An input is a file: its first byte picks the loader (`h` HTML, `j` JSON Lines,
//! `m` Markdown, anything else plain text) and the rest are the file's bytes.

use kgraph::lexicon::Lexicon;
use kgraph::load::{self, SourceFile, SourceFormat};
use kgraph::recognise::Combined;
use kgraph::relate::Inventory;
use kgraph::resolve::{Decisions, resolve_corpus};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The stages' models, built once per process.
static STAGES: LazyLock<(Combined, Inventory)> = LazyLock::new(|| {
    (
        kgraph::recognise::standard(Lexicon::embedded()),
        Inventory::embedded(),
    )
});

/// The loader an input's first byte picks.
pub fn format_of(selector: u8) -> SourceFormat {
    match selector {
        b'h' => SourceFormat::Html,
        b'j' => SourceFormat::JsonLines,
        b'm' => SourceFormat::Markdown,
        _ => SourceFormat::Text,
    }
}

/// Runs one input through every stage; returns how many documents it held.
///
/// # Errors
/// A description of the first broken promise (see `Extraction::check_well_formed`).
pub fn run(data: &[u8]) -> Result<usize, String> {
    let Some((&selector, bytes)) = data.split_first() else {
        return Ok(0);
    };
    let file = SourceFile {
        path: None,
        id: "fuzz".to_owned(),
        format: format_of(selector),
        contents: None,
    };
    let outcome = load::read_from_bytes(&file, bytes, &mut BTreeMap::new());
    let (recogniser, inventory) = &*STAGES;
    let lexicon = Lexicon::embedded();
    let decisions = Decisions::default();
    let mut locals = Vec::with_capacity(outcome.documents.len());
    for document in outcome.documents {
        let extraction = kgraph::extract(document, recogniser, lexicon, &decisions, inventory);
        extraction
            .check_well_formed()
            .map_err(|broken| format!("{broken}\ntext: {:?}", extraction.document.text))?;
        locals.push(extraction.entities);
    }
    let table = resolve_corpus(&locals, lexicon, &decisions);
    for (document, map) in locals.iter().zip(&table.local_to_global) {
        if document.entities.len() != map.len() || map.iter().any(|&g| g >= table.entities.len()) {
            return Err(format!(
                "corpus resolution maps {} local entities with {map:?} into {} entities",
                document.entities.len(),
                table.entities.len()
            ));
        }
    }
    Ok(locals.len())
}

//! The store on disk stays compressed after the compaction that follows a bulk load.
//! Oxigraph's RocksDB set-up left the level compactions write uncompressed; the vendored
//! Oxigraph (`vendor/oxigraph/KGRAPH.md`) compresses every level but the first.

#[expect(
    dead_code,
    reason = "the shared helpers serve every test file; this one uses a few"
)]
mod util;

use util::Workspace;

/// Stories enough for the bulk loader to write more than one batch, so that the build
/// compacts them.
const STORIES: usize = 400;

/// Bytes of table files per quad above which the store is taken to be uncompressed: an
/// uncompressed store takes 373-388 bytes a quad (six indexes of 16-byte hashes), an
/// LZ4-compressed one about 206-215 (4.8 MB of mixed text, 3,000 and 400 stories).
const MOST_BYTES_PER_QUAD: u64 = 300;

#[test]
fn a_built_store_keeps_its_indexes_compressed() {
    let ws = Workspace::new();
    ws.generated_stories(STORIES, "corpus");

    ws.ok(&["build", "corpus", "--store", "store", "--quiet"]);
    let counted = ws.ok(&[
        "query",
        "--store",
        "store",
        "--format",
        "csv",
        "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }",
    ]);
    let quads: u64 = counted
        .stdout
        .lines()
        .nth(1)
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("a count: {}", counted.stdout));
    assert!(quads > 100_000, "{quads} quads");

    let table_bytes: u64 = std::fs::read_dir(ws.path().join("store"))
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "sst"))
        .map(|entry| entry.metadata().unwrap().len())
        .sum();
    assert!(
        table_bytes < quads * MOST_BYTES_PER_QUAD,
        "{table_bytes} bytes of tables for {quads} quads: {} a quad",
        table_bytes / quads
    );
}

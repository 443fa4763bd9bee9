//! Each document is extracted once: the first pass keeps its extractions in a temporary
//! file and the second reads them back (`src/pipeline/spill.rs`). When no temporary file
//! can be made, the second pass reads and extracts the inputs again, as every build once
//! did; the output must be the same, byte for byte, in every format.

#[expect(
    dead_code,
    reason = "the shared helpers serve every test file; this one uses a few"
)]
mod util;

use util::Workspace;

/// Stories, a few thousand: more than a chunk (256 documents), with a growing entity
/// table, so that a spill that dropped, repeated or reordered a document, or lost any
/// part of one, would show.
const STORIES: usize = 2_500;

/// What the binary notes when it cannot keep the extractions.
const NOT_KEPT: &str = "cannot keep the extracted documents in a temporary file";

#[test]
fn extract_writes_the_same_bytes_from_the_spill_as_from_a_second_extraction() {
    let ws = Workspace::new();
    ws.generated_stories(STORIES, "corpus");
    // A temporary folder that does not exist: no spill can be made there.
    let nowhere = ws.path().join("no-such-folder");
    let nowhere = nowhere.to_str().unwrap();

    for format in ["nquads", "jsonl"] {
        let (once, twice) = (format!("once.{format}"), format!("twice.{format}"));
        let kept = ws.ok(&["extract", "corpus", "--format", format, "-o", &once]);
        assert!(!kept.stderr.contains(NOT_KEPT), "{}", kept.stderr);
        let again = ws
            .run_with_env(
                &["extract", "corpus", "--format", format, "-o", &twice],
                &[("TMPDIR", nowhere)],
            )
            .expect_code(0);
        assert!(again.stderr.contains(NOT_KEPT), "{}", again.stderr);
        assert!(again.stderr.contains(nowhere), "the note names the folder");

        let read = |name: &str| std::fs::read(ws.path().join(name)).unwrap();
        let (once, twice) = (read(&once), read(&twice));
        assert!(
            once.len() > STORIES * 1_000,
            "{format}: {} bytes",
            once.len()
        );
        if once != twice {
            util::assert_same_lines(
                &String::from_utf8_lossy(&once),
                &String::from_utf8_lossy(&twice),
                format,
            );
            panic!("{format}: the same lines in another order");
        }
    }
}

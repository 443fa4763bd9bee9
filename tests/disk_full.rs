//! A build that runs out of disk, on a small tmpfs mounted for the test: it stops with an
//! error naming the store, the store still answers what it held, and the same build
//! with space completes it to the graph a build with space all along gives.
//!
//! Mounting needs root (CI runs as root); elsewhere the test says why it is skipped.
#![cfg(target_os = "linux")]

#[allow(
    dead_code,
    reason = "the shared helpers serve every test file; this one uses a few"
)]
mod util;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use util::{Workspace, assert_same_lines};

/// Documents built before the disk runs out, and documents the failing build adds.
const BEFORE: usize = 12;
const ADDED: usize = 12;

/// How the disk runs out.
#[derive(Clone, Copy, Debug)]
enum Shortage {
    /// A tmpfs of `percent` of what the whole store takes.
    Small { percent: u64 },
    /// The store's disk with 512 KiB free: the build's writes fill it.
    Slack,
    /// The store's disk filled by another file: the build cannot even open the store
    /// for writing.
    Full,
}

struct Case {
    name: &'static str,
    /// Documents stored before the build that runs out of disk.
    before: usize,
    shortage: Shortage,
}

const CASES: &[Case] = &[
    Case {
        name: "a first build (the bulk loader) on a disk half its size: writing its files",
        before: 0,
        shortage: Shortage::Small { percent: 50 },
    },
    Case {
        name: "a first build on a disk 80% its size: the store taking the loader's files",
        before: 0,
        shortage: Shortage::Small { percent: 80 },
    },
    Case {
        name: "documents added (transactions) with little space left",
        before: BEFORE,
        shortage: Shortage::Slack,
    },
    Case {
        name: "documents added to a store whose disk is already full",
        before: BEFORE,
        shortage: Shortage::Full,
    },
];

#[test]
#[expect(
    clippy::print_stderr,
    reason = "a skipped test says why, where cargo test shows it"
)]
fn a_build_that_runs_out_of_disk_stops_clearly_and_a_rerun_with_space_completes_it() {
    let reference = Workspace::new();
    write_corpus(&reference, BEFORE + ADDED);
    reference.ok(&["build", "docs", "--store", "store"]);
    let expected = export(&reference, "store");
    let store_kb = used_kb(&reference.path().join("store"));

    for case in CASES {
        let ws = Workspace::new();
        write_corpus(&ws, BEFORE + ADDED);
        let before: Vec<String> = (0..case.before).map(document_path).collect();
        let before: Vec<&str> = before.iter().map(String::as_str).collect();
        // Dropped (unmounted) before the workspace is removed.
        let disk = match Tmpfs::mount(&ws.path().join("disk"), 4 * store_kb) {
            Ok(disk) => disk,
            Err(why) => {
                eprintln!("skipped {:?}: {why}", case.name);
                return;
            }
        };
        let store = disk.path().join("store");
        let store = store.to_str().unwrap();
        let mut held = Vec::new();
        if !before.is_empty() {
            ws.ok(&[&["build", "--store", store], &before[..]].concat());
            held = documents(&ws, store);
        }
        let filler = disk.path().join("filler");
        match case.shortage {
            Shortage::Small { percent } => disk.resize(store_kb * percent / 100),
            Shortage::Slack => disk.resize(used_kb(disk.path()) + 512),
            Shortage::Full => fill(&filler),
        }

        let run = ws.run(&["build", "docs", "--store", store]).expect_code(1);
        let says = format!("kgraph: error: the disk holding the store at {store} is full");
        assert!(
            run.stderr.starts_with(&says) && !run.stderr.contains("panicked"),
            "{}: the message\n{}",
            case.name,
            run.stderr
        );
        // The store opens and answers what it held: every document stored before,
        // with its content, and perhaps some of the new ones whole.
        let now = documents(&ws, store);
        for document in &held {
            assert!(
                now.contains(document),
                "{}: {document} is gone after the failed build",
                case.name
            );
        }
        ws.ok(&["entities", "--store", store]);
        let left: Vec<String> = std::fs::read_dir(store)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("bulk-"))
            .collect();
        assert!(
            left.is_empty(),
            "{}: the failed load left {left:?}",
            case.name
        );

        let _ = std::fs::remove_file(&filler);
        disk.resize(4 * store_kb);
        ws.ok(&["build", "docs", "--store", store]);
        assert_same_lines(
            &export(&ws, store),
            &expected,
            &format!(
                "{}, built again with space, and a build with space",
                case.name
            ),
        );
    }
}

/// A tmpfs mounted on a folder, unmounted when dropped.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `kb` KiB on `dir` (created); the reason when mounting is not
    /// permitted here.
    fn mount(dir: &Path, kb: u64) -> Result<Self, String> {
        std::fs::create_dir_all(dir).unwrap();
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kb}k"), "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if output.status.success() {
            return Ok(Self {
                dir: dir.to_owned(),
            });
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lowered = stderr.to_lowercase();
        if [
            "permission denied",
            "not permitted",
            "only root",
            "must be superuser",
        ]
        .iter()
        .any(|refusal| lowered.contains(refusal))
        {
            Err(format!(
                "mounting a tmpfs is not permitted: {}",
                stderr.trim()
            ))
        } else {
            panic!("mount failed: {stderr}")
        }
    }

    fn path(&self) -> &Path {
        &self.dir
    }

    /// Makes the tmpfs `kb` KiB large (not below what its files take).
    fn resize(&self, kb: u64) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={kb}k")])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(status.success(), "cannot resize the tmpfs to {kb} KiB");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let unmounted = Command::new("umount")
            .arg(&self.dir)
            .status()
            .is_ok_and(|s| s.success());
        if !unmounted {
            // Busy: detached now, freed when the last file on it closes.
            let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        }
    }
}

/// The name of the `n`th document of the corpus.
fn document_path(n: usize) -> String {
    format!("docs/doc-{n:03}.txt")
}

/// Writes `n` documents: the two seed articles, each person's first name varied.
fn write_corpus(ws: &Workspace, n: usize) {
    let seeds = util::repository().join("seeds");
    let seeds: Vec<String> = ["000_a57ef51889807de0.txt", "002_97e05d8b0b00d330.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(seeds.join(f)).unwrap())
        .collect();
    for i in 0..n {
        ws.write(
            &document_path(i),
            seeds[i % 2].replace("Donald", &format!("Donald{i}")),
        );
    }
}

/// Fills the disk of `path` with one file until no space is left.
fn fill(path: &Path) {
    use std::io::Write;
    let mut file = std::fs::File::create(path).unwrap();
    let block = vec![0u8; 64 * 1024];
    loop {
        if let Err(e) = file.write_all(&block) {
            assert_eq!(e.kind(), std::io::ErrorKind::StorageFull, "{e}");
            break;
        }
    }
    // What a block did not fit, byte by byte.
    while file.write_all(&[0]).is_ok() {}
}

/// KiB the files under `dir` take on disk.
fn used_kb(dir: &Path) -> u64 {
    let mut bytes = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let metadata = entry.metadata().unwrap();
        bytes += if metadata.is_dir() {
            used_kb(&entry.path()) * 1024
        } else {
            metadata.blocks() * 512
        };
    }
    bytes.div_ceil(1024)
}

/// The stored documents, each with its content hash, one a line.
fn documents(ws: &Workspace, store: &str) -> Vec<String> {
    let query = "SELECT ?d ?h { ?d kgo:contentHash ?h } ORDER BY ?d";
    let csv = ws
        .ok(&["query", query, "--store", store, "--format", "csv"])
        .stdout;
    csv.lines().skip(1).map(str::to_owned).collect()
}

/// The store's graph as N-Quads.
fn export(ws: &Workspace, store: &str) -> String {
    ws.ok(&["export", "--store", store, "--format", "nquads"])
        .stdout
}

//! Running the real `kgraph` binary in a temporary folder, one per test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary working folder with the seeds copied in.
pub struct Workspace {
    dir: tempfile::TempDir,
}

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics with the full output unless the exit code is `code`.
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
}

impl Workspace {
    /// An empty workspace.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// A workspace holding a copy of `seeds/` (the repository's seeds folder).
    pub fn with_seeds() -> Self {
        let workspace = Self::new();
        let seeds = repository().join("seeds");
        let target = workspace.path().join("seeds");
        std::fs::create_dir_all(&target).unwrap();
        for entry in std::fs::read_dir(&seeds).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
        }
        workspace
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders) in the workspace.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, content).unwrap();
        path
    }

    /// Runs `kgraph ARGS` in the workspace.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_kgraph"))
            .args(args)
            .current_dir(self.path())
            .env_remove("KGRAPH_STORE")
            .output()
            .expect("kgraph runs");
        Run::from(output)
    }

    /// Runs `kgraph ARGS` in the workspace with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_kgraph"))
            .args(args)
            .current_dir(self.path())
            .env_remove("KGRAPH_STORE")
            .envs(env.iter().copied())
            .output()
            .expect("kgraph runs");
        Run::from(output)
    }

    /// The sorted labels of the entities of a schema.org class ("Person", "Place", ...).
    pub fn labels(&self, class: &str) -> Vec<String> {
        let query = format!("SELECT ?n {{ ?e a schema:{class} ; rdfs:label ?n }} ORDER BY ?n");
        let csv = self.ok(&["query", &query, "--format", "csv"]).stdout;
        csv.lines()
            .skip(1)
            .map(|l| l.trim_end_matches('\r').to_owned())
            .collect()
    }

    /// Runs `kgraph ARGS` and expects success.
    pub fn ok(&self, args: &[&str]) -> Run {
        self.run(args).expect_code(0)
    }

    /// Writes `n` generated news stories (`scripts/corpus.py`, in numbered subfolders)
    /// into the workspace folder `dir`.
    pub fn generated_stories(&self, n: usize, dir: &str) {
        let status = Command::new("python3")
            .arg(repository().join("scripts/corpus.py"))
            .arg(n.to_string())
            .arg(self.path().join(dir))
            .status()
            .expect("python3 runs scripts/corpus.py");
        assert!(status.success(), "scripts/corpus.py failed");
    }
}

/// The repository root.
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with the expected file, or rewrites it when KGRAPH_BLESS=1.
pub fn assert_matches_file(actual: &str, expected_file: &Path) {
    if std::env::var_os("KGRAPH_BLESS").is_some() {
        std::fs::create_dir_all(expected_file.parent().unwrap()).unwrap();
        std::fs::write(expected_file, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(expected_file).unwrap_or_else(|_| {
        panic!(
            "missing {}; run the tests once with KGRAPH_BLESS=1 and review the file",
            expected_file.display()
        )
    });
    assert!(
        expected == actual,
        "output differs from {}\n--- expected\n{expected}\n--- actual\n{actual}\n(after reviewing, KGRAPH_BLESS=1 rewrites it)",
        expected_file.display()
    );
}

/// Asserts two line-oriented outputs are equal, printing only the lines that differ.
pub fn assert_same_lines(left: &str, right: &str, what: &str) {
    if left == right {
        return;
    }
    let l: std::collections::BTreeSet<&str> = left.lines().collect();
    let r: std::collections::BTreeSet<&str> = right.lines().collect();
    let only_left: Vec<&&str> = l.difference(&r).take(20).collect();
    let only_right: Vec<&&str> = r.difference(&l).take(20).collect();
    panic!(
        "{what}: outputs differ\n--- only in the first\n{only_left:#?}\n--- only in the second\n{only_right:#?}"
    );
}

/// A running `kgraph serve`, stopped when dropped.
pub struct Served {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
}

impl Served {
    /// Stops the server and returns its exit status.
    pub fn stop(mut self) -> std::process::ExitStatus {
        self.child.kill().expect("the server runs");
        self.child.wait().expect("the server stops")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Workspace {
    /// Starts `kgraph serve --bind 127.0.0.1:0 ARGS` and waits for the address it prints.
    pub fn serve(&self, args: &[&str]) -> Served {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_kgraph"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .current_dir(self.path())
            .env_remove("KGRAPH_STORE")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("kgraph serve starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find_map(|w| w.strip_suffix("/sparql,"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        Served { child, url }
    }
}

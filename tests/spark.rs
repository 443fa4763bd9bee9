//! The Spark reference job (`scripts/spark/build.py`) end to end, in Spark's local mode:
//! its part files, sorted, are byte for byte `kgraph extract` of the same stories, sorted.
//! Skipped when `pyspark` or Java is missing, unless KGRAPH_REQUIRE_SPARK is set (as
//! `.ci/run` sets it, having installed both).

use std::path::Path;
use std::process::Command;

/// Whether `program args` runs and succeeds.
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The lines of the `part-*.nq` files in `dir`, sorted bytewise, with how many parts.
fn sorted_parts(dir: &Path) -> (Vec<String>, usize) {
    let mut lines = Vec::new();
    let mut parts = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("part-") && name.ends_with(".nq") {
            parts += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            lines.extend(text.lines().map(str::to_owned));
        }
    }
    lines.sort_unstable();
    (lines, parts)
}

#[test]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn the_spark_job_gives_the_single_machine_graph() {
    let available = runs("python3", &["-c", "import pyspark"]) && runs("java", &["-version"]);
    if !available {
        assert!(
            std::env::var_os("KGRAPH_REQUIRE_SPARK").is_none(),
            "KGRAPH_REQUIRE_SPARK is set but pyspark or Java is missing"
        );
        eprintln!("skipped: pyspark or Java is missing (.ci/run installs both)");
        return;
    }
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let kgraph = env!("CARGO_BIN_EXE_kgraph");
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let status = Command::new("python3")
        .arg(repository.join("scripts/corpus.py"))
        .args(["300", "stories"])
        .current_dir(ws)
        .status()
        .unwrap();
    assert!(status.success(), "scripts/corpus.py");
    let whole = Command::new(kgraph)
        .args(["extract", "stories", "--base", "https://news.example/kg/"])
        .current_dir(ws)
        .output()
        .unwrap();
    assert!(whole.status.success());
    let mut expected: Vec<String> = String::from_utf8(whole.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    expected.sort_unstable();
    // A local path, which the executors write; and a file:// URI, which goes through
    // Spark's Hadoop output.
    for (output, partitions) in [("out", "3"), ("file://{ws}/out-uri", "4")] {
        let output = output.replace("{ws}", &ws.display().to_string());
        let run = Command::new("python3")
            .arg(repository.join("scripts/spark/build.py"))
            .args(["stories", "--output", &output, "--partitions", partitions])
            .args(["--kgraph", kgraph, "--master", "local[2]"])
            .args(["--base", "https://news.example/kg/"])
            .current_dir(ws)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            run.status.success(),
            "build.py --output {output} failed:\n{stderr}"
        );
        let folder = ws.join(output.rsplit('/').next().unwrap());
        let (lines, parts) = sorted_parts(&folder);
        let partitions: usize = partitions.parse().unwrap();
        assert_eq!(
            parts,
            partitions + 1,
            "{output}: one part per partition, and the entity graph"
        );
        assert_eq!(lines.len(), expected.len(), "{output}: quads");
        let first = lines.iter().zip(&expected).position(|(a, b)| a != b);
        assert!(
            first.is_none(),
            "{output}: differs from `kgraph extract` at sorted line {}:\n  spark:   {}\n  extract: {}",
            first.unwrap() + 1,
            lines[first.unwrap()],
            expected[first.unwrap()]
        );
    }
}

#[test]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn the_spark_job_names_a_failed_step() {
    if !(runs("python3", &["-c", "import pyspark"]) && runs("java", &["-version"])) {
        eprintln!("skipped: pyspark or Java is missing");
        return;
    }
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "President Nayib Bukele spoke.\n").unwrap();
    let run = Command::new("python3")
        .arg(repository.join("scripts/spark/build.py"))
        .args(["a.txt", "--output", "out", "--partitions", "2"])
        .args([
            "--kgraph",
            env!("CARGO_BIN_EXE_kgraph"),
            "--master",
            "local[1]",
        ])
        .args(["--decisions", "missing.tsv"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(
        stderr.contains("step 1 (partition") && stderr.contains("missing.tsv"),
        "{stderr}"
    );
}

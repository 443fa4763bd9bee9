//! Sorting more lines than memory should hold, as `sort(1)` does: lines are gathered up
//! to a budget, sorted, and spilled to an anonymous temporary file; the sorted runs are
//! then merged. An export sorts every graph by its lines, and the entity graph of a large
//! store has millions (100,000 stories: 6.2 million, which took 4.7 GB sorted in memory).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};

/// Bytes of lines (with their allocations' overhead) sorted in memory before a run is
/// spilled to disk.
pub const RUN_BYTES: usize = 128 << 20;

/// What a line costs in memory besides its text: the `String` itself.
const LINE_OVERHEAD: usize = std::mem::size_of::<String>();

/// Lines gathered for sorting. Each line is one record: it ends with `\n` and holds no
/// other newline (as N-Quads and N-Triples lines do).
pub struct LineSorter {
    lines: Vec<String>,
    bytes: usize,
    budget: usize,
    runs: Vec<File>,
}

impl LineSorter {
    /// A sorter that keeps about `budget` bytes of lines in memory.
    pub fn new(budget: usize) -> Self {
        LineSorter {
            lines: Vec::new(),
            bytes: 0,
            budget,
            runs: Vec::new(),
        }
    }

    /// Adds a line.
    ///
    /// # Errors
    /// When a run cannot be written to a temporary file.
    pub fn push(&mut self, line: String) -> io::Result<()> {
        self.bytes += line.capacity() + LINE_OVERHEAD;
        self.lines.push(line);
        if self.bytes >= self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// Sorts the lines in memory and writes them, each once, to a new run.
    fn spill(&mut self) -> io::Result<()> {
        let lines = sorted(std::mem::take(&mut self.lines));
        self.bytes = 0;
        let mut file = BufWriter::new(tempfile::tempfile()?);
        for line in &lines {
            file.write_all(line.as_bytes())?;
        }
        let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(0))?;
        self.runs.push(file);
        Ok(())
    }

    /// The lines in byte order, each once.
    ///
    /// # Errors
    /// When the last run cannot be written; reading the runs back may fail later, line
    /// by line.
    pub fn finish(mut self) -> io::Result<SortedLines> {
        if self.runs.is_empty() {
            return Ok(SortedLines(Source::Memory(sorted(self.lines).into_iter())));
        }
        if !self.lines.is_empty() {
            self.spill()?;
        }
        let mut readers: Vec<BufReader<File>> = self.runs.into_iter().map(BufReader::new).collect();
        let mut heads = BinaryHeap::new();
        for (run, reader) in readers.iter_mut().enumerate() {
            if let Some(line) = read_line(reader)? {
                heads.push(Reverse((line, run)));
            }
        }
        Ok(SortedLines(Source::Merge {
            readers,
            heads,
            last: None,
        }))
    }
}

/// `lines` sorted, each once.
fn sorted(mut lines: Vec<String>) -> Vec<String> {
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// The next line of a run, `None` at its end.
fn read_line(reader: &mut BufReader<File>) -> io::Result<Option<String>> {
    let mut line = String::new();
    Ok((reader.read_line(&mut line)? > 0).then_some(line))
}

/// The sorted lines of a [`LineSorter`], each once.
pub struct SortedLines(Source);

/// Where [`SortedLines`] come from.
enum Source {
    /// They all fitted in memory.
    Memory(std::vec::IntoIter<String>),
    /// They are merged from sorted runs on disk.
    Merge {
        /// The runs, each read from where its next line starts.
        readers: Vec<BufReader<File>>,
        /// The next line of each run that has one, with the run's index.
        heads: BinaryHeap<Reverse<(String, usize)>>,
        /// The line handed out last (runs may share lines).
        last: Option<String>,
    },
}

impl Iterator for SortedLines {
    type Item = io::Result<String>;

    fn next(&mut self) -> Option<io::Result<String>> {
        let (readers, heads, last) = match &mut self.0 {
            Source::Memory(lines) => return lines.next().map(Ok),
            Source::Merge {
                readers,
                heads,
                last,
            } => (readers, heads, last),
        };
        loop {
            let Reverse((line, run)) = heads.pop()?;
            match read_line(&mut readers[run]) {
                Ok(Some(next)) => heads.push(Reverse((next, run))),
                Ok(None) => {}
                Err(error) => return Some(Err(error)),
            }
            if last.as_ref() != Some(&line) {
                *last = Some(line.clone());
                return Some(Ok(line));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random lines, some repeated.
    fn lines(n: usize) -> Vec<String> {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                format!("<line {}> ünïcode {}\n", state % 997, state % 7)
            })
            .collect()
    }

    #[test]
    fn spilled_runs_merge_into_what_a_sort_in_memory_gives() {
        for (count, budget) in [
            (0, 1),
            (1, 1),
            (10, 1 << 20),
            (1_000, 1),
            (1_000, 500),
            (5_000, 10_000),
        ] {
            let input = lines(count);
            let mut sorter = LineSorter::new(budget);
            for line in &input {
                sorter.push(line.clone()).unwrap();
            }
            let out: Vec<String> = sorter.finish().unwrap().map(Result::unwrap).collect();
            assert_eq!(out, sorted(input), "{count} lines, budget {budget}");
        }
    }
}

#!/usr/bin/env bash
# Reports end-to-end throughput of `kgraph build` into an on-disk store and of `kgraph extract`
# (N-Quads and JSON lines, no store): MB/s, documents/s,
# peak memory, store size; then, on that store, a build with nothing changed, a build with
# one story changed (a different one each run), `kgraph export` to N-Quads, and the time
# of every queries/*.rq. Medians of RUNS runs. Usage: scripts/throughput.sh [DOCS] [RUNS]   (default 4000 documents, 3 runs)
#
# The corpus is DOCS synthetic news stories from scripts/corpus.py (names from the
# repository's lexicons with a Zipf-like popularity, so the entity table grows with the
# corpus), written to a temporary folder; read the figures as ratios between versions on
# one machine. KGRAPH=path/to/kgraph skips the cargo build; JOBS=N runs `build` and
# `extract` with `--jobs N` (one worker thread: JOBS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-4000}
runs=${2:-3}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kgraph-target}"
if [ -z "${KGRAPH:-}" ]; then
  cargo build --release --quiet
  KGRAPH="$CARGO_TARGET_DIR/release/kgraph"
fi
kgraph="$KGRAPH"
jobs=()
[ -n "${JOBS:-}" ] && jobs=(--jobs "$JOBS")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/corpus.py "$docs" "$work/corpus"
bytes=$(find "$work/corpus" -name "*.txt" -exec cat {} + | wc -c)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
times=(); rss=()
for ((r = 0; r < runs; r++)); do
  rm -rf "$work/store"
  /usr/bin/time -f "%e %M" -o "$work/time" "$kgraph" build "$work/corpus" --store "$work/store" "${jobs[@]}" >/dev/null
  read -r seconds kb < "$work/time"
  times+=("$seconds"); rss+=("$kb")
done
t=$(printf '%s\n' "${times[@]}" | median)
m=$(printf '%s\n' "${rss[@]}" | median)
echo "machine: $(nproc) cores; jobs: ${JOBS:-one per core}; corpus: $docs documents, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB"
awk "BEGIN{printf \"build (on-disk store): %.2f s  %.2f MB/s  %.0f docs/s  peak RSS %.0f MB\n\", $t, $bytes/1e6/$t, $docs/$t, $m/1024}"
echo "store size: $(du -sh "$work/store" | cut -f1)"
# extract: no store, N-Quads and JSON lines to a file.
for format in nquads jsonl; do
  times=(); rss=()
  for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$kgraph" extract "$work/corpus" --format "$format" --output "$work/out.$format" "${jobs[@]}" 2>/dev/null
    read -r seconds kb < "$work/time"
    times+=("$seconds"); rss+=("$kb")
  done
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  awk "BEGIN{printf \"extract --format %s: %.2f s  %.2f MB/s  %.0f docs/s  peak RSS %.0f MB\n\", \"$format\", $t, $bytes/1e6/$t, $docs/$t, $m/1024}"
done
# Builds into the store just made, and its export.
timed() { # label, command...: median time and peak memory of RUNS runs
  local label=$1; shift
  local times=() rss=() seconds kb
  for ((r = 0; r < runs; r++)); do
    [ "$label" = "build, one story changed" ] && echo " Changed in run $r." >> "${stories[$((r * 7 + 3))]}"
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1
    read -r seconds kb < "$work/time"
    times+=("$seconds"); rss+=("$kb")
  done
  awk "BEGIN{printf \"%s: %.2f s  peak RSS %.0f MB\n\", \"$label\", $(printf '%s\n' "${times[@]}" | median), $(printf '%s\n' "${rss[@]}" | median)/1024}"
}
mapfile -t stories < <(find "$work/corpus" -name "*.txt" | sort)
timed "build, nothing changed" "$kgraph" build "$work/corpus" --store "$work/store"
timed "build, one story changed" "$kgraph" build "$work/corpus" --store "$work/store"
timed "export --format nquads" "$kgraph" export --store "$work/store" --format nquads --output "$work/export.nq"
for q in queries/*.rq; do
  qt=()
  for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f "%e" -o "$work/qtime" "$kgraph" query -f "$q" --store "$work/store" --format tsv >/dev/null
    qt+=("$(cat "$work/qtime")")
  done
  echo "query $(basename "$q"): $(printf '%s\n' "${qt[@]}" | median) s"
done

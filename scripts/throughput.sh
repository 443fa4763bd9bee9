#!/usr/bin/env bash
# Reports end-to-end throughput of `kgraph build` into an on-disk store and of `kgraph extract`
# (N-Quads and JSON lines, no store): MB/s, documents/s,
# peak memory, store size, and the time of every queries/*.rq on the result. Medians of
# RUNS runs. Usage: scripts/throughput.sh [COPIES] [RUNS]   (default 2000 copies, 3 runs)
#
# The corpus is the seed articles copied COPIES times with a varying given name, written
# to a temporary folder; read the figures as ratios between versions on one machine.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-2000}
runs=${2:-3}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kgraph-target}"
cargo build --release --quiet
kgraph="$CARGO_TARGET_DIR/release/kgraph"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
names=(Maria James Elena Omar Wei Ana Pedro Sofia)
for ((i = 0; i < copies; i++)); do
  for seed in seeds/*.txt; do
    sed "s/Donald/${names[i % 8]}/g" "$seed" > "$work/corpus/$(basename "$seed" .txt)-$i.txt"
  done
done
bytes=$(cat "$work"/corpus/*.txt | wc -c)
docs=$(ls "$work/corpus" | wc -l)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
times=(); rss=()
for ((r = 0; r < runs; r++)); do
  rm -rf "$work/store"
  /usr/bin/time -f "%e %M" -o "$work/time" "$kgraph" build "$work/corpus" --store "$work/store" >/dev/null
  read -r seconds kb < "$work/time"
  times+=("$seconds"); rss+=("$kb")
done
t=$(printf '%s\n' "${times[@]}" | median)
m=$(printf '%s\n' "${rss[@]}" | median)
echo "machine: $(nproc) cores; corpus: $docs documents, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB"
awk "BEGIN{printf \"build (on-disk store): %.2f s  %.2f MB/s  %.0f docs/s  peak RSS %.0f MB\n\", $t, $bytes/1e6/$t, $docs/$t, $m/1024}"
echo "store size: $(du -sh "$work/store" | cut -f1)"
# extract: no store, N-Quads and JSON lines to a file.
for format in nquads jsonl; do
  times=(); rss=()
  for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$kgraph" extract "$work/corpus" --format "$format" --output "$work/out.$format" 2>/dev/null
    read -r seconds kb < "$work/time"
    times+=("$seconds"); rss+=("$kb")
  done
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  awk "BEGIN{printf \"extract --format %s: %.2f s  %.2f MB/s  %.0f docs/s  peak RSS %.0f MB\n\", \"$format\", $t, $bytes/1e6/$t, $docs/$t, $m/1024}"
done
for q in queries/*.rq; do
  qt=()
  for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f "%e" -o "$work/qtime" "$kgraph" query -f "$q" --store "$work/store" --format tsv >/dev/null
    qt+=("$(cat "$work/qtime")")
  done
  echo "query $(basename "$q"): $(printf '%s\n' "${qt[@]}" | median) s"
done

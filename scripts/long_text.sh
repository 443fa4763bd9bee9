#!/usr/bin/env bash
# Reports how extraction of ONE long document scales with its length when the text has no
# sentence punctuation: for each size, a one-line file from scripts/one_line.py (news-like
# text, sentence ends made commas, line breaks made spaces), extracted with the learned
# tagger (the default) and with the rules alone; median wall time, MB/s and median peak
# memory (/usr/bin/time) of RUNS runs. Cost linear in the length shows as a steady MB/s
# and a peak memory in proportion to the size.
#
# Usage: scripts/long_text.sh [SIZES] [RUNS]   (default "1 2 4 8 16 50" MB, 3 runs)
#
# Environment: KGRAPH=path/to/kgraph skips the cargo build (and compares versions);
# FORMAT=nquads times `kgraph extract` to N-Quads instead of `--format jsonl`;
# SOURCE=seeds repeats the seed articles instead of the synthetic stories (whose names
# keep growing with the text); PROSE=1 keeps the punctuation and line breaks (the same
# text as ordinary prose, for comparison); TIMEOUT=SECONDS stops a run that takes longer
# (default 900), reported as such.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"1 2 4 8 16 50"}
runs=${2:-3}
format=${FORMAT:-jsonl}
source=${SOURCE:-stories}
limit=${TIMEOUT:-900}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kgraph-target}"
if [ -z "${KGRAPH:-}" ]; then
  cargo build --release --quiet
  KGRAPH="$CARGO_TARGET_DIR/release/kgraph"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shape=()
[ "${PROSE:-0}" = 1 ] && shape=(--prose)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "machine: $(nproc) cores; kgraph: $KGRAPH; format: $format; text: $source${shape[*]:+, prose}"
printf '%-8s %8s %10s %8s %10s\n' model MB seconds MB/s "peak MB"
for size in $sizes; do
  file="$work/line-$size.txt"
  python3 scripts/one_line.py "$size" "$file" --source "$source" "${shape[@]}"
  bytes=$(stat -c %s "$file")
  for model in default rules; do
    times=(); rss=(); stopped=0
    for ((r = 0; r < runs; r++)); do
      if ! /usr/bin/time -f "%e %M" -o "$work/time" timeout "$limit" \
        "$KGRAPH" extract "$file" --model "$model" --format "$format" --output "$work/out" 2>/dev/null; then
        stopped=1
        break
      fi
      read -r seconds kb < "$work/time"
      times+=("$seconds"); rss+=("$kb")
    done
    if [ "$stopped" = 1 ]; then
      printf '%-8s %8.1f %10s\n' "$model" "$(awk "BEGIN{print $bytes/1e6}")" "> $limit (stopped)"
      continue
    fi
    t=$(printf '%s\n' "${times[@]}" | median)
    m=$(printf '%s\n' "${rss[@]}" | median)
    awk "BEGIN{printf \"%-8s %8.1f %10.2f %8.2f %10.0f\n\", \"$model\", $bytes/1e6, $t, $bytes/1e6/$t, $m/1024}"
  done
done

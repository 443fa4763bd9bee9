#!/usr/bin/env bash
# Compares two kgraph binaries on one corpus, in the same run: quads and store bytes per
# KB of text, `build` into an on-disk store (MB/s, peak RSS), and whole-process `extract
# --jobs 1` to N-Quads and to JSON lines (MB/s). Medians of RUNS runs.
# Usage: scripts/weight.sh CORPUS_DIR OLD_KGRAPH NEW_KGRAPH [RUNS] [-- EXTRA NEW FLAGS]
# e.g. scripts/weight.sh /tmp/mixed /tmp/kgraph-old target/release/kgraph 3
# (a corpus: scripts/mixed_corpus.py DIR, or scripts/corpus.py 3000 DIR)
set -euo pipefail
corpus=$1; old=$2; new=$3; runs=${4:-3}
shift $(( $# < 4 ? $# : 4 ))
[ "${1:-}" = "--" ] && shift
extra=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bytes=$(find "$corpus" -type f -exec cat {} + | wc -c)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "corpus: $corpus, $(find "$corpus" -type f | wc -l) documents, $(awk "BEGIN{printf \"%.2f\", $bytes/1e6}") MB; $(nproc) cores; medians of $runs runs"
printf '%-4s %10s %8s %9s %10s %11s %12s %12s %14s\n' bin quads q/KB store_MB store/text build_MB/s build_RSS_MB ext_nq_MB/s ext_jsonl_MB/s
declare -A bt br nq jl
# Old and new take turns within each run, so a busy machine slows both alike.
for ((r = 0; r < runs; r++)); do
  for which in old new; do
    bin=$old; flags=()
    if [ "$which" = new ]; then bin=$new; flags=("${extra[@]}"); fi
    rm -rf "$work/store-$which"
    /usr/bin/time -f "%e %M" -o "$work/t" "$bin" build "$corpus" --store "$work/store-$which" -q "${flags[@]}" >/dev/null
    read -r s kb <"$work/t"; bt[$which]+="$s "; br[$which]+="$kb "
    /usr/bin/time -f "%e" -o "$work/t" "$bin" extract "$corpus" --jobs 1 -q -o "$work/out-$which.nq" "${flags[@]}" 2>/dev/null
    nq[$which]+="$(cat "$work/t") "
    /usr/bin/time -f "%e" -o "$work/t" "$bin" extract "$corpus" --jobs 1 -q --format jsonl -o "$work/out.jsonl" "${flags[@]}" 2>/dev/null
    jl[$which]+="$(cat "$work/t") "
  done
done
for which in old new; do
  quads=$(wc -l <"$work/out-$which.nq")
  store=$(du -sb "$work/store-$which" | cut -f1)
  t=$(printf '%s\n' ${bt[$which]} | median); m=$(printf '%s\n' ${br[$which]} | median)
  n=$(printf '%s\n' ${nq[$which]} | median); j=$(printf '%s\n' ${jl[$which]} | median)
  awk -v w="$which" -v q="$quads" -v b="$bytes" -v s="$store" -v t="$t" -v m="$m" -v n="$n" -v j="$j" 'BEGIN{
    printf "%-4s %10d %8.1f %9.1f %9.1fx %11.2f %12.0f %12.2f %14.2f\n", w, q, q/(b/1000), s/1e6, s/b, b/1e6/t, m/1024, b/1e6/n, b/1e6/j }'
done

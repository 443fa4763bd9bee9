#!/usr/bin/env bash
# Trains the shipped tagger model, data/model/tagger.kgm, from the openly licensed gold in
# ../shared/train (sources and licences: data/model/README.md), then scores it and the
# rules alone on the held-out part of every corpus and on the development sets.
#
#   scripts/model/train.sh            # TRAIN=../shared/train, EVAL=../shared/eval
#
# The split (scripts/model/split.py) and the training are deterministic: the same data
# gives a byte-identical model (checked by `cmp` against the committed file at the end).
set -euo pipefail
cd "$(dirname "$0")/../.."
TRAIN="${TRAIN:-../shared/train}"
EVAL="${EVAL:-../shared/eval}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 scripts/model/split.py "$TRAIN" "$work"
cargo build --release --quiet ${CARGO_FEATURES:-}
kgraph="${CARGO_TARGET_DIR:-target}/release/kgraph"

gold=()
for file in "$work"/train/*.jsonl; do gold+=(--gold "$file"); done
dev=()
for file in "$work"/dev/*.jsonl; do dev+=(--dev "$file"); done
"$kgraph" train "${gold[@]}" "${dev[@]}" --epochs 7 --min-count 1 --dropout 0.3 --rounds 4 --output "$work/tagger.kgm"

if cmp -s "$work/tagger.kgm" data/model/tagger.kgm; then
  echo "train.sh: data/model/tagger.kgm is unchanged (byte-identical)"
else
  cp "$work/tagger.kgm" data/model/tagger.kgm
  echo "train.sh: wrote data/model/tagger.kgm ($(stat -c %s data/model/tagger.kgm) bytes)"
fi

for file in "$work"/dev/*.jsonl "$EVAL"/wikigold.jsonl "$EVAL"/seeds.gold.jsonl; do
  [ -f "$file" ] || continue
  echo
  echo "== $(basename "$file")"
  "$kgraph" eval --gold "$file" --model rules --model data/model/tagger.kgm | tail -n +2
done

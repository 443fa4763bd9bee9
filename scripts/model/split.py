#!/usr/bin/env python3
"""Prepares shared/train for training: detokenises each record and splits each corpus into
a training part and a development part.

Usage: split.py TRAIN_DIR OUT_DIR

The corpora store source tokens joined by single spaces ("Trump 's visit , he said .");
users' text is not tokenised, so the space before closing punctuation, possessives and
contractions, and after opening brackets, is removed and every entity offset moved with
it (a pure deletion of spaces, so names keep their exact text).

A record goes to the development part when its SHA-256 id digest is among the lowest tenth
of its corpus (at least one record per corpus), so the split is the same on every machine
and does not depend on the order of the file. Writes OUT_DIR/train/<corpus>.jsonl and
OUT_DIR/dev/<corpus>.jsonl. Standard library only.
"""
import hashlib
import json
import pathlib
import sys

# Tokens written without the space before them.
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "’s", "'", "n't", "'re", "'ve", "'ll", "'d", "'m", "...", "…"}
# Tokens written without the space after them.
NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


def detokenise(record: dict) -> dict:
    text = record["text"]
    keep = [True] * len(text)
    for start_of_line, line in _lines(text):
        tokens = []
        offset = start_of_line
        for token in line.split(" "):
            tokens.append((offset, token))
            offset += len(token) + 1
        for (start, token), (next_start, next_token) in zip(tokens, tokens[1:]):
            space = next_start - 1
            if next_token.lower() in NO_SPACE_BEFORE or token in NO_SPACE_AFTER:
                keep[space] = False
        # A hyphen the source split off inside a word: "Bailey - Ross" -> "Bailey-Ross".
        for (before, left), (_, hyphen), (after, right) in zip(tokens, tokens[1:], tokens[2:]):
            if hyphen == "-" and left[-1:].isalnum() and right[:1].isalnum():
                keep[after - 1] = False
                keep[after - 3] = False
    removed_before = [0] * (len(text) + 1)
    for i, kept in enumerate(keep):
        removed_before[i + 1] = removed_before[i] + (0 if kept else 1)
    new_text = "".join(c for c, kept in zip(text, keep) if kept)
    entities = []
    for e in record["entities"]:
        start, end = e["start"] - removed_before[e["start"]], e["end"] - removed_before[e["end"]]
        if text[e["start"]:e["end"]].replace(" ", "") != new_text[start:end].replace(" ", ""):
            raise ValueError(f"{record['id']}: entity {e} moved badly")
        entities.append({**e, "start": start, "end": end})
    return {**record, "text": new_text, "entities": entities}


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def main() -> None:
    source, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    for part in ("train", "dev"):
        (out / part).mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.jsonl")):
        records = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        ranked = sorted(range(len(records)), key=lambda i: hashlib.sha256(records[i]["id"].encode()).hexdigest())
        dev = set(ranked[: max(1, len(records) // 10)])
        with open(out / "train" / path.name, "w", encoding="utf-8") as train_file, open(
            out / "dev" / path.name, "w", encoding="utf-8"
        ) as dev_file:
            for i, record in enumerate(records):
                line = json.dumps(detokenise(record), ensure_ascii=False)
                (dev_file if i in dev else train_file).write(line + "\n")
        print(f"{path.name}: {len(records) - len(dev)} train, {len(dev)} dev", file=sys.stderr)


if __name__ == "__main__":
    main()

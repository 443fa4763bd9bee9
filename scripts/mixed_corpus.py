#!/usr/bin/env python3
"""Writes a mixed English corpus for weight and speed benchmarks: the texts of
../shared/train (news, interviews, academic and legal prose, biographies, travel guides,
forum posts and tweets; sources and licences in shared/train/DATA.md), joined in file
order into documents of about 3 KB (short texts such as tweets run together, long ones
stay whole). Usage: scripts/mixed_corpus.py OUT [TRAIN_DIR]"""
import glob
import json
import os
import sys


def main():
    out = sys.argv[1]
    train = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(__file__), "..", "..", "shared", "train")
    os.makedirs(out, exist_ok=True)
    count, size = 0, 0
    for path in sorted(glob.glob(os.path.join(train, "*.jsonl"))):
        name = os.path.basename(path)[: -len(".jsonl")]
        texts = []

        def flush():
            nonlocal count, size, texts
            if texts:
                text = "\n\n".join(texts)
                with open(os.path.join(out, f"{name}-{count:05d}.txt"), "w") as f:
                    f.write(text)
                count += 1
                size += len(text.encode())
                texts = []

        with open(path) as lines:
            for line in lines:
                texts.append(json.loads(line)["text"])
                if sum(len(t) for t in texts) >= 3000:
                    flush()
        flush()
    print(f"{count} documents, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes hostile input for extraction: news-like text as one line without sentence punctuation.

Usage: scripts/one_line.py MEGABYTES OUT_FILE [--source stories|seeds] [--prose] [--seed N]

The text is news (the synthetic stories of scripts/corpus.py, whose names keep growing
with the text, or the two seed articles repeated, whose names repeat) with every
sentence-ending `.`, `!`, `?` and `…` turned into a comma and every line break into a
space, so the whole file is one line, and a segmenter that ends sentences only at
sentence punctuation sees one sentence of MEGABYTES MB. `--prose` keeps the punctuation
and line breaks (the same text as ordinary prose, one document, for comparison). The
text is cut at a space to at most MEGABYTES MB (a fraction is allowed). Deterministic
for a given seed; standard library only. scripts/long_text.sh times extraction of it.
"""

import argparse
import glob
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus  # noqa: E402

# A sentence end: terminal punctuation, any closing quotes or brackets, then white space
# or the end of the text. Dots inside words and numbers (U.S., 23.5) are left alone.
SENTENCE_END = re.compile(r"[.!?…]+([\"'’”)\]]*)(?=\s|$)")


def one_line(text):
    """`text` with sentence ends made commas and line breaks made spaces."""
    text = SENTENCE_END.sub(r"\1,", text)
    return " ".join(text.split())


def pieces(source, seed, prose):
    """Endless news-like text, a story (or seed article) at a time, each made one line
    unless `prose`."""
    shape = (lambda text: text.strip()) if prose else one_line
    if source == "seeds":
        paths = sorted(glob.glob(os.path.join(HERE, "..", "seeds", "*.txt")))
        articles = []
        for path in paths:
            with open(path, encoding="utf-8") as f:
                articles.append(shape(f.read()))
        while True:
            yield from articles
    rng = random.Random(seed)
    pools = corpus.make_pools(rng, 20000)
    while True:
        yield shape(corpus.story(rng, pools))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("megabytes", type=float)
    parser.add_argument("out")
    parser.add_argument("--source", choices=["stories", "seeds"], default="stories")
    parser.add_argument("--prose", action="store_true",
                        help="keep sentence punctuation and line breaks")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    size = int(args.megabytes * 1_000_000)
    parts, length = [], 0
    separator = "\n\n" if args.prose else " "
    for piece in pieces(args.source, args.seed, args.prose):
        parts.append(piece)
        length += len(piece.encode("utf-8")) + 1
        if length >= size:
            break
    data = separator.join(parts).encode("utf-8")[:size]
    # Cut at a space so no word (or UTF-8 character) is broken, and end without a newline.
    cut = data.rfind(b" ")
    data = data[:cut] if cut > 0 else data
    with open(args.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()

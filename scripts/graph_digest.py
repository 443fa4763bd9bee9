#!/usr/bin/env python3
"""Digests of an N-Quads stream, to compare two stores' exports without keeping them.

Usage: kgraph export --store S --format nquads | scripts/graph_digest.py GRAPHS.txt

Prints the MD5 of the whole stream and its line count; writes to GRAPHS.txt one line per
named graph (the last term of each line; kgraph writes nothing in the default graph),
sorted: the MD5 of its lines, their count, the
graph. Two exports are identical when the printed digests are; `diff` of two GRAPHS.txt
files names the graphs that differ.
"""
import hashlib
import sys


def main() -> None:
    total = hashlib.md5()
    lines = 0
    graphs: dict[bytes, list] = {}
    for line in sys.stdin.buffer:
        total.update(line)
        lines += 1
        graph = line.rstrip(b" .\n").rsplit(b" ", 1)[-1]
        entry = graphs.get(graph)
        if entry is None:
            entry = graphs[graph] = [hashlib.md5(), 0]
        entry[0].update(line)
        entry[1] += 1
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        for graph in sorted(graphs):
            digest, count = graphs[graph]
            out.write(f"{digest.hexdigest()} {count} {graph.decode()}\n")
    print(total.hexdigest(), lines)


if __name__ == "__main__":
    main()

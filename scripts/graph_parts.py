#!/usr/bin/env python3
"""Reads N-Quads (a `kgraph extract` output) on standard input and reports how many quads
each part of the graph takes: the entity graph, spans (mentions, sentences, evidence),
statements, merge records and document descriptions. With `--confidence` (on an extract
with `--provenance full`, where every mention and statement states its confidence), it
also reports how many mentions and statements have their rule's most common confidence:
what the lean model's `kgo:Rule` and `kgo:RelationRule` descriptions leave unsaid.

Usage: kgraph extract DIR --provenance full | scripts/graph_parts.py --confidence
"""
import collections
import re
import sys

KGO = "http://example.org/kgraph/ontology#"


def part(subject, graph):
    if graph.endswith("graph/entities>"):
        return "entity graph"
    if "#char=" in subject:
        return "spans"
    if "#relation-" in subject:
        return "statements"
    if "#merge-" in subject:
        return "merges"
    if "#" not in subject:
        return "documents"
    return "other"


def main():
    confidence = "--confidence" in sys.argv
    parts = collections.Counter()
    rule, stated = {}, {}
    for line in sys.stdin:
        subject, predicate, rest = line.split(" ", 2)
        graph = line.rstrip(" .\n").rsplit(" ", 1)[1]
        parts[part(subject, graph)] += 1
        if confidence and ("#char=" in subject or "#relation-" in subject):
            value = re.match(r'"([^"]*)"', rest)
            if predicate == f"<{KGO}rule>" and value:
                rule[subject] = value.group(1)
            elif predicate == f"<{KGO}confidence>" and value:
                stated[subject] = value.group(1)
    total = sum(parts.values())
    print(f"{total} quads")
    for name, count in parts.most_common():
        print(f"  {name:13} {count:10} {100 * count / total:5.1f}%")
    if confidence:
        for kind, marker in (("mentions", "#char="), ("statements", "#relation-")):
            by_rule = collections.defaultdict(collections.Counter)
            for subject, name in rule.items():
                if marker in subject and subject in stated:
                    by_rule[name][stated[subject]] += 1
            usual = sum(c.most_common(1)[0][1] for c in by_rule.values())
            all_ = sum(sum(c.values()) for c in by_rule.values())
            if all_:
                print(f"{kind}: {usual} of {all_} ({100 * usual / all_:.1f}%) have their rule's most common confidence")


if __name__ == "__main__":
    main()

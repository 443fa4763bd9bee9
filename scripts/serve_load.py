#!/usr/bin/env python3
"""A bounded load test of `kgraph serve` on loopback.

Builds a store (the seed articles plus DOCS generated stories from scripts/corpus.py, or
uses --store), starts `kgraph serve` on a free port, and runs CLIENTS concurrent clients for
DURATION seconds. Each client sends, in a seeded random order, a mix of:

- example:  every query in queries/*.rq (what users ask);
- large:    every triple as SPARQL JSON, and the whole graph as N-Triples (large answers);
- hostile:  a cartesian product counted (answered 503 at the timeout), a sort of one (503
            when memory runs short or at the timeout), 10,000 nested groups (400), a syntax
            error (400), an update (400), SERVICE (400), a body over 1 MiB (413);
- explore:  the explorer's pages (GET): a search, the entity page of the most mentioned
            person and a later page of its mentions, its neighbourhood at depth 2, a
            document, and an entity that does not exist (404);
- slow:     a client that sends half its headers and stops (dropped by the server).

A request fails when the connection breaks, or its status is not one designed for its kind:
200 for example and large requests (400 for a large one past --max-results), the listed
400/413/503 answers for hostile ones, and for any of them the 503 answered at once when
every query slot is busy (counted as 503-busy) or when the server stopped the query because
memory ran short (503-memory). It reports requests, statuses, p50 and p99 latency
per kind, failures, and the server's peak resident memory (VmHWM), and exits 1 on any
failure.

Usage: python3 scripts/serve_load.py [--clients 32] [--duration 60] [--docs 2000]
       [--store DIR] [--kgraph PATH] [--timeout 5] [-- SERVE-ARGS...]
"""

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SORTED = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?i LIMIT 1"
DEEP = "SELECT * {" + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000 + "}"


def workload():
    """(kind, name, method, body or None, content type, accept, allowed statuses)."""
    requests = []
    for path in sorted((ROOT / "queries").glob("*.rq")):
        requests.append(("example", path.stem, path.read_text(), "text/tab-separated-values",
                         {200}))
    requests += [
        ("large", "all-triples-json", "SELECT * { ?s ?p ?o }",
         "application/sparql-results+json", {200, 400}),
        ("large", "graph-ntriples", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
         "application/n-triples", {200, 400}),
        ("hostile", "cartesian-count", CARTESIAN, "*/*", {503}),
        ("hostile", "cartesian-sort", SORTED, "*/*", {503}),
        ("hostile", "deep-nesting", DEEP, "*/*", {400}),
        ("hostile", "syntax-error", "SELECT ?x WHERE { ?x ?y }", "*/*", {400}),
        ("hostile", "update", "INSERT DATA { <a:b> <a:c> <a:d> }", "*/*", {400}),
        ("hostile", "service", "SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }",
         "*/*", {400}),
        ("hostile", "body-over-1MiB", "#" * ((1 << 20) + 1), "*/*", {413}),
    ]
    # Explorer pages: a GET of the path (the seeds are in every store the script builds).
    requests += [
        ("explore", name, "GET " + path, "text/html", allowed)
        for name, path, allowed in [
            ("search", "/search?q=bukele", {200}),
            ("search-prefix", "/search?q=sa&type=place", {200}),
            ("entity", "/entity/person/nayib-bukele", {200}),
            ("entity-page-2", "/entity/person/nayib-bukele?mentions=50", {200}),
            ("neighbourhood", "/graph/person/nayib-bukele?depth=2", {200}),
            ("document", "/document/000_a57ef51889807de0.txt", {200}),
            ("no-such-entity", "/entity/person/%3Cscript%3E", {404}),
        ]
    ]
    return requests


def post(address, query, accept, timeout):
    """Status of one POST of `query` to /sparql (or, for "GET /path", of that GET),
    reading the whole answer."""
    host, port = address
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        if query.startswith("GET /"):
            connection.request("GET", query[4:], headers={
                "Accept": accept, "Connection": "close"})
        else:
            connection.request("POST", "/sparql", body=query.encode("utf-8"), headers={
                "Content-Type": "application/sparql-query", "Accept": accept,
                "Connection": "close"})
        response = connection.getresponse()
        body = response.read()
        if response.status == 503 and b"its limit; try again" in body:
            return "503-busy"
        if response.status == 503 and b"short of memory" in body:
            return "503-memory"
        return response.status
    finally:
        connection.close()


def slow_client(address, timeout):
    """Sends half a request and waits: the server must close the connection."""
    with socket.create_connection(address, timeout=timeout) as stream:
        stream.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: kgraph\r\n")
        data = stream.recv(4096)  # b"" once the server drops it
        return "dropped" if data == b"" else "answered"


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []  # (kind, name, status, seconds, ok)

    def add(self, *row):
        with self.lock:
            self.rows.append(row)


def client(number, address, deadline, requests, results, args):
    rng = random.Random(number)
    while time.monotonic() < deadline:
        if rng.random() < 0.02:
            start = time.monotonic()
            try:
                outcome = slow_client(address, args.timeout + 60)
            except OSError as e:
                outcome = f"error: {e}"
            results.add("slow", "half-headers", outcome, time.monotonic() - start,
                        outcome == "dropped")
            continue
        kind, name, query, accept, allowed = rng.choices(
            requests, weights=[6 if r[0] == "example" else 2 if r[0] in ("large", "explore")
                               else 1 for r in requests])[0]
        start = time.monotonic()
        try:
            status = post(address, query, accept, args.timeout + 60)
        except OSError as e:
            status = f"error: {type(e).__name__}"
        ok = status in allowed or status in ("503-busy", "503-memory")
        results.add(kind, name, status, time.monotonic() - start, ok)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def peak_memory(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) // 1024 if found else None


def build_store(kgraph, work, docs):
    corpus = work / "corpus"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "corpus.py"), str(docs),
                    str(corpus)], check=True, stdout=subprocess.DEVNULL)
    for seed in (ROOT / "seeds").iterdir():
        (corpus / seed.name).write_bytes(seed.read_bytes())
    store = work / "store"
    subprocess.run([kgraph, "build", str(corpus), "--store", str(store)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return store


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--store")
    parser.add_argument("--kgraph")
    parser.add_argument("--timeout", type=int, default=5, help="serve --timeout")
    parser.add_argument("serve_args", nargs="*")
    args = parser.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", str(Path.home() / ".cache/kgraph-target"))
    kgraph = args.kgraph or str(Path(target) / "release" / "kgraph")
    with tempfile.TemporaryDirectory() as work:
        store = args.store or build_store(kgraph, Path(work), args.docs)
        server = subprocess.Popen(
            [kgraph, "serve", "--store", str(store), "--bind", "127.0.0.1:0",
             "--timeout", str(args.timeout), *args.serve_args],
            stdout=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline()
            url = re.search(r"http://([\d.]+):(\d+)/sparql", line)
            address = (url.group(1), int(url.group(2)))
            results = Results()
            deadline = time.monotonic() + args.duration
            threads = [threading.Thread(target=client, args=(n, address, deadline,
                                                             workload(), results, args))
                       for n in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            alive = server.poll() is None
            peak = peak_memory(server.pid) if alive else None
        finally:
            server.kill()
            server.wait()
    report(results.rows, args, alive, peak)
    failed = sum(1 for row in results.rows if not row[4])
    sys.exit(0 if alive and failed == 0 else 1)


def report(rows, args, alive, peak):
    print(f"kgraph serve load test: {args.clients} clients, {args.duration:.0f} s, "
          f"serve --timeout {args.timeout} {' '.join(args.serve_args)}")
    print(f"{'kind':<9}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}{'failed':>8}  statuses")
    for kind in ["example", "large", "hostile", "explore", "slow", "all"]:
        chosen = [r for r in rows if kind in ("all", r[0])]
        if not chosen:
            continue
        latencies = [r[3] * 1000 for r in chosen]
        statuses = {}
        for r in chosen:
            statuses[str(r[2])] = statuses.get(str(r[2]), 0) + 1
        listed = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
        failed = sum(1 for r in chosen if not r[4])
        print(f"{kind:<9}{len(chosen):>9}{statistics.median(latencies):>9.0f}"
              f"{percentile(latencies, 0.99):>9.0f}{failed:>8}  {listed}")
    for row in rows:
        if not row[4]:
            print(f"failed: {row[0]} {row[1]}: {row[2]}")
            break
    print(f"server alive at the end: {'yes' if alive else 'NO'}; "
          f"peak resident memory: {peak} MB")


if __name__ == "__main__":
    main()

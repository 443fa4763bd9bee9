#!/usr/bin/env bash
# Query parity with OpenLink Virtuoso, and `kgraph push` into it.
#
# Builds the seeds with kgraph, starts Virtuoso (Debian virtuoso-opensource-7) on loopback
# in a temporary folder, bulk-loads kgraph's N-Quads export, runs every queries/*.rq on
# both (with kgraph's predeclared PREFIX lines prepended for Virtuoso) and compares the CSV
# answers row by row after parsing the CSV (Virtuoso quotes every literal, kgraph only
# where CSV needs it; numbers are compared as numbers; the order is compared too, and rows
# tied at a query's LIMIT cut, which each store picks in its own order, are counted rather
# than compared). Then pushes the store into Virtuoso over the Graph Store Protocol
# (Digest login) and checks the triple counts. Prints a per-query OK/DIFF table; exits 1 on
# any difference, 2 when something needed is missing. About 10 seconds.
#
# Usage: scripts/virtuoso-parity.sh        (KGRAPH=path/to/kgraph to use another binary)
#
# CORPUS=INPUT builds that corpus instead of the seeds; NQUADS=DIR then loads DIR's *.nq
# into Virtuoso instead of the build's export (e.g. the part files of the Spark job,
# scripts/spark/build.py, over the same corpus), so its answers are compared with a build.
# ISQL_TIMEOUT (seconds, default 60) bounds each isql call, the bulk load included.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

for program in virtuoso-t isql-vt curl python3; do
  if ! command -v "$program" >/dev/null 2>&1; then
    echo "virtuoso-parity: $program is missing (apt-get install virtuoso-opensource-7 curl python3)" >&2
    exit 2
  fi
done

kgraph=${KGRAPH:-${CARGO_TARGET_DIR:-$repo/target}/release/kgraph}
if [ ! -x "$kgraph" ]; then
  echo "virtuoso-parity: no kgraph binary at $kgraph: run cargo build --release (with the same CARGO_TARGET_DIR) or set KGRAPH" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-virtuoso.XXXXXX")
isql_port=""
cleanup() {
  if [ -n "$isql_port" ]; then
    timeout 20 isql-vt "127.0.0.1:$isql_port" dba dba exec="shutdown;" >/dev/null 2>&1 || true
  fi
  # If the shutdown did not end it, end the server by the process id in its lock file.
  if [ -f "$work/db/virtuoso.lck" ]; then
    pid=$(sed -n 's/^VIRT_PID=//p' "$work/db/virtuoso.lck")
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  fi
  [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

# --- kgraph's side: the seeds graph and its N-Quads export.
mkdir -p "$work/db" "$work/data" "$work/out"
"$kgraph" build "${CORPUS:-seeds}" --store "$work/store" >/dev/null
if [ -n "${NQUADS:-}" ]; then
  cp "$NQUADS"/*.nq "$work/data/"
else
  "$kgraph" export --store "$work/store" --output "$work/data/graph.nq" 2>/dev/null
fi
base=$("$kgraph" query --store "$work/store" --format tsv \
  'SELECT ?base { ?base a kgo:KnowledgeGraph }' | sed -n '2s/^<\(.*\)>$/\1/p')

# The prefixes kgraph predeclares: src/vocab.rs PREFIXES, then kg:, doc: and one per
# entity type (src/query.rs `prefixes`).
python3 - "$repo/src/vocab.rs" "$base" >"$work/prefixes.rq" <<'EOF'
import re, sys
source, base = open(sys.argv[1]).read(), sys.argv[2]
kgo = re.search(r'pub const KGO: &str = "([^"]+)"', source).group(1)
table = source[source.index("pub const PREFIXES"):]
table = table[: table.index("];")]
pairs = [(p, n or kgo) for p, n, _ in re.findall(r'\(\s*"(\w+)",\s*(?:"([^"]+)"|(KGO))\s*,?\s*\)', table)]
pairs += [("kg", base), ("doc", base + "document/")]
pairs += [(folder, base + folder + "/") for folder in ("person", "org", "place", "law")]
for prefix, namespace in pairs:
    print(f"PREFIX {prefix}: <{namespace}>")
EOF

# --- Virtuoso on two free loopback ports, its files in the temporary folder.
read -r isql_free http_port < <(python3 -c '
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])')
cat >"$work/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $work/db/virtuoso.db
ErrorLogFile       = $work/db/virtuoso.log
LockFile           = $work/db/virtuoso.lck
TransactionFile    = $work/db/virtuoso.trx
xa_persistent_file = $work/db/virtuoso.pxa
[TempDatabase]
DatabaseFile    = $work/db/virtuoso-temp.db
TransactionFile = $work/db/virtuoso-temp.trx
[Parameters]
ServerPort        = 127.0.0.1:$isql_free
DisableUnixSocket = 1
DirsAllowed       = ., $work/data
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000
[HTTPServer]
ServerPort    = 127.0.0.1:$http_port
ServerRoot    = $work/db
ServerThreads = 4
[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 60
EOF
(cd "$work/db" && timeout 60 virtuoso-t +configfile "$work/virtuoso.ini" +wait >/dev/null 2>&1) || {
  echo "virtuoso-parity: Virtuoso did not start; its log:" >&2
  tail -20 "$work/db/virtuoso.log" >&2 || true
  exit 2
}
isql_port=$isql_free
isql() { timeout "${ISQL_TIMEOUT:-60}" isql-vt "127.0.0.1:$isql_port" dba dba exec="$1" >"$work/isql.log" 2>&1; }
isql "ld_dir('$work/data', '*.nq', '${base}unnamed'); rdf_loader_run(); checkpoint;" || {
  echo "virtuoso-parity: bulk load failed:" >&2
  cat "$work/isql.log" >&2
  exit 2
}
endpoint="http://127.0.0.1:$http_port/sparql"
virtuoso_csv() { # QUERY-TEXT -> CSV on stdout
  curl -sS --fail-with-body -G "$endpoint" -H 'Accept: text/csv' --data-urlencode "query=$1"
}

# CSV answers as rows of values, in order; numbers compared as numbers. Prints the rows that
# differ and exits 1 when they are not the same. With KEY (the column a query ranks by,
# DESC, before a LIMIT), rows tied at the cut are each store's choice (the queries take them
# in the store's order, as their comments say): rows ranked above the lowest KEY value
# shown must be the same, in the same order; the rows at that value may differ, and are
# counted (exit 3).
compare() { # KGRAPH.csv VIRTUOSO.csv [KEY]
  python3 - "$1" "$2" "${3:-}" <<'EOF'
import csv, sys
from decimal import Decimal, InvalidOperation
def value(cell):
    try:
        return str(Decimal(cell).normalize()) if cell.strip() else cell
    except InvalidOperation:
        return cell
def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    return table[0] if table else [], [tuple(value(c) for c in row) for row in table[1:]]
(kh, kr), (vh, vr) = rows(sys.argv[1]), rows(sys.argv[2])
if kh == vh and kr == vr:
    sys.exit(0)
key = sys.argv[3]
if key and kh == vh and key in kh and kr and vr:
    at = kh.index(key)
    number = lambda row: Decimal(row[at])
    cut_k, cut_v = min(map(number, kr)), min(map(number, vr))
    above_k = [row for row in kr if number(row) > cut_k]
    above_v = [row for row in vr if number(row) > cut_v]
    if cut_k == cut_v and above_k == above_v:
        tied_k, tied_v = len(kr) - len(above_k), len(vr) - len(above_v)
        print(f"    {len(above_k)} rows above the cut the same; rows tied at ?{key} = {cut_k:f}: "
              f"kgraph {tied_k}, virtuoso {tied_v}, each store's choice")
        sys.exit(3)
if kh != vh:
    print(f"    columns: kgraph {kh} / virtuoso {vh}")
for row in sorted(set(kr) - set(vr))[:5]:
    print(f"    only kgraph:   {row}")
for row in sorted(set(vr) - set(kr))[:5]:
    print(f"    only virtuoso: {row}")
if sorted(kr) == sorted(vr):
    print("    same rows in another order")
elif set(kr) == set(vr):
    print(f"    same rows, different counts: kgraph {len(kr)}, virtuoso {len(vr)}")
sys.exit(1)
EOF
}

# --- Every example query on both.
failures=0
printf '%-28s %8s %8s  %s\n' query kgraph virtuoso result
for query in queries/*.rq; do
  name=$(basename "$query" .rq)
  "$kgraph" query --store "$work/store" -f "$query" --format csv >"$work/out/$name.kgraph.csv"
  if ! virtuoso_csv "$(cat "$work/prefixes.rq" "$query")" >"$work/out/$name.virtuoso.csv" 2>&1; then
    printf '%-28s %8s %8s  %s\n' "$name" - - "ERROR"
    sed 's/^/    /' "$work/out/$name.virtuoso.csv" | head -5
    failures=$((failures + 1))
    continue
  fi
  krows=$(($(wc -l <"$work/out/$name.kgraph.csv") - 1))
  vrows=$(($(wc -l <"$work/out/$name.virtuoso.csv") - 1))
  # The column a query ranks by before a LIMIT cuts it: ties at the cut are the store's
  # choice.
  key=""
  if grep -q 'LIMIT' "$query"; then
    key=$(grep -o 'ORDER BY DESC(?[A-Za-z]*)' "$query" | tail -1 | sed 's/.*(?\(.*\))/\1/' || true)
  fi
  status=0
  report=$(compare "$work/out/$name.kgraph.csv" "$work/out/$name.virtuoso.csv" "$key") || status=$?
  if [ "$status" -eq 0 ]; then
    printf '%-28s %8s %8s  %s\n' "$name" "$krows" "$vrows" OK
  elif [ "$status" -eq 3 ]; then
    printf '%-28s %8s %8s  %s\n' "$name" "$krows" "$vrows" "OK (ties at the cut)"
    echo "$report"
  else
    printf '%-28s %8s %8s  %s\n' "$name" "$krows" "$vrows" DIFF
    echo "$report"
    failures=$((failures + 1))
  fi
done

# --- kgraph push over the Graph Store Protocol (Virtuoso asks for a Digest login).
count() { # GRAPH-PATTERN -> number of matching triples
  virtuoso_csv "SELECT (COUNT(*) AS ?n) { $1 }" | sed -n 2p
}
check() { # NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    printf '%-28s %8s %8s  %s\n' "$1" "$2" "$3" OK
  else
    printf '%-28s %8s %8s  %s\n' "$1" "$2" "$3" DIFF
    failures=$((failures + 1))
  fi
}
crud="http://127.0.0.1:$http_port/sparql-graph-crud-auth"
quads=$(cat "$work/data/"*.nq | wc -l)
triples=$("$kgraph" export --store "$work/store" --format ntriples | wc -l)
kg_graphs="GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"$base\"))"
"$kgraph" push --store "$work/store" --endpoint "$crud" --user dba --password dba 2>"$work/push.log" ||
  { cat "$work/push.log" >&2; failures=$((failures + 1)); }
check "push (graph per graph)" "$quads" "$(count "$kg_graphs")"
"$kgraph" push --store "$work/store" --endpoint "$crud" --user dba --password dba \
  --graph "urn:kgraph:pushed" 2>"$work/push.log" ||
  { cat "$work/push.log" >&2; failures=$((failures + 1)); }
check "push --graph" "$triples" "$(count 'GRAPH <urn:kgraph:pushed> { ?s ?p ?o }')"
if "$kgraph" push --store "$work/store" --endpoint "$crud" --user dba --password wrong \
  --graph "urn:kgraph:refused" 2>"$work/push.log"; then
  check "push, wrong password" refused accepted
elif grep -q 'login' "$work/push.log"; then
  check "push, wrong password" refused refused
else
  check "push, wrong password" refused "$(cat "$work/push.log")"
fi

if [ "$failures" -gt 0 ]; then
  echo "virtuoso-parity: $failures difference(s)"
  exit 1
fi
echo "virtuoso-parity: kgraph and Virtuoso agree"

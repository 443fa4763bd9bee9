#!/usr/bin/env bash
# The README's screenshots of the explorer: builds the seeds store in a temporary folder,
# serves it on a free loopback port, and has headless Chromium photograph the search page
# and Nayib Bukele's entity page into docs/. Needs a release build of kgraph and Debian's
# chromium (apt-get install -y chromium); KGRAPH and CHROMIUM override the programs.
set -euo pipefail
cd "$(dirname "$0")/.."

kgraph=${KGRAPH:-${CARGO_TARGET_DIR:-target}/release/kgraph}
chromium=${CHROMIUM:-chromium}
[ -x "$kgraph" ] || cargo build --release
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cp -r seeds "$work/seeds"
(cd "$work" && "$kgraph" build seeds >/dev/null)
"$kgraph" serve --store "$work/.kgraph" --bind 127.0.0.1:0 >"$work/serve.out" &
server=$!
for _ in $(seq 50); do
  grep -q "/sparql," "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
url=$(grep -o "http://[0-9.:]*/sparql," "$work/serve.out" | head -1)
url=${url%/sparql,}

shoot() { # PATH FILE HEIGHT
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile" --window-size="1200,$3" \
    --screenshot="docs/$2" "$url$1" 2>/dev/null
  echo "docs/$2: $url$1"
}
shoot "/search?q=salvador" explorer-search.png 420
shoot "/entity/person/nayib-bukele" explorer-entity.png 1400

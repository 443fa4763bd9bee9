#!/usr/bin/env bash
# Fetches the built YASGUI editor (@zazuko/yasgui, MIT) from the npm registry into
# vendor/yasgui/, checking the tarball against the registry's published integrity.
# `kgraph serve` embeds vendor/yasgui/yasgui.min.{js,css} in the binary (the /query page),
# so the page works offline. To update: change VERSION and INTEGRITY (`npm view
# @zazuko/yasgui@X dist.integrity`), run this, rebuild, and look at /query.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.6.2
INTEGRITY="sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw=="

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zazuko/yasgui@$VERSION" >/dev/null)
tarball="$work/zazuko-yasgui-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "integrity mismatch: expected $INTEGRITY, got $actual" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
mkdir -p vendor/yasgui
cp "$work/package/build/yasgui.min.js" "$work/package/build/yasgui.min.css" \
   "$work/package/package.json" vendor/yasgui/
ls -l vendor/yasgui

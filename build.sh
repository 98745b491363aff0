#!/usr/bin/env bash
# Builds the playground into dist/ (or $1): the two wasm engines
# (trimmed; cmd/wasm/engine.go), the matching wasm_exec.js, the pages, the
# tutorials, and pre-compressed .gz/.br variants (brotli when the brotli
# command exists), and the posters: each view's opening picture
# (cmd/posters, web/poster.js).
# SMMUPLAY_COMPRESS=gz skips brotli (its best level takes ~20 s on 13 MB);
# SMMUPLAY_COMPRESS=none skips both (the browser tests use the raw files).
set -euo pipefail
cd "$(dirname "$0")"
out="${1:-dist}"
compress="${SMMUPLAY_COMPRESS:-all}"
mkdir -p "$out"
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/smmuplay.wasm" ./cmd/wasm
# The lab's engine: the same package with the lab and goldmark (lab.html, compare.html).
GOOS=js GOARCH=wasm go build -tags lab -trimpath -ldflags='-s -w' -o "$out/smmulab.wasm" ./cmd/wasm
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/"
cp web/*.html web/*.js web/*.css "$out/"
if [ -d cmd/tutorials ]; then
  go run ./cmd/tutorials -out "$out/tutorials"
fi
# The opening picture of every view, shown until the stage is live.
go run ./cmd/posters -o "$out"
# Stale variants would be served instead of the new files: drop them first.
find "$out" -name '*.gz' -delete -o -name '*.br' -delete
[ "$compress" = none ] && exit 0
for f in "$out/smmuplay.wasm" "$out/smmulab.wasm" "$out/wasm_exec.js"; do
  gzip -9 -k -f "$f"
  if [ "$compress" = all ] && command -v brotli >/dev/null 2>&1; then brotli -f -k "$f"; fi
  for v in "$f.gz" "$f.br"; do if [ -f "$v" ]; then touch -r "$f" "$v"; fi; done  # the exact source time: not stale
done

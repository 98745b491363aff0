#!/usr/bin/env bash
# Builds the playground into dist/ (or $1): the wasm (trimmed), the
# matching wasm_exec.js, the pages, and pre-compressed .gz/.br variants.
set -euo pipefail
cd "$(dirname "$0")"
out="${1:-dist}"
mkdir -p "$out"
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/smmuplay.wasm" ./cmd/wasm
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/"
cp web/*.html "$out/"
for f in "$out/smmuplay.wasm" "$out/wasm_exec.js"; do
  gzip -9 -k -f "$f"
  if command -v brotli >/dev/null 2>&1; then brotli -f -k "$f"; fi
done
ls -l "$out"

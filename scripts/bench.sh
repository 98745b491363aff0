#!/usr/bin/env bash
# Speed and size measurements (never asserted in timed tests):
#   simulated events/s and allocations per event (native and wasm in node),
#   the wasm/native time ratio for the 256-endpoint, 1,000-unmap run,
#   memory of a ~10^6-event run, and seek latency; then the page in
#   headless Chromium (cmd/webbench): both wasm engines' sizes
#   raw/gzip/brotli, navigation to first frame, fps with 8 and 64 endpoints
#   against an empty Ebiten page.
set -euo pipefail
cd "$(dirname "$0")/.."
exec_wasm="$(go env GOROOT)/lib/wasm/go_js_wasm_exec"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== native"
go test -run '^$' -bench 'Healthy64|Healthy256|Series256|Seek' -benchtime 3x ./sim/ | tee "$tmp/native"
go test -run '^$' -bench 'MillionEvents' -benchtime 1x ./sim/ | grep Benchmark
go test -run '^$' -bench 'Build256' -benchmem ./render/scene/ | grep Benchmark
echo "== native vs wasm (node), side by side, 5 rounds each, medians"
# One warm-up round: node caches the optimized (TurboFan) code of the test
# binary; the first run after a build measures V8's compiler, not the sim.
GOOS=js GOARCH=wasm go test -exec="$exec_wasm" -run '^$' -bench 'Healthy256$' -benchtime 1x ./sim/ >/dev/null
for round in 1 2 3 4 5; do
  go test -run '^$' -bench 'Healthy256$' -benchtime 2x ./sim/ | awk '/BenchmarkHealthy256/ {print $3}' >> "$tmp/n"
  GOOS=js GOARCH=wasm go test -exec="$exec_wasm" -run '^$' -bench 'Healthy256$' -benchtime 2x ./sim/ | awk '/BenchmarkHealthy256/ {print $3}' >> "$tmp/w"
done
n=$(sort -n "$tmp/n" | sed -n 3p)
w=$(sort -n "$tmp/w" | sed -n 3p)
awk -v n="$n" -v w="$w" 'BEGIN {
  printf "256 endpoints x 1000 unmaps: native %.3f s, wasm %.3f s, wasm/native %.2fx (budget: native <= 1 s, ratio <= 2.5x)\n", n/1e9, w/1e9, w/n }'

echo "== the page in headless Chromium (wasm size, first frame, fps vs an empty Ebiten page)"
bash scripts/deps.sh
go run ./cmd/webbench -runs 5 -seconds 5 || echo "(webbench: a budget was missed, see above)"

#!/usr/bin/env bash
# The project's whole test suite: formatting, vet (native, wasm, and wasm
# with the lab engine's tag), staticcheck, native tests (Ebiten ones under
# Xvfb), and the sim tests again under GOOS=js GOARCH=wasm in node.
# README's test command runs this file; it installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh

fail=0
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; fail=1
fi

go vet ./...
GOOS=js GOARCH=wasm go vet ./...
GOOS=js GOARCH=wasm go vet -tags lab ./...  # the lab engine (cmd/wasm/engine.go)

if ! command -v staticcheck >/dev/null 2>&1 && [ ! -x .bin/staticcheck ]; then
  GOBIN="$PWD/.bin" go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi
sc=$(command -v staticcheck || echo .bin/staticcheck)
printf 'native: GOOS=linux GOARCH=amd64\nwasm: GOOS=js GOARCH=wasm\nlab: GOOS=js GOARCH=wasm -tags=lab\n' | "$sc" -matrix ./...

# Any test binary that links Ebiten needs a display.
xvfb-run -a go test -count=1 ./...

# The same sim tests in node's wasm runtime: byte-identical golden logs
# prove the run is the same on both targets.
exec_wasm="$(go env GOROOT)/lib/wasm/go_js_wasm_exec"
GOOS=js GOARCH=wasm go test -count=1 -exec="$exec_wasm" ./sim/...

exit $fail

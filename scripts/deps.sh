#!/usr/bin/env bash
# Installs what the tests need and the machine lacks (Debian packages):
# node for the wasm tests, X headers for Ebiten's native build (cgo/GLFW),
# Xvfb to run Ebiten tests without a display, Chromium for the browser
# tests (e2e/), brotli for the pre-compressed wasm. Idempotent; quiet when
# all is there.
set -euo pipefail
pkgs=(libgl1-mesa-dev libgl1-mesa-dri libxcursor-dev libxi-dev libxinerama-dev libxrandr-dev libxxf86vm-dev pkg-config xvfb xauth chromium brotli)
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

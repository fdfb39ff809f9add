#!/usr/bin/env bash
# Builds lanemerge with its tests and runs them all with CTest.
#   bash tests/run.sh [--sanitize]   (ASan + UBSan build in build-sanitize/)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir="$root/build"
extra=()
if [ "${1:-}" = "--sanitize" ]; then
  build_dir="$root/build-sanitize"
  extra=(-DLANEMERGE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
fi
# The ruff stand-in (ruff's own I001 engine in WebAssembly) for import-order tests.
if [ ! -d "$root/tests/ruff/node_modules" ]; then
  npm ci --prefix "$root/tests/ruff" --no-audit --no-fund --loglevel=error
fi
# lefthook, for the hook-manager tests (no install script: it would hook this repository).
if [ ! -d "$root/tests/lefthook/node_modules" ]; then
  npm ci --prefix "$root/tests/lefthook" --ignore-scripts --no-audit --no-fund --loglevel=error
fi
cmake -S "$root" -B "$build_dir" -DLANEMERGE_TESTS=ON "${extra[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
cd "$build_dir"
ctest --output-on-failure -j"$(nproc)"

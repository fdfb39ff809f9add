#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer on), seeds a corpus from the fixture folders, and
# runs each target for a bounded time.
#   bash tests/fuzz/run.sh [SECONDS_PER_TARGET]   (default 60)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-60}
build="$root/build-fuzz"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DLANEMERGE_FUZZ=ON -DLANEMERGE_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" -j"$(nproc)" --target lanemerge-fuzz_rules lanemerge-fuzz_text_merge > /dev/null

corpus="$build/corpus"
mkdir -p "$corpus"
le16() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $(($1 >> 8)))"; }
for dir in "$root"/tests/fixtures/*/*/; do
  [ -f "$dir/base" ] || continue
  b=$(stat -c %s "$dir/base"); o=$(stat -c %s "$dir/ours")
  [ "$b" -lt 65536 ] && [ "$o" -lt 65536 ] || continue
  { le16 "$b"; le16 "$o"; cat "$dir/base" "$dir/ours" "$dir/theirs"; } > "$corpus/$(basename "$(dirname "$dir")")-$(basename "$dir")"
done

status=0
for target in fuzz_rules fuzz_text_merge; do
  mkdir -p "$build/findings/$target" "$build/corpus-$target"
  echo "== $target: ${seconds}s"
  if ! "$build/bin/lanemerge-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$build/findings/$target/" "$build/corpus-$target" "$corpus" 2> "$build/$target.log"; then
    status=1
    echo "FINDING: see $build/findings/$target and $build/$target.log"
  fi
  grep -E "^#[0-9]+.*(DONE|pulse)" "$build/$target.log" | tail -n 1 || true
done
exit $status

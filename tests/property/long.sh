#!/usr/bin/env bash
# The long mode of the generated-input tests: many more cases per driver,
# from a chosen first seed.
#   bash tests/property/long.sh [CASES_PER_DRIVER] [FIRST_SEED]   (default 1000000, 1)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cmake -S "$root" -B "$root/build" > /dev/null
cmake --build "$root/build" -j"$(nproc)" --target lanemerge-property-tests > /dev/null
LANEMERGE_PROPERTY_CASES=${1:-1000000} LANEMERGE_PROPERTY_FIRST_SEED=${2:-1} \
  "$root/build/bin/lanemerge-property-tests"

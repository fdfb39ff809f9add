#!/usr/bin/env bash
# Installs the Debian packages lanemerge needs (only those missing), builds
# it with CMake, and installs the executables (default prefix /usr/local).
#
#   bash install/setup.sh [--prefix DIR] [--build-dir DIR] [--deps-only]
#                         [--no-install] [--demo]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=/usr/local
build_dir="$root/build"
deps_only=0
do_install=1
demo=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --build-dir=*) build_dir=${1#*=}; shift ;;
    --deps-only) deps_only=1; shift ;;
    --no-install) do_install=0; shift ;;
    --demo) demo=1; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "setup: unknown option $1" >&2; exit 2 ;;
  esac
done

packages=(g++ cmake make pkg-config git ca-certificates
          libgit2-dev libtomlplusplus-dev libtree-sitter-dev nlohmann-json3-dev catch2
          pre-commit)  # pre-commit: the hook-manager tests run Debian's 3.0.4
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm fetches the pinned tree-sitter-python grammar at configure time.
if ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "setup: need root to install: ${missing[*]}" >&2; exit 2
  fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
[ "$deps_only" -eq 1 ] && exit 0

cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build_dir" -j"$(nproc)"
if [ "$do_install" -eq 1 ]; then
  cmake --install "$build_dir" --prefix "$prefix"
  echo "setup: installed lanemerge to $prefix/bin"
fi
if [ "$demo" -eq 1 ]; then
  if [ "$do_install" -eq 1 ]; then bin="$prefix/bin"; else bin="$build_dir/bin"; fi
  bash "$root/install/demo.sh" --bin-dir "$bin"
fi

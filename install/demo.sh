#!/usr/bin/env bash
# The main job, shown in a throw-away repository: two branches each append a
# different dependency to the same place in pyproject.toml; with the driver
# installed, `git merge` commits with no conflict.
#
#   bash install/demo.sh [--bin-dir DIR]   (default: lanemerge from PATH)
set -euo pipefail

bin=""
if [ "${1:-}" = "--bin-dir" ]; then bin=$(cd "$2" && pwd); fi
if [ -n "$bin" ]; then lanemerge="$bin/lanemerge"; else lanemerge=$(command -v lanemerge); fi

repo=$(mktemp -d /tmp/lanemerge-demo.XXXXXX)
cd "$repo"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git init -q -b main .
git config user.name "Demo"
git config user.email "demo@example.invalid"

cat > pyproject.toml <<'TOML'
[project]
name = "demo"
version = "0.1.0"
dependencies = [
    "httpx>=0.27",
    "ruamel-yaml",
]
TOML
git add pyproject.toml && git commit -q -m "base"

git checkout -q -b lane-a
sed -i 's/    "ruamel-yaml",/    "ruamel-yaml",\n    "freezegun",/' pyproject.toml
git commit -q -am "lane-a: add freezegun"

git checkout -q main
sed -i 's/    "ruamel-yaml",/    "ruamel-yaml",\n    "requests-mock",/' pyproject.toml
git commit -q -am "main: add requests-mock"

echo "== demo repository: $repo"
echo "== lanemerge install"
"$lanemerge" install
git add .gitattributes && git commit -q -m "use lanemerge drivers"

echo "== git merge lane-a   (both branches appended to the same place)"
git merge --no-edit lane-a
echo
echo "== merge committed: $(git log -1 --format='%h %s')"
if [ -n "$(git diff --name-only --diff-filter=U)" ]; then echo "demo: conflicts left" >&2; exit 1; fi
echo "== pyproject.toml after the merge"
cat pyproject.toml
echo "== lanemerge log"
"$lanemerge" log

#!/usr/bin/env bash
# The main job, shown in a throw-away repository: two branches each append a
# different dependency to pyproject.toml (and re-lock uv.lock), an import to a
# package __init__.py and a route (with its view's import) to urls.py, all at
# the same places; with the drivers and hooks installed, `git merge` commits
# with no conflict and the merge commit carries a regenerated uv.lock.
# uv is used when it is on PATH; otherwise the test stand-in tests/uv/uv,
# which writes a small deterministic lock, plays it.
#
#   bash install/demo.sh [--bin-dir DIR]   (default: lanemerge from PATH)
set -euo pipefail

bin=""
if [ "${1:-}" = "--bin-dir" ]; then bin=$(cd "$2" && pwd); fi
if [ -n "$bin" ]; then lanemerge="$bin/lanemerge"; else lanemerge=$(command -v lanemerge); fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! command -v uv > /dev/null 2>&1; then
  export PATH="$root/tests/uv:$PATH"
  echo "== uv is not installed: the demo uses the stand-in tests/uv/uv"
fi
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
mkdir -p demo/web
cat > demo/__init__.py <<'PY'
"""The demo package."""
from .core import Engine
from .flags import FeatureFlags
PY
cat > demo/web/urls.py <<'PY'
from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
]
PY
uv lock
git add . && git commit -q -m "base"

git checkout -q -b lane-a
sed -i 's/    "ruamel-yaml",/    "ruamel-yaml",\n    "freezegun",/' pyproject.toml
uv lock
echo 'from .sync import SyncClient' >> demo/__init__.py
sed -i 's/^from . import views$/from . import views\nfrom .reports import report_view/; s/^    path("", views.index, name="index"),$/&\n    path("reports\/", report_view, name="reports"),/' demo/web/urls.py
git commit -q -am "lane-a: freezegun, SyncClient, reports page"

git checkout -q main
sed -i 's/    "ruamel-yaml",/    "ruamel-yaml",\n    "requests-mock",/' pyproject.toml
uv lock
echo 'from .auth import AuthFlow' >> demo/__init__.py
sed -i 's/^from . import views$/from . import views\nfrom .billing import billing_view/; s/^    path("", views.index, name="index"),$/&\n    path("billing\/", billing_view, name="billing"),/' demo/web/urls.py
git commit -q -am "main: requests-mock, AuthFlow, billing page"

echo "== demo repository: $repo"
echo "== lanemerge install"
"$lanemerge" install
git add .gitattributes && git commit -q -m "use lanemerge drivers"

echo "== git merge lane-a   (both branches added at the same places in three files, and re-locked)"
git merge --no-edit lane-a
echo
echo "== merge committed: $(git log -1 --format='%h %s')"
git log -1 --format=%B | sed 's/^/   | /'
if [ -n "$(git status --porcelain)" ]; then echo "demo: work tree not clean" >&2; exit 1; fi
if [ -n "$(git diff --name-only --diff-filter=U)" ]; then echo "demo: conflicts left" >&2; exit 1; fi
for f in pyproject.toml uv.lock demo/__init__.py demo/web/urls.py; do
  echo "== $f in the merge commit"
  git show "HEAD:$f"
done
echo "== lanemerge log"
"$lanemerge" log

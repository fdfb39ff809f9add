#!/usr/bin/env bash
# Checks the ruff stand-in (tests/ruff/ruff) against exact expected outputs.
#   npm ci --prefix tests/ruff && bash tests/ruff/selftest.sh
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ruff="$here/ruff"
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; shift; printf '     %s\n' "$@"; }

# fix NAME CWD FILENAME INPUT EXPECTED: runs the exact driver invocation.
fix() {
  local name=$1 dir=$2 file=$3 input=$4 expected=$5 out rc
  out=$(cd "$dir" && printf '%s' "$input" |
    "$ruff" check --select I001 --fix-only --stdin-filename "$file" - 2>"$work/stderr"; echo "rc=$?")
  rc=${out##*rc=}
  out=${out%rc=*}
  if [ "$rc" = 0 ] && [ "$out" = "$expected" ]; then
    ok "$name"
  else
    ko "$name" "exit $rc" "expected: $(printf '%q' "$expected")" "got:      $(printf '%q' "$out")" \
      "stderr:   $(cat "$work/stderr")"
  fi
}

# refuse NAME ARGS...: the stand-in must exit 2 with a message on stderr.
refuse() {
  local name=$1 rc
  shift
  printf 'import os\n' | "$ruff" "$@" >"$work/stdout" 2>"$work/stderr"
  rc=$?
  if [ "$rc" = 2 ] && [ ! -s "$work/stdout" ] && [ -s "$work/stderr" ]; then
    ok "$name"
  else
    ko "$name" "exit $rc (want 2)" "stdout: $(cat "$work/stdout")" "stderr: $(cat "$work/stderr")"
  fi
}

# A small project: cwd is its top; no configuration file.
proj="$work/proj"
mkdir -p "$proj/myapp/views" "$proj/src/mylib" "$proj/json" "$proj/docs"
touch "$proj/myapp/__init__.py" "$proj/myapp/views/__init__.py" "$proj/src/mylib/__init__.py"
printf 'x = 1\n' >"$proj/helpers.py"

# --- sorting of plain import blocks -----------------------------------------
fix "relative imports sorted" "$proj" myapp/__init__.py \
  $'from .sync import SyncClient\nfrom .auth import AuthFlow\n' \
  $'from .auth import AuthFlow\nfrom .sync import SyncClient\n'

fix "parenthesised names joined and sorted" "$proj" myapp/__init__.py \
  $'from .x import (B, A)\n' \
  $'from .x import A, B\n'

fix "already sorted input unchanged" "$proj" myapp/__init__.py \
  $'"""Doc."""\n\nimport os\n\nfrom .a import b\n\n__all__ = ["b"]\n' \
  $'"""Doc."""\n\nimport os\n\nfrom .a import b\n\n__all__ = ["b"]\n'

fix "code after imports gets two blank lines" "$proj" myapp/urls.py \
  $'from .b import y\nfrom .a import x\nurlpatterns = []\n' \
  $'from .a import x\nfrom .b import y\n\nurlpatterns = []\n'

fix "missing final newline" "$proj" myapp/__init__.py \
  $'import sys\nimport os' \
  $'import os\nimport sys\n'

fix "CRLF line endings kept" "$proj" myapp/__init__.py \
  $'from .b import y\r\nfrom .a import x\r\n' \
  $'from .a import x\r\nfrom .b import y\r\n'

fix "noqa comment respected" "$proj" myapp/__init__.py \
  $'from .b import y  # noqa: I001\nfrom .a import x\n' \
  $'from .b import y  # noqa: I001\nfrom .a import x\n'

fix "two import blocks fixed in one run" "$proj" myapp/__init__.py \
  $'import sys\nimport os\n\nx = 1\n\nfrom .b import y\nfrom .a import z\n' \
  $'import os\nimport sys\n\nx = 1\n\nfrom .a import z\nfrom .b import y\n'

# --- sections and first-party detection --------------------------------------
fix "stdlib, third-party, first-party (package dir), local" "$proj" myapp/urls.py \
  $'from . import views\nimport myapp.views\nfrom django.urls import path\nimport os\n' \
  $'import os\n\nfrom django.urls import path\n\nimport myapp.views\n\nfrom . import views\n'

fix "absolute --stdin-filename, cwd elsewhere: own package still first-party" "$work" "$proj/myapp/urls.py" \
  $'import myapp\nimport attr\nimport os\n' \
  $'import os\n\nimport attr\n\nimport myapp\n'

fix "src/ layout module is first-party" "$proj" myapp/__init__.py \
  $'import mylib\nimport requests\n' \
  $'import requests\n\nimport mylib\n'

fix "top-level module file is first-party" "$proj" myapp/__init__.py \
  $'import helpers\nimport attr\n' \
  $'import attr\n\nimport helpers\n'

fix "any directory counts, as in ruff (docs/)" "$proj" myapp/__init__.py \
  $'import docs\nimport attr\n' \
  $'import attr\n\nimport docs\n'

fix "stdlib name stays stdlib despite a json/ directory" "$proj" myapp/__init__.py \
  $'import requests\nimport json\n' \
  $'import json\n\nimport requests\n'

fix "unknown module is third-party" "$proj" myapp/__init__.py \
  $'import zzz_not_here\nimport os\n' \
  $'import os\n\nimport zzz_not_here\n'

mkdir -p "$proj/deep/pkgroot/sub"
touch "$proj/deep/pkgroot/__init__.py" "$proj/deep/pkgroot/sub/__init__.py"
fix "own package is first-party outside src (same package)" "$proj" deep/pkgroot/sub/mod.py \
  $'import pkgroot.other\nimport attr\n' \
  $'import attr\n\nimport pkgroot.other\n'

# --- configuration -----------------------------------------------------------
cfg="$work/cfg"
mkdir -p "$cfg/svc/app" "$cfg/svc/corelib"
touch "$cfg/svc/app/__init__.py"
cat >"$cfg/svc/pyproject.toml" <<'EOF'
[project]
name = "svc"
requires-python = ">=3.11"

[tool.ruff]
line-length = 40

[tool.ruff.lint.isort]
known-first-party = ["extpkg"]
force-single-line = true
EOF
fix "pyproject.toml: root, known-first-party, force-single-line" "$cfg" svc/app/__init__.py \
  $'from extpkg import b, a\nimport corelib\nimport attr\n' \
  $'import attr\n\nimport corelib\nfrom extpkg import a\nfrom extpkg import b\n'

fix "pyproject.toml: requires-python makes tomllib stdlib" "$cfg" svc/app/__init__.py \
  $'import attr\nimport tomllib\n' \
  $'import tomllib\n\nimport attr\n'

fix "default target py310: tomllib is third-party" "$proj" myapp/__init__.py \
  $'import attr\nimport tomllib\n' \
  $'import attr\nimport tomllib\n'

mkdir -p "$cfg/legacy/pkg"
cat >"$cfg/legacy/pyproject.toml" <<'EOF'
[tool.ruff.isort]
combine-as-imports = true
EOF
fix "[tool.ruff.isort] combine-as-imports" "$cfg" legacy/pkg/mod.py \
  $'from os import path as p, sep\n' \
  $'from os import path as p, sep\n'
mkdir -p "$cfg/narrow"
printf '[tool.ruff]\nline-length = 40\n' >"$cfg/narrow/pyproject.toml"
fix "line-length from [tool.ruff] wraps imports" "$cfg" narrow/mod.py \
  $'from .module_name import alpha, beta, gamma\n' \
  $'from .module_name import (\n    alpha,\n    beta,\n    gamma,\n)\n'

mkdir -p "$cfg/plain/sub/inner"
printf '[project]\nname = "plain"\n' >"$cfg/plain/sub/pyproject.toml"
fix "pyproject.toml without [tool.ruff] is not a project root" "$cfg/plain" sub/mod.py \
  $'import inner\nimport attr\n' \
  $'import attr\nimport inner\n'

mkdir -p "$cfg/rt/inner"
printf 'line-length = 100\n' >"$cfg/rt/ruff.toml"
fix "ruff.toml marks the project root" "$cfg" rt/mod.py \
  $'import inner\nimport attr\n' \
  $'import attr\n\nimport inner\n'

# --- invalid input -----------------------------------------------------------
fix "syntax error: input echoed unchanged" "$proj" myapp/__init__.py \
  $'import sys\nimport os\ndef (:\n' \
  $'import sys\nimport os\ndef (:\n'

printf 'import os\n\xff\n' | (cd "$proj" && "$ruff" check --select I001 --fix-only \
  --stdin-filename a.py - >/dev/null 2>&1)
rc=$?
if [ "$rc" = 2 ]; then ok "invalid UTF-8 exits 2"; else ko "invalid UTF-8 exits 2" "exit $rc"; fi

# --- argument vector ---------------------------------------------------------
refuse "no arguments"
refuse "--fix instead of --fix-only" check --select I001 --fix --stdin-filename a.py -
refuse "options in another order" check --fix-only --select I001 --stdin-filename a.py -
refuse "other rule selected" check --select I --fix-only --stdin-filename a.py -
refuse "missing trailing -" check --select I001 --fix-only --stdin-filename a.py
refuse "extra argument" check --select I001 --fix-only --stdin-filename a.py - --quiet
refuse "empty file name" check --select I001 --fix-only --stdin-filename '' -
refuse "format subcommand" format --stdin-filename a.py -

want="ruff $(node -p 'require(process.argv[1]).version' \
  "$here/node_modules/@astral-sh/ruff-wasm-nodejs/package.json") (wasm stand-in)"
got=$("$ruff" --version)
if [ "$got" = "$want" ]; then ok "--version"; else ko "--version" "want: $want" "got:  $got"; fi

# --- invocation log ----------------------------------------------------------
log="$work/ruff.log"
(cd "$proj" && printf 'import os\n' | LANEMERGE_TEST_RUFF_LOG="$log" "$ruff" check --select I001 \
  --fix-only --stdin-filename 'dir/a b.py' - >/dev/null)
want=$(node -e 'console.log(JSON.stringify({argv: ["check", "--select", "I001", "--fix-only",
  "--stdin-filename", "dir/a b.py", "-"], cwd: process.argv[1]}))' "$(cd "$proj" && pwd -P)")
if [ "$(cat "$log")" = "$want" ]; then ok "LANEMERGE_TEST_RUFF_LOG line"; else
  ko "LANEMERGE_TEST_RUFF_LOG line" "want: $want" "got:  $(cat "$log")"; fi

printf '%s passed, %s failed\n' "$pass" "$fail"
[ "$fail" = 0 ]

#!/usr/bin/env bash
# Runs one fixture case through a merge driver the way git calls it, and
# checks the outcome. Serves every driver: lanemerge-pyproject,
# lanemerge-pyinit and lanemerge-urls (the driver is told by the binary's name).
#
#   bash tests/fixture_case.sh <driver-binary> <case-dir>
#
# A case folder holds `base`, `ours`, `theirs`, `meta` and, when the expected
# exit code is 0, `expected`. `meta` has `key=value` lines (blank lines and
# lines starting with `#` are ignored):
#
#   exit=0|1                    required: the driver's exit code
#   resolution=clean|auto|manual  required: the journal's resolution
#   rule=<id>                   required: the journal's rule
#   policy=additive|keyed       optional: git config lanemerge.policy
#   style=merge|diff3|zdiff3    optional: git config merge.conflictStyle
#   reason=<text>               optional: must appear in the stderr line (exit 1)
#   warning=<text>              optional: must appear on stderr (exit 0); without
#                               it, an exit-0 run must print nothing on stderr
#   description=<one line>      optional: what the case is about
#   path=<path>                 optional: the real path (%P), also used in the
#                               reference `git merge`, the stderr prefix and the
#                               journal; default by driver: pyproject.toml,
#                               pkg/__init__.py (lanemerge-pyinit), app/urls.py
#                               (lanemerge-urls)
#   rules=<id>[,<id>...]        optional: the journal's `rules` list holds
#                               exactly these (in any order)
#   ruff=absent|standin|fail|garbage|log
#                               optional, default absent: what `ruff` on the
#                               driver's PATH is. absent: none. standin: the
#                               test stand-in ($LANEMERGE_RUFF_STANDIN, default
#                               tests/ruff/ruff; needs `npm ci --prefix
#                               tests/ruff`). fail: a ruff that exits 2 with a
#                               message. garbage: a ruff that exits 0 and
#                               prints text that is not Python. log: the
#                               stand-in, and every call of it must be exactly
#                               `ruff check --select I001 --fix-only
#                               --stdin-filename <path> -` run from the
#                               repository's top (one call when the journal
#                               says ruff ran or failed, none otherwise).
#   ruff_mode=auto|required|never  optional: git config lanemerge.ruff
#   journal_ruff=ran|absent|disabled|failed
#                               optional: the journal's `ruff` field
#
# Exit 0: %A must be byte-identical to `expected`.
# Exit 1: %A must be byte-identical to what a real `git merge` without the
# driver leaves in the worktree for the same three versions (marker labels
# stripped on both sides), and stderr must be exactly one line
# `lanemerge: <path>: manual: …` holding the reason.
# An empty `base` stands for "no such file in the base": both sides added it.
#
# The driver runs with a PATH of one private directory, so that only the
# `ruff` the case asks for can be found (the stand-in also gets `node` there).
#
# Needs only bash, git, coreutils, sed and diff (and node for the ruff
# stand-in). Set LANEMERGE_KEEP_FIXTURE=1 to keep the temporary directory for
# inspection.

set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 <driver-binary> <case-dir>" >&2
  exit 2
fi

driver=$1
case_dir=${2%/}
case_name=$(basename -- "$case_dir")

broken() {
  echo "ERROR $case_name: $*" >&2
  exit 2
}

case "$driver" in
  /*) ;;
  *) driver="$PWD/$driver" ;;
esac
case "$case_dir" in
  /*) ;;
  *) case_dir="$PWD/$case_dir" ;;
esac
[ -x "$driver" ] || broken "driver '$driver' is not an executable file"
[ -d "$case_dir" ] || broken "no case folder '$case_dir'"
for f in base ours theirs meta; do
  [ -f "$case_dir/$f" ] || broken "missing file '$f'"
done

# --- meta -------------------------------------------------------------------
want_exit= want_resolution= want_rule= policy= style=merge reason= warning= description=
path= want_rules= ruff=absent ruff_mode= journal_ruff=
while IFS= read -r line || [ -n "$line" ]; do
  line=${line%$'\r'}
  case "$line" in '' | '#'*) continue ;; esac
  case "$line" in *=*) ;; *) broken "meta: not a key=value line: $line" ;; esac
  key=${line%%=*}
  value=${line#*=}
  case "$key" in
    exit) want_exit=$value ;;
    resolution) want_resolution=$value ;;
    rule) want_rule=$value ;;
    policy) policy=$value ;;
    style) style=$value ;;
    reason) reason=$value ;;
    warning) warning=$value ;;
    description) description=$value ;;
    path) path=$value ;;
    rules) want_rules=$value ;;
    ruff) ruff=$value ;;
    ruff_mode) ruff_mode=$value ;;
    journal_ruff) journal_ruff=$value ;;
    *) broken "meta: unknown key '$key'" ;;
  esac
done <"$case_dir/meta"

case "$want_exit" in 0 | 1) ;; *) broken "meta: exit must be 0 or 1 (got '$want_exit')" ;; esac
case "$want_resolution" in clean | auto | manual) ;; *) broken "meta: resolution must be clean, auto or manual (got '$want_resolution')" ;; esac
[ -n "$want_rule" ] || broken "meta: rule is required"
case "$policy" in "" | additive | keyed) ;; *) broken "meta: policy must be additive or keyed (got '$policy')" ;; esac
case "$style" in merge | diff3 | zdiff3) ;; *) broken "meta: style must be merge, diff3 or zdiff3 (got '$style')" ;; esac
case "$ruff" in absent | standin | fail | garbage | log) ;; *) broken "meta: ruff must be absent, standin, fail, garbage or log (got '$ruff')" ;; esac
case "$ruff_mode" in "" | auto | required | never) ;; *) broken "meta: ruff_mode must be auto, required or never (got '$ruff_mode')" ;; esac
case "$journal_ruff" in "" | ran | absent | disabled | failed) ;; *) broken "meta: journal_ruff must be ran, absent, disabled or failed (got '$journal_ruff')" ;; esac
if [ -z "$path" ]; then
  case "$(basename -- "$driver")" in
    lanemerge-pyproject) path=pyproject.toml ;;
    lanemerge-pyinit) path=pkg/__init__.py ;;
    lanemerge-urls) path=app/urls.py ;;
    *) broken "no default path for driver '$(basename -- "$driver")': set path= in meta" ;;
  esac
fi
case "$path" in
  /* | *'"'* | *'\\'* | '' | */ | *..*) broken "meta: path must be a plain relative file path (got '$path')" ;;
esac
if [ "$want_exit" = 0 ]; then
  [ -f "$case_dir/expected" ] || broken "exit=0 needs an 'expected' file"
  [ -z "$reason" ] || broken "meta: reason is for exit=1 cases"
else
  [ ! -e "$case_dir/expected" ] || broken "exit=1 cases take git's own conflict text; remove 'expected'"
  [ -z "$warning" ] || broken "meta: warning is for exit=0 cases"
fi

# --- a clean environment ------------------------------------------------------
tmp_root=${TMPDIR:-/tmp}
work=$(mktemp -d "$tmp_root/lanemerge fixture.XXXXXX") || broken "cannot create a temporary directory"
if [ -n "${LANEMERGE_KEEP_FIXTURE:-}" ]; then
  echo "keeping $work" >&2
else
  trap 'rm -rf -- "$work"' EXIT
fi

# Nothing from the caller's git or the host's configuration may leak in.
while IFS= read -r name; do
  unset "$name"
done < <(env | sed -n 's/^\(GIT[A-Z0-9_]*\)=.*/\1/p')
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
mkdir -p "$HOME"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Fixture Runner" GIT_AUTHOR_EMAIL="fixtures@example.invalid"
export GIT_COMMITTER_NAME="Fixture Runner" GIT_COMMITTER_EMAIL="fixtures@example.invalid"
export LC_ALL=C
host_policy=$(env -u GIT_CONFIG_NOSYSTEM git config --system --get lanemerge.policy 2>/dev/null)
host_ruff=$(env -u GIT_CONFIG_NOSYSTEM git config --system --get lanemerge.ruff 2>/dev/null)

# --- the driver's PATH: one private directory ---------------------------------
# Only what the case asks for is in it, so a ruff installed on the host can
# never be found by the driver. (The scripts below use shell built-ins only:
# they run with that PATH.)
bin="$work/bin"
mkdir -p "$bin"
ruff_log="$work/ruff-log.jsonl"
case "$ruff" in
  standin | log)
    standin=${LANEMERGE_RUFF_STANDIN:-$(dirname -- "${BASH_SOURCE[0]}")/ruff/ruff}
    case "$standin" in /*) ;; *) standin="$PWD/$standin" ;; esac
    if [ ! -f "$standin" ]; then
      echo "FAIL $case_name: the ruff stand-in '$standin' does not exist (LANEMERGE_RUFF_STANDIN)" >&2
      exit 1
    fi
    standin_dir=$(dirname -- "$(readlink -f -- "$standin")")
    if [ ! -d "$standin_dir/node_modules/@astral-sh/ruff-wasm-nodejs" ]; then
      echo "FAIL $case_name: the ruff stand-in has no node modules; run \`npm ci --prefix $standin_dir\` once" >&2
      exit 1
    fi
    node_bin=$(command -v node) || {
      echo "FAIL $case_name: the ruff stand-in needs node on PATH" >&2
      exit 1
    }
    ln -s -- "$node_bin" "$bin/node"
    ln -s -- "$standin" "$bin/ruff"
    ;;
  fail)
    printf '%s\n' '#!/bin/sh' 'while read -r line; do :; done' \
      'echo "ruff failed: error: unexpected argument (fixture ruff)" >&2' 'exit 2' >"$bin/ruff"
    chmod +x "$bin/ruff"
    ;;
  garbage)
    printf '%s\n' '#!/bin/sh' 'while read -r line; do :; done' \
      "printf '%s\\n' 'def broken(:' '    return ((' 'import' ']]'" 'exit 0' >"$bin/ruff"
    chmod +x "$bin/ruff"
    ;;
esac
driver_path="$bin"

new_repo() {
  git -c init.defaultBranch=main init -q "$1" || broken "git init failed"
  git -C "$1" config user.name "Fixture Runner"
  git -C "$1" config user.email "fixtures@example.invalid"
  git -C "$1" config commit.gpgsign false
  git -C "$1" config core.autocrlf false
  # Set explicitly, so that a system-wide configuration (which libgit2 reads
  # whatever GIT_CONFIG_NOSYSTEM says) cannot change them. Without a policy in
  # meta the driver's default is what is tested.
  git -C "$1" config merge.conflictStyle "$style"
  if [ -n "$policy" ]; then
    git -C "$1" config lanemerge.policy "$policy"
  elif [ -n "$host_policy" ]; then
    git -C "$1" config lanemerge.policy additive
  fi
  if [ -n "$ruff_mode" ]; then
    git -C "$1" config lanemerge.ruff "$ruff_mode"
  elif [ -n "$host_ruff" ]; then
    git -C "$1" config lanemerge.ruff auto
  fi
}

has_nul() { ! tr -d '\000' <"$1" | cmp -s - "$1"; }

# Replace the label text of marker lines with nothing (a CR that ends the
# line is kept, so line endings are still compared).
strip_labels() {
  local cr=$'\r'
  sed -E "s/^(<{7}|\|{7}|>{7})( [^$cr]*)?($cr?)\$/\1\3/" "$1" >"$2"
}

show_difference() { # expected actual
  if has_nul "$1" || has_nul "$2"; then
    echo "--- binary content; differing bytes (offset, octal expected, octal actual):" >&2
    cmp -l "$1" "$2" 2>&1 | head -n 40 >&2
    return
  fi
  diff -u --label expected --label actual "$1" "$2" >&2
  if diff -q --strip-trailing-cr "$1" "$2" >/dev/null 2>&1; then
    echo "--- the difference is only in CR characters; differing bytes:" >&2
    cmp -l "$1" "$2" 2>&1 | head -n 40 >&2
  fi
}

# --- run the driver as git would ----------------------------------------------
repo="$work/merge repo"
new_repo "$repo"
cp -- "$case_dir/base" "$repo/.merge_file_O"
cp -- "$case_dir/ours" "$repo/.merge_file_A"
cp -- "$case_dir/theirs" "$repo/.merge_file_B"
(
  cd "$repo" || exit 2
  if [ "$ruff" = log ]; then export LANEMERGE_TEST_RUFF_LOG="$ruff_log"; fi
  PATH=$driver_path exec "$driver" .merge_file_O .merge_file_A .merge_file_B 7 "$path" base HEAD theirs
) >"$work/stdout" 2>"$work/stderr"
got_exit=$?

report() {
  echo "== $case_name${description:+: $description}" >&2
  echo "   exit $got_exit (expected $want_exit)" >&2
  if [ -s "$work/stderr" ]; then
    echo "   stderr:" >&2
    sed 's/^/     /' "$work/stderr" >&2
  fi
  if [ -f "$journal" ]; then
    echo "   journal: $(tail -n 1 "$journal")" >&2
  fi
}

git_dir=$(git -C "$repo" rev-parse --absolute-git-dir)
journal="$git_dir/lanemerge/journal.jsonl"
failed=0
problem() {
  if [ "$failed" = 0 ]; then report; fi
  failed=1
  echo "   FAIL: $*" >&2
}

if [ "$got_exit" != "$want_exit" ]; then
  problem "exit code $got_exit, expected $want_exit"
fi
if [ -s "$work/stdout" ]; then
  problem "the driver wrote to stdout: $(head -c 200 "$work/stdout")"
fi

# The driver writes only %A.
cmp -s "$case_dir/base" "$repo/.merge_file_O" || problem "%O was changed"
cmp -s "$case_dir/theirs" "$repo/.merge_file_B" || problem "%B was changed"
leftovers=$(cd "$repo" && ls -A | grep -v -x -e .git -e .merge_file_O -e .merge_file_A -e .merge_file_B)
[ -z "$leftovers" ] || problem "files left in the worktree: $leftovers"

# --- the result ---------------------------------------------------------------
if [ "$want_exit" = 0 ]; then
  if ! cmp -s "$case_dir/expected" "$repo/.merge_file_A"; then
    problem "the result differs from 'expected'"
    show_difference "$case_dir/expected" "$repo/.merge_file_A"
  fi
else
  # What `git merge` leaves without the driver.
  ref="$work/reference repo"
  new_repo "$ref"
  mkdir -p -- "$(dirname -- "$ref/$path")"
  if [ -s "$case_dir/base" ]; then
    cp -- "$case_dir/base" "$ref/$path"
    git -C "$ref" add -- "$path"
  fi
  git -C "$ref" commit -q --allow-empty -m base || broken "reference: base commit failed"
  git -C "$ref" checkout -q -b theirs
  cp -- "$case_dir/theirs" "$ref/$path"
  git -C "$ref" add -- "$path"
  git -C "$ref" commit -q --allow-empty -m theirs || broken "reference: theirs commit failed"
  git -C "$ref" checkout -q main
  cp -- "$case_dir/ours" "$ref/$path"
  git -C "$ref" add -- "$path"
  git -C "$ref" commit -q --allow-empty -m ours || broken "reference: ours commit failed"
  git -C "$ref" -c merge.conflictStyle="$style" merge -q --no-edit theirs >"$work/git-merge.out" 2>&1
  ref_exit=$?
  if [ "$ref_exit" = 0 ]; then
    problem "git merge itself merges these three versions cleanly: not a conflict case"
    sed 's/^/     /' "$work/git-merge.out" >&2
  fi
  strip_labels "$ref/$path" "$work/git's result"
  strip_labels "$repo/.merge_file_A" "$work/driver's result"
  if ! cmp -s "$work/git's result" "$work/driver's result"; then
    problem "the result differs from git's own conflict text (labels stripped)"
    show_difference "$work/git's result" "$work/driver's result"
  fi

  lines=$(wc -l <"$work/stderr")
  prefix="lanemerge: $path: manual: "
  first=$(head -n 1 "$work/stderr")
  if [ "$lines" != 1 ] || [ "$(tail -c 1 "$work/stderr" | od -An -c | tr -d ' ')" != '\n' ]; then
    problem "stderr must be exactly one line (got $lines)"
  fi
  case "$first" in
    "$prefix"*) ;;
    *) problem "stderr does not start with '$prefix'" ;;
  esac
  if [ -n "$reason" ]; then
    case "$first" in
      *"$reason"*) ;;
      *) problem "stderr does not mention '$reason'" ;;
    esac
  fi
fi

if [ "$want_exit" = 0 ]; then
  if [ -n "$warning" ]; then
    grep -q -F -- "$warning" "$work/stderr" || problem "stderr does not mention '$warning'"
  elif [ -s "$work/stderr" ]; then
    problem "stderr is not empty"
  fi
fi

# --- the journal --------------------------------------------------------------
if [ ! -f "$journal" ]; then
  problem "no journal at $journal"
else
  records=$(wc -l <"$journal")
  [ "$records" = 1 ] || problem "the journal has $records records, expected 1"
  last=$(tail -n 1 "$journal")
  case "$last" in
    *"\"resolution\":\"$want_resolution\""*) ;;
    *) problem "the journal's resolution is not '$want_resolution'" ;;
  esac
  case "$last" in
    *"\"rule\":\"$want_rule\""*) ;;
    *) problem "the journal's rule is not '$want_rule'" ;;
  esac
  case "$last" in
    *"\"path\":\"$path\""*) ;;
    *) problem "the journal's path is not '$path'" ;;
  esac
  if [ -n "$want_rules" ]; then
    got_rules=$(printf '%s\n' "$last" | sed -n 's/.*"rules":\[\([^]]*\)\].*/\1/p' | tr -d '"' | tr ',' '\n' | sort)
    exp_rules=$(printf '%s\n' "$want_rules" | tr ',' '\n' | sed 's/^ *//;s/ *$//' | sort)
    [ "$got_rules" = "$exp_rules" ] ||
      problem "the journal's rules are [$(printf '%s' "$got_rules" | tr '\n' ',')], expected [$(printf '%s' "$exp_rules" | tr '\n' ',')]"
  fi
  # (the top-level field; "tools" may hold a "ruff" path as well)
  got_ruff=$(printf '%s\n' "$last" | sed -n 's/.*"ruff":"\(ran\|absent\|disabled\|failed\)".*/\1/p')
  if [ -n "$journal_ruff" ] && [ "$got_ruff" != "$journal_ruff" ]; then
    problem "the journal's ruff is '${got_ruff:-(none)}', expected '$journal_ruff'"
  fi
fi

# --- how ruff was called (ruff=log) -------------------------------------------
if [ "$ruff" = log ]; then
  top=$(cd "$repo" && pwd -P)
  want_call="{\"argv\":[\"check\",\"--select\",\"I001\",\"--fix-only\",\"--stdin-filename\",\"$path\",\"-\"],\"cwd\":\"$top\"}"
  calls=0
  [ -f "$ruff_log" ] && calls=$(wc -l <"$ruff_log")
  case "${got_ruff:-}" in ran | failed) want_calls=1 ;; *) want_calls=0 ;; esac
  [ "$calls" = "$want_calls" ] || problem "ruff was called $calls time(s), expected $want_calls"
  if [ -f "$ruff_log" ]; then
    while IFS= read -r call; do
      [ "$call" = "$want_call" ] || problem "ruff was called as $call, expected $want_call"
    done <"$ruff_log"
  fi
fi

if [ "$failed" != 0 ]; then
  echo "FAIL $case_name" >&2
  exit 1
fi
echo "ok   $case_name"
exit 0

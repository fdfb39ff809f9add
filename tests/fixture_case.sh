#!/usr/bin/env bash
# Runs one fixture case through a merge driver the way git calls it, and
# checks the outcome.
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
#
# Exit 0: %A must be byte-identical to `expected`.
# Exit 1: %A must be byte-identical to what a real `git merge` without the
# driver leaves in the worktree for the same three versions (marker labels
# stripped on both sides), and stderr must be exactly one line
# `lanemerge: pyproject.toml: manual: …` holding the reason.
# An empty `base` stands for "no such file in the base": both sides added it.
#
# Needs only bash, git, coreutils, sed and diff. Set LANEMERGE_KEEP_FIXTURE=1
# to keep the temporary directory for inspection.

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
    *) broken "meta: unknown key '$key'" ;;
  esac
done <"$case_dir/meta"

case "$want_exit" in 0 | 1) ;; *) broken "meta: exit must be 0 or 1 (got '$want_exit')" ;; esac
case "$want_resolution" in clean | auto | manual) ;; *) broken "meta: resolution must be clean, auto or manual (got '$want_resolution')" ;; esac
[ -n "$want_rule" ] || broken "meta: rule is required"
case "$policy" in "" | additive | keyed) ;; *) broken "meta: policy must be additive or keyed (got '$policy')" ;; esac
case "$style" in merge | diff3 | zdiff3) ;; *) broken "meta: style must be merge, diff3 or zdiff3 (got '$style')" ;; esac
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
  cd "$repo" &&
    exec "$driver" .merge_file_O .merge_file_A .merge_file_B 7 pyproject.toml base HEAD theirs
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
  if [ -s "$case_dir/base" ]; then
    cp -- "$case_dir/base" "$ref/pyproject.toml"
    git -C "$ref" add pyproject.toml
  fi
  git -C "$ref" commit -q --allow-empty -m base || broken "reference: base commit failed"
  git -C "$ref" checkout -q -b theirs
  cp -- "$case_dir/theirs" "$ref/pyproject.toml"
  git -C "$ref" add pyproject.toml
  git -C "$ref" commit -q --allow-empty -m theirs || broken "reference: theirs commit failed"
  git -C "$ref" checkout -q main
  cp -- "$case_dir/ours" "$ref/pyproject.toml"
  git -C "$ref" add pyproject.toml
  git -C "$ref" commit -q --allow-empty -m ours || broken "reference: ours commit failed"
  git -C "$ref" -c merge.conflictStyle="$style" merge -q --no-edit theirs >"$work/git-merge.out" 2>&1
  ref_exit=$?
  if [ "$ref_exit" = 0 ]; then
    problem "git merge itself merges these three versions cleanly: not a conflict case"
    sed 's/^/     /' "$work/git-merge.out" >&2
  fi
  strip_labels "$ref/pyproject.toml" "$work/git's result"
  strip_labels "$repo/.merge_file_A" "$work/driver's result"
  if ! cmp -s "$work/git's result" "$work/driver's result"; then
    problem "the result differs from git's own conflict text (labels stripped)"
    show_difference "$work/git's result" "$work/driver's result"
  fi

  lines=$(wc -l <"$work/stderr")
  prefix="lanemerge: pyproject.toml: manual: "
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
    *"\"path\":\"pyproject.toml\""*) ;;
    *) problem "the journal's path is not 'pyproject.toml'" ;;
  esac
fi

if [ "$failed" != 0 ]; then
  echo "FAIL $case_name" >&2
  exit 1
fi
echo "ok   $case_name"
exit 0

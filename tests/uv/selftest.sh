#!/usr/bin/env bash
# Checks the uv stand-in (tests/uv/uv) against exact expected outputs.
#   bash tests/uv/selftest.sh
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
uv="$here/uv"
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset LANEMERGE_TEST_UV_LOG LANEMERGE_TEST_UV_SLEEP LANEMERGE_TEST_UV_FAIL

ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; shift; printf '     %s\n' "$@"; }

# fresh NAME [PYPROJECT]: a new empty directory, with pyproject.toml if given.
fresh() {
  local dir="$work/$1"
  mkdir -p "$dir"
  [ $# -lt 2 ] || printf '%s' "$2" >"$dir/pyproject.toml"
  printf '%s' "$dir"
}

# run DIR ARGS...: runs the stand-in in DIR; sets rc, out, err.
run() {
  local dir=$1
  shift
  (cd "$dir" && "$uv" "$@") >"$work/stdout" 2>"$work/stderr"
  rc=$?
  out=$(cat "$work/stdout"; printf .)
  out=${out%.}
  err=$(cat "$work/stderr"; printf .)
  err=${err%.}
}

# expect NAME RC STDOUT STDERR: compares the last run.
expect() {
  if [ "$rc" = "$2" ] && [ "$out" = "$3" ] && [ "$err" = "$4" ]; then
    ok "$1"
  else
    ko "$1" "exit $rc (want $2)" \
      "stdout: $(printf '%q' "$out") (want $(printf '%q' "$3"))" \
      "stderr: $(printf '%q' "$err") (want $(printf '%q' "$4"))"
  fi
}

# expect_file NAME FILE CONTENT: FILE holds exactly CONTENT.
expect_file() {
  local got
  if [ -f "$2" ]; then
    got=$(cat "$2"; printf .)
    got=${got%.}
  else
    got='<missing>'
  fi
  if [ "$got" = "$3" ]; then
    ok "$1"
  else
    ko "$1" "expected: $(printf '%q' "$3")" "got:      $(printf '%q' "$got")"
  fi
}

# check NAME COMMAND...: COMMAND must succeed.
check() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else ko "$name" "failed: $*"; fi
}

# want_lock NAME SPECIFIER ...: the expected uv.lock for these (already sorted)
# pairs, without its final newline.
want_lock() {
  local out=$'version = 1\nrequires-python = ">=3.8"\n\n' n=0
  while [ $# -gt 0 ]; do
    out+="[[package]]"$'\n'"name = \"$1\""$'\n'"specifier = \"$2\""$'\n\n'
    n=$((n + 1))
    shift 2
  done
  printf '%s# generated from %d dependencies' "$out" "$n"
}
# The exact text, written out once in full:
one_b='version = 1
requires-python = ">=3.8"

[[package]]
name = "b"
specifier = "b"

# generated from 1 dependencies
'

# --- version and argument handling ------------------------------------------
d=$(fresh args $'[project]\nname = "a"\ndependencies = ["b"]\n')
run "$d" --version
expect "--version" 0 $'uv 0.0.0 (lanemerge test stand-in)\n' ""

run "$d" --version --verbose
expect "--version with an extra argument" 2 "" $'error: unexpected argument \'--verbose\'\n'

run "$d"
expect "no subcommand" 2 "" $'error: a subcommand is required (this stand-in knows: lock, --version)\n'

run "$d" sync
expect "other subcommand refused" 2 "" $'error: unrecognized subcommand \'sync\'\n'

run "$d" lock --locked
expect "lock --locked refused" 2 "" $'error: unexpected argument \'--locked\'\n'

run "$d" lock --offline --upgrade
expect "lock --upgrade refused" 2 "" $'error: unexpected argument \'--upgrade\'\n'

run "$d" lock --offline --offline
expect "--offline twice refused" 2 "" $'error: the argument \'--offline\' cannot be used multiple times\n'

run "$d" lock --no-upgrade --offline --no-upgrade
expect "--no-upgrade twice refused" 2 "" $'error: the argument \'--no-upgrade\' cannot be used multiple times\n'

check "refused calls leave no uv.lock" test ! -e "$d/uv.lock"

for args in "" "--no-upgrade" "--offline" "--no-upgrade --offline" "--offline --no-upgrade"; do
  rm -f "$d/uv.lock"
  # shellcheck disable=SC2086 # split on purpose
  run "$d" lock $args
  expect "lock${args:+ $args} accepted" 0 "" ""
  expect_file "lock${args:+ $args} writes uv.lock" "$d/uv.lock" "$one_b"
done

# --- working directory ---------------------------------------------------------
d=$(fresh nopyproject)
run "$d" lock
expect "no pyproject.toml" 2 "" "error: No pyproject.toml found in $d"$'\n'
check "no pyproject.toml: no uv.lock" test ! -e "$d/uv.lock"

sub=$(fresh subdir $'[project]\nname = "a"\ndependencies = ["b"]\n')
mkdir -p "$sub/pkg"
run "$sub/pkg" lock
expect "pyproject.toml only in the parent: refused" 2 "" "error: No pyproject.toml found in $sub/pkg"$'\n'

# --- the generated lock -----------------------------------------------------------
d=$(fresh multiline '[project]
name = "demo"
version = "1.0"
dependencies = [
    "requests>=2.31",
    "Django>=4.2,<5",  # web
    "attrs",
]
')
run "$d" lock
expect "multi-line dependencies: exit 0, silent" 0 "" ""
expect_file "multi-line dependencies: lock" "$d/uv.lock" \
  'version = 1
requires-python = ">=3.8"

[[package]]
name = "attrs"
specifier = "attrs"

[[package]]
name = "django"
specifier = "Django>=4.2,<5"

[[package]]
name = "requests"
specifier = "requests>=2.31"

# generated from 3 dependencies
'
check "only pyproject.toml and uv.lock left (temp file gone)" \
  test "$(cd "$d" && echo .[!.]* *)" = ".[!.]* pyproject.toml uv.lock"

d=$(fresh inline $'[project]\nname = "demo"\ndependencies = ["Flask_Login==0.6.3", "click"]\n\n[tool.other]\ndependencies = ["ignored"]\n')
run "$d" lock
expect "inline dependencies: exit 0" 0 "" ""
expect_file "inline dependencies: lock" "$d/uv.lock" \
  "$(want_lock click click flask-login 'Flask_Login==0.6.3')"$'\n'

d=$(fresh groups '[project]
name = "demo"
dependencies = ["zope.interface>=6"]

[project.optional-dependencies]
docs = ["Sphinx>=7", "furo"]
cli = [
  "rich",
]

[dependency-groups]
dev = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff"]
')
run "$d" lock
expect "optional-dependencies and dependency-groups: exit 0" 0 "" ""
expect_file "optional-dependencies and dependency-groups: lock" "$d/uv.lock" \
  "$(want_lock furo furo pytest 'pytest>=8' rich rich ruff ruff sphinx 'Sphinx>=7' zope-interface 'zope.interface>=6')"$'\n'

d=$(fresh normalize $'[project]\nname = "demo"\ndependencies = ["My__Pkg...Name[extra]>=1", "a-b", "A.B<2", "a_b; python_version < \\"3.9\\""]\n')
run "$d" lock
expect "PEP 503 names: exit 0" 0 "" ""
expect_file "PEP 503 names: sorted by name, then by specifier, quotes kept escaped" "$d/uv.lock" \
  "$(want_lock a-b 'A.B<2' a-b a-b a-b 'a_b; python_version < \"3.9\"' my-pkg-name 'My__Pkg...Name[extra]>=1')"$'\n'

d=$(fresh literal $'[project]\nname = "demo"\ndependencies = [\'pywin32; sys_platform == "win32"\']\n')
run "$d" lock
expect_file "single-quoted string: written as an escaped basic string" "$d/uv.lock" \
  "$(want_lock pywin32 'pywin32; sys_platform == \"win32\"')"$'\n'

d=$(fresh empty $'[project]\nname = "demo"\nversion = "0.1"\n')
run "$d" lock
expect "no dependencies: exit 0" 0 "" ""
expect_file "no dependencies: lock" "$d/uv.lock" "$(want_lock)"$'\n'

d=$(fresh tricky '# leading comment
[project]
name = "demo"
description = """
[project]
dependencies = ["not-a-dependency"]
"""
classifiers = [
  "Programming Language :: Python",  # dependencies = ["nope"]
]
dependencies = ["b", ]  # trailing comma

[tool.x]
y = { a = [1, [2, 3]], when = 2024-01-01T00:00:00 }
')
run "$d" lock
expect "strings, comments and nested values elsewhere ignored: exit 0" 0 "" ""
expect_file "strings, comments and nested values elsewhere ignored: lock" "$d/uv.lock" "$one_b"

d=$(fresh crlf $'[project]\r\nname = "demo"\r\ndependencies = [\r\n  "b",\r\n]\r\n')
run "$d" lock
expect_file "CRLF pyproject.toml" "$d/uv.lock" "$one_b"

d=$(fresh noeol $'[project]\nname = "demo"\ndependencies = ["b"]')
run "$d" lock
expect_file "pyproject.toml without a final newline" "$d/uv.lock" "$one_b"

d=$(fresh badtoml $'[project]\nname = "demo"\ndependencies = ["b"\n')
printf 'old\n' >"$d/uv.lock"
run "$d" lock
expect "unparsable pyproject.toml refused" 2 "" $'error: Failed to parse pyproject.toml at line 4: expected , or ] in an array\n'
expect_file "unparsable pyproject.toml: uv.lock untouched" "$d/uv.lock" $'old\n'

# --- determinism ---------------------------------------------------------------
a=$(fresh det-a $'[project]\nname = "demo"\ndependencies = ["requests", "attrs>=23"]\n[dependency-groups]\ndev = ["pytest"]\n')
b=$(fresh det-b $'[project]\nname = "demo"\ndependencies = ["attrs>=23", "requests"]\n[dependency-groups]\ndev = ["pytest"]\n')
run "$a" lock
cp "$a/uv.lock" "$work/first.lock"
run "$a" lock
check "same input twice: byte-identical" cmp -s "$a/uv.lock" "$work/first.lock"
run "$b" lock
check "same dependencies in another order: byte-identical" cmp -s "$a/uv.lock" "$b/uv.lock"
rm -f "$a/uv.lock"
(cd "$a" && umask 022 && "$uv" lock)
check "uv.lock is written with the umask (0644)" test "$(stat -c %a "$a/uv.lock")" = 644

# --- conflict markers ----------------------------------------------------------------
pp=$'[project]\nname = "demo"\ndependencies = ["b"]\n'
n=0
for marker in '<<<<<<< ours' '=======' $'=======\r' '>>>>>>> theirs'; do
  n=$((n + 1))
  d=$(fresh "markers-$n" "$pp")
  lock="version = 1"$'\n'"$marker"$'\n'
  printf '%s' "$lock" >"$d/uv.lock"
  run "$d" lock
  expect "uv.lock with $(printf '%q' "$marker") refused" 2 "" $'error: Failed to parse uv.lock: conflict markers\n'
  expect_file "uv.lock with $(printf '%q' "$marker") left as it was" "$d/uv.lock" "$lock"
done

d=$(fresh almost-markers "$pp")
printf '# =======\n======= x\n<<<<<<<\n>>>>>>>x\n' >"$d/uv.lock"
run "$d" lock
expect "marker look-alikes are not conflict markers" 0 "" ""
expect_file "marker look-alikes: uv.lock rewritten" "$d/uv.lock" "$one_b"

d=$(fresh pyproject-markers $'[project]\nname = "demo"\n<<<<<<< ours\ndependencies = ["b"]\n=======\ndependencies = ["c"]\n>>>>>>> theirs\n')
run "$d" lock
expect "pyproject.toml with conflict markers refused" 2 "" $'error: Failed to parse pyproject.toml: conflict markers\n'
check "pyproject.toml with conflict markers: no uv.lock" test ! -e "$d/uv.lock"

# --- LANEMERGE_TEST_UV_FAIL ------------------------------------------------------------
fail_err=$'error: No solution found when resolving dependencies:\n  Because foo was not found...\n'
d=$(fresh fail "$pp")
printf 'old\n' >"$d/uv.lock"
LANEMERGE_TEST_UV_FAIL=1 run "$d" lock
expect "LANEMERGE_TEST_UV_FAIL=1" 1 "" "$fail_err"
expect_file "LANEMERGE_TEST_UV_FAIL=1: uv.lock untouched" "$d/uv.lock" $'old\n'
rm -f "$d/uv.lock"
LANEMERGE_TEST_UV_FAIL=1 run "$d" lock --offline
expect "LANEMERGE_TEST_UV_FAIL=1 without a lock" 1 "" "$fail_err"
check "LANEMERGE_TEST_UV_FAIL=1: no uv.lock created" test ! -e "$d/uv.lock"
check "LANEMERGE_TEST_UV_FAIL=1: no temp file left" test "$(ls -A "$d")" = pyproject.toml
LANEMERGE_TEST_UV_FAIL=0 run "$d" lock
expect "LANEMERGE_TEST_UV_FAIL=0 is off" 0 "" ""

# --- LANEMERGE_TEST_UV_LOG -------------------------------------------------------------
log="$work/uv.log"
d=$(fresh log "$pp")
LANEMERGE_TEST_UV_LOG=$log run "$d" lock --offline --no-upgrade
expect "logged run: exit 0" 0 "" ""
mapfile -t lines <"$log"
if [ "${#lines[@]}" = 2 ] &&
  [[ ${lines[0]} =~ ^start\ ([0-9]{19})\ ([0-9]+)\ (.*)$ ]] &&
  s_ns=${BASH_REMATCH[1]} && s_pid=${BASH_REMATCH[2]} &&
  [ "${BASH_REMATCH[3]}" = "$d lock --offline --no-upgrade" ] &&
  [[ ${lines[1]} =~ ^end\ ([0-9]{19})\ ([0-9]+)$ ]] &&
  [ "${BASH_REMATCH[2]}" = "$s_pid" ] && [ "${BASH_REMATCH[1]}" -ge "$s_ns" ]; then
  ok "log: start <ns> <pid> <cwd> <args>, then end <ns> <pid>"
else
  ko "log: start <ns> <pid> <cwd> <args>, then end <ns> <pid>" "$(cat "$log")"
fi

: >"$log"
LANEMERGE_TEST_UV_LOG=$log LANEMERGE_TEST_UV_FAIL=1 run "$d" lock
LANEMERGE_TEST_UV_LOG=$log run "$d" lock --bogus
check "log: failed and refused runs are logged too" \
  test "$(cut -d' ' -f1 "$log" | tr '\n' ' ')" = "start end start end "

# --- LANEMERGE_TEST_UV_SLEEP -------------------------------------------------------------
: >"$log"
LANEMERGE_TEST_UV_LOG=$log LANEMERGE_TEST_UV_SLEEP=0.4 run "$d" lock
expect "LANEMERGE_TEST_UV_SLEEP=0.4: exit 0" 0 "" ""
read -r _ s_ns _ <"$log"
e_ns=$(sed -n 's/^end \([0-9]*\) .*/\1/p' "$log")
check "LANEMERGE_TEST_UV_SLEEP=0.4: start to end >= 0.4 s" test $((e_ns - s_ns)) -ge 400000000

# Two concurrent sleeping runs overlap in the log; two sequential ones do not.
# overlap LOG: exit 0 when the two runs in LOG overlap in time.
overlap() {
  awk '$1 == "start" { s[$3] = $2 } $1 == "end" { e[$3] = $2 }
    END { n = 0; for (p in s) { n++; S[n] = s[p]; E[n] = e[p] }
          exit !(n == 2 && S[1] < E[2] && S[2] < E[1]) }' "$1"
}
no_overlap() { ! overlap "$1"; }
: >"$log"
d2=$(fresh log2 "$pp")
(cd "$d" && LANEMERGE_TEST_UV_LOG=$log LANEMERGE_TEST_UV_SLEEP=0.3 "$uv" lock) &
(cd "$d2" && LANEMERGE_TEST_UV_LOG=$log LANEMERGE_TEST_UV_SLEEP=0.3 "$uv" lock) &
wait
check "log: concurrent runs overlap" overlap "$log"
: >"$log"
(cd "$d" && LANEMERGE_TEST_UV_LOG=$log LANEMERGE_TEST_UV_SLEEP=0.1 "$uv" lock)
(cd "$d2" && LANEMERGE_TEST_UV_LOG=$log LANEMERGE_TEST_UV_SLEEP=0.1 "$uv" lock)
check "log: sequential runs do not overlap" no_overlap "$log"

LANEMERGE_TEST_UV_SLEEP=soon run "$d" lock
expect "LANEMERGE_TEST_UV_SLEEP not a number" 2 "" $'error: LANEMERGE_TEST_UV_SLEEP must be a number of seconds, got \'soon\'\n'

# A killed run still logs its end and leaves no temp file.
: >"$log"
rm -f "$d/uv.lock"
(cd "$d" && exec env LANEMERGE_TEST_UV_LOG="$log" LANEMERGE_TEST_UV_SLEEP=5 "$uv" lock) &
killed=$!
for _ in $(seq 50); do grep -q '^start' "$log" && break; sleep 0.05; done
sleep 0.1
kill -TERM "$killed"
wait "$killed"
check "killed run: exit 143" test "$?" = 143
check "killed run: end line logged" test "$(cut -d' ' -f1 "$log" | tr '\n' ' ')" = "start end "
check "killed run: no uv.lock, no temp file" test "$(ls -A "$d")" = pyproject.toml

printf '%s passed, %s failed\n' "$pass" "$fail"
[ "$fail" = 0 ]

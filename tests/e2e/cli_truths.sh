# The CLI's smaller truths: every command answers --help; the envelope's
# exit_code is the process's; a failure is an `error`, never `data`; an
# unknown command suggests the nearest; pending-action ids are the same in
# every build; git config is written under git's own lock file.
source "$(dirname "$0")/../e2e_lib.sh"
new_repo "$scratch/repo"
cd "$scratch/repo"
lanemerge install > /dev/null
git commit -q --allow-empty -m base

for c in install uninstall log sync doctor relock hook; do
  out=$(lanemerge "$c" --help) || fail "$c --help: exit $?"
  [ "$(head -n 1 <<< "$out")" = "usage: lanemerge $c [options]" ] || fail "$c --help: $out"
  grep -q "^  $c" <<< "$out" || fail "$c --help does not describe $c: $out"
  lanemerge "$c" --help --output-format json | grep -q '"usage": "usage: lanemerge '"$c" || fail "$c --help in JSON"
done

# exit_code in the envelope = the process's exit status, data or error.
envelope_exit() {  # envelope_exit WANT-KIND ARGS...: runs lanemerge ARGS --output-format json
  local want=$1
  shift
  set +e
  lanemerge "$@" --output-format json > "$scratch/env.json" 2> /dev/null
  local rc=$?
  set -e
  grep -q "^  \"exit_code\": $rc,$" "$scratch/env.json" || fail "lanemerge $*: exit $rc, envelope: $(cat "$scratch/env.json")"
  grep -q "^  \"$want\": " "$scratch/env.json" || fail "lanemerge $*: no $want: $(cat "$scratch/env.json")"
  local other=data
  [ "$want" = data ] && other=error
  ! grep -q "^  \"$other\": " "$scratch/env.json" || fail "lanemerge $*: both data and error"
  last_rc=$rc
}
envelope_exit error
[ "$last_rc" -eq 2 ] || fail "no command: exit $last_rc"
envelope_exit data --help
envelope_exit error bogus
envelope_exit data log
envelope_exit error install --bogus
envelope_exit data doctor

# A hook that fails: an error envelope (exit 1), never data.
printf 'version = 1\n' > base.lock; printf 'version = 1\na\n' > ours.lock; printf 'version = 1\nb\n' > theirs.lock
git branch lane
GIT_REFLOG_ACTION="merge lane" lanemerge-uvlock base.lock ours.lock theirs.lock 7 uv.lock 2> /dev/null || fail "driver"
ls .git/lanemerge/pending/uv-lock-regenerate-6389bcd2fa30bd3b.json > /dev/null || fail "pending id is not stable: $(ls .git/lanemerge/pending)"
PATH=$(echo "$PATH" | tr ':' '\n' | grep -v '/uv$' | paste -sd:) GIT_REFLOG_ACTION="merge lane" envelope_exit error hook pre-merge-commit
[ "$last_rc" -eq 1 ] || fail "failing hook: exit $last_rc"
grep -q '"message": "lanemerge: uv not found on PATH' "$scratch/env.json" || fail "hook error: $(cat "$scratch/env.json")"
GIT_REFLOG_ACTION="merge lane" lanemerge-uvlock base.lock ours.lock theirs.lock 7 sub/uv.lock 2> /dev/null || fail "driver"
ls .git/lanemerge/pending/uv-lock-regenerate-192add3db67cfd4e.json > /dev/null || fail "pending id of sub/uv.lock: $(ls .git/lanemerge/pending)"

# An unknown command suggests the nearest one.
set +e; lanemerge instal 2> "$scratch/err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -qx 'hint: did you mean `lanemerge install`? (`lanemerge --help` lists the commands)' "$scratch/err" ||
  fail "unknown command: exit $rc, $(cat "$scratch/err")"
lanemerge doctr --output-format json > "$scratch/doctr.json" || true
grep -q '"hint": "did you mean `lanemerge doctor`?' "$scratch/doctr.json" || fail "no suggestion in JSON"

# git config is written under git's lock file: held by another git, nothing changes.
locked() {  # locked COMMAND: fails with a lock error and leaves the config as it was
  cp .git/config "$scratch/config.before"
  : > .git/config.lock
  set +e; lanemerge "$1" --output-format json > "$scratch/lock.json" 2> /dev/null; rc=$?; set -e
  rm .git/config.lock
  [ "$rc" -eq 2 ] && grep -q '"kind": "lock"' "$scratch/lock.json" || fail "$1 with config.lock held: exit $rc $(cat "$scratch/lock.json")"
  cmp -s .git/config "$scratch/config.before" || fail "$1 changed the config while git held its lock"
}
locked uninstall
lanemerge uninstall > /dev/null
! grep -q lanemerge .git/config || fail "uninstall left lanemerge in the config: $(cat .git/config)"
locked install
lanemerge install > /dev/null
[ ! -e .git/config.lock ] || fail "a lock file was left behind"
echo "ok"

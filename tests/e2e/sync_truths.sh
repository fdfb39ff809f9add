# lanemerge sync tells the truth:
#  - the drivers apply in a lane whose .gitattributes predates them;
#  - --dry-run predicts exactly what a run then does (a lane whose lock a
#    hook regenerates: merge; a dirty worktree: refused) and writes nothing;
#  - --jobs defaults to 1; with --jobs 2 no lane starts after a halt;
#  - a merge that outlives its time limit is stopped and aborted;
#  - words: "conflicts" counts regions as the audit line does, a
#    fast-forward is "fast-forwarded", a reason is one line (a tool's
#    output goes below the table); no lane to sync is said.
source "$(dirname "$0")/../e2e_lib.sh"
uv_dir="$(cd "$(dirname "$0")/../uv" && pwd)"
export PATH="$uv_dir:$PATH"
snapshot() {  # what a dry run must not change, in the repository and its worktrees
  git for-each-ref --format='%(refname) %(objectname)'
  find .git -type f ! -name 'index' | LC_ALL=C sort | xargs -d '\n' md5sum
  for w in "$@"; do (cd "$w" && git status --porcelain && find . -path ./.git -prune -o -type f -print | LC_ALL=C sort); done
}

# 1. Lanes that predate .gitattributes; lock conflicts a hook regenerates.
new_repo "$scratch/repo"
cd "$scratch/repo"
pyproject_with "httpx>=0.27" "ruamel-yaml" > pyproject.toml && uv lock
git add . && git commit -q -m base
for l in a-old b-old; do
  git checkout -q -b "$l" main
  pyproject_with "httpx>=0.27" "ruamel-yaml" "zz-$l" > pyproject.toml && uv lock && git commit -q -am "$l"
done
git checkout -q main
lanemerge install > /dev/null
git add .gitattributes && git commit -q -m "lanemerge drivers"
pyproject_with "httpx>=0.27" "ruamel-yaml" "zz-main" > pyproject.toml && uv lock && git commit -q -am "main moves"
git worktree add -q "$scratch/wt-a" a-old
[ ! -e "$scratch/wt-a/.gitattributes" ] || fail "setup: the lane should predate .gitattributes"

snapshot "$scratch/repo" "$scratch/wt-a" > "$scratch/before"
lanemerge sync --dry-run a-old b-old > "$scratch/dry" 2> /dev/null || { cat "$scratch/dry"; fail "dry run predicts a halt"; }
snapshot "$scratch/repo" "$scratch/wt-a" > "$scratch/after"
diff -u "$scratch/before" "$scratch/after" >&2 || fail "the dry run wrote something"
grep -q "^a-old .* would merge " "$scratch/dry" && grep -q "^b-old .* would merge " "$scratch/dry" || { cat "$scratch/dry"; fail "dry run"; }
# The run does what the dry run said: both merge, with the drivers and the relock.
lanemerge sync a-old b-old > "$scratch/run" 2> "$scratch/progress" || { cat "$scratch/run"; fail "sync of lanes predating .gitattributes"; }
for l in a-old b-old; do
  grep -q "^$l .* merged  *2  $" "$scratch/run" || { cat "$scratch/run"; fail "$l: not merged with 2 conflicts resolved"; }
  git log -1 --format=%s "$l" | grep -qx "auto-rebase: 2 conflicts resolved by classifier rules \[R-PYPROJECT-DEPS-UNION, R-UVLOCK-REGENERATE\] lane=$l" ||
    fail "$l subject: $(git log -1 --format=%s "$l")"
  git show "$l:uv.lock" | grep -q "name = \"zz-$l\"" && git show "$l:uv.lock" | grep -q 'name = "zz-main"' || fail "$l: stale lock"
done
grep -q "^lane .* status  *conflicts  reason$" "$scratch/run" || fail "table header: $(head -n 1 "$scratch/run")"
# --jobs defaults to 1: lane 2 starts after lane 1 ended.
awk '/lane 1 of 2 \(a-old\): merged/ { done = 1 } /lane 2 of 2 \(b-old\): checking/ { exit !done }' "$scratch/progress" ||
  fail "lanes ran at once without --jobs: $(cat "$scratch/progress")"

# 2. A dirty worktree: the dry run says refused, as the run does; a fast-forward is named so.
git checkout -q -b c-ff main~1 && git checkout -q main
git worktree add -q "$scratch/wt-d" -b d-dirty main~1
echo "# local" >> "$scratch/wt-d/pyproject.toml"
set +e
lanemerge sync --dry-run --keep-going c-ff d-dirty > "$scratch/dry" 2> /dev/null; rc_dry=$?
lanemerge sync --keep-going c-ff d-dirty > "$scratch/run" 2> /dev/null; rc_run=$?
set -e
[ "$rc_dry" -eq 1 ] && [ "$rc_run" -eq 1 ] || fail "dirty: exit $rc_dry (dry) / $rc_run (run)"
grep -q "^c-ff .* would fast-forward " "$scratch/dry" && grep -q "^c-ff .* fast-forwarded " "$scratch/run" ||
  { cat "$scratch/dry" "$scratch/run"; fail "fast-forward not named"; }
grep -q "^d-dirty .* refused .*uncommitted changes" "$scratch/dry" && grep -q "^d-dirty .* refused .*uncommitted changes" "$scratch/run" ||
  { cat "$scratch/dry" "$scratch/run"; fail "dirty worktree: dry run and run disagree"; }
git worktree remove --force "$scratch/wt-d"

# 3. --jobs 2: after the first halt no lane starts.
for l in e1-halt e2 e3 e4; do
  git checkout -q -b "$l" main~1
  [ "$l" = e1-halt ] && dep="zz-main>=9" || dep="zz-$l"
  pyproject_with "httpx>=0.27" "ruamel-yaml" "$dep" > pyproject.toml && git commit -q -am "$l"
done
git checkout -q main
e3_before=$(git rev-parse e3)
set +e
LANEMERGE_TEST_UV_SLEEP=0 lanemerge sync --jobs 2 e1-halt e2 e3 e4 > "$scratch/run" 2> /dev/null; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "--jobs 2 with a halt: exit $rc"
grep -q "^e1-halt .* halted " "$scratch/run" || { cat "$scratch/run"; fail "e1 should halt"; }
grep -q "^e3 .* skipped .*not started: an earlier lane halted" "$scratch/run" && grep -q "^e4 .* skipped " "$scratch/run" ||
  { cat "$scratch/run"; fail "a lane started after the halt"; }
[ "$(git rev-parse e3)" = "$e3_before" ] || fail "e3 moved"

# 4. A reason is one line; uv's output goes below the table.
git checkout -q -b f-uvfails main~1
pyproject_with "httpx>=0.27" "ruamel-yaml" "zz-f" > pyproject.toml && uv lock && git commit -q -am f
git checkout -q main
f_before=$(git rev-parse f-uvfails)
set +e
LANEMERGE_TEST_UV_FAIL=1 lanemerge sync f-uvfails > "$scratch/run" 2> /dev/null; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "uv failing: exit $rc"
row=$(grep "^f-uvfails " "$scratch/run")
case "$row" in *"halted"*"the merge did not complete: "*) ;; *) cat "$scratch/run"; fail "uv failing: row: $row" ;; esac
grep -q "^output of the lanes that did not complete:$" "$scratch/run" && grep -q "^    .*No solution found when resolving dependencies" "$scratch/run" ||
  { cat "$scratch/run"; fail "uv's output is not below the table"; }
[ "$(git rev-parse f-uvfails)" = "$f_before" ] || fail "f moved"

# 5. A merge that outlives its limit (a user hook that hangs): stopped and aborted.
new_repo "$scratch/slow"
cd "$scratch/slow"
printf '#!/bin/sh\nsleep 60\n' > .git/hooks/pre-merge-commit && chmod +x .git/hooks/pre-merge-commit
lanemerge install > /dev/null
git config lanemerge.gitTimeout 1 && git config lanemerge.lockTimeout 1 && git config lanemerge.uvTimeout 1
pyproject_with a > pyproject.toml && git add . && git commit -q -m base --no-verify
git checkout -q -b lane && pyproject_with a b > pyproject.toml && git commit -q -am lane --no-verify
git checkout -q main && pyproject_with a c > pyproject.toml && git commit -q -am main --no-verify
git worktree add -q "$scratch/wt-slow" lane
start=$(date +%s)
set +e
lanemerge sync lane > "$scratch/run" 2> /dev/null; rc=$?
set -e
[ $(( $(date +%s) - start )) -lt 30 ] || fail "the hung merge was not stopped in time"
[ "$rc" -eq 1 ] && grep -q "^lane .* halted .*the merge did not finish within 3 s .* and was stopped and aborted" "$scratch/run" ||
  { cat "$scratch/run"; fail "timed-out merge: exit $rc"; }
[ -z "$(git -C "$scratch/wt-slow" status --porcelain --untracked-files=no)" ] || fail "the timed-out merge left changes: $(git -C "$scratch/wt-slow" status --porcelain)"
! git -C "$scratch/wt-slow" rev-parse -q --verify MERGE_HEAD > /dev/null || fail "the timed-out merge is still in progress"
[ "$(git rev-list --count lane)" -eq 2 ] || fail "the lane moved"

# 6. No lane to sync.
new_repo "$scratch/alone" && cd "$scratch/alone" && git commit -q --allow-empty -m base
lanemerge sync > "$scratch/run" || fail "no lane: exit $?"
grep -qx "no lane to sync: no branch but main has a worktree; name the lanes (lanemerge sync LANE...)" "$scratch/run" ||
  fail "no lane: $(cat "$scratch/run")"
echo "ok"

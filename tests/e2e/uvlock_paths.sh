# The other paths of a lock: a lock changed on one side only (git never calls
# the lock driver; the pyproject driver records the relock), rebase and
# cherry-pick (no hook of ours runs before the commit: git's own outcome and
# a warning), an aborted merge whose relock must not run in a later merge,
# and two worktrees merging at once (their uv runs never overlap).
source "$(dirname "$0")/../e2e_lib.sh"
uv_dir="$(cd "$(dirname "$0")/../uv" && pwd)"
export PATH="$uv_dir:$PATH"
export LANEMERGE_TEST_UV_LOG="$scratch/uv.log"

base_repo() {  # base_repo DIR
  new_repo "$1"
  cd "$1"
  lanemerge install > /dev/null
  pyproject_with "httpx>=0.27" "ruamel-yaml" > pyproject.toml
  uv lock
  git add . && git commit -q -m base
}

# 1. Only main re-locked; the lane changed pyproject.toml without re-locking.
base_repo "$scratch/one-side"
git checkout -q -b lane
pyproject_with "httpx>=0.27" "ruamel-yaml" "freezegun" > pyproject.toml
git commit -q -am "lane: freezegun, lock not updated"
git checkout -q main
pyproject_with "httpx>=0.27" "ruamel-yaml" "requests-mock" > pyproject.toml
uv lock
git commit -q -am "main: requests-mock"
git merge --no-edit lane > "$scratch/out" 2>&1 || { cat "$scratch/out"; fail "merge failed"; }
git show HEAD:uv.lock | grep -q 'name = "freezegun"' || fail "one-sided lock: the merge commit's lock is stale"
git show HEAD:uv.lock | grep -q 'name = "requests-mock"' || fail "one-sided lock: lost requests-mock"
[ -z "$(git status --porcelain)" ] || fail "one-sided lock: left staged or modified"

# 2. Rebase and cherry-pick: git's own outcome for the lock, and a warning.
#    Locks whose text merges cleanly (the additions sort apart) stay merged
#    as text; locks that conflict stay conflicted.
diverge() {  # diverge LANE_DEP MAIN_DEP
  git checkout -q -b lane
  pyproject_with "httpx>=0.27" "ruamel-yaml" "$1" > pyproject.toml
  uv lock
  git commit -q -am "lane: $1"
  git checkout -q main
  pyproject_with "httpx>=0.27" "ruamel-yaml" "$2" > pyproject.toml
  uv lock
  git commit -q -am "main: $2"
}
base_repo "$scratch/rebase"
diverge freezegun requests-mock
git checkout -q lane
git rebase main > "$scratch/out" 2>&1 || { cat "$scratch/out"; fail "rebase stopped"; }
grep -q "lanemerge: uv.lock: warning: uv.lock must be regenerated: no lanemerge hook runs before this rebase" "$scratch/out" ||
  { cat "$scratch/out"; fail "no rebase warning"; }
[ -z "$(ls .git/lanemerge/pending 2> /dev/null)" ] || fail "a rebase recorded a relock no hook will run"
grep '"driver":"lanemerge-uvlock"' .git/lanemerge/journal.jsonl | tail -n 1 |
  grep -q '"resolution":"clean".*"warnings":\["uv.lock must be regenerated' || fail "the lock's journal record lacks the warning"

base_repo "$scratch/pick"
diverge zz-lane zz-main
if git cherry-pick lane > "$scratch/out" 2>&1; then fail "cherry-pick should stop on the uv.lock conflict"; fi
grep -q "lanemerge: uv.lock: manual: .*no lanemerge hook runs before this operation (not a merge or pull" "$scratch/out" ||
  { cat "$scratch/out"; fail "no cherry-pick reason"; }
grep -q '^<<<<<<< ' uv.lock || fail "the lock conflict is not git's"
[ -z "$(ls .git/lanemerge/pending 2> /dev/null)" ] || fail "a cherry-pick recorded a relock no hook will run"
git cherry-pick --abort

# pull --rebase is a rebase: no hook of ours follows it.
base_repo "$scratch/upstream"
git clone -q "$scratch/upstream" "$scratch/clone"
pyproject_with "httpx>=0.27" "ruamel-yaml" "zz-upstream" > pyproject.toml
uv lock
git commit -q -am "upstream"
cd "$scratch/clone"
lanemerge install > /dev/null
pyproject_with "httpx>=0.27" "ruamel-yaml" "zz-local" > pyproject.toml
uv lock
git commit -q -am "local"
if git pull -q --rebase origin main > "$scratch/out" 2>&1; then fail "pull --rebase should stop on the lock conflict"; fi
grep -q "lanemerge: uv.lock: manual: .*no lanemerge hook runs before this rebase" "$scratch/out" ||
  { cat "$scratch/out"; fail "pull --rebase not treated as a rebase"; }
[ -z "$(ls .git/lanemerge/pending 2> /dev/null)" ] || fail "pull --rebase recorded a relock"
git rebase --abort

# 3. An aborted merge leaves a pending relock; a later, different merge that
#    does not touch the lock must not run it.
base_repo "$scratch/abort"
git checkout -q -b lane
pyproject_with "httpx>=0.27" "ruamel-yaml" "freezegun" > pyproject.toml
uv lock
printf 'version = 1\n' > conflict.txt
git add . && git commit -q -m "lane"
git checkout -q main
pyproject_with "httpx>=0.27" "ruamel-yaml" "requests-mock" > pyproject.toml
uv lock
printf 'version = 2\n' > conflict.txt
git add . && git commit -q -m "main"
git merge --no-edit lane > /dev/null 2>&1 && fail "merge should stop on conflict.txt"
[ -n "$(ls .git/lanemerge/pending)" ] || fail "no relock recorded for the conflicted merge"
git merge --abort
git checkout -q -b other main~1
printf 'x\n' > other.txt && git add other.txt && git commit -q -m other
git checkout -q main
: > "$scratch/uv.log"
git merge --no-edit other > "$scratch/out" 2>&1 || { cat "$scratch/out"; fail "merge of other failed"; }
[ ! -s "$scratch/uv.log" ] || fail "the aborted merge's relock ran in a later merge: $(cat "$scratch/uv.log")"
[ "$(git show HEAD:uv.lock)" = "$(git show HEAD^1:uv.lock)" ] || fail "the lock changed in an unrelated merge"

# 4. Two worktrees merge at once with a slow uv: the runs never overlap.
base_repo "$scratch/wt"
for l in a b; do
  git checkout -q -b "lane-$l" main
  pyproject_with "httpx>=0.27" "ruamel-yaml" "dep-$l" > pyproject.toml
  uv lock
  git commit -q -am "lane $l"
done
git checkout -q main
pyproject_with "httpx>=0.27" "ruamel-yaml" "requests-mock" > pyproject.toml
uv lock
git commit -q -am "main moves"
for l in a b; do git worktree add -q "$scratch/wt-$l" "lane-$l"; done
: > "$scratch/uv.log"
for l in a b; do
  (cd "$scratch/wt-$l" && LANEMERGE_TEST_UV_SLEEP=1 git merge --no-edit main > "$scratch/wt-$l.out" 2>&1; echo $? > "$scratch/wt-$l.rc") &
done
wait
for l in a b; do
  [ "$(cat "$scratch/wt-$l.rc")" = 0 ] || { cat "$scratch/wt-$l.out"; fail "worktree $l merge failed"; }
  git -C "$scratch/wt-$l" show HEAD:uv.lock | grep -q "name = \"dep-$l\"" || fail "worktree $l lock stale"
  git -C "$scratch/wt-$l" show HEAD:uv.lock | grep -q 'name = "requests-mock"' || fail "worktree $l lock lost main's dep"
done
# start/end lines must alternate: no run starts before the previous ended.
awk '$1 == "start" { if (open) bad = 1; open = 1 } $1 == "end" { open = 0 } END { exit bad }' "$scratch/uv.log" ||
  fail "uv runs overlapped: $(cat "$scratch/uv.log")"
[ "$(grep -c '^start' "$scratch/uv.log")" -eq 2 ] || fail "expected two uv runs: $(cat "$scratch/uv.log")"
echo "ok"

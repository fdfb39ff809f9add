# The hooks around a merge that must carry a regenerated uv.lock:
#  - a chained user post-merge that fails never skips ours (the lock is
#    folded) and its status is reported;
#  - the folded commit's message is byte-identical to git's, and one line
#    names the regenerated lock and the new commit;
#  - in a rebase or cherry-pick stopped on conflicting locks, the hint names
#    `lanemerge relock`, which takes HEAD's lock, regenerates and stages it.
source "$(dirname "$0")/../e2e_lib.sh"
uv_dir="$(cd "$(dirname "$0")/../uv" && pwd)"
export PATH="$uv_dir:$PATH"

lanes() {  # lanes DIR [HOOK-TEXT]: main and lane each add a dependency and re-lock
  new_repo "$1"
  cd "$1"
  if [ -n "${2:-}" ]; then printf '%s' "$2" > .git/hooks/post-merge && chmod +x .git/hooks/post-merge; fi
  lanemerge install > /dev/null
  pyproject_with "httpx>=0.27" "ruamel-yaml" > pyproject.toml && uv lock
  git add . && git commit -q -m base
  git checkout -q -b lane
  pyproject_with "httpx>=0.27" "ruamel-yaml" "zz-lane" > pyproject.toml && uv lock && git commit -q -am lane
  git checkout -q main
  pyproject_with "httpx>=0.27" "ruamel-yaml" "zz-main" > pyproject.toml && uv lock && git commit -q -am main
}
has_both() { git show "$1" | grep -q 'name = "zz-lane"' && git show "$1" | grep -q 'name = "zz-main"'; }

# 1. The user's post-merge fails: ours still folds the regenerated lock.
lanes "$scratch/failing" $'#!/bin/sh\necho "user post-merge" >&2\nexit 3\n'
git merge --no-edit lane > "$scratch/out" 2>&1 || { cat "$scratch/out"; fail "merge failed"; }
grep -q "^user post-merge$" "$scratch/out" || fail "the user's post-merge did not run"
grep -q "lanemerge: .*hooks/post-merge.lanemerge-chained exited 3; lanemerge's post-merge hook runs all the same" "$scratch/out" ||
  { cat "$scratch/out"; fail "the user's status is not reported"; }
has_both HEAD:uv.lock || { cat "$scratch/out"; fail "a failing user hook skipped the fold: the merge commit's lock is stale"; }
[ -z "$(git status --porcelain)" ] || fail "left staged: $(git status --porcelain)"
[ -z "$(ls .git/lanemerge/pending 2> /dev/null)" ] || fail "the relock is still pending"

# 2. The fold keeps git's message byte for byte and says what it did, once.
lanes "$scratch/fold"
git merge --no-edit lane > "$scratch/out" 2>&1 || { cat "$scratch/out"; fail "merge failed"; }
before=$(git rev-parse HEAD@{1})   # git's own merge commit, before the fold
[ "$(git rev-parse HEAD^1)" = "$(git rev-parse "$before^1")" ] && [ "$(git rev-parse HEAD^2)" = "$(git rev-parse lane)" ] ||
  fail "the fold changed the parents"
git cat-file commit "$before" | sed '1,/^$/d' > "$scratch/msg.before"
git cat-file commit HEAD | sed '1,/^$/d' > "$scratch/msg.after"
cmp "$scratch/msg.before" "$scratch/msg.after" || fail "the folded message differs from git's"
[ "$(tail -c 2 "$scratch/msg.after" | od -An -c | tr -d ' ')" != '\n\n' ] || fail "the folded message gained a trailing blank line"
want="lanemerge: regenerated uv.lock folded into the merge commit $(git rev-parse HEAD | cut -c1-12) (was $(echo "$before" | cut -c1-12))"
[ "$(grep -c "folded into the merge commit" "$scratch/out")" -eq 1 ] && grep -qxF "$want" "$scratch/out" ||
  { cat "$scratch/out"; fail "no single line naming the regenerated lock and the new commit"; }
has_both HEAD:uv.lock || fail "the folded lock is stale"

# uv that outlives lanemerge.uvTimeout is stopped; the merge is not committed.
lanes "$scratch/slow-uv"
git config lanemerge.uvTimeout 1
start=$(date +%s)
if LANEMERGE_TEST_UV_SLEEP=30 git merge --no-edit lane > "$scratch/out" 2>&1; then fail "the merge should stop when uv times out"; fi
[ $(( $(date +%s) - start )) -lt 20 ] || fail "uv was not stopped after lanemerge.uvTimeout"
grep -q "lanemerge: \`uv lock\` in . did not finish within 1 s (lanemerge.uvTimeout) and was stopped" "$scratch/out" ||
  { cat "$scratch/out"; fail "no timeout message"; }
[ -f .git/MERGE_HEAD ] && [ "$(git rev-parse HEAD)" = "$(git rev-parse main)" ] || fail "a commit was made with a stale lock"
git merge --abort

# 3. Rebase stopped on conflicting locks: `lanemerge relock`, then continue.
lanes "$scratch/rebase"
git checkout -q lane
if git rebase main > "$scratch/out" 2>&1; then fail "the rebase should stop on the lock conflict"; fi
grep -q "lanemerge: uv.lock: manual: .*run \`lanemerge relock\` (it takes the lock of the side being rebased onto), then \`git rebase --continue\`" "$scratch/out" ||
  { cat "$scratch/out"; fail "the hint does not name lanemerge relock"; }
grep -q '^<<<<<<< ' uv.lock || fail "the lock conflict is not git's"
lanemerge relock 2> "$scratch/relock" || { cat "$scratch/relock"; fail "lanemerge relock failed in a rebase"; }
grep -q "regenerated uv.lock from HEAD's lock is staged; continue with \`git rebase --continue\`" "$scratch/relock" || fail "relock: $(cat "$scratch/relock")"
[ -z "$(git diff --name-only --diff-filter=U)" ] || fail "uv.lock still unmerged after relock"
has_both :uv.lock || fail "the staged lock is not regenerated from the merged pyproject.toml"
! git show :uv.lock | grep -q '^<<<<<<<' || fail "markers in the staged lock"
git rebase --continue > /dev/null 2>&1 || fail "rebase --continue failed"
has_both HEAD:uv.lock || fail "the rebased commit's lock is stale"

# 4. Cherry-pick: the same.
lanes "$scratch/pick"
if git cherry-pick lane > "$scratch/out" 2>&1; then fail "the cherry-pick should stop on the lock conflict"; fi
grep -q "run \`lanemerge relock\`" "$scratch/out" || { cat "$scratch/out"; fail "cherry-pick: the hint does not name lanemerge relock"; }
lanemerge relock 2> "$scratch/relock" || { cat "$scratch/relock"; fail "lanemerge relock failed in a cherry-pick"; }
grep -q "continue with \`git cherry-pick --continue\`" "$scratch/relock" || fail "relock: $(cat "$scratch/relock")"
has_both :uv.lock || fail "cherry-pick: the staged lock is not regenerated"
git cherry-pick --continue > /dev/null 2>&1 || fail "cherry-pick --continue failed"
has_both HEAD:uv.lock || fail "the picked commit's lock is stale"
echo "ok"

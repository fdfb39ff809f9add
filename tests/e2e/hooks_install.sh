# Hook shims: a hook that is not ours is kept, runs first, and comes back
# byte-identical on uninstall; core.hooksPath is honoured; a hook manager's
# directory is left alone with the lines to add printed; --no-hooks.
source "$(dirname "$0")/../e2e_lib.sh"
new_repo "$scratch/repo"
cd "$scratch/repo"
printf '#!/bin/sh\necho "user pre-commit ran" >> "%s/user-hook.log"\n' "$scratch" > .git/hooks/pre-commit
chmod 0750 .git/hooks/pre-commit
cp -p .git/hooks/pre-commit "$scratch/pre-commit.before"
cp .git/config "$scratch/config.before"

lanemerge install > "$scratch/out"
grep -q "keep and chain: pre-commit" "$scratch/out" || { cat "$scratch/out"; fail "the user's hook was not chained"; }
for h in pre-merge-commit post-merge pre-commit prepare-commit-msg; do
  [ -x ".git/hooks/$h" ] || fail "$h not installed"
  grep -q "lanemerge hook shim" ".git/hooks/$h" || fail "$h is not our shim"
done
cmp -s .git/hooks/pre-commit.lanemerge-chained "$scratch/pre-commit.before" || fail "the chained hook was altered"
lanemerge install | grep -q "already installed" || fail "a second install changed something"
echo x > f && git add f && git commit -q -m first
grep -q "user pre-commit ran" "$scratch/user-hook.log" || fail "the user's hook did not run"
# A linked worktree uses the same hooks directory (the common one).
git worktree add -q "$scratch/wt" -b wt
(cd "$scratch/wt" && lanemerge install) > "$scratch/out"
grep -q "unchanged: post-merge  ($scratch/repo/.git/hooks/post-merge)" "$scratch/out" ||
  { cat "$scratch/out"; fail "the worktree does not share the hooks"; }
git worktree remove --force "$scratch/wt"

lanemerge uninstall > /dev/null
cmp .git/hooks/pre-commit "$scratch/pre-commit.before" || fail "the user's hook did not come back byte-identical"
[ "$(stat -c %a .git/hooks/pre-commit)" = 750 ] || fail "the user's hook lost its mode"
for h in pre-merge-commit post-merge prepare-commit-msg; do [ ! -e ".git/hooks/$h" ] || fail "$h left behind"; done
[ ! -e .git/hooks/pre-commit.lanemerge-chained ] || fail "chained copy left behind"
cmp .git/config "$scratch/config.before" || fail "config not byte-identical after uninstall"

# core.hooksPath outside the work tree is honoured.
git config core.hooksPath "$scratch/hooks dir"
lanemerge install > /dev/null
[ -x "$scratch/hooks dir/post-merge" ] || fail "core.hooksPath not honoured"
[ ! -e .git/hooks/post-merge ] || fail "wrote into .git/hooks despite core.hooksPath"
lanemerge uninstall > /dev/null
[ ! -e "$scratch/hooks dir/post-merge" ] || fail "uninstall left the post-merge shim"
# core.hooksPath inside the work tree holds tracked files: nothing is written
# there; the lines to add are printed. --shared-hooks writes shims that call
# lanemerge from PATH (no path of this machine), only where no hook exists.
git config core.hooksPath .githooks
mkdir .githooks && printf '#!/bin/sh\necho team hook\n' > .githooks/pre-commit && chmod +x .githooks/pre-commit
git add .githooks && git commit -q -m "team hooks"
cp .githooks/pre-commit "$scratch/team.before"
lanemerge install > "$scratch/out"
for h in pre-merge-commit post-merge pre-commit prepare-commit-msg; do
  grep -qxF "add to $scratch/repo/.githooks/$h (tracked; lanemerge writes nothing there): lanemerge hook $h \"\$@\"" "$scratch/out" ||
    { cat "$scratch/out"; fail "no line to add for $h"; }
done
[ "$(ls .githooks)" = pre-commit ] || fail "install wrote into the tracked hooks folder: $(ls .githooks)"
lanemerge install --shared-hooks > "$scratch/out"
cmp -s .githooks/pre-commit "$scratch/team.before" || fail "--shared-hooks rewrote a tracked hook"
grep -qxF "add to $scratch/repo/.githooks/pre-commit (tracked; lanemerge writes nothing there): lanemerge hook pre-commit \"\$@\"" "$scratch/out" ||
  { cat "$scratch/out"; fail "--shared-hooks: no line for the existing tracked pre-commit"; }
grep -q "lanemerge hook post-merge \"\$@\"" .githooks/post-merge && ! grep -qF "$bin_dir" .githooks/post-merge ||
  fail "--shared-hooks shim does not call lanemerge from PATH: $(cat .githooks/post-merge)"
[ -x .githooks/post-merge ] || fail "--shared-hooks shim not executable"
lanemerge uninstall > /dev/null
[ "$(ls .githooks)" = pre-commit ] || fail "uninstall left shared shims: $(ls .githooks)"
rm -rf .githooks && git rm -rq --cached .githooks && git commit -q -m "no team hooks"
git config --unset core.hooksPath

# A hook manager: husky's core.hooksPath.
git config core.hooksPath .husky/_
mkdir -p .husky/_ && printf '#!/bin/sh\n. "$(dirname "$0")/h"\n' > .husky/_/pre-commit
cp .husky/_/pre-commit "$scratch/husky.before"
lanemerge install > "$scratch/out"
grep -qxF "add to $scratch/repo/.husky/post-merge (tracked; lanemerge writes nothing there): lanemerge hook post-merge \"\$@\"" "$scratch/out" ||
  { cat "$scratch/out"; fail "no instructions for husky"; }
cmp -s .husky/_/pre-commit "$scratch/husky.before" || fail "wrote into husky's directory"
[ ! -e .husky/_/post-merge ] || fail "wrote a shim into husky's directory"
lanemerge uninstall > /dev/null
git config --unset core.hooksPath

# --no-hooks: drivers only.
lanemerge install --no-hooks > /dev/null
[ ! -e .git/hooks/post-merge ] || fail "--no-hooks installed hooks"
git config merge.lanemerge-uvlock.driver > /dev/null || fail "--no-hooks did not install the drivers"

# The lanemerge executable removed without uninstall: commits still work.
mkdir "$scratch/bin2"
cp "$bin_dir"/lanemerge "$bin_dir"/lanemerge-* "$scratch/bin2/"
git config --unset core.hooksPath 2> /dev/null || true
"$scratch/bin2/lanemerge" install > /dev/null
rm "$scratch/bin2/lanemerge"
echo y > g && git add g
git commit -q -m "after the binary is gone" 2> "$scratch/err" || fail "a commit failed because the lanemerge executable is gone"
grep -q "pre-commit hook skipped: $scratch/bin2/lanemerge is gone" "$scratch/err" || fail "no warning: $(cat "$scratch/err")"
echo "ok"

# A conflict no rule resolves stays git's: git merge stops, the path is
# unmerged, and the file holds exactly what git leaves without the driver.
source "$(dirname "$0")/../e2e_lib.sh"
build() {  # build DIR INSTALL(0/1)
  new_repo "$1"
  cd "$1"
  if [ "$2" = 1 ]; then lanemerge install > /dev/null; git add .gitattributes; fi
  commit_freezegun_conflict
}
for style in merge diff3 zdiff3; do
  build "$scratch/with-$style" 1
  git config merge.conflictStyle "$style"
  if git merge --no-edit feature > "$scratch/out" 2>&1; then fail "merge should stop ($style)"; fi
  grep -q "lanemerge: pyproject.toml: manual: both sides added freezegun" "$scratch/out" ||
    { cat "$scratch/out"; fail "no manual reason on stderr ($style)"; }
  [ "$(git status --porcelain pyproject.toml)" = "UU pyproject.toml" ] || fail "pyproject.toml is not unmerged ($style)"
  assert_journal_last manual R-PYPROJECT-DEPS-UNION

  build "$scratch/without-$style" 0
  git config merge.conflictStyle "$style"
  git merge --no-edit feature > /dev/null 2>&1 && fail "reference merge should stop"
  # Labels aside: the base label differs (git names the merge base).
  norm() { sed -E 's/^(\|\|\|\|\|\|\|) .*/\1/' "$1"; }
  diff -u <(norm "$scratch/without-$style/pyproject.toml") <(norm "$scratch/with-$style/pyproject.toml") ||
    fail "conflict text differs from git's own ($style)"
done

# -c on the command line reaches the driver only through GIT_CONFIG_PARAMETERS.
build "$scratch/dash-c" 1
git -c merge.conflictStyle=diff3 merge --no-edit feature > /dev/null 2>&1 && fail "merge should stop"
grep -q '^||||||| ' pyproject.toml || fail "git -c merge.conflictStyle=diff3 was not honoured"
echo "ok"

# A driver that cannot run never loses theirs: the installed line falls back
# to git's text merge (`git merge-file`, with markers) when the driver's
# status is neither 0 nor 1 — the executable removed, one that cannot load
# a shared library, one killed by a signal. A driver that fails inside after
# reading its inputs leaves git's own conflict text and exits 1. doctor tells
# an older line (no fallback) apart and install refreshes it.
source "$(dirname "$0")/../e2e_lib.sh"
mkdir "$scratch/bin2"
cp "$bin_dir"/lanemerge "$bin_dir"/lanemerge-* "$scratch/bin2/"
build() {  # build DIR: main has freezegun>=2, feature freezegun>=1 (a conflict no rule resolves)
  new_repo "$1"
  cd "$1"
  cp "$bin_dir/lanemerge-pyproject" "$scratch/bin2/"
  "$scratch/bin2/lanemerge" install > /dev/null
  git add .gitattributes
  commit_freezegun_conflict
  git show :pyproject.toml > "$scratch/ours"
  git show feature:pyproject.toml > "$scratch/theirs"
  git show main~1:pyproject.toml > "$scratch/base"
}
# What the fallback must leave: git merge-file's text with the labels ours/base/theirs.
expected() {
  git merge-file -p --marker-size=7 -L ours -L base -L theirs "$scratch/ours" "$scratch/base" "$scratch/theirs" > "$scratch/expected" || true
}
check_fallback() {  # check_fallback CASE STATUS
  if git merge --no-edit feature > "$scratch/out" 2>&1; then fail "$1: the merge should stop"; fi
  [ "$(git status --porcelain pyproject.toml)" = "UU pyproject.toml" ] || fail "$1: pyproject.toml is not unmerged"
  expected
  cmp -s "$scratch/expected" pyproject.toml || { diff -u "$scratch/expected" pyproject.toml >&2; fail "$1: not git merge-file's text"; }
  grep -qx '<<<<<<< ours' pyproject.toml && grep -qx '>>>>>>> theirs' pyproject.toml || fail "$1: no markers"
  grep -q '"freezegun>=2"' pyproject.toml && grep -q '"freezegun>=1"' pyproject.toml || fail "$1: a side's line is missing"
  grep -qF "lanemerge: driver failed ($2), git's text merge used for pyproject.toml" "$scratch/out" ||
    { cat "$scratch/out"; fail "$1: no message naming the fallback"; }
}

# 1. The executable removed (a moved prefix, an upgrade that renamed it).
build "$scratch/removed"
rm "$scratch/bin2/lanemerge-pyproject"
check_fallback "removed" 127

# 2. An executable that cannot load a shared library (its soname changed).
build "$scratch/nolib"
sed 's/libgit2\.so\.1\.5/libgit2.so.9.9/' "$bin_dir/lanemerge-pyproject" > "$scratch/bin2/lanemerge-pyproject"
chmod +x "$scratch/bin2/lanemerge-pyproject"
set +e; "$scratch/bin2/lanemerge-pyproject" --version > /dev/null 2>&1; rc=$?; set -e
[ "$rc" -eq 127 ] || fail "the broken executable should fail to load (exit 127), got $rc"
check_fallback "no library" 127

# 3. A driver killed by a signal.
build "$scratch/killed"
printf '#!/bin/sh\nkill -KILL $$\n' > "$scratch/bin2/lanemerge-pyproject"
chmod +x "$scratch/bin2/lanemerge-pyproject"
check_fallback "killed" 137

# 4. An internal error after the inputs were read: git's own conflict text
#    (labels HEAD/feature, as git merge leaves it), exit 1, no fallback.
build "$scratch/fault"
if LANEMERGE_TEST_FAULT=after-read git merge --no-edit feature > "$scratch/out" 2>&1; then fail "fault: the merge should stop"; fi
grep -q "lanemerge: pyproject.toml: manual: git's conflict text left for you after an internal error" "$scratch/out" ||
  { cat "$scratch/out"; fail "fault: no manual line"; }
! grep -q "driver failed" "$scratch/out" || fail "fault: the driver exited other than 1"
grep -qx '<<<<<<< HEAD' pyproject.toml && grep -qx '>>>>>>> feature' pyproject.toml || fail "fault: no markers: $(cat pyproject.toml)"
grep -q '"freezegun>=2"' pyproject.toml && grep -q '"freezegun>=1"' pyproject.toml || fail "fault: a side's line is missing"
new_repo "$scratch/reference" && cd "$scratch/reference"
commit_freezegun_conflict
git merge --no-edit feature > /dev/null 2>&1 && fail "reference merge should stop"
cmp "$scratch/reference/pyproject.toml" "$scratch/fault/pyproject.toml" || fail "fault: not git's own conflict text"

# 5. The driver called directly: the fault leaves %A as git's conflict text, exit 1.
cd "$scratch/fault"
cp "$scratch/ours" A
set +e; LANEMERGE_TEST_FAULT=after-read lanemerge-pyproject "$scratch/base" A "$scratch/theirs" 7 pyproject.toml base ours theirs 2> "$scratch/err"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "fault: exit $rc, want 1"
grep -q "error: injected fault after reading the inputs" "$scratch/err" || fail "fault: $(cat "$scratch/err")"
grep -qx '<<<<<<< ours' A && grep -qx '>>>>>>> theirs' A || fail "fault: %A has no markers"

# 6. An older driver line (no fallback): doctor says so, install refreshes it.
cd "$scratch/fault" && git merge --abort
git config merge.lanemerge-pyproject.driver "'$scratch/bin2/lanemerge-pyproject' %O %A %B %L %P %S %X %Y"
"$scratch/bin2/lanemerge" doctor > "$scratch/doctor" || true
grep -q "^warn  driver lanemerge-pyproject: written by an older lanemerge, without the fallback to git's text merge" "$scratch/doctor" ||
  { cat "$scratch/doctor"; fail "doctor does not report the older line"; }
"$scratch/bin2/lanemerge" install | grep -q "^set: merge.lanemerge-pyproject.driver = '$scratch/bin2/lanemerge-pyproject' %O" ||
  fail "install did not refresh the older line"
git config merge.lanemerge-pyproject.driver | grep -qF "; git merge-file --marker-size=%L -L ours -L base -L theirs %A %O %B" ||
  fail "refreshed line lacks the fallback"
echo "ok"

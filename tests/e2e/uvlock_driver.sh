# The lock driver on its own, as git calls it during a merge our hooks follow:
# ours stays byte for byte and a relock is pending; an ours that is not a
# valid lock (conflict markers, also across the 1 MiB read boundary) is never
# kept: git's own outcome.
source "$(dirname "$0")/../e2e_lib.sh"
new_repo "$scratch/repo"
cd "$scratch/repo"
lanemerge install > /dev/null
git commit -q --allow-empty -m base
printf 'version = 1\n' > base.lock
printf 'version = 1\n[[package]]\nname = "a"\n' > ours.lock
printf 'version = 1\n[[package]]\nname = "b"\n' > theirs.lock
cp ours.lock A
GIT_REFLOG_ACTION="merge lane" lanemerge-uvlock base.lock A theirs.lock 7 uv.lock 2> "$scratch/err" || fail "followed merge: exit $?"
cmp A ours.lock || fail "ours was not kept byte for byte"
[ ! -s "$scratch/err" ] || fail "unexpected stderr: $(cat "$scratch/err")"
ls .git/lanemerge/pending/uv-lock-regenerate-*.json > /dev/null || fail "no pending relock"
assert_journal_last auto R-UVLOCK-REGENERATE
rm -rf .git/lanemerge/pending

# Markers in ours, straddling the first 1 MiB chunk.
head -c $((1024 * 1024 - 3)) /dev/zero | tr '\0' 'x' > big.lock
printf '\n<<<<<<< HEAD\nname = "a"\n=======\nname = "b"\n>>>>>>> lane\n' >> big.lock
cp big.lock A
if GIT_REFLOG_ACTION="merge lane" lanemerge-uvlock base.lock A theirs.lock 7 uv.lock 2> "$scratch/err"; then
  fail "an ours with conflict markers was kept"
fi
[ -z "$(ls .git/lanemerge/pending 2> /dev/null)" ] || fail "a relock was recorded for an invalid ours"
grep -q "manual" "$scratch/err" || fail "no manual line: $(cat "$scratch/err")"

# Not a merge our hooks follow: git's own text merge, with the warning.
cp ours.lock A
printf 'version = 1\n[[package]]\nname = "a"\n' > theirs2.lock
lanemerge-uvlock base.lock A theirs2.lock 7 uv.lock 2> "$scratch/err" || fail "identical additions should merge cleanly as text"
grep -q "warning: uv.lock must be regenerated" "$scratch/err" || fail "no warning: $(cat "$scratch/err")"
echo "ok"

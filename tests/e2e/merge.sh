# git merge with the driver installed by `lanemerge install`: the merge
# commits with no conflict, the union is sorted, the journal has the record.
source "$(dirname "$0")/../e2e_lib.sh"
setup_diverged "$scratch/repo"
git merge --no-edit feature > "$scratch/out" 2>&1 || { cat "$scratch/out"; fail "git merge failed"; }
assert_clean_merge_commit
assert_file pyproject.toml "$union_text"
assert_journal_last auto R-PYPROJECT-DEPS-UNION
lanemerge log | grep -q "R-PYPROJECT-DEPS-UNION   pyproject.toml" || fail "lanemerge log does not show the record"
echo "ok"

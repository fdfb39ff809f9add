# git rebase and git cherry-pick replay a commit onto a diverged branch: the
# driver resolves the conflict and the operation completes by itself.
source "$(dirname "$0")/../e2e_lib.sh"
setup_diverged "$scratch/repo"
git checkout -q feature
git rebase -q main || fail "git rebase stopped"
[ -z "$(git status --porcelain)" ] || fail "work tree not clean after rebase"
assert_file pyproject.toml "$union_text"
assert_journal_last auto R-PYPROJECT-DEPS-UNION

setup_diverged "$scratch/repo2"
git cherry-pick feature > /dev/null || fail "git cherry-pick stopped"
[ -z "$(git status --porcelain)" ] || fail "work tree not clean after cherry-pick"
assert_file pyproject.toml "$union_text"
assert_journal_last auto R-PYPROJECT-DEPS-UNION
echo "ok"

# git pull (merge and --rebase) from a remote whose branch diverged.
source "$(dirname "$0")/../e2e_lib.sh"
new_repo "$scratch/upstream"
cd "$scratch/upstream"
pyproject_with "httpx>=0.27" "ruamel-yaml" > pyproject.toml
printf 'pyproject.toml merge=lanemerge-pyproject\n' > .gitattributes
git add . && git commit -q -m base

for mode in merge rebase; do
  git clone -q "$scratch/upstream" "$scratch/lane-$mode"
done
pyproject_with "httpx>=0.27" "ruamel-yaml" "freezegun" > pyproject.toml
git commit -q -am "upstream: freezegun"

for mode in merge rebase; do
  cd "$scratch/lane-$mode"
  lanemerge install > /dev/null
  pyproject_with "httpx>=0.27" "ruamel-yaml" "requests-mock" > pyproject.toml
  git commit -q -am "lane: requests-mock"
  if [ "$mode" = merge ]; then
    git pull -q --no-rebase --no-edit origin main || fail "git pull failed"
    assert_clean_merge_commit
  else
    git pull -q --rebase origin main || fail "git pull --rebase failed"
    [ "$(git rev-list --parents -n 1 HEAD | wc -w)" -eq 2 ] || fail "pull --rebase made a merge commit"
    [ -z "$(git status --porcelain)" ] || fail "work tree not clean after pull --rebase"
  fi
  assert_file pyproject.toml "$union_text"
  assert_journal_last auto R-PYPROJECT-DEPS-UNION
done
echo "ok"

# With ruff on PATH (here: ruff's own I001 engine behind tests/ruff/ruff),
# a merged import block takes ruff's order; ruff is called with exactly the
# documented arguments from the repository top. lanemerge.ruff=required
# without ruff leaves the conflict.
source "$(dirname "$0")/../e2e_lib.sh"
standin=${LANEMERGE_RUFF_STANDIN:?}
[ -d "$(dirname "$standin")/node_modules" ] || fail "ruff stand-in not installed: npm ci --prefix $(dirname "$standin")"
mkdir -p "$scratch/bin"
ln -s "$standin" "$scratch/bin/ruff"
export LANEMERGE_TEST_RUFF_LOG="$scratch/ruff.log"

new_repo "$scratch/repo"
cd "$scratch/repo"
lanemerge install > /dev/null
mkdir -p "src dir/pkg"
printf 'import sys\nimport os\nfrom .x import A\n\nVALUE = 1\n' > "src dir/pkg/__init__.py"
git add . && git commit -q -m base
git checkout -q -b lane
printf 'import sys\nimport os\nfrom .x import A\nimport re\n\nVALUE = 1\n' > "src dir/pkg/__init__.py"
git commit -q -am "lane: re"
git checkout -q main
printf 'import sys\nimport os\nfrom .x import A\nimport json\n\nVALUE = 1\n' > "src dir/pkg/__init__.py"
git commit -q -am "main: json"
git branch -q before-merge

# Without ruff: the file's own order (the base block is not sorted: insertion order).
git merge --no-edit lane > /dev/null 2>&1 || fail "merge without ruff stopped"
assert_file "src dir/pkg/__init__.py" $'import sys\nimport os\nfrom .x import A\nimport json\nimport re\n\nVALUE = 1\n'
grep -q '"ruff":"absent"' "$(git rev-parse --git-dir)/lanemerge/journal.jsonl" || fail "journal does not say ruff was absent"

# With ruff: ruff's order for the block.
git reset -q --hard before-merge
PATH="$scratch/bin:$PATH" git merge --no-edit lane > "$scratch/out" 2>&1 || { cat "$scratch/out"; fail "merge with ruff stopped"; }
assert_file "src dir/pkg/__init__.py" $'import json\nimport os\nimport re\nimport sys\n\nfrom .x import A\n\nVALUE = 1\n'
tail -n 1 "$(git rev-parse --git-dir)/lanemerge/journal.jsonl" | grep -q '"ruff":"ran"' || fail "journal does not say ruff ran"
top=$(pwd)
grep -qF '"argv":["check","--select","I001","--fix-only","--stdin-filename","src dir/pkg/__init__.py","-"]' "$scratch/ruff.log" ||
  fail "ruff was called with other arguments: $(cat "$scratch/ruff.log")"
grep -qF "\"cwd\":\"$top\"" "$scratch/ruff.log" || fail "ruff did not run from the repository top: $(cat "$scratch/ruff.log")"

# required without ruff: the conflict stays.
git reset -q --hard before-merge
git config lanemerge.ruff required
if git merge --no-edit lane > "$scratch/out" 2>&1; then fail "merge should stop without ruff when required"; fi
grep -q "manual: lanemerge.ruff is required and ruff is not on PATH" "$scratch/out" || { cat "$scratch/out"; fail "no reason given"; }
git merge --abort
echo "ok"

# lanemerge sync: three lanes in three worktrees plus a lane without one.
# additive-only lanes merge (audit subject with lane=), a semantic conflict
# halts with the worktree byte-identical, an up-to-date lane is left alone,
# a dirty worktree is refused; --keep-going, --dry-run, the JSON report.
source "$(dirname "$0")/../e2e_lib.sh"
uv_dir="$(cd "$(dirname "$0")/../uv" && pwd)"
export PATH="$uv_dir:$PATH"

new_repo "$scratch/repo"
cd "$scratch/repo"
lanemerge install > /dev/null
pyproject_with "httpx>=0.27" "ruamel-yaml" > pyproject.toml
git add . && git commit -q -m base
lane() {  # lane NAME DEP
  git checkout -q -b "$1" main
  pyproject_with "httpx>=0.27" "ruamel-yaml" "$2" > pyproject.toml
  git commit -q -am "$1: $2"
}
lane a-additive freezegun
lane b-semantic "requests-mock>=1"
lane c-nowt pytest-cov
git checkout -q -b d-uptodate main
git checkout -q main
pyproject_with "httpx>=0.27" "ruamel-yaml" "requests-mock>=2" > pyproject.toml
git commit -q -am "main: requests-mock>=2"
git checkout -q d-uptodate && git merge -q --ff-only main && git checkout -q main
for l in a-additive b-semantic d-uptodate; do git worktree add -q "$scratch/wt-$l" "$l"; done
mission=$(git rev-parse main)
before_b=$(git rev-parse b-semantic)
(cd "$scratch/wt-b-semantic" && git status --porcelain > "$scratch/b.status.before" && cat pyproject.toml > "$scratch/b.before")

# --dry-run changes nothing.
lanemerge sync --dry-run --keep-going a-additive b-semantic c-nowt d-uptodate > "$scratch/dry" 2> /dev/null && fail "dry run should report the halt"
grep -q "^a-additive .* would merge" "$scratch/dry" || { cat "$scratch/dry"; fail "dry run: a"; }
grep -q "^b-semantic .* would halt .*conflicts need a person: pyproject.toml" "$scratch/dry" || { cat "$scratch/dry"; fail "dry run: b"; }
[ "$(git rev-parse a-additive)" != "$(git rev-parse main)" ] || fail "dry run merged"

# Default: stops at the first halt (lanes in order: a, b, c, d).
set +e
lanemerge sync a-additive b-semantic c-nowt d-uptodate > "$scratch/first" 2> "$scratch/progress"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "a halted lane must exit 1, got $rc"
grep -q "^c-nowt .* skipped" "$scratch/first" || { cat "$scratch/first"; fail "c should be skipped after the halt"; }
grep -q "lane 1 of 4 (a-additive)" "$scratch/progress" || fail "no progress lines"

# --keep-going, JSON report.
set +e
lanemerge sync --keep-going --jobs 2 --output-format json a-additive b-semantic c-nowt d-uptodate > "$scratch/report.json" 2> /dev/null; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "keep-going with a halt must exit 1, got $rc"
field() { grep -A12 "\"lane\": \"$1\"" "$scratch/report.json" | grep "\"$2\"" | head -n 1; }
field a-additive status | grep -q '"up to date"' || fail "a (merged in the first run) should now be up to date: $(cat "$scratch/report.json")"
field b-semantic status | grep -q '"halted"' || fail "b status"
field c-nowt status | grep -q '"merged"' || fail "c status: $(cat "$scratch/report.json")"
field c-nowt temporary_worktree | grep -q 'true' || fail "c should use a temporary worktree"
field d-uptodate status | grep -q '"up to date"' || fail "d status"
grep -q '"halt_reason": "conflicts need a person: pyproject.toml"' "$scratch/report.json" || fail "b halt reason"
grep -q '"rule": "R-PYPROJECT-DEPS-UNION"' "$scratch/report.json" || fail "classification rule missing"
grep -q "\"command\": \"git -C '$scratch/wt-b-semantic' merge main\"" "$scratch/report.json" || fail "b command: $(field b-semantic command)"
grep -q '"mission_sha": "'"$mission"'"' "$scratch/report.json" || fail "mission sha"

# The merged lanes: merge commits with the audit subject; c's temporary worktree is gone.
for l in a-additive c-nowt; do
  [ "$(git rev-list --parents -n 1 "$l" | wc -w)" -eq 3 ] || fail "$l is not a merge commit"
  git log -1 --format=%s "$l" | grep -qx "auto-rebase: 1 conflict resolved by classifier rules \[R-PYPROJECT-DEPS-UNION\] lane=$l" ||
    fail "$l subject: $(git log -1 --format=%s "$l")"
done
[ "$(git worktree list | wc -l)" -eq 4 ] || fail "a temporary worktree was left: $(git worktree list)"
# The halted lane: untouched, byte for byte.
[ "$(git rev-parse b-semantic)" = "$before_b" ] || fail "b moved"
(cd "$scratch/wt-b-semantic" && git status --porcelain | cmp - "$scratch/b.status.before" && cmp pyproject.toml "$scratch/b.before") ||
  fail "b's worktree changed"
[ ! -e "$scratch/wt-b-semantic/.git/MERGE_HEAD" ] && ! git -C "$scratch/wt-b-semantic" rev-parse -q --verify MERGE_HEAD > /dev/null ||
  fail "b's merge was not aborted"

# A dirty worktree is refused.
git checkout -q main && pyproject_with "httpx>=0.27" "ruamel-yaml" "requests-mock>=2" "zz" > pyproject.toml && git commit -q -am "main moves again"
echo "# local edit" >> "$scratch/wt-a-additive/pyproject.toml"
set +e
lanemerge sync a-additive > "$scratch/dirty"; rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q "^a-additive .* refused .*uncommitted changes" "$scratch/dirty" || { cat "$scratch/dirty"; fail "dirty worktree not refused"; }
echo "ok"

# lanemerge doctor: all ok after install (exit 0, JSON envelope with one
# entry per check); a driver pointing at a missing executable, a missing
# attribute line and a missing hook each fail with a fix (exit 1).
source "$(dirname "$0")/../e2e_lib.sh"
uv_dir="$(cd "$(dirname "$0")/../uv" && pwd)"
new_repo "$scratch/repo"
cd "$scratch/repo"
lanemerge install > /dev/null
PATH="$uv_dir:$PATH" lanemerge doctor > "$scratch/out" || { cat "$scratch/out"; fail "doctor should pass after install"; }
grep -q "^ok    uv: $uv_dir/uv (uv 0.0.0 (lanemerge test stand-in))" "$scratch/out" || { cat "$scratch/out"; fail "uv not reported"; }
PATH="$uv_dir:$PATH" lanemerge doctor --output-format json > "$scratch/json"
grep -q '"command": "doctor"' "$scratch/json" && grep -q '"exit_code": 0' "$scratch/json" || fail "doctor envelope: $(cat "$scratch/json")"
[ "$(grep -c '"check": ' "$scratch/json")" -ge 15 ] || fail "doctor JSON lacks its checks"

git config merge.lanemerge-uvlock.driver "/nonexistent/lanemerge-uvlock %O %A %B %L %P %S %X %Y"
sed -i '/urls.py/d' .gitattributes
rm .git/hooks/post-merge
set +e
lanemerge doctor > "$scratch/out"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "doctor should exit 1, got $rc"
grep -q "^FAIL  driver lanemerge-uvlock: /nonexistent/lanemerge-uvlock is not an executable" "$scratch/out" || { cat "$scratch/out"; fail "missing driver not reported"; }
grep -q "^FAIL  attribute urls.py: urls.py is not mapped to lanemerge-urls" "$scratch/out" || { cat "$scratch/out"; fail "missing attribute not reported"; }
grep -q "^FAIL  hook post-merge: no post-merge hook in $scratch/repo/.git/hooks/ -> run \`lanemerge install\`" "$scratch/out" || { cat "$scratch/out"; fail "missing hook not reported"; }

# An attribute that overrides ours (saleor has `*.lock -merge`): file and line.
lanemerge install > /dev/null
printf '# locks are binary to us\n*.lock -merge\n' >> .gitattributes
n=$(grep -n '^\*\.lock -merge$' .gitattributes | cut -d: -f1)
set +e; lanemerge doctor > "$scratch/out"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "an overridden attribute should fail doctor, got $rc"
grep -qxF "FAIL  attribute uv.lock: .gitattributes:$n: \`*.lock -merge\` overrides \`uv.lock merge=lanemerge-uvlock\` -> remove that line, or add \`uv.lock merge=lanemerge-uvlock\` after it" "$scratch/out" ||
  { cat "$scratch/out"; fail "the overriding attribute is not named"; }
mkdir -p .git/info && printf 'pyproject.toml binary\n' > .git/info/attributes
lanemerge doctor > "$scratch/out" || true
grep -qF "FAIL  attribute pyproject.toml: $scratch/repo/.git/info/attributes:1: \`pyproject.toml binary\` overrides" "$scratch/out" ||
  { cat "$scratch/out"; fail "the overriding info/attributes line is not named"; }
echo "ok"

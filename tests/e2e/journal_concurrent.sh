# Several drivers of one merge append to the journal at once: every record
# arrives whole, one JSON object per line.
source "$(dirname "$0")/../e2e_lib.sh"
new_repo "$scratch/repo"
cd "$scratch/repo"
pyproject_with "a" > base.toml
pyproject_with "a" "b" > ours.toml
pyproject_with "a" "c" > theirs.toml
n=24
for i in $(seq 1 $n); do
  cp ours.toml "ours-$i.toml"
  lanemerge-pyproject base.toml "ours-$i.toml" theirs.toml 7 "dir $i/pyproject.toml" 2> /dev/null &
done
wait
j=.git/lanemerge/journal.jsonl
[ "$(wc -l < "$j")" -eq "$n" ] || fail "expected $n journal lines, got $(wc -l < "$j")"
bad=$(grep -cv '^{"actions":\[\],.*"warnings":\[\]}$' "$j" || true)
[ "$bad" -eq 0 ] || fail "$bad journal line(s) are not whole records"
for i in $(seq 1 $n); do
  grep -q "\"path\":\"dir $i/pyproject.toml\"" "$j" || fail "record for dir $i missing"
done
echo "ok"

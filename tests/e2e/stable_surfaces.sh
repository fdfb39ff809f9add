# The surfaces that live for years in users' repositories (docs/compatibility.md)
# are pinned here: a change that would break installed configs fails this test.
source "$(dirname "$0")/../e2e_lib.sh"
golden="$(cd "$(dirname "$0")/../golden" && pwd)"
same() {  # same GOLDEN ACTUAL_FILE
  if ! diff -u "$golden/$1" "$2" >&2; then fail "stable surface changed: $1 (see docs/compatibility.md)"; fi
}
new_repo "$scratch/repo"
cd "$scratch/repo"
lanemerge install > /dev/null
git config --get-regexp '^merge\.lanemerge' | sed "s|$bin_dir|BIN|g" > "$scratch/config"
same config "$scratch/config"
same gitattributes .gitattributes
sed "s|$bin_dir|BIN|g" .git/hooks/post-merge > "$scratch/shim"
same shim-post-merge "$scratch/shim"
lanemerge --version --output-format json | sed -n '/"rules": \[/,/\]/p' | grep -o 'R-[A-Z-]*' > "$scratch/rules"
same rules "$scratch/rules"

# Journal field names, from a real merge record.
pyproject_with a > pyproject.toml && git add . && git commit -q -m base
git checkout -q -b lane && pyproject_with a b > pyproject.toml && git commit -q -am lane
git checkout -q main && pyproject_with a c > pyproject.toml && git commit -q -am main
git merge -q --no-edit lane > /dev/null 2>&1 || fail "merge failed"
tail -n 1 .git/lanemerge/journal.jsonl | grep -o '"[a-z_]*":' | tr -d '":' | sort -u > "$scratch/fields.all"
# Nested keys of "tools" are not journal fields.
grep -vx -e lanemerge -e libgit2 -e ruff "$scratch/fields.all" > "$scratch/fields"
same journal-fields "$scratch/fields"

# Envelope keys: data and error.
keys() { grep -o '^  "[a-z_]*"' | tr -d ' "' | sort | tr '\n' ' ' | sed 's/ $//'; }
{
  echo "data: $(lanemerge log --output-format json | keys)"
  echo "error: $(lanemerge bogus --output-format json | keys)"
  echo "error object: $(lanemerge bogus --output-format json | grep -o '^    "[a-z_]*"' | tr -d ' "' | sort | tr '\n' ' ' | sed 's/ $//')"
} > "$scratch/envelope"
same envelope-keys "$scratch/envelope"
echo "ok"

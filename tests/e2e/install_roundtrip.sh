# install twice, then uninstall: config and attributes files come back
# byte-identical; --private and --dry-run; JSON envelopes.
source "$(dirname "$0")/../e2e_lib.sh"
new_repo "$scratch/repo"
cd "$scratch/repo"
printf '*.png binary\n' > .gitattributes
cp .git/config "$scratch/config.before"
cp .gitattributes "$scratch/attributes.before"

lanemerge install --dry-run > "$scratch/dry"
grep -q "would set: merge.lanemerge-pyproject.driver" "$scratch/dry" || fail "dry run does not say what it would do"
cmp -s .git/config "$scratch/config.before" || fail "--dry-run changed the config"

lanemerge install > "$scratch/out"
grep -qx "next: commit .gitattributes (git add .gitattributes && git commit) so that every clone and lane merges with the drivers" "$scratch/out" ||
  { cat "$scratch/out"; fail "install does not say to commit .gitattributes"; }
driver=$(git config merge.lanemerge-pyproject.driver)
want="'$bin_dir/lanemerge-pyproject' %O %A %B %L %P %S %X %Y; s=\$?; [ \$s -le 1 ] && exit \$s; echo \"lanemerge: driver failed (\$s), git's text merge used for\" %P >&2; git merge-file --marker-size=%L -L ours -L base -L theirs %A %O %B"
[ "$driver" = "$want" ] || fail "driver line is '$driver'"
grep -qx 'pyproject.toml merge=lanemerge-pyproject' .gitattributes || fail "attribute line missing"
cp .git/config "$scratch/config.once"; cp .gitattributes "$scratch/attributes.once"
lanemerge install | grep -q "already installed" || fail "second install should change nothing"
cmp -s .git/config "$scratch/config.once" || fail "second install changed the config"
cmp -s .gitattributes "$scratch/attributes.once" || fail "second install changed .gitattributes"

lanemerge uninstall > /dev/null
cmp .git/config "$scratch/config.before" || fail "config not byte-identical after uninstall"
cmp .gitattributes "$scratch/attributes.before" || fail ".gitattributes not byte-identical after uninstall"

# --private: .git/info/attributes; a file install created is removed again.
rm -f .git/info/attributes
lanemerge install --private > /dev/null
grep -qx 'pyproject.toml merge=lanemerge-pyproject' .git/info/attributes || fail "--private did not write info/attributes"
cmp -s .gitattributes "$scratch/attributes.before" || fail "--private touched .gitattributes"
lanemerge uninstall --private > /dev/null
[ ! -e .git/info/attributes ] || fail "uninstall --private left info/attributes"
cmp .git/config "$scratch/config.before" || fail "config not byte-identical after --private round trip"

# JSON envelopes: data on success, the typed error otherwise.
lanemerge install --dry-run --output-format json > "$scratch/j1"
grep -q '"command": "install"' "$scratch/j1" && grep -q '"data": {' "$scratch/j1" && ! grep -q '"error"' "$scratch/j1" ||
  fail "install envelope: $(cat "$scratch/j1")"
set +e
lanemerge install --bogus --output-format json > "$scratch/j2"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "usage error should exit 2, got $rc"
grep -q '"kind": "usage"' "$scratch/j2" && ! grep -q '"data"' "$scratch/j2" || fail "usage envelope: $(cat "$scratch/j2")"
cd "$scratch"
set +e
lanemerge log --output-format json > "$scratch/j3"; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q '"kind": "filesystem"' "$scratch/j3" || fail "log outside a repository: $(cat "$scratch/j3")"
echo "ok"

# Installed from a directory whose name holds shell metacharacters
# (; & | ( ) < > $ backquote, both quotes, a backslash, spaces): the driver
# lines in git config and the hook shims quote it, so merges run the drivers
# and hooks from there, and nothing in the name is ever executed.
source "$(dirname "$0")/../e2e_lib.sh"
uv_dir="$(cd "$(dirname "$0")/../uv" && pwd)"
export PATH="$uv_dir:$PATH"
# Every metacharacter (the scratch directory's name has a space too).
install_from() {  # install_from DIR REPO: the executables copied to DIR, installed from there in a new REPO
  mkdir -p "$1"
  cp "$bin_dir"/lanemerge "$bin_dir"/lanemerge-* "$1/"
  new_repo "$2"
  cd "$2"
  "$1/lanemerge" install > /dev/null
}
odd="$scratch/odd ;&|()<>\$(touch INJECTED)\`touch INJECTED2\`'\"\\ x"
install_from "$odd" "$scratch/repo0"
# The program git runs is exactly the odd path.
exe="$odd/lanemerge-uvlock"
quoted="'${exe//\'/\'\\\'\'}'"
case "$(git config merge.lanemerge-uvlock.driver)" in
  "$quoted %O %A %B %L %P %S %X %Y; "*) ;;
  *) fail "driver line does not quote the path: $(git config merge.lanemerge-uvlock.driver) (want $quoted)" ;;
esac
"$odd/lanemerge" doctor > "$scratch/doctor" 2>&1 || { cat "$scratch/doctor"; fail "doctor fails after an install from the odd path"; }
"$odd/lanemerge" uninstall > /dev/null

# A name with only ; & | ( ) < > (nothing that looks like quoting): the
# merge runs the drivers and hooks from there.
top=$(mktemp -d /tmp/lanemerge-quoting.XXXXXX)
trap 'rm -rf "$scratch" "$top"' EXIT
odd="$top/x;id>INJ3;(y)&z|w<v>u"
install_from "$odd" "$scratch/repo"
lanemerge_odd() { "$odd/lanemerge" "$@"; }

pyproject_with "httpx>=0.27" "ruamel-yaml" > pyproject.toml
uv lock
git add . && git commit -q -m base
git checkout -q -b lane
pyproject_with "httpx>=0.27" "ruamel-yaml" "freezegun" > pyproject.toml && uv lock && git commit -q -am lane
git checkout -q main
pyproject_with "httpx>=0.27" "ruamel-yaml" "requests-mock" > pyproject.toml && uv lock && git commit -q -am main
# The odd directory is not on PATH: only the installed lines reach it.
PATH=$(echo "$PATH" | sed "s|$bin_dir:||") git merge --no-edit lane > "$scratch/out" 2>&1 || { cat "$scratch/out"; fail "merge failed"; }
assert_clean_merge_commit
assert_file pyproject.toml "$union_text"
assert_journal_last auto R-PYPROJECT-DEPS-UNION
git show HEAD:uv.lock | grep -q 'name = "freezegun"' && git show HEAD:uv.lock | grep -q 'name = "requests-mock"' ||
  fail "the hooks did not fold the regenerated lock: $(cat "$scratch/out")"
git log -1 --format=%B | grep -qx 'auto-rebase: 2 conflicts resolved by classifier rules \[R-PYPROJECT-DEPS-UNION, R-UVLOCK-REGENERATE\]' ||
  fail "no audit line: the prepare-commit-msg shim did not run"
for f in INJECTED INJECTED2 INJ3; do
  [ ! -e "$f" ] && [ ! -e "$scratch/$f" ] && [ ! -e "$odd/$f" ] || fail "a part of the path was executed ($f)"
done
lanemerge_odd uninstall > /dev/null
[ -z "$(git config --get-regexp '^merge\.lanemerge' || true)" ] || fail "uninstall left driver lines"
echo "ok"

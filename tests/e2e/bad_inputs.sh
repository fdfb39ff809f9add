# Bad input gets a clear one-line outcome and never a crash or a lost byte:
# empty files, a missing %O, huge files and lines, invalid UTF-8, NUL bytes,
# a BOM on one side only, mixed line endings, odd %P, a read-only or
# vanished %A, marker sizes 3 and 200, an unusable journal directory.
source "$(dirname "$0")/../e2e_lib.sh"
new_repo "$scratch/repo"
cd "$scratch/repo"
drv=lanemerge-pyproject
run() {  # run BASE OURS THEIRS [MARKER [PATH]]: result in A, exit in $rc, stderr in $scratch/err
  cp "$2" A
  set +e
  "$drv" "$1" A "$3" "${4:-7}" "${5:-pyproject.toml}" base HEAD theirs 2> "$scratch/err"
  rc=$?
  set -e
  [ "$rc" -le 2 ] || fail "exit $rc (a crash) for $*"
}
pyproject_with a > base; pyproject_with a b > ours; pyproject_with a c > theirs

# Empty files: a clean, empty merge.
: > e; run e e e
[ "$rc" -eq 0 ] && [ ! -s A ] || fail "empty files: exit $rc, $(wc -c < A) bytes"

# A missing %O: ours stays, exit 1, one line.
run /nonexistent/base ours theirs
[ "$rc" -eq 1 ] && cmp -s A ours || fail "missing %O: exit $rc"
[ "$(wc -l < "$scratch/err")" -eq 1 ] && grep -q "cannot read the base or theirs version; ours left in place" "$scratch/err" ||
  fail "missing %O message: $(cat "$scratch/err")"

# Invalid UTF-8 in each position: git's own conflict text, exit 1.
for pos in base ours theirs; do
  for f in base ours theirs; do cp "$f" "bad-$f"; done
  printf '# \xff\xfe\n' >> "bad-$pos"
  run bad-base bad-ours bad-theirs
  [ "$rc" -eq 1 ] && grep -q "^<<<<<<< HEAD" A || fail "invalid UTF-8 in $pos: exit $rc"
  grep -q "manual: invalid UTF-8; no rule ran" "$scratch/err" || fail "invalid UTF-8 in $pos: $(cat "$scratch/err")"
done

# NUL bytes: binary, ours kept byte for byte.
printf 'a\0b\n' > nul; run base nul theirs
[ "$rc" -eq 1 ] && cmp -s A nul && grep -q "binary content; ours left in place" "$scratch/err" || fail "NUL: exit $rc"

# BOM on one side only.
printf '\xef\xbb\xbf' | cat - ours > bom-ours; run base bom-ours theirs
[ "$rc" -eq 1 ] && grep -q "byte-order mark differs" "$scratch/err" || fail "BOM one side: exit $rc $(cat "$scratch/err")"

# Mixed line endings: whatever the outcome, a valid one.
sed 's/$/\r/' ours > crlf-ours; run base crlf-ours theirs
if [ "$rc" -eq 0 ]; then ! grep -q '^<<<<<<<' A || fail "mixed endings: markers in a clean result"; fi

# %P with spaces, quotes and non-ASCII: the stderr line and the journal name it.
pyproject_with a d > theirs2
p="sub dir/it's \"q\"/p\xc3\xa9/pyproject.toml"
p=$(printf "$p")
pyproject_with "a>=1" > bumped
run base bumped theirs2 7 "$p"
grep -qF "lanemerge: $p: manual:" "$scratch/err" || fail "odd %P in stderr: $(cat "$scratch/err")"
tail -n 1 .git/lanemerge/journal.jsonl | grep -qF '"path":"sub dir/it'"'"'s \"q\"/p' || fail "odd %P in the journal"

# Marker sizes 3 and 200.
run base ours theirs2 3; [ "$rc" -eq 0 ] || fail "marker size 3: exit $rc"
run base bumped theirs2 3
grep -q '^<<< HEAD$' A && ! grep -q '^<<<<' A || fail "marker size 3 not honoured"
run base bumped theirs2 200
grep -q "^$(printf '<%.0s' $(seq 200)) HEAD$" A || fail "marker size 200 not honoured"
printf '%s\n' "$(printf '=%.0s' $(seq 200))" >> bumped
run base bumped theirs2 200
grep -q "conflict markers already in an input" "$scratch/err" || fail "markers of size 200 in an input not seen: $(cat "$scratch/err")"

# A read-only %A is replaced; a vanished %A is an error, exit 2.
cp ours A; chmod 444 A
"$drv" base A theirs 7 pyproject.toml 2> "$scratch/err" || fail "read-only %A: exit $?"
grep -q '"c"' A || fail "read-only %A: no merge"
set +e; "$drv" base /nonexistent/A theirs 7 pyproject.toml 2> "$scratch/err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "error: cannot read ours" "$scratch/err" || fail "vanished %A: exit $rc $(cat "$scratch/err")"

# A single 10 MiB line, and a 50 MiB file.
{ printf '# '; head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' 'x'; printf '\n'; } > long
for f in base ours theirs; do cat long "$f" > "long-$f"; done
run long-base long-ours long-theirs
[ "$rc" -eq 0 ] && grep -q '"b"' A && grep -q '"c"' A || fail "10 MiB line: exit $rc"
[ "$(head -c 2 A)" = "# " ] && [ "$(head -n 1 A | wc -c)" -eq $((10 * 1024 * 1024 + 3)) ] || fail "10 MiB line not kept whole"
for i in 1 2 3 4 5; do cat long; done > huge
for f in base ours theirs; do cat huge "$f" > "huge-$f"; done
run huge-base huge-ours huge-theirs
[ "$rc" -eq 0 ] && [ "$(wc -c < A)" -gt $((50 * 1024 * 1024)) ] || fail "50 MiB file: exit $rc"

# An unusable journal directory: the merge still works, the failure is said.
rm -rf .git/lanemerge && : > .git/lanemerge
run base ours theirs
[ "$rc" -eq 0 ] && grep -q '"c"' A || fail "journal failure broke the merge: exit $rc"
grep -q "warning: journal not written" "$scratch/err" || fail "journal failure not reported: $(cat "$scratch/err")"
echo "ok"

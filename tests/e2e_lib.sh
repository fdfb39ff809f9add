# Shared set-up for the end-to-end tests: isolated git, throw-away
# repositories, pyproject.toml versions, and assertions that say what failed.
set -euo pipefail

bin_dir=${LANEMERGE_BIN_DIR:?LANEMERGE_BIN_DIR must point at the built executables}
export PATH="$bin_dir:$PATH"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.invalid
export GIT_EDITOR=true GIT_MERGE_AUTOEDIT=no

scratch=$(mktemp -d "/tmp/lanemerge e2e.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

new_repo() {  # new_repo DIR
  git init -q -b main "$1"
}

# pyproject_with DEP... : a pyproject.toml whose dependencies are the args.
pyproject_with() {
  printf '[project]\nname = "demo"\nversion = "0.1.0"\ndependencies = [\n'
  for d in "$@"; do printf '    "%s",\n' "$d"; done
  printf ']\n'
}

assert_file() {  # assert_file PATH EXPECTED_TEXT
  local want
  want=$(mktemp)
  printf '%s' "$2" > "$want"
  if ! cmp -s "$want" "$1"; then
    echo "--- expected / +++ actual: $1" >&2
    diff -u "$want" "$1" >&2 || true
    fail "unexpected content in $1"
  fi
  rm -f "$want"
}

assert_clean_merge_commit() {  # in a repo: HEAD is a merge commit, nothing unmerged
  [ -z "$(git diff --name-only --diff-filter=U)" ] || fail "unmerged paths left: $(git diff --name-only --diff-filter=U)"
  [ "$(git rev-list --parents -n 1 HEAD | wc -w)" -eq 3 ] || fail "HEAD is not a merge commit"
}

# The last journal record names the rule and the resolution.
assert_journal_last() {  # assert_journal_last RESOLUTION RULE
  local j
  j="$(git rev-parse --git-dir)/lanemerge/journal.jsonl"
  [ -s "$j" ] || fail "no journal at $j"
  local last
  last=$(tail -n 1 "$j")
  case "$last" in *"\"resolution\":\"$1\""*) ;; *) fail "journal resolution is not $1: $last" ;; esac
  case "$last" in *"\"rule\":\"$2\""*) ;; *) fail "journal rule is not $2: $last" ;; esac
}

# In a repository: base (pyproject.toml and the PATHs), then feature and
# main each adding one dependency. Ends on main.
commit_two_sides() {  # commit_two_sides FEATURE_DEP MAIN_DEP [PATH...]
  pyproject_with "httpx>=0.27" "ruamel-yaml" > pyproject.toml
  git add pyproject.toml "${@:3}"
  git commit -q -m base
  git checkout -q -b feature
  pyproject_with "httpx>=0.27" "ruamel-yaml" "$1" > pyproject.toml
  git commit -q -am "feature: $1"
  git checkout -q main
  pyproject_with "httpx>=0.27" "ruamel-yaml" "$2" > pyproject.toml
  git commit -q -am "main: $2"
}

# A repository with the driver installed, base and two diverging branches:
# main appends requests-mock, feature appends freezegun.
setup_diverged() {  # setup_diverged DIR
  new_repo "$1"
  cd "$1"
  lanemerge install > /dev/null
  commit_two_sides freezegun requests-mock .gitattributes
}

# base, feature (freezegun>=1) and main (freezegun>=2): a conflict no rule resolves.
commit_freezegun_conflict() { commit_two_sides "freezegun>=1" "freezegun>=2"; }

union_text=$(pyproject_with "freezegun" "httpx>=0.27" "requests-mock" "ruamel-yaml")
union_text+=$'\n'

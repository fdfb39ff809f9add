// What every generated-input test shares: seeds and randomness, small text
// helpers, a temporary git repository, one driver run through
// core::run_driver, git's own text merge as the reference, and the record
// of a failing case. See README.md in this directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/text_merge.hpp"

namespace lanemerge::property {

// ---------------------------------------------------------------------------
// Seeds and randomness (splitmix64: the same sequence on every platform).

struct Rng {
  std::uint64_t state;
  explicit Rng(std::uint64_t seed) : state(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) {}
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
};

std::optional<std::uint64_t> env_number(const char* name);

// The seeds a property test runs: LANEMERGE_PROPERTY_SEED alone, or
// LANEMERGE_PROPERTY_CASES (default `count`) seeds from
// LANEMERGE_PROPERTY_FIRST_SEED (default 1).
std::vector<std::uint64_t> seeds(std::uint64_t count);

bool verbose();

// The generator's random stream of one case: the seed mixed with the test's
// name, so that every test has cases of its own for the same seed.
std::uint64_t stream_of(std::uint64_t seed, const std::string& test_name);

// ---------------------------------------------------------------------------
// Small text helpers (independent of core's own normalization).

std::string replace_all(std::string s, const std::string& from, const std::string& to);
std::string trim(const std::string& s);
std::string trim_right(const std::string& s);
std::vector<std::string> lines_of(const std::string& text);  // without line endings
bool starts_with(const std::string& s, const std::string& p);
bool ends_with(const std::string& s, const std::string& p);
std::string lower(std::string s);
std::string visible(const std::string& text);  // \r shown as \\r

// PEP 503: lowercase, runs of -_. become one '-'.
std::string pep503(const std::string& name);
// The distribution name at the start of a PEP 508 requirement.
std::string requirement_name_of(const std::string& req);

// ---------------------------------------------------------------------------
// Files and a temporary git repository.

std::string read_all(const std::filesystem::path& p);
void write_all(const std::filesystem::path& p, const std::string& text);

class Repo {
public:
  Repo();
  ~Repo();
  Repo(const Repo&) = delete;
  Repo& operator=(const Repo&) = delete;
  const std::filesystem::path& dir() const { return dir_; }

private:
  std::filesystem::path dir_;
};

struct Run {
  int exit_code = -1;
  std::string result;
  std::string messages;
  std::string exception;  // what run_driver threw, if it threw
};

// One driver run as git runs it: %O %A %B in temporary files, labels base /
// ours / theirs, `lanemerge.policy` and merge.conflictstyle=merge given as
// GIT_CONFIG_PARAMETERS, no external tools (no ruff).
Run run_driver(const Repo& repo, const std::string& driver, const std::string& path, const std::string& base,
               const std::string& ours, const std::string& theirs, const std::string& policy,
               const std::string& marker_size);

// git's own text merge with the same labels, style and marker size.
core::TextMergeResult git_merge(const std::string& base, const std::string& ours, const std::string& theirs,
                                const std::string& marker_size);

// Writes a failing case to $TMPDIR/lanemerge-property-failures/<name>-seed-<S>/
// (base, ours, theirs, meta.txt) and returns the folder.
std::filesystem::path dump_case(const std::string& name, const std::string& driver, const std::string& path,
                                std::uint64_t seed, const std::string& marker_size, const std::string& base,
                                const std::string& ours, const std::string& theirs, const std::string& story,
                                const std::vector<std::string>& failures);

}  // namespace lanemerge::property

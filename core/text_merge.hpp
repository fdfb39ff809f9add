// Three-way text merge on libgit2's xdiff (what `git merge` itself runs),
// and a reader for the diff3-style output it produces.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace lanemerge::core {

// Initializes libgit2 once per process (shut down at exit).
void ensure_libgit2();

enum class ConflictStyle { Merge, Diff3, ZDiff3 };

// Parses git's names: "merge", "diff3", "zdiff3". Unknown → Merge.
ConflictStyle parse_conflict_style(std::string_view name);

struct Labels {
  std::string base = "base";
  std::string ours = "ours";
  std::string theirs = "theirs";
};

struct TextMergeOptions {
  int marker_size = 7;
  ConflictStyle style = ConflictStyle::Merge;
  Labels labels;
};

struct TextMergeResult {
  bool clean = false;
  std::string text;
  std::size_t conflicts = 0;  // number of conflicting regions
};

Expected<TextMergeResult> text_merge(std::string_view base, std::string_view ours,
                                     std::string_view theirs, const TextMergeOptions& options);

// One stretch of a merge: either text all sides agree on after merging, or a
// conflicting region with each side's lines (line endings kept).
struct MergeSegment {
  bool conflict = false;
  std::string merged;  // when !conflict
  std::string ours;
  std::string base;
  std::string theirs;
};

// Merge in diff3 style with internal labels and split the result into
// segments. Inputs must not contain conflict markers of size 7.
Expected<std::vector<MergeSegment>> merge_segments(std::string_view base, std::string_view ours,
                                                   std::string_view theirs);

}  // namespace lanemerge::core

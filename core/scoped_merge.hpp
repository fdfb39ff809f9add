// Merging a scoped document: the body of every top-level scope is replaced
// by a token, the skeletons are text-merged (a conflicting region there goes
// to the classifier's rules, which leave it to git unless one applies), then
// every scope is merged entry by entry and spliced back. Never a
// re-serialization of the document.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/entry_merge.hpp"
#include "core/scope_model.hpp"
#include "core/text_merge.hpp"

namespace lanemerge::core {

// A conflicting region of the skeletons (text outside the scopes).
struct SkeletonRegion {
  Reader reader = Reader::Toml;
  std::string_view driver_rule;  // the driver's first rule: it answers for the text around its scopes
  const MergeSegment* segment = nullptr;
  const ScopedDoc* base = nullptr;
  const ScopedDoc* ours = nullptr;
  const ScopedDoc* theirs = nullptr;
};

struct SkeletonResolution {
  bool resolved = false;
  std::string text;    // the region's merged lines
  std::string reason;  // why not
  std::string rule;
};
using SkeletonClassifier = std::function<SkeletonResolution(const SkeletonRegion&)>;

struct DocMerge {
  bool ok = false;
  std::string text;
  std::string reason;                // why not
  std::set<std::string> rules;       // credited with resolved conflicts
  std::set<std::string> kinds;       // scope kinds in which a conflict was resolved
  std::size_t resolved = 0;          // conflicting hunks resolved
};

// Entries that share a key in some version and whose kind tells them apart
// by text (several `from m import x as y` statements) get their text as key
// in every version given, and are merged as whole entries.
void key_repeated_entries_by_text(const std::vector<ScopedDoc*>& docs);

DocMerge merge_documents(const ScopedDoc& base, const ScopedDoc& ours, const ScopedDoc& theirs, Reader reader,
                         std::string_view driver_rule, Policy policy, const HunkClassifier& hunks, const SkeletonClassifier& skeleton);

// Byte used to build tokens; a text containing it is not merged.
inline constexpr char kScopeMark = '\x01';

}  // namespace lanemerge::core

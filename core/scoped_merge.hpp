// Merging a scoped document: every top-level scope body is replaced by a
// token, the skeletons are text-merged (they must merge cleanly, or a
// caller-supplied hook may resolve a conflicting region), then each scope is
// merged entry by entry and spliced back. Never a re-serialization.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "core/entry_merge.hpp"
#include "core/scoped_doc.hpp"
#include "core/text_merge.hpp"

namespace lanemerge::core {

struct DocMerge {
  bool ok = false;
  std::string text;
  std::string reason;               // why not
  std::set<std::string> rules;      // rules of the scopes whose conflicts were resolved
  std::set<std::string> resolved;   // ids of those scopes
};

// Resolves one conflicting region of the skeletons (base part empty or not),
// or returns false.
using SkeletonHook = std::function<bool(const MergeSegment& segment, std::string& resolved)>;

DocMerge merge_scoped(const ScopedDoc& base, const ScopedDoc& ours, const ScopedDoc& theirs, Policy policy,
                      const SkeletonHook& hook = {});

// The independent check of a merge result, read back from its text: in every
// scope, each key is present exactly when a three-way merge by key says so
// (kept by both, or added by a side, and not removed by a side), and an entry
// that is not a container holds the text that merge gives: one side's change,
// or both sides' identical change. A key both sides changed differently (or
// one removed while the other changed) has no right answer: an automatic
// result that holds or drops it is wrong. Returns what is wrong, or "".
std::string verify_presence(const ScopedDoc& base, const ScopedDoc& ours, const ScopedDoc& theirs,
                            const ScopedDoc& merged);

// Byte used to build tokens; a text containing it is not merged.
inline constexpr char kScopeMark = '\x01';

}  // namespace lanemerge::core

// One file's conflicts through the classifier: the three versions read into
// scopes by the driver's reader, merged entry by entry with every
// conflicting region decided by the rules, read back, validated and checked.
// Pure: texts in, a decision out.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline.hpp"
#include "core/rules.hpp"

namespace lanemerge::core {

struct FileMerge {
  Resolution resolution = Resolution::Manual;
  std::string text;                // the merged text (Auto)
  std::string rule;                // the rule that decided (first credited when Auto)
  std::vector<std::string> rules;  // every rule credited (Auto)
  std::set<std::string> kinds;     // scope kinds in which a conflict was resolved
  std::string reason;
};

FileMerge merge_file(const DriverProfile& profile, std::string_view base, std::string_view ours,
                     std::string_view theirs, const RuleContext& context);

// Reads a text with the driver's reader (Toml or Python).
Expected<ScopedDoc> read_document(const DriverProfile& profile, std::string_view text);

// Warnings for a clean text merge: a key held twice in a scope, or a result
// the reader cannot read.
std::vector<std::string> clean_merge_warnings(const DriverProfile& profile, std::string_view merged);

// Whether both sides changed a scope whose kind records `action` (so a lock
// only one side regenerated is stale against the merge). Unsure → true.
bool both_sides_changed(const DriverProfile& profile, Action action, std::string_view base, std::string_view ours,
                        std::string_view theirs);

}  // namespace lanemerge::core

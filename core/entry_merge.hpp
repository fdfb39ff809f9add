// The entry-level three-way merge that every union rule shares: scopes are
// split into entries (one requirement, one imported name, one list element),
// the three entry sequences are merged as git merges lines, and each
// conflicting hunk is resolved by key, or declared Manual.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace lanemerge::core {

enum class Policy { Additive, Keyed };
const char* policy_name(Policy policy);

enum class Side { Base, Ours, Theirs };

struct Entry {
  std::string key;        // what the entry binds (PEP 503 name, group name, …)
  std::string norm;       // its text without insignificant whitespace and separators
  bool container = false; // holds entries of its own (a dependency group)
  std::string text;       // the entry alone, without its comments (import statements: the sort text)
};

struct MergedEntry {
  Side side = Side::Ours;  // which version's text to render
  std::size_t index = 0;   // index in that version's entry list
  bool has_text = false;   // true when `text` replaces the version's text
  std::string text;        // a container merged entry by entry
};

// Merges a container entry changed by both sides; returns false with a reason
// when it cannot.
struct SubMerge {
  bool ok = false;
  std::string text;
  std::string reason;
};
using ContainerMerge = std::function<SubMerge(std::size_t base, std::size_t ours, std::size_t theirs)>;

struct EntryMergeResult {
  bool manual = false;
  std::string reason;
  std::vector<MergedEntry> entries;
  std::size_t resolved_hunks = 0;   // conflicting entry hunks resolved by key
};

EntryMergeResult merge_entries(const std::vector<Entry>& base, const std::vector<Entry>& ours,
                               const std::vector<Entry>& theirs, Policy policy,
                               const ContainerMerge& merge_container = {});

// True when the entries' keys are in non-decreasing byte order (fewer than
// two entries count as sorted).
bool sorted_by_key(const std::vector<Entry>& entries);

}  // namespace lanemerge::core

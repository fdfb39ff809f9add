// The entry-level three-way merge that every union rule shares. A scope's
// items (entries, comment lines, blank lines) are merged as git merges lines,
// with entries compared by meaning; a chunk that only one side changed is
// taken as git would take it, and each conflicting chunk (a hunk) is handed
// to the classifier's rules. The resolution the union rules share lines the
// hunk up by key: base entries keep their place, each side's insertions go
// where that side put them (ours before theirs at the same place), comments
// merge like text, and anything either side would lose is Manual.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <string>
#include <vector>

#include "core/scope_model.hpp"
#include "core/sequence_merge.hpp"

namespace lanemerge::core {

enum class Policy { Additive, Keyed };
const char* policy_name(Policy policy);

enum class Side { Base, Ours, Theirs };

// One scope in the three versions; base may be null (both sides added it).
struct ScopeTriple {
  const Scope* base = nullptr;
  const Scope* ours = nullptr;
  const Scope* theirs = nullptr;
  const Scope& side(Side s) const { return s == Side::Base ? *base : s == Side::Ours ? *ours : *theirs; }
};

// An item of the merge: which version's item is written, and what the merge
// decided beyond its own bytes.
struct MergedItem {
  Side side = Side::Ours;
  std::size_t index = 0;
  std::optional<std::string> text;      // a container merged entry by entry
  std::optional<std::string> trailing;  // the comment on its line, taken from another version
  bool from_base = false;  // an item the base has (kept by both sides)
  bool tail = false;  // a comment the base had after its last entry: sorting keeps it behind that entry
};

// A merged child scope, written out (its body's bytes).
struct ChildMerge {
  bool ok = false;
  std::string text;
  std::string reason;
};
// `line_changed`: a side changed the container's own line (its comment, its
// parentheses), so the whole statement is one conflicting region.
using ContainerMerger = std::function<ChildMerge(const std::string& child_id, bool line_changed)>;

// Keys of a scope's entries, as views of the entries' own keys.
using KeySet = std::unordered_set<std::string_view>;
using KeyIndex = std::unordered_map<std::string_view, std::size_t>;

// A conflicting hunk of one scope, as the rules see it.
struct EntryHunk {
  const ScopeKind* kind = nullptr;
  ScopeTriple scope;
  Chunk chunk;  // item ranges of the hunk in each version
  Policy policy = Policy::Additive;  // already additive where the kind does not allow keyed
  const KeySet* repeated = nullptr;     // keys several entries share (marker variants)
  const KeySet* base_keys = nullptr;    // every key of the base scope
  const KeyIndex* ours_keys = nullptr;  // key → item of ours' scope
  const KeyIndex* theirs_keys = nullptr;  // key → item of theirs' scope
  const ContainerMerger* merge_container = nullptr;
  std::size_t last_base_entry = kUnmatched;  // index of the base scope's last entry
};

struct HunkResolution {
  enum class Outcome { NotApplicable, Resolved, Manual } outcome = Outcome::NotApplicable;
  std::vector<MergedItem> items;
  std::string reason;
  std::string rule;
};
using HunkClassifier = std::function<HunkResolution(const EntryHunk&)>;

// What the union rules do with a hunk (pure: the hunk in, items or why not out).
HunkResolution resolve_entry_hunk(const EntryHunk& hunk);

struct ScopeMerge {
  bool ok = false;
  std::string reason;
  std::vector<MergedItem> items;
  Layout layout;
  std::size_t resolved_hunks = 0;
  std::set<std::string> rules;  // credited for the resolved hunks
};

// Merges a scope all three versions hold (or both sides, when base is null).
// `inside_changed_container`: the scope holds the entries of a container both
// sides changed (a group, a from-import) whose own line a side changed too:
// the statement is one conflicting region.
ScopeMerge merge_scope(const ScopeTriple& scope, Policy policy, const HunkClassifier& classify,
                       const ContainerMerger& merge_container, bool inside_changed_container = false);

// The frame of a container: its text with the child's body cut out.
std::string frame_of(const Item& item);

// Whether the entries of a scope are in order for its kind (fewer than two
// entries never count as sorted).
bool sorted_for(const Scope& scope);

}  // namespace lanemerge::core

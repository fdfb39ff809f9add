// A document seen as text plus the scopes a rule may merge entry by entry:
// each scope knows the bytes of its body, its layout and its entries. The
// TOML and Python readers both produce one.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/entry_merge.hpp"
#include "core/scope_render.hpp"

namespace lanemerge::core {

// Where an entry stands in its document.
struct EntrySpan {
  std::size_t begin = 0;    // bytes of the entry's value / statement
  std::size_t end = 0;
  std::string child_scope;  // for a container: the id of the scope holding its entries
};

// An entry as readers build it.
struct ScopeEntry {
  Entry entry;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string child_scope;
};

enum class MergeOrder {
  SortIfBaseSorted,  // order carries no meaning (dependencies, imports)
  SortIfAllSorted,   // order can matter (Python lists): sorted only if base and both sides are
};

struct Scope {
  std::string id;
  std::string rule;          // the rule that resolves conflicts in it
  bool nested = false;       // inside another scope (a group's array, an import's names)
  std::size_t body_begin = 0;
  std::size_t body_end = 0;
  BodyLayout layout;
  std::vector<Entry> entries;     // what the engine merges
  std::vector<EntrySpan> spans;   // parallel to `entries`
  MergeOrder order = MergeOrder::SortIfBaseSorted;
  bool sort_by_text = false;    // sort by the entry's own text (without comments) instead of key
  bool additions_only = false;  // each side must keep every base entry (imports)
  bool ignore_policy = false;   // `keyed` adds nothing here: always additive
  bool union_when_new = false;  // both sides adding it with different entries is a union
                                // (a table of groups), not a clash (one group twice)

  void add(ScopeEntry e) {
    entries.push_back(std::move(e.entry));
    spans.push_back(EntrySpan{e.begin, e.end, std::move(e.child_scope)});
  }
};

struct ScopedDoc {
  std::string text;
  std::map<std::string, Scope> scopes;  // by id
};

}  // namespace lanemerge::core

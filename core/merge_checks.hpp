// The independent checks of an automatic merge, read back from its text and
// compared with the three versions. Each says what is wrong, or nothing.
#pragma once

#include <string>

#include "core/scope_model.hpp"

namespace lanemerge::core {

struct Versions {
  const ScopedDoc& base;
  const ScopedDoc& ours;
  const ScopedDoc& theirs;
};

// Every key of every scope is present exactly when a three-way merge by key
// says so (kept by both, or added by a side, and not removed by a side), and
// an entry that is not a container holds the value and the comment that merge
// gives: one side's change, or both sides' identical change.
std::string check_entries(const Versions& v, const ScopedDoc& merged);

// Every comment line of the file appears as often as a three-way merge of
// the counts says: each side's change once, nothing lost, nothing doubled.
std::string check_comments(const Versions& v, const ScopedDoc& merged);

// No key, route or route name is held more often than any version held it.
std::string check_repeated_keys(const Versions& v, const ScopedDoc& merged);

// Python: no name bound by an import is bound more often than any version
// bound it (an import on one side, a def, class, assignment or another import
// of the same name on the other).
std::string check_bindings(const Versions& v, const ScopedDoc& merged);

// Python: what each imported name is bound to is the three-way merge of
// the versions: one side's change (a new module, a removal) taken, two
// different changes refused.
std::string check_import_targets(const Versions& v, const ScopedDoc& merged);

// urlpatterns: a catch-all route one side added may not stand before a route
// the other side added (at the same place or after it).
std::string check_catch_all(const Versions& v, const ScopedDoc& merged);

// All of the above, in order.
std::string check_merge(const Versions& v, const ScopedDoc& merged);

}  // namespace lanemerge::core

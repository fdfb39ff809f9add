// pyproject.toml read with toml++: the dependency scopes of
// R-PYPROJECT-DEPS-UNION, each with the bytes of its body and its entries.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/entry_merge.hpp"
#include "core/error.hpp"
#include "core/scope_render.hpp"

namespace lanemerge::core {

struct ScopeEntry {
  Entry entry;
  std::size_t begin = 0;    // bytes of the entry's value (`key = value` for tables)
  std::size_t end = 0;
  std::string child_scope;  // for a group: the id of its array scope
};

struct Scope {
  std::string id;           // "project.dependencies", "tool.poetry.group.dev.dependencies", …
  bool nested = false;      // lies inside another scope (a group's array)
  std::size_t body_begin = 0;
  std::size_t body_end = 0;
  std::size_t value_begin = 0;  // the whole value (`[ … ]`), for nested arrays
  std::size_t value_end = 0;
  BodyLayout layout;
  std::vector<ScopeEntry> entries;
  std::vector<Entry> plain_entries() const;
};

struct PyprojectDoc {
  std::string text;                     // without a byte-order mark
  std::map<std::string, Scope> scopes;  // by id
};

// Reads `text` (no BOM). A TOML syntax error is an Error of kind "parse".
Expected<PyprojectDoc> read_pyproject(std::string_view text);

}  // namespace lanemerge::core

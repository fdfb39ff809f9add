// Python files read with tree-sitter: the top import block (one entry per
// statement; a `from M import …` statement holds one entry per bound name)
// and module-level list constants (`urlpatterns`, `__all__`, UPPER_CASE),
// as scopes for the scoped merge, plus the facts the checks after a merge
// need: which names the imports bind, which routes and route names lists hold.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/scoped_doc.hpp"

namespace lanemerge::core {

struct PythonScopeOptions {
  std::string imports_rule;  // rule id for the import block; empty: no import scope
  bool lists = false;        // list constants (R-URLS-LIST-UNION)
};

struct PythonDoc {
  ScopedDoc doc;
  bool has_block = false;           // a top import block exists
  std::size_t block_begin = 0;      // its bytes: first statement's line start …
  std::size_t block_end = 0;        // … through the end of the last statement
  std::map<std::string, int> bindings;                         // name → times bound by the top imports
  std::map<std::string, std::map<std::string, int>> list_keys; // list id → "route …"/"name …" → count
};

// Fails (kind "parse") when the source has a syntax error.
Expected<PythonDoc> read_python(std::string_view text, const PythonScopeOptions& options);

inline constexpr const char* kImportScope = "python imports";

}  // namespace lanemerge::core

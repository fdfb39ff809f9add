// Python files read with tree-sitter: the scopes their rows in the
// scope-kind table select — the top import block (one entry per statement; a
// `from m import …` statement holds its names as a scope of their own) and
// module-level list constants (`urlpatterns`, `__all__`, UPPER_CASE, also as
// tuples and `+=`) — and the names every module-level statement binds.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/python_syntax.hpp"
#include "core/scope_model.hpp"

namespace lanemerge::core {

// A parse kept to read a similar text faster (tree-sitter parses only what
// differs).
struct PythonFactsCache;
struct PythonParse {
  std::string text;
  std::unique_ptr<PythonTree> tree;
  // What each statement's text says (its key, meaning, names bound), shared
  // by the reads of one merge: the versions hold mostly the same statements.
  std::shared_ptr<PythonFactsCache> facts;
};

// Fails (kind "parse") when the source has a syntax error. With `previous`,
// the text is parsed incrementally from it; with `keep`, the parse is kept.
Expected<ScopedDoc> read_python(std::string_view text, const std::vector<const ScopeKind*>& kinds,
                                const PythonParse* previous = nullptr, PythonParse* keep = nullptr);

// `NAME += [...]` blocks are paired by position: kept only where every
// version has the same number of them for NAME.
void pair_augmented_lists(std::vector<ScopedDoc*> docs);

// The bytes of the top import block's statements (first statement's line
// start through the end of the last statement's line), or nothing.
std::optional<std::pair<std::size_t, std::size_t>> import_block_range(std::string_view text);

}  // namespace lanemerge::core

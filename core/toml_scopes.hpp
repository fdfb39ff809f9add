// pyproject.toml read with toml++: the scopes its rows in the scope-kind
// table select (dependency arrays, tables of groups, Poetry dependency
// tables), each with its body split into items.
#pragma once

#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/scope_model.hpp"

namespace lanemerge::core {

// Reads `text` (no BOM) for the given rows (Reader::Toml ones are used). A
// TOML syntax error is an Error of kind "parse".
Expected<ScopedDoc> read_toml(std::string_view text, const std::vector<const ScopeKind*>& kinds);

// The rows of lanemerge-pyproject.
const std::vector<const ScopeKind*>& pyproject_kinds();

}  // namespace lanemerge::core

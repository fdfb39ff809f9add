// pyproject.toml read with toml++: the dependency scopes of
// R-PYPROJECT-DEPS-UNION, each with the bytes of its body and its entries.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/scoped_doc.hpp"

namespace lanemerge::core {

using PyprojectDoc = ScopedDoc;

// Reads `text` (no BOM). A TOML syntax error is an Error of kind "parse".
Expected<PyprojectDoc> read_pyproject(std::string_view text);

}  // namespace lanemerge::core

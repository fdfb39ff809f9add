// R-PYPROJECT-DEPS-UNION: union of additive conflicts in the dependency
// scopes of pyproject.toml, by text splice.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline.hpp"

namespace lanemerge::core {

RuleResult rule_pyproject_deps_union(const RuleInput& input, const RuleContext& context);

// Warnings for a clean text merge of pyproject.toml: a name held twice in a
// dependency scope, or a result that is not valid TOML.
std::vector<std::string> pyproject_clean_warnings(std::string_view merged);

// Whether both sides changed some dependency scope (so a lock that only one
// side regenerated is stale against the merge).
bool both_sides_changed_dependencies(std::string_view base, std::string_view ours, std::string_view theirs);

}  // namespace lanemerge::core

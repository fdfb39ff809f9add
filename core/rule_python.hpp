// The Python rules: R-INIT-IMPORTS-UNION (package __init__.py imports),
// R-PY-IMPORTS-UNION (the top import block of any other Python file) and
// R-URLS-LIST-UNION (urlpatterns, __all__, UPPER_CASE list constants).
// One scoped merge resolves all the regions of a file; each region is
// credited to the rule of its scope.
#pragma once

#include "core/pipeline.hpp"

namespace lanemerge::core {

RuleResult rule_init_imports_union(const RuleInput& input, const RuleContext& context);
RuleResult rule_py_imports_union(const RuleInput& input, const RuleContext& context);
RuleResult rule_urls_list_union(const RuleInput& input, const RuleContext& context);

// Replaces the top import block of `merged` by the top import block of
// `sorted` (what ruff made of `merged`), keeping everything else as merged.
// Fails when the text before the block differs or either does not parse.
bool take_import_block(std::string_view merged, std::string_view sorted, std::string& out, std::string& why);

}  // namespace lanemerge::core

#include "core/rules.hpp"

#include "core/rule_pyproject.hpp"
#include "core/rule_python.hpp"

namespace lanemerge::core {
namespace {

// R-UVLOCK-REGENERATE: a lock is never merged as text; when a hook of ours
// will regenerate it before the merge is committed, ours stands (a valid
// lock) and the relock is recorded. Otherwise the rule does not apply and
// the outcome is git's own.
RuleResult rule_uvlock_regenerate(const RuleInput& input, const RuleContext& context) {
  if (!context.hooks_follow) return RuleResult::not_applicable();
  (void)input;  // ours stays in %A as it is: nothing to write
  RuleResult r = RuleResult::automatic({}, "ours kept; uv.lock is regenerated before the merge is committed");
  r.actions.push_back("uv-lock-regenerate");
  return r;
}

RuleResult rule_default_manual(const RuleInput&, const RuleContext& context) {
  return RuleResult::manual("no classifier rule matched " + context.path);
}

}  // namespace

const std::vector<Rule>& classifier_rules() {
  static const std::vector<Rule> rules = {
      {"R-PYPROJECT-DEPS-UNION", &rule_pyproject_deps_union, Validator::Toml},
      {"R-INIT-IMPORTS-UNION", &rule_init_imports_union, Validator::Python},
      {"R-URLS-LIST-UNION", &rule_urls_list_union, Validator::Python},
      {"R-PY-IMPORTS-UNION", &rule_py_imports_union, Validator::Python},
      {"R-UVLOCK-REGENERATE", &rule_uvlock_regenerate, Validator::None},
      {"R-DEFAULT-MANUAL", &rule_default_manual, Validator::None},
  };
  return rules;
}

const std::vector<DriverProfile>& driver_profiles() {
  static const std::vector<DriverProfile> profiles = {
      {"lanemerge-pyproject", "pyproject.toml", {"R-PYPROJECT-DEPS-UNION"}, &pyproject_clean_warnings, false, true},
      {"lanemerge-pyinit", "__init__.py", {"R-INIT-IMPORTS-UNION", "R-URLS-LIST-UNION"}, nullptr, false, false},
      {"lanemerge-urls", "urls.py", {"R-URLS-LIST-UNION", "R-PY-IMPORTS-UNION"}, nullptr, false, false},
      {"lanemerge-uvlock", "uv.lock", {"R-UVLOCK-REGENERATE"}, nullptr, true, false},
  };
  return profiles;
}

const DriverProfile* find_profile(std::string_view driver) {
  for (const auto& p : driver_profiles())
    if (p.driver == driver) return &p;
  return nullptr;
}

}  // namespace lanemerge::core

// The classifier pipeline: an ordered constant list of pure rules, run first
// match wins; a rule that throws is Manual; every Auto result is validated by
// re-parsing before it is accepted.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/entry_merge.hpp"

namespace lanemerge::core {

enum class Resolution { NotApplicable, Auto, Manual };

struct RuleContext {
  std::string path;  // the real path in the repository (%P)
  Policy policy = Policy::Additive;
  std::vector<std::string_view> enabled;  // the driver's rules
  bool hooks_follow = false;  // a lanemerge hook will run before this merge is committed
};

struct RuleInput {
  std::string_view base;
  std::string_view ours;
  std::string_view theirs;
  std::size_t regions = 0;  // conflicting regions in git's text merge
};

struct RuleResult {
  Resolution resolution = Resolution::NotApplicable;
  std::string merged;
  std::vector<std::string> actions;
  std::string reason;
  std::vector<std::string> rules;  // rules credited with the regions, when not just this one
  bool sort_imports = false;       // an import block was merged: ruff may order it

  static RuleResult not_applicable() { return {}; }
  static RuleResult manual(std::string why) {
    RuleResult r;
    r.resolution = Resolution::Manual;
    r.reason = std::move(why);
    return r;
  }
  static RuleResult automatic(std::string text, std::string why) {
    RuleResult r;
    r.resolution = Resolution::Auto;
    r.merged = std::move(text);
    r.reason = std::move(why);
    return r;
  }
};

enum class Validator { None, Toml, Python };

using RuleFn = RuleResult (*)(const RuleInput&, const RuleContext&);

struct Rule {
  std::string_view id;
  RuleFn apply;
  Validator validator;
};

struct Classification {
  std::string rule;
  Resolution resolution = Resolution::Manual;
  std::string merged;
  std::string reason;
  std::vector<std::string> actions;
  std::vector<std::string> rules;  // every rule credited (first is `rule`)
  bool sort_imports = false;
};

// Runs the rules of `rules` whose id is in `enabled` (the last rule, the
// fail-safe default, always runs).
Classification classify(const std::vector<Rule>& rules, const std::vector<std::string_view>& enabled,
                        const RuleInput& input, const RuleContext& context);

// Empty when `text` is valid for `validator`, else why not.
std::string validate(Validator validator, std::string_view text);

}  // namespace lanemerge::core

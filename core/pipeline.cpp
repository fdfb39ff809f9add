#include "core/pipeline.hpp"

#include <algorithm>
#include <exception>

#include <toml++/toml.h>

#include "core/python_syntax.hpp"
#include "core/text.hpp"

namespace lanemerge::core {

std::string validate(Validator validator, std::string_view text) {
  switch (validator) {
    case Validator::None:
      return {};
    case Validator::Toml:
      try {
        std::string copy(strip_bom(text));
        (void)toml::parse(copy, std::string_view("merged"));
        return {};
      } catch (const toml::parse_error& e) {
        return "not valid TOML: " + std::string(e.description()) + " (line " + std::to_string(e.source().begin.line) +
               ")";
      }
    case Validator::Python:
      return python_syntax_problem(text);
  }
  return "unknown validator";
}

Classification classify(const std::vector<Rule>& rules, const std::vector<std::string_view>& enabled,
                        const RuleInput& input, const RuleContext& context) {
  Classification out;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i];
    bool last = i + 1 == rules.size();
    if (!last && std::find(enabled.begin(), enabled.end(), rule.id) == enabled.end()) continue;
    RuleResult r;
    try {
      r = rule.apply(input, context);
    } catch (const std::exception& e) {
      r = RuleResult::manual("rule " + std::string(rule.id) + " raised: " + e.what());
    } catch (...) {
      r = RuleResult::manual("rule " + std::string(rule.id) + " raised an unknown exception");
    }
    if (r.resolution == Resolution::NotApplicable) continue;
    out.rule = r.rules.empty() ? std::string(rule.id) : r.rules.front();
    out.resolution = r.resolution;
    out.reason = std::move(r.reason);
    out.actions = std::move(r.actions);
    out.rules = r.rules.empty() ? std::vector<std::string>{out.rule} : std::move(r.rules);
    out.sort_imports = r.sort_imports;
    if (r.resolution == Resolution::Auto) {
      std::string invalid = validate(rule.validator, r.merged);
      if (!invalid.empty()) {
        out.resolution = Resolution::Manual;
        out.reason = "post-merge validation failed: " + invalid;
        return out;
      }
      out.merged = std::move(r.merged);
    }
    return out;
  }
  out.rule = "R-DEFAULT-MANUAL";
  out.reason = "no classifier rule matched " + context.path;
  return out;
}

}  // namespace lanemerge::core

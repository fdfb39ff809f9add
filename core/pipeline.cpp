#include "core/pipeline.hpp"

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

Decision classify(const std::vector<Rule>& rules, const Region& region, const RuleContext& context) {
  Decision out;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i];
    RuleResult r;
    try {
      r = rule.apply(region, context);
    } catch (const std::exception& e) {
      r = RuleResult::manual("rule " + std::string(rule.id) + " raised: " + e.what());
    } catch (...) {
      r = RuleResult::manual("rule " + std::string(rule.id) + " raised an unknown exception");
    }
    if (r.resolution == Resolution::NotApplicable && i + 1 < rules.size()) continue;
    if (r.resolution == Resolution::NotApplicable) r = RuleResult::manual("no classifier rule matched " + context.path);
    out.rule = std::string(rule.id);
    out.result = std::move(r);
    return out;
  }
  out.rule = "R-DEFAULT-MANUAL";
  out.result = RuleResult::manual("no classifier rule matched " + context.path);
  return out;
}

}  // namespace lanemerge::core

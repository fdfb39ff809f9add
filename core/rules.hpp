// The closed, ordered list of classifier rules, and the drivers. Adding a
// rule: its body and one line in the list; adding a kind of file: a reader,
// rows in the scope-kind table and a driver here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline.hpp"
#include "core/scope_kinds.hpp"

namespace lanemerge::core {

const std::vector<Rule>& classifier_rules();

struct DriverProfile {
  std::string_view driver;   // executable and git driver name
  std::string_view pattern;  // its gitattributes pattern
  Reader reader;
  std::vector<const ScopeKind*> kinds;  // its rows of the scope-kind table
  std::string_view primary_rule;        // credited when the file as a whole is refused
};

const std::vector<DriverProfile>& driver_profiles();
const DriverProfile* find_profile(std::string_view driver);

}  // namespace lanemerge::core

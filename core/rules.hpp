// The closed, ordered list of classifier rules, and the driver profiles that
// say which rules each driver runs. Adding a rule: its body, one line here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline.hpp"

namespace lanemerge::core {

const std::vector<Rule>& classifier_rules();

struct DriverProfile {
  std::string_view driver;      // executable and git driver name
  std::string_view pattern;     // its gitattributes pattern
  std::vector<std::string_view> rules;
  std::vector<std::string> (*clean_warnings)(std::string_view merged);
  bool lock_first = false;     // the lock driver: its rule runs before any text merge
  bool records_relock = false; // a dependency merge beside a uv.lock records a relock
};

const std::vector<DriverProfile>& driver_profiles();
const DriverProfile* find_profile(std::string_view driver);

}  // namespace lanemerge::core

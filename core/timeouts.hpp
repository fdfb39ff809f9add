// Time limits of the programs lanemerge runs: one git config key per tool,
// read in one place.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/repository.hpp"

namespace lanemerge::core {

struct ToolTimeout {
  std::string_view tool;  // git, uv, ruff, lock (waiting for another worktree's relock)
  std::string_view key;   // lanemerge.<tool>Timeout
  int default_seconds;
};

const std::vector<ToolTimeout>& tool_timeouts();

// Seconds for `tool`: the key's value when it is a positive number, else the
// default. `lookup` reads a config key (lowercased: lanemerge.uvtimeout).
int timeout_seconds(std::string_view tool, const std::function<std::optional<std::string>(const std::string&)>& lookup);
// The same, from the repository's configuration.
int timeout_seconds(std::string_view tool, const Repository& repo);

}  // namespace lanemerge::core

#include "core/timeouts.hpp"

#include <cctype>

namespace lanemerge::core {

const std::vector<ToolTimeout>& tool_timeouts() {
  static const std::vector<ToolTimeout> table = {
      {"git", "lanemerge.gitTimeout", 300},
      {"uv", "lanemerge.uvTimeout", 600},
      {"ruff", "lanemerge.ruffTimeout", 60},
      {"lock", "lanemerge.lockTimeout", 300},
  };
  return table;
}

int timeout_seconds(std::string_view tool, const std::function<std::optional<std::string>(const std::string&)>& lookup) {
  for (const auto& t : tool_timeouts()) {
    if (t.tool != tool) continue;
    std::string key(t.key);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto v = lookup ? lookup(key) : std::nullopt) {
      try {
        std::size_t used = 0;
        int s = std::stoi(*v, &used);
        if (used == v->size() && s > 0) return s;
      } catch (const std::exception&) {
      }
    }
    return t.default_seconds;
  }
  return 0;
}

int timeout_seconds(std::string_view tool, const Repository& repo) {
  return timeout_seconds(tool, [&](const std::string& key) { return repo.config(key); });
}

}  // namespace lanemerge::core

// The one interface to other programs (ruff, uv): core says what to run,
// the executable's side implements how. Tests can substitute their own.
#pragma once

#include <optional>
#include <utility>
#include <string>
#include <vector>

namespace lanemerge::core {

struct ProcessResult {
  bool started = false;  // false: could not be run at all (see `error`)
  int exit_code = -1;    // -1 when killed by a signal
  std::string out;
  std::string err;
  std::string error;
};

class ProcessRunner {
public:
  virtual ~ProcessRunner() = default;
  // The absolute path of `program` on PATH, or nothing.
  virtual std::optional<std::string> find(const std::string& program) = 0;
  // `env` entries are added to (or replace in) the inherited environment.
  virtual ProcessResult run(const std::vector<std::string>& argv, const std::string& input, const std::string& cwd,
                            const std::vector<std::pair<std::string, std::string>>& env = {}) = 0;
};

}  // namespace lanemerge::core

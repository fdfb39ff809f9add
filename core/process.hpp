// The one interface to other programs (git, ruff, uv): core says what to
// run, core/platform implements how. Tests can substitute their own.
#pragma once

#include <optional>
#include <utility>
#include <string>
#include <vector>

namespace lanemerge::core {

struct ProcessResult {
  bool started = false;  // false: could not be run at all (see `error`)
  int exit_code = -1;    // -1 when killed by a signal or timed out
  bool timed_out = false;
  std::string out;
  std::string err;
  std::string error;
};

// Every child process has a time limit; 0 asks for this default.
inline constexpr int kDefaultTimeoutSeconds = 600;

class ProcessRunner {
public:
  virtual ~ProcessRunner() = default;
  // The absolute path of `program` on PATH, or nothing.
  virtual std::optional<std::string> find(const std::string& program) = 0;
  // `env` entries are added to (or replace in) the inherited environment.
  // A child still running after `timeout_s` seconds is stopped (with the
  // processes it started) and the result says `timed_out`.
  virtual ProcessResult run(const std::vector<std::string>& argv, const std::string& input, const std::string& cwd,
                            const std::vector<std::pair<std::string, std::string>>& env = {}, int timeout_s = 0) = 0;
};

}  // namespace lanemerge::core

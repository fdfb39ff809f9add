// core::ProcessRunner on POSIX: PATH lookup, fork/exec with stdin, stdout
// and stderr through pipes (poll, so large outputs never deadlock).
#pragma once

#include "core/process.hpp"

namespace lanemerge::drivers {

class PosixProcessRunner : public core::ProcessRunner {
public:
  std::optional<std::string> find(const std::string& program) override;
  core::ProcessResult run(const std::vector<std::string>& argv, const std::string& input, const std::string& cwd,
                          const std::vector<std::pair<std::string, std::string>>& env = {}) override;
};

}  // namespace lanemerge::drivers

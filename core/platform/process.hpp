// core::ProcessRunner on POSIX: PATH lookup; posix_spawn with argv,
// environment, working directory and pipes all prepared before the call
// (nothing process-wide changes, so threads may run children at once); poll
// so large outputs never deadlock; a time limit after which the child's
// whole process group gets SIGTERM, then SIGKILL.
#pragma once

#include <optional>
#include <string>

#include "core/process.hpp"

namespace lanemerge::platform {

// The absolute path of `program` on PATH (or `program` itself when it holds
// a slash and is executable).
std::optional<std::string> find_program(const std::string& program);

// Once, at the start of main(): a reader that goes away (a closed pipe)
// must give EPIPE, not kill us. Children get SIGPIPE's default back.
void ignore_sigpipe();

class PosixProcessRunner : public core::ProcessRunner {
public:
  std::optional<std::string> find(const std::string& program) override { return find_program(program); }
  core::ProcessResult run(const std::vector<std::string>& argv, const std::string& input, const std::string& cwd,
                          const std::vector<std::pair<std::string, std::string>>& env = {},
                          int timeout_s = 0) override;
};

}  // namespace lanemerge::platform

// The one interface to the git command line, for what libgit2 is not used
// for here (staging, plumbing that rewrites HEAD): every call runs `git`
// from the worktree top through a core::ProcessRunner.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/process.hpp"

namespace lanemerge::hooks {

class GitCli {
public:
  // `timeout_s`: each call's time limit (lanemerge.gitTimeout; 0: the default).
  GitCli(core::ProcessRunner& runner, std::string top, int timeout_s = 0)
      : runner_(runner), top_(std::move(top)), timeout_s_(timeout_s) {}

  // `timeout_s` < 0: the instance's limit.
  core::ProcessResult run(const std::vector<std::string>& args, const std::string& input = {},
                          const std::vector<std::pair<std::string, std::string>>& env = {}, int timeout_s = -1) const;
  // stdout without its final newline when the command succeeded, else empty.
  std::string out(const std::vector<std::string>& args,
                  const std::vector<std::pair<std::string, std::string>>& env = {}) const;
  bool ok(const std::vector<std::string>& args,
          const std::vector<std::pair<std::string, std::string>>& env = {}) const;
  const std::string& top() const { return top_; }

private:
  core::ProcessRunner& runner_;
  std::string top_;
  int timeout_s_ = 0;
};

}  // namespace lanemerge::hooks

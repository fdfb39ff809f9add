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
  GitCli(core::ProcessRunner& runner, std::string top) : runner_(runner), top_(std::move(top)) {}

  core::ProcessResult run(const std::vector<std::string>& args, const std::string& input = {},
                          const std::vector<std::pair<std::string, std::string>>& env = {}) const;
  // stdout without its final newline when the command succeeded, else empty.
  std::string out(const std::vector<std::string>& args,
                  const std::vector<std::pair<std::string, std::string>>& env = {}) const;
  bool ok(const std::vector<std::string>& args,
          const std::vector<std::pair<std::string, std::string>>& env = {}) const;
  const std::string& top() const { return top_; }

private:
  core::ProcessRunner& runner_;
  std::string top_;
};

}  // namespace lanemerge::hooks

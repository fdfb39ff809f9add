// `lanemerge hook <name>`: what the shims in the hooks directory run, and
// `lanemerge relock`. They carry out the pending actions of the merge in
// progress (regenerating uv.lock) so that the merge commit carries a lock
// consistent with its pyproject.toml, and write the audit line.
#pragma once

#include <string>
#include <vector>

#include "core/merge_identity.hpp"
#include "core/process.hpp"
#include "core/repository.hpp"

namespace lanemerge::hooks {

struct HookOutcome {
  int exit_code = 0;
  std::vector<std::string> messages;  // for stderr
};

// `name`: pre-merge-commit, post-merge, pre-commit, prepare-commit-msg.
HookOutcome run_hook(const std::string& name, const std::vector<std::string>& args, const core::Repository& repo,
                     core::ProcessRunner& runner, const core::MergeEnvironment& env, const std::string& lane);

// Runs every pending relock now (and folds it into HEAD when HEAD is the
// merge it belongs to). In a rebase or cherry-pick stopped on a conflicted
// lock: takes the lock of the side being rebased (picked) onto, regenerates
// and stages it.
HookOutcome relock_now(const core::Repository& repo, core::ProcessRunner& runner, const core::MergeEnvironment& env);

inline const std::vector<std::string>& hook_names() {
  static const std::vector<std::string> names{"pre-merge-commit", "post-merge", "pre-commit", "prepare-commit-msg"};
  return names;
}

}  // namespace lanemerge::hooks

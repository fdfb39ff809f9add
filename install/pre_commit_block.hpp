// `lanemerge install --print-pre-commit`: the `repo: local` block a team
// adds to its .pre-commit-config.yaml to run lanemerge's hooks through the
// pre-commit framework. Never written by lanemerge: the file is tracked, and
// pre-commit refuses to run while it is unstaged.
#pragma once

#include <string>

#include "core/process.hpp"

namespace lanemerge::install {

// "3.0.4" from `pre-commit --version`, or empty when pre-commit is not found.
std::string pre_commit_version(core::ProcessRunner& runner);

// The block, with the stage names of pre-commit `version` (before 3.2:
// commit, merge-commit; from 3.2: pre-commit, pre-merge-commit; empty
// version: the current names).
std::string pre_commit_block(const std::string& version);

}  // namespace lanemerge::install

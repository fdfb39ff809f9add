// The hook shims `lanemerge install` writes and `uninstall` removes.
//
// A hook that is not ours is kept and runs first (as <hook>.lanemerge-chained).
// Hook managers: pre-commit runs a foreign hook it found as <hook>.legacy, so
// our shim lives there under pre-commit's script; lefthook does not run the
// <hook>.old it backs up, so its script is chained under our shim like any
// user hook. A hooks directory inside the work tree (core.hooksPath, husky)
// holds tracked files: nothing is written there unless asked
// (--shared-hooks: shims calling `lanemerge` from PATH, only where no hook
// exists); otherwise the lines to add are printed.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/repository.hpp"
#include "install/installer.hpp"

namespace lanemerge::install {

// The text of the shim written as hook `name`, calling `lanemerge` at `exe`
// (empty: `lanemerge` from PATH).
std::string shim_text(const std::string& name, const std::string& exe);

core::Expected<bool> install_hooks(const core::Repository& repo, const InstallOptions& options, std::vector<Step>& steps);
core::Expected<bool> uninstall_hooks(const core::Repository& repo, const InstallOptions& options,
                                     std::vector<Step>& steps);

// Whether the hooks directory is inside the work tree (tracked, shared).
bool hooks_in_work_tree(const core::Repository& repo);

}  // namespace lanemerge::install

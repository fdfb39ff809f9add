// `lanemerge install` / `uninstall`: the driver lines in git config and the
// attribute lines, planned first (for --dry-run and the report), then applied.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/repository.hpp"

namespace lanemerge::install {

struct InstallOptions {
  bool global = false;    // ~/.gitconfig and the user's attributes file
  bool private_ = false;  // .git/info/attributes instead of .gitattributes
  bool dry_run = false;
  bool hooks = true;      // also the hook shims (local installs)
  bool shared_hooks = false;  // core.hooksPath in the work tree: write shims calling lanemerge from PATH
  std::string bin_dir;    // where the driver executables are (absolute)
};

struct Step {
  std::string kind;    // set-config / unset-config / add-attribute / remove-attribute / add-hook / chain-hook /
                       // remove-hook / restore-hook / print-hook (a line to add by hand) / note
  std::string target;  // file changed
  std::string key;     // config key or attribute line
  std::string value;
  bool changed = false;  // false: already as wanted
};

core::Expected<std::vector<Step>> install(const core::Repository* repo, const InstallOptions& options);
core::Expected<std::vector<Step>> uninstall(const core::Repository* repo, const InstallOptions& options);

// A filesystem error of operation `op` on `target`.
core::Error fs_error(const std::string& op, const std::string& target, const std::string& message);

// The full driver command line written to git config (docs/compatibility.md).
std::string driver_command(const std::string& bin_dir, const std::string& driver);
// A line of ours written by an earlier version (no fallback to git's text merge).
bool is_older_driver_command(const std::string& line, const std::string& bin_dir, const std::string& driver);

}  // namespace lanemerge::install

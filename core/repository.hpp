// The one interface to git's repository data (libgit2): discovery, the
// per-worktree and common git directories, and configuration.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

struct git_repository;

namespace lanemerge::core {

enum class ConfigLevel { Local, Global };

class Repository {
public:
  // Finds the repository enclosing `start` (or the one named by `git_dir`
  // when not empty, as git exports GIT_DIR to the programs it runs).
  static Expected<Repository> discover(const std::string& start, const std::string& git_dir = {});

  std::string git_dir() const;     // per worktree, ends with '/'
  std::string common_dir() const;  // shared by all worktrees, ends with '/'
  std::string workdir() const;     // top of the worktree, ends with '/'; empty when bare
  std::string hooks_dir() const;   // core.hooksPath (relative to the top) or <common dir>/hooks, ends with '/'
  std::string head_sha() const;    // the commit HEAD names, or empty
  // The commit a revision names (a branch, a sha, HEAD^1), or empty.
  std::string resolve_commit(const std::string& revision) const;

  // A configuration value (all levels, later ones win), or nothing.
  std::optional<std::string> config(const std::string& key) const;

  // Sets or removes one key at `level`. Removing a key that is not there is
  // not an error. The section header is removed when it is left empty.
  Expected<bool> set_config(ConfigLevel level, const std::string& key, const std::string& value) const;
  Expected<bool> unset_config(ConfigLevel level, const std::string& key) const;
  std::optional<std::string> config_at(ConfigLevel level, const std::string& key) const;
  std::string config_path(ConfigLevel level) const;

private:
  std::shared_ptr<git_repository> repo_;
};

// `git -c k=v` reaches programs git runs only as GIT_CONFIG_PARAMETERS:
// "'merge.conflictstyle'='diff3' 'a.b=c'". Keys are lowercased.
std::map<std::string, std::string> parse_config_parameters(std::string_view value);

std::string libgit2_version();

}  // namespace lanemerge::core

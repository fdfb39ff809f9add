// Pending actions of a merge (regenerating a uv.lock): recorded by drivers,
// carried out by the hooks. One file per action under
// <git dir>/lanemerge/pending/, written atomically; an action belongs to one
// merge (the HEAD it was recorded on and the commit being merged).
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"

namespace lanemerge::core {

inline constexpr const char* kRelockAction = "uv-lock-regenerate";

struct PendingAction {
  std::string id;           // file name, derived from kind and path: one action per lock
  std::string kind;         // "uv-lock-regenerate"
  std::string lock_path;    // repository-relative path of the lock
  std::string project_dir;  // repository-relative directory of its pyproject.toml ("" = top)
  std::string head;         // HEAD when recorded (ours)
  std::string merge_head;   // the commit being merged (GITHEAD_<sha>)
  std::string recorded_at;  // UTC timestamp
  long long recorded_ns = 0;  // for ordering against ORIG_HEAD's time
  std::string state = "pending";  // pending / staged
  std::string staged_blob;  // blob id of the regenerated lock once staged
  std::string driver;
};

PendingAction relock_action(const std::string& lock_path, const std::string& head, const std::string& merge_head,
                            const std::string& driver);
Expected<bool> save_pending(const std::string& git_dir, const PendingAction& action);
std::vector<PendingAction> load_pending(const std::string& git_dir);
void remove_pending(const std::string& git_dir, const std::string& id);

// What a driver can tell about the operation it runs in (from git's
// environment and the git directory).
struct MergeSituation {
  bool merge_or_pull = false;   // GIT_REFLOG_ACTION starts with "merge " or "pull"
  bool rebasing = false;        // rebase-merge/ or rebase-apply/ exists
  bool picking = false;         // CHERRY_PICK_HEAD or REVERT_HEAD exists
  bool hooks_installed = false; // our pre-merge-commit, post-merge and pre-commit shims are in place
  bool followed() const { return merge_or_pull && !rebasing && !picking && hooks_installed; }
};

MergeSituation merge_situation(const std::string& git_dir, const std::string& hooks_dir,
                               const std::string& reflog_action);

// Marker every hook shim carries; how install, the drivers and doctor tell ours.
inline constexpr const char* kShimMarker = "lanemerge hook shim";

bool is_our_shim(const std::string& path);

}  // namespace lanemerge::core

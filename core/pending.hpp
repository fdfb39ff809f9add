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
  std::string id;           // file name, derived from kind and path: one action per lock (relock_id)
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

struct MergeIdentity;

// The actions of merge `m`; with `drop_others`, those of any other merge
// (one that was aborted, say) are removed.
std::vector<PendingAction> pending_of(const std::string& git_dir, const MergeIdentity& m, bool drop_others);

// A stable id for the relock of `lock_path` (the same in every build and
// version: FNV-1a 64 of the path).
std::string relock_id(const std::string& lock_path);

}  // namespace lanemerge::core

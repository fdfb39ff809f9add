// Lock files, released by their destructors:
//  - FlockLock: an exclusive flock(2) on a file that stays; a killed holder
//    releases it (the relock lock shared by all worktrees).
//  - GitLockFile: git's own protocol for a file it may write at the same
//    time (`<path>.lock` created exclusively, written, renamed over <path>).
#pragma once

#include <string>

#include "core/platform/fd.hpp"

namespace lanemerge::platform {

class FlockLock {
public:
  // Waits up to `timeout_s`; false with `why` when it cannot have the lock.
  bool acquire(const std::string& path, int timeout_s, std::string& why);
  bool timed_out() const { return timed_out_; }

private:
  UniqueFd fd_;
  bool timed_out_ = false;
};

class GitLockFile {
public:
  // False when another program holds `<path>.lock` (or it cannot be made).
  bool acquire(const std::string& path, std::string& why);
  // Writes `text` as the new content of the file and renames it in place.
  bool commit(const std::string& text, std::string& why);
  ~GitLockFile();

private:
  UniqueFd fd_;
  std::string path_;
  bool held_ = false;
};

}  // namespace lanemerge::platform

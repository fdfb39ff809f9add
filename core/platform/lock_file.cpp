#include "core/platform/lock_file.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/platform/temp_file.hpp"

namespace lanemerge::platform {

bool FlockLock::acquire(const std::string& path, int timeout_s, std::string& why) {
  fd_.reset(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666));
  if (!fd_) {
    why = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      why = "cannot lock " + path + ": " + std::strerror(errno);
      return false;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      timed_out_ = true;
      why = "waited " + std::to_string(timeout_s) + " s for " + path;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

bool GitLockFile::acquire(const std::string& path, std::string& why) {
  path_ = path;
  std::string lock = path + ".lock";
  fd_.reset(::open(lock.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  if (!fd_) {
    why = errno == EEXIST ? lock + " exists: another git command is writing " + path +
                                " (if none is running, remove the stale lock file)"
                          : "cannot create " + lock + ": " + std::strerror(errno);
    return false;
  }
  held_ = true;
  return true;
}

bool GitLockFile::commit(const std::string& text, std::string& why) {
  std::string lock = path_ + ".lock";
  struct stat st {};
  mode_t mode = stat(path_.c_str(), &st) == 0 ? (st.st_mode & 07777) : static_cast<mode_t>(new_file_mode());
  if (!write_all(fd_.get(), text.data(), text.size()) || fchmod(fd_.get(), mode) != 0 ||
      ::close(fd_.release()) != 0) {
    why = "cannot write " + lock + ": " + std::strerror(errno);
    return false;
  }
  if (std::rename(lock.c_str(), path_.c_str()) != 0) {
    why = "cannot rename " + lock + " over " + path_ + ": " + std::strerror(errno);
    return false;
  }
  held_ = false;
  return true;
}

GitLockFile::~GitLockFile() {
  if (held_) ::unlink((path_ + ".lock").c_str());
}

}  // namespace lanemerge::platform

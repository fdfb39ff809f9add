#include "core/platform/temp_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lanemerge::platform {

unsigned new_file_mode() {
  // umask() would set it too; /proc tells without changing process state.
  static const unsigned mode = [] {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("Umask:", 0) == 0) return 0666u & ~static_cast<unsigned>(std::stoul(line.substr(6), nullptr, 8));
    return 0644u;
  }();
  return mode;
}

bool TempFile::create(const std::string& target, std::string& why) {
  target_ = target;
  std::size_t slash = target.rfind('/');
  std::string dir = slash == std::string::npos ? std::string() : target.substr(0, slash + 1);
  std::string name = slash == std::string::npos ? target : target.substr(slash + 1);
  std::string tmpl = dir + "." + name + ".lanemerge-XXXXXX";
  int fd = mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0) {
    why = "cannot create a temporary file next to " + target + ": " + std::strerror(errno);
    return false;
  }
  fd_.reset(fd);
  path_ = tmpl;
  return true;
}

bool TempFile::write(const std::string& text, std::string& why) {
  if (!write_all(fd_.get(), text.data(), text.size())) {
    why = "cannot write " + path_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool TempFile::commit(std::string& why) {
  struct stat st {};
  mode_t mode = stat(target_.c_str(), &st) == 0 ? (st.st_mode & 07777) : static_cast<mode_t>(new_file_mode());
  if (fchmod(fd_.get(), mode) != 0 || ::close(fd_.release()) != 0) {
    why = "cannot finish " + path_ + ": " + std::strerror(errno);
    return false;
  }
  if (std::rename(path_.c_str(), target_.c_str()) != 0) {
    why = "cannot rename " + path_ + " over " + target_ + ": " + std::strerror(errno);
    return false;
  }
  path_.clear();
  return true;
}

TempFile::~TempFile() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

bool replace_file(const std::string& path, const std::string& text, std::string& why) {
  TempFile tmp;
  return tmp.create(path, why) && tmp.write(text, why) && tmp.commit(why);
}

}  // namespace lanemerge::platform

#include "core/files.hpp"

#include "core/platform/temp_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace lanemerge::core {

bool file_exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return false;
  out = ss.str();
  return true;
}

std::string read_all(const std::string& path) {
  std::string out;
  read_file(path, out);
  return out;
}

bool write_file_atomic(const std::string& path, const std::string& text, std::string& why) {
  return platform::replace_file(path, text, why);
}

}  // namespace lanemerge::core

#include "install/attribute_source.hpp"

#include <cstdlib>
#include <sstream>
#include <vector>

#include <fnmatch.h>

#include "core/files.hpp"

namespace lanemerge::install {
namespace {

bool sets_merge(const std::vector<std::string>& attrs) {
  for (const auto& a : attrs) {
    std::string name = a;
    if (!name.empty() && (name[0] == '-' || name[0] == '!')) name = name.substr(1);
    name = name.substr(0, name.find('='));
    if (name == "merge" || name == "binary") return true;
  }
  return false;
}

bool matches(std::string pattern, const std::string& relative) {
  if (pattern.empty()) return false;
  if (pattern.find('/') == std::string::npos) {
    std::string base = relative.substr(relative.rfind('/') + 1);
    return fnmatch(pattern.c_str(), base.c_str(), 0) == 0;
  }
  if (pattern[0] == '/') pattern = pattern.substr(1);
  return fnmatch(pattern.c_str(), relative.c_str(), FNM_PATHNAME) == 0 ||
         (pattern.find("**") != std::string::npos && fnmatch(pattern.c_str(), relative.c_str(), 0) == 0);
}

// The last line of `file` that sets `merge` for `relative` (a path relative to the file's directory).
AttributeSource last_in(const std::string& file, const std::string& shown, const std::string& relative) {
  AttributeSource found;
  std::istringstream in(core::read_all(file));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream words(line);
    std::string pattern;
    if (!(words >> pattern) || pattern[0] == '#') continue;
    std::vector<std::string> attrs;
    for (std::string w; words >> w;) attrs.push_back(w);
    if (sets_merge(attrs) && matches(pattern, relative)) found = AttributeSource{shown, n, line};
  }
  return found;
}

}  // namespace

AttributeSource merge_attribute_source(const core::Repository& repo, const std::string& path) {
  AttributeSource s = last_in(repo.common_dir() + "info/attributes", repo.common_dir() + "info/attributes", path);
  if (s.found()) return s;
  for (std::size_t cut = path.rfind('/'); ; cut = path.rfind('/', cut - 1)) {
    std::string dir = cut == std::string::npos ? std::string() : path.substr(0, cut + 1);
    s = last_in(repo.workdir() + dir + ".gitattributes", dir + ".gitattributes", path.substr(dir.size()));
    if (s.found()) return s;
    if (cut == std::string::npos || cut == 0) break;
  }
  std::string global = repo.config("core.attributesfile").value_or("");
  if (global.empty()) {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    global = (xdg && *xdg ? std::string(xdg) : std::string(home ? home : "") + "/.config") + "/git/attributes";
  } else if (global[0] == '~') {
    const char* home = std::getenv("HOME");
    global = std::string(home ? home : "") + global.substr(1);
  }
  return last_in(global, global, path);
}

}  // namespace lanemerge::install

#include "core/repository.hpp"

#include "core/files.hpp"
#include "core/platform/lock_file.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <git2.h>

namespace lanemerge::core {
namespace {

struct Init {
  Init() { git_libgit2_init(); }
  ~Init() { git_libgit2_shutdown(); }
};
void ensure_init() { static Init init; }

Error libgit2_error(const std::string& operation, const std::string& target) {
  const ::git_error* e = git_error_last();
  Error err;
  err.kind = "config";
  err.operation = operation;
  err.target = target;
  err.message = e ? e->message : "libgit2 error";
  return err;
}

std::string with_slash(const char* p) {
  if (!p) return {};
  std::string s(p);
  if (!s.empty() && s.back() != '/') s += '/';
  return s;
}

// libgit2 leaves `[section "sub"]` behind when its last key is deleted; git
// itself removes it. Drop section headers that have nothing under them.
bool drop_empty_sections(const std::string& path, std::string& why) {
  std::string text = read_all(path);
  std::string out;
  std::size_t pos = 0;
  bool changed = false;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    end = end == std::string::npos ? text.size() : end + 1;
    std::string line = text.substr(pos, end - pos);
    std::size_t first = line.find_first_not_of(" \t");
    bool header = first != std::string::npos && line[first] == '[';
    if (header) {
      std::size_t next = end;
      bool empty = true;
      while (next < text.size()) {
        std::size_t e2 = text.find('\n', next);
        e2 = e2 == std::string::npos ? text.size() : e2 + 1;
        std::string l2 = text.substr(next, e2 - next);
        std::size_t f2 = l2.find_first_not_of(" \t\r\n");
        if (f2 == std::string::npos) { next = e2; continue; }
        empty = l2[f2] == '[';
        break;
      }
      if (empty && line.find("lanemerge") != std::string::npos) { changed = true; pos = end; continue; }
    }
    out += line;
    pos = end;
  }
  if (!changed) return true;
  // As git writes its config: under <config>.lock, renamed into place.
  platform::GitLockFile lock;
  if (!lock.acquire(path, why)) return false;
  if (read_all(path) != text) return true;  // changed meanwhile: leave it to the next run
  return lock.commit(out, why);
}

}  // namespace

Expected<Repository> Repository::discover(const std::string& start, const std::string& git_dir) {
  ensure_init();
  git_repository* raw = nullptr;
  int rc = git_dir.empty() ? git_repository_open_ext(&raw, start.c_str(), 0, nullptr)
                           : git_repository_open_ext(&raw, git_dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc != 0) {
    Error err = libgit2_error("open-repository", start);
    err.kind = "filesystem";
    err.message = "not in a git repository (" + err.message + ")";
    return err;
  }
  Repository repo;
  repo.repo_ = std::shared_ptr<git_repository>(raw, git_repository_free);
  return repo;
}

std::string Repository::git_dir() const { return with_slash(git_repository_path(repo_.get())); }
std::string Repository::common_dir() const { return with_slash(git_repository_commondir(repo_.get())); }
std::string Repository::workdir() const { return with_slash(git_repository_workdir(repo_.get())); }

std::string Repository::hooks_dir() const {
  if (auto p = config("core.hookspath"); p && !p->empty()) {
    std::string dir = *p;
    if (dir[0] == '~') {
      const char* home = std::getenv("HOME");
      dir = std::string(home ? home : "") + dir.substr(1);
    } else if (dir[0] != '/') {
      dir = (workdir().empty() ? git_dir() : workdir()) + dir;
    }
    if (dir.back() != '/') dir += '/';
    return dir;
  }
  return common_dir() + "hooks/";
}

std::string Repository::head_sha() const {
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo_.get(), "HEAD") != 0) return {};
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

std::string Repository::resolve_commit(const std::string& revision) const {
  git_object* obj = nullptr;
  if (git_revparse_single(&obj, repo_.get(), revision.c_str()) != 0) return {};
  git_object* commit = nullptr;
  std::string out;
  if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0) {
    char buf[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buf, sizeof buf, git_object_id(commit));
    out = buf;
    git_object_free(commit);
  }
  git_object_free(obj);
  return out;
}

std::optional<std::string> Repository::config(const std::string& key) const {
  git_config* cfg = nullptr;
  if (git_repository_config_snapshot(&cfg, repo_.get()) != 0) return std::nullopt;
  std::optional<std::string> out;
  const char* value = nullptr;
  if (git_config_get_string(&value, cfg, key.c_str()) == 0 && value) out = value;
  git_config_free(cfg);
  return out;
}

std::string Repository::config_path(ConfigLevel level) const {
  if (level == ConfigLevel::Local) return common_dir() + "config";
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + "/.gitconfig";
}

std::optional<std::string> Repository::config_at(ConfigLevel level, const std::string& key) const {
  git_config* cfg = nullptr;
  if (git_config_open_ondisk(&cfg, config_path(level).c_str()) != 0) return std::nullopt;
  git_config* snap = nullptr;
  std::optional<std::string> out;
  if (git_config_snapshot(&snap, cfg) == 0) {
    const char* value = nullptr;
    if (git_config_get_string(&value, snap, key.c_str()) == 0 && value) out = value;
    git_config_free(snap);
  }
  git_config_free(cfg);
  return out;
}

Expected<bool> Repository::set_config(ConfigLevel level, const std::string& key, const std::string& value) const {
  std::string path = config_path(level);
  git_config* cfg = nullptr;
  if (git_config_open_ondisk(&cfg, path.c_str()) != 0) return libgit2_error("open-config", path);
  int rc = git_config_set_string(cfg, key.c_str(), value.c_str());
  git_config_free(cfg);
  if (rc != 0) return libgit2_error("set-config", key);
  return true;
}

Expected<bool> Repository::unset_config(ConfigLevel level, const std::string& key) const {
  std::string path = config_path(level);
  git_config* cfg = nullptr;
  if (git_config_open_ondisk(&cfg, path.c_str()) != 0) return libgit2_error("open-config", path);
  int rc = git_config_delete_entry(cfg, key.c_str());
  git_config_free(cfg);
  if (rc != 0 && rc != GIT_ENOTFOUND) return libgit2_error("unset-config", key);
  std::string why;
  if (!drop_empty_sections(path, why)) {
    Error err{"lock", "unset-config", path, why, "", true};
    return err;
  }
  return rc == 0;
}

std::map<std::string, std::string> parse_config_parameters(std::string_view value) {
  // Words are sq-quoted: 'a'\''b' is a'b. A word is either 'key=value'
  // (older gits) or 'key'='value' (newer).
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  const std::size_t n = value.size();
  auto quoted = [&](std::string& into) -> bool {
    if (i >= n || value[i] != '\'') return false;
    ++i;
    while (i < n) {
      if (value[i] == '\'') {
        if (value.substr(i, 4) == "'\\''") { into += '\''; i += 4; continue; }
        ++i;
        return true;
      }
      into += value[i++];
    }
    return false;
  };
  while (i < n) {
    while (i < n && value[i] == ' ') ++i;
    if (i >= n) break;
    std::string first;
    if (!quoted(first)) break;
    std::string key, val;
    if (i < n && value[i] == '=') {
      ++i;
      key = first;
      if (!quoted(val)) break;
    } else {
      std::size_t eq = first.find('=');
      key = first.substr(0, eq);
      val = eq == std::string::npos ? "true" : first.substr(eq + 1);
    }
    // Section and variable names are case-insensitive; a subsection is not.
    std::size_t dot1 = key.find('.');
    std::size_t dot2 = key.rfind('.');
    for (std::size_t k = 0; k < key.size(); ++k)
      if (k < dot1 || k > dot2) key[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[k])));
    out[key] = val;
  }
  return out;
}

std::string libgit2_version() {
  int major = 0, minor = 0, rev = 0;
  git_libgit2_version(&major, &minor, &rev);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(rev);
}

}  // namespace lanemerge::core

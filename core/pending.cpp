#include "core/pending.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/files.hpp"
#include "core/journal.hpp"

namespace lanemerge::core {
namespace {

std::string pending_dir(const std::string& git_dir) { return git_dir + "lanemerge/pending/"; }

}  // namespace

PendingAction relock_action(const std::string& lock_path, const std::string& head, const std::string& merge_head,
                            const std::string& driver) {
  PendingAction a;
  a.kind = kRelockAction;
  a.lock_path = lock_path;
  std::size_t slash = lock_path.rfind('/');
  a.project_dir = slash == std::string::npos ? "" : lock_path.substr(0, slash);
  std::size_t h = std::hash<std::string>{}(lock_path);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016zx", h);
  a.id = std::string(kRelockAction) + "-" + buf;
  a.head = head;
  a.merge_head = merge_head;
  a.recorded_at = utc_timestamp();
  a.recorded_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  a.driver = driver;
  return a;
}

Expected<bool> save_pending(const std::string& git_dir, const PendingAction& a) {
  std::string dir = pending_dir(git_dir);
  mkdir((git_dir + "lanemerge").c_str(), 0777);
  mkdir(dir.c_str(), 0777);
  nlohmann::json j{{"schema_version", kSchemaVersion}, {"id", a.id},       {"kind", a.kind},
                   {"lock_path", a.lock_path},         {"project_dir", a.project_dir},
                   {"head", a.head},                   {"merge_head", a.merge_head},
                   {"recorded_at", a.recorded_at},     {"recorded_ns", a.recorded_ns},
                   {"state", a.state},                 {"staged_blob", a.staged_blob},
                   {"driver", a.driver}};
  std::string tmp = dir + a.id + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << j.dump() << "\n";
    if (!out.flush()) {
      Error e{"filesystem", "record-pending", tmp, std::strerror(errno), "", false};
      return e;
    }
  }
  if (std::rename(tmp.c_str(), (dir + a.id + ".json").c_str()) != 0) {
    Error e{"filesystem", "record-pending", dir + a.id + ".json", std::strerror(errno), "", false};
    return e;
  }
  return true;
}

std::vector<PendingAction> load_pending(const std::string& git_dir) {
  std::vector<PendingAction> out;
  std::string dir = pending_dir(git_dir);
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() < 6 || name.compare(name.size() - 5, 5, ".json") != 0) continue;
    auto j = nlohmann::json::parse(read_all(dir + name), nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    PendingAction a;
    a.id = j.value("id", "");
    a.kind = j.value("kind", "");
    a.lock_path = j.value("lock_path", "");
    a.project_dir = j.value("project_dir", "");
    a.head = j.value("head", "");
    a.merge_head = j.value("merge_head", "");
    a.recorded_at = j.value("recorded_at", "");
    a.recorded_ns = j.value("recorded_ns", 0LL);
    a.state = j.value("state", "pending");
    a.staged_blob = j.value("staged_blob", "");
    a.driver = j.value("driver", "");
    if (!a.id.empty()) out.push_back(std::move(a));
  }
  closedir(d);
  return out;
}

void remove_pending(const std::string& git_dir, const std::string& id) {
  std::remove((pending_dir(git_dir) + id + ".json").c_str());
}

bool is_our_shim(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.find(kShimMarker) != std::string::npos;
}

MergeSituation merge_situation(const std::string& git_dir, const std::string& hooks_dir,
                               const std::string& reflog_action) {
  MergeSituation s;
  s.merge_or_pull = reflog_action.rfind("merge ", 0) == 0 || reflog_action == "merge" ||
                    reflog_action.rfind("pull", 0) == 0;
  s.rebasing = file_exists(git_dir + "rebase-merge") || file_exists(git_dir + "rebase-apply");
  s.picking = file_exists(git_dir + "CHERRY_PICK_HEAD") || file_exists(git_dir + "REVERT_HEAD");
  s.hooks_installed = true;
  for (const char* hook : {"pre-merge-commit", "post-merge", "pre-commit"}) {
    std::string p = hooks_dir + hook;
    if (!is_our_shim(p) || access(p.c_str(), X_OK) != 0) s.hooks_installed = false;
  }
  return s;
}

}  // namespace lanemerge::core

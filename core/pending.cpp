#include "core/pending.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <cstdint>
#include <cstdio>
#include <sstream>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/files.hpp"
#include "core/journal.hpp"
#include "core/merge_identity.hpp"

namespace lanemerge::core {
namespace {

std::string pending_dir(const std::string& git_dir) { return git_dir + "lanemerge/pending/"; }

}  // namespace

std::string relock_id(const std::string& lock_path) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : lock_path) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(kRelockAction) + "-" + buf;
}

PendingAction relock_action(const std::string& lock_path, const std::string& head, const std::string& merge_head,
                            const std::string& driver) {
  PendingAction a;
  a.kind = kRelockAction;
  a.lock_path = lock_path;
  std::size_t slash = lock_path.rfind('/');
  a.project_dir = slash == std::string::npos ? "" : lock_path.substr(0, slash);
  a.id = relock_id(lock_path);
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
  std::string why;
  if (!write_file_atomic(dir + a.id + ".json", j.dump() + "\n", why)) {
    Error e{"filesystem", "record-pending", dir + a.id + ".json", why, "", false};
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

std::vector<PendingAction> pending_of(const std::string& git_dir, const MergeIdentity& m, bool drop_others) {
  std::vector<PendingAction> mine;
  for (auto& a : load_pending(git_dir)) {
    if (m.owns(a)) mine.push_back(std::move(a));
    else if (drop_others) remove_pending(git_dir, a.id);
  }
  return mine;
}

}  // namespace lanemerge::core

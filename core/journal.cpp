#include "core/journal.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/repository.hpp"

namespace lanemerge::core {

std::string utc_timestamp() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
  return out;
}

std::string journal_path(const std::string& git_dir) { return git_dir + "lanemerge/journal.jsonl"; }

nlohmann::json to_json(const JournalRecord& r) {
  nlohmann::json tools{{"lanemerge", LANEMERGE_VERSION}, {"libgit2", libgit2_version()}};
  if (!r.ruff_path.empty()) tools["ruff"] = r.ruff_path;
  auto j = nlohmann::json{{"schema_version", kSchemaVersion},
                        {"timestamp", utc_timestamp()},
                        {"driver", r.driver},
                        {"path", r.path},
                        {"rule", r.rule},
                        {"rules", r.rules},
                        {"resolution", r.resolution},
                        {"reason", r.reason},
                        {"policy", r.policy},
                        {"regions", r.regions},
                        {"actions", r.actions},
                        {"pending", r.pending},
                        {"warnings", r.warnings},
                        {"duration_ms", r.duration_ms},
                        {"tools", tools}};
  if (!r.ruff.empty()) j["ruff"] = r.ruff;
  if (!r.head.empty()) j["head"] = r.head;
  if (!r.merge_head.empty()) j["merge_head"] = r.merge_head;
  return j;
}

Expected<bool> append_journal(const std::string& git_dir, const JournalRecord& record) {
  auto fail = [&](const std::string& op) {
    Error err;
    err.kind = "filesystem";
    err.operation = op;
    err.target = journal_path(git_dir);
    err.message = std::strerror(errno);
    return err;
  };
  std::string dir = git_dir + "lanemerge";
  if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) return fail("create-journal-dir");
  std::string line = to_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  int fd = open(journal_path(git_dir).c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return fail("open-journal");
  if (flock(fd, LOCK_EX) != 0) { close(fd); return fail("lock-journal"); }
  std::size_t done = 0;
  while (done < line.size()) {
    ssize_t w = write(fd, line.data() + done, line.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      close(fd);
      return fail("write-journal");
    }
    done += static_cast<std::size_t>(w);
  }
  close(fd);  // releases the lock
  return true;
}

Expected<std::vector<nlohmann::json>> read_journal(const std::string& git_dir, std::size_t& skipped) {
  std::vector<nlohmann::json> out;
  skipped = 0;
  std::ifstream in(journal_path(git_dir), std::ios::binary);
  if (!in) return out;  // no journal yet: nothing recorded
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) { ++skipped; continue; }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace lanemerge::core

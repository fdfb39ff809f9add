// The journal: <git dir>/lanemerge/journal.jsonl, one JSON object per driver
// run, appended under an exclusive lock so that the drivers of one merge can
// write at once.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace lanemerge::core {

inline constexpr const char* kSchemaVersion = "1.0";

struct JournalRecord {
  std::string driver;
  std::string path;
  std::string rule;
  std::vector<std::string> rules;  // every rule that resolved a region
  std::string resolution;  // clean / auto / manual
  std::string reason;
  std::string policy;
  std::size_t regions = 0;
  std::vector<std::string> actions;
  std::vector<std::string> pending;
  std::vector<std::string> warnings;
  std::string head;       // HEAD (ours) during the run
  std::string merge_head; // the commit being merged, when git says (GITHEAD_<sha>)
  std::string ruff;       // for import merges: ran / absent / disabled / failed
  std::string ruff_path;
  double duration_ms = 0;
};

std::string journal_path(const std::string& git_dir);
nlohmann::json to_json(const JournalRecord& record);
Expected<bool> append_journal(const std::string& git_dir, const JournalRecord& record);

// Every record of the journal, oldest first; lines that do not parse are
// skipped and counted in `skipped`.
Expected<std::vector<nlohmann::json>> read_journal(const std::string& git_dir, std::size_t& skipped);

// "2026-11-21T23:40:00.123Z"
std::string utc_timestamp();

}  // namespace lanemerge::core

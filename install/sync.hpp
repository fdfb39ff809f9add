// `lanemerge sync`: merge the mission branch into every stale lane, each in
// its own worktree (or a temporary one), through the drivers and hooks; halt
// a lane (git merge --abort) when any conflict needs a person.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/process.hpp"
#include "core/repository.hpp"

namespace lanemerge::install {

struct SyncOptions {
  std::string mission = "main";
  std::vector<std::string> lanes;  // empty: every branch with a worktree but the mission
  bool keep_going = false;
  bool dry_run = false;
  int jobs = 1;
  bool progress = true;  // lines on stderr while it works
};

struct Classification {
  std::string path, rule, resolution, reason;
};

struct LaneReport {
  std::string lane;
  std::string worktree;
  bool temporary_worktree = false;
  std::string before, after;
  // up to date / fast-forwarded / merged / halted / refused / skipped (not
  // started after a halt); --dry-run: would fast-forward / would merge /
  // would halt, and refused or up to date as a run would say.
  std::string status;
  int conflicts_resolved = 0;  // conflicting regions resolved by rules (as the audit line counts)
  std::vector<Classification> classifications;
  std::string halt_reason;  // one line
  std::vector<std::string> details;  // more lines (a tool's output), printed below the table
  std::string command;  // what a person runs to do the merge by hand
};

struct SyncReport {
  std::string mission, mission_sha;
  std::vector<LaneReport> lanes;
  std::string error;  // usage / environment error: exit 2
  std::string message;  // e.g. that there was no lane to sync
  int exit_code() const;
};

SyncReport sync(const core::Repository& repo, core::ProcessRunner& runner, const SyncOptions& options);
nlohmann::json to_json(const SyncReport& report);
std::string to_table(const SyncReport& report);

}  // namespace lanemerge::install

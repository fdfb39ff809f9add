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
  std::string status;  // up to date / merged / halted / refused / skipped / would merge / would halt
  int conflicts_resolved = 0;
  std::vector<Classification> classifications;
  std::string halt_reason;
  std::string command;  // what a person runs to do the merge by hand
};

struct SyncReport {
  std::string mission, mission_sha;
  std::vector<LaneReport> lanes;
  std::string error;  // usage / environment error: exit 2
  int exit_code() const;
};

SyncReport sync(const core::Repository& repo, core::ProcessRunner& runner, const SyncOptions& options);
nlohmann::json to_json(const SyncReport& report);
std::string to_table(const SyncReport& report);

}  // namespace lanemerge::install

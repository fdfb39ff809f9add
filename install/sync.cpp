#include "install/sync.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "core/journal.hpp"
#include "core/merge_identity.hpp"
#include "core/pending.hpp"
#include "core/text.hpp"
#include "hooks/git_cli.hpp"

namespace lanemerge::install {
namespace {

struct Worktree {
  std::string path;
  std::string branch;  // short name, empty when detached
};

std::vector<Worktree> worktrees(const hooks::GitCli& git) {
  std::vector<Worktree> out;
  std::string text = git.out({"worktree", "list", "--porcelain"});
  Worktree cur;
  for (std::string_view line : core::split_lines(text)) {
    if (line.rfind("worktree ", 0) == 0) {
      if (!cur.path.empty()) out.push_back(cur);
      cur = Worktree{std::string(line.substr(9)), {}};
    } else if (line.rfind("branch refs/heads/", 0) == 0) {
      cur.branch = std::string(line.substr(18));
    }
  }
  if (!cur.path.empty()) out.push_back(cur);
  return out;
}

std::string with_slash(std::string p) {
  if (!p.empty() && p.back() != '/') p += '/';
  return p;
}

// Journal records of one merge (ours = before, merging mission_sha).
std::vector<Classification> classifications_of(const std::string& git_dir, const std::string& before,
                                               const std::string& mission_sha, int& resolved) {
  std::vector<Classification> out;
  std::size_t skipped = 0;
  auto records = core::read_journal(with_slash(git_dir), skipped);
  resolved = 0;
  if (!records) return out;
  const core::MergeIdentity merge = core::merge_of(before, mission_sha);
  std::map<std::string, Classification> latest;  // one per path: the last record
  for (const auto& r : *records) {
    if (!merge.owns_record(r)) continue;
    Classification c{r.value("path", ""), r.value("rule", ""), r.value("resolution", ""), r.value("reason", "")};
    latest[c.path] = c;
  }
  for (auto& [path, c] : latest) {
    if (c.resolution == "auto") ++resolved;
    out.push_back(c);
  }
  return out;
}

class Syncer {
public:
  Syncer(const core::Repository& repo, core::ProcessRunner& runner, const SyncOptions& o)
      : repo_(repo), runner_(runner), o_(o), git_(runner, repo.workdir().empty() ? repo.git_dir() : repo.workdir()) {}

  SyncReport run() {
    SyncReport report;
    report.mission = o_.mission;
    report.mission_sha = git_.out({"rev-parse", "--verify", "-q", o_.mission + "^{commit}"});
    if (report.mission_sha.empty()) {
      report.error = "no branch or commit named '" + o_.mission + "' (use --mission)";
      return report;
    }
    auto wts = worktrees(git_);
    std::vector<std::string> lanes = o_.lanes;
    if (lanes.empty()) {
      for (const auto& w : wts)
        if (!w.branch.empty() && w.branch != o_.mission) lanes.push_back(w.branch);
      std::sort(lanes.begin(), lanes.end());
    }
    for (const auto& lane : lanes) {
      if (git_.out({"rev-parse", "--verify", "-q", "refs/heads/" + lane}).empty()) {
        report.error = "no local branch named '" + lane + "'";
        return report;
      }
    }
    report.lanes.resize(lanes.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    auto worker = [&]() {
      for (std::size_t i; (i = next++) < lanes.size();) {
        LaneReport& r = report.lanes[i];
        r.lane = lanes[i];
        if (stop) {
          r.status = "skipped";
          r.halt_reason = "an earlier lane halted (use --keep-going)";
          continue;
        }
        const Worktree* wt = nullptr;
        for (const auto& w : wts)
          if (w.branch == lanes[i]) wt = &w;
        progress(i + 1, lanes.size(), lanes[i], "checking");
        sync_lane(r, wt, report.mission_sha, i + 1, lanes.size());
        if ((r.status == "halted" || r.status == "refused") && !o_.keep_going) stop = true;
      }
    };
    int jobs = std::max(1, std::min<int>(o_.jobs, static_cast<int>(lanes.size())));
    std::vector<std::thread> pool;
    for (int j = 1; j < jobs; ++j) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    return report;
  }

private:
  void progress(std::size_t i, std::size_t n, const std::string& lane, const std::string& what) {
    if (!o_.progress) return;
    std::lock_guard<std::mutex> lock(mu_);
    std::cerr << "lanemerge sync: lane " << i << " of " << n << " (" << lane << "): " << what << "\n";
  }

  void sync_lane(LaneReport& r, const Worktree* wt, const std::string& mission_sha, std::size_t i, std::size_t n) {
    r.before = git_.out({"rev-parse", "refs/heads/" + r.lane});
    r.after = r.before;
    if (git_.ok({"merge-base", "--is-ancestor", mission_sha, r.before})) {
      r.status = "up to date";
      return;
    }
    r.command = wt ? "git -C '" + wt->path + "' merge " + o_.mission
                   : "git switch " + r.lane + " && git merge " + o_.mission;
    if (o_.dry_run) {
      dry_run(r, mission_sha);
      return;
    }
    std::string path;
    if (wt) {
      path = wt->path;
      hooks::GitCli in(runner_, path);
      std::string dirty = in.out({"status", "--porcelain", "--untracked-files=no"});
      if (!dirty.empty() || !in.out({"rev-parse", "--verify", "-q", "MERGE_HEAD"}).empty()) {
        r.status = "refused";
        r.worktree = path;
        r.halt_reason = "the worktree has uncommitted changes or a merge in progress; commit or stash them first";
        return;
      }
    } else {
      char tmpl[] = "/tmp/lanemerge-sync.XXXXXX";
      if (!mkdtemp(tmpl)) {
        r.status = "refused";
        r.halt_reason = "cannot create a temporary worktree";
        return;
      }
      std::string name = r.lane;
      std::replace(name.begin(), name.end(), '/', '_');  // lane names may hold slashes
      path = std::string(tmpl) + "/" + name;
      if (!git_.ok({"worktree", "add", "-q", path, r.lane})) {
        r.status = "refused";
        r.halt_reason = "cannot add a temporary worktree for " + r.lane;
        return;
      }
      r.temporary_worktree = true;
    }
    r.worktree = path;
    progress(i, n, r.lane, "merging " + o_.mission + " in " + path);
    hooks::GitCli in(runner_, path);
    std::string git_dir = in.out({"rev-parse", "--absolute-git-dir"});
    auto merged = in.run({"merge", "--no-edit", o_.mission}, {},
                         {{"LANEMERGE_LANE", r.lane}, {"GIT_MERGE_AUTOEDIT", "no"}});
    r.classifications = classifications_of(git_dir, r.before, mission_sha, r.conflicts_resolved);
    if (merged.started && merged.exit_code == 0) {
      r.after = in.out({"rev-parse", "HEAD"});
      r.status = "merged";
      // The audit line is the hook's job; without our hooks, write it here.
      std::string msg = in.run({"log", "-1", "--format=%B"}).out;
      if (r.conflicts_resolved > 0 && msg.find("auto-rebase: ") == std::string::npos) {
        std::string rules;
        for (const auto& c : r.classifications)
          if (c.resolution == "auto" && rules.find(c.rule) == std::string::npos) rules += (rules.empty() ? "" : ", ") + c.rule;
        std::string line = "auto-rebase: " + std::to_string(r.conflicts_resolved) + " conflicts resolved by classifier rules [" +
                           rules + "] lane=" + r.lane;
        if (in.run({"commit", "--amend", "--no-verify", "-q", "-F", "-"}, line + "\n\n" + msg).exit_code == 0)
          r.after = in.out({"rev-parse", "HEAD"});
      }
    } else {
      halt(r, in, merged, git_dir);
    }
    if (r.temporary_worktree) {
      git_.ok({"worktree", "remove", "--force", path});
      std::string parent = path.substr(0, path.rfind('/'));
      rmdir(parent.c_str());
    }
    progress(i, n, r.lane, r.status);
  }

  // A lane whose merge needs a person: record why, then undo the merge.
  void halt(LaneReport& r, const hooks::GitCli& in, const core::ProcessResult& merged, const std::string& git_dir) {
    r.status = "halted";
    std::string unmerged = in.out({"diff", "--name-only", "--diff-filter=U"});
    std::vector<std::string> paths;
    for (std::string_view p : core::split_lines(unmerged))
      if (!p.empty()) paths.emplace_back(p);
    for (const auto& p : paths) {
      bool known = false;
      for (const auto& c : r.classifications) known = known || c.path == p;
      if (!known) r.classifications.push_back(Classification{p, "R-DEFAULT-MANUAL", "manual", "no classifier rule matched " + p});
    }
    if (!paths.empty()) {
      std::string list;
      for (const auto& p : paths) list += (list.empty() ? "" : ", ") + p;
      r.halt_reason = "conflicts need a person: " + list;
    } else {
      std::string detail(core::trim(merged.err));
      r.halt_reason = "the merge did not complete" + (detail.empty() ? std::string() : ": " + detail);
    }
    if (!in.out({"rev-parse", "--verify", "-q", "MERGE_HEAD"}).empty() || !paths.empty()) in.ok({"merge", "--abort"});
    // Pending relocks of the aborted merge must not run later.
    for (const auto& a : core::load_pending(with_slash(git_dir)))
      if (a.head == r.before) core::remove_pending(with_slash(git_dir), a.id);
  }

  void dry_run(LaneReport& r, const std::string& mission_sha) {
    auto t = git_.run({"merge-tree", "--write-tree", "--name-only", "--no-messages", r.before, mission_sha}, {},
                      {{"GIT_REFLOG_ACTION", "merge-tree"}});
    if (t.started && t.exit_code == 0) {
      r.status = "would merge";
      return;
    }
    r.status = "would halt";
    std::vector<std::string> paths;
    auto lines = core::split_lines(t.out);
    for (std::size_t k = 1; k < lines.size(); ++k)
      if (!lines[k].empty()) paths.emplace_back(lines[k]);
    std::string list;
    for (const auto& p : paths) list += (list.empty() ? "" : ", ") + p;
    r.halt_reason = t.exit_code == 1 ? "conflicts need a person: " + list : "git merge-tree failed: " + t.err;
  }

  const core::Repository& repo_;
  core::ProcessRunner& runner_;
  const SyncOptions& o_;
  hooks::GitCli git_;
  std::mutex mu_;
};

}  // namespace

int SyncReport::exit_code() const {
  if (!error.empty()) return 2;
  for (const auto& l : lanes)
    if (l.status != "up to date" && l.status != "merged" && l.status != "would merge") return 1;
  return 0;
}

SyncReport sync(const core::Repository& repo, core::ProcessRunner& runner, const SyncOptions& options) {
  return Syncer(repo, runner, options).run();
}

nlohmann::json to_json(const SyncReport& report) {
  nlohmann::json lanes = nlohmann::json::array();
  for (const auto& l : report.lanes) {
    nlohmann::json cs = nlohmann::json::array();
    for (const auto& c : l.classifications)
      cs.push_back({{"path", c.path}, {"rule", c.rule}, {"resolution", c.resolution}, {"reason", c.reason}});
    lanes.push_back({{"lane", l.lane},
                     {"worktree", l.worktree},
                     {"temporary_worktree", l.temporary_worktree},
                     {"before", l.before},
                     {"after", l.after},
                     {"status", l.status},
                     {"conflicts_resolved", l.conflicts_resolved},
                     {"classifications", cs},
                     {"halt_reason", l.halt_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(l.halt_reason)},
                     {"command", l.command}});
  }
  return {{"mission", report.mission}, {"mission_sha", report.mission_sha}, {"lanes", lanes}};
}

std::string to_table(const SyncReport& report) {
  std::string out = "lane                 before   -> after    status       auto  reason\n";
  for (const auto& l : report.lanes) {
    char line[512];
    std::snprintf(line, sizeof line, "%-20s %-8.8s -> %-8.8s %-12s %4d  %s\n", l.lane.c_str(), l.before.c_str(),
                  l.after.c_str(), l.status.c_str(), l.conflicts_resolved, l.halt_reason.c_str());
    out += line;
    for (const auto& c : l.classifications)
      if (c.resolution == "manual") out += "    " + c.path + ": " + c.rule + ": " + c.reason + "\n";
    if (l.status == "halted") out += "    to merge it by hand: " + l.command + "\n";
  }
  return out;
}

}  // namespace lanemerge::install

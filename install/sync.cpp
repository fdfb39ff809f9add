#include "install/sync.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.hpp"
#include "core/files.hpp"
#include "core/journal.hpp"
#include "core/merge_identity.hpp"
#include "core/pending.hpp"
#include "core/platform/temp_file.hpp"
#include "core/rules.hpp"
#include "core/text.hpp"
#include "core/timeouts.hpp"
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

std::string first_line(const std::string& text) {
  std::string t(core::trim(text));
  return t.substr(0, t.find('\n'));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  for (std::string_view l : core::split_lines(text))
    if (!core::trim(l).empty()) out.emplace_back(l);
  return out;
}

// A directory that removes itself (and what is in it).
struct TempDir {
  std::string path;
  bool make() {
    char tmpl[] = "/tmp/lanemerge-sync.XXXXXX";
    if (!mkdtemp(tmpl)) return false;
    path = tmpl;
    return true;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove_all(path, ignored);
  }
};

class Syncer {
public:
  Syncer(const core::Repository& repo, core::ProcessRunner& runner, const SyncOptions& o)
      : repo_(repo), runner_(runner), o_(o),
        git_(runner, repo.workdir().empty() ? repo.git_dir() : repo.workdir(), core::timeout_seconds("git", repo)) {}

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
    if (lanes.empty()) {
      report.message = "no lane to sync: no branch but " + o_.mission +
                       " has a worktree; name the lanes (lanemerge sync LANE...)";
      return report;
    }
    for (const auto& lane : lanes) {
      if (git_.out({"rev-parse", "--verify", "-q", "refs/heads/" + lane}).empty()) {
        report.error = "no local branch named '" + lane + "'";
        return report;
      }
    }
    if (!write_attributes(report.error)) return report;
    report.lanes.resize(lanes.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    auto worker = [&]() {
      for (std::size_t i; (i = next++) < lanes.size();) {
        LaneReport& r = report.lanes[i];
        r.lane = lanes[i];
        if (stop) {  // no lane starts after a halt
          r.status = "skipped";
          r.halt_reason = "not started: an earlier lane halted (use --keep-going)";
          continue;
        }
        const Worktree* wt = nullptr;
        for (const auto& w : wts)
          if (w.branch == lanes[i]) wt = &w;
        progress(i + 1, lanes.size(), lanes[i], "checking");
        sync_lane(r, wt, report.mission_sha, i + 1, lanes.size());
        if ((r.status == "halted" || r.status == "refused" || r.status == "would halt") && !o_.keep_going) stop = true;
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

  // The drivers apply in every lane, also one whose .gitattributes predates
  // them: the lines of the configured drivers come in as core.attributesFile
  // (after the user's own), which a lane's .gitattributes still overrides.
  bool write_attributes(std::string& error) {
    if (!attr_dir_.make()) {
      error = "cannot create a temporary directory";
      return false;
    }
    std::string text;
    if (auto own = repo_.config("core.attributesfile"); own && !own->empty()) {
      std::string path = *own;
      if (path[0] == '~') path = std::string(std::getenv("HOME") ? std::getenv("HOME") : "") + path.substr(1);
      text = core::read_all(path);
      if (!text.empty() && text.back() != '\n') text += '\n';
    }
    for (const auto& p : core::driver_profiles()) {
      if (!repo_.config("merge." + std::string(p.driver) + ".driver")) continue;
      text += std::string(p.pattern) + " merge=" + std::string(p.driver) + "\n";
    }
    drivers_attributes_ = text;
    attributes_ = attr_dir_.path + "/attributes";
    std::string why;
    if (!core::write_file_atomic(attributes_, text, why)) {
      error = why;
      return false;
    }
    return true;
  }

  int merge_timeout() const {
    return core::timeout_seconds("git", repo_) + core::timeout_seconds("lock", repo_) + core::timeout_seconds("uv", repo_);
  }

  // The worktree refuses a merge (uncommitted changes, an operation in progress).
  std::string refusal(const hooks::GitCli& in) const {
    std::string dirty = in.out({"status", "--porcelain", "--untracked-files=no"});
    std::string git_dir = with_slash(in.out({"rev-parse", "--absolute-git-dir"}));
    for (const char* state : {"MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD", "REVERT_HEAD"})
      if (core::file_exists(git_dir + state)) return "the worktree has a merge, rebase or cherry-pick in progress";
    if (!dirty.empty()) return "the worktree has uncommitted changes; commit or stash them first";
    return {};
  }

  void sync_lane(LaneReport& r, const Worktree* wt, const std::string& mission_sha, std::size_t i, std::size_t n) {
    r.before = git_.out({"rev-parse", "refs/heads/" + r.lane});
    r.after = r.before;
    if (git_.ok({"merge-base", "--is-ancestor", mission_sha, r.before})) {
      r.status = "up to date";
      return;
    }
    const bool fast_forward = git_.ok({"merge-base", "--is-ancestor", r.before, mission_sha});
    r.command = wt ? "git -C '" + wt->path + "' merge " + o_.mission
                   : "git switch " + r.lane + " && git merge " + o_.mission;
    if (wt) {
      r.worktree = wt->path;
      std::string refused = refusal(hooks::GitCli(runner_, wt->path, core::timeout_seconds("git", repo_)));
      if (!refused.empty()) {
        r.status = "refused";
        r.halt_reason = refused;
        return;
      }
    }
    if (o_.dry_run) {
      if (fast_forward) r.status = "would fast-forward";
      else dry_run(r, wt, mission_sha);
      return;
    }
    std::string path;
    TempDir temp;
    if (wt) {
      path = wt->path;
    } else {
      if (!temp.make()) {
        r.status = "refused";
        r.halt_reason = "cannot create a temporary worktree";
        return;
      }
      std::string name = r.lane;
      std::replace(name.begin(), name.end(), '/', '_');  // lane names may hold slashes
      path = temp.path + "/" + name;
      if (!git_.ok({"worktree", "add", "-q", path, r.lane})) {
        r.status = "refused";
        r.halt_reason = "cannot add a temporary worktree for " + r.lane;
        return;
      }
      r.temporary_worktree = true;
      r.worktree = path;
    }
    progress(i, n, r.lane, "merging " + o_.mission + " in " + path);
    hooks::GitCli in(runner_, path, core::timeout_seconds("git", repo_));
    std::string git_dir = with_slash(in.out({"rev-parse", "--absolute-git-dir"}));
    auto merged = in.run({"-c", "core.attributesFile=" + attributes_, "merge", "--no-edit", o_.mission}, {},
                         {{"LANEMERGE_LANE", r.lane}, {"GIT_MERGE_AUTOEDIT", "no"}}, merge_timeout());
    core::MergeAudit audit = audit_of_merge(git_dir, r.before, mission_sha);
    r.conflicts_resolved = static_cast<int>(audit.regions);
    fill_classifications(r, audit);
    if (merged.started && merged.exit_code == 0 && !merged.timed_out) {
      r.after = in.out({"rev-parse", "HEAD"});
      r.status = fast_forward ? "fast-forwarded" : "merged";
      // The audit line is the hook's job; without our hooks, write it here.
      std::string msg = in.run({"log", "-1", "--format=%B"}).out;
      std::string line = core::audit_line(audit, r.lane);
      if (!fast_forward && !line.empty() && msg.find("auto-rebase: ") == std::string::npos) {
        if (in.run({"commit", "--amend", "--no-verify", "-q", "-F", "-"}, line + "\n\n" + msg).exit_code == 0)
          r.after = in.out({"rev-parse", "HEAD"});
      }
    } else {
      halt(r, in, merged, git_dir);
    }
    if (r.temporary_worktree) git_.ok({"worktree", "remove", "--force", path});
    progress(i, n, r.lane, r.status);
  }

  core::MergeAudit audit_of_merge(const std::string& git_dir, const std::string& before, const std::string& mission_sha) {
    std::size_t skipped = 0;
    auto records = core::read_journal(git_dir, skipped);
    if (!records) return {};
    return core::audit_of(*records, core::merge_of(before, mission_sha));
  }

  static void fill_classifications(LaneReport& r, const core::MergeAudit& audit) {
    for (const auto& j : audit.records)
      r.classifications.push_back(Classification{j.value("path", ""), j.value("rule", ""), j.value("resolution", ""),
                                                 first_line(j.value("reason", ""))});
  }

  // Why git merged `path` without a lanemerge driver, in the lane's worktree.
  std::string no_driver_reason(const hooks::GitCli& in, const std::string& path) const {
    std::string out = in.out({"-c", "core.attributesFile=" + attributes_, "check-attr", "merge", "--", path});
    std::string value = out.substr(out.rfind(": ") == std::string::npos ? out.size() : out.rfind(": ") + 2);
    std::string base = path.substr(path.rfind('/') + 1);
    const core::DriverProfile* profile = nullptr;
    for (const auto& p : core::driver_profiles())
      if (fnmatch(std::string(p.pattern).c_str(), base.c_str(), 0) == 0) profile = &p;
    if (!profile) return "no lanemerge driver handles " + path + "; git's conflict is left as it is";
    std::string driver(profile->driver);
    if (!repo_.config("merge." + driver + ".driver"))
      return "the driver " + driver + " is not registered in git config (run `lanemerge install`)";
    if (value != driver)
      return "the lane's attributes give " + path + " merge=" + (value.empty() ? "?" : value) + " instead of " + driver +
             " (see `lanemerge doctor` in the lane)";
    return "the driver " + driver + " did not run for " + path + " (no journal record)";
  }

  // A lane whose merge needs a person (or did not finish): record why, then undo the merge.
  void halt(LaneReport& r, const hooks::GitCli& in, const core::ProcessResult& merged, const std::string& git_dir) {
    r.status = "halted";
    std::vector<std::string> paths = lines_of(in.out({"diff", "--name-only", "--diff-filter=U"}));
    for (const auto& p : paths) {
      bool known = false;
      for (const auto& c : r.classifications) known = known || c.path == p;
      if (!known) r.classifications.push_back(Classification{p, "R-DEFAULT-MANUAL", "manual", no_driver_reason(in, p)});
    }
    if (merged.timed_out) {
      r.halt_reason = "the merge did not finish within " + std::to_string(merge_timeout()) +
                      " s (lanemerge.gitTimeout + lockTimeout + uvTimeout) and was stopped and aborted";
    } else if (!paths.empty()) {
      std::string list;
      for (const auto& p : paths) list += (list.empty() ? "" : ", ") + p;
      r.halt_reason = "conflicts need a person: " + list;
    } else {
      std::string output = !core::trim(merged.err).empty() ? merged.err : merged.started ? merged.out : merged.error;
      r.halt_reason = "the merge did not complete: " + first_line(output);
      auto more = lines_of(output);
      if (more.size() > 1) r.details.assign(more.begin() + 1, more.end());
    }
    // Undo the merge, whatever stage it stopped at: nothing is left half done.
    if (!in.out({"rev-parse", "--verify", "-q", "MERGE_HEAD"}).empty()) in.ok({"merge", "--abort"});
    if (in.out({"rev-parse", "HEAD"}) != r.before || !in.out({"status", "--porcelain", "--untracked-files=no"}).empty())
      in.ok({"reset", "-q", "--merge", r.before});
    // Pending relocks of the aborted merge must not run later.
    for (const auto& a : core::load_pending(git_dir))
      if (a.head == r.before) core::remove_pending(git_dir, a.id);
  }

  // What a run would do, through `git merge-tree` with the drivers told it
  // is a dry run (no journal, no pending action), the same attributes as a
  // run (the lane's worktree, or the lane's committed .gitattributes), and
  // new objects in a temporary directory: nothing in the repository changes.
  void dry_run(LaneReport& r, const Worktree* wt, const std::string& mission_sha) {
    TempDir scratch;
    if (!scratch.make()) {
      r.status = "refused";
      r.halt_reason = "cannot create a temporary directory";
      return;
    }
    std::string objects = with_slash(git_.out({"rev-parse", "--git-path", "objects"}));
    if (!objects.empty() && objects[0] != '/') objects = (repo_.workdir().empty() ? repo_.git_dir() : repo_.workdir()) + objects;
    std::vector<std::pair<std::string, std::string>> env{{"LANEMERGE_DRY_RUN", "1"},
                                                         {"GIT_REFLOG_ACTION", "merge " + o_.mission},
                                                         {"GIT_OBJECT_DIRECTORY", scratch.path},
                                                         {"GIT_ALTERNATE_OBJECT_DIRECTORIES", objects}};
    std::string attributes = attributes_;
    std::string cwd = wt ? wt->path : std::string();
    if (!wt) {
      // No worktree: a run checks the lane out; its .gitattributes then
      // applies. An empty work tree and index, and its lines after ours.
      std::string lane_attributes = git_.run({"show", r.before + ":.gitattributes"}).out;
      attributes = scratch.path + "/attributes";
      std::string why;
      if (!core::write_file_atomic(attributes, drivers_attributes_ + lane_attributes, why)) {
        r.status = "refused";
        r.halt_reason = why;
        return;
      }
      cwd = scratch.path + "/tree";
      mkdir(cwd.c_str(), 0777);
      env.push_back({"GIT_DIR", repo_.common_dir()});
      env.push_back({"GIT_WORK_TREE", cwd});
      env.push_back({"GIT_INDEX_FILE", scratch.path + "/index"});
    }
    hooks::GitCli at(runner_, cwd.empty() ? git_.top() : cwd, core::timeout_seconds("git", repo_));
    auto t = at.run({"-c", "core.attributesFile=" + attributes, "merge-tree", "--write-tree", "--name-only",
                     "--no-messages", r.before, mission_sha},
                    {}, env, merge_timeout());
    if (t.started && t.exit_code == 0) {
      r.status = "would merge";
      return;
    }
    r.status = "would halt";
    auto lines = lines_of(t.out);
    std::string list;
    for (std::size_t k = 1; k < lines.size(); ++k) list += (list.empty() ? "" : ", ") + lines[k];
    r.halt_reason = t.exit_code == 1 ? "conflicts need a person: " + list
                                     : "git merge-tree failed: " + first_line(t.started ? t.err : t.error);
  }

  const core::Repository& repo_;
  core::ProcessRunner& runner_;
  const SyncOptions& o_;
  hooks::GitCli git_;
  std::mutex mu_;
  TempDir attr_dir_;
  std::string attributes_;          // core.attributesFile of every merge
  std::string drivers_attributes_;  // its text
};

}  // namespace

int SyncReport::exit_code() const {
  if (!error.empty()) return 2;
  for (const auto& l : lanes)
    if (l.status != "up to date" && l.status != "merged" && l.status != "fast-forwarded" &&
        l.status != "would merge" && l.status != "would fast-forward")
      return 1;
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
                     {"details", l.details},
                     {"command", l.command}});
  }
  nlohmann::json out{{"mission", report.mission}, {"mission_sha", report.mission_sha}, {"lanes", lanes}};
  if (!report.message.empty()) out["message"] = report.message;
  return out;
}

std::string to_table(const SyncReport& report) {
  if (!report.message.empty() && report.lanes.empty()) return report.message + "\n";
  std::string out = "lane                 before   -> after    status            conflicts  reason\n";
  std::string below;
  for (const auto& l : report.lanes) {
    char line[1024];
    std::snprintf(line, sizeof line, "%-20s %-8.8s -> %-8.8s %-17s %9d  %s\n", l.lane.c_str(), l.before.c_str(),
                  l.after.c_str(), l.status.c_str(), l.conflicts_resolved, l.halt_reason.c_str());
    out += line;
    for (const auto& c : l.classifications)
      if (c.resolution == "manual") out += "    " + c.path + ": " + c.rule + ": " + c.reason + "\n";
    if (l.status == "halted") out += "    to merge it by hand: " + l.command + "\n";
    if (!l.details.empty()) {
      below += l.lane + ":\n";
      for (const auto& d : l.details) below += "    " + d + "\n";
    }
  }
  if (!below.empty()) out += "\noutput of the lanes that did not complete:\n" + below;
  return out;
}

}  // namespace lanemerge::install

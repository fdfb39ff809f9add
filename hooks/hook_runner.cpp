#include "hooks/hook_runner.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/files.hpp"
#include "core/journal.hpp"
#include "core/merge_identity.hpp"
#include "core/pending.hpp"
#include "core/platform/lock_file.hpp"
#include "core/timeouts.hpp"
#include "core/text.hpp"
#include "hooks/git_cli.hpp"

namespace lanemerge::hooks {
namespace {

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

class Hooks {
public:
  Hooks(const core::Repository& repo, core::ProcessRunner& runner, const core::MergeEnvironment& env)
      : repo_(repo), runner_(runner), env_(env), git_(runner, repo.workdir(), core::timeout_seconds("git", repo)) {}

  HookOutcome out;

  void say(const std::string& line) { out.messages.push_back("lanemerge: " + line); }

  // Regenerates one lock and stages it.
  bool relock(core::PendingAction& a) {
    std::string uv = repo_.config("lanemerge.uv").value_or("");
    if (uv.empty()) {
      auto found = runner_.find("uv");
      if (!found) {
        say("uv not found on PATH: cannot regenerate " + a.lock_path + " (install uv, or set lanemerge.uv)");
        return false;
      }
      uv = *found;
    } else if (uv.find('/') == std::string::npos) {
      auto found = runner_.find(uv);
      if (!found) {
        say("lanemerge.uv names '" + uv + "', which is not on PATH");
        return false;
      }
      uv = *found;
    }
    std::vector<std::string> argv{uv, "lock", "--no-upgrade"};
    for (auto& w : words(repo_.config("lanemerge.uvargs").value_or(""))) argv.push_back(w);
    int timeout = core::timeout_seconds("lock", repo_);
    std::string lock_file = repo_.common_dir() + "lanemerge/relock.lock";
    mkdir((repo_.common_dir() + "lanemerge").c_str(), 0777);
    platform::FlockLock lock;
    std::string why;
    if (!lock.acquire(lock_file, timeout, why)) {
      say(lock.timed_out() ? "another worktree has been regenerating for over " + std::to_string(timeout) + " s (" +
                                 lock_file + "); try again, or raise lanemerge.lockTimeout"
                           : why);
      return false;
    }
    std::string cwd = repo_.workdir() + a.project_dir;
    auto r = runner_.run(argv, {}, cwd, {}, core::timeout_seconds("uv", repo_));
    if (r.timed_out) {
      say("`uv lock` in " + (a.project_dir.empty() ? std::string(".") : a.project_dir) + " did not finish within " +
          std::to_string(core::timeout_seconds("uv", repo_)) + " s (lanemerge.uvTimeout) and was stopped; the merge " +
          "is not committed with a stale lock");
      return false;
    }
    if (!r.started || r.exit_code != 0) {
      say("`uv lock` failed in " + (a.project_dir.empty() ? std::string(".") : a.project_dir) + " (exit " +
          std::to_string(r.exit_code) + "); the merge is not committed with a stale lock:");
      for (const auto& line : core::split_lines(r.started ? r.err : r.error)) out.messages.emplace_back(line);
      return false;
    }
    auto add = git_.run({"add", "--", a.lock_path});
    if (!add.started || add.exit_code != 0) {
      say("cannot stage " + a.lock_path + ": " + add.err);
      return false;
    }
    a.state = "staged";
    a.staged_blob = git_.out({"rev-parse", ":" + a.lock_path});
    return true;
  }

  // Folds the staged locks into the merge commit HEAD: same parents, message
  // and author; only those paths change.
  bool fold_into_head(const std::vector<core::PendingAction>& actions) {
    std::string head = git_.out({"rev-parse", "HEAD"});
    std::string tmp_index = repo_.git_dir() + "lanemerge/fold.index";
    std::vector<std::pair<std::string, std::string>> env{{"GIT_INDEX_FILE", tmp_index}};
    std::remove(tmp_index.c_str());
    bool ok = git_.ok({"read-tree", "HEAD"}, env);
    for (const auto& a : actions) {
      if (!ok) break;
      std::string blob = a.staged_blob.empty() ? git_.out({"rev-parse", ":" + a.lock_path}) : a.staged_blob;
      std::string staged = git_.out({"ls-files", "-s", "--", a.lock_path});
      std::string mode = staged.size() > 6 ? staged.substr(0, 6) : "100644";
      ok = !blob.empty() && git_.ok({"update-index", "--add", "--cacheinfo", mode + "," + blob + "," + a.lock_path}, env);
    }
    std::string tree = ok ? git_.out({"write-tree"}, env) : std::string();
    std::remove(tmp_index.c_str());
    if (tree.empty()) {
      say("could not build the merge commit's tree with the regenerated lock");
      return false;
    }
    if (tree == git_.out({"rev-parse", "HEAD^{tree}"})) return true;  // the lock did not change
    // The message exactly as stored (log --format=%B would add a newline).
    std::string raw = git_.run({"cat-file", "commit", "HEAD"}).out;
    std::size_t body = raw.find("\n\n");
    std::string message = body == std::string::npos ? std::string() : raw.substr(body + 2);
    std::string who = git_.out({"log", "-1", "--format=%an%n%ae%n%ad", "--date=raw", "HEAD"});
    auto lines = core::split_lines(who);
    std::vector<std::pair<std::string, std::string>> author;
    if (lines.size() == 3)
      author = {{"GIT_AUTHOR_NAME", std::string(lines[0])},
                {"GIT_AUTHOR_EMAIL", std::string(lines[1])},
                {"GIT_AUTHOR_DATE", std::string(lines[2])}};
    std::vector<std::string> args{"commit-tree", tree};
    for (const auto& p : words(git_.out({"rev-parse", "HEAD^@"}))) {
      args.push_back("-p");
      args.push_back(p);
    }
    args.push_back("-F");
    args.push_back("-");
    auto made = git_.run(args, message, author);
    std::string commit = core::trim(made.out).empty() ? "" : std::string(core::trim(made.out));
    if (!made.started || made.exit_code != 0 || commit.empty()) {
      say("could not rewrite the merge commit: " + made.err);
      return false;
    }
    if (!git_.ok({"update-ref", "-m", "lanemerge: regenerated uv.lock folded into the merge", "HEAD", commit, head})) {
      say("could not move HEAD to the rewritten merge commit");
      return false;
    }
    std::string locks;
    for (const auto& a : actions) locks += (locks.empty() ? "" : ", ") + a.lock_path;
    say("regenerated " + locks + " folded into the merge commit " + commit.substr(0, 12) + " (was " +
        head.substr(0, 12) + ")");
    return true;
  }

  core::MergeIdentity merge(core::MergeStage stage) const { return core::identify_merge(repo_, env_, stage); }
  std::vector<core::PendingAction> owned(const core::MergeIdentity& m, bool drop_others) const {
    return core::pending_of(repo_.git_dir(), m, drop_others);
  }

  void pre_merge_commit() {
    core::MergeIdentity m = merge(core::MergeStage::BeforeCommit);
    for (auto& a : owned(m, true)) {
      if (a.state != "pending") continue;
      if (!relock(a)) {
        say("merge not committed; fix the cause, then `git commit` (the relock runs again), or `git merge --abort`");
        out.exit_code = 1;
        return;
      }
      (void)core::save_pending(repo_.git_dir(), a);
    }
  }

  void post_merge(const std::vector<std::string>& args) {
    if (!args.empty() && args[0] == "1") {
      // --squash: no merge commit and no MERGE_HEAD; regenerate and leave the
      // lock staged for the person's commit.
      core::MergeIdentity m = merge(core::MergeStage::BeforeCommit);
      for (auto& a : owned(m, false)) {
        if (!relock(a)) {
          say("the squashed merge needs " + a.lock_path + " regenerated; run `lanemerge relock` before committing");
          return;
        }
        core::remove_pending(repo_.git_dir(), a.id);
        say("regenerated " + a.lock_path + " is staged for your commit");
      }
      return;
    }
    core::MergeIdentity m = merge(core::MergeStage::Committed);
    auto mine = owned(m, false);
    if (mine.empty()) return;
    for (auto& a : mine) {
      if (a.state == "pending" && !relock(a)) {
        say("THE MERGE COMMIT CARRIES A STALE " + a.lock_path + "; run `lanemerge relock` once the cause is fixed");
        return;  // stays pending
      }
    }
    if (!fold_into_head(mine)) {
      say("THE MERGE COMMIT CARRIES A STALE LOCK; run `lanemerge relock`");
      return;
    }
    for (const auto& a : mine) core::remove_pending(repo_.git_dir(), a.id);
  }

  void pre_commit() {
    if (core::read_all(repo_.git_dir() + "MERGE_HEAD").empty()) return;
    core::MergeIdentity m = merge(core::MergeStage::BeforeCommit);
    for (auto& a : owned(m, true)) {
      if (!relock(a)) {
        say("commit stopped: the merge would carry a stale " + a.lock_path);
        out.exit_code = 1;
        return;
      }
      core::remove_pending(repo_.git_dir(), a.id);
    }
  }

  void prepare_commit_msg(const std::vector<std::string>& args, const std::string& lane) {
    if (args.size() < 2 || args[1] != "merge") return;
    core::MergeIdentity m = merge(core::MergeStage::BeforeCommit);
    std::size_t skipped = 0;
    auto records = core::read_journal(repo_.git_dir(), skipped);
    if (!records) return;
    std::string line = core::audit_line(core::audit_of(*records, m), lane);
    if (line.empty()) return;
    std::string path = args[0];
    std::string msg = core::read_all(path);
    if (msg.find("auto-rebase: ") != std::string::npos) return;  // exactly one audit line
    if (!lane.empty()) {
      msg = line + "\n\n" + msg;
    } else {
      std::size_t cut = msg.size();
      for (std::size_t pos = 0; pos < msg.size();) {
        std::size_t end = msg.find('\n', pos);
        if (end == std::string::npos) end = msg.size();
        if (msg[pos] == '#') { cut = pos; break; }
        pos = end + 1;
      }
      std::string body = msg.substr(0, cut), rest = msg.substr(cut);
      while (!body.empty() && body.back() == '\n') body.pop_back();
      msg = body + "\n\n" + line + "\n" + (rest.empty() ? "" : "\n" + rest);
    }
    std::string why;
    if (!core::write_file_atomic(path, msg, why)) say("audit line not written: " + why);
  }

  // A rebase or cherry-pick stopped on a conflicted lock: the lock of the
  // side being rebased (picked) onto — HEAD, stage 2 — regenerated and staged.
  bool relock_replayed() {
    core::MergeIdentity m = merge(core::MergeStage::BeforeCommit);
    if (m.operation != core::Operation::Rebase && m.operation != core::Operation::CherryPick &&
        m.operation != core::Operation::Revert)
      return false;
    std::vector<std::string> locks;
    const std::string unmerged = git_.out({"diff", "--name-only", "--diff-filter=U"});
    for (std::string_view p : core::split_lines(unmerged)) {
      std::string path(p);
      if (path == "uv.lock" || (path.size() > 8 && path.compare(path.size() - 8, 8, "/uv.lock") == 0))
        locks.push_back(path);
    }
    if (locks.empty()) {
      say("no conflicted uv.lock in this " + m.operation_name() + "; nothing to regenerate");
      return true;
    }
    for (const auto& lock : locks) {
      if (!git_.ok({"checkout", "--ours", "--", lock})) {
        say("cannot take HEAD's " + lock);
        out.exit_code = 1;
        return true;
      }
      core::PendingAction a = core::relock_action(lock, m.head, "", "lanemerge relock");
      if (!relock(a)) {
        out.exit_code = 1;
        return true;
      }
      say("regenerated " + lock + " from HEAD's lock is staged; continue with `git " + m.operation_name() +
          " --continue`");
    }
    return true;
  }

  void relock_all() {
    if (relock_replayed()) return;
    std::string first_parent = git_.out({"rev-parse", "--verify", "-q", "HEAD^1"});
    bool is_merge = !git_.out({"rev-parse", "--verify", "-q", "HEAD^2"}).empty();
    std::vector<core::PendingAction> done;
    for (auto& a : core::load_pending(repo_.git_dir())) {
      if (!relock(a)) {
        out.exit_code = 1;
        return;
      }
      done.push_back(a);
    }
    if (done.empty()) {
      say("nothing to regenerate");
      return;
    }
    bool fold = is_merge && std::all_of(done.begin(), done.end(), [&](const core::PendingAction& a) {
      return a.head == first_parent;
    });
    if (fold && core::read_all(repo_.git_dir() + "MERGE_HEAD").empty()) {
      if (!fold_into_head(done)) {
        out.exit_code = 1;
        return;
      }
    } else {
      say("regenerated lock staged; commit it");
    }
    for (const auto& a : done) core::remove_pending(repo_.git_dir(), a.id);
  }

private:
  const core::Repository& repo_;
  core::ProcessRunner& runner_;
  core::MergeEnvironment env_;
  GitCli git_;
};

}  // namespace

HookOutcome run_hook(const std::string& name, const std::vector<std::string>& args, const core::Repository& repo,
                     core::ProcessRunner& runner, const core::MergeEnvironment& env, const std::string& lane) {
  Hooks h(repo, runner, env);
  if (repo.workdir().empty()) return h.out;  // bare: nothing to do
  if (name == "pre-merge-commit") h.pre_merge_commit();
  else if (name == "post-merge") h.post_merge(args);
  else if (name == "pre-commit") h.pre_commit();
  else if (name == "prepare-commit-msg") h.prepare_commit_msg(args, lane);
  else {
    h.out.exit_code = 2;
    h.say("unknown hook " + name);
  }
  return h.out;
}

HookOutcome relock_now(const core::Repository& repo, core::ProcessRunner& runner, const core::MergeEnvironment& env) {
  Hooks h(repo, runner, env);
  h.relock_all();
  return h.out;
}

}  // namespace lanemerge::hooks

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

#include "core/files.hpp"
#include "core/journal.hpp"
#include "core/pending.hpp"
#include "core/text.hpp"
#include "hooks/git_cli.hpp"

namespace lanemerge::hooks {
namespace {

long long mtime_ns(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return 0;
  return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The merge in progress: ours (the first parent once committed) and the
// commits being merged (MERGE_HEAD), or, before MERGE_HEAD exists
// (pre-merge-commit), the time the merge started (ORIG_HEAD).
struct CurrentMerge {
  std::string ours;
  std::vector<std::string> theirs;
  long long started_ns = 0;

  bool owns(const core::PendingAction& a) const {
    if (a.head != ours) return false;
    if (!theirs.empty() && !a.merge_head.empty())
      return std::find(theirs.begin(), theirs.end(), a.merge_head) != theirs.end();
    return a.recorded_ns >= started_ns;  // recorded during this merge (ORIG_HEAD is written as it starts)
  }
  bool owns(const nlohmann::json& r) const {
    if (r.value("head", "") != ours) return false;
    std::string mh = r.value("merge_head", "");
    if (!theirs.empty() && !mh.empty()) return std::find(theirs.begin(), theirs.end(), mh) != theirs.end();
    return false;
  }
};

CurrentMerge current_merge(const core::Repository& repo, const GitCli& git, bool committed) {
  CurrentMerge m;
  m.ours = git.out({"rev-parse", "--verify", "-q", committed ? "HEAD^1" : "HEAD"});
  const std::string merge_heads = core::read_all(repo.git_dir() + "MERGE_HEAD");
  for (const auto& line : core::split_lines(merge_heads))
    if (!core::trim(line).empty()) m.theirs.emplace_back(core::trim(line));
  m.started_ns = mtime_ns(repo.git_dir() + "ORIG_HEAD");
  if (m.theirs.empty()) {
    // pre-merge-commit runs before MERGE_HEAD is written: the commits being
    // merged are the names git put in GIT_REFLOG_ACTION ("merge lane-b"),
    // or FETCH_HEAD for a pull.
    const char* action = std::getenv("GIT_REFLOG_ACTION");
    auto w = words(action ? action : "");
    if (!w.empty() && (w[0] == "merge" || w[0] == "pull")) {
      for (std::size_t i = 1; i < w.size(); ++i) {
        if (w[i].empty() || w[i][0] == '-') continue;
        std::string sha = git.out({"rev-parse", "--verify", "-q", w[i] + "^{commit}"});
        if (!sha.empty()) m.theirs.push_back(sha);
      }
      if (w[0] == "pull") {
        std::string sha = git.out({"rev-parse", "--verify", "-q", "FETCH_HEAD^{commit}"});
        if (!sha.empty()) m.theirs.push_back(sha);
      }
    }
  }
  return m;
}

// An exclusive lock in the common git directory, so that lanes in several
// worktrees never regenerate at once. flock: a killed holder releases it.
class RelockLock {
public:
  bool acquire(const std::string& path, int timeout_s, std::string& why) {
    fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0) {
      why = "cannot open " + path + ": " + std::strerror(errno);
      return false;
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) {
        why = std::string("cannot lock ") + path + ": " + std::strerror(errno);
        return false;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        why = "another worktree has been regenerating for over " + std::to_string(timeout_s) + " s (" + path +
              "); try again, or raise lanemerge.lockTimeout";
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
  }
  ~RelockLock() {
    if (fd_ >= 0) close(fd_);
  }

private:
  int fd_ = -1;
};

class Hooks {
public:
  Hooks(const core::Repository& repo, core::ProcessRunner& runner)
      : repo_(repo), runner_(runner), git_(runner, repo.workdir()) {}

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
    int timeout = 300;
    try {
      timeout = std::stoi(repo_.config("lanemerge.locktimeout").value_or("300"));
    } catch (const std::exception&) {
    }
    std::string lock_file = repo_.common_dir() + "lanemerge/relock.lock";
    mkdir((repo_.common_dir() + "lanemerge").c_str(), 0777);
    RelockLock lock;
    std::string why;
    if (!lock.acquire(lock_file, timeout, why)) {
      say(why);
      return false;
    }
    std::string cwd = repo_.workdir() + a.project_dir;
    auto r = runner_.run(argv, {}, cwd);
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
    std::string message = git_.run({"log", "-1", "--format=%B", "HEAD"}).out;
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
    return true;
  }

  std::vector<core::PendingAction> owned(const CurrentMerge& m, bool drop_others) {
    std::vector<core::PendingAction> mine;
    for (auto& a : core::load_pending(repo_.git_dir())) {
      if (m.owns(a)) mine.push_back(a);
      else if (drop_others) core::remove_pending(repo_.git_dir(), a.id);  // of another (aborted) merge
    }
    return mine;
  }

  void pre_merge_commit() {
    CurrentMerge m = current_merge(repo_, git_, false);
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
      CurrentMerge m = current_merge(repo_, git_, false);
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
    CurrentMerge m = current_merge(repo_, git_, true);
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
    CurrentMerge m = current_merge(repo_, git_, false);
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
    CurrentMerge m = current_merge(repo_, git_, false);
    std::size_t skipped = 0;
    auto records = core::read_journal(repo_.git_dir(), skipped);
    if (!records) return;
    std::set<std::string> rules;
    std::size_t regions = 0;
    for (const auto& r : *records) {
      if (!m.owns(r) || r.value("resolution", "") != "auto") continue;
      std::size_t n = r.value("regions", static_cast<std::size_t>(0));
      regions += std::max<std::size_t>(n, 1);
      if (r.contains("rules") && r["rules"].is_array() && !r["rules"].empty()) {
        for (const auto& id : r["rules"])
          if (id.is_string()) rules.insert(id.get<std::string>());
      } else {
        rules.insert(r.value("rule", ""));
      }
    }
    if (rules.empty()) return;
    std::string line = "auto-rebase: " + std::to_string(regions) + " conflict" + (regions == 1 ? "" : "s") +
                       " resolved by classifier rules [";
    bool first = true;
    for (const auto& id : rules) {
      line += (first ? "" : ", ") + id;
      first = false;
    }
    line += "]";
    if (!lane.empty()) line += " lane=" + lane;
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
    std::ofstream o(path, std::ios::binary | std::ios::trunc);
    o << msg;
  }

  void relock_all() {
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
      say("regenerated lock folded into the merge commit " + git_.out({"rev-parse", "--short", "HEAD"}));
    } else {
      say("regenerated lock staged; commit it");
    }
    for (const auto& a : done) core::remove_pending(repo_.git_dir(), a.id);
  }

private:
  const core::Repository& repo_;
  core::ProcessRunner& runner_;
  GitCli git_;
};

}  // namespace

HookOutcome run_hook(const std::string& name, const std::vector<std::string>& args, const core::Repository& repo,
                     core::ProcessRunner& runner, const std::string& lane) {
  Hooks h(repo, runner);
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

HookOutcome relock_now(const core::Repository& repo, core::ProcessRunner& runner) {
  Hooks h(repo, runner);
  h.relock_all();
  return h.out;
}

}  // namespace lanemerge::hooks

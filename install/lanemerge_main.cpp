// lanemerge: the admin CLI (install, uninstall, log). Every command prints
// for people, or one JSON envelope with --output-format json.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/envelope.hpp"
#include "core/journal.hpp"
#include "core/merge_identity.hpp"
#include "core/repository.hpp"
#include "core/rules.hpp"
#include "core/platform/process.hpp"
#include "hooks/hook_runner.hpp"
#include "install/doctor.hpp"
#include "install/installer.hpp"
#include "install/pre_commit_block.hpp"
#include "install/sync.hpp"

extern char** environ;

using lanemerge::core::Error;
using nlohmann::json;

namespace {

const char* kUsage =
    "usage: lanemerge <command> [options]\n"
    "\n"
    "commands:\n"
    "  install     register the merge drivers in git config and .gitattributes\n"
    "              --global   in your user config and attributes file\n"
    "              --private  in .git/info/attributes instead of .gitattributes\n"
    "              --dry-run  print what would change, change nothing\n"
    "              --no-hooks drivers only, no hook shims\n"
    "              --shared-hooks  core.hooksPath in the work tree: write shims\n"
    "                         calling lanemerge from PATH (to commit)\n"
    "              --print-pre-commit  print a repo: local block for\n"
    "                         .pre-commit-config.yaml, change nothing\n"
    "  uninstall   remove exactly what install added (same options)\n"
    "  log         show this repository's merge journal\n"
    "              --limit N  only the last N records\n"
    "  sync [LANE...]  merge the mission branch into every stale lane\n"
    "              --mission BRANCH (default main)  --keep-going  --jobs N (default 1)\n"
    "              --dry-run  predict exactly what a run would do; write nothing\n"
    "  doctor      check drivers, attributes, hooks, ruff and uv; one line each\n"
    "  relock      regenerate the uv.lock files a merge left pending; in a\n"
    "              rebase or cherry-pick: a conflicted uv.lock, from HEAD's lock\n"
    "  hook NAME   what the installed hook shims run (pre-merge-commit,\n"
    "              post-merge, pre-commit, prepare-commit-msg)\n"
    "\n"
    "options for every command:\n"
    "  --output-format text|json   json prints one envelope on stdout\n"
    "  --version, --help\n";

const char* const kCommands[] = {"install", "uninstall", "log", "sync", "doctor", "relock", "hook"};

// The usage lines of one command (from the command's name to the next command).
std::string usage_of(const std::string& command) {
  std::string all = kUsage;
  std::size_t at = all.find("\n  " + command + " ");
  if (at == std::string::npos) return all;
  std::size_t end = at + 1;
  for (;;) {
    end = all.find('\n', end);
    if (end == std::string::npos || end + 3 >= all.size() || all[end + 1] != ' ' || all[end + 3] != ' ') break;
    ++end;
  }
  return "usage: lanemerge " + command + " [options]\n" + all.substr(at + 1, end - at) +
         "\n  --output-format text|json   json prints one envelope on stdout\n";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string nearest_command(const std::string& word) {
  std::string best;
  std::size_t best_d = 3;  // suggest only what is close: at most two edits, or a prefix
  for (const char* c : kCommands) {
    std::size_t d = std::string(c).rfind(word, 0) == 0 && !word.empty() ? 1 : edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

struct Cli {
  std::string command;
  std::string format = "text";
  std::vector<std::string> args;
};

int fail(const Cli& cli, int code, const Error& e) {
  if (cli.format == "json") {
    std::cout << lanemerge::core::envelope_error(cli.command.empty() ? "lanemerge" : cli.command, code, e).dump(2)
              << "\n";
  } else {
    std::cerr << "lanemerge: " << (cli.command.empty() ? "" : cli.command + ": ") << e.message << "\n";
    if (!e.hint.empty()) std::cerr << "hint: " << e.hint << "\n";
  }
  return code;
}

Error usage_error(const std::string& message) {
  return Error{"usage", "parse-arguments", "", message, "run `lanemerge --help`", false};
}

std::string self_dir() {
  std::string buf(4096, '\0');
  ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  if (n <= 0) return {};
  buf.resize(static_cast<std::size_t>(n));
  return buf.substr(0, buf.rfind('/'));
}

// What git tells the programs it runs about the merge, from our environment.
lanemerge::core::MergeEnvironment environment_of_process() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    std::size_t eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return lanemerge::core::merge_environment(env);
}

std::string cwd() {
  std::string buf(4096, '\0');
  if (!getcwd(buf.data(), buf.size())) return ".";
  return buf.c_str();
}

int cmd_install(const Cli& cli, bool uninstalling) {
  lanemerge::install::InstallOptions o;
  bool print_pre_commit = false;
  for (const auto& a : cli.args) {
    if (a == "--global") o.global = true;
    else if (a == "--private") o.private_ = true;
    else if (a == "--dry-run") o.dry_run = true;
    else if (a == "--no-hooks") o.hooks = false;
    else if (a == "--shared-hooks" && !uninstalling) o.shared_hooks = true;
    else if (a == "--print-pre-commit" && !uninstalling) print_pre_commit = true;
    else return fail(cli, 2, usage_error("unknown option " + a));
  }
  if (print_pre_commit) {
    lanemerge::platform::PosixProcessRunner runner;
    std::string version = lanemerge::install::pre_commit_version(runner);
    std::string block = lanemerge::install::pre_commit_block(version);
    if (cli.format == "json")
      std::cout << lanemerge::core::envelope_data(cli.command, 0, {{"pre_commit_version", version}, {"block", block}})
                       .dump(2)
                << "\n";
    else
      std::cout << block;
    return 0;
  }
  if (o.global && o.private_) return fail(cli, 2, usage_error("--global and --private exclude each other"));
  o.bin_dir = self_dir();
  auto repo = lanemerge::core::Repository::discover(cwd());
  const lanemerge::core::Repository* r = repo ? &repo.value() : nullptr;
  auto steps = uninstalling ? lanemerge::install::uninstall(r, o) : lanemerge::install::install(r, o);
  if (!steps) return fail(cli, 2, steps.error());
  if (cli.format == "json") {
    json list = json::array();
    for (const auto& s : *steps)
      list.push_back({{"action", s.kind}, {"target", s.target}, {"key", s.key}, {"value", s.value}, {"changed", s.changed}});
    std::cout << lanemerge::core::envelope_data(cli.command, 0, {{"dry_run", o.dry_run}, {"steps", list}}).dump(2)
              << "\n";
    return 0;
  }
  const char* would = o.dry_run ? "would " : "";
  std::size_t changed = 0;
  for (const auto& s : *steps) {
    if (s.kind == "note") {
      std::cout << "next: " << s.key << "\n";
      continue;
    }
    if (!s.changed) {
      std::cout << "unchanged: " << s.key << (s.value.empty() ? "" : " = " + s.value) << "  (" << s.target << ")\n";
      continue;
    }
    ++changed;
    if (s.kind == "print-hook") {
      std::cout << "add to " << s.target << " (tracked; lanemerge writes nothing there): " << s.key << "\n";
      continue;
    }
    std::string verb = s.kind == "set-config" ? "set" : s.kind == "unset-config" ? "unset"
                       : s.kind == "add-attribute" || s.kind == "add-hook" ? "add"
                       : s.kind == "chain-hook" ? "keep and chain"
                       : s.kind == "restore-hook" ? "restore"
                       : "remove";
    std::cout << would << verb << ": " << s.key << (s.value.empty() || s.kind == "unset-config" ? "" : " = " + s.value)
              << "  (" << s.target << ")\n";
  }
  if (steps->empty()) std::cout << "nothing to " << (uninstalling ? "remove" : "do") << "\n";
  else if (changed == 0) std::cout << "already " << (uninstalling ? "removed" : "installed") << "\n";
  return 0;
}

int cmd_hook(const Cli& cli) {
  if (cli.args.empty()) return fail(cli, 2, usage_error("hook needs a name"));
  auto repo = lanemerge::core::Repository::discover(cwd(), std::getenv("GIT_DIR") ? std::getenv("GIT_DIR") : "");
  if (!repo) return fail(cli, 2, repo.error());
  lanemerge::platform::PosixProcessRunner runner;
  const char* lane = std::getenv("LANEMERGE_LANE");
  std::vector<std::string> args(cli.args.begin() + 1, cli.args.end());
  // Run by the pre-commit framework: it passes prepare-commit-msg's source
  // and post-merge's squash flag in its own variables.
  const char* source = std::getenv("PRE_COMMIT_COMMIT_MSG_SOURCE");
  if (cli.args[0] == "prepare-commit-msg" && args.size() == 1 && source && *source) args.emplace_back(source);
  const char* squash = std::getenv("PRE_COMMIT_IS_SQUASH_MERGE");
  if (cli.args[0] == "post-merge" && args.empty() && squash && *squash) args.emplace_back(squash);
  auto r = lanemerge::hooks::run_hook(cli.args[0], args, *repo, runner, environment_of_process(), lane ? lane : "");
  for (const auto& m : r.messages) std::cerr << m << "\n";
  if (cli.format == "json") {
    if (r.exit_code != 0) {
      std::string msg;
      for (const auto& m : r.messages) msg += (msg.empty() ? "" : "\n") + m;
      return fail(cli, r.exit_code, Error{"tool", "hook " + cli.args[0], repo->workdir(), msg, "", true});
    }
    std::cout << lanemerge::core::envelope_data(cli.command, 0, {{"hook", cli.args[0]}, {"messages", r.messages}}).dump(2)
              << "\n";
  }
  return r.exit_code;
}

int cmd_relock(const Cli& cli) {
  if (!cli.args.empty()) return fail(cli, 2, usage_error("relock takes no arguments"));
  auto repo = lanemerge::core::Repository::discover(cwd());
  if (!repo) return fail(cli, 2, repo.error());
  lanemerge::platform::PosixProcessRunner runner;
  auto r = lanemerge::hooks::relock_now(*repo, runner, environment_of_process());
  if (cli.format == "json") {
    if (r.exit_code != 0) {
      std::string msg;
      for (const auto& m : r.messages) msg += (msg.empty() ? "" : "\n") + m;
      return fail(cli, 1, Error{"tool", "relock", "uv.lock", msg, "fix the cause, then run `lanemerge relock` again", true});
    }
    std::cout << lanemerge::core::envelope_data(cli.command, 0, {{"messages", r.messages}}).dump(2) << "\n";
    return 0;
  }
  for (const auto& m : r.messages) std::cerr << m << "\n";
  return r.exit_code;
}

int cmd_doctor(const Cli& cli) {
  if (!cli.args.empty()) return fail(cli, 2, usage_error("doctor takes no arguments"));
  auto repo = lanemerge::core::Repository::discover(cwd());
  if (!repo) return fail(cli, 2, repo.error());
  lanemerge::platform::PosixProcessRunner runner;
  auto checks = lanemerge::install::doctor(*repo, runner, self_dir());
  int code = 0;
  for (const auto& c : checks)
    if (c.status == "fail") code = 1;
  if (cli.format == "json") {
    json list = json::array();
    for (const auto& c : checks)
      list.push_back({{"check", c.name}, {"status", c.status}, {"message", c.message}, {"fix", c.fix}});
    std::cout << lanemerge::core::envelope_data(cli.command, code, {{"checks", list}}).dump(2) << "\n";
    return code;
  }
  for (const auto& c : checks) {
    std::cout << (c.status == "ok" ? "ok    " : c.status == "warn" ? "warn  " : "FAIL  ") << c.name << ": " << c.message;
    if (!c.fix.empty()) std::cout << " -> " << c.fix;
    std::cout << "\n";
  }
  return code;
}

int cmd_sync(const Cli& cli) {
  lanemerge::install::SyncOptions o;
  o.jobs = 1;
  for (std::size_t i = 0; i < cli.args.size(); ++i) {
    const std::string& a = cli.args[i];
    if (a == "--mission" && i + 1 < cli.args.size()) o.mission = cli.args[++i];
    else if (a.rfind("--mission=", 0) == 0) o.mission = a.substr(10);
    else if (a == "--keep-going") o.keep_going = true;
    else if (a == "--dry-run") o.dry_run = true;
    else if (a == "--jobs" && i + 1 < cli.args.size()) {
      try {
        o.jobs = std::stoi(cli.args[++i]);
      } catch (const std::exception&) {
        return fail(cli, 2, usage_error("--jobs needs a number"));
      }
      if (o.jobs < 1) return fail(cli, 2, usage_error("--jobs needs a number of at least 1"));
    } else if (!a.empty() && a[0] == '-') {
      return fail(cli, 2, usage_error("unknown option " + a));
    } else {
      o.lanes.push_back(a);
    }
  }
  auto repo = lanemerge::core::Repository::discover(cwd());
  if (!repo) return fail(cli, 2, repo.error());
  lanemerge::platform::PosixProcessRunner runner;
  auto report = lanemerge::install::sync(*repo, runner, o);
  if (!report.error.empty()) return fail(cli, 2, Error{"usage", "sync", o.mission, report.error, "", false});
  int code = report.exit_code();
  if (cli.format == "json")
    std::cout << lanemerge::core::envelope_data(cli.command, code, lanemerge::install::to_json(report)).dump(2) << "\n";
  else
    std::cout << lanemerge::install::to_table(report);
  return code;
}

int cmd_log(const Cli& cli) {
  long limit = -1;
  for (std::size_t i = 0; i < cli.args.size(); ++i) {
    if (cli.args[i] == "--limit" && i + 1 < cli.args.size()) {
      try {
        limit = std::stol(cli.args[++i]);
      } catch (const std::exception&) {
        return fail(cli, 2, usage_error("--limit needs a number"));
      }
    } else {
      return fail(cli, 2, usage_error("unknown option " + cli.args[i]));
    }
  }
  auto repo = lanemerge::core::Repository::discover(cwd());
  if (!repo) return fail(cli, 2, repo.error());
  std::size_t skipped = 0;
  auto records = lanemerge::core::read_journal(repo->git_dir(), skipped);
  if (!records) return fail(cli, 2, records.error());
  auto& all = *records;
  if (limit >= 0 && static_cast<std::size_t>(limit) < all.size()) all.erase(all.begin(), all.end() - limit);
  std::string path = lanemerge::core::journal_path(repo->git_dir());
  if (cli.format == "json") {
    std::cout << lanemerge::core::envelope_data(cli.command, 0,
                                                {{"journal", path}, {"records", all}, {"skipped_lines", skipped}})
                     .dump(2)
              << "\n";
    return 0;
  }
  if (all.empty()) {
    std::cout << "no merges recorded yet (" << path << ")\n";
    return 0;
  }
  auto str = [](const json& j, const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string("-"); };
  for (const auto& r : all) {
    std::printf("%s  %-7s %-24s %s\n", str(r, "timestamp").c_str(), str(r, "resolution").c_str(),
                str(r, "rule").c_str(), str(r, "path").c_str());
    std::printf("    %s\n", str(r, "reason").c_str());
    if (r.contains("warnings") && r["warnings"].is_array())
      for (const auto& w : r["warnings"])
        if (w.is_string()) std::printf("    warning: %s\n", w.get<std::string>().c_str());
  }
  if (skipped) std::printf("(%zu unreadable line(s) skipped)\n", skipped);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  lanemerge::platform::ignore_sigpipe();
  Cli cli;
  try {
    std::vector<std::string> rest;
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      if (a == "--output-format" && i + 1 < argc) cli.format = argv[++i];
      else if (a.rfind("--output-format=", 0) == 0) cli.format = a.substr(16);
      else rest.push_back(a);
    }
    if (cli.format != "text" && cli.format != "json") {
      std::string bad = cli.format;
      cli.format = "text";
      return fail(cli, 2, usage_error("--output-format must be text or json, not " + bad));
    }
    if (rest.empty()) {
      cli.command = "help";
      if (cli.format == "text") std::cerr << kUsage;
      return fail(cli, 2, usage_error("a command is needed"));
    }
    if (rest[0] == "--help" || rest[0] == "-h" || rest[0] == "help") {
      cli.command = "help";
      if (cli.format == "json") {
        std::cout << lanemerge::core::envelope_data("help", 0, {{"usage", kUsage}}).dump(2) << "\n";
      } else {
        std::cout << kUsage;
      }
      return 0;
    }
    if (rest[0] == "--version") {
      cli.command = "version";
      json drivers = json::array();
      for (const auto& p : lanemerge::core::driver_profiles()) drivers.push_back(std::string(p.driver));
      json rules = json::array();
      for (const auto& r : lanemerge::core::classifier_rules()) rules.push_back(std::string(r.id));
      if (cli.format == "json")
        std::cout << lanemerge::core::envelope_data("version", 0,
                                                    {{"version", LANEMERGE_VERSION},
                                                     {"libgit2", lanemerge::core::libgit2_version()},
                                                     {"drivers", drivers},
                                                     {"rules", rules}})
                         .dump(2)
                  << "\n";
      else
        std::cout << "lanemerge " << LANEMERGE_VERSION << " (libgit2 " << lanemerge::core::libgit2_version() << ")\n";
      return 0;
    }
    cli.command = rest[0];
    cli.args.assign(rest.begin() + 1, rest.end());
    bool known = false;
    for (const char* c : kCommands) known = known || cli.command == c;
    if (known && (std::find(cli.args.begin(), cli.args.end(), "--help") != cli.args.end() ||
                  std::find(cli.args.begin(), cli.args.end(), "-h") != cli.args.end())) {
      if (cli.format == "json")
        std::cout << lanemerge::core::envelope_data(cli.command, 0, {{"usage", usage_of(cli.command)}}).dump(2) << "\n";
      else
        std::cout << usage_of(cli.command);
      return 0;
    }
    if (cli.command == "install") return cmd_install(cli, false);
    if (cli.command == "uninstall") return cmd_install(cli, true);
    if (cli.command == "log") return cmd_log(cli);
    if (cli.command == "hook") return cmd_hook(cli);
    if (cli.command == "relock") return cmd_relock(cli);
    if (cli.command == "doctor") return cmd_doctor(cli);
    if (cli.command == "sync") return cmd_sync(cli);
    std::string unknown = cli.command;
    Error e = usage_error("unknown command '" + unknown + "'");
    std::string near = nearest_command(unknown);
    if (!near.empty()) e.hint = "did you mean `lanemerge " + near + "`? (`lanemerge --help` lists the commands)";
    return fail(cli, 2, e);
  } catch (const std::exception& e) {
    return fail(cli, 2, Error{"unknown", cli.command, "", e.what(), "", false});
  }
}

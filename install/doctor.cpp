#include "install/doctor.hpp"

#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "core/files.hpp"
#include "core/merge_identity.hpp"
#include "core/pending.hpp"
#include "core/rules.hpp"
#include "core/text.hpp"
#include "hooks/git_cli.hpp"
#include "hooks/hook_runner.hpp"
#include "install/attribute_source.hpp"
#include "install/hook_install.hpp"
#include "install/installer.hpp"

namespace lanemerge::install {
namespace {

// The program a configured command line runs (first word, shell-unquoted).
std::string program_of(const std::string& command) {
  std::string out;
  std::size_t i = 0;
  if (!command.empty() && command[0] == '\'') {
    for (i = 1; i < command.size(); ++i) {
      if (command.compare(i, 4, "'\\''") == 0) { out += '\''; i += 3; continue; }
      if (command[i] == '\'') break;
      out += command[i];
    }
    return out;
  }
  return command.substr(0, command.find(' '));
}

}  // namespace

std::vector<Check> doctor(const core::Repository& repo, core::ProcessRunner& runner, const std::string& bin_dir) {
  std::vector<Check> checks;
  auto add = [&](std::string name, std::string status, std::string message, std::string fix = {}) {
    checks.push_back(Check{std::move(name), std::move(status), std::move(message), std::move(fix)});
  };
  hooks::GitCli git(runner, repo.workdir().empty() ? repo.git_dir() : repo.workdir());

  for (const auto& p : core::driver_profiles()) {
    std::string driver(p.driver);
    std::string check = "driver " + driver;
    auto line = repo.config("merge." + driver + ".driver");
    if (!line) {
      add(check, "fail", "not registered in git config", "run `lanemerge install`");
      continue;
    }
    std::string exe = program_of(*line);
    if (access(exe.c_str(), X_OK) != 0) {
      add(check, "fail",
          exe + " is not an executable: " +
              (line->find("git merge-file") != std::string::npos
                   ? std::string("every merge falls back to git's text merge")
                   : std::string("git would keep ours and drop theirs without a conflict")),
          "run `lanemerge install` to point it at " + bin_dir + "/" + driver);
      continue;
    }
    if (is_older_driver_command(*line, bin_dir, driver)) {
      add(check, "warn",
          "written by an older lanemerge, without the fallback to git's text merge when the driver cannot run (" +
              *line + ")",
          "run `lanemerge install` to refresh it");
      continue;
    }
    if (*line != driver_command(bin_dir, driver)) {
      add(check, "warn", "written by another lanemerge (" + *line + ")", "run `lanemerge install` to refresh it");
      continue;
    }
    add(check, "ok", *line);
  }

  if (!repo.workdir().empty()) {
    std::vector<std::string> args{"check-attr", "merge", "--"};
    for (const auto& p : core::driver_profiles()) args.emplace_back(p.pattern);
    std::string attrs = git.out(args);
    for (const auto& p : core::driver_profiles()) {
      std::string want = std::string(p.pattern) + ": merge: " + std::string(p.driver);
      bool found = false;
      for (std::string_view l : core::split_lines(attrs)) found = found || l == want;
      const std::string pattern(p.pattern), name(p.driver);
      if (found) {
        add("attribute " + pattern, "ok", "merge=" + name);
        continue;
      }
      AttributeSource source = merge_attribute_source(repo, pattern);
      if (source.found() && source.text.find("merge=" + name) == std::string::npos)
        add("attribute " + pattern, "fail",
            source.file + ":" + std::to_string(source.line) + ": `" + source.text + "` overrides `" + pattern +
                " merge=" + name + "`",
            "remove that line, or add `" + pattern + " merge=" + name + "` after it");
      else
        add("attribute " + pattern, "fail", pattern + " is not mapped to " + name,
            "add `" + pattern + " merge=" + name + "` to .gitattributes (`lanemerge install`)");
    }
  }

  const bool shared = hooks_in_work_tree(repo);
  for (const auto& name : hooks::hook_names()) {
    std::string check = "hook " + name;
    core::HookReach reach = core::hook_reach(repo, name);
    std::string path = repo.hooks_dir() + name;
    if (!reach.reached) {
      add(check, "fail", reach.why_not,
          shared ? "add `lanemerge hook " + name + " \"$@\"` to it, or run `lanemerge install --shared-hooks`"
                 : "run `lanemerge install`");
      continue;
    }
    // Our own shim (where it is reached from): is it this version's?
    std::string slot = core::is_our_shim(path) ? path : core::is_our_shim(path + ".legacy") ? path + ".legacy" : "";
    if (!slot.empty() && !shared && core::read_all(slot) != shim_text(name, bin_dir + "/lanemerge"))
      add(check, "warn", "written by another lanemerge (" + reach.how + ")", "run `lanemerge install` to refresh it");
    else
      add(check, "ok", reach.how + (core::file_exists(path + ".lanemerge-chained") ? " (runs " + name +
                                                                                    ".lanemerge-chained first)"
                                                                              : ""));
  }

  auto tool = [&](const std::string& name, const std::string& configured, const std::string& why) {
    std::optional<std::string> path = configured.empty() ? runner.find(name) : runner.find(configured);
    if (!path) {
      add(name, "warn", name + " not found on PATH: " + why,
          configured.empty() ? "install " + name : "fix lanemerge." + name + " (" + configured + ")");
      return;
    }
    auto r = runner.run({*path, "--version"}, {}, repo.workdir().empty() ? "." : repo.workdir());
    std::string version = r.started && r.exit_code == 0 ? std::string(core::trim(r.out)) : "version unknown";
    add(name, "ok", *path + " (" + version + ")");
  };
  tool("ruff", "", "merged import blocks keep the file's own order");
  tool("uv", repo.config("lanemerge.uv").value_or(""), "merges that touch uv.lock stop until it is found");

  auto pending = core::load_pending(repo.git_dir());
  if (!pending.empty())
    add("pending", "warn", std::to_string(pending.size()) + " relock(s) pending from an earlier merge",
        "run `lanemerge relock`");
  add("limits", "ok",
      "`git merge --squash` and `git commit --no-verify` skip the relock hooks; run `lanemerge relock` after them");
  return checks;
}

}  // namespace lanemerge::install

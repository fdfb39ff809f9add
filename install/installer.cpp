#include "install/installer.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "core/files.hpp"
#include "core/merge_identity.hpp"
#include "core/pending.hpp"
#include "core/rules.hpp"
#include "hooks/hook_runner.hpp"
#include "install/hook_install.hpp"
#include "install/shell.hpp"
#include "core/text.hpp"

namespace lanemerge::install {

core::Error fs_error(const std::string& op, const std::string& target, const std::string& message) {
  core::Error e;
  e.kind = "filesystem";
  e.operation = op;
  e.target = target;
  e.message = message;
  return e;
}

namespace {

bool write_atomic(const std::string& path, const std::string& text) {
  std::string why;
  return core::write_file_atomic(path, text, why);
}

// A config write refused because git holds its lock file: kind "lock".
core::Error config_error(core::Error e) {
  if (e.message.find(".lock") != std::string::npos || e.message.find("lock file") != std::string::npos) {
    e.kind = "lock";
    e.retryable = true;
    e.hint = "another git command is writing the config; try again (remove a stale config.lock if none runs)";
  }
  return e;
}

void make_parent_dirs(const std::string& path) {
  for (std::size_t p = path.find('/', 1); p != std::string::npos; p = path.find('/', p + 1))
    mkdir(path.substr(0, p).c_str(), 0777);
}

std::string attributes_file(const core::Repository* repo, const InstallOptions& o) {
  if (o.global) {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    std::string base = xdg && *xdg ? std::string(xdg) : std::string(home ? home : "") + "/.config";
    return base + "/git/attributes";
  }
  if (o.private_) return repo->common_dir() + "info/attributes";
  return repo->workdir() + ".gitattributes";
}

bool is_ours(const std::string& value, const std::string& driver) {
  return value.find(driver) != std::string::npos || value.rfind("lanemerge:", 0) == 0;
}

}  // namespace

std::string driver_command(const std::string& bin_dir, const std::string& driver) {
  // git substitutes the placeholders (%P already shell-quoted): none may sit
  // inside double quotes. A status other than 0 and 1 — the executable gone,
  // unable to start, killed — falls back to git's own text merge with markers.
  return shell_quote(bin_dir + "/" + driver) +
         " %O %A %B %L %P %S %X %Y; s=$?; [ $s -le 1 ] && exit $s; "
         "echo \"lanemerge: driver failed ($s), git's text merge used for\" %P >&2; "
         "git merge-file --marker-size=%L -L ours -L base -L theirs %A %O %B";
}

bool is_older_driver_command(const std::string& line, const std::string& bin_dir, const std::string& driver) {
  return line != driver_command(bin_dir, driver) && line.find(driver) != std::string::npos &&
         line.find("git merge-file") == std::string::npos;
}

core::Expected<std::vector<Step>> install(const core::Repository* repo, const InstallOptions& o) {
  if (!repo && !o.global) return fs_error("install", ".", "not in a git repository (use --global for your user config)");
  if (repo && !o.global && !o.private_ && repo->workdir().empty())
    return fs_error("install", repo->git_dir(), "a bare repository has no .gitattributes (use --private)");
  core::ConfigLevel level = o.global ? core::ConfigLevel::Global : core::ConfigLevel::Local;
  std::vector<Step> steps;
  std::string attr_path = attributes_file(repo, o);
  std::string attr_text = core::file_exists(attr_path) ? core::read_all(attr_path) : std::string();
  auto attr_lines = core::split_lines(attr_text);
  std::string attr_new = attr_text;

  core::Repository config_repo = repo ? *repo : core::Repository();
  for (const auto& profile : core::driver_profiles()) {
    std::string driver(profile.driver);
    std::string exe = o.bin_dir + "/" + driver;
    if (access(exe.c_str(), X_OK) != 0)
      return fs_error("install", exe, "driver executable not found or not executable: " + exe);
    std::string section = "merge." + driver;
    std::pair<std::string, std::string> wanted[] = {
        {section + ".name", "lanemerge: " + std::string(profile.pattern) + " merge driver"},
        {section + ".driver", driver_command(o.bin_dir, driver)},
    };
    for (const auto& [key, value] : wanted) {
      auto current = config_repo.config_at(level, key);
      if (current && *current != value && !is_ours(*current, driver) && key.size() > 7 &&
          key.compare(key.size() - 7, 7, ".driver") == 0)
        return core::Error{"config", "install", key, "already set to another program: " + *current,
                           "remove it with `git config --unset " + key + "` first", false};
      Step s{"set-config", config_repo.config_path(level), key, value, !current || *current != value};
      if (s.changed && !o.dry_run) {
        auto r = config_repo.set_config(level, key, value);
        if (!r) return config_error(r.error());
      }
      steps.push_back(s);
    }
    std::string line = std::string(profile.pattern) + " merge=" + driver;
    bool present = false;
    for (std::string_view l : attr_lines) {
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      present = present || l == line;
    }
    if (!present) {
      if (!attr_new.empty() && attr_new.back() != '\n') attr_new += '\n';
      attr_new += line + '\n';
    }
    steps.push_back(Step{"add-attribute", attr_path, line, "", !present});
  }
  if (attr_new != attr_text && !o.dry_run) {
    make_parent_dirs(attr_path);
    if (!write_atomic(attr_path, attr_new)) return fs_error("write-attributes", attr_path, std::strerror(errno));
  }
  if (o.hooks && !o.global && repo) {
    auto hooked = install_hooks(*repo, o, steps);
    if (!hooked) return hooked.error();
  }
  if (attr_new != attr_text && !o.global && !o.private_)
    steps.push_back(Step{"note", attr_path,
                         "commit .gitattributes (git add .gitattributes && git commit) so that every clone and lane "
                         "merges with the drivers",
                         "", true});
  return steps;
}

core::Expected<std::vector<Step>> uninstall(const core::Repository* repo, const InstallOptions& o) {
  if (!repo && !o.global) return fs_error("uninstall", ".", "not in a git repository (use --global for your user config)");
  core::ConfigLevel level = o.global ? core::ConfigLevel::Global : core::ConfigLevel::Local;
  std::vector<Step> steps;
  std::string attr_path = attributes_file(repo, o);
  bool attr_exists = core::file_exists(attr_path);
  std::string attr_text = attr_exists ? core::read_all(attr_path) : std::string();
  core::Repository config_repo = repo ? *repo : core::Repository();

  std::string attr_new;
  std::vector<std::string> ours_lines;
  for (const auto& profile : core::driver_profiles())
    ours_lines.push_back(std::string(profile.pattern) + " merge=" + std::string(profile.driver));
  {
    std::size_t pos = 0;
    while (pos < attr_text.size()) {
      std::size_t end = attr_text.find('\n', pos);
      end = end == std::string::npos ? attr_text.size() : end + 1;
      std::string raw = attr_text.substr(pos, end - pos);
      std::string line = raw;
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
      bool drop = false;
      for (const auto& l : ours_lines) drop = drop || line == l;
      if (drop) steps.push_back(Step{"remove-attribute", attr_path, line, "", true});
      else attr_new += raw;
      pos = end;
    }
  }
  for (const auto& profile : core::driver_profiles()) {
    std::string driver(profile.driver);
    for (const char* name : {".name", ".driver"}) {
      std::string key = "merge." + driver + name;
      auto current = config_repo.config_at(level, key);
      if (!current || !is_ours(*current, driver)) continue;  // absent, or not ours: leave it
      steps.push_back(Step{"unset-config", config_repo.config_path(level), key, *current, true});
      if (!o.dry_run) {
        auto r = config_repo.unset_config(level, key);
        if (!r) return config_error(r.error());
      }
    }
  }
  if (!o.global && repo) {
    auto unhooked = uninstall_hooks(*repo, o, steps);
    if (!unhooked) return unhooked.error();
  }
  if (attr_new != attr_text && !o.dry_run) {
    if (attr_new.empty()) {
      if (std::remove(attr_path.c_str()) != 0) return fs_error("remove-attributes", attr_path, std::strerror(errno));
    } else if (!write_atomic(attr_path, attr_new)) {
      return fs_error("write-attributes", attr_path, std::strerror(errno));
    }
  }
  return steps;
}

}  // namespace lanemerge::install

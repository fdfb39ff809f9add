#include "install/pre_commit_block.hpp"

#include <cstdio>

#include "core/text.hpp"

namespace lanemerge::install {
namespace {

// Stage names were renamed in pre-commit 3.2 (4.x warns on the old ones).
bool old_stage_names(const std::string& version) {
  int major = 0, minor = 0;
  if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) != 2) return false;
  return major < 3 || (major == 3 && minor < 2);
}

}  // namespace

std::string pre_commit_version(core::ProcessRunner& runner) {
  auto exe = runner.find("pre-commit");
  if (!exe) return {};
  auto r = runner.run({*exe, "--version"}, {}, {}, {}, 60);
  if (!r.started || r.exit_code != 0) return {};
  std::string out(core::trim(r.out));
  std::size_t space = out.rfind(' ');
  return space == std::string::npos ? out : out.substr(space + 1);
}

std::string pre_commit_block(const std::string& version) {
  const bool old = old_stage_names(version);
  struct Hook {
    const char* name;
    std::string stage;
    const char* what;
    bool files;  // prepare-commit-msg: pre-commit passes the message file as the file name
  };
  const Hook hooks[] = {
      {"pre-merge-commit", old ? "merge-commit" : "pre-merge-commit", "regenerate locks before the merge commit", false},
      {"post-merge", "post-merge", "fold regenerated locks into the merge commit", false},
      {"pre-commit", old ? "commit" : "pre-commit", "regenerate locks when a merge is concluded", false},
      {"prepare-commit-msg", "prepare-commit-msg", "audit line of the merge", true},
  };
  std::string out = "# lanemerge's hooks, for the `repos:` list of .pre-commit-config.yaml (stage names of pre-commit " +
                    (version.empty() ? std::string("3.2 and later; pre-commit was not found") : version) +
                    ").\n# Then: pre-commit install --hook-type pre-commit --hook-type pre-merge-commit "
                    "--hook-type post-merge --hook-type prepare-commit-msg\n"
                    "-   repo: local\n"
                    "    hooks:\n";
  for (const auto& h : hooks) {
    out += std::string("    -   id: lanemerge-") + h.name + "\n" +
           "        name: lanemerge (" + h.what + ")\n" +
           "        entry: lanemerge hook " + h.name + "\n" +
           "        language: system\n" +
           "        always_run: true\n" + (h.files ? "" : "        pass_filenames: false\n") +
           "        stages: [" + h.stage + "]\n";
  }
  return out;
}

}  // namespace lanemerge::install

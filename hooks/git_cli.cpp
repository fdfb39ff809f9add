#include "hooks/git_cli.hpp"

namespace lanemerge::hooks {

core::ProcessResult GitCli::run(const std::vector<std::string>& args, const std::string& input,
                                const std::vector<std::pair<std::string, std::string>>& env, int timeout_s) const {
  auto git = runner_.find("git");
  if (!git) {
    core::ProcessResult r;
    r.error = "git not found on PATH";
    return r;
  }
  std::vector<std::string> argv{*git};
  argv.insert(argv.end(), args.begin(), args.end());
  return runner_.run(argv, input, top_, env, timeout_s < 0 ? timeout_s_ : timeout_s);
}

std::string GitCli::out(const std::vector<std::string>& args,
                        const std::vector<std::pair<std::string, std::string>>& env) const {
  auto r = run(args, {}, env);
  if (!r.started || r.exit_code != 0) return {};
  std::string s = r.out;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

bool GitCli::ok(const std::vector<std::string>& args,
                const std::vector<std::pair<std::string, std::string>>& env) const {
  auto r = run(args, {}, env);
  return r.started && r.exit_code == 0;
}

}  // namespace lanemerge::hooks

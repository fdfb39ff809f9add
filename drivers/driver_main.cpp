#include "drivers/driver_main.hpp"

#include <cstdio>
#include <exception>
#include <string>

#include <unistd.h>

#include "core/driver_fallback.hpp"
#include "core/driver_run.hpp"
#include "core/platform/process.hpp"

extern char** environ;

namespace lanemerge::drivers {
namespace {

void usage(std::string_view driver, std::FILE* to) {
  std::fprintf(to,
               "usage: %.*s %%O %%A %%B [%%L [%%P [%%S %%X %%Y]]]\n"
               "A git merge driver: merges ancestor %%O, ours %%A and theirs %%B into %%A.\n"
               "Exit 0 when merged cleanly, 1 when conflicts remain, 2 on errors.\n"
               "Install it with `lanemerge install`.\n",
               static_cast<int>(driver.size()), driver.data());
}

// The environment a driver reads: what git exports to it, and lanemerge's own.
bool wanted(const std::string& key) {
  return key == "GIT_DIR" || key == "GIT_CONFIG_PARAMETERS" || key.rfind("GITHEAD_", 0) == 0 ||
         key == "GIT_REFLOG_ACTION" || key == "LANEMERGE_DRY_RUN" || key == "LANEMERGE_TEST_FAULT";
}

}  // namespace

int driver_main(int argc, char** argv, std::string_view driver) {
  platform::ignore_sigpipe();
  core::DriverRequest request;
  std::vector<std::string> messages;
  try {
    if (argc == 2 && std::string(argv[1]) == "--version") {
      std::printf("%.*s %s\n", static_cast<int>(driver.size()), driver.data(), LANEMERGE_VERSION);
      return 0;
    }
    if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
      usage(driver, stdout);
      return 0;
    }
    if (argc < 4) {
      usage(driver, stderr);
      return 2;
    }
    const auto* profile = core::find_profile(driver);
    if (!profile) {
      std::fprintf(stderr, "lanemerge: unknown driver %.*s\n", static_cast<int>(driver.size()), driver.data());
      return 2;
    }
    request.base_file = argv[1];
    request.ours_file = argv[2];
    request.theirs_file = argv[3];
    if (argc > 4) request.marker_size = argv[4];
    if (argc > 5) request.path = argv[5];
    if (argc > 6) request.label_base = argv[6];
    if (argc > 7) request.label_ours = argv[7];
    if (argc > 8) request.label_theirs = argv[8];
    std::string cwd(4096, '\0');
    if (getcwd(cwd.data(), cwd.size()) != nullptr) request.cwd = cwd.c_str();
    else request.cwd = ".";
    for (char** e = environ; e && *e; ++e) {
      std::string kv(*e);
      std::size_t eq = kv.find('=');
      if (eq == std::string::npos) continue;
      std::string key = kv.substr(0, eq);
      if (wanted(key)) request.env[key] = kv.substr(eq + 1);
    }
    platform::PosixProcessRunner runner;
    auto outcome = core::run_driver(request, *profile, &runner);
    for (const auto& line : outcome.messages) std::fprintf(stderr, "%s\n", line.c_str());
    return outcome.exit_code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lanemerge: error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "lanemerge: error: unexpected failure\n");
  }
  // Never leave ours in %A without markers: git would take it as resolved.
  if (request.ours_file.empty()) return 2;
  int code = 2;
  try {
    code = core::write_git_conflict(request, messages);
  } catch (...) {
    messages.emplace_back("lanemerge: error: the conflict text could not be written either; ours left in place");
  }
  for (const auto& line : messages) std::fprintf(stderr, "%s\n", line.c_str());
  return code;
}

}  // namespace lanemerge::drivers

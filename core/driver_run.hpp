// One driver run as git's merge driver contract asks (%O %A %B %L %P %S %X %Y):
// read, text-merge, classify, write %A, journal. Knows nothing of argv: the
// executable hands it a request and the environment it needs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/process.hpp"
#include "core/rules.hpp"
#include "core/text_merge.hpp"

namespace lanemerge::core {

struct DriverRequest {
  std::string base_file;    // %O
  std::string ours_file;    // %A (also where the result goes)
  std::string theirs_file;  // %B
  std::string marker_size;  // %L
  std::string path;         // %P
  std::string label_base;   // %S (literally "%S" from gits before 2.44)
  std::string label_ours;   // %X
  std::string label_theirs; // %Y
  std::string cwd;
  std::map<std::string, std::string> env;  // GIT_DIR, GIT_CONFIG_PARAMETERS, GITHEAD_*
};

struct DriverOutcome {
  int exit_code = 1;
  std::vector<std::string> messages;  // one-line messages for stderr
};

// `runner` runs ruff for import merges; null means no external tools.
DriverOutcome run_driver(const DriverRequest& request, const DriverProfile& profile, ProcessRunner* runner);

// Labels per the contract: a literal %S/%X/%Y is ignored; then ours is HEAD,
// theirs the branch of GITHEAD_<sha> (else "theirs"), base "base".
Labels resolve_labels(const DriverRequest& request);

}  // namespace lanemerge::core

// Temporary files next to their target, renamed over it when finished, so
// that a reader (git reading %A, a hook reading a config) never sees a file
// half-written and a failure leaves the target exactly as it was.
#pragma once

#include <string>

#include "core/platform/fd.hpp"

namespace lanemerge::platform {

class TempFile {
public:
  // Creates `<dir of target>/.<name>.lanemerge-XXXXXX`; `why` says what failed.
  bool create(const std::string& target, std::string& why);
  bool write(const std::string& text, std::string& why);
  // Gives it the target's mode (or the umask's for a new file) and renames
  // it over the target.
  bool commit(std::string& why);
  ~TempFile();

private:
  UniqueFd fd_;
  std::string path_;
  std::string target_;
};

// The one way files are replaced: a temporary file renamed over `path`.
bool replace_file(const std::string& path, const std::string& text, std::string& why);

// The mode a new file gets (0666 less the process's umask).
unsigned new_file_mode();

}  // namespace lanemerge::platform

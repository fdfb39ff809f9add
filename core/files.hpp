// Small file helpers shared by the drivers, the hooks and the CLI.
#pragma once

#include <string>

namespace lanemerge::core {

bool file_exists(const std::string& path);

// The whole file, or "" when it cannot be read (see read_file for the difference).
std::string read_all(const std::string& path);

// False when the file cannot be opened or read.
bool read_file(const std::string& path, std::string& out);

// Writes a temporary file next to `path` and renames it over `path`, so the
// file is never seen half-written and a failure leaves it as it was (the
// target's mode is kept). `why` says what failed.
bool write_file_atomic(const std::string& path, const std::string& text, std::string& why);

}  // namespace lanemerge::core

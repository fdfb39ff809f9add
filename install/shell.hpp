// Quoting for the POSIX shell: every line lanemerge writes into git config
// or a hook runs through /bin/sh.
#pragma once

#include <string>

namespace lanemerge::install {

// `word` single-quoted (a ' becomes '\''): nothing in it is special to the
// shell any more — spaces, ; & | ( ) < > $ ` " \ and newlines included.
std::string shell_quote(const std::string& word);

}  // namespace lanemerge::install

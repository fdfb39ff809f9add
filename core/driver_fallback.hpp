// The driver's safe way out: git's own conflict text for a request, written
// to %A by rename. Used when anything fails after the inputs were read (the
// executable's catch-all), so that git never keeps ours without markers.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/driver_run.hpp"
#include "core/text_merge.hpp"

namespace lanemerge::core {

// The text merge options git's contract gives a driver: labels (see
// resolve_labels), %L, merge.conflictStyle read through `setting`.
TextMergeOptions driver_merge_options(const DriverRequest& request,
                                      const std::function<std::string(const std::string&)>& setting);

// Every conflicting line of a failed text merge as one region: ours, then
// theirs, between markers of the options' size and labels.
std::string whole_file_conflict(const std::string& ours, const std::string& theirs, const TextMergeOptions& options);

// Reads the three versions again and writes git's conflict text to %A
// (ours is kept for binary content). Returns the exit code: 1, or 2 when the
// versions cannot be read or %A cannot be written (the installed driver
// line then falls back to `git merge-file`).
int write_git_conflict(const DriverRequest& request, std::vector<std::string>& messages);

}  // namespace lanemerge::core

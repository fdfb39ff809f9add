// Which attribute line decides a path's `merge` attribute, so that `doctor`
// can name the file and line that overrides ours (saleor's `*.lock -merge`).
#pragma once

#include <string>

#include "core/repository.hpp"

namespace lanemerge::install {

struct AttributeSource {
  std::string file;  // as shown: relative to the top for .gitattributes
  int line = 0;
  std::string text;
  bool found() const { return line > 0; }
};

// The line that sets, unsets or unspecifies `merge` for `path` with the
// highest precedence git gives it: $GIT_DIR/info/attributes, then the
// .gitattributes files from the path's directory up to the top, then
// core.attributesFile. Patterns: git's wildmatch subset (*, ?, [..], **).
AttributeSource merge_attribute_source(const core::Repository& repo, const std::string& path);

}  // namespace lanemerge::install

// Three-way merge of sequences of labels (one label per item: an entry's
// meaning, a comment's text), with git's own diff (libgit2's xdiff) for the
// alignment, so that entries merge as git merges lines but each chunk knows
// exactly which items of which version it holds.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace lanemerge::core {

inline constexpr std::size_t kUnmatched = static_cast<std::size_t>(-1);

// For each element of `a`, the index of the element of `b` it is matched to
// by git's diff, or kUnmatched. Labels must not contain a line break.
Expected<std::vector<std::size_t>> align(const std::vector<std::string>& a, const std::vector<std::string>& b);

struct Chunk {
  enum class Type {
    Stable,    // the same in all three
    Ours,      // only ours changed it: take ours
    Theirs,    // only theirs changed it: take theirs
    Both,      // both changed it the same way: take ours
    Conflict,  // both changed it differently
  };
  Type type = Type::Stable;
  std::size_t base_begin = 0, base_end = 0;
  std::size_t ours_begin = 0, ours_end = 0;
  std::size_t theirs_begin = 0, theirs_end = 0;
};

// diff3 over the alignments of base with ours and with theirs.
Expected<std::vector<Chunk>> merge_sequences(const std::vector<std::string>& base, const std::vector<std::string>& ours,
                                             const std::vector<std::string>& theirs);

}  // namespace lanemerge::core

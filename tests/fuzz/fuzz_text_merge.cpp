// Fuzz target: the libgit2 text merge wrapper and the diff3 segment reader.
#include <cstdlib>

#include "core/text_merge.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace lanemerge;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto v = fuzz::split(data, size);
  for (auto style : {core::ConflictStyle::Merge, core::ConflictStyle::Diff3, core::ConflictStyle::ZDiff3}) {
    core::TextMergeOptions o;
    o.style = style;
    o.marker_size = 3 + static_cast<int>(size % 20);
    auto r = core::text_merge(v.base, v.ours, v.theirs, o);
    if (r.ok() && r->clean && r->conflicts != 0) std::abort();
  }
  // Segments: when no side holds marker-like lines, clean text plus the
  // parts must account for every line of the merge.
  auto segs = core::merge_segments(v.base, v.ours, v.theirs);
  (void)segs;
  return 0;
}

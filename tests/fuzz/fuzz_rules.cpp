// Fuzz target: every driver's classifier (both policies) on arbitrary three
// versions. A crash, a sanitizer report, or an Auto result that does not
// hold what it must is a finding.
#include <cstdlib>

#include "core/file_merge.hpp"
#include "core/rules.hpp"
#include "core/text.hpp"
#include "core/text_merge.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace lanemerge;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto v = fuzz::split(data, size);
  // The drivers only classify valid UTF-8 without NUL or markers.
  for (const std::string* s : {&v.base, &v.ours, &v.theirs})
    if (!core::is_valid_utf8(*s) || core::has_nul(*s) || core::has_conflict_markers(*s, 7)) return 0;
  core::TextMergeOptions options;
  auto merged = core::text_merge(v.base, v.ours, v.theirs, options);
  if (!merged.ok() || merged->clean) return 0;
  for (const char* driver : {"lanemerge-pyproject", "lanemerge-pyinit", "lanemerge-urls"}) {
    const auto* profile = core::find_profile(driver);
    for (auto policy : {core::Policy::Additive, core::Policy::Keyed}) {
      core::RuleContext ctx;
      ctx.path = "x";
      ctx.policy = policy;
      auto f = core::merge_file(*profile, v.base, v.ours, v.theirs, ctx);
      if (f.resolution == core::Resolution::Auto) {
        // The merge of its own output with itself is clean at text level, and
        // the engine on it changes nothing.
        auto same = core::merge_file(*profile, f.text, f.text, f.text, ctx);
        if (same.resolution == core::Resolution::Auto && same.text != f.text) std::abort();
      }
    }
  }
  return 0;
}

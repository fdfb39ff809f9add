// Fuzz target: every driver's classifier (both policies) on arbitrary three
// versions. A crash, a sanitizer report, or an Auto result that does not
// hold what it must is a finding.
#include <cstdlib>

#include "core/pipeline.hpp"
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
      ctx.enabled = profile->rules;
      core::RuleInput input{v.base, v.ours, v.theirs, merged->conflicts};
      auto c = core::classify(core::classifier_rules(), profile->rules, input, ctx);
      if (c.resolution == core::Resolution::Auto) {
        // Running the driver on its own output is the identity.
        core::RuleInput again{c.merged, c.merged, c.merged, 0};
        auto same = core::classify(core::classifier_rules(), profile->rules, again, ctx);
        if (same.resolution == core::Resolution::Auto && same.merged != c.merged) std::abort();
      }
    }
  }
  return 0;
}

// The classifier core: a closed, ordered list of pure rules. Each
// conflicting region of a file — a hunk inside a scope, a region of the text
// outside the scopes, or a whole lock file — goes down the list; the first
// rule that applies decides it (resolved, or Manual with a reason); the last
// rule always applies and says Manual. A rule that throws is Manual.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/entry_merge.hpp"
#include "core/scoped_merge.hpp"

namespace lanemerge::core {

enum class Resolution { NotApplicable, Auto, Manual };

struct RuleContext {
  std::string path;  // the real path in the repository (%P)
  Policy policy = Policy::Additive;
  bool hooks_follow = false;  // a lanemerge hook will run before this merge is committed
};

// A lock file as a whole: its rule runs before any text merge.
struct FileRegion {
  const ScopeKind* kind = nullptr;
};

struct Region {
  const EntryHunk* hunk = nullptr;          // a conflicting hunk inside a scope
  const SkeletonRegion* skeleton = nullptr; // a conflicting region outside the scopes
  const FileRegion* file = nullptr;         // a lock file
};

struct RuleResult {
  Resolution resolution = Resolution::NotApplicable;
  std::vector<MergedItem> items;  // a resolved hunk
  std::string text;               // a resolved skeleton region
  std::vector<std::string> actions;
  std::string reason;

  static RuleResult not_applicable() { return {}; }
  static RuleResult manual(std::string why) {
    RuleResult r;
    r.resolution = Resolution::Manual;
    r.reason = std::move(why);
    return r;
  }
};

using RuleFn = RuleResult (*)(const Region&, const RuleContext&);

struct Rule {
  std::string_view id;
  RuleFn apply;
};

struct Decision {
  std::string rule;
  RuleResult result;
};

// Runs `region` down `rules`; the last rule always applies.
Decision classify(const std::vector<Rule>& rules, const Region& region, const RuleContext& context);

// Empty when `text` is valid for `validator`, else why not.
std::string validate(Validator validator, std::string_view text);

}  // namespace lanemerge::core

// The audit of one merge from the journal: what the merge commit's audit
// line and lane sync's report both count ("conflicts" = conflicting regions
// resolved by classifier rules, the last record of each path only, so that
// an aborted attempt of the same merge is not counted twice).
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/merge_identity.hpp"

namespace lanemerge::core {

struct MergeAudit {
  std::size_t regions = 0;          // conflicting regions resolved by rules
  std::set<std::string> rules;      // the rules credited
  std::vector<nlohmann::json> records;  // the last record of each path of the merge, by path
};

MergeAudit audit_of(const std::vector<nlohmann::json>& journal, const MergeIdentity& merge);

// `auto-rebase: N conflicts resolved by classifier rules [R-…]` (+ ` lane=L`),
// or empty when no rule resolved anything.
std::string audit_line(const MergeAudit& audit, const std::string& lane);

}  // namespace lanemerge::core

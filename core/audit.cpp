#include "core/audit.hpp"

#include <algorithm>
#include <map>

namespace lanemerge::core {

MergeAudit audit_of(const std::vector<nlohmann::json>& journal, const MergeIdentity& merge) {
  std::map<std::string, nlohmann::json> last;
  for (const auto& r : journal)
    if (merge.owns_record(r)) last[r.value("path", "")] = r;
  MergeAudit audit;
  for (auto& [path, r] : last) {
    if (r.value("resolution", "") == "auto") {
      audit.regions += std::max<std::size_t>(r.value("regions", static_cast<std::size_t>(0)), 1);
      if (r.contains("rules") && r["rules"].is_array() && !r["rules"].empty()) {
        for (const auto& id : r["rules"])
          if (id.is_string()) audit.rules.insert(id.get<std::string>());
      } else {
        audit.rules.insert(r.value("rule", ""));
      }
    }
    audit.records.push_back(std::move(r));
  }
  return audit;
}

std::string audit_line(const MergeAudit& audit, const std::string& lane) {
  if (audit.rules.empty()) return {};
  std::string line = "auto-rebase: " + std::to_string(audit.regions) + " conflict" + (audit.regions == 1 ? "" : "s") +
                     " resolved by classifier rules [";
  bool first = true;
  for (const auto& id : audit.rules) {
    line += (first ? "" : ", ") + id;
    first = false;
  }
  line += "]";
  if (!lane.empty()) line += " lane=" + lane;
  return line;
}

}  // namespace lanemerge::core

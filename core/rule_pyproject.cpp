#include "core/rule_pyproject.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.hpp"
#include "core/scoped_merge.hpp"
#include "core/text_merge.hpp"
#include "core/toml_scopes.hpp"

namespace lanemerge::core {
namespace {

bool is_new_group_header(std::string_view line, std::string& group) {
  line = trim(line);
  const std::string_view prefix = "[tool.poetry.group.";
  if (line.substr(0, prefix.size()) != prefix || line.back() != ']') return false;
  std::string_view rest = line.substr(prefix.size(), line.size() - prefix.size() - 1);
  std::size_t dot = rest.find('.');
  std::string_view name = rest.substr(0, dot);
  if (name.empty() || name.find_first_of("\"' []") != std::string_view::npos) return false;
  if (dot != std::string_view::npos && rest.substr(dot) != ".dependencies") return false;
  group = std::string(name);
  return true;
}

// A conflicting region of the skeleton where each side only appended whole
// new Poetry dependency groups (`[tool.poetry.group.<g>…]` sections), with
// different group names, and the base had nothing there.
bool new_groups_only(const std::string& part, std::set<std::string>& groups) {
  bool in_new_section = false;
  for (std::string_view line : split_lines(part)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::string group;
    if (is_new_group_header(line, group)) {
      groups.insert(group);
      in_new_section = true;
      continue;
    }
    // Inside a new group's section: its tokenised body or plain `key = value`.
    if (!in_new_section) return false;
  }
  return !groups.empty();
}

std::set<std::string> poetry_groups(const std::string& text) {
  std::set<std::string> out;
  for (std::string_view line : split_lines(text)) {
    std::string group;
    if (is_new_group_header(line, group)) out.insert(group);
  }
  return out;
}

}  // namespace

RuleResult rule_pyproject_deps_union(const RuleInput& input, const RuleContext& context) {
  const char* names[] = {"base", "ours", "theirs"};
  std::string_view texts[] = {input.base, input.ours, input.theirs};
  std::vector<PyprojectDoc> docs;
  for (int i = 0; i < 3; ++i) {
    auto doc = read_pyproject(texts[i]);
    if (!doc) return RuleResult::manual(std::string(names[i]) + " is not valid TOML: " + doc.error().message);
    docs.push_back(std::move(doc.value()));
  }

  // Both sides appending whole new Poetry groups at the same place: each
  // side's sections, ours first, when the group names are all new.
  std::set<std::string> base_groups = poetry_groups(docs[0].text);
  auto new_groups = [&](const MergeSegment& seg, std::string& resolved) {
    std::set<std::string> ours_groups, theirs_groups;
    if (!trim(seg.base).empty() || !new_groups_only(seg.ours, ours_groups) ||
        !new_groups_only(seg.theirs, theirs_groups))
      return false;
    for (const auto& g : ours_groups)
      if (theirs_groups.count(g) || base_groups.count(g)) return false;
    for (const auto& g : theirs_groups)
      if (base_groups.count(g)) return false;
    resolved = seg.base + seg.ours + seg.theirs;
    return true;
  };
  DocMerge merged = merge_scoped(docs[0], docs[1], docs[2], context.policy, new_groups);
  if (!merged.ok) return RuleResult::manual(merged.reason);
  auto check = read_pyproject(merged.text);
  if (!check) return RuleResult::manual("post-merge validation failed: not valid TOML: " + check.error().message);
  std::string wrong = verify_presence(docs[0], docs[1], docs[2], *check);
  if (!wrong.empty()) return RuleResult::manual("post-merge check failed: " + wrong);
  return RuleResult::automatic(std::move(merged.text), "union of additions in dependency scopes (" +
                                                   std::string(policy_name(context.policy)) + " policy)");
}

std::vector<std::string> pyproject_clean_warnings(std::string_view merged) {
  std::vector<std::string> warnings;
  auto doc = read_pyproject(strip_bom(merged));
  if (!doc) {
    warnings.push_back("the clean text merge is not valid TOML: " + doc.error().message);
    return warnings;
  }
  for (const auto& [id, scope] : doc->scopes) {
    std::map<std::string, int> counts;
    for (const auto& e : scope.entries) ++counts[e.key];
    for (const auto& [key, n] : counts)
      if (n > 1 && key.rfind('\x02', 0) != 0)
        warnings.push_back(key + " appears " + std::to_string(n) + " times in " + id + " after the clean merge");
  }
  return warnings;
}

bool both_sides_changed_dependencies(std::string_view base, std::string_view ours, std::string_view theirs) {
  auto b = read_pyproject(strip_bom(base));
  auto o = read_pyproject(strip_bom(ours));
  auto t = read_pyproject(strip_bom(theirs));
  if (!b || !o || !t) return true;  // unsure: regenerate
  auto changed = [&](const PyprojectDoc& side) {
    for (const PyprojectDoc* d : {static_cast<const PyprojectDoc*>(&*b), &side})
      for (const auto& [id, scope] : d->scopes) {
        auto bi = b->scopes.find(id);
        auto si = side.scopes.find(id);
        if (bi == b->scopes.end() || si == side.scopes.end()) return true;
        if (bi->second.entries.size() != si->second.entries.size()) return true;
        for (std::size_t i = 0; i < bi->second.entries.size(); ++i)
          if (bi->second.entries[i].norm != si->second.entries[i].norm) return true;
      }
    return false;
  };
  return changed(*o) && changed(*t);
}

}  // namespace lanemerge::core

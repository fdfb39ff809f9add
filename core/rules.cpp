#include "core/rules.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"

namespace lanemerge::core {
namespace {

// A conflicting region outside the scopes: the driver's first rule answers
// for the text around its scopes, and leaves it to git.
RuleResult outside_scopes(const SkeletonRegion& s) {
  const MergeSegment& seg = *s.segment;
  std::string_view part = !trim(seg.ours).empty() ? seg.ours : !trim(seg.theirs).empty() ? seg.theirs : seg.base;
  part = part.substr(std::min(part.size(), part.find_first_not_of(" \t\r\n")));
  std::string line(trim(part.substr(0, part.find('\n'))));
  for (std::size_t p; (p = line.find(kScopeMark)) != std::string::npos;) {
    std::size_t q = line.find(kScopeMark, p + 1);
    line.replace(p, q == std::string::npos ? 1 : q - p + 1, "...");
  }
  if (line.size() > 60) line = line.substr(0, 57) + "...";
  return RuleResult::manual("conflicting change outside the mergeable scopes (" + line + ")");
}

// The union rules share the entry engine's resolution; each takes the hunks
// of the scope kinds the table credits to it.
RuleResult union_of(std::string_view rule, const Region& region) {
  if (region.skeleton && region.skeleton->segment && region.skeleton->driver_rule == rule)
    return outside_scopes(*region.skeleton);
  if (!region.hunk || !region.hunk->kind || region.hunk->kind->rule != rule) return RuleResult::not_applicable();
  HunkResolution h = resolve_entry_hunk(*region.hunk);
  if (h.outcome != HunkResolution::Outcome::Resolved) return RuleResult::manual(h.reason);
  RuleResult r;
  r.resolution = Resolution::Auto;
  r.items = std::move(h.items);
  return r;
}

// `[tool.poetry.group.<g>.dependencies]`: the group's name, or "".
std::string poetry_group_header(std::string_view line) {
  line = trim(line);
  const std::string_view prefix = "[tool.poetry.group.";
  const std::string_view suffix = ".dependencies]";
  if (line.size() <= prefix.size() + suffix.size() || line.substr(0, prefix.size()) != prefix ||
      line.substr(line.size() - suffix.size()) != suffix)
    return {};
  std::string_view name = line.substr(prefix.size(), line.size() - prefix.size() - suffix.size());
  if (name.empty() || name.find_first_of("\"' []{}.=") != std::string_view::npos) return {};
  return std::string(name);
}

// Each side added only whole new `[tool.poetry.group.<g>.dependencies]`
// tables: their headers, their bodies (one scope token each), comments and
// blank lines. Fills the groups; false when anything else was added.
bool only_new_poetry_groups(std::string_view part, std::set<std::string>& groups) {
  std::string current;
  for (std::string_view line : split_lines(part)) {
    std::string_view t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    std::string group = poetry_group_header(t);
    if (!group.empty()) {
      if (!groups.insert(group).second) return false;
      current = group;
      continue;
    }
    std::string expected = std::string(1, kScopeMark) + "tool.poetry.group." + current + ".dependencies" + kScopeMark;
    if (current.empty() || t != expected) return false;
    current.clear();  // one body per header
  }
  return !groups.empty();
}

bool has_group(const ScopedDoc& doc, const std::string& group) {
  return doc.scopes.count("tool.poetry.group." + group + ".dependencies") > 0;
}

// Both sides appended whole new Poetry dependency groups at the same place,
// with different names that the base does not have.
bool new_poetry_groups_only(const SkeletonRegion& s) {
  std::set<std::string> ours, theirs;
  if (!s.segment || !trim(s.segment->base).empty() || !only_new_poetry_groups(s.segment->ours, ours) ||
      !only_new_poetry_groups(s.segment->theirs, theirs))
    return false;
  for (const auto& g : ours)
    if (theirs.count(g) || has_group(*s.base, g)) return false;
  for (const auto& g : theirs)
    if (has_group(*s.base, g)) return false;
  return true;
}

RuleResult rule_pyproject_deps_union(const Region& region, const RuleContext&) {
  const std::string_view id = "R-PYPROJECT-DEPS-UNION";
  if (region.skeleton && region.skeleton->reader == Reader::Toml && new_poetry_groups_only(*region.skeleton)) {
    const MergeSegment& seg = *region.skeleton->segment;
    RuleResult r;
    r.resolution = Resolution::Auto;
    r.text = seg.base + seg.ours + seg.theirs;
    return r;
  }
  return union_of(id, region);
}

RuleResult rule_init_imports_union(const Region& region, const RuleContext&) {
  return union_of("R-INIT-IMPORTS-UNION", region);
}

RuleResult rule_urls_list_union(const Region& region, const RuleContext&) {
  return union_of("R-URLS-LIST-UNION", region);
}

RuleResult rule_py_imports_union(const Region& region, const RuleContext&) {
  return union_of("R-PY-IMPORTS-UNION", region);
}

// R-UVLOCK-REGENERATE: a lock is never merged as text; when a hook of ours
// will regenerate it before the merge is committed, ours stands (a valid
// lock) and the regeneration is recorded. Otherwise the rule does not apply
// and the outcome is git's own.
RuleResult rule_uvlock_regenerate(const Region& region, const RuleContext& context) {
  if (!region.file || !region.file->kind || region.file->kind->rule != "R-UVLOCK-REGENERATE" || !context.hooks_follow)
    return RuleResult::not_applicable();
  RuleResult r;
  r.resolution = Resolution::Auto;
  r.reason = "ours kept; uv.lock is regenerated before the merge is committed";
  r.actions.push_back("uv-lock-regenerate");
  return r;
}

RuleResult rule_default_manual(const Region& region, const RuleContext& context) {
  if (region.skeleton && region.skeleton->segment) return outside_scopes(*region.skeleton);
  return RuleResult::manual("no classifier rule matched " + context.path);
}

std::vector<const ScopeKind*> rows(std::string_view driver) { return scope_kinds_of(driver); }

}  // namespace

const std::vector<Rule>& classifier_rules() {
  static const std::vector<Rule> rules = {
      {"R-PYPROJECT-DEPS-UNION", &rule_pyproject_deps_union},
      {"R-INIT-IMPORTS-UNION", &rule_init_imports_union},
      {"R-URLS-LIST-UNION", &rule_urls_list_union},
      {"R-PY-IMPORTS-UNION", &rule_py_imports_union},
      {"R-UVLOCK-REGENERATE", &rule_uvlock_regenerate},
      {"R-DEFAULT-MANUAL", &rule_default_manual},
  };
  return rules;
}

const std::vector<DriverProfile>& driver_profiles() {
  static const std::vector<DriverProfile> profiles = {
      {"lanemerge-pyproject", "pyproject.toml", Reader::Toml, rows("lanemerge-pyproject"), "R-PYPROJECT-DEPS-UNION"},
      {"lanemerge-pyinit", "__init__.py", Reader::Python, rows("lanemerge-pyinit"), "R-INIT-IMPORTS-UNION"},
      {"lanemerge-urls", "urls.py", Reader::Python, rows("lanemerge-urls"), "R-URLS-LIST-UNION"},
      {"lanemerge-uvlock", "uv.lock", Reader::Lock, rows("lanemerge-uvlock"), "R-UVLOCK-REGENERATE"},
  };
  return profiles;
}

const DriverProfile* find_profile(std::string_view driver) {
  for (const auto& p : driver_profiles())
    if (p.driver == driver) return &p;
  return nullptr;
}

}  // namespace lanemerge::core

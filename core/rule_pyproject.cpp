#include "core/rule_pyproject.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.hpp"
#include "core/text_merge.hpp"
#include "core/toml_scopes.hpp"

namespace lanemerge::core {
namespace {

constexpr char kMark = '\x01';

std::string token(const std::string& id) { return std::string(1, kMark) + id + std::string(1, kMark); }

// The document with the body of every top-level scope replaced by a token.
std::string skeleton_of(const PyprojectDoc& doc) {
  std::vector<const Scope*> top;
  for (const auto& [id, scope] : doc.scopes)
    if (!scope.nested) top.push_back(&scope);
  std::sort(top.begin(), top.end(), [](const Scope* a, const Scope* b) { return a->body_begin < b->body_begin; });
  std::string out;
  std::size_t pos = 0;
  for (const Scope* s : top) {
    out.append(doc.text, pos, s->body_begin - pos);
    out += token(s->id);
    if (s->layout.kind == BodyKind::Lines) out += '\n';
    pos = s->body_end;
  }
  out.append(doc.text, pos, std::string::npos);
  return out;
}

struct Versions {
  const PyprojectDoc& base;
  const PyprojectDoc& ours;
  const PyprojectDoc& theirs;
  Policy policy;
  std::size_t resolved = 0;

  const PyprojectDoc& doc(Side side) const {
    return side == Side::Base ? base : side == Side::Ours ? ours : theirs;
  }
  static const Scope* find(const PyprojectDoc& d, const std::string& id) {
    auto it = d.scopes.find(id);
    return it == d.scopes.end() ? nullptr : &it->second;
  }
  static std::string body(const PyprojectDoc& d, const Scope& s) {
    return d.text.substr(s.body_begin, s.body_end - s.body_begin);
  }

  SubMerge merge_scope(const std::string& id) {
    const Scope* b = find(base, id);
    const Scope* o = find(ours, id);
    const Scope* t = find(theirs, id);
    SubMerge out;
    if (o && t && b) {
      std::string bb = body(base, *b), ob = body(ours, *o), tb = body(theirs, *t);
      if (ob == bb || ob == tb) return SubMerge{true, tb, {}};
      if (tb == bb) return SubMerge{true, ob, {}};
    } else if (o && t) {
      if (body(ours, *o) == body(theirs, *t)) return SubMerge{true, body(ours, *o), {}};
    } else if (o || t) {
      // Present on one side only (new there, or removed by the other side).
      const Scope* kept = o ? o : t;
      const PyprojectDoc& kept_doc = o ? ours : theirs;
      if (b && kept->plain_entries().size() == b->plain_entries().size()) {
        bool same = true;
        for (std::size_t i = 0; i < b->entries.size() && same; ++i)
          same = b->entries[i].entry.norm == kept->entries[i].entry.norm;
        if (!same) return SubMerge{false, {}, id + " was removed by one side and changed by the other"};
      } else if (b) {
        return SubMerge{false, {}, id + " was removed by one side and changed by the other"};
      }
      return SubMerge{true, body(kept_doc, *kept), {}};
    } else {
      return SubMerge{true, {}, {}};
    }

    static const Scope empty_scope;
    const Scope& bs = b ? *b : empty_scope;
    auto merged = merge_entries(bs.plain_entries(), o->plain_entries(), t->plain_entries(), policy,
                                [&](std::size_t bi, std::size_t oi, std::size_t ti) {
                                  return merge_group(bs.entries[bi], o->entries[oi], t->entries[ti]);
                                });
    if (merged.manual) return SubMerge{false, {}, merged.reason + " in " + id};
    resolved += merged.resolved_hunks;

    auto scope_of = [&](Side side) -> const Scope& { return side == Side::Base ? bs : side == Side::Ours ? *o : *t; };
    auto entry_key = [&](const MergedEntry& m) -> const std::string& {
      return scope_of(m.side).entries[m.index].entry.key;
    };
    std::vector<MergedEntry> list = merged.entries;
    if (merged.resolved_hunks > 0 && sorted_by_key(bs.plain_entries()))
      std::stable_sort(list.begin(), list.end(),
                       [&](const MergedEntry& x, const MergedEntry& y) { return entry_key(x) < entry_key(y); });

    const BodyLayout& layout = o->layout;
    std::vector<EntryText> texts;
    for (const auto& m : list) {
      const Scope& s = scope_of(m.side);
      EntryText e = s.layout.entries[m.index];
      if (m.has_text) e.value = m.text;
      if (s.layout.eol != layout.eol) {
        e.lead = with_line_endings(e.lead, layout.eol);
        e.value = with_line_endings(e.value, layout.eol);
        e.after = with_line_endings(e.after, layout.eol);
      }
      texts.push_back(std::move(e));
    }
    std::string rendered;
    if (!render_body(layout, texts, rendered))
      return SubMerge{false, {}, "the merged entries of " + id + " cannot be written in its layout"};
    return SubMerge{true, rendered, {}};
  }

  // A group (`dev = [ … ]`) changed by both sides: merge its array and put
  // the result back into ours' `key = [ … ]` text.
  SubMerge merge_group(const ScopeEntry& b, const ScopeEntry& o, const ScopeEntry& t) {
    if (b.child_scope.empty() || b.child_scope != o.child_scope || b.child_scope != t.child_scope)
      return SubMerge{false, {}, "both sides changed group " + b.entry.key};
    SubMerge inner = merge_scope(b.child_scope);
    if (!inner.ok) return inner;
    const Scope* child = find(ours, o.child_scope);
    if (!child) return SubMerge{false, {}, "internal: group " + b.entry.key + " has no array"};
    std::string text = ours.text.substr(o.begin, child->body_begin - o.begin) + inner.text +
                       ours.text.substr(child->body_end, o.end - child->body_end);
    return SubMerge{true, text, {}};
  }
};

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
  std::size_t pos = 0;
  bool in_new_section = false;
  while (pos < part.size()) {
    std::size_t end = part.find('\n', pos);
    if (end == std::string::npos) end = part.size();
    std::string_view line = trim(std::string_view(part).substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    std::string group;
    if (is_new_group_header(line, group)) {
      groups.insert(group);
      in_new_section = true;
      continue;
    }
    if (!in_new_section) return false;
    // Inside a new group's section: its tokenised body or plain `key = value`.
  }
  return !groups.empty();
}

std::set<std::string> poetry_groups(const PyprojectDoc& doc, const std::string& skeleton) {
  std::set<std::string> out;
  std::size_t pos = 0;
  while (pos < skeleton.size()) {
    std::size_t end = skeleton.find('\n', pos);
    if (end == std::string::npos) end = skeleton.size();
    std::string group;
    if (is_new_group_header(std::string_view(skeleton).substr(pos, end - pos), group)) out.insert(group);
    pos = end + 1;
  }
  (void)doc;
  return out;
}

std::string readable(std::string_view part) {
  std::string line(trim(part.substr(0, part.find('\n'))));
  for (std::size_t p; (p = line.find(kMark)) != std::string::npos;) {
    std::size_t q = line.find(kMark, p + 1);
    line.replace(p, q == std::string::npos ? 1 : q - p + 1, "…");
  }
  if (line.size() > 60) line = line.substr(0, 57) + "...";
  return line;
}

}  // namespace

RuleResult rule_pyproject_deps_union(const RuleInput& input, const RuleContext& context) {
  if (has_bom(input.base) != has_bom(input.ours) || has_bom(input.ours) != has_bom(input.theirs))
    return RuleResult::manual("the byte-order mark differs between the versions");
  for (auto text : {input.base, input.ours, input.theirs})
    if (text.find(kMark) != std::string_view::npos) return RuleResult::manual("control characters in the file");

  const char* names[] = {"base", "ours", "theirs"};
  std::string_view texts[] = {strip_bom(input.base), strip_bom(input.ours), strip_bom(input.theirs)};
  std::vector<PyprojectDoc> docs;
  for (int i = 0; i < 3; ++i) {
    auto doc = read_pyproject(texts[i]);
    if (!doc) return RuleResult::manual(std::string(names[i]) + " is not valid TOML: " + doc.error().message);
    docs.push_back(std::move(doc.value()));
  }

  std::string skeletons[3];
  bool final_newline[3];
  for (int i = 0; i < 3; ++i) {
    skeletons[i] = skeleton_of(docs[i]);
    final_newline[i] = skeletons[i].empty() || skeletons[i].back() == '\n';
    if (!final_newline[i]) skeletons[i] += '\n';
  }
  if (final_newline[0] != final_newline[1] || final_newline[1] != final_newline[2])
    return RuleResult::manual("the final newline differs between the versions");

  // A scope must be a scope of the same kind everywhere it occurs.
  std::set<std::string> ids;
  for (const auto& d : docs)
    for (const auto& [id, scope] : d.scopes) ids.insert(id);
  for (const auto& id : ids) {
    int nested = -1;
    for (const auto& d : docs) {
      auto it = d.scopes.find(id);
      if (it == d.scopes.end()) continue;
      int n = it->second.nested ? 1 : 0;
      if (nested >= 0 && n != nested) return RuleResult::manual("the layout of " + id + " differs between the versions");
      nested = n;
    }
  }

  auto segments = merge_segments(skeletons[0], skeletons[1], skeletons[2]);
  if (!segments) return RuleResult::manual(segments.error().message);
  std::set<std::string> base_groups = poetry_groups(docs[0], skeletons[0]);
  std::string merged;
  for (const auto& seg : *segments) {
    if (!seg.conflict) { merged += seg.merged; continue; }
    std::set<std::string> ours_groups, theirs_groups;
    bool union_ok = trim(seg.base).empty() && new_groups_only(seg.ours, ours_groups) &&
                    new_groups_only(seg.theirs, theirs_groups);
    if (union_ok) {
      for (const auto& g : ours_groups) union_ok = union_ok && !theirs_groups.count(g) && !base_groups.count(g);
      for (const auto& g : theirs_groups) union_ok = union_ok && !base_groups.count(g);
    }
    if (!union_ok) {
      std::string where = readable(!trim(seg.ours).empty() ? seg.ours : !trim(seg.theirs).empty() ? seg.theirs : seg.base);
      return RuleResult::manual("conflicting change outside the dependency scopes (" + where + ")");
    }
    merged += seg.base + seg.ours + seg.theirs;
  }
  if (!final_newline[1]) merged.pop_back();

  Versions versions{docs[0], docs[1], docs[2], context.policy};
  std::string out;
  out.reserve(merged.size() + texts[1].size());
  std::size_t pos = 0;
  std::set<std::string> seen;
  while (true) {
    std::size_t p = merged.find(kMark, pos);
    if (p == std::string::npos) { out.append(merged, pos, std::string::npos); break; }
    std::size_t q = merged.find(kMark, p + 1);
    if (q == std::string::npos) return RuleResult::manual("internal: broken scope token");
    std::string id = merged.substr(p + 1, q - p - 1);
    if (!seen.insert(id).second) return RuleResult::manual(id + " occurs twice in the merge");
    out.append(merged, pos, p - pos);
    SubMerge body = versions.merge_scope(id);
    if (!body.ok) return RuleResult::manual(body.reason);
    out += body.text;
    pos = q + 1;
    const Scope* any = Versions::find(docs[1], id);
    if (!any) any = Versions::find(docs[2], id);
    if (any && any->layout.kind == BodyKind::Lines && pos < merged.size() && merged[pos] == '\n') ++pos;
  }
  // A scope that no longer appears must not carry a change that would be lost.
  for (const auto& id : ids) {
    if (seen.count(id) || Versions::find(docs[0], id) == nullptr) continue;
    bool nested = false;
    for (const auto& d : docs)
      if (auto* s = Versions::find(d, id); s && s->nested) nested = true;
    if (nested) continue;
    SubMerge check = versions.merge_scope(id);
    const Scope* o = Versions::find(docs[1], id);
    const Scope* t = Versions::find(docs[2], id);
    if (!check.ok || (o && t)) return RuleResult::manual(id + " was removed by one side and changed by the other");
  }

  if (has_bom(input.ours)) out.insert(0, "\xEF\xBB\xBF");
  return RuleResult::automatic(std::move(out), "union of additions in dependency scopes (" +
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
    for (const auto& e : scope.entries) ++counts[e.entry.key];
    for (const auto& [key, n] : counts)
      if (n > 1 && key.rfind('\x02', 0) != 0)
        warnings.push_back(key + " appears " + std::to_string(n) + " times in " + id + " after the clean merge");
  }
  return warnings;
}

}  // namespace lanemerge::core

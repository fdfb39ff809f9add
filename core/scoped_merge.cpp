#include "core/scoped_merge.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/scope_body.hpp"
#include "core/text.hpp"

namespace lanemerge::core {

namespace {

std::string token(const std::string& id) { return std::string(1, kScopeMark) + id + std::string(1, kScopeMark); }

const Scope* find(const ScopedDoc& d, const std::string& id) {
  auto it = d.scopes.find(id);
  return it == d.scopes.end() ? nullptr : &it->second;
}

std::string body(const ScopedDoc& d, const Scope& s) { return d.text.substr(s.body_begin, s.body_end - s.body_begin); }

// The document with the body of every top-level scope replaced by a token.
std::string skeleton_of(const ScopedDoc& doc) {
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

bool same_entries(const Scope& a, const Scope& b) {
  if (a.items.size() != b.items.size()) return false;
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    const Item& x = a.items[i];
    const Item& y = b.items[i];
    if (x.kind != y.kind || x.norm != y.norm || x.trail_norm != y.trail_norm) return false;
  }
  return true;
}

class Merger {
public:
  Merger(const ScopedDoc& b, const ScopedDoc& o, const ScopedDoc& t, Policy policy, const HunkClassifier& hunks,
         DocMerge& out)
      : base_(b), ours_(o), theirs_(t), policy_(policy), hunks_(hunks), out_(out) {
    containers_ = [this](const std::string& id, bool line_changed) { return merge_child(id, line_changed); };
  }

  // The merged body of a scope, or false with why.
  bool merge(const std::string& id, std::string& text, std::string& why, bool inside_changed_container = false) {
    const Scope* b = base_.scope(id);
    const Scope* o = ours_.scope(id);
    const Scope* t = theirs_.scope(id);
    if (o && t) {
      std::string ob = body(ours_, *o), tb = body(theirs_, *t);
      if (ob == tb) { text = ob; return true; }
      if (b && !inside_changed_container) {  // inside such a container, one side's removals count too
        std::string bb = body(base_, *b);
        if (ob == bb) { text = tb; return true; }
        if (tb == bb) { text = ob; return true; }
      } else if (b) {
      } else if (!o->kind || !o->kind->union_when_new) {
        why = "both sides added " + o->name + " with different contents";
        return false;
      }
      return merge_both(ScopeTriple{b, o, t}, text, why, inside_changed_container);
    }
    if (o || t) {
      // Present on one side only: new there, or removed by the other side.
      const Scope* kept = o ? o : t;
      if (b && !same_entries(*b, *kept)) {
        why = kept->name + " was removed by one side and changed by the other";
        return false;
      }
      text = body(o ? ours_ : theirs_, *kept);
      return true;
    }
    text.clear();
    return true;
  }

private:
  bool merge_both(const ScopeTriple& s, std::string& text, std::string& why, bool inside_changed_container) {
    ScopeMerge m = merge_scope(s, policy_, hunks_, containers_, inside_changed_container);
    if (!m.ok) {
      why = m.reason;
      return false;
    }
    // Both sides changed this scope: its merge answers for git's conflicts
    // here even where no hunk conflicted at entry level.
    out_.resolved += m.resolved_hunks;
    out_.rules.insert(m.rules.begin(), m.rules.end());
    if (s.ours->kind) {
      out_.rules.insert(std::string(s.ours->kind->rule));
      out_.kinds.insert(std::string(s.ours->kind->id));
    }
    std::vector<RenderItem> items;
    items.reserve(m.items.size());
    for (const auto& mi : m.items) {
      const Scope& from = s.side(mi.side);
      items.push_back(RenderItem{&from.items[mi.index], &from.layout, mi.text, mi.trailing});
    }
    std::string problem = render_body(m.layout, items, text);
    if (!problem.empty()) {
      why = problem + " (" + s.ours->name + ")";
      return false;
    }
    return true;
  }

  ChildMerge merge_child(const std::string& id, bool line_changed) {
    ChildMerge out;
    if (!merge(id, out.text, out.reason, line_changed)) return out;
    out.ok = true;
    return out;
  }

  const ScopedDoc& base_;
  const ScopedDoc& ours_;
  const ScopedDoc& theirs_;
  Policy policy_;
  const HunkClassifier& hunks_;
  ContainerMerger containers_;
  DocMerge& out_;
};

}  // namespace

void key_repeated_entries_by_text(const std::vector<ScopedDoc*>& docs) {
  std::map<std::string, std::set<std::string>> repeated;  // scope id → keys
  for (ScopedDoc* d : docs)
    for (const auto& [id, keys] : d->keyed_by_text) repeated[id].insert(keys.begin(), keys.end());
  for (ScopedDoc* d : docs)
    for (const auto& [id, scope] : d->scopes) {
      if (!scope.kind || scope.kind->repeated != RepeatedKeys::ByText) continue;
      std::unordered_map<std::string_view, int> counts;
      counts.reserve(scope.items.size());
      for (const auto& item : scope.items)
        if (item.is_entry() && ++counts[item.key] == 2) repeated[id].insert(item.key);
    }
  for (ScopedDoc* d : docs) {
    for (const auto& [id, keys] : repeated) d->keyed_by_text[id].insert(keys.begin(), keys.end());
    std::vector<std::string> orphans;
    for (auto& [id, scope] : d->scopes) {
      auto it = repeated.find(id);
      if (it == repeated.end()) continue;
      for (auto& item : scope.items)
        if (item.is_entry() && it->second.count(item.key)) {
          item.key = "\x02" + item.norm;
          if (!item.child.empty()) orphans.push_back(item.child);
          item.child.clear();  // merged as a whole statement
        }
    }
    for (const auto& id : orphans) d->scopes.erase(id);
  }
}

DocMerge merge_documents(const ScopedDoc& base, const ScopedDoc& ours, const ScopedDoc& theirs, Reader reader,
                         std::string_view driver_rule, Policy policy, const HunkClassifier& hunks, const SkeletonClassifier& skeleton) {
  DocMerge out;
  auto manual = [&](std::string why) {
    out.ok = false;
    out.reason = std::move(why);
    return out;
  };
  const ScopedDoc* docs[] = {&base, &ours, &theirs};
  for (const auto* d : docs)
    if (d->text.find(kScopeMark) != std::string::npos) return manual("control characters in the file");

  std::string skeletons[3];
  bool final_newline[3];
  for (int i = 0; i < 3; ++i) {
    skeletons[i] = skeleton_of(*docs[i]);
    final_newline[i] = skeletons[i].empty() || skeletons[i].back() == '\n';
    if (!final_newline[i]) skeletons[i] += '\n';
  }
  if (final_newline[0] != final_newline[1] || final_newline[1] != final_newline[2])
    return manual("the final newline differs between the versions");

  // A scope must be nested, or not, the same way everywhere it occurs.
  std::set<std::string> ids;
  for (const auto* d : docs)
    for (const auto& [id, scope] : d->scopes) ids.insert(id);
  for (const auto& id : ids) {
    int nested = -1;
    for (const auto* d : docs) {
      const Scope* s = find(*d, id);
      if (!s) continue;
      int n = s->nested ? 1 : 0;
      if (nested >= 0 && n != nested) return manual("the layout of " + s->name + " differs between the versions");
      nested = n;
    }
  }

  auto segments = merge_segments(skeletons[0], skeletons[1], skeletons[2]);
  if (!segments) return manual(segments.error().message);
  std::string merged;
  for (const auto& seg : *segments) {
    if (!seg.conflict) {
      merged += seg.merged;
      continue;
    }
    SkeletonResolution r;
    if (skeleton) r = skeleton(SkeletonRegion{reader, driver_rule, &seg, &base, &ours, &theirs});
    if (r.resolved) {
      merged += r.text;
      ++out.resolved;
      if (!r.rule.empty()) out.rules.insert(r.rule);
      continue;
    }
    if (!r.reason.empty()) return manual(r.reason);
    std::string_view part = !trim(seg.ours).empty() ? seg.ours : !trim(seg.theirs).empty() ? seg.theirs : seg.base;
    std::string line(trim(part.substr(0, part.find('\n'))));
    for (std::size_t p; (p = line.find(kScopeMark)) != std::string::npos;) {
      std::size_t q = line.find(kScopeMark, p + 1);
      line.replace(p, q == std::string::npos ? 1 : q - p + 1, "...");
    }
    if (line.size() > 60) line = line.substr(0, 57) + "...";
    return manual("conflicting change outside the mergeable scopes (" + line + ")");
  }
  if (!final_newline[1]) merged.pop_back();

  Merger merger(base, ours, theirs, policy, hunks, out);
  std::string text;
  text.reserve(merged.size() + ours.text.size());
  std::size_t pos = 0;
  std::set<std::string> seen;
  while (true) {
    std::size_t p = merged.find(kScopeMark, pos);
    if (p == std::string::npos) {
      text.append(merged, pos, std::string::npos);
      break;
    }
    std::size_t q = merged.find(kScopeMark, p + 1);
    if (q == std::string::npos) return manual("internal: broken scope token");
    std::string id = merged.substr(p + 1, q - p - 1);
    if (!seen.insert(id).second) return manual(id + " occurs twice in the merge");
    text.append(merged, pos, p - pos);
    std::string scope_text, why;
    if (!merger.merge(id, scope_text, why)) return manual(why);
    text += scope_text;
    pos = q + 1;
    const Scope* any = find(ours, id);
    if (!any) any = find(theirs, id);
    if (any && any->layout.kind == BodyKind::Lines && pos < merged.size() && merged[pos] == '\n') ++pos;
  }
  // A top-level scope that is gone must not take a side's change with it.
  for (const auto& id : ids) {
    const Scope* b = find(base, id);
    if (seen.count(id) || !b || b->nested) continue;
    const Scope* o = find(ours, id);
    const Scope* t = find(theirs, id);
    if ((o && t) || (o && !same_entries(*b, *o)) || (t && !same_entries(*b, *t)))
      return manual(b->name + " was removed by one side and changed by the other");
  }
  out.ok = true;
  out.text = std::move(text);
  return out;
}

}  // namespace lanemerge::core

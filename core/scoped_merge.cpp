#include "core/scoped_merge.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/text.hpp"

namespace lanemerge::core {

namespace {

std::string token(const std::string& id) { return std::string(1, kScopeMark) + id + std::string(1, kScopeMark); }

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

const Scope* find(const ScopedDoc& d, const std::string& id) {
  auto it = d.scopes.find(id);
  return it == d.scopes.end() ? nullptr : &it->second;
}

std::string body(const ScopedDoc& d, const Scope& s) { return d.text.substr(s.body_begin, s.body_end - s.body_begin); }

bool same_entries(const Scope& a, const Scope& b) {
  if (a.entries.size() != b.entries.size()) return false;
  for (std::size_t i = 0; i < a.entries.size(); ++i)
    if (a.entries[i].norm != b.entries[i].norm) return false;
  return true;
}

// Every entry of `base` is still in `side`, unchanged.
bool keeps_all(const Scope& base, const Scope& side) {
  std::multiset<std::string> have;
  for (const auto& e : side.entries) have.insert(e.norm);
  for (const auto& e : base.entries) {
    auto it = have.find(e.norm);
    if (it == have.end()) return false;
    have.erase(it);
  }
  return true;
}

struct SubResult {
  bool ok = false;
  std::string text;
  std::string reason;
};

class Merger {
public:
  Merger(const ScopedDoc& b, const ScopedDoc& o, const ScopedDoc& t, Policy policy, DocMerge& out)
      : base_(b), ours_(o), theirs_(t), policy_(policy), out_(out) {}

  SubResult merge_scope(const std::string& id) {
    const Scope* b = find(base_, id);
    const Scope* o = find(ours_, id);
    const Scope* t = find(theirs_, id);
    if (o && t && b) {
      std::string bb = body(base_, *b), ob = body(ours_, *o), tb = body(theirs_, *t);
      if (!b->additions_only || (keeps_all(*b, *o) && keeps_all(*b, *t))) {
        if (ob == bb || ob == tb) return {true, tb, {}};
        if (tb == bb) return {true, ob, {}};
      } else {
        return {false, {}, "a side removed or changed an entry of " + describe(*b)};
      }
    } else if (o && t) {
      if (body(ours_, *o) == body(theirs_, *t)) return {true, body(ours_, *o), {}};
      if (!o->union_when_new || !t->union_when_new)
        return {false, {}, "both sides added " + describe(*o) + " with different contents"};
    } else if (o || t) {
      // Present on one side only: new there, or removed by the other side.
      const Scope* kept = o ? o : t;
      if (b && !same_entries(*b, *kept)) return {false, {}, describe(*b) + " was removed by one side and changed by the other"};
      return {true, body(o ? ours_ : theirs_, *kept), {}};
    } else {
      return {true, {}, {}};
    }

    static const Scope empty_scope;
    const Scope& bs = b ? *b : empty_scope;
    Policy policy = o->ignore_policy ? Policy::Additive : policy_;
    auto merged = merge_entries(bs.entries, o->entries, t->entries, policy,
                                [&](std::size_t bi, std::size_t oi, std::size_t ti) {
                                  return merge_container(bs, bi, *o, oi, *t, ti);
                                });
    if (merged.manual) return {false, {}, merged.reason + " in " + describe(*o)};
    if (merged.resolved_hunks > 0) {
      out_.resolved.insert(id);
      if (!o->rule.empty()) out_.rules.insert(o->rule);
    }

    auto scope_of = [&](Side side) -> const Scope& { return side == Side::Base ? bs : side == Side::Ours ? *o : *t; };
    auto sort_key = [&](const MergedEntry& m) -> const std::string& {
      const Entry& e = scope_of(m.side).entries[m.index];
      return o->sort_by_text ? e.text : e.key;
    };
    auto sorted = [&](const Scope& s) {
      if (!o->sort_by_text) return sorted_by_key(s.entries);
      for (std::size_t i = 1; i < s.entries.size(); ++i)
        if (s.entries[i].text < s.entries[i - 1].text) return false;
      return true;
    };
    bool sort = merged.resolved_hunks > 0 && sorted(bs);
    if (o->order == MergeOrder::SortIfAllSorted) sort = sort && bs.entries.size() >= 2 && sorted(*o) && sorted(*t);
    std::vector<MergedEntry> list = merged.entries;
    if (sort)
      std::stable_sort(list.begin(), list.end(),
                       [&](const MergedEntry& x, const MergedEntry& y) { return sort_key(x) < sort_key(y); });

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
      return {false, {}, "the merged entries of " + describe(*o) + " cannot be written in its layout"};
    return {true, rendered, {}};
  }

private:
  static std::string describe(const Scope& s) {
    std::string id = s.id;
    for (char& c : id)
      if (c == kScopeMark) c = ' ';
    return id;
  }

  // A container entry (a dependency group, an import's names) changed in a
  // conflicting region: merge its own scope and put the result back into
  // ours' text of the entry.
  SubMerge merge_container(const Scope& bs, std::size_t bi, const Scope& os, std::size_t oi, const Scope& ts,
                           std::size_t ti) {
    const EntrySpan& b = bs.spans[bi];
    const EntrySpan& o = os.spans[oi];
    const EntrySpan& t = ts.spans[ti];
    const std::string& key = bs.entries[bi].key;
    if (b.child_scope.empty() || b.child_scope != o.child_scope || b.child_scope != t.child_scope)
      return SubMerge{false, {}, "both sides changed " + key};
    SubResult inner = merge_scope(b.child_scope);
    if (!inner.ok) return SubMerge{false, {}, inner.reason};
    const Scope* child = find(ours_, o.child_scope);
    if (!child || child->body_begin < o.begin || child->body_end > o.end)
      return SubMerge{false, {}, "internal: " + key + " has no inner scope"};
    std::string text = ours_.text.substr(o.begin, child->body_begin - o.begin) + inner.text +
                       ours_.text.substr(child->body_end, o.end - child->body_end);
    return SubMerge{true, text, {}};
  }

  const ScopedDoc& base_;
  const ScopedDoc& ours_;
  const ScopedDoc& theirs_;
  Policy policy_;
  DocMerge& out_;
};

}  // namespace

DocMerge merge_scoped(const ScopedDoc& base, const ScopedDoc& ours, const ScopedDoc& theirs, Policy policy,
                      const SkeletonHook& hook) {
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
      if (nested >= 0 && n != nested) return manual("the layout of " + id + " differs between the versions");
      nested = n;
    }
  }

  auto segments = merge_segments(skeletons[0], skeletons[1], skeletons[2]);
  if (!segments) return manual(segments.error().message);
  std::string merged;
  for (const auto& seg : *segments) {
    if (!seg.conflict) { merged += seg.merged; continue; }
    std::string resolved;
    if (hook && hook(seg, resolved)) { merged += resolved; continue; }
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

  Merger merger(base, ours, theirs, policy, out);
  std::string text;
  text.reserve(merged.size() + ours.text.size());
  std::size_t pos = 0;
  std::set<std::string> seen;
  while (true) {
    std::size_t p = merged.find(kScopeMark, pos);
    if (p == std::string::npos) { text.append(merged, pos, std::string::npos); break; }
    std::size_t q = merged.find(kScopeMark, p + 1);
    if (q == std::string::npos) return manual("internal: broken scope token");
    std::string id = merged.substr(p + 1, q - p - 1);
    if (!seen.insert(id).second) return manual(id + " occurs twice in the merge");
    text.append(merged, pos, p - pos);
    SubResult body = merger.merge_scope(id);
    if (!body.ok) return manual(body.reason);
    text += body.text;
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
      return manual(id + " was removed by one side and changed by the other");
  }
  out.ok = true;
  out.text = std::move(text);
  return out;
}

std::string verify_presence(const ScopedDoc& base, const ScopedDoc& ours, const ScopedDoc& theirs,
                            const ScopedDoc& merged) {
  struct Seen {
    std::vector<std::string_view> norms;
    bool container = false;
  };
  using Keys = std::map<std::string_view, Seen>;
  auto keys_of = [](const ScopedDoc& d, const std::string& id) {
    Keys out;
    if (const Scope* s = find(d, id))
      for (const auto& e : s->entries) {
        Seen& seen = out[e.key];
        seen.norms.push_back(e.norm);
        seen.container = seen.container || e.container;
      }
    return out;
  };
  auto shown = [](std::string_view key) {
    std::string out(key);
    for (char& c : out)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return out;
  };
  std::set<std::string> ids;
  for (const ScopedDoc* d : {&base, &ours, &theirs})
    for (const auto& [id, scope] : d->scopes) ids.insert(id);
  for (const auto& id : ids) {
    Keys b = keys_of(base, id), o = keys_of(ours, id), t = keys_of(theirs, id), m = keys_of(merged, id);
    std::set<std::string_view> all;
    for (const Keys* k : {&b, &o, &t, &m})
      for (const auto& [key, seen] : *k) all.insert(key);
    for (std::string_view key : all) {
      auto get = [&](const Keys& k) -> const Seen* {
        auto it = k.find(key);
        return it == k.end() ? nullptr : &it->second;
      };
      const Seen *sb = get(b), *so = get(o), *st = get(t), *sm = get(m);
      bool expected = (so != nullptr) == (sb != nullptr) ? st != nullptr : so != nullptr;
      if ((sm != nullptr) != expected)
        return std::string(expected ? "the merge lost " : "the merge holds an unexpected ") + shown(key) + " in " + id;
      // Texts: entries that occur once wherever they occur, and are not containers.
      bool single = true, container = false;
      for (const Seen* s : {sb, so, st, sm})
        if (s) {
          single = single && s->norms.size() == 1;
          container = container || s->container;
        }
      if (!single || container) continue;
      auto text = [](const Seen* s) { return s ? std::optional<std::string_view>(s->norms[0]) : std::nullopt; };
      auto nb = text(sb), no = text(so), nt = text(st), nm = text(sm);
      std::optional<std::optional<std::string_view>> want;  // unset: both changed differently
      if (no == nb) want = nt;
      else if (nt == nb) want = no;
      else if (no == nt) want = no;
      if (!want) return "both sides changed " + shown(key) + " differently in " + id + ", yet the merge is automatic";
      if (*want != nm) return "the merge holds another text for " + shown(key) + " in " + id + " than either side gave it";
    }
  }
  return {};
}

}  // namespace lanemerge::core

#include "edge_oracle.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "core/text_merge.hpp"
#include "support.hpp"

namespace lanemerge::property::edge {

namespace {

const std::string kEnd = "<end>";

template <class T>
struct Merged {
  std::optional<T> value;
  bool conflict = false;
  bool ambiguous = false;
};

// Three-way merge of one property; an unknown value (nullopt) on a side
// counts as unchanged, an unknown base leaves the sides to agree.
template <class T>
Merged<T> merge3(const std::optional<T>& b, const std::optional<T>& o, const std::optional<T>& t) {
  Merged<T> m;
  if (!b) {
    if (o && t && *o != *t) m.ambiguous = true;
    else m.value = o ? o : t;
    return m;
  }
  T vo = o.value_or(*b), vt = t.value_or(*b);
  if (vo == *b) m.value = vt;
  else if (vt == *b) m.value = vo;
  else if (vo == vt) m.value = vo;
  else m.conflict = true;
  return m;
}

std::string show(const std::optional<std::string>& v) { return v ? "`" + *v + "`" : "absent"; }

std::string quoted(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : " or ") + std::string("`") + x + "`";
  return out.empty() ? "nothing" : out;
}

std::size_t entries_of(const Scope& s) {
  std::size_t n = 0;
  for (const Item& it : s.items) n += it.kind == Item::Entry;
  return n;
}

// A one-element tuple must keep its comma whatever the layout says, inline
// or one per line (`(\n "A"\n)` is a parenthesized string). Imports are no
// tuples (edge_model reads `from m import (A)` as an import).
bool forced_comma(const Scope& s) { return s.tuple && entries_of(s) == 1; }

std::optional<bool> comma_of(const Scope* s) {
  if (!s || forced_comma(*s)) return std::nullopt;
  return s->layout.trailing_comma;
}

// The entry (key) below each comment line, or <end>.
std::map<std::string, std::set<std::string>> anchors_of(const Scope& s) {
  std::map<std::string, std::set<std::string>> out;
  std::vector<std::string> pending;
  for (const Item& it : s.items) {
    if (it.kind == Item::Comment) pending.push_back(it.text);
    if (it.kind == Item::Entry) {
      for (const auto& c : pending) out[c].insert(it.key);
      pending.clear();
    }
  }
  for (const auto& c : pending) out[c].insert(kEnd);
  return out;
}

std::map<std::string, int> comment_counts(const Scope& s) {
  std::map<std::string, int> out;
  for (const Item& it : s.items)
    if (it.kind == Item::Comment) ++out[it.text];
  return out;
}

int blanks_of(const Scope& s) {
  int n = 0;
  for (const Item& it : s.items) n += it.kind == Item::Blank;
  return n;
}

std::string fingerprint(const Scope& s) {
  std::vector<std::string> parts;
  for (const Item& it : s.items) {
    if (it.kind == Item::Entry)
      parts.push_back("E " + it.key + "=" + (it.child ? "{" + fingerprint(*it.child) + "}" : it.value) + " #" + it.trail);
    else if (it.kind == Item::Comment)
      parts.push_back("C " + it.text);
  }
  std::sort(parts.begin(), parts.end());
  std::string out = s.open + "|" + s.close + "|";
  for (const auto& p : parts) out += p + ";";
  return out;
}

// Sequence of a scope's lines as the order check sees them.
std::vector<std::string> sequence(const Scope& s) {
  std::vector<std::string> out;
  for (const Item& it : s.items) {
    if (it.kind == Item::Entry) out.push_back("E:" + it.key);
    else if (it.kind == Item::Comment) out.push_back("C:" + it.text);
  }
  return out;
}

// For each element of `b`, the index of the element of `a` it is matched with
// in a longest common subsequence of the two, or -1.
std::vector<int> align(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<int> out(m, -1);
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] == b[j]) out[j] = static_cast<int>(i++), ++j;
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) ++i;
    else ++j;
  }
  return out;
}

// Where element `k` of a side stands relative to the base: the base lines
// (matched by `align`, and among `anchors` when given) directly before and
// after it.
std::pair<int, int> place_of(const std::vector<int>& matched, std::size_t k, int base_size,
                             const std::set<int>* anchors = nullptr) {
  auto counts = [&](int m) { return m >= 0 && (!anchors || anchors->count(m)); };
  int before = -1, after = base_size;
  for (std::size_t i = k; i-- > 0;)
    if (counts(matched[i])) {
      before = matched[i];
      break;
    }
  for (std::size_t i = k + 1; i < matched.size(); ++i)
    if (counts(matched[i])) {
      after = matched[i];
      break;
    }
  return {before, after};
}

// A container entry's whole content, in order and with its layout: a side
// that changed anything inside a container changed that entry's lines.
std::string content_of(const Scope& s) {
  std::string out = s.open + "|" + s.close + "|" + (s.layout.multiline ? "ml" : "inline") + "|" +
                    s.layout.indent.value_or("?") + "|" +
                    (s.layout.trailing_comma ? (*s.layout.trailing_comma ? "," : "-") : "?") + "|";
  for (const Item& it : s.items) {
    if (it.kind == Item::Entry)
      out += "E " + it.key + "=" + (it.child ? "{" + content_of(*it.child) + "}" : it.value) + " #" + it.trail + ";";
    else if (it.kind == Item::Comment)
      out += "C " + it.text + ";";
    else
      out += "B;";
  }
  return out;
}

bool less_fold(const std::string& a, const std::string& b) { return lower(a) < lower(b); }

bool sorted_by(const Scope& s, int cmp) {
  const Item* prev = nullptr;
  for (const Item& it : s.items) {
    if (it.kind != Item::Entry) continue;
    if (prev && (cmp == 0 ? it.sort_text < prev->sort_text : less_fold(it.sort_text, prev->sort_text))) return false;
    prev = &it;
  }
  return true;
}

const Scope kEmpty{};

// Where each comment line of a file stands: in a scope above an entry (or
// after the last one), or outside the scopes above a line of code.
using Places = std::map<std::string, std::vector<std::string>>;

void comment_places(const Scope& s, const std::string& path, Places& out) {
  std::vector<std::string> pending;
  for (const Item& it : s.items) {
    if (it.kind == Item::Comment) pending.push_back(it.text);
    if (it.kind != Item::Entry) continue;
    for (const auto& c : pending) out[c].push_back(path + " above " + it.key);
    pending.clear();
    if (it.child) comment_places(*it.child, path + "/" + it.key, out);
  }
  for (const auto& c : pending) out[c].push_back(path + " above " + kEnd);
}

Places comment_places(const FileModel& m) {
  Places out;
  for (const auto& [id, s] : m.scopes) comment_places(s, id, out);
  std::vector<std::string> pending;
  for (const auto& line : m.skeleton) {
    std::string t = trim(line);
    if (t.empty()) continue;
    if (t[0] == '#') {
      pending.push_back(t);
      continue;
    }
    std::string where = t[0] == '\x01' ? "the scope " + t.substr(1) : "`" + t + "`";
    for (const auto& c : pending) out[c].push_back("outside the scopes above " + where);
    pending.clear();
  }
  for (const auto& c : pending) out[c].push_back("outside the scopes at the end");
  for (auto& [c, where] : out) std::sort(where.begin(), where.end());
  return out;
}

}  // namespace

struct EntryExpect {
  std::string value;
  std::set<std::string> texts;
  std::set<std::string> trails;
  std::shared_ptr<ScopeExpect> child;
};

struct ScopeExpect {
  std::string path;
  const Scope* b = nullptr;
  const Scope* o = nullptr;
  const Scope* t = nullptr;
  Shape shape = Shape::Bracket;
  bool tuple = false;
  std::map<std::string, EntryExpect> entries;
  std::map<std::string, std::pair<int, int>> comments;  // text → allowed count range
  std::map<std::string, std::set<std::string>> anchors;  // text → allowed entry below it
  std::set<std::string> added_by_both;                   // order ids both sides added
  std::set<std::string> tail;  // order ids of the comment lines after the last entry (base's, or what replaced them)
  std::optional<std::string> open, close;
  std::optional<bool> multiline;
  std::optional<std::string> indent;
  std::optional<bool> trailing_comma;
  std::pair<int, int> blanks{0, 0};
  std::vector<int> sort_cmps;  // comparators under which a sorted result is allowed
};

namespace {

struct Ctx {
  Judgement& j;
  bool keyed;
  void manual(const std::string& why) { j.manual.push_back(why); }
  void either(const std::string& why) { j.either.push_back(why); }
};

using Index = std::map<std::string, const Item*>;

Index index_of(const Scope& s, const std::string& path, const char* who, Ctx& cx) {
  Index m;
  for (const Item& it : s.items)
    if (it.kind == Item::Entry && !m.emplace(it.key, &it).second)
      cx.j.invalid.push_back(path + ": " + who + " holds " + it.key + " twice");
  return m;
}

const Item* find(const Index& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : it->second;
}

std::shared_ptr<ScopeExpect> expect_scope(const std::string& path, const Scope* pb, const Scope* po,
                                          const Scope* pt, Ctx& cx) {
  auto ex = std::make_shared<ScopeExpect>();
  const Scope& b = pb ? *pb : kEmpty;
  const Scope& o = po ? *po : kEmpty;
  const Scope& t = pt ? *pt : kEmpty;
  const Scope& any = pb ? *pb : po ? *po : *pt;
  ex->path = path;
  ex->b = &b;
  ex->o = &o;
  ex->t = &t;
  ex->shape = any.shape;
  ex->tuple = any.tuple;
  bool additive = any.additive_always || !cx.keyed;

  // --- Entries: the three-way merge by key, with their text and trailing comment.
  Index eb = index_of(b, path, "base", cx), eo = index_of(o, path, "ours", cx), et = index_of(t, path, "theirs", cx);
  std::set<std::string> keys;
  for (const auto* m : {&eb, &eo, &et})
    for (const auto& [k, v] : *m) keys.insert(k);
  std::map<std::string, std::string> route_names;  // name= → route
  for (const auto& key : keys) {
    const Item *ib = find(eb, key), *io = find(eo, key), *it = find(et, key);
    auto trail_of = [](const Item* i) -> std::optional<std::string> {
      return i ? std::optional<std::string>(i->trail) : std::nullopt;
    };
    if (ib && io && it && ib->child && io->child && it->child) {
      EntryExpect e;
      e.value = "container";
      e.child = expect_scope(path + "/" + key, ib->child.get(), io->child.get(), it->child.get(), cx);
      auto tr = merge3(trail_of(ib), trail_of(io), trail_of(it));
      if (tr.conflict) cx.manual(path + ": both sides changed the comment of " + key + " differently");
      if (tr.value) e.trails = {*tr.value};
      e.texts = {io->text, it->text, ib->text};
      ex->entries[key] = e;
      continue;
    }
    auto val = [](const Item* i) -> std::optional<std::string> {
      if (!i) return std::nullopt;
      return i->child ? "container " + fingerprint(*i->child) : i->value;
    };
    auto vb = val(ib), vo = val(io), vt = val(it);
    std::optional<std::string> r;
    if (vo == vb) r = vt;
    else if (vt == vb) r = vo;
    else if (vo == vt) r = vo;
    else {
      cx.manual(path + ": both sides changed " + key + " differently (" + show(vo) + " vs " + show(vt) + ", base " +
                show(vb) + ")");
      continue;
    }
    if (!r) {
      // Removed: the other side must have left its line as it was.
      if (ib && io && io->trail != ib->trail)
        cx.manual(path + ": theirs removed " + key + ", ours changed its trailing comment");
      if (ib && it && it->trail != ib->trail)
        cx.manual(path + ": ours removed " + key + ", theirs changed its trailing comment");
      continue;
    }
    EntryExpect e;
    e.value = *r;
    bool o_new = io && vo == r && vo != vb, t_new = it && vt == r && vt != vb;
    const Item* source = o_new ? io : t_new ? it : ib;
    if (o_new && t_new) {
      if (io->text == it->text) {
        e.texts = {io->text};
      } else if (any.kind == EntryKind::PyString) {
        e.texts = {io->text};  // the same value in two spellings: ours' text
      } else {
        e.texts = {io->text, it->text};
        cx.either(path + ": both sides wrote " + key + " in two spellings (" + io->text + " vs " + it->text + ")");
      }
    } else if (o_new || t_new) {
      e.texts = {source->text};
    } else {
      auto tx = merge3<std::string>(ib->text, io ? std::optional<std::string>(io->text) : std::nullopt,
                                    it ? std::optional<std::string>(it->text) : std::nullopt);
      if (tx.value) e.texts = {*tx.value};
      else {
        e.texts = {io->text, it->text};
        cx.either(path + ": both sides respelled " + key);
      }
    }
    if (ib && io && it) {
      auto tr = merge3(trail_of(ib), trail_of(io), trail_of(it));
      if (tr.conflict) cx.manual(path + ": both sides changed the trailing comment of " + key + " differently");
      else e.trails = {*tr.value};
      if ((vo != vb && vt == vb && it->trail != ib->trail) || (vt != vb && vo == vb && io->trail != ib->trail))
        cx.manual(path + ": one side changed " + key + ", the other its trailing comment");
    } else if (io && it) {
      e.trails = {io->trail, it->trail};
      if (io->trail != it->trail) cx.either(path + ": both sides added " + key + " with different trailing comments");
    } else {
      e.trails = {source->trail};
    }
    if (!source->name.empty()) {
      auto [pos, fresh] = route_names.emplace(source->name, key);
      if (!fresh) cx.manual(path + ": two routes named " + source->name + " (" + pos->second + ", " + key + ")");
    }
    ex->entries[key] = e;
  }

  // --- Entries removed, modified or moved inside a conflicting region.
  // The conventions read two ways here: comment lines are merged "like text
  // lines, in place", so an unchanged one separates two changes and a
  // changed one joins its neighbours' region; but comments after the last
  // entry also "belong to the container", not to the entries' sequence.
  // Both readings are computed: where only one of them finds a conflict,
  // the case may end either way.
  auto conflicts_in = [&](bool with_comments) {
    std::vector<std::string> found;
    std::map<std::string, int> ids;
    std::vector<const Item*> by_id;
    auto lines = [&](const Scope& s) {
      std::string out;
      for (const Item& i : s.items) {
        if (i.kind == Item::Blank || (i.kind == Item::Comment && !with_comments)) continue;
        // A container (group array, from-import) is judged by its own
        // scope, but a change inside it is a change of its lines: it
        // joins the changes of its neighbours into one region, as in git.
        std::string whole = i.kind == Item::Comment ? "C\t" + i.text
                                                    : "E\t" + i.key + "\t" +
                                                          (i.child ? "container " + content_of(*i.child) : i.value) +
                                                          "\t" + i.trail;
        auto [pos, fresh] = ids.emplace(whole, static_cast<int>(by_id.size()));
        if (fresh) by_id.push_back(&i);
        out += std::to_string(pos->second) + "\n";
      }
      return out;
    };
    std::string lb = lines(b), lo = lines(o), lt = lines(t);
    auto segments = core::merge_segments(lb, lo, lt);
    if (!segments) {
      cx.j.invalid.push_back(path + ": merge_segments failed: " + segments.error().message);
      return found;
    }
    for (const auto& seg : *segments) {
      if (!seg.conflict) continue;
      auto parse = [](const std::string& part) {
        std::vector<int> out;
        for (const auto& l : lines_of(part))
          if (!l.empty()) out.push_back(std::stoi(l));
        return out;
      };
      auto sb = parse(seg.base), so = parse(seg.ours), st = parse(seg.theirs);
      enum Status { Kept, Trail, Modified, Removed, Moved };
      auto status = [&](const std::vector<int>& part, const Index& whole, int id, std::string& now) {
        if (std::count(part.begin(), part.end(), id)) return Kept;
        const Item* base_item = by_id[static_cast<std::size_t>(id)];
        for (int j : part) {
          const Item* i = by_id[static_cast<std::size_t>(j)];
          if (i->kind == Item::Entry && i->key == base_item->key) {
            now = i->child ? "container" : i->value;
            if (now == (base_item->child ? "container" : base_item->value)) return Trail;
            // An import statement (module:name) that imports from another
            // module is another entry: a removal plus an addition.
            if (any.kind == EntryKind::Statement && !i->child && !base_item->child &&
                now.substr(0, now.find(':')) != base_item->value.substr(0, base_item->value.find(':')))
              return Removed;
            return Modified;
          }
        }
        return whole.count(base_item->key) ? Moved : Removed;
      };
      for (int id : sb) {
        const Item* bi = by_id[static_cast<std::size_t>(id)];
        if (bi->kind != Item::Entry) continue;
        std::string now_o, now_t;
        Status s_o = status(so, eo, id, now_o), s_t = status(st, et, id, now_t);
        if (s_o == Moved || s_t == Moved) {
          found.push_back(path + ": " + bi->key + " moved by " + (s_o == Moved ? "ours" : "theirs") +
                          " inside a conflicting region");
          continue;
        }
        if (bi->child && (s_o == Kept || s_o == Trail) && (s_t == Kept || s_t == Trail)) {
          // A container both sides changed merges name by name (its own
          // scope judges it); one that only one side changed is a modified
          // entry inside a conflicting region.
          auto changed = [&](const Index& side) {
            const Item* i = find(side, bi->key);
            return i && i->child && content_of(*i->child) != content_of(*bi->child);
          };
          bool c_o = changed(eo), c_t = changed(et);
          if (additive && c_o != c_t)
            found.push_back(path + ": " + bi->key + " modified by " + (c_o ? "ours" : "theirs") +
                            " inside a conflicting region (a statement or group only one side changed)");
          continue;
        }
        bool ch_o = s_o == Modified || s_o == Removed, ch_t = s_t == Modified || s_t == Removed;
        if (!ch_o && !ch_t) continue;
        // Under `additive` (and always in Python lists and imports) every
        // removal or modification inside a conflicting region is Manual,
        // a removal both sides made included; the same modification made by
        // both is one change and taken. `keyed` takes one-sided and
        // identical changes.
        if (!additive) continue;
        bool same = ch_o && ch_t && s_o == s_t && now_o == now_t;
        if (same && s_o == Modified) continue;
        found.push_back(path + ": " + bi->key + " " + ((ch_o ? s_o : s_t) == Removed ? "removed" : "modified") +
                        " by " + (same ? "both sides" : ch_o ? "ours" : "theirs") + " inside a conflicting region");
      }
    }
    return found;
  };
  {
    auto as_lines = conflicts_in(true), as_entries = conflicts_in(false);
    if (!as_lines.empty() && !as_entries.empty()) cx.manual(as_lines.front());
    else if (!as_lines.empty() || !as_entries.empty())
      cx.either((as_lines.empty() ? as_entries : as_lines).front() +
                " (only if comment lines " + (as_lines.empty() ? "do not count as lines" : "count as lines") + ")");
  }

  // --- Comment lines: merged like lines, each with the entry below it.
  {
    auto cb = comment_counts(b), co = comment_counts(o), ct = comment_counts(t);
    auto ab = anchors_of(b), ao = anchors_of(o), at = anchors_of(t);
    std::set<std::string> texts;
    for (const auto* m : {&cb, &co, &ct})
      for (const auto& [c, n] : *m) texts.insert(c);
    auto count = [](const std::map<std::string, int>& m, const std::string& c) {
      auto it = m.find(c);
      return it == m.end() ? 0 : it->second;
    };
    std::map<std::string, std::set<std::string>> added_o, added_t, removed_o, removed_t;  // anchor → comments
    for (const auto& c : texts) {
      int nb = count(cb, c), no = count(co, c), nt = count(ct, c);
      auto n = merge3<int>(nb, no, nt);
      if (n.value) ex->comments[c] = {*n.value, *n.value};
      else {
        ex->comments[c] = {std::min(no, nt), std::max(no, nt)};
        cx.either(path + ": both sides changed how often the comment `" + c + "` appears");
      }
      std::set<std::string>& allowed = ex->anchors[c];
      for (const auto* a : {&ab, &ao, &at})
        if (a->count(c)) allowed.insert(a->at(c).begin(), a->at(c).end());
      if (nb == 0 && no > 0 && nt > 0) {
        ex->added_by_both.insert("C:" + c);
        if (ao[c] != at[c]) cx.manual(path + ": both sides added the comment `" + c + "` above different entries");
      }
      for (const auto& a : ao[c])
        if (no > nb) added_o[a].insert(c);
      for (const auto& a : at[c])
        if (nt > nb) added_t[a].insert(c);
      for (const auto& a : ab[c]) {
        if (no < nb) removed_o[a].insert(c);
        if (nt < nb) removed_t[a].insert(c);
      }
    }
    std::set<std::string> anchors;
    for (const auto* m : {&added_o, &added_t, &removed_o, &removed_t})
      for (const auto& [a, cs] : *m) anchors.insert(a);
    for (const auto& a : anchors) {
      const auto &xo = added_o[a], &xt = added_t[a], &ro = removed_o[a], &rt = removed_t[a];
      bool existing = a == kEnd || eb.count(a);
      if (!existing && eo.count(a) && et.count(a) && xo != xt) {
        cx.either(path + ": both sides added " + a + " with different comment lines above it");
        continue;
      }
      if (!xo.empty() && !xt.empty() && xo != xt) {
        cx.manual(path + ": both sides added different comment lines above " + a);
        continue;
      }
      bool touched_o = !xo.empty() || !ro.empty(), touched_t = !xt.empty() || !rt.empty();
      if (touched_o && touched_t && !(xo == xt && ro == rt))
        cx.either(path + ": both sides changed the comment lines above " + a);
    }
    for (const auto& [key, ib] : eb) {
      (void)ib;
      for (int side = 0; side < 2; ++side) {
        const Index& removed_in = side == 0 ? eo : et;
        if (removed_in.count(key)) continue;
        auto& added_other = side == 0 ? added_t : added_o;
        auto& removed_other = side == 0 ? removed_t : removed_o;
        const char* who = side == 0 ? "ours" : "theirs";
        const char* other = side == 0 ? "theirs" : "ours";
        if (!added_other[key].empty())
          cx.manual(path + ": " + who + " removed " + key + ", " + other + " added a comment line above it");
        else if (!removed_other[key].empty())
          cx.either(path + ": " + who + " removed " + key + ", " + other + " removed the comment line above it");
      }
    }
  }

  // --- Comment lines after the last entry of the base belong to the
  // container: when both sides append below them they stay once above both
  // sides' additions (or, in one reading, last); a comment a side wrote in
  // place of one of them takes that place, above the additions after it.
  {
    std::vector<std::string> sb = sequence(b);
    int base_size = static_cast<int>(sb.size());
    int last_entry = -1;
    for (int k = 0; k < base_size; ++k)
      if (sb[static_cast<std::size_t>(k)][0] == 'E') last_entry = k;
    std::set<int> base_tail;
    std::set<std::string> tail_texts;
    for (int k = last_entry + 1; k < base_size; ++k) {
      base_tail.insert(k);
      tail_texts.insert(sb[static_cast<std::size_t>(k)].substr(2));
      ex->tail.insert(sb[static_cast<std::size_t>(k)]);
    }
    if (!base_tail.empty()) {
      // Above both sides' additions: any entry a side has below them (the
      // order check keeps each side's own order around them).
      std::set<std::string> tail_anchors = {kEnd};
      for (const Scope* side : {&o, &t}) {
        bool below = false;
        for (const auto& id : sequence(*side)) {
          if (id[0] == 'C' && tail_texts.count(id.substr(2))) below = true;
          else if (id[0] == 'E' && below) tail_anchors.insert(id.substr(2));
        }
      }
      for (const auto& c : tail_texts) ex->anchors[c].insert(tail_anchors.begin(), tail_anchors.end());
      for (const Scope* side : {&o, &t}) {
        std::vector<std::string> ss = sequence(*side);
        std::vector<int> matched = align(sb, ss);
        for (std::size_t k = 0; k < ss.size(); ++k) {
          if (matched[k] >= 0 || ss[k][0] != 'C') continue;
          auto [before, after] = place_of(matched, k, base_size);
          bool replaces = false;
          for (int i = before + 1; i < after; ++i) replaces = replaces || base_tail.count(i);
          if (!replaces) continue;
          ex->tail.insert(ss[k]);
          ex->anchors[ss[k].substr(2)].insert(tail_anchors.begin(), tail_anchors.end());
        }
      }
    }
  }

  // --- The scope's own frame and layout.
  {
    auto open = merge3<std::string>(b.open, o.open, t.open);
    if (open.conflict) cx.manual(path + ": both sides changed the opening line differently");
    ex->open = open.value;
    auto close = merge3<std::string>(b.close, o.close, t.close);
    if (close.conflict) cx.manual(path + ": both sides changed the closing line differently");
    ex->close = close.value;
    if (any.shape == Shape::Bracket) {
      auto known = [](const Scope* s) { return s ? std::optional<bool>(s->layout.multiline) : std::nullopt; };
      auto indent = [](const Scope* s) { return s ? s->layout.indent : std::nullopt; };
      auto ml = merge3(known(pb), known(po), known(pt));
      auto in = merge3(indent(pb), indent(po), indent(pt));
      auto tc = merge3(comma_of(pb), comma_of(po), comma_of(pt));
      // The layout is one thing: both sides changing any part of it (one
      // turning the list inline, the other adding the trailing comma) and
      // not identically is Manual. What a side does not show (no entries:
      // no trailing comma; a one-element tuple's comma) it left as it was.
      auto changed = [](const auto& side, const auto& base) { return side && base && *side != *base; };
      auto as_merged = [](const auto& side, const auto& base) { return side ? side : base; };
      bool layout_o = changed(known(po), known(pb)) || changed(indent(po), indent(pb)) ||
                      changed(comma_of(po), comma_of(pb));
      bool layout_t = changed(known(pt), known(pb)) || changed(indent(pt), indent(pb)) ||
                      changed(comma_of(pt), comma_of(pb));
      bool same_layout = as_merged(known(po), known(pb)) == as_merged(known(pt), known(pb)) &&
                         as_merged(indent(po), indent(pb)) == as_merged(indent(pt), indent(pb)) &&
                         as_merged(comma_of(po), comma_of(pb)) == as_merged(comma_of(pt), comma_of(pb));
      if (ml.conflict || in.conflict || tc.conflict || (layout_o && layout_t && !same_layout))
        cx.manual(path + ": both sides changed the layout differently");
      else if (ml.ambiguous || in.ambiguous || tc.ambiguous)
        cx.either(path + ": the sides chose different layouts for a list the base leaves open");
      ex->multiline = ml.value;
      if (in.value && *in.value != "inline") ex->indent = in.value;
      ex->trailing_comma = tc.value;
      // A one-element tuple's comma says nothing of the side's style: where
      // the base does not say it either, any trailing comma is the merge's.
      bool forced_side = (po && forced_comma(*po)) || (pt && forced_comma(*pt));
      if (!comma_of(pb) && forced_side) ex->trailing_comma.reset();
    }
    if (ex->multiline == false) {
      bool comments = false;
      for (const auto& [c, range] : ex->comments) comments = comments || range.first > 0;
      for (const auto& [k, e] : ex->entries)
        for (const auto& tr : e.trails) comments = comments || !tr.empty();
      if (comments) cx.either(path + ": the merged list is inline but has comments to keep");
    }
    auto bl = merge3<int>(blanks_of(b), blanks_of(o), blanks_of(t));
    if (bl.value) ex->blanks = {*bl.value, *bl.value};
    else {
      ex->blanks = {std::min(blanks_of(o), blanks_of(t)), std::max(blanks_of(o), blanks_of(t))};
      cx.either(path + ": both sides changed the blank lines");
    }
  }

  // --- Order: a sorted result is allowed where the sort rule applies.
  if (entries_of(b) >= 2) {
    for (int cmp : {0, 1}) {
      bool ok = sorted_by(b, cmp);
      if (any.order_matters) ok = ok && sorted_by(o, cmp) && sorted_by(t, cmp);
      if (ok) ex->sort_cmps.push_back(cmp);
    }
  }
  for (const auto& [key, e] : ex->entries)
    if (!eb.count(key) && eo.count(key) && et.count(key)) ex->added_by_both.insert("E:" + key);

  // --- The same entry added by both sides: one entry, at either side's
  // place (see check_scope) — but in a Python list, whose order can
  // matter, two different places are Manual. A place is where the entry
  // stands among the base's lines (entries and comment lines) that both
  // sides kept.
  if (any.order_matters) {
    std::vector<std::string> sb = sequence(b), so = sequence(o), st = sequence(t);
    std::vector<int> mo = align(sb, so), mt = align(sb, st);
    std::set<int> in_o(mo.begin(), mo.end()), kept;
    for (int m : mt)
      if (m >= 0 && in_o.count(m)) kept.insert(m);
    auto at = [](const std::vector<std::string>& seq, const std::string& id) {
      return static_cast<std::size_t>(std::find(seq.begin(), seq.end(), id) - seq.begin());
    };
    int n = static_cast<int>(sb.size());
    for (const auto& id : ex->added_by_both) {
      if (id[0] != 'E') continue;
      std::size_t ko = at(so, id), kt = at(st, id);
      if (ko == so.size() || kt == st.size()) continue;
      if (place_of(mo, ko, n, &kept) != place_of(mt, kt, n, &kept))
        cx.manual(path + ": both sides added " + id.substr(2) + " at different places (the order of a list can matter)");
    }
  }
  return ex;
}

// ---------------------------------------------------------------------------

void check_scope(const ScopeExpect& ex, const Scope& r, std::vector<std::string>& f) {
  const std::string& path = ex.path;
  auto fail = [&](const std::string& what) { f.push_back(path + ": " + what); };

  std::map<std::string, const Item*> got;
  for (const Item& it : r.items)
    if (it.kind == Item::Entry && !got.emplace(it.key, &it).second) fail(it.key + " appears twice");
  for (const auto& [key, e] : ex.entries) {
    const Item* it = got.count(key) ? got.at(key) : nullptr;
    if (!it) {
      fail("lost " + key + " (" + e.value + ")");
      continue;
    }
    if (e.child) {
      if (!it->child) fail(key + " is no longer a container");
      else check_scope(*e.child, *it->child, f);
    } else if (it->value != e.value) {
      fail(key + " is `" + it->value + "`, the merge by key gives `" + e.value + "`");
    } else if (!e.texts.count(it->text)) {
      fail(key + " is written `" + it->text + "`, expected " + quoted(e.texts));
    }
    if (!e.trails.empty() && !e.trails.count(it->trail))
      fail(key + " has the trailing comment " + quoted({it->trail}) + ", expected " + quoted(e.trails));
  }
  for (const auto& [key, it] : got)
    if (!ex.entries.count(key)) fail("holds " + key + " (" + it->text + "), which the merge by key does not have");

  // Comment lines: each change once, each above an entry it sits above in an input.
  auto counts = comment_counts(r);
  for (const auto& [c, range] : ex.comments) {
    int n = counts.count(c) ? counts[c] : 0;
    if (n < range.first || n > range.second)
      fail("the comment `" + c + "` appears " + std::to_string(n) + " times, expected " + std::to_string(range.first) +
           (range.first == range.second ? "" : "–" + std::to_string(range.second)));
  }
  for (const auto& [c, n] : counts)
    if (!ex.comments.count(c)) fail("the comment `" + c + "` is in none of base, ours, theirs");
  for (const auto& [c, where] : anchors_of(r)) {
    auto it = ex.anchors.find(c);
    if (it == ex.anchors.end()) continue;
    for (const auto& a : where)
      if (!it->second.count(a))
        fail("the comment `" + c + "` sits above " + a + ", expected above " + quoted(it->second));
  }

  // Frame and layout.
  if (ex.open && r.open != *ex.open) fail("the opening line is `" + r.open + "`, expected `" + *ex.open + "`");
  if (ex.close && r.close != *ex.close) fail("the closing line is `" + r.close + "`, expected `" + *ex.close + "`");
  if (ex.shape == Shape::Lines) {
    for (const Item& it : r.items)
      if (it.kind != Item::Blank && !it.indent.empty()) fail("line " + std::to_string(it.line + 1) + " is indented");
  }
  if (ex.shape == Shape::Bracket) {
    if (ex.multiline && r.layout.multiline != *ex.multiline)
      fail(std::string("the list is ") + (r.layout.multiline ? "one entry per line" : "inline") + ", expected " +
           (*ex.multiline ? "one entry per line" : "inline"));
    if (r.layout.multiline) {
      std::set<std::string> indents;
      for (const Item& it : r.items)
        if (it.kind != Item::Blank) indents.insert(it.indent);
      for (const auto& in : indents) {
        if (in.empty()) fail("an entry or comment line at column 0");
        else if (ex.indent && in != *ex.indent)
          fail("a line indented by " + std::to_string(in.size()) + ", expected " + std::to_string(ex.indent->size()));
      }
      if (!ex.indent && indents.size() > 1) fail("the entries have different indentations");
      if (r.close_indent != r.open_indent) fail("the closing bracket is not indented as the opening line");
    }
    if (forced_comma(r)) {
      if (r.layout.trailing_comma != true) fail("a one-element tuple lost its comma");
    } else if (ex.trailing_comma && r.layout.trailing_comma && *r.layout.trailing_comma != *ex.trailing_comma) {
      fail(*ex.trailing_comma ? "the trailing comma is gone" : "a trailing comma no side wrote");
    }
  }
  int blanks = blanks_of(r);
  if (blanks < ex.blanks.first || blanks > ex.blanks.second)
    fail(std::to_string(blanks) + " blank lines, expected " + std::to_string(ex.blanks.first) +
         (ex.blanks.first == ex.blanks.second ? "" : "–" + std::to_string(ex.blanks.second)));

  // Order: each side's lines in that side's order (base entries never
  // move), or sorted where the sort rule allows it.
  std::vector<std::string> rs = sequence(r);
  auto base_order_kept = [&](const Scope& side) {
    std::set<std::string> in_side;
    for (const auto& id : sequence(side)) in_side.insert(id);
    std::vector<std::string> b_ids, s_ids;
    std::set<std::string> in_base;
    for (const auto& id : sequence(*ex.b))
      if (id[0] == 'E' && in_side.count(id)) b_ids.push_back(id), in_base.insert(id);
    for (const auto& id : sequence(side))
      if (in_base.count(id)) s_ids.push_back(id);
    return b_ids == s_ids;
  };
  // Comment lines after the last entry of the base belong to the container
  // in one reading of the conventions: they may also stay last.
  const std::set<std::string>& tail = ex.tail;
  // What both sides added is one entry (or comment line), at the place of
  // `owner`'s side: the other side's order is checked without it.
  // The comment lines a side added directly above an entry both added
  // belong to that entry and go where it goes.
  std::set<std::string> in_base;
  for (const auto& id : sequence(*ex.b)) in_base.insert(id);
  auto carried = [&](const Scope& side) {
    std::set<std::string> out;
    std::vector<std::string> run;
    for (const auto& id : sequence(side)) {
      if (id[0] == 'C') {
        run.push_back(id);
        continue;
      }
      if (ex.added_by_both.count(id))
        for (const auto& c : run)
          if (!in_base.count(c)) out.insert(c);
      run.clear();
    }
    return out;
  };
  const std::set<std::string> carried_o = carried(*ex.o), carried_t = carried(*ex.t);
  auto order_of_sides = [&](const std::set<std::string>& skip, int owner) {
    std::string problem;
    for (int side = 0; side < 2 && problem.empty(); ++side) {
      const Scope& s = side == 0 ? *ex.o : *ex.t;
      const Scope& other = side == 0 ? *ex.t : *ex.o;
      if (!base_order_kept(other)) continue;  // the other side reordered: its order wins there
      std::vector<std::string> ss = sequence(s);
      std::set<std::string> in_r(rs.begin(), rs.end()), in_s;
      std::vector<std::string> a, c;
      auto wanted = [&](const std::string& id) {
        const std::set<std::string>& with_entry = side == 0 ? carried_o : carried_t;
        return !skip.count(id) && (side == owner || (!ex.added_by_both.count(id) && !with_entry.count(id)));
      };
      for (const auto& id : ss)
        if (in_r.count(id) && in_s.insert(id).second && wanted(id)) a.push_back(id);
      std::set<std::string> seen;
      for (const auto& id : rs)
        if (in_s.count(id) && seen.insert(id).second && wanted(id)) c.push_back(id);
      if (a != c) {
        problem = std::string("the order of ") + (side == 0 ? "ours" : "theirs") + " is not kept:";
        for (const auto& id : c) problem += " " + id.substr(2);
        problem += " (" + std::string(side == 0 ? "ours" : "theirs") + ":";
        for (const auto& id : a) problem += " " + id.substr(2);
        problem += ")";
      }
    }
    return problem;
  };
  auto order_of_either = [&](const std::set<std::string>& skip) {
    std::string first = order_of_sides(skip, 0);
    if (!first.empty() && order_of_sides(skip, 1).empty()) first.clear();
    return first;
  };
  std::string order_problem = order_of_either({});
  if (!order_problem.empty() && !tail.empty()) {
    bool tail_last = true;
    bool after_entries = true;
    for (auto it = rs.rbegin(); it != rs.rend(); ++it) {
      if ((*it)[0] == 'E') after_entries = false;
      else if (tail.count(*it) && !after_entries) tail_last = false;
    }
    if (tail_last && order_of_either(tail).empty()) order_problem.clear();
  }
  if (!order_problem.empty()) {
    bool sorted_ok = false;
    for (int cmp : ex.sort_cmps) sorted_ok = sorted_ok || sorted_by(r, cmp);
    if (!sorted_ok) fail(order_problem + (ex.sort_cmps.empty() ? "" : ", and the result is not sorted either"));
  }
}

}  // namespace

Oracle::Oracle(const FileModel& base, const FileModel& ours, const FileModel& theirs, bool keyed)
    : b_(base), o_(ours), t_(theirs), keyed_(keyed) {
  Ctx cx{judgement_, keyed_};
  for (const auto* m : {&b_, &o_, &t_})
    if (!m->error.empty()) judgement_.invalid.push_back("an input cannot be read: " + m->error);
  if (!judgement_.invalid.empty()) return;
  for (const auto* m : {&b_, &o_, &t_})
    for (const auto& [id, s] : m->scopes)
      if (forced_comma(s) && s.layout.trailing_comma != true)
        judgement_.invalid.push_back(id + ": a parenthesized element without its comma is no one-element tuple");

  // Text outside the scopes merges as text, or the case is Manual.
  auto join = [](const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  };
  core::TextMergeOptions options;
  auto merged = core::text_merge(join(b_.skeleton), join(o_.skeleton), join(t_.skeleton), options);
  if (!merged) {
    judgement_.invalid.push_back("text_merge failed: " + merged.error().message);
    return;
  }
  skeleton_clean_ = merged->clean;
  if (merged->clean) skeleton_ = lines_of(merged->text);
  else cx.manual("both sides changed the text outside the scopes at the same place");

  std::set<std::string> ids;
  for (const auto* m : {&b_, &o_, &t_})
    for (const auto& [id, s] : m->scopes) ids.insert(id);
  for (const auto& id : ids) {
    auto get = [&](const FileModel& m) { return m.scopes.count(id) ? &m.scopes.at(id) : nullptr; };
    scopes_.emplace_back(id, expect_scope(id, get(b_), get(o_), get(t_), cx));
  }

  // The same comment line added by both sides at different places, in a
  // scope or outside (just above it): the result would hold it twice.
  {
    Places pb = comment_places(b_), po = comment_places(o_), pt = comment_places(t_);
    std::set<std::string> texts;
    for (const auto* m : {&po, &pt})
      for (const auto& [c, where] : *m) texts.insert(c);
    for (const auto& c : texts) {
      std::size_t nb = pb.count(c) ? pb[c].size() : 0;
      if (po[c].size() > nb && pt[c].size() > nb && po[c] != pt[c])
        cx.manual("both sides added the comment `" + c + "` at different places (" + po[c].back() + " vs " +
                  pt[c].back() + ")");
    }
  }

  // Python names as Python binds them.
  std::set<std::string> names;
  for (const auto* m : {&b_, &o_, &t_})
    for (const auto& [n, how] : m->bindings) names.insert(n);
  for (const auto& n : names) {
    auto get = [&](const FileModel& m) { return m.bindings.count(n) ? m.bindings.at(n) : std::set<std::string>{}; };
    auto sb = get(b_), so = get(o_), st = get(t_);
    if (so != sb && st != sb && so != st)
      cx.manual("both sides bind " + n + ", differently (" + quoted(so) + " vs " + quoted(st) + ")");
  }
}

Oracle::~Oracle() = default;

std::vector<std::string> Oracle::check(const FileModel& r) const {
  std::vector<std::string> f;
  if (!r.error.empty()) return {"the result cannot be read: " + r.error};
  if (skeleton_clean_ && r.skeleton != skeleton_) {
    std::size_t i = 0;
    while (i < r.skeleton.size() && i < skeleton_.size() && r.skeleton[i] == skeleton_[i]) ++i;
    auto at = [](const std::vector<std::string>& v, std::size_t k) {
      return k < v.size() ? "`" + visible(replace_all(v[k], "\x01", "<scope> ")) + "`" : std::string("the end");
    };
    f.push_back("the lines outside the scopes are not git's merge of them: line " + std::to_string(i + 1) + " is " +
                at(r.skeleton, i) + ", expected " + at(skeleton_, i));
  }
  if (b_.line_endings == o_.line_endings && o_.line_endings == t_.line_endings &&
      r.line_endings != b_.line_endings)
    f.push_back("line endings " + r.line_endings + ", every input has " + b_.line_endings);
  if (b_.final_newline && o_.final_newline && t_.final_newline && !r.final_newline)
    f.push_back("the final newline is gone");

  // Every line comes from base, ours or theirs, or holds an entry. A
  // bracket's own line may be new where the merged layout is one side's and
  // the frame's text the other's (`__all__ = ()` from an inline side and a
  // side that removed the last entry): the frame check below judges it.
  std::set<int> frames;
  std::function<void(const Scope&)> frame_lines = [&](const Scope& s) {
    if (s.open_line >= 0) frames.insert(s.open_line);
    if (s.close_line >= 0) frames.insert(s.close_line);
    for (const Item& it : s.items)
      if (it.child) frame_lines(*it.child);
  };
  for (const auto& [id, s] : r.scopes) frame_lines(s);
  std::set<std::string> known, known_trimmed;
  for (const auto* m : {&b_, &o_, &t_})
    for (const auto& l : m->lines) known.insert(l), known_trimmed.insert(trim(l));
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const std::string& l = r.lines[i];
    if (known.count(l) || r.roles[i] == 'E') continue;
    if ((r.roles[i] == 'C' || r.roles[i] == 'F') && known_trimmed.count(trim(l))) continue;  // re-indented
    if (r.roles[i] == 'F' && frames.count(static_cast<int>(i))) continue;
    f.push_back("line " + std::to_string(i + 1) + " is in none of base, ours, theirs: `" + visible(l) + "`");
  }

  for (const auto& [id, ex] : scopes_) {
    auto it = r.scopes.find(id);
    if (it == r.scopes.end()) f.push_back(id + ": the scope is gone");
    else check_scope(*ex, it->second, f);
  }
  for (const auto& [id, s] : r.scopes) {
    (void)s;
    bool expected = false;
    for (const auto& [eid, ex] : scopes_) expected = expected || eid == id;
    if (!expected) f.push_back(id + ": a scope no input has");
  }
  return f;
}

std::string summary(const FileModel& m) {
  std::string out;
  std::function<void(const Scope&, const std::string&)> scope = [&](const Scope& s, const std::string& path) {
    std::vector<std::string> parts;
    for (const Item& it : s.items) {
      if (it.kind != Item::Entry) continue;
      parts.push_back(it.key + " = " + (it.child ? "(container)" : it.value));
      if (it.child) scope(*it.child, path + "/" + it.key);
    }
    std::sort(parts.begin(), parts.end());
    out += "[" + path + "]\n";
    for (const auto& p : parts) out += "  " + p + "\n";
  };
  for (const auto& [id, s] : m.scopes) scope(s, id);
  return out;
}

}  // namespace lanemerge::property::edge

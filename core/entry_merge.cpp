#include "core/entry_merge.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/scope_body.hpp"
#include "core/text.hpp"

namespace lanemerge::core {

const char* policy_name(Policy policy) { return policy == Policy::Keyed ? "keyed" : "additive"; }

namespace {

// Turns texts into short labels ("E12", "C3", "B") for the sequence merges.
class Labels {
public:
  // Texts are interned as views: the items they come from outlive the labels.
  std::string entry(const Item& item) {
    return "E" + id(item.norm) + (item.trail_norm.empty() ? std::string() : "." + id(item.trail_norm)) +
           (item.child_layout.empty() ? std::string() : ":" + id(item.child_layout));
  }
  std::string of(const Item& item) {
    switch (item.kind) {
      case ItemKind::Entry: return entry(item);
      case ItemKind::Comment: return "C" + id(item.norm);
      case ItemKind::Blank: return "B";
    }
    return "B";
  }
  std::string tagged(char tag, const std::string& text) { return tag + id(text); }

private:
  std::string id(std::string_view text) {
    auto it = ids_.emplace(text, ids_.size()).first;
    return std::to_string(it->second);
  }
  std::unordered_map<std::string_view, std::size_t> ids_;
};

std::string shown(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  if (out.size() > 60) out = out.substr(0, 57) + "...";
  return out;
}

// What to call an entry in a message: its key when that is a plain name,
// else its own text.
std::string name_of(const Item& item) {
  const std::string& k = item.key;
  bool plain = !k.empty() && k[0] != '\x02' && k[0] != '\x03' && k.rfind("s:", 0) != 0 && k.rfind("b:", 0) != 0 &&
               k.rfind("route ", 0) != 0;
  if (plain) return shown(k);
  return shown(trim(item.text).empty() ? item.norm : std::string(trim(item.text)));
}

// An entry's value as written, on one line, for a message.
std::string text_of(const Item& item) { return shown(std::string(trim(item.text))); }

const char* side_name(Side s) { return s == Side::Ours ? "ours" : s == Side::Theirs ? "theirs" : "base"; }

// Raw bytes of an entry apart from its indentation: what a side may have
// reformatted without changing its meaning.
bool same_bytes(const Item& a, const Item& b) {
  return a.text == b.text && a.trailing == b.trailing && a.between == b.between;
}

// An item all three versions hold with the same meaning: one side's
// reformatting is taken, as git would take it.
MergedItem agreed(const Item& b, Side o_side, std::size_t oi, const Item& o, std::size_t ti) {
  (void)o_side;
  return same_bytes(o, b) ? MergedItem{Side::Theirs, ti, {}, {}} : MergedItem{Side::Ours, oi, {}, {}};
}

struct Failure {
  std::string reason;
};

// ---------------------------------------------------------------------------
// One hunk, lined up by key.

class HunkResolver {
public:
  explicit HunkResolver(const EntryHunk& h) : h_(h), s_(h.scope), c_(h.chunk) {
    keyed_ = h.policy == Policy::Keyed && h.kind && h.kind->keyed_policy;
  }

  HunkResolution run() {
    HunkResolution out;
    try {
      resolve();
      out.outcome = HunkResolution::Outcome::Resolved;
      out.items = std::move(items_);
    } catch (const Failure& f) {
      out.outcome = HunkResolution::Outcome::Manual;
      out.reason = f.reason;
    }
    return out;
  }

private:
  struct Unit {
    std::vector<std::size_t> lead;  // trivia items above the entry (indices in the version)
    std::size_t entry = kUnmatched;
  };
  struct Gap {
    std::vector<Unit> units;
    std::vector<std::size_t> trailing;  // trivia at the end of the insertion
  };
  struct SideView {
    Side side;
    const Scope* scope;
    std::size_t begin, end;
    std::vector<std::size_t> match;     // base hunk index → side hunk index
    std::vector<std::size_t> reverse;   // side hunk index → base hunk index
    std::vector<Gap> gaps;              // n + 1
    std::map<std::string, std::size_t> inserted;  // key → side item index, entries the side inserted
  };

  [[noreturn]] static void fail(std::string why) { throw Failure{std::move(why)}; }

  const Item& base_item(std::size_t i) const { return s_.base->items[c_.base_begin + i]; }
  std::size_t n() const { return c_.base_end - c_.base_begin; }

  bool repeated(const Item& item) const { return h_.repeated && h_.repeated->count(item.key); }

  std::string hunk_label(Labels& labels, const Item& item) const {
    if (!item.is_entry()) return labels.of(item);
    if (repeated(item)) return "N" + labels.entry(item).substr(1);
    return labels.tagged('K', item.key);
  }

  void view(SideView& v, Labels& labels, const std::vector<std::string>& base_labels) {
    std::vector<std::string> side_labels;
    for (std::size_t j = v.begin; j < v.end; ++j) side_labels.push_back(hunk_label(labels, v.scope->items[j]));
    auto m = align(base_labels, side_labels);
    if (!m) fail(m.error().message);
    v.match = std::move(*m);
    v.reverse.assign(v.end - v.begin, kUnmatched);
    for (std::size_t i = 0; i < v.match.size(); ++i)
      if (v.match[i] != kUnmatched) v.reverse[v.match[i]] = i;
    v.gaps.assign(n() + 1, Gap{});
    // What a side inserted goes before the next base item it kept: where it
    // removed base items and wrote others, the new ones stand after the
    // removed ones.
    std::vector<std::size_t> pending;
    auto flush = [&](std::size_t at) {
      Gap& g = v.gaps[at];
      Unit u;
      for (std::size_t idx : pending) {
        const Item& item = v.scope->items[idx];
        if (item.is_entry()) {
          u.entry = idx;
          g.units.push_back(std::move(u));
          u = Unit{};
        } else {
          u.lead.push_back(idx);
        }
      }
      g.trailing = std::move(u.lead);
      pending.clear();
    };
    for (std::size_t j = 0; j < v.reverse.size(); ++j) {
      if (v.reverse[j] == kUnmatched) pending.push_back(v.begin + j);
      else flush(v.reverse[j]);
    }
    flush(n());
    for (const Gap& g : v.gaps)
      for (const Unit& u : g.units) {
        const Item& e = v.scope->items[u.entry];
        if (!v.inserted.emplace(e.key, u.entry).second)
          fail("the same name occurs twice in one conflicting region (" + name_of(e) + ")");
      }
  }

  // Where a side inserted one of its entries: after how many base entries
  // of the hunk (comments around it do not count).
  std::size_t gap_of(const SideView& v, std::size_t index) const {
    for (std::size_t g = 0; g < v.gaps.size(); ++g)
      for (const Unit& u : v.gaps[g].units)
        if (u.entry == index) {
          std::size_t entries = 0;
          for (std::size_t i = 0; i < g; ++i) entries += base_item(i).is_entry() ? 1 : 0;
          return entries;
        }
    return kUnmatched;
  }

  // How many entries of `scope` carry `key` outside [begin, end).
  static std::size_t elsewhere(const Scope& scope, std::size_t begin, std::size_t end, const std::string& key) {
    std::size_t count = 0;
    for (std::size_t j = 0; j < scope.items.size(); ++j)
      if ((j < begin || j >= end) && scope.items[j].is_entry() && scope.items[j].key == key) ++count;
    return count;
  }

  // Three-way choice between texts: which side's version wins, or fail.
  static std::optional<Side> three_way(const std::string& b, const std::string& o, const std::string& t) {
    if (o == t) return Side::Ours;
    if (o == b) return Side::Theirs;
    if (t == b) return Side::Ours;
    return std::nullopt;
  }

  // A base entry both sides kept (by key) in the hunk.
  MergedItem merge_entry(std::size_t bi, std::size_t oi, std::size_t ti) {
    const Item& b = s_.base->items[bi];
    const Item& o = s_.ours->items[oi];
    const Item& t = s_.theirs->items[ti];
    const std::string name = name_of(b);
    if (repeated(b)) {
      if (o.norm == b.norm && t.norm == b.norm && o.trail_norm == b.trail_norm && t.trail_norm == b.trail_norm)
        return agreed(b, Side::Ours, oi, o, ti);
      fail(name + " has several entries (e.g. marker variants) and a side changed one of them");
    }
    auto trailing_side = three_way(b.trail_norm, o.trail_norm, t.trail_norm);
    if (!trailing_side) fail("both sides changed the comment on " + name);

    // A container's layout (a side re-indented its entries) is part of it too.
    bool o_value = o.norm != b.norm || o.child_layout != b.child_layout;
    bool t_value = t.norm != b.norm || t.child_layout != b.child_layout;
    bool o_comment = o.trail_norm != b.trail_norm, t_comment = t.trail_norm != b.trail_norm;
    // A container both sides changed (its entries or its comment) merges
    // inside; one that only one side changed is an ordinary entry.
    bool container = !b.child.empty() && b.child == o.child && b.child == t.child && (o_value || o_comment) &&
                     (t_value || t_comment) && (o.norm != t.norm || o.child_layout != t.child_layout);
    // An entry's line is one change: its value on one side and its comment on
    // the other is a conflict, as in git.
    if (!container && ((o_value && t_comment && !t_value) || (t_value && o_comment && !o_value)))
      fail("both sides changed " + name + " (one its value, the other its comment)");
    MergedItem m;
    if (container) {
      auto frame_side = three_way(squeeze_outside_strings(frame_of(b), true), squeeze_outside_strings(frame_of(o), true),
                                  squeeze_outside_strings(frame_of(t), true));
      if (!frame_side) fail("both sides changed " + name + " outside its entries");
      if (!h_.merge_container || !*h_.merge_container) fail("both sides changed " + name);
      const std::string fb = squeeze_outside_strings(frame_of(b), true);
      bool line_changed = o_comment || t_comment || squeeze_outside_strings(frame_of(o), true) != fb ||
                          squeeze_outside_strings(frame_of(t), true) != fb;
      ChildMerge child = (*h_.merge_container)(b.child, line_changed);
      if (!child.ok) fail(child.reason);
      const Item& f = *frame_side == Side::Ours ? o : t;
      m.side = *frame_side;
      m.index = *frame_side == Side::Ours ? oi : ti;
      m.text = f.text.substr(0, f.child_begin) + child.text + f.text.substr(f.child_end);
    } else if (o.norm == t.norm) {
      m = agreed(b, Side::Ours, oi, o, ti);
    } else if (o.norm == b.norm || t.norm == b.norm) {
      Side changer = o.norm == b.norm ? Side::Theirs : Side::Ours;
      const Item& changed = changer == Side::Ours ? o : t;
      if (!keyed_)
        fail(std::string(side_name(changer)) + " changed " + name + " (" + text_of(b) + " -> " + text_of(changed) +
             ") inside a conflicting region");
      m.side = changer;
      m.index = changer == Side::Ours ? oi : ti;
    } else {
      fail("both sides changed " + name + " (" + text_of(o) + " vs " + text_of(t) + ")");
    }
    const Item& shown_item = m.side == Side::Ours ? o : t;
    const Item& comment_from = *trailing_side == Side::Ours ? o : t;
    if (comment_from.trail_norm != shown_item.trail_norm) m.trailing = comment_from.trailing;
    return m;
  }

  // Labels of the comment lines `side` put in the gaps [from, to] that stand
  // on their own (not above an entry it added there).
  std::vector<std::string> trivia_in(const SideView& v, std::size_t from, std::size_t to, Labels& labels) const {
    std::vector<std::string> out;
    for (std::size_t g = from; g <= to; ++g)
      for (std::size_t idx : v.gaps[g].trailing) out.push_back(labels.of(v.scope->items[idx]));
    return out;
  }

  void resolve() {
    if (!s_.ours || !s_.theirs) fail("internal: a hunk without both sides");
    static const Scope empty;
    if (!s_.base) s_.base = &empty;
    Labels labels;
    std::vector<std::string> base_labels;
    for (std::size_t i = 0; i < n(); ++i) base_labels.push_back(hunk_label(labels, base_item(i)));
    SideView ov{Side::Ours, s_.ours, c_.ours_begin, c_.ours_end, {}, {}, {}, {}};
    SideView tv{Side::Theirs, s_.theirs, c_.theirs_begin, c_.theirs_end, {}, {}, {}, {}};
    view(ov, labels, base_labels);
    view(tv, labels, base_labels);

    // Base items: kept, merged, or removed.
    std::vector<std::optional<MergedItem>> decided(n());
    std::vector<bool> removed(n(), false);
    std::map<std::string, std::size_t> base_keys;
    for (std::size_t i = 0; i < n(); ++i) {
      const Item& b = base_item(i);
      bool in_o = ov.match[i] != kUnmatched, in_t = tv.match[i] != kUnmatched;
      std::size_t oi = in_o ? ov.begin + ov.match[i] : 0, ti = in_t ? tv.begin + tv.match[i] : 0;
      if (!b.is_entry()) {
        if (in_o && in_t) {
          decided[i] = agreed(b, Side::Ours, oi, s_.ours->items[oi], ti);
          decided[i]->tail = h_.last_base_entry != kUnmatched && c_.base_begin + i > h_.last_base_entry;
          decided[i]->from_base = true;
        } else {
          removed[i] = true;
        }
        continue;
      }
      base_keys[b.key] = i;
      const std::string name = name_of(b);
      for (const SideView* v : {&ov, &tv}) {
        bool in = v == &ov ? in_o : in_t;
        if (!in && (v->inserted.count(b.key) || elsewhere(*v->scope, v->begin, v->end, b.key) >
                                                    elsewhere(*s_.base, c_.base_begin, c_.base_end, b.key)))
          fail(std::string(side_name(v->side)) + " moved " + name + " inside a conflicting region");
      }
      if (repeated(b) && !(in_o && in_t))
        fail(name + " has several entries (e.g. marker variants) and a side removed one of them");
      if (in_o && in_t) {
        decided[i] = merge_entry(c_.base_begin + i, oi, ti);
        continue;
      }
      removed[i] = true;
      if (!in_o && !in_t) {
        // Both sides removed it: a removal inside a conflicting region; under
        // `keyed` (package names) one change made twice.
        if (!keyed_) fail("both sides removed " + name + " inside a conflicting region");
        continue;
      }
      const Item& kept = in_o ? s_.ours->items[oi] : s_.theirs->items[ti];
      const char* remover = in_o ? "theirs" : "ours";
      if (!keyed_) fail(std::string(remover) + " removed " + name + " inside a conflicting region");
      if (kept.norm != b.norm || kept.trail_norm != b.trail_norm)
        fail(std::string(remover) + " removed " + name + " while the other side changed it");
    }

    // Entries the sides inserted.
    std::map<std::string, std::size_t> shared;  // key → theirs' item, added identically by both
    for (const SideView* v : {&ov, &tv})
      for (const auto& [key, idx] : v->inserted) {
        const Item& e = v->scope->items[idx];
        if (base_keys.count(key) || (h_.base_keys && h_.base_keys->count(key)))
          fail(std::string(side_name(v->side)) + " moved " + name_of(e) + " inside a conflicting region");
        if (repeated(e)) fail(name_of(e) + " has several entries (e.g. marker variants) and a side added one of them");
      }
    // The same entry the other side added outside this hunk (at another
    // place): it must be the same entry, and where order matters (a route
    // list) it is a conflict. Both copies are written here; the scope keeps
    // the first (merge_scope).
    const bool order_matters = h_.kind && h_.kind->order == Order::SortIfAllSorted;
    for (const SideView* v : {&ov, &tv}) {
      const SideView& other = v == &ov ? tv : ov;
      const auto* index = v == &ov ? h_.theirs_keys : h_.ours_keys;
      if (!index) continue;
      for (const auto& [key, idx] : v->inserted) {
        auto it = index->find(key);
        if (it == index->end() || (it->second >= other.begin && it->second < other.end)) continue;
        const Item& mine = v->scope->items[idx];
        const Item& theirs_copy = other.scope->items[it->second];
        if (mine.norm != theirs_copy.norm)
          fail("both sides added " + name_of(mine) + " (" + text_of(mine) + " vs " + text_of(theirs_copy) + ")");
        if (mine.trail_norm != theirs_copy.trail_norm && !mine.trail_norm.empty())
          fail("both sides added " + name_of(mine) + " with different comments");
        if (order_matters) fail("both sides added " + name_of(mine) + ", at different places");
      }
    }
    const bool by_text = h_.kind && h_.kind->repeated == RepeatedKeys::ByText;
    for (const auto& [key, oi] : ov.inserted) {
      auto it = tv.inserted.find(key);
      if (it == tv.inserted.end()) continue;
      const Item& o = s_.ours->items[oi];
      const Item& t = s_.theirs->items[it->second];
      // Entries told apart by their text (two `from m import x as y`
      // statements of one module) are two entries; the checks after the
      // merge still refuse a name bound twice.
      if (o.norm != t.norm && by_text) continue;
      if (o.norm != t.norm) fail("both sides added " + name_of(o) + " (" + text_of(o) + " vs " + text_of(t) + ")");
      if (!o.trail_norm.empty() && !t.trail_norm.empty() && o.trail_norm != t.trail_norm)
        fail("both sides added " + name_of(o) + " with different comments");
      if (order_matters && gap_of(ov, oi) != gap_of(tv, it->second))
        fail("both sides added " + name_of(o) + ", at different places");
      shared[key] = it->second;
    }

    // Comments both sides removed: only if neither put other comments in their place.
    for (std::size_t i = 0; i < n(); ++i) {
      if (base_item(i).is_entry() || decided[i]) continue;
      if (ov.match[i] != kUnmatched || tv.match[i] != kUnmatched) continue;
      auto run = [&](const SideView& v) {
        std::size_t p = i, q = i + 1;
        while (p > 0 && v.match[p - 1] == kUnmatched) --p;
        while (q < n() && v.match[q] == kUnmatched) ++q;
        return std::make_pair(p, q);
      };
      auto ro = run(ov), rt = run(tv);
      auto lo = trivia_in(ov, ro.first, ro.second, labels), lt = trivia_in(tv, rt.first, rt.second, labels);
      if ((!lo.empty() || !lt.empty()) && (ro != rt || lo != lt))
        fail("both sides changed the comment " + shown(base_item(i).norm));
    }

    // Assemble: at each place, ours' insertions, theirs', the comments a side
    // put above what follows, then the base item.
    auto emit_side = [&](Side side, std::size_t idx) { items_.push_back(MergedItem{side, idx, {}, {}}); };
    for (std::size_t g = 0; g <= n(); ++g) {
      const Gap& go = ov.gaps[g];
      const Gap& gt = tv.gaps[g];
      for (const Unit& u : go.units) {
        const Item& e = s_.ours->items[u.entry];
        auto sh = shared.find(e.key);
        std::vector<std::size_t> lead_t;
        if (sh != shared.end()) {
          // Theirs' comments above the same entry, when ours has none.
          for (std::size_t gg = 0; gg <= n(); ++gg)
            for (const Unit& ut : tv.gaps[gg].units)
              if (ut.entry == sh->second) lead_t = ut.lead;
          std::vector<std::string> a, b;
          for (std::size_t x : u.lead) a.push_back(labels.of(s_.ours->items[x]));
          for (std::size_t x : lead_t) b.push_back(labels.of(s_.theirs->items[x]));
          if (!a.empty() && !b.empty() && a != b) fail("both sides added " + name_of(e) + " with different comments above it");
          if (!a.empty()) lead_t.clear();
        }
        for (std::size_t x : lead_t) emit_side(Side::Theirs, x);
        for (std::size_t x : u.lead) emit_side(Side::Ours, x);
        MergedItem m{Side::Ours, u.entry, {}, {}};
        if (sh != shared.end() && e.trail_norm.empty()) {
          const Item& t = s_.theirs->items[sh->second];
          if (!t.trail_norm.empty()) m.trailing = t.trailing;
        }
        items_.push_back(m);
      }
      // Both sides opening their insertions here with the same blank lines
      // (often the blank line that stood here before): once.
      bool same_opening = false;
      if (!go.units.empty() && !gt.units.empty() && !go.units.front().lead.empty()) {
        std::vector<std::string> a, b;
        bool blank_only = true;
        for (std::size_t x : go.units.front().lead) {
          a.push_back(labels.of(s_.ours->items[x]));
          blank_only = blank_only && s_.ours->items[x].kind == ItemKind::Blank;
        }
        for (std::size_t x : gt.units.front().lead) b.push_back(labels.of(s_.theirs->items[x]));
        if (a == b && !blank_only) fail("both sides added the same comment above different entries");
        same_opening = a == b;
      }
      for (const Unit& u : gt.units) {
        const Item& e = s_.theirs->items[u.entry];
        if (shared.count(e.key)) continue;
        if (!(same_opening && &u == &gt.units.front()))
          for (std::size_t x : u.lead) emit_side(Side::Theirs, x);
        emit_side(Side::Theirs, u.entry);
      }
      if (!go.trailing.empty() || !gt.trailing.empty()) {
        if (!go.trailing.empty() && !gt.trailing.empty()) {
          std::vector<std::string> a, b;
          for (std::size_t x : go.trailing) a.push_back(labels.of(s_.ours->items[x]));
          for (std::size_t x : gt.trailing) b.push_back(labels.of(s_.theirs->items[x]));
          if (a != b) fail("both sides added comments at the same place");
        }
        if (g < n() && removed[g] && base_item(g).is_entry())
          fail("a comment was added above " + name_of(base_item(g)) + ", which the other side removed");
        if (!go.trailing.empty())
          for (std::size_t x : go.trailing) emit_side(Side::Ours, x);
        else
          for (std::size_t x : gt.trailing) emit_side(Side::Theirs, x);
      }
      if (g < n() && decided[g]) items_.push_back(*decided[g]);
    }
  }

  const EntryHunk& h_;
  ScopeTriple s_;
  const Chunk& c_;
  bool keyed_ = false;
  std::vector<MergedItem> items_;
};

const std::string& sort_key(const Item& item, const ScopeKind* kind) {
  return kind && kind->sort_by == SortBy::Text ? item.sort_text : item.key;
}

}  // namespace

std::string frame_of(const Item& item) {
  if (item.child.empty() || item.child_end > item.text.size() || item.child_begin > item.child_end) return item.text;
  return item.text.substr(0, item.child_begin) + '\x01' + item.text.substr(item.child_end);
}

bool sorted_for(const Scope& scope) {
  const std::string* prev = nullptr;
  std::size_t count = 0;
  for (const auto& item : scope.items) {
    if (!item.is_entry()) continue;
    const std::string& k = sort_key(item, scope.kind);
    if (prev && k < *prev) return false;
    prev = &k;
    ++count;
  }
  return count >= 2;
}

HunkResolution resolve_entry_hunk(const EntryHunk& hunk) { return HunkResolver(hunk).run(); }

ScopeMerge merge_scope(const ScopeTriple& s, Policy policy, const HunkClassifier& classify,
                       const ContainerMerger& merge_container, bool inside_changed_container) {
  ScopeMerge out;
  auto manual = [&](std::string why) {
    out.ok = false;
    out.reason = std::move(why);
    out.items.clear();
    return out;
  };
  if (!s.ours || !s.theirs) return manual("internal: a scope merge without both sides");
  const Scope& o = *s.ours;
  const Scope& t = *s.theirs;
  const ScopeKind* kind = o.kind;
  std::string why;
  auto layout = merge_layouts(s.base ? &s.base->layout : nullptr, o.layout, t.layout, why);
  if (!layout) return manual(why + " (" + o.name + ")");
  out.layout = *layout;

  // Keys several entries of one version share (marker variants).
  KeySet repeated;
  for (const Scope* v : {s.base, s.ours, s.theirs}) {
    if (!v) continue;
    std::unordered_map<std::string_view, int> counts;
    counts.reserve(v->items.size());
    for (const auto& item : v->items)
      if (item.is_entry() && ++counts[item.key] == 2) repeated.insert(item.key);
  }

  KeySet base_keys;
  if (s.base) base_keys.reserve(s.base->items.size());
  // Items after the base's last entry are its trailing comments.
  std::size_t last_base_entry = kUnmatched;
  if (s.base)
    for (std::size_t i = 0; i < s.base->items.size(); ++i)
      if (s.base->items[i].is_entry()) {
        base_keys.insert(s.base->items[i].key);
        last_base_entry = i;
      }
  auto key_index = [](const Scope& v) {
    KeyIndex index;
    index.reserve(v.items.size());
    for (std::size_t i = 0; i < v.items.size(); ++i)
      if (v.items[i].is_entry()) index.emplace(v.items[i].key, i);
    return index;
  };
  KeyIndex ours_keys, theirs_keys;
  bool conflicts = false;

  Labels labels;
  auto labelled = [&](const Scope* v) {
    std::vector<std::string> out_labels;
    if (!v) return out_labels;
    out_labels.reserve(v->items.size());
    for (const auto& item : v->items) out_labels.push_back(labels.of(item));
    return out_labels;
  };
  std::vector<std::string> lb = labelled(s.base), lo = labelled(s.ours), lt = labelled(s.theirs);
  auto chunks = merge_sequences(lb, lo, lt);
  if (!chunks) return manual(chunks.error().message);

  const Policy effective = kind && kind->keyed_policy ? policy : Policy::Additive;
  for (const Chunk& c : *chunks) {
    switch (c.type) {
      case Chunk::Type::Stable:
        for (std::size_t k = 0; k < c.base_end - c.base_begin; ++k) {
          out.items.push_back(agreed(s.base->items[c.base_begin + k], Side::Ours, c.ours_begin + k,
                                     o.items[c.ours_begin + k], c.theirs_begin + k));
          out.items.back().tail = last_base_entry != kUnmatched && c.base_begin + k > last_base_entry;
          out.items.back().from_base = true;
        }
        break;
      case Chunk::Type::Ours:
      case Chunk::Type::Theirs:
        // Inside a container both sides changed, a kind that is always
        // additive (imported names) takes no removal or rename of one side:
        // the statement is one conflicting region.
        if (inside_changed_container && kind && !kind->keyed_policy)
          for (std::size_t k = c.base_begin; k < c.base_end; ++k)
            if (s.base->items[k].is_entry())
              return manual(std::string(c.type == Chunk::Type::Ours ? "ours" : "theirs") + " removed or changed " +
                            shown(s.base->items[k].key) + " in " + o.name + ", which both sides changed");
        if (c.type == Chunk::Type::Theirs) {
          for (std::size_t k = c.theirs_begin; k < c.theirs_end; ++k)
            out.items.push_back(MergedItem{Side::Theirs, k, {}, {}});
          break;
        }
        [[fallthrough]];
      case Chunk::Type::Both:
        for (std::size_t k = c.ours_begin; k < c.ours_end; ++k) out.items.push_back(MergedItem{Side::Ours, k, {}, {}});
        break;
      case Chunk::Type::Conflict: {
        if (!conflicts) {
          ours_keys = key_index(o);
          theirs_keys = key_index(t);
          conflicts = true;
        }
        EntryHunk hunk{kind, s, c, effective, &repeated, &base_keys, &ours_keys, &theirs_keys, &merge_container,
                       last_base_entry};
        HunkResolution r = classify(hunk);
        if (r.outcome != HunkResolution::Outcome::Resolved)
          return manual((r.reason.empty() ? std::string("no classifier rule matched") : r.reason) + " in " + o.name);
        out.items.insert(out.items.end(), r.items.begin(), r.items.end());
        ++out.resolved_hunks;
        if (!r.rule.empty()) out.rules.insert(r.rule);
        break;
      }
    }
  }

  // The same entry both sides added at two places that each changed alone:
  // once, at the first place — unless order matters there.
  {
    auto item_of = [&](const MergedItem& m) -> const Item& { return s.side(m.side).items[m.index]; };
    std::unordered_map<std::string_view, std::size_t> added_at;
    std::vector<bool> drop(out.items.size(), false);
    for (std::size_t i = 0; i < out.items.size(); ++i) {
      const Item& it = item_of(out.items[i]);
      if (!it.is_entry() || base_keys.count(it.key) || repeated.count(it.key)) continue;
      auto [at, fresh] = added_at.emplace(it.key, i);
      if (fresh) continue;
      MergedItem& first = out.items[at->second];
      const Item& kept = item_of(first);
      if (kept.norm != it.norm || first.side == out.items[i].side) continue;  // a clash, or one side's own: the checks judge
      const std::string name = it.key.empty() || it.key[0] == '\x02' ? std::string(trim(it.text)) : it.key;
      if (kind && kind->order == Order::SortIfAllSorted)
        return manual("both sides added " + shown(name) + ", at different places (" + o.name + ")");
      if (i > 0 && !item_of(out.items[i - 1]).is_entry() && !out.items[i - 1].from_base &&
          out.items[i - 1].side == out.items[i].side)
        return manual("both sides added " + shown(name) + ", one with comments above it (" + o.name + ")");
      if (!it.trail_norm.empty() && it.trail_norm != kept.trail_norm) {
        if (!kept.trail_norm.empty())
          return manual("both sides added " + shown(name) + " with different comments (" + o.name + ")");
        first.trailing = it.trailing;
      }
      drop[i] = true;
    }
    std::size_t w = 0;
    for (std::size_t i = 0; i < out.items.size(); ++i)
      if (!drop[i]) out.items[w++] = out.items[i];
    out.items.resize(w);
  }

  // Order: sorted when the kind's rule says so, base entries never move otherwise.
  if (out.resolved_hunks > 0 && kind && s.base && sorted_for(*s.base) &&
      (kind->order == Order::SortIfBaseSorted || (sorted_for(o) && sorted_for(t)))) {
    struct Unit {
      std::vector<MergedItem> items;
      const std::string* key;
      std::size_t order;  // position before sorting
    };
    // Each entry moves with the comments directly above it. The base's
    // comments after its last entry keep their place when their neighbours
    // stay the same (the entries before them, the entry after them);
    // otherwise they go last.
    struct Tail {
      std::vector<MergedItem> items;
      std::size_t after;  // entries before it
    };
    std::vector<Unit> units;
    std::vector<Tail> tails;
    std::vector<MergedItem> pending;
    for (const auto& m : out.items) {
      if (m.tail && pending.empty()) {
        if (tails.empty() || tails.back().after != units.size()) tails.push_back(Tail{{}, units.size()});
        tails.back().items.push_back(m);
        continue;
      }
      pending.push_back(m);
      const Item& item = s.side(m.side).items[m.index];
      if (item.is_entry()) {
        units.push_back(Unit{std::move(pending), &sort_key(item, kind), units.size()});
        pending.clear();
      }
    }
    std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) { return *a.key < *b.key; });
    std::vector<MergedItem> sorted, last;
    std::size_t next_tail = 0, highest = 0;
    auto place_tails = [&](std::size_t placed) {
      for (; next_tail < tails.size() && tails[next_tail].after <= placed; ++next_tail) {
        bool same_before = placed == 0 || highest + 1 == placed;
        bool same_after = placed == units.size() || units[placed].order == placed;
        same_before = same_before && same_after;
        auto& target = same_before && tails[next_tail].after == placed ? sorted : last;
        target.insert(target.end(), tails[next_tail].items.begin(), tails[next_tail].items.end());
      }
    };
    place_tails(0);
    for (std::size_t k = 0; k < units.size(); ++k) {
      sorted.insert(sorted.end(), units[k].items.begin(), units[k].items.end());
      highest = std::max(highest, units[k].order);
      place_tails(k + 1);
    }
    sorted.insert(sorted.end(), pending.begin(), pending.end());
    sorted.insert(sorted.end(), last.begin(), last.end());
    out.items = std::move(sorted);
  }
  out.ok = true;
  return out;
}

}  // namespace lanemerge::core

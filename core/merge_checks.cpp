#include "core/merge_checks.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <map>
#include <optional>
#include <set>

namespace lanemerge::core {
namespace {

std::string shown(std::string_view key) {
  std::string out;
  for (char c : key) out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  if (out.size() > 60) out = out.substr(0, 57) + "...";
  return out;
}

const Scope* find(const ScopedDoc& d, const std::string& id) { return d.scope(id); }

// The scopes to check: every scope read, and the children read on demand
// whose container is not the same in all four texts.
std::set<std::string> scope_ids(const Versions& v, const ScopedDoc& merged) {
  std::set<std::string> ids;
  const ScopedDoc* docs[] = {&v.base, &v.ours, &v.theirs, &merged};
  std::set<std::string> parents;
  for (const ScopedDoc* d : docs) {
    for (const auto& [id, scope] : d->scopes) ids.insert(id);
    parents.insert(d->lazy_parents.begin(), d->lazy_parents.end());
  }
  for (const auto& parent : parents) {
    // child id → its container's text in each version (null: absent)
    std::unordered_map<std::string_view, std::array<const std::string*, 4>> containers;
    for (std::size_t k = 0; k < 4; ++k)
      if (const Scope* s = docs[k]->scope(parent))
        for (const auto& item : s->items)
          if (!item.child.empty()) containers[item.child][k] = &item.text;
    for (const auto& [child, texts] : containers) {
      bool same = true;
      for (const std::string* t : texts) same = same && t && texts[0] && *t == *texts[0];
      if (!same) ids.insert(std::string(child));
    }
  }
  return ids;
}

std::string name_of(const std::string& id, const ScopedDoc& merged, const Versions& v) {
  for (const ScopedDoc* d : {&merged, &v.ours, &v.theirs, &v.base})
    if (const Scope* s = find(*d, id)) return s->name;
  return id;
}

template <typename T>
std::optional<T> three_way(const std::optional<T>& b, const std::optional<T>& o, const std::optional<T>& t, bool& clash) {
  clash = false;
  if (o == b) return t;
  if (t == b) return o;
  if (o == t) return o;
  clash = true;
  return std::nullopt;
}

}  // namespace

std::string check_entries(const Versions& v, const ScopedDoc& merged) {
  struct Seen {
    const Item* first = nullptr;
    int count = 0;
    bool container = false;
  };
  using Keys = std::unordered_map<std::string_view, Seen>;
  auto keys_of = [](const ScopedDoc& d, const std::string& id) {
    Keys out;
    if (const Scope* s = find(d, id)) {
      out.reserve(s->items.size());
      for (const auto& item : s->items)
        if (item.is_entry()) {
          Seen& seen = out[item.key];
          if (!seen.first) seen.first = &item;
          ++seen.count;
          seen.container = seen.container || !item.child.empty();
        }
    }
    return out;
  };
  // Values compare as views; an absent entry has no value, and no comment.
  using Text = std::optional<std::string_view>;
  for (const auto& id : scope_ids(v, merged)) {
    Keys b = keys_of(v.base, id), o = keys_of(v.ours, id), t = keys_of(v.theirs, id), m = keys_of(merged, id);
    const Keys* all[] = {&b, &o, &t, &m};
    const std::string where = name_of(id, merged, v);
    for (std::size_t k = 0; k < 4; ++k)
      for (const auto& [key, unused] : *all[k]) {
        (void)unused;
        bool earlier = false;  // each key once
        for (std::size_t j = 0; j < k && !earlier; ++j) earlier = all[j]->count(key) > 0;
        if (earlier) continue;
        auto get = [&](const Keys& keys) -> const Seen* {
          auto it = keys.find(key);
          return it == keys.end() ? nullptr : &it->second;
        };
        const Seen *sb = get(b), *so = get(o), *st = get(t), *sm = get(m);
        bool expected = (so != nullptr) == (sb != nullptr) ? st != nullptr : so != nullptr;
        if ((sm != nullptr) != expected)
          return std::string(expected ? "the merge lost " : "the merge holds an unexpected ") + shown(key) + " in " + where;
        bool single = true, container = false;
        for (const Seen* s : {sb, so, st, sm})
          if (s) {
            single = single && s->count == 1;
            container = container || s->container;
          }
        if (!single) continue;
        auto value = [](const Seen* s) { return s ? Text(s->first->norm) : Text(); };
        auto comment = [](const Seen* s) { return Text(s ? std::string_view(s->first->trail_norm) : std::string_view()); };
        bool clash = false;
        if (!container) {
          auto want = three_way(value(sb), value(so), value(st), clash);
          if (clash) return "both sides changed " + shown(key) + " differently in " + where + ", yet the merge is automatic";
          if (want != value(sm))
            return "the merge holds another value for " + shown(key) + " in " + where + " than either side gave it";
        }
        if (!sm) continue;
        auto want_comment = three_way(comment(sb), comment(so), comment(st), clash);
        if (clash) return "both sides changed the comment on " + shown(key) + " in " + where + ", yet the merge is automatic";
        if (*want_comment != *comment(sm))
          return "the merge holds another comment on " + shown(key) + " in " + where + " than either side gave it";
      }
  }
  return {};
}

std::string check_comments(const Versions& v, const ScopedDoc& merged) {
  // Whole comment lines of the file: a comment that moved between the text
  // around the scopes and a scope (sorting, a side appending below it) still
  // counts once.
  auto counts_of = [](const ScopedDoc& d) {
    std::map<std::string_view, long> out;
    std::string_view text = d.text;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t nl = text.find('\n', pos);
      std::size_t end = nl == std::string_view::npos ? text.size() : nl;
      std::string_view line = text.substr(pos, end - pos);
      std::size_t i = line.find_first_not_of(" \t");
      if (i != std::string_view::npos && line[i] == '#') {
        line = line.substr(i);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        ++out[line];
      }
      pos = end + 1;
    }
    return out;
  };
  auto b = counts_of(v.base), o = counts_of(v.ours), t = counts_of(v.theirs), m = counts_of(merged);
  std::set<std::string_view> all;
  for (const auto* c : {&b, &o, &t, &m})
    for (const auto& [text, n] : *c) all.insert(text);
  for (std::string_view text : all) {
    auto get = [&](const std::map<std::string_view, long>& c) {
      auto it = c.find(text);
      return it == c.end() ? 0L : it->second;
    };
    long nb = get(b), no = get(o), nt = get(t), nm = get(m);
    long want = no == nb ? nt : nt == nb ? no : no == nt ? no : nb + (no - nb) + (nt - nb);
    if (want < 0) want = 0;
    if (nm != want)
      return "the comment " + shown(text) + " would appear " + std::to_string(nm) +
             " times (each side's change once gives " + std::to_string(want) + ")";
  }
  return {};
}

std::string check_repeated_keys(const Versions& v, const ScopedDoc& merged) {
  auto counts_of = [](const ScopedDoc& d, const std::string& id) {
    std::unordered_map<std::string_view, int> out;
    if (const Scope* s = find(d, id)) {
      out.reserve(s->items.size());
      for (const auto& item : s->items) {
        if (!item.is_entry()) continue;
        ++out[item.key];
        for (const auto& k : item.extra_keys)
          if (k != item.key) ++out[k];
      }
    }
    return out;
  };
  for (const auto& id : scope_ids(v, merged)) {
    auto m = counts_of(merged, id);
    auto b = counts_of(v.base, id), o = counts_of(v.ours, id), t = counts_of(v.theirs, id);
    for (const auto& [key, n] : m) {
      int most = 1;
      for (const auto* c : {&b, &o, &t}) {
        auto it = c->find(key);
        if (it != c->end()) most = std::max(most, it->second);
      }
      if (n > most) return "the merge would hold " + shown(key) + " twice in " + name_of(id, merged, v);
    }
  }
  return {};
}

namespace {

// Per name, the sites that bind it and, for imports, what it is bound to.
struct Bound {
  std::vector<std::string_view> sites;
  std::vector<std::string_view> targets;
  bool by_import = false;
};
using BindingMap = std::unordered_map<std::string_view, Bound>;

BindingMap bindings_of(const ScopedDoc& d) {
  BindingMap out;
  out.reserve(d.bindings.size());
  for (const auto& b : d.bindings) {
    Bound& bound = out[b.name];
    bound.sites.push_back(b.site);
    if (b.by_import) {
      bound.targets.push_back(b.target);
      bound.by_import = true;
    }
  }
  for (auto& [name, bound] : out)
    for (auto* list : {&bound.sites, &bound.targets})
      if (list->size() > 1) {
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
      }
  return out;
}

struct Bindings {
  BindingMap base, ours, theirs, merged;
  explicit Bindings(const Versions& v, const ScopedDoc& m)
      : base(bindings_of(v.base)), ours(bindings_of(v.ours)), theirs(bindings_of(v.theirs)), merged(bindings_of(m)) {}
};

std::string bound_twice(const Bindings& b) {
  for (const auto& [name, bound] : b.merged) {
    if (!bound.by_import) continue;
    std::size_t most = 1;
    for (const BindingMap* s : {&b.base, &b.ours, &b.theirs}) {
      auto it = s->find(name);
      if (it != s->end()) most = std::max(most, it->second.sites.size());
    }
    if (bound.sites.size() > most) return "both sides bind " + shown(name) + " at module level";
  }
  return {};
}

std::string imported_elsewhere(const Bindings& b) {
  static const std::vector<std::string_view> none;
  const BindingMap* all[] = {&b.base, &b.ours, &b.theirs, &b.merged};
  for (std::size_t k = 0; k < 4; ++k)
    for (const auto& [name, bound] : *all[k]) {
      if (!bound.by_import) continue;
      bool earlier = false;  // each name once
      for (std::size_t j = 0; j < k && !earlier; ++j) earlier = all[j]->count(name) > 0;
      if (earlier) continue;
      auto get = [&](const BindingMap& x) -> const std::vector<std::string_view>& {
        auto it = x.find(name);
        return it == x.end() ? none : it->second.targets;
      };
      const auto &tb = get(b.base), &to = get(b.ours), &tt = get(b.theirs), &tm = get(b.merged);
      if (to != tb && tt != tb && to != tt)
        return "both sides changed what " + shown(name) + " is imported from, differently";
      const auto& want = to == tb ? tt : to;
      if (tm != want) return "the merge imports " + shown(name) + " from elsewhere than either side";
    }
  return {};
}

}  // namespace

std::string check_bindings(const Versions& v, const ScopedDoc& merged) { return bound_twice(Bindings(v, merged)); }

std::string check_import_targets(const Versions& v, const ScopedDoc& merged) {
  return imported_elsewhere(Bindings(v, merged));
}

std::string check_catch_all(const Versions& v, const ScopedDoc& merged) {
  (void)merged;
  for (const auto& [id, base_scope] : v.base.scopes) {
    if (!base_scope.kind || !base_scope.kind->catch_all_order) continue;
    const Scope* o = find(v.ours, id);
    const Scope* t = find(v.theirs, id);
    if (!o || !t) continue;
    std::set<std::string> base_keys;
    for (const auto& item : base_scope.items)
      if (item.is_entry()) base_keys.insert(item.key);
    struct Added {
      std::vector<std::size_t> all;
      std::vector<std::size_t> catch_alls;
    };
    auto added = [&](const Scope& s) {
      Added out;
      std::size_t pos = 0;
      for (const auto& item : s.items) {
        if (!item.is_entry()) continue;
        if (base_keys.count(item.key)) {
          ++pos;
          continue;
        }
        out.all.push_back(pos);
        if (item.catch_all) out.catch_alls.push_back(pos);
      }
      return out;
    };
    Added ao = added(*o), at = added(*t);
    for (const auto& [mine, other] : {std::make_pair(&ao, &at), std::make_pair(&at, &ao)})
      for (std::size_t p : mine->catch_alls)
        for (std::size_t q : other->all)
          if (q >= p)
            return "a catch-all route added by one side would hide a route the other side added in " + base_scope.name;
  }
  return {};
}

std::string check_merge(const Versions& v, const ScopedDoc& merged) {
  for (auto check : {&check_entries, &check_comments, &check_repeated_keys, &check_catch_all}) {
    std::string wrong = check(v, merged);
    if (!wrong.empty()) return wrong;
  }
  if (v.base.bindings.empty() && v.ours.bindings.empty() && v.theirs.bindings.empty() && merged.bindings.empty())
    return {};
  Bindings bindings(v, merged);
  std::string wrong = bound_twice(bindings);
  return wrong.empty() ? imported_elsewhere(bindings) : wrong;
}

}  // namespace lanemerge::core

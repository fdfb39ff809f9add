#include "core/merge_checks.hpp"

#include <algorithm>
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

const Scope* find(const ScopedDoc& d, const std::string& id) {
  auto it = d.scopes.find(id);
  return it == d.scopes.end() ? nullptr : &it->second;
}

std::set<std::string> scope_ids(const Versions& v, const ScopedDoc& merged) {
  std::set<std::string> ids;
  for (const ScopedDoc* d : {&v.base, &v.ours, &v.theirs, &merged})
    for (const auto& [id, scope] : d->scopes) ids.insert(id);
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
    std::vector<const Item*> items;
    bool container = false;
  };
  using Keys = std::map<std::string, Seen>;
  auto keys_of = [](const ScopedDoc& d, const std::string& id) {
    Keys out;
    if (const Scope* s = find(d, id))
      for (const auto& item : s->items)
        if (item.is_entry()) {
          Seen& seen = out[item.key];
          seen.items.push_back(&item);
          seen.container = seen.container || !item.child.empty();
        }
    return out;
  };
  for (const auto& id : scope_ids(v, merged)) {
    Keys b = keys_of(v.base, id), o = keys_of(v.ours, id), t = keys_of(v.theirs, id), m = keys_of(merged, id);
    std::set<std::string> all;
    for (const Keys* k : {&b, &o, &t, &m})
      for (const auto& [key, seen] : *k) all.insert(key);
    const std::string where = name_of(id, merged, v);
    for (const std::string& key : all) {
      auto get = [&](const Keys& k) -> const Seen* {
        auto it = k.find(key);
        return it == k.end() ? nullptr : &it->second;
      };
      const Seen *sb = get(b), *so = get(o), *st = get(t), *sm = get(m);
      bool expected = (so != nullptr) == (sb != nullptr) ? st != nullptr : so != nullptr;
      if ((sm != nullptr) != expected)
        return std::string(expected ? "the merge lost " : "the merge holds an unexpected ") + shown(key) + " in " + where;
      bool single = true, container = false;
      for (const Seen* s : {sb, so, st, sm})
        if (s) {
          single = single && s->items.size() == 1;
          container = container || s->container;
        }
      if (!single) continue;
      auto value = [&](const Seen* s) { return s ? std::optional<std::string>(s->items[0]->norm) : std::nullopt; };
      // An absent entry has no comment: both sides adding it, one with a comment, gives the comment.
      auto comment = [&](const Seen* s) { return std::optional<std::string>(s ? s->items[0]->trail_norm : std::string()); };
      bool clash = false;
      if (!container) {
        auto want = three_way(value(sb), value(so), value(st), clash);
        if (clash) return "both sides changed " + shown(key) + " differently in " + where + ", yet the merge is automatic";
        if (want != value(sm)) return "the merge holds another value for " + shown(key) + " in " + where + " than either side gave it";
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
    std::map<std::string, int> out;
    if (const Scope* s = find(d, id))
      for (const auto& item : s->items) {
        if (!item.is_entry()) continue;
        ++out[item.key];
        for (const auto& k : item.extra_keys)
          if (k != item.key) ++out[k];
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

std::string check_bindings(const Versions& v, const ScopedDoc& merged) {
  using Sites = std::map<std::string, std::set<std::string>>;
  auto sites_of = [](const ScopedDoc& d) {
    Sites out;
    for (const auto& b : d.bindings) out[b.name].insert(b.site);
    return out;
  };
  std::set<std::string> imported;
  for (const auto& b : merged.bindings)
    if (b.by_import) imported.insert(b.name);
  Sites sb = sites_of(v.base), so = sites_of(v.ours), st = sites_of(v.theirs), sm = sites_of(merged);
  for (const std::string& name : imported) {
    std::size_t most = 0;
    for (const Sites* s : {&sb, &so, &st}) {
      auto it = s->find(name);
      if (it != s->end()) most = std::max(most, it->second.size());
    }
    if (sm[name].size() > std::max<std::size_t>(most, 1)) return "both sides bind " + shown(name) + " at module level";
  }
  return {};
}

std::string check_import_targets(const Versions& v, const ScopedDoc& merged) {
  using Targets = std::map<std::string, std::vector<std::string>>;
  auto targets_of = [](const ScopedDoc& d) {
    Targets out;
    for (const auto& b : d.bindings)
      if (b.by_import) out[b.name].push_back(b.target);
    for (auto& [name, t] : out) {
      std::sort(t.begin(), t.end());
      t.erase(std::unique(t.begin(), t.end()), t.end());
    }
    return out;
  };
  Targets b = targets_of(v.base), o = targets_of(v.ours), t = targets_of(v.theirs), m = targets_of(merged);
  std::set<std::string> names;
  for (const Targets* x : {&b, &o, &t, &m})
    for (const auto& [name, targets] : *x) names.insert(name);
  for (const std::string& name : names) {
    auto get = [&](const Targets& x) {
      auto it = x.find(name);
      return it == x.end() ? std::vector<std::string>() : it->second;
    };
    auto tb = get(b), to = get(o), tt = get(t), tm = get(m);
    if (to != tb && tt != tb && to != tt)
      return "both sides changed what " + shown(name) + " is imported from, differently";
    auto want = to == tb ? tt : to;
    if (tm != want) return "the merge imports " + shown(name) + " from elsewhere than either side";
  }
  return {};
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
  for (auto check : {&check_entries, &check_comments, &check_repeated_keys, &check_bindings, &check_import_targets,
                     &check_catch_all}) {
    std::string wrong = check(v, merged);
    if (!wrong.empty()) return wrong;
  }
  return {};
}

}  // namespace lanemerge::core

// Generated-input tests of the three union drivers (pyproject, pyinit, urls):
// seeded, reproducible cases run through core::run_driver under both
// policies, checked against a three-way merge by key computed here with
// extractors of our own. See README.md in this directory.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/python_syntax.hpp"
#include "core/text_merge.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace lanemerge;
using namespace lanemerge::property;

namespace {

// Python text without whitespace outside string literals and without comments.
std::string squeeze_python(const std::string& text) {
  std::string out;
  char quote = 0;
  bool comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (comment) {
      if (c == '\n') comment = false;
      continue;
    }
    if (quote) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '#') comment = true;
    else if (c == '"' || c == '\'') {
      quote = c;
      out += c;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      out += c;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// What a version of a file holds, as seen by our own extractors.

struct Extract {
  std::string error;                                 // not parseable / not extractable
  std::map<std::string, std::string> entries;        // "scope|key" → normalized text
  std::vector<std::string> duplicates;               // keys seen twice
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> sequences;  // scope → (key, text) in order
  std::set<std::string> containers;                  // keys of entries that hold entries (an import group)

  void add(const std::string& scope, const std::string& key, const std::string& text, bool sequence = true) {
    std::string k = scope + "|" + key;
    if (!entries.emplace(k, text).second) duplicates.push_back(k);
    if (sequence) sequences[scope].emplace_back(k, text);
  }
};

std::string toml_value(const toml::node& n) {
  if (const auto* s = n.as_string()) return "\"" + s->get() + "\"";
  if (const auto* b = n.as_boolean()) return b->get() ? "true" : "false";
  if (const auto* i = n.as_integer()) return std::to_string(i->get());
  if (const auto* a = n.as_array()) {
    std::string out = "[";
    for (auto&& v : *a) out += (out.size() > 1 ? "," : "") + toml_value(v);
    return out + "]";
  }
  if (const auto* t = n.as_table()) {
    std::string out = "{";
    for (auto&& [k, v] : *t) out += (out.size() > 1 ? "," : "") + std::string(k.str()) + "=" + toml_value(v);
    return out + "}";
  }
  return "?";
}

Extract extract_pyproject(const std::string& text) {
  Extract x;
  toml::table root;
  try {
    root = toml::parse(text, std::string_view("pyproject.toml"));
  } catch (const toml::parse_error& e) {
    x.error = "not valid TOML: " + std::string(e.description()) + " (line " + std::to_string(e.source().begin.line) + ")";
    return x;
  }
  if (const auto* deps = root.at_path("project.dependencies").as_array()) {
    for (auto&& v : *deps) {
      const auto* s = v.as_string();
      if (!s) {
        x.error = "a non-string dependency";
        return x;
      }
      x.add("project", pep503(requirement_name_of(s->get())), s->get());
    }
  }
  if (const auto* poetry = root.at_path("tool.poetry.dependencies").as_table()) {
    std::vector<std::pair<toml::source_position, std::pair<std::string, std::string>>> ordered;
    for (auto&& [k, v] : *poetry) ordered.push_back({k.source().begin, {pep503(std::string(k.str())), toml_value(v)}});
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
      return a.first.line != b.first.line ? a.first.line < b.first.line : a.first.column < b.first.column;
    });
    for (const auto& [pos, kv] : ordered) x.add("poetry", kv.first, kv.second);
  }
  if (const auto* v = root.at_path("project.version").as_string()) x.add("outside", "version", v->get(), false);
  if (const auto* l = root.at_path("tool.ruff.line-length").as_integer())
    x.add("outside", "line-length", std::to_string(l->get()), false);
  return x;
}

// Module-level statements of our generated Python files: import statements
// (parenthesized ones gathered over their lines) and the out-of-scope lines.
Extract extract_pyinit(const std::string& text) {
  Extract x;
  auto lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (starts_with(line, "__version__ = ")) x.add("outside", "version", trim(line.substr(14)), false);
    else if (starts_with(line, "    return ")) x.add("outside", "body", trim(line.substr(11)), false);
    if (!starts_with(line, "from ")) continue;
    std::string stmt;
    std::size_t j = i;
    auto strip = [](const std::string& l) { return l.substr(0, l.find('#')); };
    stmt = strip(lines[j]);
    if (stmt.find('(') != std::string::npos)
      while (stmt.find(')') == std::string::npos && j + 1 < lines.size()) stmt += " " + strip(lines[++j]);
    i = j;
    std::size_t imp = stmt.find(" import ");
    if (imp == std::string::npos) {
      x.error = "cannot read import: " + stmt;
      return x;
    }
    std::string module = trim(stmt.substr(5, imp - 5));
    std::string names = stmt.substr(imp + 8);
    bool group = names.find('(') != std::string::npos;
    names = replace_all(replace_all(names, "(", " "), ")", " ");
    std::vector<std::string> parts;
    std::stringstream ss(names);
    for (std::string part; std::getline(ss, part, ',');)
      if (!trim(part).empty()) parts.push_back(trim(part));
    std::string joined;
    for (const auto& p : parts) {
      std::string name = p, bound = p;
      std::size_t as = p.find(" as ");
      if (as != std::string::npos) {
        name = trim(p.substr(0, as));
        bound = trim(p.substr(as + 4));
      }
      std::string norm = module + ":" + name + (as != std::string::npos ? " as " + bound : "");
      x.add("bind", bound, norm, false);
      if (group) x.sequences["group"].emplace_back("bind|" + bound, norm);
      else x.sequences["imports"].emplace_back("bind|" + bound, norm);
      joined += norm + ";";
    }
    if (group) {
      x.sequences["imports"].emplace_back("stmt|" + module, joined);
      x.containers.insert("stmt|" + module);
    }
  }
  if (x.error.empty()) {
    std::string problem = core::python_syntax_problem(text);
    if (!problem.empty()) x.error = "not valid Python: " + problem;
  }
  return x;
}

Extract extract_urls(const std::string& text) {
  Extract x;
  for (const auto& line : lines_of(text)) {
    if (starts_with(line, "app_name = ")) x.add("outside", "app", trim(line.substr(11)), false);
    else if (starts_with(line, "    return ")) x.add("outside", "body", trim(line.substr(11)), false);
  }
  std::size_t at = text.find("\nurlpatterns = [");
  if (at == std::string::npos) {
    x.error = "no urlpatterns";
    return x;
  }
  std::size_t i = text.find('[', at) + 1;
  int depth = 1;
  char quote = 0;
  bool comment = false;
  std::string element;
  auto flush = [&]() {
    std::string norm = squeeze_python(element);
    element.clear();
    if (norm.empty()) return;
    std::size_t q = norm.find_first_of("\"'");
    std::size_t e = q == std::string::npos ? q : norm.find(norm[q], q + 1);
    if (e == std::string::npos) {
      x.error = "an element without a route: " + norm;
      return;
    }
    x.add("route", norm.substr(q + 1, e - q - 1), norm);
  };
  for (; i < text.size() && depth > 0; ++i) {
    char c = text[i];
    if (comment) {
      if (c == '\n') comment = false;
      element += c;
      continue;
    }
    if (quote) {
      element += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '#') comment = true;
    if (c == '"' || c == '\'') quote = c;
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (depth == 0) break;
    if (c == ',' && depth == 1) {
      flush();
      continue;
    }
    element += c;
  }
  flush();
  if (depth != 0 && x.error.empty()) x.error = "unterminated urlpatterns";
  if (x.error.empty()) {
    std::string problem = core::python_syntax_problem(text);
    if (!problem.empty()) x.error = "not valid Python: " + problem;
  }
  return x;
}

// ---------------------------------------------------------------------------
// The reference: a three-way merge by key.

struct Expected3 {
  std::map<std::string, std::string> entries;
  std::vector<std::string> conflicts;  // keys changed differently by both sides
};

using EntryMap = std::map<std::string, std::string>;

Expected3 merge_maps(const EntryMap& b, const EntryMap& o, const EntryMap& t) {
  std::set<std::string> keys;
  for (const auto* x : {&b, &o, &t})
    for (const auto& [k, v] : *x) keys.insert(k);
  auto get = [](const EntryMap& x, const std::string& k) -> std::optional<std::string> {
    auto it = x.find(k);
    if (it == x.end()) return std::nullopt;
    return it->second;
  };
  Expected3 out;
  for (const auto& k : keys) {
    auto vb = get(b, k), vo = get(o, k), vt = get(t, k);
    std::optional<std::string> r;
    if (vo == vb) r = vt;
    else if (vt == vb) r = vo;
    else if (vo == vt) r = vo;
    else {
      out.conflicts.push_back(k);
      continue;
    }
    if (r) out.entries[k] = *r;
  }
  return out;
}

Expected3 merge_by_key(const Extract& b, const Extract& o, const Extract& t) {
  return merge_maps(b.entries, o.entries, t.entries);
}

// --- [project.optional-dependencies] --------------------------------------
// One entry per group ("groups|<group>", its text: the (key, text) set of its
// dependencies) and one per dependency ("g:<group>|<PEP 503 name>").

std::string group_text(const EntryMap& deps) {
  std::string out = "{";
  for (const auto& [k, v] : deps) out += (out.size() > 1 ? "; " : "") + k + "=" + v;
  return out + "}";
}

Extract extract_groups(const std::string& text) {
  Extract x;
  toml::table root;
  try {
    root = toml::parse(text, std::string_view("pyproject.toml"));
  } catch (const toml::parse_error& e) {
    x.error = "not valid TOML: " + std::string(e.description()) + " (line " + std::to_string(e.source().begin.line) + ")";
    return x;
  }
  if (auto node = root.at_path("project.optional-dependencies")) {
    const auto* table = node.as_table();
    if (!table) {
      x.error = "[project.optional-dependencies] is not a table";
      return x;
    }
    std::vector<std::pair<toml::source_position, std::string>> ordered;
    for (auto&& [k, v] : *table) ordered.push_back({k.source().begin, std::string(k.str())});
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
      return a.first.line != b.first.line ? a.first.line < b.first.line : a.first.column < b.first.column;
    });
    for (const auto& [pos, group] : ordered) {
      const auto* deps = table->get(group)->as_array();
      if (!deps) {
        x.error = "group " + group + " is not an array";
        return x;
      }
      EntryMap set;
      for (auto&& v : *deps) {
        const auto* s = v.as_string();
        if (!s) {
          x.error = "a non-string dependency in group " + group;
          return x;
        }
        std::string key = pep503(requirement_name_of(s->get()));
        set.emplace(key, s->get());
        x.add("g:" + group, key, s->get());
      }
      x.add("groups", group, group_text(set));
      x.containers.insert("groups|" + group);
    }
  }
  if (const auto* v = root.at_path("project.version").as_string()) x.add("outside", "version", v->get(), false);
  if (const auto* l = root.at_path("tool.ruff.line-length").as_integer())
    x.add("outside", "line-length", std::to_string(l->get()), false);
  return x;
}

// The merge by key for groups: a group absent on a side is removed there; a
// new group added by both sides must have the same dependencies; a group
// removed by one side must be unchanged on the other; a group kept by both
// sides has its dependencies merged by key.
Expected3 merge_groups(const Extract& b, const Extract& o, const Extract& t) {
  struct View {
    EntryMap outside;
    std::map<std::string, EntryMap> groups;
  };
  auto view = [](const Extract& x) {
    View v;
    for (const auto& [k, text] : x.entries) {
      std::size_t bar = k.find('|');
      std::string scope = k.substr(0, bar), key = k.substr(bar + 1);
      if (scope == "groups") v.groups[key];
      else if (starts_with(scope, "g:")) v.groups[scope.substr(2)][key] = text;
      else v.outside[k] = text;
    }
    return v;
  };
  View vb = view(b), vo = view(o), vt = view(t);
  Expected3 out = merge_maps(vb.outside, vo.outside, vt.outside);
  std::set<std::string> names;
  for (const auto* v : {&vb, &vo, &vt})
    for (const auto& [g, deps] : v->groups) names.insert(g);
  auto get = [](const View& v, const std::string& g) -> const EntryMap* {
    auto it = v.groups.find(g);
    return it == v.groups.end() ? nullptr : &it->second;
  };
  for (const auto& g : names) {
    const EntryMap *pb = get(vb, g), *po = get(vo, g), *pt = get(vt, g);
    std::optional<EntryMap> r;
    if (!pb) {
      if (po && pt && *po != *pt) {
        out.conflicts.push_back("groups|" + g + " (added by both sides with different dependencies)");
        continue;
      }
      r = po ? *po : *pt;
    } else if (!po || !pt) {
      const EntryMap* kept = po ? po : pt;
      if (kept && *kept != *pb) {
        out.conflicts.push_back("groups|" + g + " (removed by one side, changed by the other)");
        continue;
      }
    } else {
      Expected3 m = merge_maps(*pb, *po, *pt);
      for (const auto& k : m.conflicts) out.conflicts.push_back("g:" + g + "|" + k);
      r = m.entries;
    }
    if (!r) continue;
    out.entries["groups|" + g] = group_text(*r);
    for (const auto& [k, v] : *r) out.entries["g:" + g + "|" + k] = v;
  }
  return out;
}

std::string show_entries(const std::map<std::string, std::string>& m) {
  std::string out;
  for (const auto& [k, v] : m) out += "    " + k + " = " + v + "\n";
  return out;
}

// Property 2, additive policy: an Auto result is only allowed when no
// conflicting region of the entry-level merge (entries merged as git merges
// lines) removes or modifies a base entry, and no key is added by both sides
// with different text in one. Returns why the result must be Manual, or "".
std::string additive_violation(const Extract& b, const Extract& o, const Extract& t) {
  std::set<std::string> scopes;
  for (const auto* x : {&b, &o, &t})
    for (const auto& [s, seq] : x->sequences) scopes.insert(s);
  for (const auto& scope : scopes) {
    std::map<std::string, int> ids;
    std::vector<std::pair<std::string, std::string>> by_id;
    auto lines = [&](const Extract& x) {
      std::string out;
      auto it = x.sequences.find(scope);
      if (it == x.sequences.end()) return out;
      for (const auto& e : it->second) {
        std::string whole = e.first + "\t" + e.second;
        auto [pos, inserted] = ids.emplace(whole, static_cast<int>(by_id.size()));
        if (inserted) by_id.push_back(e);
        out += std::to_string(pos->second) + "\n";
      }
      return out;
    };
    std::string lb = lines(b), lo = lines(o), lt = lines(t);
    auto segments = core::merge_segments(lb, lo, lt);
    if (!segments) return "internal: " + segments.error().message;
    for (const auto& seg : *segments) {
      if (!seg.conflict) continue;
      auto parse = [&](const std::string& part) {
        std::multiset<int> out;
        for (const auto& l : lines_of(part))
          if (!l.empty()) out.insert(std::stoi(l));
        return out;
      };
      auto sb = parse(seg.base), so = parse(seg.ours), st = parse(seg.theirs);
      std::map<std::string, int> keys_o, keys_t;
      for (int id : sb) {
        const auto& [key, text] = by_id[static_cast<std::size_t>(id)];
        bool kept = so.count(id) && st.count(id);
        if (kept) continue;
        // Changed identically by both sides: both agree, as git's own merge does.
        std::optional<std::string> in_o, in_t;
        for (int j : so)
          if (by_id[static_cast<std::size_t>(j)].first == key) in_o = by_id[static_cast<std::size_t>(j)].second;
        for (int j : st)
          if (by_id[static_cast<std::size_t>(j)].first == key) in_t = by_id[static_cast<std::size_t>(j)].second;
        if (in_o && in_t && *in_o == *in_t) continue;
        if (b.containers.count(key)) {
          bool present_o = false, present_t = false;
          for (int j : so) present_o = present_o || by_id[static_cast<std::size_t>(j)].first == key;
          for (int j : st) present_t = present_t || by_id[static_cast<std::size_t>(j)].first == key;
          if (present_o && present_t) continue;  // a container changed inside: merged on its own
        }
        return key + " (" + text + ") is removed or modified inside a conflicting region of " + scope;
      }
      std::map<std::string, std::string> added_o;
      for (int id : so)
        if (!sb.count(id)) added_o[by_id[static_cast<std::size_t>(id)].first] = by_id[static_cast<std::size_t>(id)].second;
      for (int id : st) {
        if (sb.count(id)) continue;
        const auto& [key, text] = by_id[static_cast<std::size_t>(id)];
        auto it = added_o.find(key);
        if (it != added_o.end() && it->second != text && !b.containers.count(key))
          return key + " is added by both sides with different text (" + it->second + " vs " + text + ")";
      }
    }
  }
  return {};
}

// ---------------------------------------------------------------------------
// Generated documents: lists of abstract entries, rendered per driver.

struct Item {
  int id = 0;        // index in the driver's name pool (sorted): the key
  int spelling = 0;  // how the name is written (dependencies)
  int ver = 0;       // version / target revision: a modification bumps it
  int flavor = 0;    // driver-specific form (operator, inline table, alias, name=)
  bool operator==(const Item& o) const {
    return id == o.id && spelling == o.spelling && ver == o.ver && flavor == o.flavor;
  }
};

// Comments are a function of the entry, so the same entry renders the same
// on both sides.
int mix(const Item& it) { return it.id * 31 + it.ver * 7 + it.flavor * 3 + it.spelling; }
bool has_comment(const Item& it) { return mix(it) % 4 == 0; }
bool has_lead(const Item& it) { return mix(it) % 7 == 3; }

struct Doc {
  std::vector<std::vector<Item>> lists;
  int outside_a = 0;  // out-of-scope values: a version line, a function body
  int outside_b = 0;
};

struct Layout {
  bool crlf = false;
  bool multiline = true;
  bool trailing_comma = true;
  std::string indent = "    ";
  char quote = '"';
  bool comments = true;
  bool docstring = true;
  bool group_first = false;
  std::vector<bool> use_list;  // which scopes the file has
};

std::string finish(std::string text, const Layout& layout) {
  return layout.crlf ? replace_all(std::move(text), "\n", "\r\n") : text;
}

// A delimited list: multi-line with comments, or inline.
std::string render_list(const std::vector<Item>& items, const Layout& layout,
                        const std::function<std::string(const Item&)>& value,
                        const std::function<std::string(const Item&)>& about) {
  std::string out;
  if (!layout.multiline) {
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + value(items[i]);
    if (layout.trailing_comma && !items.empty()) out += ",";
    return out;
  }
  out += "\n";
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    if (layout.comments && has_lead(it)) out += layout.indent + "# about " + about(it) + "\n";
    out += layout.indent + value(it);
    if (i + 1 < items.size() || layout.trailing_comma) out += ",";
    if (layout.comments && has_comment(it)) out += "  # note " + std::to_string(it.id);
    out += "\n";
  }
  return out;
}

// --- pyproject.toml --------------------------------------------------------

const std::vector<std::string> kDeps = {
    "attrs",       "click",   "django",          "flask",        "httpx",  "jinja2",
    "numpy",       "pydantic", "python-dateutil", "pyyaml",      "requests", "rich",
    "ruamel-yaml", "sqlalchemy", "typing-extensions", "zope.interface"};

std::string dep_name(const Item& it) {
  std::string n = kDeps[static_cast<std::size_t>(it.id)];
  if (it.spelling == 1) {
    n = replace_all(replace_all(n, "-", "_"), ".", "_");
  } else if (it.spelling == 2) {
    bool up = true;
    for (char& c : n) {
      if (up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      up = c == '-' || c == '.' || c == '_';
    }
  }
  return n;
}

std::string dep_requirement(const Item& it, char quote) {
  static const char* ops[] = {">=", "==", "~=", "<"};
  std::string s = dep_name(it);
  if (it.flavor & 4) s += "[socks]";
  s += ops[it.flavor % 4];
  s += "1." + std::to_string(it.ver);
  if ((it.flavor & 8) && quote == '"') s += "; python_version >= '3.10'";
  return s;
}

std::string q(const std::string& s, char quote) { return std::string(1, quote) + s + std::string(1, quote); }

std::string render_pyproject(const Doc& d, const Layout& l) {
  std::string out = "[project]\nname = \"demo\"\nversion = \"1.0." + std::to_string(d.outside_a) +
                    "\"\nrequires-python = \">=3.9\"\n";
  if (l.use_list[0]) {
    out += "dependencies = [" +
           render_list(d.lists[0], l, [&](const Item& it) { return q(dep_requirement(it, l.quote), l.quote); },
                       [](const Item& it) { return dep_name(it); }) +
           "]\n";
  }
  if (l.use_list[1]) {
    out += "\n[tool.poetry.dependencies]\n";
    for (const Item& it : d.lists[1]) {
      std::string key = dep_name(it);
      if (key.find('.') != std::string::npos) key = q(key, '"');
      std::string version = q("^1." + std::to_string(it.ver), l.quote);
      std::string value = it.flavor % 2 == 0 ? version : "{ version = " + version + ", optional = true }";
      if (l.comments && has_lead(it)) out += "# about " + dep_name(it) + "\n";
      out += key + " = " + value;
      if (l.comments && has_comment(it)) out += "  # note " + std::to_string(it.id);
      out += "\n";
    }
  }
  out += "\n[tool.ruff]\nline-length = " + std::to_string(80 + d.outside_b) + "\n";
  return finish(out, l);
}

// --- __init__.py -----------------------------------------------------------

const std::vector<std::string> kNames = {"Api",    "AuthFlow", "Cache",  "Client", "Engine", "Event",
                                         "FeatureFlags", "Logger", "Queue", "Router", "Session", "Settings",
                                         "Store",  "SyncClient", "Token", "Worker"};

std::string single_import(const Item& it) {
  const std::string& name = kNames[static_cast<std::size_t>(it.id)];
  std::string module = "." + lower(name) + (it.ver ? "_v" + std::to_string(it.ver) : "");
  if (it.flavor % 2 == 1) return "from " + module + " import " + name + "Impl as " + name;
  return "from " + module + " import " + name;
}

std::string group_name(const Item& it) {
  const std::string& name = kNames[static_cast<std::size_t>(it.id)];
  return it.ver ? name + "V" + std::to_string(it.ver) + " as " + name : name;
}

std::string render_pyinit(const Doc& d, const Layout& l) {
  std::string out;
  if (l.docstring) out += "\"\"\"Demo package.\"\"\"\n\n";
  std::string group = "from .group import (" +
                      render_list(d.lists[1], l, group_name,
                                  [](const Item& it) { return kNames[static_cast<std::size_t>(it.id)]; }) +
                      ")\n";
  if (l.group_first) out += group;
  for (const Item& it : d.lists[0]) {
    if (l.comments && has_lead(it)) out += "# about " + kNames[static_cast<std::size_t>(it.id)] + "\n";
    out += single_import(it);
    if (l.comments && has_comment(it)) out += "  # note " + std::to_string(it.id);
    out += "\n";
  }
  if (!l.group_first) out += group;
  out += "\n__version__ = \"1.0." + std::to_string(d.outside_a) + "\"\n\n\ndef hello():\n    return \"hello " +
         std::to_string(d.outside_b) + "\"\n";
  return finish(out, l);
}

// --- urls.py ---------------------------------------------------------------

const std::vector<std::string> kRoutes = {"about", "admin", "api",   "blog",    "cart",   "docs",  "feed",   "help",
                                          "home",  "inbox", "login", "logout", "profile", "search", "shop", "status"};

std::string route(const Item& it, char quote) {
  const std::string& r = kRoutes[static_cast<std::size_t>(it.id)];
  std::string view = "v." + r + (it.ver ? "_v" + std::to_string(it.ver) : "");
  std::string out = "path(" + q("r/" + r + "/", quote) + ", " + view;
  if (it.flavor % 2 == 0) out += ", name=" + q(r, quote);
  return out + ")";
}

std::string render_urls(const Doc& d, const Layout& l) {
  std::string out = "from django.urls import path\n\nfrom . import views as v\n\napp_name = \"site" +
                    std::to_string(d.outside_a) + "\"\n\nurlpatterns = [" +
                    render_list(d.lists[0], l, [&](const Item& it) { return route(it, l.quote); },
                                [](const Item& it) { return kRoutes[static_cast<std::size_t>(it.id)]; }) +
                    "]\n\n\ndef helper():\n    return " + std::to_string(d.outside_b) + "\n";
  return finish(out, l);
}

// ---------------------------------------------------------------------------
// Drivers under test.

struct Case {
  std::uint64_t seed = 0;
  std::string base, ours, theirs;
  std::string marker_size = "7";
  std::string story;  // what was done to each side
};

struct Spec {
  std::string name;  // also the test's name prefix
  std::string driver;
  std::string path;
  std::size_t lists = 1;
  std::vector<std::size_t> min_size;
  int spellings = 1;
  int flavors = 1;
  bool imports = false;  // `keyed` adds nothing: additive checks apply under both policies
  std::function<std::string(const Doc&, const Layout&)> render;
  std::function<Extract(const std::string&)> extract;
  std::function<Layout(Rng&)> layout;
  // Optional: a generator of its own (instead of the generic lists of
  // entries), and a reference merge of its own (instead of merge_by_key).
  std::function<Case(std::uint64_t, Rng&)> generate;
  std::function<Expected3(const Extract&, const Extract&, const Extract&)> expect;
};

Layout common_layout(Rng& r) {
  Layout l;
  l.crlf = r.chance(25);
  l.multiline = r.chance(70);
  l.trailing_comma = r.chance(60);
  l.indent = r.chance(75) ? "    " : "  ";
  l.comments = l.multiline && r.chance(50);
  return l;
}

const Spec& pyproject_spec() {
  static const Spec s = [] {
    Spec s;
    s.name = "pyproject";
    s.driver = "lanemerge-pyproject";
    s.path = "pyproject.toml";
    s.lists = 2;
    s.min_size = {0, 0};
    s.spellings = 3;
    s.flavors = 16;
    s.render = render_pyproject;
    s.extract = extract_pyproject;
    s.layout = [](Rng& r) {
      Layout l = common_layout(r);
      l.quote = r.chance(80) ? '"' : '\'';
      // A comment in an inline TOML array ends the line: none there.
      int which = static_cast<int>(r.below(3));
      l.use_list = {which != 1, which != 0};
      return l;
    };
    return s;
  }();
  return s;
}

const Spec& pyinit_spec() {
  static const Spec s = [] {
    Spec s;
    s.name = "pyinit";
    s.driver = "lanemerge-pyinit";
    s.path = "pkg/__init__.py";
    s.lists = 2;  // single-name statements; the names of one parenthesized statement
    s.min_size = {0, 1};
    s.flavors = 2;
    s.imports = true;
    s.render = render_pyinit;
    s.extract = extract_pyinit;
    s.layout = [](Rng& r) {
      Layout l = common_layout(r);
      l.docstring = r.chance(60);
      l.group_first = r.chance(30);
      l.use_list = {true, true};
      return l;
    };
    return s;
  }();
  return s;
}

const Spec& urls_spec() {
  static const Spec s = [] {
    Spec s;
    s.name = "urls";
    s.driver = "lanemerge-urls";
    s.path = "app/urls.py";
    s.lists = 1;
    s.min_size = {0};
    s.flavors = 2;
    s.render = render_urls;
    s.extract = extract_urls;
    s.layout = [](Rng& r) {
      Layout l = common_layout(r);
      l.quote = r.chance(80) ? '"' : '\'';
      l.use_list = {true};
      return l;
    };
    return s;
  }();
  return s;
}

// ---------------------------------------------------------------------------
// Case generation.

struct Generator {
  const Spec& spec;
  Rng& r;
  Layout layout;

  std::set<int> ids(const Doc& d) const {
    std::set<int> out;
    for (const auto& l : d.lists)
      for (const auto& it : l) out.insert(it.id);
    return out;
  }

  std::optional<int> fresh(const Doc& a, const Doc* b = nullptr) {
    std::set<int> used = ids(a);
    if (b)
      for (int i : ids(*b)) used.insert(i);
    std::vector<int> free;
    for (int i = 0; i < 16; ++i)
      if (!used.count(i)) free.push_back(i);
    if (free.empty()) return std::nullopt;
    return free[r.below(free.size())];
  }

  Item make(int id) {
    Item it;
    it.id = id;
    it.spelling = static_cast<int>(r.below(static_cast<std::size_t>(spec.spellings)));
    it.ver = static_cast<int>(r.below(3));
    it.flavor = static_cast<int>(r.below(static_cast<std::size_t>(spec.flavors)));
    return it;
  }

  Item modified(Item it) {
    if (spec.flavors > 1 && r.chance(30))
      it.flavor = (it.flavor + 1 + static_cast<int>(r.below(static_cast<std::size_t>(spec.flavors - 1)))) % spec.flavors;
    else
      it.ver += 1 + static_cast<int>(r.below(3));
    return it;
  }

  std::size_t pick_list(const Doc& d, std::size_t min_len) {
    std::vector<std::size_t> ok;
    for (std::size_t i = 0; i < d.lists.size(); ++i)
      if (layout.use_list[i] && d.lists[i].size() >= min_len) ok.push_back(i);
    return ok.empty() ? d.lists.size() : ok[r.below(ok.size())];
  }

  void insert(std::vector<Item>& list, const Item& it, int how) {
    std::size_t pos = list.size();
    if (how == 1) pos = r.below(list.size() + 1);
    else if (how == 2) {
      pos = 0;
      while (pos < list.size() && list[pos].id < it.id) ++pos;
    }
    list.insert(list.begin() + static_cast<std::ptrdiff_t>(pos), it);
  }
  int how() { return r.chance(50) ? 0 : static_cast<int>(1 + r.below(2)); }

  std::string item_text(const Item& it) {
    return "#" + std::to_string(it.id) + "/s" + std::to_string(it.spelling) + "/v" + std::to_string(it.ver) + "/f" +
           std::to_string(it.flavor);
  }

  void side_op(Doc& d, std::string& story) {
    int op = static_cast<int>(r.below(100));
    if (op < 35) {
      std::size_t l = pick_list(d, 0);
      auto id = fresh(d);
      if (l == d.lists.size() || !id) return;
      Item it = make(*id);
      insert(d.lists[l], it, how());
      story += " add" + item_text(it);
    } else if (op < 50) {
      std::size_t l = pick_list(d, 1);
      if (l == d.lists.size() || d.lists[l].size() <= spec.min_size[l]) return;
      std::size_t i = r.below(d.lists[l].size());
      story += " remove" + item_text(d.lists[l][i]);
      d.lists[l].erase(d.lists[l].begin() + static_cast<std::ptrdiff_t>(i));
    } else if (op < 70) {
      std::size_t l = pick_list(d, 1);
      if (l == d.lists.size()) return;
      Item& it = d.lists[l][r.below(d.lists[l].size())];
      it = modified(it);
      story += " modify->" + item_text(it);
    } else if (op < 82) {
      std::size_t l = pick_list(d, 2);
      if (l == d.lists.size()) return;
      auto& list = d.lists[l];
      std::size_t from = r.below(list.size());
      Item it = list[from];
      list.erase(list.begin() + static_cast<std::ptrdiff_t>(from));
      std::size_t to = r.below(list.size() + 1);
      list.insert(list.begin() + static_cast<std::ptrdiff_t>(to), it);
      story += " move" + item_text(it);
    } else if (r.chance(50)) {
      d.outside_a += 1 + static_cast<int>(r.below(4));
      story += " outside-a";
    } else {
      d.outside_b += 1 + static_cast<int>(r.below(4));
      story += " outside-b";
    }
  }

  Case generate(std::uint64_t seed) {
    Case c;
    c.seed = seed;
    layout = spec.layout(r);
    Doc base;
    base.lists.resize(spec.lists);
    base.outside_a = static_cast<int>(r.below(5));
    base.outside_b = static_cast<int>(r.below(5));
    for (std::size_t l = 0; l < spec.lists; ++l) {
      if (!layout.use_list[l]) continue;
      std::size_t n = std::max(spec.min_size[l], r.below(7));
      for (std::size_t k = 0; k < n; ++k)
        if (auto id = fresh(base)) base.lists[l].push_back(make(*id));
    }
    bool sorted = r.chance(50);
    if (sorted)
      for (auto& l : base.lists)
        std::sort(l.begin(), l.end(), [](const Item& a, const Item& b) { return a.id < b.id; });

    Doc ours = base, theirs = base;
    std::string story_o, story_t, shared;
    if (r.chance(25)) {  // the same addition on both sides
      std::size_t l = pick_list(base, 0);
      if (auto id = fresh(ours, &theirs); id && l < base.lists.size()) {
        Item it = make(*id);
        int h = how();
        insert(ours.lists[l], it, h);
        insert(theirs.lists[l], it, r.chance(60) ? h : how());
        shared += " same-add" + item_text(it);
      }
    }
    if (r.chance(20)) {  // the same key added with different text
      std::size_t l = pick_list(base, 0);
      if (auto id = fresh(ours, &theirs); id && l < base.lists.size()) {
        Item a = make(*id);
        Item b = a;
        if (spec.spellings > 1 && r.chance(40)) b.spelling = (a.spelling + 1) % spec.spellings;
        else b = modified(a);
        insert(ours.lists[l], a, how());
        insert(theirs.lists[l], b, how());
        shared += " clash-add" + item_text(a) + "|" + item_text(b);
      }
    }
    if (r.chance(10)) {  // the same modification on both sides
      std::size_t l = pick_list(base, 1);
      if (l < base.lists.size()) {
        Item m = modified(base.lists[l][r.below(base.lists[l].size())]);
        for (Doc* d : {&ours, &theirs})
          for (Item& it : d->lists[l])
            if (it.id == m.id) it = m;
        shared += " same-modify" + item_text(m);
      }
    }
    std::size_t n_o = 1 + r.below(3), n_t = 1 + r.below(3);
    for (std::size_t k = 0; k < n_o; ++k) side_op(ours, story_o);
    for (std::size_t k = 0; k < n_t; ++k) side_op(theirs, story_t);

    Layout theirs_layout = layout;
    std::string varied;
    if (r.chance(6)) {
      theirs_layout.trailing_comma = !theirs_layout.trailing_comma;
      varied = " (theirs flips the trailing comma)";
    } else if (r.chance(3)) {
      theirs_layout.crlf = !theirs_layout.crlf;
      varied = " (theirs flips the line endings)";
    }
    c.base = spec.render(base, layout);
    c.ours = spec.render(ours, layout);
    c.theirs = spec.render(theirs, theirs_layout);
    c.marker_size = r.chance(85) ? "7" : "9";
    c.story = "layout: " + std::string(layout.crlf ? "CRLF" : "LF") + (layout.multiline ? " multi-line" : " inline") +
              (layout.trailing_comma ? " trailing-comma" : "") + (layout.comments ? " comments" : "") +
              (sorted ? " sorted-base" : "") + varied + "\nboth:" + shared + "\nours:" + story_o +
              "\ntheirs:" + story_t + "\n";
    return c;
  }
};

// ---------------------------------------------------------------------------
// pyproject groups: a [project.optional-dependencies] header table of 0–5
// groups, each a multi-line array of requirements.

const std::vector<std::string> kGroups = {"aws", "cli",   "dev",  "docs",   "gui", "lint",
                                          "mysql", "postgres", "redis", "test", "typing", "web"};

struct Group {
  int name = 0;  // index in kGroups (sorted): the key
  std::vector<Item> deps;
  bool operator==(const Group& o) const { return name == o.name && deps == o.deps; }
  bool operator!=(const Group& o) const { return !(*this == o); }
};

struct GroupsDoc {
  std::vector<Group> groups;
  int outside_a = 0;  // the project's version
  int outside_b = 0;  // [tool.ruff] line-length
};

std::string render_groups(const GroupsDoc& d, const Layout& l) {
  std::string out = "[project]\nname = \"demo\"\nversion = \"1.0." + std::to_string(d.outside_a) +
                    "\"\nrequires-python = \">=3.9\"\n\n[project.optional-dependencies]\n";
  for (const Group& g : d.groups) {
    const std::string& name = kGroups[static_cast<std::size_t>(g.name)];
    if (l.comments && g.name % 5 == 2) out += "# the " + name + " extra\n";
    out += name + " = [" +
           render_list(g.deps, l, [&](const Item& it) { return q(dep_requirement(it, l.quote), l.quote); },
                       [](const Item& it) { return dep_name(it); }) +
           "]\n";
  }
  out += "\n[tool.ruff]\nline-length = " + std::to_string(80 + d.outside_b) + "\n";
  return finish(out, l);
}

struct GroupsGenerator {
  Rng& r;
  Generator items;  // entries of a group: made, modified and placed as in the other tests

  explicit GroupsGenerator(Rng& rng) : r(rng), items{pyproject_spec(), rng, {}} {}

  std::optional<int> fresh_group(const GroupsDoc& a, const GroupsDoc* b = nullptr) {
    std::set<int> used;
    for (const auto* d : {&a, b})
      if (d)
        for (const Group& g : d->groups) used.insert(g.name);
    std::vector<int> free;
    for (int i = 0; i < static_cast<int>(kGroups.size()); ++i)
      if (!used.count(i)) free.push_back(i);
    if (free.empty()) return std::nullopt;
    return free[r.below(free.size())];
  }

  std::optional<int> fresh_dep(const Group& g) {
    std::vector<int> free;
    for (int i = 0; i < static_cast<int>(kDeps.size()); ++i)
      if (std::none_of(g.deps.begin(), g.deps.end(), [&](const Item& it) { return it.id == i; })) free.push_back(i);
    if (free.empty()) return std::nullopt;
    return free[r.below(free.size())];
  }

  Group make_group(int name, std::size_t max_deps) {
    Group g;
    g.name = name;
    std::size_t n = r.below(max_deps + 1);
    for (std::size_t k = 0; k < n; ++k)
      if (auto id = fresh_dep(g)) g.deps.push_back(items.make(*id));
    return g;
  }

  void insert_group(GroupsDoc& d, const Group& g, int how) {
    std::size_t pos = d.groups.size();
    if (how == 1) pos = r.below(d.groups.size() + 1);
    else if (how == 2) {
      pos = 0;
      while (pos < d.groups.size() && d.groups[pos].name < g.name) ++pos;
    }
    d.groups.insert(d.groups.begin() + static_cast<std::ptrdiff_t>(pos), g);
  }

  std::string group_story(const Group& g) {
    std::string out = kGroups[static_cast<std::size_t>(g.name)] + "[";
    for (const Item& it : g.deps) out += items.item_text(it);
    return out + "]";
  }

  Group* pick_group(GroupsDoc& d, std::size_t min_deps) {
    std::vector<Group*> ok;
    for (Group& g : d.groups)
      if (g.deps.size() >= min_deps) ok.push_back(&g);
    return ok.empty() ? nullptr : ok[r.below(ok.size())];
  }

  void side_op(GroupsDoc& d, std::string& story) {
    int op = static_cast<int>(r.below(100));
    if (op < 15) {
      auto name = fresh_group(d);
      if (!name) return;
      Group g = make_group(*name, 3);
      insert_group(d, g, items.how());
      story += " add-group " + group_story(g);
    } else if (op < 25) {
      if (d.groups.empty()) return;
      std::size_t i = r.below(d.groups.size());
      story += " remove-group " + group_story(d.groups[i]);
      d.groups.erase(d.groups.begin() + static_cast<std::ptrdiff_t>(i));
    } else if (op < 48) {
      Group* g = pick_group(d, 0);
      if (!g) return;
      auto id = fresh_dep(*g);
      if (!id) return;
      Item it = items.make(*id);
      items.insert(g->deps, it, items.how());
      story += " add " + kGroups[static_cast<std::size_t>(g->name)] + items.item_text(it);
    } else if (op < 60) {
      Group* g = pick_group(d, 1);
      if (!g) return;
      std::size_t i = r.below(g->deps.size());
      story += " remove " + kGroups[static_cast<std::size_t>(g->name)] + items.item_text(g->deps[i]);
      g->deps.erase(g->deps.begin() + static_cast<std::ptrdiff_t>(i));
    } else if (op < 84) {
      Group* g = pick_group(d, 1);
      if (!g) return;
      Item& it = g->deps[r.below(g->deps.size())];
      it = items.modified(it);
      story += " bump " + kGroups[static_cast<std::size_t>(g->name)] + items.item_text(it);
    } else if (op < 90) {
      Group* g = pick_group(d, 2);
      if (!g) return;
      std::size_t from = r.below(g->deps.size());
      Item it = g->deps[from];
      g->deps.erase(g->deps.begin() + static_cast<std::ptrdiff_t>(from));
      g->deps.insert(g->deps.begin() + static_cast<std::ptrdiff_t>(r.below(g->deps.size() + 1)), it);
      story += " move " + kGroups[static_cast<std::size_t>(g->name)] + items.item_text(it);
    } else if (r.chance(50)) {
      d.outside_a += 1 + static_cast<int>(r.below(4));
      story += " outside-version";
    } else {
      d.outside_b += 1 + static_cast<int>(r.below(4));
      story += " outside-ruff";
    }
  }

  Case generate(std::uint64_t seed) {
    Case c;
    c.seed = seed;
    Layout layout = common_layout(r);
    layout.multiline = true;
    layout.comments = r.chance(50);
    layout.quote = r.chance(80) ? '"' : '\'';
    items.layout = layout;

    GroupsDoc base;
    base.outside_a = static_cast<int>(r.below(5));
    base.outside_b = static_cast<int>(r.below(5));
    std::size_t n = r.below(6);
    for (std::size_t k = 0; k < n; ++k)
      if (auto name = fresh_group(base)) base.groups.push_back(make_group(*name, 4));
    bool sorted = r.chance(50);
    if (sorted) {
      std::sort(base.groups.begin(), base.groups.end(), [](const Group& a, const Group& b) { return a.name < b.name; });
      for (Group& g : base.groups)
        std::sort(g.deps.begin(), g.deps.end(), [](const Item& a, const Item& b) { return a.id < b.id; });
    }

    GroupsDoc ours = base, theirs = base;
    std::string story_o, story_t, shared;
    if (r.chance(30)) {  // the same new group on both sides
      if (auto name = fresh_group(ours, &theirs)) {
        Group a = make_group(*name, 3), b = a;
        std::string what = " same-group ";
        if (r.chance(50)) {  // with different contents
          what = " clash-group ";
          int how = static_cast<int>(r.below(3));
          if (how == 0 && !b.deps.empty()) {
            Item& it = b.deps[r.below(b.deps.size())];
            it = items.modified(it);
          }
          else if (how == 1 && !b.deps.empty()) b.deps.erase(b.deps.begin() + static_cast<std::ptrdiff_t>(r.below(b.deps.size())));
          else if (auto id = fresh_dep(b)) items.insert(b.deps, items.make(*id), items.how());
          if (a == b) what = " same-group ";
        }
        int h = items.how();
        insert_group(ours, a, h);
        insert_group(theirs, b, r.chance(60) ? h : items.how());
        shared += what + group_story(a) + (a == b ? "" : "|" + group_story(b));
      }
    }
    if (r.chance(10) && !base.groups.empty()) {  // the same group removed by both sides
      std::size_t i = r.below(base.groups.size());
      int name = base.groups[i].name;
      for (GroupsDoc* d : {&ours, &theirs})
        d->groups.erase(std::remove_if(d->groups.begin(), d->groups.end(), [&](const Group& g) { return g.name == name; }),
                        d->groups.end());
      shared += " same-remove-group " + kGroups[static_cast<std::size_t>(name)];
    }
    if (r.chance(10)) {  // the same bump on both sides
      std::vector<std::pair<int, int>> deps;  // (group, dep id) of the base, still in both
      for (const Group& g : base.groups)
        for (const Item& it : g.deps) deps.push_back({g.name, it.id});
      if (!deps.empty()) {
        auto [gname, id] = deps[r.below(deps.size())];
        Item m;
        for (const Group& g : base.groups)
          for (const Item& it : g.deps)
            if (g.name == gname && it.id == id) m = items.modified(it);
        for (GroupsDoc* d : {&ours, &theirs})
          for (Group& g : d->groups)
            for (Item& it : g.deps)
              if (g.name == gname && it.id == id) it = m;
        shared += " same-bump " + kGroups[static_cast<std::size_t>(gname)] + items.item_text(m);
      }
    }
    std::size_t n_o = 1 + r.below(3), n_t = 1 + r.below(3);
    for (std::size_t k = 0; k < n_o; ++k) side_op(ours, story_o);
    for (std::size_t k = 0; k < n_t; ++k) side_op(theirs, story_t);

    Layout theirs_layout = layout;
    std::string varied;
    if (r.chance(6)) {
      theirs_layout.trailing_comma = !theirs_layout.trailing_comma;
      varied = " (theirs flips the trailing comma)";
    } else if (r.chance(3)) {
      theirs_layout.crlf = !theirs_layout.crlf;
      varied = " (theirs flips the line endings)";
    }
    c.base = render_groups(base, layout);
    c.ours = render_groups(ours, layout);
    c.theirs = render_groups(theirs, theirs_layout);
    c.marker_size = r.chance(85) ? "7" : "9";
    c.story = "layout: " + std::string(layout.crlf ? "CRLF" : "LF") + (layout.trailing_comma ? " trailing-comma" : "") +
              (layout.comments ? " comments" : "") + (sorted ? " sorted-base" : "") + varied + "\nboth:" + shared +
              "\nours:" + story_o + "\ntheirs:" + story_t + "\n";
    return c;
  }
};

const Spec& groups_spec() {
  static const Spec s = [] {
    Spec s;
    s.name = "pyproject-groups";
    s.driver = "lanemerge-pyproject";
    s.path = "pyproject.toml";
    s.extract = extract_groups;
    s.expect = merge_groups;
    s.generate = [](std::uint64_t seed, Rng& r) { return GroupsGenerator(r).generate(seed); };
    return s;
  }();
  return s;
}

// ---------------------------------------------------------------------------
// Running the driver in a temporary git repository.

Run run_driver(const Repo& repo, const Spec& spec, const std::string& base, const std::string& ours,
               const std::string& theirs, const std::string& policy, const std::string& marker_size) {
  return property::run_driver(repo, spec.driver, spec.path, base, ours, theirs, policy, marker_size);
}

// ---------------------------------------------------------------------------
// Checking one case.

struct Stats {
  std::map<std::string, int> outcomes;  // "<policy> clean|auto|manual"
  int failed_cases = 0;
};


class Checker {
public:
  Checker(const Spec& spec, const Repo& repo, Stats& stats) : spec_(spec), repo_(repo), stats_(stats) {}

  // Returns the failures of this case (empty when it holds).
  std::vector<std::string> check(const Case& c) {
    failures_.clear();
    c_ = &c;
    Extract xb = spec_.extract(c.base), xo = spec_.extract(c.ours), xt = spec_.extract(c.theirs);
    for (const auto* x : {&xb, &xo, &xt}) {
      if (!x->error.empty()) fail("generator: an input does not extract: " + x->error);
      if (!x->duplicates.empty()) fail("generator: an input holds " + x->duplicates.front() + " twice");
    }
    if (!failures_.empty()) return failures_;

    bool idempotence_done = false;
    for (const std::string policy : {"additive", "keyed"}) {
      Run forward = one(c.base, c.ours, c.theirs, xb, xo, xt, policy, false);
      Run swapped = one(c.base, c.theirs, c.ours, xb, xt, xo, policy, true);
      // Property 4: symmetry.
      if (forward.exit_code != swapped.exit_code)
        fail(policy + ": exit " + std::to_string(forward.exit_code) + " but " + std::to_string(swapped.exit_code) +
             " with ours and theirs swapped\n  forward: " + forward.messages + "  swapped: " + swapped.messages);
      else if (forward.exit_code == 0) {
        Extract f = spec_.extract(forward.result), s = spec_.extract(swapped.result);
        if (f.error.empty() && s.error.empty() && f.entries != s.entries)
          fail(policy + ": the entries differ with ours and theirs swapped\n  forward:\n" + show_entries(f.entries) +
               "  swapped:\n" + show_entries(s.entries));
      }
      // Property 5: idempotence, on the driver's own output.
      if (!idempotence_done && forward.exit_code == 0 && !git_merge(c.base, c.ours, c.theirs, c.marker_size).clean) {
        idempotent(forward.result, policy);
        idempotence_done = true;
      }
    }
    idempotent(c.base, "additive");
    return failures_;
  }

private:
  void fail(const std::string& what) { failures_.push_back(what); }

  void idempotent(const std::string& x, const std::string& policy) {
    Run r = run_driver(repo_, spec_, x, x, x, policy, c_->marker_size);
    if (r.exit_code != 0 || r.result != x)
      fail(policy + ": base = ours = theirs gives exit " + std::to_string(r.exit_code) +
           (r.result == x ? "" : " and a different text:\n" + r.result) + "\n  input:\n" + x);
  }

  Run one(const std::string& base, const std::string& ours, const std::string& theirs, const Extract& xb,
          const Extract& xo, const Extract& xt, const std::string& policy, bool swapped) {
    std::string where = policy + (swapped ? " (ours and theirs swapped)" : "") + ": ";
    Run run = run_driver(repo_, spec_, base, ours, theirs, policy, c_->marker_size);
    auto git = git_merge(base, ours, theirs, c_->marker_size);
    // Property 6: never an error, never an empty %A.
    if (run.exit_code != 0 && run.exit_code != 1) {
      fail(where + "exit " + std::to_string(run.exit_code) + "\n  " + run.messages + run.exception);
      return run;
    }
    if (run.result.empty() && !git.text.empty()) fail(where + "%A is empty");
    if (git.clean) {
      // git's own clean merge is the result, always.
      if (!swapped) ++stats_.outcomes[policy + " clean"];
      if (run.exit_code != 0 || run.result != git.text)
        fail(where + "git's text merge is clean but the driver gave exit " + std::to_string(run.exit_code) +
             (run.result == git.text ? "" : " and a different text:\n" + run.result));
      return run;
    }
    if (run.exit_code == 1) {
      if (!swapped) ++stats_.outcomes[policy + " manual"];
      // Property 3: a conflict is git's own conflict text.
      if (run.result != git.text)
        fail(where + "exit 1 but %A is not git's conflict text\n--- %A:\n" + run.result + "--- git:\n" + git.text);
      return run;
    }
    if (!swapped) ++stats_.outcomes[policy + " auto"];
    // Property 1: an Auto result parses and holds the merge by key.
    Extract xr = spec_.extract(run.result);
    if (!xr.error.empty()) {
      fail(where + "exit 0 but the result does not parse: " + xr.error + "\n--- result:\n" + run.result);
      return run;
    }
    if (!xr.duplicates.empty()) fail(where + "exit 0 but the result holds " + xr.duplicates.front() + " twice");
    Expected3 expected = spec_.expect ? spec_.expect(xb, xo, xt) : merge_by_key(xb, xo, xt);
    if (!expected.conflicts.empty())
      fail(where + "exit 0 although both sides changed " + expected.conflicts.front() + " differently\n--- result:\n" +
           run.result);
    else if (xr.entries != expected.entries)
      fail(where + "exit 0 with the wrong entries\n  expected:\n" + show_entries(expected.entries) + "  got:\n" +
           show_entries(xr.entries) + "--- result:\n" + run.result);
    // Property 2: additive leaves removals and modifications in a conflicting region alone.
    if (policy == "additive" || spec_.imports) {
      std::string why = additive_violation(xb, xo, xt);
      if (!why.empty()) fail(where + "exit 0 although " + why + "\n--- result:\n" + run.result);
    }
    return run;
  }

  const Spec& spec_;
  const Repo& repo_;
  Stats& stats_;
  const Case* c_ = nullptr;
  std::vector<std::string> failures_;
};

fs::path dump_case(const Spec& spec, const Case& c, const std::vector<std::string>& failures) {
  return property::dump_case(spec.name, spec.driver, spec.path, c.seed, c.marker_size, c.base, c.ours, c.theirs,
                             c.story, failures);
}

void run_property(const Spec& spec, std::uint64_t default_cases) {
  Repo repo;
  Stats stats;
  Checker checker(spec, repo, stats);
  int reported = 0;
  auto list = seeds(default_cases);
  for (std::uint64_t seed : list) {
    Rng rng(stream_of(seed, spec.name));
    Case c;
    if (spec.generate) {
      c = spec.generate(seed, rng);
    } else {
      Generator gen{spec, rng, {}};
      c = gen.generate(seed);
    }
    auto failures = checker.check(c);
    if (failures.empty()) continue;
    ++stats.failed_cases;
    if (reported++ >= 3) continue;  // the first few in full
    fs::path dir = dump_case(spec, c, failures);
    std::string msg = spec.name + " seed " + std::to_string(c.seed) + " failed (replay: LANEMERGE_PROPERTY_SEED=" +
                      std::to_string(c.seed) + "); inputs written to " + dir.string() + "\n" + c.story;
    for (const auto& f : failures) msg += "* " + visible(f) + "\n";
    msg += "--- base:\n" + visible(c.base) + "--- ours:\n" + visible(c.ours) + "--- theirs:\n" + visible(c.theirs);
    FAIL_CHECK(msg);
  }
  if (verbose()) {
    std::string s = spec.name + ": " + std::to_string(list.size()) + " cases;";
    for (const auto& [k, n] : stats.outcomes) s += " " + k + "=" + std::to_string(n);
    WARN(s);
  }
  INFO(spec.name << ": " << stats.failed_cases << " failing cases of " << list.size());
  CHECK(stats.failed_cases == 0);
  // The generator must reach the entry-level merge, not only git's outcomes.
  if (list.size() >= 100) {
    CHECK(stats.outcomes["additive auto"] > 0);
    CHECK(stats.outcomes["keyed auto"] > 0);
    CHECK(stats.outcomes["additive manual"] > 0);
  }
}

}  // namespace

TEST_CASE("pyproject: generated three-way merges hold the merge by key", "[property][pyproject]") {
  run_property(pyproject_spec(), 1000);
}

TEST_CASE("pyinit: generated three-way merges hold the merge by key", "[property][pyinit]") {
  run_property(pyinit_spec(), 1000);
}

TEST_CASE("urls: generated three-way merges hold the merge by key", "[property][urls]") {
  run_property(urls_spec(), 1000);
}

TEST_CASE("pyproject groups: generated three-way merges hold the merge by key", "[property][pyproject-groups]") {
  run_property(groups_spec(), 500);
}

// Found by the generated cases: a route that one side removes while the other
// re-targets it (in place, or moved) was once resolved as the re-targeted
// route, losing the removal.
TEST_CASE("urls: a route removed by one side and re-targeted by the other is Manual", "[property][urls]") {
  struct Reduced {
    const char* policy;
    std::string base, ours, theirs;
  };
  const std::vector<Reduced> cases = {
      // keyed: ours removes r/x/, theirs changes its view in place.
      {"keyed", "urlpatterns = [\n    path(\"r/a/\", v.a, name=\"a\"),\n    path(\"r/x/\", v.x, name=\"x\"),\n]\n",
       "urlpatterns = [\n    path(\"r/a/\", v.a, name=\"a\"),\n]\n",
       "urlpatterns = [\n    path(\"r/a/\", v.a, name=\"a\"),\n    path(\"r/x/\", v.x_v2, name=\"x\"),\n]\n"},
      // additive: ours removes r/x/ and appends r/c/; theirs moves r/x/ to
      // the end with a new view.
      {"additive", "urlpatterns = [\n    path(\"r/a/\", v.a),\n    path(\"r/x/\", v.x),\n    path(\"r/b/\", v.b),\n]\n",
       "urlpatterns = [\n    path(\"r/a/\", v.a),\n    path(\"r/b/\", v.b),\n    path(\"r/c/\", v.c),\n]\n",
       "urlpatterns = [\n    path(\"r/a/\", v.a),\n    path(\"r/b/\", v.b),\n    path(\"r/x/\", v.x_v2),\n]\n"},
  };
  Repo repo;
  for (const auto& c : cases)
    for (bool swapped : {false, true}) {
      const std::string& ours = swapped ? c.theirs : c.ours;
      const std::string& theirs = swapped ? c.ours : c.theirs;
      Run run = run_driver(repo, urls_spec(), c.base, ours, theirs, c.policy, "7");
      INFO(c.policy << (swapped ? ", swapped" : "") << "\n" << run.result << run.messages);
      CHECK(run.exit_code == 1);
      CHECK(run.result == git_merge(c.base, ours, theirs, "7").text);
    }
}

#include "edge_generators.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

namespace lanemerge::property::edge {

namespace {

// ---------------------------------------------------------------------------
// An abstract list: entries with their own comments, comment lines after the
// last entry (the container's own trivia) and a layout.

struct GList;

struct GEntry {
  int id = 0;      // key in its pool
  int ver = 0;     // changes the value
  int flavor = 0;  // changes the value (another form)
  int spell = 0;   // keeps the value (quotes, string prefixes, keyword arguments)
  int kind = 0;    // import statements: 0 `from .x import X`, 1 `import a.b`, 2 `from .group import (...)`,
                   // 3 `from .models import A, B`, 4 `from .compat import <module>`, 5 a fixed line
  int alt = -1;    // routes: name= of another route (a name clash)
  std::string lead;   // comment line above
  std::string trail;  // comment on its line
  std::vector<GList> child;  // containers: their names
};

struct GList {
  std::vector<GEntry> items;
  std::vector<std::string> tail;  // comment lines rendered before items[tail_at]
  std::size_t tail_at = 0;
  bool multiline = true;
  std::string indent = "    ";
  bool trailing_comma = true;
  bool tuple = false;
  std::string close_comment;  // after the closing bracket, or after the last name
  std::string above;          // comment line above the container
};

using TextFn = std::function<std::string(const GEntry&)>;

bool has_comments(const GList& l) {
  if (!l.tail.empty()) return true;
  for (const auto& e : l.items)
    if (!e.lead.empty() || !e.trail.empty()) return true;
  return false;
}

void strip_comments(GList& l) {
  l.tail.clear();
  for (auto& e : l.items) e.lead.clear(), e.trail.clear();
}

std::string render_bracket(const GList& l, const std::string& open, char close, const TextFn& text) {
  std::string out = open;
  std::size_t n = l.items.size();
  if (l.multiline) {
    out += "\n";
    auto tail = [&]() {
      for (const auto& c : l.tail) out += l.indent + c + "\n";
    };
    for (std::size_t k = 0; k < n; ++k) {
      if (k == l.tail_at) tail();
      const GEntry& e = l.items[k];
      if (!e.lead.empty()) out += l.indent + e.lead + "\n";
      out += l.indent + text(e);
      // A one-element tuple needs its comma in every layout: `(\n "A"\n)`
      // is a parenthesized string.
      if (k + 1 < n || l.trailing_comma || (l.tuple && n == 1)) out += ",";
      if (!e.trail.empty()) out += "  " + e.trail;
      out += "\n";
    }
    if (l.tail_at >= n) tail();
  } else {
    for (std::size_t k = 0; k < n; ++k) out += (k ? ", " : "") + text(l.items[k]);
    if (n && (l.trailing_comma || (l.tuple && n == 1))) out += ",";
  }
  out += close;
  if (!l.close_comment.empty()) out += "  " + l.close_comment;
  return out + "\n";
}

std::string render_lines(const GList& l, const TextFn& text) {
  std::string out;
  std::size_t n = l.items.size();
  auto tail = [&]() {
    for (const auto& c : l.tail) out += c + "\n";
  };
  for (std::size_t k = 0; k < n; ++k) {
    if (k == l.tail_at) tail();
    const GEntry& e = l.items[k];
    if (!e.lead.empty()) out += e.lead + "\n";
    out += text(e);
    if (!e.trail.empty()) out += "  " + e.trail;
    out += "\n";
  }
  if (l.tail_at >= n) tail();
  return out;
}

// ---------------------------------------------------------------------------
// Pools of keys and how entries are written.

const std::vector<std::string> kDeps = {
    "attrs",    "black",    "click",           "django", "flask",     "httpx",    "jinja2",      "markdown",
    "numpy",    "orjson",   "pydantic",        "pytest", "python-dateutil", "pyyaml", "redis", "requests",
    "rich",     "ruamel-yaml", "sqlalchemy",   "structlog", "typing-extensions", "urllib3", "uvicorn", "zope.interface"};

const std::vector<std::string> kNames = {
    "Api",    "AuthFlow", "Cache",  "Client",   "Config",   "Engine", "Event",      "FeatureFlags",
    "Form",   "Handler",  "Job",    "Logger",   "Mailer",   "Model",  "Node",       "Parser",
    "Queue",  "Registry", "Router", "Schema",   "Session",  "Settings", "Signal",   "Store",
    "SyncClient", "Task", "Token",  "User",     "Validator", "View",  "Widget",     "Worker"};

const std::vector<std::string> kPlain = {"email.mime",     "email.parser", "email.utils", "json.decoder",
                                         "json.encoder",   "logging.config", "logging.handlers", "xml.dom",
                                         "xml.etree",      "xml.parsers",  "xml.sax"};
const std::vector<std::string> kModules = {"email", "json", "logging", "xml"};

const std::vector<std::string> kRoutes = {"about",  "account", "admin",   "api",     "archive", "blog",
                                          "cart",   "checkout", "contact", "docs",   "feed",    "help",
                                          "home",   "inbox",   "login",   "logout",  "news",    "orders",
                                          "profile", "search", "settings", "shop",   "status",  "tags"};

std::string q(const std::string& s, char quote) { return std::string(1, quote) + s + std::string(1, quote); }

std::string dep_name(const GEntry& e) {
  std::string n = kDeps[static_cast<std::size_t>(e.id)];
  int spelling = e.flavor % 3;
  if (spelling == 1) {
    n = replace_all(replace_all(n, "-", "_"), ".", "_");
  } else if (spelling == 2) {
    bool up = true;
    for (char& c : n) {
      if (up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      up = c == '-' || c == '.' || c == '_';
    }
  }
  return n;
}

std::string dep_requirement(const GEntry& e) {
  std::string s = dep_name(e) + (e.flavor / 3 == 0 ? ">=" : "==") + "1." + std::to_string(e.ver);
  return q(s, e.spell % 2 ? '\'' : '"');
}

std::string poetry_line(const GEntry& e) {
  if (e.kind == 5) return "python = \"^3.9\"";
  std::string key = kDeps[static_cast<std::size_t>(e.id)];
  if (key.find('.') != std::string::npos) key = q(key, '"');
  std::string version = q("^1." + std::to_string(e.ver), e.spell % 2 ? '\'' : '"');
  return key + " = " + (e.flavor % 2 == 0 ? version : "{ version = " + version + ", optional = true }");
}

std::string poetry_sort(const GEntry& e) { return e.kind == 5 ? "python" : kDeps[static_cast<std::size_t>(e.id)]; }

std::string all_name(const GEntry& e) {
  return kNames[static_cast<std::size_t>(e.id)] + (e.ver ? "V" + std::to_string(e.ver) : "");
}

std::string py_string(const GEntry& e) {
  std::string s = all_name(e);
  switch (e.spell % 5) {
    case 0: return q(s, '"');
    case 1: return q(s, '\'');
    case 2: return "u" + q(s, '"');
    case 3: return "r" + q(s, '\'');
    default: {
      std::size_t k = s.size() / 2;
      return q(s.substr(0, k), '"') + " " + q(s.substr(k), '"');
    }
  }
}

std::string route_call(const GEntry& e) {
  const std::string& r = kRoutes[static_cast<std::size_t>(e.id)];
  char quote = e.spell / 3 ? '\'' : '"';
  std::string route = q("r/" + r + "/", quote);
  std::string view = "v." + r + (e.ver ? "_v" + std::to_string(e.ver) : "");
  std::string name = e.alt >= 0 ? kRoutes[static_cast<std::size_t>(e.alt)] + "-page" : e.flavor % 2 == 0 ? r : "";
  std::string out;
  switch (e.spell % 3) {
    case 0: out = "path(" + route + ", " + view; break;
    case 1: out = "path(route=" + route + ", view=" + view; break;
    default: out = "path(" + route + ", view=" + view; break;
  }
  if (!name.empty()) out += ", name=" + q(name, quote);
  return out + ")";
}

std::string import_name(const GEntry& e) {
  const std::string& n = kNames[static_cast<std::size_t>(e.id)];
  return e.ver ? n + "V" + std::to_string(e.ver) + " as " + n : n;
}

std::string statement(const GEntry& e) {
  switch (e.kind) {
    case 0: {
      const std::string& n = kNames[static_cast<std::size_t>(e.id)];
      std::string module = "." + lower(n) + (e.ver ? "_v" + std::to_string(e.ver) : "");
      return "from " + module + " import " + (e.flavor % 2 ? n + "Impl as " + n : n);
    }
    case 1: return "import " + kPlain[static_cast<std::size_t>(e.id)];
    case 2: {
      std::string s = render_bracket(e.child[0], "from .group import (", ')', import_name);
      s.pop_back();
      return s;
    }
    case 3: {
      const GList& g = e.child[0];
      std::string s = "from .models import ";
      for (std::size_t k = 0; k < g.items.size(); ++k) s += (k ? ", " : "") + import_name(g.items[k]);
      if (!g.close_comment.empty()) s += "  " + g.close_comment;
      return s;
    }
    case 4: return "from .compat import " + kModules[static_cast<std::size_t>(e.id)];
    default: return e.id == 0 ? "from django.urls import path" : "from . import views as v";
  }
}

// ---------------------------------------------------------------------------
// Building a case.

struct Fresh {
  std::vector<int> order;
  std::size_t next = 0;
  Fresh(Rng& r, int n) {
    for (int i = 0; i < n; ++i) order.push_back(i);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[r.below(i)]);
  }
  std::optional<int> take() {
    if (next >= order.size()) return std::nullopt;
    return order[next++];
  }
};

// How entries of one list are made and compared.
struct Pool {
  Fresh* fresh = nullptr;
  int flavors = 1;
  int spells = 1;
  int vers = 3;
  TextFn text;
  TextFn sort_text;
  bool bracket = true;  // a bracketed list (layout changes apply)
  std::size_t min_items = 0;  // a from-import keeps at least one name
};

enum Side { Base = 0, Ours = 1, Theirs = 2 };

struct Builder {
  Rng& r;
  int comment_no = 0;
  int uniform_spell = -1;  // one spelling for the whole case, or mixed
  std::string story[3];
  std::vector<std::string> classes;

  explicit Builder(Rng& rng) : r(rng) {}

  std::string comment() {
    static const char* what[] = {"pinned for CI", "see the release notes", "keep in sync with docs",
                                 "noqa: F401",    "noqa: F401,E501",       "type: ignore[import]",
                                 "TODO: drop after 2.0", "used by the public API"};
    ++comment_no;
    return "# " + std::string(what[r.below(8)]) + " (" + std::to_string(comment_no) + ")";
  }

  void tell(Side s, const std::string& what) { story[s] += " " + what; }

  GEntry make(const Pool& p, int id) {
    GEntry e;
    e.id = id;
    e.ver = static_cast<int>(r.below(static_cast<std::size_t>(p.vers)));
    e.flavor = static_cast<int>(r.below(static_cast<std::size_t>(p.flavors)));
    e.spell = uniform_spell >= 0 ? uniform_spell % p.spells
                                 : static_cast<int>(r.below(static_cast<std::size_t>(p.spells)));
    return e;
  }

  GEntry modified(const Pool& p, GEntry e) {
    if (p.flavors > 1 && r.chance(30))
      e.flavor = (e.flavor + 1 + static_cast<int>(r.below(static_cast<std::size_t>(p.flavors - 1)))) % p.flavors;
    else
      e.ver += 1 + static_cast<int>(r.below(3));
    return e;
  }

  // Positions: 0 at the end (below comment lines after the last entry),
  // 1 above those comment lines, 2 anywhere, 3 at the sorted place.
  void insert(GList& l, const GEntry& e, int where, const Pool& p) {
    std::size_t n = l.items.size(), pos = n;
    bool before_tail = false;
    if (where == 1) {
      pos = l.tail.empty() ? n : l.tail_at;
      before_tail = true;
    } else if (where == 2) {
      pos = r.below(n + 1);
      before_tail = r.chance(50);
    } else if (where == 3) {
      pos = 0;
      std::string key = p.sort_text(e);
      while (pos < n && p.sort_text(l.items[pos]) <= key) ++pos;
      before_tail = true;
    }
    if (!l.tail.empty() && (pos < l.tail_at || (pos == l.tail_at && before_tail))) ++l.tail_at;
    l.items.insert(l.items.begin() + static_cast<std::ptrdiff_t>(pos), e);
  }

  void erase(GList& l, std::size_t pos) {
    if (pos < l.tail_at) --l.tail_at;
    l.items.erase(l.items.begin() + static_cast<std::ptrdiff_t>(pos));
  }

  int where() {
    std::size_t x = r.below(100);
    return x < 55 ? 0 : x < 65 ? 1 : x < 85 ? 2 : 3;
  }

  bool can_comment(const GList& l, const Pool& p) const { return !p.bracket || l.multiline; }

  // Indices of entries a side may change (not fixed lines, not containers).
  std::vector<std::size_t> plain_entries(const GList& l) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < l.items.size(); ++i)
      if (l.items[i].kind != 5 && l.items[i].child.empty()) out.push_back(i);
    return out;
  }

  std::optional<GEntry> add(Side s, GList& l, const Pool& p, int at, const std::string& name) {
    auto id = p.fresh->take();
    if (!id) return std::nullopt;
    GEntry e = make(p, *id);
    if (can_comment(l, p) && r.chance(25)) e.lead = comment();
    if (can_comment(l, p) && r.chance(20)) e.trail = comment();
    insert(l, e, at, p);
    tell(s, "add " + name + " " + p.text(e) + (at == 0 ? " at the end" : at == 1 ? " above the last comments" : at == 2 ? " somewhere" : " sorted") +
                (e.lead.empty() ? "" : " with a comment above") + (e.trail.empty() ? "" : " with a trailing comment"));
    return e;
  }

  void remove(Side s, GList& l, const Pool& p, const std::string& name, bool last = false) {
    auto ok = plain_entries(l);
    if (ok.empty() || l.items.size() <= p.min_items) return;
    std::size_t i = last ? ok.back() : ok[r.below(ok.size())];
    tell(s, "remove " + name + " " + p.text(l.items[i]));
    erase(l, i);
  }

  void modify(Side s, GList& l, const Pool& p, const std::string& name, bool last = false) {
    auto ok = plain_entries(l);
    if (ok.empty()) return;
    GEntry& e = l.items[last ? ok.back() : ok[r.below(ok.size())]];
    std::string before = p.text(e);
    e = modified(p, e);
    tell(s, "modify " + name + " " + before + " -> " + p.text(e));
  }

  // A change of comment lines: above an entry, on its line, after the last entry.
  void comment_op(Side s, GList& l, const Pool& p, const std::string& name) {
    if (!can_comment(l, p)) return;
    auto ok = plain_entries(l);
    int op = static_cast<int>(r.below(ok.empty() ? 3 : 9));
    if (op < 3) {
      if (op == 0 || l.tail.empty()) {
        if (l.tail.empty()) l.tail_at = l.items.size();
        l.tail.push_back(comment());
        tell(s, "add a comment line after the last entry of " + name);
      } else if (op == 1) {
        l.tail.back() = comment();
        tell(s, "change the comment after the last entry of " + name);
      } else {
        l.tail.pop_back();
        tell(s, "remove a comment after the last entry of " + name);
      }
      return;
    }
    GEntry& e = l.items[ok[r.below(ok.size())]];
    std::string& c = op < 6 ? e.lead : e.trail;
    const char* where = op < 6 ? "above" : "on the line of";
    if (c.empty() || op % 3 == 0) {
      c = comment();
      tell(s, std::string("add a comment ") + where + " " + p.text(e));
    } else if (op % 3 == 1) {
      c = comment();
      tell(s, std::string("change the comment ") + where + " " + p.text(e));
    } else {
      c.clear();
      tell(s, std::string("remove the comment ") + where + " " + p.text(e));
    }
  }

  void layout_op(Side s, GList& l, const std::string& name, int which = -1) {
    int op = which >= 0 ? which : static_cast<int>(r.below(3));
    if (op == 0 && (!l.multiline || !has_comments(l))) {
      l.multiline = !l.multiline;
      tell(s, "turn " + name + (l.multiline ? " into one entry per line" : " inline"));
    } else if (op == 1 && l.multiline) {
      l.indent = l.indent == "    " ? "  " : "    ";
      tell(s, "re-indent " + name + " by " + std::to_string(l.indent.size()));
    } else {
      l.trailing_comma = !l.trailing_comma;
      tell(s, std::string(l.trailing_comma ? "add" : "drop") + " the trailing comma of " + name);
    }
  }

  void random_layout(GList& l, const Pool& p) {
    l.multiline = !p.bracket || r.chance(70);
    l.trailing_comma = r.chance(60);
    l.indent = r.chance(70) ? "    " : "  ";
  }

  // A base list of n fresh entries, with comments sometimes, sorted sometimes.
  void fill(GList& l, const Pool& p, std::size_t n, bool sorted, bool comments) {
    for (std::size_t k = 0; k < n; ++k) {
      auto id = p.fresh->take();
      if (!id) break;
      GEntry e = make(p, *id);
      if (comments && can_comment(l, p) && r.chance(20)) e.lead = comment();
      if (comments && can_comment(l, p) && r.chance(20)) e.trail = comment();
      l.items.push_back(e);
    }
    if (sorted)
      std::stable_sort(l.items.begin(), l.items.end(),
                       [&](const GEntry& a, const GEntry& b) { return p.sort_text(a) < p.sort_text(b); });
    l.tail_at = l.items.size();
    if (comments && can_comment(l, p) && r.chance(20)) l.tail.push_back(comment());
  }
};

// The three versions of one list, for the scenarios below.
struct Three {
  GList& b;
  GList& o;
  GList& t;
  const Pool& p;
  std::string name;
  template <class F>
  void all(F f) {
    f(b), f(o), f(t);
  }
  GList& side(Side s) { return s == Ours ? o : t; }
};

Side other(Side s) { return s == Ours ? Theirs : Ours; }

void both_add(Builder& g, Three& x, int at = 0) {
  std::size_t n_o = 1 + g.r.below(2), n_t = 1 + g.r.below(2);
  for (std::size_t k = 0; k < n_o; ++k) g.add(Ours, x.o, x.p, at, x.name);
  for (std::size_t k = 0; k < n_t; ++k) g.add(Theirs, x.t, x.p, at, x.name);
}

GEntry* find_same(GList& l, const GEntry& e) {
  for (auto& x : l.items)
    if (x.id == e.id && x.kind == e.kind && x.child.empty()) return &x;
  return nullptr;
}

// Comment lines above entries and trailing comments, changed by one side or
// both, next to additions of both sides.
void scenario_comments(Builder& g, Three& x) {
  g.classes.push_back("comments");
  x.all([&](GList& l) {
    if (x.p.bracket && !l.multiline) l.multiline = true;
  });
  auto ok = g.plain_entries(x.b);
  if (ok.empty()) {
    auto id = x.p.fresh->take();
    if (!id) return;
    GEntry e = g.make(x.p, *id);
    x.all([&](GList& l) { g.insert(l, e, 1, x.p); });
    ok = g.plain_entries(x.b);
  }
  Side s = g.r.chance(50) ? Ours : Theirs;
  GEntry& be = x.b.items[g.r.chance(60) ? ok.back() : ok[g.r.below(ok.size())]];
  GEntry *eo = find_same(x.o, be), *et = find_same(x.t, be);
  if (!eo || !et) {
    both_add(g, x);
    return;
  }
  GEntry* es = s == Ours ? eo : et;
  GEntry* eu = s == Ours ? et : eo;
  const std::string what = x.p.text(be);
  switch (g.r.below(7)) {
    case 0:  // one side adds or changes the trailing comment of an entry both extend around
      es->trail = g.comment();
      g.tell(s, "set the trailing comment of " + what);
      both_add(g, x, g.r.chance(70) ? 0 : 1);
      break;
    case 1:  // one side adds a comment line above an entry, both add entries
      es->lead = g.comment();
      g.tell(s, "set the comment above " + what);
      both_add(g, x, g.r.chance(50) ? 0 : 2);
      break;
    case 2: {  // both change the same comment: the same way, or differently
      std::string base_c = g.comment();
      be.lead = eo->lead = et->lead = base_c;
      std::string c = g.comment();
      eo->lead = c;
      et->lead = g.r.chance(40) ? c : g.comment();
      g.tell(Ours, "change the comment above " + what);
      g.tell(Theirs, std::string(et->lead == c ? "the same way" : "change it differently"));
      both_add(g, x);
      break;
    }
    case 3: {  // both add the same new comment line, above the same or different entries
      std::string c = g.comment();
      eo->lead = c;
      GEntry* other_entry = et;
      if (g.r.chance(50)) {
        GEntry* cand = find_same(x.t, x.b.items[ok[g.r.below(ok.size())]]);
        if (cand) other_entry = cand;
      }
      other_entry->lead = c;
      g.tell(Ours, "add " + c + " above " + what);
      g.tell(Theirs, "add " + c + " above " + x.p.text(*other_entry));
      both_add(g, x);
      break;
    }
    case 4: {  // one side removes an entry whose comment the other side changes
      if (x.side(s).items.size() <= x.p.min_items) break;
      std::string base_c = g.comment();
      be.lead = eo->lead = et->lead = base_c;
      eu->lead = g.comment();
      g.tell(other(s), "change the comment above " + what);
      GList& ls = x.side(s);
      g.erase(ls, static_cast<std::size_t>(es - ls.items.data()));
      g.tell(s, "remove " + what);
      g.add(s, ls, x.p, 0, x.name);
      break;
    }
    case 5:  // each side adds entries that carry comments of their own
      for (Side side : {Ours, Theirs}) {
        auto id = x.p.fresh->take();
        if (!id) break;
        GEntry e = g.make(x.p, *id);
        e.lead = g.comment();
        if (g.r.chance(50)) e.trail = g.comment();
        g.insert(x.side(side), e, 0, x.p);
        g.tell(side, "add " + x.p.text(e) + " with its comments");
      }
      break;
    default:  // both change the trailing comment of the same entry
      eo->trail = g.comment();
      et->trail = g.r.chance(40) ? eo->trail : g.comment();
      g.tell(Ours, "set the trailing comment of " + what);
      g.tell(Theirs, et->trail == eo->trail ? "the same" : "set it differently");
      both_add(g, x);
      break;
  }
}

// Comment lines after the last entry, both sides appending below (or above) them.
void scenario_tail(Builder& g, Three& x) {
  g.classes.push_back("tail-comment");
  x.all([&](GList& l) {
    if (x.p.bracket && !l.multiline) l.multiline = true;
  });
  std::string c = g.comment();
  x.all([&](GList& l) {
    l.tail.push_back(c);
    l.tail_at = l.items.size();
  });
  if (g.r.chance(25)) {
    std::string c2 = g.comment();
    x.all([&](GList& l) { l.tail.push_back(c2); });
  }
  int at_o = g.r.chance(75) ? 0 : 1, at_t = g.r.chance(75) ? 0 : 1;
  std::size_t n_o = 1 + g.r.below(2), n_t = 1 + g.r.below(2);
  for (std::size_t k = 0; k < n_o; ++k) g.add(Ours, x.o, x.p, at_o, x.name);
  for (std::size_t k = 0; k < n_t; ++k) g.add(Theirs, x.t, x.p, at_t, x.name);
  if (g.r.chance(20)) {
    Side s = g.r.chance(50) ? Ours : Theirs;
    x.side(s).tail.back() = g.comment();
    g.tell(s, "change the comment after the last entry");
  }
}

// Both sides add the same key: the same value in another spelling, or another value.
void scenario_same_key(Builder& g, Three& x, const std::string& cls) {
  g.classes.push_back(cls);
  auto id = x.p.fresh->take();
  if (!id) return;
  GEntry a = g.make(x.p, *id), b = a;
  int how = static_cast<int>(g.r.below(3));
  if (how == 0 && x.p.spells > 1) {
    b.spell = (a.spell + 1 + static_cast<int>(g.r.below(static_cast<std::size_t>(x.p.spells - 1)))) % x.p.spells;
  } else if (how == 1) {
    b = g.modified(x.p, a);
  }
  int at = g.r.chance(70) ? 0 : g.where();
  g.insert(x.o, a, at, x.p);
  g.insert(x.t, b, g.r.chance(70) ? at : g.where(), x.p);
  g.tell(Ours, "add " + x.p.text(a));
  g.tell(Theirs, "add " + x.p.text(b));
  if (g.r.chance(50)) g.add(g.r.chance(50) ? Ours : Theirs, g.r.chance(50) ? x.o : x.t, x.p, 0, x.name);
}

// One side changes the layout while both add.
void scenario_layout(Builder& g, Three& x) {
  g.classes.push_back("layout");
  while (x.b.items.size() < 2) {
    auto id = x.p.fresh->take();
    if (!id) break;
    GEntry e = g.make(x.p, *id);
    x.all([&](GList& l) { g.insert(l, e, 1, x.p); });
  }
  if (has_comments(x.b) && g.r.chance(50)) x.all([](GList& l) { strip_comments(l); });
  Side s = g.r.chance(50) ? Ours : Theirs;
  int op = static_cast<int>(g.r.below(3));
  g.layout_op(s, x.side(s), x.name, op);
  if (g.r.chance(12)) {  // the other side changes the layout too: the same way or another
    int op2 = g.r.chance(50) ? op : static_cast<int>(g.r.below(3));
    g.layout_op(other(s), x.side(other(s)), x.name, op2);
  }
  both_add(g, x, g.r.chance(80) ? 0 : 2);
}

// One side bumps or removes an entry next to the other side's additions
// (`keyed` resolves it for pyproject; Python lists stay additive).
void scenario_keyed(Builder& g, Three& x, const std::string& cls) {
  g.classes.push_back(cls);
  if (x.b.items.empty()) {
    auto id = x.p.fresh->take();
    if (!id) return;
    GEntry e = g.make(x.p, *id);
    x.all([&](GList& l) { g.insert(l, e, 1, x.p); });
  }
  Side s = g.r.chance(50) ? Ours : Theirs;
  bool last = g.r.chance(70);
  int op = static_cast<int>(g.r.below(4));
  if (op == 0) g.remove(s, x.side(s), x.p, x.name, last);
  else if (op == 3) {  // both bump the same entry: the same way, or differently
    auto ok = g.plain_entries(x.b);
    if (ok.empty()) return;
    const GEntry& be = x.b.items[last ? ok.back() : ok[g.r.below(ok.size())]];
    GEntry *eo = find_same(x.o, be), *et = find_same(x.t, be);
    if (!eo || !et) return;
    GEntry m = g.modified(x.p, be);
    *eo = m;
    *et = g.r.chance(40) ? m : g.modified(x.p, be);
    g.tell(Ours, "modify " + x.p.text(be) + " -> " + x.p.text(m));
    g.tell(Theirs, "modify it -> " + x.p.text(*et));
  } else {
    g.modify(s, x.side(s), x.p, x.name, last);
  }
  g.add(other(s), x.side(other(s)), x.p, g.r.chance(80) ? 0 : 1, x.name);
  if (g.r.chance(30)) g.add(s, x.side(s), x.p, 0, x.name);
}

// Some more changes of any kind on one side.
void random_ops(Builder& g, Side s, std::vector<Three*>& lists) {
  std::size_t n = g.r.below(3);
  for (std::size_t k = 0; k < n; ++k) {
    Three& x = *lists[g.r.below(lists.size())];
    GList& l = x.side(s);
    std::size_t op = g.r.below(100);
    if (op < 35) g.add(s, l, x.p, g.where(), x.name);
    else if (op < 45) g.remove(s, l, x.p, x.name);
    else if (op < 60) g.modify(s, l, x.p, x.name);
    else if (op < 90) g.comment_op(s, l, x.p, x.name);
    else if (x.p.bracket && g.r.chance(30)) g.layout_op(s, l, x.name);
  }
}

std::string finish(const std::string& text, bool crlf) { return crlf ? replace_all(text, "\n", "\r\n") : text; }

std::string classes_line(const std::vector<std::string>& classes) {
  std::string out;
  for (const auto& c : classes) out += (out.empty() ? "" : ", ") + c;
  return out;
}

void finish_case(EdgeCase& c, Builder& g, bool crlf, const std::string& layout) {
  c.marker_size = g.r.chance(85) ? "7" : "9";
  c.classes = g.classes;
  std::sort(c.classes.begin(), c.classes.end());
  c.classes.erase(std::unique(c.classes.begin(), c.classes.end()), c.classes.end());
  c.story = "classes: " + classes_line(c.classes) + "\nlayout: " + (crlf ? "CRLF " : "LF ") + layout +
            "\nours:" + g.story[Ours] + "\ntheirs:" + g.story[Theirs] + "\n";
}

// ---------------------------------------------------------------------------
// pyproject.toml

struct PyprojectDoc {
  bool use_deps = true, use_groups = false, use_poetry = false;
  GList deps, test, poetry;
  int version = 0, line_length = 0;
  std::vector<std::string> tables;
};

std::string render(const PyprojectDoc& d) {
  std::string out = "[project]\nname = \"demo\"\nversion = \"1.0." + std::to_string(d.version) +
                    "\"\nrequires-python = \">=3.9\"\n";
  if (d.use_deps) out += render_bracket(d.deps, "dependencies = [", ']', dep_requirement);
  if (d.use_groups) {
    out += "\n[project.optional-dependencies]\ndocs = [\"sphinx>=7\"]\n";
    if (!d.test.above.empty()) out += d.test.above + "\n";
    out += render_bracket(d.test, "test = [", ']', dep_requirement);
  }
  if (d.use_poetry) out += "\n[tool.poetry.dependencies]\n" + render_lines(d.poetry, poetry_line);
  out += "\n[tool.ruff]\nline-length = " + std::to_string(80 + d.line_length) + "\n";
  for (const auto& t : d.tables) out += "\n" + t;
  return out;
}

const std::vector<std::string> kTables = {"[tool.black]\nline-length = 88\n", "[tool.mypy]\nstrict = true\n",
                                          "[[tool.poetry.source]]\nname = \"internal\"\nurl = \"https://pypi.internal/simple\"\n",
                                          "[tool.coverage.run]\nbranch = true\n"};

}  // namespace

const std::set<std::string>& container_modules() {
  static const std::set<std::string> modules = {".group", ".models"};
  return modules;
}

EdgeCase generate_pyproject(Rng& r) {
  Builder g(r);
  Fresh deps_ids(r, static_cast<int>(kDeps.size())), test_ids(r, static_cast<int>(kDeps.size())),
      poetry_ids(r, static_cast<int>(kDeps.size()));
  Pool deps{&deps_ids, 6, 2, 3, dep_requirement, [](const GEntry& e) { return kDeps[static_cast<std::size_t>(e.id)]; }, true};
  Pool test = deps;
  test.fresh = &test_ids;
  Pool poetry{&poetry_ids, 2, 2, 3, poetry_line, poetry_sort, false};
  if (r.chance(60)) g.uniform_spell = static_cast<int>(r.below(2));

  PyprojectDoc base;
  int which = static_cast<int>(r.below(5));  // which scopes the file has
  base.use_deps = which != 3;
  base.use_groups = which == 1 || which == 3 || which == 4;
  base.use_poetry = which == 2 || which == 3 || which == 4;
  base.version = static_cast<int>(r.below(5));
  base.line_length = static_cast<int>(r.below(5));
  bool sorted = r.chance(50);
  g.random_layout(base.deps, deps);
  g.random_layout(base.test, test);
  base.test.multiline = base.test.multiline || r.chance(50);
  g.random_layout(base.poetry, poetry);
  g.fill(base.deps, deps, r.below(6), sorted, true);
  g.fill(base.test, test, r.below(5), sorted, true);
  if (base.use_groups && r.chance(30)) base.test.above = g.comment();
  GEntry python;
  python.kind = 5;
  base.poetry.items.push_back(python);
  g.fill(base.poetry, poetry, r.below(5), false, true);
  if (sorted)
    std::stable_sort(base.poetry.items.begin(), base.poetry.items.end(),
                     [](const GEntry& a, const GEntry& b) { return poetry_sort(a) < poetry_sort(b); });
  base.poetry.tail_at = base.poetry.items.size();

  PyprojectDoc ours = base, theirs = base;
  Three xd{base.deps, ours.deps, theirs.deps, deps, "dependencies"};
  Three xt{base.test, ours.test, theirs.test, test, "test"};
  Three xp{base.poetry, ours.poetry, theirs.poetry, poetry, "poetry"};
  std::vector<Three*> lists;
  if (base.use_deps) lists.push_back(&xd);
  if (base.use_groups) lists.push_back(&xt);
  if (base.use_poetry) lists.push_back(&xp);
  std::vector<Three*> brackets;
  for (Three* x : lists)
    if (x->p.bracket) brackets.push_back(x);

  std::size_t focus = 1 + r.below(2);
  for (std::size_t k = 0; k < focus; ++k) {
    Three& x = *lists[r.below(lists.size())];
    switch (r.below(7)) {
      case 0: scenario_comments(g, x); break;
      case 1: scenario_tail(g, x); break;
      case 2: scenario_same_key(g, x, "quotes"); break;
      case 3:
        if (!brackets.empty()) scenario_layout(g, *brackets[r.below(brackets.size())]);
        else scenario_comments(g, x);
        break;
      case 4: scenario_keyed(g, x, "keyed"); break;
      case 5: {  // the comment above the group and its closing line
        if (!base.use_groups) {
          scenario_tail(g, x);
          break;
        }
        g.classes.push_back("container-trivia");
        Side s = r.chance(50) ? Ours : Theirs;
        PyprojectDoc& d = s == Ours ? ours : theirs;
        if (r.chance(50)) {
          d.test.above = g.comment();
          g.tell(s, "change the comment above test");
        } else {
          d.test.close_comment = g.comment();
          g.tell(s, "set the comment after test's closing bracket");
        }
        if (r.chance(25)) {
          PyprojectDoc& e = s == Ours ? theirs : ours;
          e.test.close_comment = r.chance(50) ? d.test.close_comment : g.comment();
          g.tell(other(s), "set the comment after test's closing bracket too");
        }
        both_add(g, xt, r.chance(70) ? 0 : 2);
        break;
      }
      default: {  // tables outside every scope added by both sides
        g.classes.push_back("out-of-scope");
        if (!ours.tables.empty() || !theirs.tables.empty()) break;
        std::size_t a = r.below(kTables.size());
        std::size_t b = r.chance(30) ? a : r.below(kTables.size());
        ours.tables.push_back(kTables[a]);
        g.tell(Ours, "append " + lines_of(kTables[a])[0]);
        if (r.chance(80)) {
          theirs.tables.push_back(kTables[b]);
          g.tell(Theirs, "append " + lines_of(kTables[b])[0]);
        }
        both_add(g, x);
        break;
      }
    }
  }
  for (Side s : {Ours, Theirs}) {
    random_ops(g, s, lists);
    if (r.chance(10)) {
      PyprojectDoc& d = s == Ours ? ours : theirs;
      if (r.chance(50)) d.version += 1, g.tell(s, "bump the version");
      else d.line_length += 1, g.tell(s, "change line-length");
    }
  }
  bool crlf = r.chance(15);
  EdgeCase c;
  c.base = finish(render(base), crlf);
  c.ours = finish(render(ours), crlf);
  c.theirs = finish(render(theirs), crlf);
  finish_case(c, g, crlf,
              std::string(sorted ? "sorted base" : "unsorted base") + (base.use_deps ? ", dependencies" : "") +
                  (base.use_groups ? ", optional-dependencies" : "") + (base.use_poetry ? ", poetry" : ""));
  return c;
}

// ---------------------------------------------------------------------------
// __init__.py

namespace {

struct PyinitDoc {
  bool docstring = true;
  GList block;
  bool use_all = true;
  GList all;
  int version = 0, body = 0;
  std::vector<std::string> defs;
};

std::string render(const PyinitDoc& d) {
  std::string out;
  if (d.docstring) out += "\"\"\"Demo package.\"\"\"\n\n";
  out += render_lines(d.block, statement);
  out += "\n";
  if (d.use_all)
    out += render_bracket(d.all, d.all.tuple ? "__all__ = (" : "__all__ = [", d.all.tuple ? ')' : ']', py_string) + "\n";
  out += "__version__ = \"1.0." + std::to_string(d.version) + "\"\n\n\ndef hello():\n    return \"hello " +
         std::to_string(d.body) + "\"\n";
  for (const auto& def : d.defs) out += "\n\n" + def;
  return out;
}

std::string binding_text(int how, const std::string& name) {
  if (how == 0) return "def " + name + "():\n    return 1\n";
  if (how == 1) return "class " + name + ":\n    pass\n";
  return name + " = object()\n";
}

GEntry* container(GList& block, int kind) {
  for (auto& e : block.items)
    if (e.kind == kind) return &e;
  return nullptr;
}

}  // namespace

EdgeCase generate_pyinit(Rng& r) {
  Builder g(r);
  Fresh names(r, static_cast<int>(kNames.size())), all_ids(r, static_cast<int>(kNames.size())),
      plain_ids(r, static_cast<int>(kPlain.size()));
  auto block_sort = [](const GEntry& e) { return statement(e); };
  Pool singles{&names, 2, 1, 3, statement, block_sort, false};
  Pool plain{&plain_ids, 1, 1, 1, statement, block_sort, false};
  Pool group_names{&names, 1, 1, 2, import_name, [](const GEntry& e) { return kNames[static_cast<std::size_t>(e.id)]; }, true, 1};
  Pool all{&all_ids, 1, 5, 2, py_string, py_string, true};
  if (r.chance(50)) g.uniform_spell = static_cast<int>(r.below(5));

  PyinitDoc base;
  base.docstring = r.chance(60);
  base.version = static_cast<int>(r.below(5));
  base.body = static_cast<int>(r.below(5));
  bool sorted = r.chance(50);
  base.block.multiline = true;
  g.fill(base.block, singles, r.below(4), false, true);
  for (std::size_t k = r.below(3); k > 0; --k)
    if (auto id = plain_ids.take()) {
      GEntry e = g.make(plain, *id);
      e.kind = 1;
      base.block.items.push_back(e);
    }
  if (r.chance(70)) {
    GEntry grp;
    grp.kind = 2;
    grp.child.emplace_back();
    g.random_layout(grp.child[0], group_names);
    g.fill(grp.child[0], group_names, 1 + r.below(4), sorted, true);
    base.block.items.push_back(grp);
  }
  if (r.chance(50)) {
    GEntry models;
    models.kind = 3;
    models.child.emplace_back();
    models.child[0].multiline = false;
    g.fill(models.child[0], group_names, 2 + r.below(2), sorted, false);
    if (r.chance(50)) models.child[0].close_comment = "# noqa: F401";
    base.block.items.push_back(models);
  }
  if (base.block.items.empty()) {
    GEntry e = g.make(singles, *names.take());
    base.block.items.push_back(e);
  }
  if (sorted)
    std::stable_sort(base.block.items.begin(), base.block.items.end(),
                     [](const GEntry& a, const GEntry& b) { return statement(a) < statement(b); });
  else
    for (std::size_t i = base.block.items.size(); i > 1; --i)
      std::swap(base.block.items[i - 1], base.block.items[r.below(i)]);
  base.block.tail_at = base.block.items.size();
  if (r.chance(15)) base.block.tail.push_back(g.comment());
  base.use_all = r.chance(75);
  g.random_layout(base.all, all);
  base.all.tuple = r.chance(35);
  g.fill(base.all, all, r.below(5), sorted, true);

  PyinitDoc ours = base, theirs = base;
  Three xb{base.block, ours.block, theirs.block, singles, "the import block"};
  Three xa{base.all, ours.all, theirs.all, all, "__all__"};
  std::vector<Three*> lists = {&xb};
  if (base.use_all) lists.push_back(&xa);

  // Names inside a container statement, for scenarios on them.
  auto names_of = [&](int kind) -> std::optional<Three> {
    GEntry *b = container(base.block, kind), *o = container(ours.block, kind), *t = container(theirs.block, kind);
    if (!b || !o || !t) return std::nullopt;
    return Three{b->child[0], o->child[0], t->child[0], group_names, kind == 2 ? "from .group import (...)" : "from .models import ..."};
  };

  std::size_t focus = 1 + r.below(2);
  for (std::size_t k = 0; k < focus; ++k) {
    switch (r.below(9)) {
      case 0: scenario_comments(g, r.chance(60) || !base.use_all ? xb : xa); break;
      case 1: scenario_tail(g, r.chance(60) || !base.use_all ? xb : xa); break;
      case 2: {
        if (base.use_all) scenario_same_key(g, xa, "quotes");
        else scenario_same_key(g, xb, "same-name");
        break;
      }
      case 3: {
        auto grp = names_of(2);
        if (grp && r.chance(50)) scenario_layout(g, *grp);
        else if (base.use_all) scenario_layout(g, xa);
        else if (grp) scenario_layout(g, *grp);
        break;
      }
      case 4: {
        auto grp = names_of(2);
        if (grp && r.chance(40)) scenario_keyed(g, *grp, "keyed-list");
        else scenario_keyed(g, base.use_all && r.chance(60) ? xa : xb, "keyed-list");
        break;
      }
      case 5:
      case 6: {  // names bound by both sides, as Python binds them
        g.classes.push_back("bindings");
        Side s = r.chance(50) ? Ours : Theirs;
        PyinitDoc& d = s == Ours ? ours : theirs;
        PyinitDoc& e = s == Ours ? theirs : ours;
        int variant = static_cast<int>(r.below(5));
        if (variant <= 1) {  // a def/class/assignment against an import of the same name
          auto id = names.take();
          if (!id) break;
          const std::string& n = kNames[static_cast<std::size_t>(*id)];
          int how = static_cast<int>(r.below(3));
          d.defs.push_back(binding_text(how, n));
          g.tell(s, "bind " + n + " by " + (how == 0 ? "def" : how == 1 ? "class" : "assignment"));
          g.add(s, d.block, singles, 0, "the import block");
          GEntry imp = g.make(singles, *id);
          GEntry* grp = container(e.block, 2);
          if (variant == 1 && grp) {
            imp.ver = 0;
            g.insert(grp->child[0], imp, 0, group_names);
            g.tell(other(s), "import " + n + " in from .group");
          } else {
            g.insert(e.block, imp, 0, singles);
            g.tell(other(s), statement(imp));
          }
        } else if (variant == 2) {  // `import logging.handlers` against `from .compat import logging`
          std::size_t m = r.below(kModules.size());
          GEntry plain_e, compat;
          plain_e.kind = 1;
          for (std::size_t p = 0; p < kPlain.size(); ++p)
            if (starts_with(kPlain[p], kModules[m] + ".")) plain_e.id = static_cast<int>(p);
          compat.kind = 4;
          compat.id = static_cast<int>(m);
          bool present = false;
          for (const auto* blk : {&base.block, &d.block})
            for (const auto& it : blk->items) present = present || statement(it) == statement(plain_e);
          if (!present) {
            g.insert(d.block, plain_e, 0, singles);
            g.tell(s, statement(plain_e));
          }
          // A second bindings scenario may have written it already.
          bool written = false;
          for (const auto& it : e.block.items) written = written || statement(it) == statement(compat);
          if (!written) {
            g.insert(e.block, compat, 0, singles);
            g.tell(other(s), statement(compat));
          }
        } else if (variant == 3) {  // `import xml.dom` and `import xml.sax`: the same package
          std::size_t m = r.below(kModules.size());
          std::vector<int> subs;
          for (std::size_t p = 0; p < kPlain.size(); ++p) {
            bool in_base = false;
            for (const auto& it : base.block.items) in_base = in_base || (it.kind == 1 && it.id == static_cast<int>(p));
            if (starts_with(kPlain[p], kModules[m] + ".") && !in_base) subs.push_back(static_cast<int>(p));
          }
          if (subs.empty()) break;
          for (Side side : {Ours, Theirs}) {
            GEntry pe;
            pe.kind = 1;
            pe.id = subs[r.below(subs.size())];
            GList& blk = side == Ours ? ours.block : theirs.block;
            bool present = false;
            for (const auto& it : blk.items) present = present || (it.kind == 1 && it.id == pe.id);
            if (present) continue;
            g.insert(blk, pe, 0, singles);
            g.tell(side, statement(pe));
          }
        } else {  // a def of a name nobody imports, next to additions of both
          auto id = names.take();
          if (!id) break;
          d.defs.push_back(binding_text(static_cast<int>(r.below(3)), kNames[static_cast<std::size_t>(*id)]));
          g.tell(s, "bind " + kNames[static_cast<std::size_t>(*id)]);
          both_add(g, xb);
        }
        break;
      }
      case 7: {  // __all__ as a tuple
        if (!base.use_all) {
          scenario_comments(g, xb);
          break;
        }
        g.classes.push_back("tuple");
        xa.all([&](GList& l) { l.tuple = true; });
        if (r.chance(40) && base.all.items.size() > 1) {
          GEntry keep = base.all.items[0];
          xa.all([&](GList& l) {
            l.items = {keep};
            l.tail.clear();
            l.tail_at = 1;
            l.multiline = false;
          });
        }
        both_add(g, xa, r.chance(80) ? 0 : 2);
        break;
      }
      default: {  // names of `from .models import A, B  # noqa: F401` on both sides
        auto models = names_of(3);
        if (!models) {
          scenario_comments(g, xb);
          break;
        }
        g.classes.push_back("noqa");
        std::size_t n_o = 1 + r.below(2), n_t = 1 + r.below(2);
        for (std::size_t j = 0; j < n_o; ++j) g.add(Ours, models->o, group_names, 0, models->name);
        for (std::size_t j = 0; j < n_t; ++j) g.add(Theirs, models->t, group_names, 0, models->name);
        if (r.chance(60)) {
          Side s = r.chance(50) ? Ours : Theirs;
          models->side(s).close_comment = "# noqa: F401,E501";
          g.tell(s, "set the comment of from .models to # noqa: F401,E501");
          if (r.chance(25)) {
            models->side(other(s)).close_comment = r.chance(50) ? "# noqa: F401,E501" : "# noqa: E501";
            g.tell(other(s), "and " + models->side(other(s)).close_comment);
          }
        }
        break;
      }
    }
  }
  for (Side s : {Ours, Theirs}) {
    random_ops(g, s, lists);
    if (r.chance(10)) {
      PyinitDoc& d = s == Ours ? ours : theirs;
      if (r.chance(50)) d.version += 1, g.tell(s, "bump __version__");
      else d.body += 1, g.tell(s, "change hello()");
    }
  }
  bool crlf = r.chance(15);
  EdgeCase c;
  c.base = finish(render(base), crlf);
  c.ours = finish(render(ours), crlf);
  c.theirs = finish(render(theirs), crlf);
  finish_case(c, g, crlf, std::string(sorted ? "sorted base" : "unsorted base") + (base.use_all ? ", __all__" : "") +
                              (base.all.tuple ? " (tuple)" : ""));
  return c;
}

// ---------------------------------------------------------------------------
// urls.py

namespace {

struct UrlsDoc {
  GList block;
  GList urls;
  int app = 0, helper = 0;
};

std::string render(const UrlsDoc& d) {
  return render_lines(d.block, statement) + "\napp_name = \"site" + std::to_string(d.app) + "\"\n\n" +
         render_bracket(d.urls, "urlpatterns = [", ']', route_call) + "\n\ndef helper():\n    return " +
         std::to_string(d.helper) + "\n";
}

}  // namespace

EdgeCase generate_urls(Rng& r) {
  Builder g(r);
  Fresh route_ids(r, static_cast<int>(kRoutes.size())), names(r, static_cast<int>(kNames.size()));
  Pool routes{&route_ids, 2, 6, 3, route_call, route_call, true};
  Pool imports{&names, 2, 1, 3, statement, statement, false};
  if (r.chance(50)) g.uniform_spell = static_cast<int>(r.below(6));

  UrlsDoc base;
  base.app = static_cast<int>(r.below(5));
  base.helper = static_cast<int>(r.below(5));
  for (int id : {0, 1}) {
    GEntry e;
    e.kind = 5;
    e.id = id;
    base.block.items.push_back(e);
  }
  base.block.tail_at = 2;
  bool sorted = r.chance(50);
  g.random_layout(base.urls, routes);
  g.fill(base.urls, routes, r.below(6), sorted, true);

  UrlsDoc ours = base, theirs = base;
  Three xu{base.urls, ours.urls, theirs.urls, routes, "urlpatterns"};
  Three xb{base.block, ours.block, theirs.block, imports, "the import block"};
  std::vector<Three*> lists = {&xu};

  std::size_t focus = 1 + r.below(2);
  for (std::size_t k = 0; k < focus; ++k) {
    switch (r.below(7)) {
      case 0: scenario_comments(g, xu); break;
      case 1: scenario_tail(g, xu); break;
      case 2: scenario_layout(g, xu); break;
      case 3: scenario_keyed(g, xu, "keyed-list"); break;
      case 4: scenario_same_key(g, xu, "routes"); break;
      case 5: {  // two new routes with the same name=
        g.classes.push_back("routes");
        auto a = route_ids.take(), b = route_ids.take();
        if (!a || !b) break;
        GEntry ea = g.make(routes, *a), eb = g.make(routes, *b);
        ea.alt = eb.alt = *a;
        g.insert(ours.urls, ea, 0, routes);
        g.insert(theirs.urls, eb, 0, routes);
        g.tell(Ours, "add " + route_call(ea));
        g.tell(Theirs, "add " + route_call(eb));
        break;
      }
      default: {  // a new route and the import of its view on each side
        g.classes.push_back("routes");
        both_add(g, xu);
        both_add(g, xb);
        break;
      }
    }
  }
  for (Side s : {Ours, Theirs}) {
    random_ops(g, s, lists);
    if (r.chance(10)) {
      UrlsDoc& d = s == Ours ? ours : theirs;
      if (r.chance(50)) d.app += 1, g.tell(s, "change app_name");
      else d.helper += 1, g.tell(s, "change helper()");
    }
  }
  bool crlf = r.chance(15);
  EdgeCase c;
  c.base = finish(render(base), crlf);
  c.ours = finish(render(ours), crlf);
  c.theirs = finish(render(theirs), crlf);
  finish_case(c, g, crlf, std::string(sorted ? "sorted base" : "unsorted base") +
                              (base.urls.multiline ? ", one route per line" : ", inline"));
  return c;
}

}  // namespace lanemerge::property::edge

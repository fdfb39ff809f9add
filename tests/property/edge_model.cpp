#include "edge_model.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include <toml++/toml.h>

#include "core/python_syntax.hpp"
#include "support.hpp"

namespace lanemerge::property::edge {

namespace {

constexpr std::size_t npos = std::string::npos;

// The text with CRLF read as LF, and where its lines start.
struct Text {
  std::string s;
  std::vector<std::size_t> starts;

  explicit Text(const std::string& raw) : s(replace_all(raw, "\r\n", "\n")) {
    starts.push_back(0);
    for (std::size_t i = 0; i < s.size(); ++i)
      if (s[i] == '\n') starts.push_back(i + 1);
  }
  int count() const {
    return static_cast<int>(starts.size()) - ((s.empty() || s.back() == '\n') ? 1 : 0);
  }
  int line_of(std::size_t pos) const {
    return static_cast<int>(std::upper_bound(starts.begin(), starts.end(), pos) - starts.begin()) - 1;
  }
  std::size_t eol(std::size_t pos) const {
    std::size_t e = s.find('\n', pos);
    return e == npos ? s.size() : e;
  }
  std::string line(int k) const {
    std::size_t b = starts[static_cast<std::size_t>(k)];
    return s.substr(b, eol(b) - b);
  }
  std::size_t first_non_ws(int k) const {
    std::size_t i = starts[static_cast<std::size_t>(k)];
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return i;
  }
  std::string indent_of(int k) const {
    std::size_t b = starts[static_cast<std::size_t>(k)];
    return s.substr(b, first_non_ws(k) - b);
  }
};

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Index after the string literal starting at s[i] (a quote), or npos.
std::size_t skip_string(const std::string& s, std::size_t i, bool escapes) {
  char q = s[i];
  if (s.compare(i, 3, std::string(3, q)) == 0) {
    std::size_t e = s.find(std::string(3, q), i + 3);
    return e == npos ? npos : e + 3;
  }
  for (std::size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] == '\n') return npos;
    if (escapes && s[j] == '\\') {
      ++j;
      continue;
    }
    if (s[j] == q) return j + 1;
  }
  return npos;
}

// The end of one list element starting at s[i]: a comma, a comment or a
// line end at depth 0, or the closing bracket of the list.
std::size_t element_end(const std::string& s, std::size_t i) {
  int depth = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '"' || c == '\'') {
      i = skip_string(s, i, true);
      if (i == npos) return npos;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth == 0) return i;
      --depth;
    } else if (depth == 0 && (c == ',' || c == '#' || c == '\n')) {
      return i;
    } else if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    ++i;
  }
  return i;
}

// Where a comment starts on a line (outside strings), or npos.
std::size_t comment_start(const std::string& line) {
  for (std::size_t i = 0; i < line.size();) {
    char c = line[i];
    if (c == '"' || c == '\'') {
      i = skip_string(line, i, true);
      if (i == npos) return npos;
      continue;
    }
    if (c == '#') return i;
    ++i;
  }
  return npos;
}

// A single TOML string (basic or literal): its value.
std::optional<std::string> toml_string_value(const std::string& text) {
  std::string t = trim(text);
  if (t.size() < 2) return std::nullopt;
  char q = t[0];
  if ((q != '"' && q != '\'') || t.back() != q) return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < t.size(); ++i) {
    char c = t[i];
    if (c == q) return std::nullopt;
    if (q == '"' && c == '\\' && i + 2 < t.size()) {
      char n = t[++i];
      out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
      continue;
    }
    out += c;
  }
  return out;
}

// Decoded strings in a value's text, whitespace and comments dropped:
// `{ version = '^1.2' }` and `{version="^1.2"}` read the same.
std::string normalize_value(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '#') break;
    if (c == '"' || c == '\'') {
      // Python prefixes directly before the quote are part of the literal.
      while (!out.empty() && out.back() != '\0' && std::strchr("rRuUbBfF", out.back()) &&
             (out.size() == 1 || !is_ident_char(out[out.size() - 2])))
        out.pop_back();
      std::size_t e = skip_string(text, i, true);
      if (e == npos) e = text.size();
      std::string lit = text.substr(i, e - i);
      auto v = python_string_value(lit);
      out += "\"" + (v ? *v : lit) + "\"";
      i = e;
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    ++i;
  }
  return out;
}

// Top-level comma-separated parts of an argument list.
std::vector<std::string> split_args(const std::string& inside) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= inside.size()) {
    std::size_t e = element_end(inside, i);
    if (e == npos) e = inside.size();
    std::string part = trim(inside.substr(i, e - i));
    if (!part.empty()) out.push_back(part);
    if (e >= inside.size()) break;
    i = e + 1;
  }
  return out;
}

struct Call {
  std::string func;
  std::vector<std::string> positional;
  std::map<std::string, std::string> keywords;
};

std::optional<Call> parse_call(const std::string& text) {
  std::string t = trim(text);
  std::size_t open = t.find('(');
  if (open == npos || t.back() != ')') return std::nullopt;
  Call c;
  c.func = trim(t.substr(0, open));
  if (c.func.empty() || !std::all_of(c.func.begin(), c.func.end(), [](char ch) { return is_ident_char(ch) || ch == '.'; }))
    return std::nullopt;
  // The call's own closing parenthesis must end the element.
  int depth = 0;
  std::size_t i = open;
  for (; i < t.size(); ++i) {
    if (t[i] == '"' || t[i] == '\'') {
      std::size_t e = skip_string(t, i, true);
      if (e == npos) return std::nullopt;
      i = e - 1;
    } else if (t[i] == '(') {
      ++depth;
    } else if (t[i] == ')' && --depth == 0) {
      break;
    }
  }
  if (i != t.size() - 1) return std::nullopt;
  for (const auto& arg : split_args(t.substr(open + 1, t.size() - open - 2))) {
    std::size_t eq = arg.find('=');
    bool keyword = eq != npos && eq > 0 && arg.compare(eq, 2, "==") != 0 &&
                   std::all_of(arg.begin(), arg.begin() + static_cast<std::ptrdiff_t>(eq),
                               [](char ch) { return is_ident_char(ch) || ch == ' '; });
    std::string value = keyword ? trim(arg.substr(eq + 1)) : arg;
    auto str = python_string_value(value);
    std::string norm = str ? "\"" + *str + "\"" : normalize_value(value);
    if (keyword) c.keywords[trim(arg.substr(0, eq))] = norm;
    else c.positional.push_back(norm);
  }
  return c;
}

std::string unquote(const std::string& norm) {
  return norm.size() >= 2 && norm.front() == '"' && norm.back() == '"' ? norm.substr(1, norm.size() - 2) : norm;
}

// ---------------------------------------------------------------------------

struct BracketResult {
  std::string error;
  std::vector<Item> items;
  Layout layout;
  std::string open_comment;
  std::string close;
  std::string close_indent;
  bool close_own_line = false;
  int open_line = 0;
  int close_line = 0;
};

std::string at_line(int line) { return " (line " + std::to_string(line + 1) + ")"; }

BracketResult parse_bracket(const Text& tx, std::size_t open) {
  const std::string& s = tx.s;
  char close_ch = s[open] == '[' ? ']' : ')';
  BracketResult r;
  r.open_line = tx.line_of(open);
  int line = r.open_line;
  std::size_t i = open + 1;
  int last = -1, last_line = -1;
  bool last_comma = false;
  std::vector<bool> first_on_line;
  while (true) {
    if (i >= s.size()) {
      r.error = "a list without its closing bracket" + at_line(r.open_line);
      return r;
    }
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '\n') {
      ++i;
      ++line;
      std::size_t j = i;
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) ++j;
      if (j < s.size() && s[j] == '\n') {
        Item b;
        b.kind = Item::Blank;
        b.line = b.end_line = line;
        r.items.push_back(b);
      }
      continue;
    }
    if (c == '#') {
      std::size_t e = tx.eol(i);
      std::string text = trim_right(s.substr(i, e - i));
      if (last >= 0 && last_line == line) {
        Item& it = r.items[static_cast<std::size_t>(last)];
        it.trail = text;
      } else if (line == r.open_line) {
        r.open_comment = text;
      } else if (tx.first_non_ws(line) != i) {
        r.error = "a comment after a stray separator" + at_line(line);
        return r;
      } else {
        Item cm;
        cm.kind = Item::Comment;
        cm.text = text;
        cm.indent = tx.indent_of(line);
        cm.line = cm.end_line = line;
        r.items.push_back(cm);
      }
      i = e;
      continue;
    }
    if (c == ',') {
      if (last < 0 || last_comma) {
        r.error = "a comma without an entry before it" + at_line(line);
        return r;
      }
      last_comma = true;
      ++i;
      continue;
    }
    if (c == close_ch) {
      r.close_line = line;
      r.close_own_line = tx.first_non_ws(line) == i;
      r.close_indent = tx.indent_of(line);
      r.close = trim_right(s.substr(i, tx.eol(i) - i));
      break;
    }
    if (c == ')' || c == ']' || c == '}') {
      r.error = "an unbalanced bracket" + at_line(line);
      return r;
    }
    if (last >= 0 && !last_comma) {
      r.error = "two entries without a comma between them" + at_line(line);
      return r;
    }
    std::size_t e = element_end(s, i);
    if (e == npos) {
      r.error = "an unterminated string" + at_line(line);
      return r;
    }
    Item it;
    it.kind = Item::Entry;
    it.text = trim(s.substr(i, e - i));
    it.line = line;
    it.indent = tx.indent_of(line);
    first_on_line.push_back(tx.first_non_ws(line) == i);
    line = tx.line_of(e > i ? e - 1 : e);
    it.end_line = line;
    r.items.push_back(it);
    last = static_cast<int>(r.items.size()) - 1;
    last_line = line;
    last_comma = false;
    i = e;
  }
  const Item* first = nullptr;
  std::size_t entries = 0;
  for (const Item& it : r.items) {
    if (!first && it.kind != Item::Blank) first = &it;
    if (it.kind == Item::Entry) ++entries;
  }
  r.layout.multiline = first ? first->line > r.open_line : r.close_line > r.open_line;
  std::size_t k = 0;
  for (const Item& it : r.items) {
    if (it.kind != Item::Entry) continue;
    bool own = first_on_line[k++];
    if (r.layout.multiline && !own) {
      r.error = "an entry glued to the opening bracket or to another entry" + at_line(it.line);
      return r;
    }
    if (!r.layout.multiline && it.line != r.open_line) {
      r.error = "a list that is neither inline nor one entry per line" + at_line(it.line);
      return r;
    }
  }
  if (r.layout.multiline && !r.close_own_line) {
    r.error = "the closing bracket glued to the last entry" + at_line(r.close_line);
    return r;
  }
  if (!r.layout.multiline && r.close_line != r.open_line) {
    r.error = "a list that is neither inline nor one entry per line" + at_line(r.close_line);
    return r;
  }
  if (r.layout.multiline) {
    if (first) r.layout.indent = first->indent;
  } else {
    r.layout.indent = "inline";
  }
  if (entries) r.layout.trailing_comma = last_comma;
  return r;
}

// Reads each entry of a scope for its kind: key, value, sort text, bindings.
std::string interpret(Item& it, EntryKind kind, const std::string& module) {
  switch (kind) {
    case EntryKind::Requirement: {
      auto v = toml_string_value(it.text);
      if (!v) return "a dependency that is not one string: " + it.text;
      it.value = *v;
      it.key = pep503(requirement_name_of(*v));
      it.sort_text = it.key;
      return {};
    }
    case EntryKind::PyString: {
      auto v = python_string_value(it.text);
      if (!v) return "an element that is not a string literal: " + it.text;
      it.value = *v;
      it.key = *v;
      it.sort_text = squeeze(it.text);
      return {};
    }
    case EntryKind::Route: {
      auto call = parse_call(it.text);
      if (!call) return "a route that is not a call: " + it.text;
      std::string route_kw = call->func == "url" ? "regex" : "route";
      std::string route = !call->positional.empty() ? call->positional[0]
                          : call->keywords.count(route_kw) ? call->keywords.at(route_kw)
                                                            : "";
      std::string view = call->positional.size() > 1 ? call->positional[1]
                         : call->keywords.count("view") ? call->keywords.at("view")
                                                        : "";
      if (route.empty()) return "a route without a route string: " + it.text;
      it.key = unquote(route);
      it.name = call->keywords.count("name") ? unquote(call->keywords.at("name")) : "";
      it.value = call->func + "(route=" + route + ", view=" + view;
      for (const auto& [k, v] : call->keywords)
        if (k != route_kw && k != "view") it.value += ", " + k + "=" + v;
      for (std::size_t i = 2; i < call->positional.size(); ++i) it.value += ", " + call->positional[i];
      it.value += ")";
      it.sort_text = squeeze(it.text);
      return {};
    }
    case EntryKind::ImportName: {
      std::vector<std::string> words;
      std::string w;
      for (char c : it.text + " ") {
        if (std::isspace(static_cast<unsigned char>(c))) {
          if (!w.empty()) words.push_back(w);
          w.clear();
        } else {
          w += c;
        }
      }
      std::string name, bound;
      if (words.size() == 1) name = bound = words[0];
      else if (words.size() == 3 && words[1] == "as") name = words[0], bound = words[2];
      else return "an imported name that cannot be read: " + it.text;
      it.key = bound;
      it.value = name == bound ? name : name + " as " + bound;
      it.sort_text = it.text;
      it.binds.push_back(bound + "\tfrom " + module + " import " + name);
      return {};
    }
    default:
      return {};
  }
}

void set_roles(FileModel& m, const BracketResult& br) {
  auto set = [&](int line, char role) {
    if (line >= 0 && static_cast<std::size_t>(line) < m.roles.size()) m.roles[static_cast<std::size_t>(line)] = role;
  };
  for (int l = br.open_line; l <= br.close_line; ++l) set(l, 'F');
  for (const Item& it : br.items)
    for (int l = it.line; l <= it.end_line; ++l) set(l, it.kind == Item::Entry ? 'E' : it.kind == Item::Comment ? 'C' : 'B');
}

// A scope made of a bracketed list whose opening bracket is at `open`.
std::string bracket_scope(FileModel& m, const Text& tx, std::size_t open, Scope& sc, const std::string& module,
                          int& close_line) {
  BracketResult br = parse_bracket(tx, open);
  if (!br.error.empty()) return br.error;
  int line = br.open_line;
  std::size_t b = tx.starts[static_cast<std::size_t>(line)];
  sc.shape = Shape::Bracket;
  sc.tuple = tx.s[open] == '(';
  sc.open = trim(tx.s.substr(b, open + 1 - b)) + (br.open_comment.empty() ? "" : "  " + br.open_comment);
  sc.open_indent = tx.indent_of(line);
  sc.close = br.close;
  sc.close_indent = br.close_indent;
  sc.close_own_line = br.close_own_line;
  sc.open_line = br.open_line;
  sc.close_line = br.close_line;
  sc.layout = br.layout;
  sc.items = br.items;
  for (Item& it : sc.items) {
    if (it.kind != Item::Entry) continue;
    std::string why = interpret(it, sc.kind, module);
    if (!why.empty()) return why + at_line(it.line);
  }
  set_roles(m, br);
  close_line = br.close_line;
  return {};
}

FileModel start(const std::string& raw) {
  FileModel m;
  std::size_t crlf = 0, lf = 0;
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (raw[i] == '\n') (i > 0 && raw[i - 1] == '\r' ? crlf : lf)++;
  m.line_endings = crlf && lf ? "mixed" : crlf ? "CRLF" : lf ? "LF" : "none";
  m.final_newline = !raw.empty() && raw.back() == '\n';
  m.lines = lines_of(raw);
  m.roles.assign(m.lines.size(), 'S');
  return m;
}

std::string header_name(const std::string& line) {
  std::string t = trim(line.substr(0, comment_start(line)));
  while (!t.empty() && t.front() == '[') t.erase(t.begin());
  while (!t.empty() && t.back() == ']') t.pop_back();
  return trim(t);
}

// Drops what follows the last entry of a line-based scope but is not its
// own: blank lines at its end, and a comment block directly above the next
// statement or header when a blank line separates it from the scope.
void trim_line_scope(std::vector<Item>& items, int next_line, bool next_exists) {
  if (next_exists && !items.empty() && items.back().kind == Item::Comment && items.back().line == next_line - 1) {
    std::size_t c = items.size();
    while (c > 0 && items[c - 1].kind == Item::Comment &&
           items[c - 1].end_line == (c == items.size() ? next_line - 1 : items[c].line - 1))
      --c;
    if (c > 0 && items[c - 1].kind == Item::Blank) items.resize(c);
  }
  while (!items.empty() && items.back().kind == Item::Blank) items.pop_back();
}

std::string toml_table(FileModel& m, const Text& tx, int k0, Scope& sc, int& end) {
  int n = tx.count();
  int k = k0;
  for (; k < n; ++k) {
    std::string line = tx.line(k);
    if (!line.empty() && line[0] == '[') break;
    std::string t = trim(line);
    if (t.empty()) {
      Item b;
      b.kind = Item::Blank;
      b.line = b.end_line = k;
      sc.items.push_back(b);
      continue;
    }
    if (t[0] == '#') {
      Item cm;
      cm.kind = Item::Comment;
      cm.text = t;
      cm.indent = tx.indent_of(k);
      cm.line = cm.end_line = k;
      sc.items.push_back(cm);
      continue;
    }
    std::size_t p = tx.first_non_ws(k) - tx.starts[static_cast<std::size_t>(k)];
    std::string key;
    if (line[p] == '"') {
      std::size_t e = line.find('"', p + 1);
      if (e == npos) return "a quoted key without its closing quote" + at_line(k);
      key = line.substr(p + 1, e - p - 1);
      p = e + 1;
    } else {
      while (p < line.size() && (is_ident_char(line[p]) || line[p] == '-' || line[p] == '.')) key += line[p++];
    }
    while (p < line.size() && line[p] == ' ') ++p;
    if (key.empty() || p >= line.size() || line[p] != '=') return "a line that is not `key = value`" + at_line(k);
    ++p;
    while (p < line.size() && line[p] == ' ') ++p;
    Item it;
    it.kind = Item::Entry;
    it.indent = tx.indent_of(k);
    it.line = k;
    if (p < line.size() && line[p] == '[') {
      auto child = std::make_shared<Scope>();
      child->id = sc.id + "/" + key;
      child->kind = EntryKind::Requirement;
      int close_line = k;
      std::string why = bracket_scope(m, tx, tx.starts[static_cast<std::size_t>(k)] + p, *child, "", close_line);
      if (!why.empty()) return why;
      it.key = key;
      it.value = "container";
      it.text = child->open;
      it.sort_text = pep503(key);
      it.end_line = close_line;
      it.child = child;
      sc.items.push_back(it);
      k = close_line;
      continue;
    }
    std::size_t c = comment_start(line);
    std::string value = trim(line.substr(p, c == npos ? npos : c - p));
    it.text = trim(line.substr(0, c));
    it.trail = c == npos ? "" : trim(line.substr(c));
    it.key = pep503(key);
    it.value = normalize_value(value);
    it.sort_text = it.key;
    it.end_line = k;
    sc.items.push_back(it);
  }
  trim_line_scope(sc.items, k, k < n);
  end = sc.items.empty() ? k0 : sc.items.back().end_line + 1;
  for (const Item& it : sc.items) {
    if (it.kind == Item::Entry) {
      m.roles[static_cast<std::size_t>(it.line)] = it.child && it.child->layout.multiline ? 'F' : 'E';
    } else {
      m.roles[static_cast<std::size_t>(it.line)] = it.kind == Item::Comment ? 'C' : 'B';
    }
  }
  return {};
}

bool is_import(const std::string& line) { return starts_with(line, "import ") || starts_with(line, "from "); }

std::string import_statement(FileModel& m, const Text& tx, int k, const std::set<std::string>& containers,
                             Item& it) {
  std::string line = tx.line(k);
  it.kind = Item::Entry;
  it.line = it.end_line = k;
  it.indent = "";
  std::size_t c = comment_start(line);
  std::string code = trim(line.substr(0, c));
  std::string comment = c == npos ? "" : trim(line.substr(c));
  if (starts_with(line, "import ")) {
    std::string body = trim(code.substr(7));
    it.key = "import " + body;
    it.value = it.key;
    it.text = code;
    it.trail = comment;
    it.sort_text = code;
    std::size_t as = body.find(" as ");
    if (as != npos) it.binds.push_back(trim(body.substr(as + 4)) + "\timport " + trim(body.substr(0, as)));
    else it.binds.push_back(body.substr(0, body.find('.')) + "\timport " + body.substr(0, body.find('.')));
    m.roles[static_cast<std::size_t>(k)] = 'E';
    return {};
  }
  std::size_t imp = line.find(" import ");
  if (imp == npos) return "a from-import that cannot be read" + at_line(k);
  std::string module = trim(line.substr(5, imp - 5));
  std::size_t p = imp + 8;
  while (p < line.size() && line[p] == ' ') ++p;
  if (p < line.size() && line[p] == '(') {
    auto child = std::make_shared<Scope>();
    child->id = "from " + module;
    child->kind = EntryKind::ImportName;
    int close_line = k;
    std::string why = bracket_scope(m, tx, tx.starts[static_cast<std::size_t>(k)] + p, *child, module, close_line);
    if (!why.empty()) return why;
    // `from m import (A)` is a parenthesized import, not a tuple; its names
    // merge as imports do: additive under either policy.
    child->tuple = false;
    child->additive_always = true;
    it.key = "from " + module;
    it.value = "container";
    it.text = child->open;
    it.sort_text = line;
    it.end_line = close_line;
    it.child = child;
    return {};
  }
  std::vector<std::string> parts;
  std::string names = code.substr(p);
  std::size_t from = 0;
  while (true) {
    std::size_t comma = names.find(',', from);
    parts.push_back(trim(names.substr(from, comma == npos ? npos : comma - from)));
    if (comma == npos) break;
    from = comma + 1;
  }
  for (const auto& part : parts)
    if (part.empty()) return "a from-import with an empty name" + at_line(k);
  if (parts.size() > 1 || containers.count(module)) {
    if (!containers.count(module))
      return "names imported one statement each in every input merged into one statement: " + code + at_line(k);
    auto child = std::make_shared<Scope>();
    child->id = "from " + module;
    child->kind = EntryKind::ImportName;
    child->shape = Shape::Names;
    child->additive_always = true;
    child->open = trim(code.substr(0, p));
    child->close = comment;
    child->layout.multiline = false;
    child->layout.indent = "inline";
    for (const auto& part : parts) {
      Item name;
      name.kind = Item::Entry;
      name.text = part;
      name.line = name.end_line = k;
      std::string why = interpret(name, EntryKind::ImportName, module);
      if (!why.empty()) return why + at_line(k);
      child->items.push_back(name);
    }
    it.key = "from " + module;
    it.value = "container";
    it.text = child->open;
    it.sort_text = code;
    it.child = child;
    m.roles[static_cast<std::size_t>(k)] = 'E';
    return {};
  }
  Item name;
  name.text = parts[0];
  std::string why = interpret(name, EntryKind::ImportName, module);
  if (!why.empty()) return why + at_line(k);
  it.key = name.key;
  it.value = module + ":" + name.value;
  it.text = code;
  it.trail = comment;
  it.sort_text = code;
  it.binds = name.binds;
  m.roles[static_cast<std::size_t>(k)] = 'E';
  return {};
}

void collect_binds(const Scope& sc, std::map<std::string, std::set<std::string>>& out) {
  for (const Item& it : sc.items) {
    for (const auto& b : it.binds) {
      std::size_t tab = b.find('\t');
      out[b.substr(0, tab)].insert(b.substr(tab + 1));
    }
    if (it.child) collect_binds(*it.child, out);
  }
}

}  // namespace

std::optional<std::string> python_string_value(const std::string& text) {
  std::string out;
  std::size_t i = 0, n = text.size();
  int literals = 0;
  while (true) {
    while (i < n && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i == n) break;
    bool raw = false;
    std::size_t prefix = 0;
    while (i < n && prefix < 2 && std::strchr("rRuUbBfF", text[i]) && text[i] != '\0') {
      raw = raw || text[i] == 'r' || text[i] == 'R';
      ++i;
      ++prefix;
    }
    if (i >= n || (text[i] != '"' && text[i] != '\'')) return std::nullopt;
    char q = text[i];
    bool triple = text.compare(i, 3, std::string(3, q)) == 0;
    std::size_t quote_len = triple ? 3 : 1;
    i += quote_len;
    bool closed = false;
    while (i < n) {
      if (text.compare(i, quote_len, std::string(quote_len, q)) == 0) {
        i += quote_len;
        closed = true;
        break;
      }
      char c = text[i];
      if (c == '\\' && i + 1 < n) {
        if (raw) {
          out += c;
          out += text[i + 1];
        } else {
          char e = text[i + 1];
          out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        }
        i += 2;
        continue;
      }
      out += c;
      ++i;
    }
    if (!closed) return std::nullopt;
    ++literals;
  }
  if (!literals) return std::nullopt;
  return out;
}

std::string squeeze(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      std::size_t e = skip_string(text, i, true);
      if (e == npos) e = text.size();
      out += text.substr(i, e - i);
      i = e;
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    ++i;
  }
  return out;
}

FileModel read_pyproject(const std::string& raw) {
  FileModel m = start(raw);
  try {
    auto parsed = toml::parse(raw, std::string_view("pyproject.toml"));
    (void)parsed;
  } catch (const toml::parse_error& e) {
    m.error = "not valid TOML: " + std::string(e.description()) + " (line " + std::to_string(e.source().begin.line) + ")";
    return m;
  }
  Text tx(raw);
  int n = tx.count();
  std::string table;
  for (int k = 0; k < n;) {
    std::string line = tx.line(k);
    if (!line.empty() && line[0] == '[') {
      table = header_name(line);
      m.skeleton.push_back(line);
      ++k;
      if (table == "project.optional-dependencies" || table == "tool.poetry.dependencies") {
        Scope sc;
        sc.id = table == "project.optional-dependencies" ? "optional-dependencies" : "poetry";
        sc.shape = Shape::Lines;
        sc.kind = table == "project.optional-dependencies" ? EntryKind::Group : EntryKind::PoetryKey;
        sc.open = line;
        sc.layout.multiline = true;
        sc.layout.indent = "";
        int end = k;
        std::string why = toml_table(m, tx, k, sc, end);
        if (!why.empty()) {
          m.error = why;
          return m;
        }
        m.skeleton.push_back("\x01" + sc.id);
        if (m.scopes.count(sc.id)) {
          m.error = "the table [" + table + "] twice";
          return m;
        }
        m.scopes[sc.id] = sc;
        k = end;
      }
      continue;
    }
    std::string code = trim(line.substr(0, comment_start(line)));
    if (table == "project" && starts_with(code, "dependencies") && code.find('[') != npos &&
        trim(code.substr(12, code.find('[') - 12)) == "=") {
      Scope sc;
      sc.id = "dependencies";
      sc.kind = EntryKind::Requirement;
      int close_line = k;
      std::string why = bracket_scope(m, tx, tx.starts[static_cast<std::size_t>(k)] + line.find('['), sc, "", close_line);
      if (!why.empty()) {
        m.error = why;
        return m;
      }
      m.skeleton.push_back("\x01" + sc.id);
      m.scopes[sc.id] = sc;
      k = close_line + 1;
      continue;
    }
    m.skeleton.push_back(line);
    ++k;
  }
  return m;
}

FileModel read_python(const std::string& raw, const std::set<std::string>& containers) {
  FileModel m = start(raw);
  std::string problem = core::python_syntax_problem(raw);
  if (!problem.empty()) {
    m.error = "not valid Python: " + problem;
    return m;
  }
  Text tx(raw);
  int n = tx.count();
  int k = 0;
  auto skel = [&](int line) { m.skeleton.push_back(tx.line(line)); };
  if (n > 0 && starts_with(tx.line(0), "\"\"\"")) {
    std::string first = tx.line(0);
    bool closed = first.size() >= 6 && first.find("\"\"\"", 3) != npos;
    skel(k++);
    while (!closed && k < n) {
      closed = tx.line(k).find("\"\"\"") != npos;
      skel(k++);
    }
  }
  // The top import block: from the first import (with the comment lines
  // directly above it) to the last import, or to comment lines directly
  // after it.
  int first_import = -1;
  for (int j = k; j < n; ++j) {
    std::string t = trim(tx.line(j));
    if (t.empty() || t[0] == '#') continue;
    if (is_import(tx.line(j))) first_import = j;
    break;
  }
  Scope block;
  block.id = "imports";
  block.shape = Shape::Lines;
  block.kind = EntryKind::Statement;
  block.layout.multiline = true;
  block.layout.indent = "";
  block.additive_always = true;
  if (first_import >= 0) {
    int start_line = first_import;
    while (start_line > k && !trim(tx.line(start_line - 1)).empty() && trim(tx.line(start_line - 1))[0] == '#')
      --start_line;
    while (k < start_line) skel(k++);
    int j = start_line;
    for (; j < n;) {
      std::string line = tx.line(j);
      std::string t = trim(line);
      if (t.empty() || t[0] == '#') {
        Item it;
        it.kind = t.empty() ? Item::Blank : Item::Comment;
        it.text = t;
        it.indent = tx.indent_of(j);
        it.line = it.end_line = j;
        block.items.push_back(it);
        ++j;
        continue;
      }
      if (!is_import(line)) break;
      Item it;
      std::string why = import_statement(m, tx, j, containers, it);
      if (!why.empty()) {
        m.error = why;
        return m;
      }
      block.items.push_back(it);
      j = it.end_line + 1;
    }
    trim_line_scope(block.items, j, j < n);
    int end = block.items.empty() ? start_line : block.items.back().end_line + 1;
    for (const Item& it : block.items)
      if (it.kind != Item::Entry) m.roles[static_cast<std::size_t>(it.line)] = it.kind == Item::Comment ? 'C' : 'B';
    k = end;
  }
  m.skeleton.push_back("\x01imports");
  m.scopes["imports"] = block;
  collect_binds(block, m.bindings);

  for (; k < n;) {
    std::string line = tx.line(k);
    std::string id;
    for (const char* name : {"__all__", "urlpatterns"})
      if (starts_with(line, std::string(name) + " = [") || starts_with(line, std::string(name) + " = (") ||
          starts_with(line, std::string(name) + " += ["))
        id = name;
    if (!id.empty()) {
      Scope sc;
      sc.id = id;
      sc.kind = id == "__all__" ? EntryKind::PyString : EntryKind::Route;
      sc.additive_always = true;
      sc.order_matters = true;
      int close_line = k;
      std::size_t open = line.find_first_of("[(");
      std::string why = bracket_scope(m, tx, tx.starts[static_cast<std::size_t>(k)] + open, sc, "", close_line);
      if (!why.empty()) {
        m.error = why;
        return m;
      }
      if (m.scopes.count(id)) {
        m.error = id + " twice";
        return m;
      }
      m.skeleton.push_back("\x01" + id);
      m.scopes[id] = sc;
      m.bindings[id].insert("assign");
      k = close_line + 1;
      continue;
    }
    if (starts_with(line, "def ") || starts_with(line, "class ")) {
      std::size_t b = line.find(' ') + 1, e = b;
      while (e < line.size() && is_ident_char(line[e])) ++e;
      m.bindings[line.substr(b, e - b)].insert(line.substr(0, b - 1));
    } else if (!line.empty() && (std::isalpha(static_cast<unsigned char>(line[0])) || line[0] == '_')) {
      std::size_t e = 0;
      while (e < line.size() && is_ident_char(line[e])) ++e;
      std::size_t p = e;
      while (p < line.size() && line[p] == ' ') ++p;
      if (p < line.size() && line[p] == '=' && line.compare(p, 2, "==") != 0) m.bindings[line.substr(0, e)].insert("assign");
      else if (is_import(line)) {
        m.error = "an import statement after the top import block" + at_line(k);
        return m;
      }
    }
    skel(k++);
  }
  return m;
}

}  // namespace lanemerge::property::edge

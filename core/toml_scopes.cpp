#include "core/toml_scopes.hpp"

#include <algorithm>
#include <set>

#include <toml++/toml.h>

#include "core/pep508.hpp"
#include "core/text.hpp"

namespace lanemerge::core {

namespace {

struct Range {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool ok = false;
};

class Reader {
public:
  explicit Reader(std::string_view text) : text_(text), lines_(text) {}

  Range range(const toml::source_region& r) const {
    Range out;
    out.begin = lines_.offset(r.begin.line, r.begin.column);
    out.end = lines_.offset(r.end.line, r.end.column);
    out.ok = out.begin != std::string::npos && out.end != std::string::npos && out.begin <= out.end;
    return out;
  }

  std::string_view line(std::size_t number) const {
    std::size_t b = lines_.offset(number, 1);
    if (b == std::string::npos) return {};
    std::size_t e = text_.find('\n', b);
    return text_.substr(b, (e == std::string_view::npos ? text_.size() : e) - b);
  }

  std::size_t line_start(std::size_t number) const { return lines_.offset(number, 1); }

  // Collect the line numbers of every `[header]` / `[[header]]`.
  void collect_headers(const toml::node& node) {
    if (const auto* t = node.as_table()) {
      if (!t->is_inline()) {
        auto src = t->source();
        if (src.begin.line > 0 && trim(line(src.begin.line)).substr(0, 1) == "[") headers_.insert(src.begin.line);
      }
      for (auto&& [k, v] : *t) collect_headers(v);
    } else if (const auto* a = node.as_array()) {
      for (auto&& v : *a) collect_headers(v);
    }
  }

  std::size_t next_header_after(std::size_t line) const {
    auto it = headers_.upper_bound(line);
    return it == headers_.end() ? 0 : *it;
  }

  // Whether `table` is written as its own `[path]` header.
  bool is_header_of(const toml::table& table, const std::vector<std::string>& path) const {
    std::string_view l = trim(line(table.source().begin.line));
    if (l.size() < 2 || l[0] != '[' || l[1] == '[') return false;
    std::size_t close = l.find(']');
    if (close == std::string_view::npos) return false;
    std::vector<std::string> keys;
    std::string cur;
    std::string_view inner = l.substr(1, close - 1);
    for (std::size_t i = 0; i < inner.size(); ++i) {
      char c = inner[i];
      if (c == '"' || c == '\'') {
        std::size_t j = inner.find(c, i + 1);
        if (j == std::string_view::npos) return false;
        cur += inner.substr(i + 1, j - i - 1);
        i = j;
      } else if (c == '.') {
        keys.push_back(std::string(trim(cur)));
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    keys.push_back(std::string(trim(cur)));
    return keys == path;
  }

  std::string_view text() const { return text_; }

private:
  std::string_view text_;
  LineIndex lines_;
  std::set<std::size_t> headers_;
};

enum class Shape { Requirement, Package, Group };

std::string requirement_key(const toml::node& element, const std::string& norm) {
  if (const auto* s = element.as_string()) {
    std::string name = requirement_name(s->get());
    if (!name.empty()) return name;
  } else if (const auto* t = element.as_table()) {
    if (const auto* g = t->get_as<std::string>("include-group")) return "include-group:" + normalize_name(g->get());
  }
  return "\x02" + norm;  // no name: the text is the key
}

struct Builder {
  Reader& reader;
  PyprojectDoc& doc;
  std::string_view eol;

  void add_array(const std::string& id, const toml::array& array, bool nested) {
    Range r = reader.range(array.source());
    if (!r.ok || r.end - r.begin < 2) return;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (auto&& element : array) {
      Range er = reader.range(element.source());
      if (!er.ok) return;
      ranges.emplace_back(er.begin, er.end);
    }
    Scope scope;
    scope.id = id;
    scope.rule = "R-PYPROJECT-DEPS-UNION";
    scope.nested = nested;
    scope.body_begin = r.begin + 1;
    scope.body_end = r.end - 1;
    scope.layout = analyze_body(reader.text(), scope.body_begin, scope.body_end, BodyKind::Delimited, ranges, eol);
    if (!scope.layout.supported) return;
    std::size_t i = 0;
    for (auto&& element : array) {
      ScopeEntry e;
      e.begin = ranges[i].first;
      e.end = ranges[i].second;
      e.entry.norm = normalized_entry(scope.layout.entries[i++]);
      e.entry.key = requirement_key(element, e.entry.norm);
      scope.add(std::move(e));
    }
    doc.scopes[id] = std::move(scope);
  }

  void add_table(const std::string& id, const toml::table& table, const std::vector<std::string>& path, Shape shape) {
    BodyKind kind;
    std::size_t body_begin = 0, body_end = 0;
    Range r = reader.range(table.source());
    if (!r.ok) return;
    struct Child { std::size_t begin, end; std::string key; const toml::node* value; };
    std::vector<Child> children;
    for (auto&& [k, v] : table) {
      if (const auto* sub = v.as_table(); sub && !sub->is_inline()) return;  // sub-headers or dotted keys
      Range kr = reader.range(k.source());
      Range vr = reader.range(v.source());
      if (!kr.ok || !vr.ok) return;
      children.push_back(Child{kr.begin, vr.end, std::string(k.str()), &v});
    }
    std::sort(children.begin(), children.end(), [](const Child& a, const Child& b) { return a.begin < b.begin; });

    if (table.is_inline()) {
      kind = BodyKind::Delimited;
      body_begin = r.begin + 1;
      body_end = r.end - 1;
    } else if (!reader.is_header_of(table, path)) {
      // Dotted keys (`optional-dependencies.dev = [...]` under [project]):
      // a scope when its lines stand together in one section.
      if (children.empty()) return;
      kind = BodyKind::Lines;
      std::string_view text = reader.text();
      for (auto& c : children) {
        std::size_t ls = text.rfind('\n', c.begin);
        ls = ls == std::string_view::npos ? 0 : ls + 1;
        std::size_t first = text.find_first_not_of(" \t", ls);
        std::string prefix = squeeze_outside_strings(text.substr(first, c.begin - first));
        if (prefix.empty() || prefix.back() != '.' || prefix.find_first_of("=[]{}") != std::string::npos) return;
        c.begin = first;
      }
      body_begin = text.rfind('\n', children.front().begin);
      body_begin = body_begin == std::string_view::npos ? 0 : body_begin + 1;
      std::size_t nl = text.find('\n', children.back().end);
      body_end = nl == std::string_view::npos ? text.size() : nl + 1;
    } else {
      kind = BodyKind::Lines;
      std::size_t header_line = table.source().begin.line;
      body_begin = reader.line_start(header_line + 1);
      if (body_begin == std::string::npos) body_begin = reader.text().size();
      std::size_t next = reader.next_header_after(header_line);
      std::size_t limit = next ? reader.line_start(next) : reader.text().size();
      body_end = body_begin;
      for (const auto& c : children) {
        if (c.begin < body_begin || c.end > limit) return;
        std::size_t nl = reader.text().find('\n', c.end);
        body_end = nl == std::string_view::npos ? reader.text().size() : nl + 1;
      }
      if (body_end > limit) return;
    }
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (const auto& c : children) ranges.emplace_back(c.begin, c.end);

    Scope scope;
    scope.id = id;
    scope.rule = "R-PYPROJECT-DEPS-UNION";
    scope.body_begin = body_begin;
    scope.body_end = body_end;
    scope.layout = analyze_body(reader.text(), body_begin, body_end, kind, ranges, eol);
    if (!scope.layout.supported) return;
    scope.union_when_new = shape == Shape::Group;
    for (std::size_t i = 0; i < children.size(); ++i) {
      ScopeEntry e;
      e.begin = ranges[i].first;
      e.end = ranges[i].second;
      e.entry.norm = normalized_entry(scope.layout.entries[i]);
      e.entry.key = normalize_name(children[i].key);
      if (shape == Shape::Group) {
        if (const auto* arr = children[i].value->as_array()) {
          e.entry.container = true;
          e.child_scope = id + "." + children[i].key;
          add_array(e.child_scope, *arr, true);
          if (!doc.scopes.count(e.child_scope)) e.entry.container = false;
        }
      }
      scope.add(std::move(e));
    }
    doc.scopes[id] = std::move(scope);
  }

  // Group arrays when their table is not itself a scope (dotted keys).
  void add_group_arrays(const std::string& prefix, const toml::table& table) {
    for (auto&& [k, v] : table)
      if (const auto* arr = v.as_array()) {
        std::string id = prefix + "." + std::string(k.str());
        if (!doc.scopes.count(id)) add_array(id, *arr, false);
      }
  }
};

}  // namespace

Expected<PyprojectDoc> read_pyproject(std::string_view text) {
  PyprojectDoc doc;
  doc.text = std::string(text);
  toml::table root;
  try {
    root = toml::parse(doc.text, std::string_view("pyproject.toml"));
  } catch (const toml::parse_error& e) {
    Error err;
    err.kind = "parse";
    err.operation = "parse-toml";
    err.message = std::string(e.description()) + " (line " + std::to_string(e.source().begin.line) + ")";
    return err;
  }
  Reader reader(doc.text);
  reader.collect_headers(root);
  Builder b{reader, doc, line_ending_of(doc.text)};

  if (auto* deps = root.at_path("project.dependencies").as_array()) b.add_array("project.dependencies", *deps, false);
  if (auto* req = root.at_path("build-system.requires").as_array()) b.add_array("build-system.requires", *req, false);
  if (auto* opt = root.at_path("project.optional-dependencies").as_table()) {
    b.add_table("project.optional-dependencies", *opt, {"project", "optional-dependencies"}, Shape::Group);
    if (!doc.scopes.count("project.optional-dependencies")) b.add_group_arrays("project.optional-dependencies", *opt);
  }
  if (auto* groups = root.at_path("dependency-groups").as_table()) {
    b.add_table("dependency-groups", *groups, {"dependency-groups"}, Shape::Group);
    if (!doc.scopes.count("dependency-groups")) b.add_group_arrays("dependency-groups", *groups);
  }
  if (auto* poetry = root.at_path("tool.poetry").as_table()) {
    for (const char* name : {"dependencies", "dev-dependencies"})
      if (auto* t = poetry->get_as<toml::table>(name))
        b.add_table(std::string("tool.poetry.") + name, *t, {"tool", "poetry", name}, Shape::Package);
    if (auto* group = poetry->get_as<toml::table>("group"))
      for (auto&& [g, v] : *group)
        if (auto* gt = v.as_table())
          if (auto* t = gt->get_as<toml::table>("dependencies")) {
            std::string gname(g.str());
            b.add_table("tool.poetry.group." + gname + ".dependencies", *t,
                        {"tool", "poetry", "group", gname, "dependencies"}, Shape::Package);
          }
  }
  return doc;
}

}  // namespace lanemerge::core

#include "core/toml_scopes.hpp"

#include <algorithm>
#include <set>

#include <toml++/toml.h>

#include "core/pep508.hpp"
#include "core/scope_body.hpp"
#include "core/text.hpp"

namespace lanemerge::core {

namespace {

struct Range {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool ok = false;
};

class Source {
public:
  explicit Source(std::string_view text) : text_(text), lines_(text) {}

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

  // The line numbers of every `[header]` / `[[header]]`.
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

// A string as a canonical basic string: the same value written with either
// quote style compares equal.
std::string quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

enum class Shape { Package, Group };

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t dot = path.find('.', pos);
    out.emplace_back(path.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
    if (dot == std::string_view::npos) return out;
    pos = dot + 1;
  }
}

struct Builder {
  Source& source;
  ScopedDoc& doc;
  std::string_view eol;

  std::string_view text() const { return source.text(); }

  std::size_t begin_of_line(std::size_t pos) const {
    std::size_t nl = pos == 0 ? std::string_view::npos : text().rfind('\n', pos - 1);
    return nl == std::string_view::npos ? 0 : nl + 1;
  }
  std::size_t end_of_line(std::size_t pos) const {
    std::size_t nl = text().find('\n', pos);
    return nl == std::string_view::npos ? text().size() : nl + 1;
  }

  bool add_array(const std::string& id, const toml::array& array, const ScopeKind* kind, bool nested) {
    Range r = source.range(array.source());
    if (!r.ok || r.end - r.begin < 2) return false;
    std::vector<Span> spans;
    for (auto&& element : array) {
      Range er = source.range(element.source());
      if (!er.ok) return false;
      spans.push_back(Span{er.begin, er.end});
    }
    Scope scope;
    scope.id = id;
    scope.name = id;
    scope.kind = kind;
    scope.nested = nested;
    scope.body_begin = r.begin + 1;
    scope.body_end = r.end - 1;
    if (!read_body(text(), scope.body_begin, scope.body_end, BodyKind::Delimited, spans, eol, scope.layout, scope.items)
             .empty())
      return false;
    auto element = array.begin();
    for (auto& item : scope.items) {
      if (!item.is_entry()) continue;
      if (const auto* s = element->as_string()) {
        item.norm = quoted(s->get());
        item.key = requirement_name(s->get());
      } else if (const auto* t = element->as_table(); t && t->get_as<std::string>("include-group")) {
        item.norm = squeeze_outside_strings(item.text);
        item.key = "include-group:" + normalize_name(t->get_as<std::string>("include-group")->get());
      } else {
        item.norm = squeeze_outside_strings(item.text);
      }
      if (item.key.empty()) item.key = "\x02" + item.norm;  // no name: the text is the key
      item.sort_text = item.key;
      ++element;
    }
    doc.scopes[id] = std::move(scope);
    return true;
  }

  void add_table(const std::string& id, const toml::table& table, const std::vector<std::string>& path,
                 const ScopeKind* kind, Shape shape, const ScopeKind* array_kind) {
    BodyKind body_kind;
    std::size_t body_begin = 0, body_end = 0;
    Range r = source.range(table.source());
    if (!r.ok) return;
    struct Child {
      std::size_t begin, end;
      std::string key;
      const toml::node* value;
    };
    std::vector<Child> children;
    for (auto&& [k, v] : table) {
      if (const auto* sub = v.as_table(); sub && !sub->is_inline()) return;  // sub-headers or dotted keys
      Range kr = source.range(k.source());
      Range vr = source.range(v.source());
      if (!kr.ok || !vr.ok) return;
      children.push_back(Child{kr.begin, vr.end, std::string(k.str()), &v});
    }
    std::sort(children.begin(), children.end(), [](const Child& a, const Child& b) { return a.begin < b.begin; });

    if (table.is_inline()) {
      body_kind = BodyKind::Delimited;
      body_begin = r.begin + 1;
      body_end = r.end - 1;
    } else if (!source.is_header_of(table, path)) {
      // Dotted keys (`optional-dependencies.dev = [...]` under [project]):
      // a scope when its lines stand together in one section.
      if (children.empty()) return;
      body_kind = BodyKind::Lines;
      for (auto& c : children) {
        std::size_t ls = begin_of_line(c.begin);
        std::size_t first = text().find_first_not_of(" \t", ls);
        std::string prefix = squeeze_outside_strings(text().substr(first, c.begin - first));
        if (prefix.empty() || prefix.back() != '.' || prefix.find_first_of("=[]{}") != std::string::npos) return;
        c.begin = first;
      }
      body_begin = begin_of_line(children.front().begin);
      std::size_t after = end_of_line(children.back().end);
      std::size_t limit = after;
      while (limit < text().size()) {
        std::size_t e = end_of_line(limit);
        std::string_view l = trim(text().substr(limit, e - limit));
        if (!l.empty() && l[0] != '#') break;
        limit = e;
      }
      body_end = end_of_trailing_trivia(text(), after, limit);
    } else {
      body_kind = BodyKind::Lines;
      std::size_t header_line = table.source().begin.line;
      body_begin = source.line_start(header_line + 1);
      if (body_begin == std::string::npos) body_begin = text().size();
      std::size_t next = source.next_header_after(header_line);
      std::size_t limit = next ? source.line_start(next) : text().size();
      std::size_t after = body_begin;
      for (const auto& c : children) {
        if (c.begin < body_begin || c.end > limit) return;
        after = end_of_line(c.end);
      }
      if (after > limit) return;
      body_end = end_of_trailing_trivia(text(), after, limit);
    }
    std::vector<Span> spans;
    for (const auto& c : children) spans.push_back(Span{c.begin, c.end});

    Scope scope;
    scope.id = id;
    scope.name = id;
    scope.kind = kind;
    scope.body_begin = body_begin;
    scope.body_end = body_end;
    if (!read_body(text(), body_begin, body_end, body_kind, spans, eol, scope.layout, scope.items).empty()) return;
    std::size_t i = 0;
    for (auto& item : scope.items) {
      if (!item.is_entry()) continue;
      const Child& c = children[i++];
      item.norm = squeeze_outside_strings(item.text);
      item.key = normalize_name(c.key);
      item.sort_text = item.key;
      if (shape == Shape::Group) {
        if (const auto* arr = c.value->as_array()) {
          std::string child_id = id + "." + c.key;
          if (add_array(child_id, *arr, array_kind, true)) {
            const Scope& child = doc.scopes[child_id];
            item.child = child_id;
            item.child_begin = child.body_begin - c.begin;
            item.child_end = child.body_end - c.begin;
            item.child_layout = layout_signature(text().substr(child.body_begin, child.body_end - child.body_begin));
          }
        }
      }
    }
    doc.scopes[id] = std::move(scope);
  }

  // Group arrays when their table is not itself a scope.
  void add_group_arrays(const std::string& prefix, const toml::table& table, const ScopeKind* kind) {
    for (auto&& [k, v] : table)
      if (const auto* arr = v.as_array()) {
        std::string id = prefix + "." + std::string(k.str());
        if (!doc.scopes.count(id)) add_array(id, *arr, kind, false);
      }
  }
};

}  // namespace

const std::vector<const ScopeKind*>& pyproject_kinds() {
  static const std::vector<const ScopeKind*> kinds = scope_kinds_of("lanemerge-pyproject");
  return kinds;
}

Expected<ScopedDoc> read_toml(std::string_view text, const std::vector<const ScopeKind*>& kinds) {
  ScopedDoc doc;
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
  Source source(doc.text);
  source.collect_headers(root);
  doc.eol = std::string(line_ending_of(doc.text));
  Builder b{source, doc, doc.eol};

  const ScopeKind* arrays = nullptr;
  for (const ScopeKind* k : kinds)
    if (k->reader == Reader::Toml && k->selector == Selector::TomlArray) arrays = k;

  for (const ScopeKind* kind : kinds) {
    if (kind->reader != Reader::Toml) continue;
    for (std::string_view path : kind->paths) {
      std::vector<std::string> parts = split_path(path);
      switch (kind->selector) {
        case Selector::TomlArray:
          if (parts.back() == "*") continue;  // group arrays: read with their table below
          if (auto* a = root.at_path(path).as_array()) b.add_array(std::string(path), *a, kind, false);
          break;
        case Selector::TomlGroupTable:
          if (auto* t = root.at_path(path).as_table()) {
            b.add_table(std::string(path), *t, parts, kind, Shape::Group, arrays);
            if (!doc.scopes.count(std::string(path)) && arrays) b.add_group_arrays(std::string(path), *t, arrays);
          }
          break;
        case Selector::TomlPackageTable: {
          // One `*` may stand for any key (a Poetry group's name).
          auto star = std::find(parts.begin(), parts.end(), "*");
          if (star == parts.end()) {
            if (auto* t = root.at_path(path).as_table()) b.add_table(std::string(path), *t, parts, kind, Shape::Package, nullptr);
            break;
          }
          std::string prefix;
          for (auto it = parts.begin(); it != star; ++it) prefix += (prefix.empty() ? "" : ".") + *it;
          auto* parent = root.at_path(prefix).as_table();
          if (!parent) break;
          for (auto&& [g, v] : *parent) {
            const toml::table* node = v.as_table();
            std::vector<std::string> full(parts.begin(), star);
            full.emplace_back(g.str());
            for (auto it = star + 1; it != parts.end() && node; ++it) {
              node = node->get_as<toml::table>(*it);
              full.push_back(*it);
            }
            if (!node) continue;
            std::string id;
            for (const auto& p : full) id += (id.empty() ? "" : ".") + p;
            b.add_table(id, *node, full, kind, Shape::Package, nullptr);
          }
          break;
        }
        default:
          break;
      }
    }
  }
  return doc;
}

}  // namespace lanemerge::core

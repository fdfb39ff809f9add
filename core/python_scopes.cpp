#include "core/python_scopes.hpp"

#include <cctype>
#include <cstdint>
#include <map>
#include <regex>
#include <set>

#include "core/python_literal.hpp"
#include "core/python_syntax.hpp"
#include "core/scope_body.hpp"
#include "core/text.hpp"

namespace lanemerge::core {
namespace {

bool is_list_name(std::string_view name) {
  if (name == "urlpatterns" || name == "__all__") return true;
  bool letter = false;
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c))) letter = true;
    else if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return letter;
}

std::size_t line_start(std::string_view text, std::size_t pos) {
  std::size_t nl = pos == 0 ? std::string_view::npos : text.rfind('\n', pos - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

std::size_t line_end(std::string_view text, std::size_t pos) {
  std::size_t nl = text.find('\n', pos);
  return nl == std::string_view::npos ? text.size() : nl + 1;
}

bool is_docstring(TSNode n) {
  if (node_type(n) != "expression_statement" || ts_node_named_child_count(n) != 1) return false;
  auto t = node_type(ts_node_named_child(n, 0));
  return t == "string" || t == "concatenated_string";
}

bool is_string(TSNode n) {
  auto t = node_type(n);
  return t == "string" || t == "concatenated_string";
}

std::size_t start(TSNode n) { return ts_node_start_byte(n); }
std::size_t end(TSNode n) { return ts_node_end_byte(n); }

struct ScopeReader {
  const PythonTree& tree;
  std::string_view text;
  ScopedDoc& out;
  std::string_view eol;
  const std::vector<const ScopeKind*>& kinds;

  const ScopeKind* kind_for(Selector selector, std::string_view name = {}) const {
    for (const ScopeKind* k : kinds) {
      if (k->reader != Reader::Python || k->selector != selector) continue;
      if (selector != Selector::PyListConstant) return k;
      for (std::string_view p : k->paths)
        if (p == name || p == "*") return k;
    }
    return nullptr;
  }

  // The value of a string node, or nothing.
  std::optional<std::string> literal(TSNode n) const {
    if (node_type(n) == "string") return decode_string_literal(tree.text(n));
    if (node_type(n) != "concatenated_string") return std::nullopt;
    std::vector<std::string_view> parts;
    for (TSNode c : children(n))
      if (node_type(c) == "string") parts.push_back(tree.text(c));
      else if (ts_node_is_named(c) && node_type(c) != "comment") return std::nullopt;
    return decode_concatenation(parts);
  }

  // What an expression means, independent of spacing, line breaks and the
  // spelling of its string literals: its tokens, strings by value.
  void canonical_into(TSNode n, std::string& out_text) const {
    if (is_string(n)) {
      if (auto v = literal(n)) {
        out_text += "\x04";
        for (char c : *v) {
          if (c == '\x04' || c == '\\') out_text += '\\';
          out_text += c;
        }
        out_text += "\x04 ";
        return;
      }
    }
    uint32_t count = ts_node_child_count(n);
    if (count == 0) {
      out_text += tree.text(n);
      out_text += ' ';
      return;
    }
    for (TSNode c : children(n)) canonical_into(c, out_text);
  }
  std::string canonical(TSNode n) const {
    std::string s;
    canonical_into(n, s);
    if (!s.empty()) s.pop_back();
    return s;
  }

  // ------------------------------------------------------------------ imports

  void bind(const std::string& name, std::string site, bool by_import, std::string target = {}) {
    out.bindings.push_back(Binding{name, std::move(site), by_import, std::move(target)});
  }

  // The names an import statement binds, and its name nodes.
  std::vector<TSNode> imported_names(TSNode s) const {
    std::vector<TSNode> names;
    bool after_import = node_type(s) == "import_statement";
    for (TSNode c : children(s)) {
      auto ct = node_type(c);
      if (ct == "import") after_import = true;
      else if (after_import && (ct == "dotted_name" || ct == "aliased_import")) names.push_back(c);
    }
    return names;
  }

  std::string bound_name(TSNode name) const {
    if (node_type(name) == "aliased_import") return std::string(tree.text(field(name, "alias")));
    std::string dotted = squeeze_outside_strings(tree.text(name), true);
    return dotted;
  }

  // Every name an import binds is a binding site of its own, except that all
  // plain `import a.x` bind the one package `a`.
  void bind_import(TSNode s) {
    bool plain = node_type(s) == "import_statement";
    std::string module = plain ? std::string() : squeeze_outside_strings(tree.text(field(s, "module_name")), true);
    for (TSNode name : imported_names(s)) {
      std::string bound = bound_name(name);
      TSNode what = node_type(name) == "aliased_import" ? field(name, "name") : name;
      std::string imported = squeeze_outside_strings(tree.text(what), true);
      if (plain && node_type(name) == "dotted_name") {
        std::string root = bound.substr(0, bound.find('.'));
        bind(root, "import " + root, true, root);
      } else {
        bind(bound, "@" + std::to_string(start(name)), true, plain ? imported : module + ":" + imported);
      }
    }
  }

  void read_imports(TSNode module) {
    const ScopeKind* kind = kind_for(Selector::PyImportBlock);
    const ScopeKind* names_kind = kind_for(Selector::PyImportNames);
    auto kids = children(module);
    std::size_t i = 0;
    while (i < kids.size() &&
           (node_type(kids[i]) == "comment" || node_type(kids[i]) == "future_import_statement" ||
            is_docstring(kids[i])))
      ++i;
    // Nothing above the block may be taken into it: the end of the docstring
    // or of the last `from __future__` import.
    std::size_t floor = 0;
    for (std::size_t k = 0; k < i; ++k)
      if (node_type(kids[k]) != "comment") floor = end(kids[k]);
    std::vector<TSNode> statements;
    std::size_t next = text.size();
    for (; i < kids.size(); ++i) {
      auto t = node_type(kids[i]);
      if (t == "import_statement" || t == "import_from_statement") statements.push_back(kids[i]);
      else if (t != "comment") {
        next = line_start(text, start(kids[i]));
        break;
      }
    }
    if (statements.empty() || !kind) return;

    Scope scope;
    scope.id = "imports";
    scope.name = "the import block";
    scope.kind = kind;
    // Comment lines directly above the first import (no blank line between)
    // belong to it, as they would to any other statement of the block.
    scope.body_begin = line_start(text, start(statements.front()));
    while (scope.body_begin > floor && scope.body_begin > 0) {
      std::size_t above = line_start(text, scope.body_begin - 1);
      if (above < floor) break;
      std::string_view line = text.substr(above, scope.body_begin - above);
      std::size_t c = line.find_first_not_of(" \t");
      if (c == std::string_view::npos || line[c] != '#') break;
      scope.body_begin = above;
    }
    std::size_t after = line_end(text, end(statements.back()));
    scope.body_end = end_of_trailing_trivia(text, after, std::max(after, next));
    std::vector<Span> spans;
    for (TSNode s : statements) spans.push_back(Span{start(s), end(s)});
    if (!read_body(text, scope.body_begin, scope.body_end, BodyKind::Lines, spans, eol, scope.layout, scope.items)
             .empty())
      return;
    out.import_block = scope.id;

    std::set<std::string> child_ids;
    std::size_t k = 0;
    for (auto& item : scope.items) {
      if (!item.is_entry()) continue;
      TSNode s = statements[k++];
      item.sort_text = squeeze_outside_strings(tree.text(s), true);
      item.norm = canonical(s);
      if (node_type(s) == "import_statement") {
        item.key = item.norm;
        continue;
      }
      std::string module = squeeze_outside_strings(tree.text(field(s, "module_name")), true);
      item.key = "from " + module;
      bool wildcard = false;
      for (TSNode c : children(s)) wildcard = wildcard || node_type(c) == "wildcard_import";
      std::vector<TSNode> names = imported_names(s);
      if (wildcard) {
        item.key += " *";
        continue;
      }
      if (names.empty() || !names_kind) continue;
      Scope inner;
      inner.id = scope.id + "/" + item.key;
      inner.name = "the names imported from " + module;
      inner.kind = names_kind;
      inner.nested = true;
      std::vector<Span> name_spans;
      for (TSNode n : names) name_spans.push_back(Span{start(n), end(n)});
      inner.body_begin = name_spans.front().begin;
      inner.body_end = name_spans.back().end;
      for (TSNode c : children(s)) {
        if (node_type(c) == "(") inner.body_begin = end(c);
        if (node_type(c) == ")") inner.body_end = start(c);
      }
      if (!read_body(text, inner.body_begin, inner.body_end, BodyKind::Delimited, name_spans, eol, inner.layout,
                     inner.items)
               .empty())
        continue;
      std::size_t j = 0;
      for (auto& name_item : inner.items) {
        if (!name_item.is_entry()) continue;
        TSNode n = names[j++];
        name_item.key = bound_name(n);
        name_item.norm = canonical(n);
        name_item.sort_text = name_item.key;
      }
      if (!child_ids.insert(inner.id).second) {
        out.scopes.erase(inner.id);  // one module imported twice: whole statements only
        continue;
      }
      item.child = inner.id;
      item.child_begin = inner.body_begin - item.begin;
      item.child_end = inner.body_end - item.begin;
      out.scopes[inner.id] = std::move(inner);
    }
    // A module imported by two statements: neither holds a scope of names.
    for (auto& item : scope.items)
      if (!item.child.empty() && !out.scopes.count(item.child)) item.child.clear();
    out.scopes[scope.id] = std::move(scope);
  }

  // -------------------------------------------------------------------- lists

  // The argument of a call by position or keyword, or a null node.
  TSNode argument(TSNode call, std::size_t position, std::initializer_list<std::string_view> keywords) const {
    std::size_t pos = 0;
    TSNode none{};
    for (TSNode arg : children(field(call, "arguments"))) {
      if (!ts_node_is_named(arg) || node_type(arg) == "comment") continue;
      if (node_type(arg) == "keyword_argument") {
        std::string_view name = tree.text(field(arg, "name"));
        for (std::string_view k : keywords)
          if (name == k) return field(arg, "value");
        continue;
      }
      if (node_type(arg) == "list_splat" || node_type(arg) == "dictionary_splat") return none;
      if (pos++ == position) return arg;
    }
    return none;
  }

  std::string value_key(TSNode n) const {
    if (auto v = literal(n)) return *v;
    return "\x03" + canonical(n);
  }

  static bool catch_all_regex(std::string r) {
    if (!r.empty() && r[0] == '^') r.erase(0, 1);
    if (r.empty()) return true;
    if (r.rfind(".*", 0) == 0 || r.rfind(".+", 0) == 0) return true;
    static const std::regex group(R"(^\((\?P<[A-Za-z_][A-Za-z0-9_]*>|\?:)?\.[*+]\))");
    return std::regex_search(r, group);
  }

  void describe_entry(Item& item, TSNode el, bool routes) const {
    item.norm = canonical(el);
    item.sort_text = squeeze_outside_strings(tree.text(el), true);
    item.key = value_key(el);
    if (node_type(el) != "call") return;
    std::string fn(tree.text(field(el, "function")));
    std::size_t dot = fn.rfind('.');
    std::string base = dot == std::string::npos ? fn : fn.substr(dot + 1);
    if (base != "path" && base != "re_path" && base != "url") return;
    TSNode route = argument(el, 0, {"route", "regex"});
    if (!ts_node_is_null(route)) {
      item.key = "route " + value_key(route);
      item.extra_keys.push_back(item.key);
    }
    TSNode name = argument(el, static_cast<std::size_t>(-1), {"name"});
    if (!ts_node_is_null(name)) item.extra_keys.push_back("name " + value_key(name));
    if (!routes || ts_node_is_null(route)) return;
    auto r = literal(route);
    if (!r || r->rfind("s:", 0) != 0) return;
    std::string value = r->substr(2);
    if (base == "path") {
      static const std::regex converter(R"(^<path:[A-Za-z_][A-Za-z0-9_]*>$)");
      TSNode view = argument(el, 1, {"view"});
      bool include = !ts_node_is_null(view) && node_type(view) == "call" && [&] {
        std::string f(tree.text(field(view, "function")));
        return f == "include" || (f.size() > 8 && f.compare(f.size() - 8, 8, ".include") == 0);
      }();
      item.catch_all = std::regex_search(value, converter) || (value.empty() && include);
    } else {
      item.catch_all = catch_all_regex(value);
    }
  }

  void read_lists(TSNode module) {
    std::map<std::string, int> seen;
    for (TSNode st : children(module)) {
      if (node_type(st) != "expression_statement" || ts_node_named_child_count(st) != 1) continue;
      TSNode a = ts_node_named_child(st, 0);
      auto t = node_type(a);
      if (t != "assignment" && t != "augmented_assignment") continue;
      TSNode left = field(a, "left");
      TSNode right = field(a, "right");
      auto rt = node_type(right);
      if (node_type(left) != "identifier" || (rt != "list" && rt != "tuple")) continue;
      std::string name(tree.text(left));
      if (!is_list_name(name)) continue;
      const ScopeKind* kind = kind_for(Selector::PyListConstant, name);
      if (!kind) continue;
      std::string id = "list " + name + (t == "assignment" ? " =" : " +=");
      int n = seen[id]++;
      if (t == "augmented_assignment") {
        if (tree.text(field(a, "operator")) != "+=") continue;
        id += " #" + std::to_string(n);
      } else if (n > 0) {
        out.scopes.erase(id);  // assigned twice: not a scope
        continue;
      }
      Scope scope;
      scope.id = id;
      scope.name = name;
      scope.kind = kind;
      std::vector<Span> spans;
      std::vector<TSNode> elements;
      for (TSNode c : children(right))
        if (ts_node_is_named(c) && node_type(c) != "comment") {
          elements.push_back(c);
          spans.push_back(Span{start(c), end(c)});
        }
      scope.body_begin = start(right) + 1;
      scope.body_end = end(right) - 1;
      if (!read_body(text, scope.body_begin, scope.body_end, BodyKind::Delimited, spans, eol, scope.layout,
                     scope.items)
               .empty())
        continue;
      scope.layout.tuple = rt == "tuple";
      std::size_t k = 0;
      for (auto& item : scope.items)
        if (item.is_entry()) describe_entry(item, elements[k++], kind->catch_all_order);
      out.scopes[id] = std::move(scope);
    }
  }

  // ----------------------------------------------------------------- bindings

  void bind_targets(TSNode target, const std::string& site) {
    auto t = node_type(target);
    if (t == "identifier") {
      bind(std::string(tree.text(target)), site, false);
    } else if (t == "pattern_list" || t == "tuple_pattern" || t == "list_pattern") {
      for (TSNode c : children(target))
        if (ts_node_is_named(c)) bind_targets(c, site);
    }
  }

  void read_bindings(TSNode module) {
    for (TSNode st : children(module)) {
      auto t = node_type(st);
      std::string site = "@" + std::to_string(start(st));
      if (t == "import_statement" || t == "import_from_statement") {
        bind_import(st);
      } else if (t == "function_definition" || t == "class_definition") {
        bind(std::string(tree.text(field(st, "name"))), site, false);
      } else if (t == "decorated_definition") {
        TSNode def = field(st, "definition");
        if (!ts_node_is_null(def)) bind(std::string(tree.text(field(def, "name"))), site, false);
      } else if (t == "expression_statement") {
        for (TSNode a : children(st)) {
          while (node_type(a) == "assignment") {
            bind_targets(field(a, "left"), site);
            a = field(a, "right");
          }
        }
      }
    }
  }
};

Error parse_error(std::string message) {
  Error err;
  err.kind = "parse";
  err.operation = "parse-python";
  err.message = std::move(message);
  return err;
}

}  // namespace

Expected<ScopedDoc> read_python(std::string_view text, const std::vector<const ScopeKind*>& kinds) {
  ScopedDoc out;
  out.text = std::string(text);
  if (text.size() >= UINT32_MAX) return parse_error("file too large to parse");
  PythonTree tree(out.text);
  if (tree.has_error()) return parse_error(python_syntax_problem(out.text));
  ScopeReader reader{tree, out.text, out, line_ending_of(out.text), kinds};
  reader.read_imports(tree.root());
  reader.read_lists(tree.root());
  reader.read_bindings(tree.root());
  return out;
}

void pair_augmented_lists(std::vector<ScopedDoc*> docs) {
  std::map<std::string, std::set<std::size_t>> counts;  // "list NAME +=" → counts seen
  for (const ScopedDoc* d : docs) {
    std::map<std::string, std::size_t> c;
    for (const auto& [id, s] : d->scopes) {
      std::size_t hash = id.find(" += #");
      if (hash != std::string::npos) ++c[id.substr(0, hash + 3)];
    }
    for (const auto& [name, n] : c) counts[name].insert(n);
  }
  for (ScopedDoc* d : docs)
    for (auto it = d->scopes.begin(); it != d->scopes.end();) {
      std::size_t hash = it->first.find(" += #");
      bool drop = hash != std::string::npos && counts[it->first.substr(0, hash + 3)].size() > 1;
      if (!drop && hash != std::string::npos)
        for (const ScopedDoc* other : docs)
          if (!other->scopes.count(it->first)) drop = true;
      it = drop ? d->scopes.erase(it) : std::next(it);
    }
}

std::optional<std::pair<std::size_t, std::size_t>> import_block_range(std::string_view text) {
  ScopedDoc doc;
  doc.text = std::string(text);
  PythonTree tree(doc.text);
  if (tree.has_error()) return std::nullopt;
  auto kids = children(tree.root());
  std::size_t i = 0;
  while (i < kids.size() &&
         (node_type(kids[i]) == "comment" || node_type(kids[i]) == "future_import_statement" || is_docstring(kids[i])))
    ++i;
  std::size_t first = std::string::npos, last = 0;
  for (; i < kids.size(); ++i) {
    auto t = node_type(kids[i]);
    if (t == "import_statement" || t == "import_from_statement") {
      if (first == std::string::npos) first = start(kids[i]);
      last = end(kids[i]);
    } else if (t != "comment") {
      break;
    }
  }
  if (first == std::string::npos) return std::nullopt;
  return std::make_pair(line_start(text, first), line_end(text, last));
}

}  // namespace lanemerge::core

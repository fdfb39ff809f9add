#include "core/python_scopes.hpp"

#include <cctype>
#include <cstdint>
#include <deque>
#include <map>
#include <unordered_map>
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


std::size_t start(TSNode n) { return ts_node_start_byte(n); }
std::size_t end(TSNode n) { return ts_node_end_byte(n); }


// What an import statement says, the same in every version that holds it.
struct ImportFacts {
  std::string norm, sort_text, key;
  bool container = false;
  std::size_t child_begin = 0, child_end = 0;  // the names' body inside the statement's text
  std::string child_layout;
  std::vector<Binding> bindings;                // sites are the statement's own
};

// What a list element says (routes are read only in urlpatterns).
struct ElementFacts {
  std::string norm, sort_text, key;
  std::vector<std::string> extra_keys;
  bool catch_all = false;
};

}  // namespace

struct PythonFactsCache {
  std::deque<std::string> texts;  // owns the keys
  std::unordered_map<std::string_view, ImportFacts> imports;
  std::unordered_map<std::string_view, ElementFacts> elements, routes;
};

namespace {

struct StatementParts {
  std::vector<TSNode> names;  // dotted_name / aliased_import after `import`
  std::size_t body_begin = 0;  // the names' body: inside the parentheses, else first to last name
  std::size_t body_end = 0;
  bool wildcard = false;
};

StatementParts import_parts(TSNode s) {
  StatementParts p;
  bool after_import = node_type(s) == "import_statement";
  bool open = false, close = false;
  TSTreeCursor cursor = ts_tree_cursor_new(s);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      TSNode c = ts_tree_cursor_current_node(&cursor);
      std::string_view t = node_type(c);
      if (t == "import") after_import = true;
      else if (t == "wildcard_import") p.wildcard = true;
      else if (t == "(") p.body_begin = end(c), open = true;
      else if (t == ")") p.body_end = start(c), close = true;
      else if (after_import && (t == "dotted_name" || t == "aliased_import")) p.names.push_back(c);
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  if (!p.names.empty()) {
    if (!open) p.body_begin = start(p.names.front());
    if (!close) p.body_end = end(p.names.back());
  }
  return p;
}

std::string bound_name(const PythonTree& tree, TSNode name) {
  if (node_type(name) == "aliased_import") return std::string(tree.text(field(name, "alias")));
  return squeeze_outside_strings(tree.text(name), true);
}

// The names of one `from m import …` statement, read from its own text.
std::optional<Scope> read_import_names(const ScopedDoc& doc, const Item& container, const ScopeKind* kind) {
  PythonTree tree(container.text);
  if (tree.has_error()) return std::nullopt;
  TSNode statement{};
  TSTreeCursor cursor = ts_tree_cursor_new(tree.root());
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      TSNode c = ts_tree_cursor_current_node(&cursor);
      if (node_type(c) == "import_from_statement") statement = c;
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  if (ts_node_is_null(statement)) return std::nullopt;
  StatementParts parts = import_parts(statement);
  if (parts.names.empty() || parts.wildcard) return std::nullopt;
  Scope inner;
  inner.id = container.child;
  inner.name = "the names imported from " + squeeze_outside_strings(tree.text(field(statement, "module_name")), true);
  inner.kind = kind;
  inner.nested = true;
  std::vector<Span> spans;
  for (TSNode n : parts.names) spans.push_back(Span{start(n), end(n)});
  if (!read_body(container.text, parts.body_begin, parts.body_end, BodyKind::Delimited, spans, doc.eol, inner.layout,
                 inner.items)
           .empty())
    return std::nullopt;
  // Offsets in the document, as every other scope has them.
  inner.body_begin = container.begin + parts.body_begin;
  inner.body_end = container.begin + parts.body_end;
  std::size_t j = 0;
  for (auto& item : inner.items) {
    item.begin += container.begin;
    if (!item.is_entry()) continue;
    item.key = bound_name(tree, parts.names[j++]);
    item.norm = python_canonical(item.text);
    item.sort_text = item.key;
  }
  return inner;
}

struct ScopeReader {
  const PythonTree& tree;
  std::string_view text;
  ScopedDoc& out;
  std::string_view eol;
  const std::vector<const ScopeKind*>& kinds;
  PythonFactsCache& cache;

  // The facts of an import statement, read once per text.
  const ImportFacts& facts(TSNode s) {
    std::string_view own = tree.text(s);
    auto it = cache.imports.find(own);
    if (it != cache.imports.end()) return it->second;
    ImportFacts f;
    f.sort_text = squeeze_outside_strings(own, true);
    f.norm = python_canonical(own);
    bool plain = node_type(s) == "import_statement";
    StatementParts parts = import_parts(s);
    std::string module = plain ? std::string() : squeeze_outside_strings(tree.text(field(s, "module_name")), true);
    if (plain) {
      f.key = f.norm;
    } else {
      f.key = "from " + module + (parts.wildcard ? " *" : "");
      f.container = !parts.wildcard && !parts.names.empty();
      f.child_begin = parts.body_begin - start(s);
      f.child_end = parts.body_end - start(s);
      f.child_layout = layout_signature(own.substr(f.child_begin, f.child_end - f.child_begin));
    }
    std::string site = std::string(own) + "#";
    for (std::size_t i = 0; i < parts.names.size(); ++i) {
      TSNode name = parts.names[i];
      bool aliased = node_type(name) == "aliased_import";
      std::string bound = bound_name(tree, name);
      std::string imported = squeeze_outside_strings(tree.text(aliased ? field(name, "name") : name), true);
      if (plain && !aliased) {
        std::string root = bound.substr(0, bound.find('.'));
        f.bindings.push_back(Binding{root, "import " + root, true, root});
      } else {
        f.bindings.push_back(Binding{bound, site + std::to_string(i), true, plain ? imported : module + ":" + imported});
      }
    }
    std::string_view key = cache.texts.emplace_back(own);
    return cache.imports.emplace(key, std::move(f)).first->second;
  }

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


  // ------------------------------------------------------------------ imports

  void bind(const std::string& name, std::string site, bool by_import, std::string target = {}) {
    out.bindings.push_back(Binding{name, std::move(site), by_import, std::move(target)});
  }

  void read_imports(const std::vector<TSNode>& kids) {
    const ScopeKind* kind = kind_for(Selector::PyImportBlock);
    const ScopeKind* names_kind = kind_for(Selector::PyImportNames);
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

    std::size_t k = 0;
    for (auto& item : scope.items) {
      if (!item.is_entry()) continue;
      const ImportFacts& f = facts(statements[k++]);
      item.sort_text = f.sort_text;
      item.norm = f.norm;
      item.key = f.key;
      if (!f.container || !names_kind) continue;
      // The names are read when a merge or a check needs them. (A module
      // imported by two statements is merged by whole statements: see
      // key_repeated_entries_by_text.)
      item.child = scope.id + "/" + item.key;
      item.child_begin = f.child_begin;
      item.child_end = f.child_end;
      item.child_layout = f.child_layout;
    }
    out.lazy_parents.push_back(scope.id);
    out.scopes[scope.id] = std::move(scope);
    out.read_child = [names_kind](const ScopedDoc& doc, const Item& container) {
      return read_import_names(doc, container, names_kind);
    };
  }

  // -------------------------------------------------------------------- lists

  // The argument of a call by position or keyword, or a null node.
  TSNode argument(TSNode call, std::size_t position, std::initializer_list<std::string_view> keywords) const {
    std::size_t pos = 0;
    TSNode found{};
    TSTreeCursor cursor = ts_tree_cursor_new(field(call, "arguments"));
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      do {
        TSNode arg = ts_tree_cursor_current_node(&cursor);
        if (!ts_node_is_named(arg)) continue;
        std::string_view t = node_type(arg);
        if (t == "comment") continue;
        if (t == "keyword_argument") {
          std::string_view name = tree.text(field(arg, "name"));
          bool wanted = false;
          for (std::string_view k : keywords) wanted = wanted || name == k;
          if (wanted) {
            found = field(arg, "value");
            break;
          }
          continue;
        }
        if (t == "list_splat" || t == "dictionary_splat") break;
        if (pos++ == position) {
          found = arg;
          break;
        }
      } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
    return found;
  }

  std::string value_key(TSNode n) const {
    if (auto v = literal(n)) return *v;
    return "\x03" + python_canonical(tree.text(n));
  }

  static bool catch_all_regex(std::string r) {
    if (!r.empty() && r[0] == '^') r.erase(0, 1);
    if (r.empty()) return true;
    if (r.rfind(".*", 0) == 0 || r.rfind(".+", 0) == 0) return true;
    static const std::regex group(R"(^\((\?P<[A-Za-z_][A-Za-z0-9_]*>|\?:)?\.[*+]\))");
    return std::regex_search(r, group);
  }

  // What a list element says, read once per text.
  const ElementFacts& element_facts(TSNode el, bool routes) {
    std::string_view own = tree.text(el);
    auto& cached = routes ? cache.routes : cache.elements;
    if (auto it = cached.find(own); it != cached.end()) return it->second;
    ElementFacts f;
    f.norm = python_canonical(own);
    f.sort_text = squeeze_outside_strings(own, true);
    f.key = value_key(el);
    describe_call(f, el, routes);
    std::string_view key = cache.texts.emplace_back(own);
    return cached.emplace(key, std::move(f)).first->second;
  }

  void describe_call(ElementFacts& f, TSNode el, bool routes) const {
    if (node_type(el) != "call") return;
    std::string_view fn = tree.text(field(el, "function"));
    std::size_t dot = fn.rfind('.');
    std::string_view base = dot == std::string_view::npos ? fn : fn.substr(dot + 1);
    if (base != "path" && base != "re_path" && base != "url") return;
    TSNode route = argument(el, 0, {"route", "regex"});
    if (!ts_node_is_null(route)) {
      f.key = "route " + value_key(route);
      f.extra_keys.push_back(f.key);
    }
    TSNode name = argument(el, static_cast<std::size_t>(-1), {"name"});
    if (!ts_node_is_null(name)) f.extra_keys.push_back("name " + value_key(name));
    if (!routes || ts_node_is_null(route)) return;
    auto r = literal(route);
    if (!r || r->rfind("s:", 0) != 0) return;
    std::string value = r->substr(2);
    if (base == "path") {
      static const std::regex converter(R"(^<path:[A-Za-z_][A-Za-z0-9_]*>$)");
      TSNode view = argument(el, 1, {"view"});
      bool include = !ts_node_is_null(view) && node_type(view) == "call" && [&] {
        std::string_view callee = tree.text(field(view, "function"));
        return callee == "include" ||
               (callee.size() > 8 && callee.substr(callee.size() - 8) == ".include");
      }();
      f.catch_all = std::regex_search(value, converter) || (value.empty() && include);
    } else {
      f.catch_all = catch_all_regex(value);
    }
  }

  void read_lists(const std::vector<TSNode>& kids) {
    std::map<std::string, int> seen;
    for (TSNode st : kids) {
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
      // A lone tuple element's comma is required, not a style: it says
      // nothing about a trailing comma.
      if (scope.layout.tuple && elements.size() == 1) scope.layout.trailing_comma.reset();
      std::size_t k = 0;
      for (auto& item : scope.items) {
        if (!item.is_entry()) continue;
        const ElementFacts& f = element_facts(elements[k++], kind->catch_all_order);
        item.norm = f.norm;
        item.sort_text = f.sort_text;
        item.key = f.key;
        item.extra_keys = f.extra_keys;
        item.catch_all = f.catch_all;
      }
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

  void read_bindings(const std::vector<TSNode>& kids) {
    for (TSNode st : kids) {
      auto t = node_type(st);
      std::string site = "@" + std::to_string(start(st));
      if (t == "import_statement" || t == "import_from_statement") {
        const auto& f = facts(st);
        out.bindings.insert(out.bindings.end(), f.bindings.begin(), f.bindings.end());
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

Expected<ScopedDoc> read_python(std::string_view text, const std::vector<const ScopeKind*>& kinds,
                                const PythonParse* previous, PythonParse* keep) {
  ScopedDoc out;
  out.text = std::string(text);
  if (text.size() >= UINT32_MAX) return parse_error("file too large to parse");
  auto parsed = previous && previous->tree ? std::make_unique<PythonTree>(out.text, *previous->tree, previous->text)
                                           : std::make_unique<PythonTree>(out.text);
  const PythonTree& tree = *parsed;
  if (tree.has_error()) return parse_error(python_syntax_problem(out.text));
  out.eol = std::string(line_ending_of(out.text));
  std::shared_ptr<PythonFactsCache> cache =
      previous && previous->facts ? previous->facts : std::make_shared<PythonFactsCache>();
  ScopeReader reader{tree, out.text, out, out.eol, kinds, *cache};
  const std::vector<TSNode> statements = children(tree.root());
  reader.read_imports(statements);
  reader.read_lists(statements);
  reader.read_bindings(statements);
  if (keep) {
    keep->text = out.text;
    keep->tree = std::move(parsed);
    keep->facts = cache;
  }
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

#include "core/python_scopes.hpp"

#include <cctype>
#include <cstdint>

#include "core/python_syntax.hpp"
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
  std::size_t nl = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  return (pos == 0 || nl == std::string_view::npos) ? 0 : nl + 1;
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

struct Reader {
  const PythonTree& tree;
  std::string_view text;
  PythonDoc& out;
  std::string_view eol;

  // A Delimited scope over `ranges`, inside [body_begin, body_end).
  bool delimited(Scope& scope, std::size_t body_begin, std::size_t body_end,
                 const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
    // Backslash continuations are not rendered; leave such scopes to git.
    if (text.substr(body_begin, body_end - body_begin).find('\\') != std::string_view::npos) {
      bool in_string = false;
      for (const auto& [b, e] : ranges)
        if (text.substr(b, e - b).find('\\') != std::string_view::npos) in_string = true;
      if (!in_string) return false;
    }
    scope.body_begin = body_begin;
    scope.body_end = body_end;
    scope.layout = analyze_body(text, body_begin, body_end, BodyKind::Delimited, ranges, eol);
    return scope.layout.supported;
  }

  void read_imports(TSNode module, const std::string& rule) {
    auto kids = children(module);
    std::size_t i = 0;
    while (i < kids.size() &&
           (node_type(kids[i]) == "comment" || node_type(kids[i]) == "future_import_statement" ||
            is_docstring(kids[i])))
      ++i;
    std::vector<TSNode> statements;
    for (; i < kids.size(); ++i) {
      auto t = node_type(kids[i]);
      if (t == "import_statement" || t == "import_from_statement") statements.push_back(kids[i]);
      else if (t != "comment") break;
    }
    if (statements.empty()) return;

    Scope scope;
    scope.id = kImportScope;
    scope.rule = rule;
    scope.sort_by_text = true;
    scope.ignore_policy = true;
    scope.union_when_new = true;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (TSNode s : statements) ranges.emplace_back(ts_node_start_byte(s), ts_node_end_byte(s));
    out.has_block = true;
    out.block_begin = line_start(text, ranges.front().first);
    out.block_end = line_end(text, ranges.back().second);
    scope.body_begin = out.block_begin;
    scope.body_end = out.block_end;
    if (text.substr(scope.body_begin, ranges.front().first - scope.body_begin).find_first_not_of(" \t") !=
        std::string_view::npos)
      return;  // something else before the first statement on its line
    scope.layout = analyze_body(text, scope.body_begin, scope.body_end, BodyKind::Lines, ranges, eol);

    for (std::size_t k = 0; k < statements.size(); ++k) {
      TSNode s = statements[k];
      ScopeEntry e;
      e.begin = ranges[k].first;
      e.end = ranges[k].second;
      if (scope.layout.supported) e.entry.norm = normalized_entry(scope.layout.entries[k], true);
      e.entry.text = squeeze_outside_strings(tree.text(s), true);
      if (node_type(s) == "import_statement") {
        e.entry.key = "import " + squeeze_outside_strings(tree.text(s), true).substr(6);
        for (TSNode name : children(s)) {
          if (node_type(name) != "dotted_name" && node_type(name) != "aliased_import") continue;
          if (node_type(name) == "aliased_import") ++out.bindings[std::string(tree.text(field(name, "alias")))];
          else ++out.bindings[squeeze_outside_strings(tree.text(name), true)];
        }
      } else {
        std::string module = squeeze_outside_strings(tree.text(field(s, "module_name")), true);
        e.entry.key = "from " + module;
        // The imported names: what follows the `import` keyword (field lookup
        // is unreliable inside the parenthesized form).
        std::vector<TSNode> names;
        bool after_import = false;
        for (TSNode c : children(s)) {
          auto ct = node_type(c);
          if (ct == "import") after_import = true;
          else if (after_import && (ct == "dotted_name" || ct == "aliased_import")) names.push_back(c);
        }
        bool wildcard = false;
        for (TSNode c : children(s)) wildcard = wildcard || node_type(c) == "wildcard_import";
        if (wildcard) {
          e.entry.key += " *";
          ++out.bindings["* from " + module];
        }
        if (!names.empty() && !wildcard) {
          Scope inner;
          inner.id = std::string(kImportScope) + "/" + e.entry.key;
          inner.rule = rule;
          inner.nested = true;
          inner.additions_only = true;
          inner.ignore_policy = true;
          std::vector<std::pair<std::size_t, std::size_t>> nr;
          for (TSNode n : names) nr.emplace_back(ts_node_start_byte(n), ts_node_end_byte(n));
          std::size_t nb = nr.front().first, ne = nr.back().second;
          for (TSNode c : children(s)) {
            if (node_type(c) == "(") nb = ts_node_end_byte(c);
            if (node_type(c) == ")") ne = ts_node_start_byte(c);
          }
          bool ok = delimited(inner, nb, ne, nr);
          for (std::size_t j = 0; j < names.size(); ++j) {
            TSNode n = names[j];
            std::string bound = node_type(n) == "aliased_import" ? std::string(tree.text(field(n, "alias")))
                                                                 : std::string(tree.text(n));
            ++out.bindings[bound];
            if (!ok) continue;
            ScopeEntry ne_;
            ne_.begin = nr[j].first;
            ne_.end = nr[j].second;
            ne_.entry.key = bound;
            ne_.entry.norm = normalized_entry(inner.layout.entries[j], true);
            inner.add(std::move(ne_));
          }
          if (ok) {
            e.entry.container = true;
            e.child_scope = inner.id;
            if (!out.doc.scopes.count(inner.id)) out.doc.scopes[inner.id] = std::move(inner);
            else e.entry.container = false;  // the same module imported twice: whole statements only
          }
        }
      }
      scope.add(std::move(e));
    }
    if (scope.layout.supported) out.doc.scopes[scope.id] = std::move(scope);
  }

  void read_lists(TSNode module, const std::string& rule) {
    std::map<std::string, int> seen;
    for (TSNode st : children(module)) {
      if (node_type(st) != "expression_statement" || ts_node_named_child_count(st) != 1) continue;
      TSNode a = ts_node_named_child(st, 0);
      auto t = node_type(a);
      if (t != "assignment" && t != "augmented_assignment") continue;
      TSNode left = field(a, "left");
      TSNode right = field(a, "right");
      if (node_type(left) != "identifier" || node_type(right) != "list") continue;
      std::string name(tree.text(left));
      if (!is_list_name(name)) continue;
      std::string id = "list " + name + (t == "assignment" ? " =" : " +=");
      int n = seen[id]++;
      if (t == "augmented_assignment") {
        if (tree.text(field(a, "operator")) != "+=") continue;
        id += " #" + std::to_string(n);
      } else if (n > 0) {
        out.doc.scopes.erase(id);  // assigned twice: not a scope
        continue;
      }
      Scope scope;
      scope.id = id;
      scope.rule = rule;
      scope.order = MergeOrder::SortIfAllSorted;
      scope.sort_by_text = true;
      std::vector<std::pair<std::size_t, std::size_t>> ranges;
      std::vector<TSNode> elements;
      for (TSNode c : children(right))
        if (ts_node_is_named(c) && node_type(c) != "comment") {
          elements.push_back(c);
          ranges.emplace_back(ts_node_start_byte(c), ts_node_end_byte(c));
        }
      if (!delimited(scope, ts_node_start_byte(right) + 1, ts_node_end_byte(right) - 1, ranges)) continue;
      auto& keys = out.list_keys[id];
      for (std::size_t k = 0; k < elements.size(); ++k) {
        ScopeEntry e;
        e.begin = ranges[k].first;
        e.end = ranges[k].second;
        e.entry.key = squeeze_outside_strings(tree.text(elements[k]), true);
        e.entry.text = e.entry.key;  // lists sort by their text
        e.entry.norm = normalized_entry(scope.layout.entries[k], true);
        TSNode el = elements[k];
        if (node_type(el) == "call") {
          std::string fn(tree.text(field(el, "function")));
          std::size_t dot = fn.rfind('.');
          std::string base = dot == std::string::npos ? fn : fn.substr(dot + 1);
          if (base == "path" || base == "re_path" || base == "url") {
            bool first = true;
            for (TSNode arg : children(field(el, "arguments"))) {
              if (!ts_node_is_named(arg) || node_type(arg) == "comment") continue;
              if (node_type(arg) == "keyword_argument") {
                if (tree.text(field(arg, "name")) == "name")
                  ++keys["name " + squeeze_outside_strings(tree.text(field(arg, "value")), true)];
              } else if (first) {
                std::string route = "route " + squeeze_outside_strings(tree.text(arg), true);
                ++keys[route];
                // A route is the entry's identity: re-pointing it is a change
                // of that entry, not a removal plus an unrelated addition.
                e.entry.key = route;
              }
              first = false;
            }
          }
        }
        scope.add(std::move(e));
      }
      out.doc.scopes[id] = std::move(scope);
    }
  }
};

}  // namespace

Expected<PythonDoc> read_python(std::string_view text, const PythonScopeOptions& options) {
  PythonDoc out;
  out.doc.text = std::string(text);
  if (text.size() >= UINT32_MAX) {
    Error err;
    err.kind = "parse";
    err.operation = "parse-python";
    err.message = "file too large to parse";
    return err;
  }
  PythonTree tree(out.doc.text);
  if (tree.has_error()) {
    Error err;
    err.kind = "parse";
    err.operation = "parse-python";
    err.message = python_syntax_problem(out.doc.text);
    return err;
  }
  Reader reader{tree, out.doc.text, out, line_ending_of(out.doc.text)};
  if (!options.imports_rule.empty()) reader.read_imports(tree.root(), options.imports_rule);
  if (options.lists) reader.read_lists(tree.root(), "R-URLS-LIST-UNION");
  return out;
}

}  // namespace lanemerge::core

#include "core/rule_python.hpp"

#include <algorithm>
#include <set>

#include "core/python_scopes.hpp"
#include "core/scoped_merge.hpp"

namespace lanemerge::core {
namespace {

bool enabled(const RuleContext& ctx, std::string_view id) {
  return std::find(ctx.enabled.begin(), ctx.enabled.end(), id) != ctx.enabled.end();
}

PythonScopeOptions options_for(const RuleContext& ctx) {
  PythonScopeOptions o;
  if (enabled(ctx, "R-INIT-IMPORTS-UNION")) o.imports_rule = "R-INIT-IMPORTS-UNION";
  else if (enabled(ctx, "R-PY-IMPORTS-UNION")) o.imports_rule = "R-PY-IMPORTS-UNION";
  o.lists = enabled(ctx, "R-URLS-LIST-UNION");
  return o;
}

// `NAME += [...]` blocks are paired by position: only when every version has
// the same number of them for NAME.
void drop_unpaired_augmented(std::vector<PythonDoc>& docs) {
  std::map<std::string, std::set<std::size_t>> counts;  // "list NAME +=" → counts seen
  for (const auto& d : docs) {
    std::map<std::string, std::size_t> c;
    for (const auto& [id, s] : d.doc.scopes) {
      std::size_t hash = id.find(" += #");
      if (hash != std::string::npos) ++c[id.substr(0, hash + 3)];
    }
    for (const auto& [name, n] : c) counts[name].insert(n);
  }
  for (auto& d : docs)
    for (auto it = d.doc.scopes.begin(); it != d.doc.scopes.end();) {
      std::size_t hash = it->first.find(" += #");
      bool drop = hash != std::string::npos && counts[it->first.substr(0, hash + 3)].size() > 1;
      if (!drop && hash != std::string::npos) {
        // Every version must have it: a version without any such block counts too.
        for (const auto& other : docs)
          if (!other.doc.scopes.count(it->first)) drop = true;
      }
      it = drop ? d.doc.scopes.erase(it) : std::next(it);
    }
}

int count_in(const std::map<std::string, int>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

RuleResult merge_python(const RuleInput& input, const RuleContext& context) {
  PythonScopeOptions options = options_for(context);
  const char* names[] = {"base", "ours", "theirs"};
  std::string_view texts[] = {input.base, input.ours, input.theirs};
  std::vector<PythonDoc> docs;
  for (int i = 0; i < 3; ++i) {
    auto doc = read_python(texts[i], options);
    if (!doc) return RuleResult::manual(std::string(names[i]) + " does not parse: " + doc.error().message);
    docs.push_back(std::move(doc.value()));
  }
  drop_unpaired_augmented(docs);

  DocMerge merged = merge_scoped(docs[0].doc, docs[1].doc, docs[2].doc, context.policy);
  if (!merged.ok) return RuleResult::manual(merged.reason);

  // What the merge binds or routes more often than any version did is a clash
  // (`from .x import Client` vs `from .y import Client`; one route twice).
  auto result = read_python(merged.text, options);
  if (!result) return RuleResult::manual("the merged file does not parse: " + result.error().message);
  std::string wrong = verify_presence(docs[0].doc, docs[1].doc, docs[2].doc, result->doc);
  if (!wrong.empty()) return RuleResult::manual("post-merge check failed: " + wrong);
  for (const auto& [name, n] : result->bindings) {
    (void)n;
    bool in_b = docs[0].bindings.count(name), in_o = docs[1].bindings.count(name), in_t = docs[2].bindings.count(name);
    if (!(in_o == in_b ? in_t : in_o)) return RuleResult::manual("post-merge check failed: the merge binds " + name);
  }
  for (const auto* d : {&docs[0], &docs[1], &docs[2]})
    for (const auto& [name, n] : d->bindings) {
      (void)n;
      bool in_b = docs[0].bindings.count(name), in_o = docs[1].bindings.count(name), in_t = docs[2].bindings.count(name);
      if ((in_o == in_b ? in_t : in_o) && !result->bindings.count(name))
        return RuleResult::manual("post-merge check failed: the merge lost the import of " + name);
    }
  for (const auto& [name, n] : result->bindings) {
    int most = 1;
    for (const auto& d : docs) most = std::max(most, count_in(d.bindings, name));
    if (n > most) return RuleResult::manual("both sides bind " + name + " in the imports");
  }
  for (const auto& [id, keys] : result->list_keys)
    for (const auto& [key, n] : keys) {
      int most = 1;
      for (const auto& d : docs) {
        auto it = d.list_keys.find(id);
        if (it != d.list_keys.end()) most = std::max(most, count_in(it->second, key));
      }
      if (n > most) return RuleResult::manual("the same " + key + " added twice in " + id.substr(5));
    }

  RuleResult r = RuleResult::automatic(std::move(merged.text), "");
  r.rules.assign(merged.rules.begin(), merged.rules.end());
  for (const auto& id : merged.resolved)
    if (id.rfind(kImportScope, 0) == 0) r.sort_imports = true;
  std::string joined;
  for (const auto& rule : r.rules) joined += (joined.empty() ? "" : ", ") + rule;
  r.reason = "union of additions (" + (joined.empty() ? std::string("entry-level merge") : joined) + ", " +
             policy_name(context.policy) + " policy)";
  return r;
}

}  // namespace

RuleResult rule_init_imports_union(const RuleInput& input, const RuleContext& context) {
  return merge_python(input, context);
}
RuleResult rule_py_imports_union(const RuleInput& input, const RuleContext& context) {
  return merge_python(input, context);
}
RuleResult rule_urls_list_union(const RuleInput& input, const RuleContext& context) {
  return merge_python(input, context);
}

bool take_import_block(std::string_view merged, std::string_view sorted, std::string& out, std::string& why) {
  PythonScopeOptions o;
  o.imports_rule = "import-order";
  auto a = read_python(merged, o);
  auto b = read_python(sorted, o);
  if (!a || !b) { why = "ruff's output does not parse"; return false; }
  if (!a->has_block || !b->has_block) { why = "no import block in ruff's output"; return false; }
  if (merged.substr(0, a->block_begin) != sorted.substr(0, b->block_begin)) {
    why = "ruff changed the file before the import block";
    return false;
  }
  out = std::string(merged.substr(0, a->block_begin)) +
        std::string(sorted.substr(b->block_begin, b->block_end - b->block_begin)) +
        std::string(merged.substr(a->block_end));
  return true;
}

}  // namespace lanemerge::core

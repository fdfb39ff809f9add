#include "core/file_merge.hpp"

#include <map>

#include "core/merge_checks.hpp"
#include "core/python_scopes.hpp"
#include "core/scoped_merge.hpp"
#include "core/text.hpp"
#include "core/toml_scopes.hpp"

namespace lanemerge::core {

Expected<ScopedDoc> read_document(const DriverProfile& profile, std::string_view text) {
  switch (profile.reader) {
    case Reader::Toml: return read_toml(text, profile.kinds);
    case Reader::Python: return read_python(text, profile.kinds);
    case Reader::Lock: break;
  }
  Error err;
  err.operation = "read";
  err.message = "a lock is not read";
  return err;
}

namespace {

const char* format_name(Reader reader) { return reader == Reader::Toml ? "valid TOML" : "valid Python"; }

}  // namespace

FileMerge merge_file(const DriverProfile& profile, std::string_view base, std::string_view ours,
                     std::string_view theirs, const RuleContext& context) {
  FileMerge out;
  auto manual = [&](std::string rule, std::string why) {
    out.resolution = Resolution::Manual;
    out.rule = rule.empty() ? std::string(profile.primary_rule) : std::move(rule);
    out.reason = std::move(why);
    out.text.clear();
    return out;
  };
  const char* names[] = {"base", "ours", "theirs"};
  std::string_view texts[] = {base, ours, theirs};
  // Python: base is parsed in full; ours and theirs, then the merge, only
  // where they differ from base and ours.
  PythonParse parses[2];
  auto read = [&](std::string_view text, const PythonParse* previous, PythonParse* keep) {
    return profile.reader == Reader::Python ? read_python(text, profile.kinds, previous, keep)
                                            : read_document(profile, text);
  };
  std::vector<ScopedDoc> docs;
  for (int i = 0; i < 3; ++i) {
    auto doc = read(texts[i], i == 0 ? nullptr : &parses[0], i < 2 ? &parses[i] : nullptr);
    if (!doc) return manual("", std::string(names[i]) + " is not " + format_name(profile.reader) + ": " + doc.error().message);
    docs.push_back(std::move(doc.value()));
  }
  if (profile.reader == Reader::Python) pair_augmented_lists({&docs[0], &docs[1], &docs[2]});
  key_repeated_entries_by_text({&docs[0], &docs[1], &docs[2]});

  const auto& rules = classifier_rules();
  std::string manual_rule;
  HunkClassifier hunks = [&](const EntryHunk& hunk) {
    Region region;
    region.hunk = &hunk;
    Decision d = classify(rules, region, context);
    HunkResolution h;
    h.rule = d.rule;
    h.reason = d.result.reason;
    if (d.result.resolution == Resolution::Auto) {
      h.outcome = HunkResolution::Outcome::Resolved;
      h.items = std::move(d.result.items);
    } else {
      h.outcome = HunkResolution::Outcome::Manual;
      manual_rule = d.rule;
    }
    return h;
  };
  SkeletonClassifier skeleton = [&](const SkeletonRegion& s) {
    Region region;
    region.skeleton = &s;
    Decision d = classify(rules, region, context);
    SkeletonResolution r;
    r.rule = d.rule;
    if (d.result.resolution == Resolution::Auto) {
      r.resolved = true;
      r.text = std::move(d.result.text);
    } else {
      r.reason = d.result.reason;
      manual_rule = d.rule;
    }
    return r;
  };

  DocMerge merged = merge_documents(docs[0], docs[1], docs[2], profile.reader, profile.primary_rule, context.policy, hunks, skeleton);
  if (!merged.ok) return manual(manual_rule, merged.reason);
  std::string credited = merged.rules.empty() ? std::string(profile.primary_rule) : *merged.rules.begin();

  auto check = read(merged.text, &parses[1], nullptr);
  if (!check) return manual("", "post-merge validation failed: not " + std::string(format_name(profile.reader)) +
                                          ": " + check.error().message);
  ScopedDoc result = std::move(check.value());
  if (profile.reader == Reader::Python) pair_augmented_lists({&docs[0], &docs[1], &docs[2], &result});
  key_repeated_entries_by_text({&docs[0], &docs[1], &docs[2], &result});
  std::string wrong = check_merge(Versions{docs[0], docs[1], docs[2]}, result);
  if (!wrong.empty()) return manual("", "post-merge check failed: " + wrong);

  out.resolution = Resolution::Auto;
  out.text = std::move(merged.text);
  out.rules.assign(merged.rules.begin(), merged.rules.end());
  out.rule = credited;
  out.kinds = merged.kinds;
  std::string joined;
  for (const auto& r : out.rules) joined += (joined.empty() ? "" : ", ") + r;
  out.reason = "union of additions (" + (joined.empty() ? std::string("entry-level merge") : joined) + ", " +
               policy_name(context.policy) + " policy)";
  return out;
}

std::vector<std::string> clean_merge_warnings(const DriverProfile& profile, std::string_view merged) {
  std::vector<std::string> warnings;
  if (profile.reader == Reader::Lock) return warnings;
  auto doc = read_document(profile, merged);
  if (!doc) {
    warnings.push_back("the clean text merge is not " + std::string(format_name(profile.reader)) + ": " +
                       doc.error().message);
    return warnings;
  }
  for (const auto& [id, scope] : doc->scopes) {
    if (!scope.kind || scope.kind->repeated != RepeatedKeys::Variants) continue;
    std::map<std::string, int> counts;
    for (const auto& item : scope.items)
      if (item.is_entry() && item.key.rfind('\x02', 0) != 0) ++counts[item.key];
    for (const auto& [key, n] : counts)
      if (n > 1) {
        std::string shown;
        for (char c : key) shown += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
        warnings.push_back(std::string(trim(shown)) + " appears " + std::to_string(n) + " times in " + scope.name +
                           " after the clean merge");
      }
  }
  return warnings;
}

bool both_sides_changed(const DriverProfile& profile, Action action, std::string_view base, std::string_view ours,
                        std::string_view theirs) {
  auto b = read_document(profile, base);
  auto o = read_document(profile, ours);
  auto t = read_document(profile, theirs);
  if (!b || !o || !t) return true;  // unsure: regenerate
  auto changed = [&](const ScopedDoc& side) {
    for (const ScopedDoc* d : {static_cast<const ScopedDoc*>(&*b), &side})
      for (const auto& [id, scope] : d->scopes) {
        if (!scope.kind || scope.kind->action != action) continue;
        auto bi = b->scopes.find(id);
        auto si = side.scopes.find(id);
        if (bi == b->scopes.end() || si == side.scopes.end()) return true;
        const auto& x = bi->second.items;
        const auto& y = si->second.items;
        std::vector<const Item*> ex, ey;
        for (const auto& i : x)
          if (i.is_entry()) ex.push_back(&i);
        for (const auto& i : y)
          if (i.is_entry()) ey.push_back(&i);
        if (ex.size() != ey.size()) return true;
        for (std::size_t k = 0; k < ex.size(); ++k)
          if (ex[k]->norm != ey[k]->norm) return true;
      }
    return false;
  };
  return changed(*o) && changed(*t);
}

}  // namespace lanemerge::core

#include "core/entry_merge.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"
#include "core/text_merge.hpp"

namespace lanemerge::core {

const char* policy_name(Policy policy) { return policy == Policy::Keyed ? "keyed" : "additive"; }

bool sorted_by_key(const std::vector<Entry>& entries) {
  for (std::size_t i = 1; i < entries.size(); ++i)
    if (entries[i].key < entries[i - 1].key) return false;
  return true;
}

namespace {

// Each entry becomes one line "<norm id>.<occurrence>", so that equal entries
// compare equal across versions and every line names exactly one entry.
class Labeller {
public:
  struct Version {
    std::string lines;
    std::vector<std::vector<std::size_t>> at;  // [norm id][occurrence] → entry index
  };

  Version label(const std::vector<Entry>& entries) {
    Version v;
    v.lines.reserve(entries.size() * 8);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto it = ids_.emplace(entries[i].norm, ids_.size()).first;
      std::size_t id = it->second;
      if (v.at.size() <= id) v.at.resize(id + 1);
      v.lines += std::to_string(id);
      v.lines += '.';
      v.lines += std::to_string(v.at[id].size());
      v.lines += '\n';
      v.at[id].push_back(i);
    }
    return v;
  }

  // The entry a label names in `v`, or npos.
  static std::size_t find(const Version& v, std::string_view label) {
    std::size_t dot = label.find('.');
    if (dot == std::string_view::npos) return std::string::npos;
    std::size_t id = 0, occ = 0;
    for (char ch : label.substr(0, dot)) id = id * 10 + static_cast<std::size_t>(ch - '0');
    for (char ch : label.substr(dot + 1)) occ = occ * 10 + static_cast<std::size_t>(ch - '0');
    if (id >= v.at.size() || occ >= v.at[id].size()) return std::string::npos;
    return v.at[id][occ];
  }

private:
  std::unordered_map<std::string, std::size_t> ids_;
};

std::unordered_map<std::string_view, int> key_counts(const std::vector<Entry>& entries) {
  std::unordered_map<std::string_view, int> counts;
  counts.reserve(entries.size());
  for (const auto& e : entries) ++counts[e.key];
  return counts;
}

struct Slot {
  const Entry* entry = nullptr;
  std::size_t index = 0;
};

struct KeyRow {
  std::string key;
  Slot base, ours, theirs;
};

std::string shown(const Entry& e) {
  std::string s = e.norm;
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

}  // namespace

EntryMergeResult merge_entries(const std::vector<Entry>& base, const std::vector<Entry>& ours,
                               const std::vector<Entry>& theirs, Policy policy,
                               const ContainerMerge& merge_container) {
  EntryMergeResult result;
  auto manual = [&](std::string reason) {
    result.manual = true;
    result.reason = std::move(reason);
    result.entries.clear();
    return result;
  };

  Labeller labeller;
  const Labeller::Version at_base = labeller.label(base);
  const Labeller::Version at_ours = labeller.label(ours);
  const Labeller::Version at_theirs = labeller.label(theirs);

  auto segments = merge_segments(at_base.lines, at_ours.lines, at_theirs.lines);
  if (!segments) return manual(segments.error().message);

  // Names that occur more than once in some version (marker variants): they
  // are matched by full text, and a conflicting hunk may not touch them.
  std::unordered_set<std::string_view> multi;
  for (const auto* version : {&base, &ours, &theirs})
    for (const auto& [key, count] : key_counts(*version))
      if (count > 1) multi.insert(key);

  for (const auto& segment : *segments) {
    if (!segment.conflict) {
      for (const auto& label : split_lines(segment.merged)) {
        MergedEntry m;
        if (std::size_t i = Labeller::find(at_ours, label); i != std::string::npos) { m.side = Side::Ours; m.index = i; }
        else if (std::size_t j = Labeller::find(at_theirs, label); j != std::string::npos) { m.side = Side::Theirs; m.index = j; }
        else if (std::size_t k = Labeller::find(at_base, label); k != std::string::npos) { m.side = Side::Base; m.index = k; }
        else return manual("internal: unknown entry in merge output");
        result.entries.push_back(m);
      }
      continue;
    }

    // A conflicting hunk: line up its entries by key.
    std::vector<KeyRow> rows;
    std::map<std::string, std::size_t> row_of;
    auto add = [&](const std::string& part, const Labeller::Version& where, const std::vector<Entry>& version,
                   Slot KeyRow::*slot) -> bool {
      for (const auto& label : split_lines(part)) {
        std::size_t index = Labeller::find(where, label);
        if (index == std::string::npos) return false;
        const Entry& e = version[index];
        std::string key = multi.count(e.key) ? "\x01" + e.norm : e.key;
        auto [r, inserted] = row_of.emplace(key, rows.size());
        if (inserted) rows.push_back(KeyRow{key, {}, {}, {}});
        Slot& s = rows[r->second].*slot;
        if (s.entry != nullptr) return false;  // the same key twice in one hunk
        s = Slot{&e, index};
      }
      return true;
    };
    if (!add(segment.base, at_base, base, &KeyRow::base) || !add(segment.ours, at_ours, ours, &KeyRow::ours) ||
        !add(segment.theirs, at_theirs, theirs, &KeyRow::theirs))
      return manual("the same name occurs twice in one conflicting region");

    std::vector<MergedEntry> kept, added_ours, added_theirs;
    for (const auto& row : rows) {
      const Entry* b = row.base.entry;
      const Entry* o = row.ours.entry;
      const Entry* t = row.theirs.entry;
      const Entry* any = b ? b : o ? o : t;
      const std::string& name = any->key;
      if (multi.count(any->key)) {
        if (b && o && t && o->norm == b->norm && t->norm == b->norm) {
          kept.push_back(MergedEntry{Side::Ours, row.ours.index, false, {}});
          continue;
        }
        return manual(name + " has several entries (e.g. marker variants) and a side changed one of them");
      }
      if (b) {
        bool o_same = o && o->norm == b->norm;
        bool t_same = t && t->norm == b->norm;
        if (o_same && t_same) { kept.push_back({Side::Ours, row.ours.index, false, {}}); continue; }
        if (o && t && o->norm == t->norm) { kept.push_back({Side::Ours, row.ours.index, false, {}}); continue; }
        bool container = b->container && (!o || o->container) && (!t || t->container);
        if (o && t && container && merge_container) {
          SubMerge sub = merge_container(row.base.index, row.ours.index, row.theirs.index);
          if (!sub.ok) return manual(sub.reason);
          kept.push_back({Side::Ours, row.ours.index, true, sub.text});
          continue;
        }
        if (!o && !t) {
          if (policy == Policy::Additive) return manual("both sides removed " + name + " inside a conflicting region");
          continue;
        }
        if (o && t) {
          if (o_same || t_same) {
            const Entry* changed = o_same ? t : o;
            if (policy == Policy::Additive)
              return manual(std::string(o_same ? "theirs" : "ours") + " changed " + name + " (" + shown(*b) + " -> " +
                            shown(*changed) + ") inside a conflicting region");
            if (o_same) kept.push_back({Side::Theirs, row.theirs.index, false, {}});
            else kept.push_back({Side::Ours, row.ours.index, false, {}});
            continue;
          }
          return manual("both sides changed " + name + " (" + shown(*o) + " vs " + shown(*t) + ")");
        }
        // One side removed the entry.
        bool other_same = o ? o_same : t_same;
        const char* remover = o ? "theirs" : "ours";
        if (policy == Policy::Additive)
          return manual(std::string(remover) + " removed " + name + " inside a conflicting region");
        if (!other_same)
          return manual(std::string(remover) + " removed " + name + " while the other side changed it");
        continue;  // removal taken
      }
      if (o && t) {
        if (o->norm == t->norm) { added_ours.push_back({Side::Ours, row.ours.index, false, {}}); continue; }
        return manual("both sides added " + name + " (" + shown(*o) + " vs " + shown(*t) + ")");
      }
      if (o) added_ours.push_back({Side::Ours, row.ours.index, false, {}});
      else added_theirs.push_back({Side::Theirs, row.theirs.index, false, {}});
    }
    result.entries.insert(result.entries.end(), kept.begin(), kept.end());
    result.entries.insert(result.entries.end(), added_ours.begin(), added_ours.end());
    result.entries.insert(result.entries.end(), added_theirs.begin(), added_theirs.end());
    ++result.resolved_hunks;
  }

  // A name the merge would hold more often than the base did (one side added
  // `httpx>=0.28` while `httpx>=0.27` stays elsewhere) is a clash.
  auto base_counts = key_counts(base);
  std::unordered_map<std::string_view, int> merged_counts;
  merged_counts.reserve(result.entries.size());
  auto entry_of = [&](const MergedEntry& m) -> const Entry& {
    return m.side == Side::Base ? base[m.index] : m.side == Side::Ours ? ours[m.index] : theirs[m.index];
  };
  for (const auto& m : result.entries) ++merged_counts[entry_of(m).key];
  for (const auto& [key, count] : merged_counts)
    if (count > 1 && count > base_counts[key]) return manual("the merge would hold " + std::string(key) + " twice");
  return result;
}

}  // namespace lanemerge::core

#include "core/entry_merge.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

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
  std::string lines(const std::vector<Entry>& entries, std::unordered_map<std::string, std::size_t>& where) {
    std::unordered_map<std::size_t, std::size_t> seen;
    std::string out;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto [it, inserted] = ids_.emplace(entries[i].norm, ids_.size());
      (void)inserted;
      std::string label = std::to_string(it->second) + "." + std::to_string(seen[it->second]++);
      where.emplace(label, i);
      out += label;
      out += '\n';
    }
    return out;
  }

private:
  std::unordered_map<std::string, std::size_t> ids_;
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::map<std::string, int> key_counts(const std::vector<Entry>& entries) {
  std::map<std::string, int> counts;
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
  std::unordered_map<std::string, std::size_t> at_base, at_ours, at_theirs;
  std::string lines_base = labeller.lines(base, at_base);
  std::string lines_ours = labeller.lines(ours, at_ours);
  std::string lines_theirs = labeller.lines(theirs, at_theirs);

  auto segments = merge_segments(lines_base, lines_ours, lines_theirs);
  if (!segments) return manual(segments.error().message);

  // Names that occur more than once in some version (marker variants): they
  // are matched by full text, and a conflicting hunk may not touch them.
  std::set<std::string> multi;
  for (const auto* version : {&base, &ours, &theirs})
    for (const auto& [key, count] : key_counts(*version))
      if (count > 1) multi.insert(key);

  for (const auto& segment : *segments) {
    if (!segment.conflict) {
      for (const auto& label : split_lines(segment.merged)) {
        MergedEntry m;
        if (auto it = at_ours.find(label); it != at_ours.end()) { m.side = Side::Ours; m.index = it->second; }
        else if (auto it2 = at_theirs.find(label); it2 != at_theirs.end()) { m.side = Side::Theirs; m.index = it2->second; }
        else if (auto it3 = at_base.find(label); it3 != at_base.end()) { m.side = Side::Base; m.index = it3->second; }
        else return manual("internal: unknown entry in merge output");
        result.entries.push_back(m);
      }
      continue;
    }

    // A conflicting hunk: line up its entries by key.
    std::vector<KeyRow> rows;
    std::map<std::string, std::size_t> row_of;
    auto add = [&](const std::string& part, const std::unordered_map<std::string, std::size_t>& where,
                   const std::vector<Entry>& version, Slot KeyRow::*slot) -> bool {
      for (const auto& label : split_lines(part)) {
        auto it = where.find(label);
        if (it == where.end()) return false;
        const Entry& e = version[it->second];
        std::string key = multi.count(e.key) ? "\x01" + e.norm : e.key;
        auto [r, inserted] = row_of.emplace(key, rows.size());
        if (inserted) rows.push_back(KeyRow{key, {}, {}, {}});
        Slot& s = rows[r->second].*slot;
        if (s.entry != nullptr) return false;  // the same key twice in one hunk
        s = Slot{&e, it->second};
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
  std::map<std::string, int> merged_counts;
  auto entry_of = [&](const MergedEntry& m) -> const Entry& {
    return m.side == Side::Base ? base[m.index] : m.side == Side::Ours ? ours[m.index] : theirs[m.index];
  };
  for (const auto& m : result.entries) ++merged_counts[entry_of(m).key];
  for (const auto& [key, count] : merged_counts)
    if (count > 1 && count > base_counts[key]) return manual("the merge would hold " + key + " twice");
  return result;
}

}  // namespace lanemerge::core

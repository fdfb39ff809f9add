#include "core/sequence_merge.hpp"

#include <git2.h>

#include "core/text_merge.hpp"

namespace lanemerge::core {
namespace {

struct Hunks {
  std::vector<bool> deleted;  // per line of a
  std::vector<bool> added;    // per line of b
};

int on_hunk(const git_diff_delta*, const git_diff_hunk* hunk, void* payload) {
  auto* h = static_cast<Hunks*>(payload);
  for (int i = 0; i < hunk->old_lines; ++i) {
    auto at = static_cast<std::size_t>(hunk->old_start - 1 + i);
    if (at < h->deleted.size()) h->deleted[at] = true;
  }
  for (int i = 0; i < hunk->new_lines; ++i) {
    auto at = static_cast<std::size_t>(hunk->new_start - 1 + i);
    if (at < h->added.size()) h->added[at] = true;
  }
  return 0;
}

std::string joined(const std::vector<std::string>& labels) {
  std::size_t size = 0;
  for (const auto& l : labels) size += l.size() + 1;
  std::string out;
  out.reserve(size);
  for (const auto& l : labels) {
    out += l;
    out += '\n';
  }
  return out;
}

bool same_range(const std::vector<std::string>& x, std::size_t xb, std::size_t xe, const std::vector<std::string>& y,
                std::size_t yb, std::size_t ye) {
  if (xe - xb != ye - yb) return false;
  for (std::size_t i = 0; i < xe - xb; ++i)
    if (x[xb + i] != y[yb + i]) return false;
  return true;
}

}  // namespace

Expected<std::vector<std::size_t>> align(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::size_t> match(a.size(), kUnmatched);
  if (a.empty() || b.empty()) return match;
  // Cheap and common: identical sequences.
  if (a == b) {
    for (std::size_t i = 0; i < a.size(); ++i) match[i] = i;
    return match;
  }
  ensure_libgit2();
  std::string ta = joined(a), tb = joined(b);
  git_diff_options options;
  git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  options.context_lines = 0;
  options.interhunk_lines = 0;
  options.flags = GIT_DIFF_FORCE_TEXT;
  Hunks hunks{std::vector<bool>(a.size(), false), std::vector<bool>(b.size(), false)};
  int rc = git_diff_buffers(ta.data(), ta.size(), "a", tb.data(), tb.size(), "b", &options, nullptr, nullptr, &on_hunk,
                            nullptr, &hunks);
  if (rc != 0) {
    const git_error* e = git_error_last();
    Error err;
    err.operation = "align";
    err.message = std::string("libgit2 diff failed: ") + (e ? e->message : "unknown error");
    return err;
  }
  std::size_t j = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (hunks.deleted[i]) continue;
    while (j < b.size() && hunks.added[j]) ++j;
    if (j >= b.size() || a[i] != b[j]) {
      Error err;
      err.operation = "align";
      err.message = "internal: inconsistent diff alignment";
      return err;
    }
    match[i] = j++;
  }
  return match;
}

Expected<std::vector<Chunk>> merge_sequences(const std::vector<std::string>& base, const std::vector<std::string>& ours,
                                             const std::vector<std::string>& theirs) {
  auto mo = align(base, ours);
  if (!mo) return mo.error();
  auto mt = align(base, theirs);
  if (!mt) return mt.error();
  const std::vector<std::size_t>& to_ours = *mo;
  const std::vector<std::size_t>& to_theirs = *mt;

  std::vector<Chunk> chunks;
  std::size_t i = 0, o = 0, t = 0;
  const std::size_t nb = base.size();
  auto stable_at = [&](std::size_t k) { return to_ours[k] != kUnmatched && to_theirs[k] != kUnmatched; };
  while (i < nb || o < ours.size() || t < theirs.size()) {
    if (i < nb && to_ours[i] == o && to_theirs[i] == t) {
      if (chunks.empty() || chunks.back().type != Chunk::Type::Stable) {
        Chunk c;
        c.type = Chunk::Type::Stable;
        c.base_begin = i;
        c.ours_begin = o;
        c.theirs_begin = t;
        chunks.push_back(c);
      }
      ++i, ++o, ++t;
      Chunk& c = chunks.back();
      c.base_end = i;
      c.ours_end = o;
      c.theirs_end = t;
      continue;
    }
    // An unstable chunk runs to the next base item both sides kept.
    std::size_t j = i;
    while (j < nb && !stable_at(j)) ++j;
    // Skip base items inside the chunk that both kept but after side insertions:
    // the first stable item at j ends it.
    Chunk c;
    c.base_begin = i;
    c.base_end = j;
    c.ours_begin = o;
    c.ours_end = j < nb ? to_ours[j] : ours.size();
    c.theirs_begin = t;
    c.theirs_end = j < nb ? to_theirs[j] : theirs.size();
    if (c.ours_end < c.ours_begin || c.theirs_end < c.theirs_begin) {
      Error err;
      err.operation = "merge-sequences";
      err.message = "internal: alignment out of order";
      return err;
    }
    bool ours_same = same_range(base, c.base_begin, c.base_end, ours, c.ours_begin, c.ours_end);
    bool theirs_same = same_range(base, c.base_begin, c.base_end, theirs, c.theirs_begin, c.theirs_end);
    if (ours_same && theirs_same) c.type = Chunk::Type::Stable;
    else if (ours_same) c.type = Chunk::Type::Theirs;
    else if (theirs_same) c.type = Chunk::Type::Ours;
    else if (same_range(ours, c.ours_begin, c.ours_end, theirs, c.theirs_begin, c.theirs_end)) c.type = Chunk::Type::Both;
    else c.type = Chunk::Type::Conflict;
    chunks.push_back(c);
    i = c.base_end;
    o = c.ours_end;
    t = c.theirs_end;
    if (i < nb && (to_ours[i] != o || to_theirs[i] != t)) {
      Error err;
      err.operation = "merge-sequences";
      err.message = "internal: chunk boundary out of step";
      return err;
    }
  }
  return chunks;
}

}  // namespace lanemerge::core

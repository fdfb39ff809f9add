#include "core/text_merge.hpp"

#include <git2.h>

namespace lanemerge::core {

void ensure_libgit2() {
  struct Libgit2 {
    Libgit2() { git_libgit2_init(); }
    ~Libgit2() { git_libgit2_shutdown(); }
  };
  static Libgit2 instance;
}

namespace {

git_merge_file_input input_of(std::string_view text, const char* path) {
  git_merge_file_input in;
  git_merge_file_input_init(&in, GIT_MERGE_FILE_INPUT_VERSION);
  in.ptr = text.data();
  in.size = text.size();
  in.path = path;
  in.mode = 0100644;
  return in;
}

std::size_t count_conflicts(std::string_view text, int marker_size) {
  std::string marker(static_cast<std::size_t>(marker_size), '<');
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (line.size() >= marker.size() && line.compare(0, marker.size(), marker) == 0 &&
        (line.size() == marker.size() || line[marker.size()] == ' '))
      ++count;
    pos = end + 1;
  }
  return count;
}

}  // namespace

ConflictStyle parse_conflict_style(std::string_view name) {
  if (name == "diff3") return ConflictStyle::Diff3;
  if (name == "zdiff3") return ConflictStyle::ZDiff3;
  return ConflictStyle::Merge;
}

Expected<TextMergeResult> text_merge(std::string_view base, std::string_view ours,
                                     std::string_view theirs, const TextMergeOptions& options) {
  ensure_libgit2();
  git_merge_file_input in_base = input_of(base, "base");
  git_merge_file_input in_ours = input_of(ours, "ours");
  git_merge_file_input in_theirs = input_of(theirs, "theirs");

  git_merge_file_options opts;
  git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
  opts.ancestor_label = options.labels.base.c_str();
  opts.our_label = options.labels.ours.c_str();
  opts.their_label = options.labels.theirs.c_str();
  opts.marker_size = static_cast<unsigned short>(options.marker_size > 0 ? options.marker_size : 7);
  unsigned flags = GIT_MERGE_FILE_DEFAULT;
  if (options.style == ConflictStyle::Diff3) flags |= GIT_MERGE_FILE_STYLE_DIFF3;
  if (options.style == ConflictStyle::ZDiff3) flags |= GIT_MERGE_FILE_STYLE_ZDIFF3;
  opts.flags = flags;

  git_merge_file_result out{};
  if (git_merge_file(&out, &in_base, &in_ours, &in_theirs, &opts) != 0) {
    const git_error* e = git_error_last();
    Error err;
    err.kind = "runtime";
    err.operation = "text-merge";
    err.message = std::string("libgit2 merge failed: ") + (e ? e->message : "unknown error");
    return err;
  }
  TextMergeResult result;
  result.clean = out.automergeable != 0;
  if (out.ptr != nullptr) result.text.assign(out.ptr, out.len);
  git_merge_file_result_free(&out);
  result.conflicts = result.clean ? 0 : count_conflicts(result.text, opts.marker_size);
  return result;
}

Expected<std::vector<MergeSegment>> merge_segments(std::string_view base, std::string_view ours,
                                                   std::string_view theirs) {
  TextMergeOptions options;
  options.style = ConflictStyle::Diff3;
  options.labels = Labels{"B", "O", "T"};
  auto merged = text_merge(base, ours, theirs, options);
  if (!merged) return merged.error();

  std::vector<MergeSegment> segments;
  enum { Common, InOurs, InBase, InTheirs } state = Common;
  const std::string& text = merged->text;
  std::size_t pos = 0;
  auto common = [&]() -> MergeSegment& {
    if (segments.empty() || segments.back().conflict) segments.emplace_back();
    return segments.back();
  };
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    end = end == std::string::npos ? text.size() : end + 1;
    std::string_view line(text.data() + pos, end - pos);
    pos = end;
    if (line == "<<<<<<< O\n" && state == Common) {
      segments.emplace_back();
      segments.back().conflict = true;
      state = InOurs;
    } else if (line == "||||||| B\n" && state == InOurs) {
      state = InBase;
    } else if (line == "=======\n" && (state == InBase || state == InOurs)) {
      state = InTheirs;
    } else if (line == ">>>>>>> T\n" && state == InTheirs) {
      state = Common;
    } else if (state == Common) {
      common().merged.append(line);
    } else if (state == InOurs) {
      segments.back().ours.append(line);
    } else if (state == InBase) {
      segments.back().base.append(line);
    } else {
      segments.back().theirs.append(line);
    }
  }
  if (state != Common) {
    Error err;
    err.operation = "text-merge";
    err.message = "unterminated conflict region in merge output";
    return err;
  }
  return segments;
}

}  // namespace lanemerge::core

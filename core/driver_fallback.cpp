#include "core/driver_fallback.hpp"

#include "core/files.hpp"
#include "core/repository.hpp"
#include "core/text.hpp"

namespace lanemerge::core {

TextMergeOptions driver_merge_options(const DriverRequest& request,
                                      const std::function<std::string(const std::string&)>& setting) {
  TextMergeOptions options;
  options.labels = resolve_labels(request);
  options.style = parse_conflict_style(setting("merge.conflictstyle"));
  try {
    int size = request.marker_size.empty() ? 7 : std::stoi(request.marker_size);
    options.marker_size = size > 0 && size < 1000 ? size : 7;
  } catch (const std::exception&) {
    options.marker_size = 7;
  }
  return options;
}

std::string whole_file_conflict(const std::string& ours, const std::string& theirs, const TextMergeOptions& options) {
  auto marker = [&](char c, const std::string& label) {
    return std::string(static_cast<std::size_t>(options.marker_size), c) + (label.empty() ? "" : " " + label) + "\n";
  };
  auto body = [](const std::string& text) { return text.empty() || text.back() == '\n' ? text : text + "\n"; };
  return marker('<', options.labels.ours) + body(ours) + marker('=', "") + body(theirs) +
         marker('>', options.labels.theirs);
}

int write_git_conflict(const DriverRequest& request, std::vector<std::string>& messages) {
  const std::string shown = request.path.empty() ? request.ours_file : request.path;
  std::string base, ours, theirs;
  if (!read_file(request.base_file, base) || !read_file(request.ours_file, ours) ||
      !read_file(request.theirs_file, theirs)) {
    messages.push_back("lanemerge: " + shown + ": error: cannot read the versions again; ours left in place");
    return 2;
  }
  if (has_nul(base) || has_nul(ours) || has_nul(theirs)) return 1;  // binary: ours stays, as git does
  auto repo = Repository::discover(request.cwd, request.env.count("GIT_DIR") ? request.env.at("GIT_DIR") : "");
  auto params =
      parse_config_parameters(request.env.count("GIT_CONFIG_PARAMETERS") ? request.env.at("GIT_CONFIG_PARAMETERS") : "");
  auto setting = [&](const std::string& key) -> std::string {
    if (auto it = params.find(key); it != params.end()) return it->second;
    if (repo) return repo->config(key).value_or("");
    return {};
  };
  TextMergeOptions options = driver_merge_options(request, setting);
  auto merged = text_merge(base, ours, theirs, options);
  std::string text = merged ? merged->text : whole_file_conflict(ours, theirs, options);
  std::string why;
  if (!write_file_atomic(request.ours_file, text, why)) {
    messages.push_back("lanemerge: " + shown + ": error: cannot write the conflict (" + why + ")");
    return 2;
  }
  messages.push_back("lanemerge: " + shown + ": manual: git's conflict text left for you after an internal error");
  return 1;
}

}  // namespace lanemerge::core

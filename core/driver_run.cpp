#include "core/driver_run.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/driver_fallback.hpp"
#include "core/files.hpp"
#include "core/journal.hpp"
#include "core/merge_identity.hpp"
#include "core/pending.hpp"
#include "core/rule_pyproject.hpp"
#include "core/python_syntax.hpp"
#include "core/rule_python.hpp"
#include "core/repository.hpp"
#include "core/text.hpp"
#include "core/text_merge.hpp"
#include "core/timeouts.hpp"

namespace lanemerge::core {
namespace {

// Streams a file looking for a NUL byte or a conflict-marker line, without
// holding it in memory (a uv.lock can be tens of MiB). False when unreadable.
bool scan_file(const std::string& path, int marker_size, bool& nul, bool& markers) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  nul = markers = false;
  std::string carry;  // the unfinished last line of the previous chunk
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::size_t n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    std::string_view chunk(buf.data(), n);
    if (chunk.find('\0') != std::string_view::npos) nul = true;
    std::size_t last_nl = chunk.rfind('\n');
    if (last_nl == std::string_view::npos) {
      carry.append(chunk);
      if (carry.size() > 4096) carry.resize(4096);  // only the start of a line matters
      continue;
    }
    std::string head = carry + std::string(chunk.substr(0, last_nl + 1));
    if (has_conflict_markers(head, marker_size)) markers = true;
    carry.assign(chunk.substr(last_nl + 1));
  }
  if (has_conflict_markers(carry, marker_size)) markers = true;
  return !in.bad();
}

bool literal_placeholder(const std::string& label) { return label.size() == 2 && label[0] == '%'; }

std::string env_of(const DriverRequest& r, const std::string& key) {
  auto it = r.env.find(key);
  return it == r.env.end() ? std::string() : it->second;
}

// ruff's import order for a merged import block (`lanemerge.ruff`: auto,
// required, never). Returns false, with why, when the result must be Manual.
bool order_imports(std::string& merged, ProcessRunner* runner, const DriverRequest& request, const std::string& top,
                   const std::string& mode_setting, int timeout_s, JournalRecord& record, std::string& why) {
  std::string mode = mode_setting.empty() ? "auto" : mode_setting;
  if (mode != "auto" && mode != "required" && mode != "never") {
    why = "lanemerge.ruff must be auto, required or never, not '" + mode + "'";
    return false;
  }
  if (mode == "never") {
    record.ruff = "disabled";
    return true;
  }
  std::optional<std::string> ruff = runner ? runner->find("ruff") : std::nullopt;
  if (!ruff) {
    if (mode == "required") {
      why = "lanemerge.ruff is required and ruff is not on PATH";
      return false;
    }
    record.ruff = "absent";  // the file's own order stands
    return true;
  }
  record.ruff_path = *ruff;
  std::string path = request.path.empty() ? request.ours_file : request.path;
  auto r = runner->run({*ruff, "check", "--select", "I001", "--fix-only", "--stdin-filename", path, "-"}, merged,
                       top.empty() ? request.cwd : top, {}, timeout_s);
  if (!r.started || r.exit_code != 0) {
    record.ruff = "failed";
    std::string detail = !r.started ? r.error : r.err.substr(0, r.err.find('\n'));
    why = "ruff failed (exit " + std::to_string(r.exit_code) + (detail.empty() ? "" : ": " + detail) + ")";
    return false;
  }
  std::string out;
  if (!take_import_block(merged, r.out, out, why)) {
    record.ruff = "failed";
    why = "ruff's output was not usable: " + why;
    return false;
  }
  std::string invalid = python_syntax_problem(out);
  if (!invalid.empty()) {
    record.ruff = "failed";
    why = "post-merge validation failed after ruff: " + invalid;
    return false;
  }
  record.ruff = "ran";
  merged = std::move(out);
  return true;
}

}  // namespace

Labels resolve_labels(const DriverRequest& r) {
  Labels labels;
  labels.ours = "HEAD";
  labels.base = "base";
  labels.theirs = "theirs";
  for (const auto& [k, v] : r.env)
    if (k.rfind("GITHEAD_", 0) == 0 && !v.empty()) { labels.theirs = v; break; }
  if (!r.label_base.empty() && !literal_placeholder(r.label_base)) labels.base = r.label_base;
  if (!r.label_ours.empty() && !literal_placeholder(r.label_ours)) labels.ours = r.label_ours;
  if (!r.label_theirs.empty() && !literal_placeholder(r.label_theirs)) labels.theirs = r.label_theirs;
  return labels;
}

DriverOutcome run_driver(const DriverRequest& request, const DriverProfile& profile, ProcessRunner* runner) {
  const auto started = std::chrono::steady_clock::now();
  DriverOutcome outcome;
  JournalRecord record;
  record.driver = std::string(profile.driver);
  record.path = request.path.empty() ? request.ours_file : request.path;
  const std::string& shown = record.path;
  auto say = [&](const std::string& kind, const std::string& text) {
    outcome.messages.push_back("lanemerge: " + shown + ": " + kind + ": " + text);
  };

  // Configuration: repository config, then `git -c` (GIT_CONFIG_PARAMETERS).
  auto repo = Repository::discover(request.cwd, env_of(request, "GIT_DIR"));
  auto params = parse_config_parameters(env_of(request, "GIT_CONFIG_PARAMETERS"));
  auto setting = [&](const std::string& key) -> std::string {
    if (auto it = params.find(key); it != params.end()) return it->second;
    if (repo) {
      if (auto v = repo->config(key)) return *v;
    }
    return {};
  };
  TextMergeOptions options = driver_merge_options(request, setting);
  RuleContext context;
  context.path = shown;
  context.enabled = profile.rules;
  std::string policy = setting("lanemerge.policy");
  if (policy == "keyed") context.policy = Policy::Keyed;
  else if (!policy.empty() && policy != "additive")
    say("warning", "unknown lanemerge.policy '" + policy + "', using additive");
  record.policy = policy_name(context.policy);

  // Which merge this is, and whether a hook of ours will follow it.
  std::string merge_head;
  for (const auto& [k, v] : request.env)
    if (k.rfind("GITHEAD_", 0) == 0) merge_head = k.substr(8);
  record.merge_head = merge_head;
  MergeIdentity identity;
  if (repo) {
    identity = identify_merge(*repo, merge_environment(request.env), MergeStage::Driver);
    record.head = identity.head;
  }
  context.hooks_follow = identity.followed();
  auto record_relock = [&](const std::string& lock_path) {
    if (!repo || identity.dry_run) return;
    auto saved = save_pending(repo->git_dir(), relock_action(lock_path, record.head, merge_head, record.driver));
    if (!saved) {
      say("warning", "relock not recorded: " + saved.error().message);
      return;
    }
    record.pending.push_back(kRelockAction);
  };

  auto finish = [&](int code) {
    outcome.exit_code = code;
    record.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (repo && !identity.dry_run) {
      auto appended = append_journal(repo->git_dir(), record);
      if (!appended) say("warning", "journal not written: " + appended.error().message);
    }
    return outcome;
  };

  // The lock driver's rule runs before anything else: a lock is never merged
  // as text when a hook of ours will regenerate it. Ours stays in %A (a
  // valid lock: no NUL, no conflict markers); nothing is read into memory.
  if (profile.lock_first && context.hooks_follow) {
    bool nul = false, markers = false;
    if (scan_file(request.ours_file, options.marker_size, nul, markers) && !nul && !markers) {
      RuleInput input{{}, {}, {}, 0};
      Classification c = classify(classifier_rules(), profile.rules, input, context);
      if (c.resolution == Resolution::Auto) {
        record.resolution = "auto";
        record.rule = c.rule;
        record.rules = c.rules;
        record.reason = c.reason;
        record.actions = c.actions;
        record_relock(request.path.empty() ? request.ours_file : request.path);
        return finish(0);
      }
    }
  }

  std::string base, ours, theirs;
  if (!read_file(request.ours_file, ours)) {
    record.resolution = "manual";
    record.rule = "input";
    record.reason = "cannot read ours (" + request.ours_file + ")";
    say("error", record.reason);
    return finish(2);
  }
  if (!read_file(request.base_file, base) || !read_file(request.theirs_file, theirs)) {
    record.resolution = "manual";
    record.rule = "input";
    record.reason = "cannot read the base or theirs version; ours left in place";
    say("manual", record.reason);
    return finish(1);
  }
  if (env_of(request, "LANEMERGE_TEST_FAULT") == "after-read")
    throw std::runtime_error("injected fault after reading the inputs (LANEMERGE_TEST_FAULT)");

  // A dependency merge beside a uv.lock that both sides' changes make stale:
  // git may take one side's lock without calling the lock driver.
  auto maybe_relock = [&]() {
    if (!profile.records_relock || !identity.followed() || !repo || repo->workdir().empty()) return;
    std::string path = request.path.empty() ? request.ours_file : request.path;
    std::size_t slash = path.rfind('/');
    std::string lock = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "uv.lock";
    if (!file_exists(repo->workdir() + lock)) return;
    if (!both_sides_changed_dependencies(base, ours, theirs)) return;
    record_relock(lock);
  };

  auto write_result = [&](const std::string& text) -> bool {
    std::string why;
    if (write_file_atomic(request.ours_file, text, why)) return true;
    say("error", "cannot write the result (" + why + ")");
    return false;
  };

  if (has_nul(base) || has_nul(ours) || has_nul(theirs)) {
    record.resolution = "manual";
    record.rule = "input";
    record.reason = "binary content; ours left in place";
    say("manual", record.reason);
    return finish(1);
  }

  auto lock_warning = [&](bool conflicted) { return identity.lock_hint(shown, conflicted); };

  auto merged = text_merge(base, ours, theirs, options);
  if (!merged) {
    record.resolution = "manual";
    record.rule = "input";
    record.reason = merged.error().message + "; the whole file is left as one conflict";
    say("manual", record.reason);
    return finish(write_result(whole_file_conflict(ours, theirs, options)) ? 1 : 2);
  }
  record.regions = merged->conflicts;

  if (merged->clean) {
    record.resolution = "clean";
    record.rule = "text-merge";
    record.reason = "git's text merge is clean";
    if (profile.lock_first) {
      record.warnings.push_back(lock_warning(false));
      say("warning", record.warnings.back());
    }
    maybe_relock();
    if (profile.clean_warnings && is_valid_utf8(merged->text))
      for (auto& w : profile.clean_warnings(merged->text)) {
        say("warning", w);
        record.warnings.push_back(std::move(w));
      }
    if (!write_result(merged->text)) return finish(2);
    return finish(0);
  }

  auto manual = [&](const std::string& rule_id, const std::string& why) {
    std::string rule = rule_id, reason = why;
    if (profile.lock_first) {
      rule = "R-UVLOCK-REGENERATE";
      reason = "uv.lock conflicts are left as git leaves them here; " + lock_warning(true);
    }
    record.resolution = "manual";
    record.rule = rule;
    record.reason = reason;
    say("manual", reason);
    if (!write_result(merged->text)) return finish(2);
    return finish(1);
  };

  std::string refused;
  if (!is_valid_utf8(base) || !is_valid_utf8(ours) || !is_valid_utf8(theirs)) refused = "invalid UTF-8";
  else if (has_conflict_markers(base, options.marker_size) || has_conflict_markers(ours, options.marker_size) ||
           has_conflict_markers(theirs, options.marker_size))
    refused = "conflict markers already in an input";
  if (!refused.empty()) return manual("input", refused + "; no rule ran");

  if (has_bom(base) != has_bom(ours) || has_bom(ours) != has_bom(theirs))
    return manual("input", "the byte-order mark differs between the versions; no rule ran");
  const bool bom = has_bom(ours);

  RuleInput input{strip_bom(base), strip_bom(ours), strip_bom(theirs), merged->conflicts};
  Classification c = classify(classifier_rules(), profile.rules, input, context);
  if (c.resolution != Resolution::Auto) return manual(c.rule, c.reason);
  record.rules = c.rules;

  if (c.sort_imports) {
    std::string why;
    if (!order_imports(c.merged, runner, request, repo ? repo->workdir() : std::string(), setting("lanemerge.ruff"),
                       timeout_seconds("ruff", [&](const std::string& k) { return std::optional<std::string>(setting(k)); }),
                       record, why))
      return manual(c.rule, why);
  }

  record.resolution = "auto";
  record.rule = c.rule;
  record.reason = c.reason;
  record.actions = c.actions;
  if (bom) c.merged.insert(0, "\xEF\xBB\xBF");
  maybe_relock();
  if (!write_result(c.merged)) {
    // The conflict text is the safe fallback.
    record.resolution = "manual";
    if (write_result(merged->text)) return finish(1);
    return finish(2);
  }
  return finish(0);
}

}  // namespace lanemerge::core

#include "core/driver_run.hpp"

#include <chrono>
#include <fstream>
#include <map>
#include <stdexcept>

#include "core/driver_fallback.hpp"
#include "core/file_merge.hpp"
#include "core/files.hpp"
#include "core/journal.hpp"
#include "core/merge_identity.hpp"
#include "core/pending.hpp"
#include "core/python_scopes.hpp"
#include "core/repository.hpp"
#include "core/text.hpp"
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

// The names a Python text's import statements bind, with how often.
std::map<std::string, int> imported_names(std::string_view text, const DriverProfile& profile) {
  std::map<std::string, int> out;
  auto doc = read_document(profile, text);
  if (!doc) return out;
  for (const auto& b : doc->bindings)
    if (b.by_import) ++out[b.name + '\x1f' + b.site.substr(0, b.site[0] == '@' ? 0 : std::string::npos)];
  return out;
}

// One driver run: settings, the situation it runs in, and its journal record.
class Run {
public:
  Run(const DriverRequest& request, const DriverProfile& profile, ProcessRunner* runner)
      : request_(request), profile_(profile), runner_(runner), started_(std::chrono::steady_clock::now()) {
    record_.driver = std::string(profile.driver);
    record_.path = request.path.empty() ? request.ours_file : request.path;
    repo_ = Repository::discover(request.cwd, env_of(request, "GIT_DIR"));
    params_ = parse_config_parameters(env_of(request, "GIT_CONFIG_PARAMETERS"));

    options_ = driver_merge_options(request, [this](const std::string& key) { return setting(key); });
    context_.path = record_.path;
    std::string policy = setting("lanemerge.policy");
    if (policy == "keyed") context_.policy = Policy::Keyed;
    else if (!policy.empty() && policy != "additive") say("warning", "unknown lanemerge.policy '" + policy + "', using additive");
    record_.policy = policy_name(context_.policy);

    MergeEnvironment environment = merge_environment(request.env);
    record_.merge_head = environment.githead;
    if (repo_) {
      identity_ = identify_merge(*repo_, environment, MergeStage::Driver);
      record_.head = identity_.head;
    }
    identity_.dry_run = environment.dry_run;
    context_.hooks_follow = identity_.followed();
    for (const ScopeKind* k : profile.kinds)
      if (k->validator != Validator::None) validator_ = k->validator;
  }

  const DriverProfile& profile() const { return profile_; }
  const TextMergeOptions& options() const { return options_; }
  const RuleContext& context() const { return context_; }
  JournalRecord& record() { return record_; }

  std::string setting(const std::string& key) const {
    if (auto it = params_.find(key); it != params_.end()) return it->second;
    if (repo_)
      if (auto v = repo_->config(key)) return *v;
    return {};
  }

  void say(const std::string& kind, const std::string& text) {
    outcome_.messages.push_back("lanemerge: " + record_.path + ": " + kind + ": " + text);
  }

  bool write(const std::string& text) {
    std::string why;
    if (write_file_atomic(request_.ours_file, text, why)) return true;
    say("error", "cannot write the result (" + why + ")");
    return false;
  }

  DriverOutcome finish(int code) {
    outcome_.exit_code = code;
    record_.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
    if (repo_ && !identity_.dry_run) {
      auto appended = append_journal(repo_->git_dir(), record_);
      if (!appended) say("warning", "journal not written: " + appended.error().message);
    }
    return outcome_;
  }

  void decide(const std::string& resolution, const std::string& rule, const std::string& reason) {
    record_.resolution = resolution;
    record_.rule = rule;
    record_.reason = reason;
  }

  // Git's own outcome for a file no rule may touch: the conflict text, exit 1.
  DriverOutcome manual(const std::string& rule, const std::string& why, const std::string& conflict_text) {
    std::string r = rule, reason = why;
    if (profile_.reader == Reader::Lock) {
      r = std::string(profile_.primary_rule);
      reason = "uv.lock conflicts are left as git leaves them here; " + lock_warning(true);
    }
    decide("manual", r, reason);
    say("manual", reason);
    if (!write(conflict_text)) return finish(2);
    return finish(1);
  }

  std::string lock_warning(bool conflicted) const { return identity_.lock_hint(record_.path, conflicted); }

  // Records the regeneration of the lock at `lock_path` for the hooks.
  void record_regeneration(const std::string& lock_path) {
    if (!repo_ || identity_.dry_run) return;
    auto saved = save_pending(repo_->git_dir(), relock_action(lock_path, record_.head, record_.merge_head, record_.driver));
    if (!saved) {
      say("warning", "relock not recorded: " + saved.error().message);
      return;
    }
    record_.pending.push_back(kRelockAction);
  }

  // The actions of the driver's scope kinds once a merge is decided.
  void run_actions(std::string_view base, std::string_view ours, std::string_view theirs) {
    if (!identity_.followed() || !repo_ || repo_->workdir().empty()) return;
    bool relock = false;
    for (const ScopeKind* k : profile_.kinds) relock = relock || k->action == Action::RelockBesideLock;
    if (!relock) return;
    // A dependency merge beside a uv.lock that both sides' changes make stale:
    // git may take one side's lock without calling the lock driver.
    std::size_t slash = record_.path.rfind('/');
    std::string lock = (slash == std::string::npos ? std::string() : record_.path.substr(0, slash + 1)) + "uv.lock";
    if (!file_exists(repo_->workdir() + lock)) return;
    if (!both_sides_changed(profile_, Action::RelockBesideLock, base, ours, theirs)) return;
    record_regeneration(lock);
  }

  // ruff's import order for a merged import block (`lanemerge.ruff`: auto,
  // required, never). False, with why, when the result must be Manual.
  bool order_imports(std::string& merged, std::string& why) {
    std::string mode = setting("lanemerge.ruff");
    if (mode.empty()) mode = "auto";
    if (mode != "auto" && mode != "required" && mode != "never") {
      why = "lanemerge.ruff must be auto, required or never, not '" + mode + "'";
      return false;
    }
    if (mode == "never") {
      record_.ruff = "disabled";
      return true;
    }
    std::optional<std::string> ruff = runner_ ? runner_->find("ruff") : std::nullopt;
    if (!ruff) {
      if (mode == "required") {
        why = "lanemerge.ruff is required and ruff is not on PATH";
        return false;
      }
      record_.ruff = "absent";  // the file's own order stands
      return true;
    }
    record_.ruff_path = *ruff;
    std::string top = repo_ ? repo_->workdir() : std::string();
    int timeout = timeout_seconds("ruff", [this](const std::string& k) { return std::optional<std::string>(setting(k)); });
    auto r = runner_->run({*ruff, "check", "--select", "I001", "--fix-only", "--stdin-filename", record_.path, "-"},
                          merged, top.empty() ? request_.cwd : top, {}, timeout);
    if (!r.started || r.exit_code != 0) {
      record_.ruff = "failed";
      std::string detail = !r.started ? r.error : r.err.substr(0, r.err.find('\n'));
      why = "ruff failed (exit " + std::to_string(r.exit_code) + (detail.empty() ? "" : ": " + detail) + ")";
      return false;
    }
    // Only the top import block is taken from ruff's output.
    auto mine = import_block_range(merged);
    auto theirs = import_block_range(r.out);
    if (!mine || !theirs || merged.substr(0, mine->first) != r.out.substr(0, theirs->first)) {
      record_.ruff = "failed";
      why = "ruff's output was not usable: " +
            std::string(!theirs ? "it does not parse or has no import block" : "it changed the file before the imports");
      return false;
    }
    std::string out = merged.substr(0, mine->first) + r.out.substr(theirs->first, theirs->second - theirs->first) +
                      merged.substr(mine->second);
    std::string invalid = validate(validator_, out);
    if (!invalid.empty() || imported_names(out, profile_) != imported_names(merged, profile_)) {
      record_.ruff = "failed";
      why = invalid.empty() ? "ruff's import order binds other names than the merge" : "post-merge validation failed after ruff: " + invalid;
      return false;
    }
    record_.ruff = "ran";
    merged = std::move(out);
    return true;
  }

  bool read_inputs(std::string& base, std::string& ours, std::string& theirs) {
    if (!read_file(request_.ours_file, ours)) {
      decide("manual", "input", "cannot read ours (" + request_.ours_file + ")");
      say("error", record_.reason);
      exit_ = 2;
      return false;
    }
    if (!read_file(request_.base_file, base) || !read_file(request_.theirs_file, theirs)) {
      decide("manual", "input", "cannot read the base or theirs version; ours left in place");
      say("manual", record_.reason);
      exit_ = 1;
      return false;
    }
    return true;
  }
  int exit_code() const { return exit_; }

  // A lock is never merged as text when a hook of ours will regenerate it:
  // ours stays in %A (a valid lock: no NUL, no conflict markers) and nothing
  // is read into memory.
  bool lock_kept() {
    if (profile_.reader != Reader::Lock || !context_.hooks_follow || profile_.kinds.empty()) return false;
    bool nul = false, markers = false;
    if (!scan_file(request_.ours_file, options_.marker_size, nul, markers) || nul || markers) return false;
    FileRegion file{profile_.kinds.front()};
    Region region;
    region.file = &file;
    Decision d = classify(classifier_rules(), region, context_);
    if (d.result.resolution != Resolution::Auto) return false;
    decide("auto", d.rule, d.result.reason);
    record_.rules = {d.rule};
    record_.actions = d.result.actions;
    record_regeneration(record_.path);
    return true;
  }

private:
  const DriverRequest& request_;
  const DriverProfile& profile_;
  ProcessRunner* runner_;
  std::chrono::steady_clock::time_point started_;
  DriverOutcome outcome_;
  JournalRecord record_;
  Expected<Repository> repo_ = Error{};
  std::map<std::string, std::string> params_;
  TextMergeOptions options_;
  RuleContext context_;
  MergeIdentity identity_;
  Validator validator_ = Validator::None;  // the scope kinds' validator, for what runs after the merge
  int exit_ = 0;
};

std::string refused(std::string_view base, std::string_view ours, std::string_view theirs, int marker_size) {
  if (!is_valid_utf8(base) || !is_valid_utf8(ours) || !is_valid_utf8(theirs)) return "invalid UTF-8; no rule ran";
  if (has_conflict_markers(base, marker_size) || has_conflict_markers(ours, marker_size) ||
      has_conflict_markers(theirs, marker_size))
    return "conflict markers already in an input; no rule ran";
  if (has_bom(base) != has_bom(ours) || has_bom(ours) != has_bom(theirs))
    return "the byte-order mark differs between the versions; no rule ran";
  return {};
}

}  // namespace

Labels resolve_labels(const DriverRequest& r) {
  Labels labels;
  labels.ours = "HEAD";
  labels.base = "base";
  labels.theirs = "theirs";
  for (const auto& [k, v] : r.env)
    if (k.rfind("GITHEAD_", 0) == 0 && !v.empty()) {
      labels.theirs = v;
      break;
    }
  if (!r.label_base.empty() && !literal_placeholder(r.label_base)) labels.base = r.label_base;
  if (!r.label_ours.empty() && !literal_placeholder(r.label_ours)) labels.ours = r.label_ours;
  if (!r.label_theirs.empty() && !literal_placeholder(r.label_theirs)) labels.theirs = r.label_theirs;
  return labels;
}

DriverOutcome run_driver(const DriverRequest& request, const DriverProfile& profile, ProcessRunner* runner) {
  Run run(request, profile, runner);
  JournalRecord& record = run.record();

  // 1. A lock that our hooks will regenerate: ours stands, nothing is merged.
  if (run.lock_kept()) return run.finish(0);

  // 2. The three versions; binary content is git's own outcome.
  std::string base, ours, theirs;
  if (!run.read_inputs(base, ours, theirs)) return run.finish(run.exit_code());
  if (env_of(request, "LANEMERGE_TEST_FAULT") == "after-read")
    throw std::runtime_error("injected fault after reading the inputs (LANEMERGE_TEST_FAULT)");
  if (has_nul(base) || has_nul(ours) || has_nul(theirs)) {
    run.decide("manual", "input", "binary content; ours left in place");
    run.say("manual", record.reason);
    return run.finish(1);
  }

  // 3. git's text merge: clean is kept as it is.
  auto merged = text_merge(base, ours, theirs, run.options());
  if (!merged) {
    run.decide("manual", "input", merged.error().message + "; the whole file is left as one conflict");
    run.say("manual", record.reason);
    return run.finish(run.write(whole_file_conflict(ours, theirs, run.options())) ? 1 : 2);
  }
  record.regions = merged->conflicts;
  if (merged->clean) {
    run.decide("clean", "text-merge", "git's text merge is clean");
    if (profile.reader == Reader::Lock) record.warnings.push_back(run.lock_warning(false));
    else if (is_valid_utf8(merged->text))
      for (auto& w : clean_merge_warnings(profile, strip_bom(merged->text))) record.warnings.push_back(std::move(w));
    for (const auto& w : record.warnings) run.say("warning", w);
    run.run_actions(strip_bom(base), strip_bom(ours), strip_bom(theirs));
    return run.finish(run.write(merged->text) ? 0 : 2);
  }

  // 4. Inputs no rule may touch.
  if (std::string why = refused(base, ours, theirs, run.options().marker_size); !why.empty() || profile.reader == Reader::Lock)
    return run.manual("input", why, merged->text);

  // 5. The classifier, then what the merged scope kinds ask for after it.
  const bool bom = has_bom(ours);
  FileMerge f = merge_file(profile, strip_bom(base), strip_bom(ours), strip_bom(theirs), run.context());
  if (f.resolution != Resolution::Auto) return run.manual(f.rule, f.reason, merged->text);
  record.rules = f.rules;
  bool ruff = false;
  for (const ScopeKind* k : profile.kinds) ruff = ruff || (k->post == PostStep::RuffImports && f.kinds.count(std::string(k->id)));
  if (std::string why; ruff && !run.order_imports(f.text, why)) return run.manual(f.rule, why, merged->text);
  run.decide("auto", f.rule, f.reason);
  if (bom) f.text.insert(0, "\xEF\xBB\xBF");
  run.run_actions(strip_bom(base), strip_bom(ours), strip_bom(theirs));
  if (!run.write(f.text)) {
    record.resolution = "manual";  // the conflict text is the safe fallback
    return run.finish(run.write(merged->text) ? 1 : 2);
  }
  return run.finish(0);
}

}  // namespace lanemerge::core

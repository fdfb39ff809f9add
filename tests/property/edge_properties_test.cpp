// Generated edge cases of the three union drivers (issue 9): comments,
// quote styles, keyword routes, layout changes, Python bindings, tuples and
// the `keyed` policy, judged by the line-by-line oracle of edge_oracle.cpp.
// See README.md in this directory.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "edge_generators.hpp"
#include "edge_model.hpp"
#include "edge_oracle.hpp"
#include "support.hpp"

using namespace lanemerge;
using namespace lanemerge::property;
using namespace lanemerge::property::edge;

namespace {

struct EdgeSpec {
  std::string name;  // the test's name prefix
  std::string driver;
  std::string path;
  std::function<EdgeCase(Rng&)> generate;
  std::function<FileModel(const std::string&)> read;
  std::vector<std::string> classes;  // each must reach the driver in a full run
};

const EdgeSpec& pyproject_edges() {
  static const EdgeSpec s{"pyproject-edges", "lanemerge-pyproject", "pyproject.toml", generate_pyproject,
                          read_pyproject,
                          {"comments", "tail-comment", "quotes", "layout", "keyed", "container-trivia", "out-of-scope"}};
  return s;
}

const EdgeSpec& pyinit_edges() {
  static const EdgeSpec s{"pyinit-edges", "lanemerge-pyinit", "pkg/__init__.py", generate_pyinit,
                          [](const std::string& t) { return read_python(t, container_modules()); },
                          {"comments", "tail-comment", "quotes", "layout", "keyed-list", "bindings", "tuple", "noqa"}};
  return s;
}

const EdgeSpec& urls_edges() {
  static const EdgeSpec s{"urls-edges", "lanemerge-urls", "app/urls.py", generate_urls,
                          [](const std::string& t) { return read_python(t, container_modules()); },
                          {"comments", "tail-comment", "layout", "keyed-list", "routes"}};
  return s;
}

// What went wrong, in the words of the report.
const char* const kCrash = "crash";
const char* const kWrongClean = "wrong clean merge";
const char* const kNeedless = "needless manual";
const char* const kConflictText = "not git's conflict text";
const char* const kCleanChanged = "git's clean merge not kept";
const char* const kAsymmetric = "asymmetric";
const char* const kIdentity = "not the identity";
const char* const kGenerator = "generator";

struct Failure {
  std::string kind;
  std::string what;
};

struct Outcome {
  int exit_code = -1;
  std::string result;
  FileModel model;
  bool read = false;
};

class EdgeChecker {
public:
  EdgeChecker(const EdgeSpec& spec, const Repo& repo) : spec_(spec), repo_(repo) {}

  std::map<std::string, int> outcomes;      // "<policy> clean|auto|manual"
  std::map<std::string, int> reached;       // class → cases where git's text merge conflicts

  std::vector<Failure> check(const EdgeCase& c) {
    failures_.clear();
    c_ = &c;
    FileModel mb = spec_.read(c.base), mo = spec_.read(c.ours), mt = spec_.read(c.theirs);
    for (const auto* m : {&mb, &mo, &mt})
      if (!m->error.empty()) fail(kGenerator, "an input cannot be read: " + m->error);
    if (!failures_.empty()) return failures_;
    if (!git_merge(c.base, c.ours, c.theirs, c.marker_size).clean)
      for (const auto& cls : c.classes) ++reached[cls];

    bool identity_done = false;
    for (const std::string policy : {"additive", "keyed"}) {
      Outcome forward = one(c.base, c.ours, c.theirs, mb, mo, mt, policy, false);
      Outcome swapped = one(c.base, c.theirs, c.ours, mb, mt, mo, policy, true);
      if (forward.exit_code != swapped.exit_code) {
        fail(kAsymmetric, policy + ": exit " + std::to_string(forward.exit_code) + " but " +
                              std::to_string(swapped.exit_code) + " with ours and theirs swapped");
      } else if (forward.exit_code == 0 && forward.read && swapped.read && forward.model.error.empty() &&
                 swapped.model.error.empty()) {
        std::string f = summary(forward.model), s = summary(swapped.model);
        if (f != s) fail(kAsymmetric, policy + ": the result differs with ours and theirs swapped\n  forward:\n" + f +
                                          "  swapped:\n" + s);
      }
      if (!identity_done && forward.exit_code == 0 && forward.read) {
        identity(forward.result, policy);
        identity_done = true;
      }
    }
    identity(c.base, "additive");
    return failures_;
  }

private:
  void fail(const char* kind, const std::string& what) { failures_.push_back({kind, what}); }

  void identity(const std::string& x, const std::string& policy) {
    Run r = run_driver(repo_, spec_.driver, spec_.path, x, x, x, policy, c_->marker_size);
    if (r.exit_code != 0 || r.result != x)
      fail(kIdentity, policy + ": base = ours = theirs gives exit " + std::to_string(r.exit_code) +
                          (r.result == x ? "" : " and another text:\n" + r.result));
  }

  Outcome one(const std::string& base, const std::string& ours, const std::string& theirs, const FileModel& mb,
              const FileModel& mo, const FileModel& mt, const std::string& policy, bool swapped) {
    std::string where = policy + (swapped ? " (ours and theirs swapped)" : "") + ": ";
    Outcome out;
    Run run = run_driver(repo_, spec_.driver, spec_.path, base, ours, theirs, policy, c_->marker_size);
    out.exit_code = run.exit_code;
    out.result = run.result;
    auto git = git_merge(base, ours, theirs, c_->marker_size);
    if (!run.exception.empty() || (run.exit_code != 0 && run.exit_code != 1)) {
      fail(kCrash, where + "exit " + std::to_string(run.exit_code) + " " + run.exception + "\n  " + run.messages);
      return out;
    }
    if (run.result.empty() && !git.text.empty()) {
      fail(kCrash, where + "%A is empty");
      return out;
    }
    if (git.clean) {
      if (!swapped) ++outcomes[policy + " clean"];
      if (run.exit_code != 0 || run.result != git.text)
        fail(kCleanChanged, where + "git's text merge is clean but the driver gave exit " +
                                std::to_string(run.exit_code) +
                                (run.result == git.text ? "" : " and another text:\n" + visible(run.result)));
      return out;
    }
    Oracle oracle(mb, mo, mt, policy == "keyed");
    const Judgement& j = oracle.judgement();
    for (const auto& why : j.invalid) fail(kGenerator, where + why);
    if (!j.invalid.empty()) return out;
    if (run.exit_code == 1) {
      if (!swapped) ++outcomes[policy + " manual"];
      if (run.result != git.text)
        fail(kConflictText, where + "exit 1 but %A is not git's conflict text\n--- %A:\n" + visible(run.result) +
                                "--- git:\n" + visible(git.text));
      if (j.manual.empty() && j.either.empty())
        fail(kNeedless, where + "Manual, but every change merges by the conventions; the driver says: " +
                            trim(run.messages));
      return out;
    }
    if (!swapped) ++outcomes[policy + " auto"];
    out.model = spec_.read(run.result);
    out.read = true;
    if (!j.manual.empty()) {
      fail(kWrongClean, where + "exit 0 although " + j.manual.front() + "\n--- result:\n" + visible(run.result));
      return out;
    }
    auto problems = oracle.check(out.model);
    if (!problems.empty()) {
      std::string what = where + "exit 0 with a wrong result:";
      for (const auto& p : problems) what += "\n  - " + visible(p);
      fail(kWrongClean, what + "\n--- result:\n" + visible(run.result));
    }
    return out;
  }

  const EdgeSpec& spec_;
  const Repo& repo_;
  const EdgeCase* c_ = nullptr;
  std::vector<Failure> failures_;
};

bool has(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

// What went wrong, in a few words, from the first thing a failure names.
std::string defect_of(const Failure& f) {
  const std::string& w = f.what;
  if (f.kind == kNeedless) {
    std::size_t at = w.find("manual: ", w.find("driver says"));
    std::string why = at == std::string::npos ? "" : w.substr(at + 8);
    if (has(why, "outside the mergeable scopes")) return "a scope taken for text outside the scopes";
    if (has(why, "does not parse")) return "the merged text does not parse";
    if (has(why, "cannot be written in its layout")) return "the merged entries cannot be written in the layout";
    if (has(why, "inside a conflicting region")) return "a one-sided or identical change taken for a conflict";
    if (has(why, "both sides changed") || has(why, "both sides added")) return "equal or comment-only changes taken for a clash";
    if (has(why, "twice")) return "the same entry added by both taken for a clash";
    return "other: " + why.substr(0, why.find('\n')).substr(0, 60);
  }
  if (f.kind != kWrongClean) return f.kind;
  std::size_t first = w.find("\n  - ");
  std::string p = first == std::string::npos ? w.substr(0, w.find('\n')) : w.substr(first + 5, w.find('\n', first + 5) - first - 5);
  if (has(p, "although")) {
    if (has(p, "bind")) return "merged although both sides bind a name differently";
    if (has(p, "routes named") || has(p, "changed") && has(p, "differently (")) return "merged although both sides wrote one key differently";
    if (has(p, "inside a conflicting region")) return "merged a removal or modification inside a conflicting region";
    if (has(p, "comment")) return "merged although both sides changed a comment differently";
    if (has(p, "layout")) return "merged although both sides changed the layout differently";
    if (has(p, "outside the scopes")) return "merged a conflict outside the scopes";
    if (has(p, "closing line") || has(p, "opening line")) return "merged although both sides changed a statement's own line";
    return "merged although: " + p.substr(p.find("although") + 9, 50);
  }
  if (has(p, "cannot be read")) return "the result cannot be read";
  if (has(p, "the comment") && has(p, "appears")) {
    std::size_t a = p.find("appears ") + 8, e = p.find("expected ");
    int got = std::atoi(p.c_str() + a), want = std::atoi(p.c_str() + e + 9);
    return got > want ? (want == 0 ? "a removed comment line kept" : "a comment line duplicated") : "a comment line lost";
  }
  if (has(p, "sits above")) return "a comment line moved to another entry";
  if (has(p, "order of")) return "entries moved (base order or a side's order not kept)";
  if (has(p, "column 0") || has(p, "indent") || has(p, "expected inline") || has(p, "expected one entry per line") ||
      has(p, "trailing comma") || has(p, "lost its comma") || has(p, "closing bracket"))
    return "the merged layout is not followed";
  if (has(p, "appears twice")) return "one key twice in the result";
  if (has(p, "trailing comment")) return "a trailing comment lost or wrong";
  if (has(p, "closing line") || has(p, "opening line")) return "a statement's own comment lost";
  if (has(p, "blank lines")) return "a blank line nobody wrote";
  if (has(p, "outside the scopes")) return "text outside the scopes changed";
  if (has(p, "none of base")) return "a line nobody wrote";
  if (has(p, "lost ") || has(p, "holds ") || has(p, "the merge by key gives")) return "entries differ from the merge by key";
  return "other: " + p.substr(0, 60);
}

void run_edges(const EdgeSpec& spec, std::uint64_t default_cases) {
  Repo repo;
  EdgeChecker checker(spec, repo);
  auto list = seeds(default_cases);
  int failed = 0, reported = 0;
  // kind → class → seeds
  std::map<std::string, std::map<std::string, std::vector<std::uint64_t>>> table;
  std::map<std::string, std::string> first_words;  // "kind|class" → first failure of it
  std::map<std::string, std::vector<std::uint64_t>> defects;  // "kind: defect" → seeds
  for (std::uint64_t seed : list) {
    Rng rng(stream_of(seed, spec.name));
    EdgeCase c = spec.generate(rng);
    c.seed = seed;
    auto failures = checker.check(c);
    if (failures.empty()) continue;
    ++failed;
    std::set<std::string> kinds;
    for (const auto& f : failures) kinds.insert(f.kind);
    for (const auto& k : kinds)
      for (const auto& cls : c.classes) {
        table[k][cls].push_back(seed);
        for (const auto& f : failures)
          if (f.kind == k) first_words.emplace(k + "|" + cls, f.what.substr(0, f.what.find('\n', 200)));
      }
    std::set<std::string> seen;
    for (const auto& f : failures)
      if (seen.insert(f.kind + ": " + defect_of(f)).second) defects[f.kind + ": " + defect_of(f)].push_back(seed);
    std::vector<std::string> lines;
    for (const auto& f : failures) lines.push_back(f.kind + " (" + defect_of(f) + "): " + f.what);
    if (reported++ >= 3) {  // the first few in full, the first 50 written out
      if (reported <= 50)
        dump_case(spec.name, spec.driver, spec.path, seed, c.marker_size, c.base, c.ours, c.theirs, c.story, lines);
      continue;
    }
    auto dir =
        dump_case(spec.name, spec.driver, spec.path, seed, c.marker_size, c.base, c.ours, c.theirs, c.story, lines);
    std::string msg = spec.name + " seed " + std::to_string(seed) + " failed (replay: LANEMERGE_PROPERTY_SEED=" +
                      std::to_string(seed) + "); inputs written to " + dir.string() + "\n" + c.story;
    for (const auto& l : lines) msg += "* " + l + "\n";
    msg += "--- base:\n" + visible(c.base) + "--- ours:\n" + visible(c.ours) + "--- theirs:\n" + visible(c.theirs);
    FAIL_CHECK(msg);
  }
  if (failed || verbose()) {
    std::string s = spec.name + ": " + std::to_string(failed) + " failing cases of " + std::to_string(list.size()) + ";";
    for (const auto& [k, n] : checker.outcomes) s += " " + k + "=" + std::to_string(n);
    s += "\ncases that reach the driver, per class:";
    for (const auto& [cls, n] : checker.reached) s += " " + cls + "=" + std::to_string(n);
    s += "\nby defect:";
    for (const auto& [d, ss] : defects) {
      s += "\n  " + d + ": " + std::to_string(ss.size()) + " cases, seeds";
      for (std::size_t i = 0; i < ss.size() && i < 8; ++i) s += " " + std::to_string(ss[i]);
    }
    s += "\nby class:";
    for (const auto& [kind, by_class] : table) {
      s += "\n" + kind + ":";
      for (const auto& [cls, ss] : by_class) {
        s += "\n  " + cls + ": " + std::to_string(ss.size()) + " cases, seeds";
        for (std::size_t i = 0; i < ss.size() && i < 8; ++i) s += " " + std::to_string(ss[i]);
        s += "\n    e.g. " + first_words[kind + "|" + cls];
      }
    }
    WARN(s);
  }
  INFO(spec.name << ": " << failed << " failing cases of " << list.size());
  CHECK(failed == 0);
  // The generator must reach the driver with every class, and see both outcomes.
  if (list.size() >= 100) {
    for (const auto& cls : spec.classes) {
      INFO("class " << cls);
      CHECK(checker.reached[cls] > 0);
    }
    CHECK(checker.outcomes["additive manual"] > 0);
    CHECK(checker.outcomes["additive auto"] + checker.outcomes["additive manual"] > 0);
  }
}

}  // namespace

TEST_CASE("pyproject edges: comments, quotes, layout and keyed merge line by line", "[property][pyproject][edges]") {
  run_edges(pyproject_edges(), 400);
}

TEST_CASE("pyinit edges: comments, bindings, tuples and layout merge line by line", "[property][pyinit][edges]") {
  run_edges(pyinit_edges(), 400);
}

TEST_CASE("urls edges: comments, keyword routes and layout merge line by line", "[property][urls][edges]") {
  run_edges(urls_edges(), 400);
}

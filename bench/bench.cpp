// lanemerge-bench: whole-process cost of the drivers (`lanemerge-pyproject`,
// `lanemerge-pyinit`, `lanemerge-urls`, `lanemerge-uvlock`) against
// `git merge-file` on generated pyproject.toml, __init__.py, urls.py and
// uv.lock inputs, each reported as the process floor plus the driver's own
// cost, and how that own cost grows with the number of entries.
//
// The floor is lanemerge-bench-floor (bench/floor.cpp): a process that loads
// libgit2, linked as the drivers link it, and calls git_libgit2_init(). It is
// timed as its own row and interleaved with every case's runs; a driver's own
// cost is its median minus the floor's median of the same runs.
//
// For each case it writes base / ours / theirs into a temporary directory,
// then runs, as separate processes (fork/exec, wait4), the driver with
// cwd = a temporary git repository (it reads the config there and appends to
// .git/lanemerge/journal.jsonl, as under `git merge`),
// `git merge-file -p ours base theirs` and the floor. Wall time is measured
// around fork..wait4 and peak RSS is taken from each child's own rusage.
// The uv.lock case runs in a repository of its own with the hook shims
// installed (`lanemerge install`) and GIT_REFLOG_ACTION="merge lane", as in a
// `git merge` those hooks follow: the only situation where the lock driver
// takes its streaming path.
// See bench/README.md for the budgets these figures are checked against.

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/platform/process.hpp"

namespace fs = std::filesystem;

namespace {

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const char* const kDrivers[] = {"pyproject", "pyinit", "urls", "uvlock"};

// Entries in the base of each growth case, for every driver but uvlock.
const int kScalingSizes[] = {1000, 2000, 5000, 10000, 20000};
// Blocks in the base of the generated uv.lock (about 48 MiB).
const int kLockPackages = 500000;

struct Options {
  int runs = 31;
  int warmup = 3;
  double case_seconds = 8;  // 0: no limit
  std::string bin;          // where the drivers are
  std::string git = "git";
  std::vector<std::string> only;  // driver short names; empty: all
  bool scaling_only = false;      // only the growth cases
  bool keep = false;
  bool wants(const std::string& driver) const {
    return only.empty() || std::find(only.begin(), only.end(), driver) != only.end();
  }
};

struct Outcome {
  double ms = 0;
  double cpu_ms = 0;  // user + system time of the child, from its rusage
  long maxrss_kib = 0;
  int exit_code = -1;  // -1: killed by a signal
  int signal = 0;
};

using Env = std::vector<std::pair<std::string, std::string>>;

// Runs argv[0] (looked up in PATH when it has no slash) in `cwd`; stdin is
// /dev/null, stdout and stderr go to the given files or to /dev/null; `env`
// is set in the child on top of this process's environment.
Outcome run_process(const std::vector<std::string>& argv, const std::string& cwd, const std::string& out_path = {},
                    const std::string& err_path = {}, const Env& env = {}) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const char* out = out_path.empty() ? "/dev/null" : out_path.c_str();
  const char* err = err_path.empty() ? "/dev/null" : err_path.c_str();

  timespec t0{};
  timespec t1{};
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) throw Failure(std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    int in_fd = open("/dev/null", O_RDONLY);
    int out_fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err_fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(126);
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(126);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    for (const auto& [name, value] : env) {  // this process is single-threaded
      if (setenv(name.c_str(), value.c_str(), 1) != 0) _exit(126);
    }
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) throw Failure(std::string("wait4 failed: ") + std::strerror(errno));
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);

  Outcome o;
  o.ms = static_cast<double>(t1.tv_sec - t0.tv_sec) * 1e3 + static_cast<double>(t1.tv_nsec - t0.tv_nsec) / 1e6;
  o.maxrss_kib = ru.ru_maxrss;  // KiB on Linux
  o.cpu_ms = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
             static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
  if (WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
  return o;
}

std::string describe(const Outcome& o) {
  if (o.exit_code >= 0) {
    std::string s = "exit " + std::to_string(o.exit_code);
    if (o.exit_code == 127) s += " (not found or not executable?)";
    if (o.exit_code == 126) s += " (could not set up the child process)";
    return s;
  }
  return "killed by signal " + std::to_string(o.signal);
}

std::string strip_newlines_and_spaces(std::string s) {
  while (!s.empty() && (s.front() == '\n' || s.front() == ' ')) s.erase(0, 1);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.close();
  if (!f) throw Failure("cannot write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Failure("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::string first_lines(const std::string& text, int n) {
  std::string out;
  std::istringstream in(text);
  std::string line;
  while (n-- > 0 && std::getline(in, line)) out += "    " + line + "\n";
  return out;
}

// ---- generated inputs ------------------------------------------------------

std::string dep_name(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "pkg-%05d>=1.0", i);
  return buf;
}

std::string pyproject(const std::vector<std::string>& deps) {
  std::string s =
      "[build-system]\n"
      "requires = [\"hatchling\"]\n"
      "build-backend = \"hatchling.build\"\n"
      "\n"
      "[project]\n"
      "name = \"bench-project\"\n"
      "version = \"0.1.0\"\n"
      "requires-python = \">=3.10\"\n"
      "dependencies = [\n";
  s.reserve(s.size() + deps.size() * 24 + 64);
  for (const auto& d : deps) s += "    \"" + d + "\",\n";
  s +=
      "]\n"
      "\n"
      "[tool.ruff]\n"
      "line-length = 100\n";
  return s;
}

// The same file with `dependencies` as a single-line array:
// `dependencies = ["pkg-00001>=1.0", "pkg-00002>=1.0", ...]`.
std::string pyproject_inline(const std::vector<std::string>& deps) {
  std::string s =
      "[build-system]\n"
      "requires = [\"hatchling\"]\n"
      "build-backend = \"hatchling.build\"\n"
      "\n"
      "[project]\n"
      "name = \"bench-project\"\n"
      "version = \"0.1.0\"\n"
      "requires-python = \">=3.10\"\n"
      "dependencies = [";
  s.reserve(s.size() + deps.size() * 20 + 64);
  for (std::size_t i = 0; i < deps.size(); ++i) {
    if (i > 0) s += ", ";
    s += "\"" + deps[i] + "\"";
  }
  s +=
      "]\n"
      "\n"
      "[tool.ruff]\n"
      "line-length = 100\n";
  return s;
}

struct Case {
  std::string driver;        // short name: pyproject, pyinit, urls
  std::string path;          // %P, as git would pass it
  std::string name;
  int entries = 0;           // dependencies / imports / routes in the base
  bool git_clean = false;    // whether git's text merge is expected to be clean
  std::string base, ours, theirs;  // dropped once written to `dir`
  std::size_t base_size = 0;
  std::vector<std::string> must_contain;  // the additions of both sides, as they appear in the file
  std::string entry_marker;  // text that starts each entry, for counting them
  std::string dir;           // where its files live
  std::string repo;          // the repository the driver runs in; empty: the shared one
  Env env;                   // set for the driver's process only
  bool lock = false;         // the uv.lock case: files written by write_lock_files, checked by verify_lock
  std::string program() const { return "lanemerge-" + driver; }
  std::string label() const { return program() + ", " + name + " (" + std::to_string(entries) + " entries)"; }
};

const char* kOursNew = "pkg-ours-new>=1.0";      // sorts after every pkg-NNNNN
const char* kTheirsNew = "pkg-theirs-new>=2.0";  // sorts after pkg-ours-new

// Both sides append a different dependency at the end: git's text merge
// conflicts and the driver resolves it (R-PYPROJECT-DEPS-UNION).
Case append_both(int n) {
  std::vector<std::string> deps;
  deps.reserve(static_cast<std::size_t>(n) + 1);
  for (int i = 1; i <= n; ++i) deps.push_back(dep_name(i));
  Case c;
  c.driver = "pyproject";
  c.path = "pyproject.toml";
  c.name = "conflict: both append a dependency";
  c.entries = n;
  c.git_clean = false;
  c.base = pyproject(deps);
  deps.push_back(kOursNew);
  c.ours = pyproject(deps);
  deps.back() = kTheirsNew;
  c.theirs = pyproject(deps);
  c.must_contain = {std::string("\"") + kOursNew + "\"", std::string("\"") + kTheirsNew + "\""};
  c.entry_marker = "\n    \"pkg-";
  return c;
}

// Both sides append a different dependency to a single-line array of n
// entries: the one line conflicts in git's text merge; the driver resolves it
// (R-PYPROJECT-DEPS-UNION) and must be linear in entries on that one line.
Case inline_append_both(int n) {
  std::vector<std::string> deps;
  deps.reserve(static_cast<std::size_t>(n) + 1);
  for (int i = 1; i <= n; ++i) deps.push_back(dep_name(i));
  Case c;
  c.driver = "pyproject";
  c.path = "pyproject.toml";
  c.name = "conflict: both append to a single-line array";
  c.entries = n;
  c.git_clean = false;
  c.base = pyproject_inline(deps);
  deps.push_back(kOursNew);
  c.ours = pyproject_inline(deps);
  deps.back() = kTheirsNew;
  c.theirs = pyproject_inline(deps);
  c.must_contain = {std::string("\"") + kOursNew + "\"", std::string("\"") + kTheirsNew + "\""};
  c.entry_marker = "\"pkg-";
  return c;
}

// Ours appends at the end, theirs inserts in the middle (in sorted place):
// git's text merge is clean and the driver keeps its result.
Case clean_middle(int n) {
  std::vector<std::string> deps;
  for (int i = 1; i <= n; ++i) deps.push_back(dep_name(i));
  Case c;
  c.driver = "pyproject";
  c.path = "pyproject.toml";
  c.name = "clean: theirs inserts a dependency in the middle";
  c.entries = n;
  c.git_clean = true;
  c.base = pyproject(deps);
  std::vector<std::string> ours = deps;
  ours.push_back(kOursNew);
  c.ours = pyproject(ours);
  std::vector<std::string> theirs = deps;
  char mid[32];
  std::snprintf(mid, sizeof mid, "pkg-%05d-new>=2.0", n / 2);
  theirs.insert(theirs.begin() + n / 2, mid);  // right after pkg-<n/2>
  c.theirs = pyproject(theirs);
  c.must_contain = {std::string("\"") + kOursNew + "\"", std::string("\"") + mid + "\""};
  c.entry_marker = "\n    \"pkg-";
  return c;
}

// __init__.py: a docstring, then the top import block, one
// `from .mod_NNNNN import Name_NNNNN` statement per line, in sorted order.
std::string import_line(int i) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "from .mod_%05d import Name_%05d\n", i, i);
  return buf;
}

std::string init_py(int n, const std::string& appended) {
  std::string s = "\"\"\"Generated package.\"\"\"\n";
  s.reserve(s.size() + static_cast<std::size_t>(n + 1) * 36);
  for (int i = 1; i <= n; ++i) s += import_line(i);
  return s + appended;
}

// urls.py: Django's `urlpatterns`, one `path()` per line.
std::string route_line(int i) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "    path(\"r/%05d/\", views.v_%05d, name=\"n_%05d\"),\n", i, i, i);
  return buf;
}

std::string urls_py(int n, const std::string& appended) {
  std::string s =
      "from django.urls import path\n"
      "\n"
      "from . import views\n"
      "\n"
      "urlpatterns = [\n";
  s.reserve(s.size() + static_cast<std::size_t>(n + 1) * 56 + 4);
  for (int i = 1; i <= n; ++i) s += route_line(i);
  return s + appended + "]\n";
}

// Both sides append a different entry (line `line(n + 1)` vs `line(n + 2)`)
// at the end of a Python scope of n entries: git's text merge conflicts and
// the driver resolves it.
Case python_append_both(const std::string& driver, const std::string& path, const std::string& name, int n,
                        std::string (*doc)(int, const std::string&), std::string (*line)(int),
                        const std::string& marker) {
  Case c;
  c.driver = driver;
  c.path = path;
  c.name = name;
  c.entries = n;
  c.git_clean = false;
  c.base = doc(n, "");
  c.ours = doc(n, line(n + 1));
  c.theirs = doc(n, line(n + 2));
  c.must_contain = {"\n" + line(n + 1), "\n" + line(n + 2)};
  c.entry_marker = marker;
  return c;
}

// The import block of a package __init__.py (R-INIT-IMPORTS-UNION).
Case imports_append_both(int n) {
  return python_append_both("pyinit", "pkg/__init__.py", "conflict: both append an import", n, init_py, import_line,
                            "\nfrom .mod_");
}

// `urlpatterns` (R-URLS-LIST-UNION).
Case routes_append_both(int n) {
  return python_append_both("urls", "app/urls.py", "conflict: both append a route", n, urls_py, route_line,
                            "\n    path(\"r/");
}

// uv.lock: a header, then one [[package]] block per package, sorted by name,
// each followed by a blank line.
const char* const kLockHeader = "version = 1\nrequires-python = \">=3.10\"\n\n";

void append_lock_package(std::string& out, int i) {
  char buf[160];
  int n = std::snprintf(buf, sizeof buf,
                        "[[package]]\nname = \"pkg-%07d\"\nversion = \"1.0.%d\"\n"
                        "source = { registry = \"https://pypi.org/simple\" }\n\n",
                        i, i);
  out.append(buf, static_cast<std::size_t>(n));
}

// Writes base (n packages), ours (base + pkg-<n+1>) and theirs
// (base + pkg-<n+2>) into `dir`, a chunk at a time: the bench never holds a
// whole lock in memory (a forked child starts as a copy of this process).
// Returns the size of the base in bytes.
std::size_t write_lock_files(const std::string& dir, int n) {
  const std::string base = dir + "/base";
  {
    std::ofstream f(base, std::ios::binary | std::ios::trunc);
    std::string chunk;
    chunk.reserve(std::size_t{1} << 20);
    chunk += kLockHeader;
    for (int i = 1; i <= n; ++i) {
      append_lock_package(chunk, i);
      if (chunk.size() + 256 > chunk.capacity()) {
        f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        chunk.clear();
      }
    }
    f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    f.close();
    if (!f) throw Failure("cannot write " + base);
  }
  const std::pair<const char*, int> sides[] = {{"ours", n + 1}, {"theirs", n + 2}};
  for (const auto& [side, package] : sides) {
    const std::string path = dir + "/" + side;
    fs::copy_file(base, path, fs::copy_options::overwrite_existing);
    std::ofstream f(path, std::ios::binary | std::ios::app);
    std::string block;
    append_lock_package(block, package);
    f << block;
    f.close();
    if (!f) throw Failure("cannot write " + path);
  }
  return static_cast<std::size_t>(fs::file_size(base));
}

// Both sides append a different package at the end of a ~50 MiB lock: git's
// text merge conflicts; lanemerge-uvlock, in a merge the hooks follow, leaves
// ours in %A untouched and records a pending relock.
Case lock_append_both(int n) {
  Case c;
  c.driver = "uvlock";
  c.path = "uv.lock";
  c.name = "lock: both append a package, in a merge the hooks follow";
  c.entries = n;
  c.git_clean = false;
  c.lock = true;
  c.env = {{"GIT_REFLOG_ACTION", "merge lane"}};
  c.entry_marker = "\n[[package]]\n";
  return c;
}

// Whether two files hold the same bytes, read a block at a time.
bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec1, ec2;
  auto size_a = fs::file_size(a, ec1);
  auto size_b = fs::file_size(b, ec2);
  if (ec1 || ec2 || size_a != size_b) return false;
  std::ifstream fa(a, std::ios::binary);
  std::ifstream fb(b, std::ios::binary);
  if (!fa || !fb) return false;
  static char buf_a[1 << 16];
  static char buf_b[1 << 16];
  while (fa && fb) {
    fa.read(buf_a, sizeof buf_a);
    fb.read(buf_b, sizeof buf_b);
    if (fa.gcount() != fb.gcount()) return false;
    if (std::memcmp(buf_a, buf_b, static_cast<std::size_t>(fa.gcount())) != 0) return false;
  }
  return fa.eof() && fb.eof();
}

std::size_t count_entries(const std::string& text, const std::string& marker) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while ((pos = text.find(marker, pos)) != std::string::npos) {
    ++n;
    ++pos;
  }
  return n;
}

std::string trim_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string last_line(const std::string& text) {
  std::size_t end = text.find_last_not_of('\n');
  if (end == std::string::npos) return {};
  std::size_t newline = text.rfind('\n', end);
  std::size_t begin = newline == std::string::npos ? 0 : newline + 1;
  return text.substr(begin, end + 1 - begin);
}

// ---- statistics ------------------------------------------------------------

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double p90(std::vector<double> v) {  // nearest rank
  std::sort(v.begin(), v.end());
  std::size_t rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(v.size())));
  return v[std::max<std::size_t>(rank, 1) - 1];
}

// One case: the driver, `git merge-file` and the floor, run by run.
struct Row {
  const Case* c = nullptr;
  int runs = 0;
  double driver_median = 0, driver_p90 = 0, git_median = 0, git_p90 = 0;
  double floor_median = 0;  // lanemerge-bench-floor, interleaved with this case's runs
  // CPU time (user + system) medians: unlike wall time, they do not count the
  // time a process waits for a CPU while the machine is busy with others.
  double driver_cpu_median = 0, floor_cpu_median = 0;
  long driver_rss_kib = 0, git_rss_kib = 0;
  double ratio() const { return git_median > 0 ? driver_median / git_median : 0; }
  // What the driver costs over the process floor: median driver time minus
  // median floor time, both from the same runs.
  double own() const { return driver_median - floor_median; }
  double own_ratio() const { return git_median > 0 ? own() / git_median : 0; }
  double own_cpu() const { return driver_cpu_median - floor_cpu_median; }
};

// The floor on its own: lanemerge-bench-floor, nothing else.
struct FloorRow {
  int runs = 0;
  double median = 0, p90 = 0, cpu_median = 0;
  long rss_kib = 0;
};

double mib(long kib) { return static_cast<double>(kib) / 1024.0; }

// ---- the runs --------------------------------------------------------------

struct Bench {
  Options opt;
  std::string tmp;
  std::string repo;

  std::string driver_file(const Case& c) const { return opt.bin + "/" + c.program(); }
  std::string floor_file() const { return opt.bin + "/lanemerge-bench-floor"; }
  std::vector<std::string> driver_argv(const Case& c) const {
    return {driver_file(c), c.dir + "/base", c.dir + "/A", c.dir + "/theirs", "7", c.path,
            "base",         "ours",          "theirs"};
  }
  std::vector<std::string> git_argv(const Case& c) const {
    return {opt.git, "merge-file", "-p", c.dir + "/ours", c.dir + "/base", c.dir + "/theirs"};
  }
  const std::string& repo_of(const Case& c) const { return c.repo.empty() ? repo : c.repo; }
  void reset_ours(const Case& c) const {
    fs::copy_file(c.dir + "/ours", c.dir + "/A", fs::copy_options::overwrite_existing);
  }

  // The relocks recorded in the case's repository (one file per action).
  std::string pending_dir(const Case& c) const { return repo_of(c) + "/.git/lanemerge/pending"; }
  std::vector<std::string> pending_files(const Case& c) const {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(pending_dir(c), ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".json") out.push_back(it->path().string());
    }
    return out;
  }
  void clear_pending(const Case& c) const {
    for (const auto& f : pending_files(c)) fs::remove(f);
  }

  Outcome run_driver(const Case& c, const std::string& err_path = {}) const {
    reset_ours(c);  // outside the timed region, as is the next line
    if (c.lock) clear_pending(c);
    return run_process(driver_argv(c), repo_of(c), {}, err_path, c.env);
  }
  Outcome run_git(const Case& c, const std::string& out_path = {}) const {
    return run_process(git_argv(c), repo_of(c), out_path);
  }
  // The floor, in the same directory and environment as the driver it is
  // compared with (`c` null: the shared repository, no extra environment).
  Outcome run_floor(const Case* c = nullptr) const {
    return run_process({floor_file()}, c ? repo_of(*c) : repo, {}, {}, c ? c->env : Env{});
  }
  void check_floor(const Outcome& o) const {
    if (o.exit_code != 0) throw Failure("lanemerge-bench-floor " + describe(o) + ", expected exit 0");
  }

  void check_driver(const Case& c, const Outcome& o) const {
    if (o.exit_code != 0) throw Failure(c.label() + ": driver " + describe(o) + ", expected exit 0");
    if (c.lock && pending_files(c).empty())
      throw Failure(c.label() + ": driver exited 0 but recorded no pending relock in " + pending_dir(c) +
                    " (did it take git's text merge?)");
  }
  void check_git(const Case& c, const Outcome& o) const {
    int want = c.git_clean ? 0 : 1;
    if (o.exit_code != want)
      throw Failure(c.label() + ": git merge-file " + describe(o) + ", expected exit " + std::to_string(want) +
                    (c.git_clean ? " (clean)" : " (one conflict)"));
  }

  // Once per case, untimed: the driver resolves it, git sees what we expect.
  // Returns the wall time of that driver run plus that git run, in seconds.
  double verify(const Case& c) const {
    if (c.lock) return verify_lock(c);
    const std::string err = c.dir + "/driver.stderr";
    const std::string where = " (inputs: " + c.dir + "/{base,ours,theirs}; run with --keep to keep them)";
    Outcome d = run_driver(c, err);
    std::string stderr_text = first_lines(read_file(err), 10);
    if (stderr_text.empty()) stderr_text = "    (empty)\n";
    if (d.exit_code != 0)
      throw Failure(c.label() + ": driver " + describe(d) + ", expected exit 0" + where + "; its stderr:\n" +
                    stderr_text);
    const std::string merged = read_file(c.dir + "/A");
    for (const auto& want : c.must_contain) {
      if (merged.find(want) == std::string::npos)
        throw Failure(c.label() + ": driver exited 0 but its output lacks " + strip_newlines_and_spaces(want) + where +
                      "; its stderr:\n" + stderr_text);
    }
    if (merged.find("<<<<<<<") != std::string::npos)
      throw Failure(c.label() + ": driver exited 0 but left conflict markers" + where);
    std::size_t got = count_entries(merged, c.entry_marker);
    std::size_t expected = static_cast<std::size_t>(c.entries) + c.must_contain.size();
    if (got != expected)
      throw Failure(c.label() + ": driver output holds " + std::to_string(got) + " entries, expected " +
                    std::to_string(expected) + where);
    const std::string record = check_journal(c);
    if (record.find("\"ruff\":") != std::string::npos && record.find("\"ruff\":\"absent\"") == std::string::npos)
      throw Failure(c.label() + ": the driver used ruff although none is on its PATH: " + record);
    Outcome g = run_git(c);
    check_git(c, g);
    return (d.ms + g.ms) / 1e3;
  }

  // The journal's last record must be this driver's, with the expected
  // resolution. Returns that record.
  std::string check_journal(const Case& c) const {
    const std::string journal = repo_of(c) + "/.git/lanemerge/journal.jsonl";
    if (!fs::exists(journal))
      throw Failure("the driver wrote no journal in " + repo_of(c) + "/.git/lanemerge/ (did it find the repository?)");
    const std::string record = last_line(read_file(journal));
    const std::string resolution = c.git_clean ? "\"resolution\":\"clean\"" : "\"resolution\":\"auto\"";
    if (record.find("\"driver\":\"" + c.program() + "\"") == std::string::npos ||
        record.find(resolution) == std::string::npos)
      throw Failure(c.label() + ": the journal's last record is not this driver with " + resolution + ": " + record);
    return record;
  }

  // The uv.lock case, once, untimed: the driver exits 0, %A is ours byte for
  // byte, one pending relock of uv.lock is recorded, the journal says `auto`;
  // git's text merge has one conflict.
  double verify_lock(const Case& c) const {
    const std::string err = c.dir + "/driver.stderr";
    const std::string where = " (inputs: " + c.dir + "/{base,ours,theirs}, repository: " + repo_of(c) +
                              "; run with --keep to keep them)";
    Outcome d = run_driver(c, err);
    std::string stderr_text = first_lines(read_file(err), 10);
    if (stderr_text.empty()) stderr_text = "    (empty)\n";
    if (d.exit_code != 0)
      throw Failure(c.label() + ": driver " + describe(d) + ", expected exit 0" + where + "; its stderr:\n" +
                    stderr_text);
    if (!same_file(c.dir + "/A", c.dir + "/ours"))
      throw Failure(c.label() + ": driver exited 0 but %A is not ours byte for byte" + where + "; its stderr:\n" +
                    stderr_text);
    const std::vector<std::string> pending = pending_files(c);
    if (pending.size() != 1)
      throw Failure(c.label() + ": expected one pending relock in " + pending_dir(c) + ", found " +
                    std::to_string(pending.size()) + where + "; the driver's stderr:\n" + stderr_text);
    const std::string action = read_file(pending.front());
    if (action.find("\"kind\":\"uv-lock-regenerate\"") == std::string::npos ||
        action.find("\"lock_path\":\"" + c.path + "\"") == std::string::npos)
      throw Failure(c.label() + ": the pending action is not a relock of " + c.path + ": " + trim_line(action));
    check_journal(c);
    clear_pending(c);
    Outcome g = run_git(c);
    check_git(c, g);
    return (d.ms + g.ms) / 1e3;
  }

  // Timed runs for a case whose untimed check took `check_s` seconds: at
  // most --runs, fewer when they would take more than --case-seconds, but at
  // least 3 (or --runs when smaller).
  int runs_for(double check_s) const {
    if (opt.case_seconds <= 0 || check_s <= 0) return opt.runs;
    double fit = std::floor(opt.case_seconds / check_s);
    int n = fit >= static_cast<double>(opt.runs) ? opt.runs : std::max(3, static_cast<int>(fit));
    return std::min(n, opt.runs);
  }
  // Warm-up runs are skipped when one run takes over a second: the untimed
  // check has warmed the caches already.
  int warmup_for(double check_s) const { return check_s > 1.0 ? 0 : opt.warmup; }

  // Each timed run is the floor, the driver and (unless `with_git` is false:
  // git's columns stay 0) `git merge-file`, interleaved, so that drift in the
  // machine's load hits all three alike and the driver's own cost is taken
  // against the floor of the same moments.
  Row measure(const Case& c, int runs, int warmup, bool with_git = true) const {
    for (int i = 0; i < warmup; ++i) {
      check_floor(run_floor(&c));
      check_driver(c, run_driver(c));
      if (with_git) check_git(c, run_git(c));
    }
    std::vector<double> dt, gt, ft, dc, fc;
    Row row;
    row.c = &c;
    row.runs = runs;
    for (int i = 0; i < runs; ++i) {
      Outcome f = run_floor(&c);
      check_floor(f);
      ft.push_back(f.ms);
      fc.push_back(f.cpu_ms);
      Outcome d = run_driver(c);
      check_driver(c, d);
      dt.push_back(d.ms);
      dc.push_back(d.cpu_ms);
      row.driver_rss_kib = std::max(row.driver_rss_kib, d.maxrss_kib);
      if (!with_git) continue;
      Outcome g = run_git(c);
      check_git(c, g);
      gt.push_back(g.ms);
      row.git_rss_kib = std::max(row.git_rss_kib, g.maxrss_kib);
    }
    row.driver_median = median(dt);
    row.driver_p90 = p90(dt);
    row.floor_median = median(ft);
    row.driver_cpu_median = median(dc);
    row.floor_cpu_median = median(fc);
    if (with_git) {
      row.git_median = median(gt);
      row.git_p90 = p90(gt);
    }
    return row;
  }

  // The floor row: lanemerge-bench-floor alone, in the shared repository.
  FloorRow measure_floor(int runs, int warmup) const {
    for (int i = 0; i < warmup; ++i) check_floor(run_floor());
    std::vector<double> ft, fc;
    FloorRow row;
    row.runs = runs;
    for (int i = 0; i < runs; ++i) {
      Outcome f = run_floor();
      check_floor(f);
      ft.push_back(f.ms);
      fc.push_back(f.cpu_ms);
      row.rss_kib = std::max(row.rss_kib, f.maxrss_kib);
    }
    row.median = median(ft);
    row.p90 = p90(ft);
    row.cpu_median = median(fc);
    return row;
  }
};

// ---- command line and report -----------------------------------------------

void usage(std::FILE* to) {
  std::fprintf(to,
               "usage: lanemerge-bench [--runs N] [--warmup N] [--case-seconds S] [--only LIST] [--scaling-only]\n"
               "                       [--bin DIR] [--git PATH] [--keep]\n"
               "Times the lanemerge drivers against `git merge-file` on generated inputs, each as the\n"
               "process floor (lanemerge-bench-floor: load libgit2, git_libgit2_init(), exit) plus the\n"
               "driver's own cost, and prints markdown tables: the floor; lanemerge-pyproject (10, 200 and\n"
               "10,000 dependencies in a multi-line array, 200 and 10,000 in a single-line array, both\n"
               "sides append; 200 with a clean merge), lanemerge-pyinit (200 and 10,000 imports),\n"
               "lanemerge-urls (200 and 10,000 routes) and lanemerge-uvlock (a ~50 MiB uv.lock, both sides\n"
               "append a package, in a merge the lanemerge hooks follow). Then the growth of every driver\n"
               "but uvlock, 1,000 to 20,000 entries, driver and floor only; then one line per budget.\n"
               "  --runs N          timed runs per case and tool, at most (default 31)\n"
               "  --warmup N        untimed runs before them (default 3; none for a case slower than 1 s)\n"
               "  --case-seconds S  fewer timed runs (at least 3) for a case that would take longer than\n"
               "                    S seconds (default 8; 0: always --runs)\n"
               "  --only LIST       only these drivers, comma-separated: pyproject,pyinit,urls,uvlock\n"
               "                    (the floor is always measured)\n"
               "  --scaling-only    only the growth cases (of the drivers --only keeps)\n"
               "  --bin DIR         where the drivers, lanemerge-bench-floor and `lanemerge` are\n"
               "                    (default: next to this executable)\n"
               "  --git PATH        git (default: git, looked up in PATH)\n"
               "  --keep            keep the temporary directory and print its path; its cases.txt lists\n"
               "                    the directory, driver, %%P and name of each case\n");
}

int parse_count(const std::string& flag, const std::string& v, int min) {
  char* end = nullptr;
  errno = 0;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0 || n < min || n > 100000)
    throw std::invalid_argument(flag + " wants a whole number >= " + std::to_string(min) + ", got '" + v + "'");
  return static_cast<int>(n);
}

double parse_seconds(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  errno = 0;
  double s = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || errno != 0 || !(s >= 0) || s > 86400)
    throw std::invalid_argument(flag + " wants a number of seconds >= 0, got '" + v + "'");
  return s;
}

std::vector<std::string> parse_only(const std::string& v) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= v.size()) {
    std::size_t comma = v.find(',', pos);
    if (comma == std::string::npos) comma = v.size();
    std::string name = v.substr(pos, comma - pos);
    if (name.rfind("lanemerge-", 0) == 0) name = name.substr(10);
    if (std::find(std::begin(kDrivers), std::end(kDrivers), name) == std::end(kDrivers))
      throw std::invalid_argument("--only wants pyproject, pyinit, urls or uvlock, got '" +
                                  v.substr(pos, comma - pos) + "'");
    out.push_back(name);
    pos = comma + 1;
  }
  return out;
}

std::string self_dir(const char* argv0) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string self = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string(argv0);
  return fs::path(self).parent_path().string();
}

Options parse(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string value;
    bool inline_value = false;
    if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
      value = a.substr(a.find('=') + 1);
      a = a.substr(0, a.find('='));
      inline_value = true;
    }
    auto next = [&]() -> std::string {
      if (inline_value) return value;
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      usage(stdout);
      std::exit(0);
    } else if (a == "--runs") {
      opt.runs = parse_count(a, next(), 1);
    } else if (a == "--warmup") {
      opt.warmup = parse_count(a, next(), 0);
    } else if (a == "--case-seconds") {
      opt.case_seconds = parse_seconds(a, next());
    } else if (a == "--only") {
      opt.only = parse_only(next());
    } else if (a == "--bin") {
      opt.bin = next();
    } else if (a == "--git") {
      opt.git = next();
    } else if (a == "--scaling-only" && !inline_value) {
      opt.scaling_only = true;
    } else if (a == "--keep" && !inline_value) {
      opt.keep = true;
    } else {
      throw std::invalid_argument("unknown argument '" + std::string(argv[i]) + "'");
    }
  }
  if (opt.scaling_only && opt.only.size() == 1 && opt.only.front() == "uvlock")
    throw std::invalid_argument("--scaling-only: lanemerge-uvlock has no growth cases");
  if (opt.bin.empty()) opt.bin = self_dir(argv[0]);
  return opt;
}

bool executable_file(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

// PATH without the directories that hold an executable `ruff`, so that the
// drivers keep the file's own import order (`ruff: absent` in the journal),
// as on a machine without ruff. Returns the directories dropped.
std::vector<std::string> drop_ruff_from_path() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::string kept;
  std::vector<std::string> dropped;
  std::size_t pos = 0;
  while (pos <= dirs.size()) {
    std::size_t end = dirs.find(':', pos);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(pos, end - pos);
    pos = end + 1;
    if (dir.empty()) continue;  // "." would be the repository, for the driver
    if (executable_file(dir + "/ruff")) {
      dropped.push_back(dir);
      continue;
    }
    kept += (kept.empty() ? "" : ":") + dir;
  }
  setenv("PATH", kept.c_str(), 1);
  return dropped;
}

std::string cpu_model() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("model name", 0) == 0) {
      std::size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown";
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// "20,000" for 20000.
std::string thousands(int n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Own cost (driver median minus floor median) per entry, in microseconds.
double own_us_per_entry(const Row& r) { return r.c->entries > 0 ? r.own() * 1e3 / r.c->entries : 0; }

// A growth series: one driver, one kind of scope, from 1,000 to 20,000
// entries, driver and floor only.
struct Series {
  std::string driver;  // short name
  std::string scope;   // what grows, e.g. "multi-line array"
  std::vector<Case> cases;
  std::vector<Row> rows;
};

// The budgets of DESIGN.md ("Budgets"), per driver: the cost over the floor
// of a typical file (<= 200 entries) and of 10,000 entries in one scope.
struct Budget {
  const char* driver;
  double typical_ms;
  double large_ms;
};
const Budget kBudgets[] = {{"pyproject", 2, 100}, {"pyinit", 5, 150}, {"urls", 5, 150}};
const double kLargeMib = 64;
const double kLockMs = 200;
const double kLinearFactor = 2;  // own cost per entry, largest size / 2,000: at most this

std::string floor_plus_own(const Row& r) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f + %.2f", r.floor_median, r.own());
  return buf;
}

void print_series(const Series& s) {
  std::printf("\nGrowth of lanemerge-%s, %s (%s; driver and floor only, whole processes; own = driver median - "
              "floor median; µs per entry = own / entries):\n\n",
              s.driver.c_str(), s.scope.c_str(), s.cases.empty() ? "" : s.cases.front().name.c_str());
  std::printf("| entries | base KiB | runs | driver median ms | driver p90 ms | floor + own ms | own µs per entry | "
              "own CPU ms | driver peak RSS MiB |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& r : s.rows) {
    std::printf("| %d | %.1f | %d | %.2f | %.2f | %s | %.2f | %.2f | %.1f |\n", r.c->entries,
                static_cast<double>(r.c->base_size) / 1024.0, r.runs, r.driver_median, r.driver_p90,
                floor_plus_own(r).c_str(), own_us_per_entry(r), r.own_cpu(), mib(r.driver_rss_kib));
  }
}

// Compares the own cost per entry at the largest size with that at 2,000
// (the smallest size where the own cost is well above the noise), and shows
// the last doubling (2.0 when linear, 4.0 when quadratic).
void print_linear_verdict(const Series& s) {
  const Row* small = nullptr;
  const Row* large = nullptr;
  const Row* half = nullptr;
  for (const auto& r : s.rows) {
    if (r.c->entries == 2000) small = &r;
    if (!large || r.c->entries > large->c->entries) large = &r;
  }
  if (!small || !large || large == small) return;
  for (const auto& r : s.rows)
    if (2 * r.c->entries == large->c->entries) half = &r;
  double a = own_us_per_entry(*small);
  double b = own_us_per_entry(*large);
  double growth = a > 0 ? b / a : 0;
  bool met = a > 0 && growth <= kLinearFactor;
  std::printf("- lanemerge-%s, cost grows linearly (n log n at worst), %s: %s (own cost %.2f µs per entry at %s, "
              "%.2f at 2,000: %.2fx, at most %gx allowed",
              s.driver.c_str(), s.scope.c_str(), met ? "met" : "NOT met", b, thousands(large->c->entries).c_str(),
              a, growth, kLinearFactor);
  if (half && half->own() > 0)
    std::printf("; own cost %s -> %s entries: %.2fx, linear 2x, quadratic 4x", thousands(half->c->entries).c_str(),
                thousands(large->c->entries).c_str(), large->own() / half->own());
  std::printf(")\n");
}

void print_budgets(const std::vector<Row>& rows, const std::vector<Series>& series) {
  std::printf("\nBudgets (DESIGN.md, \"Budgets\"; judged on medians, own cost = driver median - floor median of the "
              "same runs):\n");
  for (const Budget& budget : kBudgets) {
    const std::string driver = budget.driver;
    const Row* worst = nullptr;
    for (const auto& r : rows) {
      if (r.c->driver == driver && r.c->entries <= 200 && (!worst || r.own() > worst->own())) worst = &r;
    }
    if (worst) {
      std::printf("- lanemerge-%s, typical file (<= 200 entries) at most floor + %g ms: %s (worst: %s, %d entries: "
                  "%.2f ms = floor %.2f + own %.2f, own CPU %.2f; git merge-file %.2f ms, driver/git %.2fx)\n",
                  budget.driver, budget.typical_ms, worst->own() <= budget.typical_ms ? "met" : "NOT met",
                  worst->c->name.c_str(), worst->c->entries, worst->driver_median, worst->floor_median, worst->own(),
                  worst->own_cpu(), worst->git_median, worst->ratio());
    }
    for (const auto& r : rows) {
      if (r.c->driver != driver || r.c->entries != 10000) continue;
      std::printf("- lanemerge-%s, 10,000 entries in one scope at most floor + %g ms: %s (%s: %.2f ms = floor %.2f "
                  "+ own %.2f, own CPU %.2f, p90 %.2f, %d runs; git merge-file %.2f ms)\n",
                  budget.driver, budget.large_ms, r.own() <= budget.large_ms ? "met" : "NOT met", r.c->name.c_str(),
                  r.driver_median, r.floor_median, r.own(), r.own_cpu(), r.driver_p90, r.runs, r.git_median);
      std::printf("- lanemerge-%s, 10,000 entries in one scope under %g MiB: %s (%s: peak RSS %.1f MiB)\n",
                  budget.driver, kLargeMib, mib(r.driver_rss_kib) < kLargeMib ? "met" : "NOT met", r.c->name.c_str(),
                  mib(r.driver_rss_kib));
    }
    for (const auto& s : series)
      if (s.driver == driver) print_linear_verdict(s);
  }
  for (const auto& r : rows) {
    if (!r.c->lock) continue;
    std::printf("- lanemerge-%s, %.1f MiB uv.lock (%s packages) under %g ms, in a merge the hooks follow: %s "
                "(median %.2f ms = floor %.2f + own %.2f, p90 %.2f ms, %d runs; peak RSS %.1f MiB; git merge-file "
                "median %.2f ms)\n",
                r.c->driver.c_str(), static_cast<double>(r.c->base_size) / (1024.0 * 1024.0),
                thousands(r.c->entries).c_str(), kLockMs, r.driver_median < kLockMs ? "met" : "NOT met",
                r.driver_median, r.floor_median, r.own(), r.driver_p90, r.runs, mib(r.driver_rss_kib), r.git_median);
  }
}

double loadavg1() {
  double l[3] = {0, 0, 0};
  return getloadavg(l, 3) >= 1 ? l[0] : -1;
}

void print_report(const Bench& b, const FloorRow& floor, const std::vector<Row>& rows,
                  const std::vector<Series>& series, const std::string& git_version,
                  const std::vector<std::string>& dropped, double load_before) {
  std::printf("lanemerge-bench: up to %d timed runs per case and tool (after up to %d warm-up runs; "
              "case limit %g s), whole processes\n",
              b.opt.runs, b.opt.warmup, b.opt.case_seconds);
  std::printf("drivers: %s/lanemerge-{pyproject,pyinit,urls,uvlock}\n", b.opt.bin.c_str());
  std::printf("floor:   %s\n", b.floor_file().c_str());
  std::printf("git:     %s (%s)\n", b.opt.git.c_str(), git_version.c_str());
  std::printf("PATH:    no ruff on it");
  if (!dropped.empty()) {
    std::printf(" (dropped:");
    for (const auto& d : dropped) std::printf(" %s", d.c_str());
    std::printf(")");
  }
  std::printf("\nhost:    nproc %ld, %s; load average (1 min) %.2f at the start, %.2f at the end\n",
              sysconf(_SC_NPROCESSORS_ONLN), cpu_model().c_str(), load_before, loadavg1());
  // A forked child starts as a copy of this process, so a child's peak RSS
  // may include up to this process's resident memory: this bounds that error.
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  std::printf("bench:   own peak RSS %.1f MiB (upper bound of what a child's figure inherits)\n",
              mib(self.ru_maxrss));

  std::printf("\nThe floor: lanemerge-bench-floor loads libgit2 (linked as the drivers link it), calls "
              "git_libgit2_init() and exits.\n\n");
  std::printf("| process | runs | median ms | p90 ms | CPU median ms | peak RSS MiB |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  std::printf("| lanemerge-bench-floor | %d | %.2f | %.2f | %.2f | %.1f |\n", floor.runs, floor.median, floor.p90,
              floor.cpu_median, mib(floor.rss_kib));

  if (!rows.empty()) {
    std::printf("\nEach case (floor + own: the median of the floor runs interleaved with this case's runs, and the "
                "driver median minus it):\n\n");
    std::printf("| driver | case | entries | base KiB | runs | driver median ms | floor + own ms | driver p90 ms | "
                "own CPU ms | git median ms | git p90 ms | driver/git | own/git | driver peak RSS MiB | "
                "git peak RSS MiB |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const auto& r : rows) {
      std::printf("| %s | %s | %d | %.1f | %d | %.2f | %s | %.2f | %.2f | %.2f | %.2f | %.2fx | %.2fx | %.1f "
                  "| %.1f |\n",
                  r.c->program().c_str(), r.c->name.c_str(), r.c->entries,
                  static_cast<double>(r.c->base_size) / 1024.0, r.runs, r.driver_median, floor_plus_own(r).c_str(),
                  r.driver_p90, r.own_cpu(), r.git_median, r.git_p90, r.ratio(), r.own_ratio(),
                  mib(r.driver_rss_kib), mib(r.git_rss_kib));
    }
  }
  for (const auto& s : series) print_series(s);
  print_budgets(rows, series);
}

}  // namespace

int main(int argc, char** argv) {
  const double load_before = loadavg1();
  Bench b;
  try {
    b.opt = parse(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "lanemerge-bench: %s\n", e.what());
    usage(stderr);
    return 2;
  }
  b.opt.bin = fs::absolute(b.opt.bin).lexically_normal().string();
  // What this run measures: the table's cases unless --scaling-only, and the
  // growth cases of each driver --only keeps (uvlock has none).
  auto measures = [&](const std::string& driver) { return !b.opt.scaling_only && b.opt.wants(driver); };
  auto grows = [&](const std::string& driver) { return driver != "uvlock" && b.opt.wants(driver); };
  std::vector<std::string> needed = {"lanemerge-bench-floor"};
  for (const char* driver : kDrivers) {
    if (measures(driver) || grows(driver)) needed.push_back(std::string("lanemerge-") + driver);
  }
  if (measures("uvlock")) needed.push_back("lanemerge");  // installs the hook shims
  for (const auto& program : needed) {
    std::string file = b.opt.bin + "/" + program;
    if (!executable_file(file)) {
      std::fprintf(stderr, "lanemerge-bench: no executable %s at %s (build it, or pass --bin DIR)\n",
                   program == "lanemerge" || program == "lanemerge-bench-floor" ? program.c_str() : "driver",
                   file.c_str());
      return 2;
    }
  }
  // git is found with the PATH as given; the children then get one without ruff.
  std::string git = lanemerge::platform::find_program(b.opt.git).value_or("");
  if (git.empty()) {
    std::fprintf(stderr, "lanemerge-bench: no '%s' in PATH (pass --git PATH)\n", b.opt.git.c_str());
    return 2;
  }
  b.opt.git = git;
  std::vector<std::string> dropped = drop_ruff_from_path();

  // The driver must find the temporary repository from its cwd, not one named
  // by the environment (e.g. when run from inside a git hook).
  for (const char* var : {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
                          "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "XDG_CONFIG_HOME"})
    unsetenv(var);

  const char* tmpdir = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/lanemerge-bench.XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    std::fprintf(stderr, "lanemerge-bench: cannot create a temporary directory from %s: %s\n", tmpl.c_str(),
                 std::strerror(errno));
    return 2;
  }
  b.tmp = buf.data();
  b.repo = b.tmp + "/repo";

  int rc = 0;
  try {
    // No global git configuration (a `lanemerge.ruff`, a conflict style) from
    // the user running the bench: HOME is an empty directory.
    fs::create_directories(b.tmp + "/home");
    setenv("HOME", (b.tmp + "/home").c_str(), 1);

    std::string version_out = b.tmp + "/git-version";
    Outcome v = run_process({b.opt.git, "--version"}, b.tmp, version_out);
    if (v.exit_code != 0) throw Failure("cannot run git as '" + b.opt.git + "': " + describe(v));
    std::string git_version = trim(read_file(version_out));

    Outcome init = run_process({b.opt.git, "init", "-q", b.repo}, b.tmp);
    if (init.exit_code != 0) throw Failure("git init " + b.repo + ": " + describe(init));

    // Each case is written to its directory as soon as it is generated, and
    // its texts dropped: every child starts as a copy of this process.
    std::vector<Case> cases;     // the table
    std::vector<Series> series;  // the growth of each driver
    int dirs = 0;
    auto add_to = [&](std::vector<Case>& to, Case c) {
      c.dir = b.tmp + "/case" + std::to_string(dirs++);
      fs::create_directories(c.dir);
      if (c.lock) {
        c.base_size = write_lock_files(c.dir, c.entries);
      } else {
        write_file(c.dir + "/base", c.base);
        write_file(c.dir + "/ours", c.ours);
        write_file(c.dir + "/theirs", c.theirs);
        c.base_size = c.base.size();
      }
      std::string().swap(c.base);
      std::string().swap(c.ours);
      std::string().swap(c.theirs);
      to.push_back(std::move(c));
    };
    auto add = [&](Case c) { add_to(cases, std::move(c)); };
    if (measures("pyproject")) {
      add(append_both(10));
      add(append_both(200));
      add(append_both(10000));
      add(clean_middle(200));
      add(inline_append_both(200));
      add(inline_append_both(10000));
    }
    if (measures("pyinit")) {
      add(imports_append_both(200));
      add(imports_append_both(10000));
    }
    if (measures("urls")) {
      add(routes_append_both(200));
      add(routes_append_both(10000));
    }
    if (measures("uvlock")) {
      // A repository of its own, with the hook shims: the lock driver takes
      // its streaming path only in a merge those hooks follow.
      Case c = lock_append_both(kLockPackages);
      c.repo = b.tmp + "/repo-uvlock";
      Outcome lock_init = run_process({b.opt.git, "init", "-q", c.repo}, b.tmp);
      if (lock_init.exit_code != 0) throw Failure("git init " + c.repo + ": " + describe(lock_init));
      const std::string install_out = b.tmp + "/lanemerge-install.out";
      const std::string install_err = b.tmp + "/lanemerge-install.err";
      Outcome installed = run_process({b.opt.bin + "/lanemerge", "install"}, c.repo, install_out, install_err);
      if (installed.exit_code != 0)
        throw Failure("lanemerge install in " + c.repo + ": " + describe(installed) + "; its output:\n" +
                      first_lines(read_file(install_out) + read_file(install_err), 20));
      for (const char* hook : {"pre-merge-commit", "post-merge", "pre-commit"}) {
        if (!executable_file(c.repo + "/.git/hooks/" + hook))
          throw Failure("lanemerge install in " + c.repo + " left no executable .git/hooks/" + hook +
                        "; its output:\n" + first_lines(read_file(install_out), 20));
      }
      std::fprintf(stderr, "lanemerge-bench: writing a uv.lock of %s packages...\n",
                   thousands(kLockPackages).c_str());
      add(std::move(c));
    }
    auto grow = [&](const std::string& driver, const std::string& scope, Case (*make)(int)) {
      if (!grows(driver)) return;
      Series s;
      s.driver = driver;
      s.scope = scope;
      for (int n : kScalingSizes) add_to(s.cases, make(n));
      series.push_back(std::move(s));
    };
    grow("pyproject", "multi-line array", append_both);
    grow("pyproject", "single-line array", inline_append_both);
    grow("pyinit", "import block", imports_append_both);
    grow("urls", "urlpatterns", routes_append_both);

    if (b.opt.keep) {  // which directory holds which case, to rerun one by hand (e.g. under callgrind)
      std::string index;
      auto list = [&](const Case& c) {
        index += fs::path(c.dir).filename().string() + "\t" + c.program() + "\t" + c.path + "\t" + c.label() + "\n";
      };
      for (const auto& c : cases) list(c);
      for (const auto& s : series)
        for (const auto& c : s.cases) list(c);
      write_file(b.tmp + "/cases.txt", index);
    }

    // The floor first: it must run, and its time counts in each run's budget.
    Outcome floor_check = b.run_floor();
    b.check_floor(floor_check);
    const double floor_s = floor_check.ms / 1e3;
    std::vector<double> check_s;
    for (const auto& c : cases) {
      std::fprintf(stderr, "lanemerge-bench: checking %s...\n", c.label().c_str());
      check_s.push_back(b.verify(c) + floor_s);
    }
    std::vector<std::vector<double>> series_check_s;
    for (const auto& s : series) {
      series_check_s.emplace_back();
      for (const auto& c : s.cases) {
        std::fprintf(stderr, "lanemerge-bench: checking (growth) %s...\n", c.label().c_str());
        series_check_s.back().push_back(b.verify(c) + floor_s);
      }
    }
    std::fprintf(stderr, "lanemerge-bench: timing the floor: %d runs after %d warm-up runs...\n", b.opt.runs,
                 b.opt.warmup);
    FloorRow floor = b.measure_floor(b.opt.runs, b.opt.warmup);
    std::vector<Row> rows;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const Case& c = cases[i];
      int runs = b.runs_for(check_s[i]);
      int warmup = b.warmup_for(check_s[i]);
      std::fprintf(stderr, "lanemerge-bench: timing %s: %d runs after %d warm-up runs...\n", c.label().c_str(), runs,
                   warmup);
      rows.push_back(b.measure(c, runs, warmup));
    }
    for (std::size_t k = 0; k < series.size(); ++k) {
      Series& s = series[k];
      for (std::size_t i = 0; i < s.cases.size(); ++i) {
        const Case& c = s.cases[i];
        // The growth runs time the driver and the floor (no git).
        double check = series_check_s[k][i];
        int runs = b.runs_for(check);
        int warmup = b.warmup_for(check);
        std::fprintf(stderr, "lanemerge-bench: timing (growth, driver and floor) %s: %d runs after %d warm-up "
                     "runs...\n", c.label().c_str(), runs, warmup);
        s.rows.push_back(b.measure(c, runs, warmup, /*with_git=*/false));
      }
    }
    print_report(b, floor, rows, series, git_version, dropped, load_before);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lanemerge-bench: aborted: %s\n", e.what());
    rc = 1;
  }

  if (b.opt.keep) {
    std::fprintf(stderr, "lanemerge-bench: inputs kept in %s (cases.txt says which case is where)\n", b.tmp.c_str());
  } else {
    std::error_code ec;
    fs::remove_all(b.tmp, ec);
  }
  return rc;
}

// core/platform and the small core pieces around it: child processes with
// time limits and their own environment, files replaced by rename, git's
// lock files, stable pending ids, time limits per tool.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include "core/files.hpp"
#include "core/pending.hpp"
#include "core/platform/lock_file.hpp"
#include "core/platform/process.hpp"
#include "core/platform/temp_file.hpp"
#include "core/timeouts.hpp"

using namespace lanemerge;

namespace {

std::string temp_dir() {
  char tmpl[] = "/tmp/lanemerge-unit.XXXXXX";
  REQUIRE(mkdtemp(tmpl) != nullptr);
  return tmpl;
}

}  // namespace

TEST_CASE("a child that outlives its time limit is stopped with what it started") {
  platform::PosixProcessRunner runner;
  auto start = std::chrono::steady_clock::now();
  auto r = runner.run({"/bin/sh", "-c", "sleep 30 & sleep 30"}, {}, {}, {}, 1);
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(r.timed_out);
  CHECK(r.exit_code == -1);
  CHECK(r.error.find("timed out after 1 s") != std::string::npos);
  CHECK(took < std::chrono::seconds(6));
}

TEST_CASE("a child gets argv, environment and working directory as built, and all of its output") {
  platform::PosixProcessRunner runner;
  std::string dir = temp_dir();
  auto r = runner.run({"/bin/sh", "-c", "pwd; echo \"$LANEMERGE_UNIT\"; head -c 300000 /dev/zero | tr '\\0' x >&2; cat"},
                      std::string(200000, 'y'), dir, {{"LANEMERGE_UNIT", "a b;c"}});
  REQUIRE(r.started);
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind(dir + "\na b;c\n", 0) == 0);
  CHECK(r.out.size() == dir.size() + 7 + 200000);
  CHECK(r.err.size() == 300000);
  CHECK(std::getenv("LANEMERGE_UNIT") == nullptr);  // ours unchanged
  rmdir(dir.c_str());
}

TEST_CASE("with SIGPIPE ignored here, children get its default back") {
  platform::ignore_sigpipe();
  platform::PosixProcessRunner runner;
  auto r = runner.run({"/bin/sh", "-c", "yes | head -n 1"}, {}, {});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "y\n");
  CHECK(r.err.empty());  // `yes` died of SIGPIPE instead of reporting EPIPE
}

TEST_CASE("a program that cannot start is an error, not a crash") {
  platform::PosixProcessRunner runner;
  auto r = runner.run({"/nonexistent/program"}, {}, {});
  CHECK_FALSE(r.started);
  CHECK(r.error.find("could not run /nonexistent/program") != std::string::npos);
}

TEST_CASE("a file is replaced by rename, keeping its mode; a failure leaves it as it was") {
  std::string dir = temp_dir();
  std::string path = dir + "/f";
  { std::ofstream(path) << "old"; }
  chmod(path.c_str(), 0640);
  struct stat before {};
  stat(path.c_str(), &before);
  std::string why;
  REQUIRE(core::write_file_atomic(path, "new", why));
  struct stat after {};
  stat(path.c_str(), &after);
  CHECK(core::read_all(path) == "new");
  CHECK((after.st_mode & 0777) == 0640);
  CHECK(after.st_ino != before.st_ino);
  CHECK_FALSE(core::write_file_atomic(dir + "/missing/f", "x", why));
  CHECK(why.find("cannot create a temporary file") != std::string::npos);
  std::remove(path.c_str());
  rmdir(dir.c_str());
}

TEST_CASE("git's lock file: refused while held, renamed into place when committed") {
  std::string dir = temp_dir();
  std::string path = dir + "/config";
  { std::ofstream(path) << "[core]\n"; }
  {
    platform::GitLockFile held;
    std::string why;
    REQUIRE(held.acquire(path, why));
    platform::GitLockFile second;
    CHECK_FALSE(second.acquire(path, why));
    CHECK(why.find("config.lock exists") != std::string::npos);
  }
  CHECK_FALSE(core::file_exists(path + ".lock"));  // released without a commit: removed
  platform::GitLockFile lock;
  std::string why;
  REQUIRE(lock.acquire(path, why));
  REQUIRE(lock.commit("[core]\n\tbare = false\n", why));
  CHECK(core::read_all(path) == "[core]\n\tbare = false\n");
  CHECK_FALSE(core::file_exists(path + ".lock"));
  std::remove(path.c_str());
  rmdir(dir.c_str());
}

TEST_CASE("pending-action ids are the same in every build") {
  CHECK(core::relock_id("uv.lock") == "uv-lock-regenerate-6389bcd2fa30bd3b");
  CHECK(core::relock_id("sub/uv.lock") == "uv-lock-regenerate-192add3db67cfd4e");
}

TEST_CASE("one time limit per tool: its key, else the default") {
  auto none = [](const std::string&) { return std::optional<std::string>(); };
  CHECK(core::timeout_seconds("uv", none) == 600);
  CHECK(core::timeout_seconds("ruff", none) == 60);
  CHECK(core::timeout_seconds("git", none) == 300);
  auto set = [](const std::string& key) {
    return key == "lanemerge.uvtimeout" ? std::optional<std::string>("5") : std::optional<std::string>("bogus");
  };
  CHECK(core::timeout_seconds("uv", set) == 5);
  CHECK(core::timeout_seconds("ruff", set) == 60);  // not a number: the default
}

#include "core/platform/process.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/platform/fd.hpp"

extern char** environ;

namespace lanemerge::platform {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  UniqueFd read, write;
  bool open(std::string& why) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      why = std::strerror(errno);
      return false;
    }
    read.reset(fds[0]);
    write.reset(fds[1]);
    return true;
  }
};

struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

// The child's environment: ours with `env` added or replacing.
std::vector<std::string> child_environment(const std::vector<std::pair<std::string, std::string>>& env) {
  std::set<std::string> replaced;
  for (const auto& kv : env) replaced.insert(kv.first);
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq && replaced.count(std::string(*e, static_cast<std::size_t>(eq - *e)))) continue;
    out.emplace_back(*e);
  }
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Stops the child's process group: SIGTERM (git removes its lock files),
// then SIGKILL after a grace period. Returns the wait status.
int stop_group(pid_t pid) {
  kill(-pid, SIGTERM);
  int status = 0;
  auto grace = Clock::now() + std::chrono::seconds(3);
  while (Clock::now() < grace) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      kill(-pid, SIGKILL);  // what it left behind
      return status;
    }
    if (r < 0 && errno != EINTR) return status;
    usleep(20000);
  }
  kill(-pid, SIGKILL);
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

// Waits for the child until `deadline`; false when it is still running.
bool wait_until(pid_t pid, Clock::time_point deadline, int& status) {
  UniqueFd pidfd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
  for (;;) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    if (pidfd) {
      pollfd p{pidfd.get(), POLLIN, 0};
      poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    } else {
      usleep(5000);
    }
  }
}

}  // namespace

std::optional<std::string> find_program(const std::string& program) {
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string::npos)
    return access(program.c_str(), X_OK) == 0 ? std::optional<std::string>(program) : std::nullopt;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t pos = 0;
  while (pos <= dirs.size()) {
    std::size_t end = dirs.find(':', pos);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(pos, end - pos);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + program;
    struct stat st {};
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0)
      return candidate;
    pos = end + 1;
  }
  return std::nullopt;
}

void ignore_sigpipe() {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, nullptr);
}

core::ProcessResult PosixProcessRunner::run(const std::vector<std::string>& argv, const std::string& input,
                                            const std::string& cwd,
                                            const std::vector<std::pair<std::string, std::string>>& env,
                                            int timeout_s) {
  core::ProcessResult result;
  if (argv.empty()) {
    result.error = "nothing to run";
    return result;
  }
  if (timeout_s <= 0) timeout_s = core::kDefaultTimeoutSeconds;
  // Everything the child needs is built here, before the spawn.
  std::vector<std::string> args_store(argv), env_store = child_environment(env);
  std::vector<char*> args = pointers(args_store), envp = pointers(env_store);
  Pipe in, out, err;
  if (!in.open(result.error) || !out.open(result.error) || !err.open(result.error)) return result;

  SpawnSetup setup;
  posix_spawn_file_actions_adddup2(&setup.actions, in.read.get(), 0);
  posix_spawn_file_actions_adddup2(&setup.actions, out.write.get(), 1);
  posix_spawn_file_actions_adddup2(&setup.actions, err.write.get(), 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&setup.actions, cwd.c_str());
  sigset_t defaults, none;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  posix_spawnattr_setsigmask(&setup.attr, &none);
  posix_spawnattr_setpgroup(&setup.attr, 0);  // its own group: a timeout stops all it started
  posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);

  pid_t pid = 0;
  int rc = argv[0].find('/') == std::string::npos
               ? posix_spawnp(&pid, args[0], &setup.actions, &setup.attr, args.data(), envp.data())
               : posix_spawn(&pid, args[0], &setup.actions, &setup.attr, args.data(), envp.data());
  if (rc != 0) {
    result.error = "could not run " + argv[0] + ": " + std::strerror(rc);
    return result;
  }
  result.started = true;
  in.read.reset();
  out.write.reset();
  err.write.reset();

  std::size_t written = 0;
  UniqueFd in_fd = std::move(in.write);
  if (input.empty()) in_fd.reset();
  else fcntl(in_fd.get(), F_SETFL, O_NONBLOCK);
  bool out_open = true, err_open = true;
  const auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
  char buf[65536];
  while (out_open || err_open || in_fd) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd fds[3];
    nfds_t n = 0;
    int i_out = -1, i_err = -1, i_in = -1;
    if (out_open) { fds[n] = {out.read.get(), POLLIN, 0}; i_out = static_cast<int>(n++); }
    if (err_open) { fds[n] = {err.read.get(), POLLIN, 0}; i_err = static_cast<int>(n++); }
    if (in_fd) { fds[n] = {in_fd.get(), POLLOUT, 0}; i_in = static_cast<int>(n++); }
    int ready = poll(fds, n, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (i_in >= 0 && fds[i_in].revents) {
      ssize_t w = write(in_fd.get(), input.data() + written, input.size() - written);
      if (w > 0) written += static_cast<std::size_t>(w);
      if (w < 0 && errno != EAGAIN && errno != EINTR) written = input.size();  // the child stopped reading
      if (written >= input.size()) in_fd.reset();
    }
    struct Stream { int index; int fd; bool* open; std::string* sink; };
    for (Stream s : {Stream{i_out, out.read.get(), &out_open, &result.out},
                     Stream{i_err, err.read.get(), &err_open, &result.err}}) {
      if (s.index < 0 || !fds[s.index].revents) continue;
      ssize_t r = read(s.fd, buf, sizeof buf);
      if (r > 0) s.sink->append(buf, static_cast<std::size_t>(r));
      else if (r == 0 || (errno != EINTR && errno != EAGAIN)) *s.open = false;
    }
  }
  in_fd.reset();
  int status = 0;
  if (result.timed_out) {
    status = stop_group(pid);
    result.exit_code = -1;
    result.error = argv[0] + " timed out after " + std::to_string(timeout_s) + " s and was stopped";
    return result;
  }
  // The pipes closed; the child may still run (or hold on): the limit holds.
  if (!wait_until(pid, deadline, status)) {
    status = stop_group(pid);
    result.timed_out = true;
    result.exit_code = -1;
    result.error = argv[0] + " timed out after " + std::to_string(timeout_s) + " s and was stopped";
    return result;
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (WIFSIGNALED(status)) result.error = argv[0] + " was killed by signal " + std::to_string(WTERMSIG(status));
  return result;
}

}  // namespace lanemerge::platform

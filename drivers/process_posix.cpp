#include "drivers/process_posix.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <tuple>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lanemerge::drivers {

std::optional<std::string> PosixProcessRunner::find(const std::string& program) {
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

core::ProcessResult PosixProcessRunner::run(const std::vector<std::string>& argv, const std::string& input,
                                            const std::string& cwd,
                                            const std::vector<std::pair<std::string, std::string>>& env) {
  core::ProcessResult result;
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) { result.error = std::strerror(errno); return result; }
  if (pipe2(out, O_CLOEXEC) != 0) { close(in[0]); close(in[1]); result.error = std::strerror(errno); return result; }
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(in[0]); close(in[1]); close(out[0]); close(out[1]);
    result.error = std::strerror(errno);
    return result;
  }
  pid_t pid = fork();
  if (pid < 0) {
    result.error = std::strerror(errno);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    return result;
  }
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  // A reader that has gone away must not kill us.
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);

  std::size_t written = 0;
  int in_fd = in[1];
  if (input.empty()) { close(in_fd); in_fd = -1; }
  else fcntl(in_fd, F_SETFL, O_NONBLOCK);
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open || in_fd >= 0) {
    pollfd fds[3];
    int n = 0;
    int i_out = -1, i_err = -1, i_in = -1;
    if (out_open) { fds[n] = {out[0], POLLIN, 0}; i_out = n++; }
    if (err_open) { fds[n] = {err[0], POLLIN, 0}; i_err = n++; }
    if (in_fd >= 0) { fds[n] = {in_fd, POLLOUT, 0}; i_in = n++; }
    if (poll(fds, static_cast<nfds_t>(n), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (i_in >= 0 && fds[i_in].revents) {
      ssize_t w = write(in_fd, input.data() + written, input.size() - written);
      if (w > 0) written += static_cast<std::size_t>(w);
      if (w < 0 && errno != EAGAIN && errno != EINTR) written = input.size();
      if (written >= input.size()) { close(in_fd); in_fd = -1; }
    }
    for (auto [idx, fd, open, sink] : {std::tuple<int, int, bool*, std::string*>{i_out, out[0], &out_open, &result.out},
                                       std::tuple<int, int, bool*, std::string*>{i_err, err[0], &err_open, &result.err}}) {
      if (idx < 0 || !fds[idx].revents) continue;
      ssize_t r = read(fd, buf, sizeof buf);
      if (r > 0) sink->append(buf, static_cast<std::size_t>(r));
      else if (r == 0 || (errno != EINTR && errno != EAGAIN)) *open = false;
    }
  }
  if (in_fd >= 0) close(in_fd);
  close(out[0]);
  close(err[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  sigaction(SIGPIPE, &previous, nullptr);
  result.started = true;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && result.out.empty()) result.error = "could not run " + argv[0];
  return result;
}

}  // namespace lanemerge::drivers

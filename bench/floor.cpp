// lanemerge-bench-floor: the process floor every driver pays before it does
// any work of its own. It is linked against libgit2 exactly as the drivers
// are (PkgConfig::LIBGIT2, the target lanemerge_core links), so exec and the
// dynamic linking of libgit2 and everything it pulls in (mbedTLS, libssh2,
// Kerberos, ...) cost the same; then it calls git_libgit2_init(), which in
// Debian's mbedTLS build parses the whole system CA bundle, and
// git_libgit2_shutdown(), as the drivers' static initialiser does at exit.
// lanemerge-bench times it like a driver and reports each driver as this
// floor plus its own cost (see bench/README.md).

#include <git2.h>

int main() {
  if (git_libgit2_init() < 0) return 1;
  git_libgit2_shutdown();
  return 0;
}

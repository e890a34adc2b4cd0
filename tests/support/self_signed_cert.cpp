#include "self_signed_cert.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

extern char** environ;

namespace flameup::testing {
namespace {

// Runs @p args (args[0] looked up in PATH) without a shell, its output discarded; returns the
// exit status, or -1 when it could not run.
int run_quietly(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

}  // namespace

SelfSignedCert make_self_signed_cert(const std::string& dir) {
  SelfSignedCert cert;
  cert.cert_path = dir + "/cert.pem";
  cert.key_path = dir + "/key.pem";
  const int status =
      run_quietly({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                   "-subj", "/CN=localhost", "-keyout", cert.key_path, "-out", cert.cert_path});
  if (status != 0) {
    cert.error = status < 0 ? "could not run openssl"
                            : "openssl req exited with status " + std::to_string(status);
  }
  return cert;
}

}  // namespace flameup::testing

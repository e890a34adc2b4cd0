// The seed's way: one `curl` process per event (fork/exec, a new connection every time).

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "baselines.hpp"

extern char** environ;

namespace flameup::bench {
namespace {

std::vector<std::string> curl_command(const Target& target, std::size_t index) {
  std::vector<std::string> args{"curl", "--silent", "--show-error", "--fail",
                                "--output", "/dev/null", "--max-time", "10"};
  for (const auto& header : request_headers(target, random_uuid())) {
    args.push_back("--header");
    args.push_back(header);
  }
  args.push_back("--data-binary");
  args.push_back(sample_body(index));
  args.push_back(target.events_url());
  return args;
}

// Runs the command with stdout/stderr sent to /dev/null; true when it exited 0.
bool run_quietly(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return false;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

LoopResult run_curl_processes(const Target& target, const RunLimits& limits) {
  LoopResult result;
  const double cpu_start = process_cpu_seconds() + children_cpu_seconds();
  const Stopwatch clock;
  for (std::size_t i = 0; i < limits.events; ++i) {
    if (clock.seconds() > static_cast<double>(limits.max_time.count())) break;
    ++result.attempted;
    if (run_quietly(curl_command(target, i))) {
      ++result.delivered;
    } else if (result.error.empty()) {
      result.error = "curl process failed (is the curl program installed?)";
    }
  }
  result.wall_seconds = clock.seconds();
  result.cpu_seconds = process_cpu_seconds() + children_cpu_seconds() - cpu_start;
  return result;
}

}  // namespace flameup::bench

// kill -9 against durable mode, with real processes: a child enqueues events against the
// emulator (which answers 503 to everything in some cycles: the server is down), calls
// persist() at random points and prints what it knows is committed; this test kills it with
// SIGKILL at random moments, starts it again, 20 times. Then a last child drains the store.
// Every event a child reported committed must be recorded by the emulator, exactly once per
// idempotency key and once per event; nothing a child never enqueued may appear.

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "emulator_fixture.hpp"
#include "temp_directory.hpp"

extern char** environ;

namespace flameup::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kCycles = 20;
constexpr int kEventsPerCycle = 150;

// A child process with its stdout read line by line.
class Child {
 public:
  explicit Child(std::vector<std::string> args) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    fd_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0) kill_and_reap();
    if (fd_ >= 0) ::close(fd_);
  }
  bool started() const { return pid_ > 0; }

  /// The next line, or nullopt at end of output or after @p timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[512];
      const ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  void kill_and_reap() {
    ::kill(pid_, SIGKILL);
    wait_exit();
  }
  int wait_exit() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string buffer_;
};

class DurableKillTest : public EmulatorFixture {};

TEST_F(DurableKillTest, EveryCommittedEventIsRecordedExactlyOnceAcrossKillNine) {
  TempDirectory dir;
  const std::string store = dir / "store";
  std::mt19937 rng(20261201);
  std::map<int, int> committed;  // cycle -> highest event index reported committed
  int killed = 0;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    server().clear_faults();
    if (cycle % 3 == 1) {  // the server is down for this cycle
      devserver::Fault down;
      down.status = 503;
      down.count = -1;
      server().add_fault(down);
    }
    Child child({FLAMEUP_DURABLE_CHILD, server().base_url(), store, std::to_string(cycle),
                 std::to_string(kEventsPerCycle), std::to_string(rng())});
    ASSERT_TRUE(child.started());
    // Kill after a random number of committed reports (0: as soon as it started).
    const int kill_after = static_cast<int>(rng() % 4);
    bool done = false;
    for (int seen = 0; seen < kill_after;) {
      const auto line = child.read_line(60s);
      if (!line) break;
      int c = 0, i = 0;
      if (std::sscanf(line->c_str(), "committed %d %d", &c, &i) == 2) {
        committed[c] = std::max(committed[c], i);
        ++seen;
      } else if (*line == "done") {
        done = true;
        break;
      }
    }
    if (done) {
      EXPECT_EQ(child.wait_exit(), 0);
    } else {
      child.kill_and_reap();
      ++killed;
    }
  }
  server().clear_faults();
  Child drain({FLAMEUP_DURABLE_CHILD, server().base_url(), store, "drain"});
  ASSERT_TRUE(drain.started());
  const auto summary = drain.read_line(150s);
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(drain.wait_exit(), 0) << *summary;

  std::map<std::string, int> per_event;  // "c<cycle>/e<i>" -> times recorded
  std::set<std::string> keys;
  for (const auto& e : server().events()) {
    ++per_event[e.user_id + "/" + e.event];
    EXPECT_TRUE(keys.insert(e.idempotency_key).second) << e.idempotency_key;
    int c = -1, i = -1;
    ASSERT_EQ(std::sscanf((e.user_id + " " + e.event).c_str(), "c%d e%d", &c, &i), 2);
    EXPECT_TRUE(c >= 0 && c < kCycles && i >= 0 && i < kEventsPerCycle)  // never enqueued
        << e.user_id << " " << e.event;
  }
  std::size_t expected = 0;
  for (const auto& [cycle, last] : committed) {
    for (int i = 0; i <= last; ++i) {
      ++expected;
      const std::string name = "c" + std::to_string(cycle) + "/e" + std::to_string(i);
      EXPECT_EQ(per_event[name], 1) << name;
    }
  }
  for (const auto& [name, times] : per_event) EXPECT_EQ(times, 1) << name;
  std::printf("kill -9: %d cycles, %d killed, %zu events reported committed, %zu recorded, "
              "%s\n", kCycles, killed, expected, server().events().size(), summary->c_str());
}

}  // namespace
}  // namespace flameup::testing

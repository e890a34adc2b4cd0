// fork() while other threads create, use and destroy clients. Every Client initialises
// libcurl and creates easy handles; libcurl takes a process-wide lock inside curl_global_init
// and curl_easy_init. A fork at the instant another thread holds such a lock copies it locked
// into the child, whose first client then blocks forever. The SDK makes fork() wait for those
// sections (pthread_atfork), so no child may hang, and every child's event must arrive.

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "core_test_support.hpp"
#include "sanitizers.hpp"

using namespace std::chrono_literals;
using flameup::Client;
using flameup::core_test::EmulatorTest;
using flameup::testing::fork_child;
using flameup::testing::fork_while_allocating_unsupported_reason;
using flameup::testing::wait_child;

namespace {

// Without the fork lock, one or two children in a thousand hung (plain build), so most runs
// of 1000 forks caught it; transport_fork_lock_test.cpp catches it every time. The sanitizer
// builds run fewer: they are there to find races and memory errors, and a fork costs several
// times more there (ASan: 1000 forks took 150 s, mostly copying its shadow memory's page
// tables).
#if FLAMEUP_TEST_ASAN || FLAMEUP_TEST_TSAN
constexpr int kForks = 200;
#else
constexpr int kForks = 1000;
#endif
// One: before libcurl was initialised once per process, its global set-up and tear-down (the
// widest locked section) ran only when no other client was alive, which more threads made
// rare.
constexpr int kChurnThreads = 1;
// A child does one local request (with the generous timeouts of child_options() below);
// far longer than those allow is a hang.
constexpr auto kChildDeadline = 40s;

// A child's exit code: 0 when its event was recorded, else 10 + its ErrorCode.
int child_verdict(const flameup::TrackResult& result) {
  return result.ok() ? 0 : 10 + static_cast<int>(result.error.code);
}

class TransportForkStress : public EmulatorTest {};

TEST_F(TransportForkStress, ForkingWhileOtherThreadsChurnClientsNeverHangsTheChild) {
  if (const char* why = fork_while_allocating_unsupported_reason()) GTEST_SKIP() << why;
  std::atomic<bool> stop{false};
  std::atomic<int> churned{0};
  std::vector<std::thread> churn;
  for (int t = 0; t < kChurnThreads; ++t) {
    churn.emplace_back([&, t] {
      const auto o = options();
      while (!stop.load()) {
        Client client(o);  // libcurl global init + a fresh easy handle each time
        client.track(event("churn_" + std::to_string(t)));
        ++churned;
      }
    });
  }

  // Slowness of a loaded machine is not what this test is about: a child retries and waits
  // long before it gives up.
  auto child_options = options();
  child_options.connect_timeout = 10s;
  child_options.request_timeout = 10s;
  std::vector<bool> exited_ok;
  bool fork_failed = false;
  bool hung = false;
  int failed = 0;
  int last_failure = 0;
  int forks = 0;
  // Stops at the first hung child: one is a failure, and each costs kChildDeadline.
  for (; forks < kForks && !hung && !fork_failed; ++forks) {
    const std::string user = "forked_" + std::to_string(forks);
    const pid_t pid = fork_child([&] {
      Client client(child_options);
      return child_verdict(client.track(event(user)));
    });
    fork_failed = pid < 0;
    const auto code = fork_failed ? std::optional<int>(-1) : wait_child(pid, kChildDeadline);
    exited_ok.push_back(code == 0);
    hung = !code.has_value();
    if (code && *code != 0) {
      ++failed;
      last_failure = *code;
    }
  }
  stop = true;
  for (auto& thread : churn) thread.join();

  EXPECT_FALSE(fork_failed) << "fork() failed";
  EXPECT_FALSE(hung) << "child " << forks - 1 << " hung (killed after "
                     << kChildDeadline.count() << " s)";
  EXPECT_EQ(failed, 0) << failed << " of " << forks << " children could not track (last exit "
                       << "code " << last_failure << " = 10 + ErrorCode)";
  EXPECT_GT(churned.load(), 0) << "the other threads never created a client";
  std::vector<bool> arrived(static_cast<std::size_t>(forks), false);
  for (const auto& e : server().events()) {
    if (e.user_id.rfind("forked_", 0) == 0) {
      const auto n = std::stoul(e.user_id.substr(7));
      if (n < arrived.size()) arrived[n] = true;
    }
  }
  for (std::size_t n = 0; n < arrived.size(); ++n) {
    EXPECT_TRUE(arrived[n] || !exited_ok[n]) << "child " << n << " tracked, the server has nothing";
  }
}

}  // namespace

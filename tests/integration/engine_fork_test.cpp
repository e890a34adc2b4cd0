// Row F24: fork() in the host application. The child must not use the parent's engine (its
// worker thread does not exist in the child, its connections belong to the parent): the
// Client builds a fresh engine there, and tracking in the child works.

#include <sys/wait.h>
#include <unistd.h>

#include "child_process.hpp"
#include "engine_test_support.hpp"

namespace flameup::engine_test {
namespace {

using EngineFork = EngineEmulatorTest;

TEST_F(EngineFork, F24_AForkedChildGetsAFreshEngineAndItsEventsArrive) {
  if (const char* why = testing::threads_in_child_unsupported_reason()) GTEST_SKIP() << why;
  Client client(options());
  // The parent's engine is running: worker thread started, connection open.
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(client.flush(5s));
  // track() too: its pool now holds a handle with an open connection to the server.
  ASSERT_TRUE(client.track(event(10)).ok());
  ASSERT_EQ(server().event_count(), 2u);

  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child: never return into the test framework; the exit code is the verdict.
    const EnqueueResult r = client.enqueue(event(2));
    const bool flushed = r.accepted() && client.flush(5s);
    const Stats s = client.stats();
    // A fresh engine: it has seen exactly the child's one event.
    const bool fresh = s.enqueued == 1 && s.delivered == 1;
    // track() in the child must use a pool of its own, not the parent's connection.
    const TrackResult tracked = client.track(event(20));
    client.close(1s);
    ::_exit((flushed && fresh ? 0 : 1) | (tracked.ok() ? 0 : 2));
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status) & 1, 0) << "the child could not deliver its enqueued event";
  EXPECT_EQ(WEXITSTATUS(status) & 2, 0) << "track() failed in the child";
  EXPECT_EQ(server().event_count(), 4u);
  bool child_event = false;
  bool child_tracked = false;
  for (const auto& e : server().events()) {
    child_event = child_event || e.user_id == "user_2";
    child_tracked = child_tracked || e.user_id == "user_20";
  }
  EXPECT_TRUE(child_event);
  EXPECT_TRUE(child_tracked);

  // The parent's engine and track() pool are untouched by the child and keep working.
  ASSERT_TRUE(client.enqueue(event(3)).accepted());
  ASSERT_TRUE(client.flush(5s));
  EXPECT_TRUE(client.track(event(30)).ok());
  EXPECT_EQ(server().event_count(), 6u);
  EXPECT_EQ(client.stats().enqueued, 2u);
}

}  // namespace
}  // namespace flameup::engine_test

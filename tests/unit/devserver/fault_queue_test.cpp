// Fault ordering and counts (tools/devserver/fault_queue.hpp), and the release signal that
// frees held handlers (release_signal.hpp).
#include <gtest/gtest.h>

#include <future>

#include "fault_queue.hpp"
#include "release_signal.hpp"

namespace flameup::devserver::detail {
namespace {

Fault status(int code, int count) {
  Fault fault;
  fault.status = code;
  fault.count = count;
  return fault;
}

TEST(DevserverFaultQueue, ServesEachFaultItsCountInOrder) {
  FaultQueue queue;
  queue.add(status(503, 2));
  queue.add(status(0, 0));  // serves nothing
  queue.add(status(500, 1));
  EXPECT_EQ(queue.take()->status, 503);
  EXPECT_EQ(queue.take()->status, 503);
  EXPECT_EQ(queue.take()->status, 500);
  EXPECT_FALSE(queue.take());
}

TEST(DevserverFaultQueue, NegativeCountStaysUntilCleared) {
  FaultQueue queue;
  queue.add(status(503, -1));
  queue.add(status(500, 1));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(queue.take()->status, 503);
  queue.clear();
  EXPECT_FALSE(queue.take());
}

TEST(DevserverReleaseSignal, SleepRunsItsCourseWithoutARelease) {
  ReleaseSignal signal;
  EXPECT_TRUE(signal.sleep_for(std::chrono::milliseconds(5), signal.generation()));
}

TEST(DevserverReleaseSignal, ReleaseWakesWaitersStartedBeforeIt) {
  ReleaseSignal signal;
  const auto since = signal.generation();
  auto sleeper = std::async(std::launch::async, [&] {
    return signal.sleep_for(std::chrono::seconds(30), since);
  });
  signal.release();
  EXPECT_FALSE(sleeper.get());
  // A wait that starts after the release is not affected by it.
  EXPECT_TRUE(signal.sleep_for(std::chrono::milliseconds(1), signal.generation()));
}

TEST(DevserverReleaseSignal, StopWakesEveryWaitUntilReset) {
  ReleaseSignal signal;
  signal.stop();
  EXPECT_TRUE(signal.stopping());
  signal.wait_released(signal.generation());  // returns at once
  EXPECT_FALSE(signal.sleep_for(std::chrono::seconds(30), signal.generation()));
  signal.reset();
  EXPECT_FALSE(signal.stopping());
  EXPECT_TRUE(signal.sleep_for(std::chrono::milliseconds(1), signal.generation()));
}

}  // namespace
}  // namespace flameup::devserver::detail

// lock_briefly_held: a lock like any other (it excludes, it waits as long as it must), taken
// by spinning first.

#include "platform/brief_lock.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace flameup::detail {
namespace {

TEST(BriefLock, ExcludesEveryOtherHolderUnderContention) {
  std::mutex mu;
  long counter = 0;  // unsynchronized on purpose: only the lock protects it
  constexpr int kThreads = 4;
  constexpr int kRounds = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        const auto lock = lock_briefly_held(mu);
        ASSERT_TRUE(lock.owns_lock());
        const long seen = counter;
        counter = seen + 1;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter, long{kThreads} * kRounds);
}

TEST(BriefLock, WaitsBeyondItsSpinsForAHolderThatTakesLong) {
  std::mutex mu;
  std::unique_lock<std::mutex> held(mu);
  std::atomic<bool> acquired{false};
  std::thread waiter([&] {
    const auto lock = lock_briefly_held(mu);
    acquired = true;
  });
  // The waiter cannot have the lock while it is held here, however long it has spun.
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(acquired.load());
    std::this_thread::yield();
  }
  held.unlock();
  waiter.join();
  EXPECT_TRUE(acquired.load());
  EXPECT_TRUE(mu.try_lock());  // released when the waiter's lock went
  mu.unlock();
}

}  // namespace
}  // namespace flameup::detail

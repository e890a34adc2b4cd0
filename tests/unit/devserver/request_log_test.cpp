// The request log's ring (tools/devserver/request_log.hpp): the latest entries kept, every
// request counted.
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "request_log.hpp"

namespace flameup::devserver::detail {
namespace {

using std::chrono::milliseconds;

ReceivedRequest tagged(int n) {
  ReceivedRequest r;
  r.idempotency_key = "k" + std::to_string(n);
  return r;
}

std::vector<std::string> tags(const std::vector<ReceivedRequest>& requests) {
  std::vector<std::string> out;
  for (const auto& r : requests) out.push_back(r.idempotency_key);
  return out;
}

TEST(DevserverRequestLog, KeepsTheLatestEntriesOldestFirstAndCountsEveryOne) {
  RequestLog log(3);
  for (int i = 0; i < 10; ++i) log.add(tagged(i));
  EXPECT_EQ(tags(log.kept()), (std::vector<std::string>{"k7", "k8", "k9"}));
  EXPECT_EQ(log.count(), 10u);
  EXPECT_TRUE(log.wait_for(10, milliseconds(0)));
  EXPECT_FALSE(log.wait_for(11, milliseconds(0)));
}

TEST(DevserverRequestLog, AWaiterWakesWhenTheCountIsReached) {
  RequestLog log(0);
  auto waiter =
      std::async(std::launch::async, [&log] { return log.wait_for(2, milliseconds(10000)); });
  log.add(tagged(0));
  log.add(tagged(1));
  EXPECT_TRUE(waiter.get());
}

TEST(DevserverRequestLog, BelowTheLimitKeepsEverything) {
  RequestLog log(3);
  log.add(tagged(0));
  log.add(tagged(1));
  EXPECT_EQ(tags(log.kept()), (std::vector<std::string>{"k0", "k1"}));
}

TEST(DevserverRequestLog, ZeroEntriesCountsWithoutKeeping) {
  RequestLog log(0);
  for (int i = 0; i < 4; ++i) log.add(tagged(i));
  EXPECT_TRUE(log.kept().empty());
  EXPECT_EQ(log.count(), 4u);
  EXPECT_TRUE(log.wait_for(4, milliseconds(0)));
}

}  // namespace
}  // namespace flameup::devserver::detail

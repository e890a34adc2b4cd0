// The emulator's Date header value (tools/devserver/http_date.hpp).
#include <gtest/gtest.h>

#include <chrono>

#include "http_date.hpp"

namespace flameup::devserver::detail {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

TEST(DevserverHttpDate, IsAnImfFixdate) {
  EXPECT_EQ(http_date(system_clock::time_point(seconds(1735120800))),
            "Wed, 25 Dec 2024 10:00:00 GMT");
  EXPECT_EQ(http_date(system_clock::time_point(seconds(0))), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(system_clock::time_point(seconds(951868799))),
            "Tue, 29 Feb 2000 23:59:59 GMT");
}

}  // namespace
}  // namespace flameup::devserver::detail

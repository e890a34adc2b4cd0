// EventHooks: default properties merged under the event's own keys, then before_send, which
// may change or drop the event; a hook that throws drops nothing.

#include "client/event_hooks.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "client/logger.hpp"
#include "flameup/track_event.hpp"

namespace flameup::detail {
namespace {

TrackEvent sample() {
  TrackEvent e;
  e.user_id = "u1";
  e.event = "signup";
  e.properties = {{"plan", "pro"}};
  return e;
}

TEST(EventHooks, InactiveWithoutDefaultsOrHook) {
  ClientOptions o;
  EXPECT_FALSE(EventHooks(o, nullptr).active());
  o.default_properties = std::make_shared<const nlohmann::json>(nlohmann::json::object());
  EXPECT_FALSE(EventHooks(o, nullptr).active());  // {} adds nothing: no copy per event
}

TEST(EventHooks, DefaultPropertiesAreMergedAndTheEventsOwnKeysWin) {
  ClientOptions o;
  o.default_properties = std::make_shared<const nlohmann::json>(
      nlohmann::json{{"app_version", "1.2.3"}, {"plan", "free"}});
  EventHooks hooks(o, nullptr);
  TrackEvent e = sample();
  ASSERT_TRUE(hooks.apply(e));
  EXPECT_EQ(e.properties["app_version"], "1.2.3");
  EXPECT_EQ(e.properties["plan"], "pro");
  EXPECT_EQ(e.properties.size(), 2u);
}

TEST(EventHooks, BeforeSendSeesTheMergedEventAndMayChangeOrDropIt) {
  ClientOptions o;
  o.default_properties = std::make_shared<const nlohmann::json>(nlohmann::json{{"email", "a@b"}});
  o.before_send = [](TrackEvent& e) {
    e.properties.erase("email");  // redact a default
    e.properties["sampled"] = true;
    return e.event != "noise";
  };
  EventHooks hooks(o, nullptr);
  TrackEvent kept = sample();
  ASSERT_TRUE(hooks.apply(kept));
  EXPECT_FALSE(kept.properties.contains("email"));
  EXPECT_EQ(kept.properties["sampled"], true);
  TrackEvent noise = sample();
  noise.event = "noise";
  EXPECT_FALSE(hooks.apply(noise));
}

TEST(EventHooks, AHookThatThrowsDropsNothingAndIsLogged) {
  std::vector<std::string> lines;
  Logger logger(LogLevel::debug, [&](LogLevel, std::string_view line) { lines.emplace_back(line); },
                "ws_test_key");
  ClientOptions o;
  o.before_send = [](TrackEvent& e) -> bool {
    e.properties["touched"] = 1;
    throw std::runtime_error("boom");
  };
  EventHooks hooks(o, &logger);
  TrackEvent e = sample();
  EXPECT_TRUE(hooks.apply(e));
  EXPECT_EQ(e.properties["touched"], 1);  // as the hook left it
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("before_send"), std::string::npos);
}

}  // namespace
}  // namespace flameup::detail

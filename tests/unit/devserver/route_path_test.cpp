// Cutting and decoding the workspace segment (tools/devserver/route_path.hpp).
#include <gtest/gtest.h>

#include "route_path.hpp"

namespace flameup::devserver::detail {
namespace {

TEST(DevserverRoutePath, DecodesPercentEscapes) {
  EXPECT_EQ(percent_decode("a%20b%2Fc%2f"), "a b/c/");
  EXPECT_EQ(percent_decode("plain"), "plain");
  EXPECT_FALSE(percent_decode("%G1"));
  EXPECT_FALSE(percent_decode("%4"));
  EXPECT_FALSE(percent_decode("abc%"));
}

TEST(DevserverRoutePath, FindsTheWorkspaceSegment) {
  EXPECT_EQ(workspace_from_target("/api/v1/workspaces/ws_1/events"), "ws_1");
  EXPECT_EQ(workspace_from_target("/api/v1/workspaces/ws_1/events?limit=5"), "ws_1");
  EXPECT_EQ(workspace_from_target("/api/v1/workspaces/a%2Fb/events"), "a/b");
  EXPECT_EQ(workspace_from_target("/api/v1/workspaces/%2E%2E/events"), "..");
}

TEST(DevserverRoutePath, RejectsOtherShapes) {
  EXPECT_FALSE(workspace_from_target("/api/v1/workspaces//events"));
  EXPECT_FALSE(workspace_from_target("/api/v1/workspaces/a/b/events"));
  EXPECT_FALSE(workspace_from_target("/api/v1/workspaces/events"));
  EXPECT_FALSE(workspace_from_target("/api/v2/workspaces/ws/events"));
  EXPECT_FALSE(workspace_from_target("/api/v1/workspaces/ws/event"));
  EXPECT_FALSE(workspace_from_target("/api/v1/workspaces/%zz/events"));
}

}  // namespace
}  // namespace flameup::devserver::detail

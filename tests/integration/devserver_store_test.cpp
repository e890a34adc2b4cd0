// JSONL persistence: events and idempotency keys survive a restart; the file is private and
// never holds the key.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "devserver_test_support.hpp"

namespace flameup::devserver::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "flameup-devserver-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "events.jsonl").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  ServerOptions options() const {
    ServerOptions o;
    o.api_keys = {kKey};
    o.rate_limit_per_minute = 0;
    o.store_path = path_;
    return o;
  }

  static httplib::Result post(Server& server, const std::string& body,
                              const std::string& idempotency_key) {
    httplib::Client client("127.0.0.1", server.port());
    httplib::Headers headers = auth_headers();
    if (!idempotency_key.empty()) headers.emplace("Idempotency-Key", idempotency_key);
    return client.Post(kTrackPath, headers, body, "application/json");
  }

  std::string file_text() const {
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(StoreTest, EventsAndIdempotencyKeysSurviveARestart) {
  std::string first_id;
  {
    Server server(options());
    ASSERT_GT(server.start(), 0);
    const auto a = post(server, event_body("u1", "a"), "key-a");
    ASSERT_TRUE(a);
    first_id = json_of(a)["event_id"];
    ASSERT_TRUE(post(server, json{{"userId", "u2"},
                                  {"event", "b"},
                                  {"properties", {{"n", 1}}},
                                  {"timestamp", "2024-12-25T10:00:00Z"}}
                                 .dump(),
                     ""));
  }
  Server restarted(options());
  ASSERT_GT(restarted.start(), 0);
  const auto events = restarted.events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, first_id);
  EXPECT_EQ(events[0].idempotency_key, "key-a");
  EXPECT_EQ(events[1].user_id, "u2");
  EXPECT_EQ(events[1].properties, (json{{"n", 1}}));
  EXPECT_EQ(events[1].timestamp, "2024-12-25T10:00:00Z");

  // The key seen before the restart still de-duplicates.
  const auto again = post(restarted, event_body("u1", "a"), "key-a");
  ASSERT_TRUE(again);
  EXPECT_EQ(json_of(again)["event_id"], first_id);
  EXPECT_EQ(restarted.event_count(), 2u);
}

TEST_F(StoreTest, OneLinePerEventModeOwnerOnlyAndNoKey) {
  {
    Server server(options());
    ASSERT_GT(server.start(), 0);
    ASSERT_TRUE(post(server, event_body(), "k1"));
    ASSERT_TRUE(post(server, event_body(), "k1"));  // duplicate: no new line
    ASSERT_TRUE(post(server, event_body(), "k2"));
    // Written as recorded, not at shutdown.
    std::istringstream lines(file_text());
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
      EXPECT_TRUE(json::parse(line, nullptr, false).is_object()) << line;
      ++count;
    }
    EXPECT_EQ(count, 2);
  }
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(file_text().find("SENTINEL"), std::string::npos);
}

TEST_F(StoreTest, TornLastLineIsSkippedAtLoad) {
  {
    Server server(options());
    ASSERT_GT(server.start(), 0);
    ASSERT_TRUE(post(server, event_body(), ""));
  }
  std::ofstream(path_, std::ios::app) << R"({"id":"evt_torn","workspace_id":"ws_1","us)";
  Server restarted(options());
  ASSERT_GT(restarted.start(), 0);
  EXPECT_EQ(restarted.event_count(), 1u);
}

TEST_F(StoreTest, UnwritableStoreFailsStart) {
  ServerOptions o = options();
  o.store_path = (dir_ / "missing-dir" / "events.jsonl").string();
  Server server(o);
  EXPECT_EQ(server.start(), -1);
}

}  // namespace
}  // namespace flameup::devserver::test

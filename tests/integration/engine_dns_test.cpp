// Rows F3 (host name does not resolve) and F4 (stuck DNS during close). A separate test
// program, because it replaces getaddrinfo for the whole process: libcurl's threaded resolver
// calls getaddrinfo, and the definition below (in the executable) takes precedence over the C
// library's. Two reserved test names are handled here; every other name goes to the real
// getaddrinfo through dlsym(RTLD_NEXT). Every name resolves to loopback only.

#include <dlfcn.h>
#include <netdb.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>

#include "engine_test_support.hpp"

namespace {

constexpr const char* kUnresolvableHost = "unresolvable.flameup.test";
constexpr const char* kStuckHost = "stuck.flameup.test";

// Controls for the fake resolver.
std::atomic<bool> g_unresolvable_fails{true};
std::atomic<int> g_lookups_unresolvable{0};
std::mutex g_stuck_mu;
std::condition_variable g_stuck_cv;
bool g_stuck_released = false;
int g_stuck_waiting = 0;

using GetAddrInfo = int (*)(const char*, const char*, const addrinfo*, addrinfo**);

GetAddrInfo real_getaddrinfo() {
  static const auto real = reinterpret_cast<GetAddrInfo>(::dlsym(RTLD_NEXT, "getaddrinfo"));
  return real;
}

void release_stuck_lookups() {
  {
    std::lock_guard<std::mutex> lock(g_stuck_mu);
    g_stuck_released = true;
  }
  g_stuck_cv.notify_all();
}

}  // namespace

extern "C" int getaddrinfo(const char* node, const char* service, const addrinfo* hints,
                           addrinfo** res) {
  if (node != nullptr && std::strcmp(node, kUnresolvableHost) == 0) {
    ++g_lookups_unresolvable;
    if (g_unresolvable_fails.load()) return EAI_NONAME;
    return real_getaddrinfo()("127.0.0.1", service, hints, res);
  }
  if (node != nullptr && std::strcmp(node, kStuckHost) == 0) {
    std::unique_lock<std::mutex> lock(g_stuck_mu);
    ++g_stuck_waiting;
    g_stuck_cv.notify_all();
    g_stuck_cv.wait(lock, [] { return g_stuck_released; });
    return EAI_AGAIN;
  }
  return real_getaddrinfo()(node, service, hints, res);
}

namespace flameup::engine_test {
namespace {

using SteadyClock = std::chrono::steady_clock;

TEST(EngineDns, F3_AnUnresolvableHostIsANetworkErrorAndTheEventIsKept) {
  devserver::ServerOptions server_options;
  server_options.rate_limit_per_minute = 0;
  devserver::Server server(server_options);
  ASSERT_GT(server.start(), 0);

  Recorder recorder;
  ClientOptions o = engine_options(std::string("http://") + kUnresolvableHost + ":" +
                                   std::to_string(server.port()) + "/api/v1");
  o.allow_insecure_http = true;  // a non-loopback name; it resolves to 127.0.0.1 here
  recorder.attach(o);
  Client client(o);
  g_unresolvable_fails = true;
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  // Two failed attempts (each logs its retry) mean two lookups; waited for, not assumed to
  // fit in a fixed window.
  ASSERT_TRUE(recorder.wait_log_lines("failed (network:", 2));
  EXPECT_FALSE(client.flush(0ms));
  EXPECT_GE(g_lookups_unresolvable.load(), 2) << "the failed lookup is retried";
  const Stats down = client.stats();
  EXPECT_EQ(down.last_error.code, ErrorCode::network) << down.last_error.message;
  EXPECT_TRUE(recorder.outcomes().empty()) << "kept, not dropped";
  EXPECT_EQ(server.request_count(), 0u);

  g_unresolvable_fails = false;  // the name resolves again
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(server.event_count(), 1u);
  ASSERT_EQ(recorder.outcomes().size(), 1u);
  EXPECT_EQ(recorder.outcomes()[0].kind, OutcomeKind::delivered);
  recorder.expect_no_key_anywhere();
  server.stop();
}

TEST(EngineDns, F4_CloseReturnsByItsDeadlineDuringAStuckLookup) {
  Recorder recorder;
  ClientOptions o = engine_options(std::string("http://") + kStuckHost + ":9/api/v1");
  o.allow_insecure_http = true;
  o.connect_timeout = 60000ms;  // only close() can end the lookup
  o.request_timeout = 60000ms;
  recorder.attach(o);
  auto client = std::make_unique<Client>(o);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client->enqueue(event(i)).accepted());
  {
    std::unique_lock<std::mutex> lock(g_stuck_mu);
    ASSERT_TRUE(g_stuck_cv.wait_for(lock, 5s, [] { return g_stuck_waiting > 0; }));
  }
  const auto start = SteadyClock::now();
  client->close(200ms);
  const auto took = SteadyClock::now() - start;
  EXPECT_GE(took, 190ms);
  EXPECT_LT(took, 700ms) << "close() waited for the stuck resolver";
  const auto outcomes = recorder.outcomes();
  ASSERT_EQ(outcomes.size(), 3u);
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(outcome.kind, OutcomeKind::dropped);
    EXPECT_EQ(outcome.drop_reason, DropReason::shutdown);
  }
  // Nor may the destructor (and its transport's cleanup) wait for the resolver.
  const auto destroy_start = SteadyClock::now();
  client.reset();
  EXPECT_LT(SteadyClock::now() - destroy_start, 500ms);
  release_stuck_lookups();  // let the abandoned resolver threads finish
  recorder.expect_no_key_anywhere();
}

}  // namespace
}  // namespace flameup::engine_test

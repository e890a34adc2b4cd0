// Rows F3 (host name does not resolve) and F4 (stuck DNS during close), the SDK's resolver
// (bounded threads, shared and kept answers, fork), and `localhost` never going to a
// resolver. A separate test program, because it replaces getaddrinfo for the whole process:
// the SDK's resolver (and libcurl's, were it ever used) calls getaddrinfo, and the definition
// below (in the executable) takes precedence over the C library's. Reserved test names are
// handled here (`stuck*.flameup.test` names all get stuck); every other name goes to the real
// getaddrinfo through dlsym(RTLD_NEXT), and lookups of `localhost` spellings are counted.
// Every name resolves to loopback only.

#include <dirent.h>
#include <dlfcn.h>
#include <netdb.h>
#include <strings.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

#include "child_process.hpp"
#include "engine_test_support.hpp"
#include "platform/host_resolver.hpp"

namespace {

constexpr const char* kUnresolvableHost = "unresolvable.flameup.test";
constexpr const char* kStuckHost = "stuck.flameup.test";
constexpr const char* kSharedHost = "shared.flameup.test";  // resolves, and is counted

// Controls for the fake resolver.
std::atomic<bool> g_unresolvable_fails{true};
std::atomic<int> g_lookups_unresolvable{0};
std::atomic<int> g_lookups_localhost{0};
std::atomic<int> g_lookups_shared{0};
std::atomic<int> g_lookups_stuck{0};  // every call for a stuck name, returned or not
std::mutex g_stuck_mu;
std::condition_variable g_stuck_cv;
bool g_stuck_released = false;
int g_stuck_waiting = 0;  // lookups of kStuckHost blocked now

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

// Waits until every blocked lookup of kStuckHost has returned. Tests end with it: the
// resolver threads are detached, and must be done with g_stuck_* before those are destroyed.
bool wait_stuck_lookups_returned(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(g_stuck_mu);
  return g_stuck_cv.wait_for(lock, timeout, [] { return g_stuck_waiting == 0; });
}

// Makes lookups of kStuckHost block again (release_stuck_lookups() ends them).
void arm_stuck_lookups() {
  std::lock_guard<std::mutex> lock(g_stuck_mu);
  g_stuck_released = false;
}

bool wait_stuck_lookups(int n, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(g_stuck_mu);
  return g_stuck_cv.wait_for(lock, timeout, [n] { return g_stuck_waiting >= n; });
}

}  // namespace

extern "C" int getaddrinfo(const char* node, const char* service, const addrinfo* hints,
                           addrinfo** res) {
  if (node != nullptr && std::strcmp(node, kUnresolvableHost) == 0) {
    ++g_lookups_unresolvable;
    if (g_unresolvable_fails.load()) return EAI_NONAME;
    return real_getaddrinfo()("127.0.0.1", service, hints, res);
  }
  if (node != nullptr && std::strcmp(node, kSharedHost) == 0) {
    ++g_lookups_shared;
    return real_getaddrinfo()("127.0.0.1", service, hints, res);
  }
  const std::size_t length = node != nullptr ? std::strlen(node) : 0;
  if (length >= 18 && std::strncmp(node, "stuck", 5) == 0 &&
      std::strcmp(node + length - 13, ".flameup.test") == 0) {
    ++g_lookups_stuck;
    std::unique_lock<std::mutex> lock(g_stuck_mu);
    ++g_stuck_waiting;
    g_stuck_cv.notify_all();
    g_stuck_cv.wait(lock, [] { return g_stuck_released; });
    --g_stuck_waiting;
    g_stuck_cv.notify_all();
    return EAI_AGAIN;
  }
  if (node != nullptr && ::strncasecmp(node, "localhost", 9) == 0) ++g_lookups_localhost;
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

// The promise: close() never waits past its deadline. The stuck lookup here never returns
// until the test releases it, so a close() that waited for the resolver would never return:
// any finite bound tells the two apart, and kScheduling is only what a loaded 2-core machine
// (or a sanitizer build) may add to the deadline.
constexpr auto kCloseDeadline = 200ms;
constexpr auto kScheduling = 1000ms;

ClientOptions stuck_options(const std::string& host = kStuckHost) {
  ClientOptions o = engine_options("http://" + host + ":9/api/v1");
  o.allow_insecure_http = true;
  o.connect_timeout = 60000ms;  // only close() can end the lookup
  o.request_timeout = 60000ms;
  return o;
}

TEST(EngineDns, F4_CloseReturnsByItsDeadlineDuringAStuckLookup) {
  arm_stuck_lookups();
  Recorder recorder;
  ClientOptions o = stuck_options();
  recorder.attach(o);
  auto client = std::make_unique<Client>(o);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client->enqueue(event(i)).accepted());
  ASSERT_TRUE(wait_stuck_lookups(1, 5s));
  const auto start = SteadyClock::now();
  client->close(kCloseDeadline);
  const auto took = SteadyClock::now() - start;
  EXPECT_GE(took, kCloseDeadline - 10ms) << "close() gave up before its deadline";
  EXPECT_LT(took, kCloseDeadline + kScheduling) << "close() waited for the stuck resolver";
  const auto outcomes = recorder.outcomes();
  ASSERT_EQ(outcomes.size(), 3u);
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(outcome.kind, OutcomeKind::dropped);
    EXPECT_EQ(outcome.drop_reason, DropReason::shutdown);
  }
  // Nor may the destructor (and its transport's cleanup) wait for the resolver: after
  // close() it has nothing left to wait for.
  const auto destroy_start = SteadyClock::now();
  client.reset();
  EXPECT_LT(SteadyClock::now() - destroy_start, kScheduling);
  release_stuck_lookups();  // let the abandoned resolver threads finish
  EXPECT_TRUE(wait_stuck_lookups_returned(5s));
  recorder.expect_no_key_anywhere();
}

std::size_t thread_count() {
  std::size_t n = 0;
  if (DIR* tasks = ::opendir("/proc/self/task")) {
    while (const dirent* entry = ::readdir(tasks)) n += entry->d_name[0] != '.' ? 1 : 0;
    ::closedir(tasks);
  }
  return n;
}

// Waits until the process has at most @p n threads (threads end on their own time).
bool wait_thread_count_at_most(std::size_t n, std::chrono::milliseconds timeout) {
  const auto end = SteadyClock::now() + timeout;
  while (thread_count() > n) {
    if (SteadyClock::now() >= end) return false;
    std::this_thread::sleep_for(10ms);  // no event to wait on: a thread's exit is not observable
  }
  return true;
}

// What closing clients during stuck lookups costs. The SDK resolves names on a small pool
// of threads shared by the whole process (HostResolver::kMaxThreads), and a request waits for
// its lookup in the delivery engine, not in a thread of its own: close() abandons the wait,
// never a thread. So however many clients close while lookups are stuck, and even when each
// asks for a name of its own (the worst case: nothing shared), the process has at most
// kMaxThreads more threads; they end once the lookups return and the pool has been idle.
TEST(EngineDns, ClosingClientsDuringStuckLookupsLeavesABoundedNumberOfThreads) {
  constexpr int kClients = 50;
  arm_stuck_lookups();
  const int stuck_calls_before = g_lookups_stuck.load();
  // ThreadSanitizer starts a thread of its own with the process's first one: not counted.
  std::thread([] {}).join();
  const std::size_t baseline = thread_count();
  detail::HostResolver& resolver = detail::HostResolver::instance();
  std::size_t most = 0;
  for (int i = 0; i < kClients; ++i) {
    ClientOptions o = stuck_options("stuck-" + std::to_string(i) + ".flameup.test");
    o.log_level = LogLevel::off;
    const std::uint64_t queued_before = resolver.lookups_queued();
    {
      Client client(o);
      for (int e = 0; e < o.max_in_flight + 2; ++e) {
        ASSERT_TRUE(client.enqueue(event(e)).accepted());
      }
      // The client's requests wait for its name: the lookup is queued (the first ones are
      // inside getaddrinfo, the rest wait for a thread of the pool).
      const auto end = SteadyClock::now() + 5s;
      while (resolver.lookups_queued() == queued_before && SteadyClock::now() < end) {
        std::this_thread::sleep_for(1ms);  // the engine's thread asks; nothing to wait on
      }
      ASSERT_GT(resolver.lookups_queued(), queued_before) << "client " << i;
      client.close(10ms);
    }  // the client's own delivery thread ends with it
    // A joined thread may still be listed for a moment (seen under ThreadSanitizer): give it
    // that moment. Threads stuck in a lookup never leave, so a real excess stays counted.
    wait_thread_count_at_most(baseline + detail::HostResolver::kMaxThreads, 2s);
    most = std::max(most, thread_count());
  }
  ASSERT_TRUE(wait_stuck_lookups(detail::HostResolver::kMaxThreads, 5s));
  const std::size_t stuck = most - baseline;
  EXPECT_LE(stuck, static_cast<std::size_t>(detail::HostResolver::kMaxThreads))
      << "threads left behind by " << kClients << " clients closed during stuck lookups";
  release_stuck_lookups();
  // Every queued name is looked up in turn (and, released, returns at once) before the next
  // test may make such lookups block again.
  const auto end = SteadyClock::now() + 20s;
  while (g_lookups_stuck.load() < stuck_calls_before + kClients && SteadyClock::now() < end) {
    std::this_thread::sleep_for(10ms);  // counts calls into getaddrinfo: nothing to wait on
  }
  EXPECT_EQ(g_lookups_stuck.load(), stuck_calls_before + kClients);
  EXPECT_TRUE(wait_stuck_lookups_returned(5s));
  EXPECT_TRUE(wait_thread_count_at_most(
      baseline, detail::HostResolver::kIdleThreadLifetime + 10s))
      << thread_count() - baseline << " threads outlived their lookups";
  RecordProperty("threads_left_while_stuck", static_cast<int>(stuck));
}

// One name, many clients and requests: one getaddrinfo call, whose answer every request of
// every client reuses for HostResolver::kAnswerLifetime; libcurl never looks the name up.
TEST(EngineDns, RequestsForOneNameShareOneLookup) {
  devserver::ServerOptions server_options;
  server_options.rate_limit_per_minute = 0;
  devserver::Server server(server_options);
  ASSERT_GT(server.start(), 0);
  ClientOptions o = engine_options(std::string("http://") + kSharedHost + ":" +
                                   std::to_string(server.port()) + "/api/v1");
  o.allow_insecure_http = true;  // a non-loopback name; it resolves to 127.0.0.1 here
  o.log_level = LogLevel::off;
  g_lookups_shared = 0;
  const auto start = SteadyClock::now();
  for (int c = 0; c < 3; ++c) {
    Client client(o);
    const TrackResult tracked = client.track(event(c));
    EXPECT_TRUE(tracked.ok()) << tracked.error.message;
    for (int e = 0; e < 10; ++e) ASSERT_TRUE(client.enqueue(event(e)).accepted());
    EXPECT_TRUE(client.flush(10s));
  }
  EXPECT_EQ(server.event_count(), 33u);
  if (SteadyClock::now() - start < detail::HostResolver::kAnswerLifetime) {
    EXPECT_EQ(g_lookups_shared.load(), 1);
  }
  server.stop();
}

// A request waits for its lookup no longer than connect_timeout: track() then fails with
// ErrorCode::timeout, as it did when libcurl resolved.
TEST(EngineDns, ALookupLongerThanTheConnectTimeoutIsATimeout) {
  arm_stuck_lookups();
  ClientOptions o = stuck_options("stuck-timeout.flameup.test");
  o.connect_timeout = 300ms;
  o.max_attempts = 1;
  o.log_level = LogLevel::off;
  Client client(o);
  const auto start = SteadyClock::now();
  const TrackResult tracked = client.track(event(1));
  const auto took = SteadyClock::now() - start;
  EXPECT_EQ(tracked.error.code, ErrorCode::timeout) << tracked.error.message;
  EXPECT_GE(took, 300ms - 10ms);
  EXPECT_LT(took, 300ms + kScheduling);
  release_stuck_lookups();
  EXPECT_TRUE(wait_stuck_lookups_returned(5s));
}

// A child forked while its parent's resolver is busy (every thread of its pool stuck inside
// getaddrinfo) resolves with a resolver of its own: the parent's threads do not exist there,
// so a child that queued on the parent's pool would never get an answer.
TEST(EngineDns, AForkedChildResolvesWithAResolverOfItsOwn) {
  if (const char* why = testing::threads_in_child_unsupported_reason()) GTEST_SKIP() << why;
  devserver::ServerOptions server_options;
  server_options.rate_limit_per_minute = 0;
  devserver::Server server(server_options);
  ASSERT_GT(server.start(), 0);
  arm_stuck_lookups();
  std::vector<std::unique_ptr<Client>> parents;
  for (int i = 0; i < detail::HostResolver::kMaxThreads; ++i) {
    ClientOptions stuck = stuck_options("stuck-fork-" + std::to_string(i) + ".flameup.test");
    stuck.log_level = LogLevel::off;
    parents.push_back(std::make_unique<Client>(stuck));
    ASSERT_TRUE(parents.back()->enqueue(event(i)).accepted());
  }
  ASSERT_TRUE(wait_stuck_lookups(detail::HostResolver::kMaxThreads, 5s));

  ClientOptions o = engine_options(std::string("http://") + kSharedHost + ":" +
                                   std::to_string(server.port()) + "/api/v1");
  o.allow_insecure_http = true;
  o.log_level = LogLevel::off;
  o.max_attempts = 1;
  o.connect_timeout = 5s;
  const pid_t pid = testing::fork_child([&o] {
    Client client(o);
    const TrackResult tracked = client.track(event(10));
    if (!tracked.ok()) return 10 + static_cast<int>(tracked.error.code);
    if (!client.enqueue(event(11)).accepted() || !client.flush(10s)) return 2;
    return 0;
  });
  ASSERT_GT(pid, 0);
  const std::optional<int> code = testing::wait_child(pid, 30s);
  ASSERT_TRUE(code.has_value()) << "the child hung";
  EXPECT_EQ(*code, 0) << "10 + ErrorCode if track() failed in the child";
  EXPECT_EQ(server.event_count(), 2u);
  for (auto& parent : parents) parent->close(10ms);
  release_stuck_lookups();
  EXPECT_TRUE(wait_stuck_lookups_returned(5s));
  server.stop();
}

// `localhost` (any case, with or without a trailing dot) counts as loopback, so the key may
// go to it over http://: it must then reach this machine whatever a resolver or /etc/hosts
// would say. The transports pin it to 127.0.0.1 and ::1: getaddrinfo is never asked.
TEST(EngineDns, LocalhostIsNeverLookedUp) {
  devserver::ServerOptions server_options;
  server_options.rate_limit_per_minute = 0;
  devserver::Server server(server_options);
  ASSERT_GT(server.start(), 0);
  std::size_t expected = 0;
  for (const char* name : {"localhost", "LOCALHOST", "localhost.", "LocalHost."}) {
    SCOPED_TRACE(name);
    ClientOptions o = engine_options(std::string("http://") + name + ":" +
                                     std::to_string(server.port()) + "/api/v1");
    o.log_level = LogLevel::off;
    o.max_attempts = 1;
    g_lookups_localhost = 0;
    {
      Client client(o);
      const TrackResult tracked = client.track(event(1));
      EXPECT_TRUE(tracked.ok()) << tracked.error.message;
      ASSERT_TRUE(client.enqueue(event(2)).accepted());
      EXPECT_TRUE(client.flush(5s));
    }
    expected += 2;
    EXPECT_EQ(server.event_count(), expected);
    EXPECT_EQ(g_lookups_localhost.load(), 0) << "a resolver decided where " << name << " is";
  }
  server.stop();
}

}  // namespace
}  // namespace flameup::engine_test

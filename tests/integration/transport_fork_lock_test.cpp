// fork() while another thread is inside libcurl's global-lock sections (curl_global_init,
// curl_easy_init, curl_multi_init). A program of its own: it replaces those three functions
// for the whole process (the definitions below, in the executable, take precedence over
// libcurl's) with versions that can hold a caller inside until the test lets it go.
//
// The test's own pthread_atfork prepare handler lets the held caller go. Prepare handlers
// run in reverse order of registration, so it runs before the SDK's (registered earlier, by
// the first Client): if the SDK makes fork() wait for those sections, the held call has
// returned by the time the process is copied, and the child knows it.

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "child_process.hpp"
#include "engine_test_support.hpp"

namespace {

enum class Section { none, global_init, easy_init, multi_init };

// One held call at a time: the section to hold, and where the held call is.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  // Atomic, and checked before `mu` is taken: the child disarms it first thing, so its own
  // libcurl calls never touch a mutex the fork may have copied locked.
  std::atomic<Section> armed{Section::none};
  bool entered = false;
  bool released = false;
  std::atomic<bool> returned{false};  // read by the child, with no lock
};
Gate g_gate;

void enter(Section section) {
  if (g_gate.armed.load() != section) return;
  std::unique_lock<std::mutex> lock(g_gate.mu);
  if (g_gate.armed != section || g_gate.entered) return;
  g_gate.entered = true;
  g_gate.cv.notify_all();
  g_gate.cv.wait(lock, [] { return g_gate.released; });
}

void leave(Section section) {
  if (g_gate.armed.load() != section) return;
  std::lock_guard<std::mutex> lock(g_gate.mu);
  if (g_gate.armed == section && g_gate.entered) g_gate.returned = true;
}

// The test's prepare handler: lets the held call go on, before the SDK's handler waits for it.
void release_held_call() noexcept {
  {
    std::lock_guard<std::mutex> lock(g_gate.mu);
    g_gate.released = true;
  }
  g_gate.cv.notify_all();
}

template <typename Function>
Function real(const char* name) {
  return reinterpret_cast<Function>(::dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" CURLcode curl_global_init(long flags) {
  static const auto next = real<CURLcode (*)(long)>("curl_global_init");
  enter(Section::global_init);
  const CURLcode code = next(flags);
  leave(Section::global_init);
  return code;
}

extern "C" CURL* curl_easy_init() {
  static const auto next = real<CURL* (*)()>("curl_easy_init");
  enter(Section::easy_init);
  CURL* easy = next();
  leave(Section::easy_init);
  return easy;
}

extern "C" CURLM* curl_multi_init() {
  static const auto next = real<CURLM* (*)()>("curl_multi_init");
  enter(Section::multi_init);
  CURLM* multi = next();
  leave(Section::multi_init);
  return multi;
}

namespace flameup::engine_test {
namespace {

using testing::fork_child;
using testing::wait_child;

class TransportForkLock : public EngineEmulatorTest {
 protected:
  // Forks while `g_gate` holds a caller inside @p section (brought there by @p start, on
  // another thread). The child reports whether the held call had returned before the copy,
  // then tracks one event with a client of its own.
  void fork_inside(Section section, const std::function<void()>& start) {
    {
      std::lock_guard<std::mutex> lock(g_gate.mu);
      g_gate.entered = false;
      g_gate.released = false;
      g_gate.returned = false;
      g_gate.armed = section;
    }
    std::thread holder(start);
    {
      std::unique_lock<std::mutex> lock(g_gate.mu);
      ASSERT_TRUE(g_gate.cv.wait_for(lock, 10s, [] { return g_gate.entered; }))
          << "the section was never entered";
    }
    const ClientOptions child_options = options();
    const pid_t pid = fork_child([&] {
      g_gate.armed = Section::none;
      if (!g_gate.returned.load()) return 1;
      Client client(child_options);
      return client.track(event(100)).ok() ? 0 : 2;
    });
    holder.join();
    g_gate.armed = Section::none;
    ASSERT_GT(pid, 0);
    const auto code = wait_child(pid, 20s);
    ASSERT_TRUE(code.has_value()) << "the child hung (killed after 20 s)";
    if (*code == 1) {
      ADD_FAILURE() << "fork() did not wait for the call in progress on another thread";
    } else {
      EXPECT_EQ(*code, 0) << "the child could not track";
    }
  }
};

// One test: libcurl's global initialisation happens once per process, so the three sections
// are held in that order.
TEST_F(TransportForkLock, ForkWaitsForEveryLibcurlGlobalLockSection) {
  // The SDK registers its fork handlers when the first client is built; the test's runs
  // first because it is registered after.
  { Client first(options()); }
  static const bool registered =
      ::pthread_atfork(&release_held_call, nullptr, nullptr) == 0;
  ASSERT_TRUE(registered);

  SCOPED_TRACE("curl_global_init");
  fork_inside(Section::global_init, [this] {
    Client client(options());
    EXPECT_TRUE(client.track(event(1)).ok());
  });
  SCOPED_TRACE("curl_easy_init");
  fork_inside(Section::easy_init, [this] {
    Client client(options());
    EXPECT_TRUE(client.track(event(2)).ok());
  });
  SCOPED_TRACE("curl_multi_init");
  Client async(options());
  fork_inside(Section::multi_init, [&] { EXPECT_TRUE(async.enqueue(event(3)).accepted()); });
  EXPECT_TRUE(async.flush(5s));
  EXPECT_EQ(server().event_count(), 6u) << "events 1, 2 and 3, and one per child";
}

}  // namespace
}  // namespace flameup::engine_test

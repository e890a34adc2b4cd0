#pragma once
// The SDK's own DNS resolver: a small fixed pool of threads for the whole process, so that a
// stuck lookup costs a bounded number of threads whatever the number of clients and close()
// calls. (libcurl's threaded resolver starts one thread per transfer and, so that close()
// can keep its deadline, such a thread has to be abandoned while getaddrinfo is stuck.)
//
// Lookups of the same name share one getaddrinfo call; an answer is kept for a bounded time;
// a failure is not kept (the next request asks again). Callers never block on the pool: they
// wait on the lookup with a deadline of their own, or are told when it is done. The pool's
// threads end after a while without work. A forked child gets a fresh resolver (the parent's
// threads do not exist there, and its locks may have been copied held).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace flameup::detail {

/// One lookup of one host name, pending or done. Shared by every request waiting for it.
class HostLookup {
 public:
  explicit HostLookup(std::string host) : host_(std::move(host)) {}

  const std::string& host() const noexcept { return host_; }
  /// True once the answer (addresses or an error) is in.
  bool done() const;
  /// Waits until done() or @p deadline; returns done().
  bool wait_until(std::chrono::steady_clock::time_point deadline) const;
  /// Once done: the addresses ("127.0.0.1", "::1"), empty when the lookup failed.
  std::vector<std::string> addresses() const;
  /// Once done: why there are no addresses ("Name or service not known"), else empty.
  std::string error() const;
  /// Calls @p notify (on a resolver thread) when the lookup is done, or at once if it is.
  /// Must not block: it is called with no lock held, but holds up the next lookup.
  void when_done(std::function<void()> notify);

 private:
  friend class HostResolver;
  void finish(std::vector<std::string> addresses, std::string error);

  const std::string host_;
  mutable std::mutex mutex_;
  mutable std::condition_variable finished_;
  bool done_ = false;
  std::chrono::steady_clock::time_point done_at_;
  std::vector<std::string> addresses_;
  std::string error_;
  std::vector<std::function<void()>> notify_;
};

class HostResolver {
 public:
  /// At most this many threads resolve names at once, in the whole process.
  static constexpr int kMaxThreads = 2;
  /// How long an answer is reused before the name is looked up again.
  static constexpr std::chrono::seconds kAnswerLifetime{30};
  /// How long an idle resolver thread waits for work before it ends.
  static constexpr std::chrono::seconds kIdleThreadLifetime{5};

  /// This process's resolver (a fresh one in a forked child). Never destroyed: a thread may
  /// still be inside getaddrinfo when the process exits.
  static HostResolver& instance();

  /// The lookup of @p host: a kept answer, the pending lookup of the same name, or a new
  /// lookup queued for the pool. When no resolver thread exists and none can be started, the
  /// lookup comes back done, with that as its error. Throws only std::bad_alloc.
  std::shared_ptr<HostLookup> lookup(const std::string& host);

  /// How many getaddrinfo calls this resolver has queued so far (for tests: each client's
  /// request for a name nobody else is resolving adds one).
  std::uint64_t lookups_queued() const;

 private:
  explicit HostResolver(std::uint64_t generation) : generation_(generation) {}
  std::shared_ptr<HostLookup> queue(const std::string& host);
  void forget_done_entries();
  void work();
  static void resolve(HostLookup& lookup);

  const std::uint64_t generation_;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<std::shared_ptr<HostLookup>> queue_;
  std::unordered_map<std::string, std::shared_ptr<HostLookup>> lookups_;  // by host
  int threads_ = 0;
  int idle_threads_ = 0;
  std::uint64_t queued_ = 0;
};

}  // namespace flameup::detail

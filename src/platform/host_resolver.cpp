#include "platform/host_resolver.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "platform/fork_guard.hpp"

namespace flameup::detail {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Names one process talks to are few (one API host, in practice): past this, answers that
// are done are forgotten before a new name is added.
constexpr std::size_t kMaxNames = 64;

// The current process's resolver; a forked child replaces its parent's (which it leaks).
std::atomic<HostResolver*> g_resolver{nullptr};

// The numeric form of one address getaddrinfo returned, or empty.
std::string numeric_host(const addrinfo& entry) {
  char text[NI_MAXHOST] = {};
  if (::getnameinfo(entry.ai_addr, entry.ai_addrlen, text, sizeof text, nullptr, 0,
                    NI_NUMERICHOST) != 0) {
    return {};
  }
  return text;
}

}  // namespace

bool HostLookup::done() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return done_;
}

bool HostLookup::wait_until(SteadyClock::time_point deadline) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return finished_.wait_until(lock, deadline, [this] { return done_; });
}

std::vector<std::string> HostLookup::addresses() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return addresses_;
}

std::string HostLookup::error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

void HostLookup::when_done(std::function<void()> notify) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!done_) {
      notify_.push_back(std::move(notify));
      return;
    }
  }
  notify();
}

void HostLookup::finish(std::vector<std::string> addresses, std::string error) {
  std::vector<std::function<void()>> notify;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    addresses_ = std::move(addresses);
    error_ = std::move(error);
    done_at_ = SteadyClock::now();
    done_ = true;
    notify.swap(notify_);
  }
  finished_.notify_all();
  for (const auto& wake : notify) wake();
}

HostResolver& HostResolver::instance() {
  const std::uint64_t generation = fork_generation_registered();
  HostResolver* current = g_resolver.load(std::memory_order_acquire);
  while (current == nullptr || current->generation_ != generation) {
    auto* fresh = new HostResolver(generation);
    if (g_resolver.compare_exchange_strong(current, fresh, std::memory_order_acq_rel)) {
      return *fresh;  // the parent's, in a forked child, is leaked on purpose (see header)
    }
    delete fresh;  // another thread of this process installed one first
  }
  return *current;
}

std::shared_ptr<HostLookup> HostResolver::lookup(const std::string& host) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto known = lookups_.find(host);
  if (known != lookups_.end()) {
    const HostLookup& lookup = *known->second;
    std::lock_guard<std::mutex> state(lookup.mutex_);
    const bool fresh = lookup.error_.empty() &&
                       SteadyClock::now() - lookup.done_at_ < kAnswerLifetime;
    if (!lookup.done_ || fresh) return known->second;
  }
  return queue(host);
}

// Called with mutex_ held.
std::shared_ptr<HostLookup> HostResolver::queue(const std::string& host) {
  auto lookup = std::make_shared<HostLookup>(host);
  if (lookups_.size() >= kMaxNames) forget_done_entries();
  lookups_[host] = lookup;
  queue_.push_back(lookup);
  ++queued_;
  // A thread for each queued name no idle thread will take, up to the bound: one stuck name
  // must not hold up another while the pool has room.
  if (static_cast<std::size_t>(idle_threads_) < queue_.size() && threads_ < kMaxThreads) {
    try {
      std::thread([this] { work(); }).detach();
      ++threads_;
    } catch (...) {
      // Without a thread nothing would ever answer: fail now rather than leave it pending
      // (a thread that already exists answers it in turn).
      if (threads_ == 0) {
        queue_.pop_back();
        lookups_.erase(host);
        lookup->finish({}, "could not start a resolver thread");
      }
    }
  }
  work_ready_.notify_one();
  return lookup;
}

void HostResolver::forget_done_entries() {
  for (auto it = lookups_.begin(); it != lookups_.end();) {
    it = it->second->done() ? lookups_.erase(it) : std::next(it);
  }
}

std::uint64_t HostResolver::lookups_queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queued_;
}

void HostResolver::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ++idle_threads_;
    const bool has_work =
        work_ready_.wait_for(lock, kIdleThreadLifetime, [this] { return !queue_.empty(); });
    --idle_threads_;
    if (!has_work) {
      --threads_;  // idle too long: the next lookup starts a thread again
      return;
    }
    const std::shared_ptr<HostLookup> next = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    resolve(*next);
    lock.lock();
  }
}

void HostResolver::resolve(HostLookup& lookup) {
  std::vector<std::string> addresses;
  std::string error;
  try {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int code = ::getaddrinfo(lookup.host().c_str(), nullptr, &hints, &found);
    if (code != 0) {
      error = ::gai_strerror(code);
    } else {
      for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
        std::string address = numeric_host(*entry);
        if (!address.empty() &&
            std::find(addresses.begin(), addresses.end(), address) == addresses.end()) {
          addresses.push_back(std::move(address));
        }
      }
      ::freeaddrinfo(found);
      if (addresses.empty()) error = "no address";
    }
  } catch (...) {
    addresses.clear();
    error = "out of memory";
  }
  lookup.finish(std::move(addresses), std::move(error));
}

}  // namespace flameup::detail

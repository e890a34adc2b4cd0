#include "http/curl_multi_transport.hpp"

#include <algorithm>
#include <climits>
#include <mutex>

#include "http/curl_global.hpp"
#include "http/host_pinning.hpp"
#include "platform/fork_guard.hpp"

namespace flameup::detail {
namespace {

AsyncTransport::Completion failed(AsyncTransport::Tag tag, TransportStatus status,
                                  const char* message) {
  AsyncTransport::Completion completion;
  completion.tag = tag;
  completion.response.transport = status;
  completion.response.transport_message = message;
  return completion;
}

AsyncTransport::Completion aborted(AsyncTransport::Tag tag, HttpResponse response) {
  AsyncTransport::Completion completion;
  completion.tag = tag;
  completion.response = std::move(response);
  completion.response.transport = TransportStatus::aborted;
  completion.response.transport_message = "aborted: the client was closed";
  return completion;
}

}  // namespace

struct CurlMultiTransport::Waker {
  std::mutex mutex;
  CURLM* multi = nullptr;

  void wake() {
    std::lock_guard<std::mutex> lock(mutex);
    if (multi != nullptr) curl_multi_wakeup(multi);
  }
  void detach() {
    std::lock_guard<std::mutex> lock(mutex);
    multi = nullptr;
  }
};

CurlMultiTransport::CurlMultiTransport(const ClientOptions& options, const BaseUrl& base)
    : owner_(fork_generation_registered()),
      settings_(options, base),
      max_free_handles_(static_cast<std::size_t>(std::max(options.max_in_flight, 1))) {
  multi_ = new_multi_handle();
  if (multi_ == nullptr) return;
  waker_ = std::make_shared<Waker>();
  waker_->multi = multi_;
  // At most max_in_flight connections to the API host; over HTTP/2 they multiplex instead.
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(std::max(options.max_in_flight, 1)));
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
}

CurlMultiTransport::~CurlMultiTransport() {
  // A forked child's copy: the multi handle's connection cache holds the parent's sockets.
  // Leaked, and so are the easy handles (their destructors check the same).
  if (owner_ != fork_generation()) return;
  // A lookup finishing from now on must not wake a multi handle that is gone.
  if (waker_) waker_->detach();
  resolving_.clear();
  for (auto& [easy, transfer] : active_) curl_multi_remove_handle(multi_, easy);
  active_.clear();  // easy handles first: the multi handle must outlive none of them in use
  free_.clear();
  if (multi_ != nullptr) curl_multi_cleanup(multi_);
}

std::unique_ptr<CurlHandle> CurlMultiTransport::take_handle() {
  if (!free_.empty()) {
    auto handle = std::move(free_.back());
    free_.pop_back();
    return handle;
  }
  auto handle = CurlHandle::create(settings_);
  // Over TLS, ALPN tells at handshake time whether HTTP/2 is on: waiting for that answer lets
  // requests share one multiplexed connection. Plain http (loopback) is HTTP/1.1 and would
  // only confirm after a response, so waiting there would queue requests behind a slow one.
  if (handle && !settings_.allow_http) curl_easy_setopt(handle->get(), CURLOPT_PIPEWAIT, 1L);
  return handle;
}

void CurlMultiTransport::recycle(std::unique_ptr<CurlHandle> handle) {
  if (free_.size() < max_free_handles_) free_.push_back(std::move(handle));
}

void CurlMultiTransport::start(Tag tag, HttpRequest request) {
  try {
    if (multi_ == nullptr) {
      not_started_.push_back(
          failed(tag, TransportStatus::internal, "libcurl could not be initialised"));
      return;
    }
    auto transfer = std::make_unique<Transfer>();
    transfer->tag = tag;
    transfer->request = std::move(request);
    transfer->handle = take_handle();
    if (!transfer->handle || !transfer->handle->prepare(transfer->request)) {
      not_started_.push_back(
          failed(tag, TransportStatus::internal, "could not set up the request"));
      return;
    }
    if (settings_.lookup_host.empty()) {
      add(std::move(transfer));
    } else {
      wait_for_host(std::move(transfer));
    }
  } catch (...) {
    // Out of memory: if even this push fails, in_flight() stays consistent (nothing added).
    try {
      not_started_.push_back(failed(tag, TransportStatus::internal, "out of memory"));
    } catch (...) {
    }
  }
}

void CurlMultiTransport::add(std::unique_ptr<Transfer> transfer) {
  CURL* easy = transfer->handle->get();
  if (curl_multi_add_handle(multi_, easy) != CURLM_OK) {
    transfer->handle->finish(CURLE_FAILED_INIT);
    not_started_.push_back(
        failed(transfer->tag, TransportStatus::internal, "could not start the request"));
    return;
  }
  active_.emplace(easy, std::move(transfer));
}

// The engine's thread never waits for a lookup: the transfer waits in resolving_, and the
// lookup wakes poll() when it is done.
void CurlMultiTransport::wait_for_host(std::unique_ptr<Transfer> transfer) {
  std::shared_ptr<HostLookup> lookup = HostResolver::instance().lookup(settings_.lookup_host);
  if (lookup != watched_) {
    // Once per lookup, however many transfers wait for it.
    watched_ = lookup;
    lookup->when_done([waker = waker_] { waker->wake(); });
  }
  resolving_.push_back(Resolving{std::move(transfer), std::move(lookup), lookup_deadline(settings_)});
  if (resolving_.back().lookup->done()) advance_lookups();
}

// Starts the transfers whose name is resolved; fails those whose lookup failed or ran out of
// time (reported by the next poll(), like any transfer that could not start).
void CurlMultiTransport::advance_lookups() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = resolving_.begin(); it != resolving_.end();) {
    if (it->lookup->done()) {
      if (auto unresolved = pin_to_answer(*it->transfer->handle, settings_, *it->lookup)) {
        fail(std::move(it->transfer), std::move(*unresolved));
      } else {
        add(std::move(it->transfer));
      }
    } else if (now >= it->deadline) {
      fail(std::move(it->transfer), lookup_timed_out(settings_));
    } else {
      ++it;
      continue;
    }
    it = resolving_.erase(it);
  }
}

void CurlMultiTransport::fail(std::unique_ptr<Transfer> transfer, HttpResponse response) {
  transfer->handle->finish(CURLE_COULDNT_RESOLVE_HOST);  // forgets the request's buffers
  Completion completion;
  completion.tag = transfer->tag;
  completion.response = std::move(response);
  not_started_.push_back(std::move(completion));
  recycle(std::move(transfer->handle));
}

std::chrono::milliseconds CurlMultiTransport::until_next_lookup_deadline(
    std::chrono::milliseconds max_wait) const {
  const auto now = std::chrono::steady_clock::now();
  for (const Resolving& waiting : resolving_) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(waiting.deadline - now);
    max_wait = std::min(max_wait, std::max(left, std::chrono::milliseconds(0)));
  }
  return max_wait;
}

void CurlMultiTransport::take_not_started(std::vector<Completion>& done) {
  for (auto& completion : not_started_) done.push_back(std::move(completion));
  not_started_.clear();
}

void CurlMultiTransport::collect(std::vector<Completion>& done) {
  int remaining = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &remaining)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;
    const auto it = active_.find(easy);
    if (it == active_.end()) continue;
    curl_multi_remove_handle(multi_, easy);
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    active_.erase(it);
    Completion completion;
    completion.tag = transfer->tag;
    completion.response = transfer->handle->finish(code);
    done.push_back(std::move(completion));
    recycle(std::move(transfer->handle));
  }
}

void CurlMultiTransport::poll(std::chrono::milliseconds max_wait, std::vector<Completion>& done) {
  const std::size_t before = done.size();
  advance_lookups();
  take_not_started(done);
  if (multi_ == nullptr) return;

  int running = 0;
  curl_multi_perform(multi_, &running);
  collect(done);
  if (done.size() > before) return;

  // Returns early on socket activity, on libcurl's own timers, on wakeup(), or when a lookup
  // is done; no later than the first lookup's deadline.
  const auto wait_ms =
      std::clamp<long long>(until_next_lookup_deadline(max_wait).count(), 0, INT_MAX);
  curl_multi_poll(multi_, nullptr, 0, static_cast<int>(wait_ms), nullptr);
  advance_lookups();
  take_not_started(done);
  curl_multi_perform(multi_, &running);
  collect(done);
}

void CurlMultiTransport::wakeup() {
  if (multi_ != nullptr) curl_multi_wakeup(multi_);
}

void CurlMultiTransport::abort_all(std::vector<Completion>& done) {
  take_not_started(done);
  for (Resolving& waiting : resolving_) {
    // Nothing of it reached libcurl: the lookup goes on for whoever else needs the name.
    Transfer& transfer = *waiting.transfer;
    done.push_back(aborted(transfer.tag, transfer.handle->finish(CURLE_ABORTED_BY_CALLBACK)));
    recycle(std::move(transfer.handle));
  }
  resolving_.clear();
  for (auto& [easy, transfer] : active_) {
    // With CURLOPT_QUICK_EXIT, removing a handle stuck in libcurl's own resolver (behind a
    // proxy) does not wait for it.
    curl_multi_remove_handle(multi_, easy);
    done.push_back(aborted(transfer->tag, transfer->handle->finish(CURLE_ABORTED_BY_CALLBACK)));
    recycle(std::move(transfer->handle));
  }
  active_.clear();
}

}  // namespace flameup::detail

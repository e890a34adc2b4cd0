#pragma once
// The AsyncTransport behind the delivery engine: many transfers on one libcurl multi handle,
// driven by a single thread. Finished easy handles go back to a free list and the multi
// handle keeps the connection cache, so connections (and HTTP/2 streams over one TLS
// connection, where the server offers it) are reused across events.

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "http/curl_handle.hpp"
#include "http/transport.hpp"
#include "platform/host_resolver.hpp"

namespace flameup::detail {

class CurlMultiTransport final : public AsyncTransport {
 public:
  /// @p base: the client's parsed `options.base_url`.
  CurlMultiTransport(const ClientOptions& options, const BaseUrl& base);
  /// In a forked child, touches none of the parent's connections (see ~CurlHandle).
  ~CurlMultiTransport() override;
  CurlMultiTransport(const CurlMultiTransport&) = delete;
  CurlMultiTransport& operator=(const CurlMultiTransport&) = delete;

  void start(Tag tag, HttpRequest request) override;
  void poll(std::chrono::milliseconds max_wait, std::vector<Completion>& done) override;
  void wakeup() override;
  void abort_all(std::vector<Completion>& done) override;
  std::size_t in_flight() const override {
    return active_.size() + resolving_.size() + not_started_.size();
  }

 private:
  struct Transfer {
    Tag tag = 0;
    HttpRequest request;  // owns the URL, body and header strings libcurl points into
    std::unique_ptr<CurlHandle> handle;
  };

  // A transfer waiting for the SDK's resolver (host_pinning.hpp): it joins the multi handle
  // once the name is resolved, or completes as failed.
  struct Resolving {
    std::unique_ptr<Transfer> transfer;
    std::shared_ptr<HostLookup> lookup;
    std::chrono::steady_clock::time_point deadline;  // connect_timeout after start()
  };
  // Lets a resolver thread end a poll() early; detached before the multi handle goes.
  struct Waker;

  std::unique_ptr<CurlHandle> take_handle();
  void recycle(std::unique_ptr<CurlHandle> handle);
  void add(std::unique_ptr<Transfer> transfer);
  void wait_for_host(std::unique_ptr<Transfer> transfer);
  void advance_lookups();
  void fail(std::unique_ptr<Transfer> transfer, HttpResponse response);
  std::chrono::milliseconds until_next_lookup_deadline(std::chrono::milliseconds max_wait) const;
  void take_not_started(std::vector<Completion>& done);
  void collect(std::vector<Completion>& done);

  std::uint64_t owner_;  // fork generation of the process that created it
  CurlSettings settings_;
  std::size_t max_free_handles_;
  CURLM* multi_ = nullptr;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active_;
  std::vector<std::unique_ptr<CurlHandle>> free_;
  std::vector<Resolving> resolving_;
  std::shared_ptr<Waker> waker_;
  std::shared_ptr<HostLookup> watched_;  // the lookup that wakes this transport when done
  // Transfers that could not even start: reported as failed by the next poll() so the
  // caller sees every start() complete exactly once, through the same path.
  std::vector<Completion> not_started_;
};

}  // namespace flameup::detail

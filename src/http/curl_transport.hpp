#pragma once
// The synchronous libcurl Transport behind Client::track: a pool of configured easy handles.
// A calling thread takes an idle handle (or makes one), runs the transfer, and gives it back,
// so each handle's kept-alive connection is reused by the next call.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "http/curl_handle.hpp"
#include "http/transport.hpp"

namespace flameup::detail {

class CurlTransport final : public Transport {
 public:
  /// @p base: the client's parsed `options.base_url`.
  CurlTransport(const ClientOptions& options, const BaseUrl& base);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpResponse send(const HttpRequest& request) override;

 private:
  // The idle handles of one process. After fork() the child must not touch its parent's
  // connections (a TLS session shared by two processes corrupts both) nor a mutex another
  // thread may have held at fork time: it starts a fresh pool and leaks the old one.
  struct Pool {
    // The fork generation (fork_guard.hpp) it belongs to: comparing it costs one atomic load
    // per send, where getpid() was a system call.
    explicit Pool(std::uint64_t owner) : generation(owner) {}
    const std::uint64_t generation;
    std::mutex mutex;
    std::vector<std::unique_ptr<CurlHandle>> idle;
  };

  Pool* current_pool();
  std::unique_ptr<CurlHandle> take(Pool& pool);
  // Pins @p handle to the SDK resolver's answer for the API's name; the response to return
  // instead when there is none in time.
  std::optional<HttpResponse> resolve(CurlHandle& handle);
  void give_back(Pool& pool, std::unique_ptr<CurlHandle> handle);

  CurlSettings settings_;
  std::atomic<Pool*> pool_;
};

}  // namespace flameup::detail

#include "http/curl_transport.hpp"

#include "http/host_pinning.hpp"
#include "platform/fork_guard.hpp"
#include "platform/host_resolver.hpp"

namespace flameup::detail {
namespace {

// Idle handles beyond this are closed: a burst of many threads should not pin as many
// connections forever.
constexpr std::size_t kMaxIdleHandles = 16;

HttpResponse failure(TransportStatus status, const char* message) {
  HttpResponse response;
  response.transport = status;
  response.transport_message = message;
  return response;
}

}  // namespace

CurlTransport::CurlTransport(const ClientOptions& options, const BaseUrl& base)
    : settings_(options, base), pool_(new Pool(fork_generation_registered())) {}

CurlTransport::~CurlTransport() {
  Pool* pool = pool_.load();
  // A forked child that never sent still holds its parent's pool: leaked on purpose, like
  // the one current_pool() replaces (its connections are the parent's).
  if (pool->generation == fork_generation()) delete pool;
}

CurlTransport::Pool* CurlTransport::current_pool() {
  Pool* pool = pool_.load(std::memory_order_acquire);
  const std::uint64_t self = fork_generation();
  if (pool->generation == self) return pool;
  auto fresh = std::make_unique<Pool>(self);
  if (pool_.compare_exchange_strong(pool, fresh.get(), std::memory_order_acq_rel)) {
    return fresh.release();  // the parent's pool is deliberately leaked (see Pool)
  }
  return pool;  // another thread of this child installed one first
}

std::unique_ptr<CurlHandle> CurlTransport::take(Pool& pool) {
  {
    std::lock_guard<std::mutex> lock(pool.mutex);
    if (!pool.idle.empty()) {
      auto handle = std::move(pool.idle.back());
      pool.idle.pop_back();
      return handle;
    }
  }
  return CurlHandle::create(settings_);
}

void CurlTransport::give_back(Pool& pool, std::unique_ptr<CurlHandle> handle) {
  std::lock_guard<std::mutex> lock(pool.mutex);
  if (pool.idle.size() < kMaxIdleHandles) pool.idle.push_back(std::move(handle));
}

// track() blocks its caller anyway: it waits for the process's resolver, up to
// connect_timeout, as it would for libcurl's.
std::optional<HttpResponse> CurlTransport::resolve(CurlHandle& handle) {
  const std::shared_ptr<HostLookup> lookup = HostResolver::instance().lookup(settings_.lookup_host);
  if (!lookup->wait_until(lookup_deadline(settings_))) return lookup_timed_out(settings_);
  return pin_to_answer(handle, settings_, *lookup);
}

HttpResponse CurlTransport::send(const HttpRequest& request) {
  Pool& pool = *current_pool();
  auto handle = take(pool);
  if (!handle) {
    return failure(TransportStatus::internal, "libcurl could not be initialised or create a handle");
  }
  if (!settings_.lookup_host.empty()) {
    if (std::optional<HttpResponse> unresolved = resolve(*handle)) {
      give_back(pool, std::move(handle));
      return std::move(*unresolved);
    }
  }
  if (!handle->prepare(request)) {
    handle->finish(CURLE_OUT_OF_MEMORY);
    give_back(pool, std::move(handle));
    return failure(TransportStatus::internal, "could not set up the request");
  }
  const CURLcode code = curl_easy_perform(handle->get());
  HttpResponse response = handle->finish(code);
  give_back(pool, std::move(handle));
  return response;
}

}  // namespace flameup::detail

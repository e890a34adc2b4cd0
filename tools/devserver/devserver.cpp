// flameup::devserver::Server: lifecycle (start/stop/restart) and the wiring of httplib to the
// routes. The routes themselves live in track_route.cpp and list_route.cpp.
#include "devserver.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <utility>

#include <httplib.h>

#include "http_date.hpp"
#include "http_replies.hpp"
#include "listen_backlog.hpp"
#include "prompt_stop_server.hpp"
#include "routes.hpp"
#include "server_state.hpp"

namespace flameup::devserver {
namespace {

constexpr std::size_t kKeepAliveMaxCount = 10000;
constexpr std::size_t kMaxRequestBytes = 8 * 1024 * 1024;
constexpr time_t kReadTimeoutS = 5;
constexpr time_t kWriteTimeoutS = 5;
// Matches any workspace segment; the handlers cut the real one from the raw target.
constexpr const char kEventsRoute[] = R"(/api/v1/workspaces/.+/events)";

bool uses_tls(const ServerOptions& options) {
  return !options.tls_cert_path.empty() && !options.tls_key_path.empty();
}

}  // namespace

struct Server::Impl {
  explicit Impl(ServerOptions options) : state(std::move(options)) {}

  std::unique_ptr<httplib::Server> make_http_server() const;
  void configure(httplib::Server& http);
  int bind(httplib::Server& http) const;
  void release_run_resources();

  detail::ServerState state;
  std::mutex lifecycle_mutex;  // start/stop/port, one at a time
  std::unique_ptr<httplib::Server> http;
  std::thread thread;
  int wake_pipe[2] = {-1, -1};
  int bound_port = -1;  // kept across stop() so that a restart reuses it
  bool store_opened = false;
};

std::unique_ptr<httplib::Server> Server::Impl::make_http_server() const {
  const ServerOptions& options = state.options;
  if (uses_tls(options)) {
    auto tls = std::make_unique<httplib::SSLServer>(options.tls_cert_path.c_str(),
                                                    options.tls_key_path.c_str());
    if (!tls->is_valid()) return nullptr;
    return tls;
  }
  return std::make_unique<detail::PromptStopServer>(wake_pipe[0]);
}

void Server::Impl::configure(httplib::Server& server) {
  detail::ServerState& shared = state;
  // Every answer says the server's time, shifted by clock_offset (httplib adds no Date).
  const auto stamp_date = [&shared](httplib::Response& res) {
    if (res.has_header("Date")) return;
    res.set_header("Date", detail::http_date(std::chrono::system_clock::now() +
                                             shared.options.clock_offset));
  };
  server.Post(kEventsRoute, [&shared, stamp_date](const httplib::Request& req,
                                                  httplib::Response& res) {
    detail::handle_track(shared, req, res);
    stamp_date(res);
  });
  server.Get(kEventsRoute, [&shared, stamp_date](const httplib::Request& req,
                                                 httplib::Response& res) {
    detail::handle_list(shared, req, res);
    stamp_date(res);
  });
  // httplib calls this for every status >= 400; only answers that no route produced (they
  // lack X-Request-Id) get the service's 404 body.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [&shared, stamp_date](const httplib::Request&, httplib::Response& res) {
        stamp_date(res);
        if (res.has_header("X-Request-Id")) return httplib::Server::HandlerResponse::Unhandled;
        const std::string request_id = shared.ids.next("req_");
        res.set_header("X-Request-Id", request_id);
        if (res.status == 404) detail::reply_not_found(res, request_id);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        detail::reply_json(res, 500, {{"error", "Internal error"}});
      });
  const auto threads = static_cast<std::size_t>(std::max(1, state.options.worker_threads));
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // httplib writes headers and body with separate sends: without TCP_NODELAY the body waits
  // for the client's delayed ACK (40 ms per request on Linux).
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(kKeepAliveMaxCount);
  server.set_keep_alive_timeout(std::max(1, state.options.keep_alive_timeout_s));
  server.set_read_timeout(kReadTimeoutS);
  server.set_write_timeout(kWriteTimeoutS);
  server.set_payload_max_length(kMaxRequestBytes);
}

int Server::Impl::bind(httplib::Server& server) const {
  const std::string& host = state.options.host;
  const int wanted = bound_port > 0 ? bound_port : state.options.port;
  if (wanted > 0) return server.bind_to_port(host, wanted) ? wanted : -1;
  return server.bind_to_any_port(host);
}

void Server::Impl::release_run_resources() {
  http.reset();
  for (int& fd : wake_pipe) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { stop(); }

int Server::start() {
  std::lock_guard<std::mutex> lock(impl_->lifecycle_mutex);
  Impl& impl = *impl_;
  if (impl.http) return impl.bound_port;
  if (!impl.store_opened && !impl.state.options.store_path.empty()) {
    if (!impl.state.store.open(impl.state.options.store_path)) return -1;
    impl.store_opened = true;
  }
  if (::pipe2(impl.wake_pipe, O_CLOEXEC) != 0) return -1;
  impl.state.release.reset();
  impl.http = impl.make_http_server();
  if (!impl.http) {
    impl.release_run_resources();
    return -1;
  }
  impl.configure(*impl.http);
  const int port = impl.bind(*impl.http);
  if (port <= 0) {
    impl.release_run_resources();
    return -1;
  }
  impl.bound_port = port;
  // httplib listens with a backlog of 5; best effort (see listen_backlog.hpp).
  raise_listen_backlog(port);
  auto exited = std::make_shared<std::atomic<bool>>(false);
  httplib::Server* http = impl.http.get();
  impl.thread = std::thread([http, exited] {
    http->listen_after_bind();
    *exited = true;
  });
  // httplib's stop() does nothing until the accept loop runs: wait for it (microseconds).
  while (!http->is_running() && !*exited) std::this_thread::yield();
  return port;
}

void Server::stop() {
  std::lock_guard<std::mutex> lock(impl_->lifecycle_mutex);
  Impl& impl = *impl_;
  if (!impl.http) return;
  // The pipe first: from now on every connection stream refuses to write (the pipe stays
  // readable), so a handler released below cannot answer; its client sees the connection drop.
  const char wake = 's';
  [[maybe_unused]] const ssize_t written = ::write(impl.wake_pipe[1], &wake, 1);
  impl.state.release.stop();  // wakes handlers held by faults
  impl.http->stop();
  if (impl.thread.joinable()) impl.thread.join();
  impl.release_run_resources();
}

int Server::port() const {
  std::lock_guard<std::mutex> lock(impl_->lifecycle_mutex);
  return impl_->bound_port;
}

std::string Server::base_url() const {
  const char* scheme = uses_tls(impl_->state.options) ? "https://" : "http://";
  return scheme + impl_->state.options.host + ":" + std::to_string(port()) + "/api/v1";
}

void Server::add_fault(Fault fault) { impl_->state.faults.add(std::move(fault)); }

void Server::clear_faults() {
  impl_->state.faults.clear();
  impl_->state.release.release();
}

void Server::set_rate_limit_headers(std::optional<long> remaining,
                                    std::optional<std::int64_t> reset_unix) {
  impl_->state.set_rate_override({remaining, reset_unix});
}

std::vector<RecordedEvent> Server::events() const { return impl_->state.store.all(); }

std::size_t Server::event_count() const { return impl_->state.store.size(); }

std::vector<ReceivedRequest> Server::requests() const { return impl_->state.requests.kept(); }

std::size_t Server::request_count() const { return impl_->state.requests.count(); }

bool Server::wait_for_events(std::size_t n, std::chrono::milliseconds timeout) const {
  return impl_->state.store.wait_for(n, timeout);
}

std::size_t Server::duplicate_count() const { return impl_->state.store.duplicates(); }

bool Server::wait_for_duplicates(std::size_t n, std::chrono::milliseconds timeout) const {
  return impl_->state.store.wait_for_duplicates(n, timeout);
}

bool Server::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const {
  return impl_->state.requests.wait_for(n, timeout);
}

}  // namespace flameup::devserver

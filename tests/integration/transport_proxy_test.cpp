// A loopback base URL is never proxied: not through options.proxy, not through any proxy
// variable libcurl reads from the environment, whatever NO_PROXY says. Over http:// a proxy
// would receive the whole request, Authorization header included, in clear text (and it
// could not reach this machine's loopback anyway). The "proxy" is a socket-level fake that
// counts connections; the emulator must get every event and the fake nothing.
//
// A program of its own: it sets proxy variables in the environment of the whole process.

#include <stdlib.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core_test_support.hpp"
#include "tls_emulator_fixture.hpp"

using namespace std::chrono_literals;
using flameup::Client;
using flameup::ClientOptions;
using flameup::core_test::EmulatorTest;
using flameup::core_test::fast_options;
using flameup::testing::RawHttpServer;

namespace {

// Every proxy variable libcurl reads (it ignores upper-case HTTP_PROXY for http://, but a
// test of "no variable matters" sets it anyway), and the two that exempt hosts.
const char* const kProxyVariables[] = {"http_proxy", "HTTP_PROXY", "https_proxy",
                                       "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
const char* const kNoProxyVariables[] = {"no_proxy", "NO_PROXY"};

// Clears every proxy variable for its lifetime and restores them afterwards.
class CleanProxyEnvironment {
 public:
  CleanProxyEnvironment() {
    for (const char* name : kProxyVariables) save_and_unset(name);
    for (const char* name : kNoProxyVariables) save_and_unset(name);
  }
  ~CleanProxyEnvironment() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }
  CleanProxyEnvironment(const CleanProxyEnvironment&) = delete;
  CleanProxyEnvironment& operator=(const CleanProxyEnvironment&) = delete;

 private:
  void save_and_unset(const char* name) {
    const char* value = std::getenv(name);
    saved_[name] = value ? std::optional<std::string>(value) : std::nullopt;
    ::unsetenv(name);
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

// One way of asking for a proxy: an environment variable, or the option (name empty).
struct ProxyRequest {
  std::string variable;
  bool no_proxy_set;  // NO_PROXY / no_proxy naming an unrelated host
};

std::vector<ProxyRequest> every_proxy_request() {
  std::vector<ProxyRequest> requests;
  for (const bool no_proxy : {false, true}) {
    requests.push_back({"", no_proxy});
    for (const char* name : kProxyVariables) requests.push_back({name, no_proxy});
  }
  return requests;
}

std::string describe(const ProxyRequest& request, const std::string& base_url) {
  return (request.variable.empty() ? std::string("options.proxy") : request.variable) +
         (request.no_proxy_set ? " with NO_PROXY=example.com" : " without NO_PROXY") + ", " +
         base_url;
}

// Sets the environment (and options) for @p request, pointing at @p proxy_url.
void ask_for_proxy(const ProxyRequest& request, const std::string& proxy_url,
                   ClientOptions& options) {
  for (const char* name : kProxyVariables) ::unsetenv(name);
  for (const char* name : kNoProxyVariables) {
    if (request.no_proxy_set) {
      ::setenv(name, "example.com", 1);
    } else {
      ::unsetenv(name);
    }
  }
  if (request.variable.empty()) {
    options.proxy = proxy_url;
  } else {
    ::setenv(request.variable.c_str(), proxy_url.c_str(), 1);
  }
}

flameup::TrackEvent numbered(int n) {
  flameup::TrackEvent e;
  e.user_id = "user_" + std::to_string(n);
  e.event = "proxy_test";
  return e;
}

// For every way of asking for a proxy and every URL in @p urls: sends one event with
// @p deliver (given the options to build its client from) and expects the emulator to record
// it and the proxy to see no connection.
void expect_never_proxied(const std::vector<std::string>& urls,
                          const flameup::devserver::Server& server, const RawHttpServer& proxy,
                          const std::function<bool(ClientOptions&, int)>& deliver) {
  ASSERT_GT(proxy.port(), 0);
  const std::string proxy_url = "http://127.0.0.1:" + std::to_string(proxy.port());
  int n = 0;
  for (const auto& request : every_proxy_request()) {
    for (const auto& url : urls) {
      SCOPED_TRACE(describe(request, url));
      ClientOptions o = fast_options(url);
      o.max_attempts = 1;
      ask_for_proxy(request, proxy_url, o);
      const std::size_t proxied_before = proxy.connections();
      const std::size_t events_before = server.event_count();
      EXPECT_TRUE(deliver(o, ++n));
      EXPECT_EQ(server.event_count(), events_before + 1) << "the emulator did not get it";
      EXPECT_EQ(proxy.connections(), proxied_before) << "it went to the proxy";
    }
  }
}

class TransportProxy : public EmulatorTest {
 protected:
  // Each loopback spelling of the emulator's address.
  std::vector<std::string> loopback_urls() {
    const std::string port = std::to_string(server().port());
    return {"http://127.0.0.1:" + port + "/api/v1", "http://localhost:" + port + "/api/v1",
            "http://LOCALHOST.:" + port + "/api/v1"};
  }

  CleanProxyEnvironment environment_;
  RawHttpServer proxy_;
};

TEST_F(TransportProxy, TrackToALoopbackUrlNeverGoesThroughAProxy) {
  expect_never_proxied(loopback_urls(), server(), proxy_, [](ClientOptions& o, int n) {
    const auto result = Client(o).track(numbered(n));
    EXPECT_TRUE(result.ok()) << result.error.message;
    return result.ok();
  });
}

TEST_F(TransportProxy, EnqueueToALoopbackUrlNeverGoesThroughAProxy) {
  expect_never_proxied(loopback_urls(), server(), proxy_, [](ClientOptions& o, int n) {
    Client client(o);
    return client.enqueue(numbered(n)).accepted() && client.flush(5s);
  });
}

// The proxy option is honoured where it is safe to: a base URL that is not loopback.
TEST_F(TransportProxy, ANonLoopbackUrlUsesTheProxyOption) {
  ASSERT_GT(proxy_.port(), 0);
  ClientOptions o = fast_options("http://flameup.invalid/api/v1");
  o.allow_insecure_http = true;  // the user's choice: the proxy sees the request in clear
  o.max_attempts = 1;
  o.proxy = "http://127.0.0.1:" + std::to_string(proxy_.port());
  Client client(o);
  EXPECT_TRUE(client.track(numbered(1)).ok());  // the fake proxy answers 200 itself
  EXPECT_EQ(proxy_.requests(), 1u);
  EXPECT_EQ(server().event_count(), 0u);
}

class TransportProxyTls : public flameup::testing::TlsEmulatorFixture {
 protected:
  CleanProxyEnvironment environment_;
  RawHttpServer proxy_;
};

// Over https:// too: a proxy cannot reach this machine's loopback, so tunnelling through
// one would only fail (or reach the proxy's own loopback).
TEST_F(TransportProxyTls, AnHttpsLoopbackUrlNeverGoesThroughAProxy) {
  const std::string url = "https://localhost:" + std::to_string(server_->port()) + "/api/v1";
  expect_never_proxied({url}, *server_, proxy_, [this](ClientOptions& o, int n) {
    o.ca_file = cert_.cert_path;
    const auto result = Client(o).track(numbered(n));
    EXPECT_TRUE(result.ok()) << result.error.message;
    return result.ok();
  });
}

}  // namespace

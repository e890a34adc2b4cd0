// Rows F1, F2 and F5-F20 of docs/reliability.md for the delivery engine: each test counts, on the
// server's side, what arrived. Nothing accepted is lost (every accepted event gets exactly
// one outcome), nothing delivered is recorded twice (the idempotency key), and memory stays
// within the queue bounds while the server misbehaves. F3/F4 (DNS) are in engine_dns_test.cpp,
// F24 (fork) in engine_fork_test.cpp.

#include <filesystem>
#include <set>
#include <thread>

#include "engine_test_support.hpp"
#include "raw_http_server.hpp"
#include "self_signed_cert.hpp"

namespace flameup::engine_test {
namespace {

using devserver::Fault;
using flameup::testing::RawHttpServer;
using SteadyClock = std::chrono::steady_clock;

using EngineFaults = EngineEmulatorTest;

Fault status_fault(int status, int count, std::string body = {},
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
  Fault f;
  f.kind = Fault::Kind::status;
  f.status = status;
  f.count = count;
  f.body = std::move(body);
  f.headers = std::move(headers);
  return f;
}

void expect_all_delivered(const Recorder& recorder, std::size_t n) {
  const auto outcomes = recorder.outcomes();
  EXPECT_EQ(outcomes.size(), n);
  EXPECT_EQ(recorder.outcomes_by_id().size(), n) << "an event got two outcomes";
  for (const auto& o : outcomes) EXPECT_EQ(o.kind, OutcomeKind::delivered) << o.id;
}

// --- F1: connection refused ----------------------------------------------------------------

TEST(EngineFaultsNoServer, F1_ConnectionRefusedKeepsRetryingWithoutABusyLoop) {
  Recorder recorder;
  const int port = unused_port();
  ASSERT_GT(port, 0);
  ClientOptions o = engine_options("http://127.0.0.1:" + std::to_string(port) + "/api/v1");
  o.initial_backoff = 20ms;
  o.max_backoff = 100ms;
  recorder.attach(o);
  Client client(o);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());

  // Over 400 ms a busy loop would make thousands of attempts; capped jittered backoff of at
  // most 100 ms allows a few per event. (A slow machine only makes fewer: the bound is safe.)
  const auto start = SteadyClock::now();
  EXPECT_FALSE(client.flush(400ms));
  EXPECT_GE(SteadyClock::now() - start, 400ms);
  EXPECT_LE(client.stats().retried, 5u * 60u) << "retrying in a busy loop";
  // That every event failed and was kept is waited for, not assumed to happen within 400 ms.
  ASSERT_TRUE(recorder.wait_log_lines("failed (network:", 5));
  const Stats down = client.stats();
  EXPECT_GE(down.retried, 5u) << "every event failed at least once and was kept";
  EXPECT_EQ(down.last_error.code, ErrorCode::network);
  EXPECT_TRUE(recorder.outcomes().empty());

  devserver::ServerOptions server_options;
  server_options.port = port;
  server_options.rate_limit_per_minute = 0;
  devserver::Server server(server_options);
  ASSERT_EQ(server.start(), port);
  ASSERT_TRUE(client.flush(10s));
  EXPECT_EQ(server.event_count(), 5u);
  expect_all_delivered(recorder, 5);
  recorder.expect_no_key_anywhere();
}

// --- F2: accepts TCP, never answers --------------------------------------------------------

TEST(EngineFaultsRaw, F2_ASilentServerIsBoundedByTheTimeoutAndTheEventRetried) {
  Recorder recorder;
  RawHttpServer raw(RawHttpServer::Mode::hang);
  ASSERT_GT(raw.port(), 0);
  ClientOptions o = engine_options(raw.base_url());
  o.request_timeout = 300ms;
  o.max_in_flight = 1;
  recorder.attach(o);
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(raw.wait_for_requests(2, 5s)) << "the timed-out request must be retried";
  EXPECT_EQ(client.stats().last_error.code, ErrorCode::timeout);
  raw.set_mode(RawHttpServer::Mode::ok);
  ASSERT_TRUE(client.flush(5s));
  expect_all_delivered(recorder, 1);
  const auto keys = raw.idempotency_keys();
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), 1u)
      << "every attempt carries the same Idempotency-Key";
  recorder.expect_no_key_anywhere();
}

// --- connection reuse ----------------------------------------------------------------------

TEST(EngineFaultsRaw, DeliveryReusesAtMostMaxInFlightConnections) {
  Recorder recorder;
  RawHttpServer raw(RawHttpServer::Mode::ok);
  ASSERT_GT(raw.port(), 0);
  ClientOptions o = engine_options(raw.base_url());
  o.max_in_flight = 2;
  recorder.attach(o);
  Client client(o);
  constexpr int kEvents = 40;
  for (int i = 0; i < kEvents; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  ASSERT_TRUE(client.flush(10s));
  expect_all_delivered(recorder, kEvents);
  EXPECT_EQ(raw.requests(), static_cast<std::size_t>(kEvents));
  EXPECT_GE(raw.connections(), 1u);
  EXPECT_LE(raw.connections(), 2u) << "each of the 2 transfer slots keeps its connection";
  recorder.expect_no_key_anywhere();
}

// --- F5: invalid TLS certificate -----------------------------------------------------------

TEST(EngineFaultsTls, F5_AnUntrustedCertificateSendsNothingAndKeepsTheEvent) {
  namespace fs = std::filesystem;
  std::string dir = (fs::temp_directory_path() / "flameup-engine-tls-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const auto cert = flameup::testing::make_self_signed_cert(dir);
  ASSERT_TRUE(cert.ok()) << cert.error;
  devserver::ServerOptions server_options;
  server_options.rate_limit_per_minute = 0;
  server_options.tls_cert_path = cert.cert_path;
  server_options.tls_key_path = cert.key_path;
  devserver::Server server(server_options);
  ASSERT_GT(server.start(), 0);

  Recorder recorder;
  ClientOptions o = engine_options(server.base_url());  // https://127.0.0.1:<port>
  ASSERT_TRUE(o.verify_tls);
  recorder.attach(o);
  {
    Client client(o);
    ASSERT_TRUE(client.enqueue(event(1)).accepted());
    // Wait for the failed handshake itself (its retry log line), not for a fixed time: under
    // TSan one handshake can take longer than any short window.
    ASSERT_TRUE(recorder.wait_log_lines("failed (tls:", 1)) << "no TLS failure was retried";
    EXPECT_FALSE(client.flush(0ms)) << "the event is kept, not given up";
    const Stats s = client.stats();
    EXPECT_EQ(s.last_error.code, ErrorCode::tls) << s.last_error.message;
    EXPECT_GE(s.retried, 1u);
    EXPECT_EQ(s.queued + s.in_flight, 1u);
    EXPECT_TRUE(recorder.outcomes().empty());
    client.close(200ms);
  }
  EXPECT_EQ(server.request_count(), 0u) << "no request (so no key) crossed the bad TLS";
  ASSERT_EQ(recorder.outcomes().size(), 1u);
  EXPECT_EQ(recorder.outcomes()[0].drop_reason, DropReason::shutdown);
  recorder.expect_no_key_anywhere();
  server.stop();
  fs::remove_all(dir);
}

// --- F6 / F7: connection resets ------------------------------------------------------------

TEST(EngineFaultsRaw, F6_AResetBeforeTheResponseIsRetriedWithTheSameKey) {
  Recorder recorder;
  RawHttpServer raw(RawHttpServer::Mode::ok);
  raw.set_mode_once(RawHttpServer::Mode::reset_before_response);
  ClientOptions o = engine_options(raw.base_url());
  recorder.attach(o);
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(client.flush(5s));
  const auto keys = raw.idempotency_keys();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0], keys[1]);
  expect_all_delivered(recorder, 1);
  EXPECT_EQ(recorder.outcomes()[0].attempts, 2);
}

TEST(EngineFaultsRaw, F7_AResetAfterAComplete2xxIsADeliveryNotARetry) {
  Recorder recorder;
  RawHttpServer raw(RawHttpServer::Mode::respond_then_reset);
  ClientOptions o = engine_options(raw.base_url());
  recorder.attach(o);
  Client client(o);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(raw.requests(), 3u) << "nothing was sent twice";
  expect_all_delivered(recorder, 3);
  for (const auto& outcome : recorder.outcomes()) {
    EXPECT_EQ(outcome.event_id.rfind("evt_raw_", 0), 0u);
    EXPECT_EQ(outcome.attempts, 1);
  }
}

// --- F8: latency around the request timeout ------------------------------------------------

TEST_F(EngineFaults, F8_LatencyJustUnderTheTimeoutSucceedsOnce) {
  ClientOptions o = options();
  o.request_timeout = 1000ms;
  Fault f;
  f.kind = Fault::Kind::delay;
  f.delay = 500ms;
  server().add_fault(f);
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(server().request_count(), 1u);
  EXPECT_EQ(server().event_count(), 1u);
  expect_all_delivered(recorder_, 1);
}

TEST_F(EngineFaults, F8_LatencyJustOverTheTimeoutRetriesWithoutADuplicate) {
  ClientOptions o = options();
  o.request_timeout = 300ms;
  Fault f;
  f.kind = Fault::Kind::delay;
  f.delay = 600ms;  // the server still records it after the client gave up
  server().add_fault(f);
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(client.flush(5s));
  ASSERT_TRUE(server().wait_for_events(1, 2s));
  EXPECT_GE(server().request_count(), 2u);
  // Release the timed-out first request on the server; it arrives second and the key
  // de-duplicates it.
  server().clear_faults();
  ASSERT_TRUE(server().wait_for_duplicates(1, 5s));
  EXPECT_EQ(server().event_count(), 1u);
  expect_all_delivered(recorder_, 1);
}

// --- F9: trickled bytes --------------------------------------------------------------------

TEST_F(EngineFaults, F9_ATricklingServerIsCutOffWhileOtherEventsKeepFlowing) {
  ClientOptions o = options();
  o.request_timeout = 10000ms;
  o.low_speed_limit = 1000;  // bytes/s
  o.low_speed_time = std::chrono::seconds(1);
  Fault f;
  f.kind = Fault::Kind::trickle;
  f.delay = 200ms;  // one byte every 200 ms: 5 bytes/s
  server().add_fault(f);
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(0)).accepted());
  ASSERT_TRUE(server().wait_for_requests(1, 5s));
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  // The others are delivered while the first one is still being trickled (cut off after ~1 s).
  ASSERT_TRUE(recorder_.wait_outcomes(10, 5s));
  EXPECT_EQ(client.stats().delivered, 10u);
  EXPECT_EQ(client.stats().in_flight, 1u);
  ASSERT_TRUE(client.flush(8s));
  EXPECT_EQ(server().event_count(), 11u);
  EXPECT_GE(server().request_count(), 12u) << "the trickled request was aborted and retried";
  EXPECT_EQ(recorded_keys().size(), 11u);
  expect_all_delivered(recorder_, 11);
}

// --- F10: one-byte writes, Connection: close -----------------------------------------------

TEST(EngineFaultsRaw, F10_AResponseInOneByteWritesParsesTheSame) {
  Recorder recorder;
  RawHttpServer raw(RawHttpServer::Mode::one_byte_writes);
  ClientOptions o = engine_options(raw.base_url());
  recorder.attach(o);
  Client client(o);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  ASSERT_TRUE(client.flush(5s));
  expect_all_delivered(recorder, 3);
  for (const auto& outcome : recorder.outcomes()) {
    EXPECT_EQ(outcome.event_id.rfind("evt_raw_", 0), 0u) << outcome.event_id;
  }
  EXPECT_EQ(raw.requests(), 3u);
}

TEST_F(EngineFaults, F10_ConnectionCloseAfterEachResponseParsesTheSame) {
  Fault f;
  f.kind = Fault::Kind::close_after_response;
  f.count = -1;
  server().add_fault(f);
  Client client(options());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(server().event_count(), 10u);
  EXPECT_EQ(server().request_count(), 10u);
  expect_all_delivered(recorder_, 10);
  for (const auto& outcome : recorder_.outcomes()) EXPECT_FALSE(outcome.event_id.empty());
}

// --- F11: a long run of 500/503 ------------------------------------------------------------

TEST_F(EngineFaults, F11_AStormOf5xxKeepsMemoryFlatAndLosesNothing) {
  ClientOptions o = options();
  o.max_queue_events = 40;
  o.initial_backoff = 5ms;
  o.max_backoff = 40ms;
  Client client(o);
  server().add_fault(status_fault(503, 60, R"({"error":"Service unavailable"})"));
  server().add_fault(status_fault(500, 60));
  std::size_t accepted = 0;
  for (int i = 0; i < 60; ++i) accepted += client.enqueue(event(i)).accepted() ? 1 : 0;
  EXPECT_EQ(accepted, 40u) << "the bounded queue refuses the rest";
  const std::size_t bytes_at_start = client.stats().queued_bytes;
  EXPECT_GT(bytes_at_start, 0u);
  ASSERT_TRUE(server().wait_for_requests(60, 10s));
  const Stats storm = client.stats();
  EXPECT_LE(storm.queued_bytes, bytes_at_start) << "retries must not grow memory";
  EXPECT_LE(storm.queued + storm.in_flight, 40u);
  EXPECT_EQ(storm.last_error.code, ErrorCode::server_error);
  ASSERT_TRUE(client.flush(15s));
  EXPECT_EQ(server().event_count(), 40u);
  EXPECT_EQ(recorded_keys().size(), 40u);
  EXPECT_EQ(server().request_count(), 40u + 120u);
  expect_all_delivered(recorder_, 40);
  EXPECT_EQ(client.stats().dropped.queue_full, 20u);
  EXPECT_EQ(client.stats().queued_bytes, 0u);
}

// --- F12: 429 with every kind of Retry-After -----------------------------------------------

struct RetryAfterCase {
  const char* name;
  std::string value;
  std::chrono::milliseconds min_gap;
  std::chrono::milliseconds max_gap;
};

// Names the case in test listings instead of dumping its bytes.
void PrintTo(const RetryAfterCase& c, std::ostream* os) { *os << c.name; }

std::string http_date_in(std::chrono::seconds from_now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + from_now);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buffer;
}

class EngineRetryAfter : public EngineEmulatorTest,
                         public ::testing::WithParamInterface<RetryAfterCase> {};

TEST_P(EngineRetryAfter, F12_A429PausesTheWholeClientForTheValidWaitOnly) {
  const RetryAfterCase& c = GetParam();
  // An HTTP date must be made when the test runs, not when the test list is built.
  const std::string value = c.value == "<date+2s>" ? http_date_in(std::chrono::seconds(2)) : c.value;
  ClientOptions o = options();
  o.max_retry_after = 1200ms;
  o.initial_backoff = 10ms;
  o.max_backoff = 50ms;
  o.max_delivery_attempts = 1;  // proves the 429 does not count as an attempt
  Client client(o);
  server().add_fault(status_fault(429, 1, R"({"error":"Rate limit exceeded","message":"slow down"})",
                                  {{"Retry-After", value}}));
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(server().wait_for_requests(1, 5s));
  const auto first = SteadyClock::now();
  ASSERT_TRUE(recorder_.wait_delivery_errors(1, 5s));
  // A second event must wait for the same pause: the whole client slows down.
  ASSERT_TRUE(client.enqueue(event(2)).accepted());
  ASSERT_TRUE(server().wait_for_requests(3, 5s));
  const auto gap = SteadyClock::now() - first;
  EXPECT_GE(gap, c.min_gap) << c.name;
  EXPECT_LE(gap, c.max_gap) << c.name;
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(server().event_count(), 2u);
  expect_all_delivered(recorder_, 2);
  EXPECT_EQ(recorder_.delivery_errors()[0].code, ErrorCode::rate_limited);
}

INSTANTIATE_TEST_SUITE_P(
    RetryAfterValues, EngineRetryAfter,
    ::testing::Values(RetryAfterCase{"seconds", "1", 900ms, 3000ms},
                      RetryAfterCase{"http_date", "<date+2s>", 500ms, 3000ms},
                      RetryAfterCase{"zero", "0", 0ms, 800ms},
                      RetryAfterCase{"negative", "-5", 0ms, 800ms},
                      RetryAfterCase{"garbage", "soon-ish", 0ms, 800ms},
                      RetryAfterCase{"enormous", "999999999", 1000ms, 3000ms}),
    [](const auto& test_param) { return std::string(test_param.param.name); });

// --- F13: Remaining 0 with a future reset --------------------------------------------------

TEST_F(EngineFaults, F13_RemainingZeroWaitsForTheResetWithoutA429) {
  ClientOptions o = options();
  o.max_retry_after = 5000ms;
  Client client(o);
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  const std::int64_t reset = now_s + 2;  // 1 to 2 s from now
  server().set_rate_limit_headers(0, reset);
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(server().wait_for_events(1, 5s));
  ASSERT_TRUE(recorder_.wait_outcomes(1, 5s));
  server().set_rate_limit_headers(std::nullopt, std::nullopt);
  ASSERT_TRUE(client.enqueue(event(2)).accepted());
  ASSERT_TRUE(client.flush(5s));
  // The emulator answers at once, so a delivery that completed after the reset was sent
  // after it (the reset is in whole seconds: 50 ms of clock granularity allowed).
  EXPECT_GE(std::chrono::system_clock::now().time_since_epoch(), std::chrono::seconds(reset) - 50ms)
      << "must wait for the reset";
  EXPECT_EQ(server().request_count(), 2u) << "no 429 was needed";
  EXPECT_EQ(client.stats().rate_limit.remaining, 0);
  expect_all_delivered(recorder_, 2);
}

// --- F14: 400 / 422 ------------------------------------------------------------------------

TEST_F(EngineFaults, F14_ValidationErrorsAreRejectedOnceWithTheServersDetails) {
  server().add_fault(status_fault(
      422, 1,
      R"({"error":{"code":"validation_error","message":"Validation failed",)"
      R"("details":{"fields":{"userId":"Required field"}}}})"));
  server().add_fault(status_fault(
      400, 1, R"({"success":false,"error":{"type":"BAD_REQUEST","message":"Malformed"},"request_id":"req_1"})"));
  ClientOptions o = options();
  o.max_in_flight = 1;
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(client.enqueue(event(2)).accepted());
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(server().request_count(), 2u) << "never retried";
  const auto outcomes = recorder_.outcomes();
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].kind, OutcomeKind::rejected);
  EXPECT_EQ(outcomes[0].http_status, 422);
  EXPECT_EQ(outcomes[0].error.message, "Validation failed");
  EXPECT_EQ(outcomes[0].error.field_errors.at("userId"), "Required field");
  EXPECT_EQ(outcomes[1].kind, OutcomeKind::rejected);
  EXPECT_EQ(outcomes[1].http_status, 400);
  EXPECT_EQ(outcomes[1].error.message, "Malformed");
  EXPECT_EQ(client.stats().rejected, 2u);
}

// --- S1: a server that echoes the key ---------------------------------------------------

TEST_F(EngineFaults, S1_AServerEchoingTheKeyNeverGetsItIntoLogsOutcomesOrErrors) {
  const std::string echo = "key " + kSentinelKey + " looks wrong";
  server().add_fault(status_fault(503, 1, R"({"error":{"code":"x","message":")" + echo + R"("}})"));
  server().add_fault(status_fault(401, 1, R"({"error":{"code":"unauthorized","message":")" + echo + R"("}})"));
  server().add_fault(status_fault(
      422, 1,
      R"({"error":{"code":"validation_error","message":")" + echo +
          R"(","details":{"fields":{"userId":")" + echo + R"("}}}})"));
  ClientOptions o = options();
  o.max_in_flight = 1;
  o.auth_retry_interval = 50ms;
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(client.flush(5s));
  const auto outcomes = recorder_.outcomes();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].kind, OutcomeKind::rejected);
  EXPECT_NE(outcomes[0].error.message.find("looks wrong"), std::string::npos)
      << "the message is kept, only the key is cut out";
  ASSERT_EQ(recorder_.delivery_errors().size(), 1u);
  EXPECT_EQ(client.stats().last_error.message.find(kSentinelKey), std::string::npos);
  bool logged_retry = false;
  for (const auto& line : recorder_.log_lines()) {
    logged_retry = logged_retry || line.find("retrying in") != std::string::npos;
  }
  EXPECT_TRUE(logged_retry) << "the 503 retry is logged at debug level";
  // TearDown checks every log line, outcome and delivery error for the key.
}

// --- F15: 401 / 403 ------------------------------------------------------------------------

TEST_F(EngineFaults, F15_AnUnknownKeyPausesDeliveryKeepsEventsAndRecovers) {
  const int port = server().port();
  server().stop();
  devserver::ServerOptions strict;
  strict.port = port;
  strict.rate_limit_per_minute = 0;
  strict.api_keys = {"ws_test_some_other_key"};
  server_ = std::make_unique<devserver::Server>(strict);
  ASSERT_EQ(server_->start(), port);

  ClientOptions o = options();
  o.auth_retry_interval = 300ms;
  Client client(o);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  ASSERT_TRUE(recorder_.wait_delivery_errors(1, 5s));
  EXPECT_EQ(recorder_.delivery_errors()[0].code, ErrorCode::unauthorized);
  EXPECT_TRUE(client.stats().auth_paused);
  // Paused, then one probe per interval: no spinning over the 6 waiting events.
  EXPECT_FALSE(server().wait_for_requests(20, 800ms));
  EXPECT_LE(server().request_count(), 4u + 4u);
  EXPECT_TRUE(recorder_.outcomes().empty()) << "events are kept";
  EXPECT_EQ(recorder_.delivery_errors().size(), 1u) << "reported once per condition";

  // The key becomes valid: the probe succeeds and everything kept is delivered.
  server().stop();
  devserver::ServerOptions open;
  open.port = port;
  open.rate_limit_per_minute = 0;
  server_ = std::make_unique<devserver::Server>(open);
  ASSERT_EQ(server_->start(), port);
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(server().event_count(), 6u);
  expect_all_delivered(recorder_, 6);
  EXPECT_FALSE(client.stats().auth_paused);
}

TEST_F(EngineFaults, F15_A403PausesThenProbes) {
  server().add_fault(status_fault(
      403, 1, R"({"error":{"code":"forbidden","message":"Missing events:write permission"}})"));
  ClientOptions o = options();
  o.max_in_flight = 1;
  o.auth_retry_interval = 200ms;
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(recorder_.wait_delivery_errors(1, 5s));
  EXPECT_EQ(recorder_.delivery_errors()[0].code, ErrorCode::forbidden);
  EXPECT_EQ(recorder_.delivery_errors()[0].message, "Missing events:write permission");
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(server().request_count(), 2u);
  expect_all_delivered(recorder_, 1);
}

// --- F16: redirect to another host ---------------------------------------------------------

TEST_F(EngineFaults, F16_ARedirectIsNotFollowedAndTheOtherHostSeesNothing) {
  devserver::ServerOptions other_options;
  other_options.rate_limit_per_minute = 0;
  devserver::Server other(other_options);
  ASSERT_GT(other.start(), 0);
  Fault f;
  f.kind = Fault::Kind::redirect;
  f.location = other.base_url() + "/workspaces/ws_engine/events";
  server().add_fault(f);
  Client client(options());
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(other.request_count(), 0u) << "the key must never reach the redirect target";
  const auto outcomes = recorder_.outcomes();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].kind, OutcomeKind::rejected);
  EXPECT_EQ(outcomes[0].http_status, 302);
  other.stop();
}

// --- F17: huge body ------------------------------------------------------------------------

TEST_F(EngineFaults, F17_AHugeResponseIsAbortedAtTheCapAndTheEventRetried) {
  ClientOptions o = options();
  o.max_response_bytes = 16 * 1024;
  Fault f;
  f.kind = Fault::Kind::huge_body;
  f.body_bytes = 0;  // endless
  server().add_fault(f);
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(server().request_count(), 2u);
  EXPECT_EQ(server().event_count(), 1u);
  expect_all_delivered(recorder_, 1);
  EXPECT_EQ(client.stats().retried, 1u);
}

// --- F18: odd 2xx bodies -------------------------------------------------------------------

TEST_F(EngineFaults, F18_A2xxWithAnOddBodyCountsAsDelivered) {
  server().add_fault(status_fault(200, 1, ""));
  server().add_fault(status_fault(200, 1, "<html>not json</html>"));
  server().add_fault(status_fault(201, 1, std::string("\xff\xfe\x00\x80", 4)));
  server().add_fault(status_fault(204, 1));
  ClientOptions o = options();
  o.max_in_flight = 1;
  Client client(o);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  ASSERT_TRUE(client.flush(5s));
  EXPECT_EQ(server().request_count(), 4u) << "no retries";
  expect_all_delivered(recorder_, 4);
  for (const auto& outcome : recorder_.outcomes()) EXPECT_TRUE(outcome.event_id.empty());
}

// --- F19: queue full -----------------------------------------------------------------------

class EngineQueueFull : public EngineEmulatorTest {
 protected:
  // A server that holds every request: the queue fills up and stays full.
  void stall_server() {
    Fault f;
    f.kind = Fault::Kind::stall;
    f.count = -1;
    server().add_fault(f);
  }
};

TEST_F(EngineQueueFull, F19_DropNewestRefusesAtOnceAndCounts) {
  stall_server();
  ClientOptions o = options();
  o.max_queue_events = 5;
  o.max_in_flight = 1;
  Client client(o);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  const auto start = SteadyClock::now();
  const EnqueueResult r = client.enqueue(event(99));
  EXPECT_LT(SteadyClock::now() - start, 50ms) << "the caller never blocks";
  EXPECT_EQ(r.status, EnqueueStatus::queue_full);
  EXPECT_EQ(r.error.code, ErrorCode::queue_full);
  EXPECT_EQ(client.stats().dropped.queue_full, 1u);
  server().clear_faults();
  client.close(300ms);
  EXPECT_EQ(recorder_.outcomes().size(), 5u);
}

TEST_F(EngineQueueFull, F19_DropOldestEvictsAndReportsTheOutcome) {
  stall_server();
  ClientOptions o = options();
  o.max_queue_events = 3;
  o.max_in_flight = 1;
  o.overflow_policy = OverflowPolicy::drop_oldest;
  Client client(o);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(client.enqueue(event(i)).id);
  ASSERT_TRUE(server().wait_for_requests(1, 5s));  // event 0 is in flight, 1 and 2 wait
  const EnqueueResult r = client.enqueue(event(3));
  ASSERT_TRUE(r.accepted());
  ASSERT_TRUE(recorder_.wait_outcomes(1, 5s));
  const Outcome evicted = recorder_.outcomes()[0];
  EXPECT_EQ(evicted.id, ids[1]) << "the oldest waiting event goes";
  EXPECT_EQ(evicted.kind, OutcomeKind::dropped);
  EXPECT_EQ(evicted.drop_reason, DropReason::evicted);
  EXPECT_EQ(client.stats().dropped.evicted, 1u);
  server().clear_faults();
  client.close(300ms);
  EXPECT_EQ(recorder_.outcomes().size(), 4u);
}

TEST_F(EngineQueueFull, F19_BlockWaitsUpToItsTimeoutThenRefuses) {
  stall_server();
  ClientOptions o = options();
  o.max_queue_events = 2;
  o.max_in_flight = 1;
  o.overflow_policy = OverflowPolicy::block;
  o.enqueue_block_timeout = 150ms;
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(0)).accepted());
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  const auto start = SteadyClock::now();
  const EnqueueResult r = client.enqueue(event(2));
  const auto waited = SteadyClock::now() - start;
  EXPECT_EQ(r.status, EnqueueStatus::queue_full);
  EXPECT_GE(waited, 140ms);
  EXPECT_LT(waited, 1s);
  server().clear_faults();
  client.close(300ms);
  EXPECT_EQ(recorder_.outcomes().size(), 2u);
}

// --- F20: close with the server down -------------------------------------------------------

TEST(EngineFaultsNoServer, F20_CloseWithTheServerDownReturnsByItsDeadline) {
  Recorder recorder;
  const int port = unused_port();
  ClientOptions o = engine_options("http://127.0.0.1:" + std::to_string(port) + "/api/v1");
  recorder.attach(o);
  Client client(o);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  const auto start = SteadyClock::now();
  client.close(300ms);
  const auto took = SteadyClock::now() - start;
  EXPECT_LT(took, 800ms);
  const auto outcomes = recorder.outcomes();
  ASSERT_EQ(outcomes.size(), 20u);
  EXPECT_EQ(recorder.outcomes_by_id().size(), 20u);
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(outcome.kind, OutcomeKind::dropped);
    EXPECT_EQ(outcome.drop_reason, DropReason::shutdown);
  }
  EXPECT_EQ(client.stats().dropped.shutdown, 20u);
  EXPECT_EQ(client.stats().queued_bytes, 0u);
  recorder.expect_no_key_anywhere();
}

TEST_F(EngineFaults, F20_CloseWithAStalledServerAbortsInFlightRequestsByTheDeadline) {
  Fault f;
  f.kind = Fault::Kind::stall;
  f.count = -1;
  server().add_fault(f);
  Client client(options());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  ASSERT_TRUE(server().wait_for_requests(4, 5s));
  const auto start = SteadyClock::now();
  client.close(200ms);
  const auto took = SteadyClock::now() - start;
  EXPECT_GE(took, 190ms);
  // The deadline, plus close()'s documented 50 ms grace, plus scheduling slack under TSan.
  EXPECT_LT(took, 200ms + 50ms + 250ms);
  ASSERT_EQ(recorder_.outcomes().size(), 10u);
  for (const auto& outcome : recorder_.outcomes()) {
    EXPECT_EQ(outcome.drop_reason, DropReason::shutdown);
  }
  server().clear_faults();
}

}  // namespace
}  // namespace flameup::engine_test

// flameup::diagnose() against the in-process emulator (plain and TLS): every step passing,
// and each step failing for its own cause, with the later steps that need it skipped; the
// key in no text of the report.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core_test_support.hpp"
#include "tls_emulator_fixture.hpp"

using namespace std::chrono;
using flameup::CheckId;
using flameup::CheckResult;
using flameup::CheckStatus;
using flameup::ClientOptions;
using flameup::diagnose;
using flameup::DiagnosticReport;
using flameup::core_test::closed_port;
using flameup::core_test::fast_options;
using flameup::core_test::kSentinelKey;

namespace {

const CheckResult& step(const DiagnosticReport& report, CheckId id) {
  static const CheckResult missing{};
  for (const CheckResult& check : report.checks) {
    if (check.id == id) return check;
  }
  ADD_FAILURE() << "no step " << flameup::to_string(id);
  return missing;
}

// "passed passed failed skipped ...": every step's status, in order.
std::string statuses(const DiagnosticReport& report) {
  std::string text;
  for (const CheckResult& check : report.checks) {
    if (!text.empty()) text += ' ';
    text += flameup::to_string(check.status);
  }
  return text;
}

void expect_no_key(const DiagnosticReport& report) {
  for (const CheckResult& check : report.checks) {
    EXPECT_EQ(check.summary.find(kSentinelKey), std::string::npos) << check.summary;
    EXPECT_EQ(check.hint.find(kSentinelKey), std::string::npos) << check.hint;
    EXPECT_EQ(check.summary.find("SENTINEL"), std::string::npos) << check.summary;
  }
}

// An emulator over plain HTTP with rate limiting on, and perhaps a clock that is off.
std::unique_ptr<flameup::devserver::Server> start_emulator(seconds clock_offset = seconds(0)) {
  flameup::devserver::ServerOptions options;
  options.rate_limit_per_minute = 120;
  options.api_keys = {kSentinelKey};
  options.clock_offset = clock_offset;
  auto server = std::make_unique<flameup::devserver::Server>(options);
  if (server->start() <= 0) ADD_FAILURE() << "the emulator did not start";
  return server;
}

}  // namespace

TEST(Diagnose, EveryStepPassesAgainstTheEmulator) {
  const auto server = start_emulator();
  const DiagnosticReport report = diagnose(fast_options(server->base_url()));
  EXPECT_EQ(statuses(report), "passed passed passed not_applicable passed passed passed");
  EXPECT_TRUE(report.ok());
  const std::vector<CheckId> order = {CheckId::configuration, CheckId::dns,     CheckId::tcp,
                                      CheckId::tls,           CheckId::api_key, CheckId::rate_limit,
                                      CheckId::clock};
  ASSERT_EQ(report.checks.size(), order.size());
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(report.checks[i].id, order[i]);
  EXPECT_EQ(report.address, "127.0.0.1");
  EXPECT_EQ(report.http_status, 200);
  EXPECT_EQ(report.rate_limit, 120);
  EXPECT_EQ(report.rate_remaining, 119);  // the doctor's own request used one
  ASSERT_TRUE(report.rate_reset_unix);
  ASSERT_TRUE(report.clock_offset);
  EXPECT_LE(std::abs(report.clock_offset->count()), 2);
  EXPECT_EQ(step(report, CheckId::dns).summary, "127.0.0.1 is an address (no lookup)");
  EXPECT_EQ(step(report, CheckId::rate_limit).summary.rfind("119 of 120 requests left", 0), 0U);
  for (const CheckResult& check : report.checks) EXPECT_EQ(check.hint, "");
  expect_no_key(report);
  EXPECT_EQ(server->request_count(), 0U) << "diagnose must not track anything";
}

TEST(Diagnose, MissingConfigurationSkipsEverythingElse) {
  ClientOptions options = fast_options("http://127.0.0.1:1/api/v1");
  options.workspace_id.clear();
  const DiagnosticReport report = diagnose(options);
  EXPECT_EQ(statuses(report), "failed skipped skipped skipped skipped skipped skipped");
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(step(report, CheckId::configuration).summary, "workspace_id: must not be empty");
  EXPECT_NE(step(report, CheckId::configuration).hint.find("FLAMEUP_WORKSPACE_ID"),
            std::string::npos);
  EXPECT_EQ(step(report, CheckId::dns).summary, "needs the configuration step");
}

TEST(Diagnose, AnUnresolvableNameFailsDnsQuickly) {
  // .invalid never resolves (RFC 6761): the resolver says so without asking the network.
  const auto start = steady_clock::now();
  const DiagnosticReport report = diagnose(fast_options("https://flameup-doctor.invalid/api/v1"));
  EXPECT_LT(steady_clock::now() - start, seconds(10));
  EXPECT_EQ(statuses(report), "passed failed skipped skipped skipped skipped skipped");
  EXPECT_EQ(
      step(report, CheckId::dns).summary.rfind("flameup-doctor.invalid does not resolve: ", 0), 0U)
      << step(report, CheckId::dns).summary;
  EXPECT_FALSE(step(report, CheckId::dns).hint.empty());
}

TEST(Diagnose, NothingListeningFailsTcp) {
  const int port = closed_port();
  const DiagnosticReport report =
      diagnose(fast_options("http://127.0.0.1:" + std::to_string(port) + "/api/v1"));
  EXPECT_EQ(statuses(report), "passed passed failed skipped skipped skipped skipped");
  EXPECT_EQ(step(report, CheckId::tcp)
                .summary.rfind("cannot connect to 127.0.0.1:" + std::to_string(port) + ": ", 0),
            0U)
      << step(report, CheckId::tcp).summary;
  EXPECT_EQ(step(report, CheckId::tls).summary, "needs the tcp step");
}

TEST(Diagnose, AWrongKeyFailsTheKeyStepButTheClockIsStillRead) {
  const auto server = start_emulator();
  ClientOptions options = fast_options(server->base_url());
  options.api_key = "ws_test_wrong_key_0123456789";
  const DiagnosticReport report = diagnose(options);
  EXPECT_EQ(statuses(report), "passed passed passed not_applicable failed skipped passed");
  EXPECT_EQ(report.http_status, 401);
  EXPECT_EQ(step(report, CheckId::api_key).summary, "refused (GET events?limit=1: HTTP 401)");
  EXPECT_NE(step(report, CheckId::api_key).hint.find("FLAMEUP_API_KEY"), std::string::npos);
}

TEST(Diagnose, NoRequestsLeftFailsTheRateLimitStep) {
  const auto server = start_emulator();
  const auto reset = duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + 42;
  server->set_rate_limit_headers(0, reset);
  const DiagnosticReport report = diagnose(fast_options(server->base_url()));
  EXPECT_EQ(statuses(report), "passed passed passed not_applicable passed failed passed");
  EXPECT_EQ(report.rate_remaining, 0);
  EXPECT_EQ(report.rate_reset_unix, reset);
  const std::string summary = step(report, CheckId::rate_limit).summary;
  EXPECT_EQ(summary.rfind("0 of 120 requests left, the window resets in ", 0), 0U) << summary;
}

TEST(Diagnose, AServerClockAnHourAheadFailsTheClockStep) {
  const auto server = start_emulator(hours(1));
  const DiagnosticReport report = diagnose(fast_options(server->base_url()));
  EXPECT_EQ(statuses(report), "passed passed passed not_applicable passed passed failed");
  ASSERT_TRUE(report.clock_offset);
  EXPECT_NEAR(static_cast<double>(report.clock_offset->count()), 3600.0, 2.0);
  EXPECT_EQ(step(report, CheckId::clock).summary.rfind("this machine's clock is 3", 0), 0U)
      << step(report, CheckId::clock).summary;
  EXPECT_NE(step(report, CheckId::clock).summary.find(" s behind the server's"), std::string::npos);
}

TEST(Diagnose, AClockWithinTheLimitPasses) {
  const auto server = start_emulator(-seconds(20));
  const DiagnosticReport report = diagnose(fast_options(server->base_url()));
  EXPECT_EQ(step(report, CheckId::clock).status, CheckStatus::passed);
  EXPECT_NE(step(report, CheckId::clock).summary.find(" s ahead of the server's"),
            std::string::npos);
}

class DiagnoseTls : public flameup::testing::TlsEmulatorFixture {};

TEST_F(DiagnoseTls, AnUntrustedCertificateFailsTls) {
  const DiagnosticReport report =
      diagnose(fast_options("https://localhost:" + std::to_string(server_->port()) + "/api/v1"));
  EXPECT_EQ(statuses(report), "passed passed passed failed skipped skipped skipped");
  const CheckResult& tls = step(report, CheckId::tls);
  EXPECT_EQ(tls.summary.rfind("handshake failed: ", 0), 0U) << tls.summary;
  EXPECT_NE(tls.summary.find("certificate"), std::string::npos) << tls.summary;
  EXPECT_NE(tls.hint.find("ca_file"), std::string::npos) << tls.hint;
  expect_no_key(report);
}

TEST_F(DiagnoseTls, ATrustedCertificatePassesWithItsProtocolVersion) {
  ClientOptions options =
      fast_options("https://localhost:" + std::to_string(server_->port()) + "/api/v1");
  options.ca_file = cert_.cert_path;
  const DiagnosticReport report = diagnose(options);
  // The fixture's emulator has rate limiting off: no X-RateLimit headers, still a pass.
  EXPECT_EQ(statuses(report), "passed passed passed passed passed passed passed");
  EXPECT_EQ(report.tls_version.rfind("TLSv1.", 0), 0U) << report.tls_version;
  EXPECT_EQ(
      step(report, CheckId::tls).summary.rfind(report.tls_version + ", certificate verified", 0),
      0U)
      << step(report, CheckId::tls).summary;
  EXPECT_EQ(step(report, CheckId::dns).summary,
            "localhost is pinned to 127.0.0.1 and ::1 (no lookup)");
  EXPECT_EQ(step(report, CheckId::rate_limit).summary,
            "no X-RateLimit headers: no limit announced");
}

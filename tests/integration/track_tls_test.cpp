// track() over HTTPS against the emulator's TLS mode: verification on by default (F5: an
// untrusted certificate gets a tls error and not one request byte, so not the key), the
// ca_file option, and the explicit verify_tls opt-out.

#include "core_test_support.hpp"
#include "tls_emulator_fixture.hpp"

using flameup::Client;
using flameup::ErrorCode;
using flameup::core_test::fast_options;

namespace {

class TrackTlsTest : public flameup::testing::TlsEmulatorFixture {
 protected:
  static flameup::TrackEvent event() {
    flameup::TrackEvent e;
    e.user_id = "user_tls";
    e.event = "secure";
    return e;
  }
};

TEST_F(TrackTlsTest, UntrustedCertificateIsRefusedBeforeAnyRequest) {
  auto o = fast_options(server_->base_url());
  o.max_attempts = 1;
  Client client(o);
  const auto result = client.track(event());
  EXPECT_EQ(result.error.code, ErrorCode::tls) << result.error.message;
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(server_->request_count(), 0U);
}

TEST_F(TrackTlsTest, CaFileMakesTheCertificateTrusted) {
  // The certificate names "localhost", so the URL must too for host verification to pass.
  auto o = fast_options("https://localhost:" + std::to_string(server_->port()) + "/api/v1");
  o.ca_file = cert_.cert_path;
  Client client(o);
  const auto result = client.track(event());
  EXPECT_TRUE(result.ok()) << to_string(result.error.code) << ": " << result.error.message;
  EXPECT_EQ(server_->event_count(), 1U);
}

TEST_F(TrackTlsTest, VerificationCanBeTurnedOffExplicitly) {
  auto o = fast_options(server_->base_url());
  o.verify_tls = false;
  Client client(o);
  EXPECT_TRUE(client.track(event()).ok());
  EXPECT_EQ(server_->event_count(), 1U);
}

}  // namespace

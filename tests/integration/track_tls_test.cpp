// track() over HTTPS against the emulator's TLS mode: verification on by default (F5: an
// untrusted certificate gets a tls error and not one request byte, so not the key), the
// ca_file option, and the explicit verify_tls opt-out.

#include <stdlib.h>

#include <filesystem>

#include "core_test_support.hpp"
#include "self_signed_cert.hpp"

using flameup::Client;
using flameup::ErrorCode;
using flameup::core_test::fast_options;

namespace {

namespace fs = std::filesystem;

class TrackTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "flameup-core-tls-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    cert_ = flameup::testing::make_self_signed_cert(dir_.string());
    ASSERT_TRUE(cert_.ok()) << cert_.error;
    flameup::devserver::ServerOptions options;
    options.rate_limit_per_minute = 0;
    options.tls_cert_path = cert_.cert_path;
    options.tls_key_path = cert_.key_path;
    server_ = std::make_unique<flameup::devserver::Server>(options);
    ASSERT_GT(server_->start(), 0);
  }
  void TearDown() override {
    if (server_) server_->stop();
    fs::remove_all(dir_);
  }

  static flameup::TrackEvent event() {
    flameup::TrackEvent e;
    e.user_id = "user_tls";
    e.event = "secure";
    return e;
  }

  fs::path dir_;
  flameup::testing::SelfSignedCert cert_;
  std::unique_ptr<flameup::devserver::Server> server_;
};

}  // namespace

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

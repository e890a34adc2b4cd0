// HTTPS mode (needed for fault F5): the emulator serves TLS with a self-signed certificate.
#include <filesystem>

#include "devserver_test_support.hpp"
#include "self_signed_cert.hpp"

namespace flameup::devserver::test {
namespace {

namespace fs = std::filesystem;

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "flameup-tls-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(TlsTest, HttpsEmulatorAnswersAClientThatSkipsVerification) {
  const auto cert = flameup::testing::make_self_signed_cert(dir_.string());
  ASSERT_TRUE(cert.ok()) << cert.error;
  ServerOptions options;
  options.api_keys = {kKey};
  options.tls_cert_path = cert.cert_path;
  options.tls_key_path = cert.key_path;
  Server server(options);
  const int port = server.start();
  ASSERT_GT(port, 0);
  EXPECT_EQ(server.base_url(), "https://127.0.0.1:" + std::to_string(port) + "/api/v1");

  httplib::SSLClient client("127.0.0.1", port);
  client.enable_server_certificate_verification(false);
  const auto res = client.Post(kTrackPath, auth_headers(), event_body(), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(server.event_count(), 1u);
}

TEST_F(TlsTest, VerifyingClientRefusesTheSelfSignedCertificate) {
  const auto cert = flameup::testing::make_self_signed_cert(dir_.string());
  ASSERT_TRUE(cert.ok()) << cert.error;
  ServerOptions options;
  options.tls_cert_path = cert.cert_path;
  options.tls_key_path = cert.key_path;
  Server server(options);
  ASSERT_GT(server.start(), 0);
  httplib::SSLClient client("127.0.0.1", server.port());
  client.enable_server_certificate_verification(true);
  const auto res = client.Post(kTrackPath, auth_headers(), event_body(), "application/json");
  EXPECT_FALSE(res);
  EXPECT_EQ(server.request_count(), 0u);  // no request reached the route
}

TEST_F(TlsTest, MissingCertificateFilesFailStart) {
  ServerOptions options;
  options.tls_cert_path = (dir_ / "nope.pem").string();
  options.tls_key_path = (dir_ / "nope.key").string();
  Server server(options);
  EXPECT_EQ(server.start(), -1);
}

}  // namespace
}  // namespace flameup::devserver::test

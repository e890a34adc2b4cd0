#pragma once
// A fixture running the emulator over HTTPS with a throwaway self-signed certificate
// (CN=localhost) in a temporary directory, for the duration of one test.

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "devserver.hpp"
#include "self_signed_cert.hpp"

namespace flameup::testing {

class TlsEmulatorFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    namespace fs = std::filesystem;
    std::string pattern = (fs::temp_directory_path() / "flameup-tls-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    cert_ = make_self_signed_cert(dir_.string());
    ASSERT_TRUE(cert_.ok()) << cert_.error;
    devserver::ServerOptions options;
    options.rate_limit_per_minute = 0;
    options.tls_cert_path = cert_.cert_path;
    options.tls_key_path = cert_.key_path;
    server_ = std::make_unique<devserver::Server>(options);
    ASSERT_GT(server_->start(), 0);
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  SelfSignedCert cert_;
  std::unique_ptr<devserver::Server> server_;
};

}  // namespace flameup::testing

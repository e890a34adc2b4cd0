#pragma once
// A throwaway certificate for the emulator's HTTPS mode (fault F5: a certificate the client
// must refuse). Made with the `openssl` program, valid one day, CN=localhost.

#include <string>

namespace flameup::testing {

struct SelfSignedCert {
  std::string cert_path;  // <dir>/cert.pem
  std::string key_path;   // <dir>/key.pem
  std::string error;      // non-empty when the files could not be made
  bool ok() const { return error.empty(); }
};

/// Writes cert.pem and key.pem into the existing directory @p dir.
SelfSignedCert make_self_signed_cert(const std::string& dir);

}  // namespace flameup::testing

// flameup::devserver::fingerprint: what the emulator keeps of a secret (an Authorization value,
// a rate-limited key) instead of the secret itself.
#include <openssl/evp.h>

#include <cstddef>
#include <string>

#include "devserver.hpp"

namespace flameup::devserver {
namespace {

// 8 bytes tell keys apart in any test; a shorter prefix also says less about the key.
constexpr std::size_t kFingerprintBytes = 8;

}  // namespace

std::string fingerprint(const std::string& secret) {
  if (secret.empty()) return "";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(secret.data(), secret.size(), digest, &length, EVP_sha256(), nullptr) != 1 ||
      length < kFingerprintBytes) {
    return "sha256:unavailable";
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (std::size_t i = 0; i < kFingerprintBytes; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0f];
  }
  return out;
}

}  // namespace flameup::devserver

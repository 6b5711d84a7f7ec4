// SHA-256 through OpenSSL's one-shot EVP digest.
#include "store/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <cassert>

namespace patchplan::store {

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  const int rc = EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr);
  assert(rc == 1 && size == 32);
  static_cast<void>(rc);
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

bool is_sha256_hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace patchplan::store

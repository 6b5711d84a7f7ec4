// SHA-256 through OpenSSL's EVP digests, one-shot and incremental.
#include "store/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <cassert>

namespace patchplan::store {

namespace {

std::string hex_of(const unsigned char* digest, unsigned int size) {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  const int rc = EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr);
  assert(rc == 1 && size == 32);
  static_cast<void>(rc);
  return hex_of(digest.data(), size);
}

struct Sha256Stream::Context {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(md); }
};

Sha256Stream::Sha256Stream() : context_(std::make_unique<Context>()) {
  const int rc = EVP_DigestInit_ex(context_->md, EVP_sha256(), nullptr);
  assert(rc == 1);
  static_cast<void>(rc);
}

Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::update(std::string_view data) {
  const int rc = EVP_DigestUpdate(context_->md, data.data(), data.size());
  assert(rc == 1);
  static_cast<void>(rc);
}

std::string Sha256Stream::hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  const int rc = EVP_DigestFinal_ex(context_->md, digest.data(), &size);
  assert(rc == 1 && size == 32);
  static_cast<void>(rc);
  return hex_of(digest.data(), size);
}

bool is_sha256_hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace patchplan::store

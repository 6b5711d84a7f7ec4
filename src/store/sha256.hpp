// SHA-256 digests as lowercase hex text, the form the store keeps them in.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace patchplan::store {

// The SHA-256 (FIPS 180-4) of `data` as 64 lowercase hex digits (OpenSSL's implementation).
std::string sha256_hex(std::string_view data);

// The same digest over data given in pieces (a document written a megabyte at a time).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  void update(std::string_view data);
  // The digest of everything given so far, as sha256_hex writes it; ends the stream.
  std::string hex();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// True if `text` is 64 lowercase hex digits, the form sha256_hex returns.
bool is_sha256_hex(std::string_view text);

}  // namespace patchplan::store

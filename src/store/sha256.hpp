// SHA-256 digests as lowercase hex text, the form the store keeps them in.
#pragma once

#include <string>
#include <string_view>

namespace patchplan::store {

// The SHA-256 (FIPS 180-4) of `data` as 64 lowercase hex digits (OpenSSL's implementation).
std::string sha256_hex(std::string_view data);

// True if `text` is 64 lowercase hex digits, the form sha256_hex returns.
bool is_sha256_hex(std::string_view text);

}  // namespace patchplan::store

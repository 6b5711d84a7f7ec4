// Lookup of a user in the password database (internal to the store).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace patchplan::store::detail {

struct UserAccount {
  std::string name;
  std::string home;
};

// The password database entry of `uid` (getpwuid_r), std::nullopt if it has none.
std::optional<UserAccount> find_user(uid_t uid);

}  // namespace patchplan::store::detail

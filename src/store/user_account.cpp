// Password database lookup with a buffer sized by sysconf.
#include "store/user_account.hpp"

#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace patchplan::store::detail {

std::optional<UserAccount> find_user(uid_t uid) {
  const long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    return std::nullopt;
  }
  return UserAccount{found->pw_name != nullptr ? found->pw_name : "",
                     found->pw_dir != nullptr ? found->pw_dir : ""};
}

}  // namespace patchplan::store::detail

// The default database path for root and for other users (XDG state directory).
#include "store/database_path.hpp"

#include <unistd.h>

#include <cstdlib>

#include "store/user_account.hpp"

namespace patchplan::store {
namespace {

bool is_absolute(const char* path) { return path != nullptr && path[0] == '/'; }

}  // namespace

namespace detail {

Expected<std::string> database_path_for(uid_t euid, const char* xdg_state_home, const char* home,
                                        const char* passwd_home) {
  if (euid == 0) return std::string("/var/lib/patchplan/patchplan.db");
  if (is_absolute(xdg_state_home)) return fmt::format("{}/patchplan/patchplan.db", xdg_state_home);
  const char* base = is_absolute(home) ? home : passwd_home;
  if (!is_absolute(base)) {
    return make_error(ErrorCode::kNotFound,
                      "no place for the database: XDG_STATE_HOME and HOME are unset and uid {} "
                      "has no home directory; pass a database path",
                      euid);
  }
  return fmt::format("{}/.local/state/patchplan/patchplan.db", base);
}

}  // namespace detail

Expected<std::string> default_database_path() {
  const uid_t euid = ::geteuid();
  const auto account = detail::find_user(euid);
  const std::string home = account ? account->home : std::string();
  return detail::database_path_for(euid, std::getenv("XDG_STATE_HOME"), std::getenv("HOME"),
                                   home.c_str());
}

}  // namespace patchplan::store

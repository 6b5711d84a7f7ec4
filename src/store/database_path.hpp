// Where the store's database lives by default.
#pragma once

#include <sys/types.h>

#include <string>

#include "common/expected.hpp"

namespace patchplan::store {

// /var/lib/patchplan/patchplan.db when the effective uid is 0, else
// $XDG_STATE_HOME/patchplan/patchplan.db with XDG_STATE_HOME defaulting to ~/.local/state.
// kNotFound when neither XDG_STATE_HOME nor a home directory is known.
Expected<std::string> default_database_path();

namespace detail {

// default_database_path with its inputs given: `xdg_state_home` and `home` are the
// environment values (nullptr when unset), `passwd_home` the password database's home.
// Following the XDG Base Directory Specification 0.8, a relative XDG_STATE_HOME is
// invalid and ignored.
Expected<std::string> database_path_for(uid_t euid, const char* xdg_state_home, const char* home,
                                        const char* passwd_home);

}  // namespace detail
}  // namespace patchplan::store

// Opening the store: file and directory modes, connection settings, schema migration.
#include "store/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "common/unique_fd.hpp"
#include "store/schema.hpp"

namespace patchplan::store {
namespace {

// "cannot WHAT 'PATH': reason" for the OS error `err`, the reason lowercased.
Error os_error(std::string_view what, const std::string& path, int err) {
  std::string reason = std::strerror(err);
  if (!reason.empty())
    reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  return make_error(ErrorCode::kIo, "cannot {} '{}': {}", what, path, reason);
}

// Creates the missing directories above `path`, each with mode 0700 (before the umask).
Status create_parent_directories(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::filesystem::path prefix;
  for (const auto& part : parent) {
    prefix /= part;
    if (::mkdir(prefix.c_str(), 0700) == 0) continue;
    if (errno != EEXIST) return os_error("create directory", prefix.string(), errno);
    std::error_code ignored;
    if (!std::filesystem::is_directory(prefix, ignored))
      return os_error("create directory", prefix.string(), ENOTDIR);
  }
  return ok();
}

// Creates `path` empty with mode 0600 unless it exists; an existing file is left as is.
Status create_database_file(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) {
    if (errno == EEXIST) return ok();
    return os_error("create database", path, errno);
  }
  if (::fchmod(fd.get(), 0600) != 0) return os_error("set the mode of database", path, errno);
  return ok();
}

// Switches the database to write-ahead logging (https://sqlite.org/wal.html). When several
// processes open a new database at once, the loser of the switch gets SQLITE_BUSY at once,
// without the busy handler (it holds a shared lock another connection waits on: SQLite
// refuses rather than deadlock), so the switch is retried until `timeout`.
Status use_wal(Database& db, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto mode = db.query_text("PRAGMA journal_mode = WAL");
    if (mode && *mode == "wal") return ok();
    if (mode) {
      return make_error(ErrorCode::kIo, "database '{}' cannot use write-ahead logging (mode '{}')",
                        db.path(), *mode);
    }
    if (mode.error().code != ErrorCode::kConflict || std::chrono::steady_clock::now() > deadline) {
      return mode.error().context("cannot switch to write-ahead logging");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Expected<std::unique_ptr<Database>> open_database(const std::string& path,
                                                  std::chrono::milliseconds busy_timeout) {
  if (path.empty()) return make_error(ErrorCode::kInvalidInput, "empty database path");
  if (auto status = create_parent_directories(path); !status) return status.error();
  if (auto status = create_database_file(path); !status) return status.error();
  auto db = Database::open(path, busy_timeout);
  if (!db) return db.error();
  auto owned = std::make_unique<Database>(std::move(*db));

  // The version is read first: it shows a file that is not SQLite, and a newer schema is
  // refused before WAL mode is set, so such a file stays byte for byte as it was.
  auto version = schema_version(*owned);
  if (!version) return version.error();
  if (*version > kSchemaVersion) return newer_schema_error(*owned, *version);
  if (auto status = use_wal(*owned, busy_timeout); !status) return status.error();
  if (auto status = owned->exec("PRAGMA foreign_keys = ON"); !status) return status.error();
  // Up to date (the common case): no write transaction to take. Older: migrate() checks
  // again under the write lock, as another process may be migrating too.
  if (*version < kSchemaVersion) {
    if (auto status = migrate(*owned); !status) return status.error();
  }
  return owned;
}

}  // namespace

Expected<Store> Store::open(const std::string& path, StoreOptions options) {
  auto db = open_database(path, options.busy_timeout);
  if (!db) return db.error().context("cannot open the store");
  if (options.actor.user.empty()) options.actor = current_actor("patchplan");
  if (!options.clock) options.clock = system_now;
  return Store(std::move(*db), options);
}

Store::Store(std::unique_ptr<Database> db, const StoreOptions& options)
    : db_(std::move(db)),
      journal_(*db_, options.clock),
      assessments_(*db_, journal_, options.actor) {}

}  // namespace patchplan::store

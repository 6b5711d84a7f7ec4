// The actor of this process and the canonical hash of a journal entry.
#include "store/journal_entry.hpp"

#include <unistd.h>

#include "store/sha256.hpp"
#include "store/user_account.hpp"

namespace patchplan::store {
namespace {

void append_field(std::string& out, std::string_view name, std::string_view value) {
  fmt::format_to(std::back_inserter(out), "{}={}:{}\n", name, value.size(), value);
}

}  // namespace

Actor current_actor(std::string tool) {
  const uid_t uid = ::geteuid();
  auto account = detail::find_user(uid);
  std::string user = account && !account->name.empty() ? account->name : std::to_string(uid);
  return Actor{std::move(user), static_cast<std::int64_t>(uid), std::move(tool)};
}

std::string journal_entry_hash(const JournalEntry& entry) {
  const JournalChange& change = entry.change;
  std::string encoded = "patchplan-journal-v1\n";
  append_field(encoded, "id", std::to_string(entry.id));
  append_field(encoded, "time", format_timestamp(entry.time));
  append_field(encoded, "actor_user", change.actor.user);
  append_field(encoded, "actor_uid", std::to_string(change.actor.uid));
  append_field(encoded, "actor_tool", change.actor.tool);
  append_field(encoded, "host", change.host);
  append_field(encoded, "action", change.action);
  append_field(encoded, "reason", change.reason);
  append_field(encoded, "before_digest", change.before_digest);
  append_field(encoded, "after_digest", change.after_digest);
  append_field(encoded, "details", change.details);
  append_field(encoded, "prev_hash", entry.prev_hash);
  return sha256_hex(encoded);
}

}  // namespace patchplan::store

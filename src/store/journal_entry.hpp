// The records of the change journal: who changed what on which host, and why.
#pragma once

#include <cstdint>
#include <string>

#include "store/timestamp.hpp"

namespace patchplan::store {

// Who made a change: the user (name and uid) and the tool that acted for them.
struct Actor {
  std::string user;
  std::int64_t uid = -1;
  std::string tool;
};

// The actor of this process: the effective user from the password database (the uid as
// text when it has no entry) and `tool`.
Actor current_actor(std::string tool);

// A change to write to the journal. Digests are SHA-256 hex of the state before and after
// the change, computed by the caller, or "" where a side has no state (a first snapshot).
// `details` is a JSON value; it is stored in nlohmann::json's compact form.
struct JournalChange {
  Actor actor;
  std::string host;
  std::string action;  // dotted verb, e.g. "assess", "plan.approve"
  std::string reason;
  std::string before_digest;
  std::string after_digest;
  std::string details = "{}";
};

// A stored journal entry: the change plus what the journal added to it.
struct JournalEntry {
  std::int64_t id = 0;
  Timestamp time;
  JournalChange change;
  std::string prev_hash;  // hash of entry id-1, or kGenesisHash for entry 1
  std::string hash;       // journal_entry_hash() of this entry
};

// The prev_hash of the first entry: 64 zeros.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// SHA-256 hex over the canonical encoding of every field of `entry` except `hash` (so
// prev_hash included): the tag "patchplan-journal-v1\n", then per field in a fixed order
// "name=LENGTH:BYTES\n", LENGTH the decimal byte count, integers and the time as text.
// Length prefixes make the encoding injective: no two distinct entries encode alike.
std::string journal_entry_hash(const JournalEntry& entry);

}  // namespace patchplan::store
